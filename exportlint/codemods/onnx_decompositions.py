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


def rewrite_floor_remainder(ctx: FixContext, node: ast.expr) -> Fix:
    """`t % n` -> `t - torch.div(t, n, rounding_mode="floor") * n`: Python's floor remainder
    spelled with operators torch.onnx converts, and no tensor made of the size. The 0-d
    tensor form (`torch.tensor(n)`) pins a size read from data (`n = t.long().item()` in a
    per-row loop: "Could not extract specialized integer"); this form keeps it symbolic
    (measured on torch 2.13: export, ONNX, onnxruntime at unseen sizes). Exact for integer
    tensors, with their dtype. The dividend is written twice, so it must be a plain name or
    attribute (evaluating a call twice could change what it computes)."""
    dividend, divisor = _operands(node)
    if not _plain(dividend):
        raise NotRewritable("the dividend is not a plain name: it would be evaluated twice")
    if not (_plain(divisor) or isinstance(divisor, ast.Constant)):
        raise NotRewritable("the divisor is not a plain name: it would be evaluated twice")
    torch = ctx.torch()
    left = ctx.segment(dividend)
    right = ctx.segment(divisor)
    written = f'{left} - {torch}.div({left}, {right}, rounding_mode="floor") * {right}'
    return fix(
        f"Write the floor remainder out: `{written}` (the same integers; the size stays "
        "symbolic; torch.onnx converts it)",
        Applicability.SAFE,
        *ex.replace(ctx, node, ex.parse(written)),
    )


def _plain(node: ast.expr) -> bool:
    """A name or a chain of attributes / constant subscripts: reading it twice is the same."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        if isinstance(node, ast.Subscript) and not _constant_index(node.slice):
            return False
        node = node.value
    return isinstance(node, ast.Name)


def _constant_index(node: ast.expr) -> bool:
    """`2`, `-1`, `i`: an index that reads the same thing twice."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant | ast.Name)


def _argument(expr: cst.BaseExpression) -> cst.BaseExpression:
    """An operand made an argument: the parentheses `%` needed (`(h * w)`) go, unless a
    comment lives in them."""
    parens = cst.Module(body=[]).code_for_node
    if any("#" in parens(p) for p in (*expr.lpar, *expr.rpar)):
        return expr
    return expr.with_changes(lpar=[], rpar=[])


# Operators without an ONNX translation, written with ones that have one (measured on 2.13:
# export, torch.onnx and onnxruntime match eager at unseen sizes). Each returns the new code
# for the call (or the `.values` read of its result) and the condition under which it is the
# same, or raises `NotRewritable`.


def split_call(
    node: ast.Call, torch_function: bool | None = None
) -> tuple[ast.expr, list[ast.expr], dict[str, ast.expr]]:
    """(the tensor, its other positional arguments, keywords) of `torch.op(x, ...)` or
    `x.op(...)` (`torch_function`: which of the two, when the caller knows)."""
    if any(isinstance(a, ast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        raise NotRewritable("a starred argument")
    keywords = {k.arg: k.value for k in node.keywords if k.arg is not None}
    func = node.func
    if torch_function is None:
        torch_function = _is_torch_function(node)
    if torch_function:
        if not node.args:
            raise NotRewritable("no tensor argument")
        return node.args[0], list(node.args[1:]), keywords
    if not isinstance(func, ast.Attribute):
        raise NotRewritable("not a method call")
    return func.value, list(node.args), keywords


def _is_torch_function(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("torch", "th")  # `th`: a common alias of torch
    )


def _argument_named(
    args: list[ast.expr], keywords: dict[str, ast.expr], position: int, name: str
) -> ast.expr | None:
    if name in keywords:
        return keywords[name]
    return args[position] if len(args) > position else None


def _int_literal(node: ast.expr | None) -> int | None:
    """An integer written as a literal (`-1`, `2`)."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and type(node.operand.value) is int
    ):
        return -node.operand.value
    return None


def _simple(node: ast.expr) -> bool:
    """A name or a chain of attributes (`windows`, `self.table`): read twice, same value."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def argument_text(ctx: FixContext, node: ast.expr) -> str:
    """The user's code for an argument. The decompositions are generated text, parsed: a
    comment inside the user's expression would be lost, so it is not rewritten."""
    if isinstance(node, ast.Tuple):
        # ast's range of a parenthesised tuple is not the one libcst gives it: by element.
        elements = [argument_text(ctx, e) for e in node.elts]
        return f"({', '.join(elements)}{',' if len(elements) == 1 else ''})"
    return _code(_argument(ex.node_of(ctx, node)))


def _code(expr: cst.BaseExpression) -> str:
    text = cst.Module(body=[]).code_for_node(expr)
    if "#" in text:
        raise NotRewritable("a comment inside the expression")
    return text


def rewrite_untranslated(ctx: FixContext, node: ast.Call, op: str) -> Fix:
    """`torch.cumprod(x, d)` -> `torch.exp(torch.cumsum(torch.log(x), d))` (x > 0);
    `torch.searchsorted(b, v)` -> `(b.unsqueeze(-2) < v.unsqueeze(-1)).sum(-1)`;
    `x.median(dim=d).values` and `x.kthvalue(k, d).values` -> an element of
    `x.sort(dim=d).values`."""
    torch = ctx.torch()
    tensor, args, keywords = split_call(node)
    target: ast.expr = node
    if op == "cumprod":
        if set(keywords) - {"dim"} or len(args) > 1:
            raise NotRewritable("cumprod with a dtype")
        dim = _argument_named(args, keywords, 0, "dim")
        if dim is None:
            raise NotRewritable("no dim")
        values, dim_text = argument_text(ctx, tensor), argument_text(ctx, dim)
        text = f"{torch}.exp({torch}.cumsum({torch}.log({values}), {dim_text}))"
        condition = "the same for positive values only (log of 0 or a negative is not finite)"
    elif op == "searchsorted":
        if not _is_torch_function(node) or len(args) != 1:
            raise NotRewritable("not torch.searchsorted(sorted_sequence, values)")
        if set(keywords) - {"right", "side", "out_int32"}:
            raise NotRewritable("searchsorted with a sorter")
        side = keywords.pop("side", None)
        right = keywords.pop("right", None)
        out_int32 = keywords.pop("out_int32", None)
        if side is not None and right is not None:
            raise NotRewritable("both right and side")
        if side is not None:
            if not (isinstance(side, ast.Constant) and side.value in ("left", "right")):
                raise NotRewritable("a side that is not a literal")
            to_the_right = side.value == "right"
        elif right is None:
            to_the_right = False
        elif isinstance(right, ast.Constant) and isinstance(right.value, bool):
            to_the_right = right.value
        else:
            raise NotRewritable("a `right` that is not a literal")
        if out_int32 is not None and not (
            isinstance(out_int32, ast.Constant) and isinstance(out_int32.value, bool)
        ):
            raise NotRewritable("an `out_int32` that is not a literal")
        if isinstance(args[0], ast.Constant):
            raise NotRewritable("a Python number as the values")
        # Count the boundaries below each value (`<=` for the right side). Unlike
        # `torch.bucketize`, which takes 1-D boundaries only (a written file raised on batched
        # boundaries), the broadcast also holds for searchsorted's batched (N-D) boundaries.
        compare = "<=" if to_the_right else "<"
        text = (
            f"({argument_text(ctx, tensor)}.unsqueeze(-2) {compare} "
            f"{argument_text(ctx, args[0])}.unsqueeze(-1)).sum(-1)"
        )
        if out_int32 is not None and out_int32.value:
            text += ".int()"
        condition = "the same counts for a tensor of values (memory grows with values x boundaries)"
    elif op in ("cummax", "cummin"):
        target = _values_read(ctx, node, op)
        dim = _argument_named(args, keywords, 0, "dim")
        dimension = _int_literal(dim)
        if dimension is None or set(keywords) - {"dim"} or len(args) > 1:
            raise NotRewritable("no literal dim")
        if not _simple(tensor):
            raise NotRewritable("the tensor is an expression read several times")
        x = argument_text(ctx, tensor)
        moved = x if dimension == -1 else f"{x}.movedim({dimension}, -1)"
        n = f"{x}.shape[{dimension}]"
        steps = f"{torch}.arange({n}, device={x}.device)"
        # Position i takes the max (min) of the positions j <= i; the others are filled with
        # position 0, which every prefix holds: no dtype's extreme value is needed.
        text = (
            f"{torch}.where({steps}[None, :] <= {steps}[:, None], {moved}.unsqueeze(-2), "
            f"{moved}[..., None, :1]).{'amax' if op == 'cummax' else 'amin'}(-1)"
        )
        if dimension != -1:
            text += f".movedim(-1, {dimension})"
        condition = "the same values; it holds an n x n matrix per row (n: the scanned length)"
    elif op in ("median", "kthvalue"):
        target = _values_read(ctx, node, op)
        if "keepdim" in keywords:
            raise NotRewritable("keepdim")
        position = 0 if op == "median" else 1
        dim = _argument_named(args, keywords, position, "dim")
        if dim is None or _int_literal(dim) is None:
            raise NotRewritable("no literal dim")
        dimension = _int_literal(dim)
        if op == "median":
            if not _simple(tensor):
                raise NotRewritable("the tensor is an expression read twice")
            where = f"({argument_text(ctx, tensor)}.shape[{dimension}] - 1) // 2"
            condition = "the same without NaN (median returns NaN, the sort puts it last)"
        else:
            k = _argument_named(args, keywords, 0, "k")
            if k is None:
                raise NotRewritable("no k")
            where = f"{argument_text(ctx, k)} - 1"
            condition = "the same without NaN (the sort puts NaN last)"
        text = (
            f"{_code(ex.atom(ex.node_of(ctx, tensor)))}"
            f".sort(dim={dimension}).values.select({dimension}, {where})"
        )
    else:
        raise NotRewritable(f"no decomposition of {op}")
    new = ex.parse(text)
    return fix(
        f"Write it with operators torch.onnx translates: `{text}` ({condition})",
        Applicability.UNSAFE,
        *ex.replace(ctx, target, new),
    )


def _values_read(ctx: FixContext, node: ast.Call, op: str) -> ast.expr:
    """`node.values` or `node[0]`, the only use of a (values, indices) result rewritten."""
    parent = ctx.parent(node)
    if isinstance(parent, ast.Attribute) and parent.attr == "values":
        return parent
    if (
        isinstance(parent, ast.Subscript)
        and parent.value is node
        and isinstance(parent.slice, ast.Constant)
        and parent.slice.value == 0
    ):
        return parent
    raise NotRewritable(f"only `{op}(...).values` is rewritten")
