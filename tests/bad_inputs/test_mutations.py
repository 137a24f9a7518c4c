"""Valid agreements damaged at random — cut, bytes flipped, another format's header spliced in — through the engine,
legal's upload, procurement's evidence upload and a vendor's RFI attachment: the same promises as for the corpus, on
inputs nobody thought of."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clause_library import UnreadableDocument
from clause_library.analysis import analyze
from tests.bad_inputs.conftest import written
from tests.bad_inputs.corpus import load_build
from tests.bad_inputs.paths import (
    agreement_outcome,
    assert_clear,
    attach_to_rfi,
    attachment_outcome,
    evidence_outcome,
    upload_agreement,
    upload_evidence,
)

build = load_build()
VALID = {"pdf": build.agreement_pdf(), "docx": build.agreement_docx()}
HEADERS = (b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"MZ", b"<html>")
BOUNDED = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    """(how, bytes): a valid PDF or DOCX cut short, with bytes flipped, or with a header spliced in."""
    kind = draw(st.sampled_from(sorted(VALID)))
    data = bytearray(VALID[kind])
    how = draw(st.sampled_from(["truncate", "flip", "splice"]))
    if how == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif how == "flip":
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= draw(st.integers(1, 255))
    else:
        header = draw(st.sampled_from(HEADERS))
        at = draw(st.sampled_from([0, len(data) // 2, len(data)]))
        data[at : at + len(header)] = header
    return f"{kind} {how}", bytes(data)


@BOUNDED
@given(case=damaged())
def test_the_engine_analyses_or_refuses_a_damaged_file_with_its_reason(case):
    how, data = case
    try:
        result = analyze(data)
    except UnreadableDocument as error:
        assert error.code in {"empty", "unsupported_type", "corrupt", "encrypted", "no_text_layer", "too_large",
                              "decompression_bomb"}, how  # fmt: skip
        assert_clear(error.reason)
        return
    assert len(result.findings) == 21, how


@pytest.mark.django_db
@BOUNDED
@given(case=damaged())
def test_legal_uploading_a_damaged_file_gets_a_clear_outcome_and_no_half_record(case, legal_client: Client, agreement):
    how, data = case
    before = written()

    response = upload_agreement(legal_client, agreement, "agreement.pdf", data)

    kind, message = agreement_outcome(response, agreement, before)
    assert kind in ("refused", "failed", "done"), how
    if kind != "done":
        assert_clear(message)


@pytest.mark.django_db
@BOUNDED
@given(case=damaged())
def test_a_damaged_file_as_evidence_or_an_rfi_attachment_is_refused_cleanly_or_stored_whole(
    case, owner_client: Client, vendor, rfi, token
):
    how, data = case
    extension = how.split()[0]  # the kind it was made from, as a sender would name it

    before = written()
    evidence = upload_evidence(owner_client, vendor, f"report.{extension}", data)
    evidence_kind, evidence_message = evidence_outcome(evidence, before)
    before = written()
    attached = attach_to_rfi(Client(enforce_csrf_checks=True), token, rfi, f"answer.{extension}", data)
    attachment_kind, _ = attachment_outcome(attached, before)

    assert evidence_kind in ("refused", "accepted"), how
    assert attachment_kind in ("refused", "accepted"), how
    if evidence_kind == "refused":
        assert_clear(evidence_message)
