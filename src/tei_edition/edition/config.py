"""An edition folder and its one declarative configuration, ``edition.toml``.

An edition folder holds ``edition.toml``, the documents (by default every
``documents/**/*.xml``) and a shared register (by default ``registers.xml``). A single
TEI file is an edition of one, configured from its own header.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from tei_edition.edition import CONFIG_NAME, targets
from tei_edition.edition.collect import header_title
from tei_edition.fsutil import within
from tei_edition.issues import Issue, UsageError
from tei_edition.read.xmlparse import display_path
from tei_edition.resources import data_dir


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
    date: str = ""  # the release's date (W3C date: YYYY, YYYY-MM or YYYY-MM-DD), or ''
    base_url: str = ""
    contact_email: str = ""
    oai_gateway: str = ""
    introduction: str = ""
    documents: tuple[str, ...] = ("documents/**/*.xml",)
    registers: str = "registers.xml"
    schema: str = ""  # empty: the schemas each document declares
    pages: tuple[tuple[str, str], ...] = ()  # (Markdown file, title): the site's own pages
    stylesheet: str = ""
    logo: str = ""
    accent: str = ""
    images: str = "images"  # the page images' folder (facsimiles)
    pdf_page_images: bool = False

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
    pages: list[tuple[Path, str]] = field(default_factory=list)  # (Markdown file, title)
    # the paths of its files resolved, each once (those of its documents, as they were found)
    resolved: Resolver = field(default_factory=lambda: Resolver(), repr=False, compare=False)

    def inputs(self) -> list[Path]:
        """Every file the site is made from (documents, register, configuration, the
        editor's pages, stylesheet and logo)."""
        files = list(self.documents) + [p for p, _ in self.pages]
        files += [self.root / f for f in (self.config.stylesheet, self.config.logo) if f]
        if self.registers is not None:
            files.append(self.registers)
        if self.config_file is not None:
            files.append(self.config_file)
        return files

    @property
    def images(self) -> Path | None:
        """The folder of the page images (``sources.images``), where it is one."""
        if not self.config.images:
            return None
        folder = self.root / self.config.images
        return folder if folder.is_dir() and inside(self.root, folder) else None

    def schema_path(self) -> Path | None:
        if not self.config.schema:
            return None
        given = Path(self.config.schema)
        return given if given.is_absolute() else self.root / given


@dataclass(frozen=True)
class Setting:
    """One key of ``edition.toml``: the schema the file is read by, and the source of the
    README's reference of every key (``python -m tei_edition.edition.config README.md``)."""

    section: str
    key: str
    kind: str  # "string", "list of strings", "URL", "date", "path", "glob or list of globs",
    # "CSS colour", "list of pages", "email address", "boolean"
    default: str | tuple[str, ...] | bool
    doc: str
    required: bool = False
    placeholders: tuple[str, ...] = ()  # what `tei-edition new` writes, to be replaced

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "edition",
        "title",
        "string",
        "",
        "The edition's title: on every page, in citations and in the deposit's metadata.",
        required=True,
        placeholders=("A Documentary Edition",),
    ),
    Setting(
        "edition",
        "short_title",
        "string",
        "",
        "A short title for the navigation bar (empty: the title).",
        placeholders=("Edition",),
    ),
    Setting(
        "edition",
        "editors",
        "list of strings",
        (),
        "The editors, in the order they are cited.",
        placeholders=("First Editor", "Second Editor"),
    ),
    Setting(
        "edition",
        "publisher",
        "string",
        "",
        "Who publishes the edition: citations and the deposit's metadata.",
        placeholders=("The publishing institution",),
    ),
    Setting("edition", "licence", "string", "", "The terms of reuse, in every page's footer."),
    Setting("edition", "licence_url", "URL", "", "A link to the licence's text (http or https)."),
    Setting(
        "edition",
        "language",
        "string",
        "en",
        "The language of the site's pages (a BCP 47 tag, e.g. en, de, ru, zh-Hans).",
    ),
    Setting("edition", "version", "string", "0.1", "The edition's version, on every page."),
    Setting(
        "edition",
        "date",
        "date",
        "",
        "The date this version of the edition is published (YYYY-MM-DD, YYYY-MM or YYYY): the "
        "date every citation of its documents gives. Empty: citations give no date (never the "
        "date of a build).",
    ),
    Setting(
        "edition",
        "base_url",
        "URL",
        "",
        "The address the site will be published at (http or https): the pages' stable URLs "
        "(canonical links, citation_public_url, the address in citations) and sitemap.xml. "
        "Empty: none of them is given, and the build writes no sitemap.xml.",
        placeholders=("https://example.org/edition/",),
    ),
    Setting(
        "edition",
        "contact_email",
        "email address",
        "",
        "Whom harvesters write to about the edition's data: the OAI-PMH repository's "
        "adminEmail, the CMIF file's editor and the BEACON files' #CONTACT. Empty: the build "
        "writes no OAI-PMH files (the protocol requires an address).",
    ),
    Setting(
        "edition",
        "oai_gateway",
        "URL",
        "",
        "The base URL of the OAI Static Repository Gateway that serves the edition's "
        "oai/static-repository.xml to harvesters: the repository's baseURL is this address "
        "followed by the file's own without http(s)://, as the OAI's specification asks. "
        "Empty: the baseURL is the file's own address until the edition is registered with a "
        "gateway.",
    ),
    Setting(
        "edition",
        "introduction",
        "string",
        "",
        "The home page's introduction, in Markdown (CommonMark; raw HTML is shown as text).",
        placeholders=("What this edition publishes, from which archives, and how it was made.",),
    ),
    Setting(
        "sources",
        "documents",
        "glob or list of globs",
        ("documents/**/*.xml",),
        "Which files are the edition's documents, relative to the edition folder (no absolute "
        "paths, no .., nothing that leads out through a symbolic link).",
    ),
    Setting(
        "sources",
        "registers",
        "path",
        "registers.xml",
        "The shared register the documents point into (registers.xml#id), inside the "
        "edition folder. Empty: none.",
    ),
    Setting(
        "sources",
        "schema",
        "path",
        "",
        "A schema inside the edition folder that every document is validated against instead "
        "of the schemas it declares. Empty: the schemas each document declares.",
    ),
    Setting(
        "edition",
        "pages",
        "list of pages",
        (),
        "The site's own pages, each a Markdown file inside the edition folder and its title "
        '(`[{file = "about.md", title = "About"}]`): published at pages/NAME.html and listed in '
        "every page's navigation, in this order. Empty: every pages/*.md, titled by its first "
        "heading.",
    ),
    Setting(
        "theme",
        "stylesheet",
        "path",
        "",
        "A CSS file inside the edition folder, copied to theme/edition-theme.css and linked "
        "after the site's own stylesheets on every page. Empty: none.",
    ),
    Setting(
        "sources",
        "images",
        "path",
        "images",
        "The folder of the page images (TIFF, JPEG, PNG, JPEG 2000), inside the edition "
        "folder: an image a document links (graphic/@url, pb/@facs) is looked for beside the "
        "document, then here. The site shows each beside its text from IIIF level-0 tiles "
        "the build writes; the deposit carries them.",
    ),
    Setting(
        "edition",
        "pdf_page_images",
        "boolean",
        False,
        "Put each page's image (of the edition's own images) in the PDF at its page break.",
    ),
    Setting(
        "theme",
        "logo",
        "path",
        "",
        "An image inside the edition folder (.png, .jpg, .jpeg, .gif, .svg or .webp), copied "
        "into theme/ and shown in every page's navigation bar, its alternative text the short "
        "title. Empty: none.",
    ),
    Setting(
        "theme",
        "accent",
        "CSS colour",
        "",
        "The colour of links and accents (a CSS colour: #1c4c80, rgb(28 76 128), teal), "
        "written into theme/edition-colours.css. Empty: the theme's own.",
    ),
)
"""Every key of ``edition.toml``, by table."""

_BY_NAME = {s.name: s for s in SETTINGS}
TABLES = ("edition", "sources", "theme")
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
PAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
"""A page's name (its file's stem), as it stands in its address pages/NAME.html."""
_COLOUR = re.compile(
    r"#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|[a-zA-Z]{3,30}"
    r"|(?:rgb|rgba|hsl|hsla|oklch|oklab|lab|lch)\([0-9a-z.%, /+-]{1,60}\)"
)


def _bad_colour(name: str, value: str) -> str:
    """Why a configured colour is no CSS colour this reads, or ''."""
    if not value or _COLOUR.fullmatch(value):
        return ""
    return (
        f"{name} {value!r} must be a CSS colour: #rgb, #rrggbb, a name (teal) or "
        "rgb(…), hsl(…), oklch(…)"
    )


def _pages(name: str, value: object) -> tuple[tuple[tuple[str, str], ...], str]:
    """The configured pages as (file, title), or why they cannot be."""
    shape = f'{name} must be a list of tables: [{{file = "about.md", title = "About"}}]'
    if not isinstance(value, list):
        return (), shape
    pages: list[tuple[str, str]] = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"file", "title"}:
            return (), shape
        file, title = item["file"], item["title"]
        if not isinstance(file, str) or not isinstance(title, str) or not title.strip():
            return (), f"{name}: each page's file and title are non-empty strings"
        why = _outside_pattern(f"{name} file {file!r}", file)
        if why:
            return (), why
        if not file.endswith(".md") or not PAGE_NAME.fullmatch(Path(file).stem):
            return (), (
                f"{name} file {file!r} must be a Markdown file (.md) named with letters, "
                "digits, - and _ (its name is its address, pages/NAME.html)"
            )
        if any(Path(f).stem == Path(file).stem for f, _ in pages):
            return (), f"{name}: two pages are named {Path(file).stem!r}"
        pages.append((file, " ".join(title.split())))
    return tuple(pages), ""


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _position(text: str, section: str, key: str | None = None) -> tuple[int, int]:
    """The 1-based line and column of ``key`` in ``[section]`` (or of the table's header),
    as far as a reading of the lines can tell; (0, 0) if not found."""
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.match(r"^\[\s*([^\]\s]+)\s*\]", stripped)
        if header:
            current = header.group(1)
            if key is None and current == section:
                return number, line.index("[") + 1
            continue
        if key is not None and current == section:
            found = re.match(rf"^(\s*)[\"']?{re.escape(key)}[\"']?\s*=", line)
            if found:
                return number, len(found.group(1)) + 1
    return 0, 0


def _issue(
    path: Path, text: str, message: str, where: tuple[str, str | None] | None = None
) -> Issue:
    line, column = _position(text, *where) if where else (0, 0)
    return Issue(display_path(path), line, column, rule="config", message=message)


def _problem(path: Path, message: str) -> UsageError:
    return UsageError(Issue(display_path(path), rule="config", message=message))


def _suggest(section: str, key: str) -> str:
    """', did you mean edition.title?' for a key close to a known one, or ''."""
    same = [s.key for s in SETTINGS if s.section == section]
    close = difflib.get_close_matches(key, same, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {section}.{close[0]}?"
    elsewhere = [s for s in SETTINGS if s.key == key]
    if elsewhere:
        return f"; it belongs in [{elsewhere[0].section}]"
    return ""


def read_config(path: Path) -> EditionConfig:
    """Read and check ``edition.toml``; every problem is one issue at its line and column,
    all of them together in one :class:`UsageError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _problem(path, f"cannot be read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        line, column = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        message = _TOML_POSITION.sub("", message)
        raise UsageError(
            Issue(
                display_path(path), line, column, rule="config", message=f"is not TOML: {message}"
            )
        ) from None
    problems: list[Issue] = []
    tables: dict[str, dict[str, object]] = {}
    for section in TABLES:
        table = data.get(section, {})
        if not isinstance(table, dict):
            problems.append(_issue(path, text, f"[{section}] must be a table", (section, None)))
            table = {}
        tables[section] = table
    for name in sorted(set(data) - set(tables)):
        problems.append(
            _issue(path, text, f"unknown table [{name}]: the tables are "
                   "[edition], [sources] and [theme]", (name, None))
        )  # fmt: skip
    for section, table in tables.items():
        for key in sorted(table):
            if f"{section}.{key}" not in _BY_NAME:
                problems.append(
                    _issue(
                        path,
                        text,
                        f"unknown setting {section}.{key}{_suggest(section, key)}",
                        (section, key),
                    )
                )
    values: dict[str, object] = {}
    for setting in SETTINGS:
        table = tables[setting.section]
        if setting.key not in table:
            if setting.required:
                problems.append(
                    _issue(path, text, f"{setting.name} is required", (setting.section, None))
                )
            continue
        value = table[setting.key]
        where = (setting.section, setting.key)
        if setting.kind == "boolean":
            if not isinstance(value, bool):
                problems.append(_issue(path, text, f"{setting.name} must be true or false", where))
                continue
        elif setting.kind in ("string", "URL", "date", "path", "CSS colour", "email address"):
            if not isinstance(value, str):
                problems.append(_issue(path, text, f"{setting.name} must be a string", where))
                continue
            value = value.strip() if setting.kind != "path" else value
            if setting.required and not value:
                problems.append(_issue(path, text, f"{setting.name} is required", where))
        elif setting.kind == "list of pages":
            pages, why = _pages(setting.name, value)
            if why:
                problems.append(_issue(path, text, why, where))
                continue
            value = pages
        else:
            if setting.kind.startswith("glob") and isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                kind = "a glob or a list of globs" if setting.kind.startswith("glob") else (
                    "a list of strings"
                )  # fmt: skip
                problems.append(_issue(path, text, f"{setting.name} must be {kind}", where))
                continue
            value = tuple(value)
        values[setting.key] = value
        why = ""
        if setting.kind == "URL":
            why = _bad_url(setting.name, str(value))
        elif setting.kind == "date":
            why = _bad_date(setting.name, str(value))
        elif setting.kind == "path" and value:
            why = _outside_pattern(f"{setting.name} {value!r}", str(value))
            if not why and setting.key == "logo" and not str(value).lower().endswith(LOGO_TYPES):
                why = f"{setting.name} {value!r} must be an image: {', '.join(LOGO_TYPES)}"
            if not why and setting.key == "stylesheet" and not str(value).endswith(".css"):
                why = f"{setting.name} {value!r} must be a CSS file (.css)"
        elif setting.kind == "CSS colour":
            why = _bad_colour(setting.name, str(value))
        elif setting.kind == "email address" and value:
            if not _EMAIL.fullmatch(str(value)):
                why = f"{setting.name} {value!r} must be an email address (name@host.example)"
        elif setting.kind.startswith("glob"):
            why = "; ".join(
                w
                for w in (_outside_pattern(f"{setting.name} pattern {d!r}", d) for d in value)
                if w
            )
        if why:
            problems.append(_issue(path, text, why, where))
    if problems:
        raise UsageError(sorted(problems, key=lambda i: (i.line, i.column)))
    return EditionConfig(**values)  # type: ignore[arg-type]


def placeholder_issues(path: Path, config: EditionConfig) -> list[Issue]:
    """Values that `tei-edition new` writes for the editor to replace, still in place:
    warnings (errors under ``--strict``), each at its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    found: list[Issue] = []
    for setting in SETTINGS:
        if setting.kind in ("list of pages", "boolean"):
            continue
        value = getattr(config, setting.key)
        values = value if isinstance(value, tuple) else (value,)
        hits = [v for v in values if v and v.strip() in setting.placeholders]
        if setting.kind == "URL":
            hits += [v for v in values if v and _example_host(v) and v not in hits]
        if hits:
            issue = _issue(
                path,
                text,
                f"{setting.name} is still the placeholder {hits[0]!r} that `tei-edition new` "
                "wrote: replace it before publishing",
                (setting.section, setting.key),
            )
            found.append(replace(issue, severity="warning", rule="config-placeholder"))
    return found


def _example_host(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in ("example.org", "example.com", "example.net") or host.endswith(
        (".example.org", ".example.com", ".example.net", ".example")
    )


def reference() -> str:
    """Markdown: every key of ``edition.toml`` with its type, default and effect."""
    rows = ["| key | type | default | what it does |", "|---|---|---|---|"]
    for s in SETTINGS:
        if isinstance(s.default, bool):
            default = f"`{str(s.default).lower()}`"
        elif isinstance(s.default, tuple):
            default = "[" + ", ".join(f'`"{d}"`' for d in s.default) + "]"
        else:
            default = f'`"{s.default}"`' if s.default else "empty"
        if s.required:
            default = "required"
        rows.append(f"| `{s.name}` | {s.kind} | {default} | {s.doc} |")
    return "\n".join(rows) + "\n"


REFERENCE_START = "<!-- config-reference:start -->"
REFERENCE_END = "<!-- config-reference:end -->"


def _outside_pattern(what: str, value: str) -> str:
    """Why a configured path or glob could leave the edition folder, or ''."""
    if not value.strip():
        return f"{what} is empty"
    if value.startswith(("/", "\\", "~")) or (len(value) > 1 and value[1] == ":"):
        return f"{what} is absolute: paths are relative to the edition folder"
    if ".." in value.replace("\\", "/").split("/"):
        return f"{what} leaves the edition folder (..)"
    return ""


def _bad_url(name: str, url: str) -> str:
    """Why a configured address is no web address, or ''."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{name} {url!r} must be an http:// or https:// address (e.g. https://host/path/)"
    if any(c.isspace() or c in '<>"' for c in url):
        return f'{name} {url!r} holds a space or one of < > "'
    return ""


_EMAIL = re.compile(r"[^@\s<>\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
"""An email address as OAI-PMH's adminEmail takes it (local part, @, a dotted host)."""

_W3C_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _bad_date(name: str, value: str) -> str:
    """Why a configured date is no W3C date (YYYY, YYYY-MM, YYYY-MM-DD) of the calendar, or
    ''."""
    if not value:
        return ""
    found = _W3C_DATE.fullmatch(value)
    why = f"{name} {value!r} must be a date: YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2025-03-01)"
    if found is None:
        return why
    year, month, day = (int(g) if g else 0 for g in found.groups())
    if found.group(2) and not 1 <= month <= 12:
        return why
    if found.group(3):
        try:
            datetime.date(year, month, day)
        except ValueError:
            return f"{name} {value!r} is no day of the calendar"
    return ""


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, with every symbolic link resolved, is inside ``root`` (resolved)."""
    return path.resolve().is_relative_to(root.resolve())


class Resolver:
    """``Path.resolve`` for many files of few folders: each folder is resolved once, and
    a file that is no symbolic link is its folder resolved, then its name. Each path is
    resolved once: the edition's documents are looked up many times in a build (its
    folder, its outputs, the names its messages give), each by the path it was found by."""

    def __init__(self) -> None:
        self._folders: dict[Path, Path] = {}
        self._paths: dict[Path, Path] = {}

    def __call__(self, path: Path) -> Path:
        real = self._paths.get(path)
        if real is None:
            if path.name in ("", ".", "..") or path.is_symlink():
                real = path.resolve()
            else:
                real = self._folder(path.parent) / path.name
            self._paths[path] = real
        return real

    def file(self, path: Path) -> Path | None:
        """``path`` resolved if it is a file (or a symbolic link to one), else None: a
        file that is no link is asked about once."""
        if path.name in ("", ".", ".."):
            return self(path) if path.is_file() else None
        try:
            mode = os.lstat(path).st_mode
        except (OSError, ValueError):
            return None
        if stat.S_ISLNK(mode):
            if not path.is_file():
                return None
            real = path.resolve()
        elif stat.S_ISREG(mode):
            real = self._folder(path.parent) / path.name
        else:
            return None
        self._paths[path] = real
        return real

    def _folder(self, folder: Path) -> Path:
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = folder.resolve()
        return real


def bundled_folder() -> Path:
    """The bundled edition's folder."""
    return data_dir("edition")


def load_edition(target: Path | None = None) -> Edition:
    """The edition at ``target``: a folder with ``edition.toml``, or one TEI file.

    Without ``target``: the edition found from the current folder (:func:`targets`).
    """
    if target is None:
        (target,) = targets([])
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
        resolved = Resolver()
        register = resolved(registers) if registers is not None else None
        documents = [  # the register is no document, whatever the globs say
            d
            for d in _documents(target, config.documents, config_file, resolved)
            if register is None or resolved(d) != register
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
        pages = _edition_files(target, config, config_file)
        return Edition(target, config, documents, registers, config_file, pages, resolved)
    if target.is_file():
        return single_file_edition(target)
    raise UsageError(Issue(display_path(target), rule="io", message="no such file or folder"))


def _edition_files(root: Path, config: EditionConfig, config_file: Path) -> list[tuple[Path, str]]:
    """The editor's pages as (file, title), once their files, the stylesheet and the logo
    are found inside the edition folder (each problem at its key's line)."""
    text = config_file.read_text(encoding="utf-8")
    problems: list[Issue] = []
    given = [("theme", "stylesheet", config.stylesheet), ("theme", "logo", config.logo)]
    given += [("edition", "pages", f) for f, _ in config.pages]
    for section, key, rel in given:
        if not rel:
            continue
        path = root / rel
        if not path.is_file():
            why = f"{section}.{key}: {rel} does not exist"
        elif not inside(root, path):
            why = f"{section}.{key} {rel!r} leads outside the edition folder (to {path.resolve()})"
        else:
            continue
        problems.append(_issue(config_file, text, why, (section, key)))
    if problems:
        raise UsageError(problems)
    if config.pages:
        return [(root / f, title) for f, title in config.pages]
    found = []
    for path in sorted((root / "pages").glob("*.md")):
        if path.is_file() and inside(root, path) and PAGE_NAME.fullmatch(path.stem):
            heading = next(
                (line[2:].strip() for line in path.read_text(encoding="utf-8").splitlines()
                 if line.startswith("# ")),
                "",
            )  # fmt: skip
            found.append((path, heading or path.stem.replace("-", " ").capitalize()))
    return found


def _path_order(path: Path) -> tuple[str, ...]:
    """The order of ``sorted(paths)``, by a key: quicker for the many files of an edition."""
    return path.parts


def _documents(
    root: Path, patterns: tuple[str, ...], config_file: Path, resolved: Resolver
) -> list[Path]:
    """The files the patterns match, each of them inside the edition folder once every
    symbolic link is resolved (one that leads out is refused, naming it)."""
    found: dict[Path, None] = {}
    top = root.resolve()
    leaving: list[Issue] = []
    for pattern in patterns:
        try:
            matches = sorted(root.glob(pattern), key=_path_order)
        except (ValueError, NotImplementedError) as exc:
            raise _problem(config_file, f"sources.documents pattern {pattern!r}: {exc}") from None
        for path in matches:
            real = resolved.file(path) if path.suffix == ".xml" else None
            if real is not None:
                if not within(real, top):
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
