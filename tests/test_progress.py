"""Progress on a terminal for a long command; nothing of it when the output is piped or
the command is told to be quiet (-q)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from site_support import make_edition

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], *, terminal: bool, cwd: Path) -> tuple[int, str, str]:
    """Run the command with stderr on a pseudo-terminal (or a pipe); its code, stdout and
    what its stderr showed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100"}
    command = [sys.executable, "-m", "tei_edition", *args]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=follower, cwd=cwd, env=env, text=True
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    out, _ = proc.communicate(timeout=300)
    os.close(leader)
    return proc.returncode, out, shown.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_edition(tmp_path_factory.mktemp("progress") / "ed")


@pytest.mark.parametrize(
    "command",
    [
        ["build", "{ed}", "-o", "{tmp}/site", "--no-pdf", "--no-search"],
        ["export", "{ed}", "--to", "text", "-o", "{tmp}/x"],
    ],
    ids=["build", "export"],
)
def test_progress_on_a_terminal_only(command: list[str], edition: Path, tmp_path: Path) -> None:
    def args(where: str) -> list[str]:
        return [a.replace("{ed}", str(edition)).replace("{tmp}", str(tmp_path / where))
                for a in command]  # fmt: skip

    code, _out, shown = run(args("tty"), terminal=True, cwd=tmp_path)
    assert code == 0, shown
    assert any(step in shown for step in ("Rendering documents", "Exporting")), shown
    assert "4/4" in shown  # the four documents counted
    code, _out, piped = run(args("pipe"), terminal=False, cwd=tmp_path)
    assert code == 0, piped
    assert "Rendering" not in piped and "Exporting" not in piped and "\r" not in piped
    code, _out, quiet = run([*args("quiet"), "-q"], terminal=True, cwd=tmp_path)
    assert code == 0, quiet
    assert "Rendering" not in quiet and "Exporting" not in quiet
