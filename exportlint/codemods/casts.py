"""Casts and `.item()` (EXL201, EXL301): Python conversions of tensors, data values and sizes.

`int(v)` -> `torch.sym_int(v)` and `float(v)` -> `torch.sym_float(v)`: in eager both call
`int()` / `float()` on anything that is not symbolic, so the program computes what it did; under
export they give a symbolic number (a truncation for a float) instead of asking for the traced
one. `int(t)` of a tensor reads the number first (`t.item()`), which is what `int(t)` does.
Measured on torch 2.13 (export, ONNX, onnxruntime on unseen sizes): `int(t.item())` of int and
float tensors, `int(t.max())`, `float(mask.sum())`, `int(h * 0.3)` of a size, `float(n)`.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.core import codemod_for
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def _recast(ctx: FixContext, node: ast.Call, func: str, read_item: bool) -> cst.Call:
    """The user's call `int(...)` with another callee (and `.item()` on its argument): the
    parentheses, line breaks and comments inside the call are the user's own."""
    original = ex.node_of(ctx, node)
    if not isinstance(original, cst.Call) or len(original.args) != 1:
        raise NotRewritable("the call could not be located in the syntax tree")
    args = original.args
    if read_item:
        args = [args[0].with_changes(value=ex.method(args[0].value, "item"))]
    return original.with_changes(func=ex.parse(func), args=args)


def _cast_name(node: ast.Call) -> str:
    """`int` for `int(...)` and `builtins.int(...)`."""
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    if name not in ("int", "float"):
        raise NotRewritable("not a call of int() or float()")
    return str(name)


def sym_cast(
    ctx: FixContext, node: ast.Call, arg: ast.expr, read_item: bool = False,
    assumed: bool = False,
) -> Fix:  # fmt: skip
    """`int(v)` -> `torch.sym_int(v)`, `float(v)` -> `torch.sym_float(v)` (exact).

    `assumed`: `v` is only taken for a tensor (an unannotated argument); `.item()` on a
    Python number passed there would fail, so the rewrite is unsafe."""
    cast = _cast_name(node)
    torch = ctx.torch()
    new = _recast(ctx, node, f"{torch}.sym_{cast}", read_item)
    condition = (
        f" (`{ctx.segment(arg)}` is taken for a tensor: nothing annotates it; a Python number "
        "has no `.item()`)"
        if read_item and assumed
        else ""
    )
    return fix(
        f"Replace `{cast}(...)` with `{torch}.sym_{cast}(...)`: the same number in eager, a "
        f"symbolic {cast} under export{condition}",
        Applicability.UNSAFE if condition else Applicability.SAFE,
        *ex.replace(ctx, node, new),
    )


def long_item(ctx: FixContext, node: ast.Call, arg: ast.expr, read_item: bool) -> Fix:
    """`int(t.item())` / `int(t)` -> `t.long().item()`: the integer read from an integer
    tensor, so export gets an integer symbol (`u0`) rather than a float one truncated
    (`TruncToInt(zuf0)`), which cannot be a size: `F.interpolate(size=(h, w))` with `h, w` read
    from float box coordinates fails with "Could not extract specialized integer" (measured on
    torch 2.13; with `.long()` it exports, converts and matches onnxruntime at unseen sizes).
    `.long()` truncates toward zero like `int()`; they differ on NaN, infinities and values
    beyond int64, where `int()` raises: hence unsafe."""
    if _cast_name(node) != "int":
        raise NotRewritable("not int()")
    source = arg
    if not read_item:
        if not (
            isinstance(arg, ast.Call)
            and isinstance(arg.func, ast.Attribute)
            and arg.func.attr == "item"
            and not arg.args
            and not arg.keywords
        ):
            raise NotRewritable("not the number of a tensor")
        source = arg.func.value
    tensor = ex.node_of(ctx, source)
    new = ex.method(ex.method(tensor, "long"), "item")
    return fix(
        "Read an integer: `.long().item()` (truncates toward zero like int(); unsafe: int() "
        "raises on NaN, infinities and values beyond int64, `.long()` does not)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )


def sym_int_checked(
    ctx: FixContext, node: ast.Call, arg: ast.expr, stmt: ast.Assign, checks: list[str],
    read_item: bool = False,
) -> Fix:  # fmt: skip
    """`n = int(v)` -> `n = torch.sym_int(v)` followed by `torch._check(...)` lines: the range a
    size must have and the bound its next use implies, so that export can reason about shapes
    built from `n`. The checks raise where `int()` let a negative or too large value through."""
    torch = ctx.torch()
    cast = _recast(ctx, node, f"{torch}.sym_int", read_item)
    original = ex.statement(ctx, stmt)
    assert isinstance(original, cst.SimpleStatementLine)
    small = original.body[0]
    assert isinstance(small, cst.Assign)
    assigned = original.with_changes(body=[small.with_changes(value=cast)])
    added = [ex.line(ctx, f"{torch}._check({c})", stmt) for c in checks]
    stated = ", ".join(f"`torch._check({c})`" for c in checks)
    return fix(
        f"Replace `int(...)` with `{torch}.sym_int(...)` and add {stated} (raises where int() "
        "let a negative or too large value through)",
        Applicability.UNSAFE,
        *ex.replace_statement(ctx, stmt, [assigned, *added]),
    )


def sym_int_unrounded(
    ctx: FixContext, node: ast.Call, rounded: ast.expr, digits: int | None = None
) -> Fix:
    """`int(round(v, 7))` -> `torch.sym_int(v + 5e-08)`: round() has no ONNX translation.
    For v >= 0, truncating `v` plus half a unit of the last kept digit gives the int that
    rounding first gave (ties aside): `2.9999999999999996` (a float error of 3) stays 3."""
    torch = ctx.torch()
    value = ex.node_of(ctx, rounded)
    how = "differs when the value lies just below an integer"
    if digits is not None:
        half = repr(0.5 * 10.0**-digits)
        value = cst.BinaryOperation(
            left=value, operator=cst.Add(), right=cst.Float(half)
        )  # fmt: skip
        how = f"exact for non-negative values, ties at the {digits}th digit aside"
    new = ex.call(f"{torch}.sym_int", value)
    return fix(
        f"Replace with `{torch}.sym_int(...)` of the unrounded value"
        + (" plus half a unit of its last digit" if digits is not None else "")
        + f" (round() has no ONNX translation; {how})",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )


def tensor_float(ctx: FixContext, node: ast.Call, arg: ast.expr) -> Fix:
    """`float(t)` -> `t.float()`: a 0-d tensor stays in the graph."""
    new = ex.method(ex.node_of(ctx, arg), "float")
    return fix(
        "Keep it a 0-d tensor: `.float()` instead of `float(...)` (float32 instead of a Python "
        "float; Python uses of it, such as `if` or `math.*`, need the number)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )


def arange(ctx: FixContext, made: ast.Call, count: ast.expr, torch: str) -> Fix:
    """`torch.tensor(list(range(n)))` -> `torch.arange(n)` (same values, int64)."""
    new = ex.call(f"{torch}.arange", ex.node_of(ctx, count))
    text = f"{torch}.arange({ctx.segment(count)})"
    return fix(
        f"Replace with `{text}` (same values, int64)",
        Applicability.SAFE,
        *ex.replace(ctx, made, new),
    )


# `math.f` -> `torch.f` of the same meaning on a 0-d tensor. Not floor/ceil/trunc (math gives
# an int, torch a float tensor) nor two-argument forms (`math.log(x, base)`).
MATH_TWINS = {
    "sqrt": "sqrt", "exp": "exp", "expm1": "expm1", "log": "log", "log2": "log2",
    "log10": "log10", "log1p": "log1p", "sin": "sin", "cos": "cos", "tan": "tan",
    "asin": "asin", "acos": "acos", "atan": "atan", "sinh": "sinh", "cosh": "cosh",
    "tanh": "tanh", "erf": "erf", "erfc": "erfc", "fabs": "abs",
}  # fmt: skip


def math_to_torch(ctx: FixContext, node: ast.Call, function: str, arg: ast.expr) -> Fix:
    """`math.sqrt(t.item())` -> `torch.sqrt(t)`; `math.log10(v)` of anything else ->
    `torch.log10(torch.as_tensor(v))` (a Python float and a tensor alike: `v` may be a number
    read out of a tensor, or a tensor after another fix). The result is a 0-d tensor."""
    twin = MATH_TWINS.get(function)
    if twin is None:
        raise NotRewritable(f"`math.{function}` has no torch twin of the same meaning")
    torch = ctx.torch()
    if (
        isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Attribute)
        and arg.func.attr == "item"
        and not arg.args
        and not arg.keywords
    ):
        operand = ex.node_of(ctx, arg.func.value)  # the tensor the number was read from
    else:
        operand = ex.call(f"{torch}.as_tensor", ex.node_of(ctx, arg))
    new = ex.call(f"{torch}.{twin}", operand)
    return fix(
        f"Compute it on the tensor: `{torch}.{twin}` instead of `math.{function}` (unsafe: the "
        "result is a 0-d tensor, float32 where the tensor is, instead of a Python float; "
        "Python uses of it, such as `if` or `int()`, need the number)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )


def stack_index(ctx: FixContext, node: ast.Subscript) -> Fix:
    """`seq[idx]` of a list of tensors and a tensor index -> `torch.stack(seq)[idx]`: the
    index stays a tensor (Python would turn it into an int, an implicit `.item()`)."""
    if not isinstance(node.ctx, ast.Load) or isinstance(node.slice, ast.Slice | ast.Tuple):
        raise NotRewritable("not a read of one element")
    torch = ctx.torch()
    original = ex.node_of(ctx, node)
    if not isinstance(original, cst.Subscript):
        raise NotRewritable("the subscript could not be located in the syntax tree")
    stacked = ex.call(f"{torch}.stack", ex.node_of(ctx, node.value))
    return fix(
        f"Stack the tensors and index with the tensor: `{torch}.stack({ctx.segment(node.value)})"
        f"[...]` (unsafe: the tensors must have one shape and dtype; every one is computed)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, original.with_changes(value=stacked)),
    )


def item_bounds(ctx: FixContext, bounds: list[ast.expr], stmt: ast.stmt) -> Fix:
    """`out[:, first:last] = v` with 0-d tensor bounds -> `out[:, first.item():last.item()] = v`:
    measured on torch 2.13, a slice write bounded by numbers read with `.item()` exports (the
    write becomes a masked copy) where 0-d tensor bounds fail (GuardOnDataDependentSymNode)."""
    if not bounds:
        raise NotRewritable("no tensor bound")
    cm = codemod_for(ctx, stmt)
    replacements: dict[ast.AST, cst.CSTNode] = {}
    for bound in bounds:
        found = cm.find(bound, cst.BaseExpression)
        if not isinstance(found, cst.BaseExpression):
            raise NotRewritable("a bound could not be located in the syntax tree")
        replacements[bound] = ex.method(ex.atom(found), "item")
    listed = ", ".join(f"`{ctx.segment(b)}.item()`" for b in bounds)
    return fix(
        f"Read the bounds as numbers: {listed} (unsafe: each bound must hold one element, "
        "as Python's own conversion of it requires)",
        Applicability.UNSAFE,
        *cm.edits(replacements),
    )
