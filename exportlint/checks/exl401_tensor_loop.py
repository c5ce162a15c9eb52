from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from functools import partial

from exportlint.analysis import events
from exportlint.analysis.kinds import Kind, Value
from exportlint.candidates import Candidate, build_candidates
from exportlint.checks.base import Rule, candidates, is_dynamic_tensor, source
from exportlint.codemods import DEFERRED, NotRewritable, failed_rewrite
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import FixContext, display_only

_WRAPPERS = frozenset({"zip", "enumerate", "reversed", "sorted", "list", "tuple", "iter"})


class TensorLoop(Rule):
    code = "EXL401"
    name = "tensor-loop"
    severity = Severity.ERROR
    summary = "a Python loop whose trip count is a dynamic size or data"

    VALID = (
        "for layer in self.layers:\n    x = layer(x)\nreturn x",
        "for i in range(self.num_layers):\n    x = x * 2\nreturn x",
        "for d in x.shape:\n    x = x + d\nreturn x",
        "return torch.stack([x * i for i in range(4)])",
        "for i in range(x.dim()):\n    x = x.flip(i)\nreturn x",
        "q, k = x.unbind(0)\nreturn q * k * max(x.shape[0], 2)",
        "return torch.stack([c * 2 for c in x.chunk(2)])",
    )
    INVALID = (
        "out = []\nfor row in x:\n    out.append(row * 2)\nreturn torch.stack(out)",
        "for i in range(x.shape[0]):\n    y = y + x[i]\nreturn y",
        "return torch.cat([x[s:e] for s, e in zip(y, y + 1)])",
        "return torch.stack([x * i for i in range(y.item())])",
        "for i in range(len(x)):\n    y = y + x[i]\nreturn y",
        "return x * max(y)",
        "return torch.stack([t * 2 for t in x.unbind(0)])",
        "out = []\nfor a, b in y.tolist():\n    out.append(x[a:b])\nreturn torch.cat(out)",
    )

    def iteration(self, event: events.Iteration) -> None:
        why = _why(event.value) or _listed(event)
        if why:
            best, others = candidates(self._fixes(event))
            self.report(
                event.node,
                f"loop over `{source(event.node)}`: {why}; export unrolls it for the traced "
                "size only",
                event.stmt,
                help="vectorise it, or use torch.cond/while_loop/scan "
                "(or exportlint.ops.simple_loop_for for collect-and-concatenate loops)",
                fix=best,
                alternatives=others,
            )

    def _fixes(self, event: events.Iteration) -> list[Fix]:
        if self.ctx.defer_fixes:
            # Output that shows no edits: no candidate is tried (nor libcst imported, a third
            # of this rule's time on transformers); the fix is pending, with the advice.
            return [display_only(f"{_ADVICE} ({DEFERRED})")]
        try:
            return self._rewrite(event)
        except NotRewritable as why:
            return [display_only(f"{_ADVICE} (not rewritten automatically: {why})")]
        except Exception as error:  # a codemod bug costs a fix, not the lint
            return [display_only(f"{_ADVICE} ({failed_rewrite(error)})")]

    def _rewrite(self, event: events.Iteration) -> list[Fix]:
        """The candidate rewrites of the loop, best first (a display-only hint saying why
        when there is none)."""
        # The codemods (and libcst) are imported only when a fix is built.
        from exportlint.codemods.carry_loops import rewrite_carry_loop
        from exportlint.codemods.loops import (
            rewrite_builtin_reduction,
            rewrite_collect_loop,
            rewrite_repeat_comprehension,
        )
        from exportlint.codemods.scan_loops import rewrite_scan_loop

        stmt = event.stmt
        if isinstance(stmt, ast.For) and stmt.iter is event.node:
            # Specific rewrites first (what they match, they do best), then the general
            # per-row and per-group ones.
            rewrites: tuple[Callable[..., Fix], ...] = (
                _length_mask_rewrite,  # fixcover4 hook: `mask[i, :n] = v` over lengths
                rewrite_collect_loop,
                _fill_rewrite,
                _fill_second_rewrite,
                rewrite_scan_loop,
                _mask_rewrite,
                _regulator,
                _row_rewrite,
                _scatter_rewrite,
                _scatter_mask_rewrite,
                rewrite_carry_loop,  # the general carried-state rewrite: after the narrow ones
            )
            if event.value.source == "tolist" and _every_index_applies(self.ctx, stmt):
                # The positions of the non-zero entries (EXL202's fix, the same edit).
                rewrites = (_every_index, *rewrites)
            if _data_count(event.value):
                # A count read out of data is no tensor dimension: scan has nothing to scan,
                # while_loop counts it (first: what --unsafe-fixes applies).
                rewrites = (_while_rewrite, *rewrites)
            # Built in order, as many as the lint needs (exportlint.candidates).
            found, reasons = build_candidates(
                self.ctx,
                (
                    Candidate(
                        _TITLES.get(r.__name__, _ADVICE),
                        partial(r, self.ctx, stmt, event.env, event.function),
                    )
                    for r in rewrites
                ),
                self.code,
                event.node,
            )
            if found:
                return found
            # Why simple_loop_for, then why scan, does not fit.
            reason = "; ".join(dict.fromkeys(reasons))
            return [display_only(f"{_ADVICE} (not rewritten automatically: {reason})")]
        for other in (rewrite_repeat_comprehension, rewrite_builtin_reduction):
            try:
                return [other(self.ctx, event.node)]
            except NotRewritable:
                continue
        return [display_only(_ADVICE)]


def _data_count(value: Value) -> bool:
    """`range(int(n.item()))`: the trip count is data, not a dimension of a tensor."""
    return (
        value.source == "range"
        and any(part.kind in (Kind.DATA, Kind.TENSOR) for part in value.parts)
        and not any(part.kind is Kind.DIM for part in value.parts)
    )


def _while_rewrite(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    from exportlint.codemods.while_loops import rewrite_while_loop

    return rewrite_while_loop(ctx, loop, env, function)


def _length_mask_rewrite(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    from exportlint.codemods.length_masks import rewrite_length_mask

    return rewrite_length_mask(ctx, loop, env, function)


def _row_rewrite(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    from exportlint.codemods.row_loops import rewrite_row_loop

    return rewrite_row_loop(ctx, loop, env, function)


def _fill_rewrite(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    from exportlint.codemods.fill_loops import rewrite_fill_loop

    return rewrite_fill_loop(ctx, loop, env, function)


def _fill_second_rewrite(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    from exportlint.codemods.fill_loops import rewrite_fill_loop_second

    return rewrite_fill_loop_second(ctx, loop, env, function)


def _scatter_rewrite(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    from exportlint.codemods.scatter_loops import rewrite_scatter_loop

    return rewrite_scatter_loop(ctx, loop, env, function)


def _scatter_mask_rewrite(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    from exportlint.codemods.scatter_loops import rewrite_scatter_mask_loop

    return rewrite_scatter_mask_loop(ctx, loop, env, function)


def _mask_rewrite(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    from exportlint.codemods.mask_loops import rewrite_mask_loop

    return rewrite_mask_loop(ctx, loop, function)


def _regulator(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    from exportlint.codemods.length_regulator import rewrite_length_regulator

    return rewrite_length_regulator(ctx, loop, function)


_ADVICE = (
    "Vectorise the loop with tensor ops. A loop that collects pieces and concatenates them: "
    "exportlint.ops.simple_loop_for(n_iter, body, operands, concatenation_dims). A loop that "
    "carries a state: torch._higher_order_ops.scan (clone the carry) or while_loop"
)


# What each rewrite does: the title of a fix not built yet (the first rewrite that applies).
_TITLES = {
    "_length_mask_rewrite": "Build the padding mask with one comparison with the lengths",
    "rewrite_collect_loop": "Rewrite the loop with exportlint.ops.simple_loop_for",
    "rewrite_scan_loop": "Rewrite the loop with torch._higher_order_ops.scan",
    "_mask_rewrite": "Rewrite the loop over the selected positions as a loop over all of them",
    "_regulator": "Rewrite the length regulator's loop as one gather",
    "_row_rewrite": "Rewrite the per-row writes with exportlint.ops.simple_loop_for",
    "_fill_rewrite": "Rewrite the region fills as one arange mask",
    "_fill_second_rewrite": "Rewrite the region fills as one arange mask (masked_fill)",
    "_scatter_rewrite": "Collect the positions with exportlint.ops.simple_loop_for, write once",
    "_scatter_mask_rewrite": "Collect a mask with exportlint.ops.simple_loop_for, then write once",
    "rewrite_carry_loop": "Rewrite the loop's carried state with torch._higher_order_ops.scan",
    "_while_rewrite": "Rewrite the loop with torch._higher_order_ops.while_loop",
    "_every_index": "Loop over every position instead of the non-zero ones",
}


def _every_index(
    ctx: FixContext, stmt: ast.For, env: Mapping[str, Value], function: ast.AST | None
) -> Fix:
    from exportlint.codemods.host_lists import every_index_loop

    return every_index_loop(ctx, stmt)


def _every_index_applies(ctx: FixContext, stmt: ast.For) -> bool:
    """Only loops over positions try it (its reason would lead every other loop's advice)."""
    from exportlint.codemods.host_lists import every_index_loop

    try:
        every_index_loop(ctx, stmt)
    except NotRewritable:
        return False
    return True


def _listed(event: events.Iteration) -> str:
    """`for t, h, w in grid_thw.tolist()`: a `for` loop over the rows of a tensor read into
    Python (EXL202 reports the `.tolist()`; this diagnostic carries the loop's rewrite)."""
    node = event.node
    if not (
        isinstance(event.stmt, ast.For)
        and event.stmt.iter is node
        and event.value.source == "tolist"
        and isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and not node.args
        and isinstance(node.func.value, ast.Name)
    ):
        return ""
    receiver = event.env.get(node.func.value.id)
    if receiver is None or receiver.kind is not Kind.TENSOR or receiver.is_container:
        return ""
    return "the rows of a tensor read into Python: the trip count and the values are data"


def _rows_static(value: Value) -> bool:
    """The first axis is known static (`dynamic_shapes` leaves it out, a layer or a
    reshape fixes it): the loop runs the same number of times for every input."""
    if value.static_first:
        return True
    dims = value.dims
    # (A data-shaped tensor with a static first axis: the transpose of a `nonzero` index
    # list, `mask.dim()` rows whatever the data.)
    return bool(dims) and dims is not None and dims[0].kind is Kind.STATIC


def _why(value: Value) -> str:
    if is_dynamic_tensor(value) and not _rows_static(value):
        return "iterating a tensor runs once per row"
    if value.source == "range":
        for part in value.parts:
            if part.kind is Kind.DIM:
                return "the trip count is a dynamic size"
            if part.kind in (Kind.DATA, Kind.TENSOR):
                return "the trip count is data-dependent"
        return ""
    if value.source == "tolist" and any(
        is_dynamic_tensor(p) and not _rows_static(p) for p in value.parts
    ):
        return "the rows of a tensor read into Python: the trip count and the values are data"
    if value.source == "unbind" and any(is_dynamic_tensor(p) for p in value.parts):
        return "`unbind` yields one tensor per row of a dynamic dimension"
    if value.source == "chunk":
        # `torch.chunk(t, n)` with n a size or data: n chunks (analysis: _chunk_count).
        for part in value.parts:
            if part.kind is Kind.DIM:
                return "the number of chunks is a dynamic size"
            if part.kind is Kind.DATA:
                return "the number of chunks is data-dependent"
    if value.source in _WRAPPERS:
        for part in value.parts:
            if _why(part):
                return _why(part)
    return ""
