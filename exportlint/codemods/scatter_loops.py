"""A loop whose only effect is writing one value at positions each iteration computes →
`exportlint.ops.simple_loop_for` collecting the positions, and one write (EXL401).

    keep = torch.zeros_like(scores, dtype=torch.bool)
    for c in torch.unique(labels):
        where = torch.where(labels == c)[0]
        keep[where[scores[where].argmax()]] = True

becomes

    keep = torch.zeros_like(scores, dtype=torch.bool)
    _values = torch.unique(labels)

    def _loop_body(i, _values, labels, scores):
        c = _values.index_select(0, i.reshape(1)).squeeze(0)
        where = torch.where(labels == c)[0]
        return where[scores[where].argmax()].reshape(-1)

    _positions = simple_loop_for(_values.shape[0], _loop_body, (_values, labels, scores))
    keep[_positions] = True

The kind: per-class / per-group loops (batched NMS by class, per-label selections, loops over
`torch.unique(...)` or a `.tolist()` of ids) that mark positions. One value is written, so
the order of the writes does not matter and one write of all the positions does the same.
The positions are taken as integer indices (`.reshape(-1)`: one or many per iteration); a
second candidate takes them as a boolean mask per iteration (`.any(0)` of the masks).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

import libcst as cst

from exportlint.analysis.kinds import Kind, Value
from exportlint.codemods import NotRewritable, loop_parts, simple_loop_body
from exportlint.codemods.branches import check_branch, loads_in, stored_in
from exportlint.codemods.core import (
    Codemod,
    codemod_for,
    fresh_name,
    leading_lines,
    with_comment,
    with_leading,
)
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_UNSAFE = (
    "the positions written must be {kind}; the value written must be the same for every iteration"
)


def rewrite_scatter_loop(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
    as_mask: bool = False,
) -> Fix:
    function = loop_parts.plain_loop_in_function(loop, function)
    block = loop_parts.block_of(ctx, loop, function)
    body, write = loop.body[:-1], loop.body[-1]
    if not (
        isinstance(write, ast.Assign)
        and len(write.targets) == 1
        and isinstance(write.targets[0], ast.Subscript)
        and isinstance(write.targets[0].value, ast.Name)
        and not isinstance(write.targets[0].slice, ast.Tuple | ast.Slice)
    ):
        raise NotRewritable("the loop does not end by writing one value at some positions")
    target = write.targets[0]
    assert isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
    written = target.value.id
    value = env.get(written)
    if value is None or value.kind is not Kind.TENSOR or value.is_container:
        raise NotRewritable(f"`{written}` is not a tensor")
    check_branch(body)
    names = loop_parts.loop_targets(loop.target)
    local = stored_in(body) | set(names)
    if written in local or set(loads_in([ast.Expr(write.value)])) & local:
        raise NotRewritable("the value written changes from one iteration to the next")
    if written in loads_in(body):
        raise NotRewritable(f"the body reads `{written}`")
    carried = simple_loop_body.state_carried(ctx, function, loop, body)
    if carried:
        raise NotRewritable(f"the loop carries `{carried}` from one iteration to the next")

    original = loop
    cm = codemod_for(ctx, loop)
    taken = loop_parts.taken_names(ctx, function)
    before: list[str] = []
    iterable = loop.iter
    holder: str | None = None
    iterated = ctx.value_of(iterable)
    call_of_tensor = (
        isinstance(iterable, ast.Call)
        and not _plain_iteration(iterable)
        and iterated is not None
        and iterated.kind is Kind.TENSOR
        and not iterated.is_container
    )
    bind_env = dict(env)
    if call_of_tensor:
        # `for c in torch.unique(x)`: the values are computed once, before the loop.
        holder = fresh_name("_values", taken)
        before.append(f"{holder} = {ctx.segment(iterable)}")
        assert iterated is not None
        bind_env[holder] = iterated
        loop = _with_iter(loop, holder)
    param, bindings, n_iter, iterables = simple_loop_body.bind_iteration(ctx, loop, names, bind_env)
    index_node = target.slice
    operands = simple_loop_body.tensor_operands(
        iterables, loads_in([*body, ast.Expr(index_node)]), names, bind_env
    )
    body_name = loop_parts.unique_name(ctx, function, "_loop_body")
    moved = [cm.statement(s) for s in body]
    if isinstance(loop.iter, ast.Call) and holder is None:
        moved = simple_loop_body.index_with_tensor(cm, body, param, moved)
    index_cst = cm.find(index_node)
    index_text = cm.code(index_cst)
    if not isinstance(index_node, ast.Name | ast.Subscript | ast.Call | ast.Attribute):
        index_text = f"({index_text})"
    piece = f"{index_text}.unsqueeze(0)" if as_mask else f"{index_text}.reshape(-1)"
    statements: list[cst.BaseStatement] = [cm.statement_from(b + "\n", write) for b in bindings]
    statements.extend(moved)
    write_line = cm.statement(write)
    returned = cm.statement_from(f"return {piece}\n", write)
    returned = with_leading(returned, Codemod.comment_lines(leading_lines(write_line)))
    for_node = cm.find(original, cst.For)
    assert isinstance(for_node, cst.For)
    statements.append(returned)
    params = ", ".join([param, *operands])
    definition = loop_parts.body_function(cm, write, for_node, body_name, params, statements)
    positions = fresh_name("_positions", taken)
    args = [n_iter, body_name, simple_loop_body.operand_tuple(operands)]
    call = simple_loop_body.loop_for_call(cm, original, for_node, args, prefix=f"{positions} = ")
    selected = f"{positions}.any(0)" if as_mask else positions
    value_text = ctx.segment(write.value)
    final = cm.statement_from(f"{written}[{selected}] = {value_text}\n", original)
    if isinstance(write_line, cst.SimpleStatementLine) and write_line.trailing_whitespace.comment:
        final = with_comment(final, write_line.trailing_whitespace.comment.value)
    head = [cm.statement_from(line + "\n", original) for line in before]
    first = [*head, definition]
    index = next(i for i, s in enumerate(block) if s is original)
    previous = ctx.lines[original.lineno - 2].strip() if original.lineno > 1 else ""
    lead = list(for_node.leading_lines)
    first[0] = first[0].with_changes(leading_lines=lead)
    if head:
        definition = with_leading(definition, [cst.EmptyLine(indent=False)])
        first[-1] = definition
    elif previous and index > 0 and not (lead and lead[0].comment is None):
        first[0] = with_leading(first[0], [cst.EmptyLine(indent=False)])
    edits = simple_loop_body.with_loop_for_import(ctx, cm.edits({original: [*first, call, final]}))
    kind = "a boolean mask of the whole tensor" if as_mask else "integer indices"
    how = "a mask per iteration" if as_mask else "indices"
    return fix(
        f"Collect the positions each iteration writes ({how}) with "
        f"`exportlint.ops.simple_loop_for` and write them at once "
        f"({_UNSAFE.format(kind=kind)})",
        Applicability.UNSAFE,
        *edits,
    )


def rewrite_scatter_mask_loop(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    return rewrite_scatter_loop(ctx, loop, env, function, as_mask=True)


def _plain_iteration(call: ast.Call) -> bool:
    """range()/zip()/enumerate() and `.tolist()`: iterations `bind_iteration` knows."""
    func = call.func
    if isinstance(func, ast.Name) and func.id in ("range", "zip", "enumerate"):
        return True
    return isinstance(func, ast.Attribute) and func.attr == "tolist"


def _with_iter(loop: ast.For, name: str) -> ast.For:
    """A copy of the loop iterating `name` (for `bind_iteration`; its nodes are not in the
    file)."""
    new = ast.For(
        target=loop.target, iter=ast.Name(id=name, ctx=ast.Load()), body=loop.body, orelse=[]
    )
    return ast.copy_location(new, loop)
