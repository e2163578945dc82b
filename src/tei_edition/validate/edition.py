"""Validation of an edition as a whole.

Every document (and the register) is validated as ``tei-edition validate`` does; then
every pointer of every document must resolve into the shared register or the same
document, ids must be unique where pointers address them, and register entries no
document mentions are warnings. Each problem is an :class:`Issue` at ``file:line:col``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import zlib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tei_edition.edition import collect
from tei_edition.edition import targets as find_targets
from tei_edition.edition.collect import (
    Document,
    Entry,
    Pointer,
    Register,
    document_from_record,
    document_record,
    read_document,
    read_register,
)
from tei_edition.edition.config import (
    Edition,
    Resolver,
    edition_folder_of,
    is_edition_folder,
    load_edition,
    placeholder_issues,
)
from tei_edition.edition.conventions import KIND_PAGES
from tei_edition.issues import Issue, TeiEditionError
from tei_edition.read.xmlparse import display_path, parse_bytes, read_bytes
from tei_edition.resources import data_dir
from tei_edition.validate import FileReport, Report, validate_paths
from tei_edition.validate.schematron import SourcePositions
from tei_edition.workers import Background, Workers

if TYPE_CHECKING:
    from tei_edition.validate import Report


@dataclass
class EditionCheck:
    """The edition read and checked: its documents, register and every problem."""

    documents: list[Document] = field(default_factory=list)
    register: Register = field(default_factory=lambda: Register(None))
    issues: list[Issue] = field(default_factory=list)
    cache: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    read: dict[str, Any] = field(default_factory=dict)
    """What was read of each document (:func:`document_record`), by a key of its content;
    that of a document read by this check packed as the manifest keeps it
    (:func:`packed_record`).
    A record taken from :class:`CheckMemory` without its pointers is kept there as it is:
    it is empty here (its key alone says it is still wanted), so that a rebuild of many
    documents does not hold every record."""
    findings: dict[str, list[Any]] = field(default_factory=dict)
    """The edition check's findings of each document (its pointers and ids), by a key of
    the document and the register (:func:`_findings_key`)."""
    states: dict[str, list[str]] = field(default_factory=dict)
    """Each file's state on disk and the SHA-256 of its content, by its path (where the
    state may be trusted: :func:`_file_digests`)."""

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def ok(self) -> bool:
        return not self.errors


@dataclass
class CheckMemory:
    """What an earlier check recorded (an :class:`EditionCheck`'s ``cache``, ``read``,
    ``findings`` and ``states``), for a check of the same edition to take instead of
    doing the work again. ``read`` may hold records without their pointers (``None`` in
    their place): ``pointers`` gives them, by the record's key, where they are needed."""

    validation: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)
    read: Mapping[str, list[Any]] = field(default_factory=dict)
    findings: Mapping[str, list[Any]] = field(default_factory=dict)
    states: Mapping[str, list[str]] = field(default_factory=dict)
    pointers: Callable[[str], list[Any] | None] = lambda key: None
    # the keys of the records in ``read``, where that is quicker to ask than ``read``
    # itself (None: it is not)
    recorded: Callable[[], set[str]] | None = None


POINTERS = 11
"""The place of the pointers in a document's record (:func:`document_record`)."""


def packed_record(doc: Document) -> tuple[bytes, bytes]:
    """``doc``'s record as JSON, as the manifest keeps it: the record with ``None`` in
    the place of its pointers, and its pointers; each compressed (:func:`unpacked` gives
    the JSON back). Packed, the records of a large edition take many times less memory
    than as lists (and about a third of their JSON), until they are written."""
    record = document_record(doc)
    head = [*record[:POINTERS], None, *record[POINTERS + 1 :]]
    return _packed(_json(head)), _packed(_json(record[POINTERS]))


def _packed(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def unpacked(data: bytes | str) -> str:
    """The JSON of one part of a :func:`packed_record`."""
    return zlib.decompress(data).decode("utf-8") if isinstance(data, bytes) else str(data)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def resolved_paths(paths: Sequence[Path], resolved: Resolver | None = None) -> dict[Path, Path]:
    """Each path resolved (as ``Path.resolve`` does), each folder once (:class:`Resolver`;
    an edition's own, ``Edition.resolved``, has resolved its documents already)."""
    resolved = resolved or Resolver()
    return {path: resolved(path) for path in paths}


def display_paths(paths: Sequence[Path], resolved: Resolver | None = None) -> dict[Path, str]:
    """:func:`display_path` of each path (relative to the working folder where possible),
    each resolved by ``resolved`` (:class:`Resolver`: each folder once; an edition's own,
    ``Edition.resolved``, has resolved its documents already)."""
    resolved = resolved or Resolver()
    cwd = str(Path.cwd().resolve())
    inside = cwd.rstrip(os.sep) + os.sep
    names = {}
    for path in paths:
        real = str(resolved(path))
        if real == cwd:
            names[path] = "."
        elif real.startswith(inside):
            names[path] = real[len(inside) :]
        else:
            names[path] = str(path)
    return names


def _points_at_register(doc: Document, file_part: str, register: Path | None) -> bool:
    if register is None or not file_part:
        return False
    if file_part == register.name:
        return True
    return (doc.path.parent / file_part).resolve() == register.resolve()


_BAD_REF = re.compile(r'@ref "([^"#\s]+)#[^"\s]+"')


def resolved_by_the_edition(
    issues: Sequence[Issue], path: Path, register: Path | None
) -> list[Issue]:
    """``issues`` without the Schematron's ``ref-pointer`` errors on pointers into the
    edition's shared register (``registers.xml#id``): read alone, a document cannot follow
    them; the edition's check (:func:`pointer_issues`) resolves each of them instead."""
    kept = []
    for issue in issues:
        m = _BAD_REF.search(issue.message) if issue.rule == "ref-pointer" else None
        if (
            m
            and register is not None
            and (
                m.group(1) == register.name
                or (path.parent / m.group(1)).resolve() == register.resolve()
            )
        ):
            continue
        kept.append(issue)
    return kept


MAX_NAME_BYTES = 200
"""The longest register id or document file stem (in UTF-8 bytes) that the site takes:
each becomes a page's file name (``register/ID.html``, ``documents/STEM.html``), and
file systems hold names of at most 255 bytes."""

RESERVED_ENTRY_IDS = frozenset({"index", *KIND_PAGES.values()})
"""Register ids that are the names of the registers' own pages (``register/index.html``,
``register/persons.html`` …): an entry of such an id would overwrite that page."""


def _page_name_issues(
    documents: Sequence[Document], register: Register, names: dict[Path, str]
) -> list[Issue]:
    """Ids and file names that cannot be the site's page names: refused before anything is
    written, with the line of each."""
    issues: list[Issue] = []
    entries = [(register.path, e) for e in register.entries.values()]
    entries += [(doc.path, e) for doc in documents for e in doc.local_entries]
    for path, entry in entries:
        if entry.id not in RESERVED_ENTRY_IDS and len(entry.id) * 4 <= MAX_NAME_BYTES:
            continue  # (UTF-8 takes four bytes a character at most)
        where = display_path(path) if path is not None else "register"
        if entry.id in RESERVED_ENTRY_IDS:
            issues.append(
                Issue(
                    where,
                    entry.line,
                    1,
                    rule="edition-id",
                    message=f"xml:id {entry.id!r} is the name of a page of the registers "
                    f"(register/{entry.id}.html): give the entry another id",
                )
            )
        size = len(entry.id.encode("utf-8"))
        if size > MAX_NAME_BYTES:
            issues.append(
                Issue(
                    where,
                    entry.line,
                    1,
                    rule="edition-id",
                    message=f"xml:id {entry.id[:24]!r}… is {size} bytes long: a register id "
                    f"becomes a page's file name, and may be {MAX_NAME_BYTES} bytes at most",
                )
            )
    for doc in documents:
        size = len(doc.path.stem.encode("utf-8"))
        if size > MAX_NAME_BYTES:
            issues.append(
                Issue(
                    names.get(doc.path) or display_path(doc.path),
                    rule="edition-id",
                    message=f"the file name is {size} bytes long before .xml: it becomes the "
                    f"name of the document's pages, and may be {MAX_NAME_BYTES} bytes at most",
                )
            )
    return list(dict.fromkeys(issues))


RULE = "edition-pointer"
"""The rule of a pointer that does not resolve (``edition-kind``: one that names an entry
of the wrong kind)."""
NAMED_KINDS = {"persName": "person", "placeName": "place", "orgName": "org"}
"""The kind of register entry each name element's ``@ref`` must point to."""
KIND_WORDS = {
    "person": "a person",
    "place": "a place",
    "org": "an organisation",
    "bibl": "a bibliographic entry",
}


@dataclass(frozen=True)
class _Found:
    """A problem the edition check found; for a pointer's, the pointer and the lines of
    its element's start tag up to it (where a check of the file alone would report it)."""

    issue: Issue
    value: str = ""
    lines: tuple[int, int] = (0, 0)


def pointer_issues(
    documents: Sequence[Document], register: Register, unread: Collection[Path] = ()
) -> list[Issue]:
    """Pointers that do not resolve or name an entry of the wrong kind (a ``persName``
    pointing to a place), ids given twice, entries nobody mentions.

    ``unread`` holds the members of the edition (documents, the register) that could not
    be read: they take no part. Pointers into a register that could not be read (given
    as ``Register(path)``, without entries) are not judged, and while any member could
    not be read no entry is said to be mentioned by no document (it may be the one that
    mentions it)."""
    return [found.issue for found in _edition_findings(documents, register, unread)]


def _edition_findings(
    documents: Sequence[Document],
    register: Register,
    unread: Collection[Path] = (),
    own: Sequence[tuple[list[_Found], set[str]] | None] = (),
    names: dict[Path, str] | None = None,
) -> list[_Found]:
    """The edition check's findings. ``own`` may give, for a document (at its place in
    ``documents``), its :func:`_document_findings`, found earlier; ``names``, the
    documents' :func:`display_paths`."""
    found: list[_Found] = []
    used: set[str] = set()
    if names is None:
        names = display_paths([doc.path for doc in documents])
    unread_register = register.path is not None and register.path in unread
    for i, doc in enumerate(documents):
        mine = own[i] if i < len(own) else None
        if mine is None:
            mine = _document_findings(doc, names[doc.path], register, unread_register)
        found.extend(mine[0])
        used |= mine[1]
    found.extend(_Found(i) for i in _page_name_issues(documents, register, names))
    if register.path is not None:
        rname = display_path(register.path)
        for entry in register.duplicates:
            found.append(
                _Found(
                    Issue(
                        rname,
                        entry.line,
                        1,
                        rule="edition-id",
                        message=f"xml:id {entry.id!r} is given to two register entries",
                    )
                )
            )
        for entry in register.entries.values() if not unread else ():
            if entry.id not in used:
                found.append(
                    _Found(
                        Issue(
                            rname,
                            entry.line,
                            1,
                            severity="warning",
                            rule="edition-unused",
                            message=f"register entry {entry.id!r} ({entry.name}) is mentioned "
                            "by no document",
                        )
                    )
                )
    slugs: dict[str, Document] = {}
    for doc in documents:
        if doc.slug in slugs:
            found.append(
                _Found(
                    Issue(
                        names[doc.path],
                        rule="edition-id",
                        message=f"has the same name as {names[slugs[doc.slug].path]}: "
                        "their pages would have the same address",
                    )
                )
            )
        slugs.setdefault(doc.slug, doc)
    return found


def _document_findings(
    doc: Document, name: str, register: Register, unread_register: bool
) -> tuple[list[_Found], set[str]]:
    """A document's part of the edition check: its ids given twice and its pointers that
    do not resolve (each at its place), and the register's entries it mentions."""
    found: list[_Found] = []
    used: set[str] = set()
    mine: list[tuple[Pointer, str, str]] = []  # pointer, message, rule
    for ident, line in doc.duplicate_ids:
        found.append(
            _Found(
                Issue(name, line, 1, rule="edition-id", message=f"xml:id {ident!r} is given twice")
            )
        )
    local = {e.id: e for e in doc.local_entries}
    for p in doc.pointers:
        if not p.file_part:
            if p.fragment in local and p.fragment in register.entries:
                # the document's own entry of that id is the register's, as the site
                # shows them (one page per id): a mention of the register's entry
                used.add(p.fragment)
            if p.fragment not in doc.ids:
                mine.append((p, f"ref {p.value!r} names no element of this document", RULE))
            elif p.fragment in local:
                mine += _wrong_kind(p, local[p.fragment])
            continue
        if _points_at_register(doc, p.file_part, register.path):
            if unread_register:
                continue  # into a register that could not be read: not judged
            if p.fragment in register.entries:
                used.add(p.fragment)
                mine += _wrong_kind(p, register.entries[p.fragment])
            else:
                mine.append((p, f"ref {p.value!r}: the register has no entry {p.fragment!r}", RULE))
            continue
        target = display_path(register.path) if register.path is not None else "no register"
        mine.append(
            (
                p,
                f"ref {p.value!r} points outside the edition: pointers go into the "
                f"register ({target}) as REGISTER#id, or into this document as #id",
                RULE,
            )
        )
    issues = [
        (p, Issue(name, p.line, p.column, rule=rule, message=message)) for p, message, rule in mine
    ]
    found.extend(_placed(doc, issues))
    return found, used


def _found_record(mine: tuple[list[_Found], set[str]]) -> list[Any]:
    """:func:`_document_findings` as JSON values."""
    return [[[f.issue.as_dict(), f.value, list(f.lines)] for f in mine[0]], sorted(mine[1])]


def _found_from_record(record: Any) -> tuple[list[_Found], set[str]]:
    """The findings of :func:`_found_record`. Raises ``ValueError`` (``TypeError``,
    ``KeyError``) when ``record`` is not one."""
    found, used = record
    return (
        [_Found(Issue(**issue), str(value), (int(a), int(b))) for issue, value, (a, b) in found],
        set(map(str, used)),
    )


def _wrong_kind(p: Pointer, entry: Entry) -> list[tuple[Pointer, str, str]]:
    """A name element's pointer to an entry of another kind: an error."""
    wanted = NAMED_KINDS.get(p.element)
    if wanted is None or entry.kind == wanted:
        return []
    found = KIND_WORDS.get(entry.kind, entry.kind)
    return [
        (
            p,
            f"{p.element} ref {p.value!r} names {found} ({entry.name}), not {KIND_WORDS[wanted]}",
            "edition-kind",
        )
    ]


def _placed(doc: Document, problems: list[tuple[Pointer, Issue]]) -> list[_Found]:
    """The problems of a document's pointers at the pointer itself (line and column of the
    token in ``@ref``), read again from the document; at the element's line where it
    cannot be read."""
    if not problems:
        return []
    from lxml import etree

    try:
        data = read_bytes(doc.path)
        tree = parse_bytes(data, display_path(doc.path), allow_duplicate_ids=True)
    except (TeiEditionError, OSError):
        return [_Found(i, p.value, (p.line, p.line)) for p, i in problems]
    positions = SourcePositions(tree, data)
    by_line: dict[int, list[etree._Element]] = {}
    for el in tree.iter(etree.Element):
        if el.get("ref") is not None:
            by_line.setdefault(el.sourceline or 0, []).append(el)
    placed = []
    for p, issue in problems:
        el = next(
            (
                e
                for e in by_line.get(p.line, [])
                if etree.QName(e).localname == p.element and p.value in e.get("ref", "").split()
            ),
            None,
        )
        if el is None:
            placed.append(_Found(issue, p.value, (p.line, p.line)))
            continue
        first = positions.element(el)[0] or p.line
        line, column = positions.attribute(el, "ref", p.value)
        line = line or p.line
        placed.append(
            _Found(replace(issue, line=line, column=column or 1), p.value, (min(first, line), line))
        )
    return placed


POINTER_RULES = frozenset({"pointer-resolves", "ref-person", "ref-place", "ref-org"})
"""Rules of a check of one file that judge the same pointers as the edition check (the
TEI checks', and the profile's Schematron's)."""
_FIRST_QUOTED = re.compile(r'"([^"]*)"')


def said_by_the_edition(issues: Sequence[Issue], found: Sequence[_Found]) -> list[Issue]:
    """``issues`` of single files without those about a pointer the edition check also
    judged (:func:`pointer_issues`): each problem is reported once, by the edition check,
    which owns the pointers of its documents."""
    pointers: dict[str, list[_Found]] = {}
    for f in found:
        if f.value:
            pointers.setdefault(f.issue.file, []).append(f)
    if not pointers:
        return list(issues)
    kept = []
    for issue in issues:
        quoted = _FIRST_QUOTED.search(issue.message) if issue.rule in POINTER_RULES else None
        tokens = quoted.group(1).split() if quoted else []
        if tokens and any(
            f.value in tokens and f.lines[0] <= issue.line <= f.lines[1]
            for f in pointers.get(issue.file, [])
        ):
            continue
        kept.append(issue)
    return kept


SCHEMA_SUFFIXES = frozenset({".rng", ".rnc", ".sch", ".xsd", ".odd"})


def _schemas_key(edition: Edition) -> str:
    """What a document's validation depends on besides itself: tei-edition's version and
    schemas, and any schema in the edition folder."""
    # the version: reading the package metadata is slow (start-up time)
    from tei_edition import __version__

    h = hashlib.sha256(__version__.encode())
    found = []  # the edition's schemas, in one walk of its folder (symbolic links not followed)
    for folder, _dirs, names in os.walk(edition.root):
        found.extend(Path(folder, n) for n in names if os.path.splitext(n)[1] in SCHEMA_SUFFIXES)
    files = sorted(data_dir("schemas").glob("*")) + sorted(found)
    for path in files:
        if path.is_file():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    h.update(str(edition.schema_path() or "").encode())
    return h.hexdigest()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _reader_key() -> str:
    """What reading a document depends on besides the document: the code that reads it."""
    # the version: reading the package metadata is slow (start-up time)
    from tei_edition import __version__

    return hashlib.sha256(__version__.encode() + _read(Path(collect.__file__))).hexdigest()


RACY_NS = 2_000_000_000
"""A file changed this close (in nanoseconds) to the check is read again by the next one,
whatever its state: it may have been changed again within the file system's resolution of
times, without its state changing (git's "racily clean" files)."""


def _state(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def _file_digests(
    paths: Sequence[Path], known: Mapping[str, list[str]], states: dict[str, list[str]]
) -> dict[Path, str]:
    """The SHA-256 of each file's content ('' where it cannot be read). A file whose state
    (size, modification and change times, inode, as git's index keeps them) is the one
    ``known`` records is not read: its recorded digest is taken. ``states`` receives the
    state and digest of each file not changed within :data:`RACY_NS` of now."""
    now = time.time_ns()
    digests: dict[Path, str] = {}
    for path in paths:
        key = str(path)
        try:
            st = os.stat(path)
        except OSError:
            digests[path] = ""
            continue
        state = _state(st)
        seen = known.get(key)
        if isinstance(seen, list) and len(seen) == 2 and seen[0] == state:
            digests[path] = str(seen[1])
        else:
            data = _read(path)
            digests[path] = hashlib.sha256(data).hexdigest() if data else ""
            if not data or _state(os.stat(path)) != state:
                continue  # changed while it was read: not recorded
        if now - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
            states[key] = [state, digests[path]]
    return digests


def _findings_key(reader: str, name: str, register: str) -> str:
    """What a document's part of the edition check depends on: the document (``reader``:
    its key), its name in the report, and the register (``register``: its path, name in
    the report and content, and whether it could be read)."""
    return hashlib.sha256(f"{reader}\0{name}\0{register}".encode()).hexdigest()


_KEPT: dict[str, Document] = {}
"""The documents of this process's last check that did not keep their pointers (a site's
build), by the key of their reading: a process that builds again (``serve --watch``)
takes an unchanged document from here, not from its record in the build's record."""


def check_edition(
    edition: Edition,
    *,
    schemas: bool = True,
    memory: CheckMemory | None = None,
    keep_pointers: bool = True,
    workers: Workers | None = None,
) -> EditionCheck:
    """Read every document and the register, validate them, and check the pointers.

    Problems of any file are collected, never raised; a file that cannot be read is an
    error and is left out of the documents. ``memory`` holds what an earlier check
    recorded (:class:`CheckMemory`): a file whose content is known there (by its state
    on disk, else by reading it) is not validated again, a document is not read again,
    and its part of the edition check is not done again while the register is the same.
    The check's ``cache``, ``read``, ``findings`` and ``states`` hold what this one knows
    of the edition's files, for the next. The problems reported are those of a check
    without ``memory``. Without ``keep_pointers``, the documents returned have no pointers
    and no ids (once judged, a site needs them no more: it holds every document at once).
    With ``workers``, many documents to read are read in their processes.
    """

    memory = memory or CheckMemory()
    result = EditionCheck()
    validating: Background | None = None
    validation: list[Issue] = []
    files = list(edition.documents)
    if edition.registers is not None:
        files.append(edition.registers)
    digests = _file_digests(files, memory.states, result.states)
    names = display_paths(files, edition.resolved)
    if schemas:
        base = _schemas_key(edition)
        keys = {}
        for path in files:
            keys[path] = hashlib.sha256(
                f"{base}{names[path]}\0{digests[path]}".encode()
            ).hexdigest()
        known = memory.validation
        todo = [p for p in files if keys[p] not in known or not digests[p]]
        found: dict[str, list[Issue]] = {names[p]: [] for p in todo}
        # the files not validated before are validated (Jing, in a Java process of its
        # own) while the documents are read or taken from their records
        validating = Background(partial(_validate, edition, todo, found)) if todo else None
    unread: set[Path] = set()
    read_keys: dict[Path, str] = {}  # the documents taken from their records
    try:
        kept = {} if keep_pointers else _KEPT
        _read_documents(edition, memory, result, digests, schemas, unread, read_keys, kept, workers)
        try:
            result.register = read_register(edition.registers)
        except (TeiEditionError, OSError) as exc:
            # with schemas, the register is validated as a file of its own; a DTD it names
            # is refused here all the same
            if isinstance(exc, TeiEditionError):
                result.issues.extend(i for i in exc.issues if not schemas or i.rule == "doctype")
            else:
                result.issues.append(
                    Issue(display_path(edition.registers), rule="io", message=str(exc))
                )
            result.register = Register(edition.registers)
            unread.add(edition.registers)  # type: ignore[arg-type]
        # the edition's own checks, while the validation may still run
        own = _own_findings(result, memory, read_keys, unread, names)
        findings = _edition_findings(result.documents, result.register, unread, own, names)
    finally:
        if validating is not None:
            validating.join()
    if schemas:
        for path in files:
            if keys[path] in known and digests[path]:
                issues = [Issue(**d) for d in known[keys[path]]]  # type: ignore[arg-type]
            else:
                issues = found.get(names[path], [])
            if digests[path]:
                result.cache[keys[path]] = [i.as_dict() for i in issues]
            validation.extend(resolved_by_the_edition(issues, path, edition.registers))
    result.issues[:0] = said_by_the_edition(validation, findings)
    result.issues.extend(f.issue for f in findings)
    if edition.config_file is not None:
        result.issues.extend(placeholder_issues(edition.config_file, edition.config))
    result.issues = list(dict.fromkeys(result.issues))
    if not keep_pointers:  # judged: not needed by a caller that only lists the documents
        for doc in result.documents:
            doc.pointers, doc.ids, doc.duplicate_ids = [], {}, []
        _KEPT.clear()
        _KEPT.update((read_keys[d.path], d) for d in result.documents if d.path in read_keys)
    return result


def _read_documents(
    edition: Edition,
    memory: CheckMemory,
    result: EditionCheck,
    digests: dict[Path, str],
    schemas: bool,
    unread: set[Path],
    read_keys: dict[Path, str],
    kept: dict[str, Document],
    workers: Workers | None = None,
) -> None:
    """Each document of ``edition`` into ``result.documents``: taken from ``kept`` (by
    the key of its reading) or from its record in ``memory`` where its content is the one
    recorded, else read (``read_keys``: the documents with a record, by path; ``unread``:
    those that could not be read): in the processes of ``workers`` where there are
    :data:`READ_APART` of them or more."""
    known_read = memory.read
    reader = _reader_key()
    # a document is taken from ``kept`` where its record is there to keep (a record
    # damaged since it was read is read again by the next process that has kept nothing)
    recorded = memory.recorded() if kept and memory.recorded is not None else set()
    keys = {
        path: hashlib.sha256(f"{reader}\0{path}\0{digests[path]}".encode()).hexdigest()
        for path in edition.documents
    }
    records: dict[str, Any] = {}
    found: list[Document | None] = []  # in the edition's order; None: read below
    to_read: list[tuple[int, Path]] = []
    for i, path in enumerate(edition.documents):
        if i % RECORDS_AT_ONCE == 0:  # the records of the next documents, asked for at once
            records = _records(
                known_read,
                [
                    keys[p]
                    for p in edition.documents[i : i + RECORDS_AT_ONCE]
                    if digests[p] and not (keys[p] in recorded and keys[p] in kept)
                ],
            )
        digest = digests[path]
        key = keys[path]
        doc = kept.get(key) if digest and key in recorded else None
        if doc is not None:  # its record is kept as it is
            found.append(doc)
            result.read[key] = []
            read_keys[path] = key
            continue
        record = records.get(key) if digest else None
        if record is not None:
            try:
                if isinstance(record, list) and len(record) > POINTERS and record[POINTERS] is None:
                    doc = document_from_record(
                        path, [*record[:POINTERS], [], *record[POINTERS + 1 :]]
                    )
                    doc.pointers = []  # not read: taken again only where they are needed
                    result.read[key] = []  # kept in the memory as it is
                else:
                    doc = document_from_record(path, record)
                    result.read[key] = record
                found.append(doc)
                read_keys[path] = key
                continue
            except (TypeError, ValueError):
                pass  # not a record this version wrote: the document is read again
        to_read.append((len(found), path))
        found.append(None)
    if workers is not None and len(to_read) >= READ_APART:
        paths = [path for _, path in to_read]
        reading: Iterator[_Read] = (
            (None if packed is None else _from_packed(path, packed), packed, problems, cause)
            for path, (packed, problems, cause) in zip(
                paths, workers.iter_each(_read_one, paths, chunksize=8), strict=True
            )
        )
    else:
        reading = map(_read_here, (path for _, path in to_read))
    for (at, path), (doc, packed, problems, cause) in zip(to_read, reading, strict=True):
        if doc is None:
            if cause == "io":
                result.issues.extend(problems)
                unread.add(path)
                continue
            # a malformed file is reported by its validation, and takes no part in the
            # edition's checks; a file that is no TEI document (say, the target of
            # another's XInclude) is said to be left out
            result.issues.extend(
                replace(i, message=f"{i.message}: not a document of the edition")
                for i in problems
                if not schemas or "root element" in i.message
            )
            if not any(i.rule == "tei-root" for i in problems):
                unread.add(path)
            continue
        found[at] = doc
        if digests[path] == doc.digest:  # not changed meanwhile
            result.read[keys[path]] = packed
            read_keys[path] = keys[path]
    result.documents.extend(doc for doc in found if doc is not None)


READ_APART = 64
"""From this many documents to read on, a check given worker processes reads them there
(a process costs a few tenths of a second to start; a document, a few milliseconds)."""


def _read_one(path: Path) -> tuple[tuple[bytes, bytes] | None, list[Issue], str]:
    """(In a worker process) the document at ``path`` read, as its :func:`packed_record`;
    else the problems that kept it from being read, and why: ``"io"`` (the file could not
    be read) or ``"tei"`` (it is no document)."""
    _, packed, problems, cause = _read_here(path)
    return packed, problems, cause


_Read = tuple[Document | None, tuple[bytes, bytes] | None, list[Issue], str]


def _read_here(path: Path) -> _Read:
    """The document at ``path`` read, and its :func:`packed_record`; else as
    :func:`_read_one` says."""
    try:
        doc = read_document(path)
    except TeiEditionError as exc:
        return None, None, list(exc.issues), "tei"
    except OSError as exc:
        return None, None, [Issue(display_path(path), rule="io", message=str(exc))], "io"
    return doc, packed_record(doc), [], ""


def _from_packed(path: Path, packed: tuple[bytes, bytes]) -> Document:
    """The document at ``path`` from its :func:`packed_record`."""
    head = json.loads(unpacked(packed[0]))
    head[POINTERS] = json.loads(unpacked(packed[1]))
    return document_from_record(path, head)


RECORDS_AT_ONCE = 500
"""How many documents' records a check asks the site's record for at once."""


def _records(known: Mapping[str, Any], keys: list[str]) -> dict[str, Any]:
    """The records of ``keys`` that ``known`` holds: by one query for all where it is the
    site's record (:meth:`tei_edition.site.manifest._Rows.many`)."""
    many = getattr(known, "many", None)
    if many is not None:
        return many(keys)  # type: ignore[no-any-return]
    return {key: known[key] for key in keys if key in known}


def _validate(edition: Edition, todo: list[Path], found: dict[str, list[Issue]]) -> None:
    """Validate ``todo`` (files of ``edition``), each file's issues into ``found``."""
    schema = edition.schema_path()
    docs = [p for p in todo if p != edition.registers]
    # the register is validated against the schemas it declares: with them when the
    # documents are too (one run), apart when a schema is given for them
    batches = [docs + [p for p in todo if p == edition.registers]]
    if schema is not None:
        batches = [docs, [p for p in todo if p == edition.registers]]
    for i, batch in enumerate(batches):
        if batch:
            given = [schema] if schema is not None and i == 0 else []
            for f in validate_paths(batch, schemas=given).files:
                found.setdefault(f.path, []).extend(f.issues)


def _own_findings(
    result: EditionCheck,
    memory: CheckMemory,
    read_keys: dict[Path, str],
    unread: set[Path],
    names: dict[Path, str],
) -> list[tuple[list[_Found], set[str]] | None]:
    """Each document's part of the edition check (:func:`_document_findings`): as
    ``memory`` recorded it, else found again (the pointers of a document taken from its
    record are read from ``memory`` then); recorded in ``result.findings``."""
    register = result.register
    unread_register = register.path is not None and register.path in unread
    where = display_path(register.path) if register.path is not None else ""
    register_key = f"{register.path}\0{where}\0{register.digest}\0{unread_register}"
    own: list[tuple[list[_Found], set[str]] | None] = []
    for doc in result.documents:
        read_key = read_keys.get(doc.path)
        if read_key is None:  # changed while it was read: no record
            own.append(None)
            continue
        key = _findings_key(read_key, names[doc.path], register_key)
        mine, keep, recorded = None, True, None
        if key in memory.findings:
            try:
                recorded = memory.findings[key]
                mine = _found_from_record(recorded)
            except (TypeError, ValueError, KeyError):
                mine = recorded = None
        if mine is None:
            record = result.read.get(read_key) or memory.read.get(read_key)
            if isinstance(record, list) and len(record) > POINTERS and record[POINTERS] is None:
                pointers = memory.pointers(read_key)
                if pointers is None:  # not kept after all: the document is read again
                    try:
                        _judged_by(doc, read_document(doc.path))
                    except (TeiEditionError, OSError):
                        keep = False  # changed since: not recorded, judged again next time
                else:
                    _judged_by(
                        doc,
                        document_from_record(
                            doc.path, [*record[:POINTERS], pointers, *record[POINTERS + 1 :]]
                        ),
                    )
            mine = _document_findings(doc, names[doc.path], register, unread_register)
        if keep:
            result.findings[key] = recorded if recorded is not None else _found_record(mine)
        own.append(mine)
    return own


def _judged_by(doc: Document, whole: Document) -> None:
    """``doc`` given what its part of the edition check is judged by, from ``whole`` (the
    same document read again, or from its whole record): its pointers and its ids."""
    doc.pointers, doc.ids, doc.duplicate_ids = whole.pointers, whole.ids, whole.duplicate_ids


def _edition_of(path: Path) -> Any:
    """The edition a file is a document of (the nearest folder above it with
    ``edition.toml`` whose documents include it), or None."""

    folder = edition_folder_of(path)
    if folder is None:
        return None
    edition = load_edition(folder)  # an edition.toml that cannot be read is an error
    here = path.resolve()
    return edition if any(d.resolve() == here for d in edition.documents) else None


def edition_schema(path: Path, edition: Edition | None) -> Path | None:
    """The schema ``edition.toml`` names for the documents of ``edition`` (None: each
    document answers to the schemas it declares, else to tei_all). The register is no
    document: it answers to its own declarations."""
    if edition is None or (edition.registers is not None and path == edition.registers):
        return None
    return edition.schema_path()


def _validate_by_schema(
    paths: list[Path], editions: Sequence[Edition], members: Sequence[tuple[Path, Any]],
    options: dict[str, Any],
) -> Report:  # fmt: skip
    """Validate ``paths`` (in one run where they answer to the same schemas): a document
    of an edition whose ``edition.toml`` names a schema against that schema, as ``build``
    and ``deposit`` check it, unless the user named schemas of their own."""

    if options.get("schemas") or options.get("schema"):
        return validate_paths(paths, **options)
    home: dict[Path, Edition] = {}
    for ed in editions:
        for p in [*ed.documents, *([ed.registers] if ed.registers else [])]:
            home[p] = ed
    for p, ed in members:
        home[p] = ed
    groups: dict[Path | None, list[Path]] = {}
    for p in paths:
        groups.setdefault(edition_schema(p, home.get(p)), []).append(p)
    if list(groups) == [None]:
        return validate_paths(paths, **options)
    found: dict[str, FileReport] = {}
    for schema, group in groups.items():
        given = {**options, "schemas": [schema]} if schema is not None else options
        for f in validate_paths(group, **given).files:
            found[f.path] = f
    names = display_paths(paths)
    return Report(files=[found[names[p]] for p in paths if names[p] in found])


def validate_with_editions(paths: Sequence[Path], **options: Any) -> Report:
    """``tei-edition validate`` for paths that may be edition folders.

    An edition folder stands for its documents and register, which are validated as
    any file is, and is then checked as a whole (:func:`pointer_issues`): those problems
    are added to the report of the file they are in. Without paths: the edition found from
    the current folder (:func:`tei_edition.edition.targets`). Returns the
    :class:`tei_edition.validate.Report`.
    """

    targets = find_targets(paths)
    editions = [load_edition(p) for p in targets if is_edition_folder(Path(p))]
    # a document of an edition given alone (say, by a pre-commit hook) is read as part of it
    members: list[tuple[Path, Any]] = []
    for p in targets:
        if Path(p).is_file():
            home = _edition_of(Path(p))
            if home is not None:
                members.append((Path(p), home))
    expanded: list[Path] = []
    for p in targets:
        if is_edition_folder(Path(p)):
            ed = next(e for e in editions if e.root == Path(p))
            expanded.extend(ed.documents)
            if ed.registers is not None:
                expanded.append(ed.registers)
        else:
            expanded.append(Path(p))
    report = _validate_by_schema(expanded, editions, members, options)
    by_name = {f.path: f for f in report.files}
    for path, home in members:
        own = by_name.get(display_path(path))
        if own is None:
            continue
        own.issues = resolved_by_the_edition(own.issues, path, home.registers)
        try:
            register = read_register(home.registers)
            doc = read_document(path)
        except (TeiEditionError, OSError):
            continue
        findings = [
            f
            for f in _edition_findings([doc], register)
            if f.issue.rule != "edition-unused" and f.issue.file == own.path
        ]
        own.issues = said_by_the_edition(own.issues, findings)
        for f in findings:
            if f.issue not in own.issues:
                own.issues.append(f.issue)
        own.issues.sort(key=lambda i: (i.line, i.column))
    for ed in editions:
        for path in ed.documents:
            own = by_name.get(display_path(path))
            if own is not None:
                own.issues = resolved_by_the_edition(own.issues, path, ed.registers)
        docs = []
        unread: set[Path] = set()
        for path in ed.documents:
            try:
                docs.append(read_document(path))
            except TeiEditionError as exc:  # reported by the validation already
                if not any(i.rule == "tei-root" for i in exc.issues):
                    unread.add(path)  # malformed: it takes no part in the edition's checks
            except OSError:
                unread.add(path)
        found: list[Issue] = []
        try:
            register = read_register(ed.registers)
        except (TeiEditionError, OSError) as exc:  # the rest was validated as a file
            register = Register(ed.registers)
            unread.add(ed.registers)  # type: ignore[arg-type]
            if isinstance(exc, TeiEditionError):  # a DTD it names is refused here too
                found = [i for i in exc.issues if i.rule == "doctype"]
        config = placeholder_issues(ed.config_file, ed.config) if ed.config_file is not None else []
        findings = _edition_findings(docs, register, unread)
        touched = set()
        for own in report.files:
            own.issues = said_by_the_edition(own.issues, findings)
        for issue in [*found, *(f.issue for f in findings), *config]:
            target = by_name.get(issue.file)
            if target is None:
                target = FileReport(issue.file)
                report.files.append(target)
                by_name[issue.file] = target
            if issue not in target.issues:
                target.issues.append(issue)
                touched.add(issue.file)
        for name in touched:
            by_name[name].issues.sort(key=lambda i: (i.line, i.column))
    return report
