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
import hashlib
import re
from collections import Counter
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


# -- the compiled stylesheet, linear in the document (libxslt) -----------------------------
#
# Two steps of the stylesheet lxml's ISO skeleton writes grow, in libxslt, with the square
# of the number of elements side by side (the paragraphs of a long text, all in one div):
#
# - a rule whose context ends in a predicate (``*[@resp]``): libxslt gives a predicate in a
#   match pattern its position among the siblings, and counts them again for each element
#   after a test on another parent (it remembers one), whether the predicate asks for its
#   position or not; with two predicates or more (``*[@from][not(...)]``) it evaluates the
#   whole pattern once and looks each element up in that list, one by one;
# - the location of each finding: ``count(preceding-sibling::*[name()=name(current())])``
#   for it and each of its ancestors.
#
# :func:`linear_stylesheet` rewrites both where the report stays the same, byte for byte:
# the predicates move into an ``xsl:if`` around what the rule writes (when they cannot
# depend on the position, and no later rule of the pattern could take the element instead),
# and the location is written by :func:`_location`, which counts each parent's children
# once.

LOCATION_NS = "urn:x-tei-edition:schematron"
"""The namespace of the extension function that writes a finding's location."""
_FULL_PATH_MODE = "schematron-get-full-path"
_FULL_PATH_TEMPLATES = {"*": "4d443001ade525cb", "@*": "bbc2e2703acbe9a7"}
"""The skeleton's location templates (of elements, of attributes) by :func:`_digest`, as
lxml 6 bundles them: only these are replaced (a skeleton that writes locations otherwise
keeps its own templates)."""
_NODE_TYPES = {"comment", "text", "processing-instruction", "node"}
_BOOLEAN_FUNCTIONS = {"not", "true", "false", "boolean", "contains", "starts-with", "lang"}
_LOWEST_OPERATORS = {"or", "and", "=", "!=", "<", "<=", ">", ">="}
_PATH_OPERATORS = {"/", "//", "|", "@", "::", ".", ".."}
_XPATH_TOKEN = re.compile(
    r"""\s*(?:(?P<literal>"[^"]*"|'[^']*')
    |(?P<number>\d+(?:\.\d*)?|\.\d+)
    |(?P<variable>\$[^\W\d][\w.\-]*(?::[^\W\d][\w.\-]*)?)
    |(?P<op>//|::|\.\.|!=|<=|>=|[/|+\-=<>*()\[\],.@])
    |(?P<name>[^\W\d][\w.\-]*(?::(?:[^\W\d][\w.\-]*|\*))?))\s*""",
    re.VERBOSE,
)


def linear_stylesheet(tree: etree._ElementTree) -> dict[tuple[str, str], object]:
    """Rewrite the skeleton's stylesheet ``tree`` for libxslt (see above) and make the
    SVRL locations of attributes full paths; return the extension functions it calls."""
    _linear_rules(tree)
    if not _linear_locations(tree):
        _fix_attribute_paths(tree)
        return {}
    return {(LOCATION_NS, "location"): _location}


def _digest(template: etree._Element) -> str:
    """What ``template`` holds (its instructions, their attributes with white space
    collapsed, their text), in 16 hexadecimal digits."""
    parts = []
    for node in template.iterdescendants():
        tag = etree.QName(node).localname if isinstance(node.tag, str) else "#"
        attrs = ",".join(f"{k}={' '.join(v.split())}" for k, v in sorted(node.attrib.items()))
        parts.append(f"<{tag} {attrs}>{(node.text or '').strip()}</>{(node.tail or '').strip()}")
    return hashlib.sha256("".join(parts).encode("utf-8")).hexdigest()[:16]


def _linear_locations(tree: etree._ElementTree) -> bool:
    """Have the skeleton's location templates call :func:`_location` (False, and nothing
    changed, when they are not the ones it knows)."""
    templates = {
        t.get("match"): t
        for t in tree.getroot().iterfind(f"{{{XSL_NS}}}template")
        if t.get("mode") == _FULL_PATH_MODE
    }
    if set(templates) != set(_FULL_PATH_TEMPLATES) or any(
        _digest(templates[match]) != digest for match, digest in _FULL_PATH_TEMPLATES.items()
    ):
        return False
    for template in templates.values():
        for child in list(template):
            template.remove(child)
        template.text = None
        value = etree.SubElement(template, f"{{{XSL_NS}}}value-of", nsmap={"loc": LOCATION_NS})
        value.set("select", "loc:location(.)")
    return True


def _location(context: object, nodes: list[object]) -> str:
    """The location the skeleton writes for an element or an attribute: the steps from the
    root, ``name`` (an element in no namespace) or ``*[local-name()='x' and
    namespace-uri()='…']``, with ``[n]`` when the parent has another child of that name
    (of that local name, in any namespace), then ``/@name`` or ``/@*[…]`` for an
    attribute."""
    if not nodes:
        return ""
    memo = context.eval_context.setdefault(_location, _Paths())  # type: ignore[attr-defined]
    return cast(_Paths, memo).path(nodes[0])


class _Paths:
    """The locations of one document's elements, each parent's children counted once."""

    def __init__(self) -> None:
        self._steps: dict[etree._Element, str] = {}
        self._paths: dict[etree._Element, str] = {}

    def path(self, node: object) -> str:
        if getattr(node, "is_attribute", False):
            parent = node.getparent()  # type: ignore[attr-defined]
            name = etree.QName(node.attrname)  # type: ignore[attr-defined]
            if name.namespace:
                step = f"@*[local-name()='{name.localname}' and namespace-uri()='{name.namespace}']"
            else:
                step = f"@{name.localname}"
            return f"{self.element(parent)}/{step}"
        return self.element(cast(etree._Element, node))

    def element(self, el: etree._Element) -> str:
        chain: list[etree._Element] = []
        at: etree._Element | None = el
        while at is not None and at not in self._paths:
            chain.append(at)
            at = at.getparent()
        path = "" if at is None else self._paths[at]
        for node in reversed(chain):
            path = f"{path}/{self._step(node)}"
            self._paths[node] = path
        return path

    def _step(self, el: etree._Element) -> str:
        step = self._steps.get(el)
        if step is None:
            parent = el.getparent()
            siblings = list(parent.iterchildren(etree.Element)) if parent is not None else [el]
            names = Counter(_name(s) for s in siblings)
            locals_ = Counter(etree.QName(s).localname for s in siblings)
            seen_names: Counter[str] = Counter()
            seen_locals: Counter[str] = Counter()
            for sibling in siblings:
                qname = etree.QName(sibling)
                name = _name(sibling)
                seen_names[name] += 1
                seen_locals[qname.localname] += 1
                if qname.namespace:
                    text = (
                        f"*[local-name()='{qname.localname}' and "
                        f"namespace-uri()='{qname.namespace}']"
                    )
                    n, of = seen_locals[qname.localname], locals_[qname.localname]
                else:
                    text, n, of = name, seen_names[name], names[name]
                self._steps[sibling] = f"{text}[{n}]" if n > 1 or of > n else text
            step = self._steps[el]
        return step


def _name(el: etree._Element) -> str:
    """XPath's name() of an element: its prefix (if any) and local name."""
    local = etree.QName(el).localname
    return f"{el.prefix}:{local}" if el.prefix else local


def _linear_rules(tree: etree._ElementTree) -> None:
    """Move the predicates that end a rule's context into an ``xsl:if`` (``*[@resp]``
    becomes ``*`` and ``xsl:if test="(@resp)"``), where that changes nothing: for the last
    rule of its pattern (no other rule could take an element it leaves), when the rule
    writes nothing but what the pattern's default template writes after the ``xsl:if``, and
    when no predicate can be a position."""
    modes: dict[str, list[etree._Element]] = {}
    for template in tree.getroot().iterfind(f"{{{XSL_NS}}}template"):
        mode = template.get("mode")
        if mode and template.get("match"):
            modes.setdefault(mode, []).append(template)
    for templates in modes.values():
        fallback = [t for t in templates if "".join(t.get("match", "").split()) == "@*|node()"]
        text = [t for t in templates if t.get("match") == "text()"]
        rules = [t for t in templates if t not in fallback and t not in text]
        if len(fallback) != 1 or len(text) > 1 or not rules:
            continue
        try:
            priorities = [float(t.get("priority", "")) for t in rules]
            floor = max(float(t.get("priority", "")) for t in fallback + text)
        except ValueError:
            continue
        last = min(priorities)
        if priorities.count(last) != 1 or last <= floor:
            continue
        _move_predicates(rules[priorities.index(last)], fallback[0])


def _move_predicates(rule: etree._Element, fallback: etree._Element) -> None:
    split = _final_predicates(rule.get("match", ""))
    if split is None or not all(_not_positional(p) for p in split[1]):
        return
    children = list(rule)
    defaults = list(fallback)
    if (
        not children
        or len(defaults) != 1
        or len(children[-1])
        or len(defaults[0])
        or children[-1].tag != f"{{{XSL_NS}}}apply-templates"
        or defaults[0].tag != children[-1].tag
        or dict(children[-1].attrib) != dict(defaults[0].attrib)
        or (fallback.text or "").strip()
        or any(c.tag == f"{{{XSL_NS}}}param" for c in children)
    ):
        return
    written = etree.Element(f"{{{XSL_NS}}}if")
    written.set("test", " and ".join(f"({p})" for p in split[1]))
    written.text, rule.text = rule.text, None
    for child in children[:-1]:
        written.append(child)  # with its tail
    rule.insert(0, written)
    rule.set("match", split[0])


def _final_predicates(pattern: str) -> tuple[str, list[str]] | None:
    """A pattern of one path as that path without the predicates that end it, and those
    predicates (``tei:text//*[a][b]`` gives ``tei:text//*`` and ``["a", "b"]``); None for a
    union, or a path that ends in none."""
    groups: list[tuple[int, int]] = []  # the [...] of the outermost level
    depth, quote, start = 0, "", 0
    for i, c in enumerate(pattern):
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in "[(":
            if depth == 0 and c == "[":
                start = i
            depth += 1
        elif c in "])":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0 and c == "]":
                groups.append((start, i + 1))
        elif c == "|" and depth == 0:
            return None
    if depth or quote or not groups:
        return None
    final: list[tuple[int, int]] = []
    end = len(pattern.rstrip())
    for begin, stop in reversed(groups):
        if pattern[stop:end].strip():
            break
        final.insert(0, (begin, stop))
        end = begin
    base = pattern[: final[0][0]].strip() if final else ""
    if not final or not base or base.endswith(("/", "@", ":")):
        return None
    return base, [pattern[b + 1 : e - 1].strip() for b, e in final]


def _xpath_tokens(expression: str) -> list[tuple[str, str]] | None:
    """The tokens of an XPath 1.0 expression as (kind, text): ``literal``, ``number``,
    ``variable``, ``op`` (with ``*`` as multiplication, and, or, div, mod), ``wildcard``,
    ``name``, ``call`` (a function's name), ``nodetype``; None if it is no XPath."""
    tokens: list[tuple[str, str]] = []
    at = 0
    while at < len(expression):
        m = _XPATH_TOKEN.match(expression, at)
        if m is None or m.end() == at:
            return None
        at = m.end()
        kind = cast(str, m.lastgroup)
        text = m.group(kind)
        after_operand = bool(tokens) and (
            tokens[-1][0] in ("literal", "number", "variable", "wildcard", "name", "nodetype")
            or tokens[-1][1] in (")", "]", ".", "..")
        )
        if text == "*":
            kind = "op" if after_operand else "wildcard"
        elif kind == "name" and after_operand and text in ("and", "or", "div", "mod"):
            kind = "op"
        elif kind == "name" and expression.startswith("(", at):
            kind = "nodetype" if text in _NODE_TYPES else "call"
        tokens.append((kind, text))
    return tokens


def _not_positional(predicate: str) -> bool:
    """Whether the XPath ``predicate`` is true or false by itself, never by the position:
    it calls neither position() nor last(), and its value is a boolean, a node-set or a
    string, never a number (which a predicate compares with the position)."""
    tokens = _xpath_tokens(predicate)
    if not tokens or any(k == "call" and t in ("position", "last") for k, t in tokens):
        return False
    while True:
        depth = 0
        top: list[tuple[str, str]] = []  # the tokens outside any () or []
        for i, (kind, text) in enumerate(tokens):
            if kind == "op" and text in ("(", "["):
                depth += 1
            elif kind == "op" and text in (")", "]"):
                depth -= 1
                if depth == 0 and not top and text == ")":
                    if i == len(tokens) - 1:
                        tokens = tokens[1:-1]  # (expression): the expression
                        break
                    top.append(("group", ""))  # (expression) followed by more
            elif depth == 0:
                top.append((kind, text))
        else:
            break
    if not top:
        return False
    if any(kind == "op" and text in _LOWEST_OPERATORS for kind, text in top):
        return True  # a comparison, an and, an or: a boolean
    if len(top) == 1 and top[0][0] == "call":
        return top[0][1] in _BOOLEAN_FUNCTIONS  # not(...), contains(...)
    # a location path, or a union of them: a node-set
    return all(
        kind in ("name", "wildcard", "nodetype") or (kind == "op" and text in _PATH_OPERATORS)
        for kind, text in top
    )


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
        extensions = linear_stylesheet(tree)
        self._transform = etree.XSLT(
            tree, extensions=extensions, access_control=etree.XSLTAccessControl.DENY_ALL
        )

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
        nodes = Locations(doc)
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
            about = nodes.node(location)
            line, column = _line_of(about), 0
            if positions is not None and about is not None:
                line, column = positions.node(about)
                line = line or _line_of(about)
            if rule in markers:
                marked = _own_text_line(about, markers[rule])
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
        found = re.compile(f"[{re.escape(chars)}]").search(text, begin, end) if chars else None
        return self._at(found.start())[1] if found else 0

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


def _line_of(node: object | None) -> int:
    """The source line of an element, or of the element of an attribute value or text an
    XPath gave (0 if unknown)."""
    if node is None:
        return 0
    if isinstance(node, etree._Element):
        return node.sourceline or 0
    getparent = getattr(node, "getparent", None)  # attribute values and text nodes
    parent = getparent() if getparent else None
    if isinstance(parent, etree._Element):
        return parent.sourceline or 0
    return 0


def source_line(doc: etree._ElementTree, location: str) -> int:
    """The source line of the node an SVRL ``@location`` XPath selects (0 if unknown)."""
    return _line_of(_node(doc, location))


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
    if not isinstance(result, list) or not result:
        return 0
    return _own_text_line(result[0], chars)


def _own_text_line(node: object | None, chars: str) -> int:
    """:func:`text_line` of the node a location selects."""
    if not isinstance(node, etree._Element):
        return 0
    segments: list[tuple[int, str]] = [(node.sourceline or 0, node.text or "")]
    segments += [(_end_line(child), child.tail or "") for child in node]
    for start, text in segments:
        hits = [i for i in (text.find(c) for c in chars) if i >= 0]
        if hits and start:
            return start + text[: min(hits)].count("\n")
    return 0


_NCNAME = r"[^\W\d][\w.\-]*"
_LOCATION_STEP = re.compile(
    rf"/(?:(?P<name>{_NCNAME})"
    r"|\*\[local-name\(\)='(?P<local>[^']*)' and namespace-uri\(\)='(?P<ns>[^']*)'\])"
    r"(?:\[(?P<index>[1-9][0-9]{0,8})\])?(?=/|\Z)"
)
_LOCATION_ATTRIBUTE = re.compile(
    rf"/@(?:{_NCNAME}|\*\[local-name\(\)='[^']*' and namespace-uri\(\)='[^']*'\])"
)


class Locations:
    """The node each SVRL ``@location`` of one document selects, as ``doc.xpath`` gives it
    (:func:`_node`), found without evaluating the XPath.

    The ISO skeleton writes a location as steps from the root (``/name[2]``,
    ``/*[local-name()='p' and namespace-uri()='…'][4000]``, last maybe ``/@name``); an
    XPath engine finds the 4000th ``p`` by testing the 3999 before it, again for every
    finding: here each parent's children are grouped by name once, on the first location
    through it. A location of any other form is evaluated as XPath.
    """

    def __init__(self, doc: etree._ElementTree) -> None:
        self.doc = doc
        self._children: dict[etree._Element, dict[tuple[str, str], list[etree._Element]]] = {}

    def node(self, location: str) -> object | None:
        """The first node ``location`` selects (None if none, or not XPath)."""
        if not location:
            return None
        found = self._walk(location)
        return _node(self.doc, location) if found is _UNSURE else found

    def _walk(self, location: str) -> object | None:
        at, end = 0, len(location)
        current: etree._Element | None = None
        while at < end:
            step = _LOCATION_STEP.match(location, at)
            if step is None:
                attribute = _LOCATION_ATTRIBUTE.fullmatch(location, at)
                if attribute is None or current is None:
                    return _UNSURE
                try:
                    values = current.xpath(location[at + 1 :])
                except etree.XPathError:
                    return None
                return values[0] if isinstance(values, list) and values else None
            at = step.end()
            name = step["name"]
            same = self._named(current, ("", name) if name else (step["ns"], step["local"]))
            index = step["index"]
            if index is None:
                if len(same) > 1:  # every one of them, each followed further
                    return _UNSURE
                if not same:
                    return None
                current = same[0]
            elif int(index) <= len(same):
                current = same[int(index) - 1]
            else:
                return None
        return current

    def _named(self, parent: etree._Element | None, key: tuple[str, str]) -> list[etree._Element]:
        """The element children of ``parent`` (None: the document) of that namespace and
        local name, in document order."""
        if parent is None:
            root = self.doc.getroot()
            return [root] if root is not None and _key(root) == key else []
        groups = self._children.get(parent)
        if groups is None:
            groups = {}
            for child in parent.iterchildren(etree.Element):
                groups.setdefault(_key(child), []).append(child)
            self._children[parent] = groups
        return groups.get(key, [])


_UNSURE = object()
"""What :meth:`Locations._walk` gives for a location it leaves to XPath."""


def _key(el: etree._Element) -> tuple[str, str]:
    qname = etree.QName(el)
    return qname.namespace or "", qname.localname


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
