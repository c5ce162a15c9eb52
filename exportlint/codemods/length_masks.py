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
import io
import tokenize
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


def _is_name(node: ast.AST | None, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _row_size(node: ast.expr, mask: str, row: str, axis: int) -> bool:
    """`mask[row].size(axis)` or `mask[row].shape[axis]`."""
    if isinstance(node, ast.Call) and not node.keywords and len(node.args) == 1:
        func, arg = node.func, node.args[0]
        if not (isinstance(func, ast.Attribute) and func.attr == "size"):
            return False
        receiver = func.value
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
        if node.value.attr != "shape":
            return False
        receiver, arg = node.value.value, node.slice
    else:
        return False
    return (
        isinstance(arg, ast.Constant)
        and arg.value == axis
        and isinstance(receiver, ast.Subscript)
        and _is_name(receiver.value, mask)
        and _is_name(receiver.slice, row)
    )


def _narrow_fill(loop: ast.For, row: str, length: str) -> tuple[str, int, ast.expr] | None:
    """(mask, axis of the mask, value) of DeepSpeech's MaskConv body, or None:

    length = length.item()                      # or int(length); optional
    if (mask[i].size(a) - length) > 0:          # optional: a narrow of 0 fills nothing
        mask[i].narrow(a, length, mask[i].size(a) - length).fill_(v)
    """
    body = list(loop.body)
    if loop.orelse or not body:
        return None
    first = body[0]
    if (
        len(body) == 2
        and isinstance(first, ast.Assign)
        and len(first.targets) == 1
        and _is_name(first.targets[0], length)
        and isinstance(first.value, ast.Call)
        and not first.value.keywords
        and (
            (  # length.item()
                isinstance(first.value.func, ast.Attribute)
                and first.value.func.attr == "item"
                and not first.value.args
                and _is_name(first.value.func.value, length)
            )
            or (  # int(length)
                _is_name(first.value.func, "int")
                and len(first.value.args) == 1
                and _is_name(first.value.args[0], length)
            )
        )
    ):
        body = body[1:]
    if len(body) != 1:
        return None
    statement = body[0]
    test: ast.expr | None = None
    if isinstance(statement, ast.If):
        if statement.orelse or len(statement.body) != 1:
            return None
        test, statement = statement.test, statement.body[0]
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return None
    fill = statement.value
    if not (
        isinstance(fill.func, ast.Attribute)
        and fill.func.attr == "fill_"
        and len(fill.args) == 1
        and not fill.keywords
        and _constant(fill.args[0])
        and isinstance(fill.func.value, ast.Call)
    ):
        return None
    narrow = fill.func.value
    func = narrow.func
    if not (
        isinstance(func, ast.Attribute)
        and func.attr == "narrow"
        and len(narrow.args) == 3
        and not narrow.keywords
        and isinstance(func.value, ast.Subscript)
        and isinstance(func.value.value, ast.Name)
        and _is_name(func.value.slice, row)
    ):
        return None
    mask = func.value.value.id
    axis_node, start, size = narrow.args
    if not (
        isinstance(axis_node, ast.Constant)
        and type(axis_node.value) is int
        and axis_node.value >= 0
        and mask not in (row, length)
    ):
        return None
    axis = axis_node.value

    def rest(node: ast.expr) -> bool:  # mask[i].size(a) - length
        return (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Sub)
            and _row_size(node.left, mask, row, axis)
            and _is_name(node.right, length)
        )

    if not (_is_name(start, length) and rest(size)):
        return None
    if test is not None and not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and (
            (  # mask[i].size(a) - length > 0
                isinstance(test.ops[0], ast.Gt)
                and rest(test.left)
                and isinstance(test.comparators[0], ast.Constant)
                and test.comparators[0].value == 0
            )
            or (  # mask[i].size(a) > length
                isinstance(test.ops[0], ast.Gt)
                and _row_size(test.left, mask, row, axis)
                and _is_name(test.comparators[0], length)
            )
            or (  # length < mask[i].size(a)
                isinstance(test.ops[0], ast.Lt)
                and _is_name(test.left, length)
                and _row_size(test.comparators[0], mask, row, axis)
            )
        )
    ):
        return None
    return mask, axis + 1, fill.args[0]


def _rewrite_narrow_fill(
    ctx: FixContext, loop: ast.For, lengths: ast.expr, mask: str, axis: int, value: ast.expr
) -> Fix:
    """The MaskConv loop -> one boolean-index write: positions >= length along `axis` of
    `mask` (the row's axis + 1), broadcast over the other axes of each row."""
    torch = ctx.torch()
    cm = codemod_for(ctx, loop)
    node = cm.find(loop, cst.For)
    if not isinstance(node, cst.For):
        raise NotRewritable("the loop could not be located in the syntax tree")
    # Every comment of the loop (its header's, its lines') moves before the new statement.
    comments = list(Codemod.comment_lines(node.leading_lines))
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(ctx.segment(loop) + "\n").readline))
    except (tokenize.TokenError, SyntaxError) as error:
        raise NotRewritable("the loop could not be tokenized") from error
    comments += [
        cst.EmptyLine(comment=cst.Comment(tok.string))
        for tok in tokens
        if tok.type == tokenize.COMMENT
    ]
    # (T, 1, ...) right-aligned at `axis`, against (B, 1, ..., 1): (B, .., T, ..) of the
    # mask's rank, expanded to the mask's shape.
    positions = (
        f"{torch}.arange({mask}.shape[{axis}], device={mask}.device)"
        f".view(-1, *[1] * ({mask}.dim() - {axis + 1}))"
    )
    per_row = f"{ctx.segment(lengths)}.view(-1, *[1] * ({mask}.dim() - 1))"
    text = f"{mask}[({positions} >= {per_row}).expand_as({mask})] = {ctx.segment(value)}\n"
    statement = cm.statement_from(text, loop).with_changes(leading_lines=comments)
    return fix(
        "Build the mask in one comparison with the lengths (positions >= length along the "
        "narrowed axis) instead of a Python loop filling each row's tail (unsafe: one "
        "non-negative length per row of the mask, from a 1-d tensor)",
        Applicability.UNSAFE,
        *cm.edits({loop: [statement]}),
    )


def rewrite_length_mask(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    del function  # the loop is rewritten where it stands
    if loop.orelse or not loop.body:
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
    narrowed = _narrow_fill(loop, row, length)
    if narrowed is not None:
        return _rewrite_narrow_fill(ctx, loop, lengths, *narrowed)
    write = loop.body[0]
    if len(loop.body) != 1:
        raise NotRewritable("the loop body is not one masked write")
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
