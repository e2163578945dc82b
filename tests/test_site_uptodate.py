"""A rebuild of a site that is up to date stops before reading a document (site/uptodate.py):
the key of its inputs (each file's size and times) and the site's folders are as the last
build left them. Anything touched, in the edition or in the site, makes the ordinary
rebuild run, which compares contents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_support import make_edition
from tei_edition.site import build as site_build
from tei_edition.site import build_site, uptodate
from tei_edition.site.build import read_builds
from tei_edition.site.uptodate import STAMP
from test_site import EPOCH


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    edition = make_edition(tmp_path / "ed")
    result = build_site(edition, tmp_path / "out", pdf=False, search=False)
    assert result.written and (tmp_path / "out" / STAMP).is_file()
    return edition, tmp_path / "out"


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the checks of the edition (each reads every document's record)."""
    calls: list[int] = []
    real = site_build.check_edition

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(site_build, "check_edition", counted)
    return calls


def rebuild(edition: Path, out: Path) -> site_build.SiteResult:
    return build_site(edition, out, pdf=False, search=False)


def test_an_unchanged_site_is_not_read_again(built: tuple[Path, Path], checks: list[int]) -> None:
    edition, out = built
    first = rebuild(edition, out)  # the stamp of the first build
    assert checks == []
    assert first.written == [] and first.removed == []
    assert first.documents == 4 and first.entries > 0
    assert "0 file(s) written" in first.summary()
    assert f"{first.unchanged} unchanged" in first.summary() and first.unchanged > 10
    assert read_builds(out)[-1]["written"] == []  # the build is recorded all the same


def test_a_touched_document_is_read_and_compared(
    built: tuple[Path, Path], checks: list[int]
) -> None:
    edition, out = built
    doc = sorted((edition / "documents").glob("*.xml"))[0]
    doc.write_bytes(doc.read_bytes())  # same bytes, a new change time
    result = rebuild(edition, out)
    assert checks == [1]
    assert result.written == []  # its contents are the same: nothing to write
    assert rebuild(edition, out).written == [] and checks == [1]  # up to date again


def test_a_changed_setting_rebuilds(built: tuple[Path, Path], checks: list[int]) -> None:
    edition, out = built
    config = edition / "edition.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('version = "0.1.0"', 'version = "0.2.0"'),
        encoding="utf-8",
    )
    result = rebuild(edition, out)
    assert checks == [1]
    assert "Version 0.2.0" in (out / "index.html").read_text(encoding="utf-8")
    assert result.written


def test_a_page_removed_from_the_site_is_made_again(
    built: tuple[Path, Path], checks: list[int]
) -> None:
    edition, out = built
    page = sorted((out / "documents").glob("*.html"))[0]
    data = page.read_bytes()
    page.unlink()
    result = rebuild(edition, out)
    assert checks == [1]
    assert page.read_bytes() == data
    assert result.written == [page]


def test_a_page_replaced_in_the_site_is_noticed(
    built: tuple[Path, Path], checks: list[int]
) -> None:
    edition, out = built
    index = out / "index.html"
    spare = out / "index.html.new"
    spare.write_bytes(index.read_bytes())
    os.replace(spare, index)  # as an editor's program saves a file: a new one in its place
    rebuild(edition, out)
    assert checks == [1]


def test_a_new_file_in_the_edition_folder_rebuilds(
    built: tuple[Path, Path], checks: list[int]
) -> None:
    edition, out = built
    (edition / "notes.txt").write_text("the editor's own notes", encoding="utf-8")
    rebuild(edition, out)
    assert checks == [1]
    (edition / ".notes.swp").write_text("an editor's swap file", encoding="utf-8")
    rebuild(edition, out)
    assert checks == [1]  # hidden files are not the edition's


def test_a_build_with_other_options_is_not_taken_for_this_one(
    built: tuple[Path, Path], checks: list[int]
) -> None:
    edition, out = built
    build_site(edition, out, pdf=False, search=False, force=True)
    assert checks == [1]


def test_a_site_inside_its_edition_folder_with_a_link_loop_is_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, checks: list[int]
) -> None:
    """The site's own folder is no input, and a folder reached again through a symbolic
    link is read once."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    edition = make_edition(tmp_path / "ed")
    (edition / "loop").symlink_to(edition, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    build_site(Path("ed"), Path("ed/site"), pdf=False, search=False)
    assert checks == [1]
    read: list[str] = []
    real_scandir = uptodate.os.scandir

    def counted(path: str) -> object:
        read.append(str(path))
        return real_scandir(path)

    monkeypatch.setattr(uptodate.os, "scandir", counted)
    rebuild(Path("ed"), Path("ed/site"))
    monkeypatch.undo()
    assert checks == [1]
    assert not [p for p in read if "loop" in p or p.startswith("ed/site/")], read
