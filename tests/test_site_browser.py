"""An edition's site in a real browser (headless Chromium), served by `tei-edition serve`.

A probe page, added to a copy of the built site, opens the site's pages in a frame of
the same origin and does what a reader does: reads the home page's list and filters it,
follows every mention link of a register entry, switches the reading of a document,
and searches with Pagefind (a word, then the same word narrowed by a filter). Chromium's
--dump-dom returns the probe's findings; its log shows any console error. Screenshots of
the home, a document, an entry and the search page are kept in tests/artifacts/.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from site_support import make_edition
from tei_edition.site import build_site
from tei_edition.site.search import pagefind_command
from web_tools import find_chromium, run_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROBE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head>
<body><iframe id="f" title="page" width="1000" height="800"></iframe>
<pre id="probe-results"></pre>
<script>
var errors = [];
window.addEventListener("error", function (e) { errors.push(String(e.message)); });
var frame = document.getElementById("f");
function open(url) {
  return new Promise(function (resolve) {
    frame.onload = function () {
      var w = frame.contentWindow;
      w.addEventListener("error", function (e) { errors.push(url + ": " + e.message); });
      var original = w.console.error;
      w.console.error = function () {
        errors.push(url + ": " + Array.prototype.join.call(arguments, " "));
        return original.apply(w.console, arguments);
      };
      resolve(frame.contentDocument);
    };
    frame.src = url;
  });
}
function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
function visible(items) {
  return Array.prototype.filter.call(items, function (li) { return !li.hidden; }).length;
}
(async function () {
  var r = {};
  try {
    var home = await open("/index.html");
    var items = home.querySelectorAll("#doc-list > li");
    r.home = {count: items.length, formShown: !home.getElementById("doc-filter").hidden,
              titles: Array.prototype.map.call(items, function (li) {
                return li.querySelector(".site-doc-title").textContent; })};
    var kind = home.querySelector("select[name=kind]");
    kind.value = "Letter";
    kind.dispatchEvent(new Event("change", {bubbles: true}));
    r.home.letters = visible(items);
    r.home.countText = home.getElementById("doc-count").textContent;

    var entry = await open("/register/babbage.html");
    var links = Array.prototype.map.call(entry.querySelectorAll("a.site-mention"),
      function (a) { return {href: a.getAttribute("href"), words: a.getAttribute("title")}; });
    r.mentions = [];
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.origin + "/register/");
      url.search = "?visit=" + i;  // a new load each time, even within one document
      url = url.href;
      var doc = await open(url);
      var target = doc.querySelector(":target");
      r.mentions.push({href: links[i].href, words: links[i].words,
                       target: target ? target.id : null,
                       text: target ? target.textContent : null,
                       entryHref: target ? target.getAttribute("href") : null});
    }

    var page = await open("/documents/1845-memo.html");
    var text = page.getElementById("text");
    r.reading = {switchShown: !page.getElementById("reading-switch").hidden,
                 before: text.innerText.indexOf("numbers") >= 0
                   && text.innerText.indexOf("nubmers") < 0};
    page.querySelector("#reading-switch input[value='diplomatic']").click();
    r.reading.cls = page.documentElement.className;
    r.reading.after = text.innerText.indexOf("nubmers") >= 0;

    var pagefind = await import("/pagefind/pagefind.js");
    var all = await pagefind.search("bernoulli");
    var narrowed = await pagefind.search("bernoulli", {filters: {kind: "Letter"}});
    var byPerson = await pagefind.search("bernoulli", {filters: {person: "Ada Lovelace"}});
    var byYear = await pagefind.search("bernoulli", {filters: {year: "1845"}});
    var latest = await pagefind.search("bernoulli", {sort: {date: "desc"}});
    var filters = await pagefind.filters();
    var urls = async function (res) {
      var out = [];
      for (var k = 0; k < res.results.length; k++) { out.push((await res.results[k].data()).url); }
      return out.sort();
    };
    var inOrder = [];
    for (var j = 0; j < latest.results.length; j++) {
      inOrder.push((await latest.results[j].data()).url);
    }
    r.search = {all: await urls(all), narrowed: await urls(narrowed), person: await urls(byPerson),
                year: await urls(byYear), latestFirst: inOrder,
                filters: Object.keys(filters).sort(), counts: filters};

    var search = await open("/search.html");
    await wait(1500);
    r.searchPage = {noteHidden: search.getElementById("serve-note").hidden,
                    ui: !!search.querySelector("#search input")};
  } catch (e) {
    r.failure = String(e && e.stack || e);
  }
  r.errors = errors;
  r.resources = performance.getEntriesByType("resource").map(function (e) { return e.name; })
    .filter(function (n) { return n.indexOf(location.origin) !== 0; });
  document.getElementById("probe-results").textContent = JSON.stringify(r);
}());
</script></body></html>
"""


@pytest.fixture(scope="module")
def chromium() -> str:
    return find_chromium()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    if pagefind_command() is None:
        pytest.skip("Pagefind is not installed: the site has no search")
    tmp = tmp_path_factory.mktemp("site-browser")
    out = tmp / "out"
    build_site(make_edition(tmp / "edition"), out, pdf=False)
    (out / "probe.html").write_text(PROBE, encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "tei_edition", "serve", str(out), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline() if server.stdout else ""
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line + (server.stderr.read() if server.stderr else "")
        yield f"http://127.0.0.1:{match.group(1)}", tmp
    finally:
        server.terminate()
        server.wait(timeout=10)


def _chromium(chromium: str, tmp: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_chromium(chromium, tmp, url, *extra, timeout=180)


@pytest.fixture(scope="module")
def probe(chromium: str, served) -> dict:
    base, tmp = served
    for budget in (30_000, 120_000, 300_000):  # on a busy machine the probe may need longer
        run = _chromium(
            chromium,
            tmp,
            f"{base}/probe.html",
            "--enable-logging=stderr",
            "--v=0",
            f"--virtual-time-budget={budget}",
            "--dump-dom",
        )
        match = re.search(r'<pre id="probe-results">(.*?)</pre>', run.stdout, re.S)
        if match and match.group(1).strip():
            break
    assert match and match.group(1).strip(), run.stderr[-3000:]
    results = json.loads(
        match.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    )
    # Under --virtual-time-budget, Pagefind's timer for starting its web worker can fire
    # before the worker answers; it then says so and searches in the page instead.
    results["console"] = [
        line
        for line in run.stderr.splitlines()
        if ("CONSOLE" in line or "Uncaught" in line) and "Worker initialization timeout" not in line
    ]
    return results


def test_probe_ran_without_errors_or_requests_elsewhere(probe: dict) -> None:
    assert "failure" not in probe, probe.get("failure")
    assert probe["errors"] == []
    assert probe["console"] == []
    assert probe["resources"] == []


def test_home_lists_every_document_and_filters_by_kind(probe: dict) -> None:
    home = probe["home"]
    assert home["count"] == 4
    assert home["titles"][0] == "Note on the engine"
    assert home["formShown"] is True
    assert home["letters"] == 2
    assert home["countText"] == "2 documents"


def test_every_mention_link_of_an_entry_lands_on_its_mention(probe: dict) -> None:
    mentions = probe["mentions"]
    assert len({m["href"].split("#")[0] for m in mentions}) == 4  # in four documents
    for m in mentions:
        assert m["target"] == m["href"].split("#")[1], m
        # the link shows where the mention is (its paragraph); its title gives the words
        assert m["words"].split(", paragraph ")[0] == m["text"], m
        assert m["entryHref"] == "../register/babbage.html", m


def test_reading_switch_works_on_a_document_page(probe: dict) -> None:
    reading = probe["reading"]
    assert reading["switchShown"] is True
    assert reading["before"] is True
    assert reading["cls"] == "reading-diplomatic"
    assert reading["after"] is True


def test_search_finds_a_word_and_a_filter_narrows_it(probe: dict) -> None:
    search = probe["search"]
    assert search["all"] == ["/documents/1844-letter.html", "/documents/1845-memo.html"]
    assert search["narrowed"] == ["/documents/1844-letter.html"]
    assert search["person"] == ["/documents/1844-letter.html"]
    assert search["year"] == ["/documents/1845-memo.html"]
    assert search["latestFirst"] == ["/documents/1845-memo.html", "/documents/1844-letter.html"]
    assert search["filters"] == ["kind", "language", "person", "place", "type", "year"]
    # every value of every filter, with the number of pages it has (the filter files read)
    assert search["counts"] == {
        "kind": {"Letter": 2, "Memorandum": 1, "Note": 1},
        "language": {"en": 4},
        "type": {"document": 4, "register entry": 5},
        "person": {"Ada Lovelace": 2, "Charles Babbage": 4},
        "place": {"London": 2},
        "year": {"1842": 1, "1843": 1, "1844": 1, "1845": 1},
    }
    assert probe["searchPage"] == {"noteHidden": True, "ui": True}


def test_screenshots(chromium: str, served, artifacts: Path) -> None:
    base, tmp = served
    shots = {
        "site-home.png": "/index.html",
        "site-document.png": "/documents/1844-letter.html",
        "site-entry.png": "/register/babbage.html",
        "site-search.png": "/search.html",
    }
    for name, path in shots.items():
        target = artifacts / name
        target.unlink(missing_ok=True)
        run = _chromium(
            chromium,
            tmp,
            base + path,
            f"--screenshot={target}",
            "--window-size=1100,1400",
            "--virtual-time-budget=5000",
        )
        assert target.is_file() and target.stat().st_size > 10_000, run.stderr[-1000:]
