"""Check a deposit: a BagIt bag (RFC 8493) in a folder or a zip.

:func:`verify_bag` runs the ``bagit`` library's own validation (structure, completeness,
every checksum of every manifest) and translates each problem it finds into one
:class:`~tei_edition.issues.Issue`, then checks that the bag's metadata files are
well-formed and that ``datacite.xml`` has the DataCite kernel's required properties.

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
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import bagit

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

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
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
        if rel == "data/metadata/datacite.xml":
            issues.extend(datacite_issues(tree.getroot(), f"{label}/{rel}"))
        elif rel == "data/metadata/dc.xml":
            issues.extend(dublin_core_issues(tree.getroot(), f"{label}/{rel}"))
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
            with zf.open(info) as src, open(target, "xb") as out:
                shutil.copyfileobj(src, out, 1024 * 1024)
    tops = [p for p in dest.iterdir()]
    if not (dest / "bagit.txt").exists() and len(tops) == 1 and tops[0].is_dir():
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
    report = VerifyReport(bag=label)
    issues, bag = _bag_issues(root, where)
    report.issues.extend(issues)
    if bag is not None:
        report.issues.extend(_tag_file_issues(root, where, bag))
        report.algorithms = sorted(bag.algorithms)
        report.payload_files = len(bag.payload_entries())
    report.issues.extend(_metadata_issues(root, where))
    return report
