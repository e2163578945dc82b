"""tei-edition deposit: the bag, its metadata against the teiHeader, safety, determinism."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import deposit as deposit_mod
from tei_edition import resources
from tei_edition.deposit import deposit
from tei_edition.deposit.verify import DATACITE_NS, DC_NS, datacite_issues, verify_bag
from tei_edition.issues import TeiEditionError
from test_pdfa import check_archival

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
DCNS = {"dc": DC_NS}
DCITE = {"d": DATACITE_NS}
DAY = date(2026, 1, 2)


# --------------------------------------------------------------------------- helpers


def norm(text: str) -> str:
    return " ".join(text.split())


def text_of(el: etree._Element) -> str:
    return norm("".join(el.itertext()))


def header(edition: Path) -> dict[str, object]:
    """The header fields the metadata must carry, read straight from the TEI."""
    tree = etree.parse(str(edition))
    h = tree.find("t:teiHeader", TEI)
    assert h is not None

    def one(path: str) -> etree._Element:
        found = h.xpath(path, namespaces=TEI)
        assert found, path
        return found[0]

    author_ref = one("t:fileDesc/t:titleStmt/t:author//t:persName").get("ref", "")

    def repository_name(name: etree._Element) -> str:
        """ "Surname, Forename" where the register entry marks them, else the name as given."""
        ref = (name.get("ref") or "").lstrip("#")
        entry = tree.xpath(
            "//t:person[@xml:id=$id]/t:persName[1][t:surname]", namespaces=TEI, id=ref
        )
        if not entry:
            return text_of(name)
        surname = text_of(entry[0].find("t:surname", TEI))
        return f"{surname}, {text_of(entry[0].find('t:forename', TEI))}"

    author = repository_name(one("t:fileDesc/t:titleStmt/t:author//t:persName"))
    return {
        "title": text_of(one("t:fileDesc/t:titleStmt/t:title[@type='main']")),
        "author": author,
        "author_ref": author_ref,
        "translator": repository_name(
            one("t:fileDesc/t:titleStmt/t:respStmt[@xml:id='translator']/t:persName")
        ),
        "edition_body": text_of(
            one("t:fileDesc/t:titleStmt/t:respStmt[@xml:id='edition']/t:orgName")
        ),
        "funder": text_of(one("t:fileDesc/t:titleStmt/t:funder")),
        "publisher": text_of(one("t:fileDesc/t:publicationStmt/t:publisher")),
        "published": one("t:fileDesc/t:publicationStmt/t:date").get("when"),
        "idno": text_of(one("t:fileDesc/t:publicationStmt/t:idno")),
        "rights": [
            text_of(p)
            for p in h.xpath("t:fileDesc/t:publicationStmt/t:availability/t:p", namespaces=TEI)
        ],
        "created": one("t:profileDesc/t:creation/t:date").get("when"),
        "source_date": one("t:fileDesc/t:sourceDesc/t:bibl/t:date").get("when"),
        "source_url": one("t:fileDesc/t:sourceDesc/t:bibl//t:ref").get("target"),
        "source_idno": text_of(one("t:fileDesc/t:sourceDesc/t:bibl/t:idno")),
        "abstract": text_of(one("t:profileDesc/t:abstract")),
        "terms": [text_of(t) for t in h.xpath(".//t:keywords/t:term", namespaces=TEI)],
        "lang": tree.getroot().get("{http://www.w3.org/XML/1998/namespace}lang"),
    }


def read_tags(path: Path) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition(": ")
        tags.setdefault(name, []).append(value)
    return tags


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` with the sha256 of its bytes."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            out[os.path.relpath(os.path.join(dirpath, d), root) + "/"] = "dir"
        for f in filenames:
            p = Path(dirpath, f)
            out[os.path.relpath(p, root)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def make_deposit(target: Path, **kwargs: object):
    kwargs.setdefault("bagging_date", DAY)
    kwargs.setdefault("pdf", False)
    return deposit(None, target, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def bag(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One deposit of the bundled edition (without PDF, which has its own test)."""
    target = tmp_path_factory.mktemp("deposit") / "mikoyan-bag"
    result = make_deposit(target, make_zip=True)
    assert result.bag == target
    return target


# --------------------------------------------------------------------------- the bag


def test_bag_layout(bag: Path, edition: Path) -> None:
    data = bag / "data"
    assert (bag / "bagit.txt").read_text() == (
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    )
    assert (data / "tei" / edition.name).read_bytes() == edition.read_bytes()
    for schema in sorted(resources.data_dir("schemas").iterdir()):
        if schema.is_file() and not schema.name.startswith("."):
            assert (data / "schemas" / schema.name).read_bytes() == schema.read_bytes()
    stem = edition.stem
    assert sorted(p.name for p in (data / "html").iterdir() if p.is_file()) == [
        f"{stem}.diplomatic.html",
        f"{stem}.html",
    ]
    assert sorted(p.name for p in (data / "text").iterdir()) == [
        f"{stem}.diplomatic.txt",
        f"{stem}.txt",
    ]
    assert b"<html" in (data / "html" / f"{stem}.html").read_bytes().lower()
    normalized = (data / "text" / f"{stem}.txt").read_text(encoding="utf-8")
    diplomatic = (data / "text" / f"{stem}.diplomatic.txt").read_text(encoding="utf-8")
    assert "Xibaipo" in normalized
    assert "[sic" in diplomatic and normalized != diplomatic
    for name in ("dc.xml", "datacite.xml"):
        assert (data / "metadata" / name).is_file()
    assert not (data / "pdf").exists()
    readme = (data / "README.txt").read_text(encoding="utf-8")
    assert "No PDF" in readme
    assert "data/tei/" in readme
    assert not any(p.name.startswith(".") for p in bag.rglob("*"))


def test_bagit_library_command_accepts_the_bag(bag: Path) -> None:
    script = Path(sys.executable).with_name("bagit.py")
    if not script.exists():
        pytest.skip("bagit.py is not installed beside this Python")
    done = subprocess.run(
        [sys.executable, str(script), "--validate", str(bag)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "is valid" in done.stderr


def test_verify_accepts_the_bag_and_its_zip(bag: Path, invoke) -> None:
    for target in (bag, bag.with_name(bag.name + ".zip")):
        result = invoke("verify", target)
        assert result.exit_code == 0, result.output
        assert "valid bag" in result.stdout
        assert " error:" not in result.output


def test_manifests_are_sorted_and_correct(bag: Path) -> None:
    payload = sorted(
        p.relative_to(bag).as_posix() for p in (bag / "data").rglob("*") if p.is_file()
    )
    for alg in ("sha256", "sha512"):
        lines = (bag / f"manifest-{alg}.txt").read_text(encoding="utf-8").splitlines()
        paths = [line.split("  ", 1)[1] for line in lines]
        assert paths == payload
        for line in lines:
            digest, path = line.split("  ", 1)
            assert digest == hashlib.new(alg, (bag / path).read_bytes()).hexdigest()
        tags = (bag / f"tagmanifest-{alg}.txt").read_text(encoding="utf-8").splitlines()
        tag_paths = [line.split("  ", 1)[1] for line in tags]
        assert tag_paths == sorted(tag_paths)
        assert {"bagit.txt", "bag-info.txt", f"manifest-{alg}.txt"} <= set(tag_paths)


def test_bag_info_from_the_header(bag: Path, edition: Path) -> None:
    h = header(edition)
    tags = read_tags(bag / "bag-info.txt")
    assert tags["Source-Organization"] == [h["publisher"]]
    assert tags["External-Description"] == [h["abstract"]]
    assert tags["External-Identifier"] == [h["idno"]]
    assert tags["Bagging-Date"] == [DAY.isoformat()]
    agent = tags["Bag-Software-Agent"][0]
    assert agent.startswith("tei-edition ") and "bagit" in agent
    from tei_edition import __version__

    assert __version__ in agent
    files = [p for p in (bag / "data").rglob("*") if p.is_file()]
    assert tags["Payload-Oxum"] == [f"{sum(p.stat().st_size for p in files)}.{len(files)}"]
    size = tags["Bag-Size"][0]
    assert size.endswith(("KB", "MB", "GB", "bytes"))
    assert tags["Edition-Validation"] == ["valid"]
    assert "No PDF" in tags["Edition-Note"][0]
    # bag-info.txt's keys are written in a fixed (sorted) order
    keys = [line.split(":", 1)[0] for line in (bag / "bag-info.txt").read_text().splitlines()]
    assert keys == sorted(keys)


# --------------------------------------------------------------------------- metadata


def test_dublin_core_carries_the_header(bag: Path, edition: Path) -> None:
    h = header(edition)
    dc = etree.parse(str(bag / "data" / "metadata" / "dc.xml")).getroot()
    assert dc.tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"

    def values(name: str) -> list[str]:
        return [text_of(e) for e in dc.findall(f"dc:{name}", DCNS)]

    assert values("title") == [h["title"]]
    assert values("creator") == [h["author"]]
    assert values("contributor") == [h["translator"]]
    assert values("date") == [h["created"]] == [h["source_date"]]
    assert values("language") == [h["lang"]]
    assert values("description") == [h["abstract"]]
    assert values("subject") == h["terms"]
    assert values("rights") == h["rights"]
    assert "With permission of the National Security Archive." in values("rights")
    assert values("identifier") == [h["idno"]]
    assert values("publisher") == [h["publisher"]]
    (source,) = values("source")
    assert h["source_url"] in source
    assert values("relation") == [h["source_url"]]
    assert values("type") == ["Text"]


def test_datacite_carries_the_header(bag: Path, edition: Path) -> None:
    h = header(edition)
    root = etree.parse(str(bag / "data" / "metadata" / "datacite.xml")).getroot()
    assert root.tag == f"{{{DATACITE_NS}}}resource"
    assert "kernel-4" in root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")

    def xp(path: str) -> list[etree._Element]:
        return root.xpath(path, namespaces=DCITE)

    def texts(path: str) -> list[str]:
        return [text_of(e) for e in xp(path)]

    assert [e.get("identifierType") for e in xp("d:identifier")] == ["DOI"]
    assert texts("d:creators/d:creator/d:creatorName") == [h["author"]]
    assert texts("d:titles/d:title[not(@titleType)]") == [h["title"]]
    assert texts("d:publisher") == [h["publisher"]]
    assert texts("d:publicationYear") == [str(h["published"])[:4]]
    (rtype,) = xp("d:resourceType")
    assert rtype.get("resourceTypeGeneral") == "Text"
    assert texts(
        "d:contributors/d:contributor[@contributorType='Translator']/d:contributorName"
    ) == [h["translator"]]
    assert texts("d:contributors/d:contributor[@contributorType='Editor']/d:contributorName") == [
        h["edition_body"]
    ]
    assert texts("d:dates/d:date[@dateType='Created']") == [h["created"]]
    assert texts("d:dates/d:date[@dateType='Submitted']") == [DAY.isoformat()]
    assert texts("d:language") == [h["lang"]]
    assert texts("d:rightsList/d:rights") == h["rights"]
    assert texts("d:descriptions/d:description[@descriptionType='Abstract']") == [h["abstract"]]
    assert texts("d:subjects/d:subject") == h["terms"]
    (related,) = xp("d:relatedIdentifiers/d:relatedIdentifier")
    assert related.get("relatedIdentifierType") == "URL"
    assert related.get("relationType") == "IsDerivedFrom"
    assert text_of(related) == h["source_url"]
    assert texts("d:alternateIdentifiers/d:alternateIdentifier") == [h["idno"]]
    assert texts("d:fundingReferences/d:fundingReference/d:funderName") == [h["funder"]]
    assert texts("d:formats/d:format") == [
        "application/tei+xml",
        "text/html",
        "text/plain",
        "application/epub+zip",
    ]
    # every required property present; the DOI is the only thing left to the repository
    found = datacite_issues(root, "datacite.xml")
    assert [i.rule for i in found] == ["datacite-doi"]
    assert found[0].severity == "info"


def test_datacite_check_finds_missing_properties(bag: Path) -> None:
    root = etree.parse(str(bag / "data" / "metadata" / "datacite.xml")).getroot()
    for el in root.xpath("d:publisher | d:creators", namespaces=DCITE):
        root.remove(el)
    messages = [i.message for i in datacite_issues(root, "x") if i.severity == "error"]
    assert any("publisher" in m for m in messages)
    assert any("creators" in m for m in messages)
    wrong = etree.fromstring(b"<resource xmlns='http://datacite.org/schema/kernel-3'/>")
    (issue,) = datacite_issues(wrong, "x")
    assert issue.rule == "datacite-structure"


def test_doi_is_used_when_given(tmp_path: Path) -> None:
    make_deposit(tmp_path / "bag", doi="10.5555/mikoyan-1958")
    meta = tmp_path / "bag" / "data" / "metadata"
    root = etree.parse(str(meta / "datacite.xml")).getroot()
    assert root.findtext("d:identifier", namespaces=DCITE) == "10.5555/mikoyan-1958"
    dc = etree.parse(str(meta / "dc.xml")).getroot()
    ids = [e.text for e in dc.findall("dc:identifier", DCNS)]
    assert "https://doi.org/10.5555/mikoyan-1958" in ids
    assert datacite_issues(root, "x") == []
    with pytest.raises(TeiEditionError) as err:
        make_deposit(tmp_path / "other", doi="not-a-doi")
    assert err.value.issues[0].rule == "deposit-doi"
    assert not (tmp_path / "other").exists()


def test_dspace_view(bag: Path, edition: Path) -> None:
    data = bag / "data"
    dc = etree.parse(str(data / "dublin_core.xml")).getroot()
    assert dc.tag == "dublin_core" and dc.get("schema") == "dc"
    pairs = {(v.get("element"), v.get("qualifier")): text_of(v) for v in dc}
    h = header(edition)
    assert pairs[("title", "none")] == h["title"]
    assert pairs[("contributor", "author")] == h["author"]
    assert pairs[("description", "abstract")] == h["abstract"]
    assert pairs[("source", "uri")] == h["source_url"]
    lines = (data / "contents").read_text(encoding="utf-8").splitlines()
    listed = [line.split("\t")[0] for line in lines]
    assert f"tei/{edition.name}" in listed
    assert "contents" not in listed and "dublin_core.xml" not in listed
    for rel in listed:
        assert (data / rel).is_file(), rel
    assert sum("primary:true" in line for line in lines) == 1


# --------------------------------------------------------------------------- determinism


def test_two_deposits_differ_only_in_the_bagging_date(bag: Path, tmp_path: Path) -> None:
    same = tmp_path / bag.name
    make_deposit(same, make_zip=True)
    assert tree_digest(same) == tree_digest(bag)
    zipped = same.with_name(same.name + ".zip")
    assert zipped.read_bytes() == bag.with_name(bag.name + ".zip").read_bytes()

    later = tmp_path / "later" / bag.name
    make_deposit(later, bagging_date=date(2027, 5, 6))
    a, b = tree_digest(bag), tree_digest(later)
    changed = {k for k in a if a[k] != b.get(k)}
    assert changed == {
        "bag-info.txt",
        "data/metadata/datacite.xml",
        "data/ro-crate-metadata.json",  # its datePublished is the deposit's date
        "manifest-sha256.txt",
        "manifest-sha512.txt",
        "tagmanifest-sha256.txt",
        "tagmanifest-sha512.txt",
    }
    old = (bag / "bag-info.txt").read_text().splitlines()
    new = (later / "bag-info.txt").read_text().splitlines()
    assert [x for x in old if x not in new] == ["Bagging-Date: 2026-01-02"]
    assert [x for x in new if x not in old] == ["Bagging-Date: 2027-05-06"]


def test_zip_is_stable(bag: Path) -> None:
    zipped = bag.with_name(bag.name + ".zip")
    with zipfile.ZipFile(zipped) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {n.split("/", 1)[0] for n in names} == {bag.name}
        on_disk = sorted(p.relative_to(bag).as_posix() for p in bag.rglob("*") if p.is_file())
        assert [n.split("/", 1)[1] for n in names] == on_disk
        for info in infos:
            assert zf.read(info) == (bag / info.filename.split("/", 1)[1]).read_bytes()


# --------------------------------------------------------------------------- safety


def test_non_empty_folder_is_refused_and_untouched(tmp_path: Path, invoke) -> None:
    target = tmp_path / "bag"
    (target / "sub").mkdir(parents=True)
    (target / "notes.txt").write_text("mine\n")
    (target / "sub" / "x.bin").write_bytes(b"\x00\x01")
    before = tree_digest(tmp_path)
    result = invoke("deposit", resources.bundled_edition(), "-o", target, "--zip")
    assert result.exit_code == 1
    assert "not empty" in result.stderr
    assert "--force" in result.stderr
    assert tree_digest(tmp_path) == before


def test_existing_zip_is_refused(tmp_path: Path, invoke) -> None:
    (tmp_path / "bag.zip").write_bytes(b"old")
    before = tree_digest(tmp_path)
    result = invoke("deposit", resources.bundled_edition(), "-o", tmp_path / "bag", "--zip")
    assert result.exit_code == 1
    assert "bag.zip" in result.stderr
    assert tree_digest(tmp_path) == before


def test_force_keeps_the_old_contents_aside(tmp_path: Path) -> None:
    target = tmp_path / "bag"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n")
    (tmp_path / "bag.zip").write_bytes(b"old zip")
    result = make_deposit(target, force=True, make_zip=True)
    assert (tmp_path / "bag.previous" / "notes.txt").read_text() == "mine\n"
    assert (tmp_path / "bag.previous.zip").read_bytes() == b"old zip"
    assert [(o.name, n.name) for o, n in result.moved_aside] == [
        ("bag", "bag.previous"),
        ("bag.zip", "bag.previous.zip"),
    ]
    assert any("bag.previous" in line for line in result.summary())
    assert verify_bag(target).ok()
    assert not (target / "notes.txt").exists()
    # a second forced deposit keeps both earlier versions
    make_deposit(target, force=True)
    assert (tmp_path / "bag.previous-2" / "bagit.txt").is_file()


def test_empty_folder_is_used(tmp_path: Path) -> None:
    target = tmp_path / "bag"
    target.mkdir()
    make_deposit(target)
    assert verify_bag(target).ok()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bag"]


def test_failed_deposit_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tei_edition.issues import Issue

    def broken(source: Path, fmt: str, outdir: Path, reading: str = "") -> list[Path]:
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / "partial.txt").write_text("half")
        raise TeiEditionError(Issue(str(source), rule="export", message="export failed"))

    monkeypatch.setattr(deposit_mod, "_export", broken)
    with pytest.raises(TeiEditionError):
        make_deposit(tmp_path / "bag", make_zip=True)
    assert list(tmp_path.iterdir()) == []


def test_invalid_edition_is_refused(tmp_path: Path, edition: Path, invoke) -> None:
    bad = tmp_path / "ed" / "bad.xml"
    bad.parent.mkdir()
    text = edition.read_text(encoding="utf-8")
    bad.write_text(text.replace("<body>", "<body><bogus/>", 1), encoding="utf-8")
    result = invoke("deposit", bad, "-o", tmp_path / "bag")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) >= 2
    assert any("bogus" in line for line in lines)
    assert "not deposited" in lines[-1] and "--force" in lines[-1]
    assert not (tmp_path / "bag").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ed"]


def test_force_deposits_an_invalid_edition_and_says_so(tmp_path: Path, edition: Path) -> None:
    bad = tmp_path / "ed" / "bad.xml"
    bad.parent.mkdir()
    text = edition.read_text(encoding="utf-8")
    bad.write_text(text.replace("<body>", "<body><bogus/>", 1), encoding="utf-8")
    result = deposit([bad], tmp_path / "bag", force=True, pdf=False, bagging_date=DAY)
    assert result.forced
    assert any("bogus" in n.message and n.severity == "warning" for n in result.notices)
    tags = read_tags(tmp_path / "bag" / "bag-info.txt")
    assert "--force" in tags["Edition-Validation"][0]
    report = (tmp_path / "bag" / "data" / "metadata" / "validation.txt").read_text()
    assert "bogus" in report and "data/tei/bad.xml" in report
    assert "--force" in (tmp_path / "bag" / "data" / "README.txt").read_text()
    assert verify_bag(tmp_path / "bag").ok()


def test_register_files_are_included_but_no_link_out(tmp_path: Path, edition: Path) -> None:
    ed = tmp_path / "ed"
    ed.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.xml").write_text("<secret/>")
    (ed / "persons.xml").write_text("<listPerson/>")
    os.symlink(outside / "secret.xml", ed / "linked.xml")
    text = edition.read_text(encoding="utf-8")
    extra = (
        '<p><ref target="persons.xml#x">register</ref> '
        '<ref target="linked.xml">link</ref> <ref target="../outside/secret.xml">up</ref></p>'
    )
    src = ed / "edition.xml"
    src.write_text(text.replace("</body>", f"{extra}</body>", 1), encoding="utf-8")
    deposit([src], tmp_path / "bag", force=True, pdf=False, bagging_date=DAY)
    tei = sorted(p.name for p in (tmp_path / "bag" / "data" / "tei").iterdir())
    assert tei == ["edition.xml", "persons.xml"]
    assert b"<secret/>" not in b"".join(
        p.read_bytes() for p in (tmp_path / "bag").rglob("*") if p.is_file()
    )


def test_source_symlinked_out_of_its_folder_is_refused(tmp_path: Path, edition: Path) -> None:
    ed = tmp_path / "ed"
    ed.mkdir()
    os.symlink(edition, ed / "edition.xml")
    with pytest.raises(TeiEditionError) as err:
        deposit([ed / "edition.xml"], tmp_path / "bag", pdf=False)
    assert err.value.issues[0].rule == "deposit-path"
    assert not (tmp_path / "bag").exists()


def test_symlinked_target_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    os.symlink(real, tmp_path / "link")
    with pytest.raises(TeiEditionError) as err:
        make_deposit(tmp_path / "link", force=True)
    assert "symbolic link" in err.value.issues[0].message
    assert list(real.iterdir()) == []


# --------------------------------------------------------------------------- PDF and CLI


@pytest.mark.fop
@pytest.mark.slow
def test_cli_deposit_of_the_bundled_edition_with_pdf(tmp_path: Path, invoke) -> None:
    if not shutil.which("fop"):
        pytest.skip("Apache FOP is not installed: the bag's PDF is not checked")
    target = tmp_path / "bag"
    result = invoke("deposit", resources.bundled_edition(), "-o", target, "--zip")
    assert result.exit_code == 0, result.output
    assert f"{target.name}: bag with" in result.stdout
    pdfs = sorted((target / "data" / "pdf").glob("*.pdf"))
    assert pdfs and pdfs[0].read_bytes().startswith(b"%PDF")
    if shutil.which("pdffonts"):  # a deposit's PDFs are archival: PDF/A-2b, fonts embedded
        for pdf in pdfs:
            check_archival(pdf)
    tags = read_tags(target / "bag-info.txt")
    assert "Edition-Note" not in tags
    assert tags["Edition-Formats"] == ["tei html pdf text epub"]
    assert sorted(p.name for p in (target / "data" / "epub").glob("*.epub")) == [
        f"{resources.bundled_edition().stem}.epub"
    ]
    fmts = etree.parse(str(target / "data" / "metadata" / "datacite.xml")).xpath(
        "//d:format/text()", namespaces=DCITE
    )
    assert "application/pdf" in fmts
    assert invoke("verify", target).exit_code == 0
    assert invoke("verify", tmp_path / "bag.zip").exit_code == 0


def test_without_fop_the_bag_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deposit_mod, "fop_available", lambda: False)
    result = deposit(None, tmp_path / "bag", bagging_date=DAY)
    assert not result.pdf
    assert any(n.rule == "deposit-pdf" for n in result.notices)
    assert not (tmp_path / "bag" / "data" / "pdf").exists()
    tags = read_tags(tmp_path / "bag" / "bag-info.txt")
    assert "Apache FOP was not found" in tags["Edition-Note"][0]
    assert "Apache FOP was not found" in (tmp_path / "bag" / "data" / "README.txt").read_text()


def test_several_files_and_source_date_epoch(
    tmp_path: Path, edition: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ed = tmp_path / "ed"
    ed.mkdir()
    second = ed / "second.xml"
    shutil.copyfile(edition, second)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    result = deposit([edition, second], tmp_path / "bag", pdf=False)
    assert result.bagging_date == "2026-01-01"
    data = tmp_path / "bag" / "data"
    # the memoir's shared register comes with it (the copy has none beside it)
    assert sorted(p.name for p in (data / "tei").iterdir()) == sorted(
        [edition.name, "registers.xml", "second.xml"]
    )
    assert sorted(p.name for p in (data / "text").iterdir()) == sorted(
        [
            f"{edition.stem}.txt",
            f"{edition.stem}.diplomatic.txt",
            "second.txt",
            "second.diplomatic.txt",
        ]
    )
    assert read_tags(tmp_path / "bag" / "bag-info.txt")["Bagging-Date"] == ["2026-01-01"]
    with pytest.raises(TeiEditionError) as err:
        deposit([edition, edition], tmp_path / "twice", pdf=False)
    assert err.value.issues[0].rule == "deposit-path"


def test_target_holding_the_edition_is_refused_even_with_force(
    tmp_path: Path, edition: Path
) -> None:
    ed = tmp_path / "ed"
    ed.mkdir()
    src = ed / "edition.xml"
    shutil.copyfile(edition, src)
    before = tree_digest(tmp_path)
    for target in (ed, tmp_path):
        with pytest.raises(TeiEditionError) as err:
            deposit([src], target, force=True, pdf=False)
        assert "own input" in err.value.issues[0].message
    assert tree_digest(tmp_path) == before
