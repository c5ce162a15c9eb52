"""A Python flag set by a size test in a loop over a shape (EXL102): set it unconditionally.

diffusers' UNets forward the skip connection's size to their upsamplers only when a spatial
size is not a multiple of the overall downsampling factor:

    forward_upsample_size = False
    for dim in sample.shape[-2:]:
        if dim % default_overall_up_factor != 0:
            forward_upsample_size = True
            break
    ...
    upsample_size = skip.shape[2:] if forward_upsample_size else None

torch.export keeps only the branch of the example (a guard `sample.size()[2] % 2 == 0` fails
on an odd size; accumulating the test as a SymBool with `or` leaves the same guard, measured
on torch 2.13). The flag only chooses between an explicit output size and the scale factor,
which give the same size whenever the test is false: setting it always (the loop replaced by
`flag = True`) removes the test, and the model exports and matches eager on even and odd
sizes (measured on 2.13). Unsafe, with its condition: exact when the path the flag enables
computes the same result where the test was false, which static analysis cannot see;
`--fix --verify` proves it on the example inputs.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods.core import codemod_for
from exportlint.codemods.names import bindings
from exportlint.codemods.size_reads import reads_sizes
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def _true(node: ast.stmt, flag: str) -> bool:
    return (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id == flag
        and isinstance(node.value, ast.Constant)
        and node.value.value is True
    )


def set_flag_always(ctx: FixContext, stmt: ast.If) -> Fix:
    """`for d in x.shape[-2:]: if test(d): flag = True [break]` -> `flag = True`."""
    loop = ctx.parent(stmt)
    if not (
        isinstance(loop, ast.For)
        and loop.body == [stmt]
        and not loop.orelse
        and isinstance(loop.target, ast.Name)
        and reads_sizes(loop.iter)
    ):
        raise NotRewritable("not a loop over a shape that only tests each size")
    body = stmt.body
    if stmt.orelse or not body or not _true(body[0], getattr(body[0].targets[0], "id", "")):  # type: ignore[attr-defined]
        raise NotRewritable("the test does not only set a flag")
    if len(body) > 2 or (len(body) == 2 and not isinstance(body[1], ast.Break)):
        raise NotRewritable("the test does more than set a flag")
    assign = body[0]
    assert isinstance(assign, ast.Assign) and isinstance(assign.targets[0], ast.Name)
    flag = assign.targets[0].id
    scope = ctx._scope_of(loop.lineno)
    values = [value for name, value in bindings(scope) if name == flag]
    falses = [v for v in values if isinstance(v, ast.Constant) and v.value is False]
    if len(values) != 2 or len(falses) != 1:
        raise NotRewritable(f"`{flag}` is set elsewhere too")
    cm = codemod_for(ctx, loop)
    old = cm.find(loop, cst.For)
    # Comments inside the loop (`# Forward upsample size to force interpolation output
    # size.`) stay, as lines before the assignment that replaces it.
    comments = [cst.EmptyLine(comment=cst.Comment(node.value)) for node in _comments(old)]
    new = cm.statement_from(f"{flag} = True\n", loop)
    new = new.with_changes(leading_lines=[*old.leading_lines, *comments])  # type: ignore[attr-defined]
    return fix(
        f"Set `{flag}` always instead of testing each size (unsafe: exact when the path "
        f"`{flag}` enables gives the same result where the test was false, as an explicit "
        "output size and the scale factor do; --fix --verify proves it)",
        Applicability.UNSAFE,
        *cm.edits({loop: [new]}),
    )


def _comments(node: cst.CSTNode) -> list[cst.Comment]:
    found: list[cst.Comment] = []

    class _Collect(cst.CSTVisitor):
        def visit_Comment(self, comment: cst.Comment) -> None:
            found.append(comment)

    node.visit(_Collect())
    return found
