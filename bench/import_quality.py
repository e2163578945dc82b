"""Import quality, on the memoir and on the archive's transcriptions of the test set.

1. The memoir's source imported with the edition's register (``edition/registers.xml``),
   compared with the edition.
2. Every transcription of ``tests/fixtures/archive/`` imported with its registers; those
   with a hand-checked reference (``reference/NAME.xml``) are compared with it.
3. The worklist's candidate names (no register) of the edition's transcriptions
   (``edition/source/*.txt``) and of the test set's, against the names their editions tag.

Prints precision and recall of name references (persName/placeName/orgName, compared per
paragraph as multisets of (element, ref)) and of date values, the share of square brackets
encoded (not left as text in seg[@type="unresolved"]), then each difference.

    .venv/bin/python bench/import_quality.py [SOURCE EDITION [REGISTERS]]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tei_edition.fidelity import unescape_markdown
from tei_edition.importer import draft_from_source, read_archive
from tei_edition.importer.quality import (
    CandidateScore,
    bracket_score,
    candidate_score,
    compare_drafts,
    score_sources,
)

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "edition" / "source" / "mikoyan-recollections-1958.txt"
EDITION = ROOT / "edition" / "mikoyan-recollections-1958.xml"
REGISTERS = ROOT / "edition" / "registers.xml"
ARCHIVE = ROOT / "tests" / "fixtures" / "archive"
REFERENCE = ARCHIVE / "reference"
SOURCES = ROOT / "edition" / "source"


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else SOURCE
    edition = Path(argv[1]) if len(argv) > 1 else EDITION
    registers = Path(argv[2]) if len(argv) > 2 else REGISTERS
    started = time.perf_counter()
    draft = draft_from_source(source, registers)
    elapsed = time.perf_counter() - started
    scores = compare_drafts(draft.tree, edition)
    body = "\n".join(unescape_markdown(line.text) for line in read_archive(source).body)
    print(f"import of {source.name} with the registers of {registers.name}: {elapsed:.2f} s")
    print(scores.format())
    print(bracket_score(draft.tree, body).format())
    counts = draft.worklist.counts()
    print("worklist: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
    if scores.differences:
        print("differences (paragraph, missing/extra, element, ref):")
        for diff in scores.differences:
            print(f"  {diff.block}: {diff.kind} {' '.join(diff.key)}")
    if argv:
        return 0
    pairs = [(p, REFERENCE / f"{p.stem}.xml") for p in sorted(ARCHIVE.glob("*.txt"))]
    started = time.perf_counter()
    total, brackets, each = score_sources(pairs, REFERENCE / "registers.xml")
    elapsed = time.perf_counter() - started
    print()
    print(
        f"archive transcriptions: {len(pairs)} imported in {elapsed:.2f} s, "
        f"{len(each)} compared with their hand-checked reference"
    )
    print(total.format())
    print(brackets.format())
    for name, doc_scores in each:
        print(
            f"  {name}: names {doc_scores.names.matched}/{doc_scores.names.expected}, "
            f"dates {doc_scores.dates.matched}/{doc_scores.dates.expected}"
        )
        for diff in doc_scores.differences:
            print(f"    {diff.block}: {diff.kind} {' '.join(diff.key)}")
    print()
    candidate_scores()
    return 0


def candidate_scores() -> None:
    """Candidate names of the transcriptions that have an edition, against its names."""
    sets = {
        "edition/source": [
            (p, ref)
            for p in sorted(SOURCES.glob("*.txt"))
            for ref in (
                ROOT / "edition" / f"{p.stem}.xml",
                ROOT / "edition" / "documents" / f"{p.stem}.xml",
            )
            if ref.is_file()
        ],
        "archive test set": [(p, r) for p, r in pairs_with_reference()],
    }
    for label, pairs in sets.items():
        total = CandidateScore()
        for source, reference in pairs:
            total.add(candidate_score(source, reference))
        print(f"{label} ({len(pairs)} documents): {total.format()}")
        print("  not names: " + ", ".join(repr(n) for n in total.not_names))


def pairs_with_reference() -> list[tuple[Path, Path]]:
    return [
        (p, REFERENCE / f"{p.stem}.xml")
        for p in sorted(ARCHIVE.glob("*.txt"))
        if (REFERENCE / f"{p.stem}.xml").is_file()
    ]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
