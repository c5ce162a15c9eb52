"""exportlint.ops.adaptive_avg_pool1d / 2d: torch's adaptive bins from the symbolic size.

Eager: equal to F.adaptive_avg_pool1d/2d for every length and bin count up to a bound.
Export: torch.export with dynamic sizes, torch.onnx (dynamo=True), onnxruntime equal to
torch's pooling at sizes not traced (where torch.onnx's translation of the built-in pool
keeps the traced window).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("onnxruntime")

import onnxruntime as ort
import torch
import torch.nn.functional as F
from torch.export import Dim

from exportlint.ops import adaptive_avg_pool1d, adaptive_avg_pool2d
from exportlint.ops._pool import _sizes, binned_mean

ATOL = 1e-5


def test_1d_equal_to_torch_for_every_length_and_bin_count() -> None:
    torch.manual_seed(0)
    for n in range(1, 30):
        x = torch.randn(2, 3, n)
        for k in range(1, 9):
            torch.testing.assert_close(
                binned_mean(x, [k]), F.adaptive_avg_pool1d(x, k), atol=ATOL, rtol=1e-5
            )
        torch.testing.assert_close(binned_mean(x[0], [3]), F.adaptive_avg_pool1d(x[0], 3))


@pytest.mark.parametrize("size", [(3, 4), 5, (None, 3), (4, None), 1, (7, 2)])
def test_2d_equal_to_torch(size: int | tuple[int | None, int | None]) -> None:
    torch.manual_seed(0)
    x = torch.randn(2, 3, 13, 17)
    sizes = list(size) if isinstance(size, tuple) else [size, size]
    for t in (x, x[0]):
        expected = F.adaptive_avg_pool2d(t, size)  # type: ignore[arg-type]
        torch.testing.assert_close(binned_mean(t, sizes), expected, atol=ATOL, rtol=1e-5)
        torch.testing.assert_close(adaptive_avg_pool2d(t, size), expected)  # eager: torch's


def test_bad_arguments_are_reported() -> None:
    with pytest.raises(ValueError, match="2 elements"):
        _sizes((2, 2, 2), 2)
    with pytest.raises(NotImplementedError, match="non-float"):
        binned_mean(torch.ones(2, 3, 4, 5, dtype=torch.int64), [2, 2])


class _Pools(torch.nn.Module):
    def forward(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return adaptive_avg_pool2d(x, (4, 3)).flatten(1), adaptive_avg_pool1d(y, 5)


@pytest.mark.export
def test_exports_with_dynamic_sizes_and_matches_in_onnxruntime(tmp_path: Path) -> None:
    torch.manual_seed(0)
    x, y = torch.randn(2, 3, 12, 15), torch.randn(2, 3, 9)
    ep = torch.export.export(
        _Pools(),
        (x, y),
        dynamic_shapes=(
            {0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},
            {0: Dim.DYNAMIC, 2: Dim.DYNAMIC},
        ),
        strict=False,
    )
    path = tmp_path / "pool.onnx"
    onnx_program = torch.onnx.export(ep, (x, y), dynamo=True)
    assert onnx_program is not None
    onnx_program.save(str(path))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    for x_shape, y_shape in [
        ((3, 3, 17, 10), (1, 3, 3)),
        ((1, 3, 5, 40), (2, 3, 31)),
        ((2, 3, 2, 3), (2, 3, 1)),
    ]:
        x2, y2 = torch.randn(*x_shape), torch.randn(*y_shape)
        got = session.run(None, dict(zip(names, (x2.numpy(), y2.numpy()))))
        expected = (F.adaptive_avg_pool2d(x2, (4, 3)).flatten(1), F.adaptive_avg_pool1d(y2, 5))
        for g, e in zip(got, expected):
            torch.testing.assert_close(torch.from_numpy(g), e, atol=ATOL, rtol=1e-5)
