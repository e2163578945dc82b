"""``tei-edition new DIR``: scaffold an edition folder."""

from __future__ import annotations

from pathlib import Path

from tei_edition.fsutil import atomic_write
from tei_edition.issues import Issue, UsageError
from tei_edition.read.xmlparse import display_path

TEMPLATES = Path(__file__).resolve().parent / "templates"

# template file -> path in the new edition
FILES = {
    "edition.toml": "edition.toml",
    "registers.xml": "registers.xml",
    "documents/sample-letter.xml": "documents/sample-letter.xml",
    "README.md": "README.md",
    "about.md": "about.md",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}


def new_edition(folder: Path, *, title: str | None = None) -> list[Path]:
    """Write a new edition folder; refused if ``folder`` exists and is not empty."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(
            Issue(
                display_path(folder),
                rule="usage",
                message="exists and is not an empty folder: a new edition needs a new folder",
            )
        )
    written = []
    for name, target in FILES.items():
        data = (TEMPLATES / name).read_text(encoding="utf-8")
        if title and name == "edition.toml":
            escaped = title.replace("\\", "\\\\").replace('"', '\\"')
            data = data.replace('title = "A Documentary Edition"', f'title = "{escaped}"', 1)
        written.append(atomic_write(folder / target, data))
    return written
