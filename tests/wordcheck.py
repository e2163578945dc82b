"""An independent word extraction for TEI, to check that an export keeps every word.

This module reads the TEI with lxml and says, without the stylesheets, which words a reading
holds and in which order:

- the running words of ``sourceDoc``, ``front``, ``body`` and ``back`` (and of every ``text``
  of a ``teiCorpus``), notes left out;
- the words of each note, one list per note;
- the words of each apparatus reading that is not the lemma, one list per reading.

What the two readings take (edition/README.md): the normalized reading takes a choice's
``corr``/``expan``/``reg``, the diplomatic one its ``sic``/``abbr``/``orig``; ``app`` gives
its ``lem`` (else its first ``rdg``) in both. Words are separated by white space, by the
boundaries of block-like elements, and by ``lb``/``pb``/``cb``/``space`` unless
``@break="no"``; ``c``, ``g``, ``am``, ``ex`` and other phrase-level elements join. In the
diplomatic reading the square brackets of supplied and expanded letters split a word, as the
source shows them (``Com[munist]``), and so do the marks around deleted words
(``gone[-lost-]``); the normalized reading leaves deleted words (``del``) out.

The checks compare these lists with an export's words (sequences of letters, digits and
combining marks, compared case-folded):

- :func:`missing`: the running words must appear in the export in order (other words, such
  as titles, note markers and tooltips, may stand between them); the first word not found is
  reported with its neighbours;
- :func:`run_together`: two neighbouring words of the reading must not come out as one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI}}}"

WORD = re.compile(
    r"[\w\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
    r"\u0730-\u074a\u135d-\u135f]+"
)

SKIP = {
    "teiHeader",
    "standOff",
    "facsimile",
    "fsdDecl",
    "interpGrp",
    "interp",
    "link",
    "linkGrp",
    "spanGrp",
    "timeline",
    "join",
    "joinGrp",
    "alt",
    "altGrp",
    "certainty",
    "precision",
    "respons",
    "fs",
    "fLib",
    "fvLib",
    "graphic",
    "media",
    "binaryObject",
    "anchor",
    "milestone",
    "index",
    "witStart",
    "witEnd",
    "lacunaStart",
    "lacunaEnd",
    # registers in the text are rendered as registers (name, dates, links), not running text
    "listPerson",
    "listPlace",
    "listOrg",
    "listEvent",
    "listNym",
}

BREAKS = {"lb", "pb", "cb", "space", "gb"}

MARKS = {"gap"}
"""Elements that stand for missing words: an edition shows a mark, which splits a word."""

BLOCKS = {
    "text",
    "front",
    "body",
    "back",
    "group",
    "div",
    "div1",
    "div2",
    "div3",
    "div4",
    "div5",
    "div6",
    "div7",
    "p",
    "ab",
    "head",
    "l",
    "lg",
    "sp",
    "speaker",
    "stage",
    "castList",
    "castGroup",
    "castItem",
    "role",
    "roleDesc",
    "actor",
    "list",
    "item",
    "label",
    "table",
    "row",
    "cell",
    "figure",
    "figDesc",
    "opener",
    "closer",
    "salute",
    "signed",
    "dateline",
    "postscript",
    "byline",
    "docAuthor",
    "docDate",
    "docEdition",
    "docImprint",
    "docTitle",
    "titlePage",
    "titlePart",
    "trailer",
    "argument",
    "epigraph",
    "floatingText",
    "listBibl",
    "biblStruct",
    "u",
    "incident",
    "kinesic",
    "vocal",
    "writing",
    "note",
    "sourceDoc",
    "surface",
    "surfaceGrp",
    "zone",
    "line",
    "fw",
    "formula",
    "address",
    "addrLine",
    "lem",
    "rdg",
    "rdgGrp",
    "app",
    "listWit",
    "witness",
    "imprimatur",
}


@dataclass
class Reading:
    """The words of one reading of a document."""

    words: list[str] = field(default_factory=list)
    notes: list[list[str]] = field(default_factory=list)
    readings: list[list[str]] = field(default_factory=list)


def _local(e: etree._Element) -> str:
    return etree.QName(e).localname if isinstance(e.tag, str) else ""


class _Collector:
    def __init__(self, reading: str) -> None:
        self.reading = reading
        self.result = Reading()

    def words_of(self, e: etree._Element) -> list[str]:
        parts: list[str] = []
        self._walk(e, parts, top=True)
        return WORD.findall("".join(parts))

    def _text(self, parts: list[str], s: str | None) -> None:
        if s:
            parts.append(s)

    def _walk(self, e: etree._Element, parts: list[str], top: bool = False) -> None:
        if not isinstance(e.tag, str) or (e.tag.startswith("{") and not e.tag.startswith(T)):
            # comments, processing instructions, other namespaces: their text is kept
            if isinstance(e.tag, str):
                self._children(e, parts)
            return
        name = _local(e)
        if name in SKIP:
            return
        if name == "note" and not top:
            self.result.notes.append(self.words_of(e))
            parts.append(" ")
            return
        if name in MARKS:
            # both readings show a mark ('[...]'; or the note that follows stands for it)
            parts.append(" ")
            return
        if name in BREAKS:
            if e.get("break") != "no":
                parts.append(" ")
            return
        if name == "figDesc" and any(
            _local(g) == "graphic" and g.get("url") for g in e.getparent()
        ):
            # a figure's description is its image's alternative text
            return
        if name == "del" and self.reading == "normalized":
            # what the source deletes is no part of the normalized reading
            return
        if name == "choice":
            self._choice(e, parts)
            return
        if name == "app":
            self._app(e, parts)
            return
        # the diplomatic reading's marks split a word: '[x]' around supplied and expanded
        # letters, ' [sic]' and ' /?/' after the words they follow; ' /?/' follows the whole
        # word where the word runs on after the unclear letters (Luisen|felde), unless a note
        # stands right after those letters
        bracketed = self.reading == "diplomatic" and (
            name in ("supplied", "ex") or (name == "del" and len(e) + len(e.text or "") > 0)
        )
        nxt = e.getnext()
        runs_on = bool(re.match(r"\w", e.tail or "") and re.search(r"\w$", "".join(e.itertext())))
        runs_on = runs_on and not (nxt is not None and _local(nxt) == "note")
        marked_after = self.reading == "diplomatic" and (
            (name == "unclear" and e.get("cert") == "low" and not runs_on)
            or (name == "sic" and _local(e.getparent()) != "choice")
        )
        if name in BLOCKS or bracketed:
            parts.append(" ")
        self._children(e, parts)
        if name in BLOCKS or bracketed or marked_after:
            parts.append(" ")

    def _children(self, e: etree._Element, parts: list[str]) -> None:
        self._text(parts, e.text)
        for child in e:
            self._walk(child, parts)
            self._text(parts, child.tail)

    def _choice(self, e: etree._Element, parts: list[str]) -> None:
        wanted = (
            ("corr", "expan", "reg") if self.reading == "normalized" else ("sic", "abbr", "orig")
        )
        other = (
            ("sic", "abbr", "orig") if self.reading == "normalized" else ("corr", "expan", "reg")
        )
        kids = [c for c in e if isinstance(c.tag, str)]
        picked = next((c for c in kids if _local(c) in wanted), None)
        has_other = any(_local(c) in other for c in kids)
        if picked is None or not has_other:
            self._children(e, parts)
            return
        self._walk(picked, parts)

    def _app(self, e: etree._Element, parts: list[str]) -> None:
        lems = [x for x in e.iter(T + "lem") if _nearest_app(x) is e]
        rdgs = [x for x in e.iter(T + "rdg") if _nearest_app(x) is e]
        main = lems[0] if lems else (rdgs[0] if rdgs else None)
        if e.get("from") or e.get("to") or e.get("loc") or _local(e.getparent()) == "listApp":
            # an entry given apart from the text it is about: every reading is its own
            main = None
            rdgs = lems + rdgs
        # white space inside app, around its readings, stands for white space around it
        if e.text and e.text[:1].isspace():
            parts.append(" ")
        if main is not None:
            self._children(main, parts)
        for r in rdgs:
            if r is not main:
                self.result.readings.append(self.words_of(r))
        for n in e:
            if _local(n) == "note":
                self.result.notes.append(self.words_of(n))
        last = e[-1] if len(e) else None
        if last is not None and last.tail and last.tail[-1:].isspace():
            parts.append(" ")


def _nearest_app(e: etree._Element) -> etree._Element | None:
    for a in e.iterancestors(T + "app"):
        return a
    return None


def extract(tree: etree._ElementTree | etree._Element, reading: str = "normalized") -> Reading:
    """The words of ``reading`` in a parsed TEI document (see the module's docstring)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    c = _Collector(reading)
    parts: list[str] = []
    for part in root.iter(T + "sourceDoc", T + "text"):
        if any(_local(a) in ("text", "sourceDoc") for a in part.iterancestors()):
            continue
        c._walk(part, parts)
        parts.append(" ")
    c.result.words = WORD.findall("".join(parts))
    return c.result


def tokens(text: str) -> list[str]:
    """The words of an export's text."""
    return WORD.findall(text)


def missing(expected: list[str], got: list[str], context: int = 6) -> str | None:
    """Where ``expected`` is not an in-order subsequence of ``got``, or None.

    The report names the first word that cannot be found, and the word before it where
    the search skipped furthest ahead in the export (where a word out of order or lost
    most likely is).
    """
    fold = [w.casefold() for w in got]
    j = last = 0
    jumps: list[tuple[int, int, int]] = []  # (skipped, expected index, export index)
    for i, w in enumerate(expected):
        wf = w.casefold()
        start = j
        while j < len(fold) and fold[j] != wf:
            j += 1
        if j == len(fold):
            far = max(jumps, default=(0, i, last))
            k, at = far[1], far[2]
            return (
                f"word {i + 1} of {len(expected)} not found in order: {w!r} after "
                f"{' '.join(expected[max(0, i - context) : i])!r}; the export has "
                f"{' '.join(got[max(0, last - context) : last + context])!r}; "
                f"the widest skip was at word {k + 1} {expected[k]!r} after "
                f"{' '.join(expected[max(0, k - context) : k])!r}, found in the export after "
                f"{' '.join(got[max(0, at - context) : at])!r}"
            )
        if j - start > 50:
            jumps.append((j - start, i, j))
        j += 1
        last = j
    return None


def run_together(expected: list[str], got: list[str], allowed: list[str] = ()) -> list[str]:
    """Neighbouring words of the reading that the export gives as one word (unless the
    document has that word too, in its text, notes or readings: ``allowed``)."""
    have = {w.casefold() for w in (*expected, *allowed)}
    out = {w.casefold() for w in got}
    joined = []
    for a, b in itertools.pairwise(expected):
        if len(a) < 3 or len(b) < 3:
            continue  # short pairs ('i' + 'n') make words by chance
        both = (a + b).casefold()
        if both in out and both not in have:
            joined.append(a + b)
    return sorted(set(joined))
