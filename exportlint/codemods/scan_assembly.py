"""Writing a `torch._higher_order_ops.scan` in place of a loop: the body function, the
initial carry and the scanned inputs, the call, and the stacked outputs back where the loop's
list went.

Two families emit it: `scan_loops` (one narrow loop shape, read directly) and `carry_loops`
(the kind, planned first). They decide differently *what* the carry, the inputs and the
per-step outputs are; *how* a scan is spelled so that it exports and converts to ONNX is the
same, and lives here:

    def _scan_body(carry, xs):              <- body_definition (the loop's comments kept)
        ...
        return carry, piece                 <- pieces cloned when they may alias (may_alias)

    _init = carry
    _xs = (x.movedim(1, 0), ...)            <- scan_setup
    if torch.compiler.is_exporting():
        _init, _xs = _init.detach(), tuple(t.detach().clone() for t in _xs)
    carry, pieces = torch._higher_order_ops.scan(_scan_body, _init, _xs)   <- scan_call
    out = pieces.movedim(0, 1)              <- unstack

Measured on torch 2.13: the exported scan converts to ONNX (a `Scan` node) only when none of
its inputs needs gradients, hence the detach while exporting; several inputs that are views
of one tensor trip scan's memory-overlap test in export ("vr must not be None"), hence the
copies; a step output that aliases an input or another output is rejected, hence the clones.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst

from exportlint.codemods import loop_parts
from exportlint.codemods.core import Codemod, leading_lines, with_comment
from exportlint.fixes import FixContext

# Methods whose result may share memory with their receiver: scan rejects a step output
# that aliases an input or another output, so such a piece is cloned.
_VIEWS = frozenset(
    {
        "view", "reshape", "transpose", "permute", "unsqueeze", "squeeze", "expand",
        "narrow", "select", "flatten", "movedim", "contiguous", "detach", "t", "view_as",
        "expand_as", "unflatten", "swapaxes", "as_strided", "chunk", "split", "unbind",
    }
)  # fmt: skip


def may_alias(piece: ast.expr) -> bool:
    """A piece that may share memory with the carry or a slice: a name, an attribute, an
    index, or a view method's result."""
    if isinstance(piece, ast.Name | ast.Attribute | ast.Subscript):
        return True
    if isinstance(piece, ast.Call) and isinstance(piece.func, ast.Attribute):
        return piece.func.attr in _VIEWS
    return False


def unstack(name: str, dim: int, stacked: bool) -> str:
    """scan stacks the pieces on a new first axis: the torch.stack / torch.cat the loop's
    list went to, from there."""
    if stacked:
        return name if dim == 0 else f"{name}.movedim(0, {dim})"
    if dim == 0:
        return f"{name}.flatten(0, 1)"
    if dim > 0:
        return f"{name}.movedim(0, {dim}).flatten({dim}, {dim + 1})"
    return f"{name}.movedim(0, {dim - 1}).flatten({dim - 1}, {dim})"


def body_definition(
    ctx: FixContext,
    cm: Codemod,
    loop: ast.For,
    loop_node: cst.For,
    name: str,
    params: str,
    lines: Sequence[cst.BaseStatement],
    created: Sequence[ast.stmt],
) -> cst.BaseStatement:
    """`def name(params):` in place of the loop, carrying the comments above the lists it
    removes (`created`) and above the loop; black's empty line before a nested def that
    follows other code."""
    definition = loop_parts.body_function(cm, loop, loop_node, name, params, lines)
    leading = [
        *(line for c in created for line in leading_lines(cm.statement(c))),
        *loop_node.leading_lines,
    ]
    first = min([loop.lineno, *(c.lineno for c in created)])
    previous = ctx.lines[first - 2].strip() if first > 1 else ""
    if previous and not (leading and leading[0].comment is None):
        leading.insert(0, cst.EmptyLine(indent=False))
    return definition.with_changes(leading_lines=leading)


def scan_setup(
    cm: Codemod,
    loop: ast.For,
    init_name: str,
    init_text: str,
    xs_name: str,
    xs_line: str,
    carries: int,
    inputs: int,
) -> list[cst.BaseStatement]:
    """`_init = ...`, the inputs line (`xs_line`, assigning `xs_name`), and their detached
    copies while exporting (`carries` / `inputs`: how many; several travel as a tuple)."""
    torch = cm.ctx.torch()
    detach_init = (
        f"{init_name}.detach()" if carries == 1 else f"tuple(t.detach() for t in {init_name})"
    )
    # Several inputs may be views of one tensor (`q, k, v = qkv.unbind(0)`): export then
    # trips on scan's memory-overlap test ("vr must not be None"); copies do not overlap.
    detach_xs = (
        f"{xs_name}.detach()" if inputs == 1 else f"tuple(t.detach().clone() for t in {xs_name})"
    )
    return [
        cm.statement_from(f"{init_name} = {init_text}\n", loop).with_changes(
            leading_lines=[cst.EmptyLine(indent=False)]
        ),
        cm.statement_from(xs_line + "\n", loop),
        cm.statement_from(
            f"if {torch}.compiler.is_exporting():\n"
            "    # torch.onnx converts scan only if its inputs need no gradients\n"
            f"    {init_name}, {xs_name} = {detach_init}, {detach_xs}\n",
            loop,
        ),
    ]


def scan_call(
    cm: Codemod,
    loop: ast.For,
    loop_node: cst.For,
    body_name: str,
    init_name: str,
    xs_name: str,
    bound: str,
) -> cst.BaseStatement:
    """`bound = torch._higher_order_ops.scan(body, _init, _xs)`, laid out as black would,
    with the `for` header's comments (a backslash-continued header included)."""
    text = cm.layout_call(
        loop,
        f"{cm.ctx.torch()}._higher_order_ops.scan",
        [body_name, init_name, xs_name],
        prefix=f"{bound} = ",
    )
    call = cm.statement_from(text + "\n", loop)
    return with_comment(call, " ".join(loop_parts.header_comments(cm, loop_node)))
