"""What the site's accessibility statement says: how the site is tested, no more.

These are the facts of tests/test_site_a11y_browser.py (and, for the page images beside
the text, tests/test_facsimile_browser.py), which checks them against itself: the axe-core
version (package-lock.json), its rule sets, the kinds of page it runs on, the keyboard
checks and the browser. The statement page (site.xsl) says them.
"""

from __future__ import annotations

AXE_CORE_VERSION = "4.10.2"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BROWSER = "headless Chromium"
PAGE_KINDS = (
    "the home page",
    "a document's page, in each of its two readings",
    "a document's page with its page images beside the text",
    "the list of registers",
    "the page of one kind of register entry",
    "a register entry's page",
    "the chronology",
    "the search page, showing results",
    "this page",
)
KEYBOARD_CHECKS = (
    "Tab reaches the switch between the readings, and an arrow key changes the reading",
    "Tab reaches a word that has a tooltip, and the tooltip shows while it has the focus",
    "Tab reaches a note's reference, and Enter goes to the note",
    "Tab reaches the search box, typing searches, Tab reaches a result and Enter opens it",
    "Tab reaches a line of the text that has a zone, and its zone is outlined on the page image",
)
