"""Every document of ../shared/corpus and ../shared/corpus2, exported as a new user would,
read back as a reader sees it, and judged by the independent oracle (tests/reading_oracle.py).

Each TEI document (a ``TEI`` or ``teiCorpus`` root) is exported by the command line, without
``--xinclude``, to html, text, fo and pdf in the normalized reading and to html and text in
the diplomatic one: every run exits 0, writes every file and prints no traceback. The oracle
then reads the HTML through headless Chromium (``innerText``), the text file, and the PDF
through pdftotext, and checks each against the TEI's reading:

- no word of the reading lost: tolerance 0 (a word outside the longest common subsequence
  is lost; the oracle's word rules already absorb what is not a loss: case, compatibility
  forms, line-end hyphens, note marks set raised);
- no note, apparatus entry or register entry missing;
- no two words run together;
- in the PDF, no word broken at a line end whose hyphen the text layer does not give as a
  hyphen (a reader's search or copy then fails on it).

The exports run two at a time (the machine's two cores), Chromium reads every page in one
session, and the oracle judges two documents at a time. A report per document, as JSON and
as text, is written to tests/artifacts/reading-oracle/.

Documents known to fail are listed, with the reason, in :data:`EXPECTED_FAILURES`, the one
place to prune as the behaviours are fixed: each is a strict expected failure, so one that
starts passing turns the run red until it is taken off the list.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import tei_edition
from tests import reading_oracle as oracle

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = ("corpus", "corpus2")

CHECKS: tuple[tuple[str, str], ...] = (
    ("html", "normalized"),
    ("text", "normalized"),
    ("pdf", "normalized"),
    ("html", "diplomatic"),
    ("text", "diplomatic"),
)
"""What is judged: each export a reader reads (the fo is judged through its pdf)."""

TOLERANCE = 0
"""Words of the reading an export may lose: none."""

# ------------------------------------------------------------------ known failures
# Document → the behaviour it fails on (issue 20), as the last run of the whole test found
# it (tests/artifacts/reading-oracle/report.txt). Prune as the behaviours are fixed.
EXPECTED_FAILURES: dict[str, str] = {}


def documents() -> list[str]:
    """Every TEI document of the corpora, as ``corpus/relative/path.xml``."""
    found = []
    for corpus in CORPORA:
        folder = SHARED / corpus
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.xml")):
            root = etree.parse(
                str(path), etree.XMLParser(resolve_entities=False, no_network=True)
            ).getroot()
            name = etree.QName(root)
            if name.namespace == oracle.TEI_NS and name.localname in ("TEI", "teiCorpus"):
                found.append(path.relative_to(SHARED).as_posix())
    return found


DOCS = documents()


def _param(doc: str) -> Any:
    marks = []
    if doc in EXPECTED_FAILURES:
        marks.append(pytest.mark.xfail(reason=EXPECTED_FAILURES[doc], strict=True))
    return pytest.param(doc, id=doc, marks=marks)


# ------------------------------------------------------------------ the run


def _out(work: Path, doc: str) -> Path:
    return work / doc.replace("/", "__").removesuffix(".xml")


def _export(doc: str, work: Path) -> dict[str, Any]:
    """The command line's exports of one document: exit codes and what they printed."""
    out = _out(work, doc)
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(Path(tei_edition.__file__).parents[1]))
    runs = []
    for reading, formats in (("normalized", "html,text,fo,pdf"), ("diplomatic", "html,text")):
        cmd = [sys.executable, "-m", "tei_edition", "export", str(SHARED / doc), "--to"]
        cmd += [formats, "--reading", reading, "-o", str(out), "-q"]
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600)
        runs.append(
            {"reading": reading, "exit": done.returncode, "stderr": done.stderr.strip()[-2000:]}
        )
    return {"runs": runs}


def _file(out: Path, stem: str, fmt: str, reading: str) -> Path:
    middle = "" if reading == "normalized" else ".diplomatic"
    ext = {"html": ".html", "text": ".txt", "pdf": ".pdf", "fo": ".fo"}[fmt]
    return out / f"{stem}{middle}{ext}"


def _judge(doc: str, work: Path) -> dict[str, Any]:
    """The oracle's verdict on every export of one document."""
    out = _out(work, doc)
    stem = Path(doc).stem
    tree = oracle.load(SHARED / doc)
    result: dict[str, Any] = {}
    for fmt, reading in CHECKS:
        key = f"{fmt} {reading}"
        path = _file(out, stem, fmt, reading)
        if not path.is_file():
            result[key] = {"problems": [f"no {path.name} written"]}
            continue
        src = oracle.read(tree, reading)
        broken: list[str] = []
        if fmt == "html":
            got = oracle.words(path.with_suffix(".innertext").read_text(encoding="utf-8"))
        elif fmt == "text":
            got = oracle.text_words(path.read_text(encoding="utf-8"))
        else:
            fo = _file(out, stem, "fo", reading)
            marks = oracle.raised(fo) if fo.is_file() else set()
            pairs = src.neighbours()
            inner = oracle.shifted_inside(fo) if fo.is_file() else set()
            bidi = oracle.page_direction(tree) if oracle.right_to_left(src.vocabulary) else ""
            pdf = oracle.pdf_words(path, src.vocabulary, marks, pairs, inner, bidi)
            got, broken = pdf.words, pdf.broken_hyphens
        verdict = oracle.check(src, got, marks=fmt != "pdf")
        problems = verdict.failures(TOLERANCE)
        if broken:
            problems.append(
                f"{len(broken)} words broken at a line end with a hyphen the text layer "
                f"does not give as one: {', '.join(broken[:5])}"
            )
        result[key] = {"problems": problems, **verdict.as_dict(), "broken_hyphens": broken}
    return result


def _report(results: dict[str, dict[str, Any]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )
    lines = []
    for doc, r in sorted(results.items()):
        lines.append(f"== {doc}: {'FAIL' if r['problems'] else 'ok'}")
        for p in r["problems"]:
            lines.append(f"   {p}")
        for key, v in sorted(r.get("checks", {}).items()):
            if "coverage" in v:
                lines.append(
                    f"   [{key}] coverage {v['coverage']:.4f} ({v['found']}/{v['words']}), "
                    f"{len(v['missing'])} missing, {len(v['run_together'])} run together"
                )
            for lost in v.get("lost", [])[:5]:
                lines.append(
                    f"      lost {lost['count']} at line {lost['line']}: …{lost['before']} "
                    f"[[{lost['lost']}]] {lost['after']}…"
                )
            for m in v.get("missing", [])[:5]:
                lines.append(f"      {m['kind']} missing (line {m['line']}): {m['words'][:160]}")
            for j in v.get("run_together", [])[:10]:
                lines.append(f"      run together: {j}")
        lines.append("")
    (folder / "report.txt").write_text("\n".join(lines), encoding="utf-8")


def _tools() -> None:
    if not DOCS:
        pytest.skip(f"the shared corpora are absent ({SHARED}/corpus, corpus2): nothing to judge")
    for tool, why in (
        ("fop", "Apache FOP makes the PDF"),
        ("pdftotext", "pdftotext reads the PDF"),
    ):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed: {why}")


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> dict[str, Any]:
    _tools()
    from web_tools import find_chromium

    find_chromium()  # skips without Chromium
    work = tmp_path_factory.mktemp("reading")
    with ThreadPoolExecutor(max_workers=2) as pool:
        exports = dict(zip(DOCS, pool.map(lambda d: _export(d, work), DOCS), strict=True))
    with oracle.Browser(work) as browser:
        for doc in DOCS:
            stem = Path(doc).stem
            for reading in ("normalized", "diplomatic"):
                page = _file(_out(work, doc), stem, "html", reading)
                if page.is_file():
                    text = browser.inner_text(page, struck=reading == "diplomatic")
                    page.with_suffix(".innertext").write_text(text, encoding="utf-8")
    with ProcessPoolExecutor(max_workers=2) as pool:
        verdicts = dict(zip(DOCS, pool.map(_judge, DOCS, [work] * len(DOCS)), strict=True))
    results: dict[str, Any] = {}
    for doc in DOCS:
        problems = []
        for run in exports[doc]["runs"]:
            if run["exit"] != 0 or "Traceback" in run["stderr"]:
                problems.append(
                    f"export ({run['reading']}) exit {run['exit']}: {run['stderr'][-300:]}"
                )
        for key, v in verdicts[doc].items():
            problems.extend(f"{key}: {p}" for p in v["problems"])
        results[doc] = {"problems": problems, "export": exports[doc], "checks": verdicts[doc]}
    _report(results, artifacts / "reading-oracle")
    return results


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.fop
@pytest.mark.parametrize("doc", [_param(d) for d in DOCS])
def test_every_document_reads_whole(doc: str, judged: dict[str, Any]) -> None:
    assert judged[doc]["problems"] == []


def test_the_corpora_and_the_expected_failures_agree() -> None:
    if not DOCS:
        pytest.skip(f"the shared corpora are absent ({SHARED}/corpus, corpus2)")
    assert len(DOCS) == 58
    assert sorted(set(EXPECTED_FAILURES) - set(DOCS)) == []
