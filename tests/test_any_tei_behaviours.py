"""Behaviours of the stylesheets on TEI of any editor: each on a small document of its own
and on a real document of ../shared/corpus or ../shared/corpus2 that shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_edition import TEI_NS
from test_export_support import html_tree, html_visible, render_html, render_text, text_parts

SHARED = Path(__file__).resolve().parents[2] / "shared"

HEADER = (
    "<teiHeader><fileDesc><titleStmt><title>Snippet</title></titleStmt>"
    "<publicationStmt><p>Unpublished.</p></publicationStmt>"
    "<sourceDesc><p>A test.</p></sourceDesc></fileDesc></teiHeader>"
)


def doc(inner: str, header: str = HEADER) -> bytes:
    """A TEI document: a header, then ``inner`` (a sourceDoc, text, standOff ...)."""
    return f'<TEI xmlns="{TEI_NS}" xml:lang="en">{header}{inner}</TEI>'.encode()


def body(inner: str) -> bytes:
    return doc(f"<text><body><div>{inner}</div></body></text>")


def corpus(name: str) -> Path:
    """A document of the shared corpora, or a skip where they are absent."""
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"the shared corpus document {name} is absent ({path})")
    return path


def words(s: str) -> str:
    return " ".join(s.split())


def text_of(source: Path | bytes, reading: str = "normalized") -> str:
    """The text export's body and notes, one space between words."""
    return words(" ".join(text_parts(render_text(source, reading))[1:]))


def html_ids(page: str) -> tuple[list[str], list[str]]:
    """The ids of an HTML page and the fragment links within it."""
    tree = html_tree(page)
    ids = [e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")]
    links = [h[1:] for h in tree.xpath("//a/@href") if h.startswith("#") and len(h) > 1]
    return ids, links


# ------------------------------------------------------------------ notes in sourceDoc

SOURCEDOC = doc(
    "<sourceDoc><surface><zone>"
    "<line>First line<note>alpha note</note> of the leaf</line>"
    "<line>second line<note>beta note</note></line>"
    "</zone></surface></sourceDoc>"
)


def test_notes_inside_sourcedoc_are_collected() -> None:
    out = render_text(SOURCEDOC)
    notes = text_parts(out)[2]
    assert "[a] alpha note" in notes and "[b] beta note" in notes
    assert "First line[a] of the leaf" in text_parts(out)[1]
    page = render_html(SOURCEDOC)
    ids, links = html_ids(page)
    assert len(ids) == len(set(ids)), "an id used twice"
    assert set(links) <= set(ids), f"links to missing ids: {set(links) - set(ids)}"
    notes_html = html_visible(page, "normalized", root_id="notes")
    assert "alpha note" in notes_html and "beta note" in notes_html


# ------------------------------------------------------------------ deletions per reading

DELETED = body(
    "<p>It was gone<del>lost</del> for <subst><del>ever</del><add>good</add></subst>.</p>"
)


def test_deleted_words_per_reading_in_text() -> None:
    assert text_of(DELETED) == "It was gone for good."
    assert text_of(DELETED, "diplomatic") == "It was gone[-lost-] for [-ever-]good."


def test_deleted_words_per_reading_in_html() -> None:
    page = render_html(DELETED)
    assert html_visible(page, "normalized") == "It was gone for good."
    assert html_visible(page, "diplomatic") == "It was gonelost for evergood."
    assert html_tree(page).xpath("//*[@class='te-d']/del[. = 'lost']")


def test_deleted_words_in_a_corpus_letter() -> None:
    source = corpus("corpus/mondriaan_19090905y_IONG_1295.xml")
    assert "kon je ze me" in text_of(source)
    assert "kon je [-de mijne -]ze me" in text_of(source, "diplomatic")
