"""EXL404: ATen operators that torch.export keeps but torch.onnx cannot translate."""

from __future__ import annotations

from exportlint.analysis import events
from exportlint.analysis.kinds import Kind
from exportlint.checks.base import Rule, source
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


class NoOnnxTranslation(Rule):
    code = "EXL404"
    name = "no-onnx-translation"
    severity = Severity.WARNING
    summary = "an ATen operator that exports but has no ONNX translation (cummax, median, ...)"

    VALID = (
        "return torch.cumsum(x, dim=1)",
        "return torch.sort(x, dim=1).values + torch.topk(y, 2).values.sum()",
        "h = self.layers[0](x)\nreturn h.cumsum(1) * self.num_layers",
    )
    INVALID = (
        "return torch.cummax(x, dim=1).values",
        "return x.median(dim=-1).values",
        "return torch.searchsorted(self.running, x)",
    )

    def call(self, event: events.Call) -> None:
        name = event.qualname or ""
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
        self.report(
            event.node,
            f"`{source(event.node, 40)}`: torch.export keeps `aten.{op}`, but torch.onnx has "
            "no translation for it (DispatchError: No ONNX function found)",
            event.stmt,
            help=f"write it with translated operators: {advice}",
            fix=display_only(f"Write it with operators torch.onnx translates: {advice}"),
        )
