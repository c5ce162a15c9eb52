"""loopfix: the while_loop rewrite (EXL401 data counts, EXL101 `while` tests) and the
verifier's retry with backed_size_oblivious, proven with the real exporters."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from exportlint.engine import lint_source
from exportlint.fixer import fix_text
from exportlint.verify.discovery import find_models
from exportlint.verify.results import Job, ModelResult, Options

REPO = Path(__file__).resolve().parents[1]


def _have_stack() -> bool:
    import importlib.util

    return all(
        importlib.util.find_spec(m) is not None
        for m in ("torch", "onnx", "onnxruntime", "onnxscript")
    )


def exporting(test: Any) -> Any:
    """Runs the exporters (slow; skipped without the verify stack), as in test_verify."""
    skip = pytest.mark.skipif(not _have_stack(), reason="needs torch, onnx, onnxruntime")
    return pytest.mark.export(skip(test))


def _verify(original: str, fixed: str | None, path: Path) -> ModelResult:
    from exportlint.verify import warm_worker

    path.write_text(original, encoding="utf-8")
    (ref,) = find_models(original, str(path))
    job = Job(ref, original, fixed, Options(), roots=(str(path.parent),))
    return warm_worker().verify(job, 900)


_HEADER = "import torch\nfrom torch.export import Dim\n\n\n"

_COUNTED = _HEADER + textwrap.dedent(
    """\
    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.cell = torch.nn.GRUCell(3, 3)

        def forward(self, x, hops):
            h = torch.zeros_like(x)
            for _ in range(hops.item()):  # message passing rounds
                h = self.cell(x, h)
                h = h / (1 + h.abs())
            return h


    torch.manual_seed(0)
    example_inputs = [
        (torch.randn(4, 3), torch.tensor(2)),
        (torch.randn(6, 3), torch.tensor(5)),
        (torch.randn(3, 3), torch.tensor(0)),
    ]
    dynamic_shapes = ({0: Dim.DYNAMIC}, None)
    """
)

_UNTIL = _HEADER + textwrap.dedent(
    """\
    class Model(torch.nn.Module):
        def forward(self, x, tol):
            scale = torch.ones(())
            # shrink until both tests hold
            while not ((x * scale).abs().max() < 1) or scale > 1:
                scale = scale * 0.5
            return x * scale, scale


    torch.manual_seed(0)
    example_inputs = [
        (torch.randn(2, 5) * 8, torch.tensor(0.1)),
        (torch.randn(4, 5) * 300, torch.tensor(0.1)),
        (torch.randn(3, 5) * 0.1, torch.tensor(0.1)),
    ]
    dynamic_shapes = ({0: Dim.DYNAMIC}, None)
    """
)


def _codes(text: str) -> set[str]:
    return {d.code for d in lint_source(text, "m.py", fixes=False)}


def test_data_count_loop_becomes_while_loop_first() -> None:
    result = fix_text(_COUNTED, "m.py", unsafe=True)
    assert "torch._higher_order_ops.while_loop(" in result.text
    assert "(_step < hops).reshape(())" in result.text
    assert "# message passing rounds" in result.text  # the header's comment is kept
    assert "scan" not in result.text
    assert not {"EXL401", "EXL101", "EXL201"} & _codes(result.text)
    compile(result.text, "m.py", "exec")


def test_while_test_is_made_a_tensor_test() -> None:
    result = fix_text(_UNTIL, "m.py", unsafe=True)
    assert "return (~((x * scale).abs().max() < 1)) | (scale > 1)" in result.text
    assert "# shrink until both tests hold" in result.text
    assert "EXL101" not in _codes(result.text)


@pytest.mark.parametrize(
    "body",
    [
        # a list grows: no carried tensor state while_loop could hold
        "out = []\nwhile x.sum() > 0:\n    out.append(x)\n    x = x - 1\nreturn torch.stack(out)",
        # breaks out of the loop
        "while x.sum() > 0:\n    x = x - 1\n    if x.max() < 2:\n        break\nreturn x",
        # a temporary of the last step is read after the loop
        "while x.sum() > 0:\n    y = x * 2\n    x = x - 1\nreturn y",
    ],
)
def test_while_loops_it_cannot_hold_get_no_while_loop(body: str) -> None:
    text = _HEADER + "def f(x):\n" + textwrap.indent(body, "    ") + "\n"
    result = fix_text(text, "m.py", unsafe=True)
    assert "while_loop" not in result.text


def test_python_counted_loops_stay_silent() -> None:
    text = _HEADER + textwrap.dedent(
        """\
        def f(x, n: int):
            steps = 3
            while steps > 0:
                x = x * 0.5
                steps -= 1
            for _ in range(n * 2):
                x = x + 1
            return x
        """
    )
    assert not {"EXL101", "EXL401"} & _codes(text)


@exporting
@pytest.mark.parametrize("source", [_COUNTED, _UNTIL], ids=["counted", "until"])
def test_while_loop_fix_exports_and_matches(source: str, tmp_path: Path) -> None:
    fixed = fix_text(source, "m.py", unsafe=True).text
    assert "while_loop" in fixed
    result = _verify(source, fixed, tmp_path / "model.py")
    assert result.before is not None and not result.before.ok  # the hazard fails
    assert result.status == "pass", result.reason
    assert result.after is not None and result.after.oblivious is None


_DERIVED_ONE = _HEADER + textwrap.dedent(
    """\
    class Model(torch.nn.Module):
        def forward(self, x):
            # neighbours: x[1:] has one row when x, as traced, has two
            return (x[1:] * x[:-1]).sum(0)


    torch.manual_seed(0)
    example_inputs = [(torch.randn(2, 4),), (torch.randn(6, 4),), (torch.randn(3, 4),)]
    dynamic_shapes = ({0: Dim.DYNAMIC},)
    """
)


@exporting
def test_verifier_retries_a_fix_that_fails_only_on_0_1_specialisation(tmp_path: Path) -> None:
    result = _verify(_DERIVED_ONE, _DERIVED_ONE, tmp_path / "model.py")
    before, after = result.before, result.after
    # the code as it is: no retry (the plain export's verdict)
    assert before is not None and before.export_error is not None
    assert "constant" in before.export_error and before.oblivious is None
    # the fixed code: retried with backed_size_oblivious, and it says so
    assert result.status == "pass", result.reason
    assert after is not None and after.oblivious is not None
    assert "backed_size_oblivious" in after.summary
    assert "first_try" in after.timings


@exporting
def test_verifier_keeps_the_first_verdict_when_the_retry_fails(tmp_path: Path) -> None:
    baked = _DERIVED_ONE.replace("(x[1:] * x[:-1]).sum(0)", "x.sum(0) * int(x.shape[0])")
    result = _verify(baked, baked, tmp_path / "model.py")
    after = result.after
    assert result.status == "fail"
    assert after is not None and after.export_error is not None and after.oblivious is None


_KEEP_ONE = _HEADER + textwrap.dedent(
    """\
    class Model(torch.nn.Module):
        def forward(self, scores, thresholds):
            picked = scores > thresholds
            if not picked.any():
                picked[0] = True  # keep the first one
            weights = scores.softmax(0)
            if weights.max() > 0.9:
                weights[0] = 0.5
            return scores * picked, weights


    torch.manual_seed(0)
    example_inputs = [
        (torch.randn(6), torch.tensor(0.5)),
        (torch.randn(9), torch.tensor(5.0)),
        (torch.randn(4) * 9, torch.tensor(-5.0)),
    ]
    dynamic_shapes = ({0: Dim.DYNAMIC}, None)
    """
)


def test_writes_under_a_tensor_test_become_unconditional() -> None:
    result = fix_text(_KEEP_ONE, "m.py", unsafe=True)
    text = result.text
    assert "picked[0] = picked[0] | ~picked.any()" in text
    assert "weights[0] = torch.where(weights.max() > 0.9, 0.5, weights[0])" in text
    assert "# keep the first one" in text
    assert "EXL101" not in _codes(text)


def test_a_branch_that_does_more_than_write_gets_no_masked_write() -> None:
    text = _HEADER + textwrap.dedent(
        """\
        def f(x):
            if x.sum() > 0:
                x[0] = 1.0
            else:
                x[0] = 2.0
            if x.max() > 1:
                x[1] = 3.0
                print("big")
            return x
        """
    )
    assert "x[1] = torch.where" not in fix_text(text, "m.py", unsafe=True).text


@exporting
def test_masked_write_fix_exports_and_matches(tmp_path: Path) -> None:
    fixed = fix_text(_KEEP_ONE, "m.py", unsafe=True).text
    result = _verify(_KEEP_ONE, fixed, tmp_path / "model.py")
    assert result.before is not None and not result.before.ok
    assert result.status == "pass", result.reason
