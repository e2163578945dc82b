"""The pre-commit hook definitions run `tei-edition validate` on staged XML files."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from test_validate import CASES, VALID, build_case

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"


@pytest.fixture(scope="module")
def hooks() -> dict[str, dict]:
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in data}


def test_hooks_are_declared(hooks: dict[str, dict]) -> None:
    assert set(hooks) == {"tei-edition-validate", "tei-edition-validate-strict"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert shlex.split(hook["entry"])[:2] == ["tei-edition", "validate"]
        files = re.compile(hook["files"])
        assert files.search("edition/mikoyan-recollections-1958.xml")
        assert not files.search("README.md")


@pytest.mark.parametrize("hook_id", ["tei-edition-validate", "tei-edition-validate-strict"])
def test_hook_entry_passes_valid_files_and_fails_invalid_ones(
    hooks: dict[str, dict], hook_id: str, invoke, tmp_path: Path
) -> None:
    args = shlex.split(hooks[hook_id]["entry"])[1:]  # as pre-commit runs it, files appended
    assert invoke(*args, *VALID).exit_code == 0
    warning = next(c for c in CASES if c["name"] == "register-unused")
    path, _ = build_case(warning, tmp_path)
    assert invoke(*args, *VALID, path).exit_code == (1 if "--strict" in args else 0)
    error = next(c for c in CASES if c["name"] == "choice-mixed-pair")
    path, _ = build_case(error, tmp_path)
    result = invoke(*args, path, *VALID)
    assert result.exit_code == 1
    assert "[choice-pair]" in result.stdout
