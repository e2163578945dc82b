"""Validation follows the document: xml-model declarations, catalogs, schema languages.

Every document here is small and written by the test; tei_all is the copy the package
ships (schemas/tei_all.rng). RELAX NG runs in Jing where Java is present.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import resources
from tei_edition.importer import import_source
from tei_edition.read.xmlparse import parse
from tei_edition.validate import validate_paths
from tei_edition.validate.declarations import declared, locate

ROOT = Path(__file__).resolve().parents[1]
EDITION = ROOT / "edition" / "mikoyan-recollections-1958.xml"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
TEI_URL = "http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"

HEADER = (
    "<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>"
    "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc>"
    "</fileDesc></teiHeader>"
)


def tei(body: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER}\n'
        f"<text><body>\n{body}\n</body></text></TEI>\n"
    )


def model(href: str, typens: str = RNG_NS, extra: str = "") -> str:
    return f'<?xml-model href="{href}" schematypens="{typens}"{extra}?>\n'


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# Outside the TEI schema: tei_all rejects <chapter>.
NOT_TEI = "<p>One <chapter/> two.</p>"

SMALL_RNC = """default namespace = "http://www.tei-c.org/ns/1.0"
start = element TEI { any* }
any = element * { (attribute * { text } | text | any)* }
"""

SMALL_RNG_WITH_RULES = f"""<grammar xmlns="{RNG_NS}" xmlns:sch="{SCH_NS}"
    datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <sch:ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <start><element><anyName/><ref name="any"/></element></start>
  <define name="any">
    <sch:pattern id="p-capital">
      <sch:rule context="tei:p">
        <sch:assert id="p-capital" test="matches(string(.), '^\\p{{Lu}}')"
          >a paragraph begins with a capital letter</sch:assert>
      </sch:rule>
    </sch:pattern>
    <zeroOrMore><choice><attribute><anyName/></attribute><text/>
      <element><anyName/><ref name="any"/></element></choice></zeroOrMore>
  </define>
</grammar>
"""

XSLT2_SCH = f"""<schema xmlns="{SCH_NS}" queryBinding="xslt2">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern>
    <rule context="tei:body//tei:p">
      <let name="words" value="tokenize(normalize-space(.), ' ')"/>
      <report id="short-p" role="warning" test="count($words) lt 3"
        >paragraph of <value-of select="count($words)"/> words</report>
    </rule>
  </pattern>
</schema>
"""

XSD = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    targetNamespace="http://www.tei-c.org/ns/1.0" elementFormDefault="qualified">
  <xs:element name="TEI"><xs:complexType><xs:sequence>
    <xs:element name="teiHeader"><xs:complexType><xs:sequence>
      <xs:any processContents="skip" maxOccurs="unbounded"/>
    </xs:sequence></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
"""


def lines_of(result) -> list[str]:
    return result.stdout.splitlines()


# -- the bundled edition and import drafts declare the project's profile ------------------


def test_bundled_edition_declares_the_profile_and_the_declarations_resolve() -> None:
    tree = parse(EDITION)
    choice = declared(tree, EDITION, "edition")
    assert choice.issues == []
    assert choice.origin == "xml-model"
    assert {(s.path.resolve(), s.kind) for s in choice.schemas} == {
        (resources.schema("tei_edition.rng").resolve(), "relaxng"),
        (resources.schema("tei_edition.sch").resolve(), "schematron"),
    }
    assert choice.profile


def test_import_drafts_declare_the_profile_through_the_shipped_catalog(tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "draft.xml"
    out.parent.mkdir()
    import_source(ROOT / "tests" / "fixtures" / "import" / "telegram.txt", out)
    hrefs = re.findall(r'<\?xml-model href="([^"]+)"', out.read_text(encoding="utf-8"))
    assert hrefs == [
        "urn:x-tei-edition:schemas:tei_edition.rng",
        "urn:x-tei-edition:schemas:tei_edition.sch",
    ]
    located = {locate(h, out).resolve() for h in hrefs}  # type: ignore[union-attr]
    assert located == {
        resources.schema("tei_edition.rng").resolve(),
        resources.schema("tei_edition.sch").resolve(),
    }
    assert declared(parse(out), out, "draft").profile


def test_a_document_without_declarations_is_not_held_to_the_profile(tmp_path: Path) -> None:
    # No creation date, no revision: the profile's Schematron would object; tei_all does not.
    doc = write(tmp_path, "plain.xml", tei('<p>See <ref target="#nowhere">there</ref>.</p>'))
    report = validate_paths([doc])
    assert report.exit_code() == 0
    assert [(i.rule, i.severity, i.line) for i in report.issues] == [
        ("pointer-resolves", "warning", 4)
    ]
    assert [Path(s).resolve() for s in report.files[0].schemas] == [
        resources.schema("tei_all.rng").resolve()
    ]


def test_tei_checks_are_errors_under_the_profile(tmp_path: Path) -> None:
    text = (ROOT / "tests/fixtures/validate/valid/memoir.xml").read_text(encoding="utf-8")
    bad = text.replace("<body>", '<body><p>See <ref target="#nowhere">x</ref>.</p>', 1)
    doc = write(tmp_path, "bad.xml", bad)
    report = validate_paths([doc], schematron=False)
    assert [(i.rule, i.severity) for i in report.issues if i.source == "tei"] == [
        ("pointer-resolves", "error")
    ]
    assert report.exit_code() == 1


# -- declarations that cannot be used --------------------------------------------------------


@pytest.mark.java
def test_an_unavailable_declared_schema_is_a_warning_naming_it(tmp_path, invoke, java) -> None:
    doc = write(tmp_path, "remote.xml", tei("<p>Fine.</p>", model("https://example.org/x.rng")))
    result = invoke("validate", doc)
    assert result.exit_code == 0, result.output
    assert lines_of(result) == [
        f"{doc}:2:1: warning: schema https://example.org/x.rng is not in a catalog and is not "
        "fetched; checked against tei_all.rng instead [schema-unavailable]"
    ]
    # ... and the document is still checked: against tei_all
    doc.write_text(tei(NOT_TEI, model("https://example.org/x.rng")), encoding="utf-8")
    result = invoke("validate", doc)
    assert result.exit_code == 1
    assert re.fullmatch(
        rf'{re.escape(str(doc))}:5:\d+: error: element "chapter" not allowed anywhere.* '
        r"\(tei_all.rng\) \[relaxng\]",
        lines_of(result)[1],
    )


def test_a_missing_relative_schema_is_named_and_the_rest_applies(tmp_path, invoke) -> None:
    write(tmp_path, "rules.sch", XSLT2_SCH)
    prolog = model("../nowhere/project.rng") + model("rules.sch", SCH_NS)
    doc = write(tmp_path, "rel.xml", tei("<p>Two words</p>", prolog))
    report = validate_paths([doc])
    got = [(i.rule, i.severity, i.line) for i in report.issues]
    assert got == [("schema-unavailable", "warning", 2), ("short-p", "warning", 6)]
    assert report.issues[0].message == (
        "schema ../nowhere/project.rng does not exist; checked against tei_all.rng instead"
    )


# -- catalogs ------------------------------------------------------------------------------


@pytest.mark.java
def test_the_tei_release_url_resolves_through_the_shipped_catalog(tmp_path, invoke, java) -> None:
    for url in (TEI_URL, TEI_URL.replace("http:", "https:").replace(".rng", ".rnc")):
        doc = write(tmp_path, "byurl.xml", tei(NOT_TEI, model(url)))
        report = validate_paths([doc])
        assert [(i.rule, i.line) for i in report.issues] == [("relaxng", 5)], url
        assert report.issues[0].message.endswith("(tei_all.rng)")
        assert [Path(s).resolve() for s in report.files[0].schemas] == [
            resources.schema("tei_all.rng").resolve()
        ]


@pytest.mark.java
def test_user_catalogs_from_xml_catalog_files(tmp_path, invoke, monkeypatch, java) -> None:
    write(tmp_path, "mine.rnc", SMALL_RNC.replace("element TEI", "element NotTEI"))
    catalog = write(
        tmp_path,
        "catalog.xml",
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        '<rewriteURI uriStartString="https://example.org/schemas/" rewritePrefix="./"/>'
        "</catalog>",
    )
    (tmp_path / "docs").mkdir()
    doc = write(
        tmp_path / "docs",
        "doc.xml",
        tei("<p>x</p>", model("https://example.org/schemas/mine.rnc")),
    )
    without = invoke("validate", doc)
    assert "[schema-unavailable]" in without.stdout
    monkeypatch.setenv("XML_CATALOG_FILES", f"/nonexistent/catalog.xml {catalog.as_uri()}")
    result = invoke("validate", doc)
    assert result.exit_code == 1
    assert "[schema-unavailable]" not in result.stdout
    assert re.match(
        rf'{re.escape(str(doc))}:3:\d+: error: element "TEI" not allowed', result.stdout
    )
    assert "(mine.rnc) [relaxng]" in result.stdout


# -- schema languages ------------------------------------------------------------------------


@pytest.mark.java
def test_compact_syntax_by_option_and_by_declaration(tmp_path, invoke, java) -> None:
    rnc = write(tmp_path, "small.rnc", SMALL_RNC.replace("element TEI", "element Other"))
    doc = write(tmp_path, "doc.xml", tei("<p>x</p>"))
    result = invoke("validate", "--schema", rnc, doc)
    assert result.exit_code == 1
    assert re.fullmatch(
        rf'{re.escape(str(doc))}:2:\d+: error: element "TEI" not allowed here.*\(small.rnc\) '
        r"\[relaxng\]",
        lines_of(result)[0],
    )
    declared_doc = write(
        tmp_path,
        "declared.xml",
        tei(
            "<p>x</p>",
            '<?xml-model href="small.rnc" type="application/relax-ng-compact-syntax"?>\n',
        ),
    )
    result = invoke("validate", declared_doc)
    assert result.exit_code == 1
    assert "(small.rnc) [relaxng]" in result.stdout
    write(tmp_path, "small.rnc", SMALL_RNC)  # now TEI is the start element
    assert invoke("validate", declared_doc).exit_code == 0


def test_w3c_xml_schema_by_option_and_by_xsi(tmp_path, invoke) -> None:
    xsd = write(tmp_path, "header-only.xsd", XSD)
    doc = write(tmp_path, "doc.xml", tei("<p>x</p>"))
    result = invoke("validate", "--schema", xsd, doc)
    assert result.exit_code == 1
    assert lines_of(result) == [
        f"{doc}:3:1: error: Element '{{http://www.tei-c.org/ns/1.0}}text': This element is not "
        "expected. (header-only.xsd) [xsd]"
    ]
    located = tei("<p>x</p>").replace(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0">',
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.tei-c.org/ns/1.0 header-only.xsd">',
    )
    doc.write_text(located, encoding="utf-8")
    report = validate_paths([doc])
    assert [(i.rule, i.line) for i in report.issues] == [("xsd", 3)]
    assert report.files[0].stages == ["well-formed", "xsd"]


def test_xslt2_schematron_runs_with_xpath_3(tmp_path, invoke) -> None:
    sch = write(tmp_path, "rules.sch", XSLT2_SCH)
    doc = write(tmp_path, "doc.xml", tei("<p>Three words here</p>\n<p>Two words</p>"))
    result = invoke("validate", "--schema", sch, doc)
    assert result.exit_code == 0, result.output
    assert lines_of(result) == [
        f"{doc}:5:1: warning: paragraph of 2 words (rules.sch) [short-p]",
    ]
    assert invoke("validate", "--strict", "--schema", sch, doc).exit_code == 1
    assert invoke("validate", "--no-schematron", "--schema", sch, doc).stdout == ""


def test_relaxng_with_embedded_schematron(tmp_path, invoke) -> None:
    rng = write(tmp_path, "odd-like.rng", SMALL_RNG_WITH_RULES)
    doc = write(tmp_path, "doc.xml", tei("<p>Fine.</p>\n<p>not fine.</p>"))
    report = validate_paths([doc], schemas=[rng])
    assert report.files[0].stages == ["well-formed", "relaxng", "schematron"]
    assert [(i.rule, i.severity, i.line, i.message) for i in report.issues] == [
        ("p-capital", "error", 5, "a paragraph begins with a capital letter (odd-like.rng)")
    ]
    # declared twice, as TEI projects do: the grammar, and the same file as Schematron
    prolog = model("odd-like.rng") + model("odd-like.rng", SCH_NS)
    declared_doc = write(tmp_path, "declared.xml", tei("<p>not fine.</p>", prolog))
    report = validate_paths([declared_doc])
    assert [(i.rule, i.line) for i in report.issues] == [("p-capital", 6)]
    # declared only as RELAX NG: the embedded rules do not apply
    only = write(tmp_path, "only.xml", tei("<p>not fine.</p>", model("odd-like.rng")))
    assert validate_paths([only]).issues == []


# -- egXML examples ----------------------------------------------------------------------------

EGXML = """<p>An example:</p>
<egXML xmlns="http://www.tei-c.org/ns/Examples"><p xml:id="ex1">one</p></egXML>
<egXML xmlns="http://www.tei-c.org/ns/Examples"><p xml:id="ex1">two</p></egXML>"""


@pytest.mark.java
def test_ids_repeated_in_egxml_are_not_refused_and_real_duplicates_are_reported(
    tmp_path, invoke, java
) -> None:
    doc = write(tmp_path, "examples.xml", tei(EGXML))
    assert parse(doc).getroot() is not None  # not refused at parse time
    result = invoke("validate", doc)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    doubled = EGXML + '\n<p xml:id="real">a</p>\n<p xml:id="real">b</p>'
    doc.write_text(tei(doubled), encoding="utf-8")
    report = validate_paths([doc])
    tei_found = [(i.rule, i.severity, i.line) for i in report.issues if i.source == "tei"]
    assert tei_found == [("id-unique", "warning", 7), ("id-unique", "warning", 8)]
    jing_found = [i.message for i in report.issues if i.source == "relaxng"]
    assert any('ID "real" has already been defined' in m for m in jing_found)
    with pytest.raises(Exception, match='xml:id "real" is used more than once'):
        parse(doc)


def test_unresolved_pointers_inside_egxml_are_not_checked(tmp_path) -> None:
    body = (
        '<egXML xmlns="http://www.tei-c.org/ns/Examples"><ref target="#elsewhere">x</ref></egXML>'
    )
    doc = write(tmp_path, "ex.xml", tei(body))
    tree = parse(doc)
    from tei_edition.validate import tei_checks

    assert tei_checks(tree, "ex.xml", "warning") == []
    tree.getroot().append(
        etree.fromstring('<ref xmlns="http://www.tei-c.org/ns/1.0" target="#gone"/>')
    )
    assert [i.message for i in tei_checks(tree, "ex.xml", "warning")] == [
        '@target "#gone" points to no xml:id in this document'
    ]


# -- without Java: libxml2 -------------------------------------------------------------------


def test_without_java_libxml2_checks_relaxng_and_compact_syntax_is_named(
    tmp_path, invoke, monkeypatch
) -> None:
    monkeypatch.setenv("TEI_EDITION_NO_JAVA", "1")
    rng = write(
        tmp_path,
        "odd-like.rng",
        SMALL_RNG_WITH_RULES.replace(
            "<anyName/><ref", '<name ns="http://www.tei-c.org/ns/1.0">Other</name><ref', 1
        ),
    )
    doc = write(tmp_path, "doc.xml", tei("<p>Fine.</p>"))
    report = validate_paths([doc], schemas=[rng], schematron=False)
    assert [(i.source, i.line) for i in report.issues] == [("relaxng", 2)]
    assert report.issues[0].message.endswith("(odd-like.rng)")
    rnc = write(tmp_path, "small.rnc", SMALL_RNC)
    result = invoke("validate", "--schema", rnc, doc)
    assert result.exit_code == 0
    assert lines_of(result) == [
        f"{doc}: warning: schema small.rnc (RELAX NG compact syntax) needs Java and Jing: not "
        "checked [schema]"
    ]


@pytest.mark.java
def test_a_declared_schema_jing_cannot_use_is_a_warning(tmp_path, invoke, java) -> None:
    write(tmp_path, "b.rng", f'<grammar xmlns="{RNG_NS}"><start/></grammar>')
    doc = write(tmp_path, "doc.xml", tei("<p>x</p>", model("b.rng")))
    result = invoke("validate", doc)
    assert result.exit_code == 0, result.output
    assert lines_of(result) == [
        f"{doc}:2:1: warning: schema b.rng not checked: not a usable RELAX NG schema: "
        "missing children [schema]"
    ]
    # given as an option, the same schema is a usage error
    assert invoke("validate", "--schema", tmp_path / "b.rng", doc).exit_code == 2


def test_schematron_findings_carry_the_column_of_their_element(tmp_path) -> None:
    sch = write(tmp_path, "rules.sch", XSLT2_SCH)
    doc = write(tmp_path, "doc.xml", tei("<div>\n    <p>Two words</p> <p>One</p>\n</div>"))
    report = validate_paths([doc], schemas=[sch])
    # two p tags share line 5: each has the column of its own start tag
    assert [(i.line, i.column) for i in report.issues] == [(5, 5), (5, 22)]
    doc.write_text(tei("<div>\n    <p>Two words</p>\n</div>"), encoding="utf-8")
    assert [(i.line, i.column) for i in validate_paths([doc], schemas=[sch]).issues] == [(5, 5)]


def test_jings_findings_on_a_file_given_by_a_relative_path(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jing names a file by the absolute form of the path it is given ("/here/../a/x.xml");
    a file given as "../a/x.xml" still gets Jing's errors at its lines, not a warning that
    the schema is unusable."""
    from tei_edition.validate import jing

    if not jing.available():
        pytest.skip("Java or Jing is absent: tei_all is checked by Jing")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        "<title>x</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/>"
        "</sourceDesc></fileDesc></teiHeader><text><body>\n"
        '<p colour="red">x</p></body></text></TEI>',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path / "b")
    result = invoke("validate", "../a/x.xml")
    assert result.exit_code == 1
    assert result.stdout.startswith('../a/x.xml:2:17: error: attribute "colour" not allowed here')
    assert "not a usable RELAX NG schema" not in result.output
