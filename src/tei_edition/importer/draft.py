"""Assembling a TEI draft: header, body, registers; and the worklist beside it."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from lxml import etree

from tei_edition import TEI_NS, XML_NS
from tei_edition.fidelity import diplomatic_words, unescape_markdown
from tei_edition.importer.blocks import FOOTNOTE, Block, read_blocks
from tei_edition.importer.brackets import (
    ADDITION,
    LANGUAGE_CODES,
    TRANSLATOR,
    InlineContext,
    addition_type,
    encode_inline,
    kept_as_text,
)
from tei_edition.importer.candidates import unknown_names
from tei_edition.importer.dates import (
    DAY_MONTH_BEFORE,
    FoundDate,
    find_dates,
    iso_date,
    parse_heading_date,
)
from tei_edition.importer.header import build_header, div_type
from tei_edition.importer.layout import ArchiveDocument
from tei_edition.importer.names import NameTagger, Register, standoff
from tei_edition.importer.nodes import Inline, Node, append_text, el, to_xml
from tei_edition.importer.worklist import Worklist

SCHEMA_MODELS = (
    ("urn:x-tei-edition:schemas:tei_edition.rng", "http://relaxng.org/ns/structure/1.0"),
    ("urn:x-tei-edition:schemas:tei_edition.sch", "http://purl.oclc.org/dsdl/schematron"),
)
"""The project's schemas, by the identifiers the shipped catalog (schemas/catalog.xml) maps."""


def declare_schemas(root: etree._Element) -> None:
    """Put the ``<?xml-model?>`` declarations of the project's schemas before ``root``."""
    for href, typens in SCHEMA_MODELS:
        pi = etree.ProcessingInstruction(
            "xml-model", f'href="{href}" type="application/xml" schematypens="{typens}"'
        )
        root.addprevious(pi)


@dataclass
class Draft:
    """A draft in memory: the TEI tree and what the importer could not decide."""

    tree: etree._ElementTree
    worklist: Worklist

    def to_bytes(self) -> bytes:
        return etree.tostring(self.tree, xml_declaration=True, encoding="UTF-8") + b"\n"


def build_draft(
    doc: ArchiveDocument, register: Register | None = None, *, pointer: str = ""
) -> Draft:
    """Turn a source read by :func:`~tei_edition.importer.layout.read_archive` into a draft.

    Names found in ``register`` point to their entries in a ``standOff`` of the draft
    (``#id``); with ``pointer``, the register's file as the documents of an edition point
    into it (``registers.xml``), they point there (``registers.xml#id``) and the draft has
    no ``standOff``. Names in no register go to the worklist, never into a register.
    """
    worklist = Worklist(doc.path)
    register = register or Register()
    tagger = NameTagger(register, pointer=pointer)
    lang = _foreign_lang(doc)
    gloss_ids: dict[str, int] = {}

    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    text_lang = LANGUAGE_CODES.get((doc.translation_language or "English").lower(), "en")
    root.set(f"{{{XML_NS}}}lang", text_lang)
    text_el = etree.SubElement(root, f"{{{TEI_NS}}}text")
    body = etree.SubElement(text_el, f"{{{TEI_NS}}}body")
    outer = etree.SubElement(body, f"{{{TEI_NS}}}div", type=div_type(doc.title))
    current = outer
    opener: etree._Element | None = None
    closer: etree._Element | None = None
    fill = _Filler(worklist, lang, gloss_ids, tagger)
    blocks = read_blocks(doc.body)
    fill.footnotes = [b for b in blocks if b.kind == "footnote"]
    heading_date = parse_heading_date(doc.date_heading).get("when", "")
    fill.doc_date = heading_date if len(heading_date) == 10 else ""
    seen_text = False
    items: etree._Element | None = None
    for block in blocks:
        if block.kind != "item":
            items = None
        if block.kind == "footnote":
            continue
        if block.kind == "opener":
            if opener is None:
                opener = etree.SubElement(outer, f"{{{TEI_NS}}}opener")
            if block.part == "milestone":
                etree.SubElement(
                    opener, f"{{{TEI_NS}}}milestone", unit="section", rend=_rend(block)
                )
                continue
            part = etree.SubElement(opener, f"{{{TEI_NS}}}{block.part}")
            if block.seg_type:
                part.set("type", block.seg_type)
            fill(part, block)
            continue
        if block.kind == "closer":
            if closer is None:
                closer = etree.SubElement(current, f"{{{TEI_NS}}}closer")
            part = etree.SubElement(closer, f"{{{TEI_NS}}}{block.part}")
            if block.seg_type:
                part.set("type", block.seg_type)
            fill(part, block)
            worklist.add(
                block.line,
                1,
                "structure",
                block.text,
                f"{block.text!r} taken as the closing {block.part}",
            )
            continue
        if block.kind == "head":
            if not seen_text:
                fill(etree.SubElement(outer, f"{{{TEI_NS}}}head"), block)
                worklist.add(
                    block.line,
                    1,
                    "structure",
                    block.text,
                    f"{block.text!r} taken as the document's heading",
                )
            else:
                current = etree.SubElement(outer, f"{{{TEI_NS}}}div", type="section")
                fill(etree.SubElement(current, f"{{{TEI_NS}}}head"), block)
                worklist.add(
                    block.line,
                    1,
                    "structure",
                    block.text,
                    f"{block.text!r} taken as a section heading",
                )
            seen_text = True
            continue
        seen_text = True
        if block.kind == "span":
            fill.span(etree.SubElement(current, f"{{{TEI_NS}}}note"), block)
            continue
        if block.kind == "item":
            if items is None or block.list_start:
                items = etree.SubElement(current, f"{{{TEI_NS}}}list", type="numbered")
            label = etree.SubElement(items, f"{{{TEI_NS}}}label")
            label.text = block.label
            fill(etree.SubElement(items, f"{{{TEI_NS}}}item"), block)
            continue
        if block.kind == "milestone":
            etree.SubElement(current, f"{{{TEI_NS}}}milestone", unit="section", rend=_rend(block))
        else:
            fill(etree.SubElement(current, f"{{{TEI_NS}}}p"), block)
            for seg, blanks in zip(block.segments[1:], block.joined_by_blank_lines, strict=True):
                worklist.add(
                    seg.line,
                    1,
                    "structure",
                    "",
                    f"the paragraph continues after {blanks} blank line(s): "
                    "encoded as a page break (pb)",
                )
    uses_foreign = any(True for _ in body.iter(f"{{{TEI_NS}}}foreign"))
    mark = _HeaderMarker(tagger, worklist)
    header = build_header(doc, worklist, lang if uses_foreign else "", tagger.link, mark)
    root.insert(0, header)
    for matched, ids, chosen, line, column in tagger.ambiguous:
        worklist.add(
            line,
            column,
            "ambiguous-name",
            matched,
            f"{matched!r} fits {', '.join('#' + i for i in ids)}: #{chosen} chosen",
        )
    _unknown_names(doc, register, worklist, pointer)
    stand = None if pointer else standoff(e for e in register.entries if e.id in tagger.used)
    if stand is not None:
        root.insert(1, stand)
    _indent(root)
    tree = etree.ElementTree(root)
    declare_schemas(root)
    return Draft(tree, worklist)


def _rend(block: Block) -> str:
    """A section break's ``@rend``: its characters as the source shows them."""
    return unescape_markdown(block.text.strip())


def _foreign_lang(doc: ArchiveDocument) -> str:
    for name in doc.languages:
        code = LANGUAGE_CODES.get(name.lower())
        if code and code != "en":
            return f"{code}-Latn"
    return "und-Latn"


@dataclass
class _Filler:
    """Fills a block element with a block's encoded text, page breaks between its parts."""

    worklist: Worklist
    lang: str
    gloss_ids: dict[str, int]
    tagger: NameTagger
    doc_date: str = ""
    """The document's day (its date heading), for a day and month without a year."""
    footnotes: list[Block] = field(default_factory=list)
    """The text's footnotes, in order: footnote n is placed where chr(FOOTNOTE + n) is."""

    def __call__(self, parent: etree._Element, block: Block) -> None:
        to_xml(parent, self.content(block))

    def span(self, note: etree._Element, block: Block) -> None:
        """A square bracket over several paragraphs: the translator's note holding them as
        ``p``; a stamp or handwritten addition has its label, then its words in ``add``."""
        note.set("type", "translator")
        note.set("resp", TRANSLATOR)
        note.set("place", "inline")
        add_type = ""
        for i, child in enumerate(block.children):
            content = self.content(child)
            label = ""
            if i == 0:
                label, add_type = _addition_label(content)
                if add_type:
                    content = content[1:]
            if add_type:
                content = [el("add", *content, type=add_type, resp=TRANSLATOR)]
                if label:
                    content.insert(0, label)
            to_xml(etree.SubElement(note, f"{{{TEI_NS}}}p"), content)
        first, last = block.children[0].line, block.children[-1].line
        what = f"a {add_type} addition" if add_type else "a translator's note"
        self.worklist.add(
            first,
            block.children[0].segments[0].column,
            "structure",
            block.text[:40],
            f"a square bracket runs over {len(block.children)} paragraphs (lines {first}-{last}): "
            f"encoded as {what} holding them",
        )

    def content(self, block: Block) -> Inline:
        content: Inline = []
        for i, seg in enumerate(block.segments):
            if i:
                content.append(el("pb"))
            trial = Worklist(self.worklist.source)
            ctx = InlineContext(
                trial, self.worklist.source, seg.line, seg.column, self.lang, self.gloss_ids
            )
            text = unescape_markdown(seg.text)
            inline = encode_inline(text, ctx)
            if _faithful(inline, text):
                for item in trial.items:
                    self.worklist.add_item(item)
            else:
                inline = kept_as_text(text)
                self.worklist.add(
                    seg.line,
                    seg.column,
                    "unresolved",
                    text[:40],
                    "the brackets of this paragraph could not be encoded without changing its "
                    "words: each is kept as text in seg[@type='unresolved'] (the editor decides)",
                )
            self.tagger.at(seg.line, text)
            inline = self.tagger.tag_glossed(self.tagger.tag(inline))
            inline = _tag_dates(inline, self.worklist, seg.line, text, self.doc_date)
            content.extend(self._place_footnotes(inline))
        return content

    def _place_footnotes(self, content: Inline) -> Inline:
        """Put each footnote, as ``note[@place="foot"]`` with its mark as ``@n``, where its
        mark was."""
        out: Inline = []
        for item in content:
            if isinstance(item, Node):
                item.children = self._place_footnotes(item.children)
                out.append(item)
                continue
            for piece in re.split(f"([{chr(FOOTNOTE)}-{chr(FOOTNOTE + 0xFF)}]+)", item):
                if piece and FOOTNOTE <= ord(piece[0]) <= FOOTNOTE + 0xFF:
                    note = self.footnotes[ord(piece[0]) - FOOTNOTE]
                    out.append(el("note", *self.content(note), place="foot", n=note.label))
                    self.worklist.add(
                        note.line,
                        1,
                        "structure",
                        note.label,
                        f"footnote {note.label!r} placed at its mark: check who wrote it",
                    )
                else:
                    append_text(out, piece)
        return out


_MARKS = re.compile(f"[{chr(FOOTNOTE)}-{chr(FOOTNOTE + 0xFF)}]")


def _faithful(inline: Inline, text: str) -> bool:
    """Whether ``inline`` reads as ``text`` word for word, with no square bracket left as
    text outside ``seg[@type="unresolved"]``."""
    if _loose_bracket(inline):
        return False
    body = etree.Element(f"{{{TEI_NS}}}body")
    to_xml(etree.SubElement(body, f"{{{TEI_NS}}}p"), inline)
    words = [w for w in (_MARKS.sub("", w) for w in diplomatic_words(body)) if w]
    return words == [w for w in (_MARKS.sub("", w) for w in text.split()) if w]


def _loose_bracket(content: Inline) -> bool:
    for item in content:
        if isinstance(item, str):
            if "[" in item or "]" in item:
                return True
        elif not (item.tag == "seg" and item.attrib.get("type") == "unresolved") and _loose_bracket(
            item.children
        ):
            return True
    return False


def _addition_label(content: Inline) -> tuple[str, str]:
    """The label ("stamp: ") opening a bracket's first paragraph, and the addition's type."""
    if not content or not isinstance(content[0], str):
        return "", ""
    m = ADDITION.match(content[0])
    if m is None:
        return "", ""
    kind = m.group("kind").lower()
    label = content[0][: m.start("rest")]
    rest = content[0][m.start("rest") :]
    content[0] = rest
    content.insert(0, label)
    return label, addition_type(kind)


@dataclass
class _HeaderMarker:
    """Tags the dates, and the names if asked, in a statement of the front matter."""

    tagger: NameTagger
    worklist: Worklist

    def __call__(self, text: str, line: int, names: bool) -> Inline:
        inline: Inline = [text]
        if names:
            self.tagger.at(line, text)
            inline = self.tagger.tag(inline)
        return _tag_dates(inline, self.worklist, line, text)


def _tag_dates(
    content: Inline, worklist: Worklist, line: int, source: str, doc_date: str = ""
) -> Inline:
    """Tag the dates in the strings of ``content`` (and inside the author's remarks);
    those that cannot be normalized go to the worklist, at their place in ``source``."""
    out: Inline = []
    for index, item in enumerate(content):
        if isinstance(item, Node):
            if item.recurse:
                item.children = _tag_dates(item.children, worklist, line, source, doc_date)
            out.append(item)
            continue
        pos = 0
        following = content[index + 1] if index + 1 < len(content) else None
        year_follows = (
            isinstance(following, Node)
            and following.tag == "supplied"
            and bool(re.fullmatch(r"1\d{3}|20\d\d", following.key or ""))
        )
        text_ends = len(item.rstrip()) if year_follows else 0
        for found in find_dates(item):
            if year_follows and found.month_day and found.end >= text_ends:
                continue  # "5 June [1953]": the year follows (see _supplied_years)
            when = _day_of_the_document(found, item, doc_date)
            if when:
                append_text(out, item[pos : found.start])
                out.append(Node("date", {"when": when}, [found.text]))
                pos = found.end
                continue
            if found.problem:
                worklist.add(
                    line,
                    _first_place(source, found.text) + 1,
                    "date",
                    found.text,
                    f"date {found.text!r} not normalized: {found.problem}",
                )
                continue
            append_text(out, item[pos : found.start])
            out.append(Node("date", dict(found.attrs), [found.text]))
            pos = found.end
        append_text(out, item[pos:])
    return _supplied_years(out)


_FIRST_PLACES: dict[str, dict[str, int]] = {}


def _first_place(source: str, text: str) -> int:
    """``source.find(text)``, remembered for the source being tagged (a date not normalized
    is listed where its words first stand in the line, and a long line repeats them)."""
    places = _FIRST_PLACES.get(source)
    if places is None:
        _FIRST_PLACES.clear()
        places = _FIRST_PLACES[source] = {}
    if text not in places:
        places[text] = source.find(text)
    return places[text]


_THIS_YEAR = re.compile(r"\s+(?:of\s+)?this\s+year\b")


def _day_of_the_document(found: FoundDate, text: str, doc_date: str) -> str:
    """The year of a day and month given without one, when the document says it: the day
    of the document itself ("3 May" in a cable of May 3, 1950), or "March 30 of this year"."""
    if not found.month_day or len(doc_date) != 10:
        return ""
    month, day = found.month_day
    if doc_date[5:] == f"{month:02d}-{day:02d}":
        return doc_date
    if _THIS_YEAR.match(text, found.end):
        try:
            return iso_date(int(doc_date[:4]), calendar.month_name[month], day)
        except ValueError:
            return ""
    return ""


def _supplied_years(content: Inline) -> Inline:
    """``5 June [1953]``: a day and month, then the year the translator supplied, are one date."""
    out: Inline = []
    for item in content:
        if (
            isinstance(item, Node)
            and item.tag == "supplied"
            and re.fullmatch(r"1\d{3}|20\d\d", item.key or "")
            and out
            and isinstance(out[-1], str)
        ):
            m = DAY_MONTH_BEFORE.search(out[-1])
            if m is not None:
                try:
                    day = int(m.group("d1") or m.group("d2"))
                    when = iso_date(int(item.key or ""), m.group("m1") or m.group("m2"), day)
                except ValueError:
                    when = ""
                if when:
                    head = out[-1][: m.start()]
                    out[-1:] = [head] if head else []
                    out.append(Node("date", {"when": when}, [m.group(0), item]))
                    continue
        out.append(item)
    return out


def _unknown_names(
    doc: ArchiveDocument, register: Register, worklist: Worklist, pointer: str = ""
) -> None:
    """List the candidate names (:mod:`.candidates`) the registers do not know, once each
    (those of an edition: its register, ``pointer``)."""
    known = {w.strip(".,") for w in register.known_words()}
    where_not = f"in the edition's register, {pointer}" if pointer else "in the registers"
    for name, places in unknown_names(doc.body, known).items():
        lines = sorted({ln for ln, _ in places})
        where = ", ".join(str(n) for n in lines[:12]) + (" …" if len(lines) > 12 else "")
        plural = "s" if len(lines) > 1 else ""
        worklist.add(
            places[0][0],
            places[0][1],
            "name",
            name,
            f"{name!r} is not {where_not} (line{plural} {where})",
        )


_BLOCK_CONTAINERS = {
    "TEI",
    "list",
    "teiHeader",
    "fileDesc",
    "titleStmt",
    "respStmt",
    "publicationStmt",
    "notesStmt",
    "sourceDesc",
    "availability",
    "revisionDesc",
    "opener",
    "bibl",
    "msDesc",
    "msIdentifier",
    "msContents",
    "history",
    "profileDesc",
    "creation",
    "langUsage",
    "abstract",
    "text",
    "body",
    "div",
    "closer",
    "standOff",
    "listPerson",
    "listPlace",
    "listOrg",
    "person",
    "place",
    "org",
}


def _indent(root: etree._Element, level: int = 0) -> None:
    """Indent element-only containers; never touch mixed content (paragraphs, names)."""
    local = etree.QName(root).localname
    if local not in _BLOCK_CONTAINERS or (root.text and root.text.strip()) or len(root) == 0:
        return
    if any(child.tail and child.tail.strip() for child in root):
        return
    inner = "\n" + "  " * (level + 1)
    root.text = inner
    for child in root:
        child.tail = inner
        _indent(child, level + 1)
    root[-1].tail = "\n" + "  " * level
