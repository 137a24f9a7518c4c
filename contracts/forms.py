"""Forms of the agreement pages: they validate input; the services in services.py and versions.py write."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Model

from contracts.models import Agreement, AgreementStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Executed is reached only through agreement_execute, which applies the guard; the form cannot set it.
EDITABLE_STATUSES = [(value, label) for value, label in AgreementStatus.choices if value != AgreementStatus.EXECUTED]


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "agreement_type",
            "title",
            "status",
            "effective_date",
            "expiry_date",
            "auto_renews",
            "notice_period_days",
            "covered_services",
            "owner",
            "reviewer",
        ]
        widgets = {
            "effective_date": DATE,
            "expiry_date": DATE,
            "covered_services": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: object, vendor: Model, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["covered_services"].queryset = vendor.services.all()
        people = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["owner"].queryset = people
        self.fields["reviewer"].queryset = people
        if self.instance.status != AgreementStatus.EXECUTED:
            self.fields["status"].choices = EDITABLE_STATUSES
        else:
            self.fields["status"].disabled = True

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("effective_date"), data.get("expiry_date")
        if start and end and end < start:
            self.add_error("expiry_date", "The expiry date cannot be before the effective date.")
        return data


class VersionUploadForm(forms.Form):
    file = forms.FileField(
        label="Agreement file",
        help_text="PDF (with a text layer), DOCX or plain text. The file is checked by its content, not its name.",
    )
