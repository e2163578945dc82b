"""The one way tei-edition reads XML: safely.

No DTD is loaded, no entity is expanded, nothing is fetched from the network,
only regular files are read (never a device or a named pipe), input size and
nesting depth are bounded, and XInclude is done only when asked and only for
files inside the including document's folder, at every level of nesting.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlparse

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
    """Read a file for parsing, with one clear error for each way that can fail.

    Only regular files are read (a device, a named pipe or a socket is refused before it
    is opened), and never more than :data:`MAX_BYTES` + 1 bytes of them.
    """
    data = _read_regular_file(Path(path))
    if not data.strip():
        raise TeiEditionError(
            Issue(display_path(path), 1, 1, rule="well-formed", message="file is empty")
        )
    return data


def _read_regular_file(p: Path) -> bytes:
    name = display_path(p)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise UsageError(Issue(name, rule="io", message="no such file")) from None
    except PermissionError:
        raise UsageError(Issue(name, rule="io", message="permission denied")) from None
    except OSError as exc:
        raise UsageError(Issue(name, rule="io", message=exc.strerror or str(exc))) from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(Issue(name, rule="io", message="is a directory, not a file"))
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(Issue(name, rule="io", message="not a regular file"))
    too_big = TeiEditionError(
        Issue(name, rule="size", message=f"file is larger than {MAX_BYTES} bytes")
    )
    if info.st_size > MAX_BYTES:
        raise too_big
    try:
        # O_NONBLOCK: should the path have become a named pipe since the stat, opening it
        # does not wait for a writer; the fstat below then refuses it.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise UsageError(Issue(name, rule="io", message="not a regular file"))
            # as much as the stat says, and one byte more: a read of MAX_BYTES + 1 at once
            # would set aside that much memory for any file
            data = fh.read(min(info.st_size, MAX_BYTES) + 1)
            if len(data) > info.st_size:  # it grew since the stat: read on to the limit
                data += fh.read(MAX_BYTES + 1 - len(data))
    except PermissionError:
        raise UsageError(Issue(name, rule="io", message="permission denied")) from None
    except OSError as exc:
        raise UsageError(Issue(name, rule="io", message=exc.strerror or str(exc))) from None
    if len(data) > MAX_BYTES:  # it grew since the stat
        raise too_big
    return data


ENTITIES_REFUSED = "entity declarations are not allowed"
"""The one message for a document that declares entities (nothing is ever expanded)."""

_PARSER_LIMITS = (
    # (part of libxml2's message, rule, clearer message)
    ("entity amplification", "entity", f"{ENTITIES_REFUSED} (entity expansion limit exceeded)"),
    ("Detected an entity reference loop", "entity", f"{ENTITIES_REFUSED} (entity reference loop)"),
    ("Excessive depth in document", "depth", f"elements are nested more than {MAX_DEPTH} deep"),
)

_DUPLICATE_ID = re.compile(r"^ID (\S+) already defined")


def _syntax_issue(name: str, exc: etree.XMLSyntaxError, data: bytes = b"") -> Issue:
    line, column = exc.position if exc.position else (0, 0)
    line, column = line or 0, (column or 0) + (1 if column is not None else 0)
    msg = exc.msg or str(exc)
    # lxml repeats the position in the message: keep only the description.
    msg = msg.split(", line ")[0].strip()
    rule = "well-formed"
    for needle, limit_rule, clear in _PARSER_LIMITS:
        if needle in msg:
            rule, msg = limit_rule, clear
            break
    if rule == "entity":  # libxml2 stops where expansion failed: point at the declarations
        line, column = _entity_declaration(data) or (line, column)
    duplicate = _DUPLICATE_ID.match(msg)
    if duplicate:
        rule, msg = "id-unique", f'xml:id "{duplicate.group(1)}" is used more than once'
    return Issue(name, line, column, rule=rule, message=msg)


EXAMPLES_NS = "http://www.tei-c.org/ns/Examples"
EGXML = f"{{{EXAMPLES_NS}}}egXML"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def in_example(el: etree._Element) -> bool:
    """Whether ``el`` is inside (or is) an ``egXML`` example, whose ids are not the document's."""
    return el.tag == EGXML or any(a.tag == EGXML for a in el.iterancestors())


def duplicate_ids(tree: etree._ElementTree) -> list[tuple[str, etree._Element]]:
    """Every repeated ``xml:id`` outside ``egXML`` examples: (id, element) for each
    occurrence after the first, in document order."""
    seen: set[str] = set()
    repeated: list[tuple[str, etree._Element]] = []
    for el in tree.iter(etree.Element):
        value = el.get(XML_ID)
        if value is None or in_example(el):
            continue
        if value in seen:
            repeated.append((value, el))
        seen.add(value)
    return repeated


def parse_bytes(
    data: bytes,
    name: str = "<input>",
    base_url: str | None = None,
    *,
    allow_duplicate_ids: bool = False,
) -> etree._ElementTree:
    """Parse bytes safely; raise :class:`TeiEditionError` with one issue on failure.

    An ``xml:id`` repeated inside ``egXML`` examples is never an error (the examples
    are other documents). A repeated ``xml:id`` elsewhere is refused, at its second
    occurrence, unless ``allow_duplicate_ids=True`` (a validator then reports it
    itself, at every place it occurs); any other error always is.
    """
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser(), base_url=base_url))
    except etree.XMLSyntaxError as exc:
        if not _DUPLICATE_ID.match(exc.msg or ""):
            raise TeiEditionError(_syntax_issue(name, exc, data)) from None
        tree = _parse_with_duplicate_ids(data, name, base_url)
        repeated = duplicate_ids(tree)
        if repeated and not allow_duplicate_ids:
            value, el = repeated[0]
            raise TeiEditionError(
                Issue(
                    name,
                    el.sourceline or 0,
                    1,
                    rule="id-unique",
                    message=f'xml:id "{value}" is used more than once',
                )
            ) from None
    _check_no_entities(tree, name, data)
    _check_depth(tree, name)
    return tree


def _parse_with_duplicate_ids(data: bytes, name: str, base_url: str | None) -> etree._ElementTree:
    """Parse a document whose only errors are repeated xml:id values.

    libxml2 registers every ``xml:id`` as an ID while it parses and calls a repeat an
    error; in recover mode it still builds the whole tree, and any other error is
    raised as usual. (``collect_ids=False`` would avoid the error, but lxml implements
    it with the flag that also makes libxml2 load an external DTD subset.)
    """
    parser = _parser(recover=True)
    root = etree.fromstring(data, parser, base_url=base_url)
    for entry in parser.error_log:
        if entry.level >= etree.ErrorLevels.ERROR and not _DUPLICATE_ID.match(entry.message):
            line, column = entry.line, entry.column
            issue = _syntax_issue(
                name, etree.XMLSyntaxError(entry.message, entry.type, line, column), data
            )
            raise TeiEditionError(issue)
    if root is None:  # pragma: no cover - recover mode returns a tree for any document
        raise TeiEditionError(Issue(name, 1, 1, rule="well-formed", message="no root element"))
    return etree.ElementTree(root)


def _position(data: bytes, needle: bytes, start: int = 0) -> tuple[int, int] | None:
    """1-based line and column of the first ``needle`` in ``data`` from ``start``, or None."""
    index = data.find(needle, start)
    if index < 0:
        return None
    return data.count(b"\n", 0, index) + 1, index - (data.rfind(b"\n", 0, index) + 1) + 1


def _entity_declaration(data: bytes) -> tuple[int, int] | None:
    """Where the first ``<!ENTITY`` of the document type declaration stands, if anywhere."""
    doctype = data.find(b"<!DOCTYPE")
    return _position(data, b"<!ENTITY", doctype) if doctype >= 0 else None


def _check_no_entities(tree: etree._ElementTree, name: str, data: bytes = b"") -> None:
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        line, column = _entity_declaration(data) or (0, 0)
        raise TeiEditionError(Issue(name, line, column, rule="entity", message=ENTITIES_REFUSED))
    for node in tree.iter(etree.Entity):
        reference = f"&{node.name};".encode()
        line, column = _position(data, reference) or (node.sourceline or 0, 0)
        raise TeiEditionError(
            Issue(
                name,
                line,
                column,
                rule="entity",
                message=f"undeclared or external entity reference &{node.name}; is not allowed",
            )
        )


_TOO_DEEP = etree.XPath("/*" * (MAX_DEPTH + 1) + "[1]")
"""The first element nested deeper than MAX_DEPTH (one step per level, so libxml2 visits
each element once)."""


def _check_depth(tree: etree._ElementTree, name: str) -> None:
    found = _TOO_DEEP(tree)
    if found:
        raise TeiEditionError(
            Issue(
                name,
                found[0].sourceline or 0,
                1,
                rule="depth",
                message=f"elements are nested more than {MAX_DEPTH} deep",
            )
        )


def refuse_external_doctype(tree: etree._ElementTree, name: str, data: bytes = b"") -> None:
    """Refuse a document type declaration that names an external DTD (a public or system
    identifier). tei-edition never loads one; a schema, a Schematron or a register that
    declares one is refused outright, so that no other program given the file loads it."""
    info = tree.docinfo
    public, system = info.public_id, info.system_url
    if not public and not system:
        return
    line, column = _position(data, b"<!DOCTYPE") or (1, 1)
    named = system or public
    raise TeiEditionError(
        Issue(
            name,
            line,
            column,
            rule="doctype",
            message=f"a document type declaration naming an external DTD ({named}) is not allowed",
        )
    )


def parse(
    path: Path | str, *, xinclude: bool = False, unresolved: list[Issue] | None = None
) -> etree._ElementTree:
    """Parse an XML file safely.

    With ``xinclude=True``, ``xi:include`` elements are resolved (``parse="xml"`` or
    ``parse="text"``, no ``xpointer``), but only those that point at files inside the
    including document's folder, at every level of nesting. An include that may not be
    read (remote, outside the folder, missing) gives its ``xi:fallback``; without one it
    is an error, or, where ``unresolved`` is a list, a warning added to it and the include
    left in place (the other includes are still resolved).
    """
    p = Path(path)
    name = display_path(p)
    data = read_bytes(p)
    tree = parse_bytes(data, name, base_url=p.resolve().as_uri())
    if xinclude:
        _xinclude(tree, p, name, len(data), unresolved)
    return tree


MAX_XINCLUDE_DEPTH = 16
"""Deepest nesting of XIncludes (a file included by a file included by ...)."""

MAX_XINCLUDES = 1000
"""Most XIncludes resolved for one document, at all levels together."""

XINCLUDE = f"{{{XINCLUDE_NS}}}include"


@dataclass
class _Inclusion:
    folder: Path  # nothing outside it may be included
    count: int = 0
    size: int = 0
    unresolved: list[Issue] | None = None  # warnings instead of errors, where a list


def _xinclude(
    tree: etree._ElementTree,
    path: Path,
    name: str,
    size: int = 0,
    unresolved: list[Issue] | None = None,
) -> None:
    """Resolve the XIncludes of ``tree`` (read from ``path``) in place.

    Each document's includes are checked before any is read, and the documents they
    bring in are checked the same way before their own includes are resolved: nothing
    outside the first document's folder is ever read, however deep the nesting. The
    included elements keep their own source lines; no ``xml:base`` is added.
    """
    start = path.resolve()
    state = _Inclusion(start.parent, size=size, unresolved=unresolved)
    _resolve_includes(tree.getroot(), start, name, state, (start,))
    _check_depth(tree, name)


def _resolve_includes(
    root: etree._Element, path: Path, name: str, state: _Inclusion, chain: tuple[Path, ...]
) -> None:
    if root.tag == XINCLUDE:
        raise TeiEditionError(
            Issue(
                name,
                root.sourceline or 0,
                1,
                rule="xinclude",
                message="the root element is an XInclude",
            )
        )
    includes = [
        inc
        for inc in root.iter(XINCLUDE)
        if not any(etree.QName(a).namespace == XINCLUDE_NS for a in inc.iterancestors())
    ]
    targets: list[tuple[etree._Element, Path, str]] = []
    problems: list[Issue] = []
    for inc in includes:
        found = _include_target(inc, path, name, state.folder)
        fallback = inc.find(f"{{{XINCLUDE_NS}}}fallback")
        if isinstance(found, Issue) and fallback is not None:
            # a resource that may not or cannot be read: the include's fallback stands in
            _replace_with_fallback(inc, fallback)
        elif isinstance(found, Issue):
            problems.append(found)
        else:
            targets.append((inc, found, inc.get("parse", "xml")))
    if problems and state.unresolved is not None:
        state.unresolved.extend(
            replace(p, severity="warning", message=p.message + " (left out)") for p in problems
        )
    elif problems:
        raise TeiEditionError(problems)
    for inc, target, mode in targets:

        def problem(message: str, inc: etree._Element = inc) -> TeiEditionError:
            return TeiEditionError(
                Issue(name, inc.sourceline or 0, 1, rule="xinclude", message=message)
            )

        href = inc.get("href", "")
        state.count += 1
        if state.count > MAX_XINCLUDES:
            raise problem(f"more than {MAX_XINCLUDES} XIncludes")
        if target in chain:
            raise problem(f"XInclude loop: {href} includes itself")
        data = _read_regular_file(target)
        state.size += len(data)
        if state.size > MAX_BYTES:
            raise problem(f"the included files together are larger than {MAX_BYTES} bytes")
        if mode == "text":
            encoding = inc.get("encoding") or "utf-8"
            try:
                text = data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                raise problem(f"XInclude text is not in the encoding {encoding}: {href}") from None
            _replace_with_text(inc, text)
            continue
        if len(chain) >= MAX_XINCLUDE_DEPTH:
            raise problem(f"XIncludes are nested more than {MAX_XINCLUDE_DEPTH} deep")
        target_name = display_path(target)
        if not data.strip():
            raise TeiEditionError(
                Issue(target_name, 1, 1, rule="well-formed", message="file is empty")
            )
        included = parse_bytes(data, target_name, base_url=target.as_uri()).getroot()
        _resolve_includes(included, target, target_name, state, (*chain, target))
        included.tail = inc.tail
        parent = inc.getparent()
        assert parent is not None  # the root is never an include
        parent.replace(inc, included)


def _include_target(inc: etree._Element, path: Path, name: str, folder: Path) -> Path | Issue:
    """The file an ``xi:include`` may read, or the reason it may not."""
    href = inc.get("href", "")

    def refused(message: str) -> Issue:
        return Issue(name, inc.sourceline or 0, 1, rule="xinclude", message=message)

    if inc.get("parse", "xml") not in ("xml", "text"):
        return refused(f'XInclude parse="{inc.get("parse")}" is not xml or text: {href}')
    if inc.get("xpointer") is not None:
        return refused(f"XInclude with an xpointer is not supported: {href or '(no href)'}")
    if not href:
        return refused("XInclude without an href is not supported")
    parts = urlparse(href)
    if parts.scheme or parts.netloc:
        return refused(f"XInclude of a URL is not allowed: {href}")
    if parts.query or parts.fragment:
        return refused(f"XInclude href with a query or fragment is not allowed: {href}")
    target = (path.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(folder):
        return refused(f"XInclude outside the edition's folder: {href}")
    if not target.exists():
        return refused(f"XInclude target not found: {href}")
    if not target.is_file():
        return refused(f"XInclude target is not a regular file: {href}")
    return target


_UNWRAP = "{https://tei-edition.org/ns}unwrap"


def unwrap(el: etree._Element) -> None:
    """Replace ``el`` by its content: its text, children and tail stay in place (lxml's
    ``strip_tags``, applied to ``el`` alone)."""
    parent = el.getparent()
    assert parent is not None  # the root is never unwrapped
    el.tag = _UNWRAP
    etree.strip_tags(parent, _UNWRAP)


def _replace_with_fallback(inc: etree._Element, fallback: etree._Element) -> None:
    """Put the children of an ``xi:fallback`` (its text and elements) where ``inc`` was."""
    for child in list(inc):
        if child is not fallback:
            inc.remove(child)
    inc.text = fallback.tail = None
    unwrap(fallback)
    unwrap(inc)


def _replace_with_text(inc: etree._Element, text: str) -> None:
    parent = inc.getparent()
    assert parent is not None  # the root is never an include
    joined = text + (inc.tail or "")
    previous = inc.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(inc)


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


def parse_tei(
    path: Path | str, *, xinclude: bool = False, unresolved: list[Issue] | None = None
) -> etree._ElementTree:
    """Parse a TEI file safely and check its root element (``xinclude`` and
    ``unresolved`` as for :func:`parse`)."""
    tree = parse(path, xinclude=xinclude, unresolved=unresolved)
    require_tei(tree, display_path(path))
    return tree
