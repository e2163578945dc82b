"""The published schemas a deposit's records must satisfy, checked offline.

DataCite records against the DataCite Metadata Schema 4.6 XSD, Dublin Core records
against the OAI-PMH ``oai_dc`` schema (which imports DCMI's simple DC schema), and the
InvenioRDM metadata record against InvenioRDM's JSON Schema: each vendored in
``schemas/published/`` (see its README.md). A schema's import of another by web address is
resolved to the copy there; nothing is ever fetched. Each function returns one
:class:`~tei_edition.issues.Issue` per problem, an empty list for a valid record.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from lxml import etree
from referencing import Registry
from referencing.jsonschema import DRAFT7

from tei_edition import resources
from tei_edition.issues import Issue

SCHEMAS = resources.data_dir("schemas") / "published"
DATACITE_XSD = SCHEMAS / "datacite-4.6" / "metadata.xsd"
OAI_DC_XSD = SCHEMAS / "dc" / "oai_dc.xsd"
INVENIO_RECORD = "local://records/record-v6.0.0.json"

LOCAL_COPIES = {
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": SCHEMAS
    / "dc"
    / "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": SCHEMAS / "xml" / "xml.xsd",
    "http://www.w3.org/2001/xml.xsd": SCHEMAS / "xml" / "xml.xsd",
}
"""Web addresses the vendored schemas import, and the local file each stands for."""


class _LocalOnly(etree.Resolver):
    """Resolve the schemas' imports to the vendored copies."""

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        local = LOCAL_COPIES.get(system_url)
        if local is not None:
            return self.resolve_filename(str(local), context)
        return None


@cache
def _xsd(path: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalOnly())
    return etree.XMLSchema(etree.parse(str(path), parser))


def _xsd_issues(schema: etree.XMLSchema, root: etree._Element, name: str, rule: str) -> list[Issue]:
    if schema.validate(root.getroottree()):
        return []
    return [
        Issue(name, e.line or 0, e.column or 0, rule=rule, message=e.message)
        for e in schema.error_log
    ]


def datacite_schema_issues(root: etree._Element, name: str) -> list[Issue]:
    """``root`` against the DataCite Metadata Schema 4.6."""
    return _xsd_issues(_xsd(DATACITE_XSD), root, name, "datacite-schema")


def dublin_core_schema_issues(root: etree._Element, name: str) -> list[Issue]:
    """``root`` (an ``oai_dc:dc`` record) against the OAI-PMH oai_dc and DCMI schemas."""
    return _xsd_issues(_xsd(OAI_DC_XSD), root, name, "dc-schema")


@cache
def _invenio_registry() -> Registry:
    resources = []
    base = SCHEMAS / "invenio-rdm"
    for path in sorted(p for p in base.rglob("*.json") if p.name != "languages.json"):
        uri = "local://" + path.relative_to(base).as_posix()
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((uri, DRAFT7.create_resource(contents)))
    return Registry().with_resources(resources)


def invenio_schema_issues(record: dict[str, Any], name: str) -> list[Issue]:
    """``record`` (``{"metadata": ..., "access": ..., "files": ...}``) against InvenioRDM's
    JSON Schema of a record (record-v6.0.0)."""
    registry = _invenio_registry()
    schema = registry.contents(INVENIO_RECORD)
    validator = jsonschema.Draft7Validator(
        schema, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    issues = []
    for error in sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(record)"
        issues.append(Issue(name, rule="invenio-schema", message=f"{where}: {error.message}"))
    return issues
