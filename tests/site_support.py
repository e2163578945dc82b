"""Editions made for the site tests: the scaffold of `tei-edition new` and more letters."""

from __future__ import annotations

from pathlib import Path

from tei_edition.site.scaffold import new_edition

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<?xml-model href="http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"'
    ' type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
)


def letter(title: str, when: str, kind: str, body: str, summary: str = "") -> str:
    return f"""{HEAD}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">{title}</title><author>Ada Lovelace</author></titleStmt>
      <publicationStmt><publisher>Test</publisher></publicationStmt>
      <sourceDesc><bibl>Made for the tests.</bibl></sourceDesc>
    </fileDesc>
    <profileDesc>
      <creation><date when="{when}">{when}</date></creation>
      <abstract><p>{summary or title}</p></abstract>
      <textClass><keywords><term type="kind">{kind}</term></keywords></textClass>
    </profileDesc>
  </teiHeader>
  <text><body>{body}</body></text>
</TEI>
"""


LETTERS = {
    "1842-note": letter(
        "Note on the engine",
        "1842-11-02",
        "Note",
        '<p><persName ref="registers.xml#babbage">Babbage</persName> showed the engine in'
        ' <placeName ref="registers.xml#london">London</placeName>; the word quaternion'
        " appears here only.</p>",
    ),
    "1844-letter": letter(
        "Letter, Lovelace to Babbage",
        "1844-08-01",
        "Letter",
        '<p>Dear <persName ref="registers.xml#babbage">Babbage</persName>, the bernoulli'
        ' numbers again.</p><p>Yours, <persName ref="registers.xml#lovelace">A. A. L.'
        '</persName>, and <persName ref="registers.xml#babbage">you</persName> once more.</p>',
    ),
    "1845-memo": letter(
        "Memorandum on bernoulli numbers",
        "1845-01-15",
        "Memorandum",
        "<p>The bernoulli <choice><sic>nubmers</sic><corr>numbers</corr></choice>, as"
        ' <persName ref="registers.xml#babbage">Babbage</persName> computed them.</p>',
    ),
}


BASE_URL = "https://lovelace.test-editions.net/edition/"
RELEASE = "2025-03-01"
"""The test edition's date (edition.date): the date its citations give."""

PLACEHOLDERS = {
    'short_title = "Edition"': 'short_title = "Test"',
    '"First Editor", "Second Editor"': '"Ada Editor", "Charles Editor"',
    "The publishing institution": "The Test Press",
    'date = ""': 'date = "2025-03-01"',
    "https://example.org/edition/": BASE_URL,
    "What this edition publishes, from which archives, and how it was made.": (
        "Letters and notes on the engine, made for the tests."
    ),
}


def make_edition(folder: Path) -> Path:
    """The scaffold of `tei-edition new`, its placeholders replaced as an editor would, and
    three more documents, all valid."""
    new_edition(folder, title="Test Edition")
    config = folder / "edition.toml"
    text = config.read_text(encoding="utf-8")
    for placeholder, value in PLACEHOLDERS.items():
        assert placeholder in text, placeholder
        text = text.replace(placeholder, value)
    config.write_text(text, encoding="utf-8")
    for name, text in LETTERS.items():
        (folder / "documents" / f"{name}.xml").write_text(text, encoding="utf-8")
    return folder
