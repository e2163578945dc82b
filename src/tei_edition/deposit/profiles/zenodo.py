"""``zenodo``: an upload folder for Zenodo or any InvenioRDM repository, and the record's
metadata in InvenioRDM's JSON (the REST API's ``metadata``, ``access``, ``files``).

``files/`` holds at most :data:`MAX_FILES` files (Zenodo's limit for a record): each
document's TEI and single-file reading editions (PDF...) as they are, the reading
editions with several files per document (HTML, text) and the schemas, site and
metadata records as zips; when that is still too many, the largest group of single
files is zipped too. Each zip's listing is in the record's description. ``metadata.json``
is made from the DataCite record of the deposit (creators and contributors with their
roles and ORCIDs, dates, languages, rights, ``HasPart`` relations to the documents' pages)
and checked against InvenioRDM's JSON Schema before anything is written.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from tei_edition import __version__
from tei_edition.deposit.profiles import CHECKSUMS, Made, Staged
from tei_edition.deposit.profiles.package import finish, new_folder, write, zip_files
from tei_edition.deposit.profiles.records import Agent, DataCite
from tei_edition.deposit.standards import SCHEMAS, invenio_schema_issues
from tei_edition.issues import TeiEditionError

MAX_FILES = 100
UPLOAD = "files"
METADATA = "metadata.json"
RESOURCE_TYPE = {"id": "publication-other"}
ROLES = {
    "Translator": "translator",
    "Editor": "editor",
    "DataCurator": "datacurator",
    "ProjectLeader": "projectleader",
    "ProjectMember": "projectmember",
    "Researcher": "researcher",
    "RightsHolder": "rightsholder",
    "Sponsor": "sponsor",
    "Supervisor": "supervisor",
}
"""DataCite contributor types and InvenioRDM's role for each (else ``other``)."""
DATE_TYPES = {
    "Created": "created",
    "Issued": "issued",
    "Updated": "updated",
    "Submitted": "submitted",
    "Available": "available",
    "Copyrighted": "copyrighted",
    "Collected": "collected",
    "Accepted": "accepted",
    "Valid": "valid",
}
EDTF_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
"""A date InvenioRDM takes (EDTF level 0: a year, month or day)."""


@cache
def _languages() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (SCHEMAS / "invenio-rdm" / "languages.json").read_text(encoding="utf-8")
    )
    return data


def language_id(tag: str) -> str:
    """InvenioRDM's ISO 639-3 id for a BCP 47 tag (``en``, ``en-GB``, ``grc``), or ''."""
    primary = tag.split("-")[0].lower()
    table = _languages()
    if primary in table["alpha_2"]:
        return str(table["alpha_2"][primary])
    return primary if primary in set(table["ids"]) else ""


def _person(agent: Agent) -> dict[str, Any]:
    person: dict[str, Any] = {
        "type": "organizational" if agent.organization else "personal",
        "name": agent.name,
    }
    if agent.given:
        person["given_name"] = agent.given
    if agent.family:
        person["family_name"] = agent.family
    if agent.orcid:
        person["identifiers"] = [{"scheme": "orcid", "identifier": agent.orcid.rsplit("/", 1)[-1]}]
    return person


def _description(abstract: str, staged: Staged, zips: dict[str, list[str]]) -> str:
    n = len(staged.documents)
    parts = [
        f"<p>{html.escape(abstract)}</p>" if abstract else "",
        f"<p>A digital edition of {n} document{'s' if n != 1 else ''} in TEI P5 XML, with its "
        f"reading editions and metadata, deposited by tei-edition {__version__}.</p>",
    ]
    if zips:
        parts.append("<p>What the zip files hold:</p><ul>")
        for name, members in sorted(zips.items()):
            listing = "".join(f"<li>{html.escape(m)}</li>" for m in members)
            parts.append(f"<li>{html.escape(name)}<ul>{listing}</ul></li>")
        parts.append("</ul>")
    return "".join(p for p in parts if p)


def record(staged: Staged, zips: dict[str, list[str]]) -> dict[str, Any]:
    """The InvenioRDM record (``metadata``, ``access``, ``files``, and ``pids`` with a DOI)."""
    whole = DataCite(staged.records["metadata/datacite.xml"])
    creators = whole.creators or [Agent(name=whole.publisher or staged.title, organization=True)]
    contributors: list[Agent] = list(whole.contributors)
    for doc in staged.documents:
        contributors += DataCite(doc.records["datacite.xml"], doc.name).contributors
    contributors = list(dict.fromkeys(c for c in contributors if c not in creators))
    metadata: dict[str, Any] = {
        "resource_type": RESOURCE_TYPE,
        "title": whole.title or staged.title,
        "creators": [{"person_or_org": _person(a)} for a in creators],
        "publication_date": next(
            (d for kind, d, _ in whole.dates() if kind == "Issued" and EDTF_DAY.match(d)),
            whole.first("d:publicationYear") or staged.stamp[:4],
        ),
        "description": _description(" ".join(whole.descriptions("Abstract")), staged, zips),
    }
    if whole.publisher:
        metadata["publisher"] = whole.publisher
    if contributors:
        metadata["contributors"] = [
            {"person_or_org": _person(a), "role": {"id": ROLES.get(a.role, "other")}}
            for a in contributors
        ]
    dates = [
        {"date": d, "type": {"id": DATE_TYPES[kind]}, **({"description": info} if info else {})}
        for kind, d, info in whole.dates()
        if kind in DATE_TYPES and EDTF_DAY.match(d)
    ]
    if dates:
        metadata["dates"] = dates
    languages = [{"id": i} for i in dict.fromkeys(language_id(t) for t in whole.languages) if i]
    if languages:
        metadata["languages"] = languages
    uri, text = whole.licence
    if uri or text:
        metadata["rights"] = [{"title": {"en": text or uri}, **({"link": uri} if uri else {})}]
    related = [
        {
            "identifier": url,
            "scheme": "url",
            "relation_type": {"id": relation.lower()},
            "resource_type": RESOURCE_TYPE,
        }
        for relation in ("HasPart", "IsDerivedFrom")
        for url in whole.related(relation)
        if url.startswith(("https://", "http://"))
    ]
    if related:
        metadata["related_identifiers"] = related
    subjects = whole.all("d:subjects/d:subject")
    if subjects:
        metadata["subjects"] = [{"subject": s} for s in subjects]
    version = whole.first("d:version")
    if version:
        metadata["version"] = version
    out: dict[str, Any] = {
        "access": {"record": "public", "files": "public"},
        "files": {"enabled": True},
        "metadata": metadata,
    }
    if whole.doi:
        out["pids"] = {"doi": {"identifier": whole.doi, "provider": "external"}}
    return out


def plan(staged: Staged, files: list[str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Which staged files go up as they are (upload name → staged path), and which zips
    hold the rest (zip name → staged paths)."""
    single: dict[str, dict[str, str]] = {}
    zips: dict[str, list[str]] = {}
    mine = staged.owners(files)
    per_folder: dict[tuple[str, str], list[str]] = {}
    for rel in mine:
        per_folder.setdefault((rel.split("/")[0], mine[rel].name), []).append(rel)
    for rel in files:
        top = rel.split("/")[0]
        if rel in mine and (top == "tei" or len(per_folder[(top, mine[rel].name)]) == 1):
            single.setdefault(top, {})[Path(rel).name] = rel
        elif top == "tei":  # the register, a file the documents refer to
            single.setdefault("tei", {})[rel.removeprefix("tei/").replace("/", "_")] = rel
        elif top in ("README.txt", "contents", "dublin_core.xml", "ro-crate-metadata.json"):
            continue
        else:
            zips.setdefault(f"{top if '/' in rel else 'metadata'}.zip", []).append(rel)
    while sum(len(g) for g in single.values()) + len(zips) > MAX_FILES and single:
        largest = max(sorted(single), key=lambda k: len(single[k]))
        zips.setdefault(f"{largest}.zip", []).extend(single.pop(largest).values())
    return {name: rel for group in single.values() for name, rel in group.items()}, zips


def _readme(staged: Staged, count: int) -> str:
    return (
        f"{staged.title}\n\n"
        f"Files for a record in Zenodo or another InvenioRDM repository, made by tei-edition\n"
        f"{__version__}: upload the {count} files of {UPLOAD}/ (at most {MAX_FILES}) to a new "
        f"record,\nand fill its form from {METADATA} (InvenioRDM's record JSON: the REST API "
        "takes it as\nit is). Check the folder first with `tei-edition verify`. "
        f"{CHECKSUMS} holds the\nsha256 of every file.\n"
    )


def render(staged: Staged, target: Path, zip_target: Path | None) -> Made:
    files = staged.files()
    singles, zips = plan(staged, files)
    listing = {name: [rel for rel in sorted(members)] for name, members in zips.items()}
    data = record(staged, listing)
    problems = invenio_schema_issues(data, METADATA)
    if problems:
        raise TeiEditionError(problems)
    built = new_folder(target)
    try:
        upload = built / UPLOAD
        upload.mkdir()
        for name, rel in singles.items():
            shutil.copyfile(staged.payload / rel, upload / name)
        for name, members in zips.items():
            zip_files(upload / name, [(rel, staged.payload / rel) for rel in members])
        text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        write(built, METADATA, text.encode("utf-8"))
        write(built, "README.txt", _readme(staged, len(singles) + len(zips)).encode("utf-8"))
        return finish(built, target, zip_target)
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
