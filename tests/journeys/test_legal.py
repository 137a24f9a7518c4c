"""Legal's day: a BAA uploaded and analysed, the review queue worked with the keyboard, a redline compared."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from playwright.sync_api import expect

from contracts.models import Agreement, ClauseFinding, Decision
from tests.contracts.documents import AGREEMENTS
from tests.factories import VendorFactory
from tests.journeys.world import person
from vendortrack.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

NEGOTIATE_NOTE = "Ask for deletion of prompts and outputs within 30 days of termination."


def _upload(journey, fixture: str) -> None:  # noqa: ANN001
    page = journey.page
    page.get_by_label("File").set_input_files(str(AGREEMENTS / fixture))
    journey.shot(f"upload {fixture}")
    page.get_by_role("button", name="Upload and analyse").click()
    progress = page.locator(".version-progress").first
    expect(progress).to_be_visible()
    journey.shot("analysis under way")
    # The progress polls itself; once the analysis is done the page reloads with the findings.
    expect(progress).to_contain_text("Analysed", timeout=90_000)


def test_legal_reviews_a_baa_with_the_keyboard_and_compares_a_redline(journey, background_work, second_factor):
    legal = person("legal", Role.LEGAL)
    if second_factor:
        # An authenticator app enrolled earlier: the sign-in asks for its current code.
        TOTPDevice.objects.create(user=legal, name="Phone", confirmed=True, key=random_hex(20))
    vendor = VendorFactory(name="Orbit Dictation")
    page = journey.page
    journey.sign_in(legal, next_url=f"/agreements/vendor/{vendor.public_id}/")
    assert journey.second_factor_passed == second_factor

    page.get_by_role("link", name="Add agreement").click()
    page.get_by_label("Type").select_option("baa")
    page.get_by_label("Title").fill("Orbit Dictation BAA")
    page.get_by_role("button", name=re.compile("Save|Add|Create")).click()
    _upload(journey, "hipaa_minimum_baa.txt")
    agreement = Agreement.objects.get(title="Orbit Dictation BAA")
    flagged = ClauseFinding.objects.filter(version__agreement=agreement).exclude(status="present")
    assert flagged.count() >= 3
    journey.check_accessibility("agreement-page")
    journey.shot("agreement analysed")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Agreements").click()
    expect(page.get_by_role("link", name="Orbit Dictation BAA")).to_be_visible()
    journey.check_accessibility("agreement-list")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    journey.check_accessibility("review-queue")
    rows = page.locator("[data-review-link]")
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    journey.shot("keyboard help")
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    expect(rows.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(rows.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(rows.nth(0)).to_be_focused()
    first_title = rows.nth(0).inner_text()
    journey.shot("queue with the first finding selected")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text(first_title)
    journey.check_accessibility("finding-page")
    page.keyboard.press("n")
    note = page.locator("#decide-negotiate textarea")
    expect(note).to_be_focused()
    expect(note).not_to_be_empty()  # the catalogue's fallback language, to edit
    page.keyboard.press("Control+A")
    page.keyboard.type(NEGOTIATE_NOTE)
    journey.shot("negotiate with a note")
    page.locator("#decide-negotiate").get_by_role("button", name="Negotiate").click()
    expect(page.get_by_role("status")).to_contain_text("Decision recorded")
    journey.shot("decision recorded")
    negotiated = ClauseFinding.objects.get(version__agreement=agreement, decision=Decision.NEGOTIATE)
    assert negotiated.decision_note == NEGOTIATE_NOTE
    assert negotiated.decided_by == legal

    # After a decision the way on has the focus: u (or Enter on it) opens the next undecided finding.
    page.keyboard.press("u")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(first_title)
    page.keyboard.press("a")
    expect(page.locator("#decide-accept textarea")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#decide-accept").get_by_role("button", name="Accept")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Decision recorded")
    assert ClauseFinding.objects.filter(version__agreement=agreement, decision=Decision.ACCEPT).count() == 1
    journey.shot("second decision recorded")

    # The finding whose deciding rule has the longest name: the analysis card must wrap it, not spill it.
    longest = max(ClauseFinding.objects.filter(version__agreement=agreement), key=lambda finding: len(finding.rule))
    page.goto(f"/agreements/{agreement.public_id}/findings/{longest.pk}/")
    expect(page.get_by_text(longest.rule)).to_be_visible()
    journey.check_accessibility("finding-page-long-rule")

    page.goto(f"/agreements/{agreement.public_id}/upload/")
    _upload(journey, "strong_baa_ai_addendum.txt")
    page.get_by_role("link", name="Compare with v1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Version 2 against version 1")
    expect(page.locator("tr.changed").first).to_be_visible()
    journey.check_accessibility("redline-page")
    journey.shot("redline")
