"""Facsimiles on the site: IIIF from the editor's own scans, with no image server.

For every document with page images (:mod:`tei_edition.edition.facsimile`), the build
writes

- for each image of the edition folder, IIIF Image API 3.0 level-0 tiles and
  ``info.json`` under ``iiif/images/<key>/`` (:mod:`.tiles`), in worker processes, and
  only where the image or the tiler changed: every tile's key in the site's manifest is
  made of the scan's SHA-256, so a rebuild with no image changed tiles nothing;
- a IIIF Presentation 3.0 manifest under ``iiif/manifests/<slug>.json`` and the
  collection ``iiif/collection.json`` (:mod:`.manifest`), where the edition has a
  ``base_url`` (a manifest's addresses are absolute);
- the page model site.xsl shows the viewer from (``<site:facsimile>``), and the viewer's
  script, OpenSeadragon, vendored in ``transforms/theme/vendor/openseadragon/`` with its
  licence.

Remote images (an http(s) ``graphic/@url``) are referenced as given, never fetched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from tei_edition.edition.collect import Document
from tei_edition.edition.config import Edition
from tei_edition.edition.facsimile import (
    Facsimile,
    facsimile_from_record,
    facsimile_record,
    file_state,
    read_facsimile,
)
from tei_edition.issues import Issue
from tei_edition.progress import Progress, silent
from tei_edition.read.xmlparse import display_path, parse_bytes
from tei_edition.resources import data_dir
from tei_edition.site import routes
from tei_edition.site.iiif.manifest import Context, collection, document_manifest
from tei_edition.site.iiif.tiles import TILER, Plan, tile
from tei_edition.workers import jobs_or_default, run_each

SITE_NS = "https://tei-edition.org/ns/site"
VENDOR = ("openseadragon.min.js", "LICENSE.txt", "SOURCE")
"""OpenSeadragon's files in ``transforms/theme/vendor/openseadragon/``."""
MANIFESTS_SKIPPED = (
    "IIIF manifests skipped: edition.base_url is not set, and a manifest's addresses are "
    "absolute (the page images are shown all the same)"
)


def vendor_files() -> list[tuple[str, bytes]]:
    """The viewer's files: (path in ``OUT``, content)."""
    folder = data_dir("transforms") / "theme" / "vendor" / "openseadragon"
    return [(f"theme/vendor/openseadragon/{n}", (folder / n).read_bytes()) for n in VENDOR]


def _E(tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    el = etree.Element(f"{{{SITE_NS}}}{tag}", nsmap={"site": SITE_NS})
    for key, value in (attrs or {}).items():
        el.set(key, value)
    return el


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@cache
def _image_readers() -> str:
    """What reads the page images' sizes: Pillow's version and the formats it knows (a
    Pillow that reads JPEG 2000 shows pages another could not)."""
    from PIL import Image, __version__

    return __version__ + ";" + ",".join(sorted(Image.registered_extensions()))


@dataclass
class Facsimiles:
    """The edition's facsimiles, as one build reads, tiles and publishes them."""

    edition: Edition
    keys: dict[Path, str] = field(default_factory=dict)  # local scan → its key
    plans: dict[Path, Plan] = field(default_factory=dict)
    documents: list[tuple[Document, Facsimile]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    tiled: int = 0  # images tiled by this build
    # facsimiles read by an earlier build (name: a key of what the reading was made from,
    # and its record), and those of this one: site/build.py's _Writer.memo
    remembered: dict[str, tuple[str, str]] = field(default_factory=dict)
    remember: dict[str, tuple[str, str]] | None = None
    _read_by: str = ""
    _taken: set[str] = field(default_factory=set)  # the values of keys

    def read(self, doc: Document) -> Facsimile:
        """A document's facsimile; its local images are registered to be tiled. Taken
        from :attr:`remembered` where neither the document nor any file it looked for as
        a page image changed, else read (a rebuild parses again only those documents)."""
        name = f"facsimile:{doc.path}"
        if not self._read_by:  # what every document's reading depends on, worked out once
            self._read_by = "\0".join(
                (str(self.edition.root), str(self.edition.root.resolve()),
                 str(self.edition.images), os.getcwd(), _image_readers())
            )  # fmt: skip
        made_of = hashlib.sha256(
            "\0".join((doc.digest, str(doc.path), self._read_by)).encode("utf-8", "surrogateescape")
        ).hexdigest()
        facs = self._remembered(name, made_of) if doc.digest else None
        if facs is None:
            facs, whole = self._read(doc)
            if self.remember is not None and whole:
                record = json.dumps(facsimile_record(facs), ensure_ascii=False, sort_keys=True)
                self.remember[name] = (made_of, record)
        elif self.remember is not None:
            self.remember[name] = self.remembered[name]
        self._register(doc, facs)
        return facs

    def _remembered(self, name: str, made_of: str) -> Facsimile | None:
        had = self.remembered.get(name)
        if had is None or had[0] != made_of:
            return None
        try:
            facs = facsimile_from_record(json.loads(had[1]))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        if any(file_state(path) != state for path, state in facs.checked):
            return None  # a page image changed, came or went
        return facs

    def _read(self, doc: Document) -> tuple[Facsimile, bool]:
        """The facsimile, and whether it was read from the content the check knows (only
        then is it remembered under that content's digest)."""
        try:
            data = doc.path.read_bytes()
            whole = bool(doc.digest) and hashlib.sha256(data).hexdigest() == doc.digest
            if b"facs" not in data and b"sourceDoc" not in data:
                return Facsimile(), whole  # no facsimile markup: not parsed again
            tree = parse_bytes(data, display_path(doc.path), base_url=doc.path.resolve().as_uri())
        except Exception:  # the edition's check has said what is wrong with it
            return Facsimile(), False
        return read_facsimile(tree, doc.path, self.edition.root, self.edition.images), whole

    def _register(self, doc: Document, facs: Facsimile) -> None:
        self.issues.extend(facs.issues)
        for page in facs.local:
            assert page.path is not None
            if page.path not in self.keys:
                self.keys[page.path] = key = self._key(page.path)
                self._taken.add(key)
            self.plans[page.path] = Plan(page.width, page.height)
        if facs:
            self.documents.append((doc, facs))

    @property
    def remote(self) -> bool:
        """Whether a document shows page images from elsewhere."""
        return any(origins(facs) for _, facs in self.documents)

    def _key(self, path: Path) -> str:
        root = self.edition.images or self.edition.root
        base = root if path.is_relative_to(root.resolve()) else self.edition.root
        rel = path.relative_to(base.resolve()).as_posix()
        key = re.sub(r"[^A-Za-z0-9_-]+", "-", rel).strip("-") or "image"
        found, n = key, 1
        while found in self._taken:
            n += 1
            found = f"{key}-{n}"
        return found

    def service(self, path: Path) -> str:
        """A local image's service address in ``info.json`` and manifests: under base_url,
        else the address of its folder relative to its info.json."""
        key = self.keys[path]
        base = self.edition.config.base_url
        return (base.rstrip("/") + "/" + routes.iiif_image(key)) if base else f"../{key}"

    def model(self, facs: Facsimile, slug: str, root: str) -> etree._Element | None:
        """``<site:facsimile>``: what site.xsl shows the viewer from, with addresses from a
        page whose way to the site's root is ``root``."""
        if not facs:
            return None
        el = _E("facsimile")
        if self.edition.config.base_url and any(p.shown for p in facs.pages):
            el.set("manifest", root + routes.iiif_manifest(slug))
        for page in facs.pages:
            attrs = {
                "n": str(page.n),
                "key": page.key,
                "label": page.label or str(page.n),
                "kind": page.kind,
                "width": str(page.width),
                "height": str(page.height),
            }
            if page.kind == "local" and page.path is not None:
                folder = root + routes.iiif_image(self.keys[page.path])
                plan = self.plans[page.path]
                attrs["info"] = f"{folder}/info.json"
                attrs["src"] = f"{folder}/{plan.size_path(plan.middle)}"
                attrs["src-width"], attrs["src-height"] = (str(v) for v in plan.middle)
            elif page.kind == "iiif":
                attrs["info"] = page.remote
            elif page.kind in ("image", "manifest", "link"):
                attrs["src" if page.kind == "image" else "href"] = page.remote
            el.append(_E("page", attrs))
        for zone in facs.zones:
            el.append(
                _E(
                    "zone",
                    {
                        "key": zone.key,
                        "page": str(zone.page),
                        "x": str(zone.x),
                        "y": str(zone.y),
                        "w": str(zone.w),
                        "h": str(zone.h),
                    },
                )
            )
        for token, (n, zone_key) in sorted(facs.refs.items()):
            el.append(_E("ref", {"token": token, "page": str(n), "zone": zone_key}))
        for href in facs.manifests:
            el.append(_E("remote-manifest", {"href": href}))
        for origin in origins(facs):
            el.append(_E("origin", {"href": origin}))
        return el

    def tile(self, out: Path, writer: Any, jobs: int | None, progress: Progress = silent) -> None:
        """Tile every local image whose tiles are not those of its scan as it is now
        (``writer``: the build's, whose manifest records every file's key)."""
        tasks = []
        wanted: dict[str, list[str]] = {}
        for path in sorted(self.keys):
            folder = routes.iiif_image(self.keys[path])
            ident = self.service(path)
            key = hashlib.sha256(f"{_sha256(path)}\0{TILER}\0{ident}".encode()).hexdigest()
            rels = [f"{folder}/{f}" for f in [*self.plans[path].files(), "info.json"]]
            if all(writer.old.get(r) == key and (out / r).is_file() for r in rels):
                for rel in rels:
                    writer.fresh(rel, key)
                continue
            for rel in rels:
                writer.new[rel] = key
            wanted[str(out / folder)] = rels
            tasks.append((str(path), str(out / folder), ident))
        if not tasks:
            return
        results = run_each(
            tile,
            tasks,
            workers=jobs_or_default(jobs),
            parallel=len(tasks) >= 2,
            progress=progress,
            step="Tiling page images",
        )
        for (source, _, _), (folder, written, why) in zip(tasks, results, strict=True):
            prefix = Path(folder).relative_to(out).as_posix()
            made = {f"{prefix}/{f}" for f in written}
            for rel in wanted[folder]:
                if rel not in made:
                    writer.new.pop(rel, None)
            if why:
                self.issues.append(
                    Issue(
                        display_path(source),
                        severity="warning",
                        rule="facsimile",
                        message=why + ": not shown",
                    )
                )
                continue
            self.tiled += 1
            writer.result.written.extend(out / r for r in sorted(made))

    def manifests(self, writer: Any, say: Any) -> list[Issue]:
        """The documents' manifests and the edition's collection; notices."""
        c = self.edition.config
        if not self.documents:
            return []
        if not c.base_url:
            where = display_path(self.edition.config_file) if self.edition.config_file else c.title
            return [Issue(where, severity="info", rule="iiif", message=MANIFESTS_SKIPPED)]
        base = c.base_url.rstrip("/") + "/"
        listed: list[tuple[str, str]] = []
        for doc, facs in self.documents:
            ident = base + routes.iiif_manifest(doc.slug)
            context = Context(
                base=base,
                title=doc.title,
                homepage=base + routes.document(doc.slug),
                language=c.language,
                licence_url=c.licence_url,
                source_label=say("facs.source"),
                edition_title=c.title,
            )
            services = {
                p.n: (self.service(p.path), self.plans[p.path])
                for p in facs.local
                if p.path is not None
            }
            data = document_manifest(ident, facs, context, services)
            if data is None:
                continue
            rel = routes.iiif_manifest(doc.slug)
            writer.write(rel, hashlib.sha256(data).hexdigest(), lambda d=data: d)
            listed.append((ident, doc.title))
        if listed:
            data = collection(base + routes.IIIF_COLLECTION, c.title, c.language, listed)
            writer.write(routes.IIIF_COLLECTION, hashlib.sha256(data).hexdigest(), lambda: data)
        return []


def origins(facs: Facsimile) -> list[str]:
    """The origins of the remote images a document's viewer shows (its page's policy lets
    it load images from them, and nothing else)."""
    found = set()
    for page in facs.pages:
        if page.kind in ("iiif", "image") and page.remote:
            parts = urlsplit(page.remote)
            found.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(found)


__all__ = ["Facsimiles", "vendor_files"]
