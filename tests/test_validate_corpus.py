"""`validate` gives Jing's verdict on every TEI document of ../shared/corpus.

Each document is checked against the RELAX NG it declares. None of the corpus's own
project schemas is on this machine (they are remote, or relative to folders that were
not copied), except tei_all, which two documents name by its TEI release URL: so
every document's grammar is tei_all, as the README's rule says. The test works that
out independently (from the declarations' hrefs), runs Jing itself, once, against
../shared/tei/tei_all.rng (not the package's copy), and compares each document's
verdict and the line and column of every RELAX NG error.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.validate import validate_paths

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SHARED_TEI_ALL = ROOT.parent / "shared" / "tei" / "tei_all.rng"
TEI_NS = "http://www.tei-c.org/ns/1.0"
TEI_URLS = re.compile(r"^https?://(www\.)?tei-c\.org/release/xml/tei/custom/schema/relaxng/")

pytestmark = [pytest.mark.java, pytest.mark.slow]


def corpus_documents() -> list[Path]:
    if not CORPUS.is_dir() or not SHARED_TEI_ALL.is_file():
        pytest.skip(f"the shared corpus is absent ({CORPUS}): corpus verdicts not checked")
    docs = []
    for path in sorted(CORPUS.rglob("*.xml")):
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        if root.getroot().tag in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"):
            docs.append(path)
    return docs


def declared_grammars(path: Path) -> list[str]:
    """The hrefs of the RELAX NG xml-models, read with a regular expression."""
    head = path.read_text(encoding="utf-8")[:4000]
    models = re.findall(r"<\?xml-model\s([^?]*)\?>", head)
    return [
        re.search(r'href="([^"]+)"', m)[1]  # type: ignore[index]
        for m in models
        if "relaxng.org/ns/structure" in m or "relax-ng-compact" in m
    ]


def jing_errors(files: list[Path]) -> dict[Path, set[tuple[int, int]]]:
    pyjing = shutil.which("pyjing") or str(Path(sys.executable).parent / "pyjing")
    proc = subprocess.run(
        [pyjing, str(SHARED_TEI_ALL), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode in (0, 1), proc.stderr
    out: dict[Path, set[tuple[int, int]]] = {f.resolve(): set() for f in files}
    for line in proc.stdout.splitlines():
        m = re.match(r"^(.*?):(\d+):(\d+): error: ", line)
        assert m, line
        out[Path(m[1]).resolve()].add((int(m[2]), int(m[3])))
    return out


def test_validate_gives_jings_verdict_on_every_corpus_document(java: str) -> None:
    docs = corpus_documents()
    assert len(docs) >= 28
    for doc in docs:
        # every grammar the corpus declares is remote or missing, except tei_all by URL
        local = [h for h in declared_grammars(doc) if (doc.parent / h).is_file()]
        assert local == [], doc
    expected = jing_errors(docs)
    report = validate_paths(docs)
    assert len(report.files) == len(docs)
    disagreements = {}
    for doc, file_report in zip(docs, report.files, strict=True):
        assert file_report.stages[:2] == ["well-formed", "relaxng"], file_report.path
        assert Path(file_report.schemas[0]).name == "tei_all.rng"
        ours = {(i.line, i.column) for i in file_report.issues if i.source == "relaxng"}
        want = expected[doc.resolve()]
        if ours != want or (file_report.count("error") == 0) != (not want):
            disagreements[doc.name] = {"ours": sorted(ours)[:5], "jing": sorted(want)[:5]}
        for issue in file_report.issues:  # a declaration we could not use is named
            if issue.rule == "schema-unavailable":
                assert re.match(r"schema \S+ (is not in a catalog|does not exist)", issue.message)
    assert disagreements == {}
    # not vacuous: the corpus holds documents Jing finds valid and ones it does not
    assert any(expected.values()) and not all(expected.values())
    by_url = [d for d in docs if any(TEI_URLS.match(h) for h in declared_grammars(d))]
    assert len(by_url) >= 2
    for doc in by_url:  # resolved through the catalog: no warning about tei_all
        issues = report.files[docs.index(doc)].issues
        assert not [i for i in issues if "tei-c.org" in i.message]


def test_no_traceback_and_sensible_lines_through_the_cli(invoke, java: str) -> None:
    docs = corpus_documents()
    result = invoke("validate", *docs)
    assert result.exit_code == 1  # some documents are invalid against tei_all
    # repeated findings are one line, with their count after the rule
    line = re.compile(
        r"^.+?(:\d+:\d+)?: (error|warning|info): .+ \[[\w.-]+\]"
        r"( \(\d+ times(, \d+ different values)?(: lines? [\d, …]+)?(; --verbose lists all)?\))?$"
    )
    bad = [x for x in result.stdout.splitlines() if not line.match(x)]
    assert bad == []
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"INVALID: {len(docs)} files checked")
