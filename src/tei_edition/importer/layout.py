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
from tei_edition.xmlparse import display_path, read_bytes

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
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise TeiEditionError(
            Issue(
                name,
                line,
                1,
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


def read_archive(path: Path | str) -> ArchiveDocument:
    """Read a source in the archive's layout; raise :class:`TeiEditionError` when it is not one."""
    name = display_path(path)
    data = read_bytes(path)  # raises on missing, directory, empty
    text = decode_source(data, name)
    return parse_archive(text, name)


def parse_archive(text: str, name: str = "<source>") -> ArchiveDocument:
    """Split the text of a source into its header parts, front-matter sections and body."""
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
    doc.body = body
    return doc


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "section"


def _excerpt(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
