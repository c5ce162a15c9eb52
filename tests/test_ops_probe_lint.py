"""The ops probe's measurements against the lint: every size idiom and tensor function the probe
measured as `works` on torch 2.13 (benchmarks/ops_probe/results/*.json), written as model code,
gets no diagnostic; every one it measured failing gets one (a few known exceptions are listed
with the reason). The model code is the case's own expression, read from cases.py's syntax
tree: nothing is imported or run, so this stays a lint-only test.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from exportlint import lint_source

PROBE = Path(__file__).resolve().parents[1] / "benchmarks" / "ops_probe"

# layout -> (example shape, dynamic axes), as cases.LAYOUTS (trace shape, dynamic axes).
LAYOUTS = {
    "seq": ("(2, 8, 8)", (0, 1)),
    "seq_first": ("(8, 2, 8)", (0, 1)),
    "flat": ("(2, 8)", (0,)),
    "ncl": ("(2, 4, 12)", (0, 2)),
    "nchw": ("(2, 4, 12, 10)", (0, 2, 3)),
    "ncdhw": ("(2, 4, 6, 8, 10)", (0, 2, 3, 4)),
    "ids": ("(2, 8)", (0, 1)),
    "signal": ("(2, 64)", (0, 1)),
}

FAILING = {"fails_export", "specialises", "guarded", "wrong_ep", "fails_onnx", "wrong_onnx"}

# Measured failing, not reported (each for a reason the lint cannot see from the code).
KNOWN_MISSES = {
    # The guard comes from the traced size, not from the idiom: the slice bound passes the
    # size (abs) or equals it at the trace (an even h), so export guards that it stays so.
    "x[:, :abs(h-20)]",
    "x.unflatten(1,(-1,2)) of h//2*2",
    "x[:, :h//3*3]",  # traced at 8 (not a multiple): guards on that at 21, a multiple
    "F.pixel_unshuffle(cropped)",
    # A negative numerator that is not a spelled-out negation (`(h - 20) // 3`).
    "x[:, :(h-20)//3+7] (negative numerator)",
    # str() of a size: the text is made at trace time; strings are not followed.
    "x * len(str(h))",
    # The probe's input is an integer tensor; the lint does not know the input's dtype.
    "x % size (int)",
    # Not taught on purpose (real code calls it in checks export drops): EXL404's README.
    "torch.unique_consecutive",
}
# Measured works, reported on purpose: the unseen size passes a guard on the size (EXL102).
KNOWN_REPORTED = {"x * (1 if h > 4 else 2)"}


@dataclass(frozen=True)
class ProbeCase:
    name: str
    group: str
    source: str  # a module with `Model`, `example_inputs` and `dynamic_shapes`


def _model_source(helper: str, body: str, layout: str) -> str:
    shape, axes = LAYOUTS[layout]
    dynamic = ", ".join(f"{a}: Dim.DYNAMIC" for a in axes)
    return (
        "import math\n\nimport numpy as np\nimport torch\nimport torch.nn.functional as F\n"
        "from torch.export import Dim\n\n\n"
        f"{helper}"
        "class Model(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        f"        return (\n            {body}\n        )\n\n\n"
        f"example_inputs = [(torch.randn{shape},)]\n"
        f"dynamic_shapes = ({{{dynamic}}},)\n"
    )


def probe_cases() -> list[ProbeCase]:
    text = (PROBE / "cases.py").read_text(encoding="utf-8")
    tree = ast.parse(text)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    out = []
    for group, builder in (("idioms", "_idioms"), ("functions", "_functions")):
        for node in ast.walk(functions[builder]):
            if not (
                isinstance(node, ast.Tuple)
                and len(node.elts) == 3
                and isinstance(node.elts[0], ast.Constant)
                and isinstance(node.elts[0].value, str)
                and isinstance(node.elts[2], (ast.Constant, ast.Name))
            ):
                continue
            name, fn, lay = node.elts
            layout = lay.value if isinstance(lay, ast.Constant) else "seq"  # `S` is "seq"
            if isinstance(fn, ast.Lambda):
                body = ast.get_source_segment(text, fn.body) or ""
                helper = ""
            elif isinstance(fn, ast.Name) and fn.id in functions:
                helper = (ast.get_source_segment(text, functions[fn.id]) or "") + "\n\n\n"
                body = f"{fn.id}(x)"
            else:
                continue
            body = " ".join(line.strip() for line in body.splitlines())
            source = _model_source(helper, body, layout)
            out.append(ProbeCase(str(name.value), group, source))
    return out


def measured() -> dict[str, dict[str, str]]:
    return {
        group: {
            name: record["status"]
            for name, record in json.loads(
                (PROBE / "results" / f"{group}.json").read_text(encoding="utf-8")
            ).items()
            if name != "_versions"
        }
        for group in ("idioms", "functions")
    }


CASES = probe_cases()
STATUS = measured()


def test_every_probe_case_is_read() -> None:
    assert len(CASES) > 250
    assert sum(1 for c in CASES if c.group == "idioms") > 80


@pytest.mark.parametrize("case", CASES, ids=[f"{c.group}:{c.name}" for c in CASES])
def test_lint_agrees_with_the_probe(case: ProbeCase) -> None:
    status = STATUS[case.group].get(case.name)
    if status is None or status in ("eager_fails", "crash"):
        pytest.skip(f"not measured: {status}")
    codes = sorted({d.code for d in lint_source(case.source, "probe_case.py", fixes=False)})
    assert "EXL000" not in codes, case.source
    if status == "works" and case.name not in KNOWN_REPORTED:
        assert not codes, f"measured works on torch 2.13, reported {codes}:\n{case.source}"
    elif status in FAILING and case.name not in KNOWN_MISSES:
        assert codes, f"measured {status} on torch 2.13, not reported:\n{case.source}"
