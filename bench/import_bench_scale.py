"""How the time of `tei-edition import` grows with the size of the source.

    .venv/bin/python bench/import_bench_scale.py [--line-kib 200] [--paragraphs 2000]
        [--large-mib 5] [--runs 1] [--no-registers] [--keep DIR]

Generates transcriptions in the archive's layout from the prose paragraphs of the edition's
sources (``edition/source/*.txt``: names, the translator's brackets, dates), and imports each
as ``import_source`` does, with the edition's register unless ``--no-registers``:

1. the text on one single line, of ``--line-kib`` KiB and twice that;
2. ``--paragraphs`` paragraphs (one line each) and twice as many;
3. a text of ``--large-mib`` MiB (paragraphs of one line each).

For each it prints the seconds of the draft (reading the source, building the draft, the
check that no word was lost), of writing it (the validation against the project's schemas,
then the write) and of both; for each pair, the ratios of the second to the first: twice the
input should take about twice the time (4 is quadratic growth). The goals: a ratio of at
most 2.2, and the large text under 30 s. ``--keep DIR`` writes the generated sources and
drafts there.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tei_edition.importer import (  # noqa: E402
    build_draft,
    check_fidelity,
    load_register,
    read_archive,
    write_valid,
)
from tei_edition.importer.blocks import ends_sentence  # noqa: E402
from tei_edition.importer.names import Register  # noqa: E402

SOURCES = ROOT / "edition" / "source"
REGISTERS = ROOT / "edition" / "registers.xml"
LINE_GOAL = 2.2
LARGE_GOAL = 30.0

FRONT = """## **January 8, 1949**

### **Cable, Mao Zedong to Stalin**

#### **Citation:**

"Cable, Mao Zedong to Stalin", January 8, 1949, Wilson Center Digital Archive.

#### **Original Language:**

Russian

#### **Contents:**

Translation - English

"""


def prose() -> list[str]:
    """The paragraphs of the edition's sources that are sentences (not headings, openers,
    signatures), in file order."""
    found: list[str] = []
    for path in sorted(SOURCES.glob("*.txt")):
        for line in read_archive(path).body:
            text = line.text.strip()
            if len(text) >= 80 and ends_sentence(text):
                found.append(text)
    return found


def single_line(size: int) -> str:
    """A source whose text is one line of at least ``size`` bytes."""
    parts: list[str] = []
    total = 0
    for para in itertools.cycle(prose()):
        parts.append(para)
        total += len(para.encode("utf-8")) + 1
        if total >= size:
            break
    return FRONT + " ".join(parts) + "\n"


def paragraphs(count: int) -> str:
    """A source whose text is ``count`` paragraphs, one line each, blank lines between."""
    paras = list(itertools.islice(itertools.cycle(prose()), count))
    return FRONT + "\n\n".join(paras) + "\n"


def paragraphs_of_size(size: int) -> str:
    """A source of one-line paragraphs, of at least ``size`` bytes."""
    parts: list[str] = []
    total = len(FRONT)
    for para in itertools.cycle(prose()):
        parts.append(para)
        total += len(para.encode("utf-8")) + 2
        if total >= size:
            break
    return FRONT + "\n\n".join(parts) + "\n"


def timed(source: Path, out: Path, register: Register | None, runs: int) -> tuple[float, float]:
    """Median seconds of the draft (read, build, check) and of writing it (validate, write)."""
    drafts: list[float] = []
    writes: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        doc = read_archive(source)
        draft = build_draft(doc, register)
        problems = check_fidelity(draft, doc)
        built = time.perf_counter()
        if problems:
            raise SystemExit(f"{source}: {problems[0].format()}")
        write_valid(draft, out)
        drafts.append(built - start)
        writes.append(time.perf_counter() - built)
    return statistics.median(drafts), statistics.median(writes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--line-kib", type=int, default=200, help="the single line (KiB)")
    parser.add_argument("--paragraphs", type=int, default=2000, help="paragraphs of the text")
    parser.add_argument("--large-mib", type=float, default=5, help="the large import (MiB)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each (the median is shown)")
    parser.add_argument("--no-registers", action="store_true", help="tag no names")
    parser.add_argument("--keep", type=Path, default=None, help="keep the sources here")
    args = parser.parse_args()
    register = None if args.no_registers else load_register(REGISTERS)
    with tempfile.TemporaryDirectory(prefix="tei-edition-import-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        line = args.line_kib * 1024
        cases = [
            ("one line", f"{args.line_kib} KiB", single_line(line)),
            ("one line", f"{2 * args.line_kib} KiB", single_line(2 * line)),
            ("paragraphs", f"{args.paragraphs}", paragraphs(args.paragraphs)),
            ("paragraphs", f"{2 * args.paragraphs}", paragraphs(2 * args.paragraphs)),
            ("large", f"{args.large_mib:g} MiB", paragraphs_of_size(int(args.large_mib * 2**20))),
        ]
        warm = folder / "warm-up.txt"  # schemas compiled, caches filled: not timed
        warm.write_text(paragraphs(20), encoding="utf-8")
        timed(warm, folder / "warm-up.xml", register, 1)
        print(
            f"{'input':10} {'size':>9} {'bytes':>9} {'draft s':>8} {'write s':>8} {'total s':>8}"
            f" {'ratio draft':>11} {'ratio total':>11}  goal"
        )
        previous: tuple[float, float] | None = None
        for k, (kind, label, text) in enumerate(cases):
            source = folder / f"{kind.replace(' ', '-')}-{label.replace(' ', '')}.txt"
            source.write_text(text, encoding="utf-8")
            draft, write = timed(source, folder / f"{source.stem}.xml", register, args.runs)
            total = draft + write
            size = source.stat().st_size
            ratios, goal = f"{'':11} {'':11}", ""
            if k % 2 == 1 and kind != "large" and previous:
                first, second = draft / previous[0], total / (previous[0] + previous[1])
                ratios = f"{first:11.2f} {second:11.2f}"
                goal = f"<= {LINE_GOAL}: draft {_verdict(first <= LINE_GOAL)}, "
                goal += f"total {_verdict(second <= LINE_GOAL)}"
            elif kind == "large":
                goal = f"< {LARGE_GOAL:g} s: draft {_verdict(draft < LARGE_GOAL)}, "
                goal += f"total {_verdict(total < LARGE_GOAL)}"
            print(
                f"{kind:10} {label:>9} {size:9} {draft:8.2f} {write:8.2f} {total:8.2f} {ratios}"
                f"  {goal}",
                flush=True,
            )
            previous = (draft, write)
    return 0


def _verdict(ok: bool) -> str:
    return "ok" if ok else "ABOVE"


if __name__ == "__main__":
    sys.exit(main())
