"""How close an imported draft comes to a finished edition of the same source.

Both documents are rendered as the source shows them (:mod:`tei_edition.fidelity`), with an
invisible marker at the start of every name, date and block element, so that each mention
gets a word position. Mentions are grouped by the reference's paragraph (block) that holds
their first word, and compared per paragraph as multisets: of ``(element, ref)`` for
``persName``/``placeName``/``orgName``, of ``(@when, @notBefore, @notAfter, @from, @to)``
for ``date``.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_edition import TEI_NS
from tei_edition.fidelity import diplomatic_words
from tei_edition.read.xmlparse import parse_tei

NAME_ELEMENTS = ("persName", "placeName", "orgName")
BLOCK_ELEMENTS = (
    "p", "head", "ab", "dateline", "opener", "closer", "signed", "salute", "byline",
    "trailer", "postscript", "l", "item",
)  # fmt: skip
_MARK = re.compile("\ue000(\\d+)\ue001")

Key = tuple[str, ...]


@dataclass
class Score:
    """Precision and recall of one kind of markup."""

    matched: int = 0
    found: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def format(self, label: str) -> str:
        return (
            f"{label}: precision {self.precision:.1%} ({self.matched}/{self.found}), "
            f"recall {self.recall:.1%} ({self.matched}/{self.expected})"
        )


@dataclass(frozen=True)
class Difference:
    """A mention the draft has and the reference has not (``extra``), or the other way."""

    block: str
    kind: str
    """"missing" (in the reference only) or "extra" (in the draft only)."""
    key: Key


@dataclass
class Scores:
    names: Score = field(default_factory=Score)
    dates: Score = field(default_factory=Score)
    by_element: dict[str, Score] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)

    def format(self) -> str:
        lines = [self.names.format("names"), self.dates.format("dates")]
        for name in NAME_ELEMENTS:
            if name in self.by_element:
                lines.append("  " + self.by_element[name].format(name))
        return "\n".join(lines)


@dataclass
class _Mention:
    position: int
    key: Key
    is_date: bool


def _load(doc: Path | str | etree._ElementTree) -> etree._ElementTree:
    if isinstance(doc, etree._ElementTree):
        return doc
    return parse_tei(doc)


def _marked(tree: etree._ElementTree) -> tuple[list[str], dict[int, int], list[etree._Element]]:
    """Render a marked copy: the words, the word position of each marker, the marked elements."""
    clone = copy.deepcopy(tree)
    body = clone.getroot().find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body")
    marked: list[etree._Element] = []
    if body is not None:
        wanted = {f"{{{TEI_NS}}}{n}" for n in (*NAME_ELEMENTS, "date", *BLOCK_ELEMENTS)}
        for el in body.iter():
            if el.tag in wanted:
                el.text = f"\ue000{len(marked)}\ue001" + (el.text or "")
                marked.append(el)
    words: list[str] = []
    positions: dict[int, int] = {}
    pending: list[int] = []
    for word in diplomatic_words(clone):
        ids = [int(i) for i in _MARK.findall(word)]
        bare = _MARK.sub("", word)
        pending.extend(ids)
        if bare:
            for i in pending:
                positions[i] = len(words)
            pending = []
            words.append(bare)
    for i in pending:
        positions[i] = len(words)
    return words, positions, marked


def _entry(pointer: str) -> str:
    return "#" + pointer.partition("#")[2] if "#" in pointer else pointer


def _mentions(tree: etree._ElementTree) -> tuple[list[str], list[_Mention], list[tuple[int, str]]]:
    words, positions, marked = _marked(tree)
    mentions: list[_Mention] = []
    blocks: list[tuple[int, str]] = []
    for i, el in enumerate(marked):
        if i not in positions:
            continue  # not part of the running text (a footnote)
        local = etree.QName(el).localname
        pos = positions[i]
        if local in NAME_ELEMENTS:
            # the entry each pointer names: '#mao' and 'registers.xml#mao' are one entry
            ref = " ".join(sorted(_entry(p) for p in (el.get("ref") or "").split()))
            mentions.append(_Mention(pos, (local, ref), False))
        elif local == "date":
            mentions.append(
                _Mention(
                    pos,
                    tuple(el.get(a) or "" for a in ("when", "notBefore", "notAfter", "from", "to")),
                    True,
                )
            )
        else:
            label = (
                el.get("{http://www.w3.org/XML/1998/namespace}id") or f"{local}@{len(blocks) + 1}"
            )
            blocks.append((pos, label))
    return words, mentions, blocks


def _position_map(draft_words: list[str], ref_words: list[str]) -> list[int]:
    """For each draft word position, the reference word position it corresponds to."""
    if draft_words == ref_words:
        return list(range(len(draft_words) + 1))
    mapping = [0] * (len(draft_words) + 1)
    matcher = difflib.SequenceMatcher(None, draft_words, ref_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(i1, i2):
            mapping[k] = j1 + min(k - i1, max(j2 - j1 - 1, 0)) if tag != "equal" else j1 + k - i1
    mapping[len(draft_words)] = len(ref_words)
    return mapping


def compare_drafts(
    draft: Path | str | etree._ElementTree, reference: Path | str | etree._ElementTree
) -> Scores:
    """Precision and recall of the draft's names and dates against the reference edition."""
    d_words, d_mentions, _ = _mentions(_load(draft))
    r_words, r_mentions, r_blocks = _mentions(_load(reference))
    mapping = _position_map(d_words, r_words)
    starts = sorted(r_blocks)

    def block_of(position: int) -> str:
        label = "(before the first paragraph)"
        for start, name in starts:
            if start > position:
                break
            label = name
        return label

    expected: dict[str, Counter[tuple[bool, Key]]] = {}
    found: dict[str, Counter[tuple[bool, Key]]] = {}
    for m in r_mentions:
        expected.setdefault(block_of(m.position), Counter())[(m.is_date, m.key)] += 1
    for m in d_mentions:
        found.setdefault(block_of(mapping[m.position]), Counter())[(m.is_date, m.key)] += 1
    scores = Scores()
    order = [name for _, name in starts]
    for block in sorted(
        set(expected) | set(found),
        key=lambda b: (b not in order, order.index(b) if b in order else 0, b),
    ):
        exp = expected.get(block, Counter())
        got = found.get(block, Counter())
        common = exp & got
        for (is_date, key), n in exp.items():
            score = scores.dates if is_date else scores.names
            score.expected += n
            score.matched += common[(is_date, key)]
            if not is_date:
                el_score = scores.by_element.setdefault(key[0], Score())
                el_score.expected += n
                el_score.matched += common[(is_date, key)]
        for (is_date, key), n in got.items():
            (scores.dates if is_date else scores.names).found += n
            if not is_date:
                scores.by_element.setdefault(key[0], Score()).found += n
        for (_, key), n in (exp - got).items():
            scores.differences.extend(Difference(block, "missing", key) for _ in range(n))
        for (_, key), n in (got - exp).items():
            scores.differences.extend(Difference(block, "extra", key) for _ in range(n))
    return scores


@dataclass
class BracketScore:
    """Square brackets of the sources, and how many the drafts encoded (not left unresolved)."""

    total: int = 0
    unresolved: int = 0

    @property
    def encoded(self) -> int:
        return self.total - self.unresolved

    @property
    def share(self) -> float:
        return self.encoded / self.total if self.total else 1.0

    def add(self, other: BracketScore) -> None:
        self.total += other.total
        self.unresolved += other.unresolved

    def format(self) -> str:
        return f"brackets encoded: {self.share:.1%} ({self.encoded}/{self.total})"


def bracket_score(tree: etree._ElementTree, source_text: str) -> BracketScore:
    """Every "[" and "]" of ``source_text`` (the transcription's text) against those the draft
    keeps as text in ``seg[@type="unresolved"]``."""
    total = source_text.count("[") + source_text.count("]")
    unresolved = 0
    for seg in tree.iter(f"{{{TEI_NS}}}seg"):
        if seg.get("type") == "unresolved":
            text = "".join(seg.itertext())
            unresolved += text.count("[") + text.count("]")
    return BracketScore(total, unresolved)


def score_sources(
    pairs: list[tuple[Path, Path]], registers: Path | str | None
) -> tuple[Scores, BracketScore, list[tuple[str, Scores]]]:
    """Import each (source, reference) pair with ``registers``; the summed scores, the
    brackets encoded, and each document's scores."""
    # here: tei_edition.fidelity is only needed by this check (start-up time)
    from tei_edition.fidelity import unescape_markdown

    # here: tei_edition.importer imports this module
    from tei_edition.importer import build_draft, load_register, read_archive

    register = load_register(registers) if registers is not None else None
    total = Scores()
    brackets = BracketScore()
    each: list[tuple[str, Scores]] = []
    for source, reference in pairs:
        doc = read_archive(source)
        draft = build_draft(doc, register)
        body = "\n".join(unescape_markdown(line.text) for line in doc.body)
        brackets.add(bracket_score(draft.tree, body))
        if not reference.exists():
            continue
        scores = compare_drafts(draft.tree, reference)
        each.append((source.name, scores))
        for mine, theirs in ((total.names, scores.names), (total.dates, scores.dates)):
            mine.matched += theirs.matched
            mine.found += theirs.found
            mine.expected += theirs.expected
        for name, score in scores.by_element.items():
            sum_ = total.by_element.setdefault(name, Score())
            sum_.matched += score.matched
            sum_.found += score.found
            sum_.expected += score.expected
        total.differences.extend(scores.differences)
    return total, brackets, each


@dataclass
class CandidateScore:
    """The worklist's candidate names (:mod:`.candidates`, no register) against the names an
    edition of the same source tags: how many of its names are found, and how many
    candidates are no part of any of them."""

    names_found: int = 0
    names: int = 0
    words_found: int = 0
    words: int = 0
    candidates: int = 0
    not_names: list[str] = field(default_factory=list)

    def add(self, other: CandidateScore) -> None:
        self.names_found += other.names_found
        self.names += other.names
        self.words_found += other.words_found
        self.words += other.words
        self.candidates += other.candidates
        self.not_names.extend(other.not_names)

    def format(self) -> str:
        def share(a: int, b: int) -> str:
            return f"{a / b if b else 1.0:.1%} ({a}/{b})"

        return (
            "candidate names: recall of the edition's names "
            f"{share(self.names_found, self.names)}, "
            f"of their words {share(self.words_found, self.words)}; "
            f"{len(self.not_names)} of {self.candidates} candidates share no word with a name"
        )


_NAME_WORD = re.compile(r"[A-Z][\w'’\-]*")


def candidate_score(source: Path, reference: Path | str | etree._ElementTree) -> CandidateScore:
    """Candidates of ``source`` against the names (capitalized, distinct) in the body of
    ``reference``: a name is found when a candidate reads as it, a word of a name when some
    candidate has it."""
    # here: tei_edition.importer imports this module
    from tei_edition.importer.candidates import candidates
    from tei_edition.importer.layout import read_archive

    found = {name for name, _, _ in candidates(read_archive(source).body)}
    found_words = {w for name in found for w in name.split()}
    body = _load(reference).getroot().find(f"{{{TEI_NS}}}text")
    names: set[str] = set()
    if body is not None:
        for el in body.iter(*(f"{{{TEI_NS}}}{n}" for n in NAME_ELEMENTS)):
            text = " ".join("".join(el.itertext()).split())
            if text[:1].isupper():
                names.add(text)
    words = {w for name in names for w in _NAME_WORD.findall(name)}
    return CandidateScore(
        names_found=len(names & found),
        names=len(names),
        words_found=len(words & found_words),
        words=len(words),
        candidates=len(found),
        not_names=sorted(c for c in found if not set(c.split()) & words),
    )
