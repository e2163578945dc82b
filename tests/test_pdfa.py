"""Archival PDF: ``export --to pdf --pdf-profile pdfa-2b`` makes PDF/A-2b with Apache FOP.

Checked on the PDFs FOP writes, with tools other than FOP: poppler's ``pdffonts`` lists
every font of the file and whether it is embedded and subset; the XMP packet is read out of
the PDF and parsed; FOP itself, in PDF/A mode, refuses a document it cannot make conform,
so a PDF made without errors passed its checks.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tei_edition.cli import cli
from tei_edition.issues import TeiEditionError, UsageError
from tei_edition.resources import bundled_edition
from tei_edition.transform import pdf
from tei_edition.transform.export import export

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

pytestmark = [
    pytest.mark.fop,
    pytest.mark.skipif(
        shutil.which("fop") is None or shutil.which("pdffonts") is None,
        reason="Apache FOP or pdffonts is absent (Debian packages fop, poppler-utils)",
    ),
]

XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}


def fonts(path: Path) -> list[dict[str, str]]:
    """``pdffonts``'s table: one row per font, by column name."""
    out = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    header, rule = out[0], out[1]
    # columns are as wide as the rule's dashes
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
    names = [header[a:b].strip() for a, b in spans]
    rows = []
    for line in out[2:]:
        cells = [line[a : (spans[i + 1][0] if i + 1 < len(spans) else None)].strip()
                 for i, (a, _) in enumerate(spans)]  # fmt: skip
        rows.append(dict(zip(names, cells, strict=True)))
    return rows


def xmp(path: Path) -> etree._Element:
    """The PDF's XMP packet (FOP writes the metadata stream uncompressed)."""
    data = path.read_bytes()
    start, end = data.find(b"<x:xmpmeta"), data.find(b"</x:xmpmeta>")
    assert start >= 0 and end > start, "no XMP packet"
    return etree.fromstring(data[start : end + len(b"</x:xmpmeta>")])


def check_archival(path: Path) -> None:
    table = fonts(path)
    assert table, "pdffonts lists no font"
    unembedded = [row["name"] for row in table if row["emb"] != "yes" or row["sub"] != "yes"]
    assert unembedded == [], f"fonts not embedded and subset: {unembedded}"
    packet = xmp(path)
    assert packet.xpath("string(//pdfaid:part)", namespaces=XMP) == "2"
    assert packet.xpath("string(//pdfaid:conformance)", namespaces=XMP) == "B"
    # the output intent (sRGB) that PDF/A asks for where colour is used
    assert b"/OutputIntents" in path.read_bytes()
    assert b"/GTS_PDFA1" in path.read_bytes()


@pytest.fixture(scope="module")
def memoir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdfa")
    (made,) = export(bundled_edition(), ["pdf"], out, pdf_profile="pdfa-2b")
    return made


def test_the_memoir_is_archival(memoir: Path) -> None:
    check_archival(memoir)
    packet = xmp(memoir)
    assert packet.xpath("string(//dc:title//rdf:li)", namespaces=XMP) == (
        "Anastas Mikoyan's Recollections of his Trip to China"
    )
    assert packet.xpath("//dc:creator//rdf:li/text()", namespaces=XMP) == ["Anastas Mikoyan"]
    assert packet.xpath("//dc:language//rdf:li/text()", namespaces=XMP) == ["en"]
    assert "National Security Archive" in packet.xpath("string(//dc:rights)", namespaces=XMP)


def test_the_plain_pdf_is_not_archival(tmp_path: Path) -> None:
    """Without the profile the base-14 fonts stay unembedded: the check can fail."""
    (made,) = export(bundled_edition(), ["pdf"], tmp_path)
    assert any(row["emb"] == "no" for row in fonts(made))
    assert not xmp(made).xpath("//pdfaid:part", namespaces=XMP)


def test_archival_pdf_is_deterministic(memoir: Path, tmp_path: Path) -> None:
    (again,) = export(bundled_edition(), ["pdf"], tmp_path, pdf_profile="pdfa-2b")
    assert again.read_bytes() == memoir.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize(
    "stem", ["dracor-rus_chekhov-vishnevyi-sad", "pta_pta0040.pta001.pta-grc1"],
    ids=["Cyrillic", "Greek"],
)  # fmt: skip
def test_corpus_documents_are_archival(stem: str, tmp_path: Path) -> None:
    doc = CORPUS / f"{stem}.xml"
    if not doc.is_file():
        pytest.skip(f"the real-TEI corpus is absent ({CORPUS})")
    (made,) = export(doc, ["pdf"], tmp_path, pdf_profile="pdfa-2b", xinclude=True)
    check_archival(made)
    # the script's letters are set in an embedded font, not dropped
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(made), "-"], capture_output=True, text=True, check=True
    ).stdout
    script = "\u0400-\u04ff" if "rus" in stem else "\u0370-\u03ff\u1f00-\u1fff"
    assert len(re.findall(f"[{script}]", text)) > 1000


def test_many_documents_share_the_profile(tmp_path: Path) -> None:
    """export_many renders many PDFs in one JVM: the profile reaches that path too."""
    from tei_edition.transform.export import export_many

    cables = sorted((bundled_edition().parent / "documents").glob("*.xml"))[:2]
    results = export_many(cables, ["pdf"], tmp_path, pdf_profile="pdfa-2b")
    assert [r.issues for r in results] == [[], []]
    for result in results:
        (made,) = result.files
        check_archival(made)


def test_a_font_fop_cannot_embed_is_one_clear_error(tmp_path: Path) -> None:
    """A base-14 font with no stand-in (Symbol) cannot be embedded: FOP refuses, in one
    line, and no PDF is written."""
    fo = """<?xml version="1.0"?>
<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format">
  <fo:layout-master-set>
    <fo:simple-page-master master-name="p" page-height="297mm" page-width="210mm">
      <fo:region-body margin="20mm"/>
    </fo:simple-page-master>
  </fo:layout-master-set>
  <fo:page-sequence master-reference="p">
    <fo:flow flow-name="xsl-region-body">
      <fo:block font-family="Symbol">\u03b1\u03b2\u03b3</fo:block>
    </fo:flow>
  </fo:page-sequence>
</fo:root>""".encode()
    out = tmp_path / "symbol.pdf"
    with pytest.raises(TeiEditionError) as err:
        pdf.render_pdf(fo, out, name="symbol.fo", profile="pdfa-2b")
    (issue,) = err.value.issues
    assert issue.rule == "fop-pdfa"
    assert "PDF/A-2b" in issue.message and "Symbol" in issue.message
    assert "\n" not in issue.format()
    assert not out.exists()
    # the same XSL-FO makes a plain PDF
    assert pdf.render_pdf(fo, out, name="symbol.fo").is_file()


def test_an_unknown_profile_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown PDF profile 'pdfa-1a'; choose from pdfa-2b"):
        export(bundled_edition(), ["pdf"], tmp_path, pdf_profile="pdfa-1a")
    assert not any(tmp_path.iterdir())


def test_the_command_line_takes_the_profile(tmp_path: Path) -> None:
    cable = sorted((bundled_edition().parent / "documents").glob("*.xml"))[0]
    result = CliRunner().invoke(
        cli, ["export", str(cable), "--to", "pdf", "--pdf-profile", "pdfa-2b", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    check_archival(tmp_path / f"{cable.stem}.pdf")
    bad = CliRunner().invoke(cli, ["export", str(cable), "--pdf-profile", "pdfa-1a"])
    assert bad.exit_code == 2
