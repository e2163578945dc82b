"""An edition folder and its one declarative configuration, ``edition.toml``.

An edition folder holds ``edition.toml``, the documents (by default every
``documents/**/*.xml``) and a shared register (by default ``registers.xml``). A single
TEI file is an edition of one, configured from its own header.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tei_edition.issues import Issue, UsageError
from tei_edition.resources import data_dir
from tei_edition.xmlparse import display_path

CONFIG_NAME = "edition.toml"


@dataclass(frozen=True)
class EditionConfig:
    """What ``edition.toml`` says (its ``[edition]`` and ``[sources]`` tables)."""

    title: str
    short_title: str = ""
    editors: tuple[str, ...] = ()
    publisher: str = ""
    licence: str = ""
    licence_url: str = ""
    language: str = "en"
    version: str = "0.1"
    base_url: str = ""
    introduction: str = ""
    documents: tuple[str, ...] = ("documents/**/*.xml",)
    registers: str = "registers.xml"
    schema: str = ""  # empty: the schemas each document declares

    @property
    def label(self) -> str:
        return self.short_title or self.title


@dataclass
class Edition:
    """An edition folder: its configuration, documents and shared register."""

    root: Path
    config: EditionConfig
    documents: list[Path] = field(default_factory=list)
    registers: Path | None = None
    config_file: Path | None = None

    def inputs(self) -> list[Path]:
        """Every file the site is made from (documents, register, configuration)."""
        files = list(self.documents)
        if self.registers is not None:
            files.append(self.registers)
        if self.config_file is not None:
            files.append(self.config_file)
        return files

    def schema_path(self) -> Path | None:
        if not self.config.schema:
            return None
        given = Path(self.config.schema)
        return given if given.is_absolute() else self.root / given


_STRINGS = (
    "title",
    "short_title",
    "publisher",
    "licence",
    "licence_url",
    "language",
    "version",
    "base_url",
    "introduction",
)


def _problem(path: Path, message: str) -> UsageError:
    return UsageError(Issue(display_path(path), rule="config", message=message))


def read_config(path: Path) -> EditionConfig:
    """Read and check ``edition.toml``; every problem is a :class:`UsageError`."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _problem(path, f"is not TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _problem(path, f"cannot be read: {exc}") from None
    edition = data.get("edition", {})
    sources = data.get("sources", {})
    if not isinstance(edition, dict) or not isinstance(sources, dict):
        raise _problem(path, "[edition] and [sources] must be tables")
    unknown = sorted(set(data) - {"edition", "sources"})
    unknown += sorted(f"edition.{k}" for k in set(edition) - {*_STRINGS, "editors"})
    unknown += sorted(f"sources.{k}" for k in set(sources) - {"documents", "registers", "schema"})
    if unknown:
        raise _problem(path, f"unknown setting(s): {', '.join(unknown)}")
    values: dict[str, object] = {}
    for key in _STRINGS:
        if key in edition:
            if not isinstance(edition[key], str):
                raise _problem(path, f"edition.{key} must be a string")
            values[key] = edition[key].strip()
    if not values.get("title"):
        raise _problem(path, "edition.title is required")
    editors = edition.get("editors", [])
    if not isinstance(editors, list) or not all(isinstance(e, str) for e in editors):
        raise _problem(path, "edition.editors must be a list of strings")
    values["editors"] = tuple(editors)
    documents = sources.get("documents", ["documents/**/*.xml"])
    if isinstance(documents, str):
        documents = [documents]
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        raise _problem(path, "sources.documents must be a glob or a list of globs")
    values["documents"] = tuple(documents)
    for key in ("registers", "schema"):
        if key in sources:
            if not isinstance(sources[key], str):
                raise _problem(path, f"sources.{key} must be a string")
            values[key] = sources[key]
    problems = [
        *(_outside_pattern(f"sources.documents pattern {d!r}", d) for d in documents),
        *(
            _outside_pattern(f"sources.{key} {values[key]!r}", str(values[key]))
            for key in ("registers", "schema")
            if values.get(key)
        ),
        _bad_base_url(str(values.get("base_url", ""))),
    ]
    if any(problems):
        raise UsageError([_problem(path, p).issues[0] for p in problems if p])
    return EditionConfig(**values)  # type: ignore[arg-type]


def _outside_pattern(what: str, value: str) -> str:
    """Why a configured path or glob could leave the edition folder, or ''."""
    if not value.strip():
        return f"{what} is empty"
    if value.startswith(("/", "\\", "~")) or (len(value) > 1 and value[1] == ":"):
        return f"{what} is absolute: paths are relative to the edition folder"
    if ".." in value.replace("\\", "/").split("/"):
        return f"{what} leaves the edition folder (..)"
    return ""


def _bad_base_url(url: str) -> str:
    """Why ``base_url`` is no address for the site's pages, or ''."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return (
            f"edition.base_url {url!r} must be an http:// or https:// address "
            "(e.g. https://example.org/edition/)"
        )
    if any(c.isspace() or c in '<>"' for c in url):
        return f'edition.base_url {url!r} holds a space or one of < > "'
    return ""


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, with every symbolic link resolved, is inside ``root`` (resolved)."""
    return path.resolve().is_relative_to(root.resolve())


def bundled_folder() -> Path:
    """The bundled edition's folder."""
    return data_dir("edition")


def load_edition(target: Path | None = None) -> Edition:
    """The edition at ``target``: a folder with ``edition.toml``, or one TEI file.

    Without ``target``: the current folder when it holds ``edition.toml``, else the
    bundled edition.
    """
    if target is None:
        target = Path.cwd() if (Path.cwd() / CONFIG_NAME).is_file() else bundled_folder()
    target = Path(target)
    if target.is_file() and target.name == CONFIG_NAME:
        target = target.parent
    if target.is_dir():
        config_file = target / CONFIG_NAME
        if not config_file.is_file():
            raise UsageError(
                Issue(
                    display_path(target),
                    rule="config",
                    message=f"is not an edition folder: it has no {CONFIG_NAME} "
                    "(`tei-edition new DIR` makes one)",
                )
            )
        config = read_config(config_file)
        registers = target / config.registers if config.registers else None
        documents = [  # the register is no document, whatever the globs say
            d
            for d in _documents(target, config.documents, config_file)
            if registers is None or d.resolve() != registers.resolve()
        ]
        if registers is not None and not registers.is_file():
            raise _problem(config_file, f"the register {config.registers} does not exist")
        for key, given in (("registers", registers), ("schema", target / config.schema)):
            if given is not None and getattr(config, key) and not inside(target, given):
                raise _problem(
                    config_file,
                    f"sources.{key} {getattr(config, key)!r} leads outside the edition folder "
                    f"(to {given.resolve()})",
                )
        if not documents:
            raise _problem(config_file, f"no document matches {', '.join(config.documents)}")
        return Edition(target, config, documents, registers, config_file)
    if target.is_file():
        return single_file_edition(target)
    raise UsageError(Issue(display_path(target), rule="io", message="no such file or folder"))


def _documents(root: Path, patterns: tuple[str, ...], config_file: Path) -> list[Path]:
    """The files the patterns match, each of them inside the edition folder once every
    symbolic link is resolved (one that leads out is refused, naming it)."""
    found: dict[Path, None] = {}
    leaving: list[Issue] = []
    for pattern in patterns:
        try:
            matches = sorted(root.glob(pattern))
        except (ValueError, NotImplementedError) as exc:
            raise _problem(config_file, f"sources.documents pattern {pattern!r}: {exc}") from None
        for path in matches:
            if path.is_file() and path.suffix == ".xml":
                if not inside(root, path):
                    leaving.append(
                        Issue(
                            display_path(path),
                            rule="config",
                            message=f"leads outside the edition folder (to {path.resolve()}): "
                            "a document of the edition must be inside it",
                        )
                    )
                    continue
                found[path] = None
    if leaving:
        raise UsageError(leaving)
    return list(found)


def single_file_edition(path: Path) -> Edition:
    """One TEI file as an edition of one, titled from its header."""
    from tei_edition.site.collect import header_title

    title = header_title(path) or path.stem
    config = EditionConfig(title=title, documents=(path.name,), registers="")
    return Edition(path.parent, config, [path], None, None)


def is_edition_folder(path: Path) -> bool:
    return path.is_dir() and (path / CONFIG_NAME).is_file()


def edition_folder_of(path: Path | str, depth: int = 4) -> Path | None:
    """The nearest folder above ``path`` (at most ``depth`` levels up) that holds
    ``edition.toml``, or None."""
    here = Path(path).resolve()
    return next((f for f in list(here.parents)[:depth] if is_edition_folder(f)), None)


def edition_register_path(path: Path | str) -> Path | None:
    """The shared register of the edition folder that holds ``path`` (a file inside it),
    or None where there is none: the register its ``registers.xml#id`` pointers resolve
    into."""
    home = edition_folder_of(path)
    return load_edition(home).registers if home is not None else None


def edition_register_of(path: Path | str) -> str:
    """The URI of :func:`edition_register_path`, or ''."""
    found = edition_register_path(path)
    return found.resolve().as_uri() if found is not None else ""


def expand_editions(paths: tuple[Path, ...] | list[Path]) -> tuple[tuple[Path, ...], str]:
    """Paths with each edition folder replaced by its documents, and the URI of the
    shared register their pointers resolve into, or ''.

    A file inside an edition folder (``edition_folder_of``) takes that edition's register,
    as its pointers ``registers.xml#id`` are relative to the edition folder. The files of
    two editions with different registers cannot be given at once (UsageError)."""
    files: list[Path] = []
    found: dict[str, str] = {}
    editions: dict[Path, Edition] = {}  # each edition folder read once
    for path in paths:
        path = Path(path)
        folder = is_edition_folder(path)
        home = path if folder else edition_folder_of(path)
        edition = None
        if home is not None:
            key = home.resolve()
            if key not in editions:
                editions[key] = load_edition(home)
            edition = editions[key]
        if folder and edition is not None:
            files.extend(edition.documents)
        else:
            files.append(path)
        if edition is not None and edition.registers is not None:
            found.setdefault(edition.registers.resolve().as_uri(), display_path(path))
    if len(found) > 1:
        raise UsageError(
            Issue(
                ", ".join(found.values()),
                rule="usage",
                message="these belong to editions with different registers: "
                "give one edition at a time",
            )
        )
    return tuple(files), next(iter(found), "")
