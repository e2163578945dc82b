"""The ``tei-edition`` command line: parse options, call one library function, report."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from tei_edition import __version__
from tei_edition.issues import TeiEditionError

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

    return wrapper  # type: ignore[return-value]


EXISTING = click.Path(path_type=Path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tei-edition")
def cli() -> None:
    """Encode, validate, publish and deposit TEI P5 editions of historical documents.

    Without a FILE, commands work on the bundled edition of Anastas Mikoyan's
    recollections (1958).
    """


@cli.command()
@click.argument("file", required=False, type=EXISTING)
@reports_errors
def stats(file: Path | None) -> None:
    """Count the names, dates and editorial interventions in a TEI FILE.

    Lists references that do not resolve and register entries never referenced;
    exits 1 if any reference does not resolve.
    """
    from tei_edition.stats import collect_stats

    result = collect_stats(file)
    click.echo(result.format())
    if result.unresolved:
        sys.exit(1)


def main() -> None:
    cli(prog_name="tei-edition")


if __name__ == "__main__":
    main()
