"""The ``simple_loop_for`` higher-order operator.

``simple_loop_for(n_iter, body_fn, operands, concatenation_dims)`` computes::

    pieces = [body_fn(torch.tensor(i), *operands) for i in range(int(n_iter))]
    torch.cat([p[k] for p in pieces], dim=concatenation_dims[k])  # for every output k

where every call may return pieces of a different size along the concatenation axis.
``scan`` cannot express that (its outputs are stacked, one fixed-size slice per step) and a
Python loop over a dynamic size or over data cannot be exported at all.

The operator is a :class:`torch._ops.HigherOrderOperator` with one rule per dispatch
situation, the same set torch's own loop operators (``while_loop``, ``map``) register:

* dense (``CompositeExplicitAutograd``): the Python loop above, on real tensors;
* autograd: falls through, so in eager mode the body's own operators record gradients;
* fake tensors: runs the body once on fake inputs for dtypes and ranks, and gives the
  concatenation axis of every output a *fresh unbacked* size.  Never the size of one
  iteration: that would make every later use of ``out.shape`` a wrong constant;
* functionalization: functionalizes the body and re-dispatches;
* ``ProxyTorchDispatchMode`` (make_fx / ``torch.export`` tracing): traces the body into a
  subgraph registered on the root module and records one ``call_function`` node.

``torch.export.export(..., strict=True)`` goes through dynamo, which needs a variable
tracker for the operator: see :mod:`exportlint.ops._dynamo`.  The ONNX translation lives
in :mod:`exportlint.ops._onnx`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

import torch
import torch.utils._pytree as pytree
from torch._C import DispatchKey
from torch._higher_order_ops.utils import (
    _maybe_run_with_interpreter,
    reenter_make_fx,
)
from torch._ops import HigherOrderOperator
from torch._subclasses.fake_tensor import FakeTensorMode
from torch._subclasses.functional_tensor import BaseFunctionalizeAPI
from torch.fx.experimental.proxy_tensor import (
    ProxyTorchDispatchMode,
    PythonKeyTracer,
    disable_proxy_modes_tracing,
    get_proxy_slot,
    track_tensor_tree,
)
from torch.fx.experimental.symbolic_shapes import ShapeEnv, free_unbacked_symbols
from torch.multiprocessing.reductions import StorageWeakRef

__all__ = ["HOP_NAME", "SimpleLoopForOp", "simple_loop_for", "simple_loop_for_op"]

#: Name of the operator in FX graphs (``torch.ops.higher_order.<HOP_NAME>``). Prefixed so
#: that it never collides with another package's ``simple_loop_for``.
HOP_NAME = "exportlint_simple_loop_for"

BodyOutput: TypeAlias = torch.Tensor | tuple[torch.Tensor, ...] | list[torch.Tensor]
BodyFn: TypeAlias = Callable[..., BodyOutput]
Dims: TypeAlias = tuple[int, ...] | None

_INTEGER_DTYPES = (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8)

_AUTOGRAD_KEYS = tuple(
    key
    for name, key in DispatchKey.__members__.items()
    # `Autograd` is an alias key, not one a tensor carries.
    if name.startswith("Autograd") and name not in ("Autograd", "AutogradFunctionality")
)


class SimpleLoopForOp(HigherOrderOperator):
    """``op(n_iter, body_fn, operands, concatenation_dims) -> tuple[Tensor, ...]``.

    The low-level form: ``n_iter`` is a 0-d int64 tensor, ``body_fn(i, *operands)`` returns
    a tuple of tensors, ``operands`` is a tuple of tensors and ``concatenation_dims`` is
    ``None`` (axis 0 for every output) or axes for the first outputs (the others: 0).  Use
    :func:`simple_loop_for`, which normalises its arguments, rather than this.
    """

    def __init__(self) -> None:
        # torch/_ops.py is not annotated.
        super().__init__(HOP_NAME)  # type: ignore[no-untyped-call]

    def __call__(
        self,
        n_iter: torch.Tensor,
        body_fn: BodyFn,
        operands: tuple[torch.Tensor, ...],
        concatenation_dims: Dims,
        /,
    ) -> Any:
        return super().__call__(  # type: ignore[no-untyped-call]
            n_iter, body_fn, operands, concatenation_dims
        )


simple_loop_for_op = SimpleLoopForOp()


def _as_tuple(out: Any) -> tuple[torch.Tensor, ...]:
    """The body's result as a tuple of tensors (a single tensor becomes a 1-tuple)."""
    items = (out,) if isinstance(out, torch.Tensor) else tuple(out)
    if not items or not all(isinstance(t, torch.Tensor) for t in items):
        raise TypeError(
            "simple_loop_for: body_fn must return a tensor or a non-empty tuple of tensors, "
            f"got {type(out).__name__}"
        )
    return items


def _axes(concatenation_dims: Dims, outputs: Sequence[torch.Tensor]) -> list[int]:
    """One non-negative concatenation axis per output.

    As in onnx-diagnostic, outputs without an entry in ``concatenation_dims`` (``None`` or
    a shorter sequence) are concatenated along axis 0.  More entries than outputs is a
    mistake in the caller's code: reported, not ignored.
    """
    dims = tuple(concatenation_dims or ())
    if len(dims) > len(outputs):
        raise ValueError(
            f"simple_loop_for: body_fn returns {len(outputs)} tensor(s) but "
            f"concatenation_dims has {len(dims)} entries ({dims})"
        )
    dims += (0,) * (len(outputs) - len(dims))
    axes = []
    for k, (dim, out) in enumerate(zip(dims, outputs)):
        rank = out.dim()
        if rank == 0:
            raise ValueError(
                f"simple_loop_for: output {k} of body_fn is 0-d; it cannot be concatenated "
                "(return t.reshape(1) to collect one value per iteration)"
            )
        if not -rank <= dim < rank:
            raise ValueError(
                f"simple_loop_for: concatenation_dims[{k}]={dim} is out of range for "
                f"output {k} of rank {rank}"
            )
        axes.append(dim % rank)
    return axes


def _index_example(n_iter: torch.Tensor) -> torch.Tensor:
    """A stand-in for the iteration index while tracing: a 0-d int64 tensor that is *not*
    a constant (a constant would let ``i.item()`` in the body be baked into the graph)."""
    return torch.empty((), dtype=torch.int64, device=n_iter.device)


# --------------------------------------------------------------------------------------
# dense (eager, ep.module()) implementation


def _empty_results(
    body_fn: BodyFn,
    operands: tuple[torch.Tensor, ...],
    concatenation_dims: Dims,
    device: torch.device,
) -> tuple[torch.Tensor, ...]:
    """The result of zero iterations: one empty tensor per output.

    Their shapes and dtypes come from running the body once on *fake* tensors (so an
    index out of range for zero iterations does not matter); the concatenation axis is 0.
    """
    mode = FakeTensorMode(shape_env=ShapeEnv(), allow_non_fake_inputs=True)
    shape_env = mode.shape_env
    assert shape_env is not None
    # Operands lifted by dynamo may be sizes (ints), not tensors (torch.compile, dynamic).
    fake_operands = [
        mode.from_tensor(t, static_shapes=True) if isinstance(t, torch.Tensor) else t
        for t in operands
    ]
    with mode, shape_env.ignore_fresh_unbacked_symbols():
        outs = _as_tuple(body_fn(torch.empty((), dtype=torch.int64, device=device), *fake_operands))
    results = []
    for k, (out, axis) in enumerate(zip(outs, _axes(concatenation_dims, outs))):
        shape: list[int] = []
        for d, size in enumerate(out.shape):
            if d == axis:
                shape.append(0)
            elif isinstance(size, int):
                shape.append(size)
            else:
                raise RuntimeError(
                    f"simple_loop_for: with zero iterations the shape of output {k} is "
                    f"unknown (dimension {d} of one iteration is data-dependent: {size})"
                )
        results.append(torch.empty(shape, dtype=out.dtype, device=device))
    return tuple(results)


@simple_loop_for_op.py_impl(DispatchKey.CompositeExplicitAutograd)
def _loop_dense(
    n_iter: torch.Tensor,
    body_fn: BodyFn,
    operands: tuple[torch.Tensor, ...],
    concatenation_dims: Dims,
) -> tuple[torch.Tensor, ...]:
    n = int(n_iter.item())
    if n <= 0:
        return _empty_results(body_fn, operands, concatenation_dims, n_iter.device)
    pieces: list[tuple[torch.Tensor, ...]] = []
    for step in range(n):
        index = torch.tensor(step, dtype=torch.int64, device=n_iter.device)
        outs = _as_tuple(body_fn(index, *operands))
        if pieces and (
            len(outs) != len(pieces[0]) or any(a.dtype != b.dtype for a, b in zip(outs, pieces[0]))
        ):
            raise RuntimeError(
                "simple_loop_for: every iteration must return the same number of tensors "
                f"with the same dtypes; iteration 0 gave {[t.dtype for t in pieces[0]]}, "
                f"iteration {step} gave {[t.dtype for t in outs]}"
            )
        pieces.append(outs)
    axes = _axes(concatenation_dims, pieces[0])
    return tuple(torch.cat([piece[k] for piece in pieces], dim=axis) for k, axis in enumerate(axes))


# Autograd: fall through, as onnx-diagnostic's operator does.  The dense rule then runs the
# body's operators with autograd on, so eager gradients flow through the loop.  A rule
# for the Autograd key would have to dispatch below autograd (torch's
# `autograd_not_implemented` does), and the body would then run with the autograd keys
# excluded: `aten.item` on a tensor with symbolic strides (`splits[a:b][0][0].item()`)
# skips its CompositeImplicitAutograd kernel, reaches the fake mode undecomposed and
# fails ("Cannot cast FakeTensor to number").
for _key in _AUTOGRAD_KEYS:
    simple_loop_for_op.fallthrough(_key)  # type: ignore[no-untyped-call]


# --------------------------------------------------------------------------------------
# fake tensors


@simple_loop_for_op.py_impl(FakeTensorMode)
def _loop_fake(
    mode: FakeTensorMode,
    n_iter: torch.Tensor,
    body_fn: BodyFn,
    operands: tuple[torch.Tensor, ...],
    concatenation_dims: Dims,
) -> tuple[torch.Tensor, ...]:
    shape_env = mode.shape_env
    if shape_env is None:
        raise RuntimeError(
            "simple_loop_for needs a FakeTensorMode with a ShapeEnv: the size of the "
            "concatenated outputs is only known at run time"
        )
    with mode:
        # Unbacked sizes created inside the body (`.item()`, slicing by data) describe one
        # iteration only: they must not leak out as symbols someone has to bind.
        with shape_env.ignore_fresh_unbacked_symbols():
            outs = _as_tuple(body_fn(_index_example(n_iter), *operands))
        results = []
        for out, axis in zip(outs, _axes(concatenation_dims, outs)):
            shape: list[int | torch.SymInt] = []
            for d, size in enumerate(out.shape):
                if d == axis or (isinstance(size, torch.SymInt) and free_unbacked_symbols(size)):
                    # A FRESH unbacked size: the total over all iterations is unknown
                    # until run time.
                    fresh = shape_env.create_unbacked_symint()
                    torch._check(fresh >= 0)  # type: ignore[no-untyped-call]
                    shape.append(fresh)
                else:
                    shape.append(size)
            results.append(out.new_empty(shape))
    return tuple(results)


# --------------------------------------------------------------------------------------
# functionalization


@simple_loop_for_op.py_functionalize_impl
def _loop_functionalize(
    ctx: BaseFunctionalizeAPI,
    n_iter: torch.Tensor,
    body_fn: BodyFn,
    operands: tuple[torch.Tensor, ...],
    concatenation_dims: Dims,
) -> Any:
    unwrapped_n_iter = ctx.unwrap_tensors(n_iter)
    unwrapped_operands = ctx.unwrap_tensors(tuple(operands))
    with ctx.redispatch_to_next():
        functional_body = ctx.functionalize(
            _maybe_run_with_interpreter(body_fn)  # type: ignore[no-untyped-call]
        )
        outs = simple_loop_for_op(
            unwrapped_n_iter, functional_body, tuple(unwrapped_operands), concatenation_dims
        )
    return ctx.wrap_tensors(outs)


# --------------------------------------------------------------------------------------
# make_fx / torch.export tracing


def _lift_free_tensors(
    body_graph: torch.fx.GraphModule, tracer: PythonKeyTracer
) -> list[torch.Tensor]:
    """Turn the tensors the body reads from its closure into extra inputs.

    make_fx traces the body with a fresh tracer: a tensor that body_fn reads from its
    closure (a module parameter, a tensor computed before the loop) is unknown to that
    tracer and becomes a ``get_attr`` constant of the subgraph -- a *fake* tensor baked
    into the program.  Every such constant the outer tracer knows is replaced by a new
    placeholder after the existing ones, and returned so that the caller passes it as an
    operand.  Genuine constants (tensors no tracer knows) stay where they are.
    """
    graph = body_graph.graph
    placeholders = [node for node in graph.nodes if node.op == "placeholder"]
    last = placeholders[-1]
    lifted: list[torch.Tensor] = []
    by_id: dict[int, torch.fx.Node] = {}
    for node in list(graph.nodes):
        if node.op != "get_attr" or not isinstance(node.target, str):
            continue
        value = getattr(body_graph, node.target, None)
        if not isinstance(value, torch.Tensor):
            continue
        if get_proxy_slot(value, tracer, None) is None:
            # A constant the body makes (`torch.tensor([2.0])`): left as an attribute of the
            # subgraph, torch.onnx rejects it ("Buffer simple_loop_for_body_0._tensor_constant0
            # is not in the state dict"). Made an attribute of the root, which torch.export
            # lifts like any constant, and passed in as an operand.
            value = _root_constant(value, tracer)
            if value is None:
                continue
        placeholder = by_id.get(id(value))
        if placeholder is None:
            with graph.inserting_after(last):
                placeholder = graph.placeholder(f"closure_{len(lifted)}")
            placeholder.meta.update(node.meta)
            placeholder.meta["val"] = value
            by_id[id(value)] = last = placeholder
            lifted.append(value)
        node.replace_all_uses_with(placeholder)
        graph.erase_node(node)
        delattr(body_graph, node.target)
    if lifted:
        body_graph.recompile()
    return lifted


def _root_constant(value: torch.Tensor, tracer: PythonKeyTracer) -> torch.Tensor | None:
    """`value` (a real tensor) as a fake tensor the outer tracer knows, read from a constant
    attribute of the root module; None when there is no fake mode to make it in."""
    from torch._guards import detect_fake_mode

    fake_mode = detect_fake_mode()
    if fake_mode is None or isinstance(value, torch._subclasses.fake_tensor.FakeTensor):
        return None
    name = tracer.get_fresh_qualname("_loop_constant_")
    setattr(tracer.root, name, value)
    proxy = tracer.create_proxy("get_attr", name, (), {})
    fake = fake_mode.from_tensor(value, static_shapes=True)
    track_tensor_tree(fake, proxy, constant=value, tracer=tracer)
    return fake


def _storage(value: torch.Tensor) -> StorageWeakRef:
    """A key shared by a tensor and all its views (torch/multiprocessing is unannotated)."""
    return StorageWeakRef(value.untyped_storage())  # type: ignore[no-untyped-call]


def _mutated_inputs(body_graph: torch.fx.GraphModule, n_operands: int) -> list[str]:
    """The body's inputs that an in-place operator writes to (directly or through a
    view): the loop would silently lose that write once exported."""
    inputs = {}
    for position, node in enumerate(body_graph.graph.find_nodes(op="placeholder")):
        value = node.meta.get("val")
        if isinstance(value, torch.Tensor):
            if position == 0:
                label = "the index i"
            elif position <= n_operands:
                label = f"operand {position - 1}"
            else:
                label = f"a tensor read from the closure ({node.name})"
            inputs[_storage(value)] = label
    mutated: list[str] = []
    for node in body_graph.graph.nodes:
        if node.op != "call_function" or not isinstance(node.target, torch._ops.OpOverload):
            continue
        if node.target is torch.ops.aten.detach_.default:
            # changes no value (`torch.tensor(...)` in the body traces as lift_fresh_copy +
            # detach_, on a copy of the constant)
            continue
        for arg, schema in zip(node.args, node.target._schema.arguments):
            if not schema.is_write or not isinstance(arg, torch.fx.Node):
                continue
            value = arg.meta.get("val")
            if isinstance(value, torch.Tensor):
                name = inputs.get(_storage(value))
                if name is not None and name not in mutated:
                    mutated.append(name)
    return mutated


@simple_loop_for_op.py_impl(ProxyTorchDispatchMode)
def _loop_proxy(
    mode: ProxyTorchDispatchMode,
    n_iter: torch.Tensor,
    body_fn: BodyFn,
    operands: tuple[torch.Tensor, ...],
    concatenation_dims: Dims,
) -> Any:
    tracer = mode.tracer
    if not isinstance(tracer, PythonKeyTracer):
        raise RuntimeError(f"simple_loop_for: unexpected make_fx tracer {type(tracer)}")
    with disable_proxy_modes_tracing():
        trace_body = reenter_make_fx(body_fn)  # type: ignore[no-untyped-call]
        body_graph: torch.fx.GraphModule = trace_body(_index_example(n_iter), *operands)
    closure = _lift_free_tensors(body_graph, tracer)
    if mutated := _mutated_inputs(body_graph, len(operands)):
        raise RuntimeError(
            f"simple_loop_for: body_fn writes in place to {', '.join(mutated)}; "
            "compute new tensors instead (x = x + 1, not x.add_(1))"
        )
    operands = (*operands, *closure)
    name = tracer.get_fresh_qualname("simple_loop_for_body_")
    tracer.root.register_module(name, body_graph)
    # With the proxy mode popped, this call reaches the fake-tensor rule above.
    outs = simple_loop_for_op(n_iter, body_graph, operands, concatenation_dims)
    proxy_args = pytree.tree_map(
        tracer.unwrap_proxy,
        (n_iter, body_graph, operands, concatenation_dims),
    )
    out_proxy = tracer.create_proxy(
        "call_function", simple_loop_for_op, proxy_args, {}, name="simple_loop_for"
    )
    return track_tensor_tree(outs, out_proxy, constant=None, tracer=tracer)


# --------------------------------------------------------------------------------------
# the public function


def _as_n_iter(n_iter: torch.Tensor | int | torch.SymInt) -> torch.Tensor:
    if isinstance(n_iter, torch.Tensor):
        if n_iter.numel() != 1:
            raise ValueError(
                "simple_loop_for: n_iter must be a 0-d int64 tensor, got shape "
                f"{tuple(n_iter.shape)} (use n.reshape(()) or n[0])"
            )
        if n_iter.dim() != 0:  # onnx-diagnostic accepts any one-element tensor
            n_iter = n_iter.reshape(())
        if n_iter.dtype == torch.int64:
            return n_iter
        if n_iter.dtype in _INTEGER_DTYPES:
            return n_iter.to(torch.int64)
        raise TypeError(f"simple_loop_for: n_iter must be an int64 tensor, got {n_iter.dtype}")
    if isinstance(n_iter, bool) or not isinstance(n_iter, (int, torch.SymInt)):
        raise TypeError(
            "simple_loop_for: n_iter must be a 0-d int64 tensor (or an int), "
            f"got {type(n_iter).__name__}"
        )
    return torch.tensor(n_iter, dtype=torch.int64)


def _as_dims(concatenation_dims: int | Sequence[int] | None) -> Dims:
    if concatenation_dims is None:
        return None
    if isinstance(concatenation_dims, int):
        return (concatenation_dims,)
    dims = tuple(concatenation_dims)
    if not all(isinstance(d, int) and not isinstance(d, bool) for d in dims):
        raise TypeError(f"simple_loop_for: concatenation_dims must be ints, got {dims}")
    return dims


def simple_loop_for(
    n_iter: torch.Tensor | int | torch.SymInt,
    body_fn: BodyFn,
    operands: Sequence[torch.Tensor] = (),
    concatenation_dims: int | Sequence[int] | None = None,
) -> Any:
    """Run ``body_fn(i, *operands)`` for ``i`` in ``range(n_iter)`` and concatenate.

    Args:
        n_iter: the number of iterations, a **0-d int64 tensor** (for example
            ``starts.shape[0]`` turned into a tensor, or ``t.sum()``).  A Python ``int`` or a
            ``SymInt`` is converted with ``torch.tensor(n, dtype=torch.int64)``; other integer
            dtypes are cast.
        body_fn: called as ``body_fn(i, *operands)`` where ``i`` is a 0-d int64 tensor.
            Returns a tensor or a tuple of tensors whose size along the concatenation axis
            may differ from one iteration to the next (all other dimensions and the dtype
            must not).  Index with tensors (``x.index_select(0, i.reshape(1))``,
            ``x.narrow(0, start, length)`` with sizes from ``.item()``), never with
            ``int(i)``.  It must not mutate its inputs.  Tensors it reads from its closure
            (module parameters) work, but passing them in ``operands`` is more portable.
        operands: the tensors the body reads, passed after ``i``.
        concatenation_dims: the axis along which each output is concatenated: ``None``
            (axis 0 for every output), one ``int`` (for the first output) or a list or
            tuple with one axis per output (outputs past its end use axis 0).

    Returns:
        The concatenated output as a tensor when the body returns one tensor (or a
        1-tuple), a tuple of tensors when it returns several -- onnx-diagnostic's
        convention.

    The loop exports with ``torch.export.export`` (``strict=False`` and ``strict=True``) as
    one ``torch.ops.higher_order.exportlint_simple_loop_for`` node whose outputs have a
    fresh unbacked size on the concatenation axis, and to ONNX with
    ``torch.onnx.export(..., dynamo=True)`` (``import exportlint.ops`` registers the
    translation; ``custom_translation_table=exportlint.ops.onnx_translation_table()``
    passes it explicitly).
    """
    n = _as_n_iter(n_iter)
    ops = tuple(operands)
    for k, t in enumerate(ops):
        if not isinstance(t, torch.Tensor):
            raise TypeError(
                f"simple_loop_for: operands must be tensors, operand {k} is "
                f"{type(t).__name__} (capture it in body_fn instead)"
            )
    if not callable(body_fn):
        raise TypeError("simple_loop_for: body_fn must be callable")
    dims = _as_dims(concatenation_dims)

    if torch.compiler.is_dynamo_compiling():
        # dynamo (strict export, torch.compile): the variable tracker registered in
        # exportlint.ops._dynamo traces body_fn and returns the body's own structure.
        return _result(simple_loop_for_op(n, body_fn, ops, dims))
    return _result(simple_loop_for_op(n, _flat_body(body_fn), ops, dims))


def _flat_body(body_fn: BodyFn) -> Callable[..., tuple[torch.Tensor, ...]]:
    def flat_body(i: torch.Tensor, *args: torch.Tensor) -> tuple[torch.Tensor, ...]:
        return _as_tuple(body_fn(i, *args))

    return flat_body


def _result(outs: Any) -> Any:
    """onnx-diagnostic's convention: one output is returned as a tensor, whether the body
    returns a tensor or a 1-tuple; several outputs as a tuple."""
    if isinstance(outs, torch.Tensor):
        return outs
    outs = tuple(outs)
    return outs[0] if len(outs) == 1 else outs
