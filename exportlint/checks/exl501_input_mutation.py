from __future__ import annotations

from exportlint.analysis import events
from exportlint.checks.base import Rule, source
from exportlint.diagnostics import Severity


class InputMutation(Rule):
    code = "EXL501"
    name = "input-mutation"
    severity = Severity.WARNING
    summary = "in-place change of a forward argument: the ONNX model loses it"

    VALID = (
        "x = x + 1\nx += 1\nreturn x",
        "y = x.clone()\ny.add_(1)\nreturn y",
        "self.running.add_(x.mean())\nreturn x",
        "out = torch.zeros_like(x)\nout[:, 0] = 1\nreturn out",
    )
    INVALID = (
        "x.add_(y)\nreturn x",
        "x[:, 0] = 0\nreturn x",
        "x += 1\nreturn x",
        "x.view(-1).mul_(2)\nreturn x",
    )

    def mutation(self, event: events.Mutation) -> None:
        self.report(
            event.node,
            f"`{source(event.node)}` mutates the forward argument "
            f"`{source(event.target_node, 30)}` in place; the ONNX model drops the mutation",
            event.stmt,
            help="compute out of place (`x = x.add(y)`, `x = x + y`) and return the result",
        )
