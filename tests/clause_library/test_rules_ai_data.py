"""Training, retention, deletion, telemetry, residency and de-identification, read in our own sentences."""

import pytest

from clause_library import analyze


def status_of(text: str, provision_id: str) -> str:
    return analyze(text).finding(provision_id).status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vendor shall not use Customer Data to train, retrain or improve any artificial intelligence models.",
         "present"),
        ("We will never use your prompts or outputs to train our models.", "present"),
        ("Inputs and Outputs are not used to develop or improve our models.", "present"),
        ("Provider shall not use PHI to train models, except as necessary to provide the Services.", "weak"),
        ("We will not use your data to train our models unless you opt in.", "weak"),
        ("We may use Customer Content to improve our services.", "contrary"),
        ("You grant us a license to use your Inputs to develop and improve our machine learning models.",
         "contrary"),
        ("The Company may use aggregated and anonymized usage statistics to improve the Services.", "weak"),
        ("Vendor will ensure its personnel receive annual security training.", "missing"),
        ("You may not use the Outputs to develop models that compete with us.", "missing"),
    ],
)  # fmt: skip
def test_no_training(text: str, expected: str) -> None:
    assert status_of(text, "no_training_on_phi") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vendor does not retain prompts or outputs after the response is returned.", "present"),
        ("Prompts and outputs are retained for up to thirty (30) days for abuse monitoring and then deleted.",
         "weak"),
        ("Processor stores Customer Data only for as long as necessary to provide the Services.", "weak"),
        ("We may retain your conversations indefinitely.", "contrary"),
        ("Customer is responsible for storing its own backups.", "missing"),
    ],
)  # fmt: skip
def test_log_retention(text: str, expected: str) -> None:
    assert status_of(text, "log_retention_limit") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Upon Customer's request or termination, Vendor shall delete all prompts, outputs, logs and embeddings "
         "derived from Customer Data within fifteen (15) days and certify the deletion in writing.", "present"),
        ("Upon termination, Processor will delete Customer Data, unless applicable law requires its retention.",
         "weak"),
        ("We may delete content that violates these Terms.", "missing"),
    ],
)  # fmt: skip
def test_log_deletion(text: str, expected: str) -> None:
    assert status_of(text, "log_deletion") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Customer may disable the collection of usage data and telemetry at any time in the admin console.",
         "present"),
        ("You can opt out of product analytics, but diagnostic data required to operate the service is always "
         "collected.", "weak"),
        ("We may collect and analyze usage data about your use of the Services to improve and develop our "
         "products.", "contrary"),
        ("Our website uses cookies as described in the cookie notice.", "missing"),
    ],
)  # fmt: skip
def test_telemetry(text: str, expected: str) -> None:
    assert status_of(text, "telemetry_disable") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vendor shall store and process Customer Data only in data centers located in the United States.",
         "present"),
        ("Processor may transfer Personal Data outside the EEA subject to the Standard Contractual Clauses.",
         "weak"),
        ("Your data may be stored and processed in any country where we or our service providers maintain "
         "facilities.", "contrary"),
        ("This Agreement is governed by the laws of the State of New York.", "missing"),
    ],
)  # fmt: skip
def test_data_residency(text: str, expected: str) -> None:
    assert status_of(text, "data_residency") == expected


def test_residency_names_the_places() -> None:
    finding = analyze("Vendor shall host Customer Data only within the continental United States.").finding(
        "data_residency"
    )

    assert finding.parameters["places"] == ["United States"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Business Associate shall not de-identify PHI without Covered Entity's prior written consent.", "present"),
        ("Business Associate may de-identify PHI and use de-identified data for any lawful purpose.", "contrary"),
        ("Provider reserves the right to aggregate and anonymize Customer Data and use it to improve its "
         "products.", "contrary"),
        ("Customer shall de-identify all records before uploading them.", "missing"),
        ("In no event shall Vendor's aggregate liability exceed the fees paid.", "missing"),
    ],
)  # fmt: skip
def test_deidentification(text: str, expected: str) -> None:
    assert status_of(text, "deidentification") == expected
