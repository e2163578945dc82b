"""The README's CLI reference, generated from ``--help``, and its reference of
``edition.toml``, generated from the configuration's schema.

``python -m tei_edition.clidoc README.md`` rewrites the parts of the README between
the markers; tests fail when the README and ``--help`` or the schema disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tei_edition.cli import cli
from tei_edition.edition.config import REFERENCE_END, REFERENCE_START, reference

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"


def _help(command: click.Command, name: str, parent: click.Context | None) -> str:
    settings = {"terminal_width": 100, "max_content_width": 100, **command.context_settings}
    ctx = click.Context(command, info_name=name, parent=parent, **settings)
    return command.get_help(ctx)


def cli_reference() -> str:
    """Markdown: the help text of ``tei-edition`` and of each of its commands."""
    settings = {"terminal_width": 100, "max_content_width": 100, **cli.context_settings}
    root_ctx = click.Context(cli, info_name="tei-edition", **settings)
    parts = ["```text", "$ tei-edition --help", _help(cli, "tei-edition", None), "```"]
    for name in cli.list_commands(root_ctx):
        command = cli.get_command(root_ctx, name)
        if command is None or command.hidden:
            continue
        parts += [
            "",
            f"### `tei-edition {name}`",
            "",
            "```text",
            f"$ tei-edition {name} --help",
            _help(command, name, root_ctx),
            "```",
        ]
    return "\n".join(parts) + "\n"


def replace_between(readme: str, start: str, end: str, body: str) -> str:
    """``readme`` with the text between the markers ``start`` and ``end`` replaced."""
    head, sep, rest = readme.partition(start)
    if not sep or end not in rest:
        raise ValueError(f"the README has no {start} ... {end} section")
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{body}{end}{tail}"


def replace_reference(readme: str) -> str:
    """``readme`` with its CLI reference made again from ``--help``."""
    return replace_between(readme, START, END, cli_reference())


def replace_config_reference(readme: str) -> str:
    """``readme`` with its reference of ``edition.toml`` made again from the schema."""
    return replace_between(readme, REFERENCE_START, REFERENCE_END, reference())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "README.md")
    text = path.read_text(encoding="utf-8")

    new = replace_config_reference(replace_reference(text))
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"{path}: CLI reference updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
