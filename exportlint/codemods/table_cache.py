"""Growing tables (EXL102): a cache rebuilt only when the length outgrows it -> rebuilt for
the current length at every call.

    if seq_len > self.max_seq_len_cached:          # sinusoidal / rotary / ALiBi tables
        self._set_cos_sin_cache(seq_len, x.device)
    if self.weights is None or max_pos > self.weights.size(0):
        self.weights = self.get_embedding(max_pos, self.dim)
    if n > self.max_cache_pos:
        self.max_cache_pos = n
        self.mask = make_mask(n)

Export keeps the branch taken for the traced length: a longer input reads a table that is
too short (the guard is dropped in ONNX). Running the rebuild unconditionally makes the
table a function of the current length, traced symbolically (measured on torch 2.13: a
plain tensor attribute rebuilt in forward exports and is right in onnxruntime on unseen
lengths; a registered buffer does not: the exported program keeps the buffer it was given,
so tables kept in buffers are not rewritten). Unsafe, with its condition: the rows the model
reads must not depend on how long the table is (true of position tables, where row i is a
function of i), and the module's state between calls changes (the table is as long as the
last input).
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.analysis.walk import walk, walk_statements
from exportlint.codemods import NotRewritable
from exportlint.codemods.core import Codemod, codemod_for, with_leading
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def _on_self(node: ast.expr) -> bool:
    """`self.x`, `self.weights.size(0)`, `self.pe.shape[1]`: read from the module's state."""
    while True:
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return isinstance(node, ast.Name) and node.id == "self"


def _outgrows(test: ast.expr) -> bool:
    """`n > self.cached`, `self.table.size(0) < n` (also `>=`/`<=`): a length against the
    length the module's state holds."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    if not isinstance(test.ops[0], ast.Gt | ast.GtE | ast.Lt | ast.LtE):
        return False
    sides = (test.left, test.comparators[0])
    return sum(_on_self(side) for side in sides) == 1


def _missing(test: ast.expr) -> bool:
    """`self.weights is None`: the table was never built."""
    return (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Is)
        and _on_self(test.left)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    )


def _rebuilds(statement: ast.stmt) -> bool:
    """`self.x = ...` / `self.a, self.b = ...` / `self.register_buffer(...)` /
    `self._build_cache(...)`: a statement that only refreshes the module's state."""
    if isinstance(statement, ast.Assign):
        targets = [
            element
            for target in statement.targets
            for element in (target.elts if isinstance(target, ast.Tuple) else [target])
        ]
        return all(isinstance(t, ast.Attribute) and _on_self(t) for t in targets)
    if isinstance(statement, ast.AnnAssign):
        return isinstance(statement.target, ast.Attribute) and _on_self(statement.target)
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Attribute)
        and _on_self(statement.value.func)
    )


def _class_of(tree: ast.AST | None, stmt: ast.stmt) -> ast.ClassDef | None:
    """The innermost class whose body holds `stmt`."""
    found: ast.ClassDef | None = None
    # Classes are statements: the statement walk skips expressions (a whole-module
    # `ast.walk` per `if` this pre-check reads on the lint path).
    for node in walk_statements(tree) if tree is not None else ():
        if not isinstance(node, ast.ClassDef):
            continue
        holds = node.lineno <= stmt.lineno <= (node.end_lineno or node.lineno)
        if holds and (found is None or node.lineno > found.lineno):
            found = node
    return found


def _registers(node: ast.AST) -> set[str]:
    """Names `self.register_buffer("name", ...)` registers under `node`; "*" for a name that
    is not a string literal."""
    names: set[str] = set()
    for call in walk(node):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "register_buffer"
        ):
            first = call.args[0] if call.args else None
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            names.add(first.value if literal else "*")  # type: ignore[union-attr]
    return names


def _assigned_attributes(node: ast.AST) -> set[str]:
    return {
        target.attr
        for target in walk(node)
        if isinstance(target, ast.Attribute)
        and isinstance(target.ctx, ast.Store)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    }


def _plain_state(tree: ast.AST | None, stmt: ast.If) -> bool:
    """The rebuild sets plain attributes only, never a registered buffer: the exported program
    lifts a buffer as an input and keeps the one it was given (measured on torch 2.13:
    `register_buffer` or `self.buf = ...` in forward leaves ep.module() with the old table),
    while a plain tensor attribute set in forward is traced as the new table. Helper methods
    the block calls are read in the class; one not found (inherited) is not trusted."""
    owner = _class_of(tree, stmt)
    if owner is None:
        return False
    registered = _registers(owner)
    if "*" in registered:
        return False
    methods = {
        f.name: f for f in owner.body if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    reached: list[ast.AST] = list(stmt.body)
    for statement in stmt.body:
        call = statement.value if isinstance(statement, ast.Expr) else None
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            method = methods.get(call.func.attr)
            if method is None:
                return False
            reached.append(method)
    for node in reached:
        if _registers(node) or _assigned_attributes(node) & registered:
            return False
    return True


def is_growing_table(stmt: ast.If, tree: ast.AST | None = None) -> bool:
    """The `if` refreshes a cached table (plain attributes, not buffers: see `_plain_state`)
    when the current length outgrows it."""
    if stmt.orelse or not stmt.body:
        return False
    test = stmt.test
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        tests = list(test.values)
        if not all(_outgrows(t) or _missing(t) for t in tests):
            return False
        if not any(_outgrows(t) for t in tests):
            return False
    elif not _outgrows(test):
        return False
    return all(_rebuilds(s) for s in stmt.body) and _plain_state(tree, stmt)


def rebuild_always(ctx: FixContext, stmt: ast.If) -> Fix:
    """`if n > self.cached: <rebuild>` -> `<rebuild>` (the block's statements, dedented)."""
    if not is_growing_table(stmt, ctx.tree):
        raise NotRewritable("not a cache refreshed when the length outgrows it")
    cm = codemod_for(ctx, stmt)
    node = cm.find(stmt, cst.If)
    if not isinstance(node, cst.If) or not isinstance(node.body, cst.IndentedBlock):
        raise NotRewritable("the block is on the `if` line")
    if Codemod.comment_lines(node.body.footer):
        raise NotRewritable("a comment ends the block")
    comments = list(Codemod.comment_lines(node.leading_lines))
    header = Codemod.header_comment(node.body)
    if header:
        comments.append(cst.EmptyLine(comment=cst.Comment(header)))
    body = list(node.body.body)
    body[0] = with_leading(body[0], comments)
    return fix(
        "Rebuild the cached table for the current length at every call, without the size "
        "test (unsafe: the rows read must not depend on the table's length, as for "
        "position tables; the module keeps the last call's table)",
        Applicability.UNSAFE,
        *cm.edits({stmt: body}),
    )
