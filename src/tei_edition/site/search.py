"""The site's full-text search: Pagefind's index of the document pages, in a stable form.

Pagefind (``pagefind[bin]`` from PyPI) writes ``OUT/pagefind/``. It keeps each filter's
values, and the list of filters, in hash maps that it iterates in an order of its own
from run to run (Pagefind issue #638): the same pages give filter files
(``filter/<lang>_<hash>.pf_filter``) whose values come in another order, so with other
names, and a meta file (``pagefind.<lang>_<hash>.pf_meta``) that lists them in another
order. Everything else Pagefind writes is the same from run to run.

So :func:`write_index` runs Pagefind and then puts those files in one order
(:func:`stabilise`, their CBOR read and written with ``cbor2``): each filter's values
sorted by value, the meta file's filters and sort orders sorted by name. A filter file
and the meta file are named as Pagefind names them (its language, then the first hex
digits of the SHA-1 of its CBOR content, each byte in hex without a leading zero), and
``pagefind-entry.json`` names the new meta file; the files stay gzip-compressed CBOR
behind Pagefind's ``pagefind_dcd`` marker, as Pagefind's script reads them. What is
searched and found is unchanged: only the order of a map's keys changes. A file that is
not of the form expected (another Pagefind version) is left as Pagefind wrote it, with a
warning.

Pagefind keeps one index per language of the pages (their ``<html lang>``), and its UI
searches the one of the search page's language: a Russian play or a Greek manuscript
would not be found from the search page. So every page is indexed in one language
(``--force-language``, the edition's, which is the search page's): one index, one set of
filters (among them each document's ``language``) and one ranking over every document.
Words are stemmed by that language's rules alone (those of other languages and scripts
are kept as they are, at indexing and at search alike); Pagefind matches words whatever
their diacritics unless told otherwise.

Pagefind writes into ``OUT/pagefind`` as it is (it does not write again a file it finds
there, the names being hashes of the content); then the files of an earlier index that the
new one does not name are removed, so a rebuild's index is a clean build's.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any

import cbor2

from tei_edition.issues import Issue
from tei_edition.read.xmlparse import display_path

BUNDLE = "pagefind"
MARKER = b"pagefind_dcd"
"""What Pagefind puts before the CBOR of each compressed file."""
GLOB = "{documents,register}/*.html"
"""The pages Pagefind looks at: the document pages (not the diplomatic reading) and the
register's pages. Of these it indexes those whose body is marked ``data-pagefind-body``
(site.xsl): the document pages and the entries' pages, not the lists of entries."""


INDEX_FORMAT = "2"
"""Changed when what :func:`write_index` writes changes for the same pages and Pagefind."""


def indexed(rel: str) -> bool:
    """Whether the site's file ``rel`` (a path in ``OUT``) is one Pagefind indexes."""
    folder, _, name = rel.rpartition("/")
    return folder in ("documents", "register") and name.endswith(".html")


def index_key(pages: dict[str, str], language: str = "en") -> str:
    """A key of everything the index is made from: the indexed pages' keys (path in
    ``OUT`` to the key of its content), Pagefind's version and how it is run."""
    data = json.dumps([INDEX_FORMAT, pagefind_version(), GLOB, language, sorted(pages.items())])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def pagefind_command() -> list[str] | None:
    """How to run Pagefind: the ``pagefind[bin]`` package's binary, else none."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-not-found]

        return [str(get_executable())]
    except Exception:
        pass
    found = shutil.which("pagefind")
    return [found] if found else None


def pagefind_version() -> str:
    """The installed ``pagefind_bin`` package's version ('' if unknown)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        return ""


def index_language(code: str) -> str:
    """The language the one index is made in (``--force-language``): the primary subtag
    of the edition's language (that of the search page), else English."""
    primary = code.strip().split("-")[0].lower()
    return primary if primary.isascii() and primary.isalpha() and len(primary) in (2, 3) else "en"


def write_index(out: Path, language: str = "en") -> list[Issue]:
    """Index ``out``'s document and entry pages into ``out/pagefind``; returns any
    problems."""
    return Indexing(out, language=language).finish()


class Indexing:
    """Pagefind indexing ``out``'s document pages, started at once and run in the
    background (the rest of the site can be written meanwhile); :meth:`finish` waits for
    it and puts the index in order. ``seconds`` is the time the indexing took."""

    def __init__(
        self,
        out: Path,
        since: float | None = None,
        language: str = "en",
        shards: dict[str, list[str]] | None = None,
        keep: list[str] | None = None,
    ) -> None:
        """With ``shards`` (shard: its pages, of :func:`shard_plan`), only those shards
        are indexed, each into ``pagefind/<shard>/``; ``keep`` names every shard of the
        site (the others, and an index of the whole site, are removed). Without, the
        whole site is indexed into ``pagefind/``, and any shard removed."""
        self.out = out
        self.since = since
        self.language = index_language(language)
        self.shards = shards
        self.keep = keep  # None: this run removes no shard (another run of the build does)
        self.command = pagefind_command()
        self.seconds = 0.0
        self._problems: list[Issue] = []
        self._thread: threading.Thread | None = None
        if self.command is not None:
            self._thread = threading.Thread(target=self._work, args=(self.command,))
            self._thread.start()

    def _work(self, command: list[str]) -> None:
        started = time.perf_counter()
        try:
            if self.shards is None:
                drop_damaged(self.out / BUNDLE, self.since)
                self._problems = _run(command, self.out, self.language)
            else:
                for shard, pages in sorted(self.shards.items()):
                    drop_damaged(self.out / BUNDLE / shard, self.since)
                    self._problems += _run_shard(command, self.out, shard, pages, self.language)
        except OSError as exc:
            self._problems = [
                Issue(
                    display_path(self.out), rule="pagefind", message=f"cannot run Pagefind: {exc}"
                )
            ]
        self.seconds = time.perf_counter() - started

    def wait(self) -> None:
        """Wait for Pagefind to end (a build that fails meanwhile does not leave it
        writing)."""
        if self._thread is not None:
            self._thread.join()

    def finish(self) -> list[Issue]:
        if self.command is None:
            return [
                Issue(
                    display_path(self.out),
                    severity="warning",
                    rule="pagefind",
                    message="Pagefind is not installed (pip install 'pagefind[bin]'): "
                    "the site has no search index",
                )
            ]
        self.wait()
        if self._problems:
            return self._problems
        started = time.perf_counter()
        try:
            bundle = self.out / BUNDLE
            if self.shards is None:
                for path in sorted(bundle.iterdir()) if bundle.is_dir() else []:
                    if path.is_dir() and path.name not in ("fragment", "index", "filter"):
                        shutil.rmtree(path)  # a shard of an earlier, sharded index
                return _put_in_order(self.out, self.command, self.language)
            pruned = self.keep is not None and bundle.is_dir()  # (none: a first run failed)
            for path in sorted(bundle.iterdir()) if pruned else []:
                if path.name not in self.keep:  # what the shards of this index are not
                    if path.is_dir() and not path.is_symlink():
                        shutil.rmtree(path)
                    else:
                        path.unlink()
            problems: list[Issue] = []
            for shard, pages in sorted(self.shards.items()):
                problems += _put_in_order(self.out, self.command, self.language, shard, pages)
            return problems
        finally:
            self.seconds += time.perf_counter() - started


def _put_in_order(
    out: Path,
    command: list[str],
    language: str,
    shard: str = "",
    pages: list[str] | None = None,
) -> list[Issue]:
    bundle = out / BUNDLE / shard if shard else out / BUNDLE
    # Pagefind wrote into the earlier index: it does not write again a file it finds there
    # (their names are hashes of their content), which saves most of its writing
    try:
        keep = stabilise(bundle)
    except UnexpectedIndex as exc:
        shutil.rmtree(bundle, ignore_errors=True)
        again = (
            _run_shard(command, out, shard, pages or [], language)
            if shard
            else _run(command, out, language)
        )
        return [
            *again,
            Issue(
                display_path(bundle),
                severity="warning",
                rule="pagefind",
                message=f"Pagefind's index is left in Pagefind's order ({exc}): "
                "two builds may differ in its filter files",
            ),
        ]
    # the files of an earlier index that this one does not name
    for folder in ("fragment", "index", "filter"):
        for path in sorted((bundle / folder).glob("*")):
            if path.relative_to(bundle).as_posix() not in keep:
                path.unlink()
    for path in sorted(bundle.glob("pagefind.*.pf_meta")):
        if path.name not in keep:
            path.unlink()
    return []


def drop_damaged(bundle: Path, since: float | None = None) -> list[Path]:
    """Remove the files of an earlier index that do not read whole (a run of Pagefind
    stopped while writing): Pagefind does not write again a file it finds, so it would
    keep them. With ``since`` (the time the last build ended), only files written after
    it are read: those of a build that did not end. Returns the files removed."""
    removed = []
    for folder in ("fragment", "index", "filter"):
        for path in sorted((bundle / folder).glob("*.pf_*")):
            if since is not None and path.stat().st_mtime < since:
                continue
            try:
                gzip.decompress(path.read_bytes())
            except (OSError, EOFError):
                path.unlink()
                removed.append(path)
    return removed


def _run(command: list[str], out: Path, language: str = "en") -> list[Issue]:
    # one index for every page whatever its language (see the module's docstring)
    run = subprocess.run(
        [*command, "--site", str(out), "--glob", GLOB, "--force-language", language, "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode == 0:
        return []
    message = " ".join((run.stderr or run.stdout).split())[:300]
    return [Issue(display_path(out), rule="pagefind", message=f"Pagefind failed: {message}")]


def index_files(bundle: Path, only: Collection[str] | None = None) -> dict[str, bytes]:
    """What an index is made of, to tell which of its files a run of Pagefind wrote: each
    file's path in ``bundle``, with its content where the name does not say it (the
    fragments, word index chunks, filters and meta files are named by a hash of their
    content; Pagefind's scripts and ``pagefind-entry.json`` are not). With ``only``, the
    files at the top and in those folders (the shards a run indexes or removes) alone."""
    found: dict[str, bytes] = {}
    if not bundle.is_dir():
        return found
    for folder, dirs, files in os.walk(bundle):  # strings: an index has many files
        if only is not None and folder == str(bundle):
            dirs[:] = [d for d in dirs if d in only]
        here = os.path.relpath(folder, bundle).replace(os.sep, "/")
        parts = [] if here == "." else here.split("/")
        hashed = bool({"fragment", "index", "filter"} & set(parts))
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            rel = "/".join([*parts, name])
            named = hashed or name.endswith(".pf_meta")
            found[rel] = b"" if named else Path(path).read_bytes()
    return dict(sorted(found.items()))


def index_changes(before: dict[str, bytes], after: dict[str, bytes]) -> tuple[list[str], list[str]]:
    """The files of an index written (new, or another content) and removed between two
    :func:`index_files`, as paths in ``OUT``."""
    written = sorted(f"{BUNDLE}/{r}" for r, data in after.items() if before.get(r) != data)
    removed = sorted(f"{BUNDLE}/{r}" for r in before.keys() - after.keys())
    return written, removed


SHARD_PAGES = 500
"""The most pages an index holds, on average, before the site's index is cut into shards
(:func:`shard_plan`): a change re-indexes only the shards of the pages it changed, and
Pagefind takes about 2.3 ms a page (a shard of 500 pages, about a second). Pagefind reads
every page of an index into memory, and was reported to run out of it past about 30,000
pages (its issue #842)."""

MAX_SHARDS = 64
"""The most shards of each kind of page (documents, entries): past 64 x 500 pages the shards
grow instead (a search page fetches a little of every shard; 100,000 documents make 64
shards of about 1,600 pages, each indexed again in about 4 s)."""


def shard_plan(pages: dict[str, str], total: int | None = None) -> dict[str, dict[str, str]]:
    """The shards of an index of ``pages`` (path in ``OUT`` to its key): none (one index)
    up to :data:`SHARD_PAGES` pages. Past that, the document pages go into ``d0``, ``d1``
    … and the entries' pages into ``r0`` … , as many (a power of two, at most
    :data:`MAX_SHARDS`) as keep each at :data:`SHARD_PAGES` pages or fewer on average, a
    page into the one its path's hash names: a page keeps its shard until the number of
    shards doubles. ``total``: how many pages the whole index has, where ``pages`` are
    only some of them (the documents', the plan of whose shards is the same)."""
    if (len(pages) if total is None else total) <= SHARD_PAGES:
        return {}
    plan: dict[str, dict[str, str]] = {}
    for prefix, folder in (("d", "documents/"), ("r", "register/")):
        group = {rel: key for rel, key in pages.items() if rel.startswith(folder)}
        count = 1
        while len(group) > count * SHARD_PAGES and count < MAX_SHARDS:
            count *= 2
        for rel, key in sorted(group.items()):
            n = int(hashlib.sha256(rel.encode("utf-8")).hexdigest()[:8], 16) % count
            plan.setdefault(f"{prefix}{n}", {})[rel] = key
    return dict(sorted(plan.items()))


def _run_shard(
    command: list[str], out: Path, shard: str, pages: list[str], language: str
) -> list[Issue]:
    """Index ``pages`` (paths in ``out``) into ``out/pagefind/<shard>``: Pagefind reads a
    folder of links to them (the pages' addresses as in the site)."""
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=out.parent) as tmp:
        site = Path(tmp)
        for rel in pages:
            target = site / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(out / rel, target)
            except OSError:
                shutil.copyfile(out / rel, target)
        run = subprocess.run(
            [*command, "--site", str(site), "--glob", GLOB, "--force-language", language,
             "--output-path", str(out / BUNDLE / shard), "--quiet"],
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
    if run.returncode == 0:
        return []
    message = " ".join((run.stderr or run.stdout).split())[:300]
    return [Issue(display_path(out), rule="pagefind", message=f"Pagefind failed: {message}")]


class UnexpectedIndex(ValueError):
    """A file of Pagefind's index is not of the form :func:`stabilise` knows."""


def pagefind_hash(data: bytes) -> str:
    """Pagefind's content hash: the SHA-1, each byte in hex without a leading zero."""
    return "".join(f"{b:x}" for b in hashlib.sha1(data).digest())


def _read(path: Path) -> Any:
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise UnexpectedIndex(f"{path.name}: {exc}") from None
    if not raw.startswith(MARKER):
        raise UnexpectedIndex(f"{path.name}: no {MARKER.decode()} marker")
    data = raw[len(MARKER) :]
    value = cbor_decode(data)
    if cbor_encode(value) != data:
        raise UnexpectedIndex(f"{path.name}: CBOR that does not read back as written")
    return value


def _pack(data: bytes) -> bytes:
    return gzip.compress(MARKER + data, compresslevel=9, mtime=0)


def _is_pairs(value: Any, second: type) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], second)
        for v in value
    )


def stabilise(bundle: Path) -> set[str]:
    """Put a Pagefind bundle's filter files and meta files in one order (see above).

    Returns the paths in ``bundle`` of the files the index is made of: its meta files,
    and the fragments, word index chunks and filters they name.
    """
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry_text = entry_path.read_text(encoding="utf-8")
        languages = json.loads(entry_text)["languages"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UnexpectedIndex(f"{entry_path.name}: {exc}") from None
    writes: dict[Path, bytes] = {}
    removals: set[Path] = set()
    keep: set[str] = set()
    for lang, info in sorted(languages.items()):
        old_meta = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(old_meta)
        # [version, pages, index chunks, filters [[name, file]], sorts [[name, pages]], ...]
        if not (
            isinstance(meta, list)
            and len(meta) >= 5
            and _is_pairs(meta[3], str)
            and _is_pairs(meta[4], list)
        ):
            raise UnexpectedIndex(f"{old_meta.name}: not a meta file of the form known")
        taken: set[str] = set()
        filters = []
        for name, file_hash in sorted(meta[3]):
            old_filter = bundle / "filter" / f"{file_hash}.pf_filter"
            content = _read(old_filter)
            # [name, [[value, [page, ...]], ...]]
            if not (
                isinstance(content, list)
                and len(content) == 2
                and content[0] == name
                and _is_pairs(content[1], list)
            ):
                raise UnexpectedIndex(f"{old_filter.name}: not a filter file of the form known")
            data = cbor_encode([name, sorted(content[1], key=lambda v: v[0])])
            digest = f"{lang}_{pagefind_hash(data)}"
            size = len(lang) + 8
            while digest[:size] in taken and size < len(digest):
                size += 1
            new_hash = digest[:size]
            taken.add(new_hash)
            removals.add(old_filter)
            writes[bundle / "filter" / f"{new_hash}.pf_filter"] = _pack(data)
            filters.append([name, new_hash])
        meta = [*meta[:3], filters, sorted(meta[4], key=lambda s: s[0]), *meta[5:]]
        data = cbor_encode(meta)
        new_meta = f"{lang}_{pagefind_hash(data)[: len(lang) + 8]}"
        # pages [[fragment, words]], chunks [[from, to, file]], filters [[name, file]]
        try:
            keep.update(f"fragment/{page[0]}.pf_fragment" for page in meta[1])
            keep.update(f"index/{chunk[2]}.pf_index" for chunk in meta[2])
        except (TypeError, IndexError, KeyError):
            raise UnexpectedIndex(f"{old_meta.name}: not a meta file of the form known") from None
        keep.update(f"filter/{new_hash}.pf_filter" for _, new_hash in filters)
        keep.add(f"pagefind.{new_meta}.pf_meta")
        removals.add(old_meta)
        writes[bundle / f"pagefind.{new_meta}.pf_meta"] = _pack(data)
        old_ref = json.dumps(info["hash"])
        if entry_text.count(old_ref) != 1:
            raise UnexpectedIndex(f"{entry_path.name}: names {info['hash']} other than once")
        entry_text = entry_text.replace(old_ref, json.dumps(new_meta))
    for path in removals - set(writes):
        path.unlink()
    for path, data in writes.items():
        path.write_bytes(data)
    entry_path.write_text(entry_text, encoding="utf-8")
    return keep


def cbor_decode(data: bytes) -> Any:
    """The one CBOR item (RFC 8949) that ``data`` holds, read with ``cbor2`` (maps as
    dicts, in their order)."""
    try:
        return cbor2.loads(data)
    except (cbor2.CBORDecodeError, ValueError, TypeError) as exc:
        raise UnexpectedIndex(f"CBOR that cannot be read: {exc}") from None


def cbor_encode(value: Any) -> bytes:
    """``value`` in CBOR, each head in its shortest form and every length definite, as
    Pagefind's encoder writes them (``cbor2``; dicts keep their order)."""
    try:
        return cbor2.dumps(value)
    except (cbor2.CBOREncodeError, ValueError, TypeError) as exc:
        raise UnexpectedIndex(f"no CBOR for {type(value).__name__}: {exc}") from None


__all__ = [
    "Indexing",
    "index_changes",
    "index_files",
    "index_key",
    "index_language",
    "indexed",
    "pagefind_command",
    "shard_plan",
    "stabilise",
    "write_index",
]
