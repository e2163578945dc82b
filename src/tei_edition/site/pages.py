"""The editor's own words on the site: Markdown (the home page's introduction and the
pages of ``edition.pages``) rendered into page models.

Markdown is rendered by markdown-it-py, CommonMark with GitHub's tables, raw HTML disabled:
an editor's ``<script>`` or ``<div onclick=…>`` is shown as text, never put into the page. Its
links and images are kept only where they pass the site's link allowlist (``http``,
``https`` and ``mailto`` addresses, or a relative address without a scheme; images: a
relative address only, as the pages' Content-Security-Policy loads nothing from elsewhere);
site.xsl checks the links once more (``te:safe-href``) as it writes them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree, html
from markdown_it import MarkdownIt

from tei_edition.edition.config import Edition

SAFE_HREF = re.compile(r"(https?://|mailto:)[^\s\"<>]+", re.I)


def _relative(href: str) -> bool:
    """A relative address: no scheme (a colon only after a /, ? or #)."""
    head = re.split(r"[/?#]", href, maxsplit=1)[0]
    return bool(href) and ":" not in head and not re.search(r"[\s\"<>]", href)


def _markdown() -> MarkdownIt:
    # CommonMark, and the tables of GitHub's Markdown, which editors write (| a | b |)
    return MarkdownIt("commonmark", {"html": False, "xhtmlOut": True}).enable("table")


def render(text: str) -> list[etree._Element]:
    """``text`` (Markdown) as HTML elements (in no namespace), links made safe."""
    rendered = _markdown().render(text)
    if not rendered.strip():
        return []
    elements = html.fragments_fromstring(rendered)
    found = [e for e in elements if isinstance(e, etree._Element)]
    for root in found:
        for el in root.iter():
            # a table column's alignment (|--:|) comes as an inline style, which the pages'
            # Content-Security-Policy refuses: it is left to the theme
            el.attrib.pop("style", None)
            if el.tag == "a":
                href = (el.get("href") or "").strip()
                if not (SAFE_HREF.fullmatch(href) or _relative(href)):
                    el.attrib.pop("href", None)
            elif el.tag == "img":
                src = (el.get("src") or "").strip()
                if not _relative(src):
                    el.attrib.pop("src", None)
    return found


COLOURS = "theme/edition-colours.css"
STYLESHEET = "theme/edition-theme.css"


def logo_route(edition: Edition) -> str:
    """Where the edition's logo is on the site, or ''."""
    logo = edition.config.logo
    return f"theme/edition-logo{Path(logo).suffix.lower()}" if logo else ""


def page_name(path: Path) -> str:
    """A page's name in its address (pages/NAME.html): its file's stem."""
    return path.stem


def theme_params(edition: Edition) -> dict[str, Any]:
    """What site.xsl is told of the editor's theme and pages (every page's head and
    navigation)."""
    c = edition.config
    styles = [r for r, on in ((COLOURS, c.accent), (STYLESHEET, c.stylesheet)) if on]
    return {
        "theme-styles": " ".join(styles),
        "theme-logo": logo_route(edition),
        "edition-pages": "\n".join(f"{page_name(p)}\t{t}" for p, t in edition.pages),
    }


def theme_extras(edition: Edition) -> list[tuple[str, bytes]]:
    """The editor's theme files: (path in ``OUT``, content)."""
    c, files = edition.config, []
    if c.accent:
        files.append((COLOURS, f":root {{ --accent: {c.accent}; }}\n".encode()))
    if c.stylesheet:
        files.append((STYLESHEET, (edition.root / c.stylesheet).read_bytes()))
    if c.logo:
        files.append((logo_route(edition), (edition.root / c.logo).read_bytes()))
    return files


__all__ = ["logo_route", "page_name", "render", "theme_extras", "theme_params"]
