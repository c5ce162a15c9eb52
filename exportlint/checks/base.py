"""The rule interface: a rule receives interpreter events and reports diagnostics."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Protocol

from exportlint.analysis import events
from exportlint.analysis.kinds import Kind, Value
from exportlint.checks.interests import EVERY_CALL, Calls
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import FixContext

if TYPE_CHECKING:
    from exportlint.analysis.export_calls import ExportSite


class Reporter(Protocol):
    """Report a finding at `node` (in statement `stmt`). A hazard may come with several
    candidate fixes: `fix` is the best, `alternatives` the others in order of preference
    (static analysis ranks them; `--fix --verify` lets a run decide between them)."""

    def __call__(
        self,
        node: ast.AST,
        message: str,
        stmt: ast.stmt,
        help: str = "",
        fix: Fix | None = None,
        alternatives: tuple[Fix, ...] = (),
    ) -> None: ...


def candidates(fixes: list[Fix]) -> tuple[Fix | None, tuple[Fix, ...]]:
    """Split ranked candidates into (`fix`, `alternatives`) for a Reporter call: the
    applicable ones first in their order, display-only hints only when nothing applies."""
    from exportlint.diagnostics import Applicability

    real = [f for f in fixes if f.edits and f.applicability is not Applicability.DISPLAY_ONLY]
    if not real:
        return (fixes[0] if fixes else None), ()
    return real[0], tuple(real[1:])


class Rule:
    """One hazard. Subclasses set the metadata and implement the hooks they need.

    `VALID` and `INVALID` are small `forward` bodies (arguments `self, x, y`) that must stay
    silent / must be reported; tests run them, so every rule carries its own examples as data.
    `FIXES` pairs an invalid body with the body `--fix --unsafe-fixes` must turn it into.

    `calls` declares the calls the `call` hook is sent (`exportlint.checks.interests`): the
    engine sends it no other. The default is every call.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    VALID: ClassVar[tuple[str, ...]] = ()
    INVALID: ClassVar[tuple[str, ...]] = ()
    FIXES: ClassVar[tuple[tuple[str, str], ...]] = ()
    calls: ClassVar[Calls] = EVERY_CALL

    def __init__(self, report: Reporter, ctx: FixContext) -> None:
        self.report = report
        # The document: rules that offer fixes compute their edits against it.
        self.ctx = ctx

    def export_sites(self, sites: Sequence[ExportSite]) -> None:
        """The file's exports as written (call sites, example inputs, dynamic_shapes), once
        per file, whether or not it has traced code."""

    def finish(self) -> None:
        """Every entry point of the linted file has been interpreted (called once per file,
        on the linted file's rules only)."""

    def condition(self, event: events.Condition) -> None:
        """A value converted to bool."""

    def call(self, event: events.Call) -> None:
        """A call, with the values of its arguments (only the calls `calls` declares)."""

    def attribute(self, event: events.Attribute) -> None:
        """An attribute read on a tensor."""

    def iteration(self, event: events.Iteration) -> None:
        """A `for` loop or comprehension."""

    def mutation(self, event: events.Mutation) -> None:
        """An in-place change of a tensor that aliases a forward argument."""

    def index(self, event: events.Index) -> None:
        """A Python list, tuple or ModuleList indexed with a tensor or data value."""

    def arithmetic(self, event: events.Arithmetic) -> None:
        """A binary operation mixing a tensor with a Python size or data value."""


def source(node: ast.AST, limit: int = 60) -> str:
    """The expression as the user wrote it (normalised), shortened for messages."""
    try:
        text = ast.unparse(node)
    except Exception:  # pragma: no cover
        return "expression"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def kind_phrase(value: Value) -> str:
    """`a tensor`, `data-dependent (from `x.item()`)`, ..."""
    words = {
        Kind.TENSOR: "a tensor",
        Kind.DATA: "a data-dependent value",
        Kind.DIM: "a dynamic size",
        Kind.STATIC: "a static value",
        Kind.UNKNOWN: "unknown",
    }[value.kind]
    if value.origin and value.kind in (Kind.DATA, Kind.DIM):
        text = value.origin_text
        origin = text if len(text) <= 40 else text[:39] + "…"
        return f"{words} (from `{origin}`)"
    return words


def is_dynamic_tensor(value: Value) -> bool:
    """A tensor whose shape depends on the inputs (and that is certainly a tensor)."""
    return value.kind is Kind.TENSOR and value.dynamic and not value.optional


def is_data_or_tensor(value: Value) -> bool:
    return value.kind in (Kind.TENSOR, Kind.DATA)


def is_dim(value: Value) -> bool:
    return value.kind is Kind.DIM and not value.is_container
