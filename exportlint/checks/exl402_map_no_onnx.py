from __future__ import annotations

from functools import partial

from exportlint.analysis import events
from exportlint.candidates import Candidate, build_candidates
from exportlint.checks.base import Rule, candidates, source
from exportlint.checks.interests import Calls
from exportlint.diagnostics import Severity
from exportlint.fixes import display_only

_MAP = frozenset(
    {
        "torch._higher_order_ops.map",
        "torch._higher_order_ops.map.map",
        "functorch.experimental.control_flow.map",
        "functorch.experimental.map",
    }
)


class MapNoOnnx(Rule):
    code = "EXL402"
    name = "map-no-onnx"
    severity = Severity.WARNING
    summary = "`torch._higher_order_ops.map` exports but has no ONNX translation"

    VALID = ("return torch.stack(list(map(lambda t: t * 2, [x, y])))",)
    INVALID = ("return torch._higher_order_ops.map(lambda a, b: a + b, x, y)",)

    calls = Calls(names=_MAP)

    def call(self, event: events.Call) -> None:
        if event.qualname in _MAP:
            # The codemods (and libcst) are imported only when a fix is built.
            from exportlint.codemods.api_rewrites import rewrite_map_as_vmap

            kept, _ = build_candidates(
                self.ctx,
                [
                    Candidate(
                        "Map with torch.vmap", partial(rewrite_map_as_vmap, self.ctx, event.node)
                    )
                ],
                self.code,
                event.node,
            )
            best, others = candidates(
                [
                    *kept,
                    display_only(
                        "Vectorise the body (it maps over the first dimension: often the body "
                        "works on the whole batch as is), or use torch.vmap / "
                        "torch._higher_order_ops.scan, which export to ONNX"
                    ),
                ]
            )
            self.report(
                event.node,
                f"`{source(event.node, 40)}` exports with torch.export, but torch.onnx has no "
                "translation for `map` (DispatchError: No ONNX function found)",
                event.stmt,
                help="vectorise the body, or use torch._higher_order_ops.scan",
                fix=best,
                alternatives=others,
            )
