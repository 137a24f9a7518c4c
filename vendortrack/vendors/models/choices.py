"""The closed vocabularies of vendor profiles, in the words procurement and compliance use."""

from django.db import models


class Answer(models.TextChoices):
    """A vendor's answer to a yes/no question; UNKNOWN means nobody has told us yet and is never read as yes or no."""

    UNKNOWN = "unknown", "Unknown"
    YES = "yes", "Yes"
    NO = "no", "No"


class VendorType(models.TextChoices):
    MODEL_PROVIDER = "model_provider", "Model provider"
    CLOUD_AI_PLATFORM = "cloud_ai_platform", "Cloud AI platform"
    SAAS_WITH_AI = "saas_with_ai", "SaaS with AI features"
    SELF_HOSTED_MODEL = "self_hosted_model", "Self-hosted model"
    OTHER = "other", "Other"


class VendorStatus(models.TextChoices):
    EVALUATING = "evaluating", "Evaluating"
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    REJECTED = "rejected", "Rejected"
    OFFBOARDED = "offboarded", "Offboarded"


class RiskTier(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


RISK_TIER_ORDER = {RiskTier.LOW: 0, RiskTier.MODERATE: 1, RiskTier.HIGH: 2, RiskTier.CRITICAL: 3}


class DeploymentPath(models.TextChoices):
    GENERAL_API_NO_BAA = "general_api_no_baa", "General API without a BAA"
    HIPAA_ELIGIBLE_API = "hipaa_eligible_api", "HIPAA-eligible API under a BAA"
    ON_PREMISE_PRIVATE = "on_premise_private", "On-premise or private inference"
    HYBRID_SPLIT = "hybrid_split", "Hybrid split processing"
    FEDERATED = "federated", "Federated learning"


class TrainingUse(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    NEVER = "never", "Never"
    OPT_OUT = "opt_out", "Unless we opt out"
    OPT_IN = "opt_in", "Only if we opt in"
    YES = "yes", "Yes"


class Telemetry(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    OFF = "off", "Off"
    CONFIGURABLE = "configurable", "Configurable"
    ON = "on", "On"


class SourceKind(models.TextChoices):
    AGREEMENT_CLAUSE = "agreement_clause", "Agreement clause"
    VENDOR_DOCUMENT = "vendor_document", "Vendor document"
    URL = "url", "Web page"
    RFI_ANSWER = "rfi_answer", "RFI answer"
    PERSON = "person", "Person"


class EvidenceKind(models.TextChoices):
    SOC2_TYPE1 = "soc2_type1", "SOC 2 Type I"
    SOC2_TYPE2 = "soc2_type2", "SOC 2 Type II"
    BRIDGE_LETTER = "bridge_letter", "Bridge letter"
    PEN_TEST = "pen_test", "Penetration test"
    HITRUST = "hitrust", "HITRUST"
    ISO27001 = "iso27001", "ISO/IEC 27001"
    ISO27701 = "iso27701", "ISO/IEC 27701"
    ISO42001 = "iso42001", "ISO/IEC 42001"


CERTIFICATE_KINDS = frozenset(
    {EvidenceKind.HITRUST, EvidenceKind.ISO27001, EvidenceKind.ISO27701, EvidenceKind.ISO42001}
)


class Opinion(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    UNQUALIFIED = "unqualified", "Unqualified"
    QUALIFIED = "qualified", "Qualified"
    ADVERSE = "adverse", "Adverse"
    DISCLAIMER = "disclaimer", "Disclaimer of opinion"


class TrustServicesCriterion(models.TextChoices):
    SECURITY = "security", "Security"
    AVAILABILITY = "availability", "Availability"
    PROCESSING_INTEGRITY = "processing_integrity", "Processing integrity"
    CONFIDENTIALITY = "confidentiality", "Confidentiality"
    PRIVACY = "privacy", "Privacy"


class ControlStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PLACE = "in_place", "In place"
    GAP = "gap", "Gap"


class TaskClass(models.TextChoices):
    KNOWLEDGE_ADMIN = "knowledge_admin", "Knowledge or administrative"
    DEIDENTIFIED = "deidentified", "De-identified data"
    CLINICAL_PHI = "clinical_phi", "Clinical or PHI"


class ClinicalJudgement(models.TextChoices):
    NONE = "none", "None"
    SUPPORTS = "supports", "Supports clinicians"
    CLOSE_TO_CLINICAL_JUDGEMENT = "close_to_clinical_judgement", "Close to clinical judgement"


class UseCaseStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    BLOCKED = "blocked", "Blocked"
    RETIRED = "retired", "Retired"


class Soc2State(models.TextChoices):
    FRESH = "fresh", "Fresh"
    BRIDGED = "bridged", "Covered by a bridge letter"
    STALE = "stale", "Stale"
    TYPE1_ONLY = "type1_only", "Type I only"
    MISSING = "missing", "Missing"
