"""Counts of what an edition encodes: names, dates, editorial interventions."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from tei_edition import NS, TEI_NS, XML_NS
from tei_edition.edition.collect import read_document, read_register
from tei_edition.edition.config import Edition, edition_register_path
from tei_edition.edition.conventions import POINTER_ATTRIBUTES
from tei_edition.issues import Issue
from tei_edition.read.xmlparse import display_path, parse_tei
from tei_edition.resources import bundled_edition
from tei_edition.validate.edition import _points_at_register, pointer_issues

NAME_KINDS = {"persName": "person", "placeName": "place", "orgName": "org"}
NAME_RULES = {"persName": "ref-person", "placeName": "ref-place", "orgName": "ref-org"}
"""The Schematron rule (tei_edition.sch) for a name whose @ref misses its register."""

ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:.+$")
"""A token of @ref that is an absolute URI (an authority record), as tei_edition.sch has it."""

"""Attributes whose "#id" tokens reference a register entry (as in tei_edition.sch)."""

CHOICE_KINDS = {
    frozenset({"sic", "corr"}): "correction",
    frozenset({"abbr", "expan"}): "expansion",
    frozenset({"orig", "reg"}): "regularization",
}
"""A choice is one intervention, named by its pair of readings."""

READINGS = ("sic", "corr", "abbr", "expan", "orig", "reg")
INTERVENTIONS = (
    "supplied",
    *READINGS,  # outside a choice
    "ex",  # outside an expan
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
    page_breaks: int = 0
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
            f"Page breaks: {self.page_breaks}",
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


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _label(resp: str) -> str:
    return resp.split()[0].lstrip("#") if resp.strip() else "unattributed"


def _resp_label(el: etree._Element) -> str:
    """Whose intervention ``el`` is: its @resp (an expan's: or its ex's; a note's: its type)."""
    resp = el.get("resp") or ""
    if not resp and _local(el) == "expan":
        resp = next((ex.get("resp", "") for ex in el.iter(f"{{{TEI_NS}}}ex") if ex.get("resp")), "")
    if not resp and _local(el) == "note":
        resp = el.get("type", "")
    return _label(resp)


def _choice_resp(choice: etree._Element) -> str:
    """Whose a choice is: its own @resp, else its corr/expan/reg's, else any reading's."""
    members = [c for c in choice if isinstance(c.tag, str)]
    editorial = [c for c in members if _local(c) in ("corr", "expan", "reg")]
    for el in (choice, *editorial, *members):
        label = _resp_label(el)
        if label != "unattributed":
            return label
    return "unattributed"


def count_interventions(text: etree._Element) -> Counter[tuple[str, str]]:
    """(kind, resp) -> how many editorial interventions ``text`` holds, each counted once.

    A choice is one ``correction`` (sic/corr), ``expansion`` (abbr/expan) or
    ``regularization`` (orig/reg), whatever its readings; a reading outside a choice
    (a lone ``sic``) counts by its own name, an ``ex`` only outside an ``expan``.
    """
    out: Counter[tuple[str, str]] = Counter()
    for choice in text.iter(f"{{{TEI_NS}}}choice"):
        readings = frozenset(_local(c) for c in choice if isinstance(c.tag, str))
        out[(CHOICE_KINDS.get(readings, "choice"), _choice_resp(choice))] += 1
    for kind in INTERVENTIONS:
        for el in text.iter(f"{{{TEI_NS}}}{kind}"):
            parent = el.getparent()
            if kind in READINGS and parent is not None and _local(parent) == "choice":
                continue
            if kind == "ex" and any(_local(a) == "expan" for a in el.iterancestors()):
                continue
            out[(kind, _resp_label(el))] += 1
    return out


def collect_stats(path: Path | str | None = None, registers: Path | str | None = None) -> Stats:
    """Count persons, places, organisations, mentions, dates and interventions in ``path``.

    ``path`` defaults to the bundled edition. ``registers`` is the shared register that
    pointers of the form ``registers.xml#id`` name; by default that of the edition folder
    holding ``path``, if any. The register counted is the document's own entries and the
    shared entries it points to. References that do not resolve and entries of its own
    that are never referenced are listed as issues.
    """

    p = Path(path) if path is not None else bundled_edition()
    name = display_path(p)
    tree = parse_tei(p)
    root = tree.getroot()
    shared_path = Path(registers) if registers is not None else edition_register_path(p)
    shared: dict[str, etree._Element] = {}
    if shared_path is not None and shared_path.is_file():
        for el in (
            parse_tei(shared_path)
            .getroot()
            .iter(f"{{{TEI_NS}}}person", f"{{{TEI_NS}}}place", f"{{{TEI_NS}}}org")
        ):
            if el.get(f"{{{XML_NS}}}id"):
                shared[el.get(f"{{{XML_NS}}}id")] = el
    # the register's name as the edition's pointers give it (relative to the edition folder),
    # or its path relative to the document (../registers.xml from documents/)
    shared_names: set[str] = set()
    if shared_path is not None:
        shared_names = {
            shared_path.name,
            os.path.relpath(shared_path, p.parent).replace(os.sep, "/"),
        }
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
    used_shared: set[str] = set()
    for el in root.iter(*(f"{{{TEI_NS}}}{n}" for n in NAME_KINDS)):
        if text is not None and _inside(el, text):
            stats.mentions[etree.QName(el).localname] += 1
        stats.unresolved.extend(_reference_issues(el, ids, name, shared, shared_names))
        used_shared.update(
            t.partition("#")[2]
            for t in (el.get("ref") or "").split()
            if t.partition("#")[0] in shared_names and t.partition("#")[2] in shared
        )
    for ident in sorted(used_shared - set(ids)):
        stats.register[etree.QName(shared[ident]).localname] += 1
    referenced = {
        token[1:]
        for el in root.iter()
        for attribute in POINTER_ATTRIBUTES
        for token in (el.get(attribute) or "").split()
        if token.startswith("#")
    }
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
                    "register-unused",
                    f'{etree.QName(el).localname} "{xml_id}" is never referenced',
                )
            )

    if text is not None:
        stats.dates = sum(1 for _ in text.iter(f"{{{TEI_NS}}}date"))
        stats.page_breaks = sum(1 for _ in text.iter(f"{{{TEI_NS}}}pb"))
        stats.interventions = count_interventions(text)
    return stats


def _reference_issues(
    el: etree._Element,
    ids: dict[str, etree._Element],
    name: str,
    shared: dict[str, etree._Element] | None = None,
    shared_names: set[str] | None = None,
) -> list[Issue]:
    """The problems of a name's @ref, with the rule ids of tei_edition.sch; a pointer
    ``FILE#id`` into the shared register (FILE one of ``shared_names``) is judged against
    ``shared``."""
    local = etree.QName(el).localname
    wanted = NAME_KINDS[local]
    issues: list[Issue] = []

    def issue(rule: str, message: str) -> None:
        issues.append(Issue(name, el.sourceline or 0, 1, "error", "stats", rule, message))

    for token in (el.get("ref") or "").split():
        file_part, _, fragment = token.partition("#")
        into_shared = bool(shared_names and file_part in shared_names and fragment)
        if into_shared or token.startswith("#"):
            target = (shared or {}).get(fragment) if into_shared else ids.get(fragment)
            kind = etree.QName(target).localname if target is not None else ""
            if kind != wanted:
                missing = (
                    f'no entry "{fragment}" in {file_part}'
                    if into_shared
                    else (f'no xml:id "{fragment}"')
                )
                why = f"{token} is a {kind}" if kind else missing
                issue(
                    NAME_RULES[local],
                    f'{local}/@ref "{token}" does not point to a {wanted} in the register ({why})',
                )
        elif not ABSOLUTE_URI.match(token):
            hint = f" (did you mean #{token}?)" if token in ids else ""
            issue(
                "ref-pointer",
                f'{local}/@ref "{token}" is neither a pointer to a register entry (#id) '
                f"nor an absolute URI{hint}",
            )
    return issues


def _inside(el: etree._Element, ancestor: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def edition_stats(edition: Edition) -> tuple[list[Any], list[Issue], str]:
    """``tei-edition stats`` of an edition folder: each document's counts (its references
    judged against the shared register as well as its own), the problems of pointers and
    register as a whole, and a summary line."""
    docs = [read_document(p) for p in edition.documents]
    register = read_register(edition.registers)
    problems = pointer_issues(docs, register)
    per_file: list[Any] = []
    for path in edition.documents:
        stats = collect_stats(path)
        name = display_path(path)
        mine = [i for i in problems if i.file == name and i.severity == "error"]
        # pointers into the register are judged by the edition check, not per file
        per_file.append(replace(stats, unresolved=mine))
    entries = len(register.entries)
    unresolved = sum(1 for i in problems if i.severity == "error")
    unused = sum(1 for i in problems if i.rule == "edition-unused")
    lines = [
        f"Edition: {len(docs)} document(s), {entries} entries in the shared register, "
        f"{unresolved} unresolved pointer(s), {unused} entries mentioned by no document"
    ]
    # the whole edition: the counts of its documents added up
    mentions = sum((st.mentions for st in per_file), Counter())
    interventions = sum((st.interventions for st in per_file), Counter())
    lines.append(
        f"Mentions: {sum(mentions.values())} ({mentions['persName']} persons, "
        f"{mentions['placeName']} places, {mentions['orgName']} organisations)"
    )
    lines.append(f"Dates: {sum(st.dates for st in per_file)}")
    lines.append(f"Editorial interventions: {sum(interventions.values())}")
    for kind in sorted({k for k, _ in interventions}):
        by_resp = {r: n for (k, r), n in interventions.items() if k == kind}
        detail = ", ".join(f"{r} {n}" for r, n in sorted(by_resp.items()))
        lines.append(f"  {kind}: {sum(by_resp.values())} ({detail})")
    # register entries named by more than one document
    named_in: dict[str, set[str]] = {}
    for doc in docs:
        local = {e.id for e in doc.local_entries}
        for p in doc.pointers:
            shared = _points_at_register(doc, p.file_part, register.path)
            if (shared or (not p.file_part and p.fragment in local)) and (
                p.fragment in register.entries or p.fragment in local
            ):
                named_in.setdefault(p.fragment, set()).add(doc.slug)
    several = sorted(
        ((ident, len(slugs)) for ident, slugs in named_in.items() if len(slugs) > 1),
        key=lambda item: (-item[1], item[0]),
    )
    lines.append(f"Register entries named by several documents: {len(several)}")
    lines.extend(f"  {ident}: {n} documents" for ident, n in several)
    return per_file, problems, "\n".join(lines)
