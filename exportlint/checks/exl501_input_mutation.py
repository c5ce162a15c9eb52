from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.analysis.tensor_api import TENSOR_MEMBERS
from exportlint.checks.base import Rule, source
from exportlint.diagnostics import Applicability, Fix, Severity
from exportlint.fixes import display_only, fix

# In-place methods whose name without `_` is not an out-of-place twin with the same meaning.
_NO_OUT_OF_PLACE = frozenset(
    {
        "requires_grad", "share_memory", "set", "resize", "resize_as", "uniform", "normal",
        "random", "exponential", "geometric", "cauchy", "log_normal", "zero", "fill",
        "copy", "detach", "retain_grad", "record_stream", "apply", "map", "map2",
    }
)  # fmt: skip

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
        unsafe = (
            "the caller's tensor is no longer changed, and out-of-place ops may promote the "
            "dtype or broadcast where the in-place one kept them"
        )
        node, stmt = event.node, event.stmt
        target = event.target_node
        if isinstance(target, ast.Name) and not self._used_after(stmt, target.id):
            return display_only(
                f"`{target.id}` is not used afterwards: the change only reaches the caller. "
                "Return the new tensor instead of changing the argument"
            )
        if (
            event.how == "method"
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and isinstance(stmt, ast.Expr)
            and stmt.value is node
            and node.func.attr[:-1] in TENSOR_MEMBERS
            and node.func.attr[:-1] not in _NO_OUT_OF_PLACE
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
        target_text = source(event.target_node, 30)
        return display_only(
            f"Work on a copy: `{target_text} = {target_text}.clone()` before the in-place "
            "change, and return the result"
        )

    def _used_after(self, stmt: ast.stmt, name: str) -> bool:
        """Is `name` read after `stmt` in its function (or anywhere in an enclosing loop)?"""
        node: ast.AST | None = stmt
        loop: ast.AST | None = None
        while node is not None and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if loop is None and isinstance(node, ast.For | ast.While | ast.AsyncFor):
                loop = node
            node = self.ctx.parent(node)
        if node is None:
            return True
        end = stmt.end_lineno or stmt.lineno
        for other in ast.walk(loop or node):
            is_read = isinstance(other, ast.Name) and isinstance(other.ctx, ast.Load)
            if is_read and other.id == name and (loop is not None or other.lineno > end):  # type: ignore[attr-defined]
                return True
        return False
