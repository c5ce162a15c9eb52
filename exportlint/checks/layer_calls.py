"""Which calls may be calls of a torch.nn layer the rules look for, decided cheaply.

`api_facts.layer_constructor` finds the `nn.X(...)` a call like `self.rnn(x)` calls by
reading the assignments to `self.rnn` in its class and the class's bases: on transformers,
most calls of a forward are calls of submodules, and reading them for each call was a tenth of
the rules' time. A layer is only ever found among the `self.<name>` the file's classes assign
a `torch.nn.<layer>(...)` to: the names are collected once per file and layer set.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from exportlint.analysis import events
from exportlint.analysis.attributes import self_assignments
from exportlint.analysis.imports import qualified_name
from exportlint.analysis.walk import walk_statements


def may_call_layer(
    event: events.Call, tree: ast.Module | None, imports: Mapping[str, str], layers: frozenset[str]
) -> bool:
    """False when `layer_constructor(event, tree)` is certainly not a `torch.nn.<layer>` with
    `layer` in `layers` (short class names: "LSTM")."""
    func = event.node.func
    if isinstance(func, ast.Call):
        return True  # nn.LSTM(8, 16)(x)
    receiver = event.receiver
    if tree is None or receiver is None or not receiver.is_self:
        return False
    if not isinstance(func, ast.Attribute):
        return False
    return func.attr in layer_attributes(tree, imports, layers)


def layer_attributes(
    tree: ast.Module, imports: Mapping[str, str], layers: frozenset[str]
) -> frozenset[str]:
    """The names `self.<name>` a class of the module assigns a `torch.nn.<layer>(...)` to
    (layer in `layers`). Kept on the tree: a shared module's tree serves every linted file
    of the run, and its imports are the same for all."""
    known: dict[frozenset[str], frozenset[str]] | None = getattr(
        tree, "_exportlint_layer_attributes", None
    )
    if known is None:
        known = tree._exportlint_layer_attributes = {}  # type: ignore[attr-defined]
    found = known.get(layers)
    if found is None:
        names: set[str] = set()
        for node in walk_statements(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            for name, values in self_assignments(node).items():
                for value in values:
                    if isinstance(value, ast.Call) and _is_layer(value.func, imports, layers):
                        names.add(name)
        found = known[layers] = frozenset(names)
    return found


def _is_layer(func: ast.expr, imports: Mapping[str, str], layers: frozenset[str]) -> bool:
    name = qualified_name(func, imports, ()) or ""
    return name.startswith("torch.nn.") and name.rsplit(".", 1)[-1] in layers
