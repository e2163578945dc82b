"""The site's interface in the edition's language: message catalogs.

One catalog a language, ``transforms/messages/LANG.xml``: ``<messages xml:lang="de">``
holding one ``<m key="nav.home">Startseite</m>`` a string. The stylesheets look a key up
with ``te:msg($key)`` (common.xsl) in the catalog they are given (the private parameter
:data:`MESSAGES_PARAM`), and in English's (:data:`ENGLISH_PARAM`, always given) for a key
that catalog lacks. Python reads the same catalogs for the strings it writes into page
models (titles, crumbs), and tells the build which keys a language lacks.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from tei_edition.read.xmlparse import parse
from tei_edition.resources import data_dir

MESSAGES_PARAM = "{https://tei-edition.org/ns}messages"
"""The stylesheets' private parameter that receives the edition language's catalog."""
ENGLISH_PARAM = "{https://tei-edition.org/ns}messages-en"
"""The stylesheets' private parameter that receives English's catalog (the fallback)."""

ENGLISH = "en"
_lock = threading.Lock()


def folder() -> Path:
    return data_dir("transforms") / "messages"


def languages() -> list[str]:
    """The languages that have a catalog."""
    return sorted(p.stem for p in folder().glob("*.xml"))


def catalog_language(language: str) -> str:
    """The catalog for a BCP 47 tag: the tag's own if there is one, else its primary
    subtag's (``de-AT`` → ``de``, ``zh-Hans`` → ``zh``), else English."""
    tag = (language or "").strip().replace("_", "-")
    have = {lang.lower(): lang for lang in languages()}
    for candidate in (tag.lower(), tag.split("-")[0].lower()):
        if candidate in have:
            return have[candidate]
    return ENGLISH


@cache
def _read(path: Path) -> tuple[bytes, dict[str, str]]:
    data = path.read_bytes()
    root = parse(path).getroot()
    return data, {m.get("key", ""): m.text or "" for m in root.iter("m")}


def catalog_bytes(language: str) -> bytes:
    """The catalog's file, as given to the stylesheets."""
    with _lock:
        return _read(folder() / f"{catalog_language(language)}.xml")[0]


def catalog(language: str) -> dict[str, str]:
    """The catalog's strings by key (without English's fallback)."""
    with _lock:
        return dict(_read(folder() / f"{catalog_language(language)}.xml")[1])


_looked_up: dict[tuple[Path, str], tuple[dict[str, str], dict[str, str]]] = {}
"""The strings :func:`message` looks in, by catalog folder and language: a build asks for
thousands (every citation's date in words), each of which would list the folder again."""


def message(language: str, key: str) -> str:
    """One interface string in ``language``, else in English."""
    where = folder()
    strings = _looked_up.get((where, language))
    if strings is None:
        strings = _looked_up[(where, language)] = (catalog(language), catalog(ENGLISH))
    own, english = strings
    return own[key] if key in own else english[key]


def missing_keys(language: str) -> list[str]:
    """The keys English has and ``language``'s catalog lacks (shown in English)."""
    own = catalog(language)
    return [k for k in catalog(ENGLISH) if k not in own]


def has_catalog(language: str) -> bool:
    """Whether ``language`` (or its primary subtag) has a catalog of its own."""
    return catalog_language(language) != ENGLISH or (language or "").lower().startswith("en")
