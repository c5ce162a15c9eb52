from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.analysis.kinds import Kind, Value
from exportlint.checks.base import Rule, is_dynamic_tensor, source
from exportlint.checks.interests import Calls
from exportlint.codemods import NotRewritable
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import display_only


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
        "kp = x[x > 0]\nreturn kp.new_zeros(len(kp))",
    )
    FIXES = (
        ("n = len(x)\nreturn x.new_zeros(n)", "n = x.shape[0]\nreturn x.new_zeros(n)"),
        ("return x * len(y + 1)", "return x * (y + 1).shape[0]"),
        (
            "kp = x[x > 0]\nreturn kp.new_zeros(len(kp))",
            "kp = x[x > 0]\nreturn kp.new_zeros(kp.shape[0])",
        ),
    )

    calls = Calls(names=frozenset({"builtins.len"}))

    def call(self, event: events.Call) -> None:
        if event.qualname != "builtins.len" or not event.args or event.in_loop_range:
            return
        value = event.args[0]
        if not is_dynamic_tensor(value) or _first_axis_static(value):
            return
        subject = self.ctx.atom(event.node.args[0])
        if value.data_shape:
            # nonzero()/x[mask]: len() asks for a number the data decides; export fails.
            why = (
                "the size is data-dependent: torch.export fails on it "
                "(`.shape[0]` keeps it symbolic)"
            )
        else:
            why = "export specialises the first dimension to the traced size"
        # A value taken for a tensor only because nothing says otherwise (an unannotated
        # argument, or a slice of one: `x = x[::-1]`) may be a list, which has no `.shape`.
        condition = (
            f" (`{subject}` is taken for a tensor: nothing annotates it; a list would break)"
            if value.assumed
            else ""
        )
        self.report(
            event.node,
            f"`{source(event.node)}` on a tensor returns a Python int: {why}",
            event.stmt,
            help=f"use `{source(event.node.args[0], 40)}.shape[0]`",
            fix=self._fix(event.node, condition),
        )

    def _fix(self, node: ast.Call, condition: str) -> Fix:
        from exportlint.codemods import length  # libcst: only when a fix is built

        try:
            return length.first_dimension(self.ctx, node, node.args[0], condition)
        except NotRewritable as reason:
            return display_only(f"Use `.shape[0]` ({reason})")


def _first_axis_static(value: Value) -> bool:
    """`len()` reads axis 0 only: silent when that axis is known static (dynamic_shapes leaves
    it out, or a reshape spelled it with a static size) although other axes are dynamic."""
    if value.static_first:
        return True
    return bool(value.dims) and value.dims is not None and value.dims[0].kind is Kind.STATIC
