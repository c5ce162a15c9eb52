"""Follow-up candidates from a verification that failed on a data-dependent guard.

torch.export stops at a condition on a value read out of a tensor (`Could not guard on
data-dependent expression Eq(u0, 1)`); the worker (`exportlint.verify.guards`) tells which line
of the file asked and what held there on every example input, written with that line's names
(`k != 1`). `torch._check(k != 1)` before that line lets the tracer decide the condition the
way the examples did. It is a candidate like any other: the statement is inserted with libcst
(the file's own indentation, every comment kept), and `--fix --verify` keeps it only when the
model then exports and matches eager on the unseen sizes; it is never written otherwise. It
changes the program only where the condition does not hold (there it raises), which is the
condition the report states.

When torch asked for a plain integer instead (`Could not extract specialized integer from
data-dependent expression u0`, or `TruncToInt(6.0*zuf0)` for a float read out of a tensor and
turned into a size with `int(...)`), the worker tells what each `int(<arg>)` of that line was
on the examples, and the follow-up keeps the value symbolic with the same result in eager:
`int(t)` of a tensor -> `t.item()` (`torch.sym_int(t.item())` for a float tensor), `int(x)` of a
number -> `torch.sym_int(x)` (the same truncation toward zero).

Works on text only: no torch here (the parent builds it from the failure the worker returns).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider


@dataclass(frozen=True)
class FollowUp:
    """A follow-up candidate: the text with the check, and what it did (for the report)."""

    text: str
    description: str


def torch_name(tree: ast.Module) -> str:
    """The name `torch` is imported under at module level ("" when it is not imported)."""
    for stmt in tree.body:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.name == "torch":
                    return alias.asname or "torch"
    return ""


def insert_check(text: str, line: int, condition: str) -> FollowUp | None:
    """`text` with `torch._check(<condition>)` before the statement that holds `line` (the
    whole `if` for a line of an `elif` test), or None when that cannot be done: no such
    statement, `torch` not imported, a condition that is not an expression, or the same
    check already there."""
    try:
        tree = ast.parse(text)
        ast.parse(condition, mode="eval")
    except SyntaxError:
        return None
    torch = torch_name(tree)
    if not torch:
        return None
    statement = f"{torch}._check({condition})"
    try:
        module = cst.parse_module(text)
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        new_statement = cst.parse_statement(
            statement + module.default_newline, module.config_for_parsing
        )
    except (cst.ParserSyntaxError, ValueError):
        return None
    inserter = _Inserter(line, new_statement, statement)
    fixed = wrapper.visit(inserter)
    if not inserter.done:
        return None
    # Unsafe by nature: where the condition does not hold, the check raises.
    return FollowUp(
        fixed.code, f"`{statement}` before line {line} (unsafe: raises where it does not hold)"
    )


class _Inserter(cst.CSTTransformer):
    """Puts `new` before the innermost statement of a block whose lines hold `line`."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, line: int, new: cst.BaseStatement, text: str) -> None:
        super().__init__()
        self.line = line
        self.new = new
        self.text = text
        self.target: cst.CSTNode | None = None
        self.done = False

    def _holds(self, node: cst.CSTNode) -> bool:
        where = self.get_metadata(PositionProvider, node)
        return bool(where.start.line <= self.line <= where.end.line)

    def _body_of(self, statements: Sequence[cst.BaseStatement]) -> None:
        for stmt in statements:
            if isinstance(stmt, cst.BaseStatement) and self._holds(stmt):
                self.target = stmt  # a deeper block visited later replaces it

    def visit_Module(self, node: cst.Module) -> None:
        self._body_of(node.body)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._body_of(node.body)

    def _insert(
        self, original: Sequence[cst.BaseStatement], body: Sequence[cst.BaseStatement]
    ) -> list[cst.BaseStatement] | None:
        """`body` (the block after its children were visited) with the check before the
        target, found by its place in the block as it was (`original`)."""
        for index, stmt in enumerate(original):
            if stmt is self.target:
                before = original[index - 1] if index else None
                if before is not None and cst.Module([]).code_for_node(before).strip() == self.text:
                    return None  # that check is already there: nothing new to try
                self.done = True
                return [*body[:index], self.new, *body[index:]]
        return None

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if self.done:
            return updated
        body = self._insert(original.body, updated.body)
        return updated.with_changes(body=body) if body is not None else updated

    def leave_IndentedBlock(
        self, original: cst.IndentedBlock, updated: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if self.done:
            return updated
        body = self._insert(original.body, updated.body)
        return updated.with_changes(body=body) if body is not None else updated


def keep_symbolic(text: str, line: int, casts: Sequence[tuple[str, str]]) -> FollowUp | None:
    """`text` with each `int(<arg>)` of line `line` whose argument is in `casts` kept
    symbolic: a tensor (`"int"`) becomes `<arg>.item()`, a float tensor (`"float"`)
    `torch.sym_int(<arg>.item())`, a number (`"number"`) `torch.sym_int(<arg>)`. Each
    computes the same value as `int(...)` in eager (the same truncation toward zero); under
    export it stays a symbol instead of asking for a specialized integer. None when nothing
    on that line matches or `torch` is not imported."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    torch = torch_name(tree)
    kinds = {_same(argument): kind for argument, kind in casts}
    kinds.pop("", None)
    if not torch or not kinds:
        return None
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    rewriter = _KeepSymbolic(line, kinds, torch, module)
    fixed = wrapper.visit(rewriter)
    if not rewriter.done:
        return None
    try:
        ast.parse(fixed.code)
    except SyntaxError:  # never expected from libcst nodes; never offered either
        return None
    done = ", ".join(f"`{before}` -> `{after}`" for before, after in rewriter.done)
    return FollowUp(fixed.code, f"{done} on line {line}")


def _same(source: str) -> str:
    """A form of an expression that ignores layout and parentheses ("" when it is none)."""
    try:
        return ast.dump(ast.parse(source.strip(), mode="eval"))
    except SyntaxError:
        return ""


# Argument forms that take `.item()` without parentheses.
_ATOMS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript)


class _KeepSymbolic(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, line: int, kinds: dict[str, str], torch: str, module: cst.Module) -> None:
        super().__init__()
        self.line = line
        self.kinds = kinds
        self.torch = torch
        self.module = module
        self.done: list[tuple[str, str]] = []

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if not (
            isinstance(original.func, cst.Name)
            and original.func.value == "int"
            and len(original.args) == 1
            and original.args[0].keyword is None
            and not original.args[0].star
        ):
            return updated
        where = self.get_metadata(PositionProvider, original)
        if not where.start.line <= self.line <= where.end.line:
            return updated
        argument = self.module.code_for_node(original.args[0].value)
        kind = self.kinds.get(_same(argument))
        if kind is None:
            return updated
        value = updated.args[0].value
        sym_int = cst.Attribute(cst.Name(self.torch), cst.Name("sym_int"))
        new: cst.BaseExpression
        if kind == "number":
            new = updated.with_changes(func=sym_int)
        else:
            if not isinstance(value, _ATOMS) or value.lpar:
                value = value.with_changes(
                    lpar=value.lpar or [cst.LeftParen()], rpar=value.rpar or [cst.RightParen()]
                )
            item = cst.Call(cst.Attribute(value, cst.Name("item")))
            if kind == "int":
                new = item.with_changes(lpar=updated.lpar, rpar=updated.rpar)
            else:
                new = updated.with_changes(
                    func=sym_int, args=[updated.args[0].with_changes(value=item)]
                )
        self.done.append((self.module.code_for_node(original), self.module.code_for_node(new)))
        return new
