from __future__ import annotations

import ast
from collections.abc import Mapping

from exportlint.analysis import events
from exportlint.analysis.kinds import Kind, Value
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
        from exportlint.codemods.loops import rewrite_collect_loop, rewrite_repeat_comprehension
        from exportlint.codemods.scan_loops import rewrite_scan_loop

        stmt = event.stmt
        if isinstance(stmt, ast.For) and stmt.iter is event.node:
            found: list[Fix] = []
            reasons: list[str] = []
            rewrites = (rewrite_collect_loop, rewrite_scan_loop, _mask_rewrite, _regulator)
            for rewrite in rewrites:
                try:
                    found.append(rewrite(self.ctx, stmt, event.env, event.function))
                except NotRewritable as why:
                    reasons.append(str(why))
                except Exception as error:  # a codemod bug costs one candidate
                    reasons.append(failed_rewrite(error))
            if found:
                return found
            # Why simple_loop_for, then why scan, does not fit.
            reason = "; ".join(dict.fromkeys(reasons))
            return [display_only(f"{_ADVICE} (not rewritten automatically: {reason})")]
        try:
            return [rewrite_repeat_comprehension(self.ctx, event.node)]
        except NotRewritable:
            return [display_only(_ADVICE)]


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


def _why(value: Value) -> str:
    if is_dynamic_tensor(value):
        return "iterating a tensor runs once per row"
    if value.source == "range":
        for part in value.parts:
            if part.kind is Kind.DIM:
                return "the trip count is a dynamic size"
            if part.kind in (Kind.DATA, Kind.TENSOR):
                return "the trip count is data-dependent"
        return ""
    if value.source == "unbind" and any(is_dynamic_tensor(p) for p in value.parts):
        return "`unbind` yields one tensor per row of a dynamic dimension"
    if value.source in _WRAPPERS:
        for part in value.parts:
            if _why(part):
                return _why(part)
    return ""
