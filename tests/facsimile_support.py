"""An edition with page images, made for the facsimile tests: scans drawn with Pillow
(pages with printed lines at known places) and TEI that links them every way the TEI
does (facsimile/surface/graphic, pb/@facs to a surface and directly to an image, zones with
ulx/uly/lrx/lry and with @points, @facs on line, ab, p, seg and w, a sourceDoc)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from site_support import HEAD, make_edition

PAGE = (1200, 1700)
"""Each scan's size in pixels."""
LINES = [(150, 200 + 120 * i, 1050, 260 + 120 * i) for i in range(10)]
"""The printed lines of every page: (left, top, right, bottom) in the scan's pixels."""
SHADES = [(120, 30, 30), (30, 110, 40), (30, 50, 140)]
"""The colour of each page's lines: which page is shown can be told from its pixels."""


def scan(path: Path, page: int) -> Path:
    img = Image.new("RGB", PAGE, (250, 246, 236))
    draw = ImageDraw.Draw(img)
    for box in LINES:
        draw.rectangle(box, fill=SHADES[page % len(SHADES)])
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix in (".tif", ".tiff"):
        img.save(path, "TIFF")
    elif suffix in (".jpg", ".jpeg"):
        img.save(path, "JPEG", quality=92)
    else:
        img.save(path, "PNG")
    return path


def _para(n: int, words: str) -> str:
    return " ".join([words] * 12)


def _lines(page: int) -> str:
    """A page's text: its lines, each pointing to its zone, then paragraphs to scroll."""
    out = []
    for i in range(len(LINES)):
        out.append(
            f'<ab facs="#p{page}l{i + 1}">Line {i + 1} of page {page}, as the scan has it.</ab>'
        )
    out += [f"<p>{_para(k, f'More words of page {page}, paragraph {k}.')}</p>" for k in range(8)]
    return "\n".join(out)


def _zones(page: int, scale: float = 1.0) -> str:
    """The zones of a page's lines, in a surface's coordinates (the scan's times scale);
    the third line's as @points."""
    zones = []
    for i, (x0, y0, x1, y1) in enumerate(LINES):
        ident = f"p{page}l{i + 1}"
        a, b, c, d = (round(v * scale) for v in (x0, y0, x1, y1))
        if i == 2:
            zones.append(f'<zone xml:id="{ident}" points="{a},{b} {c},{b} {c},{d} {a},{d}"/>')
        else:
            zones.append(f'<zone xml:id="{ident}" ulx="{a}" uly="{b}" lrx="{c}" lry="{d}"/>')
    return "".join(zones)


def letter_with_scans() -> str:
    """Three surfaces (the first in coordinates half the scan's), page breaks to them."""
    w, h = PAGE
    return f"""{HEAD}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">Letter with scans</title>
        <author>Ada Lovelace</author></titleStmt>
      <publicationStmt><publisher>Test</publisher></publicationStmt>
      <sourceDesc><bibl>Scans drawn for the tests, three pages.</bibl></sourceDesc>
    </fileDesc>
    <profileDesc>
      <creation><date when="1850-01-01">1850-01-01</date></creation>
      <textClass><keywords><term type="kind">Letter</term></keywords></textClass>
    </profileDesc>
  </teiHeader>
  <facsimile>
    <surface xml:id="s1" n="1r" ulx="0" uly="0" lrx="{w // 2}" lry="{h // 2}">
      <graphic url="../images/page1.tif"/>{_zones(1, 0.5)}
    </surface>
    <surface xml:id="s2" n="1v">
      <graphic url="page2.jpg"/>{_zones(2)}
    </surface>
    <surface xml:id="s3" n="2r">
      <graphic url="page3.png"/>{_zones(3)}
    </surface>
  </facsimile>
  <text><body><div>
    <pb n="1r" facs="#s1"/>
    {_lines(1)}
    <pb n="1v" facs="#s2"/>
    {_lines(2)}
    <pb n="2r" facs="#s3"/>
    {_lines(3)}
    <p facs="#p3l10">A paragraph on the last line, with <seg facs="#p3l9">a segment</seg> and
      <w facs="#p3l8">word</w>.</p>
  </div></body></text>
</TEI>
"""


def direct_images() -> str:
    """Page breaks pointing at images directly, no facsimile element."""
    return f"""{HEAD}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">Note with direct images</title>
        <author>Ada Lovelace</author></titleStmt>
      <publicationStmt><publisher>Test</publisher></publicationStmt>
      <sourceDesc><bibl>Two scans linked from the page breaks.</bibl></sourceDesc>
    </fileDesc>
    <profileDesc>
      <creation><date when="1851-01-01">1851-01-01</date></creation>
      <textClass><keywords><term type="kind">Note</term></keywords></textClass>
    </profileDesc>
  </teiHeader>
  <text><body>
    <p><pb n="1" facs="page2.jpg"/>The first page of the note.</p>
    <p><pb n="2" facs="../images/page3.png"/>The second page of the note.</p>
  </body></text>
</TEI>
"""


def source_doc() -> str:
    """A sourceDoc: a surface and its zones, line by line."""
    zones = "".join(
        f'<zone ulx="{x0}" uly="{y0}" lrx="{x1}" lry="{y1}">'
        f"<line>Written line {i + 1}</line></zone>"
        for i, (x0, y0, x1, y1) in enumerate(LINES[:4])
    )
    return f"""{HEAD}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">Leaf transcribed line by line</title>
        <author>Ada Lovelace</author></titleStmt>
      <publicationStmt><publisher>Test</publisher></publicationStmt>
      <sourceDesc><bibl>One scan, transcribed as a sourceDoc.</bibl></sourceDesc>
    </fileDesc>
    <profileDesc>
      <creation><date when="1852-01-01">1852-01-01</date></creation>
      <textClass><keywords><term type="kind">Leaf</term></keywords></textClass>
    </profileDesc>
  </teiHeader>
  <sourceDoc>
    <surface n="1"><graphic url="page1.tif"/>{zones}</surface>
  </sourceDoc>
</TEI>
"""


def facsimile_edition(folder: Path) -> Path:
    """The site tests' edition with three scans (TIFF, JPEG, PNG) in images/ and three
    documents that link them."""
    make_edition(folder)
    for n, name in enumerate(("page1.tif", "page2.jpg", "page3.png"), 1):
        scan(folder / "images" / name, n - 1)
    docs = folder / "documents"
    (docs / "1850-scans.xml").write_text(letter_with_scans(), encoding="utf-8")
    (docs / "1851-direct.xml").write_text(direct_images(), encoding="utf-8")
    (docs / "1852-leaf.xml").write_text(source_doc(), encoding="utf-8")
    return folder
