"""``ro-crate``: an RO-Crate 1.1 of the deposit: its files as staged, with
``ro-crate-metadata.json`` (see :mod:`~tei_edition.deposit.profiles.rocrate_metadata`) and
a README of its own in place of the bag's (and without the bag's DSpace view)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tei_edition import __version__
from tei_edition.deposit.profiles import CHECKSUMS, Made, Staged
from tei_edition.deposit.profiles.package import finish, new_folder, readme, write
from tei_edition.deposit.profiles.rocrate_metadata import METADATA, crate_metadata

BAG_ONLY = ("README.txt", "contents", "dublin_core.xml")
"""Staged files that belong to the bag (its README, its DSpace item view)."""


def _readme(staged: Staged) -> str:
    intro = (
        f"An RO-Crate 1.1 (https://w3id.org/ro/crate/1.1) made by tei-edition {__version__}:\n"
        f"{METADATA} describes every file. {CHECKSUMS} holds the sha256 of each;\n"
        "check the crate with `tei-edition verify CRATE`."
    )
    return readme(staged, intro, drop=("dublin_core.xml", "contents", "ro-crate"))


def render(staged: Staged, target: Path, zip_target: Path | None) -> Made:
    built = new_folder(target)
    try:
        shutil.rmtree(built)
        shutil.copytree(staged.payload, built)
        for rel in BAG_ONLY:
            (built / rel).unlink(missing_ok=True)
        write(built, "README.txt", _readme(staged).encode("utf-8"))
        files = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
        view = Staged(**{**staged.__dict__, "payload": built})
        write(built, METADATA, crate_metadata(view, files))
        return finish(built, target, zip_target)
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
