"""Walking the code of one scope: nested functions, lambdas and classes are other scopes."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def walk_local(roots: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """Every node under `roots` (roots included), without entering nested scopes."""
    stack: list[ast.AST] = list(roots)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _SCOPES):
            continue
        stack.extend(ast.iter_child_nodes(node))
