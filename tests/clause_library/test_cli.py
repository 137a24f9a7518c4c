"""python -m clause_library: JSON or a table on stdout, exit 0; usage errors exit 2; unreadable input exits 3."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clause_library.analysis import analyze
from clause_library.cli import main

ROOT = Path(__file__).resolve().parents[2]
AGREEMENT = (
    "1. SECURITY\n"
    "1.1 Vendor shall encrypt Customer Data at rest and in transit.\n"
    "1.2 Vendor shall notify Customer of any Breach within seventy-two (72) hours."
)


@pytest.fixture
def agreement_file(tmp_path: Path) -> Path:
    path = tmp_path / "terms.txt"
    path.write_text(AGREEMENT, encoding="utf-8")
    return path


def test_the_module_prints_exactly_the_api_result_as_json(agreement_file: Path) -> None:
    completed = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "clause_library", "analyze", str(agreement_file), "--agreement-type", "dpa"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == analyze(agreement_file, agreement_type="dpa").to_dict()


def test_the_text_format_is_a_table_of_provisions(agreement_file: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["analyze", str(agreement_file), "--format", "text"]) == 0

    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.startswith("PROVISION"))
    assert header.split() == ["PROVISION", "STATUS", "PAGE", "EVIDENCE"]
    rows = lines[lines.index(header) + 1 :]
    assert len(rows) == len(analyze(agreement_file).findings)
    assert all(row.split()[1] in {"present", "weak", "contrary", "missing"} for row in rows)


def test_an_unreadable_input_exits_3_with_the_api_reason(
    bad_inputs, bad_input_name: str, capsys: pytest.CaptureFixture
) -> None:
    bad = bad_inputs[bad_input_name]
    flags = [f"--{name.replace('_', '-')}={value}" for name, value in bad.limits.items()]

    code = main(["analyze", str(bad.path), *flags])

    captured = capsys.readouterr()
    assert code == 3
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert bad.reason_fragment in captured.err


def test_a_file_that_does_not_exist_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["analyze", str(tmp_path / "absent.pdf")])

    assert exited.value.code == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["analyze"],
        ["analyze", "x.pdf", "--format", "xml"],
        ["analyze", "x.pdf", "--max-pages", "0"],
        ["frobnicate"],
    ],
)
def test_bad_arguments_are_usage_errors(arguments: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(arguments)

    assert exited.value.code == 2


def test_the_catalogue_command_prints_the_catalogue_as_json(capsys: pytest.CaptureFixture) -> None:
    from clause_library.catalogue import load_catalogue

    assert main(["catalogue"]) == 0

    assert json.loads(capsys.readouterr().out) == load_catalogue().to_dict()


def test_evaluate_prints_a_report_for_a_labelled_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "terms.txt").write_text(AGREEMENT, encoding="utf-8")
    (tmp_path / "terms.labels.json").write_text(json.dumps({"breach_notification": {"status": "present"}}))

    assert main(["evaluate", str(tmp_path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert main(["evaluate", str(tmp_path)]) == 0

    assert report
    assert "breach_notification" in capsys.readouterr().out


def test_evaluate_needs_an_existing_folder(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["evaluate", str(tmp_path / "absent")])

    assert exited.value.code == 2
