"""The staging folder of a rebuild: the site's files hard-linked into it.

Only the standard library, so that :func:`stage_in_process` can run this file as a
program of its own (``python -I linking.py OUT STAGE PREVIOUS``): removing the site an
earlier rebuild replaced and linking tens of thousands of files then runs beside the
build, not in its interpreter while the edition is checked. It prints the files linked,
each ended by a NUL; a file it cannot stage is one line on standard error and exit status 3.
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


def link_tree(
    source: Path, target: Path, present: set[str] | None = None, top: bool = True
) -> None:
    """Hard-link every file under ``source`` into ``target`` (copied where a link cannot
    be made), those at its top only if ``top``; symbolic links are left out. ``present``
    receives each file's path in ``target``. (Strings, not paths: a site has many
    files.)"""
    folders = [(str(source), str(target), "")]
    listed = present if present is not None else set()
    while folders:
        here, there, rel = folders.pop()
        os.makedirs(there, exist_ok=True)
        with os.scandir(here) as entries:
            for entry in entries:
                if entry.is_symlink():
                    continue  # a build writes none; one put there is not copied
                dst = os.path.join(there, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, dst, f"{rel}{entry.name}/"))
                    continue
                if not rel and not top:
                    continue
                link_file(entry.path, dst)
                listed.add(rel + entry.name)


def stage_site(out: str, stage: str, previous: str) -> list[str]:
    """Remove the site an earlier rebuild replaced (``previous``), then link the files of
    the site ``out`` below its top into ``stage``; returns their paths in ``stage``."""
    if os.path.exists(previous):
        shutil.rmtree(previous)
    present: set[str] = set()
    link_tree(Path(out), Path(stage), present, top=False)
    return sorted(present)


FAILED = 3
"""The exit status of the program when a file could not be removed, linked or copied (it
says which on standard error)."""


def stage_in_process(out: Path, stage: Path, previous: Path) -> list[str]:
    """:func:`stage_site` in a Python process of its own; here where this file cannot be
    run so (no interpreter named, a frozen program, a package in a zip) or the process
    could not start or did not end as the program does. Raises ``OSError`` with the
    program's message when a file could not be staged."""
    here = (str(out), str(stage), str(previous))
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
    sys.exit(main(sys.argv[1:4]))
