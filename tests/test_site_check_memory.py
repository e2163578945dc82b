"""A rebuild's check takes what the last build recorded (site/manifest.py): each file's
validation, what was read of each document and its part of the edition check, each file's
state on disk. It validates and reads only what changed, and reports exactly what a check
of the whole edition reports: the same messages, in the same order, with the same exit
status, as a clean build into a new folder."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from site_support import make_edition
from tei_edition.validate import edition as check_module
from test_site import EPOCH

BROKEN = (
    "computed them.",
    'computed them for <persName ref="registers.xml#nobody">no one</persName>'
    ' and <placeName ref="registers.xml#babbage">Babbage</placeName> <unknownElement/>.',
)


@pytest.fixture
def ed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # the files' states are trusted at once (the test's files are all just written)
    monkeypatch.setattr(check_module, "RACY_NS", 0)
    return make_edition(tmp_path / "ed")


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The files each check validated and read (by name)."""
    found: dict[str, list[str]] = {"validated": [], "read": []}
    validate, read = check_module.validate_paths, check_module._read

    def validating(paths, **options):
        found["validated"].extend(Path(p).name for p in paths)
        return validate(paths, **options)

    def reading(path: Path) -> bytes:
        if path.suffix == ".xml":  # not the program's own modules
            found["read"].append(path.name)
        return read(path)

    monkeypatch.setattr(check_module, "validate_paths", validating)
    monkeypatch.setattr(check_module, "_read", reading)
    return found


def build(invoke, ed: Path, out: Path) -> tuple[int, str, list[str]]:
    """The exit status, what was printed on stdout and the report's lines on stderr (the
    summary's counts of files written and kept left out: a rebuild's differ; the site's
    folder named OUT)."""
    result = invoke("build", ed, "-o", out, "--no-pdf", "--no-search", "-q")
    lines = [
        line.replace(str(out), "OUT")
        for line in result.stderr.splitlines()
        if "file(s) written" not in line
    ]
    return result.exit_code, result.stdout.replace(str(out), "OUT"), lines


def records(out: Path) -> dict[str, str]:
    """The documents' rows of the site's record in ``out``: key → record and pointers."""
    from tei_edition.site.manifest import NAME

    db = sqlite3.connect(out / NAME)
    try:
        return dict(db.execute("SELECT key, record || pointers FROM documents"))
    finally:
        db.close()


def damage(out: Path, key: str) -> None:
    """Make the record of ``key`` in ``out``'s site record no JSON."""
    from tei_edition.site.manifest import NAME

    with sqlite3.connect(out / NAME) as db:
        db.execute("UPDATE documents SET record = '[not json' WHERE key = ?", (key,))
    db.close()


def same_as_clean(invoke, ed: Path, out: Path, clean: Path) -> tuple[int, str, list[str]]:
    rebuilt = build(invoke, ed, out)
    assert rebuilt == build(invoke, ed, clean)
    return rebuilt


def test_a_rebuild_reports_what_a_clean_build_reports(
    ed: Path, tmp_path: Path, invoke, seen: dict[str, list[str]]
) -> None:
    out = tmp_path / "out"
    memo = ed / "documents" / "1845-memo.xml"
    register = ed / "registers.xml"
    original_memo, original_register = memo.read_text(), register.read_text()
    code, _, report = build(invoke, ed, out)
    assert code == 0
    assert "registers.xml" in seen["validated"] and "1845-memo.xml" in seen["validated"]

    # the memorandum made invalid: a pointer to no entry, a place's name pointing to a
    # person, an element no schema allows; only it is read and validated again
    seen["validated"].clear(), seen["read"].clear()
    memo.write_text(original_memo.replace(*BROKEN))
    rebuilt = build(invoke, ed, out)
    assert seen["validated"] == ["1845-memo.xml"]
    assert seen["read"] == ["1845-memo.xml"]
    assert rebuilt == build(invoke, ed, tmp_path / "clean-1")
    code, _, report = rebuilt
    assert code != 0
    text = "\n".join(report)
    assert "1845-memo.xml" in text and "nobody" in text and "unknownElement" in text
    assert "edition-kind" in text

    # an entry removed from the register that an unchanged document points to: the
    # document's part of the edition check is made again (the register changed)
    seen["validated"].clear(), seen["read"].clear()
    register.write_text(original_register.replace('xml:id="london"', 'xml:id="londres"'))
    code, _, report = same_as_clean(invoke, ed, out, tmp_path / "clean-2")
    assert code != 0
    assert any("1842-note.xml" in line and "london" in line for line in report)
    assert "1842-note.xml" not in seen["validated"][: seen["validated"].index("registers.xml")]

    # both mended: the build passes again, with the report of a clean build
    memo.write_text(original_memo)
    register.write_text(original_register)
    code, _, report = same_as_clean(invoke, ed, out, tmp_path / "clean-3")
    assert code == 0
    # and broken again, the same way as before: the same report as the first time
    memo.write_text(original_memo.replace(*BROKEN))
    assert build(invoke, ed, out) == rebuilt


def test_a_change_that_keeps_the_size_is_seen(ed: Path, tmp_path: Path, invoke) -> None:
    """A document changed in place, its size the same (only its times and content differ
    from its recorded state), is read and checked again."""
    out = tmp_path / "out"
    assert build(invoke, ed, out)[0] == 0
    memo = ed / "documents" / "1845-memo.xml"
    text = memo.read_text()
    changed = text.replace("#babbage", "#babbag_")
    assert len(changed) == len(text)
    memo.write_text(changed)
    code, _, report = same_as_clean(invoke, ed, out, tmp_path / "clean")
    assert code != 0
    assert any("1845-memo.xml" in line and "babbag_" in line for line in report)


def test_a_site_of_an_earlier_version_is_rebuilt_from_its_json_manifest(
    ed: Path, tmp_path: Path
) -> None:
    """A site whose manifest is the JSON of earlier versions (``.tei-edition-site.json``,
    one document read whole) is taken as this program's: its files' keys are read from
    it, so nothing is made again, and it is replaced by the database."""
    from tei_edition.site import build_site
    from tei_edition.site.build import MARK
    from tei_edition.site.manifest import NAME, OLD_NAME

    out = tmp_path / "out"
    build_site(ed, out, pdf=False, search=False)
    with sqlite3.connect(out / NAME) as db:
        files = dict(db.execute("SELECT rel, key FROM files"))
        meta = {k: json.loads(v) for k, v in db.execute("SELECT name, value FROM meta")}
    db.close()
    assert meta["generator"] == MARK
    old = {
        "files": dict(files),
        "generator": MARK,
        "edition": meta["edition"],
        "version": meta["version"],
        "search": meta["search"],
        "validation": {},
        "documents": {},
    }
    (out / NAME).unlink()
    (out / OLD_NAME).write_text(json.dumps(old), encoding="utf-8")
    (out / "index.html").touch()  # the site is not up to date: it is read again
    (out / "stale.html").write_text("from an earlier build")
    old["files"]["stale.html"] = "k"
    (out / OLD_NAME).write_text(json.dumps(old), encoding="utf-8")
    result = build_site(ed, out, pdf=False, search=False)
    assert result.written == []
    assert [p.name for p in result.removed] == ["stale.html"]
    assert not (out / OLD_NAME).exists()
    with sqlite3.connect(out / NAME) as db:
        assert dict(db.execute("SELECT rel, key FROM files")) == files
    db.close()


def test_a_damaged_record_is_read_again_and_kept_records_stay_as_they_are(
    ed: Path, tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The records are read from the manifest one at a time, as the check asks for them:
    a row that cannot be read is missing, so its document alone is read again (the report
    the same as a clean build's), and its row is written again; the rows of the documents
    taken from their records are left as they were."""

    out = tmp_path / "out"
    assert build(invoke, ed, out)[0] == 0
    rows = records(out)
    damage(out, next(k for k, v in rows.items() if '"1845-memo"' in v))
    read: list[str] = []
    given = check_module.read_document

    def reading(path: Path, *args, **kwargs):
        read.append(Path(path).name)
        return given(path, *args, **kwargs)

    monkeypatch.setattr(check_module, "read_document", reading)
    monkeypatch.setattr(check_module, "_KEPT", {})  # a process that builds the first time
    (out / "index.html").touch()  # not up to date: the check runs
    rebuilt = build(invoke, ed, out)
    assert read == ["1845-memo.xml"]
    assert rebuilt == build(invoke, ed, tmp_path / "clean")
    assert records(out) == rows


def test_a_process_that_builds_again_keeps_the_documents_it_read(
    ed: Path, tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that builds the site again (``serve --watch``) takes the documents that
    did not change from its last check, not from their records on disk: only the changed
    one is read; the report and the site's record are those of a build in a process of
    its own. A record damaged since is read again by the next process that kept nothing,
    and written again."""

    out = tmp_path / "out"
    assert build(invoke, ed, out)[0] == 0
    read: list[str] = []
    given, from_record = check_module.read_document, check_module.document_from_record

    def reading(path: Path, *args, **kwargs):
        read.append(Path(path).name)
        return given(path, *args, **kwargs)

    def from_records(path: Path, *args, **kwargs):
        read.append(f"record of {Path(path).name}")
        return from_record(path, *args, **kwargs)

    monkeypatch.setattr(check_module, "read_document", reading)
    monkeypatch.setattr(check_module, "document_from_record", from_records)
    memo = ed / "documents" / "1845-memo.xml"
    memo.write_text(memo.read_text().replace("computed them.", "computed them all."))
    rebuilt = build(invoke, ed, out)
    assert read == ["1845-memo.xml"]
    rows = records(out)

    # the same in a process that has kept nothing
    monkeypatch.setattr(check_module, "_KEPT", {})
    clean = tmp_path / "clean"
    assert build(invoke, ed, clean) == rebuilt
    assert records(clean) == rows

    # a damaged row: kept by this process (what it holds of the document is whole), read
    # again by one that kept nothing
    damage(out, next(k for k, v in rows.items() if '"1842-note"' in v))
    read.clear()
    (out / "index.html").touch()  # not up to date: the check runs
    assert build(invoke, ed, out) == rebuilt
    assert read == []
    monkeypatch.setattr(check_module, "_KEPT", {})
    (out / "index.html").touch()
    assert build(invoke, ed, out) == rebuilt
    assert [r for r in read if not r.startswith("record of")] == ["1842-note.xml"]
    assert records(out) == rows


def test_a_kept_document_is_judged_again_with_its_ids(
    ed: Path, tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that builds again holds its documents without their pointers and ids
    (a site needs them no more once they are judged); a change to the register judges
    every document again, with the pointers and ids of its record: a pointer to an id of
    its own document still names it, as in a build in a process of its own."""
    memo = ed / "documents" / "1845-memo.xml"
    text = memo.read_text()
    assert "computed them." in text
    memo.write_text(
        text.replace(
            "computed them.",
            'computed <seg xml:id="these">them</seg>, <rs ref="#these">those</rs>.',
        )
    )
    out = tmp_path / "out"
    first = build(invoke, ed, out)
    assert first[0] == 0 and not any("names no element" in line for line in first[2])
    register = ed / "registers.xml"
    register.write_text(register.read_text().replace("</standOff>", " </standOff>"))
    rebuilt = build(invoke, ed, out)
    monkeypatch.setattr(check_module, "_KEPT", {})
    assert rebuilt == build(invoke, ed, tmp_path / "clean")
    assert not any("names no element" in line for line in rebuilt[2])


def test_a_build_collects_the_cycles_it_made_and_leaves_older_objects_alone(
    ed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collector is paused while a site is built; at the end the cycles the build made
    are collected, by a collection of the youngest generation only: a process that builds
    again holds every document of its last check, and a full collection went over all of
    them after every rebuild."""
    import gc
    import weakref

    from tei_edition.site import build as build_module

    class Node:
        other: Node | None = None

    made: list[weakref.ref[Node]] = []
    entries = build_module._entries

    def entries_and_a_cycle(check):
        a, b = Node(), Node()
        a.other, b.other = b, a  # unreachable once this returns: freed only by the collector
        made.append(weakref.ref(a))
        return entries(check)

    monkeypatch.setattr(build_module, "_entries", entries_and_a_cycle)
    collected: list[tuple[int, ...]] = []
    collect = gc.collect

    def collecting(*generation: int) -> int:
        collected.append(generation)
        return collect(*generation)

    monkeypatch.setattr(gc, "collect", collecting)
    assert gc.isenabled()
    build_module.build_site(ed, tmp_path / "out", pdf=False, search=False)
    assert gc.isenabled()
    assert made and made[0]() is None, "the cycle the build made was left to the collector"
    assert collected == [(0,)], collected


@pytest.mark.parametrize("at_once", [1, 2, 3])
def test_the_records_asked_for_a_few_at_a_time_are_the_records_asked_for_one_by_one(
    ed: Path, tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch, at_once: int
) -> None:
    """A check asks the site's record for the documents' records a few hundred at a time,
    each query for several keys: at every boundary (a batch of one, of two, of three,
    a kept document at a batch's start), each document comes from its own record, a
    damaged row is read again, and the report is a clean build's."""
    from tei_edition.site import manifest as manifest_module

    monkeypatch.setattr(check_module, "RECORDS_AT_ONCE", at_once)
    monkeypatch.setattr(manifest_module, "_KEYS_A_QUERY", max(1, at_once - 1))
    out = tmp_path / "out"
    first = build(invoke, ed, out)
    assert first[0] == 0
    read: list[str] = []
    given, from_record = check_module.read_document, check_module.document_from_record

    def reading(path: Path, *args, **kwargs):
        read.append(Path(path).name)
        return given(path, *args, **kwargs)

    def from_records(path: Path, record, *args, **kwargs):
        read.append(f"record of {Path(path).name}: {record[0]}")
        return from_record(path, record, *args, **kwargs)

    monkeypatch.setattr(check_module, "read_document", reading)
    monkeypatch.setattr(check_module, "document_from_record", from_records)
    monkeypatch.setattr(check_module, "_KEPT", {})  # a process that builds the first time
    (out / "index.html").touch()  # not up to date: the check runs
    assert build(invoke, ed, out) == first
    names = sorted(p.name for p in (ed / "documents").glob("*.xml"))
    assert sorted(read) == [f"record of {n}: {n[:-4]}" for n in names]

    # a damaged row among them: its document alone is read
    rows = records(out)
    damage(out, next(k for k, v in rows.items() if '"1842-note"' in v))
    read.clear()
    monkeypatch.setattr(check_module, "_KEPT", {})
    (out / "index.html").touch()
    assert build(invoke, ed, out) == first
    assert [r for r in read if not r.startswith("record of")] == ["1842-note.xml"]
    assert records(out) == rows

    # a process that kept the documents, one of them changed: that one alone is read
    read.clear()
    memo = ed / "documents" / "1845-memo.xml"
    memo.write_text(memo.read_text().replace("computed them.", "computed them all."))
    rebuilt = build(invoke, ed, out)
    assert read == ["1845-memo.xml"]
    monkeypatch.setattr(check_module, "_KEPT", {})
    assert build(invoke, ed, tmp_path / "clean") == rebuilt


def test_many_documents_to_read_are_read_in_the_workers_as_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check given worker processes reads the documents there once there are enough of
    them: the same documents, in the same order, with the same records and the same
    problems (a malformed file, a file that is no TEI document) as a check that reads them
    itself."""
    from tei_edition.edition.collect import document_record
    from tei_edition.edition.config import load_edition
    from tei_edition.workers import Workers

    folder = make_edition(tmp_path / "ed")
    documents = folder / "documents"
    (documents / "broken.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><", "utf-8")
    (documents / "other.xml").write_text("<html/>", encoding="utf-8")
    monkeypatch.setattr(check_module, "READ_APART", 2)
    here = check_module.check_edition(load_edition(folder))
    asked: list[tuple[str, int]] = []
    given = Workers.iter_each

    def iter_each(self, func, tasks, **options):  # type: ignore[no-untyped-def]
        asked.append((func.__name__, len(tasks)))
        return given(self, func, tasks, **options)

    monkeypatch.setattr(Workers, "iter_each", iter_each)
    with Workers(2) as workers:
        apart = check_module.check_edition(load_edition(folder), workers=workers)
    assert asked == [("_read_one", len(here.documents) + 2)]  # and the two that failed
    assert len(here.documents) >= 3
    assert [document_record(d) for d in apart.documents] == [
        document_record(d) for d in here.documents
    ]
    assert [i.format() for i in apart.issues] == [i.format() for i in here.issues]
    assert any("broken.xml" in i.format() for i in here.issues)
    assert sorted(apart.read) == sorted(here.read)
    for key, record in here.read.items():
        assert [check_module.unpacked(part) for part in apart.read[key]] == [
            check_module.unpacked(part) for part in record
        ], key
