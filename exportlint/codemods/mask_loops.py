"""A loop over the positions a mask selects → a loop over every position (EXL401).

    hit = (counts > 0).nonzero()                   hit = counts > 0
    for e in hit:                          ->      for e in range(hit.shape[0]):
        e = e[0]                                        ...
        ...

`nonzero()` has as many rows as the data says, so export cannot unroll a loop over them;
the mask itself has a length fixed by the model (one position per expert, per class), so a
loop over every position unrolls. Positions the mask leaves out are visited too: the body
must do nothing for them, as a mixture-of-experts body does (`torch.where(routing[e])` is
empty for an expert no token chose, and adding an empty set of rows changes nothing).
That is the rewrite's condition, and `--fix --verify` checks it on the examples.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods.core import REMOVE, Replacement, codemod_for
from exportlint.codemods.loop_parts import plain_loop_in_function
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_UNSAFE = (
    "every position of the mask is visited now: the body must do nothing for a position "
    "the mask leaves out; the mask must be 1-d and its length fixed when exporting"
)


def rewrite_mask_loop(
    ctx: FixContext,
    loop: ast.For,
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    function = plain_loop_in_function(loop, function)
    if not (isinstance(loop.iter, ast.Name) and isinstance(loop.target, ast.Name)):
        raise NotRewritable("the loop does not iterate a name with one variable")
    hit, index = loop.iter.id, loop.target.id
    made = _nonzero_assignment(function, hit, loop)
    mask = _mask_of(made.value)
    # The rows of nonzero() of a 1-d mask are `[position]`: the body reads `e[0]`.
    unpack = loop.body[0]
    if not (
        isinstance(unpack, ast.Assign)
        and len(unpack.targets) == 1
        and isinstance(unpack.targets[0], ast.Name)
        and unpack.targets[0].id == index
        and _is_first_of(unpack.value, index)
    ):
        raise NotRewritable(f"the body does not start with `{index} = {index}[0]`")
    cm = codemod_for(ctx, made, loop)
    loop_node = cm.find(loop, cst.For)
    assert isinstance(loop_node, cst.For)
    replacements: dict[ast.AST, Replacement] = {
        made.value: cm.find(mask),
        loop.iter: cm.expr(f"range({hit}.shape[-1])"),
    }
    kept = cm.statement(unpack)
    comments = [line for line in getattr(kept, "leading_lines", ()) if line.comment is not None]
    if comments or getattr(getattr(kept, "trailing_whitespace", None), "comment", None):
        raise NotRewritable(f"`{index} = {index}[0]` carries a comment")
    if len(loop.body) == 1:
        raise NotRewritable("the body does nothing else")
    replacements[unpack] = REMOVE
    return fix(
        f"Loop over every position of the mask instead of its `nonzero()` rows ({_UNSAFE})",
        Applicability.UNSAFE,
        *cm.edits(replacements),
    )


def _nonzero_assignment(
    function: ast.FunctionDef | ast.AsyncFunctionDef, name: str, loop: ast.For
) -> ast.Assign:
    """The one assignment `name = <mask>.nonzero()` before the loop; the loop is the name's
    only reader."""
    assigned = [
        n
        for n in ast.walk(function)
        if isinstance(n, ast.Assign | ast.AugAssign | ast.AnnAssign)
        and any(
            isinstance(t, ast.Name) and t.id == name
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        )
    ]
    if len(assigned) != 1 or not isinstance(assigned[0], ast.Assign):
        raise NotRewritable(f"`{name}` is not assigned once")
    made = assigned[0]
    if len(made.targets) != 1 or made.lineno >= loop.lineno:
        raise NotRewritable(f"`{name}` is not assigned once, before the loop")
    reads = [
        n
        for n in ast.walk(function)
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
    ]
    if len(reads) != 1 or reads[0] is not loop.iter:
        raise NotRewritable(f"`{name}` is read elsewhere than by the loop")
    return made


def _mask_of(value: ast.expr) -> ast.expr:
    """`m.nonzero()` / `torch.nonzero(m)`: `m`."""
    if not (isinstance(value, ast.Call) and not value.keywords):
        raise NotRewritable("the loop does not iterate the rows of `nonzero()`")
    func = value.func
    if isinstance(func, ast.Attribute) and func.attr == "nonzero":
        if not value.args and not (isinstance(func.value, ast.Name) and func.value.id == "torch"):
            return func.value
        if isinstance(func.value, ast.Name) and func.value.id == "torch" and len(value.args) == 1:
            return value.args[0]
    raise NotRewritable("the loop does not iterate the rows of `nonzero()`")


def _is_first_of(node: ast.expr, name: str) -> bool:
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == name
        and isinstance(node.slice, ast.Constant)
        and node.slice.value == 0
    )
