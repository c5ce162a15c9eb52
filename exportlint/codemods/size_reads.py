"""Reads of a tensor's sizes as the code spells them: `t.shape`, `t.shape[i]`, `t.size()`,
`t.size(i)`.

Several families ask the same two questions of an `ast` expression: which tensor and which
axis a size read names (`axis_read`: a crop's bound, a pool's length, a pad's owner, the
dynamic side of a branch), and whether the expression reads sizes at all (`reads_size`,
`reads_sizes`). Each family then decides what it accepts (a literal axis, a name for the
tensor); the spelling is recognised here once. Only `ast` decisions.
"""

from __future__ import annotations

import ast


def axis_read(node: ast.AST | None) -> tuple[ast.expr, ast.expr] | None:
    """(tensor, axis) of `t.size(axis)` / `t.shape[axis]`, both as written (the axis may be
    a literal, a name, or a slice for `t.shape[1:]`); None for anything else."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "size"
        and len(node.args) == 1
        and not node.keywords
    ):
        return node.func.value, node.args[0]
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "shape"
    ):
        return node.value.value, node.slice
    return None


def reads_size(node: ast.expr) -> bool:
    """`x.shape`, `x.shape[2:]`, `x.shape[-1]`, `x.size()`, `x.size(1)`: a size (or the
    sizes) read off a tensor."""
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Attribute):
        return node.attr == "shape"
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "size"
    )


def reads_sizes(node: ast.expr) -> bool:
    """`reads_size` without `x.size(i)`: the spellings that can give all the sizes (what a
    loop over a shape iterates: `t.shape`, `t.shape[-2:]`, `t.size()`, `t.size()[2:]`)."""
    call = node.value if isinstance(node, ast.Subscript) else node
    return reads_size(node) and not (isinstance(call, ast.Call) and call.args)
