"""What a static site offers harvesters, beside its pages: files a harvester reads without
a server answering it.

**OAI-PMH.** ``oai/static-repository.xml`` is an OAI Static Repository (the OAI's
"Specification for an OAI Static Repository and an OAI Static Repository Gateway"): one
file with the repository's Identify and ListMetadataFormats and every document's record,
in ``oai_dc`` (``transforms/dc.xsl``) and, for the documents whose header gives a DOI, in
DataCite (``transforms/datacite.xsl``). A gateway serves it to harvesters by OAI-PMH; its
``baseURL`` is the gateway's (``edition.oai_gateway``) followed by the file's address
without its scheme, as the specification asks. Beside it, ``oai/`` holds the answers to
each request as OAI-PMH responses (``Identify.xml``, ``ListMetadataFormats.xml``,
``ListRecords-PREFIX.xml``, ``ListIdentifiers-PREFIX.xml``, ``GetRecord/PREFIX/SLUG.xml``)
for gateways and harvesters that read them one by one. They need the site's address
(``edition.base_url``) and an address to write to (``edition.contact_email``, OAI-PMH's
``adminEmail``): without them, none is written, and the build says so once.

**CMIF.** ``cmif.xml`` (the Correspondence Metadata Interchange Format, which correspSearch
harvests) lists every document whose header has a ``correspDesc``: its sender and
addressee, places and dates, each person and place with its authority record (GND, VIAF,
GeoNames …) where its ``@ref`` is one or points to a register entry that has one. Only an
edition of letters has one; it needs the site's address (each letter's and the file's own)
and the edition's licence as an address (``edition.licence_url``).

**BEACON.** ``beacon-gnd.txt`` and ``beacon-viaf.txt`` (the BEACON link dump format) map
the GND and VIAF numbers of the register's entries to their pages, for services that link
an authority record to every edition that names it. They need the site's address.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from tei_edition.edition.collect import Document, Entry, is_web_address, split_pointer
from tei_edition.edition.config import Edition
from tei_edition.fsutil import content_key
from tei_edition.issues import Issue, TeiEditionError
from tei_edition.read.xmlparse import display_path, parse
from tei_edition.resources import transform
from tei_edition.site import routes
from tei_edition.site.published import link_path
from tei_edition.xslt import transform as run_xslt

TEI = "http://www.tei-c.org/ns/1.0"
OAI = "http://www.openarchives.org/OAI/2.0/"
SR = "http://www.openarchives.org/OAI/2.0/static-repository"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
DATACITE = "http://datacite.org/schema/kernel-4"

FORMATS: dict[str, tuple[str, str, str]] = {
    "oai_dc": ("dc.xsl", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC),
    "datacite": (
        "datacite.xsl",
        "https://schema.datacite.org/meta/kernel-4.6/metadata.xsd",
        DATACITE,
    ),
}
"""OAI metadata formats: prefix → (stylesheet, schema, namespace)."""

AUTHORITIES: dict[str, tuple[re.Pattern[str], str]] = {
    "gnd": (re.compile(r"https?://d-nb\.info/gnd/([0-9]+[0-9X-]*)/?"), "https://d-nb.info/gnd/"),
    "viaf": (re.compile(r"https?://(?:www\.)?viaf\.org/viaf/([0-9]+)/?"), "https://viaf.org/viaf/"),
    "geonames": (
        re.compile(r"https?://(?:www\.|sws\.)?geonames\.org/([0-9]+)(?:/[^\s]*)?"),
        "https://www.geonames.org/",
    ),
    "wikidata": (
        re.compile(r"https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/(Q[0-9]+)/?"),
        "http://www.wikidata.org/entity/",
    ),
}
"""The authority files harvesters match on: name → (a record's address, its prefix)."""

STATIC_LIMIT = 5000
"""The most records a static repository holds (the OAI's specification)."""

FORMAT = "1"
"""Changed when the same edition would give other bytes in one of these files."""

BEACONS = ("gnd", "viaf")
"""The authorities a BEACON file is written for."""

OAI_SKIPPED = (
    "oai/ skipped: an OAI-PMH repository needs the site's address (edition.base_url) and an "
    "address harvesters write to (edition.contact_email): {missing} not set"
)
BEACON_SKIPPED = (
    "beacon-{name}.txt skipped: edition.base_url is not set, and a BEACON file maps "
    "authority numbers to the entries' addresses"
)
CMIF_SKIPPED = (
    "cmif.xml skipped: the documents describe letters (correspDesc), and a CMIF file needs "
    "{missing}"
)


def authority(href: str) -> tuple[str, str] | None:
    """``(name, number)`` of an authority record's address (GND, VIAF, GeoNames, Wikidata),
    or None."""
    for name, (pattern, _prefix) in AUTHORITIES.items():
        found = pattern.fullmatch(href.strip())
        if found:
            return name, found.group(1)
    return None


def canonical(href: str) -> str:
    """An authority record's address in the form its authority gives (``https://d-nb.info/
    gnd/118540238``); any other address as it is."""
    found = authority(href)
    return AUTHORITIES[found[0]][1] + found[1] if found else href.strip()


def _url(base: str, rel: str) -> str:
    return base.rstrip("/") + "/" + link_path(rel)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass
class Doors:
    """The files a build offers harvesters: (path in OUT, key, how it is made), which doors
    exist (``oai``, ``cmif``, ``beacon-gnd`` …, each with the file the page links to), and
    the notices of those skipped."""

    files: list[tuple[str, str, Callable[[], bytes]]] = field(default_factory=list)
    doors: list[tuple[str, str]] = field(default_factory=list)
    notices: list[Issue] = field(default_factory=list)
    # each document's OAI records, by a key of what they are made from: those made by this
    # build, and (None) the keys of the others, whose records are kept as they were
    records: dict[str, Any] = field(default_factory=dict)


Records = Mapping[str, Any]
"""Each document's OAI records as an earlier build made them, by a key of what they are
made from (``{"records": {prefix: XML}, "notices": [[severity, rule, message], ...]}``):
the build's record (site/manifest.py) reads one as it is asked for."""


def doors(
    edition: Edition,
    docs: list[Document],
    entries: dict[str, Entry],
    date: str,
    remembered: Records | None = None,
) -> Doors:
    """Every door of the edition's site (see above); ``date`` is the build's (YYYY-MM-DD),
    the records' datestamp. A document's OAI records are made again only when it changed
    (``remembered``: those an earlier build made; :attr:`Doors.records`: this one's)."""
    found = Doors()
    where = display_path(edition.config_file) if edition.config_file else edition.config.title
    _oai(edition, docs, date, found, where, remembered or {})
    _cmif(edition, docs, entries, date, found, where)
    _beacons(edition, entries, found, where)
    return found


# ---------------------------------------------------------------------------- OAI-PMH


def _oai(
    edition: Edition, docs: list[Document], date: str, found: Doors, where: str, remembered: Records
) -> None:
    c = edition.config
    missing = [n for n, v in (("edition.base_url", c.base_url),
                              ("edition.contact_email", c.contact_email)) if not v]  # fmt: skip
    host = (urlsplit(c.base_url).hostname or "") if c.base_url else ""
    if missing:
        text = OAI_SKIPPED.format(
            missing=" and ".join(missing) + (" are" if len(missing) > 1 else " is")
        )
        found.notices.append(Issue(where, severity="info", rule="oai", message=text))
        return
    if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+", host):
        text = (f"oai/ skipped: the host of edition.base_url ({host}) is no domain name, which "
                "OAI identifiers are made of")  # fmt: skip
        found.notices.append(Issue(where, severity="info", rule="oai", message=text))
        return
    repository = _url(c.base_url, routes.OAI_REPOSITORY)
    if c.oai_gateway:
        base = c.oai_gateway.rstrip("/") + "/" + re.sub(r"^https?://", "", repository)
    else:
        base = repository
    prefix_path = urlsplit(c.base_url).path.strip("/")
    sheets = b"".join(transform(FORMATS[p][0]).read_bytes() for p in FORMATS)
    # what a document's records are made from, beside the document (this module's code too)
    made_by = content_key(
        FORMAT, Path(__file__).read_bytes(), sheets, transform("dc.xsl").read_bytes(), date,
        c.base_url,
    )  # fmt: skip
    own_keys = {d.slug: content_key(made_by, d.slug, d.digest) for d in docs}
    found.records.update(dict.fromkeys(own_keys.values()))  # kept, unless made again
    # the files of one document (GetRecord) are keyed by it; those of all, by all
    key_base = content_key(made_by, base, repository, c.title, c.contact_email)
    key = content_key(key_base, *(own_keys[d.slug] for d in docs))
    own: dict[str, dict[str, etree._Element]] = {}  # slug → prefix → the record's root
    records: dict[str, dict[str, etree._Element]] = {}

    def records_of(doc: Document) -> dict[str, etree._Element]:
        if doc.slug not in own:
            own[doc.slug] = _document_records(
                edition, doc, date, found, own_keys[doc.slug], remembered
            )
        return own[doc.slug]

    def identifier(doc: Document) -> str:
        path = "/".join(p for p in (prefix_path, routes.document(doc.slug)) if p)
        return f"oai:{host}:{link_path(path)}"

    def made() -> dict[str, dict[str, etree._Element]]:
        if not records:
            records.update({p: {} for p in FORMATS})
            for doc in docs:
                for prefix, root in records_of(doc).items():
                    records[prefix][doc.slug] = root
        return records

    stamp = f"{date}T00:00:00Z"

    def header(doc: Document) -> etree._Element:
        h = etree.Element(f"{{{OAI}}}header")
        etree.SubElement(h, f"{{{OAI}}}identifier").text = identifier(doc)
        etree.SubElement(h, f"{{{OAI}}}datestamp").text = date
        return h

    def record(doc: Document, metadata: etree._Element) -> etree._Element:
        r = etree.Element(f"{{{OAI}}}record")
        r.append(header(doc))
        etree.SubElement(r, f"{{{OAI}}}metadata").append(_copy(metadata))
        return r

    def identify(ns: str) -> etree._Element:
        i = etree.Element(f"{{{ns}}}Identify")
        for name, value in (
            ("repositoryName", c.title),
            ("baseURL", base),
            ("protocolVersion", "2.0"),
            ("adminEmail", c.contact_email),
            ("earliestDatestamp", date),
            ("deletedRecord", "no"),
            ("granularity", "YYYY-MM-DD"),
        ):
            etree.SubElement(i, f"{{{OAI}}}{name}").text = value
        return i

    def formats(ns: str, prefixes: list[str]) -> etree._Element:
        lm = etree.Element(f"{{{ns}}}ListMetadataFormats")
        for prefix in prefixes:
            fmt = etree.SubElement(lm, f"{{{OAI}}}metadataFormat")
            etree.SubElement(fmt, f"{{{OAI}}}metadataPrefix").text = prefix
            etree.SubElement(fmt, f"{{{OAI}}}schema").text = FORMATS[prefix][1]
            etree.SubElement(fmt, f"{{{OAI}}}metadataNamespace").text = FORMATS[prefix][2]
        return lm

    def prefixes() -> list[str]:
        return [p for p in FORMATS if made()[p]]

    def static_repository() -> bytes:
        root = etree.Element(f"{{{SR}}}Repository", nsmap={None: SR, "oai": OAI, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", f"{SR} http://www.openarchives.org/OAI/2.0/"
                 "static-repository.xsd")  # fmt: skip
        root.append(identify(SR))
        root.append(formats(SR, prefixes()))
        for prefix in prefixes():
            lr = etree.SubElement(root, f"{{{SR}}}ListRecords", metadataPrefix=prefix)
            for doc in docs:
                if doc.slug in made()[prefix]:
                    lr.append(record(doc, made()[prefix][doc.slug]))
        return _xml(root)

    def response(verb: str, body: etree._Element | None, **request: str) -> bytes:
        root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/"
                 "OAI-PMH.xsd")  # fmt: skip
        etree.SubElement(root, f"{{{OAI}}}responseDate").text = stamp
        req = etree.SubElement(root, f"{{{OAI}}}request", verb=verb, **request)
        req.text = base
        if body is not None:
            root.append(body)
        return _xml(root)

    def list_records(prefix: str, full: bool) -> bytes:
        verb = "ListRecords" if full else "ListIdentifiers"
        body = etree.Element(f"{{{OAI}}}{verb}")
        for doc in docs:
            if doc.slug in made()[prefix]:
                body.append(record(doc, made()[prefix][doc.slug]) if full else header(doc))
        return response(verb, body, metadataPrefix=prefix)

    def get_record(prefix: str, doc: Document) -> bytes:
        body = etree.Element(f"{{{OAI}}}GetRecord")
        body.append(record(doc, records_of(doc)[prefix]))
        return response("GetRecord", body, identifier=identifier(doc), metadataPrefix=prefix)

    files = found.files
    if len(docs) <= STATIC_LIMIT:
        files.append((routes.OAI_REPOSITORY, key, static_repository))
        found.doors.append(("oai", routes.OAI_REPOSITORY))
    else:
        text = (f"oai/static-repository.xml skipped: a static repository holds at most "
                f"{STATIC_LIMIT} records, and the edition has {len(docs)} documents (the "
                "files of oai/ answer each request all the same)")  # fmt: skip
        found.notices.append(Issue(where, severity="info", rule="oai", message=text))
        found.doors.append(("oai-files", routes.oai("Identify")))
    files.append((routes.oai("Identify"), key_base, lambda: response("Identify", identify(OAI))))
    files.append(
        (routes.oai("ListMetadataFormats"), key,
         lambda: response("ListMetadataFormats", formats(OAI, prefixes())))
    )  # fmt: skip
    # which documents have a record in which format is known once the records are made:
    # the files of every format are listed (their keys the same), those of a format
    # without records are left out when they are written (see build.py)
    for prefix in FORMATS:
        for verb, full in (("ListRecords", True), ("ListIdentifiers", False)):
            files.append(
                (routes.oai(f"{verb}-{prefix}"), key,
                 _when(lambda p=prefix: bool(made()[p]),
                       lambda p=prefix, f=full: list_records(p, f)))
            )  # fmt: skip
        for doc in docs:
            files.append(
                (routes.oai(f"GetRecord/{prefix}/{doc.slug}"),
                 content_key(key_base, own_keys[doc.slug]),
                 _when(lambda p=prefix, d=doc: p in records_of(d),
                       lambda p=prefix, d=doc: get_record(p, d)))
            )  # fmt: skip


class Absent(Exception):
    """A file of the list that has nothing to hold (a metadata format no document has)."""


def _when(test: Callable[[], bool], make: Callable[[], bytes]) -> Callable[[], bytes]:
    def made() -> bytes:
        if not test():
            raise Absent
        return make()

    return made


def _copy(el: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(el))


_BLANKLESS = etree.XMLParser(remove_blank_text=True)


def _document_records(
    edition: Edition, doc: Document, date: str, found: Doors, key: str, remembered: Records
) -> dict[str, etree._Element]:
    """The document's record in each format (prefix → the record's root), as an earlier
    build made them (``remembered``) where ``key`` is the same, else made (and its
    notices said). A DataCite record only where the header gives a DOI (its identifier
    is required)."""
    had = remembered.get(key)
    if had is not None:
        try:
            roots = {p: etree.fromstring(x.encode("utf-8"), _BLANKLESS)
                     for p, x in had["records"].items() if p in FORMATS}  # fmt: skip
            where = display_path(doc.path)
            found.notices.extend(
                Issue(where, severity=str(s), rule=str(r), message=str(m))
                for s, r, m in had["notices"]
            )
            return roots
        except (TypeError, ValueError, KeyError, AttributeError, etree.XMLSyntaxError):
            pass  # not a record this version wrote: made again
    c = edition.config
    roots, notices = {}, []
    tree = parse(doc.path)
    for prefix, (sheet, _schema, _ns) in FORMATS.items():
        params = {"bagging-date": date, "doi": ""}
        if sheet == "datacite.xsl":
            params["formats"] = "application/tei+xml text/html"
        try:
            data = run_xslt(transform(sheet), tree, params, name=display_path(doc.path))
        except TeiEditionError as exc:  # one record less, and the build says why
            why = "; ".join(i.message for i in exc.issues)[:300]
            text = f"no {prefix} record in oai/: {why}"
            notices.append(Issue(display_path(doc.path), severity="warning", rule="oai",
                                 message=text))  # fmt: skip
            continue
        root = etree.fromstring(data, _BLANKLESS)
        if prefix == "datacite":
            ident = root.find(f"{{{DATACITE}}}identifier")
            # no DOI: the record says "(:tba)", to be assigned, which no harvester can use
            if ident is None or (ident.text or "").strip() in ("", "(:tba)"):
                continue
        if prefix == "oai_dc":
            page = _url(c.base_url, routes.document(doc.slug))
            if page not in [e.text for e in root.iter(f"{{{DC}}}identifier")]:
                _insert_identifier(root, page)
        roots[prefix] = root
    found.notices.extend(notices)
    found.records[key] = {
        "records": {p: etree.tostring(r, encoding="unicode") for p, r in roots.items()},
        "notices": [[i.severity, i.rule, i.message] for i in notices],  # its path apart
    }
    return roots


def _insert_identifier(root: etree._Element, url: str) -> None:
    """The page's address as a ``dc:identifier`` (after the record's others, if any)."""
    el = etree.Element(f"{{{DC}}}identifier")
    el.text = url
    idents = list(root.iter(f"{{{DC}}}identifier"))
    if idents:
        idents[-1].addnext(el)
    else:
        root.append(el)


# ---------------------------------------------------------------------------- CMIF

_CORRESP_NAMES = {"persName": "persName", "orgName": "orgName", "name": "persName", "rs": ""}
_CORRESP_PLACES = {"placeName", "settlement"}
_DATING = ("when", "from", "to", "notBefore", "notAfter")
_W3C = re.compile(r"-?\d{4}(-\d{2}(-\d{2})?)?")


def _cmif(
    edition: Edition,
    docs: list[Document],
    entries: dict[str, Entry],
    date: str,
    found: Doors,
    where: str,
) -> None:
    letters: list[tuple[Document, etree._Element]] = []
    for doc in docs:  # each letter's correspDesc, as the document's record keeps it
        for line, xml in doc.letters:
            desc = _fragment(xml)
            if desc is None:  # not to be parsed on its own (an entity it does not declare)
                desc = _read_again(doc, line)
            if desc is not None:
                desc.sourceline = line  # its line in the document, for the notices
                letters.append((doc, desc))
    if not letters:
        return  # no correspondence: no CMIF, and nothing to say
    c = edition.config
    missing = [n for n, v in (("edition.base_url", c.base_url),
                              ("edition.licence_url", c.licence_url)) if not v]  # fmt: skip
    if missing:
        text = CMIF_SKIPPED.format(missing=" and ".join(missing))
        found.notices.append(Issue(where, severity="info", rule="cmif", message=text))
        return
    key = content_key(
        "cmif",
        FORMAT,
        c.title,
        c.base_url,
        c.licence,
        c.licence_url,
        c.publisher,
        c.contact_email,
        "|".join(c.editors),
        date,
        *(f"{d.slug}\t{d.digest}" for d in docs),
        *(f"{e.id}\t{e.authorities}" for e in entries.values()),
    )
    found.files.append((routes.CMIF, key, lambda: _cmif_file(edition, letters, entries, date)))
    found.doors.append(("cmif", routes.CMIF))
    found.notices.extend(_cmif_problems(letters))


_FRAGMENTS = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _fragment(xml: str) -> etree._Element | None:
    try:
        return etree.fromstring(xml, _FRAGMENTS)
    except etree.XMLSyntaxError:
        return None


def _read_again(doc: Document, line: int) -> etree._Element | None:
    """The correspDesc of ``doc`` at ``line``, read from the document itself."""
    try:
        root = parse(doc.path).getroot()
    except Exception:  # the edition's check has said what is wrong with it
        return None
    path = f"{{{TEI}}}teiHeader/{{{TEI}}}profileDesc/{{{TEI}}}correspDesc"
    return next((d for d in root.iterfind(path) if (d.sourceline or 0) == line), None)


def _cmif_problems(letters: list[tuple[Document, etree._Element]]) -> list[Issue]:
    """A letter CMIF cannot list: one that names no sender's or no addressee's action."""
    problems = []
    for doc, desc in letters:
        types = {a.get("type") for a in _actions(desc)}
        lacking = [t for t in ("sent", "received") if t not in types]
        if lacking:
            problems.append(
                Issue(
                    display_path(doc.path),
                    desc.sourceline or 0,
                    severity="info",
                    rule="cmif",
                    message=f"not in cmif.xml: its correspDesc has no correspAction "
                    f"type={lacking[0]!r} with a name, place or date (CMIF requires both "
                    "'sent' and 'received')",
                )
            )
    return problems


def _actions(desc: etree._Element) -> list[etree._Element]:
    """The correspActions CMIF takes (sent, received) that hold a name, place or date."""
    return [
        a
        for a in desc.iterfind(f"{{{TEI}}}correspAction")
        if a.get("type") in ("sent", "received") and _action_parts(a, {})
    ]


def _ref(el: etree._Element, entries: dict[str, Entry], places: bool) -> str:
    """The authority record of a name: its @ref where that is one, else that of the register
    entry it points to (GND, VIAF, Wikidata for persons; GeoNames first for places)."""
    order = ("geonames", "wikidata", "gnd", "viaf") if places else ("gnd", "viaf", "wikidata")
    hrefs: list[str] = []
    for token in (el.get("ref") or "").split():
        if is_web_address(token):
            if re.match(r"https?://", token):
                hrefs.append(token)
            continue
        entry = entries.get(split_pointer(token)[1])
        if entry is not None:
            hrefs.extend(h for _t, h in entry.authorities)
    known = [(authority(h), h) for h in hrefs]
    for name in order:
        for got, h in known:
            if got and got[0] == name:
                return canonical(h)
    return hrefs[0].strip() if hrefs else ""


def _action_parts(action: etree._Element, entries: dict[str, Entry]) -> list[etree._Element]:
    """A correspAction as CMIF has it: its names, places and date."""
    parts: list[etree._Element] = []
    for child in action:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        words = " ".join("".join(child.itertext()).split())
        if local in _CORRESP_NAMES and words:
            tag = _CORRESP_NAMES[local] or ("orgName" if child.get("type") == "org" else "persName")
            if local == "rs" and child.get("type") not in (None, "person", "org"):
                continue
            el = etree.Element(f"{{{TEI}}}{tag}")
            el.text = words
            ref = _ref(child, entries, places=False)
            if ref:
                el.set("ref", ref)
            parts.append(el)
        elif local in _CORRESP_PLACES and words:
            el = etree.Element(f"{{{TEI}}}placeName")
            el.text = words
            ref = _ref(child, entries, places=True)
            if ref:
                el.set("ref", ref)
            parts.append(el)
        elif local == "date":
            dating = {a: child.get(a, "").strip() for a in _DATING if child.get(a)}
            dating = {a: v for a, v in dating.items() if _W3C.fullmatch(v)}
            if dating:
                el = etree.Element(f"{{{TEI}}}date", dating)
                parts.append(el)
    return parts


def _cmif_file(
    edition: Edition,
    letters: list[tuple[Document, etree._Element]],
    entries: dict[str, Entry],
    date: str,
) -> bytes:
    c = edition.config

    def E(tag: str, text: str = "", **attrs: str) -> etree._Element:
        el = etree.Element(f"{{{TEI}}}{tag}", {k.replace("_", ":"): v for k, v in attrs.items()})
        if text:
            el.text = text
        return el

    # the edition's bibl: a UUID, as CMIF asks, made from the site's address (the same each build)
    # (an xml:id is a name, which may not begin with a digit: the UUID after "cmif-")
    bibl_id = "cmif-" + str(uuid.uuid5(uuid.NAMESPACE_URL, c.base_url))
    root = etree.Element(f"{{{TEI}}}TEI", nsmap={None: TEI})
    header = etree.SubElement(root, f"{{{TEI}}}teiHeader")
    file_desc = etree.SubElement(header, f"{{{TEI}}}fileDesc")
    title_stmt = etree.SubElement(file_desc, f"{{{TEI}}}titleStmt")
    title_stmt.append(E("title", c.title))
    for name in c.editors or (c.publisher or c.title,):
        editor = E("editor", name)
        if c.contact_email:
            editor.append(E("email", c.contact_email))
        title_stmt.append(editor)
    pub = etree.SubElement(file_desc, f"{{{TEI}}}publicationStmt")
    publisher = etree.SubElement(pub, f"{{{TEI}}}publisher")
    publisher.append(E("ref", c.publisher or c.title, target=c.base_url))
    pub.append(E("idno", _url(c.base_url, routes.CMIF), type="url"))
    pub.append(E("date", when=date))
    availability = etree.SubElement(pub, f"{{{TEI}}}availability")
    availability.append(E("licence", c.licence or c.licence_url, target=c.licence_url))
    source_desc = etree.SubElement(file_desc, f"{{{TEI}}}sourceDesc")
    bibl = E("bibl", type="online")
    bibl.set("{http://www.w3.org/XML/1998/namespace}id", bibl_id)
    bibl.text = ", ".join(p for p in (c.title, ", ".join(c.editors), c.publisher) if p) + ". "
    bibl.append(E("ref", c.base_url, target=c.base_url))
    source_desc.append(bibl)
    profile = etree.SubElement(header, f"{{{TEI}}}profileDesc")
    for doc, desc in letters:
        actions = _actions(desc)
        if {a.get("type") for a in actions} != {"sent", "received"}:
            continue
        out = E(
            "correspDesc", ref=_url(c.base_url, routes.document(doc.slug)), source=f"#{bibl_id}"
        )
        for action in sorted(actions, key=lambda a: a.get("type") != "sent"):
            el = E("correspAction", type=action.get("type", ""))
            el.extend(_action_parts(action, entries))
            out.append(el)
        profile.append(out)
    text = etree.SubElement(root, f"{{{TEI}}}text")
    body = etree.SubElement(text, f"{{{TEI}}}body")
    etree.SubElement(body, f"{{{TEI}}}p")
    return _xml(root)


# ---------------------------------------------------------------------------- BEACON


def _beacons(edition: Edition, entries: dict[str, Entry], found: Doors, where: str) -> None:
    c = edition.config
    for name in BEACONS:
        links: dict[str, tuple[str, str]] = {}
        for entry in entries.values():
            for _kind, href in entry.authorities:
                got = authority(href)
                if got and got[0] == name and got[1] not in links:
                    links[got[1]] = (entry.name, entry.id)
        if not links:
            continue
        if not c.base_url:
            text = BEACON_SKIPPED.format(name=name)
            found.notices.append(Issue(where, severity="info", rule="beacon", message=text))
            continue
        rel = routes.beacon(name)
        data = beacon(
            name, links, c.title, _url(c.base_url, rel), _url(c.base_url, "register/"),
            c.publisher, c.contact_email, c.base_url,
        ).encode("utf-8")  # fmt: skip
        found.files.append((rel, content_key(data), lambda d=data: d))
        found.doors.append((f"beacon-{name}", rel))


def beacon(
    authority_name: str,
    links: dict[str, tuple[str, str]],
    title: str,
    feed: str,
    register: str,
    creator: str,
    contact: str,
    homepage: str,
) -> str:
    """A BEACON file: the meta lines, then a link line per authority number (sorted):
    ``NUMBER|NAME|ENTRY-ID``, the entry's page being the #TARGET pattern with its id."""
    prefix = AUTHORITIES[authority_name][1]
    lines = [
        "#FORMAT: BEACON",
        f"#PREFIX: {prefix}",
        f"#TARGET: {register}{{ID}}.html",
        f"#NAME: {_one_line(title)}",
        f"#FEED: {feed}",
        f"#HOMEPAGE: {homepage}",
    ]
    if creator:
        lines.append(f"#CREATOR: {_one_line(creator)}")
    if contact:
        lines.append(f"#CONTACT: {contact}")
    lines.append("")
    for number in sorted(links):
        name, ident = links[number]
        lines.append(f"{number}|{_one_line(name).replace('|', '/')}|{link_path(ident)}")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


__all__ = ["AUTHORITIES", "Absent", "Doors", "authority", "beacon", "canonical", "doors"]
