"""Custom operators a class decorator's dispatch can reach.

transformers wraps MoE experts classes with `@use_experts_implementation`, which replaces
`forward` by a lookup in a registry of implementations (`ALL_EXPERTS_FUNCTIONS`, keyed by a
config string); the default one ends in `torch.ops.transformers.grouped_mm_fallback`, a
custom operator torch.onnx cannot translate. The interpreter cannot follow a lookup keyed by
a run-time string, so this module over-approximates it by names: from the decorator's body
(defaults included), every function, class body and module-level value of the decorator's
module that it names, transitively, and the `torch.ops.<ns>.<op>` calls found there.
Other modules are not entered (the registry's other implementations live in optional
kernel packages).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from exportlint.analysis.imports import dotted
from exportlint.analysis.surface import FunctionNode, ModuleInfo

# Namespaces of torch's own operators (as in EXL403).
BUILTIN_NAMESPACES = frozenset(
    {"aten", "prims", "prim", "higher_order", "profiler", "_c10d_functional", "c10d_functional"}
)
_MAX_NODES = 50_000  # a bound on the syntax nodes one decorator's walk reads


@dataclass(frozen=True)
class ReachedOp:
    op: str  # "transformers::grouped_mm_fallback"
    line: int  # where the call is, in the decorator's module
    path: str


def class_decorators(home: ModuleInfo, owner: str) -> list[ast.expr]:
    info = home.classes.get(owner)
    if info is None:
        return []
    return [d.func if isinstance(d, ast.Call) else d for d in info.node.decorator_list]


def reachable_custom_ops(decorator: FunctionNode, module: ModuleInfo) -> tuple[ReachedOp, ...]:
    """The custom operators named by code `decorator` reaches in its own module (cached)."""
    cached: tuple[ReachedOp, ...] | None = getattr(decorator, "_exportlint_custom_ops", None)
    if cached is None:
        cached = _walk(decorator, module)
        decorator._exportlint_custom_ops = cached  # type: ignore[union-attr]
    return cached


def _module_values(module: ModuleInfo) -> dict[str, ast.expr]:
    """Module-level `NAME = value` assignments (the registries)."""
    values: dict[str, ast.expr] = {}
    for stmt in module.tree.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
            values[stmt.target.id] = stmt.value
    return values


def _walk(start: FunctionNode, module: ModuleInfo) -> tuple[ReachedOp, ...]:
    values = _module_values(module)
    seen: set[str] = set()
    queue: list[ast.AST] = [start]
    found: dict[str, ReachedOp] = {}
    visited = 0
    while queue and visited < _MAX_NODES:
        root = queue.pop()
        for node in ast.walk(root):
            visited += 1
            if isinstance(node, ast.Attribute):
                name = dotted(node) or ""
                parts = name.split(".")
                custom = parts[:2] == ["torch", "ops"] and len(parts) >= 4
                if custom and parts[2] not in BUILTIN_NAMESPACES:
                    op = f"{parts[2]}::{parts[3]}"
                    found.setdefault(op, ReachedOp(op, node.lineno, module.path))
            elif isinstance(node, ast.Name) and node.id not in seen:
                seen.add(node.id)
                if node.id in module.functions:
                    queue.append(module.functions[node.id])
                elif node.id in module.classes:
                    queue.append(module.classes[node.id].node)
                elif node.id in values:
                    queue.append(values[node.id])
    return tuple(found.values())
