"""Importing a document in the Wilson Center Digital Archive's layout as a TEI draft.

``import_source`` reads the source, builds the draft (:mod:`.draft`), checks that nothing
was dropped and that the draft is valid, and writes it and its worklist atomically. A draft
written into an edition folder is one of its documents: its names point into the edition's
register (:mod:`.edition`).
"""

from __future__ import annotations

import difflib
import os
import tempfile
from copy import deepcopy
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from tei_edition import NS, TEI_NS
from tei_edition.fidelity import diplomatic_words, unescape_markdown
from tei_edition.fsutil import atomic_write, ensure_folder
from tei_edition.importer.draft import Draft, build_draft
from tei_edition.importer.edition import EditionRegister, edition_for
from tei_edition.importer.layout import ArchiveDocument, parse_archive, read_archive
from tei_edition.importer.names import Register, load_register
from tei_edition.importer.worklist import WorkItem, Worklist
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.read.xmlparse import display_path, unwrap
from tei_edition.validate import validate_file
from tei_edition.validate.edition import resolved_by_the_edition

__all__ = [
    "ArchiveDocument",
    "Draft",
    "EditionRegister",
    "ImportResult",
    "Register",
    "WorkItem",
    "Worklist",
    "build_draft",
    "check_fidelity",
    "draft_from_source",
    "edition_for",
    "import_source",
    "load_register",
    "parse_archive",
    "read_archive",
    "write_valid",
]


@dataclass
class ImportResult:
    output: Path
    draft: Draft
    worklist_path: Path | None = None
    problems: list[Issue] = field(default_factory=list)
    edition: EditionRegister | None = None
    """The edition the draft was written into, whose register its names point into."""

    @property
    def worklist(self) -> Worklist:
        return self.draft.worklist


def draft_from_source(source: Path | str, registers: Path | str | Register | None = None) -> Draft:
    """Read ``source`` and build its draft in memory (nothing is written)."""
    return build_draft(read_archive(source), _register(registers))


def _register(registers: Path | str | Register | None) -> Register | None:
    if registers is None or isinstance(registers, Register):
        return registers
    return load_register(registers)


def import_source(
    source: Path | str,
    output: Path | str,
    *,
    registers: Path | str | Register | None = None,
    worklist: Path | str | None = None,
    force: bool = False,
    edition: Path | str | EditionRegister | None = None,
) -> ImportResult:
    """Import ``source`` into the TEI draft ``output`` (and the JSON ``worklist``).

    Refuses to overwrite ``output`` (or ``worklist``) unless ``force``. Writes nothing when
    the source cannot be read as a document in the archive's layout, or when the draft
    would drop or change a word of the source or would not be valid.

    A draft written into an edition folder (``edition``, by default the one holding
    ``output``, see :func:`~tei_edition.importer.edition.edition_for`) is tagged against the
    edition's register and points into it (``registers.xml#id``), with no ``standOff``;
    ``registers`` may then only name that register. Elsewhere, names are tagged against
    ``registers`` and point into the draft's own ``standOff`` (``#id``).
    """
    out = Path(output)
    targets = [out] + ([Path(worklist)] if worklist is not None else [])
    for target in targets:
        if target.is_dir():
            raise UsageError(
                Issue(display_path(target), rule="io", message="is a directory, not a file")
            )
        if target.exists() and not force:
            raise UsageError(
                Issue(
                    display_path(target),
                    rule="overwrite",
                    message="already exists (use --force to overwrite it)",
                )
            )
    for target in targets:
        if Path(source).exists() and target.resolve() == Path(source).resolve():
            raise UsageError(
                Issue(display_path(target), rule="io", message="would overwrite the source")
            )
    if worklist is not None and Path(worklist).resolve() == out.resolve():
        raise UsageError(
            Issue(
                display_path(worklist),
                rule="io",
                message="the worklist and the draft must be different files",
            )
        )
    home = (
        edition
        if isinstance(edition, EditionRegister)
        else edition_for(out.parent, edition, registers)
    )
    doc = read_archive(source)
    if home is not None:
        draft = build_draft(doc, home.register, pointer=home.pointer)
    else:
        draft = build_draft(doc, _register(registers))
    problems = check_fidelity(draft, doc)
    if problems:
        raise TeiEditionError(problems)
    for target in targets:  # both folders usable before anything is written
        ensure_folder(target.parent)
    write_valid(draft, out, home.path if home is not None else None)
    result = ImportResult(out, draft, edition=home)
    if worklist is not None:
        result.worklist_path = atomic_write(Path(worklist), draft.worklist.as_json())
    return result


def check_fidelity(draft: Draft, doc: ArchiveDocument) -> list[Issue]:
    """The draft's diplomatic reading against the source's words; one issue per difference."""
    source: list[tuple[str, int]] = [
        (w, line.number) for line in doc.body for w in unescape_markdown(line.text).split()
    ]
    words = diplomatic_words(_in_source_order(draft.tree))
    expected = [w for w, _ in source]
    if expected == words:
        return []
    # difflib's matcher takes time in the product of the lengths it compares when, as in
    # prose, words repeat: beyond DIFF_BUDGET, only the words between the first difference
    # and the last are compared, and when they are still too many, the first difference
    # alone is reported
    head, tail = 0, 0
    if len(expected) * len(words) > DIFF_BUDGET:
        shortest = min(len(expected), len(words))
        while head < shortest and expected[head] == words[head]:
            head += 1
        while (
            tail < shortest - head
            and expected[len(expected) - 1 - tail] == words[len(words) - 1 - tail]
        ):
            tail += 1
    a, b = expected[head : len(expected) - tail], words[head : len(words) - tail]
    if len(a) * len(b) > DIFF_BUDGET:
        opcodes = [("replace", 0, min(len(a), 8), 0, min(len(b), 8))]
    else:
        opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    issues: list[Issue] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        i1, i2, j1, j2 = i1 + head, i2 + head, j1 + head, j2 + head
        line = source[min(i1, len(source) - 1)][1] if source else 0
        shown = " ".join(w for w, _ in source[i1:i2][:8]) or "(nothing)"
        became = " ".join(words[j1:j2][:8]) or "(nothing)"
        issues.append(
            Issue(
                doc.path,
                line,
                1,
                rule="import-fidelity",
                message=f"the draft would read {became!r} where the source reads {shown!r}: "
                "no draft written",
            )
        )
    if len(a) * len(b) > DIFF_BUDGET:
        issues.append(
            Issue(
                doc.path,
                rule="import-fidelity",
                message="the draft and the source differ further on (only the first "
                "difference is shown): no draft written",
            )
        )
    return issues


DIFF_BUDGET = 25_000_000
"""Words of the source times words of the draft that are compared word by word at most (a
text of 5,000 words); see :func:`check_fidelity`."""


def _in_source_order(tree: etree._ElementTree) -> etree._ElementTree:
    """A copy of the draft read as the source has it: the paragraphs inside a bracket over
    several are lines of the bracket (``[`` and ``]`` stand against their words); footnotes
    have their mark (``@n``) in the text and their words at the end of the body."""
    spans = tree.xpath("//tei:text//tei:note[tei:p]", namespaces=NS)
    notes = tree.xpath("//tei:text//tei:note[@place='foot']", namespaces=NS)
    if not spans and not notes:
        return tree
    copy = deepcopy(tree)
    for note in copy.xpath("//tei:text//tei:note[tei:p]", namespaces=NS):
        for k, p in enumerate(note.findall(f"{{{TEI_NS}}}p")):
            if k:
                note.insert(note.index(p), etree.Element(f"{{{TEI_NS}}}lb"))
            unwrap(p)
    body = copy.find(f".//{{{TEI_NS}}}body")
    assert body is not None
    end = body
    while len(end) and etree.QName(end[-1]).localname == "div":
        end = end[-1]
    for note in copy.xpath("//tei:text//tei:note[@place='foot']", namespaces=NS):
        mark = (note.get("n") or "") + (note.tail or "")
        parent, previous = note.getparent(), note.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + mark
        else:
            parent.text = (parent.text or "") + mark
        parent.remove(note)
        note.tail = None
        note.set("place", "inline")
        moved = etree.SubElement(end, f"{{{TEI_NS}}}ab")
        moved.text = (note.get("n") or "") + " "
        moved.append(note)
        del note.attrib["n"]
    return copy


def write_valid(draft: Draft, out: Path, register: Path | None = None) -> None:
    """Write the draft atomically, after checking it against the project's schemas.

    ``register``: the shared register of the edition the draft is written into; its
    pointers into it (``registers.xml#id``) are the edition's to resolve, as when
    ``tei-edition validate`` reads a document of an edition (every one of them names an
    entry the register has: the draft was tagged against it).
    """

    ensure_folder(out.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".xml", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(draft.to_bytes())
        report = validate_file(tmp)
        issues = report.issues
        if register is not None:
            issues = resolved_by_the_edition(issues, out, register)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise TeiEditionError(
                [
                    replace(i, file=display_path(out), message=i.message + " (draft not written)")
                    for i in errors
                ]
            )
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
