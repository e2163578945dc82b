"""The translator's and the author's bracket conventions, classified and encoded.

Square brackets are the translator's: supplied words (``[and]``, ``[we?]``, ``[Georgii]
Malenkov``), expansions (``CC [Central Committee]``, ``Com[munist]``), ``[sic]`` with or
without a correction, transliterations (``living pattern [rezhim]``) and the note that the
rest of the document is missing. ``/?/`` marks an uncertain reading; parentheses are the
author's own remarks; ``c.`` and ``Com.`` before a name abbreviate "comrade".
The encodings follow ``edition/README.md``.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

from tei_edition.importer.nodes import Inline, Node, append_text, el, wordset
from tei_edition.importer.worklist import Worklist
from tei_edition.issues import Issue, TeiEditionError

TRANSLATOR = "#translator"
AUTHOR = "#author"
EDITION = "#edition"

_SPECIAL = re.compile(r"\[|\]|\(|/\?/|(?<![\w.])(?:c|Com)\.(?=\s+(?:\[|[A-Z]))")
_AUTHORIAL = re.compile(
    r"\s*(?:attached|enclosed|appended|see|compare|cf\.|check|verify|insert|add|n\.\s?b\.|"
    r"omit|delete|continued|to be (?:continued|added|checked))\b",
    re.IGNORECASE,
)
"""The author's remarks to himself or the reader: "(attached)", "(compare the record ...)"."""
_ABBREVIATION = re.compile(r"(?<![\w(])([A-Z][A-Z0-9]*[A-Z](?:\([a-z]\))?|[A-Z]\([a-z]\))$")
_WORD_BEFORE = re.compile(r"([\w'’.\-]*\w[.]*)(\s*)$")
_SIC = re.compile(r"^sic\b\s*(?:[,;:]\s*(?P<rest>.*))?$", re.IGNORECASE | re.DOTALL)
_EXPAN_SIC = re.compile(
    r"^(?P<expan>[^,;]+?)\s*,\s*sic\b\s*[,;:]\s*(?P<rest>.+)$", re.IGNORECASE | re.DOTALL
)
_MISSING = re.compile(
    r"\b(?P<what>remainder|rest|end|continuation)\b.*\b(?P<why>missing|lost|illegible|"
    r"damaged|omitted|cut off|not available)\b|\b(?P<why2>illegible|omitted|missing)\b",
    re.IGNORECASE,
)
_CORRECTION = re.compile(
    r"^(?:(?:ed\.?\s*note|editor'?s note|translator'?s note)\s*[-—–:,]*\s*)?"
    r"(?:(?P<doubt>perhaps|probably|possibly|maybe)\s+|should\s+be\s+|in\s+fact\s+|"
    r"i\.\s*e\.\s*,?\s*|read\s+|correctly\s+)*(?P<corr>.+?)\??$",
    re.IGNORECASE | re.DOTALL,
)
ADDITION = re.compile(
    r"^(?P<label>(?P<kind>handwritten|hand-written|added by hand|written by hand|stamp|seal"
    r"|signature|typewritten|in the margin)(?:\s+\w+)?\s*:\s*)(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
"""``[handwritten: ...]``, ``[stamp: ...]``: what was added to the original, described."""
_ADDITION_TYPES = {"stamp": "stamp", "seal": "stamp", "typewritten": "typewritten"}
_NOTE_PREFIX = re.compile(
    r"^(?:(?:translator['’]?s?\s+note|trans\.\s*note|editor['’]?s?\s+note|ed\.\s*note|note"
    r"|that is|blank in the original|blank|space in the original|left blank"
    r"|underlined|crossed out|text missing)\b|i\.\s*e\.)",
    re.IGNORECASE,
)
"""The translator's remarks that need no decision: notes, identifications, blanks."""
_TRANSLIT_SIC = re.compile(r"^(?P<word>[^\[\]]+?)\s*[–—-]+\s*sic$", re.IGNORECASE)
"""``[ponablyusti – SIC]``: the original's word, transliterated, marked as written so."""
_CAPITALIZED = re.compile(r"^[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*$")
_TRANSLIT_FEATURES = re.compile(
    r"zh|kh|shch|tch|yi\b|iy|yy|ii\b|ya|yu|yo|ye|ʹ|q(?!u)|\bx[iu]", re.IGNORECASE
)
_ENGLISH_COMMON = wordset(
    "you your yours yes yet yesterday year years young beyond layer player eye eyes "
    "they them their theirs key keys may day days way ways any many"
)
_STOP_BEFORE_TERM = wordset(
    "a an the this that these those his her its our their my your of in on at to for with by "
    "and or but as is was were be been most more very"
)
_GAP_REASONS = {
    "missing": "missing",
    "lost": "missing",
    "cut off": "missing",
    "not available": "missing",
    "illegible": "illegible",
    "damaged": "damaged",
    "omitted": "omitted",
}

LANGUAGE_CODES = {
    "russian": "ru",
    "chinese": "zh",
    "english": "en",
    "german": "de",
    "french": "fr",
    "polish": "pl",
    "czech": "cs",
    "hungarian": "hu",
    "romanian": "ro",
    "bulgarian": "bg",
    "serbian": "sr",
    "korean": "ko",
    "japanese": "ja",
    "vietnamese": "vi",
    "mongolian": "mn",
    "spanish": "es",
    "italian": "it",
    "ukrainian": "uk",
    "georgian": "ka",
    "armenian": "hy",
    "persian": "fa",
    "arabic": "ar",
    "albanian": "sq",
    "portuguese": "pt",
}


@dataclass
class InlineContext:
    """What the encoder needs besides the text: where it is, and where to report."""

    worklist: Worklist
    path: str = "<source>"
    line: int = 0
    column: int = 1
    foreign_lang: str = "ru-Latn"
    gloss_ids: dict[str, int] = field(default_factory=dict)
    depth: int = 0
    """How many brackets and parentheses encoded as elements hold this text."""
    _newlines: tuple[str, list[int]] | None = field(default=None, repr=False, compare=False)

    def at(self, text: str, offset: int) -> tuple[int, int]:
        """Source line and column of ``offset`` in ``text`` (which starts at line/column)."""
        if self._newlines is None or self._newlines[0] is not text:
            # where the text's line breaks are, found once (not counted again at each place)
            self._newlines = (text, [m.start() for m in re.finditer("\n", text)])
        breaks = self._newlines[1]
        newlines = bisect_left(breaks, offset)  # the line breaks before offset
        if newlines:
            return self.line + newlines, offset - breaks[newlines - 1]
        return self.line, self.column + offset

    def gloss_id(self, term: str) -> str:
        base = "gloss-" + (re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-") or "term")
        n = self.gloss_ids.get(base, 0) + 1
        self.gloss_ids[base] = n
        return base if n == 1 else f"{base}-{n}"


MAX_NESTING = 32
"""Brackets and parentheses encoded inside one another, at most (a transcription has two or
three); a source nesting them deeper is refused."""


def encode_inline(text: str, ctx: InlineContext) -> Inline:
    """Encode one run of source text (a paragraph or part of one) as inline content."""
    out: Inline = []
    # text that stays text is gathered, then joined to the string ending ``out`` at once
    # before anything reads ``out`` (adding each piece to it would copy it each time)
    pending: list[str] = []

    def flush() -> None:
        if pending:
            append_text(out, "".join(pending))
            pending.clear()

    pos = 0
    while True:
        m = _SPECIAL.search(text, pos)
        if m is None:
            pending.append(text[pos:])
            flush()
            return out
        pending.append(text[pos : m.start()])
        token = m.group()
        if token == "(":
            close = _authorial_close(text, m.start())
            if close < 0:
                pending.append("(")  # plain text
                pos = m.start() + 1
                continue
            flush()
            pos = _authorial_note(text, m.start(), close, out, ctx)
            continue
        flush()
        if token == "]":
            _unresolved(
                out, ctx, text, m.start(), "]", "closing bracket ']' without an opening one"
            )
            pos = m.end()
            continue
        if token == "[":
            pos = _bracket(text, m.start(), out, ctx)
        elif token == "/?/":
            pos = _unclear(text, m, out, ctx)
        else:
            word = "Comrade" if token[0].isupper() else "comrade"
            out.append(el("choice", el("abbr", token), el("expan", word, resp=EDITION), key=token))
            pos = m.end()


def _flag(ctx: InlineContext, text: str, at: int, snippet: str, message: str) -> None:
    line, column = ctx.at(text, at)
    ctx.worklist.add(line, column, "bracket", snippet, message)


def _authorial_close(text: str, start: int) -> int:
    """Where the author's remark opening with the parenthesis at ``start`` closes; -1 when
    the parenthesis is plain text."""
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-/"):
        return -1  # VKP(b): part of a word
    i = _closing(text, start, "(", ")")
    if i < 0 or not _AUTHORIAL.match(text, start + 1, i):
        return -1  # other parentheses are plain text
    return i


def _authorial_note(text: str, start: int, i: int, out: Inline, ctx: InlineContext) -> int:
    inner = encode_inline(text[start + 1 : i], _shifted(ctx, text, start + 1))
    out.append(
        el(
            "note",
            *inner,
            recurse=True,
            type="authorial",
            resp=AUTHOR,
            place="inline",
            rend="parens",
        )
    )
    return i + 1


def _shifted(ctx: InlineContext, text: str, at: int) -> InlineContext:
    line, column = ctx.at(text, at)
    if ctx.depth >= MAX_NESTING:
        raise TeiEditionError(
            Issue(
                ctx.path,
                line,
                max(column - 1, 1),
                rule="import-nesting",
                message=f"brackets and parentheses nested more than {MAX_NESTING} deep: "
                "no draft written",
            )
        )
    return InlineContext(
        ctx.worklist, ctx.path, line, column, ctx.foreign_lang, ctx.gloss_ids, ctx.depth + 1
    )


def _pop_words(out: Inline, count: int = 1) -> str:
    """Remove the last ``count`` words (and the whitespace after them) from ``out``."""
    if not out or not isinstance(out[-1], str):
        return ""
    text = out[-1].rstrip()
    words: list[str] = []
    for _ in range(count):
        m = _last_word(text)
        if not m or not m.group(1):
            break
        words.insert(0, m.group(1))
        text = text[: m.start(1)]
        if len(words) < count:
            stripped = text.rstrip()
            if stripped == text or not stripped:
                break
            text = stripped
            words.insert(0, " ")
    if not words:
        return ""
    if text:
        out[-1] = text
    else:
        out.pop()
    return "".join(words)


def _last_word(text: str) -> re.Match[str] | None:
    """``_WORD_BEFORE.search(text)``, tried only where it can match: at the start of the
    run of word characters before the spaces ending ``text`` (a search from the start
    tries each character of each word to the end of the word: a very long word made it
    quadratic)."""
    k = _space_before_end(text)
    while k > 0 and _word_char(text[k - 1]):
        k -= 1
    return _WORD_BEFORE.match(text, k)


def _pop_exact(out: Inline, word: str) -> str:
    """Remove ``word`` (known to end the text of ``out``, before spaces) from ``out``."""
    text = str(out[-1]).rstrip()
    head = text[: len(text) - len(word)]
    if head:
        out[-1] = head
    else:
        out.pop()
    return word


def _unclear(text: str, m: re.Match[str], out: Inline, ctx: InlineContext) -> int:
    if m.start() > 0 and not text[m.start() - 1].isspace():
        # word/?/ (no space): the doubt is kept as written, after the word it is about.
        word = _pop_words(out)
        if word:
            out.append(el("unclear", word, key=word, resp=TRANSLATOR, reason="doubtful"))
        append_text(out, "/?/")
        return m.end()
    word = _pop_words(out)
    if not word:
        _flag(ctx, text, m.start(), "/?/", "'/?/' without a word before it: left as text")
        append_text(out, "/?/")
        return m.end()
    out.append(el("unclear", word, key=word, resp=TRANSLATOR, cert="low"))
    return m.end()


UNRESOLVED = "unresolved"
"""``seg/@type`` of a bracket kept as text for the editor to resolve; the Schematron
accepts it only in a draft (``revisionDesc/@status="draft"``)."""


def kept_as_text(text: str) -> Inline:
    """``text`` with each square bracket in a draft-only ``seg[@type="unresolved"]``: the
    encoding of a paragraph whose brackets could not be read without changing its words."""
    out: Inline = []
    for piece in re.split(r"([\[\]])", text):
        if piece in ("[", "]"):
            out.append(unresolved(piece))
        else:
            append_text(out, piece)
    return out


def unresolved(text: str) -> Node:
    """A bracket the importer could not read, kept as text in a draft-only marked ``seg``."""
    return el("seg", text, type=UNRESOLVED)


def _unresolved(
    out: Inline, ctx: InlineContext, text: str, at: int, kept: str, problem: str
) -> None:
    """Keep ``kept`` (a bracket the importer cannot read) as text, and list it for the editor."""
    line, column = ctx.at(text, at)
    out.append(unresolved(kept))
    ctx.worklist.add(
        line,
        column,
        "unresolved",
        kept,
        f"{problem}: kept as text in seg[@type='{UNRESOLVED}'] (the editor decides)",
    )


def _closing(text: str, start: int, opening: str = "[", closing: str = "]") -> int:
    """The index of the bracket that closes the one at ``start``, or -1."""
    opens, closes = _pairs(text, opening, closing)
    k = bisect_left(opens, start)
    if k < len(opens) and opens[k] == start:
        return closes[k]
    return -1


_PAIRS: dict[tuple[str, str], tuple[array[int], array[int]]] = {}


def _pairs(text: str, opening: str, closing: str) -> tuple[array[int], array[int]]:
    """Every ``opening`` bracket of ``text`` in order, and the index of the bracket that
    closes it (or -1), found in one pass: the first after it where as many have closed as
    opened since. (Searching from each bracket made a long line with many quadratic.)"""
    key = (text, opening)
    found = _PAIRS.get(key)
    if found is None:
        if len(_PAIRS) >= 16:
            _PAIRS.clear()
        opens: array[int] = array("q")
        closes: array[int] = array("q")
        stack: list[int] = []
        for m in re.finditer(f"[{re.escape(opening + closing)}]", text):
            if m.group() == opening:
                stack.append(len(opens))
                opens.append(m.start())
                closes.append(-1)
            elif stack:
                closes[stack.pop()] = m.start()
        found = _PAIRS[key] = (opens, closes)
    return found


def _pop_token(out: Inline) -> Inline:
    """Remove the last whitespace-delimited token from ``out`` (strings and nodes).

    Trailing whitespace is dropped. A token ending in ")" takes everything back to its "(":
    "(Taibi /?/)" is one token.
    """
    while out and isinstance(out[-1], str) and not out[-1].strip():
        out.pop()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    token: Inline = []
    depth = 0
    while out:
        item = out[-1]
        if isinstance(item, Node):
            token.insert(0, out.pop())
            continue
        cut = len(item)
        while cut > 0:
            ch = item[cut - 1]
            if ch == ")":
                depth += 1
            elif ch == "(":
                depth -= 1
            elif ch.isspace() and depth <= 0:
                break
            cut -= 1
        if cut < len(item):
            token.insert(0, item[cut:])
        if cut > 0:
            out[-1] = item[:cut]
            break
        out.pop()
    return token


def _key(items: Inline) -> str | None:
    parts = []
    for item in items:
        if isinstance(item, str):
            parts.append(item)
        elif item.key is None:
            return None
        else:
            parts.append(item.key)
    return "".join(parts)


def _bracket(text: str, start: int, out: Inline, ctx: InlineContext) -> int:
    close = _closing(text, start)
    if close < 0:
        _unresolved(out, ctx, text, start, "[", "opening bracket '[' without a closing one")
        return start + 1
    content = text[start + 1 : close]
    stripped = content.strip()
    end = close + 1
    attached = start > 0 and text[start - 1].isalpha()
    before = out[-1] if out and isinstance(out[-1], str) else ""
    if not stripped:
        _unresolved(out, ctx, text, start, text[start:end], "empty brackets '[]'")
        return end

    # word [?]: doubt about the word before.
    if stripped == "?":
        return _doubtful(text, start, end, out, ctx)

    # [handwritten: ...], [stamp: ...]: an addition to the original, with its words.
    addition = ADDITION.match(stripped)
    if addition:
        out.append(_addition_note(text, start, content, ctx))
        return end

    # observe [ponablyusti – SIC]: the original's word, transliterated, as written.
    translit_sic = _TRANSLIT_SIC.match(stripped)
    if translit_sic and _looks_transliterated(translit_sic.group("word")):
        word = translit_sic.group("word")
        term_text = _term_words(out, len(word.split()))
        gloss = ctx.gloss_id(word)
        if term_text:
            out.append(el("term", term_text, xml_id=gloss))
            append_text(out, " ")
        lang = ctx.foreign_lang
        rest = content[content.index(word) + len(word) :]
        foreign = el(
            "foreign", word, xml_lang=lang, **({"corresp": "#" + gloss} if term_text else {})
        )
        out.append(
            el(
                "note",
                foreign,
                rest,
                recurse=True,
                type="translator",
                resp=TRANSLATOR,
                place="inline",
            )
        )
        return end

    # [Translator's note: ...], [i.e., ...], [blank in the original]: the translator's remarks.
    if _NOTE_PREFIX.match(stripped):
        out.append(_translator_note(content, ctx, text, start))
        return end

    # M.[olotov]: the rest of a name given by its initial.
    if (
        start >= 2
        and text[start - 1] == "."
        and text[start - 2].isupper()
        and (start < 3 or not text[start - 3].isalpha())
        and re.fullmatch(r"[a-z][a-z'’\-]*", content)
    ):
        initial = text[start - 2 : start]
        _pop_exact(out, initial)
        out.append(
            el(
                "choice",
                el("abbr", initial),
                el("expan", initial, el("ex", content, resp=TRANSLATOR), resp=TRANSLATOR),
                key=initial[0] + content,
            )
        )
        return end

    # Com[munist]: the completion of an abbreviated word.
    if attached and re.fullmatch(r"[a-z][a-z'’\-]*", content):
        stem = _pop_words(out)
        if stem:
            out.append(
                el(
                    "choice",
                    el("abbr", stem),
                    el("expan", stem, el("ex", content, resp=TRANSLATOR), resp=TRANSLATOR),
                    key=stem + content,
                )
            )
            return end

    sic = _SIC.match(stripped)
    if sic:
        return _sic(text, start, end, content, sic.group("rest") or "", out, ctx)

    # MVD [Ministry of Internal Affairs, sic, in fact NKVD]: an expansion, then a correction.
    expan_sic = _EXPAN_SIC.match(stripped)
    if expan_sic:
        return _sic(text, start, end, content, expan_sic.group("rest"), out, ctx)

    # [illegible], [...]: what the translator could not give.
    if re.fullmatch(
        r"(?:\.\s*){3}|…|illegible|unreadable|undecipherable|words? missing|"
        r"(?:text|passage|word|words) (?:omitted|missing|illegible)",
        stripped,
        re.IGNORECASE,
    ):
        reason = (
            "omitted"
            if stripped in ("...", "…", ". . .")
            else (_gap_reason(stripped) or "illegible")
        )
        out.append(el("gap", reason=reason, resp=TRANSLATOR))
        out.append(_translator_note(content))
        return end

    # FENG XI [STALIN], PAK HEON-YEONG [Pak Hon Yong]: a name in capitals, identified.
    if _CAPITALIZED.match(stripped) and (
        re.search(r"(?<![\w\-])[A-Z][A-Z\-]+\s+[A-Z][A-Z\-]*[A-Z]\s+$", before)
        or (stripped.isupper() and _capitals_then_space(before))
    ):
        out.append(_gloss(content))
        return end

    # CC [Central Committee], VKP(b) [All-Russia Communist Party (Bolsheviks)]
    abbr = _ABBREVIATION.search(before.rstrip()) if before.strip() else None
    if abbr and len(re.sub(r"\W", "", abbr.group(1))) > 5 and _CAPITALIZED.match(stripped):
        out.append(_gloss(content))  # FILIPPOV [Stalin]: a name in capitals, not an abbreviation
        return end
    if abbr and content[:1].isupper() and not stripped.endswith("?"):
        word = _pop_exact(out, abbr.group(1))
        out.append(el("choice", el("abbr", word), el("expan", content, resp=TRANSLATOR), key=word))
        return end

    # [we?]: a doubtful supplement.
    if stripped.endswith("?") and len(stripped.split()) <= 4:
        word = content.rstrip()[:-1].rstrip()
        out.append(el("supplied", word, key=word, resp=TRANSLATOR, cert="low", recurse=True))
        return end

    # living pattern [rezhim]: a transliteration of the original's words.
    if _looks_transliterated(content):
        term_text = _term_words(out, len(content.split()))
        if term_text:
            gloss = ctx.gloss_id(content)
            out.append(el("term", term_text, xml_id=gloss))
            append_text(out, " ")
            out.append(
                el(
                    "foreign",
                    content,
                    xml_lang=ctx.foreign_lang,
                    resp=TRANSLATOR,
                    corresp="#" + gloss,
                )
            )
            return end
        _flag(
            ctx,
            text,
            start,
            f"[{content}]",
            "transliteration without the words it glosses: encoded as supplied",
        )

    # [Georgii] Malenkov: a supplied first name, kept with the name by the name tagger.
    if _CAPITALIZED.match(stripped) and _NAME_AFTER.match(text, end):
        out.append(el("supplied", content, key=content, resp=TRANSLATOR, recurse=True))
        return end

    # Terebin [Andrei Orlov]: the translator identifies the person named.
    if (
        _CAPITALIZED.match(stripped)
        and len(stripped.split()) >= 2
        and _capitalized_word_then_space(before)
    ):
        out.append(_gloss(content))
        return end

    # Filippov [Stalin], FENG XI [STALIN]: the person a codename or another spelling stands for.
    if _CAPITALIZED.match(stripped) and _capitalized_word_then_space(before, ending=True):
        out.append(_gloss(content))
        return end

    # [ed. note: ...], long explanations: the translator's notes.
    if len(stripped.split()) > 6:
        out.append(_translator_note(content, ctx, text, start))
        _flag(
            ctx,
            text,
            start,
            f"[{_excerpt(content)}]",
            "bracket not classified: kept as the translator's inline note",
        )
        return end

    out.append(el("supplied", content, key=content, resp=TRANSLATOR, recurse=True))
    return end


_NAME_AFTER = re.compile(r"\s+[A-Z]")


def _word_char(ch: str) -> bool:
    """``[\\w'’.\\-]``: a character of a word of the patterns here."""
    return ch.isalnum() or ch in "_'’.-"


def _space_before_end(text: str) -> int:
    """Where the spaces ending ``text`` begin (``len(text)`` when it ends otherwise)."""
    i = len(text)
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i


def _capitals_then_space(text: str) -> bool:
    """``re.search(r"[A-Z]{2,}\\s+$", text)``, looking at the end of ``text`` only: the
    search tries every capital of the text, each up to the end of its run of capitals."""
    i = _space_before_end(text)
    return i < len(text) and i >= 2 and all("A" <= ch <= "Z" for ch in text[i - 2 : i])


def _capitalized_word_then_space(text: str, *, ending: bool = False) -> bool:
    """``re.search(r"[A-Z][\\w'’.\\-]*\\s+$", text)`` (with ``ending``, ``[\\w.]`` before
    the spaces: ``r"[A-Z][\\w'’.\\-]*[\\w.]\\s+$"``), looking at the end of ``text``
    only: the last word, its characters back to a capital."""
    i = _space_before_end(text)
    if i == len(text) or i == 0:
        return False
    last = i
    if ending:
        if not (text[i - 1].isalnum() or text[i - 1] in "_."):
            return False
        last = i - 1  # the capital comes before the last character
    k = last
    while k > 0 and _word_char(text[k - 1]):
        k -= 1
        if "A" <= text[k] <= "Z":
            return True
    return False


def _excerpt(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _gap_reason(text: str) -> str:
    for word, reason in _GAP_REASONS.items():
        if word in text.lower():
            return reason
    return ""


def _translator_note(
    content: str, ctx: InlineContext | None = None, text: str = "", start: int = 0
) -> Node:
    """The translator's inline note; with ``ctx``, brackets inside it are encoded too."""
    inner: Inline = [content]
    if ctx is not None and ("[" in content or "(" in content or "/?/" in content):
        inner = encode_inline(content, _shifted(ctx, text, start + 1))
    return el("note", *inner, recurse=True, type="translator", resp=TRANSLATOR, place="inline")


def _gloss(content: str) -> Node:
    """The translator's identification of the name before it: a note the name tagger reads."""
    node = _translator_note(content)
    node.gloss = True
    return node


def _doubtful(text: str, start: int, end: int, out: Inline, ctx: InlineContext) -> int:
    """``word [?]``: the word is ``unclear`` (the translator doubts it); the mark is kept."""
    before = out[-1] if out and isinstance(out[-1], str) else ""
    space = before[len(before.rstrip()) :]
    word = _pop_words(out)
    if not word:
        _unresolved(out, ctx, text, start, "[?]", "'[?]' without a word before it")
        return end
    out.append(el("unclear", word, key=word, resp=TRANSLATOR, reason="doubtful"))
    append_text(out, space)
    out.append(_translator_note("?"))
    return end


def addition_type(kind: str) -> str:
    """``add/@type`` for the label of an addition ("added by hand" is handwritten)."""
    kind = kind.lower()
    return _ADDITION_TYPES.get(kind, "handwritten" if "hand" in kind else kind.split()[0])


def _addition_note(text: str, start: int, content: str, ctx: InlineContext) -> Node:
    """``[stamp: Incoming No. 1397]``: the translator's note, its label, then an ``add``
    holding the added words (brackets inside them encoded too)."""
    m = ADDITION.match(content.lstrip())
    assert m is not None
    lead = content[: len(content) - len(content.lstrip())]
    label, rest = lead + m.group("label"), m.group("rest")
    add_type = addition_type(m.group("kind"))
    inner = encode_inline(rest, _shifted(ctx, text, start + 1 + len(label))) if rest else []
    children: Inline = [label]
    if inner:
        children.append(el("add", *inner, recurse=True, type=add_type, resp=TRANSLATOR))
    return el("note", *children, recurse=True, type="translator", resp=TRANSLATOR, place="inline")


def _sic(
    text: str, start: int, end: int, content: str, rest: str, out: Inline, ctx: InlineContext
) -> int:
    rest = rest.strip()
    missing = _MISSING.search(rest) if rest else None
    if missing:
        why = (missing.group("why") or missing.group("why2") or "missing").lower()
        # the words before are kept as they are: nothing in them is wrong.
        out.append(el("gap", reason=_GAP_REASONS.get(why, "missing"), resp=TRANSLATOR))
        out.append(_translator_note(content))
        return end
    if not rest:
        token = _pop_token(out)
        if not token:
            _unresolved(out, ctx, text, start, text[start:end], "'[sic]' with no word before it")
            return end
        out.append(el("sic", *token, key=_key(token), resp=TRANSLATOR, recurse=True))
        return end
    corr = _CORRECTION.match(rest)
    correction = corr.group("corr").strip().rstrip(".") if corr else ""
    doubtful = bool(corr and (corr.group("doubt") or rest.rstrip().endswith("?")))
    trail = _split_sic_target(out, correction) if correction else None
    if trail is None or len(correction.split()) > 4:
        _flag(
            ctx,
            text,
            start,
            f"[{_excerpt(content)}]",
            "[sic, ...] whose correction was not recognised: kept as the translator's note",
        )
        out.append(_translator_note(content))
        return end
    wrong, between = trail
    corr_attrs = {"resp": TRANSLATOR}
    if doubtful:
        corr_attrs["cert"] = "low"
    sic_el = el("sic", wrong, resp=TRANSLATOR, recurse=True)
    corr_el = el("corr", correction, recurse=True, **corr_attrs)
    out.append(el("choice", sic_el, corr_el, key=wrong, recurse=True))
    append_text(out, between)
    out.append(_translator_note(content))
    return end


def _split_sic_target(out: Inline, correction: str) -> tuple[str, str] | None:
    """Take from the end of ``out`` the words a correction replaces.

    A capitalized correction replaces the nearest capitalized word among the last three
    ("Beijing dialect [sic, in fact Hunan]" corrects "Beijing"); otherwise as many words
    as the correction has. Returns the words and the text between them and the bracket.
    """
    if not out or not isinstance(out[-1], str):
        return None
    text = out[-1]
    words = list(re.finditer(r"[\w'’.\-]*\w[.]*", text.rstrip()))
    if not words:
        return None
    n = max(1, len(correction.split()))
    chosen: list[re.Match[str]] = words[-n:]
    if correction[:1].isupper():
        for i in range(len(words) - 1, max(len(words) - 4, -1), -1):
            if words[i].group()[:1].isupper():
                chosen = words[max(0, i - n + 1) : i + 1]
                break
    first, last = chosen[0], chosen[-1]
    wrong = text[first.start() : last.end()]
    between = text[last.end() :]
    head = text[: first.start()]
    if head:
        out[-1] = head
    else:
        out.pop()
    return wrong, between


def _looks_transliterated(content: str) -> bool:
    """Lower-case words in Latin letters that read as a transliteration: a feature of one
    (``zh``, ``kh``, ``ya`` ...), or endings of the original's words (``otpala``,
    ``pristupit k obiednineniiu``) and none of an English word or an English function word."""
    words = content.strip().split()
    if not words or len(words) > 4:
        return False
    if not all(re.fullmatch(r"[a-zʹ'’\-]+", w) for w in words):
        return False
    if any(w in _ENGLISH_COMMON or w in _ENGLISH_FUNCTION for w in words):
        return False
    if any(_TRANSLIT_FEATURES.search(w) for w in words):
        return True
    long = [w for w in words if len(w) >= 3]
    if not long or any(_ENGLISH_ENDING.search(w) or w in _ENGLISH_ITE for w in long):
        return False
    original = [w for w in long if _ORIGINAL_ENDING.search(w)]
    return len(original) * 2 >= len(long) and (len(words) > 1 or len(words[0]) >= 5)


_ORIGINAL_ENDING = re.compile(
    r"(?:iu|ia|ii|ie|oe|ogo|ego|ykh|ikh|nie|no|lo|la|li|it|ut|te|ov|ev|om|oi|aia|ka|ki)$"
)
_ENGLISH_ENDING = re.compile(
    r"(?:tion|sion|ing|ous|ed|ly|ment|ness|ity|ful|less|able|ible|ance|ence|ship|ive|ize|ise"
    r"|ist|est|ate|ute|ote|ete|ike|ake|oke|ose|use|ice|ace|ove|one|ine|ane|une"
    r"|ole|ile|ale|ule|ome|ame|ime|eat|oat|uit|ait)$"
)
_ENGLISH_ITE = wordset(
    "write white quite site invite unite polite despite favorite favourite opposite definite "
    "infinite elite suite bite kite spite rite satellite appetite ignite excite recite cite "
    "submit commit permit visit limit credit profit deposit habit merit spirit exhibit summit "
    "audit orbit bandit edit unit digit"
)
_ENGLISH_FUNCTION = wordset(
    "a an the of to in on at for with by from and or but nor so as is was were be been are am "
    "he she it we they you i me him her us them his its our their my your this that these those "
    "not no all any some one two three also then there here who whom which what when where why "
    "how do did does done has have had will would shall should can could may might must"
)


def _term_words(out: Inline, count: int) -> str:
    """Take the English words a transliteration glosses: one more than it has, at most,
    stopping at an article, pronoun or preposition."""
    if not out or not isinstance(out[-1], str):
        return ""
    text = out[-1]
    stripped = text.rstrip()
    words = list(re.finditer(r"[A-Za-z][\w'’\-]*", stripped))
    if not words or words[-1].end() != len(stripped):
        return ""
    chosen: list[re.Match[str]] = []
    for m in reversed(words):
        if len(chosen) >= count + 1 or m.group().lower() in _STOP_BEFORE_TERM:
            break
        between = stripped[m.end() : chosen[0].start()] if chosen else ""
        if between.strip():
            break
        chosen.insert(0, m)
    if not chosen:
        return ""
    head = stripped[: chosen[0].start()]
    if head:
        out[-1] = head
    else:
        out.pop()
    return stripped[chosen[0].start() :]


__all__ = [
    "ADDITION",
    "LANGUAGE_CODES",
    "InlineContext",
    "addition_type",
    "encode_inline",
    "kept_as_text",
]
