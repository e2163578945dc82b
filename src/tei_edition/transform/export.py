"""Export a TEI edition as HTML, XSL-FO, PDF, plain text and EPUB.

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
``epub``    ``<stem>.epub``          ``<stem>.diplomatic.epub``
==========  =======================  ================================

An edition folder's EPUB is one book of the whole edition (:func:`export_edition_epub`),
named after the folder.

Every file is written whole or not at all, and nothing is written unless every
requested format was produced. Outputs are byte-identical from run to run.
"""

from __future__ import annotations

import base64
import contextlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from tei_edition import TEI_NS
from tei_edition import formats as registry
from tei_edition.fsutil import atomic_write
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.progress import Progress, silent
from tei_edition.read.xmlparse import XINCLUDE, display_path, parse_tei, read_bytes
from tei_edition.resources import bundled_edition, transform
from tei_edition.transform.epub import document_epub, edition_epub
from tei_edition.transform.pdf import check_profile, fop_available, render_pdf, run_fop_many
from tei_edition.workers import jobs_or_default, run_each
from tei_edition.xslt import ParamValue, coerce_params, stylesheet_params
from tei_edition.xslt import transform as run_xslt

FORMATS: tuple[str, ...] = registry.NAMES
"""Every format, in the order they are made; ``all`` stands for all of them."""

READINGS: tuple[str, ...] = ("normalized", "diplomatic")

STYLESHEETS: dict[str, str] = {f.name: f.stylesheet for f in registry.REGISTRY.values()}
EXTENSIONS: dict[str, str] = {f.name: f.extension for f in registry.REGISTRY.values()}


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
    xinclude: bool | None = None,
    pdf_profile: str | None = None,
) -> list[Path]:
    """Export ``source`` (default: the bundled edition) to ``outdir``; return the files written.

    An existing file that the export replaces with different content is reported in
    ``notices`` (severity info, rule ``replaced``), so that nothing changes silently.

    ``formats``: any of ``html``, ``fo``, ``pdf``, ``text``, or ``all``. ``params`` are
    stylesheet parameters by name (strings are converted to the declared type). The
    document's XIncludes are resolved first (files inside its folder; for a remote or
    outside target, the include's ``xi:fallback``): by default an include that cannot be
    resolved is left out with a warning in ``notices``; with ``xinclude=True`` it is an
    error; with ``xinclude=False`` none is resolved, and a warning in ``notices`` says how
    many were left out. ``pdf_profile``
    ``pdfa-2b`` makes the PDF archival (PDF/A-2b, every font embedded; see
    :mod:`tei_edition.transform.pdf`). Raises
    :class:`TeiEditionError` on malformed input, a bad parameter or a failed rendering,
    leaving no output file behind.
    """
    pdf_profile = check_profile(pdf_profile)
    made = _make(source, formats, outdir, reading, params, xinclude)
    if notices is not None:
        notices.extend(made.notices)
    return _write(made, outdir, reading, notices, profile=pdf_profile)


IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}
"""The images a figure's graphic may show, by file name ending: those browsers and FOP
both read."""

FIGURES_PARAM = "{https://tei-edition.org/ns}figure-files"
"""The stylesheets' private parameter that receives a document's figure images."""

MAX_FIGURE_BYTES = 8 * 1024 * 1024
"""Largest image file a figure brings into the PDF (embedded) and beside the HTML."""


@dataclass
class _Figure:
    """A local image a figure's graphic shows: its @url, the file, its name beside the
    output."""

    url: str
    path: Path
    copy: str


def _figures(tree: etree._ElementTree, src: Path, notices: list[Issue]) -> list[_Figure]:
    """The local images of the document's figures (``figure//graphic/@url`` in its text):
    relative paths to image files inside the document's folder, read the way XIncludes are
    (no URL, nothing outside the folder); the others are left to the stylesheets (a remote
    image is linked, never fetched) or reported (a local file that cannot be shown)."""
    t = "{" + TEI_NS + "}"
    root = tree.getroot()
    folder = src.resolve().parent
    found: dict[str, _Figure] = {}
    refused: dict[str, list[tuple[int, str]]] = {}  # why: (line, url) of each image
    for graphic in root.iter(t + "graphic"):
        url = (graphic.get("url") or "").strip()
        ancestors = {a.tag for a in graphic.iterancestors()}
        if not url or url in found or t + "figure" not in ancestors:
            continue
        if not ancestors & {t + "text", t + "sourceDoc"}:
            continue
        parts = urlparse(url)
        if parts.scheme or parts.netloc or parts.query or parts.fragment:
            continue  # a web address: linked as it is

        def warn(why: str, graphic: etree._Element = graphic, url: str = url) -> None:
            line = graphic.sourceline or 0
            refused.setdefault(why, []).append((line, url))

        path = (folder / unquote(parts.path)).resolve()
        if not path.is_relative_to(folder):
            warn("outside the document's folder")
        elif path.suffix.lower() not in IMAGE_TYPES:
            warn(f"not an image shown ({', '.join(IMAGE_TYPES)})")
        elif not path.is_file():
            warn("not found")
        elif path.stat().st_size > MAX_FIGURE_BYTES:
            warn(f"larger than {MAX_FIGURE_BYTES} bytes")
        else:
            rel = path.relative_to(folder).as_posix()
            found[url] = _Figure(url, path, f"{src.stem}-figures/{rel}")
    # one warning per image, or one for many images left out for the same reason
    for why, where in refused.items():
        shown = where if len(where) <= 3 else where[:1]
        for line, url in shown:
            more = f" (and {len(where) - 1} more)" if len(where) > 3 else ""
            notices.append(
                Issue(
                    display_path(src),
                    line,
                    1,
                    severity="warning",
                    rule="figure",
                    message=f"figure image {why}, its caption stands for it: {url}{more}",
                )
            )
    return list(found.values())


def _figure_param(figures: list[_Figure], fmt: str) -> str:
    """The stylesheets' figure-files: one line per image, its @url, a tab, and where
    the output finds it (the copy beside the HTML; the image itself, embedded, in the PDF)."""
    lines = []
    for f in figures:
        if fmt == "html":
            where = f.copy
        elif fmt in ("fo", "pdf"):
            data = base64.b64encode(read_bytes(f.path)).decode("ascii")
            where = f"data:{IMAGE_TYPES[f.path.suffix.lower()]};base64,{data}"
        else:
            where = f.copy
        lines.append(f"{f.url}\t{where}")
    return "\n".join(lines)


@dataclass
class _Made:
    """A source's stylesheet results, not yet written."""

    src: Path
    wanted: list[str]
    results: dict[str, bytes]
    notices: list[Issue] = field(default_factory=list)
    figures: list[_Figure] = field(default_factory=list)

    def fo_for_pdf(self) -> bytes:
        return self.results.get("pdf", self.results.get("fo", b""))


def _make(
    source: Path | None,
    formats: Sequence[str],
    outdir: Path,
    reading: str,
    params: Mapping[str, ParamValue] | None,
    xinclude: bool | None = None,
) -> _Made:
    src = Path(source) if source is not None else bundled_edition()
    wanted = resolve_formats(formats)
    stem = src.stem
    params = dict(params or {})
    if "registers" not in params:
        # a document of an edition folder points into the edition's shared register
        from tei_edition.edition.config import edition_register_of

        registers = edition_register_of(src)
        if registers:
            params["registers"] = registers
    if {"fo", "pdf"} & set(wanted) and "page-images" not in params:
        images = page_images(src)
        if images:
            params["page-images"] = images
    if "html" in wanted and "other-reading-href" not in params:
        # Readers without JavaScript follow a link to the other reading's page, named
        # as this function names it.
        other = next(r for r in READINGS if r != reading)
        params["other-reading-href"] = output_name(stem, "html", other)
    typed = format_params(wanted, reading, params)
    name = display_path(src)
    notices: list[Issue] = []
    tree = parse_tei(
        src, xinclude=xinclude is not False, unresolved=notices if xinclude is None else None
    )
    if xinclude is False:
        left = sum(1 for _ in tree.getroot().iter(XINCLUDE))
        if left:
            notices.append(
                Issue(
                    name,
                    severity="warning",
                    rule="xinclude",
                    message=f"{left} XInclude(s) not resolved (--no-xinclude): "
                    "what they include is not in the output",
                )
            )
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(Issue(display_path(outdir), rule="io", message="is not a folder"))

    figures = _figures(tree, src, notices)
    results: dict[str, bytes] = {}
    for fmt in wanted:
        if fmt == "pdf" and "fo" in results and typed["pdf"] == typed["fo"]:
            continue
        if fmt == "epub":  # the stylesheet makes the book's files, packaged as one
            results[fmt] = document_epub(tree, typed[fmt], name=name)
            continue
        strings = {FIGURES_PARAM: _figure_param(figures, fmt)} if figures else None
        results[fmt] = run_xslt(stylesheet_for(fmt), tree, typed[fmt], name=name, strings=strings)
    return _Made(src, wanted, results, notices, figures if "html" in wanted else [])


PDF_IMAGE_SIZE = 1400
"""The longest side, in pixels, of a page image in a PDF."""


def page_images(src: Path) -> str:
    """fo.xsl's page-images for a document of an edition whose edition.toml asks for them
    (edition.pdf_page_images): each @facs a page break may give, a tab, its page's image
    of the edition folder as a data: address (a JPEG at most ``PDF_IMAGE_SIZE`` pixels,
    the same bytes every time: the XSL-FO holds its images, FOP fetches nothing); ''
    otherwise."""
    # loaded on use: only a PDF of an edition with page images needs them (start-up time)
    from tei_edition.edition.config import edition_folder_of, load_edition
    from tei_edition.edition.facsimile import read_facsimile

    home = edition_folder_of(src)
    if home is None:
        return ""
    edition = load_edition(home)
    if not edition.config.pdf_page_images:
        return ""
    facs = read_facsimile(parse_tei(src), src, edition.root, edition.images)
    shown = {p.n: _embedded(p.path) for p in facs.local if p.path}
    lines = [
        f"{token}\t{shown[n]}"
        for token, (n, zone) in sorted(facs.refs.items())
        if shown.get(n) and not zone and "\t" not in token and "\n" not in token
    ]
    return "\n".join(lines)


def _embedded(path: Path) -> str:
    """A page image as a data: address of a JPEG ('' where it cannot be read)."""
    from PIL import Image, ImageOps  # loaded on use, as above

    try:
        with Image.open(path) as opened:
            img = ImageOps.exif_transpose(opened).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return ""
    img.thumbnail((PDF_IMAGE_SIZE, PDF_IMAGE_SIZE), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80, optimize=False, progressive=False)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _fo_label(made: _Made, outdir: Path, reading: str) -> str:
    return display_path(Path(outdir) / output_name(made.src.stem, "fo", reading))


def _write(
    made: _Made,
    outdir: Path,
    reading: str,
    notices: list[Issue] | None,
    pdf: bytes | None = None,
    profile: str = "",
) -> list[Path]:
    """Write what ``_make`` made; the PDF is rendered here unless ``pdf`` is given."""
    outdir = Path(outdir)
    stem, wanted, results = made.src.stem, made.wanted, made.results
    targets = [outdir / output_name(stem, fmt, reading) for fmt in wanted]
    before = {t: t.read_bytes() for t in targets if t.is_file()}
    written: list[Path] = []
    if "pdf" in wanted:
        target = outdir / output_name(stem, "pdf", reading)
        if pdf is None:
            label = _fo_label(made, outdir, reading)
            render_pdf(made.fo_for_pdf(), target, name=label, profile=profile)
        else:
            atomic_write(target, pdf)
        written.append(target)
    for fmt in wanted:
        if fmt == "pdf":
            continue
        target = outdir / output_name(stem, fmt, reading)
        atomic_write(target, results[fmt])
        written.append(target)
    # the HTML's images, copied beside it (not listed: the formats' files are)
    for figure in made.figures:
        copy = outdir / figure.copy
        data = read_bytes(figure.path)
        if copy.is_file() and copy.read_bytes() == data:
            continue
        if copy.is_file() and notices is not None:
            notices.append(
                Issue(
                    display_path(copy),
                    severity="info",
                    rule="replaced",
                    message="replaced an existing file whose content differed",
                )
            )
        atomic_write(copy, data)
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


@dataclass
class FileExport:
    """One source file's export: the files written, or the problems that stopped it."""

    source: Path
    files: list[Path] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notices: list[Issue] = field(default_factory=list)
    usage: bool = False  # the problems are the arguments', not the file's
    made: _Made | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.issues


MIN_PARALLEL_BYTES = 2_000_000
"""Least input, in bytes, worth sharing among worker processes: each starts Python and
Saxon and compiles the stylesheets (about half a second), which 2 MB of TEI repays."""


def export_many(
    sources: Sequence[Path],
    formats: Sequence[str],
    outdir: Path,
    *,
    reading: str = "normalized",
    params: Mapping[str, ParamValue] | None = None,
    jobs: int | None = None,
    xinclude: bool | None = None,
    progress: Progress = silent,
    pdf_profile: str | None = None,
) -> list[FileExport]:
    """Export each of ``sources`` into ``outdir`` as :func:`export` does; one result per
    file, in the order given.

    A file that fails (unreadable, malformed, refused by a stylesheet) is reported in its
    result, flagged ``usage`` where the problem is a usage error (a path that cannot be
    read, a parameter value a stylesheet refuses), and the others are still exported.
    Problems of the arguments (an unknown format or parameter, two sources of the same
    stem, whose outputs would overwrite each other) raise :class:`UsageError` before
    anything is written. Each stylesheet is compiled once per process. With ``jobs``
    above 1 (default: one per core) and files of :data:`MIN_PARALLEL_BYTES` or more in
    all, the files are shared among that many worker processes, each compiling the
    stylesheets once. ``pdf_profile`` is :func:`export`'s.
    """
    pdf_profile = check_profile(pdf_profile)
    paths = [Path(s) for s in sources]
    wanted = resolve_formats(formats)
    probe = dict(params or {})
    if "html" in wanted:
        probe.setdefault("other-reading-href", "")
    format_params(wanted, reading, probe)  # usage errors first, for every file at once
    stems: dict[str, list[Path]] = {}
    for path in paths:
        stems.setdefault(path.stem, []).append(path)
    clashes = [
        Issue(
            display_path(group[1]),
            rule="usage",
            message=f"has the same stem as {display_path(group[0])}: their outputs would "
            "overwrite each other",
        )
        for group in stems.values()
        if len(group) > 1
    ]
    if clashes:
        raise UsageError(clashes)
    workers = jobs_or_default(jobs)
    batch_pdf = "pdf" in wanted and len(paths) > 1
    tasks = [
        (path, wanted, Path(outdir), reading, dict(params or {}), batch_pdf, xinclude, pdf_profile)
        for path in paths
    ]
    results = run_each(
        _export_task,
        tasks,
        workers=workers,
        parallel=_total_size(paths) >= MIN_PARALLEL_BYTES,
        chunksize=4,
        progress=progress,
        step="Exporting",
    )
    if batch_pdf:
        _render_pdfs(results, Path(outdir), reading, pdf_profile)
    return results


def _total_size(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):  # reported when the file is read
            total += path.stat().st_size
    return total


def _render_pdfs(results: list[FileExport], outdir: Path, reading: str, profile: str = "") -> None:
    """Make the PDFs of every file made so far in as few FOP runs as FOP allows
    (:func:`tei_edition.transform.pdf.run_fop_many`), then write each file's outputs."""

    pending = [r for r in results if r.made is not None]
    fops = run_fop_many(
        [(r.made.fo_for_pdf(), _fo_label(r.made, outdir, reading)) for r in pending],
        profile=profile,
    )  # type: ignore[union-attr]
    for result, fop in zip(pending, fops, strict=True):
        made, result.made = result.made, None
        assert made is not None
        if fop.errors or not fop.pdf:
            label = _fo_label(made, outdir, reading)
            result.issues = fop.errors or [Issue(label, rule="fop", message="no PDF made")]
            continue
        try:
            result.files = _write(made, outdir, reading, result.notices, pdf=fop.pdf)
        except TeiEditionError as exc:
            result.issues = exc.issues
        except OSError as exc:
            where = exc.filename or display_path(made.src)
            result.issues = [Issue(str(where), rule="io", message=str(exc.strerror or exc))]


def _export_task(
    task: tuple[Path, list[str], Path, str, dict[str, ParamValue], bool, bool | None, str],
) -> FileExport:
    """Export one file, its problems returned rather than raised (runs in a worker). With
    ``hold`` the stylesheets' results come back unwritten, for the PDFs to be made
    together."""
    path, formats, outdir, reading, params, hold, xinclude, profile = task
    result = FileExport(path)
    try:
        if hold:
            result.made = _make(path, formats, outdir, reading, params, xinclude)
            result.notices.extend(result.made.notices)
        else:
            result.files = export(
                path,
                formats,
                outdir,
                reading=reading,
                params=params,
                notices=result.notices,
                xinclude=xinclude,
                pdf_profile=profile,
            )
    except UsageError as exc:
        result.issues, result.usage = exc.issues, True
    except TeiEditionError as exc:
        result.issues = exc.issues
    except OSError as exc:
        where = exc.filename or display_path(path)
        result.issues = [Issue(str(where), rule="io", message=str(exc.strerror or exc))]
    return result


def _format_of(path: Path) -> str:
    ext = path.suffix
    return next(f for f, e in EXTENSIONS.items() if e == ext)


def edition_epub_name(folder: Path, reading: str = "normalized") -> str:
    """``<folder>.epub`` (``<folder>.diplomatic.epub``): an edition's book, named after
    its folder."""
    return output_name(Path(folder).resolve().name, "epub", reading)


def export_edition_epub(
    folder: Path,
    outdir: Path,
    *,
    reading: str = "normalized",
    params: Mapping[str, ParamValue] | None = None,
    notices: list[Issue] | None = None,
    xinclude: bool | None = None,
    strict: bool = True,
) -> Path:
    """Write one EPUB of the whole edition in ``folder`` into ``outdir``: its documents in
    date order, the register as an index (:func:`tei_edition.transform.epub.edition_epub`).

    ``params`` are epub.xsl's; with ``strict`` false, those it does not declare (meant for
    other formats) are left out rather than refused. Written whole or not at all; an
    existing file replaced with other content is reported in ``notices``.
    """
    from tei_edition.edition.config import load_edition  # the edition layer, read on use

    given = dict(params or {})
    if not strict:
        declared = stylesheet_params(stylesheet_for("epub"))
        given = {k: v for k, v in given.items() if k in declared}
    format_params(["epub"], reading, given)  # usage errors first
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(Issue(display_path(outdir), rule="io", message="is not a folder"))
    data = edition_epub(
        load_edition(folder), reading=reading, params=given, xinclude=xinclude is not False
    )
    target = outdir / edition_epub_name(folder, reading)
    before = target.read_bytes() if target.is_file() else None
    atomic_write(target, data)
    if notices is not None and before is not None and before != data:
        notices.append(
            Issue(
                display_path(target),
                severity="info",
                rule="replaced",
                message="replaced an existing file whose content differed",
            )
        )
    return target


@dataclass
class BuildResult:
    """What ``build`` wrote, and what it had to leave out."""

    files: list[Path] = field(default_factory=list)
    notices: list[Issue] = field(default_factory=list)


def build(outdir: Path, *, source: Path | None = None) -> BuildResult:
    """Validate the bundled edition, then write every format of it into ``outdir``.

    Writes ``<stem>.html``, ``<stem>.fo``, ``<stem>.pdf``, ``<stem>.txt`` and
    ``<stem>.epub`` (the normalized reading) and ``<stem>.diplomatic.html`` and
    ``<stem>.diplomatic.txt`` (the diplomatic reading). Without Apache FOP the PDF is
    left out with a warning. An invalid edition is refused: its problems are raised and
    nothing is written.
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
    # a document of an edition folder is read with the edition's shared register
    from tei_edition.validate.edition import validate_with_editions

    report = validate_with_editions([src])
    if not report.ok(strict=False):
        errors = [i for i in report.issues if i.severity == "error"] or report.issues
        raise TeiEditionError(errors)
