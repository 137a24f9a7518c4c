"""Compliance's day: the dashboard and the list behind a chart, a quarterly review signed off, the calendar feed."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.journeys.world import person
from tests.vendors.web import make_vendor
from vendortrack.accounts.roles import Role
from vendortrack.compliance.models import QuarterlyReview, ReviewStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_compliance_follows_the_dashboard_signs_off_a_review_and_copies_the_feed(
    journey, background_work, second_factor
):
    compliance = person("compliance", Role.COMPLIANCE)
    owner = person("procurement", Role.PROCUREMENT)
    vendor = make_vendor(owner=owner, name="Acme Speech")
    make_vendor(owner=owner, name="Beacon Transcribe")
    page = journey.page
    # No authenticator app yet: with the second factor on, signing in goes through its set-up.
    journey.sign_in(compliance)
    assert journey.second_factor_passed == second_factor
    assert TOTPDevice.objects.filter(user=compliance, confirmed=True).count() == int(second_factor)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    journey.check_accessibility("dashboard")
    journey.shot("dashboard")
    tiers = page.locator("section[aria-labelledby=tier-h]")
    tiers.locator("a").filter(has_text=vendor.get_risk_tier_display()).click()
    expect(page).to_have_url(re.compile(rf"/vendors/\?.*risk_tier={vendor.risk_tier}"))
    expect(page.get_by_role("link", name="Acme Speech")).to_be_visible()
    expect(page.get_by_role("link", name="Beacon Transcribe")).to_be_visible()
    journey.shot("vendors behind the chart's bar")

    page.get_by_role("link", name="Acme Speech").click()
    page.goto(f"/compliance/vendors/{vendor.public_id}/reviews/")
    journey.check_accessibility("schedule-page")
    journey.shot("review schedule")
    page.get_by_role("button", name="Open a review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Control review")
    journey.check_accessibility("review-page")
    page.get_by_label("Outcome").select_option("satisfactory")
    journey.shot("review ready to sign off")
    page.get_by_role("button", name="Sign off").click()
    expect(page.locator(".pill", has_text="Signed off")).to_be_visible()
    journey.shot("review signed off")
    review = QuarterlyReview.objects.get(vendor=vendor)
    assert review.status == ReviewStatus.SIGNED_OFF
    assert review.signed_off_by == compliance

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review calendar")
    journey.check_accessibility("calendar-page")
    journey.shot("calendar")
    page.get_by_role("link", name="Subscribe").click()
    page.get_by_role("button", name="Create my feed").click()
    address = page.locator(".callout code")
    expect(address).to_contain_text(".ics")
    journey.check_accessibility("feed-page")
    page.get_by_role("button", name="Copy address").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()").strip()
    journey.shot("feed address copied")
    assert copied == address.inner_text().strip()
    assert re.fullmatch(r"https?://[^/]+/compliance/feed/[^/]+\.ics", copied), copied

    feed = page.request.get(copied)
    assert feed.status == 200
    assert feed.text().startswith("BEGIN:VCALENDAR")
    assert "Acme Speech" in feed.text()
