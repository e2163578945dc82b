"""Hostile and broken input: one clear line per problem, the right exit code, no traceback,
no hang, and nothing read from outside the document."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "TOP-SECRET-CONTENT-4242"
TEI_OPEN = '<TEI xmlns="http://www.tei-c.org/ns/1.0">'


def laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        entities.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE TEI [\n'
        + "\n".join(entities)
        + f"\n]>\n{TEI_OPEN}<p>&lol9;</p></TEI>\n"
    )


def hostile_files(folder: Path) -> dict[str, Path]:
    """Write every hostile document into ``folder``."""
    secret = folder / "secret.txt"
    secret.write_text(SECRET + "\n")
    dtd = folder / "secret.dtd"
    dtd.write_text(f'<!ENTITY secret "{SECRET}">\n')
    docs: dict[str, bytes] = {
        "malformed": f"{TEI_OPEN}\n<teiHeader>\n<p></teiHeader></TEI>\n".encode(),
        "wrong-namespace": b'<TEI xmlns="http://example.org/not-tei"><teiHeader/></TEI>\n',
        "no-namespace": b"<TEI><teiHeader/></TEI>\n",
        "non-tei-root": b"<html><body><p>hello</p></body></html>\n",
        "external-entity": (
            '<?xml version="1.0"?>\n'
            f'<!DOCTYPE TEI [<!ENTITY secret SYSTEM "{secret.as_uri()}">]>\n'
            f"{TEI_OPEN}<p>&secret;</p></TEI>\n"
        ).encode(),
        "external-dtd": (
            '<?xml version="1.0"?>\n'
            f'<!DOCTYPE TEI SYSTEM "{dtd.as_uri()}">\n'
            f"{TEI_OPEN}<p>&secret;</p></TEI>\n"
        ).encode(),
        "external-parameter-entity": (
            '<?xml version="1.0"?>\n'
            f'<!DOCTYPE TEI [<!ENTITY % ext SYSTEM "{dtd.as_uri()}"> %ext;]>\n'
            f"{TEI_OPEN}<p>&secret;</p></TEI>\n"
        ).encode(),
        "billion-laughs": laughs().encode(),
        "deep": (TEI_OPEN + "<p>" * 10_000 + "</p>" * 10_000 + "</TEI>\n").encode(),
        "invalid-utf8": (
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + TEI_OPEN.encode()
            + b"caf\xe9 \xff</TEI>\n"
        ),
        "empty": b"",
        "blank": b"  \n\n ",
    }
    out = {}
    for name, data in docs.items():
        path = folder / f"{name}.xml"
        path.write_bytes(data)
        out[name] = path
    return out


# (name, exit code, rule, line:col, start of the message)
EXPECTED = [
    (
        "malformed",
        1,
        "well-formed",
        "3:17",
        "Opening and ending tag mismatch: p line 3 and teiHeader",
    ),
    (
        "wrong-namespace",
        1,
        "tei-root",
        "1:1",
        "root element is {http://example.org/not-tei}TEI, expected TEI in the TEI namespace",
    ),
    (
        "no-namespace",
        1,
        "tei-root",
        "1:1",
        "root element is TEI in no namespace, expected TEI in the TEI namespace",
    ),
    ("non-tei-root", 1, "tei-root", "1:1", "root element is html, expected TEI"),
    ("external-entity", 1, "entity", "2:16", "entity declarations are not allowed"),
    # the external DTD is never read: the entity stays undeclared
    ("external-dtd", 1, "entity", "3:1", "undeclared or external entity reference &secret;"),
    ("external-parameter-entity", 1, "entity", "2:16", "entity declarations are not allowed"),
    ("billion-laughs", 1, "entity", "", "entity declarations are not allowed"),
    ("deep", 1, "depth", "1:", "elements are nested more than 256 deep"),
    ("invalid-utf8", 1, "well-formed", "2:", "Invalid bytes in character encoding"),
    ("empty", 1, "well-formed", "1:1", "file is empty"),
    ("blank", 1, "well-formed", "1:1", "file is empty"),
]


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    monkeypatch.chdir(tmp_path)  # paths in messages are relative to the working folder
    return hostile_files(tmp_path)


@pytest.mark.parametrize(("name", "code", "rule", "where", "message"), EXPECTED)
def test_hostile_input_gives_one_clear_line(
    hostile: dict[str, Path], invoke, name: str, code: int, rule: str, where: str, message: str
) -> None:
    result = invoke("validate", hostile[name])
    assert result.exit_code == code
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{name}.xml:{where}")
    assert f": error: {message}" in lines[0]
    assert lines[0].endswith(f"[{rule}]")
    assert (
        result.stderr
        == "INVALID: 1 file checked, 0 valid, 1 invalid; 1 error, 0 warnings, 0 info\n"
    )
    assert "Traceback" not in result.output
    assert SECRET not in result.output


def test_secret_appears_in_no_output_format(hostile: dict[str, Path], invoke) -> None:
    for name in ("external-entity", "external-dtd", "external-parameter-entity"):
        for args in (["--format", "json"], ["--strict"], ["--no-schematron"]):
            result = invoke("validate", *args, hostile[name])
            assert result.exit_code == 1
            assert SECRET not in result.output
    data = json.loads(invoke("validate", "--format", "json", hostile["external-entity"]).stdout)
    assert data["files"][0]["issues"][0]["rule"] == "entity"


def test_directory_where_a_file_is_expected(tmp_path: Path, invoke, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "edition" / "x.xml").mkdir(parents=True)
    result = invoke("validate", "edition")
    assert result.exit_code == 2
    assert result.stdout == "edition/x.xml: error: is a directory, not a file [io]\n"
    assert "Traceback" not in result.output


def test_directory_without_xml(tmp_path: Path, invoke, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = invoke("validate", "empty")
    assert result.exit_code == 2
    assert result.stdout == "empty: error: directory holds no *.xml file [io]\n"


def test_missing_file(tmp_path: Path, invoke, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "missing.xml")
    assert result.exit_code == 2
    assert result.stdout == "missing.xml: error: no such file [io]\n"
    assert "Traceback" not in result.output


def test_all_hostile_files_at_once(hostile: dict[str, Path], invoke, tmp_path: Path) -> None:
    result = invoke("validate", tmp_path)
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == len(EXPECTED)
    assert f"{len(EXPECTED)} files checked, 0 valid, {len(EXPECTED)} invalid" in result.stderr
    assert SECRET not in result.output


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", "validate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_real_process_exit_codes_and_messages(hostile: dict[str, Path], tmp_path: Path) -> None:
    missing = _run("missing.xml", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stdout == "missing.xml: error: no such file [io]\n"
    assert "Traceback" not in missing.stderr

    bad = _run("billion-laughs.xml", "deep.xml", "external-entity.xml", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == [
        "billion-laughs.xml:1:8: error: entity declarations are not allowed "
        "(entity expansion exceeds the safety limit) [entity]",
        "deep.xml:1:"
        + bad.stdout.splitlines()[1].split(":")[2]
        + ": error: elements are nested more than 256 deep [depth]",
        "external-entity.xml:2:16: error: entity declarations are not allowed "
        "(entities are never expanded) [entity]",
    ]
    assert (
        bad.stderr == "INVALID: 3 files checked, 0 valid, 3 invalid; 3 errors, 0 warnings, 0 info\n"
    )
    assert SECRET not in bad.stdout + bad.stderr

    usage = subprocess.run(
        [sys.executable, "-m", "tei_edition", "validate", "--format", "yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert usage.returncode == 2
    assert usage.stderr == (
        "tei-edition validate: error: Invalid value for '--format': "
        "'yaml' is not one of 'text', 'json'. [usage]\n"
    )


def test_real_process_valid_edition(edition: Path, tmp_path: Path) -> None:
    if not edition.is_file():
        pytest.skip("the edition is not written yet")
    ok = _run(str(edition), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout
    assert ok.stdout == ""
    assert ok.stderr.startswith("valid: 1 file checked, 1 valid")
