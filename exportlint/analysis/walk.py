"""Walking syntax trees: the whole tree, or the code of one scope (nested functions, lambdas
and classes are other scopes).

`ast.walk` and `ast.iter_child_nodes` are pure Python generators (a generator per node, and
`iter_fields` for each, which reads every field, names and constants included): these do the
same walks in the same order at a fraction of the cost, which matters on the lint path (a walk
per `__init__`, per function, per parent map). Each node class's fields that can hold nodes are
read once from the class's ASDL signature (its docstring, `Name(identifier id, expr_context
ctx)`), so a walk reads only those."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_AST = ast.AST

# ASDL field types that never hold a node.
_LEAVES = frozenset({"identifier", "string", "constant", "int", "object", "bytes"})
# How a field holds nodes: one (or None), a list, a list that may hold None (`Dict.keys`
# for `**d`, `arguments.kw_defaults` for a keyword-only argument without a default).
_ONE, _MANY, _MANY_OR_NONE = 0, 1, 2
_MAY_HOLD_NONE = frozenset({("Dict", "keys"), ("arguments", "kw_defaults")})
_SIGNATURE = re.compile(r"(\w+)\((.*)\)", re.DOTALL)

# Node class -> (field, how) for its fields that can hold nodes, in `_fields` order. A class
# whose signature cannot be read is walked field by field, like `ast.iter_child_nodes`.
_PLANS: dict[type, tuple[tuple[str, int], ...] | None] = {}


def _plan(cls: type) -> tuple[tuple[str, int], ...] | None:
    fields: tuple[str, ...] = getattr(cls, "_fields", ())
    if not fields:
        return ()
    match = _SIGNATURE.fullmatch((cls.__doc__ or "").strip())
    if match is None or match.group(1) != cls.__name__:
        return None
    typed: dict[str, str] = {}
    for part in match.group(2).split(","):
        words = part.split()
        if len(words) != 2:
            return None
        typed[words[1]] = words[0]
    if set(typed) != set(fields):
        return None
    plan: list[tuple[str, int]] = []
    for name in fields:
        kind = typed[name]
        if kind.rstrip("*?") in _LEAVES:
            continue
        if kind.endswith("*"):
            how = _MANY_OR_NONE if (cls.__name__, name) in _MAY_HOLD_NONE else _MANY
            plan.append((name, how))
        else:
            plan.append((name, _ONE))
    return tuple(plan)


def _generic_children(node: ast.AST) -> list[ast.AST]:
    out: list[ast.AST] = []
    for name in node._fields:
        value = getattr(node, name, None)
        if value.__class__ is list:
            out.extend(item for item in value if isinstance(item, _AST))
        elif isinstance(value, _AST):
            out.append(value)
    return out


def _plan_of(cls: type) -> tuple[tuple[str, int], ...] | None:
    try:
        return _PLANS[cls]
    except KeyError:
        plan = _PLANS[cls] = _plan(cls)
        return plan


def _add_children(node: ast.AST, out: list[ast.AST]) -> None:
    plan = _PLANS[node.__class__] if node.__class__ in _PLANS else _plan_of(node.__class__)
    if plan is None:
        out.extend(_generic_children(node))
        return
    for name, how in plan:
        value = getattr(node, name, None)
        if value is None:
            continue
        if how == _ONE:
            out.append(value)
        elif how == _MANY:
            out.extend(value)
        else:
            out.extend(item for item in value if item is not None)


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """The direct children of `node`, in the order of `ast.iter_child_nodes`."""
    out: list[ast.AST] = []
    _add_children(node, out)
    return out


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """Every node under `node` (included), in the order of `ast.walk` (breadth first)."""
    # A list read from the front (not a deque): children are appended in order, and the
    # index moves on, so the order is ast.walk's without a popleft per node.
    todo: list[ast.AST] = [node]
    plans = _PLANS
    index = 0
    while index < len(todo):
        node = todo[index]
        index += 1
        cls = node.__class__
        plan = plans[cls] if cls in plans else _plan_of(cls)
        if plan:
            for name, how in plan:
                value = getattr(node, name, None)
                if value is None:
                    continue
                if how == _ONE:
                    todo.append(value)
                elif how == _MANY:
                    todo.extend(value)
                else:
                    todo.extend(item for item in value if item is not None)
        elif plan is None:
            todo.extend(_generic_children(node))
        yield node


def walk_nodes(node: ast.AST) -> list[ast.AST]:
    """`list(walk(node))`, built without a generator: a third cheaper for the callers that
    read the whole subtree (the reads of `__init__`, of a class's calls, of a shared module's
    functions). The list is walked while it grows: a list's iterator reads its length at each
    step, so the children appended are visited in turn, in `ast.walk`'s order."""
    todo: list[ast.AST] = [node]
    plans = _PLANS
    append, extend = todo.append, todo.extend
    for node in todo:
        cls = node.__class__
        plan = plans[cls] if cls in plans else _plan_of(cls)
        if plan:
            for name, how in plan:
                value = getattr(node, name, None)
                if value is None:
                    continue
                if how == _ONE:
                    append(value)
                elif how == _MANY:
                    extend(value)
                else:
                    extend(item for item in value if item is not None)
        elif plan is None:
            extend(_generic_children(node))
    return todo


# The nodes that can hold statements (no expression, pattern, keyword or argument can), and
# the fields that hold them, by node class in `_fields` order.
_HOLDS_STATEMENTS = (ast.stmt, ast.excepthandler, ast.match_case, ast.mod)
_STATEMENT_FIELDS = frozenset({"body", "handlers", "orelse", "finalbody", "cases"})
_STATEMENT_PLANS: dict[type, tuple[str, ...]] = {}


def walk_statements(node: ast.AST) -> list[ast.AST]:
    """The statements under `node` (it included, when it is one), in the order `walk` gives
    them: the subtrees cut off hold no statement, and cutting a subtree keeps the breadth-first
    order of the rest (a node's depth and its ancestors' order do not change). The bodies of
    classes and functions are a small part of their nodes: a search for assignments or class
    definitions reads a tenth of the tree. A list, built without a generator (every caller
    reads it whole)."""
    todo: list[ast.AST] = [node]
    out: list[ast.AST] = []
    plans = _STATEMENT_PLANS
    holds, stmt = _HOLDS_STATEMENTS, ast.stmt
    for node in todo:  # the list grows while it is read: breadth first, as in `walk`
        cls = node.__class__
        plan = plans.get(cls)
        if plan is None:
            fields: tuple[str, ...] = getattr(cls, "_fields", ())
            plan = plans[cls] = tuple(f for f in fields if f in _STATEMENT_FIELDS)
        for name in plan:
            value = getattr(node, name, None)
            if value.__class__ is list:
                todo.extend([item for item in value if isinstance(item, holds)])
            elif isinstance(value, holds):
                todo.append(value)
        if isinstance(node, stmt):
            out.append(node)
    return out


def walk_local(roots: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """Every node under `roots` (roots included), without entering nested scopes."""
    stack: list[ast.AST] = list(roots)
    pop = stack.pop
    plans = _PLANS
    while stack:
        node = pop()
        yield node
        if isinstance(node, _SCOPES):
            continue
        cls = node.__class__
        plan = plans[cls] if cls in plans else _plan_of(cls)
        if plan:
            for name, how in plan:
                value = getattr(node, name, None)
                if value is None:
                    continue
                if how == _ONE:
                    stack.append(value)
                elif how == _MANY:
                    stack.extend(value)
                else:
                    stack.extend(item for item in value if item is not None)
        elif plan is None:
            stack.extend(_generic_children(node))


def local_nodes(function: ast.AST) -> list[ast.AST]:
    """`walk_local(child_nodes(function))` as a list, made once per function and kept on its
    node: the names a function binds (lookup) and whether a `forward` returns one tensor
    (module_outputs) each walked the same function, most `forward`s being read by both. The
    list holds only the function's descendants, so it makes no reference cycle."""
    found: list[ast.AST] | None = getattr(function, "_exportlint_local_nodes", None)
    if found is None:
        found = _local_list(child_nodes(function))
        function._exportlint_local_nodes = found  # type: ignore[attr-defined]
    return found


def _local_list(roots: list[ast.AST]) -> list[ast.AST]:
    """`list(walk_local(roots))` without a generator (local_nodes reads every function the
    interpreter enters)."""
    out: list[ast.AST] = []
    add = out.append
    stack = roots[:]
    pop, append, extend = stack.pop, stack.append, stack.extend
    plans = _PLANS
    scopes = _SCOPES
    while stack:
        node = pop()
        add(node)
        if isinstance(node, scopes):
            continue
        cls = node.__class__
        plan = plans[cls] if cls in plans else _plan_of(cls)
        if plan:
            for name, how in plan:
                value = getattr(node, name, None)
                if value is None:
                    continue
                if how == _ONE:
                    append(value)
                elif how == _MANY:
                    extend(value)
                else:
                    extend(item for item in value if item is not None)
        elif plan is None:
            extend(_generic_children(node))
    return out
