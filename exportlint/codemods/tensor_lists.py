"""A tensor read into a list only to be measured (EXL202): keep the tensor.

    if not isinstance(lengths, list):             lengths = torch.as_tensor(lengths).long()
        lengths = lengths.long().tolist()         bs = lengths.shape[0]
    bs = int(len(lengths))                  ->    maxlen = lengths.max().item()
    maxlen = int(max(lengths))                    ...
    ...                                           expand = lengths.to(seq_range_expand)
    expand = seq_range_expand.new(lengths)

(espnet's and many ASR repositories' `make_pad_mask`). Under export `.tolist()` fixes the
batch (one Python number per row) and `.new(list of unbacked ints)` asks for each as a plain
integer (`Could not extract specialized integer from data-dependent expression u0`; measured
on torch 2.13). Every use of the list has a tensor form with the same numbers: `len(v)` ->
`v.shape[0]`, `max(v)` / `min(v)` / `sum(v)` -> `v.max().item()` / ... (a Python number, as
the builtin gave; `int()` around it goes), `x.new(v)` -> `v.to(x)` (x's dtype and device), an
index `x[v]` as it is. The `isinstance(v, list)` guard of the idiom becomes
`torch.as_tensor(v)`, so a list passed in still works in eager.

Unsafe, with its conditions: the tensor is 1-d (`max()` of a nested list compares rows), every
later use of the name is one of those (checked), the list is not made in a loop, `v.to(x)`
may share memory with the lengths where `x.new(v)` copied, and `max()` of an empty list raised
where the tensor's raises another error.
"""

from __future__ import annotations

import ast

from exportlint.analysis.imports import qualified_name
from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.core import REMOVE, Replacement, codemod_for
from exportlint.codemods.names import assigned_method_result, function_of, in_loop
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

# Python reductions of a list of numbers and the tensor method giving the same number.
_REDUCTIONS = {"max": "max", "min": "min", "sum": "sum"}


def _builtin(ctx: FixContext, node: ast.AST | None, names: tuple[str, ...]) -> str:
    """The builtin's name when `node` is a one-argument call of one of `names`, else ""."""
    if not (isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords):
        return ""
    if not isinstance(node.func, ast.Name) or node.func.id not in names:
        return ""
    if qualified_name(node.func, ctx.imports, ()) not in (None, f"builtins.{node.func.id}"):
        return ""  # a name imported from elsewhere shadows the builtin
    return node.func.id


def _sym_int(ctx: FixContext, node: ast.AST | None) -> bool:
    """`torch.sym_int(one argument)`."""
    return (
        isinstance(node, ast.Call)
        and len(node.args) == 1
        and not node.keywords
        and qualified_name(node.func, ctx.imports, ()) == "torch.sym_int"
    )


def _list_guard(ctx: FixContext, stmt: ast.stmt, name: str) -> ast.If | None:
    """The `if not isinstance(name, list):` (or `(list, tuple)`) whose only statement is
    `stmt`, or None."""
    parent = ctx.parent(stmt)
    if not (isinstance(parent, ast.If) and parent.body == [stmt] and not parent.orelse):
        return None
    test = parent.test
    if not (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)):
        return None
    check = test.operand
    if not (
        isinstance(check, ast.Call)
        and isinstance(check.func, ast.Name)
        and check.func.id == "isinstance"
        and len(check.args) == 2
        and isinstance(check.args[0], ast.Name)
        and check.args[0].id == name
    ):
        return None
    kinds = check.args[1]
    names = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
    if not names or not all(isinstance(k, ast.Name) and k.id in ("list", "tuple") for k in names):
        return None
    return parent


def _chain_base(node: ast.expr) -> ast.expr:
    """The innermost receiver of a chain of method calls (`lengths` of `lengths.long()`)."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        node = node.func.value
    return node


def keep_the_tensor(ctx: FixContext, call: ast.Call, stmt: ast.stmt) -> Fix:
    """`v = t.tolist()` whose later uses are only measured -> `v = t`, each use in its tensor
    form (see the module docstring)."""
    name = assigned_method_result(call, stmt, "tolist", "list")
    assert isinstance(call.func, ast.Attribute)  # `t.tolist()`: checked just above
    function = function_of(ctx, stmt)
    if in_loop(ctx, stmt, function):
        raise NotRewritable("the list is made in a loop")
    guard = _list_guard(ctx, stmt, name)
    made = guard if guard is not None else stmt
    end = made.end_lineno or made.lineno
    torch = ctx.torch()
    loads = [
        n for n in ast.walk(function) if isinstance(n, ast.Name) and n.id == name and n.lineno > end
    ]
    if not loads:
        raise NotRewritable(f"`{name}` is never used after")
    if any(not isinstance(n.ctx, ast.Load) for n in loads):
        raise NotRewritable(f"`{name}` is assigned again")
    replacements: dict[ast.AST, Replacement] = {}
    statements: list[ast.AST] = [made]
    for use in loads:
        parent = ctx.parent(use)
        outer = ctx.parent(parent) if parent is not None else None
        # `int(...)`, or `torch.sym_int(...)` that the int() became in an earlier round of
        # fixes (EXL201's safe fix of the same line applies first).
        cast = _builtin(ctx, outer, ("int",)) != "" or _sym_int(ctx, outer)
        if _builtin(ctx, parent, ("len",)):
            assert parent is not None
            # int(len(v)) is v.shape[0] too: the int() of a size would fix it.
            target = outer if cast else parent
            new = ex.parse(f"{name}.shape[0]")
        elif reduction := _builtin(ctx, parent, tuple(_REDUCTIONS)):
            assert parent is not None
            target = outer if cast else parent
            # `.item()`: a Python number like the builtin gave (an int of int lengths).
            new = ex.parse(f"{name}.{_REDUCTIONS[reduction]}().item()")
        elif (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Attribute)
            and parent.func.attr == "new"
            and parent.args == [use]
            and not parent.keywords
        ):
            target = parent
            new = ex.method(ex.parse(name), "to", ex.node_of(ctx, parent.func.value))
        elif isinstance(parent, ast.Subscript) and parent.slice is use:
            continue  # `x[v]`: a tensor index selects the same elements
        else:
            raise NotRewritable(f"`{name}` is used other than measured or indexed")
        assert target is not None
        replacements[target] = new
        holder: ast.AST = target
        while ctx.parent(holder) is not None and not isinstance(holder, ast.stmt):
            holder = ctx.parent(holder)  # type: ignore[assignment]
        statements.append(holder)
    if guard is not None:
        if "#" in ctx.segment(guard):
            raise NotRewritable("a comment inside the list check would be lost")
        base = _chain_base(call.func.value)
        receiver = ctx.segment(call.func.value)
        if not (isinstance(base, ast.Name) and base.id == name and receiver.startswith(name)):
            raise NotRewritable("the list check converts another value")
        text = f"{name} = {torch}.as_tensor({name}){receiver[len(name) :]}"
        replacements[guard] = ex.line(ctx, text, guard)
    elif (
        isinstance(call.func.value, ast.Name)
        and call.func.value.id == name
        and stmt.lineno == stmt.end_lineno
        and "#" not in ctx.lines[stmt.lineno - 1]
    ):
        # `v = v.tolist()`: without the list it would be `v = v` (kept only to keep a comment).
        replacements[stmt] = REMOVE
    else:
        replacements[call] = ex.node_of(ctx, call.func.value)
    cm = codemod_for(ctx, *statements)
    return fix(
        f"Keep `{name}` a tensor instead of its `.tolist()`: `len()` -> `.shape[0]`, "
        "`max()`/`min()`/`sum()` -> the tensor's, `x.new(v)` -> `v.to(x)` (unsafe: the same "
        "numbers for a 1-d tensor; a list passed in is made a tensor, and `v.to(x)` may share "
        "the lengths' memory where `x.new(v)` copied)",
        Applicability.UNSAFE,
        *cm.edits(replacements),
    )
