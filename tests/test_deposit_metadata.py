"""The deposit stylesheets on headers encoded in other reasonable ways."""

from __future__ import annotations

from lxml import etree

from tei_edition import resources, xslt
from tei_edition.deposit.verify import DATACITE_NS, DC_NS, datacite_issues, dublin_core_issues

DCNS = {"dc": DC_NS}
DCITE = {"d": DATACITE_NS}

VARIANT = b"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>Memorandum of Conversation</title>
        <title type="sub">with Mao Zedong</title>
        <author><persName ref="#kovalev"/></author>
        <respStmt>
          <resp>Translation</resp>
          <persName><forename>Sergey</forename> <surname>Radchenko</surname></persName>
        </respStmt>
      </titleStmt>
      <publicationStmt>
        <authority>Example Archive</authority>
        <idno type="DOI">10.5555/example</idno>
        <idno type="local">memcon-1</idno>
        <availability>
          <licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence>
        </availability>
      </publicationStmt>
      <sourceDesc>
        <bibl>
          <title>Memorandum</title>
          <date when="1949-01-31"/>
          <publisher>Some Archive</publisher>
          <idno type="URI">https://example.org/doc/7</idno>
          <idno type="local">7</idno>
        </bibl>
      </sourceDesc>
    </fileDesc>
    <profileDesc>
      <langUsage><language ident="ru">Russian</language></langUsage>
    </profileDesc>
  </teiHeader>
  <text xml:lang="ru"><body><p>Text.</p></body></text>
  <standOff>
    <listPerson>
      <person xml:id="kovalev">
        <persName><forename>Ivan</forename> <surname>Kovalev</surname></persName>
      </person>
    </listPerson>
  </standOff>
</TEI>
"""


def run(name: str, params: dict[str, xslt.ParamValue] | None = None) -> etree._Element:
    out = xslt.transform(
        resources.transform(name), VARIANT, params or {"bagging-date": "2030-02-03"}
    )
    return etree.fromstring(out)


def test_dublin_core_from_a_different_header() -> None:
    dc = run("dc.xsl")
    assert dublin_core_issues(dc, "dc.xml") == []

    def values(name: str) -> list[str]:
        return [" ".join((e.text or "").split()) for e in dc.findall(f"dc:{name}", DCNS)]

    assert values("title") == ["Memorandum of Conversation"]
    # the name comes from the register entry, inverted because its parts are marked
    assert values("creator") == ["Kovalev, Ivan"]
    # a translator found by its resp, without xml:id
    assert values("contributor") == ["Radchenko, Sergey"]
    assert values("publisher") == ["Example Archive"]
    assert values("date") == ["1949-01-31"]
    assert values("language") == ["ru"]
    assert values("identifier") == ["https://doi.org/10.5555/example", "memcon-1"]
    assert values("rights") == ["CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"]
    assert values("relation") == ["https://example.org/doc/7"]
    (source,) = values("source")
    assert "Some Archive, document 7" in source and "https://example.org/doc/7" in source
    assert values("description") == []
    assert values("subject") == []


def test_datacite_from_a_different_header() -> None:
    root = run("datacite.xsl", {"bagging-date": "2030-02-03", "formats": "application/tei+xml"})
    assert datacite_issues(root, "datacite.xml") == []

    def texts(path: str) -> list[str]:
        return [" ".join("".join(e.itertext()).split()) for e in root.xpath(path, namespaces=DCITE)]

    assert texts("d:identifier") == ["10.5555/example"]
    assert texts("d:creators/d:creator/d:creatorName") == ["Kovalev, Ivan"]
    assert texts("d:creators/d:creator/d:givenName") == ["Ivan"]
    assert texts("d:creators/d:creator/d:familyName") == ["Kovalev"]
    assert texts("d:titles/d:title[@titleType='Subtitle']") == ["with Mao Zedong"]
    # no publication date in the header: the year of the deposit
    assert texts("d:publicationYear") == ["2030"]
    assert texts("d:contributors/d:contributor[@contributorType='Translator']/d:familyName") == [
        "Radchenko"
    ]
    (rights,) = root.xpath("d:rightsList/d:rights[@rightsURI]", namespaces=DCITE)
    assert rights.get("rightsURI") == "https://creativecommons.org/licenses/by/4.0/"
    assert texts("d:relatedIdentifiers/d:relatedIdentifier") == ["https://example.org/doc/7"]
    assert root.xpath("d:descriptions/d:description/@descriptionType", namespaces=DCITE) == [
        "Other",
        "TechnicalInfo",
    ]


def test_doi_parameter_wins_over_the_header() -> None:
    root = run("datacite.xsl", {"bagging-date": "2030-02-03", "doi": "10.9999/given"})
    assert root.findtext("d:identifier", namespaces=DCITE) == "10.9999/given"


def test_dspace_from_a_different_header() -> None:
    root = run("dspace.xsl")
    pairs = [(v.get("element"), v.get("qualifier"), v.text) for v in root]
    assert ("contributor", "author", "Kovalev, Ivan") in pairs
    assert ("identifier", "doi", "10.5555/example") in pairs
    assert ("rights", "uri", "https://creativecommons.org/licenses/by/4.0/") in pairs
    assert ("date", "issued", "2030") in pairs
