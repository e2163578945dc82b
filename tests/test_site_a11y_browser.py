"""Accessibility, checked in a real browser: axe-core and the keyboard, in headless Chromium.

The site of a sample edition (site_support's, with a document holding a note) is served by
`tei-edition serve` and driven through Chromium's DevTools protocol (the client of
test_site_csp_browser). On every kind of page — home, a document in both readings, the
register list, a kind page, an entry, the chronology, the search page showing results, the
editor's Markdown page and the accessibility statement — axe-core (vendored by package.json,
installed by `npm ci`) runs with the WCAG 2.1 A and AA rules and must find nothing. It is
given to the page by Runtime.evaluate, which the page's Content-Security-Policy does not
govern.

Keyboard only (key events sent as the keyboard sends them, Input.dispatchKeyEvent): Tab
reaches the reading switch and an arrow key changes the reading; Tab reaches a word with a
tooltip, which focus shows; Tab reaches a note's reference and Enter goes to the note; Tab
reaches the search box, typing searches, Tab reaches a result and Enter opens it.

The same pages of a German edition (site_support's make_german_edition, served beside the
English one) are checked too, and its search page's own words (Pagefind's, chosen by the
page's lang) are German.

A screenshot of every page kind, the whole page, is kept in tests/artifacts/ (a11y-*.png,
the German edition's a11y-de-*.png).
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import pytest

from site_support import letter, make_edition, make_german_edition
from tei_edition.site import build_site
from tei_edition.site.accessibility import AXE_CORE_VERSION, AXE_TAGS
from tei_edition.site.search import pagefind_command
from test_site_csp_browser import Page, served_in_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core"


# Every kind of page, by the name its screenshot takes.
PAGES = {
    "home": "/index.html",
    "document": "/documents/1846-noted.html",
    "document-diplomatic": "/documents/diplomatic/1846-noted.html",
    "registers": "/register/index.html",
    "kind": "/register/persons.html",
    "entry": "/register/babbage.html",
    "chronology": "/chronology.html",
    "search": "/search.html",
    "page": "/pages/about.html",
    "accessibility": "/accessibility.html",
    "open-data": "/open-data.html",
}

# The German edition's, under /de/ (its word to search for: SEARCH_WORDS).
PAGES_DE = {
    "home": "/de/index.html",
    "document": "/de/documents/1846-brief.html",
    "document-diplomatic": "/de/documents/diplomatic/1846-brief.html",
    "registers": "/de/register/index.html",
    "kind": "/de/register/persons.html",
    "entry": "/de/register/babbage.html",
    "chronology": "/de/chronology.html",
    "search": "/de/search.html",
    "page": "/de/pages/about.html",
    "accessibility": "/de/accessibility.html",
    "open-data": "/de/open-data.html",
}
SEARCH_WORDS = {"": "bernoulli", "de": "Maschine"}

# The editor's page of the English edition: all the Markdown the page's CSS lays out.
ABOUT = """# About

This edition is *made for the tests*: **strong** words, [a link](https://commonmark.org/help/)
and `code` in a line.

## Contents

- Letters
- Notes
  - with a list inside

1. First
2. Second

> A quotation from a letter.

| Year | Documents |
| ---- | --------- |
| 1842 | 1         |
| 1846 | 1         |

```
tei-edition build edition -o site
```
"""

WAIT = "var wait = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };"

SEARCH_RESULTS = (
    WAIT
    + """
var input = document.querySelector("#search input");
input.value = %s;
input.dispatchEvent(new Event("input", {bubbles: true}));
for (var i = 0; i < 300 && !document.querySelector(".pagefind-ui__result-link"); i++) {
  await wait(100);
}
await wait(800);
return {results: document.querySelectorAll(".pagefind-ui__result-link").length,
        placeholder: input.getAttribute("placeholder"),
        message: (document.querySelector(".pagefind-ui__message") || {}).textContent || ""};
"""
)

# The whole page, as wide as a laptop's window shows it (up to 6000 pixels high).
SHOT = """
var d = document.documentElement;
return [Math.max(d.scrollWidth, 1000), Math.min(Math.max(d.scrollHeight, 700), 6000)];
"""

AXE_RUN = """
var result = await axe.run(document, {runOnly: {type: "tag", values: %s},
                                      resultTypes: ["violations"]});
return {passes: result.passes.length, violations: result.violations.map(function (v) {
  return {id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map(function (n) {
            return n.target.join(" ") + " :: " + n.failureSummary; })};
})};
"""


def axe_source() -> str:
    script = AXE / "axe.min.js"
    if not script.is_file():
        pytest.skip(
            "axe-core is not installed (node_modules/axe-core is absent): run `npm ci` "
            "at the repository root (make test does so where npm is installed)"
        )
    return script.read_text(encoding="utf-8")


def axe_version() -> str:
    return json.loads((AXE / "package.json").read_text(encoding="utf-8"))["version"]


def noted_edition(folder: Path) -> Path:
    """site_support's edition, with a document holding a correction and a note."""
    edition = make_edition(folder)
    body = (
        '<p>A letter to <persName ref="registers.xml#babbage">Babbage</persName> about'
        " Bernoulli and the <choice><sic>nubmers</sic><corr>numbers</corr></choice>.<note"
        ' type="editorial">A note of the edition.</note> More words follow here.</p>'
    )
    (edition / "documents" / "1846-noted.xml").write_text(
        letter("A letter with a note", "1846-03-03", "Letter", body), "utf-8"
    )
    (edition / "about.md").write_text(ABOUT, encoding="utf-8")
    return edition


KEYS = {
    "Tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
    "Enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    " ": {"key": " ", "code": "Space", "windowsVirtualKeyCode": 32, "text": " "},
    "ArrowRight": {"key": "ArrowRight", "code": "ArrowRight", "windowsVirtualKeyCode": 39},
}


def press(page: Page, name: str) -> None:
    key = KEYS[name]
    page.call("Input.dispatchKeyEvent", {"type": "keyDown", **key})
    page.call(
        "Input.dispatchKeyEvent", {"type": "keyUp", **{k: v for k, v in key.items() if k != "text"}}
    )


def tab_to(page: Page, test: str, limit: int = 80) -> int:
    """Tab until the focused element passes ``test`` (an expression of ``el``); the number
    of presses, or -1."""
    for n in range(1, limit + 1):
        press(page, "Tab")
        if page.run(f"var el = document.activeElement; return !!(el && ({test}));"):
            return n
    return -1


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> dict[str, Any]:
    if pagefind_command() is None:
        pytest.skip("Pagefind is not installed: the site has no search")
    axe = axe_source()
    tmp = tmp_path_factory.mktemp("site-a11y")
    site = tmp / "out"
    result = build_site(noted_edition(tmp / "edition"), site, pdf=False)
    assert not [i for i in result.notices if i.severity == "error"], result.notices
    # the German edition's site, served beside it
    german = build_site(make_german_edition(tmp / "german"), site / "de", pdf=False)
    assert not [i for i in german.notices if i.severity == "error"], german.notices
    with served_in_chromium(site, tmp) as (base, page):
        metrics = {"width": 1000, "height": 700, "deviceScaleFactor": 1, "mobile": False}
        page.call("Emulation.setDeviceMetricsOverride", metrics)
        r: dict[str, Any] = {"axe": {}, "shots": {}, "statement": None, "search": {}}
        for prefix, pages in (("", PAGES), ("de-", PAGES_DE)):
            for kind, path in pages.items():
                name = prefix + kind
                page.open(base + path)
                if kind == "search":
                    word = SEARCH_WORDS[prefix.rstrip("-")]
                    r["search"][name] = page.run(SEARCH_RESULTS % json.dumps(word), timeout=90)
                if name == "accessibility":
                    r["statement"] = page.run(
                        "var m = document.querySelector('main'); return m ? m.innerText : '';"
                    )
                page.call("Runtime.evaluate", {"expression": axe, "returnByValue": True})
                r["axe"][name] = page.run(AXE_RUN % json.dumps(list(AXE_TAGS)), timeout=120)
                page.run("window.scrollTo(0, 0); return true;")
                width, height = page.run(SHOT)
                clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
                shot = artifacts / f"a11y-{name}.png"
                data = page.call(
                    "Page.captureScreenshot", {"clip": clip, "captureBeyondViewport": True}
                )["data"]
                shot.write_bytes(base64.b64decode(data))
                r["shots"][name] = shot
                r["footer"] = r.get("footer", {})
                r["footer"][name] = page.run(
                    "var a = document.querySelector('footer a[href$=\"accessibility.html\"]');"
                    "return a ? a.textContent : null;"
                )

        # ---- keyboard only
        keys: dict[str, Any] = {}
        page.open(base + PAGES["document"])
        keys["switchTabs"] = tab_to(page, "el.closest('#reading-switch')")
        press(page, "ArrowRight")
        keys["afterArrow"] = page.run("return document.documentElement.className;")
        press(page, " ")  # Space on the chosen reading keeps it
        keys["afterSpace"] = page.run("return document.documentElement.className;")
        page.open(base + PAGES["document"])
        keys["tipTabs"] = tab_to(page, "el.matches('.te-alt[tabindex]')")
        keys["tip"] = page.run(
            "var t = document.activeElement.querySelector('.te-tip');"
            "return t ? getComputedStyle(t).display : null;"
        )
        keys["noteTabs"] = tab_to(page, "el.matches('a.te-noteref')")
        press(page, "Enter")
        time.sleep(0.3)
        keys["noteTarget"] = page.run(
            "var t = document.querySelector(':target'); return t ? t.textContent : null;"
        )
        page.open(base + PAGES["search"])
        keys["searchTabs"] = tab_to(page, "el.matches('#search input')")
        page.call("Input.insertText", {"text": "bernoulli"})
        page.run(
            WAIT
            + "for (var i = 0; i < 300 && !document.querySelector('.pagefind-ui__result-link');"
            " i++) { await wait(100); } await wait(500); return true;",
            timeout=90,
        )
        keys["resultTabs"] = tab_to(page, "el.matches('.pagefind-ui__result-link')")
        keys["result"] = page.run("return document.activeElement.getAttribute('href');")
        seen = len(page.events)
        press(page, "Enter")
        deadline = time.monotonic() + 30
        while not any(e["method"] == "Page.loadEventFired" for e in page.events[seen:]):
            page._next(deadline)
        keys["opened"] = page.run("return location.pathname;")
        r["keys"] = keys
        r["problems"] = page.problems()
        return r


@pytest.mark.parametrize("name", [*PAGES, *("de-" + kind for kind in PAGES_DE)])
def test_axe_finds_no_wcag_21_aa_violation(findings: dict[str, Any], name: str) -> None:
    found = findings["axe"][name]
    assert found["violations"] == [], json.dumps(found["violations"], indent=1)
    assert found["passes"] >= 10  # axe ran its rules on the page


def test_the_search_page_was_checked_with_results(findings: dict[str, Any]) -> None:
    assert findings["search"]["search"]["results"] >= 1
    assert findings["search"]["de-search"]["results"] >= 1


def test_the_search_page_speaks_the_edition_language(findings: dict[str, Any]) -> None:
    """Pagefind's own words follow the page's lang: English's, German's."""
    english, german = findings["search"]["search"], findings["search"]["de-search"]
    assert english["placeholder"] == "Search" and "result" in english["message"]
    assert german["placeholder"] == "Suche", german
    assert "Ergebnis" in german["message"] and "result" not in german["message"], german


def test_every_page_links_to_the_accessibility_statement(findings: dict[str, Any]) -> None:
    assert all(findings["footer"].values()), findings["footer"]


def test_the_statement_names_the_axe_core_that_is_installed() -> None:
    axe_source()
    assert axe_version() == AXE_CORE_VERSION
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/axe-core"]["version"] == AXE_CORE_VERSION


def test_the_statement_says_what_was_tested(findings: dict[str, Any]) -> None:
    text = findings["statement"]
    assert f"axe-core {axe_version()}" in text, text
    for tag in AXE_TAGS:
        assert tag in text
    assert "Chromium" in text and "keyboard" in text.lower()


def test_the_reading_switch_works_by_keyboard(findings: dict[str, Any]) -> None:
    keys = findings["keys"]
    assert keys["switchTabs"] > 0
    assert keys["afterArrow"] == "reading-diplomatic"
    assert keys["afterSpace"] == "reading-diplomatic"


def test_a_tooltip_shows_on_focus_and_a_note_opens_by_enter(findings: dict[str, Any]) -> None:
    keys = findings["keys"]
    assert keys["tipTabs"] > 0 and keys["tip"] not in (None, "none"), keys
    assert keys["noteTabs"] > 0, keys
    assert "A note of the edition." in (keys["noteTarget"] or ""), keys


def test_search_by_keyboard(findings: dict[str, Any]) -> None:
    keys = findings["keys"]
    assert keys["searchTabs"] > 0 and keys["resultTabs"] > 0, keys
    assert keys["opened"] == keys["result"], keys


def test_no_error_in_the_browser(findings: dict[str, Any]) -> None:
    assert findings["problems"] == []


def test_screenshots_of_every_page_kind(findings: dict[str, Any]) -> None:
    assert set(findings["shots"]) == {*PAGES, *("de-" + kind for kind in PAGES_DE)}
    for name, shot in findings["shots"].items():
        assert shot.is_file() and shot.stat().st_size > 10_000, name
