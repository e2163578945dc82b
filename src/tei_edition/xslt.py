"""Run the edition's XSLT 3.0 stylesheets with Saxon (saxonche).

The input is always read with :mod:`tei_edition.read.xmlparse` first and handed to Saxon
as a serialized tree, so Saxon never loads a DTD, expands an entity or fetches
anything; so is an edition's shared register (the ``registers`` parameter names it, and
it reaches the stylesheets as a tree, never as a URI they load). Saxon itself may read
only ``file:`` URIs (the package's stylesheets and their imports) and never the
network; a stylesheet that is not the package's own (a document's Schematron) runs in
a second processor, :func:`sealed_saxon`, where every URI scheme is closed. One Saxon
processor serves the package's stylesheets; each is compiled once (cached by path).
Parameters are typed from the stylesheet's own ``xsl:param/@as`` declarations: Python
``bool``/``int``/``str`` values (or strings from the command line) become
``xs:boolean``/``xs:integer``/``xs:string``.

All rendering decisions live in the stylesheets; this module only runs them.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import etree

from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.messages import catalog_bytes
from tei_edition.read.xmlparse import (
    MAX_DEPTH,
    display_path,
    parse,
    parse_bytes,
    read_bytes,
    refuse_external_doctype,
)
from tei_edition.resources import data_dir

XSL_NS = "http://www.w3.org/1999/XSL/Transform"

ParamValue = str | bool | int

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


@dataclass(frozen=True)
class Param:
    """One public stylesheet parameter (a top-level ``xsl:param`` without a prefix)."""

    name: str
    type: str  # "xs:string", "xs:boolean" or "xs:integer"
    default: str  # the XPath of @select, as written
    doc: str  # the XML comment just before the declaration

    def describe(self) -> str:
        return f"{self.name} ({self.type}, default {self.default}): {self.doc}"


_lock = threading.RLock()
_processor: Any = None
_sealed: Any = None
_compiled: dict[Path, Any] = {}

ALLOWED_PROTOCOLS = "http://saxon.sf.net/feature/allowedProtocols"
"""Saxon's setting for the URI schemes that doc(), unparsed-text(), collection(),
json-doc(), xsl:import and the like may read."""

MAX_ELEMENT_DEPTH = (
    "http://saxon.sf.net/feature/parserProperty?uri=http%3A//www.oracle.com/xml/jaxp/"
    "properties/maxElementDepth"
)
"""The nesting limit of Saxon's XML parser (100 by default): raised to the safe parser's
own limit, so that a document that parses there parses here (the checked tree is parsed
again by Saxon)."""


def _new_processor(protocols: str) -> Any:
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    processor.set_configuration_property(ALLOWED_PROTOCOLS, protocols)
    processor.set_configuration_property(MAX_ELEMENT_DEPTH, str(MAX_DEPTH + 1))
    return processor


def _saxon() -> Any:
    """The one Saxon processor of this process for the package's own stylesheets
    (created on first use): it reads ``file:`` URIs only (the stylesheets' imports),
    never the network."""
    global _processor
    if _processor is None:
        _processor = _new_processor("file")
    return _processor


def sealed_saxon() -> Any:
    """A second Saxon processor, with a configuration of its own in which every URI
    scheme is closed: for stylesheets that are not the package's own (a document's
    Schematron). Nothing run in it can read a file or reach the network; its inputs
    must be parsed by it (``parse_xml(xml_text=...)``)."""
    global _sealed
    with _lock:
        if _sealed is None:
            _sealed = _new_processor("")
        return _sealed


@contextmanager
def _captured_stderr() -> Iterator[list[str]]:
    """Collect what Saxon writes to the process's stderr (its error listing)."""
    lines: list[str] = []
    fd = 2  # Saxon writes to the process's stderr, whatever sys.stderr is
    sys.stderr.flush()
    saved = os.dup(fd)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), fd)
        try:
            yield lines
        finally:
            os.dup2(saved, fd)
            os.close(saved)
            tmp.seek(0)
            lines.extend(tmp.read().decode("utf-8", "replace").splitlines())


_LOCATION = re.compile(r"line (\d+)(?: column (\d+))? of (\S+?):?$")


def _error_issues(
    name: str,
    exc: Exception,
    listing: list[str],
    messages: list[str],
    base: Path | None = None,
) -> list[Issue]:
    """Turn a Saxon failure into issues: the stylesheet's own messages first, then each
    located error of Saxon's report (the exception text and what it printed)."""
    if messages:
        return [Issue(name, rule="xslt", message=m) for m in messages]
    lines = [line.rstrip() for line in str(exc).splitlines() + listing if line.strip()]
    issues: list[Issue] = []
    for i, raw in enumerate(lines):
        text = raw.strip()
        m = _LOCATION.search(text)
        if not m or not text.startswith(("Error", "Static error", "Type error", "Fatal")):
            continue
        detail = lines[i + 1].strip() if i + 1 < len(lines) else text
        where = m.group(3).removeprefix("file://")
        if where.endswith((".xsl", ".xslt")):
            local = Path(where)
            if not local.is_absolute() and base is not None and (base / local).is_file():
                local = base / local
            label = display_path(local)
        else:
            label = name
        issue = Issue(
            label,
            int(m.group(1)),
            int(m.group(2) or 0),
            rule="xslt",
            message=" ".join(detail.split()),
        )
        if issue not in issues:
            issues.append(issue)
    if issues:
        return issues
    text = " ".join(str(exc).split())
    return [Issue(name, rule="xslt", message=text or "the transformation failed")]


def _compile(stylesheet: Path) -> Any:
    key = stylesheet.resolve()
    exe = _compiled.get(key)
    if exe is not None:
        return exe
    if not key.is_file():
        raise UsageError(Issue(display_path(stylesheet), rule="io", message="no such stylesheet"))
    proc = _saxon()
    xsltproc = proc.new_xslt30_processor()
    with _captured_stderr() as listing:
        try:
            exe = xsltproc.compile_stylesheet(stylesheet_file=str(key))
        except Exception as exc:
            err = exc
        else:
            err = None
    if err is not None or exe is None:
        raise TeiEditionError(
            _error_issues(
                display_path(key), err or Exception("cannot compile"), listing, [], key.parent
            )
        )
    exe.set_save_xsl_message(True)
    _compiled[key] = exe
    return exe


def _declarations(stylesheet: Path, seen: set[Path] | None = None) -> list[Param]:
    """Public parameters declared in ``stylesheet`` and the modules it imports or includes.

    Lower-precedence (imported) declarations come first, so a later one overrides.
    """
    seen = seen if seen is not None else set()
    path = stylesheet.resolve()
    if path in seen:
        return []
    seen.add(path)
    root = parse(path).getroot()
    found: list[Param] = []
    for child in root:
        if child.tag in (f"{{{XSL_NS}}}import", f"{{{XSL_NS}}}include"):
            href = child.get("href", "")
            if href.startswith("file:"):
                found.extend(_declarations(Path(unquote(urlparse(href).path)), seen))
            elif href and "://" not in href:
                found.extend(_declarations(path.parent / unquote(href), seen))
    for child in root:
        if child.tag != f"{{{XSL_NS}}}param" or ":" in child.get("name", ":"):
            continue
        doc = ""
        prev = child.getprevious()
        if isinstance(prev, etree._Comment):
            doc = " ".join((prev.text or "").split())
        found.append(
            Param(
                name=child.get("name", ""),
                type=child.get("as", "xs:string"),
                default=child.get("select", "''"),
                doc=doc,
            )
        )
    return found


_declared: dict[Path, dict[str, Param]] = {}


def stylesheet_params(stylesheet: Path) -> dict[str, Param]:
    """The public parameters of a stylesheet, by name, in declaration order (read once
    per process, like the compiled stylesheet)."""
    key = stylesheet.resolve()
    with _lock:
        known = _declared.get(key)
    if known is None:
        known = {}
        for p in _declarations(stylesheet):
            known.pop(p.name, None)
            known[p.name] = p
        with _lock:
            _declared[key] = known
    return dict(known)


def coerce_params(stylesheet: Path, values: Mapping[str, ParamValue]) -> dict[str, ParamValue]:
    """Check parameter names against the stylesheet and convert strings to the declared type.

    Raises :class:`UsageError` naming the known parameters when a name is unknown, and
    when a value cannot be read as the declared type.
    """
    known = stylesheet_params(stylesheet)
    out: dict[str, ParamValue] = {}
    problems: list[Issue] = []
    where = display_path(stylesheet)
    for name, value in values.items():
        spec = known.get(name)
        if spec is None:
            listing = ", ".join(sorted(known)) or "none"
            problems.append(
                Issue(
                    where,
                    rule="param",
                    message=f"unknown parameter {name!r}; known parameters: {listing}",
                )
            )
            continue
        try:
            out[name] = _convert(value, spec.type)
        except ValueError:
            problems.append(
                Issue(
                    where,
                    rule="param",
                    message=f"parameter {name!r} must be {spec.type}, not {value!r}",
                )
            )
    if problems:
        raise UsageError(problems)
    return out


def _convert(value: ParamValue, xs_type: str) -> ParamValue:
    if xs_type == "xs:boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            raise ValueError(value)
        low = str(value).strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(value)
    if xs_type == "xs:integer":
        if isinstance(value, bool):
            raise ValueError(value)
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(value)
        return int(text)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xdm(value: ParamValue) -> Any:
    proc = _saxon()
    if isinstance(value, bool):
        return proc.make_boolean_value(value)
    if isinstance(value, int):
        return proc.make_integer_value(value)
    return proc.make_string_value(value)


Source = Path | bytes | etree._ElementTree


def _source_tree(source: Source, name: str | None = None) -> tuple[etree._ElementTree, str]:
    """The tree to transform, and the name its problems are reported under (``name``,
    else the file's path, else ``<input>``)."""
    if isinstance(source, Path):
        return parse(source), name or display_path(source)
    label = name or "<input>"
    if isinstance(source, bytes):
        return parse_bytes(source, label), label
    return source, label


THEME_PARAMS = {
    "edition.css": ("{https://tei-edition.org/ns}css", "{https://tei-edition.org/ns}css-sha256"),
    "edition.js": (
        "{https://tei-edition.org/ns}script",
        "{https://tei-edition.org/ns}script-sha256",
    ),
}
"""The theme's files (``transforms/theme/``) that a page standing alone carries inline, and
the stylesheets' private parameters that receive their text and their digest."""

_theme: dict[str, str] = {}


def theme_inline() -> dict[str, str]:
    """The values of :data:`THEME_PARAMS`: for each file, the text a page carries inline
    (the file, on a line of its own) and its CSP digest (``sha256-`` and the base64
    SHA-256 of that text). Read once per process."""
    if not _theme:
        folder = data_dir("transforms") / "theme"
        for name, (text_param, digest_param) in THEME_PARAMS.items():
            text = "\n" + (folder / name).read_text(encoding="utf-8")
            digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
            _theme[text_param] = text
            _theme[digest_param] = f"sha256-{digest}"
    return _theme


ENGLISH_MESSAGES = "{https://tei-edition.org/ns}messages-en"
"""The stylesheets' private parameter that receives English's interface catalog (the
fallback of ``te:msg``; the edition language's own comes as one of ``documents``)."""

REGISTER_PARAM = "{https://tei-edition.org/ns}register"
"""The stylesheets' private parameter that receives the shared register as a tree."""

_RegisterKey = tuple[Path, int, int]
_registers: dict[_RegisterKey, list[Any]] = {}  # key -> [root as bytes, Saxon node or None]


def _register_tree(uri: ParamValue | None, stylesheet: Path) -> list[Any] | None:
    """Read the shared register that the ``registers`` parameter names with the safe
    parser (no DTD, no entity, nothing fetched; a document type declaration naming an
    external DTD refused), once per process and version of the file."""
    if not isinstance(uri, str) or not uri.strip():
        return None
    parts = urlparse(uri.strip())
    if parts.scheme not in ("", "file") or parts.netloc not in ("", "localhost"):
        raise UsageError(
            Issue(
                display_path(stylesheet),
                rule="param",
                message=f"parameter 'registers' must name a local file, not {uri!r}",
            )
        )
    path = Path(unquote(parts.path)) if parts.scheme else Path(uri.strip())
    try:
        info = path.stat()
    except OSError:
        info = None
    key = (path.resolve(), info.st_mtime_ns if info else 0, info.st_size if info else 0)
    with _lock:
        if key in _registers:
            return _registers[key]
    data = read_bytes(path)
    name = display_path(path)
    tree = parse_bytes(data, name, base_url=path.resolve().as_uri())
    refuse_external_doctype(tree, name, data)
    held: list[Any] = [etree.tostring(tree.getroot(), encoding="UTF-8"), None]
    with _lock:
        _registers.clear()  # one register at a time: an edition's documents share it
        _registers[key] = held
    return held


def _register_node(proc: Any, held: list[Any]) -> Any:
    """The register as a Saxon document node (parsed by Saxon once, from lxml's bytes)."""
    if held[1] is None:
        held[1] = proc.parse_xml(xml_text=held[0].decode("utf-8"), encoding="UTF-8")
    return held[1]


_english: list[Any] = []


def _english_node(proc: Any) -> Any:
    """English's interface catalog (transforms/messages/en.xml) as a Saxon document node,
    given to every stylesheet as the fallback of ``te:msg`` (parsed once per process)."""
    if not _english:
        _english.append(proc.parse_xml(xml_text=catalog_bytes("en").decode("utf-8")))
    return _english[0]


_KEPT_NODES = 4
"""How many of the documents given as parameters (a page model, a language's interface
catalog) are kept parsed by Saxon: the same bytes again (the catalog, for every page of an
edition) reuse the tree, which is immutable, instead of parsing it for every page."""

_nodes: OrderedDict[bytes, Any] = OrderedDict()
_theme_values: dict[tuple[str, str], Any] = {}


def _document_node(proc: Any, xml: bytes) -> Any:
    """``xml`` as a Saxon document node, parsed once while it is among the last kept."""
    node = _nodes.get(xml)
    if node is not None:
        _nodes.move_to_end(xml)
        return node
    node = proc.parse_xml(xml_text=xml.decode("utf-8"))
    _nodes[xml] = node
    while len(_nodes) > _KEPT_NODES:
        _nodes.popitem(last=False)
    return node


def _theme_value(proc: Any, param: str, text: str) -> Any:
    """The theme's text (:func:`theme_inline`) as a Saxon string, made once per process."""
    if (param, text) not in _theme_values:
        _theme_values[(param, text)] = proc.make_string_value(text)
    return _theme_values[(param, text)]


LARGE_INPUT = 256 * 1024
"""From this many bytes of input on, Saxon reads the document from a private file and writes
its result to one: faster than handing large strings across, and fewer copies in memory. For
a small document the temporary folder costs more than it saves. Both ways give the same
bytes."""


def _run(proc: Any, exe: Any, data: bytes) -> bytes | None:
    if len(data) < LARGE_INPUT:
        doc = proc.parse_xml(xml_text=data.decode("utf-8"), encoding="UTF-8")
        text = exe.transform_to_string(xdm_node=doc)
        return None if text is None else text.encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="tei-edition-") as tmp:
        given, made = Path(tmp) / "source.xml", Path(tmp) / "result"
        given.write_bytes(data)
        doc = proc.parse_xml(xml_file_name=str(given))
        exe.transform_to_file(xdm_node=doc, output_file=str(made))
        return made.read_bytes()


def transform(
    stylesheet: Path,
    source: Source,
    params: Mapping[str, ParamValue] | None = None,
    *,
    name: str | None = None,
    documents: Mapping[str, bytes] | None = None,
    strings: Mapping[str, str] | None = None,
) -> bytes:
    """Transform ``source`` (a path, XML bytes or a parsed tree) with ``stylesheet``.

    ``documents`` gives parameters that take a document node (a page model), by their
    Clark name, as XML this program wrote; ``strings`` gives private string parameters
    (the export's figures), by their Clark name.

    ``params`` are checked and typed by :func:`coerce_params`. Returns the serialized
    result as UTF-8 bytes, exactly as the stylesheet's ``xsl:output`` declares it.
    Raises :class:`TeiEditionError` on malformed input or a failed transformation.
    """
    tree, label = _source_tree(source, name)
    typed = coerce_params(stylesheet, params or {})
    register = _register_tree(typed.get("registers"), stylesheet)
    # Saxon reads the checked tree as lxml writes it: the root element alone (no document
    # type, no entity).
    data = etree.tostring(tree.getroot(), encoding="UTF-8")
    with _lock:
        exe = _compile(stylesheet)
        proc = _saxon()
        exe.clear_parameters()
        exe.clear_xsl_messages()
        for key, value in typed.items():
            exe.set_parameter(key, _xdm(value))
        if register is not None:
            exe.set_parameter(REGISTER_PARAM, _register_node(proc, register))
        for param, value in theme_inline().items():
            exe.set_parameter(param, _theme_value(proc, param, value))
        exe.set_parameter(ENGLISH_MESSAGES, _english_node(proc))
        for param, xml in (documents or {}).items():
            exe.set_parameter(param, _document_node(proc, xml))
        for param, text in (strings or {}).items():
            exe.set_parameter(param, proc.make_string_value(text))
        with _captured_stderr() as listing:
            try:
                result = _run(proc, exe, data)
            except Exception as exc:
                err: Exception | None = exc
                result = None
            else:
                err = None
        messages = [str(m) for m in (exe.get_xsl_messages() or [])] if err else []
        exe.clear_xsl_messages()
        exe.clear_parameters()
    if err is not None or result is None:
        issues = _error_issues(
            label, err or Exception("no result"), listing, messages, stylesheet.resolve().parent
        )
        if messages and all(m.startswith("parameter ") for m in messages):
            # The stylesheets reject a parameter value they cannot use with a terminating
            # message that begins "parameter ": a usage error, not a fault of the input.
            where = display_path(stylesheet)
            raise UsageError([Issue(where, rule="param", message=m) for m in messages])
        if messages:
            issues = [Issue(label, rule="xslt", message=m) for m in messages]
        raise TeiEditionError(issues)
    return result


def transform_to_string(
    stylesheet: Path,
    source: Source,
    params: Mapping[str, ParamValue] | None = None,
    *,
    name: str | None = None,
) -> str:
    """Like :func:`transform`, decoded as UTF-8."""
    return transform(stylesheet, source, params, name=name).decode("utf-8")


def clear_cache() -> None:
    """Forget compiled stylesheets (after editing one in a long-running process)."""
    with _lock:
        _compiled.clear()
        _declared.clear()
        _nodes.clear()
