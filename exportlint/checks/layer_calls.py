"""Which calls may be calls of a torch.nn layer the rules look for, decided cheaply.

`api_facts.layer_constructor` finds the `nn.X(...)` a call like `self.rnn(x)` calls by
reading the assignments to `self.rnn` in its class and the class's bases: on transformers,
most calls of a forward are calls of submodules (a third of the call events), and reading them
for each call cost more than all the other call hooks. Whatever the imports, a constructor
whose qualified name ends with `LSTM` is written `LSTM` in the file (at the call, or in the
import that binds its alias): a file that never writes any of the layers' names calls none.
"""

from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.fixes import FixContext


def may_call_layer(event: events.Call, ctx: FixContext, layers: tuple[str, ...]) -> bool:
    """False when `layer_constructor(event, ctx.tree)` is certainly not a `torch.nn.<layer>`
    with `layer` in `layers` (short class names: "LSTM")."""
    func = event.node.func
    receiver = event.receiver
    if not isinstance(func, ast.Call) and (receiver is None or not receiver.is_self):
        return False  # neither `nn.LSTM(8, 16)(x)` nor `self.<name>(x)`: no constructor read
    return mentions_any(ctx, layers)


def mentions_any(ctx: FixContext, words: tuple[str, ...]) -> bool:
    """Whether the document's text holds any of `words`. Kept on its tree, per tuple of
    words: a shared module's tree lives on in the process, while its sink and context are
    made again for every linted file that reaches it."""
    tree = ctx.tree
    known: dict[tuple[str, ...], bool] | None = getattr(tree, "_exportlint_mentions", None)
    if known is None:
        known = {}
        if tree is not None:
            tree._exportlint_mentions = known  # type: ignore[attr-defined]
    found = known.get(words)
    if found is None:
        text = "\n".join(ctx.lines)  # one search in C per word, not one per line
        found = known[words] = any(word in text for word in words)
    return found
