"""Export-friendly operators: what exportlint's fixes rewrite loops into.

``simple_loop_for`` runs a body once per iteration and concatenates results of varying
size, and exports with ``torch.export`` (``strict=False`` and ``strict=True``) and to ONNX
(``torch.onnx.export(..., dynamo=True)``; importing this package registers the
translation, :func:`onnx_translation_table` gives it as a ``custom_translation_table``).
It is a drop-in for onnx-diagnostic's ``simple_loop_for`` (same arguments, same return
convention).

``rnn(module, input, hx)`` runs an ``nn.GRU`` / ``nn.LSTM`` / ``nn.RNN`` as a ``scan`` over
time (the layer itself unrolls its loop at trace time: export fixes the sequence length);
``adaptive_avg_pool1d`` / ``adaptive_avg_pool2d`` compute their bins from the symbolic size
(torch.onnx bakes the traced window of the built-in ones).  Each keeps its sizes dynamic
through ``torch.export`` and ``torch.onnx.export(..., dynamo=True)``.

Importing this package imports torch; nothing else in exportlint imports it (the linter
never imports torch).  The ONNX stack (onnx_ir, onnxscript, torch.onnx internals) is
imported only by torch.onnx itself or by :func:`onnx_translation_table`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from exportlint.ops import _dynamo, _torch_onnx
from exportlint.ops._loop import simple_loop_for
from exportlint.ops._pool import adaptive_avg_pool1d, adaptive_avg_pool2d
from exportlint.ops._rnn import rnn

__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "onnx_translation_table",
    "rnn",
    "simple_loop_for",
]

# strict=True export (dynamo) needs to know the operator; see _dynamo.py.
_dynamo.register()
# torch.onnx.export(dynamo=True) without custom_translation_table; see _torch_onnx.py.
_torch_onnx.register()


def onnx_translation_table() -> dict[Any, Callable[..., Any]]:
    """The ``custom_translation_table`` for the operators of :mod:`exportlint.ops`.

    ``torch.onnx.export(model, args, dynamo=True,
    custom_translation_table=exportlint.ops.onnx_translation_table())``; merge it with your
    own entries if you have some (``{**onnx_translation_table(), **mine}``).
    """
    from exportlint.ops._onnx import onnx_translation_table as table

    return table()
