"""Deposit an edition in a repository: a BagIt bag (RFC 8493) with its metadata.

:func:`deposit` validates the edition, exports every reading format, and writes a bag::

    bagit.txt  bag-info.txt  manifest-sha256.txt  manifest-sha512.txt  tagmanifest-*.txt
    data/README.txt          what is where, and what is missing (PDF without FOP)
    data/tei/                the TEI sources and any local files they refer to
    data/schemas/            the project's schemas
    data/html/ data/pdf/ data/text/   the reading editions (normalized; HTML and text also
                             diplomatic)
    data/metadata/dc.xml     Dublin Core (transforms/dc.xsl)
    data/metadata/datacite.xml  DataCite 4.6 (transforms/datacite.xsl)
    data/dublin_core.xml data/contents  DSpace Simple Archive Format: data/ is an item folder

The payload is staged in a temporary folder beside the target, every file written once;
:func:`make_bag` makes that folder a bag (with bagit) and renames it into place only
when it is complete and checks out, so a failed deposit leaves nothing behind. The bag
of a whole edition (:mod:`tei_edition.deposit.edition`) is staged and made the same way.
An existing non-empty target is refused; with ``force`` it is kept, moved aside under a
new name, once the new bag is complete. Two deposits of the same edition differ only
in the Bagging-Date and the records that carry it (``Submitted`` date in datacite.xml).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

import bagit
from lxml import etree

from tei_edition import __version__, resources, xslt
from tei_edition.deposit.verify import DC_NS, verify_bag
from tei_edition.formats import TEI_MEDIA_TYPE
from tei_edition.formats import deposited as deposited_formats
from tei_edition.fsutil import ensure_folder
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.read.xmlparse import display_path, parse_bytes, parse_tei
from tei_edition.transform.export import export
from tei_edition.transform.pdf import fop_available

if TYPE_CHECKING:
    from tei_edition.deposit.profiles import StagedDocument

CHECKSUMS = ("sha256", "sha512")
BAGIT_VERSION = "1.0"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Every zip entry's timestamp (the earliest a zip can hold): the zip is reproducible."""

MEDIA_TYPES = {
    "tei": TEI_MEDIA_TYPE,
    **{f.name: f.media_type for f in deposited_formats()},
}
EXPORT_FORMATS = tuple(f.name for f in deposited_formats())
ARCHIVAL_PDF = "pdfa-2b"  # the profile of every PDF a deposit carries
READINGS = {f.name: f.readings for f in deposited_formats()}
"""The readings deposited in each format (as ``tei-edition build`` makes them)."""
REFERENCE_ATTRIBUTES = ("ref", "target", "corresp", "source", "href", "url")
XINCLUDE_HREF = "{http://www.w3.org/2001/XInclude}include"


@dataclass
class DepositResult:
    """What :func:`deposit` made, and what the user should be told."""

    bag: Path
    zip: Path | None
    files: list[str]
    bagging_date: str
    forced: bool = False
    pdf: bool = False
    notices: list[Issue] = field(default_factory=list)
    moved_aside: list[tuple[Path, Path]] = field(default_factory=list)
    profile: str = "bagit"

    def summary(self) -> list[str]:
        if self.profile == "bagit":
            lines = [f"{display_path(self.bag)}: bag with {len(self.files)} payload files"]
        else:
            lines = [f"{display_path(self.bag)}: {self.profile} package of {len(self.files)} files"]
        if self.zip:
            what = "the bag" if self.profile == "bagit" else "the package"
            lines.append(f"{display_path(self.zip)}: zip of {what}")
        for old, new in self.moved_aside:
            lines.append(f"{display_path(old)}: previous contents kept in {display_path(new)}")
        return lines


# --------------------------------------------------------------------------- paths


def _bag_path(*parts: str) -> str:
    """A normalized, safe relative path inside the bag (NFC, '/', no '..', no dot files)."""
    path = PurePosixPath(*(unicodedata.normalize("NFC", p) for p in parts))
    for part in path.parts:
        if (
            part in ("", ".", "..")
            or part.startswith(".")
            or any(c in part for c in '\\:*?"<>|%')
            or any(unicodedata.category(c).startswith("C") for c in part)
        ):
            raise UsageError(
                Issue(str(path), rule="deposit-path", message=f"unsafe name in a bag: {part!r}")
            )
    return path.as_posix()


def _inside(root: Path, path: Path) -> bool:
    """Whether ``path`` (symbolic links resolved) lies inside ``root``."""
    real_root = root.resolve()
    real = path.resolve()
    return os.path.commonpath([real_root, real]) == str(real_root)


def _local_references(tree: etree._ElementTree, source: Path) -> list[Path]:
    """Files in the source's folder that the source points to (registers, includes)."""
    base = source.parent
    found: dict[Path, None] = {}
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        values = [el.get(a) for a in REFERENCE_ATTRIBUTES if el.get(a)]
        for value in values:
            for token in (value or "").split():
                parsed = urlparse(token)
                if parsed.scheme or parsed.netloc or not parsed.path:
                    continue
                candidate = base / unquote(parsed.path)
                if candidate.suffix.lower() != ".xml" or not candidate.is_file():
                    continue
                if _inside(base, candidate) and candidate.resolve() != source.resolve():
                    found[candidate] = None
    return list(found)


# --------------------------------------------------------------------------- target


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def _aside_name(path: Path) -> Path:
    """A free name beside ``path`` to keep its previous contents under."""
    stem, suffix = (
        (path.name[: -len(".zip")], ".zip")
        if path.name.endswith(".zip")
        else (
            path.name,
            "",
        )
    )
    n = 1
    while True:
        tag = "previous" if n == 1 else f"previous-{n}"
        candidate = path.with_name(f"{stem}.{tag}{suffix}")
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
        n += 1


def _check_target(path: Path, *, is_dir: bool, force: bool) -> None:
    name = display_path(path)
    if path.is_symlink():
        raise TeiEditionError(
            Issue(
                name,
                rule="deposit-target",
                message="is a symbolic link: give the real folder (nothing was written)",
            )
        )
    if not path.exists():
        return
    if is_dir and not path.is_dir():
        raise TeiEditionError(
            Issue(
                name,
                rule="deposit-target",
                message="exists and is not a folder (nothing was written)",
            )
        )
    if not is_dir and not path.is_file():
        raise TeiEditionError(
            Issue(
                name,
                rule="deposit-target",
                message="exists and is not a file (nothing was written)",
            )
        )
    if is_dir and _is_empty_dir(path):
        return
    if not force:
        what = "folder exists and is not empty" if is_dir else "file exists"
        raise TeiEditionError(
            Issue(
                name,
                rule="deposit-target",
                message=f"{what}: choose another, or use --force to keep the old one "
                f"under a new name ({_aside_name(path).name}) and write the new bag here "
                "(nothing was written)",
            )
        )


def _check_not_over_inputs(target: Path, inputs: list[Path]) -> None:
    """Refuse a target that holds the deposit's own inputs (even --force must not move them)."""
    for path in inputs:
        if _inside(target, path) or _inside(path, target):
            raise TeiEditionError(
                Issue(
                    display_path(target),
                    rule="deposit-target",
                    message=f"holds the deposit's own input {display_path(path)}: choose "
                    "another folder (nothing was written)",
                )
            )


def _put_in_place(built: Path, target: Path, moved: list[tuple[Path, Path]]) -> None:
    """Rename ``built`` to ``target``; an existing non-empty target is moved aside first."""
    if target.is_dir() and _is_empty_dir(target):
        target.rmdir()
    elif target.exists():
        aside = _aside_name(target)
        os.rename(target, aside)
        try:
            os.rename(built, target)
        except OSError:
            os.rename(aside, target)
            raise
        moved.append((target, aside))
        return
    os.rename(built, target)


# --------------------------------------------------------------------------- payload


def _write(root: Path, rel: str, data: bytes) -> None:
    """Write one payload file; the same path twice must mean the same bytes."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "xb") as fh:
            fh.write(data)
    except FileExistsError:
        if path.read_bytes() != data:
            raise TeiEditionError(
                Issue(
                    rel,
                    rule="deposit-path",
                    message="two different files would have this path in the bag",
                )
            ) from None


def _copy_tree(src: Path, root: Path, prefix: str, skip: frozenset[str] = frozenset()) -> list[str]:
    """Copy the regular files of ``src`` (never following a link out of it) under ``prefix``,
    but for the folders named in ``skip``."""
    written: list[str] = []
    for dirpath, dirnames, filenames in os.walk(src, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")) and d not in skip)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            if not path.is_file() or not _inside(src, path):
                continue
            rel = _bag_path(prefix, *path.relative_to(src).parts)
            _write(root, rel, path.read_bytes())
            written.append(rel)
    return written


def _export(source: Path, fmt: str, outdir: Path, reading: str = "normalized") -> list[Path]:
    """A deposit's PDFs are archival: PDF/A-2b, every font embedded."""
    if fmt == "pdf":
        return list(export(source, [fmt], outdir, reading=reading, pdf_profile=ARCHIVAL_PDF))
    return list(export(source, [fmt], outdir, reading=reading))


def _readme(title: str, formats: list[str], pdf_note: str, forced: bool) -> str:
    lines = [
        title,
        "",
        f"A BagIt bag (RFC 8493) made by tei-edition {__version__}. Check it with",
        "`tei-edition verify BAG` or `bagit.py --validate BAG`.",
        "",
        "data/tei/             the edition in TEI P5 XML (and any local files it refers to)",
        "data/schemas/         the schemas the edition is validated against",
    ]
    described = {
        f.name: f"{'data/' + f.deposited + '/':<22}{f.description}" for f in deposited_formats()
    }
    lines += [described[f] for f in EXPORT_FORMATS if f in formats]
    lines += [
        "data/metadata/        dc.xml (Dublin Core), datacite.xml (DataCite Metadata Schema 4.6)",
        "data/ro-crate-metadata.json  RO-Crate 1.1: every payload file described (BagIt-RO)",
        "data/dublin_core.xml  DSpace Simple Archive Format: with data/contents, data/ is a",
        "data/contents         ready item folder for DSpace's batch import",
    ]
    if pdf_note:
        lines += ["", pdf_note]
    if forced:
        lines += [
            "",
            "This edition did not pass validation and was deposited with --force; the",
            "problems are listed in data/metadata/validation.txt.",
        ]
    return "\n".join(lines) + "\n"


def _contents(files: list[str]) -> str:
    """The DSpace ``contents`` file: one bitstream a line, paths relative to data/."""
    lines = []
    primary = next((f for f in files if f.startswith("tei/")), None)
    for rel in files:
        if rel in ("contents", "dublin_core.xml"):
            continue
        lines.append(f"{rel}\tbundle:ORIGINAL" + ("\tprimary:true" if rel == primary else ""))
    return "\n".join(lines) + "\n"


def _bag_size(n: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _first_text(tree: etree._ElementTree, local: str) -> list[str]:
    return [
        " ".join("".join(el.itertext()).split())
        for el in tree.getroot().iter(f"{{{DC_NS}}}{local}")
        if "".join(el.itertext()).strip()
    ]


def _agent() -> str:
    return f"tei-edition {__version__} (bagit-python {bagit.VERSION})"


def _payload_bytes(staging: Path) -> int:
    return sum(p.stat().st_size for p in staging.rglob("*") if p.is_file())


def _bag_info(
    dc: bytes,
    *,
    bagging_date: str,
    payload_bytes: int,
    formats: list[str],
    pdf_note: str,
    validation: str,
) -> dict[str, str | list[str]]:
    """bag-info.txt, its descriptive fields taken from the Dublin Core record."""

    tree = parse_bytes(dc, "dc.xml")
    info: dict[str, str | list[str]] = {
        "Bagging-Date": bagging_date,
        "Bag-Software-Agent": _agent(),
        "Bag-Size": _bag_size(payload_bytes),
        "Edition-Formats": " ".join(formats),
        "Edition-Validation": validation,
    }
    for tag, dc_name in (
        ("Source-Organization", "publisher"),
        ("External-Description", "description"),
        ("External-Identifier", "identifier"),
        ("Title", "title"),
    ):
        values = _first_text(tree, dc_name)
        if values:
            info[tag] = values if len(values) > 1 else values[0]
    if pdf_note:
        info["Edition-Note"] = pdf_note
    return info


# --------------------------------------------------------------------------- bagging


def _bagging_date(given: date | None) -> str:
    if given is not None:
        return given.isoformat()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    return date.today().isoformat()


def _digest_lines(root: Path, files: list[str], alg: str) -> str:
    import hashlib

    lines = []
    for rel in sorted(files):
        h = hashlib.new(alg)
        with open(root / rel, "rb") as fh:
            for block in iter(lambda fh=fh: fh.read(1024 * 1024), b""):
                h.update(block)
        lines.append(f"{h.hexdigest()}  {rel}\n")
    return "".join(lines)


def _manifest_path(line: str) -> str:
    """The path a manifest line names (after the digest and its separator)."""
    return line.rstrip("\n").split(maxsplit=1)[1]


def _bag_in_place(root: Path, info: Mapping[str, str | list[str]]) -> list[str]:
    """Turn the staged folder ``root`` into a bag with bagit, then make it reproducible.

    bagit moves the payload into data/, writes a manifest per algorithm and bag-info.txt
    (adding the Payload-Oxum it counts). What it leaves to be done: it declares BagIt
    0.97, lists a folder's files before its subfolders (not in the order of their paths)
    and its tag manifests in directory order. So bagit.txt is rewritten as BagIt 1.0
    (RFC 8493), bagit's manifest lines are put in the order of their paths, and the tag
    manifests, which must cover the files so changed, are written again, sorted. Every
    folder is made 755 and every file 644. Returns the payload's paths (``data/...``).
    """
    bagit.make_bag(str(root), bag_info=dict(info), checksums=list(CHECKSUMS))
    (root / "bagit.txt").write_bytes(
        f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n".encode()
    )
    for alg in CHECKSUMS:
        manifest = root / f"manifest-{alg}.txt"
        lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
        manifest.write_text("".join(sorted(lines, key=_manifest_path)), encoding="utf-8")
    tag_files = sorted(
        p.name for p in root.iterdir() if p.is_file() and not p.name.startswith("tagmanifest-")
    )
    for alg in CHECKSUMS:
        (root / f"tagmanifest-{alg}.txt").write_text(
            _digest_lines(root, tag_files, alg), encoding="utf-8"
        )
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            os.chmod(Path(dirpath) / name, 0o644)
    return sorted(p.relative_to(root).as_posix() for p in (root / "data").rglob("*") if p.is_file())


@dataclass
class BagMade:
    """What :func:`make_bag` wrote."""

    bag: Path
    files: list[str]
    """The payload's paths in the bag (``data/...``), sorted."""
    zip: Path | None = None
    moved_aside: list[tuple[Path, Path]] = field(default_factory=list)


def make_bag(
    staging: Path | str,
    target: Path | str,
    info: Mapping[str, str | list[str]],
    *,
    zip_target: Path | str | None = None,
) -> BagMade:
    """Make the folder ``staging`` a BagIt 1.0 bag (RFC 8493) and put it at ``target``.

    ``staging`` holds the payload as the bag's ``data/`` is to hold it; it must lie on
    the same file system as ``target`` (beside it is best), since it becomes the bag and
    is renamed into place. ``info`` is bag-info.txt (a list for a repeated tag):
    ``Payload-Oxum`` is counted, ``Bagging-Date`` defaults to the day of
    ``SOURCE_DATE_EPOCH`` (else today) and ``Bag-Software-Agent`` to tei-edition's.
    bagit-python writes the bag (manifests sha256 and sha512); it is then made
    reproducible (see :func:`_bag_in_place`) and checked with
    :func:`~tei_edition.deposit.verify.verify_bag` before anything is put in place.
    ``zip_target``, if given, receives a zip of the bag (entries sorted, timestamps
    fixed) under one folder named as ``target``. An existing non-empty ``target`` or
    zip is moved aside under a new name (the caller decides beforehand whether that
    may happen). Raises :class:`TeiEditionError` if the bag does not check out; the
    caller removes ``staging`` on any failure.
    """
    staging = Path(staging)
    target = Path(os.path.abspath(target))
    zipped = Path(os.path.abspath(zip_target)) if zip_target is not None else None
    tags = dict(info)
    tags.setdefault("Bagging-Date", _bagging_date(None))
    tags.setdefault("Bag-Software-Agent", _agent())
    files = _bag_in_place(staging, tags)
    check = verify_bag(staging)
    if not check.ok():
        raise TeiEditionError(check.errors)
    made = BagMade(bag=target, files=files, zip=zipped)
    zip_tmp: Path | None = None
    try:
        if zipped is not None:
            zip_tmp = staging.with_name(staging.name + ".zip")
            _write_zip(staging, zip_tmp, target.name)
        _put_in_place(staging, target, made.moved_aside)
        if zipped is not None and zip_tmp is not None:
            _put_in_place(zip_tmp, zipped, made.moved_aside)
            zip_tmp = None
    finally:
        if zip_tmp is not None:
            zip_tmp.unlink(missing_ok=True)
    return made


def _write_zip(bag: Path, zip_path: Path, top: str) -> None:
    """A zip of the bag under one top-level folder, entries sorted, timestamps fixed."""
    files = sorted(p.relative_to(bag).as_posix() for p in bag.rglob("*") if p.is_file())
    with zipfile.ZipFile(zip_path, "x", compression=zipfile.ZIP_DEFLATED) as zf:
        for rel in files:
            info = zipfile.ZipInfo(f"{top}/{rel}", date_time=ZIP_DATE)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, (bag / rel).read_bytes(), compresslevel=9)


# --------------------------------------------------------------------------- deposit


def _sources(files: Sequence[Path | str] | None) -> list[Path]:
    sources = [Path(f) for f in files] if files else [resources.bundled_edition()]
    problems = []
    for src in sources:
        name = display_path(src)
        if not src.exists() and not src.is_symlink():
            problems.append(Issue(name, rule="io", message="no such file"))
        elif src.is_symlink() and not _inside(src.parent, src):
            problems.append(
                Issue(
                    name,
                    rule="deposit-path",
                    message="is a symbolic link out of the edition's folder",
                )
            )
        elif not src.is_file():
            problems.append(Issue(name, rule="io", message="is not a file"))
    if problems:
        raise UsageError(problems)
    names = [unicodedata.normalize("NFC", s.name) for s in sources]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise UsageError(
            [
                Issue(n, rule="deposit-path", message="two sources share this file name")
                for n in dupes
            ]
        )
    return sources


def _validate(sources: list[Path], force: bool) -> tuple[list[Issue], str]:
    # a document of an edition folder is validated as part of its edition (its pointers
    # into the shared register resolved)
    from tei_edition.validate.edition import validate_with_editions

    report = validate_with_editions(sources)
    if report.ok():
        return [], "valid"
    errors = [i for i in report.issues if i.severity == "error"] or list(report.issues)
    if not force:
        raise TeiEditionError(
            [
                *errors,
                Issue(
                    display_path(sources[0]),
                    rule="deposit-invalid",
                    message=f"not deposited: the edition has {len(errors)} validation "
                    "error(s) (fix them, or use --force to deposit anyway)",
                ),
            ]
        )
    count = f"{len(errors)} error" + ("" if len(errors) == 1 else "s")
    return errors, f"invalid ({count}); deposited with --force"


def _check_doi(doi: str | None) -> None:
    if doi is not None and not (doi.startswith("10.") and "/" in doi and " " not in doi):
        raise UsageError(
            Issue("--doi", rule="deposit-doi", message=f"not a DOI (10.prefix/suffix): {doi!r}")
        )


def _pdf_choice(pdf: bool | None) -> tuple[bool, str]:
    """Whether the bag gets PDF, and the note that says why not."""
    with_pdf = fop_available() if pdf is None else pdf
    pdf_note = (
        ""
        if with_pdf
        else "No PDF: Apache FOP was not found when this bag was made."
        if pdf is None
        else "No PDF: left out on request."
    )
    return with_pdf, pdf_note


def _formats(with_pdf: bool) -> list[str]:
    return ["tei", *(f for f in EXPORT_FORMATS if f != "pdf" or with_pdf)]


def _staging_folder(target: Path) -> Path:
    """A new folder beside ``target`` to stage the payload in (it becomes the bag)."""
    ensure_folder(target.parent)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))


def _notices(validation_issues: list[Issue], pdf_note: str, target: Path) -> list[Issue]:
    notices = [
        replace(i, severity="warning", message=f"deposited despite: {i.message}")
        for i in validation_issues
    ]
    if pdf_note:
        notices.append(
            Issue(display_path(target), severity="info", rule="deposit-pdf", message=pdf_note)
        )
    return notices


def deposit(
    files: Sequence[Path | str] | None,
    outdir: Path | str,
    *,
    make_zip: bool = False,
    force: bool = False,
    doi: str | None = None,
    bagging_date: date | None = None,
    pdf: bool | None = None,
    profile: str = "bagit",
) -> DepositResult:
    """Validate the edition and write it in ``outdir`` (and ``outdir``.zip) as ``profile``
    says (:mod:`tei_edition.deposit.profiles`; by default a BagIt bag).

    ``files`` are the TEI sources (the bundled edition when empty); the first one's
    teiHeader gives the metadata. ``pdf`` forces PDF on (an error without FOP) or off;
    by default PDF is made where FOP is installed. ``bagging_date`` defaults to
    ``SOURCE_DATE_EPOCH`` when set, else today. Raises :class:`TeiEditionError` with one
    issue per problem; on any failure nothing is left behind and nothing is changed.
    """
    # the profiles use make_bag from this module: imported when a deposit is made
    from tei_edition.deposit import profiles

    renderer = profiles.get(profile)
    sources = _sources(files)
    target = Path(os.path.abspath(outdir))
    zipped = make_zip or renderer.always_zip
    zip_target = target.with_name(target.name + ".zip") if zipped else None
    _bag_path(target.name)
    _check_not_over_inputs(target, [*sources, resources.data_dir("schemas")])
    _check_target(target, is_dir=True, force=force)
    if zip_target is not None:
        _check_target(zip_target, is_dir=False, force=force)
    _check_doi(doi)

    trees = [parse_tei(s) for s in sources]
    validation_issues, validation = _validate(sources, force)
    stamp = _bagging_date(bagging_date)
    with_pdf, pdf_note = _pdf_choice(pdf)
    formats = _formats(with_pdf)

    staging = _staging_folder(target)
    try:
        stage_documents(staging, sources, trees, formats, target.name)
        documents = staged_documents(
            sources, trees, bagging_date=stamp, formats=formats, package=renderer.package
        )
        records = metadata_records(
            trees[0],
            display_path(sources[0]),
            bagging_date=stamp,
            doi=doi,
            formats=formats,
            package=renderer.package,
        )
        stage_files(staging, records)
        if validation_issues:
            _stage_validation_report(staging, sources, validation_issues)
        dc = records["metadata/dc.xml"]
        title = " ".join(_first_text(parse_dc(dc), "title")[:1]) or sources[0].stem
        readme = _readme(title, formats, pdf_note, bool(validation_issues))
        stage_readme_and_contents(staging, readme)
        info = _bag_info(
            dc,
            bagging_date=stamp,
            payload_bytes=_payload_bytes(staging),
            formats=formats,
            pdf_note=pdf_note,
            validation=validation,
        )
        staged = profiles.Staged(
            payload=staging,
            title=title,
            documents=documents,
            records=records,
            formats=formats,
            stamp=stamp,
            info=info,
            readme=readme,
        )
        made = renderer.render(staged, target, zip_target)
    finally:
        # the bag is the staging folder renamed; any other package is built from it
        shutil.rmtree(staging, ignore_errors=True)

    return DepositResult(
        profile=renderer.name,
        bag=target,
        zip=made.zip,
        files=made.files,
        bagging_date=stamp,
        forced=bool(validation_issues),
        pdf=with_pdf,
        notices=_notices(validation_issues, pdf_note, target),
        moved_aside=made.moved_aside,
    )


# --------------------------------------------------------------------------- staging


def stage_files(staging: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write each payload file (a path relative to data/ and its bytes) once."""
    for rel, data in files.items():
        _write(staging, _bag_path(rel), data)
    return list(files)


def stage_documents(
    staging: Path,
    sources: list[Path],
    trees: list[etree._ElementTree],
    formats: list[str],
    tag: str,
) -> list[str]:
    """data/tei/, data/schemas/ and the reading editions of each source."""
    written = _stage_sources(staging, sources, trees)
    # the project's own schemas; not the published ones of the deposit's metadata records
    written += _copy_tree(
        resources.data_dir("schemas"), staging, "schemas", skip=frozenset({"published"})
    )
    written += _stage_exports(staging, sources, formats, tag)
    return written


def stage_readme_and_contents(staging: Path, readme: str) -> None:
    """data/README.txt, then data/contents listing every payload file staged."""
    _write(staging, "README.txt", readme.encode("utf-8"))
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    _write(staging, "contents", _contents(files).encode("utf-8"))


def _stage_sources(
    staging: Path, sources: list[Path], trees: list[etree._ElementTree]
) -> list[str]:
    """data/tei/: each source, and the local files it points to, inside its folder."""
    written: list[str] = []
    for src, tree in zip(sources, trees, strict=True):
        for path, rel in [(src, _bag_path("tei", src.name))] + [
            (ref, _bag_path("tei", *ref.relative_to(src.parent).parts))
            for ref in _local_references(tree, src)
        ]:
            _write(staging, rel, path.read_bytes())
            if rel not in written:
                written.append(rel)
    return written


def _stage_exports(staging: Path, sources: list[Path], formats: list[str], tag: str) -> list[str]:
    """data/html/, data/pdf/, data/text/: the exporter's output for each source."""
    written: list[str] = []
    export_dir = Path(tempfile.mkdtemp(prefix=f".{tag}.export-", dir=staging.parent))
    try:
        for fmt in EXPORT_FORMATS:
            if fmt not in formats:
                continue
            for src in sources:
                out = export_dir / fmt / src.stem
                for reading in READINGS[fmt]:
                    _export(src, fmt, out, reading)
                written += [w for w in _copy_tree(out, staging, fmt) if w not in written]
    finally:
        shutil.rmtree(export_dir, ignore_errors=True)
    return written


RECORDS = {
    "metadata/dc.xml": "dc.xsl",
    "metadata/datacite.xml": "datacite.xsl",
    "dublin_core.xml": "dspace.xsl",
}
"""The metadata records of a bag (paths relative to data/), each made by its stylesheet."""


def metadata_records(
    source: etree._ElementTree,
    name: str,
    *,
    bagging_date: str,
    doi: str | None,
    formats: list[str],
    only: Sequence[str] = tuple(RECORDS),
    package: str = "",
) -> dict[str, bytes]:
    """The records :data:`RECORDS` names (or those of them in ``only``), each the output
    of its stylesheet on ``source``: a TEI document, or the model of an edition
    (:func:`tei_edition.deposit.edition.edition_model`), which the stylesheets match in
    templates of their own. ``name`` names the source in error messages; ``package``
    says what the deposit is, for DataCite's technical description."""
    params: dict[str, xslt.ParamValue] = {"bagging-date": bagging_date, "doi": doi or ""}
    media = " ".join(MEDIA_TYPES[f] for f in formats)
    records = {}
    for rel in only:
        stylesheet = RECORDS[rel]
        extra: dict[str, xslt.ParamValue] = (
            {"formats": media, **({"package": package} if package else {})}
            if stylesheet == "datacite.xsl"
            else {}
        )
        records[rel] = xslt.transform(
            resources.transform(stylesheet), source, {**params, **extra}, name=name
        )
    return records


DOCUMENT_RECORDS = {
    "dc.xml": "metadata/dc.xml",
    "datacite.xml": "metadata/datacite.xml",
    "dublin_core.xml": "dublin_core.xml",
}
"""Each document's own records (for a profile's item or entity of it), by :data:`RECORDS`."""


def staged_documents(
    sources: list[Path],
    trees: list[etree._ElementTree],
    *,
    bagging_date: str,
    formats: list[str],
    package: str,
    slugs: Mapping[Path, str] | None = None,
) -> list[StagedDocument]:
    """Each source as a profile sees it: its names and its own records (without a DOI:
    the DOI given is the whole deposit's)."""
    # the profiles use make_bag from this module: imported when a deposit is made
    from tei_edition.deposit.profiles import StagedDocument

    documents = []
    for src, tree in zip(sources, trees, strict=True):
        made = metadata_records(
            tree,
            display_path(src),
            bagging_date=bagging_date,
            doi=None,
            formats=formats,
            package=package,
        )
        documents.append(
            StagedDocument(
                name=src.name,
                stem=src.stem,
                records={k: made[v] for k, v in DOCUMENT_RECORDS.items()},
                slug=(slugs or {}).get(src, ""),
            )
        )
    return documents


def _stage_validation_report(staging: Path, sources: list[Path], issues: list[Issue]) -> str:
    """data/metadata/validation.txt: the problems of an edition deposited with --force."""
    names = {display_path(s): f"data/tei/{s.name}" for s in sources}
    report = "".join(replace(i, file=names.get(i.file, i.file)).format() + "\n" for i in issues)
    rel = "metadata/validation.txt"
    _write(staging, rel, report.encode("utf-8"))
    return rel


def parse_dc(dc: bytes) -> etree._ElementTree:

    return parse_bytes(dc, "dc.xml")
