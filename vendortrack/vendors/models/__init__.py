"""Vendor profiles: the vendor, its AI services, endpoints, sub-processors, security evidence and use cases."""

from vendortrack.vendors.models.choices import (
    CERTIFICATE_KINDS,
    RISK_TIER_ORDER,
    Answer,
    ClinicalJudgement,
    ControlStatus,
    DeploymentPath,
    EvidenceKind,
    Opinion,
    RiskTier,
    Soc2State,
    SourceKind,
    TaskClass,
    Telemetry,
    TrainingUse,
    TrustServicesCriterion,
    UseCaseStatus,
    VendorStatus,
    VendorType,
)
from vendortrack.vendors.models.evidence import SOC2_KINDS, ComplementaryUserEntityControl, SecurityEvidence
from vendortrack.vendors.models.service import AIService, Endpoint, FactField, FactRow, FactSource, service_fact_rows
from vendortrack.vendors.models.use_case import AIUseCase
from vendortrack.vendors.models.vendor import SubProcessor, Vendor

__all__ = [
    "CERTIFICATE_KINDS",
    "RISK_TIER_ORDER",
    "SOC2_KINDS",
    "AIService",
    "AIUseCase",
    "Answer",
    "ClinicalJudgement",
    "ComplementaryUserEntityControl",
    "ControlStatus",
    "DeploymentPath",
    "Endpoint",
    "EvidenceKind",
    "FactField",
    "FactRow",
    "FactSource",
    "Opinion",
    "RiskTier",
    "SecurityEvidence",
    "Soc2State",
    "SourceKind",
    "SubProcessor",
    "TaskClass",
    "Telemetry",
    "TrainingUse",
    "TrustServicesCriterion",
    "UseCaseStatus",
    "Vendor",
    "VendorStatus",
    "VendorType",
    "service_fact_rows",
]
