"""How a document of the edition is cited: the edition's date (edition.toml's `date`), never
a build's or a file's; Chicago notes-bibliography on the page (the publisher once, the
edition's title in italics), and the same in the BibTeX, RIS and CSL-JSON files and the
citation_* meta tags; stable addresses, canonical links and sitemap.xml only where the
edition has an address (base_url); the archive's own address of a source beside the one
the text was taken from."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree, html

from site_support import BASE_URL, RELEASE, make_edition
from tei_edition.edition.config import SETTINGS, read_config
from tei_edition.issues import UsageError
from tei_edition.site import build_site
from tei_edition.site.build import SITEMAP_SKIPPED
from tei_edition.site.cite import Citation

ROOT = Path(__file__).resolve().parents[1]
DOC = "1844-letter"
TITLE = "Letter, Lovelace to Babbage"
EDITION = "Test Edition"
PUBLISHER = "The Test Press"


def _build(edition: Path, out: Path, epoch: str | None = "1700000000"):
    with pytest.MonkeyPatch.context() as mp:
        if epoch is None:
            mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            mp.setenv("SOURCE_DATE_EPOCH", epoch)
        return build_site(edition, out, pdf=False, search=False)


def _set(edition: Path, key: str, value: str | None) -> None:
    """Set (or, with None, remove) a key of the edition's [edition] table."""
    config = edition / "edition.toml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(rf"(?m)^{key} = .*\n", "", text)
    if value is not None:
        text = text.replace("[edition]\n", f"[edition]\n{key} = {json.dumps(value)}\n", 1)
    config.write_text(text, encoding="utf-8")


def _page(out: Path, slug: str = DOC) -> html.HtmlElement:
    return html.parse(str(out / "documents" / f"{slug}.html")).getroot()


def _meta(page: html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for m in page.xpath("//meta[starts-with(@name, 'citation_')]"):
        found.setdefault(m.get("name"), []).append(m.get("content"))
    return found


def _citation(page: html.HtmlElement) -> html.HtmlElement:
    (p,) = page.xpath("//section[@id='cite']/p[@class='citation']")
    return p


def _cited(out: Path, slug: str = DOC) -> dict[str, bytes]:
    """What a build says of how a document is cited: the citation, its meta tags, its files."""
    page = _page(out, slug)
    cited = {
        "text": html.tostring(_citation(page)),
        "meta": json.dumps(_meta(page), sort_keys=True).encode(),
    }
    for ext in (".bib", ".ris", ".json"):
        cited[ext] = (out / "documents" / f"{slug}{ext}").read_bytes()
    return cited


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_edition(tmp_path_factory.mktemp("ed") / "edition")


@pytest.fixture(scope="module")
def site(edition: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    result = _build(edition, out)
    assert not result.issues, [i.format() for i in result.issues]
    return out


# ------------------------------------------------------------------ the date cited


def test_the_date_cited_is_the_editions_whatever_the_build_date(
    edition: Path, site: Path, tmp_path: Path
) -> None:
    before = _cited(site)
    assert "March 1, 2025" in _citation(_page(site)).text_content()
    assert _meta(_page(site))["citation_date"] == ["2025/03/01"]
    # another build date (SOURCE_DATE_EPOCH), then none: the newest input's time, changed
    other = tmp_path / "other"
    _build(edition, other, epoch="1900000000")
    stamp = "string(//p[@class='site-stamp'])"
    assert _page(other).xpath(stamp) != _page(site).xpath(stamp)  # the footer's build date
    assert _cited(other) == before
    for path in edition.rglob("*"):
        if path.is_file():
            os.utime(path, (2_000_000_000, 2_000_000_000))
    touched = tmp_path / "touched"
    _build(edition, touched, epoch=None)
    assert "built 2033-05-18" in _page(touched).xpath(stamp)
    assert _cited(touched) == before
    for cited in (other, touched):
        assert not re.search(r"20(2[6-9]|3\d)", _cited(cited)[".bib"].decode())


def test_an_edition_without_a_date_cites_none(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "ed")
    _set(edition, "date", None)
    out = tmp_path / "out"
    _build(edition, out)
    text = _citation(_page(out)).text_content()
    assert f"Charles Editor. {PUBLISHER}. {BASE_URL}" in text
    assert "2023" not in text  # the year of the build's SOURCE_DATE_EPOCH
    assert "citation_date" not in _meta(_page(out))
    bib = (out / "documents" / f"{DOC}.bib").read_text(encoding="utf-8")
    assert "year" not in bib and "2023" not in bib
    assert "issued" not in json.loads((out / "documents" / f"{DOC}.json").read_text())[0]


# ------------------------------------------------------------------ the citation's words


def test_the_citation_names_the_publisher_once_and_italicises_the_edition(site: Path) -> None:
    p = _citation(_page(site))
    text = p.text_content()
    assert text == (
        f"Ada Lovelace. “{TITLE},” August 1, 1844. In {EDITION}, edited by Ada Editor and "
        f"Charles Editor. {PUBLISHER}, March 1, 2025. {BASE_URL}documents/{DOC}.html"
    )
    assert text.count("Test Press") == 1
    assert [c.text for c in p.xpath("cite | i")] == [EDITION]
    assert p.xpath("a/@href") == [f"{BASE_URL}documents/{DOC}.html"]
    assert "Version" not in text and "built" not in text  # the build is the footer's


def test_an_editor_who_is_the_publisher_is_named_once(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "ed")
    config = edition / "edition.toml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^editors = .*$", f"editors = [{json.dumps(PUBLISHER)}]", text)
    config.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    _build(edition, out)
    cited = _citation(_page(out)).text_content()
    assert cited.count(PUBLISHER) == 1 and "edited by" not in cited
    assert f"In {EDITION}. {PUBLISHER}, March 1, 2025." in cited
    assert "editor" not in (out / "documents" / f"{DOC}.bib").read_text(encoding="utf-8")


def test_words_mid_sentence_and_the_editors_as_chicago_gives_them() -> None:
    cite = Citation(
        key="k", title="On the Engine?",
        authors=("Ada Lovelace", "Charles Babbage", "Mary Somerville"),
        doc_date="1843-07", doc_date_label="July 1843", edition="Notes",
        editors=("The Society", "Jo Roe"), publisher="The Press", date="2025", url="",
    )  # fmt: skip
    assert cite.text() == (
        "Ada Lovelace, Charles Babbage, and Mary Somerville. “On the Engine?” July 1843. In Notes,"
        " edited by the Society and Jo Roe. The Press, 2025."
    )
    undated = Citation("k", "Note", (), "", "", "Notes", (), "", "", "")
    assert undated.text() == "“Note.” In Notes."


def test_the_citation_speaks_the_edition_language_in_chicago_style() -> None:
    """The connecting words and the dates are the language's; the style and the data stay."""
    fields = dict(
        key="k", title="Brief", authors=("Ada Lovelace", "Charles Babbage", "Mary Somerville"),
        doc_date="1843-07-10", doc_date_label="", edition="Briefe",
        editors=("The Society", "Jo Roe"), publisher="Verlag", date="2025-03-01", url="",
    )  # fmt: skip
    german = Citation(**fields, language="de")
    assert german.text() == (
        "Ada Lovelace, Charles Babbage und Mary Somerville. “Brief,” 10. Juli 1843. In Briefe,"
        " hg. von The Society und Jo Roe. Verlag, 1. März 2025."
    )
    assert Citation(**fields, language="fr").text().endswith("Verlag, 1 mars 2025.")
    # the downloads are data, the same in every language
    english = Citation(**fields)
    assert (german.bibtex(), german.ris(), german.csl()) == (
        english.bibtex(),
        english.ris(),
        english.csl(),
    )


# ------------------------------------------------------------------ the same in every format


def _bib_fields(text: str) -> dict[str, str]:
    """The fields of one BibTeX entry (values in braces, or bare), braces removed."""
    assert text.startswith("@incollection{") and text.rstrip().endswith("}")
    assert text.count("{") - text.count("\\{") == text.count("}") - text.count("\\}")
    fields = dict(re.findall(r"(?m)^  (\w+) = \{(.*)\},?$", text))
    fields.update(re.findall(r"(?m)^  (\w+) = (\w+),?$", text))
    return {k: re.sub(r"(?<!\\)[{}]", "", v) for k, v in fields.items()}


def _ris_fields(text: str) -> list[tuple[str, str]]:
    lines = text.split("\r\n")
    assert lines[-1] == "" and lines[-2].startswith("ER  -")
    found = [re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line) for line in lines[:-1]]
    assert all(found), lines
    return [(m.group(1), m.group(2)) for m in found if m]


def test_the_citation_files_say_what_the_page_says(site: Path) -> None:
    page = _page(site)
    text = _citation(page).text_content()
    meta = _meta(page)
    url = f"{BASE_URL}documents/{DOC}.html"
    bib = _bib_fields((site / "documents" / f"{DOC}.bib").read_text(encoding="utf-8"))
    assert bib == {
        "title": TITLE,
        "author": "Ada Lovelace",
        "booktitle": EDITION,
        "editor": "Ada Editor and Charles Editor",
        "publisher": PUBLISHER,
        "year": "2025",
        "month": "mar",
        "date": RELEASE,
        "origdate": "1844-08-01",
        "url": url,
    }
    ris = _ris_fields((site / "documents" / f"{DOC}.ris").read_bytes().decode("utf-8"))
    assert ris == [
        ("TY", "CHAP"), ("TI", TITLE), ("AU", "Ada Lovelace"), ("T2", EDITION),
        ("A2", "Ada Editor"), ("A2", "Charles Editor"), ("PB", PUBLISHER), ("PY", "2025"),
        ("DA", "2025/03/01/"), ("UR", url), ("ER", ""),
    ]  # fmt: skip
    (csl,) = json.loads((site / "documents" / f"{DOC}.json").read_text(encoding="utf-8"))
    assert csl == {
        "id": DOC,
        "type": "chapter",
        "title": TITLE,
        "author": [{"literal": "Ada Lovelace"}],
        "container-title": EDITION,
        "editor": [{"literal": "Ada Editor"}, {"literal": "Charles Editor"}],
        "publisher": PUBLISHER,
        "issued": {"date-parts": [[2025, 3, 1]]},
        "original-date": {"date-parts": [[1844, 8, 1]]},
        "URL": url,
    }
    # the page's citation and meta tags say the same
    for words in (TITLE, "Ada Lovelace", EDITION, "Ada Editor", PUBLISHER, "March 1, 2025", url):
        assert words in text
    assert meta == {
        "citation_title": [TITLE],
        "citation_author": ["Ada Lovelace"],
        "citation_date": ["2025/03/01"],
        "citation_inbook_title": [EDITION],
        "citation_publisher": [PUBLISHER],
        "citation_public_url": [url],
    }
    links = page.xpath("//ul[@class='site-downloads']//a[@type]")
    assert [(a.get("href"), a.text) for a in links] == [
        (f"{DOC}.bib", "BibTeX"), (f"{DOC}.ris", "RIS"), (f"{DOC}.json", "CSL-JSON")
    ]  # fmt: skip
    # the diplomatic reading cites the same document, its files one folder up
    diplomatic = html.parse(str(site / "documents" / "diplomatic" / f"{DOC}.html")).getroot()
    assert _citation(diplomatic).text_content() == text
    assert diplomatic.xpath("//ul[@class='site-downloads']//a[@type]/@href")[0] == f"../{DOC}.bib"


def test_each_format_escapes_what_it_must() -> None:
    title = 'A {brace} & 50% of $x_1$ #2 ~ \\ "quoted"\nover two lines'
    cite = Citation(
        "odd key/ü", title, ("Zoë Ünal",), "", "", "Ed & Co", (), "P", "2025-03", "https://h.net/a%20b?c={d}"
    )  # fmt: skip
    bib = cite.bibtex()
    assert bib.startswith("@incollection{odd-key-u,")
    assert r"A \{brace\} \& 50\% of \$x\_1\$ \#2 \textasciitilde{} \textbackslash{} " in bib
    assert '"quoted" over two lines' in bib and "Zoë Ünal" in bib
    assert "url = {https://h.net/a%20b?c=%7Bd%7D}" in bib
    fields = _bib_fields(bib)
    assert fields["month"] == "mar" and fields["date"] == "2025-03"
    ris = _ris_fields(cite.ris())
    assert ("TI", title.replace("\n", " ")) in ris and ("DA", "2025/03//") in ris
    (item,) = json.loads(cite.csl_json())
    assert item["title"] == title and item["issued"] == {"date-parts": [[2025, 3]]}


# ------------------------------------------------------------------ addresses only with base_url


def test_no_address_and_no_sitemap_without_base_url(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "ed")
    out = tmp_path / "out"
    _build(edition, out)
    assert (out / "sitemap.xml").is_file()  # with base_url, then without
    _set(edition, "base_url", None)
    result = _build(edition, out)
    assert not (out / "sitemap.xml").exists()
    notices = [n for n in result.notices if n.rule == "sitemap"]
    assert [n.message for n in notices] == [SITEMAP_SKIPPED]
    assert len(notices[0].format().splitlines()) == 1
    for page in [
        *(out / "documents").glob("*.html"),
        *(out / "documents/diplomatic").glob("*.html"),
    ]:
        tree = html.parse(str(page)).getroot()
        assert not tree.xpath("//link[@rel='canonical'] | //meta[@name='citation_public_url']")
        assert "http" not in _citation(tree).text_content()
    for ext in (".bib", ".ris", ".json"):
        assert "lovelace.test-editions.net" not in (out / "documents" / f"{DOC}{ext}").read_text()
    listing = json.loads((out / "site.json").read_text(encoding="utf-8"))
    assert listing["edition"]["base_url"] == ""


def test_with_base_url_the_addresses_and_sitemap_are_given(site: Path) -> None:
    page = _page(site)
    url = f"{BASE_URL}documents/{DOC}.html"
    assert page.xpath("//link[@rel='canonical']/@href") == [url]
    assert _meta(page)["citation_public_url"] == [url]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert url in locs and all(loc.startswith(BASE_URL) for loc in locs)


def test_past_the_protocol_s_limit_the_sitemap_is_an_index_of_sitemaps(
    edition: Path, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sitemaps protocol allows 50,000 addresses a file: past that, sitemap.xml is a
    sitemap index, and the parts list every page once (here, parts of five); back under
    the limit, the parts are removed."""
    from tei_edition.site import build as site_build

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    whole = etree.parse(str(site / "sitemap.xml")).getroot()
    assert etree.QName(whole).localname == "urlset"
    every = whole.xpath("s:url/s:loc/text()", namespaces=ns)
    out = tmp_path / "out"
    shutil.copytree(site, out)
    monkeypatch.setattr(site_build, "SITEMAP_URLS", 5)
    _build(edition, out)
    index = etree.parse(str(out / "sitemap.xml")).getroot()
    assert etree.QName(index).localname == "sitemapindex"
    parts = index.xpath("s:sitemap/s:loc/text()", namespaces=ns)
    assert parts == [f"{BASE_URL}sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    assert len(parts) == -(-len(every) // 5)
    listed = []
    for n in range(1, len(parts) + 1):
        part = etree.parse(str(out / f"sitemap-{n}.xml")).getroot()
        assert etree.QName(part).localname == "urlset"
        locs = part.xpath("s:url/s:loc/text()", namespaces=ns)
        assert 0 < len(locs) <= 5
        listed += locs
    assert listed == every
    monkeypatch.undo()
    _build(edition, out)
    assert (out / "sitemap.xml").read_bytes() == (site / "sitemap.xml").read_bytes()
    assert not list(out.glob("sitemap-*.xml"))


def test_the_bundled_edition_claims_no_address(tmp_path: Path) -> None:
    config = read_config(ROOT / "edition" / "edition.toml")
    assert config.base_url == "" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", config.date)
    out = tmp_path / "out"
    result = _build(ROOT / "edition", out)
    assert not (out / "sitemap.xml").exists()
    assert [n.rule for n in result.notices].count("sitemap") == 1
    memoir = _page(out, "mikoyan-recollections-1958")
    assert not memoir.xpath("//link[@rel='canonical'] | //meta[@name='citation_public_url']")
    cited = _citation(memoir).text_content()
    assert cited.count("The tei-edition project") == 1 and "edited by The" not in cited
    # the source: the address the text was taken from, and the archive's own where it differs
    source = memoir.xpath("//dd[@class='source']//a/@href")
    assert source == [
        "https://wilson-center.drivingcreative.com/document/121774",
        "https://digitalarchive.wilsoncenter.org/document/121774",
    ]
    same = _page(out, "1949-01-14-cable-50513-mao-to-filippov")  # the archive's own address
    assert same.xpath("//dd[@class='source']//a/@href") == [
        "http://digitalarchive.wilsoncenter.org/document/110478"
    ]
    mirror = _page(out, "1949-01-08-mao-to-stalin")  # a mirror's node: no archive number
    assert len(mirror.xpath("//dd[@class='source']//a/@href")) == 1


# ------------------------------------------------------------------ edition.toml's date


def test_the_date_setting_has_no_placeholder() -> None:
    (setting,) = [s for s in SETTINGS if s.name == "edition.date"]
    assert setting.kind == "date" and setting.placeholders == ()


@pytest.mark.parametrize("value", ["2025-03-01", "2025-03", "2025", "2024-02-29", ""])
def test_a_date_of_the_calendar_is_taken(tmp_path: Path, value: str) -> None:
    path = tmp_path / "edition.toml"
    path.write_text(f'[edition]\ntitle = "A"\ndate = "{value}"\n', encoding="utf-8")
    assert read_config(path).date == value


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ('"1 March 2025"', "must be a date: YYYY-MM-DD, YYYY-MM or YYYY"),
        ('"2025-3-1"', "must be a date"),
        ('"2025-13"', "must be a date"),
        ('"2025-02-30"', "is no day of the calendar"),
        ('"2025-03-01T10:00:00Z"', "must be a date"),
        ("2025-03-01", "must be a string"),  # a TOML date, not a string
    ],
)
def test_a_date_that_is_none_is_refused_at_its_line(tmp_path: Path, value: str, why: str) -> None:
    path = tmp_path / "edition.toml"
    path.write_text(f'[edition]\ntitle = "A"\nversion = "1"\n  date = {value}\n', encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_config(path)
    (issue,) = caught.value.issues
    assert (issue.line, issue.column) == (4, 3)
    assert "edition.date" in issue.message and why in issue.message
