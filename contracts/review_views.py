"""Review pages: the queue, a finding with its decision card, the conflicts panel and the legal memo.

Thin views: access is decided by contracts.access (through the selectors in contracts/review.py), reads come from
review.py, conflicts.py and memo.py, and the one write, a decision, goes through contracts.services.finding_decide.
htmx requests get the fragment they swap; the same URLs work as plain pages and plain form posts without it.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from contracts import review
from contracts.access import agreement_for_user
from contracts.conflicts import agreement_conflicts
from contracts.errors import AgreementError
from contracts.memo import memo_csv, memo_failure, memo_for, memo_is_ready, memo_request
from contracts.models import Agreement
from contracts.provisions import provision
from contracts.review_cache import finding_body, may_decide, queue_results
from contracts.review_forms import DecisionForm, decision_forms
from contracts.services import finding_decide


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    results = queue_results(request)
    # htmx swaps only the results; a history restore needs the whole page back.
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(results.html)
    return render(request, "contracts/review_queue.html", {"results": results})


def _finding_context(request: HttpRequest, public_id: uuid.UUID, finding_id: int, **extra: object) -> dict:
    body = finding_body(request, public_id=public_id, finding_id=finding_id)
    page = body.page
    forms = []
    if may_decide(request.user, page.agreement):
        fallback = page.provision.fallback_clause if page.provision else ""
        forms = decision_forms(fallback_clause=fallback, bound=extra.pop("bound", None))
    context = {
        "f": page,
        "body": body,
        "finding": page.finding,
        "agreement": page.agreement,
        "filter_query": body.filter_query,
        "forms": forms,
    }
    return context | extra


@login_required
def finding_detail(request: HttpRequest, public_id: uuid.UUID, finding_id: int) -> HttpResponse:
    return render(request, "contracts/finding_detail.html", _finding_context(request, public_id, finding_id))


@login_required
@require_POST
def finding_decision(request: HttpRequest, public_id: uuid.UUID, finding_id: int) -> HttpResponse:
    """Record a decision. htmx gets the decision card back (with the errors, or the decision and the next finding);
    a plain post is redirected to the finding page, or gets it again with the errors in place."""
    finding = review.finding_for_user(user=request.user, public_id=public_id, finding_id=finding_id, for_change=True)
    entry = provision(finding.provision_id)
    form = DecisionForm(
        request.POST,
        decision=request.POST.get("decision", ""),
        fallback_clause=entry.fallback_clause if entry else "",
    )
    if form.is_valid():
        try:
            finding_decide(
                finding=finding,
                user=request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except AgreementError as error:
            form.add_error("note", error.message)
    if form.is_valid():
        if not request.htmx:
            messages.success(request, f"Decision recorded: {finding.get_decision_display()}.")
            url = reverse("contracts:finding", kwargs={"public_id": public_id, "finding_id": finding_id})
            return redirect(f"{url}?{request.GET.urlencode()}")
        context = _finding_context(request, public_id, finding_id, just_decided=True)
        return render(request, "contracts/_decision_form.html", context)
    bound = form if form.decision_value in dict(form.fields["decision"].choices) else None
    if bound is None:
        messages.error(request, "Choose a decision.")
    context = _finding_context(request, public_id, finding_id, bound=bound)
    return render(
        request, "contracts/_decision_form.html" if request.htmx else "contracts/finding_detail.html", context
    )


@login_required
def conflicts_panel(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The conflicts of one agreement with the vendor's other agreements, as a panel (the agreement page loads it)."""
    agreement = agreement_for_user(request.user, public_id, queryset=Agreement.objects.select_related("vendor"))
    conflicts = agreement_conflicts(user=request.user, agreement=agreement)
    return render(request, "contracts/review_conflicts.html", {"agreement": agreement, "conflicts": conflicts})


def _memo_of(request: HttpRequest, public_id: uuid.UUID) -> tuple[Agreement, object]:
    agreement = agreement_for_user(request.user, public_id, queryset=Agreement.objects.select_related("vendor"))
    return agreement, memo_for(agreement)


@login_required
@require_http_methods(["GET", "POST"])
def memo_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The memo's state: ready to download, being rendered (polled by htmx), or failed. Anyone who may read the
    agreement may export its memo; rendering is asked for here, once per state of the review."""
    agreement, memo = _memo_of(request, public_id)
    if request.method == "POST" and memo is not None:
        memo_request(memo)
        return redirect("contracts:memo", public_id=agreement.public_id)
    ready = memo is not None and memo_is_ready(memo)
    failure = memo_failure(memo) if memo is not None and not ready else ""
    waiting_for = request.GET.get("fp")
    if memo is not None and not ready and not failure and waiting_for != memo.fingerprint:
        # Asked for on the first visit, and again if a decision changed the memo while the page was waiting.
        memo_request(memo)
        ready = memo_is_ready(memo)  # an in-process worker (one machine, tests) has rendered it already
    context = {"agreement": agreement, "memo": memo, "ready": ready, "failure": failure}
    template = "contracts/review_memo_state.html" if request.htmx else "contracts/review_memo.html"
    return render(request, template, context)


@login_required
def memo_pdf(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The rendered memo; until it is rendered, the memo page (which asks for it and shows the progress)."""
    _agreement, memo = _memo_of(request, public_id)
    if memo is None or not memo_is_ready(memo):
        return redirect("contracts:memo", public_id=public_id)
    return FileResponse(
        default_storage.open(memo.pdf_name, "rb"),
        as_attachment=True,
        filename=f"{memo.download_name}.pdf",
        content_type="application/pdf",
    )


@login_required
def memo_csv_download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    _agreement, memo = _memo_of(request, public_id)
    if memo is None:
        raise Http404("No version of this agreement has been analysed yet.")
    response = HttpResponse(memo_csv(memo), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{memo.download_name}.csv")
    return response
