"""Shape arithmetic (EXL301, EXL302): float and numpy math on sizes -> integer arithmetic.

Every form here was exported and run in onnxruntime on sizes not used for tracing (torch
2.13): `n // k` for `int(n / k)`, `(n + k - 1) // k` and `math.ceil(n / k)` for
`int(np.ceil(n / k))` (not `-(-n // k)`: torch.onnx lowers `//` on sizes to a truncating Div),
`(n + (n // 2) % 2) // 2` for `round(n / 2)` (round() rounds halves to even), `n ** 0.5` for
`math.sqrt(n)`, `torch.tensor(n)` for `torch.as_tensor(n)` and `torch.cat` of `torch.full`
pieces for `F.pad(..., value=n)`.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.diagnostics import Applicability, Edit, Fix
from exportlint.fixes import FixContext, fix, import_edit


def _arith(text: str, **parts: cst.BaseExpression) -> cst.BaseExpression:
    """Parse an arithmetic template (`(a + k - 1) // k`) and put the user's expressions in
    place of its placeholder names."""
    template = ex.parse(text)

    class _Fill(cst.CSTTransformer):
        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
            found = parts.get(original_node.value)
            return updated_node if found is None else ex.atom(found.deep_clone())

    filled = template.visit(_Fill())
    assert isinstance(filled, cst.BaseExpression)
    return filled


def _edits(ctx: FixContext, node: ast.expr, text: str, **parts: ast.expr) -> tuple[Edit, ...]:
    return ex.replace(ctx, node, _arith(text, **{k: ex.node_of(ctx, v) for k, v in parts.items()}))


def floor_division(ctx: FixContext, node: ast.Call, left: ast.expr, divisor: int) -> Fix:
    """`int(n / 4)`, `int(n * 0.25)` -> `n // 4` (a size is >= 0: truncation is floor)."""
    text = f"{ctx.atom(left)} // {divisor}"
    return fix(
        f"Replace with integer division `{text}`",
        Applicability.SAFE,
        *_edits(ctx, node, f"_a // {divisor}", _a=left),
    )


def integer_division(
    ctx: FixContext, cast: ast.Call, numerator: ast.expr, divisor: ast.expr, proven: bool
) -> Fix:
    """`int(a * w / h)` -> `a * w // h`: for non-negative ints below 2**53 the float quotient
    truncates to the floor (it never rounds up across an integer)."""
    left = ex.node_of(ctx, numerator)
    same_level = (ast.Mult, ast.Div, ast.FloorDiv, ast.Mod)
    if not (isinstance(numerator, ast.BinOp) and isinstance(numerator.op, same_level)):
        left = ex.atom(left)  # `a * w // h` needs none: the operators bind left to right
    new = cst.BinaryOperation(
        left=left, operator=cst.FloorDivide(), right=ex.atom(ex.node_of(ctx, divisor))
    )
    shown = cst.Module(body=[]).code_for_node(new)
    condition = "" if proven else " (exact when both sides are non-negative ints)"
    return fix(
        f"Replace with integer division `{shown}`{condition}",
        Applicability.SAFE if proven else Applicability.UNSAFE,
        *ex.replace(ctx, cast, new),
    )


def ceil_division(
    ctx: FixContext, cast: ast.Call, numerator: ast.expr, divisor: ast.expr, ceil: bool,
    literal: bool,
) -> Fix:  # fmt: skip
    """`int(np.ceil(n / k))` -> `(n + k - 1) // k`; `int(np.floor(n / k))` -> `n // k`."""
    template = "(_a + _k - 1) // _k" if ceil else "_a // _k"
    a, k = ctx.atom(numerator), ctx.segment(divisor)
    shown = f"({a} + {k} - 1) // {k}" if ceil else f"{a} // {k}"
    return fix(
        f"Replace with integer arithmetic `{shown}`"
        + ("" if literal else f" (exact when `{k}` is a positive int)"),
        Applicability.SAFE if literal else Applicability.UNSAFE,
        *_edits(ctx, cast, template, _a=numerator, _k=divisor),
    )


def math_instead_of_numpy(ctx: FixContext, cast: ast.Call, function: str, arg: ast.expr) -> Fix:
    """`int(np.ceil(v))` -> `math.ceil(v)`: the same int for every finite float."""
    alias = ctx.module_alias("math") or "math"
    edits = list(ex.replace(ctx, cast, ex.call(f"{alias}.{function}", ex.node_of(ctx, arg))))
    if ctx.module_alias("math") is None:
        added = import_edit(ctx, "math")
        if added is not None:
            edits.append(added)
    return fix(
        f"Replace with `{alias}.{function}({ctx.segment(arg)})` (exact)", Applicability.SAFE,
        *edits,
    )  # fmt: skip


def rounded_division(ctx: FixContext, node: ast.Call, numerator: ast.expr, divisor: int) -> Fix:
    """`round(n / k)` of an int n -> integer arithmetic (exact for odd k and for k == 2)."""
    a = ctx.atom(numerator)
    half = divisor // 2
    template, shown = f"(_a + {half}) // {divisor}", f"({a} + {half}) // {divisor}"
    label, why = Applicability.SAFE, "exact"  # an odd divisor never leaves an exact half
    if divisor == 2:
        # round() rounds halves to even: (n + (n // 2) % 2) // 2 does the same.
        template, shown = "(_a + (_a // 2) % 2) // 2", f"({a} + ({a} // 2) % 2) // 2"
    elif divisor % 2 == 0:
        label, why = Applicability.UNSAFE, "rounds halves up; round() rounds them to even"
    return fix(f"Replace with `{shown}` ({why})", label, *_edits(ctx, node, template, _a=numerator))


def square_root(ctx: FixContext, node: ast.Call, arg: ast.expr) -> Fix:
    """`math.sqrt(n)` -> `n ** 0.5`."""
    base = ex.node_of(ctx, arg)
    if not isinstance(arg, ast.Name | ast.Attribute | ast.Subscript | ast.Call | ast.Constant):
        base = ex.parenthesized(base)
    power = cst.BinaryOperation(left=base, operator=cst.Power(), right=cst.Float("0.5"))
    alone = _alone_for_power(ctx, node)
    text = cst.Module(body=[]).code_for_node(power)
    return fix(
        f"Replace with `{text if alone else f'({text})'}` (may differ from math.sqrt in the "
        "last bit)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, power, alone=alone),
    )


def tensor_math(ctx: FixContext, node: ast.Call, arg: ast.expr, function: str) -> Fix:
    """`math.log(n)` -> `torch.log(torch.tensor(n, dtype=torch.float64))`: computed in the
    graph from the symbolic size (torch.tensor of a size is fine; math.* specialises it)."""
    torch = ctx.torch()
    made = cst.Call(
        func=ex.parse(f"{torch}.tensor"),
        args=[
            cst.Arg(
                value=ex.node_of(ctx, arg),
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
            ),
            cst.Arg(
                value=ex.parse(f"{torch}.float64"),
                keyword=cst.Name("dtype"),
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""),
                    whitespace_after=cst.SimpleWhitespace(""),
                ),
            ),
        ],
    )
    new = ex.call(f"{torch}.{function}", made)
    shown = cst.Module(body=[]).code_for_node(new)
    return fix(
        f"Compute it in the graph: `{shown}` (a 0-d tensor where math.{function} gave a "
        "Python float: an `int()`, an `if` or another math.* on it needs the number)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )


def _alone_for_power(ctx: FixContext, node: ast.expr) -> bool:
    """`a ** b` binds tighter than everything but unary minus, `**` itself and attribute
    access, calls and subscripts on it."""
    parent = ctx.parent(node)
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Pow):
        return False
    if isinstance(parent, ast.UnaryOp):
        return False
    if isinstance(parent, ast.Attribute | ast.Subscript | ast.Call):
        return getattr(parent, "func", getattr(parent, "value", None)) is not node
    return True


def drop(
    ctx: FixContext, node: ast.Call, arg: ast.expr, description: str,
    applicability: Applicability = Applicability.SAFE,
) -> Fix:  # fmt: skip
    return fix(description, applicability, *ex.replace(ctx, node, ex.node_of(ctx, arg)))


def as_tensor_to_tensor(ctx: FixContext, node: ast.Call) -> Fix:
    torch = ctx.torch()
    return fix(
        f"Replace `torch.as_tensor` with `{torch}.tensor`",
        Applicability.SAFE,
        *ex.replace(ctx, node.func, ex.parse(f"{torch}.tensor")),
    )


def pad_with_cat(
    ctx: FixContext, node: ast.Call, x: str, sizes: tuple[int, int], value: ast.expr
) -> Fix:
    """`F.pad(x, (l, r), value=n)` -> `torch.cat` of `torch.full` pieces on the last axis."""
    n = ctx.segment(value)
    torch = ctx.torch()
    pieces = [
        f"{torch}.full((*{x}.shape[:-1], {size}), {n}, dtype={x}.dtype, device={x}.device)"
        if size
        else ""
        for size in sizes
    ]
    parts = [p for p in (pieces[0], x, pieces[1]) if p]
    indent = ctx.indent_of(node.lineno)
    before = ctx.lines[node.lineno - 1][len(indent) : ctx.start(node)[1] - 1]
    # Laid out as black would for its column, at indentation zero: libcst adds the block's.
    text = ex.codemod(ctx, node).layout_call(
        node, f"{torch}.cat", [f"[{', '.join(parts)}]", "dim=-1"], prefix=before
    )[len(before) :]
    return fix(
        f"Replace `F.pad(..., value={n})` with `torch.cat` of `torch.full` pieces",
        Applicability.SAFE,
        *ex.replace(ctx, node, ex.parse(text)),
    )


def torch_arange(ctx: FixContext, made: ast.Call, numpy_call: ast.Call, torch: str) -> Fix:
    """`torch.from_numpy(np.arange(n))` -> `torch.arange(n)` (the same int64 values)."""
    original = ex.node_of(ctx, numpy_call)
    if not isinstance(original, cst.Call):
        raise NotRewritable("the call could not be located in the syntax tree")
    new = original.with_changes(func=ex.parse(f"{torch}.arange"))
    return fix(
        f"Replace with `{torch}.arange(...)` (the same int64 values, built in the graph)",
        Applicability.SAFE,
        *ex.replace(ctx, made, new),
    )
