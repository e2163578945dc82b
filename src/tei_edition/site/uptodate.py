"""Whether a site is up to date, told without reading a document.

A build ends by writing :data:`STAMP` into ``OUT``: a key of everything the site was made
from, as the file system describes it, and what the build reported. The key is made of:

- each file of the edition folder (not the site's own folder, nor hidden files and
  folders) and each input the edition names outside it: its path, size, modification time,
  change time and inode, as git's index keeps them; the change time is set by the system
  on every write and cannot be set back;
- each file of the program's own (its Python modules, stylesheets, theme and catalogs),
  the same way, and its version;
- the build's options, ``SOURCE_DATE_EPOCH`` and the folder it runs in (the report names
  files as seen from there).

Beside the key, the stamp keeps how the site looked when the build ended: the size and
times of each file at its top, and the modification time of each of its folders (which
changes whenever a file in it is added, removed or replaced, as a build replaces them).

A rebuild whose key and site are both the same has nothing to do, and stops there
(:func:`unchanged`): at 10,000 documents that is a few tenths of a second where reading
the records of every document takes tens. Anything else, a file touched, added, removed
or moved, in the edition or the site, makes the ordinary rebuild run, which reads and
compares the contents.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import tei_edition
from tei_edition.edition.config import Edition
from tei_edition.fsutil import atomic_write, content_key
from tei_edition.issues import Issue
from tei_edition.resources import data_dir

STAMP = ".tei-edition-inputs.json"
"""The key of a site's inputs and the state of the site when its build ended (in ``OUT``;
not part of the site)."""

_SKIPPED = frozenset({"__pycache__", "node_modules"})


def _state(path: str, st: os.stat_result) -> str:
    return f"{path}\t{st.st_size}\t{st.st_mtime_ns}\t{st.st_ctime_ns}\t{st.st_ino}"


def _folder_id(path: Path | str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _walk(root: Path, leave: set[tuple[int, int] | None], lines: list[str]) -> None:
    """The state of every file under ``root`` (not hidden; not the folders ``leave`` names
    by device and inode, however they are reached). A folder reached twice (by a symbolic
    link) is read once."""
    seen = set(leave) | {_folder_id(root)}
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            lines.append(f"{folder}\tunreadable\t{exc.errno}")
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name in _SKIPPED:
                continue
            try:
                if entry.is_dir(follow_symlinks=True):
                    here = _folder_id(entry.path)
                    if here not in seen:
                        seen.add(here)
                        stack.append(entry.path)
                    continue
                lines.append(_state(entry.path, entry.stat(follow_symlinks=True)))
            except OSError:
                lines.append(f"{entry.path}\tmissing")


def inputs_key(edition: Edition, out: Path, options: dict[str, Any]) -> str:
    """The key of everything a build of ``edition`` into ``out`` is made from."""
    lines: list[str] = [tei_edition.__version__, json.dumps(options, sort_keys=True)]
    lines.append(os.environ.get("SOURCE_DATE_EPOCH", ""))
    lines.append(os.getcwd())  # the report names files as seen from here
    # the site's folder and its staging folder, where they lie in the edition's
    leave = {_folder_id(p) for p in (out, out.parent / f".{out.name}.tei-edition-staging")}
    leave.discard(None)
    if edition.config_file is not None:  # an edition folder: all it holds
        _walk(edition.root, leave, lines)
    walked = {line.partition("\t")[0] for line in lines}
    inputs = {*edition.inputs(), *([s] if (s := edition.schema_path()) else [])}
    # each input the walk did not meet (a hidden file, or the file of a one-file edition)
    for path in sorted((p for p in inputs if str(p) not in walked), key=str):
        try:
            lines.append(_state(str(path), path.stat()))
        except OSError:
            lines.append(f"{path}\tmissing")
    for own in (Path(tei_edition.__file__).parent, data_dir("transforms")):
        _walk(own, set(), lines)
    return content_key("\n".join(lines))


def _top(out: Path, keep: frozenset[str]) -> list[str]:
    """The files at the top of ``out`` (but those in ``keep``), each with its size and time."""
    top = []
    for entry in sorted(os.scandir(out), key=lambda e: e.name):
        if entry.name not in keep and not entry.is_dir(follow_symlinks=False):
            st = entry.stat(follow_symlinks=False)
            top.append(f"{entry.name}\t{st.st_size}\t{st.st_mtime_ns}")
    return top


def site_state(out: Path, keep: frozenset[str]) -> dict[str, Any]:
    """How ``out`` looks: the files at its top (but those in ``keep``, the build's own
    bookkeeping) and the modification time of each folder in it."""
    folders: list[list[Any]] = []
    for entry in sorted(os.scandir(out), key=lambda e: e.name):
        if entry.name not in keep and entry.is_dir(follow_symlinks=False):
            for folder, dirs, _files in os.walk(entry.path):
                dirs.sort()
                rel = Path(folder).relative_to(out).as_posix()
                folders.append([rel, os.stat(folder).st_mtime_ns])
    return {"top": _top(out, keep), "folders": folders}


def _same_site(out: Path, keep: frozenset[str], recorded: dict[str, Any]) -> bool:
    if _top(out, keep) != recorded.get("top"):
        return False
    folders = recorded.get("folders")
    if not isinstance(folders, list):
        return False
    tops = sorted(e.name for e in os.scandir(out) if e.is_dir(follow_symlinks=False))
    if tops != sorted({str(f[0]).split("/")[0] for f in folders}):
        return False
    for rel, mtime in folders:
        try:
            if os.stat(out / rel).st_mtime_ns != mtime:
                return False
        except OSError:
            return False
    return True


def write_stamp(out: Path, key: str, keep: frozenset[str], report: dict[str, Any]) -> None:
    """Record ``key`` and the site as it is now (after its build ended)."""
    data = {"inputs": key, "site": site_state(out, keep), "report": report}
    atomic_write(out / STAMP, json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n")


def unchanged(out: Path, key: str, keep: frozenset[str]) -> dict[str, Any] | None:
    """What the last build reported, where the site is up to date with inputs of ``key``
    and as that build left it; else None."""
    try:
        data = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("inputs") != key:
        return None
    site, report = data.get("site"), data.get("report")
    if not isinstance(site, dict) or not isinstance(report, dict):
        return None
    try:
        return report if _same_site(out, keep, site) else None
    except OSError:
        return None


def issue_records(issues: list[Issue]) -> list[dict[str, Any]]:
    return [i.as_dict() for i in issues]


def issues_from(records: Any) -> list[Issue]:
    """The issues a stamp recorded (none that cannot be read back)."""
    found = []
    for item in records if isinstance(records, list) else []:
        try:
            found.append(Issue(**item))
        except TypeError:
            continue
    return found
