"""The state of a function being interpreted (`Frame`) and where events go (`EventSink`)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Protocol

from exportlint.analysis import events
from exportlint.analysis.kinds import Value

AnyFunction = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


class EventSink(Protocol):
    def condition(self, event: events.Condition) -> None: ...
    def call(self, event: events.Call) -> None: ...
    def attribute(self, event: events.Attribute) -> None: ...
    def iteration(self, event: events.Iteration) -> None: ...
    def mutation(self, event: events.Mutation) -> None: ...
    def index(self, event: events.Index) -> None: ...
    def arithmetic(self, event: events.Arithmetic) -> None: ...


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
