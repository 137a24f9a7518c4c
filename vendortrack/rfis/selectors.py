"""Reads for the RFI pages and services: the access helper, the gap inputs, and the lists with their joins."""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from clause_library.catalogue import RFI_SECTIONS
from contracts.models import AgreementStatus, AnalysisState, ClauseFinding, DocumentVersion
from vendortrack.rfis.gaps import SUBPROCESSOR_LIST, SUBPROCESSOR_LIST_MAX_AGE_DAYS, Gap, vendor_gaps
from vendortrack.rfis.models import QuestionState, Rfi, RfiQuestion
from vendortrack.vendors.models import AIService, AIUseCase, Vendor
from vendortrack.vendors.permissions import get_vendor_for_user, vendors_visible_to

User = AbstractBaseUser | AnonymousUser
# Findings of agreements that ended say nothing about what the vendor promises today.
ENDED_AGREEMENTS = (AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)


def get_rfi_for_user(user: User, public_id: uuid.UUID | str, *, for_change: bool = False) -> Rfi:
    """The RFI if `user` may see its vendor (vendors.permissions decides); Http404 otherwise, PermissionDenied when
    `for_change` and the user may not change the vendor."""
    try:
        rfi = Rfi.objects.select_related("vendor").filter(public_id=public_id).first()
    except (ValidationError, ValueError) as error:
        raise Http404("No such RFI.") from error
    if rfi is None:
        raise Http404("No such RFI.")
    rfi.vendor = get_vendor_for_user(user, rfi.vendor.public_id, for_change=for_change)
    return rfi


def open_findings(vendor: Vendor) -> list[ClauseFinding]:
    """The findings of the latest analysed version of each agreement of `vendor` that has not ended."""
    newest_done = (
        DocumentVersion.objects.filter(agreement=OuterRef("agreement"), analysis_state=AnalysisState.DONE)
        .order_by("-number")
        .values("number")[:1]
    )
    latest = DocumentVersion.objects.filter(
        agreement__vendor=vendor, analysis_state=AnalysisState.DONE, number=Subquery(newest_done)
    ).exclude(agreement__status__in=ENDED_AGREEMENTS)
    return list(
        ClauseFinding.objects.filter(version__in=latest.values("pk"))
        .select_related("version__agreement")
        .order_by("version__agreement__title", "pk")
    )


def subprocessors_confirmed_on(vendor: Vendor) -> datetime.date | None:
    """The day procurement last accepted an RFI answer about the vendor's sub-processor list."""
    accepted = RfiQuestion.objects.filter(
        rfi__vendor=vendor, target_model=SUBPROCESSOR_LIST, state=QuestionState.ACCEPTED
    ).aggregate(last=Max("accepted_at"))["last"]
    return timezone.localdate(accepted) if accepted else None


def gap_vendor(vendor: Vendor) -> Vendor:
    """`vendor` again, with everything `vendor_gaps` reads prefetched."""
    use_cases = AIUseCase.objects.select_related("service").prefetch_related("endpoints")
    return Vendor.objects.prefetch_related(
        Prefetch("services", queryset=AIService.objects.prefetch_related("endpoints")),
        Prefetch("use_cases", queryset=use_cases),
        "evidence",
        "subprocessors",
    ).get(pk=vendor.pk)


def vendor_gap_list(vendor: Vendor, *, today: datetime.date | None = None) -> list[Gap]:
    """The gaps of `vendor` today, read from the database."""
    return vendor_gaps(
        gap_vendor(vendor),
        findings=open_findings(vendor),
        today=today or timezone.localdate(),
        subprocessors_confirmed_on=subprocessors_confirmed_on(vendor),
        subprocessor_max_age_days=getattr(
            settings, "RFI_SUBPROCESSOR_LIST_MAX_AGE_DAYS", SUBPROCESSOR_LIST_MAX_AGE_DAYS
        ),
    )


def rfi_list(*, user: User, vendor: Vendor | None = None) -> QuerySet[Rfi]:
    """The RFIs of every vendor `user` may see (or of `vendor`), newest first, with their question counts."""
    rfis = Rfi.objects.filter(vendor__in=vendors_visible_to(user).values("pk"))
    if vendor is not None:
        rfis = rfis.filter(vendor=vendor)
    return (
        rfis.select_related("vendor")
        .annotate(
            question_count=Count("questions"),
            answered_count=Count("questions", filter=~Q(questions__state=QuestionState.OPEN)),
        )
        .order_by("-created_at", "-pk")
    )


def vendors_named(*, user: User, query: str, limit: int = 20) -> list[Vendor]:
    """Visible vendors whose name contains `query`, for starting an RFI from the RFI list."""
    return list(vendors_visible_to(user).filter(name__icontains=query).order_by("name")[:limit])


@dataclass(frozen=True)
class DocumentSection:
    number: int
    key: str
    label: str
    questions: list[RfiQuestion]


def sections_of(questions: list[RfiQuestion]) -> list[DocumentSection]:
    """The questions grouped by section in RFI_SECTIONS order, the sections numbered 1, 2, ... as printed."""
    grouped: dict[str, list[RfiQuestion]] = {}
    for question in sorted(questions, key=lambda q: q.number):
        grouped.setdefault(question.section, []).append(question)
    present = [key for key in RFI_SECTIONS if key in grouped]
    return [
        DocumentSection(number=index, key=key, label=RFI_SECTIONS[key], questions=grouped[key])
        for index, key in enumerate(present, start=1)
    ]


@dataclass(frozen=True)
class RfiPage:
    rfi: Rfi
    sections: list[DocumentSection]
    can_change: bool
    links: list


def rfi_page(*, user: User, public_id: uuid.UUID) -> RfiPage:
    rfi = get_rfi_for_user(user, public_id)
    questions = list(rfi.questions.prefetch_related("attachments").select_related("accepted_by"))
    can_change = rfi.vendor.can_change  # read with the vendor by get_vendor_for_user
    links = list(rfi.links.all()) if can_change else []
    return RfiPage(rfi=rfi, sections=sections_of(questions), can_change=can_change, links=links)


def rfi_for_document(rfi_id: int) -> Rfi:
    """The RFI with its vendor and questions, as the documents render them."""
    return Rfi.objects.select_related("vendor").prefetch_related("questions").get(pk=rfi_id)
