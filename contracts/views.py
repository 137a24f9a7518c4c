"""Agreement pages: thin views that fetch through contracts.access, validate forms, and call a service or selector."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from contracts import selectors, services, versions
from contracts.access import agreement_for_user, can_add_agreement, vendor_for_user
from contracts.agreement_cache import agreement_page, agreement_rows
from contracts.errors import AgreementError
from contracts.forms import AgreementForm, VersionUploadForm
from contracts.models import Agreement, AnalysisState, DocumentVersion
from contracts.redlines import compare_versions

GET_POST = require_http_methods(["GET", "POST"])


def _version(agreement: Agreement, number: int) -> DocumentVersion:
    version = selectors.version_for_agreement(agreement, number)
    if version is None:
        raise Http404("No such version.")
    return version


@login_required
def agreement_list(request: HttpRequest, vendor_id: uuid.UUID | None = None) -> HttpResponse:
    vendor = vendor_for_user(request.user, vendor_id) if vendor_id else None
    context = {
        "vendor": vendor,
        "rows": agreement_rows(request, vendor=vendor),
        "can_add": vendor is not None and can_add_agreement(request.user, vendor),
    }
    return render(request, "contracts/agreement_list.html", context)


@login_required
@GET_POST
def agreement_create(request: HttpRequest, vendor_id: uuid.UUID) -> HttpResponse:
    vendor = vendor_for_user(request.user, vendor_id)
    if not can_add_agreement(request.user, vendor):
        raise PermissionDenied("Your role cannot add agreements.")
    form = AgreementForm(request.POST or None, vendor=vendor, instance=Agreement(vendor=vendor))
    if request.method == "POST" and form.is_valid():
        agreement = services.agreement_create(actor=request.user, vendor=vendor, fields=form.cleaned_data)
        messages.success(request, f"{agreement.title} was added. Upload its document to analyse it.")
        return redirect("contracts:upload", public_id=agreement.public_id)
    return render(request, "contracts/agreement_form.html", {"form": form, "vendor": vendor, "agreement": None})


@login_required
@GET_POST
def agreement_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    agreement = agreement_for_user(request.user, public_id, for_change=True)
    form = AgreementForm(request.POST or None, vendor=agreement.vendor, instance=agreement)
    if request.method == "POST" and form.is_valid():
        services.agreement_update(actor=request.user, agreement=agreement, fields=form.cleaned_data)
        messages.success(request, "The agreement was saved.")
        return redirect("contracts:detail", public_id=agreement.public_id)
    context = {"form": form, "vendor": agreement.vendor, "agreement": agreement}
    return render(request, "contracts/agreement_form.html", context)


@login_required
def agreement_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    page = agreement_page(request, public_id=public_id)
    return render(request, "contracts/agreement_detail.html", {"p": page, "agreement": page.agreement})


@login_required
@GET_POST
def version_upload(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    agreement = agreement_for_user(request.user, public_id, for_change=True)
    form = VersionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = versions.version_upload(
                agreement=agreement, user=request.user, file=upload, original_name=upload.name, size=upload.size
            )
        except AgreementError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, f"Version {version.number} was uploaded and is being analysed.")
            return redirect("contracts:detail", public_id=agreement.public_id)
    return render(request, "contracts/upload_form.html", {"form": form, "agreement": agreement})


@login_required
def version_progress(request: HttpRequest, public_id: uuid.UUID, number: int) -> HttpResponse:
    """The progress partial; it carries its own polling trigger only while the analysis is under way."""
    agreement = agreement_for_user(request.user, public_id)
    version = _version(agreement, number)
    response = render(request, "contracts/_version_progress.html", {"agreement": agreement, "version": version})
    if request.htmx and version.analysis_state == AnalysisState.DONE:
        # The findings and summary of the page depend on the result: reload it once, when the analysis ends.
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def version_rerun(request: HttpRequest, public_id: uuid.UUID, number: int) -> HttpResponse:
    agreement = agreement_for_user(request.user, public_id, for_change=True)
    version = versions.version_rerun(version=_version(agreement, number), user=request.user)
    messages.success(request, f"Version {version.number} is queued for analysis again.")
    return redirect("contracts:detail", public_id=agreement.public_id)


@login_required
def version_file(request: HttpRequest, public_id: uuid.UUID, number: int) -> FileResponse:
    """The stored file, only to people who may see the agreement (media is never served directly)."""
    agreement = agreement_for_user(request.user, public_id)
    version = _version(agreement, number)
    return FileResponse(
        version.file.open("rb"), as_attachment=True, filename=version.original_name, content_type=version.media_type
    )


@login_required
def version_compare(request: HttpRequest, public_id: uuid.UUID, number: int) -> HttpResponse:
    """Version `number` against the one before it."""
    agreement = agreement_for_user(request.user, public_id)
    after = _version(agreement, number)
    before = agreement.versions.filter(number__lt=number).order_by("-number").first()
    if before is None:
        raise Http404("The first version has nothing to be compared with.")
    comparison = compare_versions(before=before, after=after)
    return render(request, "contracts/version_compare.html", {"agreement": agreement, "c": comparison})


@login_required
@require_POST
def agreement_execute(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    agreement = agreement_for_user(request.user, public_id, for_change=True)
    try:
        services.agreement_execute(agreement=agreement, user=request.user)
    except AgreementError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{agreement.title} is marked executed.")
    return redirect("contracts:detail", public_id=agreement.public_id)
