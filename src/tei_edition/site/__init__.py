"""Build: an edition's static site (see :mod:`tei_edition.site.build`), its preview and
its search index. The edition itself (configuration, documents, register, checks) is
:mod:`tei_edition.edition`."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tei_edition.site.build import SiteResult, build_site

# Read from their module when first used, so that a command that needs only one module
# does not load the builder (start-up time).
_HOME = {"SiteResult": "build", "build_site": "build"}

__all__ = ["SiteResult", "build_site"]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
