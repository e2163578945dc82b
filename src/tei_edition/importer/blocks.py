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

from tei_edition.importer.layout import Line

BlockKind = Literal["p", "head", "milestone", "signed", "opener", "closer", "span"]
OpenerPart = Literal["dateline", "salute", "seg", "signed"]

_MILESTONE = re.compile(r"^(?:\\?\*\s*){3,}$")
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
    r"^(?:Draft|Copy|Original|Secret|Top Secret|Strictly Secret|Confidential|Urgent|Personal"
    r"|Not for publication|Translation|Excerpt|Extract)[.!]?$",
    re.IGNORECASE,
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


def _opener_part(block: Block) -> tuple[OpenerPart, str] | None:
    """What a short block at the head of the text is, if it belongs to an opener."""
    text = block.text.strip()
    if _VERSION.match(text) and not _STATUS.match(text):
        return "seg", "version"
    if _STATUS.match(text):
        return "seg", "status"
    if _SALUTE.match(text):
        return "salute", ""
    if _DATED.search(text) and _short(text, HEADING_MAX_WORDS):
        return "dateline", ""
    return None


def _mark_opener(blocks: list[Block]) -> None:
    """Short blocks before the first paragraph of the text form an opener, when one of them
    is a version or status line, a salutation, or a place and date."""
    leading: list[Block] = []
    for block in blocks:
        if (
            block.kind == "milestone"
            or not _short(block.text, HEADING_MAX_WORDS)
            or len(block.segments) > 1
        ):
            break
        leading.append(block)
    if len(leading) == len(blocks):
        leading = leading[:-1]  # the text itself is never an opener
    parts = [_opener_part(b) for b in leading]
    if not any(parts):
        return
    last = max(i for i, part in enumerate(parts) if part)
    for block, part in zip(leading[: last + 1], parts[: last + 1], strict=True):
        block.kind = "opener"
        block.part, block.seg_type = part or ("seg", "")


def _mark_closer(blocks: list[Block]) -> None:
    """Short blocks after the last paragraph, ending with a signature, form a closer."""
    if len(blocks) < 2 or blocks[-1].kind != "signed":
        return
    blocks[-1].kind = "closer"
    blocks[-1].part = "signed"
    for block in reversed(blocks[:-1]):
        text = block.text.strip()
        if block.kind not in ("p", "head") or not _short(text, SIGNATURE_MAX_WORDS):
            break
        if _CLOSING_SALUTE.match(text):
            block.kind, block.part = "closer", "salute"
        elif _DATED.search(text):
            block.kind, block.part = "closer", "dateline"
        else:
            break


def read_blocks(lines: list[Line]) -> list[Block]:
    """Group the body's lines into blocks and decide what each block is."""
    raw = _spans(_raw_blocks(lines))
    out: list[Block] = []
    for i, block in enumerate(raw):
        text = block.text.strip()
        if block.kind == "span":
            out.append(block)
            continue
        if _MILESTONE.match(text):
            block.kind = "milestone"
            out.append(block)
            continue
        prev = out[-1] if out else None
        is_last = i == len(raw) - 1
        prev_complete = (
            prev is None or prev.kind != "p" or ends_sentence(prev.text) or _salutation(prev)
        )
        if prev is not None and prev.kind == "p" and not prev_complete:
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
    _mark_opener(out)
    _mark_closer(out)
    return out
