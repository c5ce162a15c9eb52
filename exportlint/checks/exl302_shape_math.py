from __future__ import annotations

import ast
import contextlib
from dataclasses import replace

from exportlint.analysis import events
from exportlint.analysis.kinds import Kind, Value
from exportlint.checks.base import Rule, candidates, is_dim, kind_phrase, source
from exportlint.checks.interests import Calls
from exportlint.codemods import DEFERRED, NotRewritable
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import FixContext, display_only

# Measured on torch 2.13: sqrt/isqrt/log fail export ("Constraints violated"), exp guards on
# the traced value, round() exports but has no ONNX translation. floor/ceil/trunc/pow are fine
# (benchmarks/ops_probe, group idioms).
_FAILING_MATH = frozenset(
    {
        "math.sqrt",
        "math.isqrt",
        "math.log",
        "math.log2",
        "math.log10",
        "math.log1p",
        "math.exp",
        "math.expm1",
    }
)


class ShapeMath(Rule):
    code = "EXL302"
    name = "shape-math"
    severity = Severity.ERROR
    summary = (
        "round() on a dynamic size or a data value; math.sqrt/isqrt/log/exp, divmod() or "
        "`-(-n // k)` on a dynamic size"
    )

    VALID = (
        "n = x.shape[0]\nreturn x[: math.ceil(n / 2)]",
        "n = x.shape[-1]\nreturn x * n ** -0.5",
        "return x * math.sqrt(self.head_dim)",
        "n = x.shape[0]\nreturn x[: (n + 1) // 2]",
        "d_k = x.size(-1)\nreturn x / math.sqrt(d_k)",
        "n = x.shape[0]\nreturn x[: (n + 3) // 4 + -(-self.k // 4)]",
        "q, r = divmod(self.dim, 4)\nreturn x[:, :q]",
    )
    INVALID = (
        "return x[: round(x.shape[0] / 2)]",
        "d = x.size(1)\nreturn x / math.sqrt(d)",
        "n = x.shape[0]\nreturn x * math.log(n)",
        "h = x.sum().item()\nreturn y[: int(round(h * 1.5, 7))]",
        "n = x.shape[0]\nreturn x[: -(-n // 4)]",
        "return x[-x.shape[0] // 2 :]",
        "q, r = divmod(x.shape[0], 3)\nreturn x[: q * 3]",
        "n = x.shape[0]\nreturn x[: math.isqrt(n) ** 2]",
    )
    FIXES = (
        (
            "return x[: round(x.shape[0] / 2)]",
            "return x[: (x.shape[0] + (x.shape[0] // 2) % 2) // 2]",
        ),
        ("n = x.shape[0]\nreturn x[: round(n / 3)]", "n = x.shape[0]\nreturn x[: (n + 1) // 3]"),
        ("d = x.size(1)\nreturn x / math.sqrt(d)", "d = x.size(1)\nreturn x / d ** 0.5"),
        (
            "d = x.size(1)\nreturn x * math.sqrt(d) ** 3",
            "d = x.size(1)\nreturn x * (d ** 0.5) ** 3",
        ),
    )

    def arithmetic(self, event: events.Arithmetic) -> None:
        # `-(-n // k)` (ceil division by negation): exports, but torch.onnx divides the negative
        # size truncating toward zero, so the ONNX model computes `n // k` where it is not a
        # multiple (measured on 2.13: wrong shape even at the traced size when k does not
        # divide it; `(n + k - 1) // k` and `math.ceil(n / k)` are right).
        node = event.node
        if not (
            isinstance(node.op, ast.FloorDiv)
            and isinstance(node.left, ast.UnaryOp)
            and isinstance(node.left.op, ast.USub)
            and is_dim(event.left)
        ):
            return
        size, divisor = source(node.left.operand, 30), source(node.right, 20)
        fix = display_only(
            f"Write the ceil division as `({size} + {divisor} - 1) // {divisor}` (exact for "
            "a positive divisor), or `math.ceil(n / k)`"
        )
        if self.ctx.defer_fixes:
            fix = display_only(f"{fix.description} ({DEFERRED})")
        else:
            from exportlint.codemods import shapes  # libcst: only when a fix is built

            parent = self.ctx.parent(node)
            negated = isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.USub)
            with contextlib.suppress(NotRewritable):
                fix = shapes.negated_floor_division(self.ctx, node, negated)
        self.report(
            node,
            f"`{source(node, 40)}` floor-divides a negated {kind_phrase(event.left)}: it exports, "
            "but torch.onnx divides negative sizes truncating toward zero, so the ONNX model "
            "computes another size (measured on torch 2.13)",
            event.stmt,
            help="ceil division without negation: `(n + k - 1) // k` or `math.ceil(n / k)`",
            fix=fix,
        )

    calls = Calls(names=_FAILING_MATH | {"builtins.divmod", "builtins.round"})

    def call(self, event: events.Call) -> None:
        name = event.qualname or ""
        if name == "builtins.divmod":
            self._report_divmod(event)
            return
        if name != "builtins.round" and name not in _FAILING_MATH:
            return
        value = event.args[0] if event.args else None
        if value is None:
            return
        if name == "builtins.round" and value.kind is Kind.DATA and not value.is_container:
            if not value.exact_int:
                self._report_data_round(event, value)
            return
        if not is_dim(value):
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
            if name == "math.isqrt":
                fix = "take the grid side from the configuration, not from a dynamic length"
        first, alternatives = candidates(self._fix(event, name))
        self.report(
            event.node,
            f"`{source(event.node)}` on {kind_phrase(value)} {why}",
            event.stmt,
            help=fix,
            fix=first,
            alternatives=alternatives,
        )

    def _report_divmod(self, event: events.Call) -> None:
        # Measured on 2.13: `divmod(x.shape[1], 3)` fails export outright
        # (TypeError: unsupported operand type(s) for divmod(): 'SymInt' and 'int').
        value = next((v for v in event.args if is_dim(v)), None)
        if value is None or len(event.node.args) != 2:
            return
        a, b = (source(arg, 30) for arg in event.node.args)
        fix = display_only(f"Compute the pair as `({a} // {b}, {a} % {b})`")
        if self.ctx.defer_fixes:
            fix = display_only(f"{fix.description} ({DEFERRED})")
        else:
            from exportlint.codemods import shapes  # libcst: only when a fix is built

            with contextlib.suppress(NotRewritable):
                fix = shapes.divmod_pair(self.ctx, event.node)
        self.report(
            event.node,
            f"`{source(event.node)}` on {kind_phrase(value)}: torch's symbolic sizes do not "
            "support divmod(), export fails (TypeError)",
            event.stmt,
            help="`n // k, n % k`: both keep the size symbolic",
            fix=fix,
        )

    def _report_data_round(self, event: events.Call, value: Value) -> None:
        # Measured on torch 2.13: `round(t.item() * s, 7)` exports (as a symbolic float) and
        # torch.onnx then stops: "No ONNX function found for <built-in function round>".
        self.report(
            event.node,
            f"`{source(event.node)}` on {kind_phrase(value)} exports, but `round` has no ONNX "
            "translation",
            event.stmt,
            help="round in the graph: keep the tensor and use `t.round(decimals=...)`",
            fix=display_only(
                "Round the tensor before reading the number out of it: "
                "`(t * s).round(decimals=7).item()` instead of `round(t.item() * s, 7)`"
            ),
        )

    def _fix(self, event: events.Call, name: str) -> list[Fix]:
        """The candidate fixes, best first."""
        from exportlint.codemods import warn_only  # libcst: only when a fix is built

        try:
            # The value only decides whether to warn: skip that block under export.
            return [warn_only.skip_when_exporting(self.ctx, event.stmt)]
        except NotRewritable:
            pass
        try:
            return self._rewrite(event, name)
        except NotRewritable as reason:
            return [display_only(f"Compute it with integer arithmetic or in the graph ({reason})")]

    def _rewrite(self, event: events.Call, name: str) -> list[Fix]:
        from exportlint.codemods import size_counts, size_logs  # libcst: only when needed
        from exportlint.codemods.log_counts import log_counts

        node = event.node
        found: list[Fix] = []
        log = name.startswith("math.log")
        if log:
            # `math.ceil(math.log(n, 2))`, `int(math.log2(n))`: an integer count of powers
            # (fixcover6 hook; a 0-d tensor is one off in onnxruntime at exact powers): exact,
            # so first.
            with contextlib.suppress(NotRewritable):
                found.append(size_logs.integer_log(self.ctx, node))
        # `int(c * math.log(n))`, `math.ceil(math.log1p(n))`: the counts of
        # codemods/log_counts.py, in its order (shared with EXL301). No float64 count where
        # the float functions are only square roots (the symbolic `n ** 0.5` below instead)
        # or not one-argument functions (`math.log(n, 3)`: the count of thresholds only).
        flagged = None if size_counts.symbolic_form(self.ctx, node) else node
        found += log_counts(self.ctx, flagged, self.ctx.parent(node) if log else None)
        if found:
            return found
        fallback = self._other(event, name)
        return [] if fallback is None else [fallback]

    def _other(self, event: events.Call, name: str) -> Fix | None:
        """The rewrite of the call when it makes no count."""
        from exportlint.codemods import shapes, size_logs  # libcst: only when a fix is built

        node = event.node
        if name == "math.log" and len(node.args) == 2:
            # `math.log(n, base)` used as a float: a 0-d tensor in the graph.
            return size_logs.tensor_log_with_base(self.ctx, node)
        if len(node.args) != 1 or node.keywords:
            return None
        arg = node.args[0]
        if name == "math.sqrt":
            return shapes.square_root(self.ctx, node, arg)
        if name == "math.isqrt":
            # No symbolic integer square root; `torch.sym_int(n ** 0.5)` truncates a symbolic
            # float instead (fixcover4 hook; measured on 2.13: exports and is right in ORT).
            from exportlint.codemods import int_sqrt

            return int_sqrt.isqrt_by_power(self.ctx, node, arg)
        if name == "builtins.round":
            if not (isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Div)):
                if _is_int_size(event):
                    return shapes.drop(
                        self.ctx, node, arg, "Drop `round()`: the size is already an int"
                    )
                return _round_half_up(self.ctx, node, arg)
            divisor = arg.right
            numerator = self.ctx.value_of(arg.left)
            if not (
                isinstance(divisor, ast.Constant)
                and type(divisor.value) is int
                and divisor.value > 0
                and numerator is not None
                and numerator.exact_int  # the integer forms below are exact for ints only
            ):
                return display_only("Round with integer arithmetic on the size")
            return shapes.rounded_division(self.ctx, node, arg.left, divisor.value)
        # math.log(n) -> torch.log(torch.tensor(n, dtype=torch.float64)): a 0-d tensor in
        # the graph, with the precision of the Python float it replaces.
        return shapes.tensor_math(self.ctx, node, arg, name[5:])


def _is_int_size(event: events.Call) -> bool:
    # Proven an int, not merely "not known to be a float": `round(n * self.ratio)` with a
    # ratio the analysis cannot see is a float, and dropping round() there made a float
    # slice bound (TypeError in eager).
    return bool(event.args) and event.args[0].exact_int


def _round_half_up(ctx: FixContext, node: ast.Call, arg: ast.expr) -> Fix:
    """`round(n * ratio)` -> `math.floor(n * ratio + 0.5)`: a symbolic int that torch.onnx
    translates (fixcover6 hook; measured on 2.13: exports and is right in onnxruntime on sizes
    not traced). Unsafe: halves round up where round() rounds them to even."""
    from exportlint.codemods import size_logs, size_rounding

    size_logs.no_comment_lost(ctx, node, arg)
    found = size_rounding.round_half_up(ctx, node, arg)
    alias = ctx.module_alias("math") or "math"
    return replace(
        found,
        description=f"Replace with `{alias}.floor({ctx.segment(arg)} + 0.5)` (unsafe: halves "
        "round up, where round() rounds them to even)",
    )
