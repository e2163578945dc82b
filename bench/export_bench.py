"""Exports against the TEI Consortium's stylesheets, whole process, through the same engine.

    .venv/bin/python bench/export_bench.py [--stylesheets DIR] [--doc FILE]... [--size-mb 5]
        [--runs 3] [--corpus 200] [--formats html,text,fo] [--no-pdf] [--json]

Every figure is one whole process (Python start, saxonche, compiling, parsing, writing),
timed from outside, with its peak resident memory (the child's ``ru_maxrss`` from
``os.wait4``). This project's side is the ``tei-edition export`` command; the TEI
Stylesheets' side (``html/html.xsl``, ``txt/tei-to-text.xsl``, ``fo/fo.xsl``) is a tiny
runner in this file that compiles the stylesheet with saxonche and runs it on the file,
as ``xslt.py`` does. Both run the same number of times, interleaved; medians are shown.
The Python modules of both sides are byte-compiled first, as an installed package's are.

Sections:

- large documents: the largest document of ``../shared/corpus/`` (or ``--doc``) and a
  document of ``--size-mb`` MB generated from the bundled edition by repeating its body;
  time, output size and peak memory for each format, ours against theirs, with the ratio;
- doubling: each document against itself with its body repeated twice, for every format
  (whole-process ratio, and the ratio of what is left after the fixed cost of a tiny
  document);
- many documents: ``--corpus`` generated 15 KB documents in one ``export`` process against
  one, giving the marginal cost per document (ours in parallel and with ``--jobs 1``);
- PDF: how much of ``export --to pdf`` is Apache FOP's, and ``--pdf-docs`` PDFs made by
  one ``export`` against one each.

Peak memory beyond the engine's fixed cost is the peak on the document less the peak on a
tiny one, shown as a multiple of the document's size. Where the TEI Stylesheets' folder is
absent, their columns are left out and the report says why.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench import SAMPLE, make_corpus  # noqa: E402

EDITION = ROOT / "edition" / "mikoyan-recollections-1958.xml"
SHARED = ROOT.parent / "shared"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
THEIRS = {
    "html": "html/html.xsl",
    "text": "txt/tei-to-text.xsl",
    "fo": "fo/fo.xsl",
}
EXT = {"html": ".html", "text": ".txt", "fo": ".fo"}


# ------------------------------------------------------------------ documents


def _repeated_part(root: etree._Element) -> etree._Element:
    """The element whose children are repeated: the body, or the group of a corpus."""
    text = root.find(f"{{{TEI_NS}}}text")
    if text is None:
        raise SystemExit("no tei:text to repeat")
    for local in ("body", "group"):
        part = text.find(f"{{{TEI_NS}}}{local}")
        if part is not None:
            return part
    raise SystemExit("no tei:body or tei:group to repeat")


def with_its_register(source: Path, target: Path) -> Path:
    """``source`` as a document of its own: the entries of its edition's shared register
    (``registers.xml`` beside it) put in its ``standOff``, its pointers ``registers.xml#id``
    made ``#id``, so that a copy elsewhere renders its names as the edition does."""
    shared = source.parent / "registers.xml"
    if not shared.is_file():
        return source
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    tree = etree.parse(str(source), parser)
    register = etree.parse(str(shared), parser).getroot().find(f"{{{TEI_NS}}}standOff")
    if register is None:
        return source
    for el in tree.getroot().iter():
        if isinstance(el.tag, str) and el.get("ref"):
            el.set(
                "ref", " ".join(t.replace("registers.xml#", "#", 1) for t in el.get("ref").split())
            )
    tree.getroot().find(f"{{{TEI_NS}}}teiHeader").addnext(register)
    tree.write(str(target), encoding="UTF-8", xml_declaration=True)
    return target


def repeat_body(
    source: Path, target: Path, copies: int | None = None, size: int = 0, tag: str = "r"
) -> Path:
    """Write ``source`` with its body's content repeated ``copies`` times (or until the
    file has at least ``size`` bytes); every copy after the first has its own ids
    (``<id>-<tag><k>``)."""
    tree = etree.parse(str(source), etree.XMLParser(resolve_entities=False, no_network=True))
    part = _repeated_part(tree.getroot())
    original = [etree.fromstring(etree.tostring(c)) for c in part]
    ids = {el.get(XML_ID) for c in original for el in c.iter() if el.get(XML_ID)}
    whole = len(etree.tostring(tree))
    one = sum(len(etree.tostring(c)) for c in original) or 1
    if copies is None:
        copies = max(1, -(-(size - whole + one) // one))
    for k in range(1, copies):
        for child in original:
            copy = etree.fromstring(etree.tostring(child))
            for el in copy.iter():
                if not isinstance(el.tag, str):
                    continue
                for attr, value in el.attrib.items():
                    if attr == XML_ID:
                        el.set(attr, f"{value}-{tag}{k}")
                    elif "#" in value:
                        el.set(
                            attr,
                            " ".join(
                                f"{tok}-{tag}{k}" if tok[:1] == "#" and tok[1:] in ids else tok
                                for tok in value.split()
                            ),
                        )
            part.append(copy)
    tree.write(str(target), encoding="UTF-8", xml_declaration=True)
    return target


# ------------------------------------------------------------------ running


def run(cmd: list[str], cwd: Path) -> dict[str, float]:
    """One child process: wall seconds, peak resident MiB, exit code."""
    with open(cwd / "child.log", "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = {"s": wall, "rss_mib": usage.ru_maxrss / 1024, "rc": proc.returncode}
    if proc.returncode:
        tail = (cwd / "child.log").read_text(encoding="utf-8", errors="replace").strip()
        result["error"] = tail.splitlines()[0][:200] if tail else "failed"
    return result


def ours_cmd(fmt: str, docs: list[Path], out: Path, jobs: int | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "tei_edition", "export", *map(str, docs), "--to", fmt]
    cmd += ["-o", str(out)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    return cmd


def theirs_cmd(xsl: Path, docs: list[Path], out: Path, ext: str) -> list[str]:
    script = str(Path(__file__).resolve())
    return [sys.executable, script, "--tei-run", str(xsl), str(out), ext, *map(str, docs)]


def tei_run(argv: list[str]) -> int:
    """The TEI Stylesheets' runner: compile once with saxonche, run on each document."""
    from saxonche import PySaxonProcessor

    xsl, out, ext, *docs = argv
    proc = PySaxonProcessor(license=False)
    exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=xsl)
    Path(out).mkdir(parents=True, exist_ok=True)
    for doc in docs:
        node = proc.parse_xml(xml_file_name=doc)
        exe.transform_to_file(xdm_node=node, output_file=str(Path(out) / (Path(doc).stem + ext)))
    return 0


def median(cmd: list[str], cwd: Path, runs: int) -> dict[str, float]:
    return _summary([run(cmd, cwd) for _ in range(runs)])


def pair(
    fmt: str, docs: list[Path], work: Path, runs: int, tei: Path | None, jobs: int | None = None
) -> dict[str, dict[str, float]]:
    """Ours and theirs on the same documents, interleaved run by run."""
    out = work / "out"
    ours: list[dict[str, float]] = []
    theirs: list[dict[str, float]] = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        ours.append(run(ours_cmd(fmt, docs, out, jobs), work))
        if tei is not None:
            shutil.rmtree(out, ignore_errors=True)
            cmd = theirs_cmd(tei / THEIRS[fmt], docs, out, EXT[fmt])
            theirs.append(run(cmd, work))
    result = {"ours": _summary(ours)}
    if tei is not None:
        result["theirs"] = _summary(theirs)
    return result


def _summary(results: list[dict[str, float]]) -> dict[str, float]:
    """The median time and the largest peak memory of some runs; the first failure, if any."""
    failed = [r for r in results if r["rc"]]
    if failed:
        return failed[0]
    return {
        "s": statistics.median(r["s"] for r in results),
        "rss_mib": max(r["rss_mib"] for r in results),
        "rc": 0,
    }


def output_size(fmt: str, doc: Path, runs_dir: Path, tei: Path | None) -> dict[str, int]:
    """Bytes each side writes for one document (one extra run each, untimed)."""
    sizes: dict[str, int] = {}
    out = runs_dir / "sizes"
    shutil.rmtree(out, ignore_errors=True)
    if not run(ours_cmd(fmt, [doc], out), runs_dir)["rc"]:
        sizes["ours"] = (out / (doc.stem + EXT[fmt])).stat().st_size
    if tei is not None:
        shutil.rmtree(out, ignore_errors=True)
        cmd = theirs_cmd(tei / THEIRS[fmt], [doc], out, EXT[fmt])
        if not run(cmd, runs_dir)["rc"]:
            sizes["theirs"] = (out / (doc.stem + EXT[fmt])).stat().st_size
    return sizes


# ------------------------------------------------------------------ the bench


def compile_bytecode() -> None:
    """Byte-compile this project's modules and this script, as an installed package is:
    where Python is told not to write byte code (PYTHONDONTWRITEBYTECODE), every child
    would otherwise compile them from source, on both sides."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("tei_edition")
    folders = [Path(__file__).resolve().parent]
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent)
    for folder in folders:
        compileall.compile_dir(str(folder), quiet=1)


def bench(args: argparse.Namespace) -> dict[str, object]:
    compile_bytecode()
    tei: Path | None = Path(args.stylesheets).resolve()
    why = ""
    if not all((tei / rel).is_file() for rel in THEIRS.values()):
        why = f"the TEI Stylesheets are not at {tei} (give --stylesheets DIR)"
        tei = None
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    results: dict[str, object] = {"formats": formats, "no_comparison": why}
    with tempfile.TemporaryDirectory(prefix="tei-edition-export-bench-") as tmp:
        work = Path(tmp)
        docs = [Path(d).resolve() for d in args.doc]
        if not docs:
            corpus = SHARED / "corpus"
            if corpus.is_dir():
                docs.append(max(corpus.glob("*.xml"), key=lambda p: p.stat().st_size))
        if args.size_mb > 0:
            target = work / f"memoir-{args.size_mb:g}mb.xml"
            alone = with_its_register(EDITION, work / "memoir-alone.xml")
            docs.append(repeat_body(alone, target, size=int(args.size_mb * 1_000_000)))
        tiny = SAMPLE
        fixed = {
            fmt: median(ours_cmd(fmt, [tiny], work / "out"), work, args.runs) for fmt in formats
        }
        fixed_theirs = {}
        if tei is not None:
            for fmt in formats:
                cmd = theirs_cmd(tei / THEIRS[fmt], [tiny], work / "out", EXT[fmt])
                fixed_theirs[fmt] = median(cmd, work, args.runs)
        results["fixed"] = {"ours": fixed, "theirs": fixed_theirs, "doc": tiny.name}

        large = []
        for doc in docs:
            entry: dict[str, object] = {"doc": doc.name, "bytes": doc.stat().st_size}
            double = repeat_body(doc, work / f"{doc.stem}.x2.xml", copies=2, tag="d")
            entry["double_bytes"] = double.stat().st_size
            for fmt in formats:
                one = pair(fmt, [doc], work, args.runs, tei)
                two = pair(fmt, [double], work, args.runs, tei)
                entry[fmt] = {"x1": one, "x2": two, "out_bytes": output_size(fmt, doc, work, tei)}
            large.append(entry)
        results["large"] = large

        if args.corpus > 0:
            folder = work / "corpus"
            folder.mkdir()
            many = make_corpus(folder, args.corpus)
            rows = {}
            for fmt in formats:
                one = pair(fmt, many[:1], work, 1, tei)
                all_jobs = pair(fmt, many, work, 1, tei)
                serial = median(ours_cmd(fmt, many, work / "out", jobs=1), work, 1)
                rows[fmt] = {"one": one, "all": all_jobs, "serial": serial}
            results["many"] = {
                "documents": len(many),
                "mean_bytes": sum(p.stat().st_size for p in many) / len(many),
                "formats": rows,
            }

        if not args.no_pdf and shutil.which("fop"):
            out = work / "out"
            fo = median(ours_cmd("fo", [EDITION], out), work, 1)
            pdf = median(ours_cmd("pdf", [EDITION], out), work, 1)
            folder = work / "pdf-corpus"
            folder.mkdir()
            docs10 = make_corpus(folder, args.pdf_docs)
            one = median(ours_cmd("pdf", docs10[:1], out), work, 1)
            shutil.rmtree(out, ignore_errors=True)
            batch = median(ours_cmd("pdf", docs10, out), work, 1)
            results["pdf"] = {
                "doc": EDITION.name,
                "fo": fo,
                "pdf": pdf,
                "many": {"documents": len(docs10), "one": one, "all": batch},
            }
    return results


# ------------------------------------------------------------------ report


def _ms(r: dict[str, float] | None) -> str:
    if not r:
        return "—"
    if r.get("rc"):
        return "failed"
    return f"{1000 * r['s']:,.0f}"


def _ratio(a: dict[str, float] | None, b: dict[str, float] | None, key: str = "s") -> str:
    if not a or not b or a.get("rc") or b.get("rc") or not b[key]:
        return "—"
    return f"{a[key] / b[key]:.2f}x"


def _net(r: dict[str, float], fixed: dict[str, float] | None) -> float | None:
    if r.get("rc") or not fixed or fixed.get("rc"):
        return None
    return max(r["s"] - fixed["s"], 1e-3)


def _beyond(run: dict | None, base: dict | None, size: int) -> str:
    """Peak memory beyond the fixed cost's, in document sizes."""
    if not run or not base or run.get("rc") or base.get("rc"):
        return "—"
    return f"{(run['rss_mib'] - base['rss_mib']) * 2**20 / size:.1f}"


def report(results: dict) -> str:
    formats = results["formats"]
    cmp = not results["no_comparison"]
    lines = []
    if not cmp:
        lines.append(f"No comparison columns: {results['no_comparison']}.")
    fixed = results["fixed"]
    lines.append(
        f"Fixed cost (a {fixed['doc']} of 5 KB, whole process): "
        + ", ".join(
            f"{fmt} {_ms(fixed['ours'][fmt])} ms / {fixed['ours'][fmt].get('rss_mib', 0):.0f} MiB"
            + (f" (theirs {_ms(fixed['theirs'][fmt])} ms)" if cmp else "")
            for fmt in formats
        )
    )
    for entry in results["large"]:
        mb = entry["bytes"] / 1e6
        lines.append("")
        lines.append(f"{entry['doc']} ({mb:.1f} MB): whole process, median")
        head = f"  {'format':6} {'ours ms':>9} {'MiB':>6} {'x doc':>6}"
        if cmp:
            head += f" {'TEI ms':>9} {'MiB':>6} {'x doc':>6} {'time':>6} {'memory':>7}"
        head += f" {'x2 ours':>8} {'net':>6}"
        if cmp:
            head += f" {'x2 TEI':>7}"
        head += f" {'output KB ours/TEI' if cmp else 'output KB':>19}"
        lines.append(head)
        for fmt in formats:
            one, two = entry[fmt]["x1"], entry[fmt]["x2"]
            o, t = one["ours"], one.get("theirs")
            base = fixed["ours"][fmt]
            beyond = _beyond(o, base, entry["bytes"])
            beyond_theirs = _beyond(t, fixed["theirs"].get(fmt), entry["bytes"]) if cmp else ""
            n1, n2 = _net(o, base), _net(two["ours"], base)
            net = f"{n2 / n1:.2f}x" if n1 and n2 else "—"
            row = f"  {fmt:6} {_ms(o):>9} {o.get('rss_mib', 0):6.0f} {beyond:>6}"
            if cmp:
                row += (
                    f" {_ms(t):>9} {t.get('rss_mib', 0):6.0f} {beyond_theirs:>6} {_ratio(o, t):>6}"
                    f" {_ratio(o, t, 'rss_mib'):>7}"
                )
            row += f" {_ratio(two['ours'], o):>8} {net:>6}"
            if cmp:
                row += f" {_ratio(two.get('theirs'), t):>7}"
            sizes = entry[fmt]["out_bytes"]
            row += f" {sizes.get('ours', 0) / 1000:>9,.0f}"
            if cmp:
                row += f"/{sizes.get('theirs', 0) / 1000:<,.0f}"
            lines.append(row)
            for label, r in (("ours", o), ("ours, twice", two["ours"])):
                if r.get("rc"):
                    lines.append(f"         {label} failed: {r.get('error', '')}")
    lines.append("")
    lines.append(
        "  time, memory: ours / theirs; x doc: peak memory beyond the fixed cost (each side's "
        "own), in document sizes; x2: the body twice against once (net: less the fixed cost)"
    )
    many = results.get("many")
    if many:
        n = many["documents"]
        lines.append("")
        lines.append(
            f"Many documents: {n} generated documents of {many['mean_bytes'] / 1000:.0f} KB "
            "on average, one process; marginal ms per document = (all − one) / (n − 1)"
        )
        head = f"  {'format':6} {'one ms':>8} {'all s':>7} {'ms/doc':>7} {'jobs 1':>7}"
        if cmp:
            head += f" {'TEI one':>8} {'TEI all':>8} {'ms/doc':>7}"
        lines.append(head)
        for fmt, row in many["formats"].items():
            one, every, serial = row["one"]["ours"], row["all"]["ours"], row["serial"]

            def per(a: dict, b: dict) -> str:
                if a.get("rc") or b.get("rc"):
                    return "failed"
                return f"{1000 * (a['s'] - b['s']) / (n - 1):.1f}"

            line = (
                f"  {fmt:6} {_ms(one):>8} {every.get('s', 0):7.1f} {per(every, one):>7}"
                f" {per(serial, one):>7}"
            )
            if cmp:
                t1, tn = row["one"]["theirs"], row["all"]["theirs"]
                line += f" {_ms(t1):>8} {tn.get('s', 0):8.1f} {per(tn, t1):>7}"
            lines.append(line)
    pdf = results.get("pdf")
    if pdf:
        fo, whole = pdf["fo"], pdf["pdf"]
        lines.append("")
        if fo.get("rc") or whole.get("rc"):
            lines.append("PDF: failed")
        else:
            share = (whole["s"] - fo["s"]) / whole["s"]
            lines.append(
                f"PDF of {pdf['doc']}: export --to pdf {_ms(whole)} ms, of which Apache FOP "
                f"{1000 * (whole['s'] - fo['s']):,.0f} ms ({100 * share:.0f} %); "
                f"--to fo {_ms(fo)} ms"
            )
        many_pdf = pdf["many"]
        n, one, every = many_pdf["documents"], many_pdf["one"], many_pdf["all"]
        if not one.get("rc") and not every.get("rc") and n > 1:
            lines.append(
                f"PDFs of {n} generated documents in one export: {every['s']:.1f} s, "
                f"{1000 * (every['s'] - one['s']) / (n - 1):,.0f} ms per document after the "
                f"first; one export per document: {_ms(one)} ms each"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--tei-run"]:
        return tei_run(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--stylesheets",
        default=str(SHARED / "tei-stylesheets"),
        help="the TEI Stylesheets' folder (default ../shared/tei-stylesheets)",
    )
    parser.add_argument(
        "--doc",
        action="append",
        default=[],
        help="a large document (repeatable; default: the largest of ../shared/corpus)",
    )
    parser.add_argument(
        "--size-mb", type=float, default=5.0, help="size of the generated document (0: none)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--corpus", type=int, default=200, help="generated 15 KB documents")
    parser.add_argument("--formats", default="html,text,fo", help="formats, comma-separated")
    parser.add_argument("--no-pdf", action="store_true", help="skip FOP's share of the PDF")
    parser.add_argument("--pdf-docs", type=int, default=10, help="documents for many PDFs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    results = bench(args)
    print(json.dumps(results, indent=2) if args.json else report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
