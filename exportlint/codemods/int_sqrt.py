"""`math.isqrt(n)` on a dynamic size (EXL302) -> `torch.sym_int(n ** 0.5)`.

torch has no symbolic integer square root: `math.isqrt` needs a Python int, so export fixes
the size (Constraints violated). `n ** 0.5` is a symbolic float and `torch.sym_int` truncates
it symbolically; measured on torch 2.13 it exports and onnxruntime gives the same grid side
on token counts not traced (ViT patch grids folded back to a square). In eager
`torch.sym_int` is `int()`, so the program computes `int(n ** 0.5)`: the integer root for
perfect squares (the only sizes a square reshape accepts) and for sizes far below 2**52.
Unsafe, with that condition: the ONNX model computes the root in floating point.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import expressions as ex
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def isqrt_by_power(ctx: FixContext, node: ast.Call, size: ast.expr) -> Fix:
    """`math.isqrt(n)` -> `torch.sym_int(n ** 0.5)` (`size` is the one argument)."""
    torch = ctx.torch()
    # `**` binds tighter than anything but a call, attribute or subscript: `(a * b) ** 0.5`.
    root = cst.BinaryOperation(
        left=ex.atom(ex.node_of(ctx, size)),
        operator=cst.Power(),
        right=cst.Float("0.5"),
    )
    new = ex.call(f"{torch}.sym_int", root)
    return fix(
        f"Replace `math.isqrt(n)` with `{torch}.sym_int(n ** 0.5)` (unsafe: the same integer "
        "root for perfect squares and sizes far below 2**52; the ONNX model computes it in "
        "floating point)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )
