"""Argument validation that reads tensor data: `torch.distributions` objects (EXL101).

`Normal(mean, std)` checks its arguments with `if not constraint.check(value).all(): raise`,
a Python `if` on tensor data inside torch.distributions. Built with `validate_args=False`, the
object computes the same values and skips only the checks (measured on torch 2.13: cleanrl's
policy head exports, converts to ONNX and matches eager).
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import expressions as ex
from exportlint.codemods.core import codemod_for
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def rewrite_validate_args(ctx: FixContext, call: ast.Call, distribution: str) -> Fix:
    """`Normal(a, b)` -> `Normal(a, b, validate_args=False)`; a literal `validate_args=True`
    (or `None`, the default) becomes `False`."""
    cm = codemod_for(ctx, call)
    node = cm.find(call, cst.Call)
    assert isinstance(node, cst.Call)
    false = cst.Name("False")
    args = list(node.args)
    for index, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == "validate_args":
            args[index] = arg.with_changes(value=false)
            break
    else:
        new = ex.keyword_arg("validate_args", false)
        if args:
            last = args[-1]
            if isinstance(last.comma, cst.Comma):
                # `f(\n    a,\n    b,\n)`: the new argument takes the last one's place in
                # the layout (the line break before it, the trailing comma after it).
                before = (
                    args[-2].comma.whitespace_after
                    if len(args) > 1 and isinstance(args[-2].comma, cst.Comma)
                    else node.whitespace_before_args
                )
                new = new.with_changes(comma=last.comma)
                args[-1] = last.with_changes(comma=last.comma.with_changes(whitespace_after=before))
            else:
                args[-1] = last.with_changes(
                    comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                )
        args.append(new)
    edits = cm.edits({call: node.with_changes(args=args)})
    return fix(
        f"Build it with `{distribution}(..., validate_args=False)` (unsafe: the argument "
        "checks are dropped, so invalid parameters no longer raise; the values are the same)",
        Applicability.UNSAFE,
        *edits,
    )
