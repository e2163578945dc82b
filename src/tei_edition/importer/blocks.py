"""The body's blocks: paragraphs, headings, section breaks, a closing signature.

Blank lines separate blocks. A block that stops in mid-sentence (no sentence-final
punctuation) continues in the next one across a page break; a short line without final
punctuation between complete sentences is a heading; ``***`` is a section break; a short
last line without final punctuation after the text is a signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from tei_edition.importer.dates import find_dates
from tei_edition.importer.layout import Line

BlockKind = Literal[
    "p", "head", "milestone", "signed", "opener", "closer", "span", "item", "footnote"
]
OpenerPart = Literal["dateline", "salute", "seg", "signed", "milestone"]

_MILESTONE = re.compile(r"^(?:\\?\*\s*){3,}$|^(?:\\?_){5,}$|^[—–-]{5,}$")
_FINAL = re.compile(r"[.!?…:;]['\"”’)\]]*$|^\(.*\)$|^\[.*\]$")
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
        for off, ch in enumerate(text):
            if ch not in "[]" or (off and text[off - 1] == "\\"):
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
    return [p for p in kept if not any(q != p and q[0] <= p[0] and p[2] <= q[2] for q in kept)]


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
        out.extend(blocks[i:sb])
        first, last = blocks[sb], blocks[eb]
        before = _piece(first, 0, so)
        if before is not None:
            out.append(before)
        inner = [_piece(first, so + 1), *blocks[sb + 1 : eb], _piece(last, 0, eo)]
        children = [b for b in inner if b is not None]
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
        trailing.insert(0, block)
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
    placeholder (:data:`FOOTNOTE`) in the segment that has it."""
    notes: list[Block] = []
    for block in reversed(blocks):
        if block.kind == "milestone" and notes:
            continue
        m = _FOOTNOTE_MARK.match(block.segments[0].text) if block.kind == "p" else None
        if m is None or len(block.segments) > 1:
            break
        notes.insert(0, block)
    found: list[Block] = []
    for note in notes:
        m = _FOOTNOTE_MARK.match(note.segments[0].text)
        assert m is not None
        mark = m.group("mark")
        for block in blocks:
            if block is note:
                break
            hit = next(
                (
                    (k, seg)
                    for k, seg in enumerate(block.segments)
                    if _attached_mark(seg.text, mark) >= 0
                ),
                None,
            )
            if hit is None or block.kind not in ("p", "head", "opener", "closer", "item"):
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
    return found


FOOTNOTE = 0xE100
"""Footnote ``n`` is marked in its segment's text by ``chr(FOOTNOTE + n)`` characters."""


def _attached_mark(text: str, mark: str) -> int:
    """Where ``mark`` first stands right after a word, or -1."""
    start = 0
    while (at := text.find(mark, start)) >= 0:
        if at > 0 and not text[at - 1].isspace():
            return at
        start = at + 1
    return -1


def read_blocks(lines: list[Line]) -> list[Block]:
    """Group the body's lines into blocks and decide what each block is."""
    raw = _spans(_raw_blocks(lines))
    out: list[Block] = []
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
            prev is None or prev.kind != "p" or ends_sentence(prev.text) or _salutation(prev)
        )
        if (
            prev is not None
            and prev.kind == "p"
            and not prev_complete
            and (
                not (field_like(prev) or field_like(block))
                or (text[:1].islower() and not _header_line(prev))
            )
        ):
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
