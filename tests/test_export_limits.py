"""Limits of an export: many notes in one paragraph, and what Apache FOP is given.

The notes of a paragraph are numbered alike in every format, and the work grows with
their number (bench/notes_bench.py times it); FOP runs with a capped heap, XSL-FO too
large for it is refused before FOP starts, a failed run is one line and leaves no PDF,
and a missing glyph beyond U+FFFF is named by its own code point.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from tei_edition.issues import TeiEditionError
from tei_edition.transform import pdf

FO = "http://www.w3.org/1999/XSL/Format"

needs_fop = pytest.mark.skipif(
    shutil.which("fop") is None, reason="Apache FOP is absent (Debian package fop)"
)

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">{title}</title>
        <respStmt xml:id="translator"><resp>Translated by</resp><name>A. T.</name></respStmt>
        <respStmt xml:id="edition"><resp>Notes by</resp><name>the project</name></respStmt>
      </titleStmt>
      <publicationStmt><publisher>The tei-edition project</publisher></publicationStmt>
      <sourceDesc><bibl>Made for the tests.</bibl></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text><body><div><p>{body}</p></div></body></text>
</TEI>
"""


def piece(i: int, *, word_between: bool) -> str:
    """A word and a note of each kind in turn; every fourth a correction its translator's
    note carries (with ``word_between``, every eighth one word after it)."""
    kind = i % 4
    if kind == 0:
        return f'w{i}<note type="translator" resp="#translator" place="inline">t {i}</note> '
    if kind == 1:
        return f'w{i}<note type="editorial" resp="#edition">e {i}.</note> '
    if kind == 2:
        return f'w{i}<note type="authorial" place="foot">a {i}.</note> '
    between = f" w{i}" if word_between and i % 8 == 7 else ""
    return (
        '<choice><sic>teh</sic><corr resp="#translator">the</corr></choice>'
        f'{between}<note type="translator" resp="#translator" place="inline">sic {i}</note> '
    )


def notes_document(path: Path, notes: int, *, word_between: bool = False) -> Path:
    body = "".join(piece(i, word_between=word_between) for i in range(notes)) + "end."
    path.write_text(HEADER.format(title=f"{notes} notes", body=body), encoding="utf-8")
    return path


def alphabetic(n: int) -> str:
    """XSLT's format-integer($n, 'a'): a … z, aa, ab …"""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def roman(n: int) -> str:
    numerals = [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
    out = ""
    for value, numeral in numerals:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def expected_labels(notes: int) -> list[str]:
    """Translator's notes 1, 2, 3; editorial a, b, c; the source's i, ii, iii."""
    kinds = {1: ("editorial", alphabetic), 2: ("authorial", roman)}
    counts: dict[str, int] = {}
    labels = []
    for i in range(notes):
        kind, label = kinds.get(i % 4, ("translator", str))
        counts[kind] = counts.get(kind, 0) + 1
        labels.append(label(counts[kind]))
    return labels


def html_labels(page: Path) -> list[str]:
    tree = lxml_html.parse(str(page))
    return [a.text_content().strip() for a in tree.xpath("//a[starts-with(@id, 'noteref-')]")]


def text_labels(text: Path) -> list[str]:
    body = text.read_text(encoding="utf-8").split("\nNotes\n=====")[0]
    body = body[body.index("w0") :]
    return re.findall(r"\[([0-9a-z]+)\]", body)


def fo_labels(fo: Path) -> list[str]:
    tree = etree.parse(str(fo))
    return [(footnote[0].text or "").strip() for footnote in tree.iter(f"{{{FO}}}footnote")]


# ---------------------------------------------------------------- many notes


def test_many_notes_in_one_paragraph_are_numbered_alike_in_every_format(
    invoke, tmp_path: Path
) -> None:
    notes = 120  # 60 translator's (1-60), 30 editorial (a-ad), 30 in the source (i-xxx)
    doc = notes_document(tmp_path / "notes.xml", notes)
    result = invoke("export", doc, "--to", "html,text,fo", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    want = expected_labels(notes)
    assert want[:8] == ["1", "a", "i", "2", "3", "b", "ii", "4"]
    assert "ad" in want and "xxx" in want
    assert html_labels(tmp_path / "out" / "notes.html") == want
    assert text_labels(tmp_path / "out" / "notes.txt") == want
    assert fo_labels(tmp_path / "out" / "notes.fo") == want


def test_a_note_gives_the_source_reading_it_carries_with_the_word_between(
    invoke, tmp_path: Path
) -> None:
    doc = notes_document(tmp_path / "notes.xml", 64, word_between=True)
    result = invoke("export", doc, "--to", "html,text", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "out" / "notes.txt").read_text(encoding="utf-8")
    page = (tmp_path / "out" / "notes.html").read_text(encoding="utf-8")
    for i in range(3, 64, 4):
        said = f"teh w{i} [sic {i}]" if i % 8 == 7 else f"teh [sic {i}]"
        assert re.search(rf"^\[\d+\] {re.escape(said)}$", text, re.MULTILINE), said
        assert f": {said}</" in page or f': {said}"' in page, said


# ------------------------------------------------------------------ PDF limits


def long_paragraph(path: Path, chars: int, paragraphs: int = 1) -> Path:
    """A document of ``paragraphs`` paragraphs of about ``chars`` characters each."""
    words = " ".join(f"word{i % 97}" for i in range(chars // 7))
    body = "</p><p>".join([words] * paragraphs)
    path.write_text(HEADER.format(title="Long paragraphs", body=body), encoding="utf-8")
    return path


HEAP_MB = 24
"""A heap cap for the tests: an 8-note document renders within it, in a JVM of its own
(which needs 8 MiB) as in the one JVM of many documents (which also compiles its driver),
while :func:`too_much` needs more than twice as much (FOP 2.8, OpenJDK 17)."""


def too_much(path: Path) -> Path:
    """A document FOP cannot lay out within :data:`HEAP_MB`: four paragraphs of 200,000
    characters (each within MAX_BLOCK_CHARS)."""
    return long_paragraph(path, 200_000, paragraphs=4)


def test_the_limits_are_stated() -> None:
    assert 1024 <= pdf.FOP_HEAP_MB <= 2048
    assert pdf.MAX_FO_BYTES == 16 * 2**20
    assert pdf.MAX_BLOCK_CHARS == 256 * 1024
    for name in ("FOP_HEAP_MB", "MAX_FO_BYTES", "MAX_BLOCK_CHARS"):
        assert f":data:`{name}`" in (pdf.__doc__ or "")


def test_the_heap_cap_reaches_the_fop_launchers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(pdf.HEAP_ENV, raising=False)
    tree = etree.ElementTree(etree.fromstring(b"<fo:root xmlns:fo='%s'/>" % FO.encode()))
    env = pdf._fop_env(tmp_path, tree)
    assert f"-Xmx{pdf.FOP_HEAP_MB}m" in env["JAVA_ARGS"].split()  # Debian's java-wrappers
    assert f"-Xmx{pdf.FOP_HEAP_MB}m" in env["FOP_OPTS"].split()  # upstream's script
    monkeypatch.setenv(pdf.HEAP_ENV, "300")
    assert "-Xmx300m" in pdf._fop_env(tmp_path, tree)["JAVA_ARGS"].split()
    monkeypatch.setenv(pdf.HEAP_ENV, "lots")
    with pytest.raises(TeiEditionError, match="whole number of MiB"):
        pdf.fop_heap_mb()


def test_xsl_fo_over_the_size_limit_is_refused_in_one_line(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "MAX_FO_BYTES", 4096)
    doc = long_paragraph(tmp_path / "big.xml", 5000)
    out = tmp_path / "out"
    result = invoke("export", doc, "--to", "pdf", "-o", out)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert re.fullmatch(
        rf"{re.escape(str(out / 'big.fo'))}: error: the XSL-FO is 0\.0 MiB, more than the "
        r"0\.00390625 MiB made into PDF \(FOP's memory is capped at \d+ MiB\): no PDF was "
        r"made \[pdf-size\]",
        line,
    ), line
    assert not out.exists() or list(out.iterdir()) == []


def test_a_paragraph_over_the_limit_is_refused_before_fop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "MAX_BLOCK_CHARS", 1000)
    # FOP is never reached: a missing one would be the error
    monkeypatch.setattr(pdf, "find_fop", lambda: "/nonexistent/fop")
    from tei_edition.resources import transform as transform_path
    from tei_edition.xslt import transform

    fo = transform(transform_path("fo.xsl"), long_paragraph(tmp_path / "p.xml", 3000))
    out = tmp_path / "p.pdf"
    with pytest.raises(TeiEditionError) as err:
        pdf.render_pdf(fo, out, name="p.fo")
    (issue,) = err.value.issues
    assert issue.rule == "pdf-size" and issue.line > 0
    assert re.fullmatch(
        r"a paragraph of [\d,]+ characters, more than the 1,000 FOP can set within its "
        r"memory cap \(\d+ MiB\): no PDF was made",
        issue.message,
    ), issue.message
    assert not out.exists()


@needs_fop
@pytest.mark.fop
@pytest.mark.slow
def test_fop_out_of_memory_is_one_line_and_no_pdf(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(pdf.HEAP_ENV, raising=False)
    monkeypatch.setattr(pdf, "FOP_HEAP_MB", HEAP_MB)
    doc = too_much(tmp_path / "long.xml")
    out = tmp_path / "out"
    result = invoke("export", doc, "--to", "pdf,text", "-o", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{out / 'long.fo'}: error: FOP ran out of memory (its Java heap is capped at 24 MiB; "
        "TEI_EDITION_FOP_HEAP_MB sets the cap): no PDF was made [fop-memory]"
    ]
    assert result.stdout == ""
    assert not out.exists() or list(out.iterdir()) == []  # nothing half-written


@needs_fop
@pytest.mark.fop
@pytest.mark.slow
def test_fop_out_of_memory_in_one_jvm_for_many_files(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(pdf.HEAP_ENV, raising=False)
    monkeypatch.setattr(pdf, "FOP_HEAP_MB", HEAP_MB)
    long = too_much(tmp_path / "long.xml")
    short = notes_document(tmp_path / "short.xml", 8)
    out = tmp_path / "out"
    result = invoke("export", long, short, "--to", "pdf", "-o", out)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [str(out / "short.pdf")]
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{out / 'long.fo'}: error: FOP ran out of memory"), line
    assert line.endswith("[fop-memory]")
    assert sorted(p.name for p in out.iterdir()) == ["short.pdf"]
    assert (out / "short.pdf").read_bytes().startswith(b"%PDF-")


@needs_fop
@pytest.mark.fop
@pytest.mark.slow
def test_a_site_build_whose_pdf_fails_exits_non_zero(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(pdf.HEAP_ENV, raising=False)
    monkeypatch.setattr(pdf, "FOP_HEAP_MB", HEAP_MB)
    doc = too_much(tmp_path / "long.xml")
    out = tmp_path / "site"
    result = invoke("build", doc, "-o", out, "--no-search")
    assert result.exit_code == 1
    assert "FOP ran out of memory" in result.stderr
    assert "[fop-memory]" in result.stderr
    assert not list(out.rglob("*.pdf"))


def test_an_incomplete_pdf_is_a_failure() -> None:
    (issue,) = pdf._failure([], 0, "", "x.fo", b"%PDF-1.4\n1 0 obj")
    assert issue.message == "FOP wrote an incomplete PDF (16 bytes): no PDF was made"
    (issue,) = pdf._failure([], 0, "", "x.fo")
    assert issue.message == "FOP exited without an error but wrote no PDF"
    (issue,) = pdf._failure([], -9, "", "x.fo")
    assert issue.message.startswith("FOP was stopped by signal 9")
    log = "[ERROR] FOP - java.lang.OutOfMemoryError: Java heap space\n\tat org.apache.fop.X"
    (issue,) = pdf._failure(pdf.parse_fop_log(log, "x.fo"), 1, log, "x.fo")
    assert issue.rule == "fop-memory"
    assert pdf._complete(b"%PDF-1.4\n...\n%%EOF\n")


# ----------------------------------------------------- glyphs beyond U+FFFF


def glyph_line(code: int, shown: str = "?", font: str = "FreeSerif") -> str:
    return f'[WARN] FOUserAgent - Glyph "{shown}" (0x{code:x}) not available in font "{font}".'


def test_a_glyph_named_by_its_low_16_bits_is_named_by_its_code_point() -> None:
    # FOP reports U+13000 as 0x3000 (ideographic space) and U+10000 as 0x0
    log = "\n".join([glyph_line(0x3000, "\u3000"), glyph_line(0x0, "\x00")])
    issues = pdf.parse_fop_log(log, "x.fo", set("λόγος\U00013000 λόγος\U00010000"))
    assert [i.message for i in issues] == [
        'character "\U00013000" (U+13000) is not in the font "FreeSerif" and would print as "#"',
        'character "\U00010000" (U+10000) is not in the font "FreeSerif" and would print as "#"',
    ]
    assert all(i.rule == "fop-glyph" and i.severity == "error" for i in issues)


def test_a_glyph_named_by_its_utf16_halves_is_one_character() -> None:
    log = "\n".join([glyph_line(0xD834), glyph_line(0xDD1E)])
    (issue,) = pdf.parse_fop_log(log, "x.fo")
    assert issue.message == (
        'character "\U0001d11e" (U+1D11E) is not in the font "FreeSerif" and would print as "#"'
    )
    # one half alone: the document's character with that half
    (issue,) = pdf.parse_fop_log(glyph_line(0xDD1E), "x.fo", {"a", "\U0001d11e"})
    assert "(U+1D11E)" in issue.message


def test_a_glyph_of_the_basic_plane_keeps_its_code() -> None:
    (issue,) = pdf.parse_fop_log(glyph_line(0x1CE, "ǎ", "Times-Roman"), "x.fo", {"ǎ"})
    assert issue.message.startswith('character "ǎ" (U+01CE) is not in the font "Times-Roman"')
    # the document has both U+3000 and U+13000: either may be the one
    (issue,) = pdf.parse_fop_log(glyph_line(0x3000, "\u3000"), "x.fo", {"\u3000", "\U00013000"})
    assert issue.message.startswith('character "\u3000" (U+3000) or "\U00013000" (U+13000) is')


@needs_fop
@pytest.mark.fop
@pytest.mark.slow
def test_fop_names_a_missing_astral_glyph_by_its_code_point(tmp_path: Path) -> None:
    families = "Times, FreeSerif, DejaVu Serif, Noto Sans Symbols2"
    fo = f"""<?xml version="1.0" encoding="UTF-8"?>
<fo:root xmlns:fo="{FO}"><fo:layout-master-set>
<fo:simple-page-master master-name="p" page-width="100mm" page-height="80mm" margin="10mm">
<fo:region-body/></fo:simple-page-master></fo:layout-master-set>
<fo:page-sequence master-reference="p"><fo:flow flow-name="xsl-region-body">
<fo:block font-family="{families}">λόγος\U00013000 and more</fo:block>
</fo:flow></fo:page-sequence></fo:root>""".encode()
    if not (Path("/usr/share/fonts/truetype/freefont") / "FreeSerif.ttf").is_file():
        pytest.skip("GNU FreeFont is absent (Debian package fonts-freefont-ttf)")
    out = tmp_path / "x.pdf"
    with pytest.raises(TeiEditionError) as err:
        pdf.render_pdf(fo, out, name="x.fo")
    glyphs = [i.message for i in err.value.issues if i.rule == "fop-glyph"]
    assert glyphs == [
        'character "\U00013000" (U+13000) is not in the font "FreeSerif" and would print as "#"'
    ]
    assert not out.exists()
