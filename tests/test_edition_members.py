"""A document of an edition folder validated alone is read as part of its edition."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import ROOT

CABLE = "documents/1949-01-08-mao-to-stalin.xml"


def _copy_edition(tmp_path: Path) -> Path:
    folder = tmp_path / "edition"
    shutil.copytree(ROOT / "edition", folder)
    return folder


def test_a_document_alone_resolves_its_pointers_into_the_shared_register(invoke, tmp_path):
    folder = _copy_edition(tmp_path)
    result = invoke("validate", folder / CABLE)
    assert result.exit_code == 0, result.output
    assert "ref-pointer" not in result.output


def test_a_document_alone_names_a_pointer_the_register_lacks(invoke, tmp_path):
    folder = _copy_edition(tmp_path)
    doc = folder / CABLE
    text = doc.read_text(encoding="utf-8")
    assert 'ref="registers.xml#stalin"' in text
    doc.write_text(text.replace('ref="registers.xml#stalin"', 'ref="registers.xml#nobody"', 1))
    result = invoke("validate", doc)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "[edition-pointer]" in line]
    assert len(lines) == 1
    assert "ref 'registers.xml#nobody': the register has no entry 'nobody'" in lines[0]


def test_a_file_outside_any_edition_keeps_the_single_file_rule(invoke, tmp_path):
    folder = _copy_edition(tmp_path)
    alone = tmp_path / "alone.xml"
    shutil.copy(folder / CABLE, alone)
    result = invoke("validate", alone)
    assert result.exit_code == 1
    assert "[ref-pointer]" in result.output


def test_the_bundled_edition_validates_without_errors_or_warnings(invoke):
    result = invoke("validate", ROOT / "edition")
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("0 errors, 0 warnings, 0 info"), result.output


def test_stats_of_the_edition_count_the_whole_and_the_entries_shared(invoke):
    result = invoke("stats", ROOT / "edition")
    assert result.exit_code == 0, result.output
    out = result.stdout
    documents = 1 + len(list((ROOT / "edition" / "documents").glob("*.xml")))
    assert f"Edition: {documents} document(s)" in out
    assert "0 unresolved pointer(s), 0 entries mentioned by no document" in out
    whole = out[out.index("Edition: ") :]
    per_file = [
        int(n) for n in re.findall(r"^Mentions: (\d+)", out[: out.index("Edition: ")], re.M)
    ]
    assert re.search(r"^Mentions: (\d+)", whole, re.M).group(1) == str(sum(per_file))
    assert f"  stalin: {documents} documents" in whole
    assert "  kovalev-i: " in whole and "  orlov: " in whole
