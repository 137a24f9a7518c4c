"""Forms of the compliance pages: filters from the query string, review edits, sign-off and preferences."""

import datetime

from django import forms

from vendortrack.compliance.models import AttestationState, DeliveryMode, EventKind, ReviewOutcome
from vendortrack.compliance.selectors import DeadlineFilters


class DeadlineFilterForm(forms.Form):
    within = forms.IntegerField(required=False, min_value=0, max_value=3660)
    overdue = forms.BooleanField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *EventKind.choices])
    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}))

    def to_filters(self) -> DeadlineFilters:
        """The filters asked for; a hand-edited value that does not validate is ignored, not an error."""
        self.is_valid()
        data = self.cleaned_data
        return DeadlineFilters(
            within_days=data.get("within"),
            overdue=bool(data.get("overdue")),
            kind=data.get("kind") or "",
            day=data.get("day"),
        )


class MonthForm(forms.Form):
    """?month=2025-06 (and ?view=quarter); anything else means the current month."""

    month = forms.RegexField(required=False, regex=r"^\d{4}-(0[1-9]|1[0-2])$")
    view = forms.ChoiceField(required=False, choices=[("month", "Month"), ("quarter", "Quarter")])

    def chosen(self, today: datetime.date) -> tuple[datetime.date, str]:
        self.is_valid()
        month = self.cleaned_data.get("month")
        day = datetime.date(int(month[:4]), int(month[5:]), 1) if month else today.replace(day=1)
        return day, self.cleaned_data.get("view") or "month"


class ReviewNotesForm(forms.Form):
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)


class AttestationForm(forms.Form):
    state = forms.ChoiceField(choices=AttestationState.choices)
    note = forms.CharField(required=False, max_length=2000, widget=forms.TextInput())


def attestation_forms(review: object, data: object | None) -> list[tuple[object, AttestationForm]]:
    """One small form per attestation, prefixed by its id, filled from the record."""
    return [
        (
            attestation,
            AttestationForm(
                data, prefix=f"a{attestation.pk}", initial={"state": attestation.state, "note": attestation.note}
            ),
        )
        for attestation in review.attestations.all()
    ]


class SignOffForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("", "Choose the outcome"), *ReviewOutcome.choices])


class PreferenceForm(forms.Form):
    mode = forms.ChoiceField(choices=DeliveryMode.choices, widget=forms.RadioSelect, label="Reminders by e-mail")
    email = forms.BooleanField(required=False, label="Send e-mail (in-app notifications are always kept)")
