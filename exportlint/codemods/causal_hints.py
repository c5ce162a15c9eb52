"""Tell a Transformer stack whether its mask is causal (EXL101).

`nn.TransformerEncoder(...)(src, mask)` (and `nn.TransformerDecoder` with `tgt_mask`,
`nn.Transformer` with `src_mask`/`tgt_mask`) called without `is_causal` compares the mask's
values with a causal mask in Python (`_detect_is_causal_mask`). With the hint given, torch 2.13
returns it as is and skips the comparison:

* `is_causal=False` is exact for every mask: the layers then apply the mask as given, which is
  what a causal mask means (measured on torch 2.13: equal outputs with and without the hint,
  for causal and non-causal masks, with a padding mask, in eval with `enable_nested_tensor`,
  and the stack exports, converts to ONNX and matches eager). Only the causal fast path of
  scaled-dot-product attention is given up, so it is labelled safe.
* `is_causal=True` is offered after it when the mask is built by
  `generate_square_subsequent_mask` in the same function: it lets attention use its causal
  kernel, and it is exact only when that mask is the causal mask of the sequence's length.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.core import codemod_for
from exportlint.codemods.names import bindings
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_CAUSAL_BUILDERS = frozenset(
    {"generate_square_subsequent_mask", "_generate_square_subsequent_mask"}
)


def rewrite_causal_hint(
    ctx: FixContext, call: ast.Call, flag: str, position: int | None, causal: bool
) -> Fix:
    """`stack(x, mask)` -> `stack(x, mask, is_causal=False)` (or `=True`); a literal
    `is_causal=None` gets the value."""
    cm = codemod_for(ctx, call)
    node = cm.find(call, cst.Call)
    if not isinstance(node, cst.Call):
        raise NotRewritable("the call could not be located in the syntax tree")
    value = cst.Name("True" if causal else "False")
    (edit,) = cm.edits({call: ex.with_keyword(node, flag, value, position)})
    if causal:
        return fix(
            f"Pass `{flag}=True` (unsafe: exact only when the mask is the causal mask of the "
            "sequence's length, as `generate_square_subsequent_mask(L)` builds it; attention "
            "may then use its causal kernel instead of the mask)",
            Applicability.UNSAFE,
            edit,
        )
    return fix(
        f"Pass `{flag}=False`: the mask is applied as given, not compared with a causal mask "
        "(the same result for every mask)",
        Applicability.SAFE,
        edit,
    )


def builds_causal_mask(ctx: FixContext, call: ast.Call, mask: ast.expr | None) -> bool:
    """Whether `mask` is `generate_square_subsequent_mask(...)`, directly or through a name
    assigned only that in the function of `call`."""
    if mask is None:
        return False
    if isinstance(mask, ast.Call):
        return _builder(mask)
    if not isinstance(mask, ast.Name):
        return False
    scope = ctx._scope_of(call.lineno)
    bound = [value for target, value in bindings(scope) if target == mask.id]
    return len(bound) == 1 and isinstance(bound[0], ast.Call) and _builder(bound[0])


def _builder(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in _CAUSAL_BUILDERS
