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
no candidate when it is made only of titles, kinds of document and classification marks
(:data:`NOT_NAME_RUNS`: "Ambassador", "Foreign Minister", "Ciphered Telegram", "CIPHERED
TELEGRAM No", "Top Secret"), with no other word than those, function words ("OF AN OUTGOING
TELEGRAM") and nationalities ("the Soviet Ambassador"). It is not listed when it is a
nationality or an acronym on its own, or when the registers know all its words (see
:func:`unknown_names`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

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

NOT_NAME_RUNS = frozenset(
    w.lower()
    for w in wordset(
        # titles and ranks
        "Ambassador Ambassadors Minister Ministers Deputy Deputies Vice Prime Foreign Acting "
        "Secretary Secretaries Chairman Premier President Commander Commander-in-Chief Chief "
        "Member Members Consul Counsellor Counselor Attaché Envoy Marshal General Colonel "
        "Lieutenant Captain Major Admiral Comrade Comrades Cde Com Mr Mrs Ms Dr Professor "
        "Academician Director "
        # kinds of document and their parts
        "Telegram Telegrams Cable Cables Cipher Ciphered Coded Letter Letters Memorandum "
        "Message Report Copy Incoming Outgoing Issuing No Nº Pseudonym "
        # classification and handling marks
        "Top Strictly Secret Confidential Urgent Priority Personal"
    )
)
"""Words of titles, kinds of document and classification marks, in lower case: a candidate
made only of them (with function words and nationalities) is no name ("Ambassador",
"Ciphered Telegram", "TOP SECRET")."""

_FUNCTION_WORDS = wordset("of a an the to for and in on at by from")
"""Words a run of :data:`NOT_NAME_RUNS` may hold besides them ("OF AN OUTGOING TELEGRAM")."""


Word = tuple[str, int]
"""A word of a line and its 0-based column."""


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def _runs(text: str) -> Iterable[tuple[list[Word], bool, bool]]:
    """The runs of capitalized words of ``text``, cut after possessives (rule 1), each
    with whether it opens a sentence, quotation or bracket, and whether it opens a sentence."""
    for m in _RUN.finditer(text):
        # both patterns match only the marks and spaces just before the run, to its start:
        # they are searched there, not in all the text before (which made a long line quadratic)
        end = m.start()
        lo = _marks_before(text, end)
        initial = bool(_SENTENCE_START.search(text, lo, end))
        opens = bool(_SENTENCE_OPENS.search(text, lo, end))
        run: list[Word] = []
        for w in _WORD.finditer(m.group()):
            run.append((w.group(), m.start() + w.start()))
            if _POSSESSIVE.search(w.group()):
                yield run, initial, opens
                run, initial, opens = [], False, False
        if run:
            yield run, initial, opens


_MARKS = frozenset(".!?:;…'\"”’)]“([")
"""The characters of :data:`_SENTENCE_START` and :data:`_SENTENCE_OPENS` besides spaces."""


def _marks_before(text: str, end: int) -> int:
    """Where the spaces and sentence marks (:data:`_MARKS`) ending ``text[:end]`` begin."""
    i = end
    while i > 0 and (text[i - 1] in _MARKS or text[i - 1].isspace()):
        i -= 1
    return i


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
    alone = _Alone([_bare(w) for w, _ in part] for _, part, _ in parts)
    found: list[tuple[str, int, int]] = []
    for number, part, initial in parts:
        for i, piece in enumerate(_between_names(part, alone)):
            while piece and piece[-1][0] in NOT_NAMES:
                piece = piece[:-1]
            while piece and piece[0][0] in NOT_NAMES:
                piece = piece[1:]
            if (
                not piece
                or (initial and i == 0 and len(piece) == 1)
                or not_a_name([w for w, _ in piece])
            ):
                continue
            found.append((_text(piece), number, piece[0][1] + 1))
    return found


def not_a_name(words: Sequence[str]) -> bool:
    """Whether the run of ``words`` is made only of titles, kinds of document and
    classification marks (:data:`NOT_NAME_RUNS`), function words and nationalities, with at
    least one of the first: "Ciphered Telegram", "TO THE SOVIET AMBASSADOR"."""
    titled = False
    for word in words:
        bare = _bare(word)
        lower = bare.lower()
        if lower in NOT_NAME_RUNS:
            titled = True
        elif not (lower in _FUNCTION_WORDS or lower == "soviet" or _nationality(bare)):
            return False
    return titled


def _nationality(word: str) -> bool:
    """A capitalized word with a nationality's ending ("Korean", "Chinese"), as in
    :func:`is_known`."""
    return bool(DEMONYM.search(word.lower()) and word[:1].isupper() and len(word) > 4)


class _Alone:
    """The names found alone (the parts of runs, by their words), as two tries of words,
    from the first word and from the last: whether a run's first (or last) words are one
    of them is found in one walk along the run, not by joining its words at each cut."""

    def __init__(self, names: Iterable[list[str]]) -> None:
        self._forward = _Trie()
        self._backward = _Trie()
        for words in names:
            self._forward.add(words)
            self._backward.add(words[::-1])

    def cuts(self, words: list[str]) -> tuple[set[int], set[int]]:
        """The cuts of ``words`` (1 to len - 1) whose left part is a name found alone, and
        those whose right part is."""
        n = len(words)
        left = {k for k in self._forward.prefixes(words) if k < n}
        right = {n - k for k in self._backward.prefixes(words[::-1]) if k < n}
        return left, right


class _Trie:
    def __init__(self) -> None:
        self._child: dict[tuple[int, str], int] = {}
        self._ends: set[int] = set()

    def add(self, words: list[str]) -> None:
        node = 0
        for word in words:
            node = self._child.setdefault((node, word), len(self._child) + 1)
        self._ends.add(node)

    def prefixes(self, words: list[str]) -> Iterator[int]:
        """The lengths of the beginnings of ``words`` that were added."""
        node: int | None = 0
        for n, word in enumerate(words, start=1):
            node = self._child.get((node, word))
            if node is None:
                return
            if node in self._ends:
                yield n


def _between_names(run: list[Word], alone: _Alone) -> list[list[Word]]:
    """Split a run in two where both halves stand alone elsewhere in the text (rule 4);
    not next to titles and institutions, nor after a nationality ("Chinese Communists")."""
    if len(run) < 2 or any(_bare(w) in QUALIFIERS for w, _ in run):
        return [run]
    words = [_bare(w) for w, _ in run]
    left, right = alone.cuts(words)
    for cut in sorted(left & right):
        if not DEMONYM.search(words[cut - 1]):
            return [run[:cut], run[cut:]]
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
