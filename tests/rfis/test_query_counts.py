"""The RFI pages that list things run a fixed number of queries, however many questions, answers and RFIs."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.rfis.world import TODAY, make_gapped_vendor
from tests.vendors.pdf_samples import readable_pdf
from vendortrack.accounts.roles import Role
from vendortrack.rfis import services
from vendortrack.rfis.attachments import check_attachment

pytestmark = pytest.mark.django_db

# A PDF that opens: attachments are checked for that, not only for the header.
PDF = readable_pdf()


def _answered_rfi(owner, name: str, answers: int):  # noqa: ANN001, ANN202
    rfi = services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner, name=name).vendor)
    services.rfi_send(
        actor=owner, rfi=rfi, recipient_name="D", recipient_email="d@example.org", due_on=TODAY.replace(day=30)
    )
    for question in rfi.questions.all()[:answers]:
        checked = check_attachment(io.BytesIO(PDF), name="a.pdf", size=len(PDF))
        services.answer_record(actor=owner, question=question, answer="Answered.", attachment=("a.pdf", checked))
    return rfi


def _count(client, url: str) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_rfi_page_and_the_list_do_not_grow_with_answers_or_rfis(client):
    owner = UserFactory(username="buyer", roles=[Role.PROCUREMENT])
    few = _answered_rfi(owner, "Few Answers", answers=1)
    many = _answered_rfi(owner, "Many Answers", answers=8)
    client.force_login(owner)
    detail = "rfis:detail"

    few_page = _count(client, reverse(detail, kwargs={"rfi_id": few.public_id}))
    many_page = _count(client, reverse(detail, kwargs={"rfi_id": many.public_id}))
    list_before = _count(client, reverse("rfis:list"))
    _answered_rfi(owner, "Third Vendor", answers=0)
    list_after = _count(client, reverse("rfis:list"))

    assert few_page == many_page
    assert list_before == list_after
