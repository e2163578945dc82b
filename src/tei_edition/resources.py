"""Where the bundled edition, schemas and stylesheets live.

Installed from a wheel they sit in ``tei_edition/data/``; in a source checkout
(or an editable install) they are the top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DATA = Path(__file__).resolve().parent / "data"
_SOURCE_TREE = Path(__file__).resolve().parents[2]

EDITION_FILE = "mikoyan-recollections-1958.xml"


@cache  # where the package lies does not change while it runs
def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``edition``, ``schemas`` or ``transforms``)."""
    for base in (_PACKAGE_DATA, _SOURCE_TREE):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"tei-edition is installed without its {name}/ folder")


def bundled_edition() -> Path:
    """The bundled edition of Mikoyan's recollections."""
    return data_dir("edition") / EDITION_FILE


def bundled_source() -> Path:
    """The archive's transcription that the bundled edition encodes."""
    return data_dir("edition") / "source" / EDITION_FILE.replace(".xml", ".txt")


def schema(name: str) -> Path:
    return data_dir("schemas") / name


def transform(name: str) -> Path:
    return data_dir("transforms") / name
