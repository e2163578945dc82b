"""What the site is made of: each document's metadata, pointers and mentions, and the
register's entries, read once with lxml.

Pointers into the shared register have the form ``registers.xml#id`` (the register's
file name as ``edition.toml`` gives it; the same path relative to the document is
accepted too); ``#id`` points into the same document. Web addresses in ``@ref`` are
authority links, not pointers, and are not checked.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from tei_edition.read.xmlparse import (
    display_path,
    parse,
    parse_bytes,
    read_bytes,
    refuse_external_doctype,
    require_tei,
)

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Elements whose @ref the HTML export renders as a link with an id (te:link in html.xsl).
NAME_ELEMENTS = {"persName", "placeName", "orgName", "name", "rs", "geogName"}
# Register kinds: entry element -> kind, and the page each kind has.
ENTRY_KINDS = {
    "person": "person",
    "personGrp": "person",
    "place": "place",
    "org": "org",
    "bibl": "bibl",
    "biblStruct": "bibl",
}
KIND_LABELS = {
    "person": "Persons",
    "place": "Places",
    "org": "Organisations",
    "bibl": "Bibliography",
}
_LISTS = {"person": "listPerson", "place": "listPlace", "org": "listOrg", "bibl": "listBibl"}


_i = sys.intern
"""The strings many documents share (a register's file name and ids, element names, the
words of a name) held once, however many documents point to them."""


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


@dataclass(frozen=True, slots=True)
class Pointer:
    """One pointer of a document: ``#id`` (same document) or ``FILE#id``, and the local
    name of the element whose ``@ref`` holds it (``persName``)."""

    value: str
    line: int
    column: int
    file_part: str
    fragment: str
    element: str = ""


class Mention(NamedTuple):
    """One mention of a register entry, as the document page's anchor names it. A tuple:
    a document's record gives back every mention of the edition in a rebuild, and a tuple
    is made in a third of the time of a frozen dataclass."""

    entry: str
    anchor: str
    words: str
    where: str = ""  # '¶12', 'note', 'heading' or '': where in the document
    cert: str = ""  # the pointing element's @cert ('medium', 'low' …), if any


_mention = partial(tuple.__new__, Mention)
"""A :class:`Mention` from a tuple of its five fields, made without the class's Python
constructor: a rebuild in a process of its own makes every mention of the edition from the
records, and this takes half the time."""


@dataclass
class Entry:
    """One register entry (of the shared register, or of a document's own standOff)."""

    id: str
    kind: str
    name: str
    sort_key: str
    description: str
    forms: list[str]
    authorities: list[tuple[str, str]]
    file: Path
    line: int
    local_to: str = ""  # the slug of the document whose standOff holds it, if any
    element: str = ""  # the entry's TEI element, serialized: what the site's pages read


@dataclass(frozen=True, slots=True)
class Dated:
    """One date of a document's text: an event the document dates, for the chronology."""

    when: str  # ISO: @when, else @notBefore, @from or @notAfter
    label: str  # the date as the text gives it
    sentence: str  # the sentence it is in, trimmed to a readable length
    anchor: str = ""  # the paragraph's id on the document page ('p3'), or ''


@dataclass
class Document:
    """One document of the edition, as the site lists it."""

    path: Path
    slug: str
    title: str
    date: str  # ISO (YYYY, YYYY-MM or YYYY-MM-DD), or ''
    date_label: str
    kind: str
    summary: str
    authors: list[str]
    language: str
    digest: str
    ids: dict[str, int] = field(default_factory=dict)  # xml:id -> line
    duplicate_ids: list[tuple[str, int]] = field(default_factory=list)
    pointers: list[Pointer] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    local_entries: list[Entry] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (other.xml, fragment)
    dates: list[Dated] = field(default_factory=list)
    date_to: str = ""  # ISO: the end of a range (@notAfter, @to) that date begins, or ''
    # each correspDesc of the header: its line, and it serialized (site/harvest.py's CMIF
    # file is made from them without reading the documents again)
    letters: list[tuple[int, str]] = field(default_factory=list)

    @property
    def year(self) -> str:
        """The ISO year of the date ('1904', '0401', '-0044' for 44 BCE), or ''."""
        m = re.match(r"-?\d{4}", self.date)
        return m.group(0) if m else ""

    def sort_key(self) -> tuple[str, str, str]:
        # years before the common era sort before the others, the earliest first
        if self.date.startswith("-"):
            year = self.year
            key = f"-{9999 - int(year[1:]):04d}{self.date[len(year) :]}"
        else:
            key = self.date or "9999"
        return (key, self.title.lower(), self.slug)


def header_title(path: Path) -> str:
    try:
        root = parse(path).getroot()
    except Exception:
        return ""
    return _title(root)


def _title(root: etree._Element) -> str:
    for xpath in (
        "t:teiHeader/t:fileDesc/t:titleStmt/t:title[@type='main']",
        "t:teiHeader/t:fileDesc/t:titleStmt/t:title",
    ):
        found = root.xpath(xpath, namespaces=NS)
        if found and _text(found[0]):
            return _text(found[0])
    return ""


_NAME_PARTS = ("roleName", "forename", "nameLink", "surname", "genName", "addName")
_SPACED = {*_NAME_PARTS, "persName", "orgName", "name", "title", "author", "date", "placeName"}
_NOT_NAME = {"note", "ptr", "idno"}


def person_words(el: etree._Element) -> str:
    """A person's (or body's) name as words, as te:person-words in common.xsl gives it: of
    several names in several languages or forms the first ('Σοφοκλῆς', not 'Σοφοκλῆς
    Sophocles Sophocles'), a forename before its surname, identifiers and notes left out."""
    own_text = bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)
    names = [c for c in el if _local(c) in ("persName", "name", "orgName")]
    if names and any(n.get("type") or n.get(XML_LANG) for n in names):
        names = names[:1]
    if names and not own_text:
        return "; ".join(w for w in map(person_words, names) if w)
    parts = [c for c in el if _local(c) in _NAME_PARTS]
    if parts and not own_text:
        ordered = [c for kind in _NAME_PARTS for c in parts if _local(c) == kind]
        return " ".join(w for w in map(_text, ordered) if w)
    words: list[str] = []

    def walk(e: etree._Element) -> None:
        words.append(e.text or "")
        for c in e:
            if not isinstance(c.tag, str) or _local(c) in _NOT_NAME:
                words.append(" ")
            else:
                spaced = _local(c) in _SPACED
                words.append(" " if spaced else "")
                walk(c)
                words.append(" " if spaced else "")
            words.append(c.tail or "")

    walk(el)
    return " ".join("".join(words).split())


def _first(root: etree._Element, *xpaths: str) -> etree._Element | None:
    for xpath in xpaths:
        found = root.xpath(xpath, namespaces=NS)
        if found:
            return found[0]
    return None


_ISO = re.compile(r"^-?\d{4}(-\d{2}(-\d{2})?)?")

_DATED = "[@when or @notBefore or @from or @notAfter or @to]"
_DATED_CUSTOM = (
    "[@when or @notBefore or @from or @notAfter or @to"
    " or @when-custom or @notBefore-custom or @notAfter-custom]"
)
# a date of the source itself: not when it was seen or acquired, nor a digital copy's release
_OF_SOURCE = (
    "[not(ancestor::t:provenance or ancestor::t:acquisition"
    " or ancestor::t:bibl[contains(@type, 'digital')]"
    " or ancestor::t:biblStruct[contains(@type, 'digital')])]"
)


def _date(root: etree._Element) -> tuple[str, str, str]:
    """The document's date: ISO start (years before 1000 and before the common era as
    ISO writes them, '0401', '-0044'), the words the header gives it, and the ISO end of a
    range ('' for one day, month or year). Read from its creation, its correspondence,
    the events of its standOff (a play's printing, first performance, writing), the origin
    of the manuscript or inscription it transcribes (origDate, also in a dating method's
    own attributes, ISO-written), then its source's print date and other dates of the
    source (not those of its provenance or of a digital copy)."""
    source = "t:teiHeader/t:fileDesc/t:sourceDesc"
    el = _first(
        root,
        f"t:teiHeader/t:profileDesc/t:creation//t:date{_DATED}",
        f"t:teiHeader/t:profileDesc/t:correspDesc//t:date{_DATED}",
        f"t:standOff/t:listEvent//t:event[@type='print']{_DATED}",
        f"t:standOff/t:listEvent//t:event[@type='premiere']{_DATED}",
        f"t:standOff/t:listEvent//t:event[@type='written']{_DATED}",
        f"t:standOff/t:listEvent//t:event{_DATED}",
        f"{source}//t:origDate{_DATED_CUSTOM}",
        f"{source}//t:date[@type='print']{_DATED}",
        f"{source}//t:date[@type='print']",
        f"{source}//t:date{_DATED}{_OF_SOURCE}",
        f"{source}//t:origDate[normalize-space()]",
    )
    if el is None:
        return "", "", ""

    def iso(*names: str) -> str:
        for name in names:
            m = _ISO.match((el.get(name) or el.get(f"{name}-custom") or "").strip())
            if m:
                return m.group(0)
        return ""

    start = iso("when", "notBefore", "from")
    end = iso("notAfter", "to") if not (el.get("when") or el.get("when-custom")) else ""
    if not start and end:
        start, end = end, ""
    if not start and not any(
        el.get(a) or el.get(f"{a}-custom") for a in ("when", "notBefore", "from", "notAfter", "to")
    ):
        m = _ISO.match(_text(el))  # a print date given as words only: '1904'
        start = m.group(0) if m else ""
    label = _text(el) if _local(el) in ("date", "origDate") else ""
    return start, label, end if end != start else ""


_KIND_FROM_TITLE = re.compile(r"^([A-Z][\w’' -]{1,40}?),\s")


def _kind(root: etree._Element, title: str) -> str:
    el = _first(
        root,
        "t:teiHeader/t:profileDesc/t:textClass//t:term[@type='kind']",
        "t:teiHeader/t:profileDesc/t:textClass//t:term[@type='genre']",
    )
    if el is not None and _text(el):
        return _text(el)
    text = root.find(f"{{{TEI}}}text")
    if text is not None and text.get("type"):
        return text.get("type", "")
    # 'Letter, Lovelace to Babbage'; not a manuscript's or an inscription's shelfmark,
    # which begins with its town ('Berlin, Staatsbibliothek, …')
    described = root.find(
        f"{{{TEI}}}teiHeader/{{{TEI}}}fileDesc/{{{TEI}}}sourceDesc/{{{TEI}}}msDesc"
    )
    m = _KIND_FROM_TITLE.match(title)
    if m and len(m.group(1).split()) <= 3 and described is None:
        return m.group(1)
    # a correspondence's sender and addressee make it a letter; speeches, a play
    if root.find(f"{{{TEI}}}teiHeader/{{{TEI}}}profileDesc/{{{TEI}}}correspDesc") is not None:
        return "letter"
    if root.find(f"{{{TEI}}}text//{{{TEI}}}sp") is not None:
        return "play"
    return "document"


def _summary(root: etree._Element) -> str:
    el = _first(
        root,
        "t:teiHeader/t:profileDesc/t:abstract",
        "t:teiHeader/t:fileDesc/t:sourceDesc//t:msContents/t:summary",
        "t:teiHeader/t:fileDesc/t:sourceDesc//t:note[@type='summary']",
    )
    return _text(el)


def split_pointer(value: str) -> tuple[str, str]:
    file_part, _, fragment = value.partition("#")
    return file_part, fragment


def is_web_address(value: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value))


def entry_of(el: etree._Element, file: Path, local_to: str = "") -> Entry | None:
    kind = ENTRY_KINDS.get(_local(el))
    ident = el.get(XML_ID)
    if kind is None or not ident:
        return None
    names = [
        c
        for c in el
        if _local(c) in ("persName", "placeName", "orgName", "name", "title", "geogName")
    ]
    name = _text(names[0]) if names else ""
    if kind == "bibl" and not name:
        name = _text(el)
    forms = list(dict.fromkeys(_text(n) for n in names[1:] if _text(n) and _text(n) != name))
    desc_el = _first(el, "t:note", "t:occupation", "t:desc", "t:roleName")
    authorities = []
    for idno in el.findall(f"{{{TEI}}}idno"):
        value = _text(idno)
        if re.match(r"^https?://", value):
            authorities.append((idno.get("type") or "authority record", value))
    for attr in ("ref", "sameAs"):
        for token in (el.get(attr) or "").split():
            if re.match(r"^https?://", token):
                authorities.append(("authority record", token))
    return Entry(
        id=ident,
        kind=kind,
        name=name or ident,
        sort_key=(el.get("sortKey") or name or ident).lower(),
        description=_text(desc_el) if kind != "bibl" else "",
        forms=forms,
        authorities=authorities,
        file=file,
        line=el.sourceline or 0,
        local_to=local_to,
        element=_entry_element(el),
    )


def _entry_element(el: etree._Element) -> str:
    """An entry's element, serialized, without the entries nested in it (a place within a
    place, an organisation's departments): each of those is an entry of its own, with its
    own page, and a copy inside its parent would give its xml:id twice."""
    nested = [
        d for d in el.iterdescendants() if _local(d) in ENTRY_KINDS and d.get(XML_ID) is not None
    ]
    if not nested:
        return etree.tostring(el, encoding="unicode", with_tail=False)
    copy = deepcopy(el)
    for d in [
        d for d in copy.iterdescendants() if _local(d) in ENTRY_KINDS and d.get(XML_ID) is not None
    ]:
        parent = d.getparent()
        if parent is not None:
            before = d.getprevious()
            if d.tail:  # the words after it stay where they were
                if before is not None:
                    before.tail = (before.tail or "") + d.tail
                else:
                    parent.text = (parent.text or "") + d.tail
            parent.remove(d)
    return etree.tostring(copy, encoding="unicode", with_tail=False)


def register_entries(root: etree._Element, file: Path, local_to: str = "") -> list[Entry]:
    """The entries of a register's listPerson, listPlace, listOrg and listBibl, each once
    (a list may hold lists, and an entry entries: a listOrg within an org)."""
    entries: list[Entry] = []
    for kind, list_name in _LISTS.items():
        seen: set[etree._Element] = set()
        for lst in root.iter(f"{{{TEI}}}{list_name}"):
            for el in lst.iter():
                if ENTRY_KINDS.get(_local(el)) == kind and el not in seen:
                    seen.add(el)
                    entry = entry_of(el, file, local_to)
                    if entry is not None:
                        entries.append(entry)
    return entries


def _mentions(root: etree._Element) -> list[Mention]:
    """The anchors the HTML export gives the names of the text: m-<id>-<n>, where n counts
    the elements with @ref whose first pointer names the same id (te:mention-id in
    common.xsl), with -d for a name inside the source-only part of a choice."""
    counts: Counter[str] = Counter()
    found: list[Mention] = []
    paragraphs: dict[etree._Element, int] = {}
    for body in root.iter(f"{{{TEI}}}body"):
        for p in body.iter(f"{{{TEI}}}p"):
            if not any(_local(a) == "note" for a in p.iterancestors()):
                paragraphs[p] = len(paragraphs) + 1
    for text in root.iter(f"{{{TEI}}}text"):
        if any(_local(a) == "text" for a in text.iterancestors()):
            continue
        for el in text.iter():
            if not isinstance(el.tag, str) or el.get("ref") is None:
                continue
            tokens = el.get("ref", "").split()
            ident = split_pointer(tokens[0])[1] if tokens else ""
            counts[ident] += 1
            if _local(el) not in NAME_ELEMENTS or not ident:
                continue
            source_only = any(
                _local(a) in ("sic", "abbr", "orig")
                and a.getparent() is not None
                and _local(a.getparent()) == "choice"
                for a in el.iterancestors()
            )
            anchor = f"m-{ident}-{counts[ident]}" + ("-d" if source_only else "")
            words = _text(el)
            where = ""
            for a in el.iterancestors():
                if _local(a) == "note":
                    where = "note"
                    break
                if a in paragraphs:
                    where = f"¶{paragraphs[a]}"
                    break
                if _local(a) == "head":
                    where = "heading"
                    break
            for token in tokens:
                fragment = split_pointer(token)[1]
                if fragment and not is_web_address(token):
                    found.append(
                        Mention(
                            _i(fragment), anchor, _i(words), _i(where), _i(el.get("cert") or "")
                        )
                    )
    return found


SENTENCE_LENGTH = 240
"""How much of a sentence the chronology shows around a date (characters)."""
_BLOCKS = {"p", "s", "ab", "head", "dateline", "item", "opener", "closer", "seg", "l"}
_SKIPPED = {"note", "sic", "abbr", "orig"}  # not read in a sentence (the reading's words are)


def _flatten(el: etree._Element, target: etree._Element, out: list[str]) -> None:
    """The words of ``el`` as the reading text has them, the target date between \x00
    and \x01."""
    if el is target:
        out.append("\x00")
    if el.text:
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and not (
            _local(child) in _SKIPPED
            and (_local(child) == "note" or _local(child.getparent()) == "choice")
        ):
            _flatten(child, target, out)
        if child.tail:
            out.append(child.tail)
    if el is target:
        out.append("\x01")


def _sentence(block: etree._Element, date: etree._Element) -> str:
    """The sentence of ``block`` that holds ``date``, trimmed to a readable length."""
    parts: list[str] = []
    _flatten(block, date, parts)
    text = " ".join("".join(parts).split())
    start, end = text.find("\x00"), text.find("\x01")
    if start < 0 or end < 0:
        return " ".join(text.replace("\x00", "").replace("\x01", "").split())
    begins = [m.end() for m in re.finditer(r"[.!?]\s+(?=[\"“‘(]?[A-Z])", text[:start])]
    first = begins[-1] if begins else 0
    stop = re.search(r"[.!?](?=\s|$)", text[end:])
    last = end + stop.end() if stop else len(text)
    sentence = text[first:last]
    if len(sentence) > SENTENCE_LENGTH:
        at = sentence.find("\x00")
        left = max(0, at - SENTENCE_LENGTH // 2)
        right = left + SENTENCE_LENGTH
        cut = sentence[left:right]
        if left > 0:
            cut = "… " + cut.split(" ", 1)[-1]
        if right < len(sentence):
            cut = cut.rsplit(" ", 1)[0] + " …"
        sentence = cut
    sentence = " ".join(sentence.replace("\x00", "").replace("\x01", "").split())
    return re.sub(r"\s+([,;:])", r"\1", sentence)


def _dates(root: etree._Element) -> list[Dated]:
    """The dates of the text (not of its notes), in document order, each with its
    sentence and the paragraph it is in."""
    paragraphs: dict[etree._Element, int] = {}
    for body in root.iter(f"{{{TEI}}}body"):
        for p in body.iter(f"{{{TEI}}}p"):
            if not any(_local(a) == "note" for a in p.iterancestors()):
                paragraphs[p] = len(paragraphs) + 1
    found: list[Dated] = []
    for text in root.iter(f"{{{TEI}}}text"):
        if any(_local(a) == "text" for a in text.iterancestors()):
            continue
        for date in text.iter(f"{{{TEI}}}date"):
            raw = next(
                (date.get(a) for a in ("when", "notBefore", "from", "notAfter") if date.get(a)),
                "",
            )
            m = _ISO.match(raw.strip())
            if not m or any(_local(a) == "note" for a in date.iterancestors()):
                continue
            block = next((a for a in date.iterancestors() if _local(a) in _BLOCKS), None)
            para = next((paragraphs[a] for a in date.iterancestors() if a in paragraphs), 0)
            found.append(
                Dated(
                    m.group(0),
                    _text(date) or m.group(0),
                    _sentence(block, date) if block is not None else _text(date),
                    f"p{para}" if para else "",
                )
            )
    return found


_DOCUMENT_LINK = re.compile(r"^(?:[\w-][\w.-]*/)*([\w.-]+\.xml)(?:#([\w.-]+))?$")
"""A link to another document: its name (after the edition's folders) and fragment."""


def read_document(path: Path) -> Document:
    """Read one document's metadata, ids, pointers, mentions and own register."""
    raw = path.read_bytes()
    tree = parse(path)
    require_tei(tree, display_path(path))  # a fragment (an XInclude's target) is no document
    root = tree.getroot()
    slug = path.stem
    title = _title(root) or slug
    date, date_label, date_to = _date(root)
    authors = [
        person_words(a)
        for a in root.xpath("t:teiHeader/t:fileDesc/t:titleStmt/t:author", namespaces=NS)
    ]
    doc = Document(
        path=path,
        slug=slug,
        title=title,
        date=date,
        date_label=date_label or date,
        date_to=date_to,
        kind=_kind(root, title),
        summary=_summary(root),
        authors=[a for a in authors if a],
        language=root.get("{http://www.w3.org/XML/1998/namespace}lang") or "",
        digest=hashlib.sha256(raw).hexdigest(),
    )
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        ident = el.get(XML_ID)
        if ident:
            if ident in doc.ids:
                doc.duplicate_ids.append((ident, el.sourceline or 0))
            else:
                doc.ids[ident] = el.sourceline or 0
        for token in (el.get("ref") or "").split():
            if is_web_address(token) or "#" not in token:
                continue
            file_part, fragment = split_pointer(token)
            doc.pointers.append(
                Pointer(
                    _i(token), el.sourceline or 0, 1, _i(file_part), _i(fragment), _i(_local(el))
                )
            )
        if el.tag in (f"{{{TEI}}}ref", f"{{{TEI}}}ptr"):
            # a pointer to another document of the folder (other.xml, other.xml#p3)
            m = _DOCUMENT_LINK.match((el.get("target") or "").strip())
            if m and (m.group(1), m.group(2) or "") not in doc.links:
                doc.links.append((m.group(1), m.group(2) or ""))
    doc.mentions = _mentions(root)
    doc.dates = _dates(root)
    doc.letters = [
        (desc.sourceline or 0, etree.tostring(desc, encoding="unicode", with_tail=False))
        for desc in root.iterfind(f"{{{TEI}}}teiHeader/{{{TEI}}}profileDesc/{{{TEI}}}correspDesc")
    ]
    doc.local_entries = [
        e for so in root.iter(f"{{{TEI}}}standOff") for e in register_entries(so, path, slug)
    ]
    return doc


def document_record(doc: Document) -> list[object]:
    """``doc`` as a list of JSON values (its path left out): what a rebuild reads back
    with :func:`document_from_record` instead of reading the document again."""
    return [
        doc.slug,
        doc.title,
        doc.date,
        doc.date_label,
        doc.kind,
        doc.summary,
        doc.authors,
        doc.language,
        doc.digest,
        doc.ids,
        doc.duplicate_ids,
        [[p.value, p.line, p.column, p.file_part, p.fragment, p.element] for p in doc.pointers],
        [[m.entry, m.anchor, m.words, m.where, m.cert] for m in doc.mentions],
        [
            [
                e.id,
                e.kind,
                e.name,
                e.sort_key,
                e.description,
                e.forms,
                e.authorities,
                e.line,
                e.element,
            ]
            for e in doc.local_entries
        ],
        doc.links,
        [[d.when, d.label, d.sentence, d.anchor] for d in doc.dates],
        doc.date_to,
        [[line, xml] for line, xml in doc.letters],
    ]


def document_from_record(path: Path, record: list) -> Document:  # type: ignore[type-arg]
    """The document at ``path`` from its :func:`document_record`. Raises ``ValueError``
    (or ``TypeError``) when ``record`` is not one."""
    if not isinstance(record, list):
        raise ValueError("not a record")
    (
        slug,
        title,
        date,
        date_label,
        kind,
        summary,
        authors,
        language,
        digest,
        ids,
        duplicates,
        pointers,
        mentions,
        entries,
        links,
        dates,
        date_to,
        letters,
    ) = record
    if not isinstance(ids, dict) or not all(isinstance(v, int) for v in ids.values()):
        raise ValueError("ids")
    return Document(
        path=path,
        slug=str(slug),
        title=str(title),
        date=str(date),
        date_label=str(date_label),
        kind=str(kind),
        summary=str(summary),
        authors=[str(a) for a in authors],
        language=str(language),
        digest=str(digest),
        ids=dict(ids),
        duplicate_ids=[(str(i), int(line)) for i, line in duplicates],
        pointers=[
            Pointer(_i(str(v)), int(ln), int(col), _i(str(f)), _i(str(g)), _i(str(e)))
            for v, ln, col, f, g, e in pointers
        ],
        # (each a string, else a TypeError: sys.intern takes nothing else)
        mentions=[_mention((_i(e), _i(a), _i(w), _i(wh), _i(c))) for e, a, w, wh, c in mentions],
        local_entries=[
            Entry(
                id=str(ident),
                kind=str(k),
                name=str(name),
                sort_key=str(key),
                description=str(desc),
                forms=[str(f) for f in forms],
                authorities=[(str(a), str(b)) for a, b in authorities],
                file=path,
                line=int(line),
                local_to=str(slug),
                element=str(element),
            )
            for ident, k, name, key, desc, forms, authorities, line, element in entries
        ],
        links=[(str(a), str(b)) for a, b in links],
        dates=[Dated(str(w), str(lb), str(s), str(a)) for w, lb, s, a in dates],
        date_to=str(date_to),
        letters=[(int(line), str(xml)) for line, xml in letters],
    )


@dataclass
class Register:
    """The shared register: its entries by id, and ids given twice."""

    path: Path | None
    entries: dict[str, Entry] = field(default_factory=dict)
    duplicates: list[Entry] = field(default_factory=list)
    digest: str = ""


def read_register(path: Path | None) -> Register:
    if path is None:
        return Register(None)
    raw = read_bytes(path)
    name = display_path(path)
    tree = parse_bytes(raw, name, base_url=path.resolve().as_uri())
    # the stylesheets are given this register as a tree; no other program reading the
    # file should find a DTD to load either
    refuse_external_doctype(tree, name, raw)
    root = tree.getroot()
    register = Register(path, digest=hashlib.sha256(raw).hexdigest())
    for entry in register_entries(root, path):
        if entry.id in register.entries:
            register.duplicates.append(entry)
        else:
            register.entries[entry.id] = entry
    return register
