"""Every TEI document of ../shared/corpus/ exports to HTML, text and XSL-FO, keeping every word.

The corpus holds real TEI from other projects (see its MANIFEST.md). Each document is exported
with its XIncludes resolved (a remote include gives its xi:fallback, never a fetch) and checked
against the independent word extraction of tests/wordcheck.py, in both readings: every
word of the text in order, no two words run together, every note.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.read.xmlparse import parse
from tei_edition.transform.export import export
from tests import wordcheck
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


SCRIPTS = {
    "pta_pta0040.pta001.pta-grc1": "Greek",
    "expps_syriac-version-abbreviated": "Syriac",
    "betamasaheft_DabraLibanosHamGG1": "Ethiopic",
    "dracor-rus_chekhov-vishnevyi-sad": "Cyrillic",
}


def _script(stem: str) -> object:
    # (a word setting a Syriac mark, U+0738, among Latin letters prints since a word with a
    # character Times lacks is set wholly in the fallback fonts)
    return pytest.param(stem, id=SCRIPTS[stem])


@pytest.mark.slow
@pytest.mark.fop
@pytest.mark.parametrize("stem", [_script(s) for s in sorted(SCRIPTS)])
def test_other_scripts_print_in_the_pdf(stem: str, tmp_path: Path) -> None:
    import shutil
    import subprocess

    if not CORPUS.is_dir():
        pytest.skip(f"the real-TEI corpus is absent ({CORPUS})")
    if not shutil.which("fop") or not shutil.which("pdftotext"):
        pytest.skip("Apache FOP or pdftotext is not installed")
    from tei_edition.transform.pdf import FONTS, _font_file

    missing = [family for family, files in FONTS if _font_file(files[("normal", "normal")]) is None]
    if missing:
        pytest.skip(
            f"fonts for other scripts are not installed ({', '.join(missing)}): "
            "scripts/system-deps.sh installs them"
        )
    doc = next(d for d in DOCS if d.stem == stem)
    (pdf,) = export(doc, ["pdf"], tmp_path, xinclude=True)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout

    def bare(word: str) -> str:
        # pdftotext gives combining marks (Syriac seyame, Greek accents) apart from their letters
        return "".join(
            c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
        )

    words = wordcheck.extract(parse(doc, xinclude=True)).words
    script = [bare(w) for w in words if not w.isascii()][:200]
    printed = {bare(w) for w in wordcheck.tokens(text)}
    found = [w for w in script if w in printed]
    assert len(found) > len(script) * 0.9, (len(found), len(script), script[:20])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stem", "creator"),
    [
        ("escher_K_0637_Strickler-Fierz_an_Escher_1849-05-06", "Hans Rudolf Strickler-Fierz"),
        ("betamasaheft_BNFabb39", "(:unav)"),
        ("hsg-rdcr_germany", None),
    ],
)
def test_corpus_documents_deposit_as_valid_bags(
    stem: str, creator: str | None, tmp_path: Path
) -> None:
    from tei_edition.deposit import deposit
    from tei_edition.deposit.verify import verify_bag

    if not CORPUS.is_dir():
        pytest.skip(f"the real-TEI corpus is absent ({CORPUS})")
    doc = next(d for d in DOCS if d.stem == stem)
    bag = tmp_path / "bag"
    deposit([doc], bag, force=True, pdf=False)
    report = verify_bag(bag)
    assert report.errors == []
    datacite = etree.parse(str(bag / "data" / "metadata" / "datacite.xml"))
    ns = {"d": "http://datacite.org/schema/kernel-4"}
    names = datacite.xpath("//d:creators/d:creator/d:creatorName/text()", namespaces=ns)
    assert names and all(n.strip() for n in names)
    publisher = datacite.xpath("string(//d:publisher)", namespaces=ns)
    assert publisher.strip()
    if creator:
        assert names[0] == creator
