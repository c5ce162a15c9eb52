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
from exportlint.analysis.walk import walk_statements


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
    for cls in info.classes.values():
        names = {
            attr
            for attr, values in self_assignments(cls.node).items()
            if any(_builds(v, owner) for v in values)
        }
        if not names:
            continue
        for node in walk_statements(cls.node):
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and isinstance(call.func.value, ast.Name)
                    and call.func.value.id == "self"
                    and call.func.attr in names
                ):
                    calls.append(call)
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


def _builds(value: ast.expr | None, owner: str) -> bool:
    """`self.x = Owner(...)`."""
    return (
        isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == owner
    )
