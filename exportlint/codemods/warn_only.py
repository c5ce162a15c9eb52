"""Sizes read as Python numbers only to decide whether to warn (EXL301, EXL302, EXL201).

    if warning:                                 if not torch.compiler.is_exporting() and warning:
        h = int(t.shape[-1])                ->      h = int(t.shape[-1])
        if h > 1 and (h - 1) % 2:                   if h > 1 and (h - 1) % 2:
            warnings.warn(f"...{h}...")                 warnings.warn(f"...{h}...")

The `int()` bakes the traced size, and the tests on it add guards that make the exported
program reject other sizes, yet nothing the model computes depends on them: the block only
warns or logs. Skipping it while exporting (`torch.compiler.is_exporting()` is True under
torch.export and torch.onnx's dynamo export, False in eager) keeps the eager program as it
was and removes the hazard from the traced one, whatever the block computes in between.
Measured on torch 2.13 (export, ONNX, onnxruntime on unseen sizes) with mmsegmentation's
`resize`.

A block qualifies when every statement in it is an assignment to local names that nothing
after it reads (with no in-place method call in it), a nested `if`/`for` of the same, `pass`,
or a call of `warnings.warn`, `logging.*`, `logger.<level>(...)` or `print`.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.analysis.imports import qualified_name
from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.core import codemod_for
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_LOG_METHODS = frozenset(
    {"warn", "warning", "info", "debug", "error", "critical", "exception", "log", "warning_once",
     "info_once"}
)  # fmt: skip
_REPORTERS = frozenset({"warnings.warn", "builtins.print"})


def skip_when_exporting(ctx: FixContext, stmt: ast.stmt) -> Fix:
    """Put `not torch.compiler.is_exporting() and` before the test of the outermost `if`
    around `stmt` whose whole block only computes what a warning needs and warns."""
    block = _outermost_warning_block(ctx, stmt)
    if block is None:
        raise NotRewritable("the value is not only used to decide whether to warn")
    torch = ctx.torch()
    return unless_exporting(
        ctx,
        block,
        f"Skip the block while exporting (`if not {torch}.compiler.is_exporting() and ...`): "
        "it only decides whether to warn, so the traced program computes the same without it (the "
        "warning is not issued under export)",
    )


def unless_exporting(ctx: FixContext, block: ast.If, description: str) -> Fix:
    """`if test:` -> `if not torch.compiler.is_exporting() and test:` (unsafe)."""
    torch = ctx.torch()
    cm = codemod_for(ctx, block)
    original = cm.find(block, cst.If)
    assert isinstance(original, cst.If)
    test = original.test
    loose = isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or)
    if loose or isinstance(test, cst.IfExp | cst.Lambda | cst.NamedExpr):
        test = ex.parenthesized(test)  # `and` would bind to a part of it
    guard = ex.parse(f"not {torch}.compiler.is_exporting()")
    # The guard first: `and` then never evaluates the test (a size comparison) under export.
    new_test = cst.BooleanOperation(left=guard, operator=cst.And(), right=test)
    new = original.with_changes(test=new_test)
    return fix(description, Applicability.UNSAFE, *cm.edits({block: new}))


def _outermost_warning_block(ctx: FixContext, stmt: ast.stmt) -> ast.If | None:
    best: ast.If | None = None
    node: ast.AST | None = stmt
    function: ast.AST | None = None
    ifs: list[ast.If] = []
    while node is not None:
        parent = ctx.parent(node)
        if isinstance(parent, ast.If) and (node in parent.body or node in parent.orelse):
            ifs.append(parent)
        if isinstance(parent, _FUNCTIONS):
            function = parent
            break
        node = parent
    if function is None:
        return None
    for candidate in ifs:  # innermost first
        if _only_warns(ctx, [candidate]) and not _read_after(function, candidate):
            best = candidate
        elif best is not None:
            break
    if best is None or not _warns(ctx, best):
        return None
    return best


def _only_warns(ctx: FixContext, statements: list[ast.stmt]) -> bool:
    for statement in statements:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            if not all(_plain_names(t) for t in targets) or _mutates(statement):
                return False
            continue
        if isinstance(statement, ast.If):
            if not (_only_warns(ctx, statement.body) and _only_warns(ctx, statement.orelse)):
                return False
            continue
        if isinstance(statement, ast.For):
            if statement.orelse or not _plain_names(statement.target):
                return False
            if not _only_warns(ctx, statement.body):
                return False
            continue
        if isinstance(statement, ast.Expr) and _is_report(ctx, statement.value):
            continue
        return False
    return True


def _mutates(statement: ast.stmt) -> bool:
    """An in-place method call in it (`y = x.add_(1)`): skipping it changes `x`."""
    return any(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr.endswith("_")
        and not n.func.attr.startswith("__")
        for n in ast.walk(statement)
    )


def _plain_names(target: ast.expr) -> bool:
    if isinstance(target, ast.Name):
        return True
    if isinstance(target, ast.Tuple | ast.List):
        return all(_plain_names(e) for e in target.elts)
    return False


def _is_report(ctx: FixContext, node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    name = qualified_name(node.func, ctx.imports, ()) or ""
    if isinstance(node.func, ast.Name) and node.func.id == "print":
        return True
    if name in _REPORTERS or name.startswith("logging."):
        return True
    return (
        isinstance(node.func, ast.Attribute)
        and node.func.attr in _LOG_METHODS
        and ("log" in (ast.unparse(node.func.value).lower()))
    )


def _warns(ctx: FixContext, block: ast.If) -> bool:
    return any(isinstance(n, ast.Expr) and _is_report(ctx, n.value) for n in ast.walk(block))


def _assigned(block: ast.AST) -> set[str]:
    return {
        n.id for n in ast.walk(block) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }


def _read_after(function: ast.AST, block: ast.If) -> bool:
    """A name the block assigns is read outside it (after it, or by a loop around it)."""
    names = _assigned(block)
    inside = {id(n) for n in ast.walk(block)}
    return any(
        isinstance(n, ast.Name)
        and isinstance(n.ctx, ast.Load)
        and n.id in names
        and id(n) not in inside
        for n in ast.walk(function)
    )
