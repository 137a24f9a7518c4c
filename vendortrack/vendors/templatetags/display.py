"""Template tags that turn answers, tiers, provenance and roles into the same pills and badges on every page."""

from auditlog.models import LogEntry
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from vendortrack.accounts.roles import Role, user_roles
from vendortrack.vendors.audit import entry_actor, entry_changes
from vendortrack.vendors.models import Answer, FactSource, RiskTier, Soc2State

register = template.Library()

# A fact confirmed longer ago than this is shown in amber: it may no longer be true.
OLD_FACT_DAYS = 365
_ROLE_PRECEDENCE = (Role.ADMIN, Role.PROCUREMENT, Role.LEGAL, Role.COMPLIANCE, Role.AUDITOR)


@register.simple_tag
def answer(value: str) -> str:
    """A yes / no / unknown pill; anything unset is shown as unknown, never as no."""
    if value == Answer.YES:
        return mark_safe('<span class="pill pill-yes">Yes</span>')  # noqa: S308 - a constant
    if value == Answer.NO:
        return mark_safe('<span class="pill pill-no">No</span>')  # noqa: S308 - a constant
    return mark_safe('<span class="pill pill-unknown">Unknown</span>')  # noqa: S308 - a constant


@register.simple_tag
def fact_value(row: object) -> str:
    """A data-handling fact: yes/no answers as pills, unknown in amber, other values as text."""
    if row.is_unknown:
        return mark_safe('<span class="pill pill-unknown">Unknown</span>')  # noqa: S308 - a constant
    if row.value in ("Yes", "No"):
        return answer(row.value.lower())
    return format_html("<span>{}</span>", row.value)


@register.simple_tag
def tier_badge(tier: str, *, overridden: bool = False) -> str:
    if not tier:
        return mark_safe('<span class="tier tier-none">Not assessed</span>')  # noqa: S308 - a constant
    label = RiskTier(tier).label
    if overridden:
        return format_html('<span class="tier tier-{}">{} <span class="override">(override)</span></span>', tier, label)
    return format_html('<span class="tier tier-{}">{}</span>', tier, label)


@register.simple_tag
def provenance(source: FactSource | None, age_days: int | None) -> str:
    """'Confirmed 134 days ago from RFI answer (ref)': how old and how trustworthy an answer is."""
    if source is None:
        return mark_safe('<span class="provenance-note none">No source recorded</span>')  # noqa: S308 - a constant
    css = "provenance-note old" if age_days is not None and age_days > OLD_FACT_DAYS else "provenance-note"
    reference = format_html(" · {}", source.reference) if source.reference else ""
    return format_html(
        '<span class="{}" title="Confirmed on {}">{} from {}{}</span>',
        css,
        source.confirmed_on.isoformat(),
        _confirmed_ago(age_days),
        source.get_source_kind_display(),
        reference,
    )


def _confirmed_ago(age_days: int | None) -> str:
    if age_days is None or age_days < 0:
        return "Confirmed"
    if age_days == 0:
        return "Confirmed today"
    if age_days == 1:
        return "Confirmed yesterday"
    return f"Confirmed {age_days} days ago"


@register.simple_tag
def role_badge(user: object) -> str:
    roles = user_roles(user)
    for role in _ROLE_PRECEDENCE:
        if role in roles:
            return format_html('<span class="role-badge">{}</span>', role.value)
    return mark_safe('<span class="role-badge role-none">No role</span>')  # noqa: S308 - a constant


@register.simple_tag
def status_label(vendor: object) -> str:
    return format_html('<span class="status status-{}">{}</span>', vendor.status, vendor.get_status_display())


@register.filter
def changes(entry: object) -> list:
    """The before/after pairs of an audit entry, labelled for people."""
    return entry_changes(entry)


@register.simple_tag
def change_preview(entry: LogEntry, *, compact: bool = False) -> dict[str, object]:
    """The changes to show for an entry and how many are left out.

    The compact side panel shows no field list for a creation (every field would be listed) and three changes
    otherwise; the full trail shows six and links nothing away.
    """
    if compact and entry.action == LogEntry.Action.CREATE:
        return {"shown": [], "more": 0}
    limit = 3 if compact else 6
    pairs = entry_changes(entry)
    return {"shown": pairs[:limit], "more": max(len(pairs) - limit, 0)}


_VERBS = {LogEntry.Action.CREATE: "added", LogEntry.Action.UPDATE: "changed", LogEntry.Action.DELETE: "deleted"}


@register.filter
def verb(entry: LogEntry) -> str:
    return _VERBS.get(entry.action, entry.get_action_display().lower())


@register.filter
def actor(entry: object) -> str:
    return entry_actor(entry)


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, key: str, label: str) -> str:
    """A column header that sorts by `key`, toggling the direction when it already does, keeping the filters."""
    query = context["request"].GET.copy()
    current, descending = query.get("sort") or "name", query.get("dir") == "desc"
    active = current == key
    query["sort"] = key
    query["dir"] = "asc" if active and descending else ("desc" if active else "asc")
    query.pop("page", None)
    arrow = ("↓" if descending else "↑") if active else ""
    aria = format_html(' aria-sort="{}"', "descending" if descending else "ascending") if active else ""
    return format_html(
        '<a href="?{}" hx-get="?{}" hx-target="#vendor-results" hx-push-url="true"{}>{} {}</a>',
        query.urlencode(),
        query.urlencode(),
        aria,
        label,
        arrow,
    )


_SOC2_PILLS = {
    Soc2State.FRESH: "pill-yes",
    Soc2State.BRIDGED: "pill-info",
    Soc2State.STALE: "pill-no",
    Soc2State.TYPE1_ONLY: "pill-unknown",
    Soc2State.MISSING: "pill-unknown",
}


@register.simple_tag
def soc2_pill(state: str) -> str:
    state = Soc2State(state)
    return format_html('<span class="pill {}">{}</span>', _SOC2_PILLS[state], state.label)
