"""tei_edition.transform.pdf: XSL-FO to PDF with Apache FOP, deterministic and isolated."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.issues import TeiEditionError
from tei_edition.resources import transform as transform_path
from tei_edition.transform import pdf
from tei_edition.xslt import transform

FO = "http://www.w3.org/1999/XSL/Format"
FIXTURE = Path(__file__).parent / "fixtures" / "transforms" / "sample.xml"

needs_fop = pytest.mark.skipif(
    shutil.which("fop") is None, reason="Apache FOP is absent (Debian package fop)"
)


def minimal_fo(body: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<fo:root xmlns:fo="{FO}">
  <fo:layout-master-set>
    <fo:simple-page-master master-name="p" page-width="100mm" page-height="80mm" margin="10mm">
      <fo:region-body/>
    </fo:simple-page-master>
  </fo:layout-master-set>
  <fo:page-sequence master-reference="p">
    <fo:flow flow-name="xsl-region-body">{body}</fo:flow>
  </fo:page-sequence>
</fo:root>""".encode()


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order (columns one after the other)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is absent (Debian package poppler-utils)")
    proc = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return proc.stdout.decode("utf-8")


# ------------------------------------------------------------ without FOP


def test_missing_fop_names_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    out = tmp_path / "x.pdf"
    with pytest.raises(TeiEditionError) as err:
        pdf.render_pdf(minimal_fo("<fo:block>x</fo:block>"), out)
    (issue,) = err.value.issues
    assert issue.rule == "fop-missing"
    assert "Debian package `fop`" in issue.message
    assert not out.exists()


def test_missing_fop_on_the_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(TeiEditionError, match="apt-get install fop"):
        pdf.find_fop()


def test_fop_log_becomes_issues() -> None:
    log = "\n".join(
        [
            "[warning] /usr/bin/fop: Unable to locate xalan2 in /usr/share/java",
            "[INFO] FOUserAgent - Rendered page #1.",
            "[ERROR] InputHandler - javax.xml.transform.TransformerException: file:/tmp/a/input.fo"
            ':4:119: "fo:bogus" is not a valid child of "fo:block"! (See position 4:119)',
            "[ERROR] FOP - Exception <org.apache.fop.apps.FOPException: javax.xml.transform."
            "TransformerException: org.apache.fop.fo.ValidationException: file:/tmp/a/input.fo"
            ':4:119: "fo:bogus" is not a valid child of "fo:block"! (See position 4:119)',
            "\tat org.apache.fop.cli.Main.main(Main.java:214)",
            '[WARN] FOUserAgent - Glyph "ǎ" (0x1ce, acaron) not available in font "Times-Roman".',
            "[WARN] FOUserAgent - The contents of fo:block line 1 exceed the available area in "
            "the inline-progression direction by 5000 millipoints. (See position 9:3)",
        ]
    )
    issues = pdf.parse_fop_log(log, "book.fo")
    assert [i.format() for i in issues] == [
        'book.fo:4:119: error: "fo:bogus" is not a valid child of "fo:block"! [fop]',
        'book.fo: error: character "ǎ" (U+01CE) is not in the font "Times-Roman" and would '
        'print as "#" [fop-glyph]',
        "book.fo:9:3: warning: The contents of fo:block line 1 exceed the available area in "
        "the inline-progression direction by 5000 millipoints. [fop]",
    ]


def test_page_lists_are_merged() -> None:
    locs = "".join(
        f'<fo:inline role="te:page">{", " if i else ""}'
        f'<fo:page-number-citation ref-id="m-{i}"/></fo:inline>'
        for i in range(8)
    )
    tree = etree.ElementTree(
        etree.fromstring(
            minimal_fo(f'<fo:block><fo:inline role="te:pages">{locs}</fo:inline></fo:block>')
        )
    )
    # m-0, m-1 on page 2; m-2 on 3; m-3 on 4; m-4 on 5; m-5 on 7; m-6 on ii; m-7 unknown
    where = {
        "m-0": (1, "2"), "m-1": (1, "2"), "m-2": (2, "3"), "m-3": (3, "4"),
        "m-4": (4, "5"), "m-5": (6, "7"), "m-6": (7, "ii"),
    }  # fmt: skip
    assert pdf.merge_page_lists(tree, where) == 3
    (plist,) = [el for el in tree.iter(f"{{{FO}}}inline") if el.get("role") == "te:pages"]
    kept = [(loc.text or "", loc[0].get("ref-id")) for loc in plist]
    assert kept == [("", "m-0"), ("\u2013", "m-4"), (", ", "m-5"), (", ", "m-6"), (", ", "m-7")]


def test_page_map_reads_the_area_tree() -> None:
    area = b"""<areaTree><pageSequence>
      <pageViewport nr="1" formatted-nr="i"><page><block prod-id="a"/></page></pageViewport>
      <pageViewport nr="1" formatted-nr="1"><page><inlineparent prod-id="b">
        <inlineparent prod-id="c"/></inlineparent></page></pageViewport>
      <pageViewport nr="2" formatted-nr="2"><page><block prod-id="b"/></page></pageViewport>
    </pageSequence></areaTree>"""
    assert pdf.page_map(area) == {"a": (0, "i"), "b": (1, "1"), "c": (1, "1")}


def test_external_resources_are_refused(tmp_path: Path) -> None:
    fo = minimal_fo(
        '<fo:block><fo:external-graphic src="url(http://example.org/x.png)"/></fo:block>'
    )
    with pytest.raises(TeiEditionError) as err:
        pdf.render_pdf(fo, tmp_path / "x.pdf")
    assert err.value.issues[0].rule == "fo-external"


def test_malformed_fo_is_reported(tmp_path: Path) -> None:
    with pytest.raises(TeiEditionError) as err:
        pdf.render_pdf(b"<fo:root xmlns:fo='x'>", tmp_path / "x.pdf", name="x.fo")
    assert err.value.issues[0].rule == "well-formed"
    assert err.value.issues[0].file == "x.fo"


# --------------------------------------------------------------- with FOP


@needs_fop
def test_fop_errors_leave_no_file(tmp_path: Path) -> None:
    out = tmp_path / "bad.pdf"
    fo = minimal_fo("<fo:block>x<fo:bogus/></fo:block>")
    with pytest.raises(TeiEditionError) as err:
        pdf.render_pdf(fo, out, name="bad.fo")
    (issue,) = err.value.issues
    assert issue.file == "bad.fo"
    assert issue.line == 9 and issue.column > 0
    assert "fo:bogus" in issue.message
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@needs_fop
def test_a_missing_glyph_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TeiEditionError) as err:
        pdf.render_pdf(minimal_fo("<fo:block>Zh\u01ce</fo:block>"), tmp_path / "x.pdf")
    assert err.value.issues[0].rule == "fop-glyph"


@needs_fop
def test_sample_renders_the_same_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fo = transform(transform_path("fo.xsl"), FIXTURE, {"reading": "normalized"})
    first = pdf.render_pdf(fo, tmp_path / "a.pdf").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")  # the XSL-FO's date wins
    second = pdf.render_pdf(fo, tmp_path / "b.pdf").read_bytes()
    assert first == second
    assert b"/CreationDate (D:20240501000000Z)" in first
    assert b"<xmp:MetadataDate>2024-05-01T00:00:00Z</xmp:MetadataDate>" in first


@pytest.fixture(scope="module")
def edition_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, pdf.FopResult]]:
    if shutil.which("fop") is None:
        pytest.skip("Apache FOP is absent (Debian package fop)")
    from tei_edition.edition.config import edition_register_of
    from tei_edition.resources import bundled_edition

    source = bundled_edition()
    if not source.is_file():
        pytest.skip("the edition is absent")
    out = tmp_path_factory.mktemp("pdf")
    made = {}
    for reading in ("normalized", "diplomatic"):
        registers = edition_register_of(source)  # the memoir points into registers.xml
        fo = transform(
            transform_path("fo.xsl"), source, {"reading": reading, "registers": registers}
        )
        result = pdf.run_fop(fo, name=f"{reading}.fo")
        path = pdf.render_pdf(fo, out / f"{reading}.pdf")
        made[reading] = (path, result)
    return made


@pytest.mark.fop
@pytest.mark.slow
@pytest.mark.parametrize("reading", ["normalized", "diplomatic"])
def test_edition_renders_without_problems(edition_pdfs, reading: str) -> None:
    path, result = edition_pdfs[reading]
    assert result.issues == [], [i.format() for i in result.issues]
    assert path.read_bytes() == result.pdf  # byte-identical renders


@pytest.mark.fop
@pytest.mark.slow
def test_edition_pdf_text(edition_pdfs) -> None:
    text = pdf_text(edition_pdfs["normalized"][0])
    flat = " ".join(text.split())
    # the paragraphs' numbers in the margin: pdftotext reads them as a column of their own,
    # which falls anywhere in a page's words (test_fo checks the numbers themselves)
    flat = re.sub(r"(?<=[a-z\]]) \d{1,3} (?=[a-z])", " ", flat)
    assert "Anastas Mikoyan's Recollections of his Trip to China" in flat
    assert "Translated from the Russian by Sergey Radchenko" in flat
    assert "https://wilson-center.drivingcreative.com/document/121774" in flat
    assert "The poverty was great, and there were a lot of people." in flat
    assert "[The remainder of the document is missing.]" in flat
    # the gap, its note's marker and the full stop close up
    assert re.search(r"how they manage\.\.\. \[…\]\d+\. ", flat), flat[-2000:]
    # the translator's additions in square brackets; marked words with their source reading
    assert "economic, financial [and] agricultural questions" in flat
    assert "in the vicinity of the city of Sh.....s1, which" in flat
    assert "s1 Source: Sh..... [sic]. —Ed." in flat
    assert re.search(r"Zhu De \(Taibi\)([a-z]), \[and\] Ren", flat)
    assert re.search(r"[a-z] Source: \(Taibi /\?/\) \[sic\]\. An unidentified word", flat)
    assert "Lüshun" in flat and "translator’s" in flat and "–" in flat and "…" in flat
    assert "#" not in text  # no glyph was replaced
    # the index: entries with their pages, each page once, runs as ranges
    index = flat[flat.index("INDEX OF NAMES") :]
    m = re.search(r"Stalin, Joseph, ([\d, –]+)\.", index)
    assert m, index[:500]
    pages = [p.strip() for p in m.group(1).split(",")]
    assert len(pages) == len(set(pages))
    assert any("–" in p for p in pages)
    assert re.search(r"Malenkov, Georgii, \d", index)
    # filed by the surname the register marks up
    assert re.search(r"Orlov, Andrei \(Terebin\), \d", index)
    assert "Mel'nikov" in index and "Podovinnikov" in index  # their order: tests/test_fo.py
    # the diplomatic reading shows the source's brackets
    dtext = " ".join(pdf_text(edition_pdfs["diplomatic"][0]).split())
    assert "Xinxibo [sic, should be Xibaipo]" in dtext
    assert "DIPLOMATIC READING" in dtext
