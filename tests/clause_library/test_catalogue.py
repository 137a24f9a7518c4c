"""The provision catalogue: every reviewed entry loads, the schema rejects bad data, and the API is stable."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from clause_library.catalogue import (
    AGREEMENT_TYPES,
    CATALOGUE_DIR,
    REQUIRED_IDS,
    RFI_SECTIONS,
    SCHEMA_PATH,
    CatalogueError,
    load_catalogue,
)

HIPAA_REQUIRED = REQUIRED_IDS[:8]

# The numbers the detection rules read; a catalogue edit that drops one must fail here first.
ENGINE_THRESHOLDS = {
    "breach_notification": {"max_notice_days": 10, "statutory_outer_limit_days": 60},
    "log_retention_limit": {"max_retention_days": 0},
    "log_deletion": {"max_deletion_days": 30},
    "cyber_insurance": {"min_coverage_usd": 5_000_000},
    "termination_for_breach": {"max_cure_days": 30},
    "change_notification_termination": {"min_notice_days": 30},
    "access_logging": {"max_log_delivery_days": 30},
}


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, directory)
    return directory


def _edit(directory: Path, provision_id: str, **changes: object) -> Path:
    path = directory / f"{provision_id}.yaml"
    data = yaml.safe_load(path.read_text())
    data.update(changes)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _load_error(directory: Path) -> str:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(directory)
    return str(caught.value)


def test_every_required_id_loads_in_the_documented_order() -> None:
    catalogue = load_catalogue()

    assert catalogue.ids == REQUIRED_IDS
    assert len(catalogue) == 21
    assert [provision.id for provision in catalogue] == list(REQUIRED_IDS)


def test_the_packaged_catalogue_is_read_once() -> None:
    assert load_catalogue() is load_catalogue()


def test_loading_twice_from_a_directory_gives_the_same_order(catalogue_copy: Path) -> None:
    assert load_catalogue(catalogue_copy).ids == load_catalogue(catalogue_copy).ids == REQUIRED_IDS


def test_the_hipaa_required_terms_are_categorised_and_cite_164_504() -> None:
    catalogue = load_catalogue()

    for provision_id in REQUIRED_IDS:
        provision = catalogue.get(provision_id)
        expected = "hipaa_required" if provision_id in HIPAA_REQUIRED else "ai_negotiated"
        assert provision.category == expected, provision_id
    for provision_id in HIPAA_REQUIRED:
        assert any("164.504(e)" in citation for citation in catalogue.get(provision_id).citations), provision_id


def test_severity_follows_the_documented_policy() -> None:
    catalogue = load_catalogue()

    critical = {p.id for p in catalogue if p.severity == "critical"}
    assert critical == {*HIPAA_REQUIRED, "no_training_on_phi", "phi_permitted"}
    assert catalogue.get("log_retention_limit").severity == "high"
    assert catalogue.get("cyber_insurance").severity == "medium"


def test_thresholds_the_engine_reads_are_present() -> None:
    catalogue = load_catalogue()

    for provision_id, expected in ENGINE_THRESHOLDS.items():
        assert dict(catalogue.get(provision_id).thresholds) == expected, provision_id


def test_statuses_agree_with_the_reading_table() -> None:
    catalogue = load_catalogue()

    no_weak = {p.id for p in catalogue if p.statuses["weak"] is None}
    no_contrary = {p.id for p in catalogue if p.statuses["contrary"] is None}
    assert no_weak == {"hhs_books_records", "deidentification", "liability_cap"}
    assert no_contrary == {
        "safeguards_encryption",
        "subprocessor_disclosure",
        "access_amendment_accounting",
        "hhs_books_records",
        "termination_for_breach",
        "log_deletion",
        "right_to_audit",
        "access_logging",
        "cyber_insurance",
        "liability_cap",
    }


def test_provisions_are_read_only() -> None:
    provision = load_catalogue().get("breach_notification")

    with pytest.raises(TypeError):
        provision.thresholds["max_notice_days"] = 99  # type: ignore[index]
    with pytest.raises(AttributeError):
        provision.severity = "low"  # type: ignore[misc]


def test_to_dict_is_json_serialisable_and_versioned() -> None:
    exported = json.loads(json.dumps(load_catalogue().to_dict()))

    assert exported["schema_version"] == "1"
    assert [p["id"] for p in exported["provisions"]] == list(REQUIRED_IDS)
    breach = exported["provisions"][2]
    assert breach["thresholds"]["max_notice_days"] == 10
    assert breach["rfi"]["section"] == "incident_response"


def test_each_exported_provision_validates_against_the_file_schema() -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    for provision in load_catalogue().to_dict()["provisions"]:
        assert list(validator.iter_errors(provision)) == [], provision["id"]


def test_applies_to_type_matches_the_agreement_type() -> None:
    catalogue = load_catalogue()
    hhs = catalogue.get("hhs_books_records")
    training = catalogue.get("no_training_on_phi")

    assert hhs.applies_to_type("baa")
    assert not hhs.applies_to_type("tos")
    assert hhs.applies_to_type("any")
    assert all(training.applies_to_type(t) for t in ("baa", "dpa", "msa", "ai_addendum", "tos"))


def test_for_agreement_type_keeps_catalogue_order() -> None:
    catalogue = load_catalogue()

    for_tos = catalogue.for_agreement_type("tos")

    assert "hhs_books_records" not in for_tos.ids
    assert "no_training_on_phi" in for_tos.ids
    assert list(for_tos.ids) == [i for i in catalogue.ids if i in for_tos.ids]
    assert catalogue.for_agreement_type("any").ids == catalogue.ids


def test_an_unknown_agreement_type_is_refused() -> None:
    with pytest.raises(CatalogueError, match="unknown agreement type 'contract'"):
        load_catalogue().for_agreement_type("contract")


def test_an_unknown_provision_id_is_refused() -> None:
    with pytest.raises(CatalogueError, match="no_such_provision"):
        load_catalogue().get("no_such_provision")


def test_the_schema_enums_match_the_constants_the_web_app_reuses() -> None:
    properties = json.loads(SCHEMA_PATH.read_text())["properties"]

    assert properties["applies_to"]["items"]["enum"] == list(AGREEMENT_TYPES)
    assert properties["rfi"]["properties"]["section"]["enum"] == list(RFI_SECTIONS)


def test_a_missing_field_is_reported_with_the_file(catalogue_copy: Path) -> None:
    path = catalogue_copy / "breach_notification.yaml"
    data = yaml.safe_load(path.read_text())
    del data["rfi"]
    path.write_text(yaml.safe_dump(data))

    message = _load_error(catalogue_copy)

    assert "breach_notification.yaml" in message
    assert "'rfi' is a required property" in message


def test_a_wrong_enum_is_reported_with_its_json_path(catalogue_copy: Path) -> None:
    _edit(catalogue_copy, "log_deletion", severity="urgent")

    message = _load_error(catalogue_copy)

    assert "log_deletion.yaml" in message
    assert "$.severity" in message


def test_a_nested_wrong_enum_is_reported_with_its_json_path(catalogue_copy: Path) -> None:
    _edit(catalogue_copy, "data_residency", applies_to=["baa", "contract"])

    assert "$.applies_to[1]" in _load_error(catalogue_copy)


def test_an_unknown_key_is_refused(catalogue_copy: Path) -> None:
    _edit(catalogue_copy, "telemetry_disable", owner="legal")

    message = _load_error(catalogue_copy)

    assert "telemetry_disable.yaml" in message
    assert "'owner' was unexpected" in message


def test_a_weak_example_without_a_weak_status_is_refused(catalogue_copy: Path) -> None:
    _edit(catalogue_copy, "hhs_books_records", weak_when=["Records on request only."])

    assert "$.weak_when" in _load_error(catalogue_copy)


def test_a_threshold_must_be_a_whole_number_of_days_or_dollars(catalogue_copy: Path) -> None:
    _edit(catalogue_copy, "breach_notification", thresholds={"max_notice_days": "ten"})

    assert "$.thresholds.max_notice_days" in _load_error(catalogue_copy)


def test_an_id_that_differs_from_the_file_name_is_refused(catalogue_copy: Path) -> None:
    _edit(catalogue_copy, "cyber_insurance", id="insurance")

    message = _load_error(catalogue_copy)

    assert "cyber_insurance.yaml" in message
    assert "does not match the file name" in message


def test_a_missing_required_provision_is_refused(catalogue_copy: Path) -> None:
    (catalogue_copy / "phi_permitted.yaml").unlink()
    order = yaml.safe_load((catalogue_copy / "_order.yaml").read_text())
    order.remove("phi_permitted")
    (catalogue_copy / "_order.yaml").write_text(yaml.safe_dump(order))

    assert "required provisions missing: phi_permitted" in _load_error(catalogue_copy)


def test_a_file_not_listed_in_the_order_is_refused(catalogue_copy: Path) -> None:
    shutil.copy(catalogue_copy / "liability_cap.yaml", catalogue_copy / "liability_cap_extra.yaml")

    assert "not listed in the order: liability_cap_extra" in _load_error(catalogue_copy)


def test_a_duplicate_in_the_order_is_refused(catalogue_copy: Path) -> None:
    with (catalogue_copy / "_order.yaml").open("a") as order:
        order.write("- log_deletion\n")

    assert "duplicate provision ids: log_deletion" in _load_error(catalogue_copy)


def test_invalid_yaml_is_reported_with_the_file(catalogue_copy: Path) -> None:
    (catalogue_copy / "right_to_audit.yaml").write_text("id: [unclosed\n")

    message = _load_error(catalogue_copy)

    assert "right_to_audit.yaml" in message
    assert "not valid YAML" in message


def test_an_added_provision_loads_in_the_listed_position(catalogue_copy: Path) -> None:
    data = yaml.safe_load((catalogue_copy / "liability_cap.yaml").read_text())
    data["id"] = "model_output_ownership"
    (catalogue_copy / "model_output_ownership.yaml").write_text(yaml.safe_dump(data))
    with (catalogue_copy / "_order.yaml").open("a") as order:
        order.write("- model_output_ownership\n")

    catalogue = load_catalogue(catalogue_copy)

    assert catalogue.ids[-1] == "model_output_ownership"
    assert len(catalogue) == 22


def test_the_catalogue_module_imports_no_django() -> None:
    code = "import sys, clause_library.catalogue; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    completed = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2]
    )

    assert completed.stdout.strip() == "False"


SENTENCES = Path(__file__).parents[2] / "fixtures" / "sentences" / "sentences.jsonl"


def _sentences() -> list[dict]:
    return [json.loads(line) for line in SENTENCES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_sentence_set_is_large_enough_and_has_hard_negatives() -> None:
    rows = _sentences()

    assert len(rows) >= 320
    assert sum(1 for row in rows if row["labels"] == {}) >= 70


def test_sentence_ids_are_unique_and_well_formed() -> None:
    rows = _sentences()

    ids = [row["id"] for row in rows]
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 5 and i[0] == "s" and i[1:].isdigit() for i in ids)
    assert len({row["text"] for row in rows}) == len(rows)
    assert all(set(row) == {"id", "text", "labels"} for row in rows)


def test_sentence_labels_use_only_the_statuses_each_provision_defines() -> None:
    catalogue = load_catalogue()

    for row in _sentences():
        for provision_id, status in row["labels"].items():
            assert status in ("present", "weak", "contrary"), row["id"]
            assert catalogue.get(provision_id).statuses[status] is not None, (row["id"], provision_id, status)


def test_every_provision_has_at_least_ten_labelled_sentences_in_each_status_it_defines() -> None:
    counts: dict[tuple[str, str], int] = {}
    for row in _sentences():
        for provision_id, status in row["labels"].items():
            counts[provision_id, status] = counts.get((provision_id, status), 0) + 1

    for provision in load_catalogue():
        labelled = sum(counts.get((provision.id, status), 0) for status in ("present", "weak", "contrary"))
        assert labelled >= 10, provision.id
        for status, reading in provision.statuses.items():
            if reading is not None:
                assert counts.get((provision.id, status), 0) >= 3, (provision.id, status)
