"""`tei-edition stats`: counts, dangling references, malformed input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tei_edition.stats import collect_stats

SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>A sample</title></titleStmt>
      <publicationStmt><p>Unpublished</p></publicationStmt>
      <sourceDesc><bibl><title>Sample source</title><idno>42</idno></bibl></sourceDesc>
    </fileDesc>
  </teiHeader>
  <standOff>
    <listPerson><person xml:id="mao"><persName>Mao Zedong</persName></person>
      <person xml:id="nobody"><persName>Nobody</persName></person></listPerson>
    <listPlace><place xml:id="xibaipo"><placeName>Xibaipo</placeName></place></listPlace>
  </standOff>
  <text><body>
    <p><persName ref="#mao">Mao</persName> met us at
      <placeName ref="#xibaipo">Xibaipo</placeName> on
      <date when="1949-01-31">31 January</date> <supplied resp="#translator">and</supplied>
      <choice><sic>Kong Kong</sic><corr resp="#edition">Hong Kong</corr></choice>
      <persName ref="#mao">Mao's</persName><pb/></p>
  </body></text>
</TEI>
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.xml"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_counts_of_a_small_document(sample: Path) -> None:
    stats = collect_stats(sample)
    assert stats.title == "A sample"
    assert stats.source == "Sample source; 42"
    assert stats.register["person"] == 2
    assert stats.register["place"] == 1
    assert stats.mentions["persName"] == 2
    assert stats.mentions["placeName"] == 1
    assert stats.dates == 1
    assert stats.interventions[("supplied", "translator")] == 1
    assert stats.interventions[("corr", "edition")] == 1
    assert stats.interventions[("sic", "edition")] == 1
    assert stats.interventions[("pb", "source")] == 1
    assert stats.unresolved == []
    assert [i.message for i in stats.unreferenced] == ["person #nobody is never referenced"]


def test_cli_prints_counts(invoke, sample: Path) -> None:
    result = invoke("stats", sample)
    assert result.exit_code == 0, result.output
    assert "Title: A sample" in result.stdout
    assert "Register: 2 persons, 1 places, 0 organisations" in result.stdout
    assert "Mentions: 3 (2 persons, 1 places, 0 organisations)" in result.stdout
    assert "  supplied: 1 (translator 1)" in result.stdout
    assert "Unresolved references: none" in result.stdout


def test_dangling_reference_named_with_line_and_exit_1(invoke, sample: Path) -> None:
    text = sample.read_text(encoding="utf-8").replace('ref="#xibaipo"', 'ref="#xinxibo"')
    sample.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "#xinxibo" in t)
    result = invoke("stats", sample)
    assert result.exit_code == 1
    assert (
        f"sample.xml:{line}:1: error: placeName/@ref #xinxibo does not resolve [ref-resolves]"
        in (result.stdout)
    )


def test_reference_to_the_wrong_kind_of_entry(sample: Path) -> None:
    sample.write_text(SAMPLE.replace('<placeName ref="#xibaipo">', '<placeName ref="#mao">'))
    stats = collect_stats(sample)
    assert [i.rule for i in stats.unresolved] == ["ref-kind"]


def test_malformed_file_one_line_error_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(
        "<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n  <text><p>unclosed</text>\n</TEI>\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "tei_edition", "stats", str(bad)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("bad.xml:2:")
    assert "Traceback" not in proc.stderr


def test_missing_file_exit_2(invoke, tmp_path: Path) -> None:
    result = invoke("stats", tmp_path / "absent.xml")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("absent.xml: error: no such file [io]")


def test_non_tei_root(invoke, tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text("<html/>")
    result = invoke("stats", other)
    assert result.exit_code == 1
    assert "root element is html, expected TEI in the TEI namespace" in result.stderr


def test_bundled_edition_counts(invoke, edition: Path) -> None:
    assert edition.is_file(), f"the bundled edition is missing ({edition})"
    result = invoke("stats")
    assert result.exit_code == 0, result.output
    stats = collect_stats(edition)
    assert stats.register["person"] >= 20
    assert stats.interventions[("pb", "source")] == 5
    assert stats.unresolved == [] and stats.unreferenced == []
