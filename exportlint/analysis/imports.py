"""Resolve names to the dotted names they were imported as (`F.pad` -> torch.nn.functional.pad)."""

from __future__ import annotations

import ast
import builtins
from collections.abc import Collection, Mapping

BUILTIN_NAMES = frozenset(dir(builtins))


def import_table(tree: ast.Module) -> dict[str, str]:
    """Local name -> dotted name for every import at module level (and in `if`/`try` blocks)."""
    table: dict[str, str] = {}
    for stmt in _module_level(tree.body):
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    table[alias.asname] = alias.name
                else:
                    root = alias.name.split(".")[0]
                    table[root] = root
        elif isinstance(stmt, ast.ImportFrom):
            module = "." * stmt.level + (stmt.module or "")
            for alias in stmt.names:
                if alias.name == "*":
                    continue
                # `from . import x` is `.x`, not `..x`.
                separator = "." if stmt.module else ""
                table[alias.asname or alias.name] = (
                    f"{module}{separator}{alias.name}" if module else alias.name
                )
    return table


def _module_level(body: list[ast.stmt]) -> list[ast.stmt]:
    # Imports guarded by `if TYPE_CHECKING:` / `try: ... except ImportError:` count too.
    out: list[ast.stmt] = []
    for stmt in body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            out.append(stmt)
        elif isinstance(stmt, ast.If):
            out.extend(_module_level(stmt.body))
            out.extend(_module_level(stmt.orelse))
        elif isinstance(stmt, ast.Try):
            out.extend(_module_level(stmt.body))
            for handler in stmt.handlers:
                out.extend(_module_level(handler.body))
    return out


_NAME, _ATTRIBUTE = ast.Name, ast.Attribute


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of attributes on a name, else None."""
    # `x` and `a.b` first, without the list: most calls (every call's and attribute's
    # qualified name, on the lint path) ask about one of these.
    cls = node.__class__
    if cls is _NAME:
        return node.id  # type: ignore[attr-defined,no-any-return]
    if cls is _ATTRIBUTE and node.value.__class__ is _NAME:  # type: ignore[attr-defined]
        return f"{node.value.id}.{node.attr}"  # type: ignore[attr-defined]
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def qualified_name(
    node: ast.expr, imports: Mapping[str, str], shadowed: Collection[str]
) -> str | None:
    """The imported (or builtin) dotted name an expression refers to, or None.

    `shadowed` holds the local names of the function being analysed: a local `F` is not
    `torch.nn.functional`.
    """
    name = dotted(node)
    if name is None:
        return None
    root, _, rest = name.partition(".")
    if root in shadowed:
        return None
    if root in imports:
        base = imports[root]
        return f"{base}.{rest}" if rest else base
    if root in BUILTIN_NAMES and not rest:
        return f"builtins.{root}"
    return None
