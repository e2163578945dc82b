"""`tei-edition fidelity` reads import drafts as the importer writes them: every draft of the
archive test set agrees with its transcription word by word."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_edition.fidelity import check_fidelity, diplomatic_words
from tei_edition.importer import import_source
from tests.conftest import FIXTURES, REGISTER

ARCHIVE = sorted((FIXTURES / "archive").glob("*.txt"))
TEI = "http://www.tei-c.org/ns/1.0"


@pytest.mark.parametrize("source", ARCHIVE, ids=[p.stem for p in ARCHIVE])
def test_every_draft_of_the_archive_set_is_word_faithful(source: Path, tmp_path: Path) -> None:
    draft = tmp_path / f"{source.stem}.xml"
    import_source(source, draft, registers=REGISTER)
    report = check_fidelity(draft, source)
    assert [i.format() for i in report.issues] == []
    assert report.tei_words == report.source_words


def _body(xml: str) -> etree._Element:
    return etree.fromstring(f'<body xmlns="{TEI}">{xml}</body>')


def test_a_bracket_over_paragraphs_closes_on_its_first_and_last_words() -> None:
    body = _body(
        "<p>One.</p><note type='translator' place='inline'><p>stamp: Incoming</p>"
        "<p>4 May 1950</p></note><p>Two.</p>"
    )
    assert diplomatic_words(body) == ["One.", "[stamp:", "Incoming", "4", "May", "1950]", "Two."]


def test_a_footnote_gives_its_mark_in_place_and_its_words_after_the_text() -> None:
    body = _body(
        "<p>To Filippov.<note place='foot' n='x/'>Pseudonym of Stalin.</note> Text.</p><p>End.</p>"
    )
    assert diplomatic_words(body) == [
        "To", "Filippov.x/", "Text.", "End.", "x/", "Pseudonym", "of", "Stalin.",
    ]  # fmt: skip
