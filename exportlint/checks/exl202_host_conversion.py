from __future__ import annotations

import ast
from typing import Any

from exportlint.analysis import events
from exportlint.analysis.kinds import Kind
from exportlint.checks.base import Rule, source
from exportlint.checks.exl501_input_mutation import out_of_place
from exportlint.codemods import NotRewritable
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import display_only

_REDUCTIONS = frozenset(
    {"max", "min", "sum", "mean", "prod", "argmax", "argmin", "norm", "std", "var", "all", "any"}
)


def _is_full_reduction(node: ast.Call) -> bool:
    """`x.max().tolist()`: the receiver is a reduction over every element (a 0-d tensor)."""
    receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
    return (
        isinstance(receiver, ast.Call)
        and isinstance(receiver.func, ast.Attribute)
        and receiver.func.attr in _REDUCTIONS
        and not receiver.args
        and not receiver.keywords
    )


def _is_assigned(parent: ast.AST | None, node: ast.AST) -> bool:
    """`y.data += 1` / `y.data = t`: `.detach()` is no assignment target."""
    if isinstance(parent, ast.AugAssign | ast.AnnAssign):
        return parent.target is node
    if isinstance(parent, ast.Assign):
        return any(target is node for target in parent.targets)
    return False


class HostConversion(Rule):
    code = "EXL202"
    name = "host-conversion"
    severity = Severity.ERROR
    summary = "`.tolist()`, `.numpy()`, `.data` or numpy calls on a tensor inside traced code"

    VALID = (
        "return x.detach() * 2",
        "w = self.weight.detach().clone()\nreturn x @ w",
        "return torch.from_numpy(self.table) + x",
        "return x / x.abs().max().tolist()",
    )
    INVALID = (
        "lengths = x.tolist()\nreturn y",
        "a = x.cpu().numpy()\nreturn y",
        "return x.data * 2",
        "return torch.tensor(np.asarray(x)) + 1",
    )
    FIXES = (("return x.data * 2", "return x.detach() * 2"),)

    def call(self, event: events.Call) -> None:
        if self._numpy_trip(event):
            return
        receiver = event.receiver
        if event.method in ("tolist", "numpy") and receiver is not None:
            if event.method == "tolist" and _is_full_reduction(event.node):
                return  # `t.max().tolist()` is a scalar, like `.item()`: export handles it
            if receiver.kind is Kind.TENSOR:
                self.report(
                    event.node,
                    f"`{source(event.node)}` copies a tensor to Python/numpy; torch.export "
                    "cannot trace it",
                    event.stmt,
                    help="keep the computation in torch ops",
                )
            return
        name = event.qualname or ""
        is_numpy = name.startswith("numpy.") and not name.startswith("numpy.random.")
        if is_numpy and any(v.kind is Kind.TENSOR for v in event.args):
            self.report(
                event.node,
                f"`{source(event.node)}` passes a tensor to numpy; torch.export cannot trace it",
                event.stmt,
                help="use the torch equivalent of the numpy function",
            )

    def attribute(self, event: events.Attribute) -> None:
        if event.node.attr == "data":
            self.report(
                event.node,
                f"`{source(event.node)}` bypasses autograd tracking; export fails (strict=False) "
                "or is silently wrong (strict=True)",
                event.stmt,
                help="use `.detach()` to read; compute out of place to write",
                fix=self._data_fix(event),
            )

    def _data_fix(self, event: events.Attribute) -> Fix:
        node, stmt = event.node, event.stmt
        parent = self.ctx.parent(node)
        grandparent = self.ctx.parent(parent) if parent is not None else None
        if event.base.input_alias and not event.base.optional:
            # A write through `.data` to a forward argument: `.detach()` would keep the write
            # (lost in ONNX); the fix is the out-of-place form EXL501 offers for the same line.
            if (
                isinstance(parent, ast.Subscript)
                and parent.value is node
                and (_is_assigned(grandparent, parent))
            ):
                how = "augassign" if isinstance(grandparent, ast.AugAssign) else "setitem"
                return out_of_place(self.ctx, parent, stmt, node if how == "setitem" else parent,
                                    how)  # fmt: skip
            if (
                isinstance(parent, ast.Attribute)
                and parent.attr.endswith("_")
                and isinstance(grandparent, ast.Call)
                and grandparent.func is parent
            ):
                return out_of_place(self.ctx, grandparent, stmt, node, "method")
            if isinstance(parent, ast.AugAssign) and parent.target is node:
                return out_of_place(self.ctx, parent, stmt, node, "augassign")
        if _is_assigned(parent, node) or (
            isinstance(parent, ast.Subscript | ast.Attribute)
            and (_is_assigned(grandparent, parent))
        ):
            return display_only(
                "Update the tensor under `with torch.no_grad():` instead of through `.data`"
            )
        from exportlint.codemods import host  # libcst: only when a fix is built

        try:
            return host.detach(self.ctx, node)
        except NotRewritable as reason:
            return display_only(f"Read the tensor with `.detach()` ({reason})")

    def _numpy_trip(self, event: events.Call) -> bool:
        """`.numpy()` of a tensor and numpy calls on tensors, reported with the numpy code
        around them computed with torch ops as the fix (`.numpy()` dropped, `np.*` ->
        `torch.*`, `torch.from_numpy` -> `torch.as_tensor`). True when reported."""
        receiver = event.receiver
        if event.method == "numpy" and receiver is not None and receiver.kind is Kind.TENSOR:
            message = (
                f"`{source(event.node)}` copies a tensor to Python/numpy; torch.export cannot "
                "trace it"
            )
            help = "keep the computation in torch ops"
        else:
            name = event.qualname or ""
            is_numpy = name.startswith("numpy.") and not name.startswith("numpy.random.")
            if not (is_numpy and any(v.kind is Kind.TENSOR for v in event.args)):
                return False
            message = (
                f"`{source(event.node)}` passes a tensor to numpy; torch.export cannot trace it"
            )
            help = "use the torch equivalent of the numpy function"
        self.report(event.node, message, event.stmt, help=help, **self._in_torch(event.node))
        return True

    def _in_torch(self, node: ast.Call) -> dict[str, Any]:
        from exportlint.codemods import numpy_torch  # libcst: only when a fix is built

        try:
            return {"fix": numpy_torch.translate(self.ctx, node)}
        except NotRewritable as reason:
            return {"fix": display_only(f"Compute it with torch ops ({reason})")}
