"""Every TEI document of ../shared/corpus/ exports to HTML, text and XSL-FO, keeping every word.

The corpus holds real TEI from other projects (see its MANIFEST.md). Each document is exported
with its XIncludes resolved (a remote include gives its xi:fallback, never a fetch) and checked
against the independent word extraction of tests/wordcheck.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_edition.export import export
from tei_edition.xmlparse import parse
from tests.test_any_tei import check_words

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TEI_NS = "http://www.tei-c.org/ns/1.0"


def corpus_documents() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    docs = []
    for path in sorted(CORPUS.rglob("*.xml")):
        root = etree.parse(
            str(path), etree.XMLParser(resolve_entities=False, no_network=True)
        ).getroot()
        if etree.QName(root).namespace == TEI_NS and etree.QName(root).localname in (
            "TEI",
            "teiCorpus",
        ):
            docs.append(path)
    return docs


DOCS = corpus_documents()

NORMALIZED = (("html", "normalized"), ("text", "normalized"), ("fo", "normalized"))

KNOWN = {
    "betamasaheft_DabraLibanosHamGG1": "text and PDF: words of the transkribusText fragment "
    "out of order; a footnote inside a word",
    "dingler_pj345": "compounds broken over a line break run together; one footnote not found",
    "escher_K_0637_Strickler-Fierz_an_Escher_1849-05-06": "PDF: a footnote inside a word",
    "expps_coislin-187-transcription": "PDF: a footnote inside a word",
    "isicily_ISic000781": "PDF: the source-reading footnote of a correction inside a word",
    "lebenswelten_1863-06-12_CM_v_L_Bismarck": "PDF: the source-reading footnote of a doubtful "
    "reading inside a word",
    "pta_pta0001.pta026.pta-MsLa": "PDF: a footnote inside a word",
    "pta_pta0040.pta001.pta-grc1": "an apparatus entry inside a word is set off by spaces",
    "tcp_A00002": "HTML: two words of a line joined",
}
"""Documents whose exports still lose or join words, and where (the test says when one is fixed)."""


def test_the_corpus_is_there() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the real-TEI corpus is absent ({CORPUS}): exports not checked on it")
    assert len(DOCS) == 28


def _param(doc: Path):
    marks = [pytest.mark.xfail(reason=KNOWN[doc.stem], strict=True)] if doc.stem in KNOWN else []
    return pytest.param(doc, id=doc.stem, marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize("doc", [_param(d) for d in DOCS])
def test_corpus_document_exports_every_word(doc: Path, tmp_path: Path) -> None:
    written = export(doc, ["html", "text", "fo"], tmp_path, xinclude=True)
    written += export(doc, ["html", "text"], tmp_path, reading="diplomatic", xinclude=True)
    assert len(written) == 5
    tree = parse(doc, xinclude=True)
    assert check_words(tree, tmp_path, doc.stem, NORMALIZED) == []
