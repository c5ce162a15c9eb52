"""The state the interpreter's parts share (see `infer.py` for where each part is).

The parts are mixins over this base; the methods one part calls in another are declared here
for the type checker only, so that each part type-checks on its own.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING

from exportlint.analysis.frame import AnyFunction, EventSink, Frame
from exportlint.analysis.kinds import UNKNOWN, Value
from exportlint.analysis.project import Project
from exportlint.analysis.summaries import Summaries
from exportlint.analysis.surface import FunctionNode, ModuleInfo


class InterpreterBase:
    """What every part of the interpreter reads and writes; entry points are in `infer.py`."""

    def __init__(
        self,
        info: ModuleInfo,
        sink: EventSink,
        project: Project | None = None,
        sink_for: Callable[[ModuleInfo], EventSink] | None = None,
        summaries: Summaries | None = None,
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
        self._idents = 0  # the last tensor ident given (see `Value.ident`)
        self._loops = 0  # `for` loops being interpreted around the current statement
        # Instances of the project's plain (non-Module) classes built in traced code: the
        # class and attributes `__init__` being interpreted assigns, innermost last, and
        # the instance each constructor call made (see `Value.source` INSTANCE).
        self._constructing: list[tuple[str, dict[str, Value]]] = []
        self._instances: dict[object, Value] = {}
        # Calls into other modules summarised across the files of a run (summaries.py).
        self._summaries = summaries

    def close(self) -> None:
        """Forget the sinks and values (see engine: no reference cycles outlive a file)."""
        self._sink_for = None
        self._cache.clear()
        self._memo.clear()
        self._instances.clear()

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

    def value_of(self, node: ast.AST) -> Value | None:
        """The value inferred for an expression already evaluated (for fixes)."""
        return self._cache.get(id(node))

    def _new_ident(self) -> int:
        self._idents += 1
        return self._idents

    def _peek(self, node: ast.expr, frame: Frame) -> Value:
        """The value of a sub-expression already evaluated (no events are emitted twice)."""
        return self._cache.get(id(node)) or UNKNOWN

    if TYPE_CHECKING:
        # Defined by the parts (mixins); declared for the type checker only.

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
        ) -> Value: ...

        def _assigned(self, fn: AnyFunction) -> frozenset[str]: ...

        def exec_block(self, body: list[ast.stmt], frame: Frame) -> bool: ...

        def assign(
            self,
            target: ast.expr,
            value: Value,
            frame: Frame,
            source: ast.expr | None = None,
            augmented: bool = False,
        ) -> None: ...

        def _condition(
            self, node: ast.expr, value: Value, frame: Frame, context: str, guard_only: bool
        ) -> None: ...

        def _exporting_test(self, test: ast.expr, frame: Frame) -> bool | None: ...

        def _iterated(self, node: ast.expr, value: Value) -> None: ...

        def _eval_test(self, node: ast.expr, frame: Frame) -> Value: ...

        def eval(self, node: ast.expr, frame: Frame, loop_iterable: bool = False) -> Value: ...

        def _imported(self, qualname: str) -> Value: ...

        def _shape_of(self, base: Value) -> Value: ...

        def _rounded_narrow(self, node: ast.Call, args: list[Value]) -> None: ...

        def _self_attribute(self, receiver: Value, attr: str) -> Value: ...

        def _home(self, value: Value) -> ModuleInfo: ...

        def _find_method(
            self, home: ModuleInfo, owner: str, method: str, depth: int = 0
        ) -> tuple[ModuleInfo, str, FunctionNode] | None: ...

        def _decided(self, node: ast.Compare, frame: Frame) -> bool: ...

        def _call(self, node: ast.Call, frame: Frame, loop_iterable: bool) -> Value: ...

        def _record_fact(self, node: ast.Call, qualname: str, frame: Frame) -> None: ...

        def _call_value(
            self, callee: Value, args: list[Value], kwargs: dict[str, Value], frame: Frame
        ) -> Value: ...

        def _super_method(
            self, owner: str, method: str
        ) -> tuple[ModuleInfo, str, FunctionNode] | None: ...

        def _tensor_method(
            self,
            node: ast.Call,
            receiver: Value,
            method: str,
            args: list[Value],
            kwargs: dict[str, Value],
        ) -> Value: ...

        def _call_qualified(
            self,
            node: ast.Call,
            qualname: str,
            args: list[Value],
            kwargs: dict[str, Value],
            frame: Frame,
        ) -> Value: ...

        def _follow_branches(self, node: ast.Call, frame: Frame) -> None: ...
