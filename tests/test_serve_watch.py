"""`serve --watch`: a saved change is rebuilt and the open page reloads; a change that does
not build is shown in the page and in the terminal, and the last site stays served."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from site_support import make_edition

ROOT = Path(__file__).resolve().parents[1]


class Preview:
    def __init__(self, ed: Path, out: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tei_edition", "serve", str(out), "--watch", "--edition",
             str(ed), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )  # fmt: skip
        self.terminal: list[str] = []
        threading.Thread(target=self._read_stderr, daemon=True).start()
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line + "".join(self.terminal)
        self.base = f"http://127.0.0.1:{found.group(1)}"

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.terminal.append(line)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path, timeout=30) as answer:
            return answer.read().decode("utf-8")

    def status(self) -> dict:
        return json.loads(self.get("/__tei-edition/status"))

    def wait_for(self, test, limit: float = 120) -> dict:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            state = self.status()
            if test(state):
                return state
            time.sleep(0.2)
        pytest.fail(f"no such state in {limit} s: {self.status()} {''.join(self.terminal)}")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.mark.slow
def test_watch_rebuilds_reloads_and_shows_what_does_not_build(tmp_path: Path) -> None:
    ed = make_edition(tmp_path / "ed")
    out = tmp_path / "site"
    preview = Preview(ed, out)
    try:
        first = preview.wait_for(lambda s: s["version"] >= 1 and not s["building"])
        page = preview.get("/documents/1845-memo.html")
        assert '<script src="/__tei-edition/live-reload.js" defer></script>' in page
        assert "live-reload" not in (out / "documents" / "1845-memo.html").read_text()
        assert "/__tei-edition/status" in preview.get("/__tei-edition/live-reload.js")
        # a saved change: rebuilt, a new version (the page reloads on it)
        memo = ed / "documents" / "1845-memo.xml"
        good = memo.read_text(encoding="utf-8")
        memo.write_text(good.replace("computed them", "had computed them"), encoding="utf-8")
        second = preview.wait_for(lambda s: s["version"] > first["version"])
        assert second["problems"] == []
        assert "had computed them" in preview.get("/documents/1845-memo.html")
        # a change that does not build: shown, and the last site stays served
        memo.write_text(good.replace("</body>", "<p>unclosed</body>"), encoding="utf-8")
        broken = preview.wait_for(lambda s: s["problems"])
        assert broken["version"] == second["version"]
        assert any("1845-memo.xml:" in p for p in broken["problems"]), broken
        assert "had computed them" in preview.get("/documents/1845-memo.html")
        assert any("1845-memo.xml:" in line for line in preview.terminal)
        assert preview.proc.poll() is None  # the server lives on
        # mended: rebuilt, the problems gone
        memo.write_text(good, encoding="utf-8")
        mended = preview.wait_for(lambda s: s["version"] > second["version"])
        assert mended["problems"] == []
    finally:
        preview.stop()
    assert "Traceback" not in "".join(preview.terminal)
