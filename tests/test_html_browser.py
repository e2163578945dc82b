"""The HTML edition in a real browser (headless Chromium).

A test copy of the page gets a probe script that runs after the page's own script: it
switches the reading with the page's own control, follows an index link and a back-link,
focuses an intervention, and records what the reader would see. Chromium's --dump-dom
returns the page with the probe's findings; its log shows any console error. Screenshots
of both readings are kept in tests/artifacts/.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from test_export_support import EDITION, render_html
from web_tools import find_chromium, run_chromium

pytestmark = pytest.mark.browser

# Runs before anything else in the page: collects errors.
CATCHER = """<script>
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });
(function () {
  var original = console.error;
  console.error = function () {
    window.__errors.push(Array.prototype.join.call(arguments, " "));
    return original.apply(console, arguments);
  };
}());
</script>"""

# Runs after the page's own script, then writes its findings into the page.
PROBE = """<script>
(function () {
  var r = {};
  var root = document.documentElement;
  var text = document.getElementById("text");
  var visible = function () { return text.innerText; };
  r.initialClass = root.className;
  r.switchShown = !document.getElementById("reading-switch").hidden;
  var hint = document.querySelector(".key .te-js");
  r.switchHint = {shown: hint.offsetParent !== null, text: hint.innerText};
  r.normalized = {xibaipo: visible().indexOf("Xibaipo") >= 0,
                  xinxibo: visible().indexOf("Xinxibo") >= 0,
                  georgii: visible().indexOf("[Georgii]") >= 0};
  document.querySelector("#reading-switch input[value='diplomatic']").click();
  r.afterSwitchClass = root.className;
  r.diplomatic = {xinxibo: visible().indexOf("Xinxibo [sic, should be Xibaipo]") >= 0,
                  georgii: visible().indexOf("[Georgii] Malenkov") >= 0};
  document.querySelector("#reading-switch input[value='normalized']").click();
  r.back = {xinxibo: visible().indexOf("Xinxibo") >= 0, cls: root.className};

  var name = text.querySelector("a.te-name[href='#idx-malenkov']");
  r.mentionId = name.id;
  name.click();
  r.afterIndexLink = {hash: location.hash,
                      target: (document.querySelector(":target") || {}).id || null,
                      entryText: document.getElementById("idx-malenkov").innerText.slice(0, 40)};
  var back = document.querySelector("#idx-malenkov a.back[href='#" + name.id + "']");
  back.click();
  r.afterBackLink = {hash: location.hash,
                     target: (document.querySelector(":target") || {}).id || null};

  var alt = text.querySelector("span.te-alt[tabindex='0']");
  var tip = alt.querySelector(".te-tip");
  r.tipBefore = getComputedStyle(tip).display;
  window.focus();
  alt.focus();
  r.focused = document.activeElement === alt;
  // :focus matches only while the page has the focus, which a busy headless browser
  // may not have given it
  r.focusMatched = alt.matches(":focus");
  r.tipOnFocus = getComputedStyle(tip).display;
  r.tipText = tip.innerText;
  document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape"}));
  r.blurredByEscape = document.activeElement !== alt;

  var note = text.querySelector("a.te-noteref");
  note.click();
  r.note = {target: (document.querySelector(":target") || {}).id || null,
            href: note.getAttribute("href")};

  r.resources = performance.getEntriesByType("resource").map(function (e) { return e.name; });
  r.errors = window.__errors;
  var out = document.createElement("pre");
  out.id = "probe-results";
  out.textContent = JSON.stringify(r);
  document.body.appendChild(out);
}());
</script>"""

# For the screenshots: the text around Xibaipo (what precedes it is hidden in this test
# copy, as a screenshot cannot scroll), with a tooltip open by keyboard focus.
SHOWCASE = """<script>
(function () {
  var hide = document.querySelectorAll(".masthead, .key, .te-opener, #text > h2");
  for (var i = 0; i < hide.length; i++) { hide[i].style.display = "none"; }
  var paras = document.querySelectorAll("#text p.te-p");
  for (var j = 0; j < paras.length && paras[j].id !== "p19"; j++) {
    paras[j].style.display = "none";
  }
  var alt = document.querySelector("#p19 .te-alt[tabindex]");
  if (alt) { alt.focus({preventScroll: true}); }
}());
</script>"""


@pytest.fixture(scope="module")
def chromium() -> str:
    return find_chromium()


def _run(chromium: str, tmp: Path, page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_chromium(chromium, tmp, page.as_uri(), *extra, timeout=120)


def _with_scripts(html: str, head: str = "", tail: str = "") -> str:
    """The page with the test's scripts added, each allowed by its digest in the page's
    Content-Security-Policy (which lets only the page's own script run)."""
    digests = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in re.findall(r"<script>(.*?)</script>", head + tail, re.S)
    ]
    assert html.count("script-src 'sha256-") == 1
    html = html.replace("script-src ", "script-src " + " ".join([*digests, ""]), 1)
    html = html.replace("<head>", "<head>" + head, 1)
    return html.replace("</body>", tail + "</body>", 1)


@pytest.fixture(scope="module")
def probe(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("browser")
    page = tmp / "probe.html"
    page.write_text(_with_scripts(render_html(EDITION), CATCHER, PROBE), encoding="utf-8")
    run = _run(chromium, tmp, page, "--enable-logging=stderr", "--v=0", "--dump-dom")
    match = re.search(r'<pre id="probe-results">(.*?)</pre>', run.stdout, re.S)
    assert match, run.stderr[-2000:]
    results = json.loads(
        match.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    )
    results["console"] = [
        line for line in run.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line
    ]
    return results


def test_page_loads_without_errors_or_requests(probe: dict) -> None:
    assert probe["errors"] == []
    assert probe["console"] == []
    assert probe["resources"] == []


def test_reading_switch_changes_the_visible_text(probe: dict) -> None:
    assert probe["switchShown"] is True
    # the key speaks of the switch when the script runs (without it, of the other page)
    assert probe["switchHint"] == {
        "shown": True,
        "text": "The switch at the top of the page changes the reading.",
    }
    assert probe["initialClass"] == "reading-normalized"
    assert probe["normalized"] == {"xibaipo": True, "xinxibo": False, "georgii": False}
    assert probe["afterSwitchClass"] == "reading-diplomatic"
    assert probe["diplomatic"] == {"xinxibo": True, "georgii": True}
    assert probe["back"] == {"xinxibo": False, "cls": "reading-normalized"}


def test_index_link_and_back_link(probe: dict) -> None:
    mention = probe["mentionId"]
    assert mention == "m-malenkov-1"
    assert probe["afterIndexLink"]["hash"] == "#idx-malenkov"
    assert probe["afterIndexLink"]["target"] == "idx-malenkov"
    assert probe["afterIndexLink"]["entryText"].startswith("Malenkov, Georgii")
    assert probe["afterBackLink"] == {"hash": f"#{mention}", "target": mention}


def test_tooltip_on_keyboard_focus(probe: dict) -> None:
    assert probe["tipBefore"] == "none"
    assert probe["focused"] is True
    assert probe["tipText"].startswith("Supplied by the translator")
    assert "Source: “[because]”" in probe["tipText"]
    assert probe["blurredByEscape"] is True
    if not probe["focusMatched"]:
        pytest.skip("the headless browser did not give the page the focus: :focus cannot match")
    assert probe["tipOnFocus"] == "block"


def test_note_marker_reaches_its_note(probe: dict) -> None:
    assert probe["note"] == {"target": "note-t1", "href": "#note-t1"}


@pytest.mark.parametrize("reading", ["normalized", "diplomatic"])
def test_screenshots(
    chromium: str, tmp_path: Path, edition: Path, artifacts: Path, reading: str
) -> None:
    """Keep a screenshot of the page top and of the text with a tooltip open."""
    html = render_html(edition, reading)
    top = tmp_path / "top.html"
    top.write_text(html, encoding="utf-8")
    shot = artifacts / f"edition-{reading}-top.png"
    shot.unlink(missing_ok=True)
    _run(chromium, tmp_path, top, "--window-size=1280,1400", f"--screenshot={shot}")
    assert shot.is_file() and shot.stat().st_size > 20_000
    text = tmp_path / "text.html"
    text.write_text(_with_scripts(html, tail=SHOWCASE), encoding="utf-8")
    shot = artifacts / f"edition-{reading}-text.png"
    shot.unlink(missing_ok=True)
    _run(chromium, tmp_path, text, "--window-size=1280,1000", f"--screenshot={shot}")
    assert shot.is_file() and shot.stat().st_size > 20_000
    narrow = artifacts / f"edition-{reading}-narrow.png"
    narrow.unlink(missing_ok=True)
    _run(chromium, tmp_path, text, "--window-size=420,900", f"--screenshot={narrow}")
    assert narrow.is_file()
