"""Each encoding convention of edition/README.md, in both readings, through the stylesheets.

A TEI fragment goes in; the plain-text export's body must read exactly as expected, and
the HTML page must show the same words in each reading (its note numbers aside).
"""

from __future__ import annotations

import re

import pytest

from test_export_support import (
    html_tree,
    html_visible,
    render_html,
    render_text,
    tei,
    text_body,
    text_parts,
)

T = 'resp="#translator"'
E = 'resp="#edition"'
A = 'resp="#author"'

# (name, TEI fragment inside a <p>, normalized reading, diplomatic reading)
CASES = [
    (
        "supplied",
        f"in the <supplied {T}>military</supplied> district",
        "in the military district",
        "in the [military] district",
    ),
    (
        "supplied-doubtful",
        f'when <supplied {T} cert="low">we</supplied> were',
        "when we were",
        "when [we?] were",
    ),
    (
        "supplied-in-name",
        f'by <persName ref="#malenkov"><supplied {T}>Georgii</supplied> Malenkov</persName>.',
        "by Georgii Malenkov.",
        "by [Georgii] Malenkov.",
    ),
    (
        "abbr-translator",
        f"the <choice><abbr>CC</abbr><expan {T}>Central Committee</expan></choice> met",
        "the Central Committee met",
        "the CC [Central Committee] met",
    ),
    (
        "abbr-ex",
        f"the Chinese <choice><abbr>Com</abbr><expan>Com<ex {T}>munist</ex></expan></choice> Party",
        "the Chinese Communist Party",
        "the Chinese Com[munist] Party",
    ),
    (
        "abbr-edition",
        f"take <choice><abbr>c.</abbr><expan {E}>comrade</expan></choice> Fedorenko",
        "take comrade Fedorenko",
        "take c. Fedorenko",
    ),
    (
        "sic-alone",
        f"the city of <sic {T}>Sh.....</sic>, which",
        "the city of Sh.....[s1], which",
        "the city of Sh..... [sic], which",
    ),
    (
        "sic-corr-note",
        'at <placeName ref="#xibaipo"><choice><sic '
        f"{T}>Xinxibo</sic><corr "
        f"{T}>Xibaipo</corr></choice></placeName><note "
        f'type="translator" {T} place="inline">sic, should be '
        "Xibaipo</note>. This",
        "at Xibaipo[1]. This",
        "at Xinxibo [sic, should be Xibaipo]. This",
    ),
    (
        "corr-doubtful",
        f'time <choice><sic {T}>Taiyuqin</sic><corr {T} cert="low">Taiyuan</corr></choice> was',
        "time Taiyuan[s1] was",
        "time Taiyuqin was",
    ),
    (
        "edition-slip",
        f"of <choice><sic {E}>Kong Kong</sic><corr {E}>Hong Kong</corr></choice>, they",
        "of Hong Kong[s1], they",
        "of Kong Kong, they",
    ),
    (
        "foreign-gloss",
        'regular <term xml:id="g1">living pattern</term> <foreign '
        f'xml:lang="ru-Latn" {T} corresp="#g1">rezhim</foreign>, '
        "which",
        "regular living pattern (rezhim), which",
        "regular living pattern [rezhim], which",
    ),
    (
        "unclear",
        f'Zhu De (<unclear {T} cert="low">Taibi</unclear>) and',
        "Zhu De (Taibi[s1]) and",
        "Zhu De (Taibi /?/) and",
    ),
    (
        "authorial-note",
        f'a telegram <note type="authorial" {A} place="inline" '
        'rend="parens">attached</note>, where',
        "a telegram (attached), where",
        "a telegram (attached), where",
    ),
    (
        "editorial-note",
        '<persName ref="#malenkov">Malenkov</persName><note type="editorial" '
        f'{E} place="foot">Not certain.</note> wrote',
        "Malenkov[a] wrote",
        "Malenkov wrote",
    ),
    (
        "gap",
        f'how they manage... <gap reason="missing" {T}/><note '
        f'type="translator" {T} place="inline">sic, the '
        "remainder of the document is missing</note>.",
        "how they manage... [...][1].",
        "how they manage... [sic, the remainder of the document is missing].",
    ),
    (
        "page-break",
        "He was afraid lest <pb/>this be",
        "He was afraid lest this be",
        "He was afraid lest this be",
    ),
    (
        "orig-reg",
        "an <choice><orig>olde</orig><reg>old</reg></choice> word",
        "an old word",
        "an olde word",
    ),
    (
        "nested-names",
        'the <orgName ref="#politburo"><orgName '
        f'ref="#cc"><choice><abbr>CC</abbr><expan {T}>Central '
        "Committee</expan></choice></orgName> Politburo</orgName> met",
        "the Central Committee Politburo met",
        "the CC [Central Committee] Politburo met",
    ),
    (
        "date",
        'on <date when="1949-01-14">January 14, 1949</date> Stalin',
        "on January 14, 1949 Stalin",
        "on January 14, 1949 Stalin",
    ),
    (
        "unknown-element",
        "kept <blorp>unknown words</blorp> here",
        "kept unknown words here",
        "kept unknown words here",
    ),
    (
        "corr-word-note",
        f"with a <choice><sic {T}>Beijing</sic><corr {T}>Hunan</corr></choice> dialect "
        f'<note type="translator" {T} place="inline">sic, in fact Hunan</note>, and',
        "with a Hunan dialect[1], and",
        "with a Beijing dialect [sic, in fact Hunan], and",
    ),
    (
        "sic-edition",
        f"a <sic {E}>teh</sic> word",
        "a teh word",
        "a teh word",
    ),
    (
        "sic-editorial-note",
        f'Zhu De <sic {T}>(<unclear {T} cert="low">Taibi</unclear>)</sic><note '
        f'type="editorial" {E} place="foot">Unidentified.</note>, and',
        "Zhu De (Taibi)[a], and",
        "Zhu De (Taibi /?/) [sic], and",
    ),
]

IDS = [c[0] for c in CASES]


@pytest.mark.parametrize(("name", "fragment", "normalized", "diplomatic"), CASES, ids=IDS)
def test_text_readings(name: str, fragment: str, normalized: str, diplomatic: str) -> None:
    doc = tei(fragment)
    assert text_body(render_text(doc, "normalized")) == normalized
    assert text_body(render_text(doc, "diplomatic")) == diplomatic


# The plain text's endnote for each case that has one: the normalized reading gives every
# source reading it replaces in a note (the source's words first, as the source prints them).
SOURCE_NOTES = {
    "sic-alone": "[s1] Source: Sh..... [sic].",
    "sic-corr-note": "[1] Xinxibo [sic, should be Xibaipo]",
    "corr-doubtful": "[s1] Source: Taiyuqin (correction doubtful).",
    "edition-slip": "[s1] Source: Kong Kong.",
    "unclear": "[s1] Source: Taibi /?/.",
    "editorial-note": "[a] Not certain.",
    "gap": "[1] sic, the remainder of the document is missing",
    "corr-word-note": "[1] Beijing dialect [sic, in fact Hunan]",
    "sic-editorial-note": "[a] Source: (Taibi /?/) [sic]. Unidentified.",
}


@pytest.mark.parametrize(("name", "fragment"), [c[:2] for c in CASES], ids=IDS)
def test_text_endnotes_give_the_source_readings(name: str, fragment: str) -> None:
    parts = text_parts(render_text(tei(fragment), "normalized"))
    notes = [
        " ".join(line.split())
        for line in (parts[2] if len(parts) > 2 else "").split("\n\n")
        if line.startswith("[")
    ]
    assert notes == ([SOURCE_NOTES[name]] if name in SOURCE_NOTES else [])


NOTE_MARK = re.compile(r"\[(\d+|[a-z]|s\d+)\]")


@pytest.mark.parametrize(("name", "fragment", "normalized", "diplomatic"), CASES, ids=IDS)
def test_html_readings(name: str, fragment: str, normalized: str, diplomatic: str) -> None:
    doc = tei(fragment)
    for initial in ("normalized", "diplomatic"):
        page = render_html(doc, initial)
        # both readings are in every page; the initial one only sets a class
        assert html_visible(page, "normalized") == NOTE_MARK.sub("", normalized).replace(
            "[...]", "[…]"
        )
        assert html_visible(page, "diplomatic") == diplomatic


def test_section_break_between_paragraphs() -> None:
    doc = tei('<p>One.</p><milestone unit="section" rend="***"/><p>Two.</p>', wrap_p=False)
    assert text_body(render_text(doc, "normalized")) == "One. * * * Two."
    assert text_body(render_text(doc, "diplomatic")) == "One. *** Two."
    page = html_tree(render_html(doc))
    assert page.xpath("//article//hr[contains(@class, 'te-section')][contains(@class, 'te-n')]")
    assert page.xpath("//article//p[contains(@class, 'te-d')]/text()") == ["***"]


def test_line_break_splits_lines() -> None:
    out = render_text(tei("first line<lb/>second line"), width=0)
    assert "first line\nsecond line" in out
    assert "<br>" in render_html(tei("first line<lb/>second line"))


def _one(page, xpath: str):
    found = page.xpath(xpath)
    assert len(found) == 1, (xpath, found)
    return found[0]


def test_html_intervention_markup() -> None:
    # the sic-corr-note case without its place name: the intervention is focusable
    fragment = re.sub(r"</?placeName[^>]*>", "", CASES[7][1])
    page = html_tree(render_html(tei(fragment)))
    alt = _one(page, "//article//span[contains(@class, 'te-alt')]")
    assert alt.get("class").split() == ["te-alt", "te-correction", "te-by-translator"]
    assert alt.get("tabindex") == "0"
    tip = _one(alt, "span[@role='tooltip']")
    assert alt.get("aria-describedby") == tip.get("id")
    assert tip.xpath("string(span[@class='tip-what'])") == "Corrected by the translator"
    assert tip.xpath("string(span[@class='te-n'])") == "Source: “Xinxibo”"
    assert tip.xpath("string(span[@class='te-d'])") == "Normalized: “Xibaipo”"
    # the note: a numbered marker in one reading, the bracketed text in the other
    ref = _one(page, "//article//a[contains(@class, 'te-noteref')]")
    assert ref.get("href") == "#note-t1" and ref.get("id") == "noteref-t1"
    assert ref.getparent().get("class") == "te-n"
    inline = _one(page, "//article//span[contains(@class, 'te-note-inline')]")
    assert inline.getparent().get("class") == "te-d"
    note = _one(page, "//li[@id='note-t1']")
    assert "sic, should be Xibaipo" in note.text_content()
    assert note.xpath(".//a[@class='back']/@href") == ["#noteref-t1"]


def test_html_doubtful_and_edition_classes() -> None:
    page = html_tree(render_html(tei(CASES[1][1] + " " + CASES[5][1])))
    classes = [a.get("class") for a in page.xpath("//article//span[contains(@class, 'te-alt')]")]
    assert classes == [
        "te-alt te-supplied te-by-translator te-doubtful",
        "te-alt te-abbreviation te-by-edition",
    ]


def test_html_names_link_to_index_and_back() -> None:
    page = html_tree(render_html(tei(CASES[17][1])))  # nested names
    links = page.xpath("//article//a[contains(@class, 'te-name')]")
    assert [a.get("href") for a in links] == ["#idx-politburo"]
    assert links[0].get("id") == "m-politburo-1"
    # the inner name cannot be a link inside a link: it keeps an id for the index
    inner = _one(page, "//article//span[contains(@class, 'te-nested')]")
    assert inner.get("id") == "m-cc-1"
    # an intervention inside a link is not separately focusable (the link is)
    assert page.xpath("//article//a//span[contains(@class, 'te-alt')]")
    assert not page.xpath("//a//*[@tabindex]")
    entry = _one(page, "//li[@id='idx-cc']")
    assert entry.xpath(".//a[@class='back']/@href") == ["#m-cc-1"]
    assert entry.xpath(".//a[@class='back']/text()") == ["¶1"]


def test_html_foreign_has_lang_and_gloss_tooltip() -> None:
    page = html_tree(render_html(tei(CASES[10][1])))
    foreign = page.xpath("//article//i[@lang='ru-Latn']")
    assert [f.text for f in foreign] == ["rezhim", "rezhim"]  # one per reading
    what = page.xpath("string(//article//span[@role='tooltip']/span[@class='tip-what'])")
    assert what == (
        "Russian (transliterated) word of the original, given by the translator"
        " for “living pattern”"
    )


def test_html_date_is_time_element() -> None:
    page = html_tree(render_html(tei(CASES[18][1])))
    assert page.xpath("//article//time/@datetime") == ["1949-01-14"]
    vague = html_tree(
        render_html(tei('<date notBefore="1948-11-01" notAfter="1948-12-31">late 1948</date>'))
    )
    assert vague.xpath("//article//span[@class='te-date']/@title") == [
        "not before 1948-11-01, not after 1948-12-31"
    ]


def test_html_gap_is_marked_in_normalized_reading_only() -> None:
    page = html_tree(render_html(tei(CASES[14][1])))
    gap = _one(page, "//article//span[@class='te-gap']")
    assert gap.getparent().get("class") == "te-n"
    assert gap.get("tabindex") == "0"
    assert (
        gap.xpath("string(span[@role='tooltip'])")
        == "The text is missing here (recorded by the translator)"
    )


def test_unsafe_link_targets_are_not_links() -> None:
    page = html_tree(render_html(tei(
        '<ref target="javascript:alert(1)">bad</ref> <ref target="https://example.org/">good</ref>'
    )))  # fmt: skip
    assert page.xpath("//article//a/@href") == ["https://example.org/"]
    assert "bad" in page.xpath("string(//article)")


def test_bad_reading_is_an_error() -> None:
    from tei_edition.issues import TeiEditionError

    with pytest.raises(TeiEditionError, match="reading must be 'normalized' or 'diplomatic'"):
        render_text(tei("x"), "both")


@pytest.mark.parametrize("spaces", [1, 63, 64, 65, 129, 200])
def test_note_mark_follows_its_word_after_any_run_of_white_space(spaces: int) -> None:
    # only the end of a text is read for its trailing white space, 64 characters at a time
    note = f'<note type="translator" {T} place="inline">a note</note>'
    doc = tei("the city" + " " * (spaces - 1) + "\n" + note + " stood")
    assert text_body(render_text(doc, "normalized")) == "the city[1] stood"
    assert text_body(render_text(doc, "diplomatic")) == "the city [a note] stood"
    assert 'the city<span class="te-d"> </span><span class="te-n"><a class="te-noteref' in (
        render_html(doc)
    )


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        # the text on either side of the break is read at its edge, inside an element too
        ('<hi rend="italic">many words</hi><pb n="5"/>next', '</i> <span class="te-pb'),
        ('<hi rend="italic">many words </hi><pb n="5"/>next', '</i><span class="te-pb'),
        ('one<pb n="5"/><hi rend="italic">next</hi>', 'one <span class="te-pb'),
        ('one<pb n="5"/><hi rend="italic"> next</hi>', 'one<span class="te-pb'),
        (
            '<hi rend="italic">many <hi rend="bold">words</hi></hi><pb n="5"/>next',
            '</b></i> <span class="te-pb',
        ),
        (
            '<hi rend="italic">many <hi rend="bold">words </hi></hi><pb n="5"/>next',
            '</b></i><span class="te-pb',
        ),
        # the space before an empty element at the end counts
        ('<hi rend="italic">many <lb/></hi><pb n="5"/>next', '</i><span class="te-pb'),
    ],
)
def test_page_break_keeps_words_apart_once(fragment: str, expected: str) -> None:
    page = render_html(tei(fragment))
    assert expected in page
    assert text_body(render_text(tei(fragment), "normalized")).split() == [
        w for w in ("many", "words", "one", "next") if w in fragment
    ]
