"""The import graph of the project's packages against the layering written in ARCHITECTURE.md."""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from tests.helpers import REPO


def _packages() -> list[str]:
    """The project's top-level packages, as pyproject.toml ships them."""
    found = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]["find"]
    return [pattern.rstrip("*") for pattern in found["include"]]


def _layers() -> dict[str, set[str]]:
    """Package → the packages ARCHITECTURE.md allows it to import, from its ```layers block."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = re.search(r"```layers\n(.*?)```", text, re.S)
    assert block, "ARCHITECTURE.md has no ```layers block"
    layers = {}
    for line in block.group(1).splitlines():
        if line.strip():
            package, allowed = (part.strip() for part in line.split("→"))
            layers[package] = set(re.findall(r"\b\w+\b", allowed)) - {"nothing", "of", "ours"}
    return layers


def _modules(packages: list[str]) -> dict[str, Path]:
    modules = {}
    for package in packages:
        for path in (REPO / package).rglob("*.py"):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules NAME imports anywhere in its code (in functions and under TYPE_CHECKING too)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            named.update(f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module
                         for alias in node.names)
    found = set()
    for target in named:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules(_packages())
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def test_architecture_names_every_package_and_only_those() -> None:
    assert set(_layers()) == set(_packages())


def test_no_package_imports_one_above_it_or_beside_it() -> None:
    layers = _layers()
    upward = sorted(f"{module} imports {target}" for module, targets in _graph().items() for target in targets
                    if (top := target.split(".")[0]) != (own := module.split(".")[0]) and top not in layers[own])
    assert upward == [], "imports against the layering in ARCHITECTURE.md:\n" + "\n".join(upward)


def test_no_import_cycles_between_modules() -> None:
    assert _cycles(_graph()) == []


def test_the_checks_see_a_cycle_and_an_upward_import() -> None:
    """The graph finds what it is meant to: a cycle and a lazy import inside a function."""
    graph = _graph()
    assert "crawler.runner" in graph["regwatch.cycle"] and "archive.clock" in graph["alerts.delivery"]
    assert "nlp.train" in graph["regwatch.cli"]  # imported inside a function
    assert "nlp.classifier" in graph["nlp"]  # a relative import in a package's __init__
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
