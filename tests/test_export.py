"""The export library: file names, determinism, failures that leave nothing behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EDITION
from tei_edition.issues import TeiEditionError, UsageError
from tei_edition.transform import export as ex
from test_export_support import SAMPLE


def test_file_names_for_each_reading(tmp_path: Path) -> None:
    written = ex.export(SAMPLE, ["html", "text"], tmp_path)
    assert [p.name for p in written] == ["sample.html", "sample.txt"]
    written = ex.export(SAMPLE, ["text", "html"], tmp_path, reading="diplomatic")
    assert [p.name for p in written] == ["sample.diplomatic.html", "sample.diplomatic.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "sample.diplomatic.html",
        "sample.diplomatic.txt",
        "sample.html",
        "sample.txt",
    ]
    html = (tmp_path / "sample.diplomatic.html").read_text(encoding="utf-8")
    assert 'class="reading-diplomatic"' in html


def test_output_name() -> None:
    assert ex.output_name("ed", "fo") == "ed.fo"
    assert ex.output_name("ed", "text", "diplomatic") == "ed.diplomatic.txt"


def test_formats_all_and_commas() -> None:
    assert ex.resolve_formats(["all"]) == ["html", "fo", "pdf", "text", "epub"]
    assert ex.resolve_formats(["text,html", "html"]) == ["html", "text"]
    with pytest.raises(
        UsageError, match="unknown format 'docx'; choose from html, fo, pdf, text, epub, all"
    ):
        ex.resolve_formats(["docx"])


def test_two_exports_are_byte_identical(tmp_path: Path) -> None:
    first = ex.export(SAMPLE, ["html", "fo", "text"], tmp_path / "a")
    second = ex.export(SAMPLE, ["html", "fo", "text"], tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_two_exports_of_the_edition_are_byte_identical(tmp_path: Path, edition: Path) -> None:
    # other documents transformed in between must not change anything (no generated ids)
    first = ex.export(edition, ["html", "text"], tmp_path / "a")
    ex.export(SAMPLE, ["html"], tmp_path / "other")
    second = ex.export(edition, ["html", "text"], tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_params_go_to_the_stylesheets_that_declare_them(tmp_path: Path) -> None:
    (html, txt) = ex.export(
        SAMPLE, ["html", "text"], tmp_path, params={"width": "30", "index": "false"}
    )
    lines = txt.read_text(encoding="utf-8").splitlines()
    assert all(len(line) <= 30 or " " not in line.strip() for line in lines)
    assert max(len(line) for line in lines if " " in line.strip()) > 20
    assert 'id="index"' not in html.read_text(encoding="utf-8")


def test_unknown_param_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as err:
        ex.export(SAMPLE, ["text"], tmp_path / "out", params={"colour": "red"})
    assert [i.format() for i in err.value.issues] == [
        "tei-edition: error: unknown parameter 'colour' for text.xsl; known parameters: "
        "registers, width (and the reading, chosen apart) [param]"
    ]
    assert not (tmp_path / "out").exists()


def test_bad_reading(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown reading 'both'"):
        ex.export(SAMPLE, ["text"], tmp_path, reading="both")


def test_malformed_input_leaves_no_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>\n<p>x</text></TEI>')
    with pytest.raises(TeiEditionError) as err:
        ex.export(bad, ["all"], tmp_path / "out")
    (issue,) = err.value.issues
    assert issue.file.endswith("bad.xml") and issue.line == 2 and issue.rule == "well-formed"
    assert not (tmp_path / "out").exists()


def test_not_tei_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text("<doc><p>x</p></doc>")
    with pytest.raises(TeiEditionError, match="expected TEI"):
        ex.export(other, ["text"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_failed_transformation_keeps_the_previous_file(tmp_path: Path) -> None:
    ex.export(SAMPLE, ["text"], tmp_path)
    before = (tmp_path / "sample.txt").read_bytes()
    with pytest.raises(TeiEditionError, match="width must be 0 or more"):
        ex.export(SAMPLE, ["html", "text"], tmp_path, params={"width": -5})
    assert (tmp_path / "sample.txt").read_bytes() == before
    assert not (tmp_path / "sample.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["sample.txt"]  # no temporary file left


def test_bundled_edition_by_default(tmp_path: Path, edition: Path) -> None:
    (txt,) = ex.export(None, ["text"], tmp_path)
    assert txt.name == edition.stem + ".txt"


@pytest.mark.fop
@pytest.mark.slow
def test_pdf_from_the_fo_stylesheet(tmp_path: Path) -> None:
    if not shutil.which("fop"):
        pytest.skip("Apache FOP is not installed")
    written = ex.export(SAMPLE, ["fo", "pdf"], tmp_path)
    assert [p.name for p in written] == ["sample.fo", "sample.pdf"]
    assert written[1].read_bytes().startswith(b"%PDF-")


@pytest.mark.slow
def test_build_validates_then_writes_every_format(tmp_path: Path) -> None:
    result = ex.build(tmp_path)
    names = [p.name for p in result.files]
    stem = "mikoyan-recollections-1958"
    expected = [f"{stem}.html", f"{stem}.fo", f"{stem}.pdf", f"{stem}.txt", f"{stem}.epub"]
    if result.notices:  # no FOP here
        assert [n.rule for n in result.notices] == ["fop"]
        expected.remove(f"{stem}.pdf")
    assert names == [*expected, f"{stem}.diplomatic.html", f"{stem}.diplomatic.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


def test_build_refuses_an_invalid_edition(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body></text></TEI>'
    )
    with pytest.raises(TeiEditionError) as err:
        ex.build(tmp_path / "out", source=bad)
    assert err.value.issues and all(i.severity == "error" for i in err.value.issues)
    assert not (tmp_path / "out").exists()


def test_html_links_to_the_other_reading_as_export_names_it(tmp_path: Path) -> None:
    """Without JavaScript, each page links to the file holding the other reading."""
    copy = tmp_path / "renamed.xml"
    copy.write_bytes(EDITION.read_bytes())
    ex.export(copy, ["html"], tmp_path, reading="normalized")
    ex.export(copy, ["html"], tmp_path, reading="diplomatic")
    normalized = (tmp_path / "renamed.html").read_text(encoding="utf-8")
    diplomatic = (tmp_path / "renamed.diplomatic.html").read_text(encoding="utf-8")
    assert 'href="renamed.diplomatic.html"' in normalized
    assert 'href="renamed.html"' in diplomatic
