"""Reading the archive's layout: front matter sections, then the translated text.

The Wilson Center Digital Archive publishes each document as a date heading
(``## **September 4, 1958**``), a title (``### **...**``), front-matter sections
(``#### **Citation:**``, ``Summary``, ``Credits``, ``Original Language``) and a
``Contents`` section whose text follows a marker line such as ``Translation - English``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tei_edition.issues import Issue, TeiEditionError
from tei_edition.read.xmlparse import display_path, read_bytes

MAX_SOURCE_BYTES = 8 * 1024 * 1024
"""Largest source ``import`` reads (8 MiB), refused before it is read. A transcription is a
few kilobytes (the memoir is 35 KB), a book a few megabytes. Building a draft takes about
3 s and 80 MB for each MiB of source (the text model, the tree, the check that no word was
lost), so 8 MiB keeps it under half a minute and a gigabyte; the validation of so long a
draft takes longer still. xmlparse's 64 MiB for XML would allow some 200 s and 5 GB."""

MAX_CHARACTER_ISSUES = 20
"""Characters XML cannot hold reported one by one, at most; a last line counts the others."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot hold: C0 controls but tab, line feed and carriage return; the
surrogates (a bad decode leaves them lone); U+FFFE and U+FFFF."""

KNOWN_SECTIONS = {
    "citation": "citation",
    "summary": "summary",
    "credits": "credits",
    "credit": "credits",
    "original language": "languages",
    "original languages": "languages",
    "contents": "contents",
    "content": "contents",
}

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD = re.compile(r"^\*\*(.*)\*\*$|^__(.*)__$")
_MARKER = re.compile(
    r"^(?P<kind>Translation|Transcript|Transcription|Original)\s+[-–—]\s+(?P<lang>[A-Z][\w ]*?)\s*$"
)


@dataclass(frozen=True)
class Line:
    """One line of the source, 1-based."""

    number: int
    text: str


@dataclass
class Section:
    """A ``####`` front-matter section: its name as written and its lines."""

    name: str
    key: str
    line: int
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The section's paragraphs, blank lines collapsed, one paragraph per line."""
        return "\n".join(paragraphs(self.lines))


@dataclass
class ArchiveDocument:
    """What the archive's layout says about one document."""

    path: str
    date_heading: str = ""
    date_line: int = 0
    title: str = ""
    title_line: int = 0
    sections: dict[str, Section] = field(default_factory=dict)
    other_sections: list[Section] = field(default_factory=list)
    marker: str = ""
    marker_line: int = 0
    body: list[Line] = field(default_factory=list)

    def section_text(self, key: str) -> str:
        section = self.sections.get(key)
        return section.text if section is not None else ""

    @property
    def languages(self) -> list[str]:
        """The original languages, in the order given (``Russian``, ``Chinese`` ...)."""
        found: list[str] = []
        for para in paragraphs(
            self.sections["languages"].lines if "languages" in self.sections else []
        ):
            for part in re.split(r",|;|\band\b|/", para):
                name = part.strip().rstrip(".")
                if name and name not in found:
                    found.append(name)
        return found

    @property
    def translation_language(self) -> str:
        m = _MARKER.match(self.marker) if self.marker else None
        return m.group("lang") if m else ""


def paragraphs(lines: list[Line]) -> list[str]:
    """Blank-line separated paragraphs of ``lines``, inner line breaks joined by a space."""
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        if line.text.strip():
            current.append(line.text.strip())
        elif current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def _unbold(text: str) -> str:
    text = text.strip()
    m = _BOLD.match(text)
    if m:
        text = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
    return text


def decode_source(data: bytes, name: str) -> str:
    """The text of a source file; a clear error naming the line when it is not UTF-8 text."""
    if b"\x00" in data:
        at = data.index(b"\x00")
        line = data.count(b"\n", 0, at) + 1
        start = data.rfind(b"\n", 0, at) + 1
        column = len(data[start:at].decode("utf-8", "replace")) + 1
        raise TeiEditionError(
            Issue(
                name,
                line,
                column,
                rule="encoding",
                message="binary data (NUL byte): the source must be UTF-8 text",
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise TeiEditionError(
            Issue(
                name,
                line,
                column,
                rule="encoding",
                message=f"not UTF-8: invalid byte 0x{data[exc.start]:02x}",
            )
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def check_characters(text: str, name: str) -> None:
    """Refuse a text holding characters XML cannot hold, one issue for each (at most
    :data:`MAX_CHARACTER_ISSUES`, then one counting the others), at its line and column.

    They are refused rather than dropped: the editor sees where the transcription has them
    and decides what each stood for."""
    issues: list[Issue] = []
    more = 0
    line, line_start, counted = 1, 0, 0
    for m in _NOT_XML.finditer(text):
        at = m.start()
        if len(issues) >= MAX_CHARACTER_ISSUES:
            more += 1
            continue
        newlines = text.count("\n", counted, at)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted, at) + 1
        counted = at
        issues.append(
            Issue(
                name,
                line,
                at - line_start + 1,
                rule="xml-char",
                message=f"{_describe(m.group())}, which XML cannot hold: remove or replace it "
                "(no draft written)",
            )
        )
    if more:
        issues.append(
            Issue(
                name,
                rule="xml-char",
                message=f"{more} more character(s) XML cannot hold (no draft written)",
            )
        )
    if issues:
        raise TeiEditionError(issues)


_CONTROL_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
    "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
    "FS", "GS", "RS", "US",
)  # fmt: skip
"""The names of the control characters U+0000 to U+001F."""


def _describe(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return f"control character U+{code:04X} ({_CONTROL_NAMES[code]})"
    if 0xD800 <= code <= 0xDFFF:
        return f"lone surrogate U+{code:04X} (left by a bad decoding)"
    return f"noncharacter U+{code:04X}"


def read_archive(path: Path | str) -> ArchiveDocument:
    """Read a source in the archive's layout; raise :class:`TeiEditionError` when it is not one."""
    name = display_path(path)
    too_big = TeiEditionError(
        Issue(
            name,
            rule="size",
            message=f"file is larger than {MAX_SOURCE_BYTES // 2**20} MiB "
            f"({MAX_SOURCE_BYTES} bytes), the most import reads: split the transcription",
        )
    )
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0  # read_bytes says what is wrong
    if size > MAX_SOURCE_BYTES:
        raise too_big
    data = read_bytes(path)  # raises on missing, directory, empty
    if len(data) > MAX_SOURCE_BYTES:  # it grew since the stat
        raise too_big
    text = decode_source(data, name)
    return parse_archive(text, name)


def parse_archive(text: str, name: str = "<source>") -> ArchiveDocument:
    """Split the text of a source into its header parts, front-matter sections and body."""
    check_characters(text, name)
    lines = [Line(i, t.rstrip("\r")) for i, t in enumerate(text.split("\n"), start=1)]
    if not any(line.text.strip() for line in lines):
        raise TeiEditionError(Issue(name, 1, 1, rule="layout", message="file is empty"))
    doc = ArchiveDocument(path=name)
    current: Section | None = None
    seen_heading = False
    for line in lines:
        stripped = line.text.strip()
        if current is not None and current.key == "contents":
            current.lines.append(line)
            continue
        m = _HEADING.match(stripped)
        if m:
            level, label = len(m.group(1)), _unbold(m.group(2))
            if level <= 2 and not seen_heading and not doc.date_heading:
                doc.date_heading, doc.date_line = label, line.number
                seen_heading = True
                continue
            if level == 3 and not doc.title and current is None:
                doc.title, doc.title_line = label, line.number
                seen_heading = True
                continue
            if level >= 4:
                section_name = label.rstrip(":").strip()
                key = KNOWN_SECTIONS.get(section_name.lower(), "")
                current = Section(section_name, key or _slug(section_name), line.number)
                if key:
                    if key in doc.sections:
                        first = doc.sections[key].line
                        raise TeiEditionError(
                            Issue(
                                name,
                                line.number,
                                1,
                                rule="layout",
                                message=f"second {section_name!r} section (the first is at "
                                f"line {first})",
                            )
                        )
                    doc.sections[key] = current
                else:
                    doc.other_sections.append(current)
                seen_heading = True
                continue
            raise TeiEditionError(
                Issue(
                    name,
                    line.number,
                    1,
                    rule="layout",
                    message=f"unexpected heading {stripped!r} in the front matter",
                )
            )
        if not stripped:
            if current is not None:
                current.lines.append(line)
            continue
        if current is None:
            expected = (
                "a date heading ('## **Month D, YYYY**') or a title ('### **Title**')"
                if not seen_heading
                else "a section heading ('#### **Citation:**' ... '#### **Contents:**')"
            )
            raise TeiEditionError(
                Issue(
                    name,
                    line.number,
                    1,
                    rule="layout",
                    message=f"not in the archive's layout: expected {expected}, "
                    f"found {_excerpt(stripped)!r}",
                )
            )
        current.lines.append(line)
    contents = doc.sections.get("contents")
    if contents is None:
        last = max((ln.number for ln in lines if ln.text.strip()), default=1)
        raise TeiEditionError(
            Issue(
                name,
                last,
                1,
                rule="layout",
                message="no Contents section ('#### **Contents:**'): "
                "the text of the document was not found",
            )
        )
    body = list(contents.lines)
    first = next((ln for ln in body if ln.text.strip()), None)
    if first is not None and _MARKER.match(first.text.strip()):
        doc.marker, doc.marker_line = first.text.strip(), first.number
        body = [ln for ln in body if ln.number > first.number]
    if not any(ln.text.strip() for ln in body):
        raise TeiEditionError(
            Issue(name, contents.line, 1, rule="layout", message="the Contents section has no text")
        )
    _check_reserved(body, name)
    doc.body = body
    return doc


_RESERVED = re.compile("[\ue100-\ue1ff]")
"""Private-use characters the importer marks footnotes with (see blocks.FOOTNOTE)."""


def _check_reserved(body: list[Line], name: str) -> None:
    """Refuse a text using the private-use characters the importer marks footnotes with."""
    issues = [
        Issue(
            name,
            line.number,
            m.start() + 1,
            rule="import-reserved",
            message=f"private-use character U+{ord(m.group()):04X} is reserved by the importer "
            "(it marks footnotes in the text): replace it (no draft written)",
        )
        for line in body
        for m in _RESERVED.finditer(line.text)
    ]
    if issues:
        extra = len(issues) - MAX_CHARACTER_ISSUES
        kept = issues[:MAX_CHARACTER_ISSUES]
        if extra > 0:
            kept.append(
                Issue(
                    name,
                    rule="import-reserved",
                    message=f"{extra} more reserved character(s) (no draft written)",
                )
            )
        raise TeiEditionError(kept)


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "section"


def _excerpt(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
