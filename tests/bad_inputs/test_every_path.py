"""Every hostile file through every upload path a user has: refused with a clear message and nothing written, or
accepted, and then analysed or failed with a clear message — never a server error, never a half-written record."""

import json

import pytest
from django.test import Client

from clause_library import UnreadableDocument
from clause_library.analysis import analyze
from clause_library.cli import EXIT_UNREADABLE, main
from tests.bad_inputs.conftest import written
from tests.bad_inputs.corpus import EXPECTED, NAMES
from tests.bad_inputs.paths import (
    agreement_outcome,
    assert_clear,
    attach_to_rfi,
    attachment_outcome,
    evidence_outcome,
    progress_text,
    upload_agreement,
    upload_evidence,
)

by_file = pytest.mark.parametrize("name", NAMES)


@by_file
def test_the_engine_refuses_or_analyses_it_with_a_clear_reason(name, corpus_file):
    expected = EXPECTED[name].engine
    try:
        result = analyze(corpus_file(name))
    except UnreadableDocument as error:
        assert error.code == expected.kind, error.reason
        assert expected.message in error.reason
        assert_clear(error.reason)
        return
    assert expected.kind == "analysed", f"expected {expected.kind}, but the file was analysed"
    assert len(result.findings) == 21
    assert expected.message in " ".join(result.document.warnings)


@by_file
def test_the_command_line_exits_3_with_the_reason_or_prints_the_result(name, corpus_file, capsys):
    expected = EXPECTED[name].engine

    status = main(["analyze", str(corpus_file(name)), "--format", "json"])

    out, err = capsys.readouterr()
    if expected.kind == "analysed":
        assert status == 0, err
        assert len(json.loads(out)["findings"]) == 21
    else:
        assert status == EXIT_UNREADABLE
        assert out == ""
        assert expected.message in err
        assert_clear(err)


@by_file
def test_legal_uploading_it_as_an_agreement_gets_a_clear_outcome(name, corpus_file, legal_client: Client, agreement):
    expected = EXPECTED[name].agreement
    before = written()

    response = upload_agreement(legal_client, agreement, name, corpus_file(name).read_bytes())

    kind, message = agreement_outcome(response, agreement, before)
    assert (kind, expected.message in message) == (expected.kind, True), message
    if kind == "failed":
        assert_clear(message)
        assert message in progress_text(legal_client, agreement)


@by_file
def test_procurement_uploading_it_as_evidence_gets_a_clear_outcome(name, corpus_file, owner_client: Client, vendor):
    expected = EXPECTED[name].evidence
    before = written()

    response = upload_evidence(owner_client, vendor, name, corpus_file(name).read_bytes())

    kind, message = evidence_outcome(response, before)
    assert (kind, expected.message in message) == (expected.kind, True), message
    if kind == "refused":
        assert_clear(message)


@by_file
def test_a_vendor_attaching_it_to_an_rfi_answer_gets_a_clear_outcome(name, corpus_file, rfi, token):
    expected = EXPECTED[name].attachment
    before = written()

    response = attach_to_rfi(Client(enforce_csrf_checks=True), token, rfi, name, corpus_file(name).read_bytes())

    kind, message = attachment_outcome(response, before)
    assert (kind, expected.message in message) == (expected.kind, True), message
