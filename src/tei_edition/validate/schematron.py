"""ISO Schematron: compiled with lxml's bundled ISO skeleton, run by libxslt or Saxon.

lxml's ISO skeleton (include, abstract expansion, SVRL) turns the schema into an
XSLT stylesheet. A schema with the XSLT 1.0 query binding (``xslt``, ``exslt`` or
none) runs in libxslt, as lxml does it. A schema with ``queryBinding="xslt2"`` or
``"xslt3"`` (what TEI's ODD processor writes) needs an XPath 2+ engine: the same
generated stylesheet, declared XSLT 3.0, runs in Saxon (saxonche), so every rule's
expressions are XPath 3.1. This module reads the SVRL report and turns each failed
assert and successful report into a :class:`Finding` that carries the rule's
``@id``, its severity (``@role``) and the source line of the node it is about.

:func:`embedded_schematron` extracts the Schematron a RELAX NG schema carries in
``sch:`` elements (as TEI's ODD processor writes tei_all and its customizations).

Nothing a schema names is fetched. A schema whose DOCTYPE names an external DTD is
refused. ``sch:include`` and ``sch:extends/@href`` are resolved here, with the safe
parser, and only for files inside the schema's folder (lxml's include step, which reads
whatever an include names, is never given one); anything else that step would read
(``xi:include``, ``xlink:href``, ...) is refused. XSLT 1.0 rules run in libxslt with
every file and network access denied: a rule that calls ``document()`` is one error.
"""

from __future__ import annotations

import bisect
import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from lxml import etree, isoschematron

from tei_edition import xslt
from tei_edition.issues import Issue, Severity, TeiEditionError, UsageError
from tei_edition.read.xmlparse import (
    XINCLUDE_NS,
    XML_ID,
    display_path,
    parse_bytes,
    read_bytes,
    refuse_external_doctype,
)
from tei_edition.resources import data_dir
from tei_edition.validate.schemarefs import RULE as INCLUDE_REFUSED
from tei_edition.validate.schemarefs import home_of, local_target

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SCH15_NS = "http://www.ascc.net/xml/schematron"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
XPATH2_BINDINGS = ("xslt2", "xslt3")
XPATH1_BINDINGS = ("", "xslt", "xslt1", "exslt", "xpath")
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SCH_INCLUDE = f"{{{SCH_NS}}}include"
SCH_EXTENDS = f"{{{SCH_NS}}}extends"
MAX_INCLUDES = 1000
"""Most sch:include and sch:extends resolved for one schema, at all levels together."""
MAX_INCLUDE_DEPTH = 16
"""Deepest nesting of included files."""
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One failed assert or successful report, as the SVRL gives it."""

    rule: str
    severity: Severity
    message: str
    location: str
    line: int
    column: int = 0


def _fix_attribute_paths(xslt: etree._ElementTree) -> None:
    """Make SVRL locations of attribute nodes full paths.

    The XSLT 1.0 skeleton writes ``/@name`` for an attribute, without the path of
    its element; prepend the element's path so the location can be evaluated.
    """
    for template in xslt.getroot().iterfind(f"{{{XSL_NS}}}template"):
        if template.get("match") == "@*" and template.get("mode") == "schematron-get-full-path":
            parent_path = etree.Element(f"{{{XSL_NS}}}apply-templates")
            parent_path.set("select", "parent::*")
            parent_path.set("mode", "schematron-get-full-path")
            template.insert(0, parent_path)


class Schematron:
    """A compiled Schematron schema; compile once, run on many documents.

    ``source`` is a schema file, or a parsed schema (``name`` then labels it in
    messages, e.g. the Schematron embedded in a RELAX NG schema).
    """

    def __init__(
        self,
        source: Path | str | etree._ElementTree,
        *,
        name: str | None = None,
        origin: Path | None = None,
    ) -> None:
        """``origin``: the file a parsed ``source`` was read from; its ``sch:include``
        hrefs are relative to it (without one, an include of a file is refused)."""
        if isinstance(source, etree._ElementTree):
            self.path = Path(name or "schematron")
            schema_doc = source
            refuse_external_doctype(schema_doc, name or "schematron")
        else:
            self.path = Path(source)
            shown = display_path(self.path)
            data = read_bytes(self.path)
            schema_doc = parse_bytes(data, shown, base_url=self.path.resolve().as_uri())
            refuse_external_doctype(schema_doc, shown, data)
            origin = self.path
        self.name = name or display_path(self.path)
        # the file the rules come from (a parsed schema's is given as ``origin``): only the
        # package's own schemas run in the package's Saxon processor, any other in the
        # sealed one (:func:`xslt.sealed_saxon`)
        self.trusted = origin is not None and _is_package_schema(origin)
        root = schema_doc.getroot()
        if etree.QName(root).namespace == SCH15_NS:
            raise UsageError(
                Issue(
                    self.name,
                    rule="schematron",
                    message="Schematron 1.5 (http://www.ascc.net/xml/schematron) is not "
                    "supported, only ISO Schematron",
                )
            )
        if root.tag != f"{{{SCH_NS}}}schema":
            raise UsageError(
                Issue(self.name, rule="schematron", message="not an ISO Schematron schema")
            )
        schema_doc = resolve_includes(schema_doc, origin, self.name)
        root = schema_doc.getroot()
        self.binding = (root.get("queryBinding") or "").strip().lower()
        if self.binding in XPATH2_BINDINGS:
            self._saxon = _compile_for_saxon(schema_doc, self.name, trusted=self.trusted)
            self._transform = None
            return
        if self.binding not in XPATH1_BINDINGS:
            raise UsageError(
                Issue(
                    self.name,
                    rule="schematron",
                    message=f'queryBinding="{self.binding}" is not supported '
                    "(xslt, exslt, xslt2 and xslt3 are)",
                )
            )
        self._saxon = None
        try:
            # include=False: the includes are resolved (and lxml's step would read any URL)
            compiled = isoschematron.Schematron(schema_doc, include=False, store_xslt=True)
        except (etree.SchematronParseError, etree.XSLTParseError) as exc:
            raise UsageError(
                Issue(
                    self.name,
                    rule="schematron",
                    message=f"cannot compile Schematron: {' '.join(str(exc).split())}",
                )
            ) from None
        xslt = cast(etree._XSLTResultTree, compiled.validator_xslt)
        tree = parse_bytes(etree.tostring(xslt), f"{self.name} (compiled)")
        _fix_attribute_paths(tree)
        self._transform = etree.XSLT(tree, access_control=etree.XSLTAccessControl.DENY_ALL)

    def svrl(self, doc: etree._ElementTree) -> etree._ElementTree:
        """Run the schema on ``doc``; return the SVRL report.

        Raises :class:`TeiEditionError` when a rule cannot be evaluated on ``doc``.
        """
        if self._saxon is not None:
            return _run_saxon(self._saxon, doc, self.name, trusted=self.trusted)
        try:
            return cast(etree._ElementTree, self._transform(doc))  # type: ignore[misc]
        except etree.XSLTApplyError as exc:
            raise TeiEditionError(_failed(self.name, exc)) from None

    def findings(
        self,
        doc: etree._ElementTree,
        text_markers: Mapping[str, str] | None = None,
        source: bytes | SourcePositions | None = None,
    ) -> list[Finding]:
        """Every failed assert and successful report, in document order of the SVRL.

        ``text_markers`` maps a rule id to characters whose first occurrence in the
        element's own text is what the rule is about (``{"no-brackets": "[]"}``): the
        finding then carries that character's line instead of the element's. With the
        document's ``source`` (its bytes, or their :class:`SourcePositions`), a finding
        carries the line and column where its element's start tag begins, or where its
        attribute stands; without them, the element's line.
        """
        positions = SourcePositions(doc, source) if isinstance(source, bytes) else source
        markers = text_markers or {}
        report = self.svrl(doc)
        out: list[Finding] = []
        pattern = ""
        for node in report.iter(
            f"{{{SVRL_NS}}}active-pattern",
            f"{{{SVRL_NS}}}failed-assert",
            f"{{{SVRL_NS}}}successful-report",
        ):
            if node.tag == f"{{{SVRL_NS}}}active-pattern":
                pattern = node.get("id") or node.get("name") or ""
                continue
            role = (node.get("role") or "error").strip().lower()
            severity = cast(Severity, role if role in SEVERITIES else "error")
            text = node.findtext(f"{{{SVRL_NS}}}text") or ""
            location = node.get("location") or ""
            rule = node.get("id") or pattern
            line, column = source_line(doc, location), 0
            about = _node(doc, location) if positions is not None else None
            if positions is not None and about is not None:
                line, column = positions.node(about)
                line = line or source_line(doc, location)
            if rule in markers:
                marked = text_line(doc, location, markers[rule])
                if marked and marked != line:
                    line, column = marked, 0
                    if positions is not None and isinstance(about, etree._Element):
                        column = positions.text_char(about, line, markers[rule])
            out.append(
                Finding(
                    rule=rule,
                    severity=severity,
                    message=" ".join(text.split()),
                    location=location,
                    line=line,
                    column=column,
                )
            )
        return out


_DENIED = re.compile(r"(?:read|write) rights for (?P<what>.*?) denied")


def _failed(name: str, exc: etree.XSLTApplyError) -> Issue:
    """One issue for rules libxslt could not run: a read it refused, or another error."""
    message = " ".join(str(exc).split()) or "no report"
    denied = _DENIED.search(message)
    if denied:
        return Issue(
            name,
            rule="schematron-refused",
            message="the Schematron rules read another document (document()), which is "
            f"not allowed: {denied['what']}",
        )
    return Issue(name, rule="schematron", message=f"the Schematron rules failed: {message}")


# -- includes, resolved safely --------------------------------------------------------

_FETCHED_BY_INCLUDE_STEP = {
    f"{{{SCH15_NS}}}include": "a Schematron 1.5 include",
    f"{{{XINCLUDE_NS}}}include": "an XInclude",
    f"{{{RNG_NS}}}extRef": "a RELAX NG extRef",
    "{http://www.jenitennison.com/datatypes}include": "a DTLL include",
    "{http://purl.oclc.org/dsdl/crepdl/ns/structure/1.0}ref": "a CRDL ref",
}
"""What lxml's include step (ISO DSDL include) would read, besides sch:include."""


@dataclass
class _Inclusion:
    home: Path | None  # nothing outside it may be included
    count: int = 0


def _includes(root: etree._Element) -> list[etree._Element]:
    """The sch:include and sch:extends/@href elements below ``root`` (not inside another)."""
    return [
        el
        for el in root.iter(SCH_INCLUDE, SCH_EXTENDS)
        if el is not root
        and (el.tag == SCH_INCLUDE or el.get("href") is not None)
        and not any(a.tag in (SCH_INCLUDE, SCH_EXTENDS) for a in el.iterancestors())
    ]


def resolve_includes(doc: etree._ElementTree, origin: Path | None, name: str) -> etree._ElementTree:
    """``doc`` with its ``sch:include`` and ``sch:extends/@href`` replaced by what they
    name, as lxml's include step would do it, but read with the safe parser and only from
    files inside ``origin``'s folder, at every level of nesting (a copy, when there is
    anything to include).

    Raises :class:`TeiEditionError` (one issue) for an include of a URL, of a file
    outside the folder or of one with an external DTD, and for anything else lxml's
    include step would read.
    """
    root = doc.getroot()
    if _includes(root):
        root = copy.deepcopy(root)
        state = _Inclusion(home_of(origin) if origin is not None else None)
        chain = (origin.resolve(),) if origin is not None else ()
        _resolve(root, origin, name, state, chain)
        doc = etree.ElementTree(root)
    _refuse_fetching(root, name)
    return doc


def _resolve(
    root: etree._Element,
    path: Path | None,
    name: str,
    state: _Inclusion,
    chain: tuple[Path, ...],
) -> None:
    # again until none is left: what an include of "#id" copies may hold includes
    while found := _includes(root):
        for inc in found:
            state.count += 1
            if state.count > MAX_INCLUDES:
                raise _include_error(name, inc, f"more than {MAX_INCLUDES} includes")
            _splice(inc, _included(inc, path, name, state, chain))


def _include_error(
    name: str, inc: etree._Element, message: str, rule: str = "schematron"
) -> TeiEditionError:
    return TeiEditionError(Issue(name, inc.sourceline or 0, 1, rule=rule, message=message))


def _included(
    inc: etree._Element,
    path: Path | None,
    name: str,
    state: _Inclusion,
    chain: tuple[Path, ...],
) -> list[etree._Element]:
    """Copies of the elements ``inc`` stands for."""
    what = "sch:include" if inc.tag == SCH_INCLUDE else "sch:extends"
    href = (inc.get("href") or "").strip()
    if not href:
        raise _include_error(name, inc, f"{what} without an href")
    document, _, fragment = href.partition("#")
    if document:
        if path is None or state.home is None:
            raise _include_error(
                name, inc, f"{what} of {href} in a schema that is no file", INCLUDE_REFUSED
            )
        target = local_target(document, path.resolve().as_uri(), state.home, what)
        if isinstance(target, str):
            raise _include_error(name, inc, target, INCLUDE_REFUSED)
        if target in chain:
            raise _include_error(name, inc, f"{what} loop: {href} includes itself")
        if len(chain) >= MAX_INCLUDE_DEPTH:
            raise _include_error(
                name, inc, f"includes are nested more than {MAX_INCLUDE_DEPTH} deep"
            )
        if not target.is_file():
            raise _include_error(name, inc, f"{what} target not found: {href}")
        shown = display_path(target)
        data = read_bytes(target)
        tree = parse_bytes(data, shown, base_url=target.as_uri())
        refuse_external_doctype(tree, shown, data)
        source = tree.getroot()
        if source.tag in (SCH_INCLUDE, SCH_EXTENDS):
            raise _include_error(name, inc, f"{what} of {href}: its root element is an include")
        _resolve(source, target, shown, state, (*chain, target))
    else:
        source = inc.getroottree().getroot()
    if fragment:
        picked = next(
            (
                el
                for el in source.iter(etree.Element)
                if el.get(XML_ID) == fragment
                or (etree.QName(el).namespace == SCH_NS and el.get("id") == fragment)
            ),
            None,
        )
        if picked is None:
            raise _include_error(name, inc, f"{what} of {href}: no element has the id {fragment}")
    elif etree.QName(source).namespace == SCH_NS:
        picked = source
    else:
        raise _include_error(name, inc, f"{what} of {href}: its root is no Schematron element")
    if inc.tag == SCH_EXTENDS:
        return [copy.deepcopy(child) for child in picked.iterchildren(etree.Element)]
    if picked.tag == f"{{{SCH_NS}}}schema":
        raise _include_error(
            name, inc, f"{what} of {href}: a whole schema cannot be included, only its parts"
        )
    return [copy.deepcopy(picked)]


def _splice(inc: etree._Element, elements: list[etree._Element]) -> None:
    """Put ``elements`` where ``inc`` was; its tail stays."""
    parent = inc.getparent()
    assert parent is not None  # _includes never gives the root
    index = parent.index(inc)
    tail = inc.tail
    parent.remove(inc)
    for offset, el in enumerate(elements):
        el.tail = None
        parent.insert(index + offset, el)
    if elements:
        elements[-1].tail = tail
    elif tail:
        if index > 0:
            parent[index - 1].tail = (parent[index - 1].tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _refuse_fetching(root: etree._Element, name: str) -> None:
    """Refuse what lxml's include step would read (and what no resolution here replaced)."""
    for el in root.iter(etree.Element):
        what = _FETCHED_BY_INCLUDE_STEP.get(el.tag)
        href = el.get("href")
        if el.tag in (SCH_INCLUDE, SCH_EXTENDS) and href is not None:
            what = "an include here"
        if what is None and el.get(XLINK_HREF) is not None:
            what, href = "an xlink:href", el.get(XLINK_HREF)
        if what is not None:
            raise _include_error(
                name,
                el,
                f"{what} ({href or 'no href'}) is not allowed in a Schematron schema",
                INCLUDE_REFUSED,
            )


# -- where a node stands in the source ------------------------------------------------------

_MARKUP = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|<(?=[^/!?])",
    re.DOTALL,
)
"""What may hold a ``<`` that starts no element (comments, CDATA, processing instructions,
the document type declaration), or the ``<`` of a start tag."""
_TAG_NAME = re.compile(r"<[^\s/>]+")
_ATTRIBUTE = re.compile(r"""\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")


class SourcePositions:
    """Where each element's start tag, and each attribute in it, stands in a document's
    source: 1-based line and column (in characters), as an editor shows them.

    libxml2 gives an element the line on which its start tag *ends*, and no column. Here
    the source is scanned once, when first asked, for the ``<`` of every start tag: in a
    well-formed document the n-th is the n-th element in document order. Should the count
    differ (it never should), every answer falls back to the element's line and column 1.
    """

    def __init__(self, tree: etree._ElementTree, source: bytes) -> None:
        self.tree = tree
        self.source = source
        self._text: str | None = None
        self._starts: list[int] = []
        self._lines: list[int] = []
        self._index: dict[etree._Element, int] = {}

    def _scan(self) -> str:
        if self._text is None:
            text = _decoded(self.source, self.tree.docinfo.encoding)
            self._lines = [0] + [m.end() for m in re.finditer("\n", text)]
            self._starts = [m.start() for m in _MARKUP.finditer(text) if m.group() == "<"]
            elements = list(self.tree.iter(etree.Element))
            if len(elements) == len(self._starts):
                self._index = {el: i for i, el in enumerate(elements)}
            self._text = text
        return self._text

    def _at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._lines, offset)
        return line, offset - self._lines[line - 1] + 1

    def _start(self, el: etree._Element) -> int | None:
        self._scan()
        index = self._index.get(el)
        return None if index is None else self._starts[index]

    def element(self, el: etree._Element) -> tuple[int, int]:
        """Where the start tag of ``el`` begins (its ``<``)."""
        start = self._start(el)
        if start is None:
            return el.sourceline or 0, 0
        return self._at(start)

    def attribute(self, el: etree._Element, name: str, token: str | None = None) -> tuple[int, int]:
        """Where the attribute ``name`` (as written, ``xml:id``, or by its local name) of
        ``el`` begins, or, given a ``token`` of its value, where that token stands; the
        start tag's position when the tag has no such attribute."""
        start = self._start(el)
        if start is None:
            return el.sourceline or 0, 0
        text = self._scan()
        tag = _TAG_NAME.match(text, start)
        at = tag.end() if tag else start + 1
        found: tuple[int, int] | None = None
        while (m := _ATTRIBUTE.match(text, at)) is not None:
            written = m.group(1)
            if written == name or (found is None and written.split(":")[-1] == name):
                found = (m.start(1), m.start(2) + 1)
                if written == name:
                    break
            at = m.end()
        if found is None:
            return self._at(start)
        name_at, value_at = found
        if token:
            value = text[value_at : text.find(text[value_at - 1], value_at)]
            for piece in re.finditer(r"\S+", value):
                if piece.group() == token:
                    return self._at(value_at + piece.start())
        return self._at(name_at)

    def text_char(self, el: etree._Element, line: int, chars: str) -> int:
        """The column of the first of ``chars`` on ``line`` at or after the start tag of
        ``el`` (0 if none is there)."""
        text = self._scan()
        if not 0 < line <= len(self._lines):
            return 0
        begin = self._lines[line - 1]
        end = self._lines[line] if line < len(self._lines) else len(text)
        start = self._start(el)
        if start is not None and begin <= start < end:
            begin = start
        hits = [i for i in (text.find(c, begin, end) for c in chars) if i >= 0]
        return self._at(min(hits))[1] if hits else 0

    def node(self, node: object) -> tuple[int, int]:
        """Where an element, or an attribute value an XPath gave, stands."""
        if isinstance(node, etree._Element) and isinstance(node.tag, str):
            return self.element(node)
        if getattr(node, "is_attribute", False):
            parent = node.getparent()  # type: ignore[attr-defined]
            if isinstance(parent, etree._Element):
                return self.attribute(parent, node.attrname)  # type: ignore[attr-defined]
        getparent = getattr(node, "getparent", None)  # text nodes
        parent = getparent() if getparent else None
        if isinstance(parent, etree._Element):
            return self.element(parent)
        return 0, 0


def _decoded(source: bytes, encoding: str | None) -> str:
    try:
        text = source.decode(encoding or "utf-8", "replace")
    except LookupError:
        text = source.decode("utf-8", "replace")
    return text.removeprefix("\ufeff")


def _node(doc: etree._ElementTree, location: str) -> object | None:
    """The first node an SVRL ``@location`` XPath selects, or None."""
    if not location:
        return None
    try:
        result = doc.xpath(location)
    except etree.XPathError:
        return None
    if not isinstance(result, list) or not result:
        return None
    return result[0]


def source_line(doc: etree._ElementTree, location: str) -> int:
    """The source line of the node an SVRL ``@location`` XPath selects (0 if unknown)."""
    node = _node(doc, location)
    if node is None:
        return 0
    if isinstance(node, etree._Element):
        return node.sourceline or 0
    getparent = getattr(node, "getparent", None)  # attribute values and text nodes
    parent = getparent() if getparent else None
    if isinstance(parent, etree._Element):
        return parent.sourceline or 0
    return 0


def start_column(doc: etree._ElementTree, location: str, lines: list[str]) -> int:
    """The 1-based column of the start tag of the element at ``location`` (or of the
    attribute's element), when it is the only tag of that name on its line; else 0.
    (:class:`SourcePositions` knows every column; this needs only the lines.)"""
    node = _node(doc, location)
    if node is not None and not isinstance(node, etree._Element):
        getparent = getattr(node, "getparent", None)
        node = getparent() if getparent else None
    if not isinstance(node, etree._Element) or not isinstance(node.tag, str):
        return 0
    line = node.sourceline or 0
    if not 0 < line <= len(lines):
        return 0
    local = etree.QName(node).localname
    name = f"{node.prefix}:{local}" if node.prefix else local
    hits = [m.start() for m in re.finditer(rf"<{re.escape(name)}(?=[\s/>])", lines[line - 1])]
    return hits[0] + 1 if len(hits) == 1 else 0


def _end_line(el: etree._Element) -> int:
    """The line on which ``el`` ends (libxml2 gives the line where its start tag ends)."""
    if len(el) == 0:
        return (el.sourceline or 0) + (el.text or "").count("\n")
    last = el[len(el) - 1]
    return _end_line(last) + (last.tail or "").count("\n")


def text_line(doc: etree._ElementTree, location: str, chars: str) -> int:
    """The line of the first of ``chars`` in the own text of the element at ``location``.

    The element's own text is its ``text`` and the ``tail`` of each child; returns 0
    when none of the characters is there.
    """
    try:
        result = doc.xpath(location)
    except etree.XPathError:
        return 0
    if not isinstance(result, list) or not result or not isinstance(result[0], etree._Element):
        return 0
    el = result[0]
    segments: list[tuple[int, str]] = [(el.sourceline or 0, el.text or "")]
    segments += [(_end_line(child), child.tail or "") for child in el]
    for start, text in segments:
        hits = [i for i in (text.find(c) for c in chars) if i >= 0]
        if hits and start:
            return start + text[: min(hits)].count("\n")
    return 0


# -- XPath 2+ bindings: the ISO skeleton's stylesheet, run by Saxon ----------------------


def _is_package_schema(path: Path) -> bool:

    try:
        return path.resolve().is_relative_to(data_dir("schemas").resolve())
    except FileNotFoundError:  # pragma: no cover - installed without its schemas
        return False


_REFUSED_INSTRUCTIONS = {
    "result-document": "writes files",
    "import": "reads other stylesheets",
    "include": "reads other stylesheets",
    "import-schema": "reads schemas",
    "source-document": "reads documents",
    "merge": "reads documents",
    "merge-source": "reads documents",
    "evaluate": "evaluates XPath built at run time",
    "use-package": "reads packages",
    "package": "is a package",
}
"""XSLT instructions a document's Schematron may not bring into the stylesheet it is
compiled to, and why: the URI lock stops reading, but not writing or code made at run
time."""

_REFUSED_FUNCTIONS = re.compile(
    r"(?<![\w.-])(transform|function-lookup|load-xquery-module|environment-variable"
    r"|available-environment-variables|doc|document|doc-available|unparsed-text"
    r"|unparsed-text-lines|unparsed-text-available|collection|uri-collection|json-doc)"
    r"\s*(?:\(:.*?:\)\s*)*[(#]",
    re.DOTALL,
)
"""XPath functions refused in a document's Schematron, wherever an expression may stand
(attributes, and text under text value templates): they read files or the network (which
the lock would make fail, or answer "not available", mid-run), run other code (which
could write files) or read the environment. Refused before anything runs, with one
line, rather than found out from a failure."""


def _vet(tree: etree._ElementTree, name: str) -> None:
    """Refuse a compiled Schematron that could write a file, run code made at run time,
    or read the environment: one line naming what was found."""
    for el in tree.iter(etree.Element):
        qname = etree.QName(el)
        if qname.namespace == XSL_NS and qname.localname in _REFUSED_INSTRUCTIONS:
            why = _REFUSED_INSTRUCTIONS[qname.localname]
            raise UsageError(
                Issue(
                    name,
                    rule="schematron-refused",
                    message=f"xsl:{qname.localname} is not allowed in a Schematron ({why})",
                )
            )
        texts = list(el.attrib.values())
        if _expands_text(el):  # text value templates: {expressions} in text
            texts += [el.text or "", *(child.tail or "" for child in el)]
        for text in texts:
            found = _REFUSED_FUNCTIONS.search(text)
            if found:
                raise UsageError(
                    Issue(
                        name,
                        rule="schematron-refused",
                        message=f"the function {found.group(1)}() is not allowed in a "
                        "document's Schematron: its rules run with no access to files, "
                        "the network, other code or the environment",
                    )
                )


def _expands_text(el: etree._Element) -> bool:
    """Whether text value templates are on for the text of ``el`` (XSLT 3.0 expand-text,
    inherited from the nearest ancestor that sets it)."""
    for node in (el, *el.iterancestors()):
        in_xsl = etree.QName(node).namespace == XSL_NS
        name = "expand-text" if in_xsl else f"{{{XSL_NS}}}expand-text"
        value = node.get(name)
        if value is not None:
            return value.strip() in ("yes", "true", "1")
    return False


def _compile_for_saxon(schema_doc: etree._ElementTree, name: str, *, trusted: bool) -> object:
    """Compile ``schema_doc`` (queryBinding xslt2/xslt3) into a Saxon executable.

    A schema that is not one of the package's own is vetted (:func:`_vet`) and compiled
    and run in the sealed Saxon processor, where every URI is closed: its rules can read
    no file, reach no network and write nothing."""

    doc = etree.ElementTree(etree.fromstring(etree.tostring(schema_doc)))
    # The skeleton copies expressions as written; only its binding check needs "xslt".
    doc.getroot().set("queryBinding", "xslt")
    try:
        stylesheet = isoschematron.iso_svrl_for_xslt1(
            isoschematron.iso_abstract_expand(isoschematron.iso_dsdl_include(doc))
        )
    except etree.XSLTApplyError as exc:
        raise UsageError(
            Issue(
                name,
                rule="schematron",
                message=f"cannot compile Schematron: {' '.join(str(exc).split())}",
            )
        ) from None
    tree = etree.ElementTree(stylesheet.getroot())
    _fix_attribute_paths(tree)
    tree.getroot().set("version", "3.0")
    if not trusted:
        _vet(tree, name)
    text = etree.tostring(tree, encoding="unicode")
    with xslt._lock:
        saxon = xslt._saxon() if trusted else xslt.sealed_saxon()
        processor = saxon.new_xslt30_processor()
        with xslt._captured_stderr() as listing:
            try:
                exe = processor.compile_stylesheet(stylesheet_text=text)
            except Exception as exc:
                err: Exception | None = exc
                exe = None
            else:
                err = None
    if err is not None or exe is None:
        detail = " ".join(listing[:3] or [str(err)]).strip() or "cannot compile"
        raise UsageError(
            Issue(
                name,
                rule="schematron",
                message=f"cannot compile Schematron for XPath 3.1: {' '.join(detail.split())}",
            )
        )
    return exe


def _run_saxon(
    exe: object, doc: etree._ElementTree, name: str, *, trusted: bool
) -> etree._ElementTree:

    text = etree.tostring(doc.getroot(), encoding="unicode")
    with xslt._lock:
        proc = xslt._saxon() if trusted else xslt.sealed_saxon()
        with xslt._captured_stderr() as listing:
            try:
                node = proc.parse_xml(xml_text=text, encoding="UTF-8")
                result = exe.transform_to_string(xdm_node=node)  # type: ignore[attr-defined]
            except Exception as exc:
                err: Exception | None = exc
                result = None
            else:
                err = None
    if err is not None or result is None:
        detail = " ".join(" ".join(listing[:3] or [str(err)]).split()) or "no report"
        raise TeiEditionError(
            Issue(name, rule="schematron", message=f"the Schematron rules failed: {detail}")
        )
    return parse_bytes(result.encode("utf-8"), f"{name} (report)")


def embedded_schematron(rng: etree._ElementTree) -> etree._ElementTree | None:
    """The ISO Schematron embedded in a RELAX NG schema, as one schema (None if none).

    Collects the ``sch:ns`` declarations (once per prefix) and every ``sch:pattern``
    (and top-level ``sch:let``) wherever they stand in the grammar. The query binding
    is the RELAX NG's own ``sch:schema/@queryBinding`` if it gives one, else xslt2, as
    TEI's ODD processor writes them.
    """
    root = rng.getroot()
    if etree.QName(root).namespace != RNG_NS:
        return None
    patterns = [
        el
        for el in root.iter(f"{{{SCH_NS}}}pattern", f"{{{SCH_NS}}}let")
        if not any(etree.QName(a).namespace == SCH_NS for a in el.iterancestors())
    ]
    if not patterns:
        return None
    binding = next(
        (s.get("queryBinding") for s in root.iter(f"{{{SCH_NS}}}schema") if s.get("queryBinding")),
        "xslt2",
    )
    schema = etree.Element(f"{{{SCH_NS}}}schema", nsmap={"sch": SCH_NS})
    schema.set("queryBinding", binding)
    prefixes: set[str] = set()
    for ns in root.iter(f"{{{SCH_NS}}}ns"):
        prefix = ns.get("prefix", "")
        if prefix and prefix not in prefixes:
            prefixes.add(prefix)
            copy = etree.SubElement(schema, f"{{{SCH_NS}}}ns")
            copy.set("prefix", prefix)
            copy.set("uri", ns.get("uri", ""))
    for el in patterns:
        schema.append(etree.fromstring(etree.tostring(el, with_tail=False)))
    return etree.ElementTree(schema)
