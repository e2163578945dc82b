"""The documents of the mission (edition/documents/) and the edition's shared register.

Each cable is a TEI document beside its archive transcription (edition/source/), its names
pointing into edition/registers.xml with ``registers.xml#id`` (relative to the edition
folder). These tests hold them to the memoir's standard: valid TEI, every pointer resolving
to an entry of the right kind, every intervention owned, every date normalized, no literal
bracket left in the text, and the text word for word the transcription's.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.fidelity import check_fidelity
from tei_edition.read.xmlparse import parse_tei
from test_schema_jing import pyjing

ROOT = Path(__file__).resolve().parents[1]
EDITION = ROOT / "edition"
DOCUMENTS = EDITION / "documents"
SOURCES = EDITION / "source"
REGISTERS = EDITION / "registers.xml"
MEMOIR = EDITION / "mikoyan-recollections-1958.xml"
TEI_ALL = ROOT / "schemas" / "tei_all.rng"

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
KIND = {"persName": "person", "placeName": "place", "orgName": "org"}
POINTER = re.compile(r"^registers\.xml#([A-Za-z_][\w.-]*)$")

DOCS = sorted(DOCUMENTS.glob("*.xml"))
TRANSCRIPTIONS = sorted(p for p in SOURCES.glob("*.txt") if p.stem != MEMOIR.stem)


def local(el: etree._Element) -> str:
    return etree.QName(el).localname


def register_kinds() -> dict[str, str]:
    tree = parse_tei(REGISTERS)
    return {
        el.get(XML_ID): local(el)
        for el in tree.xpath(".//t:standOff//*[@xml:id]", namespaces=NS)
        if local(el) in KIND.values()
    }


def body(doc: Path) -> etree._Element:
    found = parse_tei(doc).find(".//t:text/t:body", NS)
    assert found is not None, f"{doc.name} has no body"
    return found


def test_every_transcription_has_its_document() -> None:
    assert TRANSCRIPTIONS, "no archive transcriptions in edition/source/"
    assert [p.stem for p in DOCS] == [p.stem for p in TRANSCRIPTIONS]


@pytest.mark.java
def test_documents_and_register_are_valid_tei_all(java: str) -> None:
    files = [*DOCS, REGISTERS]
    result = subprocess.run(
        [pyjing(), str(TEI_ALL), *map(str, files)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_fidelity_word_by_word(doc: Path) -> None:
    report = check_fidelity(doc, SOURCES / f"{doc.stem}.txt")
    assert report.tei_words > 0
    assert [issue.message for issue in report.issues] == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_every_name_points_into_the_register_at_an_entry_of_its_kind(doc: Path) -> None:
    kinds = register_kinds()
    tree = parse_tei(doc)
    names = [el for el in tree.iter("{*}persName", "{*}placeName", "{*}orgName")]
    assert names
    wrong = []
    for el in names:
        ref = el.get("ref")
        if ref is None:
            # a name in the publication's own statement of who did the encoding
            if el.getparent() is not None and local(el.getparent()) == "respStmt":
                continue
            wrong.append(f"line {el.sourceline}: {local(el)} {el.text!r} has no @ref")
            continue
        for pointer in ref.split():
            match = POINTER.match(pointer)
            if not match:
                wrong.append(f"line {el.sourceline}: {pointer!r} is not registers.xml#id")
            elif kinds.get(match.group(1)) != KIND[local(el)]:
                wrong.append(
                    f"line {el.sourceline}: {pointer} is {kinds.get(match.group(1))}, "
                    f"not {KIND[local(el)]}"
                )
    assert wrong == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_every_resp_is_declared(doc: Path) -> None:
    tree = parse_tei(doc)
    declared = {
        "#" + el.get(XML_ID)
        for el in tree.xpath(".//t:titleStmt/*[@xml:id]", namespaces=NS)
        if local(el) in ("author", "respStmt")
    }
    used = {p for el in tree.iterfind(".//*[@resp]") for p in el.get("resp").split()}
    used |= {p for el in tree.iterfind(".//t:change", NS) for p in el.get("who", "").split()}
    assert used, "no intervention is owned"
    assert used <= declared, used - declared


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_dates_are_normalized(doc: Path) -> None:
    tree = parse_tei(doc)
    dates = list(tree.iter("{*}date"))
    assert dates
    bare = [
        d.sourceline
        for d in dates
        if not ({"when", "notBefore", "notAfter", "from"} & set(d.keys()))
    ]
    assert bare == []
    # no date left as plain text in the body
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    pattern = re.compile(
        rf"\b(\d{{1,2}} ({months})|({months}) \d{{1,2}}|\d{{1,2}}\.\s?[\dIVX]+\.\s?\d{{4}})"
    )
    plain = []
    for el in body(doc).iter():
        for text in (el.text if local(el) != "date" else None, el.tail):
            if text and pattern.search(text):
                plain.append(f"line {el.sourceline}: {pattern.search(text).group(0)}")
    assert plain == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_no_literal_brackets_in_the_text(doc: Path) -> None:
    """No bracket but a misprinted one the source reading keeps, in a sic with its corr."""
    text = "".join(
        t
        for t in body(doc).xpath(".//text()")
        if not t.getparent().xpath("self::t:sic[parent::t:choice/t:corr]", namespaces=NS)
    )
    assert "[" not in text and "]" not in text
    misprints = body(doc).xpath(".//t:sic[contains(., '[') or contains(., ']')]", namespaces=NS)
    for sic in misprints:  # each corrected by this edition, with a note that says so
        corr = sic.getparent().find("t:corr", NS)
        assert corr is not None and corr.get("resp") == "#edition"
        assert sic.getparent().getnext().get("type") == "editorial"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_header_is_complete_and_not_a_draft(doc: Path) -> None:
    tree = parse_tei(doc)
    revision = tree.find(".//t:revisionDesc", NS)
    assert revision is not None and revision.get("status") != "draft"
    assert revision.find("t:change[@who='#edition']", NS) is not None
    author = tree.find(".//t:titleStmt/t:author", NS)
    assert author is not None and "Unknown" not in "".join(author.itertext())
    assert tree.find(".//t:publicationStmt/t:availability[@status='unknown']", NS) is None
    bibl = tree.find(".//t:sourceDesc/t:bibl[@type='archival']", NS)
    assert bibl is not None
    assert bibl.find("t:bibl[@type='citation']", NS) is not None
    assert bibl.find("t:idno", NS) is not None
    urls = [r.get("target") for r in bibl.iterfind("t:ref", NS)]
    source = (SOURCES / f"{doc.stem}.txt").read_text(encoding="utf-8")
    assert urls and all(f"<{url}>" in source for url in urls)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_translator_named_only_where_the_page_names_one(doc: Path) -> None:
    tree = parse_tei(doc)
    source = (SOURCES / f"{doc.stem}.txt").read_text(encoding="utf-8")
    named = re.search(r"Translated by ([^.]+)\.", source)
    found = tree.xpath(".//t:titleStmt/t:respStmt[@xml:id='translator']", namespaces=NS)
    assert len(found) == 1
    translator = found[0]
    person = translator.find("t:persName", NS)
    if named:
        assert person is not None and "".join(person.itertext()).strip() == named.group(1)
    else:
        assert person is None
        assert "not name" in "".join(translator.itertext())


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_links_to_files_of_the_edition_resolve(doc: Path) -> None:
    tree = parse_tei(doc)
    broken = []
    for el in tree.iterfind(".//*[@target]"):
        for target in el.get("target").split():
            if re.match(r"^[a-z]+:", target):
                continue
            path, _, fragment = target.partition("#")
            file = EDITION / path
            if not file.exists():
                broken.append(f"line {el.sourceline}: {target} (no file)")
            elif fragment and not etree.parse(str(file)).xpath("//*[@xml:id=$i]", i=fragment):
                broken.append(f"line {el.sourceline}: {target} (no #{fragment})")
    assert broken == []


def test_the_memoir_points_into_the_shared_register_only() -> None:
    memoir = parse_tei(MEMOIR)
    assert memoir.xpath(".//t:standOff", namespaces=NS) == []  # no register of its own
    kinds = register_kinds()
    for el in memoir.iterfind(".//*[@ref]"):
        for p in el.get("ref").split():
            m = POINTER.match(p)
            assert m, f"line {el.sourceline}: {p}"
            assert kinds.get(m.group(1)) == KIND[local(el)], f"line {el.sourceline}: {p}"


def test_register_has_no_entry_twice_and_every_entry_is_used() -> None:
    tree = parse_tei(REGISTERS)
    normalized = [
        "".join(n.itertext()).strip()
        for n in tree.iterfind(".//t:standOff//*[@type='normalized']", NS)
    ]
    assert len(normalized) == len(set(normalized))
    used: set[str] = set()
    for doc in [MEMOIR, *DOCS]:
        for el in parse_tei(doc).iterfind(".//*[@ref]"):
            used |= {m.group(1) for p in el.get("ref").split() if (m := POINTER.match(p))}
    assert set(register_kinds()) - used == set()
