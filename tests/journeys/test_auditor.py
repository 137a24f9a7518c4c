"""The auditor reads everything in scope, meets no write control on the way, and every write URL refuses."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.journeys.world import person, portfolio
from vendortrack.accounts.roles import Role
from vendortrack.compliance.models import ReviewEvent

pytestmark = pytest.mark.django_db(transaction=True)

# Links that lead to a form which changes something.
WRITE_LINK = re.compile(r"/(new|edit|upload|delete|risk|send|close|execute|withdraw|sign-off|answer)/")
# Forms that post without changing the record: signing out, and asking for an export, which auditors do.
READ_POSTS = ":not([action$='/accounts/logout/']):not([action$='/calendar/quarter.pdf'])"


def _assert_read_only(journey, page_name: str) -> None:  # noqa: ANN001
    page = journey.page
    controls = page.locator(f"form[method=post]{READ_POSTS} :is(button, input[type=submit], input[type=image])")
    assert controls.count() == 0, f"{page_name} shows the auditor {controls.count()} write controls: " + ", ".join(
        controls.evaluate_all("cs => cs.map(c => c.textContent.trim() || c.value)")
    )
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    writes = [href for href in hrefs if WRITE_LINK.search(href)]
    assert not writes, f"{page_name} links the auditor to write pages: {writes}"
    journey.shot(page_name)


def test_the_auditor_reads_without_write_controls_and_every_write_is_refused(journey, background_work):
    legal, compliance = person("legal", Role.LEGAL), person("compliance", Role.COMPLIANCE)
    world = portfolio(owner=person("procurement", Role.PROCUREMENT), legal=legal, compliance=compliance)
    auditor = person("auditor", Role.AUDITOR)
    vendor, agreement, rfi, review = world.vendor, world.agreement, world.rfi, world.review
    finding = agreement.versions.get().findings.exclude(status="present").first()
    service = vendor.services.first()
    evidence = vendor.evidence.first()
    page = journey.page
    journey.sign_in(auditor)

    visits = {
        "dashboard": reverse("home"),
        "vendor list": reverse("vendors:list"),
        "vendor page": reverse("vendors:detail", args=[vendor.public_id]),
        "audit trail": reverse("vendors:audit", args=[vendor.public_id]),
        "agreements": reverse("contracts:vendor_list", args=[vendor.public_id]),
        "agreement page": reverse("contracts:detail", args=[agreement.public_id]),
        "review queue": reverse("contracts:queue"),
        "finding page": reverse("contracts:finding", args=[agreement.public_id, finding.pk]),
        "vendor RFIs": reverse("rfis:vendor", args=[vendor.public_id]),
        "RFI page": reverse("rfis:detail", args=[rfi.public_id]),
        "review schedule": reverse("compliance:vendor_reviews", args=[vendor.public_id]),
        "signed-off review": reverse("compliance:review", args=[review.public_id]),
        "calendar": reverse("compliance:calendar"),
    }
    for name, url in visits.items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: {response.status}"
        _assert_read_only(journey, name)
    page.goto(visits["finding page"])
    expect(page.get_by_text("Legal decides findings; you may read them.")).to_be_visible()

    v, a, r = vendor.public_id, agreement.public_id, rfi.public_id
    writes = [
        reverse("vendors:create"),
        reverse("vendors:edit", args=[v]),
        reverse("vendors:risk", args=[v]),
        reverse("vendors:service_create", args=[v]),
        reverse("vendors:service_edit", args=[v, service.pk]),
        reverse("vendors:service_delete", args=[v, service.pk]),
        reverse("vendors:evidence_upload", args=[v]),
        reverse("vendors:evidence_edit", args=[v, evidence.pk]),
        reverse("vendors:evidence_delete", args=[v, evidence.pk]),
        reverse("vendors:use_case_create", args=[v]),
        reverse("contracts:create", args=[v]),
        reverse("contracts:edit", args=[a]),
        reverse("contracts:upload", args=[a]),
        reverse("contracts:execute", args=[a]),
        reverse("contracts:rerun", args=[a, 1]),
        reverse("contracts:decide", args=[a, finding.pk]),
        reverse("rfis:vendor", args=[v]),
        reverse("rfis:edit", args=[r]),
        reverse("rfis:send", args=[r]),
        reverse("rfis:close", args=[r]),
        reverse("rfis:question_create", args=[r]),
        reverse("rfis:question_edit", args=[r, 1]),
        reverse("rfis:question_delete", args=[r, 1]),
        reverse("rfis:documents", args=[r]),
        reverse("rfis:link_new", args=[r]),
        reverse("compliance:vendor_reviews", args=[v]),
        reverse("compliance:review", args=[review.public_id]),
        reverse("compliance:review_sign_off", args=[review.public_id]),
        reverse("compliance:event_done", args=[ReviewEvent.objects.filter(vendor=vendor, status="open")[0].public_id]),
    ]
    page.goto(reverse("home"))  # a page with a CSRF token: the log-out form's
    # The token and cookies are good: a post the auditor may make (an export) goes through.
    assert journey.post(reverse("compliance:quarter_pdf"))[0] == 302
    answers = {url: journey.post(url) for url in writes}
    accepted = {url: status for url, (status, _) in answers.items() if status not in (403, 404)}
    assert accepted == {}, f"write URLs that did not refuse the auditor: {accepted}"
    token_refused = [url for url, (_, body) in answers.items() if "CSRF verification failed" in body]
    assert token_refused == [], "refused for the token, not for the role"
    journey.shot("after the refused writes")

    finding.refresh_from_db()
    rfi.refresh_from_db()
    assert finding.decision == "undecided"
    assert rfi.status == "draft"
    assert vendor.services.count() == 1
    assert agreement.versions.count() == 1
