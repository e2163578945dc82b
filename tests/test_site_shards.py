"""The search index cut into shards (tei_edition.site.search, shard_plan): past
SHARD_PAGES pages, the document pages and the entries' pages are indexed into
pagefind/d0/, d1/ … and pagefind/r0/ …, which the search page merges (Pagefind's
mergeIndex); a change re-indexes only the shard of the pages it changed. Here SHARD_PAGES
is 2, so that the small test edition is cut into shards."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html

from site_support import make_edition
from tei_edition.site import build_site
from tei_edition.site import search as site_search
from tei_edition.site.build import read_builds
from tei_edition.site.search import MARKER, pagefind_command
from test_site import EPOCH, assert_same_tree, tree_bytes

SEARCHED = {
    *(f"/documents/{n}.html" for n in ("sample-letter", "1842-note", "1844-letter", "1845-memo")),
    *(f"/register/{n}.html" for n in ("babbage", "lovelace", "london", "royal-society", "sketch")),
}


def shard_urls(out: Path) -> dict[str, list[str]]:
    """Each shard of the index, with the pages its fragments hold."""
    found = {}
    for shard in sorted(p for p in (out / "pagefind").iterdir() if p.is_dir()):
        urls = []
        for path in sorted((shard / "fragment").glob("*.pf_fragment")):
            raw = gzip.decompress(path.read_bytes())
            urls.append(json.loads(raw[len(MARKER) :])["url"])
        found[shard.name] = sorted(urls)
    return found


@pytest.fixture
def sharded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    if pagefind_command() is None:
        pytest.skip("Pagefind is not installed: the site has no search")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(site_search, "SHARD_PAGES", 2)
    edition = make_edition(tmp_path / "ed")
    build_site(edition, tmp_path / "out", pdf=False)
    return edition, tmp_path / "out"


def test_shards_are_small_until_there_are_many_then_grow() -> None:
    """A shard holds about SHARD_PAGES pages (a change re-indexes that many), until there
    are MAX_SHARDS of a kind: then the shards grow, so a search page merges no more."""

    def plan(documents: int, entries: int = 0) -> dict[str, dict[str, str]]:
        pages = {f"documents/d{i}.html": "k" for i in range(documents)}
        pages.update({f"register/e{i}.html": "k" for i in range(entries)})
        return site_search.shard_plan(pages)

    assert plan(site_search.SHARD_PAGES) == {}
    few = plan(site_search.SHARD_PAGES * 3, 10)
    assert sorted(few) == ["d0", "d1", "d2", "d3", "r0"]
    assert sum(len(v) for v in few.values()) == site_search.SHARD_PAGES * 3 + 10
    many = plan(site_search.SHARD_PAGES * site_search.MAX_SHARDS * 3)
    assert len(many) == site_search.MAX_SHARDS
    sizes = [len(v) for v in many.values()]
    assert max(sizes) < 1.2 * 3 * site_search.SHARD_PAGES  # grown, and about even
    # a page keeps its shard while their number stays the same
    more = plan(site_search.SHARD_PAGES * site_search.MAX_SHARDS * 3 + 1)
    assert all(rel in more[shard] for shard, pages in many.items() for rel in pages)


def test_every_page_searched_is_in_one_shard_the_search_page_merges(
    sharded: tuple[Path, Path],
) -> None:
    _, out = sharded
    shards = shard_urls(out)
    assert len(shards) >= 3 and {s[0] for s in shards} == {"d", "r"}
    every = [u for urls in shards.values() for u in urls]
    assert sorted(every) == sorted(SEARCHED)  # each page once, and no list page
    for name in shards:
        assert (out / "pagefind" / name / "pagefind-entry.json").is_file()
        assert all(
            u.startswith("/documents/" if name[0] == "d" else "/register/") for u in shards[name]
        )
    assert not (out / "pagefind" / "pagefind-entry.json").exists()  # no index of the whole
    search = html.parse(str(out / "search.html"))
    bundles = search.xpath("//div[@id='search']/@data-bundles")[0].split()
    assert bundles == [f"pagefind/{name}/" for name in shards]
    assert search.xpath("//script/@src")[0] == f"{bundles[0]}pagefind-ui.js"


def test_a_change_re_indexes_one_shard(sharded: tuple[Path, Path]) -> None:
    ed, out = sharded
    (home,) = [
        name for name, urls in shard_urls(out).items() if "/documents/1845-memo.html" in urls
    ]
    memo = ed / "documents" / "1845-memo.xml"
    memo.write_text(memo.read_text().replace("computed them", "had computed them"))
    build_site(ed, out, pdf=False)
    record = read_builds(out)[-1]
    index = [f for f in record["written"] + record["removed"] if f.startswith("pagefind/")]
    assert index and {f.split("/")[1] for f in index} == {home}
    assert any(f.startswith(f"pagefind/{home}/fragment/") for f in record["written"])


def test_rebuilds_into_and_out_of_shards_give_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if pagefind_command() is None:
        pytest.skip("Pagefind is not installed: the site has no search")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    ed = make_edition(tmp_path / "ed")
    out = tmp_path / "out"
    build_site(ed, out, pdf=False)  # one index
    memo = ed / "documents" / "1845-memo.xml"
    steps = [
        (2, lambda: None),  # cut into shards
        (2, lambda: memo.write_text(memo.read_text().replace("computed", "had computed"))),
        (2, lambda: (ed / "documents" / "1842-note.xml").unlink()),
        (2000, lambda: None),  # one index again
    ]
    for n, (size, step) in enumerate(steps):
        monkeypatch.setattr(site_search, "SHARD_PAGES", size)
        step()
        build_site(ed, out, pdf=False)
        clean = tmp_path / f"clean-{n}"
        build_site(ed, clean, pdf=False)
        assert_same_tree(tree_bytes(out), tree_bytes(clean))
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    assert not [p for p in (out / "pagefind").iterdir() if re.fullmatch(r"[dr]\d+", p.name)]


PROBE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head>
<body><iframe id="f" title="page" width="1000" height="800"></iframe>
<pre id="probe-results"></pre>
<script>
var errors = [];
var frame = document.getElementById("f");
function open(url) {
  return new Promise(function (resolve) {
    frame.onload = function () {
      var w = frame.contentWindow;
      w.addEventListener("error", function (e) { errors.push(url + ": " + e.message); });
      resolve(frame.contentDocument);
    };
    frame.src = url;
  });
}
function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
function paths(links) {
  return Array.prototype.map.call(links, function (a) {
    return new URL(a.getAttribute("href"), location.origin).pathname; })
    .filter(function (u, i, all) { return all.indexOf(u) === i; }).sort();
}
// the results' links, once their number holds still and the pages looked for are among
// them (the shards answer one by one, slowly on a busy machine), or all there are after
// a minute
async function shown(doc, wanted) {
  var seen = [], still = 0;
  for (var i = 0; i < 600; i++) {
    var spins = 0;
    while (spins < 3e6) { spins++; }
    await wait(100);
    var links = doc.querySelectorAll(".pagefind-ui__result-link");
    still = links.length && links.length === seen.length ? still + 1 : 0;
    seen = links;
    var found = paths(links);
    if (still >= 5 && wanted.every(function (u) { return found.indexOf(u) >= 0; })) {
      return found;
    }
  }
  return paths(seen);
}
var WORDS = %WORDS%;
(async function () {
  var r = {};
  try {
    for (var word in WORDS) {
      r[word] = await shown(await open("/search.html?q=" + encodeURIComponent(word)), WORDS[word]);
    }
  } catch (e) { r.failure = String(e && e.stack || e); }
  r.errors = errors;
  document.getElementById("probe-results").textContent = JSON.stringify(r);
}());
</script></body></html>
"""


@pytest.mark.browser
@pytest.mark.slow
def test_words_of_the_first_and_the_last_shard_are_found_from_the_search_page(
    sharded: tuple[Path, Path], tmp_path: Path
) -> None:
    from web_tools import find_chromium, run_chromium

    _, out = sharded
    shards = shard_urls(out)
    names = sorted(shards)
    first, last = names[0], names[-1]
    # a word only a page of the first shard has, and one of a page of the last
    words = {"quaternion": "/documents/1842-note.html", "Society": "/register/royal-society.html"}
    assert words["quaternion"] in shards[first] and words["Society"] in shards[last]
    wanted = {word: [page] for word, page in words.items()}
    # found in several shards: an entry's page and a document's
    wanted["Lovelace"] = ["/register/lovelace.html", "/documents/1845-memo.html"]
    (out / "probe.html").write_text(PROBE.replace("%WORDS%", json.dumps(wanted)))
    server = subprocess.Popen(
        [sys.executable, "-m", "tei_edition", "serve", str(out), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline() if server.stdout else ""
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        run = run_chromium(
            find_chromium(),
            tmp_path,
            f"http://127.0.0.1:{match.group(1)}/probe.html",
            "--virtual-time-budget=600000",
            "--dump-dom",
            timeout=240,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    found = re.search(r'<pre id="probe-results">(.*?)</pre>', run.stdout, re.S)
    assert found and found.group(1).strip(), run.stderr[-3000:]
    results = json.loads(
        found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    )
    assert "failure" not in results, results["failure"]
    assert results["errors"] == []
    assert results["quaternion"] == ["/documents/1842-note.html"]
    assert "/register/royal-society.html" in results["Society"]
    # one search, results from the shards of documents and of entries alike
    lovelace = results["Lovelace"]
    assert "/register/lovelace.html" in lovelace and "/documents/1845-memo.html" in lovelace


def test_the_documents_shards_are_indexed_while_the_other_pages_are_written(
    sharded: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind starts on the shards of the document pages once those are written, before
    the entries' pages and the lists are: the indexing runs while they are written. The
    shards of the entries that changed follow once their pages are written; the site is a
    clean build's."""
    from tei_edition.site import build as build_module

    ed, out = sharded
    events: list[str] = []
    indexing, other_files = build_module.Indexing, build_module._other_files

    def started(*args, shards=None, **kwargs):
        events.append("index " + " ".join(sorted(shards or {})))
        return indexing(*args, shards=shards, **kwargs)

    def writing(*args, **kwargs):
        events.append("other pages")
        return other_files(*args, **kwargs)

    monkeypatch.setattr(build_module, "Indexing", started)
    monkeypatch.setattr(build_module, "_other_files", writing)
    for path in (ed / "documents").glob("*.xml"):  # every page changes
        path.write_text(path.read_text().replace("</body>", "<p>Added.</p></body>"))
    (ed / "registers.xml").write_text(
        (ed / "registers.xml").read_text().replace("</person>", "<note>Added.</note></person>", 1)
    )
    build_site(ed, out, pdf=False)
    plan = sorted(shard_urls(out))
    assert [e.split()[0] for e in events] == ["index", "other", "index"], events
    first, last = events[0].split()[1:], events[2].split()[1:]
    assert first and all(s.startswith("d") for s in first)
    assert last and all(s.startswith("r") for s in last)
    assert first == [s for s in plan if s.startswith("d")]  # every document page changed
    clean = out.parent / "clean"
    build_site(ed, clean, pdf=False)
    assert_same_tree(tree_bytes(out), tree_bytes(clean))


def test_a_pagefind_that_fails_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind that runs and fails (a wrong binary, say) on a sharded index: the build ends,
    saying so, whether or not the runs after the documents' shards have shards of their
    own; the search index is not recorded, so the next build indexes again."""
    if pagefind_command() is None:
        pytest.skip("Pagefind is not installed: the site has no search")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(site_search, "SHARD_PAGES", 2)
    monkeypatch.setattr(site_search, "pagefind_command", lambda: ["false"])
    # a run with no shard of its own after a first run that wrote nothing
    out = tmp_path / "out"
    out.mkdir()
    first = site_search.Indexing(out, shards={"d0": ["documents/a.html"]}, keep=None)
    assert [i.rule for i in first.finish()] == ["pagefind"]
    assert site_search.Indexing(out, shards={}, keep=["d0"]).finish() == []
    # a whole build
    edition = make_edition(tmp_path / "ed")
    result = build_site(edition, tmp_path / "site", pdf=False)
    failed = [n for n in result.notices if n.rule == "pagefind"]
    assert failed and all("Pagefind failed" in n.message for n in failed)
    assert (tmp_path / "site" / "index.html").is_file()
