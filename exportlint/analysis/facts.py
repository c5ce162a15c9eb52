"""Facts from torch._check: bounds on sizes and data values, through arithmetic."""

from __future__ import annotations

import ast
import re

FLIP: dict[type[ast.cmpop], ast.cmpop] = {
    ast.Lt: ast.Gt(),
    ast.Gt: ast.Lt(),
    ast.LtE: ast.GtE(),
    ast.GtE: ast.LtE(),
}


def source_text(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # pragma: no cover - unparse of odd trees
        return ""


Bounds = tuple[float | None, float | None]

# `x.size(1)` and `x.shape[1]` are the same size: facts are keyed by one spelling.
_SIZE_CALL = re.compile(r"\.size\((-?\d+)\)")


def fact_key(node: ast.AST) -> str:
    """The key of the facts about an expression: its source, sizes spelled `x.shape[k]`."""
    return _SIZE_CALL.sub(r".shape[\1]", source_text(node))


def bounds_of(node: ast.expr, facts: dict[str, Bounds], depth: int = 0) -> Bounds | None:
    """What torch._check facts say about an expression: `a // 2 + 1` from `a >= 10`."""
    known = facts.get(fact_key(node))
    if known is not None:
        return known
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        if isinstance(node.value, bool):
            return None
        return float(node.value), float(node.value)
    if not isinstance(node, ast.BinOp) or depth > 8:
        return None
    left = bounds_of(node.left, facts, depth + 1)
    right = bounds_of(node.right, facts, depth + 1)
    if left is None or right is None:
        return None
    (a, b), (c, d) = left, right
    if isinstance(node.op, ast.Add):
        return (None if a is None or c is None else a + c), (
            None if b is None or d is None else b + d
        )
    if isinstance(node.op, ast.Sub):
        return (None if a is None or d is None else a - d), (
            None if b is None or c is None else b - c
        )
    # Multiplication and floor division by a positive constant keep the order.
    if c is not None and c == d and c > 0:
        if isinstance(node.op, ast.Mult):
            return (None if a is None else a * c), (None if b is None else b * c)
        if isinstance(node.op, ast.FloorDiv):
            return (None if a is None else a // c), (None if b is None else b // c)
    if a is not None and a == b and a > 0 and isinstance(node.op, ast.Mult):
        return (None if c is None else c * a), (None if d is None else d * a)
    return None
