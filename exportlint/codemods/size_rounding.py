"""`int(np.round(v))` of a value computed from a dynamic size (EXL301) -> `math.floor(v + 0.5)`.

numpy computes on the traced size and export bakes the result (Constraints violated or a
constant); Python's `round()` on a symbolic float exports but has no ONNX translation. The
floor of `v + 0.5` is a symbolic int (`math.floor` of a SymFloat), measured on torch 2.13:
exports and is right in onnxruntime on sizes not traced (pyramid levels resized by a float
ratio). Unsafe, with its condition: halves round up, where `np.round`/`np.rint` round them
to even (`np.round(2.5) == 2`, `math.floor(3.0) == 3`).
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import expressions as ex
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix, import_edit

# Operators that bind more loosely than `+`: their expression needs parentheses before `+ 0.5`.
_LOOSER = (cst.BitOr, cst.BitAnd, cst.BitXor, cst.LeftShift, cst.RightShift)


def _binds_at_least_as_addition(expr: cst.BaseExpression) -> bool:
    if expr.lpar:
        return True
    if isinstance(expr, cst.BinaryOperation):
        return not isinstance(expr.operator, _LOOSER)
    return ex.atom(expr) is expr  # a name, call, attribute, subscript, literal


def round_half_up(ctx: FixContext, cast: ast.Call, value: ast.expr) -> Fix:
    """`int(np.round(v))` -> `math.floor(v + 0.5)` (`cast` is the `int(...)` call)."""
    alias = ctx.module_alias("math") or "math"
    left = ex.node_of(ctx, value)
    if not _binds_at_least_as_addition(left):
        left = ex.parenthesized(left)  # `(a if c else b) + 0.5`, `(a | b) + 0.5`
    shifted = cst.BinaryOperation(
        left=left,
        operator=cst.Add(
            whitespace_before=cst.SimpleWhitespace(" "),
            whitespace_after=cst.SimpleWhitespace(" "),
        ),
        right=cst.Float("0.5"),
    )
    edits = list(ex.replace(ctx, cast, ex.call(f"{alias}.floor", shifted)))
    if ctx.module_alias("math") is None:
        added = import_edit(ctx, "math")
        if added is not None:
            edits.append(added)
    return fix(
        f"Replace with `{alias}.floor({ctx.segment(value)} + 0.5)` (unsafe: halves round up, "
        "where numpy rounds them to even)",
        Applicability.UNSAFE,
        *edits,
    )
