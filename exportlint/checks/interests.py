"""Which call events a rule's `call` hook is sent: the rule declares it, the engine routes.

The interpreter emits one `Call` event per call it interprets (about 200 per transformers
modeling file), and most rules care about a handful of callees. Each rule declares the calls
it reacts to in `Rule.calls` (a `Calls`); the engine sends an event only to the rules whose
declaration covers it, by a table from the event's key (`call_key`) to the hooks, built once
per key and rule set (`CallRoutes`). A rule that declares nothing gets every call: the
default is the catch-all, so a new rule is never silently deaf.

A declaration must cover every call the hook can act on (report, or remember for later):
the hook still checks the details itself; the declaration only spares it the calls it would
return from at once.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

from exportlint.analysis import events

# What routes a call: its qualified name ("torch.nn.functional.pad"); for a method call on a
# value (no qualified name), (method, on `self`); None for a call of another expression
# (a function of the file, a class, `self.layers[i]`, `nn.LSTM(8, 16)`).
CallKey = str | tuple[str, bool] | None


@dataclass(frozen=True)
class Calls:
    """The calls a rule's `call` hook is sent."""

    # Qualified names, exactly ("builtins.len", "torch.linspace").
    names: frozenset[str] = frozenset()
    # Qualified-name prefixes ("math.", "numpy.", "torch.ops.").
    prefixes: tuple[str, ...] = ()
    # Method calls on a value, by method name, whatever the receiver (`t.tolist()`).
    methods: frozenset[str] = frozenset()
    # Every method call on `self` (`self.proj(x)`: a submodule or a method; the receiver is
    # the instance, or the call is written `self.<name>(...)`).
    self_methods: bool = False
    # Every call of an expression with no qualified name and no method (a function or class
    # of the project, `self.layers[i](x)`, `nn.LSTM(8, 16)(x)`).
    values: bool = False
    # Every call (the catch-all).
    every: bool = False

    def wants(self, key: CallKey) -> bool:
        if self.every:
            return True
        if key is None:
            return self.values
        if isinstance(key, str):
            return key in self.names or key.startswith(self.prefixes)
        method, on_self = key
        return method in self.methods or (on_self and self.self_methods)

    def __or__(self, other: Calls) -> Calls:
        """The calls either declaration covers."""
        return Calls(
            names=self.names | other.names,
            prefixes=(*self.prefixes, *other.prefixes),
            methods=self.methods | other.methods,
            self_methods=self.self_methods or other.self_methods,
            values=self.values or other.values,
            every=self.every or other.every,
        )


EVERY_CALL = Calls(every=True)


def call_key(event: events.Call) -> CallKey:
    """What decides which rules `event` is sent to."""
    if event.qualname is not None:
        return event.qualname
    method = event.method
    if method is None:
        return None
    receiver = event.receiver
    func = event.node.func
    on_self = (receiver is not None and receiver.is_self) or (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "self"
    )
    return (method, on_self)


class CallRoutes:
    """For one rule set (the declarations of its `call` hooks, in rule order): the positions
    of the hooks each key is sent to, in rule order (rules see an event in the order they
    always did). Filled as keys are met; shared by every sink of the rule set."""

    def __init__(self, interests: Sequence[Calls]) -> None:
        self.interests = tuple(interests)
        self.routes: dict[CallKey, tuple[int, ...]] = {}

    def route(self, event: events.Call) -> tuple[int, ...]:
        key = call_key(event)
        found = self.routes.get(key)
        if found is None:
            found = self.routes[key] = tuple(
                at for at, interest in enumerate(self.interests) if interest.wants(key)
            )
        return found


# Rule set (the declarations of its call hooks) -> its routes. A run meets one or a few rule
# sets (per-file ignores); an editor's server may make many: bounded.
_ROUTES: dict[tuple[Calls, ...], CallRoutes] = {}


def call_routes(interests: Sequence[Calls]) -> CallRoutes:
    key = tuple(interests)
    found = _ROUTES.get(key)
    if found is None:
        if len(_ROUTES) >= 64:
            _ROUTES.clear()
        found = _ROUTES[key] = CallRoutes(key)
    return found
