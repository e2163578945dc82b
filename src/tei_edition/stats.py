"""Counts of what an edition encodes: names, dates, editorial interventions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tei_edition import NS, TEI_NS, XML_NS
from tei_edition.issues import Issue
from tei_edition.resources import bundled_edition
from tei_edition.xmlparse import display_path, parse_tei

NAME_KINDS = {"persName": "person", "placeName": "place", "orgName": "org"}
INTERVENTIONS = (
    "supplied",
    "sic",
    "corr",
    "abbr",
    "expan",
    "ex",
    "reg",
    "orig",
    "foreign",
    "unclear",
    "gap",
    "add",
    "del",
    "note",
)


@dataclass
class Stats:
    """What :func:`collect_stats` found in one TEI file."""

    file: str
    title: str = ""
    source: str = ""
    register: Counter[str] = field(default_factory=Counter)
    mentions: Counter[str] = field(default_factory=Counter)
    dates: int = 0
    interventions: Counter[tuple[str, str]] = field(default_factory=Counter)
    unresolved: list[Issue] = field(default_factory=list)
    unreferenced: list[Issue] = field(default_factory=list)

    def format(self) -> str:
        lines = [
            f"File: {self.file}",
            f"Title: {self.title or '(none)'}",
            f"Source: {self.source or '(none)'}",
            "Register: "
            f"{self.register['person']} persons, {self.register['place']} places, "
            f"{self.register['org']} organisations",
            f"Mentions: {sum(self.mentions.values())} "
            f"({self.mentions['persName']} persons, {self.mentions['placeName']} places, "
            f"{self.mentions['orgName']} organisations)",
            f"Dates: {self.dates}",
            f"Editorial interventions: {sum(self.interventions.values())}",
        ]
        kinds = sorted({kind for kind, _ in self.interventions})
        for kind in kinds:
            by_resp = {r: n for (k, r), n in self.interventions.items() if k == kind}
            detail = ", ".join(f"{r} {n}" for r, n in sorted(by_resp.items()))
            lines.append(f"  {kind}: {sum(by_resp.values())} ({detail})")
        lines.append(f"Unresolved references: {len(self.unresolved) or 'none'}")
        lines.extend(f"  {issue.format()}" for issue in self.unresolved)
        lines.append(f"Register entries never referenced: {len(self.unreferenced) or 'none'}")
        lines.extend(f"  {issue.format()}" for issue in self.unreferenced)
        return "\n".join(lines)


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _resp_label(el: etree._Element) -> str:
    resp = el.get("resp") or ""
    if not resp and etree.QName(el).localname in ("corr", "expan", "sic", "abbr", "orig", "reg"):
        parent = el.getparent()
        if parent is not None and etree.QName(parent).localname == "choice":
            resp = next((c.get("resp", "") for c in parent if c.get("resp")), "")
    if etree.QName(el).localname == "note" and not resp:
        resp = el.get("type", "")
    return resp.lstrip("#") or "unattributed"


def collect_stats(path: Path | str | None = None) -> Stats:
    """Count persons, places, organisations, mentions, dates and interventions in ``path``.

    ``path`` defaults to the bundled edition. References that do not resolve and
    register entries that are never referenced are listed as issues.
    """
    p = Path(path) if path is not None else bundled_edition()
    name = display_path(p)
    tree = parse_tei(p)
    root = tree.getroot()
    stats = Stats(file=name)
    stats.title = _text(root.find(".//tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", NS))
    source = root.find(".//tei:teiHeader/tei:fileDesc/tei:sourceDesc", NS)
    if source is not None:
        ident = source.find(".//tei:idno", NS)
        first = source.find(".//tei:bibl/tei:title", NS)
        stats.source = "; ".join(t for t in (_text(first), _text(ident)) if t)

    ids: dict[str, etree._Element] = {}
    for el in root.iter():
        xml_id = el.get(f"{{{XML_NS}}}id")
        if xml_id:
            ids[xml_id] = el
    for el in root.iter(f"{{{TEI_NS}}}person", f"{{{TEI_NS}}}place", f"{{{TEI_NS}}}org"):
        stats.register[etree.QName(el).localname] += 1

    text = root.find("tei:text", NS)
    referenced: set[str] = set()
    for el in root.iter(*(f"{{{TEI_NS}}}{n}" for n in NAME_KINDS)):
        local = etree.QName(el).localname
        ref = el.get("ref")
        in_text = text is not None and _inside(el, text)
        if in_text:
            stats.mentions[local] += 1
        if not ref:
            continue
        for token in ref.split():
            if not token.startswith("#"):
                continue
            target = ids.get(token[1:])
            referenced.add(token[1:])
            if target is None:
                stats.unresolved.append(
                    Issue(
                        name,
                        el.sourceline or 0,
                        1,
                        "error",
                        "stats",
                        "ref-resolves",
                        f"{local}/@ref {token} does not resolve",
                    )
                )
            elif etree.QName(target).localname != NAME_KINDS[local]:
                stats.unresolved.append(
                    Issue(
                        name,
                        el.sourceline or 0,
                        1,
                        "error",
                        "stats",
                        "ref-kind",
                        f"{local}/@ref {token} points to a {etree.QName(target).localname}, "
                        f"not a {NAME_KINDS[local]}",
                    )
                )
    for el in root.iter(f"{{{TEI_NS}}}person", f"{{{TEI_NS}}}place", f"{{{TEI_NS}}}org"):
        xml_id = el.get(f"{{{XML_NS}}}id")
        if xml_id and xml_id not in referenced:
            stats.unreferenced.append(
                Issue(
                    name,
                    el.sourceline or 0,
                    1,
                    "warning",
                    "stats",
                    "register-unreferenced",
                    f"{etree.QName(el).localname} #{xml_id} is never referenced",
                )
            )

    if text is not None:
        stats.dates = sum(1 for _ in text.iter(f"{{{TEI_NS}}}date"))
        for kind in INTERVENTIONS:
            for el in text.iter(f"{{{TEI_NS}}}{kind}"):
                stats.interventions[(kind, _resp_label(el))] += 1
        stats.interventions[("pb", "source")] += sum(1 for _ in text.iter(f"{{{TEI_NS}}}pb"))
        if not stats.interventions[("pb", "source")]:
            del stats.interventions[("pb", "source")]
    return stats


def _inside(el: etree._Element, ancestor: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False
