from __future__ import annotations

from exportlint.analysis import events
from exportlint.analysis.kinds import Value
from exportlint.checks.base import Rule, is_dim, kind_phrase, source
from exportlint.diagnostics import Severity

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

    def call(self, event: events.Call) -> None:
        name = event.qualname or ""
        if name == _PAD:
            value = event.kwargs.get("value") or (event.args[3] if len(event.args) > 3 else None)
            if value is not None and is_dim(value):
                self._report(event, value, "is baked into the graph as the pad value")
        elif name in _STEPS and len(event.args) > 2 and is_dim(event.args[2]):
            self._report(event, event.args[2], "is baked into the graph as the number of steps")
        elif name in _STEPS and "steps" in event.kwargs and is_dim(event.kwargs["steps"]):
            self._report(
                event, event.kwargs["steps"], "is baked into the graph as the number of steps"
            )
        elif name == "torch.as_tensor" and event.args:
            if is_dim(event.args[0]):
                self._report(event, event.args[0], "is baked into the graph as a constant")
        elif name == "builtins.float" and event.args:
            if is_dim(event.args[0]):
                self._report(event, event.args[0], "is specialised to the traced size")
        elif name == "builtins.int" and event.args:
            value = event.args[0]
            if is_dim(value) and not _numpy_call(event):
                why = (
                    "truncates float arithmetic on a size; export guards on the traced value"
                    if value.is_float
                    else "is specialised to the traced size"
                )
                self._report(event, value, why)
        elif name.startswith("numpy.") and not name.startswith("numpy.random."):
            dims = [v for v in event.args if is_dim(v)]
            if dims:
                self._report(event, dims[0], "is computed in numpy and baked as a constant")

    def _report(self, event: events.Call, value: Value, why: str) -> None:
        self.report(
            event.node,
            f"`{source(event.node)}`: {kind_phrase(value)} {why}",
            event.stmt,
            # Not `-(-a // b)`: torch.onnx lowers `//` on sizes to a truncating Div, so that
            # spelling of ceil is wrong in onnxruntime (measured on torch 2.13).
            help="keep sizes symbolic: integer arithmetic (`n // k`, `(n + k - 1) // k`, "
            "math.ceil(n / k)), torch.full(..., n) / torch.cat instead of F.pad(value=n), "
            "torch.tensor(n)",
        )


def _numpy_call(event: events.Call) -> bool:
    # int(np.ceil(h / k)): the numpy call is reported on its own.
    import ast

    arg = event.node.args[0] if event.node.args else None
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute):
        root = arg.func.value
        return isinstance(root, ast.Name) and root.id in ("np", "numpy")
    return False
