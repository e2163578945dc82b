"""Export a TEI edition as HTML, XSL-FO, PDF and plain text.

Every rendering decision is made by the stylesheets in ``transforms/`` (one driver per
format, all importing ``common.xsl``); this module picks the stylesheet, checks the
parameters against the ones it declares, and writes the results.

Output names, in ``outdir``:

==========  =======================  ================================
format      normalized reading       diplomatic reading
==========  =======================  ================================
``html``    ``<stem>.html``          ``<stem>.diplomatic.html``
``fo``      ``<stem>.fo``            ``<stem>.diplomatic.fo``
``pdf``     ``<stem>.pdf``           ``<stem>.diplomatic.pdf``
``text``    ``<stem>.txt``           ``<stem>.diplomatic.txt``
==========  =======================  ================================

Every file is written whole or not at all, and nothing is written unless every
requested format was produced. Outputs are byte-identical from run to run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tei_edition.fsutil import atomic_write
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.pdf import fop_available
from tei_edition.resources import bundled_edition, transform
from tei_edition.xmlparse import display_path, parse_tei
from tei_edition.xslt import ParamValue, coerce_params, stylesheet_params
from tei_edition.xslt import transform as run_xslt

FORMATS: tuple[str, ...] = ("html", "fo", "pdf", "text")
"""Every format, in the order they are made; ``all`` stands for all of them."""

READINGS: tuple[str, ...] = ("normalized", "diplomatic")

STYLESHEETS: dict[str, str] = {
    "html": "html.xsl",
    "fo": "fo.xsl",
    "pdf": "fo.xsl",
    "text": "text.xsl",
}
EXTENSIONS: dict[str, str] = {"html": ".html", "fo": ".fo", "pdf": ".pdf", "text": ".txt"}


def stylesheet_for(fmt: str) -> Path:
    """The driver stylesheet of a format (pdf is rendered from the fo stylesheet)."""
    return transform(STYLESHEETS[fmt])


def output_name(stem: str, fmt: str, reading: str = "normalized") -> str:
    """``<stem>.html``, ``<stem>.txt`` …; ``<stem>.diplomatic.txt`` for the diplomatic reading."""
    middle = "" if reading == "normalized" else f".{reading}"
    return f"{stem}{middle}{EXTENSIONS[fmt]}"


def resolve_formats(formats: Sequence[str]) -> list[str]:
    """Expand ``all``, drop repeats, keep the canonical order; reject unknown names."""
    wanted: set[str] = set()
    for item in formats:
        for name in (part.strip().lower() for part in str(item).split(",")):
            if not name:
                continue
            if name == "all":
                wanted.update(FORMATS)
            elif name in FORMATS:
                wanted.add(name)
            else:
                raise UsageError(
                    f"unknown format {name!r}; choose from {', '.join((*FORMATS, 'all'))}"
                )
    if not wanted:
        raise UsageError(f"no format given; choose from {', '.join((*FORMATS, 'all'))}")
    return [f for f in FORMATS if f in wanted]


def format_params(
    formats: Sequence[str], reading: str, params: Mapping[str, ParamValue] | None
) -> dict[str, dict[str, ParamValue]]:
    """The typed parameters for each format's stylesheet.

    A parameter goes to every selected stylesheet that declares it; a name no selected
    stylesheet declares is an error that lists the parameters they do declare.
    """
    if reading not in READINGS:
        raise UsageError(f"unknown reading {reading!r}; choose from {', '.join(READINGS)}")
    given = dict(params or {})
    if "reading" in given:
        raise UsageError("give the reading with --reading (reading=), not as a parameter")
    declared = {fmt: stylesheet_params(stylesheet_for(fmt)) for fmt in formats}
    known = sorted({name for names in declared.values() for name in names} - {"reading"})
    unknown = [name for name in given if not any(name in d for d in declared.values())]
    if unknown:
        where = "/".join(dict.fromkeys(STYLESHEETS[f] for f in formats))
        raise UsageError(
            [
                Issue(
                    "tei-edition",
                    rule="param",
                    message=f"unknown parameter {name!r} for {where}; "
                    f"known parameters: {', '.join(known) or 'none'} "
                    "(and the reading, chosen apart)",
                )
                for name in unknown
            ]
        )
    typed: dict[str, dict[str, ParamValue]] = {}
    for fmt in formats:
        mine = {k: v for k, v in given.items() if k in declared[fmt]}
        mine["reading"] = reading
        typed[fmt] = coerce_params(stylesheet_for(fmt), mine)
    return typed


def export(
    source: Path | None,
    formats: Sequence[str],
    outdir: Path,
    *,
    reading: str = "normalized",
    params: Mapping[str, ParamValue] | None = None,
    notices: list[Issue] | None = None,
    xinclude: bool = False,
) -> list[Path]:
    """Export ``source`` (default: the bundled edition) to ``outdir``; return the files written.

    An existing file that the export replaces with different content is reported in
    ``notices`` (severity info, rule ``replaced``), so that nothing changes silently.

    ``formats``: any of ``html``, ``fo``, ``pdf``, ``text``, or ``all``. ``params`` are
    stylesheet parameters by name (strings are converted to the declared type). With
    ``xinclude``, the document's XIncludes are resolved first (files inside its folder; for
    a remote or outside target, the include's ``xi:fallback``). Raises
    :class:`TeiEditionError` on malformed input, a bad parameter or a failed rendering,
    leaving no output file behind.
    """
    src = Path(source) if source is not None else bundled_edition()
    wanted = resolve_formats(formats)
    stem = src.stem
    params = dict(params or {})
    if "html" in wanted and "other-reading-href" not in params:
        # Readers without JavaScript follow a link to the other reading's page, named
        # as this function names it.
        other = next(r for r in READINGS if r != reading)
        params["other-reading-href"] = output_name(stem, "html", other)
    typed = format_params(wanted, reading, params)
    name = display_path(src)
    tree = parse_tei(src, xinclude=xinclude)
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(Issue(display_path(outdir), rule="io", message="is not a folder"))

    results: dict[str, bytes] = {}
    for fmt in wanted:
        if fmt == "pdf" and "fo" in results and typed["pdf"] == typed["fo"]:
            continue
        results[fmt] = run_xslt(stylesheet_for(fmt), tree, typed[fmt], name=name)

    targets = [outdir / output_name(stem, fmt, reading) for fmt in wanted]
    before = {t: t.read_bytes() for t in targets if t.is_file()}
    written: list[Path] = []
    if "pdf" in wanted:
        from tei_edition.pdf import render_pdf

        fo_bytes = results.get("pdf", results.get("fo", b""))
        target = outdir / output_name(stem, "pdf", reading)
        render_pdf(fo_bytes, target, name=display_path(outdir / output_name(stem, "fo", reading)))
        written.append(target)
    for fmt in wanted:
        if fmt == "pdf":
            continue
        target = outdir / output_name(stem, fmt, reading)
        atomic_write(target, results[fmt])
        written.append(target)
    if notices is not None:
        notices.extend(
            Issue(
                display_path(t),
                severity="info",
                rule="replaced",
                message="replaced an existing file whose content differed",
            )
            for t in written
            if t in before and t.read_bytes() != before[t]
        )
    return sorted(written, key=lambda p: FORMATS.index(_format_of(p)))


def _format_of(path: Path) -> str:
    ext = path.suffix
    return next(f for f, e in EXTENSIONS.items() if e == ext)


@dataclass
class BuildResult:
    """What ``build`` wrote, and what it had to leave out."""

    files: list[Path] = field(default_factory=list)
    notices: list[Issue] = field(default_factory=list)


def build(outdir: Path, *, source: Path | None = None) -> BuildResult:
    """Validate the bundled edition, then write every format of it into ``outdir``.

    Writes ``<stem>.html``, ``<stem>.fo``, ``<stem>.pdf`` and ``<stem>.txt`` (the normalized
    reading) and ``<stem>.diplomatic.html`` and ``<stem>.diplomatic.txt`` (the diplomatic
    reading). Without Apache FOP the PDF is left out with a warning. An invalid edition
    is refused: its problems are raised and nothing is written.
    """
    src = Path(source) if source is not None else bundled_edition()
    result = BuildResult()
    _validate(src)
    formats = list(FORMATS)
    if not fop_available():
        formats.remove("pdf")
        result.notices.append(
            Issue(
                display_path(src),
                severity="warning",
                rule="fop",
                message="Apache FOP is not installed: the PDF was not made",
            )
        )
    result.files.extend(export(src, formats, outdir, reading="normalized", notices=result.notices))
    result.files.extend(
        export(src, ["html", "text"], outdir, reading="diplomatic", notices=result.notices)
    )
    return result


def _validate(src: Path) -> None:
    from tei_edition.validate import validate_paths

    report = validate_paths([src])
    if not report.ok(strict=False):
        errors = [i for i in report.issues if i.severity == "error"] or report.issues
        raise TeiEditionError(errors)
