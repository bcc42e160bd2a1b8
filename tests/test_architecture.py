"""The shape the README's architecture section promises, checked on the real source tree.

Data flows one way (source -> model/blocks -> status -> output -> plugin/commands); MkDocs
is imported by the plugin adapter only; modules stay small enough to read in one sitting.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "plugins" / "mkdocs_playbook"
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at any level (function-level imports count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {i for i in _imports(path) if i in modules and i != name} for name, path in modules.items()}


def test_no_import_circle() -> None:
    graph = _graph()
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in done:
            return
        assert module not in visiting, "import circle: " + " -> ".join([*visiting[visiting.index(module):], module])
        visiting.append(module)
        for imported in sorted(graph[module]):
            # importing a package runs its __init__: an edge to the package too
            visit(imported)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


def test_only_the_plugin_adapter_imports_mkdocs() -> None:
    offenders = sorted(
        _module_name(path)
        for path in PACKAGE.rglob("*.py")
        if any(i == "mkdocs" or i.startswith("mkdocs.") for i in _imports(path))
        and not _module_name(path).startswith("mkdocs_playbook.plugin")
    )
    assert offenders == []


def test_the_core_never_imports_the_layers_above_it() -> None:
    """source/, model and blocks know nothing of status, output, git, plugin or commands."""
    above = ("status", "output", "plugin", "commands", "history", "gitrepo", "edit")
    for name, imported in _graph().items():
        layer = name.split(".")[1] if "." in name else ""
        if layer in ("source", "model", "blocks"):
            bad = sorted(i for i in imported if i.split(".")[1:2] and i.split(".")[1] in above)
            assert bad == [], f"{name} imports {bad}"


def test_no_module_is_longer_than_can_be_read_in_one_sitting() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
