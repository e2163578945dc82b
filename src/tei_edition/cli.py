"""The ``tei-edition`` command line: parse options, call one library function, report.

Each command imports the library modules it uses inside its function, so that a command
loads only what it needs: measured, this keeps a command's fixed cost near 0.12 s
instead of 0.19 s (see the README's Performance section).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from tei_edition.formats import choices_help
from tei_edition.issues import Issue, TeiEditionError, UsageError
from tei_edition.progress import TerminalProgress

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn library errors into one line per problem on stderr and the right exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TeiEditionError as exc:
            for issue in exc.issues:
                click.echo(issue.format(), err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:  # a file-system failure the library did not foresee
            where = exc.filename or "tei-edition"
            click.echo(f"{where}: error: {exc.strerror or exc} [io]", err=True)
            sys.exit(2)
        except KeyboardInterrupt:  # Ctrl-C: one line, the shell's code for SIGINT
            where = kwargs.get("outdir") or kwargs.get("output") or "tei-edition"
            said = INTERRUPTED.get(func.__name__, "interrupted")
            click.echo(f"{where}: error: {said} [interrupted]", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


EXISTING = click.Path(path_type=Path)


class ProfileChoice(click.Choice):  # type: ignore[type-arg]
    """The deposit profiles' names, looked up only when needed (the registry imports the
    deposit package, which the other commands do not load)."""

    name = "profile"

    def __init__(self) -> None:
        super().__init__([])

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        # loaded on use: a command imports only what it needs (start-up time)
        from tei_edition.deposit.profiles import PROFILES

        return tuple(PROFILES)

    @choices.setter
    def choices(self, _value: object) -> None:
        pass


quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress bar (there is none either when stderr is not a terminal).",
)

INTERRUPTED = {
    "build": "interrupted: the site in this folder is as it was before the build",
    "deposit": "interrupted: nothing was written",
    "export_command": "interrupted: the files written whole are listed above; none is half-written",
}
"""What an interrupted command leaves, said in its one line."""


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    # The version is looked up only when asked for (reading metadata is slow).
    if not value or ctx.resilient_parsing:
        return
    # loaded on use: a command imports only what it needs (start-up time)
    import tei_edition

    click.echo(f"tei-edition, version {tei_edition.__version__}")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
def cli() -> None:
    """Encode, validate, publish and deposit TEI P5 editions of historical documents.

    Without a path, a command acts on the edition found from the current folder (the
    folder or the nearest one above it that holds edition.toml), as git finds its
    repository; where there is none, it says so. `tei-edition new DIR` makes an edition.
    """


@cli.command()
@click.argument("file", required=False, type=EXISTING)
@reports_errors
def stats(file: Path | None) -> None:
    """Count the names, dates and editorial interventions in a TEI FILE.

    Lists references that do not resolve and register entries never referenced;
    exits 1 if any reference does not resolve. For an edition folder, counts each
    document, judging its pointers against the shared register as well as its own.
    """
    # loaded on use: a command imports only what it needs (start-up time)
    from tei_edition.edition import targets
    from tei_edition.edition.config import is_edition_folder, load_edition
    from tei_edition.stats import collect_stats, edition_stats

    (file,) = targets([file] if file is not None else [])
    if is_edition_folder(file):
        per_file, problems, summary = edition_stats(load_edition(file))
        for stats in per_file:
            click.echo(stats.format() + "\n")
        for issue in problems:
            if issue.severity != "error":
                click.echo(issue.format())
        click.echo(summary)
        if any(i.severity == "error" for i in problems):
            sys.exit(1)
        return
    result = collect_stats(file)
    click.echo(result.format())
    if result.unresolved:
        sys.exit(1)


@cli.command()
@click.argument("files", nargs=-1, type=EXISTING, metavar="[FILE]...")
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="Folder to write the bag (or package) in (must not exist, or be empty).",
)
@click.option(
    "--zip", "make_zip", is_flag=True, help="Also write DIR.zip, one zip of the bag (or package)."
)
@click.option(
    "--force",
    is_flag=True,
    help="Deposit an invalid edition (bag-info.txt records it), and write into a non-empty "
    "DIR (its old contents are kept, moved to DIR.previous).",
)
@click.option("--doi", default=None, help="The edition's DOI, for datacite.xml and dc.xml.")
@click.option(
    "--profile",
    default="bagit",
    show_default=True,
    type=ProfileChoice(),
    help="The package to write, for the repository it goes to: bagit (a BagIt bag with an "
    "RO-Crate inside), ro-crate, dspace-saf (DSpace's batch import; always also DIR.zip), "
    "zenodo (Zenodo, InvenioRDM), dataverse. See the README's Depositing section.",
)
@quiet_option
@reports_errors
def deposit(
    files: tuple[Path, ...],
    outdir: Path,
    make_zip: bool,
    force: bool,
    doi: str | None,
    profile: str,
    quiet: bool,
) -> None:
    """Validate the edition and write it as a package for a repository (a BagIt bag by
    default; --profile chooses another).

    The bag (RFC 8493, sha256 and sha512 manifests) holds the TEI FILEs, the schemas, the
    HTML, PDF (where Apache FOP is installed) and plain-text editions, Dublin Core and
    DataCite records made from the teiHeader, and a DSpace Simple Archive view. An invalid
    edition is refused, its problems listed. Nothing is written unless the whole bag is.

    For an edition folder (one FILE with edition.toml): one bag of the whole edition, with
    its shared register, its built site, Dublin Core of each document, and DataCite of the
    edition with a HasPart relation per document.

    Every profile is made from the same files and records, checked against the DataCite
    and Dublin Core schemas; every package but the bag carries checksums-sha256.txt, and
    `tei-edition verify` checks any of them.
    """
    # loaded on use: a command imports only what it needs (start-up time)
    from tei_edition.deposit import deposit as make_deposit
    from tei_edition.edition import targets
    from tei_edition.edition.config import is_edition_folder

    files = tuple(targets(files))
    if len(files) == 1 and is_edition_folder(files[0]):
        # loaded on use: a command imports only what it needs (start-up time)
        from tei_edition.deposit.edition import deposit_edition

        with TerminalProgress(quiet) as progress:
            result = deposit_edition(
                files[0],
                outdir,
                make_zip=make_zip,
                force=force,
                doi=doi,
                progress=progress,
                profile=profile,
            )
    else:
        result = make_deposit(
            list(files), outdir, make_zip=make_zip, force=force, doi=doi, profile=profile
        )
    for notice in result.notices:
        click.echo(notice.format(), err=True)
    for line in result.summary():
        click.echo(line)


@cli.command()
@click.argument("bag", type=EXISTING)
@reports_errors
def verify(bag: Path) -> None:
    """Check a deposit (a folder or a zip): completeness, checksums, metadata.

    A BagIt bag is checked against its manifests, any other profile's package against its
    checksums-sha256.txt and for the files its repository needs; the DataCite and Dublin
    Core records against their schemas. Prints one line per problem (missing, unexpected
    or altered file, naming the checksum algorithm) and exits 1 if there is any; exits 0
    on a good deposit.
    """
    # loaded on use: a command imports only what it needs (start-up time)
    from tei_edition.deposit.verify import verify_bag

    report = verify_bag(bag)
    for issue in report.issues:
        click.echo(issue.format(), err=True)
    click.echo(report.summary())
    if not report.ok():
        sys.exit(1)


@cli.command()
@click.argument("file", required=False, type=EXISTING)
@click.option(
    "--source",
    type=EXISTING,
    default=None,
    help="The source transcription (plain text or Markdown) the FILE encodes "
    "(default: the edition's source/<stem>.txt; required for a FILE outside an edition).",
)
@click.option(
    "--marker",
    default="Translation - English",
    show_default=True,
    help="The line of the source after which its text begins.",
)
@reports_errors
def fidelity(file: Path | None, source: Path | None, marker: str) -> None:
    """Compare a TEI FILE with its source transcription, word by word.

    FILE may be an edition folder (default: the edition found from the current folder):
    each of its documents is compared with its transcription source/<stem>.txt in the
    edition, as is a FILE of an edition given without --source.

    The TEI body is read as the source shows it (supplied words in square brackets,
    sic readings, abbreviations as written, the translator's notes in brackets, the
    author's remarks in parentheses; see edition/README.md). Prints one line per run of
    differing words, at the TEI line where it starts, and exits 1 if there is any.
    """
    # loaded on use: a command imports only what it needs (start-up time)
    from tei_edition.edition import targets
    from tei_edition.fidelity import check_edition_fidelity, check_fidelity, transcription_of

    if file is None and source is not None:
        raise UsageError("--source compares one FILE: name the TEI file it encodes")
    (file,) = targets([file] if file is not None else [])
    if source is None and file.is_dir():
        reports = check_edition_fidelity(file, marker=marker)
    else:
        if source is None:
            source = transcription_of(file)
        reports = [check_fidelity(file, source, marker=marker)]
    for report in reports:
        for issue in report.issues:
            click.echo(issue.format(), err=True)
        if report.source:
            click.echo(report.summary())
    if not all(report.ok() for report in reports):
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, type=EXISTING)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="text: one line per problem and a summary; json: a machine-readable report of "
    "every finding; sarif: SARIF 2.1.0, which code hosts display.",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Text: one line per finding (repeated findings of a rule in a file are "
    "otherwise one line, with their count and first lines).",
)
@click.option("--strict", is_flag=True, help="Warnings make a file invalid.")
@click.option(
    "--schema",
    "schemas",
    type=EXISTING,
    multiple=True,
    help="Validate against this schema instead of the ones each document declares "
    "(repeatable; RELAX NG in XML or compact syntax, W3C XML Schema, ISO Schematron).",
)
@click.option("--no-schematron", is_flag=True, help="Skip the Schematron rules.")
@reports_errors
def validate(
    paths: tuple[Path, ...],
    output_format: str,
    verbose: bool,
    strict: bool,
    schemas: tuple[Path, ...],
    no_schematron: bool,
) -> None:
    """Validate TEI files, folders of *.xml, or edition folders (default: the current
    folder when it holds edition.toml, else the bundled edition).

    Each document is checked against the schemas its <?xml-model?> declarations (or
    xsi:schemaLocation) name, else against tei_all; URLs resolve through XML catalogs
    (XML_CATALOG_FILES, then the one shipped), nothing is fetched. Prints each problem
    once, as `path:line:col: severity: message [rule]`; findings of one rule in one file
    that say the same thing are one line with their count and first lines (--verbose
    prints each). Exits 0 when every file is valid, 1 when one is not, 2 when a path or
    schema cannot be read. An edition folder stands for its documents and register, and
    is also checked as a whole: every pointer resolves into the register
    (registers.xml#id) or the same document (#id), a persName, placeName or orgName to an
    entry of its kind, ids are unique, and register entries no document mentions are
    warnings; a document that does not parse takes no part in these checks.
    """
    from collections.abc import Iterator, Sequence

    # loaded on use: a command imports only what it needs (start-up time)
    from tei_edition.edition import targets
    from tei_edition.validate.edition import validate_with_editions

    paths = tuple(targets(paths))

    def progress(files: Sequence[Path]) -> Iterator[Path]:
        if output_format == "text" and len(files) > 1 and sys.stderr.isatty():
            with click.progressbar(files, label="Validating", file=sys.stderr) as bar:
                yield from bar
        else:
            yield from files

    report = validate_with_editions(
        list(paths), schemas=list(schemas), schematron=not no_schematron, progress=progress
    )
    if output_format == "json":
        click.echo(report.to_json(strict), nl=False)
    elif output_format == "sarif":
        click.echo(report.to_sarif(strict), nl=False)
    else:
        for line in report.lines(verbose):
            click.echo(line)
        click.echo(report.summary(strict), err=True)
    sys.exit(report.exit_code(strict))


@cli.command("import")
@click.argument("source", type=EXISTING)
@click.option(
    "-o",
    "--output",
    required=True,
    type=EXISTING,
    help="The TEI draft to write (refused if it exists, unless --force); for a folder "
    "SOURCE, the folder to write each draft and its worklist into.",
)
@click.option(
    "--registers",
    type=EXISTING,
    default=None,
    help="A TEI file whose listPerson/listPlace/listOrg entries are tagged in the text, "
    "copied into the draft's standOff. Default: the register of the edition -o is in; "
    "outside an edition, none (no names are tagged). With an edition it may only name the "
    "edition's register.",
)
@click.option(
    "--edition",
    type=EXISTING,
    default=None,
    metavar="DIR",
    help="The edition folder the draft is written into (default: the one holding -o, if "
    "any): names are tagged against its register and point into it (registers.xml#id), "
    "those not in it go to the worklist, and the draft has no standOff. -o must be inside it.",
)
@click.option(
    "--worklist",
    type=EXISTING,
    default=None,
    help="Also write what could not be decided as JSON, with source line numbers "
    "(for a folder SOURCE, each draft's worklist is written beside it).",
)
@click.option("--force", is_flag=True, help="Overwrite the draft and worklist if they exist.")
@reports_errors
def import_(
    source: Path,
    output: Path,
    registers: Path | None,
    edition: Path | None,
    worklist: Path | None,
    force: bool,
) -> None:
    """Import SOURCE, a document in the Wilson Center Digital Archive's layout, as a TEI draft.

    Reads the front matter (date, title, Citation, Summary, Credits, Original Language)
    into the teiHeader and the text after "Translation - English" into the body,
    encoding the translator's brackets, dates, and the names listed in --registers.
    Written into an edition folder (with edition.toml at or above -o, or --edition), the
    draft is one of its documents: its names point into the edition's register
    (registers.xml#id), and names the register lacks are listed in the worklist, never
    added to it. The draft keeps every word of the source and is valid against the
    project's schemas.
    Prints a summary of the worklist (what to check). Exits 0 when the draft is
    written, 1 when the source cannot be imported, 2 on bad arguments.

    With a folder SOURCE, imports every *.txt in it into the folder -o (NAME.xml and
    NAME.worklist.json), goes on past a file it must refuse, prints one line per file and
    the names in no register found in several documents; exits 1 if any file was refused.
    """
    # loaded on use: a command imports only what it needs (start-up time)
    from tei_edition.importer import import_source
    from tei_edition.read.xmlparse import display_path

    if source.is_dir():
        _import_folder(source, output, registers, edition, worklist, force)
        return
    result = import_source(
        source, output, registers=registers, worklist=worklist, force=force, edition=edition
    )
    into = (
        f" (names point into the edition's register, {result.edition.pointer})"
        if result.edition is not None
        else ""
    )
    click.echo(f"{display_path(result.output)}: draft written{into}")
    if result.edition is not None and not result.edition.holds(result.output):
        shown = display_path(result.output)
        click.echo(_NOT_A_DOCUMENT.format(shown, "the draft is", "it", "it is"), err=True)
    if result.worklist_path is not None:
        click.echo(f"{display_path(result.worklist_path)}: worklist written")
    click.echo(result.worklist.summary())


_NOT_A_DOCUMENT = (
    "{}: note: {} not among the edition's documents (sources.documents in edition.toml): "
    "the edition leaves {} out until {} moved where they are"
)


def _import_folder(
    folder: Path,
    outdir: Path,
    registers: Path | None,
    edition: Path | None,
    worklist: Path | None,
    force: bool,
) -> None:
    # loaded on use: a command imports only what it needs (start-up time)
    from tei_edition.importer.batch import Batch, check_targets, import_each, sources
    from tei_edition.importer.edition import edition_for
    from tei_edition.importer.names import load_register
    from tei_edition.issues import UsageError
    from tei_edition.read.xmlparse import display_path

    if worklist is not None:
        raise UsageError(
            Issue(
                str(worklist),
                rule="usage",
                message="--worklist is for one SOURCE file: a folder's worklists are written "
                "beside its drafts",
            )
        )
    files = sources(folder)
    check_targets(files, outdir, force)
    target = edition_for(outdir, edition, registers)
    register = load_register(registers) if registers is not None and target is None else None
    batch = Batch()
    lines: list[str] = []
    items = import_each(files, outdir, register, force, target)
    if sys.stderr.isatty():
        with click.progressbar(items, length=len(files), label="Importing", file=sys.stderr) as bar:
            batch.items.extend(bar)
    else:
        batch.items.extend(items)
    for item in batch.items:
        lines.append(item.summary())
        for issue in item.problems:
            click.echo(issue.format(), err=True)
    for line in lines:
        click.echo(line)
    if target is not None:
        click.echo(f"Names point into the edition's register, {target.pointer}")
        written = [i.result.output for i in batch.items if i.result is not None]
        if written and not target.holds(written[0]):
            shown = display_path(outdir)
            click.echo(
                _NOT_A_DOCUMENT.format(shown, "its drafts are", "them", "they are"), err=True
            )
    click.echo(
        f"{len(batch.items) - len(batch.refused)} draft(s) written, "
        f"{len(batch.refused)} file(s) refused"
    )
    click.echo(batch.names_report())
    if batch.refused:
        sys.exit(1)


@cli.command("export")
@click.argument("files", nargs=-1, type=EXISTING)
@click.option(
    "--to",
    "formats",
    multiple=True,
    default=("all",),
    show_default=True,
    metavar="FORMAT",
    help=f"{choices_help()}; repeat or separate with commas.",
)
@click.option(
    "-o",
    "--output",
    "outdir",
    default=Path("out"),
    show_default=True,
    metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write into (created if needed).",
)
@click.option(
    "--reading",
    type=click.Choice(["normalized", "diplomatic"]),
    default="normalized",
    show_default=True,
    help="normalized: corrections and expansions read as text; diplomatic: the text as the "
    "source gives it. Diplomatic files are named <stem>.diplomatic.<ext>.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A stylesheet parameter (e.g. index=false, paper=Letter); repeatable.",
)
@click.option("--width", type=int, default=None, help="Plain text: wrap at N characters (0: none).")
@click.option(
    "--xinclude/--no-xinclude",
    default=None,
    help="XIncludes are resolved by default (files in the document's folder; a remote or "
    "outside target gives its xi:fallback, never a fetch), one that cannot be is left out "
    "with a warning; --xinclude makes that an error, --no-xinclude resolves none.",
)
@click.option(
    "--pdf-profile",
    type=click.Choice(["pdfa-2b"]),
    default=None,
    help="Make the PDF archival: pdfa-2b is PDF/A-2b (every font embedded and subset, XMP "
    "metadata from the header), as archives ask. Default: a plain PDF.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="N",
    help="Worker processes for many FILEs (0: one per core).",
)
@quiet_option
@reports_errors
def export_command(
    files: tuple[Path, ...],
    formats: tuple[str, ...],
    outdir: Path,
    reading: str,
    params: tuple[str, ...],
    width: int | None,
    xinclude: bool | None,
    pdf_profile: str | None,
    jobs: int,
    quiet: bool,
) -> None:
    """Export TEI FILEs (default: the edition found from the current folder) as HTML,
    XSL-FO, PDF, text or EPUB.

    A FILE may be an edition folder: its documents are exported, their pointers into the
    shared register resolved; its EPUB is one book of the whole edition, <folder>.epub
    (the documents in date order, the register as an index).

    Writes <stem>.html, <stem>.fo, <stem>.pdf, <stem>.txt and <stem>.epub of each FILE
    into DIR and prints their paths. Parameters are those the stylesheets declare
    (transforms/*.xsl); an unknown name is an error that lists the known ones. Nothing
    of a FILE is written if any of its formats fails; the other FILEs are still
    exported, and every problem is reported at the end. Each stylesheet is compiled
    once; many FILEs are shared among worker processes.
    """
    # loaded on use: a command imports only what it needs (start-up time)
    from tei_edition.edition import targets
    from tei_edition.edition.config import expand_editions, is_edition_folder
    from tei_edition.transform.export import export_edition_epub, resolve_formats

    paths = targets(files)
    files, registers = expand_editions(paths)

    values: dict[str, str | int] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param expects NAME=VALUE, not {item!r}")
        values[name.strip()] = value
    if registers and "registers" not in values:
        values["registers"] = registers
    if width is not None:
        if "width" in values:
            raise UsageError("give the width once: --width N or --param width=N, not both")
        values["width"] = width
    wanted = resolve_formats(formats)
    # an edition folder's EPUB is one book of the whole edition; its documents get the rest
    books = [p for p in paths if "epub" in wanted and is_edition_folder(p)]
    if not books:
        _export_files(files, wanted, outdir, reading, values, xinclude, pdf_profile, jobs, quiet)
        return
    others = [f for f in wanted if f != "epub"]
    for book in books:
        notices: list[Issue] = []
        made = export_edition_epub(
            book,
            outdir,
            reading=reading,
            params=values,
            notices=notices,
            xinclude=xinclude,
            strict=not others,
        )
        click.echo(str(made))
        for notice in notices:
            click.echo(notice.format(), err=True)
    in_books = expand_editions(books)[0]
    rest = (
        expand_editions([p for p in paths if p not in books])[0] if len(books) < len(paths) else ()
    )
    if others and in_books:
        _export_files(in_books, others, outdir, reading, values, xinclude, pdf_profile, jobs, quiet)
    if rest:
        _export_files(rest, wanted, outdir, reading, values, xinclude, pdf_profile, jobs, quiet)


def _export_files(
    files: tuple[Path, ...] | list[Path],
    formats: list[str],
    outdir: Path,
    reading: str,
    values: dict[str, str | int],
    xinclude: bool,
    pdf_profile: str | None,
    jobs: int,
    quiet: bool,
) -> None:
    """Export each file in ``formats``, listing what was written, then every problem."""
    from tei_edition.transform.export import export, export_many  # loaded on use

    if len(files) <= 1:
        notices: list[Issue] = []
        for path in export(
            files[0] if files else None,
            formats,
            outdir,
            reading=reading,
            params=values,
            notices=notices,
            xinclude=xinclude,
            pdf_profile=pdf_profile,
        ):
            click.echo(str(path))
        for notice in notices:
            click.echo(notice.format(), err=True)
        return
    with TerminalProgress(quiet) as progress:
        results = export_many(
            list(files),
            formats,
            outdir,
            reading=reading,
            params=values,
            jobs=jobs,
            xinclude=xinclude,
            progress=progress,
            pdf_profile=pdf_profile,
        )
    for result in results:
        for path in result.files:
            click.echo(str(path))
        for notice in result.notices:
            click.echo(notice.format(), err=True)
    # one problem of every file (FOP missing) is reported once
    problems = list(dict.fromkeys(issue for result in results for issue in result.issues))
    if problems:
        error = UsageError if any(r.usage for r in results) else TeiEditionError
        raise error(problems)


@cli.command()
@click.argument("edition", required=False, type=EXISTING, metavar="[DIR|FILE]")
@click.option(
    "-o",
    "--output",
    "outdir",
    default=Path("out"),
    show_default=True,
    metavar="OUT",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write the site into (created if needed; a rebuild redoes only what changed).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Publish an edition that does not validate: the problems are listed and every "
    "page's footer says the build was forced.",
)
@click.option("--no-pdf", is_flag=True, help="Leave out the documents' PDFs.")
@click.option("--no-search", is_flag=True, help="Leave out the search index (Pagefind).")
@quiet_option
@reports_errors
def build(
    edition: Path | None, outdir: Path, force: bool, no_pdf: bool, no_search: bool, quiet: bool
) -> None:
    """Validate an edition, then write its static site into OUT.

    DIR is an edition folder (with edition.toml; see `tei-edition new`), FILE a TEI file
    built as an edition of one; default: the edition found from the current folder. The
    site has a home page, a page per document (both readings, notes, citation, downloads
    of its TEI, PDF where Apache FOP is installed, text and EPUB), register pages with every
    mention, a chronology, search, sitemap.xml and site.json. An edition that does not
    validate as a whole (schemas, pointers into the register, unique ids) is refused with
    every problem listed, and nothing is written. OUT must be new, empty, or a site this
    command built before for the same edition: any other folder is refused.
    """
    # loaded on use: a command imports only what it needs (start-up time)
    from tei_edition.edition import targets
    from tei_edition.site.build import build_site

    (target,) = targets([edition] if edition is not None else [])
    with TerminalProgress(quiet) as progress:
        result = build_site(
            target, outdir, force=force, pdf=not no_pdf, search=not no_search, progress=progress
        )
    for issue in [*result.issues, *result.notices]:
        click.echo(issue.format(), err=True)
    click.echo(str(outdir / "index.html"))
    click.echo(result.summary(), err=True)


@cli.command("new")
@click.argument("folder", type=EXISTING, metavar="DIR")
@click.option("--title", default=None, help="The edition's title (default: a placeholder).")
@reports_errors
def new(folder: Path, title: str | None) -> None:
    """Scaffold an edition folder DIR (which must not exist, or be empty).

    Writes edition.toml, documents/ with one sample document, registers.xml (listPerson,
    listPlace, listOrg, listBibl), a README for the edition's editors and a
    .pre-commit-config.yaml that runs `tei-edition validate`; every XML file declares
    its schema (xml-model). `tei-edition build DIR` then builds its site.
    """
    # loaded on use: a command imports only what it needs (start-up time)
    from tei_edition.site.scaffold import new_edition

    for path in new_edition(folder, title=title):
        click.echo(str(path))


@cli.command()
@click.argument("folder", required=False, type=EXISTING, metavar="[OUT]")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--watch",
    is_flag=True,
    help="Build the edition into OUT first, then rebuild what each saved change affects and "
    "reload the open page; a change that does not build is shown in the page and here, and "
    "the last site that built stays served. No PDFs are made while watching.",
)
@click.option(
    "--edition",
    type=EXISTING,
    default=None,
    metavar="DIR",
    help="With --watch: the edition to build (default: the one found from the current folder).",
)
@reports_errors
def serve(folder: Path | None, port: int, watch: bool, edition: Path | None) -> None:
    """Preview a built site (default: out) on http://127.0.0.1:PORT/ until interrupted.

    Search (Pagefind) needs a server; everything else also works from disk.
    """
    # loaded on use: a command imports only what it needs (start-up time)
    from tei_edition.site.serve import make_server

    out = folder or Path("out")
    watcher = None
    if watch:
        # loaded on use: a command imports only what it needs (start-up time)
        from tei_edition.edition import targets
        from tei_edition.site.watch import Watcher

        (target,) = targets([edition] if edition is not None else [])
        watcher = Watcher(target, out, report=lambda line: click.echo(line, err=True))
        watcher.start()
    elif edition is not None:
        raise UsageError("--edition names the edition to watch: give it with --watch")
    server = make_server(out, port, watch=watcher)
    host, bound = server.server_address[:2]
    click.echo(f"Serving {out} on http://{host}:{bound}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if watcher is not None:
            watcher.stop()


_NO_ARGS_IS_HELP: type[click.UsageError] = getattr(
    click.exceptions, "NoArgsIsHelpError", type("_Never", (click.UsageError,), {})
)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; usage errors are one line, like every other problem."""
    try:
        code = cli.main(args=argv, prog_name="tei-edition", standalone_mode=False)
    except _NO_ARGS_IS_HELP as exc:  # a bare `tei-edition`: the help, as click prints it
        click.echo(exc.format_message(), err=True)
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "tei-edition"
        click.echo(f"{where}: error: {exc.format_message()} [usage]", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"tei-edition: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("tei-edition: aborted", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
