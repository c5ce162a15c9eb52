"""Loops over a dynamic trip count that carry state from one step to the next, in the shapes
real code writes them → `torch._higher_order_ops.scan` (EXL401).

    score = start + emissions[0]                def _scan_body(score, _step):
    for i in range(1, n):                           emissions_i, mask_i = _step
        nxt = lse(score[:, :, None]                 nxt = lse(score[:, :, None]
                  + emissions[i][:, None])  ->                + emissions_i[:, None])
        score = where(mask[i], nxt, score)          score = where(mask_i, nxt, score)
    score += end                                    return score, ()
                                                _init, _xs = score, (emissions[1:n], mask[1:n])
                                                ...
                                                score, _ = torch._higher_order_ops.scan(...)
                                                score += end

`scan_loops.rewrite_scan_loop` takes one loop shape (range(n), one appended piece last);
this module takes the kind:

- the loop: `range(n)`, `range(start, stop[, step])`, `enumerate(t)` (any tensor
  expression: `x.permute(2, 0, 1)`), a tensor, `zip` of tensors;
- the carry: names the body reads before it assigns them (several travel as a tuple), and
  buffers the body both reads and writes at the loop index (`buf[:, i] = ...` after reading
  `buf[:, i : i + k]`): the whole buffer is carried, written back with `copy_` after the
  loop, so that a caller holding it sees what the loop wrote;
- per-step outputs: any number of `pieces.append(v)` whose list goes to one
  `torch.stack`/`torch.cat` after the loop, and writes `out[:, i] = v` into a preallocated
  tensor the body does not read (written back in one slice after the loop);
- scanned inputs: tensors indexed with the loop index (`x[:, i]`, `x[..., i]`,
  `x[:, i : i + 1]`), moved so the indexed axis comes first and cut to the range; windows
  `x[..., i : i + k]` of a `range(0, stop, step)` loop → `x.unfold(axis, k, step)`; the
  index itself, when the body uses it otherwise, as a 0-d int64 tensor
  (`torch.arange(start, stop, step)`);
- a loop that carries nothing (chunks encoded one by one) gets a 0-d dummy carry: scan
  needs one.

Measured on torch 2.13 (export strict=False, torch.onnx, onnxruntime on unseen sizes): scan
with an empty tuple of per-step outputs converts; scan without a carry is refused ("scan()
operator requires init leaves"); a step output or a carry that aliases a step input is
rejected, hence the clones; augmented assignments in the body are spelled out of place
(the body must not change its inputs).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst

from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Kind, Value
from exportlint.codemods import NotRewritable, loop_parts, scan_assembly
from exportlint.codemods.branches import check_branch, loads_in, stored_in
from exportlint.codemods.core import (
    REMOVE,
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
    "every step must give the carried values the same shape and dtype, and pieces of one "
    "shape; every tensor indexed with the loop index must cover the loop's range along that "
    "axis (chunks: the range ends where the last whole chunk ends)"
)

_AUG = {
    "+=": "+", "-=": "-", "*=": "*", "/=": "/", "//=": "//", "%=": "%", "**=": "**",
    "@=": "@", "&=": "&", "|=": "|", "^=": "^", "<<=": "<<", ">>=": ">>",
}  # fmt: skip


@dataclass(frozen=True)
class _Loop:
    """What a loop iterates: an index over a range and/or elements of tensors."""

    index: str | None  # the loop's integer variable
    start: str  # range bounds as source text ("0", "n", "1")
    stop: str | None  # None: as long as the iterated tensors
    step: str | None
    elements: tuple[tuple[str, str], ...]  # (loop variable, tensor expression it iterates)


@dataclass(frozen=True)
class _Input:
    """One of scan's inputs: the expression scanned and the body's name for one step."""

    source: str
    param: str


@dataclass(frozen=True)
class _Piece:
    """A per-step output: `pieces.append(value)` or `out[..., i] = value`."""

    stmt: ast.stmt
    value: ast.expr
    name: str  # the list, or the preallocated tensor
    created: ast.stmt | None = None  # `pieces = []`
    use: ast.Call | None = None  # `torch.stack(pieces, dim)`
    dim: int = 0
    stacked: bool = True
    axis: int | None = None  # the axis a preallocated tensor is written at


@dataclass
class _Plan:
    loop: _Loop
    carries: list[str]
    buffers: list[str]  # carried tensors written at the index: written back after
    pieces: list[_Piece]
    inputs: list[_Input] = field(default_factory=list)
    # ast Subscript node id → the text replacing it in the body
    swaps: dict[int, str] = field(default_factory=dict)


def rewrite_carry_loop(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    from exportlint.codemods.scan_loops import rewrite_scan_loop

    try:
        rewrite_scan_loop(ctx, loop, env, function)
    except NotRewritable:
        pass
    else:  # the narrower rewrite offers this loop already, in its own words
        raise NotRewritable("the scan rewrite above fits the loop")
    function = loop_parts.plain_loop_in_function(loop, function)
    taken = loop_parts.taken_names(ctx, function)
    plan = _plan(ctx, loop, env, function, taken)
    return _emit(ctx, loop, function, plan, taken)


# ----------------------------------------------------------------------------- analysis


def _plan(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    taken: set[str],
) -> _Plan:
    shape = _iteration(ctx, loop)
    body = loop.body
    block = loop_parts.block_of(ctx, loop, function)
    position = next(k for k, s in enumerate(block) if s is loop)
    targets = loop_parts.loop_targets(loop.target)
    pieces: list[_Piece] = []
    for stmt in body:
        piece = _appended(ctx, function, loop, block[:position], stmt)
        if piece is None:
            piece = _written_at_index(ctx, stmt, shape.index, body)
        if piece is not None:
            pieces.append(piece)
    piece_stmts = {id(p.stmt) for p in pieces}
    rest = [s for s in body if id(s) not in piece_stmts]
    buffers = _buffers(rest, shape.index, targets)
    plain = [s for s in rest if not _writes_buffer(s, buffers)]
    check_branch(plain)
    for stmt in rest:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Return | ast.Break | ast.Continue | ast.Yield):
                raise NotRewritable("the loop body returns, breaks or continues")
    _check_fixed_shapes(body)
    for piece in pieces:
        if piece.name in loads_in(rest) or piece.name in stored_in(rest):
            raise NotRewritable(f"the loop body reads `{piece.name}`")
    carries = loop_parts.carried_names(rest, targets)
    for name in carries:
        value = env.get(name)
        known = value is not None and value.kind is not Kind.UNKNOWN
        if known and (value.kind is not Kind.TENSOR or value.is_container):  # type: ignore[union-attr]
            raise NotRewritable(f"the carried `{name}` is not a tensor")
    carries += [b for b in buffers if b not in carries]
    if not carries and not pieces:
        raise NotRewritable("the loop neither carries a state nor collects pieces")
    temporaries = (stored_in(rest) - set(carries)) | set(targets)
    for name in sorted(temporaries):
        if _live_after(ctx, function, loop, block, name):
            raise NotRewritable(f"`{name}` from the last step is read after the loop")
    plan = _Plan(shape, carries, buffers, pieces)
    _scanned_inputs(ctx, loop, plan, env, body, taken)
    return plan


_DATA_SHAPED = frozenset(
    {"nonzero", "masked_select", "unique", "unique_consecutive", "item", "tolist"}
)


def _check_fixed_shapes(body: list[ast.stmt]) -> None:
    """scan traces its body once, for every step: a body whose sizes depend on the data
    (`nonzero`, `torch.where(mask)`, boolean indexing results, `.item()`) cannot be one."""
    for node in (n for s in body for n in ast.walk(s)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        single_where = name == "where" and len(node.args) == 1 and not node.keywords
        if name in _DATA_SHAPED or single_where:
            raise NotRewritable(f"the loop body computes sizes from data (`{name}`)")


def _iteration(ctx: FixContext, loop: ast.For) -> _Loop:
    it, target = loop.iter, loop.target
    if isinstance(it, ast.Call) and dotted(it.func) == "range" and not it.keywords:
        if not isinstance(target, ast.Name) or not 1 <= len(it.args) <= 3:
            raise NotRewritable("the range loop's variable is not one name")
        args = [ctx.segment(a) for a in it.args]
        if len(args) == 1:
            return _Loop(target.id, "0", args[0], None, ())
        step = args[2] if len(args) == 3 else None
        if step is not None and _negative(it.args[2]):
            raise NotRewritable("the range counts down")
        return _Loop(target.id, args[0], args[1], step, ())
    if isinstance(it, ast.Call) and dotted(it.func) == "enumerate":
        if len(it.args) != 1 or it.keywords:
            raise NotRewritable("enumerate() with a start")
        if not (isinstance(target, ast.Tuple) and len(target.elts) == 2):
            raise NotRewritable("the enumerate loop does not unpack (index, item)")
        index, item = target.elts
        if not isinstance(index, ast.Name):
            raise NotRewritable("the enumerate index is not a name")
        inner = _iteration(ctx, ast.For(target=item, iter=it.args[0], body=[], orelse=[]))
        if inner.index is not None:
            raise NotRewritable("enumerate() of a range")
        return _Loop(index.id, "0", None, None, inner.elements)
    if isinstance(it, ast.Call) and dotted(it.func) == "zip" and not it.keywords:
        if not (isinstance(target, ast.Tuple) and len(target.elts) == len(it.args)):
            raise NotRewritable("the zip loop does not unpack one name per sequence")
        names = [e.id if isinstance(e, ast.Name) else None for e in target.elts]
        if None in names:
            raise NotRewritable("the zip loop unpacks nested tuples")
        return _Loop(None, "0", None, None, tuple(zip(names, [_text(ctx, a) for a in it.args])))  # type: ignore[arg-type]
    if isinstance(target, ast.Name) and isinstance(it, ast.Name | ast.Attribute | ast.Call):
        if isinstance(it, ast.Call) and dotted(it.func) in ("reversed", "sorted", "list", "iter"):
            raise NotRewritable(f"the loop iterates `{dotted(it.func)}(...)`")
        value = ctx.value_of(it)
        if value is not None and value.is_container and value.source == "chunk":
            # A tuple of chunks (`torch.chunk(x, n)`), not a tensor scan could slice by row.
            raise NotRewritable("the loop iterates the chunks of `torch.chunk`")
        return _Loop(None, "0", None, None, ((target.id, _text(ctx, it)),))
    raise NotRewritable("the loop does not iterate a range, a tensor, enumerate() or zip()")


def _text(ctx: FixContext, node: ast.expr) -> str:
    text = ctx.segment(node)
    simple = isinstance(node, ast.Name | ast.Attribute | ast.Call | ast.Subscript)
    return text if simple and "\n" not in text else f"({text})"


def _negative(node: ast.expr) -> bool:
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)


def _appended(
    ctx: FixContext,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    loop: ast.For,
    before: list[ast.stmt],
    stmt: ast.stmt,
) -> _Piece | None:
    name = loop_parts.appended_list(stmt)
    if name is None:
        return None
    created, use, dim, stacked = loop_parts.collected_list(
        ctx, function, loop, before, name, negative=True
    )
    value = stmt.value.args[0]  # type: ignore[attr-defined]
    return _Piece(stmt, value, name, created, use, dim, stacked)


def _written_at_index(
    ctx: FixContext, stmt: ast.stmt, index: str | None, body: list[ast.stmt]
) -> _Piece | None:
    """`out[:, i] = v` into a tensor the body does not otherwise touch."""
    if index is None or not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return None
    target = stmt.targets[0]
    if not (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)):
        return None
    name = target.value.id
    uses = [n for s in body for n in ast.walk(s) if isinstance(n, ast.Name) and n.id == name]
    if len(uses) != 1:
        return None  # read in the body too: a carried buffer
    axis = _index_axis(target, index)
    if axis is None:
        return None
    return _Piece(stmt, stmt.value, name, axis=axis)


def _index_axis(subscript: ast.Subscript, index: str) -> int | None:
    """The axis `t[..., i]` / `t[:, i]` indexes with the bare loop index (negative after an
    `...`), every other part a full slice."""
    parts = loop_parts.index_parts(subscript)
    found = [k for k, p in enumerate(parts) if isinstance(p, ast.Name) and p.id == index]
    if len(found) != 1:
        return None
    return loop_parts.axis_of_part(parts, found[0])


def _buffers(body: list[ast.stmt], index: str | None, targets: list[str]) -> list[str]:
    """Tensors the body writes at an index (`buf[:, :, i + k] = v`) and also reads."""
    found: list[str] = []
    for stmt in body:
        if _writes_buffer(stmt, None):
            name = stmt.targets[0].value.id  # type: ignore[attr-defined]
            if index is None:
                raise NotRewritable(f"the body writes into `{name}` without a loop index")
            if name not in found:
                found.append(name)
        elif any(
            isinstance(n, ast.Subscript | ast.Attribute) and isinstance(n.ctx, ast.Store)
            for n in ast.walk(stmt)
        ):
            raise NotRewritable("the loop body assigns an attribute or an item")
    for name in found:
        if name in targets:
            raise NotRewritable(f"the body writes into the loop variable `{name}`")
    return found


def _writes_buffer(stmt: ast.stmt, buffers: Sequence[str] | None) -> bool:
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return False
    target = stmt.targets[0]
    if not (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)):
        return False
    return buffers is None or target.value.id in buffers


def _live_after(
    ctx: FixContext,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    loop: ast.For,
    block: list[ast.stmt],
    name: str,
) -> bool:
    """Whether the value a step leaves in `name` may be read after the loop: the first
    statement after the loop that mentions the name reads it, or assigns it only in part
    (inside a branch or a nested block)."""
    mentions = loop_parts.names_after(function, loop, name)
    if not mentions:
        return False
    statement = loop_parts.statement_of(ctx, mentions[0])
    if statement is None:
        return True
    if not any(s is statement for s in block):
        return True
    assigns = isinstance(statement, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == name for t in statement.targets
    )
    return not assigns or name in loads_in([statement])


def _scanned_inputs(
    ctx: FixContext,
    loop: ast.For,
    plan: _Plan,
    env: Mapping[str, Value],
    body: list[ast.stmt],
    taken: set[str],
) -> None:
    """scan's inputs: the elements the loop iterates, the tensors indexed with the index,
    and the index itself when the body uses it otherwise."""
    shape = plan.loop
    stored = stored_in(body)
    for name, source in shape.elements:
        plan.inputs.append(_Input(source, name))
    index = shape.index
    if index is None:
        return
    cut = _cut(shape)
    other_use = False
    devices: str | None = plan.inputs[0].source if plan.inputs else None
    piece_targets = [
        [n for n in ast.walk(p.stmt.targets[0]) if isinstance(n, ast.Name)]  # type: ignore[attr-defined]
        for p in plan.pieces
        if p.axis is not None
    ]
    by_key: dict[tuple[str, int, str], _Input] = {}
    # In the order of the source: scan's inputs follow it.
    for node in sorted(loop_parts.name_loads(body, index), key=lambda n: (n.lineno, n.col_offset)):
        if loop_parts.upper_of_offset(ctx, node, index):
            continue
        if any(node in stores for stores in piece_targets):
            continue  # `out[:, i] = v`: the write-back after the loop places the pieces
        found = _indexed(ctx, node, index)
        if found is None:
            other_use = True
            continue
        subscript, tensor, axis, width, rest = found
        tail = f"[{', '.join(rest)}]" if rest else ""
        if tensor in stored or tensor in plan.carries:
            if tensor in plan.buffers:
                # a carried buffer read at the index (a 0-d tensor in the body): slicing
                # with it would read its value (`narrow` too); index_select does not
                plan.swaps[id(subscript)] = _select(tensor, axis, width, index, ctx.torch()) + tail
            other_use = True
            continue
        value = env.get(tensor)
        if value is not None and value.kind is not Kind.TENSOR and value.kind is not Kind.UNKNOWN:
            other_use = True
            continue
        key = (tensor, axis, width or "")
        step = by_key.get(key)
        if step is None:
            param = fresh_name(f"{tensor}_{index}", taken, private=True)
            source = _moved(tensor, axis, width, shape, cut)
            step = by_key[key] = _Input(source, param)
            plan.inputs.append(step)
        if width is None:
            view = step.param
        elif width == "1":
            view = f"{step.param}.unsqueeze({axis})"
        else:
            view = step.param if axis == -1 else f"{step.param}.movedim(-1, {axis})"
        plan.swaps[id(subscript)] = view + tail
        if devices is None:
            devices = tensor
    if other_use or not plan.inputs:
        stop = shape.stop if shape.stop is not None else f"{plan.inputs[0].source}.shape[0]"
        bounds = stop if shape.start == "0" and shape.step is None else f"{shape.start}, {stop}"
        if shape.step is not None:
            bounds += f", {shape.step}"
        torch = ctx.torch()
        device = f", device={devices}.device" if devices else ""
        plan.inputs.insert(0, _Input(f"{torch}.arange({bounds}{device})", index))


def _select(tensor: str, axis: int, width: str | None, index: str, torch: str) -> str:
    if width is None:
        return f"{tensor}.index_select({axis}, {index}.reshape(1)).squeeze({axis})"
    if width == "1":
        return f"{tensor}.index_select({axis}, {index}.reshape(1))"
    return (
        f"{tensor}.index_select({axis}, {index} + {torch}.arange({width}, device={index}.device))"
    )


def _cut(shape: _Loop) -> str:
    """The slice that keeps a moved tensor's rows the loop visits (empty: all of them)."""
    if shape.stop is None:
        return ""
    start = "" if shape.start == "0" else shape.start
    if shape.step is not None:
        return f"[{start}:{shape.stop}:{shape.step}]"
    return f"[{start}:{shape.stop}]" if start else ""


def _moved(tensor: str, axis: int, width: str | None, shape: _Loop, cut: str) -> str:
    if width is not None and width != "1":
        if shape.start != "0":
            raise NotRewritable("chunks of a range that does not start at 0")
        if not _full_windows(shape.stop, width):
            # `range(0, n, k)` with `x[..., i : i + k]`: the last chunk is shorter when k does
            # not divide n, and unfold keeps full windows only (the rewrite would drop it).
            raise NotRewritable("the last chunk can be shorter than the others")
        step = shape.step or "1"
        # unfold keeps the number of chunks where the axis was and adds the chunk last
        moved_axis = axis if axis >= 0 else axis - 1
        return f"{tensor}.unfold({axis}, {width}, {step}).movedim({moved_axis}, 0)"
    moved = tensor if axis == 0 else f"{tensor}.movedim({axis}, 0)"
    return moved + cut


def _full_windows(stop: str | None, width: str) -> bool:
    """Every window `x[..., i : i + width]` of `range(0, stop, step)` is whole: the range
    stops at `n - width + 1` (as sliding-window code writes it)."""
    return stop is not None and "".join(stop.split()).endswith(f"-{width}+1")


def _indexed(
    ctx: FixContext, node: ast.Name, index: str
) -> tuple[ast.Subscript, str, int, str | None, list[str]] | None:
    """`x[:, i]`, `x[..., i, None]`, `x[:, i : i + k]`: (the subscript, `x`, the input axis
    — negative after an `...` —, the window's width `k` or None for one element, and what
    the rest of the subscript does to one step: `[":", "None"]`, empty when nothing)."""
    parent = ctx.parent(node)
    element: ast.expr = node
    width: str | None = None
    if isinstance(parent, ast.Slice):
        right = loop_parts.window_width(parent, node)
        if right is None or index in {n.id for n in ast.walk(right) if isinstance(n, ast.Name)}:
            return None
        width = ctx.segment(right)
        element = parent
    found = loop_parts.subscript_around(ctx, element)
    if found is None:
        return None
    subscript, parts = found
    if not isinstance(subscript.value, ast.Name) or isinstance(subscript.ctx, ast.Store):
        return None
    at = next(k for k, p in enumerate(parts) if p is element)
    ellipsis = [k for k, p in enumerate(parts) if loop_parts.is_ellipsis(p)]
    if len(ellipsis) > 1:
        return None
    for k, part in enumerate(parts):
        if (
            k != at
            and k not in ellipsis
            and not loop_parts.is_full_slice(part)
            and not _is_none(part)
        ):
            return None

    def consumes(part: ast.expr) -> bool:
        return not _is_none(part) and not loop_parts.is_ellipsis(part)

    if ellipsis and ellipsis[0] < at:
        axis = -sum(1 for p in parts[at:] if consumes(p))
    else:
        axis = sum(1 for p in parts[:at] if consumes(p))
    rest = [
        ("..." if loop_parts.is_ellipsis(p) else "None" if _is_none(p) else ":")
        for k, p in enumerate(parts)
        if k != at or width is not None
    ]
    if all(r == ":" for r in rest) or rest == ["..."]:
        rest = []
    while rest and rest[-1] in (":", "..."):
        rest.pop()
    return subscript, subscript.value.id, axis, width, rest


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


# ----------------------------------------------------------------------------- code


class _Body(cst.CSTTransformer):
    """The loop body as scan's body: indexed tensors → their step slices, augmented
    assignments to names spelled out of place."""

    def __init__(self, swaps: Mapping[int, cst.BaseExpression]) -> None:
        self.swaps = swaps

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode:
        if id(original_node) in self.swaps:
            new = self.swaps[id(original_node)]
            return new.with_changes(
                lpar=getattr(updated_node, "lpar", ()), rpar=getattr(updated_node, "rpar", ())
            )
        if isinstance(updated_node, cst.AugAssign) and isinstance(updated_node.target, cst.Name):
            op = _AUG.get(updated_node.operator._get_token())  # type: ignore[attr-defined]
            if op is not None:
                value = cst.Module(body=[]).code_for_node(updated_node.value)
                atoms = (cst.Name, cst.Attribute, cst.Call, cst.Subscript, cst.Integer, cst.Float)
                if not isinstance(updated_node.value, atoms) or updated_node.value.lpar:
                    value = f"({value})" if not getattr(updated_node.value, "lpar", ()) else value
                name = updated_node.target.value
                line = cst.parse_statement(f"{name} = {name} {op} {value}\n")
                assert isinstance(line, cst.SimpleStatementLine)
                return line.body[0]
        return updated_node


def _emit(
    ctx: FixContext,
    loop: ast.For,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    plan: _Plan,
    taken: set[str],
) -> Fix:
    created = [p.created for p in plan.pieces if p.created is not None]
    uses = [p.use for p in plan.pieces if p.use is not None]
    cm = codemod_for(ctx, *created, loop, *uses)
    loop_node = cm.find(loop, cst.For)
    assert isinstance(loop_node, cst.For)
    torch = ctx.torch()
    body_name = fresh_name("_scan_body", taken)
    dummy = not plan.carries
    carries = plan.carries or [fresh_name("_nothing", taken)]
    carry_param = carries[0] if len(carries) == 1 else fresh_name("_carry", taken)
    params = [i.param for i in plan.inputs]
    xs_param = params[0] if len(params) == 1 else fresh_name("_step", taken)

    swaps: dict[int, cst.BaseExpression] = {}
    for node in ast.walk(loop):
        if id(node) in plan.swaps:
            swaps[id(cm.find(node))] = cm.expr(plan.swaps[id(node)])
    transformer = _Body(swaps)

    lines: list[cst.BaseStatement] = []
    if len(carries) > 1:
        lines.append(cm.statement_from(f"{', '.join(carries)} = {carry_param}\n", loop))
    if len(params) > 1:
        lines.append(cm.statement_from(f"{', '.join(params)} = {xs_param}\n", loop))
    piece_of = {id(p.stmt): p for p in plan.pieces}
    outputs: list[str] = []
    tail_comments: list[cst.EmptyLine] = []
    # Pieces that end the body go straight into the `return` (a trailing comment of theirs
    # goes on it); pieces before other statements are kept in names at their place.
    tail = len(loop.body)
    while tail > 0 and id(loop.body[tail - 1]) in piece_of:
        tail -= 1
    tail_ids = {id(s) for s in loop.body[tail:]}
    tail_trailing: list[str] = []
    for stmt in loop.body:
        piece = piece_of.get(id(stmt))
        line = cm.statement(stmt)
        if piece is None and _writes_buffer(stmt, plan.buffers):
            lines.append(_buffer_write(cm, stmt, line, transformer, plan.loop.index or "", loop))
            continue
        if piece is None:
            moved = line.visit(transformer)
            assert isinstance(moved, cst.BaseStatement)
            lines.append(moved)
            continue
        value_node = cm.find(piece.value).visit(transformer)
        assert isinstance(value_node, cst.CSTNode)
        value = cm.code(value_node)
        if scan_assembly.may_alias(piece.value):
            value = f"{_atom(value, piece.value)}.clone()"
        comment = ""
        if isinstance(line, cst.SimpleStatementLine) and line.trailing_whitespace.comment:
            comment = line.trailing_whitespace.comment.value
        if id(stmt) in tail_ids:
            outputs.append(value)
            tail_comments.extend(leading_lines(line))
            if comment:
                tail_trailing.append(comment)
            continue
        out = fresh_name(f"_{piece.name}_step", taken)
        new = cm.statement_from(f"{out} = {value}\n", loop)
        lines.append(with_comment(with_leading(new, leading_lines(line)), comment))
        outputs.append(out)
    returned_carries = [
        f"{c}.clone()" if dummy or _aliases_at_end(loop.body, c, plan) else c for c in carries
    ]
    carry_text = returned_carries[0] if len(carries) == 1 else f"({', '.join(returned_carries)})"
    ys_text = (
        outputs[0]
        if len(outputs) == 1
        else f"({', '.join(outputs)}{',' if len(outputs) == 1 else ''})"
    )
    if not outputs:
        ys_text = "()"
    returned = cm.statement_from(f"return {carry_text}, {ys_text}\n", loop)
    lines.append(with_comment(with_leading(returned, tail_comments), " ".join(tail_trailing)))
    definition = scan_assembly.body_definition(
        ctx, cm, loop, loop_node, body_name, f"{carry_param}, {xs_param}", lines, created
    )

    init_name, xs_name = fresh_name("_init", taken), fresh_name("_xs", taken)
    if dummy:
        init_text = f"{torch}.zeros(())"
    else:
        # scan wants the initial carry laid out as the body returns it (same strides, in
        # eager mode too): a carry that starts as a view (`spec[:, :, 0]`) is copied dense.
        # Not `.contiguous()`: it returns a one-row view (stride (s, 1) for shape (1, 8)) as
        # it is, a size-1 dimension counting as contiguous whatever its stride, and scan
        # raised "Expected init and carry to have same metadata" (measured on torch 2.13).
        held = [f"{c}.clone(memory_format={torch}.contiguous_format)" for c in carries]
        init_text = held[0] if len(held) == 1 else f"({', '.join(held)})"
    sources = [i.source for i in plan.inputs]
    xs_text = sources[0] if len(sources) == 1 else f"({', '.join(sources)})"
    xs_line = (
        cm.layout_call(loop, "", sources, prefix=f"{xs_name} = ")
        if len(sources) > 1
        else f"{xs_name} = {xs_text}"
    )
    setup = scan_assembly.scan_setup(
        cm, loop, init_name, init_text, xs_name, xs_line, len(carries), len(sources)
    )
    # What the call binds: the carries (buffers under fresh names, copied back after),
    # and the stacked pieces (lists by their own names, written tensors under fresh names).
    bound_carries: list[str] = []
    after: list[str] = []
    for name in carries:
        if dummy:
            bound_carries.append("_")
        elif name in plan.buffers:
            fresh = fresh_name(f"_{name}", taken)
            bound_carries.append(fresh)
            after.append(f"{name}.copy_({fresh})")
        else:
            bound_carries.append(name)
    bound_pieces: list[str] = []
    for piece in plan.pieces:
        if piece.use is not None:
            bound_pieces.append(piece.name)
            continue
        fresh = fresh_name(f"_{piece.name}_steps", taken)
        bound_pieces.append(fresh)
        assert piece.axis is not None
        after.append(_write_back(piece.name, piece.axis, fresh, plan.loop))
    carry_bound = bound_carries[0] if len(bound_carries) == 1 else f"({', '.join(bound_carries)})"
    if not bound_pieces:
        pieces_bound = "_"
    elif len(bound_pieces) == 1:
        pieces_bound = bound_pieces[0]
    else:
        pieces_bound = f"({', '.join(bound_pieces)})"
    call = scan_assembly.scan_call(
        cm, loop, loop_node, body_name, init_name, xs_name, f"{carry_bound}, {pieces_bound}"
    )
    replacements: dict[ast.AST, object] = {c: REMOVE for c in created}
    replacements[loop] = [
        definition,
        *setup,
        call,
        *(cm.statement_from(line + "\n", loop) for line in after),
    ]
    for piece in plan.pieces:
        if piece.use is not None:
            replacements[piece.use] = cm.expr(
                scan_assembly.unstack(piece.name, piece.dim, piece.stacked)
            )
    edits = cm.edits(replacements)  # type: ignore[arg-type]
    carried = ", ".join(f"`{c}`" for c in plan.carries) or "nothing (a dummy carry)"
    return fix(
        f"Rewrite the loop with `{torch}._higher_order_ops.scan`, carrying {carried} ({_UNSAFE})",
        Applicability.UNSAFE,
        *edits,
    )


def _aliases_at_end(body: list[ast.stmt], name: str, plan: _Plan) -> bool:
    """Whether the carry's last assignment in the body may leave it a view of an input."""
    if name in plan.buffers:
        return False
    value: ast.expr | None = None
    for stmt in body:
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in stmt.targets
        ):
            value = stmt.value
        elif (
            isinstance(stmt, ast.AugAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.target.id == name
        ):
            value = None
        elif name in stored_in([stmt]):
            return True  # assigned in a branch or unpacked: be safe
    return value is not None and scan_assembly.may_alias(value)


def _write_back(name: str, axis: int, steps: str, shape: _Loop) -> str:
    """`out[:, start:stop] = steps.movedim(0, 1)`: the pieces back where the loop wrote."""
    start = "" if shape.start == "0" else shape.start
    stop = shape.stop or ""
    step = f":{shape.step}" if shape.step else ""
    part = f"{start}:{stop}{step}"
    if axis >= 0:
        index = ", ".join([":"] * axis + [part])
    else:
        index = ", ".join(["...", part] + [":"] * (-axis - 1))
    moved = steps if axis == 0 else f"{steps}.movedim(0, {axis})"
    return f"{name}[{index}] = {moved}"


def _buffer_write(
    cm: Codemod,
    stmt: ast.stmt,
    node: cst.BaseStatement,
    transformer: _Body,
    index: str,
    loop: ast.For,
) -> cst.BaseStatement:
    """`buf[:, :, i + k] = v` → `buf = buf.index_copy(2, (i + k).reshape(1), v.unsqueeze(2))`:
    scan's body must not change its carry in place, and a 0-d tensor index in a slice
    assignment reads its value."""
    assert isinstance(stmt, ast.Assign)
    target = stmt.targets[0]
    assert isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
    name = target.value.id
    parts = loop_parts.index_parts(target)
    ellipsis = [k for k, p in enumerate(parts) if loop_parts.is_ellipsis(p)]
    chosen = [
        k for k, p in enumerate(parts) if k not in ellipsis and not loop_parts.is_full_slice(p)
    ]
    if len(chosen) != 1 or len(ellipsis) > 1:
        raise NotRewritable(f"`{name}` is written at more than one index")
    at = chosen[0]
    axis = at if not ellipsis or ellipsis[0] > at else at - len(parts)
    part = parts[at]

    def code(expr: ast.expr) -> str:
        moved = cm.find(expr).visit(transformer)
        assert isinstance(moved, cst.CSTNode)
        return cm.code(moved)

    value = code(stmt.value)
    if isinstance(part, ast.Slice):
        if not (
            part.step is None
            and part.lower is not None
            and isinstance(part.upper, ast.BinOp)
            and isinstance(part.upper.op, ast.Add)
            and ast.dump(part.upper.left) == ast.dump(part.lower)
        ):
            raise NotRewritable(f"`{name}` is written at a slice other than `i : i + k`")
        width = code(part.upper.right)
        rows = f"({code(part.lower)}) + {cm.ctx.torch()}.arange({width}, device={index}.device)"
        text = f"{name} = {name}.index_copy({axis}, {rows}, {value})\n"
    else:
        text = (
            f"{name} = {name}.index_copy({axis}, ({code(part)}).reshape(1), "
            f"{_atom(value, stmt.value)}.unsqueeze({axis}))\n"
        )
    new = cm.statement_from(text, loop)
    comment = ""
    if isinstance(node, cst.SimpleStatementLine) and node.trailing_whitespace.comment:
        comment = node.trailing_whitespace.comment.value
    return with_comment(with_leading(new, leading_lines(node)), comment)


def _atom(text: str, node: ast.expr) -> str:
    simple = isinstance(node, ast.Name | ast.Attribute | ast.Subscript | ast.Call | ast.Constant)
    return text if simple else f"({text})"
