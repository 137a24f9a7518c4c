"""What a quarterly review checks, pre-filled from the vendor's data: the checklist and the promised settings.

Pure functions over a vendor prefetched with `vendors.selectors.prefetch_vendor_profile`; the open legal findings
are passed in. Rules (also in docs/compliance.md):
- Checklist items are "ok", "attention" (the data shows a problem) or "unknown" (the data cannot tell: the reviewer
  must find out). Incidents are always "unknown": VendorTrack keeps no incident register, so the reviewer records
  what the vendor reported.
- Each service is re-attested for four promised settings: zero retention (prompts and outputs kept 0 days), no
  training on our data (never, or only if we opt in; an opt-out must be confirmed, so it is unknown), telemetry off
  (configurable must be confirmed), and BAA coverage of every endpoint an active use case calls. The attestation
  names the source the answer rests on (the fact's provenance, or the endpoints' coverage references).
- Drift: an attestation whose observed value differs from the same service and setting in the last signed-off
  review is marked drifted, with the previous value kept beside it.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from vendortrack.compliance.models import AttestationState, PromisedSetting
from vendortrack.vendors.blockers import active_use_cases, vendor_blockers
from vendortrack.vendors.freshness import soc2_status
from vendortrack.vendors.models import Answer, FactField, Soc2State, Telemetry, TrainingUse

OK, ATTENTION, UNKNOWN = "ok", "attention", "unknown"


@dataclass(frozen=True)
class AttestationDraft:
    setting: PromisedSetting
    service: Any
    observed: str
    source: str
    state: AttestationState
    previous_observed: str = ""
    drifted: bool = False


def _item(key: str, label: str, state: str, detail: str) -> dict[str, str]:
    return {"key": key, "label": label, "state": state, "detail": detail}


def _soc2_item(vendor: Any, today: datetime.date) -> dict[str, str]:
    status = soc2_status(vendor.evidence.all(), today=today)
    state = OK if status.state in (Soc2State.FRESH, Soc2State.BRIDGED) else ATTENTION
    detail = status.state.label
    if status.stale_since:
        detail += f"; stale from {status.stale_since:%Y-%m-%d}"
    return _item("soc2", "SOC 2 freshness", state, detail)


def _subprocessor_item(vendor: Any, since: datetime.date) -> dict[str, str]:
    added = [s.name for s in vendor.subprocessors.all() if s.first_seen > since]
    removed = [s.name for s in vendor.subprocessors.all() if s.last_seen and s.last_seen > since]
    if not added and not removed:
        return _item("subprocessors", "Sub-processor changes", OK, f"No change since {since:%Y-%m-%d}")
    parts = ([f"added {', '.join(added)}"] if added else []) + ([f"removed {', '.join(removed)}"] if removed else [])
    return _item("subprocessors", "Sub-processor changes", ATTENTION, f"Since {since:%Y-%m-%d}: {'; '.join(parts)}")


def _retention_item(vendor: Any) -> dict[str, str]:
    notes, state = [], OK
    for service in vendor.services.all():
        retention = (service.prompt_retention_days, service.output_retention_days)
        if None in retention or service.telemetry == Telemetry.UNKNOWN:
            state = UNKNOWN if state == OK else state
        if any(days for days in retention if days) or service.telemetry == Telemetry.ON:
            state = ATTENTION
        kept = "/".join("unknown" if days is None else f"{days}d" for days in retention)
        notes.append(f"{service.name}: prompts/outputs {kept}, telemetry {service.get_telemetry_display().lower()}")
    return _item("retention", "Retention and telemetry", state, "; ".join(notes) or "No services recorded")


def _findings_item(open_findings: int) -> dict[str, str]:
    state = ATTENTION if open_findings else OK
    return _item("findings", "Open legal findings", state, f"{open_findings} awaiting a decision or in negotiation")


def _use_case_item(vendor: Any) -> dict[str, str]:
    active = active_use_cases(vendor.use_cases.all())
    blockers = vendor_blockers(vendor)
    detail = f"{len(active)} active use case{'s' if len(active) != 1 else ''}, {len(blockers)} blocker"
    detail += "s" if len(blockers) != 1 else ""
    return _item("use_cases", "Use cases and blockers", ATTENTION if blockers else OK, detail)


def review_checklist(
    vendor: Any, *, since: datetime.date, today: datetime.date, open_findings: int
) -> list[dict[str, str]]:
    """The checklist of a review opened on `today`, comparing with the last review (or the vendor's creation)."""
    return [
        _soc2_item(vendor, today),
        _subprocessor_item(vendor, since),
        _retention_item(vendor),
        _item("incidents", "Incidents", UNKNOWN, "Record incidents the vendor reported since the last review."),
        _findings_item(open_findings),
        _use_case_item(vendor),
    ]


def _source(service: Any, field: str) -> str:
    for source in service.fact_sources.all():
        if source.field == field:
            reference = f" · {source.reference}" if source.reference else ""
            return f"{source.get_source_kind_display()}{reference} (confirmed {source.confirmed_on:%Y-%m-%d})"
    return "No source recorded"


def _zero_retention(service: Any) -> tuple[str, AttestationState, str]:
    retention = (service.prompt_retention_days, service.output_retention_days)
    observed = "Prompts {}, outputs {}".format(*("unknown" if d is None else f"{d} days" for d in retention))
    if None in retention:
        state = AttestationState.UNKNOWN
    else:
        state = AttestationState.HOLDS if retention == (0, 0) else AttestationState.DOES_NOT_HOLD
    return observed, state, _source(service, FactField.PROMPT_RETENTION_DAYS)


_TRAINING_STATES = {
    TrainingUse.NEVER: AttestationState.HOLDS,
    TrainingUse.OPT_IN: AttestationState.HOLDS,
    TrainingUse.YES: AttestationState.DOES_NOT_HOLD,
}
_TELEMETRY_STATES = {Telemetry.OFF: AttestationState.HOLDS, Telemetry.ON: AttestationState.DOES_NOT_HOLD}


def _training(service: Any) -> tuple[str, AttestationState, str]:
    state = _TRAINING_STATES.get(service.training_use, AttestationState.UNKNOWN)
    return service.get_training_use_display(), state, _source(service, FactField.TRAINING_USE)


def _telemetry(service: Any) -> tuple[str, AttestationState, str]:
    state = _TELEMETRY_STATES.get(service.telemetry, AttestationState.UNKNOWN)
    return service.get_telemetry_display(), state, _source(service, FactField.TELEMETRY)


def _endpoint_coverage(service: Any, used: Iterable[Any]) -> tuple[str, AttestationState, str]:
    endpoints = sorted({endpoint.pk: endpoint for endpoint in used}.values(), key=lambda endpoint: endpoint.name)
    if not endpoints:
        return "No endpoint in use", AttestationState.HOLDS, ""
    observed = ", ".join(f"{e.name}: {e.get_baa_covered_display().lower()}" for e in endpoints)
    answers = {endpoint.baa_covered for endpoint in endpoints}
    if Answer.NO in answers:
        state = AttestationState.DOES_NOT_HOLD
    else:
        state = AttestationState.HOLDS if answers == {Answer.YES} else AttestationState.UNKNOWN
    sources = "; ".join(sorted({e.coverage_reference for e in endpoints if e.coverage_reference}))
    return observed, state, sources or "No coverage reference recorded"


def review_attestations(vendor: Any, *, previous: Mapping[tuple[str, str], str]) -> list[AttestationDraft]:
    """The four promised settings of every service, compared with `previous`: {(service name, setting): observed}."""
    in_use: dict[int, list] = {}
    for use_case in active_use_cases(vendor.use_cases.all()):
        in_use.setdefault(use_case.service_id, []).extend(use_case.endpoints.all())
    drafts = []
    for service in vendor.services.all():
        readings = {
            PromisedSetting.ZERO_RETENTION: _zero_retention(service),
            PromisedSetting.TRAINING_OPT_OUT: _training(service),
            PromisedSetting.TELEMETRY_OFF: _telemetry(service),
            PromisedSetting.ENDPOINT_COVERAGE: _endpoint_coverage(service, in_use.get(service.pk, [])),
        }
        for setting, (observed, state, source) in readings.items():
            before = previous.get((service.name, setting), "")
            drafts.append(
                AttestationDraft(
                    setting=setting,
                    service=service,
                    observed=observed,
                    source=source,
                    state=state,
                    previous_observed=before,
                    drifted=bool(before) and before != observed,
                )
            )
    return drafts
