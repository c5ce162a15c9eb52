from __future__ import annotations

from exportlint.analysis import events
from exportlint.checks.base import Rule, is_data_or_tensor, kind_phrase, source
from exportlint.diagnostics import Severity

_MATH_SAFE = frozenset({"math.pi", "math.e", "math.inf", "math.nan", "math.tau"})


class ItemToPython(Rule):
    code = "EXL201"
    name = "item-to-python"
    severity = Severity.ERROR
    summary = "int()/float()/range()/math.* on a tensor or on a value read out of one"

    VALID = (
        "a = x.item()\nreturn y[:a]",
        "a = x.item()\nreturn torch.zeros(a)",
        "n = int(self.num_heads)\nreturn x.view(n, -1)",
        "return x * math.sqrt(self.head_dim)",
    )
    INVALID = (
        "n = int(x.item())\nreturn y[:n]",
        "s = float(x.sum())\nreturn y * s",
        "return y * math.sqrt(x.max().item())",
        "idx = list(range(x.item()))\nreturn y[idx]",
    )

    def call(self, event: events.Call) -> None:
        name = event.qualname or ""
        if name in ("builtins.int", "builtins.float"):
            subjects = event.args[:1]
        elif name == "builtins.range":
            if event.is_loop_iterable:
                return  # a loop: EXL401 reports it
            subjects = event.args
        elif name.startswith("math.") and name not in _MATH_SAFE:
            subjects = event.args
        else:
            return
        for value in subjects:
            if is_data_or_tensor(value) and not value.is_container:
                self.report(
                    event.node,
                    f"`{source(event.node)}` turns {kind_phrase(value)} into a Python number; "
                    "torch.export cannot trace through it",
                    event.stmt,
                    help="keep the value a tensor or a SymInt: drop the cast and state its "
                    "range with torch._check(...) / torch._check_is_size(...)",
                )
                return
