"""ONNX translation of ``simple_loop_for`` for ``torch.onnx.export(..., dynamo=True)``.

For every output ``k`` the operator becomes::

    seq_k   = SequenceEmpty(dtype_k)        # or SequenceConstruct(<empty tensor>), see below
    *seqs   = Loop(n_iter, "", *seq_k)      # body: outs = body(i, *operands)
                                            #       seq_k' = SequenceInsert(seq_k, outs[k])
    out_k   = ConcatFromSequence(seqs[k], axis=concatenation_dims[k])

The body subgraph calls the ONNX function torch.onnx made of the FX body graph and reads
the operands from the enclosing scope.  The nodes are emitted the way torch's own
translations of ``cond``/``while_loop``/``scan`` do it
(``torch/onnx/_internal/exporter/_torchlib/ops/hop.py``): ``ir.Node``/``ir.Graph`` for the
subgraph and ``hop.call_op`` (which appends to torch's active ``OpRecorder``) for the
outer nodes.  onnxscript's ``op.Loop`` is not used: through torch's recorder it bound its
inputs wrongly.

``ConcatFromSequence`` rejects an empty sequence, so zero iterations would fail in
onnxruntime.  When the shape of one iteration's output can be written from the inputs
(every dimension other than the concatenation axis is a constant or a dimension of an
operand, which covers ``x[s:e]`` and row loops), the sequence starts with an empty tensor
of that shape instead of empty, and zero iterations give the same empty result as eager.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import onnx_ir as ir
from torch.onnx._internal.exporter._torchlib.ops.hop import call_op

from exportlint.ops._loop import simple_loop_for_op

__all__ = ["onnx_translation_table", "simple_loop_for_to_onnx"]

# Value names must be unique across a model and all its subgraphs.
_counter = itertools.count()


def _axes(concatenation_dims: Sequence[int] | None, body: ir.Function) -> list[int]:
    n_outputs = len(body.outputs)
    dims = [int(d) for d in concatenation_dims or ()]
    if len(dims) > n_outputs:
        raise ValueError(
            f"simple_loop_for: the body has {n_outputs} outputs but concatenation_dims is {dims}"
        )
    dims += [0] * (n_outputs - len(dims))  # as in eager: missing entries mean axis 0
    axes = []
    for dim, value in zip(dims, body.outputs):
        rank = None if value.shape is None else len(value.shape)
        axes.append(dim % rank if rank and dim < 0 else dim)
    return axes


def _dim_source(dim: Any, operands: Sequence[ir.Value]) -> tuple[ir.Value, int] | None:
    """An operand and axis whose size is the symbolic dimension ``dim``, if any."""
    name = getattr(dim, "value", None)
    if not isinstance(name, str):
        return None
    for operand in operands:
        if operand.shape is None:
            continue
        for axis, other in enumerate(operand.shape):
            if getattr(other, "value", None) == name:
                return operand, axis
    return None


def _empty_piece(value: ir.Value, axis: int, operands: Sequence[ir.Value]) -> ir.Value | None:
    """A 0-length tensor shaped like one iteration's output, or None if the shape of an
    iteration cannot be computed outside the loop."""
    if value.shape is None or value.dtype is None:
        return None
    parts: list[ir.Value] = []
    for d, dim in enumerate(value.shape):
        if d == axis:
            size = 0
        elif isinstance(dim, int):
            size = dim
        else:
            source = _dim_source(dim, operands)
            if source is None:
                return None
            operand, operand_axis = source
            parts.append(call_op("Shape", operand, start=operand_axis, end=operand_axis + 1)[0])
            continue
        parts.append(call_op("Constant", value=ir.tensor([size], dtype=ir.DataType.INT64))[0])
    shape = parts[0] if len(parts) == 1 else call_op("Concat", *parts, axis=0)[0]
    zero = ir.tensor([0], dtype=value.dtype)
    return call_op("ConstantOfShape", shape, value=zero)[0]


def simple_loop_for_to_onnx(
    n_iter: ir.Value,
    body: ir.Function,
    operands: Sequence[ir.Value],
    concatenation_dims: Sequence[int] | None = None,
) -> Sequence[ir.Value]:
    """Translate one ``simple_loop_for`` node (called by torch.onnx's dispatcher)."""
    operands = list(operands)
    n_outputs = len(body.outputs)
    axes = _axes(concatenation_dims, body)
    dtypes: list[ir.DataType] = []
    for k, value in enumerate(body.outputs):
        if value.dtype is None:
            raise ValueError(f"simple_loop_for: the dtype of body output {k} is unknown")
        dtypes.append(value.dtype)

    # The Loop body: (iteration, condition, *sequences) -> (condition, *sequences).
    prefix = f"{body.name}_loop{next(_counter)}"
    iteration = ir.Value(
        name=f"{prefix}_iteration", shape=ir.Shape([]), type=ir.TensorType(ir.DataType.INT64)
    )
    condition = ir.Value(
        name=f"{prefix}_cond_in", shape=ir.Shape([]), type=ir.TensorType(ir.DataType.BOOL)
    )
    sequences_in = [
        ir.Value(
            name=f"{prefix}_seq_in_{k}",
            type=ir.SequenceType(ir.TensorType(dtype)),
        )
        for k, dtype in enumerate(dtypes)
    ]
    call = ir.Node(body.domain, body.name, [iteration, *operands], num_outputs=n_outputs)
    # onnxruntime rejects duplicate value names across the graph and its subgraphs.
    for k, out in enumerate(call.outputs):
        out.name = f"{prefix}_piece_{k}"
    inserts = [
        ir.Node("", "SequenceInsert", [sequences_in[k], call.outputs[k]], num_outputs=1)
        for k in range(n_outputs)
    ]
    for k, node in enumerate(inserts):
        node.outputs[0].name = f"{prefix}_seq_out_{k}"
    # A trip-count loop: the condition stays true (not read from cond_in, whose value
    # the ONNX spec leaves open when the Loop has no condition input).
    keep_going = ir.Node(
        "", "Constant", [], attributes=[ir.AttrTensor("value", ir.tensor(True))], num_outputs=1
    )
    keep_going.outputs[0].name = f"{prefix}_cond_out"
    loop_body = ir.Graph(
        [iteration, condition, *sequences_in],
        [keep_going.outputs[0], *(node.outputs[0] for node in inserts)],
        nodes=[call, *inserts, keep_going],
        name=f"{prefix}_loop_body",
    )

    initial: list[ir.Value] = []
    for k, (value, axis) in enumerate(zip(body.outputs, axes)):
        empty = _empty_piece(value, axis, operands)
        if empty is None:
            initial.append(call_op("SequenceEmpty", dtype=dtypes[k])[0])
        else:
            initial.append(call_op("SequenceConstruct", empty)[0])

    sequences = call_op("Loop", n_iter, None, *initial, _num_outputs=n_outputs, body=loop_body)
    return [call_op("ConcatFromSequence", sequences[k], axis=axes[k])[0] for k in range(n_outputs)]


def _dispatch_entry(n_iter: Any, body: Any, operands: Any, concatenation_dims: Any = None) -> Any:
    """What the table registers: torch.onnx infers an ONNX signature from the annotations
    of a custom translation and logs a warning when it cannot (``ir.Value`` has a
    ``dtype`` property it mistakes for a tensor type).  ``Any`` infers cleanly."""
    return simple_loop_for_to_onnx(n_iter, body, operands, concatenation_dims)


def onnx_translation_table() -> dict[Any, Callable[..., Any]]:
    """The ``custom_translation_table`` entries for the operators of :mod:`exportlint.ops`.

    Use as ``torch.onnx.export(model, args, dynamo=True,
    custom_translation_table=onnx_translation_table())`` (merge it with your own entries
    if you have some).
    """
    return {simple_loop_for_op: _dispatch_entry}
