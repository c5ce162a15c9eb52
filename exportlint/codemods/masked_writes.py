"""Writes into a tensor under a tensor test → unconditional writes of `torch.where` (EXL101).

    if not keep.any():                    keep[0] = keep[0] | ~keep.any()
        keep[0] = True            ->
                                          _when = ~(scores.max() < 0)
    if not scores.max() < 0:              scores[:, 0] = torch.where(_when, 0.0, scores[:, 0])
        scores[:, 0] = 0.0        ->      scores[:, -1] = torch.where(_when, 1.0, scores[:, -1])
        scores[:, -1] = 1.0

torch.cond cannot take these branches (a branch must not change a tensor in place), and a
guard that only writes a default when nothing was selected is common in real code
(detectron2 keeps one box when none is valid, transformers sets the first mask position).
The slot keeps its value when the test is false; the written value is computed in both cases.
With several writes the test is computed once, before them (a later write must not see the
test change because of an earlier one).
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods.core import Codemod, codemod_for, fresh_name, with_comment, with_leading
from exportlint.codemods.while_loops import TensorTest
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_UNSAFE = (
    "the written value is computed even when the test is false (it must not fail there), "
    "and it broadcasts to the written slot"
)


def rewrite_masked_writes(ctx: FixContext, stmt: ast.If, taken: set[str]) -> Fix:
    if stmt.orelse:
        raise NotRewritable("the `if` has an `else`")
    writes: list[ast.Assign] = []
    for part in stmt.body:
        if not (
            isinstance(part, ast.Assign)
            and len(part.targets) == 1
            and isinstance(part.targets[0], ast.Subscript)
            and isinstance(_base(part.targets[0]), ast.Name)
        ):
            raise NotRewritable("the branch does more than write into tensors by index")
        writes.append(part)
    written = {_base(w.targets[0]).id for w in writes}  # type: ignore[attr-defined]
    cm = codemod_for(ctx, stmt)
    node = cm.find(stmt, cst.If)
    assert isinstance(node, cst.If)
    test = node.test.visit(TensorTest())
    assert isinstance(test, cst.BaseExpression)
    test_text = cm.bare(test)
    # `|`, `&` and `~` bind tighter than comparisons: only such a test needs parentheses.
    plain = isinstance(
        test, cst.UnaryOperation | cst.Name | cst.Attribute | cst.Call | cst.Subscript
    )
    torch = ctx.torch()
    reads_written = bool(written & {n.id for n in ast.walk(stmt.test) if isinstance(n, ast.Name)})
    lines: list[cst.BaseStatement] = []
    condition = test_text
    if len(writes) > 1 and reads_written:
        condition = fresh_name("_when", taken)
        lines.append(cm.statement_from(f"{condition} = {test_text}\n", stmt))
    elif len(writes) > 1:
        condition = f"({test_text})"
    for write in writes:
        line = cm.statement(write)
        assert isinstance(line, cst.SimpleStatementLine)
        assign = line.body[0]
        assert isinstance(assign, cst.Assign)
        target = cm.code(assign.targets[0].target)
        value = cm.code(assign.value)
        operand = condition if plain or condition != test_text else f"({condition})"
        where = cm.expr(_select(write.value, condition, operand, value, target, torch))
        lines.append(line.with_changes(body=[assign.with_changes(value=where)]))
    comment = Codemod.header_comment(node.body)
    first = with_leading(lines[0], node.leading_lines)
    lines[0] = with_comment(first, comment)
    edits = cm.edits({stmt: lines})
    return fix(
        f"Write unconditionally with `{torch}.where(test, value, slot)` ({_UNSAFE})",
        Applicability.UNSAFE,
        *edits,
    )


def _select(node: ast.expr, condition: str, operand: str, value: str, slot: str, torch: str) -> str:
    """The slot's new value. A boolean slot (a literal True/False is written) is combined
    with `|`/`&`: onnxruntime has no `Where` kernel for booleans (measured, ORT 1.31)."""
    if isinstance(node, ast.Constant) and node.value is True:
        return f"{slot} | {operand}"
    if isinstance(node, ast.Constant) and node.value is False:
        return f"{slot} & ~{operand}"
    return f"{torch}.where({condition}, {value}, {slot})"


def _base(target: ast.expr) -> ast.expr:
    while isinstance(target, ast.Subscript):
        target = target.value
    return target
