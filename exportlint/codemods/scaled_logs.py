"""A scaled logarithm of a dynamic size made an int (EXL301, EXL302):
`int(self.factor * math.log(length))` (Autoformer's top-k count of delays),
`math.floor(math.log2(n) * c)`, `math.ceil(c * math.log(n, 2))` -> a count in integer
arithmetic on the symbolic size.

The other spellings do not export: `math.log` of a size fixes it (Constraints violated), and
the 0-d tensor form `int(c * torch.log(torch.tensor(n, ...)))` is a float read out of a tensor,
so the count becomes an unbacked symbol that `torch.topk(..., k)` or a slice then guards on
(`Could not guard on data-dependent expression zuf0`; measured on torch 2.13). For c > 0 and a
size n >= 1 the count is, with T_j = b ** (j / c) (`math.exp(j / c)` for the natural log):

    floor(c * log_b(n)) = #{j >= 1 : n >= ceil(T_j)}     ceil(c * log_b(n)) = #{j >= 0 : n > T_j}

each term `torch.sym_min(torch.sym_max(n - math.ceil(T_j) + 1, 0), 1)` is integer min/max on
the symbolic size (T_j is a Python float computed from `c` in eager and while tracing), like
the integer logarithm of codemods/size_logs.py (c == 1 with an integer base). The sum runs
over the j with T_j <= 2**31, the largest size the count covers, as `torch.sym_sum` of a list:
the builtin `sum` adds the symbolic terms one by one, and export and ONNX conversion then took
minutes for c = 3 (84 terms; measured on 2.13 under load).

Unsafe, with its condition: c > 0 and 1 <= n <= 2**31; where c * log(n) is an integer up to
float rounding the float original can be one off. `c` is written once per term, so it must be
a plain expression (a name, an attribute, a number): a call is refused.
"""

from __future__ import annotations

import ast
import math
from typing import cast

from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.size_logs import _fill, _qualified, no_comment_lost, rounding
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

# Sizes up to 2**31 along one axis (fewer terms than size_logs' 2**40: one per threshold, and
# c * 21.5 of them for the natural log).
_BITS = 31
# Logarithms by qualified name: their base, None for the natural one, 0 for math.log whose
# base is its second argument when it has one.
_LOGS: dict[str, int | None] = {
    "math.log": 0,
    "math.log2": 2,
    "math.log10": 10,
    "numpy.log": None,
    "numpy.log2": 2,
    "numpy.log10": 10,
}
# What a scale may be made of: it is repeated in every term, so no call (no side effect,
# nothing computed twice that could differ).
_PLAIN = (
    ast.Name, ast.Attribute, ast.Constant, ast.UnaryOp, ast.BinOp, ast.operator, ast.unaryop,
    ast.expr_context,
)  # fmt: skip


def _base(ctx: FixContext, call: ast.expr) -> tuple[ast.expr, int | None] | None:
    """(size, base) of a logarithm call with its base (None: natural), or None."""
    if not isinstance(call, ast.Call) or call.keywords or not call.args:
        return None
    name = _qualified(ctx, call)
    if name not in _LOGS:
        return None
    base = _LOGS[name]
    if base == 0:  # math.log(n) or math.log(n, b)
        if len(call.args) == 1:
            return call.args[0], None
        given = call.args[1] if len(call.args) == 2 else None
        if isinstance(given, ast.Constant) and type(given.value) is int and given.value >= 2:
            return call.args[0], given.value
        return None
    return (call.args[0], base) if len(call.args) == 1 else None


def _scale_value(scale: ast.expr) -> float | None:
    """The scale's value when it is a number literal (`0.5`, `-2`; None otherwise)."""
    try:
        value = ast.literal_eval(scale)
    except (ValueError, TypeError, SyntaxError):
        return None
    return float(value) if type(value) in (int, float) else None


def scaled_log(ctx: FixContext, product: ast.expr) -> Fix:
    """`int(c * math.log(n))` and its spellings -> the count of thresholds up to n;
    `product` is `c * log(n)` (either order)."""
    if not (isinstance(product, ast.BinOp) and isinstance(product.op, ast.Mult)):
        raise NotRewritable("not a product")
    for log, scale in ((product.right, product.left), (product.left, product.right)):
        found = _base(ctx, log)
        if found is not None and _base(ctx, scale) is None:
            break
    else:
        raise NotRewritable("not a scaled logarithm")
    size, base = found
    if not all(isinstance(part, _PLAIN) for part in ast.walk(scale)):
        raise NotRewritable("the scale is not a plain name or number (it is repeated per term)")
    known = _scale_value(scale)
    if known is not None and known <= 0:
        raise NotRewritable("the scale is not positive")
    value = ctx.value_of(size)
    if value is None or not value.exact_int:
        raise NotRewritable("the logarithm's argument is not known to be an int")
    # size_logs.rounding reads only the node's parent: a product's as well as a call's.
    rounded = rounding(ctx, cast(ast.Call, product))
    if rounded is None:
        raise NotRewritable("the product is not made an int by int(), math.floor or math.ceil")
    outer, up = rounded
    alias = ctx.module_alias("math")
    if alias is None:
        raise NotRewritable("math is not imported")
    text_of = ctx.segment(outer)
    if "_j" in text_of:
        raise NotRewritable("the expression uses the name `_j`")
    torch = ctx.torch()
    # The largest j with T_j <= 2**31: c * log_b(2**31); for a scale known only at run time
    # the bound is computed there (math.ceil of a Python float).
    top = _BITS * math.log(2) / math.log(base if base is not None else math.e)
    threshold = f"{alias}.exp(_j / _c)" if base is None else f"{base} ** (_j / _c)"
    if known is not None:
        stop = f"{math.ceil(known * top) + 1}"
    else:
        stop = f"{alias}.ceil(_c * {math.ceil(top)}) + 1"
    if up:  # ceil: how many T_j (j >= 0) lie below n
        term = f"{torch}.sym_min({torch}.sym_max(_n - {alias}.floor({threshold}), 0), 1)"
        text = f"{torch}.sym_sum([{term} for _j in range({stop})])"
    else:  # floor: how many T_j (j >= 1) are at most n
        term = f"{torch}.sym_min({torch}.sym_max(_n - {alias}.ceil({threshold}) + 1, 0), 1)"
        text = f"{torch}.sym_sum([{term} for _j in range(1, {stop})])"
    no_comment_lost(ctx, outer, size, scale)
    new = _fill(text, True, _n=ex.node_of(ctx, size), _c=ex.node_of(ctx, scale))
    return fix(
        "Count in integer arithmetic: the number of thresholds "
        f"{'e' if base is None else base}**(j/c) up to the size, with `{torch}.sym_min`/"
        "`sym_max` (unsafe: the scale c > 0 and sizes 1..2**31; the float original can be one "
        "off where c*log(n) is an integer up to rounding)",
        Applicability.UNSAFE,
        *ex.replace(ctx, outer, new),
    )
