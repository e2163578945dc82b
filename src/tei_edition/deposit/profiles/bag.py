"""``bagit``: the BagIt bag (RFC 8493) as :func:`tei_edition.deposit.make_bag` makes it,
with ``ro-crate-metadata.json`` in its payload (BagIt-RO: the payload is an RO-Crate)."""

from __future__ import annotations

from pathlib import Path

from tei_edition import deposit
from tei_edition.deposit.profiles import Made, Staged
from tei_edition.deposit.profiles.rocrate_metadata import METADATA, crate_metadata


def render(staged: Staged, target: Path, zip_target: Path | None) -> Made:
    files = staged.files()
    deposit._write(staged.payload, METADATA, crate_metadata(staged, files))
    made = deposit.make_bag(staged.payload, target, staged.info, zip_target=zip_target)
    return Made(path=made.bag, files=made.files, zip=made.zip, moved_aside=made.moved_aside)
