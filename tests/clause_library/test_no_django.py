"""clause_library is plain Python: analysing a document imports no Django module."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = """
import sys
import clause_library, clause_library.analysis, clause_library.reading, clause_library.cli, clause_library.catalogue
result = clause_library.analyze("1. TERM\\nVendor shall notify Customer of any Breach within ten (10) days.")
assert result.findings, "no findings"
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
assert not loaded, loaded
print("ok")
"""


def test_analysing_a_document_imports_no_django() -> None:
    completed = subprocess.run(  # noqa: S603 - our own interpreter and program
        [sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "ok"
