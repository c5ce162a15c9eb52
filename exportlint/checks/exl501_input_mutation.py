from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.checks.base import Rule, source
from exportlint.diagnostics import Applicability, Fix, Severity
from exportlint.fixes import display_only, fix

_OPERATORS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
    ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
}  # fmt: skip


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
    FIXES = (
        ("x.add_(y)\nreturn x", "x = x.add(y)\nreturn x"),
        ("x += 1\nreturn x", "x = x + 1\nreturn x"),
        ("x.clamp_(min=0, max=1)  # keep\nreturn x", "x = x.clamp(min=0, max=1)  # keep\nreturn x"),
    )

    def mutation(self, event: events.Mutation) -> None:
        self.report(
            event.node,
            f"`{source(event.node)}` mutates the forward argument "
            f"`{source(event.target_node, 30)}` in place; the ONNX model drops the mutation",
            event.stmt,
            help="compute out of place (`x = x.add(y)`, `x = x + y`) and return the result",
            fix=self._fix(event),
        )

    def _fix(self, event: events.Mutation) -> Fix:
        unsafe = "the caller's tensor is no longer changed: return the result if it is needed"
        node, stmt = event.node, event.stmt
        if (
            event.how == "method"
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and isinstance(stmt, ast.Expr)
            and stmt.value is node
        ):
            name = node.func.value.id
            method = node.func.attr[:-1]
            call = self.ctx.segment(node)
            receiver_end = len(self.ctx.segment(node.func))
            text = f"{name} = {name}.{method}{call[receiver_end:]}"
            return fix(
                f"Compute out of place: `{name} = {name}.{method}(...)` ({unsafe})",
                Applicability.UNSAFE,
                self.ctx.replace(node, text),
            )
        if (
            event.how == "augassign"
            and isinstance(node, ast.AugAssign)
            and isinstance(node.target, ast.Name)
            and type(node.op) in _OPERATORS
        ):
            name = node.target.id
            value = self.ctx.segment(node.value)
            if isinstance(node.value, ast.BinOp | ast.BoolOp | ast.Compare | ast.IfExp):
                value = f"({value})"
            text = f"{name} = {name} {_OPERATORS[type(node.op)]} {value}"
            return fix(
                f"Compute out of place: `{text}` ({unsafe})",
                Applicability.UNSAFE,
                self.ctx.replace(node, text),
            )
        target = source(event.target_node, 30)
        return display_only(
            f"Work on a copy: `{target} = {target}.clone()` before the in-place change, and "
            "return the result"
        )
