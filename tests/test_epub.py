"""EPUB: ``export --to epub`` makes an EPUB 3 book of a document, and of a whole edition.

The books are read back as a reading system would: the container (``mimetype`` first and
stored), the package document's metadata, the navigation document, the footnotes and every
link between the content documents. Debian's ``epubcheck`` validates them (the tests marked
``java``): no error and no warning, on the bundled edition's documents, the whole bundled
edition, and corpus documents in Cyrillic, Greek, Japanese and Arabic script.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from click.testing import CliRunner
from lxml import etree

from tei_edition.cli import cli
from tei_edition.edition.config import bundled_folder, load_edition
from tei_edition.read.xmlparse import parse
from tei_edition.resources import bundled_edition
from tei_edition.transform.export import export, export_edition_epub
from tests import wordcheck

SHARED = Path(__file__).resolve().parents[2] / "shared"

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "h": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "tei": "http://www.tei-c.org/ns/1.0",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


class Book:
    """An EPUB read back: its zip, its package document and its content documents."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.xpath("string(//c:rootfile/@full-path)", namespaces=NS)
        self.folder = self.opf_path.rpartition("/")[0]
        self.opf = etree.fromstring(self.zip.read(self.opf_path))

    def file(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(f"{self.folder}/{href}"))

    def meta(self, prop: str) -> list[str]:
        return self.opf.xpath(f"//opf:meta[@property='{prop}']/text()", namespaces=NS)

    def manifest(self) -> dict[str, tuple[str, str]]:
        """id -> (href, media type)."""
        return {
            i.get("id"): (i.get("href"), i.get("media-type"))
            for i in self.opf.iterfind(".//opf:manifest/opf:item", NS)
        }

    def spine(self) -> list[str]:
        items = self.manifest()
        return [items[r.get("idref")][0] for r in self.opf.iterfind(".//opf:itemref", NS)]

    def nav(self) -> etree._Element:
        (href,) = [
            i.get("href")
            for i in self.opf.iterfind(".//opf:manifest/opf:item", NS)
            if "nav" in (i.get("properties") or "").split()
        ]
        return self.file(href)

    def xhtml(self) -> dict[str, etree._Element]:
        return {
            href: self.file(href)
            for href, media in self.manifest().values()
            if media == "application/xhtml+xml"
        }


def export_one(source: Path, out: Path, **kwargs: object) -> Book:
    (made,) = export(source, ["epub"], out, **kwargs)  # type: ignore[arg-type]
    assert made.name == f"{source.stem}.epub"
    return Book(made)


@pytest.fixture(scope="module")
def memoir(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return export_one(bundled_edition(), tmp_path_factory.mktemp("epub"))


@pytest.fixture(scope="module")
def edition_book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    out = tmp_path_factory.mktemp("edition-epub")
    return Book(export_edition_epub(bundled_folder(), out))


# ------------------------------------------------------------------ the container


def test_the_container_is_as_ocf_asks(memoir: Book) -> None:
    first = memoir.zip.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert memoir.zip.read("mimetype") == b"application/epub+zip"
    # the mimetype's bytes stand at offset 38, as reading systems look for them
    assert memoir.path.read_bytes()[30:38] == b"mimetype"
    assert memoir.path.read_bytes()[38:58] == b"application/epub+zip"
    assert {i.date_time for i in memoir.zip.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    # every file the package lists is in the container
    names = set(memoir.zip.namelist())
    for href, _ in memoir.manifest().values():
        assert f"{memoir.folder}/{href}" in names


def test_the_same_input_makes_the_same_bytes(memoir: Book, tmp_path: Path) -> None:
    again = export_one(bundled_edition(), tmp_path)
    assert again.path.read_bytes() == memoir.path.read_bytes()


# ------------------------------------------------------------------ metadata


def test_metadata_from_the_header(memoir: Book) -> None:
    tei = etree.parse(str(bundled_edition()))
    title = tei.xpath("string(//tei:titleStmt/tei:title[1])", namespaces=NS)
    assert memoir.opf.xpath("string(//dc:title)", namespaces=NS) == " ".join(title.split())
    assert memoir.opf.xpath("//dc:language/text()", namespaces=NS) == [
        tei.getroot().get("{http://www.w3.org/XML/1998/namespace}lang")
    ]
    assert memoir.opf.xpath("//dc:creator/text()", namespaces=NS) == ["Anastas Mikoyan"]
    assert "National Security Archive" in memoir.opf.xpath("string(//dc:rights)", namespaces=NS)
    identifier = memoir.opf.get("unique-identifier")
    assert memoir.opf.xpath(f"string(//dc:identifier[@id='{identifier}'])", namespaces=NS)
    (modified,) = memoir.meta("dcterms:modified")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified)


def test_accessibility_metadata(memoir: Book) -> None:
    """EPUB Accessibility 1.1's discovery metadata, with schema.org's terms."""
    assert memoir.meta("schema:accessMode") == ["textual"]
    assert memoir.meta("schema:accessModeSufficient") == ["textual"]
    features = set(memoir.meta("schema:accessibilityFeature"))
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "index"} <= features
    assert memoir.meta("schema:accessibilityHazard") == ["none"]
    assert memoir.meta("schema:accessibilitySummary")[0].strip()
    assert memoir.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]


# ------------------------------------------------------------------ content


BLOCKS = {"p", "div", "section", "li", "aside", "dd", "dt", "td", "blockquote", "br", "hr"}
BLOCKS |= {f"h{n}" for n in range(1, 7)}


def book_words(book: Book, hrefs: list[str] | None = None) -> list[str]:
    """The words of the text sections of the book's content documents, in spine order, as
    a reader sees them: words apart at the edges of blocks, the margin's paragraph numbers
    (aria-hidden) and the notes' markers left out."""
    parts: list[str] = []
    for href in book.spine() if hrefs is None else hrefs:
        for section in book.file(href).xpath("//h:section[@id='text']", namespaces=NS):
            for el in list(section.iter()):
                if not isinstance(el.tag, str):
                    continue
                if el.get("aria-hidden") == "true" or el.get(EPUB_TYPE) == "noteref":
                    el.text = " "
                    for child in list(el):
                        el.remove(child)
                if etree.QName(el).localname in BLOCKS:
                    el.text = " " + (el.text or "")
                    el.tail = " " + (el.tail or "")
            parts.append("".join(section.itertext()))
    return wordcheck.tokens(" ".join(parts))


def test_every_word_of_the_text_is_in_the_book(memoir: Book) -> None:
    """The running words of the TEI, by an extraction independent of the stylesheets, are
    in the book's text in order."""
    words = wordcheck.extract(parse(bundled_edition())).words
    assert len(words) > 5000
    assert wordcheck.missing(words, book_words(memoir)) is None


def test_notes_are_footnotes_with_back_links(memoir: Book) -> None:
    doc = memoir.file("text.xhtml")
    ids = {el.get("id"): el for el in doc.iter() if el.get("id")}
    refs = [a for a in doc.iter("{*}a") if a.get(EPUB_TYPE) == "noteref"]
    notes = [el for el in doc.iter("{*}aside") if el.get(EPUB_TYPE) == "footnote"]
    assert refs and notes
    for ref in refs:
        target = ids[ref.get("href").lstrip("#")]
        assert target.get(EPUB_TYPE) == "footnote", ref.get("href")
    for note in notes:
        (back,) = [a for a in note.iter("{*}a") if a.get("role") == "doc-backlink"]
        assert back.get("href").lstrip("#") in ids


def test_the_navigation_document(memoir: Book) -> None:
    nav = memoir.nav()
    (toc,) = [n for n in nav.iter("{*}nav") if n.get(EPUB_TYPE) == "toc"]
    labels = [" ".join(a.itertext()) for a in toc.iter("{*}a")]
    assert labels[:3] == ["Anastas Mikoyan's Recollections of his Trip to China", "Text", "Notes"]
    assert "Index" in labels


def test_every_link_inside_the_book_leads_somewhere(memoir: Book, edition_book: Book) -> None:
    for book in (memoir, edition_book):
        docs = book.xhtml()
        ids = {
            href: {el.get("id") for el in doc.iter() if el.get("id")} for href, doc in docs.items()
        }
        for href, doc in docs.items():
            for a in doc.iter("{*}a"):
                link = a.get("href", "")
                if not link or re.match(r"^[a-z]+:", link):
                    continue
                file, fragment = urldefrag(link)
                file = file or href
                assert file in ids, f"{href}: {link}"
                assert not fragment or fragment in ids[file], f"{href}: {link}"


def test_the_diplomatic_reading(tmp_path: Path) -> None:
    (made,) = export(bundled_edition(), ["epub"], tmp_path, reading="diplomatic")
    assert made.name == "mikoyan-recollections-1958.diplomatic.epub"
    book = Book(made)
    text = " ".join(book.file("text.xhtml").itertext())
    normal = " ".join(export_one(bundled_edition(), tmp_path / "n").file("text.xhtml").itertext())
    assert text != normal
    assert "diplomatic" in book.meta("schema:accessibilitySummary")[0]


# ------------------------------------------------------------------ the edition's book


def test_the_edition_in_date_order_with_its_register(edition_book: Book) -> None:
    edition = load_edition(bundled_folder())
    spine = edition_book.spine()
    assert spine[0] == "title.xhtml" and spine[-1] == "register.xhtml"
    documents = spine[1:-1]
    assert sorted(documents) == sorted(f"{p.stem}.xhtml" for p in edition.documents)
    # the bundled edition's files are named by their dates; the memoir of 1958 comes last
    dates = [re.match(r"\d{4}-\d\d-\d\d", d) for d in documents]
    assert documents[-1] == "mikoyan-recollections-1958.xhtml"
    assert [d.group(0) for d in dates if d] == sorted(d.group(0) for d in dates if d)
    assert edition_book.opf.xpath("string(//dc:title)", namespaces=NS) == edition.config.title
    # the register is an index: each entry lists where the documents mention it
    register = edition_book.file("register.xhtml")
    assert [s for s in register.iter("{*}section") if s.get(EPUB_TYPE) == "index"]
    mao = register.xpath("//h:li[@id='idx-mao']", namespaces=NS)[0]
    cited = {urldefrag(a.get("href"))[0] for a in mao.iter("{*}a")}
    assert "mikoyan-recollections-1958.xhtml" in cited and len(cited) > 2
    # names in the documents lead to the register
    memoir = edition_book.file("mikoyan-recollections-1958.xhtml")
    assert memoir.xpath("//h:a[@href='register.xhtml#idx-mao']", namespaces=NS)


def test_the_command_line_makes_one_book_of_an_edition(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["export", str(bundled_folder()), "--to", "epub,text", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    edition = load_edition(bundled_folder())
    assert written == sorted(
        [f"{bundled_folder().resolve().name}.epub", *(f"{p.stem}.txt" for p in edition.documents)]
    )


def test_a_file_of_an_edition_gets_its_own_book(tmp_path: Path) -> None:
    cable = sorted((bundled_folder() / "documents").glob("*.xml"))[0]
    result = CliRunner().invoke(cli, ["export", str(cable), "--to", "epub", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    book = Book(tmp_path / f"{cable.stem}.epub")
    # the document's index holds the entries of the shared register it mentions
    doc = book.file("text.xhtml")
    assert doc.xpath("//h:section[@id='index']//h:li[@id]", namespaces=NS)


def test_a_broken_document_makes_no_book(tmp_path: Path) -> None:
    from tei_edition.issues import TeiEditionError

    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>", encoding="utf-8")
    with pytest.raises(TeiEditionError) as err:
        export(bad, ["epub"], tmp_path / "out")
    assert "bad.xml" in err.value.issues[0].format()
    assert not (tmp_path / "out" / "bad.epub").exists()


# ------------------------------------------------------------------ epubcheck


def epubcheck_command() -> list[str] | None:
    found = shutil.which("epubcheck")
    if found is None:
        return None
    real = Path(found).resolve()
    if real.suffix == ".jar":  # Debian's is the jar itself, run by binfmt where set up
        java = shutil.which("java")
        return [java, "-jar", str(real)] if java else None
    return [found]


def epubcheck(path: Path) -> str:
    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck is not installed (Debian package epubcheck)")
    proc = subprocess.run(
        [*command, str(path)], capture_output=True, text=True, timeout=600, check=False
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    counts = re.search(r"Messages: (\d+) fatals / (\d+) errors / (\d+) warnings", out)
    assert counts is not None, out
    assert counts.groups() == ("0", "0", "0"), out
    return out


EDITION_DOCUMENTS = sorted(load_edition(bundled_folder()).documents)

SCRIPTS = {
    "Cyrillic": "corpus/dracor-rus_chekhov-vishnevyi-sad.xml",
    "Greek": "corpus2/greekdracor_sophocles-ichneutae.xml",
    "Japanese": "corpus2/kouigenji_11.xml",
    "Persian (right to left)": "corpus2/perseus-farsi_hafez.divan.perseus-far1.xml",
    "Arabic (right to left)": "corpus2/coranicum_sura-00007.xml",
}


@pytest.mark.java
@pytest.mark.slow
def test_epubcheck_passes_the_whole_edition(edition_book: Book) -> None:
    epubcheck(edition_book.path)


@pytest.mark.java
@pytest.mark.slow
@pytest.mark.parametrize("doc", EDITION_DOCUMENTS, ids=[d.stem for d in EDITION_DOCUMENTS])
def test_epubcheck_passes_each_document(doc: Path, tmp_path: Path) -> None:
    book = export_one(doc, tmp_path)
    epubcheck(book.path)


@pytest.mark.java
@pytest.mark.slow
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_epubcheck_passes_other_scripts(script: str, tmp_path: Path) -> None:
    doc = SHARED / SCRIPTS[script]
    if not doc.is_file():
        pytest.skip(f"the real-TEI corpus is absent ({doc})")
    book = export_one(doc, tmp_path, xinclude=True)
    epubcheck(book.path)
    words = wordcheck.extract(parse(doc, xinclude=True)).words
    assert wordcheck.missing(words, book_words(book)) is None
    root = etree.parse(str(doc)).getroot()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    text_el = root.find("tei:text", NS)
    declared = [
        root.get(lang),
        text_el.get(lang) if text_el is not None else None,
        *root.xpath("//tei:langUsage/tei:language/@ident", namespaces=NS),
        "und",
    ]
    assert book.opf.xpath("//dc:language/text()", namespaces=NS) == [next(x for x in declared if x)]
    if "right to left" in script:
        # text in Arabic script is set right to left: by its language where it declares
        # one, else by its first strong character (dir="auto" on its block)
        text = book.file("text.xhtml")
        nodes = [t for t in text.xpath("//h:section[@id='text']//text()", namespaces=NS)
                 if re.search("[\u0600-\u06ff]", t)]  # fmt: skip
        assert nodes
        for node in nodes:
            directions = [a.get("dir") for a in node.getparent().iterancestors() if a.get("dir")]
            own = node.getparent().get("dir")
            nearest = own or (directions[0] if directions else None)
            assert nearest in ("rtl", "auto"), node[:40]


def test_an_edition_book_is_deterministic_and_its_file_names_safe(tmp_path: Path) -> None:
    """A document named like a URL scheme gets a plain content document name; two books of
    the same edition are the same bytes; the books' links all resolve."""
    from tests.site_support import letter, make_edition

    folder = make_edition(tmp_path / "ed")
    (folder / "documents" / "javascript:alert(1).xml").write_text(
        letter("Odd name", "1843-07-10", "Letter", "<p>A letter with a hostile file name.</p>"),
        encoding="utf-8",
    )
    first = Book(export_edition_epub(folder, tmp_path / "one"))
    second = Book(export_edition_epub(folder, tmp_path / "two"))
    assert first.path.read_bytes() == second.path.read_bytes()
    hrefs = [href for href, _ in first.manifest().values()]
    assert not [h for h in hrefs if ":" in h or " " in h]
    assert "1844-letter.xhtml" in hrefs
    titles = {
        href: first.file(href).xpath("string(//h:h1)", namespaces=NS) for href in first.spine()
    }
    assert "Odd name" in titles.values()
    test_every_link_inside_the_book_leads_somewhere(first, first)


def test_a_broken_document_of_an_edition_makes_no_book(tmp_path: Path) -> None:
    from tei_edition.issues import TeiEditionError
    from tests.site_support import make_edition

    folder = make_edition(tmp_path / "ed")
    (folder / "documents" / "1844-letter.xml").write_text("<TEI><oops", encoding="utf-8")
    with pytest.raises(TeiEditionError) as err:
        export_edition_epub(folder, tmp_path / "out")
    assert any("1844-letter.xml" in i.format() for i in err.value.issues)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Book:
    out = tmp_path_factory.mktemp("both")
    (made,) = export(bundled_edition(), ["epub"], out, params={"both-readings": "true"})
    return Book(made)


def test_both_readings(both: Book) -> None:
    """With both-readings, the other reading follows the chosen one, word for word."""
    assert both.spine() == ["text.xhtml", "text.diplomatic.xhtml"]
    tree = parse(bundled_edition())
    diplomatic = wordcheck.extract(tree, "diplomatic").words
    other = book_words(both, ["text.diplomatic.xhtml"])
    assert wordcheck.missing(diplomatic, other) is None
    # the diplomatic text differs from the normalized one (corrections, expansions)
    assert book_words(both, ["text.xhtml"]) != other
    test_every_link_inside_the_book_leads_somewhere(both, both)
    # its notes' references lead to the notes of the first
    refs = both.file("text.diplomatic.xhtml").xpath(
        "//h:a[@epub:type='noteref']/@href", namespaces=NS
    )
    assert all(r.startswith("text.xhtml#note-") for r in refs)


@pytest.mark.java
@pytest.mark.slow
def test_epubcheck_passes_both_readings(both: Book) -> None:
    epubcheck(both.path)
