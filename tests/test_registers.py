"""Registers a historian can use: persons by surname in the site and in every export's
index, entry pages with life dates, certainty, the forms of the name and the mentions
grouped per document, and a chronology of the events the documents date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree, html

from site_support import letter, make_edition
from tei_edition.issues import TeiEditionError
from tei_edition.site import build_site
from tei_edition.transform.export import export

REGISTER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Register</title></titleStmt>
      <publicationStmt><p>Made for the tests.</p></publicationStmt>
      <sourceDesc><p>The register of the tests.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <standOff>
    <listPerson>
      <person xml:id="lovelace">
        <persName><forename>Ada</forename> <surname>Lovelace</surname></persName>
        <note>Mathematician.</note>
      </person>
      <person xml:id="babbage">
        <persName><forename>Charles</forename> <surname>Babbage</surname></persName>
        <note>Mathematician.</note>
      </person>
      <person xml:id="stalin">
        <persName type="normalized">Joseph Stalin</persName>
        <persName type="variant">Stalin</persName>
        <persName type="variant">Filippov</persName>
        <birth when="1878-12-18"/>
        <death when="1953-03-05"/>
        <note>Soviet leader.</note>
      </person>
      <person xml:id="mao">
        <persName type="normalized">Mao Zedong</persName>
        <persName type="variant">Mao</persName>
        <note>Chinese leader.</note>
      </person>
      <person xml:id="kovalev">
        <persName type="normalized">I. V. Kovalev</persName>
        <note>Soviet minister.</note>
      </person>
      <person xml:id="sadat">
        <persName type="normalized">Anwar el-Sadat</persName>
        <note>Egyptian officer.</note>
      </person>
      <person xml:id="nasser" sortKey="Nasser">
        <persName type="normalized">Gamal Abdel Nasser</persName>
        <note>Egyptian officer.</note>
      </person>
      <person xml:id="zhukov">
        <persName type="normalized">Zhukov</persName>
        <note cert="low">Perhaps the marshal.</note>
      </person>
    </listPerson>
    <listPlace>
      <place xml:id="london"><placeName>London</placeName></place>
    </listPlace>
    <listOrg><org xml:id="royal-society"><orgName>Royal Society</orgName></org></listOrg>
    <listBibl><bibl xml:id="sketch"><title>Sketch of the engine</title></bibl></listBibl>
  </standOff>
</TEI>
"""

BODY = (
    '<p><persName ref="registers.xml#nasser">Nasser</persName>,'
    ' <persName ref="registers.xml#sadat">Sadat</persName>,'
    ' <persName ref="registers.xml#kovalev">Kovalev</persName>,'
    ' <persName ref="registers.xml#zhukov">Zhukov</persName>,'
    ' <persName ref="registers.xml#mao">Mao</persName>,'
    ' <persName ref="registers.xml#lovelace">Lovelace</persName> and'
    ' <persName ref="registers.xml#babbage">Babbage</persName> met on'
    ' <date when="1949-12-16">16 December</date>. Nothing else happened.</p>'
    '<p><persName ref="registers.xml#stalin">Stalin</persName> spoke.</p>'
    '<p><persName ref="registers.xml#stalin">Stalin</persName> spoke again.</p>'
    "<p>Much later, the treaty was signed on"
    ' <date when="1950-02-14">14 February 1950</date> in Moscow. Then all went home.</p>'
    '<p><persName ref="registers.xml#stalin">Filippov</persName> wrote.</p>'
    '<p><persName ref="registers.xml#stalin">Stalin</persName> and'
    ' <persName ref="registers.xml#stalin">Stalin</persName> again.</p>'
    '<p>To <persName ref="registers.xml#stalin" cert="medium">F. Kuznetsov</persName>.</p>'
)

SURNAME_ORDER = [
    "babbage",
    "kovalev",
    "lovelace",
    "mao",
    "nasser",
    "sadat",
    "stalin",
    "zhukov",
]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_edition(tmp_path_factory.mktemp("registers") / "ed")
    (folder / "registers.xml").write_text(REGISTER, encoding="utf-8")
    (folder / "documents" / "1950-treaty.xml").write_text(
        letter("Record of the talks", "1950-02-15", "Record", BODY), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def site(edition: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("registers-site") / "site"
    build_site(edition, out, pdf=False, search=False)
    return out


def _page(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


def _cls(el: html.HtmlElement, name: str, tag: str = "*") -> list[html.HtmlElement]:
    return el.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def _persons(ids: list[str]) -> list[str]:
    return [i for i in ids if i in SURNAME_ORDER]


def test_persons_in_surname_order_on_the_site_and_in_every_index(
    site: Path, edition: Path, tmp_path: Path
) -> None:
    page = _page(site / "register" / "persons.html")
    on_site = [
        a.get("href")[: -len(".html")] for a in page.xpath('//ul[@class="site-entries"]/li/a')
    ]
    assert _persons(on_site) == SURNAME_ORDER
    names = [a.text_content() for a in page.xpath('//ul[@class="site-entries"]/li/a')]
    assert "Stalin, Joseph" in names and "Kovalev, I. V." in names and "Mao Zedong" in names
    assert "Sadat, Anwar el-" in names and "Zhukov" in names

    doc = edition / "documents" / "1950-treaty.xml"
    (made,) = export(doc, ["html"], tmp_path)
    index = _page(made)
    in_html = [li.get("id")[len("idx-") :] for li in index.xpath('//*[@id="index-person"]//li')]
    assert in_html == SURNAME_ORDER

    (fo,) = export(doc, ["fo"], tmp_path)
    ids = etree.parse(str(fo)).xpath("//*[starts-with(@id, 'idx-')]/@id", smart_strings=False)
    assert _persons([i[len("idx-") :] for i in ids]) == SURNAME_ORDER


def test_entry_page_gives_life_dates(site: Path) -> None:
    page = _page(site / "register" / "stalin.html")
    (life,) = _cls(page, "site-life", "dd")
    assert life.text_content() == "1878–1953"
    assert not _cls(_page(site / "register" / "mao.html"), "site-life")


def test_uncertain_identification_is_marked(site: Path) -> None:
    stalin = _page(site / "register" / "stalin.html")
    marks = [s.text_content() for s in _cls(stalin, "site-cert")]
    assert marks == [" — “F. Kuznetsov”, ¶7: identification uncertain (medium)"]
    zhukov = _page(site / "register" / "zhukov.html")
    (cert,) = _cls(zhukov, "site-cert", "dd")
    assert cert.text_content() == "identification uncertain (low)"
    assert not _cls(_page(site / "register" / "mao.html"), "site-cert")


def test_also_lists_the_forms_the_documents_use(site: Path) -> None:
    page = _page(site / "register" / "stalin.html")
    (forms,) = _cls(page, "site-forms", "dd")
    assert forms.text_content().split("; ") == ["Stalin", "Filippov", "F. Kuznetsov"]


def test_mentions_are_grouped_per_document_with_ranges(site: Path) -> None:
    page = _page(site / "register" / "stalin.html")
    (line,) = [
        li
        for li in _cls(page, "site-mention-doc", "li")
        if "Record of the talks" in li.text_content()
    ]
    (paras,) = _cls(line, "site-paras")
    assert paras.text_content() == "¶2–3, 5–7"
    links = [a.get("href") for a in paras.xpath(".//a")]
    assert links == [
        "../documents/1950-treaty.html#m-stalin-1",
        "../documents/1950-treaty.html#m-stalin-2",
        "../documents/1950-treaty.html#m-stalin-3",
        "../documents/1950-treaty.html#m-stalin-6",
    ]
    assert line.text_content().count("Stalin") == 0  # the name is not repeated
    # every link leads to a mention of the document page
    doc = (site / "documents" / "1950-treaty.html").read_text(encoding="utf-8")
    for href in links:
        assert f'id="{href.split("#")[1]}"' in doc


def test_chronology_lists_the_events_with_sentence_and_link(site: Path) -> None:
    page = _page(site / "chronology.html")
    events = _cls(page, "site-event", "li")
    mine = [e for e in events if "Record of the talks" in e.text_content()]
    assert [e.xpath(".//time")[0].get("datetime") for e in mine] == ["1949-12-16", "1950-02-14"]
    treaty = mine[1]
    assert _cls(treaty, "site-event-sentence")[0].text_content() == (
        "Much later, the treaty was signed on 14 February 1950 in Moscow."
    )
    (link,) = treaty.xpath(".//a")
    assert link.get("href") == "documents/1950-treaty.html#p4"
    doc = (site / "documents" / "1950-treaty.html").read_text(encoding="utf-8")
    assert re.search(r'<p[^>]* id="p4"', doc)
    whens = [e.xpath(".//time")[0].get("datetime") for e in events]
    assert whens == sorted(whens)
    # the documents by date are still there
    assert page.xpath('//*[@id="documents"]//li[@class="site-doc"]')


def test_an_entry_named_like_a_list_page_of_the_site_is_refused(tmp_path: Path) -> None:
    """An entry ``persons-2`` would have the address of the second page of the list of
    persons (register/persons-2.html): the build stops, naming the entry and its line."""
    edition = make_edition(tmp_path / "ed")
    register = edition / "registers.xml"
    text = register.read_text(encoding="utf-8")
    text = text.replace(
        '<person xml:id="babbage">',
        '<person xml:id="persons-2"><persName>Ada Byron</persName></person>\n'
        '      <person xml:id="babbage">',
    )
    register.write_text(text, encoding="utf-8")
    line = text[: text.index('xml:id="persons-2"')].count("\n") + 1
    with pytest.raises(TeiEditionError) as raised:
        build_site(edition, tmp_path / "out", pdf=False, search=False)
    found = [i for i in raised.value.issues if i.rule == "site-route"]
    assert [(i.line, i.severity) for i in found] == [(line, "error")]
    assert "'persons-2'" in found[0].message and "register/persons-2.html" in found[0].message
    assert not (tmp_path / "out" / "register").exists()
    result = build_site(edition, tmp_path / "out", pdf=False, search=False, force=True)
    assert result.forced
    assert "Ada Byron" not in (tmp_path / "out" / "register" / "index.html").read_text("utf-8")


def test_entries_nested_in_entries_each_have_their_page(tmp_path: Path) -> None:
    """A place within a place and a department within an organisation (valid TEI, common in
    real registers) are entries of their own: each has its page, is listed once, and is not
    copied into its parent's entry (which would give its xml:id twice)."""
    edition = make_edition(tmp_path / "ed")
    register = edition / "registers.xml"
    text = register.read_text(encoding="utf-8")
    text = text.replace(
        "<placeName>London</placeName>",
        "<placeName>London</placeName>\n"
        '        <place xml:id="westminster"><placeName>Westminster</placeName>\n'
        "          <note>A borough of London.</note></place>",
    ).replace(
        "<orgName>Royal Society</orgName>",
        "<orgName>Royal Society</orgName>\n"
        '        <listOrg><org xml:id="council"><orgName>Council of the Royal Society</orgName>'
        "</org></listOrg>",
    )
    register.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build_site(edition, out, pdf=False, search=False)
    reg = out / "register"
    for entry, own, parent in (
        ("westminster", "Westminster", "london"),
        ("council", "Council of the Royal Society", "royal-society"),
    ):
        page = html.parse(str(reg / f"{entry}.html")).getroot()
        assert own in page.text_content()
        assert own not in html.parse(str(reg / f"{parent}.html")).getroot().text_content()
    for name in ("places.html", "organisations.html"):
        listing = html.parse(str(reg / name)).getroot()
        ids = [e.get("id") for e in listing.iter() if e.get("id")]
        assert len(ids) == len(set(ids)), name
    places = html.parse(str(reg / "places.html")).getroot().text_content()
    assert places.count("Westminster") == 1 and "London" in places
