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
from exportlint.codemods import NotRewritable, loop_parts, scan_assembly
from exportlint.codemods.branches import check_branch, loads_in, stored_in
from exportlint.codemods.core import (
    REMOVE,
    Codemod,
    codemod_for,
    fresh_name,
    leading_lines,
    with_leading,
)
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_UNSAFE = (
    "every step must give the carried values the same shape and dtype, and pieces of one "
    "shape; every tensor indexed with the loop variable must be as long as the loop along "
    "that axis"
)


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
    function = loop_parts.plain_loop_in_function(loop, function)
    body, append = loop.body[:-1], loop.body[-1]
    collected = loop_parts.appended_list(append)
    if collected is None:
        raise NotRewritable("the loop does not end by appending one piece to a list")
    check_branch(body)
    if collected in stored_in(body) or any(collected in loads_in([s]) for s in body):
        raise NotRewritable(f"the loop body reads `{collected}`")
    block = loop_parts.block_of(ctx, loop, function)
    index = next(i for i, s in enumerate(block) if s is loop)
    created, use, dim, stacked = loop_parts.collected_list(
        ctx, function, loop, block[:index], collected, negative=True
    )
    names = loop_parts.loop_targets(loop.target)
    carries = loop_parts.carried_names(body, names)
    if not carries:
        raise NotRewritable("the loop carries no state (simple_loop_for fits it)")
    for name in carries:
        if not loop_parts.is_tensor(env, name):
            raise NotRewritable(f"the carried `{name}` is not known to be a tensor")
    _check_after(function, loop, stored_in(body) - set(carries), names)

    taken = loop_parts.taken_names(ctx, function)
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
        moved = cm.statement(statement).visit(loop_parts.NodeSwap(replacements))
        assert isinstance(moved, cst.BaseStatement)
        lines.append(moved)
    piece_node = cm.find(append.value.args[0]).visit(loop_parts.NodeSwap(replacements))  # type: ignore[attr-defined]
    assert isinstance(piece_node, cst.CSTNode)
    piece = cm.code(piece_node)
    if scan_assembly.may_alias(append.value.args[0]):  # type: ignore[attr-defined]
        atom = isinstance(append.value.args[0], loop_parts.ATOMS)  # type: ignore[attr-defined]
        piece = f"{piece if atom else f'({piece})'}.clone()"
    carried = carries[0] if len(carries) == 1 else f"({', '.join(carries)})"
    returned = cm.statement_from(f"return {carried}, {piece}\n", loop)
    lines.append(with_leading(returned, leading_lines(cm.statement(append))))
    definition = scan_assembly.body_definition(
        ctx, cm, loop, loop_node, body_name, f"{carry_param}, {xs_param}", lines, [created]
    )

    init_name, xs_name = fresh_name("_init", taken), fresh_name("_xs", taken)
    xs_text = scanned[0] if len(scanned) == 1 else f"({', '.join(scanned)})"
    setup = scan_assembly.scan_setup(
        cm, loop, init_name, carried, xs_name, f"{xs_name} = {xs_text}", len(carries), len(scanned)
    )
    call = scan_assembly.scan_call(
        cm, loop, loop_node, body_name, init_name, xs_name, f"{carried}, {collected}"
    )
    edits = cm.edits(
        {
            created: REMOVE,
            loop: [definition, *setup, call],
            use: cm.expr(scan_assembly.unstack(collected, dim, stacked)),
        }
    )
    torch = ctx.torch()
    return fix(
        f"Rewrite the loop with `{torch}._higher_order_ops.scan`, carrying "
        f"{', '.join(f'`{c}`' for c in carries)} ({_UNSAFE})",
        Applicability.UNSAFE,
        *edits,
    )


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
        for node in loop_parts.name_loads(statements, index):
            if loop_parts.upper_of_offset(ctx, node, index):
                continue  # the `i + 1` of `i : i + 1`: the lower bound decides
            found = _indexing(ctx, node)
            if found is None:
                other_use = True
                continue
            tensor, axis = found
            if tensor in stored or not loop_parts.is_tensor(env, tensor):
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
    if (
        isinstance(iterable, ast.Name)
        and loop_parts.is_tensor(env, iterable.id)
        and len(names) == 1
    ):
        return [], [iterable.id], names
    if (
        isinstance(iterable, ast.Call)
        and dotted(iterable.func) == "zip"
        and not iterable.keywords
        and len(iterable.args) == len(names)
        and all(isinstance(a, ast.Name) and loop_parts.is_tensor(env, a.id) for a in iterable.args)
    ):
        sources = [a.id for a in iterable.args]  # type: ignore[attr-defined]
        return [], sources, names
    raise NotRewritable("the loop does not iterate range(n), a tensor or zip() of tensors")


def _indexing(ctx: FixContext, node: ast.Name) -> tuple[str, int] | None:
    """`x[:, i]` / `x[:, :, i : i + 1]` (full slices before, after): (`x`, the axis)."""
    parent = ctx.parent(node)
    element: ast.expr = node
    if isinstance(parent, ast.Slice):
        width = loop_parts.window_width(parent, node)
        if not (isinstance(width, ast.Constant) and width.value == 1):
            return None
        element = parent
    found = loop_parts.subscript_around(ctx, element)
    if found is None:
        return None
    subscript, parts = found
    if not (isinstance(subscript.value, ast.Name) and isinstance(subscript.ctx, ast.Load)):
        return None
    axis = next(k for k, p in enumerate(parts) if p is element)
    for k, part in enumerate(parts):
        if k != axis and not loop_parts.is_full_slice(part):
            return None
    return subscript.value.id, axis


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
            parts = loop_parts.index_parts(node)
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
