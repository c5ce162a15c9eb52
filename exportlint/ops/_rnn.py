"""``rnn(module, input, hx=None)``: an ``nn.GRU`` / ``nn.LSTM`` / ``nn.RNN`` run as a
``scan`` over time, so that the time axis stays dynamic in ``torch.export`` and in ONNX.

The layer's own kernel unrolls its time loop while tracing: ``torch.export`` fixes the
sequence length to the traced one.  Here every layer and direction is one
``torch._higher_order_ops.scan``: the input projection of all steps is one matmul before
the scan, the recurrence (``h @ W_hh.T`` and the gates) is the scan body.  The equations
are torch's own (``nn.GRU`` / ``nn.LSTM`` / ``nn.RNN`` docs), with the module's weights.

Measured on torch 2.13 CPU (export strict=False with a dynamic time axis, torch.onnx
``dynamo=True``, onnxruntime against eager at unseen lengths): it passes.  scan converts to
ONNX (a ``Scan`` node) only when none of its inputs needs gradients (torch.onnx re-runs
scan's autograd rule, which fails on a symbolic size), hence the weights and the inputs are
detached while exporting; eager code keeps its gradients.  The backward direction is the
forward scan over the time-flipped input (``torch.flip``), flipped back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

import torch
from torch import Tensor, nn

__all__ = ["recurrence", "rnn"]

State: TypeAlias = Tensor | tuple[Tensor, Tensor]
_Cell: TypeAlias = Callable[[Tensor, Tensor, Tensor, Tensor | None], Tensor]


def _refuse(module: nn.RNNBase, input: Tensor) -> None:
    """NotImplementedError naming what this formulation does not cover."""
    if not isinstance(module, nn.GRU | nn.LSTM | nn.RNN):
        raise NotImplementedError(
            f"exportlint.ops.rnn: {type(module).__name__} is not nn.GRU/LSTM/RNN"
        )
    if isinstance(input, nn.utils.rnn.PackedSequence):
        raise NotImplementedError(
            "exportlint.ops.rnn: a PackedSequence input (run it over the padded tensor with a "
            "length mask)"
        )
    if module.training and module.dropout > 0 and module.num_layers > 1:
        raise NotImplementedError("exportlint.ops.rnn: dropout between layers in training mode")
    if input.dim() not in (2, 3):
        raise NotImplementedError(f"exportlint.ops.rnn: an input of {input.dim()} dimensions")


def _detached(t: Tensor) -> Tensor:
    # torch.onnx re-runs scan's autograd rule on inputs that need gradients and fails on a
    # symbolic size; eager code keeps its gradients.
    return t.detach() if torch.compiler.is_exporting() else t


def _detached_state(state: Any) -> Any:
    return tuple(_detached(t) for t in state) if isinstance(state, tuple) else _detached(state)


def _tracing() -> bool:
    """torch.export (strict or not) or torch.compile is tracing this call."""
    return bool(torch.compiler.is_exporting() or torch.compiler.is_compiling())


def _shape(state: Any) -> tuple[int, ...]:
    h = state[0] if isinstance(state, tuple) else state
    return tuple(h.shape)


def _step(module: nn.RNNBase) -> Callable[[Tensor, Any, Tensor, Tensor | None], tuple[Any, Tensor]]:
    """The body of one step: (projected input of the step, state, W_hh, b_hh) -> (state, out)."""
    mode = module.mode

    if mode == "LSTM":

        def lstm(
            gi: Tensor, state: Any, w_hh: Tensor, b_hh: Tensor | None, w_hr: Tensor | None
        ) -> Any:
            h, c = state
            gates = gi + h @ w_hh.t()
            if b_hh is not None:
                gates = gates + b_hh
            i, f, g, o = gates.chunk(4, -1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            if w_hr is not None:
                h = h @ w_hr.t()
            return (h, c), h.clone()

        return lstm  # type: ignore[return-value]
    if mode == "GRU":

        def gru(
            gi: Tensor, h: Tensor, w_hh: Tensor, b_hh: Tensor | None, w_hr: Tensor | None
        ) -> Any:
            gh = h @ w_hh.t()
            if b_hh is not None:
                gh = gh + b_hh
            i_r, i_z, i_n = gi.chunk(3, -1)
            h_r, h_z, h_n = gh.chunk(3, -1)
            r = torch.sigmoid(i_r + h_r)
            z = torch.sigmoid(i_z + h_z)
            n = torch.tanh(i_n + r * h_n)
            h = (1 - z) * n + z * h
            return h, h.clone()

        return gru  # type: ignore[return-value]
    activation = torch.tanh if mode == "RNN_TANH" else torch.relu

    def plain(gi: Tensor, h: Tensor, w_hh: Tensor, b_hh: Tensor | None, w_hr: Tensor | None) -> Any:
        pre = gi + h @ w_hh.t()
        if b_hh is not None:
            pre = pre + b_hh
        h = activation(pre)
        return h, h.clone()

    return plain  # type: ignore[return-value]


def _direction(
    module: nn.RNNBase, layer: int, suffix: str, x: Tensor, state: Any, valid: Tensor | None
) -> tuple[Tensor, Any]:
    """One layer, one direction over time-major `x` (T, B, F): (outputs (T, B, H), state).

    `valid` (T, B, 1), with `lengths`: 1 at the steps of each sequence, 0 after its end. A
    step past the end keeps the state and outputs zeros, as a packed sequence does; the
    backward direction reads each sequence reversed within its own length.
    """
    from torch._higher_order_ops.scan import scan

    def weight(kind: str) -> Tensor | None:
        name = f"{kind}_l{layer}{suffix}"
        return _detached(getattr(module, name)) if hasattr(module, name) else None

    w_ih, w_hh = weight("weight_ih"), weight("weight_hh")
    b_ih, b_hh, w_hr = weight("bias_ih"), weight("bias_hh"), weight("weight_hr")
    assert w_ih is not None and w_hh is not None
    projected = x @ w_ih.t()
    if b_ih is not None:
        projected = projected + b_ih
    order: Tensor | None = None
    if suffix and valid is not None:
        # Step t of sequence b reads step len_b - 1 - t (t < len_b), the padding stays put:
        # the same permutation maps the outputs back.
        steps = torch.arange(x.shape[0], device=x.device)[:, None]
        lengths = valid.sum(0).to(torch.int64)  # (B, 1)
        order = torch.where(steps < lengths.t(), lengths.t() - 1 - steps, steps)  # (T, B)
        projected = projected.gather(0, order[..., None].expand_as(projected))
    elif suffix:
        projected = projected.flip(0)
    step = _step(module)

    masked = valid is not None  # a bool: the body closes over no view of another tensor

    def body(carry: Any, inputs: tuple[Tensor, Tensor]) -> tuple[Any, Tensor]:
        gi, keep = inputs
        new, out = step(gi, carry, w_hh, b_hh, w_hr)  # type: ignore[call-arg]
        if not masked:
            return new, out
        if isinstance(new, tuple):
            new = tuple(torch.where(keep > 0, n, c) for n, c in zip(new, carry))
        else:
            new = torch.where(keep > 0, new, carry)
        return new, out * keep

    keep = valid if valid is not None else projected.new_ones(projected.shape[0], 1, 1)
    if _tracing():
        # Fresh copies: a carry or an input that is a view of another tensor (`h0[k]`, the
        # mask) makes export trace the body again with its storage offset as a size, and
        # the batch size gets fixed to the traced one.
        init = tuple(t.clone() for t in state) if isinstance(state, tuple) else state.clone()
        xs = (_detached(projected).clone(), _detached(keep).clone())
        final, outputs = scan(body, _detached_state(init), xs)
    else:
        # Eager: the same step in a Python loop. scan itself runs eagerly through
        # torch.compile, which compiles again for every new size.
        final, pieces = state, []
        for gi, k in zip(projected.unbind(0), keep.unbind(0)):
            final, out = body(final, (gi, k))
            pieces.append(out)
        outputs = torch.stack(pieces) if pieces else projected.new_zeros(0, *_shape(final))
    if order is not None:
        outputs = outputs.gather(0, order[..., None].expand_as(outputs))
    elif suffix:
        outputs = outputs.flip(0)
    return outputs, final


def rnn(
    module: nn.RNNBase,
    input: Tensor,
    hx: State | None = None,
    *,
    lengths: Tensor | Sequence[int] | None = None,
) -> tuple[Tensor, State]:
    """``module(input, hx)`` for an ``nn.GRU`` / ``nn.LSTM`` / ``nn.RNN``, with a time axis
    that stays dynamic in ``torch.export`` and ONNX.

    In eager mode this calls the module itself (the same values, kernels, dropout and
    gradients as before the rewrite); while ``torch.export`` or ``torch.compile`` traces, it
    computes the same recurrence as a ``scan`` over time (:func:`recurrence`).

    ``lengths`` (one per sequence of the padded batch) gives what ``pack_padded_sequence``
    -> the layer -> ``pad_packed_sequence(..., total_length=<padded length>)`` gives: zeros
    after each sequence's end, the state at each sequence's last step, the backward
    direction over each sequence alone. The output keeps the padded length
    (``pad_packed_sequence`` without ``total_length`` cuts it to the longest sequence).
    """
    if not _tracing():
        if lengths is None:
            return module(input, hx)  # type: ignore[no-any-return]
        counts = torch.as_tensor(lengths).cpu()
        packed = nn.utils.rnn.pack_padded_sequence(
            input, counts, batch_first=module.batch_first, enforce_sorted=False
        )
        out, state = module(packed, hx)
        time = 1 if module.batch_first else 0
        padded, _ = nn.utils.rnn.pad_packed_sequence(
            out, batch_first=module.batch_first, total_length=input.shape[time]
        )
        return padded, state
    return recurrence(module, input, hx, lengths=lengths)


def recurrence(
    module: nn.RNNBase,
    input: Tensor,
    hx: State | None = None,
    *,
    lengths: Tensor | Sequence[int] | None = None,
) -> tuple[Tensor, State]:
    """:func:`rnn` written out: the module's equations with its own weights, one ``scan``
    per layer and direction while tracing, a Python loop of the same step in eager mode.

    Covers ``batch_first``, several layers, ``bidirectional``, ``bias=False``, LSTM
    ``proj_size``, unbatched 2-D input, ``hx`` given or not; raises ``NotImplementedError``
    naming what it does not (a ``PackedSequence`` input, dropout between layers in
    training mode).
    """
    _refuse(module, input)
    lstm = module.mode == "LSTM"
    unbatched = input.dim() == 2
    x = (
        input.unsqueeze(1)
        if unbatched
        else (input.transpose(0, 1) if module.batch_first else input)
    )
    directions = 2 if module.bidirectional else 1
    layers = module.num_layers
    batch = x.shape[1]
    out_size = module.proj_size if lstm and module.proj_size > 0 else module.hidden_size
    if hx is None:
        h0 = x.new_zeros(layers * directions, batch, out_size)
        c0 = x.new_zeros(layers * directions, batch, module.hidden_size)
    else:
        if lstm:
            h0, c0 = hx
        else:
            h0, c0 = hx, hx  # type: ignore[assignment]
        if unbatched:
            h0, c0 = h0.unsqueeze(1), c0.unsqueeze(1)
    valid: Tensor | None = None
    if lengths is not None:
        if unbatched:
            raise NotImplementedError("exportlint.ops.rnn: lengths with an unbatched input")
        counts = torch.as_tensor(lengths, device=x.device)
        steps = torch.arange(x.shape[0], device=x.device)
        valid = (steps[:, None] < counts[None, :]).to(x.dtype)[..., None]
    h_n, c_n = [], []
    for layer in range(layers):
        outputs = []
        for direction in range(directions):
            k = layer * directions + direction
            state: Any = (h0[k], c0[k]) if lstm else h0[k]
            suffix = "_reverse" if direction else ""
            out, final = _direction(module, layer, suffix, x, state, valid)
            outputs.append(out)
            if lstm:
                h_n.append(final[0])
                c_n.append(final[1])
            else:
                h_n.append(final)
        x = torch.cat(outputs, -1) if directions == 2 else outputs[0]
    output = x.squeeze(1) if unbatched else (x.transpose(0, 1) if module.batch_first else x)
    h = torch.stack(h_n)
    if unbatched:
        h = h.squeeze(1)
    if not lstm:
        return output, h
    c = torch.stack(c_n)
    return output, (h, c.squeeze(1) if unbatched else c)
