"""A loop that carries a state and collects one piece per step → `torch._higher_order_ops.scan`
(EXL401).

    h = x.new_zeros(b, d)                       def _scan_body(h, x_t):
    states = []                                     h = torch.tanh(self.ih(x_t) + self.hh(h))
    for t in range(x.size(1)):          ->          return h, h.clone()
        h = torch.tanh(self.ih(x[:, t])
                       + self.hh(h))            _init, _xs = h, x.movedim(1, 0)
        states.append(h)                        if torch.compiler.is_exporting():
    seq = torch.stack(states, dim=1)                _init, _xs = _init.detach(), _xs.detach()
                                                h, states = torch._higher_order_ops.scan(
                                                    _scan_body, _init, _xs
                                                )
                                                seq = states.movedim(0, 1)

`simple_loop_for` has no carry; `scan` has one, and stacks what each step returns. The
tensors the body indexes with the loop variable (`x[:, t]`, `x[:, :, t : t + 1]`) become
scan's inputs, moved so that the indexed axis comes first: scan hands the body one slice per
step, and no closure needs a data-dependent index (closures that are views of one tensor,
such as `q, k, v = qkv.unbind(0)`, are rejected by scan as aliasing; its inputs are not).

Measured on torch 2.13: the exported scan converts to ONNX (a `Scan` node) only when none of
its inputs needs gradients (torch.onnx's type promotion re-runs scan's autograd rule, which
fails on a symbolic size: "'SymInt' object has no attribute 'unsqueeze'"), hence the inputs
are detached while exporting; eager code keeps its gradients. Several inputs are also copied
while exporting, since views of one tensor trip scan's memory-overlap test in export.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

import libcst as cst

from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Value
from exportlint.codemods import NotRewritable
from exportlint.codemods.branches import check_branch, function_names, loads_in, stored_in
from exportlint.codemods.core import (
    REMOVE,
    Codemod,
    codemod_for,
    fresh_name,
    indented,
    leading_lines,
    with_comment,
    with_leading,
)
from exportlint.codemods.loops import (
    _appended_list,
    _block_of,
    _creation,
    _header_comments,
    _is_tensor,
    _single_use,
    _targets,
    plain_loop_in_function,
)
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_UNSAFE = (
    "every step must give the carried values the same shape and dtype, and pieces of one "
    "shape; every tensor indexed with the loop variable must be as long as the loop along "
    "that axis"
)

# Methods whose result may share memory with their receiver: scan rejects a step output
# that aliases an input or another output, so such a piece is cloned.
_VIEWS = frozenset(
    {
        "view", "reshape", "transpose", "permute", "unsqueeze", "squeeze", "expand",
        "narrow", "select", "flatten", "movedim", "contiguous", "detach", "t", "view_as",
        "expand_as", "unflatten", "swapaxes", "as_strided", "chunk", "split", "unbind",
    }
)  # fmt: skip


@dataclass(frozen=True)
class _Sliced:
    """A tensor the body indexes with the loop variable along one axis."""

    tensor: str
    axis: int
    param: str  # the body's name for one slice


def rewrite_scan_loop(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    function = plain_loop_in_function(loop, function)
    body, append = loop.body[:-1], loop.body[-1]
    collected = _appended_list(append)
    if collected is None:
        raise NotRewritable("the loop does not end by appending one piece to a list")
    check_branch(body)
    if collected in stored_in(body) or any(collected in loads_in([s]) for s in body):
        raise NotRewritable(f"the loop body reads `{collected}`")
    block = _block_of(ctx, loop, function)
    index = next(i for i, s in enumerate(block) if s is loop)
    created = _creation(block[:index], collected)
    if created is None:
        raise NotRewritable(f"`{collected}` is not created empty before the loop")
    use, dim, stacked = _single_use(ctx, function, loop, collected, negative=True)
    names = _targets(loop.target)
    carries = _carries(body, names)
    if not carries:
        raise NotRewritable("the loop carries no state (simple_loop_for fits it)")
    for name in carries:
        if not _is_tensor(env, name):
            raise NotRewritable(f"the carried `{name}` is not known to be a tensor")
    _check_after(function, loop, stored_in(body) - set(carries), names)

    taken = set(function_names(ctx, function).taken)
    sliced, scanned, params = _scanned(ctx, loop, [*body, append], names, env, taken)
    cm = codemod_for(ctx, created, loop, use)
    loop_node = cm.find(loop, cst.For)
    assert isinstance(loop_node, cst.For)
    body_name = fresh_name("_scan_body", taken)

    # The body: unpack the carry and the slices, run the statements with the indexed
    # tensors replaced by their slices, return the carry and the piece.
    lines: list[cst.BaseStatement] = []
    carry_param = carries[0] if len(carries) == 1 else fresh_name("_carry", taken)
    if len(carries) > 1:
        lines.append(cm.statement_from(f"{', '.join(carries)} = {carry_param}\n", loop))
    xs_param = params[0] if len(params) == 1 else fresh_name("_step", taken)
    if len(params) > 1:
        lines.append(cm.statement_from(f"{', '.join(params)} = {xs_param}\n", loop))
    replacements = _slice_replacements(cm, [*body, append], names, sliced)
    for statement in body:
        moved = cm.statement(statement).visit(_Swap(replacements))
        assert isinstance(moved, cst.BaseStatement)
        lines.append(moved)
    piece_node = cm.find(append.value.args[0]).visit(_Swap(replacements))  # type: ignore[attr-defined]
    assert isinstance(piece_node, cst.CSTNode)
    piece = cm.code(piece_node)
    if _may_alias(append.value.args[0]):  # type: ignore[attr-defined]
        atom = isinstance(append.value.args[0], ast.Name | ast.Attribute | ast.Subscript | ast.Call)  # type: ignore[attr-defined]
        piece = f"{piece if atom else f'({piece})'}.clone()"
    carried = carries[0] if len(carries) == 1 else f"({', '.join(carries)})"
    returned = cm.statement_from(f"return {carried}, {piece}\n", loop)
    lines.append(with_leading(returned, leading_lines(cm.statement(append))))
    footer = list(getattr(loop_node.body, "footer", ()))
    template = cm.statement_from(f"def {body_name}({carry_param}, {xs_param}):\n    pass\n", loop)
    definition = template.with_changes(body=indented(lines, "", footer))
    leading = [*leading_lines(cm.statement(created)), *loop_node.leading_lines]
    previous = ctx.lines[created.lineno - 2].strip() if created.lineno > 1 else ""
    if previous and not (leading and leading[0].comment is None):
        leading.insert(0, cst.EmptyLine(indent=False))
    definition = definition.with_changes(leading_lines=leading)

    torch = ctx.torch()
    init_text = carried
    xs_text = scanned[0] if len(scanned) == 1 else f"({', '.join(scanned)})"
    detach_init = "_init.detach()" if len(carries) == 1 else "tuple(t.detach() for t in _init)"
    # Several inputs may be views of one tensor (`q, k, v = qkv.unbind(0)`): export then
    # trips on scan's memory-overlap test ("vr must not be None"); copies do not overlap.
    detach_xs = "_xs.detach()" if len(scanned) == 1 else "tuple(t.detach().clone() for t in _xs)"
    init_name, xs_name = fresh_name("_init", taken), fresh_name("_xs", taken)
    detach_init = detach_init.replace("_init", init_name)
    detach_xs = detach_xs.replace("_xs", xs_name)
    setup = [
        cm.statement_from(f"{init_name} = {init_text}\n", loop).with_changes(
            leading_lines=[cst.EmptyLine(indent=False)]
        ),
        cm.statement_from(f"{xs_name} = {xs_text}\n", loop),
        cm.statement_from(
            f"if {torch}.compiler.is_exporting():\n"
            "    # torch.onnx converts scan only if its inputs need no gradients\n"
            f"    {init_name}, {xs_name} = {detach_init}, {detach_xs}\n",
            loop,
        ),
    ]
    text = cm.layout_call(
        loop,
        f"{torch}._higher_order_ops.scan",
        [body_name, init_name, xs_name],
        prefix=f"{carried}, {collected} = ",
    )
    call = cm.statement_from(text + "\n", loop)
    # Comments on the `for` header lines (a backslash-continued header included).
    call = with_comment(call, " ".join(_header_comments(cm, loop_node)))
    edits = cm.edits(
        {
            created: REMOVE,
            loop: [definition, *setup, call],
            use: cm.expr(_unstack(collected, dim, stacked)),
        }
    )
    return fix(
        f"Rewrite the loop with `{torch}._higher_order_ops.scan`, carrying "
        f"{', '.join(f'`{c}`' for c in carries)} ({_UNSAFE})",
        Applicability.UNSAFE,
        *edits,
    )


def _carries(body: list[ast.stmt], targets: list[str]) -> list[str]:
    """Names the body reads before it assigns them, and assigns: the state carried from one
    step to the next (`h = f(h, x[t])`, `total += x[t]`)."""
    stored = stored_in(body)
    seen: set[str] = set()
    found: list[str] = []
    for stmt in body:
        reads = list(loads_in([stmt]))
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            reads.append(stmt.target.id)
        for name in reads:
            # The loop variables are bound afresh by every step: not a carry.
            if name in stored and name not in seen and name not in found and name not in targets:
                found.append(name)
        seen |= stored_in([stmt])
    return found


def _check_after(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    loop: ast.For,
    temporaries: set[str],
    targets: list[str],
) -> None:
    """The body's own names (and the loop variable) must not be read after the loop: scan
    keeps only the carry."""
    end = loop.end_lineno or loop.lineno
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and node.lineno > end
            and (node.id in temporaries or node.id in targets)
        ):
            raise NotRewritable(f"`{node.id}` from the last step is read after the loop")


def _scanned(
    ctx: FixContext,
    loop: ast.For,
    statements: list[ast.stmt],
    names: list[str],
    env: Mapping[str, Value],
    taken: set[str],
) -> tuple[list[_Sliced], list[str], list[str]]:
    """What scan iterates: the tensors the body indexes with the loop variable (moved so
    that the indexed axis is the first), or the tensors the loop iterates; and the body's
    names for one step of each."""
    iterable = loop.iter
    stored = stored_in(statements)
    if isinstance(iterable, ast.Call) and dotted(iterable.func) == "range":
        if len(iterable.args) != 1 or iterable.keywords or len(names) != 1:
            raise NotRewritable("only range(n) is rewritten")
        index = names[0]
        sliced: dict[tuple[str, int], _Sliced] = {}
        other_use = False
        for node in _loads(statements, index):
            if _upper_of_unit_slice(ctx, node):
                continue  # the `i + 1` of `i : i + 1`: the lower bound decides
            found = _indexing(ctx, node)
            if found is None:
                other_use = True
                continue
            tensor, axis = found
            if tensor in stored or not _is_tensor(env, tensor):
                other_use = True
                continue
            if (tensor, axis) not in sliced:
                param = fresh_name(f"{tensor}_{index}", taken, private=True)
                sliced[(tensor, axis)] = _Sliced(tensor, axis, param)
        if other_use:
            raise NotRewritable(
                f"`{index}` is used other than as `t[..., {index}]` or "
                f"`t[..., {index} : {index} + 1]`"
            )
        if not sliced:
            raise NotRewritable(f"the body indexes no tensor with `{index}`")
        moved = [
            s.tensor if s.axis == 0 else f"{s.tensor}.movedim({s.axis}, 0)" for s in sliced.values()
        ]
        steps = list(sliced.values())
        return steps, moved, [step.param for step in steps]
    if isinstance(iterable, ast.Name) and _is_tensor(env, iterable.id) and len(names) == 1:
        return [], [iterable.id], names
    if (
        isinstance(iterable, ast.Call)
        and dotted(iterable.func) == "zip"
        and not iterable.keywords
        and len(iterable.args) == len(names)
        and all(isinstance(a, ast.Name) and _is_tensor(env, a.id) for a in iterable.args)
    ):
        sources = [a.id for a in iterable.args]  # type: ignore[attr-defined]
        return [], sources, names
    raise NotRewritable("the loop does not iterate range(n), a tensor or zip() of tensors")


def _loads(statements: list[ast.stmt], name: str) -> list[ast.Name]:
    return [
        n
        for s in statements
        for n in ast.walk(s)
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
    ]


def _upper_of_unit_slice(ctx: FixContext, node: ast.Name) -> bool:
    parent = ctx.parent(node)
    grandparent = ctx.parent(parent) if parent is not None else None
    return (
        isinstance(parent, ast.BinOp)
        and isinstance(grandparent, ast.Slice)
        and grandparent.upper is parent
        and isinstance(grandparent.lower, ast.Name)
        and grandparent.lower.id == node.id
    )


def _indexing(ctx: FixContext, node: ast.Name) -> tuple[str, int] | None:
    """`x[:, i]` / `x[:, :, i : i + 1]` (full slices before, after): (`x`, the axis)."""
    parent = ctx.parent(node)
    element: ast.expr = node
    if isinstance(parent, ast.Slice):
        upper = parent.upper
        if not (
            parent.lower is node
            and parent.step is None
            and isinstance(upper, ast.BinOp)
            and isinstance(upper.op, ast.Add)
            and isinstance(upper.left, ast.Name)
            and upper.left.id == node.id
            and isinstance(upper.right, ast.Constant)
            and upper.right.value == 1
        ):
            return None
        element, parent = parent, ctx.parent(parent)
    parts: list[ast.expr]
    if isinstance(parent, ast.Tuple):
        parts, subscript = list(parent.elts), ctx.parent(parent)
        if not (isinstance(subscript, ast.Subscript) and subscript.slice is parent):
            return None
    elif isinstance(parent, ast.Subscript) and parent.slice is element:
        parts, subscript = [element], parent
    else:
        return None
    if not (isinstance(subscript.value, ast.Name) and isinstance(subscript.ctx, ast.Load)):
        return None
    axis = next(k for k, p in enumerate(parts) if p is element)
    for k, part in enumerate(parts):
        if k != axis and not _full(part):
            return None
    return subscript.value.id, axis


def _full(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Slice)
        and node.lower is None
        and node.upper is None
        and node.step is None
    )


def _slice_replacements(
    cm: Codemod, statements: list[ast.stmt], names: list[str], sliced: list[_Sliced]
) -> dict[int, cst.BaseExpression]:
    """CST subscript node id → the slice (`x_t`) or the slice with its axis kept
    (`x_t.unsqueeze(2)`)."""
    by_key = {(s.tensor, s.axis): s for s in sliced}
    out: dict[int, cst.BaseExpression] = {}
    if not sliced:
        return out
    index = names[0]
    for statement in statements:
        for node in ast.walk(statement):
            if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
                continue
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            for axis, part in enumerate(parts):
                single = isinstance(part, ast.Name) and part.id == index
                ranged = (
                    isinstance(part, ast.Slice)
                    and isinstance(part.lower, ast.Name)
                    and part.lower.id == index
                )
                if not (single or ranged):
                    continue
                key = (node.value.id, axis)
                if key not in by_key:
                    continue
                name = by_key[key].param
                found = cm.find(node, cst.Subscript)
                text = name if single else f"{name}.unsqueeze({axis})"
                out[id(found)] = cm.expr(text).with_changes(
                    lpar=getattr(found, "lpar", ()), rpar=getattr(found, "rpar", ())
                )
    return out


class _Swap(cst.CSTTransformer):
    def __init__(self, targets: Mapping[int, cst.BaseExpression]) -> None:
        self.targets = targets

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode:
        return self.targets.get(id(original_node), updated_node)


def _may_alias(piece: ast.expr) -> bool:
    """A piece that may share memory with the carry or a slice: a name, an attribute, an
    index, or a view method's result."""
    if isinstance(piece, ast.Name | ast.Attribute | ast.Subscript):
        return True
    if isinstance(piece, ast.Call) and isinstance(piece.func, ast.Attribute):
        return piece.func.attr in _VIEWS
    return False


def _unstack(name: str, dim: int, stacked: bool) -> str:
    """scan stacks the pieces on a new first axis: the torch.stack / torch.cat the loop's
    list went to, from there."""
    if stacked:
        return name if dim == 0 else f"{name}.movedim(0, {dim})"
    if dim == 0:
        return f"{name}.flatten(0, 1)"
    if dim > 0:
        return f"{name}.movedim(0, {dim}).flatten({dim}, {dim + 1})"
    return f"{name}.movedim(0, {dim - 1}).flatten({dim - 1}, {dim})"
