"""The shape of the code: data flows one way, read → validate → derive → render → write.

Imports are read from the source (inside functions too), so a cycle or a step reaching back up
fails here before it tangles anything.
"""
from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "geo"
# Each step and what it may import of geo (besides the shared vocabulary: errors, schema, values,
# layer, progress, examples, tiles, and the military symbol codes of geo.symbology).
SHARED = {"geo.errors", "geo.schema", "geo.values", "geo.layer", "geo.progress", "geo.examples", "geo.tiles",
          *(f"geo.symbology{m}" for m in ("", ".sidc", ".names", ".defaults"))}
STEPS = ["geo.read", "geo.validate", "geo.story", "geo.scenario", "geo.derive", "geo.model", "geo.render", "geo.write",
         "geo.api", "geo.cli"]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py") if "examples_data" not in p.parts}


def imports(path: Path, known: set[str]) -> set[str]:
    """The geo modules a file imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
    return {name for name in found if name == "geo" or name.startswith("geo.")}


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(path, set(found)) - {name} for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return out


def step_of(module: str) -> str | None:
    return next((s for s in STEPS if module == s or module.startswith(s + ".")), None)


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_geo():
    assert cycles(graph()) == []


def test_each_step_imports_only_steps_before_it():
    for module, targets in graph().items():
        mine = step_of(module)
        for target in targets:
            assert target != "geo", f"{module} imports the package root (import geo)"
            theirs = step_of(target)
            if mine is None or theirs is None or theirs == mine:
                continue
            assert STEPS.index(theirs) < STEPS.index(mine), f"{module} imports {target}: against the flow"


def test_the_shared_vocabulary_imports_no_step():
    edges = graph()
    for module in SHARED:
        assert not {t for t in edges[module] if step_of(t)}, module


def test_no_pipeline_state_in_dataframe_attrs():
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        uses = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "attrs"]
        assert not uses, f"{name} uses .attrs at lines {uses}"


def bound_names(tree: ast.Module, package: str) -> dict[str, bool]:
    """Names a package's ``__init__`` binds at top level: {name: True when it is its own submodule}."""
    bound: dict[str, bool] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                name = alias.asname or alias.name
                bound[name] = node.module == package and alias.name == name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                bound[alias.asname or alias.name.split(".")[0]] = False
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[node.name] = False
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bound.update({t.id: False for t in targets if isinstance(t, ast.Name)})
    return bound


def test_no_package_name_hides_a_submodule():
    """``geo.validate`` was once a function that hid the subpackage ``geo.validate`` (so
    ``import geo.validate; geo.validate.read_checked`` failed): a package binds no name of its own
    submodules to anything else."""
    hidden = []
    for init in PACKAGE.rglob("__init__.py"):
        package = module_name(init)
        children = {p.stem for p in init.parent.glob("*.py")} | {
            p.parent.name for p in init.parent.glob("*/__init__.py")}
        for name, is_module in bound_names(ast.parse(init.read_text(encoding="utf-8")), package).items():
            if name in children - {"__init__"} and not is_module:
                hidden.append(f"{package}.{name}")
    assert not hidden, f"these names hide a submodule of the same name: {hidden}"


def test_the_hiding_check_sees_a_hidden_submodule():
    tree = ast.parse("from geo.validate.fields import validate\nfrom geo import examples\n")
    assert bound_names(tree, "geo") == {"validate": False, "examples": True}


def test_the_name_layer_means_geo_layer_only():
    """``Layer`` is geo's (geo/layer.py); folium's is imported as ``FoliumLayer`` wherever it is used."""
    clashing = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("folium"):
                clashing += [str(path.relative_to(ROOT)) for a in node.names if (a.asname or a.name) == "Layer"]
    assert not clashing, f"folium's Layer imported as Layer in {clashing}"
