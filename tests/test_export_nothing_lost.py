"""Nothing is lost: every character of the body's text in the chosen reading is in the
text export and in the HTML, for the edition and for TEI the stylesheets do not know."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tei_edition.read.xmlparse import parse
from tei_edition.xslt import transform_to_string
from test_export_support import (
    GENERIC,
    SAMPLE,
    TEXT_XSL,
    html_visible,
    missing_pieces,
    reading_pieces,
    render_html,
    render_text,
)

READINGS = ("normalized", "diplomatic")


def _sources(edition: Path) -> list[Path]:
    return [p for p in (GENERIC, SAMPLE, edition) if p.is_file()]


def _chars(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


def _check(pieces: list[str], output: str) -> None:
    assert missing_pieces(pieces, output) == []
    assert _chars(" ".join(pieces)) - _chars(output) == Counter()


@pytest.mark.parametrize("reading", READINGS)
def test_text_export_keeps_every_character(edition: Path, reading: str) -> None:
    for source in _sources(edition):
        pieces = reading_pieces(parse(source), reading)
        assert pieces
        for width in (72, 0, 20):
            _check(pieces, render_text(source, reading, width))


@pytest.mark.parametrize("reading", READINGS)
def test_html_export_keeps_every_character(edition: Path, reading: str) -> None:
    for source in _sources(edition):
        pieces = reading_pieces(parse(source), reading)
        for initial in READINGS:
            # the page shows the reading whichever one it opens with
            _check(pieces, html_visible(render_html(source, initial), reading, root_id=None))


def test_unknown_elements_are_in_the_sample() -> None:
    text = GENERIC.read_text(encoding="utf-8")
    for unknown in ("<blorp>", "<x:foreign-thing>", "<app>", "<subst>", "<damage>", "<w>"):
        assert unknown in text


def test_the_check_catches_a_dropped_element(tmp_path: Path) -> None:
    """A driver that silently drops one unknown element fails the check."""
    lossy = tmp_path / "lossy.xsl"
    lossy.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        f'<xsl:import href="{TEXT_XSL.as_uri()}"/>'
        '<xsl:template match="*:blorp"/></xsl:stylesheet>',
        encoding="utf-8",
    )
    out = transform_to_string(lossy, GENERIC, {"reading": "normalized"})
    assert missing_pieces(reading_pieces(parse(GENERIC), "normalized"), out) == [
        "unknownelement kept"
    ]
