"""Lists over several pages: the home page, the chronology and each kind of register entry
show PAGE_SIZE items a page (index.html, page-2.html …), with plain links to the previous
and next pages, so that no page grows with the edition. Here PAGE_SIZE is 1, so that the
small test edition goes on over several pages."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html

from site_support import make_edition
from tei_edition.site import build as site_build
from tei_edition.site import build_site
from tei_edition.site.build import read_builds
from test_site import EPOCH, crawl


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("paged")
    edition = make_edition(base / "ed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setattr(site_build, "PAGE_SIZE", 1)
        build_site(edition, base / "out", pdf=False, search=False)
    return edition, base / "out"


def follow(out: Path, first: str, rel: str = "next") -> list[Path]:
    """The pages of a list, from its first along its rel=next links."""
    seen = [out / first]
    while True:
        page = html.parse(str(seen[-1]))
        nxt = page.xpath(f"//nav[@class='site-pager']//a[@rel='{rel}']/@href")
        if not nxt:
            return seen
        seen.append(seen[-1].parent / nxt[0])
        assert len(seen) < 50


def test_the_home_page_goes_on_over_pages_in_date_order(paged: tuple[Path, Path]) -> None:
    _, out = paged
    chain = follow(out, "index.html")
    assert [p.name for p in chain] == ["index.html", "page-2.html", "page-3.html", "page-4.html"]
    years = []
    for n, path in enumerate(chain, 1):
        page = html.parse(str(path))
        items = page.xpath("//ol[@id='doc-list']/li")
        assert len(items) == 1
        years += [li.get("data-year") for li in items]
        # the heading counts every document, the pager says where one is
        assert page.xpath("string(//h2[@id='docs-h'])") == "The documents (4)"
        assert page.xpath("string(//nav[@class='site-pager']/p)") == f"Page {n} of 4"
        assert page.xpath("//nav[@class='site-pager']//a[@aria-current='page']/text()") == [str(n)]
    assert years == ["1842", "1843", "1844", "1845"]
    # back again along rel=prev
    assert [p.name for p in follow(out, "page-4.html", "prev")] == [p.name for p in chain[::-1]]
    assert not (out / "page-5.html").exists()


def test_the_chronology_and_a_kind_of_entry_go_on_over_pages(paged: tuple[Path, Path]) -> None:
    _, out = paged
    chain = follow(out, "chronology.html")
    assert chain[1].name == "chronology-2.html" and len(chain) >= 4
    # every year is a link to the page where it begins, and that page has it
    for path in chain:
        for href in html.parse(str(path)).xpath("//nav[@class='site-years']//a/@href"):
            if href.startswith("#"):
                continue
            target, fragment = urlsplit(href).path, urlsplit(href).fragment
            if fragment.startswith("y-"):
                assert html.parse(str(out / target)).xpath(f"//*[@id='{fragment}']"), href
    # persons, one a page, in the order the single page gave them (by surname)
    chain = follow(out, "register/persons.html")
    assert [p.name for p in chain] == ["persons.html", "persons-2.html"]
    names = [
        a
        for p in chain
        for a in html.parse(str(p)).xpath("//ul[@class='site-entries']/li/a/text()")
    ]
    assert names == ["Ada Lovelace", "Charles Babbage"]
    # and every link of every page resolves (a file, and an id in it)
    assert crawl(out) == []


def built_apart(
    paged: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """A copy of the paged edition, built (one item a page) into a folder of its own."""
    edition, _ = paged
    ed, out = tmp_path / "ed", tmp_path / "out"
    shutil.copytree(edition, ed)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(site_build, "PAGE_SIZE", 1)
    build_site(ed, out, pdf=False, search=False)
    return ed, out


def test_pages_a_list_no_longer_needs_are_removed(
    paged: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ed, out = built_apart(paged, tmp_path, monkeypatch)
    assert (out / "page-4.html").is_file()
    (ed / "documents" / "1845-memo.xml").unlink()
    build_site(ed, out, pdf=False, search=False)
    assert not (out / "page-4.html").exists()
    assert "page-4.html" in read_builds(out)[-1]["removed"]
    last = html.parse(str(out / "page-3.html"))
    assert not last.xpath("//a[@rel='next']")
    assert last.xpath("string(//nav[@class='site-pager']/p)") == "Page 3 of 3"


def test_an_entrys_mentions_go_on_over_pages(paged: tuple[Path, Path]) -> None:
    """An entry named in more documents than a page shows: its page (with its
    identification) lists the first PAGE_SIZE documents, pages in a folder of its own list
    the others, and only its own page is searched."""
    _, out = paged
    many = [
        p for p in sorted((out / "register").glob("*.html")) if (out / "register" / p.stem).is_dir()
    ]
    assert many, "no entry is named in two documents"
    first = many[0]
    chain = follow(out, f"register/{first.name}")
    assert [p.relative_to(out).as_posix() for p in chain] == [
        f"register/{first.name}",
        *(f"register/{first.stem}/page-{n}.html" for n in range(2, len(chain) + 1)),
    ]
    listed = []
    for n, path in enumerate(chain, 1):
        page = html.parse(str(path))
        docs = page.xpath("//ul[@class='site-mentions']/li/a/@href")
        assert len(docs) == 1  # PAGE_SIZE documents a page
        listed += [(path.parent / d).resolve() for d in docs]
        heading = page.xpath("string(//h2[@id='mentions-h'])")
        assert heading == html.parse(str(chain[0])).xpath("string(//h2[@id='mentions-h'])")
        assert page.xpath("string(//nav[@class='site-pager']/p)") == f"Page {n} of {len(chain)}"
        assert bool(page.xpath("//section[@class='site-entry']")) == (n == 1)
        assert bool(page.xpath("//body/@data-pagefind-body")) == (n == 1)
        assert page.xpath("string(//h1)") == html.parse(str(chain[0])).xpath("string(//h1)")
    assert len(set(listed)) == len(chain)  # each document once
    assert all(p.is_file() for p in listed)


def test_an_entrys_pages_it_no_longer_needs_are_removed(
    paged: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ed, out = built_apart(paged, tmp_path, monkeypatch)
    monkeypatch.setattr(site_build, "PAGE_SIZE", 100)
    build_site(ed, out, pdf=False, search=False)
    assert not list((out / "register").glob("*/page-*.html"))
    assert not [d for d in (out / "register").iterdir() if d.is_dir()]  # nor their folders
    removed = read_builds(out)[-1]["removed"]
    assert any(r.startswith("register/") and "/page-" in r for r in removed)
    assert crawl(out) == []
