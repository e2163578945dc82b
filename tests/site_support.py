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


# ---------------------------------------------------------------- a German edition
# Every word of it the editor writes is German (but one document's text, in English, whose
# page marks it so), so that English on its pages can only be the interface's.


def _brief(title: str, when: str, kind: str, body: str, lang: str = "de", extra: str = "") -> str:
    return f"""{HEAD}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">{title}</title><author>Ada Lovelace</author></titleStmt>
      <publicationStmt><publisher>Testverlag</publisher><date when="2025-03-01">2025</date>
      </publicationStmt>
      <sourceDesc><bibl>Für die Tests verfasst.</bibl></sourceDesc>
    </fileDesc>
    <profileDesc>
      <creation><date when="{when}">{when}</date></creation>
      <abstract><p>{title}</p></abstract>
      <textClass><keywords><term type="kind">{kind}</term></keywords></textClass>
    </profileDesc>{extra}
  </teiHeader>
  <text><body>{body}</body></text>
</TEI>
"""


GERMAN_DOCUMENTS = {
    # every kind of intervention, note and mark the reading key, the principles and the
    # tooltips speak of
    "1846-brief": _brief(
        "Brief an Babbage über die Zahlen",
        "1846-03-03",
        "Brief",
        '<p><placeName ref="registers.xml#london">London</placeName>, <date when="1846-03-03">'
        '3. März 1846</date>. Lieber <persName ref="registers.xml#babbage" cert="medium">'
        "Babbage</persName>, die <choice><sic>Zahlem</sic><corr>Zahlen</corr></choice> sind"
        ' <supplied reason="omitted">fast</supplied> fertig.<note type="editorial">Eine'
        " Anmerkung der Edition.</note> Die <choice><abbr>Masch.</abbr><expan>Maschine"
        "</expan></choice> läuft; die <choice><orig>Rechnung</orig><reg>Rechnung</reg></choice>"
        ' stimmt.<note place="foot">Eine Fußnote der Quelle.</note></p>'
        '<pb n="2"/><p>Hier, <date notBefore="1846-03-01" notAfter="1846-03-05">Anfang März'
        '</date>, fehlt etwas: <gap reason="illegible"/>, und dies ist'
        ' <unclear cert="low">undeutlich</unclear>, <sic>richtig</sic> so.</p>'
        '<p>Ihre <persName ref="registers.xml#lovelace">A. A. L.</persName></p>',
    ),
    "1847-notiz": _brief(
        "Notiz über die Maschine",
        "1847-05-10",
        "Notiz",
        '<p><persName ref="registers.xml#lovelace">Lovelace</persName> schrieb über die'
        ' Maschine und die <orgName ref="registers.xml#royal-society">Royal Society'
        "</orgName>.</p>",
    ),
    # a document in English: its page's interface is German, its text keeps lang="en"
    "1848-letter": _brief(
        "Letter to Babbage",
        "1848-01-20",
        "Brief",
        '<p>Dear <persName ref="registers.xml#babbage">Babbage</persName>, the engine works.</p>',
        lang="en",
    ),
}

GERMAN_REGISTERS = f"""{HEAD}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="de">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Register der Edition</title></titleStmt>
      <publicationStmt><publisher>Testverlag</publisher></publicationStmt>
      <sourceDesc><p>Das gemeinsame Register der Edition.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <standOff>
    <listPerson>
      <person xml:id="lovelace">
        <persName><forename>Ada</forename> <surname>Lovelace</surname></persName>
        <birth when="1815-12-10"/><death when="1852-11-27"/>
        <note>Mathematikerin.</note>
        <idno type="Wikidata">https://www.wikidata.org/wiki/Q7259</idno>
      </person>
      <person xml:id="babbage">
        <persName><forename>Charles</forename> <surname>Babbage</surname></persName>
        <birth when="1791-12-26"/>
        <note cert="medium">Mathematiker und Erfinder von Rechenmaschinen.</note>
      </person>
    </listPerson>
    <listPlace>
      <place xml:id="london"><placeName>London</placeName></place>
    </listPlace>
    <listOrg>
      <org xml:id="royal-society"><orgName>Royal Society</orgName></org>
    </listOrg>
    <listBibl>
      <bibl xml:id="skizze"><title>Skizze der Rechenmaschine</title></bibl>
    </listBibl>
  </standOff>
</TEI>
"""

GERMAN_PAGE = """# Über das Projekt

Diese Seite ist in Markdown geschrieben: *betont*, **stark** und
[Verweise](https://commonmark.org/help/).

## Aufbau

- Briefe
- Notizen
  - mit Unterpunkten

1. Erstens
2. Zweitens

> Ein Zitat aus einem Brief.

| Jahr | Dokumente |
| ---- | --------- |
| 1846 | 1         |
| 1847 | 1         |

Ein Befehl: `tei-edition build`, und ein Block:

```
tei-edition serve ausgabe
```
"""


def make_german_edition(folder: Path, *, broken: bool = False) -> Path:
    """An edition with ``language = "de"`` whose own words are German: three documents
    (one with every kind of intervention, note and mark; one whose text is English), a
    German register (life dates, an uncertain identification), a Markdown page, a German
    introduction. With ``broken``, one document points to no entry: a forced build."""
    edition = make_edition(folder)
    for old in (edition / "documents").glob("*.xml"):
        old.unlink()
    for name, text in GERMAN_DOCUMENTS.items():
        (edition / "documents" / f"{name}.xml").write_text(text, encoding="utf-8")
    if broken:
        text = GERMAN_DOCUMENTS["1847-notiz"].replace("#royal-society", "#niemand")
        (edition / "documents" / "1847-notiz.xml").write_text(text, encoding="utf-8")
    (edition / "registers.xml").write_text(GERMAN_REGISTERS, encoding="utf-8")
    (edition / "about.md").write_text(GERMAN_PAGE, encoding="utf-8")
    config = edition / "edition.toml"
    text = config.read_text(encoding="utf-8")
    for old, new in {
        'language = "en"': 'language = "de"',
        'title = "About"': 'title = "Über das Projekt"',
        "The Test Press": "Testverlag",
        "Letters and notes on the engine, made for the tests.": (
            "Briefe und Notizen über die Maschine, für die Tests *geschrieben*."
        ),
    }.items():
        assert old in text, old
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    return edition
