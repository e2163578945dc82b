"""What the site publishes beside its pages, made safe for a reader's browser.

**Names in links.** A document's page, TEI, text and PDF are named after its file, and a
file may be named anything the file system takes (``javascript:alert(1).xml`` is a legal
name on Linux). :func:`link_name` gives the name as it stands in a link: percent-encoded
(only letters, digits and ``-._~`` are left as they are), so that no name reads as a
scheme (``javascript%3Aalert%281%29``), a query or a fragment, and a static server still
finds the file.

**The theme.** The pages' CSS and scripts are written once into ``OUT/theme/`` and
loaded from there (:func:`theme_files`), so that every page's Content-Security-Policy can
refuse inline scripts and styles. They are the files of ``transforms/theme/``: one copy of
each to edit (a page that stands alone, the HTML export, carries ``edition.css`` and
``edition.js`` inline, named by their digests; see :mod:`tei_edition.xslt`).

**The TEI copies.** A browser that opens an XML file renders what it holds in the XHTML,
SVG and MathML namespaces and runs its scripts, and applies an ``xml-stylesheet``
processing instruction: a document of the edition whose ``egXML`` example holds an XHTML
``<script>`` (valid TEI) would run it on the site's origin. :func:`published_copy` gives
the TEI the site republishes for download: the file as it is when it holds none of these,
else a copy in which such elements and attributes are moved to inert namespaces
(``urn:x-tei-edition:inert:`` followed by their own), ``xml-stylesheet`` instructions and
the document type declaration are left out, and a comment at the top says so. The
document as the edition holds it stays in the edition's folder and its deposit.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from tei_edition.read.xmlparse import display_path, parse_bytes, read_bytes
from tei_edition.resources import data_dir

XSL_NS = "http://www.w3.org/1999/XSL/Transform"

THEME = (
    "edition.css",
    "edition.js",
    "site.css",
    "home.js",
    "search.js",
    "facsimile.css",
    "facsimile.js",
)
"""The theme's files (``transforms/theme/``), copied into the site's ``theme/``."""

RENDERED = (
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/1999/xlink",
)
"""Namespaces whose elements or attributes a browser renders, follows or runs in an XML
document."""

INERT = "urn:x-tei-edition:inert:"
"""What the namespaces of :data:`RENDERED` become in a published copy (followed by the
namespace itself)."""

COPY_FORMAT = "1"
"""Changed when :func:`published_copy` makes other bytes of the same file."""

NOTICE = (
    " tei-edition: this copy of the document is made safe to open in a web browser."
    " Elements and attributes in the XHTML, SVG, MathML and XLink namespaces, which a"
    " browser would render, follow or run, are here in namespaces named"
    f" {INERT} followed by their own; xml-stylesheet processing instructions and the"
    " document type declaration are left out. Nothing else is changed but how the markup"
    " is written out. The document as the edition holds it is in the edition's folder and"
    " in its deposit (tei-edition deposit). "
)


@lru_cache(maxsize=65536)  # a build asks for each document's name in every list that shows it
def link_name(name: str) -> str:
    """A file name of the site as it stands in a link (see above)."""
    return quote(name, safe="")


def link_path(rel: str) -> str:
    """A path in ``OUT`` as a relative URL: each of its names percent-encoded."""
    return "/".join(link_name(part) for part in rel.split("/"))


def theme_files() -> list[tuple[str, bytes]]:
    """The theme's files: (path in ``OUT``, content)."""
    folder = data_dir("transforms") / "theme"
    return [(f"theme/{name}", (folder / name).read_bytes()) for name in THEME]


def _inert(name: str) -> str | None:
    """The inert name of an element's or attribute's ``{namespace}name``, or None."""
    q = etree.QName(name)
    return f"{{{INERT}{q.namespace}}}{q.localname}" if q.namespace in RENDERED else None


def _is_stylesheet(node: object) -> bool:
    return isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet"


def published_copy(path: Path) -> bytes:
    """The TEI file ``path`` as the site publishes it (see above)."""
    return neutralise(read_bytes(path), display_path(path))


def neutralise(data: bytes, name: str = "<input>") -> bytes:
    """``data`` (an XML document) as :func:`published_copy` publishes it. Raises
    :class:`~tei_edition.issues.TeiEditionError` when it is not well-formed."""
    tree = parse_bytes(data, name, allow_duplicate_ids=True)
    root = tree.getroot()
    before = list(root.itersiblings(preceding=True))[::-1]
    after = list(root.itersiblings())
    found = bool(tree.docinfo.doctype) or any(_is_stylesheet(n) for n in (*before, *after))
    for el in root.iter():
        if _is_stylesheet(el):
            found = True
        elif isinstance(el.tag, str):
            found = found or _inert(el.tag) is not None
            found = found or any(_inert(a) is not None for a in el.attrib)
    if not found:
        return data
    for el in list(root.iter()):
        if _is_stylesheet(el):
            parent = el.getparent()
            if el.tail and parent is not None:
                previous = el.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + el.tail
                else:
                    parent.text = (parent.text or "") + el.tail
            if parent is not None:
                parent.remove(el)
            continue
        if not isinstance(el.tag, str):
            continue
        inert = _inert(el.tag)
        if inert is not None:
            el.tag = inert
        for attr in [a for a in el.attrib if _inert(a) is not None]:
            value = el.attrib.pop(attr)
            el.set(str(_inert(attr)), value)

    def write(node: etree._Element) -> str:
        return etree.tostring(node, encoding="unicode", with_tail=False)

    parts = ['<?xml version="1.0" encoding="UTF-8"?>', f"<!--{NOTICE}-->"]
    parts += [write(n) for n in before if not _is_stylesheet(n)]
    parts.append(write(root))
    parts += [write(n) for n in after if not _is_stylesheet(n)]
    return ("\n".join(parts) + "\n").encode("utf-8")


__all__ = [
    "COPY_FORMAT",
    "link_name",
    "link_path",
    "neutralise",
    "published_copy",
    "theme_files",
]
