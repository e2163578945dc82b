"""The draft's source description is encoded as the edition's, so every stylesheet and the
deposit metadata read the archive's citation, provenance and permission from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_edition import NS, resources, xslt
from tei_edition.importer import draft_from_source, import_source
from tei_edition.read.xmlparse import parse_tei
from tei_edition.transform.export import export

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "import"
EDITION = ROOT / "edition" / "mikoyan-recollections-1958.xml"
REGISTER = ROOT / "edition" / "registers.xml"
SOURCE = ROOT / "edition" / "source" / "mikoyan-recollections-1958.txt"
REGISTERS = FIXTURES / "registers.xml"

SD = "tei:teiHeader/tei:fileDesc/tei:sourceDesc"
FIELDS = {
    "citation": f"{SD}/tei:bibl/tei:bibl[@type='citation']",
    "permission": f"{SD}/tei:bibl/tei:availability/tei:p",
    "notes": f"{SD}/tei:bibl/tei:note",
    "repository": f"{SD}/tei:msDesc/tei:msIdentifier/tei:repository",
    "archive number": f"{SD}/tei:msDesc/tei:msIdentifier/tei:idno",
    "original language": f"{SD}/tei:msDesc/tei:msContents/tei:textLang/@mainLang",
    "provenance": f"{SD}/tei:msDesc/tei:history/tei:provenance",
    "dates in the citation": f"{SD}/tei:bibl/tei:bibl[@type='citation']/tei:date/@when",
    "names in the provenance": f"{SD}/tei:msDesc/tei:history/tei:provenance/*/@ref",
    "names in the notes": f"{SD}/tei:bibl/tei:note/*/@ref",
}


def norm(value: etree._Element | str) -> str:
    text = value if isinstance(value, str) else "".join(value.itertext())
    return " ".join(text.split())


def fields(root: etree._Element) -> dict[str, list[str]]:
    """The fields, pointers reduced to the entry they name ('registers.xml#nsa': '#nsa')."""
    found = {k: [norm(v) for v in root.xpath(p, namespaces=NS)] for k, p in FIELDS.items()}
    for k, values in found.items():
        if k.startswith("names"):
            found[k] = ["#" + v.partition("#")[2] for v in values]
    return found


@pytest.fixture(scope="module")
def memoir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("memoir-header") / "draft.xml"
    import_source(SOURCE, out, registers=REGISTER)
    return out


def test_memoir_source_description_mirrors_the_edition(memoir: Path) -> None:
    draft = fields(parse_tei(memoir).getroot())
    assert draft == fields(parse_tei(EDITION).getroot())
    assert draft["citation"] == [
        '"Anastas Mikoyan\'s Recollections of his Trip to China", September 4, 1958, Wilson '
        "Center Digital Archive, Provided to the National Security Archive/Svetlana "
        "Savranskaya by Sergo Mikoyan. With permission of the National Security Archive. "
        "Translated by Sergey Radchenko. https://wilson-center.drivingcreative.com/document/121774"
    ]
    assert draft["provenance"] == [
        "Provided to the National Security Archive/Svetlana Savranskaya by Sergo Mikoyan."
    ]
    assert draft["names in the provenance"] == ["#nsa", "#savranskaya", "#sergo-mikoyan"]


def test_no_kinds_hidden_in_note_n(memoir: Path) -> None:
    for path in [memoir, *(FIXTURES / n for n in ("telegram.txt", "brackets.txt"))]:
        if path.suffix == ".txt":
            root = draft_from_source(path, REGISTERS).tree.getroot()
        else:
            root = parse_tei(path).getroot()
        assert root.xpath(f"{SD}//tei:note[@n]", namespaces=NS) == [], path.name


def test_fixture_statements_go_where_the_edition_puts_them() -> None:
    telegram = fields(draft_from_source(FIXTURES / "telegram.txt", REGISTERS).tree.getroot())
    assert telegram["permission"] == ["With permission of the Example Society."]
    assert telegram["notes"] == [
        "Invented for the tests of tei-edition.",
        "This document was made possible with support from the Example Foundation",
    ]
    assert telegram["provenance"] == []
    assert telegram["repository"] == ["Example Digital Archive"]
    assert telegram["archive number"] == ["4242"]
    assert telegram["original language"] == ["ru"]
    assert telegram["dates in the citation"] == ["1950-03-03"]
    brackets = fields(draft_from_source(FIXTURES / "brackets.txt", REGISTERS).tree.getroot())
    assert brackets["provenance"] == ["Provided by the Example Society."]
    assert brackets["permission"] == []
    assert brackets["citation"][0].startswith('"Olga Marsh\'s Notes on the Ferry", January 5')
    assert brackets["citation"][0].endswith("Sam Poe. https://archive.example.org/document/9")
    # no citation: no nested citation, no msDesc without anything to identify
    letter = draft_from_source(FIXTURES / "letter-crlf.txt").tree.getroot()
    assert letter.xpath(f"{SD}/tei:bibl/tei:bibl | {SD}/tei:msDesc", namespaces=NS) == []


def source_line(text: str) -> str:
    """The ``Source:`` entry of a text export, its continuation lines joined."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Source: "))
    entry = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith("    "):
            break
        entry.append(line)
    return " ".join(" ".join(entry).split())


def test_exports_and_deposit_metadata_read_the_archive_citation(
    memoir: Path, tmp_path: Path
) -> None:
    (draft_txt,) = export(memoir, ["text"], tmp_path / "draft")
    (edition_txt,) = export(EDITION, ["text"], tmp_path / "edition")
    line = source_line(draft_txt.read_text(encoding="utf-8"))
    assert line == source_line(edition_txt.read_text(encoding="utf-8"))
    assert line.startswith('Source: "Anastas Mikoyan\'s Recollections of his Trip to China",')
    assert "Provided to the National Security Archive/Svetlana Savranskaya" in line

    params: dict[str, xslt.ParamValue] = {"bagging-date": "2030-01-01"}

    def metadata(stylesheet: str, source: Path) -> etree._Element:
        out = xslt.transform(resources.transform(stylesheet), parse_tei(source), params)
        return etree.fromstring(out)

    dc = {"dc": "http://purl.org/dc/elements/1.1/"}

    def values(root: etree._Element, name: str) -> list[str]:
        return [norm(e) for e in root.findall(f"dc:{name}", dc)]

    draft_dc, edition_dc = metadata("dc.xsl", memoir), metadata("dc.xsl", EDITION)
    assert values(draft_dc, "source") == values(edition_dc, "source")
    assert values(draft_dc, "source")[0].startswith('"Anastas Mikoyan')
    assert values(draft_dc, "rights") == ["With permission of the National Security Archive."]
    assert values(draft_dc, "rights") == values(edition_dc, "rights")[:1]

    def descriptions(root: etree._Element) -> list[str]:
        return [
            norm(d)
            for d in root.iter("{*}description")
            if norm(d).startswith(("Source:", "Provenance:"))
        ]

    draft_dcite = descriptions(metadata("datacite.xsl", memoir))
    assert draft_dcite == descriptions(metadata("datacite.xsl", EDITION))
    assert draft_dcite[1] == (
        "Provenance: Provided to the National Security Archive/Svetlana Savranskaya by Sergo "
        "Mikoyan."
    )
