"""A loop that writes one row of a preallocated tensor per iteration →
`exportlint.ops.simple_loop_for` returning the rows (EXL401).

    out = torch.zeros(b, n)                 out = torch.zeros(b, n)
    for i in range(b):                      def _loop_body(i, out, x):
        k = x[i].sum()                 ->       out_row = out.index_select(0, i.reshape(1))
        out[i, k:] = 1                          out_row = out_row.squeeze(0).clone()
                                                k = x.index_select(0, i.reshape(1)).squeeze(0).sum()
                                                out_row[k:] = 1
                                                return out_row.unsqueeze(0)

                                            out = simple_loop_for(b, _loop_body, (out, x))

The kind: per-row / per-image / per-sample loops (`for i in range(batch)`, `for i, row in
enumerate(x)`) whose only effect is on row `i` of one or more tensors created before the
loop (`out[i] = ...`, `out[i, :h] = ...`, `out[i][mask] = ...`, `out[i, ...].copy_(...)`).
Rows do not depend on each other, so each iteration can start from its own row, change it and
return it; simple_loop_for concatenates the rows, whatever the data-dependent sizes inside the
body (`.item()` bounds, boolean masks). The other tensors the body indexes with the loop index
get their row with `index_select`; a row unpacked into numbers (`h, w = sizes[i]`) is read
with `.item()`; an `if ...: raise` check in the body becomes `torch._check`.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

import libcst as cst

from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Kind, Value
from exportlint.codemods import NotRewritable, loop_parts, simple_loop_body
from exportlint.codemods.branches import loads_in, stored_in
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
    "the loop must visit every row of {names} once (its trip count is their first size) and "
    "each iteration may change only its own row; {names} must not be read through another "
    "name, nor be a forward argument whose change the caller sees"
)

# Attributes of a written tensor the body may read without seeing other rows.
_META = frozenset({"shape", "dtype", "device", "ndim"})


@dataclass(frozen=True)
class _Index:
    """How the loop yields its index: the body's index parameter, the statements binding the
    other loop variables, the trip count, and the tensors iterated."""

    name: str
    bindings: tuple[str, ...]
    n_iter: str
    iterated: tuple[str, ...]


def rewrite_row_loop(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    function = loop_parts.plain_loop_in_function(loop, function)
    loop_parts.block_of(ctx, loop, function)
    index = _index_of(ctx, loop, env)
    body = loop.body
    _check_control(body)
    rows, selected = _subscripts(body, index.name, env)
    written = _written(body, rows, index.name)
    if not written:
        raise NotRewritable("the loop does not write rows of a tensor at the loop index")
    for name in written:
        if name in stored_in(body) or name == index.name:
            raise NotRewritable(f"the body rebinds `{name}`")
    _check_uses(body, written, rows)
    end = loop.end_lineno or loop.lineno
    for name in written:
        # Rebinding the name to the rows only helps code that reads it afterwards; a tensor
        # changed for the caller (an argument, a buffer) keeps its in-place loop.
        if not any(
            isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
            for n in ast.walk(function)
            if getattr(n, "lineno", 0) > end
        ):
            raise NotRewritable(f"`{name}` is not read after the loop")
    carried = simple_loop_body.state_carried(ctx, function, loop, body)
    if carried:
        raise NotRewritable(f"the loop carries `{carried}` from one iteration to the next")

    targets = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    operands = simple_loop_body.tensor_operands(
        list(written), [*index.iterated, *loads_in(body)], targets, env
    )

    torch = ctx.torch()
    taken = loop_parts.taken_names(ctx, function)
    row_names = {w: fresh_name(f"{w}_row", taken) for w in written}
    body_name = loop_parts.unique_name(ctx, function, "_loop_body")
    cm = codemod_for(ctx, loop)
    loop_node = cm.find(loop, cst.For)
    assert isinstance(loop_node, cst.For)
    select = f".index_select(0, {index.name}.reshape(1)).squeeze(0)"
    plan: dict[int, cst.BaseExpression] = {}
    for node in [*rows, *selected]:
        found = cm.find(node, cst.Subscript)
        assert isinstance(found, cst.Subscript)
        parts = len(node.slice.elts) if isinstance(node.slice, ast.Tuple) else 1
        if len(found.slice) != parts:
            raise NotRewritable("an index is a parenthesised tuple")
        name = node.value.id  # type: ignore[attr-defined]
        plan[id(found)] = (
            cst.Name(row_names[name]) if name in row_names else cm.expr(f"{name}{select}")
        )

    statements: list[cst.BaseStatement] = [
        cm.statement_from(f"{row_names[w]} = {w}{select}.clone()\n", loop) for w in written
    ]
    statements.extend(cm.statement_from(b + "\n", loop) for b in index.bindings)
    swap = _Swap(plan)
    for stmt in body:
        moved = cm.statement(stmt)
        unpacked = _unpacked_row(stmt, selected)
        if unpacked is not None:
            statements.extend(_unpack(cm, stmt, moved, unpacked, select, taken, loop))
            continue
        swapped = moved.visit(swap)
        assert isinstance(swapped, cst.BaseStatement)
        statements.append(_raise_to_check(ctx, cm, stmt, swapped, torch, loop))
    pieces = [f"{row_names[w]}.unsqueeze(0)" for w in written]
    returned = pieces[0] if len(pieces) == 1 else f"({', '.join(pieces)})"
    statements.append(cm.statement_from(f"return {returned}\n", loop))

    params = ", ".join([index.name, *operands])
    definition = loop_parts.body_function(cm, loop, loop_node, body_name, params, statements)
    definition = definition.with_changes(leading_lines=list(loop_node.leading_lines))
    previous = ctx.lines[loop.lineno - 2].strip() if loop.lineno > 1 else ""
    first = loop_node.leading_lines[0] if loop_node.leading_lines else None
    if previous and not (first is not None and first.comment is None):
        definition = with_leading(definition, [cst.EmptyLine(indent=False)])
    result = ", ".join(written)
    args = [index.n_iter, body_name, simple_loop_body.operand_tuple(operands)]
    call = simple_loop_body.loop_for_call(cm, loop, loop_node, args, prefix=f"{result} = ")
    edits = simple_loop_body.with_loop_for_import(ctx, cm.edits({loop: [definition, call]}))
    names = ", ".join(f"`{w}`" for w in written)
    return fix(
        "Compute each row in `exportlint.ops.simple_loop_for` and concatenate the rows "
        f"({_UNSAFE.format(names=names)})",
        Applicability.UNSAFE,
        *edits,
    )


def _index_of(ctx: FixContext, loop: ast.For, env: Mapping[str, Value]) -> _Index:
    """`range(n)` (the index is the loop variable), `enumerate(t)`, `enumerate(zip(a, b))`."""
    iterable, target = loop.iter, loop.target
    if not isinstance(iterable, ast.Call) or iterable.keywords:
        raise NotRewritable("the loop does not iterate range(n) or enumerate(tensor)")
    called = dotted(iterable.func)
    if called == "range" and len(iterable.args) == 1 and isinstance(target, ast.Name):
        count = iterable.args[0]
        if (
            isinstance(count, ast.Call)
            and dotted(count.func) == "len"
            and len(count.args) == 1
            and isinstance(count.args[0], ast.Name)
            and loop_parts.is_tensor(env, count.args[0].id)
        ):
            return _Index(target.id, (), f"{count.args[0].id}.shape[0]", ())
        return _Index(target.id, (), ctx.segment(count), ())
    if not (
        called == "enumerate"
        and len(iterable.args) == 1
        and isinstance(target, ast.Tuple)
        and len(target.elts) == 2
        and isinstance(target.elts[0], ast.Name)
    ):
        raise NotRewritable("the loop does not iterate range(n) or enumerate(tensor)")
    index, bound = target.elts[0].id, target.elts[1]
    inner = iterable.args[0]
    if (
        isinstance(inner, ast.Name)
        and isinstance(bound, ast.Name)
        and loop_parts.is_tensor(env, inner.id)
    ):
        sources, names = [inner.id], [bound.id]
    elif (
        isinstance(inner, ast.Call)
        and dotted(inner.func) == "zip"
        and not inner.keywords
        and all(isinstance(a, ast.Name) and loop_parts.is_tensor(env, a.id) for a in inner.args)
        and isinstance(bound, ast.Tuple)
        and len(bound.elts) == len(inner.args)
        and all(isinstance(e, ast.Name) for e in bound.elts)
    ):
        sources = [a.id for a in inner.args]  # type: ignore[attr-defined]
        names = [e.id for e in bound.elts]  # type: ignore[attr-defined]
    else:
        raise NotRewritable("the loop does not enumerate a tensor or zip() of tensors")
    # Slice bounds must be ints (`.item()`); everything else keeps the row a tensor.
    numbers = simple_loop_body.slice_only_uses(loop, names)
    bindings = tuple(
        f"{n} = {s}.index_select(0, {index}.reshape(1))"
        + (".item()" if n in numbers else ".squeeze(0)")
        for n, s in zip(names, sources)
    )
    return _Index(index, bindings, f"{sources[0]}.shape[0]", tuple(sources))


def _check_control(body: list[ast.stmt]) -> None:
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.Return | ast.Yield | ast.YieldFrom | ast.Await):
            raise NotRewritable("the body returns, yields or awaits")
        if isinstance(node, ast.Global | ast.Nonlocal):
            raise NotRewritable("the body declares global/nonlocal names")
        if isinstance(node, ast.Break | ast.Continue) and not loop_parts.in_inner_loop(node, body):
            raise NotRewritable("the body uses `break`/`continue`")


def _first_index(node: ast.Subscript, index: str) -> bool:
    """`t[i]`, `t[i, ...]`: the subscript's first index is the loop index."""
    part = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
    if isinstance(node.slice, ast.Tuple) and not node.slice.elts:
        return False
    return isinstance(part, ast.Name) and part.id == index


def _subscripts(
    body: list[ast.stmt], index: str, env: Mapping[str, Value]
) -> tuple[list[ast.Subscript], list[ast.Subscript]]:
    """The subscripts of the body indexed first by the loop index: on tensors the body
    writes (rows), on other tensors (selected). A list or an unknown value indexed with it
    refuses the rewrite."""
    candidates = [
        n
        for n in ast.walk(ast.Module(body=body, type_ignores=[]))
        if isinstance(n, ast.Subscript) and _first_index(n, index)
    ]
    writes = _write_bases(body)
    rows: list[ast.Subscript] = []
    selected: list[ast.Subscript] = []
    for node in candidates:
        if not (isinstance(node.value, ast.Name) and loop_parts.is_tensor(env, node.value.id)):
            raise NotRewritable(f"`{ast.unparse(node)}` does not index a tensor with the index")
        (rows if node.value.id in writes else selected).append(node)
    return rows, selected


def _write_bases(body: list[ast.stmt]) -> set[str]:
    """Names whose row the body writes: `w[i...] = v`, `w[i][...] += v`, `w[i, ...].copy_(v)`."""
    found: set[str] = set()
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign):
            targets = [node.target]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr.endswith("_")
            and not node.func.attr.startswith("_")
        ):
            targets = [node.func.value]
        for target in targets:
            base = _base_of(target)
            if base is not None and base is not target:
                found.add(base.id)
    return found


def _base_of(node: ast.expr) -> ast.Name | None:
    while isinstance(node, ast.Subscript):
        node = node.value
    return node if isinstance(node, ast.Name) else None


def _written(body: list[ast.stmt], rows: list[ast.Subscript], index: str) -> list[str]:
    ordered: list[str] = []
    for node in rows:
        name = node.value.id  # type: ignore[attr-defined]
        if name not in ordered:
            ordered.append(name)
    return ordered


def _check_uses(body: list[ast.stmt], written: list[str], rows: list[ast.Subscript]) -> None:
    """A written tensor is read only through its own row (or its shape, dtype, device); the
    body writes nothing else that outlives the iteration."""
    row_names = {id(n.value) for n in rows}
    parents: dict[int, ast.AST | None] = {}
    tree = ast.Module(body=body, type_ignores=[])
    for holder in ast.walk(tree):
        for child in ast.iter_child_nodes(holder):
            parents[id(child)] = holder
    local = stored_in(body)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in written and id(node) not in row_names:
            parent = parents.get(id(node))
            if not (isinstance(parent, ast.Attribute) and parent.attr in _META):
                raise NotRewritable(f"the body reads `{node.id}` beyond its own row")
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Attribute) and isinstance(part.ctx, ast.Store):
                    raise NotRewritable("the body sets an attribute")
                if isinstance(part, ast.Subscript) and isinstance(part.ctx, ast.Store):
                    base = _base_of(part)
                    if base is None or (base.id not in written and base.id not in local):
                        raise NotRewritable("the body writes into a tensor other than its rows")


def _unpacked_row(stmt: ast.stmt, selected: list[ast.Subscript]) -> ast.Assign | None:
    """`h, w = sizes[i]`: a row unpacked into numbers."""
    if (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Tuple)
        and all(isinstance(e, ast.Name) for e in stmt.targets[0].elts)
        and any(stmt.value is s for s in selected)
        and not isinstance(stmt.value.slice, ast.Tuple)  # type: ignore[attr-defined]
    ):
        return stmt
    return None


def _unpack(
    cm: Codemod,
    stmt: ast.stmt,
    moved: cst.BaseStatement,
    unpacked: ast.Assign,
    select: str,
    taken: set[str],
    loop: ast.For,
) -> list[cst.BaseStatement]:
    """`h, w = sizes[i]` -> `_sizes_i = sizes.index_select(...).squeeze(0)`,
    `h = _sizes_i[0].item()`, ...: the numbers a slice bound or a size needs."""
    source = unpacked.value.value.id  # type: ignore[attr-defined]
    names = [e.id for e in unpacked.targets[0].elts]  # type: ignore[attr-defined]
    holder = fresh_name(f"_{source}_row", taken)
    lines = [f"{holder} = {source}{select}"]
    lines += [f"{n} = {holder}[{k}].item()" for k, n in enumerate(names)]
    out = [cm.statement_from(line + "\n", loop) for line in lines]
    out[0] = with_leading(out[0], leading_lines(moved))
    if isinstance(moved, cst.SimpleStatementLine):
        comment = moved.trailing_whitespace.comment
        out[-1] = with_comment(out[-1], comment.value if comment is not None else "")
    return out


def _raise_to_check(
    ctx: FixContext,
    cm: Codemod,
    stmt: ast.stmt,
    moved: cst.BaseStatement,
    torch: str,
    loop: ast.For,
) -> cst.BaseStatement:
    """`if <test>: raise E(msg)` in the body -> `torch._check(torch.sym_not(<test>), ...)`:
    a test of data-dependent sizes cannot be decided inside the loop body, a check can."""
    if not (
        isinstance(stmt, ast.If)
        and not stmt.orelse
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], ast.Raise)
        and isinstance(moved, cst.If)
        and not isinstance(stmt.test, ast.BoolOp)
    ):
        return moved
    text = cm.bare(moved.test)
    value = ctx.value_of(stmt.test)
    if value is not None and value.kind is Kind.TENSOR:
        args = [f"{torch}.logical_not({text}).item()"]
    else:
        args = [f"{torch}.sym_not({text})"]
    raised = stmt.body[0].exc
    if isinstance(raised, ast.Call) and len(raised.args) == 1:
        args.append(f"lambda: {ctx.segment(raised.args[0])}")
    new = cm.statement_from(cm.layout_call(stmt, f"{torch}._check", args) + "\n", loop)
    lines = list(moved.leading_lines)
    comments = [Codemod.header_comment(moved.body)]
    if isinstance(moved.body, cst.IndentedBlock):
        for inner in moved.body.body:
            lines.extend(Codemod.comment_lines(leading_lines(inner)))
            if isinstance(inner, cst.SimpleStatementLine) and inner.trailing_whitespace.comment:
                comments.append(inner.trailing_whitespace.comment.value)
        lines.extend(Codemod.comment_lines(moved.body.footer))
    return with_comment(with_leading(new, lines), "  ".join(c for c in comments if c))


class _Swap(cst.CSTTransformer):
    """`w[i, rest]` -> `w_row[rest]`, `x[i, rest]` -> `x.index_select(...)...[rest]`."""

    def __init__(self, plan: Mapping[int, cst.BaseExpression]) -> None:
        self.plan = plan

    def leave_Subscript(
        self, original_node: cst.Subscript, updated_node: cst.Subscript
    ) -> cst.BaseExpression:
        base = self.plan.get(id(original_node))
        if base is None:
            return updated_node
        rest = list(updated_node.slice[1:])
        if not rest:
            return base.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
        rest[-1] = rest[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(value=base, slice=rest)
