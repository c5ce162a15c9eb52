"""One report per hazard, not per consequence: reports that only follow from a reported
conversion are left out.

`t.tolist()`, `t.cpu().numpy()`, `int(t.item())`, `float(t)` are reported as errors where
they are (EXL202, EXL201): export fails there. What they return is a plain Python value in
eager, so a later `if hyp[i] != blank:`, `pos % w` or `int(hyp[0])` computed only from it is
no second hazard: fixing the conversion fixes it, and reporting it again sends the reader to
a line that is not the one to change. The interpreter keeps, on each data value, the
conversion calls it was read out by (`Value.roots`, empty when any part of it has another
origin). A report whose data values all come from conversions reported elsewhere is left
out; one with any other data, a tensor or a dynamic size among the values it is about is an
independent hazard and stays.

The same report may be made several times (a helper called from two places, a loop's body
interpreted twice): it is left out only when every one of them was such a consequence.
"""

from __future__ import annotations

import ast
from collections.abc import Container, Mapping

from exportlint.analysis import events
from exportlint.analysis.kinds import Kind, Value

# The rules that report a conversion of tensor data to Python (errors: export fails there).
CONVERSION_CODES = frozenset({"EXL201", "EXL202"})

# A report's key in its sink: (code, line, column, end line, end column).
Key = tuple[str, int, int, int, int]
# What a report follows from: the conversion nodes of its data (None: an independent hazard).
Roots = frozenset[ast.AST] | None


def event_values(event: object) -> tuple[Value | None, ...] | None:
    """The values an event's report is about (None: reports on it are never consequences)."""
    if isinstance(event, events.Condition):
        return (event.value,)
    if isinstance(event, events.Arithmetic):
        # The tensor operand is not the hazard (`pos % w`: the size `w` is); one of the two
        # operands is always a tensor or a repeated list.
        return tuple(v for v in (event.left, event.right) if v.kind is not Kind.TENSOR)
    if isinstance(event, events.Index):
        return (event.index,)  # `self.experts[i]`: Python reads `i` as an int
    if isinstance(event, events.Call):
        receiver = event.receiver
        kept = () if receiver is None or receiver.kind is Kind.TENSOR else (receiver,)
        return (*kept, *event.args, *event.kwargs.values())
    # Loops (a loop over a reported `.tolist()` has a rewrite of its own), attributes and
    # mutations are about tensors.
    return None


def roots_of(values: tuple[Value | None, ...] | None) -> Roots:
    """The conversions all the data in `values` comes from, or None when there is no such
    data, or data of another origin, a tensor or a dynamic size among them."""
    if values is None:
        return None
    roots: frozenset[ast.AST] = frozenset()
    found = False
    stack = [v for v in values if v is not None]
    while stack:
        value = stack.pop()
        if value.elts is not None:
            stack.extend(value.elts)
            continue
        if value.elem is not None:
            stack.append(value.elem)
            continue
        if value.kind in (Kind.TENSOR, Kind.DIM):
            return None
        if value.kind is Kind.DATA:
            if not value.roots:
                return None
            roots |= value.roots
            found = True
    return roots if found else None


def merged(a: Roots, b: Roots) -> Roots:
    """One report made twice: a consequence only when both were."""
    return None if a is None or b is None else a | b


class Conversions:
    """The conversion reports of one lint run, across the modules it reports in: each node
    inside a reported conversion call -> the reports that cover it (sink, key)."""

    def __init__(self) -> None:
        self.covering: dict[int, list[tuple[int, Key]]] = {}
        # The reported nodes are kept alive with the map (ids are its keys).
        self._nodes: list[ast.AST] = []

    def add(self, node: ast.AST, sink: object, key: Key) -> None:
        self._nodes.append(node)
        for inner in ast.walk(node):
            self.covering.setdefault(id(inner), []).append((id(sink), key))

    def covers(
        self, roots: frozenset[ast.AST], me: tuple[int, Key], kept: Mapping[int, Container[Key]]
    ) -> bool:
        """Whether every root lies in a conversion another report kept reports (one that
        replaced a nested report covers its nodes too)."""
        return all(
            any(
                cover != me and cover[1] in kept.get(cover[0], ())
                for cover in self.covering.get(id(root), ())
            )
            for root in roots
        )

    def consequences(
        self, sink: object, roots: dict[Key, Roots], kept: Mapping[int, Container[Key]]
    ) -> list[Key]:
        """The reports of `sink` (key -> roots) that only follow from reported conversions;
        `kept`: the reports of every sink of the run (id of the sink -> keys)."""
        if not self.covering:
            return []
        return [
            key
            for key, found in roots.items()
            if found and key in kept.get(id(sink), ()) and self.covers(found, (id(sink), key), kept)
        ]
