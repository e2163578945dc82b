"""Validate TEI files: well-formedness, then RELAX NG, then Schematron.

Every problem becomes one :class:`~tei_edition.issues.Issue`; a :class:`Report`
holds them per file and decides the exit code (0 valid, 1 invalid, 2 when a path
cannot be read). Schemas are compiled once per process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from tei_edition import resources
from tei_edition.edition.conventions import POINTER_ATTRIBUTES as REGISTER_POINTER_ATTRIBUTES
from tei_edition.issues import Issue, Severity, TeiEditionError, UsageError
from tei_edition.read.xmlparse import (
    XML_ID,
    display_path,
    in_example,
    parse,
    parse_bytes,
    read_bytes,
    refuse_external_doctype,
    require_tei,
)
from tei_edition.validate import jing, schemarefs
from tei_edition.validate.declarations import Choice, Schema, declared, from_options, with_fallback
from tei_edition.validate.schematron import Schematron, SourcePositions, embedded_schematron

RELAXNG = "tei_edition.rng"
SCHEMATRON = "tei_edition.sch"

TEXT_MARKERS = {"no-brackets": "[]"}
"""Rules about a character in an element's text: report the character's line."""

Progress = Callable[[Sequence[Path]], Iterable[Path]]
"""Wraps the list of files to validate, e.g. in a progress bar; yields them in order."""


@dataclass
class FileReport:
    """What validation found in one path.

    ``unreadable`` paths (missing, a directory without XML, not a regular file, no
    permission) were never checked: they have no stages, and count apart from the files.
    """

    path: str
    issues: list[Issue] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    unreadable: bool = False
    schemas: list[str] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for issue in self.issues if issue.severity == severity)

    def ok(self, strict: bool = False) -> bool:
        """No errors (and, when ``strict``, no warnings) and the file could be read."""
        if self.unreadable or self.count("error"):
            return False
        return not (strict and self.count("warning"))

    def as_dict(self, strict: bool = False) -> dict[str, object]:
        return {
            "path": self.path,
            "readable": not self.unreadable,
            "valid": self.ok(strict),
            "stages": list(self.stages),
            "schemas": list(self.schemas),
            "errors": self.count("error"),
            "warnings": self.count("warning"),
            "info": self.count("info"),
            "issues": [issue.as_dict() for issue in self.issues],
        }


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


@dataclass
class Report:
    """The result of validating one or more files."""

    files: list[FileReport] = field(default_factory=list)
    schema: str = ""
    schematron: str = ""

    @property
    def issues(self) -> list[Issue]:
        return [issue for f in self.files for issue in f.issues]

    @property
    def checked(self) -> list[FileReport]:
        """The files that could be read and were validated."""
        return [f for f in self.files if not f.unreadable]

    @property
    def unreadable(self) -> list[FileReport]:
        """The paths that could not be read (and so were not validated)."""
        return [f for f in self.files if f.unreadable]

    def count(self, severity: Severity) -> int:
        return sum(f.count(severity) for f in self.files)

    def ok(self, strict: bool = False) -> bool:
        return all(f.ok(strict) for f in self.files)

    def exit_code(self, strict: bool = False) -> int:
        """0 when every file is valid, 2 when a path could not be read, 1 otherwise."""
        if self.unreadable:
            return 2
        return 0 if self.ok(strict) else 1

    def summary(self, strict: bool = False) -> str:
        """``valid: 2 files checked, 2 valid, 0 invalid; 0 errors, 0 warnings, 0 info``.

        Paths that could not be read are counted apart (``, 1 path could not be read``).
        """
        checked, unreadable = self.checked, self.unreadable
        valid = sum(1 for f in checked if f.ok(strict))
        invalid = len(checked) - valid
        text = (
            f"{'valid' if self.ok(strict) else 'INVALID'}: "
            f"{_plural(len(checked), 'file')} checked, {valid} valid, {invalid} invalid"
        )
        if unreadable:
            text += f", {_plural(len(unreadable), 'path')} could not be read"
        text += (
            f"; {_plural(self.count('error'), 'error')}, "
            f"{_plural(self.count('warning'), 'warning')}, {self.count('info')} info"
        )
        return text + (" (warnings are fatal)" if strict else "")

    def as_dict(self, strict: bool = False) -> dict[str, object]:
        checked = self.checked
        return {
            "valid": self.ok(strict),
            "exit_code": self.exit_code(strict),
            "strict": strict,
            "schema": self.schema,
            "schematron": self.schematron,
            "summary": {
                "files": len(checked),
                "valid": sum(1 for f in checked if f.ok(strict)),
                "unreadable": len(self.unreadable),
                "errors": self.count("error"),
                "warnings": self.count("warning"),
                "info": self.count("info"),
            },
            "files": [f.as_dict(strict) for f in self.files],
        }

    def to_json(self, strict: bool = False) -> str:
        return json.dumps(self.as_dict(strict), indent=2, ensure_ascii=False) + "\n"

    def lines(self, verbose: bool = False) -> list[str]:
        """The text report, one line per problem: with ``verbose``, every finding; else
        the findings of one rule in one file that say the same thing (or the same with
        other values), when there are more than :data:`SHOWN_LINES` of them, on one line
        at the first of them (:func:`grouped`, :func:`format_group`)."""
        if verbose:
            return [issue.format() for issue in self.issues]
        large = {id(g[0]): g for g in grouped(self.issues) if len(g) > SHOWN_LINES}
        within = {id(i) for g in large.values() for i in g}
        out = []
        for issue in self.issues:  # a few of a kind: each its own line, in its place
            if id(issue) in large:
                out.append(format_group(large[id(issue)]))
            elif id(issue) not in within:
                out.append(issue.format())
        return out

    def as_sarif(self, strict: bool = False) -> dict[str, object]:
        """The report as SARIF 2.1.0 (the Static Analysis Results Interchange Format that
        code hosts display): one run of tei-edition, every finding a result."""
        return sarif(self.issues, self.exit_code(strict))

    def to_sarif(self, strict: bool = False) -> str:
        return json.dumps(self.as_sarif(strict), indent=2, ensure_ascii=False) + "\n"


# -- the text report: repeated findings on one line ------------------------------------------

SHOWN_LINES = 3
"""How many lines of repeated findings the text report names before ``…`` (and so how
many findings of one kind it prints each on a line of its own)."""
_VALUES = re.compile(r"\"[^\"]*\"|(?<![\w])'[^']*'(?![\w])|\d+")
"""What may differ between findings that say the same thing: quoted values and numbers."""


def _shape(issue: Issue) -> tuple[str, str, str, str]:
    return (issue.file, issue.severity, issue.rule, _VALUES.sub("…", issue.message))


def grouped(issues: Sequence[Issue]) -> list[list[Issue]]:
    """``issues`` in groups, in the order of the first of each: the findings of one file
    and rule, of one severity, with the same message, where there are more than
    :data:`SHOWN_LINES` of them (``@hand "#m2" points to no xml:id`` 56 times); then, of
    the others, those whose messages are the same but for quoted values and numbers
    (``@hand "#m3" …``, ``@hand "#m4" …``)."""
    same: dict[tuple[str, str, str, str], list[Issue]] = {}
    for issue in issues:
        same.setdefault((issue.file, issue.severity, issue.rule, issue.message), []).append(issue)
    groups = {id(g[0]): g for g in same.values() if len(g) > SHOWN_LINES}
    taken = {id(i) for g in groups.values() for i in g}
    alike: dict[tuple[str, str, str, str], list[Issue]] = {}
    for issue in issues:
        if id(issue) not in taken:
            alike.setdefault(_shape(issue), []).append(issue)
    groups.update((id(g[0]), g) for g in alike.values())
    return [groups[id(i)] for i in issues if id(i) in groups]


def format_group(group: Sequence[Issue]) -> str:
    """One line for a group of findings: the first, and how many there are and where
    (``(56 times: lines 12, 40, 77, …; --verbose lists all)``)."""
    first = group[0]
    if len(group) == 1:
        return first.format()
    lines = list(dict.fromkeys(i.line for i in group if i.line))
    messages = len({i.message for i in group})
    count = f"{len(group)} times"
    if messages > 1:
        count += f", {messages} different values"
    where = ""
    if lines:
        shown = ", ".join(str(n) for n in lines[:SHOWN_LINES])
        more = ", …" if len(lines) > SHOWN_LINES else ""
        where = f": {'line' if len(lines) == 1 else 'lines'} {shown}{more}"
    hidden = messages > 1 or len(lines) > SHOWN_LINES or len(lines) < len(group)
    return f"{first.format()} ({count}{where}{'; --verbose lists all' if hidden else ''})"


# -- SARIF -------------------------------------------------------------------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _artifact_uri(file: str) -> str:
    """A report's file name as a URI reference: relative paths stay relative (to the
    folder the command ran in), absolute ones become file: URIs."""
    from urllib.parse import quote

    path = Path(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/")


def sarif(issues: Sequence[Issue], exit_code: int = 0) -> dict[str, object]:
    """``issues`` as one SARIF 2.1.0 log: the tool tei-edition, its rules (each rule id
    that occurs), and a result for every finding with its level (``info`` is ``note``),
    message, file and, where known, line and column (in characters)."""
    # the version: reading the package metadata is slow (start-up time)
    import tei_edition

    rules = list(dict.fromkeys(i.rule or i.source for i in issues))
    results: list[dict[str, object]] = []
    for issue in issues:
        location: dict[str, object] = {"artifactLocation": {"uri": _artifact_uri(issue.file)}}
        if issue.line:
            location["region"] = {"startLine": issue.line, "startColumn": issue.column or 1}
        rule = issue.rule or issue.source
        results.append(
            {
                "ruleId": rule,
                "ruleIndex": rules.index(rule),
                "level": SARIF_LEVELS.get(issue.severity, "warning"),
                "message": {"text": issue.message},
                "locations": [{"physicalLocation": location}],
                "properties": {"source": issue.source},
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tei-edition",
                        "version": tei_edition.__version__,
                        "rules": [{"id": rule} for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": exit_code != 2, "exitCode": exit_code}],
                "results": results,
            }
        ],
    }


# -- schemas, compiled once per process ---------------------------------------------


@lru_cache(maxsize=8)
def _relaxng(path: Path, mtime_ns: int) -> etree.RelaxNG:
    try:
        # libxml2 reads what the schema includes as Jing would: checked first
        schemarefs.check_relaxng(path)
        tree = parse(path)
    except TeiEditionError as exc:  # an unreadable schema is a usage error, not invalid input
        raise UsageError(exc.issues) from None
    try:
        return etree.RelaxNG(tree)
    except etree.RelaxNGParseError as exc:
        raise UsageError(
            Issue(display_path(path), rule="schema", message=f"not a usable RELAX NG schema: {exc}")
        ) from None


def compiled_relaxng(path: Path | str | None = None) -> etree.RelaxNG:
    """The compiled RELAX NG schema at ``path`` (default: the project's)."""
    p = Path(path) if path is not None else resources.schema(RELAXNG)
    if not p.is_file():
        raise UsageError(Issue(display_path(p), rule="io", message="schema file not found"))
    return _relaxng(p.resolve(), p.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _schematron(path: Path, mtime_ns: int) -> Schematron:
    try:
        return Schematron(path)
    except UsageError:
        raise
    except TeiEditionError as exc:
        raise UsageError(exc.issues) from None


def compiled_schematron(path: Path | str | None = None) -> Schematron:
    """The compiled Schematron schema at ``path`` (default: the project's)."""
    p = Path(path) if path is not None else resources.schema(SCHEMATRON)
    if not p.is_file():
        raise UsageError(Issue(display_path(p), rule="io", message="Schematron file not found"))
    return _schematron(p.resolve(), p.stat().st_mtime_ns)


# -- files -------------------------------------------------------------------------


def collect_files(paths: Sequence[Path | str]) -> tuple[list[Path], list[FileReport]]:
    """Expand ``paths`` into the files to validate.

    Files are kept in the order given; a directory contributes every ``*.xml`` below it
    (sorted, skipping hidden folders). Returns the files and a report for each path that
    cannot be used (missing, or a directory without XML files).
    """
    files: list[Path] = []
    problems: list[FileReport] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                (
                    f
                    for f in p.rglob("*.xml")
                    if not any(part.startswith(".") for part in f.relative_to(p).parts[:-1])
                ),
                key=lambda f: f.relative_to(p).as_posix(),
            )
            if not found:
                name = display_path(p)
                issue = Issue(name, rule="io", message="directory holds no *.xml file")
                problems.append(FileReport(name, [issue], unreadable=True))
            for f in found:
                add(f)
        else:
            add(p)  # a missing file is reported when it is read
    return files, problems


# -- RELAX NG messages ----------------------------------------------------------------

RNG_NS = "http://relaxng.org/ns/structure/1.0"
_INVALID_ATTRIBUTE = re.compile(r"Invalid attribute (\S+) for element (\S+)")
_CASCADE = re.compile(r"Element \S+ failed to validate (content|attributes)")
_REWORDED = {
    "Expecting an element , got nothing": "a required child element is missing",
}


def _pure_values(node: etree._Element, defines: dict[str, list[etree._Element]]) -> list[str]:
    """The values of a pattern that is only a choice of ``<value>`` (else ``[]``)."""
    values: list[str] = []
    for child in node:
        if not isinstance(child.tag, str) or etree.QName(child).namespace != RNG_NS:
            continue  # annotations
        tag = etree.QName(child).localname
        if tag == "value":
            values.append((child.text or "").strip())
        elif tag in ("choice", "ref"):
            targets = [child] if tag == "choice" else defines.get(child.get("name", ""), [])
            for target in targets:
                more = _pure_values(target, defines)
                if not more:
                    return []
                values += more
        else:
            return []
    return values


@lru_cache(maxsize=8)
def _closed_lists(path: Path, mtime_ns: int) -> dict[tuple[str, str], tuple[str, ...]]:
    """(element, attribute) -> the closed list of values the schema allows there."""
    tree = parse(path)
    defines: dict[str, list[etree._Element]] = {}
    for d in tree.iter(f"{{{RNG_NS}}}define"):
        defines.setdefault(d.get("name", ""), []).append(d)
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for element in tree.iter(f"{{{RNG_NS}}}element"):
        element_name = (element.get("name") or "").split(":")[-1]
        stack, seen = [element], set()
        while stack:
            for child in stack.pop():
                if not isinstance(child.tag, str) or etree.QName(child).namespace != RNG_NS:
                    continue
                tag = etree.QName(child).localname
                if tag == "ref" and child.get("name") not in seen:
                    seen.add(child.get("name"))
                    stack.extend(defines.get(child.get("name", ""), []))
                elif tag == "attribute":
                    values = _pure_values(child, defines)
                    if values:
                        attribute = (child.get("name") or "").split(":")[-1]
                        out[element_name, attribute] = tuple(values)
                elif tag not in ("element", "ref"):
                    stack.append(child)
    return out


def _attribute_message(
    tree: etree._ElementTree, line: int, attr: str, element: str, schema: Path
) -> str | None:
    """``div/@type: "chapter" is not one of ...`` for an attribute libxml2 rejected."""
    for el in tree.iter(etree.Element):
        if el.sourceline != line or etree.QName(el).localname != element:
            continue
        for qname, value in el.attrib.items():
            local = etree.QName(qname).localname
            if local != attr:
                continue
            in_xml_ns = qname.startswith("{http://www.w3.org/XML/1998/namespace}")
            shown = f"xml:{local}" if in_xml_ns else local
            if shown == "xml:id" and len(tree.xpath("//@xml:id[. = $v]", v=value)) > 1:
                return f'{element}/@xml:id: "{value}" is used more than once'
            allowed = _closed_lists(schema, schema.stat().st_mtime_ns).get((element, local))
            if allowed:
                return f'{element}/@{shown}: "{value}" is not one of {", ".join(allowed)}'
            return f'{element}/@{shown}: "{value}" is not a valid value'
    return None


_NAMED_ELEMENT = re.compile(r"\b[Ee]lement '?(?:\{[^}]*\})?([^\s',:{}]+)")
_NAMED_ATTRIBUTE = re.compile(r"\b[Aa]ttribute '?(?:\{[^}]*\})?([^\s',:{}]+)")


def _libxml2_positions(
    tree: etree._ElementTree, positions: SourcePositions | None
) -> Callable[[int, str], tuple[int, int]]:
    """Where a libxml2 schema error is about, from its line and message: libxml2 gives
    the line on which the start tag ends and no column; when one element of the name the
    message gives (or one element at all) has that line, the place its start tag (or the
    attribute the message names) begins."""
    by_line: dict[int, list[etree._Element]] = {}

    def position(line: int, message: str) -> tuple[int, int]:
        if positions is None or not line:
            return line, 0
        if not by_line:
            for el in tree.iter(etree.Element):
                by_line.setdefault(el.sourceline or 0, []).append(el)
        named = _NAMED_ELEMENT.search(message)
        candidates = [
            el
            for el in by_line.get(line, [])
            if not named or etree.QName(el).localname == named.group(1)
        ]
        if len(candidates) != 1:
            return line, 0
        attribute = _NAMED_ATTRIBUTE.search(message)
        if attribute:
            return positions.attribute(candidates[0], attribute.group(1))
        return positions.element(candidates[0])

    return position


def _relaxng_issues(
    rng: etree.RelaxNG,
    tree: etree._ElementTree,
    name: str,
    schema: Path,
    positions: SourcePositions | None = None,
) -> list[Issue]:
    if rng.validate(tree):
        return []
    issues: list[Issue] = []
    entries = list(rng.error_log)
    where = _libxml2_positions(tree, positions)
    specific = [e for e in entries if not _CASCADE.search(e.message)]
    for entry in specific or entries:
        message = entry.message.strip()
        message = _REWORDED.get(message, message)
        m = _INVALID_ATTRIBUTE.search(message)
        if m:
            message = (
                _attribute_message(tree, entry.line, m.group(1), m.group(2), schema) or message
            )
        line, column = entry.line or 0, entry.column or 0
        if not column:
            line, column = where(line, entry.message)
        issues.append(
            Issue(
                name,
                line,
                column,
                severity="error",
                source="relaxng",
                rule="relaxng",
                message=f"{message} ({schema.name})",
            )
        )
    return issues


# -- checks that hold for any TEI ------------------------------------------------------

POINTER_ATTRIBUTES = (
    *REGISTER_POINTER_ATTRIBUTES,
    "rendition",
    "spanTo",
    "wit",
    "decls",
    "synch",
    "exclude",
    "select",
)
"""Attributes whose values are TEI pointers; a ``#id`` among them must name an xml:id."""


def tei_checks(
    tree: etree._ElementTree,
    name: str,
    severity: Severity,
    source: bytes | SourcePositions | None = None,
) -> list[Issue]:
    """Duplicate xml:ids and same-document ``#`` pointers that do not resolve.

    What is inside ``egXML`` examples is another document's and is not checked. With the
    document's ``source`` (its bytes, or their :class:`SourcePositions`), each problem is
    at the ``xml:id``, or at the first pointer that does not resolve; else at the line of
    the element.
    """
    positions = SourcePositions(tree, source) if isinstance(source, bytes) else source

    def at(el: etree._Element, attribute: str, token: str | None = None) -> tuple[int, int]:
        if positions is None:
            return el.sourceline or 0, 1
        return positions.attribute(el, attribute, token)

    issues: list[Issue] = []
    counts: dict[str, int] = {}
    elements: list[etree._Element] = []
    for el in tree.iter(etree.Element):
        if in_example(el):
            continue
        elements.append(el)
        value = el.get(XML_ID)
        if value is not None:
            counts[value] = counts.get(value, 0) + 1
    for el in elements:
        value = el.get(XML_ID)
        if value is not None and counts[value] > 1:
            issues.append(
                Issue(
                    name,
                    *at(el, "xml:id"),
                    severity=severity,
                    source="tei",
                    rule="id-unique",
                    message=f'xml:id "{value}" is used {counts[value]} times; '
                    "identifiers must be unique",
                )
            )
        for attribute in POINTER_ATTRIBUTES:
            raw = el.get(attribute)
            if not raw or "#" not in raw:
                continue
            bad = [t for t in raw.split() if t.startswith("#") and t[1:] not in counts]
            if bad:
                issues.append(
                    Issue(
                        name,
                        *at(el, attribute, bad[0]),
                        severity=severity,
                        source="tei",
                        rule="pointer-resolves",
                        message=f'@{attribute} "{" ".join(bad)}" points to no xml:id in this '
                        "document",
                    )
                )
    return issues


# -- one file ---------------------------------------------------------------------------


def _is_profile_rng(schema: Schema) -> bool:
    return schema.kind == "relaxng" and schema.path.resolve() == resources.schema(RELAXNG).resolve()


def _is_profile_sch(schema: Schema) -> bool:
    mine = resources.schema(SCHEMATRON).resolve()
    return schema.kind == "schematron" and not schema.embedded and schema.path.resolve() == mine


def _jing_can_read(tree: etree._ElementTree) -> bool:
    """Jing reads the file itself: never one whose DOCTYPE names an external DTD."""
    info = tree.docinfo
    return not (info.system_url or info.public_id)


@dataclass
class _Pending:
    """RELAX NG checks left for Jing, grouped by schema: (schema, compact) -> files."""

    groups: dict[tuple[Path, bool], list[tuple[Path, FileReport]]] = field(default_factory=dict)
    options: set[Path] = field(default_factory=set)  # given by the user: a bad one is fatal

    declared: dict[tuple[Path, Path], Schema] = field(default_factory=dict)

    def add(self, schema: Schema, path: Path, report: FileReport) -> None:
        self.groups.setdefault((schema.path.resolve(), schema.compact), []).append((path, report))
        self.declared[path, schema.path.resolve()] = schema

    def run(self) -> None:
        for (schema, compact), all_items in self.groups.items():
            for start in range(0, len(all_items), jing.BATCH):
                items = all_items[start : start + jing.BATCH]
                names = {p.resolve(): r.path for p, r in items}
                result = jing.run(schema, [p for p, _ in items], names, compact=compact)
                if result.schema and schema in self.options:
                    raise UsageError(result.schema)
                for path, report in items:
                    if result.schema:  # a declared schema Jing cannot use
                        report.issues.append(
                            _unusable(
                                report.path,
                                self.declared[path, schema],
                                TeiEditionError(result.schema),
                            )
                        )
                    report.issues.extend(result.files.get(path.resolve(), []))
                    report.issues[:] = _ordered(report.issues)
        self.groups.clear()


def _ordered(issues: list[Issue]) -> list[Issue]:
    """``issues`` in the order of their places, each problem once: a finding made twice
    (the same rule, place and message, say by two schemas declaring the same rules) is
    kept the first time. Findings that differ in their message or place are different
    problems, even on one line."""
    unique: dict[tuple[str, int, int, str], Issue] = {}
    for issue in issues:
        unique.setdefault((issue.rule, issue.line, issue.column, issue.message), issue)
    return sorted(unique.values(), key=lambda i: (i.line, i.column))


def _schematron_for(schema: Schema) -> Schematron:
    if schema.embedded:
        return _embedded(schema.path.resolve(), schema.path.stat().st_mtime_ns)
    return compiled_schematron(schema.path)


@lru_cache(maxsize=4)
def _embedded(path: Path, mtime_ns: int) -> Schematron:
    try:
        data = read_bytes(path)
        rng = parse_bytes(data, display_path(path), base_url=path.as_uri())
        refuse_external_doctype(rng, display_path(path), data)
    except TeiEditionError as exc:
        raise UsageError(exc.issues) from None
    found = embedded_schematron(rng)
    if found is None:  # pragma: no cover - kinds_of only offers schemas that embed rules
        raise UsageError(Issue(display_path(path), rule="schematron", message="no Schematron"))
    try:
        return Schematron(found, name=path.name, origin=path)
    except UsageError:
        raise
    except TeiEditionError as exc:
        raise UsageError(exc.issues) from None


_XSD: dict[tuple[Path, tuple[tuple[Path, int], ...]], etree.XMLSchema] = {}
"""Compiled XML Schemas by their file and the bytes of every file they are made of."""


def _xsd(path: Path) -> etree.XMLSchema:
    """The W3C XML Schema at ``path``, compiled from files :mod:`tei_edition.validate.schemarefs`
    read and checked first (nothing from a URL or from outside the schema's folder, no
    external DTD); libxml2 is given their bytes and opens nothing itself."""
    try:
        files = schemarefs.xsd_files(path)
        key = (path.resolve(), tuple((p, hash(data)) for p, data in sorted(files.items())))
        if key in _XSD:
            return _XSD[key]
        tree = schemarefs.xsd_tree(path)
    except TeiEditionError as exc:  # an unusable or refused schema is a usage error
        raise UsageError(exc.issues) from None
    try:
        compiled = etree.XMLSchema(tree)
    except etree.XMLSchemaParseError as exc:
        raise UsageError(
            Issue(display_path(path), rule="schema", message=f"not a usable XML Schema: {exc}")
        ) from None
    if len(_XSD) >= 8:
        _XSD.pop(next(iter(_XSD)))
    _XSD[key] = compiled
    return compiled


def _xsd_issues(
    schema: Schema,
    tree: etree._ElementTree,
    name: str,
    positions: SourcePositions | None = None,
) -> list[Issue]:
    xsd = _xsd(schema.path)
    if xsd.validate(tree):
        return []
    issues = []
    where = _libxml2_positions(tree, positions)
    for e in xsd.error_log:
        line, column = e.line or 0, e.column or 0
        if not column:
            line, column = where(line, e.message)
        issues.append(
            Issue(
                name,
                line,
                column,
                source="xsd",
                rule="xsd",
                message=f"{e.message.strip()} ({schema.label})",
            )
        )
    return issues


def _refused(exc: TeiEditionError) -> bool:
    """Whether a schema was refused as unsafe (rule ``doctype`` or ``*-refused``)."""
    rule = exc.issues[0].rule if exc.issues else ""
    return rule == "doctype" or rule.endswith("-refused")


def _unusable(name: str, schema: Schema, exc: TeiEditionError) -> Issue:
    """A declared schema that cannot be used: a warning, unless it was refused as unsafe
    (rule ``doctype`` or ``*-refused``), which is an error naming why."""
    reason = exc.issues[0].message if exc.issues else "unusable"
    rule = exc.issues[0].rule if exc.issues else ""
    refused = _refused(exc)
    return Issue(
        name,
        schema.line,
        1,
        severity="error" if refused else "warning",
        source="schema",
        rule=rule if refused else "schema",
        message=f"schema {schema.label} {'refused' if refused else 'not checked'}: {reason}",
    )


def _check(
    p: Path,
    report: FileReport,
    *,
    schemas: list[Schema] | None,
    use_schematron: bool,
    pending: _Pending,
    engine: str,
) -> None:
    name = report.path
    try:
        data = read_bytes(p)
    except UsageError as exc:  # never read: no stage ran
        report.issues.extend(exc.issues)
        report.unreadable = True
        return
    except TeiEditionError as exc:  # read, but empty or too large
        report.stages.append("well-formed")
        report.issues.extend(exc.issues)
        return
    report.stages.append("well-formed")
    try:
        tree = parse_bytes(data, name, base_url=p.resolve().as_uri(), allow_duplicate_ids=True)
        require_tei(tree, name)
    except TeiEditionError as exc:
        report.issues.extend(exc.issues)
        return

    if schemas is not None:
        choice = Choice(schemas=list(schemas), origin="option")
    else:
        choice = with_fallback(declared(tree, p, name), name)
    report.schemas = [display_path(s.path) for s in choice.schemas]
    issues = list(choice.issues)
    profile = choice.profile
    grammars = [s for s in choice.schemas if s.grammar]
    rules = [s for s in choice.schemas if s.kind == "schematron"] if use_schematron else []
    positions = SourcePositions(tree, data)
    if not any(_is_profile_sch(s) for s in rules):
        # The profile's Schematron makes these checks itself (and more precisely).
        issues += tei_checks(tree, name, "error" if profile else "warning", positions)
    use_jing = engine != "libxml2" and jing.available() and _jing_can_read(tree)
    if any(s.kind == "relaxng" for s in grammars):
        report.stages.append("relaxng")
    if any(s.kind == "xsd" for s in grammars):
        report.stages.append("xsd")
    for schema in grammars:
        if schema.kind == "relaxng":
            try:  # what it includes, before Jing or libxml2 reads any of it
                schemarefs.check_relaxng(schema.path, schema.compact)
            except TeiEditionError as exc:
                issues.append(_unusable(name, schema, exc))
                continue
        if schema.kind == "xsd":
            try:
                issues += _xsd_issues(schema, tree, name, positions)
            except TeiEditionError as exc:
                issues.append(_unusable(name, schema, exc))
        elif use_jing and (engine == "jing" or not _is_profile_rng(schema)):
            pending.add(schema, p, report)
        elif schema.compact:
            issues.append(
                Issue(
                    name,
                    schema.line,
                    1,
                    severity="warning",
                    source="schema",
                    rule="schema",
                    message=f"schema {schema.label} (RELAX NG compact syntax) needs Java and "
                    "Jing: not checked",
                )
            )
        else:
            try:
                rng = compiled_relaxng(schema.path)
            except TeiEditionError as exc:
                issues.append(_unusable(name, schema, exc))
                continue
            issues += _relaxng_issues(rng, tree, name, schema.path.resolve(), positions)
    if rules:
        report.stages.append("schematron")
    for schema in rules:
        mine = _is_profile_sch(schema)  # once: it resolves paths
        try:
            sch = _schematron_for(schema)
            markers = TEXT_MARKERS if mine else {}
            findings = sch.findings(tree, markers, positions)
        except TeiEditionError as exc:
            if schemas is not None and _refused(exc):
                # rules given as an option that read what they may not: refused for the run
                raise UsageError(exc.issues) from None
            issues.append(_unusable(name, schema, exc))
            continue
        for finding in findings:
            issues.append(
                Issue(
                    name,
                    finding.line,
                    finding.column,
                    severity=finding.severity,
                    source="schematron",
                    rule=finding.rule or "schematron",
                    message=finding.message if mine else f"{finding.message} ({schema.label})",
                )
            )
    report.issues.extend(_ordered(issues))


def validate_file(
    path: Path | str,
    *,
    schema: Path | str | None = None,
    schemas: Sequence[Path | str] = (),
    schematron_file: Path | str | None = None,
    use_schematron: bool = True,
    engine: str = "auto",
) -> FileReport:
    """Validate one file; problems reading it are reported, not raised."""
    report = validate_paths(
        [path],
        schema=schema,
        schemas=schemas,
        schematron=use_schematron,
        schematron_file=schematron_file,
        engine=engine,
    )
    return report.files[0]


def _option_schemas(
    schema: Path | str | None,
    schemas: Sequence[Path | str],
    schematron: bool,
    schematron_file: Path | str | None,
) -> list[Schema] | None:
    given = [Path(s) for s in ([schema] if schema is not None else []) + list(schemas)]
    if schematron_file is not None:
        given.append(Path(schematron_file))
    if not given:
        return None
    chosen = from_options(given)
    # Compile first: a schema that cannot be used is a usage error for the whole run.
    for s in chosen:
        if s.kind == "relaxng":
            try:  # whether Jing or libxml2 will read it
                schemarefs.check_relaxng(s.path, s.compact)
            except TeiEditionError as exc:
                raise UsageError(exc.issues) from None
        if s.kind == "relaxng" and not s.compact and (not jing.available() or _is_profile_rng(s)):
            compiled_relaxng(s.path)  # Jing reports a bad schema when it runs
        elif s.kind == "xsd":
            _xsd(s.path)
        elif s.kind == "schematron" and schematron:
            _schematron_for(s)
    return chosen


def validate_paths(
    paths: Sequence[Path | str] = (),
    *,
    schema: Path | str | None = None,
    schemas: Sequence[Path | str] = (),
    schematron: bool = True,
    schematron_file: Path | str | None = None,
    progress: Progress | None = None,
    engine: str = "auto",
) -> Report:
    """Validate files and directories (default: the bundled edition).

    Each document is checked against ``schemas`` (and ``schema``, ``schematron_file``)
    when given, else against the schemas it declares (see
    :mod:`tei_edition.validate.declarations`), else against tei_all. RELAX NG runs in Jing
    where Java is present (one JVM per schema for all files), else in libxml2;
    ``engine="libxml2"`` or ``"jing"`` forces one. The project's own RELAX NG runs in
    libxml2 unless ``engine="jing"``. Schematron runs unless ``schematron`` is false.
    A problem with one file is reported and the others are still validated. Raises
    :class:`UsageError` only when a schema given as an option cannot be used.
    """
    if engine not in ("auto", "jing", "libxml2"):
        raise UsageError(f"unknown engine {engine!r}")
    targets = list(paths) or [resources.bundled_edition()]
    chosen = _option_schemas(schema, schemas, schematron, schematron_file)
    files, problems = collect_files(targets)
    report = Report(
        files=list(problems),
        schema=", ".join(display_path(s.path) for s in chosen if s.grammar)
        if chosen is not None
        else "declared",
        schematron=(
            ", ".join(display_path(s.path) for s in chosen if s.kind == "schematron")
            if chosen is not None
            else "declared"
        )
        if schematron
        else "",
    )
    pending = _Pending(options={s.path.resolve() for s in chosen or []})
    for f in progress(files) if progress else files:
        file_report = FileReport(display_path(f))
        report.files.append(file_report)
        _check(
            Path(f),
            file_report,
            schemas=chosen,
            use_schematron=schematron,
            pending=pending,
            engine=engine,
        )
    pending.run()
    return report
