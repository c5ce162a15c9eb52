"""Fixes that are offered must work: the verifier loads code that registers operators twice,
and the generated code (torch.cond branches, loop carries) runs eagerly and exports."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from exportlint.verify.discovery import find_models
from exportlint.verify.results import Job, ModelResult, Options


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


_REGISTERS_OPS = textwrap.dedent(
    """\
    import torch

    # registered when the file is imported: a second registration of the same name raises
    torch.library.define("exlrobust::scale", "(Tensor x) -> Tensor")


    @torch.library.impl("exlrobust::scale", "cpu")
    def _scale(x):
        return x * 2


    _lib = torch.library.Library("exlrobust_def", "DEF")
    _lib.define("shift(Tensor x) -> Tensor")


    @torch.library.custom_op("exlrobust::plus", mutates_args=())
    def plus(x: torch.Tensor) -> torch.Tensor:
        return x + 1


    class Model(torch.nn.Module):
        def forward(self, x):
            return torch.relu(x) * 3


    example_inputs = [(torch.randn(3, 4),), (torch.randn(5, 4),)]
    """
)


@exporting
def test_a_file_that_registers_operators_loads_again_as_the_fixed_code(tmp_path: Path) -> None:
    result = _verify(_REGISTERS_OPS, _REGISTERS_OPS, tmp_path / "model.py")
    assert result.after is not None and result.after.eager_error is None, result.reason
    assert result.status == "pass", result.reason
    # the next job of the same worker loads the file once more (the next model of a file)
    again = _verify(_REGISTERS_OPS, _REGISTERS_OPS, tmp_path / "model.py")
    assert again.status == "pass", again.reason


_GUARDED_KERNEL = textwrap.dedent(
    """\
    import torch

    # apex-style: registered once per process, the guard skips it on a second import
    if not hasattr(torch.ops.exlrobust_guard, "soft"):
        torch.library.define("exlrobust_guard::soft", "(Tensor x) -> Tensor")

        @torch.library.impl("exlrobust_guard::soft", "cpu")
        def _soft(x):
            return torch.tanh(x / 3.0) * 3.0


    class Model(torch.nn.Module):
        def forward(self, x):
            return torch.ops.exlrobust_guard.soft(x) + 1


    example_inputs = [(torch.randn(3, 4),), (torch.randn(5, 4),)]
    """
)


@exporting
def test_guarded_registrations_of_the_fixed_code_replace_the_originals(tmp_path: Path) -> None:
    """The fixed text registers a composite kernel under the same `if not hasattr` guard: the
    worker, which loaded the original first, must not keep the original's CPU kernel (export
    would fail on the operator), and the next job's original must get its own kernel back."""
    fixed = _GUARDED_KERNEL.replace('"cpu"', '"CompositeImplicitAutograd"')
    assert fixed != _GUARDED_KERNEL
    result = _verify(_GUARDED_KERNEL, fixed, tmp_path / "model.py")
    assert result.before is not None and result.before.export_error is not None
    assert result.status == "pass", result.reason
    again = _verify(_GUARDED_KERNEL, None, tmp_path / "model.py")
    assert again.before is not None and again.before.export_error is not None, again.reason


# Run in a subprocess per rule folder (one torch import each, and operator registrations or
# module state of one folder never leak into the next). Prints a JSON list of failures.
_EAGER_SCRIPT = """
import json, sys, pathlib, warnings
warnings.filterwarnings("ignore")
from exportlint.fixer import fix_text
from exportlint.verify.common import clone
from exportlint.verify.discovery import find_models
from exportlint.verify.loading import load_example
from exportlint.verify.results import Job

def runs(job, fixed):
    with load_example(job, fixed=fixed) as example:
        for input_set in example.sets:
            args, kwargs = clone(input_set)
            example.model(*args, **kwargs)

failures = []
for hazard in sorted(pathlib.Path(sys.argv[1]).glob("hazard_*.py")):
    original = hazard.read_text(encoding="utf-8")
    fixed = fix_text(original, str(hazard), unsafe=True).text
    if fixed == original:
        continue
    for ref in find_models(original, str(hazard)):
        job = Job(ref, original, fixed)
        try:
            runs(job, False)
        except Exception:
            continue  # the hazard itself does not run eagerly: nothing to keep
        try:
            runs(job, True)
        except Exception as exc:
            failures.append(f"{hazard.name}::{ref.name}: {type(exc).__name__}: {exc}"[:400])
print(json.dumps(failures))
"""

_RULES = sorted(p for p in (Path(__file__).resolve().parents[1] / "rules").iterdir() if p.is_dir())


@pytest.mark.skipif(not _have_stack(), reason="needs torch")
@pytest.mark.parametrize("folder", _RULES, ids=[p.name for p in _RULES])
def test_what_unsafe_fixes_writes_still_runs_eagerly(folder: Path) -> None:
    """For every catalogue hazard `--fix --unsafe-fixes` changes (all its diagnostics fixed
    or only some), the written file still loads and runs its example inputs eagerly."""
    import json
    import os
    import subprocess
    import sys

    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", _EAGER_SCRIPT, str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    failures = json.loads(done.stdout.strip().splitlines()[-1])
    assert not failures, "\n".join(failures)


_LOOP_BODY_CONSTANT = textwrap.dedent(
    """\
    import torch
    from torch.export import Dim
    from exportlint.ops import simple_loop_for


    class Model(torch.nn.Module):
        def forward(self, x):
            def _loop_body(i, x):
                row = x.index_select(0, i.reshape(1))
                # constants made inside the body (a scale table, a bias)
                return row * torch.tensor([2.0, 1.0, 0.5, 0.25]) + torch.tensor(1.0)

            return simple_loop_for(x.shape[0], _loop_body, (x,))


    example_inputs = [(torch.randn(3, 4),), (torch.randn(5, 4),)]
    dynamic_shapes = ({0: Dim.DYNAMIC},)
    """
)


@exporting
def test_a_simple_loop_for_body_that_makes_a_constant_converts_to_onnx(tmp_path: Path) -> None:
    # was: SpecViolationError: Buffer simple_loop_for_body_0._tensor_constant0 is not in the
    # state dict (the constant stayed an attribute of the subgraph)
    result = _verify(_LOOP_BODY_CONSTANT, None, tmp_path / "model.py")
    assert result.status == "pass", result.reason


def test_a_kernel_under_the_library_impl_decorator_is_never_called(tmp_path: Path) -> None:
    from exportlint.fixer import fix_text

    rules = Path(__file__).resolve().parents[1] / "rules"
    hazard = rules / "EXL403-custom-op" / "hazard_library_impl_decorated_kernel.py"
    path = tmp_path / "model.py"
    path.write_text(hazard.read_text(encoding="utf-8"), encoding="utf-8")
    fixed = fix_text(path.read_text(encoding="utf-8"), str(path), unsafe=True).text
    # `@torch.library.impl("ns::op", "cpu")` binds the name to None: calling it would raise
    assert "_soft_clip(self.proj(x))" not in fixed


SINGLE_ROW_CARRY = """
import torch


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 16)

    def forward(self, x):
        h = self.proj(x)[:1, :8]
        while h.norm(dim=-1).max() > 1.5:
            h = h * 0.5
        return h
"""


def test_a_while_loop_carry_that_starts_as_a_single_row_slice_runs_eagerly() -> None:
    """`.contiguous()` returns a (1, 8) slice of a (3, 16) tensor as it is (a size-1 dimension
    counts as contiguous whatever its stride), so while_loop saw stride (16, 1) against the
    body's (8, 1) and the written file raised in eager mode; the carry starts as a dense copy."""
    import torch

    from exportlint.fixer import fix_text

    fixed = fix_text(SINGLE_ROW_CARRY, "single_row.py", unsafe=True).text
    assert "while_loop" in fixed, fixed
    original: dict[str, Any] = {}
    rewritten: dict[str, Any] = {}
    exec(compile(SINGLE_ROW_CARRY, "original.py", "exec"), original)
    exec(compile(fixed, "fixed.py", "exec"), rewritten)
    torch.manual_seed(0)
    before = original["Model"]()
    after = rewritten["Model"]()
    after.load_state_dict(before.state_dict())
    x = torch.randn(3, 6) * 4
    torch.testing.assert_close(after(x), before(x))


SINGLE_ROW_SCAN = """\
import torch


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 16)

    def forward(self, x, seq):
        h = self.proj(x)[:1, :8]
        for t in range(seq.size(1)):
            h = torch.tanh(h + seq[:, t])
        return h
"""


def test_a_scan_carry_that_starts_as_a_single_row_slice_runs_eagerly() -> None:
    """The scan rewrite's initial carry was `.contiguous()`, which keeps a (1, 8) slice's
    stride (16, 1) against the body's dense (8, 1): scan raised "Expected init and carry to
    have same metadata" in eager mode on the fresh held-out set. It starts as a dense copy."""
    import torch

    from exportlint.fixer import fix_text

    fixed = fix_text(SINGLE_ROW_SCAN, "single_row_scan.py", unsafe=True).text
    assert "_higher_order_ops.scan" in fixed, fixed
    original: dict[str, Any] = {}
    rewritten: dict[str, Any] = {}
    exec(compile(SINGLE_ROW_SCAN, "original.py", "exec"), original)
    exec(compile(fixed, "fixed.py", "exec"), rewritten)
    torch.manual_seed(0)
    before = original["Model"]()
    after = rewritten["Model"]()
    after.load_state_dict(before.state_dict())
    x, seq = torch.randn(3, 6), torch.randn(1, 5, 8)
    torch.testing.assert_close(after(x, seq), before(x, seq))
