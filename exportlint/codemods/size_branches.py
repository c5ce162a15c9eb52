"""Tests that only skip work which changes nothing at the boundary: run the work always.

Real code tests a size (or a mask) to skip a step that is a no-op when the test is false:
a pad or a crop by 0 (`if delta: x = x[..., delta // 2 : -(delta - delta // 2)]`), a resize
to the size a tensor already has (`if t.shape[0] != n: t = F.interpolate(t, size=n)`), a crop
to a length the tensor already has (`if pad_size > 0: out = out[:, :seq_len]`), a filter by a
mask that keeps everything (`if not valid.all(): boxes = boxes[valid]`). torch.export cannot
keep the test; the work needs none. Whether the work really is a no-op when the test is false
only a run can say: the candidates are unsafe, and `--fix --verify` decides.

Two candidates, best first:

1. the body with each crop written as a gather, `x.index_select(d, torch.arange(lo, hi))`:
   a slice whose bounds are computed from sizes makes torch 2.13 guard on how they compare
   with the size (the fake tensor of a slice is an `as_strided` view, whose contiguity check
   is evaluated for the traced sizes; measured on demucs' `center_trim` and mamba2's chunk
   padding: ep.module() rejects the other parity / the lengths that need no padding), while
   a gather's result has the size `hi - lo` and no guard. A negative end, `x[a:-e]`, is read
   as "cut e from the end" (`x.size(d) - e`): right for every e > 0 and, unlike the slice,
   for e == 0, the boundary the test was skipping;
2. the body as it is.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.analysis.walk import walk_local
from exportlint.codemods import NotRewritable
from exportlint.codemods.core import (
    Codemod,
    codemod_for,
    leading_lines,
    statements_of,
    with_comment,
    with_leading,
)
from exportlint.codemods.size_reads import reads_size
from exportlint.diagnostics import Applicability, Edit, Fix
from exportlint.fixes import FixContext, fix, import_edit

# Calls that bring a tensor to a given size, and change nothing when it has that size.
_RESIZES = frozenset(
    {
        "interpolate", "upsample", "pad", "expand", "expand_as", "broadcast_to", "narrow",
        "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
        "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d",
    }
)  # fmt: skip
_EXITS = (ast.Return, ast.Raise, ast.Break, ast.Continue, ast.Yield, ast.YieldFrom)


def filters_by_mask(stmt: ast.If) -> bool:
    """`if not valid.all(): boxes = boxes[valid]`: run always, the body is exact (a filter by
    a mask that keeps everything is the identity)."""
    body = _guarded_body(stmt)
    return body is not None and _mask_filter(stmt.test, body)


def run_always(ctx: FixContext, stmt: ast.If) -> list[Fix]:
    """The candidates that drop the test of `stmt` and keep its work (best first)."""
    body = _guarded_body(stmt)
    if body is None or any(isinstance(n, _EXITS) for n in walk_local(body)):
        return []
    if _constant_crop(body):
        return []  # `h = h[:, :-1]` drops a frame whatever the sizes: never a no-op
    used = set(_loads(body))
    if not (
        _zero_when_false(stmt.test, used, _resizes(body))
        or _computed_crop(stmt.test, body)
        or _mask_filter(stmt.test, body)
    ):
        return []
    found: list[Fix] = []
    try:
        gathered = _run_always(ctx, stmt, gather=True)
    except NotRewritable:
        gathered = None
    if gathered is not None:
        found.append(gathered)
    found.append(_run_always(ctx, stmt, gather=False))  # type: ignore[arg-type]
    return [f for f in found if f is not None]


def _guarded_body(stmt: ast.If) -> list[ast.stmt] | None:
    """The work the test guards: the `if` body, when there is no `else` or the `else` only
    keeps names as they are (`else: resized = rel_pos`, the names the body computes)."""
    if not stmt.orelse:
        return stmt.body
    stored = {
        n.id
        for n in walk_local(stmt.body)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    for other in stmt.orelse:
        if not (
            isinstance(other, ast.Assign)
            and len(other.targets) == 1
            and isinstance(other.targets[0], ast.Name)
            and other.targets[0].id in stored
            and isinstance(other.value, ast.Name)
        ):
            return None
    return stmt.body


def _loads(body: list[ast.stmt]) -> list[str]:
    return [
        n.id for n in walk_local(body) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    ]


def _zero_when_false(test: ast.expr, used: set[str], resizes: bool = False) -> bool:
    """The test says "some amount the body uses is not zero": `n > 0`, `n != 0`, `n >= 1`,
    `h % 2 == 1`, a bare `n` (or several joined with `or`), where the body reads the amount's
    names. Then the body plausibly does nothing with a zero amount (a pad or a crop by 0)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return all(_zero_when_false(v, used, resizes) for v in test.values)
    if isinstance(test, ast.Name):
        return test.id in used  # `if delta:`: `delta != 0`
    if _is_count(test):
        # `if keep.numel():`, `if len(idx):`: `!= 0`
        return _zero_when_false(
            ast.Compare(left=test, ops=[ast.NotEq()], comparators=[ast.Constant(0)]), used
        )
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    amount, bound, op = test.left, test.comparators[0], test.ops[0]
    zero = isinstance(bound, ast.Constant) and bound.value == 0
    if isinstance(op, ast.NotEq) and not zero and (reads_size(amount) or reads_size(bound)):
        # `if h.shape != r.shape: r = F.interpolate(r, size=h.shape[2:])`, `if t.shape[0] !=
        # n: t = F.interpolate(t, size=n)`: a resize (a pad, a crop) to the size it already
        # has changes nothing.
        names = {
            n.id for side in (amount, bound) for n in ast.walk(side) if isinstance(n, ast.Name)
        }
        return bool(names) and names <= used and resizes
    if not (isinstance(bound, ast.Constant) and type(bound.value) is int):
        return False
    c = bound.value
    plausible = (
        (isinstance(op, ast.Gt | ast.NotEq) and c == 0)
        or (isinstance(op, ast.GtE) and c == 1)
        or (
            isinstance(op, ast.Eq)
            and c == 1
            and isinstance(amount, ast.BinOp)
            and isinstance(amount.op, ast.Mod)
        )
    )
    # `len(idx) > 0`: the names of the amount, not of the functions it calls.
    called = {id(n.func) for n in ast.walk(amount) if isinstance(n, ast.Call)}
    names = {n.id for n in ast.walk(amount) if isinstance(n, ast.Name) and id(n) not in called}
    return plausible and bool(names) and names <= used


def _is_count(node: ast.expr) -> bool:
    """`len(x)`, `x.numel()`."""
    return isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id == "len" and len(node.args) == 1)
        or (isinstance(node.func, ast.Attribute) and node.func.attr == "numel" and not node.args)
    )


def _computed_crop(test: ast.expr, body: list[ast.stmt]) -> bool:
    """`if pad_size > 0: out = out[:, :seq_len]`: a size test guarding crops whose bounds are
    all computed (a crop to a constant length, `x[:, :-1]`, or a strided one is no no-op)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        if not all(isinstance(v, ast.Compare | ast.Name) for v in test.values):
            return False
    elif not isinstance(test, ast.Compare | ast.Name):
        return False
    slices = [n for n in walk_local(body) if isinstance(n, ast.Slice)]
    if not slices:
        return False
    for part in slices:
        if part.step is not None:
            return False
        for bound in (part.lower, part.upper):
            if bound is not None and not any(
                isinstance(n, ast.Name | ast.Attribute | ast.Call) for n in ast.walk(bound)
            ):
                return False
    return all(isinstance(s, ast.Assign) for s in body)


def _constant_crop(body: list[ast.stmt]) -> bool:
    """A slice of the block has a bound that is a number (`x[:, :-1]`, `x[1:]`); slices of
    a shape (`size=h.shape[2:]`) do not count."""
    for node in walk_local(body):
        if not isinstance(node, ast.Subscript) or reads_size(node):
            continue
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for part in parts:
            if not isinstance(part, ast.Slice):
                continue
            for bound in (part.lower, part.upper):
                if bound is not None and not any(
                    isinstance(n, ast.Name | ast.Attribute | ast.Call) for n in ast.walk(bound)
                ):
                    return True
    return False


def _mask_filter(test: ast.expr, body: list[ast.stmt]) -> bool:
    """`if not valid.all(): boxes = boxes[valid]` or `if keep.sum().item() != len(boxes):
    boxes, scores = boxes[keep], scores[keep]`: the body only filters by one mask that the
    test reads; when the test is false the mask keeps everything."""
    masks: set[str] = set()
    for statement in body:
        if not isinstance(statement, ast.Assign):
            return False
        value = statement.value
        for part in value.elts if isinstance(value, ast.Tuple) else [value]:
            if not (isinstance(part, ast.Subscript) and isinstance(part.slice, ast.Name)):
                return False
            masks.add(part.slice.id)
    if len(masks) != 1:
        return False
    return any(isinstance(n, ast.Name) and n.id in masks for n in ast.walk(test))


def _resizes(body: list[ast.stmt]) -> bool:
    """The block resizes, pads or crops something (a call of `_RESIZES`, or a slice)."""
    for node in walk_local(body):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _RESIZES:
                return True
        if isinstance(node, ast.Slice):
            return True
    return False


def _run_always(ctx: FixContext, stmt: ast.If, gather: bool) -> Fix | None:
    cm = codemod_for(ctx)
    node = cm.find(stmt, cst.If)
    assert isinstance(node, cst.If)
    statements = statements_of(node.body)
    torch = ctx.torch()
    if gather:
        rewriter = _Gather(torch, cm)
        statements = [s.visit(rewriter) for s in statements]  # type: ignore[misc]
        if not rewriter.changed:
            return None
    # Comments of the `if` (before it, on its line, after the body's last statement) and of
    # an `else` that only kept names stay, before the first statement.
    footer = Codemod.comment_lines(getattr(node.body, "footer", ()))
    kept: list[cst.EmptyLine] = []
    if isinstance(node.orelse, cst.Else):
        kept.extend(Codemod.comment_lines(node.orelse.leading_lines))
        header = Codemod.header_comment(node.orelse.body)
        if header:
            kept.append(cst.EmptyLine(comment=cst.Comment(header)))
        for statement in statements_of(node.orelse.body):
            kept.extend(Codemod.comment_lines(leading_lines(statement)))
            trailing = getattr(statement, "trailing_whitespace", None)
            if trailing is not None and trailing.comment is not None:
                kept.append(cst.EmptyLine(comment=trailing.comment))
        kept.extend(Codemod.comment_lines(getattr(node.orelse.body, "footer", ())))
    statements[0] = with_leading(statements[0], [*node.leading_lines, *footer, *kept])
    statements[0] = with_comment(statements[0], Codemod.header_comment(node.body))
    test = cm.bare(node.test)
    edits: list[Edit] = list(cm.edits({stmt: statements}))
    if gather:
        added = import_edit(ctx, "torch") if ctx.module_alias("torch") is None else None
        if added is not None:
            edits.append(added)
        return fix(
            f"Run the body always, without the test `{test}`, its crops written as "
            f"`index_select(dim, {torch}.arange(start, stop))` (unsafe: the body must change "
            "nothing when the test is false, like a crop by 0; a negative end `-e` is read "
            "as `size - e`; --fix --verify checks it)",
            Applicability.UNSAFE,
            *edits,
        )
    return fix(
        f"Run the body always, without the test `{test}` (unsafe: the body must change nothing "
        "when the test is false, like a pad or a crop by 0; --fix --verify checks it)",
        Applicability.UNSAFE,
        *edits,
    )


class _Gather(cst.CSTTransformer):
    """`x[..., a:-e]` -> `x.index_select(-1, torch.arange(a, x.size(-1) - e, device=x.device))`
    for crops of a named tensor (slices with computed or absent bounds, no step, no index)."""

    def __init__(self, torch: str, cm: Codemod) -> None:
        self.torch = torch
        self.cm = cm
        self.changed = False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        # Only the crops an assignment keeps (`x = x[:, :n]`, `a, b = a[m:], b[m:]`): a slice
        # elsewhere may be of a list or a shape (`size=h.shape[2:]`).
        value = updated_node.value
        if isinstance(value, cst.Subscript):
            return updated_node.with_changes(value=self._crop(value))
        if isinstance(value, cst.Tuple):
            elements = [
                e.with_changes(value=self._crop(e.value))
                if isinstance(e, cst.Element) and isinstance(e.value, cst.Subscript)
                else e
                for e in value.elements
            ]
            return updated_node.with_changes(value=value.with_changes(elements=elements))
        return updated_node

    def _crop(self, updated_node: cst.Subscript) -> cst.BaseExpression:
        value = updated_node.value
        if not isinstance(value, cst.Name | cst.Attribute) or (
            isinstance(value, cst.Attribute) and value.attr.value == "shape"
        ):
            return updated_node
        elements = list(updated_node.slice)
        ellipsis = [
            i
            for i, e in enumerate(elements)
            if isinstance(e.slice, cst.Index) and isinstance(e.slice.value, cst.Ellipsis)
        ]
        if len(ellipsis) > 1:
            return updated_node
        crops: list[tuple[int, str, str]] = []
        name = self.cm.code(value)
        for index, element in enumerate(elements):
            if ellipsis and index == ellipsis[0]:
                continue
            part = element.slice
            if not isinstance(part, cst.Slice) or part.step is not None:
                return updated_node  # an index, a stride: not a crop
            if part.lower is None and part.upper is None:
                continue
            dim = index if not ellipsis or index < ellipsis[0] else index - len(elements)
            size = f"{name}.size({dim})"
            lower, upper = part.lower, part.upper
            if lower is None:
                start = "0"
            elif _negated(lower) is not None:
                return updated_node  # `x[-n:]` with n == 0 is the whole tensor: not a gather
            else:
                start = self.cm.code(lower)
            if upper is None:
                stop = size
            else:
                negated = _negated(upper)
                stop = f"{size} - {self.cm.code(negated)}" if negated else self.cm.code(upper)
            crops.append((dim, start, stop))
        if not crops:
            return updated_node
        text = name
        for dim, start, stop in crops:
            text = (
                f"{text}.index_select({dim}, {self.torch}.arange({start}, {stop}, "
                f"device={name}.device))"
            )
        self.changed = True
        return self.cm.expr(text)


def _negated(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """`e` for `-e` (with its parentheses), else None."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        return node.expression
    return None
