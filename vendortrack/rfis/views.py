"""RFI pages: thin views that fetch through the access helper (selectors.get_rfi_for_user, which asks
vendors.permissions), validate a form and call a service. The vendor's response page is the one view without a login:
the token in its URL is its only credential (response_link.py)."""

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from vendortrack.rfis import selectors, services
from vendortrack.rfis.attachments import AttachmentRefused, check_attachment
from vendortrack.rfis.documents import MEDIA_TYPES, document_context, organisation_name
from vendortrack.rfis.errors import RfiError
from vendortrack.rfis.forms import (
    AcceptForm,
    AnswerForm,
    QuestionForm,
    RfiCreateForm,
    RfiForm,
    SendForm,
    response_submission,
)
from vendortrack.rfis.models import AnsweredVia, QuestionState, Rfi, RfiAttachment, RfiQuestion
from vendortrack.rfis.response_link import (
    LinkRefused,
    link_create,
    link_email,
    link_for_token,
    link_revoke,
    nonce_issue,
    request_allowed,
    response_submit,
)
from vendortrack.vendors.permissions import get_vendor_for_user

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 25


def _detail(rfi: Rfi) -> HttpResponse:
    return redirect("rfis:detail", rfi_id=rfi.public_id)


def _question(rfi: Rfi, number: int) -> RfiQuestion:
    return get_object_or_404(rfi.questions, number=number)


def _done_or_error(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service; show its RfiError as a message. True when it succeeded."""
    try:
        action()
    except RfiError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


@login_required
def rfi_list(request: HttpRequest) -> HttpResponse:
    """Every RFI the user may see; `q` finds vendors by name, whose RFI page is where a new RFI starts."""
    query = request.GET.get("q", "").strip()
    context = {
        "page": Paginator(selectors.rfi_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page")),
        "q": query,
        "vendors": selectors.vendors_named(user=request.user, query=query) if query else [],
    }
    return render(request, "rfis/rfi_list.html", context)


@login_required
@GET_POST
def vendor_rfis(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A vendor's RFIs and its gaps today (GET); a new draft built from those gaps (POST, procurement)."""
    vendor = get_vendor_for_user(request.user, public_id, for_change=request.method == "POST")
    form = RfiCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        rfi = services.rfi_create(actor=request.user, vendor=vendor, title=form.cleaned_data["title"])
        messages.success(request, f"{rfi.reference} was drafted with {rfi.questions.count()} questions.")
        return _detail(rfi)
    context = {
        "vendor": vendor,
        "rfis": selectors.rfi_list(user=request.user, vendor=vendor),
        "gaps": selectors.vendor_gap_list(vendor),
        "form": form,
        "can_change": vendor.can_change,
    }
    return render(request, "rfis/vendor_rfis.html", context)


@login_required
def rfi_detail(request: HttpRequest, rfi_id: uuid.UUID) -> HttpResponse:
    page = selectors.rfi_page(user=request.user, public_id=rfi_id)
    return render(request, "rfis/rfi_detail.html", {"p": page, "rfi": page.rfi, "vendor": page.rfi.vendor})


@login_required
def rfi_preview(request: HttpRequest, rfi_id: uuid.UUID) -> HttpResponse:
    """The document as the vendor receives it, in the browser: the same template the PDF is printed from."""
    rfi = selectors.get_rfi_for_user(request.user, rfi_id)
    return render(request, "rfis/rfi_document.html", document_context(rfi, list(rfi.questions.all())))


def _form_page(request: HttpRequest, rfi: Rfi, form: object, *, heading: str, submit: str) -> HttpResponse:
    context = {"rfi": rfi, "vendor": rfi.vendor, "form": form, "heading": heading, "submit": submit}
    return render(request, "rfis/rfi_form.html", context)


@login_required
@GET_POST
def rfi_edit(request: HttpRequest, rfi_id: uuid.UUID) -> HttpResponse:
    rfi = selectors.get_rfi_for_user(request.user, rfi_id, for_change=True)
    form = RfiForm(request.POST or None, instance=rfi)
    if request.method == "POST" and form.is_valid():
        saved = _done_or_error(
            request, lambda: services.rfi_update(actor=request.user, rfi=rfi, fields=form.cleaned_data), "Saved."
        )
        if saved:
            return _detail(rfi)
    return _form_page(request, rfi, form, heading="Edit the RFI", submit="Save")


@login_required
@GET_POST
def rfi_send(request: HttpRequest, rfi_id: uuid.UUID) -> HttpResponse:
    rfi = selectors.get_rfi_for_user(request.user, rfi_id, for_change=True)
    initial = {"recipient_name": rfi.recipient_name, "recipient_email": rfi.recipient_email, "due_on": rfi.due_on}
    form = SendForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        sent = _done_or_error(
            request,
            lambda: services.rfi_send(actor=request.user, rfi=rfi, **form.cleaned_data),
            f"{rfi.reference} is marked sent; its documents are being built.",
        )
        if sent:
            return _detail(rfi)
    return _form_page(request, rfi, form, heading="Send the RFI", submit="Mark sent")


@login_required
@GET_POST
def question_form(request: HttpRequest, rfi_id: uuid.UUID, number: int | None = None) -> HttpResponse:
    """Add (no number) or edit a question of a draft."""
    rfi = selectors.get_rfi_for_user(request.user, rfi_id, for_change=True)
    question = _question(rfi, number) if number else RfiQuestion(rfi=rfi)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        saved = _done_or_error(
            request,
            lambda: services.question_save(actor=request.user, rfi=rfi, question=question, fields=form.cleaned_data),
            "The question was saved.",
        )
        if saved:
            return _detail(rfi)
    heading = f"Edit Q{number}" if number else "Add a question"
    return _form_page(request, rfi, form, heading=heading, submit="Save question")


@login_required
@GET_POST
def question_delete(request: HttpRequest, rfi_id: uuid.UUID, number: int) -> HttpResponse:
    rfi = selectors.get_rfi_for_user(request.user, rfi_id, for_change=True)
    question = _question(rfi, number)
    if request.method == "POST":
        _done_or_error(
            request,
            lambda: services.question_drop(actor=request.user, rfi=rfi, question=question),
            f"Q{number} was dropped.",
        )
        return _detail(rfi)
    context = {
        "object_label": f"Q{number}",
        "object_description": f"This drops “{question.text}” from {rfi.reference}; the others are numbered again.",
        "cancel_url": reverse("rfis:detail", kwargs={"rfi_id": rfi.public_id}),
    }
    return render(request, "includes/confirm_delete.html", context)


def _checked_upload(form: AnswerForm) -> tuple | None:
    upload = form.cleaned_data.get("file")
    if not upload:
        return None
    try:
        return upload.name, check_attachment(upload, name=upload.name, size=upload.size)
    except AttachmentRefused as error:
        form.add_error("file", str(error))
        return None


@login_required
@GET_POST
def question_answer(request: HttpRequest, rfi_id: uuid.UUID, number: int) -> HttpResponse:
    """Record an answer (action=record) or accept the recorded one into the profile (action=accept)."""
    rfi = selectors.get_rfi_for_user(request.user, rfi_id, for_change=True)
    question = _question(rfi, number)
    accepting = request.POST.get("action") == "accept"
    answer_form = AnswerForm(None if accepting else request.POST or None, request.FILES or None)
    accept_form = AcceptForm(request.POST if accepting else None, question=question)
    if request.method == "POST" and accepting and accept_form.is_valid():
        if _done_or_error(
            request,
            lambda: services.question_accept(actor=request.user, question=question, value=accept_form.value()),
            f"The answer to Q{number} was accepted.",
        ):
            return _detail(rfi)
    if request.method == "POST" and not accepting and answer_form.is_valid():
        attachment = _checked_upload(answer_form)
        if not answer_form.errors and _done_or_error(
            request,
            lambda: services.answer_record(
                actor=request.user, question=question, answer=answer_form.cleaned_data["answer"], attachment=attachment
            ),
            f"The answer to Q{number} was recorded.",
        ):
            return _detail(rfi)
    context = {"rfi": rfi, "vendor": rfi.vendor, "question": question, "form": answer_form, "accept_form": accept_form}
    return render(request, "rfis/question_answer.html", context)


@login_required
@require_POST
def rfi_close(request: HttpRequest, rfi_id: uuid.UUID) -> HttpResponse:
    rfi = selectors.get_rfi_for_user(request.user, rfi_id, for_change=True)
    _done_or_error(request, lambda: services.rfi_close(actor=request.user, rfi=rfi), f"{rfi.reference} is closed.")
    return _detail(rfi)


@login_required
@GET_POST
def rfi_documents(request: HttpRequest, rfi_id: uuid.UUID) -> HttpResponse:
    """The progress partial (GET, polled by htmx while a build runs); POST queues a new build."""
    if request.method == "POST":
        rfi = selectors.get_rfi_for_user(request.user, rfi_id, for_change=True)
        services.documents_request(rfi=rfi)
        messages.success(request, "The documents are being built.")
        return _detail(rfi)
    rfi = selectors.get_rfi_for_user(request.user, rfi_id)
    return render(request, "rfis/_documents.html", {"rfi": rfi, "can_change": rfi.vendor.can_change})


@login_required
def rfi_document_file(request: HttpRequest, rfi_id: uuid.UUID, kind: str) -> FileResponse:
    rfi = selectors.get_rfi_for_user(request.user, rfi_id)
    stored = getattr(rfi, kind) if kind in MEDIA_TYPES else None
    if not stored:
        raise Http404("This document has not been built.")
    filename = f"{rfi.reference} {rfi.vendor.name}.{kind}"
    return FileResponse(stored.open("rb"), as_attachment=True, filename=filename, content_type=MEDIA_TYPES[kind])


@login_required
def attachment_file(request: HttpRequest, rfi_id: uuid.UUID, attachment_id: int) -> FileResponse:
    """A vendor's attachment, downloaded (never shown inline) and only to people who may see the RFI."""
    rfi = selectors.get_rfi_for_user(request.user, rfi_id)
    attachment = get_object_or_404(RfiAttachment.objects.filter(question__rfi=rfi), pk=attachment_id)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.media_type,
    )


@login_required
@require_POST
def link_new(request: HttpRequest, rfi_id: uuid.UUID) -> HttpResponse:
    """Make a response link, e-mail it to the recipient, and show it once."""
    rfi = selectors.get_rfi_for_user(request.user, rfi_id, for_change=True)
    try:
        _, token = link_create(actor=request.user, rfi=rfi)
    except RfiError as error:
        messages.error(request, error.message)
        return _detail(rfi)
    url = request.build_absolute_uri(reverse("rfis:respond", kwargs={"token": token}))
    transaction.on_commit(lambda: link_email(rfi=rfi, url=url))
    sent_to = f" and e-mailed to {rfi.recipient_email}" if rfi.recipient_email else ""
    messages.success(request, f"Response link made{sent_to}. It is shown only now: {url}")
    return _detail(rfi)


@login_required
@require_POST
def link_withdraw(request: HttpRequest, rfi_id: uuid.UUID, link_id: int) -> HttpResponse:
    rfi = selectors.get_rfi_for_user(request.user, rfi_id, for_change=True)
    link_revoke(actor=request.user, link=get_object_or_404(rfi.links, pk=link_id))
    messages.success(request, "The response link was withdrawn.")
    return _detail(rfi)


def _client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is chosen by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "")


def _refused(request: HttpRequest, error: LinkRefused) -> HttpResponse:
    return render(request, "rfis/respond_refused.html", {"message": error.message}, status=error.status)


@never_cache
@GET_POST
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The vendor's page: its own RFI's questions, answers and attachments, nothing else."""
    if not request_allowed(token=token, client_address=_client_address(request)):
        return _refused(request, LinkRefused("Too many requests. Wait a few minutes and try again.", status=429))
    try:
        link = link_for_token(token)
        if request.method == "POST":
            answered = response_submit(link=link, submission=response_submission(request.POST, request.FILES))
            messages.success(request, f"Thank you: {answered} answer{'s' if answered != 1 else ''} received.")
            return redirect("rfis:respond", token=token)
    except LinkRefused as error:
        return _refused(request, error)
    rfi = link.rfi
    context = {
        "rfi": rfi,
        "vendor_name": rfi.vendor.name,
        "organisation": organisation_name(),
        "sections": selectors.sections_of(list(rfi.questions.prefetch_related("attachments"))),
        "nonce": nonce_issue(link),
        "accepted": QuestionState.ACCEPTED,
        "from_link": AnsweredVia.VENDOR_LINK,
        "open_for_answers": rfi.status in services.ANSWERABLE,
    }
    return render(request, "rfis/respond.html", context)
