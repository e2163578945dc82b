"""The HTML reading edition, read as markup: structure, links, self-containment, access."""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import NS
from tei_edition.read.xmlparse import parse
from test_export_support import (
    EDITION,
    GENERIC,
    SAMPLE,
    html_tree,
    html_visible,
    render_html,
)
from test_export_support import tei as tei_doc
from web_tools import nu_checker


@pytest.fixture(scope="module")
def edition_html() -> str:
    return render_html(EDITION)


@pytest.fixture(scope="module")
def page(edition_html: str):
    return html_tree(edition_html)


@pytest.fixture(scope="module")
def tei():
    return parse(EDITION)


def test_document_basics(edition_html: str, page) -> None:
    assert edition_html.lower().startswith("<!doctype html>")
    assert page.get("lang") == "en"
    assert page.get("class") == "reading-normalized"
    assert page.xpath("//head/meta[1]/@charset") == ["utf-8"]
    assert page.xpath("string(//title)") == "Anastas Mikoyan's Recollections of his Trip to China"


def test_landmarks_and_skip_link(page) -> None:
    body = page.find("body")
    assert [el.tag for el in body if el.tag != "script"] == ["a", "header", "nav", "main", "footer"]
    skip = body[0]
    assert skip.get("class") == "skip" and skip.get("href") == "#text"
    assert page.xpath("//main//article[@id='text']")
    assert page.xpath("//nav/@aria-label") == ["Sections of this page"]


def test_heading_order(page) -> None:
    levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def test_ids_unique_and_internal_links_resolve(page) -> None:
    ids = Counter(page.xpath("//@id"))
    assert [i for i, n in ids.items() if n > 1] == []
    targets = {h[1:] for h in page.xpath("//a/@href") if h.startswith("#")}
    assert targets - set(ids) == set()
    for ref in page.xpath("//@aria-describedby | //@aria-labelledby"):
        assert all(part in ids for part in ref.split())


def test_self_contained(edition_html: str, page) -> None:
    assert page.xpath("//*[@src] | //link | //iframe | //object | //embed | //img") == []
    css = "".join(page.xpath("//style/text()"))
    assert "url(" not in css and "@import" not in css
    assert "@media print" in css
    # the other reading's page is a sibling file (linked for readers without scripts)
    other = "mikoyan-recollections-1958.diplomatic.html"
    external = [h for h in page.xpath("//a/@href") if not h.startswith("#") and h != other]
    assert external and all(h.startswith("https://") for h in external)
    assert "http://" not in edition_html.replace("http://www.w3.org", "")


def test_policy_runs_only_the_pages_own_script_and_style(page) -> None:
    """The page's Content-Security-Policy names its inline CSS and script by their SHA-256
    digests (kept in html.xsl: XPath cannot compute them) and allows nothing else inline."""
    head = page.find("head")
    assert head[0].get("charset") == "utf-8"
    assert head[1].get("http-equiv") == "Content-Security-Policy"
    policy = dict(d.strip().split(" ", 1) for d in head[1].get("content").split(";"))

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    (style,) = page.xpath("//style/text()")
    (script,) = page.xpath("//script/text()")
    assert policy == {
        "default-src": "'self'",
        "script-src": digest(script),
        "style-src": digest(style),
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
    }
    assert page.xpath("//*[@style]") == []
    assert not [a for el in page.iter() for a in el.attrib if a.lower().startswith("on")]


def test_title_block_and_source_link(page) -> None:
    meta = page.xpath("//header//dl")[0]
    terms = [dt.text for dt in meta.iter("dt")]
    assert terms == ["Author", "Translator", "Source", "Edition"]
    dd = dict(
        zip(terms, [" ".join(d.text_content().split()) for d in meta.iter("dd")], strict=True)
    )
    assert dd["Author"] == "Anastas Mikoyan"
    assert dd["Translator"] == "Sergey Radchenko"
    assert meta.xpath(".//dd[@class='source']/a/@href") == [
        "https://wilson-center.drivingcreative.com/document/121774"
    ]


def test_every_name_links_to_its_index_entry_and_back(page, tei) -> None:
    mentions = tei.xpath("//tei:text//*[@ref]", namespaces=NS)
    html_mentions = page.xpath("//main//*[contains(@class, 'te-name')][@id]")
    # every mention of the text (and its notes) has an id; diplomatic copies end in -d
    assert len({m.get("id").removesuffix("-d") for m in html_mentions}) == len(mentions)
    entries = page.xpath("//section[@id='index']//li[starts-with(@id, 'idx-')]")
    # the index lists every entry the document points to (in the shared register)
    pointed = {p.partition("#")[2] for p in " ".join(tei.xpath("//@ref", namespaces=NS)).split()}
    assert len(entries) == len(pointed) > 60
    ids = set(page.xpath("//@id"))
    backlinks = 0
    for entry in entries:
        for a in entry.xpath(".//a[@class='back']"):
            assert a.get("href")[1:] in ids
            backlinks += 1
    refs = sum(len(m.get("ref").split()) for m in mentions)
    assert backlinks == refs
    for a in page.xpath("//article//a[contains(@class, 'te-name')]"):
        entry = page.get_element_by_id(a.get("href")[1:])
        mention = a.get("id")
        # a copy in the diplomatic reading is reached through its normalized twin
        assert entry.xpath(f".//a[@href='#{mention}' or @href='#{mention.removesuffix('-d')}']")


def test_index_entries_identify(page) -> None:
    mao = page.get_element_by_id("idx-mao")
    text = " ".join(mao.text_content().split())
    assert text.startswith("Mao Zedong — Leader of the Chinese Communist Party")
    assert "¶1" in text


def test_person_index_files_by_surname(page) -> None:
    """As the printed index: 'Stalin, Joseph', from forename/surname markup or a one-word
    variant that is the name's last word; Chinese names as written."""
    names = [
        li.xpath("string(span[@class='entry-name'])")
        for li in page.xpath("//section[@id='index-person']//li")
    ]
    assert names == sorted(names, key=str.lower)
    for filed in ("Stalin, Joseph", "Mikoyan, Anastas", "Roosevelt, Franklin D.", "Mao Zedong",
                  "Kovalev, E.", "Orlov, Andrei", "Zhu De", "Belov"):  # fmt: skip
        assert filed in names
    orlov = page.get_element_by_id("idx-orlov")
    assert " ".join(orlov.text_content().split()).startswith("Orlov, Andrei (Terebin) — ")
    # @sortKey, where given, decides the order
    doc = tei_doc("x").replace(
        b"<listPerson>", b'<listPerson><person xml:id="x" sortKey="Zz"><persName>Aa Bb</persName>'
        b"</person>"
    )  # fmt: skip
    filed = html_tree(render_html(doc)).xpath("//section[@id='index-person']//li/span[1]/text()")
    assert filed == ["Georgii Malenkov", "Aa Bb"]


def test_notes_numbered_by_kind_with_back_links(page, tei) -> None:
    for kind, initial in (("translator", "t"), ("editorial", "e"), ("authorial", "a")):
        listed = page.xpath(f"//section[@id='notes-{kind}']//ol/li")
        expected = tei.xpath(f"//tei:text//tei:note[@type='{kind}']", namespaces=NS)
        assert len(listed) == len(expected) > 0
        for li in listed:
            assert li.get("id").startswith(f"note-{initial}")
            (back,) = li.xpath(".//a[@class='back']")
            target = page.get_element_by_id(back.get("href")[1:])
            if kind != "authorial":
                assert target.get("href") == "#" + li.get("id")
    labels = page.xpath("//section[@id='notes-editorial']//span[@class='note-label']/text()")
    assert labels[:3] == ["a", "b", "c"]


def test_both_readings_in_the_markup(edition_html: str) -> None:
    normalized = html_visible(edition_html, "normalized")
    diplomatic = html_visible(edition_html, "diplomatic")
    # a note's marker follows its word: no space before it, none left before the stop
    assert "– Xibaipo. This" in normalized and "Xinxibo" not in normalized
    assert "– Xinxibo [sic, should be Xibaipo]. This" in diplomatic
    assert "[Georgii] Malenkov" in diplomatic and "[Georgii]" not in normalized
    assert "how they manage... […]" in normalized


def test_note_markers_attach_to_their_word(page) -> None:
    for ref in page.xpath("//article//a[contains(@class, 'te-noteref')]"):
        twin = ref.getparent()  # the te-n span holding the marker
        before = twin.getprevious()
        text = (before.tail if before is not None else twin.getparent().text) or ""
        if before is not None and "te-d" in (before.get("class") or "").split():
            # the source's space before the note, for the diplomatic reading only
            assert before.text == " " and not (before.getprevious().tail or "x")[-1].isspace()
        else:
            assert not text[-1:].isspace(), ref.get("id")
    css = "".join(page.xpath("//style/text()"))
    (rule,) = re.findall(r"\.te-noteref \{[^}]*\}", css)
    assert re.search(r"padding: 0 0 0 [.\d]+em;", rule)  # nothing between marker and stop


def test_translator_notes_quote_the_source_words(page) -> None:
    def note(label: str) -> str:
        return " ".join(page.get_element_by_id(label).text_content().split())

    assert note("note-t3").startswith("3 Xinxibo [sic, should be Xibaipo] ↩")
    assert note("note-t5").startswith("5 Beijing dialect [sic, in fact Hunan] ↩")
    assert note("note-t6").startswith("6 MVD [Ministry of Internal Affairs, sic, in fact NKVD]")
    assert note("note-t1").startswith("1 Andrei Orlov ↩")
    assert note("note-eb").startswith("b Source: (Taibi /?/) [sic]. An unidentified word")
    (ref,) = page.xpath("//a[@id='noteref-t3']")
    assert ref.get("title") == "Translator’s note 3: Xinxibo [sic, should be Xibaipo]"


def test_every_source_reading_is_in_a_tooltip(page, tei) -> None:
    """Corrections, [sic] and doubtful readings: the tooltip gives the source reading."""
    tips = {
        " ".join(t.split())
        for t in page.xpath(
            "//article//span[contains(@class, 'te-alt')][contains(@class, 'te-correction') or"
            " contains(@class, 'te-sic')]/span[@role='tooltip']/span[@class='te-n']/text()"
        )
    }
    assert tips == {
        "Source: “Xinxibo”",
        "Source: “Taiyuqin”",
        "Source: “Beijing”",
        "Source: “MVD”",
        "Source: “Kong Kong”",
        "Source: “Sh..... [sic]”",
        "Source: “(Taibi /?/) [sic]”",
    }
    # every correction and [sic] of the text has its tooltip
    sources = "//tei:text//tei:choice[tei:sic] | //tei:text//tei:sic[not(parent::tei:choice)]"
    alts = (
        "//article//span[contains(@class, 'te-correction') or contains(@class, 'te-sic')]"
        "[span[@role='tooltip']]"
    )
    assert len(page.xpath(alts)) == len(tei.xpath(sources, namespaces=NS))


def test_foreign_words_carry_their_language(page, tei) -> None:
    n = len(tei.xpath("//tei:text//tei:foreign", namespaces=NS))
    assert len(page.xpath("//article//*[@lang='ru-Latn']")) == 2 * n  # once per reading


def test_interventions_are_keyboard_reachable(page) -> None:
    alts = page.xpath("//article//span[contains(@class, 'te-alt')][span[@role='tooltip']]")
    assert len(alts) > 50
    for alt in alts:
        in_link = alt.xpath("ancestor::a")
        assert (alt.get("tabindex") == "0") != bool(in_link)


def test_principles_and_citation(page) -> None:
    principles = " ".join(page.get_element_by_id("principles").text_content().split())
    # in plain words for readers, read from the document: whose the interventions are,
    # what each kind is and how the page shows it; the encoder's terms stay out
    assert (
        "Every intervention in the text is attributed to whoever made it: the translator,"
        " Sergey Radchenko; this edition, the tei-edition project; and the author,"
        " Anastas Mikoyan." in principles
    )
    assert "Words the translator supplied read as part of the text" in principles
    assert "Errors corrected by the translator and this edition read corrected" in principles
    assert "Notes lettered a, b, c are by this edition; they are not in the source." in principles
    # the header's principles that need no encoder's terms, as stated
    assert "Quotation marks are kept in the text as the source gives them." in principles
    assert "<" not in principles and "@resp" not in principles and "#translator" not in principles
    cite = " ".join(page.xpath("string(//section[@id='cite']/p)").split())
    assert cite.startswith(
        "Anastas Mikoyan. “Anastas Mikoyan’s Recollections of his Trip to China.”"
    )
    assert "Translated by Sergey Radchenko." in cite
    # one typography throughout, the archive's citation included
    assert '"' not in cite and "'" not in cite
    assert "Source: “Anastas Mikoyan’s Recollections of his Trip to China”, September 4" in cite
    # the edition itself: its publisher, date and identifier
    assert (
        "Digital edition, The tei-edition project, 29 November 2026."
        " Identifier: mikoyan-recollections-1958." in cite
    )


def test_switch_is_hidden_without_script_and_set_to_the_reading() -> None:
    for reading in ("normalized", "diplomatic"):
        page = html_tree(render_html(SAMPLE, reading))
        box = page.get_element_by_id("reading-switch")
        assert box.get("hidden") is not None
        assert box.xpath(".//input[@checked]/@value") == [reading]
        assert page.get("class") == f"reading-{reading}"


def test_without_index_names_are_not_links() -> None:
    page = html_tree(render_html(SAMPLE, index=False))
    assert not page.xpath("//*[@id='index']") and not page.xpath("//a[contains(@href, '#idx-')]")
    assert page.xpath("//article//span[contains(@class, 'te-name')]")


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_colour_contrast(page) -> None:
    css = "".join(page.xpath("//style/text()"))
    var = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    pairs = [
        ("ink", "paper"), ("muted", "paper"), ("accent", "paper"), ("ink", "tr-bg"),
        ("ink", "ed-bg"), ("accent", "tr-bg"), ("au", "paper"), ("ed-line", "paper"),
        ("tr-line", "paper"), ("tip-ink", "tip-bg"), ("mark", "paper"), ("mark", "tr-bg"),
        ("mark", "ed-bg"),
    ]  # fmt: skip
    for fg, bg in pairs:
        assert _contrast(var[fg], var[bg]) >= 4.5, (fg, bg)
    assert _contrast(var["muted"], "#f3efe6") >= 4.5  # the gap marker
    assert _contrast(var["mark"], "#fff0b3") >= 4.5  # a page break in a highlighted target
    # the page-break marker and its number are drawn in the marker colour
    (rule,) = re.findall(r"\.te-pb \{[^}]*\}", css)
    assert "color: var(--mark)" in rule
    assert not re.search(r"\.te-pb-n \{[^}]*color", css)


@pytest.mark.java
def test_valid_html5(tmp_path: Path, edition_html: str) -> None:
    validator = nu_checker()
    pages = {"edition.html": edition_html}
    for source in (SAMPLE, GENERIC):
        for reading in ("normalized", "diplomatic"):
            pages[f"{source.stem}-{reading}.html"] = render_html(source, reading)
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run = subprocess.run(
        [str(validator), "--show-warnings", *sorted(str(tmp_path / n) for n in pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == ""


def test_generic_tei_gives_a_valid_structure() -> None:
    page = html_tree(render_html(GENERIC))
    assert page.xpath("//article//ol/li[contains(@class, 'te-item')]")
    assert page.xpath("//article//table/tbody/tr/td")
    assert page.xpath("//article//*[@data-tei='blorp']")
    # block-level TEI inside a paragraph does not break the paragraph
    assert not page.xpath("//p//p | //p//div | //p//figure | //p//ul | //p//table")
    etree.tostring(page)  # serializes


def test_source_of_a_structured_description_is_spaced() -> None:
    from test_text_export import SOURCE_DESCS, with_source

    desc, expected = SOURCE_DESCS[0]
    page = html_tree(render_html(with_source(desc)))
    (dd,) = page.xpath("//header//dd[@class='source']")
    assert " ".join(dd.text_content().split()) == f"{expected} https://example.org/doc/1"
    cite = " ".join(page.xpath("string(//section[@id='cite']/p)").split())
    assert "Translated by Sergey Radchenko." in cite and "bySergey" not in cite


def test_key_speaks_of_the_switch_only_when_scripts_run() -> None:
    """Without scripts the switch is hidden: the key then links to the other reading's page."""
    for reading, other, href in (
        ("normalized", "diplomatic", "mikoyan-recollections-1958.diplomatic.html"),
        ("diplomatic", "normalized", "mikoyan-recollections-1958.html"),
    ):
        key = html_tree(render_html(EDITION, reading)).xpath("//section[@class='key']")[0]
        (switch,) = [s for s in key.iter("span") if "switch" in (s.text or "")]
        assert switch.get("class") == "te-js" and switch.get("hidden") is not None
        (noscript,) = key.iter("noscript")
        said = " ".join(etree.tostring(noscript, method="text", encoding="unicode").split())
        assert said == f"The {other} reading is on a page of its own."
        assert [a.get("href") for a in noscript.iter("a")] == [href]
    given = {"other-reading-href": "other/page.html"}
    page = html_tree(render_html(EDITION, **given))
    assert page.xpath("//noscript/a/@href") == ["other/page.html"]
    for unsafe in ("javascript:alert(1)", 'a" onclick="x'):
        page = html_tree(render_html(EDITION, **{"other-reading-href": unsafe}))
        assert page.xpath("//noscript/a") == [] and page.xpath("//noscript")
    # no identifier to name the other page by: no link
    assert html_tree(render_html(SAMPLE)).xpath("//noscript/a") == []


def test_editorial_notes_left_in_the_text_are_read_there_once() -> None:
    """Notes an editor left in the running text (place="inline", as DraCor's plays have
    them) are read where they stand, unnumbered: not listed again among the notes, where
    every one was labelled 'a' under one id."""
    doc = tei_doc(
        'τις <note place="inline" resp="ed">about 21 letters</note> λέγει'
        ' <note place="inline" resp="ed">one line missing here</note> καί'
        "<note>A listed note.</note> τέλος."
    )
    out = render_html(doc)
    page = html_tree(out)
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), Counter(ids).most_common(3)
    visible = html_visible(out, "normalized", root_id=None)
    for words in ("about 21 letters", "one line missing here", "A listed note."):
        assert visible.count(words) == 1, words
    listed = page.xpath("//*[@id='notes']//ol[@class='notelist']/li")
    assert len(listed) == 1


def test_the_key_says_what_a_doubtful_intervention_is() -> None:
    """The key's sample of a doubtful intervention is followed by what it means, not by
    its own word again ('doubtful doubtful')."""
    page = html_tree(
        render_html(tei_doc('The <choice><sic>teh</sic><corr cert="low">the</corr></choice> word.'))
    )
    items = [" ".join(li.text_content().split()) for li in page.xpath("//ul[@class='legend']/li")]
    assert "doubtful an intervention marked as uncertain" in items, items
