"""``tei-edition serve --watch``: rebuild what a saved change affects, reload the open page.

A :class:`Watcher` builds the edition into the served folder, then watches the edition
folder (watchdog: inotify and its equivalents, no polling of every file). A change, once
the files have been quiet for a moment, starts an incremental rebuild
(:func:`tei_edition.site.build.build_site` redoes only what the change affects, and
replaces the site only when the build ends). The server asks :meth:`Watcher.status` for
the site's version and the last build's problems: the page reloads when the version
changes, and shows the problems of a change that does not build, as the terminal does;
the server goes on serving the last site that built.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tei_edition.issues import TeiEditionError
from tei_edition.site.build import BOOKKEEPING, build_site, previous_folder, staging_folder

QUIET = 0.3
"""Seconds without a change before a rebuild starts (an editor saves in several writes)."""


@dataclass
class Status:
    version: int = 0
    problems: list[str] = field(default_factory=list)
    building: bool = False


class Watcher:
    """Builds ``edition`` into ``out`` now and after every change, until :meth:`stop`."""

    def __init__(
        self,
        edition: Path,
        out: Path,
        *,
        report: Callable[[str], None] = print,
        pdf: bool = False,
    ) -> None:
        self.edition = Path(edition)
        self.out = Path(out)
        self.report = report
        self.pdf = pdf
        self._status = Status()
        self._lock = threading.Lock()
        self._changed = threading.Event()
        self._last_change = 0.0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="tei-edition-watch", daemon=True)
        self._observer: object = None

    def status(self) -> dict[str, object]:
        with self._lock:
            return {
                "version": self._status.version,
                "problems": list(self._status.problems),
                "building": self._status.building,
            }

    def build(self) -> bool:
        """One build; True when the site was made (and its version went up)."""
        with self._lock:
            self._status.building = True
        try:
            result = build_site(self.edition, self.out, pdf=self.pdf)
        except TeiEditionError as exc:
            lines = [issue.format() for issue in exc.issues]
            for line in lines:
                self.report(line)
            self.report("the site was not rebuilt; the last site that built is served")
            with self._lock:
                self._status.problems = lines
                self._status.building = False
            return False
        for issue in [*result.issues, *result.notices]:
            self.report(issue.format())
        self.report(result.summary())
        with self._lock:
            self._status.version += 1
            self._status.problems = []
            self._status.building = False
        return True

    def start(self) -> None:
        """Build once, then watch the edition folder for changes."""
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer

        self.build()
        ignored = [
            p.resolve() for p in (self.out, staging_folder(self.out), previous_folder(self.out))
        ]
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return
                for raw in (event.src_path, getattr(event, "dest_path", "")):
                    if raw and watcher._counts(Path(str(raw)), ignored):
                        watcher._last_change = time.monotonic()
                        watcher._changed.set()
                        return

        observer = Observer()
        observer.schedule(Handler(), str(self.edition), recursive=True)
        observer.daemon = True
        observer.start()
        self._observer = observer
        self._thread.start()

    @staticmethod
    def _counts(path: Path, ignored: list[Path]) -> bool:
        """Whether a change to ``path`` can change the site: not the output, not an
        editor's swap or backup file, not a hidden file."""
        try:
            real = path.resolve()
        except OSError:
            return False
        if any(real == i or real.is_relative_to(i) for i in ignored):
            return False
        name = path.name
        if name in BOOKKEEPING or name.startswith((".", "#")) or name.endswith("~"):
            return False
        return not name.endswith((".swp", ".swx", ".tmp"))

    def _loop(self) -> None:
        while not self._stopping.is_set():
            if not self._changed.wait(0.2):
                continue
            if time.monotonic() - self._last_change < QUIET:
                continue
            self._changed.clear()
            self.build()

    def stop(self) -> None:
        self._stopping.set()
        observer = self._observer
        if observer is not None:
            observer.stop()  # type: ignore[attr-defined]
            observer.join(timeout=5)  # type: ignore[attr-defined]
