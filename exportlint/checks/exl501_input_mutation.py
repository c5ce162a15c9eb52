from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.analysis.tensor_api import TENSOR_MEMBERS
from exportlint.checks.base import Rule, source
from exportlint.codemods import NotRewritable
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import FixContext, display_only

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
        return out_of_place(self.ctx, event.node, event.stmt, event.target_node, event.how)


def _used_after(ctx: FixContext, stmt: ast.stmt, name: str) -> bool:
    """Is `name` read after `stmt` in its function (or anywhere in an enclosing loop)?"""
    node: ast.AST | None = stmt
    loop: ast.AST | None = None
    while node is not None and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        if loop is None and isinstance(node, ast.For | ast.While | ast.AsyncFor):
            loop = node
        node = ctx.parent(node)
    if node is None:
        return True
    end = stmt.end_lineno or stmt.lineno
    for other in ast.walk(loop or node):
        is_read = isinstance(other, ast.Name) and isinstance(other.ctx, ast.Load)
        if is_read and other.id == name and (loop is not None or other.lineno > end):  # type: ignore[attr-defined]
            return True
    return False


def root_name(target: ast.expr) -> ast.Name | None:
    """`x` for `x` and `x.data` (what an in-place change through `.data` changes)."""
    if isinstance(target, ast.Attribute) and target.attr == "data":
        target = target.value
    return target if isinstance(target, ast.Name) else None


def out_of_place(ctx: FixContext, node: ast.AST, stmt: ast.stmt, target: ast.expr, how: str) -> Fix:
    """The in-place change `node` of the forward argument `target`, computed out of place
    (exportlint.codemods.mutation), or advice saying why not."""
    if how == "augassign" and isinstance(target, ast.Subscript):
        how, target = "setitem", target.value  # `x[i] += v`: an item assignment
    name = root_name(target)
    if name is not None and not _used_after(ctx, stmt, name.id):
        return display_only(
            f"`{name.id}` is not used afterwards: the change only reaches the caller. "
            "Return the new tensor instead of changing the argument"
        )
    if name is not None:
        try:
            rewritten = _rewrite(ctx, node, stmt, name.id, how)
        except NotRewritable:
            rewritten = None
        if rewritten is not None:
            return rewritten
    shown = source(name if name is not None else target, 30)
    if name is None:
        return display_only(
            f"Work on a copy of `{shown}` (`y = {shown}.clone()`) and use the copy afterwards"
        )
    return display_only(
        f"Work on a copy: `{shown} = {shown}.clone()` before the in-place change, and return "
        "the result"
    )


def _rewrite(ctx: FixContext, node: ast.AST, stmt: ast.stmt, name: str, how: str) -> Fix | None:
    from exportlint.codemods import mutation  # libcst: only when a fix is built

    if (
        how == "method"
        and isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(stmt, ast.Expr)
        and stmt.value is node
        and node.func.attr[:-1] in TENSOR_MEMBERS
        and node.func.attr[:-1] not in _NO_OUT_OF_PLACE
    ):
        return mutation.method(ctx, stmt, name, node.func.attr[:-1])
    if how == "augassign" and isinstance(node, ast.AugAssign) and type(node.op) in _OPERATORS:
        return mutation.augmented(ctx, node, name)
    if how == "setitem" and _on_own_lines(ctx, stmt):
        return mutation.into_copy(ctx, stmt, name)
    return None


def _on_own_lines(ctx: FixContext, stmt: ast.stmt) -> bool:
    """Nothing else on the statement's lines (no `if c: x[0] = 1`, no `a; x[0] = 1`)."""
    line = ctx.lines[stmt.lineno - 1]
    if line[: stmt.col_offset].strip():
        return False
    end_line = stmt.end_lineno or stmt.lineno
    rest = ctx.lines[end_line - 1][stmt.end_col_offset or 0 :].strip()
    return not rest or rest.startswith("#")
