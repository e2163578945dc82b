"""What the site's accessibility statement says: how the site is tested, no more.

These are the facts of tests/test_site_a11y_browser.py (and, for the page images beside
the text, tests/test_facsimile_browser.py), which checks them against
itself: the axe-core version (package-lock.json), its rule sets, the kinds of page it
runs on, the keyboard checks and the browser. The statement page (site.xsl) says them, in
the edition's language (the kinds and checks are keys of transforms/messages/).
"""

from __future__ import annotations

AXE_CORE_VERSION = "4.10.2"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BROWSER = "headless Chromium"
PAGE_KINDS = (
    "a11y.kind.home",
    "a11y.kind.document",
    "a11y.kind.facsimile",
    "a11y.kind.registers",
    "a11y.kind.kind",
    "a11y.kind.entry",
    "a11y.kind.chronology",
    "a11y.kind.search",
    "a11y.kind.page",
    "a11y.kind.statement",
    "a11y.kind.opendata",
)
"""The kinds of page axe-core checks, as keys of the message catalogs (the statement says
them in the edition's language): "the home page", … "a page the editor wrote in Markdown"."""
KEYBOARD_CHECKS = (
    "a11y.key.switch",
    "a11y.key.tooltip",
    "a11y.key.note",
    "a11y.key.search",
    "a11y.key.zone",
)
"""The keyboard checks, as keys of the message catalogs."""
