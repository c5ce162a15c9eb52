"""Statements and joins: assignments, if/for/while/try/match, and the join of the states of
branches that fall through (`_merge`)."""

from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.analysis.conditions import (
    enumerates_sizes,
    forget_facts,
    narrow,
    training_test,
)
from exportlint.analysis.expressions import is_str
from exportlint.analysis.frame import Frame
from exportlint.analysis.imports import dotted
from exportlint.analysis.interpreter_base import InterpreterBase
from exportlint.analysis.kinds import (
    INSTANCE,
    NONE,
    STATIC,
    UNKNOWN,
    Kind,
    Value,
    combine,
    element_of,
    join,
    sequence,
)
from exportlint.analysis.kinds import copy_with as replace  # dataclasses.replace, cheaper
from exportlint.analysis.shapes import know_rank, mark_first_axis
from exportlint.analysis.tables import LOGGING_CALLS


class StatementsMixin(InterpreterBase):
    """Runs statements in a `Frame`, joining the states of branches and loop passes."""

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
        # Each name's values joined in the order of the branches (`join(x, x)` is `x`: a
        # name no branch changed is not joined at all).
        merged = dict(live[0].env)
        for b in live[1:]:
            for name, value in b.env.items():
                if name not in merged:
                    merged[name] = value
                else:
                    old = merged[name]
                    if old is not value:
                        merged[name] = join(old, value)
        frame.env = merged
        if live[0].facts:
            common = set(live[0].facts.items())
            for b in live[1:]:
                common &= set(b.facts.items())
            frame.facts = dict(common)
        else:
            frame.facts = {}
        for b in live:
            frame.nested.update(b.nested)

    def _if(self, stmt: ast.If, frame: Frame, context: str, enumerated: bool | None = None) -> bool:
        # `if n == 2: ... elif n == 4: ... else: raise`: the code accepts only the sizes it
        # lists, a format (coordinates, channels), not a length: static by design.
        if enumerated is None:
            enumerated = enumerates_sizes(stmt)
        # `if torch.compiler.is_exporting():` decides which branch export traces, and Python
        # short-circuits the rest of the test: neither the test nor the other branch is traced.
        exporting = self._exporting_test(stmt.test, frame)
        if exporting is None:
            test = self._eval_test(stmt.test, frame)
            if enumerated and test.kind is Kind.DIM:
                test = STATIC
            self._condition(stmt.test, test, frame, context, guard_only=_guard_only(stmt))
        # Models are exported in eval mode: code that only runs in training is not traced.
        training = training_test(stmt.test) if exporting is None else not exporting
        then = frame.fork()
        narrow(stmt.test, then)
        then_falls = False if training is True else self.exec_block(stmt.body, then)
        other = frame.fork()
        if training is False:
            other_falls = False
        elif len(stmt.orelse) == 1 and isinstance(stmt.orelse[0], ast.If):
            self._stmt = stmt.orelse[0]
            other_falls = self._if(stmt.orelse[0], other, "elif", enumerated)
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
        self._loops += 1
        try:
            for _ in range(LOOP_PASSES):
                self._stmt = stmt
                self.assign(stmt.target, element, body)
                self.exec_block(stmt.body, body)
                outcomes.append((True, body.fork()))
                body = body.fork()
        finally:
            self._loops -= 1
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

    def _tensor_slice_bounds(self, target: ast.Subscript, base: Value) -> None:
        """`mask[start:end, start:end] = 0` with 0-d tensor bounds: the write needs the
        bounds as ints, and export cannot guard on data-dependent ones (measured on 2.13:
        GuardOnDataDependentSymNode; a slice read with the same bounds exports, and so does a
        write bounded by `.item()` values, which are unbacked ints already)."""
        parts = target.slice.elts if isinstance(target.slice, ast.Tuple) else [target.slice]
        for part in parts:
            if not isinstance(part, ast.Slice):
                continue
            for bound in (part.lower, part.upper):
                value = self._cache.get(id(bound)) if bound is not None else None
                if (
                    value is not None
                    and value.kind is Kind.TENSOR
                    and not (value.optional or value.assumed or value.is_container)
                ):
                    self.sink.index(events.Index(target, base, value, self._stmt))
                    return

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
                value = value.with_origin(source)
            if value.kind is Kind.TENSOR and not value.ident:
                value = value.with_ident(self._new_ident())  # see `Value.sym`
            frame.env[target.id] = value
            if not augmented:
                forget_facts(frame, target.id)
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            starred = [i for i, t in enumerate(target.elts) if isinstance(t, ast.Starred)]
            if starred:
                self._iterated(source or target, value)  # `a, *rest = t` iterates t
            if value.elts is not None and not starred and len(value.elts) == len(target.elts):
                parts = list(value.elts)
            else:
                element = element_of(value)
                if _plain_static(value):
                    # `left, right = self.paddings` (a tuple of config numbers, read from
                    # __init__ as one static value): unpacking constants gives constants.
                    element = STATIC
                parts = [element] * len(target.elts)
                if value.source == "shape" and not starred and parts:
                    parts[-1] = replace(element, last_axis=element.kind is Kind.DIM)
                    if value.static_last and element.kind is Kind.DIM:
                        parts[-1] = replace(STATIC, exact_int=True, nonneg=True)
                    parts[0] = mark_first_axis(parts[0], value, 0)
                    if value.sym:  # `b, s, d = x.shape`: s is the symbol of x's axis 1
                        parts = [
                            replace(p, sym=f"{value.sym}[{i}]") if p.kind is Kind.DIM else p
                            for i, p in enumerate(parts)
                        ]
                        know_rank(frame.env, source, parts)
            if len(parts) == 2 and _returns_indices(source) and parts[1].kind is Kind.TENSOR:
                if value.kind is Kind.TENSOR and not value.is_container and value.dims:
                    # (values, indices) each have the shape the call's value carries.
                    parts = [replace(value, ident=0), replace(value, ident=0)]
                parts[1] = replace(parts[1], integral=True)  # `values, indices = x.topk(k)`
            for sub, part in zip(target.elts, parts):
                if isinstance(sub, ast.Starred):
                    self.assign(sub.value, sequence(part), frame)
                else:
                    self.assign(sub, part, frame)
            return
        if isinstance(target, ast.Subscript):
            base = self.eval(target.value, frame)
            self.eval(target.slice, frame)
            is_tensor = base.kind is Kind.TENSOR and not is_str(target.slice)
            if is_tensor and base.input_alias and not base.optional:
                self.sink.mutation(
                    events.Mutation(target, base, target.value, "setitem", self._stmt)
                )
            if is_tensor and not self._loops:
                # (In a loop, the bounds are the loop's rows: EXL401 reports the loop.)
                self._tensor_slice_bounds(target, base)
            if isinstance(target.value, ast.Name) and base.is_container and not augmented:
                name = target.value.id
                frame.env[name] = sequence(join(element_of(base), value))
            return
        if isinstance(target, ast.Attribute):
            base = self.eval(target.value, frame)
            building = self._constructing
            if building and base.is_self and base.source == INSTANCE:
                owner, assigned = building[-1]
                if base.owner == owner:
                    assigned[target.attr] = value  # `self.tensor = tensor` in `__init__`
            return
        if isinstance(target, ast.Starred):
            self.assign(target.value, value, frame)


LOOP_PASSES = 2


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


def _plain_static(value: Value) -> bool:
    """A Python constant with no structure known: not a container, callable, module or class."""
    return (
        value.kind is Kind.STATIC
        and not value.is_container
        and not value.is_none
        and value.func is None
        and not value.is_module
        and not value.is_self
        and value.source not in ("class", "super")
    )


_INDEX_RETURNING = frozenset(
    {"topk", "sort", "max", "min", "kthvalue", "median", "mode", "cummax", "cummin"}
)


def _returns_indices(node: ast.expr | None) -> bool:
    """`torch.topk(x, k)` / `x.max(dim=1)`: (values, indices)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = (
        func.attr
        if isinstance(func, ast.Attribute)
        else func.id
        if isinstance(func, ast.Name)
        else ""
    )
    return name in _INDEX_RETURNING and (
        name not in ("max", "min") or bool(node.args[1:] or node.keywords)
    )
