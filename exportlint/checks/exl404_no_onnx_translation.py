"""EXL404: ATen operators that torch.export keeps but torch.onnx cannot translate."""

from __future__ import annotations

import ast
from functools import partial

from exportlint.analysis import events
from exportlint.analysis.api_facts import met_fact
from exportlint.analysis.kinds import Kind, Value
from exportlint.candidates import Candidate, build_candidates
from exportlint.checks.api_fixes import FACT_CALLS, closed_form, may_meet_fact
from exportlint.checks.base import Rule, candidates, source
from exportlint.checks.distributions import erfinv_icdf
from exportlint.checks.interests import Calls
from exportlint.diagnostics import Severity
from exportlint.fixes import display_only

# Measured on torch 2.13 + onnxscript 0.7.2 (torch.onnx.export(ep, dynamo=True)): each fails
# with "No ONNX function found for <OpOverload(op='aten.<name>' ...)>" (cumprod: 'prims.prod').
# cumsum, logcumsumexp, sort, argsort, topk, msort, bucketize, quantile and diff translate.
_NO_TRANSLATION = {
    "cummax": "use a loop-free formulation, e.g. `torch.cumsum` of one-hot positions, or a `scan`",
    "cummin": "use a loop-free formulation, e.g. `torch.cumsum` of one-hot positions, or a `scan`",
    "cumprod": "`torch.exp(torch.cumsum(torch.log(x), dim))` for positive x, or a `scan`",
    "kthvalue": "`torch.topk(x, k, dim, largest=False).values[..., -1]` (or `torch.sort`)",
    "median": "`torch.sort(x, dim).values` indexed at `(n - 1) // 2`",
    "nanmedian": "`torch.sort` after replacing NaN, indexed at the middle",
    "mode": "count with `one_hot(...).sum()` and take `argmax`",
    "searchsorted": "`torch.bucketize(values, boundaries)` (1-D boundaries) or "
    "`(values.unsqueeze(-1) > sorted).sum(-1)`",
}


def _integer_mod_size(left: Value, right: Value) -> bool:
    """`t % x.shape[-1]` / `n % t` with t an integer tensor and n a dynamic size (measured on
    2.13: torch.onnx fails on both; a float tensor, a constant or `torch.fmod` convert)."""
    return _size_is_divisor(left, right) or _size_is_divisor(right, left)


def _size_is_divisor(t: Value, n: Value) -> bool:
    return t.kind is Kind.TENSOR and t.integral and n.kind is Kind.DIM and not n.is_container


def _integer_times_float_size(node: ast.BinOp, left: Value, right: Value) -> bool:
    """`torch.arange(n) * (1.0 / n)`, `(n / 2) * idx`, `torch.arange(n) - n * 0.5`: an integer
    tensor multiplied by (or minus) a float computed from a dynamic size. Measured on 2.13:
    export keeps it as `aten.mul.Scalar` / `aten.sub.Scalar` with a symbolic float, which
    torch.onnx cannot convert; `+`, `/`, an int size and a float tensor all convert."""
    pairs: tuple[tuple[Value, Value], ...]
    if isinstance(node.op, ast.Mult):
        pairs = ((left, right), (right, left))
    elif isinstance(node.op, ast.Sub):
        pairs = ((left, right),)
    else:
        return False
    return any(
        t.kind is Kind.TENSOR
        and t.integral
        and not t.is_container
        and f.kind is Kind.DIM
        and f.is_float
        and not f.is_container
        for t, f in pairs
    )


class NoOnnxTranslation(Rule):
    code = "EXL404"
    name = "no-onnx-translation"
    severity = Severity.WARNING
    summary = "an ATen operator that exports but has no ONNX translation (cummax, median, ...)"

    VALID = (
        "return torch.cumsum(x, dim=1)",
        "return torch.sort(x, dim=1).values + torch.topk(y, 2).values.sum()",
        "h = self.layers[0](x)\nreturn h.cumsum(1) * self.num_layers",
        "return x % x.shape[-1] + x.argmax(-1) % 4",
        "n = x.shape[1]\nreturn x + torch.arange(n, dtype=torch.float32) * (1.0 / n)",
        "n = x.shape[1]\nreturn x + torch.arange(n).float() * (1.0 / n) + torch.arange(n) / n",
    )
    INVALID = (
        "return torch.cummax(x, dim=1).values",
        "return x.median(dim=-1).values",
        "return torch.searchsorted(self.running, x)",
        "i = x.argmax(-1)\nreturn i % x.shape[-1]",
        "n = x.shape[1]\nreturn x + torch.arange(n) * (1.0 / n)",
        "n = x.shape[1]\nreturn x + (torch.arange(n) - n * 0.5)",
    )

    def arithmetic(self, event: events.Arithmetic) -> None:
        if isinstance(event.node.op, ast.Mod) and _integer_mod_size(event.left, event.right):
            self._report_mod(event.node, event.stmt, _size_is_divisor(event.left, event.right))
        elif _integer_times_float_size(event.node, event.left, event.right):
            node = event.node
            self.report(
                node,
                f"`{source(node, 40)}`: an integer tensor combined with a float computed from "
                "a dynamic size exports as an `aten` Scalar op with a symbolic float, which "
                "torch.onnx cannot convert (ConversionError, measured on torch 2.13)",
                event.stmt,
                help="make the tensor float first (`torch.arange(n, dtype=torch.float32)`, "
                "`.float()`), or divide by the size (`torch.arange(n) / n` converts)",
                fix=display_only(
                    "Make the integer tensor float before the arithmetic (`.float()` or "
                    "`dtype=torch.float32`); the values are the same"
                ),
            )

    def _report_mod(self, node: ast.expr, stmt: ast.stmt, size_is_divisor: bool) -> None:
        # The codemods (and libcst) are imported only when a fix is built.
        from exportlint.codemods.onnx_decompositions import (
            rewrite_floor_remainder,
            rewrite_size_remainder,
        )

        advice = display_only(
            "Write the remainder as `t - (t // n) * n` (exact for integers; torch.onnx "
            "converts it), or `torch.fmod(t, n)` when t is never negative"
        )
        kept, _ = build_candidates(
            self.ctx,
            [
                # First: it keeps a size read from data symbolic, where the 0-d tensor
                # of the size pins it. Only for `t % n` with plain operands.
                *(
                    [
                        Candidate(
                            "Write the floor remainder out",
                            partial(rewrite_floor_remainder, self.ctx, node),
                        )
                    ]
                    if size_is_divisor
                    else []
                ),
                Candidate(
                    "Divide by a 0-d tensor",
                    partial(rewrite_size_remainder, self.ctx, node, size_is_divisor),
                ),
            ],
            self.code,
            node,
        )
        best, others = candidates([*kept, advice])
        self.report(
            node,
            f"`{source(node, 40)}`: the remainder of an integer tensor and a dynamic size "
            "exports, but torch.onnx cannot convert `aten.remainder.Scalar` with a symbolic "
            "size (ConversionError)",
            stmt,
            help="divide by a 0-d tensor: `torch.remainder(t, torch.tensor(n))`, or write "
            "`t - (t // n) * n` (Python's floor remainder, exact for integers)",
            fix=best,
            alternatives=others,
        )

    # A distribution's `icdf`, `remainder`, the measured facts, the untranslated operators.
    calls = FACT_CALLS | Calls(
        names=frozenset({"torch.remainder", *(f"torch.{op}" for op in _NO_TRANSLATION)}),
        methods=frozenset({"icdf", "remainder", *_NO_TRANSLATION}),
    )

    def call(self, event: events.Call) -> None:
        hidden = erfinv_icdf(event, self.ctx.imports, self.ctx.tree)
        if hidden is not None:
            self.report(
                event.node,
                f"`{source(event.node, 40)}`: {hidden}.icdf computes `torch.erfinv`, which "
                "exports but torch.onnx cannot convert (ConversionError: no ONNX function for "
                "prims.erf_inv, measured on torch 2.13)",
                event.stmt,
                help="precompute the quantiles outside the model, or use an approximation with "
                "elementary ops (e.g. Acklam's rational approximation of the normal quantile)",
                fix=display_only(
                    "Replace icdf with an elementary approximation, or compute it outside the "
                    "exported model"
                ),
            )
            return
        name = event.qualname or ""
        if name == "torch.remainder" and len(event.args) == 2:
            if _integer_mod_size(event.args[0], event.args[1]):
                self._report_mod(
                    event.node, event.stmt, _size_is_divisor(event.args[0], event.args[1])
                )
            return
        if (
            event.method == "remainder"
            and event.receiver is not None
            and len(event.args) == 1
            and _integer_mod_size(event.receiver, event.args[0])
        ):
            self._report_mod(
                event.node, event.stmt, _size_is_divisor(event.receiver, event.args[0])
            )
            return
        met = (
            met_fact(event, self.ctx.tree, self.ctx.imports, onnx_only=True)
            if may_meet_fact(event, self.ctx)
            else None
        )
        if met is not None:
            # Measured layers and functions (analysis/tables.py, benchmarks/ops_probe).
            best, others = closed_form(self.ctx, self.code, event.node, met)
            self.report(
                event.node,
                f"`{source(event.node, 40)}`: `{met.api}` {met.fact.happens}",
                event.stmt,
                help=met.fact.instead,
                fix=best,
                alternatives=others,
            )
            return
        if name.startswith("torch."):
            op = name[len("torch.") :]
        elif event.method is not None and event.receiver is not None:
            if event.receiver.kind is not Kind.TENSOR:
                return
            op = event.method
        else:
            return
        advice = _NO_TRANSLATION.get(op)
        if advice is None:
            return
        # The codemods (and libcst) are imported only when a fix is built.
        from exportlint.codemods.onnx_decompositions import rewrite_untranslated

        kept, _ = build_candidates(
            self.ctx,
            [
                Candidate(
                    "Write it with operators torch.onnx translates",
                    partial(rewrite_untranslated, self.ctx, event.node, op),
                )
            ],
            self.code,
            event.node,
        )
        best, others = candidates(
            [*kept, display_only(f"Write it with operators torch.onnx translates: {advice}")]
        )
        self.report(
            event.node,
            f"`{source(event.node, 40)}`: torch.export keeps `aten.{op}`, but torch.onnx has "
            "no translation for it (DispatchError: No ONNX function found)",
            event.stmt,
            help=f"write it with translated operators: {advice}",
            fix=best,
            alternatives=others,
        )
