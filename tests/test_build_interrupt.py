"""An interrupted build (Ctrl-C) exits 130 with one line and leaves the previous site
exactly as it was; a build into a new folder that is interrupted leaves nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_support import letter, make_edition
from tei_edition.site.build import build_site, staging_folder

ROOT = Path(__file__).resolve().parents[1]
MANY = 240


def many_documents(ed: Path, marker: str) -> None:
    for i in range(MANY):
        body = "".join(
            f'<p>Paragraph {j} of letter {i} ({marker}): <persName ref="registers.xml#babbage">'
            f'Babbage</persName> wrote from <placeName ref="registers.xml#london">London'
            f"</placeName> about the engine.</p>"
            for j in range(30)
        )
        day = f"1843-{1 + i % 12:02d}-{1 + i % 28:02d}"
        text = letter(f"Letter {i}", day, "Letter", body)
        (ed / "documents" / f"letter-{i:03d}.xml").write_text(text, encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".tei-edition-build.lock"
    }


def start_build(ed: Path, out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.Popen(
        [sys.executable, "-m", "tei_edition", "build", str(ed), "-o", str(out), "--no-pdf",
         "--no-search"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # Ctrl-C as a terminal gives it: a test run started in the background (a shell's
        # `&`, as CI may be) has SIGINT ignored, which the build would inherit
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip


def interrupt_when(proc: subprocess.Popen[str], ready, limit: float = 240) -> tuple[int, str]:
    """Send SIGINT once ``ready()`` holds (the build is writing); the exit code and stderr."""
    deadline = time.monotonic() + limit
    while not ready():
        if proc.poll() is not None:
            pytest.fail(f"the build ended before it could be interrupted: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the build never began to write")
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err


@pytest.mark.slow
def test_an_interrupted_rebuild_leaves_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ed = make_edition(tmp_path / "ed")
    many_documents(ed, "first")
    out = tmp_path / "site"
    build_site(ed, out, pdf=False, search=False)
    before = tree(out)
    many_documents(ed, "second")  # every page changes
    stage = staging_folder(out)
    proc = start_build(ed, out)
    code, err = interrupt_when(
        proc, lambda: (stage / "documents").is_dir() and any((stage / "documents").glob("*.html"))
    )
    assert code == 130, err
    lines = err.strip().splitlines()
    assert lines == [f"{out}: error: interrupted: the site in this folder is as it was before "
                     "the build [interrupted]"], err  # fmt: skip
    assert "Traceback" not in err
    assert tree(out) == before
    assert not stage.exists()
    # and the next build goes through
    build_site(ed, out, pdf=False, search=False)
    assert "second" in (out / "documents" / "letter-000.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_an_interrupted_first_build_leaves_nothing(tmp_path: Path) -> None:
    ed = make_edition(tmp_path / "ed")
    many_documents(ed, "first")
    out = tmp_path / "new" / "site"
    proc = start_build(ed, out)
    code, err = interrupt_when(proc, lambda: any((out / "documents").glob("*.html")))
    assert code == 130, err
    assert "[interrupted]" in err and "Traceback" not in err
    assert not (tmp_path / "new").exists()
