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

# Distributions built around another one that validate on their own: their `log_prob` checks
# the sample against the support (`if not support.check(value).all(): raise`), whatever the
# inner distribution does (measured on torch 2.13: TransformedDistribution and
# MixtureSameFamily still fail to export with only the inner one built unvalidated;
# Independent does not check, but takes the keyword as well).
_WRAPPERS = frozenset({"TransformedDistribution", "MixtureSameFamily", "Independent"})


def rewrite_validate_args(ctx: FixContext, call: ast.Call, distribution: str) -> Fix:
    """`Normal(a, b)` -> `Normal(a, b, validate_args=False)`; a literal `validate_args=True`
    (or `None`, the default) becomes `False`. A distribution that wraps it
    (`TransformedDistribution(Normal(...), [...])`, also through a name assigned once before)
    gets `validate_args=False` too."""
    wrapper = _wrapper_of(ctx, call)
    if wrapper is not None and _contains(wrapper, call):
        cm = codemod_for(ctx, call)
        outer = cm.find(wrapper, cst.Call)
        inner = cm.find(call, cst.Call)
        assert isinstance(outer, cst.Call) and isinstance(inner, cst.Call)
        replaced = outer.deep_replace(inner, _without_validation(inner))
        assert isinstance(replaced, cst.Call)
        edits = cm.edits({wrapper: _without_validation(replaced)})
    elif wrapper is not None:
        cm = codemod_for(ctx, _statement_of(ctx, call), _statement_of(ctx, wrapper))
        inner, outer = cm.find(call, cst.Call), cm.find(wrapper, cst.Call)
        assert isinstance(outer, cst.Call) and isinstance(inner, cst.Call)
        edits = cm.edits({call: _without_validation(inner), wrapper: _without_validation(outer)})
    else:
        cm = codemod_for(ctx, call)
        node = cm.find(call, cst.Call)
        assert isinstance(node, cst.Call)
        edits = cm.edits({call: _without_validation(node)})
    also = ""
    if wrapper is not None:
        name = _short_name(wrapper.func)
        also = f" and the {name} built on it"
    return fix(
        f"Build it with `{distribution}(..., validate_args=False)`{also} (unsafe: the "
        "argument checks are dropped, so invalid parameters no longer raise; the values are "
        "the same)",
        Applicability.UNSAFE,
        *edits,
    )


def _short_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _validating(call: ast.Call) -> bool:
    """No `validate_args=` keyword, or a literal True/None one."""
    for keyword in call.keywords:
        if keyword.arg == "validate_args":
            value = keyword.value
            return isinstance(value, ast.Constant) and value.value in (True, None)
    return True


def _wrapper_of(ctx: FixContext, call: ast.Call) -> ast.Call | None:
    """The wrapping distribution built on `call`: its direct parent call, or the one call
    that takes the name `call` is assigned to (`base = Normal(...)`, later in the function)."""
    parent = ctx.parent(call)
    if isinstance(parent, ast.keyword):
        parent = ctx.parent(parent)
    if isinstance(parent, ast.Call) and _short_name(parent.func) in _WRAPPERS:
        return parent if _validating(parent) else None
    if not (
        isinstance(parent, ast.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
    ):
        return None
    name = parent.targets[0].id
    scope = ctx._scope_of(call.lineno)
    found = [
        node
        for node in ast.walk(scope)
        if isinstance(node, ast.Call)
        and _short_name(node.func) in _WRAPPERS
        and node.lineno > call.lineno
        and any(
            isinstance(a, ast.Name) and a.id == name
            for a in [*node.args, *(k.value for k in node.keywords)]
        )
    ]
    if len(found) != 1 or not _validating(found[0]):
        return None
    return found[0]


def _contains(outer: ast.AST, inner: ast.AST) -> bool:
    return any(node is inner for node in ast.walk(outer))


def _statement_of(ctx: FixContext, node: ast.AST) -> ast.AST:
    current: ast.AST | None = node
    while current is not None and not isinstance(current, ast.stmt):
        current = ctx.parent(current)
    return current if current is not None else node


def _without_validation(node: cst.Call) -> cst.Call:
    """`node` with `validate_args=False` (replacing a literal True/None, or added last in the
    call's own layout)."""
    return ex.with_keyword(node, "validate_args", cst.Name("False"))
