"""Candidate names for the worklist: runs of capitalized words that may name someone.

A candidate starts as a run of capitalized words; the run is then cut where one name
cannot go on into the next:

1. at punctuation: a word is letters, digits, apostrophes and hyphens, and anything else
   (comma, period, bracket, dash, quotation mark) ends the run; so does a possessive
   ("Mao's Politburo" gives "Mao's" and "Politburo");
2. at sentence starts: leading function words are dropped ("The", "In", "Then" ...), and so
   is the first word of a sentence that the text writes in lower case elsewhere
   ("Yesterday Stalin came" when "yesterday" is found: "Stalin"); a single word opening a
   sentence is no candidate;
3. after titles and institutions: the leading words of a run that are in
   :data:`QUALIFIERS` ("Politburo", "Committee", "Communist", "Party", "Oblast", "CC",
   "Soviet", "Comrade", "Minister" ...) are not glued to the name that follows them:
   "the Politburo Zhou Enlai" gives "Politburo" and "Zhou Enlai", "the Oblast Committee
   Golubov" "Oblast Committee" and "Golubov"; a run made only of them ("Communist Party")
   stays whole, and so does one they end ("Chinese Communist Party");
4. between two names that each stand alone elsewhere in the text: "from Moscow Stalin
   told me" gives "Moscow" and "Stalin" when "Moscow" and "Stalin" are found alone.

What is left is trimmed of words that are never names (months, days, "Version") and is
not listed when it is a nationality or an acronym on its own, or when the registers know
all its words (see :func:`unknown_names`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from tei_edition.importer.layout import Line
from tei_edition.importer.nodes import wordset

_RUN = re.compile(r"(?<![\w\-'’])[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*)*")
_WORD = re.compile(r"\S+")
_LOWER = re.compile(r"(?<![\w\-'’])[a-z][\w'’\-]*")
_POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…]['\"”’)\]]*\s+|[\"“(\[]\s*)$")
"""Where a capitalized word may be capitalized for its place: a sentence, a quotation or a
bracket opens there."""
_SENTENCE_OPENS = re.compile(r"(?:^|[.!?…]['\"”’)\]]*)\s*$")
"""Where a sentence opens: the first word's capital says nothing of a name."""
DEMONYM = re.compile(r"(?:ese|ians?|ans?|ish|ch|ic|i)$")

LEADING_STOPWORDS = wordset(
    "The A An In On At And But Or So Then When If As After Before During From To Of By With "
    "For This That These Those It He She They We I His Her Their Our My Its Even Only Once "
    "Later Also Just Some Many Most All Both Each First Secondly Finally Moreover Therefore "
    "Here There Further Perhaps Say Especially Approximately Very Clothes Regarding About "
    "Now Members Member Dear"
)
"""Function words that open a run without belonging to the name ("The", "In" ...)."""

NOT_NAMES = wordset(
    "I Mr Mrs Ms Dr Com CC Comrade OK Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "January February March April May June July August September October November December "
    "Version Draft"
)
"""Capitalized words that are never a name by themselves, trimmed from both ends of a run."""

QUALIFIERS = wordset(
    "Politburo Presidium Secretariat Committee Committees Council Bureau Party Parties "
    "Communist Communists Socialist Soviet Soviets Central Oblast Regional District City "
    "Provincial CC CPSU VKP CCP Union Republic Government Ministry Embassy Army Navy Fleet "
    "Front Office Department Comrade Comrades Com Minister Deputy Secretary General Marshal "
    "Colonel Captain Chairman Premier President Ambassador Consul Academician Professor "
    "Mr Mrs Dr"
)
"""Words of titles and institutions: not glued to a personal name that follows them."""


Word = tuple[str, int]
"""A word of a line and its 0-based column."""


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def _runs(text: str) -> Iterable[tuple[list[Word], bool, bool]]:
    """The runs of capitalized words of ``text``, cut after possessives (rule 1), each
    with whether it opens a sentence, quotation or bracket, and whether it opens a sentence."""
    for m in _RUN.finditer(text):
        before = text[: m.start()]
        initial = bool(_SENTENCE_START.search(before))
        opens = bool(_SENTENCE_OPENS.search(before))
        run: list[Word] = []
        for w in _WORD.finditer(m.group()):
            run.append((w.group(), m.start() + w.start()))
            if _POSSESSIVE.search(w.group()):
                yield run, initial, opens
                run, initial, opens = [], False, False
        if run:
            yield run, initial, opens


def _trim(run: list[Word], initial: bool, opens: bool, common: set[str]) -> tuple[list[Word], bool]:
    """Drop leading function words and a sentence's first word the text also writes in
    lower case (rule 2); the run and whether it still opens a sentence, quotation or bracket."""
    if run and run[0][0] in LEADING_STOPWORDS | NOT_NAMES:
        while run and run[0][0] in LEADING_STOPWORDS | NOT_NAMES:
            run = run[1:]
        return run, False
    if opens and len(run) > 1 and _bare(run[0][0]).lower() in common:
        return run[1:], False
    return run, initial


def _after_qualifiers(run: list[Word]) -> list[list[Word]]:
    """Split the leading titles and institutions from the name that follows (rule 3)."""
    lead = 0
    while lead < len(run) and _bare(run[lead][0]) in QUALIFIERS:
        lead += 1
    if 0 < lead < len(run):
        return [run[:lead], run[lead:]]
    return [run]


def _text(run: Sequence[Word]) -> str:
    return " ".join(_bare(w) for w, _ in run)


def candidates(lines: Sequence[Line]) -> list[tuple[str, int, int]]:
    """The candidate names of ``lines`` in order: (name, line, 1-based column)."""
    runs = [(line, *found) for line in lines for found in _runs(line.text)]
    # words the text writes in lower case: common words, whatever their place
    common = {w for line in lines for w in _LOWER.findall(line.text)}
    parts: list[tuple[int, list[Word], bool]] = []
    for line, run, initial, opens in runs:
        run, initial = _trim(run, initial, opens, common)
        for i, part in enumerate(_after_qualifiers(run)):
            parts.append((line.number, part, initial and i == 0))
    alone = Counter(_text(part) for _, part, _ in parts)
    found: list[tuple[str, int, int]] = []
    for number, part, initial in parts:
        for i, piece in enumerate(_between_names(part, alone)):
            while piece and piece[-1][0] in NOT_NAMES:
                piece = piece[:-1]
            while piece and piece[0][0] in NOT_NAMES:
                piece = piece[1:]
            if not piece or (initial and i == 0 and len(piece) == 1):
                continue
            found.append((_text(piece), number, piece[0][1] + 1))
    return found


def _between_names(run: list[Word], alone: Counter[str]) -> list[list[Word]]:
    """Split a run in two where both halves stand alone elsewhere in the text (rule 4);
    not next to titles and institutions, nor after a nationality ("Chinese Communists")."""
    for cut in range(1, len(run)):
        left, right = run[:cut], run[cut:]
        if (
            alone[_text(left)]
            and alone[_text(right)]
            and not any(_bare(w) in QUALIFIERS for w, _ in run)
            and not DEMONYM.search(_bare(left[-1][0]))
        ):
            return [left, right]
    return [run]


def unknown_names(lines: Sequence[Line], known: set[str]) -> dict[str, list[tuple[int, int]]]:
    """The candidates the registers do not know, each once with its (line, column) places.

    Not listed: a name whose words the registers all know (as written, as a plural
    "Kovalevs", or a nationality), a single nationality ("Chinese") or acronym ("USSR").
    """
    seen: dict[str, list[tuple[int, int]]] = {}
    for name, line, column in candidates(lines):
        words = name.split()
        if all(is_known(w, known) for w in words):
            continue
        if len(words) == 1 and (DEMONYM.search(name) or name.isupper()):
            continue
        seen.setdefault(name, []).append((line, column))
    return seen


def is_known(word: str, known: set[str]) -> bool:
    """In the registers, as written, as a plural ("Kovalevs"), or as a nationality."""
    return (
        word in known
        or (word.endswith("s") and word[:-1] in known)
        or bool(DEMONYM.search(word) and word[:1].isupper() and len(word) > 4)
    )
