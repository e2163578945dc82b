"""The static site of an edition folder: `tei-edition new`, validation of the edition as
a whole, `build`, the pages it writes (crawled), rebuilds, and `serve`."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import threading
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree, html

from site_support import BASE_URL, LETTERS, make_edition
from tei_edition.edition import load_edition
from tei_edition.issues import TeiEditionError, UsageError
from tei_edition.site import build_site
from tei_edition.site.build import BUILD_LOG, MANIFEST
from tei_edition.site.serve import make_server
from tei_edition.site.uptodate import STAMP
from tei_edition.validate.edition import check_edition
from web_tools import nu_checker

SHARED = Path(__file__).resolve().parents[2] / "shared"
EPOCH = "1700000000"


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_edition(tmp_path_factory.mktemp("ed") / "edition")


@pytest.fixture(scope="module")
def site(edition: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build_site(edition, out, pdf=False)
    assert not result.issues, [i.format() for i in result.issues]
    return out


ROOT_EDITION = Path(__file__).resolve().parents[1] / "edition"


def pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "pagefind" not in p.parts)


def test_new_scaffolds_an_edition_that_validates(tmp_path: Path, invoke) -> None:
    result = invoke("new", tmp_path / "ed")
    assert result.exit_code == 0, result.stderr
    names = {p.relative_to(tmp_path / "ed").as_posix() for p in (tmp_path / "ed").rglob("*")}
    assert {
        "edition.toml",
        "registers.xml",
        "documents/sample-letter.xml",
        "README.md",
        ".pre-commit-config.yaml",
    } <= names
    for xml in (tmp_path / "ed").rglob("*.xml"):
        assert "<?xml-model " in xml.read_text(encoding="utf-8"), xml
    assert "tei-edition validate" in (tmp_path / "ed" / ".pre-commit-config.yaml").read_text()
    checked = invoke("validate", tmp_path / "ed")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    built = invoke("build", tmp_path / "ed", "-o", tmp_path / "out", "--no-pdf")
    assert built.exit_code == 0, built.stderr
    assert (tmp_path / "out" / "documents" / "sample-letter.html").is_file()
    again = invoke("new", tmp_path / "ed")
    assert again.exit_code == 2 and "not an empty folder" in again.stderr


def test_every_document_and_entry_has_its_page(site: Path, edition: Path) -> None:
    ed = load_edition(edition)
    for doc in ed.documents:
        assert (site / "documents" / f"{doc.stem}.html").is_file()
        assert (site / "documents" / f"{doc.stem}.xml").read_bytes() == doc.read_bytes()
        assert (site / "documents" / f"{doc.stem}.txt").is_file()
    register = etree.parse(str(edition / "registers.xml"))
    ids = register.xpath("//@xml:id")
    assert len(ids) == 5
    for ident in ids:
        assert (site / "register" / f"{ident}.html").is_file(), ident
    listing = json.loads((site / "site.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in listing["documents"]] == [
        "1842-note",
        "sample-letter",
        "1844-letter",
        "1845-memo",
    ]
    assert {e["id"] for e in listing["entries"]} == set(ids)


def _targets(page: Path) -> list[tuple[str, str]]:
    tree = html.parse(str(page))
    found = [
        (el.tag, el.get("href"))
        for el in tree.iter()
        if el.get("href") is not None and el.get("rel") != "canonical"  # a name, not a fetch
    ]
    found += [(el.tag, el.get("src")) for el in tree.iter() if el.get("src") is not None]
    return found


def crawl(site: Path) -> list[str]:
    """Every internal link of every page that does not resolve (a file, and an id in it);
    fails on anything a page would load from the network."""
    ids: dict[Path, set[str]] = {}
    problems = []
    for page in pages(site):
        for tag, href in _targets(page):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                # links to authority records and sources are links, never resources
                assert tag == "a", f"{page}: {tag} loads {href} from the network"
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: {href} does not exist")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(html.parse(str(target)).xpath("//@id"))
                if parts.fragment not in ids[target]:
                    problems.append(f"{page.relative_to(site)}: {href} lands on nothing")
    return problems


def test_crawl_every_internal_link_resolves_and_nothing_is_fetched(site: Path) -> None:
    assert crawl(site) == []


@pytest.mark.slow
def test_the_bundled_edition_builds_its_site(tmp_path: Path) -> None:

    out = tmp_path / "out"
    result = build_site(ROOT_EDITION, out, pdf=False)
    documents = sorted(p.stem for p in (ROOT_EDITION / "documents").glob("*.xml"))
    assert result.documents == 1 + len(documents) == 7
    assert crawl(out) == []
    ids = etree.parse(str(ROOT_EDITION / "registers.xml")).xpath(
        "//*[local-name()='standOff']//*[local-name()='person' or local-name()='place'"
        " or local-name()='org']/@xml:id"
    )
    assert len(ids) > 30
    for ident in ids:
        assert (out / "register" / f"{ident}.html").is_file(), ident
    # the register pages gather the mentions of every document: the memoir's and the cables'
    for ident, least in (("stalin", 6), ("mao", 4), ("orlov", 2), ("kovalev-i", 2)):
        page = html.parse(str(out / "register" / f"{ident}.html"))
        links = page.xpath("//a[@class='site-mention']/@href")
        pages = {h.split("#")[0] for h in links}
        assert all(h.startswith("../documents/") and "#m-" in h for h in links), ident
        assert len(pages) >= least, (ident, sorted(pages))
        assert "../documents/mikoyan-recollections-1958.html" in pages, ident
    # a link between documents shows on both pages: the cables point to the memoir's
    # paragraphs, and the memoir's page names the cables that link to it
    memoir = html.parse(str(out / "documents" / "mikoyan-recollections-1958.html"))
    back = memoir.xpath("(//nav[@class='site-referred'])[1]//a/@href")
    assert back == [
        "../documents/1949-01-06-cable-0100-stalin-to-terebin.html",
        "../documents/1949-02-04-cable-0927-stalin-to-mikoyan.html",
    ]
    cable = html.parse(str(out / "documents" / "1949-02-04-cable-0927-stalin-to-mikoyan.html"))
    assert "mikoyan-recollections-1958.html#p59" in cable.xpath(
        "//a[contains(@class, 'te-document')]/@href"
    )
    # a link to a document in a folder of the edition (documents/other.xml) lands on its page
    mao = html.parse(str(out / "documents" / "1949-01-14-cable-50513-mao-to-filippov.html"))
    assert "1949-01-13-terebin-to-stalin.html" in mao.xpath(
        "//a[contains(@class, 'te-document')]/@href"
    )
    # the memoir's names lead to the register's pages (its page has no index of its own)
    assert memoir.xpath("//section[@id='index']") == []
    legend = [" ".join("".join(li.itertext()).split()) for li in memoir.xpath("//li")]
    assert "Name leads to its entry in the registers" in legend
    terebin = html.parse(str(out / "documents" / "1949-01-13-terebin-to-stalin.html"))
    assert terebin.xpath("(//nav[@class='site-referred'])[1]//a/@href") == [
        "../documents/1949-01-14-cable-50513-mao-to-filippov.html"
    ]


def test_home_lists_documents_in_date_order_with_filters(site: Path) -> None:
    home = html.parse(str(site / "index.html"))
    items = home.xpath("//ol[@id='doc-list']/li")
    assert [li.get("data-year") for li in items] == ["1842", "1843", "1844", "1845"]
    assert [li.get("data-kind") for li in items] == ["Note", "Letter", "Letter", "Memorandum"]
    assert home.xpath("//form[@id='doc-filter'][@hidden]")  # shown by the script only
    assert home.xpath("//select[@name='kind']/option/@value") == [
        "",
        "Letter",
        "Memorandum",
        "Note",
    ]
    assert "Test Edition" in home.findtext(".//title")


def test_document_page_navigation_citation_and_downloads(site: Path) -> None:
    page = html.parse(str(site / "documents" / "1844-letter.html"))
    assert page.xpath("//a[@rel='prev']/@href") == ["sample-letter.html"] * 2
    assert page.xpath("//a[@rel='next']/@href") == ["1845-memo.html"] * 2
    crumbs = page.xpath("//nav[@aria-label='Breadcrumb']//li")
    assert [c.text_content() for c in crumbs][-1] == "Letter, Lovelace to Babbage"
    meta = {m.get("name"): m.get("content") for m in page.xpath("//meta[@name]")}
    assert meta["citation_title"] == "Letter, Lovelace to Babbage"
    assert meta["citation_date"] == "2025/03/01"  # the edition's date (tests/test_citation.py)
    url = f"{BASE_URL}documents/1844-letter.html"
    assert meta["citation_public_url"] == url
    assert url in page.xpath("string(//section[@id='cite'])")
    assert page.xpath("//ul[@class='site-downloads']//a/@href") == [
        "1844-letter.xml",
        "1844-letter.txt",
        "1844-letter.epub",
        "1844-letter.bib",
        "1844-letter.ris",
        "1844-letter.json",
    ]
    # the EPUB offered is there, a book (its container's first file says so)
    book = (site / "documents" / "1844-letter.epub").read_bytes()
    assert book[30:58] == b"mimetypeapplication/epub+zip"
    links = page.xpath("//article//a[contains(@class, 'te-name')]/@href")
    babbage, lovelace = "../register/babbage.html", "../register/lovelace.html"
    assert links == [babbage, lovelace, babbage]
    assert page.xpath("//*[@data-pagefind-filter='person']/text()") == [
        "Charles Babbage",
        "Ada Lovelace",
    ]


def test_entry_page_lists_every_mention_in_every_document(site: Path) -> None:
    page = html.parse(str(site / "register" / "babbage.html"))
    links = page.xpath("//a[@class='site-mention']/@href")
    assert links == [
        "../documents/1842-note.html#m-babbage-1",
        "../documents/sample-letter.html#m-babbage-1",
        "../documents/1844-letter.html#m-babbage-1",
        "../documents/1844-letter.html#m-babbage-2",
        "../documents/1845-memo.html#m-babbage-1",
    ]
    # one line per document, the paragraphs as links, the words in their titles
    words = page.xpath("//a[@class='site-mention']/@title")
    assert words[3] == "you, paragraph 2"
    persons = html.parse(str(site / "register" / "persons.html"))
    assert persons.xpath("//ul[@class='site-entries']/li/a/text()") == [
        "Ada Lovelace",
        "Charles Babbage",
    ]


def test_every_page_has_version_and_build_date(site: Path) -> None:
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        assert "Version 0.1.0, built 2023-11-14" in text, page


def tree_bytes(folder: Path) -> dict[Path, bytes]:
    """Every file of a site but the build's record of what it wrote, its stamp of the
    inputs' times and its manifest (a database: which a rebuild's and a clean build's say
    differently, or in other bytes)."""
    return {
        p.relative_to(folder): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name not in (BUILD_LOG, STAMP, MANIFEST)
    }


def assert_same_tree(first: dict[Path, bytes], second: dict[Path, bytes]) -> None:
    assert sorted(first.keys() - second.keys()) == []
    assert sorted(second.keys() - first.keys()) == []
    assert sorted(k for k in first if first[k] != second[k]) == []


def test_two_builds_are_byte_identical(
    site: Path, edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build_site(edition, tmp_path / "again", pdf=False)
    first, second = tree_bytes(site), tree_bytes(tmp_path / "again")
    # Pagefind's index too: its filter files, whose values Pagefind writes in an order
    # that changes from run to run, are put in one order (tei_edition.site.search)
    assert any(k.parts[0] == "pagefind" for k in first)
    assert sum(k.parts[:2] == ("pagefind", "filter") for k in first) == 6
    assert_same_tree(first, second)


def test_the_search_index_is_put_in_one_order(site: Path, tmp_path: Path) -> None:
    """Pagefind's filter values, and its list of filters, in another order (as another
    Pagefind run may write them) give the same files once put in order."""
    import gzip

    from tei_edition.site.search import MARKER, cbor_decode, cbor_encode, stabilise

    bundle = tmp_path / "pagefind"
    shutil.copytree(site / "pagefind", bundle)
    before = tree_bytes(bundle)

    def rewrite(path: Path, change) -> None:
        data = gzip.decompress(path.read_bytes())[len(MARKER) :]
        value = cbor_decode(data)
        path.write_bytes(gzip.compress(MARKER + cbor_encode(change(value)), mtime=0))

    reordered = 0
    for path in sorted((bundle / "filter").iterdir()):
        values = cbor_decode(gzip.decompress(path.read_bytes())[len(MARKER) :])[1]
        if len(values) > 1:
            reordered += 1
            rewrite(path, lambda v: [v[0], v[1][::-1]])
    assert reordered >= 2  # kind, year and person have several values
    (meta,) = bundle.glob("*.pf_meta")
    rewrite(meta, lambda v: [*v[:3], v[3][::-1], *v[4:]])
    assert tree_bytes(bundle) != before
    stabilise(bundle)
    assert_same_tree(tree_bytes(bundle), before)
    # and put in order, it stays as it is
    stabilise(bundle)
    assert_same_tree(tree_bytes(bundle), before)


def edition_copy(
    edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """A copy of the sample edition to change, and a folder to build it into (dated)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    ed = tmp_path / "ed"
    shutil.copytree(edition, ed)
    return ed, tmp_path / "out"


def test_a_changed_document_rebuilds_only_what_depends_on_it(
    edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ed, out = edition_copy(edition, tmp_path, monkeypatch)
    build_site(ed, out, pdf=False, search=False)
    memo = ed / "documents" / "1845-memo.xml"
    memo.write_text(memo.read_text().replace("computed them", "had computed them"))
    again = build_site(ed, out, pdf=False, search=False)
    written = {p.relative_to(out).as_posix() for p in again.written}
    assert {"documents/1845-memo.html", "documents/1845-memo.xml"} <= written
    assert "documents/1844-letter.html" not in written
    assert "register/lovelace.html" not in written
    assert "documents/1845-memo.html" in {p.relative_to(out).as_posix() for p in again.written}
    assert "had computed them" in (out / "documents" / "1845-memo.html").read_text()
    # a document removed: its pages go, its neighbours' navigation changes
    memo.unlink()
    third = build_site(ed, out, pdf=False, search=False)
    assert not (out / "documents" / "1845-memo.html").exists()
    assert "documents/1844-letter.html" in {p.relative_to(out).as_posix() for p in third.written}


def test_a_rebuild_gives_the_bytes_of_a_clean_build_of_the_changed_edition(
    edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ed, out = edition_copy(edition, tmp_path, monkeypatch)
    build_site(ed, out, pdf=False)
    # nothing changed: nothing written, and the search index is not made again
    index = (out / "pagefind").stat().st_ino
    same = build_site(ed, out, pdf=False)
    assert same.written == [] and (out / "pagefind").stat().st_ino == index
    # a document changed, then a document removed: the same files as a clean build
    memo = ed / "documents" / "1845-memo.xml"
    memo.write_text(memo.read_text().replace("computed them", "had computed them"))
    for step in range(2):
        if step == 1:
            (ed / "documents" / "1842-note.xml").unlink()
        build_site(ed, out, pdf=False)
        clean = tmp_path / f"clean-{step}"
        build_site(ed, clean, pdf=False)
        assert_same_tree(tree_bytes(out), tree_bytes(clean))


def test_what_was_read_of_a_document_reads_back_the_same(edition: Path) -> None:
    from tei_edition.edition.collect import document_from_record, document_record, read_document
    from tei_edition.resources import bundled_edition

    paths = [*load_edition(edition).documents, bundled_edition()]
    paths += sorted((ROOT_EDITION / "documents").glob("*.xml"))
    for path in paths:
        doc = read_document(path)
        record = json.loads(json.dumps(document_record(doc)))
        assert document_from_record(path, record) == doc, path
    with pytest.raises(ValueError):
        document_from_record(paths[0], {"slug": "x"})  # type: ignore[arg-type]


def test_a_rebuild_reads_only_the_changed_document(
    edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tei_edition.validate import edition as check_module

    ed, out = edition_copy(edition, tmp_path, monkeypatch)
    build_site(ed, out, pdf=False, search=False)
    read: list[str] = []
    original = check_module.read_document

    def counting(path: Path):
        read.append(path.name)
        return original(path)

    monkeypatch.setattr(check_module, "read_document", counting)
    memo = ed / "documents" / "1845-memo.xml"
    memo.write_text(memo.read_text().replace("computed them", "had computed them"))
    build_site(ed, out, pdf=False, search=False)
    assert read == ["1845-memo.xml"]
    # what an earlier build recorded that is not of the form expected is read again (by a
    # process that has not kept the documents of its last build)
    monkeypatch.setattr(check_module, "_KEPT", {})
    with sqlite3.connect(out / MANIFEST) as db:
        assert db.execute('UPDATE documents SET record = \'["not", "a", "record"]\'').rowcount
    db.close()
    read.clear()
    again = build_site(ed, out, pdf=False, search=False)
    assert sorted(read) == sorted(p.name for p in (ed / "documents").glob("*.xml"))
    assert again.written == []  # the same site


def test_paths_resolved_a_folder_at_a_time_are_display_path_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tei_edition.read.xmlparse import display_path
    from tei_edition.validate.edition import display_paths

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.xml").write_text("<a/>")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "b.xml").symlink_to(tmp_path / "real" / "a.xml")
    monkeypatch.chdir(tmp_path / "real")
    paths = [
        Path("a.xml"),
        Path("b.xml"),
        Path("missing.xml"),
        Path("../linked/a.xml"),
        tmp_path / "linked" / "b.xml",
        tmp_path / "real" / "a.xml",
        Path("/"),
        tmp_path.parent / "elsewhere.xml",
    ]
    assert display_paths(paths) == {p: display_path(p) for p in paths}


def _broken(edition: Path, tmp_path: Path) -> Path:
    ed = tmp_path / "broken"
    shutil.copytree(edition, ed)
    memo = ed / "documents" / "1845-memo.xml"
    memo.write_text(memo.read_text().replace("registers.xml#babbage", "registers.xml#babage"))
    (ed / "documents" / "1844-letter.xml").write_text(
        LETTERS["1844-letter"].replace('ref="registers.xml#lovelace"', 'ref="people.xml#x"')
    )
    reg = ed / "registers.xml"
    reg.write_text(
        reg.read_text().replace(
            "</listPerson>",
            '<person xml:id="nobody"><persName>Nobody</persName></person></listPerson>',
        )
    )
    return ed


def test_the_edition_is_checked_as_a_whole(edition: Path, tmp_path: Path) -> None:
    ed = _broken(edition, tmp_path)
    check = check_edition(load_edition(ed))
    formatted = [i.format() for i in check.issues]
    assert any(
        re.search(r"1845-memo\.xml:\d+:\d+: error: .*'babage'.* \[edition-pointer\]", f)
        for f in formatted
    ), formatted
    assert any(re.search(r"1844-letter\.xml:\d+:\d+: error: .*people\.xml#x", f) for f in formatted)
    assert any(
        re.search(r"registers\.xml:\d+:\d+: warning: .*'nobody'.*\[edition-unused\]", f)
        for f in formatted
    ), formatted


def test_build_stops_on_errors_naming_them_all_and_writes_nothing(
    edition: Path, tmp_path: Path, invoke
) -> None:
    ed = _broken(edition, tmp_path)
    out = tmp_path / "out"
    with pytest.raises(TeiEditionError) as caught:
        build_site(ed, out, pdf=False)
    assert len([i for i in caught.value.issues if i.severity == "error"]) == 2
    assert not out.exists()
    result = invoke("build", ed, "-o", out, "--no-pdf")
    assert result.exit_code == 1
    assert "1845-memo.xml:" in result.stderr and "1844-letter.xml:" in result.stderr
    assert not out.exists()
    forced = invoke("build", ed, "-o", out, "--no-pdf", "--no-search", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "1845-memo.xml:" in forced.stderr
    for page in pages(out):
        assert "This build was forced" in page.read_text(encoding="utf-8"), page


def test_validate_accepts_an_edition_folder(edition: Path, tmp_path: Path, invoke) -> None:
    assert invoke("validate", edition).exit_code == 0
    ed = _broken(edition, tmp_path)
    result = invoke("validate", ed)
    assert result.exit_code == 1
    assert "[edition-pointer]" in result.stdout


def test_config_problems_are_one_line(tmp_path: Path, invoke) -> None:
    ed = make_edition(tmp_path / "ed")
    (ed / "edition.toml").write_text('[edition]\ntitle = "T"\ncolour = "red"\n')
    result = invoke("build", ed, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        "edition.toml:3:1: error: unknown setting edition.colour [config]"
    )
    (ed / "edition.toml").write_text("[edition\n")
    assert "is not TOML" in invoke("build", ed, "-o", tmp_path / "out").stderr
    # a document of that folder, given alone, is read as part of it: the same error
    (doc, *_) = sorted((ed / "documents").glob("*.xml"))
    for command in (["validate", doc], ["export", doc, "--to", "text", "-o", tmp_path / "x"]):
        alone = invoke(*command)
        assert alone.exit_code == 2 and "edition.toml:1:9: error: is not TOML" in alone.stderr
    with pytest.raises(UsageError):
        load_edition(tmp_path / "nothing-here")


def test_a_single_tei_file_builds_as_an_edition_of_one(tmp_path: Path) -> None:
    doc = tmp_path / "one.xml"
    doc.write_text(LETTERS["1845-memo"].replace("registers.xml#babbage", "#x"))
    with pytest.raises(TeiEditionError):  # #x names nothing in the document
        build_site(doc, tmp_path / "out", pdf=False, search=False)
    doc.write_text(LETTERS["1845-memo"].replace(' ref="registers.xml#babbage"', ""))
    result = build_site(doc, tmp_path / "out", pdf=False, search=False)
    assert result.documents == 1
    assert (tmp_path / "out" / "documents" / "one.html").is_file()


@pytest.mark.slow
def test_corpus_documents_with_an_empty_register_build_with_force(tmp_path: Path, invoke) -> None:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present")
    ed = tmp_path / "ed"
    invoke("new", ed)
    (ed / "documents" / "sample-letter.xml").unlink()
    shutil.copytree(corpus, ed / "documents", dirs_exist_ok=True)
    reg = (ed / "registers.xml").read_text()
    start, end = reg.index("<standOff>"), reg.index("</standOff>")
    (ed / "registers.xml").write_text(
        reg[:start] + "<standOff><listPerson><person><persName>nobody</persName></person>"
        "</listPerson></standOff>" + reg[end + len("</standOff>") :]
    )
    out = tmp_path / "out"
    refused = invoke("build", ed, "-o", out, "--no-pdf", "--no-search")
    assert refused.exit_code == 1 and not out.exists()
    result = invoke("build", ed, "-o", out, "--no-pdf", "--no-search", "--force")
    assert result.exit_code == 0, result.stderr[-2000:]
    documents = [
        p
        for p in (ed / "documents").rglob("*.xml")
        if etree.QName(etree.parse(str(p)).getroot()).localname in ("TEI", "teiCorpus")
    ]
    assert len(documents) >= 20
    for path in documents:
        assert (out / "documents" / f"{path.stem}.html").is_file(), path.name
    # the fragments other documents include are named, and left out
    assert "not a document of the edition" in result.stderr
    assert crawl(out) == []


def test_serve_previews_the_site_on_localhost(site: Path) -> None:
    server = make_server(site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://{host}:{port}/index.html", timeout=10) as r:
            assert b"Test Edition" in r.read()
    finally:
        server.shutdown()
        server.server_close()
    with pytest.raises(UsageError):
        make_server(site / "documents")


@pytest.mark.java
def test_site_pages_pass_the_nu_checker(site: Path) -> None:
    validator = nu_checker()
    run = subprocess.run(
        [str(validator), "--show-warnings", *map(str, pages(site))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # The checker predates CSP Level 3's 'wasm-unsafe-eval' (which the search page's policy
    # names for Pagefind's WebAssembly): that one finding is the checker's, not the page's.
    found = [
        line
        for line in (run.stdout + run.stderr).splitlines()
        if line.strip() and "found \"'wasm-unsafe-eval'\"" not in line
    ]
    assert found == [], "\n".join(found)


@pytest.mark.slow
def test_pages_rendered_by_workers_are_the_pages_rendered_in_one_process(
    edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tei_edition.site import build as build_module
    from tei_edition.site.build import MIN_PARALLEL
    from tei_edition.workers import Workers

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    ed = tmp_path / "ed"
    shutil.copytree(edition, ed)
    text = LETTERS["1844-letter"]
    for i in range(MIN_PARALLEL):
        (ed / "documents" / f"more-{i:02d}.xml").write_text(
            text.replace("1844-08-01", f"1846-01-{i + 1:02d}").replace("bernoulli", f"word{i}")
        )
    one = build_site(ed, tmp_path / "one", pdf=False, search=False, jobs=1)
    # the entries' and the other pages too are rendered by the workers, however few
    monkeypatch.setattr(build_module, "MIN_PARALLEL_PAGES", 2)
    shared: list[tuple[str, int, bool]] = []  # (what, worker processes, parallel)
    given = Workers.iter_each

    def spied(self: Workers, func: Any, tasks: Any, **options: Any) -> Any:
        shared.append((func.__name__, id(self), options.get("parallel", True)))
        return given(self, func, tasks, **options)

    monkeypatch.setattr(Workers, "iter_each", spied)
    two = build_site(ed, tmp_path / "two", pdf=False, search=False, jobs=2)
    assert one.documents == two.documents == MIN_PARALLEL + 4
    assert [(f, p) for f, _, p in shared] == [("_render_task", True)] + [("_render_page", True)] * 2
    assert len({pool for _, pool, _ in shared}) == 1  # one set of workers for all
    for page in (tmp_path / "one").rglob("*.html"):
        twin = tmp_path / "two" / page.relative_to(tmp_path / "one")
        if twin.read_bytes() != page.read_bytes():
            import difflib

            a = page.read_text().replace("><", ">\n<").splitlines()
            b = twin.read_text().replace("><", ">\n<").splitlines()
            pytest.fail(
                f"{page}:\n" + "\n".join(list(difflib.unified_diff(a, b, lineterm=""))[:40])
            )


def test_a_site_built_inside_the_edition_is_not_read_as_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ed = make_edition(tmp_path / "ed")
    config = ed / "edition.toml"
    config.write_text(config.read_text().replace('"documents/**/*.xml"', '"**/*.xml"'))
    monkeypatch.chdir(ed)
    first = build_site(None, ed / "site", pdf=False, search=False)
    second = build_site(None, ed / "site", pdf=False, search=False)
    assert first.documents == second.documents == 4  # the register is no document


def test_the_search_leaves_out_the_tooltips(site: Path) -> None:
    """A document page's tooltips (what an intervention is, its other reading) are not
    indexed, so that a search for "Supplied" does not find every page; the text is."""
    pages = sorted((site / "documents").glob("*.html"))
    tips = [t for p in pages for t in html.parse(str(p)).xpath("//span[@class='te-tip']")]
    assert tips, "the sample documents have interventions"
    assert all(t.get("data-pagefind-ignore") == "all" for t in tips)
    main = [html.parse(str(p)).xpath("//main")[0] for p in pages]
    assert all(m.get("data-pagefind-ignore") is None for m in main)


def test_a_search_file_left_half_written_is_written_again(
    edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of Pagefind stopped while writing leaves a file cut short; the next build's
    Pagefind would keep it (it does not write a file it finds), so it is removed first."""
    ed, out = edition_copy(edition, tmp_path, monkeypatch)
    build_site(ed, out, pdf=False)
    for fragment in (out / "pagefind" / "fragment").glob("*.pf_fragment"):
        fragment.write_bytes(fragment.read_bytes()[:20])  # the unchanged pages' too
    memo = ed / "documents" / "1845-memo.xml"  # a change, so that the index is made again
    memo.write_text(memo.read_text().replace("computed them", "had computed them"))
    build_site(ed, out, pdf=False)
    clean = tmp_path / "clean"
    build_site(ed, clean, pdf=False)
    assert_same_tree(tree_bytes(out), tree_bytes(clean))


def test_the_footer_licence_is_a_sentence(
    edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The licence ends with a full stop in the site's footer, added where it has none."""
    ed, out = edition_copy(edition, tmp_path, monkeypatch)
    config = ed / "edition.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        re.sub(r'(?m)^licence = ".*"$', 'licence = "The terms each header gives"', text),
        encoding="utf-8",
    )
    build_site(ed, out, pdf=False, search=False)
    home = html.parse(str(out / "index.html"))
    said = " ".join(home.xpath("string(//footer//p[@class='licence'])").split())
    assert said == "Licence: The terms each header gives."
