"""`tei-edition import` on hostile input: characters XML cannot hold, sources over the size
limit, brackets nested without end, very long lines and very many paragraphs. Each problem is
one line at its place, nothing is written, a folder goes on past the file; long texts are
encoded as their parts are (the time it takes is measured by bench/import_bench_scale.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import NS
from tei_edition.fidelity import unescape_markdown
from tei_edition.importer import (
    Register,
    build_draft,
    check_fidelity,
    import_source,
    layout,
    load_register,
    parse_archive,
    read_archive,
)
from tei_edition.importer.blocks import MAX_FOOTNOTES, ends_sentence
from tei_edition.importer.brackets import MAX_NESTING
from tei_edition.importer.layout import MAX_CHARACTER_ISSUES, MAX_SOURCE_BYTES
from tei_edition.issues import Issue, TeiEditionError

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "edition" / "registers.xml"
HEAD = "## **May 1, 1950**\n\n### **A Note**\n\n#### **Contents:**\n\nTranslation - English\n\n"
BODY = HEAD.count("\n") + 1
"""The line of the first line of the text."""
NOT_XML = "which XML cannot hold: remove or replace it (no draft written) [xml-char]"


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ------------------------------------------------------------------ characters XML cannot hold


@pytest.mark.parametrize(
    ("char", "described"),
    [
        ("\x1b", "control character U+001B (ESC)"),
        ("\x01", "control character U+0001 (SOH)"),
        ("\x08", "control character U+0008 (BS)"),
        ("\x0b", "control character U+000B (VT)"),
        ("\x0c", "control character U+000C (FF)"),
        ("\x0e", "control character U+000E (SO)"),
        ("\x1f", "control character U+001F (US)"),
        ("\ufffe", "noncharacter U+FFFE"),
        ("\uffff", "noncharacter U+FFFF"),
    ],
)
def test_a_character_xml_cannot_hold_is_one_line_at_its_place(
    here: Path, invoke, char: str, described: str
) -> None:
    write(here / "src.txt", HEAD + "First line.\nSome words" + char + " and more.\n")
    result = invoke("import", "src.txt", "-o", "out.xml")
    assert result.exit_code == 1
    assert result.stderr == f"src.txt:{BODY + 1}:11: error: {described}, {NOT_XML}\n"
    assert result.stdout == ""
    assert [p.name for p in here.iterdir()] == ["src.txt"]


def test_a_nul_byte_is_one_line_at_its_place(here: Path, invoke) -> None:
    write(here / "src.txt", HEAD.encode() + "Café words\x00 more.\n".encode())
    result = invoke("import", "src.txt", "-o", "out.xml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"src.txt:{BODY}:11: error: binary data (NUL byte): the source must be UTF-8 text "
        "[encoding]\n"
    )
    assert [p.name for p in here.iterdir()] == ["src.txt"]


def test_a_lone_surrogate_is_refused_at_its_place() -> None:
    # a text decoded with errors="surrogateescape" (or built in memory) can hold one
    with pytest.raises(TeiEditionError) as caught:
        parse_archive(HEAD + "A lone \udc80 half.\n", "t.txt")
    assert caught.value.issues == [
        Issue(
            "t.txt",
            BODY,
            8,
            rule="xml-char",
            message="lone surrogate U+DC80 (left by a bad decoding), which XML cannot hold: "
            "remove or replace it (no draft written)",
        )
    ]


def test_an_encoded_surrogate_is_not_utf8(here: Path, invoke) -> None:
    write(here / "src.txt", HEAD.encode() + b"A lone \xed\xa0\x80 half.\n")
    result = invoke("import", "src.txt", "-o", "out.xml")
    assert result.exit_code == 1
    assert result.stderr == f"src.txt:{BODY}:8: error: not UTF-8: invalid byte 0xed [encoding]\n"


def test_every_character_is_reported_in_the_front_matter_too(here: Path, invoke) -> None:
    text = HEAD.replace("A Note", "A\x07 Note") + "One\x1b two\x1b.\nThree \x7f four\x02.\n"
    write(here / "src.txt", text)
    result = invoke("import", "src.txt", "-o", "out.xml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"src.txt:3:8: error: control character U+0007 (BEL), {NOT_XML}",
        f"src.txt:{BODY}:4: error: control character U+001B (ESC), {NOT_XML}",
        f"src.txt:{BODY}:9: error: control character U+001B (ESC), {NOT_XML}",
        f"src.txt:{BODY + 1}:13: error: control character U+0002 (STX), {NOT_XML}",
    ]  # DEL (U+007F) is a character XML holds
    assert not (here / "out.xml").exists()


def test_very_many_characters_are_counted_after_the_first(here: Path, invoke) -> None:
    write(here / "src.txt", HEAD + "x\x1b" * (MAX_CHARACTER_ISSUES + 5) + "\n")
    result = invoke("import", "src.txt", "-o", "out.xml")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_CHARACTER_ISSUES + 1
    assert lines[1] == f"src.txt:{BODY}:4: error: control character U+001B (ESC), {NOT_XML}"
    assert lines[-1] == (
        "src.txt: error: 5 more character(s) XML cannot hold (no draft written) [xml-char]"
    )


def test_a_folder_goes_on_past_a_file_with_a_control_character(here: Path, invoke) -> None:
    folder = here / "in"
    folder.mkdir()
    write(folder / "a.txt", HEAD + "Short [and] plain.\n")
    write(folder / "b.txt", HEAD + "Short and\x1b plain.\n")
    write(folder / "c.txt", HEAD + "Plain [too].\n")
    result = invoke("import", "in", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr == (
        f"in/b.txt:{BODY}:10: error: control character U+001B (ESC), {NOT_XML}\n"
    )
    assert f"in/b.txt: refused: in/b.txt:{BODY}:10: error: control character" in result.stdout
    assert "2 draft(s) written, 1 file(s) refused" in result.stdout.splitlines()
    assert sorted(p.name for p in (here / "out").iterdir()) == [
        "a.worklist.json",
        "a.xml",
        "c.worklist.json",
        "c.xml",
    ]


def test_the_private_use_characters_of_the_footnotes_are_refused(here: Path, invoke) -> None:
    write(here / "src.txt", HEAD + "A private \ue105 glyph.\n")
    result = invoke("import", "src.txt", "-o", "out.xml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"src.txt:{BODY}:11: error: private-use character U+E105 is reserved by the importer "
        "(it marks footnotes in the text): replace it (no draft written) [import-reserved]\n"
    )
    assert not (here / "out.xml").exists()


# ------------------------------------------------------------------ size and nesting


def test_a_source_over_the_limit_is_refused_before_it_is_read(
    here: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    with (here / "big.txt").open("wb") as fh:
        fh.truncate(MAX_SOURCE_BYTES + 1)  # sparse: takes no room

    def unread(path: object) -> bytes:
        raise AssertionError("a source over the limit was read")

    monkeypatch.setattr(layout, "read_bytes", unread)
    result = invoke("import", "big.txt", "-o", "out.xml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"big.txt: error: file is larger than 8 MiB ({MAX_SOURCE_BYTES} bytes), the most import "
        "reads: split the transcription [size]\n"
    )
    assert not (here / "out.xml").exists()


def test_the_size_limit_is_the_size_of_the_file(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = HEAD + "Short and plain.\n"
    size = len(text.encode())
    monkeypatch.setattr(layout, "MAX_SOURCE_BYTES", size)
    import_source(write(here / "at.txt", text), here / "at.xml")
    with pytest.raises(TeiEditionError) as caught:
        import_source(write(here / "over.txt", text + "\n"), here / "over.xml")
    assert [i.rule for i in caught.value.issues] == ["size"]
    assert not (here / "over.xml").exists()


def test_brackets_nested_without_end_are_one_line(here: Path, invoke) -> None:
    depth = MAX_NESTING + 8
    write(here / "src.txt", HEAD + "(see " * depth + "x" + ")" * depth + ".\n")
    result = invoke("import", "src.txt", "-o", "out.xml")
    assert result.exit_code == 1
    column = MAX_NESTING * len("(see ") + 1  # the parenthesis one too deep
    assert result.stderr == (
        f"src.txt:{BODY}:{column}: error: brackets and parentheses nested more than "
        f"{MAX_NESTING} deep: no draft written [import-nesting]\n"
    )
    assert not (here / "out.xml").exists()


# ------------------------------------------------------------------ what used to break


def test_a_bracket_ending_a_paragraph_and_one_opening_the_next(here: Path) -> None:
    out = here / "out.xml"
    result = import_source(write(here / "src.txt", HEAD + "Text [\n\n] more text.\n"), out)
    kept = etree.parse(str(out)).xpath(
        "//tei:body//tei:seg[@type='unresolved']/text()", namespaces=NS
    )
    assert kept == ["[", "]"]
    assert [i.text for i in result.worklist.items if i.kind == "unresolved"] == ["[", "]"]


def test_more_footnotes_than_placeholders(here: Path) -> None:
    n = MAX_FOOTNOTES + 20
    text = " ".join(f"word{i}[{i}] is here." for i in range(1, n + 1)) + "\n\n"
    text += "\n\n".join(f"[{i}] note {i}." for i in range(1, n + 1))
    out = here / "out.xml"
    import_source(write(here / "src.txt", HEAD + text + "\n"), out)  # every word kept
    notes = etree.parse(str(out)).xpath("//tei:body//tei:note[@place='foot']/@n", namespaces=NS)
    assert notes == [f"[{i}]" for i in range(21, n + 1)]  # the last are the footnotes


# ------------------------------------------------------------------ long texts


def prose(count: int) -> list[str]:
    """Paragraphs of the edition's transcriptions that are sentences (names, brackets, dates)."""
    found = [
        line.text.strip()
        for path in sorted((ROOT / "edition" / "source").glob("*.txt"))
        for line in read_archive(path).body
        if len(line.text.strip()) >= 80 and ends_sentence(line.text.strip())
    ]
    return (found * (count // len(found) + 1))[:count]


@pytest.fixture(scope="module")
def register() -> Register:
    return load_register(REGISTER)


def inner(p: etree._Element) -> str:
    text = etree.tostring(p, encoding="unicode", with_tail=False)
    return text[text.index(">") + 1 : text.rindex("<")]


def test_a_text_on_one_line_is_encoded_as_its_paragraphs(register: Register) -> None:
    paragraphs = prose(120)
    one = build_draft(parse_archive(HEAD + " ".join(paragraphs) + "\n", "one.txt"), register)
    many = build_draft(parse_archive(HEAD + "\n\n".join(paragraphs) + "\n", "many.txt"), register)
    [line] = one.tree.xpath("//tei:body//tei:p", namespaces=NS)
    parts = many.tree.xpath("//tei:body//tei:p", namespaces=NS)
    assert len(parts) == len(paragraphs)
    assert inner(line) == " ".join(inner(p) for p in parts)
    assert one.tree.xpath("count(//tei:body//tei:persName)", namespaces=NS) > 100


@pytest.mark.parametrize("layout_of", ["one line", "paragraphs"])
def test_the_worklist_points_at_the_words_on_a_long_line(
    register: Register, layout_of: str
) -> None:
    paragraphs = prose(120)
    text = HEAD + (" " if layout_of == "one line" else "\n\n").join(paragraphs) + "\n"
    doc = parse_archive(text, "t.txt")
    draft = build_draft(doc, register)
    assert check_fidelity(draft, doc) == []
    lines = text.split("\n")
    placed = [
        item
        for item in draft.worklist.items
        if item.kind in ("name", "ambiguous-name", "date", "unresolved", "bracket")
        and item.text
        and not item.text.endswith("…")
    ]
    assert {item.kind for item in placed} >= {"name", "ambiguous-name", "date"}
    for item in placed:
        source = unescape_markdown(lines[item.line - 1])
        assert source[item.column - 1 :].startswith(item.text), item


HOSTILE = {
    "a very long word": "A " + "DEADBEEF" * 3000 + " x [Stalin] and " + "abc0" * 3000 + "/?/ end.",
    "capitals without punctuation": "THE GOVERNMENT OF THE USSR AND MAO ZEDONG WILL MEET " * 300,
    "brackets without their pair": "[ a word ] " * 1000 + "a ] b [ c " * 1000 + ".",
    "parentheses": "The VKP(b) and ( the (see the record) party " * 500 + ".",
    "lines without a sentence": "\n\n".join(["some words here without end"] * 500) + ".",
    "footnotes": "Text a/ here b/ and more.\n\n"
    + "\n\n".join(f"{chr(97 + i % 26)}/ note {i}." for i in range(600)),
    "headings and fields": "\n\n".join(["Short Heading Here", "To: Comrade X", "TOP SECRET"] * 300),
    "dates not normalized": " ".join(f"on {d % 12 + 1}.{d % 11 + 1}.1950 and" for d in range(800))
    + " March 5.",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_texts_keep_every_word(register: Register, name: str) -> None:
    doc = parse_archive(HEAD + HOSTILE[name] + "\n", "t.txt")
    draft = build_draft(doc, register)
    assert check_fidelity(draft, doc) == []
    data = json.loads(draft.worklist.as_json())
    assert all(item["line"] >= BODY for item in data["items"] if item["kind"] != "header")


def test_a_long_difference_shows_its_first_place(monkeypatch: pytest.MonkeyPatch) -> None:
    import tei_edition.importer as importer

    words = " ".join(f"w{i}" for i in range(3000))
    draft = build_draft(parse_archive(HEAD + f"{words} first {words} last.\n", "a.txt"))
    doc = parse_archive(HEAD + f"{words} FIRST {words} LAST.\n", "b.txt")
    assert [i.message for i in check_fidelity(draft, doc)] == [
        "the draft would read 'first' where the source reads 'FIRST': no draft written",
        "the draft would read 'last.' where the source reads 'LAST.': no draft written",
    ]
    monkeypatch.setattr(importer, "DIFF_BUDGET", 1000)
    issues = check_fidelity(draft, doc)
    assert [(i.line, i.message) for i in issues] == [
        (
            BODY,
            "the draft would read 'first w0 w1 w2 w3 w4 w5 w6' where the source reads "
            "'FIRST w0 w1 w2 w3 w4 w5 w6': no draft written",
        ),
        (
            0,
            "the draft and the source differ further on (only the first difference is "
            "shown): no draft written",
        ),
    ]
