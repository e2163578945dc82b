"""Time the build of an edition's site on a generated edition of many documents.

    .venv/bin/python bench/site_bench.py [--docs 1000] [--small 100] [--json]

Generates an edition folder (``tei-edition new``) with ``--docs`` letters of about 15 KB,
each naming some twenty entries of a shared register of 300, and builds its site in one
process (no PDFs): validation of the edition, the document pages (both readings and the
text), the other pages, and Pagefind's index. Then it changes one document and builds
again (the rebuild), ``--rebuilds`` times (the median is given, and each), and builds
``--small`` documents apart, so that the marginal cost of a document is the difference
of the two full builds divided by the difference in documents. Prints wall times, the
load average before the first build, and the peak resident memory of this process and of
its children (Java for validation, Pagefind). Pagefind runs while the pages other than
the documents' are written, so the parts of a build add up to more than the whole.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tei_edition.site import build_site  # noqa: E402
from tei_edition.site.scaffold import new_edition  # noqa: E402

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<?xml-model href="http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"'
    ' type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
)
WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "that",
    "was",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "his",
    "had",
    "which",
    "were",
    "but",
    "not",
    "they",
    "this",
    "have",
    "been",
    "their",
    "would",
    "who",
    "there",
    "all",
    "one",
    "when",
    "more",
    "said",
    "into",
    "time",
    "them",
    "some",
    "could",
    "telegram",
    "committee",
    "question",
    "meeting",
    "comrade",
    "government",
    "delegation",
    "situation",
    "army",
    "party",
]
KINDS = ["Letter", "Cable", "Memorandum", "Minutes", "Report"]


def register(n: int) -> str:
    persons = "".join(
        f'<person xml:id="p{i}"><persName>Person {i}</persName><note>Someone.</note></person>'
        for i in range(n)
    )
    places = "".join(
        f'<place xml:id="l{i}"><placeName>Place {i}</placeName></place>' for i in range(n // 3)
    )
    return (
        f'{HEAD}<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        "<title>Registers</title></titleStmt><publicationStmt><p>Bench</p></publicationStmt>"
        "<sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader><standOff>"
        f"<listPerson>{persons}</listPerson><listPlace>{places}</listPlace></standOff></TEI>\n"
    )


def document(i: int, rng: random.Random, persons: int) -> str:
    year = 1940 + i % 20
    when = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    paras = []
    size = 0
    while size < 13_000:
        words = [rng.choice(WORDS) for _ in range(80)]
        p = rng.randrange(persons)
        words[10] = f'<persName ref="registers.xml#p{p}">Person {p}</persName>'
        words[40] = f'<placeName ref="registers.xml#l{p // 3}">Place {p // 3}</placeName>'
        words[60] = "<choice><sic>teh</sic><corr>the</corr></choice>"
        para = "<p>" + " ".join(words) + ".</p>"
        paras.append(para)
        size += len(para)
    kind = KINDS[i % len(KINDS)]
    return (
        f'{HEAD}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>'
        f'<titleStmt><title type="main">{kind} number {i}</title></titleStmt>'
        "<publicationStmt><p>Bench</p></publicationStmt><sourceDesc><p>Generated.</p>"
        "</sourceDesc></fileDesc><profileDesc>"
        f'<creation><date when="{when}">{when}</date></creation>'
        f"<abstract><p>A generated {kind.lower()}.</p></abstract>"
        f'<textClass><keywords><term type="kind">{kind}</term></keywords></textClass>'
        f"</profileDesc></teiHeader><text><body>{''.join(paras)}</body></text></TEI>\n"
    )


def make(folder: Path, n: int, persons: int = 300) -> Path:
    new_edition(folder)
    (folder / "documents" / "sample-letter.xml").unlink()
    (folder / "registers.xml").write_text(register(persons), encoding="utf-8")
    rng = random.Random(n)
    for i in range(n):
        (folder / "documents" / f"doc-{i:05d}.xml").write_text(
            document(i, rng, persons), encoding="utf-8"
        )
    return folder


def timed(folder: Path, out: Path) -> tuple[float, dict[str, float]]:
    start = time.perf_counter()
    result = build_site(folder, out, pdf=False)
    timings = {**result.timings, "written": len(result.written)}
    return time.perf_counter() - start, timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--rebuilds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        big = make(base / "big", args.docs)
        size = sum(p.stat().st_size for p in (big / "documents").glob("*.xml")) / args.docs
        small = make(base / "small", args.small)
        t_small, _ = timed(small, base / "out-small")
        t_big, timings = timed(big, base / "out-big")
        changed = big / "documents" / "doc-00007.xml"
        rebuilds = []
        for i in range(max(1, args.rebuilds)):
            text = changed.read_text(encoding="utf-8")
            a, b = ("teh", "thee") if i % 2 == 0 else ("thee", "teh")
            changed.write_text(text.replace(a, b, 1), encoding="utf-8")
            rebuilds.append(timed(big, base / "out-big"))
        rebuilds.sort(key=lambda r: r[0])
        t_re, re_timings = rebuilds[len(rebuilds) // 2]
        figures = {
            "load_average": round(load, 2),
            "documents": args.docs,
            "document_kb": round(size / 1024, 1),
            "build_s": round(t_big, 2),
            "check_s": round(timings.get("check", 0), 2),
            "document_pages_s": round(timings.get("documents", 0), 2),
            "other_pages_s": round(timings.get("pages", 0), 2),
            "pagefind_s": round(timings.get("pagefind", 0), 2),
            "marginal_ms_per_document": round(
                1000 * (t_big - t_small) / (args.docs - args.small), 1
            ),
            "rebuild_one_changed_s": round(t_re, 2),
            "rebuilds_s": [round(t, 2) for t, _ in rebuilds],
            "rebuild_check_s": round(re_timings.get("check", 0), 2),
            "rebuild_document_pages_s": round(re_timings.get("documents", 0), 2),
            "rebuild_other_pages_s": round(re_timings.get("pages", 0), 2),
            "rebuild_pagefind_s": round(re_timings.get("pagefind", 0), 2),
            "rebuild_files_written": re_timings["written"],
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "peak_rss_children_mb": round(
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            ),
        }
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        for key, value in figures.items():
            print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
