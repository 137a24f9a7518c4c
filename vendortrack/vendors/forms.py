"""Forms of the vendor pages: each one validates everything up front so that a service never writes half a change."""

from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet

from vendortrack.accounts.roles import Role
from vendortrack.vendors.models import (
    AIService,
    AIUseCase,
    ComplementaryUserEntityControl,
    Endpoint,
    EvidenceKind,
    FactField,
    RiskTier,
    SecurityEvidence,
    SourceKind,
    SubProcessor,
    TrustServicesCriterion,
    Vendor,
    VendorStatus,
    VendorType,
)
from vendortrack.vendors.selectors import SORTS, VendorFilters
from vendortrack.vendors.services import FactSourceInput, InlineRows
from vendortrack.vendors.uploads import CheckedPdf, EvidenceFileError, check_evidence_pdf

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def inline_rows(formset: forms.BaseFormSet) -> InlineRows:
    """Turn a valid inline formset into rows for a service; nothing is written here."""
    changed = formset.save(commit=False)
    return InlineRows(save=list(changed), delete=list(formset.deleted_objects))


def _people() -> QuerySet:
    """Active users who hold a role: the people an owner field may name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in Role])
        .distinct()
        .order_by("username")
    )


def _name_taken(queryset: QuerySet, name: str, instance: Model) -> bool:
    return queryset.filter(name__iexact=name.strip()).exclude(pk=instance.pk).exists()


# ---- The vendor list ---------------------------------------------------------------------------------------------


class VendorFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=200)
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *VendorStatus.choices])
    risk_tier = forms.ChoiceField(required=False, label="Risk", choices=[("", "Any risk"), *RiskTier.choices])
    vendor_type = forms.ChoiceField(required=False, label="Type", choices=[("", "Any type"), *VendorType.choices])
    stale = forms.BooleanField(required=False, label="Stale evidence")
    blockers = forms.BooleanField(required=False, label="Has blockers")
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in SORTS])
    dir = forms.ChoiceField(required=False, choices=[("asc", "asc"), ("desc", "desc")])

    def to_filters(self) -> VendorFilters:
        """The filters asked for; a value that does not validate (a hand-edited URL) is ignored, not an error."""
        self.is_valid()
        data = self.cleaned_data
        return VendorFilters(
            q=data.get("q") or "",
            status=data.get("status") or "",
            risk_tier=data.get("risk_tier") or "",
            vendor_type=data.get("vendor_type") or "",
            stale_evidence=bool(data.get("stale")),
            has_blockers=bool(data.get("blockers")),
            sort=data.get("sort") or "name",
            descending=data.get("dir") == "desc",
        )


# ---- Vendor and its sub-processors -------------------------------------------------------------------------------


class VendorForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Vendor
        fields = ["name", "vendor_type", "status", "owner", "website", "description", "review_cadence_months"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()
        self.fields["owner"].help_text = "Blank: you become the owner."

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        # Checked here, case-insensitively, so the person sees it on the field instead of a generic form error.
        if _name_taken(Vendor.objects.all(), name, self.instance):
            raise forms.ValidationError(f"A vendor named “{name}” already exists. Open it, or choose another name.")
        return name


class SubProcessorForm(forms.ModelForm):
    class Meta:
        model = SubProcessor
        fields = ["name", "purpose", "country", "touches_phi", "baa_flow_down", "first_seen", "last_seen"]
        widgets = {"first_seen": DATE, "last_seen": DATE}

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("first_seen"), data.get("last_seen")
        if first and last and last < first:
            self.add_error("last_seen", "Last seen cannot be before first seen.")
        return data


class UniqueNameFormSet(forms.BaseInlineFormSet):
    """Refuses two rows with the same name (ignoring case), which the database would refuse anyway."""

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            name = (form.cleaned_data or {}).get("name")
            if not name or form.cleaned_data.get("DELETE"):
                continue
            if name.strip().lower() in seen:
                form.add_error("name", "Another row already has this name.")
            seen.add(name.strip().lower())


SubProcessorFormSet = forms.inlineformset_factory(
    Vendor, SubProcessor, form=SubProcessorForm, formset=UniqueNameFormSet, extra=1, can_delete=True
)


class RiskOverrideForm(forms.ModelForm):
    class Meta:
        model = Vendor
        fields = ["risk_tier_override", "risk_override_reason"]
        labels = {"risk_tier_override": "Override the risk tier", "risk_override_reason": "Reason"}
        widgets = {"risk_override_reason": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("risk_tier_override") and not (data.get("risk_override_reason") or "").strip():
            self.add_error("risk_override_reason", "Say why the computed tier is wrong; an override needs a reason.")
        if not data.get("risk_tier_override"):
            data["risk_override_reason"] = ""
        return data


# ---- Services, their facts' sources, and endpoints ---------------------------------------------------------------


class AIServiceForm(forms.ModelForm):
    class Meta:
        model = AIService
        fields = [
            "name",
            "description",
            "deployment_path",
            *FactField.values,
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: object, vendor: Vendor, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.vendor = vendor
        for fact, label in FactField.choices:
            self.fields[fact].label = label

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if _name_taken(self.vendor.services.all(), name, self.instance):
            raise forms.ValidationError("This vendor already has a service with this name.")
        return name


class FactSourceForm(forms.Form):
    """Where one fact comes from; a blank kind means no source is recorded."""

    source_kind = forms.ChoiceField(required=False, label="Source", choices=[("", "No source"), *SourceKind.choices])
    reference = forms.CharField(required=False, max_length=500, label="Reference")
    confirmed_on = forms.DateField(required=False, label="Confirmed on", widget=DATE)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("source_kind") and not data.get("confirmed_on"):
            self.add_error("confirmed_on", "When was this last confirmed?")
        return data


def fact_source_forms(service: AIService | None, data: object = None) -> list[tuple[str, str, FactSourceForm]]:
    """One provenance form per fact of the profile, filled from the service's current sources."""
    current = {source.field: source for source in service.fact_sources.all()} if service and service.pk else {}
    rows = []
    for fact, label in FactField.choices:
        source = current.get(fact)
        initial = (
            {"source_kind": source.source_kind, "reference": source.reference, "confirmed_on": source.confirmed_on}
            if source
            else {}
        )
        rows.append((fact, label, FactSourceForm(data, prefix=f"src-{fact}", initial=initial)))
    return rows


def fact_source_inputs(rows: Iterable[tuple[str, str, FactSourceForm]]) -> dict[str, FactSourceInput | None]:
    """The validated sources by fact; None clears a fact's source."""
    inputs: dict[str, FactSourceInput | None] = {}
    for fact, _, form in rows:
        data = form.cleaned_data
        inputs[fact] = (
            FactSourceInput(data["source_kind"], data.get("reference", ""), data["confirmed_on"])
            if data.get("source_kind")
            else None
        )
    return inputs


class EndpointForm(forms.ModelForm):
    class Meta:
        model = Endpoint
        fields = [
            "name",
            "path_or_feature",
            "baa_covered",
            "zdr_eligible",
            "coverage_source_kind",
            "coverage_reference",
            "coverage_confirmed_on",
        ]
        labels = {"baa_covered": "BAA covers", "zdr_eligible": "Zero retention", "coverage_source_kind": "Source"}
        widgets = {"coverage_confirmed_on": DATE}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("coverage_source_kind") and not data.get("coverage_confirmed_on"):
            self.add_error("coverage_confirmed_on", "When was the coverage last confirmed?")
        return data


EndpointFormSet = forms.inlineformset_factory(
    AIService, Endpoint, form=EndpointForm, formset=UniqueNameFormSet, extra=1, can_delete=True
)


# ---- Evidence and its CUECs --------------------------------------------------------------------------------------


class EvidenceForm(forms.ModelForm):
    """Evidence metadata; with `require_file` (an upload) the PDF is checked by its bytes before anything else."""

    trust_services_criteria = forms.MultipleChoiceField(
        required=False, choices=TrustServicesCriterion.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = SecurityEvidence
        fields = [
            "kind",
            "title",
            "file",
            "issued_on",
            "period_start",
            "period_end",
            "expires_on",
            "auditor",
            "opinion",
            "trust_services_criteria",
            "exceptions_noted",
            "exceptions_summary",
            "covered_services",
            "covered_regions",
            "bridges",
            "covers_until",
        ]
        labels = {"file": "PDF file", "bridges": "Extends report", "covered_services": "Services in scope"}
        widgets = {
            "issued_on": DATE,
            "period_start": DATE,
            "period_end": DATE,
            "expires_on": DATE,
            "covers_until": DATE,
            "covered_services": forms.CheckboxSelectMultiple,
            "exceptions_summary": forms.Textarea(attrs={"rows": 2}),
            "file": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args: object, vendor: Vendor, require_file: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.vendor = vendor
        self.checked_pdf: CheckedPdf | None = None
        self.fields["covered_services"].queryset = vendor.services.all()
        self.fields["bridges"].queryset = vendor.evidence.filter(kind=EvidenceKind.SOC2_TYPE2)
        if require_file:
            self.fields["file"].required = True
            self.fields["file"].help_text = f"PDF only, up to {settings.EVIDENCE_MAX_BYTES // (1024 * 1024)} MB."
        else:
            # The stored file and its sha256 are the record of what was reviewed; a new file is a new upload.
            del self.fields["file"]

    def clean_file(self) -> object:
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        try:
            self.checked_pdf = check_evidence_pdf(upload, size=upload.size, max_bytes=settings.EVIDENCE_MAX_BYTES)
        except EvidenceFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

    def clean(self) -> dict:
        data = super().clean()
        self._check_period(data)
        kind = data.get("kind")
        if kind == EvidenceKind.BRIDGE_LETTER and not data.get("covers_until"):
            self.add_error("covers_until", "A bridge letter needs the last day it covers.")
        if kind != EvidenceKind.BRIDGE_LETTER and (data.get("covers_until") or data.get("bridges")):
            self.add_error("covers_until", "Only a bridge letter covers until a date or extends a report.")
        return data

    def _check_period(self, data: dict) -> None:
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period ends before it starts. Check both dates.")
        if data.get("kind") == EvidenceKind.SOC2_TYPE2 and not (start and end):
            self.add_error("period_end", "A SOC 2 Type II report covers a period: give its start and end.")

    def _post_clean(self) -> None:
        # Field errors above already say what is wrong; skip the model's duplicate, form-wide constraint messages.
        if self.errors:
            return
        super()._post_clean()


class CUECForm(forms.ModelForm):
    class Meta:
        model = ComplementaryUserEntityControl
        fields = ["reference", "description", "owner", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 1})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()


CUECFormSet = forms.inlineformset_factory(
    SecurityEvidence, ComplementaryUserEntityControl, form=CUECForm, extra=1, can_delete=True
)


# ---- Use cases ---------------------------------------------------------------------------------------------------


class UseCaseForm(forms.ModelForm):
    class Meta:
        model = AIUseCase
        fields = [
            "name",
            "service",
            "department",
            "description",
            "task_class",
            "touches_phi",
            "clinical_judgement",
            "psychotherapy_notes",
            "part2_records",
            "endpoints",
            "status",
        ]
        widgets = {"endpoints": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: object, vendor: Vendor, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.vendor = vendor
        self.instance.vendor = vendor
        self.fields["service"].queryset = vendor.services.all()
        self.fields["endpoints"].queryset = Endpoint.objects.filter(service__vendor=vendor).select_related("service")
        self.fields["endpoints"].label_from_instance = lambda endpoint: f"{endpoint.service.name}: {endpoint.name}"

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if _name_taken(self.vendor.use_cases.all(), name, self.instance):
            raise forms.ValidationError("This vendor already has a use case with this name.")
        return name

    def clean(self) -> dict:
        data = super().clean()
        service = data.get("service")
        strays = [endpoint for endpoint in data.get("endpoints") or [] if service and endpoint.service_id != service.pk]
        if strays:
            self.add_error("endpoints", f"Choose endpoints of {service.name} only.")
        return data
