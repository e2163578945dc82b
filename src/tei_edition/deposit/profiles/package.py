"""What the profiles share: a new folder beside the target, files copied from the
staging, reproducible zips, the checksum manifest, putting the package in place."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from tei_edition.deposit import ZIP_DATE, _put_in_place
from tei_edition.deposit.profiles import CHECKSUMS, Made, Staged
from tei_edition.formats import TEI_MEDIA_TYPE, deposited

MEDIA_TYPES = {
    ".xml": "application/xml",
    ".html": "text/html",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".epub": "application/epub+zip",
    ".rng": "application/xml",
    ".rnc": "application/relax-ng-compact-syntax",
    ".sch": "application/xml",
    ".odd": "application/tei+xml",
    ".xsd": "application/xml",
    ".json": "application/json",
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".woff2": "font/woff2",
    ".zip": "application/zip",
    ".md": "text/markdown",
}
"""Media types by file extension, where Python's own table lacks or differs."""


def media_type(rel: str) -> str:
    """The media type of a staged file: TEI for the sources, else by its extension."""
    if rel.startswith("tei/") and rel.endswith(".xml"):
        return TEI_MEDIA_TYPE
    for fmt in deposited():
        if rel.startswith(f"{fmt.deposited}/") and rel.endswith(fmt.extension):
            return fmt.media_type
    suffix = Path(rel).suffix.lower()
    return MEDIA_TYPES.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"


def readme(staged: Staged, intro: str, *, drop: tuple[str, ...] = ()) -> str:
    """A README: the title, ``intro``, then the bag's list of what is where, its paths
    relative to the package (not to a bag's data/), less the lines naming ``drop``."""
    listing = [
        line.replace("data/", "")
        for line in staged.readme.splitlines()[5:]
        if not any(line.startswith(f"data/{d}") for d in drop)
    ]
    return f"{staged.title}\n\n{intro.rstrip()}\n\n" + "\n".join(listing).rstrip() + "\n"


def new_folder(target: Path) -> Path:
    """A new folder beside ``target`` to build the package in."""
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".out", dir=target.parent))


def copy(staged: Staged, rel: str, root: Path, dest: str | None = None) -> str:
    """Copy the staged file ``rel`` to ``root/dest`` (default: the same path)."""
    dest = dest or rel
    path = root / dest
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(staged.payload / rel, path)
    return dest


def write(root: Path, rel: str, data: bytes) -> str:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as fh:
        fh.write(data)
    return rel


def zip_files(zip_path: Path, members: Iterable[tuple[str, Path | bytes]]) -> None:
    """A zip of ``members`` (name in the zip, file or bytes), sorted by name, every entry
    dated :data:`~tei_edition.deposit.ZIP_DATE` and made a regular 644 file: the same
    members make the same bytes."""
    with zipfile.ZipFile(zip_path, "x", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in sorted(members, key=lambda m: m[0]):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            data = content if isinstance(content, bytes) else content.read_bytes()
            zf.writestr(info, data, compresslevel=9)


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def zip_folder(root: Path, zip_path: Path, top: str = "") -> None:
    """A zip of every file under ``root``, under the folder ``top`` (or at its root)."""
    prefix = f"{top}/" if top else ""
    zip_files(zip_path, [(prefix + rel, root / rel) for rel in files_under(root)])


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            h.update(block)
    return h.hexdigest()


def write_checksums(root: Path) -> None:
    """``checksums-sha256.txt``: every other file's sha256 (``sha256sum -c`` reads it)."""
    lines = [f"{sha256(root / rel)}  {rel}\n" for rel in files_under(root) if rel != CHECKSUMS]
    write(root, CHECKSUMS, "".join(lines).encode("utf-8"))


def finish(built: Path, target: Path, zip_target: Path | None, zip_top: str = "") -> Made:
    """Write the checksums, make every folder 755 and file 644, zip the package if asked
    (its files under ``zip_top``), and put folder and zip in place."""
    write_checksums(built)
    for dirpath, _dirnames, filenames in os.walk(built):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            os.chmod(Path(dirpath) / name, 0o644)
    made = Made(path=target, files=files_under(built), zip=zip_target)
    zip_tmp: Path | None = None
    try:
        if zip_target is not None:
            zip_tmp = built.with_name(built.name + ".zip")
            zip_folder(built, zip_tmp, zip_top)
        _put_in_place(built, target, made.moved_aside)
        if zip_target is not None and zip_tmp is not None:
            _put_in_place(zip_tmp, zip_target, made.moved_aside)
            zip_tmp = None
    finally:
        if zip_tmp is not None:
            zip_tmp.unlink(missing_ok=True)
    return made
