"""Deposit profiles: one staged edition, written as the package a repository takes.

:func:`tei_edition.deposit.deposit` and :func:`tei_edition.deposit.edition.deposit_edition`
stage every file of a deposit once, in one folder (:class:`Staged`: the TEI, the schemas,
the reading editions, the site of an edition, the metadata records of the whole and of
each document). A profile renders that staging as one repository's package:

========== ===================================================================
bagit      a BagIt bag (RFC 8493) with an RO-Crate in its payload (BagIt-RO)
ro-crate   an RO-Crate 1.1 (``ro-crate-metadata.json`` beside the files)
dspace-saf DSpace's Simple Archive Format: an item folder per document and one
           for the edition, as a folder and a zip
zenodo     an upload folder of at most 100 files and the InvenioRDM metadata
dataverse  a double zip (Dataverse unpacks the outer one) with DataCite and DDI
========== ===================================================================

A new profile is a module with a ``render`` function and one entry in :data:`PROFILES`.
Every package but the bag carries ``checksums-sha256.txt`` (the sha256 of each of its
files, as ``sha256sum -c`` reads it), which ``tei-edition verify`` checks.

Imported when a deposit is made (the profiles use :func:`tei_edition.deposit.make_bag`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tei_edition.deposit.verify import PACKAGE_CHECKSUMS
from tei_edition.formats import deposited
from tei_edition.issues import Issue, UsageError

CHECKSUMS = PACKAGE_CHECKSUMS
"""The manifest of every package that is not a bag: ``<sha256>  <path>`` a line, sorted."""


@dataclass
class StagedDocument:
    """One document of a deposit, as staged."""

    name: str
    """Its file name (``tei/<name>`` in the staging)."""
    stem: str
    """The name of its reading editions' folders (``html/<stem>/``...)."""
    records: dict[str, bytes]
    """Its own records: ``dc.xml``, ``datacite.xml``, ``dublin_core.xml``."""
    slug: str = ""
    """Its page's name in the edition's site (an edition's documents only)."""


@dataclass
class Staged:
    """Everything a profile renders: the staged files and what describes them."""

    payload: Path
    """The staging folder: what a bag's ``data/`` holds (paths as in :attr:`files`)."""
    title: str
    documents: list[StagedDocument]
    records: dict[str, bytes]
    """The whole deposit's records: ``metadata/dc.xml``, ``metadata/datacite.xml``,
    ``dublin_core.xml``."""
    formats: list[str]
    stamp: str
    """The deposit's date, YYYY-MM-DD."""
    info: dict[str, str | list[str]]
    """bag-info.txt's fields."""
    readme: str
    """The bag's README.txt (a profile that is not a bag writes its own)."""
    edition: bool = False
    """Whether this is a whole edition (with ``site/`` and a shared register)."""
    register: str = ""
    """The shared register's path in the staging (``tei/<name>``), if any."""

    def files(self) -> list[str]:
        """Every staged file's path, sorted."""
        return sorted(
            p.relative_to(self.payload).as_posix() for p in self.payload.rglob("*") if p.is_file()
        )

    def owners(self, files: list[str] | None = None) -> dict[str, StagedDocument]:
        """Each document's files among ``files`` (default: :meth:`files`): its TEI
        (``tei/<name>``) and its reading editions (``html/<stem>.html``,
        ``html/<stem>.diplomatic.html``...), each given to the document of the longest
        stem it begins with."""
        folders = {f.deposited for f in deposited()}
        by_stem = sorted(self.documents, key=lambda d: -len(d.stem))
        owned: dict[str, StagedDocument] = {}
        for rel in self.files() if files is None else files:
            parts = rel.split("/")
            if parts[0] == "tei":
                doc = next((d for d in self.documents if rel == f"tei/{d.name}"), None)
            elif parts[0] in folders and len(parts) >= 2:
                doc = next((d for d in by_stem if parts[-1].startswith(f"{d.stem}.")), None)
            else:
                doc = None
            if doc is not None:
                owned[rel] = doc
        return owned

    def document_files(self, doc: StagedDocument, files: list[str] | None = None) -> list[str]:
        """The document's own files (see :meth:`owners`), in the order of ``files``."""
        return [rel for rel, owner in self.owners(files).items() if owner is doc]


@dataclass
class Made:
    """What a profile wrote."""

    path: Path
    files: list[str]
    """The package's files (a bag's payload as ``data/...``), sorted."""
    zip: Path | None = None
    moved_aside: list[tuple[Path, Path]] = field(default_factory=list)


Render = Callable[[Staged, Path, "Path | None"], Made]


@dataclass(frozen=True)
class Profile:
    """One repository's package."""

    name: str
    module: str
    """The module of ``tei_edition.deposit.profiles`` whose ``render`` writes it."""
    summary: str
    """What it is and for which repositories (the command's help, the README)."""
    package: str
    """What the deposit is, as the DataCite record's technical description says."""
    always_zip: bool = False
    """It is always written as a folder and a zip (else the zip only with ``--zip``)."""

    def render(self, staged: Staged, target: Path, zip_target: Path | None) -> Made:
        module = importlib.import_module(f"{__name__}.{self.module}")
        render: Render = module.render
        return render(staged, target, zip_target)


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "bagit",
            "bag",
            "a BagIt bag (RFC 8493) with an RO-Crate in its payload: for archives and "
            "repositories that take bags (the default)",
            "a BagIt bag (RFC 8493) holding an RO-Crate",
        ),
        Profile(
            "ro-crate",
            "crate",
            "an RO-Crate 1.1 (ro-crate-metadata.json beside the files): for research-data "
            "services that read RO-Crate (WorkflowHub, ROHub)",
            "an RO-Crate 1.1",
        ),
        Profile(
            "dspace-saf",
            "dspace",
            "DSpace's Simple Archive Format, an item per document and one for the edition, "
            "as a folder and a zip: for DSpace's batch import",
            "a DSpace Simple Archive Format package",
            always_zip=True,
        ),
        Profile(
            "zenodo",
            "zenodo",
            "an upload folder of at most 100 files and the InvenioRDM metadata record "
            "(metadata.json): for Zenodo and other InvenioRDM repositories",
            "files for an InvenioRDM record",
        ),
        Profile(
            "dataverse",
            "dataverse",
            "a double zip (Dataverse unpacks the outer one and keeps the inner) with "
            "DataCite and DDI Codebook records: for Dataverse",
            "a zip for Dataverse",
        ),
    )
}
"""Every profile, by the name ``--profile`` takes."""

DEFAULT = "bagit"


def get(name: str) -> Profile:
    """The profile called ``name``; a :class:`UsageError` naming the others if none is."""
    try:
        return PROFILES[name]
    except KeyError:
        raise UsageError(
            Issue(
                "--profile",
                rule="deposit-profile",
                message=f"no such profile: {name!r} (choose {', '.join(PROFILES)})",
            )
        ) from None
