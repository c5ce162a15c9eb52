"""Transformer stacks that compare an attention mask's values with a causal mask.

`nn.TransformerEncoder`, `nn.TransformerDecoder` and `nn.Transformer` called with an attention
mask and no `is_causal` argument call torch's `_detect_is_causal_mask`, which tests
`torch.equal(mask, causal)`-style `(mask == causal).all()` in Python: a data-dependent bool
torch.export cannot decide (GuardOnDataDependentSymNode, measured on torch 2.13 for float and
bool masks, static or dynamic sizes). With `is_causal=True` (or `False`) it is not called and
the model exports; the layers (`TransformerEncoderLayer`, `MultiheadAttention`) do not test
the mask (measured: they export).
"""

from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.analysis.api_facts import layer_constructor
from exportlint.analysis.imports import qualified_name
from exportlint.checks.layer_calls import may_call_layer
from exportlint.fixes import FixContext

# layer -> (mask parameter, its position, the is_causal parameter, its position) for each mask
# the layer hands to `_detect_is_causal_mask` (positions after the layer's own `self`).
_DETECTED: dict[str, tuple[tuple[str, int, str, int], ...]] = {
    "TransformerEncoder": (("mask", 1, "is_causal", 3),),
    "TransformerDecoder": (("tgt_mask", 2, "tgt_is_causal", 6),),
    "Transformer": (("src_mask", 2, "src_is_causal", 8), ("tgt_mask", 3, "tgt_is_causal", 9)),
}

_MASKS = frozenset(mask for found in _DETECTED.values() for mask, *_ in found)
_LAYERS = tuple(_DETECTED)


def detected_mask(event: events.Call, ctx: FixContext) -> tuple[str, str, str] | None:
    """(layer, mask parameter, is_causal parameter) when the call hands a mask to torch's
    causal-mask detection, or None."""
    # Cheap tests first: each mask comes after the layer's input (most calls of a submodule
    # pass the input alone), and only a call of one of these layers counts.
    if len(event.args) < 2 and not _MASKS.intersection(event.kwargs):
        return None
    if not may_call_layer(event, ctx, _LAYERS):
        return None
    ctor = layer_constructor(event, ctx.tree)
    if ctor is None:
        return None
    layer = qualified_name(ctor.func, ctx.imports, ()) or ""
    short = layer.rsplit(".", 1)[-1]
    if not layer.startswith("torch.nn.") or short not in _DETECTED:
        return None
    for mask, at, flag, flag_at in _DETECTED[short]:
        value = event.kwargs.get(mask) or (event.args[at] if len(event.args) > at else None)
        if value is None or value.is_none or value.optional:
            continue  # no mask (or maybe none): nothing is compared
        given = _argument(event.node, flag, flag_at)
        if given is not None and not (isinstance(given, ast.Constant) and given.value is None):
            continue  # is_causal=True/False: the mask is not inspected
        return short, mask, flag
    return None


def _argument(node: ast.Call, name: str, at: int) -> ast.expr | None:
    for keyword in node.keywords:
        if keyword.arg == name:
            return keyword.value
    if len(node.args) > at and not any(isinstance(a, ast.Starred) for a in node.args[: at + 1]):
        return node.args[at]
    return None


def hint_position(layer: str, flag: str) -> int | None:
    """Where `layer`'s forward takes the `flag` argument (is_causal, tgt_is_causal, ...)."""
    return next((at for _, _, name, at in _DETECTED.get(layer, ()) if name == flag), None)


def mask_argument(node: ast.Call, layer: str, mask: str) -> ast.expr | None:
    """The expression `node` passes as `layer`'s `mask` argument."""
    at = next((at for name, at, _, _ in _DETECTED.get(layer, ()) if name == mask), None)
    return None if at is None else _argument(node, mask, at)
