"""The package: entry points, the README's CLI reference, a non-editable install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tei_edition.clidoc import replace_reference

ROOT = Path(__file__).resolve().parents[1]


def test_python_dash_m_works() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tei_edition", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("tei-edition, version ")


def test_readme_cli_reference_matches_help() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert replace_reference(readme) == readme, (
        "README.md's CLI reference is out of date: run `make readme`"
    )


@pytest.mark.slow
def test_wheel_installs_and_finds_its_data(tmp_path: Path) -> None:
    """Build the wheel, install it (not editable) and run it from another folder."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = wheels.glob("tei_edition-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tei_edition/data/edition/mikoyan-recollections-1958.xml" in names
    assert "tei_edition/data/edition/source/mikoyan-recollections-1958.txt" in names
    assert any(n.startswith("tei_edition/data/schemas/") for n in names)
    assert any(n.startswith("tei_edition/data/transforms/") for n in names)
    # the page images' viewer, with its licence: a site never loads it from elsewhere
    viewer = "tei_edition/data/transforms/theme/vendor/openseadragon/"
    assert {viewer + n for n in ("openseadragon.min.js", "LICENSE.txt", "SOURCE")} <= set(names)
    assert "tei_edition/py.typed" in names
    # the published schemas the deposit's records are checked against, with their sources
    for vendored in (
        "datacite-4.6/metadata.xsd",
        "dc/oai_dc.xsd",
        "invenio-rdm/records/record-v6.0.0.json",
        "oai-pmh/OAI-PMH.xsd",
        "cmif/cmi-customization.rng",
        "README.md",
    ):
        assert f"tei_edition/data/schemas/published/{vendored}" in names

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import tei_edition, tei_edition.resources as r;"
        "print(tei_edition.__file__); print(r.bundled_edition()); print(r.data_dir('schemas'))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=True,
    )
    module, edition, schemas = proc.stdout.split()
    assert module.startswith(str(target))
    assert edition.startswith(str(target)) and Path(edition).is_file()
    assert schemas.startswith(str(target))
    proc = subprocess.run(
        [sys.executable, "-m", "tei_edition", "stats", edition],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Mikoyan" in proc.stdout
    # the edition's and the drafts' schema declarations resolve inside the installed package
    code = (
        "import tei_edition.resources as r; from tei_edition.validate.declarations import locate;"
        "e = r.bundled_edition();"
        "print(locate('../schemas/tei_edition.rng', e), locate('../schemas/tei_edition.sch', e),"
        "locate('urn:x-tei-edition:schemas:tei_edition.rng', e),"
        "locate('http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng', e))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere, env=env
    )
    assert proc.returncode == 0, proc.stderr
    located = [Path(p) for p in proc.stdout.split()]
    assert [p.name for p in located] == [
        "tei_edition.rng",
        "tei_edition.sch",
        "tei_edition.rng",
        "tei_all.rng",
    ]
    assert all(p.is_file() and str(p).startswith(str(target)) for p in located)
    proc = subprocess.run(
        [sys.executable, "-m", "tei_edition", "validate", edition],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["export", "--reading", "foo"],
            "tei-edition export: error: Invalid value for '--reading': 'foo' is not one of "
            "'normalized', 'diplomatic'. [usage]",
        ),
        (["--bogus"], "tei-edition: error: No such option '--bogus'. [usage]"),
        (["nothing"], "tei-edition: error: No such command 'nothing'. [usage]"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tei_edition.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.err == message + "\n"
    assert captured.out == ""
