"""The package's layering, kept by a test over its import graph.

The pipeline reads, validates, transforms, builds and deposits; the edition (its
configuration, documents, register, conventions) is the domain every step after reading
uses. A module may
import from its own layer and the layers below it, never from one above: nothing below
the site imports from ``site/``, nothing but the deposit and the command line from
``deposit/``. An import inside a function is allowed only where start-up time needs it,
with a comment saying so on its line or the line before.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tei_edition"

LAYERS: dict[str, int] = {
    # foundations: problems as data, resources, the formats, progress, the package itself
    "__init__": 0,
    "issues": 0,
    "resources": 0,
    "formats": 0,
    "progress": 0,
    "workers": 0,
    # read: the one safe XML reader, catalogs, writing files whole; the XSLT engine
    "read": 1,
    "fsutil": 1,
    "xslt": 1,
    "messages": 1,
    # the domain: the edition (configuration, documents, register, conventions, what a
    # command acts on)
    "edition": 2,
    # validate: schemas, Schematron, Jing, and the edition checked as a whole
    "validate": 3,
    # transform: the exports and PDF; and what reads documents through the edition and
    # its checks (counts, fidelity to the source, the importer)
    "transform": 4,
    "stats": 4,
    "fidelity": 4,
    "importer": 4,
    # build: the site
    "site": 5,
    # deposit: bags of documents and of editions, and their verification
    "deposit": 6,
    # the command line, its reference, `python -m tei_edition`
    "cli": 9,
    "clidoc": 9,
    "__main__": 9,
}


def layer_of(module: str) -> str:
    """``tei_edition.site.build`` → ``site``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts)
        found.append((name.removesuffix(".__init__"), path))
    return found


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """(module imported, line, inside a function) of every tei_edition import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                if child.module.startswith("tei_edition"):
                    if child.module == "tei_edition":
                        for alias in child.names:
                            found.append((f"tei_edition.{alias.name}", child.lineno, nested))
                    else:
                        found.append((child.module, child.lineno, nested))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("tei_edition"):
                        found.append((alias.name, child.lineno, nested))
            visit(child, nested)

    visit(tree, False)
    return found


def test_every_module_has_a_layer() -> None:
    missing = sorted({layer_of(name) for name, _ in modules()} - set(LAYERS))
    assert not missing, f"give these a layer in tests/test_layering.py: {missing}"


@pytest.mark.parametrize("name,path", modules(), ids=[n for n, _ in modules()])
def test_no_module_imports_from_a_layer_above_it(name: str, path: Path) -> None:
    own = LAYERS[layer_of(name)]
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line}: imports {target}"
        for target, line, _ in imports(path)
        if LAYERS.get(layer_of(target), 0) > own
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name,path", modules(), ids=[n for n, _ in modules()])
def test_imports_inside_functions_say_why(name: str, path: Path) -> None:
    """An import inside a function is there for start-up time (or to break a cycle), and
    says so in a comment on its line or before its group of imports."""
    lines = path.read_text(encoding="utf-8").splitlines()
    silent = []
    for target, line, inside in imports(path):
        if not inside or "#" in lines[line - 1]:
            continue
        # the comment stands before the group of imports this one belongs to
        at = line - 2
        while at >= 0 and lines[at].strip().startswith(("from ", "import ")):
            at -= 1
        if at < 0 or not lines[at].strip().startswith("#"):
            silent.append(f"{path.relative_to(PACKAGE)}:{line}: {target}")
    assert not silent, "imports inside functions without a comment:\n" + "\n".join(silent)


def test_the_site_is_not_imported_below_it() -> None:
    """The acceptance in one line: no module below site/ imports from site/."""
    below = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for name, path in modules()
        if LAYERS[layer_of(name)] < LAYERS["site"]
        for target, line, _ in imports(path)
        if layer_of(target) == "site"
    ]
    assert not below, below
