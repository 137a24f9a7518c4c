"""The committed corpus is what build.py writes, and README.md and corpus.py describe every file of it."""

import pytest

from tests.bad_inputs.corpus import CORPUS, EXPECTED, load_build

build = load_build()


def test_every_file_built_has_an_expected_outcome_and_a_row_in_the_readme():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")

    assert set(EXPECTED) == set(build.SMALL) | set(build.LARGE)
    assert [name for name in EXPECTED if f"`{name}`" not in readme] == []


def test_the_committed_files_are_exactly_the_small_ones():
    committed = {path.name for path in CORPUS.iterdir() if path.suffix not in (".py", ".md")}

    assert committed == set(build.SMALL)


@pytest.mark.parametrize("name", sorted(build.SMALL))
def test_a_rebuild_gives_the_committed_bytes(name):
    assert build.SMALL[name]() == (CORPUS / name).read_bytes()


def test_the_large_files_are_over_a_megabyte_or_would_bloat_the_repository(large_files):
    assert all(path.stat().st_size > 500_000 for path in large_files.values())
