"""``dspace-saf``: DSpace's Simple Archive Format, the batch import's input.

One item folder per document (``item_001/``...: its TEI, and its HTML, PDF, text and any
other reading edition, as bitstreams), and ``item_000/`` for the edition as a whole (the
shared register, the schemas and the site as zips, the DataCite and Dublin Core records of
the whole, a README). Each item folder holds ``dublin_core.xml`` (qualified Dublin Core in
DSpace's default registry, ``transforms/dspace.xsl``) and ``contents``: one bitstream a
line with its bundle and description, the TEI marked primary. Written as a folder and as a
zip whose root holds the item folders (``dspace-cli import --add --zip``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tei_edition import __version__
from tei_edition.deposit.profiles import CHECKSUMS, Made, Staged, StagedDocument
from tei_edition.deposit.profiles.package import finish, new_folder, write, zip_files
from tei_edition.formats import deposited

LABELS = {"html": "HTML", "pdf": "PDF", "text": "plain text", "epub": "EPUB"}
DESCRIPTIONS = {
    "tei": "TEI P5 source",
    **{f.deposited: f"Reading edition ({LABELS.get(f.name, f.name.upper())})" for f in deposited()},
}


def _contents(lines: list[tuple[str, str, bool]]) -> bytes:
    """``contents``: name, bundle, description and primary flag, tab-separated."""
    out = []
    for name, description, primary in lines:
        fields = [name, "bundle:ORIGINAL", f"description:{description}"]
        if primary:
            fields.append("primary:true")
        out.append("\t".join(fields))
    return ("\n".join(out) + "\n").encode("utf-8")


def _document_item(staged: Staged, doc: StagedDocument, files: list[str], item: Path) -> None:
    lines: list[tuple[str, str, bool]] = []
    for rel in staged.document_files(doc, files):
        name = Path(rel).name
        if (item / name).exists():  # two files of one name: keep the folder in the name
            name = rel.replace("/", "_")
        shutil.copyfile(staged.payload / rel, item / name)
        folder = rel.split("/")[0]
        description = DESCRIPTIONS.get(folder, folder)
        if ".diplomatic." in name:
            description += ", diplomatic reading"
        lines.append((name, description, rel == f"tei/{doc.name}"))
    write(item, "contents", _contents(lines))
    write(item, "dublin_core.xml", doc.records["dublin_core.xml"])


def _readme(staged: Staged) -> str:
    return (
        f"{staged.title}\n\n"
        f"A DSpace Simple Archive Format package made by tei-edition {__version__}: an item\n"
        "folder per document (item_001/...) and item_000/ for the edition as a whole, each\n"
        "with dublin_core.xml and contents. Import it with DSpace's batch import, e.g.\n"
        "  dspace import --add --eperson=EMAIL --collection=HANDLE --source=FOLDER "
        "--mapfile=mapfile\n"
        "or, for the zip, --zip=FILE.zip. Check it first with `tei-edition verify`.\n"
        f"{CHECKSUMS} holds the sha256 of every file.\n"
    )


def _edition_item(staged: Staged, files: list[str], item: Path) -> None:
    lines: list[tuple[str, str, bool]] = []
    readme = _readme(staged)
    write(item, "README.txt", readme.encode("utf-8"))
    lines.append(("README.txt", "What the package holds", False))
    owned = staged.owners(files)
    for rel in files:
        if rel.startswith("tei/") and rel not in owned:
            name = rel.removeprefix("tei/").replace("/", "_")
            shutil.copyfile(staged.payload / rel, item / name)
            what = (
                "The edition's shared register"
                if rel == staged.register
                else "A file the documents refer to"
            )
            lines.append((name, f"{what} (TEI P5)", rel == staged.register))
    for folder, description in (
        ("schemas", "The schemas the edition is validated against"),
        ("site", "The edition's static web site (open site/index.html)"),
    ):
        members = [(rel, staged.payload / rel) for rel in files if rel.startswith(f"{folder}/")]
        if members:
            zip_files(item / f"{folder}.zip", members)
            lines.append((f"{folder}.zip", description, False))
    for rel, description in (
        ("metadata/datacite.xml", "DataCite Metadata Schema 4.6 record"),
        ("metadata/dc.xml", "Dublin Core (oai_dc) record"),
        ("metadata/validation.txt", "The validation problems it was deposited with"),
    ):
        if rel in files:
            shutil.copyfile(staged.payload / rel, item / Path(rel).name)
            lines.append((Path(rel).name, description, False))
    write(item, "contents", _contents(lines))
    write(item, "dublin_core.xml", staged.records["dublin_core.xml"])


def render(staged: Staged, target: Path, zip_target: Path | None) -> Made:
    built = new_folder(target)
    try:
        files = staged.files()
        (built / "item_000").mkdir()
        _edition_item(staged, files, built / "item_000")
        for n, doc in enumerate(staged.documents, start=1):
            item = built / f"item_{n:03d}"
            item.mkdir()
            _document_item(staged, doc, files, item)
        return finish(built, target, zip_target)
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
