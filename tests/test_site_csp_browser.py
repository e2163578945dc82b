"""Nothing an edition holds runs script in a reader's browser: a site in headless Chromium.

The edition (the scaffold and the letters of site_support) gains a person named
``X <img src=x onerror=alert(document.domain)>`` in its register, and a document whose
kind, title and text hold markup-like text too. Its site is served by `tei-edition serve`
and driven through Chromium's DevTools protocol (a small WebSocket client below, as the
project has no browser driver among its dependencies): a JavaScript dialog opening, a
Content-Security-Policy violation, a console error or an uncaught exception is recorded
wherever it happens. The reader searches, sees every hostile value as the literal text it
is (result title, excerpt, filters) and narrows by the hostile person; the reading switch,
a tooltip, a note and the home page's filter work under the pages' policy. A screenshot of
the search page is kept in tests/artifacts/.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from lxml import html

from site_support import letter, make_edition
from tei_edition.site import build_site
from tei_edition.site.search import pagefind_command
from web_tools import FLAGS, find_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE_NAME = "X <img src=x onerror=alert(document.domain)>"
HOSTILE_KIND = "K <b>bold</b> <img src=z onerror=alert(3)>"
HOSTILE_TITLE = "Title <img src=y onerror=alert(2)>"
HOSTILE_TEXT = "<img src=w onerror=alert(4)>"


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def hostile_edition(folder: Path) -> Path:
    """The site tests' edition, with markup-like text where a reader's browser meets it."""
    edition = make_edition(folder)
    register = edition / "registers.xml"
    text = register.read_text(encoding="utf-8")
    person = f'<person xml:id="hostile"><persName>{_escaped(HOSTILE_NAME)}</persName></person>'
    register.write_text(text.replace("</listPerson>", person + "</listPerson>", 1), "utf-8")
    body = (
        '<p>A letter naming <persName ref="registers.xml#hostile">the stranger</persName>, who'
        f" wrote {_escaped(HOSTILE_TEXT)} in the margin about zymurgy and the"
        " <choice><sic>nubmers</sic><corr>numbers</corr></choice>.<note"
        ' type="editorial">A note of the edition.</note></p>'
    )
    (edition / "documents" / "1846-hostile.xml").write_text(
        letter(_escaped(HOSTILE_TITLE), "1846-03-03", _escaped(HOSTILE_KIND), body), "utf-8"
    )
    # an example of markup that runs, which the site's TEI copy must not run
    example = (
        "<p>An example:</p><egXML xmlns='http://www.tei-c.org/ns/Examples'>"
        "<script xmlns='http://www.w3.org/1999/xhtml'>alert(document.domain)</script>"
        "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/></egXML>"
    )
    (edition / "documents" / "1846-example.xml").write_text(
        letter("An example", "1846-04-04", "Note", example), "utf-8"
    )
    return edition


# ---------------------------------------------------------------- Chromium's DevTools


class WebSocket:
    """A WebSocket client (RFC 6455) for one connection to Chromium's DevTools: text
    messages, with pings answered."""

    def __init__(self, url: str, timeout: float = 60) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        self.buffer = bytearray()
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self._chunk()
        end = self.buffer.index(b"\r\n\r\n") + 4
        head, self.buffer = bytes(self.buffer[:end]), self.buffer[end:]
        assert head.startswith(b"HTTP/1.1 101"), head

    def _chunk(self) -> bytes:
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("Chromium closed the DevTools connection")
        return chunk

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self.buffer += self._chunk()
        data = bytes(self.buffer[:n])
        del self.buffer[:n]
        return data

    def _frame(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        if n < 126:
            head = struct.pack(">BB", 0x80 | opcode, 0x80 | n)
        elif n < 1 << 16:
            head = struct.pack(">BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            head = struct.pack(">BBQ", 0x80 | opcode, 0x80 | 127, n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + masked)

    def send(self, text: str) -> None:
        self._frame(0x1, text.encode("utf-8"))

    def receive(self, timeout: float) -> str:
        self.sock.settimeout(max(timeout, 0.05))
        message = b""
        while True:
            first, second = self._read(2)
            n = second & 0x7F
            if n == 126:
                (n,) = struct.unpack(">H", self._read(2))
            elif n == 127:
                (n,) = struct.unpack(">Q", self._read(8))
            mask = self._read(4) if second & 0x80 else b""
            data = self._read(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            opcode = first & 0x0F
            if opcode == 0x9:  # ping
                self._frame(0xA, data)
                continue
            if opcode == 0x8:
                raise ConnectionError("Chromium closed the DevTools connection")
            if opcode == 0xA:
                continue
            message += data
            if first & 0x80:
                return message.decode("utf-8")


class Page:
    """One tab of Chromium, driven through the DevTools protocol. Every event is kept; a
    JavaScript dialog is recorded and dismissed at once."""

    def __init__(self, ws: WebSocket) -> None:
        self.ws = ws
        self.ids = 0
        self.events: list[dict[str, Any]] = []
        self.dialogs: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, False
        )
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setFocusEmulationEnabled", {"enabled": True})
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1100, "height": 1400, "deviceScaleFactor": 1, "mobile": False},
        )
        # runs in every page before its own scripts (DevTools' scripts are not the page's,
        # and its policy does not apply to them): what the policy refuses
        self.call(
            "Page.addScriptToEvaluateOnNewDocument",
            {
                "source": "window.__violations = [];"
                "document.addEventListener('securitypolicyviolation', function (e) {"
                " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });"
            },
        )

    def _send(self, method: str, params: dict[str, Any], session: bool) -> int:
        self.ids += 1
        message: dict[str, Any] = {"id": self.ids, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        return self.ids

    def _next(self, deadline: float) -> dict[str, Any]:
        message = json.loads(self.ws.receive(deadline - time.monotonic()))
        if "method" in message:
            self.events.append(message)
            if message["method"] == "Page.javascriptDialogOpening":
                self.dialogs.append(message["params"])
                self._send("Page.handleJavaScriptDialog", {"accept": False}, True)
        return message

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: bool = True,
        timeout: float = 60,
    ) -> dict[str, Any]:
        ident = self._send(method, params or {}, session)
        deadline = time.monotonic() + timeout
        while True:
            message = self._next(deadline)
            if message.get("id") == ident:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})

    def open(self, url: str, timeout: float = 60) -> None:
        seen = len(self.events)
        self.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + timeout
        while not any(e["method"] == "Page.loadEventFired" for e in self.events[seen:]):
            self._next(deadline)

    def run(self, script: str, timeout: float = 60) -> Any:
        """The value of ``script`` (the body of an async function) in the page."""
        result = self.call(
            "Runtime.evaluate",
            {
                "expression": f"(async function () {{ {script} }})()",
                "awaitPromise": True,
                "returnByValue": True,
            },
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            raise AssertionError(json.dumps(result["exceptionDetails"])[:2000])
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and log errors so far."""
        found = []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(
                    " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
                )
            elif method == "Runtime.exceptionThrown":
                found.append(json.dumps(params["exceptionDetails"])[:500])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                entry = params["entry"]
                if not entry.get("url", "").endswith("/favicon.ico"):  # the browser's own
                    found.append(f"{entry['text']} ({entry.get('url', '')})")
        return found


def _devtools_url(profile: Path, browser: subprocess.Popen[bytes], timeout: float = 60) -> str:
    active = profile / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and browser.poll() is None:
        lines = active.read_text().split() if active.is_file() else []
        if len(lines) == 2:
            return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        time.sleep(0.1)
    raise AssertionError("Chromium did not open its DevTools port")


# ---------------------------------------------------------------- the site, driven

SEARCH = """
var input = document.querySelector("#search input");
input.value = "zymurgy";
input.dispatchEvent(new Event("input", {bubbles: true}));
var wait = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };
var links = function () {  // the results' links (not those to a part of a page)
  return Array.prototype.filter.call(document.querySelectorAll(".pagefind-ui__result-link"),
    function (a) { return !a.closest(".pagefind-ui__result-nested"); });
};
var titles = function () { return links().map(function (a) { return a.textContent; }); };
var hrefs = function () { return links().map(function (a) { return a.getAttribute("href"); }); };
var ready = function () {
  return titles().length && document.querySelector(".pagefind-ui__filter-label");
};
for (var i = 0; i < 300 && !ready(); i++) { await wait(100); }
await wait(500);
var labels = {};
document.querySelectorAll(".pagefind-ui__filter-block").forEach(function (block) {
  block.open = true;
  labels[block.querySelector("legend").textContent] = Array.prototype.map.call(
    block.querySelectorAll(".pagefind-ui__filter-label"), function (l) { return l.textContent; });
});
var r = {titles: titles(), labels: labels,
  hrefs: hrefs(),
  excerpts: Array.prototype.map.call(document.querySelectorAll(".pagefind-ui__result-excerpt"),
    function (p) { return p.textContent; }),
  injected: document.querySelectorAll("#search img, #search b, #search script").length,
  noteHidden: document.getElementById("serve-note").hidden};
var box = Array.prototype.filter.call(document.querySelectorAll("input[name=person]"),
  function (c) { return c.value.indexOf("onerror") >= 0; })[0];
r.personValue = box ? box.value : null;
if (box) {
  box.click();
  for (var j = 0; j < 50; j++) { await wait(100); }
  r.narrowed = hrefs();
}
r.injectedAfter = document.querySelectorAll("#search img, #search b, #search script").length;
return r;
"""

# Pagefind searching in the page itself (not in its web worker): its WebAssembly is then
# compiled under the page's policy.
MAIN_THREAD = """
var pagefind = await import("/pagefind/pagefind.js?main-thread");
await pagefind.options({noWorker: true, basePath: "/pagefind/"});
var found = await pagefind.search("zymurgy");
var urls = [];
for (var i = 0; i < found.results.length; i++) { urls.push((await found.results[i].data()).url); }
return urls;
"""

DOCUMENT = """
var r = {};
var root = document.documentElement, text = document.getElementById("text");
r.switchShown = !document.getElementById("reading-switch").hidden;
r.hint = document.querySelector(".key .te-js").hidden === false;
document.querySelector("#reading-switch input[value='diplomatic']").click();
r.afterSwitch = {cls: root.className, source: text.innerText.indexOf("nubmers") >= 0};
document.querySelector("#reading-switch input[value='normalized']").click();
r.back = root.className;
var alt = text.querySelector(".te-alt[tabindex]");
alt.focus();
r.tip = {display: getComputedStyle(alt.querySelector(".te-tip")).display,
         text: alt.querySelector(".te-tip").textContent};
alt.blur();
text.querySelector("a.te-noteref").click();
r.note = (document.querySelector(":target") || {}).id || null;
r.textShown = text.innerText.indexOf("wrote <img src=w onerror=alert(4)> in the margin") >= 0;
r.injected = document.querySelectorAll("main img").length;
r.css = getComputedStyle(document.querySelector(".masthead h1")).fontWeight;
return r;
"""

HOME = """
var form = document.getElementById("doc-filter");
var kind = form.querySelector("select[name=kind]");
var option = Array.prototype.filter.call(kind.options, function (o) {
  return o.value.indexOf("onerror") >= 0; })[0];
kind.value = option.value;
kind.dispatchEvent(new Event("change", {bubbles: true}));
return {formShown: !form.hidden, option: option.textContent,
        count: document.getElementById("doc-count").textContent};
"""

POLICY = """
var meta = document.querySelector("meta[http-equiv='Content-Security-Policy']");
return {policy: meta ? meta.content : null,
        first: document.head.children[1] === meta,
        violations: window.__violations || null};
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if pagefind_command() is None:
        pytest.skip("Pagefind is not installed: the site has no search")
    tmp = tmp_path_factory.mktemp("site-csp")
    out = tmp / "out"
    result = build_site(hostile_edition(tmp / "edition"), out, pdf=False)
    assert not [i for i in result.notices if i.severity == "error"], result.notices
    return out


@contextmanager
def served_in_chromium(site: Path, work: Path) -> Iterator[tuple[str, Page]]:
    """``tei-edition serve`` of ``site`` on a free loopback port and a headless Chromium
    driven through its DevTools protocol: the site's address and the browser's page.
    Both are stopped on leaving; ``work`` holds the browser's profile and log."""
    chromium = find_chromium()
    server = subprocess.Popen(
        [sys.executable, "-m", "tei_edition", "serve", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    profile = work / "profile"
    log = (work / "chromium.log").open("wb")
    browser = None
    try:
        line = server.stdout.readline() if server.stdout else ""
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        browser = subprocess.Popen(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
             "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )  # fmt: skip
        yield f"http://127.0.0.1:{match.group(1)}", Page(WebSocket(_devtools_url(profile, browser)))
    finally:
        if browser is not None:
            browser.terminate()
            browser.wait(timeout=30)
        log.close()
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def findings(site: Path, artifacts: Path) -> dict[str, Any]:
    with served_in_chromium(site, site.parent) as (base, page):
        r: dict[str, Any] = {"policies": {}}

        def visit(path: str, script: str | None = None) -> Any:
            page.open(base + path)
            r["policies"][path] = page.run(POLICY)
            return page.run(script, timeout=90) if script else None

        r["search"] = visit("/search.html", SEARCH)
        shot = artifacts / "site-search-hostile.png"
        shot.unlink(missing_ok=True)
        page.run("window.scrollTo(0, 0); return true;")
        shot.write_bytes(base64.b64decode(page.call("Page.captureScreenshot")["data"]))
        r["mainThread"] = page.run(MAIN_THREAD, timeout=90)
        r["policies"]["/search.html"] = page.run(POLICY)
        r["document"] = visit("/documents/1846-hostile.html", DOCUMENT)
        r["home"] = visit("/index.html", HOME)
        visit("/register/hostile.html")
        visit("/documents/diplomatic/1846-hostile.html")
        # the TEI copy of a document whose example holds an XHTML script and SVG
        page.open(base + "/documents/1846-example.xml")
        r["copy"] = page.run(
            "await new Promise(function (r) { setTimeout(r, 500); });"
            "return {kind: document.contentType, scripts: document.scripts.length};"
        )
        r["dialogs"] = page.dialogs
        r["problems"] = page.problems()
        r["shot"] = shot
        return r


def test_the_tei_copy_runs_nothing(findings: dict[str, Any]) -> None:
    # Chromium shows the copy as a tree of XML (its own page), no script of the document
    assert findings["copy"]["scripts"] == 0
    assert findings["dialogs"] == []


def test_no_dialog_no_violation_no_error(findings: dict[str, Any]) -> None:
    assert findings["dialogs"] == []
    assert findings["problems"] == []
    for path, seen in findings["policies"].items():
        assert seen["violations"] == [], path


def test_search_shows_the_hostile_values_as_text(findings: dict[str, Any]) -> None:
    search = findings["search"]
    assert search["noteHidden"] is True
    assert search["titles"] == [HOSTILE_TITLE]
    assert search["hrefs"] == ["/documents/1846-hostile.html"]
    # the excerpt around the word found: the markup-like text as text
    assert any("src=w onerror=alert(4)>" in e for e in search["excerpts"]), search["excerpts"]
    assert f"{HOSTILE_NAME} (1)" in search["labels"]["person"]
    assert f"{HOSTILE_KIND} (1)" in search["labels"]["kind"]
    assert search["injected"] == search["injectedAfter"] == 0
    # the filter narrows by the hostile name as Pagefind holds it (escaped for its UI)
    assert search["personValue"] == _escaped(HOSTILE_NAME)
    assert search["narrowed"] == ["/documents/1846-hostile.html"]
    assert findings["shot"].stat().st_size > 10_000


def test_pagefind_searches_in_the_page_under_its_policy(findings: dict[str, Any]) -> None:
    """Without its worker Pagefind compiles its WebAssembly in the page: the search
    page's policy allows that ('wasm-unsafe-eval'), and nothing else inline."""
    assert findings["mainThread"] == ["/documents/1846-hostile.html"]
    policy = findings["policies"]["/search.html"]["policy"]
    assert "'wasm-unsafe-eval'" in policy and "'unsafe-inline'" not in policy


def test_reading_switch_tooltip_and_note_work_under_the_policy(findings: dict[str, Any]) -> None:
    page = findings["document"]
    assert page["switchShown"] is True and page["hint"] is True
    assert page["afterSwitch"] == {"cls": "reading-diplomatic", "source": True}
    assert page["back"] == "reading-normalized"
    assert page["tip"]["display"] == "block"
    assert page["tip"]["text"].startswith("Corrected by")
    assert page["note"] and page["note"].startswith("note-")
    assert page["textShown"] is True and page["injected"] == 0
    assert page["css"] == "400"  # the theme's CSS applies (h1 is bold without it)


def test_home_filter_works_under_the_policy(findings: dict[str, Any]) -> None:
    home = findings["home"]
    assert home == {"formShown": True, "option": HOSTILE_KIND, "count": "1 document"}


def test_every_page_visited_has_the_policy_first(findings: dict[str, Any]) -> None:
    for path, seen in findings["policies"].items():
        assert seen["first"] is True, path
        policy = seen["policy"]
        assert policy.startswith("default-src 'self'; script-src 'self'"), path
        assert "object-src 'none'" in policy and "base-uri 'none'" in policy, path
        assert "form-action 'self'" in policy and "unsafe-inline" not in policy, path


def test_every_page_of_the_site_has_the_policy_and_nothing_inline(site: Path) -> None:
    pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 10
    for path in pages:
        tree = html.parse(str(path))
        head = tree.find("head")
        assert head[0].get("charset") == "utf-8", path
        assert head[1].get("http-equiv") == "Content-Security-Policy", path
        assert "'unsafe-inline'" not in head[1].get("content"), path
        # a schema.org description is data (application/ld+json), which no browser runs
        data = tree.xpath("//script[@type='application/ld+json']")
        assert len(data) == 1 and json.loads(data[0].text)["@context"], path
        assert set(data[0].attrib) == {"type"}, path
        code = "//script[not(@src)][not(@type='application/ld+json')]"
        assert tree.xpath(f"{code} | //style | //*[@style]") == [], path
        handlers = [a for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib]
        assert not [a for a in handlers if a.lower().startswith("on")], path
