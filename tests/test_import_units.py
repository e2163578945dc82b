"""The importer's parts: layout reader, bracket classifier, dates, names, blocks."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_edition import TEI_NS
from tei_edition.importer.blocks import read_blocks
from tei_edition.importer.brackets import InlineContext, encode_inline
from tei_edition.importer.candidates import candidates, unknown_names
from tei_edition.importer.dates import find_dates, parse_heading_date
from tei_edition.importer.header import author_from_title, parse_citation
from tei_edition.importer.layout import Line, parse_archive
from tei_edition.importer.names import NameTagger, load_register
from tei_edition.importer.nodes import Inline, to_xml
from tei_edition.importer.worklist import Worklist
from tei_edition.issues import TeiEditionError

FIXTURES = Path(__file__).parent / "fixtures" / "import"

LAYOUT = """

## **September 4, 1958**

### **A Title**

#### **Citation:**

"A Title", September 4, 1958, Example Digital Archive. Translated by A. Person. <https://x.example/document/12>

#### **Original Language:**

Russian, Chinese

#### **Contents:**

Translation - English

First paragraph.
"""


def xml(content: Inline) -> str:
    """Inline content as XML without namespace declarations, for compact assertions."""
    p = etree.Element(f"{{{TEI_NS}}}p", nsmap={None: TEI_NS})
    to_xml(p, content)
    text = etree.tostring(p, encoding="unicode")
    return text.removeprefix(f'<p xmlns="{TEI_NS}">').removesuffix("</p>")


def encode(text: str, worklist: Worklist | None = None) -> str:
    return xml(encode_inline(text, InlineContext(worklist or Worklist("t"), "t", 1, 1)))


# ------------------------------------------------------------------ layout


def test_layout_sections_and_body() -> None:
    doc = parse_archive(LAYOUT, "t.txt")
    assert (doc.date_heading, doc.date_line) == ("September 4, 1958", 3)
    assert (doc.title, doc.title_line) == ("A Title", 5)
    assert set(doc.sections) == {"citation", "languages", "contents"}
    assert doc.languages == ["Russian", "Chinese"]
    assert doc.marker == "Translation - English"
    assert doc.translation_language == "English"
    assert [(ln.number, ln.text) for ln in doc.body if ln.text] == [(19, "First paragraph.")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("   \n\n", 1, "file is empty"),
        ("Hello\n", 1, "not in the archive's layout: expected a date heading"),
        ("## **May 1, 1950**\n\nloose text\n", 3, "expected a section heading"),
        (
            "## **May 1, 1950**\n\n#### **Summary:**\n\nText.\n",
            5,
            "no Contents section ('#### **Contents:**')",
        ),
        ("## **May 1, 1950**\n\n#### **Contents:**\n\nTranslation - English\n", 3, "has no text"),
        (
            "## **May 1, 1950**\n#### **Summary:**\nA.\n#### **Summary:**\nB.\n",
            4,
            "second 'Summary' section (the first is at line 2)",
        ),
    ],
)
def test_layout_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(TeiEditionError) as caught:
        parse_archive(text, "t.txt")
    issue = caught.value.issues[0]
    assert issue.line == line
    assert message in issue.message


def test_citation_is_split_into_its_parts() -> None:
    cit = parse_citation(
        '"Anastas Mikoyan\'s Recollections", September 4, 1958, Wilson Center Digital Archive, '
        "Provided to the Archive by S. Mikoyan. With permission of the Archive. "
        "Translated by Sergey Radchenko. <https://wilson-center.example/document/121774>"
    )
    assert cit.title == "Anastas Mikoyan's Recollections"
    assert cit.date == "September 4, 1958"
    assert cit.archive == "Wilson Center Digital Archive"
    assert cit.url == "https://wilson-center.example/document/121774"
    assert cit.document == "121774"
    assert cit.translator == "Sergey Radchenko"
    assert cit.notes[:2] == [
        "Provided to the Archive by S. Mikoyan.",
        "With permission of the Archive.",
    ]


@pytest.mark.parametrize(
    ("title", "author"),
    [
        ("Anastas Mikoyan's Recollections of his Trip to China", "Anastas Mikoyan"),
        ("Telegram from Ivan Petrov to the Harbor Office", "Ivan Petrov"),
        ("Memorandum of a Conversation about the Lighthouse", ""),
    ],
)
def test_author_from_title(title: str, author: str) -> None:
    assert author_from_title(title) == author


# ------------------------------------------------------------------ brackets


@pytest.mark.parametrize(
    ("source", "encoded"),
    [
        ("a [and] b", 'a <supplied resp="#translator">and</supplied> b'),
        ("when [we?] were", 'when <supplied resp="#translator" cert="low">we</supplied> were'),
        (
            "the CC [Central Committee] met",
            'the <choice><abbr>CC</abbr><expan resp="#translator">Central Committee</expan>'
            "</choice> met",
        ),
        (
            "CC VKP(b) [All-Russia Communist Party (Bolsheviks)] was",
            'CC <choice><abbr>VKP(b)</abbr><expan resp="#translator">All-Russia Communist '
            "Party (Bolsheviks)</expan></choice> was",
        ),
        (
            "Com[munist] Party",
            '<choice><abbr>Com</abbr><expan resp="#translator">Com<ex resp="#translator">'
            "munist</ex></expan></choice> Party",
        ),
        (
            "take c. Fedorenko",
            'take <choice><abbr>c.</abbr><expan resp="#edition">comrade</expan></choice> Fedorenko',
        ),
        (
            "Com. Zhu De",
            '<choice><abbr>Com.</abbr><expan resp="#edition">Comrade</expan></choice> Zhu De',
        ),
        ("city of Sh..... [sic], which", 'city of <sic resp="#translator">Sh.....</sic>, which'),
        (
            "Xinxibo [sic, should be Xibaipo]. This",
            '<choice><sic resp="#translator">Xinxibo</sic><corr resp="#translator">Xibaipo'
            '</corr></choice> <note type="translator" resp="#translator" place="inline">'
            "sic, should be Xibaipo</note>. This",
        ),
        (
            "Taiyuqin [sic; ed. note—perhaps Taiyuan] was",
            '<choice><sic resp="#translator">Taiyuqin</sic><corr resp="#translator" '
            'cert="low">Taiyuan</corr></choice> <note type="translator" resp="#translator" '
            'place="inline">sic; ed. note—perhaps Taiyuan</note> was',
        ),
        (
            "a Beijing dialect [sic, in fact Hunan], and",
            'a <choice><sic resp="#translator">Beijing</sic><corr resp="#translator">Hunan'
            '</corr></choice> dialect <note type="translator" resp="#translator" '
            'place="inline">sic, in fact Hunan</note>, and',
        ),
        (
            "the MVD [Ministry of Internal Affairs, sic, in fact NKVD].",
            'the <choice><sic resp="#translator">MVD</sic><corr resp="#translator">NKVD</corr>'
            '</choice> <note type="translator" resp="#translator" place="inline">Ministry of '
            "Internal Affairs, sic, in fact NKVD</note>.",
        ),
        (
            "Zhu De (Taibi /?/) [sic], [and]",
            'Zhu De <sic resp="#translator">(<unclear resp="#translator" cert="low">Taibi'
            '</unclear>)</sic>, <supplied resp="#translator">and</supplied>',
        ),
        (
            "living pattern [rezhim], which",
            '<term xml:id="gloss-rezhim">living pattern</term> <foreign xml:lang="ru-Latn" '
            'resp="#translator" corresp="#gloss-rezhim">rezhim</foreign>, which',
        ),
        (
            "the Communist Terebin [Andrei Orlov], who",
            'the Communist Terebin <note type="translator" resp="#translator" '
            'place="inline">Andrei Orlov</note>, who',
        ),
        (
            "entrusted [Georgii] Malenkov to",
            'entrusted <supplied resp="#translator">Georgii</supplied> Malenkov to',
        ),
        (
            "manage... [sic, the remainder of the document is missing].",
            'manage... <gap reason="missing" resp="#translator"/><note type="translator" '
            'resp="#translator" place="inline">sic, the remainder of the document is missing'
            "</note>.",
        ),
        (
            "survived (attached).",
            'survived <note type="authorial" resp="#author" place="inline" rend="parens">'
            "attached</note>.",
        ),
        ("is encircled (so to speak), the", "is encircled (so to speak), the"),
    ],
)
def test_bracket_conventions(source: str, encoded: str) -> None:
    assert encode(source) == encoded


@pytest.mark.parametrize(
    ("source", "column", "encoded", "message"),
    [
        (
            "an [open bracket",
            4,
            'an <seg type="unresolved">[</seg>open bracket',
            "opening bracket '[' without a closing one",
        ),
        (
            "a closing] bracket",
            10,
            'a closing<seg type="unresolved">]</seg> bracket',
            "closing bracket ']' without an opening one",
        ),
        (
            "empty [] brackets",
            7,
            'empty <seg type="unresolved">[]</seg> brackets',
            "empty brackets '[]'",
        ),
        (
            "[sic] first",
            1,
            '<seg type="unresolved">[sic]</seg> first',
            "'[sic]' with no word before it",
        ),
        ("[?] first", 1, '<seg type="unresolved">[?]</seg> first', "'[?]' without a word"),
    ],
)
def test_unreadable_brackets_are_kept_as_text_and_listed(
    source: str, column: int, encoded: str, message: str
) -> None:
    worklist = Worklist("t")
    assert encode(source, worklist) == encoded
    [item] = worklist.items
    assert (item.kind, item.line, item.column) == ("unresolved", 1, column)
    assert item.message.startswith(message)


def test_unclassified_bracket_is_a_note_and_a_worklist_item() -> None:
    worklist = Worklist("t")
    text = "He left [the date of his departure is not known] early."
    assert encode(text, worklist) == (
        'He left <note type="translator" resp="#translator" place="inline">the date '
        "of his departure is not known</note> early."
    )
    assert [(i.kind, i.line, i.column) for i in worklist.items] == [("bracket", 1, 9)]


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("text", "attrs"),
    [
        ("on January 14, 1949 Stalin", {"when": "1949-01-14"}),
        ("(Dictated on 4 September 1958)", {"when": "1958-09-04"}),
        ("At the end of 1948 there", {"notBefore": "1948-11-01", "notAfter": "1948-12-31"}),
        ("the beginning of 1952", {"notBefore": "1952-01-01", "notAfter": "1952-02-29"}),
        ("in May 1950.", {"when": "1950-05"}),
        ("the 4th of September, 1958", {"when": "1958-09-04"}),
    ],
)
def test_dates_are_normalized(text: str, attrs: dict[str, str]) -> None:
    (found,) = find_dates(text)
    assert found.attrs == attrs
    assert not found.problem


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("on February 5 he", "month and day without a year"),
        ("on February 30, 1949", "February has no day 30 in 1949"),
    ],
)
def test_dates_that_cannot_be_normalized(text: str, problem: str) -> None:
    (found,) = find_dates(text)
    assert found.problem == problem
    assert found.attrs == {}


def test_no_dates_in_words_or_numbers() -> None:
    assert find_dates("May I ask about the 1949ers and 12-2 in the afternoon") == []
    assert parse_heading_date("September 4, 1958") == {"when": "1958-09-04"}
    assert parse_heading_date("Undated") == {}


# ------------------------------------------------------------------ names


@pytest.fixture(scope="module")
def register():
    return load_register(FIXTURES / "registers.xml")


def tag(register, text: str) -> str:
    tagger = NameTagger(register)
    return xml(tagger.tag(encode_inline(text, InlineContext(Worklist("t"), "t", 1, 1))))


def test_longest_form_wins_and_possessive_stays_outside(register) -> None:
    assert tag(register, "Ivan Petrov met Petrov's deputy.") == (
        '<persName ref="#petrov">Ivan Petrov</persName> met '
        '<persName ref="#petrov">Petrov</persName>\'s deputy.'
    )


def test_no_tagging_inside_words(register) -> None:
    assert tag(register, "The Petrovites and Rigganian met.") == (
        "The Petrovites and Rigganian met."
    )


def test_supplied_first_name_goes_inside_the_name(register) -> None:
    assert tag(register, "met [Boris] Lund there") == (
        'met <persName ref="#lund"><supplied resp="#translator">Boris</supplied> Lund'
        "</persName> there"
    )


def test_names_inside_supplements_and_notes(register) -> None:
    assert tag(register, "the committee [of Dalny] met") == (
        'the committee <supplied resp="#translator">of <placeName ref="#dalny">Dalny'
        "</placeName></supplied> met"
    )


def test_sic_with_correction_of_the_same_place_is_one_name(register) -> None:
    assert tag(register, "left Rigga [sic, should be Riga] at") == (
        'left <placeName ref="#riga"><choice><sic resp="#translator">Rigga</sic>'
        '<corr resp="#translator">Riga</corr></choice></placeName> <note type="translator" '
        'resp="#translator" place="inline">sic, should be <placeName ref="#riga">Riga'
        "</placeName></note> at"
    )


def test_nested_names_and_expansions(register) -> None:
    assert tag(register, "the CC [Central Committee] of the Com[munist] Party") == (
        'the <orgName ref="#cc"><choice><abbr>CC</abbr><expan resp="#translator">Central '
        'Committee</expan></choice></orgName> of the <orgName ref="#party"><choice><abbr>Com'
        '</abbr><expan resp="#translator">Com<ex resp="#translator">munist</ex></expan>'
        "</choice> Party</orgName>"
    )


def test_edition_register_disambiguates_the_two_kovalevs() -> None:
    shared = Path(__file__).resolve().parents[1] / "edition" / "registers.xml"
    if not shared.is_file():
        pytest.skip("the edition's register is absent")
    tagger = NameTagger(load_register(shared))

    def run(text: str) -> str:
        return xml(tagger.tag(encode_inline(text, InlineContext(Worklist("t"), "t", 1, 1))))

    assert 'ref="#kovalev-e"' in run("the candidacy of [E.] Kovalev who")
    assert run("insist on Kovalev instead") == (
        'insist on <persName ref="#kovalev-e">Kovalev</persName> instead'
    )
    assert 'ref="#kovalev-i"' in run("the former Minister [Ivan] Kovalev who")
    assert run("Kovalev was poorly prepared") == (
        '<persName ref="#kovalev-i">Kovalev</persName> was poorly prepared'
    )
    assert run("both Kovalevs were") == (
        'both <persName ref="#kovalev-e #kovalev-i">Kovalevs</persName> were'
    )
    assert run("the CC [Central Committee] Politburo met") == (
        'the <orgName ref="#vkpb-politburo"><orgName ref="#vkpb-cc"><choice><abbr>CC</abbr>'
        '<expan resp="#translator">Central Committee</expan></choice></orgName> Politburo'
        "</orgName> met"
    )


def test_register_without_entries_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>x</p></body>'
        "</text></TEI>",
        encoding="utf-8",
    )
    with pytest.raises(TeiEditionError) as caught:
        load_register(empty)
    assert "no listPerson/person, listPlace/place or listOrg/org entries" in str(caught.value)


# ------------------------------------------------------------------ blocks


def lines(*texts: str) -> list[Line]:
    return [Line(i, t) for i, t in enumerate(texts, start=1)]


def test_mid_sentence_breaks_join_paragraphs() -> None:
    blocks = read_blocks(
        lines(
            "He was afraid lest",
            "",
            "this be a person.",
            "",
            "Next one, they,",
            "",
            "",
            "",
            "the Chinese.",
        )
    )
    assert [b.kind for b in blocks] == ["p", "p"]
    assert [s.line for s in blocks[0].segments] == [1, 3]
    assert [s.line for s in blocks[1].segments] == [5, 9]
    assert blocks[1].joined_by_blank_lines == [3]


def test_headings_milestones_opener_and_signature() -> None:
    blocks = read_blocks(
        lines(
            "Version 1",
            "",
            "Draft.",
            "",
            "(Dictated on 4 September 1958)",
            "",
            "A first paragraph of the text.",
            "",
            "About Port Arthur",
            "",
            "The text of the section.",
            "",
            "\\*\\*\\*",
            "",
            "More text.",
            "",
            "FILIPPOV",
        )
    )
    kinds = [(b.kind, b.part if b.kind in ("opener", "closer") else "") for b in blocks]
    assert kinds == [
        ("opener", "seg"),
        ("opener", "seg"),
        ("opener", "dateline"),
        ("p", ""),
        ("head", ""),
        ("p", ""),
        ("milestone", ""),
        ("p", ""),
        ("closer", "signed"),
    ]
    assert [b.seg_type for b in blocks[:2]] == ["version", "status"]


# ------------------------------------------------------------------ candidate names


def names_in(*texts: str) -> list[str]:
    return [name for name, _, _ in candidates([Line(i, t) for i, t in enumerate(texts, 1)])]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # rule 1: punctuation and possessives end a run
        (["He saw Zhou Enlai, Liu Shaoqi and Zhu De."], ["Zhou Enlai", "Liu Shaoqi", "Zhu De"]),
        (["He met Mao's Politburo there."], ["Mao", "Politburo"]),
        (["It was Terebin [Andrei Orlov] who came."], ["Terebin", "Andrei Orlov"]),
        # rule 2: function words and a sentence's first word only capitalized there
        (["Yesterday Stalin arrived. He saw Stalin yesterday."], ["Stalin", "Stalin"]),
        (["Yesterday Stalin arrived."], ["Yesterday Stalin"]),
        (["Karl Mann wrote. A karl is no name."], ["Mann"]),
        (["Karl Mann wrote it."], ["Karl Mann"]),
        (["The Politburo met. Stalin spoke."], ["Politburo"]),
        # rule 3: titles and institutions are not glued to the name after them
        (["Members of the Politburo Zhou Enlai came."], ["Politburo", "Zhou Enlai"]),
        (["the Oblast Committee Golubov greeted us"], ["Oblast Committee", "Golubov"]),
        (["the Communist Terebin died"], ["Communist", "Terebin"]),
        (["the Chinese Communist Party CC met"], ["Chinese Communist Party"]),
        (["the Soviet Union and the Communist Party"], ["Soviet Union", "Communist Party"]),
        # rule 4: two names that stand alone elsewhere
        (
            ["from Moscow Stalin told me", "in Moscow", "and Stalin"],
            ["Moscow", "Stalin", "Moscow", "Stalin"],
        ),
        (["from Mao Zedong we heard", "and Mao"], ["Mao Zedong", "Mao"]),
    ],
)
def test_candidate_names(texts: list[str], expected: list[str]) -> None:
    assert names_in(*texts) == expected


def test_candidate_places_and_unknown_names() -> None:
    lines = [Line(7, "the Communist Terebin met Terebin's friend Stalin.")]
    assert candidates(lines) == [
        ("Communist", 7, 5),
        ("Terebin", 7, 15),
        ("Terebin", 7, 27),
        ("Stalin", 7, 44),
    ]
    assert unknown_names(lines, {"Stalin"}) == {
        "Communist": [(7, 5)],
        "Terebin": [(7, 15), (7, 27)],
    }


def test_a_name_in_capitals_is_the_entry_of_its_form(register) -> None:
    """Cables write names in capitals ("LIN WANG", "BERG"): such a name is its entry, though
    the register gives only "Lin Wang" and "Berg"; a word that is no form stays untagged."""
    assert tag(register, "To LIN WANG and BERG from RIGA.") == (
        'To <persName ref="#wang-lin">LIN WANG</persName> and <persName ref="#berg">BERG</persName>'
        ' from <placeName ref="#riga">RIGA</placeName>.'
    )
    assert tag(register, "CIPHERED TELEGRAM to Lin Wang") == (
        'CIPHERED TELEGRAM to <persName ref="#wang-lin">Lin Wang</persName>'
    )
    assert "BERG" in register.known_words() and "Berg" in register.known_words()
