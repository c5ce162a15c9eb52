from __future__ import annotations

import ast
import contextlib
from typing import Any

from exportlint.analysis import events
from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Kind
from exportlint.checks.base import Rule, candidates, source
from exportlint.checks.exl501_input_mutation import out_of_place
from exportlint.checks.interests import Calls
from exportlint.codemods import NotRewritable
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import FixContext, display_only

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


_DISPLAYS = (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Starred)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _only_returned(ctx: FixContext, node: ast.expr, depth: int = 0) -> bool:
    """The value of `node` is only returned: `return y, t.tolist()`, or put in a name (or a
    container in a name) that the function only returns."""
    child, parent = node, ctx.parent(node)
    if depth and _split_sizes(child, parent):
        return True  # unbacked sizes of a static count: `split` accepts them (measured)
    if _iterated(ctx, child, parent):
        # A static count of unbacked ints, iterated (slice bounds, counts): exports
        # (measured); an element read as a Python value (`if n == 0`) is reported where it
        # is read (EXL101), not here.
        return True
    while isinstance(parent, _DISPLAYS):
        child, parent = parent, ctx.parent(parent)
    if isinstance(parent, ast.Return):
        return True
    if not (
        depth < 2
        and isinstance(parent, ast.Assign)
        and parent.value is child
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
    ):
        return False
    name = parent.targets[0].id
    function = ctx.parent(parent)
    while function is not None and not isinstance(function, _FUNCTIONS):
        function = ctx.parent(function)
    if function is None:
        return False
    # Only what follows the assignment (`e = e.tolist()` reads the tensor before it).
    after = (parent.end_lineno or parent.lineno, parent.end_col_offset or 0)
    uses = [
        n
        for n in ast.walk(function)
        if isinstance(n, ast.Name) and n.id == name and (n.lineno, n.col_offset) >= after
    ]
    loads = [n for n in uses if isinstance(n.ctx, ast.Load)]
    stores = [n for n in uses if not isinstance(n.ctx, ast.Load)]
    return (
        not stores
        and not _in_loop(ctx, parent, function)
        and bool(loads)
        and all(_only_returned(ctx, n, depth + 1) for n in loads)
    )


def _iterated(ctx: FixContext, child: ast.expr, parent: ast.AST | None) -> bool:
    """`for n in sizes` / `for i, n in enumerate(sizes)`: `child` is what a `for` iterates."""
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name):
        if parent.func.id != "enumerate" or not parent.args or parent.args[0] is not child:
            return False
        child, parent = parent, ctx.parent(parent)
    return isinstance(parent, ast.For) and parent.iter is child


def _split_sizes(child: ast.expr, parent: ast.AST | None) -> bool:
    """`torch.split(x, sizes)` / `x.split(sizes, dim)` / `split_size_or_sections=sizes`."""
    if not isinstance(parent, ast.Call) or not isinstance(parent.func, ast.Attribute | ast.Name):
        return False
    func = parent.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id
    if name not in ("split", "split_with_sizes"):
        return False
    is_method = isinstance(func, ast.Attribute) and dotted(func.value) != "torch"
    position = 0 if is_method else 1
    return (len(parent.args) > position and parent.args[position] is child) or any(
        kw.value is child and kw.arg in ("split_size_or_sections", "split_sizes", "split_size")
        for kw in parent.keywords
    )


def _in_loop(ctx: FixContext, node: ast.AST, function: ast.AST) -> bool:
    current = ctx.parent(node)
    while current is not None and current is not function:
        if isinstance(current, ast.For | ast.While | ast.AsyncFor):
            return True
        current = ctx.parent(current)
    return False


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

    calls = Calls(methods=frozenset({"tolist", "numpy"}), prefixes=("numpy.",))

    def call(self, event: events.Call) -> None:
        if self._numpy_trip(event):
            return
        receiver = event.receiver
        if event.method in ("tolist", "numpy") and receiver is not None:
            if event.method == "tolist" and _is_full_reduction(event.node):
                return  # `t.max().tolist()` is a scalar, like `.item()`: export handles it
            if (
                event.method == "tolist"
                and receiver.kind is Kind.TENSOR
                and not receiver.dynamic
                and _only_returned(self.ctx, event.node)
            ):
                return  # a list of static length, only handed back to the caller: exports
            if receiver.kind is Kind.TENSOR:
                self.report(
                    event.node,
                    f"`{source(event.node)}` copies a tensor to Python/numpy; torch.export "
                    "cannot trace it",
                    event.stmt,
                    help="keep the computation in torch ops",
                    **self._tolist_fixes(event),
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

    def _tolist_fixes(self, event: events.Call) -> dict[str, Any]:
        """`torch.split(x, sizes.tolist())` and a loop over the chunks: the loops family's
        rewrites, as `fix` and `alternatives` (no fix otherwise, as before)."""
        if event.method != "tolist":
            return {}
        from exportlint.codemods import failed_rewrite, host_lists
        from exportlint.codemods.split_loops import rewrite_split_tolist  # libcst: lazily

        try:
            # `x[t.tolist()]`: index with the tensor itself.
            return {"fix": host_lists.index_with_tensor(self.ctx, event.node, event.stmt)}
        except NotRewritable:
            pass
        try:
            # `for e in torch.nonzero(hits, as_tuple=True)[0].tolist()`: every position.
            return {"fix": host_lists.loop_over_every_index(self.ctx, event.node, event.stmt)}
        except NotRewritable:
            pass
        try:
            # `lengths = lengths.tolist()` only measured (len/max/x.new): keep the tensor
            # (guards4 hook: see codemods/tensor_lists.py).
            from exportlint.codemods.tensor_lists import keep_the_tensor

            return {"fix": keep_the_tensor(self.ctx, event.node, event.stmt)}
        except NotRewritable:
            pass
        found: list[Fix] = []
        for checked in (True, False):
            try:
                found.append(rewrite_split_tolist(self.ctx, event.node, event.stmt, checked))
            except NotRewritable:
                return {}
            except Exception as error:  # a codemod bug costs a fix, not the lint
                return {"fix": display_only(f"Keep the sizes a tensor ({failed_rewrite(error)})")}
        best, others = candidates(found)
        return {"fix": best, "alternatives": others}

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
        self.report(
            event.node, message, event.stmt, help=help, **self._in_torch(event.node, event.stmt)
        )
        return True

    def _in_torch(self, node: ast.Call, stmt: ast.stmt) -> dict[str, Any]:
        """An array only iterated or indexed: a list (`.tolist()`), without and with the loop's
        skip of empty pieces; then the numpy code around it computed with torch ops."""
        from exportlint.codemods import host_lists, numpy_torch  # libcst: only when needed

        found: list[Fix] = []
        for drop_skips in (True, False):
            with contextlib.suppress(NotRewritable):
                found.append(host_lists.numpy_to_list(self.ctx, node, stmt, drop_skips))
        try:
            found.append(numpy_torch.translate(self.ctx, node))
        except NotRewritable as reason:
            if not found:
                return {"fix": display_only(f"Compute it with torch ops ({reason})")}
        best, others = candidates(found)
        return {"fix": best, "alternatives": others}
