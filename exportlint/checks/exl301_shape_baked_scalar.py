from __future__ import annotations

import ast
from collections.abc import Callable, Mapping

from exportlint.analysis import events
from exportlint.analysis.attributes import self_assignments
from exportlint.analysis.imports import dotted, qualified_name
from exportlint.analysis.kinds import Kind, Value
from exportlint.checks.base import Rule, candidates, is_dim, kind_phrase, source
from exportlint.checks.interests import Calls
from exportlint.codemods import NotRewritable
from exportlint.diagnostics import Applicability, Fix, Severity
from exportlint.fixes import FixContext, display_only

_PAD = "torch.nn.functional.pad"
# torch.linspace(start, end, steps): a dynamic `steps` fails export (Constraints violated).
_STEPS = frozenset({"torch.linspace", "torch.logspace"})
# F.interpolate(scale_factor=...): a scale computed from a dynamic size is a Python number
# export bakes (the output dims come out static; measured on torch 2.13).
_INTERPOLATE = frozenset(
    {
        "torch.nn.functional.interpolate",
        "torch.nn.functional.upsample",
        "torch.nn.functional.upsample_bilinear",
        "torch.nn.functional.upsample_nearest",
    }
)
# Int parameters of functional ops that stay node attributes: a dynamic size there is either
# specialised by export (`F.unfold` kernel sizes: Constraints violated) or exported as a
# symbol the ONNX attribute cannot hold (conv `groups=`: "Unsupported attribute type:
# SymbolicTensor"), measured on torch 2.13 with F.conv1d, F.conv2d, F.conv_transpose2d and
# F.unfold (the other convolutions are the same aten.convolution). Pool kernels from sizes
# are EXL304's (tables.py).
# Name -> (parameter, its position).
_INT_ATTRIBUTES: Mapping[str, tuple[tuple[str, int], ...]] = {
    **{f"torch.nn.functional.conv{d}d": (("groups", 6),) for d in (1, 2, 3)},
    **{f"torch.nn.functional.conv_transpose{d}d": (("groups", 6),) for d in (1, 2, 3)},
    "torch.nn.functional.unfold": (("kernel_size", 1),),
}
# Calls that turn a `range(n)` into Python values: `list(range(n))`, `torch.tensor(range(n))`.
_MATERIALISE = frozenset(
    {"builtins.list", "builtins.tuple", "torch.tensor", "torch.as_tensor", "torch.LongTensor"}
)
# Methods of Python ints that torch's SymInt does not trace: run on the traced value.
_INT_METHODS = frozenset(
    {"bit_length", "bit_count", "to_bytes", "as_integer_ratio", "is_integer", "hex"}
)


# Numpy reductions that keep symbolic sizes: `np.prod(x.shape[1:-1])` multiplies the SymInts
# in an object array and returns a SymInt (measured on 2.13: exports with both sizes dynamic
# and matches in onnxruntime on unseen sizes); only `int()` of the result specialises, and
# `int()` is reported on its own. `numpy.random.*` draws are EXL502's.
_NUMPY_KEEPS_SYMBOLS = frozenset({"numpy.prod", "numpy.product"})
# Numpy constructors taking a shape: `np.zeros((n, d))` with a dynamic n specialises it
# (measured on 2.13, benchmarks/ops_probe group idioms: Constraints violated).
_NUMPY_SHAPED = frozenset(
    {"numpy.zeros", "numpy.ones", "numpy.empty", "numpy.full", "numpy.eye", "numpy.identity"}
)


class ShapeBakedScalar(Rule):
    code = "EXL301"
    name = "shape-baked-scalar"
    severity = Severity.ERROR
    summary = "a dynamic size used as a Python scalar that export bakes into the graph"

    VALID = (
        "n = x.shape[0]\nreturn torch.full((2,), n) + x.sum()",
        "n = x.shape[-1]\nreturn x.masked_fill(x > 0, n)",
        "return x.view(x.shape[0] // 2, 2, -1)",
        "n = x.shape[0]\nreturn x + torch.tensor(n)",
        "return F.pad(x, (0, 1), value=self.pad_id)",
        "return F.interpolate(x, scale_factor=2.0) + F.interpolate(y, size=y.shape[-1] * 2)",
        "return x[:, : self.num_layers.bit_length()]",
        "return x * x.new_tensor([self.num_layers, 2]).sum() + torch.tensor(x.shape).sum()",
    )
    INVALID = (
        "n = x.shape[-1]\nreturn F.pad(x, (0, 1), value=n)",
        "return x * torch.as_tensor(x.shape[0])",
        "return x * float(x.shape[0])",
        "h = x.shape[0]\nreturn x[: int(h * 0.5)]",
        "return x[: int(x.shape[0]) - 1]",
        "return x * torch.linspace(0, 1, x.shape[0])[:, None]",
        "h = x.shape[0]\nreturn x[: int(np.ceil(h / 2))]",
        "h = x.shape[0]\nreturn x[: int(h * 0.3)]",
        "return x + torch.from_numpy(np.arange(x.shape[0]))",
        "return F.interpolate(x, scale_factor=(x.shape[-1] / 4 + 0.1,))",
        "return x * torch.as_tensor((x.shape[0], x.shape[1])).prod()",
        "return x * x.new_tensor([x.shape[0], x.shape[1]]).sum()",
        "n = x.shape[1]\nreturn x[:, : n.bit_length()]",
        "return x + torch.from_numpy(np.zeros((x.shape[0], 1), dtype=np.float32))",
        "return x + torch.tensor(list(range(x.shape[0])))[:, None]",
        "return x + x.new_tensor(range(x.shape[0]))[:, None]",
    )
    FIXES = (
        (
            "n = x.shape[0]\nreturn F.pad(x, (0, 1), value=n)",
            "n = x.shape[0]\nreturn torch.cat(\n"
            "    [x, torch.full((*x.shape[:-1], 1), n, dtype=x.dtype, device=x.device)],\n"
            "    dim=-1,\n"
            ")",
        ),
        ("return x * torch.as_tensor(x.shape[0])", "return x * torch.tensor(x.shape[0])"),
        ("return x[: int(x.shape[0]) - 1]", "return x[: x.shape[0] - 1]"),
        ("h = x.shape[0]\nreturn x[: int(h * 0.5)]", "h = x.shape[0]\nreturn x[: h // 2]"),
        ("h = x.shape[0]\nreturn x[: int(h / 4)]", "h = x.shape[0]\nreturn x[: h // 4]"),
        (
            "h = x.shape[0]\nreturn x[: int(h * 0.3)]",
            "h = x.shape[0]\nreturn x[: torch.sym_int(h * 0.3)]",
        ),
        (
            "h = x.shape[0]\nreturn x[: int(np.ceil(h / 4))]",
            "h = x.shape[0]\nreturn x[: (h + 4 - 1) // 4]",
        ),
        ("return x * float(x.shape[0])", "return x * torch.sym_float(x.shape[0])"),
        ("return x * float(x.shape[0] / 2)", "return x * (x.shape[0] / 2)"),
        (
            "return x + torch.from_numpy(np.arange(x.shape[0]))",
            "return x + torch.arange(x.shape[0])",
        ),
    )

    def condition(self, event: events.Condition) -> None:
        # `if (h, w) in self.cache:` with `self.cache = {}`: dict membership hashes the key.
        node = event.node
        if not (
            isinstance(node, ast.Compare)
            and len(node.ops) == 1
            and isinstance(node.ops[0], (ast.In, ast.NotIn))
        ):
            return
        key = self.ctx.value_of(node.left)
        size = _size_in(key) if key is not None else None
        if size is None or not self._hashed_container(node.comparators[0], event.function):
            return
        self.report(
            node,
            f"`{source(node)}`: {kind_phrase(size)} is used as a dict key: the lookup hashes "
            "it, and torch.export cannot hash a dynamic size (TypeError: unhashable type: SymInt)",
            event.stmt,
            help="skip the cache while exporting (`if not torch.compiler.is_exporting() and key "
            "in self.cache`), or compute the value every call",
            fix=self._memo(event)
            or display_only(
                "Skip the cache under export: test `torch.compiler.is_exporting()` first, so "
                "the key is neither hashed nor stored while tracing"
            ),
        )

    def _memo(self, event: events.Condition) -> Fix | None:
        """fixcover4 hook: the lookup and the stores skipped under export."""
        if not (isinstance(event.stmt, ast.If) and event.stmt.test is event.node):
            return None
        from exportlint.codemods import size_cache

        try:
            return size_cache.skip_memo_when_exporting(self.ctx, event.stmt, event.function)
        except NotRewritable:
            return None

    def _hashed_container(self, node: ast.expr, function: ast.AST | None) -> bool:
        """`self.<name>` that the class assigns a dict or set (`{}`, `dict()`, `set()`)."""
        if not (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and self.ctx.tree is not None
        ):
            return False
        for owner in ast.walk(self.ctx.tree):
            if isinstance(owner, ast.ClassDef) and function in owner.body:
                assigned = self_assignments(owner).get(node.attr, [])
                return any(_dict_or_set(value) for value in assigned)
        return False

    def arithmetic(self, event: events.Arithmetic) -> None:
        # `[t] * x.shape[0]`: Python needs the count as an int (measured on 2.13: Constraints
        # violated, the size is specialised).
        if isinstance(event.node.op, ast.Mult) and event.left.is_container and is_dim(event.right):
            self.report(
                event.node,
                f"`{source(event.node)}` repeats a list a dynamic number of times: Python "
                "needs the count as an int, so export specialises the size",
                event.stmt,
                help="build a tensor instead (`t.expand(n, ...)`, `torch.zeros(n, ...)`), or "
                "keep a list of static length",
                fix=display_only(
                    "Build the repeated values as a tensor (`x.new_zeros(n, ...)`, "
                    "`t.unsqueeze(0).expand(n, ...)`) instead of a Python list"
                ),
            )

    # `values`: a function of the project memoised with lru_cache (`_cached_call`).
    calls = Calls(
        names=_MATERIALISE
        | _STEPS
        | _INTERPOLATE
        | frozenset(_INT_ATTRIBUTES)
        | {_PAD, "torch.as_tensor", "builtins.float", "builtins.int"},
        prefixes=("numpy.",),
        methods=_INT_METHODS | {"new_tensor"},
        values=True,
    )

    def call(self, event: events.Call) -> None:
        name = event.qualname or ""
        if self._cached_call(event):
            return
        if (name in _MATERIALISE or event.method == "new_tensor") and event.node.args:
            self._range_list(event, event.node.args[0])
        if name in _INT_ATTRIBUTES:
            self._int_attribute(event, _INT_ATTRIBUTES[name])
        if name == _PAD:
            value = event.kwargs.get("value") or (event.args[3] if len(event.args) > 3 else None)
            if value is not None and is_dim(value):
                self._report(event, value, "is baked into the graph as the pad value", self._pad)
        elif name in _STEPS and len(event.args) > 2 and is_dim(event.args[2]):
            self._report(
                event, event.args[2], "is baked into the graph as the number of steps", self._steps
            )
        elif name in _STEPS and "steps" in event.kwargs and is_dim(event.kwargs["steps"]):
            self._report(
                event,
                event.kwargs["steps"],
                "is baked into the graph as the number of steps",
                self._steps,
            )
        elif name == "torch.as_tensor" and event.args:
            # A size, or a tuple/list of sizes (`torch.as_tensor((h, w))`, `img.shape[-2:]`).
            size = _size_in(event.args[0])
            if size is not None:
                self._report(event, size, "is baked into the graph as a constant", self._as_tensor)
        elif event.method == "new_tensor" and event.receiver is not None and event.args:
            # `x.new_tensor([b, s])` copies Python values as `torch.as_tensor` does (measured
            # on 2.13: Constraints violated); `torch.tensor([b, s])` keeps them symbolic.
            size = _size_in(event.args[0]) if event.receiver.kind is Kind.TENSOR else None
            if size is not None:
                self._report(event, size, "is baked into the graph as a constant", self._new_tensor)
        elif name in _INTERPOLATE:
            scale = event.kwargs.get("scale_factor")
            if scale is None and len(event.args) > 2 and name.endswith(("interpolate", "upsample")):
                scale = event.args[2]
            size = _size_in(scale) if scale is not None else None
            if size is not None:
                self._report(
                    event, size, "is baked into the graph as the scale factor", at=_scale(event)
                )
        elif event.method in _INT_METHODS and event.receiver is not None:
            if is_dim(event.receiver):
                self._report(
                    event,
                    event.receiver,
                    f"goes through Python's `int.{event.method}()`, which export runs on the "
                    "traced value only",
                )
        elif name == "builtins.float" and event.args:
            if is_dim(event.args[0]):
                self._report(event, event.args[0], "is specialised to the traced size", self._float)
        elif name == "builtins.int" and event.args:
            value = event.args[0]
            if is_dim(value) and not _numpy_call(event):
                why = (
                    "truncates float arithmetic on a size; export guards on the traced value"
                    if value.is_float
                    else "is specialised to the traced size"
                )
                self._report(event, value, why, self._int)
        elif (
            name.startswith("numpy.")
            and not name.startswith("numpy.random.")
            and name not in _NUMPY_KEEPS_SYMBOLS
        ):
            # Numpy arrays computed from a size were reported where numpy computed them.
            # Only a shape whose sizes are known: after a broadcast `t.shape[1:]` may well be
            # all static, and an unknown element is not reported.
            # A shape written out in the call (`np.zeros((n, 1))`) has known elements too.
            literal = [
                isinstance(a, (ast.Tuple, ast.List)) and name in _NUMPY_SHAPED
                for a in event.node.args
            ]
            sizes = [
                _first_dim(v.elts) if v.elts is not None and (v.source == "shape" or written) else v
                for v, written in zip(event.args, literal + [False] * len(event.args))
            ]
            dims = [v for v in sizes if is_dim(v) and v.source != "numpy"]
            if dims:
                self._report(
                    event, dims[0], "is computed in numpy and baked as a constant", self._numpy
                )

    def _int_attribute(self, event: events.Call, parameters: tuple[tuple[str, int], ...]) -> None:
        """`F.conv2d(x, w, groups=batch)`, `F.unfold(x, (h, k))`: a size as an int
        attribute of the op (see _INT_ATTRIBUTES)."""
        for parameter, position in parameters:
            value = event.kwargs.get(parameter)
            if value is None and len(event.args) > position:
                value = event.args[position]
            size = _size_in(value) if value is not None else None
            if size is not None:
                short = (event.qualname or "").rsplit(".", 1)[-1]
                what = (
                    "torch.export keeps it symbolic, but the ONNX attribute cannot hold a "
                    "symbol (torch.onnx fails: Unsupported attribute type)"
                    if parameter == "groups"
                    else "export specialises it to the traced size"
                )
                self._report(
                    event,
                    size,
                    f"is the `{parameter}` of `{short}`, an int attribute of the op: {what}",
                    self._attribute_advice,
                )
                return

    def _attribute_advice(self, event: events.Call) -> list[Fix]:
        name = event.qualname or ""
        if "unfold" in name:
            advice = "Use a kernel size from the configuration, not from the input's shape"
        else:
            advice = (
                "Keep `groups` static: fold the per-sample kernels into the batch (a loop-free "
                "`torch.einsum` / unfold product) or fix the batch size for export"
            )
        return [display_only(advice)]

    def _range_list(self, event: events.Call, arg: ast.expr) -> None:
        """`torch.tensor(list(range(n)))`: Python makes n ints, so export specialises n
        (measured on 2.13: Constraints violated); `torch.arange(n)` keeps it symbolic."""
        if not (
            isinstance(arg, ast.Call)
            and isinstance(arg.func, ast.Name)
            and arg.func.id == "range"
            and not arg.keywords
        ):
            return
        values = [self.ctx.value_of(a) for a in arg.args]
        size = next((v for v in values if v is not None and is_dim(v)), None)
        if size is not None:
            made = event.node if event.qualname in ("builtins.list", "builtins.tuple") else arg
            self._report(
                event,
                size,
                "is turned into a Python list of that many ints, so export specialises it",
                lambda _: self._range_arange(made),
            )

    def _range_arange(self, made: ast.expr) -> list[Fix]:
        from exportlint.codemods import sized_tensors

        try:
            return [sized_tensors.range_to_arange(self.ctx, made)]
        except NotRewritable:
            return [display_only("Build the indices in the graph: `torch.arange(n)`")]

    # Each builder returns the candidate rewrites, best first (libcst is imported only here).

    def _warn_only(self, event: events.Call) -> Fix | None:
        """The size is read only to decide whether to warn: skip that block under export."""
        from exportlint.codemods import warn_only  # libcst: only when a fix is built

        try:
            return warn_only.skip_when_exporting(self.ctx, event.stmt)
        except NotRewritable:
            return None

    def _as_tensor(self, event: events.Call) -> list[Fix]:
        from exportlint.codemods import shapes

        return [shapes.as_tensor_to_tensor(self.ctx, event.node)]

    def _new_tensor(self, event: events.Call) -> list[Fix]:
        from exportlint.codemods import sized_tensors

        return [sized_tensors.new_tensor_to_tensor(self.ctx, event.node)]

    def _steps(self, event: events.Call) -> list[Fix]:
        from exportlint.codemods import shapes

        log = (event.qualname or "").endswith("logspace")
        return [shapes.linspace_by_arange(self.ctx, event.node, log)]

    def _int(self, event: events.Call) -> list[Fix]:
        from exportlint.codemods import casts, shapes

        node = event.node
        if len(node.args) != 1 or node.keywords:
            return []
        arg = node.args[0]
        value = event.args[0]
        if value.exact_int:
            # int() of an int size is the identity: dropping it keeps the size symbolic.
            return [shapes.drop(self.ctx, node, arg, "Drop `int()`: the size is already an int")]
        integral = self._integral(arg)
        if integral is True:
            # `int(math.ceil(h / p) * p)`: math.ceil gives an int, and so does the product.
            return [shapes.drop(self.ctx, node, arg, "Drop `int()`: the value is an int already")]
        # `int(c * math.log(n))`: the float64 count, then the count of thresholds, in the
        # order of codemods/log_counts.py (shared with EXL302).
        from exportlint.codemods.log_counts import log_counts

        found: list[Fix] = []
        if isinstance(arg, ast.Call):
            # int(math.log2(n)): an integer count of powers of 2 (fixcover6 hook;
            # torch.sym_int of the log is refused in the exported graph).
            found.extend(self._integer_log(arg))
        counted = log_counts(self.ctx, node, arg)
        if not _sqrt_only(self.ctx, arg) and _takes_a_log(arg):
            # A logarithm made an int: torch.sym_int of it is refused in the exported graph,
            # so the counts go before it. Other counts (`math.ceil(h / p) * p`) keep the
            # exact candidates first and come last.
            found, counted = found + counted, []
        divisor = _positive_int_divisor(arg)
        left_value = self.ctx.value_of(arg.left) if isinstance(arg, ast.BinOp) else None
        # int() truncates and // floors: the same only for a non-negative int numerator.
        exact = left_value is not None and left_value.exact_int and left_value.nonneg
        if divisor is not None and isinstance(arg, ast.BinOp) and exact:
            # int(h / 4) and int(h * 0.25) truncate; for a size (>= 0) that is h // 4.
            found.append(shapes.floor_division(self.ctx, node, arg.left, divisor))
        later: list[Fix] = []
        if divisor is None and isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Div):
            # int(a * w / h) of sizes: `a * w // h`, exact for non-negative ints below 2**53
            # (a float quotient truncates to the floor there).
            proven = exact and self._integral(arg.right) is True
            if self._integral(arg.left) is not False and self._integral(arg.right) is not False:
                division = shapes.integer_division(self.ctx, node, arg.left, arg.right, proven)
                (found if proven else later).append(division)
        # torch.sym_int is int() in eager and a symbolic truncation under export: exact.
        found.append(casts.sym_cast(self.ctx, node, arg))
        if integral is None and _rounds_to_int(self.ctx, arg):
            # `int(math.ceil(h / p) * p)` with `p` of unknown type: an int when `p` is one.
            later.append(
                shapes.drop(
                    self.ctx, node, arg,
                    "Drop `int()`: math.ceil/floor give ints (exact when the other operands "
                    "are ints)",
                    Applicability.UNSAFE,
                )
            )  # fmt: skip
        return found + later + counted

    def _integral(self, node: ast.expr) -> bool | None:
        """True: certainly an int; False: certainly a float; None: not known."""
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                return None
            return isinstance(node.value, int)
        if isinstance(node, ast.Call) and _int_function(self.ctx, node):
            return True
        value = self.ctx.value_of(node)
        if value is not None and value.exact_int:
            return True
        if value is not None and value.is_float:
            return False
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Div):
                return False
            if not isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.FloorDiv | ast.Mod):
                return None
            sides = (self._integral(node.left), self._integral(node.right))
            if False in sides:
                return False
            return True if sides == (True, True) else None
        return None

    def _float(self, event: events.Call) -> list[Fix]:
        from exportlint.codemods import casts, shapes

        node = event.node
        if len(node.args) != 1 or node.keywords:
            return []
        arg = node.args[0]
        found = []
        if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Div):
            # `n / k` is a float already: float() of it is the identity.
            found.append(shapes.drop(self.ctx, node, arg, "Drop `float()`: `/` gives a float"))
        found.append(casts.sym_cast(self.ctx, node, arg))
        return found

    def _numpy(self, event: events.Call) -> list[Fix]:
        """`int(np.ceil(n / k))` -> `(n + k - 1) // k` or `math.ceil(n / k)` (both exact on
        ints; not `-(-n // k)`, which onnxruntime computes wrongly); else the numpy code
        around the call in torch."""
        found = self._numpy_arithmetic(event)
        if not found:
            # A count made of np.log/np.log1p/... of a size: computed on a 0-d tensor; after
            # the symbolic `n ** 0.5` form when the functions are square roots.
            counted = _float_count(self.ctx, event.node)
            if _sqrt_only(self.ctx, event.node):
                return [self._with_torch(event), *counted]
            found = counted
        if not found:
            # The numpy code around the call, computed with torch ops (a sin/cos table in a
            # helper called with a size): unproven, --fix --verify decides.
            found.append(self._with_torch(event))
        return found

    def _with_torch(self, event: events.Call) -> Fix:
        from exportlint.codemods import numpy_torch

        try:
            return numpy_torch.translate(self.ctx, event.node)
        except NotRewritable as reason:
            return display_only(f"{_ADVICE} ({reason})")

    def _numpy_arithmetic(self, event: events.Call) -> list[Fix]:
        from exportlint.codemods import shapes

        node = event.node
        short = (event.qualname or "").rsplit(".", 1)[-1]
        if short == "arange":
            return self._arange(event)
        if short in ("log2", "log10"):
            return self._integer_log(event.node)
        if short not in ("ceil", "floor", "round", "around", "rint"):
            return []
        if len(node.args) != 1 or node.keywords:
            return []
        parent = self.ctx.parent(node)
        if not (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Name)
            and parent.func.id == "int"
            and parent.args == [node]
            and not parent.keywords
        ):
            return []  # np.ceil alone is a numpy float: an int in its place changes types
        arg = node.args[0]
        if short not in ("ceil", "floor"):
            # int(np.round(v)) -> math.floor(v + 0.5): halves differ (fixcover4 hook).
            from exportlint.codemods import size_rounding

            return [size_rounding.round_half_up(self.ctx, parent, arg)]
        # int(np.ceil(v)) is math.ceil(v) for every finite float: exact.
        by_math = shapes.math_instead_of_numpy(self.ctx, parent, short, arg)
        divisor = _int_divisor(arg)
        numerator = self.ctx.value_of(arg.left) if isinstance(arg, ast.BinOp) else None
        if divisor is None or numerator is None or not numerator.exact_int:
            return [by_math]
        assert isinstance(arg, ast.BinOp)
        literal = isinstance(divisor, ast.Constant)
        integral = shapes.ceil_division(
            self.ctx, parent, arg.left, divisor, short == "ceil", literal
        )
        return [integral, by_math] if literal else [by_math, integral]

    def _integer_log(self, node: ast.Call) -> list[Fix]:
        """`int(np.log2(n))`, `int(np.ceil(np.log2(n)))` -> a count of powers of 2 in integer
        arithmetic (fixcover6 hook: see codemods/size_logs.py); nothing for another call."""
        from exportlint.codemods import size_logs

        if size_logs.base_of(self.ctx, node) is None:
            return []
        try:
            return [size_logs.integer_log(self.ctx, node)]
        except NotRewritable:
            return []

    def _arange(self, event: events.Call) -> list[Fix]:
        """`torch.from_numpy(np.arange(n))` (or `torch.tensor`, `torch.as_tensor`) ->
        `torch.arange(n)`: the same int64 values when every bound is an int."""
        from exportlint.codemods import shapes

        node = event.node
        parent = self.ctx.parent(node)
        if node.keywords or not all(v.exact_int for v in event.args):
            return []
        if not (isinstance(parent, ast.Call) and parent.args == [node] and not parent.keywords):
            return []  # an ndarray used as one: a tensor in its place changes types
        qualified = (dotted(parent.func) or "").rsplit(".", 1)
        if len(qualified) != 2 or self.ctx.imports.get(qualified[0]) != "torch":
            return []
        if qualified[1] not in ("from_numpy", "tensor", "as_tensor", "LongTensor"):
            return []
        return [shapes.torch_arange(self.ctx, parent, node, qualified[0])]

    def _pad(self, event: events.Call) -> list[Fix]:
        """F.pad(x, (left, right), value=n) -> torch.cat with torch.full pieces (last dim)."""
        from exportlint.codemods import shapes

        node = event.node
        if len(node.args) < 2 or not isinstance(node.args[0], ast.Name):
            return []
        sizes = _int_pair(node.args[1])
        mode = next((k.value for k in node.keywords if k.arg == "mode"), None)
        if mode is None and len(node.args) > 2:
            mode = node.args[2]
        if sizes is None or (
            mode is not None and not (isinstance(mode, ast.Constant) and mode.value == "constant")
        ):
            return []
        value_node = next((k.value for k in node.keywords if k.arg == "value"), None)
        if value_node is None:
            value_node = node.args[3]
        return [shapes.pad_with_cat(self.ctx, node, node.args[0].id, sizes, value_node)]

    def _cached_call(self, event: events.Call) -> bool:
        """A dynamic size passed to a function memoised with functools.lru_cache."""
        function = event.callee.func if event.callee is not None else None
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        if not _cached(function, self.ctx.imports):
            return False
        sizes = (_size_in(v) for v in (*event.args, *event.kwargs.values()))
        size = next((s for s in sizes if s is not None), None)
        if size is None:
            return False
        self.report(
            event.node,
            f"`{source(event.node)}`: {kind_phrase(size)} is passed to `{function.name}`, which "
            "`functools.lru_cache` memoises: the cache hashes its arguments, and torch.export "
            "cannot hash a dynamic size (TypeError: unhashable type: SymInt)",
            event.stmt,
            help="call an uncached function under export (`if torch.compiler.is_exporting(): "
            "return fn.__wrapped__(...)`), or drop the cache",
            fix=display_only(
                "Bypass the cache while exporting: `fn.__wrapped__(...)` when "
                "`torch.compiler.is_exporting()`, as transformers' "
                "`compile_compatible_method_lru_cache` does"
            ),
        )
        return True

    def _report(
        self,
        event: events.Call,
        value: Value,
        why: str,
        build: Callable[[events.Call], list[Fix]] | None = None,
        at: ast.expr | None = None,
    ) -> None:
        try:
            found = build(event) if build is not None else []
        except NotRewritable as reason:
            found = [display_only(f"{_ADVICE} ({reason})")]
        warn_only = self._warn_only(event)
        if warn_only is not None:
            # Exact for what the model computes: first, before rewrites of the arithmetic.
            found.insert(0, warn_only)
        first, alternatives = candidates(found) if found else (None, ())
        if first is None and build is not None:
            first = display_only(_ADVICE)
        self.report(
            event.node if at is None else at,
            f"`{source(event.node if at is None else at)}`: {kind_phrase(value)} {why}",
            event.stmt,
            # Not `-(-a // b)`: torch.onnx lowers `//` on sizes to a truncating Div, so that
            # spelling of ceil is wrong in onnxruntime (measured on torch 2.13).
            help="keep sizes symbolic: integer arithmetic (`n // k`, `(n + k - 1) // k`, "
            "math.ceil(n / k)), torch.full(..., n) / torch.cat instead of F.pad(value=n), "
            "torch.tensor(n)",
            fix=first,
            alternatives=alternatives,
        )


_ADVICE = (
    "Keep the size symbolic: integer arithmetic (`(n + k - 1) // k`, `math.ceil(n / k)`), "
    "`torch.sym_int(...)` instead of `int(...)`, `torch.arange(n)` instead of `np.arange(n)`, "
    "torch.cat of torch.full pieces instead of F.pad(value=n)"
)


def _scale(event: events.Call) -> ast.expr | None:
    """The `scale_factor` argument as written (where the diagnostic points)."""
    for keyword in event.node.keywords:
        if keyword.arg == "scale_factor":
            return keyword.value
    return event.node.args[2] if len(event.node.args) > 2 else None


# `functools.lru_cache` hashes the call's arguments: a dynamic size cannot be hashed while
# exporting (measured on 2.13: TypeError: unhashable type: non-nested SymInt). transformers'
# `compile_compatible_method_lru_cache` calls the function uncached under export: not listed.
_CACHES = frozenset({"functools.lru_cache", "functools.cache"})


def _cached(function: ast.FunctionDef | ast.AsyncFunctionDef, imports: Mapping[str, str]) -> bool:
    """The function is decorated with `@functools.lru_cache(...)` / `@lru_cache` / `@cache`."""
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if qualified_name(target, imports, ()) in _CACHES:
            return True
    return False


def _dict_or_set(node: ast.expr | None) -> bool:
    if isinstance(node, (ast.Dict, ast.Set, ast.DictComp, ast.SetComp)):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("dict", "set")
    )


def _size_in(value: Value) -> Value | None:
    """A dynamic size that is `value` or one of its elements (a tuple of sizes)."""
    if is_dim(value):
        return value
    elements: list[Value] = list(value.elts or ())
    if value.elem is not None:
        elements.append(value.elem)
    return next((element for element in elements if is_dim(element)), None)


def _int_pair(node: ast.expr) -> tuple[int, int] | None:
    if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) == 2:
        values = [
            e.value
            for e in node.elts
            if isinstance(e, ast.Constant) and type(e.value) is int and e.value >= 0
        ]
        if len(values) == 2:
            return int(values[0]), int(values[1])
    return None


def _positive_int_divisor(node: ast.expr) -> int | None:
    """4 for `h / 4` and for `h * 0.25` (exact reciprocals only)."""
    if not isinstance(node, ast.BinOp) or not isinstance(node.right, ast.Constant):
        return None
    value = node.right.value
    if isinstance(node.op, ast.Div) and type(value) is int and value > 0:
        return value
    if isinstance(node.op, ast.Mult) and isinstance(value, float):
        # Only factors whose float is exact (0.5, 0.25, ...): n * c is then exactly n / k.
        for power in range(1, 11):
            if value == 1 / 2**power:
                return int(2**power)
    return None


_INT_FUNCTIONS = frozenset(
    {"math.ceil", "math.floor", "math.trunc", "math.comb", "math.gcd", "builtins.len",
     "builtins.int"}
)  # fmt: skip


def _int_function(ctx: FixContext, node: ast.Call) -> bool:
    """A call that returns an int for every argument (`math.ceil(v)`, `len(s)`)."""
    name = qualified_name(node.func, ctx.imports, ())
    if name is None and isinstance(node.func, ast.Name):
        name = f"builtins.{node.func.id}"
    return name in _INT_FUNCTIONS


def _rounds_to_int(ctx: FixContext, node: ast.expr) -> bool:
    """`math.ceil(h / p) * p`: products, sums and differences holding a math.ceil/floor call,
    with no `/` and no float literal."""
    if isinstance(node, ast.Call):
        return _int_function(ctx, node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult):
        parts = (node.left, node.right)
        if any(isinstance(p, ast.Constant) and isinstance(p.value, float) for p in parts):
            return False
        return any(_rounds_to_int(ctx, p) for p in parts)
    return False


def _numpy_call(event: events.Call) -> bool:
    # int(np.ceil(h / k)): the numpy call is reported on its own.
    arg = event.node.args[0] if event.node.args else None
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute):
        root = arg.func.value
        return isinstance(root, ast.Name) and root.id in ("np", "numpy")
    return False


def _int_divisor(node: ast.expr) -> ast.expr | None:
    """`k` in `n / k` when `k` is a positive int literal or a plain attribute/name."""
    if not isinstance(node, ast.BinOp) or not isinstance(node.op, ast.Div):
        return None
    right = node.right
    if isinstance(right, ast.Constant):
        return right if type(right.value) is int and right.value > 0 else None
    return right if isinstance(right, ast.Name | ast.Attribute) else None


def _first_dim(values: tuple[Value, ...]) -> Value:
    """The first dynamic size among known sizes (a static value when there is none)."""
    return next((v for v in values if is_dim(v)), values[0] if values else Value(Kind.STATIC))


def _takes_a_log(node: ast.expr) -> bool:
    """A call of a logarithm (`math.log`, `np.log1p`, `torch.log2`) inside `node`."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call):
            func = inner.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith("log"):
                return True
    return False


def _float_count(ctx: FixContext, node: ast.expr) -> list[Fix]:
    """`int(c * np.log(n))`, `np.ceil(np.log1p(n)).astype(int).item()`: the float arithmetic
    on a float64 0-d tensor, read back with `.long().item()` (fixcover7 hook: see
    codemods/size_counts.py); nothing when the value is no such count."""
    from exportlint.codemods import size_counts

    try:
        return [size_counts.count_in_graph(ctx, node)]
    except NotRewritable:
        return []


def _sqrt_only(ctx: FixContext, node: ast.expr) -> bool:
    from exportlint.codemods import size_counts

    return size_counts.symbolic_form(ctx, node)
