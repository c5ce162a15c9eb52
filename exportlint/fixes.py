"""Building fixes: text edits computed from ast node positions.

Edits replace exactly the source range of a node, so everything a fix does not touch — the
user's formatting, comments, blank lines — stays byte for byte. Code that a fix generates is
written the way a person would (black-compatible layout, no gratuitous parentheses).
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Callable, Mapping

from exportlint.analysis.kinds import Value
from exportlint.analysis.walk import child_nodes, walk
from exportlint.diagnostics import Applicability, Edit, Fix

# Expressions that need no parentheses before `.attr`, `[...]` or `**`.
_ATOMS = (ast.Name, ast.Attribute, ast.Subscript, ast.Call, ast.Constant, ast.List, ast.Tuple)


class FixContext:
    """The document a rule's fixes are computed against."""

    def __init__(
        self, lines: list[str], imports: Mapping[str, str], tree: ast.Module | None = None
    ) -> None:
        self.lines = lines
        self.imports = imports
        self.tree = tree
        self._scopes: dict[int, dict[int, ast.AST]] = {}
        self._statements: dict[int, dict[int, ast.AST]] = {}
        # The torch.cond rewrite of an `if` chain, by the id of its top `if` (all its
        # `elif`s share one).
        self.rewrites: dict[int, list[Fix]] = {}
        self._starts: dict[int, list[int]] = {}
        # The inferred value of an expression node (set by the engine to the interpreter's
        # record): fixes that are exact only for ints read it.
        self.value_of: Callable[[ast.AST], Value | None] = lambda node: None
        # Lazy fixes (see `exportlint.codemods.core.codemod_for`): when `defer_fixes` is set,
        # a rule that starts a libcst rewrite is stopped there, and `fix_deferred` says so to
        # the engine, which marks the diagnostic's fix as pending.
        self.defer_fixes = False
        self.fix_deferred = False
        # The FixDeferred raised: the engine drops their tracebacks when the lint is done (a
        # rule keeping the exception in a local makes a frame cycle that pins the whole
        # interpreter stack, which only the cyclic collector could free).
        self.deferred: list[BaseException] = []
        # Candidates (see `exportlint.candidates`): how many applicable ones a rule builds per
        # hazard (None: all), and the check that drops one leaving its hazard or making a new
        # error (set by the engine when fixes are built: rule code, line, column, fix -> why).
        self.candidate_limit: int | None = None
        self.check_candidate: Callable[[str, int, int, Fix], str] | None = None
        self.checked: dict[tuple[int, str, int, int], tuple[Fix, str]] = {}

    def parent(self, node: ast.AST) -> ast.AST | None:
        """The node's parent. Built on first use, and only for the top-level function or
        method holding the node: a map of a whole 4,000-line module costs more than the
        analysis of its traced code."""
        if self.tree is None:
            return None
        line = getattr(node, "lineno", 0) or _inner_line(node)
        scope = self._scope_of(line)
        # First the map of the one statement of the scope's body that holds the line (a
        # 300-line `forward` is mapped a statement at a time, as rules ask); a node it does
        # not hold (a decorator, `a; b` on one line) gets the whole scope's map.
        body: list[ast.stmt] = getattr(scope, "body", [])
        starts = self._starts.get(id(body))
        if starts is None:
            starts = self._starts[id(body)] = [s.lineno for s in body]
        index = bisect.bisect_right(starts, line) - 1
        if index >= 0 and line <= (body[index].end_lineno or body[index].lineno):
            stmt = body[index]
            local = self._statements.get(id(stmt))
            if local is None:
                local = self._statements[id(stmt)] = {id(stmt): scope}
                for outer in walk(stmt):
                    for child in child_nodes(outer):
                        local[id(child)] = outer
            found = local.get(id(node))
            if found is not None:
                return found
        parents = self._scopes.get(id(scope))
        if parents is None:
            parents = self._scopes[id(scope)] = {}
            for outer in walk(scope):
                for child in child_nodes(outer):
                    parents[id(child)] = outer
        return parents.get(id(node))

    def _scope_of(self, line: int) -> ast.AST:
        assert self.tree is not None
        body: list[ast.stmt] = self.tree.body
        for _ in range(2):  # a function, or a method of a class
            # Bisect on the statements' first lines: a linear scan per lookup made a module of
            # thousands of classes quadratic.
            starts = self._starts.get(id(body))
            if starts is None:
                starts = self._starts[id(body)] = [s.lineno for s in body]
            index = bisect.bisect_right(starts, line) - 1
            if index < 0:
                return self.tree
            stmt = body[index]
            if not (stmt.lineno <= line <= (stmt.end_lineno or stmt.lineno)):
                return self.tree
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                return stmt
            if not isinstance(stmt, ast.ClassDef):
                return self.tree
            body = stmt.body
        return self.tree

    # ------------------------------------------------------------- positions and text

    def column(self, line: int, byte_offset: int) -> int:
        """1-based character column of an ast byte offset."""
        if 0 < line <= len(self.lines):
            text = self.lines[line - 1]
            if not text.isascii():
                return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "replace")) + 1
        return byte_offset + 1

    def start(self, node: ast.AST) -> tuple[int, int]:
        line: int = getattr(node, "lineno", 1)
        return line, self.column(line, getattr(node, "col_offset", 0))

    def end(self, node: ast.AST) -> tuple[int, int]:
        end_line: int | None = getattr(node, "end_lineno", None)
        line = end_line if end_line is not None else int(getattr(node, "lineno", 1))
        return line, self.column(line, getattr(node, "end_col_offset", None) or 0)

    def segment(self, node: ast.AST) -> str:
        """The node's source exactly as written (comments and line breaks included)."""
        (line, column), (end_line, end_column) = self.start(node), self.end(node)
        if line == end_line:
            return self.lines[line - 1][column - 1 : end_column - 1]
        parts = [self.lines[line - 1][column - 1 :]]
        parts.extend(self.lines[line : end_line - 1])
        parts.append(self.lines[end_line - 1][: end_column - 1])
        return "\n".join(parts)

    def atom(self, node: ast.expr) -> str:
        """The node's source, parenthesised when an attribute or operator would bind wrongly."""
        text = self.segment(node)
        return text if isinstance(node, _ATOMS) else f"({text})"

    def indent_of(self, line: int) -> str:
        text = self.lines[line - 1]
        return text[: len(text) - len(text.lstrip())]

    # ------------------------------------------------------------- edits

    def replace(self, node: ast.AST, content: str) -> Edit:
        (line, column), (end_line, end_column) = self.start(node), self.end(node)
        return Edit(line, column, end_line, end_column, content)

    def replace_lines(self, line: int, end_line: int, content: str) -> Edit:
        """Replace whole lines `line`..`end_line` (with their line breaks) by `content`."""
        if end_line < len(self.lines):
            return Edit(line, 1, end_line + 1, 1, content)
        # The last line of the file: take the break before it instead.
        if line > 1:
            previous = len(self.lines[line - 2]) + 1
            return Edit(line - 1, previous, end_line, len(self.lines[end_line - 1]) + 1, content)
        return Edit(line, 1, end_line, len(self.lines[end_line - 1]) + 1, content)

    def insert_before_line(self, line: int, content: str) -> Edit:
        """Insert whole lines (content ends with a newline) before `line`."""
        return Edit(line, 1, line, 1, content)

    def insert_after_statement(self, stmt: ast.stmt, content: str) -> Edit:
        """Insert whole lines after the last line of `stmt` (content ends with a newline)."""
        end_line = stmt.end_lineno or stmt.lineno
        if end_line >= len(self.lines):
            last = len(self.lines)
            return Edit(last, len(self.lines[last - 1]) + 1, last, len(self.lines[last - 1]) + 1,
                        "\n" + content.rstrip("\n"))  # fmt: skip
        return Edit(end_line + 1, 1, end_line + 1, 1, content)

    # ------------------------------------------------------------- names

    def line_comment(self, line: int) -> str:
        """The `# comment` ending a line ("" if none): comments are tokens, not text."""
        import io
        import tokenize

        text = self.lines[line - 1].strip()
        if "#" not in text:
            return ""
        try:
            for token in tokenize.generate_tokens(io.StringIO(text + "\n").readline):
                if token.type == tokenize.COMMENT:
                    return str(token.string)
        except (tokenize.TokenError, SyntaxError):
            return ""
        return ""

    def module_alias(self, module: str) -> str | None:
        """The local name `module` is imported as (`th` for `import torch as th`), if any."""
        for local, qualified in self.imports.items():
            if qualified == module:
                return local
        return None

    def torch(self) -> str:
        return self.module_alias("torch") or "torch"


def _inner_line(node: ast.AST) -> int:
    """The line of a node without a position (a comprehension's `for`, `arguments`, a `with`
    item): that of its first child with one, which lies in the same statement. Taken as line
    0 it was looked up in a map of the whole module (a walk of a 4,000-line file for each
    comprehension a rule asks about)."""
    for child in child_nodes(node):
        line = getattr(child, "lineno", 0) or _inner_line(child)
        if line:
            return int(line)
    return 0


def fix(description: str, applicability: Applicability, *edits: Edit) -> Fix:
    return Fix(description=description, applicability=applicability, edits=tuple(edits))


def display_only(description: str) -> Fix:
    return Fix(description=description, applicability=Applicability.DISPLAY_ONLY)


def import_edit(ctx: FixContext, module: str, name: str | None = None) -> Edit | None:
    """An edit adding `import module` (or `from module import name`) where it belongs: after
    the last import of the module's leading block of imports (after the docstring and
    `__future__` imports when there are no others), never twice. Decided on the ast: a fix
    that needs an import costs no second parse of the file."""
    if name is None and ctx.module_alias(module) is not None:
        return None
    if name is not None and ctx.imports.get(name) == f"{module}.{name}":
        return None
    line = f"import {module}\n" if name is None else f"from {module} import {name}\n"
    body = ctx.tree.body if ctx.tree is not None else []
    after: ast.stmt | None = None
    for index, stmt in enumerate(body):
        docstring = (
            index == 0
            and isinstance(stmt, ast.Expr)
            and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str)
        )
        if docstring or isinstance(stmt, ast.Import | ast.ImportFrom):
            after = stmt
            continue
        break
    if after is None:
        return ctx.insert_before_line(1, line) if ctx.lines else Edit(1, 1, 1, 1, line)
    return ctx.insert_after_statement(after, line)


BLACK_LINE_LENGTH = 88  # the line length code we generate is laid out for


def layout_call(
    indent: str, head: str, args: list[str], tail: str = "", before: int | None = None
) -> str:
    """`head(args...)tail` laid out as black would: on one line if it fits, else the
    arguments on one indented line, else one argument per line with a trailing comma.

    `indent` is the indentation of the line the call starts on and `before` how many
    characters precede the call on that line (default: just the indentation). The returned
    text has no leading indentation (it replaces an expression in place) and no trailing
    newline.
    """
    one_line = f"{head}({', '.join(args)}){tail}"
    width = len(indent) if before is None else before
    if width + len(one_line) <= BLACK_LINE_LENGTH:
        return one_line
    inner = indent + "    "
    joined = ", ".join(args)
    if len(inner) + len(joined) <= BLACK_LINE_LENGTH:
        return f"{head}(\n{inner}{joined}\n{indent}){tail}"
    exploded = "".join(f"{inner}{arg},\n" for arg in args)
    return f"{head}(\n{exploded}{indent}){tail}"
