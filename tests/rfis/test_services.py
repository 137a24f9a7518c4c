"""The RFI services: built from the gaps, edited as a draft, sent, answered, accepted into the profile, closed."""

import datetime

import pytest
from auditlog.models import LogEntry

from contracts.services import finding_decide
from tests.factories import SecurityEvidenceFactory, UserFactory
from tests.rfis.world import TODAY, make_gapped_vendor
from vendortrack.accounts.roles import Role
from vendortrack.rfis import services
from vendortrack.rfis.baseline import load_baseline
from vendortrack.rfis.errors import RfiError
from vendortrack.rfis.models import SECTION_ORDER, DocumentsState, QuestionOrigin, QuestionState, RfiStatus
from vendortrack.rfis.selectors import vendor_gap_list
from vendortrack.vendors.audit import vendor_audit_trail
from vendortrack.vendors.models import Answer, FactSource, SourceKind, Telemetry, TrainingUse

pytestmark = pytest.mark.django_db

# What procurement confirms for each mapped question, by the gap it closes (service and endpoint ids filled in).
CONFIRMED = {
    "training_use": TrainingUse.NEVER,
    "prompt_retention_days": "0",
    "telemetry": Telemetry.OFF,
    "baa_covered": Answer.YES,
}


@pytest.fixture
def owner():  # noqa: ANN201
    return UserFactory(username="buyer", roles=[Role.PROCUREMENT])


def _sent(rfi, owner):  # noqa: ANN001, ANN202
    return services.rfi_send(
        actor=owner,
        rfi=rfi,
        recipient_name="Dana Vendor",
        recipient_email="dana@acme.example",
        due_on=TODAY.replace(day=30),
    )


def test_a_new_rfi_asks_exactly_the_gaps_then_the_baseline_numbered_by_section(owner):
    world = make_gapped_vendor(owner=owner)

    rfi = services.rfi_create(actor=owner, vendor=world.vendor)

    questions = list(rfi.questions.all())
    gap_keys = [q.gap_key for q in questions if q.origin == QuestionOrigin.GAP]
    baseline_keys = [q.gap_key for q in questions if q.origin == QuestionOrigin.BASELINE]
    assert gap_keys == world.expected_keys
    in_section_order = sorted(load_baseline(), key=lambda item: SECTION_ORDER[item.section])
    assert baseline_keys == [f"baseline:{item.key}" for item in in_section_order]
    assert [q.number for q in questions] == list(range(1, len(questions) + 1))
    assert rfi.number == 1 and rfi.status == RfiStatus.DRAFT


def test_rfis_are_numbered_per_vendor(owner):
    world = make_gapped_vendor(owner=owner)

    first = services.rfi_create(actor=owner, vendor=world.vendor)
    second = services.rfi_create(actor=owner, vendor=world.vendor, title="Follow-up")

    assert (first.number, second.number, second.title) == (1, 2, "Follow-up")


def test_procurement_edits_drops_and_adds_questions_in_a_draft_and_numbers_stay_in_section_order(owner):
    rfi = services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor)
    first, last = rfi.questions.first(), rfi.questions.last()
    total = rfi.questions.count()

    services.question_save(actor=owner, rfi=rfi, question=first, fields={"text": "Edited question?"})
    services.question_drop(actor=owner, rfi=rfi, question=last)
    added = services.question_save(
        actor=owner,
        rfi=rfi,
        question=services.RfiQuestion(),
        fields={"section": "agreement_terms", "text": "Who signs for you?", "answer_format": "Name"},
    )

    numbers = list(rfi.questions.values_list("number", flat=True))
    assert numbers == list(range(1, total + 1))
    assert added.number == 1  # agreement terms is the first section
    assert rfi.questions.get(number=2).text == "Edited question?"


def test_questions_cannot_change_once_sent(owner):
    rfi = _sent(services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor), owner)

    with pytest.raises(RfiError):
        services.question_drop(actor=owner, rfi=rfi, question=rfi.questions.first())


def test_sending_records_the_dates_and_recipient_and_builds_the_documents(owner, django_capture_on_commit_callbacks):
    rfi = services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor)

    with django_capture_on_commit_callbacks(execute=True):
        _sent(rfi, owner)

    rfi.refresh_from_db()
    assert (rfi.status, rfi.sent_on, rfi.due_on) == (RfiStatus.SENT, TODAY, datetime.date(2025, 6, 30))
    assert rfi.recipient_email == "dana@acme.example"
    assert rfi.documents_state == DocumentsState.READY
    assert rfi.pdf.read(5) == b"%PDF-"


def test_a_due_date_in_the_past_is_refused(owner):
    rfi = services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor)

    with pytest.raises(RfiError, match="due date"):
        services.rfi_send(actor=owner, rfi=rfi, recipient_name="", recipient_email="", due_on=TODAY)

    rfi.refresh_from_db()
    assert rfi.status == RfiStatus.DRAFT


def test_the_rfi_is_answered_when_no_question_is_left_open(owner):
    rfi = _sent(services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor), owner)
    questions = list(rfi.questions.all())

    for question in questions[:-1]:
        services.answer_record(actor=owner, question=question, answer="See attached.")
    rfi.refresh_from_db()
    assert rfi.status == RfiStatus.SENT
    services.answer_record(actor=owner, question=questions[-1], answer="Yes.")

    rfi.refresh_from_db()
    assert rfi.status == RfiStatus.ANSWERED and rfi.answered_at is not None


def _answer_and_accept_mapped(rfi, owner, world):  # noqa: ANN001, ANN202
    for question in rfi.questions.exclude(target_model=""):
        services.answer_record(actor=owner, question=question, answer="Our answer, as given by the vendor.")
        question.refresh_from_db()
        services.question_accept(actor=owner, question=question, value=CONFIRMED.get(question.target_field, ""))


def test_after_the_mapped_answers_are_accepted_their_gaps_are_gone(owner):
    world = make_gapped_vendor(owner=owner)
    rfi = _sent(services.rfi_create(actor=owner, vendor=world.vendor), owner)

    _answer_and_accept_mapped(rfi, owner, world)

    # What only legal or new evidence can close is still asked; everything the answers could settle is settled.
    assert [gap.key for gap in vendor_gap_list(world.vendor, today=TODAY)] == [
        "provision:telemetry_disable",
        "soc2:type2",
        "provision:breach_notification",
    ]


def test_after_legal_decides_and_the_report_is_on_file_no_gap_is_left(owner):
    world = make_gapped_vendor(owner=owner)
    legal = UserFactory(username="counsel", roles=[Role.LEGAL])
    rfi = _sent(services.rfi_create(actor=owner, vendor=world.vendor), owner)
    _answer_and_accept_mapped(rfi, owner, world)

    for finding in world.vendor.agreements.get().versions.get(number=2).findings.filter(decision="undecided"):
        finding_decide(finding=finding, user=legal, decision="accept", note="The vendor's RFI answer satisfies us.")
    for finding in world.vendor.agreements.get().versions.get(number=2).findings.filter(decision="negotiate"):
        finding_decide(finding=finding, user=legal, decision="waive", note="Telemetry is off per the RFI answer.")
    SecurityEvidenceFactory(vendor=world.vendor)

    assert vendor_gap_list(world.vendor, today=TODAY) == []


def _answered(owner, answer: str, **question_lookup):  # noqa: ANN001, ANN202
    """A gapped vendor, its RFI sent, and the question matching `question_lookup` answered with `answer`."""
    world = make_gapped_vendor(owner=owner)
    rfi = _sent(services.rfi_create(actor=owner, vendor=world.vendor), owner)
    question = rfi.questions.get(**question_lookup)
    services.answer_record(actor=owner, question=question, answer=answer)
    question.refresh_from_db()
    return world, question


def test_an_accepted_answer_updates_the_profile_with_the_rfi_as_its_source_in_the_audit_trail(owner):
    world, question = _answered(owner, "We keep prompts for 0 days.", target_field="prompt_retention_days")

    services.question_accept(actor=owner, question=question, value="0")

    world.service.refresh_from_db()
    source = FactSource.objects.get(service=world.service, field="prompt_retention_days")
    assert world.service.prompt_retention_days == 0
    assert (source.source_kind, source.reference, source.confirmed_by) == (
        SourceKind.RFI_ANSWER,
        f"RFI 1 Q{question.number}",
        owner,
    )
    trail = vendor_audit_trail(world.vendor)
    service_change = trail.filter(content_type__model="aiservice", action=LogEntry.Action.UPDATE).first()
    assert service_change.actor == owner
    assert service_change.changes_dict["prompt_retention_days"] == ["None", "0"]
    assert trail.filter(content_type__model="factsource", object_repr__contains="RFI answer").exists()


def test_an_accepted_endpoint_answer_records_the_coverage_and_lifts_the_blocker(owner):
    world, question = _answered(owner, "Yes, the Files API is covered.", target_model="endpoint")

    services.question_accept(actor=owner, question=question, value="yes")

    world.files.refresh_from_db()
    world.vendor.refresh_from_db()
    assert world.files.baa_covered == Answer.YES
    assert (world.files.coverage_source_kind, world.files.coverage_reference) == (
        SourceKind.RFI_ANSWER,
        f"RFI 1 Q{question.number}",
    )
    assert world.vendor.has_blockers is False


@pytest.mark.parametrize("value", ["", "unknown", "forever", "-3"])
def test_an_unusable_confirmed_value_is_refused_and_changes_nothing(owner, value):
    world, question = _answered(owner, "A while.", target_field="prompt_retention_days")

    with pytest.raises(RfiError):
        services.question_accept(actor=owner, question=question, value=value)

    world.service.refresh_from_db()
    question.refresh_from_db()
    assert world.service.prompt_retention_days is None
    assert question.state == QuestionState.ANSWERED


def test_an_open_question_cannot_be_accepted(owner):
    rfi = _sent(services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor), owner)

    with pytest.raises(RfiError, match="answered"):
        services.question_accept(actor=owner, question=rfi.questions.first(), value="")


def test_closing_revokes_the_links_and_stops_answers(owner):
    from vendortrack.rfis.response_link import link_create

    rfi = _sent(services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor), owner)
    link, _ = link_create(actor=owner, rfi=rfi)

    services.rfi_close(actor=owner, rfi=rfi)

    link.refresh_from_db()
    assert rfi.status == RfiStatus.CLOSED and link.revoked_at is not None
    with pytest.raises(RfiError):
        services.answer_record(actor=owner, question=rfi.questions.first(), answer="Late answer")
