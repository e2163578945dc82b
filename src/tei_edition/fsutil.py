"""Writing files so that nothing is ever half-written."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from tei_edition.issues import Issue, UsageError
from tei_edition.read.xmlparse import display_path


def ensure_folder(folder: Path | str) -> Path:
    """Create ``folder`` (and its parents) if needed; a one-line error if it cannot be one."""
    f = Path(folder)
    for part in (f, *f.parents):
        if part.exists() and not part.is_dir():
            raise UsageError(
                Issue(display_path(f), rule="io", message=f"{display_path(part)} is not a folder")
            )
    try:
        f.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            Issue(display_path(f), rule="io", message=exc.strerror or str(exc))
        ) from None
    return f


def atomic_write(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The file appears whole or not at all; the folder is created if needed.
    """
    p = Path(path)
    ensure_folder(p.parent)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def content_key(*parts: bytes | str) -> str:
    """A key of what an output is made from (SHA-256 of the parts, each ended by a NUL): the
    same parts, the same key, so an output whose key has not changed need not be made again."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def within(path: Path | str, folder: Path | str) -> bool:
    """Whether the resolved ``path`` is ``folder`` (resolved) or inside it:
    ``Path.is_relative_to`` by the strings, for the many files of an edition."""
    p, f = str(path), str(folder)
    return p == f or p.startswith(f.rstrip(os.sep) + os.sep)
