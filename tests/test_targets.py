"""What a command acts on when given no path: the edition found from the current folder
(as git finds its repository), or one clear error; never the bundled edition silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_edition.edition import NO_EDITION, find_edition, targets
from tei_edition.issues import UsageError

COMMANDS = {
    "stats": ["stats"],
    "validate": ["validate"],
    "export": ["export", "--to", "text", "-o", "{tmp}/x"],
    "fidelity": ["fidelity"],
    "build": ["build", "-o", "{tmp}/site", "--no-pdf", "--no-search"],
    "deposit": ["deposit", "-o", "{tmp}/bag"],
}


@pytest.fixture(scope="module")
def new_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tei_edition.site.scaffold import new_edition as scaffold

    ed = tmp_path_factory.mktemp("targets") / "my-edition"
    scaffold(ed, title="Letters")
    return ed


def args(name: str, tmp_path: Path) -> list[str]:
    return [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[name]]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_from_an_empty_folder_every_command_says_there_is_no_edition(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    result = invoke(*args(name, tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"{empty}: error: {NO_EDITION} [usage]\n"
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]  # nothing written


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_inside_an_edition_every_command_acts_on_it(
    name: str, new_edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke
) -> None:
    monkeypatch.chdir(new_edition / "documents")  # a folder below the edition's
    result = invoke(*args(name, tmp_path))
    out = result.stdout + result.stderr
    assert "mikoyan" not in out.lower()  # never the bundled edition
    if name == "fidelity":  # the scaffold has no transcriptions: said for its document
        assert result.exit_code == 1
        assert "no transcription source/sample-letter.txt in the edition" in out
        return
    assert result.exit_code == 0, out
    if name == "stats":
        assert "sample-letter.xml" in result.stdout
    elif name == "validate":
        assert "3 files checked" in result.stderr  # document, register, edition.toml
    elif name == "export":
        assert (tmp_path / "x" / "sample-letter.txt").is_file()
    elif name == "build":
        assert (tmp_path / "site" / "documents" / "sample-letter.html").is_file()
    elif name == "deposit":
        assert any((tmp_path / "bag").rglob("sample-letter.xml"))


def test_find_edition_walks_up_like_git(new_edition: Path, tmp_path: Path) -> None:
    deep = new_edition / "documents" / "a" / "b"
    deep.mkdir(parents=True, exist_ok=True)
    assert find_edition(deep) == new_edition.resolve()
    assert find_edition(tmp_path) is None
    assert targets([Path("x.xml")]) == [Path("x.xml")]
    with pytest.raises(UsageError, match="no edition here"):
        targets([], start=tmp_path)


STRICT = (
    '<grammar xmlns="http://relaxng.org/ns/structure/1.0">'
    '<start><element name="nothing"><empty/></element></start></grammar>\n'
)


@pytest.mark.parametrize("command", ["validate DIR", "build DIR", "deposit DIR", "deposit FILE"])
def test_the_schema_edition_toml_names_applies_to_every_command(
    command: str, tmp_path: Path, invoke
) -> None:
    """A schema no document can meet, named in edition.toml: every command refuses."""
    from site_support import make_edition

    ed = make_edition(tmp_path / "ed")
    (ed / "strict.rng").write_text(STRICT)
    toml = (ed / "edition.toml").read_text()
    (ed / "edition.toml").write_text(toml.replace('schema = ""', 'schema = "strict.rng"'))
    doc = ed / "documents" / "1844-letter.xml"
    verb, what = command.split()
    target = ed if what == "DIR" else doc
    extra = {
        "validate": [],
        "build": ["-o", tmp_path / "site"],
        "deposit": ["-o", tmp_path / "bag"],
    }
    result = invoke(verb, target, *extra[verb])
    assert result.exit_code == 1, result.output
    assert "nothing" in result.output  # Jing: the document is not the element `nothing`
    assert not (tmp_path / "site").exists() and not (tmp_path / "bag").exists()
    # without the schema, the same command goes through
    (ed / "edition.toml").write_text(toml)
    assert invoke(verb, target, *extra[verb]).exit_code == 0
