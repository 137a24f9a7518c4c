"""Vendor pages: thin views that fetch through the access helper, validate forms, and call a service or selector.

Every vendor-scoped URL carries the vendor's public id; its children (services, evidence, use cases) are looked up
inside that vendor, so a guessed child id of another vendor is a 404 like any unseen vendor.
"""

import csv
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from vendortrack.vendors import selectors, services
from vendortrack.vendors.audit import audit_trail_csv_rows, vendor_audit_trail, with_related_names
from vendortrack.vendors.forms import (
    AIServiceForm,
    CUECFormSet,
    EndpointFormSet,
    EvidenceForm,
    RiskOverrideForm,
    SubProcessorFormSet,
    UseCaseForm,
    VendorFilterForm,
    VendorForm,
    fact_source_forms,
    fact_source_inputs,
    inline_rows,
)
from vendortrack.vendors.list_cache import vendor_list_results
from vendortrack.vendors.models import AIService, AIUseCase, Vendor
from vendortrack.vendors.page_cache import vendor_page_body
from vendortrack.vendors.permissions import get_vendor_for_user, has_vendor_permission

GET_POST = require_http_methods(["GET", "POST"])
T = TypeVar("T")


def _can_create_vendor(request: HttpRequest) -> bool:
    return has_vendor_permission(request.user, "vendors.add_vendor")


@login_required
def vendor_list(request: HttpRequest) -> HttpResponse:
    filter_form = VendorFilterForm(request.GET)
    filters = filter_form.to_filters()
    listed = vendor_list_results(request, filters)
    results = mark_safe(listed.results_html)  # noqa: S308 - template output, escaped when rendered  # nosec B308 B703
    # htmx swaps only the results; a history restore needs the whole page back.
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(results)
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "counts": listed.counts,
        "results": results,
        "can_create": _can_create_vendor(request),
    }
    return render(request, "vendors/vendor_list.html", context)


@login_required
def vendor_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    vendor = selectors.vendor_for_page(user=request.user, public_id=public_id)
    return render(request, "vendors/vendor_detail.html", {"vendor": vendor, "body": vendor_page_body(vendor)})


@login_required
@GET_POST
def vendor_create(request: HttpRequest) -> HttpResponse:
    if not _can_create_vendor(request):
        raise PermissionDenied("Your role cannot add vendors.")
    form = VendorForm(request.POST or None)
    formset = SubProcessorFormSet(request.POST or None, instance=Vendor(), prefix="sub")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        vendor = _saved_or_error(
            form,
            lambda: services.vendor_create(
                actor=request.user, fields=form.cleaned_data, subprocessors=inline_rows(formset)
            ),
        )
        if vendor:
            messages.success(request, f"{vendor.name} was added.")
            return redirect("vendors:detail", public_id=vendor.public_id)
    return render(request, "vendors/vendor_form.html", {"form": form, "formset": formset, "vendor": None})


@login_required
@GET_POST
def vendor_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    vendor = get_vendor_for_user(request.user, public_id, for_change=True)
    form = VendorForm(request.POST or None, instance=vendor)
    formset = SubProcessorFormSet(request.POST or None, instance=vendor, prefix="sub")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = _saved_or_error(
            form,
            lambda: services.vendor_update(
                actor=request.user, vendor=vendor, fields=form.cleaned_data, subprocessors=inline_rows(formset)
            ),
        )
        if saved:
            messages.success(request, "The vendor profile was saved.")
            return redirect("vendors:detail", public_id=vendor.public_id)
    return render(request, "vendors/vendor_form.html", {"form": form, "formset": formset, "vendor": vendor})


@login_required
@GET_POST
def vendor_risk(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    vendor = get_vendor_for_user(request.user, public_id, for_change=True)
    form = RiskOverrideForm(request.POST or None, instance=vendor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.vendor_set_risk_override(
            actor=request.user, vendor=vendor, tier=data["risk_tier_override"], reason=data["risk_override_reason"]
        )
        messages.success(request, "The risk tier was updated.")
        return redirect("vendors:detail", public_id=vendor.public_id)
    return render(request, "vendors/risk_form.html", {"form": form, "vendor": vendor})


@login_required
@GET_POST
def service_form(request: HttpRequest, public_id: uuid.UUID, service_id: int | None = None) -> HttpResponse:
    vendor = get_vendor_for_user(request.user, public_id, for_change=True)
    service = get_object_or_404(vendor.services, pk=service_id) if service_id else AIService(vendor=vendor)
    data = request.POST or None
    form = AIServiceForm(data, instance=service, vendor=vendor)
    sources = fact_source_forms(service, data)
    formset = EndpointFormSet(data, instance=service, prefix="ep")
    valid = data is not None and all([form.is_valid(), formset.is_valid(), *(f.is_valid() for _, _, f in sources)])
    if valid:
        saved = _saved_or_error(
            form,
            lambda: services.service_save(
                actor=request.user,
                vendor=vendor,
                service=service,
                fields=form.cleaned_data,
                sources=fact_source_inputs(sources),
                endpoints=inline_rows(formset),
            ),
        )
        if saved:
            messages.success(request, f"{saved.name} was saved.")
            return redirect("vendors:detail", public_id=vendor.public_id)
    context = {"form": form, "formset": formset, "sources": sources, "vendor": vendor, "service": service}
    return render(request, "vendors/service_form.html", context)


@login_required
@GET_POST
def evidence_upload(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    vendor = get_vendor_for_user(request.user, public_id, for_change=True)
    form = EvidenceForm(request.POST or None, request.FILES or None, vendor=vendor, require_file=True)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        evidence = services.evidence_upload(
            actor=request.user, vendor=vendor, fields=fields, file=fields["file"], checked=form.checked_pdf
        )
        messages.success(request, f"{evidence.title} was uploaded.")
        if form.checked_pdf.encrypted:
            messages.warning(request, "The PDF is password-protected: it is stored, but its text cannot be read.")
        return redirect("vendors:detail", public_id=vendor.public_id)
    return render(request, "vendors/evidence_form.html", {"form": form, "vendor": vendor, "evidence": None})


@login_required
@GET_POST
def evidence_edit(request: HttpRequest, public_id: uuid.UUID, evidence_id: int) -> HttpResponse:
    vendor = get_vendor_for_user(request.user, public_id, for_change=True)
    evidence = get_object_or_404(vendor.evidence, pk=evidence_id)
    form = EvidenceForm(request.POST or None, instance=evidence, vendor=vendor, require_file=False)
    formset = CUECFormSet(request.POST or None, instance=evidence, prefix="cuec")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        services.evidence_update(
            actor=request.user, evidence=evidence, fields=form.cleaned_data, cuecs=inline_rows(formset)
        )
        messages.success(request, f"{evidence.title} was saved.")
        return redirect("vendors:detail", public_id=vendor.public_id)
    context = {"form": form, "formset": formset, "vendor": vendor, "evidence": evidence}
    return render(request, "vendors/evidence_form.html", context)


@login_required
def evidence_file(request: HttpRequest, public_id: uuid.UUID, evidence_id: int) -> FileResponse:
    """The stored PDF, only to people who may see the vendor (media is never served directly)."""
    vendor = get_vendor_for_user(request.user, public_id)
    evidence = get_object_or_404(vendor.evidence, pk=evidence_id)
    if not evidence.file:
        raise Http404("No file was uploaded for this evidence.")
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=f"{evidence.kind}.pdf", content_type="application/pdf"
    )


@login_required
@GET_POST
def use_case_form(request: HttpRequest, public_id: uuid.UUID, use_case_id: int | None = None) -> HttpResponse:
    vendor = get_vendor_for_user(request.user, public_id, for_change=True)
    use_case = get_object_or_404(vendor.use_cases, pk=use_case_id) if use_case_id else AIUseCase(vendor=vendor)
    form = UseCaseForm(request.POST or None, instance=use_case, vendor=vendor)
    if request.method == "POST" and form.is_valid():
        saved = services.use_case_save(actor=request.user, vendor=vendor, use_case=use_case, fields=form.cleaned_data)
        messages.success(request, f"{saved.name} was saved.")
        return redirect("vendors:detail", public_id=vendor.public_id)
    return render(request, "vendors/use_case_form.html", {"form": form, "vendor": vendor, "use_case": use_case})


# Children that can be deleted from the vendor page: the related name on Vendor and how to name one to a person.
DELETABLE = {
    "service": ("services", "service"),
    "evidence": ("evidence", "evidence"),
    "use_case": ("use_cases", "use case"),
}


@login_required
@GET_POST
def child_delete(request: HttpRequest, public_id: uuid.UUID, kind: str, child_id: int) -> HttpResponse:
    """Confirm (GET) and delete (POST) a service, evidence or use case of a vendor."""
    vendor = get_vendor_for_user(request.user, public_id, for_change=True)
    related_name, label = DELETABLE[kind]
    child = get_object_or_404(getattr(vendor, related_name), pk=child_id)
    if request.method == "POST":
        services.vendor_child_delete(actor=request.user, vendor=vendor, child=child)
        messages.success(request, f"The {label} “{child}” was deleted.")
        return redirect("vendors:detail", public_id=vendor.public_id)
    context = {
        "object_label": f"{label} “{child}”",
        "object_description": f"This removes the {label} “{child}” from {vendor.name}.",
        "cancel_url": vendor_url(vendor),
        "vendor": vendor,
    }
    return render(request, "includes/confirm_delete.html", context)


@login_required
def audit_trail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    vendor = get_vendor_for_user(request.user, public_id)
    entries = Paginator(vendor_audit_trail(vendor), 50).get_page(request.GET.get("page"))
    entries.object_list = with_related_names(entries.object_list)
    return render(request, "vendors/audit_trail.html", {"vendor": vendor, "page": entries})


class _Echo:
    """A write-only buffer: csv.writer hands each row straight to the streaming response."""

    def write(self, value: str) -> str:
        return value


@login_required
def audit_trail_csv(request: HttpRequest, public_id: uuid.UUID) -> StreamingHttpResponse:
    vendor = get_vendor_for_user(request.user, public_id)
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in audit_trail_csv_rows(vendor_audit_trail(vendor)))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{vendor.public_id}.csv"'
    return response


def vendor_url(vendor: Vendor) -> str:
    return reverse("vendors:detail", kwargs={"public_id": vendor.public_id})


def _saved_or_error(form: BaseForm, save: Callable[[], T]) -> T | None:
    """Run `save`; a uniqueness race lost to another request since validation becomes a form error, not a 500."""
    try:
        return save()
    except IntegrityError:
        form.add_error(None, "Someone saved a conflicting change a moment ago. Check the names and save again.")
        return None
