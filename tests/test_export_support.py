"""Helpers shared by the stylesheet and export tests (no tests here)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html

from tei_edition import TEI_NS
from tei_edition.edition.config import edition_register_of
from tei_edition.resources import transform
from tei_edition.xslt import transform_to_string

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transforms"
SAMPLE = FIXTURES / "sample.xml"
GENERIC = FIXTURES / "generic.xml"
EDITION = Path(__file__).resolve().parents[1] / "edition" / "mikoyan-recollections-1958.xml"

HTML_XSL = transform("html.xsl")
TEXT_XSL = transform("text.xsl")

HEADER = """<teiHeader><fileDesc><titleStmt><title>Snippet</title>
<author xml:id="author"><persName>An Author</persName></author>
<respStmt xml:id="translator"><resp>translated by</resp><persName>A Translator</persName></respStmt>
<respStmt xml:id="edition"><resp>edited by</resp><orgName>An Edition</orgName></respStmt>
</titleStmt><publicationStmt><publisher>P</publisher></publicationStmt>
<sourceDesc><bibl>A source.</bibl></sourceDesc></fileDesc></teiHeader>"""

STANDOFF = """<standOff><listPerson>
<person xml:id="malenkov"><persName>Georgii Malenkov</persName><note>Soviet leader.</note></person>
</listPerson><listPlace>
<place xml:id="xibaipo"><placeName>Xibaipo</placeName><note>Village in Hebei.</note></place>
</listPlace><listOrg>
<org xml:id="cc"><orgName>Central Committee</orgName></org>
<org xml:id="politburo"><orgName>Politburo</orgName></org>
</listOrg></standOff>"""


def tei(body: str, *, wrap_p: bool = True) -> bytes:
    """A small TEI document whose body holds ``body`` (in one paragraph by default)."""
    inner = f"<p>{body}</p>" if wrap_p else body
    return (
        f'<TEI xmlns="{TEI_NS}" xml:lang="en">{HEADER}{STANDOFF}'
        f"<text><body><div>{inner}</div></body></text></TEI>"
    ).encode()


def _registers(source: Path | bytes) -> dict[str, str]:
    """The shared register of the edition a document file belongs to, as export finds it."""
    found = edition_register_of(source) if isinstance(source, Path) else ""
    return {"registers": found} if found else {}


def render_text(source: Path | bytes, reading: str = "normalized", width: int = 0) -> str:
    params = {"reading": reading, "width": width, **_registers(source)}
    return transform_to_string(TEXT_XSL, source, params)  # type: ignore[arg-type]


def render_html(source: Path | bytes, reading: str = "normalized", **params: object) -> str:
    given = {"reading": reading, **_registers(source), **params}
    return transform_to_string(HTML_XSL, source, given)  # type: ignore[arg-type]


RULE_LINE = re.compile(r"^-{20,}$", re.M)
DECORATION = re.compile(r"^[-=]+$")


def text_parts(out: str) -> list[str]:
    """A text export split at its rules: title block, body, notes (normalized only)."""
    return [part.strip("\n") for part in RULE_LINE.split(out)]


def text_body(out: str) -> str:
    """The body of a text export, headings' underlines removed, one space between words."""
    body = text_parts(out)[1]
    lines = [line for line in body.splitlines() if not DECORATION.match(line.strip())]
    return " ".join(" ".join(lines).split())


def html_tree(out: str) -> html.HtmlElement:
    return html.document_fromstring(out.encode("utf-8"))


def html_visible(out: str | html.HtmlElement, reading: str, root_id: str | None = "text") -> str:
    """The words a reader sees in one reading (no tooltips, markers, note numbers or the
    page's own section titles)."""
    doc = html_tree(out) if isinstance(out, str) else out
    doc = html.fromstring(html.tostring(doc))
    hidden = "te-d" if reading == "normalized" else "te-n"
    for el in doc.xpath(
        "//*[contains(concat(' ', normalize-space(@class), ' '), $h)"
        " or contains(concat(' ', normalize-space(@class), ' '), ' te-tip ')"
        " or contains(concat(' ', normalize-space(@class), ' '), ' te-mark ')"
        " or contains(concat(' ', normalize-space(@class), ' '), ' te-noteref ')"
        " or contains(concat(' ', normalize-space(@class), ' '), ' section-title ')"
        " or self::script or self::style]",
        h=f" {hidden} ",
    ):
        el.drop_tree()
    root = doc.get_element_by_id(root_id) if root_id else doc
    return " ".join(root.text_content().split())


# ------------------------------------------------------------ the reading's own words

_CHOICE_SOURCE = {"sic", "abbr", "orig"}
_CHOICE_EDITED = {"corr", "expan", "reg"}


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def reading_pieces(tree: etree._ElementTree, reading: str) -> list[str]:
    """Every text node of the body a reading must give, in order (a test oracle).

    Normalized: a choice gives its corr/expan/reg; diplomatic: its sic/abbr/orig (or an
    expan holding ex), and notes outside the running text are left out; the normalized
    reading leaves deleted words (del) out. Everything else
    is kept: unknown elements keep their text. Pieces are whitespace-normalized.
    """
    out: list[str] = []

    def add(text: str | None) -> None:
        if text and text.strip():
            out.append(" ".join(text.split()))

    def walk(el: etree._Element) -> None:
        name = _local(el)
        if name in ("teiHeader", "standOff"):
            return
        if name == "note" and reading == "diplomatic" and el.get("place") != "inline":
            return
        if name == "figDesc" and any(
            _local(g) == "graphic" and g.get("url") for g in el.getparent()
        ):
            # a figure's description is its image's alternative text
            return
        if name == "del" and reading == "normalized":
            # deleted words are no part of the normalized reading
            return
        children = [c for c in el if isinstance(c.tag, str)]
        if (
            name == "rdg"
            and el.getparent() is not None
            and _local(el.getparent()) == "app"
            and any(_local(c) == "lem" for c in el.getparent())
        ):
            # the readings beside a lemma are alternates (a tooltip in HTML), not the text
            return
        if name == "choice":
            names = {_local(c) for c in children}
            keep = _CHOICE_EDITED if reading == "normalized" else _CHOICE_SOURCE
            if names & _CHOICE_SOURCE and names & _CHOICE_EDITED:
                if (
                    reading == "diplomatic"
                    and any(_local(c) == "expan" for c in children)
                    and any(_local(d) == "ex" for c in children for d in c.iter())
                ):
                    keep = {"expan"}
                children = [c for c in children if _local(c) in keep]
            for c in children:
                walk(c)
            return
        add(el.text)
        for c in el:
            if isinstance(c.tag, str):
                walk(c)
            add(c.tail)

    walk(tree.getroot().find(f"{{{TEI_NS}}}text"))
    return out


def missing_pieces(pieces: list[str], output: str) -> list[str]:
    """The pieces that do not appear, whitespace-normalized, in ``output``."""
    flat = " ".join(output.split())
    return [p for p in pieces if p not in flat]
