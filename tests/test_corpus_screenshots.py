"""Pictures of what a reader gets from other projects' TEI: an HTML page and a PDF page of a
critical edition, a play, a manuscript transcription and a right-to-left text.

Each is exported from ../shared/corpus or ../shared/corpus2 and photographed: the HTML in
headless Chromium (for the critical edition also at its apparatus), a PDF page rendered
with ``pdftoppm``. The pictures are kept in tests/artifacts/ to be looked at; the test
checks that each shows something (ink on the page, not an empty or one-colour image), so
a page that renders blank, or a PDF page that is empty, fails.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from tei_edition.transform.export import export
from test_site_csp_browser import Page, WebSocket, _devtools_url
from web_tools import FLAGS, find_chromium

SHARED = Path(__file__).resolve().parents[2] / "shared"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "corpus"

# kind → (corpus file, an anchor of the HTML page to photograph as well, the PDF page)
KINDS = {
    "critical-edition": ("corpus/pta_pta0040.pta001.pta-grc1.xml", "apparatus", 3),
    "play": ("corpus/dracor-rus_chekhov-vishnevyi-sad.xml", "", 3),
    "manuscript": ("corpus/expps_coislin-187-transcription.xml", "", 3),
    "right-to-left": ("corpus2/perseus-farsi_hafez.divan.perseus-far1.xml", "", 3),
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.fop,
    pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the corpora) is absent"),
]


def inked(png: Path) -> float:
    """The share of the picture's pixels that differ clearly from its most common colour
    (the page's background)."""
    image = Image.open(png).convert("L")
    histogram = image.histogram()
    background = max(range(256), key=histogram.__getitem__)
    total = sum(histogram)
    far = sum(n for value, n in enumerate(histogram) if abs(value - background) > 60)
    return far / total


@contextmanager
def chromium_page(work: Path) -> Iterator[Page]:
    """A headless Chromium driven through its DevTools protocol, stopped on leaving."""
    log = (work / "chromium.log").open("wb")
    browser = subprocess.Popen(
        [find_chromium(), *FLAGS, f"--user-data-dir={work / 'profile'}",
         "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )  # fmt: skip
    try:
        yield Page(WebSocket(_devtools_url(work / "profile", browser)))
    finally:
        browser.terminate()
        browser.wait(timeout=30)
        log.close()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_html_page_and_a_pdf_page_show_the_text(kind: str, tmp_path: Path) -> None:
    name, anchor, pdf_page = KINDS[kind]
    source = SHARED / name
    if not source.is_file():
        pytest.skip(f"{name} is not in ../shared")
    if shutil.which("fop") is None or shutil.which("pdftoppm") is None:
        pytest.skip("Apache FOP or pdftoppm is absent (Debian packages fop, poppler-utils)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    made = export(source, ["html", "pdf"], tmp_path / "out")
    html = next(p for p in made if p.suffix == ".html")
    pdf = next(p for p in made if p.suffix == ".pdf")

    shots = [("", ARTIFACTS / f"{kind}-html.png")]
    if anchor:
        shots.append((anchor, ARTIFACTS / f"{kind}-html-{anchor}.png"))
    with chromium_page(tmp_path) as page:
        page.open(html.as_uri())
        for fragment, png in shots:
            png.unlink(missing_ok=True)
            where = f"document.getElementById({fragment!r})" if fragment else "document.body"
            found = page.run(
                f"var e = {where}; if (!e) return false; e.scrollIntoView(); return true;"
            )
            assert found, f"{html.name} has no #{fragment}"
            png.write_bytes(base64.b64decode(page.call("Page.captureScreenshot")["data"]))
            assert inked(png) > 0.01, f"{png.name}: the page shows next to nothing"

    stem = ARTIFACTS / f"{kind}-pdf"
    for old in ARTIFACTS.glob(f"{kind}-pdf*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            str(pdf_page),
            "-l",
            str(pdf_page),
            str(pdf),
            str(stem),
        ],
        check=True,
        capture_output=True,
    )
    (png,) = ARTIFACTS.glob(f"{kind}-pdf*.png")
    assert inked(png) > 0.005, f"{png.name}: the PDF page is empty"
