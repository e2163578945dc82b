"""The one way tei-edition reads XML: safely.

No DTD is loaded, no entity is expanded, nothing is fetched from the network,
input size and nesting depth are bounded, and XInclude is done only when asked
and only for files inside the including document's folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree

from tei_edition import TEI_NS
from tei_edition.issues import Issue, TeiEditionError, UsageError

MAX_BYTES = 64 * 1024 * 1024
"""Largest file tei-edition will parse (64 MiB)."""

MAX_DEPTH = 256
"""Deepest element nesting accepted (libxml2's own limit without XML_PARSE_HUGE)."""

XINCLUDE_NS = "http://www.w3.org/2001/XInclude"


def _parser(*, recover: bool = False) -> etree.XMLParser:
    # collect_ids stays True: with collect_ids=False lxml asks libxml2 to skip IDs
    # through the same flags that make it load the external DTD subset.
    return etree.XMLParser(
        recover=recover,
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
        remove_comments=False,
        collect_ids=True,
    )


def display_path(path: Path | str) -> str:
    """A path as the user gave it, relative to the working folder where possible."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def read_bytes(path: Path | str) -> bytes:
    """Read a file for parsing, with one clear error for each way that can fail."""
    p = Path(path)
    name = display_path(p)
    if not p.exists():
        raise UsageError(Issue(name, rule="io", message="no such file"))
    if p.is_dir():
        raise UsageError(Issue(name, rule="io", message="is a directory, not a file"))
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise TeiEditionError(
                Issue(name, rule="size", message=f"file is larger than {MAX_BYTES} bytes")
            )
        data = p.read_bytes()
    except PermissionError:
        raise UsageError(Issue(name, rule="io", message="permission denied")) from None
    except OSError as exc:
        raise UsageError(Issue(name, rule="io", message=exc.strerror or str(exc))) from None
    if not data.strip():
        raise TeiEditionError(Issue(name, 1, 1, rule="well-formed", message="file is empty"))
    return data


_PARSER_LIMITS = (
    # (part of libxml2's message, rule, clearer message)
    (
        "entity amplification",
        "entity",
        "entity declarations are not allowed (entity expansion exceeds the safety limit)",
    ),
    ("Detected an entity reference loop", "entity", "entity declarations are not allowed"),
    ("Excessive depth in document", "depth", f"elements are nested more than {MAX_DEPTH} deep"),
)

_DUPLICATE_ID = re.compile(r"^ID (\S+) already defined")


def _syntax_issue(name: str, exc: etree.XMLSyntaxError) -> Issue:
    line, column = exc.position if exc.position else (0, 0)
    msg = exc.msg or str(exc)
    # lxml repeats the position in the message: keep only the description.
    msg = msg.split(", line ")[0].strip()
    rule = "well-formed"
    for needle, limit_rule, clear in _PARSER_LIMITS:
        if needle in msg:
            rule, msg = limit_rule, clear
            break
    duplicate = _DUPLICATE_ID.match(msg)
    if duplicate:
        rule, msg = "id-unique", f'xml:id "{duplicate.group(1)}" is used more than once'
    return Issue(
        name,
        line or 0,
        (column or 0) + (1 if column is not None else 0),
        rule=rule,
        message=msg,
    )


def parse_bytes(
    data: bytes,
    name: str = "<input>",
    base_url: str | None = None,
    *,
    allow_duplicate_ids: bool = False,
) -> etree._ElementTree:
    """Parse bytes safely; raise :class:`TeiEditionError` with one issue on failure.

    With ``allow_duplicate_ids=True`` a repeated ``xml:id`` is not a parse error (a
    validator reports it itself, at every place it occurs); any other error still is.
    """
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser(), base_url=base_url))
    except etree.XMLSyntaxError as exc:
        if not (allow_duplicate_ids and _DUPLICATE_ID.match(exc.msg or "")):
            raise TeiEditionError(_syntax_issue(name, exc)) from None
        tree = _parse_with_duplicate_ids(data, name, base_url)
    _check_no_entities(tree, name, data)
    _check_depth(tree, name)
    return tree


def _parse_with_duplicate_ids(data: bytes, name: str, base_url: str | None) -> etree._ElementTree:
    """Parse a document whose only errors are repeated xml:id values."""
    parser = _parser(recover=True)
    root = etree.fromstring(data, parser, base_url=base_url)
    for entry in parser.error_log:
        if entry.level >= etree.ErrorLevels.ERROR and not _DUPLICATE_ID.match(entry.message):
            line, column = entry.line, entry.column
            issue = _syntax_issue(
                name, etree.XMLSyntaxError(entry.message, entry.type, line, column)
            )
            raise TeiEditionError(issue)
    if root is None:  # pragma: no cover - recover mode returns a tree for any document
        raise TeiEditionError(Issue(name, 1, 1, rule="well-formed", message="no root element"))
    return etree.ElementTree(root)


def _position(data: bytes, needle: bytes) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` in ``data`` (1, 1 if absent)."""
    index = data.find(needle)
    if index < 0:
        return 1, 1
    return data.count(b"\n", 0, index) + 1, index - (data.rfind(b"\n", 0, index) + 1) + 1


def _check_no_entities(tree: etree._ElementTree, name: str, data: bytes = b"") -> None:
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        line, column = _position(data, b"<!ENTITY")
        raise TeiEditionError(
            Issue(
                name,
                line,
                column,
                rule="entity",
                message="entity declarations are not allowed (entities are never expanded)",
            )
        )
    for node in tree.iter(etree.Entity):
        raise TeiEditionError(
            Issue(
                name,
                node.sourceline or 0,
                1,
                rule="entity",
                message=f"undeclared or external entity reference &{node.name}; is not allowed",
            )
        )


def _check_depth(tree: etree._ElementTree, name: str) -> None:
    root = tree.getroot()
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TeiEditionError(
                Issue(
                    name,
                    el.sourceline or 0,
                    1,
                    rule="depth",
                    message=f"elements are nested more than {MAX_DEPTH} deep",
                )
            )
        stack.extend((child, depth + 1) for child in el)


def parse(path: Path | str, *, xinclude: bool = False) -> etree._ElementTree:
    """Parse an XML file safely.

    With ``xinclude=True``, ``xi:include`` elements are resolved, but only those that
    point at files inside the including document's folder.
    """
    p = Path(path)
    name = display_path(p)
    data = read_bytes(p)
    tree = parse_bytes(data, name, base_url=p.resolve().as_uri())
    if xinclude:
        _xinclude(tree, p, name)
    return tree


def _xinclude(tree: etree._ElementTree, path: Path, name: str) -> None:
    base = path.resolve().parent
    problems: list[Issue] = []
    for inc in tree.iter(f"{{{XINCLUDE_NS}}}include"):
        href = inc.get("href", "")
        line = inc.sourceline or 0
        if urlparse(href).scheme:
            problems.append(
                Issue(
                    name,
                    line,
                    1,
                    rule="xinclude",
                    message=f"XInclude of a URL is not allowed: {href}",
                )
            )
            continue
        target = (base / href).resolve()
        if os.path.commonpath([base, target]) != str(base):
            problems.append(
                Issue(
                    name,
                    line,
                    1,
                    rule="xinclude",
                    message=f"XInclude outside the edition's folder: {href}",
                )
            )
        elif not target.is_file():
            problems.append(
                Issue(name, line, 1, rule="xinclude", message=f"XInclude target not found: {href}")
            )
    if problems:
        raise TeiEditionError(problems)
    try:
        tree.xinclude()
    except etree.XIncludeError as exc:
        raise TeiEditionError(Issue(name, 0, 0, rule="xinclude", message=str(exc))) from None
    _check_no_entities(tree, name)


def require_tei(tree: etree._ElementTree, name: str) -> None:
    """Raise unless the root element is ``TEI`` (or ``teiCorpus``) in the TEI namespace."""
    root = tree.getroot()
    qname = etree.QName(root)
    if qname.namespace != TEI_NS or qname.localname not in ("TEI", "teiCorpus"):
        where = f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname
        if not qname.namespace and qname.localname in ("TEI", "teiCorpus"):
            where += " in no namespace"
        raise TeiEditionError(
            Issue(
                name,
                root.sourceline or 0,
                1,
                rule="tei-root",
                message=f"root element is {where}, expected TEI in the TEI namespace ({TEI_NS})",
            )
        )


def parse_tei(path: Path | str, *, xinclude: bool = False) -> etree._ElementTree:
    """Parse a TEI file safely and check its root element."""
    tree = parse(path, xinclude=xinclude)
    require_tei(tree, display_path(path))
    return tree
