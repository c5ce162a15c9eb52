"""A crop taken only when a tensor is longer than a bound: a gather clamped by `torch.sym_min`.

Generation loops keep the last `n` tokens of a growing context, encoders truncate to a
maximum length:

    idx_cond = idx if idx.size(1) <= self.block_size else idx[:, -self.block_size :]
    x = x[:, : self.max_len] if x.shape[1] > self.max_len else x

torch.export keeps only the side the example took (a guard on the size). Python slicing
already clamps, so the test only skips a crop that would change nothing: the crop alone is the
same computation for every length. But a slice with a symbolic bound is not exportable either:
torch 2.13 guards on how the bound compares with the size (measured: `idx[:, -8:]` traced at 5
and at 12 both fail with "Constraints violated" on the length, and so does `narrow`). A gather
over a range of `torch.sym_min(size, n)` positions has exactly that many rows and no guard:

    k = torch.sym_min(idx.size(1), n)
    idx.index_select(1, torch.arange(idx.size(1) - k, idx.size(1), device=idx.device))  # last n
    idx.index_select(1, torch.arange(k, device=idx.device))                             # first n

(measured on torch 2.13: traced at 5 and at 12, `ep.module()` and onnxruntime match eager at
2, 3, 8, 9 and 20). In eager mode `torch.sym_min` of two ints is `min`, so the rewrite is the
original computation; the one difference is `n == 0`, where `x[:, -0:]` is the whole tensor
and the gather is empty, so the fix is safe only when `n` is a positive literal and unsafe
(with that condition) otherwise.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods.core import Codemod, codemod_for
from exportlint.codemods.size_reads import axis_read
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix, import_edit, layout_call


def rewrite_crop_ternary(ctx: FixContext, node: ast.IfExp) -> Fix:
    """`x if x.size(d) <= n else x[..., -n:]` (and the mirrored forms) -> a clamped gather."""
    crop = _crop_choice(node)
    if crop is None:
        raise NotRewritable("not a crop of the tested tensor to the bound")
    cm = codemod_for(ctx)
    # Laid out as black would from where the ternary starts (`idx_cond = ` before it).
    indent = ctx.indent_of(node.lineno)
    before = ctx.lines[node.lineno - 1][len(indent) : node.col_offset]
    text, description, applicability = _gather(ctx, cm, crop, node, before)
    replacement = cm.expr(text[len(before) :])
    edits = list(cm.edits({node: replacement}))
    added = import_edit(ctx, "torch") if ctx.module_alias("torch") is None else None
    if added is not None:
        edits.append(added)
    return fix(description, applicability, *edits)


def rewrite_crop_if(ctx: FixContext, stmt: ast.If) -> Fix:
    """`if x.size(d) > n: x = x[..., :n]` (and `-n:`, and the `<`/`<=` mirror with the crop in
    `else`) -> `x = x.index_select(d, torch.arange(torch.sym_min(x.size(d), n), ...))`: the
    statement form of `rewrite_crop_ternary` (fixcover7)."""
    branches = [stmt.body, stmt.orelse]
    if not all(len(b) <= 1 for b in branches) or not any(branches):
        raise NotRewritable("not a lone crop under the test")
    assign = next(b[0] for b in branches if b)
    if not (
        isinstance(assign, ast.Assign)
        and len(assign.targets) == 1
        and isinstance(assign.targets[0], ast.Name)
    ):
        raise NotRewritable("not `x = x[..., :n]` under the test")
    target = assign.targets[0]
    loaded = ast.Name(id=target.id, ctx=ast.Load())  # as the test reads it
    body = assign.value if stmt.body else loaded
    orelse = assign.value if stmt.orelse else loaded
    crop = _crop_choice(ast.IfExp(test=stmt.test, body=body, orelse=orelse))
    if crop is None or not (isinstance(crop[0], ast.Name) and crop[0].id == target.id):
        raise NotRewritable("not a crop of the tested tensor to the bound")
    cm = codemod_for(ctx, stmt)
    head = f"{target.id} = "
    text, description, applicability = _gather(ctx, cm, crop, stmt, head)
    header = cm.header_comment(cm.find(stmt, cst.If).body)  # type: ignore[attr-defined]
    if "#" in ctx.segment(stmt).replace(header, "", 1):
        raise NotRewritable("a comment in the statement would be lost")
    if header:
        first, _, rest = text.partition("\n")
        text = f"{first}  {header}" + (f"\n{rest}" if rest else "")
    new = cm.statement_from(text + "\n", stmt)
    return fix(description, applicability, *cm.edits({stmt: [new]}))


def _gather(
    ctx: FixContext,
    cm: Codemod,
    crop: tuple[ast.expr, int, ast.expr, bool],
    near: ast.AST,
    before: str,
) -> tuple[str, str, Applicability]:
    """The clamped gather's text (laid out after `before`), its description and label."""
    tensor, dim, bound, last = crop
    torch = ctx.torch()
    name = cm.bare(cm.find(tensor))
    size = f"{name}.size({dim})"
    bound_text = cm.bare(cm.find(bound))
    count = f"{torch}.sym_min({size}, {bound_text})"
    device = f"device={name}.device"
    arange_args = [f"{size} - {count}", size, device] if last else [count, device]
    # The range is the second argument of a call that black would explode: lay it out at
    # that argument's indentation.
    line = getattr(near, "lineno", 1)
    positions = layout_call(ctx.indent_of(line) + "    ", f"{torch}.arange", arange_args)
    text = cm.layout_call(near, f"{name}.index_select", [str(dim), positions], prefix=before)
    which = "last" if last else "first"
    positive = isinstance(bound, ast.Constant) and type(bound.value) is int and bound.value > 0
    condition = (
        "" if positive else f" (unsafe: `{bound_text}` must be positive: `x[-0:]` is all of x)"
    )
    description = (
        f"Keep the {which} `{bound_text}` positions of `{name}` with a gather of "
        f"`{torch}.sym_min({size}, {bound_text})` rows, without the test{condition}"
    )
    return text, description, Applicability.SAFE if positive else Applicability.UNSAFE


def _crop_choice(node: ast.IfExp) -> tuple[ast.expr, int, ast.expr, bool] | None:
    """(tensor, axis, bound, keeps the last positions) when one side of the ternary is the
    tensor itself and the other its crop to the bound, and the test says the tensor fits."""
    test = node.test
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, op, right = test.left, test.ops[0], test.comparators[0]
    # Normalise to `size <op> bound`.
    if _axis(left) is None:
        left, right = right, left
        flipped = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE}
        if type(op) not in flipped:
            return None
        op = flipped[type(op)]()
    measured = _axis(left)
    if measured is None:
        return None
    tensor, dim = measured
    if isinstance(op, ast.Lt | ast.LtE):
        whole, cropped = node.body, node.orelse  # fits -> the tensor as it is
    elif isinstance(op, ast.Gt | ast.GtE):
        whole, cropped = node.orelse, node.body
    else:
        return None
    if ast.dump(whole) != ast.dump(tensor):
        return None
    found = _crop_of(cropped, tensor, dim, right)
    if found is None:
        return None
    return tensor, dim, right, found


def _axis(node: ast.expr) -> tuple[ast.expr, int] | None:
    """(tensor, axis) of `t.size(d)` / `t.shape[d]` with a literal non-negative `d`."""
    found = axis_read(node)
    if found is None:
        return None
    tensor, index = found
    if isinstance(index, ast.Constant) and type(index.value) is int and index.value >= 0:
        return tensor, index.value
    return None


def _crop_of(node: ast.expr, tensor: ast.expr, dim: int, bound: ast.expr) -> bool | None:
    """True for `t[:, -bound:]`, False for `t[:, :bound]` on axis `dim` (other axes whole),
    None for anything else."""
    if not (isinstance(node, ast.Subscript) and ast.dump(node.value) == ast.dump(tensor)):
        return None
    parts = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
    if len(parts) != dim + 1:
        return None
    for part in parts[:dim]:
        if not (isinstance(part, ast.Slice) and part.lower is None and part.upper is None) or (
            isinstance(part, ast.Slice) and part.step is not None
        ):
            return None
    last = parts[dim]
    if not isinstance(last, ast.Slice) or last.step is not None:
        return None
    wanted = ast.dump(bound)
    if last.upper is None and last.lower is not None:
        lower = last.lower
        if isinstance(lower, ast.UnaryOp) and isinstance(lower.op, ast.USub):
            return True if ast.dump(lower.operand) == wanted else None
        return None
    if last.lower is None and last.upper is not None:
        return False if ast.dump(last.upper) == wanted else None
    return None
