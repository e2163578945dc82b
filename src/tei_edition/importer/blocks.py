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

BlockKind = Literal["p", "head", "milestone", "signed", "opener", "closer"]
OpenerPart = Literal["dateline", "salute", "seg", "signed"]

_MILESTONE = re.compile(r"^(?:\\?\*\s*){3,}$")
_FINAL = re.compile(r"[.!?…:;]['\"”’)\]]*$|^\(.*\)$|^\[.*\]$")
HEADING_MAX_WORDS = 8
SIGNATURE_MAX_WORDS = 6


@dataclass
class Segment:
    """Text from consecutive source lines, with the line it starts on."""

    line: int
    text: str


@dataclass
class Block:
    kind: BlockKind
    segments: list[Segment] = field(default_factory=list)
    blank_before: int = 0
    joined_by_blank_lines: list[int] = field(default_factory=list)
    part: OpenerPart = "seg"
    """Within an opener or closer: what the block is."""
    seg_type: str = ""

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
    raw = _raw_blocks(lines)
    out: list[Block] = []
    for i, block in enumerate(raw):
        text = block.text.strip()
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
