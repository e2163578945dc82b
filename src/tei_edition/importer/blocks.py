"""The body's blocks: paragraphs, headings, section breaks, a closing signature.

Blank lines separate blocks. A block that stops in mid-sentence (no sentence-final
punctuation) continues in the next one across a page break; a short line without final
punctuation between complete sentences is a heading; ``***`` is a section break; a short
last line without final punctuation after the text is a signature.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from tei_edition.importer.dates import find_dates
from tei_edition.importer.layout import Line

BlockKind = Literal[
    "p", "head", "milestone", "signed", "opener", "closer", "span", "item", "footnote"
]
OpenerPart = Literal["dateline", "salute", "seg", "signed", "milestone"]

_SQUARE = re.compile(r"[\[\]]")
_MILESTONE = re.compile(r"^(?:\\?\*\s*){3,}$|^(?:\\?_){5,}$|^[—–-]{5,}$")
_FINAL = re.compile(r"[.!?…:;]['\"”’)\]]*$|^\(.*\)$|^\[.*\]$")
_FINAL_MARK = re.compile(r"[.!?…:;]['\"”’)\]]*$")
HEADING_MAX_WORDS = 8
SIGNATURE_MAX_WORDS = 6
MAX_SPAN_BLOCKS = 6
"""A square bracket closing more paragraphs after it opened is not taken as its pair."""


@dataclass
class Segment:
    """Text from consecutive source lines, with the line it starts on."""

    line: int
    text: str
    column: int = 1


@dataclass
class Block:
    kind: BlockKind
    segments: list[Segment] = field(default_factory=list)
    blank_before: int = 0
    joined_by_blank_lines: list[int] = field(default_factory=list)
    part: OpenerPart = "seg"
    """Within an opener or closer: what the block is."""
    seg_type: str = ""
    children: list[Block] = field(default_factory=list)
    """Of a ``span``: the paragraphs inside a square bracket that runs over several."""
    label: str = ""
    """Of an ``item``: its number as written ("1.", "(2)"); of a ``footnote``: its mark."""
    list_start: bool = False
    """Of an ``item``: the first of its list."""

    @property
    def line(self) -> int:
        return self.segments[0].line

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)


def _raw_blocks(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    current: list[Line] = []
    blanks = 0
    pending_blanks = 0
    for line in [*lines, Line(0, "")]:
        if line.text.strip():
            if not current:
                pending_blanks = blanks
            current.append(line)
            blanks = 0
            continue
        if current:
            text = "\n".join(ln.text.strip() for ln in current)
            blocks.append(Block("p", [Segment(current[0].number, text)], pending_blanks))
            current = []
        blanks += 1
    return blocks


def _brackets(blocks: list[Block]) -> list[tuple[int, int, int, int]]:
    """The square brackets that open in one block and close in a later one, outermost only:
    (first block, offset of "[", last block, offset of "]")."""
    stack: list[tuple[int, int]] = []
    pairs: list[tuple[int, int, int, int]] = []
    for bi, block in enumerate(blocks):
        text = block.segments[0].text
        for m in _SQUARE.finditer(text):
            off, ch = m.start(), m.group()
            if off and text[off - 1] == "\\":
                continue
            if ch == "[":
                stack.append((bi, off))
            elif stack:
                sb, so = stack.pop()
                if sb != bi:
                    pairs.append((sb, so, bi, off))
    kept = [
        (sb, so, eb, eo)
        for sb, so, eb, eo in pairs
        if eb - sb < MAX_SPAN_BLOCKS
        and (so == 0 or blocks[sb].segments[0].text[so - 1].isspace())
        and (
            eo + 1 == len(blocks[eb].segments[0].text)
            or blocks[eb].segments[0].text[eo + 1].isspace()
        )
    ]
    # a pair inside another (by its blocks) is left out: another with the same blocks, or one
    # beginning no later and ending no sooner; such a pair spans fewer than MAX_SPAN_BLOCKS
    # blocks, so only the blocks near it are looked at (not every other pair)
    spans = Counter((sb, eb) for sb, _, eb, _ in kept)

    def inside_another(sb: int, eb: int) -> bool:
        if spans[(sb, eb)] > 1:
            return True
        return any(
            (qs, qe) in spans
            for qs in range(max(eb - MAX_SPAN_BLOCKS + 1, 0), sb + 1)
            for qe in range(eb, qs + MAX_SPAN_BLOCKS)
            if (qs, qe) != (sb, eb)
        )

    return [p for p in kept if not inside_another(p[0], p[2])]


def _piece(block: Block, start: int, end: int | None = None) -> Block | None:
    """The part of a one-segment block from ``start`` to ``end``, stripped; None if blank."""
    seg = block.segments[0]
    text = seg.text[start:end]
    lead = len(text) - len(text.lstrip())
    if not text.strip():
        return None
    at = start + lead
    before = seg.text[:at]
    line = seg.line + before.count("\n")
    column = at - before.rfind("\n") if "\n" in before else seg.column + at
    return Block("p", [Segment(line, text.strip(), column)], block.blank_before)


def _spans(blocks: list[Block]) -> list[Block]:
    """Group the blocks a square bracket runs over into one ``span`` block; the text before
    the opening bracket and after the closing one stays a block of its own."""
    pairs = _brackets(blocks)
    if not pairs:
        return blocks
    out: list[Block] = []
    i = 0
    for sb, so, eb, eo in pairs:
        first, last = blocks[sb], blocks[eb]
        inner = [_piece(first, so + 1), *blocks[sb + 1 : eb], _piece(last, 0, eo)]
        children = [b for b in inner if b is not None]
        if not children:
            continue  # "[" ending a block, "]" opening the next: two brackets left unpaired
        out.extend(blocks[i:sb])
        before = _piece(first, 0, so)
        if before is not None:
            out.append(before)
        span = Block("span", [s for c in children for s in c.segments], first.blank_before)
        span.children = children
        out.append(span)
        after = _piece(last, eo + 1)
        if after is not None:
            out.append(after)
        i = eb + 1
    out.extend(blocks[i:])
    return out


def ends_sentence(text: str) -> bool:
    return bool(_FINAL.search(text.strip()))


def _short(text: str, limit: int) -> bool:
    return len(text.split()) <= limit and len(text) <= 80


def _heading_like(text: str) -> bool:
    t = text.strip()
    return (
        _short(t, HEADING_MAX_WORDS)
        and t[:1].isupper()
        and not ends_sentence(t)
        and not t.endswith(",")
    )


_VERSION = re.compile(r"^(?:Version|Variant|Copy|Draft)\b[\s\w.]*$", re.IGNORECASE)
_STATUS = re.compile(
    r"^(?:Draft|Copy|Original|Translation|Excerpt|Extract)[.!]?$",
    re.IGNORECASE,
)
_CLASS_WORDS = (
    r"(?:top secret|strictly secret|secret|confidential|personal|special file|special"
    r"|single copy|(?:top |extra |ultra )?(?:priority|urgent)|immediate|flash"
    r"|(?:making copies|copying|reproduction|copies)(?: is)? (?:prohibited|forbidden|not allowed)"
    r"|not to be copied|not for publication|working notes|by cipher|by telegraph)"
)
_CLASSIFICATION = re.compile(
    rf"^\(?{_CLASS_WORDS}(?:[\s,;&]+(?:and\s+)?{_CLASS_WORDS})*\)?[.!]?\)?$"
    r"|^(?:classification|grade|level|priority)\s*:.*$",
    re.IGNORECASE,
)
"""Classification and handling lines: ``Top Secret``, ``Strictly secret.``, ``Top Priority``."""
_FIELD = re.compile(
    r"^(?P<key>to|from|date|subject|re|classification|copy to|copies to|copied to|sent to|"
    r"read by|approved by|approval|level|grade|destination|to whom|sent|received|"
    r"distribution(?: list)?|copies)\b[^:]{0,20}:",
    re.IGNORECASE,
)
"""A header field of a cable or memorandum (``To: ...``, ``From: ...``), of any length."""
_FIELD_TYPES = {
    "to": "addressee",
    "destination": "addressee",
    "to whom": "addressee",
    "sent to": "addressee",
    "from": "sender",
    "subject": "subject",
    "re": "subject",
    "classification": "classification",
    "grade": "classification",
    "level": "classification",
    "copy to": "distribution",
    "copies to": "distribution",
    "copied to": "distribution",
    "copies": "distribution",
    "distribution": "distribution",
    "distribution list": "distribution",
    "read by": "distribution",
}
_ADDRESSEE = re.compile(r"^(?:to|for|attention)\b\s*(?:com\w*\.?|cde\.|the\b|[A-Z])", re.I)
_SENDER = re.compile(r"^from\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?:\b(?:no|nos|nº|n°)\.?|#|№)\s*[\w./-]*\d|^[\d./-]+$|^(?:telegram|cable)\s+[\d.]+$",
    re.IGNORECASE,
)
"""A cable, copy or registration number: ``Issuing No. 8600``, ``Copy Nº 1``, ``113``."""
_DISTRIBUTION = re.compile(r"^(?:\d+\s+copies|distribution\b|copies\s*:?$)", re.IGNORECASE)
_SIGNED = re.compile(r"^signed\s*:", re.IGNORECASE)
_LIST_MARK = re.compile(r"^(?P<mark>\((?P<n1>\d{1,2})\)|(?P<n2>\d{1,2})[.)])\s+(?=\S)")
_FOOTNOTE_MARK = re.compile(r"^(?P<mark>\[\d{1,3}\]|[a-z]{1,2}/|\*{1,3})\s+(?=\S)")
FIELD_MAX_WORDS = 40
DATED_MAX_WORDS = 12
_NAME_IN_CAPITALS = re.compile(r"^[A-Z][A-Z\-]+(?:\s+[A-Z][A-Z\-]+){0,3}(?:\s+\[[^\]]+\])?[.:]?$")
_DOCUMENT_WORDS = re.compile(
    r"\b(?:TELEGRAM|CABLE|CIPHER|CIPHERED|COPY|SPECIAL|PRIORITY|OUTGOING|INCOMING|MEMORANDUM"
    r"|LETTER|NOTE|REPORT|RECORD|SECRET|URGENT|TRANSLATION)\b"
)
_SALUTE = re.compile(r"^(?:Dear|To)\b.*[,:!]$|^(?:Comrade|Comrades)\b.*[,!]$")
_CLOSING_SALUTE = re.compile(r"^(?:With|Yours|Sincerely|Respectfully|Greetings)\b.*,?$")
_DATED = re.compile(
    r"\b(?:1\d{3}|20\d\d)\b|\b(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+\d"
)


def _salutation(block: Block) -> bool:
    """A short greeting or leave-taking on its own ("Dear Olga,", "With greetings,")."""
    text = block.text.strip()
    return _short(text, HEADING_MAX_WORDS) and bool(
        _SALUTE.match(text) or (_CLOSING_SALUTE.match(text) and text.endswith(","))
    )


def _dated(text: str) -> bool:
    return bool(_DATED.search(text)) or any(f.attrs for f in find_dates(text))


def _field(text: str) -> bool:
    """A header field line (``To: ...``), short or long."""
    return bool(_FIELD.match(text)) and len(text.split()) <= FIELD_MAX_WORDS


def field_like(block: Block) -> bool:
    """A line of a cable's or memorandum's heading or ending rather than of its text: a
    field, a classification, a number, or a short line without a sentence in it."""
    if block.kind in ("span", "milestone") or len(block.segments) > 1:
        return block.kind == "milestone"
    text = block.text.strip()
    lines = text.split("\n")
    if _field(text) or _CLASSIFICATION.match(text) or (_NUMBER.search(text) and _short(text, 8)):
        return True
    if "\n" not in text and _short(text, DATED_MAX_WORDS) and _dated(text):
        return True
    return (
        len(lines) <= 3
        and all(_short(ln, HEADING_MAX_WORDS) for ln in lines)
        and (not ends_sentence(text) or _signature(text) or _dated(text))
    )


def _header_line(block: Block) -> bool:
    """A line that is a cable's heading or signature, never the start of a sentence."""
    text = block.text.strip()
    return (
        block.kind == "milestone"
        or bool(_field(text) or _CLASSIFICATION.match(text) or _NAME_IN_CAPITALS.match(text))
        or (bool(_NUMBER.search(text)) and _short(text, 8))
        or _signature(text)
    )


def _opener_part(block: Block) -> tuple[OpenerPart, str] | None:
    """What a short block at the head of the text is, if it belongs to an opener."""
    text = block.text.strip()
    if block.kind == "milestone":
        return "milestone", ""
    if text.startswith("[") and text.endswith("]"):
        return "seg", ""
    if _VERSION.match(text) and not _STATUS.match(text):
        return "seg", "version"
    if _STATUS.match(text):
        return "seg", "status"
    if _CLASSIFICATION.match(text):
        return "seg", "classification"
    field_match = _FIELD.match(text)
    if field_match:
        key = re.sub(r"\s+", " ", field_match.group("key").lower())
        if key == "date" or key in ("sent", "received"):
            return "dateline", ""
        return "seg", _FIELD_TYPES.get(key, "field")
    if _SALUTE.match(text):
        return "salute", ""
    if _ADDRESSEE.match(text) and _short(text, HEADING_MAX_WORDS):
        return "seg", "addressee"
    if _SENDER.match(text):
        return "seg", "sender"
    if _DISTRIBUTION.match(text):
        return "seg", "distribution"
    if _NUMBER.search(text) and _short(text, HEADING_MAX_WORDS):
        return "seg", "number"
    if _dated(text) and _short(text, DATED_MAX_WORDS):
        return "dateline", ""
    if _NAME_IN_CAPITALS.match(text) and not _DOCUMENT_WORDS.search(text):
        return "seg", "addressee"
    return None


def _mark_opener(blocks: list[Block]) -> None:
    """Short blocks before the first paragraph of the text form an opener, when one of them
    is a version, status or classification line, a header field, an addressee, a number,
    a salutation, or a place and date."""
    leading: list[Block] = []
    for block in blocks:
        if block.kind not in ("p", "head", "milestone", "signed") or not (
            field_like(block)
            or (
                block.kind != "milestone"
                and _short(block.text, HEADING_MAX_WORDS)
                and len(block.segments) == 1
            )
        ):
            break
        leading.append(block)
    while leading and leading[-1].kind == "milestone":
        leading.pop()
    if len(leading) == len(blocks):
        leading = leading[:-1]  # the text itself is never an opener
    parts = [_opener_part(b) for b in leading]
    if not any(part and part[0] != "milestone" for part in parts):
        return
    last = max(i for i, part in enumerate(parts) if part and part[0] != "milestone")
    for block, part in zip(leading[: last + 1], parts[: last + 1], strict=True):
        block.kind = "opener"
        block.part, block.seg_type = part or ("seg", "")


_NAME_WORD = r"(?:[A-Z][\w'’\-]*\.?|[A-Z]\.)"
_SIGNATURE = re.compile(
    rf"^(?:{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}|[A-Z](?:\s[A-Z]){{2,}})[.\"”’]*$"
)


def _signature(text: str) -> bool:
    """``Signed: D. Popa``, ``VYSHINSKY``, ``Terebin.``, ``24.III.50 Shtykov``: a signature."""
    bare = re.sub(r"\[[^\]]*\]", "", text).strip()
    bare = re.sub(r"\s+", " ", bare.replace("[", "").replace("]", ""))
    if _SIGNED.match(bare):
        return True
    dates = [f for f in find_dates(bare) if f.attrs]
    if dates and dates[0].start == 0:
        bare = bare[dates[0].end :].lstrip(" .,")
    if not bare or any(ch.isdigit() for ch in bare):
        return False
    return bool(_SIGNATURE.match(bare)) and not _CLASSIFICATION.match(bare)


def _mark_closer(blocks: list[Block]) -> None:
    """The short lines ending the text, from the first signature among them, form a closer:
    the signature, datelines, a salutation, and the lines after (copies, typist)."""
    if len(blocks) < 2:
        return
    trailing: list[Block] = []
    ending = len(blocks)
    while ending and blocks[ending - 1].kind == "milestone":
        ending -= 1
    for block in reversed(blocks[:ending]):
        if block.kind not in ("p", "head", "signed") or not field_like(block):
            break
        trailing.append(block)
    trailing.reverse()
    start = next((i for i, b in enumerate(trailing) if _signature(b.text.strip())), None)
    if start is None or len(trailing) - start == ending:
        return
    salute = trailing[start - 1] if start else None
    if salute is not None and _CLOSING_SALUTE.match(salute.text.strip()):
        salute.kind, salute.part = "closer", "salute"
    for i, block in enumerate(trailing[start:]):
        text = block.text.strip()
        block.kind = "closer"
        if i == 0 or (_signature(text) and not _dated(text)):
            block.part = "signed"
        elif _dated(text) and _short(text, HEADING_MAX_WORDS) and "\n" not in text:
            block.part = "dateline"
        else:
            block.part = "seg"
            if _DISTRIBUTION.match(text) or _LIST_MARK.match(text):
                block.seg_type = "distribution"


def _mark_lists(blocks: list[Block]) -> None:
    """Two or more paragraphs in a row numbered 1., 2. (or 1), (1)) in order form a list."""
    i = 0
    while i < len(blocks):
        run = [i]
        first = _list_number(blocks[i])
        if first is None:
            i += 1
            continue
        style = first[1]
        j = i + 1
        while j < len(blocks):
            nxt = _list_number(blocks[j])
            if nxt is None or nxt[1] != style or nxt[0] != first[0] + len(run):
                break
            run.append(j)
            j += 1
        if len(run) >= 2:
            for k in run:
                block = blocks[k]
                m = _LIST_MARK.match(block.segments[0].text)
                assert m is not None
                block.kind, block.label, block.list_start = "item", m.group("mark"), k == i
                seg = block.segments[0]
                block.segments[0] = Segment(seg.line, seg.text[m.end() :], seg.column + m.end())
        i = j


def _list_number(block: Block) -> tuple[int, str] | None:
    if block.kind != "p":
        return None
    m = _LIST_MARK.match(block.segments[0].text)
    if m is None:
        return None
    if m.group("n1"):
        return int(m.group("n1")), "()"
    return int(m.group("n2")), m.group("mark")[-1]


def _mark_footnotes(blocks: list[Block]) -> list[Block]:
    """Paragraphs at the end that begin with a mark ("x/", "[1]", "*") found earlier in the
    text are footnotes: each is taken out of the text, and its mark's place recorded by a
    placeholder (:data:`FOOTNOTE`) in the segment that has it. Of more than
    :data:`MAX_FOOTNOTES` such paragraphs, the last are footnotes, the others paragraphs."""
    notes: list[Block] = []
    for block in reversed(blocks):
        if block.kind == "milestone" and notes:
            continue
        m = _FOOTNOTE_MARK.match(block.segments[0].text) if block.kind == "p" else None
        if m is None or len(block.segments) > 1:
            break
        notes.append(block)
    notes.reverse()
    if not notes:
        return []
    # the last of them: the paragraphs before stay text, before the footnotes as in the source
    notes = notes[-MAX_FOOTNOTES:]
    # The blocks where each mark stands after a word, found in one pass over the text. A
    # block passed over for a mark (its kind, or no mark there now) is never looked at again
    # for that mark: a placeholder only ever takes the place of marks, never makes one.
    position = {id(block): i for i, block in enumerate(blocks)}
    marks = {_note_mark(note) for note in notes}
    where: dict[str, list[int]] = {mark: [] for mark in marks}
    for bi, block in enumerate(blocks[: position[id(notes[-1])]]):
        for seg in block.segments:
            for mark in _marks_after_words(seg.text, marks):
                if not where[mark] or where[mark][-1] != bi:
                    where[mark].append(bi)
    cursor = dict.fromkeys(marks, 0)
    found: list[Block] = []
    for note in notes:
        m = _FOOTNOTE_MARK.match(note.segments[0].text)
        assert m is not None
        mark = m.group("mark")
        places, k_place = where[mark], cursor[mark]
        while k_place < len(places) and places[k_place] < position[id(note)]:
            block = blocks[places[k_place]]
            hit = (
                next(
                    (
                        (k, seg)
                        for k, seg in enumerate(block.segments)
                        if _attached_mark(seg.text, mark) >= 0
                    ),
                    None,
                )
                if block.kind in ("p", "head", "opener", "closer", "item")
                else None
            )
            if hit is None:
                k_place += 1
                continue
            k, seg = hit
            at = _attached_mark(seg.text, mark)
            placeholder = chr(FOOTNOTE + len(found)) * len(mark)
            block.segments[k] = Segment(
                seg.line, seg.text[:at] + placeholder + seg.text[at + len(mark) :], seg.column
            )
            note.kind, note.label = "footnote", mark
            first = note.segments[0]
            note.segments[0] = Segment(first.line, first.text[m.end() :], first.column + m.end())
            found.append(note)
            break
        cursor[mark] = k_place
    return found


def _note_mark(note: Block) -> str:
    m = _FOOTNOTE_MARK.match(note.segments[0].text)
    assert m is not None
    return m.group("mark")


_MARK_AT = re.compile(r"(?=(\[\d{1,3}\]|[a-z]{1,2}/|\*{1,3}))")
"""Where a footnote mark begins (every place: marks may overlap)."""


def _marks_after_words(text: str, marks: set[str]) -> Iterator[str]:
    """The ``marks`` that stand in ``text`` right after a word (see :func:`_attached_mark`)."""
    for m in _MARK_AT.finditer(text):
        at = m.start()
        if at == 0 or text[at - 1].isspace():
            continue
        mark = m.group(1)
        # "***" there is also "*" and "**" there; other marks are the one found there
        for candidate in [mark[:n] for n in range(1, len(mark) + 1)] if mark[0] == "*" else [mark]:
            if candidate in marks:
                yield candidate


FOOTNOTE = 0xE100
"""Footnote ``n`` is marked in its segment's text by ``chr(FOOTNOTE + n)`` characters."""
MAX_FOOTNOTES = 0x100
"""Footnotes of one text, at most: their placeholders are U+E100 to U+E1FF."""


def _attached_mark(text: str, mark: str) -> int:
    """Where ``mark`` first stands right after a word, or -1."""
    start = 0
    while (at := text.find(mark, start)) >= 0:
        if at > 0 and not text[at - 1].isspace():
            return at
        start = at + 1
    return -1


HEADER_LINE_MAX = 2000
"""A paragraph already joined over a page break and longer than this (in characters) is
not taken for a heading or signature line: it is text."""


@dataclass
class _Joined:
    """What deciding whether a block goes on the paragraph before it needs to know of that
    paragraph once blocks were joined to it, kept as blocks are joined: looking again at
    the whole paragraph for each one made a long run of them quadratic."""

    block: Block | None = None
    length: int = 0
    """Of the paragraph's text (its segments joined by a space)."""
    newline: bool = False
    """Whether a segment runs over several lines."""
    stripped: bool = True
    """Whether every segment has text and no space at either end (as read_blocks makes
    them); otherwise the paragraph's text is looked at whole."""

    def extend(self, prev: Block, segments: list[Segment]) -> None:
        if self.block is not prev:
            self.block, self.length, self.newline, self.stripped = prev, -1, False, True
            segments = [*prev.segments, *segments]
        for seg in segments:
            self.length += 1 + len(seg.text)
            self.newline = self.newline or "\n" in seg.text
            self.stripped = self.stripped and bool(seg.text) and seg.text == seg.text.strip()

    def _known(self, prev: Block) -> bool:
        return self.block is prev and self.stripped

    def ends_sentence(self, prev: Block) -> bool:
        if not self._known(prev):
            return ends_sentence(prev.text)
        # _FINAL on the joined text: its end is the last segment's; "(...)" and "[...]"
        # run from the first segment's start to the last one's end, on one line
        first, last = prev.segments[0].text, prev.segments[-1].text
        return bool(_FINAL_MARK.search(last)) or (
            (first[0] + last[-1]) in ("()", "[]") and not self.newline
        )

    def salutation(self, prev: Block) -> bool:
        if self._known(prev) and self.length > 80:
            return False  # not _short
        return _salutation(prev)

    def header_line(self, prev: Block) -> bool:
        if self._known(prev) and self.length > HEADER_LINE_MAX:
            return False
        return _header_line(prev)


def read_blocks(lines: list[Line]) -> list[Block]:
    """Group the body's lines into blocks and decide what each block is."""
    raw = _spans(_raw_blocks(lines))
    out: list[Block] = []
    joined = _Joined()
    for i, block in enumerate(raw):
        text = block.text.strip()
        if block.kind == "span":
            out.append(block)
            continue
        if _MILESTONE.match(text) and "\n" not in text:
            block.kind = "milestone"
            out.append(block)
            continue
        prev = out[-1] if out else None
        is_last = i == len(raw) - 1
        prev_complete = (
            prev is None
            or prev.kind != "p"
            or joined.ends_sentence(prev)
            or joined.salutation(prev)
        )
        if (
            prev is not None
            and prev.kind == "p"
            and not prev_complete
            and (
                not (field_like(prev) or field_like(block))
                or (text[:1].islower() and not joined.header_line(prev))
            )
        ):
            joined.extend(prev, block.segments)
            prev.segments.extend(block.segments)
            prev.joined_by_blank_lines.append(block.blank_before)
            continue
        if prev_complete and _heading_like(text):
            following = raw[i + 1].text.strip() if not is_last else ""
            if is_last and prev is not None and _short(text, SIGNATURE_MAX_WORDS):
                block.kind = "signed"
            elif not is_last and not following[:1].islower():
                block.kind = "head"
        out.append(block)
    _mark_footnotes(out)
    body = [b for b in out if b.kind != "footnote"]
    _mark_opener(body)
    _mark_closer(body)
    _mark_lists(body)
    return out
