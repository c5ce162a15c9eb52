"""Shapes: the dimensions a reshape spells out, and the axes a file's dynamic_shapes declares."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import DATA, DIM, STATIC, Kind, TracedSize, Value
from exportlint.analysis.kinds import copy_with as replace  # dataclasses.replace, cheaper

FACTORIES = frozenset(
    {"torch.randn", "torch.rand", "torch.zeros", "torch.ones", "torch.empty", "torch.randn_like"}
)


# A dimension of size 1 by construction (`unsqueeze`, `topk(1)`, `keepdim=True`, a literal 1
# in a factory's sizes): static, and what `squeeze` of that axis removes. (A static axis of
# another size is left in place by `squeeze`: the rank is then not known.)
UNIT = replace(STATIC, exact_int=True, nonneg=True, source="unit_axis")


def is_unit(dim: Value) -> bool:
    return dim.kind is Kind.STATIC and dim.source == "unit_axis"


SHAPE_KEEPING = frozenset(
    {"log_softmax", "softmax", "float", "half", "double", "long", "int", "bool", "abs", "exp",
     "sigmoid", "tanh", "relu", "clone", "contiguous", "to", "neg", "sqrt", "cumsum"}
)  # fmt: skip


def with_dynamic_axes(
    value: Value,
    spec: ast.expr | None,
    hint: ast.expr | None,
    later: Sequence[ast.expr | None] = (),
) -> Value:
    """A forward argument with the axes `dynamic_shapes` declares dynamic, the others static.
    A declared axis knows its size in the traced example `hint` and in the `later` input
    sets (`Value.traced`)."""
    if value.kind is not Kind.TENSOR or value.is_container:
        return value
    if spec is None or (isinstance(spec, ast.Constant) and spec.value is None):
        return replace(value, dynamic=False, dims=None)  # no dynamic axis: a fixed shape
    if not isinstance(spec, ast.Dict):
        return value
    axes: set[int] = set()
    for key in spec.keys:
        axis = constant_int(key) if key is not None else None
        if axis is None:
            return value
        axes.add(axis)
    if not axes:
        return replace(value, dynamic=False, dims=None)
    sizes = example_sizes(hint)
    rank = len(sizes) if sizes is not None else None
    if rank is None:
        # `{2: Dim.DYNAMIC, 3: Dim.DYNAMIC}` with an example built by a helper: the rank is not
        # known, but the first axis is static (a loop over the rows has a fixed trip count).
        if all(axis > 0 for axis in axes):
            return replace(value, static_first=True)
        return value
    # A negative axis counts from the end: torch.export honours it for a named Dim (measured on
    # 2.13; it ignores it for Dim.AUTO/DYNAMIC, which EXL601 reports). Erring towards dynamic
    # keeps the hazards behind such an axis reported.
    assert sizes is not None and hint is not None
    dims = tuple(
        replace(
            DIM,
            exact_int=True,
            nonneg=True,
            raw_size=True,
            declared=True,
            traced=_traced(sizes, i, hint, later),  # size-dependent checks read it
        )
        if (i in axes or i - rank in axes)
        else STATIC
        for i in range(rank)
    )
    return replace(value, dims=dims)


def _traced(
    sizes: tuple[int, ...], axis: int, hint: ast.expr, later: Sequence[ast.expr | None]
) -> TracedSize:
    others: list[int | None] = []
    for each in later:
        other = example_sizes(each)
        others.append(other[axis] if other is not None and len(other) == len(sizes) else None)
    return TracedSize(sizes[axis], hint, tuple(others))


def example_rank(hint: ast.expr | None) -> int | None:
    """The rank of `torch.randn(2, 5, 8)` / `torch.zeros((2, 5))` as written."""
    sizes = example_sizes(hint)
    return len(sizes) if sizes is not None else None


def example_sizes(hint: ast.expr | None) -> tuple[int, ...] | None:
    """The sizes of `torch.randn(2, 5, 8)` / `torch.zeros((2, 5))` as written."""
    if not isinstance(hint, ast.Call):
        return None
    func = hint.func
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Call)
        and func.attr in SHAPE_KEEPING
    ):
        return example_sizes(func.value)  # torch.randn(4, 7).log_softmax(-1)
    if dotted(func) not in FACTORIES or not hint.args:
        return None
    nodes = hint.args
    if len(nodes) == 1 and isinstance(nodes[0], (ast.Tuple, ast.List)):
        nodes = nodes[0].elts
    sizes = [constant_int(s) for s in nodes]
    if any(size is None for size in sizes):
        return None
    return tuple(size for size in sizes if size is not None)


def sizes_of(shape: Value) -> Value:
    """One value standing for all the sizes of a shape (the most dynamic of them): comparing
    `a.shape != b.shape` compares every size."""
    if shape.elts:
        out = shape.elts[0]
        for other in shape.elts[1:]:
            out = other if other.kind > out.kind else out
        return out
    return shape.elem if shape.elem is not None else shape


def passes_sizes(args: list[Value], kwargs: dict[str, Value]) -> bool:
    for value in [*args, *kwargs.values()]:
        parts = value.elts if value.elts is not None else (value.elem,) if value.elem else ()
        for part in (value, *parts):
            if part is not None and part.kind in (Kind.DIM, Kind.DATA):
                return True
    return False


def constant_int(node: ast.expr) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and type(node.operand.value) is int
    ):
        return -node.operand.value
    return None


def size_value(value: Value, dynamic: bool) -> Value | None:
    if value.kind is Kind.STATIC and not value.is_container:
        if value.exact_int and not value.nonneg:  # a -1 (inferred) inside a shape tuple
            return DIM if dynamic else STATIC
        return STATIC
    if value.kind in (Kind.DIM, Kind.DATA):
        return replace(value, origin="")
    return None


def dims_after(
    method: str, node: ast.Call, receiver: Value, args: list[Value]
) -> tuple[Value, ...] | None:
    """The dimensions of `receiver.<method>(...)` when they are spelled out: reshape/view to
    explicit sizes, and transpose/permute of known dimensions. None: not known."""
    if method in ("view", "reshape") and args:
        sizes = list(args[0].elts) if len(args) == 1 and args[0].elts is not None else args
        if len(node.args) == 1 and args[0].elts is None and args[0].is_container:
            return None
        out: list[Value] = []
        inferred = -1
        for arg_node, size in zip(node.args if len(node.args) == len(sizes) else [], sizes):
            if constant_int(arg_node) == -1:
                inferred = len(out)
                out.append(DIM if receiver.dynamic else STATIC)  # inferred: as dynamic as x
                continue
            kind = size_value(size, receiver.dynamic)
            if kind is None:
                return None
            out.append(kind)
        if len(node.args) != len(sizes):
            # One tuple argument: its elements (a -1 among them is an exact negative int).
            out = []
            for size in sizes:
                kind = size_value(size, receiver.dynamic)
                if kind is None:
                    return None
                if size.kind is Kind.STATIC and size.exact_int and not size.nonneg:
                    inferred = len(out)
                out.append(kind)
        given = [d for i, d in enumerate(out) if i != inferred]
        if inferred >= 0 and out[inferred].kind is Kind.DIM and inferred_is_static(receiver, given):
            out[inferred] = STATIC
        return tuple(out)
    if method in ("new_full", "new_zeros", "new_ones", "new_empty") and args:
        # `x.new_full(batch_shape, 0)`: the dimensions are the sizes given, like torch.zeros.
        written = node.args[:1] if args[0].is_container else node.args
        return factory_dims("torch.zeros", args[:1] if args[0].is_container else args, written)
    dims = receiver.dims
    if dims is None:
        return None
    dims = with_axis_symbols(dims, receiver)  # the result keeps the receiver's symbols
    if method in ("transpose", "swapaxes", "swapdims") and len(node.args) == 2:
        a, b = (constant_int(n) for n in node.args)
        if a is None or b is None or not all(-len(dims) <= i < len(dims) for i in (a, b)):
            return None
        swapped = list(dims)
        swapped[a], swapped[b] = swapped[b], swapped[a]
        return tuple(swapped)
    if method == "permute":
        order = [constant_int(n) for n in node.args]
        if len(order) != len(dims) or any(i is None for i in order):
            return None
        return tuple(dims[i] for i in order if i is not None)
    if method == "unsqueeze" and len(node.args) == 1 and not node.keywords:
        # `x.unsqueeze(1)`: a new axis of 1 (a time axis of one step into a GRU).
        axis = constant_int(node.args[0])
        if axis is None or not -len(dims) - 1 <= axis <= len(dims):
            return None
        axis %= len(dims) + 1
        return (*dims[:axis], UNIT, *dims[axis:])
    if method == "squeeze" and len(node.args) == 1 and not node.keywords:
        axis = constant_int(node.args[0])
        if axis is None or not -len(dims) <= axis < len(dims) or not is_unit(dims[axis]):
            return None  # an axis not known to be 1: the rank is not known
        axis %= len(dims)
        return (*dims[:axis], *dims[axis + 1 :])
    if method in ("topk", "sort", "argsort"):
        return _selected(method, node, dims, args)
    if method == "t" and len(dims) == 2:
        return (dims[1], dims[0])  # `idx.t()` of an (n, 2) index list: (2, n)
    if method in SHAPE_KEEPING or method in _SAME_SHAPE_METHODS:
        return dims
    if method in REDUCTIONS:
        return _reduced(node, dims)
    if method == "flatten":
        start = constant_int(node.args[0]) if node.args else 0
        end = constant_int(node.args[1]) if len(node.args) > 1 else -1
        if node.keywords or start is None or end is None:
            return None
        start, end = start % len(dims), end % len(dims)
        if start > end:
            return None
        merged = dims[start : end + 1]
        size = STATIC if all(d.kind is Kind.STATIC for d in merged) else DIM
        return (*dims[:start], merged[0] if len(merged) == 1 else size, *dims[end + 1 :])
    return None


# Ops whose result has a data-dependent number of rows but a static number of columns:
# `torch.nonzero(mask)` / `argwhere` is `(n, mask.dim())`, n read from the data, mask.dim()
# known at trace time. Their transpose (`idx.t()`, `idx.T`) has a static FIRST axis: the
# advanced-indexing idiom `x[tuple(idx.t())]` and `for c in idx.t()` iterate `mask.dim()`
# times whatever the data (measured on 2.13: export keeps one unbacked size, for n only).
INDEX_LISTS = frozenset({"nonzero", "argwhere"})


def index_list_dims(node: ast.Call) -> tuple[Value, ...] | None:
    """The dimensions of `torch.nonzero(m)` / `m.nonzero()` / `torch.argwhere(m)`:
    (data, static). None for `as_tuple=` not False (see `index_tuple`)."""
    for keyword in node.keywords:
        if keyword.arg == "as_tuple" and not (
            isinstance(keyword.value, ast.Constant) and keyword.value.value is False
        ):
            return None
    return (DATA, STATIC)


def counted_axes(dims: tuple[Value, ...]) -> bool:
    """The dimensions spell out which axis the data sizes (an index list's `(data, static)`,
    transposed or indexed): the others are what they say, even on a data-shaped tensor."""
    return any(d.kind is Kind.DATA for d in dims)


def index_tuple(node: ast.Call) -> bool:
    """`nonzero(m, as_tuple=True)`: a tuple of mask.dim() index vectors, like
    `torch.where(m)` (a fixed count of data-sized tensors)."""
    return any(
        keyword.arg == "as_tuple"
        and isinstance(keyword.value, ast.Constant)
        and keyword.value.value is True
        for keyword in node.keywords
    )


def static_axis(tensor: Value, axis: int | None) -> bool:
    """Axis `axis` of `tensor` is known static: spelled out in its dimensions, or the last
    axis a layer fixed (`self.box_head(h).unbind(-1)`: out_features coordinates)."""
    if axis is None:
        return False
    dims = tensor.dims
    if dims is not None and -len(dims) <= axis < len(dims):
        return dims[axis].kind is Kind.STATIC
    return axis == -1 and tensor.static_last


def stacked_dims(elements: tuple[Value, ...], axis: int) -> tuple[Value, ...] | None:
    """The dimensions of `torch.stack([a, b, c, d], dim=axis)` when the elements' are known
    (all the same rank): theirs, with a static axis of len(elements) inserted at `axis`."""
    ranks = {len(e.dims) for e in elements if e.dims is not None}
    if not elements or len(ranks) != 1 or any(e.dims is None for e in elements):
        return None
    first = elements[0].dims
    assert first is not None
    rank = len(first) + 1
    if not -rank <= axis < rank:
        return None
    axis %= rank
    merged = [_merged([e.dims[i] for e in elements if e.dims]) for i in range(len(first))]
    return (*merged[:axis], STATIC, *merged[axis:])


def batched_product_dims(left: Value, right: Value) -> tuple[Value, ...] | None:
    """`torch.bmm(a, b)` of 3-D tensors: (a[0], a[1], b[2]) (a decoder step's (b, 1, s)
    weights times the (b, s, h) encoder states is (b, 1, h): one time step). The columns of
    a `b` whose dimensions are not known are static only when its shape is (a weight) or a
    layer fixed its last axis; otherwise nothing is known (an axis not known is never taken
    for dynamic: rules along it would report a static axis)."""
    if left.dims is None or len(left.dims) != 3:
        return None
    if right.dims is not None:
        return (left.dims[0], left.dims[1], right.dims[2]) if len(right.dims) == 3 else None
    if right.kind is Kind.TENSOR and (not right.dynamic or right.static_last):
        return (left.dims[0], left.dims[1], STATIC)
    return None


# A dimension not known (the joined axis of a concatenation with a part of unknown shape):
# a size read from it is what an unknown tensor's is (expressions.py `_shape_of`).
UNKNOWN_AXIS = Value(Kind.UNKNOWN)


def _merged(sizes: list[Value]) -> Value:
    """One dimension standing for several: static when all are, not known when one is not,
    else dynamic."""
    if all(d.kind is Kind.STATIC for d in sizes):
        return STATIC
    return UNKNOWN_AXIS if any(d.kind is Kind.UNKNOWN for d in sizes) else DIM


def concatenated_dims(parts: tuple[Value, ...], axis: int) -> tuple[Value, ...] | None:
    """`torch.cat((emb, ctx), dim=2)`: the other axes are every part's (they must agree:
    any part whose dimensions are known gives them); the axis joined is static when every
    part's is known static."""
    known = [p.dims for p in parts if p.dims is not None]
    if not parts or not known or len({len(d) for d in known}) != 1:
        return None
    rank = len(known[0])
    if not -rank <= axis < rank:
        return None
    axis %= rank
    # (A part whose dimensions are not known leaves the joined size not known: neither
    # static, nor taken for dynamic by the rules reading dimensions.)
    joined = _merged([d[axis] for d in known]) if len(known) == len(parts) else UNKNOWN_AXIS
    others = [
        next((d[i] for d in known if d[i].kind is Kind.STATIC), known[0][i]) for i in range(rank)
    ]
    return (*others[:axis], joined, *others[axis + 1 :])


# Methods returning (values, indices) of the receiver's selected shape.
_PAIRS = frozenset({"topk", "sort"})


def pair_part(node: ast.Subscript, base: Value) -> Value | None:
    """`x.topk(1)[1]` / `x.sort(-1)[0]`: the indices (or values), of the shape the call's
    value carries, not a row of it. None: not such a subscript."""
    call = node.value
    position = constant_int(node.slice)
    if (
        position not in (0, 1)
        or base.dims is None
        or not isinstance(call, ast.Call)
        or not isinstance(call.func, ast.Attribute)
        or call.func.attr not in _PAIRS
    ):
        return None
    return replace(base, integral=position == 1 or base.integral, origin=node, ident=0)


def _constant_length(item: ast.Slice) -> bool:
    """A slice whose length its constants fix (on an axis long enough): `:16`, `2:10`,
    `-4:`; not `1:` or `:-1` (the length follows the axis)."""
    if item.step is not None:
        return False
    lower = constant_int(item.lower) if item.lower is not None else 0
    upper = constant_int(item.upper) if item.upper is not None else None
    if lower is None:
        return False
    if upper is None:
        return item.upper is None and lower < 0  # `x[-4:]`
    return (lower >= 0 and upper >= lower) or (lower < 0 and upper < 0 and upper >= lower)


def indexed_dims(index: ast.expr, dims: tuple[Value, ...]) -> tuple[Value, ...] | None:
    """The dimensions of `x[:, 0]`, `x[..., None]`, `x[0]`, `x[:, 1:3]` of a tensor whose
    dimensions are known: an int index drops its axis, `None` adds a unit axis, a slice
    keeps the axis (a static one stays static; a dynamic one stays dynamic, the same symbol
    only when the slice is the whole axis). None when a
    tensor, a list or a non-constant index is involved."""
    items = list(index.elts) if isinstance(index, ast.Tuple) else [index]
    if sum(1 for i in items if isinstance(i, ast.Constant) and i.value is Ellipsis) > 1:
        return None
    out: list[Value] = []
    axis = 0
    for n, item in enumerate(items):
        if isinstance(item, ast.Constant) and item.value is Ellipsis:
            rest = [i for i in items[n + 1 :] if not _is_none(i)]
            skip = len(dims) - axis - len(rest)
            if skip < 0:
                return None
            out.extend(dims[axis : axis + skip])
            axis += skip
        elif _is_none(item):
            out.append(UNIT)
        elif isinstance(item, ast.Slice):
            if axis >= len(dims) or not all(
                part is None or constant_int(part) is not None
                for part in (item.lower, item.upper, item.step)
            ):
                return None
            full = item.lower is None and item.upper is None and item.step is None
            kept = dims[axis]
            # (A part of an axis is another size: a new symbol, or none known. A part whose
            # length the constants fix, `x[:, :16]`, `x[:, 2:10]`, `x[:, -4:]`, is static:
            # export gives it that length, measured on 2.13 by the operator probes.)
            fixed = _constant_length(item)
            out.append(kept if full else STATIC if kept.kind is Kind.STATIC or fixed else DIM)
            axis += 1
        elif constant_int(item) is not None:
            if axis >= len(dims):
                return None
            axis += 1
        else:
            return None
    return (*out, *dims[axis:])


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def attribute_dims(attr: str, tensor: Value) -> tuple[Value, ...] | None:
    """The dimensions of `x.T` (every axis reversed) and `x.mT` (the last two swapped)."""
    dims = tensor.dims
    if dims is None or len(dims) < 2 or attr not in ("T", "mT"):
        return None
    return tuple(reversed(dims)) if attr == "T" else (*dims[:-2], dims[-1], dims[-2])


def numel_of(tensor: Value) -> Value:
    """`t.numel()` of a dynamic tensor: a size named after the tensor (`<ident>[numel]`), so
    that `t.view(-1, t.numel() // k)` is known to have `k` rows (see `inferred_is_static`)."""
    return replace(DIM, sym=f"{tensor.ident}[numel]") if tensor.ident else DIM


def _splits_numel(receiver: Value, given: list[Value]) -> bool:
    """`x.view(-1, x.numel() // k)`: the sizes given are the element count divided by a
    static `k`, so the `-1` is `k` whatever the rank (torch: numel / (numel // k))."""
    dynamic = [d for d in given if d.kind is not Kind.STATIC]
    return (
        bool(receiver.ident)
        and len(dynamic) == 1
        and dynamic[0].kind is Kind.DIM
        and dynamic[0].sym.startswith(f"{receiver.ident}[numel]//")
    )


def inferred_is_static(receiver: Value, given: list[Value]) -> bool:
    """The `-1` of `x.view(b, s, -1, self.head_dim)` is numel / (b * s * head_dim): static
    when the sizes given spell out every dynamic axis of x, each by its own symbol (measured
    on 2.13: the heads axis gets no symbol and the head-count test no guard). A `-1` that
    absorbs a dynamic axis (`x.view(b, -1)` of a (b, s, d) tensor) stays dynamic."""
    if _splits_numel(receiver, given):
        return True
    dims = receiver.dims
    if dims is None or receiver.data_shape or any(d.kind is Kind.UNKNOWN for d in dims):
        return False
    wanted = sorted(axis_symbol(d, receiver, i) for i, d in enumerate(dims) if d.kind is Kind.DIM)
    if any(not sym for sym in wanted):
        return False
    got = sorted(d.sym for d in given if d.kind is Kind.DIM)
    return all(d.kind in (Kind.STATIC, Kind.DIM) for d in given) and got == wanted


def axis_symbol(dim: Value, tensor: Value, axis: int) -> str:
    """The symbol of a dynamic axis: its own, or the one read from the tensor's ident."""
    if dim.sym:
        return dim.sym
    return f"{tensor.ident}[{axis}]" if tensor.ident else ""


def with_axis_symbols(dims: tuple[Value, ...], tensor: Value) -> tuple[Value, ...]:
    """`dims` with each dynamic axis named (a layer's output keeps the input's row axes: the
    same symbols, so a later reshape can tell which sizes it spells out)."""
    if not tensor.ident or all(d.sym or d.kind is not Kind.DIM for d in dims):
        return dims
    return tuple(
        replace(d, sym=f"{tensor.ident}[{i}]") if d.kind is Kind.DIM and not d.sym else d
        for i, d in enumerate(dims)
    )


def know_rank(env: dict[str, Value], source: ast.expr | None, parts: list[Value]) -> None:
    """`b, s, _ = x.shape` proves x has rank 3: x's dimensions become the sizes unpacked
    (each named by its symbol), so a layer applied to x and a reshape of its output can tell
    which axes stay x's (`self.q(x).view(b, s, -1, d)`: the `-1` is static)."""
    if not (
        isinstance(source, ast.Attribute)
        and source.attr == "shape"
        and isinstance(source.value, ast.Name)
    ):
        return
    name = source.value.id
    tensor = env.get(name)
    if (
        tensor is None
        or tensor.kind is not Kind.TENSOR
        or tensor.dims is not None
        or tensor.data_shape
        or tensor.is_container
        or not all(p.kind in (Kind.DIM, Kind.STATIC) and not p.is_container for p in parts)
    ):
        return
    env[name] = replace(tensor, dims=tuple(parts))


# Methods whose result has the receiver's shape (elementwise, scatter into it, casts).
_SAME_SHAPE_METHODS = frozenset(
    {"type_as", "detach", "masked_fill", "clamp", "scatter", "scatter_add", "index_fill",
     "index_copy", "index_add", "where", "bfloat16"}
)  # fmt: skip


def factory_dims(
    qualname: str, args: list[Value], nodes: list[ast.expr] | None = None
) -> tuple[Value, ...] | None:
    """`torch.zeros([n, self.k])` / `torch.ones(n, 4)`: the dimensions are the sizes given
    (a literal 1 among the `nodes` written: a unit axis, `torch.empty(b, 1)`'s one step)."""
    if qualname not in FACTORIES or qualname.endswith("_like") or not args:
        return None
    sizes = args[0].elts if len(args) == 1 and args[0].is_container else tuple(args)
    if sizes is None or any(s.kind not in (Kind.STATIC, Kind.DIM) or s.is_container for s in sizes):
        return None
    written = nodes if nodes is not None and len(nodes) == len(sizes) else [None] * len(sizes)
    if nodes is not None and len(nodes) == 1 and isinstance(nodes[0], (ast.Tuple, ast.List)):
        written = list(nodes[0].elts) if len(nodes[0].elts) == len(sizes) else written
    return tuple(
        DIM
        if s.kind is not Kind.STATIC
        else UNIT
        if n is not None and constant_int(n) == 1
        else STATIC
        for s, n in zip(sizes, written)
    )


def one_hot_output(node: ast.Call, args: list[Value], kwargs: dict[str, Value]) -> Value | None:
    """`F.one_hot(labels, k)` with a literal or config `k`: the class axis appended to the
    labels' shape is static (`k` sizes it; measured on 2.13: no guard, no symbol for it).
    Labels of unknown rank are taken for a 1-D vector of class indices, what one_hot is
    written for (routing and class counts): `one_hot(labels, k).sum(0)` has k rows. None:
    the number of classes is not given or not static (`-1` counts the data: a data shape)."""
    if not args or args[0].kind is not Kind.TENSOR or args[0].is_container:
        return None
    keywords = {kw.arg: kw.value for kw in node.keywords}
    classes_node = node.args[1] if len(node.args) > 1 else keywords.get("num_classes")
    if classes_node is None or constant_int(classes_node) == -1:
        return None
    classes = args[1] if len(args) > 1 else kwargs.get("num_classes")
    if classes is not None and (classes.kind is not Kind.STATIC or classes.is_container):
        return None
    labels = args[0]
    rows = labels.dims if labels.dims is not None else (DIM if labels.dynamic else STATIC,)
    return Value(
        Kind.TENSOR,
        dynamic=labels.dynamic,
        dims=(*rows, STATIC),
        static_last=True,
        integral=True,
        origin=node,
    )


REDUCTIONS = frozenset(
    {"sum", "mean", "amax", "amin", "prod", "std", "var", "logsumexp", "norm", "any", "all"}
)


def _selected(
    method: str, node: ast.Call, dims: tuple[Value, ...], args: list[Value]
) -> tuple[Value, ...] | None:
    """`x.topk(k, dim=-1)`: x's dimensions with k (static) on the axis selected along;
    `x.sort(dim)` / `argsort`: x's. (values and indices alike.)"""
    if method != "topk":
        return dims
    keywords = {kw.arg: kw.value for kw in node.keywords}
    k_node = node.args[0] if node.args else keywords.get("k")
    k = args[0] if args else None
    axis_node = node.args[1] if len(node.args) > 1 else keywords.get("dim")
    axis = constant_int(axis_node) if axis_node is not None else -1
    if k_node is None or axis is None or not -len(dims) <= axis < len(dims):
        return None
    if k is not None and (k.kind is not Kind.STATIC or k.is_container):
        return None  # topk(n) of a dynamic size
    axis %= len(dims)
    size = UNIT if constant_int(k_node) == 1 else STATIC
    return (*dims[:axis], size, *dims[axis + 1 :])


def _reduced(node: ast.Call, dims: tuple[Value, ...]) -> tuple[Value, ...] | None:
    """The dimensions left by `x.sum(k)` / `x.mean(dim=k, keepdim=True)` (one constant axis)."""
    keywords = {kw.arg: kw.value for kw in node.keywords}
    axis_node = node.args[0] if node.args else keywords.get("dim")
    keep = keywords.get("keepdim", node.args[1] if len(node.args) > 1 else None)
    axis = constant_int(axis_node) if axis_node is not None else None
    if axis is None or not -len(dims) <= axis < len(dims):
        return None
    axis %= len(dims)
    if keep is None or (isinstance(keep, ast.Constant) and keep.value is False):
        return (*dims[:axis], *dims[axis + 1 :])
    if isinstance(keep, ast.Constant) and keep.value is True:
        return (*dims[:axis], UNIT, *dims[axis + 1 :])
    return None


def reduced_by_function(node: ast.Call, dims: tuple[Value, ...]) -> tuple[Value, ...] | None:
    """`torch.sum(x, dim=1)`: the dimensions `x.sum(dim=1)` leaves (the tensor is `node`'s
    first argument)."""
    if not node.args or isinstance(node.args[0], ast.Starred):
        return None
    return _reduced(ast.Call(func=node.func, args=node.args[1:], keywords=node.keywords), dims)


def keeps_last_axis(method: str, node: ast.Call) -> bool:
    """`x.<method>(...)` keeps the last axis of x (what a layer fixed there stays fixed)."""
    if method in SHAPE_KEEPING or method in ("type_as", "detach", "masked_fill", "clamp"):
        return True
    # A new leading axis; (transpose(1, 2) may move the last axis when the rank is not known.)
    return method == "unsqueeze" and len(node.args) == 1 and constant_int(node.args[0]) == 0


def mark_first_axis(size: Value, shape: Value, position: int | None) -> Value:
    """`x.shape[0]` of an argument whose first axis the file's dynamic_shapes leaves static
    (`{1: Dim.DYNAMIC}` with an example of unknown rank): a static size."""
    if position == 0 and shape.static_first and size.kind is Kind.DIM:
        return replace(STATIC, exact_int=True, nonneg=True, origin=size.origin)
    return size


def mark_last_axis(size: Value, index: ast.expr | None, static_last: bool = False) -> Value:
    """`x.shape[-1]`: the feature axis, in practice almost never a dynamic dimension (and
    static for sure when a layer fixed it: `static_last`)."""
    is_last = (
        isinstance(index, ast.UnaryOp)
        and isinstance(index.op, ast.USub)
        and isinstance(index.operand, ast.Constant)
        and index.operand.value == 1
    )
    if is_last and static_last and size.kind is Kind.DIM:
        return replace(STATIC, exact_int=True, nonneg=True, origin=size.origin)
    return replace(size, last_axis=True) if is_last and size.kind is Kind.DIM else size


def with_symbol(size: Value, shape: Value, index: ast.expr | None) -> Value:
    """The size at a constant `index` of a tensor's shape, named by the tensor's ident: two
    reads of the same axis of the same tensor are one symbol (`x.shape[1] == x.size(1)`)."""
    if size.kind is not Kind.DIM or size.sym or not shape.sym or index is None:
        return size
    axis = constant_int(index)
    return size if axis is None else replace(size, sym=f"{shape.sym}[{axis}]")


def same_symbol(left: Value, right: Value) -> bool:
    """Two sizes that are the same symbol by construction: comparing them is decided."""
    return (
        left.kind is Kind.DIM
        and right.kind is Kind.DIM
        and bool(left.sym)
        and left.sym == right.sym
    )


# Layers whose output fixes an axis whatever the input: (rank of a batched input or 0 when
# any rank, the fixed axis). A Linear fixes the last axis (out_features), an Embedding appends
# it, a convolution fixes the channels (axis 1).
LAYERS_FIXING_LAST = frozenset({"Linear", "LazyLinear", "Bilinear", "Embedding"})
CONVOLUTIONS = {
    "Conv1d": 3, "Conv2d": 4, "Conv3d": 5, "ConvTranspose1d": 3, "ConvTranspose2d": 4,
    "ConvTranspose3d": 5, "LazyConv1d": 3, "LazyConv2d": 4, "LazyConv3d": 5,
}  # fmt: skip
# Layers that keep the shape of their input.
SHAPE_KEEPING_LAYERS = frozenset(
    {"LayerNorm", "RMSNorm", "Dropout", "GELU", "ReLU", "SiLU", "Tanh", "Sigmoid", "Identity",
     "Softmax", "LeakyReLU", "Mish", "Hardswish", "ELU", "GroupNorm", "BatchNorm1d",
     "BatchNorm2d", "BatchNorm3d"}
)  # fmt: skip


# torch / torch.nn.functional functions whose output has the shape of their first argument.
SHAPE_KEEPING_FUNCTIONS = frozenset(
    {"relu", "gelu", "silu", "sigmoid", "tanh", "dropout", "layer_norm", "rms_norm", "softmax",
     "log_softmax", "normalize", "leaky_relu", "elu", "mish", "hardswish", "exp", "abs", "neg",
     "sqrt", "rsqrt"}
)  # fmt: skip


RECURRENT_LAYERS = frozenset({"GRU", "LSTM", "RNN"})


def recurrent_output(layer: str, first: Value, dynamic: bool) -> Value | None:
    """`out, h = self.gru(x)` of a 3-D input whose dimensions are known: `out` has x's
    dimensions with the hidden size (static) last, whichever axis is time; `h` (LSTM: `(h,
    c)`) is not known. None: not a recurrent layer, or x's dimensions not known."""
    dims = first.dims
    if layer not in RECURRENT_LAYERS or first.kind is not Kind.TENSOR or dims is None:
        return None
    if len(dims) != 3:
        return None
    out = Value(
        Kind.TENSOR,
        dynamic=dynamic,
        dims=(*with_axis_symbols(dims, first)[:-1], STATIC),
        static_last=True,
    )
    state = Value(Kind.TENSOR, dynamic=dynamic)
    hidden = Value(Kind.STATIC, elts=(state, state)) if layer == "LSTM" else state
    return Value(Kind.STATIC, elts=(out, hidden))


def layer_output(layer: str, first: Value, dynamic: bool) -> Value | None:
    """The output of a torch.nn layer applied to `first`, when the layer fixes part of its
    shape (`layer` is the class name, `nn.Linear` -> "Linear"); None: nothing known."""
    if first.kind is not Kind.TENSOR:
        return None
    if layer in LAYERS_FIXING_LAST:
        dims = first.dims
        if dims is not None:
            dims = with_axis_symbols(dims, first)
            dims = (*dims, STATIC) if layer == "Embedding" else (*dims[:-1], STATIC)
        return Value(Kind.TENSOR, dynamic=dynamic, dims=dims, static_last=True)
    if layer in CONVOLUTIONS:
        rank = len(first.dims) if first.dims is not None else CONVOLUTIONS[layer]
        if rank < 3:
            return None
        # The batch axis is the input's: when its axes are not known, a size read from it is
        # the raw size any axis of the input would be (at least 2 under export, see
        # `Value.raw_size`).
        batch = (
            with_axis_symbols(first.dims, first)[0]
            if first.dims is not None
            else (replace(DIM, raw_size=True) if dynamic else STATIC)
        )
        # The spatial sizes are computed from the input's: as dynamic as the input, another
        # symbol (a different size).
        spatial = DIM if dynamic else STATIC
        if first.dims is not None:
            spatial = DIM if any(d.kind is not Kind.STATIC for d in first.dims[2:]) else STATIC
        dims = (batch, STATIC, *([spatial] * (rank - 2)))
        return Value(Kind.TENSOR, dynamic=dynamic, dims=dims)
    if layer in SHAPE_KEEPING_LAYERS:
        dims = with_axis_symbols(first.dims, first) if first.dims is not None else None
        return Value(Kind.TENSOR, dynamic=first.dynamic, dims=dims, static_last=first.static_last)
    return None
