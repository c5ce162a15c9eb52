from __future__ import annotations

from exportlint.analysis import events
from exportlint.checks.base import Rule, is_dynamic_tensor, source
from exportlint.diagnostics import Applicability, Severity
from exportlint.fixes import fix


class LenOfTensor(Rule):
    code = "EXL303"
    name = "len-of-tensor"
    severity = Severity.WARNING
    summary = "`len()` of a tensor specialises its first dimension"

    VALID = (
        "return x[: len(self.layers)]",
        "if len(x.shape) == 3:\n    x = x.flatten(1)\nreturn x",
        "return x.new_zeros(x.shape[0])",
    )
    INVALID = (
        "n = len(x)\nreturn x.new_zeros(n)",
        "return x * len(y)",
    )
    FIXES = (
        ("n = len(x)\nreturn x.new_zeros(n)", "n = x.shape[0]\nreturn x.new_zeros(n)"),
        ("return x * len(y + 1)", "return x * (y + 1).shape[0]"),
    )

    def call(self, event: events.Call) -> None:
        if event.qualname != "builtins.len" or not event.args or event.in_loop_range:
            return
        if is_dynamic_tensor(event.args[0]):
            subject = self.ctx.atom(event.node.args[0])
            self.report(
                event.node,
                f"`{source(event.node)}` on a tensor returns a Python int: export specialises "
                "the first dimension to the traced size",
                event.stmt,
                help=f"use `{source(event.node.args[0], 40)}.shape[0]`",
                fix=fix(
                    f"Replace with `{subject}.shape[0]`"
                    + (
                        f" (`{subject}` is taken for a tensor: nothing annotates it; a list "
                        "argument would break)"
                        if event.args[0].assumed
                        else ""
                    ),
                    Applicability.UNSAFE if event.args[0].assumed else Applicability.SAFE,
                    self.ctx.replace(event.node, f"{subject}.shape[0]"),
                ),
            )
