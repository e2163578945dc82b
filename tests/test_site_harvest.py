"""What a site offers harvesters (site/harvest.py, site.xsl): the OAI static repository and
its per-request files, validated against the OAI's published schemas; CMIF for an edition
of letters, validated against the TEI Correspondence SIG's schema and its rules; the BEACON
files; schema.org JSON-LD on every page, in agreement with the citation meta tags; the Open
data page, which lists only what the build wrote; and every address these files give
landing on a file of the site.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import xmlschema
from lxml import etree, html

from site_support import BASE_URL, letter, make_edition
from tei_edition.edition.config import read_config
from tei_edition.issues import UsageError
from tei_edition.read.xmlparse import parse
from tei_edition.site import build_site, harvest
from tei_edition.site.harvest import authority, beacon, canonical
from test_site import EPOCH, SHARED, crawl, pages

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas" / "published"
TEI = "http://www.tei-c.org/ns/1.0"
OAI = "http://www.openarchives.org/OAI/2.0/"
SR = "http://www.openarchives.org/OAI/2.0/static-repository"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
NS = {"oai": OAI, "sr": SR, "t": TEI, "dc": DC, "oai_dc": OAI_DC}
CONTACT = "harvest@test-editions.net"

# Authority records as the corpus gives them (lebenswelten, soldatenbriefe, siparl): the
# same numbers for the same bodies, places and person, never made up.
REGISTER_ENTRIES = """
    <listOrg>
      <org xml:id="dfg"><orgName>Deutsche Forschungsgemeinschaft</orgName>
        <idno type="GND">https://d-nb.info/gnd/2007744-0</idno></org>
      <org xml:id="bbaw"><orgName>Berlin-Brandenburgische Akademie der Wissenschaften</orgName>
        <idno type="GND">http://d-nb.info/gnd/2131094-4</idno></org>
    </listOrg>
    <listPlace>
      <place xml:id="berlin"><placeName>Berlin</placeName>
        <idno type="GeoNames">http://www.geonames.org/2950159</idno></place>
    </listPlace>
    <listPerson>
      <person xml:id="pancur"><persName>Andrej Pančur</persName>
        <idno type="VIAF">http://viaf.org/viaf/305936424</idno></person>
    </listPerson>
"""


def corresp(sent: str, received: str) -> str:
    received_action = (
        f'<correspAction type="received">{received}</correspAction>' if received else ""
    )
    return (
        f'<correspDesc><correspAction type="sent">{sent}</correspAction>'
        f"{received_action}</correspDesc>"
    )


def letter_with(title: str, when: str, desc: str, body: str) -> str:
    """A letter of the test edition (site_support.letter) with a correspDesc."""
    return letter(title, when, "Letter", body).replace("<abstract>", desc + "<abstract>", 1)


def add_correspondence(edition: Path) -> None:
    """Two letters with correspDesc: one with sender and addressee, one without addressee;
    the register's entries they point to, with authority records."""
    registers = edition / "registers.xml"
    text = registers.read_text(encoding="utf-8")
    registers.write_text(text.replace("</standOff>", REGISTER_ENTRIES + "</standOff>"), "utf-8")
    sent = (
        '<orgName ref="registers.xml#dfg">Deutsche Forschungsgemeinschaft</orgName>'
        '<placeName ref="registers.xml#berlin">Berlin</placeName>'
        '<date when="1951-01-02">2 January 1951</date>'
    )
    received = '<orgName ref="registers.xml#bbaw">the Academy</orgName>'
    documents = edition / "documents"
    (documents / "1951-letter.xml").write_text(
        letter_with(
            "Letter made for the tests",
            "1951-01-02",
            corresp(sent, received),
            '<p>From <orgName ref="registers.xml#dfg">the DFG</orgName> in'
            ' <placeName ref="registers.xml#berlin">Berlin</placeName>, copied by'
            ' <persName ref="registers.xml#pancur">A. P.</persName>.</p>',
        ),
        encoding="utf-8",
    )
    (documents / "1952-unsent.xml").write_text(
        letter_with(
            "Letter without an addressee",
            "1952-03-04",
            corresp('<persName ref="registers.xml#pancur">A. P.</persName>', ""),
            "<p>No addressee.</p>",
        ),
        encoding="utf-8",
    )


def set_config(edition: Path, **settings: str) -> None:
    config = edition / "edition.toml"
    text = config.read_text(encoding="utf-8")
    lines = "".join(f'{key} = "{value}"\n' for key, value in settings.items())
    config.write_text(text.replace("[edition]\n", "[edition]\n" + lines, 1), encoding="utf-8")


def build(edition: Path, out: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return build_site(edition, out, pdf=False, search=False, **kwargs)


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    edition = make_edition(tmp_path_factory.mktemp("harvest") / "edition")
    add_correspondence(edition)
    set_config(edition, contact_email=CONTACT)
    return edition


@pytest.fixture(scope="module")
def harvested(letters: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("harvest-site") / "out"
    result = build(letters, out)
    assert not result.issues, [i.format() for i in result.issues]
    return out, [i.format() for i in result.notices]


@pytest.fixture(scope="module")
def site(harvested: tuple[Path, list[str]]) -> Path:
    return harvested[0]


@pytest.fixture(scope="module")
def oai_schema() -> xmlschema.XMLSchema:
    """OAI-PMH.xsd with oai_dc.xsd and the Simple DC schema, all local (nothing fetched)."""
    return xmlschema.XMLSchema(
        str(SCHEMAS / "oai-pmh" / "OAI-PMH.xsd"),
        locations=[
            (OAI_DC, str(SCHEMAS / "dc" / "oai_dc.xsd")),
            (DC, str(SCHEMAS / "dc" / "simpledc20021212.xsd")),
        ],
        allow="local",
    )


@pytest.fixture(scope="module")
def dc_schema() -> xmlschema.XMLSchema:
    """oai_dc.xsd with the Simple DC schema: OAI-PMH.xsd skips what a record's metadata holds
    (processContents="skip"), so each record is validated against its format's schema."""
    return xmlschema.XMLSchema(
        str(SCHEMAS / "dc" / "oai_dc.xsd"),
        locations=[(DC, str(SCHEMAS / "dc" / "simpledc20021212.xsd"))],
        allow="local",
    )


def records_valid(path: Path, dc_schema: xmlschema.XMLSchema) -> int:
    """Validate every oai_dc record in the file: how many there are."""
    found = etree.parse(str(path)).findall(f".//{{{OAI_DC}}}dc")
    for dc in found:
        errors = list(dc_schema.iter_errors(etree.tostring(dc).decode()))
        assert not errors, (path, errors[0])
    return len(found)


@pytest.fixture(scope="module")
def cmif_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "cmif" / "cmi-customization.rng")))


def local_file(site: Path, url: str) -> Path:
    """The file of ``site`` an address under the edition's base URL names."""
    assert url.startswith(BASE_URL), url
    return site / unquote(urlsplit(url).path[len(urlsplit(BASE_URL).path) :])


# ---------------------------------------------------------------------------- OAI-PMH


def test_every_oai_response_file_is_valid_oai_pmh(site: Path, oai_schema, dc_schema) -> None:  # type: ignore[no-untyped-def]
    files = sorted((site / "oai").rglob("*.xml"))
    responses = [f for f in files if f.name != "static-repository.xml"]
    documents = sorted(p.stem for p in (site / "documents").glob("*.xml"))
    assert len(documents) == 6
    names = {f.relative_to(site / "oai").as_posix() for f in responses}
    assert {"Identify.xml", "ListMetadataFormats.xml", "ListRecords-oai_dc.xml"} <= names
    assert {"ListIdentifiers-oai_dc.xml"} <= names
    assert {f"GetRecord/oai_dc/{d}.xml" for d in documents} <= names
    # no DataCite without a DOI in any header: no files of a format without records
    assert not any("datacite" in n for n in names)
    counts = {}
    for path in responses:
        errors = list(oai_schema.iter_errors(str(path)))
        assert not errors, (path, errors[0])
        counts[path.name] = records_valid(path, dc_schema)
    assert counts["ListRecords-oai_dc.xml"] == 6 and counts["1844-letter.xml"] == 1
    assert records_valid(site / "oai" / "static-repository.xml", dc_schema) == 6


def test_the_schema_catches_a_record_that_is_not_dublin_core(
    site: Path, dc_schema, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    tree = etree.parse(str(site / "oai" / "GetRecord" / "oai_dc" / "1844-letter.xml"))
    dc = tree.find(f".//{{{OAI_DC}}}dc")
    etree.SubElement(dc, f"{{{DC}}}author").text = "no such element in Dublin Core"
    assert list(dc_schema.iter_errors(etree.tostring(dc).decode()))


def test_records_name_each_document_once_with_its_page(site: Path) -> None:
    listed = etree.parse(str(site / "oai" / "ListRecords-oai_dc.xml"))
    records = listed.findall(".//oai:record", NS)
    idents = [r.findtext("oai:header/oai:identifier", namespaces=NS) for r in records]
    assert len(set(idents)) == len(idents) == 6
    assert all(i.startswith("oai:lovelace.test-editions.net:edition/documents/") for i in idents)
    only = etree.parse(str(site / "oai" / "ListIdentifiers-oai_dc.xml"))
    assert only.xpath("//oai:header/oai:identifier/text()", namespaces=NS) == idents
    for record in records:
        pages_named = [
            u for u in record.xpath(".//dc:identifier/text()", namespaces=NS)
            if u.startswith(BASE_URL)
        ]  # fmt: skip
        assert len(pages_named) == 1
        assert local_file(site, pages_named[0]).is_file()
    title = listed.xpath(
        "//oai:record[contains(oai:header/oai:identifier, '1844-letter')]//dc:title/text()",
        namespaces=NS,
    )
    assert title == ["Letter, Lovelace to Babbage"]


def test_the_static_repository_follows_the_specification(site: Path, oai_schema) -> None:  # type: ignore[no-untyped-def]
    """The OAI's static-repository.xsd could not be had offline: its structure is checked
    as the specification gives it, and each part validated as the response it stands for."""
    repo = etree.parse(str(site / "oai" / "static-repository.xml")).getroot()
    assert repo.tag == f"{{{SR}}}Repository"
    children = [etree.QName(c).localname for c in repo]
    assert children == ["Identify", "ListMetadataFormats", "ListRecords"]
    assert all(etree.QName(c).namespace == SR for c in repo)
    identify = repo.find("sr:Identify", NS)
    assert identify.findtext("oai:baseURL", namespaces=NS) == (
        BASE_URL + "oai/static-repository.xml"
    )
    assert identify.findtext("oai:adminEmail", namespaces=NS) == CONTACT
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DD"
    earliest = identify.findtext("oai:earliestDatestamp", namespaces=NS)
    prefixes = repo.xpath("sr:ListMetadataFormats/oai:metadataFormat/oai:metadataPrefix/text()",
                          namespaces=NS)  # fmt: skip
    assert prefixes == ["oai_dc"]
    lists = repo.findall("sr:ListRecords", NS)
    assert [lr.get("metadataPrefix") for lr in lists] == prefixes
    stamps = repo.xpath("//oai:datestamp/text()", namespaces=NS)
    assert stamps and all(earliest <= s for s in stamps)
    # each part as the OAI-PMH response it stands for
    for part, verb in (
        (identify, "Identify"),
        (repo.find("sr:ListMetadataFormats", NS), "ListMetadataFormats"),
        (lists[0], "ListRecords"),
    ):
        response = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={"oai": OAI})
        etree.SubElement(response, f"{{{OAI}}}responseDate").text = "2023-11-14T00:00:00Z"
        etree.SubElement(response, f"{{{OAI}}}request", verb=verb).text = BASE_URL
        body = etree.SubElement(response, f"{{{OAI}}}{verb}")
        for child in part:
            body.append(copy.deepcopy(child))
        errors = list(oai_schema.iter_errors(etree.tostring(response).decode()))
        assert not errors, (verb, errors[0])
    # the same records as the per-request files
    assert etree.tostring(lists[0].find("oai:record", NS)) is not None
    assert len(lists[0]) == 6


def test_a_gateway_makes_the_base_url(letters: Path, tmp_path: Path) -> None:
    edition = tmp_path / "edition"
    shutil.copytree(letters, edition)
    set_config(edition, oai_gateway="https://gateway.test-editions.net/oai/")
    build(edition, tmp_path / "out")
    repo = etree.parse(str(tmp_path / "out" / "oai" / "static-repository.xml"))
    assert repo.findtext(".//oai:baseURL", namespaces=NS) == (
        "https://gateway.test-editions.net/oai/lovelace.test-editions.net/edition/oai/"
        "static-repository.xml"
    )


def test_no_oai_without_a_contact_address_or_a_base_url(
    site: Path, letters: Path, tmp_path: Path
) -> None:
    edition = tmp_path / "edition"
    shutil.copytree(letters, edition)
    config = edition / "edition.toml"
    config.write_text(
        config.read_text("utf-8").replace(f'contact_email = "{CONTACT}"\n', ""), "utf-8"
    )
    result = build(edition, tmp_path / "out")
    assert not (tmp_path / "out" / "oai").exists()
    said = [i.message for i in result.notices if i.rule == "oai"]
    assert len(said) == 1 and "edition.contact_email is not set" in said[0]
    assert (tmp_path / "out" / "cmif.xml").is_file()  # CMIF does not need it


def test_a_contact_address_must_be_one(tmp_path: Path) -> None:
    config = tmp_path / "edition.toml"
    config.write_text('[edition]\ntitle = "T"\ncontact_email = "nobody"\n', encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_config(config)
    assert "edition.contact_email 'nobody' must be an email address" in str(caught.value.issues[0])
    config.write_text('[edition]\ntitle = "T"\ncontact_email = "a@b.org"\n', encoding="utf-8")
    assert read_config(config).contact_email == "a@b.org"


# ---------------------------------------------------------------------------- CMIF


def cmif_rules(tree: etree._ElementTree) -> list[str]:
    """The rules of the CMIF's Schematron (schemas/published/cmif/cmif.sch), its errors and its
    warning, as XPath over the file."""
    problems = []
    root = tree.getroot()
    ids = root.xpath("//t:bibl/@xml:id", namespaces=NS)
    for desc in root.iterfind(".//t:correspDesc", NS):
        for kind in ("sent", "received"):
            if desc.find(f"t:correspAction[@type='{kind}']", NS) is None:
                problems.append(f"E000{1 if kind == 'sent' else 2}")
        if desc.get("source") is not None and desc.get("source")[1:] not in ids:
            problems.append("E0003")
    for date in root.iterfind(".//t:date", NS):
        if not any(date.get(a) for a in ("when", "from", "to", "notBefore", "notAfter")):
            problems.append("E0004")
    pattern = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    problems += ["W0001" for i in ids if not pattern.search(i)]
    return problems


def test_cmif_is_valid_and_names_authority_records(site: Path, cmif_schema, harvested) -> None:  # type: ignore[no-untyped-def]
    tree = etree.parse(str(site / "cmif.xml"))
    assert cmif_schema.validate(tree), cmif_schema.error_log
    assert cmif_rules(tree) == []
    descs = tree.findall(".//t:correspDesc", NS)
    assert [d.get("ref") for d in descs] == [BASE_URL + "documents/1951-letter.html"]
    assert local_file(site, descs[0].get("ref")).is_file()
    sent = descs[0].find("t:correspAction[@type='sent']", NS)
    assert [(etree.QName(e).localname, e.text, e.get("ref")) for e in sent] == [
        ("orgName", "Deutsche Forschungsgemeinschaft", "https://d-nb.info/gnd/2007744-0"),
        ("placeName", "Berlin", "https://www.geonames.org/2950159"),
        ("date", None, None),
    ]
    assert sent.find("t:date", NS).get("when") == "1951-01-02"
    received = descs[0].find("t:correspAction[@type='received']/t:orgName", NS)
    assert (received.text, received.get("ref")) == (
        "the Academy",
        "https://d-nb.info/gnd/2131094-4",
    )
    assert tree.findtext(".//t:publicationStmt/t:idno[@type='url']", namespaces=NS) == (
        BASE_URL + "cmif.xml"
    )
    # the letter without an addressee is left out, and the build says so
    notices = harvested[1]
    assert any("1952-unsent.xml" in n and "not in cmif.xml" in n for n in notices)


def test_the_cmif_rules_can_fail(site: Path) -> None:
    tree = etree.parse(str(site / "cmif.xml"))
    action = tree.find(".//t:correspAction[@type='received']", NS)
    action.getparent().remove(action)
    tree.find(".//t:correspAction/t:date", NS).attrib.clear()
    assert cmif_rules(tree) == ["E0002", "E0004"]


def test_a_rebuild_makes_the_cmif_from_the_documents_records(
    letters: Path,
    harvested: tuple[Path, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once read, a letter's correspDesc is kept with its document's record, and each
    document's OAI records with the build's: a rebuild after one document changed reads
    that one again (its OAI records), and makes the same cmif.xml with the same notices
    (the line of the correspDesc the CMIF leaves out)."""
    edition, out = tmp_path / "edition", tmp_path / "out"
    shutil.copytree(letters, edition)
    shutil.copytree(harvested[0], out)
    other = next(p for p in (edition / "documents").glob("*.xml") if "letter" not in p.name)
    other.write_text(other.read_text("utf-8").replace("</p>", " Changed.</p>", 1), "utf-8")

    parsed: list[Path] = []

    def reading(path: Path, *args: object, **kwargs: object) -> etree._ElementTree:
        parsed.append(Path(path))
        return parse(path, *args, **kwargs)

    monkeypatch.setattr(harvest, "parse", reading)
    result = build(edition, out)
    assert parsed == [other]  # for its OAI records, which are made again: no letter
    assert out / "cmif.xml" not in result.written
    assert (out / "cmif.xml").read_bytes() == (harvested[0] / "cmif.xml").read_bytes()
    assert [i.format() for i in result.notices] == [
        n.replace(str(letters), str(edition)) for n in harvested[1]
    ]
    # the same files as a build of the changed edition from nothing
    monkeypatch.undo()
    build(edition, tmp_path / "clean")
    made = sorted(p.relative_to(out) for p in (out / "oai").rglob("*.xml"))
    assert made == sorted(
        p.relative_to(tmp_path / "clean") for p in (tmp_path / "clean" / "oai").rglob("*.xml")
    )
    for rel in made:
        assert (out / rel).read_bytes() == (tmp_path / "clean" / rel).read_bytes(), rel
    line = next(
        n for n, text in enumerate(
            (edition / "documents" / "1952-unsent.xml").read_text("utf-8").splitlines(), 1
        ) if "<correspDesc" in text
    )  # fmt: skip
    assert any(f"1952-unsent.xml:{line}:" in n and "not in cmif.xml" in n for n in harvested[1])


def test_a_rebuild_that_changes_no_document_makes_no_oai_record(
    letters: Path,
    harvested: tuple[Path, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The register changed, no document: no document's OAI records are made or read
    again, not even to find that a format has none (no document here has a DOI, so
    there is no DataCite file, and the build remembers that)."""
    edition, out = tmp_path / "edition", tmp_path / "out"
    shutil.copytree(letters, edition)
    shutil.copytree(harvested[0], out)
    assert not list((out / "oai").rglob("*datacite*"))
    register = edition / "registers.xml"
    register.write_text(register.read_text("utf-8").replace("</standOff>", " </standOff>"))
    made: list[str] = []
    given = harvest._document_records

    def making(edition, doc, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(doc.slug)
        return given(edition, doc, *args, **kwargs)

    monkeypatch.setattr(harvest, "_document_records", making)
    result = build(edition, out)
    assert result.recorded and made == []
    assert not list((out / "oai").rglob("*datacite*"))


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is absent")
def test_an_edition_of_corpus_letters_has_a_valid_cmif(tmp_path: Path, cmif_schema) -> None:  # type: ignore[no-untyped-def]
    """Letters from five projects (their correspDesc as they encode it): one CMIF entry
    each, valid against the CMIF schema and its rules."""
    letters = [
        SHARED / "corpus2" / "tillich_L00674.xml",
        SHARED / "corpus2" / "tillich_L00775.xml",
        SHARED / "corpus" / "mondriaan_19090905y_IONG_1295.xml",
        SHARED / "corpus" / "lebenswelten_1863-06-12_CM_v_L_Bismarck.xml",
        SHARED / "corpus" / "escher_K_0637_Strickler-Fierz_an_Escher_1849-05-06.xml",
    ]
    if not all(p.is_file() for p in letters):
        pytest.skip("the corpus letters are absent")
    edition = tmp_path / "edition"
    (edition / "documents").mkdir(parents=True)
    for path in letters:
        shutil.copy(path, edition / "documents" / path.name)
    (edition / "edition.toml").write_text(
        '[edition]\ntitle = "Corpus letters"\neditors = ["Test Editor"]\n'
        'licence = "CC BY 4.0"\nlicence_url = "https://creativecommons.org/licenses/by/4.0/"\n'
        f'base_url = "{BASE_URL}"\n[sources]\nregisters = ""\n',
        encoding="utf-8",
    )
    # the corpus' pointers into registers that are not part of it are errors of the edition
    result = build(edition, tmp_path / "out", force=True)
    assert result.forced
    tree = etree.parse(str(tmp_path / "out" / "cmif.xml"))
    assert cmif_schema.validate(tree), cmif_schema.error_log
    assert cmif_rules(tree) == []
    descs = tree.findall(".//t:correspDesc", NS)
    assert len(descs) == 5
    senders = tree.xpath("//t:correspAction[@type='sent']/t:persName/text()", namespaces=NS)
    assert "Paul Tillich" in senders and "Piet Mondriaan" in senders
    assert tree.xpath("//t:correspAction[@type='sent']/t:date/@when", namespaces=NS) == [
        "1849-05-06", "1863-06-12", "1909-09", "1920-08-25", "1923-01-19",
    ]  # fmt: skip


@pytest.mark.slow
def test_the_bundled_edition_has_no_cmif_and_no_oai(tmp_path: Path) -> None:
    result = build(ROOT / "edition", tmp_path / "out")
    out = tmp_path / "out"
    assert not (out / "cmif.xml").exists() and not (out / "oai").exists()
    assert not list(out.glob("beacon-*.txt"))
    assert not any(i.rule == "cmif" for i in result.notices)  # no letters: nothing to say
    assert [i.rule for i in result.notices if i.rule == "oai"] == ["oai"]
    doors = html.parse(str(out / "open-data.html")).xpath("//dl[@class='open-data']//a/@href")
    assert doors == ["site.json", "registers.xml"]
    assert crawl(out) == []
    for page in pages(out):
        assert len(json_ld(page)) == 1, page


# ---------------------------------------------------------------------------- BEACON


def test_beacon_files_map_authority_numbers_to_entry_pages(site: Path) -> None:
    gnd = (site / "beacon-gnd.txt").read_text(encoding="utf-8").split("\n")
    assert gnd[0] == "#FORMAT: BEACON"
    meta = dict(line[1:].split(": ", 1) for line in gnd if line.startswith("#"))
    assert meta["PREFIX"] == "https://d-nb.info/gnd/"
    assert meta["TARGET"] == BASE_URL + "register/{ID}.html"
    assert meta["FEED"] == BASE_URL + "beacon-gnd.txt"
    assert meta["CONTACT"] == CONTACT
    links = [line for line in gnd if line and not line.startswith("#")]
    assert links == [
        "2007744-0|Deutsche Forschungsgemeinschaft|dfg",
        "2131094-4|Berlin-Brandenburgische Akademie der Wissenschaften|bbaw",
    ]
    for line in links:
        source, _name, target = line.split("|")
        assert authority(meta["PREFIX"] + source) == ("gnd", source)
        assert local_file(site, meta["TARGET"].replace("{ID}", target)).is_file()
    viaf = (site / "beacon-viaf.txt").read_text(encoding="utf-8")
    assert "#PREFIX: https://viaf.org/viaf/\n" in viaf
    assert viaf.endswith("\n305936424|Andrej Pančur|pancur\n")
    # a blank line between the meta lines and the links, one link per line, no blank end
    assert gnd[-1] == "" and gnd[-2] and "" in gnd[:-1]


def test_beacon_link_lines_are_one_line_each() -> None:
    text = beacon("gnd", {"1": ("A |name\nwith breaks", "x y")}, "T", "f", "r/", "", "", "h")
    assert text.splitlines()[-1] == "1|A /name with breaks|x%20y"


def test_authority_addresses_in_their_authority_s_form() -> None:
    assert canonical("http://d-nb.info/gnd/118540238/") == "https://d-nb.info/gnd/118540238"
    assert canonical("http://sws.geonames.org/2522975/") == "https://www.geonames.org/2522975"
    assert (
        canonical("https://www.wikidata.org/wiki/Q7259") == "http://www.wikidata.org/entity/Q7259"
    )
    assert authority("https://example.org/gnd/1") is None


# ---------------------------------------------------------------------------- JSON-LD


def json_ld(page: Path) -> list[dict]:  # type: ignore[type-arg]
    tree = html.parse(str(page))
    return [json.loads(s.text) for s in tree.xpath("//script[@type='application/ld+json']")]


def meta(page: Path, name: str) -> list[str]:
    return html.parse(str(page)).xpath(f"//meta[@name='{name}']/@content")


def test_every_page_describes_itself_as_its_meta_tags_do(site: Path) -> None:
    for page in pages(site):
        found = json_ld(page)
        assert len(found) == 1, page
        data = found[0]
        assert data["@context"] == "https://schema.org"
        if not meta(page, "citation_title"):
            continue
        assert data["name"] == meta(page, "citation_title")[0]
        assert [a["name"] for a in data.get("author", [])] == meta(page, "citation_author")
        assert data["datePublished"].replace("-", "/") == meta(page, "citation_date")[0]
        assert data["publisher"]["name"] == meta(page, "citation_publisher")[0]
        assert data["isPartOf"]["name"] == meta(page, "citation_inbook_title")[0]
        assert [data["url"]] == meta(page, "citation_public_url")


def test_a_letter_is_a_message_and_an_entry_its_thing(site: Path) -> None:
    letter_page = json_ld(site / "documents" / "1951-letter.html")[0]
    assert letter_page["@type"] == "Message"
    assert letter_page["sender"] == [{"name": "Deutsche Forschungsgemeinschaft"}]
    assert letter_page["recipient"] == [{"name": "the Academy"}]
    assert letter_page["dateSent"] == letter_page["dateCreated"] == "1951-01-02"
    note = json_ld(site / "documents" / "1842-note.html")[0]
    assert note["@type"] == "CreativeWork" and note["genre"] == "Note"
    entry = json_ld(site / "register" / "dfg.html")[0]
    assert entry["@type"] == "Organization"
    assert entry["sameAs"] == ["https://d-nb.info/gnd/2007744-0"]
    assert entry["url"] == BASE_URL + "register/dfg.html"
    assert json_ld(site / "register" / "berlin.html")[0]["@type"] == "Place"
    assert json_ld(site / "register" / "lovelace.html")[0]["@type"] == "Person"
    home = json_ld(site / "index.html")[0]
    assert home["@type"] == "Book" and home["url"] == BASE_URL
    assert [e["name"] for e in home["editor"]] == ["Ada Editor", "Charles Editor"]


def test_no_url_in_json_ld_without_a_base_url(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "edition")
    config = edition / "edition.toml"
    config.write_text(config.read_text("utf-8").replace(f'base_url = "{BASE_URL}"', ""), "utf-8")
    build(edition, tmp_path / "out")
    for page in pages(tmp_path / "out"):
        assert "url" not in json.dumps(json_ld(page)).replace('"@context"', ""), page


def test_nothing_in_the_data_can_end_its_script(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "edition")
    doc = edition / "documents" / "1842-note.xml"
    doc.write_text(
        doc.read_text("utf-8").replace("Note on the engine", "Note &lt;/script&gt;&lt;b&gt;x"),
        "utf-8",
    )
    build(edition, tmp_path / "out")
    raw = (tmp_path / "out" / "documents" / "1842-note.html").read_text("utf-8")
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    assert json.loads(block)["name"] == "Note </script><b>x"


# ---------------------------------------------------------------------------- the page


def test_the_open_data_page_lists_what_the_build_wrote(site: Path) -> None:
    page = html.parse(str(site / "open-data.html"))
    hrefs = page.xpath("//dl[@class='open-data']/dt/a/@href")
    assert hrefs == [
        "site.json", "sitemap.xml", "registers.xml", "oai/static-repository.xml", "cmif.xml",
        "beacon-gnd.txt", "beacon-viaf.txt",
    ]  # fmt: skip
    for href in hrefs:
        assert (site / href).is_file(), href
    assert all(d.text_content().strip() for d in page.xpath("//dl[@class='open-data']/dd"))
    for doc in pages(site):
        footer = html.parse(str(doc)).xpath("//footer//a[contains(@href, 'open-data.html')]")
        assert len(footer) == 1, doc


def test_the_site_with_its_doors_crawls_clean_and_builds_the_same_twice(
    site: Path, letters: Path, tmp_path: Path
) -> None:
    assert crawl(site) == []
    again = tmp_path / "again"
    build(letters, again)
    doors = ("oai", "cmif.xml", "open-data.html", "beacon-gnd.txt", "beacon-viaf.txt")
    compared = 0
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site)
        if path.is_file() and rel.parts[0] in doors:
            assert (again / rel).read_bytes() == path.read_bytes(), rel
            compared += 1
    # the repository, Identify, ListMetadataFormats, the two lists; six GetRecords; CMIF,
    # the page, two BEACON files
    assert compared == 5 + 6 + 4


def test_a_german_edition_names_its_doors_in_german(letters: Path, tmp_path: Path) -> None:
    edition = tmp_path / "edition"
    shutil.copytree(letters, edition)
    config = edition / "edition.toml"
    config.write_text(
        config.read_text("utf-8").replace('language = "en"', 'language = "de"'), "utf-8"
    )
    build(edition, tmp_path / "out")
    page = html.parse(str(tmp_path / "out" / "open-data.html"))
    assert page.findtext(".//h1") == "Offene Daten"
    assert "Korrespondenz-Metadaten (CMIF)" in page.xpath("//dl//a/text()")


def test_a_file_named_as_a_script_is_encoded_in_every_address(tmp_path: Path) -> None:
    """A document named javascript:alert(1).xml (test_site_links): its OAI identifier and
    the addresses of its record and its letter are percent-encoded, and land on its page."""
    edition = make_edition(tmp_path / "edition")
    set_config(edition, contact_email=CONTACT)
    desc = corresp('<persName ref="registers.xml#lovelace">Ada</persName>',
                   '<persName ref="registers.xml#babbage">Charles</persName>')  # fmt: skip
    (edition / "documents" / "javascript:alert(1).xml").write_text(
        letter_with("Named oddly", "1844-01-01", desc, "<p>A letter.</p>"), encoding="utf-8"
    )
    out = tmp_path / "out"
    build(edition, out)
    encoded = "javascript%3Aalert%281%29"
    record = etree.parse(str(out / "oai" / "GetRecord" / "oai_dc" / "javascript:alert(1).xml"))
    assert record.findtext(".//oai:identifier", namespaces=NS) == (
        f"oai:lovelace.test-editions.net:edition/documents/{encoded}.html"
    )
    page = BASE_URL + f"documents/{encoded}.html"
    assert page in record.xpath("//dc:identifier/text()", namespaces=NS)
    assert local_file(out, page).name == "javascript:alert(1).html"
    assert local_file(out, page).is_file()
    cmif = etree.parse(str(out / "cmif.xml"))
    assert cmif.xpath("//t:correspDesc/@ref", namespaces=NS) == [page]
    lovelace = cmif.find(".//t:correspAction[@type='sent']/t:persName", NS)
    assert lovelace.get("ref") == "http://www.wikidata.org/entity/Q7259"  # the register's idno
    assert crawl(out) == []


def test_a_document_with_a_doi_has_a_datacite_record_too(
    letters: Path, tmp_path: Path, oai_schema
) -> None:  # type: ignore[no-untyped-def]
    """DataCite where the header gives a DOI (10.5072 is DataCite's prefix for tests)."""
    edition = tmp_path / "edition"
    shutil.copytree(letters, edition)
    doc = edition / "documents" / "1845-memo.xml"
    doc.write_text(
        doc.read_text("utf-8").replace(
            "<publisher>Test</publisher>",
            '<publisher>Test</publisher><idno type="DOI">10.5072/tei-edition-test</idno>',
        ),
        "utf-8",
    )
    out = tmp_path / "out"
    build(edition, out)
    repo = etree.parse(str(out / "oai" / "static-repository.xml"))
    assert repo.xpath("//oai:metadataPrefix/text()", namespaces=NS) == ["oai_dc", "datacite"]
    lists = repo.findall("sr:ListRecords", NS)
    assert [len(lr) for lr in lists] == [6, 1]
    datacite = "http://datacite.org/schema/kernel-4"
    ident = lists[1].findtext(f".//{{{datacite}}}identifier")
    assert ident == "10.5072/tei-edition-test"
    names = ["ListRecords-datacite.xml", "ListIdentifiers-datacite.xml"]
    names += ["ListMetadataFormats.xml", "GetRecord/datacite/1845-memo.xml"]
    for name in names:
        errors = list(oai_schema.iter_errors(str(out / "oai" / name)))
        assert not errors, (name, errors[0])
    assert not (out / "oai" / "GetRecord" / "datacite" / "1844-letter.xml").exists()


def test_an_edition_too_large_for_a_static_repository_keeps_the_responses(
    letters: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The specification's limit (5000 records) made 2 for the test."""
    monkeypatch.setattr(harvest, "STATIC_LIMIT", 2)
    result = build(letters, tmp_path / "out")
    out = tmp_path / "out"
    assert not (out / "oai" / "static-repository.xml").exists()
    assert (out / "oai" / "Identify.xml").is_file()
    assert any("at most 2 records" in i.message for i in result.notices)
    page = html.parse(str(out / "open-data.html"))
    assert "oai/Identify.xml" in page.xpath("//dl//a/@href")
    assert "OAI-PMH responses" in page.xpath("//dl//a/text()")
