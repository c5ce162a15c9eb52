"""Expressions: constants, names, attributes, subscripts, arithmetic, comparisons,
literals and comprehensions (calls are in `calls.py`)."""

from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.analysis.attributes import self_assignments
from exportlint.analysis.conditions import narrow, short_circuits_in_eval, training_test
from exportlint.analysis.facts import FLIP
from exportlint.analysis.frame import Frame
from exportlint.analysis.imports import BUILTIN_NAMES, qualified_name
from exportlint.analysis.interpreter_base import InterpreterBase
from exportlint.analysis.kinds import (
    DATA,
    DIM,
    NONE,
    STATIC,
    STATIC_TENSOR,
    UNIT_RATIO,
    UNKNOWN,
    Kind,
    Value,
    combine,
    constant_tensor,
    element_of,
    fixed,
    is_constant_tensor,
    join,
    python_constant,
    sequence,
)
from exportlint.analysis.kinds import copy_with as replace  # dataclasses.replace, cheaper
from exportlint.analysis.shapes import (
    attribute_dims,
    constant_int,
    counted_axes,
    indexed_dims,
    mark_first_axis,
    mark_last_axis,
    pair_part,
    same_symbol,
    sizes_of,
    with_symbol,
)
from exportlint.analysis.surface import ModuleInfo
from exportlint.analysis.tables import STATIC_TENSOR_ATTRIBUTES, TENSOR_ATTRIBUTES

_NAME, _ATTRIBUTE, _CALL, _SUBSCRIPT = ast.Name, ast.Attribute, ast.Call, ast.Subscript
_BINOP, _COMPARE = ast.BinOp, ast.Compare


class ExpressionsMixin(InterpreterBase):
    """The value of an expression (`eval`), cached for conditions and fixes."""

    def eval(self, node: ast.expr, frame: Frame, loop_iterable: bool = False) -> Value:
        # The commonest nodes go straight to their method (`_eval` tests them in turn, in
        # the same way): a Python call and up to five isinstance tests less per node.
        cls = node.__class__
        if cls is _NAME:
            value = self._name(node, frame)  # type: ignore[arg-type]
        elif cls is _ATTRIBUTE:
            value = self._attribute(node, frame)  # type: ignore[arg-type]
        elif cls is _CALL:
            value = self._call(node, frame, loop_iterable)  # type: ignore[arg-type]
        elif cls is _SUBSCRIPT:
            value = self._subscript(node, frame)  # type: ignore[arg-type]
        elif cls is _BINOP:
            value = self._binop(node, frame)  # type: ignore[arg-type]
        elif cls is _COMPARE:
            value = self._compare(node, frame)  # type: ignore[arg-type]
        else:
            value = self._eval(node, frame, loop_iterable)
        self._cache[id(node)] = value
        return value

    def _eval(self, node: ast.expr, frame: Frame, loop_iterable: bool) -> Value:
        if isinstance(node, ast.Constant):
            if node.value is None:
                return NONE
            constant = node.value
            is_int = isinstance(constant, int) and not isinstance(constant, bool)
            return _CONSTANTS[
                isinstance(constant, float), is_int, is_int and constant >= 0  # type: ignore[operator]
            ]
        if isinstance(node, ast.Name):
            return self._name(node, frame)
        if isinstance(node, ast.Attribute):
            return self._attribute(node, frame)
        if isinstance(node, ast.Subscript):
            return self._subscript(node, frame)
        if isinstance(node, ast.Call):
            return self._call(node, frame, loop_iterable)
        if isinstance(node, ast.BinOp):
            return self._binop(node, frame)
        if isinstance(node, ast.UnaryOp):
            operand = self.eval(node.operand, frame)
            if isinstance(node.op, ast.Not):
                if id(node) not in self._in_test:
                    self._condition(node.operand, operand, frame, "not", guard_only=False)
                if operand.kind in (Kind.STATIC, Kind.UNKNOWN):
                    return STATIC
                # `not hyp[i]` of data read out by a conversion comes from it still.
                return replace(DATA, roots=operand.roots) if operand.kind is Kind.DATA else DATA
            negated = isinstance(node.op, ast.USub)
            return replace(
                operand,
                input_alias=False,
                elts=None,
                elem=None,
                nonneg=operand.nonneg and not negated,
            )
        if isinstance(node, ast.BoolOp):
            # `isinstance(h, (list, tuple)) and len(h) == 2`: later operands see a list.
            narrowed = frame.fork() if isinstance(node.op, ast.And) else frame
            values = []
            for part in node.values:
                values.append(self.eval(part, narrowed))
                narrow(part, narrowed)
                if short_circuits_in_eval(node.op, part):
                    break  # the rest runs only in training: not traced
            context = "and" if isinstance(node.op, ast.And) else "or"
            # Python converts every operand but the last to bool.
            if id(node) not in self._in_test:
                for part, part_value in zip(node.values[:-1], values[:-1]):
                    self._condition(part, part_value, frame, context, guard_only=False)
            out = values[0]
            for part_value in values[1:]:
                out = join(out, part_value)
            return out
        if isinstance(node, ast.Compare):
            return self._compare(node, frame)
        if isinstance(node, ast.IfExp):
            exporting = self._exporting_test(node.test, frame)
            if exporting is not None:
                return self.eval(node.body if exporting else node.orelse, frame)
            test = self._eval_test(node.test, frame)
            self._condition(node.test, test, frame, "ternary", guard_only=False)
            training = training_test(node.test)
            if training is True:
                return self.eval(node.orelse, frame)
            if training is False:
                return self.eval(node.body, frame)
            return join(self.eval(node.body, frame), self.eval(node.orelse, frame))
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items: list[Value] = []
            open_ended = False
            for elt in node.elts:
                if isinstance(elt, ast.Starred):
                    inner = self.eval(elt.value, frame)
                    self._iterated(elt.value, inner)  # [*t]: a loop over the rows of t
                    if inner.elts is not None:
                        items.extend(inner.elts)
                    else:
                        items.append(element_of(inner))
                        open_ended = True
                else:
                    items.append(self.eval(elt, frame))
            if open_ended:
                out = items[0]
                for item in items[1:]:
                    out = join(out, item)
                return sequence(out, source="literal")
            return fixed(tuple(items), source="literal")
        if isinstance(node, ast.Dict):
            for v in node.values:
                self.eval(v, frame)
            for k in node.keys:
                if k is not None:
                    self.eval(k, frame)
            return STATIC
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            return self._comprehension(node, frame)
        if isinstance(node, ast.Lambda):
            return Value(Kind.STATIC, func=node, owner=frame.owner)
        if isinstance(node, ast.NamedExpr):
            value = self.eval(node.value, frame)
            self.assign(node.target, value, frame, node.value)
            return value
        if isinstance(node, ast.Starred):
            return self.eval(node.value, frame)
        if isinstance(node, ast.JoinedStr):
            return STATIC  # messages: what is formatted into them is never traced into graphs
        if isinstance(node, ast.Slice):
            for bound in (node.lower, node.upper, node.step):
                if bound is not None:
                    self.eval(bound, frame)
            return STATIC
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.eval(child, frame)
        return UNKNOWN

    def _name(self, node: ast.Name, frame: Frame) -> Value:
        if node.id in frame.env:
            value = frame.env[node.id]
            bounds = frame.facts.get(node.id)
            if bounds is not None and value.kind in (Kind.DATA, Kind.DIM):
                value = replace(value, bounds=bounds)
            return value
        if any(node.id in self._assigned(f) for f in frame.functions):
            return UNKNOWN
        if node.id in frame.nested:
            return Value(Kind.STATIC, func=frame.nested[node.id], owner=frame.owner)
        if node.id in self.info.functions:
            return Value(Kind.STATIC, func=self.info.functions[node.id], home=self.info)
        if node.id in self.info.classes:
            return Value(Kind.STATIC, owner=node.id, source="class", home=self.info)
        if node.id in self.info.imports:
            return self._imported(self.info.imports[node.id])
        if node.id in BUILTIN_NAMES or node.id in self.info.constants:
            return STATIC
        return UNKNOWN  # a module-level global: could be anything

    def _attribute(self, node: ast.Attribute, frame: Frame) -> Value:
        qualname = qualified_name(node, self.info.imports, frame.env.keys())
        if qualname is not None:
            # A function or class of another module (`helpers.branch`), or a constant of an
            # imported module: torch.float32, math.pi, np.inf.
            imported = self._imported(qualname) if self.project is not None else UNKNOWN
            return imported if imported.kind is Kind.STATIC else STATIC
        base = self.eval(node.value, frame)
        attr = node.attr
        if base.is_self:
            return self._self_attribute(base, attr)
        if base.kind is Kind.TENSOR:
            self.sink.attribute(events.Attribute(node, base, self._stmt))
            if attr == "shape":
                return self._shape_of(base)
            if attr in STATIC_TENSOR_ATTRIBUTES:
                return STATIC
            if attr in TENSOR_ATTRIBUTES:
                # `.data`, `.T`, `.real`, ... are views: writing through them changes the base.
                aliases = base.input_alias and attr != "grad"
                return Value(
                    Kind.TENSOR,
                    dynamic=base.dynamic,
                    input_alias=aliases,
                    origin=node,
                    dims=attribute_dims(attr, base),
                )
            return UNKNOWN
        if base.is_module:
            if attr in ("weight", "bias"):
                return STATIC_TENSOR
            if base.source.startswith("nn.") and attr in _LAYER_CONFIG:
                return STATIC  # `self.conv1.stride`, `self.proj.out_features`: constructor args
            return UNKNOWN
        if base.kind is Kind.STATIC and not base.is_container and base.func is None:
            return STATIC if base.source != "class" else UNKNOWN
        if attr == "shape" and base.kind is Kind.UNKNOWN and _of_self(node.value):
            # `self.weights.shape[0]` of a table `__init__` built with a helper the analysis
            # cannot read: fixed at construction (see `.size()` in calls.py).
            return self._shape_of(STATIC_TENSOR)
        return UNKNOWN

    def _shape_of(self, base: Value) -> Value:
        sym = str(base.ident) if base.ident else ""
        if base.dims is not None and (not base.data_shape or counted_axes(base.dims)):
            dims = base.dims
            if counted_axes(dims):
                # `nonzero(m).t()`: (m.dim(), n); the count n is data, an int.
                dims = tuple(
                    replace(d, exact_int=True, nonneg=True) if d.kind is Kind.DATA else d
                    for d in dims
                )
            if any(d.kind is Kind.UNKNOWN for d in dims):
                # An axis not known: sized like any axis of the tensor (see shapes.UNKNOWN_AXIS).
                default = DIM if base.dynamic else STATIC
                dims = tuple(default if d.kind is Kind.UNKNOWN else d for d in dims)
            if sym:
                dims = tuple(
                    replace(d, sym=f"{sym}[{i}]") if d.kind is Kind.DIM and not d.sym else d
                    for i, d in enumerate(dims)
                )
            if any(d.kind is Kind.DIM and not d.exact_int for d in dims):
                # A size read from a shape is an int, whatever arithmetic made the dimension.
                dims = tuple(
                    replace(d, exact_int=True, nonneg=True) if d.kind is Kind.DIM else d
                    for d in dims
                )
            return fixed(dims, source="shape")
        # The sizes of nonzero()/masked_select()/x[mask] results are data, not sizes.
        element = DATA if base.data_shape else DIM if base.dynamic else STATIC
        raw = element.kind is Kind.DIM
        shape = sequence(
            replace(element, exact_int=True, nonneg=True, raw_size=raw), source="shape"
        )
        if sym or base.static_last or base.static_first:
            shape = replace(
                shape, sym=sym, static_last=base.static_last, static_first=base.static_first
            )
        return shape

    def _subscript(self, node: ast.Subscript, frame: Frame) -> Value:
        base = self.eval(node.value, frame)
        index = self.eval(node.slice, frame)
        if (
            base.kind is Kind.STATIC
            and not base.is_container
            and not base.is_module
            and index.kind in (Kind.TENSOR, Kind.DATA)
            and not index.optional
            and not index.is_container
            and not isinstance(node.slice, ast.Slice)
            and self._sequence_attribute(node.value, frame)
        ):
            # `self.scales[task_id]` with `self.scales = [1.0, 2.0]` in `__init__`: a Python
            # list indexed with a tensor calls `t.__index__()` as a list value does.
            self.sink.index(events.Index(node, sequence(STATIC), index, self._stmt))
        if (
            base.is_container
            and base.kind is Kind.STATIC
            and index.kind in (Kind.TENSOR, Kind.DATA)
            and not index.optional
            and not index.is_container
            and not isinstance(node.slice, ast.Slice)
        ):
            # `self.experts[idx]`, `[a, b][t]`: Python calls `t.__index__()`.
            self.sink.index(events.Index(node, base, index, self._stmt))
        if base.kind is Kind.TENSOR and is_str(node.slice):
            return UNKNOWN  # `outputs["pair"]`: a dict, not a tensor
        if base.kind is Kind.TENSOR and base.dynamic:
            self._rounded_bounds(node)
        if base.kind is Kind.TENSOR:
            pair = pair_part(node, base)
            if pair is not None:
                return pair  # `x.topk(1)[1]`: the indices, not a row
            dynamic = base.dynamic or index.kind in (Kind.DIM, Kind.DATA, Kind.TENSOR)
            # x[mask], x[idx_from_nonzero]: as many rows as the data selects.
            masked = (
                index.data_shape
                or isinstance(node.slice, ast.Compare)
                or (isinstance(node.slice, ast.UnaryOp) and isinstance(node.slice.op, ast.Invert))
            )
            return Value(
                Kind.TENSOR,
                dynamic=dynamic,
                input_alias=base.input_alias,
                data_shape=base.data_shape or masked,
                # `x[::-1]` of an argument taken for a tensor may be a list slice after all
                # (a mask or a tuple index says it is a tensor).
                assumed=base.assumed
                and not masked
                and index.kind is not Kind.TENSOR
                and not isinstance(node.slice, ast.Tuple),
                origin=node,
                integral=base.integral,  # indexing keeps the dtype: `torch.arange(n)[:, None]`
                dims=(
                    indexed_dims(node.slice, base.dims)
                    if base.dims is not None and not masked and index.kind is not Kind.TENSOR
                    else None
                ),
            )
        if base.is_container:
            if isinstance(node.slice, ast.Slice):
                if base.elts is not None:
                    known = _constant_slice(node.slice)
                    if known is not None:
                        # `x.shape[1:-1]` of known sizes: the sizes it keeps.
                        return fixed(base.elts[known], source=base.source)
                    return sequence(element_of(base), source=base.source)
                # `x.shape[1:]`: its positions are not the tensor's axes any more.
                return (
                    replace(base, sym="", static_last=False)
                    if (base.sym or base.static_last)
                    else base
                )
            position = constant_int(node.slice)
            if (
                base.elts is not None
                and position is not None
                and -len(base.elts) <= position < len(base.elts)
            ):
                return base.elts[position].with_origin(node)
            element = element_of(base).with_origin(node)
            if base.source == "shape":
                element = mark_first_axis(element, base, position)
                element = mark_last_axis(element, node.slice, base.static_last)
                element = with_symbol(element, base, node.slice)
            return element
        if base.is_module:
            return Value(Kind.STATIC, is_module=True)  # nn.ModuleList[i], nn.Sequential[i]
        if base.kind is Kind.STATIC and base.func is None and base.source != "class":
            return STATIC
        return UNKNOWN

    def _rounded_bounds(self, node: ast.Subscript) -> None:
        """`x[:, : T - T % k]`, `x[:, :T2]` with `T2 = T // k * k`: slicing a dynamic axis
        to a size rounded down to a multiple makes export guard on whether the bound equals
        the axis (measured on 2.13: `Guard failed: x.size()[1] == x.size()[1] - x.size()[1] %
        4` on sizes that are not multiples): the program only runs on sizes that are (or are
        not) multiples, like the example. Reported as a test of the size (EXL102)."""
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for part in parts:
            # Only a step of 1 takes torch's "the whole axis: return a view" shortcut that
            # compares the bound with the size (`x[:, 0:n:2]` exports for every size).
            if not isinstance(part, ast.Slice) or not (part.step is None or _is_one(part.step)):
                continue
            for bound in (part.lower, part.upper):
                value = self._cache.get(id(bound)) if bound is not None else None
                if (
                    bound is not None
                    and value is not None
                    and value.kind is Kind.DIM
                    and value.source == ROUNDED_SIZE
                ):
                    self.sink.condition(events.Condition(bound, value, "slice", False, self._stmt))
                    return

    def _rounded_narrow(self, node: ast.Call, args: list[Value]) -> None:
        """`x.narrow(d, 0, T - T % k)`: the same guard as the slice (measured on 2.13)."""
        if len(node.args) != 3 or node.keywords or constant_int(node.args[1]) != 0:
            return
        length = args[2] if len(args) == 3 else None
        if length is not None and length.kind is Kind.DIM and length.source == ROUNDED_SIZE:
            self.sink.condition(events.Condition(node.args[2], length, "slice", False, self._stmt))

    def _sequence_attribute(self, node: ast.expr, frame: Frame) -> bool:
        """`self.<name>` that the class assigns only list or tuple displays (or list
        comprehensions) of Python values: a Python sequence."""
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            return False
        owner = self.eval(node.value, frame)
        home = owner.home if isinstance(owner.home, ModuleInfo) else self.info
        cls = home.classes.get(owner.owner) if owner.is_self else None
        if cls is None:
            return False
        assigned = self_assignments(cls.node).get(node.attr, [])
        kinds = (ast.List, ast.Tuple, ast.ListComp)
        return bool(assigned) and all(isinstance(value, kinds) for value in assigned)

    def _binop(self, node: ast.BinOp, frame: Frame) -> Value:
        # `a + b + c + ...` nests to the left: walk the chain with a loop, not recursion, so
        # that a generated 5,000-term sum costs no stack.
        chain = [node]
        while isinstance(chain[-1].left, ast.BinOp):
            chain.append(chain[-1].left)
        left = self.eval(chain[-1].left, frame)
        for link in reversed(chain):
            right = self.eval(link.right, frame)
            left = self._binop_value(link, left, right)
            self._cache[id(link)] = left
        return left

    def _binop_value(self, node: ast.BinOp, left: Value, right: Value) -> Value:
        if left.is_container and right.is_container and isinstance(node.op, ast.Add):
            if left.elts is not None and right.elts is not None:
                return fixed(left.elts + right.elts, source=left.source)
            return sequence(join(element_of(left), element_of(right)), source=left.source)
        if left.is_container and isinstance(node.op, ast.Mult):
            if right.kind in (Kind.DIM, Kind.DATA, Kind.TENSOR) and not right.is_container:
                # `[x] * batch`: the repeat count is converted to a Python int.
                self.sink.arithmetic(events.Arithmetic(node, left, right, self._stmt))
            return left
        if (
            right.is_container
            and isinstance(node.op, ast.Mult)
            and left.kind in (Kind.DIM, Kind.DATA, Kind.TENSOR)
            and not left.is_container
        ):
            # `batch * [x]`: the same repeat, the list on the right (the event puts it left).
            self.sink.arithmetic(events.Arithmetic(node, right, left, self._stmt))
            return right
        if (
            isinstance(node.op, ast.FloorDiv)
            and isinstance(node.left, ast.UnaryOp)
            and isinstance(node.left.op, ast.USub)
            and left.kind is Kind.DIM
        ):
            # `-(-n // k)`: torch.onnx divides a negative symbolic size truncating (EXL302).
            self.sink.arithmetic(events.Arithmetic(node, left, right, self._stmt))
        if isinstance(node.op, ast.Mod) and left.kind is Kind.STATIC and not left.is_container:
            return STATIC  # "%d" % n: string formatting
        kinds = (left.kind, right.kind)
        if Kind.TENSOR in kinds and (Kind.DIM in kinds or Kind.DATA in kinds):
            self.sink.arithmetic(events.Arithmetic(node, left, right, self._stmt))
        out = combine([left, right])
        if out.kind is Kind.TENSOR and _stays_integral(node.op, left, right):
            out = replace(out, integral=True)
        if out.kind is Kind.DIM and "numpy" in (left.source, right.source):
            out = replace(out, source="numpy")  # arithmetic on a numpy array stays one
        if out.kind in (Kind.DIM, Kind.DATA) and (
            isinstance(node.op, ast.Div) or left.is_float or right.is_float
        ):
            out = replace(out, is_float=True)
        if isinstance(node.op, ast.FloorDiv):
            out = replace(out, is_float=False)
            if (
                out.kind is Kind.DIM
                and left.sym.endswith("[numel]")
                and right.kind is Kind.STATIC
                and not right.is_float
                and not right.is_container
            ):
                # `t.numel() // k`: a view to (-1, this) has k rows (shapes.inferred_is_static).
                out = replace(out, sym=f"{left.sym}//{ast.unparse(node.right)}")
        if isinstance(node.op, ast.Div) and same_symbol(left, right):
            # `k_size / q_size` of one symbol (the query and key sizes of SAM's windowed
            # self-attention): 1.0 for every size, so `max(k_size / q_size, 1.0)` needs no
            # guard (measured on 2.13). It stays a float size: EXL404's ONNX failure holds.
            out = replace(out, source=UNIT_RATIO)
        if out.kind is Kind.DIM and _rounded_down(node):
            # The rounding itself is the origin: the slice check reads the size rounded and
            # the multiple from it (`traced_sizes.py`), through names it is assigned to.
            out = replace(out, source=ROUNDED_SIZE, origin=node)
        integral = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)
        if out.kind in (Kind.DIM, Kind.DATA, Kind.STATIC):
            exact = left.exact_int and right.exact_int and isinstance(node.op, integral)
            nonneg = exact and left.nonneg and right.nonneg and not isinstance(node.op, ast.Sub)
            if (exact, nonneg) != (out.exact_int, out.nonneg):
                out = replace(out, exact_int=exact, nonneg=nonneg)
        return out

    def _compare(self, node: ast.Compare, frame: Frame) -> Value:
        left = self.eval(node.left, frame)
        values = [left]
        for op, comparator in zip(node.ops, node.comparators):
            right = self.eval(comparator, frame)
            if isinstance(op, (ast.Is, ast.IsNot)):
                values.append(STATIC)
                values[0] = STATIC
            elif isinstance(op, (ast.In, ast.NotIn)):
                if right.kind is Kind.TENSOR:
                    # `config.pad_token_id in input_ids`: membership reads the tensor's data
                    # whatever is looked up (an attribute or a config value not known here).
                    values.append(DATA)
                    values[0] = STATIC if values[0].kind is Kind.UNKNOWN else values[0]
                elif right.is_container:
                    values.append(element_of(right))
                else:
                    values.append(STATIC if right.kind is Kind.STATIC else UNKNOWN)
            else:
                values.append(right)
        if all(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops):
            return STATIC
        if any(is_constant_tensor(v) for v in values) and all(
            is_constant_tensor(v) or python_constant(v) for v in values
        ):
            return constant_tensor(node)  # `torch.tensor(2.0) > 1`: decided (measured)
        # `x.shape[1] == x.size(1)`, the query and key lengths of self-attention: one symbol.
        if len(values) == 2 and same_symbol(values[0], values[1]):
            return STATIC
        # `a.shape != b.shape`: comparing sizes, as many as the shapes have.
        if len(values) == 2 and decided_by_min_size(node, values[0], values[1]):
            return STATIC
        values = [sizes_of(v) if v.source == "shape" else v for v in values]
        out = combine(values)
        if out.kind in (Kind.DATA, Kind.DIM) and self._decided(node, frame):
            return STATIC
        return out

    def _comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp, frame: Frame
    ) -> Value:
        inner = frame.fork()
        for generator in node.generators:
            iterable = self.eval(generator.iter, inner, loop_iterable=True)
            self.sink.iteration(events.Iteration(generator.iter, iterable, self._stmt))
            self.assign(generator.target, element_of(iterable), inner)
            for condition in generator.ifs:
                value = self._eval_test(condition, inner)
                self._condition(condition, value, inner, "comprehension", guard_only=False)
        if isinstance(node, ast.DictComp):
            self.eval(node.key, inner)
            self.eval(node.value, inner)
            return STATIC
        return sequence(self.eval(node.elt, inner), source="comprehension")

    def _iterated(self, node: ast.expr, value: Value) -> None:
        """A tensor iterated without a `for`: list(t), [*t], map(f, t), `a, *b = t`."""
        if value.kind is Kind.TENSOR and not value.optional:
            self.sink.iteration(events.Iteration(node, value, self._stmt))


# Constructor settings torch.nn layers keep as attributes (numbers and tuples of numbers).
_LAYER_CONFIG = frozenset(
    {"stride", "padding", "dilation", "kernel_size", "groups", "in_channels", "out_channels",
     "in_features", "out_features", "num_embeddings", "embedding_dim", "num_heads",
     "embed_dim", "normalized_shape", "eps", "num_features", "hidden_size", "output_padding",
     "scale_factor", "p"}
)  # fmt: skip


def _constant_slice(node: ast.Slice) -> slice | None:
    """`1:-1`, `:2`, `::2` with literal bounds (None when a bound is not a literal)."""
    bounds: list[int | None] = []
    for part in (node.lower, node.upper, node.step):
        if part is None:
            bounds.append(None)
            continue
        value = constant_int(part)
        if value is None:
            return None
        bounds.append(value)
    return slice(*bounds)


# `Value.source` of a size rounded down to a multiple (`n - n % k`, `n // k * k`).
ROUNDED_SIZE = "rounded"


def _of_self(node: ast.expr) -> bool:
    """`self.<name>`."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def _is_one(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == 1 and not isinstance(node.value, bool)


def _rounded_down(node: ast.BinOp) -> bool:
    """`n - n % k`, `n // k * k` or `k * (n // k)`: `n` rounded down to a multiple of `k`."""
    right = node.right
    if isinstance(node.op, ast.Sub):
        return (
            isinstance(right, ast.BinOp)
            and isinstance(right.op, ast.Mod)
            and ast.unparse(node.left) == ast.unparse(right.left)
        )
    if isinstance(node.op, ast.Mult):
        for quotient, factor in ((node.left, right), (right, node.left)):
            if (
                isinstance(quotient, ast.BinOp)
                and isinstance(quotient.op, ast.FloorDiv)
                and ast.unparse(quotient.right) == ast.unparse(factor)
            ):
                return True
    return False


def _stays_integral(op: ast.operator, left: Value, right: Value) -> bool:
    """`idx - 1`, `idx % n`, `idx * w + j` of an integer tensor: still integers."""
    if not isinstance(op, ast.Add | ast.Sub | ast.Mult | ast.FloorDiv | ast.Mod):
        return False
    return all(
        v.integral if v.kind is Kind.TENSOR else (v.exact_int and not v.is_float)
        for v in (left, right)
    )


def decided_by_min_size(node: ast.Compare, left: Value, right: Value) -> bool:
    """`q_len > 1`, `n >= 2`, `n > 0`, `n == 0` on a size read from a shape: torch.export
    assumes a dynamic size is at least 2 and decides these without a guard; the exported and
    ONNX programs are right on every size >= 2 (measured on 2.13; a size of 1 is outside the
    range export declares). `n == 1` / `n != 1` stay reported: a size-1 special case (a
    squeezed or broadcast batch) is what such a test is written for."""
    op = node.ops[0]
    size, constant = left, node.comparators[0]
    if isinstance(node.left, ast.Constant):
        size, constant, op = right, node.left, FLIP.get(type(op), op)
    if not (
        size.kind is Kind.DIM
        and size.raw_size
        and not size.is_container
        and isinstance(constant, ast.Constant)
        and type(constant.value) is int
    ):
        return False
    c = constant.value
    if isinstance(op, ast.Gt | ast.LtE):
        return c <= 1
    if isinstance(op, ast.GtE | ast.Lt):
        return c <= 2
    if isinstance(op, ast.Eq | ast.NotEq):
        return c == 0 or c < 0
    return False


# The value of a constant, by (is_float, exact_int, nonneg): values are immutable, so one of
# each serves every literal (a fresh one per literal evaluated cost a dataclass `__init__`).
_CONSTANTS = {
    (is_float, is_int, nonneg): Value(
        Kind.STATIC, is_float=is_float, exact_int=is_int, nonneg=nonneg
    )
    for is_float in (False, True)
    for is_int in (False, True)
    for nonneg in (False, True)
}


def is_str(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)
