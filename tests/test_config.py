"""`edition.toml`: read against its schema, every problem at its line and column, the
placeholders `tei-edition new` writes warned about, and the README's reference current."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tei_edition.clidoc import replace_config_reference
from tei_edition.edition.config import (
    SETTINGS,
    EditionConfig,
    placeholder_issues,
    read_config,
)
from tei_edition.issues import UsageError

ROOT = Path(__file__).resolve().parents[1]


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "edition.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        read_config(path)
    return [i.format().split("edition.toml", 1)[1] for i in caught.value.issues]


def test_a_toml_error_has_its_line_and_column(tmp_path: Path) -> None:
    found = problems(tmp_path, '[edition]\ntitle = "A"\nversion = 1.0.0\n')
    assert len(found) == 1
    assert found[0].startswith(":3:")
    assert "is not TOML" in found[0] and "(at line" not in found[0]


def test_every_problem_is_reported_at_once_each_at_its_key(tmp_path: Path) -> None:
    text = (
        "[edition]\n"
        'title = "A"\n'
        'titel = "B"\n'
        'editors = "Ada"\n'
        'documents = ["*.xml"]\n'
        'base_url = "example.org/ed"\n'
        'licence_url = "javascript:alert(1)"\n'
        "\n"
        "[sources]\n"
        '  registers = "../registers.xml"\n'
        "[extra]\n"
    )
    found = problems(tmp_path, text)
    assert found == [
        ":3:1: error: unknown setting edition.titel; did you mean edition.title? [config]",
        ":4:1: error: edition.editors must be a list of strings [config]",
        ":5:1: error: unknown setting edition.documents; it belongs in [sources] [config]",
        ":6:1: error: edition.base_url 'example.org/ed' must be an http:// or https:// address"
        " (e.g. https://host/path/) [config]",
        ":7:1: error: edition.licence_url 'javascript:alert(1)' must be an http:// or https://"
        " address (e.g. https://host/path/) [config]",
        ":10:3: error: sources.registers '../registers.xml' leaves the edition folder (..)"
        " [config]",
        ":11:1: error: unknown table [extra]: the tables are [edition], [sources] and [theme]"
        " [config]",
    ]


def test_a_missing_title_is_an_error(tmp_path: Path) -> None:
    assert problems(tmp_path, '[edition]\nversion = "1"\n') == [
        ":1:1: error: edition.title is required [config]"
    ]


def test_the_schema_and_the_record_agree() -> None:
    """Every setting is a field of EditionConfig with the schema's default, and back."""
    fields = {f.name: f for f in dataclasses.fields(EditionConfig)}
    assert {s.key for s in SETTINGS} == set(fields)
    for setting in SETTINGS:
        if not setting.required:
            assert fields[setting.key].default == setting.default, setting.name


def test_the_placeholders_of_new_are_warnings(tmp_path: Path, invoke) -> None:
    ed = tmp_path / "ed"
    assert invoke("new", ed).exit_code == 0
    config = read_config(ed / "edition.toml")
    warned = placeholder_issues(ed / "edition.toml", config)
    names = {i.message.split(" ", 1)[0] for i in warned}
    assert {"edition.title", "edition.editors", "edition.publisher", "edition.base_url"} <= names
    assert all(i.severity == "warning" and i.line > 0 for i in warned)
    assert invoke("validate", ed).exit_code == 0
    strict = invoke("validate", "--strict", ed)
    assert strict.exit_code == 1
    assert "[config-placeholder]" in strict.output
    built = invoke("build", ed, "-o", tmp_path / "out", "--no-pdf", "--no-search")
    assert built.exit_code == 0 and "[config-placeholder]" in built.stderr
    # replaced: no warning
    text = (ed / "edition.toml").read_text()
    for old, new in (
        ("A Documentary Edition", "Letters of Ada Lovelace"),
        ('short_title = "Edition"', 'short_title = "Lovelace"'),
        ('"First Editor", "Second Editor"', '"Ada Editor"'),
        ("The publishing institution", "A Library"),
        ("https://example.org/edition/", "https://lovelace.invalid-host.net/letters/"),
        ("What this edition publishes, from which archives, and how it was made.", "Letters."),
    ):
        text = text.replace(old, new)
    (ed / "edition.toml").write_text(text)
    assert placeholder_issues(ed / "edition.toml", read_config(ed / "edition.toml")) == []


def test_the_readme_reference_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert replace_config_reference(readme) == readme, "run `make readme`"
    for setting in SETTINGS:
        assert f"`{setting.name}`" in readme
