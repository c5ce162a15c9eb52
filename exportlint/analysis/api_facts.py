"""Which measured torch API fact (tables.LAYER_FACTS / FUNCTION_FACTS) a call meets.

A call meets a fact when it calls the listed function or tensor method, or a torch.nn layer of
the listed class (built inline, `nn.LSTM(...)(x)`, or in the class as `self.rnn = nn.LSTM(...)`
and called as `self.rnn(x)`), and the fact's condition holds for the values of this call. The
layer's constructor is read from the file's syntax tree: its arguments decide conditions such
as an adaptive pool's output size.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

from exportlint.analysis import events
from exportlint.analysis.attributes import self_assignments
from exportlint.analysis.imports import dotted, qualified_name
from exportlint.analysis.kinds import Kind, Value
from exportlint.analysis.tables import FUNCTION_FACTS, LAYER_FACTS, ApiFact
from exportlint.analysis.walk import walk_statements


@dataclass(frozen=True)
class Met:
    api: str  # as the message names it: "nn.LSTM", "torch.stft", "Tensor.new_tensor"
    fact: ApiFact


def met_fact(
    event: events.Call, tree: ast.Module | None, imports: Mapping[str, str], onnx_only: bool
) -> Met | None:
    """The first fact this call meets among those that fail export (`onnx_only=False`, EXL304)
    or only ONNX (`onnx_only=True`, EXL404), or None."""
    name = event.qualname or ""
    first = event.args[0] if event.args else None
    if name in FUNCTION_FACTS:
        shown = name.replace("torch.nn.functional.", "F.")
        return _first_met(shown, FUNCTION_FACTS[name], first, None, event, onnx_only)
    receiver = event.receiver
    if event.method is not None and receiver is not None and receiver.kind is Kind.TENSOR:
        key = f"Tensor.{event.method}"
        if key not in FUNCTION_FACTS:
            return None
        return _first_met(key, FUNCTION_FACTS[key], receiver, None, event, onnx_only)
    ctor = _last_constructor(event, tree)
    if ctor is None:
        return None
    layer = qualified_name(ctor.func, imports, ()) or ""
    short = layer.rsplit(".", 1)[-1]
    if not layer.startswith("torch.nn.") or short not in LAYER_FACTS:
        return None
    return _first_met(f"nn.{short}", LAYER_FACTS[short], first, ctor, event, onnx_only)


def _first_met(
    api: str,
    facts: ApiFact | tuple[ApiFact, ...],
    first: Value | None,
    ctor: ast.Call | None,
    event: events.Call,
    onnx_only: bool,
) -> Met | None:
    for fact in facts if isinstance(facts, tuple) else (facts,):
        if fact.onnx_only == onnx_only and _holds(fact, first, ctor, event):
            return Met(api, fact)
    return None


def _holds(fact: ApiFact, first: Value | None, ctor: ast.Call | None, event: events.Call) -> bool:
    if fact.when == "size_argument":
        return any(_is_size(v) for v in (*event.args, *event.kwargs.values()))
    if fact.when == "spatial_size_argument":
        return _spatial_size(event)
    if fact.when == "size_kernel":
        return _kernel_from_size(event)
    if fact.when == "reduce_mean":
        return _reduce_is_mean(event)
    if fact.when == "no_num_classes":
        return _no_num_classes(event.node)
    if fact.when == "no_length":
        no_length = all(k.arg != "length" for k in event.node.keywords)
        return no_length and first is not None and first.kind is Kind.TENSOR and first.dynamic
    if fact.when == "tensor_input":
        return first is not None and first.kind is Kind.TENSOR and not first.optional
    if fact.when == "no_dim":
        given = len(event.node.args) > (0 if event.method else 1)
        return not given and all(k.arg != "dim" for k in event.node.keywords)
    if fact.when == "area_mode":
        return _area_mode(event)
    if fact.when == "label_smoothing":
        keywords = [*event.node.keywords, *(ctor.keywords if ctor is not None else ())]
        smoothing = [k.value for k in keywords if k.arg == "label_smoothing"]
        return any(not (isinstance(v, ast.Constant) and v.value in (0, 0.0)) for v in smoothing)
    if fact.when == "no_range":
        tensor = first is not None and first.kind is Kind.TENSOR
        return tensor and _histc_without_range(event)
    if fact.when == "three_dims":
        known = first is not None and first.kind is Kind.TENSOR and first.dims is not None
        return known and first is not None and len(first.dims or ()) == 3
    if first is None or first.kind is not Kind.TENSOR or not first.dynamic or first.optional:
        return False
    if fact.when == "dynamic_input":
        return True
    if fact.when == "dynamic_time_axis":
        return ctor is not None and _time_axis_dynamic(first, ctor)
    if fact.when == "dynamic_axis":
        return _axis_dynamic(fact, first, event)
    if fact.when == "dynamic_axis_count":
        # `x.split([a, b], 1)`, `x.tensor_split([2, 5], 1)`: as many pieces at every size.
        position = 0 if event.method else 1
        pieces = event.node.args[position] if len(event.node.args) > position else None
        value = event.args[position] if len(event.args) > position else None
        # A list of sizes (also one from `.tolist()`: EXL202's) fixes the count.
        listed = isinstance(pieces, (ast.List, ast.Tuple)) or (
            value is not None and (value.is_container or value.kind not in (Kind.STATIC, Kind.DIM))
        )
        return not listed and _axis_dynamic(fact, first, event)
    if fact.when == "dynamic_last_axis":
        return not first.dims or first.dims[-1].kind is not Kind.STATIC
    if fact.when == "antialias_downscale":
        return _antialias_downscale(event.node)
    if fact.when == "output_size":
        return "output_size" in event.kwargs or len(event.args) > 1
    if fact.when == "pool_not_one":
        # nn.AdaptiveAvgPool2d(size) holds it in its constructor, F.adaptive_avg_pool2d(x,
        # size) and F.interpolate(x, size, mode="area") in the call.
        if ctor is not None:
            return _pool_not_one(ctor, 0)
        size = event.kwargs.get("output_size") or (event.args[1] if len(event.args) > 1 else None)
        if size is not None and _is_size(size):
            return True  # F.adaptive_avg_pool2d(x, (h // 2, w // 2))
        return _pool_not_one(event.node, 1)
    return False


def _histc_without_range(event: events.Call) -> bool:
    """`torch.histc(x, bins)` / `x.histc(bins)`: `min` and `max` not both given, or both the
    constant 0 (torch's default, which reads the range from the data)."""
    position = 1 if event.method else 2  # where `min` goes; `max` follows
    args = event.node.args
    bounds = {"min": args[position] if len(args) > position else None}
    bounds["max"] = args[position + 1] if len(args) > position + 1 else None
    for keyword in event.node.keywords:
        if keyword.arg in bounds:
            bounds[keyword.arg] = keyword.value
    low, high = bounds["min"], bounds["max"]
    if low is None or high is None:
        return True
    zero = (0, 0.0)
    return all(isinstance(b, ast.Constant) and b.value in zero for b in (low, high))


def _area_mode(event: events.Call) -> bool:
    """`F.interpolate(x, size, mode="area")` to a size not all 1s, or by a scale factor (both
    measured wrong in onnxruntime at unseen sizes); `size=1` is a global average: exact."""
    keywords = {k.arg: k.value for k in event.node.keywords}
    mode = keywords.get("mode") or (event.node.args[3] if len(event.node.args) > 3 else None)
    if not (isinstance(mode, ast.Constant) and mode.value == "area"):
        return False
    size = event.kwargs.get("size") or (event.args[1] if len(event.args) > 1 else None)
    if size is None or _is_size(size):
        return True  # a scale factor, or `size=(h // 2, w // 2)`
    return _pool_not_one(event.node, 1)


def _time_axis_dynamic(first: Value, ctor: ast.Call) -> bool:
    """The recurrent layer's time axis is dynamic (or its dimensions are not known): axis 1
    of a 3-D input with `batch_first=True`, else axis 0 (measured: a dynamic batch alone
    exports and is right)."""
    dims = first.dims
    flag: ast.expr | None = ctor.args[4] if len(ctor.args) > 4 else None
    for keyword in ctor.keywords:
        if keyword.arg == "batch_first":
            flag = keyword.value
    if flag is not None and not isinstance(flag, ast.Constant):
        return True  # batch_first from a config: either axis may be time
    if dims is None:
        # `self.gru(step.unsqueeze(1))` with batch_first (unsqueeze(0) time-major) of an
        # input of unknown rank: the time axis is the new axis of 1.
        time = 1 if flag is not None and flag.value is True else 0
        return _unsqueezed_axis(first.origin) != time
    axis = 1 if flag is not None and flag.value is True and len(dims) == 3 else 0
    return axis >= len(dims) or dims[axis].kind is not Kind.STATIC


def _unsqueezed_axis(origin: object) -> int | None:
    """The constant `k` of the `x.unsqueeze(k)` call that made a value (its origin node), or
    None."""
    if (
        isinstance(origin, ast.Call)
        and isinstance(origin.func, ast.Attribute)
        and origin.func.attr == "unsqueeze"
        and len(origin.args) == 1
        and not origin.keywords
    ):
        return _constant_int(origin.args[0])
    return None


def _axis_dynamic(fact: ApiFact, first: Value, event: events.Call) -> bool:
    """The axis of `x.split(k, dim)` / `torch.split(x, k, dim)` is known to be dynamic."""
    dims = first.dims
    if not dims:
        return fact.unknown_axis and dims is None and _of_fft(event.node, first)
    position = fact.axis_position + (0 if event.method else 1)
    node = event.node.args[position] if len(event.node.args) > position else None
    for keyword in event.node.keywords:
        if keyword.arg == "dim":
            node = keyword.value
    axis = fact.axis_default if node is None else _constant_int(node)
    if axis is None or not -len(dims) <= axis < len(dims):
        return False
    return dims[axis].kind is Kind.DIM


def _of_fft(call: ast.Call, first: Value) -> bool:
    """The first argument is a `torch.fft.*` result, maybe through methods
    (`torch.fft.fft(x).abs()`, also assigned to a name first): its axes are the signal's,
    dynamic when the signal is."""
    node: ast.AST | None = first.origin if isinstance(first.origin, ast.Call) else None
    if node is None and call.args:
        node = call.args[0]
    while isinstance(node, ast.Call):
        name = dotted(node.func) or ""
        if name.startswith(("torch.fft.", "fft.")):
            return True
        node = node.func.value if isinstance(node.func, ast.Attribute) else None
    return False


def _constant_int(node: ast.expr) -> int | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _constant_int(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def _no_num_classes(call: ast.Call) -> bool:
    """`F.one_hot(t)` or `F.one_hot(t, -1)`: the class count comes from the data."""
    count = call.args[1] if len(call.args) > 1 else None
    for keyword in call.keywords:
        if keyword.arg == "num_classes":
            count = keyword.value
    if count is None:
        return True
    return (
        isinstance(count, ast.UnaryOp)
        and isinstance(count.op, ast.USub)
        and isinstance(count.operand, ast.Constant)
        and count.operand.value == 1
    )


def _is_size(value: Value) -> bool:
    """A dynamic size, or a tuple/list holding one (`x.shape`, `(h, w)`)."""
    if value.kind is Kind.DIM and not value.is_container:
        return True
    elements = [*(value.elts or ()), *((value.elem,) if value.elem is not None else ())]
    return value.is_container and any(e.kind is Kind.DIM and not e.is_container for e in elements)


def _argument(event: events.Call, position: int, name: str) -> Value | None:
    """The value passed as the call's `position`-th argument (the tensor is 0) or as
    `name=`."""
    if name in event.kwargs:
        return event.kwargs[name]
    return event.args[position] if len(event.args) > position else None


def _spatial_size(event: events.Call) -> bool:
    """`F.affine_grid(theta, x.size())`: only the sizes after batch and channels are fixed by
    export (a dynamic batch exports, measured on 2.13); entries not known: any dynamic size."""
    size = _argument(event, 1, "size")
    if size is None:
        return False
    if size.elts is not None and len(size.elts) > 2:
        return any(e.kind is Kind.DIM and not e.is_container for e in size.elts[2:])
    return _is_size(size)


def _kernel_from_size(event: events.Call) -> bool:
    """`F.avg_pool2d(x, x.size()[2:])`, `F.max_pool2d(x, (h, w), stride=(h, w))`: a kernel or
    stride that is (or holds) a dynamic size."""
    kernel = _argument(event, 1, "kernel_size")
    stride = _argument(event, 2, "stride")
    return any(v is not None and _is_size(v) for v in (kernel, stride))


def _antialias_downscale(call: ast.Call) -> bool:
    """`F.interpolate(x, scale_factor=0.5, mode="bilinear", antialias=True)`: antialiasing on
    and a constant factor below 1 on some axis (a factor that is not a constant: silent)."""
    keywords = {k.arg: k.value for k in call.keywords}
    antialias = keywords.get("antialias")
    if not (isinstance(antialias, ast.Constant) and antialias.value is True):
        return False
    factor = keywords.get("scale_factor")
    if factor is None and len(call.args) > 2:
        factor = call.args[2]
    parts = factor.elts if isinstance(factor, (ast.Tuple, ast.List)) else [factor]
    return any(
        isinstance(p, ast.Constant) and isinstance(p.value, (int, float)) and p.value < 1
        for p in parts
        if p is not None
    )


def _reduce_is_mean(event: events.Call) -> bool:
    """`out.scatter_reduce(d, idx, src, "mean")`, `torch.scatter_reduce(out, d, idx, src,
    reduce="mean")`: the reduction is the constant "mean"."""
    call = event.node
    position = 3 if event.method else 4
    reduce = next((k.value for k in call.keywords if k.arg == "reduce"), None)
    if reduce is None and len(call.args) > position:
        reduce = call.args[position]
    return isinstance(reduce, ast.Constant) and reduce.value == "mean"


def _pool_not_one(call: ast.Call, position: int) -> bool:
    """`nn.AdaptiveAvgPool2d(7)`, `(3, 4)`, `(None, 1)`: some axis is not pooled to one bin.
    `1` and `(1, 1)` are exact at every size; a size that is not a constant is not decided
    (silent)."""
    size = call.args[position] if len(call.args) > position else None
    for keyword in call.keywords:
        if keyword.arg in ("output_size", "size"):
            size = keyword.value
    if size is None:
        return False
    parts = size.elts if isinstance(size, (ast.Tuple, ast.List)) else [size]
    values = []
    for part in parts:
        if not isinstance(part, ast.Constant) or not isinstance(part.value, (int, type(None))):
            return False
        values.append(part.value)
    # `None` (keep the axis) counts: `(None, 1)` measured wrong in onnxruntime too.
    return any(v != 1 for v in values)


# The last call's layer constructor: EXL304 and EXL404 ask for it one after the other for
# every call (the event is held, so `is` cannot match a new event at a reused address).
_LAST: list[tuple[events.Call, ast.Module | None, ast.Call | None]] = []


def layer_constructor(event: events.Call, tree: ast.Module | None) -> ast.Call | None:
    """The `nn.<Layer>(...)` call that built the layer `event` calls (`self.rnn(x)` with
    `self.rnn = nn.LSTM(...)` in `__init__`, or `nn.LSTM(...)(x)`), or None."""
    return _last_constructor(event, tree)


def _last_constructor(event: events.Call, tree: ast.Module | None) -> ast.Call | None:
    if _LAST and _LAST[0][0] is event and _LAST[0][1] is tree:
        return _LAST[0][2]
    ctor = _layer_constructor(event, tree)
    _LAST[:] = [(event, tree, ctor)]
    return ctor


def _layer_constructor(event: events.Call, tree: ast.Module | None) -> ast.Call | None:
    func = event.node.func
    if isinstance(func, ast.Call):
        return func  # nn.LSTM(8, 16)(x)
    receiver = event.receiver
    if (
        tree is None
        or receiver is None
        or not receiver.is_self
        or not isinstance(func, ast.Attribute)
        or not isinstance(func.value, ast.Name)
    ):
        return None
    # Kept on the tree by (class, attribute): a class calls the same layers again and again
    # (every `self.proj(x)` of every forward), and the search reads the class's assignments
    # and its bases each time.
    cache: dict[tuple[str | None, str], ast.Call | None] | None = getattr(
        tree, "_exportlint_layer_constructors", None
    )
    if cache is None:
        cache = {}
        tree._exportlint_layer_constructors = cache  # type: ignore[attr-defined]
    key = (receiver.owner, func.attr)
    if key not in cache:
        cache[key] = _assigned_constructor(tree, receiver.owner, func.attr)
    return cache[key]


def _assigned_constructor(tree: ast.Module, owner: str | None, attr: str) -> ast.Call | None:
    classes = _classes(tree)
    seen: set[str] = set()
    while owner and owner in classes and owner not in seen:
        seen.add(owner)
        found = _assigned_calls(classes[owner], attr)
        if found:
            # Built one way only: `self.rnn = nn.LSTM(...) if lstm else nn.GRU(...)` or two
            # assignments of different layers are not decided.
            # (Compared by dotted name: `ast.dump` leaves reference cycles, and the runner
            # lints with the cyclic collector off.)
            names = {dotted(c.func) for c in found}
            return found[0] if len(names) == 1 and None not in names else None
        bases = [b.id for b in classes[owner].bases if isinstance(b, ast.Name)]
        owner = bases[0] if len(bases) == 1 else None
    return None


def _classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    cached: dict[str, ast.ClassDef] | None = getattr(tree, "_exportlint_classes", None)
    if cached is None:
        cached = {n.name: n for n in walk_statements(tree) if isinstance(n, ast.ClassDef)}
        tree._exportlint_classes = cached  # type: ignore[attr-defined]
    return cached


def _assigned_calls(cls: ast.ClassDef, attr: str) -> list[ast.Call]:
    """The values of `self.<attr> = <call>` in the class's methods (any other kind of
    assignment to it makes the answer unknown: an empty list)."""
    values = self_assignments(cls).get(attr, [])
    calls = [v for v in values if isinstance(v, ast.Call)]
    return calls if len(calls) == len(values) else []
