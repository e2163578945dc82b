"""How a document of the edition is cited: one :class:`Citation`, made from the edition's
configuration and the document's header, written as the page's citation (site.xsl renders
its parts), as BibTeX, as RIS and as CSL-JSON.

The style is Chicago's notes-bibliography, as documentary editions (FRUS, the Wilson
Center Digital Archive) cite a document in a published collection::

    Joseph Stalin. “Ciphered Telegram No. 0100, Stalin to Terebin,” January 6, 1949.
    In <i>Anastas Mikoyan's Mission to Xibaipo</i>, edited by A and B. Publisher,
    December 1, 2026. https://…/documents/….html

The authors as the header names them (a name is never split into given and family
names, which the header does not tell: "Mao Zedong" is no "Zedong, Mao"), the document's
title in quotation marks, its own date, the edition's title in italics,
its editors (an editor who is also the publisher is named once, as the publisher), the
publisher, the date of the edition's release (``edition.date`` of ``edition.toml``: never
the date of a build or of a file) and the page's stable address where the edition has
one (``edition.base_url``). The downloads say the same: a document in an edited
collection (BibTeX ``@incollection``, RIS ``CHAP``, CSL ``chapter``), dated by the
edition's release, the document's own date beside it (biblatex ``origdate``, CSL
``original-date``), as the ``citation_*`` meta tags do (``citation_date`` is the
edition's date, as Zotero takes it for the item's date).

The page's citation speaks the edition's language (``edition.language``): the style stays
Chicago's, its connecting words ("In", "edited by", "and") and its dates in words come from
the message catalogs (``cite.*``, ``list.*``, ``date.*`` of transforms/messages/). The
downloads are data, the same in every language.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import partial

from tei_edition import messages

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


_ISO_DATE = re.compile(r"(-?)(\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?")
"""An ISO date, month or year, before the common era with a leading '-' ('-0497')."""


def date_words(iso: str, language: str = messages.ENGLISH) -> str:
    """``2026-12-01`` → ``December 1, 2026`` (``2026-12`` → ``December 2026``), in
    ``language``'s words and order (``1. Dezember 2026``); a year as a historian writes
    it (``0401`` → ``401``, ``-0497`` → ``497 BCE``, as te:date-one in common.xsl); anything
    else as it is."""
    found = _ISO_DATE.fullmatch(iso)
    if not found:
        return iso
    bce, year, month, day = found.groups()
    say = partial(messages.message, language)
    words = str(int(year))
    if month is not None:
        if not 1 <= int(month) <= 12:
            return iso
        if day is None:
            pattern, name = say("date.month-year"), say(f"date.month-alone.{int(month)}")
        else:
            pattern, name = say("cite.date"), say(f"date.month.{int(month)}")
        words = _fill(pattern, {"M": name, "D": str(int(day)) if day else "", "Y": words})
    return _fill(say("date.bce"), {"DATE": words}) if bce else words


def _fill(pattern: str, values: dict[str, str]) -> str:
    """A catalog's pattern with its ``{NAME}`` placeholders filled, in one pass."""
    return re.sub(r"\{([A-Za-z-]+)\}", lambda m: values.get(m.group(1), ""), pattern)


def _date_parts(iso: str) -> list[int]:
    return [int(p) for p in iso.split("-")] if re.fullmatch(r"\d{4}(-\d{2}){0,2}", iso) else []


def _the(name: str) -> str:
    """A name as it stands mid-sentence: a leading "The" in lower case (Chicago 8.67)."""
    return "the" + name[3:] if name.startswith("The ") else name


def _and(names: list[str], language: str = messages.ENGLISH) -> str:
    """``A and B``, ``A, B, and C`` (the serial comma of Chicago), in ``language``."""
    if len(names) <= 2:
        return messages.message(language, "list.and").join(names)
    comma = messages.message(language, "list.comma")
    return comma.join(names[:-1]) + messages.message(language, "list.serial-and") + names[-1]


def _end(text: str, mark: str = ".") -> str:
    """``text`` ending in ``mark``, unless it already ends in a full stop or ? or !."""
    return text if text.endswith((".", "?", "!")) else text + mark


@dataclass(frozen=True)
class Citation:
    """What a citation of one document says."""

    key: str  # the document's slug: BibTeX key, CSL id
    title: str
    authors: tuple[str, ...]
    doc_date: str  # the document's own date, ISO, or ''
    doc_date_label: str  # as words, as the header gives it
    edition: str
    editors: tuple[str, ...]
    publisher: str
    date: str  # the edition's release (edition.toml's date), W3C date, or ''
    url: str  # the page's stable address, or ''
    language: str = messages.ENGLISH  # the edition's: the citation's words (not its data)

    @property
    def cited_editors(self) -> list[str]:
        """The editors the citation names: those who are not the publisher (named once)."""
        return [e for e in self.editors if e and e != self.publisher]

    def parts(self) -> list[tuple[str, str]]:
        """The citation as (kind, words): ``text``, ``edition`` (the title set in italics)
        and ``url``, in order; their words joined are the plain text."""
        lang = self.language
        say = partial(messages.message, lang)
        english = messages.catalog_language(lang) == messages.ENGLISH
        head = []
        if self.authors:
            head.append(_end(_and(list(self.authors), lang)) + " ")
        # the document's date in the citation's style (September 4, 1958); the header's
        # words where it gives no date of the calendar
        doc_date = date_words(self.doc_date, lang) if _ISO_DATE.fullmatch(self.doc_date) else ""
        label = doc_date or self.doc_date_label
        quoted = f"“{_end(self.title, ',')}”" if label else f"“{_end(self.title)}”"
        head.append(quoted + (f" {_end(label)}" if label else "") + f" {say('cite.in')} ")
        out: list[tuple[str, str]] = [("text", "".join(head)), ("edition", self.edition)]
        tail = ""
        editors = self.cited_editors
        if editors:
            named = [_the(e) for e in editors] if english else list(editors)
            tail += _fill(say("cite.edited-by"), {"names": _and(named, lang)})
        tail += "."
        issued = ", ".join(p for p in (self.publisher, date_words(self.date, lang)) if p)
        if issued:
            tail += " " + _end(issued)
        out.append(("text", tail))
        if self.url:
            out.append(("text", " "))
            out.append(("url", self.url))
        return out

    def text(self) -> str:
        return "".join(words for _, words in self.parts())

    # ------------------------------------------------------------------ downloads

    def bibtex(self) -> str:
        """A BibTeX (and biblatex) entry: ``@incollection``."""
        fields: list[tuple[str, str]] = [("title", _bib(self.title))]
        if self.authors:
            fields.append(("author", " and ".join(_bib_name(a) for a in self.authors)))
        fields.append(("booktitle", _bib(self.edition)))
        if self.cited_editors:
            fields.append(("editor", " and ".join(_bib_name(e) for e in self.cited_editors)))
        if self.publisher:
            fields.append(("publisher", _bib_name(self.publisher)))
        parts = _date_parts(self.date)
        if parts:
            fields.append(("year", str(parts[0])))
            if len(parts) > 1:
                fields.append(("month", MONTHS[parts[1] - 1][:3].lower()))
            fields.append(("date", self.date))
        if _date_parts(self.doc_date):
            fields.append(("origdate", self.doc_date))
        if self.url:
            fields.append(("url", _bib_url(self.url)))
        body = ",\n".join(
            f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
            for name, value in fields
        )
        return f"@incollection{{{_bib_key(self.key)},\n{body}\n}}\n"

    def ris(self) -> str:
        """A RIS record: a book section (``CHAP``)."""
        lines = [("TY", "CHAP"), ("TI", self.title)]
        lines += [("AU", _ris_name(a)) for a in self.authors]
        lines.append(("T2", self.edition))
        lines += [("A2", _ris_name(e)) for e in self.cited_editors]
        if self.publisher:
            lines.append(("PB", self.publisher))
        parts = _date_parts(self.date)
        if parts:
            lines.append(("PY", str(parts[0])))
            # YYYY/MM/DD/ (RIS's form; a part the date lacks left empty: 2026///)
            lines.append(("DA", "/".join(f"{p:02d}" for p in parts) + "/" * (4 - len(parts))))
        if self.url:
            lines.append(("UR", self.url))
        lines.append(("ER", ""))
        # one line each: a tag, two spaces, a hyphen and a space (RIS has no escapes)
        return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)

    def csl(self) -> dict[str, object]:
        """A CSL-JSON item: a ``chapter`` of the edition."""
        item: dict[str, object] = {"id": self.key, "type": "chapter", "title": self.title}
        if self.authors:
            item["author"] = [_csl_name(a) for a in self.authors]
        item["container-title"] = self.edition
        if self.cited_editors:
            item["editor"] = [_csl_name(e) for e in self.cited_editors]
        if self.publisher:
            item["publisher"] = self.publisher
        if _date_parts(self.date):
            item["issued"] = {"date-parts": [_date_parts(self.date)]}
        if _date_parts(self.doc_date):
            item["original-date"] = {"date-parts": [_date_parts(self.doc_date)]}
        if self.url:
            item["URL"] = self.url
        return item

    def csl_json(self) -> str:
        return json.dumps([self.csl()], ensure_ascii=False, indent=1) + "\n"


def _one_line(value: str) -> str:
    return " ".join(value.split())


_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def _bib(value: str) -> str:
    """A field's words for BibTeX: TeX's special characters escaped (the file is UTF-8,
    as biblatex and Zotero read it), capitals kept as they are (in braces)."""
    text = "".join(_BIB_SPECIAL.get(c, c) for c in _one_line(value))
    return "{" + text + "}" if text else text


def _bib_name(name: str) -> str:
    """A name for an author or editor list, in braces: BibTeX neither splits nor inverts
    it (the header does not tell given from family names)."""
    return "{" + "".join(_BIB_SPECIAL.get(c, c) for c in _one_line(name)) + "}"


def _bib_url(url: str) -> str:
    """An address for biblatex's verbatim ``url`` field: as it is, but for braces, which
    would end the field (percent-encoded, the same address)."""
    return url.replace("{", "%7B").replace("}", "%7D")


def _bib_key(slug: str) -> str:
    """A BibTeX key made of the slug's letters, digits and ``-_:.``."""
    plain = unicodedata.normalize("NFKD", slug).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9_:.-]+", "-", plain).strip("-") or "document"


def _ris_name(name: str) -> str:
    return _one_line(name)


def _csl_name(name: str) -> dict[str, str]:
    return {"literal": _one_line(name)}
