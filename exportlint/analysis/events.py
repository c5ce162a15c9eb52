"""What the interpreter tells the rules: one event per construct a rule may care about.

Rules never walk the tree and never derive kinds: they receive these events, with the values
already inferred, and decide whether they are hazards.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field

from exportlint.analysis.kinds import Value


@dataclass(frozen=True)
class Condition:
    """A value Python converts to bool: an `if`/`while`/ternary test, `assert`, `bool()`, ..."""

    node: ast.expr
    value: Value
    context: str  # "if", "elif", "while", "ternary", "assert", "bool", "and", "or", "not", ...
    # The branch only raises or logs: export turns it into a check, not a specialisation.
    guard_only: bool
    stmt: ast.stmt
    # What codemods need to rewrite the statement: the values of the names in scope at the
    # test (read synchronously, while the event is handled) and the function holding it.
    env: Mapping[str, Value] = field(default_factory=dict, compare=False)
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None = field(
        default=None, compare=False
    )


@dataclass(frozen=True)
class Call:
    node: ast.Call
    qualname: str | None  # "torch.nn.functional.pad", "builtins.int", "math.sqrt", ...
    receiver: Value | None  # for method calls on a value: the value
    method: str | None
    args: tuple[Value, ...]
    kwargs: Mapping[str, Value]
    stmt: ast.stmt
    # The call is the iterable of a `for` loop or comprehension (range(n) there is EXL401's).
    is_loop_iterable: bool = False
    # The call is the argument of `range()` that is a loop iterable (len(x) there is EXL401's).
    in_loop_range: bool = False
    # What is called, for a plain name (a function of the file: custom_op definitions).
    callee: Value | None = field(default=None, compare=False)
    # A call the analysis infers rather than reads: the custom operator a class decorator's
    # dispatch reaches (`node` is then the call of the decorated submodule). Says how, and
    # where the operator is called ("`@use_experts_implementation` → moe.py:383").
    through: str = ""
    # The function holding the call (rules that look at how its result is used).
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None = field(
        default=None, compare=False
    )


@dataclass(frozen=True)
class Arithmetic:
    """A binary operation whose operands mix a tensor with a Python size or data value
    (`t % x.shape[-1]`, `n % t`), or a negated size floor-divided (`-(-n // k)`)."""

    node: ast.BinOp
    left: Value
    right: Value
    stmt: ast.stmt


@dataclass(frozen=True)
class Attribute:
    node: ast.Attribute
    base: Value
    stmt: ast.stmt


@dataclass(frozen=True)
class Iteration:
    """A `for` loop or a comprehension iterating over `value`."""

    node: ast.expr  # the iterable expression
    value: Value
    stmt: ast.stmt
    # For codemods (read synchronously): names in scope at the loop, and its function.
    env: Mapping[str, Value] = field(default_factory=dict, compare=False)
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None = field(
        default=None, compare=False
    )


@dataclass(frozen=True)
class Index:
    """A Python list, tuple or ModuleList indexed with a tensor or a data value
    (`self.experts[idx]`): Python converts the index to an int (an implicit `.item()`)."""

    node: ast.Subscript
    container: Value
    index: Value
    stmt: ast.stmt


@dataclass(frozen=True)
class Mutation:
    """An in-place change of `target`: `x.add_()`, `x[i] = v`, `x += v`."""

    node: ast.AST
    target: Value
    target_node: ast.expr
    how: str  # "method", "setitem", "augassign"
    stmt: ast.stmt
