"""Time the build of an edition's site on a generated edition of many documents.

    .venv/bin/python bench/site_bench.py [--docs 1000] [--small 100] [--rebuilds 3] [--json]

Generates an edition folder (``tei-edition new``) with ``--docs`` letters of about 15 KB,
each naming some twenty entries of a shared register of 300, and builds its site in one
process (no PDFs): validation of the edition, the document pages (both readings and the
text), the other pages, and Pagefind's index. It builds ``--small`` documents apart too,
so that the marginal cost of a document is the difference of the two full builds divided
by the difference in documents. Then it builds the big one again with nothing changed,
and again after one changed document, ``--rebuilds`` times (the median is given, and
each): in the process that built it, as ``serve --watch`` does, and then each in a
process of its own, as ``tei-edition build`` does (without the start of the process and
the import of the program). ``--harvest`` makes the documents letters (a correspDesc
each) and gives the edition a contact address: the site has its OAI-PMH and CMIF files.
Prints wall times and their parts, the load average before the first build and after the
last, the size of the home page and of the largest list or entry page, and the peak
resident memory of this process (the builder) and of each program it starts (Java
for validation, Pagefind, the Python workers that render the document pages: the largest
process of each, read from ``/proc``; ``getrusage(RUSAGE_CHILDREN)``, printed too, counts a
child forked from the builder before its ``exec``, so it shows the builder's size).
Pagefind runs while the pages other than the documents' are written, so the parts of a
build add up to more than the whole.
``--docs 100000`` runs (long, and about 1.5 GB of generated TEI; not in CI).

``--curve 2000,5000`` also builds editions of those sizes, each in a process of its own (so
that its peak memory is its own): the whole build, a rebuild with nothing changed and one
after one changed document, the peak memory of the builder and of each program it starts.
With the two editions above they make the curve of the costs over the size; ``--plot
FILE.svg`` draws it (matplotlib: ``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
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


def document(i: int, rng: random.Random, persons: int, letters: bool = False) -> str:
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
    corresp = ""
    if letters:  # its sender and addressee, for the CMIF file
        a, b = rng.randrange(persons), rng.randrange(persons)
        corresp = (
            f'<correspDesc><correspAction type="sent"><persName ref="registers.xml#p{a}">'
            f'Person {a}</persName><date when="{when}"/></correspAction>'
            f'<correspAction type="received"><persName ref="registers.xml#p{b}">Person {b}'
            "</persName></correspAction></correspDesc>"
        )
    return (
        f'{HEAD}<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>'
        f'<titleStmt><title type="main">{kind} number {i}</title></titleStmt>'
        "<publicationStmt><p>Bench</p></publicationStmt><sourceDesc><p>Generated.</p>"
        "</sourceDesc></fileDesc><profileDesc>"
        f'<creation><date when="{when}">{when}</date></creation>{corresp}'
        f"<abstract><p>A generated {kind.lower()}.</p></abstract>"
        f'<textClass><keywords><term type="kind">{kind}</term></keywords></textClass>'
        f"</profileDesc></teiHeader><text><body>{''.join(paras)}</body></text></TEI>\n"
    )


def make(folder: Path, n: int, persons: int = 300, harvest: bool = False) -> Path:
    """An edition of ``n`` documents; with ``harvest``, letters (each with a correspDesc)
    and a contact address: its site has the files harvesters read (OAI-PMH, CMIF)."""
    new_edition(folder)
    (folder / "documents" / "sample-letter.xml").unlink()
    (folder / "registers.xml").write_text(register(persons), encoding="utf-8")
    if harvest:
        config = folder / "edition.toml"
        text = config.read_text(encoding="utf-8")
        config.write_text(
            text.replace("[edition]\n", '[edition]\ncontact_email = "editor@example.org"\n', 1),
            encoding="utf-8",
        )
    rng = random.Random(n)
    for i in range(n):
        (folder / "documents" / f"doc-{i:05d}.xml").write_text(
            document(i, rng, persons, harvest), encoding="utf-8"
        )
    return folder


class Children:
    """The peak resident memory of each process this one starts (and theirs), from
    ``/proc`` (Linux): every ``interval`` seconds a thread reads each descendant's
    ``VmHWM`` (its peak resident set so far), keeping the highest seen of each process,
    named by its program (java for validation, pagefind, python for the page workers).
    ``getrusage(RUSAGE_CHILDREN)`` gives only the largest child that was waited for."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak: dict[int, tuple[str, int]] = {}  # pid: (program, kB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Children:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            parents: dict[int, int] = {}
            status: dict[int, tuple[str, int]] = {}
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    text = Path(f"/proc/{entry}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
                parents[int(entry)] = int(fields.get("PPid", "0").strip() or 0)
                hwm = fields.get("VmHWM", "0 kB").split()[0]
                status[int(entry)] = (fields.get("Name", "?").strip(), int(hwm))
            mine = {me}
            grew = True
            while grew:  # the descendants of this process
                found = {pid for pid, parent in parents.items() if parent in mine} - mine
                grew = bool(found)
                mine |= found
            for pid in mine - {me}:
                name, kb = status[pid]
                if kb >= self.peak.get(pid, ("", 0))[1]:
                    self.peak[pid] = (name, kb)
            self._stop.wait(self.interval)

    def by_program(self) -> dict[str, dict[str, int]]:
        """For each program: how many processes, and the peak of the largest (MiB)."""
        found: dict[str, dict[str, int]] = {}
        for name, kb in self.peak.values():
            item = found.setdefault(name, {"processes": 0, "peak_mb": 0})
            item["processes"] += 1
            item["peak_mb"] = max(item["peak_mb"], round(kb / 1024))
        return dict(sorted(found.items()))


def timed(folder: Path, out: Path) -> tuple[float, dict[str, float]]:
    start = time.perf_counter()
    result = build_site(folder, out, pdf=False)
    timings = {**result.timings, "written": len(result.written)}
    return time.perf_counter() - start, timings


def timed_apart(folder: Path, out: Path) -> float:
    """A build in a process of its own (as ``tei-edition build`` runs): its seconds, the
    start of the process and the import of the program left out."""
    run = subprocess.run(
        [sys.executable, __file__, "--build", str(folder), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(f"the build of {folder} failed:\n{run.stderr[-2000:]}")
    return float(json.loads(run.stdout)["seconds"])


def parts(prefix: str, timings: dict[str, float]) -> dict[str, float]:
    return {
        f"{prefix}check_s": round(timings.get("check", 0), 2),
        f"{prefix}document_pages_s": round(timings.get("documents", 0), 2),
        f"{prefix}other_pages_s": round(timings.get("pages", 0), 2),
        f"{prefix}pagefind_s": round(timings.get("pagefind", 0), 2),
        f"{prefix}files_written": int(timings.get("written", 0)),
    }


def touch_one(folder: Path, i: int) -> None:
    """Change one word of one document (back and forth)."""
    changed = folder / "documents" / "doc-00007.xml"
    text = changed.read_text(encoding="utf-8")
    a, b = ("teh", "thee") if i % 2 == 0 else ("thee", "teh")
    changed.write_text(text.replace(a, b, 1), encoding="utf-8")


def own_peak_mb() -> float:
    """This process's peak resident memory: ``VmHWM``, which starts again at ``exec`` (Linux
    keeps ``ru_maxrss`` across it, so a child started by a large process would report that
    one's peak), else ``getrusage``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_size(folder: Path, out: Path) -> dict[str, object]:
    """(In a process of its own) build ``folder`` whole, again with nothing changed, and
    again after one changed document: the figures of one point of the curve."""
    with Children() as children:
        t_whole, whole = timed(folder, out)
        peak_whole = own_peak_mb()
        t_same, _ = timed(folder, out)
        touch_one(folder, 0)
        t_one, one = timed(folder, out)
    return {
        "build_s": round(t_whole, 2),
        **parts("", whole),
        "rebuild_nothing_changed_s": round(t_same, 2),
        "rebuild_one_changed_s": round(t_one, 2),
        **parts("rebuild_", one),
        "peak_rss_builder_mb": round(peak_whole),
        "peak_rss_children": children.by_program(),
    }


def curve_point(base: Path, n: int, persons: int = 300, harvest: bool = False) -> dict[str, object]:
    """One size of the curve, generated and built in a child process, then removed."""
    folder, out = make(base / f"curve-{n}", n, persons, harvest), base / f"curve-out-{n}"
    run = subprocess.run(
        [sys.executable, __file__, "--one", str(folder), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    if run.returncode != 0:
        raise SystemExit(f"the build of {n} documents failed:\n{run.stderr[-2000:]}")
    return {"documents": n, **json.loads(run.stdout)}


def plot(points: list[dict[str, object]], path: Path) -> None:
    """The curve: seconds of the whole build and of the rebuilds, and the builder's peak
    memory, over the number of documents (an SVG, the same for the same figures)."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "tei-edition"
    from matplotlib import pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
    for key, label in (
        ("build_s", "whole site"),
        ("rebuild_one_changed_s", "rebuild, one document changed"),
        ("rebuild_nothing_changed_s", "rebuild, nothing changed"),
    ):
        have = [(int(p["documents"]), float(p[key])) for p in points if key in p]  # type: ignore[call-overload, arg-type]
        left.plot([n for n, _ in have], [v for _, v in have], marker="o", label=label)
    # the goals: the whole site in 3 minutes at 10,000 documents and 30 at 100,000; a
    # rebuild after one change in 3 s at 10,000 and 10 s at 100,000
    left.scatter([10_000, 100_000], [180, 1800], marker="x", color="C0", label="goal, whole")
    left.scatter([10_000, 100_000], [3, 10], marker="x", color="C1", label="goal, one change")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("documents")
    left.set_ylabel("seconds")
    left.set_ylim(0.01, 5000)  # room below the figures for the legend
    left.legend(fontsize=7, loc="lower right")
    left.grid(True, which="both", alpha=0.3)
    mem = [(int(p["documents"]), float(p["peak_rss_builder_mb"])) for p in points]  # type: ignore[call-overload, arg-type]
    right.plot([n for n, _ in mem], [v for _, v in mem], marker="o", label="builder")
    right.axhline(1024, color="grey", linestyle="--", linewidth=1, label="1 GB")
    right.set_xscale("log")
    right.set_xlabel("documents")
    right.set_ylabel("peak resident memory (MB)")
    right.legend(fontsize=8)
    right.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument(
        "--persons", type=int, default=300, help="persons in the register (a third as many places)"
    )
    parser.add_argument(
        "--harvest",
        action="store_true",
        help="letters with a correspDesc, and a contact address: OAI-PMH and CMIF files too",
    )
    parser.add_argument("--rebuilds", type=int, default=3)
    parser.add_argument("--curve", default="", help="more sizes, e.g. 2000,5000")
    parser.add_argument("--plot", type=Path, help="draw the curve into this SVG file")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    if args.one:  # one point of the curve, in a process of its own
        print(json.dumps(one_size(*args.one)))
        return
    if args.build:  # one build, in a process of its own
        seconds, _ = timed(*args.build)
        print(json.dumps({"seconds": seconds}))
        return
    sizes = sorted({int(n) for n in args.curve.split(",") if n.strip()})
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, Children() as children:
        base = Path(tmp)
        t0 = time.perf_counter()
        big = make(base / "big", args.docs, args.persons, args.harvest)
        size = sum(p.stat().st_size for p in (big / "documents").glob("*.xml")) / args.docs
        small = make(base / "small", args.small, args.persons, args.harvest)
        t_make = time.perf_counter() - t0
        t_small, small_timings = timed(small, base / "out-small")
        peak_small = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t_big, timings = timed(big, base / "out-big")
        home_kb = (base / "out-big" / "index.html").stat().st_size / 1024
        largest_page_kb = (
            max(
                p.stat().st_size
                for p in (base / "out-big").rglob("*.html")
                if p.parent.name != "documents"
            )
            / 1024
        )
        t_same, same_timings = timed(big, base / "out-big")  # nothing changed
        peak_big = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rebuilds = []
        for i in range(max(1, args.rebuilds)):
            touch_one(big, i)
            rebuilds.append(timed(big, base / "out-big"))
        rebuilds.sort(key=lambda r: r[0])
        t_re, re_timings = rebuilds[len(rebuilds) // 2]
        peaks = children.by_program()  # before the builders of the rebuilds apart
        # the same, each in a process of its own (tei-edition build, where the rebuilds
        # above are those of a process that builds again: serve --watch)
        apart = []
        for i in range(max(1, args.rebuilds)):
            touch_one(big, i + 1)
            apart.append(timed_apart(big, base / "out-big"))
        apart.sort()
        figures = {
            "load_average": round(load, 2),
            "load_average_end": round(os.getloadavg()[0], 2),
            "documents": args.docs,
            "small_documents": args.small,
            "register_persons": args.persons,
            "harvest_files": args.harvest,
            "document_kb": round(size / 1024, 1),
            "generate_s": round(t_make, 1),
            "build_s": round(t_big, 2),
            **parts("", timings),
            "small_build_s": round(t_small, 2),
            **parts("small_", small_timings),
            "marginal_ms_per_document": round(
                1000 * (t_big - t_small) / (args.docs - args.small), 1
            ),
            "home_page_kb": round(home_kb, 1),
            "largest_list_or_entry_page_kb": round(largest_page_kb, 1),
            "rebuild_nothing_changed_s": round(t_same, 2),
            "rebuild_nothing_changed_files_written": int(same_timings["written"]),
            "rebuild_one_changed_s": round(t_re, 2),
            "rebuilds_s": [round(t, 2) for t, _ in rebuilds],
            "rebuild_one_changed_new_process_s": round(apart[len(apart) // 2], 2),
            "rebuilds_new_process_s": [round(t, 2) for t in apart],
            **parts("rebuild_", re_timings),
            "peak_rss_builder_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            # counts a child forked from the builder before its exec: up to the builder's size
            "rusage_children_max_mb": round(
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            ),
        }
    figures["peak_rss_children"] = peaks
    if sizes or args.plot:
        points: list[dict[str, object]] = [
            {"documents": args.small, "build_s": figures["small_build_s"],
             "peak_rss_builder_mb": round(peak_small)},
            {"documents": args.docs, "build_s": figures["build_s"],
             "rebuild_nothing_changed_s": figures["rebuild_nothing_changed_s"],
             "rebuild_one_changed_s": figures["rebuild_one_changed_s"],
             "peak_rss_builder_mb": round(peak_big)},
        ]  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            points += [
                curve_point(Path(tmp), n, args.persons, args.harvest)
                for n in sizes
                if n not in (args.small, args.docs)
            ]
        points.sort(key=lambda p: int(p["documents"]))  # type: ignore[call-overload]
        figures["curve"] = points
        if args.plot:
            plot(points, args.plot)
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        for key, value in figures.items():
            print(f"{key:40} {value}")


if __name__ == "__main__":
    main()
