"""Compliance pages: thin views that fetch through compliance.access, validate forms, and call a service or selector."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from vendortrack.compliance import selectors, services
from vendortrack.compliance.access import can_review, event_for_user, review_for_user
from vendortrack.compliance.errors import ComplianceError
from vendortrack.compliance.forms import (
    DeadlineFilterForm,
    MonthForm,
    PreferenceForm,
    ReviewNotesForm,
    SignOffForm,
    attestation_forms,
)
from vendortrack.compliance.ical import calendar_feed
from vendortrack.compliance.models import (
    CalendarFeed,
    ExportState,
    Notification,
    NotificationPreference,
    ScheduleExport,
)
from vendortrack.compliance.page_cache import calendar_grid, dashboard_board, deadline_results
from vendortrack.compliance.reminders import notifications_mark_read, unread_count
from vendortrack.vendors.permissions import get_vendor_for_user

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: the first page everyone sees, counted over the vendors they may see."""
    board = dashboard_board(user=request.user, today=timezone.localdate())
    return render(request, "compliance/dashboard.html", {"board": board})


@login_required
def deadline_list(request: HttpRequest) -> HttpResponse:
    form = DeadlineFilterForm(request.GET)
    filters = form.to_filters()
    may_close = can_review(request.user)
    results = deadline_results(request, filters=filters, today=timezone.localdate(), may_close=may_close)
    context = {"form": form, "filters": filters, "can_review": may_close, "results": results}
    return render(request, "compliance/deadline_list.html", context)


@login_required
@require_POST
def event_done(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = event_for_user(request.user, public_id, for_change=True)
    if event.status == "open":
        services.event_complete(actor=request.user, event=event)
        messages.success(request, f"“{event.title}” for {event.vendor.name} is marked done.")
    return redirect(request.POST.get("next") or "compliance:deadlines")


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    findings = selectors.critical_open_findings(user=request.user)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "compliance/finding_list.html", {"page": page})


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    month, view = MonthForm(request.GET).chosen(today)
    context = {
        "view": view,
        "period": selectors.calendar_period(month=month),
        "grid": calendar_grid(user=request.user, month=month, view=view, today=today),
    }
    return render(request, "compliance/calendar.html", context)


@login_required
@require_POST
def quarter_pdf(request: HttpRequest) -> HttpResponse:
    month, _ = MonthForm(request.POST).chosen(timezone.localdate())
    export = services.schedule_export_request(user=request.user, day=month)
    return redirect("compliance:export", public_id=export.public_id)


@login_required
def export_file(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The PDF once rendered; until then a page (or, for htmx, a partial) that polls for it."""
    export = ScheduleExport.objects.filter(user=request.user, public_id=public_id).first()
    if export is None:
        raise Http404("No such export.")
    if export.state == ExportState.READY and request.GET.get("download"):
        return FileResponse(export.file.open("rb"), as_attachment=True, filename=f"schedule-{export.quarter_start}.pdf")
    template = "compliance/_export_progress.html" if request.htmx else "compliance/export.html"
    return render(request, template, {"export": export})


@login_required
@GET_POST
def feed_settings(request: HttpRequest) -> HttpResponse:
    """Create, replace or revoke the personal calendar feed; the secret URL is shown once, when it is made."""
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(user=request.user)
            messages.success(request, "The calendar feed was revoked; calendar apps can no longer read it.")
            return redirect("compliance:feed")
        token = services.calendar_feed_create(user=request.user)
    active = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    feed_url = request.build_absolute_uri(reverse("compliance:feed_ics", kwargs={"token": token})) if token else None
    return render(request, "compliance/feed.html", {"active": active, "feed_url": feed_url})


def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed: no session (calendar apps have none), the secret token is the credential."""
    user = services.calendar_feed_user(token=token)
    if user is None:
        raise Http404("No such feed.")
    response = HttpResponse(calendar_feed(user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@GET_POST
def notification_list(request: HttpRequest) -> HttpResponse:
    preference = NotificationPreference.objects.filter(user=request.user).first()
    initial = {
        "mode": preference.mode if preference else "immediate",
        "email": preference.email if preference else True,
    }
    form = PreferenceForm(request.POST if request.POST.get("action") == "preferences" else None, initial=initial)
    if request.method == "POST":
        if request.POST.get("action") == "read":
            notifications_mark_read(user=request.user)
            return redirect("compliance:notifications")
        if form.is_valid():
            services.notification_preference_save(user=request.user, **form.cleaned_data)
            messages.success(request, "Your reminder preferences were saved.")
            return redirect("compliance:notifications")
    notes = Notification.objects.filter(user=request.user).select_related("event__vendor")
    context = {"page": Paginator(notes, PAGE_SIZE).get_page(request.GET.get("page")), "form": form}
    return render(request, "compliance/notifications.html", context)


@login_required
def unread_badge(request: HttpRequest) -> HttpResponse:
    """The unread count for the top bar, loaded by htmx after the page so no page pays for it."""
    return render(request, "compliance/_unread_badge.html", {"count": unread_count(request.user)})


@login_required
@GET_POST
def vendor_reviews(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    vendor = get_vendor_for_user(request.user, public_id)
    if request.method == "POST":
        if not can_review(request.user):
            raise PermissionDenied("Only compliance can open a review.")
        review = services.review_open(actor=request.user, vendor=vendor)
        return redirect("compliance:review", public_id=review.public_id)
    reviews = selectors.vendor_reviews(user=request.user, vendor=vendor)
    events = vendor.review_events.exclude(status="cancelled").order_by("due_on")
    context = {"vendor": vendor, "reviews": reviews, "events": events, "can_review": can_review(request.user)}
    return render(request, "compliance/vendor_reviews.html", context)


@login_required
@GET_POST
def review_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    review = review_for_user(request.user, public_id, for_change=request.method == "POST")
    editable = can_review(request.user) and review.status == "draft"
    data = request.POST if request.method == "POST" else None
    notes_form = ReviewNotesForm(data, initial={"notes": review.notes})
    rows = attestation_forms(review, data)
    if data is not None and notes_form.is_valid() and all(form.is_valid() for _, form in rows):
        try:
            services.review_save(
                actor=request.user,
                review=review,
                notes=notes_form.cleaned_data["notes"],
                attestations={a.pk: (f.cleaned_data["state"], f.cleaned_data["note"]) for a, f in rows},
            )
        except ComplianceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The review was saved.")
        return redirect("compliance:review", public_id=review.public_id)
    context = {"review": review, "vendor": review.vendor, "notes_form": notes_form, "rows": rows}
    context |= {"editable": editable, "sign_off_form": SignOffForm()}
    return render(request, "compliance/review_detail.html", context)


@login_required
@require_POST
def review_sign_off(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    review = review_for_user(request.user, public_id, for_change=True)
    form = SignOffForm(request.POST)
    try:
        outcome = form.cleaned_data["outcome"] if form.is_valid() else ""
        services.review_sign_off(actor=request.user, review=review, outcome=outcome)
    except ComplianceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The review is signed off; the next one is scheduled and its PDF is being made.")
    return redirect("compliance:review", public_id=review.public_id)


@login_required
def review_pdf(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The signed-off review's PDF; while it is being made, a partial that polls (htmx) or a short page."""
    review = review_for_user(request.user, public_id)
    if review.pdf:
        filename = f"review-{review.vendor.name}-{review.signed_off_at:%Y-%m-%d}.pdf"
        return FileResponse(review.pdf.open("rb"), as_attachment=True, filename=filename)
    if review.status != "signed_off":
        raise Http404("A review has a PDF once it is signed off.")
    template = "compliance/_review_pdf_progress.html" if request.htmx else "compliance/review_pdf_wait.html"
    return render(request, template, {"review": review})
