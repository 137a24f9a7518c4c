"""The finding page: the evidence marked in the document's own text, the catalogue entry, neighbours and history."""

import pytest
from django.urls import reverse

from contracts.models import Decision, FindingStatus, Severity
from contracts.review import evidence_excerpt
from contracts.services import finding_decide
from tests.contracts.factories import AgreementFactory, ClauseFindingFactory, DocumentVersionFactory

TEXT = (
    "1. Definitions.\n\nPHI means protected health information.\n\n"
    "2. Reporting. Vendor shall report a Breach within sixty (60) days. Reports go to <Privacy Officer>.\n\n"
    "3. Term. This Agreement lasts one year."
)
SENTENCE = "Vendor shall report a Breach within sixty (60) days."


def _evidence(text: str = TEXT, sentence: str = SENTENCE) -> dict:
    start = text.index(sentence)
    return {"page": 2, "section": "2", "text": sentence, "start": start, "end": start + len(sentence)}


def test_the_excerpt_marks_the_sentence_inside_its_paragraph_only():
    excerpt = evidence_excerpt(TEXT, _evidence())
    assert excerpt.located
    assert excerpt.marked == SENTENCE
    assert excerpt.before == "2. Reporting. "
    assert excerpt.after == " Reports go to <Privacy Officer>."
    assert (excerpt.page, excerpt.section) == (2, "2")


def test_stale_offsets_are_repaired_by_finding_the_sentence():
    item = {**_evidence(), "start": 0, "end": 10}
    assert evidence_excerpt(TEXT, item).marked == SENTENCE


def test_a_sentence_not_in_the_text_is_shown_alone():
    excerpt = evidence_excerpt(TEXT, {"page": 1, "text": "Nowhere to be seen.", "start": 5, "end": 9})
    assert not excerpt.located
    assert (excerpt.before, excerpt.marked, excerpt.after) == ("", "Nowhere to be seen.", "")


def test_a_long_paragraph_is_cut_around_the_sentence():
    text = "x" * 3000 + " " + SENTENCE + " " + "y" * 3000
    excerpt = evidence_excerpt(text, _evidence(text))
    assert excerpt.before.startswith("…") and excerpt.after.endswith("…")
    assert len(excerpt.before) + len(excerpt.after) < 1600


@pytest.fixture
def finding(db):  # noqa: ANN001, ANN201
    version = DocumentVersionFactory(extracted_text=TEXT, pages=3)
    return ClauseFindingFactory(
        version=version,
        status=FindingStatus.WEAK,
        evidence=[_evidence()],
        parameters={"notice_period": "60 days"},
        rule="breach_notification.weak.days",
        confidence=0.87,
    )


def _page(client, user, finding, **query):  # noqa: ANN001, ANN003, ANN202
    client.force_login(user)
    agreement = finding.version.agreement
    return client.get(reverse("contracts:finding", args=[agreement.public_id, finding.pk]), query)


def test_it_shows_the_evidence_highlighted_and_everything_else_escaped(client, legal, finding):
    text = _page(client, legal, finding).text
    assert f"<mark>{SENTENCE}</mark>" in text
    assert "Reports go to &lt;Privacy Officer&gt;." in text
    assert "Page 2 · section 2" in text


def test_it_shows_the_provision_the_analysis_and_the_fallback_clause(client, legal, finding):
    text = _page(client, legal, finding).text
    for expected in (
        "Breach and security incident notification",
        "45 CFR 164.410(b)",
        "Vendor shall report to Customer any use or disclosure",  # the catalogue's fallback clause
        "0.87",
        "breach_notification.weak.days",
        "notice_period",
        "60 days",
    ):
        assert expected in text, expected


def test_a_missing_provision_says_so_and_offers_the_fallback_and_the_rfi_question(client, legal):
    missing = ClauseFindingFactory(status=FindingStatus.MISSING, evidence=[])
    text = _page(client, legal, missing).text
    assert "The engine found no clause for this provision" in text
    assert "Within how many days of discovery will you notify us" in text
    assert 'id="fallback-clause"' in text


@pytest.mark.parametrize("who", ["compliance", "auditor", "procurement"])
def test_readers_see_the_finding_but_no_decision_form(client, finding, who, request):
    finding.version.agreement.vendor.owner = request.getfixturevalue("procurement")
    finding.version.agreement.vendor.save()
    response = _page(client, request.getfixturevalue(who), finding)
    assert response.status_code == 200
    assert 'name="decision"' not in response.text
    assert "Legal decides findings" in response.text


def test_a_finding_under_another_agreement_or_unseen_is_404(client, legal, no_role, finding):
    other = AgreementFactory()
    client.force_login(legal)
    assert client.get(reverse("contracts:finding", args=[other.public_id, finding.pk])).status_code == 404
    assert _page(client, no_role, finding).status_code == 404


def test_previous_and_next_follow_the_queue_order_and_keep_its_filters(client, legal):
    version = DocumentVersionFactory()
    first = ClauseFindingFactory(version=version, provision_id="a", severity=Severity.CRITICAL, status="contrary")
    second = ClauseFindingFactory(version=version, provision_id="b", severity=Severity.CRITICAL)
    third = ClauseFindingFactory(version=version, provision_id="c", severity=Severity.LOW)

    def ids(neighbours) -> tuple:  # noqa: ANN001
        return tuple(
            link and link.finding_id for link in (neighbours.previous, neighbours.next, neighbours.next_undecided)
        )

    middle = _page(client, legal, second, severity="critical").context["f"].neighbours
    assert ids(middle) == (first.pk, None, first.pk)
    assert middle.previous.public_id == first.version.agreement.public_id
    assert ids(_page(client, legal, second).context["f"].neighbours) == (first.pk, third.pk, third.pk)
    assert "severity=critical" in _page(client, legal, second, severity="critical").text


def test_the_history_shows_each_decision_from_the_audit_trail_across_versions(client, legal, finding):
    finding_decide(finding=finding, user=legal, decision=Decision.NEGOTIATE, note="Ask for five business days.")
    later = DocumentVersionFactory(agreement=finding.version.agreement, number=finding.version.number + 1)
    carried = ClauseFindingFactory(version=later, status=FindingStatus.WEAK, carried_over_from=finding)
    finding_decide(finding=carried, user=legal, decision=Decision.ACCEPT, note="Vendor agreed.")

    history = _page(client, legal, carried).context["f"].history
    assert [(entry.decision, entry.note, entry.who) for entry in history] == [
        ("Accept", "Vendor agreed.", "legal"),
        ("Negotiate", "Ask for five business days.", "legal"),
    ]
