"""The RO-Crate 1.1 metadata of a deposit (``ro-crate-metadata.json``), written with the
``rocrate`` library: the bag's payload (BagIt-RO) and the ``ro-crate`` profile carry it.

The root dataset is the edition (name, description, date, licence, authors with their
ORCIDs where the header gives them, the DOI once there is one); each top folder (``tei/``,
``html/``, ``pdf/``, ``text/``, ``schemas/``, ``metadata/``, ``site/``...) is a dataset in
its ``hasPart``, and each file a data entity in its folder's ``hasPart`` with its encoding
format. A document's TEI names its title, authors, contributors and licence; each reading
edition made from it says so (``isBasedOn``) and names them too. The site is one dataset
with its front page (its search index and assets are many small files, not described one
by one).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rocrate.model.contextentity import ContextEntity
from rocrate.rocrate import ROCrate

from tei_edition.deposit.profiles import Staged
from tei_edition.deposit.profiles.package import media_type
from tei_edition.deposit.profiles.records import UNKNOWN, Agent, DataCite
from tei_edition.formats import deposited

METADATA = "ro-crate-metadata.json"
VERSION = "1.1"

FOLDERS = {
    "tei": "The edition in TEI P5 XML (and the files its documents refer to)",
    "schemas": "The schemas the edition is validated against",
    "metadata": "Metadata records: Dublin Core (dc.xml) and DataCite (datacite.xml)",
    "site": "The edition's static web site (open index.html)",
}
"""What each top folder is, besides the reading editions' (from the format registry)."""


def _ref(id_: str) -> dict[str, str]:
    return {"@id": id_}


def _person_id(agent: Agent) -> str:
    """The ORCID, else a local identifier made from the name."""
    return agent.orcid or "#" + "-".join(agent.display.lower().replace("#", "").split())


def _agents(crate: ROCrate, agents: list[Agent], seen: dict[str, Any]) -> list[dict[str, str]]:
    refs = []
    for agent in agents:
        id_ = _person_id(agent)
        if id_ not in seen:
            props: dict[str, Any] = {
                "@type": "Organization" if agent.organization else "Person",
                "name": agent.display,
            }
            if agent.given and agent.family:
                props["givenName"] = agent.given
                props["familyName"] = agent.family
            seen[id_] = crate.add(ContextEntity(crate, id_, properties=props))
        if _ref(id_) not in refs:
            refs.append(_ref(id_))
    return refs


def _licence(crate: ROCrate, record: DataCite, seen: dict[str, Any]) -> dict[str, str] | None:
    uri, text = record.licence
    if not uri and not text:
        return None
    id_ = uri or "#licence"
    if id_ not in seen:
        props = {"@type": "CreativeWork", "name": text or uri}
        if text:
            props["description"] = text
        seen[id_] = crate.add(ContextEntity(crate, id_, properties=props))
    return _ref(id_)


def crate_metadata(staged: Staged, files: list[str]) -> bytes:
    """``ro-crate-metadata.json`` describing ``files`` (paths relative to the crate's root,
    as staged) of the deposit ``staged``."""
    crate = ROCrate(version=VERSION)
    whole = DataCite(staged.records["metadata/datacite.xml"])
    seen: dict[str, Any] = {}
    root = crate.root_dataset
    root["name"] = staged.title
    abstract = whole.descriptions("Abstract")
    n = len(staged.documents)
    root["description"] = (
        abstract[0]
        if abstract
        else f"A digital edition of {n} document{'s' if n != 1 else ''} in TEI P5 XML, "
        "with its reading editions and metadata."
    )
    root["datePublished"] = staged.stamp
    licence = _licence(crate, whole, seen)
    if licence:
        root["license"] = licence
    authors = _agents(crate, whole.creators, seen)
    if authors:
        root["author"] = authors
    if whole.doi:
        root["identifier"] = f"https://doi.org/{whole.doi}"
    # RO-Crate 1.1 requires a publisher entity: the header's publisher, else the authors,
    # else DataCite's standard value for a name not available
    if whole.publisher or not authors:
        publisher = Agent(name=whole.publisher or UNKNOWN, organization=True)
        root["publisher"] = _agents(crate, [publisher], seen)[0]
    else:
        root["publisher"] = authors[0]
    if whole.languages:
        root["inLanguage"] = whole.languages[0]

    described = {
        f.deposited: f"{f.description.split(chr(10))[0].strip()} ".strip().capitalize()
        for f in deposited()
    }
    Described = tuple[str, list[dict[str, str]], list[dict[str, str]], str]
    of_document: dict[str, Described] = {}
    described_doc: dict[str, Described] = {}
    for rel, doc in staged.owners(files).items():
        if doc.name not in described_doc:
            record = DataCite(doc.records["datacite.xml"], doc.name)
            described_doc[doc.name] = (
                f"tei/{doc.name}",
                _agents(crate, record.creators, seen),
                _agents(crate, record.contributors, seen),
                record.title,
            )
        of_document[rel] = described_doc[doc.name]

    folders: dict[str, list[dict[str, str]]] = {}
    top_files: list[dict[str, str]] = []
    for rel in files:
        if rel == METADATA:
            continue
        top = rel.split("/")[0] if "/" in rel else ""
        if top == "site" and rel != "site/index.html":
            continue
        props: dict[str, Any] = {
            "name": Path(rel).name,
            "encodingFormat": media_type(rel),
            "contentSize": str((staged.payload / rel).stat().st_size)
            if (staged.payload / rel).is_file()
            else None,
        }
        props = {k: v for k, v in props.items() if v is not None}
        if rel in of_document:
            source, doc_authors, doc_contributors, title = of_document[rel]
            if rel == source:
                props["name"] = title or props["name"]
            else:
                props["isBasedOn"] = _ref(source)
            if doc_authors:
                props["author"] = doc_authors
            if doc_contributors:
                props["contributor"] = doc_contributors
            if licence:  # the edition's licence is the documents'; a schema has its own
                props["license"] = licence
        crate.add_file(dest_path=rel, properties=props)
        (folders.setdefault(top, []) if top else top_files).append(_ref(rel))

    parts: list[dict[str, str]] = []
    for top in sorted(folders):
        name = FOLDERS.get(top) or described.get(top) or f"{top}/"
        crate.add_dataset(dest_path=f"{top}/", properties={"name": name})
        crate.dereference(f"{top}/")["hasPart"] = folders[top]
        parts.append(_ref(f"{top}/"))
    root["hasPart"] = parts + top_files
    data = crate.metadata.generate()
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
