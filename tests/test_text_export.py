"""The plain-text edition: title block, wrapping, endnotes, and the source's own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tei_edition import fidelity
from test_export_support import SAMPLE, render_text, tei, text_body, text_parts


def test_title_block_names_title_author_translator_source() -> None:
    title, _body, _notes = text_parts(render_text(SAMPLE, "normalized", 72))
    lines = title.splitlines()
    assert lines[:2] == ["A Sample Recollection", "====================="]
    assert "Author: Anastas Mikoyan" in lines
    assert "Translator: Sergey Radchenko" in lines
    source = " ".join(title[title.index("Source:") : title.index("Reading:")].split())
    assert "Wilson Center Digital Archive" in source
    assert "<https://digitalarchive.wilsoncenter.org/document/121774>" in source
    assert "Reading: normalized" in title


@pytest.mark.parametrize("width", [72, 40, 20])
def test_lines_are_wrapped_at_width(width: int) -> None:
    out = render_text(SAMPLE, "normalized", width)
    lines = out.splitlines()
    # only a single word longer than the width may overflow
    assert all(len(line) <= width or " " not in line.strip() for line in lines)
    assert max(len(line) for line in lines) > width - 12
    assert text_body(out) == text_body(render_text(SAMPLE, "normalized", 0))


def test_width_zero_gives_one_line_per_paragraph() -> None:
    body = text_parts(render_text(SAMPLE, "normalized", 0))[1]
    paragraphs = body.split("\n\n")
    assert all("\n" not in p for p in paragraphs if not p.startswith("Draft."))
    assert max(len(p) for p in paragraphs) > 150


def test_paragraphs_are_separated_by_blank_lines() -> None:
    out = render_text(tei("<p>One para.</p><p>Two para.</p>", wrap_p=False), width=72)
    assert "\n\nOne para.\n\nTwo para.\n" in out
    assert out.endswith("\n") and not out.endswith("\n\n")
    assert "\n\n\n" not in out


def test_notes_are_numbered_endnotes_by_kind() -> None:
    _title, body, notes = text_parts(render_text(SAMPLE, "normalized", 72))
    # this edition's notes are lettered as in every format; the source readings it gives
    # are a series of their own
    assert re.findall(r"\[(\d|[a-z]|s\d)\]", body) == ["s1", "1", "s2", "s3", "a", "2"]
    assert notes.splitlines()[:2] == ["Notes", "====="]
    translator = notes.index("Translator’s notes")
    editorial = notes.index("Editorial notes")
    sources = notes.index("Source readings")
    assert translator < notes.index("[1] Xinxibo [sic, should be Xibaipo]") < editorial
    assert notes.index("[2] sic, the remainder of the document is missing") < editorial
    assert editorial < notes.index("[a] The city is perhaps Shijiazhuang.") < sources
    assert sources < notes.index("[s1] Source: Sh..... [sic].")
    assert notes.index("[s3] Source: Kong Kong.") > sources


def test_gap_is_marked_with_its_note() -> None:
    body = text_body(render_text(SAMPLE, "normalized"))
    assert body.endswith("how they manage... [...][2]")
    diplomatic = text_body(render_text(SAMPLE, "diplomatic"))
    assert diplomatic.endswith("how they manage... [sic, the remainder of the document is missing]")


def test_diplomatic_text_lists_only_the_notes_it_does_not_give_inline() -> None:
    parts = text_parts(render_text(SAMPLE, "diplomatic", 72))
    assert len(parts) == 3
    assert "Reading: diplomatic" in parts[0]
    # the translator's inline notes stand in the text, in brackets; no source readings
    assert "[sic, the remainder of the document is missing]" in " ".join(parts[1].split())
    assert parts[2].split("\n\n")[1:] == [
        "Editorial notes\n---------------",
        "[a] The city is perhaps Shijiazhuang.",
    ]


def test_output_is_utf8_text(tmp_path: Path) -> None:
    from tei_edition.transform.export import export

    (out,) = export(SAMPLE, ["text"], tmp_path)
    raw = out.read_bytes()
    assert raw.decode("utf-8").startswith("A Sample Recollection\n")
    assert "Translator’s notes".encode() in raw
    assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")


def test_diplomatic_words_equal_the_source(edition: Path, source_txt: Path) -> None:
    """The diplomatic text export gives exactly the source transcription's words."""
    out = render_text(edition, "diplomatic", 72)
    words = text_body(out).split()
    expected = fidelity.source_words(source_txt)
    assert len(words) > 5000
    assert words == expected


def test_normalized_text_reads_the_corrections(edition: Path) -> None:
    body = text_body(render_text(edition, "normalized", 0))
    assert "– Xibaipo[3]. This" in body and "Xinxibo" not in body
    assert "Central Committee Politburo" in body and "CC [Central Committee]" not in body
    assert "[Georgii]" not in body and "Georgii Malenkov" in body
    assert "living pattern (rezhim)" in body
    assert body.endswith("how they manage... [...][7].")


def _notes_by_label(notes: str) -> dict[str, str]:
    found = re.findall(r"^\[(\w+)\] (.*?)(?=\n\n|\Z)", notes, re.M | re.S)
    return {label: " ".join(words.split()) for label, words in found}


def test_normalized_text_notes_give_the_source_readings(edition: Path) -> None:
    """What the normalized body replaces, the notes give as the source prints it."""
    _title, body, notes = text_parts(render_text(edition, "normalized", 0))
    for replaced in ("Xinxibo", "Taiyuqin", "Kong Kong", "MVD", "Beijing dialect"):
        assert replaced not in body and replaced in notes
    by_label = _notes_by_label(notes)
    # the translator's notes quote the words they are about, as the source prints them
    assert by_label["2"] == "Taiyuqin [sic; ed. note—perhaps Taiyuan]"
    assert by_label["3"] == "Xinxibo [sic, should be Xibaipo]"
    assert by_label["4"] == "Xinxibo [sic, Xibaipo]"
    assert by_label["5"] == "Beijing dialect [sic, in fact Hunan]"
    assert by_label["6"] == "MVD [Ministry of Internal Affairs, sic, in fact NKVD]"
    assert by_label["1"] == "Andrei Orlov"  # an identification: nothing replaced
    # a [sic] without correction and this edition's own correction: a note of their own,
    # marked where the word stands
    for word, source in (("Sh.....", "Sh..... [sic]"), ("Hong Kong", "Kong Kong")):
        (label,) = re.findall(re.escape(word) + r"\[(s\d)\]", body)
        assert by_label[label] == f"Source: {source}."
    (taibi,) = re.findall(r"\(Taibi\)\[([a-z])\]", body)
    assert by_label[taibi].startswith("Source: (Taibi /?/) [sic]. An unidentified word")


def test_every_source_reading_is_in_the_normalized_text(edition: Path) -> None:
    """Each word the diplomatic reading has and the normalized body lacks is in a note
    (abbreviations aside: the normalized reading expands them, as the print does)."""
    from collections import Counter

    from tei_edition import NS
    from tei_edition.read.xmlparse import parse

    def words(text: str) -> list[str]:
        return [w.strip(".,;:()") for w in text.split() if w.strip(".,;:()")]

    abbreviations = {
        w for a in parse(edition).xpath("//tei:text//tei:abbr", namespaces=NS)
        for w in words(a.xpath("string()"))
    }  # fmt: skip
    diplomatic = Counter(words(text_body(render_text(edition, "diplomatic", 0))))
    _title, body, notes = text_parts(render_text(edition, "normalized", 0))
    normalized = Counter(words(re.sub(r"\[(\d+|[a-z])\]", " ", body)))
    noted = set(words(notes))
    missing = [
        word
        for word in diplomatic - normalized
        # the translator's brackets (his words are in the text) and the section mark
        if not re.fullmatch(r"\[.*|.*\]|\*\*\*", word)
        and word not in abbreviations
        and word not in noted
    ]
    assert missing == []


SOURCE_DESCS = [
    # mixed content with a respStmt, whose resp and name are not separated by text
    (
        '<bibl>"Recollections", <date when="1958-09-04">September 4, 1958</date>, Wilson'
        " Center Digital Archive. <respStmt><resp>Translated by</resp><persName>Sergey"
        ' Radchenko</persName></respStmt>. <ptr target="https://example.org/doc/1"/></bibl>',
        '"Recollections", September 4, 1958, Wilson Center Digital Archive. Translated by'
        " Sergey Radchenko.",
    ),
    # parts only: joined by commas, the respStmt as a phrase
    (
        "<bibl><title>Recollections</title><respStmt><resp>translator</resp><persName>Sergey"
        " Radchenko</persName></respStmt><publisher>Wilson Center Digital Archive</publisher>"
        "</bibl>",
        "Recollections, Translated by Sergey Radchenko, Wilson Center Digital Archive",
    ),
    # the archive's citation, inside the description or beside it
    (
        "<bibl><title>Recollections</title><respStmt><resp>Translated by</resp><persName>S."
        ' R.</persName></respStmt><bibl type="citation">"Recollections", 1958, Archive.'
        " Translated by S. R.</bibl></bibl>",
        '"Recollections", 1958, Archive. Translated by S. R.',
    ),
    (
        "<bibl><title>Recollections</title></bibl>"
        '<bibl type="citation">"Recollections", 1958, <respStmt><resp>Translated by</resp>'
        "<persName>S. R.</persName></respStmt></bibl>",
        '"Recollections", 1958, Translated by S. R.',
    ),
    (
        '<bibl><title>Recollections</title><note n="citation">The citation.</note></bibl>',
        "The citation.",
    ),
]


def with_source(desc: str) -> bytes:
    doc = tei("Some text.")
    return doc.replace(b"<sourceDesc><bibl>A source.</bibl></sourceDesc>", (
        f"<sourceDesc>{desc}</sourceDesc>").encode())  # fmt: skip


@pytest.mark.parametrize(("desc", "expected"), SOURCE_DESCS)
def test_source_line_spaces_a_structured_description(desc: str, expected: str) -> None:
    title = text_parts(render_text(with_source(desc), "normalized", 0))[0]
    (line,) = [line for line in title.splitlines() if line.startswith("Source:")]
    assert line.removesuffix(" <https://example.org/doc/1>") == f"Source: {expected}"
