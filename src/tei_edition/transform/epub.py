"""EPUB 3 books: one per document, and one of a whole edition.

``transforms/epub.xsl`` makes every file of the book (see its head comment): each
document's part (its XHTML content document, table of contents, metadata and mentions of
the register), then, from the parts, the package document, the navigation document and,
for an edition, its title page and the register as an index. This module only runs it and
packages the files as the EPUB Open Container Format asks: the ``mimetype`` file first and
stored uncompressed, then ``META-INF/container.xml`` and the book's files under ``OEBPS/``.

Determinism: the files are written in a fixed order, every entry of the zip carries the
same date (1980-01-01, the first a zip can hold) and the same permissions, and the book's
``dcterms:modified`` is the publication date its header gives; its identifier is the
edition's address or identifier from the header, else a UUID derived from the book's
content (``urn:uuid:``, the same for the same content). Same input, same bytes.

An edition's book: its documents in date order (as the site lists them), each one content
document named after it; the names of the shared register link to the register's entries,
which list back where each document mentions them.
"""

from __future__ import annotations

import copy
import hashlib
import re
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from io import BytesIO
from pathlib import Path

from lxml import etree

from tei_edition import messages
from tei_edition.edition.collect import read_document
from tei_edition.edition.config import Edition
from tei_edition.issues import Issue, TeiEditionError
from tei_edition.read.xmlparse import display_path, parse_bytes, parse_tei
from tei_edition.resources import transform
from tei_edition.xslt import ParamValue, coerce_params
from tei_edition.xslt import transform as run_xslt

TE_NS = "https://tei-edition.org/ns"
EP_NS = "https://tei-edition.org/ns/epub"
DC_NS = "http://purl.org/dc/elements/1.1/"
OPF_PACKAGE = "{http://www.idpf.org/2007/opf}package"
CONTEXT_PARAM = f"{{{EP_NS}}}context"
MESSAGES_PARAM = f"{{{TE_NS}}}messages"

STYLESHEET = "epub.xsl"
MEDIA_TYPE = "application/epub+zip"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The date of every entry of the zip: the earliest a zip can hold, the same every time."""

FOLDER = "OEBPS"
"""The folder of the book's files inside the container."""

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def _t(local: str) -> str:
    return f"{{{TE_NS}}}{local}"


def stylesheet() -> Path:
    return transform(STYLESHEET)


def _context(book: str, file: str, parts: Mapping[str, str] | None = None) -> bytes:
    """epub.xsl's ep:context: the book, the part's file, and each document of the book by
    its file name's stem (``<part stem file>``)."""
    el = etree.Element("context", book=book, file=file)
    for stem, name in (parts or {}).items():
        etree.SubElement(el, "part", stem=stem, file=name)
    return etree.tostring(el, encoding="UTF-8")


SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")


def part_files(stems: Sequence[str]) -> dict[str, str]:
    """The content document of each document of an edition's book, by its stem:
    ``<stem>.xhtml``, or ``document-<n>.xhtml`` where the stem would not be a plain
    relative address (a colon, a space, a character beyond ASCII)."""
    return {
        stem: f"{stem}.xhtml" if SAFE_NAME.match(stem) else f"document-{i}.xhtml"
        for i, stem in enumerate(stems, 1)
    }


def _serialize(el: etree._Element) -> bytes:
    """A file of the book: its root element alone (with its namespaces, no others), as XML;
    an XHTML content document with HTML's document type."""
    root = copy.deepcopy(el)
    etree.cleanup_namespaces(root, top_nsmap={"dc": DC_NS} if root.tag == OPF_PACKAGE else None)
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    if etree.QName(root).localname == "html":
        head += b"<!DOCTYPE html>\n"
    return head + etree.tostring(root, encoding="UTF-8", xml_declaration=False) + b"\n"


def _files(result: etree._Element) -> list[tuple[str, bytes]]:
    """The ``te:file`` elements of a result as (href, bytes), removed from it."""
    found: list[tuple[str, bytes]] = []
    for el in result.iter(_t("file")):
        child = next((c for c in el if isinstance(c.tag, str)), None)
        if child is not None:
            found.append((el.get("href", ""), _serialize(child)))
    for el in list(result.iter(_t("file"))):
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    return found


def render_part(
    tree: etree._ElementTree,
    params: Mapping[str, ParamValue],
    *,
    name: str,
    book: str = "document",
    file: str = "text.xhtml",
    parts: Mapping[str, str] | None = None,
    language: str | None = None,
) -> tuple[etree._Element, list[tuple[str, bytes]]]:
    """One document as a part of a book: its ``te:part`` (without its file) and its
    content document(s) as (href, bytes). ``params`` are epub.xsl's, typed."""
    documents = {CONTEXT_PARAM: _context(book, file, parts)}
    if language:
        documents[MESSAGES_PARAM] = messages.catalog_bytes(language)
    data = run_xslt(stylesheet(), tree, params, name=name, documents=documents)
    part = parse_bytes(data, name).getroot()
    return part, _files(part)


def _book_model(
    kind: str,
    parts: list[etree._Element],
    *,
    title: str,
    language: str,
    reading: str,
    creators: Sequence[str],
    publisher: str = "",
    date: str = "",
    rights: str = "",
    description: str = "",
    identifier: str = "",
    version: str = "",
    introduction: str = "",
    content: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    if not identifier:
        digest = hashlib.sha256()
        for href, data in content:
            digest.update(href.encode("utf-8") + b"\0" + data)
        identifier = uuid.uuid5(uuid.NAMESPACE_URL, "tei-edition:" + digest.hexdigest()).urn
    book = etree.Element(
        _t("book"),
        kind=kind,
        title=title,
        lang=language,
        reading=reading,
        publisher=publisher,
        date=date,
        rights=rights,
        description=description,
        identifier=identifier,
        version=version,
        nsmap={"te": TE_NS},
    )
    for name in creators:
        etree.SubElement(book, _t("creator")).text = name
    if introduction.strip():
        etree.SubElement(book, _t("introduction")).text = introduction
    book.extend(parts)
    return etree.tostring(book, encoding="UTF-8")


def _assemble(
    model: bytes, params: Mapping[str, ParamValue], name: str, language: str | None = None
) -> list[tuple[str, bytes]]:
    documents = {MESSAGES_PARAM: messages.catalog_bytes(language)} if language else None
    data = run_xslt(stylesheet(), model, params, name=name, documents=documents)
    return _files(parse_bytes(data, name).getroot())


def package(files: Sequence[tuple[str, bytes]]) -> bytes:
    """The EPUB container of the book's files (paths relative to ``OEBPS/``): ``mimetype``
    first and stored, the container file, then the files in the order given; fixed dates."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:

        def add(path: str, data: bytes, method: int) -> None:
            info = zipfile.ZipInfo(path, date_time=ZIP_DATE)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the system writing it
            zf.writestr(info, data, compress_type=method)

        add("mimetype", MEDIA_TYPE.encode("ascii"), zipfile.ZIP_STORED)
        add("META-INF/container.xml", CONTAINER.encode("utf-8"), zipfile.ZIP_DEFLATED)
        for href, data in files:
            add(f"{FOLDER}/{href}", data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _css() -> bytes:
    return (transform("theme") / "epub.css").read_bytes()


def _meta(part: etree._Element, local: str) -> str:
    found = part.find(f"{_t('meta')}/{_t(local)}")
    return (found.text or "").strip() if found is not None else ""


def document_epub(
    tree: etree._ElementTree, params: Mapping[str, ParamValue], *, name: str
) -> bytes:
    """A document's own EPUB: its text, notes, index of names, principles and citation.
    ``params`` are epub.xsl's, typed (with the reading)."""
    part, content = render_part(tree, params, name=name)
    model = _book_model(
        "document",
        [part],
        title=part.get("title", ""),
        language=part.get("lang", "en"),
        reading=str(params.get("reading", "normalized")),
        creators=[c.text or "" for c in part.iterfind(f"{_t('meta')}/{_t('creator')}")],
        publisher=_meta(part, "publisher"),
        date=_meta(part, "date"),
        rights=_meta(part, "rights"),
        description=_meta(part, "description"),
        identifier=_meta(part, "identifier"),
        content=content,
    )
    book = _assemble(model, {"reading": params.get("reading", "normalized")}, name)
    return package([*_ordered(book, content), ("style.css", _css())])


def _ordered(
    book: list[tuple[str, bytes]], content: list[tuple[str, bytes]]
) -> list[tuple[str, bytes]]:
    """The package document first, then the others in the order made."""
    first = [f for f in book if f[0] == "package.opf"]
    return first + [f for f in book if f[0] != "package.opf"] + content


def edition_epub(
    edition: Edition,
    *,
    reading: str = "normalized",
    params: Mapping[str, ParamValue] | None = None,
    xinclude: bool = False,
) -> bytes:
    """One EPUB of the whole edition: a title page, the documents in date order, and the
    register as an index. Raises :class:`TeiEditionError` naming every document that
    cannot be made into its part (nothing is made then)."""
    c = edition.config
    given = dict(params or {})
    given["reading"] = reading
    if edition.registers is not None:
        given.setdefault("registers", edition.registers.resolve().as_uri())
    typed = coerce_params(stylesheet(), given)
    docs = sorted((read_document(p) for p in edition.documents), key=lambda d: d.sort_key())
    stems = [d.path.stem for d in docs]
    files = part_files(stems)
    if len(set(stems)) != len(stems):
        twice = sorted({s for s in stems if stems.count(s) > 1})
        raise TeiEditionError(
            Issue(
                display_path(edition.root),
                rule="epub",
                message=f"two documents are named {', '.join(twice)}: the EPUB's content "
                "documents are named after them",
            )
        )
    parts: list[etree._Element] = []
    content: list[tuple[str, bytes]] = []
    problems: list[Issue] = []
    for doc in docs:
        name = display_path(doc.path)
        try:
            part, made = render_part(
                parse_tei(doc.path, xinclude=xinclude),
                typed,
                name=name,
                book="edition",
                file=files[doc.path.stem],
                parts=files,
                language=c.language,
            )
        except TeiEditionError as exc:
            problems.extend(exc.issues)
            continue
        parts.append(part)
        content.extend(made)
    if problems:
        raise TeiEditionError(problems)
    model = _book_model(
        "edition",
        parts,
        title=c.title,
        language=c.language,
        reading=reading,
        creators=list(c.editors),
        publisher=c.publisher,
        date=c.date,
        rights=c.licence,
        description=" ".join(c.introduction.split()),
        identifier=c.base_url,
        version=c.version,
        introduction=c.introduction,
        content=content,
    )
    book_params = {k: v for k, v in typed.items() if k in ("reading", "registers")}
    book = _assemble(model, book_params, display_path(edition.root), c.language)
    return package([*_ordered(book, content), ("style.css", _css())])
