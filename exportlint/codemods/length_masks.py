"""A padding mask filled row by row from per-sequence lengths -> one comparison (EXL401).

    for i, n in enumerate(lengths.tolist()):
        mask[i, :n] = True
->
    mask[torch.arange(mask.shape[1], device=mask.device)[None, :] < lengths[:, None]] = True

`.tolist()` reads the lengths into Python (export cannot trace it) and the loop unrolls for
the traced batch. The comparison of the positions with the lengths is the same mask, built in
the graph. Measured on torch 2.13: the boolean-index assignment exports and is right in
onnxruntime on unseen batch sizes and lengths, and works for masks with trailing axes
(`(batch, length, dim)`); `torch.where`/`masked_fill` on a bool mask do not load in
onnxruntime (no bool `Where` kernel), so they are not offered.

Unsafe, with its conditions: the lengths are one non-negative entry per row of the mask (a
negative `n` counts from the end in a slice), and the tensor the loop enumerates is 1-d.
`mask[i, n:] = v` (the padded tail) becomes `>=`.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

import libcst as cst

from exportlint.analysis.kinds import Kind, Value
from exportlint.codemods import NotRewritable
from exportlint.codemods.core import Codemod, codemod_for
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def _plain(node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _lengths(loop: ast.For, env: Mapping[str, Value]) -> ast.expr:
    """The tensor `enumerate(lengths.tolist())` / `enumerate(lengths)` goes over."""
    it = loop.iter
    if not (
        isinstance(it, ast.Call)
        and isinstance(it.func, ast.Name)
        and it.func.id == "enumerate"
        and len(it.args) == 1
        and not it.keywords
    ):
        raise NotRewritable("the loop does not enumerate lengths")
    arg = it.args[0]
    if (
        isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Attribute)
        and arg.func.attr == "tolist"
        and not arg.args
        and not arg.keywords
        and _plain(arg.func.value)
    ):
        return arg.func.value
    if isinstance(arg, ast.Name) and env.get(arg.id, None) is not None:
        value = env[arg.id]
        if value.kind is Kind.TENSOR:
            return arg
    raise NotRewritable("the loop does not enumerate a tensor of lengths")


def _constant(node: ast.expr) -> bool:
    """A value that is the same at every iteration: a literal, `-1`, `float("-inf")`."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _constant(node.operand)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "float"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and not node.keywords
    )


def rewrite_length_mask(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    del function  # the loop is rewritten where it stands
    if loop.orelse or len(loop.body) != 1:
        raise NotRewritable("the loop body is not one masked write")
    target = loop.target
    if not (
        isinstance(target, ast.Tuple)
        and len(target.elts) == 2
        and all(isinstance(e, ast.Name) for e in target.elts)
    ):
        raise NotRewritable("the loop does not unpack (row, length)")
    row, length = (e.id for e in target.elts if isinstance(e, ast.Name))
    lengths = _lengths(loop, env)
    write = loop.body[0]
    if not (
        isinstance(write, ast.Assign)
        and len(write.targets) == 1
        and isinstance(write.targets[0], ast.Subscript)
        and _constant(write.value)
    ):
        raise NotRewritable("the loop body is not one write of a constant")
    sub = write.targets[0]
    assert isinstance(sub, ast.Subscript)
    index = sub.slice
    if not (
        isinstance(sub.value, ast.Name)
        and sub.value.id not in (row, length)
        and isinstance(index, ast.Tuple)
        and len(index.elts) == 2
        and isinstance(index.elts[0], ast.Name)
        and index.elts[0].id == row
        and isinstance(index.elts[1], ast.Slice)
        and index.elts[1].step is None
    ):
        raise NotRewritable("the write is not `mask[i, :n]` or `mask[i, n:]`")
    span = index.elts[1]
    assert isinstance(span, ast.Slice)

    def is_length(node: ast.expr | None) -> bool:
        return isinstance(node, ast.Name) and node.id == length

    if span.lower is None and is_length(span.upper):
        compare = "<"
    elif is_length(span.lower) and span.upper is None:
        compare = ">="
    else:
        raise NotRewritable("the write is not `mask[i, :n]` or `mask[i, n:]`")

    cm = codemod_for(ctx, loop)
    node = cm.find(loop, cst.For)
    if not isinstance(node, cst.For) or not isinstance(node.body, cst.IndentedBlock):
        raise NotRewritable("the loop body is on the `for` line")
    comments = list(Codemod.comment_lines(node.leading_lines))
    header = Codemod.header_comment(node.body)
    if header:
        comments.append(cst.EmptyLine(comment=cst.Comment(header)))
    (inner,) = node.body.body
    comments += Codemod.comment_lines(getattr(inner, "leading_lines", ()))
    trailing = getattr(getattr(inner, "trailing_whitespace", None), "comment", None)
    if trailing is not None:
        comments.append(cst.EmptyLine(comment=cst.Comment(trailing.value)))
    comments += Codemod.comment_lines(node.body.footer)
    if ctx.segment(loop).count("#") > len(comments) - len(
        Codemod.comment_lines(node.leading_lines)
    ):
        raise NotRewritable("a comment inside the loop would be lost")
    mask = sub.value.id
    torch = ctx.torch()
    text = (
        f"{mask}[{torch}.arange({mask}.shape[1], device={mask}.device)[None, :] "
        f"{compare} {ctx.segment(lengths)}[:, None]] = {ctx.segment(write.value)}\n"
    )
    statement = cm.statement_from(text, loop)
    statement = statement.with_changes(leading_lines=comments)
    return fix(
        f"Build the mask in one comparison with the lengths (`arange(L) {compare} lengths`) "
        "instead of a Python loop over them (unsafe: one non-negative length per row of the "
        "mask, from a 1-d tensor)",
        Applicability.UNSAFE,
        *cm.edits({loop: [statement]}),
    )
