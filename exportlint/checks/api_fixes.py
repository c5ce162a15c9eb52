"""The candidate fixes of a call that meets an API fact (EXL304, EXL404): a closed form
(`exportlint.codemods.api_rewrites`) where one exists, then the fact's advice."""

from __future__ import annotations

import ast
from functools import partial

from exportlint.analysis import events
from exportlint.analysis.api_facts import Met
from exportlint.analysis.kinds import Kind
from exportlint.analysis.tables import FUNCTION_FACTS, LAYER_FACTS
from exportlint.candidates import Candidate, build_candidates
from exportlint.checks.base import candidates
from exportlint.checks.interests import Calls
from exportlint.checks.layer_calls import may_call_layer
from exportlint.diagnostics import Fix
from exportlint.fixes import FixContext, display_only

# The calls `met_fact` can meet: the facts' functions and tensor methods, and the calls of a
# layer whose constructor it reads (`self.rnn(x)` with `self.rnn = nn.LSTM(...)`, or
# `nn.LSTM(8, 16)(x)`).
FACT_CALLS = Calls(
    names=frozenset(name for name in FUNCTION_FACTS if not name.startswith("Tensor.")),
    methods=frozenset(
        name.removeprefix("Tensor.") for name in FUNCTION_FACTS if name.startswith("Tensor.")
    ),
    self_methods=True,
    values=True,
)

_LAYERS = tuple(LAYER_FACTS)


def may_meet_fact(event: events.Call, ctx: FixContext) -> bool:
    """False when `met_fact` certainly finds nothing: a call that is neither a function or
    tensor method with a fact nor a call of a layer with one (`self.proj(x)` of a Linear)."""
    if event.qualname is not None:
        return True
    receiver = event.receiver
    if event.method is not None and receiver is not None and receiver.kind is Kind.TENSOR:
        return True
    return may_call_layer(event, ctx, _LAYERS)


def closed_form(
    ctx: FixContext, code: str, node: ast.Call, met: Met
) -> tuple[Fix | None, tuple[Fix, ...]]:
    """(`fix`, `alternatives`) for the report of `node`, which meets `met`."""
    # The codemods (and libcst) are imported only when a fix is built.
    from exportlint.codemods.api_rewrites import rewrite_api, rewrite_whole_pool
    from exportlint.codemods.ops_calls import (
        rewrite_adaptive_pool,
        rewrite_packed_run,
        rewrite_recurrent_call,
    )

    advice = display_only(met.fact.instead[:1].upper() + met.fact.instead[1:])
    kept, _ = build_candidates(
        ctx,
        [
            # A pool as long as its input is a reduction: first, where it applies.
            Candidate("Reduce", partial(rewrite_whole_pool, ctx, node, met.api, "amax")),
            Candidate("Adaptive", partial(rewrite_whole_pool, ctx, node, met.api, "adaptive")),
            Candidate("Write it in closed form", partial(rewrite_api, ctx, node, met.api)),
            # exportlint.ops operators that keep the size symbolic.
            Candidate("Scan", partial(rewrite_recurrent_call, ctx, node, met.api)),
            Candidate("Adaptive bins", partial(rewrite_adaptive_pool, ctx, node, met.api)),
            # pack_padded_sequence -> layer -> pad_packed_sequence: exact with the lengths
            # first, then without packing (exact only for full-length sequences).
            Candidate("Masked", partial(rewrite_packed_run, ctx, node, met.api, True)),
            Candidate("Unpacked", partial(rewrite_packed_run, ctx, node, met.api, False)),
        ],
        code,
        node,
    )
    return candidates([*kept, advice])
