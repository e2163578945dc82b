"""Build an edition's static site.

The pipeline: read the edition (:mod:`tei_edition.edition.config`), read and check every
document and the register as a whole (:mod:`tei_edition.validate.edition`), then render each
page with ``transforms/site.xsl`` (document pages from the TEI, the other pages from a
page model) and write what changed. ``OUT/.tei-edition-site.sqlite`` (site/manifest.py)
records, for every file the build wrote, a key made of everything the file is made from
(the stylesheets, the source, the parameters), and, by a key of its content, each file's
validation, what was read of each document and its part of the edition check; a rebuild
reads and validates only the documents that changed (known by their state on disk),
renders only the files whose key changed (and writes one only where its bytes
changed) and removes the files of an earlier build that are no longer part of the site.
``OUT/.tei-edition-builds.jsonl``, the build's own record, says which files each of the
last builds wrote and removed, the files of the search index among them.

Layout of ``OUT``::

    index.html, page-2.html …        the home page: every document in date order (PAGE_SIZE
                                     a page)
    chronology.html, chronology-2.html …  the events the documents date; the documents by year
    search.html, pagefind/           full-text search (Pagefind; past SHARD_PAGES pages in
                                     shards, pagefind/d0/ … r0/ …, which search.html merges)
    documents/<slug>.html            a document's page (its reading edition)
    documents/diplomatic/<slug>.html the same in the diplomatic reading (no scripts)
    documents/<slug>.xml .txt .pdf   its TEI source (safe to open in a browser), plain
              .epub                  text, PDF and EPUB
    register/index.html              the registers
    register/persons.html …          one page per kind of entry (persons-2.html …)
    register/<id>.html               one page per entry, with its mentions (in the first
                                     PAGE_SIZE documents; register/<id>/page-2.html … the
                                     others)
    registers.xml                    the shared register
    documents/<slug>.bib .ris .json  its citation: BibTeX, RIS, CSL-JSON
    site.json, sitemap.xml           the documents and entries; the pages' addresses (a
                                     sitemap only where edition.base_url is set; past
                                     50,000 pages, an index of sitemap-N.xml)
    theme/                           the pages' CSS and scripts (no page runs inline code),
                                     theme/vendor/ the page images' viewer (OpenSeadragon)
    iiif/images/<name>/              a page image's IIIF level-0 tiles and info.json
    iiif/manifests/<slug>.json       a document's IIIF manifest; iiif/collection.json
                                     lists them (only with edition.base_url)
    open-data.html                   what the site offers harvesters, each with its purpose
    oai/static-repository.xml, oai/  OAI-PMH: a static repository and the answer to each
                                     request (edition.base_url and contact_email set)
    cmif.xml                         the letters' correspondence metadata (documents with
                                     correspDesc, edition.base_url and licence_url set)
    beacon-gnd.txt, beacon-viaf.txt  the register's GND and VIAF numbers (site/harvest.py)

Every page describes itself in schema.org JSON-LD (site.xsl), as its citation does.

Every page carries the edition's version and the build date (``SOURCE_DATE_EPOCH``,
else the newest input's modification time) in its footer, so two builds of the same inputs
are byte-identical, Pagefind's index (``pagefind/``) included: its filter files, which
Pagefind writes in an order of its own from run to run, are put in one order
(:mod:`tei_edition.site.search`). A citation gives the edition's date (``edition.date``),
never the build's (:mod:`tei_edition.site.cite`). The index is made again when a document
page changed (the manifest keeps a key of them), by Pagefind in the background while the
other pages are written.
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
import posixpath
import re
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from functools import lru_cache, partial
from pathlib import Path, PurePosixPath
from typing import Any, overload

from lxml import etree

from tei_edition import issues as issue_module
from tei_edition import messages
from tei_edition.edition import collect, facsimile
from tei_edition.edition.collect import KIND_LABELS, Document, Entry
from tei_edition.edition.config import Edition, load_edition
from tei_edition.edition.conventions import KIND_PAGES
from tei_edition.fsutil import atomic_write, content_key, within
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.progress import Progress, silent
from tei_edition.read import xmlparse
from tei_edition.read.xmlparse import display_path, parse
from tei_edition.resources import transform
from tei_edition.site import harvest, iiif, routes
from tei_edition.site import manifest as site_manifest
from tei_edition.site import search as site_search
from tei_edition.site.accessibility import (
    AXE_CORE_VERSION,
    AXE_TAGS,
    BROWSER,
    KEYBOARD_CHECKS,
    PAGE_KINDS,
)
from tei_edition.site.cite import Citation
from tei_edition.site.harvest import Absent, doors
from tei_edition.site.iiif import Facsimiles, vendor_files
from tei_edition.site.linking import link_file, stage_in_process
from tei_edition.site.pages import page_name, render, theme_extras, theme_params
from tei_edition.site.published import (
    COPY_FORMAT,
    link_name,
    link_path,
    published_copy,
    theme_files,
)
from tei_edition.site.search import (
    Indexing,
    index_changes,
    index_files,
    index_key,
    index_language,
    indexed,
    shard_plan,
)
from tei_edition.site.uptodate import (
    STAMP,
    inputs_key,
    issue_records,
    issues_from,
    unchanged,
    write_stamp,
)
from tei_edition.transform.epub import STYLESHEET as EPUB_STYLESHEET
from tei_edition.transform.epub import document_epub
from tei_edition.transform.export import export_many
from tei_edition.transform.pdf import fop_available
from tei_edition.validate.edition import (
    CheckMemory,
    EditionCheck,
    check_edition,
    resolved_paths,
)
from tei_edition.workers import Background, Workers, jobs_or_default
from tei_edition.xslt import transform as run_xslt

SITE_NS = "https://tei-edition.org/ns/site"
MANIFEST = site_manifest.NAME
STYLESHEETS = ("site.xsl", "html.xsl", "common.xsl", "text.xsl", "epub.xsl", "theme/epub.css")


class KeptFiles(Sequence[Path]):
    """The files a build kept as they were: their paths in a folder, made only when asked
    for (a rebuild keeps some 90,000)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rels: list[str] = []

    def append(self, path: Path | str) -> None:
        self.rels.append(Path(path).relative_to(self.folder).as_posix())

    def __len__(self) -> int:
        return len(self.rels)

    @overload
    def __getitem__(self, i: int) -> Path: ...
    @overload
    def __getitem__(self, i: slice) -> list[Path]: ...
    def __getitem__(self, i: int | slice) -> Path | list[Path]:
        if isinstance(i, slice):
            return [self.folder / r for r in self.rels[i]]
        return self.folder / self.rels[i]


@dataclass
class SiteResult:
    """What a build did."""

    out: Path
    written: list[Path] = field(default_factory=list)
    kept: KeptFiles = field(default_factory=lambda: KeptFiles(Path()))
    removed: list[Path] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notices: list[Issue] = field(default_factory=list)
    forced: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    documents: int = 0
    entries: int = 0
    tiled: int = 0  # page images tiled (none on a rebuild where no image changed)
    unchanged: int | None = None  # files, where the site was up to date (nothing read)
    recorded: bool = False  # the build's record of the site changed (site/manifest.py)

    def __post_init__(self) -> None:
        self.kept.folder = self.out

    def summary(self) -> str:
        forced = " (forced: the edition has problems)" if self.forced else ""
        return (
            f"{display_path(self.out)}: site of {self.documents} document(s) and "
            f"{self.entries} register entries; {len(self.written)} file(s) written, "
            f"{len(self.kept) if self.unchanged is None else self.unchanged} unchanged, "
            f"{len(self.removed)} removed{forced}"
            + (f"; {self.tiled} page image(s) tiled" if self.tiled else "")
        )


def build_date(edition: Edition) -> str:
    """The build's date: ``SOURCE_DATE_EPOCH``, else the newest input's mtime (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        stamp = int(epoch)
    else:
        stamp = int(max((p.stat().st_mtime for p in edition.inputs()), default=0))
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d")


MARK = "tei-edition site"
"""What the manifest of a site this program built says it is (its ``generator``)."""

LOCK = ".tei-edition-build.lock"
"""The file a build holds locked in ``OUT`` while it writes, so two builds never write
into one folder at once."""

_SYSTEM_FOLDERS = frozenset(
    Path(p)
    for p in (
        "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/media",
        "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr",
        "/usr/bin", "/usr/lib", "/usr/local", "/usr/share", "/var", "/var/tmp", "/Users",
        "/System", "/Library", "/Applications",
    )
)  # fmt: skip


def refused_out_folder(out: Path, edition_root: Path | None, home: Path | None = None) -> str:
    """Why ``out`` may not receive a site, or '': it may not be a system folder, the home
    folder or one above it, nor the edition folder or one that holds it."""
    where = out.resolve()
    home = (home or Path.home()).resolve()
    if where in _SYSTEM_FOLDERS or where == Path(where.anchor):
        return f"{where} is a system folder: choose a folder of its own for the site"
    if where == home or home.is_relative_to(where):
        return f"{where} is your home folder or holds it: choose a folder of its own for the site"
    if edition_root is not None:
        root = edition_root.resolve()
        if root == where:
            return "is the edition folder itself: the site goes into a folder of its own"
        if root.is_relative_to(where):
            return (
                f"holds the edition folder ({display_path(root)}): "
                "the site goes into a folder of its own"
            )
    return ""


def check_out_folder(out: Path, edition_root: Path | None = None) -> None:
    """Refuse an output folder that is a file, a system or home folder, or the edition
    folder or one that holds it."""
    for part in (out, *out.parents):
        if part.exists() and not part.is_dir():
            raise UsageError(
                Issue(display_path(out), rule="io", message=f"{display_path(part)} is not a folder")
            )
    why = refused_out_folder(out, edition_root)
    if why:
        raise UsageError(Issue(display_path(out), rule="out", message=why))


def check_own_folder(out: Path, manifest: site_manifest.Manifest, title: str) -> None:
    """A site is written only into an empty (or new) folder, or one this program built
    for the same edition (its manifest says so): never over other files."""
    if not out.is_dir():
        return
    others = sorted(p.name for p in out.iterdir() if p.name != LOCK)
    if not others:
        return
    if manifest.get("generator") != MARK:
        raise UsageError(
            Issue(
                display_path(out),
                rule="out",
                message=f"holds files that are not a site built by tei-edition (such as "
                f"{others[0]}): build into an empty or new folder",
            )
        )
    if manifest.get("edition") != title:
        raise UsageError(
            Issue(
                display_path(out),
                rule="out",
                message=f"holds the site of another edition ({manifest.get('edition')!r}): "
                "build into an empty or new folder, or remove that site first",
            )
        )


def site_relative(out: Path, rel: object) -> Path | None:
    """The file ``OUT/rel`` when ``rel`` (from a manifest) is a normalized relative path
    that stays inside ``out``; else None (a manifest's other entries are never acted on)."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\0" in rel:
        return None
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return None
    target = out / rel
    try:
        if not target.parent.resolve().is_relative_to(out.resolve()):
            return None
    except OSError:
        return None
    return target


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold ``OUT/.tei-edition-build.lock`` for the build: a second build of any edition
    into the same folder stops at once with one line, instead of mixing two sites."""
    made = [p for p in (out, *out.parents) if not p.exists()]
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    ended = False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise UsageError(
                Issue(
                    display_path(out),
                    rule="out",
                    message="another build is writing into this folder: wait for it to end",
                )
            ) from None
        yield
        ended = True
    finally:
        if not ended and made and [p.name for p in out.iterdir()] == [LOCK]:
            path.unlink()  # a build that wrote nothing leaves no folder behind
            for folder in made:
                folder.rmdir()
        os.close(fd)


class _Writer:
    """Writes the site's files, skipping those whose key is unchanged."""

    def __init__(
        self,
        out: Path,
        result: SiteResult,
        manifest: site_manifest.Manifest,
        present: set[str] | None = None,
    ) -> None:
        """``present``: the files (paths in ``out``) known to be there when the build
        began, where they were listed (those of the staging folder), so that a file whose
        key is unchanged is kept without asking the file system."""
        self.out = out
        self.result = result
        self.old: dict[str, str] = manifest.files
        # the memo holds for the code that made it: this module's, the reader's, and that
        # of the facsimiles
        from tei_edition import __version__  # read from the package's metadata: slow

        made_by = (__file__, collect.__file__, facsimile.__file__, iiif.__file__,
                   xmlparse.__file__, issue_module.__file__)  # fmt: skip
        version = content_key(__version__, *(Path(f).read_bytes() for f in made_by))
        same = manifest.get("memo") == version
        self.old_memo = manifest.memo if same else {}
        self.new_memo: dict[str, tuple[str, str]] = {}
        self.memo_version = version
        self.tables: dict[str, dict[str, Any]] = {}  # more of the record's tables
        self.manifest = manifest
        self.new: dict[str, str] = {}
        self.present = present if present is not None else set()
        self._root = str(out) + os.sep

    def memo(self, name: str, made_of: str, key: Callable[[], str]) -> str:
        """``key()``, remembered by the manifest with ``made_of``: a key of what it is made
        from that is quicker to work out (and changes more often). Worked out again only
        when ``made_of`` changed, so that a rebuild need not go over all that the key
        covers (every mention of every entry) where little changed."""
        had = self.old_memo.get(name)
        found = had[1] if had is not None and had[0] == made_of else key()
        self.new_memo[name] = (made_of, found)
        return found

    def fresh(self, rel: str, key: str) -> bool:
        """True (and recorded) when ``rel`` exists with this key: nothing to do."""
        self.new[rel] = key
        if self.old.get(rel) == key and (rel in self.present or os.path.isfile(self._root + rel)):
            self.result.kept.rels.append(rel)
            return True
        return False

    def write(self, rel: str, key: str, make: Callable[[], bytes]) -> bool:
        if self.fresh(rel, key):
            return False
        return self.put(rel, make())

    def write_if_any(self, rel: str, key: str, make: Callable[[], bytes]) -> None:
        """:meth:`write` a file that may have nothing to hold (``make`` raises
        :class:`Absent`: a metadata format a document has no record in): remembered as
        absent with its key, so that a rebuild does not make it again to find that out."""
        name = f"absent:{rel}"
        had = self.old_memo.get(name)
        if had is not None and had[0] == key and not os.path.isfile(self._root + rel):
            self.new_memo[name] = had
            return
        try:
            self.write(rel, key, make)
        except Absent:
            self.new.pop(rel, None)
            self.new_memo[name] = (key, "")

    def put(self, rel: str, data: bytes) -> bool:
        """Write ``data`` to ``rel`` unless the file holds it already (a page whose key
        changed may come out the same: it is kept, and not counted as written)."""
        target = self.out / rel
        try:
            same = target.is_file() and target.stat().st_size == len(data)
            same = same and target.read_bytes() == data
        except OSError:
            same = False
        if same:
            self.result.kept.append(target)
            return False
        atomic_write(target, data)
        self.result.written.append(target)
        return True

    def prune(self, which: Callable[[str], bool] = lambda rel: True) -> None:
        """Remove the files of an earlier build that this build did not make (those of
        them ``which`` accepts): only normalized relative paths inside ``OUT``, and only
        where the manifest is this program's."""
        if self.manifest.get("generator") != MARK:
            return
        for rel in sorted(set(self.old) - set(self.new)):
            if not which(rel):
                continue
            target = site_relative(self.out, rel)
            if target is not None and target.is_file() and not target.is_symlink():
                target.unlink()
                self.present.discard(rel)
                self.result.removed.append(target)
                _remove_empty_folders(target.parent, self.out)

    def finish(self, extra: dict[str, Any], tables: dict[str, dict[str, Any]]) -> bool:
        """Remove what this build did not make, and record the files' keys, ``extra`` and
        ``tables`` (site/manifest.py); returns whether the record changed."""
        self.prune()
        meta = {"generator": MARK, **extra, "memo": self.memo_version}
        memo = {"memo": self.new_memo}
        tables = {**tables, **self.tables, **memo}
        return site_manifest.write(self.out, self.manifest, meta, self.new, tables)


def _remove_empty_folders(folder: Path, out: Path) -> None:
    """Remove ``folder`` and the folders above it inside ``out`` while they are empty (an
    entry's folder of pages, once it has none)."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (or not ours to remove)
            return
        folder = folder.parent


def _site_params(
    edition: Edition, stamp: str, forced: bool, root: str, remote_images: bool = False
) -> dict[str, Any]:
    c = edition.config
    return {
        "remote-images": remote_images,
        "site-root": root,
        "edition-title": c.title,
        "edition-short": c.short_title,
        "edition-editors": "|".join(c.editors),
        "edition-publisher": c.publisher,
        "edition-language": c.language,
        "stamp": stamp,
        "forced": forced,
        **theme_params(edition),
    }


def _language_issues(edition: Edition) -> list[Issue]:
    """Warnings, one line a language, when the interface cannot be wholly in the edition's
    language: it has no catalog, or its catalog lacks keys (shown in English)."""
    lang = edition.config.language
    where = display_path(edition.root / "edition.toml")
    if not messages.has_catalog(lang):
        text = f"no interface catalog for language {lang!r}: the interface is in English"
        return [Issue(where, severity="warning", rule="language", message=text)]
    lacking = messages.missing_keys(lang)
    if not lacking:
        return []
    own = messages.catalog_language(lang)
    text = f"the {own!r} interface catalog lacks {', '.join(lacking)}: shown in English"
    return [Issue(where, severity="warning", rule="language", message=text)]


def _url(base: str, rel: str) -> str:
    return (base.rstrip("/") + "/" + link_path(rel)) if base else ""


def _entries(check: EditionCheck) -> dict[str, Entry]:
    """The shared register's entries, then the documents' own (first definition wins)."""
    entries = dict(check.register.entries)
    for doc in check.documents:
        for entry in doc.local_entries:
            entries.setdefault(entry.id, entry)
    return entries


_LIST_PAGES = re.compile(
    "index|(?:" + "|".join(map(re.escape, sorted(set(KIND_PAGES.values())))) + ")(?:-[0-9]+)?"
)
"""The names in ``register/`` of the site's own pages: the registers, each kind's list and
its further pages (routes.paged)."""


def _clash(e: Entry) -> Issue:
    """An entry whose id names one of the register's list pages (:data:`_LIST_PAGES`)
    would have that page's address: an error, naming the entry."""
    return Issue(
        display_path(e.file),
        e.line,
        rule="site-route",
        message=f"register entry '{e.id}' would have the address of the site's page "
        f"{routes.entry(e.id)} (a list of entries): give it another xml:id",
    )


def _E(tag: str, attrs: dict[str, str] | None = None, text: str = "") -> etree._Element:
    el = etree.Element(f"{{{SITE_NS}}}{tag}", {k: v for k, v in (attrs or {}).items()})
    if text:
        el.text = text
    return el


def _model(edition: Edition, kind: str, title: str, **attrs: str) -> etree._Element:
    c = edition.config
    page = _E("page", {"type": kind, "title": title, **attrs})
    fields = (c.title, c.short_title, c.language, c.licence, c.licence_url, c.version, c.date,
              c.publisher, c.base_url)  # fmt: skip
    page.append(deepcopy(_edition_model(fields, tuple(c.editors), c.introduction)))
    return page


@lru_cache(maxsize=4)
def _edition_model(
    fields: tuple[str, ...], editors: tuple[str, ...], introduction: str
) -> etree._Element:
    """The edition as every page's model has it (made once: its introduction is Markdown)."""
    names = ("title", "short", "lang", "licence", "licence-url", "version", "date", "publisher",
             "url")  # fmt: skip
    ed = _E("edition", dict(zip(names, fields, strict=True)))
    for editor in editors:
        ed.append(_E("editor", text=editor))
    if introduction.strip():  # Markdown (site/pages.py)
        intro = _E("intro")
        intro.extend(render(introduction))
        ed.append(intro)
    return ed


def _fields(item: Any) -> tuple[Any, ...]:
    """A dataclass's fields, in order: ``dataclasses.astuple`` without its deep copy (for
    keys, made of many; the fields hold strings, numbers and lists or tuples of them)."""
    return tuple(getattr(item, f.name) for f in fields(item))


DOCUMENT_MODEL = f"{{{SITE_NS}}}document-model"
"""The stylesheet parameter that receives a document page's model (site.xsl)."""


@dataclass
class DocumentPage:
    """What a document's page shows besides its text: its model, given to site.xsl (the
    page's input is the TEI) as the other pages are given theirs."""

    doc: Document
    stable_url: str
    prev: tuple[str, str] | None
    next: tuple[str, str] | None
    downloads: list[tuple[str, str]]  # (format, href)
    persons: list[str]
    places: list[str]
    referred: list[tuple[str, str]]  # (href, title) of the documents that point here
    citation: Citation | None = None
    linkable: list[str] = field(default_factory=list)  # files of the edition it points to
    searchable: bool = True
    facsimile: etree._Element | None = None  # <site:facsimile>: the page images

    def model(self) -> bytes:
        d = self.doc
        root = _E(
            "document",
            {
                "stable-url": self.stable_url,
                "kind": d.kind,
                "date": d.date,
                "date-label": d.date_label,
                "date-to": d.date_to,
                "searchable": "true" if self.searchable else "false",
            },
        )
        for step, link in (("prev", self.prev), ("next", self.next)):
            if link is not None:
                root.append(_E(step, {"href": link[0], "title": link[1]}))
        for fmt, href in self.downloads:
            root.append(_E("download", {"format": fmt, "href": href}))
        root.extend(_E("person", text=n) for n in self.persons)
        root.extend(_E("place", text=n) for n in self.places)
        root.extend(_E("referred", {"href": h, "title": t}) for h, t in self.referred)
        root.extend(_E("linkable", {"file": f}) for f in self.linkable)
        if self.citation is not None:
            root.append(_citation_model(self.citation))
        if self.facsimile is not None:
            root.append(self.facsimile)
        return etree.tostring(root, encoding="UTF-8")

    def key(self) -> str:
        """A key of :meth:`model`, made from what the model is made of without making it
        (a rebuild works out the key of every document's page, and makes few)."""
        d = self.doc
        facsimile = None if self.facsimile is None else etree.tostring(self.facsimile)
        made_of = [
            self.stable_url, d.kind, d.date, d.date_label, d.date_to, self.searchable,
            self.prev, self.next, self.downloads, self.persons, self.places, self.referred,
            self.linkable, None if self.citation is None else _fields(self.citation),
            None if facsimile is None else facsimile.decode("utf-8"),
        ]  # fmt: skip
        return content_key(json.dumps(made_of, ensure_ascii=False))


def _citation_model(cite: Citation) -> etree._Element:
    """``<site:citation>``: the fields the meta tags give, and the citation's parts (text,
    the edition's title, the address) as site.xsl renders them."""
    el = _E(
        "citation",
        {
            "title": cite.title,
            "edition": cite.edition,
            "publisher": cite.publisher,
            "date": cite.date,
            "url": cite.url,
        },
    )
    el.extend(_E("author", text=a) for a in cite.authors)
    el.extend(_E("part", {"kind": kind}, words) for kind, words in cite.parts())
    return el


def _citation(edition: Edition, doc: Document) -> Citation:
    """How ``doc`` is cited: from the edition's configuration and the document's header."""
    c = edition.config
    return Citation(
        key=doc.slug,
        title=doc.title,
        authors=tuple(doc.authors),
        doc_date=doc.date,
        doc_date_label=doc.date_label,
        edition=c.title,
        editors=c.editors,
        publisher=c.publisher,
        date=c.date,
        url=_url(c.base_url, routes.document(doc.slug)),
        language=c.language,
    )


def _doc_item(doc: Document, href: str) -> etree._Element:
    return _E(
        "doc",
        {
            "slug": doc.slug,
            "href": href,
            "title": doc.title,
            "date": doc.date,
            "date-label": doc.date_label,
            "date-to": doc.date_to,
            "year": doc.year,
            "kind": doc.kind,
            "summary": doc.summary,
        },
    )


def build_site(
    target: Path | None,
    out: Path,
    *,
    force: bool = False,
    pdf: bool = True,
    search: bool = True,
    check: EditionCheck | None = None,
    jobs: int | None = None,
    progress: Progress = silent,
) -> SiteResult:
    """Build the site of the edition at ``target`` into ``out``.

    Raises :class:`TeiEditionError` with every problem (errors and warnings) when the
    edition does not validate, before anything is written; with ``force`` the site is
    written all the same, the problems are returned in ``issues`` and every page says
    the build was forced. Document pages are rendered by ``jobs`` worker processes
    (default: one per core) when there are many to render, each compiling the stylesheets
    once.
    """
    with _cycles_collected_after():
        return _build(target, out, force, pdf, search, check, jobs, progress)


@contextmanager
def _cycles_collected_after() -> Iterator[None]:
    """Python's collector of reference cycles paused while a site is built, and run once
    at the end. A build holds the records of every document (millions of objects at ten
    thousand documents) and makes many more: the collector, run as objects are made,
    went over all of them again and again (a third of a rebuild's time at ten thousand
    documents). Paused, a whole build of a thousand documents peaked at the same memory
    (298 MB against 300 MB): what a build makes is freed as it goes, not by the collector.
    At the end only the youngest generation is collected: the objects made since the pause
    (a cycle made by the build is among them). A full collection went over every object
    a process that builds again keeps (the documents of its last check), and took a
    quarter of a second of every rebuild at ten thousand documents."""
    paused = gc.isenabled()
    try:
        gc.disable()
        yield
    finally:
        if paused:
            gc.enable()
            gc.collect(0)


def _build(
    target: Path | None,
    out: Path,
    force: bool,
    pdf: bool,
    search: bool,
    check: EditionCheck | None,
    jobs: int | None,
    progress: Progress,
) -> SiteResult:
    started = time.perf_counter()
    out = Path(out)
    check_out_folder(out)
    edition = load_edition(target)
    check_out_folder(out, edition.root)
    if not (out / STAMP).is_file():  # else checked once the lock is held, if need be
        old = site_manifest.Manifest(out)
        check_own_folder(out, old, edition.config.title)
        old.close()
    # a site built inside the edition folder holds copies of the documents: never inputs
    real = resolved_paths(edition.documents, edition.resolved)
    outputs = [p.resolve() for p in (out, staging_folder(out), previous_folder(out))]
    edition.documents = [
        d for d in edition.documents if not any(within(real[d], o) for o in outputs)
    ]
    with build_lock(out):
        # a site whose inputs and files are all as its last build left them: nothing to do
        options = {
            "force": force,
            "pdf": pdf and _fop(),
            "search": search,
            # the site's sizes: a list's page, a shard of the index, a static repository,
            # a sitemap
            "sizes": [
                PAGE_SIZE,
                site_search.SHARD_PAGES,
                site_search.MAX_SHARDS,
                harvest.STATIC_LIMIT,
                SITEMAP_URLS,
            ],
        }
        key = inputs_key(edition, out, options) if check is None else ""
        report = unchanged(out, key, _UNSTAMPED) if key else None
        if report is not None:
            result = SiteResult(
                out,
                issues=issues_from(report.get("issues")),
                notices=issues_from(report.get("notices")),
                forced=bool(report.get("forced")),
                documents=int(report.get("documents") or 0),
                entries=int(report.get("entries") or 0),
                unchanged=int(report.get("files") or 0),
            )
            result.timings["total"] = time.perf_counter() - started
            record_build(out, result)
            return result
        staging = Staging()
        # one set of worker processes renders the documents' pages and the others
        with staged(out, staging) as dest, Workers(jobs_or_default(jobs)) as workers:
            result = _build_site(
                edition, dest, started, force, pdf, search, check, workers, progress, staging
            )
            if dest != out and not (result.written or result.removed or result.recorded):
                raise _Unchanged(result)  # nothing to put in the site's place
        result.out = result.kept.folder = out
        if dest != out:  # the files are the site's now
            for paths in (result.written, result.removed):
                paths[:] = [out / p.relative_to(dest) for p in paths]
        record_build(out, result)
        if key:
            report = {
                "issues": issue_records(result.issues),
                "notices": issue_records(result.notices),
                "forced": result.forced,
                "documents": result.documents,
                "entries": result.entries,
                "files": len(result.written) + len(result.kept),
            }
            write_stamp(out, key, _UNSTAMPED, report)
    return result


BUILD_LOG = ".tei-edition-builds.jsonl"
"""The build's own record in ``OUT``: one line (JSON) for each of the last
:data:`KEPT_BUILDS` builds, saying which files it wrote (pages, downloads, the files of
the search index) and which it removed. Not part of the site (a deposit leaves it out)."""
KEPT_BUILDS = 20

BOOKKEEPING = frozenset({MANIFEST, site_manifest.OLD_NAME, LOCK, BUILD_LOG, STAMP})
"""The build's own files in ``OUT``, none of them part of the site."""
_UNSTAMPED = BOOKKEEPING - {MANIFEST}
"""The files whose state the stamp leaves out (site/uptodate.py): the manifest is in it, as
a manifest changed by hand must be read again."""


def record_build(out: Path, result: SiteResult) -> None:
    """Add the build of ``result`` to ``OUT``'s record (:data:`BUILD_LOG`)."""
    lines = read_builds(out)[-(KEPT_BUILDS - 1) :]
    last = lines[-1].get("build") if lines else 0
    line = {
        "build": last + 1 if isinstance(last, int) else 1,
        "documents": result.documents,
        "entries": result.entries,
        "written": sorted({p.relative_to(out).as_posix() for p in result.written}),
        "removed": sorted({p.relative_to(out).as_posix() for p in result.removed}),
    }
    text = "".join(json.dumps(x, ensure_ascii=False, sort_keys=True) + "\n" for x in [*lines, line])
    atomic_write(out / BUILD_LOG, text)


def read_builds(out: Path) -> list[dict[str, Any]]:
    """The builds ``OUT``'s record holds, oldest first (none if it cannot be read)."""
    try:
        text = (out / BUILD_LOG).read_text(encoding="utf-8")
    except OSError:
        return []
    found = []
    for line in text.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict):
            found.append(item)
    return found


class _Unchanged(Exception):
    """A rebuild that changed nothing: the staging folder is dropped, the site kept."""

    def __init__(self, result: SiteResult) -> None:
        super().__init__("unchanged")
        self.result = result


def staging_folder(out: Path) -> Path:
    """Where a rebuild of ``out`` writes before it takes the place of the site."""
    return out.parent / f".{out.name}.tei-edition-staging"


def previous_folder(out: Path) -> Path:
    """Where the site a rebuild replaced is kept until the next build removes it."""
    return out.parent / f".{out.name}.tei-edition-previous"


class Staging:
    """The staging folder of a rebuild, being made in the background (:func:`staged`):
    the previous site removed, the site's files linked. :meth:`ready` waits for it."""

    def __init__(self) -> None:
        self.present: set[str] = set()  # the files linked: paths in the staging folder
        self._work: Background | None = None

    def start(self, work: Callable[[], None]) -> None:
        self._work = Background(work, name="staging")

    def wait(self) -> None:
        if self._work is not None:
            self._work.wait()

    def ready(self) -> None:
        """Wait until the staging folder is whole; raise what stopped it being made."""
        if self._work is not None:
            self._work.join()

    @property
    def failed(self) -> bool:
        return self._work is not None and self._work.error is not None


@contextmanager
def staged(out: Path, staging: Staging | None = None) -> Iterator[Path]:
    """The folder a build writes into, such that an interrupted or failed build leaves
    the previous site as it was.

    A new (or empty) ``out`` is written directly, and emptied again if the build does not
    end. A site that exists is copied to a staging folder beside it (files hard-linked,
    which every write replaces rather than changes; the files of Pagefind's index that
    Pagefind or its ordering rewrite in place are copied before they are indexed again,
    :func:`unshare`), the build writes there, and only a build that ends takes the site's
    place, by renaming. The site it replaced (or the staging folder of a build that
    changed nothing) is kept beside it (:func:`previous_folder`) until the next build.

    With ``staging``, the manifest is linked at once and the rest in the background:
    the previous site removed, then the files linked (while the edition is checked);
    the build calls ``staging.ready()`` before it writes or asks what is there."""
    staging = staging or Staging()
    existing = [p for p in out.iterdir() if p.name != LOCK] if out.is_dir() else []
    previous = previous_folder(out)
    tiles = PurePosixPath(routes.IIIF_IMAGES)
    if not existing:
        try:
            yield out
        except BaseException:
            for path in existing_children(out):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            raise
        # A rebuild's staging folder is made from the site the rebuild before replaced, by
        # linking again only the files that differ. A new site has none, so its first
        # rebuild would link every file while the edition is checked (a second at 10,000
        # documents): they are linked once the site is whole, as that replaced site (but
        # the page images' tiles, which a rebuild moves, never links)
        if not previous.exists():
            try:
                stage_in_process(out, previous, None, str(tiles))
            except OSError:  # only time is lost: the first rebuild links them itself
                shutil.rmtree(previous, ignore_errors=True)
        return
    stage = staging_folder(out)
    if stage.exists():  # a build that was stopped before it could clean up
        _move_folder(stage / tiles, out / tiles)
        shutil.rmtree(stage)

    def make() -> None:
        # a process of its own removes the site replaced before and links tens of
        # thousands of files, not this one's interpreter while the edition is checked
        # the tiles, moved into the staging folder, are not the site's to mirror
        staging.present.update(stage_in_process(out, stage, previous, str(tiles)))

    try:
        # the page images' tiles (thousands of folders, none ever changed in place: a
        # scan that changes is tiled again, file by file) are moved, not linked, into the
        # staging folder, and back if the build does not end
        _move_folder(out / tiles, stage / tiles)
        stage.mkdir(exist_ok=True)
        with os.scandir(out) as entries:  # its top at once: the build reads the manifest
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    os.makedirs(os.path.join(stage, entry.name), exist_ok=True)
                elif not entry.is_symlink():
                    link_file(entry.path, os.path.join(stage, entry.name))
                    staging.present.add(entry.name)
        staging.start(make)
        yield stage
        staging.ready()
    except _Unchanged:
        staging.wait()
        _move_folder(stage / tiles, out / tiles)
        if not staging.failed and not previous.exists():
            os.rename(stage, previous)  # removed by the next build, in the background
        shutil.rmtree(stage, ignore_errors=True)
        return
    except BaseException:
        staging.wait()
        _move_folder(stage / tiles, out / tiles)
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if previous.exists():
        shutil.rmtree(previous)
    os.rename(out, previous)  # removed by the next build, while it checks the edition
    os.rename(stage, out)


def _move_folder(source: Path, target: Path) -> None:
    """Rename the folder ``source`` to ``target`` where there is one and not the other."""
    if source.is_dir() and not source.is_symlink() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, target)


def existing_children(folder: Path) -> list[Path]:
    """What a build wrote into a folder that was new: everything but the lock."""
    return [p for p in folder.iterdir() if p.name != LOCK] if folder.is_dir() else []


_WRITTEN_ONCE = ("fragment", "index")
"""The folders of a Pagefind index whose files are named by a hash of their content:
Pagefind writes each once, when it is new, and never changes one it finds."""


def unshare(bundle: Path) -> None:
    """Give the staging folder its own copy of each file of the index ``bundle`` that is
    hard-linked to the site's and may be written in place (all but those of
    :data:`_WRITTEN_ONCE`): Pagefind's scripts and entry, the meta and filter files that
    its ordering (search.py) rewrites."""
    for folder, dirs, files in os.walk(bundle):
        here = Path(folder)
        if here == bundle:
            dirs[:] = [d for d in dirs if d not in _WRITTEN_ONCE]
        for name in files:
            path = here / name
            if path.is_symlink() or path.stat().st_nlink < 2:
                continue
            spare = path.with_name(f".{name}.unshared")
            shutil.copy2(path, spare)
            os.replace(spare, path)


def _build_site(
    edition: Edition,
    out: Path,
    started: float,
    force: bool,
    pdf: bool,
    search: bool,
    check: EditionCheck | None,
    workers: Workers,
    progress: Progress = silent,
    staging: Staging | None = None,
) -> SiteResult:
    manifest = site_manifest.Manifest(out)
    check_own_folder(out, manifest, edition.config.title)  # again, now that none other writes
    if check is None:
        progress("Checking the edition", 0, 1)
        check = check_edition(
            edition,
            memory=CheckMemory(
                validation=manifest.table("validation"),
                read=manifest.table("documents"),
                findings=manifest.table("findings"),
                states=manifest.table("states"),
                pointers=manifest.pointers,
                recorded=manifest.recorded,
            ),
            keep_pointers=False,
            workers=workers,
        )
        progress("Checking the edition", 1, 1)
    entries = _entries(check)
    clashing = [e for e in entries.values() if _LIST_PAGES.fullmatch(e.id)]
    result = SiteResult(out, issues=[*check.issues, *map(_clash, clashing)])
    result.timings["check"] = time.perf_counter() - started
    if (check.errors or clashing) and not force:
        raise TeiEditionError(sorted(result.issues, key=lambda i: i.severity != "error"))
    result.forced = bool(check.errors or clashing)
    for e in clashing:  # forced: the list's page is kept, the entry has none
        del entries[e.id]
    docs = sorted(check.documents, key=Document.sort_key)
    result.documents, result.entries = len(docs), len(entries)

    c = edition.config
    say = partial(messages.message, c.language)
    result.issues.extend(_language_issues(edition))
    stamp = say("footer.stamp").replace("{version}", c.version)
    stamp = stamp.replace("{date}", build_date(edition))
    if result.forced:
        stamp += say("footer.forced")
    style = transform("site.xsl")
    styles_key = content_key(
        *(transform(n).read_bytes() for n in STYLESHEETS),
        messages.catalog_bytes(messages.ENGLISH),
        messages.catalog_bytes(c.language),
    )
    register_key = check.register.digest
    staging = staging or Staging()
    staging.ready()  # the staging folder, made while the edition was checked
    writer = _Writer(out, result, manifest, staging.present)
    registers_uri = edition.registers.resolve().as_uri() if edition.registers else ""

    # mentions of each entry, in date order of the documents
    mentions: dict[str, list[tuple[Document, str, str, str, str]]] = {e: [] for e in entries}
    sources: dict[str, list[str]] = {e: [] for e in entries}  # the documents of each, in order
    slugs: dict[str, list[str]] = {e: [] for e in entries}  # and their slugs
    names: dict[str, dict[str, list[str]]] = {}
    last: dict[str, Document] = {}  # the document each entry was last seen in
    for doc in docs:
        # the names of the persons and places it mentions, each once, in order
        seen: dict[str, dict[str, None]] = {"person": {}, "place": {}}
        # the document, by its path and content (short: an entry's pages are keyed by the
        # tokens of all the documents that name it, joined, at every rebuild)
        token = content_key(str(doc.path), doc.digest)[:32]
        for m in doc.mentions:
            ident = m.entry
            entry = entries.get(ident)
            if entry is None:
                continue
            mentions[ident].append((doc, m.anchor, m.words, m.where, m.cert))
            if last.get(ident) is not doc:
                last[ident] = doc
                sources[ident].append(token)
                slugs[ident].append(doc.slug)
            named = seen.get(entry.kind)
            if named is not None:
                named[entry.name] = None
        names[doc.slug] = {kind: list(named) for kind, named in seen.items()}

    # document pages, copies and texts
    t0 = time.perf_counter()
    changed_docs: list[Document] = []
    # which documents point to which: each page lists the documents that refer to it
    by_file = {d.path.name: d for d in docs}
    referred: dict[str, list[tuple[str, str]]] = {d.slug: [] for d in docs}
    for source in docs:
        for file_part, _fragment in source.links:
            target = by_file.get(file_part)
            if target is not None and target is not source:
                entry = (f"{link_name(source.slug)}.html", source.title)
                if entry not in referred[target.slug]:
                    referred[target.slug].append(entry)
    facsimiles = Facsimiles(edition, remembered=writer.old_memo, remember=writer.new_memo)
    read_facs = {doc.slug: facsimiles.read(doc) for doc in docs}
    remote = facsimiles.remote
    has_pdf = pdf and _fop()
    shared_params = _site_params(edition, stamp, result.forced, "../", remote)
    shared_key = content_key(json.dumps(shared_params, sort_keys=True), registers_uri)
    text_style, epub_style = transform("text.xsl"), transform(EPUB_STYLESHEET)
    catalog = messages.catalog_bytes(c.language)

    def document_outputs(i: int) -> tuple[list[_Output], Citation]:
        """The pages of ``docs[i]`` (each with its key, and its model made only for a page
        to render), and its citation."""
        doc = docs[i]
        prev_doc = docs[i - 1] if i > 0 else None
        next_doc = docs[i + 1] if i + 1 < len(docs) else None
        rel = routes.document(doc.slug)
        name = link_name(doc.slug)  # the file's name in links: never a scheme (published.py)
        params: dict[str, Any] = {
            **shared_params,
            "registers": registers_uri,
            "entry-base": "../register/",
            "other-reading-href": f"diplomatic/{name}.html",
        }
        facs = read_facs[doc.slug]
        page = DocumentPage(
            doc,
            stable_url=_url(c.base_url, rel),
            prev=(f"{link_name(prev_doc.slug)}.html", prev_doc.title) if prev_doc else None,
            next=(f"{link_name(next_doc.slug)}.html", next_doc.title) if next_doc else None,
            downloads=[("tei", f"{name}.xml"), *([("pdf", f"{name}.pdf")] if has_pdf else []),
                       ("text", f"{name}.txt"), ("epub", f"{name}.epub"),
                       *((fmt, f"{name}{ext}") for fmt, ext, _ in CITATION_FILES)],
            persons=names[doc.slug]["person"],
            places=names[doc.slug]["place"],
            referred=referred[doc.slug],
            citation=(cite := _citation(edition, doc)),
            facsimile=facsimiles.model(facs, doc.slug, "../"),
            linkable=sorted({Path(f).name for f, _ in doc.links if Path(f).name in by_file}),
        )  # fmt: skip
        base_key = content_key(styles_key, register_key, doc.digest, shared_key)
        dparams = {
            **params,
            "reading": "diplomatic",
            "site-root": "../../",
            "entry-base": "../../register/",
            "other-reading-href": f"../{name}.html",
        }

        def diplomatic() -> bytes:
            """The diplomatic reading's page model: the normalized one's, from the folder
            below (so its key is the normalized one's key: made of the same)."""
            return replace(
                page,
                stable_url=_url(c.base_url, routes.diplomatic(doc.slug)),
                downloads=[(f, f"../{href}") for f, href in page.downloads],
                searchable=False,
                facsimile=facsimiles.model(facs, doc.slug, "../../"),
            ).model()

        page_key = page.key()
        outputs: list[_Output] = [
            (rel, content_key(base_key, "normalized", name, page_key), style, params,
             page.model),
            (routes.diplomatic(doc.slug), content_key(base_key, "diplomatic", name, page_key),
             style, dparams, diplomatic),
            (routes.document(doc.slug, ".txt"), content_key(styles_key, doc.digest, "text"),
             text_style, {}, bytes),
            # its EPUB, with the index of the names it mentions from the shared register
            (routes.document(doc.slug, ".epub"),
             content_key(styles_key, register_key, doc.digest, "epub"), epub_style,
             {"registers": registers_uri}, bytes),
        ]  # fmt: skip
        return outputs, cite

    # each document's keys first: which of its pages to render, and which of its other
    # files to write (written while the pages are rendered)
    renders: list[tuple[int, list[int]]] = []  # a document's place, and its pages to render
    pending: deque[tuple[str, Callable[[], bytes]]] = deque()

    def write_later(rel: str, key: str, make: Callable[[], bytes]) -> None:
        if not writer.fresh(rel, key):
            pending.append((rel, make))

    for i, doc in enumerate(docs):
        outputs, cite = document_outputs(i)
        cite_key = content_key(json.dumps(_fields(cite), ensure_ascii=False))
        for fmt, ext, make in CITATION_FILES:  # the citation to download, in three formats
            write_later(
                routes.document(doc.slug, ext),
                content_key(cite_key, fmt),
                partial(_encoded, make, cite),
            )
        which = [k for k, (rel, key, *_) in enumerate(outputs) if not writer.fresh(rel, key)]
        if which:
            renders.append((i, which))
        copy = partial(published_copy, doc.path)  # made safe to open in a browser
        write_later(routes.document(doc.slug, ".xml"), content_key(doc.digest, COPY_FORMAT), copy)
        tkey = outputs[2][1]
        # a PDF with its page images (edition.pdf_page_images) is made again when one changes
        local = read_facs[doc.slug].local if c.pdf_page_images else []
        shown = [f"{p.path}:{p.path.stat().st_size}:{p.path.stat().st_mtime_ns}"
                 for p in local if p.path]  # fmt: skip
        pdf_key = content_key(tkey, "pdf", *shown)
        if has_pdf and not writer.fresh(routes.document(doc.slug, ".pdf"), pdf_key):
            changed_docs.append(doc)

    def planned() -> Iterator[_PlannedRender]:
        """The documents' pages to render, each document's made as the workers come to it
        (so that the pages of a hundred thousand documents are never all planned at once)."""
        for i, which in renders:
            outputs = document_outputs(i)[0]
            path = docs[i].path
            todo = [
                (outputs[k][0], str(outputs[k][2]), outputs[k][3], outputs[k][4]) for k in which
            ]
            yield (str(path), display_path(path), todo, catalog)

    problems: list[Issue] = []
    for rel, data, issues in _render_documents(planned(), len(renders), workers, progress):
        if issues:
            problems.extend(issues)
            continue
        writer.put(rel, data)
        for _ in range(2):  # the copies and citations, written while the pages are rendered
            if pending:
                writer.put(*_made(pending.popleft()))
    if problems:
        raise TeiEditionError(problems)
    while pending:
        writer.put(*_made(pending.popleft()))
    result.timings["documents"] = time.perf_counter() - t0

    # the page images: IIIF level-0 tiles of the scans that changed, the manifests
    t3 = time.perf_counter()
    facsimiles.tile(out, writer, workers.workers, progress)
    result.tiled = facsimiles.tiled
    result.issues.extend(facsimiles.issues)
    result.notices.extend(facsimiles.manifests(writer, say))
    if facsimiles.documents:
        for rel, data in vendor_files():  # the viewer
            writer.write(rel, content_key(data), partial(bytes, data))
    result.timings["facsimiles"] = time.perf_counter() - t3

    # the search index is made from the document pages and the entries' pages: made again
    # when one of them changed, by Pagefind in the background (once the pages are written)
    # while the PDFs and the other files are written
    # past SHARD_PAGES pages the index is cut into shards (search.py, shard_plan), each
    # made again only when one of its pages changed
    search_key: str | dict[str, str] = ""
    indexings: list[Indexing] = []
    entries_json: list[Path] = [out / "pagefind" / "pagefind-entry.json"]
    index_before: dict[str, bytes] = {}
    index_walked: list[str] = []  # the shards this run makes or removes
    language = index_language(c.language)
    ended = out / MANIFEST if (out / MANIFEST).is_file() else out / site_manifest.OLD_NAME
    # the files of the index older than the manifest are those of a build that ended
    since = ended.stat().st_mtime if ended.is_file() else None
    old_shards = _part(manifest, "search")
    begun: dict[str, list[str]] = {}  # the shards being indexed already, and their pages
    # the pages the index is made of (as the plan counts them: a page a path)
    searched = len({routes.document(d.slug) for d in docs}) + len(entries)

    def changed_shards(plan: dict[str, dict[str, str]]) -> dict[str, list[str]]:
        """The shards of ``plan`` to index again (and not begun): those whose pages changed,
        and those whose index is missing."""
        return {
            shard: sorted(own)
            for shard, own in plan.items()
            if shard not in begun
            and (
                old_shards.get(shard) != index_key(own, f"{language}:{shard}")
                or not (out / "pagefind" / shard / "pagefind-entry.json").is_file()
            )
        }

    def index(todo: dict[str, list[str]], others: list[str], keep: list[str] | None) -> None:
        index_walked.extend([*todo, *others])
        index_before.update(index_files(out / "pagefind", [*todo, *others]))
        for shard in todo:
            unshare(out / "pagefind" / shard)
        begun.update(todo)
        indexings.append(Indexing(out, since, c.language, shards=todo, keep=keep))

    def index_documents() -> None:
        """The shards of the document pages, indexed as soon as those are written (while
        the others are): their plan is the same once every page is written."""
        if (
            search
            and searched > site_search.SHARD_PAGES
            and site_search.pagefind_command() is not None
        ):
            todo = changed_shards(shard_plan(_searched(writer, docs, []), total=searched))
            if todo:
                index(todo, [], None)

    def start_indexing() -> None:
        nonlocal search_key
        if not search:
            return
        pages = {r: k for r, k in writer.new.items() if indexed(r)}
        plan = shard_plan(_searched(writer, docs, list(entries.values())))
        if not plan:
            search_key = index_key(pages, language)
            # (not expected) the documents' shards begun for an index that has none: once
            # they end, the index of the whole site is made, which removes them
            stale = bool(begun)
            if stale:
                for indexing in indexings:
                    indexing.wait()
                indexings.clear()
                index_walked.clear()
                begun.clear()
            if stale or manifest.get("search") != search_key or not entries_json[0].is_file():
                writer.prune(_indexed_page)  # the pages of documents and entries that are gone
                for rel, data in index_files(out / "pagefind").items():
                    index_before.setdefault(rel, data)  # (as they were before any run)
                unshare(out / "pagefind")
                indexings.append(Indexing(out, since, c.language))
            return
        keys = {shard: index_key(own, f"{language}:{shard}") for shard, own in plan.items()}
        search_key = keys
        entries_json[:] = [out / "pagefind" / shard / "pagefind-entry.json" for shard in keys]
        # a shard begun with other pages than it has now (not expected: every page the
        # plan counted is written) is indexed again, once its first run ended
        again = {shard for shard, own in begun.items() if sorted(plan.get(shard, {})) != own}
        if again:
            for indexing in indexings:
                indexing.wait()
            for shard in again:
                del begun[shard]
        todo = changed_shards(plan)
        todo.update((shard, sorted(plan[shard])) for shard in again if shard in plan)
        others = (
            [p.name for p in (out / "pagefind").iterdir() if p.name not in keys]
            if (out / "pagefind").is_dir()
            else []
        )
        if todo or others:
            writer.prune(_indexed_page)
            index(todo, others, sorted(keys))

    try:
        index_documents()
        progress("Writing the other pages", 0, 1)
        _other_files(
            _Site(
                edition,
                check,
                docs,
                entries,
                mentions,
                stamp,
                styles_key,
                search,
                remote,
                mention_sources=sources,
                mention_docs=slugs,
                workers=workers,
            ),
            changed_docs,
            writer,
            result,
            start_indexing,
        )
        progress("Writing the other pages", 1, 1)
    finally:
        if indexings:
            progress("Indexing for search", 0, 1)
            for indexing in indexings:
                indexing.wait()
            progress("Indexing for search", 1, 1)
    if indexings:
        problems = [p for indexing in indexings for p in indexing.finish()]
        result.notices.extend(problems)
        result.timings["pagefind"] = sum(indexing.seconds for indexing in indexings)
        # the files of the index this run wrote or removed, for the build's record
        after = index_files(out / "pagefind", index_walked or None)
        added, gone = index_changes(index_before, after)
        result.written.extend(out / r for r in added)
        result.removed.extend(out / r for r in gone)
        if any(i.severity == "error" for i in problems) or not all(
            e.is_file() for e in entries_json
        ):
            search_key = ""
    result.recorded = writer.finish(
        {"edition": c.title, "version": c.version, "search": search_key},
        {
            "validation": check.cache,
            "documents": check.read,
            "findings": check.findings,
            "states": check.states,
        },
    )
    result.timings["total"] = time.perf_counter() - started
    return result


@dataclass
class _Site:
    """What the pages of a site are made from."""

    edition: Edition
    check: EditionCheck
    docs: list[Document]
    entries: dict[str, Entry]
    mentions: dict[str, list[tuple[Document, str, str, str, str]]]
    stamp: str
    styles_key: str
    search: bool
    remote_images: bool = False  # a document shows page images from elsewhere
    # the documents that mention each entry, in order: each one's path and digest
    mention_sources: dict[str, list[str]] = field(default_factory=dict)
    mention_docs: dict[str, list[str]] = field(default_factory=dict)  # and their slugs
    workers: Workers = field(default_factory=lambda: Workers(1))  # render the pages


def _other_files(
    site: _Site,
    changed_docs: list[Document],
    writer: _Writer,
    result: SiteResult,
    pages_written: Callable[[], None] = lambda: None,
) -> None:
    """The PDFs of the documents that changed, and every file but the documents'
    (``pages_written`` is called once the pages Pagefind indexes are written: the
    documents' and the entries')."""
    edition, check, docs, entries, mentions = (
        site.edition,
        site.check,
        site.docs,
        site.entries,
        site.mentions,
    )
    stamp, styles_key, search = site.stamp, site.styles_key, site.search
    out, c = result.out, edition.config
    style = transform("site.xsl")

    # the other pages
    t2 = time.perf_counter()
    remote = site.remote_images
    site_key = content_key(
        styles_key, json.dumps(_site_params(edition, stamp, result.forced, "", remote))
    )

    say = partial(messages.message, c.language)
    given = {messages.MESSAGES_PARAM: messages.catalog_bytes(c.language)}

    def kind_name(kind: str) -> str:
        return say(f"kind.{kind}") if kind in KIND_LABELS else kind

    def data(rel: str, model: etree._Element) -> bytes:
        if c.base_url:  # the page's own address, in its schema.org description
            model.set("url", _url(c.base_url, rel))
        return etree.tostring(model, encoding="utf-8")

    pages = _Pages(writer, style, given[messages.MESSAGES_PARAM], site.workers)

    def write_page(rel: str, key: str, made: Callable[[], bytes], root: str) -> None:
        if not writer.fresh(rel, key):
            pages.add(rel, made(), _site_params(edition, stamp, result.forced, root, remote))

    def page(rel: str, model: etree._Element, root: str) -> None:
        made = data(rel, model)
        write_page(rel, content_key(site_key, made, root), lambda: made, root)

    def made_page(rel: str, made_of: str, model: Callable[[], etree._Element], root: str) -> None:
        """A page whose model is made only when the key of what it is made of changed."""
        key = content_key(site_key, made_of, root, "made of")
        write_page(rel, key, lambda: data(rel, model()), root)

    # the entries' pages (in the register's order: site.xsl sorts them, te:sort-key, as
    # every index does), then Pagefind starts, while the other pages are written
    ordered = list(entries.values())
    edition_key = content_key(etree.tostring(_model(edition, "entry", "")))
    for e in ordered:
        # an entry's page is made of the entry and its mentions: its key, without its model;
        # remembered with a key of the entry and the documents that mention it (their
        # content), worked out again only when one of them changed
        own = json.dumps(
            [edition_key, kind_name(e.kind), say("nav.registers"), KIND_PAGES[e.kind],
             _fields(e)[:7], e.element], ensure_ascii=False, default=str,
        )  # fmt: skip
        # its mentions go on over pages of PAGE_SIZE documents: page 1 (with the entry's
        # identification) keyed by all of them (its forms are those the mentions use), the
        # others by their own documents and the number of mentions (each page gives it)
        documents = site.mention_sources[e.id]  # a source a document
        count = _page_count(len(documents))
        sources = content_key(own, "\1".join(documents))
        total = str(len(site.mentions[e.id]))
        shown = _Shown(site.mentions[e.id])
        for n in range(1, count + 1):
            rel = routes.entry_page(e.id, n)
            made_of = writer.memo(
                rel,
                content_key(sources, f"{n}/{count}")
                if n == 1
                else content_key(own, f"{n}/{count}", total, "\1".join(_slice(documents, n))),
                lambda own=own, e=e, n=n, count=count, shown=shown: _entry_page_key(
                    own, e, site.mentions[e.id], n, count, shown
                ),
            )
            model = partial(_entry_model, site, e, kind_name, n, count, shown)
            made_page(rel, made_of, model, routes.depth(rel))
    pages.flush()
    pages_written()

    # the home page and the chronology, over pages of PAGE_SIZE documents (and events),
    # each keyed by what it is made of (the edition, and its documents by their content)
    # and its model made only when that changed
    made_by = (edition_key, writer.memo_version)  # what a document's item is read by

    def tokens(shown: list[Document]) -> list[str]:
        return [f"{d.slug}\0{d.path}\0{d.digest}" for d in shown]

    def home_model(n: int, count: int) -> etree._Element:
        home = _model(edition, "home", c.title, current="index", kicker=say("home.kicker"))
        home.set("documents", str(len(docs)))
        if not search:
            home.set("index", "none")
        for doc in _slice(docs, n):
            home.append(_doc_item(doc, f"documents/{link_name(doc.slug)}.html"))
        _pager(home, routes.HOME, n, count)
        return home

    home_pages = _page_count(len(docs))
    for n in range(1, home_pages + 1):
        made_of = json.dumps(["home", *made_by, say("home.kicker"), len(docs), search, n,
                              home_pages, tokens(_slice(docs, n))], ensure_ascii=False)  # fmt: skip
        made_page(routes.paged(routes.HOME, n), made_of, partial(home_model, n, home_pages), "")
    dated = [d for d in docs if d.date] + [d for d in docs if not d.date]
    events = _events(docs)
    chrono_pages = max(_page_count(len(dated)), _page_count(len(events)))
    years: dict[str, int] = {}  # each year's first page
    for i, doc in enumerate(dated):
        years.setdefault(doc.year or "undated", i // PAGE_SIZE + 1)

    def chrono_model(n: int) -> etree._Element:
        chrono = _model(edition, "chronology", say("nav.chronology"), current="chronology")
        chrono.set("events", str(len(events)))
        chrono.append(_E("crumb", {"href": "index.html"}, c.label))
        for doc in _slice(dated, n):
            chrono.append(_doc_item(doc, f"documents/{link_name(doc.slug)}.html"))
        chrono.extend(deepcopy(e) for e in _slice(events, n))
        if chrono_pages > 1:  # the years, each a link to the page where it begins
            for year, at in years.items():
                here = "" if at == n else link_path(routes.paged(routes.CHRONOLOGY, at))
                chrono.append(_E("year", {"key": year, "href": f"{here}#y-{year}"}))
        _pager(chrono, routes.CHRONOLOGY, n, chrono_pages)
        return chrono

    for n in range(1, chrono_pages + 1):
        shown = b"".join(etree.tostring(e) for e in _slice(events, n)).decode("utf-8")
        made_of = json.dumps(["chronology", *made_by, say("nav.chronology"), c.label,
                              len(events), n, chrono_pages, tokens(_slice(dated, n)), shown,
                              years if chrono_pages > 1 else {}], ensure_ascii=False)  # fmt: skip
        made_page(routes.paged(routes.CHRONOLOGY, n), made_of, partial(chrono_model, n), "")
    # how the site is tested for accessibility (site/accessibility.py), and no more
    tested = _model(edition, "accessibility", say("accessibility.title"), current="accessibility")
    tested.append(_E("crumb", {"href": "index.html"}, c.label))
    tested.append(_E("axe", {"version": AXE_CORE_VERSION, "browser": BROWSER}))
    tested.extend(_E("tag", text=t) for t in AXE_TAGS)
    tested.extend(_E("kind", text=say(k)) for k in PAGE_KINDS)
    tested.extend(_E("key", text=say(k)) for k in KEYBOARD_CHECKS)
    page(routes.ACCESSIBILITY, tested, "")
    # what the site offers harvesters (site/harvest.py), and the page that lists it
    offered = doors(edition, docs, entries, build_date(edition), writer.manifest.table("harvest"))
    writer.tables["harvest"] = offered.records
    opened = _model(edition, "open-data", say("opendata.title"), current="open-data")
    opened.append(_E("crumb", {"href": "index.html"}, c.label))
    listed = [("listing", routes.LISTING)]
    if c.base_url:
        listed.append(("sitemap", routes.SITEMAP))
    if edition.registers is not None:
        listed.append(("registers", "registers.xml"))
    for name, href in listed + offered.doors:
        opened.append(_E("door", {"name": name, "href": link_path(href)}))
    page(routes.OPEN_DATA, opened, "")
    for path, title in edition.pages:  # the editor's pages, in Markdown
        name = page_name(path)
        own = _model(edition, "page", title, current=f"pages/{name}")
        own.append(_E("crumb", {"href": "../index.html"}, c.label))
        body = _E("body")
        body.extend(render(path.read_text(encoding="utf-8")))
        own.append(body)
        page(routes.page(name), own, "../")

    regs = _model(edition, "registers", say("nav.registers"), current="register/index")
    regs.append(_E("crumb", {"href": "../index.html"}, c.label))
    for kind in KIND_PAGES:
        listed = [e for e in ordered if e.kind == kind]
        if not listed:
            continue
        items = {}
        for e in listed:
            items[e.id] = {
                "id": e.id,
                "href": f"{e.id}.html",
                "name": e.name,
                "kind": e.kind,
                "description": e.description,
                "count": str(len(mentions[e.id])),
            }
            regs.append(_E("entry", items[e.id]))
        kind_pages = _page_count(len(listed))
        if kind_pages > 1:  # in the order site.xsl gives them, then cut into pages
            listed = _entry_order(style, listed, _site_params(edition, stamp, False, "../"), given)
        for n in range(1, kind_pages + 1):
            kp = _model(edition, "kind", kind_name(kind), current="register/index")
            kp.append(_E("crumb", {"href": "../index.html"}, c.label))
            kp.append(_E("crumb", {"href": "index.html"}, say("nav.registers")))
            for e in _slice(listed, n):
                kp.append(_with_tei(_E("entry", items[e.id]), e))
            _pager(kp, routes.kind(kind), n, kind_pages)
            page(routes.paged(routes.kind(kind), n), kp, "../")
    page(routes.REGISTERS, regs, "../")
    # the search page, once the pages indexed are known: the shards of their index
    searchp = _model(edition, "search", say("nav.search"), current="search")
    if not search:
        searchp.set("index", "none")
    searchp.append(_E("crumb", {"href": "index.html"}, c.label))
    if search:
        for shard in shard_plan(_searched(writer, docs, ordered)):
            searchp.append(_E("bundle", {"href": f"pagefind/{shard}/"}))
    page(routes.SEARCH, searchp, "")
    pages.flush()
    result.timings["pages"] = time.perf_counter() - t2
    if changed_docs:
        t1 = time.perf_counter()
        _pdfs(changed_docs, out / "documents", result)
        result.timings["pdf"] = time.perf_counter() - t1

    if edition.registers is not None:
        key = content_key(check.register.digest, COPY_FORMAT)
        writer.write("registers.xml", key, partial(published_copy, edition.registers))
    for rel, data in theme_files() + theme_extras(edition):  # the pages' CSS and scripts
        writer.write(rel, content_key(data), partial(bytes, data))
    # site.json: keyed by what it gives of the documents and the entries (a changed
    # document's text changes no key), joined by characters no XML text holds
    listing_key = content_key(
        "listing", writer.memo_version, json.dumps(_listing_edition(edition, stamp)),
        "\2".join(f"{d.slug}\1{d.title}\1{d.date}\1{d.kind}\1{d.summary}" for d in docs),
        "\2".join(f"{e.id}\1{e.kind}\1{e.name}\1" + "\1".join(site.mention_docs.get(e.id, ()))
                   for e in ordered),
    )  # fmt: skip
    writer.write(
        routes.LISTING,
        listing_key,
        lambda: _listing(edition, docs, ordered, site.mention_docs, stamp).encode("utf-8"),
    )
    if c.base_url:  # a sitemap lists addresses: none without the address of the site
        listed_pages = sorted(r for r in writer.new if r.endswith(".html"))
        for rel, key, made in _sitemaps(c.base_url, listed_pages):
            writer.write(rel, key, made)
    else:
        where = display_path(edition.config_file) if edition.config_file else c.title
        result.notices.append(
            Issue(where, severity="info", rule="sitemap", message=SITEMAP_SKIPPED)
        )
    for rel, key, make in offered.files:  # OAI-PMH, CMIF, BEACON
        writer.write_if_any(rel, key, make)
    result.notices.extend(offered.notices)


_PageTask = tuple[str, str, dict[str, Any], bytes, bytes]
"""A page to render: its path in OUT, the stylesheet, its parameters, its model, and the
interface catalog of the edition's language."""

MIN_PARALLEL_PAGES = 64
"""Fewest pages (other than the documents') worth rendering in the worker processes: a
rebuild that makes a few again renders them here, without starting any."""

BATCH_BYTES = 32 * 1024 * 1024
"""The pages waiting to be rendered hold at most about this many bytes of models: a
register of many entries, each mentioned in thousands of documents, is rendered a batch
at a time."""


def _render_page(task: _PageTask) -> tuple[str, bytes, list[Issue]]:
    """Render one page from its model (runs in a worker): (path in OUT, bytes, problems)."""
    rel, sheet, params, model, catalog = task
    try:
        data = run_xslt(
            Path(sheet), model, params, name=rel, documents={messages.MESSAGES_PARAM: catalog}
        )
    except TeiEditionError as exc:
        return rel, b"", exc.issues
    return rel, data, []


class _Pages:
    """Pages to render, gathered and then rendered together: in the worker processes where
    there are many (both cores for the entries of a large register), here where few."""

    def __init__(self, writer: _Writer, style: Path, catalog: bytes, workers: Workers) -> None:
        self.writer, self.style, self.catalog, self.workers = writer, str(style), catalog, workers
        self.waiting: list[_PageTask] = []
        self.size = 0

    def add(self, rel: str, model: bytes, params: dict[str, Any]) -> None:
        self.waiting.append((rel, self.style, params, model, self.catalog))
        self.size += len(model)
        if self.size >= BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Render and write the pages waiting, in the order they came; raise the problems
        of those that failed, once all are done."""
        tasks, self.waiting, self.size = self.waiting, [], 0
        problems: list[Issue] = []
        rendered = self.workers.iter_each(
            _render_page, tasks, parallel=len(tasks) >= MIN_PARALLEL_PAGES, chunksize=4
        )
        for rel, data, issues in rendered:
            if issues:
                problems.extend(issues)
            else:
                self.writer.put(rel, data)
        if problems:
            raise TeiEditionError(problems)


def _entry_page_key(
    own: str,
    e: Entry,
    mentions: list[tuple[Document, str, str, str, str]],
    n: int,
    count: int,
    shown: _Shown,
) -> str:
    """The key of page ``n`` of ``count`` of an entry's page (``own``: a key of the entry
    and the edition): what :func:`_entry_model` makes it of. One page: every mention. Page
    1 of several: how many there are, the forms they use, and the mentions it shows; a
    later page, the mentions it shows."""
    if count == 1:
        return content_key(own, _mentions_json(mentions))
    forms = json.dumps(_forms(e, mentions), ensure_ascii=False) if n == 1 else ""
    return content_key(
        own, f"{n}/{count}", str(len(mentions)), forms, _mentions_json(shown.page(n))
    )


def _mentions_json(mentions: list[tuple[Document, str, str, str, str]]) -> str:
    """An entry's mentions as its page shows them, for its key: each document's slug,
    title and dates, and the mention's anchor, words, place and certainty."""
    return json.dumps(
        [(d.slug, d.title, d.date, d.date_label, d.date_to, *m) for d, *m in mentions],
        ensure_ascii=False,
    )


class _Shown:
    """The mentions of an entry on each of its pages (grouped by document when first asked
    for: a rebuild that makes none of its pages again never groups them)."""

    def __init__(self, mentions: list[tuple[Document, str, str, str, str]]) -> None:
        self.mentions = mentions
        self._groups: list[list[tuple[Document, str, str, str, str]]] | None = None

    def page(self, n: int) -> list[tuple[Document, str, str, str, str]]:
        if self._groups is None:
            self._groups = _by_document(self.mentions)
        return [m for group in _slice(self._groups, n) for m in group]


def _by_document(
    mentions: list[tuple[Document, str, str, str, str]],
) -> list[list[tuple[Document, str, str, str, str]]]:
    """An entry's mentions (in the order of the documents), each document's together."""
    groups: list[list[tuple[Document, str, str, str, str]]] = []
    for m in mentions:
        if groups and groups[-1][0][0] is m[0]:
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _entry_model(
    site: _Site,
    e: Entry,
    kind_name: Callable[[str], str],
    n: int = 1,
    count: int = 1,
    shown: _Shown | None = None,
) -> etree._Element:
    """Page ``n`` (of ``count``) of an entry's page: the entry, its other forms and
    authorities (on the first), and its mentions on that page (``shown``; default: every
    one)."""
    edition, c = site.edition, site.edition.config
    say = partial(messages.message, c.language)
    rel = routes.entry_page(e.id, n)
    up = routes.depth(rel)  # to the site's root
    register = up.removeprefix("../")  # to the register's folder
    mentions = site.mentions[e.id]
    ep = _model(edition, "entry", e.name, current="register/index", kicker=kind_name(e.kind))
    ep.append(_E("crumb", {"href": f"{up}index.html"}, c.label))
    ep.append(_E("crumb", {"href": f"{register}index.html"}, say("nav.registers")))
    ep.append(_E("crumb", {"href": f"{register}{KIND_PAGES[e.kind]}.html"}, kind_name(e.kind)))
    el = _E("entry", {"id": e.id, "name": e.name, "kind": e.kind, "description": e.description})
    if count > 1:  # the page shows some of the mentions: how many there are
        el.set("mentions", str(len(mentions)))
    if n > 1:  # the entry's page is its first: the others are not searched
        ep.set("index", "none")
    else:
        for form, where in _forms(e, mentions):
            el.append(_E("form", {"in": where}, form))
        for kind_label, href in e.authorities:
            el.append(_E("authority", {"type": kind_label, "href": href}))
    for doc, anchor, words, where, cert in mentions if shown is None else shown.page(n):
        el.append(
            _E(
                "mention",
                {
                    "doc-title": doc.title,
                    "doc-href": f"{up}documents/{link_name(doc.slug)}.html",
                    "date": doc.date,
                    "date-label": doc.date_label,
                    "date-to": doc.date_to,
                    "words": words or e.name,
                    "where": where,
                    "cert": cert,
                    "href": f"{up}documents/{link_name(doc.slug)}.html#{anchor}",
                },
            )
        )
    ep.append(_with_tei(el, e))
    _pager(ep, rel, n, count, partial(routes.entry_page, e.id))
    return ep


PAGE_SIZE = 100
"""How many documents, events or entries one page of a list shows: the home page, the
chronology and each kind of entry go on over pages of this many (``index.html``,
``page-2.html`` …: routes.paged), so that no page grows with the edition."""


def _page_count(items: int) -> int:
    return max(1, -(-items // PAGE_SIZE))


def _slice(items: list[Any], n: int) -> list[Any]:
    """The items on page ``n`` (from 1) of a list."""
    return items[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]


def _pager(
    model: etree._Element,
    rel: str,
    n: int,
    pages: int,
    route: Callable[[int], str] | None = None,
) -> None:
    """A list page's ``<site:pager>``: which page of how many, the previous and next, and
    links to the first, the last and the two either side (none for a list of one page).
    ``route`` gives each page's path in OUT (default: :func:`routes.paged` of ``rel``)."""
    if pages <= 1:
        return
    where = route or partial(routes.paged, rel)
    here = posixpath.dirname(where(n)) or "."

    def href(k: int) -> str:
        return link_path(posixpath.relpath(where(k), here))

    pager = _E("pager", {"n": str(n), "of": str(pages)})
    if n > 1:
        pager.set("prev", href(n - 1))
    if n < pages:
        pager.set("next", href(n + 1))
    for k in sorted({1, n - 2, n - 1, n, n + 1, n + 2, pages}):
        if 1 <= k <= pages:
            pager.append(_E("to", {"n": str(k), "href": href(k)}))
    model.append(pager)


def _entry_order(
    style: Path, entries: list[Entry], params: dict[str, Any], given: dict[str, bytes]
) -> list[Entry]:
    """``entries`` in the order site.xsl lists them (te:sort-key: persons by surname), as
    the stylesheet gives it, so that a kind of entry is cut into pages in that order."""
    model = _E("page", {"type": "order"})
    for e in entries:
        model.append(_with_tei(_E("entry", {"id": e.id, "name": e.name, "kind": e.kind}), e))
    data = run_xslt(style, etree.tostring(model), params, name="order", documents=given)
    order = etree.fromstring(data, etree.HTMLParser()).xpath("//li/text()")
    by_id = {e.id: e for e in entries}
    return [by_id[i] for i in order if i in by_id]


def _indexed_page(rel: str) -> bool:
    """A document's page or an entry's (not a list of the registers: those are written
    after the indexing began)."""
    folder, _, name = rel.rpartition("/")
    return indexed(rel) and not (folder == "register" and _LIST_PAGES.fullmatch(name[:-5]))


def _searched(writer: _Writer, docs: list[Document], entries: list[Entry]) -> dict[str, str]:
    """The pages Pagefind indexes (those marked ``data-pagefind-body``: the document pages
    and the entries' pages), with their keys: what the shards of the index are cut from
    (a shard of list pages alone would have them indexed whole)."""
    rels = [routes.document(d.slug) for d in docs] + [routes.entry(e.id) for e in entries]
    return {r: writer.new[r] for r in rels if r in writer.new}


def _with_tei(item: etree._Element, entry: Entry) -> etree._Element:
    """``item`` holding a copy of the entry's TEI element, from which site.xsl takes what
    every index takes from it: the filing name and sort key, life dates, certainty."""
    if entry.element:
        item.append(etree.fromstring(entry.element))
    return item


def _forms(
    entry: Entry, mentions: list[tuple[Document, str, str, str, str]]
) -> list[tuple[str, str]]:
    """The other forms of an entry's name: those the documents use (``documents``), then
    those only the register gives (``register``), each once (whatever its case)."""
    seen = {entry.name.casefold()}
    forms: list[tuple[str, str]] = []
    for words, where in [(m[2], "documents") for m in mentions] + [
        (f, "register") for f in entry.forms
    ]:
        if words and words.casefold() not in seen:
            seen.add(words.casefold())
            forms.append((words, where))
    return forms


def _events(docs: list[Document]) -> list[etree._Element]:
    """The chronology's events: every date of the documents' texts, in date order (then
    the documents' order), with its sentence and a link to its paragraph."""
    found = [(d.when, i, n, doc, d) for i, doc in enumerate(docs) for n, d in enumerate(doc.dates)]
    events = []
    for when, _i, _n, doc, d in sorted(found, key=lambda f: f[:3]):
        href = f"documents/{link_name(doc.slug)}.html" + (f"#{d.anchor}" if d.anchor else "")
        events.append(
            _E(
                "event",
                {
                    "when": when,
                    "label": d.label,
                    "sentence": d.sentence,
                    "href": href,
                    "doc-title": doc.title,
                    "where": f"¶{d.anchor[1:]}" if d.anchor else "",
                },
            )
        )
    return events


_RenderTask = tuple[str, str, list[tuple[str, str, dict[str, Any], bytes]], bytes]
"""A document's pages to render: its path, its name in messages, each page's path in OUT,
stylesheet, parameters and model (b"" for none), and the interface catalog."""
_PlannedRender = tuple[str, str, list[tuple[str, str, dict[str, Any], Callable[[], bytes]]], bytes]
"""The same, each page's model still to make."""


_Output = tuple[str, str, Path, dict[str, Any], Callable[[], bytes]]
"""A page of a document: its path in OUT, its key, its stylesheet, its parameters, and its
model (made only for a page to render)."""


def _encoded(make: Callable[[Citation], str], cite: Citation) -> bytes:
    return make(cite).encode("utf-8")


def _made(file: tuple[str, Callable[[], bytes]]) -> tuple[str, bytes]:
    rel, make = file
    return rel, make()


def _with_models(task: _PlannedRender) -> _RenderTask:
    path, label, outputs, catalog = task
    return (
        path,
        label,
        [(rel, sheet, params, made()) for rel, sheet, params, made in outputs],
        catalog,
    )


MIN_PARALLEL = 16
"""Fewest documents to render worth sharing among worker processes (each starts Python
and Saxon and compiles the stylesheets)."""


CITATION_FILES: tuple[tuple[str, str, Callable[[Citation], str]], ...] = (
    ("bibtex", ".bib", Citation.bibtex),
    ("ris", ".ris", Citation.ris),
    ("csl-json", ".json", Citation.csl_json),
)
"""A document's citation as a file to download: (format, extension, how it is written)."""


def _render_task(task: _RenderTask) -> list[tuple[str, bytes, list[Issue]]]:
    """Render one document's pages (runs in a worker): (path in OUT, bytes, problems)."""
    path, label, outputs, catalog = task
    done: list[tuple[str, bytes, list[Issue]]] = []
    try:
        tree = parse(Path(path))
    except TeiEditionError as exc:
        return [(rel, b"", exc.issues) for rel, _, _, _ in outputs]
    for rel, sheet, params, model in outputs:
        documents = {messages.MESSAGES_PARAM: catalog}
        if model:
            documents[DOCUMENT_MODEL] = model
        try:
            if Path(sheet).name == EPUB_STYLESHEET:  # a book, packaged
                page = document_epub(tree, params, name=label)
            else:
                page = run_xslt(Path(sheet), tree, params, name=label, documents=documents)
            done.append((rel, page, []))
        except TeiEditionError as exc:
            done.append((rel, b"", exc.issues))
    return done


def _render_documents(
    tasks: Iterable[_PlannedRender], count: int, workers: Workers, progress: Progress = silent
) -> Iterator[tuple[str, bytes, list[Issue]]]:
    """Each page rendered, as it comes (the caller writes it, so that the pages of ten
    thousand documents are never all held at once); each page's model made as the
    workers come to it (nor are the models all held at once). ``count``: how many tasks
    ``tasks`` gives."""
    chunks = workers.iter_each(
        _render_task,
        (_with_models(task) for task in tasks),
        total=count,
        parallel=count >= MIN_PARALLEL,
        chunksize=8,
        progress=progress,
        step="Rendering documents",
    )
    for chunk in chunks:
        yield from chunk


def _part(manifest: site_manifest.Manifest, name: str) -> dict[str, Any]:
    found = manifest.get(name)
    return found if isinstance(found, dict) else {}


def _listing_edition(edition: Edition, stamp: str) -> dict[str, Any]:
    c = edition.config
    return {
        "title": c.title,
        "short_title": c.short_title,
        "editors": list(c.editors),
        "publisher": c.publisher,
        "licence": c.licence,
        "version": c.version,
        "base_url": c.base_url,
        "build": stamp,
    }


def _listing(
    edition: Edition,
    docs: list[Document],
    entries: list[Entry],
    mentioned_in: dict[str, list[str]],
    stamp: str,
) -> str:
    """``site.json``: the edition, its documents, and its entries with the documents that
    mention each (``mentioned_in``: their slugs)."""
    data = {
        "edition": _listing_edition(edition, stamp),
        "documents": [
            {
                "id": d.slug,
                "title": d.title,
                "date": d.date,
                "kind": d.kind,
                "summary": d.summary,
                "page": routes.document(d.slug),
                "tei": routes.document(d.slug, ".xml"),
            }
            for d in docs
        ],
        "entries": [
            {
                "id": e.id,
                "kind": e.kind,
                "name": e.name,
                "page": routes.entry(e.id),
                "documents": sorted(set(mentioned_in.get(e.id, ()))),
            }
            for e in entries
        ],
    }
    return _indented(data) + "\n"


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1)``, the same text, with each
    string and number written by json's C encoder (which ``indent`` does not use: a
    listing of thousands of documents took seconds)."""
    inner = "\n" + " " * (level + 1)
    if (
        value
        and isinstance(value, (list, tuple, dict))
        and _SCALARS.issuperset(map(type, value.values() if isinstance(value, dict) else value))
    ):  # of strings and numbers alone: in one call, each item on a line of its own
        flat = json.dumps(value, ensure_ascii=False, separators=("," + inner, ": "))
        return flat[0] + inner + flat[1:-1] + "\n" + " " * level + flat[-1]
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{json.dumps(k, ensure_ascii=False)}: {_indented(v, level + 1)}"
            for k, v in value.items()
        ]
        return "{" + inner + ("," + inner).join(items) + "\n" + " " * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = [_indented(v, level + 1) for v in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + " " * level + "]"
    return json.dumps(value, ensure_ascii=False)


SITEMAP_SKIPPED = (
    "sitemap.xml skipped: edition.base_url is not set, and a sitemap lists the pages' "
    "addresses (so do the pages' canonical links and citations)"
)


SITEMAP_URLS = 50_000
"""The most addresses one sitemap file lists (the sitemaps protocol's limit): past it,
``sitemap.xml`` is an index of sitemaps of this many each (``sitemap-1.xml`` …)."""
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _sitemaps(base: str, pages: list[str]) -> list[tuple[str, str, Callable[[], bytes]]]:
    """The sitemap of ``pages`` (paths in OUT) as files to write: (path, key, how it is
    made). One ``sitemap.xml``, or, past :data:`SITEMAP_URLS` pages, parts of that many and
    ``sitemap.xml`` their index."""
    parts = [pages[i : i + SITEMAP_URLS] for i in range(0, len(pages), SITEMAP_URLS)]
    if len(parts) <= 1:
        key = content_key("sitemap", base, "\n".join(pages))
        return [(routes.SITEMAP, key, partial(_sitemap, base, pages))]
    files = []
    for n, part in enumerate(parts, 1):
        key = content_key("sitemap", base, "\n".join(part))
        files.append((routes.sitemap(n), key, partial(_sitemap, base, part)))
    names = [routes.sitemap(n) for n in range(1, len(parts) + 1)]
    index_key = content_key("sitemap index", base, *names)
    files.append((routes.SITEMAP, index_key, partial(_sitemap, base, names, "sitemapindex")))
    return files


def _sitemap(base: str, pages: list[str], root: str = "urlset") -> bytes:
    """A sitemap (``urlset``) of ``pages``, or an index of sitemaps (``sitemapindex``)."""
    ns = _SITEMAP_NS
    top = etree.Element(f"{{{ns}}}{root}", nsmap={None: ns})
    item = "url" if root == "urlset" else "sitemap"
    for rel in pages:
        url = etree.SubElement(top, f"{{{ns}}}{item}")
        etree.SubElement(url, f"{{{ns}}}loc").text = _url(base, rel)
    return etree.tostring(top, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _fop() -> bool:

    return fop_available()


def _pdfs(docs: list[Document], folder: Path, result: SiteResult) -> None:
    """The documents' PDFs. One that cannot be made (FOP out of memory, a character no
    font has, XSL-FO too large) fails the build, as its page links to it; the others
    are written."""

    problems: list[Issue] = []
    for item in export_many([d.path for d in docs], ["pdf"], folder):
        result.written.extend(item.files)
        problems.extend(item.issues)
    if problems:
        raise TeiEditionError(problems)


__all__ = ["BUILD_LOG", "SiteResult", "build_site", "read_builds"]
