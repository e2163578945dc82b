"""What an edition's file names and pointers become in links, and what the site republishes.

A document may be named ``javascript:alert(1).xml`` (a legal name on Linux): every link
made from its name is a relative address that no browser reads as a scheme. A header's
pointer (``publicationStmt/ptr/@target``) and the edition's stable address are links only
where a ``ref`` of the text would be one. The TEI copies the site republishes hold nothing
a browser would render or run (XHTML, SVG, MathML, XLink, ``xml-stylesheet``), and
documents that hold none of it are republished byte for byte. Pagefind's filter values are
written escaped for its UI, which shows them as HTML.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree, html

from site_support import letter, make_edition
from tei_edition import TEI_NS
from tei_edition.issues import TeiEditionError
from tei_edition.resources import transform
from tei_edition.site import build_site
from tei_edition.site.published import INERT, NOTICE, RENDERED, link_name, neutralise
from test_export_support import HEADER, render_html, tei
from test_site import crawl, pages

HOSTILE_FILE = "javascript:alert(1)"
ENCODED = "javascript%3Aalert%281%29"
XHTML, SVG, MATHML, XLINK = RENDERED


def _links(page: Path) -> list[str]:
    tree = html.parse(str(page))
    return [v for el in tree.iter() for k, v in el.attrib.items() if k in ("href", "src")]


@pytest.fixture(scope="module")
def named_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site with a document named javascript:alert(1).xml, between two others by date."""
    tmp = tmp_path_factory.mktemp("named")
    edition = make_edition(tmp / "edition")
    body = (
        '<p>A word from <persName ref="registers.xml#babbage">Babbage</persName>, the'
        " <choice><sic>nubmers</sic><corr>numbers</corr></choice>.</p>"
    )
    (edition / "documents" / f"{HOSTILE_FILE}.xml").write_text(
        letter("Named oddly", "1844-01-01", "Letter", body), encoding="utf-8"
    )
    out = tmp / "out"
    result = build_site(edition, out, pdf=False, search=False)
    assert result.documents == 5
    return out


def test_link_name_reads_as_no_scheme() -> None:
    assert link_name(HOSTILE_FILE) == ENCODED
    assert link_name("1844-letter") == "1844-letter"
    assert link_name("a b#c?d/e%") == "a%20b%23c%3Fd%2Fe%25"
    assert urlsplit(link_name("JavaScript:x") + ".html").scheme == ""


def test_no_link_of_the_site_reads_as_a_script(named_site: Path) -> None:
    for page in pages(named_site):
        for link in _links(page):
            scheme = urlsplit(link).scheme.lower()
            assert scheme in ("", "http", "https", "mailto"), (page, link)
    assert crawl(named_site) == []  # and each lands on its file


def test_previous_next_and_downloads_name_the_file_encoded(named_site: Path) -> None:
    docs = named_site / "documents"
    before = html.parse(str(docs / "sample-letter.html"))  # 10 July 1843
    assert before.xpath("//a[@rel='next']/@href") == [f"{ENCODED}.html"] * 2
    after = html.parse(str(docs / "1844-letter.html"))
    assert after.xpath("//a[@rel='prev']/@href") == [f"{ENCODED}.html"] * 2
    page = html.parse(str(docs / f"{HOSTILE_FILE}.html"))
    assert page.xpath("//ul[@class='site-downloads']//a/@href") == [
        f"{ENCODED}.xml",
        f"{ENCODED}.txt",
        f"{ENCODED}.epub",
        f"{ENCODED}.bib",
        f"{ENCODED}.ris",
        f"{ENCODED}.json",
    ]
    assert page.xpath("//noscript//a/@href") == [f"diplomatic/{ENCODED}.html"]
    diplomatic = html.parse(str(docs / "diplomatic" / f"{HOSTILE_FILE}.html"))
    assert diplomatic.xpath("//noscript//a/@href") == [f"../{ENCODED}.html"]
    home = html.parse(str(named_site / "index.html"))
    assert f"documents/{ENCODED}.html" in home.xpath("//ol[@id='doc-list']//a/@href")
    entry = html.parse(str(named_site / "register" / "babbage.html"))
    assert any(h.startswith(f"../documents/{ENCODED}.html#") for h in entry.xpath("//a/@href"))
    sitemap = (named_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"documents/{ENCODED}.html" in sitemap and "javascript:" not in sitemap


def _with_publication(ptr: str) -> bytes:
    header = HEADER.replace(
        "<publicationStmt><publisher>P</publisher></publicationStmt>",
        f'<publicationStmt><publisher>P</publisher><ptr target="{ptr}"/></publicationStmt>',
    )
    assert header != HEADER
    return tei("Words.").replace(HEADER.encode(), header.encode())


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>"]
)
def test_a_header_pointer_links_only_where_a_ref_would(target: str) -> None:
    page = html.fromstring(render_html(_with_publication(target.replace("<", "&lt;"))))
    links = page.xpath("//a/@href")
    assert not [h for h in links if ":" in h.split("#")[0] and not h.startswith("https://")]
    assert page.xpath("//section[@id='cite']//a") == []


def test_a_web_address_in_the_header_is_the_citation_link() -> None:
    page = html.fromstring(render_html(_with_publication("https://example.org/edition")))
    assert page.xpath("//section[@id='cite']//a/@href") == ["https://example.org/edition"]


def _site_page(stable_url: str) -> html.HtmlElement:
    from lxml import etree

    from tei_edition.site.build import DOCUMENT_MODEL, SITE_NS
    from tei_edition.xslt import transform as run_xslt

    params = {"edition-title": "An Edition", "site-root": "../"}
    model = etree.Element(f"{{{SITE_NS}}}document", {"stable-url": stable_url})
    page = run_xslt(
        transform("site.xsl"),
        tei("Words."),
        params,
        documents={DOCUMENT_MODEL: etree.tostring(model)},
    )
    return html.fromstring(page.decode("utf-8"))


def test_the_stable_address_links_only_when_it_is_a_web_address() -> None:
    page = _site_page("javascript:alert(1)//documents/x.html")
    assert page.xpath("//link[@rel='canonical'] | //meta[@name='citation_public_url']") == []
    assert not [h for h in page.xpath("//a/@href") if "javascript" in h.lower()]
    page = _site_page("https://example.org/documents/x.html")
    assert page.xpath("//link[@rel='canonical']/@href") == ["https://example.org/documents/x.html"]
    assert page.xpath("//section[@id='cite']//a/@href") == ["https://example.org/documents/x.html"]


# ---------------------------------------------------------------- the TEI copies

EXAMPLE = f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="#style"?>
<?xml-model href="http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
  type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>
<TEI xmlns="{TEI_NS}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Markup that runs</title></titleStmt>
      <publicationStmt><publisher>Test</publisher></publicationStmt>
      <sourceDesc><bibl>Made for the tests.</bibl></sourceDesc>
    </fileDesc>
    <profileDesc><creation><date when="1846-01-01">1846</date></creation></profileDesc>
  </teiHeader>
  <text><body>
    <p>An example of a page that runs a script:</p>
    <egXML xmlns="http://www.tei-c.org/ns/Examples">
      <html xmlns="{XHTML}"><body><script>alert(document.domain)</script>
        <a href="javascript:alert(2)">link</a></body></html>
      <svg xmlns="{SVG}" xmlns:xl="{XLINK}" onload="alert(3)">
        <a xl:href="javascript:alert(4)">x</a></svg>
      <math xmlns="{MATHML}"><mi>x</mi></math>
    </egXML>
  </body></text>
</TEI>
"""


def _rendered(tree: etree._ElementTree) -> list[str]:
    found = []
    for el in tree.iter():
        if isinstance(el.tag, str):
            names = [el.tag, *el.attrib]
            found += [n for n in names if etree.QName(n).namespace in RENDERED]
        elif isinstance(el, etree._ProcessingInstruction) and el.target == "xml-stylesheet":
            found.append("xml-stylesheet")
    root = tree.getroot()
    found += [
        "xml-stylesheet"
        for n in (*root.itersiblings(preceding=True), *root.itersiblings())
        if isinstance(n, etree._ProcessingInstruction) and n.target == "xml-stylesheet"
    ]
    return found


@pytest.fixture(scope="module")
def copied_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("copies")
    edition = make_edition(tmp / "edition")
    (edition / "documents" / "1846-example.xml").write_text(EXAMPLE, encoding="utf-8")
    register = edition / "registers.xml"
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text.replace("<TEI ", '<?xml-stylesheet type="text/css" href="x.css"?>\n<TEI ', 1),
        encoding="utf-8",
    )
    out = tmp / "out"
    build_site(edition, out, pdf=False, search=False)
    return edition, out


def test_the_published_copy_renders_and_runs_nothing(copied_site: tuple[Path, Path]) -> None:
    edition, out = copied_site
    original = etree.parse(str(edition / "documents" / "1846-example.xml"))
    assert len(_rendered(original)) >= 8
    data = (out / "documents" / "1846-example.xml").read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!--' + NOTICE.encode())
    copy = etree.ElementTree(etree.fromstring(data))
    assert _rendered(copy) == []
    # the same elements, attributes and text, in the inert namespaces
    inert = [el for el in copy.iter() if isinstance(el.tag, str) and INERT in el.tag]
    assert {etree.QName(el).localname for el in inert} >= {"html", "script", "svg", "a", "math"}
    script = copy.find(f".//{{{INERT}{XHTML}}}script")
    assert script is not None and script.text == "alert(document.domain)"
    svg = copy.find(f".//{{{INERT}{SVG}}}svg")
    assert svg is not None and svg.get("onload") == "alert(3)"
    link = svg.find(f"{{{INERT}{SVG}}}a")
    assert link is not None and link.get(f"{{{INERT}{XLINK}}}href") == "javascript:alert(4)"
    assert [el.text for el in copy.iter(f"{{{TEI_NS}}}p")] == [
        "An example of a page that runs a script:"
    ]
    # the xml-model declaration stays
    assert b"<?xml-model " in data


def test_the_register_copy_is_neutralised_and_the_others_kept(
    copied_site: tuple[Path, Path],
) -> None:
    edition, out = copied_site
    register = (out / "registers.xml").read_bytes()
    assert b"xml-stylesheet" not in register.split(b"-->", 1)[1] and NOTICE.encode() in register
    for doc in (edition / "documents").glob("*.xml"):
        if doc.name != "1846-example.xml":
            assert (out / "documents" / doc.name).read_bytes() == doc.read_bytes()


def test_neutralise_keeps_a_harmless_document_byte_for_byte() -> None:
    data = tei("Plain <hi rend='italic'>words</hi>.")
    assert neutralise(data) is data


def test_neutralise_leaves_out_a_document_type_and_stylesheets_anywhere() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ATTLIST p rend CDATA "x">]>\n'
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>a<?xml-stylesheet href="s"?>'
        b"b <hi>c</hi><?xml-stylesheet href='t'?> d</p><!-- kept --></body></text></TEI>"
    )
    copy = neutralise(data)
    assert b"DOCTYPE" not in copy and b"ATTLIST" not in copy
    assert copy.count(b"xml-stylesheet") == 1  # the notice names them
    root = etree.fromstring(copy)
    p = root.find(f".//{{{TEI_NS}}}p")
    assert "".join(p.itertext()) == "ab c d"
    assert b"<!-- kept -->" in copy


def test_neutralise_refuses_what_is_not_well_formed() -> None:
    with pytest.raises(TeiEditionError):
        neutralise(b"<TEI><p></TEI>")


# ---------------------------------------------------------------- Pagefind's filters


def test_filter_values_are_written_escaped_for_pagefinds_ui(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "edition")
    register = edition / "registers.xml"
    person = '<person xml:id="odd"><persName>X &lt;img src=x&gt; &amp; "Co"</persName></person>'
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("</listPerson>", person + "</listPerson>"), "utf-8")
    body = '<p><persName ref="registers.xml#odd">X</persName></p>'
    (edition / "documents" / "1846-odd.xml").write_text(
        letter("Odd", "1846-01-01", "A &lt;b&gt;kind", body), encoding="utf-8"
    )
    build_site(edition, tmp_path / "out", pdf=False, search=False)
    page = html.parse(str(tmp_path / "out" / "documents" / "1846-odd.html"))
    # the text of the element (what Pagefind reads, decoding its character references
    # twice more) holds the value escaped twice
    assert page.xpath("//*[@data-pagefind-filter='person']/text()") == [
        "X &amp;lt;img src=x&amp;gt; &amp;amp; &amp;quot;Co&amp;quot;"
    ]
    assert page.xpath("//*[@data-pagefind-filter='kind']/text()") == ["A &amp;lt;b&amp;gt;kind"]
    # a title is shown as text: written as it is
    assert page.xpath("//*[@data-pagefind-meta='title']/text()") == ["Odd"]
