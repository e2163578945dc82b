"""The staging folder of a rebuild: the site's files hard-linked into it.

Only the standard library, so that :func:`stage_in_process` can run this file as a
program of its own (``python -I linking.py OUT STAGE PREVIOUS``): making the staging
folder from the site an earlier rebuild replaced, or linking tens of thousands of files,
then runs beside the build, not in its interpreter while the edition is checked. It
prints the files linked, each ended by a NUL; a file it cannot stage is one line on
standard error and exit status 3.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def link_file(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except FileExistsError:  # linked already (by a staging that did not end): again
        if not os.path.samefile(source, target):
            os.unlink(target)
            link_file(source, target)
    except OSError:
        shutil.copy2(source, target)


def stage_site(out: str, stage: str, previous: str, *kept: str) -> list[str]:
    """Make ``stage`` hold the files of the site ``out`` below its top, hard-linked;
    returns their paths in ``stage``. The site an earlier rebuild replaced (``previous``)
    is most of it already (its files are links of the site's but for those that rebuild
    wrote or removed): its folders are taken into ``stage``, and only what differs from
    ``out`` (by the files' inodes) is linked again or removed; the rest of ``previous`` is
    removed (``previous`` empty: no site was replaced, every file is linked). ``kept``:
    folders of ``stage`` (paths in it, such as the page images' tiles, moved there from
    ``out`` by the build) left as they are."""
    os.makedirs(stage, exist_ok=True)
    if previous and os.path.isdir(previous) and not os.path.islink(previous):
        with os.scandir(previous) as entries:
            folders = [e for e in entries if e.is_dir(follow_symlinks=False)]
        for entry in folders:
            if not os.path.isdir(os.path.join(out, entry.name)):
                continue  # not the site's any more: removed with the rest
            target = os.path.join(stage, entry.name)
            try:
                os.rmdir(target)  # made, empty, by the build (it links the top itself)
            except FileNotFoundError:
                pass
            except OSError:
                continue  # not empty: linked here, not taken
            os.rename(entry.path, target)
        shutil.rmtree(previous)
    present: set[str] = set()
    with os.scandir(out) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                target = os.path.join(stage, entry.name)
                mirror(entry.path, target, entry.name + "/", present, frozenset(kept))
    return sorted(present)


def mirror(
    source: str, target: str, rel: str, present: set[str], kept: frozenset[str] = frozenset()
) -> None:
    """Make the folder ``target`` hold what ``source`` holds, each file hard-linked: a file
    that is a link of the same one already (the same inode) is kept, any other linked
    again, and what ``source`` does not hold is removed; the paths ``kept`` are left as they
    are, neither linked nor removed; symbolic links are left out. ``present`` receives each
    file's path (``rel`` the folder's)."""
    folders = [(source, target, rel)]
    while folders:
        here, there, prefix = folders.pop()
        os.makedirs(there, exist_ok=True)
        with os.scandir(there) as entries:
            had = {e.name: e for e in entries}
        with os.scandir(here) as entries:
            for entry in entries:
                if entry.is_symlink():
                    continue  # a build writes none; one put there is not copied
                if prefix + entry.name in kept:
                    had.pop(entry.name, None)
                    continue
                dst = os.path.join(there, entry.name)
                old = had.pop(entry.name, None)
                if entry.is_dir(follow_symlinks=False):
                    if old is not None and not old.is_dir(follow_symlinks=False):
                        os.unlink(dst)
                    folders.append((entry.path, dst, f"{prefix}{entry.name}/"))
                    continue
                if old is not None:
                    if old.is_file(follow_symlinks=False) and old.inode() == entry.inode():
                        present.add(prefix + entry.name)
                        continue
                    _remove(old)
                link_file(entry.path, dst)
                present.add(prefix + entry.name)
        for name, old in had.items():  # not in the site
            if prefix + name not in kept:
                _remove(old)


def _remove(entry: os.DirEntry[str]) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


FAILED = 3
"""The exit status of the program when a file could not be removed, linked or copied (it
says which on standard error)."""


def stage_in_process(out: Path, stage: Path, previous: Path | None, *kept: str) -> list[str]:
    """:func:`stage_site` in a Python process of its own (``previous`` None: no site was
    replaced); here where this file cannot be run so (no interpreter named, a frozen
    program, a package in a zip) or the process could not start or did not end as the
    program does. Raises ``OSError`` with the program's message when a file could not be
    staged."""
    here = (str(out), str(stage), "" if previous is None else str(previous), *kept)
    if not sys.executable or getattr(sys, "frozen", False) or not os.path.isfile(__file__):
        return stage_site(*here)
    try:
        run = subprocess.run(
            [sys.executable, "-I", __file__, *here], capture_output=True, check=False
        )
    except (OSError, ValueError):
        return stage_site(*here)
    if run.returncode == FAILED:
        said = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OSError(said[-1] if said else f"the staging folder {stage} could not be made")
    if run.returncode < 0:  # stopped by a signal (Ctrl-C reaches the whole group)
        signal = -run.returncode
        raise OSError(f"the staging folder {stage} was not made: stopped by signal {signal}")
    if run.returncode != 0:  # not the program's own failure: here, over what it did
        return stage_site(*here)
    return [os.fsdecode(p) for p in run.stdout.split(b"\0") if p]


def main(argv: list[str]) -> int:
    try:
        linked = stage_site(*argv)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{where}{exc.strerror or exc}", file=sys.stderr)
        return FAILED
    sys.stdout.buffer.write(b"".join(os.fsencode(p) + b"\0" for p in linked))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
