"""`tei-edition stats`: counts, dangling references, malformed input."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tei_edition import TEI_NS
from tei_edition.read.xmlparse import parse
from tei_edition.stats import READINGS, collect_stats

CHOICES = ("correction", "expansion", "regularization", "choice")

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
      <choice><abbr>Com</abbr><expan>Com<ex resp="#translator">munist</ex></expan></choice>
      <choice><abbr>CC</abbr><expan resp="#translator">Central Committee</expan></choice>
      <choice><orig>Pekin</orig><reg resp="#edition">Beijing</reg></choice>
      <sic resp="#translator">Sh.....</sic>
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
    assert stats.page_breaks == 1
    # each choice once, by kind; the ex inside an expan is part of that expansion
    assert stats.interventions == Counter(
        {
            ("supplied", "translator"): 1,
            ("correction", "edition"): 1,
            ("expansion", "translator"): 2,
            ("regularization", "edition"): 1,
            ("sic", "translator"): 1,
        }
    )
    assert stats.unresolved == []
    assert [(i.rule, i.message) for i in stats.unreferenced] == [
        ("register-unused", 'person "nobody" is never referenced')
    ]


def test_cli_prints_counts(invoke, sample: Path) -> None:
    result = invoke("stats", sample)
    assert result.exit_code == 0, result.output
    line = next(n for n, t in enumerate(SAMPLE.splitlines(), 1) if 'xml:id="nobody"' in t)
    assert result.stdout.splitlines() == [
        f"File: {sample}",
        "Title: A sample",
        "Source: Sample source; 42",
        "Register: 2 persons, 1 places, 0 organisations",
        "Mentions: 3 (2 persons, 1 places, 0 organisations)",
        "Dates: 1",
        "Page breaks: 1",
        "Editorial interventions: 6",
        "  correction: 1 (edition 1)",
        "  expansion: 2 (translator 2)",
        "  regularization: 1 (edition 1)",
        "  sic: 1 (translator 1)",
        "  supplied: 1 (translator 1)",
        "Unresolved references: none",
        "Register entries never referenced: 1",
        f'  {sample}:{line}:1: warning: person "nobody" is never referenced [register-unused]',
    ]


def test_a_register_entry_referenced_by_another_pointer_is_used(sample: Path) -> None:
    """As in tei_edition.sch: any pointer attribute references an entry, not only @ref."""
    sample.write_text(SAMPLE.replace("<supplied ", '<supplied corresp="#nobody" '))
    assert collect_stats(sample).unreferenced == []


def _line(text: str, needle: str) -> int:
    return next(n for n, t in enumerate(text.splitlines(), 1) if needle in t)


def test_dangling_reference_named_with_line_and_exit_1(invoke, sample: Path) -> None:
    text = sample.read_text(encoding="utf-8").replace('ref="#xibaipo"', 'ref="#xinxibo"')
    sample.write_text(text, encoding="utf-8")
    result = invoke("stats", sample)
    assert result.exit_code == 1
    assert (
        f'  {sample}:{_line(text, "#xinxibo")}:1: error: placeName/@ref "#xinxibo" does not point '
        'to a place in the register (no xml:id "xinxibo") [ref-place]'
    ) in result.stdout.splitlines()
    assert "Unresolved references: 1" in result.stdout.splitlines()


def test_reference_to_the_wrong_kind_of_entry(sample: Path) -> None:
    sample.write_text(SAMPLE.replace('<placeName ref="#xibaipo">', '<placeName ref="#mao">'))
    stats = collect_stats(sample)
    assert [(i.rule, i.message) for i in stats.unresolved] == [
        (
            "ref-place",
            'placeName/@ref "#mao" does not point to a place in the register (#mao is a person)',
        )
    ]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (
            "mao",
            'persName/@ref "mao" is neither a pointer to a register entry (#id) nor an absolute '
            "URI (did you mean #mao?)",
        ),
        (
            "#mao Mao",
            'persName/@ref "Mao" is neither a pointer to a register entry (#id) nor an '
            "absolute URI",
        ),
        (
            "people.xml#mao",
            'persName/@ref "people.xml#mao" is neither a pointer to a register entry (#id) nor an '
            "absolute URI",
        ),
    ],
)
def test_a_name_reference_without_hash_is_an_error(
    invoke, sample: Path, ref: str, message: str
) -> None:
    text = SAMPLE.replace(
        '<persName ref="#mao">Mao</persName>', f'<persName ref="{ref}">Mao</persName>'
    )
    sample.write_text(text, encoding="utf-8")
    stats = collect_stats(sample)
    assert [(i.rule, i.line, i.message) for i in stats.unresolved] == [
        ("ref-pointer", _line(text, f'ref="{ref}"'), message)
    ]
    assert invoke("stats", sample).exit_code == 1


def test_authority_uris_are_allowed_beside_pointers(sample: Path) -> None:
    uris = "https://viaf.org/viaf/79127060 urn:x-wikidata:Q5816"
    sample.write_text(
        SAMPLE.replace(
            '<persName ref="#mao">Mao</persName>', f'<persName ref="#mao {uris}">Mao</persName>'
        )
    )
    assert collect_stats(sample).unresolved == []


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
    result = invoke("stats", edition)
    assert result.exit_code == 0, result.output
    stats = collect_stats(edition)
    assert stats.register["person"] >= 20
    assert stats.page_breaks == 5
    assert "Page breaks: 5" in result.stdout.splitlines()
    # each choice counted once; a reading only outside a choice; page breaks apart
    text = parse(edition).getroot().find(f"{{{TEI_NS}}}text")
    choices = list(text.iter(f"{{{TEI_NS}}}choice"))
    lone = [
        el
        for el in text.iter(*(f"{{{TEI_NS}}}{r}" for r in READINGS))
        if el.getparent().tag != f"{{{TEI_NS}}}choice"
    ]
    counted = Counter()
    for (kind, _), n in stats.interventions.items():
        counted["choice" if kind in CHOICES else kind] += n
    assert (counted["choice"], sum(counted[r] for r in READINGS)) == (len(choices), len(lone))
    assert len(choices) > 10 and counted["pb"] == 0
    assert stats.unresolved == [] and stats.unreferenced == []


def test_stats_and_validate_report_reference_problems_alike(tmp_path: Path) -> None:
    """The same rule ids, on the same lines, as tei_edition.sch for every reference case."""
    from tei_edition.validate import validate_paths
    from test_validate import CASES, build_case

    shared = {"ref-person", "ref-place", "ref-org", "ref-pointer", "register-unused"}
    cases = [c for c in CASES if {rule for rule, _, _ in c["expect"]} & shared]
    assert len(cases) >= 8
    for case in cases:
        path, _ = build_case(case, tmp_path)
        stats = collect_stats(path)
        from_stats = {(i.rule, i.line) for i in stats.unresolved + stats.unreferenced}
        from_validate = {(i.rule, i.line) for i in validate_paths([path]).issues}
        assert from_stats == {f for f in from_validate if f[0] in shared}, case["name"]


def test_issue_lines_and_json_agree_on_the_column() -> None:
    from tei_edition.issues import Issue

    issue = Issue("a.xml", 3, rule="r", message="m")
    assert issue.format() == "a.xml:3:1: error: m [r]"
    assert issue.as_dict()["column"] == 1
    assert Issue("a.xml", message="m").format() == "a.xml: error: m"
    assert Issue("a.xml", message="m").as_dict()["column"] == 0


def test_a_document_of_an_edition_is_counted_with_its_shared_register(tmp_path: Path) -> None:
    """The register counted is the shared entries the document points to; a pointer to no
    entry of the shared register, or to an entry of another kind, is an error."""
    from tei_edition.site.scaffold import new_edition

    new_edition(tmp_path / "ed")
    (doc,) = (tmp_path / "ed" / "documents").glob("*.xml")
    good = collect_stats(doc)
    assert good.unresolved == []
    assert good.register["person"] >= 1 and good.register["place"] >= 1
    text = doc.read_text(encoding="utf-8")
    text = text.replace('ref="registers.xml#london"', 'ref="registers.xml#nowhere"', 1)
    text = text.replace('ref="registers.xml#babbage"', 'ref="registers.xml#london"', 1)
    doc.write_text(text, encoding="utf-8")
    messages = [i.message for i in collect_stats(doc).unresolved]
    assert any('"registers.xml#nowhere"' in m and 'no entry "nowhere"' in m for m in messages)
    assert any("(registers.xml#london is a place)" in m for m in messages), messages


def test_a_pointer_relative_to_the_document_names_the_shared_register_too(tmp_path: Path) -> None:
    """From documents/, "../registers.xml#id" is the same register as "registers.xml#id"
    (relative to the edition folder), as the edition's check reads it."""
    from tei_edition.site.scaffold import new_edition

    new_edition(tmp_path / "ed")
    (doc,) = (tmp_path / "ed" / "documents").glob("*.xml")
    text = doc.read_text(encoding="utf-8").replace('ref="registers.xml#', 'ref="../registers.xml#')
    doc.write_text(text, encoding="utf-8")
    stats = collect_stats(doc)
    assert stats.unresolved == []
    assert stats.register["person"] >= 1
