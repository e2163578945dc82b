"""transforms/fo.xsl: TEI in, XSL-FO out, for each behaviour and both readings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import TEI_NS
from tei_edition.issues import TeiEditionError
from tei_edition.resources import transform as transform_path
from tei_edition.xslt import stylesheet_params, transform

FO = "http://www.w3.org/1999/XSL/Format"
NS = {"fo": FO, "tei": TEI_NS}
STYLESHEET = transform_path("fo.xsl")

HEADER = """<teiHeader><fileDesc>
  <titleStmt>
    <title type="main">A Test of Recollections</title>
    <author xml:id="author"><persName>Anastas Mikoyan</persName></author>
    <respStmt xml:id="translator"><resp>translated from the Russian by</resp>
      <persName>Sergey Radchenko</persName></respStmt>
    <respStmt xml:id="edition"><resp>encoded by</resp><orgName>the project</orgName></respStmt>
  </titleStmt>
  <publicationStmt><publisher>The project</publisher><date when="2024-05-01">2024</date>
  </publicationStmt>
  <sourceDesc><bibl><title>Recollections</title><publisher>An Archive</publisher>
    <ref target="https://example.org/document/1">https://example.org/document/1</ref></bibl>
  </sourceDesc>
</fileDesc></teiHeader>"""

STANDOFF = """<standOff>
  <listPerson>
    <person xml:id="stalin"><persName type="normalized">Joseph Stalin</persName>
      <persName type="variant">Stalin</persName><note>Soviet leader.</note></person>
    <person xml:id="mao"><persName type="normalized">Mao Zedong</persName>
      <persName type="variant">Mao</persName><note>Chinese leader.</note></person>
    <person xml:id="kov-e"><persName type="normalized">E. Kovalev</persName></person>
    <person xml:id="kov-i"><persName type="normalized">Ivan Kovalev</persName></person>
    <person xml:id="orlov" sortKey="Orlov Andrei">
      <persName type="normalized">Andrei Orlov</persName>
      <persName type="variant">Terebin</persName></person>
    <person xml:id="nobody"><persName type="normalized">Never Mentioned</persName></person>
  </listPerson>
  <listPlace>
    <place xml:id="hk"><placeName type="normalized">Hong Kong</placeName>
      <placeName type="variant">Kong Kong</placeName></place>
    <place xml:id="xibaipo"><placeName type="normalized">Xibaipo</placeName></place>
  </listPlace>
</standOff>"""


def tei(body: str, standoff: str = STANDOFF) -> bytes:
    """A small edition whose text is ``body`` (the content of one div)."""
    return (
        f'<TEI xmlns="{TEI_NS}" xml:lang="en">{HEADER}{standoff}'
        f'<text><body><div type="document">{body}</div></body></text></TEI>'
    ).encode()


def render(
    body: str, reading: str = "normalized", *, standoff: str = STANDOFF, **params: object
) -> etree._Element:
    out = transform(STYLESHEET, tei(body, standoff), {"reading": reading, **params})
    return etree.fromstring(out)


def editorial_note(root: etree._Element) -> str:
    """The words of the editorial note (the title verso)."""
    (seq,) = root.xpath(
        "fo:page-sequence[.//fo:block[@id = 'f-editorial-note']]/fo:flow", namespaces=NS
    )
    return words(seq)


def text_flow(root: etree._Element) -> etree._Element:
    """The flow of the text's page sequence (master 'text')."""
    (flow,) = root.xpath("fo:page-sequence[@master-reference='text']/fo:flow", namespaces=NS)
    return flow


BLOCKS = {f"{{{FO}}}{name}" for name in ("block", "list-item-label", "list-item-body")}


def words(el: etree._Element, *, notes: bool = False) -> str:
    """The words under ``el``, blocks apart; footnote bodies only with ``notes``."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag == f"{{{FO}}}footnote-body" and not notes:
            return
        gap = " " if node.tag in BLOCKS else ""
        parts.append(gap + (node.text or ""))
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        parts.append(gap)

    walk(el)
    return " ".join("".join(parts).split())


def running(el: etree._Element) -> str:
    """The words of the running text, without footnote bodies."""
    return words(el)


def footnotes(root: etree._Element) -> list[tuple[str, str]]:
    """(label, words) of every footnote, in order."""
    return [
        ("".join(fn[0].itertext()), words(fn[1], notes=True))
        for fn in root.iter(f"{{{FO}}}footnote")
    ]


def test_parameters_are_typed_and_documented() -> None:
    params = stylesheet_params(STYLESHEET)
    assert params["reading"].type == "xs:string"
    assert params["paper"].type == "xs:string"
    assert params["page-breaks"].type == "xs:boolean"
    assert params["index"].type == "xs:boolean"
    for name in ("paper", "page-breaks", "index"):
        assert params[name].doc, f"parameter {name} has no comment"


@pytest.mark.parametrize(("reading", "grey"), [("normalized", True), ("diplomatic", False)])
def test_supplied_word(reading: str, grey: bool) -> None:
    """Supplied words stand in square brackets in both readings, so that the mark survives
    printing in black and white; the normalized reading also greys the words."""
    root = render('<p>he said <supplied resp="#translator">and</supplied> went</p>', reading)
    flow = text_flow(root)
    assert "he said [and] went" in running(flow)
    greyed = flow.xpath(".//fo:inline[@color][normalize-space() = 'and']", namespaces=NS)
    assert bool(greyed) is grey
    # the brackets themselves are black: the cue does not depend on the grey
    brackets = flow.xpath(".//text()[contains(., '[') or contains(., ']')]", namespaces=NS)
    owners = [t.getparent().getparent() if t.is_tail else t.getparent() for t in brackets]
    assert owners and not any(o.xpath("ancestor-or-self::*/@color") for o in owners)


@pytest.mark.parametrize("reading", ["normalized", "diplomatic"])
def test_doubtful_supplied_word_is_queried(reading: str) -> None:
    body = '<p>then <supplied resp="#translator" cert="low">we</supplied> left</p>'
    assert "then [we?] left" in running(text_flow(render(body, reading)))


def test_abbreviation_expanded_by_the_translator() -> None:
    body = (
        '<p>the <choice><abbr>CC</abbr><expan resp="#translator">Central Committee</expan>'
        '</choice> of the <choice><abbr>Com</abbr><expan resp="#translator">Com<ex '
        'resp="#translator">munist</ex></expan></choice> party met, '
        '<choice><abbr>c.</abbr><expan resp="#edition">comrade</expan></choice> Liu</p>'
    )
    # the translator's words in brackets, this edition's expansion unmarked
    assert "the [Central Committee] of the Com[munist] party met, comrade Liu" in running(
        text_flow(render(body))
    )
    assert "the CC [Central Committee] of the Com[munist] party met, c. Liu" in running(
        text_flow(render(body, "diplomatic"))
    )


PLAIN_SIC = (
    '<p>the city of <placeName ref="#xibaipo"><sic resp="#translator">Sh.....</sic>'
    "</placeName>, which</p>"
)
UNCLEAR = '<p>Zhu De <unclear resp="#translator" cert="low">Taibi</unclear> and</p>'
SIC_WITH_NOTE = (
    '<p>Zhu De <sic resp="#translator">(<unclear resp="#translator" cert="low">Taibi'
    '</unclear>)</sic><note type="editorial" resp="#edition" place="foot">An unidentified '
    "word.</note>, and</p>"
)


@pytest.mark.parametrize(
    ("body", "normalized", "diplomatic", "note"),
    [
        (PLAIN_SIC, "the city of Sh.....s1, which", "the city of Sh..... [sic], which",
         "s1 Source: Sh..... [sic]. —Ed."),
        (UNCLEAR, "Zhu De Taibis1 and", "Zhu De Taibi /?/ and", "s1 Source: Taibi /?/. —Ed."),
    ],
    ids=["sic", "unclear"],
)  # fmt: skip
def test_marked_word_has_a_footnote_with_the_source_reading(
    body: str, normalized: str, diplomatic: str, note: str
) -> None:
    """A word the source marks [sic] or /?/ without correcting it reads as written in the
    normalized reading, and a source note s1 gives the source reading."""
    root = render(body)
    assert normalized in running(text_flow(root))
    assert footnotes(root) == [("s1", note)]
    root = render(body, "diplomatic")
    assert diplomatic in running(text_flow(root))
    assert footnotes(root) == []


def test_editorial_note_after_a_marked_word_gives_its_source_reading() -> None:
    root = render(SIC_WITH_NOTE)
    assert "Zhu De (Taibi)a, and" in running(text_flow(root))
    # one note: the source reading, then the note (the inner /?/ gets no note of its own)
    assert footnotes(root) == [("a", "a Source: (Taibi /?/) [sic]. An unidentified word. —Ed.")]
    root = render(SIC_WITH_NOTE, "diplomatic")
    assert "Zhu De (Taibi /?/) [sic]a, and" in running(text_flow(root))
    assert footnotes(root) == [("a", "a An unidentified word. —Ed.")]


def test_marked_words_in_a_note_read_in_the_note() -> None:
    body = (
        '<p>Here<note type="translator" resp="#translator" place="inline">near <sic '
        'resp="#translator">Sh.....</sic>, not <choice><sic resp="#edition">Kong Kong</sic>'
        '<corr resp="#edition">Hong Kong</corr></choice></note>.</p>'
    )
    root = render(body)
    assert footnotes(root) == [
        ("1", "1 near Sh..... [sic], not Hong Kong [source: Kong Kong]. —Trans.")
    ]


EDITION_CORRECTION = (
    '<p>the colony of <placeName ref="#hk"><choice><sic resp="#edition">Kong Kong</sic>'
    '<corr resp="#edition">Hong Kong</corr></choice></placeName> stayed</p>'
)


def test_correction_has_a_footnote_with_the_source_reading() -> None:
    root = render(EDITION_CORRECTION)
    assert "the colony of Hong Kongs1 stayed" in running(text_flow(root))
    assert footnotes(root) == [("s1", "s1 Source: Kong Kong. —Ed.")]


def test_correction_is_not_shown_in_the_diplomatic_reading() -> None:
    root = render(EDITION_CORRECTION, "diplomatic")
    assert "the colony of Kong Kong stayed" in running(text_flow(root))
    assert footnotes(root) == []


TRANSLATOR_CORRECTION = (
    '<p>we went to <placeName ref="#xibaipo"><choice><sic resp="#translator">Xinxibo</sic>'
    '<corr resp="#translator">Xibaipo</corr></choice></placeName> '
    '<note type="translator" resp="#translator" place="inline">sic, should be '
    '<placeName ref="#xibaipo">Xibaipo</placeName></note>. Then</p>'
)


def test_translator_note_quotes_the_corrected_source() -> None:
    root = render(TRANSLATOR_CORRECTION)
    # the marker follows the word without a space; one numbered note, no lettered one
    assert "we went to Xibaipo1. Then" in running(text_flow(root))
    assert footnotes(root) == [("1", "1 Xinxibo [sic, should be Xibaipo]. —Trans.")]


def test_translator_note_is_bracketed_in_the_diplomatic_reading() -> None:
    root = render(TRANSLATOR_CORRECTION, "diplomatic")
    assert "we went to Xinxibo [sic, should be Xibaipo]. Then" in running(text_flow(root))
    assert footnotes(root) == []


def test_note_series_are_distinct() -> None:
    body = (
        '<p>One<note type="editorial" resp="#edition" place="foot">An edition note.</note> '
        'two <note type="translator" resp="#translator" place="inline">a translator note</note> '
        'three <note type="authorial" resp="#author" place="inline" rend="parens">attached</note>'
        "</p>" + EDITION_CORRECTION
    )
    root = render(body)
    assert footnotes(root) == [
        ("a", "a An edition note. —Ed."),
        ("1", "1 a translator note. —Trans."),
        ("s1", "s1 Source: Kong Kong. —Ed."),
    ]
    # markers follow their word without a space; the author's remark stays in the text
    assert "Onea two1 three (attached)" in running(text_flow(root))
    # the diplomatic reading keeps this edition's notes as footnotes, the rest inline
    root = render(body, "diplomatic")
    assert footnotes(root) == [("a", "a An edition note. —Ed.")]
    assert "Onea two [a translator note] three (attached)" in running(text_flow(root))


@pytest.mark.parametrize(("reading", "mark"), [("normalized", "*   *   *"), ("diplomatic", "***")])
def test_section_break(reading: str, mark: str) -> None:
    root = render('<p>before</p><milestone unit="section" rend="***"/><p>after</p>', reading)
    blocks = text_flow(root).xpath(".//fo:block[@text-align='center']/text()", namespaces=NS)
    assert mark in blocks


def test_page_break_marker_follows_the_parameter() -> None:
    body = "<p>He was afraid lest <pb/>this be</p>"
    flow = text_flow(render(body))
    assert "lest | this be" in running(flow)
    flow = text_flow(render(body, **{"page-breaks": False}))
    assert "lest this be" in running(flow)
    assert "|" not in running(flow)


@pytest.mark.parametrize("reading", ["normalized", "diplomatic"])
def test_gap_at_the_end_is_marked(reading: str) -> None:
    body = (
        '<p>how they manage... <gap reason="missing" resp="#translator"/>'
        '<note type="translator" resp="#translator" place="inline">sic, the remainder of '
        "the document is missing</note>.</p>"
    )
    root = render(body, reading)
    said = running(text_flow(root))
    assert said.endswith("[The remainder of the document is missing.]")
    if reading == "normalized":
        assert "how they manage... […]1." in said
    else:
        assert "how they manage... [sic, the remainder of the document is missing]." in said


def test_headings_opener_and_paragraph_indents() -> None:
    body = (
        '<opener><seg type="version">Version 1</seg><seg type="status">Draft.</seg></opener>'
        '<div type="section"><head>About <placeName ref="#hk">Hong Kong</placeName></head>'
        "<p>First.</p><p>Second.</p></div>"
    )
    flow = text_flow(render(body))
    (head,) = flow.xpath(".//fo:block[starts-with(@id, 'head-')]", namespaces=NS)
    assert running(head) == "About Hong Kong"
    assert head.get("keep-with-next.within-page") == "always"
    segs = flow.xpath(".//fo:block[. = 'Version 1' or . = 'Draft.']", namespaces=NS)
    assert len(segs) == 2
    first, second = flow.xpath(".//fo:block[. = 'First.' or . = 'Second.']", namespaces=NS)
    assert first.get("text-indent") == "0pt"
    assert second.get("text-indent") == "1.5em"


INDEXED = (
    '<p><persName ref="#stalin">Stalin</persName> and <persName ref="#mao">Mao</persName> met; '
    '<persName ref="#stalin">Stalin</persName> spoke to both '
    '<persName ref="#kov-e #kov-i">Kovalevs</persName> and the doctor '
    '<persName ref="#orlov">Terebin</persName>.</p>'
)


def test_index_cites_every_mention() -> None:
    root = render(INDEXED)
    ids = set(root.xpath("//@id"))
    assert {"m-stalin-1", "m-stalin-2", "m-mao-1", "m-kov-e-1", "m-kov-i-1"} <= ids
    (index,) = root.xpath("fo:page-sequence[@master-reference='index']", namespaces=NS)
    entries = {
        running(b).split(",")[0]: b
        for b in index.xpath(".//fo:block[starts-with(@id, 'idx-')]", namespaces=NS)
    }
    # surname first where a one-word variant is the last word or the other words are
    # initials (E. Kovalev); unmentioned entries left out
    assert set(entries) == {"Stalin", "Mao Zedong", "Kovalev", "Ivan Kovalev", "Orlov"}
    stalin = entries["Stalin"]
    assert running(stalin).startswith("Stalin, Joseph")
    assert "Soviet leader." in running(stalin)
    cites = stalin.xpath(".//fo:page-number-citation/@ref-id", namespaces=NS)
    assert cites == ["m-stalin-1", "m-stalin-2"]
    (pages,) = stalin.xpath(".//fo:inline[@role='te:pages']", namespaces=NS)
    assert [p.get("role") for p in pages] == ["te:page", "te:page"]
    # every citation points at an id in the text
    for ref in root.xpath("//fo:page-number-citation/@ref-id", namespaces=NS):
        assert ref in ids
    # filed in alphabetical order
    names = [
        running(b) for b in index.xpath(".//fo:block[starts-with(@id, 'idx-')]", namespaces=NS)
    ]
    assert names == sorted(names, key=str.lower)
    assert names[-2].startswith("Orlov, Andrei (Terebin), ")


def test_index_files_marked_up_names_by_surname() -> None:
    """A name marked up with forename and surname files under the surname, whatever its
    other forms (no sortKey, no one-word variant needed)."""
    standoff = STANDOFF.replace(
        """<person xml:id="orlov" sortKey="Orlov Andrei">
      <persName type="normalized">Andrei Orlov</persName>""",
        """<person xml:id="orlov">
      <persName type="normalized"><forename>Andrei</forename> <surname>Orlov</surname>
      </persName>""",
    ).replace(
        '<persName type="normalized">Ivan Kovalev</persName>',
        '<persName type="normalized"><forename>Ivan</forename> <forename>V.</forename> '
        "<surname>Kovalev</surname></persName>",
    )
    assert "<surname>Orlov</surname>" in standoff and "sortKey" not in standoff
    root = render(INDEXED, standoff=standoff)
    (index,) = root.xpath("fo:page-sequence[@master-reference='index']", namespaces=NS)
    entries = index.xpath(".//fo:block[starts-with(@id, 'idx-')]", namespaces=NS)
    filed = [b.xpath("string(fo:inline[@font-weight = 'bold'])", namespaces=NS) for b in entries]
    assert filed == [
        "Kovalev, E.",
        "Kovalev, Ivan V.",
        "Mao Zedong",
        "Orlov, Andrei",
        "Stalin, Joseph",
    ]
    assert running(entries[3]).startswith("Orlov, Andrei (Terebin), ")


def test_index_can_be_left_out() -> None:
    root = render(INDEXED, index=False)
    assert not root.xpath("fo:page-sequence[@master-reference='index']", namespaces=NS)
    assert not root.xpath("//fo:page-number-citation", namespaces=NS)


def test_title_page_running_heads_and_metadata() -> None:
    root = render("<p>Text.</p>")
    (title,) = root.xpath("fo:page-sequence[@master-reference='title'][1]", namespaces=NS)
    said = words(title)
    for expected in (
        # the author's name as the header gives it: the title page sets no capitals of its own
        "Anastas Mikoyan",
        "A Test of Recollections",
        "Translated from the Russian by Sergey Radchenko",
        "NORMALIZED READING",
        "https://example.org/document/1",
    ):
        assert expected in said
    links = title.xpath(".//fo:basic-link/@external-destination", namespaces=NS)
    assert links == ["url(https://example.org/document/1)"]
    (text,) = root.xpath("fo:page-sequence[@master-reference='text']", namespaces=NS)
    recto = text.xpath("fo:static-content[@flow-name='head-recto']", namespaces=NS)[0]
    verso = text.xpath("fo:static-content[@flow-name='head-verso']", namespaces=NS)[0]
    assert "A TEST OF RECOLLECTIONS" in "".join(recto.itertext())
    assert "ANASTAS MIKOYAN" in "".join(verso.itertext())
    assert recto.xpath(".//fo:page-number", namespaces=NS)
    xmp = {"xmp": "http://ns.adobe.com/xap/1.0/"}
    assert root.xpath("//xmp:CreateDate/text()", namespaces=xmp) == ["2024-05-01T00:00:00Z"]
    # the editorial note names this reading's conventions
    assert "diplomatic reading" in etree.tostring(render("<p>x</p>", "diplomatic"), encoding=str)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"reading": "modern"}, "reading must be 'normalized' or 'diplomatic'"),
        ({"paper": "A5"}, "paper must be 'A4' or 'letter'"),
    ],
)
def test_bad_parameters_are_refused(params: dict[str, str], message: str) -> None:
    with pytest.raises(TeiEditionError) as err:
        transform(STYLESHEET, tei("<p>x</p>"), params)
    assert message in str(err.value)


def test_letter_paper() -> None:
    root = render("<p>x</p>", paper="letter")
    widths = set(root.xpath("//fo:simple-page-master/@page-width", namespaces=NS))
    assert widths == {"215.9mm"}


def test_runs_without_the_project_runner() -> None:
    """fo.xsl is plain XSLT 3.0: Saxon runs it directly, without tei_edition.xslt."""
    from saxonche import PySaxonProcessor

    src = Path(__file__).parent / "fixtures" / "transforms" / "sample.xml"
    with PySaxonProcessor(license=False) as proc:
        xslt = proc.new_xslt30_processor()
        exe = xslt.compile_stylesheet(stylesheet_file=str(STYLESHEET))
        out = exe.transform_to_string(source_file=str(src))
    root = etree.fromstring(out.encode())
    assert root.tag == f"{{{FO}}}root"
    assert "A Sample Recollection" in "".join(root.itertext())


@pytest.mark.parametrize("reading", ["normalized", "diplomatic"])
def test_whole_edition(edition: Path, reading: str) -> None:
    if not edition.is_file():
        pytest.skip("the edition is absent")
    root = etree.fromstring(transform(STYLESHEET, edition, {"reading": reading}))
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids)), "duplicate ids in the XSL-FO"
    for ref in root.xpath("//fo:page-number-citation/@ref-id", namespaces=NS):
        assert ref in ids
    assert not root.xpath("//fo:footnote//fo:footnote", namespaces=NS)
    said = running(text_flow(root))
    assert "The poverty was great, and there were a lot of people." in said
    labels = [label for label, _ in footnotes(root)]
    numbers = [int(x) for x in labels if x.isdigit()]
    letters = [x for x in labels if x.isalpha()]
    sources = [x for x in labels if x.startswith("s") and x[1:].isdigit()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert letters == [chr(ord("a") + i) for i in range(len(letters))]
    assert sources == [f"s{i}" for i in range(1, len(sources) + 1)]
    if reading == "normalized":
        assert "Hong Kong" in said and "Kong Kong" not in said
        assert any("Source: Kong Kong" in body for _, body in footnotes(root))
        assert re.search(r"Xibaipo\d", said)
    else:
        assert "Xinxibo [sic, should be Xibaipo]" in said
        assert numbers == []


def test_editorial_note_says_what_the_normalized_reading_does() -> None:
    body = (
        '<p>he said <supplied resp="#translator" cert="low">and</supplied> went</p>'
        + PLAIN_SIC
        + UNCLEAR
        + EDITION_CORRECTION
    )
    root = render(body)
    note = editorial_note(root)
    assert (
        "Words the translator added stand in square brackets, as in the source, and are "
        "printed in grey, with a question mark where the translator was unsure." in note
    )
    assert "Errors in the source are corrected; a note gives the source reading." in note
    assert (
        "Words the source marks as wrong ([sic]) or uncertain (/?/) but leaves uncorrected "
        "are printed as they stand, and a note gives the source reading." in note
    )
    assert "Notes numbered s1, s2, also this edition’s, give the source’s reading" in note
    assert "lettered" not in note  # no note of this edition's own
    # and it is so: every marked word has a source note with its source reading
    sources = [body for label, body in footnotes(root) if "Source:" in body]
    assert sources == [
        "s1 Source: Sh..... [sic]. —Ed.",
        "s2 Source: Taibi /?/. —Ed.",
        "s3 Source: Kong Kong. —Ed.",
    ]
    # only what the text has is described
    note = editorial_note(render('<p>he said <supplied resp="#translator">and</supplied></p>'))
    assert "printed in grey." in note
    assert "[sic]" not in note and "corrected" not in note and "lettered" not in note
    note = editorial_note(render(UNCLEAR))
    assert "Words the source marks as uncertain (/?/) but leaves uncorrected" in note
    assert "square brackets, as in the source" not in note
    # the diplomatic reading has no grey and no notes on marked words
    note = editorial_note(render(body, "diplomatic"))
    assert "grey" not in note and "source reading" not in note


def test_the_edition_index_files_entries_by_surname_in_order() -> None:
    """The memoir's index of names (entries of the shared register it points to), in the
    order of their filing names: Mel'nikov, Orlov (Andrei), Podovinnikov."""
    from tei_edition.edition.config import edition_register_of
    from tei_edition.resources import bundled_edition

    source = bundled_edition()
    if not source.is_file():
        pytest.skip("the edition is absent")
    fo = transform(
        transform_path("fo.xsl"), source, {"registers": edition_register_of(source)}
    ).decode()
    ids = re.findall(r'<fo:block id="idx-([\w-]+)"', fo)
    persons = ids[: ids.index("zhu-de") + 1]
    assert persons.index("melnikov") < persons.index("orlov") < persons.index("podovinnikov")
    assert persons[0] == "belov" and "stalin" in persons
    # the forms of a name the document uses, not those only the cables use
    start = fo.index('id="idx-stalin"')
    heading = fo[start : fo.index('role="te:pages"', start)]  # name and forms, not the note
    assert "Stalin, Joseph" in heading and "Filippov" not in heading


def test_paragraphs_carry_the_numbers_the_html_gives() -> None:
    """The PDF numbers the text's paragraphs in the margin as the HTML does (the register
    pages cite ¶12): the same paragraphs, the same numbers; not the paragraphs of notes."""
    from tei_edition.edition.config import edition_register_of
    from tei_edition.resources import bundled_edition

    source = bundled_edition()
    if not source.is_file():
        pytest.skip("the edition is absent")
    params = {"registers": edition_register_of(source)}
    fo = etree.fromstring(transform(transform_path("fo.xsl"), source, params))
    html = transform(transform_path("html.xsl"), source, params).decode()
    numbers = fo.xpath("//fo:list-item-label/fo:block[@role = 'te:pnum']/text()", namespaces=NS)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert [f"p{n}" for n in numbers] == re.findall(r'<p class="te-p" id="(p\d+)"', html)
    # each number stands with the words of its paragraph
    (first,) = fo.xpath("//fo:list-block[.//fo:block[@role = 'te:pnum'] = '7']", namespaces=NS)
    assert words(first).startswith("7 The Chinese, of course, gave their agreement")
    root = render(
        '<p>One<note type="translator" resp="#translator" place="inline">'
        "<p>inner</p></note>.</p><p>Two.</p>"
    )
    assert root.xpath("//fo:block[@role = 'te:pnum']/text()", namespaces=NS) == ["1", "2"]
    assert "The small numbers in the margin number the paragraphs" in editorial_note(root)
