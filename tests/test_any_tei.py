"""Exports of TEI written by other editors: every word kept, the page speaks of the document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lhtml

from tei_edition.read.xmlparse import parse
from tei_edition.transform.export import export
from tests import wordcheck

ANY = Path(__file__).parent / "fixtures" / "anytei"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("anytei")
    for doc in sorted(ANY.glob("*.xml")):
        export(doc, ["html", "text", "fo"], out)
        export(doc, ["html", "text"], out, reading="diplomatic")
    return out


def visible(path: Path) -> str:
    """The words of an HTML page a reader can see or hear (no CSS, no script)."""
    page = lhtml.parse(str(path)).getroot()
    for el in page.xpath("//style | //script"):
        el.drop_tree()
    return " ".join(page.itertext())


def html_words(path: Path, reading: str, text_only: bool = False) -> list[str]:
    """The words of the HTML in one reading: the other reading, tooltips and marks left out
    (with ``text_only``, only those of the text and its notes)."""
    page = lhtml.parse(str(path)).getroot()
    if text_only:
        parts = page.xpath("//article[@id='text'] | //section[@id='notes']")
        page = lhtml.fromstring("<div></div>")
        page.extend(parts)
    other = "te-d" if reading == "normalized" else "te-n"
    drop = ("te-tip", "te-mark", "te-noteref", "vh", other)
    for el in page.xpath("//style | //script | //noscript"):
        el.drop_tree()
    for el in list(page.iter()):
        if set((el.get("class") or "").split()) & set(drop) and el.getparent() is not None:
            el.drop_tree()
    blocks = {
        "div",
        "p",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "blockquote",
        "figure",
        "figcaption",
        "hr",
        "table",
        "dl",
        "dt",
        "dd",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
    }
    if reading == "diplomatic":
        # words struck through stand apart, as the text's [-x-] does
        blocks.add("del")
    for el in page.iter():
        if isinstance(el.tag, str) and el.tag in blocks:
            el.text = " " + (el.text or "")
            el.tail = " " + (el.tail or "")
    return wordcheck.tokens(page.text_content())


def fo_words(path: Path) -> list[str]:
    """The words of an XSL-FO file: the flow, footnote and apparatus markers out, footnotes
    after it."""
    tree = etree.parse(str(path))
    fo = "{http://www.w3.org/1999/XSL/Format}"
    for link in list(tree.iter(fo + "basic-link", fo + "inline")):
        if link.get("internal-destination", "").startswith(("f-app-", "f-endnote-")) or (
            link.get("role") == "te:noteref"
        ):
            link.text = ""
            for child in list(link):
                link.remove(child)
    for el in tree.iter():
        if el.tag in (fo + "block", fo + "table-cell", fo + "block-container"):
            el.text = " " + (el.text or "")
            el.tail = " " + (el.tail or "")
    for marker in tree.iter(fo + "footnote"):
        citation = marker[0]
        citation.text = ""
        for child in list(citation):
            citation.remove(child)
    # Notes set after the text (those with right-to-left letters) are read as notes too.
    bodies = list(tree.iter(fo + "footnote-body")) + [
        b for b in tree.iter(fo + "block") if b.get("id", "").startswith("f-endnote-")
    ]
    notes = " ".join("".join(b.itertext()) for b in bodies)
    for b in bodies:
        b.getparent().remove(b)
    flows = " ".join("".join(f.itertext()) for f in tree.iter(fo + "flow"))
    return wordcheck.tokens(flows + " " + notes)


def export_words(out: Path, stem: str, fmt: str, reading: str) -> list[str]:
    middle = "" if reading == "normalized" else ".diplomatic"
    if fmt == "html":
        return html_words(out / f"{stem}{middle}.html", reading)
    if fmt == "text":
        return wordcheck.tokens((out / f"{stem}{middle}.txt").read_text(encoding="utf-8"))
    return fo_words(out / f"{stem}.fo")


ALL_CHECKS = (
    ("html", "normalized"),
    ("text", "normalized"),
    ("fo", "normalized"),
    ("html", "diplomatic"),
    ("text", "diplomatic"),
)


def check_words(
    tree: etree._ElementTree, out: Path, stem: str, checks: tuple[tuple[str, str], ...] = ALL_CHECKS
) -> list[str]:
    """Every problem of the word check for one exported document, as lines."""
    problems = []
    for fmt, reading in checks:
        expected = wordcheck.extract(tree, reading)
        got = export_words(out, stem, fmt, reading)
        lost = wordcheck.missing(expected.words, got)
        if lost:
            problems.append(f"{stem} {fmt} {reading}: {lost}")
        region = got
        if fmt == "html":
            middle = "" if reading == "normalized" else ".diplomatic"
            region = html_words(out / f"{stem}{middle}.html", reading, text_only=True)
        allowed = [w for part in (*expected.notes, *expected.readings) for w in part]
        joined = wordcheck.run_together(expected.words, region, allowed)
        if joined:
            problems.append(f"{stem} {fmt} {reading}: run together: {', '.join(joined[:10])}")
        if reading == "normalized":
            for note in expected.notes:
                if wordcheck.missing(note, got):
                    problems.append(f"{stem} {fmt}: note lost: {' '.join(note)[:120]!r}")
    return problems


@pytest.mark.parametrize("stem", sorted(p.stem for p in ANY.glob("*.xml")))
def test_every_word_kept(exported: Path, stem: str) -> None:
    tree = parse(ANY / f"{stem}.xml")
    assert check_words(tree, exported, stem) == []


def test_the_word_check_sees_a_lost_and_a_joined_word() -> None:
    expected = ["eine", "große", "Zeit", "und", "wir"]
    assert wordcheck.missing(expected, ["eine", "große", "und", "wir"])
    assert wordcheck.run_together(expected, ["eine", "großeZeit", "und", "wir"]) == ["großeZeit"]
    assert (
        wordcheck.missing(expected, ["Titel", "eine", "große", "1", "Zeit", "und", "wir"]) is None
    )


def test_words_around_space_and_c_are_kept_apart_and_together(exported: Path) -> None:
    text = (exported / "letter.txt").read_text(encoding="utf-8")
    assert "große Zeit" in text
    assert "nächsten Mal" in text
    assert "Mal\ndein" in text or "Mal dein" in text
    page = visible(exported / "letter.html")
    assert "großeZeit" not in page.replace("\n", "")


def test_paragraphs_before_the_first_division_and_the_title_page_are_kept(exported: Path) -> None:
    for name in ("letter.html", "letter.txt"):
        words = (exported / name).read_text(encoding="utf-8")
        assert "Vorrede vor dem ersten Abschnitt." in words
        assert "Titelblattworte des Briefes" in words


def test_a_document_without_a_translator_never_mentions_one(exported: Path) -> None:
    for stem in ("letter", "plain", "sourcedoc"):
        assert not re.search("translat", visible(exported / f"{stem}.html"), re.I), stem
        assert not re.search("translat", (exported / f"{stem}.txt").read_text(), re.I), stem
        fo = " ".join(etree.parse(str(exported / f"{stem}.fo")).getroot().itertext())
        assert not re.search("translat", fo, re.I), stem


def test_the_title_is_the_documents_own_and_the_series_is_shown_as_series(exported: Path) -> None:
    page = lhtml.parse(str(exported / "letter.html")).getroot()
    assert page.findtext(".//h1") == "Brief an Anna Muster, 3. Mai 1850"
    assert page.findtext(".//title") == "Brief an Anna Muster, 3. Mai 1850"
    meta = [" ".join(x.text_content().split()) for x in page.xpath("//dl[@class='meta']/*")]
    assert meta[meta.index("Series") + 1] == "Briefwechsel der Familie Muster"
    text = (exported / "letter.txt").read_text(encoding="utf-8")
    assert text.startswith("Brief an Anna Muster, 3. Mai 1850\n")
    assert "Series: Briefwechsel der Familie Muster" in text


def test_names_of_responsibility_come_from_the_header(exported: Path) -> None:
    page = lhtml.parse(str(exported / "letter.html")).getroot()
    legend = [" ".join(li.text_content().split()) for li in page.xpath("//ul[@class='legend']/li")]
    assert legend[0] == "Maria Schmidt intervention by Maria Schmidt"
    tips = [" ".join(t.text_content().split()) for t in page.xpath("//span[@class='tip-what']")]
    assert "Supplied by Maria Schmidt" in tips
    meta = " ".join(page.xpath("string(//dl[@class='meta'])").split())
    assert "Karl Beispiel (editor)" in meta
    assert "Maria Schmidt (Transkription und Auszeichnung)" in meta


def test_the_legend_lists_only_the_kinds_present(exported: Path) -> None:
    page = lhtml.parse(str(exported / "letter.html")).getroot()
    legend = " ".join(page.xpath("string(//ul[@class='legend'])").split())
    assert "doubtful" not in legend
    assert "remark" not in legend
    assert "translator" not in legend
    assert "editorial notes" in legend
    memoir_like = lhtml.parse(str(exported / "plain.html")).getroot()
    assert not memoir_like.xpath("//ul[@class='legend']")


def test_a_document_without_alternatives_has_no_reading_switch(exported: Path) -> None:
    page = lhtml.parse(str(exported / "plain.html")).getroot()
    assert not page.xpath("//fieldset[@id='reading-switch']")
    assert "diplomatic" not in visible(exported / "plain.html")
    letter = lhtml.parse(str(exported / "letter.html")).getroot()
    assert letter.xpath("//fieldset[@id='reading-switch']")


def test_a_sourcedoc_transcription_is_given_line_by_line(exported: Path) -> None:
    text = (exported / "sourcedoc.txt").read_text(encoding="utf-8")
    for line in ("First line of the leaf", "second line with a word added", "marginal gloss"):
        assert line in text
    page = lhtml.parse(str(exported / "sourcedoc.html")).getroot()
    lines = [" ".join(d.text_content().split()) for d in page.xpath("//div[@class='te-line']")]
    assert lines[:2] == ["First line of the leaf", "second line with a word added"]


def test_the_apparatus_keeps_the_lemma_in_the_text_and_the_readings(exported: Path) -> None:
    text = (exported / "letter.txt").read_text(encoding="utf-8")
    # the lemma in the text with the marker of its entry, the entry in the apparatus after it
    assert "die Felder[v1] blühen" in text
    assert "[v1] Felder A] Äcker B" in text
    page = lhtml.parse(str(exported / "letter.html")).getroot()
    app = page.xpath("//span[@class='te-app']")[0]
    assert app.text == "Felder"
    assert "Äcker B" in app.xpath("string(.//span[@class='te-rdg'])")


def test_hi_renders_by_rend_rendition_and_style_never_copying_them(exported: Path) -> None:
    page = lhtml.parse(str(exported / "letter.html")).getroot()
    bold = page.xpath("//b[contains(@class, 'te-r-bold')]")
    assert [b.text for b in bold] == ["Wetter"]
    italic = page.xpath("//i[contains(@class, 'te-r-italic')]")
    assert [i.text for i in italic] == ["schön"]
    assert not page.xpath("//*[@style]")


def test_names_pointing_outside_the_document_link_to_their_authority(exported: Path) -> None:
    page = lhtml.parse(str(exported / "letter.html")).getroot()
    (goethe,) = page.xpath("//a[contains(@class, 'te-external')]")
    assert goethe.get("href") == "https://d-nb.info/gnd/118540238"
    assert goethe.text_content() == "Goethe"
    (bern,) = page.xpath("//span[@title='Register: Bern (Stadt)']")
    assert bern.text_content() == "Bern"


def test_a_pointer_to_another_document_of_the_folder_links_to_its_page(exported: Path) -> None:
    page = lhtml.parse(str(exported / "letter.html")).getroot()
    (link,) = page.xpath("//a[contains(@class, 'te-document')]")
    assert link.get("href") == "plain.html"
    assert link.text_content() == "anderen Brief"
    assert (exported / "plain.html").is_file()


def test_a_remote_xinclude_gives_its_fallback_and_is_never_fetched(tmp_path: Path) -> None:
    doc = tmp_path / "with-include.xml"
    doc.write_text(
        (ANY / "plain.xml")
        .read_text(encoding="utf-8")
        .replace(
            "<p>Nothing here",
            '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
            'href="https://example.org/part.xml"> <xi:fallback>Before <hi>fallback</hi> '
            "words.</xi:fallback> </xi:include> <p>Nothing here",
        ),
        encoding="utf-8",
    )
    (out,) = export(doc, ["text"], tmp_path / "out", xinclude=True)
    text = out.read_text(encoding="utf-8")
    assert "Before fallback words." in text
    assert "Nothing here is corrected" in text
