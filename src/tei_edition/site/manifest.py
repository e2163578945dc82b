"""The build's record of a site, kept on disk in SQLite (``OUT/.tei-edition-site.sqlite``).

It holds, for every file the build wrote, a key of everything the file is made from; by a
key of its content, each file's validation, what was read of each document (its record;
its pointers apart, read only where the edition check must judge them again), each
document's part of the edition check and its OAI records; each input's state on disk
with the SHA-256 of its content; and a few values (the mark of this program, the
edition's title and version, the keys of the search index). A rebuild reads the files'
keys and the documents' records, and writes only the rows that changed, where the JSON
file it replaces (``.tei-edition-site.json``, read once and removed) was read and written
whole.

The standard library's ``sqlite3``: one file, no server, read and written a row at a time.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from tei_edition.validate.edition import unpacked

NAME = ".tei-edition-site.sqlite"
OLD_NAME = ".tei-edition-site.json"
"""The manifest of earlier versions: one JSON document, read whole."""
FORMAT = "1"

_TABLES = {
    "meta": "name TEXT PRIMARY KEY, value TEXT NOT NULL",
    "files": "rel TEXT PRIMARY KEY, key TEXT NOT NULL",
    "validation": "key TEXT PRIMARY KEY, issues TEXT NOT NULL",
    "documents": "key TEXT PRIMARY KEY, record TEXT NOT NULL, pointers TEXT NOT NULL",
    "findings": "key TEXT PRIMARY KEY, found TEXT NOT NULL",
    "harvest": "key TEXT PRIMARY KEY, found TEXT NOT NULL",
    "states": "path TEXT PRIMARY KEY, state TEXT NOT NULL, digest TEXT NOT NULL",
    "memo": "name TEXT PRIMARY KEY, value TEXT NOT NULL",
}
POINTERS = 11
"""The place of the pointers in a document's record (edition/collect.py)."""


_ONE_AT_A_TIME = {"documents": "record", "harvest": "found"}
"""The tables whose rows are read one at a time, as they are asked for (the column that
holds the row's JSON): the documents' records, the largest part of the record by far, and
their OAI records (site/harvest.py). The others are read whole, which is quicker."""


_KEYS_A_QUERY = 500
"""The most keys :meth:`_Rows.many` asks for in one query (SQLite allows 32,766 parameters
since 3.32, 999 before)."""


class _Rows(Mapping[str, Any]):
    """A table's rows by key, each read (and its JSON parsed) when it is asked for; a row
    that cannot be read is missing."""

    def __init__(self, db: sqlite3.Connection, table: str, column: str) -> None:
        self._db = db
        self._query = f"SELECT {column} FROM {table} WHERE key = ?"
        self._many = f"SELECT key, {column} FROM {table} WHERE key IN "
        self._table = table
        self._last: tuple[str, Any] | None = None  # asked for with `in`, then read

    def __getitem__(self, key: str) -> Any:
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        try:
            row = self._db.execute(self._query, (key,)).fetchone()
            if row is not None:
                value = json.loads(row[0])
                self._last = (key, value)
                return value
        except (sqlite3.Error, ValueError):
            pass
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def many(self, keys: Sequence[str]) -> dict[str, Any]:
        """The rows of ``keys`` that can be read, by key: one query for a few hundred of
        them, quicker than as many queries."""
        found: dict[str, Any] = {}
        for i in range(0, len(keys), _KEYS_A_QUERY):
            part = list(keys[i : i + _KEYS_A_QUERY])
            try:
                rows = self._db.execute(
                    self._many + "(" + ",".join("?" * len(part)) + ")", part
                ).fetchall()
            except sqlite3.Error:
                rows = []
            for key, text in rows:
                with contextlib.suppress(ValueError):  # a row that cannot be read is missing
                    found[key] = json.loads(text)
        return found

    def __iter__(self) -> Iterator[str]:
        try:
            keys = [k for (k,) in self._db.execute(f"SELECT key FROM {self._table}")]
        except sqlite3.Error:
            keys = []
        return iter(keys)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Manifest:
    """The record of the site in ``out`` (empty where there is none, or it cannot be
    read). ``meta`` and ``files`` are read whole; the rest by :meth:`table` and
    :meth:`pointers`."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.meta: dict[str, Any] = {}
        self.files: dict[str, str] = {}
        # keys remembered with a key of what they are made from (site/build.py, _Writer.memo)
        self.memo: dict[str, tuple[str, str]] = {}
        self.memo_damaged = False
        self._db: sqlite3.Connection | None = None
        self._old: dict[str, Any] = {}  # an earlier version's JSON manifest
        path = out / NAME
        if path.is_file():
            try:
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                meta = dict(db.execute("SELECT name, value FROM meta"))
                if json.loads(meta.get("format", "null")) != FORMAT:
                    raise ValueError("another format")
                self.meta = {k: json.loads(v) for k, v in meta.items() if k != "format"}
                self.files = dict(db.execute("SELECT rel, key FROM files"))
                self._db = db
            except (sqlite3.Error, ValueError):
                self.meta, self.files = {}, {}
            if self._db is not None:
                try:  # a record written before there was a memo has none
                    rows = list(self._db.execute("SELECT name, value FROM memo"))
                except sqlite3.Error:
                    rows = []
                for name, value in rows:
                    parts = value.split(" ", 1) if isinstance(value, str) else []
                    if isinstance(name, str) and len(parts) == 2:
                        self.memo[name] = (parts[0], parts[1])
                    else:  # not a row this program wrote: dropped when the record is written
                        self.memo_damaged = True
        elif (out / OLD_NAME).is_file():
            try:
                old = json.loads((out / OLD_NAME).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                old = {}
            if isinstance(old, dict):
                self._old = old
                files = old.get("files")
                self.files = dict(files) if isinstance(files, dict) else {}
                self.meta = {
                    k: v for k, v in old.items() if k not in ("files", "validation", "documents")
                }

    def get(self, name: str, default: Any = None) -> Any:
        return self.meta.get(name, default)

    def table(self, name: str) -> Mapping[str, Any]:
        """A table's rows, by key (documents: their records, pointers left out; a row that
        cannot be read is missing). The documents' records are read one at a time, as they
        are asked for, while this record is open: a rebuild of many documents never holds
        them all."""
        if self._db is None:
            part = self._old.get(name)
            return dict(part) if isinstance(part, dict) else {}
        try:
            if name == "states":
                return {p: [s, d] for p, s, d in self._db.execute("SELECT * FROM states")}
            if name in _ONE_AT_A_TIME:
                return _Rows(self._db, name, _ONE_AT_A_TIME[name])
            rows = self._db.execute(f"SELECT * FROM {name}")  # one of _TABLES
        except sqlite3.Error:
            return {}
        found = {}
        for key, value in rows:
            try:
                found[key] = json.loads(value)
            except (TypeError, ValueError):
                continue
        return found

    def recorded(self) -> set[str]:
        """The keys of the documents' records, in one query."""
        return set(self.table("documents"))

    def pointers(self, key: str) -> list[Any] | None:
        """The pointers of the document record of ``key``, or None."""
        if self._db is None:
            record = self._old.get("documents", {}).get(key)
            return record[POINTERS] if isinstance(record, list) and len(record) > POINTERS else None
        try:
            row = self._db.execute(
                "SELECT pointers FROM documents WHERE key = ?", (key,)
            ).fetchone()
            return None if row is None else json.loads(row[0])
        except (sqlite3.Error, ValueError):
            return None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def write(
    out: Path,
    old: Manifest,
    meta: dict[str, Any],
    files: dict[str, str],
    tables: Mapping[str, Mapping[str, Any]],
) -> bool:
    """Make ``out``'s record say ``meta``, ``files`` and ``tables`` (validation,
    documents, findings, states, harvest), writing only the rows that differ from what it holds
    (``old``: read from the same folder). ``out``'s file, hard-linked to the site's own
    while a rebuild runs in its staging folder, is copied first: the site's is never
    written in place. Returns whether anything changed."""
    path = out / NAME
    fresh = old._db is None
    old.close()
    if fresh:  # none, one that cannot be read, or an earlier version's JSON
        path.unlink(missing_ok=True)
    elif os.stat(path).st_nlink > 1:  # the site's own: a copy of it, to write
        spare = path.with_name(f".{NAME}.copy")
        shutil.copyfile(path, spare)
        os.replace(spare, path)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=MEMORY")
        db.execute("PRAGMA synchronous=OFF")  # a build that does not end leaves no site
        db.execute("BEGIN")
        for name, columns in _TABLES.items():
            db.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns}) WITHOUT ROWID")
        before = db.total_changes
        rows = {k: _dumps(v) for k, v in {**meta, "format": FORMAT}.items()}
        _sync(db, "meta", "name", dict(db.execute("SELECT name, value FROM meta")), rows)
        _sync(db, "files", "rel", old.files if not fresh else {}, files)
        for name, wanted in tables.items():
            if name == "memo":  # by name: what a key is made from changes
                if old.memo_damaged:
                    db.execute("DELETE FROM memo")
                kept = {} if fresh or old.memo_damaged else old.memo
                had_memo = {n: " ".join(v) for n, v in kept.items()}
                _sync(db, "memo", "name", had_memo, {n: " ".join(v) for n, v in wanted.items()})
                continue
            if name == "states":  # by path: a file's state changes
                had = {p: (s, d) for p, s, d in db.execute("SELECT * FROM states")}
                db.executemany(
                    "DELETE FROM states WHERE path = ?", ((k,) for k in had.keys() - wanted.keys())
                )
                db.executemany(
                    "INSERT OR REPLACE INTO states VALUES (?, ?, ?)",
                    ((k, v[0], v[1]) for k, v in wanted.items() if had.get(k) != tuple(v)),
                )
                continue
            # by a key of the content: a key's row never changes, those gone are deleted
            keys = {k for (k,) in db.execute(f"SELECT key FROM {name}")}  # one of _TABLES
            db.executemany(
                f"DELETE FROM {name} WHERE key = ?", ((k,) for k in keys - wanted.keys())
            )
            # a key without a value (None) keeps its row, if there is one
            new = ((k, v) for k, v in wanted.items() if k not in keys and v is not None)
            if name == "documents":  # and a record read again (its row could not be read)
                new = ((k, v) for k, v in wanted.items() if k not in keys or _read_again(v))
                db.executemany(
                    "INSERT OR REPLACE INTO documents VALUES (?, ?, ?)", _document_rows(new)
                )
            else:
                db.executemany(
                    f"INSERT INTO {name} VALUES (?, ?)", ((k, _dumps(v)) for k, v in new)
                )
        changed = db.total_changes != before
        db.execute("COMMIT")
    finally:
        db.close()
    (out / OLD_NAME).unlink(missing_ok=True)
    return changed


def _read_again(record: Any) -> bool:
    """Is this a record of a document read by this build (not one kept here)?"""
    if isinstance(record, tuple):
        return True  # packed (validate/edition.py, packed_record)
    return isinstance(record, list) and len(record) > POINTERS and record[POINTERS] is not None


def _document_rows(items: Iterable[tuple[str, Any]]) -> Iterable[tuple[str, str, str]]:
    for key, record in items:
        if isinstance(record, tuple) and len(record) == 2:  # packed: the row's two columns
            yield key, unpacked(record[0]), unpacked(record[1])
            continue
        if not isinstance(record, list) or len(record) <= POINTERS:
            continue  # none, or one kept here as it is (empty: validate/edition.py)
        if record[POINTERS] is None:
            continue  # a record taken from this manifest without its pointers: kept there
        head = [*record[:POINTERS], None, *record[POINTERS + 1 :]]
        yield key, _dumps(head), _dumps(record[POINTERS])


def _sync(
    db: sqlite3.Connection, table: str, column: str, had: Mapping[str, str], rows: Mapping[str, str]
) -> None:
    """Make ``table`` hold ``rows`` (key to text), ``had`` being what it holds."""
    gone = had.keys() - rows.keys()
    db.executemany(f"DELETE FROM {table} WHERE {column} = ?", ((k,) for k in sorted(gone)))
    db.executemany(
        f"INSERT OR REPLACE INTO {table} VALUES (?, ?)",
        ((k, v) for k, v in rows.items() if had.get(k) != v),
    )
