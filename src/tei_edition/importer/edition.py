"""Importing into an edition: the edition a draft is written into, and its shared register.

A draft written into a folder of an edition (one with ``edition.toml`` at or above it) is
one of the edition's documents: its names are tagged against the edition's register (the
file ``sources.registers`` names) and point into it as the edition's documents do, by the
register's path relative to the edition folder (``registers.xml#id``), and the draft has no
``standOff`` of its own. Names the register does not know go to the worklist; the register
itself is never written.

``--registers`` names the file to tag against where there is no edition. Given with an
edition, it must be the edition's register: a draft inside an edition pointing into another
register would be a document the edition refuses (its pointers are checked against its one
register), so another file is refused with one line rather than followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tei_edition.edition import CONFIG_NAME, find_edition
from tei_edition.edition.config import inside, read_config
from tei_edition.importer.names import Register, load_register
from tei_edition.issues import Issue, UsageError
from tei_edition.read.xmlparse import display_path


@dataclass(frozen=True)
class EditionRegister:
    """The edition a draft is for and its shared register."""

    folder: Path
    """The edition folder (with ``edition.toml``)."""
    path: Path
    """Its register file."""
    pointer: str
    """The register's path relative to the edition folder, as its documents point into it
    (``registers.xml``)."""
    register: Register
    documents: tuple[str, ...] = ()
    """The patterns of the edition's documents (``sources.documents``)."""

    def holds(self, path: Path | str) -> bool:
        """Whether the file ``path`` is one of the edition's documents (a draft elsewhere in
        the folder is left out of the edition until it is moved where they are)."""
        here = Path(path).resolve()
        return any(
            p.resolve() == here for pattern in self.documents for p in self.folder.glob(pattern)
        )


def edition_for(
    folder: Path | str,
    edition: Path | str | None = None,
    registers: Path | str | Register | None = None,
) -> EditionRegister | None:
    """The edition a draft written into ``folder`` is for, with its register; None where
    there is none (the draft then stands alone, as before editions).

    ``edition`` names the edition folder; by default it is the one at or above ``folder``
    (:func:`~tei_edition.edition.find_edition`), if that edition has a register. Refused
    with one line (:class:`UsageError`): an ``edition`` that is not an edition folder or
    names no register, a ``folder`` outside ``edition`` or inside another edition, and
    ``registers`` naming another file than the edition's register.
    """
    here = Path(folder)
    found = find_edition(here)
    if edition is None:
        if found is None:
            return None
        root = found
    else:
        root = Path(edition)
        if not (root / CONFIG_NAME).is_file():
            raise _usage(
                root,
                f"is not an edition folder: it has no {CONFIG_NAME} "
                "(`tei-edition new DIR` makes one)",
            )
        if found is None or found != root.resolve():
            belongs = (
                f"belongs to the edition {display_path(found)}, not to this one"
                if found is not None
                else "is not inside this edition folder"
            )
            raise _usage(
                root,
                f"the draft's folder {display_path(here)} {belongs}: a document of the edition "
                "points into its register relative to the edition folder (registers.xml#id), "
                "so write the draft inside it",
            )
    config_file = root / CONFIG_NAME
    config = read_config(config_file)
    if not config.registers:
        if edition is None:
            return None
        raise _usage(
            config_file,
            "names no register (sources.registers): there is nothing to tag the names against",
        )
    path = root / config.registers
    if not inside(root, path):
        raise _usage(
            config_file,
            f"sources.registers {config.registers!r} leads outside the edition folder "
            f"(to {path.resolve()})",
        )
    if not path.is_file():
        raise _usage(config_file, f"the register {config.registers} does not exist")
    if registers is not None:
        given = registers.path if isinstance(registers, Register) else Path(registers)
        if given is None or given.resolve() != path.resolve():
            named = registers.source if isinstance(registers, Register) else registers
            raise _usage(
                named,
                f"--registers names another register than the edition's "
                f"({display_path(path)}): a document of the edition points into its register "
                "only; leave --registers out, or write the draft outside the edition",
            )
    pointer = path.resolve().relative_to(root.resolve()).as_posix()
    register = load_register(path, empty=True)
    return EditionRegister(root, path, pointer, register, config.documents)


def _usage(where: Path | str, message: str) -> UsageError:
    return UsageError(Issue(display_path(where), rule="usage", message=message))
