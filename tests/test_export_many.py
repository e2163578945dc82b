"""Many files in one ``export``: each file's result, failures kept apart, worker processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tei_edition.issues import UsageError
from tei_edition.transform import export as export_module
from tei_edition.transform.export import export, export_many
from test_export_support import SAMPLE


def copies(folder: Path, *stems: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem in stems:
        path = folder / f"{stem}.xml"
        shutil.copyfile(SAMPLE, path)
        paths.append(path)
    return paths


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_each_file_as_export_makes_it(tmp_path: Path) -> None:
    docs = copies(tmp_path / "in", "one", "two", "three")
    results = export_many(docs, ["html", "text"], tmp_path / "many", jobs=1)
    assert [r.source for r in results] == docs
    assert all(r.ok and len(r.files) == 2 for r in results)
    for doc in docs:
        export(doc, ["html", "text"], tmp_path / "single")
    assert contents(tmp_path / "many") == contents(tmp_path / "single")
    assert len(contents(tmp_path / "many")) == 6


@pytest.mark.slow
def test_worker_processes_write_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = copies(tmp_path / "in", "a", "b", "c")
    monkeypatch.setattr(export_module, "MIN_PARALLEL_BYTES", 0)
    results = export_many(docs, ["text", "fo"], tmp_path / "pool", jobs=2)
    assert [r.source for r in results] == docs and all(r.ok for r in results)
    export_many(docs, ["text", "fo"], tmp_path / "serial", jobs=1)
    assert contents(tmp_path / "pool") == contents(tmp_path / "serial")


def test_a_failing_file_leaves_the_others(invoke, tmp_path: Path) -> None:
    (good,) = copies(tmp_path / "in", "good")
    bad = tmp_path / "in" / "bad.xml"
    bad.write_text("<TEI>\n  <text>\n</TEI>\n")
    result = invoke("export", bad, good, "--to", "text", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stdout == f"{tmp_path / 'out' / 'good.txt'}\n"
    (line,) = result.stderr.splitlines()
    assert "bad.xml:3:" in line and line.endswith("[well-formed]")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.txt"]


def test_a_missing_file_is_a_usage_error_and_the_others_are_made(invoke, tmp_path: Path) -> None:
    (good,) = copies(tmp_path / "in", "good")
    result = invoke("export", good, tmp_path / "none.xml", "--to", "text", "-o", tmp_path / "o")
    assert result.exit_code == 2
    assert result.stderr.endswith("none.xml: error: no such file [io]\n")
    assert (tmp_path / "o" / "good.txt").is_file()


def test_two_files_of_one_stem_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    first = copies(tmp_path / "a", "same")
    second = copies(tmp_path / "b", "same")
    with pytest.raises(UsageError) as caught:
        export_many(first + second, ["text"], tmp_path / "out")
    (issue,) = caught.value.issues
    assert "same stem" in issue.message and issue.file.endswith("b/same.xml")
    assert not (tmp_path / "out").exists()


def test_an_unknown_parameter_stops_every_file(invoke, tmp_path: Path) -> None:
    docs = copies(tmp_path / "in", "x", "y")
    result = invoke("export", *docs, "--to", "text", "--param", "colour=red", "-o", tmp_path / "o")
    assert result.exit_code == 2
    assert "unknown parameter 'colour'" in result.stderr
    assert not (tmp_path / "o").exists()


def test_jobs_must_not_be_negative(invoke, tmp_path: Path) -> None:
    result = invoke("export", SAMPLE, "--jobs", "-1", "-o", tmp_path)
    assert result.exit_code == 2


def test_fop_missing_for_many_files_is_said_once(
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tei_edition.transform import pdf

    docs = copies(tmp_path / "in", "p", "q")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    result = invoke("export", *docs, "--to", "pdf,text", "-o", tmp_path / "o")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.endswith("[fop-missing]")
    assert result.stdout == ""
    assert not (tmp_path / "o").exists()
