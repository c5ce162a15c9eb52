"""A memo dict keyed by dynamic sizes (EXL301) -> the memo skipped while exporting.

    cache_key = (x.shape[-2], x.shape[-1])
    if cache_key in self.cache:
        return self.cache[cache_key]
    pos = ...
    self.cache[cache_key] = pos
->
    if not torch.compiler.is_exporting() and cache_key in self.cache:
        ...
    if not torch.compiler.is_exporting():
        self.cache[cache_key] = pos

Hashing a symbolic size fails export (TypeError: unhashable type: SymInt). With
`torch.compiler.is_exporting()` tested first, `and` never evaluates the lookup under export
and the store is skipped, so the traced program computes the value for the current size;
eager keeps its memo. Unsafe, with its condition: the value stored must be a function of the
key only (a position table of the size, as in SAM2/DETR), which `--fix --verify` checks.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.core import Replacement, codemod_for, leading_lines
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def _same(a: ast.AST, b: ast.AST) -> bool:
    return ast.dump(a) == ast.dump(b)


def _stores(
    function: ast.AST, container: ast.Attribute, key: ast.expr, lookup: ast.If
) -> list[ast.Assign]:
    """The `container[key] = value` statements of the function; NotRewritable when the
    container is used otherwise (outside the lookup's own block)."""
    inside = {id(n) for statement in lookup.body for n in ast.walk(statement)}
    stores: list[ast.Assign] = []
    allowed = {id(container)}  # the lookup's own `self.cache` (`key in self.cache`)
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Subscript)
            and _same(node.targets[0].value, container)
        ):
            if not _same(node.targets[0].slice, key):
                raise NotRewritable("the memo is stored under another key")
            stores.append(node)
            allowed.add(id(node.targets[0].value))
    for node in ast.walk(function):
        if _same(node, container) and id(node) not in allowed and id(node) not in inside:
            raise NotRewritable("the memo is used elsewhere in the function")
    if not stores:
        raise NotRewritable("no `cache[key] = value` store found")
    return stores


def skip_memo_when_exporting(ctx: FixContext, lookup: ast.If, function: ast.AST | None) -> Fix:
    test = lookup.test
    if not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.In)
        and isinstance(test.comparators[0], ast.Attribute)
    ):
        raise NotRewritable("not `if key in self.cache:`")
    if function is None:
        raise NotRewritable("the lookup is not in a function")
    container = test.comparators[0]
    stores = _stores(function, container, test.left, lookup)
    torch = ctx.torch()
    cm = codemod_for(ctx, lookup, *stores)
    original = cm.find(lookup, cst.If)
    assert isinstance(original, cst.If)
    guard = f"not {torch}.compiler.is_exporting()"
    new_test = cst.BooleanOperation(left=ex.parse(guard), operator=cst.And(), right=original.test)
    # The test alone: a store in the `else:` block is edited too, and edits must not nest.
    edits: dict[ast.AST, Replacement] = {test: new_test}
    for store in stores:
        statement = cm.statement(store)
        wrapped = cm.statement_from(f"if {guard}:\n    pass\n", store)
        assert isinstance(wrapped, cst.If) and isinstance(wrapped.body, cst.IndentedBlock)
        inner = statement.with_changes(leading_lines=[])
        wrapped = wrapped.with_changes(
            leading_lines=leading_lines(statement),
            body=wrapped.body.with_changes(body=[inner]),
        )
        edits[store] = [wrapped]
    return fix(
        f"Skip the memo while exporting (`{guard} and key in cache`, and the store under "
        f"`if {guard}:`): the traced program computes the value for the current size (unsafe: "
        "the value stored must depend on the key only)",
        Applicability.UNSAFE,
        *cm.edits(edits),
    )
