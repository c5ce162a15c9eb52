from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.analysis.conditions import read_only_in_training
from exportlint.checks.base import Rule, source
from exportlint.checks.interests import Calls
from exportlint.diagnostics import Severity
from exportlint.fixes import display_only

_ROOTS = ("random.", "numpy.random.", "time.", "uuid.", "secrets.", "os.urandom")


class HostNondeterminism(Rule):
    code = "EXL502"
    name = "host-nondeterminism"
    severity = Severity.WARNING
    summary = (
        "`random`, `numpy.random`, `time`, `id()`, `uuid` in traced code are baked as constants"
    )

    VALID = (
        "return x * torch.rand_like(x)",
        "return F.dropout(x, 0.1, self.training)",
        "time_steps = x.shape[1]\nreturn x * 2",
    )
    INVALID = (
        "return x * random.random()",
        "return x + np.random.rand()",
        "return x * (time.time() % 1)",
    )

    calls = Calls(names=frozenset({"builtins.id"}), prefixes=_ROOTS)

    def call(self, event: events.Call) -> None:
        name = event.qualname or ""
        if name == "builtins.id" or name.startswith(_ROOTS):
            if _drawn_for_training(event):
                return
            self.report(
                event.node,
                f"`{source(event.node)}` runs once, at trace time: its result is baked into the "
                "exported graph as a constant",
                event.stmt,
                help="use torch random ops (torch.rand, torch.randn_like) or pass the value "
                "as an input",
                fix=display_only(
                    "Draw randomness with torch ops (torch.rand, torch.randn_like: they stay "
                    "random in the exported graph), or pass the value in as an input"
                ),
            )


def _drawn_for_training(event: events.Call) -> bool:
    """`p = random.uniform(0, 1)` read only as `if self.training and p < self.layerdrop`
    (layerdrop): the exported (eval) graph never depends on the draw."""
    stmt = event.stmt
    if not (
        isinstance(stmt, ast.Assign)
        and stmt.value is event.node
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and event.function is not None
    ):
        return False
    return read_only_in_training(event.function, stmt.targets[0].id)
