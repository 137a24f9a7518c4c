"""Forms of the review pages: the queue's filters and a decision on one finding (contracts.services writes it)."""

import uuid
from collections.abc import Iterable
from functools import lru_cache
from html import escape

from django import forms
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from clause_library.catalogue import SEVERITIES
from contracts.models import DECISION_NOTE_REQUIRED, Decision
from contracts.provisions import provisions_by_id
from contracts.review import FLAGGED, QueueFilters

NOTE_MAX_CHARS = 5000


class QueueFilterForm(forms.Form):
    """The queue's GET parameters. A value that does not validate (a hand-edited URL) is ignored, not an error.

    "Undecided only" is on unless the request says otherwise: the page sends a hidden `undecided=0` before the
    checkbox, so an unticked box reads 0, a ticked one 1 (the last value wins), and a bare URL keeps the default.
    """

    severity = forms.ChoiceField(
        required=False, choices=[("", "Any severity"), *((s, s.capitalize()) for s in SEVERITIES)]
    )
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *((s, s.capitalize()) for s in FLAGGED)])
    vendor = forms.UUIDField(required=False)
    agreement = forms.UUIDField(required=False)
    provision = forms.ChoiceField(required=False)
    undecided = forms.CharField(required=False)
    conflicts = forms.BooleanField(required=False, label="In conflict only")

    def __init__(self, data: QueryDict, **kwargs: object) -> None:
        super().__init__(data, **kwargs)
        titles = sorted((entry.title, entry.id) for entry in provisions_by_id().values())
        self.fields["provision"].choices = [("", "Any provision"), *((pid, title) for title, pid in titles)]

    def options(self) -> dict[str, SafeString]:
        """The <option> elements of the select filters, by field name, the valid value selected."""
        self.is_valid()
        names = ("severity", "status", "provision")
        return {name: select_options(self.fields[name].choices, self.cleaned_data.get(name) or "") for name in names}

    def to_filters(self) -> QueueFilters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return QueueFilters(
            severity=data.get("severity") or "",
            status=data.get("status") or "",
            vendor=data.get("vendor"),
            agreement=data.get("agreement"),
            provision=data.get("provision") or "",
            undecided=self.data.get("undecided", "1") != "0",
            conflicts=bool(data.get("conflicts")),
        )


def select_options(choices: Iterable[tuple[object, str]], selected: object) -> SafeString:
    """Choices as <option> elements, `selected` marked. Built here rather than by the form's Select widgets: Django
    renders each option of a widget through its own template, which cost the queue more than its rows. Every value
    and label is escaped; the same choices and selection give the same text, which is kept (a few per process)."""
    return _options(tuple((str(value), str(label)) for value, label in choices), str(selected))


@lru_cache(maxsize=64)
def _options(choices: tuple[tuple[str, str], ...], selected: str) -> SafeString:
    # html.escape is what django.utils.html.escape calls, without its per-call lazy-string wrapper.
    options = (
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>{escape(label)}</option>'
        for value, label in choices
    )
    return mark_safe("".join(options))  # noqa: S308 - every value and label is escaped above  # nosec B308 B703


def vendor_options(vendors: Iterable[tuple[uuid.UUID, str]], selected: uuid.UUID | None) -> SafeString:
    """The vendor choices as <option> elements (a portfolio has hundreds of vendors)."""
    return format_html('<option value="">Any vendor</option>{}', select_options(vendors, selected or ""))


# The decisions a reviewer picks on the page, each with what its note means ("undecided" reopens a finding).
DECISION_CHOICES = [(d.value, d.label) for d in Decision if d != Decision.UNDECIDED]
# The key that opens each decision on the queue and finding pages (vendortrack/static/vendortrack/review-keys.js).
SHORTCUTS = {Decision.ACCEPT: "a", Decision.NEGOTIATE: "n", Decision.WAIVE: "w", Decision.FALSE_POSITIVE: "f"}
NOTE_LABELS = {
    Decision.ACCEPT: "Note (optional)",
    Decision.NEGOTIATE: "Language to request from the vendor",
    Decision.WAIVE: "Justification for waiving",
    Decision.FALSE_POSITIVE: "Why the finding is wrong",
}


class NoteTextarea(forms.Textarea):
    """Django's textarea, written without the form renderer's templates: four notes are on every finding page, and
    their templates cost more than the rest of the decision card. The same markup as django/forms/widgets/."""

    def render(self, name: str, value: object, attrs: dict | None = None, renderer: object = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        # As django/forms/widgets/attrs.html: True is a bare attribute, False none, in the widget's order.
        attributes = "".join(
            f" {escape(key)}" if item is True else f' {escape(key)}="{escape(str(item))}"'
            for key, item in widget["attrs"].items()
            if item is not False
        )
        text = escape(str(widget["value"])) if widget["value"] else ""
        return mark_safe(f'<textarea name="{escape(name)}"{attributes}>\n{text}</textarea>')  # noqa: S308 - escaped  # nosec B308 B703


class DecisionForm(forms.Form):
    """One decision and its note. Whether the note is required is decided by contracts.services.finding_decide,
    whose refusal the view shows on the note field, so the rule lives in one place."""

    decision = forms.ChoiceField(choices=[*DECISION_CHOICES, (Decision.UNDECIDED.value, "Reopen")])
    note = forms.CharField(required=False, max_length=NOTE_MAX_CHARS, widget=NoteTextarea(attrs={"rows": 4}))

    def __init__(self, *args: object, decision: str, fallback_clause: str = "", **kwargs: object) -> None:
        # Four of these share a page: ids are made unique per decision, field names stay plain for the view.
        kwargs.setdefault("auto_id", f"id_{decision}_%s")
        self.decision_value = decision
        self.decision_label = dict(DECISION_CHOICES).get(decision, "Reopen")
        self.shortcut = SHORTCUTS.get(decision, "")
        initial = {"decision": decision, "note": fallback_clause if decision == Decision.NEGOTIATE else ""}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["note"].label = NOTE_LABELS.get(decision, "Note")
        self.fields["note"].widget.attrs["required"] = decision in DECISION_NOTE_REQUIRED
        self.fields["decision"].widget = forms.HiddenInput()


def decision_forms(*, fallback_clause: str, bound: DecisionForm | None = None) -> list[DecisionForm]:
    """One form per decision, the bound one (with its errors) in place of its blank twin."""
    forms_ = []
    for value, _label in DECISION_CHOICES:
        if bound is not None and bound.decision_value == value:
            forms_.append(bound)
        else:
            forms_.append(DecisionForm(decision=value, fallback_clause=fallback_clause))
    return forms_
