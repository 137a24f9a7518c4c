"""The result JSON documented by result.schema.json is what analyze() really produces."""

import json
from pathlib import Path

import jsonschema
import pytest

from clause_library.analysis import analyze
from clause_library.result import SCHEMA_VERSION

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "clause_library/schemas/result.schema.json").read_text())
AGREEMENT = (
    "1. PRIVACY\n"
    "1.1 Vendor shall not use Customer Data to train or improve its models.\n"
    "1.2 Vendor shall notify Customer of any Breach within five (5) days of discovery."
)


def _validate(data: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)


def test_the_schema_is_a_valid_2020_12_schema_for_the_current_version() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)

    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION == "1.0"


def test_the_result_of_a_text_validates(tmp_path: Path) -> None:
    _validate(analyze(AGREEMENT, agreement_type="ai_addendum").to_dict())


def test_the_result_of_a_pdf_validates(agreement_pdf: bytes) -> None:
    data = analyze(agreement_pdf, agreement_type="baa").to_dict()

    _validate(data)
    assert data["document"]["producer"].startswith("WeasyPrint")


def test_a_result_with_an_unknown_status_does_not_validate() -> None:
    data = analyze(AGREEMENT).to_dict()
    data["findings"][0]["status"] = "maybe"

    with pytest.raises(jsonschema.ValidationError):
        _validate(data)
