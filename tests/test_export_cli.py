"""``tei-edition export`` and ``tei-edition build``: messages and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_export_support import SAMPLE


def test_export_prints_the_files_it_wrote(invoke, tmp_path: Path) -> None:
    result = invoke("export", SAMPLE, "--to", "html,text", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        str(tmp_path / "sample.html"),
        str(tmp_path / "sample.txt"),
    ]
    assert result.stderr == ""


def test_export_diplomatic_with_width(invoke, tmp_path: Path) -> None:
    result = invoke(
        "export", SAMPLE, "--to", "text", "--reading", "diplomatic", "--width", "0", "-o", tmp_path
    )
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "sample.diplomatic.txt"
    assert result.stdout == f"{out}\n"
    assert "Sh..... [sic] at Xinxibo [sic, should be Xibaipo], where [we?]" in out.read_text()


def test_repeated_to_and_param(invoke, tmp_path: Path) -> None:
    result = invoke(
        "export", SAMPLE, "--to", "html", "--to", "text", "--param", "index=false",
        "--param", "width=40", "-o", tmp_path,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert 'id="index"' not in (tmp_path / "sample.html").read_text()


def test_unknown_param_lists_the_known_ones(invoke, tmp_path: Path) -> None:
    result = invoke("export", SAMPLE, "--to", "html", "--param", "colour=red", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "tei-edition: error: unknown parameter 'colour' for html.xsl; known parameters: "
        "entry-base, index, other-reading-href, paragraph-numbers, registers (and the reading, "
        "chosen apart) [param]\n"
    )
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_width_is_a_text_parameter(invoke, tmp_path: Path) -> None:
    result = invoke("export", SAMPLE, "--to", "html", "--width", "50", "-o", tmp_path)
    assert result.exit_code == 2
    assert "unknown parameter 'width' for html.xsl" in result.stderr


def test_param_needs_name_and_value(invoke, tmp_path: Path) -> None:
    result = invoke("export", SAMPLE, "--to", "text", "--param", "width", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "tei-edition: error: --param expects NAME=VALUE, not 'width'\n"


def test_bad_param_value(invoke, tmp_path: Path) -> None:
    result = invoke("export", SAMPLE, "--to", "html", "--param", "index=maybe", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "error: parameter 'index' must be xs:boolean, not 'maybe' [param]\n"
    )


def test_value_refused_by_the_stylesheet(invoke, tmp_path: Path) -> None:
    result = invoke("export", SAMPLE, "--to", "text", "--width", "-2", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "transforms/text.xsl: error: parameter width must be 0 or more, not -2 [param]\n"
    )


def test_unknown_format(invoke, tmp_path: Path) -> None:
    result = invoke("export", SAMPLE, "--to", "docx", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "tei-edition: error: unknown format 'docx'; choose from html, fo, pdf, text, epub, all\n"
    )


def test_malformed_input(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.xml").write_text("<TEI>\n  <text>\n</TEI>\n")
    result = invoke("export", "bad.xml", "--to", "all", "-o", "out")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("bad.xml:3:") and line.endswith("[well-formed]")
    assert "Traceback" not in result.output
    assert not Path("out").exists()


def test_missing_file(invoke, tmp_path: Path) -> None:
    result = invoke("export", tmp_path / "none.xml", "--to", "text", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.endswith("none.xml: error: no such file [io]\n")


@pytest.mark.slow
def test_build(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside the bundled edition's folder, build acts on it, and writes the site alone."""
    monkeypatch.chdir(Path(__file__).resolve().parents[1] / "edition" / "documents")
    result = invoke("build", "-o", tmp_path / "site", "--no-pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [str(tmp_path / "site" / "index.html")]
    assert (tmp_path / "site" / "documents" / "mikoyan-recollections-1958.html").is_file()
    assert not list((tmp_path / "site").glob("*.txt"))  # no loose exports beside the site


def test_a_replaced_file_that_differed_is_reported(invoke, tmp_path: Path) -> None:
    first = invoke("export", SAMPLE, "--to", "text", "-o", tmp_path)
    assert first.exit_code == 0 and first.stderr == ""
    (written,) = tmp_path.glob("*.txt")
    written.write_text(written.read_text(encoding="utf-8") + "an editor's addition\n")
    again = invoke("export", SAMPLE, "--to", "text", "-o", tmp_path)
    assert again.exit_code == 0
    assert again.stderr.endswith(
        f"{written.name}: info: replaced an existing file whose content differed [replaced]\n"
    )
    same = invoke("export", SAMPLE, "--to", "text", "-o", tmp_path)
    assert same.stderr == ""


def test_width_given_twice_is_refused(invoke, tmp_path: Path) -> None:
    result = invoke(
        "export", SAMPLE, "--to", "text", "--width", "40", "--param", "width=50", "-o", tmp_path
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "tei-edition: error: give the width once: --width N or --param width=N, not both\n"
    )
    assert list(tmp_path.iterdir()) == []
