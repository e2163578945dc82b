"""``tei-edition deposit DIR``: one BagIt bag of a whole edition.

The bag is the one :func:`tei_edition.deposit.deposit` writes for the edition's
documents (their TEI, the schemas, the HTML, PDF and text of each, validation), with the
edition added: ``data/tei/`` also holds the shared register, ``data/site/`` the built
static site, ``data/metadata/documents/<name>.dc.xml`` the Dublin Core record of each
document (``transforms/dc.xsl``), and ``data/metadata/dc.xml`` and ``datacite.xml``
describe the edition as a whole (from ``edition.toml``), DataCite listing each document
as a ``HasPart`` relation. Nothing is left behind unless the whole bag is written.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from lxml import etree

from tei_edition import deposit as single
from tei_edition import resources, xslt
from tei_edition.deposit import DepositResult
from tei_edition.deposit.verify import DATACITE_NS, DC_NS, OAI_DC_NS, verify_bag
from tei_edition.edition.collect import read_document
from tei_edition.edition.config import Edition, load_edition
from tei_edition.fsutil import ensure_folder
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.progress import Progress, silent
from tei_edition.read.xmlparse import display_path, parse
from tei_edition.site import routes
from tei_edition.site.build import LOCK, MANIFEST, build_date, build_site
from tei_edition.transform.pdf import fop_available

TAG_FILES = ("bagit.txt", "bag-info.txt")


def _url(edition: Edition, rel: str) -> str:
    base = edition.config.base_url
    return base.rstrip("/") + "/" + rel if base else rel


def edition_datacite(edition: Edition, slugs: list[str], year: str, doi: str | None) -> bytes:
    """A DataCite kernel-4 record of the edition: a collection with a part per document."""
    c = edition.config
    d = f"{{{DATACITE_NS}}}"
    root = etree.Element(f"{d}resource", nsmap={None: DATACITE_NS})
    etree.SubElement(root, f"{d}identifier", identifierType="DOI").text = doi or ""
    creators = etree.SubElement(root, f"{d}creators")
    for name in c.editors or (c.publisher or c.title,):
        creator = etree.SubElement(creators, f"{d}creator")
        etree.SubElement(creator, f"{d}creatorName").text = name
    titles = etree.SubElement(root, f"{d}titles")
    etree.SubElement(titles, f"{d}title").text = c.title
    etree.SubElement(root, f"{d}publisher").text = c.publisher or c.title
    etree.SubElement(root, f"{d}publicationYear").text = year
    etree.SubElement(
        root, f"{d}resourceType", resourceTypeGeneral="Collection"
    ).text = "Digital edition"
    if c.language:
        etree.SubElement(root, f"{d}language").text = c.language
    related = etree.SubElement(root, f"{d}relatedIdentifiers")
    for slug in slugs:
        etree.SubElement(
            related,
            f"{d}relatedIdentifier",
            relatedIdentifierType="URL",
            relationType="HasPart",
        ).text = _url(edition, routes.document(slug))
    etree.SubElement(root, f"{d}version").text = c.version
    if c.licence:
        rights = etree.SubElement(etree.SubElement(root, f"{d}rightsList"), f"{d}rights")
        rights.text = c.licence
        if c.licence_url:
            rights.set("rightsURI", c.licence_url)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def edition_dc(edition: Edition, slugs: list[str], day: str) -> bytes:
    """A Dublin Core record of the edition, a ``dc:relation`` per document."""
    c = edition.config
    q = f"{{{DC_NS}}}"
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS})
    etree.SubElement(root, f"{q}title").text = c.title
    for name in c.editors:
        etree.SubElement(root, f"{q}creator").text = name
    if c.publisher:
        etree.SubElement(root, f"{q}publisher").text = c.publisher
    etree.SubElement(root, f"{q}date").text = day
    etree.SubElement(root, f"{q}type").text = "Collection"
    etree.SubElement(root, f"{q}format").text = "application/tei+xml"
    if c.language:
        etree.SubElement(root, f"{q}language").text = c.language
    if c.base_url:
        etree.SubElement(root, f"{q}identifier").text = c.base_url
    if c.licence:
        etree.SubElement(root, f"{q}rights").text = c.licence
    for slug in slugs:
        etree.SubElement(root, f"{q}relation").text = _url(edition, routes.document(slug))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


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
) -> DepositResult:
    """Write one bag of the edition at ``folder`` (see the module's description)."""
    edition = load_edition(folder)
    target = Path(outdir).absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(
            Issue(
                display_path(target),
                rule="deposit-target",
                message="exists and is not an empty folder: the bag of an edition needs a "
                "new folder",
            )
        )
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.edition-", dir=_parent(target)))
    try:
        site = work / "site"

        with_pdf = fop_available() if pdf is None else pdf
        built = build_site(edition.root, site, force=force, pdf=with_pdf, progress=progress)
        (site / MANIFEST).unlink(missing_ok=True)
        (site / LOCK).unlink(missing_ok=True)
        progress("Making the bag", 0, 1)
        docs = sorted((read_document(p) for p in edition.documents), key=lambda d: d.sort_key())
        slugs = [d.slug for d in docs]
        bag = work / "bag"
        result = single.deposit(
            edition.documents,
            bag,
            force=force,
            doi=doi,
            bagging_date=bagging_date,
            pdf=with_pdf,
        )
        info = {k: v for k, v in _read_info(bag).items() if k not in ("Payload-Oxum",)}
        for name in [p.name for p in bag.iterdir() if p.is_file()]:
            (bag / name).unlink()  # the tag files: the bag is made again below
        data = bag / "data"
        if edition.registers is not None:
            shutil.copy2(edition.registers, data / "tei" / edition.registers.name)
        shutil.copytree(site, data / "site")
        per_doc = data / "metadata" / "documents"
        per_doc.mkdir(parents=True, exist_ok=True)
        stamp = result.bagging_date
        for doc in docs:
            record = xslt.transform(
                resources.transform("dc.xsl"),
                parse(doc.path),
                {"bagging-date": stamp, "doi": ""},
                name=str(doc.path),
            )
            (per_doc / f"{doc.slug}.dc.xml").write_bytes(record)
        year = build_date(edition)[:4]
        (data / "metadata" / "datacite.xml").write_bytes(
            edition_datacite(edition, slugs, year, doi)
        )
        dc = edition_dc(edition, slugs, stamp)
        (data / "metadata" / "dc.xml").write_bytes(dc)
        files = sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file())
        (data / "contents").write_text(single._contents(files), encoding="utf-8")
        readme = (data / "README.txt").read_text(encoding="utf-8").splitlines()
        readme[0] = edition.config.title
        readme += [
            "",
            "This bag holds a whole edition: data/tei/ its documents and shared register,",
            "data/site/ its static web site (open data/site/index.html; search needs a",
            "web server: tei-edition serve data/site), data/metadata/documents/ the Dublin",
            "Core record of each document; dc.xml and datacite.xml describe the edition.",
        ]
        (data / "README.txt").write_text("\n".join(readme) + "\n", encoding="utf-8")
        payload = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
        info.update(
            {
                "Title": edition.config.title,
                "Bag-Size": single._bag_size(payload),
                "External-Description": f"A digital edition of {len(docs)} document(s).",
            }
        )
        if edition.config.publisher:
            info["Source-Organization"] = edition.config.publisher
        for key in list(info):
            if key.lower() in ("payload-oxum", "bag-count"):
                del info[key]
        # bagit moves the payload into data/ itself: start from the payload's contents
        staged = work / "staged"
        shutil.move(str(data), staged)
        shutil.rmtree(bag)
        files_written = single._make_bag(staged, info)
        check = verify_bag(staged)
        if not check.ok():
            raise TeiEditionError(check.errors)
        if target.exists():
            target.rmdir()  # empty, as checked above
        shutil.move(str(staged), target)
        if make_zip:
            zip_target = target.with_name(target.name + ".zip")
            single._write_zip(target, zip_target, target.name)
            result.zip = zip_target
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result.bag = target
    result.files = files_written
    result.notices = [*built.issues, *built.notices, *result.notices]
    return result


def _parent(target: Path) -> Path:

    return ensure_folder(target.parent)


def _read_info(bag: Path) -> dict[str, str | list[str]]:
    import bagit

    return dict(bagit.Bag(str(bag)).info)
