"""Time validation and every export, on the bundled edition and on a generated corpus.

    .venv/bin/python bench/bench.py [--runs 5] [--corpus 200] [--no-pdf] [--json]

For each step it prints the median wall time of the warm runs (stylesheets and schemas
already compiled), the first (cold) run, and the peak Python heap (tracemalloc) of one
warm run; at the end, the process's peak resident memory (Saxon's and FOP's memory is
outside the Python heap). The corpus is made from tests/fixtures/transforms/sample.xml:
``--corpus`` documents of 1 to 12 copies of its text, each with its own registers' ids;
its figures are milliseconds per document.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tei_edition.resources import bundled_edition  # noqa: E402
from tei_edition.transform.export import export  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "transforms" / "sample.xml"


def measure(step: Callable[[], object], runs: int) -> dict[str, float]:
    """Cold run, median of ``runs`` warm runs, peak Python heap of one warm run."""
    start = time.perf_counter()
    step()
    cold = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"cold_s": cold, "median_s": statistics.median(times), "heap_mib": peak / 2**20}


def make_corpus(folder: Path, n: int) -> list[Path]:
    """``n`` TEI documents of growing size, from the sample."""
    text = SAMPLE.read_text(encoding="utf-8")
    body_start = text.index("<body>") + len("<body>")
    body_end = text.index("</body>")
    body = text[body_start:body_end]
    paths = []
    for i in range(n):
        copies = 1 + i % 12
        div = re.sub(r'xml:id="([^"]+)"', lambda m, k=0: f'xml:id="{m.group(1)}-{{k}}"', body)
        parts = [
            div.replace("{k}", str(k)).replace(
                'corresp="#gloss-rezhim"', f'corresp="#gloss-rezhim-{k}"'
            )
            for k in range(copies)
        ]
        doc = text[:body_start] + "".join(parts) + text[body_end:]
        doc = doc.replace("A Sample Recollection", f"Sample Recollection {i + 1}")
        path = folder / f"doc-{i + 1:03d}.xml"
        path.write_text(doc, encoding="utf-8")
        paths.append(path)
    return paths


def bench(runs: int, corpus_size: int, pdf: bool) -> dict[str, object]:
    results: dict[str, object] = {}
    edition = bundled_edition()
    with tempfile.TemporaryDirectory(prefix="tei-edition-bench-") as tmp:
        out = Path(tmp) / "out"
        steps: dict[str, Callable[[], object]] = {}
        try:
            from tei_edition.validate import validate_paths

            steps["validate"] = lambda: validate_paths([edition])
        except ImportError:
            pass
        for fmt in ("html", "text", "fo"):
            steps[f"export {fmt}"] = lambda fmt=fmt: export(edition, [fmt], out)
        steps["export text (diplomatic)"] = lambda: export(
            edition, ["text"], out, reading="diplomatic"
        )
        if pdf and shutil.which("fop"):
            steps["export pdf"] = lambda: export(edition, ["pdf"], out)
        edition_results = {}
        for name, step in steps.items():
            edition_results[name] = measure(step, max(1, runs // 2) if "pdf" in name else runs)
        results["edition"] = edition_results

        folder = Path(tmp) / "corpus"
        folder.mkdir()
        docs = make_corpus(folder, corpus_size)
        corpus_results = {}
        corpus_steps: dict[str, Callable[[], object]] = {}
        if "validate" in steps:
            from tei_edition.validate import validate_paths

            corpus_steps["validate"] = lambda: validate_paths([folder])
        for fmt in ("html", "text", "fo"):
            corpus_steps[f"export {fmt}"] = lambda fmt=fmt: [
                export(doc, [fmt], out / "corpus") for doc in docs
            ]
        for name, step in corpus_steps.items():
            m = measure(step, 1)
            corpus_results[name] = {
                "total_s": m["median_s"],
                "per_doc_ms": 1000 * m["median_s"] / len(docs),
                "heap_mib": m["heap_mib"],
            }
        results["corpus"] = {
            "documents": len(docs),
            "bytes": sum(d.stat().st_size for d in docs),
            "steps": corpus_results,
        }
    results["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["edition_bytes"] = edition.stat().st_size
    return results


def report(results: dict) -> str:
    lines = [f"Edition ({results['edition_bytes'] / 1024:.0f} KiB): median of warm runs"]
    lines.append(f"  {'step':28} {'median ms':>10} {'cold ms':>10} {'heap MiB':>9}")
    for name, m in results["edition"].items():
        lines.append(
            f"  {name:28} {1000 * m['median_s']:10.1f} {1000 * m['cold_s']:10.1f} "
            f"{m['heap_mib']:9.1f}"
        )
    corpus = results["corpus"]
    lines.append(
        f"Corpus: {corpus['documents']} generated documents "
        f"({corpus['bytes'] / 1024:.0f} KiB in all)"
    )
    lines.append(f"  {'step':28} {'total s':>10} {'ms/doc':>10} {'heap MiB':>9}")
    for name, m in corpus["steps"].items():
        lines.append(
            f"  {name:28} {m['total_s']:10.2f} {m['per_doc_ms']:10.1f} {m['heap_mib']:9.1f}"
        )
    lines.append(f"Peak resident memory of the process: {results['peak_rss_mib']:.0f} MiB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs per step (median)")
    parser.add_argument("--corpus", type=int, default=200, help="documents in the corpus")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF (Apache FOP)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    results = bench(args.runs, args.corpus, not args.no_pdf)
    print(json.dumps(results, indent=2) if args.json else report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
