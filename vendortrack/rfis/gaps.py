"""Gap analysis: what VendorTrack does not know about a vendor, as the questions an RFI asks. Pure functions.

`vendor_gaps` is the one place gaps are decided (docs/rfi.md lists the rules). It reads prefetched objects and
makes no query when the caller used `selectors.gap_inputs`. A gap is:
- a provision legal has not closed: a missing, weak or contrary finding in the latest analysed version of an
  agreement, unless its decision is accept, waive or false positive (negotiate keeps it open);
- a data-handling fact of a service still unknown: training use, prompt / output / abuse-monitoring retention,
  telemetry, data residency, encryption in transit and at rest, customer-managed keys;
- a missing or stale SOC 2 Type II (or only a Type I), and a bridge letter when the report is stale, or turns stale
  (or its bridge ends) within BRIDGE_LEAD_DAYS;
- an endpoint whose BAA coverage is unknown, or that a PHI use case calls although the BAA does not cover it;
- a service a PHI use case needs whose BAA the vendor has not said it offers;
- a sub-processor list that is unknown (none recorded) or outdated: nothing seen or confirmed for
  `subprocessor_max_age_days` (setting RFI_SUBPROCESSOR_LIST_MAX_AGE_DAYS, default 180).
Blockers only the organisation can lift (psychotherapy notes, Part 2 records, clinical judgement, signing a BAA the
vendor offers) are not asked of the vendor.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from clause_library.catalogue import RFI_SECTIONS, Catalogue, load_catalogue
from vendortrack.vendors.blockers import active_use_cases, is_phi_use_case
from vendortrack.vendors.freshness import soc2_status
from vendortrack.vendors.models import Answer, DeploymentPath, FactField, Soc2State, Telemetry, TrainingUse

SUBPROCESSOR_LIST_MAX_AGE_DAYS = 180
BRIDGE_LEAD_DAYS = 60
CLOSED_DECISIONS = frozenset({"accept", "waive", "false_positive"})
OPEN_STATUSES = frozenset({"missing", "weak", "contrary"})

SERVICE = "service"
ENDPOINT = "endpoint"
SUBPROCESSOR_LIST = "subprocessor_list"


@dataclass(frozen=True)
class ProfileTarget:
    """The profile field an accepted answer updates: `model` is "service", "endpoint" or "subprocessor_list"."""

    model: str
    pk: int
    field: str


@dataclass(frozen=True)
class Gap:
    key: str
    section: str
    question: str
    context: str
    answer_format: str
    target: ProfileTarget | None = None


@dataclass(frozen=True)
class FactQuestion:
    section: str
    question: str
    answer_format: str
    why: str
    provision: str


_DAYS = "Number of days (0 for zero retention: not stored at all)"
_YES_NO = "Yes or No, with a reference to your documentation"
# One entry per unknown-able fact; `{service}` is the service's name. `provision` lends its citations.
FACT_QUESTIONS: dict[str, FactQuestion] = {
    FactField.TRAINING_USE: FactQuestion(
        "training_and_data_use",
        "Does {service} use our prompts, outputs or files to train or improve any model?",
        "One of: never / only if we opt in / unless we opt out / yes",
        "Training cannot be undone: a model trained on our data may repeat it.",
        "no_training_on_phi",
    ),
    FactField.PROMPT_RETENTION_DAYS: FactQuestion(
        "retention_and_deletion",
        "For how many days does {service} keep our prompts (inputs)?",
        _DAYS,
        "Every day a prompt with PHI is kept it can be breached or reused.",
        "log_retention_limit",
    ),
    FactField.OUTPUT_RETENTION_DAYS: FactQuestion(
        "retention_and_deletion",
        "For how many days does {service} keep the outputs it generates for us?",
        _DAYS,
        "Outputs carry the PHI of the prompts that produced them.",
        "log_retention_limit",
    ),
    FactField.ABUSE_MONITORING_RETENTION_DAYS: FactQuestion(
        "retention_and_deletion",
        "For how many days does {service} keep our data for abuse monitoring?",
        _DAYS,
        "Abuse-monitoring windows keep data even where zero retention is promised.",
        "log_retention_limit",
    ),
    FactField.TELEMETRY: FactQuestion(
        "telemetry",
        "Does {service} collect telemetry or usage analytics from our use, and can we turn it off?",
        "One of: off / configurable / on",
        "Telemetry can carry PHI out of the covered service.",
        "telemetry_disable",
    ),
    FactField.DATA_RESIDENCY_REGIONS: FactQuestion(
        "data_residency",
        "In which countries or regions does {service} store and process our data?",
        "Countries or regions, e.g. US",
        "Where PHI is processed decides which law and which sub-processors reach it.",
        "data_residency",
    ),
    FactField.ENCRYPTION_IN_TRANSIT: FactQuestion(
        "security_evidence",
        "Is all our data encrypted in transit to and within {service} (TLS 1.2 or later)?",
        _YES_NO,
        "The Security Rule expects encryption of PHI in transit.",
        "safeguards_encryption",
    ),
    FactField.ENCRYPTION_AT_REST: FactQuestion(
        "security_evidence",
        "Is all our data encrypted at rest in {service} (AES-256 or equivalent)?",
        _YES_NO,
        "The Security Rule expects encryption of stored PHI.",
        "safeguards_encryption",
    ),
    FactField.CUSTOMER_MANAGED_KEYS: FactQuestion(
        "security_evidence",
        "Can we manage the encryption keys of our data in {service} (customer-managed keys)?",
        _YES_NO,
        "Customer-managed keys let us cut off access to our data.",
        "safeguards_encryption",
    ),
}


def _fact_is_unknown(service: Any, field: str) -> bool:
    value = getattr(service, field)
    if field.endswith("_retention_days"):
        return value is None
    if field == FactField.DATA_RESIDENCY_REGIONS:
        return not value.strip()
    return value in (Answer.UNKNOWN, TrainingUse.UNKNOWN, Telemetry.UNKNOWN)


def _cites(catalogue: Catalogue, provision_id: str) -> str:
    return "Cites " + "; ".join(catalogue.get(provision_id).citations) + "."


def fact_gaps(services: Iterable[Any], *, catalogue: Catalogue) -> list[Gap]:
    """One gap per unknown data-handling fact of each service."""
    gaps = []
    for service in services:
        for field, spec in FACT_QUESTIONS.items():
            if not _fact_is_unknown(service, field):
                continue
            gaps.append(
                Gap(
                    key=f"fact:{service.pk}:{field}",
                    section=spec.section,
                    question=spec.question.format(service=service.name),
                    context=f"Unknown in our profile of {service.name}. {spec.why} {_cites(catalogue, spec.provision)}",
                    answer_format=spec.answer_format,
                    target=ProfileTarget(SERVICE, service.pk, field),
                )
            )
    return gaps


def _agreement_title(finding: Any) -> str:
    return finding.version.agreement.title


def provision_gaps(findings: Iterable[Any], *, catalogue: Catalogue) -> list[Gap]:
    """One gap per provision with an open finding, in catalogue order, naming every agreement it is open in."""
    open_by_provision: dict[str, list[Any]] = {}
    for finding in findings:
        if finding.status in OPEN_STATUSES and finding.decision not in CLOSED_DECISIONS:
            open_by_provision.setdefault(finding.provision_id, []).append(finding)
    gaps = []
    for provision in catalogue:
        found = open_by_provision.get(provision.id)
        if not found:
            continue
        where = "; ".join(f"{finding.status} in {_agreement_title(finding)}" for finding in found)
        gaps.append(
            Gap(
                key=f"provision:{provision.id}",
                section=provision.rfi.section,
                question=provision.rfi.question,
                context=f"{provision.title}: {where}. {_cites(catalogue, provision.id)}",
                answer_format=provision.rfi.answer_format,
            )
        )
    return gaps


def soc2_gaps(evidence: Iterable[Any], *, today: datetime.date) -> list[Gap]:
    """A missing or stale SOC 2 Type II, and a bridge letter when one is (or soon will be) needed."""
    status = soc2_status(evidence, today=today)
    section, cites = "security_evidence", "Cites 45 CFR 164.308(b); 45 CFR 164.314(a)."
    report_format = "The report as a PDF attachment, with its period and auditor"
    if status.state in (Soc2State.MISSING, Soc2State.TYPE1_ONLY):
        why = "Only a SOC 2 Type I is on file" if status.state == Soc2State.TYPE1_ONLY else "No SOC 2 report is on file"
        return [
            Gap(
                key="soc2:type2",
                section=section,
                question="Please provide your most recent SOC 2 Type II report for the services we use.",
                context=f"{why}; a Type II shows the controls operated over a period. {cites}",
                answer_format=report_format,
            )
        ]
    period_end = status.newest_type2.period_end.isoformat()
    if status.state == Soc2State.STALE:
        return [
            Gap(
                key="soc2:type2",
                section=section,
                question=f"Please provide a SOC 2 Type II report for a period ending after {period_end}.",
                context=f"The newest report on file ended {period_end} and is more than 12 months old. {cites}",
                answer_format=report_format,
            ),
            _bridge_gap(period_end, cites),
        ]
    if status.days_left is not None and status.days_left <= BRIDGE_LEAD_DAYS:
        return [_bridge_gap(period_end, cites)]
    return []


def _bridge_gap(period_end: str, cites: str) -> Gap:
    return Gap(
        key="soc2:bridge",
        section="security_evidence",
        question=f"Please provide a bridge letter covering the time since your SOC 2 period ended on {period_end}.",
        context=f"Without a bridge letter the report stops covering today 12 months after its period. {cites}",
        answer_format="The bridge letter as a PDF attachment, with the date it covers until",
    )


def _phi_use_case_names_by_endpoint(use_cases: Iterable[Any]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    for use_case in active_use_cases(use_cases):
        if not is_phi_use_case(use_case) or use_case.service.deployment_path == DeploymentPath.ON_PREMISE_PRIVATE:
            continue
        for endpoint in use_case.endpoints.all():
            names.setdefault(endpoint.pk, []).append(use_case.name)
    return names


def endpoint_gaps(services: Iterable[Any], use_cases: Iterable[Any]) -> list[Gap]:
    """Endpoints whose BAA coverage is unknown, and uncovered endpoints a PHI use case is blocked on."""
    blocked = _phi_use_case_names_by_endpoint(use_cases)
    gaps = []
    for service in services:
        for endpoint in service.endpoints.all():
            needed_by = blocked.get(endpoint.pk, [])
            if endpoint.baa_covered == Answer.YES or (endpoint.baa_covered == Answer.NO and not needed_by):
                continue
            label = f"{endpoint.name}{f' ({endpoint.path_or_feature})' if endpoint.path_or_feature else ''}"
            if endpoint.baa_covered == Answer.NO:
                question = f"Can your BAA be extended to cover {label} of {service.name}?"
            else:
                question = f"Does your BAA cover {label} of {service.name}?"
            unblock = f" It would unblock: {', '.join(needed_by)}." if needed_by else ""
            gaps.append(
                Gap(
                    key=f"endpoint:{endpoint.pk}:baa_covered",
                    section="endpoints_and_coverage",
                    question=question,
                    context=f"PHI may only reach an endpoint a BAA covers.{unblock} Cites 45 CFR 164.502(e).",
                    answer_format="Yes or No, with the BAA clause or documentation that says so",
                    target=ProfileTarget(ENDPOINT, endpoint.pk, "baa_covered"),
                )
            )
    return gaps


def baa_offer_gaps(use_cases: Iterable[Any]) -> list[Gap]:
    """Services a PHI use case needs whose BAA the vendor has not said it offers."""
    needed: dict[int, tuple[Any, list[str]]] = {}
    for use_case in active_use_cases(use_cases):
        service = use_case.service
        if not is_phi_use_case(use_case) or service.deployment_path == DeploymentPath.ON_PREMISE_PRIVATE:
            continue
        if service.baa_signed == Answer.YES or service.baa_available == Answer.YES:
            continue
        needed.setdefault(service.pk, (service, []))[1].append(use_case.name)
    return [
        Gap(
            key=f"fact:{service.pk}:baa_available",
            section="endpoints_and_coverage",
            question=f"Do you offer a Business Associate Agreement that covers {service.name}?",
            context=(
                f"PHI may not reach {service.name} without a signed BAA. A BAA would unblock: {', '.join(names)}. "
                "Cites 45 CFR 164.502(e); 45 CFR 164.504(e)."
            ),
            answer_format="Yes or No; if yes, attach the BAA you offer",
            target=ProfileTarget(SERVICE, service.pk, FactField.BAA_AVAILABLE),
        )
        for service, names in needed.values()
    ]


def subprocessor_gaps(
    vendor: Any, *, today: datetime.date, confirmed_on: datetime.date | None, max_age_days: int
) -> list[Gap]:
    """The list is unknown (none recorded, none confirmed) or nothing on it was seen or confirmed recently."""
    dates = [day for sub in vendor.subprocessors.all() for day in (sub.first_seen, sub.last_seen) if day]
    if confirmed_on:
        dates.append(confirmed_on)
    newest = max(dates, default=None)
    if newest is not None and (today - newest).days <= max_age_days:
        return []
    why = "No sub-processor is recorded" if newest is None else f"The list was last seen or confirmed on {newest}"
    return [
        Gap(
            key="subprocessors:list",
            section="subprocessors",
            question=(
                "Please send your current list of sub-processors that may receive our data: name, purpose, country, "
                "whether it touches PHI and whether your BAA terms flow down to it."
            ),
            context=f"{why}. Cites 45 CFR 164.502(e)(1)(ii); 45 CFR 164.504(e)(2)(ii)(D).",
            answer_format="A table or attachment with one row per sub-processor",
            target=ProfileTarget(SUBPROCESSOR_LIST, vendor.pk, "list_confirmed"),
        )
    ]


def vendor_gaps(
    vendor: Any,
    *,
    findings: Sequence[Any],
    today: datetime.date,
    subprocessors_confirmed_on: datetime.date | None = None,
    subprocessor_max_age_days: int = SUBPROCESSOR_LIST_MAX_AGE_DAYS,
    catalogue: Catalogue | None = None,
) -> list[Gap]:
    """Every gap of `vendor`, ordered by RFI section (RFI_SECTIONS), then as found; no two share a key.

    `vendor` needs `services` (with `endpoints`), `evidence`, `subprocessors` and `use_cases` (with `service` and
    `endpoints`) prefetched; `findings` are those of the latest analysed version of each agreement, each with
    `version.agreement` loaded; `subprocessors_confirmed_on` is the day procurement last accepted an RFI answer
    about the sub-processor list.
    """
    catalogue = catalogue or load_catalogue()
    services = list(vendor.services.all())
    use_cases = list(vendor.use_cases.all())
    found = [
        *provision_gaps(findings, catalogue=catalogue),
        *fact_gaps(services, catalogue=catalogue),
        *baa_offer_gaps(use_cases),
        *soc2_gaps(vendor.evidence.all(), today=today),
        *endpoint_gaps(services, use_cases),
        *subprocessor_gaps(
            vendor, today=today, confirmed_on=subprocessors_confirmed_on, max_age_days=subprocessor_max_age_days
        ),
    ]
    order = {section: index for index, section in enumerate(RFI_SECTIONS)}
    return sorted(found, key=lambda gap: order[gap.section])
