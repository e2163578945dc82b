"""The staging folder of a rebuild: the site's files hard-linked into it.

Only the standard library, so that :func:`stage_in_process` can run this file as a
program of its own (``python -I linking.py OUT STAGE PREVIOUS``): removing the site an
earlier rebuild replaced and linking tens of thousands of files then runs beside the
build, not in its interpreter while the edition is checked. It prints the files linked,
each ended by a NUL; a failure is one line on standard error and exit status 1.
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


def stage_in_process(out: Path, stage: Path, previous: Path) -> list[str]:
    """:func:`stage_site` in a Python process of its own (here where none can be
    started). Raises ``OSError`` with the child's message when it fails."""
    command = [sys.executable, "-I", __file__, str(out), str(stage), str(previous)]
    try:
        run = subprocess.run(command, capture_output=True, check=False)
    except OSError:
        return stage_site(str(out), str(stage), str(previous))
    if run.returncode != 0:
        said = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OSError(said[-1] if said else f"the staging folder {stage} could not be made")
    return [os.fsdecode(p) for p in run.stdout.split(b"\0") if p]


def main(argv: list[str]) -> int:
    try:
        linked = stage_site(*argv)
    except OSError as exc:
        print(f"{exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(b"".join(os.fsencode(p) + b"\0" for p in linked))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:4]))
