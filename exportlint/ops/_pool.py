"""``adaptive_avg_pool1d`` / ``adaptive_avg_pool2d`` with bins computed from the symbolic
input size, so that the ONNX model pools right at every size.

``F.adaptive_avg_pool2d(x, (4, 4))`` exports, but torch.onnx translates it into an
``AveragePool`` whose window is the one of the traced size: at another size the ONNX cells
average the wrong pixels, or the next ``Linear`` fails on a ``Gemm`` dimension mismatch.
Here every output axis is a matrix product with a (k, n) averaging matrix built from
``torch.arange``: bin ``i`` covers ``[i*n // k, ceil((i+1)*n / k))``, torch's own bins
(``aten/src/ATen/native/AdaptivePooling.h``), each weighted ``1 / (end - start)``.  A matmul
rather than differences of a ``cumsum``: the differences of a running sum lose the low bits
of large maps, the matmul sums each bin on its own.

Measured on torch 2.13 CPU (export strict=False with dynamic sizes, torch.onnx
``dynamo=True``, onnxruntime against eager at unseen sizes): it passes.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

__all__ = ["adaptive_avg_pool1d", "adaptive_avg_pool2d", "binned_mean"]


def _tracing() -> bool:
    """torch.export (strict or not) or torch.compile is tracing this call."""
    return bool(torch.compiler.is_exporting() or torch.compiler.is_compiling())


def _bins(n: int | torch.SymInt, k: int, like: Tensor) -> Tensor:
    """The (k, n) matrix whose row i averages bin i of an axis of length n."""
    i = torch.arange(k, device=like.device)
    start = (i * n) // k
    end = ((i + 1) * n + k - 1) // k
    j = torch.arange(n, device=like.device)  # type: ignore[arg-type]  # a SymInt in export
    inside = (j[None, :] >= start[:, None]) & (j[None, :] < end[:, None])
    return inside.to(like.dtype) / (end - start).to(like.dtype)[:, None]


def _sizes(output_size: int | Sequence[int | None] | None, count: int) -> list[int | None]:
    if output_size is None or isinstance(output_size, int):
        return [output_size] * count
    sizes = list(output_size)
    if len(sizes) != count:
        raise ValueError(f"output_size must have {count} elements, got {sizes}")
    return sizes


def binned_mean(x: Tensor, sizes: list[int | None]) -> Tensor:
    """Average pooling of the last len(sizes) axes of x into `sizes` bins (None: kept), as
    products with averaging matrices: what the pools below trace."""
    if not x.is_floating_point():
        raise NotImplementedError("exportlint.ops adaptive pooling of a non-float tensor")
    for offset, k in enumerate(sizes):
        if k is None:
            continue
        axis = x.dim() - len(sizes) + offset
        # (..., n, ...) -> (..., ..., n) @ (n, k) -> back in place.
        moved = x.movedim(axis, -1)
        x = (moved @ _bins(moved.shape[-1], k, moved).t()).movedim(-1, axis)
    return x


def adaptive_avg_pool1d(input: Tensor, output_size: int | Sequence[int]) -> Tensor:
    """``F.adaptive_avg_pool1d(input, output_size)``: torch's own pool in eager mode; while
    ``torch.export`` traces, the same bins (up to rounding) computed from the symbolic
    length, so that the ONNX model pools right at every length."""
    if not _tracing():
        return F.adaptive_avg_pool1d(input, output_size)  # type: ignore[arg-type]
    if input.dim() not in (2, 3):
        raise ValueError(f"adaptive_avg_pool1d: expected a 2-D or 3-D input, got {input.dim()}-D")
    return binned_mean(input, _sizes(output_size, 1))


def adaptive_avg_pool2d(input: Tensor, output_size: int | Sequence[int | None] | None) -> Tensor:
    """``F.adaptive_avg_pool2d(input, output_size)``: torch's own pool in eager mode; while
    ``torch.export`` traces, the same bins (up to rounding) computed from the symbolic
    height and width; ``None`` in ``output_size`` keeps that axis, as in torch."""
    if not _tracing():
        return F.adaptive_avg_pool2d(input, output_size)  # type: ignore[arg-type]
    if input.dim() not in (3, 4):
        raise ValueError(f"adaptive_avg_pool2d: expected a 3-D or 4-D input, got {input.dim()}-D")
    return binned_mean(input, _sizes(output_size, 2))
