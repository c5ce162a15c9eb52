"""What the file's own call sites pass to a submodule's `forward`.

Every `nn.Module`'s forward is interpreted as an entry point, its unannotated parameters taken
for tensors. A parameter that every call in the file fills with a list or tuple display
(`self.fpn([c3, c4, c5])`, `self.decode_head((f1, f2))`) is a Python sequence: iterating it
or calling `list()` on it is not a loop over a tensor's rows.
"""

from __future__ import annotations

import ast

from exportlint.analysis.attributes import self_assignments
from exportlint.analysis.surface import ModuleInfo
from exportlint.analysis.walk import walk_nodes


def sequence_arguments(info: ModuleInfo, owner: str) -> dict[int, ast.expr]:
    """Parameter position (after `self`) -> the list/tuple display every call site of an
    instance of `owner` passes there. Empty when no call site is found; a position that one
    call fills otherwise (or leaves out, or a `*args` call) is left out."""
    cache: dict[str, dict[int, ast.expr]] | None = getattr(info, "_exportlint_sequence_args", None)
    if cache is None:
        cache = {}
        object.__setattr__(info, "_exportlint_sequence_args", cache)
    if owner not in cache:
        cache[owner] = _find(info, owner)
    return cache[owner]


def _find(info: ModuleInfo, owner: str) -> dict[int, ast.expr]:
    calls: list[ast.Call] = []
    for cls, names in _builders(info).get(owner, ()):
        calls.extend(call for attr, call in _self_calls(cls) if attr in names)
    if not calls or any(
        call.keywords or any(isinstance(a, ast.Starred) for a in call.args) for call in calls
    ):
        return {}
    found: dict[int, ast.expr] = {}
    for position in range(min(len(call.args) for call in calls)):
        displays = [call.args[position] for call in calls]
        if all(isinstance(d, (ast.List, ast.Tuple)) for d in displays):
            found[position] = displays[0]
    return found


def _builders(info: ModuleInfo) -> dict[str, list[tuple[ast.ClassDef, set[str]]]]:
    """Class name -> the module's classes (in order) that build an instance of it in a
    `self.<attr> = Name(...)` assignment, with those attributes: read once per module."""
    found: dict[str, list[tuple[ast.ClassDef, set[str]]]] | None = getattr(
        info, "_exportlint_builders", None
    )
    if found is None:
        found = {}
        for cls in info.classes.values():
            by_owner: dict[str, set[str]] = {}
            for attr, values in self_assignments(cls.node).items():
                for value in values:
                    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
                        by_owner.setdefault(value.func.id, set()).add(attr)
            for owner, names in by_owner.items():
                found.setdefault(owner, []).append((cls.node, names))
        object.__setattr__(info, "_exportlint_builders", found)
    return found


def _self_calls(node: ast.ClassDef) -> list[tuple[str, ast.Call]]:
    """The class's `self.<attr>(...)` calls, in `walk` order, found once per class (kept on the
    node): `_find` runs for every entry point, and walked the class again each time (with
    every nested statement's subtree walked once per enclosing statement: 40% of a cold
    lint of transformers)."""
    found: list[tuple[str, ast.Call]] | None = getattr(node, "_exportlint_self_calls", None)
    if found is None:
        found = [
            (call.func.attr, call)
            for call in walk_nodes(node)
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "self"
        ]
        node._exportlint_self_calls = found  # type: ignore[attr-defined]
    return found
