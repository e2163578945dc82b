"""Golden files: the whole edition exported, compared byte for byte.

After an intended change to the stylesheets or the edition, regenerate them with

    TEI_EDITION_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_export_golden.py

and review the difference with ``git diff tests/golden``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from tei_edition.transform.export import export
from test_export_support import EDITION

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("TEI_EDITION_UPDATE_GOLDEN") == "1"

CASES = [("html", "normalized"), ("text", "normalized"), ("text", "diplomatic")]


@pytest.mark.parametrize(("fmt", "reading"), CASES, ids=[f"{f}-{r}" for f, r in CASES])
def test_golden(tmp_path: Path, fmt: str, reading: str) -> None:
    (made,) = export(EDITION, [fmt], tmp_path, reading=reading)
    golden = GOLDEN / made.name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(made.read_bytes())
    assert golden.is_file(), f"no golden file {golden.name}: run with TEI_EDITION_UPDATE_GOLDEN=1"
    expected, actual = golden.read_bytes(), made.read_bytes()
    if expected != actual:
        diff = difflib.unified_diff(
            expected.decode().replace("><", ">\n<").splitlines(),
            actual.decode().replace("><", ">\n<").splitlines(),
            "golden/" + golden.name,
            "now",
            lineterm="",
            n=1,
        )
        pytest.fail(
            "export differs from its golden file (TEI_EDITION_UPDATE_GOLDEN=1 regenerates):\n"
            + "\n".join(list(diff)[:60])
        )
