"""The Saxon runner: typed parameters, one compile per stylesheet, errors as issues."""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_edition import xslt
from tei_edition.issues import TeiEditionError, UsageError
from tei_edition.resources import transform
from test_export_support import SAMPLE, TEXT_XSL

ECHO = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" expand-text="yes">
  <xsl:output method="text"/>
  <!-- A flag. -->
  <xsl:param name="flag" as="xs:boolean" select="false()"/>
  <!-- A count. -->
  <xsl:param name="count" as="xs:integer" select="1"/>
  <xsl:param name="label" as="xs:string" select="'x'"/>
  <xsl:param name="te:private" xmlns:te="https://tei-edition.org/ns" select="0"/>
  <xsl:template match="/">{$flag instance of xs:boolean}:{$flag} {
    $count instance of xs:integer}:{$count * 2} {$label}|{/*/local-name()}</xsl:template>
</xsl:stylesheet>
"""


@pytest.fixture
def echo(tmp_path: Path) -> Path:
    path = tmp_path / "echo.xsl"
    path.write_text(ECHO, encoding="utf-8")
    return path


def test_params_are_typed_from_python_values(echo: Path) -> None:
    out = xslt.transform_to_string(echo, b"<doc/>", {"flag": True, "count": 21, "label": "é"})
    assert out == "true:true true:42 é|doc"


def test_params_are_typed_from_strings(echo: Path) -> None:
    out = xslt.transform_to_string(echo, b"<doc/>", {"flag": "yes", "count": "-3", "label": "7"})
    assert out == "true:true true:-6 7|doc"
    assert xslt.transform_to_string(echo, b"<doc/>", {"flag": "0"}).startswith("true:false")


def test_defaults_apply_and_do_not_leak_between_runs(echo: Path) -> None:
    xslt.transform(echo, b"<doc/>", {"count": 5})
    assert xslt.transform_to_string(echo, b"<doc/>") == "true:false true:2 x|doc"


def test_public_params_with_their_documentation(echo: Path) -> None:
    params = xslt.stylesheet_params(echo)
    assert list(params) == ["flag", "count", "label"]
    assert params["flag"] == xslt.Param("flag", "xs:boolean", "false()", "A flag.")
    assert params["label"].doc == ""


def test_driver_params_include_the_common_module() -> None:
    assert list(xslt.stylesheet_params(TEXT_XSL)) == ["reading", "registers", "width"]
    assert list(xslt.stylesheet_params(transform("html.xsl"))) == [
        "reading",
        "registers",
        "index",
        "paragraph-numbers",
        "other-reading-href",
        "entry-base",
    ]
    for p in xslt.stylesheet_params(transform("html.xsl")).values():
        assert p.doc, f"parameter {p.name} is not documented"


def test_unknown_param_lists_the_known_ones(echo: Path) -> None:
    with pytest.raises(UsageError) as err:
        xslt.transform(echo, b"<doc/>", {"colour": "red"})
    assert err.value.exit_code == 2
    assert [i.message for i in err.value.issues] == [
        "unknown parameter 'colour'; known parameters: count, flag, label"
    ]


@pytest.mark.parametrize(
    ("name", "value", "kind"),
    [
        ("flag", "perhaps", "xs:boolean"),
        ("count", "1.5", "xs:integer"),
        ("count", True, "xs:integer"),
    ],
)
def test_bad_values_are_usage_errors(echo: Path, name: str, value: object, kind: str) -> None:
    with pytest.raises(UsageError, match=f"parameter '{name}' must be {kind}"):
        xslt.transform(echo, b"<doc/>", {name: value})  # type: ignore[dict-item]


def test_compiled_once_per_process(echo: Path) -> None:
    xslt.transform(echo, b"<doc/>")
    first = xslt._compiled[echo.resolve()]
    xslt.transform(echo, b"<a/>")
    assert xslt._compiled[echo.resolve()] is first
    xslt.clear_cache()
    assert echo.resolve() not in xslt._compiled


def test_stylesheet_message_becomes_the_error(capfd: pytest.CaptureFixture[str]) -> None:
    """A value the stylesheet refuses is a usage error naming the stylesheet, not the input."""
    with pytest.raises(UsageError) as err:
        xslt.transform(TEXT_XSL, SAMPLE, {"width": -1}, name="sample.xml")
    assert [i.format() for i in err.value.issues] == [
        "transforms/text.xsl: error: parameter width must be 0 or more, not -1 [param]"
    ]
    assert err.value.exit_code == 2
    assert capfd.readouterr().err == ""  # Saxon's own listing is not shown


def test_static_error_points_into_the_stylesheet(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xsl"
    bad.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n'
        '<xsl:template match="/"><xsl:value-of select="1 +"/></xsl:template>\n'
        "</xsl:stylesheet>\n",
        encoding="utf-8",
    )
    with pytest.raises(TeiEditionError) as err:
        xslt.transform(bad, b"<doc/>")
    (issue,) = err.value.issues
    assert issue.file.endswith("bad.xsl") and issue.line == 2 and issue.rule == "xslt"
    assert issue.message.startswith("XPST0003")


def test_malformed_input_is_reported_with_its_position() -> None:
    with pytest.raises(TeiEditionError) as err:
        xslt.transform(TEXT_XSL, b"<TEI>\n<p>unclosed</TEI>")
    (issue,) = err.value.issues
    assert (issue.line, issue.rule) == (2, "well-formed")


def test_entities_never_reach_saxon(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    doc = (
        f'<!DOCTYPE TEI [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&s;</p></body></text></TEI>'
    ).encode()
    with pytest.raises(TeiEditionError, match="entity"):
        xslt.transform(TEXT_XSL, doc)


def test_no_stylesheet_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such"):
        xslt.transform(tmp_path / "missing.xsl", b"<doc/>")


@pytest.mark.parametrize("driver", ["html.xsl", "text.xsl", "fo.xsl"])
def test_large_inputs_go_through_files_with_the_same_bytes(
    driver: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saxon reads and writes strings for small inputs and files for large ones; both ways
    give the same output, byte for byte."""
    from tei_edition.resources import bundled_edition

    monkeypatch.setattr(xslt, "LARGE_INPUT", 10**12)
    as_strings = xslt.transform(transform(driver), bundled_edition())
    monkeypatch.setattr(xslt, "LARGE_INPUT", 0)
    as_files = xslt.transform(transform(driver), bundled_edition())
    assert len(as_files) > 10_000
    assert as_files == as_strings


def test_a_large_input_keeps_its_messages_and_leaves_no_file(
    echo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(xslt, "LARGE_INPUT", 0)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(xslt.tempfile, "tempdir", None)
    assert xslt.transform_to_string(echo, b"<doc/>", {"label": "é"}) == "true:false true:2 é|doc"
    with pytest.raises(UsageError) as err:
        xslt.transform(TEXT_XSL, SAMPLE, {"width": -1}, name="sample.xml")
    assert [i.format() for i in err.value.issues] == [
        "transforms/text.xsl: error: parameter width must be 0 or more, not -1 [param]"
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["echo.xsl"]


def test_input_given_as_bytes_is_reported_under_its_name(echo: Path) -> None:
    """Bad XML handed over as bytes (a page model) is reported under the name the caller
    gives, never as '<input>'."""
    bad = b'<a><b xml:id="x"/><b xml:id="x"/></a>'
    with pytest.raises(TeiEditionError) as raised:
        xslt.transform(echo, bad, name="register/places.html")
    (issue,) = raised.value.issues
    assert (issue.file, issue.line, issue.rule) == ("register/places.html", 1, "id-unique")
