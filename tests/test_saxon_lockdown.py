"""A hostile edition reads no file and reaches no network through Saxon: the shared
register is read by the safe parser (no DTD, no entity), and a document's own XSLT 2/3
Schematron runs with every URI closed and may not write files or run code made at run
time.

Each case runs the real command in a fresh process (Saxon's lock lasts for the rest of a
process), with a loopback listener that records any request and a secret file outside
the edition: a clear error, no request, and the secret in no output.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECRET = "SAXON-LOCK-SECRET-7731"
TEI_NS = "http://www.tei-c.org/ns/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"


class Listener:
    """An HTTP server on 127.0.0.1 that records every request it is sent."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        seen = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b'<!ENTITY % x "">')

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "x") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "secret.txt"
    path.write_text(SECRET + "\n")
    return path


def tei(body: str, head: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{head}<TEI xmlns="{TEI_NS}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>A letter</title></titleStmt>
      <publicationStmt><publisher>Test</publisher></publicationStmt>
      <sourceDesc><bibl>Made for the tests.</bibl></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text><body>{body}</body></text>
</TEI>
"""


def make_edition(folder: Path, register: str) -> Path:
    """An edition folder with one document pointing into ``register``."""
    folder.mkdir()
    (folder / "edition.toml").write_text(
        '[edition]\ntitle = "Test"\neditors = ["A. Editor"]\npublisher = "Test"\n'
        'language = "en"\nversion = "1.0"\n\n'
        '[sources]\ndocuments = ["documents/*.xml"]\nregisters = "registers.xml"\n'
    )
    (folder / "documents").mkdir()
    (folder / "documents" / "letter.xml").write_text(
        tei('<p>Dear <persName ref="registers.xml#ada">Ada</persName>.</p>')
    )
    (folder / "registers.xml").write_text(register)
    return folder


def register_xml(doctype: str = "", name: str = "Ada Lovelace") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{doctype}<TEI xmlns="{TEI_NS}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Registers</title></titleStmt>
      <publicationStmt><publisher>Test</publisher></publicationStmt>
      <sourceDesc><p>Made for the tests.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <standOff>
    <listPerson><person xml:id="ada"><persName>{name}</persName></person></listPerson>
  </standOff>
</TEI>
"""


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COV")}
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(
        [sys.executable, "-m", "tei_edition", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def everything_written(folder: Path) -> str:
    parts = []
    for path in folder.rglob("*"):
        if path.is_file():
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def assert_refused(
    result: subprocess.CompletedProcess[str], listener: Listener, *outputs: Path, rule: str
) -> None:
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"[{rule}]" in result.stdout + result.stderr, result.stdout + result.stderr
    assert listener.requests == []
    assert SECRET not in result.stdout + result.stderr
    for out in outputs:
        if out.exists():
            assert SECRET not in everything_written(out)


def test_register_with_an_external_dtd_is_refused(
    tmp_path: Path, listener: Listener, secret: Path
) -> None:
    dtd = f'<!DOCTYPE TEI SYSTEM "{listener.url("evil.dtd")}">\n'
    ed = make_edition(tmp_path / "ed", register_xml(dtd))
    out = tmp_path / "site"
    for args in (
        ("validate", ed),
        ("build", ed, "-o", out),
        ("export", ed / "documents" / "letter.xml", "-o", tmp_path / "x"),
    ):
        result = run(*args, cwd=tmp_path)
        assert "registers.xml" in result.stdout + result.stderr
        assert_refused(result, listener, out, tmp_path / "x", rule="doctype")


def test_register_with_an_external_entity_is_refused(
    tmp_path: Path, listener: Listener, secret: Path
) -> None:
    doctype = f'<!DOCTYPE TEI [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n'
    ed = make_edition(tmp_path / "ed", register_xml(doctype, name="Ada &leak;"))
    for args in (
        ("export", ed / "documents" / "letter.xml", "-o", tmp_path / "x"),
        ("deposit", ed / "documents" / "letter.xml", "-o", tmp_path / "bag"),
        ("build", ed, "-o", tmp_path / "site"),
    ):
        result = run(*args, cwd=tmp_path)
        assert_refused(
            result, listener, tmp_path / "x", tmp_path / "bag", tmp_path / "site", rule="entity"
        )


def test_register_parameter_must_be_a_local_file(tmp_path: Path, listener: Listener) -> None:
    from tei_edition.issues import UsageError
    from tei_edition.resources import transform
    from tei_edition.xslt import transform as run_xslt

    doc = tmp_path / "letter.xml"
    doc.write_text(tei("<p>Hello.</p>"))
    with pytest.raises(UsageError, match="must name a local file"):
        run_xslt(transform("text.xsl"), doc, {"registers": listener.url("r.xml")})
    assert listener.requests == []


def schematron(test: str, message: str = "found", extra: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sch:schema xmlns:sch="{SCH_NS}" queryBinding="xslt2"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <sch:ns prefix="tei" uri="{TEI_NS}"/>
  {extra}
  <sch:pattern>
    <sch:rule context="tei:p">
      <sch:report id="probe" test="{test}">{message}</sch:report>
    </sch:rule>
  </sch:pattern>
</sch:schema>
"""


SCHEMATRON_DECLARED = (
    '<?xml-model href="rules.sch" type="application/xml"'
    ' schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
)


def hostile_schematrons(secret: Path, listener: Listener, written: Path) -> dict[str, str]:
    uri = secret.as_uri()
    return {
        "unparsed-text": schematron("true()", f"<sch:value-of select=\"unparsed-text('{uri}')\"/>"),
        "doc": schematron(f"contains(string(doc('{listener.url('d.xml')}')), 'x')"),
        "doc-available": schematron(f"doc-available('{listener.url('a.xml')}')"),
        "collection": schematron(f"count(collection('{secret.parent.as_uri()}')) gt 0"),
        "environment": schematron(
            "true()", "<sch:value-of select=\"environment-variable('HOME')\"/>"
        ),
        "transform": schematron(
            "true()",
            '<sch:value-of select="fn:transform#1" xmlns:fn="http://www.w3.org/2005/xpath-functions"/>',
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "unparsed-text",
        "doc",
        "doc-available",
        "collection",
        "environment",
        "transform",
    ],
)
def test_a_documents_own_schematron_is_locked(
    tmp_path: Path, listener: Listener, secret: Path, case: str
) -> None:
    written = tmp_path / "outside" / "written.txt"
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "rules.sch").write_text(hostile_schematrons(secret, listener, written)[case])
    (folder / "letter.xml").write_text(tei("<p>Hello.</p>", SCHEMATRON_DECLARED))
    result = run("validate", folder / "letter.xml", cwd=tmp_path)
    assert_refused(result, listener, rule="schematron-refused")
    assert "rules.sch" in result.stdout + result.stderr
    assert not written.exists()


def test_the_compiled_rules_may_not_write_or_evaluate() -> None:
    """Defence in depth: whatever the Schematron compiler lets through, a stylesheet that
    would write a file or evaluate XPath made at run time is refused before it runs."""
    from lxml import etree

    from tei_edition.issues import UsageError
    from tei_edition.validate.schematron import _vet

    xsl = "http://www.w3.org/1999/XSL/Transform"
    for instruction in ("result-document", "evaluate", "import", "source-document"):
        sheet = etree.fromstring(
            f'<xsl:stylesheet xmlns:xsl="{xsl}" version="3.0"><xsl:template match="/">'
            f'<xsl:{instruction} href="x" xpath="1"/></xsl:template></xsl:stylesheet>'
        )
        with pytest.raises(UsageError, match=f"xsl:{instruction} is not allowed"):
            _vet(etree.ElementTree(sheet), "rules.sch")
    text_template = etree.fromstring(
        f'<xsl:stylesheet xmlns:xsl="{xsl}" version="3.0" expand-text="yes">'
        "<xsl:template match='/'><r>{unparsed-text('/etc/hostname')}</r></xsl:template>"
        "</xsl:stylesheet>"
    )
    with pytest.raises(UsageError, match="unparsed-text"):
        _vet(etree.ElementTree(text_template), "rules.sch")
    prose = etree.fromstring(
        f'<xsl:stylesheet xmlns:xsl="{xsl}" version="3.0"><xsl:template match="/">'
        "<r>The document (its header) and doc (sic).</r></xsl:template></xsl:stylesheet>"
    )
    _vet(etree.ElementTree(prose), "rules.sch")  # words in a message are not calls


def test_a_harmless_schematron_still_runs_and_saxon_still_transforms(tmp_path: Path) -> None:
    """The document's rules run (sealed), and every export still works after them."""
    folder = tmp_path / "doc"
    folder.mkdir()
    (folder / "rules.sch").write_text(
        schematron("matches(., 'Hello')", 'a greeting: <sch:value-of select="string-length(.)"/>')
    )
    (folder / "letter.xml").write_text(tei("<p>Hello.</p>", SCHEMATRON_DECLARED))
    result = run("validate", folder / "letter.xml", cwd=tmp_path)
    assert "a greeting: 6" in result.stdout + result.stderr
    assert "[probe]" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    # validate then export in one process
    code = (
        "from pathlib import Path\n"
        "from tei_edition import xslt\n"
        "from tei_edition.validate.schematron import Schematron\n"
        "from tei_edition.resources import transform\n"
        "from tei_edition.read.xmlparse import parse\n"
        f"doc = Path({str(folder / 'letter.xml')!r})\n"
        f"s = Schematron(Path({str(folder / 'rules.sch')!r}))\n"
        "assert xslt._sealed is not None\n"
        "print(len(s.findings(parse(doc))))\n"
        "for f in ('html.xsl', 'text.xsl', 'fo.xsl'):\n"
        "    assert b'Hello' in xslt.transform(transform(f), doc)\n"
        "big = doc.read_bytes().replace(b'Hello.', b'Hello. ' * 60000)\n"
        "assert len(big) > xslt.LARGE_INPUT\n"
        "assert b'Hello' in xslt.transform(transform('text.xsl'), big)\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "ok"]


def test_the_package_stylesheets_load_no_uri() -> None:
    """The package's stylesheets call no function that reads a URI: the register comes as
    a tree (the only run-time resource they had)."""
    import re

    calls = re.compile(
        r"(?<![\w.:-])(doc|document|doc-available|unparsed-text|unparsed-text-lines"
        r"|unparsed-text-available|collection|uri-collection|json-doc|transform)\s*\("
    )
    for sheet in sorted((ROOT / "transforms").glob("*.xsl")):
        text = sheet.read_text(encoding="utf-8")
        code = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
        assert not calls.findall(code), sheet.name
        assert "<xsl:result-document" not in code, sheet.name


@pytest.fixture(autouse=True)
def _needs_python_module() -> None:
    if shutil.which(sys.executable) is None:  # pragma: no cover
        pytest.skip("no Python interpreter to run the command in")
