"""Codemods: rewrites of export hazards, one module per family, on libcst.

`core` is the engine (read its docstring to write a family); `branches` rewrites Python
control flow on tensors and sizes (torch.cond / torch.where / torch._check), `loops` the
collect-and-concatenate loop (exportlint.ops.simple_loop_for) and repeated pieces.

This package module stays free of libcst: rules import a family only when they build a fix,
so that linting a file with nothing to fix never imports libcst.
"""

from __future__ import annotations


class NotRewritable(Exception):
    """Why a statement cannot be rewritten; shown as a display-only suggestion."""


# The reason a deferred rewrite gives (see `FixDeferred`); the engine strips it from the
# rule's advice.
DEFERRED = "built on demand"


class FixDeferred(NotRewritable):
    """Raised by `codemod_for` when the lint runs with fixes deferred (the document's
    `FixContext.defer_fixes`): the rule falls back as for any `NotRewritable`, and the engine,
    told by `FixContext.fix_deferred`, marks the diagnostic's fix as pending. A NotRewritable,
    so that every rule's existing fallback handles it without knowing about laziness."""

    def __init__(self) -> None:
        super().__init__(DEFERRED)


def failed_rewrite(error: Exception) -> str:
    """Why a fix is not offered when building it raised an unexpected error: a bug in a
    codemod must cost the user a fix, never the lint (EXPORTLINT_DEBUG=1 re-raises)."""
    import os

    if os.environ.get("EXPORTLINT_DEBUG"):
        raise error
    return f"not rewritten automatically (internal error: {type(error).__name__})"
