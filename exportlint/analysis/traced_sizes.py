"""The size an axis has in the traced example, and what a size-dependent hazard makes of it.

Some hazards depend on the example torch.export traces, not only on the code: a slice to a
size rounded down to a multiple (`x[:, : T - T % k]`) guards on whether the traced `T` was a
multiple of `k`, and the exported program then refuses the sizes of the other class (measured
on torch 2.13, table in rules/EXL102-shape-condition/README.md). The interpreter gives each
axis the file's `dynamic_shapes` declares dynamic its size in the traced example and in the
later input sets (`Value.traced`, from `shapes.with_dynamic_axes`); this module reads the
multiple `k` from the text (a literal, a module constant, a local name, `self.k` set in
`__init__` from a literal or a defaulted parameter the file's constructions leave alone) and
says what the traced example means for the hazard. Read with `ast`, never run.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from exportlint.analysis.kinds import Kind, TracedSize, Value

ParentOf = Callable[[ast.AST], ast.AST | None]
ValueOf = Callable[[ast.AST], Value | None]
# How far names are followed (`k = self.k`, `self.k = stride`, ...).
_MAX_DEPTH = 6


@dataclass(frozen=True)
class RoundedAtTrace:
    """A size `n` rounded down to a multiple of `k`, with `n` as the file traces it."""

    traced: TracedSize  # the size rounded (`n`), in the traced example and the later sets
    multiple: int  # k

    @property
    def exact(self) -> bool:
        """The traced size is a multiple: the bound equals the axis at trace time."""
        return self.traced.size % self.multiple == 0

    def refused(self) -> list[tuple[int, int]]:
        """(input set number, size) of the later input sets whose size is in the other class
        than the traced one: the exported program's guard refuses them (measured)."""
        out: list[tuple[int, int]] = []
        for number, size in enumerate(self.traced.others, 1):
            if size is not None and (size % self.multiple == 0) != self.exact:
                out.append((number, size))
        return out


def rounded_at_trace(
    value: Value, value_of: ValueOf, parent: ParentOf, tree: ast.Module | None
) -> RoundedAtTrace | None:
    """What the traced example makes of a size rounded down to a multiple (a `Value` whose
    origin is the rounding `n - n % k`, `n // k * k`, `k * (n // k)`); None when the
    traced size of `n` or the value of `k` is not known."""
    rounding = value.origin
    if not isinstance(rounding, ast.BinOp) or tree is None:
        return None
    parts = _rounded_parts(rounding)
    if parts is None:
        return None
    size_node, multiple_node = parts
    size = value_of(size_node)
    if size is None or size.kind is not Kind.DIM or size.traced is None:
        return None
    multiple = static_int(multiple_node, parent, tree)
    if multiple is None or multiple < 1:
        return None
    return RoundedAtTrace(size.traced, multiple)


def _rounded_parts(node: ast.BinOp) -> tuple[ast.expr, ast.expr] | None:
    """(n, k) of `n - n % k`, `n // k * k`, `k * (n // k)`."""
    right = node.right
    if isinstance(node.op, ast.Sub) and isinstance(right, ast.BinOp):
        return node.left, right.right
    if isinstance(node.op, ast.Mult):
        for quotient in (node.left, right):
            if isinstance(quotient, ast.BinOp) and isinstance(quotient.op, ast.FloorDiv):
                return quotient.left, quotient.right
    return None


# ------------------------------------------------------------------ static integers


def static_int(node: ast.expr, parent: ParentOf, tree: ast.Module, depth: int = 0) -> int | None:
    """The int a multiple is, when the text decides it: a literal, a module constant, a name
    bound once in the function, `self.<name>` set once (class body or `__init__`) to one of
    those or to an `__init__` parameter whose default every construction in the file keeps
    (or passes the same literal for)."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.Constant):
        return node.value if type(node.value) is int else None
    if isinstance(node, ast.Name):
        function = _enclosing_function(node, parent)
        if function is not None:
            bound = _single_binding(function.body, node.id)
            if bound is not None:
                return static_int(bound, parent, tree, depth + 1)
            if _binds(function, node.id):
                return None  # a parameter, a loop variable, bound twice...
        bound = _single_binding(tree.body, node.id, nested=False)
        return static_int(bound, parent, tree, depth + 1) if bound is not None else None
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    ):
        cls = _class_at(tree, node.lineno)
        if cls is not None:
            return _attribute_int(cls, node.attr, parent, tree, depth)
    return None


def _attribute_int(
    cls: ast.ClassDef, name: str, parent: ParentOf, tree: ast.Module, depth: int
) -> int | None:
    in_body = _single_binding(cls.body, name, nested=False)
    init = next(
        (s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None
    )
    assigned = _self_assignments(init, name) if init is not None else []
    if in_body is not None and not assigned:
        return static_int(in_body, parent, tree, depth + 1)
    if len(assigned) != 1 or init is None:
        return None
    value = assigned[0]
    if isinstance(value, ast.Name) and _is_parameter(init, value.id):
        return _parameter_int(cls.name, init, value.id, tree, depth + 1)
    if isinstance(value, ast.Name) and _binds(init, value.id):
        return None
    return static_int(value, parent, tree, depth + 1)


def _parameter_int(
    class_name: str, init: ast.FunctionDef, param: str, tree: ast.Module, depth: int = 0
) -> int | None:
    """The value of an `__init__` parameter: its literal default, unless a construction of
    the class in the file passes it (then the one literal every construction passes). A
    construction inside another class's `__init__` that passes one of that `__init__`'s own
    parameters on (`self.reduce = TimeReduction(stride)`, configs handed down submodules)
    passes what that parameter is, found the same way."""
    if depth > _MAX_DEPTH:
        return None
    arguments = init.args
    positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)][1:]
    defaults = dict(
        zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults)
    )
    for arg, default in zip(arguments.kwonlyargs, arguments.kw_defaults):
        if default is not None:
            defaults[arg.arg] = default
    default = defaults.get(param)
    values: set[int] = set()
    for call in _constructions(tree, class_name):
        if any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords
        ):
            return None
        passed = next((k.value for k in call.keywords if k.arg == param), None)
        index = positional.index(param) if param in positional else -1
        if passed is None and 0 <= index < len(call.args):
            passed = call.args[index]
        if passed is None:
            passed = default
        if isinstance(passed, ast.Name):
            forwarded = _forwarded_int(passed.id, call, tree, depth)
            if forwarded is None:
                return None
            values.add(forwarded)
            continue
        if not (isinstance(passed, ast.Constant) and type(passed.value) is int):
            return None
        values.add(passed.value)
    if not values and isinstance(default, ast.Constant) and type(default.value) is int:
        return default.value  # never constructed in the file: the default
    return values.pop() if len(values) == 1 else None


def _forwarded_int(name: str, call: ast.Call, tree: ast.Module, depth: int) -> int | None:
    """The int a construction passes as `name` when `name` is a parameter of the `__init__`
    the construction is written in, never rebound there."""
    cls = _class_at(tree, call.lineno)
    if cls is None:
        return None
    init = next(
        (s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None
    )
    if (
        init is None
        or not init.lineno <= call.lineno <= (init.end_lineno or 0)
        or not _is_parameter(init, name)
        or _single_binding(init.body, name) is not None
    ):
        return None
    return _parameter_int(cls.name, init, name, tree, depth + 1)


def _constructions(tree: ast.Module, class_name: str) -> list[ast.Call]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name == class_name:
                out.append(node)
    return out


def _enclosing_function(
    node: ast.AST, parent: ParentOf
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    current = parent(node)
    while current is not None and not isinstance(current, ast.Module):
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return current
        current = parent(current)
    return None


def _class_at(tree: ast.Module, line: int) -> ast.ClassDef | None:
    """The module-level class whose text holds the line (the parent map of a `FixContext`
    stops at the method)."""
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef) and stmt.lineno <= line <= (stmt.end_lineno or 0):
            return stmt
    return None


def _single_binding(body: list[ast.stmt], name: str, nested: bool = True) -> ast.expr | None:
    """The one expression `name` is assigned in these statements (None if it is bound
    otherwise or more than once)."""
    found: list[ast.expr | None] = []
    statements = [n for s in body for n in ast.walk(s)] if nested else body
    for stmt in statements:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                for each in ast.walk(target):
                    if isinstance(each, ast.Name) and each.id == name:
                        found.append(stmt.value if target is each else None)
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
            target = stmt.target
            if isinstance(target, ast.Name) and target.id == name:
                value = stmt.value if isinstance(stmt, ast.AnnAssign) else None
                found.append(value)
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.With, ast.NamedExpr)):
            targets = (
                [stmt.target]
                if isinstance(stmt, (ast.For, ast.AsyncFor, ast.NamedExpr))
                else [i.optional_vars for i in stmt.items if i.optional_vars is not None]
            )
            for target in targets:
                if any(isinstance(e, ast.Name) and e.id == name for e in ast.walk(target)):
                    found.append(None)
    return found[0] if len(found) == 1 else None


def _binds(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    if _is_parameter(function, name):
        return True
    return any(
        isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
        for n in ast.walk(function)
    )


def _is_parameter(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    arguments = function.args
    every = (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
    return any(a.arg == name for a in every)


def _self_assignments(init: ast.FunctionDef, name: str) -> list[ast.expr]:
    """Every value `self.<name>` is assigned in `__init__` (an augmented or unpacked
    assignment counts as one that is not a single expression)."""
    out: list[ast.expr] = []
    for node in ast.walk(init):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if _is_self_attr(target, name):
                    out.append(node.value)
                elif isinstance(target, (ast.Tuple, ast.List)) and any(
                    _is_self_attr(e, name) for e in target.elts
                ):
                    out.extend([node.value, node.value])  # unpacked: not one known value
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and _is_self_attr(node.target, name):
            if isinstance(node, ast.AnnAssign) and node.value is not None:
                out.append(node.value)
            else:
                out.extend([node.target, node.target])
    return out


def _is_self_attr(node: ast.expr, name: str) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == name
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )
