"""Editions of many documents: the edition folder, its validation as a whole, and its
static site (see :mod:`tei_edition.site.build`)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tei_edition.site.build import SiteResult, build_site
    from tei_edition.site.check import EditionCheck, check_edition
    from tei_edition.site.config import Edition, EditionConfig, load_edition

# The names below are read from their modules when first used, so that a command that
# needs only one module (as export needs the configuration) does not load the builder.
_HOME = {
    "SiteResult": "build",
    "build_site": "build",
    "EditionCheck": "check",
    "check_edition": "check",
    "Edition": "config",
    "EditionConfig": "config",
    "load_edition": "config",
}

__all__ = [
    "Edition",
    "EditionCheck",
    "EditionConfig",
    "SiteResult",
    "build_site",
    "check_edition",
    "load_edition",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
