"""Registers of persons, places and organisations, and tagging their names in the text.

A register is a TEI file with ``listPerson/person``, ``listPlace/place`` and
``listOrg/org``; every ``persName``/``placeName``/``orgName`` an entry holds is a form the
text may use. The longest form wins; a form never matches inside a word; a possessive
("Stalin's") stays outside the name, a supplied first name ("[Georgii] Malenkov") inside.
After a capitalized first word a form matches in any case ("Soviet army"). A name inside
a longer one is tagged too ("CC" in "CC Politburo"), unless it names the same entry.

A name points to its entry as ``#id`` (the draft's own ``standOff``), or, in a draft for an
edition, into the edition's register as its documents do (``registers.xml#id``: see
:attr:`NameTagger.pointer`).
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_edition import NS, TEI_NS, XML_NS
from tei_edition.importer.nodes import Inline, Node
from tei_edition.issues import Issue, TeiEditionError
from tei_edition.read.xmlparse import display_path, parse_tei

KINDS = {"person": "persName", "place": "placeName", "org": "orgName"}
LISTS = {"person": "listPerson", "place": "listPlace", "org": "listOrg"}
_OPAQUE = "\x00"


@dataclass
class Entry:
    kind: str
    id: str
    element: etree._Element
    forms: list[str]

    normalized: str = ""

    def __post_init__(self) -> None:
        if not self.normalized:
            self.normalized = self.forms[0]

    @property
    def tag(self) -> str:
        return KINDS[self.kind]


@dataclass
class Register:
    entries: list[Entry] = field(default_factory=list)
    source: str = ""
    path: Path | None = None
    """The file the register was read from, if any."""

    def __post_init__(self) -> None:
        self._by_form: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for form in _with_capitals(entry.forms):
                bucket = self._by_form.setdefault(_fold(form), [])
                if entry not in bucket:
                    bucket.append(entry)
        forms = sorted(
            {f for e in self.entries for f in _with_capitals(e.forms)}, key=lambda f: (-len(f), f)
        )
        self.pattern: re.Pattern[str] | None = None
        if forms:
            alternation = "|".join(_form_pattern(f) for f in forms)
            self.pattern = re.compile(rf"(?<![\w\-])(?:{alternation})(?P<plural>s)?(?![\w\-])")

    def candidates(self, matched: str) -> list[Entry]:
        return self._by_form.get(_fold(matched), [])

    def by_id(self, xml_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == xml_id), None)

    def known_words(self) -> set[str]:
        return {w for e in self.entries for form in _with_capitals(e.forms) for w in form.split()}

    def __bool__(self) -> bool:
        return bool(self.entries)


def _with_capitals(forms: list[str]) -> list[str]:
    """The forms of an entry, and each capitalized one in capitals as cables write names
    ("Mao Zedong", "MAO ZEDONG"; "Stalin", "STALIN"): a form of one letter before others
    (an initial) is not doubled, nor one already in capitals ("CC")."""
    out = list(forms)
    for form in forms:
        upper = form.upper()
        if form[:1].isupper() and upper != form and len(form) > 2 and upper not in out:
            out.append(upper)
    return out


def _fold(form: str) -> str:
    """The key a form is looked up by: its first word as written, the others in lower case."""
    words = form.split()
    if not words:
        return ""
    if words[0][:1].islower():
        return " ".join(words)
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def _form_pattern(form: str) -> str:
    """A form as a pattern: any whitespace between words; after a capitalized first word
    the others in any case ("Soviet Army" finds "Soviet army")."""
    words = form.split()
    if words[0][:1].islower():
        return r"\s+".join(map(re.escape, words))
    return r"\s+".join([re.escape(words[0]), *(f"(?i:{re.escape(w)})" for w in words[1:])])


def _form_text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def load_register(path: Path | str, *, empty: bool = False) -> Register:
    """Read the registers of a TEI file (an edition, or a file holding only a standOff).

    A file with no entry is refused, unless ``empty`` (an edition's register not yet grown).
    """
    name = display_path(path)
    tree = parse_tei(path)
    entries: list[Entry] = []
    for kind, tag in KINDS.items():
        for entry_el in tree.getroot().iter(f"{{{TEI_NS}}}{kind}"):
            xml_id = entry_el.get(f"{{{XML_NS}}}id")
            if not xml_id:
                continue
            forms: list[str] = []
            normalized = ""
            for name_el in entry_el.iter(f"{{{TEI_NS}}}{tag}"):
                text = _form_text(name_el)
                if text and text not in forms:
                    forms.append(text)
                if text and name_el.get("type") == "normalized" and not normalized:
                    normalized = text
            if forms:
                entries.append(Entry(kind, xml_id, entry_el, forms, normalized))
    if not entries and not empty:
        raise TeiEditionError(
            Issue(
                name,
                1,
                1,
                rule="registers",
                message="no listPerson/person, listPlace/place or listOrg/org entries "
                "with an xml:id and a name",
            )
        )
    return Register(entries, name, Path(path))


@dataclass
class _Match:
    start: int
    end: int
    text: str
    prefix: str
    plural: bool
    candidates: list[Entry]


@dataclass
class NameTagger:
    """Tags names in inline content; remembers which entries were used and in what order.

    A form several entries share ("Kovalev", "CC") goes to the entry that the name it sits
    in belongs with ("CC" in "CC Politburo"), then to the one whose first name was
    supplied, then to the one named most recently, then to the first in the register; the
    last two are listed as ambiguous. The plural of a shared form ("both Kovalevs") points
    to all its entries.
    """

    register: Register
    used: dict[str, Entry] = field(default_factory=dict)
    recent: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, list[str], str, int, int]] = field(default_factory=list)
    line: int = 0
    """The source line being tagged, for the worklist."""
    source: str = ""
    """Its text: ambiguous names are placed by their next occurrence in it."""
    cursor: int = 0
    pointer: str = ""
    """The register's file as the documents of an edition point into it (``registers.xml``):
    names point to ``registers.xml#id``; empty, to ``#id``."""
    _supplied_for: Inline | None = field(default=None, init=False, repr=False, compare=False)
    _supplied: dict[int, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def at(self, line: int, source: str) -> None:
        """Tag the text of source line ``line`` next."""
        self.line, self.source, self.cursor = line, source, 0

    def _column(self, text: str) -> int:
        found = self.source.find(text, self.cursor)
        if found < 0:
            return 0
        self.cursor = found + len(text)
        return found + 1

    def ref(self, entry: Entry) -> str:
        """The pointer to ``entry``: ``#id``, or ``registers.xml#id`` (:attr:`pointer`)."""
        return f"{self.pointer}#{entry.id}"

    def link(self, name: str, kind: str) -> str | None:
        """The pointer to the one entry of ``kind`` with the form ``name`` (header names)."""
        found = [e for e in self.register.candidates(name) if e.kind == kind]
        if len(found) != 1:
            return None
        self.used.setdefault(found[0].id, found[0])
        return self.ref(found[0])

    def tag(self, content: Inline) -> Inline:
        """Tag names in ``content`` and inside the remarks and supplements it holds."""
        result = self._tag_level(content)
        for item in result:
            if isinstance(item, Node) and item.recurse:
                item.children = self.tag(item.children)
        return result

    def tag_glossed(self, content: Inline) -> Inline:
        """``Filippov [Stalin]``: the name just before the translator's identification is
        tagged as the one entry the identification names; the identification is kept.
        A name already tagged is left as it is."""
        out: Inline = []
        for item in content:
            if isinstance(item, Node) and item.recurse and not item.gloss:
                item.children = self.tag_glossed(item.children)
            if isinstance(item, Node) and item.gloss and out and isinstance(out[-1], str):
                entry = _glossed_entry(item, self.register)
                m = _NAME_BEFORE.search(out[-1]) if entry is not None else None
                if entry is not None and m is not None:
                    head = out[-1][: m.start(1)]
                    name = Node(entry.tag, {"ref": self.ref(entry)}, [m.group(1)], key=m.group(1))
                    out[-1:] = [head, name, m.group(2)] if head else [name, m.group(2)]
                    self.used.setdefault(entry.id, entry)
            out.append(item)
        return out

    def _tag_level(self, content: Inline, outer: list[Entry] | None = None) -> Inline:
        if self.register.pattern is None:
            return content
        keys = [_item_key(item) for item in content]
        starts: list[int] = []
        pos = 0
        for key in keys:
            starts.append(pos)
            pos += len(key)
        joined = "".join(keys)
        matches = self._find(content, starts, keys, joined, outer)
        if not matches:
            return content
        spans: list[tuple[int, int, list[Entry]]] = []
        for match in matches:
            entries = self._choose(match, outer)
            if entries:
                spans.append((match.start, match.end, entries))
        if not spans:
            return content
        result = _wrap(content, starts, keys, spans, self.pointer)
        for item in result:
            if isinstance(item, Node) and item.attrib.get("_new"):
                del item.attrib["_new"]
                refs = item.attrib["ref"].split()
                ids = dict.fromkeys(_entry_id(r) for r in refs)
                inner = [self.used[i] for i in ids if i in self.used]
                item.children = self._tag_level(item.children, inner)
        return result

    def _find(
        self,
        content: Inline,
        starts: list[int],
        keys: list[str],
        joined: str,
        outer: list[Entry] | None,
    ) -> list[_Match]:
        """Names in ``joined``, left to right, the longest acceptable form at each place."""
        pattern = self.register.pattern
        assert pattern is not None
        found: list[_Match] = []
        search_from = 0
        self._supplied_for = None  # see _with_supplied_first_name
        while True:
            m = pattern.search(joined, search_from)
            if m is None:
                return found
            start = m.start()
            accepted: _Match | None = None
            current: re.Match[str] | None = m
            while current is not None:
                accepted = self._accept(current, content, starts, keys, joined, outer)
                if accepted is not None:
                    break
                current = _shorter(pattern, joined, start, current.end())
            if accepted is None:
                search_from = start + 1
                continue
            found.append(accepted)
            search_from = accepted.end

    def _accept(
        self,
        m: re.Match[str],
        content: Inline,
        starts: list[int],
        keys: list[str],
        joined: str,
        outer: list[Entry] | None,
    ) -> _Match | None:
        start, end = m.start(), m.end()
        plural = bool(m.group("plural"))
        text = m.group()[: len(m.group()) - (1 if plural else 0)]
        candidates = self.register.candidates(text)
        if (
            not candidates
            or (outer is not None and start == 0 and end == len(joined))
            or (outer is not None and any(c in outer for c in candidates))
            or not _aligned(content, starts, keys, start, end)
            or _corrected_to_another(content, starts, keys, start, end, candidates, self.register)
        ):
            return None
        first = self._with_supplied_first_name(content, starts, joined, start)
        return _Match(first, end, text, joined[first:start], plural, candidates)

    def _with_supplied_first_name(
        self, content: Inline, starts: list[int], joined: str, start: int
    ) -> int:
        """Move ``start`` back over a supplied first name: "[Georgii] Malenkov"."""
        # the one space ending joined[:start] (after no other): it stands at start - 1, or at
        # start - 2 before a last line break ("$"); the lookbehind sees before the window
        gap = _GAP.search(joined, max(0, start - 2), start)
        if gap is None:
            return start
        if self._supplied_for is not content:  # where each supplied name ends: its start
            self._supplied_for = content
            self._supplied = {}
            for item, s in zip(content, starts, strict=True):
                if (
                    isinstance(item, Node)
                    and item.tag == "supplied"
                    and item.key
                    and item.key[:1].isupper()
                ):
                    self._supplied.setdefault(s + len(item.key), s)
        return self._supplied.get(gap.start(), start)

    def _choose(self, match: _Match, outer: list[Entry] | None) -> list[Entry]:
        candidates = match.candidates
        if match.plural:
            if len(candidates) < 2:
                return []
            for c in candidates:
                self.used.setdefault(c.id, c)
            return candidates
        if len(candidates) == 1:
            choice = candidates[0]
        else:
            first = match.prefix.strip().rstrip(".")

            def score(c: Entry) -> tuple[int, int]:
                nested = int(bool(outer) and any(_related(c, o) for o in outer or []))
                named = int(
                    bool(first) and any(f.startswith(first) for f in c.forms if f != match.text)
                )
                return nested, named

            scores = {c.id: score(c) for c in candidates}
            best = max(scores.values())
            top = [c for c in candidates if scores[c.id] == best]
            if len(top) > 1:
                recent = [c for c in top if c.id in self.recent]
                choice = max(recent, key=lambda c: self.recent.index(c.id)) if recent else top[0]
                self.ambiguous.append(
                    (
                        match.text,
                        [c.id for c in candidates],
                        choice.id,
                        self.line,
                        self._column(match.text),
                    )
                )
            else:
                choice = top[0]
        if choice.id in self.recent:
            self.recent.remove(choice.id)
        self.recent.append(choice.id)
        self.used.setdefault(choice.id, choice)
        return [choice]


def _shorter(pattern: re.Pattern[str], joined: str, start: int, end: int) -> re.Match[str] | None:
    """The next shorter match at ``start`` ending before ``end``, on a word boundary."""
    while end > start + 1:
        m = pattern.match(joined, start, end - 1)
        if m is None:
            return None
        after = joined[m.end() : m.end() + 1]
        if not after or not (after.isalnum() or after in "_-"):
            return m
        end = m.end()
    return None


def _item_key(item: Node | str) -> str:
    if isinstance(item, str):
        return item
    return item.key if item.key else _OPAQUE


def _related(a: Entry, b: Entry | None) -> bool:
    """One entry's normalized name holds the other's: "Central Committee of the VKP(b)"
    and "Politburo of the Central Committee of the VKP(b)"."""
    if b is None or a.id == b.id:
        return False
    return a.normalized in b.normalized or b.normalized in a.normalized


def _corrected_to_another(
    content: Inline,
    starts: list[int],
    keys: list[str],
    start: int,
    end: int,
    candidates: list[Entry],
    register: Register,
) -> bool:
    """A sic whose correction names another entry ("Beijing [sic, in fact Hunan]") is not
    one name: its two readings are tagged apart."""
    for i in range(bisect_left(starts, start), len(content)):  # the items starting at start
        item, s, k = content[i], starts[i], keys[i]
        if s != start:
            break
        if s + len(k) == end and isinstance(item, Node) and item.tag == "choice":
            corr = next((c for c in item.children if isinstance(c, Node) and c.tag == "corr"), None)
            if corr is None:
                return False
            others = register.candidates(corr.text())
            return bool(others) and not any(o in candidates for o in others)
    return False


def _aligned(content: Inline, starts: list[int], keys: list[str], start: int, end: int) -> bool:
    """True when [start, end) cuts no node: it may cut strings only."""
    # the items end where the next starts: those before the last one starting at or before
    # ``start`` end at or before it, and those from the first starting at ``end`` on after
    first = max(bisect_right(starts, start) - 1, 0)
    for i in range(first, bisect_left(starts, end)):
        item, s, k = content[i], starts[i], keys[i]
        e = s + len(k)
        if e <= start or s >= end or isinstance(item, str):
            continue
        if s < start or e > end or k == _OPAQUE:
            return False
    return True


_GAP = re.compile(r"(?<!\s)\s$")


_NAME_BEFORE = re.compile(r"(?<![\w'’\-])((?:[A-Z][\w'’\-]*\.?\s){0,2}[A-Z][\w'’\-]*\.?)(\s+)$")
"""One to three capitalized words ending the text, then the space before a bracket."""


def _glossed_entry(note: Node, register: Register) -> Entry | None:
    """The entry an identification names, when it consists of one tagged name."""
    kids = [c for c in note.children if not (isinstance(c, str) and not c.strip())]
    if len(kids) != 1 or not isinstance(kids[0], Node):
        return None
    refs = kids[0].attrib.get("ref", "").split()
    if kids[0].tag not in KINDS.values() or len(refs) != 1:
        return None
    return register.by_id(_entry_id(refs[0]))


def _entry_id(ref: str) -> str:
    """The entry a pointer names: ``mao`` of ``#mao`` and of ``registers.xml#mao``."""
    return ref.rpartition("#")[2]


def _name_node(entries: list[Entry], group: Inline, pointer: str) -> Node:
    ref = " ".join(f"{pointer}#{e.id}" for e in entries)
    return Node(entries[0].tag, {"ref": ref, "_new": "1"}, group)


def _wrap(
    content: Inline,
    starts: list[int],
    keys: list[str],
    spans: list[tuple[int, int, list[Entry]]],
    pointer: str = "",
) -> Inline:
    # cut strings at every span boundary, then group.
    cuts = sorted({p for s, e, _ in spans for p in (s, e)})
    pieces: list[tuple[int, Node | str]] = []
    for item, s, k in zip(content, starts, keys, strict=True):
        if isinstance(item, str):
            inner = cuts[bisect_right(cuts, s) : bisect_left(cuts, s + len(k))]
            prev = s
            for c in [*inner, s + len(k)]:
                if c > prev:
                    pieces.append((prev, item[prev - s : c - s]))
                prev = c
        else:
            pieces.append((s, item))
    out: Inline = []
    span_iter = iter(spans)
    current = next(span_iter, None)
    group: Inline | None = None
    for pos, piece in pieces:
        while current is not None and group is not None and pos >= current[1]:
            out.append(_name_node(current[2], group, pointer))
            group = None
            current = next(span_iter, None)
        if current is not None and group is None and pos == current[0]:
            group = []
        if group is not None:
            group.append(piece)
        elif isinstance(piece, str) and out and isinstance(out[-1], str):
            out[-1] += piece
        else:
            out.append(piece)
    if group is not None and current is not None:
        out.append(_name_node(current[2], group, pointer))
    return out


def standoff(entries: Iterable[Entry]) -> etree._Element | None:
    """A ``standOff`` holding copies of ``entries``, grouped by kind, in register order."""
    chosen = list(entries)
    if not chosen:
        return None
    stand = etree.Element(f"{{{TEI_NS}}}standOff")
    for kind, list_tag in LISTS.items():
        of_kind = [e for e in chosen if e.kind == kind]
        if not of_kind:
            continue
        lst = etree.SubElement(stand, f"{{{TEI_NS}}}{list_tag}")
        for entry in of_kind:
            clone = copy.deepcopy(entry.element)
            clone.tail = None
            for ref_el in clone.xpath(".//*[@ref or @corresp]", namespaces=NS):
                for attr in ("ref", "corresp"):
                    if ref_el.get(attr, "").startswith("#"):
                        del ref_el.attrib[attr]
            lst.append(clone)
    return stand
