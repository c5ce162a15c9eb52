from __future__ import annotations

from exportlint.analysis import events
from exportlint.checks.base import Rule, is_dim, kind_phrase, source
from exportlint.diagnostics import Severity

# Measured on torch 2.13: sqrt/log fail export ("Constraints violated"), exp guards on the
# traced value, round() exports but has no ONNX translation. floor/ceil/trunc/pow are fine.
_FAILING_MATH = frozenset(
    {"math.sqrt", "math.log", "math.log2", "math.log10", "math.log1p", "math.exp", "math.expm1"}
)


class ShapeMath(Rule):
    code = "EXL302"
    name = "shape-math"
    severity = Severity.ERROR
    summary = "round() or math.sqrt/log/exp on a dynamic size"

    VALID = (
        "n = x.shape[0]\nreturn x[: math.ceil(n / 2)]",
        "n = x.shape[-1]\nreturn x * n ** -0.5",
        "return x * math.sqrt(self.head_dim)",
        "n = x.shape[0]\nreturn x[: (n + 1) // 2]",
        "d_k = x.size(-1)\nreturn x / math.sqrt(d_k)",
    )
    INVALID = (
        "return x[: round(x.shape[0] / 2)]",
        "d = x.size(1)\nreturn x / math.sqrt(d)",
        "n = x.shape[0]\nreturn x * math.log(n)",
    )

    def call(self, event: events.Call) -> None:
        name = event.qualname or ""
        if name != "builtins.round" and name not in _FAILING_MATH:
            return
        value = event.args[0] if event.args else None
        if value is None or not is_dim(value):
            return
        if value.last_axis and name != "builtins.round":
            # `1 / math.sqrt(q.size(-1))`: the attention-scaling idiom on the feature axis,
            # which is static whenever only batch and sequence are dynamic.
            return
        if name == "builtins.round":
            why = "exports, but `round` on a size has no ONNX translation"
            # `(n + 1) // 2` rounds halves up; round() rounds them to even (5 / 2 -> 2).
            fix = (
                "integer arithmetic: `(n + (n // 2) % 2) // 2` equals round(n / 2); "
                "`(n + 1) // 2` if halves may round up"
            )
        else:
            why = "makes torch.export specialise the size (Constraints violated)"
            fix = "`n ** 0.5` / `n ** -0.5`, or tensor math: torch.tensor(n).sqrt()"
        self.report(
            event.node,
            f"`{source(event.node)}` on {kind_phrase(value)} {why}",
            event.stmt,
            help=fix,
        )
