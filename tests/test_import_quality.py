"""Import quality: the memoir imported with the edition's registers, against the edition."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import NS
from tei_edition.importer import draft_from_source
from tei_edition.importer.quality import compare_drafts

NAMES_RECALL_FLOOR = 0.90
NAMES_PRECISION_FLOOR = 0.95


@pytest.fixture(scope="module")
def memoir() -> tuple[etree._ElementTree, Path]:
    root = Path(__file__).resolve().parents[1]
    source = root / "edition" / "source" / "mikoyan-recollections-1958.txt"
    edition = root / "edition" / "mikoyan-recollections-1958.xml"
    return draft_from_source(source, root / "edition" / "registers.xml").tree, edition


def test_quality_floors(memoir: tuple[etree._ElementTree, Path]) -> None:
    draft, edition = memoir
    scores = compare_drafts(draft, edition)
    assert scores.dates.expected >= 5
    assert scores.dates.precision == 1.0
    assert scores.dates.recall == 1.0
    assert scores.names.expected >= 300
    assert scores.names.recall >= NAMES_RECALL_FLOOR, scores.format()
    assert scores.names.precision >= NAMES_PRECISION_FLOOR, scores.format()


def test_the_edition_against_itself_is_perfect(memoir: tuple[etree._ElementTree, Path]) -> None:
    _, edition = memoir
    scores = compare_drafts(edition, edition)
    assert (scores.names.precision, scores.names.recall) == (1.0, 1.0)
    assert scores.names.matched == scores.names.expected > 300
    assert scores.differences == []


def test_a_wrong_reference_and_a_missing_date_are_counted(
    memoir: tuple[etree._ElementTree, Path],
) -> None:
    draft, edition = memoir
    changed = copy.deepcopy(draft)
    stalin = changed.xpath("//tei:text//tei:persName[@ref='#stalin']", namespaces=NS)
    stalin[0].set("ref", "#mao")
    date = changed.xpath("//tei:text//tei:date[@when='1949-01-14']", namespaces=NS)[0]
    date.tag = "{http://www.tei-c.org/ns/1.0}seg"
    for attr in list(date.attrib):
        del date.attrib[attr]
    base = compare_drafts(draft, edition)
    worse = compare_drafts(changed, edition)
    assert worse.names.matched == base.names.matched - 1
    assert worse.names.found == base.names.found
    assert worse.dates.recall < 1.0
    assert worse.dates.found == base.dates.found - 1
    block = next(
        d.block
        for d in worse.differences
        if d.key == ("persName", "#mao") and d.kind == "extra" and d not in base.differences
    )
    assert block == "p2"  # the first Stalin of the text


def test_mentions_are_compared_per_paragraph(memoir: tuple[etree._ElementTree, Path]) -> None:
    """A name moved to another paragraph is a miss in one and an extra in the other."""
    draft, edition = memoir
    changed = copy.deepcopy(draft)
    paragraphs = changed.xpath("//tei:text//tei:p", namespaces=NS)
    first = paragraphs[3].xpath(".//tei:persName[@ref='#mao']", namespaces=NS)[0]
    first.set("ref", "#stalin")
    later = paragraphs[4].xpath(".//tei:persName[@ref='#stalin']", namespaces=NS)[0]
    later.set("ref", "#mao")
    base = compare_drafts(draft, edition)
    worse = compare_drafts(changed, edition)
    assert worse.names.found == base.names.found
    assert worse.names.matched == base.names.matched - 2


# ------------------------------------------------------------------ the archive's transcriptions

ARCHIVE = Path(__file__).resolve().parent / "fixtures" / "archive"
REFERENCE = ARCHIVE / "reference"


@pytest.fixture(scope="module")
def archive_scores():
    from tei_edition.importer.quality import score_sources

    pairs = [(p, REFERENCE / f"{p.stem}.xml") for p in sorted(ARCHIVE.glob("*.txt"))]
    return score_sources(pairs, REFERENCE / "registers.xml")


def test_archive_quality_floors(archive_scores) -> None:
    total, brackets, each = archive_scores
    assert len(each) >= 5  # documents with a hand-checked reference
    assert total.dates.expected >= 20
    assert (total.dates.precision, total.dates.recall) == (1.0, 1.0), total.format()
    assert total.names.expected >= 100
    assert total.names.recall >= NAMES_RECALL_FLOOR, total.format()
    assert total.names.precision >= NAMES_PRECISION_FLOOR, total.format()
    assert brackets.total >= 100
    assert brackets.share == 1.0, brackets.format()


def test_every_reference_is_compared_and_reads_as_its_source(archive_scores) -> None:
    from tei_edition.importer import Draft, Worklist, check_fidelity, read_archive
    from tei_edition.read.xmlparse import parse_tei

    _, _, each = archive_scores
    references = sorted(REFERENCE.glob("*.xml"))
    assert sorted(name for name, _ in each) == sorted(
        f"{p.stem}.txt" for p in references if p.name != "registers.xml"
    )
    for reference in references:
        if reference.name != "registers.xml":
            doc = read_archive(ARCHIVE / f"{reference.stem}.txt")
            assert check_fidelity(Draft(parse_tei(reference), Worklist("r")), doc) == []


def test_memoir_brackets_are_all_encoded(memoir: tuple[etree._ElementTree, Path]) -> None:
    from tei_edition.fidelity import unescape_markdown
    from tei_edition.importer import read_archive
    from tei_edition.importer.quality import bracket_score

    draft, _ = memoir
    root = Path(__file__).resolve().parents[1]
    doc = read_archive(root / "edition" / "source" / "mikoyan-recollections-1958.txt")
    score = bracket_score(draft, "\n".join(unescape_markdown(ln.text) for ln in doc.body))
    assert score.total > 50 and score.share == 1.0


def test_an_unresolved_bracket_lowers_the_share(memoir: tuple[etree._ElementTree, Path]) -> None:
    from tei_edition.importer.quality import bracket_score

    draft, _ = memoir
    changed = copy.deepcopy(draft)
    p = changed.xpath("//tei:text//tei:p", namespaces=NS)[0]
    seg = etree.SubElement(p, "{http://www.tei-c.org/ns/1.0}seg", type="unresolved")
    seg.text = "["
    assert bracket_score(changed, "[a] [b]").share == 0.75
