"""``tei-edition deposit DIR``: one BagIt bag of a whole edition.

The bag holds what :func:`tei_edition.deposit.deposit` writes for the edition's
documents (their TEI, the schemas, the HTML, PDF and text of each, validation), with the
edition added: ``data/tei/`` also holds the shared register, ``data/site/`` the built
static site, ``data/metadata/documents/<name>.dc.xml`` the Dublin Core record of each
document, and ``data/metadata/dc.xml`` and ``datacite.xml`` describe the edition as a
whole, DataCite listing each document as a ``HasPart`` relation. The page images of the
edition's images folder are in ``data/images/`` as the editor made them; the site holds
their IIIF tiles and the documents' manifests (``data/site/iiif/``).

Every file is staged once, in one folder, which :func:`tei_edition.deposit.make_bag`
makes a bag once. The edition's records come from the stylesheets that make a
document's (``transforms/dc.xsl``, ``datacite.xsl``), applied to the edition's model
(:func:`edition_model`): a small XML document made from ``edition.toml`` and the list
of its documents, which the stylesheets match in templates of their own. Nothing is left
behind unless the whole bag is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from lxml import etree

from tei_edition import resources
from tei_edition.deposit import (
    DepositResult,
    _bag_info,
    _bag_path,
    _bagging_date,
    _check_doi,
    _check_not_over_inputs,
    _formats,
    _notices,
    _payload_bytes,
    _pdf_choice,
    _readme,
    _sources,
    _stage_validation_report,
    _staging_folder,
    _validate,
    metadata_records,
    stage_documents,
    stage_files,
    stage_readme_and_contents,
    staged_documents,
)
from tei_edition.edition.collect import Document, read_document
from tei_edition.edition.config import Edition, load_edition
from tei_edition.edition.facsimile import IMAGE_SUFFIXES
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.progress import Progress, silent
from tei_edition.read.xmlparse import display_path, parse_tei
from tei_edition.site import routes
from tei_edition.site.build import BOOKKEEPING, build_date, build_site

MODEL_NS = "urn:x-tei-edition:deposit"
"""The namespace of the edition's model: the deposit stylesheets' own (prefix ``dep``)."""

README_EDITION = (
    "",
    "This bag holds a whole edition: data/tei/ its documents and shared register,",
    "data/site/ its static web site (open data/site/index.html; search needs a",
    "web server: tei-edition serve data/site), data/metadata/documents/ the Dublin",
    "Core record of each document; dc.xml and datacite.xml describe the edition.",
    "data/images/ holds the page images of the edition (the scans), and",
    "data/site/iiif/ their IIIF tiles and the documents' IIIF manifests.",
)
"""What data/README.txt says of an edition, after what it says of any bag."""


def _url(edition: Edition, rel: str) -> str:
    base = edition.config.base_url
    return base.rstrip("/") + "/" + rel if base else rel


def edition_model(edition: Edition, documents: list[Document], built: str) -> etree._ElementTree:
    """The edition as the deposit stylesheets read it: what ``edition.toml`` says, and its
    documents in the order of the site, each with the address of its page::

        <edition xmlns="urn:x-tei-edition:deposit">
          <title>...</title> <editor>...</editor>... <publisher>...</publisher>
          <language>en</language> <version>0.1</version> <address>https://.../</address>
          <licence target="https://...">...</licence> <built>2024-05-01</built>
          <document slug="..." href="https://.../documents/slug.html"/>...
        </edition>

    A setting left empty has no element (but version, always there). ``built`` is the date
    of the site's build (YYYY-MM-DD), whose year is the edition's publication year.
    """
    c = edition.config
    q = f"{{{MODEL_NS}}}"
    root = etree.Element(f"{q}edition", nsmap={None: MODEL_NS})

    def add(name: str, text: str, **attributes: str) -> None:
        etree.SubElement(root, f"{q}{name}", attributes).text = text

    add("title", c.title)
    for name in c.editors:
        add("editor", name)
    if c.publisher:
        add("publisher", c.publisher)
    if c.language:
        add("language", c.language)
    add("version", c.version)
    if c.base_url:
        add("address", c.base_url)
    if c.licence or c.licence_url:
        add("licence", c.licence, **({"target": c.licence_url} if c.licence_url else {}))
    add("built", built)
    for doc in documents:
        add("document", "", slug=doc.slug, href=_url(edition, routes.document(doc.slug)))
    return etree.ElementTree(root)


def stage_images(staging: Path, edition: Edition) -> list[str]:
    """The page images of the edition's images folder, as they are, in ``data/images/``
    (files inside the edition folder only, in a sorted order)."""
    folder = edition.images
    if folder is None:
        return []
    root = edition.root.resolve()
    staged = []
    for path in sorted(folder.rglob("*")):
        if (
            not path.is_file()
            or path.name.startswith(".")
            or not path.resolve().is_relative_to(root)
        ):
            continue
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        try:
            rel = _bag_path("images", path.relative_to(folder).as_posix())
        except UsageError:
            continue  # a name a bag cannot hold safely
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)  # scans can be large: copied, not read whole
        staged.append(rel)
    return staged


def _refuse_used(path: Path, what: str) -> None:
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UsageError(Issue(display_path(path), rule="deposit-target", message=what))


def deposit_edition(
    folder: Path,
    outdir: Path,
    *,
    make_zip: bool = False,
    force: bool = False,
    doi: str | None = None,
    bagging_date: date | None = None,
    pdf: bool | None = None,
    progress: Progress = silent,
    profile: str = "bagit",
) -> DepositResult:
    """Write one bag of the edition at ``folder`` (see the module's description), or the
    package ``profile`` names (:mod:`tei_edition.deposit.profiles`)."""
    # the profiles use make_bag from tei_edition.deposit: imported when a deposit is made
    from tei_edition.deposit import profiles

    renderer = profiles.get(profile)
    edition = load_edition(folder)
    target = Path(os.path.abspath(outdir))
    zipped = make_zip or renderer.always_zip
    zip_target = target.with_name(target.name + ".zip") if zipped else None
    _refuse_used(
        target,
        "exists and is not an empty folder: the bag of an edition needs a new folder",
    )
    if zip_target is not None:
        _refuse_used(zip_target, "exists: the zip of an edition's bag needs a new name")
    _check_doi(doi)
    sources = _sources(edition.documents)
    _check_not_over_inputs(target, [*sources, resources.data_dir("schemas")])
    with_pdf, pdf_note = _pdf_choice(pdf)
    formats = _formats(with_pdf)

    # read before the site is built, so that a file that is no TEI document stops the
    # deposit at once; with --force it is deposited as it is (data/tei/), without reading
    # editions or a record, as the forced site leaves it out
    all_sources = sources
    trees: list[etree._ElementTree] = []
    unread: list[Path] = []
    for source in all_sources:
        try:
            trees.append(parse_tei(source))
        except TeiEditionError:
            if not force:
                raise
            unread.append(source)
    sources = [s for s in all_sources if s not in unread]
    members = [p for p in edition.documents if Path(p) not in unread]

    staging = _staging_folder(target)
    work: Path | None = None
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.site-", dir=target.parent))
        site = work / "site"
        built = build_site(edition.root, site, force=force, pdf=with_pdf, progress=progress)
        for bookkeeping in sorted(BOOKKEEPING):
            (site / bookkeeping).unlink(missing_ok=True)
        progress("Making the bag", 0, 1)
        validation_issues, validation = _validate(all_sources, force)
        stamp = _bagging_date(bagging_date)
        docs = sorted((read_document(p) for p in members), key=lambda d: d.sort_key())

        stage_documents(staging, sources, trees, formats, target.name)
        stage_files(staging, {f"tei/{p.name}": p.read_bytes() for p in unread})
        if edition.registers is not None:
            stage_files(staging, {f"tei/{edition.registers.name}": edition.registers.read_bytes()})
        os.rename(site, staging / "site")
        stage_images(staging, edition)
        tree_of = dict(zip(sources, trees, strict=True))
        ordered = [doc.path for doc in docs]
        documents = staged_documents(
            ordered,
            [tree_of[p] for p in ordered],
            bagging_date=stamp,
            formats=formats,
            package=renderer.package,
            slugs={doc.path: doc.slug for doc in docs},
        )
        for staged_doc in documents:
            record = staged_doc.records["dc.xml"]
            stage_files(staging, {f"metadata/documents/{staged_doc.slug}.dc.xml": record})
        model = edition_model(edition, docs, build_date(edition))
        records = metadata_records(
            model,
            display_path(edition.config_file or edition.root),
            bagging_date=stamp,
            doi=doi,
            formats=formats,
            package=renderer.package,
        )
        stage_files(staging, records)
        if validation_issues:
            _stage_validation_report(staging, sources, validation_issues)
        readme = _readme(edition.config.title, formats, pdf_note, bool(validation_issues))
        stage_readme_and_contents(staging, readme + "\n".join(README_EDITION) + "\n")

        info = _bag_info(
            records["metadata/dc.xml"],
            bagging_date=stamp,
            payload_bytes=_payload_bytes(staging),
            formats=formats,
            pdf_note=pdf_note,
            validation=validation,
        )
        info["External-Description"] = f"A digital edition of {len(docs)} document(s)."
        staged = profiles.Staged(
            payload=staging,
            title=edition.config.title,
            documents=documents,
            records=records,
            formats=formats,
            stamp=stamp,
            info=info,
            readme=readme + "\n".join(README_EDITION) + "\n",
            edition=True,
            register=f"tei/{edition.registers.name}" if edition.registers is not None else "",
        )
        made = renderer.render(staged, target, zip_target)
    finally:
        # the bag is the staging folder renamed; any other package is built from it
        shutil.rmtree(staging, ignore_errors=True)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return DepositResult(
        profile=renderer.name,
        bag=target,
        zip=made.zip,
        files=made.files,
        bagging_date=stamp,
        forced=bool(validation_issues),
        pdf=with_pdf,
        notices=[*built.issues, *built.notices, *_notices(validation_issues, pdf_note, target)],
        moved_aside=made.moved_aside,
    )
