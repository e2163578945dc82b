"""An independent standard for "nothing lost, nothing run together" in an export.

This oracle says, from the TEI alone and from a written-down reading of TEI (below), which
words a reader must find in an export, and checks an export's *visible* text against them.
It shares no code and no rule table with ``transforms/`` or with ``tests/wordcheck.py``.

What a reader sees (the export's side)
======================================

- HTML: ``document.body.innerText`` in headless Chromium (:class:`Browser`), which honours
  the page's CSS: what is ``display: none`` or ``visibility: hidden`` (the other reading,
  hover tooltips, hidden alternatives) is not read; blocks and line breaks separate words.
  Text drawn struck through is left out in the normalized reading (what is struck is not
  read there; the diplomatic reading reads it, marked), and a raised or
  lowered link (``sup``/``sub`` in or around an ``a``: a note mark) is set apart from the
  word it follows, as the eye sees it.
- Text: the file as written, its marks of a deletion read as the strike-through they stand
  for (:func:`text_words`): ``[-`` and ``-]`` around deleted letters are the plain text's
  way of drawing them struck, so they no more separate words than the HTML's
  ``text-decoration`` does (``hätte[-n-]`` reads "hätten", as the page's struck "n" does).
  A deletion standing apart keeps its spaces (``so [-not-] done``), and one set against a
  neighbouring word without its space comes out as a word run together, as it should.
- PDF: ``pdftotext -raw -enc UTF-8`` (the order the PDF sets the text in, hyphens kept). A
  line ending in a hyphen joins the next line's first word (or the first word after the
  page's foot) when the source has the joined word (FOP's hyphenation), a raised mark
  after it or not (``Schutzzollsis-`` / ``tem`` with its note's mark), else the two stay
  apart; a hyphen the text layer gives as "2" (FOP's embedded fonts) is taken as a hyphen
  and reported as a failure of its own. A word followed by a mark the FO sets raised
  (``baseline-shift``: a note mark) is split from it, and so are two marks in a row. A word
  the FO sets with a raised or lowered part inside it (:func:`shifted_inside`: H₂SO₄, m²h),
  which pdftotext -raw ends a line after, goes on at the next line's start.
  A reading with right-to-left letters (Arabic, Hebrew, Syriac, Thaana, N'Ko; bidirectional
  class R or AL) is read from ``pdftotext -raw -bbox``'s words and their boxes instead
  (:func:`bidi_lines`): FOP sets a right-to-left line's glyphs from left to right, in the
  order the eye meets them on the page, as PDF does, and its vowel marks, placed over and
  under their letters, cut the words where pdftotext reads them; a viewer gives the words
  back whole, in the order they are read. Likewise the Devanagari vowel sign i
  (ि), which is drawn before the consonant (or conjunct) it follows in the text and which
  FOP's text layer gives in the order drawn (``िलख`` for लिख), goes back after it.
  Combining marks are dropped from both sides for PDF, and a mark standing apart between
  two halves of a source word rejoins them, because pdftotext gives accents and vowel
  signs apart from their letters.

Words (both sides)
==================

Text is NFKC-normalised and case-folded; the invisible joiners (soft hyphen, zero-width
joiner and non-joiner, word joiner, byte-order mark) are removed; a word is a maximal run
of letters, digits and combining marks (Unicode categories L, N, M). Everything else
(space, punctuation, brackets, symbols, other format characters) separates words. In the
scripts written without spaces between words (Chinese and Japanese: Han, kana and their
iteration marks, :data:`CJK`) no word boundary can be seen, and a page wraps a line of
them wherever it is full: there each letter is a word of its own, so that the comparison
is letter by letter and neither a wrapped line nor the encoder's line breaks matter.

The reading (the source's side)
===============================

The parts read are the ``sourceDoc`` and ``text`` elements (each outermost one, in document
order; a ``teiCorpus`` gives each of its documents'). Local XIncludes (files in the
document's folder or below) are resolved first; any other include gives its ``xi:fallback``.
Nothing outside these parts is running text: ``teiHeader``, ``facsimile``, ``standOff``.

Inside the parts:

- Never running text: examples (the ``http://www.tei-c.org/ns/Examples`` namespace:
  ``egXML``); comments and processing instructions; elements that hold data or point
  rather than words: ``facsimile``, ``standOff``, ``teiHeader``, ``fs``, ``fLib``, ``fvLib``,
  ``fsdDecl``, ``interpGrp``, ``interp``, ``link``, ``linkGrp``, ``join``, ``joinGrp``,
  ``spanGrp``, ``span``, ``timeline``, ``alt``, ``altGrp``, ``certainty``, ``precision``,
  ``respons``, ``index``, ``graphic``, ``media``, ``binaryObject``, ``figDesc`` (an image's
  description is its alternative text, not read on the page), ``anchor``, ``milestone``,
  ``witStart``, ``witEnd``, ``lacunaStart``, ``lacunaEnd``, ``listRelation``, ``relation``.
  A ``span`` is an annotation of the text it points at (``@from``, ``@to``, ``@target``) or
  of a ``spanGrp``; one that points nowhere and stands outside a ``spanGrp`` annotates only
  the words it holds, which are the text's words and are read (``ava<span>stu</span>no``).
- Registers: ``listPerson``, ``listPlace``, ``listOrg``, ``listEvent``, ``listNym``,
  ``listObject`` and ``listWit`` are not running text. Each of their entries (a ``person``,
  ``personGrp``, ``place``, ``org``, ``event``, ``nym``, ``object``, ``witness``) is checked on
  its own: its name (its first ``persName``, ``placeName``, ``orgName``, ``name``,
  ``objectName``, ``title``, ``label`` or ``idno``; a ``witness`` without one: its words)
  must be found, and no two neighbouring words of the entry (each child element a field of
  its own) may be run together.
- Notes: each ``note`` (and ``witDetail``) is checked on its own, wherever it stands, and is
  not running text; a note inside a note is a note of its own. Notes follow the reading.
  A note is no word boundary in the running text: the text around it runs on as the
  source has it, so a note standing inside a word (``ā<note>…</note>tmani``) leaves the
  word whole, and its mark must follow the word.
- Alternatives (one is the reading, the others are not and are not looked for):
  ``choice``: the normalized reading takes its ``corr``, ``reg`` or ``expan``, the diplomatic
  one its ``sic``, ``orig`` or ``abbr``; a choice without such a child takes its first child.
  ``app``: its ``lem`` (else its first ``rdg``) is the reading in both; each other ``rdg`` is
  an apparatus entry, checked on its own. An ``app`` in a ``listApp`` is given apart from
  the text (location-referenced, or attached by ``@from``/``@to`` to words the text holds
  already): none of its readings is running text, and each of them, its ``lem`` too, is an
  apparatus entry checked on its own. ``del``: the normalized reading leaves it out (what
  is struck is not read), the diplomatic one reads it.
- Word boundaries, besides white space in the source:
  ``lb``, ``pb``, ``cb``, ``gb`` (unless ``@break="no"``, which joins); ``gap`` and ``space``;
  every block or structural element (the set :data:`BLOCKS`: divisions, paragraphs, lines of
  verse and of a ``sourceDoc`` (``line``, ``zone``, ``surface``), heads, items, labels,
  cells, speakers, stage directions, cast lists, openers and closers and their parts, tree
  and graph nodes, dictionary entries' parts, title-page parts ...; not a note, see
  above); a ``bibl`` in a ``listBibl`` and each child of a ``cit``; a ``seg`` against
  another element with nothing between (two segments side by side:
  ``<seg>Daily Courier</seg><seg>Leeds</seg>``), but not where the text runs on into it (a
  decorated initial: ``<seg>T</seg>O``). In the diplomatic reading, ``supplied`` and
  ``ex`` are marked off as the source shows editorial letters, so their edges separate too.
  Every other element (``hi``, names, ``w``, ``c``, ``g``, ``choice`` members, ``add`` ...)
  joins the text around it.

The checks
==========

- Lost words (:func:`lcs_align`): a true longest common subsequence of the reading's words
  and the export's words (bit-parallel, with Hirschberg's divide and conquer to recover
  which words matched; other words of the export, such as titles and note marks, may stand
  between). Every word of the reading outside the LCS is lost; the report gives coverage and
  the first lost stretches with their context.
- Notes, apparatus entries and register entries (:func:`find_stretch`): each one's words,
  in order, within a stretch of the export at most ``2 * n + 10`` words long (``n`` its
  words), wherever in the export.
- Run together (:func:`run_together`): an export word equal to two neighbouring words of the
  reading, of a note, an apparatus entry, a register entry or a name of the header's title
  statement, joined, is a failure whatever the coverage, unless the document itself has
  that word somewhere (any text or attribute of the file), it is a word of the exports' own
  interface (transforms/messages/), or it is a number (page and note numbers are printed
  beside the text). A pair with a word shorter than three letters counts only where the
  alignment places the joined word between the pair's neighbours (unmatched both), and
  there it counts whatever the vocabulary.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXAMPLES_NS = "http://www.tei-c.org/ns/Examples"
XI_NS = "http://www.w3.org/2001/XInclude"
T = f"{{{TEI_NS}}}"

# ------------------------------------------------------------------------------ words

INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200c\u200d\u2060\ufeff"))


@cache
def _word_pattern() -> re.Pattern[str]:
    """A character class of every letter, digit and combining mark (categories L, N, M)."""
    ranges: list[tuple[int, int]] = []
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp))[0] in "LNM":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    body = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return re.compile(f"[{body}]+")


@cache
def _marks() -> str:
    """Every combining mark (category M), escaped for a character class."""
    return "".join(
        re.escape(chr(cp))
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp))[0] == "M"
    )


@cache
def _marks_pattern() -> re.Pattern[str]:
    """A whole word, combining marks standing apart after white space, and a whole word;
    each word with the marks it carries (``कहौं ति`` is two words, not the halves of
    ``कहति`` with a mark between them)."""
    marks = _marks()
    return re.compile(
        rf"(?<![\w{marks}])([\w{marks}]+)((?:[ \t]+\n?|\n)[ \t]*[{marks}]+[ \t]*\n?[ \t]*)"
        rf"(\w[\w{marks}]*)"
    )


def normalise(text: str, marks: bool = True) -> str:
    text = unicodedata.normalize("NFKC", text).translate(INVISIBLE).casefold()
    if not marks:
        text = "".join(
            c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
        )
        text = unicodedata.normalize("NFC", text)
    return text


CJK = (
    "\u3005\u3007\u3021-\u3029\u3031-\u3035\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
"""Letters of the scripts written without spaces between words: Han, kana, their marks."""

_CJK_LETTER = re.compile(f"[{CJK}]")


def words(text: str, marks: bool = True) -> list[str]:
    """The words of ``text`` (see the module's docstring); in a script written without
    spaces, each letter is a word of its own."""
    out = _word_pattern().findall(normalise(text, marks))
    if any(_CJK_LETTER.search(w) for w in out):
        out = [p for w in out for p in _CJK_SPLIT.findall(w)]
    return out


_CJK_SPLIT = re.compile(f"[{CJK}]|[^{CJK}]+")


DELETION_MARKS = re.compile(r"\[-(?=\S)|(?<=\S)-\]")
"""The plain text's marks around deleted letters (``[-lost-]``)."""


def text_words(text: str) -> list[str]:
    """The words of a plain-text export: a deletion's marks are its strike-through, not a
    word boundary (see the module's docstring)."""
    return words(DELETION_MARKS.sub("", text))


def strip_marks(tokens: Iterable[str]) -> list[str]:
    out = []
    for w in tokens:
        out.extend(words(w, marks=False))
    return out


# ------------------------------------------------------------------------------ the reading

SKIP = {
    "teiHeader",
    "facsimile",
    "standOff",
    "fs",
    "fLib",
    "fvLib",
    "fsdDecl",
    "interpGrp",
    "interp",
    "link",
    "linkGrp",
    "join",
    "joinGrp",
    "spanGrp",
    "span",
    "timeline",
    "alt",
    "altGrp",
    "certainty",
    "precision",
    "respons",
    "index",
    "graphic",
    "media",
    "binaryObject",
    "figDesc",
    "anchor",
    "milestone",
    "witStart",
    "witEnd",
    "lacunaStart",
    "lacunaEnd",
    "listRelation",
    "relation",
}

REGISTERS = {"listPerson", "listPlace", "listOrg", "listEvent", "listNym", "listObject", "listWit"}
ENTRIES = {"person", "personGrp", "place", "org", "event", "nym", "object", "witness"}
ENTRY_NAMES = ("persName", "placeName", "orgName", "name", "objectName", "title", "label", "idno")

BREAKS = {"lb", "pb", "cb", "gb"}

MARKS = {"gap", "space"}

SIDE_BY_SIDE = {"seg", "w"}
"""Elements that are words or segments of their own where they touch another element."""

BLOCKS = {
    # structure
    "text", "front", "body", "back", "group", "div", "div1", "div2", "div3", "div4", "div5",
    "div6", "div7", "p", "ab", "head", "trailer", "argument", "epigraph", "floatingText",
    "byline", "dateline", "docAuthor", "docDate", "docEdition", "docImprint", "docTitle",
    "titlePage", "titlePart", "imprimatur", "opener", "closer", "salute", "signed",
    "postscript", "address", "addrLine",
    # verse, drama, speech
    "l", "lg", "sp", "speaker", "stage", "castList", "castGroup", "castItem", "role",
    "roleDesc", "actor", "set", "move", "u", "incident", "kinesic", "vocal", "writing", "pause",
    "shift", "view", "camera", "sound", "caption", "tech",
    # lists and tables
    "list", "item", "label", "table", "row", "cell", "listBibl", "biblStruct", "msDesc",
    # figures, formulae
    "figure", "formula", "notatedMusic",
    # the page: documentary transcription
    "sourceDoc", "surface", "surfaceGrp", "zone", "line", "path", "fw",
    # notes and apparatus blocks
    "note", "noteGrp", "witDetail",
    # trees and graphs
    "tree", "eTree", "eLeaf", "triangle", "forest", "listForest", "root", "iNode", "leaf",
    "graph", "node", "arc",
    # dictionaries
    "entry", "superEntry", "entryFree", "form", "sense", "gramGrp", "def", "etym", "re", "xr",
    "usg", "hom", "dictScrap",
}  # fmt: skip
"""Elements whose edges are word boundaries."""


def _local(e: etree._Element) -> str:
    return etree.QName(e).localname if isinstance(e.tag, str) else ""


def _ns(e: etree._Element) -> str | None:
    return etree.QName(e).namespace if isinstance(e.tag, str) else None


@dataclass
class Stretch:
    """Words checked on their own: a note, an apparatus entry, a register entry."""

    kind: str
    line: int | None
    words: list[str]
    find: list[str] = field(default_factory=list)
    """The words that must be found (an entry's name); empty: ``words``."""

    def wanted(self) -> list[str]:
        return self.find or self.words


@dataclass
class Source:
    """What a reader must find of a document in one reading."""

    words: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    stretches: list[Stretch] = field(default_factory=list)
    header: list[list[str]] = field(default_factory=list)
    vocabulary: set[str] = field(default_factory=set)
    """Every word the document has anywhere (every reading, note, entry, alternative)."""

    def neighbours(self) -> set[tuple[str, str]]:
        """Every two words side by side (bare) in the text, a note, an entry or the
        header: the halves of a line's end that the reading has apart."""
        seqs = [self.words, *(s.words for s in self.stretches), *self.header]
        return {pair for seq in seqs for pair in itertools.pairwise(strip_marks(seq))}


class _Reader:
    def __init__(self, reading: str) -> None:
        assert reading in ("normalized", "diplomatic")
        self.reading = reading
        self.stretches: list[Stretch] = []

    # A run is a list of (text, line) pieces; " " pieces are boundaries.
    def run_of(self, e: etree._Element) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        self._inside(e, out)
        return out

    def _inside(self, e: etree._Element, out: list[tuple[str, int]]) -> None:
        line = e.sourceline or 0
        if e.text:
            out.append((e.text, line))
        for child in e:
            self._node(child, out)
            if child.tail:
                out.append((child.tail, child.sourceline or line))

    def _node(self, e: etree._Element, out: list[tuple[str, int]]) -> None:
        if not isinstance(e.tag, str):
            return  # comments and processing instructions
        ns, name = _ns(e), _local(e)
        line = e.sourceline or 0
        if ns == EXAMPLES_NS:
            out.append((" ", line))
            return
        if ns != TEI_NS:
            self._inside(e, out)  # another vocabulary's words (MathML, SVG text ...) are read
            return
        if name in SKIP and not _words_span(e):
            # a point inside a word (anchor, index) joins; a milestone is a break
            if name not in ("anchor", "index") and e.get("break") != "no":
                out.append((" ", line))
            return
        if name in BREAKS:
            if e.get("break") != "no":
                out.append((" ", line))
            return
        if name in MARKS:
            out.append((" ", line))  # a mark stands for what is missing: never its words
            return
        if name in REGISTERS:
            self._register(e)
            out.append((" ", line))
            return
        if name in ("note", "witDetail"):
            # not running text, and no word boundary: the text runs on around it as the
            # source has it (a note inside a word, ā<note>…</note>tmani, leaves it whole)
            self.stretches.append(Stretch("note", line, _words_of(self.run_of(e))))
            return
        if name == "choice":
            self._choice(e, out)
            return
        if name == "app":
            self._app(e, out)
            return
        if name == "del" and self.reading == "normalized":
            return
        edge = self._separates(e)
        if edge:
            out.append((" ", line))
        self._inside(e, out)
        if edge or (name in SIDE_BY_SIDE and not (e.tail or "") and e.getnext() is not None):
            out.append((" ", line))

    def _separates(self, e: etree._Element) -> bool:
        name = _local(e)
        if name in BLOCKS:
            return True
        parent = e.getparent()
        pname = _local(parent) if parent is not None else ""
        if (name == "bibl" and pname == "listBibl") or pname == "cit":
            return True
        if self.reading == "diplomatic" and name in ("supplied", "ex"):
            return True
        if name in SIDE_BY_SIDE:
            before = e.getprevious()
            text = (
                (before.tail if before is not None else parent.text) if parent is not None else ""
            )
            return not text and before is not None
        return False

    def _choice(self, e: etree._Element, out: list[tuple[str, int]]) -> None:
        kids = [c for c in e if isinstance(c.tag, str)]
        wanted = (
            ("corr", "reg", "expan") if self.reading == "normalized" else ("sic", "orig", "abbr")
        )
        picked = next((c for c in kids if _local(c) in wanted), kids[0] if kids else None)
        if picked is not None:
            self._node(picked, out)

    def _app(self, e: etree._Element, out: list[tuple[str, int]]) -> None:
        readings = [x for x in e.iter(T + "lem", T + "rdg") if _owner(x) is e]
        lem = next((x for x in readings if _local(x) == "lem"), None)
        main = lem if lem is not None else next(iter(readings), None)
        parent = e.getparent()
        if parent is not None and _local(parent) == "listApp":
            # given apart from the text: every reading an entry, none running text
            main = None
        # an entry laid out on lines of its own stands apart from the words around it
        line = e.sourceline or 0
        if (e.text or "")[:1].isspace():
            out.append((" ", line))
        if main is not None:
            self._inside(main, out)
        if len(e) and (e[-1].tail or "")[-1:].isspace():
            out.append((" ", line))
        for r in readings:
            if r is not main:
                self.stretches.append(Stretch("apparatus", r.sourceline, _words_of(self.run_of(r))))
        for n in e:
            if _local(n) in ("note", "witDetail"):
                self._node(n, out)

    def _register(self, e: etree._Element) -> None:
        for entry in e.iter(*(T + n for n in ENTRIES)):
            fields: list[tuple[str, int]] = []
            self._fields(entry, fields)
            everything = _words_of(fields)
            names = [c for c in entry if _local(c) in ENTRY_NAMES and _ns(c) == TEI_NS]
            name = min(names, key=lambda c: ENTRY_NAMES.index(_local(c)), default=None)
            find: list[str] = []
            if name is not None:
                parts: list[tuple[str, int]] = []
                self._fields(name, parts, NAME_PARTS)
                find = _words_of(parts)
            if everything:
                self.stretches.append(Stretch("entry", entry.sourceline, everything, find))

    def _fields(
        self, e: etree._Element, out: list[tuple[str, int]], split: set[str] | None = None
    ) -> None:
        """An entry's words, every element a field of its own (nested entries left out);
        with ``split``, only elements so named are fields, the others join."""
        if e.text:
            out.append((e.text, e.sourceline or 0))
        for child in e:
            name = _local(child)
            if isinstance(child.tag, str) and name not in ENTRIES | REGISTERS | SKIP:
                edge = split is None or name in split
                out.append((" ", 0)) if edge else None
                self._fields(child, out, split)
                out.append((" ", 0)) if edge else None
            if child.tail:
                out.append((child.tail, 0))


def _words_span(e: etree._Element) -> bool:
    """A ``span`` that points nowhere (no ``@from``, ``@to``, ``@target``) and stands outside
    a ``spanGrp``: it annotates nothing but the words it holds, which are the text's."""
    parent = e.getparent()
    return (
        _local(e) == "span"
        and not any(e.get(a) for a in ("from", "to", "target"))
        and (parent is None or _local(parent) != "spanGrp")
    )


def _owner(x: etree._Element) -> etree._Element | None:
    return next(x.iterancestors(T + "app"), None)


def _words_of(run: list[tuple[str, int]]) -> list[str]:
    return words("".join(t for t, _ in run))


def _words_and_lines(run: list[tuple[str, int]]) -> tuple[list[str], list[int]]:
    """The words of a run with the source line each starts on."""
    text, starts = [], []
    pos = 0
    for t, line in run:
        t = normalise(t)
        text.append(t)
        starts.append((pos, line))
        pos += len(t)
    out, lines = [], []
    k = 0
    for m in _word_pattern().finditer("".join(text)):
        while k + 1 < len(starts) and starts[k + 1][0] <= m.start():
            k += 1
        # a script written without spaces: each letter a word (see words())
        parts = _CJK_SPLIT.findall(m.group()) if _CJK_LETTER.search(m.group()) else [m.group()]
        out.extend(parts)
        lines.extend([starts[k][1] if starts else 0] * len(parts))
    return out, lines


def resolve_xincludes(tree: etree._ElementTree, path: Path, depth: int = 0) -> None:
    """Replace each XInclude by the local file it names (in the document's folder or below),
    else by its fallback; never a fetch."""
    base = path.parent.resolve()
    for inc in list(tree.getroot().iter(f"{{{XI_NS}}}include")):
        href = inc.get("href") or ""
        target = (path.parent / href).resolve() if href and "://" not in href else None
        replacement: list[Any] = []
        ok = (
            target is not None
            and target.is_file()
            and target.is_relative_to(base)
            and inc.get("parse", "xml") == "xml"
            and not inc.get("xpointer")
            and depth < 5
        )
        if ok:
            sub = etree.parse(str(target), _parser())
            resolve_xincludes(sub, target, depth + 1)
            replacement = [sub.getroot()]
        else:
            fb = inc.find(f"{{{XI_NS}}}fallback")
            if fb is not None:
                parent = inc.getparent()
                if fb.text and parent is not None:
                    prev = inc.getprevious()
                    if prev is not None:
                        prev.tail = (prev.tail or "") + fb.text
                    else:
                        parent.text = (parent.text or "") + fb.text
                replacement = list(fb)
        parent = inc.getparent()
        if parent is None:
            continue
        idx = parent.index(inc)
        tail = inc.tail
        parent.remove(inc)
        for k, r in enumerate(replacement):
            parent.insert(idx + k, r)
        if tail:
            if replacement:
                replacement[-1].tail = (replacement[-1].tail or "") + tail
            elif idx > 0:
                parent[idx - 1].tail = (parent[idx - 1].tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def load(path: Path) -> etree._ElementTree:
    """The document, its local XIncludes resolved."""
    tree = etree.parse(str(path), _parser())
    resolve_xincludes(tree, path)
    return tree


def parts(root: etree._Element) -> list[etree._Element]:
    """The outermost ``sourceDoc`` and ``text`` elements, in document order."""
    found = []
    for e in root.iter(T + "sourceDoc", T + "text"):
        if not any(
            _local(a) in ("text", "sourceDoc") and _ns(a) == TEI_NS for a in e.iterancestors()
        ):
            found.append(e)
    return found


def read(tree: etree._ElementTree | etree._Element, reading: str = "normalized") -> Source:
    """What a reader must find of the document in ``reading``."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    r = _Reader(reading)
    run: list[tuple[str, int]] = []
    for part in parts(root):
        r._node(part, run)
        run.append((" ", 0))
    src = Source(stretches=r.stretches)
    src.words, src.lines = _words_and_lines(run)
    src.header = header_names(root)
    other = _Reader("diplomatic" if reading == "normalized" else "normalized")
    other_run: list[tuple[str, int]] = []
    for part in parts(root):
        other._node(part, other_run)
    vocab = set(src.words) | set(_words_of(other_run))
    for s in (*src.stretches, *other.stretches):
        vocab.update(s.words)
    for h in src.header:
        vocab.update(h)
    # and every word of the whole file, text node by text node (headers, registers, data
    # the export may print), and of its attributes (identifiers, URLs, dates)
    for node in root.iter():
        if isinstance(node.tag, str):
            vocab.update(words(node.text or ""))
            for value in node.attrib.values():
                vocab.update(words(value))
        vocab.update(words(node.tail or ""))
    src.vocabulary = vocab
    return src


HEADER_NAMES = ("title", "author", "editor", "principal", "sponsor", "funder", "respStmt")
NAME_PARTS = {
    "persName", "name", "orgName", "forename", "surname", "roleName", "addName", "genName",
    "nameLink", "resp", "title", "affiliation", "email", "idno", "date",
}  # fmt: skip


def header_names(root: etree._Element) -> list[list[str]]:
    """The words of each name and title of the title statements, each child element a word
    of its own (``<forename>Anne</forename><surname>Smith</surname>`` is two words)."""
    out = []
    for stmt in root.iter(T + "titleStmt"):
        for e in stmt:
            if _local(e) in HEADER_NAMES:
                pieces: list[tuple[str, int]] = []
                _Reader("normalized")._fields(e, pieces, NAME_PARTS)
                w = _words_of(pieces)
                if len(w) > 1:
                    out.append(w)
    return out


# ------------------------------------------------------------------------------ LCS


def _masks(seq: Sequence[int], wanted: set[int]) -> dict[int, int]:
    """For each symbol of ``wanted``, the bit mask of its positions in ``seq``."""
    positions: dict[int, list[int]] = {}
    for i, s in enumerate(seq):
        if s in wanted:
            positions.setdefault(s, []).append(i)
    nbytes = len(seq) // 8 + 1
    out = {}
    for s, ps in positions.items():
        buf = bytearray(nbytes)
        for p in ps:
            buf[p >> 3] |= 1 << (p & 7)
        out[s] = int.from_bytes(buf, "little")
    return out


def _lcs_row(a: Sequence[int], b: Iterable[int], masks: dict[int, int] | None = None) -> int:
    """The bit-parallel LCS vector of ``a`` against ``b`` (Crochemore et al. 2001): bit i
    is 0 where position i of ``a`` ends one more unit of LCS; the number of zero bits
    among the lowest i is the LCS of ``a[:i]`` and ``b``."""
    b = list(b)
    if masks is None:
        masks = _masks(a, set(b))
    n = len(a)
    full = (1 << n) - 1
    v = full
    for s in b:
        m = masks.get(s)
        if m:
            u = v & m
            v = ((v + u) | (v - u)) & full
    return v


def lcs_length(a: Sequence[int], b: Sequence[int]) -> int:
    v = _lcs_row(a, b)
    return len(a) - bin(v).count("1")


def _prefix_lcs(v: int, n: int) -> list[int]:
    """LCS of a[:i] for i in 0..n, from a vector of :func:`_lcs_row`."""
    bits = format(v, f"0{n}b")[::-1] if n else ""
    return [0, *itertools.accumulate(1 if c == "0" else 0 for c in bits)]


def _dp_align(a: Sequence[int], b: Sequence[int]) -> list[tuple[int, int]]:
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = table[i], table[i + 1]
        ai = a[i]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if ai == b[j] else max(below[j], row[j + 1])
    pairs = []
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _align(a: list[int], b: list[int], ao: int, bo: int, out: list[tuple[int, int]]) -> None:
    """Append a longest common subsequence of ``a`` and ``b`` (offsets ``ao``, ``bo``) to
    ``out``: Hirschberg's divide and conquer over bit-parallel rows."""
    # common ends first: cheap and frequent
    k = 0
    while k < len(a) and k < len(b) and a[k] == b[k]:
        k += 1
    out.extend((ao + x, bo + x) for x in range(k))
    a, b, ao, bo = a[k:], b[k:], ao + k, bo + k
    e = 0
    while e < len(a) and e < len(b) and a[-1 - e] == b[-1 - e]:
        e += 1
    tail = [(ao + len(a) - e + x, bo + len(b) - e + x) for x in range(e)]
    if e:
        a, b = a[:-e], b[:-e]
    if a and b:
        common = set(a) & set(b)
        keep_a = [i for i, s in enumerate(a) if s in common]
        keep_b = [j for j, s in enumerate(b) if s in common]
        if len(keep_a) < len(a) or len(keep_b) < len(b):
            # words one side lacks never match: align the rest, and map back
            inner: list[tuple[int, int]] = []
            if keep_a and keep_b:
                _align([a[i] for i in keep_a], [b[j] for j in keep_b], 0, 0, inner)
            out.extend((ao + keep_a[i], bo + keep_b[j]) for i, j in inner)
        elif len(a) * len(b) <= 4096 or len(b) == 1:
            out.extend((ao + i, bo + j) for i, j in _dp_align(a, b))
        else:
            mid = len(b) // 2
            n = len(a)
            front = _prefix_lcs(_lcs_row(a, b[:mid]), n)
            back = _prefix_lcs(_lcs_row(a[::-1], b[mid:][::-1]), n)
            cut = max(range(n + 1), key=lambda i: front[i] + back[n - i])
            _align(a[:cut], b[:mid], ao, bo, out)
            _align(a[cut:], b[mid:], ao + cut, bo + mid, out)
    out.extend(tail)


def lcs_align(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """A longest common subsequence of two word lists, as (index in a, index in b) pairs."""
    ids: dict[str, int] = {}
    ia = [ids.setdefault(w, len(ids)) for w in a]
    ib = [ids.setdefault(w, len(ids)) for w in b]
    out: list[tuple[int, int]] = []
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    _align(ia, ib, 0, 0, out)
    return out


# ------------------------------------------------------------------------------ checks


def find_stretch(wanted: Sequence[str], got: Sequence[str], index: dict[str, list[int]]) -> bool:
    """Whether ``wanted`` appears in order in ``got`` within ``2 * len + 10`` words."""
    if not wanted:
        return True
    limit = 2 * len(wanted) + 10
    r = min(range(len(wanted)), key=lambda k: len(index.get(wanted[k], ())))
    for p in index.get(wanted[r], ()):
        lo = p
        ok = True
        for k in range(r - 1, -1, -1):  # backwards, nearest first
            lo -= 1
            while lo >= 0 and got[lo] != wanted[k] and p - lo < limit:
                lo -= 1
            if lo < 0 or got[lo] != wanted[k] or p - lo >= limit:
                ok = False
                break
        if not ok:
            continue
        hi = p
        for k in range(r + 1, len(wanted)):
            hi += 1
            while hi < len(got) and got[hi] != wanted[k] and hi - lo < limit:
                hi += 1
            if hi >= len(got) or got[hi] != wanted[k] or hi - lo >= limit:
                ok = False
                break
        if ok:
            return True
    return False


def word_index(got: Sequence[str]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for i, w in enumerate(got):
        index.setdefault(w, []).append(i)
    return index


@cache
def interface_words() -> frozenset[str]:
    """The words of the exports' own interface: every message of transforms/messages/."""
    found: set[str] = set()
    for catalog in sorted((Path(__file__).parents[1] / "transforms" / "messages").glob("*.xml")):
        for node in etree.parse(str(catalog), _parser()).iter():
            if isinstance(node.tag, str):
                found.update(words(node.text or ""))
            found.update(words(node.tail or ""))
    return frozenset(found)


def run_together(
    sequences: Iterable[Sequence[str]],
    got: Sequence[str],
    vocabulary: set[str],
    aligned: set[tuple[str, str]] = frozenset(),
) -> list[str]:
    """The export's words that are two neighbouring words of a sequence joined (see the
    module's docstring). ``aligned``: pairs of the running text whose joined word the
    alignment places between the pair's neighbours; they count whatever the vocabulary."""
    have = set(got)
    common = vocabulary | interface_words()
    found = []
    for a, b in aligned:
        if not (a + b).isdigit():
            found.append(f"{a + b} ({a} + {b})")
    for seq in sequences:
        for a, b in itertools.pairwise(seq):
            joined = a + b
            if joined not in have or joined in common or joined.isdigit():
                continue
            if len(a) < 3 or len(b) < 3:
                continue  # short words join by chance too often: only where aligned
            found.append(f"{joined} ({a} + {b})")
    return sorted(set(found))


def _aligned_joins(
    src: Sequence[str], got: Sequence[str], pairs: list[tuple[int, int]]
) -> set[tuple[str, str]]:
    """Pairs of neighbouring source words, both unmatched, whose joined word stands in the
    export between the words matched before and after them."""
    matched = dict(pairs)
    out: set[tuple[str, str]] = set()
    prev_j = -1
    for i in range(len(src) - 1):
        if i in matched:
            prev_j = matched[i]
            continue
        if i + 1 in matched:
            continue
        nxt = next((matched[k] for k in range(i + 2, min(len(src), i + 50)) if k in matched), None)
        hi = min(nxt if nxt is not None else len(got), prev_j + 200)
        joined = src[i] + src[i + 1]
        if joined in got[prev_j + 1 : hi]:
            out.add((src[i], src[i + 1]))
    return out


@dataclass
class Verdict:
    """The oracle's findings on one export of one document."""

    words: int = 0
    found: int = 0
    lost: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.found / self.words if self.words else 1.0

    def failures(self, tolerance: int = 0) -> list[str]:
        out = []
        if self.words - self.found > tolerance:
            first = self.lost[0]
            out.append(
                f"lost {self.words - self.found} of {self.words} words "
                f"(coverage {self.coverage:.4f}), first at line {first['line']}: "
                f"{first['lost']!r} after {first['before']!r}"
            )
        kinds = Counter(m["kind"] for m in self.missing)
        for kind, n in sorted(kinds.items()):
            first = next(m for m in self.missing if m["kind"] == kind)
            out.append(f"{n} {kind} missing, first at line {first['line']}: {first['words']!r}")
        if self.joined:
            out.append(f"run together: {', '.join(self.joined[:8])}")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "found": self.found,
            "coverage": round(self.coverage, 6),
            "lost": self.lost,
            "missing": self.missing,
            "run_together": self.joined,
        }


def check(src: Source, got: Sequence[str], marks: bool = True, stretches: int = 20) -> Verdict:
    """Compare what a reader must find (``src``) with an export's words (``got``)."""
    want = list(src.words)
    stretch_list = list(src.stretches)
    header = src.header
    vocabulary = src.vocabulary
    if not marks:
        want = strip_marks(want)
        got = strip_marks(got)
        stretch_list = [
            Stretch(s.kind, s.line, strip_marks(s.words), strip_marks(s.find)) for s in stretch_list
        ]
        header = [strip_marks(h) for h in header]
        vocabulary = set(strip_marks(vocabulary))
    pairs = lcs_align(want, got)
    v = Verdict(words=len(want), found=len(pairs))
    matched = {i for i, _ in pairs}
    lines = src.lines if marks else []
    i = 0
    while i < len(want) and len(v.lost) < stretches:
        if i in matched:
            i += 1
            continue
        j = i
        while j < len(want) and j not in matched:
            j += 1
        v.lost.append(
            {
                "at": i,
                "line": lines[i] if i < len(lines) else None,
                "count": j - i,
                "before": " ".join(want[max(0, i - 8) : i]),
                "lost": " ".join(want[i : min(j, i + 30)]),
                "after": " ".join(want[j : j + 8]),
            }
        )
        i = j
    index = word_index(got)
    for s in stretch_list:
        if not find_stretch(s.wanted(), got, index):
            v.missing.append({"kind": s.kind, "line": s.line, "words": " ".join(s.wanted()[:40])})
    aligned = _aligned_joins(want, got, pairs)
    seqs = [want, *(s.words for s in stretch_list), *header]
    v.joined = run_together(seqs, got, vocabulary, aligned)
    return v


# ------------------------------------------------------------------------------ exports


def raised(fo: Path) -> set[str]:
    """The words an XSL-FO file sets raised or lowered (note marks): ``baseline-shift``."""
    out: set[str] = set()
    for e in etree.parse(str(fo), _parser()).iter():
        if isinstance(e.tag, str) and e.get("baseline-shift") in ("super", "sub"):
            out.update(words("".join(e.itertext()), marks=False))
    return out


def shifted_inside(fo: Path) -> set[str]:
    """The words an XSL-FO file sets with a raised or lowered part inside them, letters on
    both sides of it (H₂SO₄, m²h), bare: not note marks, which follow their word."""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        shifted = e.get("baseline-shift") in ("super", "sub")
        block = etree.QName(e).localname in ("block", "table-cell", "list-item", "footnote-body")
        parts.append("\x01" if shifted else " " if block else "")
        parts.append(e.text or "")
        for child in e:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")
        parts.append("\x02" if shifted else " " if block else "")

    walk(etree.parse(str(fo), _parser()).getroot())
    shift = r"\x01[^\x01\x02\s]+\x02"
    found = re.findall(rf"\w+(?:{shift}\w+)+(?:{shift})?", "".join(parts))
    return {w for f in found for w in words(re.sub("[\x01\x02]", "", f), marks=False)}


@dataclass
class PdfText:
    words: list[str]
    broken_hyphens: list[str]
    """Words broken at a line end whose hyphen the text layer gives as another character."""


def pdf_words(
    pdf: Path,
    vocabulary: set[str],
    marks: set[str] = frozenset(),
    pairs: set[tuple[str, str]] = frozenset(),
    inner: set[str] = frozenset(),
    bidi: str = "",
) -> PdfText:
    """The words of a PDF as ``pdftotext -raw`` gives them (in the order the PDF sets them,
    hyphens kept): a line-end hyphen joins the word's halves where the source has the joined
    word (with a raised mark after it or not), and a raised mark (``marks``) is split from
    the word it follows where that word is the source's. With ``bidi`` (``"ltr"`` or
    ``"rtl"``: a reading with right-to-left letters, :func:`right_to_left`, on pages laid
    out in that direction, :func:`page_direction`), each line in the order it is read,
    not set (:func:`bidi_lines`)."""
    text = subprocess.run(
        ["pdftotext", "-raw", *(["-bbox"] if bidi else []), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    if bidi:
        text = bidi_lines(text, bidi == "rtl", vocabulary, pairs)
    return pdf_text_words(text, vocabulary, marks, pairs, inner)


def _rtl(text: str) -> int:
    return sum(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _one_word(right: str, left: str, bare: set[str], pairs: set[tuple[str, str]]) -> bool:
    """Are two pieces of right-to-left letters drawn a little apart (``right`` on the
    right, as drawn) one word of the source, and not two neighbouring words of it? A Syriac
    letter that joins no letter after it (ܙ, ܐ, ܕ …) leaves room after it, inside a word,
    about as wide as a space pulled in by justification."""
    if not (_rtl(right) and _rtl(left)):
        return False
    first, second = words(right[::-1], marks=False), words(left[::-1], marks=False)
    both = words((left + right)[::-1], marks=False)
    if len(both) != 1 or both[0] not in bare:
        return False
    return not (first and second and (first[-1], second[0]) in pairs)


def _joins_left(drawn: str) -> bool:
    """Does a piece of a line, as drawn from the left, begin with an Arabic letter in its
    initial or medial form, joined to the letter on its left (the next one read)? Its
    word goes on there, however far apart the text layer's boxes put the two."""
    first = next((c for c in drawn if not unicodedata.combining(c)), "")
    name = unicodedata.name(first, "")
    return name.endswith(("INITIAL FORM", "MEDIAL FORM"))


RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sam", "sd", "syr", "ug", "ur", "yi"}
    | {"ara", "fas", "per", "heb", "urd", "pus", "syc", "yid", "div", "uig", "ota"}
)
"""Languages written from right to left (ISO 639-1 and -2/3 codes)."""


def page_direction(tree: etree._ElementTree) -> str:
    """The direction a document's pages are laid out in: right to left ("rtl") where the
    language of its ``TEI`` or ``text`` element is written so (in a script not given as
    Latin, Cyrillic, Greek or Devanagari), else "ltr"."""
    root = tree.getroot()
    text = root.find(f"{{{TEI_NS}}}text")
    lang = root.get(XML_LANG) or (text.get(XML_LANG) if text is not None else None) or ""
    primary, *rest = lang.lower().split("-")
    scripted = any(part in ("latn", "cyrl", "grek", "deva") for part in rest)
    return "rtl" if primary in RTL_LANGUAGES and not scripted else "ltr"


def bidi_lines(
    bbox: str,
    rtl: bool = False,
    vocabulary: set[str] = frozenset(),
    pairs: set[tuple[str, str]] = frozenset(),
) -> str:
    """The text of ``pdftotext -raw -bbox``'s words (each with its box, in the order the
    PDF sets them, as drawn) in the order it is read. The words make a line while each
    goes on to the right at the height of the line's first (the middle of its box within
    the first's). A word's pieces the text layer gives apart (cut at its vowel marks,
    which FOP places over and under its letters) are one word again where they touch, or
    where a letter is drawn joined to the piece on its left (:func:`_joins_left`), or
    where a narrow gap left after a letter that joins none parts a word of the source
    (:func:`_one_word`). A word
    of right-to-left letters is turned round (the text layer gives it as drawn, from the
    left), and so is the order of a run of such words; on pages laid out from the right
    (``rtl``) a line is read from the right, its runs of other words each in their own
    order. Words of no letter or digit (the vowel marks standing apart) are left out: the
    PDF's words are compared without their marks."""
    pages = []
    bare = set(strip_marks(vocabulary))
    root = etree.fromstring(bbox.encode("utf-8"), etree.XMLParser(recover=True, no_network=True))
    for page in root.iter("{*}page"):
        lines: list[list[list[Any]]] = []
        for w in page.iter("{*}word"):
            text = w.text or ""
            if not any(c.isalnum() for c in text):
                continue
            box = [float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")] + [text]
            middle = (box[1] + box[3]) / 2
            line = lines[-1] if lines else None
            if line and line[0][1] <= middle <= line[0][3] and box[0] >= line[-1][0] - 1:
                line.append(box)
            else:
                lines.append([box])
        out = []
        for line in lines:
            height = max(b[3] - b[1] for b in line)
            merged = [list(line[0])]
            for x0, _, x1, _, text in line[1:]:
                gap = x0 - merged[-1][2]
                if bool(_rtl(text)) != bool(_rtl(merged[-1][4])):
                    merged.append([x0, 0, x1, 0, text])  # a left-to-right mark beside a word
                elif gap < 0.03 * height or (gap < 0.3 * height and _joins_left(text)):
                    merged[-1][2] = max(merged[-1][2], x1)
                    merged[-1][4] += text
                else:
                    merged.append([x0, 0, x1, 0, text])
            pieces, merged = merged, merged[:1]
            for x0, _, x1, _, text in pieces[1:]:
                gap = x0 - merged[-1][2]
                if gap < 0.2 * height and _one_word(text, merged[-1][4], bare, pairs):
                    merged[-1][2] = x1
                    merged[-1][4] += text
                else:
                    merged.append([x0, 0, x1, 0, text])
            words = [(w[4][::-1], True) if _rtl(w[4]) else (w[4], False) for w in merged]
            if rtl:
                words.reverse()
            ordered: list[str] = []
            for turned, run in itertools.groupby(words, key=lambda w: w[1] != rtl):
                texts = [w for w, _ in run]
                ordered.extend(reversed(texts) if turned else texts)
            out.append(" ".join(ordered))
        pages.append("\n".join(out))
    return "\n\f".join(pages)


_DEVANAGARI_CONSONANT = "[\u0915-\u0939\u0958-\u095f\u0978-\u097f]\u093c?"
_PRE_BASE = re.compile(f"\u093f((?:{_DEVANAGARI_CONSONANT}\u094d)*{_DEVANAGARI_CONSONANT})")
"""The Devanagari vowel sign i before the consonant, or conjunct (consonants joined by the
virama, each with its nukta or not), it is drawn before."""


def right_to_left(vocabulary: Iterable[str]) -> bool:
    """Has the reading a letter of a right-to-left script (bidirectional class R or AL)?"""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for w in vocabulary for c in w)


def pdf_text_words(
    text: str,
    vocabulary: set[str],
    marks: set[str] = frozenset(),
    pairs: set[tuple[str, str]] = frozenset(),
    inner: set[str] = frozenset(),
) -> PdfText:
    """:func:`pdf_words` on pdftotext's text; ``pairs``: neighbouring words of the reading
    (bare): where the reading has the joined word and also these halves side by side, the
    halves are given after the joined word (either may be the one the page shows)."""
    bare = set(strip_marks(vocabulary))
    broken: list[str] = []
    ordered = sorted(marks, key=lambda m: (len(m), m))

    def splits(w: str, depth: int = 3) -> list[list[str]]:
        """Every way ``w`` is a word of the source with raised marks after it."""
        out = [[w]] if w in bare else []
        for m in ordered if depth else ():
            if len(w) > len(m) and w.endswith(m):
                out.extend([*head, m] for head in splits(w[: -len(m)], depth - 1))
        return out

    def unmarked(w: str, before: str = "", after: str = "") -> list[str] | None:
        """The source's word ``w`` is, with the raised marks after it apart (a word may carry
        an apparatus entry's and a note's mark, ``πήρωσιςv213b``), or None. Where it splits
        more than one way: the fewest marks (none where ``w`` is the source's word), then the
        word the source has beside the words around it (Dass16 before Mönchtum: Das + s16,
        not Dass + 16), then the longest word (Mohoričau: Mohoriča + u, not Mohorič + au)."""
        found = splits(w)

        def score(x: list[str]) -> tuple[int, int, int]:
            beside = ((before, x[0]) in pairs) + ((x[0], after) in pairs)
            return (len(x), -beside, -len(x[0]))

        return min(found, key=score) if found else None

    def known(w: str, first: str) -> bool:
        """The source's word, with raised marks after it or not (they are split from it
        below), that goes on beyond its first half: a word broken at a line end may carry
        its note's mark, but a number at the next line's start is no part of it."""
        found = unmarked(w)
        return found is not None and len(found[0]) > len(first)

    # a letter and its accent the text layer gives apart (a + U+0308) are one letter
    text = unicodedata.normalize("NFC", text)
    # a glyph FOP has no character for (two vowel marks set as one, ٱتَّبِعُوا۟'s shadda and
    # fatha) is given as a private-use character: no letter, and no word boundary either
    text = "".join(c for c in text if unicodedata.category(c) != "Co")
    # the Devanagari vowel sign i in the order it is read, after its consonant or conjunct
    text = _PRE_BASE.sub("\\g<1>\u093f", text)
    lines = text.split("\n")
    word = rf"(?:\w|[{_marks()}])+"
    end = re.compile(rf"({word})([-\u2010\u00ad2])$")
    start = re.compile(rf"^\W*?({word})")

    def begins(w: str) -> bool:
        """Does a longer word of the source begin with ``w``?"""
        return any(len(x) > len(w) and x.startswith(w) for x in bare)

    k = -1
    while k + 1 < len(lines):
        k += 1
        line = lines[k]
        m = end.search(line)
        if not m:
            continue
        a, sign = m.group(1), m.group(2)
        if sign == "2" and (not a[-1:].isalpha() or words(a + sign, marks=False)[0] in bare):
            continue  # a number or a formula (SO2) at the line's end
        # the word goes on at the next line's start, or after a page's foot (notes, number)
        paged = False
        nearest = next((n for n in range(k + 1, len(lines)) if lines[n].strip()), k + 1)
        for n in range(k + 1, min(len(lines), nearest + 12)):
            paged = paged or "\f" in lines[n]
            go_on = start.match(lines[n])
            if go_on is None or (n > nearest and not paged):
                continue
            if sign == "2" and not go_on.group(1)[:1].isalpha():
                break
            both = words(a + go_on.group(1), marks=False)
            if not words(a, marks=False) or not words(go_on.group(1), marks=False):
                break  # marks only, on either side
            halves = (words(a, marks=False)[-1], words(go_on.group(1), marks=False)[0])
            if (
                sign in "-\u2010\u00ad"
                and len(both) == 1
                and lines[n][go_on.end(1) :].strip() in ("-", "\u2010", "\u00ad")
                and begins(both[0])
            ):
                # a word broken twice, in a narrow column (Zusam- / menset- / zung): its
                # middle joins the first line, which is looked at again
                lines[k] = line[: m.start(2)] + go_on.group(1) + lines[n][go_on.end(1) :].strip()
                lines[n] = lines[n][: go_on.start(1)]
                k -= 1
                break
            if len(both) == 1 and known(both[0], words(a, marks=False)[-1]):
                if sign not in "-\u2010\u00ad":
                    broken.append(f"{a}{sign}|{go_on.group(1)}")
                if halves in pairs:
                    # the reading has both the word and its halves side by side: either
                    lines[k] = line[: m.start(2)] + go_on.group(1) + " " + a
                else:
                    lines[k] = line[: m.start(2)] + go_on.group(1)
                    lines[n] = lines[n][: go_on.start(1)] + lines[n][go_on.end(1) :]
                break
            if n == nearest and halves in pairs:
                break  # a hyphen of the source's (al-Baṣrī): the next line's word goes on
    # a word the FO sets with a raised or lowered part inside it (``inner``: H₂SO₄, m²h):
    # pdftotext -raw ends the line after the shifted part, the word goes on at the next
    shifted = re.compile(rf"({word})$")
    for k in range(len(lines) - 1 if inner else 0):
        m = shifted.search(lines[k])
        go_on = start.match(lines[k + 1]) if m else None
        if m is None or go_on is None or go_on.start(1) > 0:
            continue
        a = words(m.group(1), marks=False)
        both = words(m.group(1) + go_on.group(1), marks=False)
        if a and len(both) == 1 and both[0] in inner and both[0] in bare:
            halves = (a[-1], words(go_on.group(1), marks=False)[0])
            keep = " " + m.group(1) if halves in pairs else ""
            lines[k] = lines[k][: m.start(1)] + m.group(1) + go_on.group(1) + keep
            lines[k + 1] = lines[k + 1][go_on.end(1) :]
    text = "\n".join(lines)

    def rejoin(m: re.Match[str]) -> str:
        both = words(m.group(1) + m.group(3), marks=False)
        return m.group(1) + m.group(3) if len(both) == 1 and both[0] in bare else m.group()

    # a combining mark the text layer gives apart from its letter splits nothing
    text = _marks_pattern().sub(rejoin, text)
    out = []
    got = words(text, marks=False)
    for k, w in enumerate(got):
        before = out[-1] if out else ""
        after = got[k + 1] if k + 1 < len(got) else ""
        out.extend(unmarked(w, before, after) or [w])
    return PdfText(out, broken)


INNER_TEXT = """
var struck = [];
if (window.__unstrike) document.querySelectorAll("body *").forEach(function (e) {
  if (getComputedStyle(e).textDecorationLine.indexOf("line-through") >= 0) { struck.push(e); }
});
struck.forEach(function (e) { e.remove(); });
document.querySelectorAll("sup, sub").forEach(function (e) {
  if (e.closest("a") || e.querySelector("a")) { e.before(" "); e.after(" "); }
});
return document.body ? document.body.innerText : "";
"""
"""The page's rendered text (``innerText``: what CSS hides is not in it), struck-through text
left out unless asked for (a deletion shown struck is not read in the normalized reading),
a raised or lowered link (a note mark) set apart from the word it follows, as the eye sees
it."""


class Browser:
    """One headless Chromium, driven through its DevTools protocol, reading many pages."""

    def __init__(self, work: Path) -> None:
        from test_site_csp_browser import Page, WebSocket, _devtools_url  # the project's driver
        from web_tools import FLAGS, find_chromium

        chromium = find_chromium()
        profile = Path(tempfile.mkdtemp(prefix="oracle-profile-", dir=work))
        self.log = (work / "oracle-chromium.log").open("wb")
        self.proc = subprocess.Popen(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "--allow-file-access-from-files",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        self.page = Page(WebSocket(_devtools_url(profile, self.proc), timeout=600))

    def inner_text(self, html: Path, struck: bool = False) -> str:
        """The page's text (:data:`INNER_TEXT`); with ``struck``, struck-through text is
        read too (a diplomatic reading shows a deletion struck)."""
        self.page.events.clear()
        self.page.open(html.resolve().as_uri(), timeout=600)
        flag = "false" if struck else "true"
        return self.page.run(f"window.__unstrike = {flag};" + INNER_TEXT, timeout=600) or ""

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.log.close()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
