"""Fidelity of a TEI encoding to its source transcription, word by word.

The source is a plain-text (Markdown) transcription whose translated text begins on
the line after ``Translation - English``. The TEI side is the *diplomatic reading* of
the TEI body: the text as the source shows it, rebuilt from the encoding by the rules
of ``edition/README.md``:

- ``choice``: the ``sic``, ``abbr`` or ``orig`` child; after an ``abbr``, the ``expan``
  in square brackets when it is the translator's; an ``expan`` holding ``ex`` is shown
  instead of the ``abbr``, each ``ex`` in square brackets (``Com[munist]``);
- ``supplied``, ``ex`` and the translator's ``foreign`` in square brackets (``?`` before
  ``]`` when ``@cert="low"``); a ``sic`` outside a ``choice`` followed by `` [sic]``;
- inline notes: the translator's in square brackets, the author's in parentheses when
  ``@rend="parens"``, otherwise as written; other notes are left out;
- ``unclear[@cert="low"]`` followed by `` /?/``; ``milestone[@rend]`` gives its ``@rend``;
- this edition's own interventions (``@resp="#edition"``) are not shown;
- ``pb``, ``lb``, ``cb`` separate words unless ``@break="no"``; ``gap`` gives nothing.

Words are maximal runs of non-whitespace characters, so punctuation belongs to its word
and a difference in spacing around brackets is a difference in words.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from tei_edition import NS, TEI_NS
from tei_edition.edition.config import edition_folder_of, load_edition
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.read.xmlparse import display_path, parse_tei
from tei_edition.resources import bundled_edition, bundled_source

SOURCE_MARKER = "Translation - English"
"""The line of the source transcription after which the translated text begins."""

TRANSLATOR = "#translator"
AUTHOR = "#author"
EDITION = "#edition"

RULE = "fidelity"

_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")

_BLOCK = frozenset(
    {
        "ab", "argument", "back", "body", "byline", "cell", "closer", "dateline",
        "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "docAuthor",
        "docDate", "docTitle", "epigraph", "floatingText", "front", "head", "item", "l",
        "label", "lg", "list", "opener", "p", "postscript", "row", "salute", "signed",
        "sp", "speaker", "stage", "table", "titlePart", "trailer",
    }
)  # fmt: skip
"""Elements whose boundaries are word boundaries."""

_BREAKS = frozenset({"pb", "lb", "cb", "gb"})

_FOOT = frozenset({"foot", "bottom", "end"})
"""@place values of a note the source prints as a footnote (with its mark, @n)."""
_SILENT = frozenset({"gap", "figDesc", "interp", "interpGrp", "link", "linkGrp", "span"})


@dataclass(frozen=True)
class Word:
    """One word and the 1-based line of the file it starts on."""

    text: str
    line: int


# --------------------------------------------------------------------------- source


def unescape_markdown(text: str) -> str:
    """Undo Markdown backslash escapes (``\\*`` → ``*``)."""
    return _MD_ESCAPE.sub(r"\1", text)


def _read_source(path: Path | str) -> str:
    p = Path(path)
    name = display_path(p)
    if not p.is_file():
        raise UsageError(Issue(name, rule="io", message="no such file"))
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TeiEditionError(
            Issue(name, rule="encoding", message=f"not UTF-8 text ({exc.reason})")
        ) from None
    except OSError as exc:
        raise UsageError(Issue(name, rule="io", message=exc.strerror or str(exc))) from None


def source_tokens(path: Path | str, marker: str = SOURCE_MARKER) -> list[Word]:
    """The words of the source's translated text, each with its line in the source file.

    The text runs from the line after ``marker`` (compared without surrounding
    whitespace or Markdown emphasis) to the end of the file; Markdown backslash
    escapes are undone.
    """
    lines = _read_source(path).splitlines()
    start = None
    for number, line in enumerate(lines, start=1):
        if line.strip().strip("*_#").strip() == marker:
            start = number
            break
    if start is None:
        raise TeiEditionError(
            Issue(
                display_path(path),
                rule="fidelity-source",
                message=f"no line {marker!r} marks the start of the text",
            )
        )
    words: list[Word] = []
    for number, line in enumerate(lines[start:], start=start + 1):
        words.extend(Word(w, number) for w in unescape_markdown(line).split())
    return words


def source_words(path: Path | str, marker: str = SOURCE_MARKER) -> list[str]:
    """The words of the source's translated text (see :func:`source_tokens`)."""
    return [w.text for w in source_tokens(path, marker)]


# --------------------------------------------------------------------------- TEI


def _local(el: etree._Element) -> str | None:
    if not isinstance(el.tag, str):
        return None  # comment or processing instruction
    qname = etree.QName(el)
    return qname.localname if qname.namespace in (TEI_NS, None) else None


def _pointers(el: etree._Element, attr: str = "resp") -> set[str]:
    return set((el.get(attr) or "").split())


def _by_edition(el: etree._Element) -> bool:
    resp = _pointers(el)
    return bool(resp) and resp <= {EDITION}


def _low(el: etree._Element) -> bool:
    return el.get("cert") == "low"


class _Renderer:
    """Walks a TEI subtree and collects (text, line) chunks of its diplomatic reading."""

    def __init__(self) -> None:
        self.chunks: list[tuple[str, int]] = []
        self.footnotes: list[tuple[etree._Element, int]] = []

    def emit(self, text: str | None, line: int) -> int:
        if text:
            self.chunks.append((text, line))
            return line + text.count("\n")
        return line

    def content(self, el: etree._Element, line: int, *, ex_brackets: bool = True) -> int:
        """Render the text and children of ``el`` (not its tail); return the end line."""
        line = self.emit(el.text, line)
        for child in el:
            line = self.element(child, child.sourceline or line, ex_brackets=ex_brackets)
            line = self.emit(child.tail, line)
        return line

    def element(self, el: etree._Element, line: int, *, ex_brackets: bool = True) -> int:
        name = _local(el)
        if name is None:
            if isinstance(el.tag, str):  # an element in another namespace: its text counts
                return self.content(el, line)
            return line
        if name in _BLOCK:
            line = self.emit(" ", line)
            line = self.content(el, line)
            return self.emit(" ", line)
        if name in _BREAKS:
            return line if el.get("break") == "no" else self.emit(" ", line)
        if name in _SILENT:
            return line
        if name == "milestone":
            rend = el.get("rend")
            return self.emit(f" {rend} ", line) if rend else line
        if name == "note":
            return self.note(el, line)
        if name == "choice":
            return self.choice(el, line)
        if name == "app":
            return self.app(el, line)
        if name in ("supplied", "ex"):
            if _by_edition(el) or (name == "ex" and not ex_brackets):
                return line if _by_edition(el) else self.content(el, line)
            line = self.emit("[", line)
            line = self.content(el, line)
            return self.emit("?]" if _low(el) else "]", line)
        if name == "foreign" and TRANSLATOR in _pointers(el):
            line = self.emit("[", line)
            line = self.content(el, line)
            return self.emit("?]" if _low(el) else "]", line)
        if name == "sic":
            line = self.content(el, line)
            return line if _by_edition(el) else self.emit(" [sic]", line)
        if name == "unclear":
            line = self.content(el, line)
            return self.emit(" /?/", line) if _low(el) else line
        return self.content(el, line, ex_brackets=ex_brackets)

    def note(self, el: etree._Element, line: int) -> int:
        places = (el.get("place") or "").split()
        if el.get("n") and set(places) & _FOOT:
            # the source's footnote: its mark here, its words after the text, as the
            # transcription gives them (see :func:`footnotes`)
            self.footnotes.append((el, line))
            return self.emit(el.get("n"), line)
        if "inline" not in places:
            return line
        if el.get("type") == "translator" or TRANSLATOR in _pointers(el):
            opening, closing = "[", "]"
        elif "parens" in (el.get("rend") or "").split():
            opening, closing = "(", ")"
        else:
            opening = closing = ""
        start = len(self.chunks)
        line = self.content(el, line)
        # a note holding paragraphs: its brackets close on its first and last words
        inner = self.chunks[start:]
        while inner and not inner[0][0].strip():
            inner.pop(0)
        while inner and not inner[-1][0].strip():
            inner.pop()
        if inner:
            inner[0] = (inner[0][0].lstrip(), inner[0][1])
            inner[-1] = (inner[-1][0].rstrip(), inner[-1][1])
        first = inner[0][1] if inner else line
        self.chunks[start:] = (
            [(opening, first), *inner, (closing, line)] if opening or closing else inner
        )
        return line

    def footnotes_after_text(self) -> None:
        """The words of the source's footnotes, each after its mark, after the text."""
        for el, line in self.footnotes:
            line = self.emit(f" {el.get('n')} ", el.sourceline or line)
            line = self.content(el, line)
            self.emit(" ", line)

    def choice(self, el: etree._Element, line: int) -> int:
        kids = {}
        for child in el:
            name = _local(child)
            if name is not None and name not in kids:
                kids[name] = child
        for name in ("sic", "orig"):
            if name in kids:
                return self.content(kids[name], kids[name].sourceline or line)
        abbr, expan = kids.get("abbr"), kids.get("expan")
        if abbr is not None:
            if expan is not None and any(
                not _by_edition(ex) for ex in expan.iter(f"{{{TEI_NS}}}ex")
            ):
                return self.content(expan, expan.sourceline or line)
            line = self.content(abbr, abbr.sourceline or line)
            if expan is not None and TRANSLATOR in _pointers(expan):
                line = self.emit(" [", line)
                line = self.content(expan, expan.sourceline or line, ex_brackets=False)
                line = self.emit("]", line)
            return line
        for child in el:
            if _local(child) is not None:
                return self.element(child, child.sourceline or line)
        return line

    def app(self, el: etree._Element, line: int) -> int:
        readings = [c for c in el if _local(c) in ("lem", "rdg")]
        lem = next((c for c in readings if _local(c) == "lem"), None)
        chosen = lem if lem is not None else (readings[0] if readings else None)
        return line if chosen is None else self.content(chosen, chosen.sourceline or line)


def _words(chunks: Iterable[tuple[str, int]]) -> list[Word]:
    words: list[Word] = []
    current: list[str] = []
    start = 0
    for text, first_line in chunks:
        line = first_line
        for char in text:
            if char.isspace():
                if current:
                    words.append(Word("".join(current), start))
                    current = []
                if char == "\n":
                    line += 1
            else:
                if not current:
                    start = line
                current.append(char)
    if current:
        words.append(Word("".join(current), start))
    return words


def _bodies(tree: etree._ElementTree | etree._Element) -> list[etree._Element]:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    found = root.xpath("//tei:text/tei:body[not(ancestor::tei:body)]", namespaces=NS)
    if not found and _local(root) == "body":
        found = [root]
    return list(found)


def _tree_name(tree: etree._ElementTree | etree._Element) -> str:
    doc = tree if isinstance(tree, etree._ElementTree) else tree.getroottree()
    url = doc.docinfo.URL
    if not url:
        return "<tei>"
    parsed = urlparse(url)
    return display_path(unquote(parsed.path)) if parsed.scheme == "file" else url


def diplomatic_tokens(tree: etree._ElementTree | etree._Element) -> list[Word]:
    """The words of the TEI body's diplomatic reading, each with its line in the TEI file."""
    bodies = _bodies(tree)
    if not bodies:
        raise TeiEditionError(
            Issue(_tree_name(tree), rule=RULE, message="the document has no text/body")
        )
    renderer = _Renderer()
    for body in bodies:
        renderer.element(body, body.sourceline or 1)
    renderer.footnotes_after_text()
    return _words(renderer.chunks)


def diplomatic_words(tree: etree._ElementTree | etree._Element) -> list[str]:
    """The words of the TEI body rendered as the source shows them."""
    return [w.text for w in diplomatic_tokens(tree)]


def diplomatic_text(tree: etree._ElementTree | etree._Element) -> str:
    """The diplomatic reading as one string, words separated by single spaces."""
    return " ".join(diplomatic_words(tree))


# --------------------------------------------------------------------------- compare


def _snippet(words: list[Word], limit: int = 12) -> str:
    text = " ".join(w.text for w in words[:limit])
    return text + (" …" if len(words) > limit else "")


def compare(
    tree: etree._ElementTree | etree._Element,
    source: Path | str,
    *,
    marker: str = SOURCE_MARKER,
    name: str | None = None,
) -> list[Issue]:
    """Compare the TEI body's diplomatic reading with the source, word by word.

    Returns one error per differing run of words, at the TEI line where it starts
    (``name`` overrides the file name shown); an empty list means the words agree.
    """
    src = source_tokens(source, marker)
    tei = diplomatic_tokens(tree)
    name = name or _tree_name(tree)
    source_name = display_path(source)
    matcher = difflib.SequenceMatcher(
        None, [w.text for w in src], [w.text for w in tei], autojunk=False
    )
    issues: list[Issue] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        line = tei[min(j1, len(tei) - 1)].line if tei else 0
        if i1 < len(src):
            where = f"{source_name}:{src[i1].line}"
        else:
            where = f"{source_name}:{src[-1].line if src else 0} (end)"
        if tag == "replace":
            message = (
                f"the TEI reads '{_snippet(tei[j1:j2])}' where the source ({where}) "
                f"reads '{_snippet(src[i1:i2])}'"
            )
        elif tag == "delete":
            message = (
                f"the source ({where}) has '{_snippet(src[i1:i2])}', missing from the TEI here"
            )
        else:
            message = f"the TEI has '{_snippet(tei[j1:j2])}', not in the source (at {where})"
        issues.append(Issue(name, line, 1, rule=RULE, message=message))
    return issues


@dataclass(frozen=True)
class FidelityReport:
    """The outcome of :func:`check_fidelity`."""

    file: str
    source: str
    tei_words: int
    source_words: int
    issues: list[Issue]

    def ok(self) -> bool:
        return not self.issues

    def summary(self) -> str:
        if self.ok():
            return f"{self.file}: all {self.tei_words} words agree with {self.source}"
        return (
            f"{self.file}: {len(self.issues)} difference(s) from {self.source} "
            f"({self.tei_words} words in the TEI, {self.source_words} in the source)"
        )


def check_fidelity(
    file: Path | str | None, source: Path | str | None, *, marker: str = SOURCE_MARKER
) -> FidelityReport:
    """Parse a TEI file (the bundled edition when ``file`` is None) and compare it with
    its source transcription word by word (see :func:`compare`).

    ``source`` may be None only for the bundled edition, whose transcription is bundled.
    """

    if source is None:
        if file is not None:
            raise UsageError("--source is required with a FILE: the transcription it encodes")
        source = bundled_source()
    path = Path(file) if file is not None else bundled_edition()
    tree = parse_tei(path)
    name = display_path(path)
    issues = compare(tree, source, marker=marker, name=name)
    return FidelityReport(
        file=name,
        source=display_path(source),
        tei_words=len(diplomatic_tokens(tree)),
        source_words=len(source_tokens(source, marker)),
        issues=issues,
    )


def transcription_of(path: Path | str) -> Path | None:
    """The bundled transcription of an edition's document: ``source/<stem>.txt`` in the
    folder of the edition (``edition.toml``) that holds it, or None."""

    folder = edition_folder_of(path)
    found = folder / "source" / f"{Path(path).stem}.txt" if folder is not None else None
    return found if found is not None and found.is_file() else None


def check_edition_fidelity(
    folder: Path | str | None = None, *, marker: str = SOURCE_MARKER
) -> list[FidelityReport]:
    """:func:`check_fidelity` for every document of an edition folder (default: the bundled
    edition), each against ``source/<stem>.txt``. A document without a bundled
    transcription gets a report with one error saying so."""

    edition = load_edition(Path(folder) if folder is not None else None)
    reports = []
    for doc in edition.documents:
        source = transcription_of(doc)
        if source is None:
            name = display_path(doc)
            reports.append(
                FidelityReport(
                    file=name,
                    source="",
                    tei_words=0,
                    source_words=0,
                    issues=[
                        Issue(
                            name,
                            rule=RULE,
                            message=f"no transcription source/{Path(doc).stem}.txt in the edition",
                        )
                    ],
                )
            )
            continue
        reports.append(check_fidelity(doc, source, marker=marker))
    return reports
