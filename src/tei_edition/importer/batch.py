"""Importing every transcription of a folder: one draft and one worklist per source.

A source that must be refused (not UTF-8, empty, not in the archive's layout) is reported
with its line and the others are still imported. Names that are in no register and occur
in several documents are gathered once for the whole batch, so that an editor can grow one
register for a collection. Drafts written into an edition folder point into its register
(:mod:`.edition`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tei_edition.importer import ImportResult, import_source
from tei_edition.importer.edition import EditionRegister, edition_for
from tei_edition.importer.names import Register, load_register
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.read.xmlparse import display_path

WORKLIST_SUFFIX = ".worklist.json"


@dataclass
class BatchItem:
    """One source of the batch: its draft, or the problems that refused it."""

    source: Path
    result: ImportResult | None = None
    problems: list[Issue] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.result is None

    def summary(self) -> str:
        """One line: the draft and its worklist items by kind, or the first problem."""
        name = display_path(self.source)
        if self.result is None:
            first = self.problems[0] if self.problems else None
            why = f": {first.format()}" if first is not None else ""
            return f"{name}: refused{why}"
        counts = self.result.worklist.counts()
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "nothing"
        return f"{name}: draft written to {display_path(self.result.output)} (worklist: {kinds})"


@dataclass
class Batch:
    items: list[BatchItem] = field(default_factory=list)

    @property
    def refused(self) -> list[BatchItem]:
        return [item for item in self.items if item.refused]

    def shared_unknown_names(self) -> dict[str, list[str]]:
        """Names in no register found in two or more documents: name → their sources."""
        found: dict[str, list[str]] = {}
        for item in self.items:
            if item.result is None:
                continue
            names = {w.text.rstrip(".,;:") for w in item.result.worklist.items if w.kind == "name"}
            for name in sorted(n for n in names if n):
                found.setdefault(name, []).append(item.source.name)
        return {name: docs for name, docs in sorted(found.items()) if len(docs) > 1}

    def names_report(self) -> str:
        shared = self.shared_unknown_names()
        if not shared:
            return "Names in several documents and in no register: none"
        lines = [f"Names in several documents and in no register ({len(shared)}):"]
        lines.extend(f"  {name}: {', '.join(docs)}" for name, docs in shared.items())
        return "\n".join(lines)


def sources(folder: Path | str) -> list[Path]:
    """The ``*.txt`` files of ``folder`` in name order (a usage error if it has none)."""
    root = Path(folder)
    found = sorted(p for p in root.glob("*.txt") if p.is_file())
    if not found:
        raise UsageError(Issue(display_path(root), rule="io", message="no *.txt file to import"))
    return found


def targets(source: Path, outdir: Path) -> tuple[Path, Path]:
    """The draft and the worklist written for ``source`` in ``outdir``."""
    return outdir / f"{source.stem}.xml", outdir / f"{source.stem}{WORKLIST_SUFFIX}"


def check_targets(files: Iterable[Path], outdir: Path, force: bool) -> None:
    """Refuse, before anything is written, to overwrite drafts or worklists (unless force)."""
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(Issue(display_path(outdir), rule="io", message="is a file, not a folder"))
    if force:
        return
    existing = [t for f in files for t in targets(f, outdir) if t.exists()]
    if existing:
        raise UsageError(
            [
                Issue(
                    display_path(t),
                    rule="overwrite",
                    message="already exists (use --force to overwrite it)",
                )
                for t in existing
            ]
        )


def import_each(
    files: Iterable[Path],
    outdir: Path,
    register: Register | None,
    force: bool = False,
    edition: EditionRegister | None = None,
) -> Iterator[BatchItem]:
    """Import each source in turn; a refused one gives its problems, not an exception.
    With ``edition`` (see :func:`.edition_for`), its register is the one tagged against."""
    for source in files:
        draft, worklist = targets(source, outdir)
        try:
            result = import_source(
                source,
                draft,
                registers=None if edition is not None else register,
                worklist=worklist,
                force=force,
                edition=edition,
            )
        except TeiEditionError as exc:
            yield BatchItem(source, problems=list(exc.issues))
            continue
        yield BatchItem(source, result)


def import_folder(
    folder: Path | str,
    outdir: Path | str,
    *,
    registers: Path | str | None = None,
    force: bool = False,
    edition: Path | str | None = None,
) -> Batch:
    """Import every ``*.txt`` of ``folder`` into ``outdir``; see :class:`Batch`. Into an
    edition folder (``edition``, by default the one holding ``outdir``) the drafts point
    into its register."""
    files = sources(folder)
    out = Path(outdir)
    check_targets(files, out, force)
    target = edition_for(out, edition, registers)
    register = load_register(registers) if registers is not None and target is None else None
    return Batch(list(import_each(files, out, register, force, target)))
