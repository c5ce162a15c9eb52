"""The length regulator's loop → one gather (EXL401).

    for i, (e, d) in enumerate(zip(emb, durations)):
        r = torch.repeat_interleave(e, d, dim=0)
        out[i, : r.size(0)] = r

becomes

    _ends = durations.cumsum(dim=1)
    _frames = torch.arange(out.size(1), device=out.device)
    # frame t of an item is the token whose frames end after t
    _token = (_frames[None, :, None] >= _ends[:, None, :]).sum(dim=-1)
    _valid = _frames[None, :] < _ends[:, -1:]
    _rows = torch.arange(emb.size(0), device=emb.device)[:, None]
    _taken = emb[_rows, _token.clamp(max=emb.size(1) - 1)]
    out = torch.where(_valid[..., None], _taken.to(out.dtype), out)

FastSpeech-style models expand every token `d` times and write the frames of each item
into a zero-padded batch. Frame `t` of item `b` is token `k` where `ends[b, k-1] <= t <
ends[b, k]` (`ends` the running sum of the durations): counting the ends at or before `t`
gives `k`. Frames past the item's total keep what the output held, as the loop left them.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.analysis.imports import dotted
from exportlint.codemods import NotRewritable
from exportlint.codemods.branches import function_names
from exportlint.codemods.core import (
    Codemod,
    codemod_for,
    fresh_name,
    leading_lines,
    with_comment,
    with_leading,
)
from exportlint.codemods.loop_parts import header_comments
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_UNSAFE = (
    "the durations must be non-negative integers, one per token, and the output long enough "
    "for every item's frames; the output is rebound to a new tensor instead of written in "
    "place"
)


def rewrite_length_regulator(
    ctx: FixContext,
    loop: ast.For,
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) or loop.orelse:
        raise NotRewritable("the loop is not a plain loop in a function")
    index, item, duration, embeddings, durations = _header(loop)
    if len(loop.body) != 2:
        raise NotRewritable("the body is not a repeat_interleave and a write")
    repeat, write = loop.body
    repeated = _repeat(ctx, repeat, item, duration)
    out = _write(write, index, repeated)
    torch = ctx.torch()
    taken = set(function_names(ctx, function).taken)
    ends, frames, token, valid, rows, gathered = (
        fresh_name(n, taken) for n in ("_ends", "_frames", "_token", "_valid", "_rows", "_taken")
    )
    lines = [
        f"{ends} = {durations}.cumsum(dim=1)",
        f"{frames} = {torch}.arange({out}.size(1), device={out}.device)",
        "# frame t of an item is the token whose frames end after t",
        f"{token} = ({frames}[None, :, None] >= {ends}[:, None, :]).sum(dim=-1)",
        f"{valid} = {frames}[None, :] < {ends}[:, -1:]",
        f"{rows} = {torch}.arange({embeddings}.size(0), device={embeddings}.device)[:, None]",
        f"{gathered} = {embeddings}[{rows}, {token}.clamp(max={embeddings}.size(1) - 1)]",
        f"{out} = {torch}.where({valid}[..., None], {gathered}.to({out}.dtype), {out})",
    ]
    cm = codemod_for(ctx, loop)
    statements = [
        cm.statement_from(line + "\n", loop) for line in lines if not line.startswith("#")
    ]
    # the comment goes before the line it explains
    statements[2] = with_leading(statements[2], [cst.EmptyLine(comment=cst.Comment(lines[2]))])
    # No comment is lost: the header's go on the first line, the body's before it.
    loop_node = cm.find(loop, cst.For)
    assert isinstance(loop_node, cst.For)
    statements[0] = with_comment(statements[0], " ".join(header_comments(cm, loop_node)))
    inner: list[cst.EmptyLine] = []
    for stmt in loop.body:
        line = cm.statement(stmt)
        inner.extend(Codemod.comment_lines(leading_lines(line)))
        trailing = getattr(getattr(line, "trailing_whitespace", None), "comment", None)
        if trailing is not None:
            inner.append(cst.EmptyLine(comment=cst.Comment(trailing.value)))
    statements[0] = with_leading(statements[0], [*leading_lines(loop_node), *inner])
    return fix(
        f"Expand every item at once with a gather instead of looping over the batch ({_UNSAFE})",
        Applicability.UNSAFE,
        *cm.edits({loop: statements}),
    )


def _header(loop: ast.For) -> tuple[str, str, str, str, str]:
    """`for i, (e, d) in enumerate(zip(emb, durations))`."""
    target, iterable = loop.target, loop.iter
    if not (
        isinstance(target, ast.Tuple)
        and len(target.elts) == 2
        and isinstance(target.elts[0], ast.Name)
        and isinstance(target.elts[1], ast.Tuple)
        and len(target.elts[1].elts) == 2
        and all(isinstance(e, ast.Name) for e in target.elts[1].elts)
        and isinstance(iterable, ast.Call)
        and dotted(iterable.func) == "enumerate"
        and len(iterable.args) == 1
        and not iterable.keywords
    ):
        raise NotRewritable("the loop is not `for i, (e, d) in enumerate(zip(emb, durations))`")
    zipped = iterable.args[0]
    if not (
        isinstance(zipped, ast.Call)
        and dotted(zipped.func) == "zip"
        and len(zipped.args) == 2
        and not zipped.keywords
        and all(isinstance(a, ast.Name) for a in zipped.args)
    ):
        raise NotRewritable("the loop does not zip two named tensors")
    item, duration = (e.id for e in target.elts[1].elts)  # type: ignore[attr-defined]
    embeddings, durations = (a.id for a in zipped.args)  # type: ignore[attr-defined]
    return target.elts[0].id, item, duration, embeddings, durations


def _repeat(ctx: FixContext, stmt: ast.stmt, item: str, duration: str) -> str:
    """`r = torch.repeat_interleave(e, d, dim=0)` / `r = e.repeat_interleave(d, dim=0)`: r."""
    if not (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and isinstance(stmt.value, ast.Call)
    ):
        raise NotRewritable("the body does not start with `r = repeat_interleave(...)`")
    call = stmt.value
    name = dotted(call.func) or ""
    qualified = name.rsplit(".", 1)
    args: list[ast.expr]
    if len(qualified) == 2 and ctx.imports.get(qualified[0], "") == "torch":
        if qualified[1] != "repeat_interleave":
            raise NotRewritable("the body does not start with `r = repeat_interleave(...)`")
        args = list(call.args)
    elif isinstance(call.func, ast.Attribute) and call.func.attr == "repeat_interleave":
        args = [call.func.value, *call.args]
    else:
        raise NotRewritable("the body does not start with `r = repeat_interleave(...)`")
    dim = [k.value for k in call.keywords if k.arg == "dim"] + args[2:]
    if (
        len(args) < 2
        or not (isinstance(args[0], ast.Name) and args[0].id == item)
        or not (isinstance(args[1], ast.Name) and args[1].id == duration)
        or len(dim) != 1
        or not (isinstance(dim[0], ast.Constant) and dim[0].value == 0)
        or any(k.arg not in ("dim",) for k in call.keywords)
    ):
        raise NotRewritable("the item is not repeated by its durations along its first axis")
    return stmt.targets[0].id


def _write(stmt: ast.stmt, index: str, repeated: str) -> str:
    """`out[i, : r.size(0)] = r` (or `r.shape[0]`, `len(r)`): out."""
    if not (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Subscript)
        and isinstance(stmt.targets[0].value, ast.Name)
        and isinstance(stmt.value, ast.Name)
        and stmt.value.id == repeated
    ):
        raise NotRewritable("the body does not end with `out[i, : r.size(0)] = r`")
    target = stmt.targets[0]
    parts = target.slice.elts if isinstance(target.slice, ast.Tuple) else []
    if not (
        len(parts) == 2
        and isinstance(parts[0], ast.Name)
        and parts[0].id == index
        and isinstance(parts[1], ast.Slice)
        and parts[1].lower is None
        and parts[1].step is None
        and parts[1].upper is not None
        and _is_length_of(parts[1].upper, repeated)
    ):
        raise NotRewritable("the body does not end with `out[i, : r.size(0)] = r`")
    return target.value.id  # type: ignore[attr-defined,no-any-return]


def _is_length_of(node: ast.expr, name: str) -> bool:
    text = ast.unparse(node)
    return text in (f"{name}.size(0)", f"{name}.shape[0]", f"len({name})")
