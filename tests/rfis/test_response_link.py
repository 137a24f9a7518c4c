"""The vendor response link, through the web as the vendor uses it: no account, one RFI, refused when it should be."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.rfis.world import TODAY, make_gapped_vendor
from tests.vendors.pdf_samples import readable_pdf
from vendortrack.accounts.roles import Role
from vendortrack.rfis import services
from vendortrack.rfis.models import AnsweredVia, QuestionState, Rfi, RfiAttachment, RfiSubmissionNonce
from vendortrack.rfis.response_link import link_create, link_revoke, token_hash

pytestmark = pytest.mark.django_db

# A PDF that opens: attachments are checked for that, not only for the header.
PDF = readable_pdf()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _sent_rfi(owner, name: str) -> Rfi:  # noqa: ANN001
    rfi = services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner, name=name).vendor)
    return services.rfi_send(
        actor=owner, rfi=rfi, recipient_name="Dana", recipient_email="dana@example.org", due_on=TODAY.replace(day=30)
    )


@pytest.fixture
def owner():  # noqa: ANN201
    return UserFactory(username="buyer", roles=[Role.PROCUREMENT])


@pytest.fixture
def rfi(owner) -> Rfi:  # noqa: ANN001
    return _sent_rfi(owner, "Acme Scribe")


@pytest.fixture
def token(owner, rfi) -> str:  # noqa: ANN001
    return link_create(actor=owner, rfi=rfi)[1]


@pytest.fixture
def vendor_client() -> Client:
    """The vendor's browser: no login, and CSRF enforced as in production."""
    return Client(enforce_csrf_checks=True)


def _url(token: str) -> str:
    return reverse("rfis:respond", kwargs={"token": token})


def _form(client: Client, token: str) -> dict[str, str]:
    """GET the page and return the hidden fields of its form (CSRF token, nonce, RFI)."""
    page = client.get(_url(token))
    assert page.status_code == 200
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.content.decode()))
    return hidden


def _first(rfi: Rfi):  # noqa: ANN202
    return rfi.questions.get(number=1)


def test_the_vendor_answers_and_attaches_without_an_account_and_the_profile_is_untouched(vendor_client, rfi, token):
    question = rfi.questions.get(target_field="prompt_retention_days")
    form = _form(vendor_client, token)

    response = vendor_client.post(
        _url(token),
        {
            **form,
            f"q-{question.pk}": "We keep prompts for 0 days.",
            f"f-{question.pk}": SimpleUploadedFile("p.pdf", PDF),
        },
    )

    assert response.status_code == 302
    question.refresh_from_db()
    attachment = RfiAttachment.objects.get(question=question)
    assert (question.answer, question.answered_via, question.state) == (
        "We keep prompts for 0 days.",
        AnsweredVia.VENDOR_LINK,
        QuestionState.ANSWERED,
    )
    assert (attachment.original_name, attachment.media_type) == ("p.pdf", "application/pdf")
    rfi.vendor.services.get().refresh_from_db()
    assert rfi.vendor.services.get().prompt_retention_days is None  # only procurement's acceptance writes it


def test_the_page_shows_nothing_of_other_vendors_or_internal_notes(vendor_client, owner, rfi, token):
    other = _sent_rfi(owner, "Zenith Transcribe")
    services.rfi_update(actor=owner, rfi=rfi, fields={"internal_notes": "Budget is tight."})
    rfi.questions.filter(number=1).update(internal_note="Second choice vendor.")
    services.answer_record(actor=owner, question=rfi.questions.get(number=2), answer="Their sales lead said 30 days.")

    page = vendor_client.get(_url(token)).content.decode()

    assert "Acme Scribe" in page and _first(rfi).text in page
    assert "Zenith" not in page and str(other.public_id) not in page
    assert "Budget is tight" not in page and "Second choice" not in page
    assert "sales lead" not in page  # what procurement recorded is its own record, not the vendor's answer


def test_an_unknown_token_is_not_found(vendor_client, token):
    assert vendor_client.get(_url(token + "x")).status_code == 404


def test_an_expired_link_is_refused(vendor_client, rfi, token, time_machine):
    form = _form(vendor_client, token)
    time_machine.shift(datetime.timedelta(days=31))

    get = vendor_client.get(_url(token))
    post = vendor_client.post(_url(token), {**form, f"q-{_first(rfi).pk}": "Late."})

    assert (get.status_code, post.status_code) == (410, 410)
    assert "expired" in get.content.decode()
    assert _first(rfi).answer == ""


def test_a_revoked_link_is_refused(vendor_client, owner, rfi, token):
    form = _form(vendor_client, token)
    link_revoke(actor=owner, link=rfi.links.get())

    response = vendor_client.post(_url(token), {**form, f"q-{_first(rfi).pk}": "After revocation."})

    assert response.status_code == 410
    assert _first(rfi).answer == ""


def test_a_closed_rfis_link_is_refused(vendor_client, owner, rfi, token):
    services.rfi_close(actor=owner, rfi=rfi)

    assert vendor_client.get(_url(token)).status_code == 410


def test_a_submission_for_another_rfi_is_refused_whole(vendor_client, owner, rfi, token):
    other = _sent_rfi(owner, "Zenith Transcribe")
    form = _form(vendor_client, token)

    naming_other = vendor_client.post(
        _url(token), {**form, "rfi": str(other.public_id), f"q-{_first(other).pk}": "Cross answer."}
    )
    smuggling = vendor_client.post(
        _url(token), {**form, f"q-{_first(rfi).pk}": "Mine.", f"q-{_first(other).pk}": "Not mine."}
    )

    assert (naming_other.status_code, smuggling.status_code) == (400, 400)
    assert _first(other).answer == "" and _first(rfi).answer == ""


def test_a_replayed_submission_is_refused(vendor_client, rfi, token):
    form = _form(vendor_client, token)
    question = _first(rfi)

    first = vendor_client.post(_url(token), {**form, f"q-{question.pk}": "First answer."})
    replay = vendor_client.post(_url(token), {**form, f"q-{question.pk}": "Replayed answer."})

    assert (first.status_code, replay.status_code) == (302, 409)
    assert _first(rfi).answer == "First answer."


def test_each_rendered_form_carries_a_new_nonce_and_only_its_hash_is_stored(vendor_client, rfi, token):
    first, second = _form(vendor_client, token)["nonce"], _form(vendor_client, token)["nonce"]

    assert first != second
    assert set(RfiSubmissionNonce.objects.values_list("nonce_hash", flat=True)) == {
        token_hash(first),
        token_hash(second),
    }
    assert not rfi.links.filter(token_hash=token).exists() and rfi.links.get().token_hash == token_hash(token)


def test_a_post_without_the_csrf_token_is_refused(vendor_client, rfi, token):
    form = _form(vendor_client, token)
    del form["csrfmiddlewaretoken"]

    response = vendor_client.post(_url(token), {**form, f"q-{_first(rfi).pk}": "No CSRF."})

    assert response.status_code == 403
    assert _first(rfi).answer == ""


def test_an_oversized_attachment_is_refused_and_nothing_is_written(vendor_client, rfi, token, settings):
    settings.RFI_ATTACHMENT_MAX_BYTES = 1024
    form = _form(vendor_client, token)
    question = _first(rfi)
    big = SimpleUploadedFile("report.pdf", PDF + b"0" * 2048)

    response = vendor_client.post(_url(token), {**form, f"q-{question.pk}": "See the report.", f"f-{question.pk}": big})

    assert response.status_code == 400
    assert "limit" in response.content.decode()
    assert _first(rfi).answer == "" and not RfiAttachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", PNG), ("screenshot.png", PDF), ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)))],
)
def test_a_mislabelled_or_disallowed_attachment_is_refused(vendor_client, rfi, token, name, content):
    form = _form(vendor_client, token)
    question = _first(rfi)

    response = vendor_client.post(
        _url(token), {**form, f"q-{question.pk}": "Attached.", f"f-{question.pk}": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 400
    assert _first(rfi).answer == "" and not RfiAttachment.objects.exists()


def test_requests_over_the_rate_limit_are_refused(vendor_client, token, settings):
    settings.RFI_LINK_RATE_LIMIT = 3

    statuses = [vendor_client.get(_url(token)).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_an_accepted_answer_is_not_replaced_by_the_vendor(vendor_client, owner, rfi, token):
    question = rfi.questions.filter(target_model="").first()
    services.answer_record(actor=owner, question=question, answer="Confirmed by phone.")
    question.refresh_from_db()
    services.question_accept(actor=owner, question=question)
    form = _form(vendor_client, token)

    vendor_client.post(_url(token), {**form, f"q-{question.pk}": "Changed my mind."})

    question.refresh_from_db()
    assert question.answer == "Confirmed by phone."
