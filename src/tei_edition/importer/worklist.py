"""What the importer could not decide, for an editor to check.

Printed as a summary (counts by kind, then the unknown names); written with
``--worklist FILE.json`` as::

    {
      "source": "memo.txt",
      "counts": {"name": 14, "ambiguous-name": 30, "structure": 7},
      "items": [
        {"line": 75, "column": 25, "kind": "name", "text": "Willys",
         "message": "'Willys' is not in the registers (line 75)"},
        ...
      ]
    }

Items are sorted by source line and column (1-based; 0 when unknown). Kinds: ``name``
(capitalized names not in the registers, once per name with all its lines;
:mod:`.candidates` says how runs of capitalized words are cut into names),
``ambiguous-name`` (a form several entries share, and the entry chosen), ``bracket``
(brackets not classified, kept as the translator's note), ``unresolved`` (brackets that
could not be paired or read, kept as text in the draft-only ``seg[@type="unresolved"]``),
``date`` (dates not
normalized), ``structure`` (headings, openers, closers and page breaks the layout
suggested), ``header`` (front matter missing or guessed: author, translator, rights).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

KINDS = {
    "name": "capitalized names not in the registers",
    "ambiguous-name": "names that fit several register entries",
    "bracket": "brackets not classified",
    "unresolved": "brackets kept as text, to resolve",
    "date": "dates not normalized",
    "structure": "layout decisions to check",
    "header": "header fields to complete",
}


@dataclass(frozen=True, order=True)
class WorkItem:
    """One open question, at a 1-based line and column of the source (0 when unknown)."""

    line: int
    column: int
    kind: str
    text: str
    message: str

    def format(self, path: str) -> str:
        where = f"{path}:{self.line}:{self.column or 1}" if self.line else path
        return f"{where}: {self.kind}: {self.message}"


@dataclass
class Worklist:
    source: str
    items: list[WorkItem] = field(default_factory=list)
    _seen: set[WorkItem] = field(default_factory=set, init=False, repr=False, compare=False)
    _indexed: int = field(default=0, init=False, repr=False, compare=False)

    def add(self, line: int, column: int, kind: str, text: str, message: str) -> None:
        self.add_item(WorkItem(line, column, kind, text, message))

    def add_item(self, item: WorkItem) -> None:
        """Add ``item`` unless it is there already (a set, not a search of the list)."""
        if self._indexed != len(self.items):  # the list was changed from outside
            self._seen = set(self.items)
            self._indexed = len(self.items)
        if item not in self._seen:
            self.items.append(item)
            self._seen.add(item)
            self._indexed += 1

    def sorted(self) -> list[WorkItem]:
        return sorted(self.items)

    def counts(self) -> Counter[str]:
        return Counter(item.kind for item in self.items)

    def summary(self) -> str:
        """A few lines: how many open questions of each kind, then each name once."""
        if not self.items:
            return "Worklist: nothing to check"
        counts = self.counts()
        lines = [f"Worklist: {len(self.items)} item(s) to check"]
        for kind in KINDS:
            if counts[kind]:
                lines.append(f"  {KINDS[kind]}: {counts[kind]}")
        names = sorted({i.text for i in self.items if i.kind == "name"})
        if names:
            lines.append("  names: " + ", ".join(names))
        return "\n".join(lines)

    def as_json(self) -> str:
        data = {
            "source": self.source,
            "counts": {k: self.counts()[k] for k in KINDS if self.counts()[k]},
            "items": [asdict(i) for i in self.sorted()],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
