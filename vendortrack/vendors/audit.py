"""The audit trail of vendor profiles: what is recorded (django-auditlog) and how a vendor's trail is read.

Every create, change and delete of the vendor-profile models is logged with who, when and the before/after of each
field. Each model tags its entries with `additional_data = {"vendor_id": ...}` (get_additional_data on the models),
so the trail of a vendor and all of its children is one query. Entries written outside a request (the demo loader,
scheduled jobs) have no actor; they are shown as "system". The log is append-only: nothing edits or deletes it
(the admin refuses to, see admin.py).
"""

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Field, Func, Max, OuterRef, QuerySet, Subquery

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


def _field(model: type | None, name: str) -> Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _display(value: object, choices: dict) -> str:
    if value in (None, "None"):
        return ""
    return str(choices.get(value, value))


def _entry_model(entry: LogEntry) -> type | None:
    return apps.get_model(entry.content_type.app_label, entry.content_type.model) if entry.content_type_id else None


def _is_reference(field: Field | None) -> bool:
    return field is not None and field.many_to_one and field.related_model is not None


def with_related_names(entries: Iterable[LogEntry], *, creations: bool = True) -> list[LogEntry]:
    """`entries` as a list, each knowing the names of the objects its changed references point to.

    The trail keeps a reference (a service's vendor, a control's owner) as the id it held, which says nothing to a
    reader; the names are read here in one query per kind of object referred to, whatever the number of entries.
    An object deleted since keeps its id, marked as gone. `creations=False` leaves out the references of creations,
    for a view that shows no field list for them (the vendor page's recent activity)."""
    entries = list(entries)
    wanted: dict[type, set[int]] = defaultdict(set)
    for entry in entries:
        if not creations and entry.action == LogEntry.Action.CREATE:
            continue
        model = _entry_model(entry)
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if _is_reference(field) and not isinstance(values, dict):
                wanted[field.related_model].update(int(v) for v in values if str(v).isdigit())
    names: dict[tuple[type, str], str] = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            names[(related, str(obj.pk))] = _name(obj)
    for entry in entries:
        if creations or entry.action != LogEntry.Action.CREATE:
            entry.related_names = names
    return entries


def _name(obj: object) -> str:
    return obj.get_username() if isinstance(obj, AbstractBaseUser) else str(obj)


def _reference_display(field: Field, value: object, names: dict[tuple[type, str], str]) -> str:
    if value in (None, "None", ""):
        return ""
    return names.get((field.related_model, str(value)), f"#{value} (no longer exists)")


def entry_changes(entry: LogEntry) -> list[FieldChange]:
    """The before/after pairs of one entry, with field labels, choice labels and, for an entry read through
    `with_related_names`, the names of the objects its references point to (raw ids otherwise); no query."""
    model = _entry_model(entry)
    names = getattr(entry, "related_names", None)
    changes = []
    for name, values in (entry.changes_dict or {}).items():
        field = _field(model, name)
        label = str(getattr(field, "verbose_name", name)) if field is not None else name
        if isinstance(values, dict):
            # Many-to-many: auditlog records the operation and the objects rather than a before/after pair.
            objects = ", ".join(str(item) for item in values.get("objects", []))
            changes.append(FieldChange(field=label, before="", after=f"{values.get('operation', '')}: {objects}"))
            continue
        before, after = values
        if names is not None and _is_reference(field):
            before, after = (_reference_display(field, value, names) for value in (before, after))
            changes.append(FieldChange(field=label, before=before, after=after))
            continue
        choices = dict(getattr(field, "choices", None) or [])
        changes.append(FieldChange(field=label, before=_display(before, choices), after=_display(after, choices)))
    return changes


def entry_actor(entry: LogEntry) -> str:
    return entry.actor.get_username() if entry.actor else SYSTEM_ACTOR


def audit_trail_csv_rows(entries: Iterable[LogEntry]) -> Iterator[tuple[str, ...]]:
    """The header, then one row per changed field (an entry with no field changes gives one row)."""
    yield CSV_HEADER
    for entry in _named_in_batches(entries):
        head = (
            entry.timestamp.isoformat(),
            entry_actor(entry),
            entry.get_action_display(),
            entry.content_type.name if entry.content_type_id else "",
            entry.object_repr,
        )
        for change in entry_changes(entry) or [FieldChange(field="", before="", after="")]:
            yield (*head, change.field, change.before, change.after)


def _named_in_batches(entries: Iterable[LogEntry], size: int = 500) -> Iterator[LogEntry]:
    batch: list[LogEntry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == size:
            yield from with_related_names(batch)
            batch = []
    yield from with_related_names(batch)


def audit_trail_csv(entries: Iterable[LogEntry]) -> str:
    """The CSV document of `entries`, ready to send as text/csv."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(audit_trail_csv_rows(entries))
    return buffer.getvalue()
