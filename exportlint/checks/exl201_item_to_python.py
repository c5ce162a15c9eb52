from __future__ import annotations

import ast
import contextlib
from typing import Any

from exportlint.analysis import events
from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Kind, Value, element_of
from exportlint.checks.base import Rule, candidates, is_data_or_tensor, kind_phrase, source
from exportlint.checks.interests import Calls
from exportlint.codemods import DEFERRED, NotRewritable
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import display_only

_MATH_SAFE = frozenset({"math.pi", "math.e", "math.inf", "math.nan", "math.tau"})
# torch.linspace(start, end, steps): `steps` must be a Python int.
_STEPS = frozenset({"torch.linspace", "torch.logspace"})


def _holds_modules(container: Value) -> bool:
    element = container.elem if container.elem is not None else None
    return container.source == "modules" or (element is not None and element.is_module)


class ItemToPython(Rule):
    code = "EXL201"
    name = "item-to-python"
    severity = Severity.ERROR
    summary = "int()/float()/range()/math.* on a tensor or on a value read out of one"

    VALID = (
        "a = x.item()\nreturn y[:a]",
        "a = x.item()\nreturn torch.zeros(a)",
        "n = int(self.num_heads)\nreturn x.view(n, -1)",
        "return x * math.sqrt(self.head_dim)",
        "return self.layers[1](x) + [x, y][0] + x[y.argmax()]",
    )
    INVALID = (
        "n = int(x.item())\nreturn y[:n]",
        "s = float(x.sum())\nreturn y * s",
        "return y * math.sqrt(x.max().item())",
        "idx = list(range(x.item()))\nreturn y[idx]",
        "return y[torch.tensor(list(range(x.item())))]",
        "sizes = torch.tensor(x.shape)\nreturn torch.linspace(0, 1, sizes[-1])",
        "return self.layers[x.argmax()](y)",
        "return [x, y][(x.sum() > 0).long()]",
    )
    FIXES = (
        ("n = int(x.item())\nreturn y[:n]", "n = torch.sym_int(x.item())\nreturn y[:n]"),
        ("a = x.item()\nreturn y[: int(a)]", "a = x.item()\nreturn y[: torch.sym_int(a)]"),
        ("s = float(x.sum())\nreturn y * s", "s = torch.sym_float(x.sum().item())\nreturn y * s"),
        ("return y[torch.tensor(list(range(x.item())))]", "return y[torch.arange(x.item())]"),
    )

    calls = Calls(
        names=frozenset({"builtins.int", "builtins.float", "builtins.range", "torch.arange"})
        | _STEPS,
        prefixes=("math.",),
    )

    def call(self, event: events.Call) -> None:
        name = event.qualname or ""
        if name in ("builtins.int", "builtins.float"):
            subjects = event.args[:1]
        elif name == "builtins.range":
            if event.is_loop_iterable:
                return  # a loop: EXL401 reports it
            subjects = event.args
        elif name.startswith("math.") and name not in _MATH_SAFE:
            subjects = event.args
        elif name in _STEPS:
            # `torch.linspace(0, 1, sizes[-1])` with `sizes = torch.tensor(x.shape)`: a size
            # round-tripped through a tensor is data (GuardOnDataDependentSymNode, measured).
            steps = event.kwargs.get("steps") or (event.args[2] if len(event.args) > 2 else None)
            # Not when the tensor is only assumed (a row of `shapes_list`: ints, most likely).
            subjects = (steps,) if steps is not None and not steps.assumed else ()
        elif name == "torch.arange":
            # `torch.arange(0, 1, 1 / n_patches)` with a tensor step: export guards on the
            # step's sign (GuardOnDataDependentSymNode `zuf0 > 0.0`, measured on 2.13).
            step = event.kwargs.get("step") or (event.args[2] if len(event.args) > 2 else None)
            subjects = (step,) if step is not None and not step.assumed else ()
        else:
            return
        for value in subjects:
            if is_data_or_tensor(value) and not value.is_container:
                self.report(
                    event.node,
                    f"`{source(event.node)}` turns {kind_phrase(value)} into a Python number; "
                    "torch.export cannot trace through it",
                    event.stmt,
                    help="keep the value symbolic: torch.sym_int / torch.sym_float instead of "
                    "int() / float(), and state its range with torch._check(...)",
                    **self._candidates(event, name, value),
                )
                return

    def arithmetic(self, event: events.Arithmetic) -> None:
        # `[c] * counts.sum()`: the count is converted with an implicit `.item()` (measured on
        # 2.13: GuardOnDataDependentSymNode).
        right = event.right
        if (
            isinstance(event.node.op, ast.Mult)
            and event.left.is_container
            and is_data_or_tensor(right)
            and not (right.assumed or right.optional)
        ):
            self.report(
                event.node,
                f"`{source(event.node)}` repeats a list {kind_phrase(right)} times: Python "
                "turns the count into an int (an implicit `.item()`), which torch.export "
                "cannot trace",
                event.stmt,
                help="build the values as a tensor (`torch.full((n,), c)` with a tensor-derived "
                "n after torch._check, or `repeat_interleave`)",
                fix=display_only(
                    "Build the repeated values with tensor ops (`torch.full_like`, "
                    "`repeat_interleave`) instead of a Python list"
                ),
            )

    def index(self, event: events.Index) -> None:
        if event.index.assumed:
            return  # an element of an argument only taken for a tensor: maybe an int
        if event.container.kind is Kind.TENSOR:
            self.report(
                event.node,
                f"`{source(event.node)}` writes a slice bounded by {kind_phrase(event.index)}: "
                "Python turns the bounds into ints, and torch.export cannot guard on "
                "data-dependent ones (GuardOnDataDependentSymNode)",
                event.stmt,
                help="build the region with a mask instead (`(pos >= start) & (pos < end)`) "
                "and write with torch.where / masked_fill",
                fix=self._item_bounds(event)
                or display_only(
                    "Write through a mask: `rows = torch.arange(n)`; `inside = (rows >= start) "
                    "& (rows < end)`; `x = x.masked_fill(inside[:, None] & inside, value)`"
                ),
            )
            return
        modules = _holds_modules(event.container)
        what = "a ModuleList" if modules else "a Python sequence"
        hint = display_only(
            "Stack the candidates into a tensor and index it with the tensor index "
            "(torch.stack([...])[idx]); for modules, run them all and select the output, "
            "or branch with torch.cond"
        )
        fixes = [hint]
        loop = self._element_loop(event.node)
        if loop is not None and self.ctx.defer_fixes:
            fixes = [display_only(f"{hint.description} ({DEFERRED})")]  # built on demand
        elif loop is not None:
            from exportlint.codemods.host_lists import every_index_loop  # libcst: lazily

            with contextlib.suppress(NotRewritable):
                # `for e in hit.tolist(): self.experts[e]`: the loop's own fix (EXL202's too).
                fixes.insert(0, every_index_loop(self.ctx, loop))
        if (
            not modules
            and event.index.kind is Kind.TENSOR
            and element_of(event.container).kind is Kind.TENSOR
        ):
            from exportlint.codemods import casts  # libcst: only when a fix is built

            with contextlib.suppress(NotRewritable):
                fixes.insert(0, casts.stack_index(self.ctx, event.node))
        first, others = candidates(fixes)
        self.report(
            event.node,
            f"`{source(event.node)}` indexes {what} with {kind_phrase(event.index)}: Python "
            "turns the index into an int (an implicit `.item()`), which torch.export cannot "
            "trace",
            event.stmt,
            help="index a tensor instead (stack the candidates, or their outputs, and "
            "`index_select`/gather), or branch with torch.cond",
            fix=first,
            alternatives=others,
        )

    def _element_loop(self, node: ast.Subscript) -> ast.For | None:
        """The enclosing `for` whose element is the index, when it iterates a `.tolist()`
        (in its header or through a name): the loop over positions EXL202 rewrites."""
        index = node.slice
        loop = self.ctx.parent(node)
        while loop is not None and not isinstance(loop, ast.For):
            loop = self.ctx.parent(loop)
        if not (
            isinstance(index, ast.Name)
            and isinstance(loop, ast.For)
            and isinstance(loop.target, ast.Name)
            and loop.target.id == index.id
            and isinstance(loop.iter, ast.Name | ast.Call)
        ):
            return None
        if isinstance(loop.iter, ast.Call) and not (
            isinstance(loop.iter.func, ast.Attribute) and loop.iter.func.attr == "tolist"
        ):
            return None
        return loop

    def _item_bounds(self, event: events.Index) -> Fix | None:
        """The slice bounds of the write that are tensors, read with `.item()`."""
        index = event.node.slice
        parts = index.elts if isinstance(index, ast.Tuple) else [index]
        bounds = [
            bound
            for part in parts
            if isinstance(part, ast.Slice)
            for bound in (part.lower, part.upper, part.step)
            if bound is not None
            and (value := self.ctx.value_of(bound)) is not None
            and value.kind is Kind.TENSOR
            and not value.is_container
        ]
        if not bounds:
            return None
        from exportlint.codemods import casts  # libcst: only when a fix is built

        try:
            return casts.item_bounds(self.ctx, bounds, event.stmt)
        except NotRewritable:
            return None

    def _arange(self, node: ast.Call, count: ast.expr) -> Fix | None:
        """`torch.tensor(list(range(n)))` is `torch.arange(n)`, with no Python list."""
        listed = self.ctx.parent(node)
        made = self.ctx.parent(listed) if listed is not None else None
        if not (
            isinstance(listed, ast.Call)
            and dotted(listed.func) == "list"
            and listed.args == [node]
            and isinstance(made, ast.Call)
            and made.args == [listed]
            and not made.keywords
        ):
            return None
        qualified = (dotted(made.func) or "").rsplit(".", 1)
        if len(qualified) != 2 or self.ctx.imports.get(qualified[0]) != "torch":
            return None
        if qualified[1] not in ("tensor", "as_tensor", "LongTensor"):
            return None
        from exportlint.codemods import casts  # libcst: only when a fix is built

        return casts.arange(self.ctx, made, count, qualified[0])

    def _upper_bound(self, stmt: ast.stmt, name: str) -> str:
        """`n <= y.shape[0]` when the function's next use of `n` slices `y[:n]` (or
        `n < y.shape[0]` when it indexes `y[n]`): export then knows the size fits."""
        function: ast.AST | None = stmt
        while function is not None and not isinstance(
            function, ast.FunctionDef | ast.AsyncFunctionDef
        ):
            function = self.ctx.parent(function)
        if function is None:
            return ""
        end = stmt.end_lineno or stmt.lineno
        uses = sorted(
            (n for n in ast.walk(function) if isinstance(n, ast.Subscript) and n.lineno > end),
            key=lambda n: (n.lineno, n.col_offset),
        )
        for node in uses:
            if not isinstance(node.value, ast.Name):
                continue
            # `y[:n]` / `y[n]`, or the same on a later axis after full slices (`y[:, :n]`).
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            for axis, index in enumerate(parts):
                if (
                    isinstance(index, ast.Slice)
                    and isinstance(index.upper, ast.Name)
                    and index.upper.id == name
                    and index.lower is None
                    and index.step is None
                ):
                    return f"{name} <= {node.value.id}.shape[{axis}]"
                if isinstance(index, ast.Name) and index.id == name:
                    return f"{name} < {node.value.id}.shape[{axis}]"
                if not (
                    isinstance(index, ast.Slice)
                    and index.lower is None
                    and index.upper is None
                    and index.step is None
                ):
                    break  # an index or an Ellipsis before: the axis is not known
        return ""

    def _candidates(self, event: events.Call, name: str, value: Value) -> dict[str, Any]:
        """The rewrites of one conversion, best first, as Reporter arguments."""
        try:
            found = self._rewrites(event, name, value)
        except NotRewritable as why:
            found = [display_only(f"{_KEEP_IN_GRAPH.description} ({why})")]
        from exportlint.codemods import warn_only  # libcst: only when a fix is built

        with contextlib.suppress(NotRewritable):
            # The number only decides whether to warn: skipping that block under export
            # leaves what the model computes as it was; first.
            found.insert(0, warn_only.skip_when_exporting(self.ctx, event.stmt))
        first, alternatives = candidates(found or [_KEEP_IN_GRAPH])
        return {"fix": first, "alternatives": alternatives}

    def _rewrites(self, event: events.Call, name: str, value: Value) -> list[Fix]:
        from exportlint.codemods import casts  # libcst: only when a fix is built

        node = event.node
        arg = node.args[0] if len(node.args) == 1 and not node.keywords else None
        if name == "builtins.range" and arg is not None:
            arange = self._arange(node, arg)
            if arange is not None:
                return [arange]
        if name.startswith("math.") and arg is not None:
            # math.sqrt(t.item()) -> torch.sqrt(t): the number stays a 0-d tensor in the graph.
            return [casts.math_to_torch(self.ctx, node, name.removeprefix("math."), arg)]
        if name not in ("builtins.int", "builtins.float") or arg is None:
            return []
        # int(t) of a one-element tensor is int(t.item()): read the number explicitly, so that
        # export sees a symbolic number rather than a tensor to convert.
        read_item = value.kind is Kind.TENSOR
        # Arithmetic mixes Python numbers and tensors (`text_len + audio_len`): the sum is a
        # tensor only if one operand certainly is, which the analysis does not carry.
        uncertain = value.assumed or isinstance(arg, ast.BinOp | ast.UnaryOp | ast.IfExp)
        found = [casts.sym_cast(self.ctx, node, arg, read_item, uncertain)]
        if name == "builtins.float":
            if value.kind is Kind.TENSOR:
                found.append(casts.tensor_float(self.ctx, node, arg))
            elif (
                isinstance(arg, ast.Call)
                and isinstance(arg.func, ast.Attribute)
                and arg.func.attr == "item"
                and not arg.args
                and not arg.keywords
            ):
                # float(t.item()) -> t.float(): the scalar stays a 0-d tensor in the graph.
                found.append(casts.tensor_float(self.ctx, node, arg.func.value))
            return found
        stmt = event.stmt
        own_line = self.ctx.lines[stmt.lineno - 1][: stmt.col_offset].strip() == ""
        if (
            isinstance(stmt, ast.Assign)
            and own_line  # not `if c: n = int(t.item())`: the check would run unconditionally
            and stmt.value is node
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            target = stmt.targets[0].id
            # torch._check(n >= 0), not torch._check_is_size(n): deprecated on torch 2.13.
            checks = [f"{target} >= 0"]
            bound = self._upper_bound(stmt, target)
            if bound:
                checks.append(bound)
            found.append(casts.sym_int_checked(self.ctx, node, arg, stmt, checks, read_item))
        rounded = _round_argument(arg)
        if rounded is not None:
            # int(round(v, 7)): round() has no ONNX translation, so the candidates keeping it
            # cannot verify. `v + 0.5e-7` truncated is the same int for v >= 0 (ties aside);
            # it comes first.
            digits = _round_digits(arg)
            found.insert(0, casts.sym_int_unrounded(self.ctx, node, rounded, digits))
        if not uncertain:
            # An integer symbol where sym_int of a float item gives a truncated float one,
            # which cannot serve as a size; last, since it is unsafe (NaN, infinities).
            with contextlib.suppress(NotRewritable):
                found.append(casts.long_item(self.ctx, node, arg, read_item))
        return found


_KEEP_IN_GRAPH = display_only(
    "Keep the value in the graph: tensor ops instead of Python numbers "
    "(`torch.where`, `t.clamp`, `torch.arange(n)` with `n = t.item()`)"
)


def _round_digits(node: ast.expr) -> int | None:
    """7 in `round(v, 7)` (a small non-negative int literal)."""
    if isinstance(node, ast.Call) and len(node.args) == 2:
        digits = node.args[1]
        if isinstance(digits, ast.Constant) and type(digits.value) is int:
            return digits.value if 0 <= digits.value <= 15 else None
    return None


def _round_argument(node: ast.expr) -> ast.expr | None:
    """`v` in `round(v, digits)` (a float rounded to some digits, not to an int)."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "round"
        and len(node.args) == 2
        and not node.keywords
    ):
        return node.args[0]
    return None
