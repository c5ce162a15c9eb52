"""`len(t)` -> `t.shape[0]` (EXL303).

The same int in eager for a tensor; under export a symbolic size instead of the traced one
(for `nonzero()`/`x[mask]` results, a size export can keep where `len()` fails). Only exact
when `t` is a tensor: the rule labels the fix unsafe when `t` is merely taken for one.
"""

from __future__ import annotations

import ast

from exportlint.codemods import expressions as ex
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def first_dimension(ctx: FixContext, node: ast.Call, subject: ast.expr, condition: str = "") -> Fix:
    new = ex.index(ex.attribute(ex.node_of(ctx, subject), "shape"), 0)
    shown = f"{ctx.atom(subject)}.shape[0]"
    return fix(
        f"Replace with `{shown}`{condition}",
        Applicability.UNSAFE if condition else Applicability.SAFE,
        *ex.replace(ctx, node, new),
    )
