"""Walking syntax trees: the whole tree, or the code of one scope (nested functions, lambdas
and classes are other scopes).

`ast.walk` and `ast.iter_child_nodes` are pure Python generators (a generator per node, and
`iter_fields` for each): these do the same walks in the same order at about half the cost,
which matters on the lint path (a walk per `__init__`, per function, per parent map)."""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterable, Iterator

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_AST = ast.AST


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """The direct children of `node`, in the order of `ast.iter_child_nodes`."""
    out: list[ast.AST] = []
    for name in node._fields:
        value = getattr(node, name, None)
        if value.__class__ is list:
            out.extend(item for item in value if isinstance(item, _AST))
        elif isinstance(value, _AST):
            out.append(value)
    return out


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """Every node under `node` (included), in the order of `ast.walk` (breadth first)."""
    todo = deque([node])
    while todo:
        node = todo.popleft()
        todo.extend(child_nodes(node))
        yield node


def walk_local(roots: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """Every node under `roots` (roots included), without entering nested scopes."""
    stack: list[ast.AST] = list(roots)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _SCOPES):
            continue
        stack.extend(child_nodes(node))
