"""deposit/ as a package: one public way to make a bag (make_bag), an edition staged and
bagged once, and the edition's records made by the stylesheets from the edition's model."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from pathlib import Path

import bagit
import pytest
from lxml import etree

from site_support import BASE_URL, make_edition
from tei_edition import deposit as deposit_mod
from tei_edition import resources
from tei_edition.deposit import make_bag, metadata_records
from tei_edition.deposit.edition import MODEL_NS, deposit_edition, edition_model
from tei_edition.deposit.verify import (
    DATACITE_NS,
    DC_NS,
    datacite_issues,
    dublin_core_issues,
    verify_bag,
)
from tei_edition.edition.collect import read_document
from tei_edition.edition.config import load_edition
from tei_edition.issues import UsageError

DCNS = {"dc": DC_NS}
DCITE = {"d": DATACITE_NS}
EPOCH = "1700000000"  # 2023-11-14
TITLE = 'Tom & Jerry <b>"x"</b> ]]> &amp; été'
TOML_TITLE = 'title = "Tom & Jerry <b>\\"x\\"</b> ]]> &amp; été"'


def retitled(folder: Path) -> Path:
    """The test edition, its title full of characters that mean something in XML."""
    make_edition(folder)
    config = folder / "edition.toml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title = .*$", lambda _: TOML_TITLE, text, count=1)
    config.write_text(text, encoding="utf-8")
    assert load_edition(folder).config.title == TITLE
    return folder


class Counting:
    """bagit.make_bag, counting its calls and the folders it was given."""

    def __init__(self) -> None:
        self.folders: list[str] = []
        self.real = bagit.make_bag

    def __call__(self, bag_dir: str, *args: object, **kwargs: object) -> bagit.Bag:
        self.folders.append(bag_dir)
        return self.real(bag_dir, *args, **kwargs)


def texts(root: etree._Element, path: str, ns: dict[str, str]) -> list[str]:
    return ["".join(e.itertext()) for e in root.xpath(path, namespaces=ns)]


# --------------------------------------------------------------------------- make_bag


def stage_small(folder: Path) -> Path:
    (folder / "a").mkdir(parents=True)
    (folder / "b.txt").write_text("bee\n", encoding="utf-8")
    (folder / "a-b.txt").write_text("a dash b\n", encoding="utf-8")
    (folder / "a" / "z.txt").write_text("zed\n", encoding="utf-8")
    return folder


def test_make_bag_of_a_small_payload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    counting = Counting()
    monkeypatch.setattr(bagit, "make_bag", counting)
    staging = stage_small(tmp_path / ".small.tmp")
    target = tmp_path / "small"
    made = make_bag(staging, target, {"Title": "Small"}, zip_target=tmp_path / "small.zip")

    assert counting.folders == [str(staging)]
    assert not staging.exists()
    assert made.bag == target and made.zip == tmp_path / "small.zip"
    # paths in the order of their strings, not bagit's (a folder's files before its folders)
    expected = ["data/a-b.txt", "data/a/z.txt", "data/b.txt"]
    assert made.files == expected
    assert (target / "bagit.txt").read_text() == (
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    )
    for alg in ("sha256", "sha512"):
        lines = (target / f"manifest-{alg}.txt").read_text(encoding="utf-8").splitlines()
        assert [line.split("  ", 1)[1] for line in lines] == expected
        for line in lines:
            digest, rel = line.split("  ", 1)
            assert digest == hashlib.new(alg, (target / rel).read_bytes()).hexdigest()
        tags = (target / f"tagmanifest-{alg}.txt").read_text(encoding="utf-8").splitlines()
        assert [line.split("  ", 1)[1] for line in tags] == [
            "bag-info.txt",
            "bagit.txt",
            "manifest-sha256.txt",
            "manifest-sha512.txt",
        ]
    info = (target / "bag-info.txt").read_text(encoding="utf-8").splitlines()
    assert "Title: Small" in info
    assert "Bagging-Date: 2023-11-14" in info  # SOURCE_DATE_EPOCH's day
    assert "Payload-Oxum: 17.3" in info
    assert any(line.startswith("Bag-Software-Agent: tei-edition ") for line in info)
    for path in target.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), path
    bagit.Bag(str(target)).validate()
    assert verify_bag(target).ok()
    assert verify_bag(tmp_path / "small.zip").ok()


def test_make_bag_is_reproducible_and_keeps_what_it_replaces(tmp_path: Path) -> None:
    info = {"Bagging-Date": "2030-01-02", "Title": "Small"}
    first = make_bag(stage_small(tmp_path / ".one.tmp"), tmp_path / "one", info)
    target = tmp_path / "two"
    target.mkdir()
    (target / "mine.txt").write_text("mine\n")
    second = make_bag(stage_small(tmp_path / ".two.tmp"), target, info)
    assert second.moved_aside == [(target, tmp_path / "two.previous")]
    assert (tmp_path / "two.previous" / "mine.txt").read_text() == "mine\n"
    for rel in [*first.files, "bag-info.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt"]:
        assert (first.bag / rel).read_bytes() == (second.bag / rel).read_bytes(), rel


# --------------------------------------------------------------------------- the edition


@pytest.fixture(scope="module")
def edition_bag(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """A bag of the test edition with an awkward title, bagit's make_bag counted."""
    tmp = tmp_path_factory.mktemp("edition-once")
    folder = retitled(tmp / "edition")
    counting = Counting()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setattr(bagit, "make_bag", counting)
        deposit_edition(folder, tmp / "bag", pdf=False, doi="10.5555/edition")
    return folder, tmp / "bag", counting.folders


@pytest.mark.slow
def test_an_edition_is_staged_and_bagged_once(edition_bag: tuple[Path, Path, list[str]]) -> None:
    folder, bag, folders = edition_bag
    assert len(folders) == 1
    staging = Path(folders[0])
    assert staging.parent == bag.parent and not staging.exists()
    assert sorted(p.name for p in bag.parent.iterdir()) == ["bag", "edition"]
    data = bag / "data"
    assert (data / "site" / "index.html").is_file()
    assert (data / "tei" / "registers.xml").read_bytes() == (folder / "registers.xml").read_bytes()
    bagit.Bag(str(bag)).validate()
    assert verify_bag(bag).errors == []


@pytest.mark.slow
def test_a_title_with_markup_characters_is_escaped_in_both_records(
    edition_bag: tuple[Path, Path, list[str]],
) -> None:
    _, bag, _ = edition_bag
    meta = bag / "data" / "metadata"
    dc = etree.parse(str(meta / "dc.xml")).getroot()
    datacite = etree.parse(str(meta / "datacite.xml")).getroot()
    assert dublin_core_issues(dc, "dc.xml") == []
    assert datacite_issues(datacite, "datacite.xml") == []  # the DOI given: nothing missing
    assert texts(dc, "dc:title", DCNS) == [TITLE]
    assert texts(datacite, "d:titles/d:title", DCITE) == [TITLE]
    escaped = b'Tom &amp; Jerry &lt;b&gt;"x"&lt;/b&gt; ]]&gt; &amp;amp; \xc3\xa9t\xc3\xa9'
    assert escaped in (meta / "dc.xml").read_bytes()
    assert escaped in (meta / "datacite.xml").read_bytes()
    assert f"Title: {TITLE}" in (bag / "bag-info.txt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_edition_records_say_what_edition_toml_says(
    edition_bag: tuple[Path, Path, list[str]],
) -> None:
    folder, bag, _ = edition_bag
    meta = bag / "data" / "metadata"
    dc = etree.parse(str(meta / "dc.xml")).getroot()
    names = [
        d.slug
        for d in sorted(
            (read_document(p) for p in load_edition(folder).documents), key=lambda d: d.sort_key()
        )
    ]
    pages = [f"{BASE_URL}documents/{n}.html" for n in names]
    assert texts(dc, "dc:creator", DCNS) == ["Ada Editor", "Charles Editor"]
    assert texts(dc, "dc:publisher", DCNS) == ["The Test Press"]
    assert texts(dc, "dc:date", DCNS) == ["2023-11-14"]
    assert texts(dc, "dc:type", DCNS) == ["Collection"]
    assert texts(dc, "dc:identifier", DCNS) == ["https://doi.org/10.5555/edition", BASE_URL]
    assert texts(dc, "dc:rights", DCNS) == ["CC BY 4.0"]
    assert texts(dc, "dc:relation", DCNS) == pages
    datacite = etree.parse(str(meta / "datacite.xml")).getroot()
    assert texts(datacite, "d:identifier", DCITE) == ["10.5555/edition"]
    assert texts(datacite, "d:creators/d:creator/d:creatorName", DCITE) == [
        "Ada Editor",
        "Charles Editor",
    ]
    assert texts(datacite, "d:publicationYear", DCITE) == ["2023"]
    assert datacite.xpath("d:resourceType/@resourceTypeGeneral", namespaces=DCITE) == ["Collection"]
    assert texts(datacite, "d:relatedIdentifiers/d:relatedIdentifier", DCITE) == pages
    assert datacite.xpath("d:rightsList/d:rights/@rightsURI", namespaces=DCITE) == [
        "https://creativecommons.org/licenses/by/4.0/"
    ]
    tags = (bag / "bag-info.txt").read_text(encoding="utf-8").splitlines()
    assert "Source-Organization: The Test Press" in tags
    assert "External-Description: A digital edition of 4 document(s)." in tags
    assert [t for t in tags if t.startswith("External-Identifier")] == [
        "External-Identifier: https://doi.org/10.5555/edition",
        f"External-Identifier: {BASE_URL}",
    ]


def test_the_model_is_the_edition_in_the_project_namespace(tmp_path: Path) -> None:
    folder = retitled(tmp_path / "edition")
    edition = load_edition(folder)
    docs = [read_document(p) for p in edition.documents]
    model = edition_model(edition, docs, "2031-04-05")
    root = model.getroot()
    assert root.tag == f"{{{MODEL_NS}}}edition"
    q = {"e": MODEL_NS}
    assert root.xpath("string(e:title)", namespaces=q) == TITLE
    assert root.xpath("e:editor/text()", namespaces=q) == ["Ada Editor", "Charles Editor"]
    assert root.xpath("string(e:built)", namespaces=q) == "2031-04-05"
    assert root.xpath("e:document/@slug", namespaces=q) == [d.slug for d in docs]
    records = metadata_records(
        model,
        "edition.toml",
        bagging_date="2031-04-06",
        doi=None,
        formats=["tei"],
        only=("metadata/dc.xml", "metadata/datacite.xml"),
    )
    dc = etree.fromstring(records["metadata/dc.xml"])
    assert texts(dc, "dc:date", DCNS) == ["2031-04-06"]
    assert texts(dc, "dc:title", DCNS) == [TITLE]
    datacite = etree.fromstring(records["metadata/datacite.xml"])
    assert texts(datacite, "d:publicationYear", DCITE) == ["2031"]
    # no DOI yet: DataCite's standard value for one to be assigned
    assert texts(datacite, "d:identifier", DCITE) == ["(:tba)"]


@pytest.mark.slow
def test_a_change_to_the_edition_template_shows_in_the_edition_dc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = tmp_path / "transforms"
    shutil.copytree(resources.data_dir("transforms"), sheets)
    dc_xsl = sheets / "dc.xsl"
    text = dc_xsl.read_text(encoding="utf-8")
    head, sep, edition_template = text.partition('match="document-node(element(dep:edition))"')
    assert sep and edition_template.count("<dc:type>Collection</dc:type>") == 1
    dc_xsl.write_text(
        head
        + sep
        + edition_template.replace(
            "<dc:type>Collection</dc:type>", "<dc:type>Changed in dc.xsl</dc:type>"
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(resources, "transform", lambda name: sheets / name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = make_edition(tmp_path / "edition")
    deposit_edition(folder, tmp_path / "bag", pdf=False)
    meta = tmp_path / "bag" / "data" / "metadata"
    dc = etree.parse(str(meta / "dc.xml")).getroot()
    assert texts(dc, "dc:type", DCNS) == ["Changed in dc.xsl"]
    # a document's record comes from the template beside it, unchanged
    for record in sorted((meta / "documents").glob("*.dc.xml")):
        assert texts(etree.parse(str(record)).getroot(), "dc:type", DCNS) == ["Text"]
    assert verify_bag(tmp_path / "bag").ok()


def test_a_bag_of_documents_is_made_once_by_make_bag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    real = deposit_mod.make_bag

    def counted(staging: Path, target: Path, *args: object, **kwargs: object):
        calls.append(Path(target))
        return real(staging, target, *args, **kwargs)

    counting = Counting()
    monkeypatch.setattr(deposit_mod, "make_bag", counted)
    monkeypatch.setattr(bagit, "make_bag", counting)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = deposit_mod.deposit(None, tmp_path / "bag", pdf=False)
    assert calls == [tmp_path / "bag"] and len(counting.folders) == 1
    assert result.files == sorted(
        p.relative_to(tmp_path / "bag").as_posix()
        for p in (tmp_path / "bag" / "data").rglob("*")
        if p.is_file()
    )
    assert os.listdir(tmp_path) == ["bag"]


def test_an_edition_zip_that_exists_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    folder = make_edition(tmp_path / "edition")
    (tmp_path / "bag.zip").write_bytes(b"old zip")
    with pytest.raises(UsageError) as err:
        deposit_edition(folder, tmp_path / "bag", make_zip=True, pdf=False)
    assert "bag.zip" in err.value.issues[0].file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bag.zip", "edition"]
    assert (tmp_path / "bag.zip").read_bytes() == b"old zip"
