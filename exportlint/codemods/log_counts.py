"""The counts of `int(c * math.log(n))` (EXL301, EXL302), in the one order both rules offer.

Two families rewrite a logarithm of a dynamic size made an int:

1. the float64 count (codemods/size_counts.py): the same float arithmetic on a 0-d float64
   tensor, read back with `.long().item()`: first, because the count of thresholds guards
   on the declared range of the size (measured on torch 2.13 with
   fixed_log_factor_top_delays: "Not all values of l in 4 <= l <= 512 satisfy the
   generated guard");
2. the count of thresholds (codemods/scaled_logs.py): integer arithmetic on the symbolic
   size, for a product `c * log(n)`.

Each rule decides where the pair goes among its own candidates (EXL301: before the exact
rewrites of the arithmetic for a logarithm, after them for other float counts such as
`math.ceil(h / p) * p`; EXL302: after the exact integer logarithm of size_logs), but the
pair itself, and its order, is built here only.
"""

from __future__ import annotations

import ast
import contextlib

from exportlint.codemods import NotRewritable, scaled_logs, size_counts
from exportlint.diagnostics import Fix
from exportlint.fixes import FixContext


def log_counts(ctx: FixContext, flagged: ast.expr | None, product: ast.AST | None) -> list[Fix]:
    """The float64 count of the float value around `flagged` (the numpy/math call on the size
    or the cast around it; None: not offered), then the count of thresholds of `product`
    (`c * log(n)`; None: not offered): each where it applies, best first."""
    found: list[Fix] = []
    if flagged is not None:
        with contextlib.suppress(NotRewritable):
            found.append(size_counts.count_in_graph(ctx, flagged))
    if isinstance(product, ast.BinOp) and isinstance(product.op, ast.Mult):
        with contextlib.suppress(NotRewritable):
            found.append(scaled_logs.scaled_log(ctx, product))
    return found
