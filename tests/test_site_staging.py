"""A rebuild's staging folder is linked by a program of its own (site/linking.py), beside the
builder; the cycle collector is paused while a site is built and given back after; the files
not validated before are validated while the documents are read, and what stops that
validation stops the check."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from site_support import make_edition
from tei_edition.edition.config import load_edition
from tei_edition.issues import TeiEditionError
from tei_edition.site import build_site, linking
from tei_edition.site.build import previous_folder, staging_folder
from tei_edition.validate import edition as validate_edition

ROOT = Path(__file__).resolve().parents[1]


def test_the_staging_program_links_the_site_and_names_what_it_linked(tmp_path: Path) -> None:
    out, stage, previous = tmp_path / "out", tmp_path / "stage", tmp_path / "previous"
    (out / "documents").mkdir(parents=True)
    (out / "documents" / "a b.html").write_text("page", encoding="utf-8")
    (out / "top.json").write_text("{}", encoding="utf-8")  # the top is linked by the builder
    os.symlink(out / "top.json", out / "documents" / "link.html")  # never linked
    (previous / "old").mkdir(parents=True)
    linked = linking.stage_in_process(out, stage, previous)
    assert linked == ["documents/a b.html"]
    assert os.path.samefile(stage / "documents" / "a b.html", out / "documents" / "a b.html")
    assert not (stage / "top.json").exists()
    assert not (stage / "documents" / "link.html").exists()
    assert not previous.exists()  # the site an earlier rebuild replaced, removed


def test_the_site_a_rebuild_replaced_is_made_the_staging_folder_by_what_differs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site the last rebuild replaced holds links of most of the site's files: its
    folders become the staging folder's, and only the files that differ are linked again
    (one the rebuild wrote, one it added) or removed (one it removed, a folder gone); a
    folder of the previous site the site no longer has is removed with it."""
    out, stage, previous = tmp_path / "out", tmp_path / "stage", tmp_path / "previous"
    for name in ("same.html", "written.html", "added.html"):
        (out / "documents" / "sub").mkdir(parents=True, exist_ok=True)
        (out / "documents" / name).write_text(name, encoding="utf-8")
    (out / "documents" / "sub" / "deep.html").write_text("deep", encoding="utf-8")
    (previous / "documents" / "sub").mkdir(parents=True)
    (previous / "documents" / "gone").mkdir()
    (previous / "documents" / "gone" / "x.html").write_text("x", encoding="utf-8")
    (previous / "register").mkdir()  # a folder the site no longer has
    os.link(out / "documents" / "same.html", previous / "documents" / "same.html")
    os.link(out / "documents" / "sub" / "deep.html", previous / "documents" / "sub" / "deep.html")
    (previous / "documents" / "written.html").write_text("before", encoding="utf-8")
    (previous / "documents" / "removed.html").write_text("removed", encoding="utf-8")
    (stage / "documents").mkdir(parents=True)  # as the build makes it, empty
    linked: list[str] = []
    given = linking.link_file

    def linking_file(source: str, target: str) -> None:
        linked.append(Path(target).name)
        given(source, target)

    monkeypatch.setattr(linking, "link_file", linking_file)
    present = linking.stage_site(str(out), str(stage), str(previous))
    assert sorted(linked) == ["added.html", "written.html"]
    assert present == [
        "documents/added.html", "documents/same.html", "documents/sub/deep.html",
        "documents/written.html",
    ]  # fmt: skip
    for rel in present:
        assert os.path.samefile(stage / rel, out / rel)
    assert sorted(str(p.relative_to(stage)) for p in stage.rglob("*")) == [
        "documents", "documents/added.html", "documents/same.html", "documents/sub",
        "documents/sub/deep.html", "documents/written.html",
    ]  # fmt: skip
    assert not previous.exists()


def test_the_staging_program_says_in_one_line_what_stopped_it(tmp_path: Path) -> None:
    with pytest.raises(OSError) as caught:
        linking.stage_in_process(tmp_path / "absent", tmp_path / "stage", tmp_path / "prev")
    assert "absent" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_script_without_a_main_guard_can_rebuild(tmp_path: Path) -> None:
    """The staging runs as a program, not through multiprocessing's spawn, which would run
    the caller's script again in the child (and a script without a main guard again and
    again)."""
    ed = make_edition(tmp_path / "ed")
    out = tmp_path / "out"
    script = tmp_path / "build.py"
    script.write_text(
        textwrap.dedent(f"""
            from pathlib import Path
            from tei_edition.site import build_site
            ed, out = Path({str(ed)!r}), Path({str(out)!r})
            build_site(ed, out, pdf=False, search=False)
            letter = next((ed / "documents").glob("*.xml"))
            letter.write_text(letter.read_text(encoding="utf-8") + " ", encoding="utf-8")
            build_site(ed, out, pdf=False, search=False)
            print("built twice")
        """),
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SOURCE_DATE_EPOCH": "1700000000"}
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "built twice"
    assert previous_folder(out).is_dir()  # the second build did replace the first
    assert not staging_folder(out).exists()


def test_the_cycle_collector_is_given_back_after_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ed = make_edition(tmp_path / "ed")
    seen: list[bool] = []
    real = validate_edition.check_edition

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr("tei_edition.site.build.check_edition", watched)
    assert gc.isenabled()
    build_site(ed, tmp_path / "out", pdf=False, search=False)
    assert seen == [False]  # paused while the site was built
    assert gc.isenabled()
    # and after a build that fails
    (ed / "documents" / "broken.xml").write_text("<TEI", encoding="utf-8")
    with pytest.raises(TeiEditionError):
        build_site(ed, tmp_path / "out", pdf=False, search=False)
    assert gc.isenabled()
    gc.disable()
    try:  # a caller that had paused it finds it paused
        build_site(ed, tmp_path / "out2", pdf=False, search=False, force=True)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_stops_the_validation_stops_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ed = make_edition(tmp_path / "ed")

    def fails(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("no Java here")

    monkeypatch.setattr(validate_edition, "validate_paths", fails)
    with pytest.raises(OSError, match="no Java here"):
        validate_edition.check_edition(load_edition(ed))


def test_where_the_program_cannot_run_the_staging_is_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, stage, previous = tmp_path / "out", tmp_path / "stage", tmp_path / "previous"
    (out / "documents").mkdir(parents=True)
    (out / "documents" / "a.html").write_text("page", encoding="utf-8")
    monkeypatch.setattr(linking.sys, "executable", "")  # an embedding names no interpreter
    assert linking.stage_in_process(out, stage, previous) == ["documents/a.html"]
    # and again over a staging that did not end: the links made already are kept
    monkeypatch.setattr(linking.sys, "executable", sys.executable)
    assert linking.stage_in_process(out, stage, previous) == ["documents/a.html"]
    assert os.path.samefile(stage / "documents" / "a.html", out / "documents" / "a.html")


def test_a_damaged_memo_is_dropped_and_the_build_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ed = make_edition(tmp_path / "ed")
    out = tmp_path / "out"
    build_site(ed, out, pdf=False, search=False)
    db = sqlite3.connect(out / ".tei-edition-site.sqlite")
    assert db.execute("SELECT count(*) FROM memo").fetchone()[0] > 0
    db.execute("INSERT INTO memo VALUES ('register/x.html', 'no-space')")
    db.execute("INSERT INTO memo VALUES ('register/y.html', x'00ff')")
    db.commit()
    db.close()
    letter = next((ed / "documents").glob("*.xml"))
    letter.write_text(letter.read_text(encoding="utf-8") + " ", encoding="utf-8")
    build_site(ed, out, pdf=False, search=False)
    db = sqlite3.connect(out / ".tei-edition-site.sqlite")
    names = {n for (n,) in db.execute("SELECT name FROM memo")}
    db.close()
    assert "register/x.html" not in names and "register/y.html" not in names
    assert any(n.startswith("register/") for n in names)


def test_a_new_site_is_linked_as_the_site_its_first_rebuild_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build into a new folder links the site into the folder a rebuild keeps the site it
    replaced in, once the site is whole: the first rebuild's staging folder is then made by
    what differs, as every later one's, not by linking every file while the edition is
    checked. The rebuild gives the site a clean build gives."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ed = make_edition(tmp_path / "ed")
    out = tmp_path / "out"
    build_site(ed, out, pdf=False, search=False)
    previous = previous_folder(out)
    below = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file() and p.parent != out)
    assert below, "the site has folders"
    for rel in below:
        assert os.path.samefile(previous / rel, out / rel), rel
    letter = sorted((ed / "documents").glob("*.xml"))[0]
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("</p>", " Added.</p>", 1), encoding="utf-8"
    )
    result = build_site(ed, out, pdf=False, search=False)
    assert result.written
    clean = tmp_path / "clean"
    build_site(ed, clean, pdf=False, search=False)
    files = sorted(
        p.relative_to(out) for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")
    )
    assert files == sorted(
        p.relative_to(clean) for p in clean.rglob("*") if p.is_file() and not p.name.startswith(".")
    )
    for rel in files:
        assert (out / rel).read_bytes() == (clean / rel).read_bytes(), rel


def test_a_build_that_fails_into_a_new_folder_leaves_no_site_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ed = make_edition(tmp_path / "ed")
    letter = sorted((ed / "documents").glob("*.xml"))[0]
    letter.write_text("<TEI", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(TeiEditionError):
        build_site(ed, out, pdf=False, search=False)
    assert not previous_folder(out).exists()


def test_with_no_site_replaced_the_staging_program_links_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No site replaced (None, given to the program as an empty argument): every file is
    linked, and nothing of the working folder is taken for one."""
    out, stage = tmp_path / "out", tmp_path / "stage"
    (out / "documents").mkdir(parents=True)
    (out / "documents" / "a.html").write_text("page", encoding="utf-8")
    here = tmp_path / "here"
    (here / "documents").mkdir(parents=True)
    (here / "documents" / "mine.txt").write_text("the user's", encoding="utf-8")
    monkeypatch.chdir(here)
    assert linking.stage_in_process(out, stage, None) == ["documents/a.html"]
    assert (here / "documents" / "mine.txt").read_text(encoding="utf-8") == "the user's"
    assert os.path.samefile(stage / "documents" / "a.html", out / "documents" / "a.html")


def test_the_tiles_are_neither_linked_nor_removed(tmp_path: Path) -> None:
    """The page images' tiles (thousands of files a rebuild moves, not links) are not
    linked where the site is linked as the site a rebuild replaced, and a staging folder's
    tiles are left as they are."""
    out, stage = tmp_path / "out", tmp_path / "stage"
    (out / "iiif" / "images" / "p1").mkdir(parents=True)
    (out / "iiif" / "images" / "p1" / "0.jpg").write_bytes(b"tile")
    (out / "iiif" / "p1.json").write_text("{}", encoding="utf-8")
    linked = linking.stage_in_process(out, stage, None, "iiif/images")
    assert linked == ["iiif/p1.json"]
    assert not (stage / "iiif" / "images").exists()
    (stage / "iiif" / "images" / "p2").mkdir(parents=True)  # moved there by a rebuild
    (stage / "iiif" / "images" / "p2" / "0.jpg").write_bytes(b"moved")
    replaced = tmp_path / "replaced"  # the site a rebuild replaced, its tiles among it
    stage.rename(replaced)
    assert linking.stage_in_process(out, stage, replaced, "iiif/images") == ["iiif/p1.json"]
    assert not (stage / "iiif" / "images" / "p1").exists()
    assert (stage / "iiif" / "images" / "p2" / "0.jpg").read_bytes() == b"moved"
