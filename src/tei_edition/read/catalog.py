"""OASIS XML catalogs: map schema URLs to local files, never fetch them.

The package ships ``schemas/catalog.xml`` (the TEI release URLs of tei_all and this
project's schema identifiers, mapped to the copies in ``schemas/``). Catalogs named
in ``XML_CATALOG_FILES`` (space-separated paths or ``file:`` URIs, as libxml2 reads
them) are consulted first, so a user's mapping wins.

Supported entries (OASIS XML Catalogs 1.1): ``uri``, ``system``, ``rewriteURI``,
``rewriteSystem``, ``uriSuffix``, ``systemSuffix``, ``group`` (with ``xml:base``) and
``nextCatalog``. Only catalogs that are local files are read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlparse
from urllib.request import url2pathname

from lxml import etree

from tei_edition import resources
from tei_edition.issues import TeiEditionError
from tei_edition.read.xmlparse import parse

CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
SHIPPED = "catalog.xml"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


@dataclass
class Catalog:
    """The entries of one catalog file, in document order, with their bases applied."""

    exact: list[tuple[str, str]] = field(default_factory=list)  # (uri, target)
    rewrites: list[tuple[str, str]] = field(default_factory=list)  # (prefix, target prefix)
    suffixes: list[tuple[str, str]] = field(default_factory=list)  # (suffix, target)
    next: list[str] = field(default_factory=list)  # further catalogs (absolute URIs)

    def lookup(self, uri: str) -> str | None:
        for name, target in self.exact:
            if name == uri:
                return target
        best = max((r for r in self.rewrites if uri.startswith(r[0])), default=None, key=_len)
        if best:
            return best[1] + uri[len(best[0]) :]
        best = max((s for s in self.suffixes if uri.endswith(s[0])), default=None, key=_len)
        return best[1] if best else None


def _len(pair: tuple[str, str]) -> int:
    return len(pair[0])


def _local(uri: str) -> Path | None:
    """The local file a ``file:`` URI (or plain path) names, or None for other schemes."""
    parts = urlparse(uri)
    if parts.scheme == "file":
        return Path(url2pathname(parts.path))
    if not parts.scheme or (len(parts.scheme) == 1 and os.name == "nt"):
        return Path(uri)
    return None


@lru_cache(maxsize=16)
def _read(path: Path, mtime_ns: int) -> Catalog | None:
    try:
        root = parse(path).getroot()
    except TeiEditionError:
        return None  # an unreadable catalog maps nothing (as libxml2 does)
    catalog = Catalog()

    def walk(el: etree._Element, base: str) -> None:
        base = urljoin(base, el.get(XML_BASE, "")) if el.get(XML_BASE) else base
        for child in el:
            if not isinstance(child.tag, str) or etree.QName(child).namespace != CATALOG_NS:
                continue
            tag = etree.QName(child).localname
            here = urljoin(base, child.get(XML_BASE, "")) if child.get(XML_BASE) else base
            if tag in ("uri", "system"):
                key = "name" if tag == "uri" else "systemId"
                catalog.exact.append((child.get(key, ""), urljoin(here, child.get("uri", ""))))
            elif tag in ("rewriteURI", "rewriteSystem"):
                key = "uriStartString" if tag == "rewriteURI" else "systemIdStartString"
                prefix = urljoin(here, child.get("rewritePrefix", ""))
                catalog.rewrites.append((child.get(key, ""), prefix))
            elif tag in ("uriSuffix", "systemSuffix"):
                key = "uriSuffix" if tag == "uriSuffix" else "systemIdSuffix"
                catalog.suffixes.append((child.get(key, ""), urljoin(here, child.get("uri", ""))))
            elif tag == "nextCatalog":
                catalog.next.append(urljoin(here, child.get("catalog", "")))
            elif tag == "group":
                walk(child, here)

    walk(root, path.resolve().as_uri())
    return catalog


def _load(path: Path) -> Catalog | None:
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    return _read(path.resolve(), mtime) if path.is_file() else None


def shipped_catalog() -> Path:
    """The catalog the package ships (``schemas/catalog.xml``)."""
    return resources.schema(SHIPPED)


def catalog_files() -> list[Path]:
    """The catalogs consulted, in order: ``XML_CATALOG_FILES``, then the shipped one."""
    found: list[Path] = []
    for item in os.environ.get("XML_CATALOG_FILES", "").split():
        local = _local(item)
        if local is not None:
            found.append(local)
    found.append(shipped_catalog())
    return found


def resolve(uri: str) -> Path | None:
    """The local file the catalogs map ``uri`` to, or None when none maps it.

    A mapping to another remote URI is followed through the catalogs again (at most a
    few steps); a mapping that ends at a URI which is not a local file is no mapping.
    """
    current = uri
    for _ in range(8):
        target = _lookup(current)
        if target is None:
            return None
        local = _local(target)
        if local is not None:
            return local
        current = target
    return None


def _lookup(uri: str) -> str | None:
    pending = [p.resolve().as_uri() if isinstance(p, Path) else p for p in catalog_files()]
    seen: set[str] = set()
    while pending:
        item = pending.pop(0)
        if item in seen:
            continue
        seen.add(item)
        local = _local(item)
        catalog = _load(local) if local is not None else None
        if catalog is None:
            continue
        target = catalog.lookup(uri)
        if target is not None:
            return target
        pending[:0] = catalog.next
    return None
