"""Where a function binds its names: the `ast` questions codemods of different families ask
before they follow a name to its value.

`bindings` lists every binding of a scope with its value (EXL101's causal hint and EXL102's
size pads and flags follow a name to the one expression it holds); `function_of`, `in_loop`
and `assigned_method_result` are what EXL202's list rewrites (host_lists, tensor_lists) ask of
`name = t.<method>()`. Nothing here builds code: only `ast` decisions.
"""

from __future__ import annotations

import ast

from exportlint.codemods import NotRewritable
from exportlint.fixes import FixContext

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def bindings(scope: ast.AST) -> list[tuple[str, ast.expr | None]]:
    """(name, value) for each binding of a name in `scope`; the value is None where it is not
    one expression (a loop variable, a `with ... as`, an argument)."""
    found: list[tuple[str, ast.expr | None]] = []
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                value = node.value if isinstance(target, ast.Name) else None
                found += [(n.id, value) for n in ast.walk(target) if isinstance(n, ast.Name)]
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and isinstance(node.target, ast.Name):
            found.append((node.target.id, node.value))
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            found.append((node.target.id, None))
        elif isinstance(node, (ast.For, ast.comprehension)):
            found += [(n.id, None) for n in ast.walk(node.target) if isinstance(n, ast.Name)]
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            found += [(n.id, None) for n in ast.walk(node.optional_vars) if isinstance(n, ast.Name)]
        elif isinstance(node, ast.arg):
            found.append((node.arg, None))
    return found


def function_of(ctx: FixContext, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef:
    """The innermost function around `node` (through lambdas and classes); NotRewritable
    outside any."""
    parent = ctx.parent(node)
    while parent is not None and not isinstance(parent, _FUNCTIONS):
        parent = ctx.parent(parent)
    if parent is None:
        raise NotRewritable("not inside a function")
    return parent


def in_loop(ctx: FixContext, node: ast.AST, function: ast.AST) -> bool:
    """`node` is inside a `for`/`while` of `function` (a use above it in the loop's body would
    read the previous turn's value)."""
    parent = ctx.parent(node)
    while parent is not None and parent is not function:
        if isinstance(parent, ast.For | ast.While | ast.AsyncFor):
            return True
        parent = ctx.parent(parent)
    return False


def assigned_method_result(call: ast.Call, stmt: ast.stmt, method: str, noun: str) -> str:
    """The name `stmt` assigns `call`, a `t.<method>()` with no argument, to: `name =
    t.tolist()` (EXL202's lists and arrays); NotRewritable, naming the `noun` the call makes
    (`list`, `array`), for another call or another assignment."""
    if not (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == method
        and not call.args
        and not call.keywords
    ):
        raise NotRewritable(f"not a `.{method}()` call")
    if not (
        isinstance(stmt, ast.Assign)
        and stmt.value is call
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
    ):
        raise NotRewritable(f"the {noun} is not assigned to a name")
    return stmt.targets[0].id
