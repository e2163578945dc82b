"""``dataverse``: a double zip for Dataverse, with the records its import reads.

Dataverse unpacks a zip it is given into its files, losing the folders; given a zip in
a zip, it unpacks the outer one and keeps the inner zip whole. So ``upload.zip`` holds
``<name>.zip``, which holds the deposit's files in their folders. Beside it:
``datacite.xml`` (DataCite 4.6) and ``ddi.xml`` (DDI Codebook 2.5, made from the DataCite
record by ``transforms/ddi.xsl``: what Dataverse's DDI import reads into its citation
block), and a README saying what to do.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tei_edition import __version__, resources, xslt
from tei_edition.deposit.profiles import CHECKSUMS, Made, Staged
from tei_edition.deposit.profiles.package import finish, new_folder, readme, write, zip_files

UPLOAD = "upload.zip"
BAG_ONLY = ("contents", "dublin_core.xml")


def _readme(staged: Staged, inner: str) -> str:
    return (
        f"{staged.title}\n\n"
        f"A package for Dataverse made by tei-edition {__version__}.\n\n"
        f"{UPLOAD}      upload this file to the dataset: Dataverse unpacks it and keeps\n"
        f"                {inner}, which holds the edition's files in their folders\n"
        "datacite.xml    the DataCite Metadata Schema 4.6 record of the deposit\n"
        "ddi.xml         the same as a DDI Codebook 2.5 record: create the dataset from it\n"
        "                with Dataverse's DDI import (native API :importddi), or fill the\n"
        "                dataset's form from it; add a contact and a subject there\n"
        f"{CHECKSUMS}  the sha256 of every file (check with `tei-edition verify`)\n"
    )


def render(staged: Staged, target: Path, zip_target: Path | None) -> Made:
    datacite = staged.records["metadata/datacite.xml"]
    ddi = xslt.transform(resources.transform("ddi.xsl"), datacite, name="datacite.xml")
    inner_name = f"{target.name}.zip"
    built = new_folder(target)
    try:
        files = [f for f in staged.files() if f not in BAG_ONLY and f != "README.txt"]
        inner = built / ".inner.zip"
        members: list[tuple[str, Path | bytes]] = [
            (f"{target.name}/{rel}", staged.payload / rel) for rel in files
        ]
        intro = f"The files of a deposit made by tei-edition {__version__}, in their folders."
        text = readme(staged, intro, drop=("dublin_core.xml", "contents"))
        members.append((f"{target.name}/README.txt", text.encode("utf-8")))
        zip_files(inner, members)
        zip_files(built / UPLOAD, [(inner_name, inner.read_bytes())])
        inner.unlink()
        write(built, "datacite.xml", datacite)
        write(built, "ddi.xml", ddi)
        write(built, "README.txt", _readme(staged, inner_name).encode("utf-8"))
        return finish(built, target, zip_target)
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
