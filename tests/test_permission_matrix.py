"""Every URL, for every role: the status code of GET and, for write URLs, of POST.

The URL list comes from the resolver, so a new URL without an entry in MATRIX fails `test_every_url_has_an_entry`.
Django's admin is left out on purpose: it checks is_staff and its own model permissions, and no role here is staff
except through Admin.
"""

from collections.abc import Iterator
from datetime import date
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from contracts.memo import memo_render
from contracts.models import Agreement, FindingStatus, Severity
from tests.contracts.factories import AgreementFactory, ClauseFindingFactory, DocumentVersionFactory
from tests.factories import VendorFactory
from tests.vendors.web import make_people, make_vendor
from vendortrack.compliance.models import CalendarFeed, QuarterlyReview, ReviewEvent, ScheduleExport, feed_token_hash
from vendortrack.compliance.services import review_open
from vendortrack.rfis.models import Rfi, RfiAttachment, RfiResponseLink
from vendortrack.rfis.response_link import token_hash
from vendortrack.rfis.services import rfi_create, rfi_send
from vendortrack.vendors.models import Vendor

pytestmark = pytest.mark.django_db

ROLES = ("owner", "stranger", "legal", "compliance", "auditor", "admin", "no_role", "anonymous")
SKIPPED_NAMESPACES = {"admin"}
UNSCOPED = {"home", "login", "logout", "vendors:list", "vendors:create"}
UNSCOPED |= {"mfa_setup", "mfa_verify", "security", "lockout_lift", "health"}

# Expected status per role, in ROLES order.
READ = (200, 404, 200, 200, 200, 200, 404, 302)  # a vendor-scoped page anyone who may see the vendor may read
WRITE = (200, 404, 403, 403, 403, 200, 404, 302)  # a vendor-scoped page only its owner (or an admin) may use
DELETE_POST = (302, 404, 403, 403, 403, 302, 404, 302)
LOGGED_IN_200 = (200, 200, 200, 200, 200, 200, 200, 302)
CREATE = (200, 200, 403, 403, 403, 200, 403, 302)
POST_ONLY = (405, 405, 405, 405, 405, 405, 405, 302)
REVIEWER_POST = (403, 404, 403, 302, 403, 302, 404, 302)  # compliance and admin act on a vendor they can see
# Agreements: reading follows the vendor; Legal (and Admin) review, decide, upload and execute; no one else writes.
LEGAL_WRITE = (403, 404, 200, 403, 403, 200, 404, 302)
LEGAL_POST = (403, 404, 302, 403, 403, 302, 404, 302)
READ_POST = (302, 404, 302, 302, 302, 302, 404, 302)  # asking for a memo is part of reading the agreement
OWNER_POST = (302, 404, 403, 403, 403, 302, 404, 302)  # a vendor-scoped action of its owner (or an admin)
ADMIN_ONLY = (403, 403, 403, 403, 403, 200, 403, 302)
ADMIN_POST = (403, 403, 403, 403, 403, 302, 403, 302)

# url name -> (GET expectations, POST expectations or None for read-only URLs)
MATRIX: dict[str, tuple[tuple[int, ...], tuple[int, ...] | None]] = {
    "home": (LOGGED_IN_200, None),
    "login": ((302, 302, 302, 302, 302, 302, 302, 200), None),
    "health": ((200,) * 8, None),  # no portfolio data in it, so anyone (a load balancer) may ask
    "logout": ((405,) * 8, (302,) * 8),
    # Second factor (MFA_ENFORCED is off here; tests/accounts/test_mfa.py covers it on): anyone signed in may enrol
    # (an empty code is refused in place); verifying without a device sends you to enrol.
    "mfa_setup": (LOGGED_IN_200, LOGGED_IN_200),
    "mfa_verify": ((302,) * 8, (302,) * 8),
    "security": (ADMIN_ONLY, None),
    "lockout_lift": (POST_ONLY, ADMIN_POST),
    "mfa_reset": (POST_ONLY, ADMIN_POST),
    "vendors:list": (LOGGED_IN_200, None),
    "vendors:create": (CREATE, CREATE),
    "vendors:detail": (READ, None),
    "vendors:audit": (READ, None),
    "vendors:audit_csv": (READ, None),
    "vendors:evidence_file": (READ, None),
    "vendors:edit": (WRITE, WRITE),
    "vendors:risk": (WRITE, WRITE),
    "vendors:service_create": (WRITE, WRITE),
    "vendors:service_edit": (WRITE, WRITE),
    "vendors:evidence_upload": (WRITE, WRITE),
    "vendors:evidence_edit": (WRITE, WRITE),
    "vendors:use_case_create": (WRITE, WRITE),
    "vendors:use_case_edit": (WRITE, WRITE),
    "vendors:service_delete": (WRITE, DELETE_POST),
    "vendors:evidence_delete": (WRITE, DELETE_POST),
    "vendors:use_case_delete": (WRITE, DELETE_POST),
    # compliance: reading follows the vendor; closing deadlines and reviewing is for compliance and admin.
    "compliance:deadlines": (LOGGED_IN_200, None),
    "compliance:findings": (LOGGED_IN_200, None),
    "compliance:calendar": (LOGGED_IN_200, None),
    "compliance:unread": (LOGGED_IN_200, None),
    "compliance:quarter_pdf": (POST_ONLY, (302,) * 8),
    "compliance:export": ((200, 404, 404, 404, 404, 404, 404, 302), None),  # the owner's own export
    "compliance:feed": (LOGGED_IN_200, LOGGED_IN_200),
    "compliance:feed_ics": ((200,) * 8, None),  # the secret token is the credential, not a session
    "compliance:notifications": (LOGGED_IN_200, LOGGED_IN_200),
    "compliance:event_done": (POST_ONLY, REVIEWER_POST),
    "compliance:vendor_reviews": (READ, REVIEWER_POST),
    "compliance:review": (READ, (403, 404, 403, 200, 403, 200, 404, 302)),
    "compliance:review_sign_off": (POST_ONLY, REVIEWER_POST),
    "compliance:review_pdf": (READ, None),
    "contracts:list": (LOGGED_IN_200, None),
    "contracts:vendor_list": (READ, None),
    "contracts:create": (LEGAL_WRITE, LEGAL_WRITE),
    "contracts:detail": (READ, None),
    "contracts:edit": (LEGAL_WRITE, LEGAL_WRITE),
    "contracts:upload": (LEGAL_WRITE, LEGAL_WRITE),
    "contracts:execute": (POST_ONLY, LEGAL_POST),
    "contracts:progress": (READ, None),
    "contracts:rerun": (POST_ONLY, LEGAL_POST),
    "contracts:file": (READ, None),
    "contracts:compare": (READ, None),
    "contracts:queue": (LOGGED_IN_200, None),
    "contracts:finding": (READ, None),
    "contracts:decide": (POST_ONLY, LEGAL_WRITE),  # an empty decision is refused in place (200), nothing written
    "contracts:conflicts": (READ, None),
    "contracts:memo": (READ, READ_POST),
    "contracts:memo_pdf": (READ, None),
    "contracts:memo_csv": (READ, None),
    # rfis: reading follows the vendor; drafting, sending and accepting answers is for whoever may change it.
    "rfis:list": (LOGGED_IN_200, None),
    "rfis:vendor": (READ, OWNER_POST),
    "rfis:detail": (READ, None),
    "rfis:preview": (READ, None),
    "rfis:edit": (WRITE, WRITE),
    "rfis:send": (WRITE, WRITE),
    "rfis:close": (POST_ONLY, OWNER_POST),
    "rfis:question_create": (WRITE, WRITE),
    "rfis:question_edit": (WRITE, WRITE),
    "rfis:question_delete": (WRITE, DELETE_POST),
    "rfis:question_answer": (WRITE, WRITE),
    "rfis:documents": (READ, OWNER_POST),
    "rfis:document_file": (READ, None),
    "rfis:attachment_file": (READ, None),
    "rfis:link_new": (POST_ONLY, OWNER_POST),
    "rfis:link_withdraw": (POST_ONLY, OWNER_POST),
    "rfis:respond": ((200,) * 8, (400,) * 8),  # the secret token is the credential; an empty form is refused
}


def _url_names(patterns: list, namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_an_entry():
    assert sorted(set(_url_names(get_resolver().url_patterns))) == sorted(MATRIX)


def _kwargs(name: str, vendor: Vendor) -> dict[str, object]:
    if name.startswith("contracts:"):
        return _contracts_kwargs(name, vendor)
    if name.startswith("compliance:"):
        return _compliance_kwargs(name, vendor)
    if name.startswith("rfis:"):
        return _rfi_kwargs(name, vendor)
    if name in UNSCOPED:
        return {}
    if name == "mfa_reset":
        return {"user_id": vendor.owner.pk}
    kwargs: dict[str, object] = {"public_id": vendor.public_id}
    children = {
        "service": vendor.services.first,
        "evidence": vendor.evidence.first,
        "use_case": vendor.use_cases.first,
    }
    for child, first in children.items():
        if f":{child}_edit" in name:
            kwargs[f"{child}_id"] = first().pk
        if f":{child}_delete" in name:
            kwargs["child_id"] = first().pk
    if name == "vendors:evidence_file":
        kwargs["evidence_id"] = vendor.evidence.first().pk
    return kwargs


def _compliance_kwargs(name: str, vendor: Vendor) -> dict[str, object]:
    """The objects a compliance URL names, made on first use: an event, reviews, an export and a feed token."""
    by_name = {
        "compliance:event_done": lambda: ReviewEvent.objects.get_or_create(
            vendor=vendor,
            key="quarterly_review",
            status="open",
            defaults={"title": "Review", "due_on": timezone.localdate()},
        )[0],
        "compliance:vendor_reviews": lambda: vendor,
        "compliance:review": lambda: review_open(actor=vendor.owner, vendor=vendor),
        "compliance:review_sign_off": lambda: review_open(actor=vendor.owner, vendor=vendor),
        "compliance:review_pdf": lambda: _signed_off_review(vendor),
        "compliance:export": lambda: ScheduleExport.objects.get_or_create(
            user=vendor.owner, state="ready", defaults={"quarter_start": date(2025, 4, 1)}
        )[0],
    }
    if name == "compliance:feed_ics":
        return {"token": "matrix-token"} if _feed_for(vendor.owner) else {}
    return {"public_id": by_name[name]().public_id} if name in by_name else {}


def _signed_off_review(vendor: Vendor) -> QuarterlyReview:
    review = QuarterlyReview.objects.filter(vendor=vendor, status="signed_off").first()
    if review is None:
        review = QuarterlyReview.objects.create(
            vendor=vendor,
            status="signed_off",
            outcome="satisfactory",
            signed_off_by=vendor.owner,
            signed_off_at=timezone.now(),
        )
        review.pdf.save("review.pdf", ContentFile(b"%PDF-1.4 stand-in"), save=True)
    return review


def _feed_for(user) -> CalendarFeed:
    return CalendarFeed.objects.get_or_create(
        token_hash=feed_token_hash("matrix-token"), defaults={"user": user, "created_at": timezone.now()}
    )[0]


def _rfi_kwargs(name: str, vendor: Vendor) -> dict[str, object]:
    """The RFI a URL names (a draft of the vendor, made on first use) and the objects inside it."""
    if name == "rfis:list":
        return {}
    if name == "rfis:vendor":
        return {"public_id": vendor.public_id}
    rfi = Rfi.objects.filter(vendor=vendor).first() or rfi_create(actor=vendor.owner, vendor=vendor)
    if name in ("rfis:respond", "rfis:link_withdraw"):
        link = _rfi_link(rfi)
        return (
            {"token": "matrix-rfi-token"} if name == "rfis:respond" else {"rfi_id": rfi.public_id, "link_id": link.pk}
        )
    kwargs: dict[str, object] = {"rfi_id": rfi.public_id}
    if name in ("rfis:question_edit", "rfis:question_delete", "rfis:question_answer"):
        kwargs["number"] = 1
    if name == "rfis:document_file":
        rfi.pdf.save("rfi.pdf", ContentFile(b"%PDF-1.4 stand-in"), save=True)
        kwargs["kind"] = "pdf"
    if name == "rfis:attachment_file":
        attachment = RfiAttachment(question=rfi.questions.first(), original_name="a.pdf", sha256="0" * 64, size=9)
        attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        kwargs["attachment_id"] = attachment.pk
    return kwargs


def _rfi_link(rfi: Rfi) -> RfiResponseLink:
    if rfi.is_draft:
        rfi_send(
            actor=rfi.vendor.owner,
            rfi=rfi,
            recipient_name="V",
            recipient_email="v@example.org",
            due_on=date(2099, 1, 1),
        )
    return RfiResponseLink.objects.get_or_create(
        token_hash=token_hash("matrix-rfi-token"),
        defaults={"rfi": rfi, "expires_at": timezone.now().replace(year=2099)},
    )[0]


def _contracts_kwargs(name: str, vendor: Vendor) -> dict[str, object]:
    """The vendor's agreement (made on first use: two analysed versions, a flagged critical finding, a rendered
    memo) and the version and finding inside it that a URL names."""
    if name in ("contracts:list", "contracts:queue"):
        return {}
    if name in ("contracts:vendor_list", "contracts:create"):
        return {"vendor_id": vendor.public_id}
    agreement = Agreement.objects.filter(vendor=vendor).first() or _agreement(vendor)
    kwargs: dict[str, object] = {"public_id": agreement.public_id}
    if name in ("contracts:progress", "contracts:rerun", "contracts:file", "contracts:compare"):
        kwargs["number"] = 2
    if name in ("contracts:finding", "contracts:decide"):
        kwargs["finding_id"] = agreement.versions.get(number=2).findings.get().pk
    return kwargs


def _agreement(vendor: Vendor) -> Agreement:
    agreement = AgreementFactory(vendor=vendor, title=f"{vendor.name} BAA")
    DocumentVersionFactory(agreement=agreement, number=1)
    latest = DocumentVersionFactory(agreement=agreement, number=2)
    ClauseFindingFactory(version=latest, status=FindingStatus.CONTRARY, severity=Severity.CRITICAL)
    with mock.patch("contracts.memo.memo_pdf", return_value=b"%PDF-1.7 stand-in"):
        memo_render(agreement_id=agreement.pk)
    return agreement


def _world(suffix: str = ""):
    people = make_people()
    vendor = make_vendor(owner=people.owner, name=f"Acme Speech{suffix}")
    vendor.evidence.get().file.save("report.pdf", ContentFile(b"%PDF-1.4 stand-in"), save=True)
    VendorFactory(name=f"Someone else's{suffix}", owner=people.stranger)
    return people, vendor


def _login(client, people, role: str) -> None:
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(people, role))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_status(client, name):
    people, vendor = _world()
    get_expected, post_expected = MATRIX[name]
    url = reverse(name, kwargs=_kwargs(name, vendor) or None)

    got = []
    for role in ROLES:
        _login(client, people, role)
        got.append(client.get(url).status_code)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, get_expected, strict=True))

    if post_expected is None:
        return
    posted = []
    for role in ROLES:
        if name.endswith("_delete") and role in ("owner", "admin"):
            people, vendor = _world(suffix=f" {role}")  # a previous POST deleted the row
            url = reverse(name, kwargs=_kwargs(name, vendor))
        _login(client, people, role)
        posted.append(client.post(url, {}).status_code)
    assert dict(zip(ROLES, posted, strict=True)) == dict(zip(ROLES, post_expected, strict=True))


def test_anonymous_requests_are_sent_to_the_login_page(client):
    people, vendor = _world()
    for name in MATRIX:
        if name in ("login", "logout", "health", "compliance:feed_ics", "rfis:respond"):
            continue
        response = client.get(reverse(name, kwargs=_kwargs(name, vendor) or None))
        assert response.url.startswith(reverse("login")), name


def test_an_unassigned_procurement_user_learns_nothing_about_another_vendor(client):
    people, vendor = _world()
    client.force_login(people.stranger)

    listing = client.get(reverse("vendors:list")).content.decode()
    page = client.get(reverse("vendors:detail", kwargs={"public_id": vendor.public_id}))
    search = client.get(reverse("vendors:list"), {"q": vendor.name})

    assert vendor.name not in listing
    assert list(search.context["page"].object_list) == []
    assert search.context["counts"].total == 1  # only their own vendor
    assert page.status_code == 404
    assert vendor.name not in page.content.decode()
