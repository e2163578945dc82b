"""The page images beside the text, in headless Chromium on the served site.

The edition of facsimile_support (scans drawn with printed lines at known places, each
page's lines in a colour of its own) is built and served by `tei-edition serve`. The
viewer shows the first page; scrolling the text to the third page break shows the third
page (told from the screenshot's pixels, not from the viewer's word); focusing a line
outlines its zone where the zone is on the image (the outline's box against the zone's
coordinates scaled to the image as it is fitted in the viewer); without JavaScript the page
shows a plain image and links each page break to its image; axe-core finds no violation on
the page with the viewer; and no request leaves 127.0.0.1 (DevTools' Network events).
Screenshots are kept in tests/artifacts/.
"""

from __future__ import annotations

import base64
import io
import json
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from PIL import Image

from facsimile_support import LINES, PAGE, SHADES, facsimile_edition
from tei_edition.site import build_site
from tei_edition.site.accessibility import AXE_TAGS
from test_site_a11y_browser import AXE_RUN, axe_source, tab_to
from test_site_csp_browser import Page, served_in_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DOCUMENT = "/documents/1850-scans.html"
WAIT = "var wait = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };"


def wait_for(page: Page, test: str, seconds: float = 30) -> bool:
    return page.run(
        WAIT + f"for (var i = 0; i < {int(seconds * 10)}; i++) {{ if ({test}) return true;"
        " await wait(100); } return false;",
        timeout=seconds + 30,
    )


def settled(page: Page, selector: str) -> dict[str, float] | None:
    """The box of ``selector`` once it has not moved for half a second (the viewer
    animates), or None."""
    return page.run(
        WAIT
        + f"""
var last = null, still = 0;
for (var i = 0; i < 100; i++) {{
  var el = document.querySelector({json.dumps(selector)});
  if (el) {{
    var r = el.getBoundingClientRect();
    var now = [r.left, r.top, r.width, r.height].map(Math.round).join();
    still = now === last ? still + 1 : 0;
    last = now;
    if (still >= 5) return {{left: r.left, top: r.top, width: r.width, height: r.height}};
  }}
  await wait(100);
}}
return null;
"""
    )


def shot(page: Page, path: Path) -> Image.Image:
    data = base64.b64decode(page.call("Page.captureScreenshot")["data"])
    path.write_bytes(data)
    return Image.open(io.BytesIO(data)).convert("RGB")


def shade_share(img: Image.Image, box: dict[str, float], shade: tuple[int, int, int]) -> float:
    """The share of the pixels in ``box`` close to ``shade``."""
    crop = img.crop(
        (int(box["left"]), int(box["top"]), int(box["left"] + box["width"]),
         int(box["top"] + box["height"]))
    )  # fmt: skip
    pixels = list(crop.getdata())
    near = sum(1 for p in pixels if all(abs(a - b) < 40 for a, b in zip(p, shade, strict=True)))
    return near / max(len(pixels), 1)


VIEW = "#facs-view"
FITTED = f"""
var v = document.querySelector({json.dumps(VIEW)}).getBoundingClientRect();
return {{left: v.left, top: v.top, width: v.width, height: v.height}};
"""


def expected_box(view: dict[str, float], zone: tuple[int, int, int, int]) -> list[float]:
    """Where a zone (x, y, w, h in the scan's pixels) is on the screen when the whole
    page is fitted and centred in the viewer."""
    width, height = PAGE
    scale = min(view["width"] / width, view["height"] / height)
    ox = view["left"] + (view["width"] - width * scale) / 2
    oy = view["top"] + (view["height"] - height * scale) / 2
    x, y, w, h = zone
    return [ox + x * scale, oy + y * scale, w * scale, h * scale]


def zone_of(line: int) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = LINES[line - 1]
    return (x0, y0, x1 - x0, y1 - y0)


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> dict[str, Any]:
    axe = axe_source()
    tmp = tmp_path_factory.mktemp("facsimile-browser")
    site = tmp / "out"
    build_site(facsimile_edition(tmp / "edition"), site, pdf=False, search=False)
    r: dict[str, Any] = {}
    with served_in_chromium(site, tmp) as (base, page):
        page.call("Network.enable")
        r["base"] = base
        page.open(base + DOCUMENT)
        r["first"] = wait_for(page, "document.getElementById('facs').dataset.facsCurrent === '1'")
        view = settled(page, ".openseadragon-canvas")
        r["view"] = page.run(FITTED)
        time.sleep(1.5)  # the tiles drawn
        first = shot(page, artifacts / "facsimile-first-page.png")
        r["first-shades"] = [shade_share(first, r["view"], s) for s in SHADES]
        r["canvas"] = view

        # scrolling the text to the third page break
        page.run(
            "var b = document.querySelectorAll('a.facs-pb[data-facs-break]')[2];"
            "window.scrollTo(0, b.getBoundingClientRect().top + window.scrollY - 100);"
            "return true;"
        )
        r["third"] = wait_for(page, "document.getElementById('facs').dataset.facsCurrent === '3'")
        settled(page, ".openseadragon-canvas")
        time.sleep(1.5)
        third = shot(page, artifacts / "facsimile-third-page.png")
        r["third-shades"] = [shade_share(third, r["view"], s) for s in SHADES]
        r["status"] = page.run("return document.querySelector('.facs-status').textContent;")

        # focusing a line of the third page, then one of the first (a zone given by @points,
        # in a surface's coordinates half the scan's)
        for key, line in (("p3l5", 5), ("p1l3", 3)):
            page.run(f"document.querySelector('[data-facs-zone=\"{key}\"]').focus(); return true;")
            box = settled(page, f".facs-zone-box[data-for='{key}']")
            r[f"zone-{key}"] = (box, expected_box(r["view"], zone_of(line)))
        r["after-focus"] = page.run("return document.getElementById('facs').dataset.facsCurrent;")
        shot(page, artifacts / "facsimile-zone-focused.png")
        # hovering a zone on the image marks its words
        hit = page.run(
            "var h = document.querySelector('.facs-zone-hit[data-for=\"p1l4\"]');"
            "if (!h) return null; var b = h.getBoundingClientRect();"
            "return {x: b.left + b.width / 2, y: b.top + b.height / 2};"
        )
        if hit:
            page.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 5, "y": 5})
            page.call("Input.dispatchMouseEvent", {"type": "mouseMoved", **hit})
            time.sleep(0.3)
        r["marked"] = page.run(
            "return Array.from(document.querySelectorAll('.facs-on'))"
            ".map(function (e) { return e.dataset.facsZone; });"
        )

        # a sourceDoc: its surface's image beside its lines, each line's zone outlined
        page.open(base + "/documents/1852-leaf.html")
        r["leaf"] = wait_for(page, "document.getElementById('facs').dataset.facsCurrent === '1'")
        settled(page, ".openseadragon-canvas")
        page.run("document.querySelector('[data-facs-zone=\"zone-2\"]').focus(); return true;")
        box = settled(page, ".facs-zone-box[data-for='zone-2']")
        r["leaf-zone"] = (box, expected_box(page.run(FITTED), zone_of(2)))
        time.sleep(1)
        leaf = shot(page, artifacts / "facsimile-sourcedoc.png")
        r["leaf-shades"] = [shade_share(leaf, page.run(FITTED), s) for s in SHADES]
        page.open(base + DOCUMENT)
        wait_for(page, "document.getElementById('facs').dataset.facsCurrent === '1'")

        # axe-core on the page with the viewer
        page.call("Runtime.evaluate", {"expression": axe, "returnByValue": True})
        r["axe"] = page.run(AXE_RUN % json.dumps(list(AXE_TAGS)), timeout=120)
        r["violations"] = page.run("return window.__violations;")
        r["problems"] = page.problems()

        # the keyboard alone: Tab reaches a line with a zone, whose zone is outlined
        page.open(base + DOCUMENT)
        wait_for(page, "document.getElementById('facs').dataset.facsCurrent === '1'")
        r["tabs"] = tab_to(page, "el.hasAttribute('data-facs-zone')", limit=120)
        r["tabbed"] = page.run("return document.activeElement.dataset.facsZone || null;")
        r["tabbed-box"] = settled(page, ".facs-zone-box")

        # without JavaScript
        page.call("Emulation.setScriptExecutionDisabled", {"value": True})
        page.open(base + DOCUMENT)
        time.sleep(0.5)
        r["nojs"] = page.call(
            "Runtime.evaluate",
            {
                "expression": """(function () {
                  var img = document.querySelector('#facs .facs-img');
                  var r = img ? img.getBoundingClientRect() : null;
                  return {img: img && {src: img.getAttribute('src'), loaded: img.complete,
                            natural: img.naturalWidth, shown: r.width > 0 && r.height > 0,
                            alt: img.alt},
                          bar: document.querySelector('.facs-bar').hidden,
                          breaks: Array.from(document.querySelectorAll('a.facs-pb'))
                            .map(function (a) { return a.getAttribute('href'); })};
                })()""",
                "returnByValue": True,
            },
        )["result"]["value"]
        shot(page, artifacts / "facsimile-no-javascript.png")
        page.call("Emulation.setScriptExecutionDisabled", {"value": False})
        r["nojs-links"] = []
        for href in r["nojs"]["breaks"]:
            with urllib.request.urlopen(urljoin(base + DOCUMENT, href)) as answer:  # the site
                r["nojs-links"].append((answer.status, answer.headers.get_content_type()))

        r["requests"] = sorted(
            {
                e["params"]["request"]["url"]
                for e in page.events
                if e["method"] == "Network.requestWillBeSent"
            }
        )
    return r


def test_the_viewer_shows_the_first_page(findings: dict[str, Any]) -> None:
    assert findings["first"], "the viewer never opened the first page"
    shades = findings["first-shades"]
    # the first page's lines are drawn in its colour, none in the others'
    assert shades[0] > 0.02, shades
    assert shades[1] < 0.002 and shades[2] < 0.002, shades


def test_scrolling_to_the_third_page_break_shows_the_third_image(
    findings: dict[str, Any],
) -> None:
    assert findings["third"], "the viewer did not turn to the third page"
    shades = findings["third-shades"]
    assert shades[2] > 0.02, shades
    assert shades[0] < 0.002, shades
    assert findings["status"] == "Page 2r of 3"


@pytest.mark.parametrize("key", ["p3l5", "p1l3"])
def test_focusing_a_line_outlines_its_zone(findings: dict[str, Any], key: str) -> None:
    box, expected = findings[f"zone-{key}"]
    assert box is not None, "no outline appeared"
    found = [box["left"], box["top"], box["width"], box["height"]]
    assert all(abs(a - b) <= 3 for a, b in zip(found, expected, strict=True)), (found, expected)


def test_focusing_a_line_of_another_page_turns_to_it(findings: dict[str, Any]) -> None:
    assert findings["after-focus"] == "1"


def test_tab_reaches_a_line_and_its_zone_is_outlined(findings: dict[str, Any]) -> None:
    assert findings["tabs"] > 0 and findings["tabbed"] == "p1l1"
    expected = expected_box(findings["view"], zone_of(1))
    box = findings["tabbed-box"]
    assert box is not None
    found = [box["left"], box["top"], box["width"], box["height"]]
    assert all(abs(a - b) <= 3 for a, b in zip(found, expected, strict=True)), (found, expected)


def test_hovering_a_zone_on_the_image_marks_its_words(findings: dict[str, Any]) -> None:
    assert findings["marked"] == ["p1l4"]


def test_the_page_works_without_javascript(findings: dict[str, Any]) -> None:
    nojs = findings["nojs"]
    img = nojs["img"]
    assert img and img["loaded"] and img["natural"] > 0 and img["shown"], img
    assert img["alt"] == "Page image 1r"
    assert nojs["bar"] is True  # the viewer's buttons are not offered
    assert len(nojs["breaks"]) == 3
    assert findings["nojs-links"] == [(200, "image/jpeg")] * 3


def test_axe_finds_no_violation_on_the_page_with_the_viewer(findings: dict[str, Any]) -> None:
    assert findings["axe"]["violations"] == [], json.dumps(findings["axe"], indent=1)
    assert findings["axe"]["passes"] > 10


def test_a_sourcedoc_shows_its_surface_and_outlines_a_line(findings: dict[str, Any]) -> None:
    assert findings["leaf"]
    assert findings["leaf-shades"][0] > 0.02, findings["leaf-shades"]
    box, expected = findings["leaf-zone"]
    assert box is not None
    found = [box["left"], box["top"], box["width"], box["height"]]
    assert all(abs(a - b) <= 3 for a, b in zip(found, expected, strict=True)), (found, expected)


def test_no_policy_violation_no_error(findings: dict[str, Any]) -> None:
    assert findings["violations"] == []
    assert findings["problems"] == []


def test_no_request_leaves_the_loopback(findings: dict[str, Any]) -> None:
    requests = findings["requests"]
    assert any("/iiif/images/page3-png/" in u for u in requests)  # the events are there
    away = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
            and urlsplit(u).hostname != "127.0.0.1"]  # fmt: skip
    assert away == []
