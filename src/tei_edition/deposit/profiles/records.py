"""Reading back the staged DataCite records: the people, licence and dates that the
RO-Crate and the InvenioRDM record repeat. The DataCite record (``transforms/datacite.xsl``)
is where the header is read; these only carry its values over."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from tei_edition.deposit.verify import DATACITE_NS, NO_DOI_YET
from tei_edition.read.xmlparse import parse_bytes

NS = {"d": DATACITE_NS}
UNKNOWN = "(:unav)"


@dataclass(frozen=True)
class Agent:
    """A creator or contributor of a DataCite record."""

    name: str
    """As DataCite has it: "Family, Given" for a person whose parts are known."""
    given: str = ""
    family: str = ""
    orcid: str = ""
    """https://orcid.org/XXXX-XXXX-XXXX-XXXX, or ''."""
    organization: bool = False
    role: str = ""
    """The contributorType (Translator, Editor...), '' for a creator."""

    @property
    def display(self) -> str:
        """The name in reading order ("Given Family")."""
        if self.given and self.family:
            return f"{self.given} {self.family}"
        return self.name


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


class DataCite:
    """A DataCite kernel-4 record, parsed."""

    def __init__(self, data: bytes, name: str = "datacite.xml") -> None:
        self.root = parse_bytes(data, name).getroot()

    def all(self, path: str) -> list[str]:
        return [t for t in (_text(e) for e in self.root.xpath(path, namespaces=NS)) if t]

    def first(self, path: str) -> str:
        found = self.all(path)
        return found[0] if found else ""

    def _agents(self, path: str, name: str) -> list[Agent]:
        agents = []
        for el in self.root.xpath(path, namespaces=NS):
            full = _text(el.find(f"d:{name}", NS))
            if not full or full == UNKNOWN:
                continue
            orcids = [
                _text(i)
                for i in el.findall("d:nameIdentifier", NS)
                if i.get("nameIdentifierScheme") == "ORCID"
            ]
            agents.append(
                Agent(
                    name=full,
                    given=_text(el.find("d:givenName", NS)),
                    family=_text(el.find("d:familyName", NS)),
                    orcid=orcids[0] if orcids else "",
                    organization=el.find(f"d:{name}", NS).get("nameType") == "Organizational",
                    role=el.get("contributorType", ""),
                )
            )
        return agents

    @property
    def creators(self) -> list[Agent]:
        return self._agents("d:creators/d:creator", "creatorName")

    @property
    def contributors(self) -> list[Agent]:
        return self._agents("d:contributors/d:contributor", "contributorName")

    @property
    def title(self) -> str:
        return self.first("d:titles/d:title[not(@titleType)]") or self.first("d:titles/d:title")

    @property
    def doi(self) -> str:
        doi = self.first("d:identifier")
        return "" if doi == NO_DOI_YET else doi

    @property
    def publisher(self) -> str:
        publisher = self.first("d:publisher")
        return "" if publisher == UNKNOWN else publisher

    @property
    def licence(self) -> tuple[str, str]:
        """(address, name) of the licence: its rightsURI and the rights statement."""
        uri = next(
            (
                r.get("rightsURI")
                for r in self.root.xpath("d:rightsList/d:rights", namespaces=NS)
                if r.get("rightsURI")
            ),
            "",
        )
        return uri or "", " ".join(self.all("d:rightsList/d:rights"))

    @property
    def languages(self) -> list[str]:
        return self.all("d:language")

    def dates(self) -> list[tuple[str, str, str]]:
        """(dateType, date, dateInformation) of each date."""
        return [
            (d.get("dateType", ""), _text(d), d.get("dateInformation", ""))
            for d in self.root.xpath("d:dates/d:date", namespaces=NS)
            if _text(d)
        ]

    def related(self, relation: str) -> list[str]:
        return self.all(f"d:relatedIdentifiers/d:relatedIdentifier[@relationType='{relation}']")

    def descriptions(self, kind: str) -> list[str]:
        return self.all(f"d:descriptions/d:description[@descriptionType='{kind}']")
