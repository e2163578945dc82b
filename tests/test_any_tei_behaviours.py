"""Behaviours of the stylesheets on TEI of any editor: each on a small document of its own
and on a real document of ../shared/corpus or ../shared/corpus2 that shows it."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import unicodedata
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest

from tei_edition import TEI_NS
from tei_edition.issues import Issue, TeiEditionError
from tei_edition.resources import transform
from tei_edition.transform.export import export
from tei_edition.xslt import transform_to_string
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


def render_fo(source: Path | bytes, reading: str = "normalized") -> str:
    return transform_to_string(transform("fo.xsl"), source, {"reading": reading})  # type: ignore[arg-type]


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


# ------------------------------------------------------------------ words kept apart

RUNS = doc(
    "<text><front><castList><head>Persons</head>"
    "<castItem><role>Lopakhin</role><roleDesc>a merchant</roleDesc></castItem>"
    "<castItem><role>Trofimov</role>, <roleDesc>a student</roleDesc></castItem>"
    "</castList></front><body><div>"
    '<ab type="letterhead"><seg rend="left">Daily Courier</seg>'
    '<seg rend="right">Leeds, 3 May</seg></ab>'
    "<p>Tree: <eTree><label>S</label><eTree><label>NP</label><eLeaf><label>John</label></eLeaf>"
    "</eTree><eTree><label>VP</label></eTree></eTree></p>"
    "<stage>The doors are closed.</stage><stage>Enter Anya.</stage>"
    "<sp><speaker>ANYA</speaker><p>Hello.</p></sp>"
    "<p>Marks<note>one</note><note>two</note> end. Word<seg>s</seg><seg>plit</seg>.</p>"
    "</div></body></text>"
)


def test_letterhead_segments_tree_labels_and_stage_directions_keep_apart_in_text() -> None:
    body_text = text_parts(render_text(RUNS))[1]
    assert "Daily Courier Leeds, 3 May" in body_text
    assert "Tree: S NP John VP" in body_text
    assert "The doors are closed.\n\nEnter Anya." in body_text
    # segments inside a word still join
    assert "Wordsplit." in body_text


def test_cast_list_is_a_list() -> None:
    body_text = text_parts(render_text(RUNS))[1]
    assert "- Lopakhin, a merchant\n\n- Trofimov, a student" in body_text
    tree = html_tree(render_html(RUNS))
    items = tree.xpath("//ul[contains(@class, 'te-castList')]/li[contains(@class, 'te-castItem')]")
    assert [" ".join(li.text_content().split()) for li in items] == [
        "Lopakhin, a merchant",
        "Trofimov, a student",
    ]


def test_stage_directions_are_blocks_in_html_and_pdf() -> None:
    tree = html_tree(render_html(RUNS))
    stages = tree.xpath("//div[contains(@class, 'te-stage')]")
    assert [s.text_content() for s in stages] == ["The doors are closed.", "Enter Anya."]
    assert "Daily Courier Leeds" in html_visible(render_html(RUNS), "normalized")


def test_adjacent_note_marks_are_set_apart() -> None:
    tree = html_tree(render_html(RUNS))
    (p,) = tree.xpath("//p[contains(., 'Marks')]")
    marks = [s.text_content() for s in p.xpath(".//sup")]
    assert marks == ["a", ",", "b"]
    assert "Marks[a][b] end." in text_parts(render_text(RUNS))[1]


def test_stage_directions_and_cast_list_of_a_corpus_play() -> None:
    source = corpus("corpus/dracor-rus_chekhov-vishnevyi-sad.xml")
    body_text = text_parts(render_text(source))[1]
    assert "закрыты.\n\nВходят Дуняша" in body_text
    assert "- Аня, ее дочь, 17 лет." in body_text
    tree = html_tree(render_html(source))
    assert tree.xpath("//div[contains(@class, 'te-stage')][starts-with(., 'Входят Дуняша')]")
    assert (
        len(tree.xpath("//ul[contains(@class, 'te-castList')]/li[contains(@class, 'te-castItem')]"))
        >= 10
    )


def test_adjacent_note_marks_of_a_corpus_letter() -> None:
    source = corpus("corpus/escher_K_0637_Strickler-Fierz_an_Escher_1849-05-06.xml")
    tree = html_tree(render_html(source))
    seps = tree.xpath("//sup[@class = 'te-notesep']")
    assert seps
    for sep in seps:
        assert sep.getparent().getprevious().xpath(".//a[contains(@class, 'te-noteref')]")


# ------------------------------------------------------------------ names in the header

NAMES = (
    "<teiHeader><fileDesc><titleStmt><title>Snippet</title>"
    "<author><persName><surname>Schulze</surname><forename>Julius</forename></persName></author>"
    "<editor><persName>Smith, Anne</persName><persName>Jones, Paul</persName></editor>"
    "<editor><persName><forename>Anne</forename><surname>SMITH</surname></persName></editor>"
    "</titleStmt><publicationStmt><p>Unpublished.</p></publicationStmt>"
    "<sourceDesc><p>A test.</p></sourceDesc></fileDesc></teiHeader>"
)


def test_header_names_keep_their_parts_apart() -> None:
    source = doc("<text><body><p>Words.</p></body></text>", header=NAMES)
    head = text_parts(render_text(source))[0]
    assert "Author: Julius Schulze" in head
    assert "Edited: Smith, Anne; Jones, Paul (editor)" in head
    # the source's capitals as the source gives them, no others
    assert "Edited: Anne SMITH (editor)" in head
    page = render_html(source)
    assert html_tree(page).xpath("//dd[. = 'Julius Schulze']")


def test_header_names_of_a_corpus_letter() -> None:
    source = corpus("corpus/lebenswelten_1863-06-12_CM_v_L_Bismarck.xml")
    head = text_parts(render_text(source))[0]
    assert "Gaby Huch (editor)" in head
    assert "HuchGaby" not in head and "GabyHuch" not in head
    # the PDF's title page and colophon name each person of a respStmt with the parts apart
    fo = render_fo(source)
    assert ">Gaby Huch</fo:block>" in fo and "Forschungsarbeit Gaby Huch." in fo
    assert "GabyHuch" not in fo and "BärbelHoltz" not in fo


RESP_NAMES = HEADER.replace(
    "</titleStmt>",
    "<respStmt><resp>Transcription</resp><persName><forename>Anne</forename>"
    "<surname>Smith</surname></persName></respStmt>"
    "<respStmt><resp>Encoding</resp><orgName>The Archive</orgName></respStmt></titleStmt>",
)


def test_pdf_names_of_responsibility_keep_their_parts_apart() -> None:
    fo = render_fo(doc("<text><body><p>Words.</p></body></text>", header=RESP_NAMES))
    assert ">Anne Smith</fo:block>" in fo and ">The Archive</fo:block>" in fo
    assert "AnneSmith" not in fo


# ------------------------------------------------------------------ registers in the text

REGISTER = doc(
    "<text><body><p>Dear <persName ref='#smith'>Anne</persName>, from "
    "<placeName ref='#wien'>Vienna</placeName>.</p></body><back>"
    "<listPerson><person xml:id='smith'><persName><forename>Anne</forename>"
    "<surname>Smith</surname></persName><birth when='1866-07-11'>1866</birth>"
    "<death when='1920'/><occupation>painter</occupation>"
    "<idno type='GND'>https://d-nb.info/gnd/0000</idno></person></listPerson>"
    "<listPlace><place xml:id='wien'><placeName>Wien</placeName>"
    "<location><geo>48,208333 16,373056</geo></location>"
    "<idno type='geonames'>https://www.geonames.org/2761369</idno></place></listPlace>"
    "</back></text>"
)


def test_register_in_back_is_a_register() -> None:
    body_text = text_parts(render_text(REGISTER))[1]
    assert "- Anne Smith, 1866–1920; painter https://d-nb.info/gnd/0000" in body_text
    assert "- Wien https://www.geonames.org/2761369" in body_text
    assert "48,208333" not in body_text and "1866-07-11" not in body_text
    tree = html_tree(render_html(REGISTER))
    (item,) = tree.xpath("//div[@class='te-back']//li[b = 'Anne Smith']")
    assert item.xpath("a/@href") == ["https://d-nb.info/gnd/0000"]
    assert "48,208333" not in html_visible(tree, "normalized")


def test_register_of_a_corpus_document() -> None:
    source = corpus("corpus/lebenswelten_Koerperschaften.xml")
    body_text = text_parts(render_text(source))[1]
    assert (
        "- Adliges Fräuleinstift Barth https://de.wikipedia.org/wiki/Adliges_Fräuleinstift_Barth"
        in body_text
    )
    tree = html_tree(render_html(source))
    links = tree.xpath("//article[@id='text']//li[b = 'Adliges Fräuleinstift Barth']/a/@href")
    assert [unquote(h) for h in links] == [
        "https://de.wikipedia.org/wiki/Adliges_Fräuleinstift_Barth"
    ]


# ------------------------------------------------------------------ table captions, ptr

POINTERS = body(
    '<p xml:id="first">See<ptr target="#n1"/> and (eg <ptr target="https://example.org/a"/>)'
    ' and <ptr target="#first #sec"/>.</p>'
    '<div xml:id="sec" n="2"><head>Second</head>'
    "<table><head>Table 1. Guns</head><row><cell>cannon</cell></row></table></div>"
    '<div type="notes"><note xml:id="n1">A note.</note></div>'
)


def test_table_caption_in_every_format() -> None:
    tree = html_tree(render_html(POINTERS))
    assert [c.text_content() for c in tree.xpath("//table/caption")] == ["Table 1. Guns"]
    assert "Table 1. Guns\n\ncannon" in text_parts(render_text(POINTERS))[1]
    fo = render_fo(POINTERS)
    caption = fo.index("Table 1. Guns")
    assert caption < fo.index("<fo:table ", caption) < fo.index("cannon")


def test_ptr_shows_its_target() -> None:
    body_text = text_parts(render_text(POINTERS))[1]
    assert "See[a] and (eg https://example.org/a) and ¶1, 2." in body_text
    tree = html_tree(render_html(POINTERS))
    (p,) = tree.xpath("//p[@id='p1']")
    assert [(a.get("href"), a.text_content()) for a in p.xpath(".//a")] == [
        ("#note-ea", "a"),
        ("https://example.org/a", "https://example.org/a"),
        ("#p1", "¶1"),
    ]
    ids, links = html_ids(render_html(POINTERS))
    assert set(links) <= set(ids)


def test_ptr_to_notes_in_a_corpus_letter() -> None:
    source = corpus("corpus2/suriano_04-037.xml")
    body_text = text_parts(render_text(source))[1]
    assert "alloggiata[" in body_text
    tree = html_tree(render_html(source))
    ptrs = tree.xpath("//a[contains(@class, 'te-ptr')]")
    assert len(ptrs) >= 20
    ids = html_ids(render_html(source))[0]
    assert {p.get("href")[1:] for p in ptrs} <= set(ids)


# ------------------------------------------------------------------ XInclude by default

XI = "http://www.w3.org/2001/XInclude"


def _including(tmp_path: Path, href: str) -> Path:
    (tmp_path / "part.xml").write_text(
        f'<div xmlns="{TEI_NS}"><p>Included division words.</p></div>', encoding="utf-8"
    )
    main = tmp_path / "main.xml"
    main.write_bytes(
        doc(
            f'<text><body><div><p>Own words.</p></div><xi:include xmlns:xi="{XI}" href="{href}"/>'
            "</body></text>"
        )
    )
    return main


def test_local_xinclude_is_resolved_by_default(tmp_path: Path) -> None:
    notices: list[Issue] = []
    (out,) = export(_including(tmp_path, "part.xml"), ["text"], tmp_path / "out", notices=notices)
    assert "Included division words." in out.read_text(encoding="utf-8")
    assert notices == []


def test_unresolvable_xinclude_is_a_warning_by_default(tmp_path: Path) -> None:
    notices: list[Issue] = []
    source = _including(tmp_path, "missing.xml")
    (out,) = export(source, ["text"], tmp_path / "out", notices=notices)
    assert "Own words." in out.read_text(encoding="utf-8")
    assert [(n.severity, n.rule) for n in notices] == [("warning", "xinclude")]
    assert "XInclude target not found: missing.xml (left out)" in notices[0].format()
    with pytest.raises(TeiEditionError):
        export(source, ["text"], tmp_path / "strict", xinclude=True)


def test_no_xinclude_says_what_it_leaves_out(tmp_path: Path) -> None:
    notices: list[Issue] = []
    source = _including(tmp_path, "part.xml")
    (out,) = export(source, ["text"], tmp_path / "out", notices=notices, xinclude=False)
    assert "Included division words." not in out.read_text(encoding="utf-8")
    assert [(n.severity, n.rule) for n in notices] == [("warning", "xinclude")]


def test_corpus_manuscript_includes_its_edition_division(tmp_path: Path) -> None:
    """The body of this manuscript's record is one XInclude of edition.xml beside it."""
    source = corpus("corpus/betamasaheft_DabraLibanosHamGG1/betamasaheft_DabraLibanosHamGG1.xml")
    notices: list[Issue] = []
    (out,) = export(source, ["text"], tmp_path, notices=notices)
    assert "በአኰቴተ፡ አብ፡ ወወልድ፡" in out.read_text(encoding="utf-8")
    assert notices == []


# ------------------------------------------------------------------ a visible apparatus

APP_HEADER = HEADER.replace(
    "<sourceDesc><p>A test.</p></sourceDesc>",
    '<sourceDesc><listWit><witness xml:id="wA" n="A">Codex A</witness>'
    '<witness xml:id="wB"><abbr type="siglum">B</abbr> Codex B</witness>'
    "</listWit></sourceDesc>",
)
APPARATUS = doc(
    "<text><body><div>"
    '<p>The <app><lem wit="#wA">quick</lem><rdg wit="#wB">quack</rdg></app> brown fox '
    '<anchor xml:id="s1"/>jumps over<anchor xml:id="e1"/> the dog.</p>'
    '<listApp><app from="#s1" to="#e1"><lem>jumps over</lem><rdg wit="#wB">leaps</rdg>'
    '<rdg wit="#wA"/></app>'
    '<app loc="3"><lem>dog</lem><rdg wit="#wB"><witStart/>hound</rdg></app></listApp>'
    "</div></body></text>",
    header=APP_HEADER,
)
ENTRIES = ["quick A] quack B", "jumps over] leaps B; om. A", "3: dog] hound B inc."]


def test_apparatus_in_text() -> None:
    out = render_text(APPARATUS)
    assert "The quick[v1] brown fox jumps over[v2] the dog." in text_parts(out)[1]
    entries = text_parts(out)[2]
    for n, entry in enumerate(ENTRIES, 1):
        assert f"[v{n}] {entry}" in entries


def test_apparatus_in_html_keeps_the_tooltip() -> None:
    page = render_html(APPARATUS)
    tree = html_tree(page)
    items = tree.xpath("//section[@id='apparatus']//li")
    assert [" ".join(li.text_content().split()) for li in items] == [
        f"v{n} {e}" for n, e in enumerate(ENTRIES, 1)
    ]
    # the markers link to their entries and back; the tooltip is still there
    assert tree.xpath("//a[@class='te-appref te-mark'][@href='#app-2']/following-sibling::text()")
    assert tree.xpath("//span[@class='te-app']//span[@class='te-rdg'][. = 'quack B']")
    ids, links = html_ids(page)
    assert set(links) <= set(ids)
    assert "The quick brown fox jumps over the dog." in html_visible(page, "normalized")


def test_apparatus_in_pdf() -> None:
    fo = render_fo(APPARATUS)
    for n, entry in enumerate(ENTRIES, 1):
        start = fo.index(f'id="f-app-{n}"')
        assert (
            words(
                re.sub(
                    "<[^>]+>", " ", fo[fo.index(">", start) + 1 : fo.index("</fo:block>", start)]
                )
            )
            == f"v{n} {entry}"
        )
    assert 'internal-destination="f-app-1"' in fo and 'internal-destination="f-app-2"' in fo


def test_double_end_point_apparatus_of_a_corpus_edition() -> None:
    source = corpus("corpus2/sarit_ratnakirti-nibandhavali.xml")
    out = render_text(source)
    assert "nipuṇamanyena[v1] vācaspattinā" in out
    assert "[v1] nipuṇamanyena] nipuṇaṃmanyena RNAms; nipuṇammanyena thakur75" in out


def test_location_referenced_apparatus_of_a_corpus_inscription() -> None:
    source = corpus("corpus/isicily/inscriptions/isicily_ISic002985.xml")
    entries = text_parts(render_text(source))[2]
    assert "[v2] 8: τετρα engraved in a hole in the stone" in entries
    tree = html_tree(render_html(source))
    assert tree.xpath("//section[@id='apparatus']//li[contains(., 'τετρα engraved')]")


def test_parallel_segmentation_apparatus_of_a_corpus_edition() -> None:
    source = corpus("corpus/pta_pta0040.pta001.pta-grc1.xml")
    out = render_text(source)
    text, entries = out.split("\nApparatus\n=========\n")
    assert "ἀρχιεπισκόπου[v3]" in text
    assert "[v1] om. E S X] οὐρανοφάντορος P" in entries
    assert "[v3] ἀρχιεπισκόπου E P X] ἀρχεπισκόπου S" in entries
    tree = html_tree(render_html(source))
    assert tree.xpath("//section[@id='apparatus']//li[@id='app-3'][contains(., 'ἀρχεπισκόπου S')]")
    assert 'internal-destination="f-app-3"' in render_fo(source)


def test_location_referenced_apparatus_with_sources_of_a_corpus_inscription() -> None:
    source = corpus("corpus2/iospe/iospe_3.107.xml")
    tree = html_tree(render_html(source))
    items = tree.xpath("//section[@id='apparatus']//li")
    assert len(items) >= 30
    assert all(" ".join(li.text_content().split()) for li in items)


# ------------------------------------------------------------------ note labels

NOTE_LABELS = body(
    '<p>One<note n="1" place="foot"><p>First para.</p><p>Second para.</p></note> two'
    '<note n="2)" place="foot">Plain.</note> three<note>Ed <p>mixed</p> tail</note>.</p>'
)


def test_note_n_is_the_label_and_a_block_note_has_it_once() -> None:
    out = render_text(NOTE_LABELS)
    assert "One[1] two[2] three[a]." in text_parts(out)[1]
    notes = text_parts(out)[2]
    assert "[1] First para.\n\n    Second para." in notes
    assert "[2] Plain." in notes
    assert "[a] Ed\n\n    mixed\n\n    tail" in notes
    assert notes.count("[1]") == 1 and notes.count("[a]") == 1
    page = render_html(NOTE_LABELS)
    tree = html_tree(page)
    assert [s.text for s in tree.xpath("//span[@class='note-label']")] == ["a", "1", "2"]
    ids, links = html_ids(page)
    assert len(ids) == len(set(ids)) and set(links) <= set(ids)


def test_note_numbers_and_notes_apart_of_a_corpus_letter() -> None:
    """The letter's notes stand in standOff (listAnnotation), numbered by @n, each pointed to
    by a ptr in the Dutch text and in the English translation."""
    source = corpus("corpus/mondriaan_19090905y_IONG_1295.xml")
    out = render_text(source)
    assert "en hoe je 't verder maakt.[2] Ik ben" in out
    assert "[2] Aletta de Iongh reisde in september 1909 naar Engeland" in out
    page = render_html(source)
    ids, links = html_ids(page)
    assert len(ids) == len(set(ids)) and set(links) <= set(ids)
    assert render_fo(source).count("<fo:footnote>") == 7


# ------------------------------------------------------------------ egXML as code

EXAMPLE = body(
    "<p>An example:</p>"
    '<egXML xmlns="http://www.tei-c.org/ns/Examples">\n'
    '      <p>The <hi rend="italic">quick</hi> fox &amp; dog.</p>\n      <lb/>\n    </egXML>'
    "<p>After.</p>"
)


def test_egxml_is_shown_as_code() -> None:
    body_text = text_parts(render_text(EXAMPLE))[1]
    assert '\n    <p>The <hi rend="italic">quick</hi> fox &amp; dog.</p>\n    <lb/>\n' in body_text
    tree = html_tree(render_html(EXAMPLE))
    (pre,) = tree.xpath("//pre[@class='te-eg']")
    assert pre.text_content() == '<p>The <hi rend="italic">quick</hi> fox &amp; dog.</p>\n<lb/>'
    assert not tree.xpath("//article//i[. = 'quick']")
    fo = render_fo(EXAMPLE)
    assert 'linefeed-treatment="preserve"' in fo and "&lt;lb/&gt;" in fo


# ------------------------------------------------------------------ figures

FIGURES = body(
    "<p>Before.</p>"
    '<figure><graphic url="img/red.png"/><head>A red box</head>'
    "<figDesc>A small red rectangle.</figDesc></figure>"
    '<figure><graphic url="https://example.org/pic.jpg"/><head>Remote picture</head>'
    "<figDesc>A distant view.</figDesc></figure>"
    "<p>After.</p>"
)


def test_figure_images_with_alternative_text(tmp_path: Path) -> None:
    from PIL import Image  # only this test makes an image

    (tmp_path / "img").mkdir()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(tmp_path / "img" / "red.png")
    source = tmp_path / "fig.xml"
    source.write_bytes(FIGURES)
    out = tmp_path / "out"
    notices: list[Issue] = []
    html_file, fo_file, text_file = export(source, ["html", "fo", "text"], out, notices=notices)
    assert notices == []
    # the local image copied beside the page, the remote one linked (never fetched)
    copy = out / "fig-figures" / "img" / "red.png"
    assert copy.read_bytes() == (tmp_path / "img" / "red.png").read_bytes()
    tree = html_tree(html_file.read_text(encoding="utf-8"))
    (img,) = tree.xpath("//figure/img")
    assert (img.get("src"), img.get("alt")) == ("fig-figures/img/red.png", "A small red rectangle.")
    assert tree.xpath("//figure/figcaption/text()") == ["A red box", "Remote picture"]
    (link,) = tree.xpath("//figure/a")
    assert link.get("href") == "https://example.org/pic.jpg"
    # the PDF embeds the local image, with its description for assistive technology
    fo = fo_file.read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in fo and 'alt-text="A small red rectangle."' in fo
    text = text_file.read_text(encoding="utf-8")
    assert "Before.\n\n[Figure: A red box]\n\n[Figure: Remote picture]\n\nAfter." in text


def test_figure_of_a_corpus_document_without_its_image(tmp_path: Path) -> None:
    source = corpus("corpus/hsg-rdcr_germany.xml")
    notices: list[Issue] = []
    html_file, text_file = export(source, ["html", "text"], tmp_path, notices=notices)
    assert [(n.rule, n.severity) for n in notices] == [("figure", "warning")]
    assert "germany-flag.jpg" in notices[0].message
    tree = html_tree(html_file.read_text(encoding="utf-8"))
    (figure,) = tree.xpath("//figure")
    assert not figure.xpath(".//img") and figure.xpath("figcaption")
    assert "[Figure: " in text_file.read_text(encoding="utf-8")


# ------------------------------------------------------------------ dates and kinds

DATE_XSL = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:te="https://tei-edition.org/ns" expand-text="yes">
  <xsl:import href="{common}"/>
  <xsl:output method="text"/>
  <xsl:template match="/"
    >{{string-join(//*:d ! te:date-display(@from, string(@to)), '|')}}</xsl:template>
</xsl:stylesheet>"""


def test_dates_as_a_historian_writes_them(tmp_path: Path) -> None:
    sheet = tmp_path / "dates.xsl"
    sheet.write_text(DATE_XSL.format(common=transform("common.xsl").as_uri()), encoding="utf-8")
    dates = [
        ("0401", "0404"),
        ("-0044-03-15", ""),
        ("1904", ""),
        ("1617-06", ""),
        ("-0300", "-0250"),
    ]
    source = "<x>" + "".join(f'<d from="{a}" to="{b}"/>' for a, b in dates) + "</x>"
    out = transform_to_string(sheet, source.encode(), {})
    assert out.split("|") == [
        "401–404",
        "15 March 44 BCE",
        "1904",
        "June 1617",
        "300 BCE–250 BCE",
    ]


def _header_doc(tmp_path: Path, name: str, header_extra: str, after: str = "") -> Path:
    path = tmp_path / f"{name}.xml"
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>{name}</title>'
        "</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>y</p>"
        f"</sourceDesc></fileDesc>{header_extra}</teiHeader>{after}"
        "<text><body><p>Words.</p></body></text></TEI>",
        encoding="utf-8",
    )
    return path


def test_document_dates_and_kinds(tmp_path: Path) -> None:
    from tei_edition.edition.collect import read_document  # the site's reading of a header

    early = read_document(
        _header_doc(
            tmp_path,
            "early",
            '<profileDesc><creation><date notBefore="0401" notAfter="0404"/></creation>'
            "</profileDesc>",
        )
    )
    assert (early.date, early.date_to, early.year) == ("0401", "0404", "0401")
    bce = read_document(
        _header_doc(
            tmp_path,
            "bce",
            '<profileDesc><creation><date when="-0044-03-15"/></creation></profileDesc>',
        )
    )
    assert (bce.date, bce.year) == ("-0044-03-15", "-0044")
    assert bce.sort_key() < early.sort_key()
    play = read_document(
        _header_doc(
            tmp_path,
            "play",
            "",
            '<standOff><listEvent><event type="premiere" when="1905"/>'
            '<event type="print" when="1904"/></listEvent></standOff>',
        )
    )
    assert play.date == "1904"
    letter = read_document(
        _header_doc(
            tmp_path,
            "letter",
            '<profileDesc><correspDesc><correspAction type="sent">'
            '<date when="1923-01-19">19.01.1923</date></correspAction></correspDesc></profileDesc>',
        )
    )
    assert (letter.kind, letter.date) == ("letter", "1923-01-19")


def test_a_citation_and_the_year_filter_give_early_and_bce_years_as_a_historian_does(
    tmp_path: Path,
) -> None:
    """The citation's date and the home page's list of years read '497 BCE' and '401', as
    the document lists do (te:date-one), not '-0497' and '0401'."""
    from site_support import make_edition
    from tei_edition.site import build_site
    from tei_edition.site.cite import date_words

    assert [date_words(d) for d in ("-0497", "0401", "-0044-03-15", "1958-09-04")] == [
        "497 BCE",
        "401",
        "March 15, 44 BCE",
        "September 4, 1958",
    ]
    assert date_words("-0044-03-15", "de") == "15. März 44 v. Chr."
    edition = make_edition(tmp_path / "ed")
    for name, when in (("ancient", "-0497"), ("late-antique", "0401")):
        (edition / "documents" / f"{name}.xml").write_bytes(
            _header_doc(
                tmp_path,
                name,
                f'<profileDesc><creation><date when="{when}"/></creation></profileDesc>',
            ).read_bytes()
        )
    (edition / "documents" / "codex.xml").write_bytes(
        _source_doc(
            tmp_path,
            "codex",
            "<msDesc><msIdentifier/><history><origin><origDate>s. XIII</origDate></origin>"
            "</history></msDesc>",
        ).read_bytes()
    )
    out = tmp_path / "out"
    build_site(edition, out, pdf=False, search=False, force=True)
    home = html_tree((out / "index.html").read_text(encoding="utf-8"))
    (codex,) = home.xpath("//li[@class='site-doc'][.//a[. = 'codex']]")
    assert codex.xpath("string(p[@class='site-doc-meta'])").startswith("s. XIII ·")
    options = [(o.get("value"), o.text) for o in home.xpath("//select[@name='year']/option")]
    assert options[1:3] == [("-0497", "497 BCE"), ("0401", "401")]
    page = (out / "documents" / "ancient.html").read_text(encoding="utf-8")
    (citation,) = html_tree(page).xpath("//p[@class='citation']")
    assert "“ancient,” 497 BCE." in citation.text_content()


def test_a_transcribed_source_is_dated_by_its_origin_not_by_its_provenance_or_copy(
    tmp_path: Path,
) -> None:
    """A manuscript's or an inscription's date is its origDate (also in a dating method's
    own attributes); the date someone saw it (provenance) and a digital copy's release
    are never the document's date; an origin given in words only is kept as words."""
    from tei_edition.edition.collect import read_document  # the site's reading of a header

    def dated(name: str, source: str) -> tuple[str, str, str]:
        doc = read_document(_source_doc(tmp_path, name, source))
        return doc.date, doc.date_to, doc.date_label

    seen = '<provenance type="observed">Seen <date when="2007-08">August 2007</date>.</provenance>'
    assert dated(
        "stone",
        '<msDesc><msIdentifier/><history><origin><origDate notBefore="0114" notAfter="0117">'
        f"114-117 CE</origDate></origin>{seen}</history></msDesc>",
    ) == ("0114", "0117", "114-117 CE")
    assert dated(
        "julian",
        '<msDesc><msIdentifier/><history><origin><origDate datingMethod="#julian"'
        ' notBefore-custom="-0046" notAfter-custom="-0036">46-36 BCE</origDate></origin>'
        "</history></msDesc>",
    ) == ("-0046", "-0036", "46-36 BCE")
    assert dated("seen", f"<msDesc><msIdentifier/><history>{seen}</history></msDesc>") == (
        "",
        "",
        "",
    )
    assert dated(
        "words",
        "<msDesc><msIdentifier/><history><origin><origDate>900-1100</origDate></origin>"
        "</history></msDesc>",
    ) == ("", "", "900-1100")
    assert dated(
        "gutenberg",
        '<bibl type="digital-source">Project Gutenberg, <date when="2011-10-22">2011</date>'
        '</bibl><bibl type="print-source">Bologna, <date when="1892">1892</date>.</bibl>',
    )[:2] == ("1892", "")
    stone = read_document(corpus("corpus2/iospe/iospe_1.24.xml"))
    assert (stone.date, stone.date_to) == ("0114", "0117")
    novella = read_document(corpus("corpus2/cligs-ita-annotated_it0027.xml"))
    assert novella.date == "1892"


def _source_doc(tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / f"{name}.xml"
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>{name}</title>'
        f"</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc>{source}"
        "</sourceDesc></fileDesc></teiHeader><text><body><p>Words.</p></body></text></TEI>",
        encoding="utf-8",
    )
    return path


def test_dates_and_kinds_of_corpus_documents() -> None:
    from tei_edition.edition.collect import read_document  # the site's reading of a header

    play = read_document(corpus("corpus/dracor-rus_chekhov-vishnevyi-sad.xml"))
    assert (play.date, play.kind) == ("1904", "play")
    # a manuscript's title begins with its town: no kind of document
    codex = read_document(corpus("corpus2/coranicum_manuscript-00441.xml"))
    assert codex.kind == "document"
    letter = read_document(corpus("corpus2/tillich_L00775.xml"))
    assert (letter.date, letter.kind) == ("1923-01-19", "letter")


# ------------------------------------------------------------------ PDF: one face per run

SCRIPTS = body(
    "<p>Ему 17 лет, он из 4-х братьев; Ἀθῆναι-2 and Ratnakīrti in plain words.</p>"
    "<sp><speaker>Лопахин.</speaker><p>Пришел поезд.</p></sp><stage>Входят 2-е.</stage>"
)

FO_NS = {"fo": "http://www.w3.org/1999/XSL/Format"}


def _runs(fo: str) -> dict[str, str]:
    """Each fo:inline (or a spaced-out fo:block, set whole) of the text's fallback fonts:
    its words, and its first font."""
    from lxml import etree  # only these tests read the FO as a tree

    tree = etree.fromstring(fo.encode("utf-8"))
    return {
        el.text: el.get("font-family").split(",")[0]
        for el in tree.xpath(
            "//fo:inline[@font-family] | //fo:block[@font-family]", namespaces=FO_NS
        )
        if el.text and el.get("font-family", "").startswith("Free")
    }


def test_pdf_sets_a_run_of_script_in_one_face() -> None:
    runs = _runs(render_fo(SCRIPTS))
    # the digits and hyphens inside and between Cyrillic and Greek words with them
    assert runs["Ему 17 лет, он из 4-х братьев; Ἀθῆναι-2 "] == "FreeSerif"
    assert runs["Ratnakīrti"] == "FreeSerif"
    assert runs["Входят 2-е."] == "FreeSerif"
    # a speaker's name in the sans face of speakers
    assert runs["Лопахин."] == "FreeSans"
    assert "plain" not in " ".join(runs)


def test_pdf_distinguishes_speakers_and_stage_directions() -> None:
    from lxml import etree  # only these tests read the FO as a tree

    tree = etree.fromstring(render_fo(SCRIPTS).encode("utf-8"))
    (speaker,) = tree.xpath("//fo:block[. = 'Лопахин.'][not(fo:block)]", namespaces=FO_NS)
    assert speaker.get("font-weight") == "bold"
    (stage,) = tree.xpath("//fo:inline[. = 'Входят 2-е.']/ancestor::fo:block[1]", namespaces=FO_NS)
    assert stage.get("font-style") == "italic"


def test_pdf_runs_of_a_corpus_play() -> None:
    source = corpus("corpus/dracor-rus_chekhov-vishnevyi-sad.xml")
    runs = _runs(render_fo(source))
    assert any("17 лет" in words and font == "FreeSerif" for words, font in runs.items())
    assert not any(words.strip().isdigit() for words in runs)


def test_title_and_author_of_a_corpus_source_are_apart() -> None:
    source = corpus("corpus/tcp_A00002.xml")
    head = words(text_parts(render_text(source))[0])
    assert "5. ioy. Aylett, Robert" in head


def test_author_of_a_corpus_letter_forename_first_as_the_source_writes_it() -> None:
    source = corpus("corpus/soldatenbriefe_letter-081.xml")
    head = text_parts(render_text(source))[0]
    assert "Author: Julius Schulze" in head
    fo = render_fo(source)
    assert "SCHULZE JULIUS" not in fo and "Schulze Julius" not in fo


# ------------------------------------------------------------------ right-to-left text

RTL = (
    f'<TEI xmlns="{TEI_NS}">{HEADER}<text xml:lang="fa"><body><div>'
    '<p>الا یا ایها الساقی</p><p xml:lang="en">An English line.</p>'
    '<p xml:lang="ar-Latn">al-saqi</p></div></body></text></TEI>'
).encode()


def test_a_right_to_left_text_reads_from_the_right_in_html() -> None:
    tree = html_tree(render_html(RTL))
    (text,) = tree.xpath("//*[@id='text']/div[@lang='fa']")
    assert text.get("dir") == "rtl"
    # another language inside it: its direction is found from its letters
    assert [p.get("dir") for p in text.xpath(".//p[@lang]")] == ["auto", "auto"]
    # a left-to-right text gets no direction of its own
    plain = html_tree(render_html(body("<p>Plain words.</p>")))
    assert not plain.xpath("//*[@dir]")


def test_a_right_to_left_text_is_laid_out_from_the_right_in_pdf() -> None:
    fo = render_fo(RTL)
    assert re.search(r'<fo:page-sequence[^>]*master-reference="text"[^>]*writing-mode="rl-tb"', fo)
    assert 'writing-mode="rl-tb"' not in render_fo(body("<p>Plain words.</p>"))


def test_a_persian_corpus_text_reads_from_the_right() -> None:
    source = corpus("corpus2/perseus-farsi_hafez.divan.perseus-far1.xml")
    tree = html_tree(render_html(source))
    assert tree.xpath("//*[@id='text']/div[@lang='fa']/@dir") == ["rtl"]
    assert 'writing-mode="rl-tb"' in render_fo(source)


# ------------------------------------------------------------------ adjacent words

WORDS = body(
    "<p><w>La</w><w>corte</w><w>di</w><w>d</w><w>’</w><w>Angiò</w><w>,</w><w>dopo</w>"
    '<pc>(</pc><w>x</w><pc>)</pc><w>y</w> <w join="right">in</w><w>to</w> '
    '<w>sp</w><lb break="no"/><w>lit</w> <w><w>com</w><w>pound</w></w><w>z</w>'
    "<choice><orig><w>old</w></orig><reg><w>new</w></reg></choice>"
    '<pc pre="true">«</pc><w>q</w><pc>»</pc><w>end</w><pc>.</pc></p>'
)
WORDS_READ = "La corte di d’Angiò, dopo (x) y into split compound z {} «q» end."


def test_adjacent_words_keep_apart_and_punctuation_attaches() -> None:
    assert text_of(WORDS) == WORDS_READ.format("new")
    assert text_of(WORDS, "diplomatic") == WORDS_READ.format("old")
    for reading, word in (("normalized", "new"), ("diplomatic", "old")):
        assert words(html_visible(render_html(WORDS, reading), reading)) == WORDS_READ.format(word)
    fo = render_fo(WORDS)
    assert WORDS_READ.format("new") in words(re.sub(r"<[^>]+>", "", fo))


def test_adjacent_words_of_corpus_texts() -> None:
    italian = text_of(corpus("corpus2/cligs-ita-annotated_it0027.xml"))
    assert "La corte di Carlo primo d’Angiò dopo la strage di Tagliacozzo" in italian
    letter = corpus("corpus2/copadocs_kfb_00908_s_po_1890_07_13.xml")
    assert "so gut als" in text_of(letter, "diplomatic")
    assert "so gut als" in html_visible(render_html(letter), "normalized")


# ------------------------------------------------------------------ notes of the diplomatic text

DIPL_NOTES = body(
    "<p>The <choice><sic>wrod</sic><corr>word</corr></choice> stands"
    '<note resp="#ed">An editor\'s remark.</note> here'
    '<note place="foot">The source\'s footnote.</note>, said'
    '<note type="translator" place="inline">a gloss</note> twice.</p>'
)


def _listed_notes_html(page: str) -> list[tuple[str, str]]:
    tree = html_tree(page)
    return [
        (li.xpath("string(.//span[@class='note-label'])"), words(li.text_content()))
        for li in tree.xpath("//section[@id='notes']//li")
    ]


def test_diplomatic_text_prints_the_notes_the_diplomatic_html_lists() -> None:
    out = render_text(DIPL_NOTES, "diplomatic")
    parts = text_parts(out)
    running, notes = parts[1], words(" ".join(parts[2:]))
    # the running text: the source's words, the inline note in brackets, no markers
    assert words(running) == "The wrod stands here, said [a gloss] twice."
    assert "[a] Source: wrod stands. An editor's remark." in notes
    assert "[i] The source's footnote." in notes
    assert "gloss" not in notes  # given once, where it stands
    # the same notes with the same labels as the diplomatic HTML's list
    html_labels = {label for label, _ in _listed_notes_html(render_html(DIPL_NOTES, "diplomatic"))}
    assert {"a", "i"} <= html_labels
    # the normalized text keeps its markers and endnotes
    assert "stands[a] here[i], said" in text_parts(render_text(DIPL_NOTES))[1]


def test_diplomatic_text_notes_of_a_corpus_letter() -> None:
    source = corpus("corpus2/tillich_L00674.xml")
    notes = words(" ".join(text_parts(render_text(source, "diplomatic"))[2:]))
    page = render_html(source, "diplomatic")
    listed = _listed_notes_html(page)
    assert len(listed) > 30
    for label, text in listed:
        note = text.removeprefix(label).removesuffix("↩").strip()
        note = re.sub(r"\s*↩.*$", "", note)
        assert f"[{label}] {note[:40]}" in notes, label


# ------------------------------------------------------------------ gap in the diplomatic reading

GAPS = body(
    '<p>ἐ<gap reason="damage" quantity="1" unit="character"/>ιτιμήσεώς and '
    'lost <gap reason="illegible"/><note type="translator" place="inline">illegible</note> end.</p>'
)


def test_gap_is_marked_in_both_readings_but_where_a_note_stands_for_it() -> None:
    for reading in ("normalized", "diplomatic"):
        assert "ἐ [...]ιτιμήσεώς" in text_of(GAPS, reading)
        assert "ἐ […]ιτιμήσεώς" in words(html_visible(render_html(GAPS, reading), reading))
    assert "ἐ […]ιτιμήσεώς" in words(re.sub(r"<[^>]+>", "", render_fo(GAPS, "diplomatic")))
    # the note after a gap is the source's own word for it: no second mark
    assert "lost [illegible] end." in text_of(GAPS, "diplomatic")
    diplomatic = words(html_visible(render_html(GAPS, "diplomatic"), "diplomatic"))
    assert "lost [illegible] end." in diplomatic


def test_gap_in_the_diplomatic_reading_of_a_corpus_manuscript() -> None:
    source = corpus("corpus/pta_pta0001.pta026.pta-MsLa.xml")
    assert "ἐ [...]ιτιμήσεώς" in text_of(source, "diplomatic")
    assert "ἐ […]ιτιμήσεώς" in words(html_visible(render_html(source, "diplomatic"), "diplomatic"))


# ------------------------------------------------------------------ a page break inside a word

PAGE_IN_WORD = body(
    '<p>τεμνο<pb n="1v" break="no"/>μένη, οὐ and sādha<pb n="17a"/>natvād and end <pb n="18"/> '
    "next.</p>"
)


def _reading_html(source: Path | bytes, reading: str) -> str:
    return words(html_visible(render_html(source, reading), reading))


def test_a_page_break_inside_a_word_keeps_the_word_whole() -> None:
    for reading in ("normalized", "diplomatic"):
        seen = _reading_html(PAGE_IN_WORD, reading)
        assert "τεμνομένη, οὐ" in seen
        # a break the words touch: its mark adds no words; one between words keeps its label
        assert "sādha natvād and end" in seen
    tree = html_tree(render_html(PAGE_IN_WORD))
    # a break between words keeps its label as text
    assert tree.xpath("//span[@class='te-pb te-mark']/span[@class='te-pb-n']/text()") == ["18"]
    (mark,) = tree.xpath("//span[contains(@class, 'te-pb-word')][@data-n='1v']")
    assert mark.get("aria-label") and mark.get("role") == "img"


@pytest.mark.browser
def test_a_page_break_inside_a_word_in_the_browser(tmp_path: Path) -> None:
    """What Chromium renders as text (innerText): the word whole, the page's number drawn."""
    from reading_oracle import Browser

    page = tmp_path / "page.html"
    page.write_text(render_html(PAGE_IN_WORD, "diplomatic"), encoding="utf-8")
    with Browser(tmp_path) as browser:
        seen = words(browser.inner_text(page, struck=True))
    assert "τεμνομένη, οὐ and sādha natvād and end" in seen
    assert "1v" not in seen


def test_a_page_break_inside_a_word_of_a_corpus_manuscript() -> None:
    source = corpus("corpus/pta_pta0001.pta026.pta-MsLa.xml")
    for reading in ("normalized", "diplomatic"):
        assert "τεμνομένη, οὐ μεριζομένη" in _reading_html(source, reading)


# ------------------------------------------------------------------ notes follow the reading

NOTES_IN_READING = doc(
    "<teiHeader><fileDesc><titleStmt><title>Snippet</title></titleStmt>"
    "<publicationStmt><p>Unpublished.</p></publicationStmt>"
    '<sourceDesc><listWit><witness xml:id="wA">A</witness><witness xml:id="wB">B</witness>'
    "</listWit></sourceDesc></fileDesc></teiHeader>"
    "<text><body><div><p>Words<note><choice><abbr>Vgl.</abbr><expan>Vergleiche</expan></choice>"
    ' Kern, <supplied reason="lost">S</supplied>eite 7.</note> of the'
    ' <app><lem wit="#wA">days</lem><rdg wit="#wB">days<del rend="erasure">days</del></rdg>'
    "</app> end.</p></div></body></text>"
)


def test_notes_and_apparatus_entries_follow_the_reading() -> None:
    """A note's and an apparatus entry's words are in the reading given, as the text's: the
    diplomatic reading's note keeps the source's abbreviation and marks supplied letters,
    its entry keeps what a witness deletes (marked); the normalized reading expands and
    leaves the deletion out."""
    normal = text_of(NOTES_IN_READING)
    assert "[a] Vergleiche Kern, Seite 7." in normal
    assert "[v1] days wA] days wB" in normal
    diplomatic = text_of(NOTES_IN_READING, "diplomatic")
    assert "[a] Vgl. Kern, [S]eite 7." in diplomatic
    assert "[v1] days wA] days[-days-] wB" in diplomatic
    for reading, note, entry in (
        ("normalized", "Vergleiche Kern, Seite 7.", "days wA] days wB"),
        ("diplomatic", "Vgl. Kern, [S]eite 7.", "days wA] daysdays wB"),
    ):
        page = render_html(NOTES_IN_READING, reading)
        assert note in html_visible(page, reading, "notes")
        assert entry in html_visible(page, reading, "apparatus")


def test_notes_follow_the_diplomatic_reading_in_a_corpus_manuscript() -> None:
    source = corpus("corpus/expps_coislin-187-transcription.xml")
    # the attribution note <supplied>σ</supplied>χολ(ιον): as the manuscript shows it
    assert "[σ]χολ(ιον)" in text_of(source, "diplomatic")
    assert "σχολ(ιον)" in text_of(source) and "[σ]χολ" not in text_of(source)


# ------------------------------------------------------------------ a doubt mark inside a word

DOUBT_IN_WORD = body(
    '<p>in <unclear cert="low">Luisen</unclear>felde ist, <unclear cert="low">ganz</unclear> '
    'so, Zoll<unclear cert="low">tarif</unclear>e und <unclear cert="high">Marien</unclear>burg.'
    "</p>"
)


def test_a_doubt_mark_follows_the_whole_word() -> None:
    """The diplomatic reading's '/?/' after a doubtful unclear stands after the word it is
    part of, which stays whole; the normalized reading is as before."""
    expected = "in Luisenfelde /?/ ist, ganz /?/ so, Zolltarife /?/ und Marienburg."
    assert expected in text_of(DOUBT_IN_WORD, "diplomatic")
    page = render_html(DOUBT_IN_WORD, "diplomatic")
    assert expected in html_visible(page, "diplomatic")
    assert "in Luisenfelde ist, ganz so, Zolltarife und Marienburg." in html_visible(
        page, "normalized"
    )
    assert expected in words(re.sub(r"<[^>]+>", "", render_fo(DOUBT_IN_WORD, "diplomatic")))
    assert "in Luisenfelde[s1] ist, ganz[s2] so, Zolltarife[s3] und" in text_of(DOUBT_IN_WORD)
    # the PDF's footnote giving the source reading: its mark after the whole word too
    fo = render_fo(DOUBT_IN_WORD)
    assert "in Luisenfelde<fo:footnote>" in fo and "Zolltarife<fo:footnote>" in fo


def test_a_doubt_mark_inside_a_word_of_a_corpus_letter() -> None:
    source = corpus("corpus/lebenswelten_1863-06-12_CM_v_L_Bismarck.xml")
    assert "dieser Besuch in Luisenfelde /?/ ist gewiss" in text_of(source, "diplomatic")
    seen = html_visible(render_html(source, "diplomatic"), "diplomatic")
    assert "dieser Besuch in Luisenfelde /?/ ist gewiss" in seen


# ------------------------------------------------------------------ marks inside a word

MARKS_IN_WORD = doc(
    "<teiHeader><fileDesc><titleStmt><title>Snippet</title></titleStmt>"
    "<publicationStmt><p>Unpublished.</p></publicationStmt>"
    '<sourceDesc><listWit><witness xml:id="wA">A</witness><witness xml:id="wB">B</witness>'
    "</listWit></sourceDesc></fileDesc></teiHeader>"
    '<text><body><div><p>api duryojam, ā<anchor xml:id="f13"/><note>Folio 13 ends.</note>tmani'
    ' ca caturāryasatyākārāṇām <anchor xml:id="s1"/>cetoguṇa<anchor xml:id="e1"/>mātrasya'
    " ca hetoḥ.</p>"
    '<listApp><app from="#s1" to="#e1"><lem wit="#wA">cetoguṇa</lem>'
    '<rdg wit="#wB">cetoguṇatva</rdg></app></listApp></div></body></text>'
)


def test_a_mark_inside_a_word_follows_the_whole_word() -> None:
    """A note's marker and an apparatus entry's end-anchor marker standing inside a word
    come after the word, which stays whole; the diplomatic reading (no marker) too."""
    assert "duryojam, ātmani[a] ca caturāryasatyākārāṇām cetoguṇamātrasya[v1] ca hetoḥ." in (
        text_of(MARKS_IN_WORD)
    )
    assert "duryojam, ātmani ca caturāryasatyākārāṇām cetoguṇamātrasya[v1] ca" in text_of(
        MARKS_IN_WORD, "diplomatic"
    )
    for reading in ("normalized", "diplomatic"):
        seen = html_visible(render_html(MARKS_IN_WORD, reading), reading)
        assert "duryojam, ātmani ca caturāryasatyākārāṇām cetoguṇamātrasya ca hetoḥ." in seen
    page = render_html(MARKS_IN_WORD)
    assert re.search(r"ā(<[^>]+>)*tmani<a [^>]*te-noteref", page)
    assert re.search(r"cetoguṇamātrasya(<[^>]+>)*<a [^>]*href=\"#app-1\"", page)
    fo = re.sub(
        r"<fo:footnote-body>.*?</fo:footnote-body>", "", render_fo(MARKS_IN_WORD), flags=re.S
    )
    fo = re.sub(r"</?fo:inline[^>]*>", "", fo)  # the runs of script set apart
    assert "ātmani<fo:footnote>a" in fo and "cetoguṇamātrasya<fo:basic-link" in fo


def test_marks_inside_words_of_a_corpus_edition() -> None:
    source = corpus("corpus2/sarit_ratnakirti-nibandhavali.xml")
    out = text_of(source)
    assert "caturāryasatyākārāṇām cetoguṇamātrasya[v" in out
    assert "ātmani[" in out and "adhikaraṇasiddhāntanyāyād[" in out
    diplomatic = text_of(source, "diplomatic")
    assert "ātmani ca" in diplomatic and "adhikaraṇasiddhāntanyāyād upādānādyabhijñaḥ" in diplomatic


# ------------------------------------------------------------------ a table in the PDF

TABLE_PARAS = body(
    "<table><row><cell><p>20 barilli grandi cercchiati di ferro per acqua</p></cell>"
    "<cell><p>3 tonelli con borsa di corame</p></cell></row></table>"
)


def pdf_text(tei: bytes, source: Path) -> str:
    """The text layer (``pdftotext -raw``) of the PDF exported from ``tei``."""
    source.write_bytes(tei)
    out = source.parent / "out"
    export(source, ["pdf"], out)
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(out / f"{source.stem}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.fop
def test_a_table_row_reads_across_in_the_pdf(tmp_path: Path) -> None:
    """A paragraph in a table's cell has its number before its first word, not hung into
    the neighbouring cell, and a row is kept on one page: the text layer reads the row
    cell by cell, every word apart."""
    fo = render_fo(TABLE_PARAS)
    assert '<fo:table-row keep-together.within-page="always">' in fo
    assert re.search(r'role="te:pnum">1</fo:inline> 20 barilli', fo)
    if not shutil.which("fop") or not shutil.which("pdftotext"):
        pytest.skip("Apache FOP and pdftotext make and read the PDF")
    text = pdf_text(TABLE_PARAS, tmp_path / "table.xml")
    assert "acqua 2 3 tonelli" in " ".join(text.split())


def test_a_table_of_a_corpus_letter_reads_across_in_the_pdf() -> None:
    fo = render_fo(corpus("corpus2/suriano_06-034.xml"))
    assert "te:pnum" in fo
    assert re.search(r'role="te:pnum">\d+</fo:inline> 20 barilli grandi cercchiati', fo)


# ------------------------------------------------------------------ a footnote read whole


def _long_notes() -> bytes:
    filler = " ".join(["Body words run on here."] * 40)
    notes = " ".join(["gloss"] * 160)
    paras = "".join(
        f"<p>{filler}<note>Start{k} {notes} end{k}.</note> {filler}</p>" for k in range(8)
    )
    return body(paras)


@pytest.mark.fop
def test_a_long_footnote_is_not_split_by_the_page(tmp_path: Path) -> None:
    """A footnote is kept together at the foot of one page where it fits: the text layer
    never sets the page's running text between its halves."""
    assert 'fo:list-block keep-together.within-page="always"' in render_fo(_long_notes())
    if not shutil.which("fop") or not shutil.which("pdftotext"):
        pytest.skip("Apache FOP and pdftotext make and read the PDF")
    text = pdf_text(_long_notes(), tmp_path / "notes.xml")
    for k in range(8):
        note = text[text.index(f"Start{k}") : text.index(f"end{k}")]
        assert "Body" not in note, k


# ------------------------------------------------------------------ joined scripts in the PDF

JOINED = body(
    '<p>The verse <foreign xml:lang="ar">بِسۡمِ ٱللَّهِ</foreign> and the words'
    ' <foreign xml:lang="syc">ܟܠ ܙܢܐ</foreign> in a sentence.<note>See'
    ' <foreign xml:lang="ar">كِتَٰبٌ أُنزِلَ</foreign> here.</note></p>'
)


def _bbox_words(tei: bytes, source: Path) -> list[tuple[float, float, float, str]]:
    """The PDF's words as pdftotext finds them drawn: (left, top, right, text)."""
    source.write_bytes(tei)
    out = source.parent / "out"
    export(source, ["pdf"], out)
    xml = subprocess.run(
        ["pdftotext", "-raw", "-bbox", "-enc", "UTF-8", str(out / f"{source.stem}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    box = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>'
    return [(float(x), float(y), float(r), unescape(w)) for x, y, r, w in re.findall(box, xml)]


def _arabic_letters(drawn: str) -> str:
    """The Arabic letters of a text layer, in the order drawn (marks, spaces left out)."""
    text = unicodedata.normalize("NFKC", drawn)
    return "".join(c for c in text if "\u0621" <= c <= "\u0671" and unicodedata.category(c) == "Lo")


def test_arabic_and_syriac_runs_are_set_with_no_language() -> None:
    """FOP joins Arabic and Syriac letters only under a font's default language system: a
    run of them is set with language="none", whatever the document's language; and
    upright, in a foreign word's italic too (the fonts have no italic Arabic: the PDF
    could not be made)."""
    fo = render_fo(JOINED)
    assert re.search(r'language="none" font-style="normal">بِسۡمِ ٱللَّهِ</fo:inline>', fo)
    assert re.search(r'language="none" font-style="normal">ܟܠ ܙܢܐ</fo:inline>', fo)
    assert 'language="none"' not in render_fo(body("<p>Plain words, Ratnakīrti.</p>"))


@pytest.mark.fop
def test_arabic_letters_are_joined_in_the_pdf(tmp_path: Path) -> None:
    """The page draws an Arabic word's letters in their joined forms (the text layer gives
    the presentation forms FreeSerif draws: initial, medial, final), from the right."""
    if not shutil.which("fop") or not shutil.which("pdftotext"):
        pytest.skip("Apache FOP and pdftotext make and read the PDF")
    drawn = " ".join(w for *_, w in _bbox_words(JOINED, tmp_path / "joined.xml"))
    forms = {unicodedata.name(c).split()[-2] for c in drawn if "\ufe70" <= c <= "\ufeff"}
    assert {"INITIAL", "FINAL"} <= forms
    # drawn from the right: a word's last letter is its leftmost glyph
    assert "هللٱمسب" in _arabic_letters(drawn)


@pytest.mark.fop
def test_notes_with_right_to_left_letters_are_set_after_the_text(tmp_path: Path) -> None:
    """FOP lays a footnote out without the bidirectional algorithm (its Arabic would be
    drawn from the left): a document with such a note has its notes after the text, each
    linked from its raised label, where the words are drawn from the right."""
    fo = render_fo(JOINED)
    assert "fo:footnote" not in fo and 'id="f-notes"' in fo
    assert re.search(r'<fo:basic-link internal-destination="f-endnote-[^"]+"><fo:inline', fo)
    latin = render_fo(body("<p>Words.<note>A plain note.</note></p>"))
    assert "fo:footnote-body" in latin and 'id="f-notes"' not in latin
    if not shutil.which("fop") or not shutil.which("pdftotext"):
        pytest.skip("Apache FOP and pdftotext make and read the PDF")
    drawn = " ".join(w for *_, w in _bbox_words(JOINED, tmp_path / "notes.xml"))
    assert "لزنأبتك" in _arabic_letters(drawn)  # كِتَٰبٌ أُنزِلَ, from the right


@pytest.mark.fop
def test_a_spaced_out_running_head_with_a_macron_is_drawn_apart(tmp_path: Path) -> None:
    """A running head's letters are spaced out; FOP spaces an inline in another font only
    when drawing it, so a word with ī (set in FreeSerif) ran into the next. The whole head
    is set in the fallback fonts: no word's box overlaps the next one's."""
    header = HEADER.replace(
        "<title>Snippet</title>",
        "<title>Snippet</title><author>Khwāja Shams-ud-Dīn Muhammad Hāfez-e Shīrāzī</author>",
    )
    tei = doc(
        "<text><body><div>" + "<p>Words of the text.</p>" * 200 + "</div></body></text>", header
    )
    fo = render_fo(tei)
    assert re.search(r'letter-spacing="0.08em" font-family="FreeSerif[^"]*">KHWĀJA', fo)
    if not shutil.which("fop") or not shutil.which("pdftotext"):
        pytest.skip("Apache FOP and pdftotext make and read the PDF")
    names = ("SHAMS-UD-DĪN", "MUHAMMAD", "HĀFEZ-E", "SHĪRĀZĪ")
    boxes = _bbox_words(tei, tmp_path / "head.xml")
    heads = [b for b in boxes if b[3] in names]
    assert len(heads) >= 8  # the verso heads of at least two pages
    for (_, top, right, _), (left, next_top, _, word) in itertools.pairwise(heads):
        if word != names[0] and next_top == top:
            assert left > right


DEVANAGARI = doc(
    '<text xml:lang="sa-Latn"><body><div><p>Cf. 93a: <span xml:lang="sa-Deva">एककर्तुरसिद्धौ'
    " च सर्वज्ञत्वं किमाश्रयम्</span>. A long English word: incomprehensibilities.</p>"
    "<p>Plain words, incomprehensibilities.</p></div></body></text>"
)


@pytest.mark.fop
def test_a_paragraph_with_devanagari_is_not_hyphenated(tmp_path: Path) -> None:
    """Where FOP may hyphenate a paragraph it no longer draws the vowel sign ि before its
    consonant: a paragraph with Devanagari of its own is set unhyphenated, the others as
    before. The text layer gives ि as drawn: before स in एककर्तुरसिद्धौ, before क in किमा."""
    fo = render_fo(DEVANAGARI)
    (deva,) = re.findall(r"<fo:block[^>]*>Cf\. 93a", fo)
    assert 'hyphenate="false"' in deva
    (plain,) = re.findall(r"<fo:block[^>]*>Plain words", fo)
    assert "hyphenate" not in plain
    if not shutil.which("fop") or not shutil.which("pdftotext"):
        pytest.skip("Apache FOP and pdftotext make and read the PDF")
    text = pdf_text(DEVANAGARI, tmp_path / "deva.xml")
    assert "एककर्तुर\u093fसद्धौ" in text and "\u093fकमाश्रयम्" in text


def test_arabic_and_syriac_of_corpus_documents_are_joined_and_noted_after_the_text() -> None:
    """The Qur'an's verses are set with no language, upright; the Syriac commentary's notes
    (Syriac marginal notes) come after its text, linked from their labels."""
    quran = render_fo(corpus("corpus2/coranicum_sura-00007.xml"))
    assert 'language="none" font-style="normal">بِسۡمِ ٱللَّهِ ٱلرَّحۡمَٰنِ ٱلرَّحِيمِ</fo:inline>' in quran
    syriac = render_fo(corpus("corpus/expps_syriac-version-abbreviated.xml"))
    assert "fo:footnote" not in syriac and 'id="f-notes"' in syriac
    assert syriac.count('internal-destination="f-endnote-') == syriac.count('id="f-endnote-')


def test_a_devanagari_quotation_of_a_corpus_edition_is_not_hyphenated() -> None:
    fo = render_fo(corpus("corpus2/sarit_ratnakirti-nibandhavali.xml"))
    (entry,) = re.findall(r'<fo:block id="f-app-42"[^>]*>', fo)
    assert 'hyphenate="false"' in entry


# ------------------------------------------------------------------ a structured source

BIBLSTRUCT = (
    f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Carmina</title>'
    "</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><biblStruct><monogr>"
    "<author>Catullus</author><title>Catullus</title><editor>Elmer Truesdell Merrill</editor>"
    "<imprint><pubPlace>Boston</pubPlace><publisher>Ginn and Company</publisher>"
    "<date>1893</date></imprint></monogr></biblStruct></sourceDesc></fileDesc></teiHeader>"
    "<text><body><p>Words.</p></body></text></TEI>"
).encode()


def test_a_structured_source_reads_as_a_citation_its_parts_apart() -> None:
    """A biblStruct's parts (author, title, editor, place, publisher, date), with only
    white space between them in the header, are set apart by commas, not run together."""
    expected = "Catullus, Catullus, Elmer Truesdell Merrill, Boston, Ginn and Company, 1893"
    assert expected in " ".join(render_text(BIBLSTRUCT).split())
    (source,) = html_tree(render_html(BIBLSTRUCT)).xpath("//dd[@class='source']")
    assert " ".join(source.text_content().split()) == expected


def test_the_source_of_a_corpus_play_reads_as_a_citation() -> None:
    words = " ".join(render_text(corpus("corpus2/greekdracor_sophocles-ichneutae.xml")).split())
    assert "Arthur S. Hunt, London, Egypt Exploration Fund, 1912" in words


def test_an_author_of_several_names_and_identifiers_is_cited_by_one_name(tmp_path: Path) -> None:
    """The site's reading of a header (its lists and citations) names an author as the
    exports do: the first of several names, forename before surname, identifiers left out."""
    from tei_edition.edition.collect import read_document  # the site's reading of a header

    header = (
        "<author><persName>Σοφοκλῆς</persName><persName xml:lang='en'>Sophocles</persName>"
        "<idno type='wikidata'>Q7235</idno></author>"
        "<author><persName><surname>Schulze</surname><forename>Julius</forename></persName>"
        "</author><author>Albertazzi, Adolfo <idno type='viaf'>104161</idno></author>"
    )
    path = tmp_path / "authors.xml"
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>t</title>{header}'
        "</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>y</p>"
        "</sourceDesc></fileDesc></teiHeader><text><body><p>Words.</p></body></text></TEI>",
        encoding="utf-8",
    )
    assert read_document(path).authors == ["Σοφοκλῆς", "Julius Schulze", "Albertazzi, Adolfo"]
    play = read_document(corpus("corpus2/greekdracor_sophocles-ichneutae.xml"))
    assert play.authors == ["Σοφοκλῆς"]


def test_a_publisher_is_named_without_its_address() -> None:
    """A publisher given with its address (name, street, post code, town) is named by its
    name: 'Institut …', not 'Institut … Schenkenstraße 8-10 1010 Wien'."""
    page = html_tree(render_html(corpus("corpus2/tillich_L00674.xml")))
    (edition,) = page.xpath("//dl[@class='meta']/dt[. = 'Edition']/following-sibling::dd[1]")
    said = " ".join(edition.text_content().split())
    assert said.startswith("Institut für Systematische Theologie und Religionswissenschaft")
    assert "Schenkenstraße" not in said


def test_principles_name_no_one_where_a_resp_names_no_one() -> None:
    """A @resp that is no pointer (resp="ed") names no responsibility: the principles do not
    say an intervention is 'attributed to whoever made it: .' with no one listed."""
    page = render_html(corpus("corpus2/greekdracor_sophocles-ichneutae.xml"))
    assert "whoever made it: ." not in page
    assert "whoever made it" not in render_html(
        body('<p>A <note place="inline" resp="ed">remark</note> here.</p>')
    )


def test_a_kind_however_capitalized_is_one_kind_in_the_filter(tmp_path: Path) -> None:
    """Documents whose kind is 'Letter' (a header's word) and 'letter' (a correspondence
    without one) are one kind in the home page's filter, and each filters under it."""
    from site_support import make_edition
    from tei_edition.site import build_site

    edition = make_edition(tmp_path / "ed")
    (edition / "documents" / "sent.xml").write_bytes(
        _header_doc(
            tmp_path,
            "sent",
            '<profileDesc><correspDesc><correspAction type="sent"><date when="1846-01-01"/>'
            "</correspAction></correspDesc></profileDesc>",
        ).read_bytes()
    )
    out = tmp_path / "out"
    build_site(edition, out, pdf=False, search=False, force=True)
    home = html_tree((out / "index.html").read_text(encoding="utf-8"))
    kinds = home.xpath("//select[@name='kind']/option/@value")
    assert [k.lower() for k in kinds].count("letter") == 1, kinds
    (sent,) = home.xpath("//li[@class='site-doc'][.//a[. = 'sent']]")
    assert sent.get("data-kind") in kinds
    assert sent.xpath("string(.//span[@class='site-kind'])") == "letter"  # as its header says
