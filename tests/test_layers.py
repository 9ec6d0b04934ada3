"""The import rules of STYLE.md ("The shape of the house"), checked over the source.

An `ast` walk sees every import, at the top of a module or inside a function.
Imports under `if TYPE_CHECKING:` are only names for the type checker and are
left out: they build nothing and load nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "partnercare"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> set[str]:
    """Every module path imports at run time (relative imports resolved)."""
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for statement in node.orelse:
                visit(statement)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


MODULES = {_module_name(path): _imports(path) for path in sorted(SRC.rglob("*.py"))}


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _importers(target: str) -> set[str]:
    return {m for m, imports in MODULES.items() if any(_in(i, target) for i in imports)}


def test_the_walk_finds_the_modules_and_their_imports() -> None:
    assert "partnercare.cli.help_now" in MODULES
    # an import inside a function is seen
    assert "partnercare.settings" in MODULES["partnercare.cli.help_now"]


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("sqlite3", "partnercare.store"),
        ("sqlcipher3", "partnercare.store"),
        ("questionary", "partnercare.prompts"),
        ("prompt_toolkit", "partnercare.prompts"),
        ("rich", "partnercare.render"),
    ],
)
def test_only_one_layer_uses_each_library(library: str, allowed: str) -> None:
    outside = {m for m in _importers(library) if not _in(m, allowed)}
    assert outside == set(), f"{library} is imported outside {allowed}"


def test_render_never_reaches_for_the_store_the_prompts_or_the_cli() -> None:
    for module, imports in MODULES.items():
        if _in(module, "partnercare.render"):
            for banned in ("partnercare.store", "partnercare.prompts", "partnercare.cli"):
                assert not any(_in(i, banned) for i in imports), (module, banned)


# rich costs a third of Typer's start-up: only the screens pay for it, so the one-tip
# view, --json output and the exports stay cheap.
RICH_RENDERERS = {"partnercare.render.screen"}


def test_only_the_screens_import_rich() -> None:
    assert "partnercare.render.screen" in MODULES
    users = {m for m in _importers("rich") if _in(m, "partnercare.render")}
    assert users <= RICH_RENDERERS


def test_the_domain_uses_only_the_pure_renderers() -> None:
    # The JSON export writes entries in the `--json` shape (render.json); nothing
    # outside the CLI and render itself reaches for a screen.
    for module, imports in MODULES.items():
        if any(_in(module, layer) for layer in LAYERS):
            continue
        used = {i for i in imports if _in(i, "partnercare.render")} - {"partnercare.render"}
        assert all(_in(i, "partnercare.render.json") for i in used), (module, used)


def test_nothing_imports_the_cli() -> None:
    outside = {
        m
        for m in _importers("partnercare.cli")
        if not _in(m, "partnercare.cli") and m != "partnercare.__main__"
    }
    assert outside == set()


LAYERS = ("partnercare.cli", "partnercare.render", "partnercare.prompts", "partnercare.__main__")


def test_the_domain_never_prints_through_typer_or_rich() -> None:
    for module, imports in MODULES.items():
        if any(_in(module, layer) for layer in LAYERS):
            continue
        for banned in ("typer", "rich", "questionary"):
            assert not any(_in(i, banned) for i in imports), (module, banned)


def test_commands_reach_the_journal_only_through_cli_common() -> None:
    # One way to open the store (where a passphrase will be asked); everything else
    # goes through the domain.
    users = {m for m in _importers("partnercare.store") if _in(m, "partnercare.cli")}
    assert users == {"partnercare.cli.common"}
