"""`tei-edition deposit DIR`: one bag of a whole edition, checked by `verify`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from site_support import BASE_URL, make_edition
from tei_edition.deposit.edition import deposit_edition
from tei_edition.deposit.verify import DATACITE_NS, verify_bag
from tei_edition.issues import TeiEditionError, UsageError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bag(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("edition-bag")
    edition = make_edition(tmp / "edition")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        deposit_edition(edition, tmp / "bag", pdf=False)
    return edition, tmp / "bag"


def test_the_bag_verifies(bag: tuple[Path, Path]) -> None:
    report = verify_bag(bag[1])
    assert report.ok(), [i.format() for i in report.issues]


def test_the_bag_holds_documents_register_site_and_metadata(bag: tuple[Path, Path]) -> None:
    edition, root = bag
    data = root / "data"
    names = sorted(p.stem for p in (edition / "documents").glob("*.xml"))
    assert sorted(p.stem for p in (data / "tei").glob("*.xml")) == sorted([*names, "registers"])
    assert (data / "tei" / "registers.xml").read_bytes() == (edition / "registers.xml").read_bytes()
    assert (data / "site" / "index.html").is_file()
    assert (data / "site" / "register" / "babbage.html").is_file()
    assert not (data / "site" / ".tei-edition-site.sqlite").exists()
    for name in names:
        assert (data / "site" / "documents" / f"{name}.html").is_file()
        assert (data / "html" / name / f"{name}.html").is_file() or list(
            (data / "html").rglob(f"{name}.html")
        )
        dc = etree.parse(str(data / "metadata" / "documents" / f"{name}.dc.xml"))
        assert dc.xpath("//*[local-name()='title']")
    datacite = etree.parse(str(data / "metadata" / "datacite.xml"))
    ns = {"d": DATACITE_NS}
    parts = datacite.xpath("//d:relatedIdentifier[@relationType='HasPart']/text()", namespaces=ns)
    assert sorted(parts) == sorted(f"{BASE_URL}documents/{n}.html" for n in names)
    assert datacite.xpath("string(//d:title)", namespaces=ns) == "Test Edition"
    assert "Title: Test Edition" in (root / "bag-info.txt").read_text()


def test_an_altered_file_fails_verification(bag: tuple[Path, Path], tmp_path: Path) -> None:
    copy = tmp_path / "bag"
    shutil.copytree(bag[1], copy)
    page = copy / "data" / "site" / "index.html"
    page.write_text(page.read_text() + "<!-- changed -->")
    assert not verify_bag(copy).ok()


def test_an_invalid_edition_or_a_used_folder_is_refused(tmp_path: Path) -> None:
    edition = make_edition(tmp_path / "edition")
    memo = edition / "documents" / "1845-memo.xml"
    memo.write_text(memo.read_text().replace("registers.xml#babbage", "registers.xml#nobody"))
    with pytest.raises(TeiEditionError):
        deposit_edition(edition, tmp_path / "bag", pdf=False)
    assert not (tmp_path / "bag").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["edition"]
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "file").write_text("x")
    with pytest.raises(UsageError):
        deposit_edition(edition, tmp_path / "used", pdf=False)


def test_a_file_that_is_no_document_is_kept_as_it_is_by_a_forced_deposit(
    tmp_path: Path,
) -> None:
    """A file of documents/ that is no TEI document (here a fragment another document would
    include) is refused, at once; with --force the bag holds it as it is, with no reading
    edition or record of its own, and says the edition was deposited invalid."""
    edition = make_edition(tmp_path / "edition")
    fragment = edition / "documents" / "encoding.xml"
    fragment.write_text(
        '<encodingDesc xmlns="http://www.tei-c.org/ns/1.0"><p>Shared.</p></encodingDesc>\n'
    )
    with pytest.raises(TeiEditionError) as raised:
        deposit_edition(edition, tmp_path / "bag", pdf=False)
    assert [i.rule for i in raised.value.issues if i.file.endswith("encoding.xml")] == ["tei-root"]
    assert not (tmp_path / "bag").exists()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        result = deposit_edition(edition, tmp_path / "bag", pdf=False, force=True)
    assert result.forced
    data = tmp_path / "bag" / "data"
    assert (data / "tei" / "encoding.xml").read_bytes() == fragment.read_bytes()
    assert not list(data.rglob("encoding.html")) and not list(data.rglob("encoding.dc.xml"))
    assert (data / "site" / "documents" / "1845-memo.html").is_file()
    assert "tei-root" in (data / "metadata" / "validation.txt").read_text()
    assert verify_bag(tmp_path / "bag").ok()


@pytest.mark.slow
def test_the_bundled_edition_deposits_as_one_valid_bag(tmp_path: Path) -> None:
    import bagit

    root = Path(__file__).resolve().parents[1] / "edition"
    out = tmp_path / "bag"
    deposit_edition(root, out, pdf=False)
    bagit.Bag(str(out)).validate()  # what bagit.py --validate does
    assert verify_bag(out).errors == []
    documents = sorted((root / "documents").glob("*.xml"))
    datacite = etree.parse(str(out / "data" / "metadata" / "datacite.xml"))
    parts = datacite.xpath(
        "//d:relatedIdentifier[@relationType='HasPart']", namespaces={"d": DATACITE_NS}
    )
    assert len(parts) == 1 + len(documents) == 7
