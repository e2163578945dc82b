"""Problems as data: one record per problem, printed one line each."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in one file.

    Printed as ``path:line:col: severity: message [rule]``; ``line`` and ``column``
    are 1-based, and 0 where the position is unknown.
    """

    file: str
    line: int = 0
    column: int = 0
    severity: Severity = "error"
    source: str = "tei-edition"
    rule: str = ""
    message: str = field(default="", compare=True)

    def __post_init__(self) -> None:
        # A known line with an unknown column points at the line's start, in every output.
        if self.line and not self.column:
            object.__setattr__(self, "column", 1)

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.rule:
            text += f" [{self.rule}]"
        return text

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class TeiEditionError(Exception):
    """An error the user can act on; carries one or more :class:`Issue` records."""

    def __init__(self, issues: Issue | list[Issue] | str, *, exit_code: int = 1) -> None:
        if isinstance(issues, str):
            issues = [Issue(file="tei-edition", message=issues)]
        elif isinstance(issues, Issue):
            issues = [issues]
        self.issues: list[Issue] = list(issues)
        self.exit_code = exit_code
        super().__init__("\n".join(i.format() for i in self.issues))


class UsageError(TeiEditionError):
    """Bad arguments or unreadable paths: exit code 2."""

    def __init__(self, issues: Issue | list[Issue] | str) -> None:
        super().__init__(issues, exit_code=2)
