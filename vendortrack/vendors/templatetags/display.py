"""Template tags that turn answers, tiers, provenance and roles into the same pills and badges on every page."""

import datetime
import uuid
from collections.abc import Iterable
from functools import lru_cache

from auditlog.models import LogEntry
from django import template
from django.forms import BoundField
from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from vendortrack.accounts.roles import Role, user_roles
from vendortrack.vendors.audit import entry_actor, entry_changes
from vendortrack.vendors.models import Answer, FactSource, RiskTier, Soc2State, Vendor, VendorStatus, VendorType

register = template.Library()

# A fact confirmed longer ago than this is shown in amber: it may no longer be true.
OLD_FACT_DAYS = 365
_ROLE_PRECEDENCE = (Role.ADMIN, Role.PROCUREMENT, Role.LEGAL, Role.COMPLIANCE, Role.AUDITOR)


@register.simple_tag
def answer(value: str) -> str:
    """A yes / no / unknown pill; anything unset is shown as unknown, never as no."""
    if value == Answer.YES:
        return mark_safe('<span class="pill pill-yes">Yes</span>')  # noqa: S308 - a constant  # nosec B308
    if value == Answer.NO:
        return mark_safe('<span class="pill pill-no">No</span>')  # noqa: S308 - a constant  # nosec B308
    return mark_safe('<span class="pill pill-unknown">Unknown</span>')  # noqa: S308 - a constant  # nosec B308


@register.simple_tag
def fact_value(row: object) -> str:
    """A data-handling fact: yes/no answers as pills, unknown in amber, other values as text."""
    if row.is_unknown:
        return mark_safe('<span class="pill pill-unknown">Unknown</span>')  # noqa: S308 - a constant  # nosec B308
    if row.value in ("Yes", "No"):
        return answer(row.value.lower())
    return format_html("<span>{}</span>", row.value)


@register.simple_tag
def tier_badge(tier: str, *, overridden: bool = False) -> str:
    return _tier_badge(tier, bool(overridden))


# A badge depends on a handful of enum values only: built once per process, not once per row.
@lru_cache(maxsize=64)
def _tier_badge(tier: str, overridden: bool) -> str:
    if not tier:
        return mark_safe('<span class="tier tier-none">Not assessed</span>')  # noqa: S308 - a constant  # nosec B308
    label = RiskTier(tier).label
    if overridden:
        return format_html('<span class="tier tier-{}">{} <span class="override">(override)</span></span>', tier, label)
    return format_html('<span class="tier tier-{}">{}</span>', tier, label)


@register.simple_tag
def provenance(source: FactSource | None, age_days: int | None) -> str:
    """'Confirmed 134 days ago from RFI answer (ref)': how old and how trustworthy an answer is."""
    if source is None:
        return mark_safe('<span class="provenance-note none">No source recorded</span>')  # noqa: S308 - a constant  # nosec B308
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
    return mark_safe('<span class="role-badge role-none">No role</span>')  # noqa: S308 - a constant  # nosec B308


@register.simple_tag
def status_label(vendor: object) -> str:
    return _status_label(vendor.status, vendor.get_status_display())


@lru_cache(maxsize=64)
def _status_label(status: str, label: str) -> str:
    return format_html('<span class="status status-{}">{}</span>', status, label)


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
    known = _VERBS.get(entry.action)
    # get_action_display() only when needed: it flattens the choices and translates on every call.
    return known if known is not None else entry.get_action_display().lower()


@register.filter
def day(value: datetime.date | None, fmt: str = "M j, Y") -> str:
    """A date as the `date` filter shows it, formatted once per day and format (see _day); empty for no date.
    Only for dates: a datetime goes through `date`, which turns it to local time first."""
    if not value:
        return ""
    return _day(value, fmt)


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
@lru_cache(maxsize=16)
def soc2_pill(state: str) -> str:
    state = Soc2State(state)
    return format_html('<span class="pill {}">{}</span>', _SOC2_PILLS[state], state.label)


# Rendered filter widgets by form, field, value and error state; bounded, since values come from the URL.
_WIDGETS: dict[tuple[type, str, str, bool], str] = {}
_WIDGETS_KEPT = 512


@register.simple_tag
def filter_widget(field: BoundField) -> str:
    """A filter form's widget, rendered once per distinct value: Django renders a select through one sub-template
    per option, which cost the vendor list more than its rows. Only for fields whose HTML depends on nothing but
    the form class, the field, its value and whether it has errors (choices fixed in the class)."""
    key = (type(field.form), field.name, repr(field.value()), bool(field.errors))
    html = _WIDGETS.get(key)
    if html is None:
        html = str(field)
        if len(_WIDGETS) < _WIDGETS_KEPT:
            _WIDGETS[key] = html
    return html


# The vendor list's rows are built here rather than in the template: resolving a dozen variables, tags and date
# filters per cell through the template engine was most of the list page's time. The markup is the table's in
# _vendor_results.html; keep the two together when either changes.
_ROW = """
      <tr>
        <td class="primary-cell">
          <a class="primary" href="{url}">{name}</a>
          <div class="sub">{services}</div>
        </td>
        <td data-label="Type">{vendor_type}</td>
        <td data-label="Status">{status}</td>
        <td data-label="Risk">{tier}</td>
        <td data-label="SOC 2">{soc2}</td>
        <td data-label="Blockers">{blockers}</td>
        <td data-label="Owner">{owner}</td>
        <td data-label="Updated" class="nowrap"><span title="{updated_title}">{updated}</span></td>
      </tr>
      """
_BLOCKED = mark_safe('<span class="pill pill-no">Blocked</span>')  # noqa: S308 - a constant  # nosec B308
_NOT_BLOCKED = mark_safe('<span class="faint">None</span>')  # noqa: S308 - a constant  # nosec B308
# A public id that cannot occur, reversed once and replaced per row: reverse() per row is measurable.
_URL_SENTINEL = str(uuid.UUID(int=0))
SERVICES_SHOWN = 3
# get_FOO_display() flattens the choices on every call; the labels as get_FOO_display() gives them.
_VENDOR_TYPES = dict(VendorType.choices)
_STATUSES = dict(VendorStatus.choices)


@register.simple_tag
def vendor_rows(vendors: Iterable[Vendor]) -> SafeString:
    """The table rows of the vendor list, for vendors with `owner` selected and `services` prefetched."""
    detail = reverse("vendors:detail", kwargs={"public_id": _URL_SENTINEL})
    return mark_safe("".join(_vendor_row(vendor, detail) for vendor in vendors))  # noqa: S308 - format_html rows  # nosec B308 B703


def _vendor_row(vendor: Vendor, detail: str) -> SafeString:
    updated = template_localtime(vendor.updated_at)
    return format_html(
        _ROW,
        url=detail.replace(_URL_SENTINEL, str(vendor.public_id)),
        name=vendor.name,
        services=_services_summary([service.name for service in vendor.services.all()]),
        vendor_type=_VENDOR_TYPES.get(vendor.vendor_type, vendor.vendor_type),
        status=_status_label(vendor.status, _STATUSES.get(vendor.status, vendor.status)),
        tier=_tier_badge(vendor.risk_tier, bool(vendor.risk_tier_override)),
        soc2=soc2_pill(vendor.soc2_state),
        blockers=_BLOCKED if vendor.has_blockers else _NOT_BLOCKED,
        owner=(vendor.owner.get_username() if vendor.owner else "") or "—",
        updated_title=f"{_day(updated.date(), TITLE_DAY)}, {_clock(updated.hour, updated.minute)}",
        updated=_day(updated.date(), LIST_DAY),
    )


def _services_summary(names: list[str]) -> str:
    """'A, B, C +2': the first three services and how many more."""
    if not names:
        return "No services yet"
    more = len(names) - SERVICES_SHOWN
    return ", ".join(names[:SERVICES_SHOWN]) + (f" +{more}" if more > 0 else "")


# Django's date formatting costs about 0.3 ms a call; a list page needs two per row. A day's or a minute's text
# never changes (one language, see settings), so each is formatted once per process. The title spells out what
# `{{ datetime }}` shows in en-us (DATETIME_FORMAT "N j, Y, P"), written here so it does not hang on the locale.
LIST_DAY = "M j, Y"
TITLE_DAY = "N j, Y"


@lru_cache(maxsize=2048)
def _day(day: datetime.date, fmt: str) -> str:
    return date_format(day, fmt)


@lru_cache(maxsize=24 * 60)
def _clock(hour: int, minute: int) -> str:
    return time_format(datetime.time(hour, minute), "P")
