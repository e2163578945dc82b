"""Editions of many documents: the edition folder, its validation as a whole, and its
static site (see :mod:`tei_edition.site.build`)."""

from tei_edition.site.build import SiteResult, build_site
from tei_edition.site.check import EditionCheck, check_edition
from tei_edition.site.config import Edition, EditionConfig, load_edition

__all__ = [
    "Edition",
    "EditionCheck",
    "EditionConfig",
    "SiteResult",
    "build_site",
    "check_edition",
    "load_edition",
]
