"""The reading oracle (tests/reading_oracle.py) on small inputs: each check can fail."""

from __future__ import annotations

import difflib
import itertools
import random
from pathlib import Path

import pytest
from lxml import etree

from tests import reading_oracle as oracle

HEAD = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
    "<title>Header title words</title><author><forename>Anne</forename><surname>Smith"
    "</surname></author></titleStmt><publicationStmt><p>Publisher nobody</p>"
    "</publicationStmt><sourceDesc><p>Source description</p></sourceDesc></fileDesc>"
    "</teiHeader>"
)


def tei(body: str, more: str = "") -> etree._Element:
    return etree.fromstring(f"{HEAD}<text><body>{body}</body></text>{more}</TEI>")


def reading(body: str, which: str = "normalized", more: str = "") -> list[str]:
    return oracle.read(tei(body, more), which).words


def _dp(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
            )
    return table[-1][-1]


# ------------------------------------------------------------------ words


def test_words_fold_case_and_compatibility_forms_and_split_at_punctuation() -> None:
    assert oracle.words("Der ﬁnale GROSSE-Test, don't\u00adstop") == [
        "der", "finale", "grosse", "test", "don", "tstop",
    ]  # fmt: skip
    # decomposed and composed letters are one word; marks are word characters
    assert oracle.words("Gefu\u0308hl") == oracle.words("Gefühl") == ["gefühl"]
    assert oracle.words("Λόγος", marks=False) == ["λογοσ"]  # final sigma folds too


def test_the_text_exports_deletion_marks_are_its_strike_through() -> None:
    # a deletion inside a word: the word whole, as the page's struck letters read
    assert oracle.text_words("hätte[-n-] einen δραμόντα[-ς-]") == ["hätten", "einen", "δραμόντασ"]
    # a deletion standing apart keeps its spaces; brackets of another kind still separate
    assert oracle.text_words("so [-not-] done [sic]") == ["so", "not", "done", "sic"]
    # a deletion set against its neighbour without a space is a word run together
    src = oracle.read(
        oracle.etree.fromstring(
            f'<TEI xmlns="{oracle.TEI_NS}"><text><body><p>so <del>not</del> done</p></body>'
            "</text></TEI>"
        ),
        "diplomatic",
    )
    verdict = oracle.check(src, oracle.text_words("so [-not-]done"))
    assert verdict.joined == ["notdone (not + done)"]


# ------------------------------------------------------------------ LCS


def test_lcs_is_longest_on_random_sequences() -> None:
    rng = random.Random(7)
    for _ in range(200):
        a = [rng.choice("abcde") for _ in range(rng.randint(0, 90))]
        b = [rng.choice("abcdef") for _ in range(rng.randint(0, 110))]
        pairs = oracle.lcs_align(a, b)
        assert len(pairs) == _dp(a, b)
        assert all(a[i] == b[j] for i, j in pairs)
        assert all(p[0] < q[0] and p[1] < q[1] for p, q in itertools.pairwise(pairs))


def test_lcs_finds_what_difflib_drops_on_repetitive_text() -> None:
    """A litany: the same few words over and over. difflib's matching blocks treat the
    frequent words as junk and lose most of them; the LCS keeps all but the one dropped."""
    source = [w for k in range(120) for w in ("ora", "pro", "nobis", f"sancte{k % 7}")]
    export = list(source)
    del export[200]
    blocks = difflib.SequenceMatcher(None, source, export).get_matching_blocks()
    assert sum(b.size for b in blocks) < len(source) - 100
    pairs = oracle.lcs_align(source, export)
    assert len(pairs) == len(source) - 1
    verdict = oracle.check(oracle.Source(words=source, lines=[0] * len(source)), export)
    assert verdict.found == len(source) - 1
    assert verdict.failures() and "lost 1 of 480 words" in verdict.failures()[0]


def test_lcs_is_fast_on_fifty_thousand_words() -> None:
    import time

    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(2000)] + ["the", "and", "of"] * 500
    a = [rng.choice(vocab) for _ in range(50_000)]
    b = list(a)
    for _ in range(300):
        del b[rng.randrange(len(b))]
    for _ in range(3000):
        b.insert(rng.randrange(len(b)), rng.choice(vocab))
    start = time.monotonic()
    assert len(oracle.lcs_align(a, b)) >= len(a) - 300
    assert time.monotonic() - start < 30


def test_a_lost_stretch_is_reported_with_its_context() -> None:
    src = oracle.read(tei("<p>one two three four five six seven</p>"))
    v = oracle.check(src, oracle.words("Title one two six seven"))
    assert v.words == 7 and v.found == 4
    assert v.lost[0]["lost"] == "three four five"
    assert v.lost[0]["before"] == "one two" and v.lost[0]["after"] == "six seven"


# ------------------------------------------------------------------ the reading


def test_the_header_facsimile_and_standoff_are_not_the_reading() -> None:
    more = "<standOff><listPlace><place><placeName>Wien</placeName></place></listPlace></standOff>"
    words = reading("<p>Body words</p>", more=more)
    assert words == ["body", "words"]


def test_choice_and_del_follow_the_reading() -> None:
    body = (
        "<p><choice><sic>teh</sic><corr>the</corr></choice> "
        "<choice><abbr>Dr</abbr><expan>Doctor</expan></choice> "
        "<choice><orig>vnto</orig><reg>unto</reg></choice> gone<del>lost</del></p>"
    )
    assert reading(body) == ["the", "doctor", "unto", "gone"]
    assert reading(body, "diplomatic") == ["teh", "dr", "vnto", "gonelost"]


def test_breaks_blocks_segments_labels_and_gaps_separate_words() -> None:
    body = (
        "<p>one<lb/>two<lb break='no'/>three<pb/>four<gap/>five</p>"
        "<opener><seg rend='left'>Daily Courier</seg><seg rend='right'>Leeds</seg></opener>"
        "<lg><l>end</l><l>start</l></lg>"
        "<eTree><label>S</label><eTree><label>NP</label><eLeaf><label>dogs</label></eLeaf>"
        "</eTree></eTree>"
        "<p><seg rend='decorInit'>T</seg>O me <hi>th</hi>y</p>"
    )
    assert reading(body) == [
        "one", "twothree", "four", "five", "daily", "courier", "leeds", "end", "start",
        "s", "np", "dogs", "to", "me", "thy",
    ]  # fmt: skip


def test_notes_apparatus_registers_and_examples_are_not_running_text() -> None:
    body = (
        "<p>Before<note n='7'>a note <note>inner</note> here</note> after "
        "<app><lem>lemma</lem><rdg wit='#B'>variant words</rdg></app> done</p>"
        "<p>Example<egXML xmlns='http://www.tei-c.org/ns/Examples'><p>markup</p></egXML></p>"
    )
    back = (
        "<back><listPerson><person><persName><forename>Anne</forename><surname>Smith"
        "</surname></persName><birth>1866-07-11</birth></person></listPerson></back>"
    )
    src = oracle.read(etree.fromstring(f"{HEAD}<text><body>{body}</body>{back}</text></TEI>"))
    assert src.words == ["before", "after", "lemma", "done", "example"]
    kinds = [(s.kind, s.words) for s in src.stretches]
    assert ("note", ["a", "note", "here"]) in kinds
    assert ("note", ["inner"]) in kinds
    assert ("apparatus", ["variant", "words"]) in kinds
    entry = next(s for s in src.stretches if s.kind == "entry")
    assert entry.wanted() == ["anne", "smith"]
    assert entry.words == ["anne", "smith", "1866", "07", "11"]


def test_a_note_inside_a_word_leaves_it_whole() -> None:
    """A note is no word boundary: the text runs on around it as the source has it."""
    body = "<p>duryojam, ā<anchor xml:id='x'/><note>Folio 13 ends.</note>tmani ca</p>"
    src = oracle.read(etree.fromstring(f"{HEAD}<text><body>{body}</body></text></TEI>"))
    assert src.words == ["duryojam", "ātmani", "ca"]
    assert [s.words for s in src.stretches] == [["folio", "13", "ends"]]


def test_a_span_pointing_nowhere_holds_the_texts_words() -> None:
    body = (
        "<p>ava<span type='script'>stu</span>no and <span from='#a' to='#b'>a remark</span>"
        "<spanGrp><span>another</span></spanGrp> end</p>"
    )
    src = oracle.read(etree.fromstring(f"{HEAD}<text><body>{body}</body></text></TEI>"))
    assert src.words == ["avastuno", "and", "end"]


def test_notes_inside_sourcedoc_are_collected() -> None:
    doc = etree.fromstring(
        f"{HEAD}<sourceDoc><surface><zone><line>First line<note>marginal gloss</note></line>"
        "<line>second</line></zone></surface></sourceDoc></TEI>"
    )
    src = oracle.read(doc)
    assert src.words == ["first", "line", "second"]
    assert [s.words for s in src.stretches] == [["marginal", "gloss"]]


def test_local_xincludes_are_resolved_and_others_give_their_fallback(tmp_path: Path) -> None:
    (tmp_path / "part.xml").write_text(
        '<div xmlns="http://www.tei-c.org/ns/1.0"><p>included words</p></div>', "utf-8"
    )
    doc = tmp_path / "doc.xml"
    doc.write_text(
        f'{HEAD}<text><body xmlns:xi="http://www.w3.org/2001/XInclude"><p>own</p>'
        '<xi:include href="part.xml"/>'
        '<xi:include href="https://example.invalid/x.xml"><xi:fallback><p>fallback</p>'
        "</xi:fallback></xi:include></body></text></TEI>",
        "utf-8",
    )
    assert oracle.read(oracle.load(doc)).words == ["own", "included", "words", "fallback"]


# ------------------------------------------------------------------ the checks


def test_a_lost_note_and_a_lost_apparatus_entry_are_missing() -> None:
    src = oracle.read(
        tei(
            "<p>Text<note>the footnote words</note> and <app><lem>this</lem>"
            "<rdg>that other</rdg></app></p>"
        )
    )
    whole = oracle.check(
        src, oracle.words("Text and this. Notes: a the footnote words. that other B")
    )
    assert whole.failures() == []
    without = oracle.check(src, oracle.words("Text and this. that other"))
    assert [m["kind"] for m in without.missing] == ["note"]
    assert any("1 note missing" in f for f in without.failures())
    hidden = oracle.check(src, oracle.words("Text and this. Notes: the footnote words."))
    assert [m["kind"] for m in hidden.missing] == ["apparatus"]


def test_a_note_scattered_across_the_export_is_not_found() -> None:
    wanted = ["alpha", "beta", "gamma"]
    far = ["alpha", *(["x"] * 30), "beta", "gamma"]
    near = ["x", "alpha", "beta", "y", "gamma"]
    assert not oracle.find_stretch(wanted, far, oracle.word_index(far))
    assert oracle.find_stretch(wanted, near, oracle.word_index(near))


def test_two_words_run_together_fail_whatever_the_coverage() -> None:
    src = oracle.read(
        tei("<opener><seg>Daily Courier</seg><seg>Leeds, 3 May</seg></opener><p>Courier</p>")
    )
    # every word is found (the export repeats them), yet two are given as one
    got = oracle.words("Daily CourierLeeds, 3 May. Daily Courier Leeds 3 May Courier")
    v = oracle.check(src, got)
    assert v.found == v.words
    assert v.joined == ["courierleeds (courier + leeds)"]
    assert any("run together" in f for f in v.failures())


def test_a_word_the_document_has_is_not_a_run_together() -> None:
    src = oracle.read(tei("<p>some where</p><p>somewhere</p>"))
    assert oracle.check(src, oracle.words("some where somewhere")).joined == []


def test_header_names_run_together_fail() -> None:
    src = oracle.read(tei("<p>Body</p>"))
    assert ["anne", "smith"] in src.header
    assert oracle.check(src, oracle.words("AnneSmith Body")).joined == ["annesmith (anne + smith)"]


def test_a_one_letter_pair_counts_only_where_the_alignment_puts_it() -> None:
    src = oracle.read(tei("<p>before a b after</p><p>x</p>"))
    assert oracle.check(src, oracle.words("before ab after x")).joined == ["ab (a + b)"]
    # elsewhere in the page (a heading 'Ab'), it is not this pair
    assert oracle.check(src, oracle.words("Ab before a b after x")).joined == []


def test_pdf_text_joins_hyphens_and_sets_note_marks_apart() -> None:
    vocab = {"wissenschaften", "so", "ist", "gefühl", "head", "of", "state"}
    text = "der Wis-\nsenschaften head-\nof-state sob ist Gef \u0308\nuhl Ein2\nfall"
    got = oracle.pdf_text_words(text, vocab, {"b"})
    assert got.words == [
        "der", "wissenschaften", "head", "of", "state", "so", "b", "ist", "gefuhl", "ein2",
        "fall",
    ]  # fmt: skip
    broken = oracle.pdf_text_words("System der Wis2\nsenschaften", vocab)
    assert broken.words == ["system", "der", "wissenschaften"]
    assert broken.broken_hyphens == ["Wis2|senschaften"]
    # a formula at a line's end is no hyphen; where the reading has both the compound and
    # its halves side by side, both are offered
    assert oracle.pdf_text_words("SO2\nsound", {"so2", "sound", "so"}).words == ["so2", "sound"]
    both = oracle.pdf_text_words("a rose-\nbud", {"rosebud"}, pairs={("rose", "bud")})
    assert both.words == ["a", "rosebud", "rose", "bud"]


def test_pdf_text_a_hyphenated_word_may_carry_marks() -> None:
    """A word broken at a line end whose second half carries its note's raised mark, and a
    word with two raised marks in a row (an apparatus entry's and a note's)."""
    vocab = {"vor", "schutzzollsistem", "abzuhalten", "πήρωσις", "γὰρ"}
    got = oracle.pdf_text_words("vor Schutzzollsis-\ntemt\nabzuhalten", vocab, {"t"})
    assert got.words == ["vor", "schutzzollsistem", "t", "abzuhalten"]
    got = oracle.pdf_text_words("πήρωσιςv213b γὰρ", vocab, {"v213", "b"})
    assert got.words == ["πηρωσισ", "v213", "b", "γαρ"]
    # without the marks being raised, nothing is split or joined
    got = oracle.pdf_text_words("vor Schutzzollsis-\ntemt", vocab)
    assert got.words == ["vor", "schutzzollsis", "temt"]


def test_a_hyphenated_word_goes_on_after_the_page_foot() -> None:
    got = oracle.pdf_text_words("lines 1 and 2, sug-\na Note. —Ed.\n3\n\fgests that", {"suggests"})
    assert "suggests" in got.words and "sug" not in got.words


# ------------------------------------------------------------------ the browser


@pytest.mark.browser
def test_hidden_text_and_tooltips_are_not_read(tmp_path: Path) -> None:
    from web_tools import find_chromium

    find_chromium()
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><style>.tip{display:none}.gone{visibility:hidden}"
        "</style></head><body><p>Visible <span class='tip'>tooltip variant</span>words"
        "<a href='#n1'><sup>a</sup></a></p><p class='gone'>hidden paragraph</p>"
        "<div>block</div><div>next</div></body></html>",
        "utf-8",
    )
    with oracle.Browser(tmp_path) as browser:
        text = browser.inner_text(page)
    got = oracle.words(text)
    assert got == ["visible", "words", "a", "block", "next"]
    src = oracle.read(tei("<p>Visible <choice><sic>x</sic><corr>tooltip</corr></choice> words</p>"))
    v = oracle.check(src, got)
    assert v.lost and v.lost[0]["lost"] == "tooltip"


def test_an_apparatus_in_a_listapp_is_not_running_text() -> None:
    """A location-referenced or double-end-point entry in a listApp: each reading an entry."""
    body = (
        "<p>The <anchor xml:id='s'/>quick fox<anchor xml:id='e'/> ran.</p>"
        "<listApp><app from='#s' to='#e'><lem>quick fox</lem><rdg wit='#B'>quack</rdg></app>"
        "<app loc='2'><rdg source='#ed'>[ἐν καιρ]οῖς</rdg></app></listApp>"
    )
    src = oracle.read(etree.fromstring(f"{HEAD}<text><body>{body}</body></text></TEI>"))
    assert src.words == ["the", "quick", "fox", "ran"]
    assert [(s.kind, s.words) for s in src.stretches] == [
        ("apparatus", ["quick", "fox"]),
        ("apparatus", ["quack"]),
        ("apparatus", oracle.words("ἐν καιρ οῖς")),
    ]


def test_pdf_text_a_page_head_is_no_part_of_a_hyphenated_word() -> None:
    """The next page's head ('14 DINGLERS …', its number like a raised mark) between a
    word's halves: the word goes on after it."""
    text = "als der größten voraus-\n\f14 DINGLERS JOURNAL\nsichtlichen Druck"
    got = oracle.pdf_text_words(text, {"voraussichtlichen", "voraus", "größten"}, {"1", "4"})
    assert got.words[3:5] == ["voraussichtlichen", "14"]


def test_pdf_text_a_hyphenated_word_with_an_accent_given_apart() -> None:
    """pdftotext may give 'ä' as 'a' and a combining diaeresis: the word's first half is
    still the letters before the hyphen."""
    got = oracle.pdf_text_words("und sta\u0308d-\ntischen Behörden", {"städtischen", "behörden"})
    assert got.words == ["und", "stadtischen", "behorden"]


def test_pdf_text_a_word_broken_twice_in_a_narrow_column() -> None:
    vocab = {"zusammensetzung", "alter", "aluminiumbronzeanstrich", "aluminium"}
    got = oracle.pdf_text_words("Zusam-\nmenset-\nzung\nAlter Alu-\nminium-\nbronzeanstrich", vocab)
    assert got.words == ["zusammensetzung", "alter", "aluminiumbronzeanstrich"]
    # halves that begin no word of the source stay apart
    assert oracle.pdf_text_words("Zusam-\nmenxy-\nzung", vocab).words == ["zusam", "menxy", "zung"]


def test_pdf_text_a_word_with_a_shifted_part_inside() -> None:
    """pdftotext -raw ends a line after a subscript or superscript: the word goes on."""
    vocab = {"spuren", "von", "h2so4", "im", "kcal", "m2h", "m2", "aus"}
    text = "Spuren von H2\nSO4\nim Liter kcal/m2\nh aus tad\napi"
    inner = {"h2so4", "m2h"}
    vocab |= {"tad", "api", "tadapi"}
    got = oracle.pdf_text_words(text, vocab, {"2", "4", "d"}, inner=inner)
    assert got.words == [
        "spuren", "von", "h2so4", "im", "liter", "kcal", "m2h", "aus", "tad", "api",
    ]  # fmt: skip
    # only words the FO sets so: without them, the lines stay apart
    got = oracle.pdf_text_words("von H2\nSO4", vocab, {"2", "4"})
    assert got.words == ["von", "h2", "so4"]


def test_the_words_an_fo_sets_with_a_shifted_part_inside(tmp_path: Path) -> None:
    fo = tmp_path / "x.fo"
    fo.write_text(
        '<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format"><fo:block>Spuren von H'
        '<fo:inline baseline-shift="sub">2</fo:inline>SO<fo:inline baseline-shift="sub">4'
        "</fo:inline> in kcal/m<fo:inline baseline-shift='super'>2</fo:inline>h, a word"
        "<fo:inline baseline-shift='super'>a</fo:inline> noted.</fo:block></fo:root>",
        encoding="utf-8",
    )
    assert oracle.shifted_inside(fo) == {"h2so4", "m2h"}


def test_a_script_without_spaces_is_compared_letter_by_letter() -> None:
    """Chinese and Japanese have no visible word boundary: each letter is a word, so a line
    wrapped anywhere (the page's or the encoder's) splits nothing."""
    assert oracle.words("人にくまれ abc漢字") == ["人", "に", "く", "ま", "れ", "abc", "漢", "字"]
    src = oracle.read(
        etree.fromstring(
            f"{HEAD}<text><body><p>我はかく人に<lb/>にくまれても</p></body></text></TEI>"
        )
    )
    wrapped = oracle.pdf_text_words("我はかく\n人ににくまれても", src.vocabulary)
    verdict = oracle.check(src, wrapped.words, marks=False)
    assert verdict.failures() == []
    assert oracle.check(src, oracle.words("我はかく人ににくまれて")).failures()  # "も" lost


def test_pdf_text_a_word_and_its_marks_split_the_fewest_ways() -> None:
    vocab = {"das", "dass", "mönchtum", "gospoda", "mohoriča", "mohorič", "1"}
    marks = {"1", "6", "16", "s16", "u", "au", "b", "y", "by"}
    pairs = {("das", "monchtum")}
    got = oracle.pdf_text_words("Dass16\nMönchtum gospoda Mohoričau 1by", vocab, marks, pairs)
    assert got.words == [
        "das", "s16", "monchtum", "gospoda", "mohorica", "u", "1", "by",
    ]  # fmt: skip


def test_pdf_text_a_mark_ending_a_word_joins_nothing() -> None:
    """A mark apart from its letter rejoins a word's halves; a word ending in its own marks
    before a space is whole (``أُنزِلَ إِلَيۡكُم`` is not ``لإ`` split, though ``لا`` is a
    word of the source; ``कहौं ति`` is not ``कहति``)."""
    vocab = {"لا", "انزل", "اليكم", "mohoriča", "कहौं", "ति", "कहति"}
    got = oracle.pdf_text_words("أُنزِلَ إِلَيۡكُم Mohori \u030cca कहौं ति", vocab)
    assert got.words == ["انزل", "اليكم", "mohorica", *oracle.strip_marks(["कहौं", "ति"])]


def test_pdf_text_the_devanagari_vowel_sign_i_goes_after_its_consonant() -> None:
    """FOP's text layer gives ि in the order it is drawn: before its consonant or conjunct."""
    vocab = {"लिख", "शिव", "कृष्णि", "श्रीशिव"}
    got = oracle.pdf_text_words("िलख िशव कृिष्ण श्रीिशव", vocab)
    assert got.words == oracle.strip_marks(["लिख", "शिव", "कृष्णि", "श्रीशिव"])
    assert oracle.pdf_text_words("लिख", vocab).words != oracle.strip_marks(["लिख"])


def test_a_reading_with_right_to_left_letters_is_read_in_its_order() -> None:
    assert oracle.right_to_left(["kitāb", "كتاب"])
    assert oracle.right_to_left(["ܟܬܒܐ"])
    assert not oracle.right_to_left(["kitāb", "книга", "शिव"])


def test_pdf_text_a_source_hyphen_at_a_page_end_is_no_broken_word() -> None:
    """A line ending in a hyphen of the source's (al-Baṣrī) goes on at the next line, on
    the same page: no word after the page's foot is joined to it (al- and S. 130 are not
    "als")."""
    vocab = {"al", "basri", "als", "s", "130", "died", "181"}
    text = "al-\nBaṣrī, died\n\fLIST 181\nS. 130"
    got = oracle.pdf_text_words(text, vocab, pairs={("al", "basri")})
    assert got.words[:3] == ["al", "basri", "died"]


def _bbox(*words: tuple[float, float, str]) -> str:
    """A page of ``pdftotext -raw -bbox``: words (left, right, text), drawn 10 high."""
    rows = "".join(
        f'<word xMin="{x0}" yMin="100" xMax="{x1}" yMax="110">{text}</word>'
        for x0, x1, text in words
    )
    return f'<html xmlns="http://www.w3.org/1999/xhtml"><body><doc><page>{rows}</page></doc></body></html>'


def test_a_right_to_left_line_is_read_from_its_words_boxes() -> None:
    """The text layer gives a right-to-left word as drawn (its letters from the left), cut
    where FOP places a vowel mark over it; the words are read back whole and in order."""
    # "see كتاب جِديد a": drawn ﺪﻳﺪ ِ ﺟ ﺏﺎﺘﻛ, the second word cut at its kasra
    drawn = _bbox(
        (0, 20, "see"),
        (25, 35, "\ufeaa\ufef3\ufeaa"),
        (35, 38, "\u0650"),
        (37, 40, "\ufe9f"),
        (43, 60, "\ufe8f\ufe8e\ufe98\ufedb"),
        (62, 64, "a"),
    )
    assert oracle.words(oracle.bidi_lines(drawn)) == ["see", "كتاب", "جديد", "a"]
    # on a page laid out from the right, the line is read from the right, a number kept
    assert oracle.bidi_lines(_bbox((0, 10, "12"), (13, 30, "باتك")), rtl=True) == "كتاب 12"
    # a narrow gap that a letter joining none leaves inside a word (Syriac ܙ in ܟܠ ܙܢܐ,
    # drawn ܐܢ ܙ ܠܟ): one word where the source has it, else the pieces apart
    syriac = _bbox((0, 10, "ܐܢ"), (11.5, 13, "ܙ"), (16, 26, "ܠܟ"))
    assert oracle.bidi_lines(syriac, vocabulary={"ܙܢܐ", "ܟܠ"}) == "ܟܠ ܙܢܐ"
    assert oracle.bidi_lines(syriac) == "ܟܠ ܙ ܢܐ"
