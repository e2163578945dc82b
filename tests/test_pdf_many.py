"""Many PDFs in one JVM: the same bytes as one ``fop`` run each, problems kept apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tei_edition.resources import transform as transform_path
from tei_edition.transform import pdf
from tei_edition.xslt import transform
from test_pdf import FIXTURE, minimal_fo

pytestmark = [
    pytest.mark.fop,
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("fop") is None or shutil.which("java") is None,
        reason="Apache FOP is absent (Debian package fop)",
    ),
]


def batch_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a per-document ``fop`` run fail the test: the batch must do all the work."""

    def no_single_runs(*args: object, **kwargs: object) -> None:
        raise AssertionError("a document was rendered by a fop run of its own")

    monkeypatch.setattr(pdf, "_fop", no_single_runs)


def test_debian_fop_jars_are_found() -> None:
    jars = pdf.fop_classpath()
    assert jars is not None, "fop is not Debian's java-wrappers script"
    assert any(Path(j).name == "fop.jar" for j in jars)
    assert all(Path(j).is_file() for j in jars)


def test_one_jvm_makes_what_one_run_each_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # dated by the stylesheet (FOP stamps undated XSL-FO with the time of the run)
    sample = transform(transform_path("fo.xsl"), FIXTURE)  # with an index: two passes
    plain = transform(transform_path("fo.xsl"), FIXTURE, {"index": False})  # one pass
    single = [pdf.run_fop(fo, name=name) for fo, name in ((sample, "a.fo"), (plain, "b.fo"))]
    batch_only(monkeypatch)
    many = pdf.run_fop_many([(sample, "a.fo"), (plain, "b.fo")])
    assert [r.errors for r in many] == [[], []]
    assert [r.pdf for r in many] == [r.pdf for r in single]
    assert all(r.pdf.startswith(b"%PDF-") for r in many)


def test_a_bad_document_leaves_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    good = minimal_fo("<fo:block>Good.</fo:block>")
    bad = minimal_fo("<fo:block><fo:nonsense/></fo:block>")
    external = minimal_fo('<fo:block><fo:external-graphic src="url(x.png)"/></fo:block>')
    batch_only(monkeypatch)
    first, second, third = pdf.run_fop_many([(good, "g.fo"), (bad, "b.fo"), (external, "e.fo")])
    assert first.pdf.startswith(b"%PDF-") and not first.errors
    assert second.pdf == b"" and second.errors and second.errors[0].file == "b.fo"
    assert third.pdf == b"" and [i.rule for i in third.issues] == ["fo-external"]


def test_export_of_many_files_makes_their_pdfs(invoke, tmp_path: Path) -> None:
    docs = []
    for stem in ("first", "second"):
        docs.append(tmp_path / f"{stem}.xml")
        shutil.copyfile(FIXTURE, docs[-1])
    result = invoke("export", *docs, "--to", "pdf,text", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    made = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert made == ["first.pdf", "first.txt", "second.pdf", "second.txt"]
    single = tmp_path / "single"
    assert invoke("export", docs[0], "--to", "pdf", "-o", single).exit_code == 0
    assert (single / "first.pdf").read_bytes() == (tmp_path / "out" / "first.pdf").read_bytes()


def test_documents_of_other_dates_get_their_own_jvm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert '<date when="2024-05-01">2024</date>' in text
    other = tmp_path / "other.xml"
    other.write_text(
        text.replace('<date when="2024-05-01">2024</date>', '<date when="2020-02-02">2020</date>')
    )
    fos = [
        (transform(transform_path("fo.xsl"), FIXTURE, {"index": False}), "a.fo"),
        (transform(transform_path("fo.xsl"), other, {"index": False}), "b.fo"),
    ]
    single = [pdf.run_fop(fo, name=name).pdf for fo, name in fos]
    batches: list[int] = []
    real = pdf._batch

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        batches.append(len(args[4]))
        return real(*args, **kwargs)

    batch_only(monkeypatch)
    monkeypatch.setattr(pdf, "_batch", counted)
    many = pdf.run_fop_many(fos)
    assert batches == [1, 1]
    assert [r.pdf for r in many] == single
    assert b"2020-02-02" in many[1].pdf and b"2024-05-01" in many[0].pdf
