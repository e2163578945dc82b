"""Output paths that cannot be folders: one line, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EDITION, SOURCE


@pytest.fixture
def afile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "afile"
    path.write_text("the user's file\n")
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", EDITION, "--to", "text", "-o", "afile/sub"], "afile/sub"),
        (["build", EDITION.parent, "-o", "afile/sub"], "afile/sub"),
        (["import", SOURCE, "-o", "afile/draft.xml"], "afile"),
        (["deposit", EDITION, "-o", "afile/bag"], "afile"),
    ],
)
def test_an_output_folder_under_a_file(invoke, afile: Path, args: list, message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr == f"{message}: error: afile is not a folder [io]\n"
    assert afile.read_text() == "the user's file\n"
    assert sorted(p.name for p in afile.parent.iterdir()) == ["afile"]


def test_import_writes_nothing_when_the_worklist_cannot_be_written(
    invoke, afile: Path, tmp_path: Path
) -> None:
    result = invoke("import", SOURCE, "-o", "draft.xml", "--worklist", "afile/w.json")
    assert result.exit_code == 2
    assert result.stderr == "afile: error: afile is not a folder [io]\n"
    assert not (tmp_path / "draft.xml").exists()
