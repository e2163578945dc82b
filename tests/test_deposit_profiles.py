"""deposit --profile: each package, for the bundled edition and for corpus documents,
checked by the validators the repositories' own tools use: bagit's, roc-validator, the
DataCite and Dublin Core XSDs (with xmlschema, not the lxml the deposit checks with),
InvenioRDM's JSON Schema (with jsonschema); and `verify` catching a flipped byte in each."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar
from unittest import mock

import bagit
import jsonschema
import pytest
import xmlschema
from lxml import etree
from referencing import Registry
from referencing.jsonschema import DRAFT7

from site_support import BASE_URL, make_edition
from tei_edition import deposit as deposit_package
from tei_edition.deposit import deposit
from tei_edition.deposit.edition import deposit_edition
from tei_edition.deposit.profiles import PROFILES, Staged, StagedDocument
from tei_edition.deposit.profiles.zenodo import MAX_FILES, plan
from tei_edition.deposit.verify import DATACITE_NS, verify_bag
from tei_edition.issues import TeiEditionError, UsageError

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas" / "published"
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_DOCUMENTS = (
    "lebenswelten_1863-06-12_CM_v_L_Bismarck.xml",  # an editor with an ORCID
    "isicily/inscriptions/isicily_ISic000781.xml",
    "mondriaan_19090905y_IONG_1295.xml",
    "soldatenbriefe_letter-081.xml",
    "pta_pta0040.pta001.pta-grc1.xml",  # Greek
)
NAMES = list(PROFILES)
EPOCH = "1767225600"  # 2026-01-01
DCITE = {"d": DATACITE_NS}


# --------------------------------------------------------------------------- packages


def _deposit_all(make, tmp: Path) -> dict[str, Path]:
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for name in NAMES:
            make(tmp / name, name)
            out[name] = tmp / name
    return out


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every profile of the bundled edition (its folder, with the site)."""
    tmp = tmp_path_factory.mktemp("profiles-bundled")
    edition = ROOT / "edition"
    return _deposit_all(
        lambda out, name: deposit_edition(edition, out, pdf=False, profile=name), tmp
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every profile of five corpus documents, deposited together (with --force: they
    are not written to this project's schema)."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is absent ({CORPUS}): corpus deposits not checked")
    sources = [CORPUS / d for d in CORPUS_DOCUMENTS]
    tmp = tmp_path_factory.mktemp("profiles-corpus")
    return _deposit_all(
        lambda out, name: deposit(sources, out, pdf=False, force=True, profile=name), tmp
    )


@pytest.fixture(params=["bundled", "corpus"])
def packages(request: pytest.FixtureRequest) -> dict[str, Path]:
    return request.getfixturevalue(request.param)


# --------------------------------------------------------------------------- validators


@contextmanager
def offline_context() -> Iterator[None]:
    """roc-validator fetches the RO-Crate JSON-LD context from w3id.org; there is no
    network here, so both of its ways of fetching (its HTTP requester, rdflib's JSON-LD
    loader) are given the context the rocrate library ships (RO-Crate 1.3's, whose terms
    include every term of 1.1's). Any other address fails."""
    import rdflib.plugins.shared.jsonld.context as jsonld_context
    import rocrate
    from rocrate_validator.utils import http

    context = json.loads((Path(rocrate.__file__).parent / "data" / "ro-crate.jsonld").read_text())

    class Response:
        status_code = 200
        headers: ClassVar[dict[str, str]] = {"Content-Type": "application/ld+json"}

        def json(self) -> object:
            return context

    def get(_self: object, url: str, *args: object, **kwargs: object) -> Response:
        if "w3id.org/ro/crate/" not in str(url):
            raise OSError(f"no network in tests: {url}")
        return Response()

    real = jsonld_context.source_to_json

    def source_to_json(source: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if isinstance(source, str) and "w3id.org/ro/crate/" in source:
            return context, None
        return real(source, *args, **kwargs)

    with (
        mock.patch.object(http.HttpRequester, "get", get, create=True),
        mock.patch.object(http.HttpRequester, "head", get, create=True),
        mock.patch.object(jsonld_context, "source_to_json", source_to_json),
    ):
        yield


def roc_validate(crate: Path) -> list[str]:
    """roc-validator's REQUIRED checks of RO-Crate 1.1: the problems, one line each."""
    from rocrate_validator import services

    with offline_context():
        result = services.validate(
            {
                "rocrate_uri": str(crate),
                "profile_identifier": "ro-crate-1.1",
                "requirement_severity": "REQUIRED",
            }
        )
    return [f"{i.check.identifier}: {i.message}" for i in result.get_issues()]


def _xmlschema(path: Path) -> xmlschema.XMLSchema:
    mapped = {
        "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": (
            SCHEMAS / "dc" / "simpledc20021212.xsd"
        ).as_uri(),
        "http://www.w3.org/2001/03/xml.xsd": (SCHEMAS / "xml" / "xml.xsd").as_uri(),
    }
    return xmlschema.XMLSchema(str(path), uri_mapper=mapped, allow="local")


@pytest.fixture(scope="module")
def xsds() -> dict[str, xmlschema.XMLSchema]:
    return {
        "datacite": _xmlschema(SCHEMAS / "datacite-4.6" / "metadata.xsd"),
        "dc": _xmlschema(SCHEMAS / "dc" / "oai_dc.xsd"),
    }


def invenio_validator() -> jsonschema.Draft7Validator:
    base = SCHEMAS / "invenio-rdm"
    registry = Registry().with_resources(
        (
            "local://" + p.relative_to(base).as_posix(),
            DRAFT7.create_resource(json.loads(p.read_text())),
        )
        for p in base.rglob("*.json")
        if p.name != "languages.json"
    )
    schema = registry.contents("local://records/record-v6.0.0.json")
    return jsonschema.Draft7Validator(
        schema, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def records_in(package: Path) -> Iterator[tuple[str, bytes]]:
    """Every DataCite and Dublin Core record of a package: its files, and those inside
    its zips (and the zips in them)."""

    def from_zip(label: str, data: bytes) -> Iterator[tuple[str, bytes]]:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in zf.namelist():
                inner = zf.read(name)
                if name.endswith(".zip"):
                    yield from from_zip(f"{label}/{name}", inner)
                elif name.rsplit("/", 1)[-1] in ("datacite.xml", "dc.xml") or name.endswith(
                    ".dc.xml"
                ):
                    yield f"{label}/{name}", inner

    for path in sorted(package.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".zip":
            yield from from_zip(str(path), path.read_bytes())
        elif path.name in ("datacite.xml", "dc.xml") or path.name.endswith(".dc.xml"):
            yield str(path), path.read_bytes()


# --------------------------------------------------------------------------- every profile


@pytest.mark.parametrize("name", NAMES)
def test_every_profile_verifies(packages: dict[str, Path], name: str, invoke) -> None:
    report = verify_bag(packages[name])
    assert report.ok(), [i.format() for i in report.errors]
    assert report.profile == name
    result = invoke("verify", packages[name])
    assert result.exit_code == 0, result.stderr
    assert "every checksum matches" in result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_every_record_is_valid_against_its_published_schema(
    packages: dict[str, Path], name: str, xsds: dict[str, xmlschema.XMLSchema]
) -> None:
    found = {"datacite": 0, "dc": 0}
    for label, data in records_in(packages[name]):
        kind = "datacite" if label.endswith("datacite.xml") else "dc"
        errors = [str(e.reason) for e in xsds[kind].iter_errors(io.BytesIO(data))]
        assert errors == [], (label, errors)
        found[kind] += 1
    if name != "zenodo":  # its records are in its metadata.json (and metadata.zip)
        assert found["datacite"] >= 1 and found["dc"] >= 1, found


@pytest.mark.parametrize("name", NAMES)
def test_verify_catches_a_flipped_byte(
    packages: dict[str, Path], name: str, tmp_path: Path, invoke
) -> None:
    copy = tmp_path / name
    shutil.copytree(packages[name], copy)
    victim = {
        "bagit": "data/tei",
        "ro-crate": "tei",
        "dspace-saf": "item_001",
        "zenodo": "files",
        "dataverse": "upload.zip",
    }[name]
    target = copy / victim
    if target.is_dir():
        target = sorted(p for p in target.iterdir() if p.suffix == ".xml")[0]
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    report = verify_bag(copy)
    assert not report.ok()
    rel = target.relative_to(copy).as_posix()
    assert any(rel in i.file and "checksum" in i.rule for i in report.errors), [
        i.format() for i in report.errors
    ]
    result = invoke("verify", copy)
    assert result.exit_code == 1
    assert rel in result.stderr


def test_a_flipped_byte_in_the_dspace_zip_is_caught(
    bundled: dict[str, Path], tmp_path: Path, invoke
) -> None:
    zipped = tmp_path / "saf.zip"
    data = bytearray(bundled["dspace-saf"].with_name("dspace-saf.zip").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = next(i for i in zf.infolist() if i.filename.endswith(".xml"))
    data[info.header_offset + 30 + len(info.filename) + info.compress_size // 2] ^= 0x01
    zipped.write_bytes(bytes(data))
    result = invoke("verify", zipped)
    assert result.exit_code != 0
    assert info.filename in result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- bagit, ro-crate


def test_the_bag_passes_bagit_and_carries_an_ro_crate(packages: dict[str, Path]) -> None:
    bag = packages["bagit"]
    bagit.Bag(str(bag)).validate()  # what bagit.py --validate does
    crate = json.loads((bag / "data" / "ro-crate-metadata.json").read_text())
    ids = {e["@id"] for e in crate["@graph"]}
    payload = {p.relative_to(bag / "data").as_posix() for p in (bag / "data").rglob("*")}
    tei = sorted(p for p in payload if p.startswith("tei/") and p.endswith(".xml"))
    assert tei and set(tei) <= ids


def test_the_ro_crates_pass_roc_validator(packages: dict[str, Path]) -> None:
    assert roc_validate(packages["ro-crate"]) == []
    # the bag's payload is a crate too (BagIt-RO). roc-validator 0.13 is given data/ itself:
    # on the bag it takes any path containing "data/" (as metadata/dc.xml does) for one
    # already inside the payload and looks for it beside data/.
    assert roc_validate(packages["bagit"] / "data") == []


def test_the_crate_describes_documents_authors_and_structure(bundled: dict[str, Path]) -> None:
    crate = json.loads((bundled["ro-crate"] / "ro-crate-metadata.json").read_text())
    graph = {e["@id"]: e for e in crate["@graph"]}
    root = graph["./"]
    assert root["name"] == "Anastas Mikoyan's Mission to Xibaipo, January–February 1949"
    parts = {p["@id"] for p in root["hasPart"]}
    assert {"tei/", "html/", "text/", "schemas/", "site/", "metadata/"} <= parts
    documents = sorted(p.name for p in (ROOT / "edition" / "documents").glob("*.xml"))
    for name in [*documents, "mikoyan-recollections-1958.xml"]:
        entity = graph[f"tei/{name}"]
        assert entity["encodingFormat"] == "application/tei+xml"
        assert entity["author"] and entity["license"]
        assert {"@id": f"tei/{name}"} in graph["tei/"]["hasPart"]
        stem = name.removesuffix(".xml")
        html = graph[f"html/{stem}.html"]
        assert html["isBasedOn"] == {"@id": f"tei/{name}"}
        assert html["encodingFormat"] == "text/html"
    assert graph["site/index.html"]["encodingFormat"] == "text/html"
    # the register is a data entity of its own
    assert graph["tei/registers.xml"]["encodingFormat"] == "application/tei+xml"


def test_orcids_from_the_header_reach_every_record(corpus: dict[str, Path]) -> None:
    orcid = "https://orcid.org/0000-0001-9384-2028"  # the Lehndorff letter's editor
    crate = json.loads((corpus["ro-crate"] / "ro-crate-metadata.json").read_text())
    people = {e["@id"]: e for e in crate["@graph"] if e.get("@type") == "Person"}
    assert people[orcid]["familyName"] == "Huch"
    letter = next(e for e in crate["@graph"] if e["@id"].startswith("tei/lebenswelten"))
    assert {"@id": orcid} in letter["contributor"]
    record = json.loads((corpus["zenodo"] / "metadata.json").read_text())
    ids = [
        i
        for c in record["metadata"]["contributors"]
        for i in c["person_or_org"].get("identifiers", [])
    ]
    assert {"scheme": "orcid", "identifier": "0000-0001-9384-2028"} in ids
    # its publisher is given with an address and an e-mail: the records name it alone
    assert record["metadata"]["publisher"] == "Berlin-Brandenburgische Akademie der Wissenschaften"


# --------------------------------------------------------------------------- dspace


def test_dspace_has_an_item_per_document_and_one_for_the_edition(
    bundled: dict[str, Path],
) -> None:
    saf = bundled["dspace-saf"]
    documents = sorted((ROOT / "edition" / "documents").glob("*.xml"))
    items = sorted(p for p in saf.iterdir() if p.is_dir())
    assert len(items) == 1 + len(documents) + 1  # the edition, the memoir, the cables
    primaries = []
    for item in items[1:]:
        lines = [line.split("\t") for line in (item / "contents").read_text().splitlines()]
        names = {fields[0] for fields in lines}
        assert names == {p.name for p in item.iterdir()} - {"contents", "dublin_core.xml"}
        (primary,) = [f[0] for f in lines if "primary:true" in f]
        primaries.append(primary)
        stem = primary.removesuffix(".xml")
        assert {f"{stem}.html", f"{stem}.txt", f"{stem}.diplomatic.html"} <= names
        assert all(f[1] == "bundle:ORIGINAL" and f[2].startswith("description:") for f in lines)
        dc = etree.parse(str(item / "dublin_core.xml")).getroot()
        titles = etree.parse(str(item / primary)).xpath(
            "/t:TEI/t:teiHeader/t:fileDesc/t:titleStmt/t:title",
            namespaces={"t": "http://www.tei-c.org/ns/1.0"},
        )
        main = [t for t in titles if t.get("type") == "main"] or titles
        title = " ".join("".join(main[0].itertext()).split())
        assert dc.xpath("string(dcvalue[@element='title'])") == title
    assert sorted(primaries) == sorted(
        [p.name for p in documents] + ["mikoyan-recollections-1958.xml"]
    )
    edition = items[0]
    assert {"registers.xml", "site.zip", "schemas.zip", "datacite.xml"} <= {
        p.name for p in edition.iterdir()
    }
    dc = etree.parse(str(edition / "dublin_core.xml")).getroot()
    assert dc.xpath("string(dcvalue[@element='type'])") == "Collection"
    with zipfile.ZipFile(saf.with_name("dspace-saf.zip")) as zf:
        names = zf.namelist()
    assert names == sorted(names)
    assert {n.split("/")[0] for n in names} == {p.name for p in saf.iterdir()}


# --------------------------------------------------------------------------- zenodo


def test_zenodo_record_and_upload_folder(packages: dict[str, Path]) -> None:
    folder = packages["zenodo"]
    record = json.loads((folder / "metadata.json").read_text())
    errors = [e.message for e in invenio_validator().iter_errors(record)]
    assert errors == []
    upload = sorted((folder / "files").iterdir())
    assert 0 < len(upload) <= 100 and all(p.is_file() for p in upload)
    meta = record["metadata"]
    assert meta["resource_type"] == {"id": "publication-other"}
    assert meta["creators"] and meta["title"] and meta["publication_date"]
    assert all(lang["id"] and len(lang["id"]) == 3 for lang in meta["languages"])
    # every zip's listing is in the description, and every staged file is uploaded once
    for z in (p for p in upload if p.suffix == ".zip"):
        with zipfile.ZipFile(z) as zf:
            for member in zf.namelist():
                assert f"<li>{member}</li>" in meta["description"]


def test_zenodo_relates_the_edition_to_its_documents(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "edition")
    deposit_edition(edition, tmp_path / "zenodo", pdf=False, profile="zenodo")
    record = json.loads((tmp_path / "zenodo" / "metadata.json").read_text())
    parts = [
        r["identifier"]
        for r in record["metadata"]["related_identifiers"]
        if r["relation_type"] == {"id": "haspart"}
    ]
    names = sorted(p.stem for p in (edition / "documents").glob("*.xml"))
    assert sorted(parts) == [f"{BASE_URL}documents/{n}.html" for n in names]
    assert invenio_validator().is_valid(record)


def test_more_than_a_hundred_files_are_zipped(tmp_path: Path) -> None:
    payload = tmp_path / "staged"
    docs = []
    for n in range(70):
        stem = f"doc{n:03d}"
        for rel in (f"tei/{stem}.xml", f"pdf/{stem}.pdf"):
            (payload / rel).parent.mkdir(parents=True, exist_ok=True)
            (payload / rel).write_text(rel)
        docs.append(StagedDocument(name=f"{stem}.xml", stem=stem, records={}))
    staged = Staged(payload, "t", docs, {}, ["tei", "pdf"], "2026-01-01", {}, "")
    singles, zips = plan(staged, staged.files())
    assert len(singles) + len(zips) <= MAX_FILES
    every = sorted([*singles.values(), *(m for ms in zips.values() for m in ms)])
    assert every == staged.files()


# --------------------------------------------------------------------------- dataverse


def test_dataverse_double_zip_and_ddi(packages: dict[str, Path]) -> None:
    folder = packages["dataverse"]
    with zipfile.ZipFile(folder / "upload.zip") as outer:
        (inner_name,) = outer.namelist()
        inner = zipfile.ZipFile(io.BytesIO(outer.read(inner_name)))
    names = inner.namelist()
    top = inner_name.removesuffix(".zip")
    assert all(n.startswith(f"{top}/") for n in names)
    assert any(n.startswith(f"{top}/tei/") for n in names)
    datacite = etree.parse(str(folder / "datacite.xml")).getroot()
    ddi = etree.parse(str(folder / "ddi.xml")).getroot()
    ns = {"c": "ddi:codebook:2_5"}
    assert ddi.tag == "{ddi:codebook:2_5}codeBook" and ddi.get("version") == "2.5"
    assert ddi.xpath("string(//c:titl)", namespaces=ns) == datacite.xpath(
        "normalize-space(d:titles/d:title[1])", namespaces=DCITE
    )
    assert ddi.xpath("//c:AuthEnty/text()", namespaces=ns) == datacite.xpath(
        "d:creators/d:creator/d:creatorName/text()", namespaces=DCITE
    )


# --------------------------------------------------------------------------- determinism, safety


@pytest.mark.parametrize("name", [n for n in NAMES if n != "bagit"])
def test_the_same_deposit_makes_the_same_bytes(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def digest(where: Path) -> dict[str, bytes]:
        deposit(None, where / "out", pdf=False, profile=name, make_zip=True)
        return {
            p.relative_to(where).as_posix(): p.read_bytes() for p in where.rglob("*") if p.is_file()
        }

    a, b = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert a.keys() == b.keys() and a == b
    assert "out.zip" in a
    report = verify_bag(tmp_path / "a" / "out.zip")  # the zip is the same package
    assert report.ok() and report.profile == name


@pytest.mark.parametrize("name", [n for n in NAMES if n != "bagit"])
def test_an_existing_target_is_refused_and_kept(name: str, tmp_path: Path) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "keep.txt").write_text("mine")
    with pytest.raises(TeiEditionError) as caught:
        deposit(None, used, pdf=False, profile=name)
    assert "--force" in caught.value.issues[0].message
    assert [p.name for p in used.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["used"]


def test_an_unknown_profile_is_named(tmp_path: Path, invoke) -> None:
    with pytest.raises(UsageError) as caught:
        deposit(None, tmp_path / "out", pdf=False, profile="figshare")
    assert "bagit" in caught.value.issues[0].message
    result = invoke("deposit", "--profile", "figshare", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "figshare" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_command_writes_a_profile_and_force_keeps_the_old_one(
    tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deposit_package, "fop_available", lambda: False)  # no PDF: faster
    memoir = ROOT / "edition" / "mikoyan-recollections-1958.xml"
    out = tmp_path / "zenodo"
    first = invoke("deposit", memoir, "--profile", "zenodo", "-o", out, "--zip")
    assert first.exit_code == 0, first.stderr
    assert f"{out}: zenodo package of" in first.stdout
    assert (out / "metadata.json").is_file() and out.with_name("zenodo.zip").is_file()
    again = invoke("deposit", memoir, "--profile", "zenodo", "-o", out)
    assert again.exit_code == 1 and "--force" in again.stderr
    forced = invoke("deposit", memoir, "--profile", "zenodo", "-o", out, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (tmp_path / "zenodo.previous" / "metadata.json").is_file()
    assert verify_bag(out).ok() and verify_bag(tmp_path / "zenodo.previous").ok()


@pytest.mark.fop
def test_the_pdf_is_a_data_entity_a_bitstream_and_an_upload(tmp_path: Path) -> None:
    if not shutil.which("fop"):
        pytest.skip("Apache FOP is not installed: the packages' PDF is not checked")
    cable = ROOT / "edition" / "documents" / "1949-01-08-mao-to-stalin.xml"
    for name in ("ro-crate", "dspace-saf", "zenodo"):
        deposit([cable], tmp_path / name, pdf=True, profile=name)
        assert verify_bag(tmp_path / name).ok()
    crate = json.loads((tmp_path / "ro-crate" / "ro-crate-metadata.json").read_text())
    graph = {e["@id"]: e for e in crate["@graph"]}
    pdf = graph[f"pdf/{cable.stem}.pdf"]
    assert pdf["encodingFormat"] == "application/pdf"
    assert pdf["isBasedOn"] == {"@id": f"tei/{cable.name}"}
    assert {"@id": f"pdf/{cable.stem}.pdf"} in graph["pdf/"]["hasPart"]
    contents = (tmp_path / "dspace-saf" / "item_001" / "contents").read_text()
    assert f"{cable.stem}.pdf\tbundle:ORIGINAL\tdescription:Reading edition (PDF)" in contents
    upload = tmp_path / "zenodo" / "files" / f"{cable.stem}.pdf"
    assert upload.read_bytes().startswith(b"%PDF")


def test_verify_checks_the_records_of_a_package_against_their_schemas(
    bundled: dict[str, Path], tmp_path: Path
) -> None:
    from tei_edition.deposit.profiles.package import write_checksums

    def resealed(name: str, rel: str, change) -> list[str]:  # type: ignore[no-untyped-def]
        copy = tmp_path / name
        shutil.copytree(bundled[name], copy)
        path = copy / rel
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        (copy / "checksums-sha256.txt").unlink()
        write_checksums(copy)  # the checksums match again: only the record is wrong
        return [f"{i.rule}: {i.file}" for i in verify_bag(copy).errors]

    def no_publisher(text: str) -> str:
        start = text.index("<publisher>")
        return text[:start] + text[text.index("</publisher>") + len("</publisher>") :]

    found = resealed("dataverse", "datacite.xml", no_publisher)
    assert f"datacite-schema: {tmp_path / 'dataverse' / 'datacite.xml'}" in found

    def numeric_title(text: str) -> str:
        record = json.loads(text)
        record["metadata"]["title"] = 1949
        return json.dumps(record)

    found = resealed("zenodo", "metadata.json", numeric_title)
    assert found == [f"invenio-schema: {tmp_path / 'zenodo' / 'metadata.json'}"]
