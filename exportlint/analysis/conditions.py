"""Conditions and what they prove: the tests reported as conversions to bool, tests decided
during export (`is_exporting()`, `self.training`), `isinstance` narrowing, and the facts of
`torch._check` (recorded, forgotten on reassignment, and used to decide comparisons)."""

from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.analysis.facts import FLIP, bounds_of, fact_key
from exportlint.analysis.frame import Frame
from exportlint.analysis.imports import dotted, qualified_name
from exportlint.analysis.interpreter_base import InterpreterBase
from exportlint.analysis.kinds import UNKNOWN, Kind, Value, sequence


class ConditionsMixin(InterpreterBase):
    """Reports conditions, decides export-time tests, records `torch._check` facts."""

    def _condition(
        self, node: ast.expr, value: Value, frame: Frame, context: str, guard_only: bool
    ) -> None:
        # `a and b` in a test: every operand is converted to bool, each one on its own.
        if isinstance(node, ast.BoolOp):
            for operand in node.values:
                self._condition(operand, self._peek(operand, frame), frame, context, guard_only)
                if short_circuits_in_eval(node.op, operand):
                    break
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

    def _record_fact(self, node: ast.Call, qualname: str, frame: Frame) -> None:
        if not node.args:
            return
        test = node.args[0]
        if qualname == "torch._check_is_size":
            key = fact_key(test)
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
            key = fact_key(left)
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


def forget_facts(frame: Frame, name: str) -> None:
    if frame.facts:
        for key in [k for k in frame.facts if k == name or k.startswith(name + ".")]:
            del frame.facts[key]


def _is_training(node: ast.expr) -> bool:
    return dotted(node) == "self.training"


def short_circuits_in_eval(op: ast.boolop, operand: ast.expr) -> bool:
    """`self.training and ...` / `not self.training or ...`: in an exported (eval) model Python
    stops at this operand, so the operands after it are never evaluated, hence never traced."""
    if isinstance(op, ast.And):
        return _is_training(operand)
    return (
        isinstance(operand, ast.UnaryOp)
        and isinstance(operand.op, ast.Not)
        and _is_training(operand.operand)
    )


def read_only_in_training(function: ast.AST, name: str) -> bool:
    """Every read of `name` in `function` is in code that runs only in training (behind
    `if self.training`, after `self.training and`): an exported (eval) model never reads it."""
    reads = 0
    stack: list[tuple[ast.AST, bool]] = [(function, False)]
    while stack:
        node, training = stack.pop()
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            if not training:
                return False
            reads += 1
            continue
        if isinstance(node, ast.BoolOp):
            for operand in node.values:
                stack.append((operand, training))
                training = training or short_circuits_in_eval(node.op, operand)
            continue
        if isinstance(node, (ast.If, ast.IfExp)):
            decided = training_test(node.test)
            stack.append((node.test, training))
            body = node.body if isinstance(node.body, list) else [node.body]
            orelse = node.orelse if isinstance(node.orelse, list) else [node.orelse]
            stack.extend((child, training or decided is True) for child in body)
            stack.extend((child, training or decided is False) for child in orelse)
            continue
        stack.extend((child, training) for child in ast.iter_child_nodes(node))
    return reads > 0


def training_test(test: ast.expr) -> bool | None:
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


def narrow(test: ast.expr, frame: Frame) -> None:
    """What `isinstance(name, ...)` proves about `name` where the test is true."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        for part in test.values:
            narrow(part, frame)
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


def enumerates_sizes(stmt: ast.If) -> bool:
    """An if/elif chain of `value == <int>` tests whose final `else` raises: the only values
    accepted are the ones listed (`if reference_points.shape[-1] == 2: ... elif ... == 4:
    ... else: raise ValueError`)."""
    current = stmt
    while True:
        test = current.test
        if not (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq)
            and any(_is_int(side) for side in (test.left, test.comparators[0]))
        ):
            return False
        orelse = current.orelse
        if len(orelse) == 1 and isinstance(orelse[0], ast.If):
            current = orelse[0]
            continue
        return bool(orelse) and isinstance(orelse[-1], ast.Raise)


def _is_int(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int
