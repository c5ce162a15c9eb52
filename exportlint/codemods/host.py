"""Host conversions (EXL202): `.data` read -> `.detach()`.

`.detach()` is the same tensor without autograd, like `.data`, and torch.export traces it.
A write through `.data` is not this family's: `x.data[i] = v` keeps writing to the input with
`.detach()`, which ONNX loses; the mutation family computes it out of place instead.
"""

from __future__ import annotations

import ast

from exportlint.codemods import expressions as ex
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def detach(ctx: FixContext, node: ast.Attribute) -> Fix:
    new = ex.method(ex.node_of(ctx, node.value), "detach")
    return fix("Replace `.data` with `.detach()`", Applicability.SAFE, *ex.replace(ctx, node, new))
