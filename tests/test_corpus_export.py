"""Every TEI document of ../shared/corpus/ exports to HTML, text and XSL-FO, keeping every word.

The corpus holds real TEI from other projects (see its MANIFEST.md). Each document is exported
with its XIncludes resolved (a remote include gives its xi:fallback, never a fetch) and checked
against the independent word extraction of tests/wordcheck.py, in both readings: every
word of the text in order, no two words run together, every note.
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


def test_the_corpus_is_there() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the real-TEI corpus is absent ({CORPUS}): exports not checked on it")
    assert len(DOCS) == 28


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCS, ids=[d.stem for d in DOCS])
def test_corpus_document_exports_every_word(doc: Path, tmp_path: Path) -> None:
    written = export(doc, ["html", "text", "fo"], tmp_path, xinclude=True)
    written += export(doc, ["html", "text"], tmp_path, reading="diplomatic", xinclude=True)
    assert len(written) == 5
    tree = parse(doc, xinclude=True)
    assert check_words(tree, tmp_path, doc.stem) == []
