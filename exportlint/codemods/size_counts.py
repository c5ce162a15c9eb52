"""A count made of a float function of a size (EXL301, EXL302): `int(c * math.log(L))`,
`math.ceil(math.log1p(L))`, `np.ceil(np.log(L)).astype("int").item()`, `int(np.sqrt(L))` ->
the same float64 arithmetic on a 0-d tensor, read back as an int with `.long().item()`.

Informer's ProbSparse attention and Autoformer's auto-correlation take `factor * ceil(ln L)`
top-k entries. numpy and `math` run once on the traced size and bake the count (or, on a
symbolic size, make export specialise it); `torch.sym_int` of a symbolic logarithm is refused
in the exported graph. Computed on `torch.tensor(L, dtype=torch.float64)` the logarithm stays
in the graph, and `.long().item()` gives the count as an int the rest of the code uses as
before (a size read from data: `topk`, slicing and `torch.sym_min` take it; measured on torch
2.13: Informer's and Autoformer's counts export, convert to ONNX and match eager on unseen
lengths). `int()` around the `.item()` would ask export for the value: the cast is replaced,
not wrapped.

The rounding of the original is kept: `int()` and `.astype(int)` truncate toward zero as
`.long()` does, `math.ceil`/`np.ceil` and `math.floor`/`np.floor` become `.ceil()`/`.floor()`
before it. Unsafe, with its condition: the count is then a value read out of a tensor, which
export bounds only by what the code checks (a use that needs it below the size may need a
`torch._check`), and float64 in the graph is what numpy and `math` compute (IEEE double).
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.analysis.imports import qualified_name
from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.core import codemod_for
from exportlint.codemods.size_logs import no_comment_lost
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

# Elementwise float functions of one number that torch spells alike (torch.log1p, ...).
_FUNCTIONS = frozenset({"log", "log1p", "log2", "log10", "sqrt", "exp", "expm1", "ceil", "floor"})
_MODULES = ("math.", "numpy.")
# The dtypes of `.astype(...)` that make an int.
_INT_DTYPES = frozenset({"int", "int64", "int32", "numpy.int64", "numpy.int32", "numpy.int_"})
_ROUNDING = {"ceil": ".ceil()", "floor": ".floor()", "trunc": ""}


def _name(ctx: FixContext, node: ast.AST | None) -> str:
    if not isinstance(node, ast.Call):
        return ""
    return qualified_name(node.func, ctx.imports, ()) or ""


def _function(ctx: FixContext, node: ast.AST) -> str | None:
    """`log1p` for `np.log1p(x)` / `math.log1p(x)` (one argument), else None."""
    name = _name(ctx, node)
    if not name.startswith(_MODULES):
        return None
    assert isinstance(node, ast.Call)
    short = name.rsplit(".", 1)[-1]
    if short not in _FUNCTIONS or len(node.args) != 1 or node.keywords:
        return None
    return short


def _only_argument(call: ast.AST | None, node: ast.AST) -> bool:
    return isinstance(call, ast.Call) and call.args == [node] and not call.keywords


def _cast(ctx: FixContext, node: ast.expr) -> tuple[ast.expr, ast.expr, str] | None:
    """(the expression that makes the int, the float expression inside, its rounding) for a
    cast of `node`: `int(x)`, `math.ceil(x)`, `math.floor(x)`, `torch.sym_int(x)`,
    `x.astype(int)[.item()]`, with `np.ceil`/`np.floor` of `x` inside an int()/astype."""
    parent = ctx.parent(node)
    name = _name(ctx, parent)
    if _only_argument(parent, node) and name in ("builtins.int", "torch.sym_int"):
        assert isinstance(parent, ast.Call)
        inner = _function(ctx, node)
        if inner in ("ceil", "floor") and _name(ctx, node).startswith("numpy."):
            assert isinstance(node, ast.Call)
            return parent, node.args[0], inner
        return parent, node, "trunc"
    if _only_argument(parent, node) and name in ("math.ceil", "math.floor"):
        assert isinstance(parent, ast.Call)
        return parent, node, name.removeprefix("math.")
    if isinstance(parent, ast.Attribute) and parent.attr == "astype" and parent.value is node:
        call = ctx.parent(parent)
        if not (isinstance(call, ast.Call) and call.func is parent and len(call.args) == 1):
            return None
        dtype = call.args[0]
        spelled = (
            dtype.value
            if isinstance(dtype, ast.Constant) and isinstance(dtype.value, str)
            else qualified_name(dtype, ctx.imports, ()) or ""
        )
        if spelled.removeprefix("builtins.") not in _INT_DTYPES or call.keywords:
            return None
        outer: ast.expr = call
        above = ctx.parent(call)
        if (
            isinstance(above, ast.Attribute)
            and above.attr == "item"
            and isinstance(ctx.parent(above), ast.Call)
        ):
            item = ctx.parent(above)
            assert isinstance(item, ast.Call)
            if not item.args and not item.keywords:
                outer = item
        inner = _function(ctx, node)
        if inner in ("ceil", "floor"):
            assert isinstance(node, ast.Call)
            return outer, node.args[0], inner
        return outer, node, "trunc"
    return None


def _float_parts(ctx: FixContext, node: ast.expr) -> tuple[list[ast.Call], bool]:
    """The numpy/math calls in the float expression `node` and whether every other part is
    arithmetic on names, attributes, subscripts and numbers (what a tensor operand keeps); a
    function's argument may be anything (`np.log(x.size(1))`: it is the size)."""
    calls = [p for p in ast.walk(node) if isinstance(p, ast.Call) and _function(ctx, p)]
    inside = {id(n) for c in calls for n in ast.walk(c.args[0])}
    plain = not any(
        isinstance(p, (ast.Call, ast.Lambda, ast.IfExp, ast.Compare, ast.BoolOp, ast.NamedExpr))
        and id(p) not in inside
        and not any(p is c for c in calls)
        for p in ast.walk(node)
    )
    return calls, plain


def _climb(ctx: FixContext, node: ast.expr) -> ast.expr:
    """The float expression around `node` up to its cast: arithmetic and the numpy/math
    functions of one argument."""
    current = node
    while True:
        parent = ctx.parent(current)
        arithmetic = (
            isinstance(parent, ast.BinOp)
            and isinstance(parent.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow))
        ) or (isinstance(parent, ast.UnaryOp) and isinstance(parent.op, (ast.USub, ast.UAdd)))
        if arithmetic:
            assert isinstance(parent, (ast.BinOp, ast.UnaryOp))
            current = parent
        elif (
            parent is not None
            and _only_argument(parent, current)
            and _function(ctx, parent) is not None
        ):
            assert isinstance(parent, ast.Call)
            if _cast(ctx, current) is not None:
                return current  # `int(np.ceil(x))`: np.ceil is the rounding of the cast
            current = parent
        else:
            return current


def count_in_graph(ctx: FixContext, flagged: ast.expr) -> Fix:
    """`int(c * math.log(L))` -> `(c * torch.log(torch.tensor(L, dtype=torch.float64))).long()
    .item()`; `flagged` is the numpy/math call on the size or the cast around it."""
    found = _cast(ctx, _climb(ctx, flagged))
    if found is None and isinstance(flagged, ast.Call) and len(flagged.args) == 1:
        found = _cast(ctx, flagged.args[0])  # the flagged node is the cast: `int(...)`
    if found is None:
        raise NotRewritable("the float value is not made an int by int(), ceil/floor or astype")
    outer, value, rounding = found
    calls, plain = _float_parts(ctx, value)
    if not plain:
        raise NotRewritable("the float expression calls more than numpy/math functions")
    sized = [c for c in calls if not _numeric(c.args[0])]
    if not sized:
        raise NotRewritable("no numpy/math function of a size in the expression")
    torch = ctx.torch()
    cm = codemod_for(ctx, outer)
    # id of each call's CST node -> the torch function; `!`: its argument is a size.
    targets: dict[int, str] = {}
    for call in calls:
        short = _function(ctx, call)
        assert short is not None
        inner = _contains_any(call, calls) or _numeric(call.args[0])
        targets[id(cm.find(call, cst.Call))] = short if inner else f"{short}!"
    no_comment_lost(ctx, outer, *(c.args[0] for c in calls if not _contains_any(c, calls)))

    class _Torch(cst.CSTTransformer):
        def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
            short = targets.get(id(original_node))
            if short is None:
                return updated_node
            arg = updated_node.args[0].value
            if short.endswith("!"):  # a size: a float64 0-d tensor of it
                short = short[:-1]
                arg = ex.call(f"{torch}.tensor", arg).with_changes(
                    args=[
                        cst.Arg(value=arg.deep_clone()),
                        ex.keyword_arg("dtype", ex.parse(f"{torch}.float64")),
                    ]
                )
                arg = _spaced(arg)
            elif _numeric_cst(arg):
                return updated_node  # `np.log(10000.0)`: a Python float stays one
            return _spaced(ex.call(f"{torch}.{short}", arg))

    visited = ex.node_of(ctx, value).visit(_Torch())
    assert isinstance(visited, cst.BaseExpression)
    expr: cst.BaseExpression = visited
    expr = expr.with_changes(lpar=[], rpar=[]) if isinstance(expr, cst.Call) else expr
    text = f"_v{_ROUNDING[rounding]}.long().item()"
    new = ex.parse(text)

    class _Fill(cst.CSTTransformer):
        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
            return ex.atom(expr) if original_node.value == "_v" else updated_node

    filled = new.visit(_Fill())
    assert isinstance(filled, cst.BaseExpression)
    shown = {"trunc": "", "ceil": ".ceil()", "floor": ".floor()"}[rounding]
    return fix(
        f"Compute the count in the graph on a float64 0-d tensor and read it back with "
        f"`{shown}.long().item()` (unsafe: the count becomes a value read from a tensor; a "
        "use that needs it bounded may need `torch._check`)",
        Applicability.UNSAFE,
        *ex.replace(ctx, outer, filled),
    )


def symbolic_form(ctx: FixContext, node: ast.expr) -> bool:
    """Whether the float functions around `node` are only square roots, which a size keeps
    symbolically (`n ** 0.5`, exportlint.codemods.int_sqrt): then that form comes first."""
    calls = [p for p in ast.walk(_climb(ctx, node)) if isinstance(p, ast.Call)]
    shorts = {_function(ctx, c) for c in calls} - {None}
    return shorts <= {"sqrt"}


def _spaced(call: cst.Call) -> cst.Call:
    """`f(a, b)`: one space after each comma."""
    args = [
        a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        if i < len(call.args) - 1
        else a.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        for i, a in enumerate(call.args)
    ]
    return call.with_changes(args=args)


def _numeric(node: ast.expr) -> bool:
    return all(
        isinstance(n, (ast.Constant, ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop))
        for n in ast.walk(node)
    )


def _numeric_cst(node: cst.BaseExpression) -> bool:
    return isinstance(node, (cst.Integer, cst.Float))


def _contains(outer: ast.AST, inner: ast.AST) -> bool:
    return any(n is inner for n in ast.walk(outer))


def _contains_any(call: ast.Call, calls: list[ast.Call]) -> bool:
    return any(c is not call and _contains(call, c) for c in calls)
