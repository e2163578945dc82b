"""The output formats: one registry that export, the site, the deposit and the command
line read. A new format is one entry here and a stylesheet in ``transforms/``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One output format of a document."""

    name: str
    stylesheet: str  # the driver in transforms/
    extension: str
    media_type: str
    readings: tuple[str, ...]  # the readings a deposit carries in this format
    renderer: str = ""  # what makes the file of the stylesheet's result ("fop", "epub"), or none
    deposited: str = ""  # the bag's folder for it ("" : not deposited)
    description: str = ""  # for the bag's README


REGISTRY: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "html",
            "html.xsl",
            ".html",
            "text/html",
            ("normalized", "diplomatic"),
            deposited="html",
            description="the reading edition in HTML (<name>.html) and the\n"
            "                      diplomatic reading (<name>.diplomatic.html)",
        ),
        Format("fo", "fo.xsl", ".fo", "application/xslfo+xml", ("normalized",)),
        Format(
            "pdf",
            "fo.xsl",
            ".pdf",
            "application/pdf",
            ("normalized",),
            renderer="fop",
            deposited="pdf",
            description="the reading edition in archival PDF (PDF/A-2b, fonts\n"
            "                      embedded; XSL-FO, Apache FOP)",
        ),
        Format(
            "text",
            "text.xsl",
            ".txt",
            "text/plain",
            ("normalized", "diplomatic"),
            deposited="text",
            description="the same in plain text (<name>.txt,\n"
            "                      <name>.diplomatic.txt)",
        ),
        Format(
            "epub",
            "epub.xsl",
            ".epub",
            "application/epub+zip",
            ("normalized",),
            renderer="epub",
            deposited="epub",
            description="the reading edition as an EPUB 3 book (<name>.epub)",
        ),
    )
}
"""Every format, in the order they are made; ``all`` stands for all of them."""

TEI_MEDIA_TYPE = "application/tei+xml"

NAMES: tuple[str, ...] = tuple(REGISTRY)


def deposited() -> tuple[Format, ...]:
    """The formats a deposit carries beside the TEI, in order."""
    return tuple(f for f in REGISTRY.values() if f.deposited)


def choices_help() -> str:
    """``html, fo, pdf, text or all``: the names the command line accepts."""
    return f"{', '.join(NAMES)} or all"
