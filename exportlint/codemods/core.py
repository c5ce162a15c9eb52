"""The libcst engine every codemod family is built on.

How a family writes a codemod
=============================

A rule decides *whether* and *what* to rewrite on the `ast` it linted (cheap, with the
interpreter's values at hand); the family module turns that decision into a libcst
transformation; this module turns the transformed tree back into a `Fix` of minimal text
`Edit`s, so that the fixer, the JSON output and the LSP see the same `Fix`/`Edit` as ever.

    from exportlint.codemods import NotRewritable
    from exportlint.codemods.core import codemod_for

    def rewrite_thing(ctx: FixContext, node: ast.Call) -> Fix:
        cm = codemod_for(ctx, node)              # the statements the fix touches
        call = cm.find(node, cst.Call)           # the CST node with the ast node's range
        new = call.with_changes(func=cm.expr("torch.thing"))
        edits = cm.edits({node: new})            # minimal text edits, or NotRewritable
        return fix("Use torch.thing", Applicability.UNSAFE, *edits)

Rules of the house:

* **Decide on ast, rewrite on CST.** Raise `NotRewritable(why)` for anything the rewrite
  cannot do faithfully; the rule turns it into a display-only suggestion that says why.
* **Move the user's nodes, do not re-type them.** A statement moved into a new function
  (`cm.statements_of(block)`) keeps its comments (`leading_lines`), its trailing comment, its
  semicolons and its nested blocks; libcst re-indents it (tabs stay tabs). Comments attached
  to a header you remove (`if ...:  # c`, the lines before `else:`, a block's footer) are
  collected with `header_comments` / `leading_comments` / `footer_comments` and re-attached.
* **Generated code is parsed, never spliced as text**: `cm.expr(text)` / `cm.statement(text)`
  parse with the document's own indentation and line endings, so what the fix writes is
  valid Python by construction (a text that does not parse raises `NotRewritable`).
  Multi-line layout follows black: build the text with `exportlint.fixes.layout_call`
  (`cm.layout_call` strips the outer indentation, libcst adds it back).
* **Replace several nodes at once** with `cm.edits({ast_node: new_cst_node, ...})`: a value
  may be a CST node, a sequence of statements (one statement becomes several), or
  `REMOVE`. `cm.replace_run(first, last, statements)` replaces consecutive statements of a
  block. Every node must lie in the statements given to `codemod_for`.
* Only the statements of the function body that the fix touches are parsed (pass them all to
  `codemod_for(ctx, *statements)` when a fix edits several: a list created before a loop, the
  loop, the `torch.cat` after it), once per file, and only when a rule builds a fix: the lint
  path never imports libcst for a file with nothing to fix, a 20,000-line function costs the
  parse of the few statements rewritten, and a syntax libcst does not know elsewhere in the
  file does not matter. An indented part is parsed under a synthetic `if True:` line; blocks
  the codemod creates get the file's indentation unit (tabs stay tabs).

A family module (branches, loops, casts, ...) exposes `rewrite_*` functions returning a `Fix`
(or raising `NotRewritable`); the rule of the hazard calls them and reports the result as a
candidate (`Reporter(..., fix=first, alternatives=(second, ...))`).
"""

from __future__ import annotations

import ast
import bisect
import difflib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from exportlint.codemods import FixDeferred
from exportlint.codemods import NotRewritable as NotRewritable
from exportlint.diagnostics import Edit
from exportlint.fixes import FixContext, layout_call


class _Remove:
    """Marker: remove the statement."""


REMOVE = _Remove()

Replacement = cst.CSTNode | Sequence[cst.BaseStatement] | _Remove

# ast node type -> the CST node types that can hold the same source range.
_CST_TYPES: dict[type[ast.AST], tuple[type[cst.CSTNode], ...]] = {
    ast.If: (cst.If,),
    ast.For: (cst.For,),
    ast.AsyncFor: (cst.For,),
    ast.While: (cst.While,),
    ast.With: (cst.With,),
    ast.Try: (cst.Try,),
    ast.FunctionDef: (cst.FunctionDef,),
    ast.AsyncFunctionDef: (cst.FunctionDef,),
    ast.ClassDef: (cst.ClassDef,),
    ast.Call: (cst.Call,),
    ast.Name: (cst.Name,),
    ast.Attribute: (cst.Attribute,),
    ast.Subscript: (cst.Subscript,),
    ast.Compare: (cst.Comparison,),
    ast.BinOp: (cst.BinaryOperation,),
    ast.BoolOp: (cst.BooleanOperation,),
    ast.UnaryOp: (cst.UnaryOperation,),
    ast.IfExp: (cst.IfExp,),
    ast.Constant: (cst.BaseExpression,),
    ast.Tuple: (cst.Tuple,),
    ast.List: (cst.List,),
    ast.ListComp: (cst.ListComp,),
    ast.GeneratorExp: (cst.GeneratorExp,),
    ast.NamedExpr: (cst.NamedExpr,),
    ast.Lambda: (cst.Lambda,),
    ast.Starred: (cst.StarredElement,),
    ast.JoinedStr: (cst.BaseExpression,),
}
# Small statements: the CST keeps them inside a SimpleStatementLine.
_SMALL: dict[type[ast.AST], type[cst.CSTNode]] = {
    ast.Assign: cst.Assign,
    ast.AugAssign: cst.AugAssign,
    ast.AnnAssign: cst.AnnAssign,
    ast.Expr: cst.Expr,
    ast.Return: cst.Return,
    ast.Assert: cst.Assert,
    ast.Raise: cst.Raise,
    ast.Pass: cst.Pass,
    ast.Delete: cst.Del,
    ast.Import: cst.Import,
    ast.ImportFrom: cst.ImportFrom,
    ast.Break: cst.Break,
    ast.Continue: cst.Continue,
}


@dataclass
class _Segment:
    """The statements of a function body a fix touches, parsed with libcst. An indented
    segment is parsed under a synthetic `if True:` line (`wrapped`): its lines keep their
    columns, and a 20,000-line function costs the parse of the few statements rewritten."""

    first_line: int  # 1-based line of the segment's first real line in the document
    text: str  # its lines (after the synthetic one), each ending with "\n"
    module: cst.Module
    positions: Mapping[cst.CSTNode, object]
    wrapped: int  # 1 when the first line of `text` is the synthetic `if True:`
    # Built on first use, once per parse: the nodes by (start, end) position, in visit order,
    # and the line holding each small statement (`find` is asked for every node a rewrite
    # touches; a scan of every position each time was most of a fix's cost in long bodies).
    by_range: dict[tuple[tuple[int, int], tuple[int, int]], list[cst.CSTNode]] | None = None
    lines_of: dict[int, cst.SimpleStatementLine] | None = None

    def index(self) -> dict[tuple[tuple[int, int], tuple[int, int]], list[cst.CSTNode]]:
        if self.by_range is None:
            self.by_range = {}
            for node, where in self.positions.items():
                key = (
                    (where.start.line, where.start.column),  # type: ignore[attr-defined]
                    (where.end.line, where.end.column),  # type: ignore[attr-defined]
                )
                self.by_range.setdefault(key, []).append(node)
        return self.by_range

    def line_of(self, small: cst.CSTNode) -> cst.SimpleStatementLine | None:
        if self.lines_of is None:
            self.lines_of = {
                id(s): line
                for line in self.positions
                if isinstance(line, cst.SimpleStatementLine)
                for s in line.body
            }
        return self.lines_of.get(id(small))


_WRAPPER = "if True:\n"
# Parsed segments by (text, indentation unit), process-wide; the oldest go first.
_PARSED: dict[tuple[str, str], _Segment | None] = {}
_KEPT_PARSES = 64  # a file's rewritten statements, a round apart; trees are large


class _Materialise(cst.CSTTransformer):
    """Give every block its indentation explicitly, so that the module's default (used by
    the blocks a codemod creates) can be set to the file's indentation unit."""

    def __init__(self, default: str) -> None:
        self.default = default

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if updated_node.indent is None:
            return updated_node.with_changes(indent=self.default)
        return updated_node


class Codemod:
    """The libcst view of one document (`FixContext`) for one fix: the function-body
    statements holding the nodes given to `codemod_for` (or, without nodes, each node's own),
    parsed on first use and cached for every fix of the file."""

    def __init__(
        self,
        ctx: FixContext,
        cache: dict[tuple[int, int], _Segment | None],
        focus: tuple[int, int, str] | None = None,
    ) -> None:
        self.ctx = ctx
        self._segments = cache
        self._focus = focus

    # ------------------------------------------------------------- finding nodes

    def segment_of(self, node: ast.AST) -> _Segment:
        line = getattr(node, "lineno", 1)
        if self._focus is not None and self._focus[0] <= line <= self._focus[1]:
            first, last, unit = self._focus
        else:
            first, last, unit = self.range_of(node)
        key = (first, last)
        if key not in self._segments:
            self._segments[key] = self._parse(first, last, unit)
        segment = self._segments[key]
        if segment is None:
            raise NotRewritable("libcst cannot parse this part of the file")
        return segment

    def range_of(self, node: ast.AST) -> tuple[int, int, str]:
        """The lines of the statement of the innermost function body that holds `node` (the
        top-level statement outside functions), and the file's indentation unit there."""
        line = getattr(node, "lineno", 1)
        end = getattr(node, "end_lineno", None) or line
        tree = self.ctx.tree
        if tree is None:
            return line, end, "    "
        body: list[ast.stmt] = tree.body
        unit = ""
        found: tuple[int, int] = (line, end)
        while True:
            # The last statement starting at or before the line (statements are in order).
            at = bisect.bisect_right(body, line, key=_first_line) - 1
            stmt = body[at] if at >= 0 else None
            if stmt is None or not _first_line(stmt) <= line <= (stmt.end_lineno or stmt.lineno):
                return (*found, unit or "    ")
            start, stop = _first_line(stmt), stmt.end_lineno or stmt.lineno
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                if stmt.body and stmt.body[0].lineno > stmt.lineno:
                    outer = self.ctx.indent_of(stmt.lineno)
                    inner = self.ctx.indent_of(stmt.body[0].lineno)
                    if inner.startswith(outer) and len(inner) > len(outer):
                        unit = inner[len(outer) :]
                found = (start, stop)
                if stmt.lineno == line:
                    return (*found, unit or "    ")
                body = stmt.body
                continue
            return start, stop, unit or "    "

    def _parse(self, first: int, last: int, unit: str) -> _Segment | None:
        text = "".join(line + "\n" for line in self.ctx.lines[first - 1 : last])
        # The fixer lints the file again after each round: the statements it did not change
        # are found here instead of being parsed again (libcst trees are immutable).
        key = (text, unit)
        if key in _PARSED:
            known = _PARSED[key]
            return None if known is None else replace(known, first_line=first)
        segment = self._parse_text(text, first, unit)
        _PARSED[key] = segment
        while len(_PARSED) > _KEPT_PARSES:
            del _PARSED[next(iter(_PARSED))]
        return segment

    @staticmethod
    def _parse_text(text: str, first: int, unit: str) -> _Segment | None:
        wrapped = 1 if text[:1] in (" ", "\t") else 0
        try:
            module = cst.parse_module(_WRAPPER + text if wrapped else text)
        except (cst.ParserSyntaxError, RecursionError, ValueError):
            return None
        if wrapped:
            materialised = module.visit(_Materialise(module.default_indent))
            assert isinstance(materialised, cst.Module)
            module = materialised.with_changes(default_indent=unit)
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
        return _Segment(first, text, module, positions, wrapped)

    def find(self, node: ast.AST, kind: type[cst.CSTNode] | None = None) -> cst.CSTNode:
        """The CST node standing for `node`: the smallest node of the matching type whose
        range holds the ast node's range (parentheses around an expression are the CST
        node's own, so the range test is "contains", not "equals")."""
        segment = self.segment_of(node)
        kinds: tuple[type[cst.CSTNode], ...]
        if kind is not None:
            kinds = (kind,)
        elif type(node) in _SMALL:
            kinds = (_SMALL[type(node)],)
        else:
            kinds = _CST_TYPES.get(type(node), (cst.CSTNode,))
        (line, column), (end_line, end_column) = self.ctx.start(node), self.ctx.end(node)
        offset = segment.first_line - 1 - segment.wrapped
        start = (line - offset, column - 1)
        end = (end_line - offset, end_column - 1)
        for candidate in segment.index().get((start, end), ()):
            if isinstance(candidate, kinds):
                return candidate  # the same range: the first in visit order, as the scan
        best: cst.CSTNode | None = None
        best_size: tuple[int, int] | None = None
        for candidate, where in segment.positions.items():
            if not isinstance(candidate, kinds):
                continue
            c_start = (where.start.line, where.start.column)  # type: ignore[attr-defined]
            c_end = (where.end.line, where.end.column)  # type: ignore[attr-defined]
            if c_start <= start and end <= c_end:
                size = (c_end[0] - c_start[0], c_end[1] - c_start[1])
                if c_start == start and c_end == end:
                    return candidate
                if best_size is None or size < best_size:
                    best, best_size = candidate, size
        if best is None:
            raise NotRewritable("the statement could not be located in the syntax tree")
        return best

    def statement(self, node: ast.stmt) -> cst.BaseStatement:
        """The CST statement of an ast statement (a small statement's whole line when it is
        alone on it)."""
        whole = self._whole_statement(node, self.find(node))
        if whole is None:
            raise NotRewritable("the statement shares its line with others (`;`)")
        return whole

    def _whole_statement(self, node: ast.AST, found: cst.CSTNode) -> cst.BaseStatement | None:
        """`found` when it is a statement, else the line holding it when it is alone on its
        line; None when it shares the line with others."""
        if isinstance(found, cst.BaseStatement):
            return found
        line = self._line_holding(node, found)
        if line is not None and len(line.body) == 1:
            return line
        return None

    def _line_holding(self, node: ast.AST, small: cst.CSTNode) -> cst.SimpleStatementLine | None:
        return self.segment_of(node).line_of(small)

    # ------------------------------------------------------------- building code

    def config(self, node: ast.AST) -> cst.PartialParserConfig:
        return self.segment_of(node).module.config_for_parsing

    def expr(self, text: str) -> cst.BaseExpression:
        return parse_expression(text)

    def statement_from(self, text: str, near: ast.AST) -> cst.BaseStatement:
        """Parse one statement written at indentation zero (its own nested lines relative),
        with the document's indentation and newline."""
        try:
            return cst.parse_statement(text, config=self.config(near))
        except cst.ParserSyntaxError as error:
            raise NotRewritable(f"generated code does not parse: {text!r}") from error

    def layout_call(
        self, near: ast.AST, head: str, args: list[str], prefix: str = "", tail: str = ""
    ) -> str:
        """`prefix + head(args)tail` laid out as black would at the indentation of `near`'s
        line, returned at indentation zero (libcst puts the block's indentation back)."""
        indent = self.ctx.indent_of(getattr(near, "lineno", 1))
        text = layout_call(indent, head, args, tail, before=len(indent) + len(prefix))
        lines = text.split("\n")
        lines = [
            lines[0],
            *(ln[len(indent) :] if ln.startswith(indent) else ln for ln in lines[1:]),
        ]
        return prefix + "\n".join(lines)

    def code(self, node: cst.CSTNode) -> str:
        return cst.Module(body=[]).code_for_node(node)

    def bare(self, node: cst.CSTNode) -> str:
        """The code of an expression without its own outer parentheses (to put it inside a
        call the rewrite builds)."""
        if getattr(node, "lpar", None):
            node = node.with_changes(lpar=[], rpar=[])
        return self.code(node)

    # ------------------------------------------------------------- edits

    def edits(self, replacements: Mapping[ast.AST, Replacement]) -> tuple[Edit, ...]:
        """Apply the replacements (keyed by ast node) to the CST and return the minimal text
        edits that turn the old text into the new one."""
        if not replacements:
            return ()
        segments = {id(self.segment_of(n)) for n in replacements}
        if len(segments) != 1:
            raise NotRewritable("the rewrite spans statements not given together to codemod_for")
        first = next(iter(replacements))
        segment = self.segment_of(first)
        targets: dict[int, Replacement] = {}
        found: list[cst.CSTNode] = []
        for node, new in replacements.items():
            target = self._target(node, new)
            targets[id(target)] = new
            found.append(target)
        direct = self._direct(segment, found, [targets[id(t)] for t in found])
        if direct is not None:
            return direct
        replacer = _Replacer(targets, _spans(segment, found), segment.positions)
        new_module = segment.module.visit(replacer)
        if len(replacer.hits) < len(targets):  # a target the pruned visit missed: all of it
            new_module = segment.module.visit(_Replacer(targets))
        assert isinstance(new_module, cst.Module)
        return self._diff(segment, new_module.code)

    def _direct(
        self,
        segment: _Segment,
        targets: Sequence[cst.CSTNode],
        news: Sequence[Replacement],
    ) -> tuple[Edit, ...] | None:
        """The edits of expressions replaced by expressions, written where they are: no
        codegen of the whole statement (most of a fix's cost in a long loop body). None when
        that is not exact (a statement, overlapping targets, a node whose printed code is not
        the text at its position, new code on several lines): the caller prints the whole
        segment instead."""
        spans = _spans(segment, targets)
        if not spans or len(spans) != len(targets):
            return None
        lines = segment.text.splitlines(keepends=True)
        offset = segment.first_line - 1 - segment.wrapped  # segment line -> document line
        pieces: list[tuple[Span, str]] = []
        for target, new, span in zip(targets, news, spans):
            if not (isinstance(target, cst.BaseExpression) and isinstance(new, cst.BaseExpression)):
                return None
            (line, column), (end_line, end_column) = span
            if line <= segment.wrapped:
                return None
            rows = lines[line - 1 - segment.wrapped : end_line - segment.wrapped]
            if len(rows) != end_line - line + 1:
                return None
            old = (
                rows[0][column:end_column]
                if len(rows) == 1
                else rows[0][column:] + "".join(rows[1:-1]) + rows[-1][:end_column]
            )
            content = self.code(new)
            # A line break in new code takes the block's indentation from its context.
            if self.code(target) != old or "\n" in content or "\r" in content:
                return None
            pieces.append((span, content))
        pieces.sort()
        for (earlier, _), (later, _) in itertools.pairwise(pieces):
            if later[0] < earlier[1]:
                return None  # nested or overlapping targets
        edits = []
        for ((line, column), (end_line, end_column)), content in pieces:
            old = self.code(targets[spans.index(((line, column), (end_line, end_column)))])
            prefix = _common_prefix(old, content)
            suffix = _common_suffix(old[prefix:], content[prefix:])
            start = _advance(line + offset, column + 1, old[:prefix])
            stop = _advance(line + offset, column + 1, old[: len(old) - suffix])
            edits.append(Edit(*start, *stop, content[prefix : len(content) - suffix]))
        return tuple(edits)

    def _target(self, node: ast.AST, new: Replacement) -> cst.CSTNode:
        """The CST node a replacement goes to: a whole statement line when the replacement
        is statements (or a removal of the only statement of its line), else the node."""
        if not isinstance(node, ast.stmt) or isinstance(new, cst.BaseSmallStatement):
            return self.find(node)
        if not isinstance(new, _Remove):
            return self.statement(node)
        found = self.find(node)
        whole = self._whole_statement(node, found)
        # A small statement sharing its line: libcst drops it, semicolons included.
        return found if whole is None else whole

    def replace_run(
        self, first: ast.stmt, last: ast.stmt, statements: Sequence[cst.BaseStatement]
    ) -> tuple[Edit, ...]:
        """Replace the statements `first`..`last` of one block by `statements`."""
        segment = self.segment_of(first)
        start, end = self.statement(first), self.statement(last)
        new_module = segment.module.visit(_RunReplacer(start, end, statements))
        assert isinstance(new_module, cst.Module)
        if new_module.code == segment.module.code:
            raise NotRewritable("the statements could not be replaced")
        return self._diff(segment, new_module.code)

    def _diff(self, segment: _Segment, new: str) -> tuple[Edit, ...]:
        if segment.wrapped:
            if not new.startswith(_WRAPPER):  # pragma: no cover - the wrapper is never edited
                raise NotRewritable("the rewrite changed the synthetic wrapper")
            new = new[len(_WRAPPER) :]
        old = segment.text
        # No parse of the new text here: libcst prints what it parsed or was built from
        # parsed code, and every fix is parsed before it is applied or shown (the fixer's
        # round, `exportlint.candidates.CandidateCheck`).
        old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
        matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
        edits: list[Edit] = []
        old_starts = [0]
        for line in old_lines:
            old_starts.append(old_starts[-1] + len(line))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
            prefix = _common_prefix(before, after)
            suffix = _common_suffix(before[prefix:], after[prefix:])
            start = old_starts[i1] + prefix
            stop = old_starts[i2] - suffix
            content = after[prefix : len(after) - suffix]
            edits.append(
                Edit(*self._position(segment, start), *self._position(segment, stop), content)
            )
        return tuple(edits)

    def _position(self, segment: _Segment, offset: int) -> tuple[int, int]:
        text = segment.text
        line = text.count("\n", 0, offset)
        line_start = text.rfind("\n", 0, offset) + 1
        return segment.first_line + line, offset - line_start + 1

    # ------------------------------------------------------------- comments

    @staticmethod
    def header_comment(block: cst.BaseSuite) -> str:
        """The comment on a block's header line (`if c:  # why`)."""
        header = getattr(block, "header", None)
        if header is None:
            header = getattr(block, "trailing_whitespace", None)
        comment = getattr(header, "comment", None)
        return comment.value if comment is not None else ""

    @staticmethod
    def comment_lines(lines: Sequence[cst.EmptyLine]) -> list[cst.EmptyLine]:
        return [line for line in lines if line.comment is not None]


def fresh_name(base: str, taken: set[str], private: bool = False) -> str:
    """A name for generated code that no name in `taken` clashes with (`base`, `base_2`, ...);
    it is added to `taken`. With `private`, a taken `base` is tried as `_base` first."""
    if private and base in taken and f"_{base}" not in taken:
        base = f"_{base}"
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}_{number}"
    taken.add(name)
    return name


def parse_expression(text: str) -> cst.BaseExpression:
    """Generated code (a dotted name, a literal, an expression): parsed, never spliced."""
    try:
        return cst.parse_expression(text)
    except cst.ParserSyntaxError as error:
        raise NotRewritable(f"generated code does not parse: {text!r}") from error


def statements_of(block: cst.BaseSuite) -> list[cst.BaseStatement]:
    """The statements of a block; `if c: a; b` (a one-line suite) gives one line per small
    statement, so that the statements can be moved into an indented block."""
    if isinstance(block, cst.IndentedBlock):
        return list(block.body)
    assert isinstance(block, cst.SimpleStatementSuite)
    return [
        cst.SimpleStatementLine(body=[small.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)])
        for small in block.body
    ]


def leading_lines(statement: cst.CSTNode) -> list[cst.EmptyLine]:
    """The blank and comment lines before a statement (owned by the statement in libcst)."""
    return list(getattr(statement, "leading_lines", ()))


def with_leading(statement: cst.BaseStatement, lines: Sequence[cst.EmptyLine]) -> cst.BaseStatement:
    """`statement` with extra comment/blank lines before it."""
    if not lines:
        return statement
    return statement.with_changes(leading_lines=[*lines, *leading_lines(statement)])


def with_comment(statement: cst.BaseStatement, comment: str) -> cst.BaseStatement:
    """`statement` with a trailing `# comment` on its (last) line; a compound statement gets
    it as a comment line before it instead (never dropped)."""
    if not comment:
        return statement
    if isinstance(statement, cst.SimpleStatementLine):
        old = statement.trailing_whitespace.comment
        text = f"{old.value}  {comment}" if old is not None else comment
        return statement.with_changes(
            trailing_whitespace=cst.TrailingWhitespace(
                whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(text)
            )
        )
    return with_leading(statement, [cst.EmptyLine(comment=cst.Comment(comment))])


def indented(
    statements: Sequence[cst.BaseStatement],
    header_comment: str = "",
    footer: Sequence[cst.EmptyLine] = (),
) -> cst.IndentedBlock:
    header = cst.TrailingWhitespace()
    if header_comment:
        header = cst.TrailingWhitespace(
            whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(header_comment)
        )
    return cst.IndentedBlock(body=list(statements), header=header, footer=list(footer))


Span = tuple[tuple[int, int], tuple[int, int]]


def _spans(segment: _Segment, nodes: Sequence[cst.CSTNode]) -> list[Span]:
    spans = []
    for node in nodes:
        where = segment.positions.get(node)
        if where is None:
            return []  # not known: visit everything
        spans.append(
            (
                (where.start.line, where.start.column),  # type: ignore[attr-defined]
                (where.end.line, where.end.column),  # type: ignore[attr-defined]
            )
        )
    return spans


class _Replacer(cst.CSTTransformer):
    """Replace nodes (by id). With their `spans`, only the nodes whose range holds one are
    entered: the rest of a long body is left as it is, not rebuilt node by node."""

    def __init__(
        self,
        targets: Mapping[int, Replacement],
        spans: Sequence[Span] = (),
        positions: Mapping[cst.CSTNode, object] | None = None,
    ) -> None:
        self.targets = targets
        self.spans = spans
        self.positions = positions
        self.hits: set[int] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        if not self.spans or self.positions is None:
            return True
        if id(node) in self.targets:
            return False  # replaced whole
        where = self.positions.get(node)
        if where is None:
            return True
        start = (where.start.line, where.start.column)  # type: ignore[attr-defined]
        end = (where.end.line, where.end.column)  # type: ignore[attr-defined]
        return any(start <= a and b <= end for a, b in self.spans)

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> object:
        new = self.targets.get(id(original_node))
        if new is None:
            return updated_node
        self.hits.add(id(original_node))
        if isinstance(new, _Remove):
            return cst.RemoveFromParent()
        if isinstance(new, cst.CSTNode):
            return new
        return cst.FlattenSentinel(list(new))


class _RunReplacer(cst.CSTTransformer):
    def __init__(
        self, start: cst.CSTNode, end: cst.CSTNode, statements: Sequence[cst.BaseStatement]
    ) -> None:
        self.start, self.end, self.statements = start, end, statements

    def _splice(
        self, original: Sequence[cst.CSTNode], updated: Sequence[cst.CSTNode]
    ) -> list[cst.CSTNode] | None:
        ids = [id(s) for s in original]
        if id(self.start) not in ids or id(self.end) not in ids or len(original) != len(updated):
            return None
        i, j = ids.index(id(self.start)), ids.index(id(self.end))
        return [*updated[:i], *self.statements, *updated[j + 1 :]]

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        body = self._splice(original_node.body, updated_node.body)
        return updated_node if body is None else updated_node.with_changes(body=body)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = self._splice(original_node.body, updated_node.body)
        return updated_node if body is None else updated_node.with_changes(body=body)


def _first_line(stmt: ast.stmt) -> int:
    decorators = _decorators(stmt)
    return min(stmt.lineno, *(d.lineno for d in decorators)) if decorators else stmt.lineno


def _decorators(stmt: ast.stmt) -> list[ast.expr]:
    return list(getattr(stmt, "decorator_list", []))


def _advance(line: int, column: int, text: str) -> tuple[int, int]:
    """The position after `text` written from (line, column)."""
    breaks = text.count("\n")
    if not breaks:
        return line, column + len(text)
    return line + breaks, len(text) - text.rfind("\n")


def _common_prefix(a: str, b: str) -> int:
    n = 0
    limit = min(len(a), len(b))
    while n < limit and a[n] == b[n]:
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    n = 0
    limit = min(len(a), len(b))
    while n < limit and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def codemod_for(ctx: FixContext, *nodes: ast.AST) -> Codemod:
    """The document's codemod view for one fix. `nodes`: every statement the fix will touch
    (they must lie in one function); their function-body statements are parsed together, once
    per file and range (the parses are cached on the document).

    With the document's fixes deferred (a lint that shows no edits), nothing is parsed: this
    raises `FixDeferred` and the diagnostic gets a pending fix, built when someone needs it."""
    if ctx.defer_fixes:
        ctx.fix_deferred = True
        error = FixDeferred()
        ctx.deferred.append(error)
        raise error
    cache: dict[tuple[int, int], _Segment | None] | None = getattr(ctx, "_cst_segments", None)
    if cache is None:
        cache = {}
        ctx._cst_segments = cache  # type: ignore[attr-defined]
    focus: tuple[int, int, str] | None = None
    if nodes:
        view = Codemod(ctx, cache)
        ranges = [view.range_of(n) for n in nodes]
        focus = (min(r[0] for r in ranges), max(r[1] for r in ranges), ranges[0][2])
    return Codemod(ctx, cache, focus)
