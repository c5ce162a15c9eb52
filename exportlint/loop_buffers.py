"""A buffer sized for a loop goes with the loop: one report for the preallocate-and-fill loop.

    out = torch.zeros((len(rois), 3, K))      # EXL303: len() of a tensor
    for i in range(len(rois)):                # EXL401: a loop over a dynamic size
        out[i] = ...

is one hazard (torchvision's heatmaps_to_keypoints, per-row fills): the loop. Its report
keeps the `len()` of the allocation (same tensor, same block, the buffer not read before the
loop) in its message, and its fix also makes that edit (`rois.shape[0]`), so that fixing the
loop leaves no specialised size behind. EXL303 stays when the buffer is used before the loop,
when no loop over the same tensor fills it, or on any other `len()`.

Which reports merge depends only on the code, never on the fixes built: a lint that builds
no fixes (the LSP) keeps the same reports, with the loop's pending fix.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import replace

from exportlint.diagnostics import Diagnostic, Edit, Fix

Key = tuple[str, int, int, int, int]
LOOP = "EXL401"
LEN = "EXL303"
# Allocations whose first arguments are the sizes (`torch.zeros(n, 3)`, `x.new_full((n,), v)`).
_ALLOCATORS = frozenset(
    {"zeros", "ones", "empty", "full", "new_zeros", "new_ones", "new_empty", "new_full"}
)


def merge_loop_buffers(
    found: dict[Key, Diagnostic],
    nodes: dict[Key, ast.AST],
    parent: Callable[[ast.AST], ast.AST | None],
) -> None:
    """Merge, in `found`, each EXL303 on a fill loop's buffer into the loop's EXL401."""
    loops = {id(node): key for key, node in nodes.items() if key[0] == LOOP and key in found}
    if not loops:
        return
    for key, node in list(nodes.items()):
        if key[0] != LEN or key not in found:
            continue
        match = _filled_by_loop(node, parent, loops)
        if match is None:
            continue
        loop_key, buffer = match
        sized = found.pop(key)
        loop = found[loop_key]
        size = ast.unparse(node)
        message = (
            f"{loop.message}; the buffer `{buffer}` it fills is sized with `{size}` on line "
            f"{sized.line}, which specialises the same size"
        )
        fix, alternatives = _fixes(loop, sized)
        found[loop_key] = replace(loop, message=message, fix=fix, alternatives=alternatives)


def _filled_by_loop(
    len_call: ast.AST, parent: Callable[[ast.AST], ast.AST | None], loops: dict[int, Key]
) -> tuple[Key, str] | None:
    """The key of the loop that fills the buffer `len_call` sizes, and the buffer's name."""
    if not (
        isinstance(len_call, ast.Call)
        and isinstance(len_call.func, ast.Name)
        and len_call.func.id == "len"
        and len(len_call.args) == 1
    ):
        return None
    tensor = ast.dump(len_call.args[0])
    child: ast.AST = len_call
    holder = parent(child)
    while isinstance(holder, ast.Tuple | ast.List):
        child, holder = holder, parent(holder)
    if not (
        isinstance(holder, ast.Call)
        and isinstance(holder.func, ast.Attribute)
        and holder.func.attr in _ALLOCATORS
        and any(arg is child for arg in holder.args)
    ):
        return None
    stmt = parent(holder)
    if not (
        isinstance(stmt, ast.Assign)
        and stmt.value is holder
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
    ):
        return None
    buffer = stmt.targets[0].id
    block = parent(stmt)
    siblings = _block_of(block, stmt)
    for later in siblings[siblings.index(stmt) + 1 :]:
        if isinstance(later, ast.For) and _counts_rows(later.iter, tensor):
            loop_key = loops.get(id(later.iter))
            if loop_key is not None and _fills(later, buffer):
                return loop_key, buffer
        if _reads(later, buffer):
            return None  # used before (or otherwise than by) the loop: its own hazard
    return None


def _block_of(block: ast.AST | None, stmt: ast.stmt) -> list[ast.stmt]:
    for name in ("body", "orelse", "finalbody"):
        statements = getattr(block, name, None)
        if isinstance(statements, list) and any(s is stmt for s in statements):
            return statements
    return [stmt]


def _counts_rows(iterable: ast.expr, tensor: str) -> bool:
    """`range(len(t))`, `range(t.shape[0])`, `range(t.size(0))` of the same tensor."""
    if not (
        isinstance(iterable, ast.Call)
        and isinstance(iterable.func, ast.Name)
        and iterable.func.id == "range"
        and len(iterable.args) == 1
    ):
        return False
    bound = iterable.args[0]
    if isinstance(bound, ast.Call) and isinstance(bound.func, ast.Name) and bound.func.id == "len":
        return len(bound.args) == 1 and ast.dump(bound.args[0]) == tensor
    if (
        isinstance(bound, ast.Subscript)
        and isinstance(bound.value, ast.Attribute)
        and bound.value.attr == "shape"
        and isinstance(bound.slice, ast.Constant)
        and bound.slice.value == 0
    ):
        return ast.dump(bound.value.value) == tensor
    if (
        isinstance(bound, ast.Call)
        and isinstance(bound.func, ast.Attribute)
        and bound.func.attr == "size"
        and len(bound.args) == 1
        and isinstance(bound.args[0], ast.Constant)
        and bound.args[0].value == 0
    ):
        return ast.dump(bound.func.value) == tensor
    return False


def _fills(loop: ast.For, buffer: str) -> bool:
    """The loop writes rows of the buffer: `buffer[i] = ...`, `buffer[i, 0] += ...`,
    `buffer[i].copy_(...)`."""
    for node in ast.walk(loop):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign):
            targets = [node.target]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr.endswith("_")
        ):
            targets = [node.func.value]
        for target in targets:
            if _subscript_of(target, buffer):
                return True
    return False


def _subscript_of(node: ast.expr, name: str) -> bool:
    while isinstance(node, ast.Subscript):
        node = node.value
        if isinstance(node, ast.Name) and node.id == name:
            return True
    return False


def _reads(stmt: ast.stmt, name: str) -> bool:
    return any(
        isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
        for n in ast.walk(stmt)
    )


def _fixes(loop: Diagnostic, sized: Diagnostic) -> tuple[Fix | None, tuple[Fix, ...]]:
    """The loop's fix and alternatives, with the allocation's edit added to each rewrite that
    leaves that line alone (a fix with no edits, pending or advice, stays as it is)."""
    extra = sized.fix.edits if sized.fix is not None else ()
    if not extra:
        return loop.fix, loop.alternatives

    def with_size(fix: Fix) -> Fix:
        if not fix.edits or any(_overlap(a, b) for a in extra for b in fix.edits if a != b):
            return fix
        return replace(fix, edits=tuple(sorted({*fix.edits, *extra})))

    fix = with_size(loop.fix) if loop.fix is not None else None
    return fix, tuple(with_size(a) for a in loop.alternatives)


def _overlap(a: Edit, b: Edit) -> bool:
    start_a, end_a = (a.line, a.column), (a.end_line, a.end_column)
    start_b, end_b = (b.line, b.column), (b.end_line, b.end_column)
    return (start_a < end_b and start_b < end_a) or start_a == start_b
