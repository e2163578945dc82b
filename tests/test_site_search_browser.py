"""The site's search in a real browser (headless Chromium), served by `tei-edition serve`.

An edition in four languages and three scripts (the sample's English documents, and from
../shared/corpus a Russian play, a German play in verse and a Greek critical edition) is
built and served; a probe page opens the site's pages in a frame of the same origin and
searches as a reader does: from the one search page (search.html?q=WORD, the address the
home page's form leads to), and with Pagefind's own script for the filters and excerpts.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_support import make_edition
from tei_edition.site import build_site
from tei_edition.site.search import pagefind_command
from web_tools import find_chromium, run_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DOCUMENTS = {
    "ru": "dracor-rus_chekhov-vishnevyi-sad.xml",  # Chekhov, The Cherry Orchard
    "de": "dracor-ger_goethe-faust-eine-tragoedie.xml",  # Goethe, Faust I
    "grc": "pta_pta0040.pta001.pta-grc1.xml",  # Ps.-Basil, with an apparatus
}
RU, DE, GRC = (f"/documents/{Path(name).stem}.html" for name in DOCUMENTS.values())

# a word of each language, and what it is to find
WORDS = {
    "Епиходов": RU,
    "Hexenküche": DE,
    "Βούλομαι": GRC,
    "bernoulli": "/documents/1845-memo.html",
}

PROBE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head>
<body><iframe id="f" title="page" width="1000" height="800"></iframe>
<pre id="probe-results"></pre>
<script>
var errors = [];
window.addEventListener("error", function (e) { errors.push(String(e.message)); });
var frame = document.getElementById("f");
function loaded(url) {
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
  });
}
function open(url) { var p = loaded(url); frame.src = url; return p; }
function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
async function shown(doc) {  // the links of the results the search page shows
  // the UI searches in a web worker, which virtual time does not wait for: the page
  // stays busy a while (real time, virtual time standing) before each look
  for (var i = 0; i < 600; i++) {
    var spins = 0;
    while (spins < 3e6) { spins++; }
    await wait(100);
    var links = doc.querySelectorAll(".pagefind-ui__result-link");
    if (links.length) {
      return Array.prototype.map.call(links, function (a) {
        return new URL(a.getAttribute("href"), location.origin).pathname; })
        .filter(function (u, i, all) { return all.indexOf(u) === i; }).sort();
    }
  }
  return [];
}
var WORDS = %WORDS%;
(async function () {
  var r = {page: {}};
  try {
    for (var word of WORDS) {
      var page = await open("/search.html?q=" + encodeURIComponent(word));
      r.page[word] = {found: await shown(page),
                      input: (page.querySelector("#search input") || {}).value,
                      message: (page.querySelector(".pagefind-ui__message") || {}).textContent};
    }
    // the home page's form, submitted as a reader does
    var home = await open("/index.html");
    var form = home.querySelector("form[role=search]");
    r.form = {action: form.getAttribute("action"), method: form.getAttribute("method"),
              name: form.querySelector("input").name};
    form.querySelector("input").value = "Βούλομαι";
    var next = loaded("form");
    form.submit();
    var after = await next;
    r.form.url = frame.contentWindow.location.pathname + frame.contentWindow.location.search;
    r.form.found = await shown(after);

    var pagefind = await import("/pagefind/pagefind.js");
    var urls = async function (res) {
      var out = [];
      for (var k = 0; k < res.results.length; k++) { out.push((await res.results[k].data()).url); }
      return out.sort();
    };
    var excerpts = async function (term) {
      var res = await pagefind.search(term), out = [];
      for (var k = 0; k < res.results.length; k++) {
        var d = await res.results[k].data();
        out.push(d.excerpt.replace(/<[^>]*>/g, ""));
        d.sub_results.forEach(function (s) { out.push(s.excerpt.replace(/<[^>]*>/g, "")); });
      }
      return out;
    };
    r.excerpts = {numbers: await excerpts("numbers"), nubmers: await excerpts("nubmers"),
                  bernoulli: await excerpts("bernoulli")};
    r.diacritics = {de: await urls(await pagefind.search("Hexenkuche")),
                    grc: await urls(await pagefind.search("Βουλομαι"))};
    r.entry = {all: await urls(await pagefind.search("Lovelace")),
               entries: await urls(await pagefind.search("Lovelace",
                 {filters: {type: "register entry"}})),
               documents: await urls(await pagefind.search("Lovelace",
                 {filters: {type: "document"}}))};
    var lovelace = (await pagefind.search("Lovelace", {filters: {type: "register entry"}}));
    r.entry.title = lovelace.results.length ? (await lovelace.results[0].data()).meta.title : null;
    r.language = {bernoulli: await urls(await pagefind.search("bernoulli")),
                  bernoulliRu: await urls(await pagefind.search("bernoulli",
                    {filters: {language: "ru"}})),
                  ru: await urls(await pagefind.search(null, {filters: {language: "ru"}})),
                  grc: await urls(await pagefind.search(null, {filters: {language: "grc"}}))};
    var filters = await pagefind.filters();
    r.filters = {language: filters.language, type: filters.type};
  } catch (e) {
    r.failure = String(e && e.stack || e);
  }
  r.errors = errors;
  document.getElementById("probe-results").textContent = JSON.stringify(r);
}());
</script></body></html>
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    if not CORPUS.is_dir():
        pytest.skip(f"the real-TEI corpus is absent ({CORPUS}): no edition in several languages")
    if pagefind_command() is None:
        pytest.skip("Pagefind is not installed: the site has no search")
    tmp = tmp_path_factory.mktemp("site-search")
    edition = make_edition(tmp / "edition")
    for name in DOCUMENTS.values():
        shutil.copy(CORPUS / name, edition / "documents" / name)
    out = tmp / "out"
    result = build_site(edition, out, pdf=False)
    assert result.documents == 7
    probe = PROBE.replace("%WORDS%", json.dumps(list(WORDS), ensure_ascii=True))
    (out / "probe.html").write_text(probe, encoding="utf-8")
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


@pytest.fixture(scope="module")
def probe(served) -> dict:
    base, tmp = served
    chromium = find_chromium()
    for budget in (400_000, 1_000_000):  # on a busy machine the probe may need longer
        run = run_chromium(
            chromium,
            tmp,
            f"{base}/probe.html",
            f"--virtual-time-budget={budget}",
            "--dump-dom",
            timeout=240,
        )
        match = re.search(r'<pre id="probe-results">(.*?)</pre>', run.stdout, re.S)
        if match and match.group(1).strip():
            break
    assert match and match.group(1).strip(), run.stderr[-3000:]
    results = json.loads(
        match.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    )
    assert "failure" not in results, results["failure"]
    assert results["errors"] == []
    return results


def test_a_word_of_every_language_is_found_from_the_one_search_page(probe: dict) -> None:
    for word, document in WORDS.items():
        page = probe["page"][word]
        assert document in page["found"], (word, page)
        assert page["input"] == word  # search.html?q= puts the word in the search box
        assert page["message"].startswith(("1 result for", "2 results for")), page


def test_the_home_pages_form_leads_to_the_search(probe: dict) -> None:
    form = probe["form"]
    assert (form["action"], form["method"], form["name"]) == ("search.html", "get", "q")
    assert form["url"] == "/search.html?q=%CE%92%CE%BF%CF%8D%CE%BB%CE%BF%CE%BC%CE%B1%CE%B9"
    assert form["found"] == [GRC]


def test_excerpts_give_the_reading_shown_never_both(probe: dict) -> None:
    excerpts = probe["excerpts"]
    assert excerpts["numbers"]
    assert excerpts["bernoulli"]
    for text in excerpts["numbers"] + excerpts["bernoulli"]:
        assert not ("numbers" in text and "nubmers" in text), text
        assert "nubmers" not in text, text
    # the source's reading is in the other reading's page only (not searched)
    assert excerpts["nubmers"] == []


def test_search_ignores_diacritics(probe: dict) -> None:
    assert DE in probe["diacritics"]["de"]
    assert GRC in probe["diacritics"]["grc"]


def test_a_register_entry_is_a_result_of_its_own_type(probe: dict) -> None:
    entry = probe["entry"]
    assert entry["entries"] == ["/register/lovelace.html"]
    assert "/register/lovelace.html" in entry["all"]
    assert entry["documents"] and all(u.startswith("/documents/") for u in entry["documents"])
    assert entry["title"] == "Ada Lovelace"


def test_the_language_filter_narrows(probe: dict) -> None:
    language = probe["language"]
    assert "/documents/1845-memo.html" in language["bernoulli"]
    assert language["bernoulliRu"] == []
    assert language["ru"] == [RU]
    assert language["grc"] == [GRC]
    assert probe["filters"]["language"] == {"de": 1, "en": 4, "grc": 1, "ru": 1}
    assert probe["filters"]["type"] == {"document": 7, "register entry": 5}
