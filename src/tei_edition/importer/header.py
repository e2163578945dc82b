"""The teiHeader of a draft, from the archive's front matter."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_edition import TEI_NS, XML_NS
from tei_edition.importer.brackets import LANGUAGE_CODES
from tei_edition.importer.dates import parse_heading_date
from tei_edition.importer.layout import ArchiveDocument
from tei_edition.importer.nodes import Inline, to_xml
from tei_edition.importer.worklist import Worklist

PLACEHOLDER_AUTHOR = "Unknown author"
EDITION_NAME = "tei-edition import"

_URL = re.compile(r"<?(https?://[^\s>]+)>?")
_TRANSLATOR = re.compile(
    r"\bTranslated(?: from [A-Z]\w+)?(?: for (?P<for>[^.]+?))? by "
    r"(?P<by>[^.\s]+(?:\s+(?:[A-Z]\.|[^.\s]+))*)\."
)
"""The archive's "Translated by NAME." and "Translated for X by NAME." (the Wilson Center's
form for the translations its projects commissioned: "Translated for NKIDP by James F.
Person."); the name's initials keep their periods."""
_DOCUMENT_NUMBER = re.compile(r"/(\d+)(?:\.pdf)?(?:[/?#]|$)")
"""The archive's number in a document's address: ``…/document/112236``, also in the
address of its PDF, ``…/document/112236.pdf?v=724a…``."""
_TITLE_QUOTED = re.compile(r'^\s*["“](?P<title>.+?)["”]\s*,\s*(?P<rest>.*)$', re.DOTALL)
_AUTHOR_PATTERNS = (
    re.compile(r"^(?P<a>(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w\-]*)['’]s\s"),
    re.compile(
        r"^(?:Telegram|Letter|Cable|Note|Report|Message|Memorandum|Record|Statement|Speech)"
        r"\b.*?\b(?:from|by)\s+(?P<a>(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w\-]*)"
    ),
)
_DIV_TYPES = (
    ("telegram", "telegram"),
    ("cable", "telegram"),
    ("letter", "letter"),
    ("memorandum", "memorandum"),
)


@dataclass
class Citation:
    text: str
    title: str = ""
    date: str = ""
    archive: str = ""
    url: str = ""
    document: str = ""
    translator: str = ""
    translated_for: str = ""
    """Whom the translation was made for, as the citation says it ("NKIDP" in "Translated for
    NKIDP by …", "CWIHP from Russian" in "Translated for CWIHP from Russian by …")."""
    notes: list[str] = field(default_factory=list)


def parse_citation(text: str) -> Citation:
    """Split the archive's citation into title, date, archive, URL, translator and notes."""
    cit = Citation(text=" ".join(text.split()))
    rest = cit.text
    url = _URL.search(rest)
    if url:
        cit.url = url.group(1)
        digits = _DOCUMENT_NUMBER.search(cit.url)
        cit.document = digits.group(1) if digits else ""
        rest = (rest[: url.start()] + rest[url.end() :]).strip()
    translator = _TRANSLATOR.search(rest)
    if translator:
        cit.translator = translator.group("by").strip()
        cit.translated_for = (translator.group("for") or "").strip()
    m = _TITLE_QUOTED.match(rest)
    if m:
        cit.title = m.group("title").strip()
        parts = [p.strip() for p in m.group("rest").split(",")]
        # date: "September 4, 1958" is two comma parts
        if (
            len(parts) >= 2
            and re.fullmatch(r"[A-Z][a-z]+\.? \d{1,2}", parts[0])
            and re.fullmatch(r"\d{4}", parts[1])
        ):
            cit.date = f"{parts[0]}, {parts[1]}"
            parts = parts[2:]
        elif parts and re.search(r"\d{4}", parts[0]):
            cit.date = parts[0]
            parts = parts[1:]
        if parts and "Archive" in parts[0]:
            cit.archive = parts[0]
            parts = parts[1:]
        remainder = ", ".join(parts).strip()
        cit.notes = [
            s.strip() for s in re.split(r"(?<!\b[A-Z]\.)(?<=[.!?])\s+", remainder) if s.strip()
        ]
    else:
        cit.notes = [rest] if rest else []
    return cit


def author_from_title(title: str) -> str:
    for pattern in _AUTHOR_PATTERNS:
        m = pattern.search(title)
        if m:
            return m.group("a").strip()
    return ""


def div_type(title: str) -> str:
    lower = title.lower()
    for word, kind in _DIV_TYPES:
        if re.search(rf"\b{word}\b", lower):
            return kind
    return "document"


def language_code(name: str) -> str:
    return LANGUAGE_CODES.get(name.strip().lower(), "")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    child = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}")
    for name, value in attrs.items():
        if name == "xml_id":
            child.set(f"{{{XML_NS}}}id", value)
        elif name == "xml_lang":
            child.set(f"{{{XML_NS}}}lang", value)
        else:
            child.set(name, value)
    if text is not None:
        child.text = text
    return child


def _date(parent: etree._Element, text: str, worklist: Worklist, line: int) -> None:
    attrs = parse_heading_date(text)
    if not attrs:
        worklist.add(line, 1, "date", text, f"date heading {text!r} not normalized")
    _sub(parent, "date", text, **attrs)


def _statements(notes: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Sort the citation's remaining sentences: permissions, and typed notes."""
    permissions: list[str] = []
    typed: list[tuple[str, str]] = []
    for note in notes:
        if _TRANSLATOR.fullmatch(note):
            continue
        if re.match(r"(?:With|By) (?:the )?(?:kind )?permission\b|Courtesy\b|Copyright\b", note):
            permissions.append(note)
            typed.append(("permission", note))
        elif re.match(r"(?:Provided|Obtained|Donated|Contributed|Received|Made available)\b", note):
            typed.append(("provenance", note))
        else:
            typed.append(("source", note))
    return permissions, typed


Linker = Callable[[str, str], str | None]
"""Given a name and a kind (``person``, ``org``), the ``#id`` of its register entry, if any."""


def _no_link(name: str, kind: str) -> str | None:
    return None


Marker = Callable[[str, int, bool], Inline]
"""Given a statement of the front matter, its source line and whether to tag names, the
statement as inline content with its dates (and names) tagged."""


def _no_mark(text: str, line: int, names: bool) -> Inline:
    return [text]


def _name(parent: etree._Element, text: str, kind: str, link: Linker) -> etree._Element:
    """``text`` inside ``parent`` as a persName or orgName, pointing to the register if known."""
    tag = "persName" if kind == "person" else "orgName"
    ref = link(text, kind)
    return _sub(parent, tag, text, **({"ref": ref} if ref else {}))


def build_header(
    doc: ArchiveDocument,
    worklist: Worklist,
    foreign_lang: str = "",
    link: Linker = _no_link,
    mark: Marker = _no_mark,
) -> etree._Element:
    """The teiHeader: title and responsibilities, the archive's citation, abstract, languages.

    ``foreign_lang`` is the language tag of transliterated words in the text, if any;
    ``link`` finds the register entries of the author, translator, funder and archive;
    ``mark`` tags the dates (and names) in the archive's statements.
    """
    header = etree.Element(f"{{{TEI_NS}}}teiHeader")
    cit_section = doc.sections.get("citation")
    cit_line = cit_section.line if cit_section else 1
    cit = parse_citation(cit_section.text if cit_section else "")
    title = doc.title or cit.title
    if not title:
        worklist.add(1, 1, "header", "", "no title: the draft's title is a placeholder")
        title = "Untitled document"
    author = author_from_title(title)
    if not author:
        worklist.add(
            doc.title_line,
            1,
            "header",
            title,
            f"author not recognised in the title: placeholder {PLACEHOLDER_AUTHOR!r}",
        )
    languages = doc.languages
    original = languages[0] if languages else ""
    text_lang = doc.translation_language or "English"
    credits = doc.section_text("credits")
    funder = (
        re.search(r"support (?:from|of) (?:the )?(.+?)\.?$", credits.split("\n")[0])
        if credits
        else None
    )
    permissions, statements = _statements(cit.notes)

    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    _sub(title_stmt, "title", title, type="main")
    author_el = _sub(title_stmt, "author", xml_id="author")
    if author:
        _name(author_el, author, "person", link)
    else:
        author_el.text = PLACEHOLDER_AUTHOR
    if funder:
        _name(_sub(title_stmt, "funder"), funder.group(1).strip(), "org", link)
    resp = _sub(title_stmt, "respStmt", xml_id="translator")
    if cit.translator:
        source_lang = f" from the {original}" if original else ""
        _sub(resp, "resp", f"translated{source_lang} by")
        _name(resp, cit.translator, "person", link)
    elif languages and all(language_code(n) == language_code(text_lang) for n in languages):
        # an original in the language of the text: the square brackets are the archive's.
        _sub(resp, "resp", "interventions in square brackets by")
        _sub(resp, "name", cit.archive or "the archive's editors")
    else:
        worklist.add(
            cit_line,
            1,
            "header",
            "",
            'no translator named in the citation ("Translated by X."): '
            "#translator is declared without a name",
        )
        _sub(resp, "resp", "translated by")
        _sub(resp, "name", "the translator (not named in the source)")
    if credits and not funder:
        credit = _sub(title_stmt, "respStmt")
        _sub(credit, "resp", "credits")
        _sub(credit, "name", " ".join(credits.split()))
    edition = _sub(title_stmt, "respStmt", xml_id="edition")
    _sub(edition, "resp", "TEI encoding (an imported draft, to be checked) by")
    _sub(edition, "name", EDITION_NAME)

    pub = _sub(file_desc, "publicationStmt")
    _sub(pub, "authority", EDITION_NAME)
    availability = _sub(pub, "availability", status="restricted" if permissions else "unknown")
    for permission in permissions:
        _sub(availability, "p", permission)
    if not permissions:
        _sub(availability, "p", "The source states no terms of use: check them before publishing.")
        worklist.add(
            cit_line,
            1,
            "header",
            "",
            "no permission statement in the citation: availability is 'unknown'",
        )

    if doc.other_sections:
        notes = _sub(file_desc, "notesStmt")
        for section in doc.other_sections:
            _sub(notes, "note", section.text or section.name, n=section.name)
            worklist.add(
                section.line,
                1,
                "header",
                section.name,
                f"unknown section {section.name!r} kept as a note in notesStmt",
            )

    _source_desc(
        _sub(file_desc, "sourceDesc"),
        doc,
        cit,
        _Found(title, author, credits, permissions, statements),
        worklist,
        link,
        mark,
    )

    profile = _sub(header, "profileDesc")
    creation = _sub(profile, "creation")
    if doc.date_heading:
        _date(creation, doc.date_heading, worklist, doc.date_line)
    else:
        worklist.add(1, 1, "header", "", "no date heading: the creation date is unknown")
        _sub(creation, "date", "date unknown")
    lang_usage = _sub(profile, "langUsage")
    text_code = language_code(text_lang) or "und"
    _sub(lang_usage, "language", f"{text_lang}: the translation edited here.", ident=text_code)
    if not languages:
        worklist.add(1, 1, "header", "", "no Original Language section")
    for name in languages:
        code = language_code(name)
        if not code:
            worklist.add(
                doc.sections["languages"].line,
                1,
                "header",
                name,
                f"language {name!r} has no known code: 'und' used",
            )
        if (code or "und") != text_code:
            _sub(
                lang_usage,
                "language",
                f"{name}: a language of the original document.",
                ident=code or "und",
            )
    if foreign_lang:
        _sub(
            lang_usage,
            "language",
            "Words of the original in Latin transliteration, quoted by the translator.",
            ident=foreign_lang,
        )
    summary = doc.sections.get("summary")
    if summary is not None and summary.text:
        abstract = _sub(profile, "abstract")
        for para in summary.text.split("\n"):
            _sub(abstract, "p", para)
    revisions = _sub(header, "revisionDesc", status="draft")
    _sub(
        revisions,
        "change",
        f"Draft imported from the archive's transcription ({Path(doc.path).name}) by "
        "tei-edition import; the worklist lists what to check.",
        who="#edition",
    )
    return header


@dataclass
class _Found:
    """What :func:`build_header` made of the front matter, for the source description."""

    title: str
    author: str
    credits: str
    permissions: list[str]
    statements: list[tuple[str, str]]


def _source_desc(
    source_desc: etree._Element,
    doc: ArchiveDocument,
    cit: Citation,
    found: _Found,
    worklist: Worklist,
    link: Linker,
    mark: Marker,
) -> None:
    """The sourceDesc, encoded as the edition's (edition/README.md).

    ``bibl type="archival"``: the parts of the archive's citation, its permission in
    ``availability``, its other statements and the credits as ``note``s, and the citation
    itself, verbatim, in a nested ``bibl type="citation"``. ``msDesc``: the archive and the
    document's number (``msIdentifier``), the original language (``msContents``) and how the
    document came to the archive (``history/provenance``).
    """
    cit_section = doc.sections.get("citation")
    cit_line = cit_section.line if cit_section else 1
    credits_section = doc.sections.get("credits")
    languages = doc.languages
    codes = [language_code(name) or "und" for name in languages]
    bibl = _sub(source_desc, "bibl", type="archival")
    _sub(bibl, "title", cit.title or found.title)
    if found.author:
        _name(_sub(bibl, "author"), found.author, "person", link)
    if cit.date or doc.date_heading:
        _date(bibl, cit.date or doc.date_heading, worklist, cit_line)
    if cit.translator:
        by = _sub(bibl, "respStmt")
        for_whom = f" for {cit.translated_for}" if cit.translated_for else ""
        _sub(by, "resp", f"Translated{for_whom} by")
        _name(by, cit.translator, "person", link)
    if cit.archive:
        _name(_sub(bibl, "publisher"), cit.archive, "org", link)
    id_kind = "WCDA" if "wilson" in (cit.archive + cit.url).lower() else "document"
    if cit.document:
        _sub(bibl, "idno", cit.document, type=id_kind)
    if cit.url:
        _sub(bibl, "ref", cit.url, target=cit.url)
    if not cit.url and not cit.document:
        _sub(bibl, "idno", "unknown", type="document")
        worklist.add(
            cit_line,
            1,
            "header",
            "",
            "the citation gives no URL: the source's identifier is a placeholder",
        )
    if languages or doc.translation_language:
        attrs = {"mainLang": codes[0]} if codes else {}
        if len(codes) > 1:
            attrs["otherLangs"] = " ".join(dict.fromkeys(codes[1:]))
        described = (
            f"Original language{'s' if len(languages) > 1 else ''}: {', '.join(languages)}. "
            if languages
            else ""
        )
        text_lang = doc.translation_language or "English"
        _sub(bibl, "textLang", f"{described}Translation: {text_lang}.".strip(), **attrs)
    if found.permissions:
        availability = _sub(bibl, "availability", status="restricted")
        for permission in found.permissions:
            _sub(availability, "p", permission)
    provenance = [s for kind, s in found.statements if kind == "provenance"]
    for statement in (s for kind, s in found.statements if kind == "source"):
        to_xml(_sub(bibl, "note"), mark(statement, _first_line(doc), True))
    if found.credits and credits_section is not None:
        credits_line = next((ln.number for ln in credits_section.lines if ln.text.strip()), 1)
        to_xml(_sub(bibl, "note"), mark(" ".join(found.credits.split()), credits_line, True))
    if cit.text:
        verbatim = re.sub(r"<(https?://[^\s>]+)>", r"\1", cit.text)
        to_xml(_sub(bibl, "bibl", type="citation"), mark(verbatim, _first_line(doc), False))
    else:
        worklist.add(1, 1, "header", "", "no Citation section: the source description is thin")

    if not (cit.archive or cit.document or provenance):
        return
    ms_desc = _sub(source_desc, "msDesc")
    identifier = _sub(ms_desc, "msIdentifier")
    if cit.archive:
        _sub(identifier, "repository", cit.archive)
    _sub(identifier, "idno", cit.document or "unknown", type=id_kind)
    if languages:
        attrs = {"mainLang": codes[0]}
        if len(codes) > 1:
            attrs["otherLangs"] = " ".join(dict.fromkeys(codes[1:]))
        _sub(_sub(ms_desc, "msContents"), "textLang", ", ".join(languages), **attrs)
    if provenance:
        history = _sub(ms_desc, "history")
        for statement in provenance:
            to_xml(_sub(history, "provenance"), mark(statement, _first_line(doc), True))


def _first_line(doc: ArchiveDocument) -> int:
    """The line of the citation's text (after its heading), 1 when there is none."""
    section = doc.sections.get("citation")
    if section is None:
        return 1
    return next((ln.number for ln in section.lines if ln.text.strip()), section.line)
