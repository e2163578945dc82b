"""What a schema may bring in, checked before any validator reads it.

A RELAX NG schema includes other files (``include``, ``externalRef``; in the compact
syntax ``include "…"`` and ``external "…"``), and Jing or libxml2 reads each one as
readily from a URL as from a file; Jing also loads the DTD a schema's DOCTYPE names. An
edition someone else prepared must not make tei-edition read files from outside it or
send anything over the network, so every file a RELAX NG schema brings in is read here
first, with the safe parser, and the schema is refused, in one line naming the
reference, when one of them

- is a URL (``http:``, ``https:``, ``ftp:``, anything but a local file),
- is a file outside the schema's own folder (and the folders below it), or
- declares a DTD by a public or system identifier.

:func:`xsd_files` applies the same rule to a W3C XML Schema (``xs:include``,
``xs:import``, ``xs:redefine``, ``xs:override``), and :func:`xsd_resolver` makes libxml2
read only the files it checked. :func:`local_target` is the same rule for Schematron's
``sch:include`` (see :mod:`tei_edition.validate.schematron`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse
from urllib.request import url2pathname

from lxml import etree

from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.read.xmlparse import display_path, parse_bytes, read_bytes, refuse_external_doctype

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
RULE = "include-refused"
"""The rule of every refused reference (a rule ending in ``-refused``, or ``doctype``, makes
a schema refused outright: an error, not a warning that it was not checked)."""
MAX_FILES = 1000
"""Most files one schema may bring in, at all levels together."""

_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_RNG_REFERENCES = {f"{{{RNG_NS}}}include": "include", f"{{{RNG_NS}}}externalRef": "externalRef"}
_XSD_REFERENCES = {
    f"{{{XSD_NS}}}{kind}": f"xs:{kind}" for kind in ("include", "import", "redefine", "override")
}


def local_target(href: str, base: str, home: Path, what: str) -> Path | str:
    """The local file ``href`` (relative to the URI ``base``) names, or why it may not be
    read: it is a URL, or a file outside ``home``. ``what`` names the reference in the
    reason (``RELAX NG include``)."""
    href = href.strip()
    absolute = urljoin(base, href)
    parts = urlparse(absolute)
    local = parts.scheme == "file" and parts.netloc in ("", "localhost")
    if not local or _opaque(href) or _opaque(base):
        shown = href if absolute == href else f"{href} ({absolute})"
        return f"{what} of a URL is not allowed: {shown}"
    target = Path(url2pathname(unquote(parts.path))).resolve()
    if not target.is_relative_to(home):
        return f"{what} outside the schema's folder is not allowed: {href}"
    return target


def _opaque(reference: str) -> bool:
    """Whether a reference has a scheme but no absolute path after it (``file:x.rng``):
    Java opens such a file: URL relative to the working folder, not to the schema."""
    scheme = urlparse(reference).scheme
    return bool(scheme) and not reference[len(scheme) + 1 :].startswith("/")


def home_of(schema: Path) -> Path:
    """The folder a schema may bring files in from: its own (and those below it)."""
    return schema.resolve().parent


@dataclass
class _Walk:
    home: Path
    seen: set[tuple[Path, bool]] = field(default_factory=set)
    read: list[tuple[Path, int]] = field(default_factory=list)


_CHECKED: dict[tuple[Path, bool, Path], tuple[tuple[tuple[Path, int], ...], list[Issue]]] = {}
"""(schema, compact, working folder) -> the files read and their times, and the refusal."""


def check_relaxng(schema: Path | str, compact: bool = False) -> None:
    """Refuse ``schema`` (XML or compact syntax) if it, or any file it brings in at any
    depth, names a URL, a file outside the schema's folder, or an external DTD.

    Raises :class:`TeiEditionError` with one issue, at the reference (rule
    ``include-refused``) or at the DOCTYPE (rule ``doctype``). Files that do not exist
    are left to the validator to report. The answer is kept while no file read has
    changed.
    """
    top = Path(schema).resolve()
    key = (top, compact, Path.cwd())  # messages name files relative to the working folder
    known = _CHECKED.get(key)
    if known is None or any(_mtime(p) != m for p, m in known[0]):
        walk = _Walk(home_of(top))
        issues: list[Issue] = []
        try:
            _check_file(top, compact, walk)
        except TeiEditionError as exc:
            issues = exc.issues
        known = _CHECKED[key] = (tuple(walk.read), issues)
    if known[1]:
        raise TeiEditionError(known[1])


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def _check_file(path: Path, compact: bool, walk: _Walk) -> None:
    stack = [(path, compact)]
    while stack:
        current, is_compact = stack.pop()
        if (current, is_compact) in walk.seen:
            continue
        walk.seen.add((current, is_compact))
        if len(walk.seen) > MAX_FILES:
            raise TeiEditionError(
                Issue(
                    display_path(path),
                    rule=RULE,
                    message=f"the schema brings in more than {MAX_FILES} files",
                )
            )
        walk.read.append((current, _mtime(current)))
        if not current.exists():
            continue  # the validator says so
        name = display_path(current)
        try:
            data = read_bytes(current)
        except UsageError as exc:  # not a regular file, or unreadable
            raise TeiEditionError(exc.issues) from None
        if is_compact:
            references = compact_references(_decode(data), current.as_uri())
            what = "RELAX NG compact"
        else:
            references = _xml_references(data, name, current)
            what = "RELAX NG"
        for href, base, kind, line, column in references:
            target = local_target(href, base, walk.home, f"{what} {kind}")
            if isinstance(target, str):
                raise TeiEditionError(Issue(name, line, column, rule=RULE, message=target))
            stack.append((target, is_compact))


_MAYBE_REFERENCE = re.compile(rb"<(?:[^\s<>/:=\"']+:)?(?:include|externalRef)[\s/>]|<!DOCTYPE")
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)")


def _plainly_without_references(data: bytes) -> bool:
    """Whether the bytes of a UTF-8 schema show no DOCTYPE and no include or externalRef
    start tag (whatever its prefix): then it has none, and need not be parsed here (tei_all
    takes 60 ms). Any other encoding is parsed."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    declared = _DECLARED_ENCODING.match(data)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8", b"us-ascii"):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return data.startswith(b"<") and _MAYBE_REFERENCE.search(data) is None


def _xml_references(data: bytes, name: str, path: Path) -> list[tuple[str, str, str, int, int]]:
    """(href, base URI, element, line, column) of every include and externalRef; the base
    is the element's (the file's URI, or an ``xml:base`` in force)."""
    if _plainly_without_references(data):
        return []
    tree = parse_bytes(data, name, base_url=path.as_uri())
    refuse_external_doctype(tree, name, data)
    return _references(tree, path, _RNG_REFERENCES, "href", data)


def _references(
    tree: etree._ElementTree, path: Path, kinds: dict[str, str], attribute: str, data: bytes
) -> list[tuple[str, str, str, int, int]]:
    """(href, base URI, what, line, column) of every element of ``kinds`` that names a
    file in ``attribute``; the base is the element's (the file's URI, or an ``xml:base``
    in force), and the column that of its start tag."""
    lines = data.decode("utf-8", "replace").splitlines() if data else []
    found = []
    for el in tree.iter(*kinds):
        href = el.get(attribute) or ""
        if not href.strip():
            continue  # no href: the validator says the schema is unusable
        base = el.base or path.as_uri()
        # an opaque xml:base on the way is refused as a base of its own
        for node in (el, *el.iterancestors()):
            given = (node.get(_XML_BASE) or "").strip()
            if _opaque(given):
                base = given
        line = el.sourceline or 0
        found.append((href, base, kinds[el.tag], line, _tag_column(el, line, lines)))
    return found


def _tag_column(el: etree._Element, line: int, lines: list[str]) -> int:
    """The 1-based column of ``el``'s start tag on ``line`` when it is the only tag of its
    name there (the column is then certain), else 1."""
    if not 0 < line <= len(lines):
        return 1
    local = etree.QName(el).localname
    name = f"{el.prefix}:{local}" if el.prefix else local
    hits = [m.start() for m in re.finditer(rf"<{re.escape(name)}(?=[\s/>])", lines[line - 1])]
    return hits[0] + 1 if len(hits) == 1 else 1


# -- W3C XML Schema --------------------------------------------------------------------------

_XSD_CHECKED: dict[tuple[Path, Path], tuple[tuple[tuple[Path, int], ...], dict[Path, bytes]]] = {}
"""(schema, working folder) -> the files read and their times, and their bytes."""


def xsd_files(schema: Path | str) -> dict[Path, bytes]:
    """Every file a W3C XML Schema is made of: itself and what its ``xs:include``,
    ``xs:import``, ``xs:redefine`` and ``xs:override`` bring in at any depth (``xml:base``
    followed), each read here with the safe parser: resolved path -> bytes.

    Raises :class:`TeiEditionError` with one issue when one of them names a URL or a file
    outside the schema's folder (rule ``include-refused``), declares an external DTD (rule
    ``doctype``), or names a file that does not exist (rule ``schema``). An ``xs:import``
    without a ``schemaLocation`` reads nothing. The answer is kept while no file read has
    changed.
    """
    top = Path(schema).resolve()
    key = (top, Path.cwd())
    known = _XSD_CHECKED.get(key)
    if known is not None and all(_mtime(p) == m for p, m in known[0]):
        return dict(known[1])
    home = home_of(top)
    files: dict[Path, bytes] = {}
    read: list[tuple[Path, int]] = []
    stack = [(top, "", 0, 0, "")]
    while stack:
        current, referrer, line, column, href = stack.pop()
        if current in files:
            continue
        if len(files) >= MAX_FILES:
            raise TeiEditionError(
                Issue(
                    display_path(top),
                    rule=RULE,
                    message=f"the schema brings in more than {MAX_FILES} files",
                )
            )
        read.append((current, _mtime(current)))
        if referrer and not current.is_file():
            raise TeiEditionError(
                Issue(referrer, line, column, rule="schema", message=f"no such file: {href}")
            )
        name = display_path(current)
        try:
            data = read_bytes(current)
        except UsageError as exc:  # not a regular file, or unreadable
            raise TeiEditionError(exc.issues) from None
        tree = parse_bytes(data, name, base_url=current.as_uri())
        refuse_external_doctype(tree, name, data)
        files[current] = data
        for href, base, kind, line, column in _references(
            tree, current, _XSD_REFERENCES, "schemaLocation", data
        ):
            target = local_target(href, base, home, kind)
            if isinstance(target, str):
                raise TeiEditionError(Issue(name, line, column, rule=RULE, message=target))
            stack.append((target, name, line, column, href))
    _XSD_CHECKED[key] = (tuple(read), files)
    return dict(files)


class _CheckedFiles(etree.Resolver):
    """Gives libxml2 the bytes of the files :func:`xsd_files` read, and a document that
    is no schema for anything else: it never opens a file or a URL itself."""

    def __init__(self, files: dict[Path, bytes]) -> None:
        super().__init__()
        self.files = files

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> object:
        data = self.files.get(_local_path(system_url or ""))  # type: ignore[arg-type]
        if data is None:
            return self.resolve_string(b"<not-read-by-tei-edition/>", context)
        return self.resolve_string(data, context, base_url=system_url)


def _local_path(url: str) -> Path | None:
    parts = urlparse(url)
    if parts.scheme == "file" and parts.netloc in ("", "localhost"):
        return Path(url2pathname(unquote(parts.path))).resolve()
    if not parts.scheme and url:
        return Path(unquote(url)).resolve()
    return None


def xsd_tree(schema: Path | str) -> etree._ElementTree:
    """The W3C XML Schema at ``schema`` as a tree to compile with ``etree.XMLSchema``:
    read with the safe parser once :func:`xsd_files` has checked every file it brings in,
    and through a parser whose resolver hands libxml2 only those files' bytes (read here,
    before the check), so that compiling it opens no file and no URL of its own. Raises
    :class:`TeiEditionError` as :func:`xsd_files` does."""
    top = Path(schema).resolve()
    files = xsd_files(top)
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    parser.resolvers.add(_CheckedFiles(files))
    root = etree.fromstring(files[top], parser, base_url=top.as_uri())
    return etree.ElementTree(root)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8-sig", "replace")


# -- the compact syntax ----------------------------------------------------------------

_ESCAPE = re.compile(r"\\x+\{([0-9A-Fa-f]{1,8})\}")
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<literal>\"\"\"(?:(?!\"\"\").)*\"\"\"|'''(?:(?!''').)*'''|"[^"\n]*"|'[^'\n]*')
  | (?P<name>\\?[^\W\d][\w.\-]*(?::(?:[^\W\d][\w.\-]*|\*))?)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def _unescape(text: str) -> str:
    """The text with its ``\\x{…}`` escapes replaced (the compact syntax reads them first,
    everywhere, even in keywords)."""

    def one(m: re.Match[str]) -> str:
        code = int(m.group(1), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _ESCAPE.sub(one, text)


def compact_references(text: str, base: str = "") -> list[tuple[str, str, str, int, int]]:
    """Every ``include "…"`` and ``external "…"`` of a compact-syntax schema:
    (href, ``base``, keyword, line, column). Literals joined by ``~`` are one href."""
    text = _unescape(text)
    tokens = [
        (m.lastgroup, m.group(), m.start())
        for m in _TOKEN.finditer(text)
        if m.lastgroup not in ("space", "comment")
    ]
    found: list[tuple[str, str, str, int, int]] = []
    for i, (kind, value, start) in enumerate(tokens):
        if kind != "name" or value not in ("include", "external"):
            continue
        j = i + 1
        parts: list[str] = []
        while j < len(tokens) and tokens[j][0] == "literal":
            literal = tokens[j][1]
            quote = 3 if literal[:3] in ('"""', "'''") else 1
            parts.append(literal[quote:-quote])
            if j + 2 < len(tokens) and tokens[j + 1][1] == "~":
                j += 2
            else:
                break
        if parts:
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            found.append(("".join(parts), base, value, line, column))
    return found
