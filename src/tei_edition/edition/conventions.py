"""The encoding conventions every command reads: which attributes hold pointers, which
kinds of register entry there are and where their pages go. Stated once, here; the
validation, the counts, the site and the importer take them from this module.
"""

from __future__ import annotations

POINTER_ATTRIBUTES = (
    "ref",
    "corresp",
    "target",
    "resp",
    "who",
    "source",
    "sameAs",
    "ana",
    "hand",
    "scheme",
    "next",
    "prev",
    "copyOf",
    "facs",
)
"""Attributes whose value is one or more pointers (``#id``, ``registers.xml#id`` or a URI)."""

KIND_PAGES = {
    "person": "persons",
    "place": "places",
    "org": "organisations",
    "bibl": "bibliography",
}
"""The kinds of register entry, and the name of each kind's page of the registers."""
