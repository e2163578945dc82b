"""Shared test fixtures: paths, optional tools, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_edition.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EDITION = ROOT / "edition" / "mikoyan-recollections-1958.xml"
REGISTER = ROOT / "edition" / "registers.xml"
SOURCE = ROOT / "edition" / "source" / "mikoyan-recollections-1958.txt"
SHARED_SOURCE = ROOT.parent / "shared" / "source" / "mikoyan-recollections-1958.txt"
TEI_ALL = ROOT.parent / "shared" / "tei" / "tei_all.rng"
FIXTURES = ROOT / "tests" / "fixtures"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def edition() -> Path:
    return EDITION


@pytest.fixture
def register() -> Path:
    """The bundled edition's shared register (registers.xml)."""
    return REGISTER


@pytest.fixture
def source_txt() -> Path:
    assert SOURCE.is_file(), f"the bundled source transcription is missing ({SOURCE})"
    return SOURCE


@pytest.fixture
def tei_all() -> Path:
    if not TEI_ALL.is_file():
        pytest.skip(f"tei_all.rng is absent ({TEI_ALL}): TEI conformance not checked")
    return TEI_ALL


@pytest.fixture
def java() -> str:
    path = shutil.which("java")
    if not path:
        pytest.skip("no Java runtime on this machine")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    """Run the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""

    def _invoke(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return _invoke


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
