"""The edition: what a command acts on, found once.

An edition is a folder with ``edition.toml`` (its documents, one shared register, its
configuration). :func:`find_edition` looks for one from a folder upwards, as git finds
its repository; :func:`targets` gives a command the paths it acts on: those the user
named, else the edition found from the current folder, else one clear error. No command
falls back to the bundled edition: it is an edition folder like any other, reached by
its path.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tei_edition.issues import Issue, UsageError

if TYPE_CHECKING:
    from tei_edition.edition.config import Edition, EditionConfig, load_edition

# Read from their module when first used (start-up time).
_HOME = {"Edition": "config", "EditionConfig": "config", "load_edition": "config"}

__all__ = ["CONFIG_NAME", "Edition", "EditionConfig", "find_edition", "load_edition", "targets"]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


CONFIG_NAME = "edition.toml"

NO_EDITION = (
    "no edition here: neither this folder nor any above it holds edition.toml; "
    "name an edition folder or a TEI file, or make an edition with `tei-edition new DIR`"
)


def find_edition(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: the current folder) that holds
    ``edition.toml``, or None."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def targets(paths: Sequence[Path], start: Path | None = None) -> list[Path]:
    """The paths a command acts on: ``paths`` as given, or the edition found from
    ``start`` (relative to the current folder where it is inside it); raises
    :class:`UsageError` with one line where there is none."""
    if paths:
        return [Path(p) for p in paths]
    found = find_edition(start)
    if found is None:
        raise UsageError(Issue(str(start or Path.cwd()), rule="usage", message=NO_EDITION))
    cwd = Path.cwd().resolve()
    return [found.relative_to(cwd) if found.is_relative_to(cwd) else found]
