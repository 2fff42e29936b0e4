"""The package's layers, read from its source: every module's imports, parsed with `ast`.

The layers, lowest first (a module may import its own layer or a lower one, never a higher one):

    text < diff < model < site < build < plugin < cli

`diff` sits below `model`: the redline algorithm compares sanitized HTML and knows nothing of
revisions or releases (it imports only `text`), while `model` imports nothing of `diff`.
Top-level modules (`resources`) sit below them all. The core is text, diff, model, site and
build: it never imports MkDocs or Material, nor anything of `redline.plugin` or `redline.cli`.

Every import counts: at the top of a module, inside a function, under `if TYPE_CHECKING:`. The
folders are walked, not listed: a new module is checked as soon as it exists.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import redline

PACKAGE = Path(redline.__file__).parent
LAYERS = ["", "text", "diff", "model", "site", "build", "plugin", "cli"]  # "": top-level
CORE = {"text", "diff", "model", "site", "build"}


def module_name(path: Path) -> str:
    parts = ["redline", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def modules() -> dict[str, Path]:
    """Every module of the package, by its dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path) -> set[str]:
    """The absolute names `name` imports anywhere in its source (relative ones resolved): for
    `from x import y`, `x.y` if that is a module of the package, else `x`."""
    known = modules()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            stem = node.module or ""
            module = f"{base}.{stem}".strip(".") if node.level else stem
            for alias in node.names:
                found.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module)
    return found


def graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    known = modules()
    return {
        name: {t for t in imports(name, path) if t in known and t != name}
        for name, path in known.items()
    }


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else ""


def test_the_walk_finds_every_layer():
    found = {layer(name) for name in modules()}
    assert set(LAYERS) <= found, set(LAYERS) - found


def test_the_core_imports_no_mkdocs_nor_material():
    offending = sorted(
        f"{name} imports {target}"
        for name, path in modules().items()
        if layer(name) in CORE
        for target in imports(name, path)
        if target.split(".")[0] in ("mkdocs", "material")
    )
    assert offending == [], "\n".join(offending)


def test_the_core_imports_nothing_of_the_plugin_nor_the_cli():
    offending = sorted(
        f"{name} imports {target}"
        for name, path in modules().items()
        if layer(name) in CORE
        for target in imports(name, path)
        if target.split(".")[:2] in (["redline", "plugin"], ["redline", "cli"])
    )
    assert offending == [], "\n".join(offending)


def test_no_module_imports_a_higher_layer():
    offending = sorted(
        f"{name} ({layer(name) or 'top'}) imports {target} ({layer(target) or 'top'})"
        for name, targets in graph().items()
        for target in targets
        if LAYERS.index(layer(target)) > LAYERS.index(layer(name))
    )
    assert offending == [], "\n".join(offending)


def test_no_import_cycle():
    edges = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert cycles == [], "\n".join(" -> ".join(cycle) for cycle in cycles)
