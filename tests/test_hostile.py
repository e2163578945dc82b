"""Hostile and broken input: one clear line per problem, the right exit code, no traceback,
no hang, and nothing read from outside the document."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tei_edition.issues import TeiEditionError

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
        "entity-loop": (
            '<?xml version="1.0"?>\n<!DOCTYPE TEI [\n  <!ENTITY a "&b;">\n  <!ENTITY b "&a;">\n]>\n'
            f"{TEI_OPEN}<p>&a;</p></TEI>\n"
        ).encode(),
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


TEI_NS = "(http://www.tei-c.org/ns/1.0)"

# (name, exit code, rule, line:col or the start of it, the whole message)
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
        "root element is {http://example.org/not-tei}TEI, expected TEI in the TEI namespace "
        + TEI_NS,
    ),
    (
        "no-namespace",
        1,
        "tei-root",
        "1:1",
        "root element is TEI in no namespace, expected TEI in the TEI namespace " + TEI_NS,
    ),
    (
        "non-tei-root",
        1,
        "tei-root",
        "1:1",
        "root element is html, expected TEI in the TEI namespace " + TEI_NS,
    ),
    # every document that declares entities: the position of its first <!ENTITY
    ("external-entity", 1, "entity", "2:16", "entity declarations are not allowed"),
    ("external-parameter-entity", 1, "entity", "2:16", "entity declarations are not allowed"),
    (
        "billion-laughs",
        1,
        "entity",
        "3:1",
        "entity declarations are not allowed (entity expansion limit exceeded)",
    ),
    (
        "entity-loop",
        1,
        "entity",
        "3:3",
        "entity declarations are not allowed (entity reference loop)",
    ),
    # the external DTD is never read: the entity stays undeclared; the position of &secret;
    (
        "external-dtd",
        1,
        "entity",
        "3:45",
        "undeclared or external entity reference &secret; is not allowed",
    ),
    ("deep", 1, "depth", "1:", "elements are nested more than 256 deep"),
    ("invalid-utf8", 1, "well-formed", "2:", "Invalid bytes in character encoding"),
    ("empty", 1, "well-formed", "1:1", "file is empty"),
    ("blank", 1, "well-formed", "1:1", "file is empty"),
]


UNREAD = (
    "INVALID: 0 files checked, 0 valid, 0 invalid, 1 path could not be read; "
    "1 error, 0 warnings, 0 info\n"
)


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
    assert lines[0].endswith(f": error: {message} [{rule}]")
    assert lines[0].count(": error: ") == 1
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
    assert result.stderr == UNREAD
    assert "Traceback" not in result.output


def test_directory_without_xml(tmp_path: Path, invoke, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = invoke("validate", "empty")
    assert result.exit_code == 2
    assert result.stdout == "empty: error: directory holds no *.xml file [io]\n"
    assert result.stderr == UNREAD


def test_missing_file(tmp_path: Path, invoke, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "missing.xml")
    assert result.exit_code == 2
    assert result.stdout == "missing.xml: error: no such file [io]\n"
    assert result.stderr == UNREAD
    assert "Traceback" not in result.output
    data = json.loads(invoke("validate", "--format", "json", "missing.xml").stdout)
    assert data["exit_code"] == 2
    assert data["summary"] == {
        "files": 0,
        "valid": 0,
        "unreadable": 1,
        "errors": 1,
        "warnings": 0,
        "info": 0,
    }
    [entry] = data["files"]
    assert (entry["path"], entry["readable"], entry["valid"], entry["stages"]) == (
        "missing.xml",
        False,
        False,
        [],
    )
    assert [(i["rule"], i["message"]) for i in entry["issues"]] == [("io", "no such file")]


def test_all_hostile_files_at_once(hostile: dict[str, Path], invoke, tmp_path: Path) -> None:
    result = invoke("validate", tmp_path)
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == len(EXPECTED)
    assert f"{len(EXPECTED)} files checked, 0 valid, {len(EXPECTED)} invalid" in result.stderr
    assert SECRET not in result.output


def _run(*args: str, cwd: Path, command: str = "validate") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", command, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


# -- special files: refused before they are opened --------------------------------------------


def _special_files(tmp_path: Path) -> list[str]:
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    paths = [fifo.name]
    if Path("/dev/zero").exists():
        paths.append("/dev/zero")
    return paths


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize("command", ["validate", "stats"])
def test_special_files_are_refused_not_read(tmp_path: Path, command: str) -> None:
    for path in _special_files(tmp_path):
        # a named pipe with no writer would block, /dev/zero would never end: both must
        # be refused at once (the timeout fails the test)
        result = subprocess.run(
            [sys.executable, "-m", "tei_edition", command, path],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, (path, result.stderr)
        line = f"{path}: error: not a regular file [io]\n"
        if command == "validate":
            assert (result.stdout, result.stderr) == (line, UNREAD)
        else:
            assert (result.stdout, result.stderr) == ("", line)


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging) if the block takes longer than ``seconds``."""

    class Hung(Exception):  # not an OSError: nothing under test may catch it
        pass

    def expire(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not hasattr(signal, "SIGALRM"), reason="POSIX only"
)
def test_special_files_in_the_library(tmp_path: Path) -> None:
    from tei_edition.issues import UsageError
    from tei_edition.read.xmlparse import MAX_BYTES, parse, read_bytes

    for path in _special_files(tmp_path):
        with _deadline(10), pytest.raises(UsageError) as caught:
            parse(tmp_path / path)
        assert [i.message for i in caught.value.issues] == ["not a regular file"]
    big = tmp_path / "big.xml"
    with big.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no disk used
    with pytest.raises(TeiEditionError) as too_big:
        read_bytes(big)
    assert [i.format() for i in too_big.value.issues] == [
        f"{big}: error: file is larger than {MAX_BYTES} bytes [size]"
    ]


@pytest.mark.parametrize(("real", "refused"), [(300, False), (600, True)])
def test_a_file_that_grew_since_its_stat_is_read_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real: int, refused: bool
) -> None:
    """The read takes what the stat said and one byte more, then reads on where the file
    has grown, so the size limit holds and nothing is cut off."""
    from tei_edition.read import xmlparse

    monkeypatch.setattr(xmlparse, "MAX_BYTES", 500)
    doc = tmp_path / "grows.xml"
    doc.write_bytes(b"<doc>" + b"x" * (real - 11) + b"</doc>")
    true_stat = Path.stat

    def stale_stat(self: Path, **kwargs: object) -> os.stat_result:
        info = true_stat(self, **kwargs)
        if self.name != "grows.xml":
            return info
        fields = list(info)
        fields[6] = 100  # st_size, as it was before the file grew
        return os.stat_result(fields)

    monkeypatch.setattr(Path, "stat", stale_stat)
    if refused:
        with pytest.raises(TeiEditionError) as caught:
            xmlparse.read_bytes(doc)
        assert [i.rule for i in caught.value.issues] == ["size"]
    else:
        assert xmlparse.read_bytes(doc) == doc.read_bytes()
        assert len(xmlparse.read_bytes(doc)) == real


def test_real_process_exit_codes_and_messages(hostile: dict[str, Path], tmp_path: Path) -> None:
    missing = _run("missing.xml", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stdout == "missing.xml: error: no such file [io]\n"
    assert missing.stderr == UNREAD
    assert "Traceback" not in missing.stderr

    bad = _run("billion-laughs.xml", "deep.xml", "external-entity.xml", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.splitlines() == [
        "billion-laughs.xml:3:1: error: entity declarations are not allowed "
        "(entity expansion limit exceeded) [entity]",
        "deep.xml:1:"
        + bad.stdout.splitlines()[1].split(":")[2]
        + ": error: elements are nested more than 256 deep [depth]",
        "external-entity.xml:2:16: error: entity declarations are not allowed [entity]",
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
        "'yaml' is not one of 'text', 'json', 'sarif'. [usage]\n"
    )


def test_real_process_valid_edition(edition: Path, tmp_path: Path) -> None:
    assert edition.is_file(), f"the bundled edition is missing ({edition})"
    ok = _run(str(edition), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout
    assert ok.stdout == ""
    assert ok.stderr.startswith("valid: 1 file checked, 1 valid")


# -- XInclude: only inside the first document's folder, at every level ----------------------

XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"'


def _include_tree(tmp_path: Path, b_body: str) -> tuple[Path, Path]:
    """edition/a.xml includes edition/sub/b.xml, whose content is ``b_body``."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n")
    folder = tmp_path / "edition"
    (folder / "sub").mkdir(parents=True)
    a = folder / "a.xml"
    a.write_text(f'<doc {XI}>\n<xi:include href="sub/b.xml"/>\n</doc>\n')
    (folder / "sub" / "b.xml").write_text(f"<part {XI}>\n{b_body}\n</part>\n")
    return a, secret


@pytest.mark.parametrize(
    "href",
    [
        "../../secret.txt",
        "%2e%2e/%2e%2e/secret.txt",
        "{secret}",
        "file://{secret}",
        "http://localhost/secret.txt",
    ],
)
@pytest.mark.parametrize("mode", ["text", "xml"])
def test_nested_xinclude_cannot_leave_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, href: str, mode: str
) -> None:
    from tei_edition.issues import TeiEditionError
    from tei_edition.read.xmlparse import parse

    monkeypatch.chdir(tmp_path)
    a, secret = _include_tree(tmp_path, "")
    href = href.format(secret=secret)
    b = tmp_path / "edition" / "sub" / "b.xml"
    b.write_text(f'<part {XI}>\n<xi:include href="{href}" parse="{mode}"/>\n</part>\n')
    with pytest.raises(TeiEditionError) as caught:
        parse(a, xinclude=True)
    [issue] = caught.value.issues
    why = "of a URL is not allowed" if "://" in href else "outside the edition's folder"
    assert issue.format() == f"edition/sub/b.xml:2:1: error: XInclude {why}: {href} [xinclude]"
    assert SECRET not in str(caught.value)


def test_xinclude_outside_the_folder_at_the_top_level(tmp_path: Path, monkeypatch) -> None:
    from tei_edition.issues import TeiEditionError
    from tei_edition.read.xmlparse import parse

    monkeypatch.chdir(tmp_path)
    a, _ = _include_tree(tmp_path, "")
    a.write_text(f'<doc {XI}>\n<p/><xi:include href="../secret.txt" parse="text"/>\n</doc>\n')
    with pytest.raises(TeiEditionError) as caught:
        parse(a, xinclude=True)
    assert [i.format() for i in caught.value.issues] == [
        "edition/a.xml:2:1: error: XInclude outside the edition's folder: ../secret.txt [xinclude]"
    ]


def test_nested_xinclude_inside_the_folder_is_resolved(tmp_path: Path) -> None:
    from tei_edition.read.xmlparse import parse

    a, _ = _include_tree(
        tmp_path,
        '<xi:include href="c.xml"/> and <xi:include href="../notes.txt" parse="text"/>!',
    )
    (tmp_path / "edition" / "sub" / "c.xml").write_text("<leaf>deep</leaf>")
    (tmp_path / "edition" / "notes.txt").write_text("plain text")
    root = parse(a, xinclude=True).getroot()
    assert root.xpath("string(.)").split() == ["deep", "and", "plain", "text!"]
    assert [el.tag for el in root.iter()] == ["doc", "part", "leaf"]
    assert root[0][0].sourceline == 1  # c.xml's own line


def test_xinclude_loop_and_bad_parse_are_refused(tmp_path: Path, monkeypatch) -> None:
    from tei_edition.issues import TeiEditionError
    from tei_edition.read.xmlparse import parse

    monkeypatch.chdir(tmp_path)
    a, _ = _include_tree(tmp_path, '<xi:include href="../a.xml"/>')
    with pytest.raises(TeiEditionError) as caught:
        parse(a, xinclude=True)
    assert [i.format() for i in caught.value.issues] == [
        "edition/sub/b.xml:2:1: error: XInclude loop: ../a.xml includes itself [xinclude]"
    ]
    a.write_text(f'<doc {XI}>\n<xi:include href="sub/b.xml" parse="binary"/>\n</doc>\n')
    with pytest.raises(TeiEditionError) as caught:
        parse(a, xinclude=True)
    assert [i.message for i in caught.value.issues] == [
        'XInclude parse="binary" is not xml or text: sub/b.xml'
    ]


def test_xinclude_count_and_depth_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tei_edition.read import xmlparse

    monkeypatch.chdir(tmp_path)
    for n in range(4):  # f0 includes f1 twice, f1 includes f2 twice, ...
        body = f'<xi:include href="f{n + 1}.xml"/><xi:include href="f{n + 1}.xml"/>'
        (tmp_path / f"f{n}.xml").write_text(f"<d{n} {XI}>\n{body}\n</d{n}>\n")
    (tmp_path / "f4.xml").write_text("<leaf/>")
    tree = xmlparse.parse(tmp_path / "f0.xml", xinclude=True)
    assert len(tree.getroot().findall(".//leaf")) == 16

    monkeypatch.setattr(xmlparse, "MAX_XINCLUDES", 10)
    with pytest.raises(TeiEditionError) as caught:
        xmlparse.parse(tmp_path / "f0.xml", xinclude=True)
    assert [i.message for i in caught.value.issues] == ["more than 10 XIncludes"]

    monkeypatch.setattr(xmlparse, "MAX_XINCLUDES", 1000)
    monkeypatch.setattr(xmlparse, "MAX_BYTES", 500)  # each file is smaller, not all together
    with pytest.raises(TeiEditionError) as caught:
        xmlparse.parse(tmp_path / "f0.xml", xinclude=True)
    assert [i.message for i in caught.value.issues] == [
        "the included files together are larger than 500 bytes"
    ]

    monkeypatch.setattr(xmlparse, "MAX_BYTES", 64 * 1024 * 1024)
    monkeypatch.setattr(xmlparse, "MAX_XINCLUDE_DEPTH", 3)
    with pytest.raises(TeiEditionError) as caught:
        xmlparse.parse(tmp_path / "f0.xml", xinclude=True)
    assert [i.format() for i in caught.value.issues] == [
        "f2.xml:2:1: error: XIncludes are nested more than 3 deep [xinclude]"
    ]


def test_included_documents_are_parsed_as_safely(tmp_path: Path, monkeypatch) -> None:
    from tei_edition.read.xmlparse import parse

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.xml").write_text(f'<doc {XI}>\n<xi:include href="b.xml"/>\n</doc>\n')
    (tmp_path / "b.xml").write_text(laughs().replace("TEI", "part"))
    with pytest.raises(TeiEditionError) as caught:
        parse(tmp_path / "a.xml", xinclude=True)
    assert [i.format() for i in caught.value.issues] == [
        "b.xml:3:1: error: entity declarations are not allowed "
        "(entity expansion limit exceeded) [entity]"
    ]


def test_entities_with_repeated_ids_are_reported_where_declared(
    tmp_path: Path, invoke, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dup.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE TEI [\n  <!ENTITY a "x">\n]>\n'
        f'{TEI_OPEN}<p xml:id="p1">&a;</p><p xml:id="p1"/></TEI>\n'
    )
    result = invoke("validate", "dup.xml")
    assert result.stdout == "dup.xml:3:3: error: entity declarations are not allowed [entity]\n"
