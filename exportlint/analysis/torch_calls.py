"""Calls of library functions: Python builtins, math/numpy, the torch function tables, and
the methods of tensors."""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence

from exportlint.analysis import events
from exportlint.analysis.frame import Frame
from exportlint.analysis.interpreter_base import InterpreterBase
from exportlint.analysis.kinds import (
    DATA,
    DIM,
    STATIC,
    UNKNOWN,
    Kind,
    Value,
    combine,
    constant_tensor,
    converted,
    element_of,
    fixed,
    python_constant,
    sequence,
    tensor,
)
from exportlint.analysis.kinds import copy_with as replace  # dataclasses.replace, cheaper
from exportlint.analysis.shapes import (
    INDEX_LISTS,
    REDUCTIONS,
    SHAPE_KEEPING_FUNCTIONS,
    batched_product_dims,
    concatenated_dims,
    constant_int,
    counted_axes,
    dims_after,
    factory_dims,
    index_list_dims,
    index_tuple,
    keeps_last_axis,
    mark_first_axis,
    mark_last_axis,
    numel_of,
    one_hot_output,
    reduced_by_function,
    stacked_dims,
    static_axis,
    with_symbol,
)
from exportlint.analysis.tables import (
    DATA_SHAPED_METHODS,
    STATIC_TENSOR_METHODS,
    STATIC_TORCH_FUNCTIONS,
    TENSOR_SEQUENCE_FUNCTIONS,
    TENSOR_SEQUENCE_METHODS,
    VIEW_METHODS,
)
from exportlint.analysis.tensor_api import TENSOR_MEMBERS

_CONSTANT_TENSORS = frozenset(("torch.tensor", "torch.as_tensor"))


class TorchCallsMixin(InterpreterBase):
    """What builtins, math/numpy, torch functions and tensor methods return."""

    def _call_qualified(
        self,
        node: ast.Call,
        qualname: str,
        args: list[Value],
        kwargs: dict[str, Value],
        frame: Frame,
    ) -> Value:
        if qualname.startswith("builtins."):
            return self._builtin(node, qualname[9:], args, frame)
        root = qualname.split(".")[0]
        if root == "torch" or root == "functorch":
            return self._torch_function(node, qualname, args, kwargs, frame)
        if root == "math":
            if qualname in ("math.isnan", "math.isinf", "math.isfinite", "math.isclose"):
                return combine(args) if args else STATIC
            out = combine(args)
            if out.kind is Kind.TENSOR:
                out = DATA
            if qualname in ("math.floor", "math.ceil", "math.trunc", "math.gcd", "math.factorial"):
                return replace(out, is_float=False)
            return replace(out, is_float=out.kind in (Kind.DIM, Kind.DATA))
        if root == "numpy":
            if qualname.startswith("numpy.random."):
                return STATIC
            out = combine(args)
            if out.kind is Kind.TENSOR:
                return DATA
            if out.kind is Kind.DIM:
                # An array computed in numpy from a size: baked where it is computed (EXL301
                # reports that call, not every numpy call on its result).
                return replace(out, is_float=True, source="numpy")
            return replace(out, is_float=out.kind is Kind.DATA)
        if root in ("random", "time", "uuid", "os", "sys", "logging", "warnings", "typing"):
            return STATIC
        if qualname.endswith(".simple_loop_for"):
            self._follow_branches(node, frame)  # exportlint.ops.simple_loop_for and the like
            return Value(Kind.TENSOR, dynamic=True)
        callee = self._imported(qualname)
        if callee.kind is Kind.STATIC and (callee.func is not None or callee.source == "class"):
            return self._call_value(callee, args, kwargs, frame)
        return UNKNOWN

    def _builtin(self, node: ast.Call, name: str, args: list[Value], frame: Frame) -> Value:
        first = args[0] if args else UNKNOWN
        # `for r in list(t):` is the `for` loop's to report (with its rewrite).
        stmt = self._stmt
        loop_iterable = isinstance(stmt, (ast.For, ast.AsyncFor)) and stmt.iter is node
        iterated = (
            name in _ITERATING_BUILTINS
            and len(node.args) == 1
            and first.kind is Kind.TENSOR
            and not loop_iterable
        )
        if iterated:
            # max(t), sum(t), list(t), sorted(t): a Python loop over the tensor's rows.
            self.sink.iteration(events.Iteration(node.args[0], first, stmt))
        if name == "len":
            if first.kind is Kind.TENSOR and first.optional:
                return UNKNOWN
            if first.kind is Kind.TENSOR and first.dims and counted_axes(first.dims):
                rows = self._shape_of(first).elts  # len(nonzero(m).t()): m.dim()
                if rows:
                    return rows[0].with_origin(node)
            if first.kind is Kind.TENSOR and first.data_shape:
                # len() of nonzero()/x[mask] results: a data-dependent size, like .shape[0].
                return replace(DATA, exact_int=True, nonneg=True).with_origin(node)
            if first.kind is Kind.TENSOR:
                if not first.dynamic:
                    return STATIC
                # len(x) is x.shape[0]: the same size (and symbol), at least 2 under export.
                shape = self._shape_of(first)
                if shape.elts:
                    return shape.elts[0].with_origin(node)
                size = mark_first_axis(element_of(shape), shape, 0)
                return with_symbol(size, shape, _AXIS_0).with_origin(node)
            return STATIC if first.kind is not Kind.UNKNOWN else UNKNOWN
        if name in ("int", "float", "bool", "abs", "pow", "divmod", "round"):
            if name == "bool":
                self._condition(node.args[0], first, frame, "bool", False) if node.args else None
            out = combine(args) if args else STATIC
            if out.kind is Kind.TENSOR:
                out = DATA
            if out.is_container:
                out = UNKNOWN
            if out.kind is Kind.DATA and name in ("int", "float", "round"):
                # A Python number read out of data: EXL201 reports the conversion; what is
                # computed from it comes from there (see `Value.roots`).
                out = converted(out, node)
            if name == "float":
                return replace(out, is_float=out.kind in (Kind.DIM, Kind.DATA))
            if name == "int" and len(args) == 1 and first.kind is Kind.DIM and first.exact_int:
                # `int(x.shape[2])` of an exact int specialises the size (EXL301 reports it
                # there): what is computed from the result is a constant of the trace. (After
                # `int(n ** 0.5)`, later uses stay reported: fixing the int leaves them dynamic.)
                return STATIC
            if name in ("int", "round", "bool"):
                return replace(out, is_float=False)
            return out
        if name in ("min", "max", "sum"):
            if len(args) == 1 and first.is_container:
                return combine([element_of(first)])
            out = combine(args)
            if out.kind in (Kind.DIM, Kind.DATA) and any(a.is_float for a in args):
                # `max(k / q, 1.0)` is a float size still: EXL404 reads it times an int tensor.
                out = replace(out, is_float=True)
            return out
        if name == "range":
            bound = combine(args) if args else STATIC
            element = DIM if bound.kind in (Kind.DIM, Kind.DATA) else STATIC
            return sequence(element, source="range", parts=tuple(args))
        if name in ("zip", "enumerate", "reversed", "sorted", "list", "tuple", "iter", "set"):
            if name == "enumerate":
                return sequence(
                    fixed((STATIC, element_of(first))), source="enumerate", parts=(first,)
                )
            if name == "zip":
                return sequence(
                    fixed(tuple(element_of(a) for a in args)), source="zip", parts=tuple(args)
                )
            if name in ("list", "tuple") and first.elts is not None:
                return fixed(first.elts, source=first.source)
            if not args:
                return sequence(UNKNOWN)
            if iterated and not first.optional:
                # Reported here, at list(t): a later loop over the list is the same loop.
                return sequence(element_of(first), source=name)
            return sequence(element_of(first), source=name, parts=(first,))
        if name in (
            "isinstance",
            "issubclass",
            "hasattr",
            "callable",
            "type",
            "str",
            "repr",
            "print",
            "id",
            "hash",
            "format",
            "dict",
            "getattr",
            "setattr",
            "vars",
        ):
            return STATIC if name != "getattr" else UNKNOWN
        if name == "super":
            info = self.info.classes.get(frame.owner)
            return Value(Kind.STATIC, source="super", owner=frame.owner) if info else UNKNOWN
        if name in ("any", "all"):
            out = combine([element_of(first)]) if first.is_container else combine(args)
            return DATA if out.kind is Kind.TENSOR else out
        if name == "map":
            for arg, value in zip(node.args[1:], args[1:]):
                self._iterated(arg, value)  # map(f, t): f runs once per row of t
            return sequence(UNKNOWN)
        return UNKNOWN

    def _torch_function(
        self,
        node: ast.Call,
        qualname: str,
        args: list[Value],
        kwargs: dict[str, Value],
        frame: Frame,
    ) -> Value:
        short = qualname.rsplit(".", 1)[-1]
        if qualname in STATIC_TORCH_FUNCTIONS or short.startswith("is_"):
            return STATIC
        if qualname == "torch.numel":
            first = args[0] if args else UNKNOWN
            if first.kind is Kind.TENSOR and first.data_shape:
                return DATA.with_origin(node)
            return numel_of(first) if first.kind is Kind.TENSOR and first.dynamic else STATIC
        if qualname.startswith("torch.sym_"):
            return combine([a for a in args if a.kind is not Kind.TENSOR] or [STATIC])
        if qualname in (
            "torch.cond",
            "torch._higher_order_ops.cond",
            "functorch.experimental.control_flow.cond",
        ):
            self._follow_branches(node, frame)
            return Value(Kind.TENSOR, dynamic=True)
        if short in _LOOP_FUNCTIONS:
            self._follow_branches(node, frame)
            return Value(Kind.TENSOR, dynamic=True)
        if qualname in TENSOR_SEQUENCE_FUNCTIONS:
            count = _chunk_count(short, args[1:], kwargs)
            return sequence(tensor(any(a.dynamic for a in args)), source=short, parts=count)
        if (qualname == "torch.where" and len(node.args) == 1 and not node.keywords) or (
            qualname == "torch.nonzero" and index_tuple(node)
        ):
            # torch.where(cond): the indices of the true elements, one tensor per dimension.
            return sequence(Value(Kind.TENSOR, dynamic=True, data_shape=True), source="where")
        first = args[0] if args else UNKNOWN
        if qualname == "torch.stack" and _stacks_display_on_first_axis(node):
            # torch.stack([a, b]): as many rows as the display has elements, whatever the
            # elements' sizes (`len()` of it, or a loop over it, is static).
            elements = first.elts or ()
            return Value(
                Kind.TENSOR,
                dynamic=not elements or any(e.dynamic or e.kind is Kind.UNKNOWN for e in elements),
                static_first=True,
                origin=node,
            )
        along = _stack_axis(node) if qualname == "torch.stack" else None
        if along is not None:
            # torch.stack([x1, y1, x2, y2], dim=-1): a static axis of 4 (the last, or where
            # the elements' known dimensions put it); `.unbind(-1)` of it is 4 tensors.
            elements = first.elts or ()
            dims = stacked_dims(elements, along)
            return Value(
                Kind.TENSOR,
                dynamic=not elements or any(e.dynamic or e.kind is Kind.UNKNOWN for e in elements),
                dims=dims,
                static_last=along == -1 or (dims is not None and along == len(dims) - 1),
                origin=node,
            )
        if short in SHAPE_KEEPING_FUNCTIONS and first.kind is Kind.TENSOR:
            # torch.relu(h), F.gelu(h), F.layer_norm(h, ...): the shape of h, what a layer
            # fixed in it included.
            return Value(
                Kind.TENSOR,
                dynamic=first.dynamic,
                data_shape=first.data_shape,
                origin=node,
                dims=first.dims,
                static_last=first.static_last,
            )
        if qualname == "torch.nn.functional.one_hot":
            fixed_classes = one_hot_output(node, args, kwargs)
            if fixed_classes is not None:
                return fixed_classes
        if qualname.startswith("torch.nn.functional."):
            return Value(
                Kind.TENSOR, dynamic=any(a.dynamic or a.kind is Kind.UNKNOWN for a in args)
            )
        if qualname.startswith(
            ("torch.nn.", "torch.utils.", "torch.distributed.", "torch.autograd.")
        ):
            return UNKNOWN
        if short[:1].isupper():
            return UNKNOWN  # torch.Generator(), torch.Size(...) handled above, classes
        if qualname in _CONSTANT_TENSORS and args and all(python_constant(a) for a in args):
            # torch.tensor(True), torch.as_tensor(self.causal): made from Python values, the
            # tensor's value is known at trace time and bool() of it is decided (measured on
            # 2.13: `torch.tensor(flag) or mask.any()` exports). `torch.ones(())` is not: its
            # value is not tracked (bool() of it fails).
            return constant_tensor(node)
        inputs = [*args, *kwargs.values()]
        dynamic = any(
            (v.kind is Kind.TENSOR and v.dynamic)
            or v.kind in (Kind.DIM, Kind.DATA, Kind.UNKNOWN)
            or (v.is_container and element_of(v).kind in (Kind.DIM, Kind.DATA, Kind.UNKNOWN))
            or (v.is_container and element_of(v).dynamic)
            for v in inputs
        )
        data_shape = short in DATA_SHAPED_METHODS or any(v.data_shape for v in inputs)
        dims = factory_dims(qualname, args, node.args) if not data_shape else None
        if short in INDEX_LISTS and qualname in (f"torch.{short}", f"torch.Tensor.{short}"):
            dims = index_list_dims(node)
        elif data_shape:
            pass
        elif qualname in ("torch.bmm", "torch.matmul") and len(args) == 2:
            dims = batched_product_dims(args[0], args[1])
        elif qualname in _CONCATENATIONS and first.elts:
            axis = _axis_argument(node, position=1)
            dims = concatenated_dims(first.elts, axis) if axis is not None else None
        elif qualname == f"torch.{short}" and short in REDUCTIONS and first.dims is not None:
            dims = reduced_by_function(node, first.dims)
            if dims is not None and all(d.kind is Kind.STATIC for d in dims):
                dynamic = False  # `torch.sum(x, 1)` of a (4, batch) tensor: static sizes left
        return Value(
            Kind.TENSOR,
            dynamic=dynamic,
            data_shape=data_shape,
            origin=node,
            dims=dims,
            integral=(
                short in _INTEGER_RESULTS
                and not any(a.is_float for a in args)
                and not any(k.arg == "dtype" for k in node.keywords)  # arange(n, dtype=float)
            )
            or _integer_dtype(node),
        )

    def _tensor_method(
        self,
        node: ast.Call,
        receiver: Value,
        method: str,
        args: list[Value],
        kwargs: dict[str, Value],
    ) -> Value:
        if receiver.optional and method in _MAPPING_METHODS:
            return UNKNOWN  # `self.encoder(x).values()`: a ModelOutput (a dict), not sparse
        if method not in TENSOR_MEMBERS:
            return UNKNOWN  # not a tensor method: the receiver is not a tensor after all
        if method.endswith("_") and not method.startswith("_"):
            if receiver.input_alias:
                assert isinstance(node.func, ast.Attribute)
                self.sink.mutation(
                    events.Mutation(node, receiver, node.func.value, "method", self._stmt)
                )
            return receiver
        if method == "size" or method == "stride":
            if args or "dim" in kwargs:
                shape = self._shape_of(receiver)
                index = node.args[0] if node.args else None
                position = constant_int(index) if index is not None else None
                if (
                    method == "size"
                    and shape.elts is not None
                    and position is not None
                    and -len(shape.elts) <= position < len(shape.elts)
                ):
                    return shape.elts[position].with_origin(node)
                size = element_of(shape).with_origin(node)
                size = mark_first_axis(size, shape, position)
                size = mark_last_axis(size, index, receiver.static_last)
                return with_symbol(size, shape, index) if method == "size" else size
            return self._shape_of(receiver)
        if method == "narrow" and receiver.dynamic:
            self._rounded_narrow(node, args)
        if method in ("numel", "nelement"):
            if receiver.data_shape:  # how many elements a mask selected: data, not a size
                return DATA.with_origin(node)
            return numel_of(receiver).with_origin(node) if receiver.dynamic else STATIC
        if method in STATIC_TENSOR_METHODS:
            return STATIC
        if method == "item":
            return converted(DATA.with_origin(node), node)
        if method == "tolist":
            # The receiver is kept: a loop over the list runs once per row of it.
            return sequence(converted(DATA.with_origin(node), node), source="tolist",
                            parts=(receiver,))  # fmt: skip
        if method == "numpy":
            return converted(DATA.with_origin(node), node)
        if method == "data_ptr":
            return DATA.with_origin(node)
        if method in ("equal", "allclose"):
            return DATA.with_origin(node)
        if method == "nonzero" and index_tuple(node):
            # `m.nonzero(as_tuple=True)`: one index vector per axis of m, like torch.where(m).
            return sequence(
                Value(Kind.TENSOR, dynamic=True, data_shape=True, integral=True), source="where"
            )
        if method in TENSOR_SEQUENCE_METHODS:
            part = receiver
            if method == "unbind" and static_axis(receiver, _axis_argument(node)):
                # unbind of 3 q/k/v planes, of the 4 coordinates of (n, 4) boxes, of the
                # mask.dim() columns of a nonzero index list: a fixed count of tensors.
                part = replace(receiver, dynamic=False)
            count = _chunk_count(method, args, kwargs)
            return sequence(tensor(receiver.dynamic), source=method, parts=(part, *count))
        dynamic = receiver.dynamic or any(
            v.dynamic or v.kind in (Kind.DIM, Kind.DATA, Kind.UNKNOWN) for v in args
        )
        dims = dims_after(method, node, receiver, args)
        if method in INDEX_LISTS:
            dims = index_list_dims(node)
        data_shape = receiver.data_shape or method in DATA_SHAPED_METHODS
        if dims is not None and not data_shape and all(d.kind is Kind.STATIC for d in dims):
            dynamic = False  # `x.sum(0)` of a (batch, 4) input: every size left is static
        return Value(
            Kind.TENSOR,
            dynamic=dynamic,
            input_alias=receiver.input_alias and method in VIEW_METHODS,
            data_shape=data_shape,
            origin=node,
            dims=dims,
            static_last=receiver.static_last and keeps_last_axis(method, node),
            integral=method in _INTEGER_RESULTS
            or (receiver.integral and method in _INTEGER_KEEPING)
            or _integer_dtype(node),
        )


# Functions and methods whose result holds integers, and methods that keep an integer tensor
# integer (`.view`, `.flatten`, indexing helpers).
_INTEGER_RESULTS = frozenset(
    {"argmax", "argmin", "argsort", "long", "int", "short", "nonzero", "arange", "randint",
     "searchsorted", "bucketize", "randperm", "argwhere", "count_nonzero"}
)  # fmt: skip
_INTEGER_KEEPING = frozenset(
    {"view", "reshape", "flatten", "squeeze", "unsqueeze", "contiguous", "clone", "detach",
     "expand", "expand_as", "permute", "transpose", "gather", "index_select", "repeat", "flip",
     "cumsum", "sum", "remainder", "clamp", "masked_fill", "narrow", "unflatten"}
)  # fmt: skip
_INTEGER_DTYPES = frozenset({"long", "int64", "int", "int32", "int16", "int8", "uint8"})


def _integer_dtype(node: ast.Call) -> bool:
    """`dtype=torch.long` (or `.to(torch.int64)`) spelled in the call."""
    for arg in (*node.args, *(k.value for k in node.keywords if k.arg == "dtype")):
        if (
            isinstance(arg, ast.Attribute)
            and isinstance(arg.value, ast.Name)
            and arg.value.id == "torch"
            and arg.attr in _INTEGER_DTYPES
        ):
            return True
    return False


_AXIS_0 = ast.Constant(0)


_CONCATENATIONS = frozenset({"torch.cat", "torch.concat", "torch.concatenate"})


def _chunk_count(
    name: str, args: Sequence[Value], kwargs: Mapping[str, Value]
) -> tuple[Value, ...]:
    """`t.chunk(n)` / `torch.chunk(t, n)` with a dynamic size or data as the number of chunks:
    (that count,), so that a loop over the chunks knows its trip count is not static
    (EXL401); () otherwise."""
    if name != "chunk":
        return ()
    count = kwargs.get("chunks") or (args[0] if args else None)
    if count is None or count.is_container or count.kind not in (Kind.DIM, Kind.DATA):
        return ()
    return (count,)


def _axis_argument(node: ast.Call, position: int = 0) -> int | None:
    """The constant `dim` of `x.unbind(1)` / `x.unbind(dim=-1)` / `torch.cat(xs, 2)` (0 when
    not given)."""
    for keyword in node.keywords:
        if keyword.arg in ("dim", "axis"):
            return constant_int(keyword.value)
    return constant_int(node.args[position]) if len(node.args) > position else 0


_LOOP_FUNCTIONS = frozenset({"while_loop", "scan", "map", "associative_scan", "simple_loop_for"})


# Dict methods a submodule's output (maybe a ModelOutput) has; on tensors, only sparse ones.
_MAPPING_METHODS = frozenset({"values", "keys", "items", "to_tuple", "get"})

_ITERATING_BUILTINS = frozenset(
    {"max", "min", "sum", "any", "all", "list", "tuple", "sorted", "set"}
)


def _stack_axis(node: ast.Call) -> int | None:
    """The constant axis of `torch.stack` of a list or tuple display (no `*rest`), or None."""
    if not node.args or not isinstance(node.args[0], (ast.List, ast.Tuple)):
        return None
    if any(isinstance(e, ast.Starred) for e in node.args[0].elts):
        return None
    dims = [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "dim")]
    return constant_int(dims[0]) if len(dims) == 1 else None


def _stacks_display_on_first_axis(node: ast.Call) -> bool:
    """`torch.stack([a, b])`, `torch.stack((a, b), dim=0)`: a list or tuple display (no
    `*rest`) stacked along a new first axis."""
    if not node.args or not isinstance(node.args[0], (ast.List, ast.Tuple)):
        return False
    if any(isinstance(e, ast.Starred) for e in node.args[0].elts):
        return False
    dims = [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "dim")]
    return all(isinstance(d, ast.Constant) and d.value == 0 for d in dims)
