"""Fast paths on tensor data that only set a name to a constant (EXL101).

    if (attention_mask == 1).all():         if not torch.compiler.is_exporting() and (
        attention_mask = None          ->        attention_mask == 1
                                            ).all():
                                                attention_mask = None

A test on data that, when it holds, replaces a value by `None` or a flag (a mask of all ones
dropped so that attention takes its unmasked kernel, `use_cache = False` when nothing is
padded) is a shortcut: the general path computes the same result with the value kept.
torch.cond cannot return `None` or a Python flag, so the branch rewrite refuses; the exported
program can simply always take the general path. Two candidates, both unsafe under the same
condition ("the general path computes the same result when the test holds"), which only a
run can confirm (`--fix --verify`):

1. skip the fast path while exporting (`if not torch.compiler.is_exporting() and ...`): eager
   code is unchanged;
2. drop it (the `if` goes; an `else:` block, the general path, stays, unwrapped).
"""

from __future__ import annotations

import ast
import contextlib

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods.core import (
    REMOVE,
    Codemod,
    codemod_for,
    leading_lines,
    statements_of,
    with_leading,
)
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_CONDITION = "the general path must compute the same result when the test holds"


def fast_path_candidates(ctx: FixContext, stmt: ast.If) -> list[Fix]:
    """The candidates for `if <data test>: name = <constant>` (see the module doc); [] when
    the `if` is no such fast path."""
    if not _sets_constants(stmt.body) or _is_elif_chain(ctx, stmt):
        return []
    if stmt.orelse and _sets_constants(stmt.orelse):
        return []  # both branches set flags: a choice, not a shortcut
    from exportlint.codemods.warn_only import unless_exporting

    torch = ctx.torch()
    found = [
        unless_exporting(
            ctx,
            stmt,
            f"Skip the fast path while exporting (`if not {torch}.compiler.is_exporting() "
            f"and ...`; unsafe: the exported program always takes the general path; "
            f"{_CONDITION}; --fix --verify checks it)",
        )
    ]
    limit = ctx.candidate_limit  # --fix and --diff apply the first: build no more
    if limit is not None and len(found) >= limit:
        return found
    with contextlib.suppress(NotRewritable):  # an `elif` follows: the skip only
        found.append(_drop(ctx, stmt))
    return found


def _sets_constants(body: list[ast.stmt]) -> bool:
    """Every statement assigns a constant (`None`, a bool, a number) to plain names."""
    if not body:
        return False
    for statement in body:
        if isinstance(statement, ast.Pass):
            continue
        if not (
            isinstance(statement, ast.Assign)
            and isinstance(statement.value, ast.Constant)
            and all(isinstance(t, ast.Name) for t in statement.targets)
        ):
            return False
    return True


def _is_elif_chain(ctx: FixContext, stmt: ast.If) -> bool:
    if ctx.lines[stmt.lineno - 1].lstrip().startswith("elif"):
        return True
    orelse = stmt.orelse
    return (
        len(orelse) == 1
        and isinstance(orelse[0], ast.If)
        and ctx.lines[orelse[0].lineno - 1].lstrip().startswith("elif")
    )


def _drop(ctx: FixContext, stmt: ast.If) -> Fix:
    cm = codemod_for(ctx, stmt)
    node = cm.find(stmt, cst.If)
    assert isinstance(node, cst.If)
    # The comments of the dropped block stay, as comment lines where the `if` was.
    comments = Codemod.comment_lines(node.leading_lines)
    header = Codemod.header_comment(node.body)
    if header:
        comments.append(cst.EmptyLine(comment=cst.Comment(header)))
    for statement in statements_of(node.body):
        comments.extend(Codemod.comment_lines(leading_lines(statement)))
        trailing = getattr(statement, "trailing_whitespace", None)
        if trailing is not None and trailing.comment is not None:
            comments.append(cst.EmptyLine(comment=trailing.comment))
    kept: list[cst.BaseStatement] = []
    if isinstance(node.orelse, cst.Else):
        comments.extend(Codemod.comment_lines(node.orelse.leading_lines))
        else_header = Codemod.header_comment(node.orelse.body)
        if else_header:
            comments.append(cst.EmptyLine(comment=cst.Comment(else_header)))
        kept = statements_of(node.orelse.body)
    elif node.orelse is not None:
        raise NotRewritable("an `elif` follows")
    if not kept:
        if not comments:
            edits = cm.edits({stmt: REMOVE})
        else:
            edits = cm.edits({stmt: [with_leading(cm.statement_from("pass\n", stmt), comments)]})
    else:
        kept[0] = with_leading(kept[0], comments)
        edits = cm.edits({stmt: kept})
    test = cm.bare(node.test)
    return fix(
        f"Drop the fast path on `{test}` and keep the general one (unsafe: {_CONDITION}; "
        "--fix --verify checks it)",
        Applicability.UNSAFE,
        *edits,
    )
