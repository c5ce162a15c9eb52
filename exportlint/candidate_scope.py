"""What a candidate fix can change: the module's top-level statements that depend on it.

A candidate check compares the diagnostics of a document before and after a fix. Linting the
whole document for each check made JSON output of a 4,000-line model file cost 15 times its
lint. A fix edits code inside one or a few top-level statements (a class, a function); only
the entry points whose traced code can reach those statements can report differently. The
traced call graph follows names: a method calls a module-level function by its name, a model
builds its layers by their class names, a subclass names its base, a table (`ACT2FN = {...}`)
names the classes it holds. So the statements that depend on an edited one, directly or
through others, are found from the names each top-level statement binds and reads; the entry
points outside them are analysed the same way before and after the fix, and give the same
diagnostics.

Edits that can change more than that get no scope (the whole document is checked): an edit
outside every top-level statement or at the start of one (a new import, a new helper function
put between statements: a new module-level name can change how every statement reads).
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from exportlint.diagnostics import Edit

# Line breaks as ast counts them (and `exportlint.fixer.apply_edits`).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class _Statement:
    first: int  # first line, decorators included
    last: int
    column: int  # 1-based column of its first line's code
    binds: frozenset[str]
    reads: frozenset[str]


class Scopes:
    """The dependencies between one module's top-level statements (built once per document)."""

    def __init__(self, tree: ast.Module) -> None:
        self._statements = [_statement(stmt) for stmt in tree.body]
        self._firsts = [s.first for s in self._statements]
        self._definitions = {
            index
            for index, stmt in enumerate(tree.body)
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        }
        binders: dict[str, list[int]] = {}
        for index, stmt in enumerate(self._statements):
            for name in stmt.binds:
                binders.setdefault(name, []).append(index)
        # readers[i]: the statements that read a name statement i binds; needs[i]: those that
        # bind a name statement i reads.
        self._readers: list[set[int]] = [set() for _ in self._statements]
        self._needs: list[set[int]] = [set() for _ in self._statements]
        self._reading: dict[str, list[int]] = {}
        for index, stmt in enumerate(self._statements):
            for name in stmt.reads:
                self._reading.setdefault(name, []).append(index)
                for binder in binders.get(name, ()):
                    if binder != index:
                        self._readers[binder].add(index)
                        self._needs[index].add(binder)

    def names(self, edits: Sequence[Edit], line: int) -> frozenset[str] | None:
        """The top-level names (classes, functions) whose entry points can report differently
        after `edits`, or about the hazard at `line`; None when the whole document must be
        checked."""
        seeds: set[int] = set()
        added: set[str] = set()
        for edit in edits:
            index = self._holding(edit)
            if index is not None:
                seeds.add(index)
                continue
            binds = _inserted(edit)
            if binds is None:
                return None
            # New module-level names (an import a rewrite needs): what reads them can change,
            # and a new class or function is linted after the fix.
            added |= binds
            for name in binds:
                seeds.update(self._reading.get(name, ()))
        hazard = self._at(line)
        if hazard is None:
            return None
        seeds.add(hazard)
        reached = _closure(seeds, self._readers)
        if self._definitions <= reached:
            return None  # every class and function: the same lint, shared by all checks
        return frozenset(
            {name for index in reached for name in self._statements[index].binds} | added
        )

    def reduced(self, text: str, names: frozenset[str]) -> tuple[str, int]:
        """`text` with the classes and functions that the entry points of `names` cannot read
        made blank lines (positions stay), and how many lines were blanked: the lint of a
        check then parses and reads only what the fix can change and what that needs. Other
        module-level statements stay (example inputs, export calls, constants)."""
        wanted = {i for i, s in enumerate(self._statements) if s.binds & names}
        kept = _closure(wanted, self._needs)
        blank = [self._statements[i] for i in sorted(self._definitions - kept)]
        if not blank:
            return text, 0
        starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
        pieces: list[str] = []
        done = blanked = 0
        for stmt in blank:
            if stmt.last >= len(starts):
                break  # the last statement, without a line break after it: kept
            start, end = starts[stmt.first - 1], starts[stmt.last]
            pieces.append(text[done:start])
            pieces.append("\n" * (stmt.last - stmt.first + 1))
            blanked += stmt.last - stmt.first + 1
            done = end
        pieces.append(text[done:])
        return "".join(pieces), blanked

    def _at(self, line: int) -> int | None:
        index = bisect.bisect_right(self._firsts, line) - 1
        if index >= 0 and line <= self._statements[index].last:
            return index
        return None

    def _holding(self, edit: Edit) -> int | None:
        """The statement that holds `edit` strictly after its start (an edit at its very start
        may put a new statement before it)."""
        index = self._at(edit.line)
        if index is None:
            return None
        stmt = self._statements[index]
        if (edit.line, edit.column) <= (stmt.first, stmt.column) or edit.end_line > stmt.last:
            return None
        return index


def _inserted(edit: Edit) -> set[str] | None:
    """The names bound by whole module-level statements that `edit` inserts at a line's start
    (None: it is not that)."""
    if (edit.line, edit.column) != (edit.end_line, edit.end_column) or edit.column != 1:
        return None
    try:
        tree = ast.parse(edit.content)
    except (SyntaxError, ValueError):
        return None
    return {name for stmt in tree.body for name in _statement(stmt).binds}


def _closure(seeds: Iterable[int], readers: list[set[int]]) -> set[int]:
    reached = set(seeds)
    todo = list(reached)
    while todo:
        for reader in readers[todo.pop()]:
            if reader not in reached:
                reached.add(reader)
                todo.append(reader)
    return reached


def _statement(stmt: ast.stmt) -> _Statement:
    decorators: list[ast.expr] = getattr(stmt, "decorator_list", [])
    first = min([stmt.lineno, *(d.lineno for d in decorators)])
    column = stmt.col_offset + 1 if first == stmt.lineno else decorators[0].col_offset
    binds: set[str] = set()
    reads: set[str] = set()
    definition = isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        binds.add(stmt.name)
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Store):
                reads.add(node.id)
            elif not definition:
                # A module-level assignment, loop or `with` (a local of a function defined
                # under a module-level `if` counts too: that only widens the scope).
                binds.add(node.id)
        elif isinstance(node, ast.Global):
            binds.update(node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and not definition:
            for alias in node.names:
                binds.add((alias.asname or alias.name).split(".")[0])
        elif not definition and isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        ):
            binds.add(node.name)  # defined under a module-level `if`/`try`
    return _Statement(first, stmt.end_lineno or stmt.lineno, column, frozenset(binds),
                      frozenset(reads))  # fmt: skip
