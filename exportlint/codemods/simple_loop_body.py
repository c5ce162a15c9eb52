"""A loop body as the body function of `exportlint.ops.simple_loop_for` (EXL401).

Three families hand a loop to simple_loop_for: `loops` (collect-and-concatenate), `row_loops`
(rows written in place) and `scatter_loops` (positions written with one value). The body
function gets the iteration as a 0-d int64 tensor `i` and the tensors it reads as operands;
it has no carry. What that takes is the same for the three, and lives here:

- `state_carried`: refuse a loop that carries a value from one iteration to the next;
- `bind_iteration`: the index parameter, and the loop variables rebound from it
  (`for s, e in zip(starts, ends)` → `s = starts.index_select(0, i.reshape(1)).item()`);
- `tensor_operands`: the tensors the body reads, passed in (refusing values read out of
  tensors, and optional inputs);
- `index_with_tensor`: `x[i]` with a 0-d tensor `i` does not export → `index_select`;
- `loop_for_call` / `with_loop_for_import`: the call that replaces the loop, and its import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping, Sequence

import libcst as cst

from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Kind, Value
from exportlint.codemods import NotRewritable, loop_parts
from exportlint.codemods.branches import loads_in, stored_in
from exportlint.codemods.core import Codemod, with_comment
from exportlint.diagnostics import Edit
from exportlint.fixes import FixContext, import_edit


def state_carried(
    ctx: FixContext,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    loop: ast.For,
    body: list[ast.stmt],
) -> str | None:
    """A name the body assigns and that is read after the loop or before it is assigned in
    the body (a value carried across iterations): simple_loop_for has no carry."""
    # The loop variables are bound afresh by every iteration: reassigning them carries nothing.
    targets = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    stored = stored_in(body) - targets
    end = loop.end_lineno or loop.lineno
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and node.id in stored
            and node.lineno > end
        ):
            return node.id
    # Read before this iteration assigned it: `total = total + x[i]`, `total += x[i]`.
    seen: set[str] = set()
    for stmt in body:
        reads = set(loads_in([stmt]))
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            reads.add(stmt.target.id)
        for name in sorted(reads):
            if name in stored and name not in seen:
                return name
        seen |= stored_in([stmt])
    return None


def bind_iteration(
    ctx: FixContext, loop: ast.For, names: list[str], env: Mapping[str, Value]
) -> tuple[str, list[str], str, list[str]]:
    """The body's index parameter, the lines binding the loop variables, n_iter, iterables."""
    iterable = loop.iter
    uses = slice_only_uses(loop, names)
    if (
        isinstance(iterable, ast.Call)
        and dotted(iterable.func) == "enumerate"
        and len(iterable.args) == 1
        and not iterable.keywords
        and isinstance(iterable.args[0], ast.Name)
        and loop_parts.is_tensor(env, iterable.args[0].id)
        and len(names) == 2
        and isinstance(loop.target, ast.Tuple)
        and all(isinstance(e, ast.Name) for e in loop.target.elts)
    ):
        # `for i, row in enumerate(x)`: the index is the body's parameter, the row selected.
        source = iterable.args[0].id
        row = f"{names[1]} = {source}.index_select(0, {names[0]}.reshape(1)).squeeze(0)"
        return names[0], [row], f"{source}.shape[0]", [source]
    if isinstance(iterable, ast.Call) and dotted(iterable.func) == "range":
        if len(iterable.args) != 1 or len(names) != 1:
            raise NotRewritable("only range(n) is rewritten")
        # The loop variable becomes the body's index: a 0-d int64 tensor.
        return names[0], [], ctx.segment(iterable.args[0]), []
    listed = (
        isinstance(iterable, ast.Call)
        and isinstance(iterable.func, ast.Attribute)
        and iterable.func.attr == "tolist"
        and not iterable.args
        and isinstance(iterable.func.value, ast.Name)
        and loop_parts.is_tensor(env, iterable.func.value.id)
    )
    unpacked = (
        isinstance(iterable, ast.Name) and loop_parts.is_tensor(env, iterable.id) and len(names) > 1
    )
    if listed or unpacked:
        # `for n in sizes.tolist()`, `for t, h, w in grid_thw`: numbers read out of one row.
        source = iterable.func.value.id if listed else iterable.id  # type: ignore[attr-defined]
        index = "i" if "i" not in names else "_i"
        row = f"{source}.index_select(0, {index}.reshape(1)).squeeze(0)"
        if len(names) == 1:
            return index, [f"{names[0]} = {row}.item()"], f"{source}.shape[0]", [source]
        bindings = [f"_row = {row}", *(f"{n} = _row[{k}].item()" for k, n in enumerate(names))]
        return index, bindings, f"{source}.shape[0]", [source]
    if (
        isinstance(iterable, ast.Name)
        and loop_parts.is_tensor(env, iterable.id)
        and len(names) == 1
    ):
        sources = [iterable.id]
    elif (
        isinstance(iterable, ast.Call)
        and dotted(iterable.func) == "zip"
        and not iterable.keywords
        and all(isinstance(a, ast.Name) and loop_parts.is_tensor(env, a.id) for a in iterable.args)
        and len(iterable.args) == len(names)
    ):
        sources = [a.id for a in iterable.args]  # type: ignore[attr-defined]
    else:
        raise NotRewritable("the loop does not iterate a tensor, zip() of tensors or range(n)")
    index = "i" if "i" not in names else "_i"
    bindings = []
    for name, source in zip(names, sources):
        row = f"{source}.index_select(0, {index}.reshape(1))"
        # Slice bounds must be ints (`.item()`); everything else keeps the row a tensor.
        bindings.append(f"{name} = {row}.item()" if name in uses else f"{name} = {row}.squeeze(0)")
    return index, bindings, f"{sources[0]}.shape[0]", sources


def slice_only_uses(loop: ast.For, names: list[str]) -> set[str]:
    """The loop variables read only as slice bounds (`x[s:e]`): bound as Python ints."""
    slice_bounds: set[int] = set()
    for node in ast.walk(loop):
        if isinstance(node, ast.Slice):
            for bound in (node.lower, node.upper, node.step):
                if isinstance(bound, ast.Name):
                    slice_bounds.add(id(bound))
    out = set()
    for name in names:
        reads = [
            n
            for n in ast.walk(loop)
            if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
        ]
        if reads and all(id(n) in slice_bounds for n in reads):
            out.add(name)
    return out


def tensor_operands(
    first: list[str], candidates: Iterable[str], targets: Iterable[str], env: Mapping[str, Value]
) -> list[str]:
    """The operands of the body function: `first`, then each tensor among `candidates` (the
    names the body reads) that is neither a loop variable nor `self`. A value read out of a
    tensor, or an optional input, refuses the rewrite: the body could not take it."""
    loop_names = set(targets)
    out = list(first)
    for name in candidates:
        if name in out or name in loop_names or name == "self":
            continue
        value = env.get(name)
        if value is not None and value.kind is Kind.TENSOR and not value.is_container:
            if value.optional and value.input_alias:
                raise NotRewritable(f"the body reads `{name}`, which may be None")
            out.append(name)
        elif value is not None and value.kind is Kind.DATA:
            raise NotRewritable(f"the body reads `{name}`, a value read out of a tensor")
    return out


def index_with_tensor(
    cm: Codemod, body: list[ast.stmt], index: str, moved: list[cst.BaseStatement]
) -> list[cst.BaseStatement]:
    """`x[i]` with a 0-d tensor `i` does not export: select the row with index_select."""
    subscripts = [
        n
        for n in ast.walk(ast.Module(body=body, type_ignores=[]))
        if isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Name) and n.slice.id == index
    ]
    covered = {id(n.slice) for n in subscripts}
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        compound = isinstance(node, ast.Subscript) and id(node.slice) not in covered
        # `x[y[i]]`: the inner `y[i]` is rewritten; only a bare use of `i` counts.
        if compound and any(
            isinstance(n, ast.Name) and n.id == index and id(n) not in covered
            for n in ast.walk(node.slice)  # type: ignore[attr-defined]
        ):
            raise NotRewritable(f"`{index}` is used inside a compound index")
    targets: dict[int, cst.BaseExpression] = {}
    for node in subscripts:
        found = cm.find(node, cst.Subscript)
        assert isinstance(found, cst.Subscript)
        value = cm.bare(found.value)
        if not isinstance(node.value, loop_parts.ATOMS):
            value = f"({value})"
        new = cm.expr(f"{value}.index_select(0, {index}.reshape(1)).squeeze(0)")
        targets[id(found)] = new.with_changes(lpar=found.lpar, rpar=found.rpar)

    swap = loop_parts.NodeSwap(targets)
    out: list[cst.BaseStatement] = []
    for statement in moved:
        swapped = statement.visit(swap)
        assert isinstance(swapped, cst.BaseStatement)
        out.append(swapped)
    return out


def operand_tuple(names: list[str]) -> str:
    """The operands of `simple_loop_for` as a tuple literal (`()`, `(x,)`, `(x, y)`)."""
    if not names:
        return "()"
    if len(names) == 1:
        return f"({names[0]},)"
    return f"({', '.join(names)})"


def loop_for_call(
    cm: Codemod, near: ast.AST, loop_node: cst.For, args: list[str], prefix: str
) -> cst.BaseStatement:
    """`prefix simple_loop_for(args)` after an empty line, laid out as black would, with the
    `for` header's comments."""
    text = cm.layout_call(near, "simple_loop_for", args, prefix=prefix)
    call = cm.statement_from(text + "\n", near).with_changes(
        leading_lines=[cst.EmptyLine(indent=False)]
    )
    # Comments on the `for` header lines (a backslash-continued header included).
    return with_comment(call, " ".join(loop_parts.header_comments(cm, loop_node)))


def with_loop_for_import(ctx: FixContext, edits: Sequence[Edit]) -> list[Edit]:
    """The edits, plus the import of `simple_loop_for` when the file lacks it."""
    out = list(edits)
    imported = import_edit(ctx, "exportlint.ops", "simple_loop_for")
    if imported is not None:
        out.append(imported)
    return out
