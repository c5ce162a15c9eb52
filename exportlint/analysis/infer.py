"""Kind inference: a small abstract interpreter over the functions torch.export traces.

Parameters of an entry point start as tensors (unless annotated, defaulted, or shown otherwise
by the file's example inputs); assignments propagate; branches and loops join; calls to methods
and functions of the same file are followed with the argument values at the call site
(memoised). On the way it emits events (see `events.py`) that the rules turn into diagnostics.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol

from exportlint.analysis import events
from exportlint.analysis.facts import FLIP, bounds_of, source_text
from exportlint.analysis.imports import BUILTIN_NAMES, dotted, qualified_name
from exportlint.analysis.kinds import (
    DATA,
    DIM,
    NONE,
    STATIC,
    STATIC_TENSOR,
    UNKNOWN,
    Kind,
    Value,
    combine,
    element_of,
    fixed,
    join,
    sequence,
    tensor,
)
from exportlint.analysis.params import (
    annotation_value,
    defaults_by_param,
    looks_like_int,
    looks_like_object,
)
from exportlint.analysis.project import Project
from exportlint.analysis.shapes import (
    constant_int,
    dims_after,
    mark_last_axis,
    passes_sizes,
    sizes_of,
    with_dynamic_axes,
)
from exportlint.analysis.surface import EntryPoint, FunctionNode, ModuleInfo
from exportlint.analysis.tables import (
    DATA_SHAPED_METHODS,
    LOGGING_CALLS,
    STATIC_TENSOR_ATTRIBUTES,
    STATIC_TENSOR_METHODS,
    STATIC_TORCH_FUNCTIONS,
    TENSOR_ATTRIBUTES,
    TENSOR_SEQUENCE_FUNCTIONS,
    TENSOR_SEQUENCE_METHODS,
    VIEW_METHODS,
)
from exportlint.analysis.tensor_api import TENSOR_MEMBERS
from exportlint.analysis.walk import walk_local

AnyFunction = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda

MAX_CALL_DEPTH = 12
LOOP_PASSES = 2


class EventSink(Protocol):
    def condition(self, event: events.Condition) -> None: ...
    def call(self, event: events.Call) -> None: ...
    def attribute(self, event: events.Attribute) -> None: ...
    def iteration(self, event: events.Iteration) -> None: ...
    def mutation(self, event: events.Mutation) -> None: ...


@dataclass
class Frame:
    """The state of one function being interpreted."""

    env: dict[str, Value]
    owner: str  # class of `self`, "" outside methods
    # The function interpreted (and the functions it closes over): names they assign
    # anywhere are local, and shadow module-level names (computed only when asked).
    functions: tuple[AnyFunction, ...] = ()
    # torch._check facts: source text of an expression -> (lower, upper) bounds.
    facts: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    returns: list[Value] = field(default_factory=list)
    nested: dict[str, AnyFunction] = field(default_factory=dict)

    def fork(self) -> Frame:
        return Frame(
            env=dict(self.env),
            owner=self.owner,
            functions=self.functions,
            facts=dict(self.facts),
            returns=self.returns,
            nested=dict(self.nested),
        )


class Interpreter:
    def __init__(
        self,
        info: ModuleInfo,
        sink: EventSink,
        project: Project | None = None,
        sink_for: Callable[[ModuleInfo], EventSink] | None = None,
    ) -> None:
        self.info = info
        self.entry_info = info
        self.sink = sink
        # Whole-project analysis: other modules, and where their events go.
        self.project = project
        self._sink_for = sink_for
        # Module switches: (the caller's module, the call node, its statement), innermost last.
        self._sites: list[tuple[ModuleInfo, ast.AST, ast.stmt]] = []
        self._call_node: ast.AST | None = None
        self._in_submodule = False
        # "Class.method" / "function" of each function being interpreted, outermost first.
        self._names: list[str] = []
        self._memo: dict[object, Value] = {}
        self._active: set[int] = set()
        self._depth = 0
        self._stmt: ast.stmt = ast.Pass()
        # Values of expressions already evaluated, so that conditions can look at the operands
        # of `a and b` without evaluating (and reporting) them twice.
        self._cache: dict[int, Value] = {}
        # Calls that are the argument of a `range()` iterated by a loop: `range(len(x))`.
        self._range_args: set[int] = set()
        self._in_test: set[int] = set()
        self._functions: list[AnyFunction] = []

    # ----------------------------------------------------------------- entry points

    def run(self, entry: EntryPoint) -> None:
        fn = entry.function
        args = fn.args
        positional = [*args.posonlyargs, *args.args]
        is_method = bool(entry.owner) and not _is_static_method(fn)
        values: list[Value] = []
        example = self.info.example_args.get("args", [])
        params = positional[1:] if is_method else positional
        defaults = defaults_by_param(args)
        # The file's own `dynamic_shapes` says which axes of the exported model's inputs are
        # dynamic: the others are static, whatever the code does with them.
        shapes = self.info.example_args.get("dynamic_shapes")
        exported = shapes is not None and (entry.owner == "Model" or self._only_model(entry))
        for index, param in enumerate(params):
            hint = example[index] if index < len(example) else None
            value = self._param_value(param, defaults.get(param.arg), hint)
            if exported and shapes is not None:
                spec = shapes[index] if index < len(shapes) else None
                value = with_dynamic_axes(value, spec, hint)
            values.append(value)
        kwonly = {a.arg: self._param_value(a, defaults.get(a.arg), None) for a in args.kwonlyargs}
        self_value = (
            Value(Kind.STATIC, is_self=True, owner=entry.owner, home=self.info)
            if is_method
            else None
        )
        self.call_function(fn, entry.owner, self_value, values, kwonly, entry=True)

    def _only_model(self, entry: EntryPoint) -> bool:
        modules = [c for c in self.info.classes.values() if c.is_module and "forward" in c.methods]
        return len(modules) == 1 and modules[0].node.name == entry.owner

    def _param_value(
        self, param: ast.arg, default: ast.expr | None, hint: ast.expr | None
    ) -> Value:
        origin = f"argument `{param.arg}`"
        if param.annotation is not None:
            annotated = annotation_value(param.annotation)
            if annotated is None:
                return UNKNOWN  # annotated with a type we do not model (a Cache, a config...)
            return replace(annotated, input_alias=annotated.kind is Kind.TENSOR, origin=origin)
        if hint is not None and isinstance(hint, (ast.Tuple, ast.List, ast.Dict, ast.Constant)):
            # The file's own example inputs show this argument is not a tensor.
            if isinstance(hint, ast.Constant):
                return STATIC.with_origin(origin)
            items = hint.elts if isinstance(hint, (ast.Tuple, ast.List)) else []
            if items and all(isinstance(item, ast.Constant) for item in items):
                return sequence(STATIC, source="input")  # `(3, 4)`: Python numbers
            return sequence(Value(Kind.TENSOR, dynamic=True, input_alias=True), source="input")
        if isinstance(hint, ast.Call) and (dotted(hint.func) or "").startswith("torch."):
            return Value(Kind.TENSOR, dynamic=True, input_alias=True, origin=origin)
        if default is not None:
            if isinstance(default, ast.Constant) and default.value is None:
                if looks_like_int(param.arg) or looks_like_object(param.arg):
                    return UNKNOWN
                return Value(
                    Kind.TENSOR, dynamic=True, input_alias=True, optional=True, origin=origin
                )
            if isinstance(default, (ast.Constant, ast.Tuple, ast.List, ast.Dict)):
                return STATIC.with_origin(origin)
            return UNKNOWN
        if looks_like_int(param.arg) or looks_like_object(param.arg):
            return UNKNOWN  # `patch_height`, `past_key_values`: most likely not a tensor
        return Value(Kind.TENSOR, dynamic=True, input_alias=True, assumed=True, origin=origin)

    # ----------------------------------------------------------------- calls

    def call_function(
        self,
        fn: AnyFunction,
        owner: str,
        self_value: Value | None,
        args: list[Value],
        kwargs: dict[str, Value],
        entry: bool = False,
        closure: Frame | None = None,
        home: object = None,
    ) -> Value:
        memo_key = (id(fn), self_value, tuple(args), tuple(sorted(kwargs.items())))
        if memo_key in self._memo:
            return self._memo[memo_key]
        if id(fn) in self._active or self._depth >= MAX_CALL_DEPTH:
            return UNKNOWN
        self._active.add(id(fn))
        self._depth += 1
        saved_stmt = self._stmt
        saved_info, saved_sink = self.info, self.sink
        switched = isinstance(home, ModuleInfo) and home is not self.info
        if switched:
            assert isinstance(home, ModuleInfo) and self._sink_for is not None
            self._sites.append((self.info, self._call_node or saved_stmt, saved_stmt))
            self.info = home
            self.sink = self._sink_for(home)
        self._functions.append(fn)
        name = getattr(fn, "name", "<lambda>")
        self._names.append(f"{owner}.{name}" if owner else name)
        try:
            result = self._interpret(fn, owner, self_value, args, kwargs, closure)
        finally:
            self._functions.pop()
            self._names.pop()
            self._active.discard(id(fn))
            self._depth -= 1
            self._stmt = saved_stmt
            if switched:
                self._sites.pop()
                self.info, self.sink = saved_info, saved_sink
        self._memo[memo_key] = result
        return result

    def _interpret(
        self,
        fn: AnyFunction,
        owner: str,
        self_value: Value | None,
        args: list[Value],
        kwargs: dict[str, Value],
        closure: Frame | None,
    ) -> Value:
        env: dict[str, Value] = dict(closure.env) if closure else {}
        a = fn.args
        positional = [*a.posonlyargs, *a.args]
        values = list(args)
        if self_value is not None:
            values.insert(0, self_value)
        defaults = defaults_by_param(a)
        for index, param in enumerate(positional):
            if index < len(values):
                env[param.arg] = values[index]
            elif param.arg in kwargs:
                env[param.arg] = kwargs[param.arg]
            else:
                default = defaults.get(param.arg)
                env[param.arg] = self._default_value(default)
        for param in a.kwonlyargs:
            env[param.arg] = kwargs.get(param.arg, self._default_value(defaults.get(param.arg)))
        if a.vararg is not None:
            extra = values[len(positional) :]
            env[a.vararg.arg] = fixed(tuple(extra)) if extra else sequence(UNKNOWN)
        if a.kwarg is not None:
            env[a.kwarg.arg] = UNKNOWN
        frame = Frame(
            env=env,
            owner=owner,
            functions=(fn, *closure.functions) if closure else (fn,),
            nested=dict(closure.nested) if closure else {},
        )
        if closure is not None:
            frame.facts = dict(closure.facts)
        if isinstance(fn, ast.Lambda):
            return self.eval(fn.body, frame)
        self.exec_block(fn.body, frame)
        if not frame.returns:
            return NONE
        out = frame.returns[0]
        for value in frame.returns[1:]:
            out = join(out, value)
        return out

    def _default_value(self, default: ast.expr | None) -> Value:
        if default is None:
            return UNKNOWN
        if isinstance(default, ast.Constant):
            return NONE if default.value is None else STATIC
        return UNKNOWN

    def _assigned(self, fn: AnyFunction) -> frozenset[str]:
        # Kept on the node: the functions of a shared module (parsed once per process) are
        # interpreted again for every linted file that reaches them.
        names: frozenset[str] | None = getattr(fn, "_exportlint_assigned", None)
        if names is None:
            names = _assigned_names(fn)
            fn._exportlint_assigned = names  # type: ignore[union-attr]
        return names

    # ----------------------------------------------------------------- statements

    def exec_block(self, body: list[ast.stmt], frame: Frame) -> bool:
        """Run statements; False when the block always leaves (return/raise/break/continue)."""
        # A plain loop, not all(...): a generator inside a C call costs C stack per nesting
        # level, and deeply nested code must not overflow it.
        for stmt in body:  # noqa: SIM110
            if not self.exec_stmt(stmt, frame):
                return False
        return True

    def exec_stmt(self, stmt: ast.stmt, frame: Frame) -> bool:
        self._stmt = stmt
        if isinstance(stmt, ast.Expr):
            if not isinstance(stmt.value, ast.Constant):
                self.eval(stmt.value, frame)
            return True
        if isinstance(stmt, ast.Assign):
            value = self.eval(stmt.value, frame)
            for target in stmt.targets:
                self.assign(target, value, frame, stmt.value)
            return True
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self.assign(stmt.target, self.eval(stmt.value, frame), frame, stmt.value)
            return True
        if isinstance(stmt, ast.AugAssign):
            self._aug_assign(stmt, frame)
            return True
        if isinstance(stmt, ast.Return):
            frame.returns.append(self.eval(stmt.value, frame) if stmt.value else NONE)
            return False
        if isinstance(stmt, ast.If):
            return self._if(stmt, frame, "if")
        if isinstance(stmt, (ast.For, ast.AsyncFor)):
            return self._for(stmt, frame)
        if isinstance(stmt, ast.While):
            return self._while(stmt, frame)
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                value = self.eval(item.context_expr, frame)
                if item.optional_vars is not None:
                    self.assign(
                        item.optional_vars, UNKNOWN if value.kind is Kind.TENSOR else value, frame
                    )
            return self.exec_block(stmt.body, frame)
        if isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            return self._try(stmt, frame)
        if isinstance(stmt, ast.Assert):
            value = self._eval_test(stmt.test, frame)
            self._condition(stmt.test, value, frame, "assert", guard_only=False)
            return True
        if isinstance(stmt, ast.Raise):
            return False
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            frame.nested[stmt.name] = stmt
            frame.env[stmt.name] = Value(Kind.STATIC, func=stmt, owner=frame.owner)
            return True
        if isinstance(stmt, (ast.Break, ast.Continue)):
            return False
        if isinstance(stmt, ast.Delete):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    frame.env.pop(target.id, None)
            return True
        if isinstance(stmt, ast.Match):
            self.eval(stmt.subject, frame)
            outcomes = []
            for case in stmt.cases:
                branch = frame.fork()
                outcomes.append((self.exec_block(case.body, branch), branch))
            self._merge(frame, [*outcomes, (True, frame.fork())])
            return True
        return True  # pass, global, nonlocal, import, class definitions

    def _try(self, stmt: ast.stmt, frame: Frame) -> bool:
        body: list[ast.stmt] = getattr(stmt, "body", [])
        handlers: list[ast.ExceptHandler] = getattr(stmt, "handlers", [])
        orelse: list[ast.stmt] = getattr(stmt, "orelse", [])
        final: list[ast.stmt] = getattr(stmt, "finalbody", [])
        main = frame.fork()
        falls = self.exec_block(body, main) and self.exec_block(orelse, main)
        outcomes = [(falls, main)]
        for handler in handlers:
            branch = frame.fork()
            if handler.name:
                branch.env[handler.name] = UNKNOWN
            outcomes.append((self.exec_block(handler.body, branch), branch))
        self._merge(frame, outcomes)
        return self.exec_block(final, frame) and any(f for f, _ in outcomes)

    def _merge(self, frame: Frame, outcomes: list[tuple[bool, Frame]]) -> None:
        """Join the environments of the branches that fall through into `frame`."""
        live = [branch for falls, branch in outcomes if falls]
        if not live:
            return
        names = set().union(*(b.env for b in live))
        merged: dict[str, Value] = {}
        for name in names:
            present = [b.env[name] for b in live if name in b.env]
            value = present[0]
            for other in present[1:]:
                value = join(value, other)
            merged[name] = value
        frame.env = merged
        common = set(live[0].facts.items())
        for b in live[1:]:
            common &= set(b.facts.items())
        frame.facts = dict(common)
        for b in live:
            frame.nested.update(b.nested)

    def _if(self, stmt: ast.If, frame: Frame, context: str) -> bool:
        # `if torch.compiler.is_exporting():` decides which branch export traces, and Python
        # short-circuits the rest of the test: neither the test nor the other branch is traced.
        exporting = self._exporting_test(stmt.test, frame)
        if exporting is None:
            test = self._eval_test(stmt.test, frame)
            self._condition(stmt.test, test, frame, context, guard_only=_guard_only(stmt))
        # Models are exported in eval mode: code that only runs in training is not traced.
        training = _training_test(stmt.test) if exporting is None else not exporting
        then = frame.fork()
        _narrow(stmt.test, then)
        then_falls = False if training is True else self.exec_block(stmt.body, then)
        other = frame.fork()
        if training is False:
            other_falls = False
        elif len(stmt.orelse) == 1 and isinstance(stmt.orelse[0], ast.If):
            self._stmt = stmt.orelse[0]
            other_falls = self._if(stmt.orelse[0], other, "elif")
        else:
            other_falls = self.exec_block(stmt.orelse, other)
        if training is not None and not (then_falls or other_falls):
            return True
        self._merge(frame, [(then_falls, then), (other_falls, other)])
        return then_falls or other_falls

    def _for(self, stmt: ast.For | ast.AsyncFor, frame: Frame) -> bool:
        iterable = self.eval(stmt.iter, frame, loop_iterable=True)
        function = self._functions[-1] if self._functions else None
        self.sink.iteration(
            events.Iteration(stmt.iter, iterable, stmt, env=frame.env, function=function)
        )
        element = element_of(iterable)
        before = frame.fork()
        outcomes: list[tuple[bool, Frame]] = [(True, before)]
        body = frame.fork()
        for _ in range(LOOP_PASSES):
            self._stmt = stmt
            self.assign(stmt.target, element, body)
            self.exec_block(stmt.body, body)
            outcomes.append((True, body.fork()))
            body = body.fork()
        self._merge(frame, outcomes)
        self.exec_block(stmt.orelse, frame)
        return True

    def _while(self, stmt: ast.While, frame: Frame) -> bool:
        body = frame.fork()
        outcomes: list[tuple[bool, Frame]] = [(True, frame.fork())]
        for _ in range(LOOP_PASSES):
            self._stmt = stmt
            test = self._eval_test(stmt.test, body)
            self._condition(stmt.test, test, body, "while", guard_only=False)
            self.exec_block(stmt.body, body)
            outcomes.append((True, body.fork()))
            body = body.fork()
        self._merge(frame, outcomes)
        self.exec_block(stmt.orelse, frame)
        return True

    def _aug_assign(self, stmt: ast.AugAssign, frame: Frame) -> None:
        target_value = self.eval(stmt.target, frame)
        value = self.eval(stmt.value, frame)
        if (
            target_value.kind is Kind.TENSOR
            and target_value.input_alias
            and not target_value.optional
        ):
            self.sink.mutation(events.Mutation(stmt, target_value, stmt.target, "augassign", stmt))
        result = combine([target_value, value])
        if isinstance(stmt.op, ast.Div) or value.is_float:
            result = replace(result, is_float=True)
        if result.kind is Kind.TENSOR:
            # In place: the name keeps aliasing what it aliased.
            result = replace(result, input_alias=target_value.input_alias)
        if target_value.is_container and value.is_container:
            result = sequence(join(element_of(target_value), element_of(value)))
        self.assign(stmt.target, result, frame, None, augmented=True)

    # ----------------------------------------------------------------- assignment

    def assign(
        self,
        target: ast.expr,
        value: Value,
        frame: Frame,
        source: ast.expr | None = None,
        augmented: bool = False,
    ) -> None:
        if isinstance(target, ast.Name):
            if source is not None and not value.origin:
                value = replace(value, origin=source)
            frame.env[target.id] = value
            if not augmented:
                _forget_facts(frame, target.id)
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            starred = [i for i, t in enumerate(target.elts) if isinstance(t, ast.Starred)]
            if starred:
                self._iterated(source or target, value)  # `a, *rest = t` iterates t
            if value.elts is not None and not starred and len(value.elts) == len(target.elts):
                parts = list(value.elts)
            else:
                element = element_of(value)
                parts = [element] * len(target.elts)
                if value.source == "shape" and not starred and parts:
                    parts[-1] = replace(element, last_axis=element.kind is Kind.DIM)
            for sub, part in zip(target.elts, parts):
                if isinstance(sub, ast.Starred):
                    self.assign(sub.value, sequence(part), frame)
                else:
                    self.assign(sub, part, frame)
            return
        if isinstance(target, ast.Subscript):
            base = self.eval(target.value, frame)
            self.eval(target.slice, frame)
            is_tensor = base.kind is Kind.TENSOR and not _is_str(target.slice)
            if is_tensor and base.input_alias and not base.optional:
                self.sink.mutation(
                    events.Mutation(target, base, target.value, "setitem", self._stmt)
                )
            if isinstance(target.value, ast.Name) and base.is_container and not augmented:
                name = target.value.id
                frame.env[name] = sequence(join(element_of(base), value))
            return
        if isinstance(target, ast.Attribute):
            self.eval(target.value, frame)
            return
        if isinstance(target, ast.Starred):
            self.assign(target.value, value, frame)

    # ----------------------------------------------------------------- conditions

    def _condition(
        self, node: ast.expr, value: Value, frame: Frame, context: str, guard_only: bool
    ) -> None:
        # `a and b` in a test: every operand is converted to bool, each one on its own.
        if isinstance(node, ast.BoolOp):
            for operand in node.values:
                self._condition(operand, self._peek(operand, frame), frame, context, guard_only)
            return
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self._condition(
                node.operand, self._peek(node.operand, frame), frame, context, guard_only
            )
            return
        function = self._functions[-1] if self._functions else None
        self.sink.condition(
            events.Condition(
                node, value, context, guard_only, self._stmt, env=frame.env, function=function
            )
        )

    def close(self) -> None:
        """Forget the sinks and values (see engine: no reference cycles outlive a file)."""
        self._sink_for = None
        self._cache.clear()
        self._memo.clear()

    def _exporting_test(self, test: ast.expr, frame: Frame) -> bool | None:
        """What a test built of `torch.compiler.is_exporting()`-like calls is during export:
        True or False, or None when it depends on other things."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            inner = self._exporting_test(test.operand, frame)
            return None if inner is None else not inner
        if isinstance(test, ast.BoolOp):
            parts = [self._exporting_test(v, frame) for v in test.values]
            decisive = isinstance(test.op, ast.Or)  # True decides `or`, False decides `and`
            if decisive in parts:
                return decisive
            return (not decisive) if all(p is not None for p in parts) else None
        if isinstance(test, ast.Call) and not test.args:
            name = qualified_name(test.func, self.info.imports, frame.env.keys()) or ""
            if name in _EXPORTING_CALLS or name.rsplit(".", 1)[-1] in _EXPORTING_HELPERS:
                return True
        return None

    def chain(self) -> tuple[str, ...]:
        """The functions from the entry point to the one being interpreted."""
        return tuple(self._names)

    def site(
        self, is_project: Callable[[ModuleInfo], bool]
    ) -> tuple[ModuleInfo, ast.AST, ast.stmt]:
        """The innermost call from a project module into the modules beyond it."""
        for caller, node, stmt in reversed(self._sites):
            if is_project(caller):
                return caller, node, stmt
        return self.entry_info, self._stmt, self._stmt

    def _iterated(self, node: ast.expr, value: Value) -> None:
        """A tensor iterated without a `for`: list(t), [*t], map(f, t), `a, *b = t`."""
        if value.kind is Kind.TENSOR and not value.optional:
            self.sink.iteration(events.Iteration(node, value, self._stmt))

    def value_of(self, node: ast.AST) -> Value | None:
        """The value inferred for an expression already evaluated (for fixes)."""
        return self._cache.get(id(node))

    def _eval_test(self, node: ast.expr, frame: Frame) -> Value:
        """Evaluate a test whose conversions to bool `_condition` reports as a whole.

        The `not` and `and`/`or` nodes of the test itself are marked so that evaluating them
        does not report their operands a second time under a different context.
        """
        stack = [node]
        while stack:
            current = stack.pop()
            self._in_test.add(id(current))
            if isinstance(current, ast.BoolOp):
                stack.extend(current.values)
            elif isinstance(current, ast.UnaryOp) and isinstance(current.op, ast.Not):
                stack.append(current.operand)
        return self.eval(node, frame)

    def _peek(self, node: ast.expr, frame: Frame) -> Value:
        """The value of a sub-expression already evaluated (no events are emitted twice)."""
        return self._cache.get(id(node)) or UNKNOWN

    # ----------------------------------------------------------------- expressions

    def eval(self, node: ast.expr, frame: Frame, loop_iterable: bool = False) -> Value:
        value = self._eval(node, frame, loop_iterable)
        self._cache[id(node)] = value
        return value

    def _eval(self, node: ast.expr, frame: Frame, loop_iterable: bool) -> Value:
        if isinstance(node, ast.Constant):
            if node.value is None:
                return NONE
            constant = node.value
            is_int = isinstance(constant, int) and not isinstance(constant, bool)
            return Value(
                Kind.STATIC,
                is_float=isinstance(constant, float),
                exact_int=is_int,
                nonneg=is_int and constant >= 0,  # type: ignore[operator]
            )
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
                return STATIC if operand.kind in (Kind.STATIC, Kind.UNKNOWN) else DATA
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
                _narrow(part, narrowed)
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
            training = _training_test(node.test)
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
        if node.id in BUILTIN_NAMES:
            return STATIC
        return UNKNOWN  # a module-level global: could be anything

    def _imported(self, qualname: str) -> Value:
        """A function or class of another module, when whole-project analysis can read it."""
        if self.project is None:
            return UNKNOWN
        found = self.project.locate(qualname, self.info)
        if found is None:
            return UNKNOWN
        if found.function is not None:
            return Value(Kind.STATIC, func=found.function, home=found.module)
        return Value(Kind.STATIC, owner=found.name, source="class", home=found.module)

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
                return Value(Kind.TENSOR, dynamic=base.dynamic, input_alias=aliases, origin=node)
            return UNKNOWN
        if base.is_module:
            if attr in ("weight", "bias"):
                return STATIC_TENSOR
            return UNKNOWN
        if base.kind is Kind.STATIC and not base.is_container and base.func is None:
            return STATIC if base.source != "class" else UNKNOWN
        return UNKNOWN

    def _shape_of(self, base: Value) -> Value:
        if base.dims is not None and not base.data_shape:
            return fixed(base.dims, source="shape")
        # The sizes of nonzero()/masked_select()/x[mask] results are data, not sizes.
        element = DATA if base.data_shape else DIM if base.dynamic else STATIC
        return sequence(replace(element, exact_int=True, nonneg=True), source="shape")

    def _self_attribute(self, receiver: Value, attr: str) -> Value:
        if attr == "training":
            return STATIC
        home = self._home(receiver)
        attrs = self._class_attributes(home, receiver.owner)
        if attr in attrs:
            return attrs[attr]
        found = self._find_method(home, receiver.owner, attr)
        if found is not None:
            return Value(Kind.STATIC, func=found[2], owner=found[1], home=found[0])
        return UNKNOWN

    def _home(self, value: Value) -> ModuleInfo:
        return value.home if isinstance(value.home, ModuleInfo) else self.info

    def _find_method(
        self, home: ModuleInfo, owner: str, method: str, depth: int = 0
    ) -> tuple[ModuleInfo, str, FunctionNode] | None:
        """Method lookup through the bases, those of other modules included."""
        found = home.find_method(owner, method)
        if found is not None:
            return home, found[0], found[1]
        if self.project is None or depth > 4:
            return None
        for cls in home.ancestors(owner):
            for base in cls.external:
                located = self.project.locate(base, home)
                if located is None or not located.is_class:
                    continue
                deeper = self._find_method(located.module, located.name, method, depth + 1)
                if deeper is not None:
                    return deeper
        return None

    def _class_attributes(self, home: ModuleInfo, owner: str) -> dict[str, Value]:
        # Kept on the module: a shared module's classes are read once per process.
        attrs = home.attributes.get(owner)
        if attrs is None:
            from exportlint.analysis.attributes import class_attributes

            attrs = home.attributes[owner] = class_attributes(home, owner)
        return attrs

    def _subscript(self, node: ast.Subscript, frame: Frame) -> Value:
        base = self.eval(node.value, frame)
        index = self.eval(node.slice, frame)
        if base.kind is Kind.TENSOR and _is_str(node.slice):
            return UNKNOWN  # `outputs["pair"]`: a dict, not a tensor
        if base.kind is Kind.TENSOR:
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
            )
        if base.is_container:
            if isinstance(node.slice, ast.Slice):
                if base.elts is not None:
                    return sequence(element_of(base), source=base.source)
                return base
            position = constant_int(node.slice)
            if (
                base.elts is not None
                and position is not None
                and -len(base.elts) <= position < len(base.elts)
            ):
                return base.elts[position].with_origin(node)
            element = element_of(base).with_origin(node)
            if base.source == "shape":
                element = mark_last_axis(element, node.slice)
            return element
        if base.is_module:
            return Value(Kind.STATIC, is_module=True)  # nn.ModuleList[i], nn.Sequential[i]
        if base.kind is Kind.STATIC and base.func is None and base.source != "class":
            return STATIC
        return UNKNOWN

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
            return left
        if isinstance(node.op, ast.Mod) and left.kind is Kind.STATIC and not left.is_container:
            return STATIC  # "%d" % n: string formatting
        out = combine([left, right])
        if out.kind in (Kind.DIM, Kind.DATA) and (
            isinstance(node.op, ast.Div) or left.is_float or right.is_float
        ):
            out = replace(out, is_float=True)
        if isinstance(node.op, ast.FloorDiv):
            out = replace(out, is_float=False)
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
                    values.append(DATA)
                elif right.is_container:
                    values.append(element_of(right))
                else:
                    values.append(STATIC if right.kind is Kind.STATIC else UNKNOWN)
            else:
                values.append(right)
        if all(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops):
            return STATIC
        # `a.shape != b.shape`: comparing sizes, as many as the shapes have.
        values = [sizes_of(v) if v.source == "shape" else v for v in values]
        out = combine(values)
        if out.kind in (Kind.DATA, Kind.DIM) and self._decided(node, frame):
            return STATIC
        return out

    def _decided(self, node: ast.Compare, frame: Frame) -> bool:
        """A comparison that torch._check facts settle (ExportDB's constrain_as_value)."""
        if len(node.ops) != 1:
            return False
        left, op, right = node.left, node.ops[0], node.comparators[0]
        subject, constant = left, right
        if isinstance(left, ast.Constant):
            subject, constant, op = right, left, FLIP.get(type(op), op)
        if not (isinstance(constant, ast.Constant) and isinstance(constant.value, (int, float))):
            return False
        if not frame.facts:
            return False
        bounds = bounds_of(subject, frame.facts)
        if bounds is None:
            return False
        lo, hi = bounds
        c = float(constant.value)
        if isinstance(op, ast.Lt):
            return (hi is not None and hi < c) or (lo is not None and lo >= c)
        if isinstance(op, ast.LtE):
            return (hi is not None and hi <= c) or (lo is not None and lo > c)
        if isinstance(op, ast.Gt):
            return (lo is not None and lo > c) or (hi is not None and hi <= c)
        if isinstance(op, ast.GtE):
            return (lo is not None and lo >= c) or (hi is not None and hi < c)
        return False

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

    # ----------------------------------------------------------------- call dispatch

    def _call(self, node: ast.Call, frame: Frame, loop_iterable: bool) -> Value:
        func = node.func
        qualname = qualified_name(func, self.info.imports, frame.env.keys())
        receiver: Value | None = None
        method: str | None = None
        callee = UNKNOWN
        if qualname is None:
            if isinstance(func, ast.Attribute):
                receiver = self.eval(func.value, frame)
                method = func.attr
            else:
                callee = self.eval(func, frame)
        in_range = loop_iterable and qualname == "builtins.range"
        args: list[Value] = []
        for arg in node.args:
            value = self._argument(arg, frame, in_range)
            if isinstance(arg, ast.Starred) and value.elts is not None:
                args.extend(value.elts)
            elif isinstance(arg, ast.Starred):
                args.append(element_of(value))
            else:
                args.append(value)
        kwargs = {kw.arg: self.eval(kw.value, frame) for kw in node.keywords if kw.arg}
        for kw in node.keywords:
            if kw.arg is None:
                self.eval(kw.value, frame)
        if qualname == "torch._check" or qualname == "torch._check_is_size":
            self._record_fact(node, qualname, frame)
            return NONE
        self.sink.call(
            events.Call(
                node,
                qualname,
                receiver,
                method,
                tuple(args),
                kwargs,
                self._stmt,
                is_loop_iterable=loop_iterable,
                in_loop_range=id(node) in self._range_args,
                callee=callee if callee.func is not None else None,
            )
        )
        self._call_node = node
        if qualname is not None:
            return self._call_qualified(node, qualname, args, kwargs, frame)
        if receiver is not None and method is not None:
            return self._call_method(node, receiver, method, args, kwargs, frame)
        return self._call_value(callee, args, kwargs, frame)

    def _argument(self, arg: ast.expr, frame: Frame, in_range: bool) -> Value:
        if in_range and isinstance(arg, ast.Call):
            # `range(len(x))` as a loop iterable: EXL401 reports the loop, so `len` is marked.
            self._range_args.add(id(arg))
        return self.eval(arg, frame)

    def _record_fact(self, node: ast.Call, qualname: str, frame: Frame) -> None:
        if not node.args:
            return
        test = node.args[0]
        if qualname == "torch._check_is_size":
            key = source_text(test)
            lo, hi = frame.facts.get(key, (None, None))
            frame.facts[key] = (0.0 if lo is None else max(lo, 0.0), hi)
            return
        if isinstance(test, ast.Lambda):
            return
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            parts = test.values
        else:
            parts = [test]
        for part in parts:
            if not (isinstance(part, ast.Compare) and len(part.ops) == 1):
                continue
            left, op, right = part.left, part.ops[0], part.comparators[0]
            if isinstance(left, ast.Constant):
                left, right, op = right, left, FLIP.get(type(op), op)
            if not (isinstance(right, ast.Constant) and isinstance(right.value, (int, float))):
                continue
            key = source_text(left)
            c = float(right.value)
            lo, hi = frame.facts.get(key, (None, None))
            if isinstance(op, ast.GtE):
                lo = c if lo is None else max(lo, c)
            elif isinstance(op, ast.Gt):
                lo = c + 1 if lo is None else max(lo, c + 1)
            elif isinstance(op, ast.LtE):
                hi = c if hi is None else min(hi, c)
            elif isinstance(op, ast.Lt):
                hi = c - 1 if hi is None else min(hi, c - 1)
            elif isinstance(op, ast.Eq):
                lo, hi = c, c
            frame.facts[key] = (lo, hi)

    def _call_value(
        self, callee: Value, args: list[Value], kwargs: dict[str, Value], frame: Frame
    ) -> Value:
        if callee.func is not None:
            closure = (
                frame
                if callee.func in frame.nested.values() or isinstance(callee.func, ast.Lambda)
                else None
            )
            self_value = None
            if callee.owner and closure is None and not _is_static_method(callee.func):
                self_value = Value(Kind.STATIC, is_self=True, owner=callee.owner)
            if self_value is not None:
                self_value = replace(self_value, home=callee.home)
            return self.call_function(
                callee.func,
                callee.owner,
                self_value,
                args,
                kwargs,
                closure=closure,
                home=callee.home,
            )
        if callee.is_module:
            return self._submodule_call(callee, args, kwargs)
        if callee.source == "class":
            home = callee.home if isinstance(callee.home, ModuleInfo) else self.info
            info = home.classes.get(callee.owner)
            if info is not None and info.is_module:
                return Value(Kind.STATIC, is_module=True, owner=callee.owner)
            return UNKNOWN
        return UNKNOWN

    def _submodule_call(self, module: Value, args: list[Value], kwargs: dict[str, Value]) -> Value:
        """Calling a submodule of a class of this project: its forward runs with the caller's
        values, so a size the caller passes stays dynamic there even if annotated `int`."""
        # Only when a size or data value is passed: with tensors alone, the forward's own run
        # as an entry point (arguments taken for dynamic tensors) already sees the same kinds.
        # One level deep: a size passed on through every layer of a stack would otherwise have
        # each layer interpreted again under each caller (twice the time on transformers).
        if (
            not self._in_submodule
            and module.owner
            and isinstance(module.home, ModuleInfo)
            and passes_sizes(args, kwargs)
        ):
            found = self._find_method(module.home, module.owner, "forward")
            if found is not None:
                home, owner, fn = found
                me = Value(Kind.STATIC, is_self=True, owner=module.owner, home=module.home)
                self._in_submodule = True
                try:
                    self.call_function(fn, owner, me, args, kwargs, home=home)
                finally:
                    self._in_submodule = False
        return self._module_output(args, kwargs)

    def _module_output(self, args: list[Value], kwargs: dict[str, Value]) -> Value:
        inputs = [*args, *kwargs.values()]
        dynamic = any(v.dynamic or v.kind is Kind.UNKNOWN for v in inputs) or not inputs
        # A submodule may return a tensor, a tuple or a ModelOutput: treat the result as a
        # tensor for what is computed from it, but never report on its own truth or length.
        return Value(Kind.TENSOR, dynamic=dynamic, optional=True)

    def _call_method(
        self,
        node: ast.Call,
        receiver: Value,
        method: str,
        args: list[Value],
        kwargs: dict[str, Value],
        frame: Frame,
    ) -> Value:
        if receiver.is_self:
            found = self._find_method(self._home(receiver), receiver.owner, method)
            if found is not None:
                home, owner, fn = found
                self_value = None if _is_static_method(fn) else receiver
                return self.call_function(fn, owner, self_value, args, kwargs, home=home)
            attr = self._self_attribute(receiver, method)
            if attr.is_module:
                return self._submodule_call(attr, args, kwargs)
            return UNKNOWN
        if receiver.source == "super":
            found = self._super_method(receiver.owner, method)
            if found is not None:
                home, owner, fn = found
                self_value = Value(Kind.STATIC, is_self=True, owner=frame.owner, home=self.info)
                return self.call_function(fn, owner, self_value, args, kwargs, home=home)
            return UNKNOWN
        if receiver.kind is Kind.TENSOR:
            return self._tensor_method(node, receiver, method, args, kwargs)
        if receiver.is_module:
            if method in ("forward", "__call__"):
                return self._module_output(args, kwargs)
            return UNKNOWN
        if receiver.is_container:
            if method in ("append", "extend", "insert") and isinstance(node.func, ast.Attribute):
                added = args[-1] if args else UNKNOWN
                if method == "extend":
                    added = element_of(added)
                target = node.func.value
                if isinstance(target, ast.Name):
                    frame.env[target.id] = (
                        sequence(join(element_of(receiver), added))
                        if (receiver.elts or receiver.elem)
                        else sequence(added)
                    )
                return NONE
            if method == "pop":
                return element_of(receiver)
            return UNKNOWN
        if method == "item" and receiver.kind is Kind.UNKNOWN and not args:
            # Only tensors (and numpy scalars) have `.item()`: what it returns is data.
            return DATA.with_origin(node)
        if receiver.kind is Kind.STATIC and receiver.func is None and receiver.source != "class":
            return STATIC
        return UNKNOWN

    def _super_method(self, owner: str, method: str) -> tuple[ModuleInfo, str, FunctionNode] | None:
        info = self.info.classes.get(owner)
        if info is None:
            return None
        for base in info.bases:
            found = self._find_method(self.info, base, method)
            if found is not None:
                return found
        if self.project is not None:
            for qualname in info.external:
                located = self.project.locate(qualname, self.info)
                if located is not None and located.is_class:
                    deeper = self._find_method(located.module, located.name, method, 1)
                    if deeper is not None:
                        return deeper
        return None

    def _tensor_method(
        self,
        node: ast.Call,
        receiver: Value,
        method: str,
        args: list[Value],
        kwargs: dict[str, Value],
    ) -> Value:
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
                size = element_of(self._shape_of(receiver)).with_origin(node)
                return mark_last_axis(size, node.args[0] if node.args else None)
            return self._shape_of(receiver)
        if method in ("numel", "nelement"):
            if receiver.data_shape:  # how many elements a mask selected: data, not a size
                return DATA.with_origin(node)
            return DIM.with_origin(node) if receiver.dynamic else STATIC
        if method in STATIC_TENSOR_METHODS:
            return STATIC
        if method == "item":
            return DATA.with_origin(node)
        if method == "tolist":
            return sequence(DATA.with_origin(node), source="tolist")
        if method in ("numpy", "data_ptr"):
            return DATA.with_origin(node)
        if method in ("equal", "allclose"):
            return DATA.with_origin(node)
        if method in TENSOR_SEQUENCE_METHODS:
            part = receiver
            axis = constant_int(node.args[0]) if node.args else 0
            dims = receiver.dims
            if (
                method == "unbind"
                and dims is not None
                and axis is not None
                and -len(dims) <= axis < len(dims)
                and dims[axis].kind is Kind.STATIC
            ):
                part = replace(receiver, dynamic=False)  # unbind of 3 q/k/v planes
            return sequence(tensor(receiver.dynamic), source=method, parts=(part,))
        dynamic = receiver.dynamic or any(
            v.dynamic or v.kind in (Kind.DIM, Kind.DATA, Kind.UNKNOWN) for v in args
        )
        return Value(
            Kind.TENSOR,
            dynamic=dynamic,
            input_alias=receiver.input_alias and method in VIEW_METHODS,
            data_shape=receiver.data_shape or method in DATA_SHAPED_METHODS,
            origin=node,
            dims=dims_after(method, node, receiver, args),
        )

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
            return replace(out, is_float=out.kind in (Kind.DIM, Kind.DATA))
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
        if name in _ITERATING_BUILTINS and len(node.args) == 1 and first.kind is Kind.TENSOR:
            # max(t), sum(t), list(t), sorted(t): a Python loop over the tensor's rows.
            self.sink.iteration(events.Iteration(node.args[0], first, self._stmt))
        if name == "len":
            if first.kind is Kind.TENSOR and first.optional:
                return UNKNOWN
            if first.kind is Kind.TENSOR and first.data_shape:
                # len() of nonzero()/x[mask] results: a data-dependent size, like .shape[0].
                return replace(DATA, exact_int=True, nonneg=True).with_origin(node)
            if first.kind is Kind.TENSOR:
                return DIM if first.dynamic else STATIC
            return STATIC if first.kind is not Kind.UNKNOWN else UNKNOWN
        if name in ("int", "float", "bool", "abs", "pow", "divmod", "round"):
            if name == "bool":
                self._condition(node.args[0], first, frame, "bool", False) if node.args else None
            out = combine(args) if args else STATIC
            if out.kind is Kind.TENSOR:
                out = DATA
            if out.is_container:
                out = UNKNOWN
            if name == "float":
                return replace(out, is_float=out.kind in (Kind.DIM, Kind.DATA))
            if name in ("int", "round", "bool"):
                return replace(out, is_float=False)
            return out
        if name in ("min", "max", "sum"):
            if len(args) == 1 and first.is_container:
                return combine([element_of(first)])
            return combine(args)
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
            return DIM if first.kind is Kind.TENSOR and first.dynamic else STATIC
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
            return sequence(tensor(any(a.dynamic for a in args)), source=short)
        if qualname == "torch.where" and len(node.args) == 1 and not node.keywords:
            # torch.where(cond): the indices of the true elements, one tensor per dimension.
            return sequence(Value(Kind.TENSOR, dynamic=True, data_shape=True), source="where")
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
        inputs = [*args, *kwargs.values()]
        dynamic = any(
            (v.kind is Kind.TENSOR and v.dynamic)
            or v.kind in (Kind.DIM, Kind.DATA, Kind.UNKNOWN)
            or (v.is_container and element_of(v).kind in (Kind.DIM, Kind.DATA, Kind.UNKNOWN))
            or (v.is_container and element_of(v).dynamic)
            for v in inputs
        )
        data_shape = short in DATA_SHAPED_METHODS or any(v.data_shape for v in inputs)
        return Value(Kind.TENSOR, dynamic=dynamic, data_shape=data_shape, origin=node)

    def _follow_branches(self, node: ast.Call, frame: Frame) -> None:
        """Analyse the functions given to torch.cond / while_loop / scan with tensor operands."""
        for arg in node.args:
            callee = self._cache.get(id(arg))
            if callee is None or callee.func is None:
                continue
            fn = callee.func
            count = len(fn.args.args) + len(fn.args.posonlyargs)
            is_bound = (
                callee.owner and not isinstance(fn, ast.Lambda) and fn.name not in frame.nested
            )
            if is_bound and not _is_static_method(fn) and count:
                count -= 1
                self_value: Value | None = Value(
                    Kind.STATIC, is_self=True, owner=callee.owner, home=callee.home
                )
            else:
                self_value = None
            operands = [Value(Kind.TENSOR, dynamic=True)] * count
            closure = frame if (isinstance(fn, ast.Lambda) or fn.name in frame.nested) else None
            self.call_function(
                fn, callee.owner, self_value, operands, {}, closure=closure, home=callee.home
            )


# --------------------------------------------------------------------- helpers

# True while torch.export traces (torch.jit.is_tracing() is not: it is False under export).
_EXPORTING_CALLS = frozenset(
    {
        "torch.compiler.is_exporting", "torch.compiler.is_compiling",
        "torch.compiler.is_dynamo_compiling", "torch._dynamo.is_compiling",
        "torch._dynamo.external_utils.is_compiling", "torch._utils.is_compiling",
    }
)  # fmt: skip
# Library wrappers of those (transformers.utils.is_torchdynamo_compiling and the like).
_EXPORTING_HELPERS = frozenset({"is_torchdynamo_compiling", "is_torchdynamo_exporting"})

_LOOP_FUNCTIONS = frozenset({"while_loop", "scan", "map", "associative_scan", "simple_loop_for"})

_ITERATING_BUILTINS = frozenset(
    {"max", "min", "sum", "any", "all", "list", "tuple", "sorted", "set"}
)


def _forget_facts(frame: Frame, name: str) -> None:
    if frame.facts:
        for key in [k for k in frame.facts if k == name or k.startswith(name + ".")]:
            del frame.facts[key]


def _is_static_method(fn: AnyFunction) -> bool:
    if isinstance(fn, ast.Lambda):
        return True
    return any(dotted(d) == "staticmethod" for d in fn.decorator_list)


def _assigned_names(fn: AnyFunction) -> frozenset[str]:
    names: set[str] = set()
    for node in _walk_function(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node is not fn:
            names.add(node.name)
    return frozenset(names)


def _walk_function(fn: AnyFunction) -> Iterator[ast.AST]:
    return walk_local(ast.iter_child_nodes(fn))


def _is_training(node: ast.expr) -> bool:
    return dotted(node) == "self.training"


def _training_test(test: ast.expr) -> bool | None:
    """True: the body runs only in training; False: the else runs only in training."""
    if _is_training(test):
        return True
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return True if any(_is_training(v) for v in test.values) else None
    if (
        isinstance(test, ast.UnaryOp)
        and isinstance(test.op, ast.Not)
        and _is_training(test.operand)
    ):
        return False
    return None


_SEQUENCE_TYPES = frozenset({"list", "tuple", "List", "Tuple", "Sequence", "abc.Sequence"})


def _narrow(test: ast.expr, frame: Frame) -> None:
    """What `isinstance(name, ...)` proves about `name` where the test is true."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        for part in test.values:
            _narrow(part, frame)
        return
    if not (
        isinstance(test, ast.Call)
        and dotted(test.func) == "isinstance"
        and len(test.args) == 2
        and isinstance(test.args[0], ast.Name)
    ):
        return
    kinds = test.args[1]
    names = [dotted(e) or "" for e in (kinds.elts if isinstance(kinds, ast.Tuple) else [kinds])]
    name = test.args[0].id
    if names and all(n.rsplit(".", 1)[-1] in _SEQUENCE_TYPES for n in names):
        frame.env[name] = sequence(UNKNOWN)
    elif names and all(n.endswith("Tensor") for n in names):
        frame.env[name] = Value(Kind.TENSOR, dynamic=True)


def _is_str(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _guard_only(stmt: ast.If) -> bool:
    """The `if` body only raises, warns or logs: a check, not a branch of the computation."""
    if not stmt.body:
        return False
    if isinstance(stmt.body[-1], ast.Raise):
        return True
    if stmt.orelse:
        return False
    return all(_is_log_statement(s) for s in stmt.body)


def _is_log_statement(stmt: ast.stmt) -> bool:
    if isinstance(stmt, (ast.Pass, ast.Raise)):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        name = dotted(stmt.value.func) or ""
        return name.rsplit(".", 1)[-1] in LOGGING_CALLS
    return False
