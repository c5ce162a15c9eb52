"""Example inputs and `dynamic_shapes` keys export cannot use (EXL601).

These fixes change what the file *exports with*, never what the model computes: a traced size
of 0 or 1 on a dynamic dimension becomes 2 (or the named Dim's minimum), a size outside a named
Dim's bounds becomes the nearest bound, two examples sharing a named Dim take the first one's
size, and a `dynamic_shapes` key that names no argument becomes the one argument left without a
key. They are `unsafe` all the same: an example is data the user chose (a model that only
works on a batch of one fails on the new example), so `--fix --verify` proves each by a run.

The size written is the size node itself (`torch.randn(1, 16)` -> `torch.randn(2, 16)`,
`torch.randn(2, NUM_FRAMES, 8)` -> `torch.randn(2, 2, 8)`): the edit is local to the example,
a constant shared with the model (`NUM_FRAMES` read in `__init__`) keeps its value there.
"""

from __future__ import annotations

import ast

from exportlint.codemods import NotRewritable
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def rewrite_example_size(
    ctx: FixContext, node: ast.expr, size: int, new: int, why: str, label: str, axis: int
) -> Fix:
    """The example size written at `node` (its value `size`) -> the literal `new`."""
    if size == new or new < 0:
        raise NotRewritable("no other size to trace with")
    if not isinstance(node, (ast.Constant, ast.Name, ast.Attribute, ast.BinOp, ast.UnaryOp)):
        raise NotRewritable("the size is computed where the example is built")
    return fix(
        f"Trace with size {new} on dimension {axis} of `{label}` ({why}; unsafe: the example "
        "changes, the model does not: a model that only runs at the old size fails on it)",
        Applicability.UNSAFE,
        ctx.replace(node, str(new)),
    )


def rewrite_spec_key(ctx: FixContext, key: ast.Constant, name: str) -> Fix:
    """A `dynamic_shapes` dict key -> the argument `name` (quoted as the key was)."""
    text = ctx.segment(key)
    quote = text[-1] if text and text[-1] in "'\"" else '"'
    return fix(
        f"Key it by the argument `{name}` (unsafe: the spec now applies to `{name}`, the one "
        "argument the export passes without a key)",
        Applicability.UNSAFE,
        ctx.replace(key, f"{quote}{name}{quote}"),
    )


def rewrite_own_dim(ctx: FixContext, hint: ast.expr, label: str, axis: int, name: str) -> Fix:
    """The named Dim `name` on dimension `axis` of `label` -> `torch.export.Dim.DYNAMIC`."""
    if not isinstance(hint, ast.Name) or ctx.imports.get("torch") != "torch":
        raise NotRewritable("the Dim is not written by its name here")
    return fix(
        f"Give dimension {axis} of `{label}` a dynamic size of its own instead of `{name}` "
        "(unsafe: the sizes are no longer declared equal; export still requires any "
        "equality the model needs)",
        Applicability.UNSAFE,
        ctx.replace(hint, "torch.export.Dim.DYNAMIC"),
    )
