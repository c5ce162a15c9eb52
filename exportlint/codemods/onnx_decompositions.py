"""Rewrites of operators torch.onnx cannot translate into ones it can (EXL404).

The remainder of an integer tensor and a dynamic size (`i % x.shape[-1]`, `n % i`) exports
as `aten.remainder.Scalar` with a symbolic scalar, which torch.onnx cannot convert. Made a
0-d tensor, the size goes through `aten.remainder.Tensor`, which converts (measured on torch
2.13 + onnxruntime at unseen sizes, negative dividends included). Same values (remainder has
the same floor sign rule for a Python int and a tensor) and the same dtype unless the integer
tensor is itself 0-d: a 0-d int64 does not promote a tensor of dimensions, but two 0-d
tensors promote to int64 (int32 would widen), hence unsafe.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def _operands(node: ast.expr) -> tuple[ast.expr, ast.expr]:
    """(dividend, divisor) of `a % b`, `torch.remainder(a, b)` or `a.remainder(b)`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return node.left, node.right
    if isinstance(node, ast.Call) and not node.keywords:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "remainder":
            if len(node.args) == 2:
                return node.args[0], node.args[1]
            if len(node.args) == 1:
                return func.value, node.args[0]
    raise NotRewritable("not a plain remainder")


def rewrite_size_remainder(ctx: FixContext, node: ast.expr, size_is_divisor: bool) -> Fix:
    """`t % n` -> `torch.remainder(t, torch.tensor(n))` (`n % t`: the dividend made a tensor),
    with n the dynamic size and t the integer tensor."""
    dividend, divisor = _operands(node)
    if any(isinstance(a, ast.Starred) for a in (dividend, divisor)):
        raise NotRewritable("a starred argument")
    torch = ctx.torch()
    size = divisor if size_is_divisor else dividend
    made = ex.call(f"{torch}.tensor", _argument(ex.node_of(ctx, size)))
    left = made if size is dividend else _argument(ex.node_of(ctx, dividend))
    right = made if size is divisor else _argument(ex.node_of(ctx, divisor))
    new = cst.Call(
        func=ex.parse(f"{torch}.remainder"),
        args=[
            cst.Arg(value=left, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            cst.Arg(value=right),
        ],
    )
    shown = cst.Module(body=[]).code_for_node(new)
    return fix(
        f"Divide by a 0-d tensor: `{shown}` (same values; torch.onnx converts "
        "`aten.remainder.Tensor`; a 0-d int32 tensor would widen to int64)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )


def _argument(expr: cst.BaseExpression) -> cst.BaseExpression:
    """An operand made an argument: the parentheses `%` needed (`(h * w)`) go, unless a
    comment lives in them."""
    parens = cst.Module(body=[]).code_for_node
    if any("#" in parens(p) for p in (*expr.lpar, *expr.rpar)):
        return expr
    return expr.with_changes(lpar=[], rpar=[])
