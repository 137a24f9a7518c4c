"""The audit trail of vendor profiles: what is recorded (django-auditlog) and how a vendor's trail is read.

Every create, change and delete of the vendor-profile models is logged with who, when and the before/after of each
field. Each model tags its entries with `additional_data = {"vendor_id": ...}` (get_additional_data on the models),
so the trail of a vendor and all of its children is one query. Entries written outside a request (the demo loader,
scheduled jobs) have no actor; they are shown as "system". The log is append-only: nothing edits or deletes it
(the admin refuses to, see admin.py).
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Func, Max, OuterRef, QuerySet, Subquery

from vendortrack.vendors.models import (
    AIService,
    AIUseCase,
    ComplementaryUserEntityControl,
    Endpoint,
    FactSource,
    SecurityEvidence,
    SubProcessor,
    Vendor,
)

SYSTEM_ACTOR = "system"
CSV_HEADER = ("timestamp", "actor", "action", "object type", "object", "field", "before", "after")
# Timestamps that change on every save say nothing a reader needs.
_NOISE = ["created_at", "updated_at"]


def register_audited_models() -> None:
    """Called once from VendorsConfig.ready()."""
    for model in (AIService, FactSource, Endpoint, SubProcessor, ComplementaryUserEntityControl):
        auditlog.register(model)
    auditlog.register(Vendor, exclude_fields=_NOISE)
    auditlog.register(SecurityEvidence, m2m_fields={"covered_services"})
    auditlog.register(AIUseCase, exclude_fields=_NOISE, m2m_fields={"endpoints"})


def vendor_audit_trail(vendor: Vendor) -> QuerySet[LogEntry]:
    """Entries for the vendor and its children, newest first, with actor and content type joined (one query)."""
    return (
        LogEntry.objects.filter(additional_data__vendor_id=vendor.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


class _AsJson(Func):
    """An integer column as the JSON value a key of `additional_data` holds, to compare the two: to_jsonb() on
    PostgreSQL (whose trail index is on the jsonb key); SQLite's JSON_EXTRACT already yields a plain number."""

    template = "%(expressions)s"

    def as_postgresql(self, compiler: object, connection: object, **extra_context: object) -> tuple[str, list]:
        return super().as_sql(compiler, connection, template="to_jsonb(%(expressions)s)", **extra_context)


def trail_version_annotations() -> dict[str, Subquery]:
    """For a Vendor query: `trail_entries` and `trail_newest`, how many entries the vendor's trail holds and the id
    of the newest. Every write to the vendor or a child adds an entry and the trail is append-only, so the pair
    changes with every committed write, even when two writes commit out of id order."""
    trail = (
        LogEntry.objects.filter(additional_data__vendor_id=_AsJson(OuterRef("pk")))
        .order_by()
        .values("additional_data__vendor_id")
    )
    return {
        "trail_entries": Subquery(trail.annotate(entries=Count("pk")).values("entries")),
        "trail_newest": Subquery(trail.annotate(newest=Max("pk")).values("newest")),
    }


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


def _field_label_and_choices(model: type | None, name: str) -> tuple[str, dict]:
    if model is None:
        return name, {}
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name, {}
    return str(getattr(field, "verbose_name", name)), dict(getattr(field, "choices", None) or [])


def _display(value: object, choices: dict) -> str:
    if value in (None, "None"):
        return ""
    return str(choices.get(value, value))


def entry_changes(entry: LogEntry) -> list[FieldChange]:
    """The before/after pairs of one entry, with field labels and choice labels; no query."""
    model = apps.get_model(entry.content_type.app_label, entry.content_type.model) if entry.content_type_id else None
    changes = []
    for name, values in (entry.changes_dict or {}).items():
        label, choices = _field_label_and_choices(model, name)
        if isinstance(values, dict):
            # Many-to-many: auditlog records the operation and the objects rather than a before/after pair.
            objects = ", ".join(str(item) for item in values.get("objects", []))
            changes.append(FieldChange(field=label, before="", after=f"{values.get('operation', '')}: {objects}"))
            continue
        before, after = values
        changes.append(FieldChange(field=label, before=_display(before, choices), after=_display(after, choices)))
    return changes


def entry_actor(entry: LogEntry) -> str:
    return entry.actor.get_username() if entry.actor else SYSTEM_ACTOR


def audit_trail_csv_rows(entries: Iterable[LogEntry]) -> Iterator[tuple[str, ...]]:
    """The header, then one row per changed field (an entry with no field changes gives one row)."""
    yield CSV_HEADER
    for entry in entries:
        head = (
            entry.timestamp.isoformat(),
            entry_actor(entry),
            entry.get_action_display(),
            entry.content_type.name if entry.content_type_id else "",
            entry.object_repr,
        )
        for change in entry_changes(entry) or [FieldChange(field="", before="", after="")]:
            yield (*head, change.field, change.before, change.after)


def audit_trail_csv(entries: Iterable[LogEntry]) -> str:
    """The CSV document of `entries`, ready to send as text/csv."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(audit_trail_csv_rows(entries))
    return buffer.getvalue()
