"""A loop that fills a region of a tensor per iteration with one value → one boolean mask
built from `arange` comparisons and a single `masked_fill_` (EXL401).

    for s, e in zip(starts, ends):      s, e = starts, ends
        mask[s:e, s:e] = 0      ->      _pos0 = torch.arange(mask.shape[0], device=mask.device)
                                        _in0 = (_pos0 >= s[:, None]) & (_pos0 < e[:, None])
                                        _pos1 = torch.arange(mask.shape[1], device=mask.device)
                                        _in1 = (_pos1 >= s[:, None]) & (_pos1 < e[:, None])
                                        _hit = _in0[:, :, None] & _in1[:, None, :]
                                        mask.masked_fill_(_hit.any(0).reshape(...), 0)

The kind: block-diagonal attention masks, padding masks filled per sample (`mask[i, :n] = 1`
over `range(b)`), spans marked per row. Every loop variable becomes the vector of its values
over all iterations (`zip(a, b)`: `a`, `b`; `range(n)`: `arange(n)`; `for s, e in spans`:
its columns), every bound an element-wise expression of them, and a position is filled when
some iteration's region holds it. The writes commute (one value), so the order of the
iterations does not matter.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

import libcst as cst

from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Value
from exportlint.codemods import NotRewritable, loop_parts
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
    "slice bounds and indices must not be negative (Python counts those from the end); zip() "
    "of tensors of different lengths stops at the shortest, the rewrite needs equal lengths"
)

_ELEMENTWISE = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)


@dataclass(frozen=True)
class _Fill:
    """One `target[parts] = value` of the body."""

    target: str
    parts: tuple[ast.expr, ...]
    value: ast.expr
    from_end: bool  # `t[..., a:b]`: the parts index the last dimensions


def rewrite_fill_loop(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
    second: bool = False,
) -> Fix:
    """`second`: the other way to write a True/False fill (a boolean tensor takes `|=` /
    `&= ~`, which onnxruntime runs, where a masked_fill of booleans has no kernel; a tensor
    of numbers takes masked_fill_). The first is `|=` / `&= ~` for a True/False value."""
    function = loop_parts.plain_loop_in_function(loop, function)
    torch = ctx.torch()
    names, vectors = _vectors(ctx, loop, env, torch)
    fills = [_fill_of(stmt, env) for stmt in loop.body]
    loop_vars = set(names)
    for item in fills:
        if item.target in loop_vars or _reads(item.value) & loop_vars:
            raise NotRewritable("the value written depends on the loop variables")
        if not any(_reads(p) & loop_vars for p in item.parts):
            raise NotRewritable("the region written does not depend on the loop variables")
        for part in item.parts:
            _check_part(part, loop_vars)
    values = {ctx.segment(f.value) for f in fills}
    targets = {f.target for f in fills}
    if len(values) > 1 and len(targets) < len(fills):
        raise NotRewritable("the body writes different values into one tensor")
    end = loop.end_lineno or loop.lineno
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and node.id in loop_vars and node.lineno > end:
            raise NotRewritable(f"`{node.id}` is read after the loop")

    taken = loop_parts.taken_names(ctx, function)
    lines = [f"{', '.join(names)} = {', '.join(vectors)}"]
    positions: dict[tuple[str, int], str] = {}
    for item in fills:
        k = len(item.parts)
        terms: list[str] = []
        for d, part in enumerate(item.parts):
            axis = d - k if item.from_end else d
            term = _term(ctx, part, item.target, axis, loop_vars, positions, lines, taken, torch)
            if term is None:
                continue
            text, batched = term
            if k == 1:
                terms.append(text)
                continue
            name = fresh_name(f"_in{d}", taken)
            lines.append(f"{name} = {text}")
            shape = [":" if batched else "None"] + ["None"] * k
            shape[1 + d] = ":"
            terms.append(f"{name}[{', '.join(shape)}]")
        hit = fresh_name("_hit", taken)
        lines.append(f"{hit} = {' & '.join(terms)}")
        mask = f"{hit}.any(0)"
        if not item.from_end:
            # The region's dimensions come first: the mask broadcasts over the others.
            trailing = f"*[1] * ({item.target}.dim() - {k})"
            mask = f"{mask}.reshape(*{hit}.shape[1:], {trailing})"
        flag = item.value.value if isinstance(item.value, ast.Constant) else None
        logical = isinstance(flag, bool) and not second
        if second and not isinstance(flag, bool):
            raise NotRewritable("the value is not True or False")
        if logical:
            lines.append(f"{item.target} |= {mask}" if flag else f"{item.target} &= ~{mask}")
        else:
            lines.append(f"{item.target}.masked_fill_({mask}, {ctx.segment(item.value)})")

    cm = codemod_for(ctx, loop)
    loop_node = cm.find(loop, cst.For)
    assert isinstance(loop_node, cst.For)
    new = [cm.statement_from(line + "\n", loop) for line in lines]
    new[0] = with_leading(new[0], loop_node.leading_lines)
    header = Codemod.header_comment(loop_node.body)
    new[0] = with_comment(new[0], header)
    # Comments of the body stay with the statement that does the writes now.
    for stmt in loop.body:
        moved = cm.statement(stmt)
        new[-1] = with_leading(new[-1], Codemod.comment_lines(leading_lines(moved)))
        if isinstance(moved, cst.SimpleStatementLine) and moved.trailing_whitespace.comment:
            new[-1] = with_comment(new[-1], moved.trailing_whitespace.comment.value)
    footer = getattr(loop_node.body, "footer", ())
    new[-1] = with_leading(new[-1], Codemod.comment_lines(list(footer)))
    how = "`masked_fill_`" if second or "masked_fill_" in lines[-1] else "`|=` / `&= ~`"
    return fix(
        f"Fill every iteration's region at once with a mask built from `arange` and {how} "
        f"({_UNSAFE})",
        Applicability.UNSAFE,
        *cm.edits({loop: new}),
    )


def _vectors(
    ctx: FixContext, loop: ast.For, env: Mapping[str, Value], torch: str
) -> tuple[list[str], list[str]]:
    """The loop variables and, for each, the vector of its values over the iterations."""
    iterable, target = loop.iter, loop.target
    names = _names(target)
    if (
        isinstance(iterable, ast.Call)
        and isinstance(iterable.func, ast.Attribute)
        and iterable.func.attr == "tolist"
        and not iterable.args
    ):
        iterable = iterable.func.value  # the rows of the tensor, as tensors
    if isinstance(iterable, ast.Call) and not iterable.keywords:
        called = dotted(iterable.func)
        args = iterable.args
        if called == "range" and 1 <= len(args) <= 3 and len(names) == 1:
            bounds = ", ".join(ctx.segment(a) for a in args)
            return names, [f"{torch}.arange({bounds})"]
        if called == "zip" and len(args) == len(names) and all(_tensor(a, env) for a in args):
            return names, [ctx.segment(a) for a in args]
        if (
            called == "enumerate"
            and len(args) == 1
            and isinstance(target, ast.Tuple)
            and len(target.elts) == 2
        ):
            inner = args[0]
            rest = _names(target.elts[1])
            first = inner.args[0] if isinstance(inner, ast.Call) and inner.args else inner
            count = f"{torch}.arange({ctx.atom(first)}.shape[0], device={ctx.atom(first)}.device)"
            if _tensor(inner, env) and len(rest) == 1:
                return names, [count, ctx.segment(inner)]
            if (
                isinstance(inner, ast.Call)
                and dotted(inner.func) == "zip"
                and len(inner.args) == len(rest)
                and all(_tensor(a, env) for a in inner.args)
            ):
                return names, [count, *(ctx.segment(a) for a in inner.args)]
    if _tensor(iterable, env):
        source = ctx.atom(iterable)
        if len(names) == 1:
            return names, [source]
        return names, [f"{source}[:, {k}]" for k in range(len(names))]
    raise NotRewritable("the loop does not iterate a tensor, zip() of tensors or range()")


def _tensor(node: ast.expr, env: Mapping[str, Value]) -> bool:
    return isinstance(node, ast.Name) and loop_parts.is_tensor(env, node.id)


def _names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple):
        out: list[str] = []
        for element in target.elts:
            out.extend(_names(element))
        return out
    raise NotRewritable("the loop target is not a name or a tuple of names")


def _fill_of(stmt: ast.stmt, env: Mapping[str, Value]) -> _Fill:
    """`t[parts] = v` (or `t[parts].fill_(v)`, `.zero_()`) on a tensor name."""
    target: ast.expr | None = None
    value: ast.expr | None = None
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
    elif (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Attribute)
        and not stmt.value.keywords
    ):
        call = stmt.value
        if call.func.attr == "fill_" and len(call.args) == 1:  # type: ignore[attr-defined]
            target, value = call.func.value, call.args[0]  # type: ignore[attr-defined]
        elif call.func.attr == "zero_" and not call.args:  # type: ignore[attr-defined]
            target, value = call.func.value, ast.Constant(0)  # type: ignore[attr-defined]
            ast.copy_location(value, call)
    if not (
        isinstance(target, ast.Subscript)
        and isinstance(target.value, ast.Name)
        and loop_parts.is_tensor(env, target.value.id)
        and value is not None
    ):
        raise NotRewritable("the body does more than fill regions of a tensor with a value")
    if isinstance(value, ast.Constant) and not hasattr(value, "end_col_offset"):
        raise NotRewritable("the body does more than fill regions of a tensor with a value")
    parts = loop_parts.index_parts(target)
    from_end = bool(parts) and isinstance(parts[0], ast.Constant) and parts[0].value is Ellipsis
    if from_end:
        parts = parts[1:]
    if not parts or any(isinstance(p, ast.Constant) and p.value is Ellipsis for p in parts):
        raise NotRewritable("an `...` stands elsewhere than first in the region")
    return _Fill(target.value.id, tuple(parts), value, from_end)


def _reads(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _check_part(part: ast.expr, loop_vars: set[str]) -> None:
    pieces = [part.lower, part.upper] if isinstance(part, ast.Slice) else [part]
    if isinstance(part, ast.Slice) and part.step is not None:
        raise NotRewritable("a slice of the region has a step")
    for piece in pieces:
        if piece is not None and _reads(piece) & loop_vars:
            _check_elementwise(piece, loop_vars)


def _check_elementwise(node: ast.expr, loop_vars: set[str]) -> None:
    """Only expressions that mean the same for every element of a vector of the values."""
    if isinstance(node, ast.Name | ast.Constant):
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, _ELEMENTWISE):
        _check_elementwise(node.left, loop_vars)
        _check_elementwise(node.right, loop_vars)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        _check_elementwise(node.operand, loop_vars)
        return
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id not in loop_vars
    ):
        first = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
        if isinstance(first, ast.Name) and first.id in loop_vars:
            return  # `lengths[i]`: with `i` a vector, a gather of the same elements
    raise NotRewritable(f"`{ast.unparse(node)}` is not an element-wise bound")


def _term(
    ctx: FixContext,
    part: ast.expr,
    target: str,
    axis: int,
    loop_vars: set[str],
    positions: dict[tuple[str, int], str],
    lines: list[str],
    taken: set[str],
    torch: str,
) -> tuple[str, bool] | None:
    """The selection of one dimension: a (iterations, size) or (size,) boolean, and whether
    it has the iterations axis; None for a whole dimension."""
    if isinstance(part, ast.Slice) and part.lower is None and part.upper is None:
        return None
    key = (target, axis)
    if key not in positions:
        name = fresh_name(f"_pos{axis}" if axis >= 0 else f"_pos_{-axis}", taken)
        lines.append(f"{name} = {torch}.arange({target}.shape[{axis}], device={target}.device)")
        positions[key] = name
    pos = positions[key]

    def bound(node: ast.expr) -> tuple[str, bool]:
        if _reads(node) & loop_vars:
            return f"{ctx.atom(node)}[:, None]", True
        return (ctx.atom(node), False)

    if isinstance(part, ast.Slice):
        conditions: list[str] = []
        batched = False
        if part.lower is not None:
            text, more = bound(part.lower)
            conditions.append(f"({pos} >= {text})")
            batched |= more
        if part.upper is not None:
            text, more = bound(part.upper)
            conditions.append(f"({pos} < {text})")
            batched |= more
        return " & ".join(conditions), batched
    text, batched = bound(part)
    return f"{pos} == {text}", batched


def rewrite_fill_loop_second(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    return rewrite_fill_loop(ctx, loop, env, function, second=True)
