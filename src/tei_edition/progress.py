"""Progress on a terminal, for commands that take more than a second or two.

Library functions take a ``progress`` callable, ``progress(step, done, total)``, and call it
as they go; they know nothing of terminals. :class:`TerminalProgress` shows each step as
click's progress bar on stderr, only where stderr is a terminal and not silenced (``-q``):
piped or redirected, a command prints exactly what it printed before.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: ``done`` of ``total`` units of ``step`` are finished."""


def silent(_step: str, _done: int, _total: int) -> None:
    """The progress of a library call nobody watches."""


class TerminalProgress:
    """A :data:`Progress` that draws one bar per step on stderr (a terminal only)."""

    def __init__(self, quiet: bool = False, stream: Any = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = not quiet and bool(isatty and isatty())
        self._bar: Any = None
        self._step = ""
        self._done = 0

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if step != self._step or self._bar is None:
            import click  # only a command that shows progress needs it

            self.close()
            self._bar = click.progressbar(
                length=max(total, 1), label=step, file=self.stream, show_pos=True, width=30
            )
            self._bar.__enter__()
            self._step, self._done = step, 0
        if done > self._done:
            self._bar.update(done - self._done)
            self._done = done

    def close(self) -> None:
        """End the bar on screen (a command calls it before printing its results)."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
            self._step = ""

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
