"""The RFI pages as procurement and legal use them: draft from the gaps, send, link, answer, accept, read."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import UserFactory
from tests.rfis.world import TODAY, make_gapped_vendor
from vendortrack.accounts.roles import Role
from vendortrack.rfis import services
from vendortrack.rfis.models import DocumentsState, QuestionState, Rfi, RfiStatus
from vendortrack.vendors.models import FactSource, SourceKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():  # noqa: ANN201
    return UserFactory(username="buyer", roles=[Role.PROCUREMENT])


def _due() -> datetime.date:
    return TODAY.replace(day=30)


def _draft(client, vendor) -> Rfi:  # noqa: ANN001
    response = client.post(reverse("rfis:vendor", kwargs={"public_id": vendor.public_id}), {"title": ""})
    rfi = Rfi.objects.get(vendor=vendor)
    assert response.url == reverse("rfis:detail", kwargs={"rfi_id": rfi.public_id})
    return rfi


def test_the_vendor_page_lists_the_gaps_a_new_rfi_would_ask(client, owner):
    world = make_gapped_vendor(owner=owner)
    client.force_login(owner)

    page = client.get(reverse("rfis:vendor", kwargs={"public_id": world.vendor.public_id}))

    assert [gap.key for gap in page.context["gaps"]] == world.expected_keys
    assert "Does your BAA cover Files (/v1/files) of Scribe API?" in page.content.decode()


def test_procurement_drafts_sends_links_and_accepts_an_answer_into_the_profile(
    client, owner, django_capture_on_commit_callbacks
):
    world = make_gapped_vendor(owner=owner)
    client.force_login(owner)
    rfi = _draft(client, world.vendor)
    send_url = reverse("rfis:send", kwargs={"rfi_id": rfi.public_id})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url, {"recipient_name": "Dana", "recipient_email": "dana@example.org", "due_on": "2025-06-30"})
        linked = client.post(reverse("rfis:link_new", kwargs={"rfi_id": rfi.public_id}), follow=True)
    question = rfi.questions.get(target_field="telemetry")
    answer_url = reverse("rfis:question_answer", kwargs={"rfi_id": rfi.public_id, "number": question.number})
    client.post(answer_url, {"action": "record", "answer": "Telemetry is off for API customers."})
    client.post(answer_url, {"action": "accept", "value": "off"})

    rfi.refresh_from_db()
    question.refresh_from_db()
    world.service.refresh_from_db()
    link = re.search(r"http://testserver/rfis/respond/[\w-]+/", mail.outbox[0].body).group(0)
    assert rfi.status == RfiStatus.SENT and rfi.documents_state == DocumentsState.READY
    assert link in linked.content.decode()
    assert mail.outbox[0].to == ["dana@example.org"]
    assert question.state == QuestionState.ACCEPTED
    assert world.service.telemetry == "off"
    source = FactSource.objects.get(service=world.service, field="telemetry")
    assert (source.source_kind, source.reference) == (SourceKind.RFI_ANSWER, f"RFI 1 Q{question.number}")


def test_an_invalid_confirmed_value_is_shown_in_the_page_and_changes_nothing(client, owner):
    world = make_gapped_vendor(owner=owner)
    rfi = services.rfi_create(actor=owner, vendor=world.vendor)
    services.rfi_send(actor=owner, rfi=rfi, recipient_name="D", recipient_email="d@example.org", due_on=_due())
    question = rfi.questions.get(target_field="prompt_retention_days")
    services.answer_record(actor=owner, question=question, answer="A month or so.")
    client.force_login(owner)

    page = client.post(
        reverse("rfis:question_answer", kwargs={"rfi_id": rfi.public_id, "number": question.number}),
        {"action": "accept", "value": "a month"},
    )

    assert page.status_code == 200
    assert "Enter a whole number" in page.content.decode()
    world.service.refresh_from_db()
    assert world.service.prompt_retention_days is None


def test_a_refused_attachment_recorded_by_procurement_shows_its_reason(client, owner):
    rfi = services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor)
    services.rfi_send(actor=owner, rfi=rfi, recipient_name="D", recipient_email="d@example.org", due_on=_due())
    client.force_login(owner)

    page = client.post(
        reverse("rfis:question_answer", kwargs={"rfi_id": rfi.public_id, "number": 1}),
        {"action": "record", "answer": "See file.", "file": SimpleUploadedFile("x.pdf", b"\x89PNG\r\n\x1a\nrest")},
    )

    assert page.status_code == 200
    assert "its content is a PNG file" in page.content.decode()
    assert rfi.questions.get(number=1).answer == ""


def test_legal_reads_the_rfi_and_its_internal_notes_but_sees_no_change_buttons(client, owner):
    legal = UserFactory(username="counsel", roles=[Role.LEGAL])
    rfi = services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor)
    services.rfi_update(actor=owner, rfi=rfi, fields={"internal_notes": "Second choice."})
    client.force_login(legal)

    page = client.get(reverse("rfis:detail", kwargs={"rfi_id": rfi.public_id})).content.decode()

    assert "Second choice." in page
    assert reverse("rfis:send", kwargs={"rfi_id": rfi.public_id}) not in page
    assert rfi.questions.first().text in page


def test_the_documents_partial_polls_while_a_build_runs_and_stops_when_ready(client, owner):
    rfi = services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor)
    client.force_login(owner)
    url = reverse("rfis:documents", kwargs={"rfi_id": rfi.public_id})

    Rfi.objects.filter(pk=rfi.pk).update(documents_state=DocumentsState.BUILDING)
    building = client.get(url).content.decode()
    Rfi.objects.filter(pk=rfi.pk).update(documents_state=DocumentsState.READY)
    ready = client.get(url).content.decode()

    assert 'hx-trigger="every 1s"' in building
    assert 'hx-trigger="every 1s"' not in ready


def test_the_preview_is_the_document_without_internal_notes(client, owner):
    rfi = services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor)
    services.rfi_update(actor=owner, rfi=rfi, fields={"internal_notes": "Second choice."})
    client.force_login(owner)

    page = client.get(reverse("rfis:preview", kwargs={"rfi_id": rfi.public_id})).content.decode()

    assert all(f"Q{q.number}." in page for q in rfi.questions.all())
    assert "Second choice." not in page


def test_an_answer_only_evidence_or_legal_can_close_points_to_where_it_closes(client, owner):
    world = make_gapped_vendor(owner=owner)
    rfi = services.rfi_create(actor=owner, vendor=world.vendor)
    services.rfi_send(actor=owner, rfi=rfi, recipient_name="D", recipient_email="d@example.org", due_on=_due())
    soc2, breach = rfi.questions.get(gap_key="soc2:type2"), rfi.questions.get(gap_key="provision:breach_notification")
    for question in (soc2, breach):
        services.answer_record(actor=owner, question=question, answer="Attached.")
    client.force_login(owner)

    def page(question):  # noqa: ANN001, ANN202
        url = reverse("rfis:question_answer", kwargs={"rfi_id": rfi.public_id, "number": question.number})
        return client.get(url).content.decode()

    assert reverse("vendors:evidence_upload", kwargs={"public_id": world.vendor.public_id}) in page(soc2)
    assert reverse("contracts:vendor_list", kwargs={"vendor_id": world.vendor.public_id}) in page(breach)
