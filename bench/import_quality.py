"""Import quality: import the memoir's source with the edition's registers and compare.

Prints precision and recall of name references (persName/placeName/orgName, compared per
paragraph as multisets of (element, ref)) and of date values, then each difference.

    .venv/bin/python bench/import_quality.py [SOURCE] [EDITION]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tei_edition.importer import draft_from_source
from tei_edition.importer.quality import compare_drafts

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "edition" / "source" / "mikoyan-recollections-1958.txt"
EDITION = ROOT / "edition" / "mikoyan-recollections-1958.xml"


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else SOURCE
    edition = Path(argv[1]) if len(argv) > 1 else EDITION
    started = time.perf_counter()
    draft = draft_from_source(source, edition)
    elapsed = time.perf_counter() - started
    scores = compare_drafts(draft.tree, edition)
    print(f"import of {source.name} with the registers of {edition.name}: {elapsed:.2f} s")
    print(scores.format())
    counts = draft.worklist.counts()
    print("worklist: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
    if scores.differences:
        print("differences (paragraph, missing/extra, element, ref):")
        for diff in scores.differences:
            print(f"  {diff.block}: {diff.kind} {' '.join(diff.key)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
