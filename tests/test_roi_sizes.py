"""Sizes read from float data in a per-row loop (box sizes in pixels, `int(t.item())`) and the
remainder of an index by such a size (`flat % w`): the candidates that keep them integer
symbols. `torch.sym_int(t.item())` of a float item is a truncated float symbol
(`TruncToInt(zuf0)`), which cannot be a size; `t.long().item()` is an integer one.
`torch.remainder(t, torch.tensor(w))` pins a size read from data; the floor remainder written
out does not."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import apply_edits

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "roi_cases"

HEADER = """\
import torch


class Model(torch.nn.Module):
    def forward(self, x, sizes):
"""


def _source(body: str) -> str:
    return HEADER + textwrap.indent(textwrap.dedent(body), " " * 8)


def _diagnostics(body: str, code: str) -> list[Diagnostic]:
    return [d for d in lint_source(_source(body), "m.py") if d.code == code]


def _candidates(body: str, d: Diagnostic) -> list[tuple[str, Applicability]]:
    """Each candidate as the line it writes (the diagnostic's line, fixed), with its label."""
    source = _source(body)
    return [
        (apply_edits(source, f.edits).splitlines()[d.line - 1].strip(), f.applicability)
        for f in d.fixes
        if f.edits
    ]


@pytest.mark.parametrize(
    ("line", "first"),
    [
        ("c = i % n", 'c = i - torch.div(i, n, rounding_mode="floor") * n'),
        ("c = i.remainder(n)", 'c = i - torch.div(i, n, rounding_mode="floor") * n'),
        ("c = i % x.shape[-1]", 'c = i - torch.div(i, x.shape[-1], rounding_mode="floor") * x'),
    ],
)
def test_the_floor_remainder_comes_first_and_is_safe(line: str, first: str) -> None:
    body = f"n = x.shape[1]\ni = x.argmax(1)\n{line}\nreturn c\n"
    (d,) = _diagnostics(body, "EXL404")
    (content, applicability), *others = _candidates(body, d)
    assert content.startswith(first)
    assert applicability is Applicability.SAFE
    # The 0-d tensor form stays as the next candidate.
    assert any("torch.tensor(" in c for c, _ in others)


def test_an_operand_with_a_call_is_not_written_twice() -> None:
    body = "n = x.shape[1]\nc = x.argmax(1) % n\nreturn c\n"
    (d,) = _diagnostics(body, "EXL404")
    assert all("torch.div" not in c for c, _ in _candidates(body, d))


def test_int_of_a_float_item_offers_an_integer_read_after_sym_int() -> None:
    body = "h = int(sizes[0].item())\nreturn x[:h]\n"
    (d,) = _diagnostics(body, "EXL201")
    found = _candidates(body, d)
    assert found[0] == ("h = torch.sym_int(sizes[0].item())", Applicability.SAFE)
    assert found[-1] == ("h = sizes[0].long().item()", Applicability.UNSAFE)


def test_float_casts_get_no_integer_read() -> None:
    body = "h = float(sizes[0].item())\nreturn x * h\n"
    found = [c for d in _diagnostics(body, "EXL201") for c, _ in _candidates(body, d)]
    assert not any(".long()" in c for c in found)


@pytest.mark.export
def test_a_per_box_resize_and_peak_verifies(tmp_path: Path) -> None:
    """A real `--fix --verify` (export, ONNX, onnxruntime on unseen box counts and sizes):
    with the 0-d tensor remainder alone it fails (the size read from data is pinned)."""
    pytest.importorskip("torch")
    pytest.importorskip("onnxruntime")
    name = "box_peak_per_box.py"
    (tmp_path / name).write_text((CASES / name).read_text(encoding="utf-8"), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(
        [sys.executable, "-m", "exportlint", "check", "--fix", "--verify", "--isolated",
         "--no-cache", name],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    out = completed.stdout + completed.stderr
    # (The buffer's `len(boxes)` is merged into the loop's report: exportlint/loop_buffers.py.)
    assert f"{name} [EXL201, EXL401, EXL404]: verified" in out, out
    fixed = (tmp_path / name).read_text(encoding="utf-8")
    assert 'rounding_mode="floor") * width' in fixed
