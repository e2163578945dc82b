"""Check a deposit: a BagIt bag (RFC 8493), or another profile's package, in a folder or
a zip.

:func:`verify_bag` runs the ``bagit`` library's own validation (structure, completeness,
every checksum of every manifest) and translates each problem it finds into one
:class:`~tei_edition.issues.Issue`, then checks that the bag's metadata files are
well-formed, that ``datacite.xml`` has the DataCite kernel's required properties, and
that the DataCite and Dublin Core records are valid against their published schemas
(:mod:`tei_edition.deposit.standards`). A package of another profile
(:mod:`tei_edition.deposit.profiles`: ``checksums-sha256.txt`` at its root instead of
``bagit.txt``) is checked against that manifest (every file listed, present and
unchanged), for the files its profile requires, and its records likewise.

A zip is first unpacked into a private temporary folder, refusing any entry that is
absolute, climbs out with ``..``, is a link or a device, or would make the unpacked size
unreasonably large.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import bagit

from tei_edition.deposit.standards import (
    datacite_schema_issues,
    dublin_core_schema_issues,
    invenio_schema_issues,
)
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.read.xmlparse import display_path, parse

# bagit logs every problem it finds as a warning; they are reported here as issues.
logging.getLogger("bagit").addHandler(logging.NullHandler())
logging.getLogger("bagit").propagate = False

DATACITE_NS = "http://datacite.org/schema/kernel-4"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
NO_DOI_YET = "(:tba)"
"""DataCite's standard value for an identifier "to be assigned": a DOI the repository gives."""

PACKAGE_CHECKSUMS = "checksums-sha256.txt"
"""The manifest of a package that is not a bag (``sha256sum -c`` reads it)."""
MAX_UPLOAD_FILES = 100
"""Most files a Zenodo (InvenioRDM) record takes."""
DDI_NS = "ddi:codebook:2_5"

MAX_UNPACKED_BYTES = 4 * 1024**3
"""Largest total size a zip may unpack to (4 GiB)."""

MAX_MEMBERS = 100_000
"""Most entries a zip may hold."""

TAG_FILES = ("bagit.txt", "bag-info.txt", "fetch.txt")

DATACITE_REQUIRED = (
    ("identifier", "identifier"),
    ("creators/creator/creatorName", "creators (creator/creatorName)"),
    ("titles/title", "titles (title)"),
    ("publisher", "publisher"),
    ("publicationYear", "publicationYear"),
    ("resourceType", "resourceType"),
)


@dataclass
class VerifyReport:
    """What :func:`verify_bag` found: the issues, and counts for a summary line."""

    bag: str
    issues: list[Issue] = field(default_factory=list)
    payload_files: int = 0
    algorithms: list[str] = field(default_factory=list)
    profile: str = "bagit"

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.profile != "bagit":
            if self.ok():
                return (
                    f"{self.bag}: valid {self.profile} package: {self.payload_files} files, "
                    "every checksum matches (sha256)"
                )
            return f"{self.bag}: invalid {self.profile} package: {len(self.errors)} problem(s)"
        if self.ok():
            algs = "+".join(self.algorithms) or "no manifest"
            return (
                f"{self.bag}: valid bag: {self.payload_files} payload files, "
                f"every checksum matches ({algs})"
            )
        return f"{self.bag}: invalid bag: {len(self.errors)} problem(s)"


def _issue(bag: str, rel: str, message: str, rule: str, severity: str = "error") -> Issue:
    where = f"{bag}/{rel}" if rel else bag
    return Issue(where, severity=severity, source="bagit", rule=rule, message=message)  # type: ignore[arg-type]


def _detail_issue(bag: str, detail: object) -> Issue:
    """One issue for one of bagit's BagValidationError details."""
    if isinstance(detail, bagit.ChecksumMismatch):
        path = str(detail.path)
        found = str(detail.found or "")
        if found.startswith("Could not read"):
            return _issue(
                bag,
                path,
                f"cannot be read to check its {detail.algorithm} checksum",
                "bag-unreadable",
            )
        return _issue(
            bag,
            path,
            f"{detail.algorithm} checksum mismatch: the manifest records {detail.expected}, "
            f"the file has {detail.found}",
            "bag-checksum",
        )
    if isinstance(detail, bagit.FileMissing):
        return _issue(
            bag,
            str(detail.path),
            "missing: listed in the manifest but not in the bag",
            "bag-missing-file",
        )
    if isinstance(detail, bagit.UnexpectedFile):
        return _issue(
            bag,
            str(detail.path),
            "unexpected file: in the bag but in no manifest",
            "bag-unexpected-file",
        )
    return _issue(bag, "", str(detail), "bag-invalid")


def _bag_issues(root: Path, label: str) -> tuple[list[Issue], bagit.Bag | None]:
    """bagit's validation, every problem named.

    bagit stops at the first stage that fails (the Payload-Oxum count comes before
    completeness, completeness before checksums); when a stage fails, the later ones are
    still run here so that each missing, unexpected or altered file gets its own line.
    """
    try:
        bag = bagit.Bag(str(root))
    except bagit.BagError as exc:
        return [_issue(label, "", f"not a readable bag: {exc}", "bag-structure")], None
    except (OSError, UnicodeDecodeError) as exc:
        return [_issue(label, "", f"not a readable bag: {exc}", "bag-structure")], None
    try:
        bag.validate(processes=1)
    except bagit.BagValidationError as exc:
        first = exc
    except bagit.BagError as exc:
        return [_issue(label, "", str(exc), "bag-structure")], bag
    else:
        return [], bag
    issues: list[Issue] = []
    if exc_details := list(first.details):
        issues.extend(_detail_issue(label, d) for d in exc_details)
    else:
        message = first.message if isinstance(first.message, str) else str(first)
        oxum = "Oxum" in message
        issues.append(
            _issue(
                label,
                "bag-info.txt" if oxum else "",
                message,
                "bag-oxum" if oxum else "bag-invalid",
            )
        )
    # Completeness, in case the Payload-Oxum check stopped bagit before it.
    missing, unexpected = bag.compare_manifests_with_fs()
    issues.extend(_detail_issue(label, bagit.FileMissing(p)) for p in sorted(missing))
    issues.extend(_detail_issue(label, bagit.UnexpectedFile(p)) for p in sorted(unexpected))
    # Checksums of the files that are there, in case an earlier stage stopped bagit.
    try:
        bag._validate_entries(1)  # the library's own checksum pass
    except bagit.BagValidationError as exc:
        absent = set(missing)
        issues.extend(
            _detail_issue(label, d) for d in exc.details if getattr(d, "path", None) not in absent
        )
    # The same problem found by two passes is reported once.
    return list(dict.fromkeys(issues)), bag


def _tag_file_issues(root: Path, label: str, bag: bagit.Bag) -> list[Issue]:
    """Files beside ``data/`` that no tag manifest lists (warnings: RFC 8493 allows them)."""
    listed = set(bag.tagfile_entries())
    issues = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        if rel_dir.parts[:1] == ("data",):
            dirnames[:] = []
            continue
        dirnames.sort()
        for name in sorted(filenames):
            rel = (rel_dir / name).as_posix()
            if rel in TAG_FILES or name.startswith(("manifest-", "tagmanifest-")):
                continue
            if rel not in listed:
                issues.append(
                    _issue(
                        label,
                        rel,
                        "unexpected tag file: in no tag manifest",
                        "bag-unexpected-file",
                        "warning",
                    )
                )
    return issues


def _metadata_issues(root: Path, label: str) -> list[Issue]:
    """Every XML file of the payload well-formed; dc.xml and datacite.xml as expected."""
    issues: list[Issue] = []
    data = root / "data"
    if not data.is_dir():
        return issues
    for path in sorted(data.rglob("*.xml")):
        if path.is_symlink() or not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        try:
            tree = parse(path)
        except TeiEditionError as exc:
            for i in exc.issues:
                issues.append(
                    Issue(
                        f"{label}/{rel}",
                        i.line,
                        i.column,
                        source="tei-edition",
                        rule="metadata-well-formed",
                        message=f"not well-formed: {i.message}",
                    )
                )
            continue
        issues.extend(record_issues(tree.getroot(), f"{label}/{rel}", path.name))
    for required in ("data/metadata/dc.xml", "data/metadata/datacite.xml"):
        if not (root / required).is_file():
            issues.append(
                Issue(
                    f"{label}/{required}",
                    severity="warning",
                    rule="metadata-missing",
                    message="no such metadata file in the bag",
                )
            )
    return issues


def record_issues(root: object, name: str, filename: str) -> list[Issue]:
    """A metadata record's checks, by its file name: ``datacite.xml`` as DataCite,
    ``dc.xml`` and ``<name>.dc.xml`` as Dublin Core; both against their schemas."""
    from lxml import etree

    assert isinstance(root, etree._Element)
    if filename == "datacite.xml":
        found = datacite_issues(root, name)
        return (
            found
            if found and found[0].rule == "datacite-structure"
            else [
                *found,
                *datacite_schema_issues(root, name),
            ]
        )
    if filename == "dc.xml" or filename.endswith(".dc.xml"):
        found = dublin_core_issues(root, name)
        return (
            found
            if found and found[0].rule == "dc-structure"
            else [
                *found,
                *dublin_core_schema_issues(root, name),
            ]
        )
    return []


def datacite_issues(root: object, name: str) -> list[Issue]:
    """Structural checks of a DataCite kernel-4 record (no network, no XSD).

    The root must be ``resource`` in the kernel-4 namespace and each mandatory property
    present and non-empty; an empty DOI is a warning (the repository assigns it).
    """
    from lxml import etree

    assert isinstance(root, etree._Element)
    issues: list[Issue] = []
    q = etree.QName(root)
    if q.namespace != DATACITE_NS or q.localname != "resource":
        return [
            Issue(
                name,
                root.sourceline or 0,
                1,
                rule="datacite-structure",
                message=f"root element is {{{q.namespace}}}{q.localname}, expected resource in "
                f"the DataCite kernel-4 namespace ({DATACITE_NS})",
            )
        ]
    ns = {"d": DATACITE_NS}
    for path, label in DATACITE_REQUIRED:
        xpath = "/".join(f"d:{step}" for step in path.split("/"))
        found = root.xpath(xpath, namespaces=ns)
        if not found:
            issues.append(
                Issue(
                    name, rule="datacite-required", message=f"required property {label} is missing"
                )
            )
            continue
        if path == "identifier":
            ident = found[0]
            if ident.get("identifierType") != "DOI":
                issues.append(
                    Issue(
                        name,
                        ident.sourceline or 0,
                        1,
                        rule="datacite-required",
                        message='identifier must have identifierType="DOI"',
                    )
                )
            if (ident.text or "").strip() in ("", NO_DOI_YET):
                issues.append(
                    Issue(
                        name,
                        ident.sourceline or 0,
                        1,
                        severity="info",
                        rule="datacite-doi",
                        message="no DOI yet: the registering repository assigns it",
                    )
                )
            continue
        for el in found:
            if not "".join(el.itertext()).strip():
                issues.append(
                    Issue(
                        name,
                        el.sourceline or 0,
                        1,
                        rule="datacite-required",
                        message=f"required property {label} is empty",
                    )
                )
    for rt in root.xpath("d:resourceType", namespaces=ns):
        if not rt.get("resourceTypeGeneral"):
            issues.append(
                Issue(
                    name,
                    rt.sourceline or 0,
                    1,
                    rule="datacite-required",
                    message="resourceType needs a resourceTypeGeneral",
                )
            )
    for year in root.xpath("d:publicationYear", namespaces=ns):
        text = (year.text or "").strip()
        if text and not (len(text) == 4 and text.isdigit()):
            issues.append(
                Issue(
                    name,
                    year.sourceline or 0,
                    1,
                    rule="datacite-required",
                    message=f"publicationYear must be four digits, not {text!r}",
                )
            )
    return issues


def dublin_core_issues(root: object, name: str) -> list[Issue]:
    """The root is ``oai_dc:dc`` and it has a non-empty ``dc:title``."""
    from lxml import etree

    assert isinstance(root, etree._Element)
    q = etree.QName(root)
    if q.namespace != OAI_DC_NS or q.localname != "dc":
        return [
            Issue(
                name,
                root.sourceline or 0,
                1,
                rule="dc-structure",
                message=f"root element is {{{q.namespace}}}{q.localname}, expected "
                f"oai_dc:dc ({OAI_DC_NS})",
            )
        ]
    titles = [t for t in root.iter(f"{{{DC_NS}}}title") if (t.text or "").strip()]
    if not titles:
        return [Issue(name, rule="dc-structure", message="no dc:title")]
    return []


def _safe_member(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry may not be unpacked, or None when it is safe."""
    name = info.filename
    if "\\" in name or "\x00" in name:
        return "has a backslash or NUL in its name"
    pure = PurePosixPath(name)
    if pure.is_absolute() or name.startswith("/"):
        return "is an absolute path"
    if any(part == ".." for part in pure.parts):
        return "climbs out of the bag with '..'"
    if pure.parts and ":" in pure.parts[0]:
        return "names a drive"
    mode = info.external_attr >> 16
    if mode and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        kind = "a symbolic link" if stat.S_ISLNK(mode) else "not a regular file"
        return f"is {kind}"
    return None


def extract_zip(zip_path: Path, dest: Path, label: str) -> Path:
    """Unpack a zipped bag safely into ``dest``; return the bag's folder inside it.

    Raises :class:`TeiEditionError` listing every unsafe entry (nothing is unpacked then).
    """
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise TeiEditionError(
            Issue(label, rule="bag-zip", message=f"not a readable zip: {exc}")
        ) from None
    with zf:
        infos = zf.infolist()
        problems = []
        if len(infos) > MAX_MEMBERS:
            problems.append(
                Issue(label, rule="bag-zip", message=f"more than {MAX_MEMBERS} entries")
            )
        total = sum(i.file_size for i in infos)
        if total > MAX_UNPACKED_BYTES:
            problems.append(
                Issue(
                    label,
                    rule="bag-zip",
                    message=f"would unpack to more than {MAX_UNPACKED_BYTES} bytes",
                )
            )
        names: set[str] = set()
        for info in infos:
            why = _safe_member(info)
            if why:
                problems.append(
                    Issue(
                        f"{label}/{info.filename}",
                        rule="bag-zip-unsafe",
                        message=f"unsafe zip entry: it {why}",
                    )
                )
            key = info.filename.rstrip("/")
            if key in names:
                problems.append(
                    Issue(
                        f"{label}/{info.filename}",
                        rule="bag-zip-unsafe",
                        message="entry appears twice in the zip",
                    )
                )
            names.add(key)
        if problems:
            raise TeiEditionError(problems)
        base = dest.resolve()
        for info in infos:
            target = (base / info.filename).resolve()
            if os.path.commonpath([base, target]) != str(base):
                raise TeiEditionError(
                    Issue(
                        f"{label}/{info.filename}",
                        rule="bag-zip-unsafe",
                        message="unsafe zip entry: it leaves the bag",
                    )
                )
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(info) as src, open(target, "xb") as out:
                    shutil.copyfileobj(src, out, 1024 * 1024)
            except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
                raise TeiEditionError(
                    Issue(
                        f"{label}/{info.filename}",
                        rule="bag-zip",
                        message=f"damaged zip entry: {exc}",
                    )
                ) from None
    tops = [p for p in dest.iterdir()]
    at_root = (dest / "bagit.txt").exists() or (dest / PACKAGE_CHECKSUMS).exists()
    if not at_root and len(tops) == 1 and tops[0].is_dir():
        return tops[0]
    return dest


def verify_bag(path: Path | str) -> VerifyReport:
    """Check a bag folder or a zipped bag; every problem is one issue in the report.

    Raises :class:`UsageError` when ``path`` does not exist or is neither a folder nor a
    zip, :class:`TeiEditionError` when a zip holds unsafe entries.
    """
    p = Path(path)
    label = display_path(p)
    if not p.exists():
        raise UsageError(Issue(label, rule="io", message="no such file or folder"))
    if p.is_dir():
        return _verify_folder(p, label, label)
    if not zipfile.is_zipfile(p):
        with p.open("rb") as fh:
            damaged = fh.read(4) == b"PK\x03\x04"
        if damaged:  # a zip's first entry header, but no readable central directory
            raise TeiEditionError(
                Issue(label, rule="bag-zip", message="damaged zip: its directory cannot be read")
            )
        raise UsageError(Issue(label, rule="io", message="neither a bag folder nor a zip of one"))
    with tempfile.TemporaryDirectory(prefix="tei-edition-verify-") as tmp:
        root = extract_zip(p, Path(tmp), label)
        inner = root.relative_to(tmp).as_posix()
        where = f"{label}/{inner}" if inner != "." else label
        return _verify_folder(root, where, label)


def _verify_folder(root: Path, where: str, label: str) -> VerifyReport:
    if not (root / "bagit.txt").exists() and (root / PACKAGE_CHECKSUMS).is_file():
        return verify_package(root, where, label)
    report = VerifyReport(bag=label)
    issues, bag = _bag_issues(root, where)
    report.issues.extend(issues)
    if bag is not None:
        report.issues.extend(_tag_file_issues(root, where, bag))
        report.algorithms = sorted(bag.algorithms)
        report.payload_files = len(bag.payload_entries())
    report.issues.extend(_metadata_issues(root, where))
    return report


# --------------------------------------------------------------------------- packages


def _problem(where: str, rel: str, message: str, rule: str) -> Issue:
    return Issue(
        f"{where}/{rel}" if rel else where, source="tei-edition", rule=rule, message=message
    )


def _checksum_issues(root: Path, where: str) -> tuple[list[Issue], int]:
    """Every file listed in checksums-sha256.txt there and unchanged; no file unlisted."""
    import hashlib

    issues: list[Issue] = []
    listed: dict[str, str] = {}
    text = (root / PACKAGE_CHECKSUMS).read_text(encoding="utf-8", errors="replace")
    for n, line in enumerate(text.splitlines(), start=1):
        digest, sep, rel = line.partition("  ")
        if not sep or len(digest) != 64 or not rel:
            issues.append(
                Issue(
                    f"{where}/{PACKAGE_CHECKSUMS}",
                    n,
                    1,
                    rule="package-manifest",
                    message="not a checksum line (<sha256>  <path>)",
                )
            )
            continue
        listed[rel] = digest
    present = sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()
    )
    present = [rel for rel in present if rel != PACKAGE_CHECKSUMS]
    for rel, digest in sorted(listed.items()):
        path = root / rel
        if PurePosixPath(rel).is_absolute() or ".." in PurePosixPath(rel).parts:
            issues.append(_problem(where, rel, "unsafe path in the manifest", "package-manifest"))
            continue
        if not path.is_file() or path.is_symlink():
            issues.append(
                _problem(
                    where,
                    rel,
                    "missing: listed in the manifest but not in the package",
                    "package-missing-file",
                )
            )
            continue
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda fh=fh: fh.read(1024 * 1024), b""):
                h.update(block)
        if h.hexdigest() != digest:
            issues.append(
                _problem(
                    where,
                    rel,
                    f"sha256 checksum mismatch: the manifest records {digest}, the file has "
                    f"{h.hexdigest()}",
                    "package-checksum",
                )
            )
    for rel in present:
        if rel not in listed:
            issues.append(
                _problem(
                    where,
                    rel,
                    "unexpected file: in the package but not in the manifest",
                    "package-unexpected-file",
                )
            )
    return issues, len(listed)


def _kind(root: Path) -> str:
    if (root / "ro-crate-metadata.json").is_file():
        return "ro-crate"
    if (root / "metadata.json").is_file() or (root / "files").is_dir():
        return "zenodo"
    if (root / "upload.zip").is_file() or (root / "ddi.xml").is_file():
        return "dataverse"
    if any(p.is_dir() and p.name.startswith("item_") for p in root.iterdir()):
        return "dspace-saf"
    return "unknown"


def _required(root: Path, where: str, names: tuple[str, ...]) -> list[Issue]:
    return [
        _problem(where, name, "missing: the profile requires this file", "package-required")
        for name in names
        if not (root / name).exists()
    ]


def _json(root: Path, where: str, rel: str) -> tuple[object | None, list[Issue]]:
    import json

    try:
        return json.loads((root / rel).read_text(encoding="utf-8")), []
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, [_problem(where, rel, f"not readable JSON: {exc}", "package-json")]


def _crate_issues(root: Path, where: str) -> list[Issue]:
    data, issues = _json(root, where, "ro-crate-metadata.json")
    if data is None:
        return issues
    graph = data.get("@graph") if isinstance(data, dict) else None
    if not isinstance(graph, list):
        return [_problem(where, "ro-crate-metadata.json", "no @graph", "ro-crate")]
    ids = {e.get("@id"): e for e in graph if isinstance(e, dict)}
    if "./" not in ids or "ro-crate-metadata.json" not in ids:
        issues.append(
            _problem(
                where,
                "ro-crate-metadata.json",
                "no root dataset (./) or no metadata descriptor",
                "ro-crate",
            )
        )
    for id_, entity in sorted((k, v) for k, v in ids.items() if isinstance(k, str)):
        types = entity.get("@type")
        types = types if isinstance(types, list) else [types]
        local = "://" not in id_ and not id_.startswith("#")
        if "File" in types and local and not (root / id_).is_file():
            issues.append(_problem(where, id_, "missing: the crate describes it", "ro-crate"))
    return issues


def _zenodo_issues(root: Path, where: str) -> list[Issue]:
    issues = _required(root, where, ("metadata.json", "files"))
    upload = root / "files"
    if upload.is_dir():
        entries = sorted(upload.iterdir())
        if len(entries) > MAX_UPLOAD_FILES:
            issues.append(
                _problem(
                    where,
                    "files",
                    f"{len(entries)} files: a record takes at most {MAX_UPLOAD_FILES}",
                    "zenodo-files",
                )
            )
        for p in entries:
            if not p.is_file():
                issues.append(
                    _problem(
                        where,
                        f"files/{p.name}",
                        "not a file: the upload folder holds files only",
                        "zenodo-files",
                    )
                )
    if (root / "metadata.json").is_file():
        data, found = _json(root, where, "metadata.json")
        issues += found
        if isinstance(data, dict):
            issues += invenio_schema_issues(data, f"{where}/metadata.json")
            if not isinstance(data.get("metadata"), dict) or not data["metadata"].get("title"):
                issues.append(
                    _problem(where, "metadata.json", "no metadata.title", "invenio-schema")
                )
    return issues


def _dataverse_issues(root: Path, where: str) -> list[Issue]:
    issues = _required(root, where, ("upload.zip", "datacite.xml", "ddi.xml"))
    outer = root / "upload.zip"
    if outer.is_file():
        try:
            with zipfile.ZipFile(outer) as zf:
                names = zf.namelist()
                damaged = zf.testzip()
                if damaged:
                    issues.append(
                        _problem(where, "upload.zip", f"damaged entry {damaged}", "dataverse-zip")
                    )
                elif len(names) != 1 or not names[0].endswith(".zip"):
                    issues.append(
                        _problem(
                            where,
                            "upload.zip",
                            "must hold one zip (the double zip Dataverse keeps whole)",
                            "dataverse-zip",
                        )
                    )
                else:
                    import io

                    with zipfile.ZipFile(io.BytesIO(zf.read(names[0]))) as inner:
                        bad = inner.testzip()
                        if bad:
                            issues.append(
                                _problem(
                                    where,
                                    f"upload.zip/{names[0]}",
                                    f"damaged entry {bad}",
                                    "dataverse-zip",
                                )
                            )
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            issues.append(
                _problem(where, "upload.zip", f"not a readable zip: {exc}", "dataverse-zip")
            )
    ddi = root / "ddi.xml"
    if ddi.is_file():
        try:
            tree = parse(ddi)
        except TeiEditionError as exc:
            return issues + list(exc.issues)
        r = tree.getroot()
        if (
            r.tag != f"{{{DDI_NS}}}codeBook"
            or not r.xpath("string(//d:titl)", namespaces={"d": DDI_NS}).strip()
        ):
            issues.append(
                _problem(
                    where,
                    "ddi.xml",
                    "not a DDI Codebook 2.5 record with a "
                    "title (codeBook in ddi:codebook:2_5, titl)",
                    "ddi",
                )
            )
    return issues


def _dspace_issues(root: Path, where: str) -> list[Issue]:
    issues: list[Issue] = []
    items = sorted(p for p in root.iterdir() if p.is_dir())
    for item in items:
        rel_item = item.name
        issues += _required(item, f"{where}/{rel_item}", ("dublin_core.xml", "contents"))
        listed: set[str] = set()
        if (item / "contents").is_file():
            for n, line in enumerate(
                (item / "contents").read_text(encoding="utf-8").splitlines(), start=1
            ):
                name = line.split("\t")[0]
                if not name:
                    continue
                listed.add(name)
                if not (item / name).is_file():
                    issues.append(
                        Issue(
                            f"{where}/{rel_item}/contents",
                            n,
                            1,
                            rule="dspace-contents",
                            message=f"{name}: no such file in the item",
                        )
                    )
        for p in sorted(item.iterdir()):
            if p.name not in ("contents", "dublin_core.xml") and p.name not in listed:
                issues.append(
                    _problem(
                        where,
                        f"{rel_item}/{p.name}",
                        "in the item but not in its contents",
                        "dspace-contents",
                    )
                )
        if (item / "dublin_core.xml").is_file():
            try:
                tree = parse(item / "dublin_core.xml")
            except TeiEditionError as exc:
                issues += exc.issues
                continue
            r = tree.getroot()
            titles = r.xpath("dcvalue[@element='title'][normalize-space()]")
            if r.tag != "dublin_core" or not titles:
                issues.append(
                    _problem(
                        where,
                        f"{rel_item}/dublin_core.xml",
                        "not a DSpace dublin_core record with a title",
                        "dspace-dc",
                    )
                )
    return issues


PROFILE_CHECKS = {
    "ro-crate": _crate_issues,
    "zenodo": _zenodo_issues,
    "dataverse": _dataverse_issues,
    "dspace-saf": _dspace_issues,
}


def _record_files_issues(root: Path, where: str) -> list[Issue]:
    issues: list[Issue] = []
    for path in sorted(root.rglob("*.xml")):
        name = path.name
        if name != "datacite.xml" and name != "dc.xml" and not name.endswith(".dc.xml"):
            continue
        rel = path.relative_to(root).as_posix()
        try:
            tree = parse(path)
        except TeiEditionError as exc:
            issues += [
                Issue(
                    f"{where}/{rel}",
                    i.line,
                    i.column,
                    rule="metadata-well-formed",
                    message=f"not well-formed: {i.message}",
                )
                for i in exc.issues
            ]
            continue
        issues += record_issues(tree.getroot(), f"{where}/{rel}", name)
    return issues


def verify_package(root: Path, where: str, label: str) -> VerifyReport:
    """A package of a profile other than the bag: its manifest, files and records."""
    kind = _kind(root)
    report = VerifyReport(bag=label, profile=kind)
    issues, count = _checksum_issues(root, where)
    report.payload_files = count
    if kind == "unknown":
        issues.append(_problem(where, "", "not a package of any deposit profile", "package"))
    else:
        issues += PROFILE_CHECKS[kind](root, where)
    issues += _record_files_issues(root, where)
    report.issues.extend(dict.fromkeys(issues))
    return report
