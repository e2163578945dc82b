"""Which schemas a document is validated against, and where they are on this machine.

In order: the schemas given on the command line (``--schema``, repeatable); else
every ``<?xml-model?>`` processing instruction of the document; else its
``xsi:schemaLocation`` / ``xsi:noNamespaceSchemaLocation``; else tei_all. A declared
``href`` is resolved through the XML catalogs (:mod:`tei_edition.read.catalog`), then as a
local file relative to the document. Nothing is fetched: a declaration that resolves
to no local file is a warning naming it, and the document is checked against what
remains; when no grammar (RELAX NG or XSD) remains, against tei_all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urljoin, urlparse
from urllib.request import url2pathname

from lxml import etree

from tei_edition import resources
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.read import catalog
from tei_edition.read.xmlparse import display_path, parse
from tei_edition.validate.schematron import RNG_NS, SCH15_NS, SCH_NS

XSD_NS = "http://www.w3.org/2001/XMLSchema"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
RNC_TYPE = "application/relax-ng-compact-syntax"
TEI_ALL = "tei_all.rng"
PROFILE_RNG = "tei_edition.rng"
PROFILE_SCH = "tei_edition.sch"
PROFILE_URI = "urn:x-tei-edition:schemas:"
"""The project's schemas by identifier (the shipped catalog maps them to schemas/)."""

Kind = Literal["relaxng", "xsd", "schematron"]
Origin = Literal["option", "xml-model", "xsi", "default"]


@dataclass(frozen=True)
class Schema:
    """One schema to apply: a local file, in one schema language."""

    path: Path
    kind: Kind
    compact: bool = False  # RELAX NG compact syntax
    embedded: bool = False  # Schematron embedded in a RELAX NG schema
    line: int = field(default=0, compare=False)  # of the declaration in the document

    @property
    def label(self) -> str:
        return self.path.name

    @property
    def grammar(self) -> bool:
        return self.kind in ("relaxng", "xsd")


@dataclass
class Choice:
    """The schemas chosen for one document, and why some declared ones were not used."""

    schemas: list[Schema] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    origin: Origin = "default"
    missing_grammars: list[Issue] = field(default_factory=list)

    @property
    def profile(self) -> bool:
        """Whether the document is held to this project's profile."""
        mine = {resources.schema(PROFILE_RNG).resolve(), resources.schema(PROFILE_SCH).resolve()}
        return any(s.path.resolve() in mine for s in self.schemas)


def tei_all() -> Path:
    """The tei_all.rng the package ships (TEI P5 4.3.0)."""
    return resources.schema(TEI_ALL)


def _sniff(path: Path) -> tuple[str, etree._Element | None]:
    """("compact", None) for RELAX NG compact syntax, else ("xml", root element)."""
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    xml_suffix = path.suffix.lower() in (".rng", ".xsd", ".sch", ".xml")
    if not head.startswith(b"<") and not xml_suffix:
        return "compact", None
    return "xml", parse(path).getroot()


_KINDS: dict[tuple[Path, int, Kind | None, Path], list[Schema]] = {}


def kinds_of(path: Path, hint: Kind | None = None) -> list[Schema]:
    """:func:`read_kinds`, read once per file version (a schema such as tei_all is
    declared by every document of an edition)."""
    key = (path.resolve(), path.stat().st_mtime_ns, hint, Path.cwd())
    if key not in _KINDS:
        _KINDS[key] = read_kinds(path, hint)
    return list(_KINDS[key])


def read_kinds(path: Path, hint: Kind | None = None) -> list[Schema]:
    """The schemas a local file provides, read from the file itself.

    A RELAX NG schema with embedded ``sch:`` rules provides two (the grammar, and its
    Schematron); ``hint`` keeps only that kind (an ``xml-model`` names one). Raises
    :class:`UsageError` for a file that is no schema this tool knows.
    """
    syntax, root = _sniff(path)
    name = display_path(path)
    found: list[Schema] = []
    if syntax == "compact":
        found.append(Schema(path, "relaxng", compact=True))
    else:
        assert root is not None
        ns = etree.QName(root).namespace
        if ns == RNG_NS:
            found.append(Schema(path, "relaxng"))
            if next(root.iter(f"{{{SCH_NS}}}pattern"), None) is not None:
                found.append(Schema(path, "schematron", embedded=True))
        elif ns == XSD_NS:
            found.append(Schema(path, "xsd"))
        elif ns in (SCH_NS, SCH15_NS):
            found.append(Schema(path, "schematron"))
        else:
            raise UsageError(
                Issue(
                    name,
                    rule="schema",
                    message="not a schema (RELAX NG, W3C XML Schema or ISO Schematron)",
                )
            )
    if hint is not None:
        found = [s for s in found if s.kind == hint]
    return found


def from_options(paths: list[Path]) -> list[Schema]:
    """The schemas of ``--schema`` options (every kind each file provides)."""
    out: list[Schema] = []
    for p in paths:
        if not p.is_file():
            raise UsageError(Issue(display_path(p), rule="io", message="schema file not found"))
        try:
            found = kinds_of(p)
        except UsageError:
            raise
        except TeiEditionError as exc:
            raise UsageError(exc.issues) from None
        out.extend(s for s in found if s not in out)
    return out


def _pseudo(pi: etree._ProcessingInstruction, key: str) -> str:
    value = pi.get(key)
    if value is None:
        return ""
    return (value.replace("&quot;", '"').replace("&apos;", "'").replace("&lt;", "<")).replace(
        "&amp;", "&"
    )


def _kind_of_model(pi: etree._ProcessingInstruction, href: str) -> Kind | None:
    typens = _pseudo(pi, "schematypens").strip()
    if typens == RNG_NS:
        return "relaxng"
    if typens in (SCH_NS, SCH15_NS):
        return "schematron"
    if typens == XSD_NS:
        return "xsd"
    if typens:
        return None
    kind_type = _pseudo(pi, "type").strip()
    if kind_type == RNC_TYPE:
        return "relaxng"
    suffix = Path(urlparse(href).path).suffix.lower()
    return {".rng": "relaxng", ".rnc": "relaxng", ".xsd": "xsd", ".sch": "schematron"}.get(suffix)


def locate(href: str, document: Path) -> Path | None:
    """The local file ``href`` (relative to ``document``) names, through the catalogs."""
    base = document.resolve().as_uri()
    absolute = urljoin(base, href)
    for uri in dict.fromkeys((href, absolute)):
        mapped = catalog.resolve(uri)
        if mapped is not None and mapped.is_file():
            return mapped
    parts = urlparse(absolute)
    if parts.scheme == "file":
        local = Path(url2pathname(unquote(parts.path)))
        return local if local.is_file() else None
    return None


def _unavailable(href: str, document: Path) -> str:
    parts = urlparse(href)
    if parts.scheme and parts.scheme != "file":
        return f"{href} is not in a catalog and is not fetched"
    return f"{href} does not exist"


def declared(tree: etree._ElementTree, document: Path, name: str) -> Choice:
    """The schemas ``tree`` (read from ``document``) declares, resolved on this machine."""
    root = tree.getroot()
    choice = Choice()
    models = [
        node
        for node in reversed(list(root.itersiblings(preceding=True)))
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model"
    ]
    wanted: list[tuple[str, Kind | None, int]] = []
    if models:
        choice.origin = "xml-model"
        wanted = [
            (_pseudo(pi, "href"), _kind_of_model(pi, _pseudo(pi, "href")), pi.sourceline or 0)
            for pi in models
        ]
    else:
        pairs = (root.get(f"{{{XSI_NS}}}schemaLocation") or "").split()
        hrefs = pairs[1::2] + (root.get(f"{{{XSI_NS}}}noNamespaceSchemaLocation") or "").split()
        if hrefs:
            choice.origin = "xsi"
            wanted = [(h, "xsd", root.sourceline or 0) for h in hrefs]
    for href, kind, line in wanted:
        if not href:
            choice.issues.append(_warning(name, line, "xml-model without an href is ignored"))
            continue
        if kind is None:
            choice.issues.append(
                _warning(name, line, f"schema {href}: unknown schema language, not checked")
            )
            continue
        local = locate(href, document)
        if local is None:
            warning = _warning(
                name, line, f"schema {_unavailable(href, document)}", "schema-unavailable"
            )
            choice.issues.append(warning)
            if kind != "schematron":
                choice.missing_grammars.append(warning)
            continue
        try:
            found = kinds_of(local, kind)
        except TeiEditionError as exc:
            reason = exc.issues[0].message if exc.issues else "unreadable"
            choice.issues.append(_warning(name, line, f"schema {href} is not usable: {reason}"))
            continue
        if not found:
            choice.issues.append(
                _warning(name, line, f"schema {href} holds no {kind} schema, not checked")
            )
        choice.schemas.extend(replace(s, line=line) for s in found if s not in choice.schemas)
    return choice


def _warning(name: str, line: int, message: str, rule: str = "schema") -> Issue:
    return Issue(name, line, 1, severity="warning", source="schema", rule=rule, message=message)


def with_fallback(choice: Choice, name: str) -> Choice:
    """Add tei_all when ``choice`` holds no grammar; say so where declarations failed."""
    if any(s.grammar for s in choice.schemas):
        return choice
    choice.schemas.insert(0, Schema(tei_all(), "relaxng"))
    if choice.origin != "default":
        choice.issues = [
            Issue(
                i.file,
                i.line,
                i.column,
                i.severity,
                i.source,
                i.rule,
                i.message + f"; checked against {TEI_ALL} instead",
            )
            if i in choice.missing_grammars
            else i
            for i in choice.issues
        ]
    return choice
