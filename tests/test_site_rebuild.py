"""Rebuilds of a site: the build's own record (``OUT/.tei-edition-builds.jsonl``) says
which files each build wrote and removed, and a rebuild writes exactly the files whose
content a change of the edition changes: the document's pages and downloads, the register
entries it mentions or used to mention, the lists that show it, and the files of the
search index that hold those pages. Its outputs are those of a clean build."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from site_support import make_edition
from tei_edition.site import build_site
from tei_edition.site.build import MANIFEST, read_builds
from tei_edition.site.search import MARKER
from test_site import EPOCH, assert_same_tree, tree_bytes


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A small edition and its site, with search (built where the edition is: the pages'
    keys hold the register's place)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    edition = make_edition(tmp_path / "ed")
    build_site(edition, tmp_path / "out", pdf=False)
    return edition, tmp_path / "out"


def last_build(out: Path) -> dict:
    builds = read_builds(out)
    assert builds, "no build recorded"
    return builds[-1]


def fragment_urls(out: Path, names: list[str] | None = None) -> set[str]:
    """The pages the search index holds (each fragment names its page's address)."""
    paths = (
        [out / n for n in names]
        if names is not None
        else sorted((out / "pagefind" / "fragment").glob("*.pf_fragment"))
    )
    urls = set()
    for path in paths:
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(MARKER)
        urls.add(json.loads(raw[len(MARKER) :])["url"])
    return urls


def changed_files(before: dict[Path, bytes], after: dict[Path, bytes]) -> tuple[set, set]:
    """The files of a site whose bytes differ, or that are new, and those gone; not the
    manifest of the files' keys, which is the build's bookkeeping and not the site."""
    written = {k.as_posix() for k, v in after.items() if before.get(k) != v} - {MANIFEST}
    removed = {k.as_posix() for k in before.keys() - after.keys()}
    return written, removed


MEMO = [
    "documents/1845-memo.html",
    "documents/diplomatic/1845-memo.html",
    "documents/1845-memo.xml",
    "documents/1845-memo.txt",
    "documents/1845-memo.epub",
]


def test_a_rebuild_writes_exactly_the_files_a_change_changes(copy: tuple[Path, Path]) -> None:
    ed, out = copy
    assert len(read_builds(out)) == 1
    memo = ed / "documents" / "1845-memo.xml"
    before = tree_bytes(out)
    # the memorandum now mentions Lovelace too (it mentioned only Babbage)
    memo.write_text(
        memo.read_text().replace(
            "computed them.",
            'computed them for <persName ref="registers.xml#lovelace">her</persName>.',
        )
    )
    build_site(ed, out, pdf=False)
    record = last_build(out)
    assert record["build"] == 2
    written = set(record["written"])
    # the pages and downloads of the document, the entry it now mentions, the list of
    # persons (its counts), the listing, and the index files of the two pages indexed
    site_files = {w for w in written if not w.startswith("pagefind/")}
    assert site_files == {
        *MEMO,
        "register/lovelace.html",
        "register/persons.html",
        "site.json",
    }
    # not the other documents, nor the entries it does not mention, nor the home page
    # and chronology (what they show of it, title, date and kind, is as it was)
    added = sorted(w for w in written if w.startswith("pagefind/fragment/"))
    assert fragment_urls(out, added) == {"/documents/1845-memo.html", "/register/lovelace.html"}
    assert len(added) == 2
    # the record says what the files say: written are those whose bytes changed, or new
    differ, gone = changed_files(before, tree_bytes(out))
    assert sorted(written ^ differ) == []
    assert sorted(set(record["removed"]) ^ gone) == []
    assert 'lovelace.html" id="m-lovelace-1"' in (out / "documents" / "1845-memo.html").read_text()

    # its title changed: the lists that show it and its neighbours' links to it change
    before = tree_bytes(out)
    memo.write_text(memo.read_text().replace("Memorandum on bernoulli", "Memorandum on Bernoulli"))
    build_site(ed, out, pdf=False)
    record = last_build(out)
    written = set(record["written"])
    site_files = {w for w in written if not w.startswith("pagefind/")}
    assert site_files == {
        *MEMO,
        *(f"documents/{link}1844-letter.html" for link in ("", "diplomatic/")),
        "documents/1845-memo.bib",
        "documents/1845-memo.ris",
        "documents/1845-memo.json",
        "index.html",
        "chronology.html",
        "register/babbage.html",
        "register/lovelace.html",
        "site.json",
    }
    differ, gone = changed_files(before, tree_bytes(out))
    assert sorted(written ^ differ) == []
    assert sorted(set(record["removed"]) ^ gone) == []
    # a third build with nothing changed writes nothing and says so
    build_site(ed, out, pdf=False)
    assert last_build(out)["build"] == 4
    assert last_build(out)["written"] == last_build(out)["removed"] == []


def test_a_removed_document_leaves_no_page_mention_or_search_entry(
    copy: tuple[Path, Path],
) -> None:
    ed, out = copy
    assert "/documents/1845-memo.html" in fragment_urls(out)
    babbage = (out / "register" / "babbage.html").read_text()
    assert "1845-memo.html" in babbage
    (ed / "documents" / "1845-memo.xml").unlink()
    build_site(ed, out, pdf=False)
    record = last_build(out)
    removed = set(record["removed"])
    gone = [*MEMO, *(f"documents/1845-memo{ext}" for ext in (".bib", ".ris", ".json"))]
    assert set(gone) <= removed
    assert not [g for g in gone if (out / g).exists()]
    assert not list(out.rglob("1845-memo*"))
    # its mentions: gone from the entry's page, and from every other page
    for page in out.rglob("*.html"):
        assert "1845-memo" not in page.read_text(encoding="utf-8"), page
    assert "1845-memo" not in (out / "site.json").read_text(encoding="utf-8")
    # its search entry: no fragment of the index holds it, and its own is recorded removed
    assert "/documents/1845-memo.html" not in fragment_urls(out)
    assert any(r.startswith("pagefind/fragment/") for r in removed)
    for path in (out / "pagefind").rglob("*.pf_*"):
        assert b"1845-memo" not in gzip.decompress(path.read_bytes()), path
    assert "1845-memo" not in (out / "pagefind" / "pagefind-entry.json").read_text()


def test_any_sequence_of_rebuilds_gives_a_clean_build(
    copy: tuple[Path, Path], tmp_path: Path
) -> None:
    ed, out = copy
    memo = ed / "documents" / "1845-memo.xml"
    note = ed / "documents" / "1842-note.xml"
    original_note = note.read_text()
    steps = [
        lambda: memo.write_text(memo.read_text().replace("computed them", "had computed them")),
        lambda: note.unlink(),
        lambda: memo.write_text(memo.read_text().replace("Memorandum on", "A memorandum on")),
        lambda: None,  # nothing changed
        lambda: note.write_text(original_note.replace("quaternion", "quaternions")),
    ]
    for step in steps:
        step()
        build_site(ed, out, pdf=False)
    clean = tmp_path / "clean"
    build_site(ed, clean, pdf=False)
    assert_same_tree(tree_bytes(out), tree_bytes(clean))
    assert len(read_builds(out)) == 1 + len(steps)


def test_a_rebuild_never_writes_into_the_files_of_the_site_in_place(
    copy: tuple[Path, Path], tmp_path: Path
) -> None:
    """The site stays whole while a rebuild runs: the staging folder shares the site's files
    by hard links, so no file of the site, the search index's included, may be written in
    place. Each file is held by a link of its own from before the rebuild: its bytes must be
    those it had."""
    edition, out = copy
    held = tmp_path / "held"
    before: dict[Path, bytes] = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and not path.is_symlink():
            keep = held / path.relative_to(out)
            keep.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, keep)
            before[keep] = path.read_bytes()
    assert any("pagefind" in p.parts for p in before)
    memo = edition / "documents" / "1845-memo.xml"
    memo.write_text(memo.read_text().replace("computed them", "had computed them"))
    result = build_site(edition, out, pdf=False)
    assert any("pagefind" in p.parts for p in result.written)  # the index was made again
    changed = sorted(
        str(p.relative_to(held)) for p, data in before.items() if p.read_bytes() != data
    )
    assert changed == []


def test_the_document_pages_are_planned_as_they_are_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build works out every document's keys first, then makes each document's pages'
    models only as the rendering comes to it (never all at once: a hundred thousand
    documents' models would be held together), and writes the copies and citations while
    the pages are rendered; the site is the same."""
    from tei_edition.site import build as build_module

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    events: list[str] = []
    model, render, put = (
        build_module.DocumentPage.model,
        build_module._render_task,
        build_module._Writer.put,
    )

    def modelled(page):
        events.append(f"model {page.doc.slug}")
        return model(page)

    def rendered(task):
        events.append(f"render {Path(task[0]).stem}")
        return render(task)

    def written(writer, rel, data):
        if rel.endswith((".xml", ".bib")) and rel.startswith("documents/"):
            events.append(f"write {rel}")
        return put(writer, rel, data)

    monkeypatch.setattr(build_module.DocumentPage, "model", modelled)
    monkeypatch.setattr(build_module, "_render_task", rendered)
    monkeypatch.setattr(build_module._Writer, "put", written)
    edition = make_edition(tmp_path / "ed")
    build_site(edition, tmp_path / "out", pdf=False, search=False)
    rendered_docs = [e.split()[1] for e in events if e.startswith("render")]
    assert len(rendered_docs) == 4
    # each document's models (its two readings) made just before its pages are rendered,
    # after the document before is rendered
    order = [e for e in events if e.startswith(("model", "render"))]
    assert order == [f"{e} {doc}" for doc in rendered_docs for e in ("model", "model", "render")]
    # copies and citations written among the renderings, not all before them
    first_render = events.index(f"render {rendered_docs[0]}")
    last_render = events.index(f"render {rendered_docs[-1]}")
    writes = [i for i, e in enumerate(events) if e.startswith("write")]
    assert len(writes) == 8
    assert any(first_render < i < last_render for i in writes), events
    assert min(writes) > first_render
