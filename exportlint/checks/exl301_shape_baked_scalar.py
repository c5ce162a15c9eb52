from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.analysis.kinds import Value
from exportlint.checks.base import Rule, is_dim, kind_phrase, source
from exportlint.diagnostics import Applicability, Fix, Severity
from exportlint.fixes import display_only, fix, layout_call

_PAD = "torch.nn.functional.pad"
# torch.linspace(start, end, steps): a dynamic `steps` fails export (Constraints violated).
_STEPS = frozenset({"torch.linspace", "torch.logspace"})


class ShapeBakedScalar(Rule):
    code = "EXL301"
    name = "shape-baked-scalar"
    severity = Severity.ERROR
    summary = "a dynamic size used as a Python scalar that export bakes into the graph"

    VALID = (
        "n = x.shape[0]\nreturn torch.full((2,), n) + x.sum()",
        "n = x.shape[-1]\nreturn x.masked_fill(x > 0, n)",
        "return x.view(x.shape[0] // 2, 2, -1)",
        "n = x.shape[0]\nreturn x + torch.tensor(n)",
        "return F.pad(x, (0, 1), value=self.pad_id)",
    )
    INVALID = (
        "n = x.shape[-1]\nreturn F.pad(x, (0, 1), value=n)",
        "return x * torch.as_tensor(x.shape[0])",
        "return x * float(x.shape[0])",
        "h = x.shape[0]\nreturn x[: int(h * 0.5)]",
        "return x[: int(x.shape[0]) - 1]",
        "return x * torch.linspace(0, 1, x.shape[0])[:, None]",
        "h = x.shape[0]\nreturn x[: int(np.ceil(h / 2))]",
    )
    FIXES = (
        (
            "n = x.shape[0]\nreturn F.pad(x, (0, 1), value=n)",
            "n = x.shape[0]\nreturn torch.cat(\n"
            "    [x, torch.full((*x.shape[:-1], 1), n, dtype=x.dtype, device=x.device)],\n"
            "    dim=-1,\n"
            ")",
        ),
        ("return x * torch.as_tensor(x.shape[0])", "return x * torch.tensor(x.shape[0])"),
        ("return x[: int(x.shape[0]) - 1]", "return x[: x.shape[0] - 1]"),
        ("h = x.shape[0]\nreturn x[: int(h * 0.5)]", "h = x.shape[0]\nreturn x[: h // 2]"),
        ("h = x.shape[0]\nreturn x[: int(h / 4)]", "h = x.shape[0]\nreturn x[: h // 4]"),
    )

    def call(self, event: events.Call) -> None:
        name = event.qualname or ""
        if name == _PAD:
            value = event.kwargs.get("value") or (event.args[3] if len(event.args) > 3 else None)
            if value is not None and is_dim(value):
                self._report(
                    event, value, "is baked into the graph as the pad value", self._pad_fix(event)
                )
        elif name in _STEPS and len(event.args) > 2 and is_dim(event.args[2]):
            self._report(event, event.args[2], "is baked into the graph as the number of steps")
        elif name in _STEPS and "steps" in event.kwargs and is_dim(event.kwargs["steps"]):
            self._report(
                event, event.kwargs["steps"], "is baked into the graph as the number of steps"
            )
        elif name == "torch.as_tensor" and event.args:
            if is_dim(event.args[0]):
                torch = self.ctx.torch()
                self._report(
                    event,
                    event.args[0],
                    "is baked into the graph as a constant",
                    fix(
                        f"Replace `torch.as_tensor` with `{torch}.tensor`",
                        Applicability.SAFE,
                        self.ctx.replace(event.node.func, f"{torch}.tensor"),
                    ),
                )
        elif name == "builtins.float" and event.args:
            if is_dim(event.args[0]):
                self._report(
                    event,
                    event.args[0],
                    "is specialised to the traced size",
                    display_only(
                        "Drop `float()` and keep the size an int (`n / k` is already a float); "
                        "or convert in the graph: `torch.tensor(n, dtype=torch.float32)`"
                    ),
                )
        elif name == "builtins.int" and event.args:
            value = event.args[0]
            if is_dim(value) and not _numpy_call(event):
                why = (
                    "truncates float arithmetic on a size; export guards on the traced value"
                    if value.is_float
                    else "is specialised to the traced size"
                )
                self._report(event, value, why, self._int_fix(event, value))
        elif name.startswith("numpy.") and not name.startswith("numpy.random."):
            dims = [v for v in event.args if is_dim(v)]
            if dims:
                self._report(
                    event,
                    dims[0],
                    "is computed in numpy and baked as a constant",
                    display_only(
                        "Use integer arithmetic on the size: `math.ceil(n / k)` or "
                        "`(n + k - 1) // k` for `np.ceil(n / k)`"
                    ),
                )

    def _int_fix(self, event: events.Call, value: Value) -> Fix | None:
        node = event.node
        if len(node.args) != 1 or node.keywords:
            return None
        arg = node.args[0]
        if value.exact_int:
            # int() of an int size is the identity: dropping it keeps the size symbolic.
            return fix(
                "Drop `int()`: the size is already an int",
                Applicability.SAFE,
                self.ctx.replace(node, self.ctx.segment(arg)),
            )
        divisor = _positive_int_divisor(arg)
        left_value = self.ctx.value_of(arg.left) if isinstance(arg, ast.BinOp) else None
        # int() truncates and // floors: the same only for a non-negative int numerator.
        exact = left_value is not None and left_value.exact_int and left_value.nonneg
        if divisor is not None and isinstance(arg, ast.BinOp) and exact:
            # int(h / 4) and int(h * 0.25) truncate; for a size (>= 0) that is h // 4.
            left = self.ctx.atom(arg.left)
            return fix(
                f"Replace with integer division `{left} // {divisor}`",
                Applicability.SAFE,
                self.ctx.replace(node, f"{left} // {divisor}"),
            )
        return display_only(
            "Compute the size with integer arithmetic (`n // k`, `(n + k - 1) // k`) instead "
            "of truncating float arithmetic, and drop `int()`"
        )

    def _pad_fix(self, event: events.Call) -> Fix | None:
        """F.pad(x, (left, right), value=n) -> torch.cat with torch.full pieces (last dim)."""
        node = event.node
        if len(node.args) < 2 or not isinstance(node.args[0], ast.Name):
            return display_only("Build the padding with torch.cat and torch.full(..., n)")
        pad = node.args[1]
        sizes = _int_pair(pad)
        mode = next((k.value for k in node.keywords if k.arg == "mode"), None)
        if mode is None and len(node.args) > 2:
            mode = node.args[2]
        if sizes is None or (
            mode is not None and not (isinstance(mode, ast.Constant) and mode.value == "constant")
        ):
            return display_only("Build the padding with torch.cat and torch.full(..., n)")
        value_node = next((k.value for k in node.keywords if k.arg == "value"), None)
        if value_node is None:
            value_node = node.args[3]
        x = node.args[0].id
        n = self.ctx.segment(value_node)
        torch = self.ctx.torch()
        pieces = []
        for size in sizes:
            pieces.append(
                f"{torch}.full((*{x}.shape[:-1], {size}), {n}, dtype={x}.dtype, device={x}.device)"
                if size
                else ""
            )
        parts = [p for p in (pieces[0], x, pieces[1]) if p]
        indent = self.ctx.indent_of(node.lineno)
        before = self.ctx.start(node)[1] - 1
        text = layout_call(
            indent, f"{torch}.cat", [f"[{', '.join(parts)}]", "dim=-1"], before=before
        )
        return fix(
            f"Replace `F.pad(..., value={n})` with `torch.cat` of `torch.full` pieces",
            Applicability.SAFE,
            self.ctx.replace(node, text),
        )

    def _report(self, event: events.Call, value: Value, why: str, fix: Fix | None = None) -> None:
        self.report(
            event.node,
            f"`{source(event.node)}`: {kind_phrase(value)} {why}",
            event.stmt,
            # Not `-(-a // b)`: torch.onnx lowers `//` on sizes to a truncating Div, so that
            # spelling of ceil is wrong in onnxruntime (measured on torch 2.13).
            help="keep sizes symbolic: integer arithmetic (`n // k`, `(n + k - 1) // k`, "
            "math.ceil(n / k)), torch.full(..., n) / torch.cat instead of F.pad(value=n), "
            "torch.tensor(n)",
            fix=fix,
        )


def _int_pair(node: ast.expr) -> tuple[int, int] | None:
    if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) == 2:
        values = [
            e.value
            for e in node.elts
            if isinstance(e, ast.Constant) and type(e.value) is int and e.value >= 0
        ]
        if len(values) == 2:
            return int(values[0]), int(values[1])
    return None


def _positive_int_divisor(node: ast.expr) -> int | None:
    """4 for `h / 4` and for `h * 0.25` (exact reciprocals only)."""
    if not isinstance(node, ast.BinOp) or not isinstance(node.right, ast.Constant):
        return None
    value = node.right.value
    if isinstance(node.op, ast.Div) and type(value) is int and value > 0:
        return value
    if isinstance(node.op, ast.Mult) and isinstance(value, float):
        # Only factors whose float is exact (0.5, 0.25, ...): n * c is then exactly n / k.
        for power in range(1, 11):
            if value == 1 / 2**power:
                return int(2**power)
    return None


def _numpy_call(event: events.Call) -> bool:
    # int(np.ceil(h / k)): the numpy call is reported on its own.
    arg = event.node.args[0] if event.node.args else None
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute):
        root = arg.func.value
        return isinstance(root, ast.Name) and root.id in ("np", "numpy")
    return False
