"""Every path an edition configures stays inside its folder, a build writes only into a
folder of its own and removes only what it wrote, and ids that cannot be page names are
refused before anything is written."""

from __future__ import annotations

import fcntl
import json
import os
import re
import sqlite3
from pathlib import Path

import pytest

from site_support import make_edition
from tei_edition.edition.config import load_edition
from tei_edition.issues import TeiEditionError, UsageError
from tei_edition.site.build import (
    LOCK,
    MANIFEST,
    MARK,
    build_site,
    refused_out_folder,
    site_relative,
)

SECRET = "PATHS-SECRET-5150"


@pytest.fixture
def ed(tmp_path: Path) -> Path:
    return make_edition(tmp_path / "ed")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A TEI document and a secret outside the edition folder."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET)
    (folder / "private.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>'
        f"{SECRET}</title></titleStmt><publicationStmt><p>p</p></publicationStmt>"
        "<sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader><text><body><p>"
        f"{SECRET}</p></body></text></TEI>"
    )
    return folder


def set_sources(ed: Path, **values: str | list[str]) -> None:
    text = (ed / "edition.toml").read_text()
    head, _, _rest = text.partition("[sources]")
    lines = [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    (ed / "edition.toml").write_text(head + "[sources]\n" + "\n".join(lines) + "\n")


def one_line_refusal(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert SECRET not in result.output


@pytest.mark.parametrize(
    "documents",
    [["../elsewhere/*.xml"], ["documents/../../elsewhere/*.xml"], ["/etc/*.xml"], ["~/*.xml"]],
)
def test_document_globs_that_leave_the_folder_are_refused(
    ed: Path, outside: Path, tmp_path: Path, invoke, documents: list[str]
) -> None:
    set_sources(ed, documents=documents, registers="registers.xml")
    out = tmp_path / "out"
    for command in (["build", ed, "-o", out], ["validate", ed]):
        result = invoke(*command)
        one_line_refusal(result, "sources.documents pattern", "[config]")
    assert not out.exists()


def test_an_absolute_glob_is_refused_not_a_traceback(ed: Path, outside: Path, invoke) -> None:
    set_sources(ed, documents=[str(outside / "*.xml")])
    one_line_refusal(invoke("validate", ed), "is absolute")


@pytest.mark.parametrize("registers", ["../elsewhere/private.xml", "ABSOLUTE"])
def test_a_register_outside_the_folder_is_refused(
    ed: Path, outside: Path, tmp_path: Path, invoke, registers: str
) -> None:
    if registers == "ABSOLUTE":
        registers = str(outside / "private.xml")
    set_sources(ed, documents=["documents/*.xml"], registers=registers)
    out = tmp_path / "out"
    one_line_refusal(invoke("build", ed, "-o", out), "sources.registers")
    assert not out.exists()


def test_a_register_symlinked_out_of_the_folder_is_refused(
    ed: Path, outside: Path, tmp_path: Path
) -> None:
    (ed / "registers.xml").unlink()
    (ed / "registers.xml").symlink_to(outside / "private.xml")
    with pytest.raises(UsageError, match="leads outside the edition folder"):
        load_edition(ed)


def test_a_symlinked_document_that_leaves_is_refused(
    ed: Path, outside: Path, tmp_path: Path, invoke
) -> None:
    (ed / "documents" / "linked.xml").symlink_to(outside / "private.xml")
    out = tmp_path / "out"
    result = invoke("build", ed, "-o", out)
    one_line_refusal(result, "linked.xml", "leads outside the edition folder")
    assert not out.exists()
    # a symlinked folder that leaves is refused the same way
    (ed / "documents" / "linked.xml").unlink()
    (ed / "documents" / "more").symlink_to(outside, target_is_directory=True)
    set_sources(ed, documents=["documents/*.xml", "documents/more/*.xml"])
    one_line_refusal(invoke("validate", ed), "private.xml", "leads outside the edition folder")


def test_a_symlink_inside_the_folder_is_kept(ed: Path, tmp_path: Path) -> None:
    (ed / "kept").mkdir()
    first = sorted((ed / "documents").glob("*.xml"))[0]
    first.rename(ed / "kept" / first.name)
    first.symlink_to(ed / "kept" / first.name)
    assert first in load_edition(ed).documents


def test_a_schema_outside_the_folder_is_refused(ed: Path, outside: Path, invoke) -> None:
    set_sources(ed, documents=["documents/*.xml"], schema="../elsewhere/x.rng")
    one_line_refusal(invoke("validate", ed), "sources.schema")


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)//", "data:text/html,x", "example.org/ed/", "https:///x"]
)
def test_base_url_must_be_a_web_address(ed: Path, invoke, url: str) -> None:
    text = (ed / "edition.toml").read_text()
    text = re.sub(r"(?m)^base_url = .*$", f"base_url = {json.dumps(url)}", text)
    assert json.dumps(url) in text
    (ed / "edition.toml").write_text(text)
    one_line_refusal(invoke("validate", ed), "edition.base_url", "http:// or https://")


def test_the_output_may_not_be_the_edition_or_hold_it(ed: Path, tmp_path: Path, invoke) -> None:
    before = sorted(p.relative_to(ed) for p in ed.rglob("*"))
    modes = {p: p.stat().st_mode for p in ed.rglob("*")}
    for out, needle in ((ed, "is the edition folder itself"), (ed.parent, "holds the edition")):
        result = invoke("build", ed, "-o", out)
        one_line_refusal(result, needle, "[out]")
    assert sorted(p.relative_to(ed) for p in ed.rglob("*")) == before
    assert {p: p.stat().st_mode for p in ed.rglob("*")} == modes


def test_system_and_home_folders_are_refused(tmp_path: Path) -> None:
    home = tmp_path / "home" / "editor"
    home.mkdir(parents=True)
    for folder in (Path("/"), Path("/usr"), Path("/etc"), Path("/tmp"), home, home.parent):
        assert refused_out_folder(folder, None, home=home), folder
    assert refused_out_folder(home / "site", None, home=home) == ""
    assert refused_out_folder(tmp_path / "site", tmp_path / "ed", home=home) == ""


def test_a_foreign_folder_is_refused_and_left_alone(ed: Path, tmp_path: Path, invoke) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("my own page")
    (out / "notes.txt").write_text("keep me")
    result = invoke("build", ed, "-o", out)
    one_line_refusal(result, "not a site built by tei-edition", "index.html")
    assert (out / "index.html").read_text() == "my own page"
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "notes.txt"]


def test_a_crafted_manifest_deletes_nothing_outside(ed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(ed, out, pdf=False, search=False)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    inside_victim = ed / "documents" / "victim.txt"
    inside_victim.write_text("precious too")
    with sqlite3.connect(out / MANIFEST) as db:
        (generator,) = db.execute("SELECT value FROM meta WHERE name = 'generator'").fetchone()
        assert json.loads(generator) == MARK
        crafted = ["../victim.txt", str(victim), "documents/../../victim.txt", "./index.html"]
        db.executemany("INSERT INTO files VALUES (?, 'k')", [(r,) for r in crafted])
        db.execute("INSERT INTO files VALUES ('link/victim.txt', 'k')")
    db.close()
    (out / "link").symlink_to(ed / "documents", target_is_directory=True)
    build_site(ed, out, pdf=False, search=False)
    assert victim.read_text() == "precious"
    assert inside_victim.read_text() == "precious too"
    assert (out / "index.html").is_file()


def test_manifest_paths_are_normalized_relative_paths_inside(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert site_relative(out, "documents/a.html") == out / "documents" / "a.html"
    for rel in ("../a", "/etc/passwd", "a/../../b", "./a", "a//b", "", "a\\..\\b", 3, None):
        assert site_relative(out, rel) is None, rel


def test_another_editions_site_is_not_overwritten(ed: Path, tmp_path: Path, invoke) -> None:
    out = tmp_path / "out"
    build_site(ed, out, pdf=False, search=False)
    other = make_edition(tmp_path / "other")
    toml = (other / "edition.toml").read_text()
    (other / "edition.toml").write_text(toml.replace('"Test Edition"', '"Another Edition"', 1))
    one_line_refusal(invoke("build", other, "-o", out), "another edition")


def test_a_second_build_into_the_same_folder_waits_for_none(ed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(ed, out, pdf=False, search=False)
    fd = os.open(out / LOCK, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
        with pytest.raises(UsageError, match="another build is writing"):
            build_site(ed, out, pdf=False, search=False)
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    finally:
        os.close(fd)
    build_site(ed, out, pdf=False, search=False)  # released: builds again


@pytest.mark.parametrize("ident", ["index", "persons", "places", "organisations", "x" * 300])
def test_ids_that_cannot_be_page_names_are_refused_up_front(
    ed: Path, tmp_path: Path, ident: str
) -> None:
    register = ed / "registers.xml"
    register.write_text(register.read_text().replace('xml:id="london"', f'xml:id="{ident}"'))
    for doc in (ed / "documents").glob("*.xml"):
        doc.write_text(doc.read_text().replace("registers.xml#london", f"registers.xml#{ident}"))
    out = tmp_path / "out"
    with pytest.raises(TeiEditionError) as caught:
        build_site(ed, out, pdf=False, search=False)
    messages = [i.format() for i in caught.value.issues if i.rule == "edition-id"]
    assert messages and all("registers.xml:" in m for m in messages), messages
    assert not out.exists()


def nested(depth: int) -> str:
    inner = "<hi>" * depth + "deep" + "</hi>" * depth
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T'
        "</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p>"
        f"</sourceDesc></fileDesc></teiHeader><text><body><p>{inner}</p></body></text></TEI>"
    )


def test_what_the_reader_accepts_every_export_takes(tmp_path: Path, invoke) -> None:
    """Nesting up to the reader's limit (256) is exported in every format, not stopped in
    the middle by Saxon's parser; deeper is refused by the reader, up front."""
    deep = tmp_path / "deep.xml"
    deep.write_text(nested(250))  # 4 levels above the first hi: 254 in all
    result = invoke("export", deep, "--to", "html,text,fo", "-o", tmp_path / "x")
    assert result.exit_code == 0, result.output
    assert "deep" in (tmp_path / "x" / "deep.txt").read_text()
    too = tmp_path / "too.xml"
    too.write_text(nested(260))
    result = invoke("export", too, "--to", "text", "-o", tmp_path / "y")
    assert result.exit_code == 1
    assert "nested more than 256 deep [depth]" in result.stderr
    assert not (tmp_path / "y").exists() or not any((tmp_path / "y").iterdir())


def test_the_documents_a_glob_finds_are_its_files_and_links_to_files(ed: Path) -> None:
    """A name that is a folder, a link to a folder or a link to nothing is no document; a
    link to a file inside the folder is one, resolved to that file (each path asked about
    once: the edition's resolver keeps what it found, for the rest of the build)."""
    docs = ed / "documents"
    first = sorted(docs.glob("*.xml"))[0]
    (docs / "folder.xml").mkdir()
    (docs / "to-folder.xml").symlink_to(ed / "pages", target_is_directory=True)
    (docs / "dangling.xml").symlink_to(docs / "gone.xml")
    (docs / "alias.xml").symlink_to(first)
    edition = load_edition(ed)
    names = {p.name for p in edition.documents}
    assert "alias.xml" in names and first.name in names
    assert not names & {"folder.xml", "to-folder.xml", "dangling.xml"}
    assert edition.resolved(docs / "alias.xml") == first.resolve()
    assert edition.resolved(first) == first.resolve()
