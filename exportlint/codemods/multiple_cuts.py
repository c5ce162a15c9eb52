"""A dynamic axis cut down to a multiple, as a gather: no bound compared with the axis.

Frame stacking, time reduction and patch cropping cut an axis to the largest multiple of `k`
before a reshape:

    num_frames = T - T % k
    x = x[:, :num_frames, :]

torch decides whether the bound reaches the end of the axis (its "whole axis: a view"
shortcut), so export guards on `T == T - T % k` and the exported program refuses every size
of the other class than the traced one (measured on torch 2.13, both classes, k = 2 and 4; the
table is in rules/EXL102-shape-condition/README.md). A gather over `torch.arange(n)` positions
compares nothing with the axis:

    x = x.index_select(1, torch.arange(num_frames, device=x.device))

(measured: traced at a multiple and at a size that is not one, `ep.module()` and onnxruntime
match eager on multiples and non-multiples alike; `x.narrow(1, 0, n)` guards as the slice
does). For `0 <= n <= T`, which a size rounded down always is, the gather takes exactly the
rows the slice takes: the fix is safe, except that the result is a copy where the slice was a
view, so it is unsafe when the function writes in place into the cut or the tensor it was cut
from (the write no longer reaches the other one).
"""

from __future__ import annotations

import ast

from exportlint.codemods import NotRewritable, loop_parts
from exportlint.codemods.core import codemod_for
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix, import_edit, layout_call


def gather_cut(ctx: FixContext, bound: ast.expr, stmt: ast.stmt) -> Fix:
    """`x[:, :n]`, `x[:, :n, :]`, `x[..., :n]`, `x.narrow(d, 0, n)` with `n` the bound ->
    `x.index_select(d, torch.arange(n, device=x.device))`."""
    cut = _cut_of(ctx, bound) or _narrow_of(ctx, bound)
    if cut is None:
        raise NotRewritable("not a cut `x[..., :n]` of one axis with the other axes whole")
    subscript, dim = cut
    tensor = _cut_tensor(subscript)
    if not _plain(tensor):
        raise NotRewritable("the tensor cut is not a name or an attribute")
    cm = codemod_for(ctx, stmt)
    torch = ctx.torch()
    name = cm.bare(cm.find(tensor))
    bound_text = cm.bare(cm.find(bound))
    # Laid out as black would (the range is an argument of a call black may explode), from
    # where the cut starts on its line (`x = ` before it).
    indent = ctx.indent_of(subscript.lineno)
    positions = layout_call(
        indent + "    ", f"{torch}.arange", [bound_text, f"device={name}.device"]
    )
    before = ctx.lines[subscript.lineno - 1][len(indent) : subscript.col_offset]
    text = cm.layout_call(subscript, f"{name}.index_select", [str(dim), positions], prefix=before)
    edits = list(cm.edits({subscript: cm.expr(text[len(before) :])}))
    added = import_edit(ctx, "torch") if ctx.module_alias("torch") is None else None
    if added is not None:
        edits.append(added)
    written = _written_in_place(ctx, subscript, stmt, tensor)
    condition = (
        f" (unsafe: `{written}` is written in place, and the gather is a copy where the "
        "slice was a view)"
        if written
        else ""
    )
    return fix(
        f"Cut `{name}` to `{bound_text}` positions with a gather over `{torch}.arange` (no "
        f"bound compared with the axis){condition}",
        Applicability.UNSAFE if written else Applicability.SAFE,
        *edits,
    )


def _cut_of(ctx: FixContext, bound: ast.expr) -> tuple[ast.Subscript, int] | None:
    """(subscript, axis) when `bound` is the upper bound of the one cut part of a subscript
    whose other parts are whole axes (`:`) or one leading `...`."""
    part = ctx.parent(bound)
    if not (
        isinstance(part, ast.Slice)
        and part.upper is bound
        and part.step is None
        and (part.lower is None or _is_zero(part.lower))
    ):
        return None
    holder = ctx.parent(part)
    if isinstance(holder, ast.Subscript):
        parts: list[ast.expr] = [part]
        subscript = holder
    elif isinstance(holder, ast.Tuple):
        subscript_node = ctx.parent(holder)
        if not isinstance(subscript_node, ast.Subscript):
            return None
        parts = list(holder.elts)
        subscript = subscript_node
    else:
        return None
    if not isinstance(subscript.ctx, ast.Load):
        return None
    position = next(i for i, p in enumerate(parts) if p is part)
    axis = loop_parts.axis_of_part(parts, position)
    return None if axis is None else (subscript, axis)


def _narrow_of(ctx: FixContext, bound: ast.expr) -> tuple[ast.Call, int] | None:
    """(call, axis) when `bound` is the length of `x.narrow(d, 0, n)` with a literal `d`."""
    call = ctx.parent(bound)
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "narrow"
        and len(call.args) == 3
        and call.args[2] is bound
        and _is_zero(call.args[1])
        and not call.keywords
    ):
        return None
    dim = call.args[0]
    if isinstance(dim, ast.UnaryOp) and isinstance(dim.op, ast.USub):
        inner = dim.operand
        if isinstance(inner, ast.Constant) and type(inner.value) is int:
            return call, -inner.value
        return None
    if isinstance(dim, ast.Constant) and type(dim.value) is int:
        return call, dim.value
    return None


def _is_zero(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value == 0


def _plain(node: ast.expr) -> bool:
    """A name or `a.b.c`: evaluated twice (the tensor and its device) without effects."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _cut_tensor(node: ast.Subscript | ast.Call) -> ast.expr:
    if isinstance(node, ast.Subscript):
        return node.value
    assert isinstance(node.func, ast.Attribute)  # `x.narrow(...)` (see `_narrow_of`)
    return node.func.value


def _written_in_place(
    ctx: FixContext, subscript: ast.Subscript | ast.Call, stmt: ast.stmt, tensor: ast.expr
) -> str:
    """The name written in place (`y[...] = v`, `y += v`, `y.add_(v)`) among the tensor cut
    and the names the cut is assigned to, in the function holding it; "" when none is."""
    names = {ast.unparse(tensor)}
    if isinstance(stmt, ast.Assign) and stmt.value is subscript:
        names.update(ast.unparse(t) for t in stmt.targets)
    scope: ast.AST | None = stmt
    while scope is not None and not isinstance(
        scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)
    ):
        scope = ctx.parent(scope)
    if scope is None:
        return ""
    for node in ast.walk(scope):
        written: ast.expr | None = None
        if isinstance(node, ast.AugAssign):
            target = node.target
            written = target.value if isinstance(target, ast.Subscript) else target
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            written = next((t.value for t in targets if isinstance(t, ast.Subscript)), None)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr.endswith("_")
            and not node.func.attr.startswith("_")
        ):
            written = node.func.value
        if written is not None and ast.unparse(written) in names:
            return ast.unparse(written)
    return ""
