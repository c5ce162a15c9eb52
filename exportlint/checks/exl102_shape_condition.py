from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import TYPE_CHECKING

from exportlint.analysis import events
from exportlint.analysis.kinds import UNIT_RATIO, Kind
from exportlint.analysis.traced_sizes import rounded_at_trace
from exportlint.checks.base import Reporter, Rule, candidates, is_dim, kind_phrase, source
from exportlint.checks.interests import Calls
from exportlint.codemods import NotRewritable, failed_rewrite
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import FixContext, display_only

if TYPE_CHECKING:
    from exportlint.analysis.export_calls import ExportSite


class ShapeCondition(Rule):
    code = "EXL102"
    name = "shape-condition"
    severity = Severity.WARNING
    summary = "Python control flow on a dynamic size: export keeps one branch, ONNX drops the guard"

    VALID = (
        "if x.shape[0] != y.shape[0]:\n    raise ValueError('batch mismatch')\nreturn x + y",
        "if x.dim() == 3:\n    x = x.flatten(1)\nreturn x",
        "assert x.shape[0] > 1\nreturn x",
        "return torch.cond(x.shape[0] > 4, lambda t: t + 1, lambda t: t - 1, (x,))",
        "if self.weight.shape[0] > 4:\n    x = x * 2\nreturn x",
    )
    INVALID = (
        "if x.shape[0] > 4:\n    return x[:4]\nreturn x",
        "q_len = x.size(1)\nif q_len == 1:\n    return x\nreturn x.flip(1)",
        "n = x.shape[0]\nreturn x if n > 2 else -x",
        "b = x.shape[0]\nwhile b > 1:\n    b = b // 2\nreturn x",
    )

    def __init__(self, report: Reporter, ctx: FixContext) -> None:
        super().__init__(report, ctx)
        # Slices to a multiple (see `_rounded_slice`): the file traces an example whose sizes
        # it spells out; the bounds a run with the traced sizes decided; the reports of runs
        # without them (a submodule's forward run on its own), held until every run is done.
        self._traces = False
        self._decided: set[int] = set()
        self._waiting: dict[int, tuple[ast.expr, str, ast.stmt, str]] = {}

    def export_sites(self, sites: Sequence[ExportSite]) -> None:
        self._traces = any(site.dynamic_shapes is not None for site in sites)

    def finish(self) -> None:
        for node, message, stmt, help_text in self._waiting.values():
            self.ctx.fix_deferred = False
            fix = self._gather_cut(node, stmt)
            self.report(node, message, stmt, help=help_text, fix=fix)
        self._waiting.clear()

    def condition(self, event: events.Condition) -> None:
        value = event.value
        if not is_dim(value):
            return
        if event.context == "slice":
            self._rounded_slice(event)
            return
        if event.guard_only or event.context == "assert":
            pinned = self._pinned(event)
            if pinned:
                self.report(
                    event.node,
                    f"`{source(event.node)}` checks the dynamic size `{pinned}` against a "
                    "fixed number: export keeps only inputs of that size (the dimension is "
                    "specialised: Constraints violated with Dim.DYNAMIC, a guard otherwise)",
                    event.stmt,
                    help="drop the check under export (`if not torch.compiler.is_exporting()`)"
                    ", or do not mark this dimension dynamic",
                    fix=self._skip_check(event.stmt)
                    or display_only(
                        "Skip the check while exporting (`torch.compiler.is_exporting()`), or "
                        "export this dimension as static"
                    ),
                )
            return
        if _layout_dispatch(event) and not self._declared_size(event.node):
            return
        if _feature_width_test(event.node) and not self._declared_size(event.node):
            return
        first, others = candidates(self._fixes(event))
        self.report(
            event.node,
            f"`{source(event.node)}` tests {kind_phrase(value)}; export keeps only the branch "
            "taken for the example input and the ONNX model drops the guard",
            event.stmt,
            help="use torch.cond on the shape predicate, or write the computation so it does "
            "not depend on the size",
            fix=first,
            alternatives=others,
        )

    calls = Calls(names=frozenset({"builtins.max", "builtins.min"}))

    def call(self, event: events.Call) -> None:
        # `max(k / q, 1.0)` of float size ratios compares them in Python: export guards on the
        # outcome (measured on 2.13: `Guard failed: x.size()[1] / x.size()[0] >= 1.0` on other
        # sizes). Of ints, `max(a, b)` stays symbolic (sym_max) and is not reported.
        if event.qualname not in ("builtins.max", "builtins.min") or len(event.args) < 2:
            return
        # A ratio of one symbol to itself (`k_size / q_size` in self-attention) is 1.0 for
        # every size: the comparison is decided without a guard.
        if any(is_dim(v) and v.is_float and v.source != UNIT_RATIO for v in event.args):
            self.report(
                event.node,
                f"`{source(event.node)}` compares a float computed from dynamic sizes: export "
                "keeps the outcome for the example input and guards on it",
                event.stmt,
                help="compare integers (`max(k, q) // q`), or compute on tensors "
                "(`torch.clamp(torch.tensor(k / q), min=1.0)`)",
                fix=display_only(
                    "Compare integer sizes (sym_max keeps them symbolic), or compute the ratio "
                    "on tensors and clamp it"
                ),
            )

    def _rounded_slice(self, event: events.Condition) -> None:
        """A slice to a size rounded down to a multiple: export guards on whether the traced
        size was a multiple, and the program refuses the sizes of the other class (measured
        on 2.13; the ONNX model is right on every size). Traced at a multiple, every other
        size is refused: reported. Traced at a size that is not one, only multiples are
        refused: reported when a later input set of the file is one, silent otherwise (the
        program generalises to every size of the traced class). Unknown example: reported."""
        at_trace = rounded_at_trace(event.value, self.ctx.value_of, self.ctx.parent, self.ctx.tree)
        key = id(event.node)
        if key in self._decided:
            return
        if at_trace is not None:
            self._decided.add(key)
            self._waiting.pop(key, None)
        refused = at_trace.refused() if at_trace is not None else []
        if at_trace is not None and not at_trace.exact and not refused:
            return
        bound = source(event.node)
        if at_trace is None:
            why = (
                "export guards on whether it equals the axis, so the program only accepts "
                "sizes that are (or are not) multiples, like the example"
            )
        else:
            k = at_trace.multiple
            traced = at_trace.traced
            example = f"`{source(traced.example, 40)}`, the traced example"
            if at_trace.exact:
                why = (
                    f"traced at {traced.size} ({example}), a multiple of {k}, the bound equals "
                    f"the axis and export guards on it: the program refuses every size that "
                    f"is not a multiple of {k}"
                )
            else:
                number, size = refused[0]
                why = (
                    f"traced at {traced.size} ({example}), not a multiple of {k}, export "
                    f"guards on it: the program refuses multiples of {k}, such as {size} "
                    f"(input set {number})"
                )
        message = f"`{bound}` slices a dynamic axis to a size rounded down to a multiple: {why}"
        help_text = (
            "cut with a gather that does not compare the bound with the axis "
            "(`x.index_select(dim, torch.arange(n))`), or pad the axis up to a multiple"
        )
        if at_trace is None and self._traces:
            # The file traces an example: a run that reaches this slice with its sizes (the
            # exported model's, when this is a submodule's forward run on its own) decides.
            # The fix is built only if it is reported (a silent file never imports libcst).
            self._waiting.setdefault(key, (event.node, message, event.stmt, help_text))
            return
        fix = self._gather_cut(event.node, event.stmt)
        self.report(event.node, message, event.stmt, help=help_text, fix=fix)

    def _gather_cut(self, node: ast.expr, stmt: ast.stmt) -> Fix:
        from exportlint.codemods import multiple_cuts  # libcst: only when a fix is built

        advice = "Cut with index_select over arange(n), or pad the axis up to a multiple"
        try:
            return multiple_cuts.gather_cut(self.ctx, node, stmt)
        except NotRewritable as why:
            return display_only(f"{advice} ({why})")
        except Exception as error:  # a codemod bug costs a fix, not the lint
            return display_only(f"{advice} ({failed_rewrite(error)})")

    def _skip_check(self, stmt: ast.stmt) -> Fix | None:
        """`if x.shape[-1] != self.max_len: raise/warn` -> skipped while exporting: the check
        is what pins the dynamic size, and the values computed do not depend on it."""
        if not (isinstance(stmt, ast.If) and not stmt.orelse and stmt.body):
            return None
        from exportlint.codemods import warn_only  # libcst: only when a fix is built

        try:
            if all(isinstance(s, ast.Raise) for s in stmt.body[-1:]) and all(
                isinstance(s, ast.Assign | ast.Expr | ast.Raise) for s in stmt.body
            ):
                torch = self.ctx.torch()
                return warn_only.unless_exporting(
                    self.ctx,
                    stmt,
                    f"Skip the check while exporting (`if not {torch}.compiler.is_exporting() "
                    "and ...`; unsafe: the exported program no longer raises for the sizes the "
                    "check refuses, it computes on them)",
                )
            return warn_only.skip_when_exporting(self.ctx, stmt.body[0])
        except NotRewritable:
            return None

    def _pinned(self, event: events.Condition) -> str:
        """`if x.shape[-1] != self.max_len: raise` / `assert n == 3000`, on an axis the file's
        dynamic_shapes declares dynamic: the accepted inputs have one size (measured on 2.13:
        export guards the size to the constant). The size's source text, or ""."""
        node = event.node
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
            return ""
        op = node.ops[0]
        wanted = ast.Eq if event.context == "assert" else ast.NotEq
        if not isinstance(op, wanted):
            return ""
        sides = (node.left, node.comparators[0])
        values = [self.ctx.value_of(side) for side in sides]
        for i, value in enumerate(values):
            other = values[1 - i]
            if (
                value is not None
                and other is not None
                and is_dim(value)
                and value.declared
                and other.kind is Kind.STATIC
                and not other.is_container
                and not other.is_none
                and not _zero_or_one(sides[1 - i])
            ):
                return source(sides[i], 40)
        return ""

    def _declared_size(self, node: ast.expr) -> bool:
        """A side of the comparison is a size the file's dynamic_shapes declares dynamic."""
        if not isinstance(node, ast.Compare):
            return False
        for side in (node.left, *node.comparators):
            value = self.ctx.value_of(side)
            if value is not None and is_dim(value) and value.declared:
                return True
        return False

    def _rebuild_table(self, stmt: ast.If) -> list[Fix]:
        """A cache rebuilt when the length outgrows it: rebuilt at every call, first (fixcover4
        hook; `codemods/table_cache.py`)."""
        from exportlint.codemods import table_cache

        if not table_cache.is_growing_table(stmt, self.ctx.tree):
            return []
        try:
            return [table_cache.rebuild_always(self.ctx, stmt)]
        except NotRewritable:
            return []

    def _fixes(self, event: events.Condition) -> list[Fix]:
        stmt = event.stmt
        if event.context in ("if", "elif") and isinstance(stmt, ast.If):
            from exportlint.codemods.branches import rewrite_if

            table = self._rebuild_table(stmt) if event.context == "if" else []
            table += _crop_to_bound(self.ctx, stmt) if event.context == "if" else []
            table += _pad_to_bound(self.ctx, stmt) if event.context == "if" else []
            table += _flag_always(self.ctx, stmt) if event.context == "if" else []
            try:
                return table + rewrite_if(self.ctx, stmt, event.env, event.function, event.value)
            except NotRewritable as why:
                if table:
                    return table
                return [display_only(f"Branch with torch.cond on the shape predicate ({why})")]
            except Exception as error:  # a codemod bug costs a fix, not the lint
                if table:
                    return table
                reason = failed_rewrite(error)
                return [display_only(f"Branch with torch.cond on the shape predicate ({reason})")]
        advice = "Branch with torch.cond on the shape predicate, or compute without the branch"
        parent = self.ctx.parent(event.node)
        if event.context == "ternary" and isinstance(parent, ast.IfExp):
            from exportlint.codemods.branches import rewrite_size_ternary
            from exportlint.codemods.clamped_crops import rewrite_crop_ternary

            try:
                return [rewrite_crop_ternary(self.ctx, parent)]
            except NotRewritable:
                pass  # not a crop to a bound: choose between the sides
            except Exception as error:  # a codemod bug costs a fix, not the lint
                return [display_only(f"{advice} ({failed_rewrite(error)})")]
            try:
                return [rewrite_size_ternary(self.ctx, parent, event.env)]
            except NotRewritable as why:
                return [display_only(f"{advice} ({why})")]
            except Exception as error:  # a codemod bug costs a fix, not the lint
                return [display_only(f"{advice} ({failed_rewrite(error)})")]
        return [display_only(advice)]


def _crop_to_bound(ctx: FixContext, stmt: ast.If) -> list[Fix]:
    """`if L > n: x = x[:, :n]`: a gather clamped by torch.sym_min, without the test
    (fixcover7 hook: the statement form of codemods/clamped_crops.py)."""
    from exportlint.codemods.clamped_crops import rewrite_crop_if

    try:
        return [rewrite_crop_if(ctx, stmt)]
    except NotRewritable:
        return []


def _pad_to_bound(ctx: FixContext, stmt: ast.If) -> list[Fix]:
    """`if L < n: x = F.pad(x, ...)`: the pad in a torch.cond on the size test (fixcover7
    hook: see codemods/size_pads.py); nothing for another `if`."""
    from exportlint.codemods import size_pads

    try:
        return [size_pads.rewrite_pad_to_bound(ctx, stmt)]
    except NotRewritable:
        return []


def _flag_always(ctx: FixContext, stmt: ast.If) -> list[Fix]:
    """`for d in x.shape[-2:]: if d % k: flag = True`: the flag set always (fixcover7 hook:
    see codemods/size_flags.py); nothing for another `if`."""
    from exportlint.codemods import size_flags

    try:
        return [size_flags.set_flag_always(ctx, stmt)]
    except NotRewritable:
        return []


def _zero_or_one(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value in (0, 1)


def _layout_dispatch(event: events.Condition) -> bool:
    """`x.ndim == 3 and x.shape[0] == 4`: a rank test and, in the same `and`, one axis of that
    rank compared for equality with a number of at least 2. The axis exists only in one layout
    of `x` (the rows of a rank-3 multimodal `position_ids`: text, time, height, width), and the
    test tells the layouts apart: a layout axis, static in practice. Reported all the same when
    the file's dynamic_shapes declares the axis dynamic (export would pin it)."""
    node = event.node
    stmt = event.stmt
    test = stmt.test if isinstance(stmt, ast.If | ast.While) else None
    if test is None or not (isinstance(node, ast.Compare) and len(node.ops) == 1):
        return False
    if not isinstance(node.ops[0], ast.Eq | ast.NotEq):
        return False
    sides = (node.left, node.comparators[0])
    number = next((side for side in sides if _int_at_least_2(side)), None)
    size = sides[1] if number is sides[0] else sides[0]
    tensor = _axis_owner(size) if number is not None else None
    if tensor is None:
        return False
    for each in ast.walk(test):
        if isinstance(each, ast.BoolOp) and isinstance(each.op, ast.And) and node in each.values:
            return any(_rank_test_of(other, tensor) for other in each.values if other is not node)
    return False


# Attribute names that say a size is a feature width: the channels of an image, the hidden
# size of a token, the width of a head. Weights are built from them, so the axis compared with
# one is fixed by the model (an image's 3 channels, a layer's 768 features), not by the input.
_WIDTH_NAMES = frozenset(
    {"hidden_size", "embed_dim", "d_model", "hidden_dim", "head_dim", "embedding_dim",
     "in_features", "feature_size"}
)  # fmt: skip


def _feature_width_test(node: ast.expr) -> bool:
    """`pixel_values.shape[1] != self.num_channels`, `h.shape[-1] == self.config.hidden_size`:
    a size read from a shape compared for (in)equality with a width attribute of the model or
    its config. It tells formats apart (a video packing frames into channels, a first layer's
    input of another width), on an axis static in practice. Reported all the same when the
    file's dynamic_shapes declares the axis dynamic; a threshold (`<`, `>`) stays reported."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
        return False
    if not isinstance(node.ops[0], ast.Eq | ast.NotEq):
        return False
    sides = (node.left, node.comparators[0])
    width = next((side for side in sides if _width_attribute(side)), None)
    if width is None:
        return False
    size = sides[1] if width is sides[0] else sides[0]
    return _axis_owner(size) is not None


def _width_attribute(node: ast.expr) -> bool:
    """`self.num_channels`, `self.config.hidden_size`, `config.embed_dim`."""
    if not isinstance(node, ast.Attribute):
        return False
    name = node.attr
    if not (name in _WIDTH_NAMES or name.endswith("channels")):
        return False
    root: ast.expr = node.value
    while isinstance(root, ast.Attribute):
        root = root.value
    return isinstance(root, ast.Name) and root.id in ("self", "config")


def _int_at_least_2(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and node.value >= 2


def _axis_owner(node: ast.expr) -> str | None:
    """The tensor's source text of `x.shape[i]` / `x.size(i)` with a constant `i`."""
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "shape"
        and isinstance(node.slice, ast.Constant | ast.UnaryOp)
    ):
        return ast.unparse(node.value.value)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "size"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant | ast.UnaryOp)
    ):
        return ast.unparse(node.func.value)
    return None


def _rank_test_of(node: ast.expr, tensor: str) -> bool:
    """`x.ndim == k`, `x.dim() == k`, `len(x.shape) == k` on the same tensor."""
    if not (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], ast.Eq)
        and isinstance(node.comparators[0], ast.Constant)
    ):
        return False
    rank = node.left
    if isinstance(rank, ast.Attribute) and rank.attr == "ndim":
        return ast.unparse(rank.value) == tensor
    if isinstance(rank, ast.Call) and not rank.args:
        func = rank.func
        return (
            isinstance(func, ast.Attribute)
            and func.attr == "dim"
            and ast.unparse(func.value) == tensor
        )
    if isinstance(rank, ast.Call) and isinstance(rank.func, ast.Name) and rank.func.id == "len":
        arg = rank.args[0] if len(rank.args) == 1 else None
        return (
            isinstance(arg, ast.Attribute)
            and arg.attr == "shape"
            and ast.unparse(arg.value) == tensor
        )
    return False
