"""tei-edition verify: every damaged, missing or extra file is named; zips are unpacked safely."""

from __future__ import annotations

import shutil
import stat
import zipfile
from datetime import date
from pathlib import Path

import bagit
import pytest

from tei_edition.deposit import deposit
from tei_edition.deposit.verify import verify_bag
from tei_edition.issues import TeiEditionError
from tei_edition.read.xmlparse import display_path


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("verify") / "bag"
    deposit(None, target, make_zip=True, pdf=False, bagging_date=date(2026, 1, 2))
    return target


@pytest.fixture
def bag(pristine: Path, tmp_path: Path) -> Path:
    """A private copy of the bag to damage."""
    copy = tmp_path / "bag"
    shutil.copytree(pristine, copy)
    return copy


def text_file(bag: Path) -> Path:
    return sorted((bag / "data" / "text").glob("*.txt"))[0]


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error: " in line]


def test_good_bag(bag: Path, invoke) -> None:
    result = invoke("verify", bag)
    assert result.exit_code == 0, result.output
    assert error_lines(result) == []
    assert "sha256+sha512" in result.stdout


def test_flipped_byte_is_named_with_each_algorithm(bag: Path, invoke) -> None:
    victim = text_file(bag)
    data = bytearray(victim.read_bytes())
    data[10] ^= 0x01
    victim.write_bytes(bytes(data))
    result = invoke("verify", bag)
    assert result.exit_code == 1
    lines = error_lines(result)
    rel = victim.relative_to(bag).as_posix()
    assert len(lines) == 2
    for alg, line in zip(
        ("sha256", "sha512"), sorted(lines, key=lambda x: "sha512" in x), strict=True
    ):
        assert line.startswith(f"{display_path(bag)}/{rel}: error: {alg} checksum mismatch")
        assert line.endswith("[bag-checksum]")


def test_deleted_file_is_named(bag: Path, invoke) -> None:
    victim = bag / "data" / "metadata" / "dc.xml"
    victim.unlink()
    result = invoke("verify", bag)
    assert result.exit_code == 1
    lines = error_lines(result)
    assert any(
        line.startswith(f"{display_path(bag)}/data/metadata/dc.xml: error: missing")
        and line.endswith("[bag-missing-file]")
        for line in lines
    ), lines
    # the size check that made bagit stop early is reported too, on bag-info.txt
    assert any("[bag-oxum]" in line for line in lines)


def test_added_file_is_named(bag: Path, invoke) -> None:
    (bag / "data" / "html" / "extra.html").write_text("<p>not deposited</p>")
    result = invoke("verify", bag)
    assert result.exit_code == 1
    lines = error_lines(result)
    assert any(
        line.startswith(f"{display_path(bag)}/data/html/extra.html: error: unexpected file")
        and line.endswith("[bag-unexpected-file]")
        for line in lines
    ), lines


def test_every_problem_at_once(bag: Path, invoke) -> None:
    victim = text_file(bag)
    victim.write_bytes(victim.read_bytes().replace(b"Mao", b"Mau", 1))
    (bag / "data" / "metadata" / "datacite.xml").unlink()
    (bag / "data" / "new.txt").write_text("x")
    result = invoke("verify", bag)
    assert result.exit_code == 1
    text = result.stderr
    assert f"{victim.relative_to(bag).as_posix()}: error: sha256 checksum mismatch" in text
    assert f"{victim.relative_to(bag).as_posix()}: error: sha512 checksum mismatch" in text
    assert "data/metadata/datacite.xml: error: missing" in text
    assert "data/new.txt: error: unexpected file" in text
    # each problem once
    lines = error_lines(result)
    assert len(lines) == len(set(lines))


def test_altered_tag_file_is_named(bag: Path, invoke) -> None:
    info = bag / "bag-info.txt"
    info.write_text(
        info.read_text().replace("Bagging-Date: 2026-01-02", "Bagging-Date: 2026-01-03")
    )
    result = invoke("verify", bag)
    assert result.exit_code == 1
    assert f"{display_path(bag)}/bag-info.txt: error: sha256 checksum mismatch" in result.stderr


def test_malformed_metadata_is_reported(bag: Path, invoke) -> None:
    meta = bag / "data" / "metadata" / "datacite.xml"
    meta.write_text("<resource xmlns='http://datacite.org/schema/kernel-4'><titles>")
    b = bagit.Bag(str(bag))
    b.save(manifests=True)  # the checksums now agree: only the XML is wrong
    result = invoke("verify", bag)
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert line.startswith(f"{display_path(bag)}/data/metadata/datacite.xml:1:")
    assert "not well-formed" in line and line.endswith("[metadata-well-formed]")


def test_missing_required_datacite_property(bag: Path) -> None:
    meta = bag / "data" / "metadata" / "datacite.xml"
    text = meta.read_text(encoding="utf-8")
    start, end = text.index("<publisher>"), text.index("</publisher>") + len("</publisher>")
    meta.write_text(text[:start] + text[end:], encoding="utf-8")
    bagit.Bag(str(bag)).save(manifests=True)
    report = verify_bag(bag)
    assert not report.ok()
    # found by the kernel's own check, and by the DataCite schema
    assert [i.rule for i in report.errors] == ["datacite-required", "datacite-schema"]
    assert all("publisher" in i.message for i in report.errors)


def test_not_a_bag(tmp_path: Path, invoke) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("verify", tmp_path / "empty")
    assert result.exit_code == 1
    assert "[bag-structure]" in result.stderr
    assert "Traceback" not in result.output
    missing = invoke("verify", tmp_path / "nothing-here")
    assert missing.exit_code == 2
    (tmp_path / "plain.txt").write_text("hello")
    assert invoke("verify", tmp_path / "plain.txt").exit_code == 2


# --------------------------------------------------------------------------- zips


def rezip(bag: Path, out: Path, extra: list[tuple[zipfile.ZipInfo, bytes]] | None = None) -> Path:
    with zipfile.ZipFile(out, "w") as zf:
        for p in sorted(bag.rglob("*")):
            if p.is_file():
                zf.write(p, f"{bag.name}/{p.relative_to(bag).as_posix()}")
        for info, data in extra or []:
            zf.writestr(info, data)
    return out


def test_zip_good(pristine: Path, invoke) -> None:
    result = invoke("verify", pristine.with_name("bag.zip"))
    assert result.exit_code == 0, result.output


def test_zip_with_damaged_file(bag: Path, tmp_path: Path, invoke) -> None:
    victim = text_file(bag)
    victim.write_bytes(victim.read_bytes() + b"\n")
    zipped = rezip(bag, tmp_path / "damaged.zip")
    result = invoke("verify", zipped)
    assert result.exit_code == 1
    rel = victim.relative_to(bag).as_posix()
    assert f"{display_path(zipped)}/bag/{rel}: error: sha256 checksum mismatch" in result.stderr


@pytest.mark.parametrize(
    "name, mode, why",
    [
        ("../escape.txt", 0o100644, "'..'"),
        ("/etc/evil.txt", 0o100644, "absolute"),
        ("bag/data/link", 0o120777, "symbolic link"),
    ],
)
def test_unsafe_zip_entries_are_refused(
    pristine: Path, tmp_path: Path, invoke, name: str, mode: int, why: str
) -> None:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    zipped = rezip(pristine, tmp_path / "evil.zip", [(info, b"/etc/passwd")])
    result = invoke("verify", zipped)
    assert result.exit_code == 1
    assert "unsafe zip entry" in result.stderr and why in result.stderr
    assert not (tmp_path / "escape.txt").exists()
    assert not (tmp_path.parent / "escape.txt").exists()


def test_zip_entries_are_regular_files(pristine: Path) -> None:
    with zipfile.ZipFile(pristine.with_name("bag.zip")) as zf:
        for info in zf.infolist():
            assert stat.S_ISREG(info.external_attr >> 16)
            assert info.external_attr >> 16 & 0o777 == 0o644


def test_verify_raises_for_an_unreadable_zip(tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip: no bag inside
    report = verify_bag(broken)
    assert not report.ok()
    with pytest.raises(TeiEditionError):
        verify_bag(tmp_path / "absent.zip")


def test_a_cut_off_zip_is_called_damaged(tmp_path: Path, invoke) -> None:
    import zipfile

    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as zf:
        zf.writestr("bag/bagit.txt", "BagIt-Version: 1.0\n" * 200)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[:100])
    result = invoke("verify", cut)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "cut.zip: error: damaged zip: its directory cannot be read [bag-zip]\n"
    )
