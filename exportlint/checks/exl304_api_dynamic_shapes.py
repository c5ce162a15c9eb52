"""EXL304: torch layers and functions that fail torch.export or fix a dynamic size.

Which ones is data (analysis/tables.py LAYER_FACTS / FUNCTION_FACTS), measured by
benchmarks/ops_probe on torch 2.13; the facts whose failure is only in ONNX are EXL404's.
"""

from __future__ import annotations

from exportlint.analysis import events
from exportlint.analysis.api_facts import met_fact
from exportlint.checks.api_fixes import FACT_CALLS, closed_form, may_meet_fact
from exportlint.checks.base import Rule, source
from exportlint.diagnostics import Severity


class ApiDynamicShapes(Rule):
    code = "EXL304"
    name = "api-dynamic-shapes"
    severity = Severity.ERROR
    summary = "a torch layer or function that fixes a dynamic size (nn.LSTM, ...) or fails export"

    VALID = (
        "return torch.nn.Linear(4, 4)(x) + torch.nn.functional.relu(y)",
        "h = torch.nn.LSTM(4, 4, batch_first=True)(torch.zeros(2, 3, 4))[0]\nreturn x + h.sum()",
        "return x * torch.tensor(x.shape).sum()",
    )
    INVALID = (
        "return torch.nn.LSTM(4, 4, batch_first=True)(x)[0]",
        "return torch.nn.GRU(4, 8)(x)[0]",
    )

    calls = FACT_CALLS

    def call(self, event: events.Call) -> None:
        if not may_meet_fact(event, self.ctx):
            return
        met = met_fact(event, self.ctx.tree, self.ctx.imports, onnx_only=False)
        if met is None:
            return
        best, others = closed_form(self.ctx, self.code, event.node, met)
        self.report(
            event.node,
            f"`{source(event.node, 40)}`: `{met.api}` {met.fact.happens}",
            event.stmt,
            help=met.fact.instead,
            fix=best,
            alternatives=others,
        )
