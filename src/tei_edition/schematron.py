"""ISO Schematron through lxml's bundled ISO skeleton (XSLT 1.0 binding, EXSLT).

lxml compiles the schema (include, abstract expansion, SVRL skeleton); this module
runs the compiled stylesheet, reads the SVRL report and turns each failed assert
and successful report into an :class:`~tei_edition.issues.Issue` that carries the
rule's ``@id``, its severity (``@role``) and the source line of the node it is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from lxml import etree, isoschematron

from tei_edition.issues import Issue, Severity, UsageError
from tei_edition.xmlparse import display_path, parse, parse_bytes

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One failed assert or successful report, as the SVRL gives it."""

    rule: str
    severity: Severity
    message: str
    location: str
    line: int


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
    """A compiled Schematron schema; compile once, run on many documents."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        name = display_path(self.path)
        schema_doc = parse(self.path)
        try:
            compiled = isoschematron.Schematron(schema_doc, store_xslt=True)
        except (etree.SchematronParseError, etree.XSLTParseError) as exc:
            raise UsageError(
                Issue(name, rule="schematron", message=f"cannot compile Schematron: {exc}")
            ) from None
        xslt = cast(etree._XSLTResultTree, compiled.validator_xslt)
        tree = parse_bytes(etree.tostring(xslt), f"{name} (compiled)")
        _fix_attribute_paths(tree)
        self._transform = etree.XSLT(tree, access_control=etree.XSLTAccessControl.DENY_ALL)

    def svrl(self, doc: etree._ElementTree) -> etree._ElementTree:
        """Run the schema on ``doc``; return the SVRL report."""
        return cast(etree._ElementTree, self._transform(doc))

    def findings(
        self, doc: etree._ElementTree, text_markers: Mapping[str, str] | None = None
    ) -> list[Finding]:
        """Every failed assert and successful report, in document order of the SVRL.

        ``text_markers`` maps a rule id to characters whose first occurrence in the
        element's own text is what the rule is about (``{"no-brackets": "[]"}``): the
        finding then carries that character's line instead of the element's.
        """
        markers = text_markers or {}
        report = self.svrl(doc)
        out: list[Finding] = []
        for node in report.iter(f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"):
            role = (node.get("role") or "error").strip().lower()
            severity = cast(Severity, role if role in SEVERITIES else "error")
            text = node.findtext(f"{{{SVRL_NS}}}text") or ""
            location = node.get("location") or ""
            rule = node.get("id") or ""
            line = source_line(doc, location)
            if rule in markers:
                line = text_line(doc, location, markers[rule]) or line
            out.append(
                Finding(
                    rule=rule,
                    severity=severity,
                    message=" ".join(text.split()),
                    location=location,
                    line=line,
                )
            )
        return out


def source_line(doc: etree._ElementTree, location: str) -> int:
    """The source line of the node an SVRL ``@location`` XPath selects (0 if unknown)."""
    if not location:
        return 0
    try:
        result = doc.xpath(location)
    except etree.XPathError:
        return 0
    if not isinstance(result, list) or not result:
        return 0
    node = result[0]
    if isinstance(node, etree._Element):
        return node.sourceline or 0
    getparent = getattr(node, "getparent", None)  # attribute values and text nodes
    parent = getparent() if getparent else None
    if isinstance(parent, etree._Element):
        return parent.sourceline or 0
    return 0


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
