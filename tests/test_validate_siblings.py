"""Schematron findings among many elements side by side.

The stylesheet lxml's ISO skeleton compiles is rewritten for libxslt so that its time
grows with the document, not with its square (schematron.linear_stylesheet): a rule's
final predicates move into an xsl:if, and a finding's location is written in Python.
Findings are then read back without evaluating each location as XPath
(schematron.Locations). These tests pin that nothing of a report changes: the SVRL is
the skeleton's own, byte for byte, and every finding keeps its rule, line and column.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, isoschematron

from tei_edition import validate as validation
from tei_edition.read.xmlparse import parse_bytes
from tei_edition.validate import validate_paths
from tei_edition.validate.schematron import (
    Locations,
    Schematron,
    SourcePositions,
    _final_predicates,
    _fix_attribute_paths,
    _node,
    _not_positional,
    linear_stylesheet,
)

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "fixtures" / "validate" / "valid" / "memoir.xml"
SCH = ROOT / "schemas" / "tei_edition.sch"
XML = "http://www.w3.org/XML/1998/namespace"
TEI = "{http://www.tei-c.org/ns/1.0}"

# Every kind of node a rule may be about, and rules the rewrite must leave alone (a
# position in the context, a rule that is not its pattern's last) or may rewrite.
STRESS_SCH = """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern id="attributes">
    <rule context="@*"><report id="attr" test="true()">@<value-of select="name()"/></report></rule>
  </pattern>
  <pattern id="elements">
    <rule context="tei:teiHeader"><report id="header" test="true()">header</report></rule>
    <rule context="*"><report id="element" test="true()"><value-of select="name()"/></report></rule>
  </pattern>
  <pattern id="others">
    <rule context="comment()"><report id="comment" test="true()">comment</report></rule>
    <rule context="processing-instruction()"><report id="pi" test="true()">pi</report></rule>
    <rule context="text()[normalize-space()]"><report id="text" test="true()">text</report></rule>
  </pattern>
  <pattern id="first">
    <rule context="*[1]"><report id="first-child" test="true()">1</report></rule>
  </pattern>
  <pattern id="last">
    <rule context="*[position() = last()][@n]"><report id="last-child" test="true()">n</report>
    </rule>
  </pattern>
  <pattern id="numbered">
    <rule context="*[number(@n)]"><report id="n" test="true()">n</report></rule>
  </pattern>
  <pattern id="moved">
    <rule context="tei:p[@corresp]"><report id="p-corresp" test="true()">p</report></rule>
    <rule context="*[@rend or @n][not(self::tei:hi)]">
      <report id="rend" test="true()"><value-of select="count(preceding-sibling::*)"/></report>
    </rule>
  </pattern>
</schema>
"""


def siblings(count: int, mixed: bool = True) -> str:
    """The valid memoir with ``count`` paragraphs side by side in one div, of every kind a
    finding or a location can take: a bracket (on another line than its start tag, too),
    an empty paragraph, a pointer to nothing, a prefixed paragraph, comments and processing
    instructions, and, if ``mixed``, paragraphs in no namespace or in another.

    (Among those, the skeleton's locations of paragraphs count the others of the same
    local name, in any namespace, while their XPath selects in one: such a finding may be
    at another paragraph's line, or at none. That stays as it was.)"""
    text = BASE.read_text(encoding="utf-8")
    start = text.index("<body>") + len("<body>")
    end = text.index("</body>")
    kinds = [
        '<p n="{n}">Text [{i}] with a bracket.</p>',
        '<p corresp="#nowhere{i}" rend="x">A pointer to nothing.</p>',
        "<p><lb/></p>",
        '<x:p xmlns:x="urn:x" x:corresp="#q{i}">[{i}] another namespace</x:p>',
        '<p xmlns="">[{i}] no namespace <hi rend="b">x</hi></p>',
        "<!-- c{i} --><?pi {i}?>",
        '<p>A <persName ref="#nobody">Nobody</persName> [a] <date when="1949-02-30">'
        "x</date> <supplied>s</supplied></p>",
        '<tei:p xmlns:tei="http://www.tei-c.org/ns/1.0" n="{i}">prefixed [p]</tei:p>',
        "<p>A\n line [\nbroken] <note>a note [n]</note> tail ] here</p>",
    ]
    if not mixed:
        kinds[3:5] = ["<p>[{i}] another</p>", "<p>[{i}] no namespace <hi>x</hi></p>"]
    paras = [kinds[i % 9].format(i=i, n=i % 4) for i in range(count)]
    body = "<div>\n" + "\n".join(paras) + "\n</div><div><p>[x]</p></div>"
    return text[:start] + body + text[end:]


def skeleton_svrl(schema: Path | str, doc: etree._ElementTree) -> bytes:
    """The SVRL of the stylesheet as lxml's skeleton writes it (attribute paths made
    full, as ever), unchanged."""
    source = etree.parse(str(schema)) if isinstance(schema, Path) else etree.fromstring(schema)
    compiled = isoschematron.Schematron(source, include=False, store_xslt=True)
    tree = etree.ElementTree(etree.fromstring(etree.tostring(compiled.validator_xslt)))
    _fix_attribute_paths(tree)
    return etree.tostring(etree.XSLT(tree)(doc))


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    path = tmp_path_factory.mktemp("siblings") / "siblings.xml"
    path.write_text(siblings(300), encoding="utf-8")
    return path, path.read_bytes()


def test_the_skeleton_is_the_one_the_rewrite_knows() -> None:
    source = etree.parse(str(SCH))
    compiled = isoschematron.Schematron(source, include=False, store_xslt=True)
    tree = etree.ElementTree(etree.fromstring(etree.tostring(compiled.validator_xslt)))
    assert linear_stylesheet(tree), "lxml's skeleton changed: locations are its own again"


@pytest.mark.parametrize("schema", [SCH, STRESS_SCH], ids=["tei_edition.sch", "stress"])
def test_the_report_is_the_skeletons_byte_for_byte(schema: Path | str, document) -> None:
    path, data = document
    doc = parse_bytes(data, str(path), allow_duplicate_ids=True)
    if isinstance(schema, Path):
        rules = Schematron(schema)
    else:
        rules = Schematron(etree.ElementTree(etree.fromstring(schema)), name="stress")
    assert etree.tostring(rules.svrl(doc)) == skeleton_svrl(schema, doc)


def test_each_location_is_the_node_its_xpath_selects(document) -> None:
    path, data = document
    doc = parse_bytes(data, str(path), allow_duplicate_ids=True)
    rules = Schematron(etree.ElementTree(etree.fromstring(STRESS_SCH)), name="stress")
    locations = [
        n.get("location") or ""
        for n in rules.svrl(doc).iter("{http://purl.oclc.org/dsdl/svrl}successful-report")
    ]
    assert len(locations) > 1000
    nodes = Locations(doc)
    for location in locations:
        found, expected = nodes.node(location), _node(doc, location)
        if isinstance(expected, etree._Element) or expected is None:
            assert found is expected, location
        else:  # an attribute's value, or a text
            assert found == expected, location
            assert found.getparent() is expected.getparent(), location  # type: ignore[union-attr]


def test_findings_among_many_paragraphs_keep_their_lines_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "paragraphs.xml"
    path.write_text(siblings(300, mixed=False), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    report = validate_paths([path])
    found = {(i.rule, i.line, i.column) for i in report.issues if i.source == "schematron"}
    lines = text.splitlines()

    def at(needle: str, nth: int = 0) -> tuple[int, int]:
        """Line and column of the ``nth`` line holding ``needle``."""
        hits = [(n, line.index(needle) + 1) for n, line in enumerate(lines, 1) if needle in line]
        return hits[nth]

    # paragraphs of each kind far down the div, the last of them
    assert ("no-brackets", *at('<p n="0">Text [180]')) in found
    assert ("pointer-resolves", *at('corresp="#nowhere298"')) in found
    assert ("empty-p", at("<p><lb/></p>", 30)[0], 1) in found
    # a bracket on another line than its start tag: that line, at the bracket
    assert ("no-brackets", at(" line [", 30)[0], 7) in found
    assert ("no-brackets", at('n="295">prefixed')[0], 1) in found
    schematron = [i for i in report.issues if i.source == "schematron"]
    assert len(schematron) == len({(i.rule, i.line, i.column, i.message) for i in schematron})


def test_findings_are_the_same_read_back_by_xpath(document) -> None:
    """Read back with Locations or by evaluating each location: the same findings."""
    path, data = document
    doc = parse_bytes(data, str(path), allow_duplicate_ids=True)
    rules = validation.compiled_schematron()
    positions = SourcePositions(doc, data)
    fast = rules.findings(doc, validation.TEXT_MARKERS, positions)
    slow = []

    class ByXPath(Locations):
        def node(self, location: str) -> object | None:
            return _node(self.doc, location)

    import tei_edition.validate.schematron as module

    original = module.Locations
    module.Locations = ByXPath  # type: ignore[misc]
    try:
        slow = rules.findings(doc, validation.TEXT_MARKERS, positions)
    finally:
        module.Locations = original  # type: ignore[misc]
    assert len(fast) > 400
    assert fast == slow


# -- the pieces of the rewrite --------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicate", "alone"),
    [
        ("@xml:id", True),
        ("@from and @to", True),
        ("not(self::tei:biblScope or self::tei:citedRange)", True),
        ("text()[contains(., '[') or contains(., ']')]", True),
        ("@n = 1", True),
        ("@n mod 2 = 0", True),
        ("(@a)", True),
        ("a | b/c", True),
        ("1", False),
        ("(1)", False),
        ("last()", False),
        ("position() = 1", False),
        ("@a * 2", False),
        ("@a div 2", False),
        ("count(x)", False),
        ("number(@n)", False),
        ("$v", False),
        ("- @a", False),
        ("key('k', .)", False),
        ("(a)[1]", False),
        ("'unclosed", False),
    ],
)
def test_a_predicate_moves_only_when_it_cannot_be_a_position(predicate: str, alone: bool) -> None:
    assert _not_positional(predicate) is alone


@pytest.mark.parametrize(
    ("pattern", "split"),
    [
        ("*[@resp]", ("*", ["@resp"])),
        ("tei:text//*[a] [b]", ("tei:text//*", ["a", "b"])),
        ("x[']']", ("x", ["']'"])),
        ("a[b]/c", None),
        ("a | b[c]", None),
        ("tei:p", None),
        ("[a]", None),
    ],
)
def test_the_predicates_that_end_a_pattern(pattern: str, split) -> None:
    assert _final_predicates(pattern) == split


# -- register-unused: a token of a pointer, looked up ------------------------------------------


@pytest.mark.parametrize(
    ("entry", "pointer", "unused"),
    [
        ("mao", 'ref="#mikoyan&#9;#mao"', False),
        ("mao", 'corresp="#mikoyan&#10;  #mao&#13;"', False),
        ("mao", 'ref="#maoist"', True),
        ("mao", 'ref="mao"', True),
        ("mao", 'xml:base="#mao"', True),
        # an id with white space (which no parser here lets through) is searched for
        ("mao zedong", 'ana="#mao zedong"', False),
        ("mao zedong", 'ana="#mao"', True),
    ],
)
def test_register_unused_reads_pointer_tokens(entry: str, pointer: str, unused: bool) -> None:
    text = BASE.read_text(encoding="utf-8")
    assert text.count('xml:id="mao"') == 1 and text.count('ref="#mao"') == 1
    doc = parse_bytes(text.replace('ref="#mao"', pointer).encode("utf-8"), "memoir.xml")
    person = next(p for p in doc.iter(f"{TEI}person") if p.get(f"{{{XML}}}id") == "mao")
    person.set(f"{{{XML}}}id", entry)
    findings = validation.compiled_schematron().findings(doc)
    warned = [f for f in findings if f.rule == "register-unused" and f'"{entry}"' in f.message]
    assert bool(warned) is unused
