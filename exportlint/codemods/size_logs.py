"""The integer logarithm of a dynamic size (EXL301, EXL302): `int(np.log2(n))`,
`math.ceil(math.log(n, 2))`, `math.floor(math.log10(n))` -> a count of powers in integer
arithmetic.

torch keeps no logarithm of a size symbolic: `math.log*` and `int()` of a symbolic float fix
the size (Constraints violated, or a guard on the traced value), numpy's fail on a SymInt,
`torch._sym_log2` is refused in the exported graph (SpecViolationError), and a 0-d tensor
`torch.tensor(n).log2()` is computed as `log(n) / log(2)` in onnxruntime, one below at exact
powers of two (measured on torch 2.13). What the code wants is an int, and for an integer base
`b` it is a count:

    floor(log_b(n)) = #{k >= 1 : n >= b**k}        ceil(log_b(n)) = #{k >= 0 : n > b**k}

each term `torch.sym_min(torch.sym_max(n - b**k + 1, 0), 1)` (1 when `n >= b**k`, else 0) is
integer min/max on the symbolic size: exported, and right in onnxruntime on sizes not traced
(measured on 2.13, 10 to 64 tokens). In eager `torch.sym_min`/`sym_max` are `min`/`max` of
ints. The sum runs over the powers up to 2**40 (sizes beyond are not tensors a model holds).

Unsafe, with its condition: the count is the exact integer logarithm for 1 <= n <= 2**40,
where the float original can be one off at exact powers of the base (`math.log(2**29, 2)` is
29.000000000000004, so its `ceil` is 30) and raises for n == 0 (the count gives 0).
"""

from __future__ import annotations

import ast
import math

import libcst as cst

from exportlint.analysis.imports import qualified_name
from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

# The largest size the count covers: 2**40 elements along one axis.
_BITS = 40
# The logarithm functions by qualified name, with their base (None: the second argument).
_LOGS: dict[str, int | None] = {
    "math.log2": 2,
    "math.log10": 10,
    "math.log": None,
    "numpy.log2": 2,
    "numpy.log10": 10,
}
_FLOOR = frozenset({"math.floor", "numpy.floor"})
_CEIL = frozenset({"math.ceil", "numpy.ceil"})


def _fill(text: str, operands: bool, **parts: cst.BaseExpression) -> cst.BaseExpression:
    """Parse a template and put the user's expressions in place of its placeholder names,
    parenthesised when they are operands of an operator (`(a + b) - 2**_k`), as they are
    when they are arguments of a call."""
    template = ex.parse(text)

    class _Fill(cst.CSTTransformer):
        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
            found = parts.get(original_node.value)
            if found is None:
                return updated_node
            return ex.atom(found.deep_clone()) if operands else found.deep_clone()

    filled = template.visit(_Fill())
    assert isinstance(filled, cst.BaseExpression)
    return filled


def no_comment_lost(ctx: FixContext, replaced: ast.AST, *kept: ast.AST) -> None:
    """The rewrite replaces `replaced` and moves only `kept` into the new code: a comment
    elsewhere inside it (`math.ceil(  # depth` on a multi-line call) would be lost."""
    text = ctx.segment(replaced)
    for part in kept:
        text = text.replace(ctx.segment(part), "", 1)
    if "#" in text:
        raise NotRewritable("a comment inside the call would be lost")


def _qualified(ctx: FixContext, node: ast.AST | None) -> str:
    if not isinstance(node, ast.Call):
        return ""
    return qualified_name(node.func, ctx.imports, ()) or ""


def _only_argument(call: ast.AST | None, node: ast.AST) -> bool:
    return isinstance(call, ast.Call) and call.args == [node] and not call.keywords


def rounding(ctx: FixContext, node: ast.Call) -> tuple[ast.Call, bool] | None:
    """The call that makes an int of the float `node`, and whether it rounds up:
    `int(node)` and `math.floor(node)` round down (a logarithm of a size >= 1 is >= 0, where
    truncation is the floor), `math.ceil(node)` up, and `int(np.floor(node))` /
    `int(np.ceil(node))` likewise (numpy's floor alone is a float: not an int's place)."""
    parent = ctx.parent(node)
    if not _only_argument(parent, node):
        return None
    assert isinstance(parent, ast.Call)
    name = _qualified(ctx, parent)
    if name in ("builtins.int", "math.floor", "torch.sym_int"):
        return parent, False
    if name == "math.ceil":
        return parent, True
    if name in ("numpy.floor", "numpy.ceil"):
        cast = ctx.parent(parent)
        if _only_argument(cast, parent) and _qualified(ctx, cast) == "builtins.int":
            assert isinstance(cast, ast.Call)
            return cast, name == "numpy.ceil"
    return None


def base_of(ctx: FixContext, node: ast.Call) -> int | None:
    """The integer base (>= 2) of a logarithm call, or None (another function, a float or
    unknown base)."""
    name = _qualified(ctx, node)
    if name not in _LOGS or node.keywords:
        return None
    base = _LOGS[name]
    if base is not None:
        return base if len(node.args) == 1 else None
    if len(node.args) != 2:
        return None  # math.log(n): the natural logarithm
    given = node.args[1]
    if isinstance(given, ast.Constant) and type(given.value) is int and given.value >= 2:
        return given.value
    return None


def integer_log(ctx: FixContext, node: ast.Call) -> Fix:
    """`int(math.log2(n))`, `math.ceil(math.log(n, 2))`, `int(np.floor(np.log10(n)))` -> the
    count of powers of the base up to `n` (`node` is the logarithm call)."""
    base = base_of(ctx, node)
    if base is None:
        raise NotRewritable("not a logarithm with an integer base")
    found = rounding(ctx, node)
    if found is None:
        raise NotRewritable("the logarithm is not made an int by int(), math.floor or math.ceil")
    size = node.args[0]
    value = ctx.value_of(size)
    if value is None or not value.exact_int:
        raise NotRewritable("the logarithm's argument is not known to be an int")
    outer, up = found
    torch = ctx.torch()
    # The powers b**k with b**k <= 2**40; the generator's own name cannot capture the size's.
    powers = max(1, math.floor(_BITS / math.log2(base)))
    if up:  # ceil: how many b**k (k >= 0) lie below n
        term = f"{torch}.sym_min({torch}.sym_max(_n - {base}**_k, 0), 1)"
        text = f"sum({term} for _k in range({powers + 1}))"
        shown = f"ceil(log{base}(n))"
    else:  # floor: how many b**k (k >= 1) are at most n
        term = f"{torch}.sym_min({torch}.sym_max(_n - {base}**_k + 1, 0), 1)"
        text = f"sum({term} for _k in range(1, {powers + 1}))"
        shown = f"floor(log{base}(n))"
    if "_k" in ctx.segment(size):
        raise NotRewritable("the size's expression uses the name `_k`")
    no_comment_lost(ctx, outer, size)
    new = _fill(text, True, _n=ex.node_of(ctx, size))
    return fix(
        f"Compute {shown} in integer arithmetic: count the powers of {base} up to the size "
        f"with `{torch}.sym_min`/`sym_max` (unsafe: exact for sizes 1..2**40, where the float "
        "original can be one off at exact powers)",
        Applicability.UNSAFE,
        *ex.replace(ctx, outer, new),
    )


def tensor_log_with_base(ctx: FixContext, node: ast.Call) -> Fix:
    """`math.log(n, b)` used as a float -> `torch.log(torch.tensor(n, dtype=torch.float64)) /
    math.log(b)`: a 0-d float64 tensor computed in the graph from the symbolic size (the
    one-argument `math.log(n)` gets the same form in shapes.tensor_math)."""
    if len(node.args) != 2 or node.keywords:
        raise NotRewritable("not `math.log(n, base)`")
    if rounding(ctx, node) is not None:
        raise NotRewritable("the logarithm is made an int: a tensor in its place is not one")
    size, base = node.args
    no_comment_lost(ctx, node, size, base)
    torch = ctx.torch()
    alias = ctx.module_alias("math") or "math"
    text = f"{torch}.log({torch}.tensor(_n, dtype={torch}.float64)) / {alias}.log(_b)"
    new = _fill(text, False, _n=ex.node_of(ctx, size), _b=ex.node_of(ctx, base))
    return fix(
        f"Compute it in the graph: `{torch}.log({torch}.tensor(n, dtype={torch}.float64)) / "
        f"{alias}.log(base)` (unsafe: a 0-d tensor where math.log gave a Python float: an "
        "`int()`, an `if` or another math.* on it needs the number)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )
