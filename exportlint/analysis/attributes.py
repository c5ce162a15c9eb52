"""What `self.<name>` is inside forward, read from `__init__` (and class bodies).

`self.weight = nn.Parameter(...)` and buffers are tensors of static shape; `self.proj =
nn.Linear(...)` is a submodule (calling it yields a tensor); `self.n = n` or `self.scale =
config.x ** -0.5` are Python values that export treats as constants.
"""

from __future__ import annotations

import ast

from exportlint.analysis.imports import dotted, qualified_name
from exportlint.analysis.kinds import (
    INSTANCE,
    NONE,
    STATIC,
    STATIC_TENSOR,
    UNKNOWN,
    Kind,
    Value,
    join,
    sequence,
)
from exportlint.analysis.module_outputs import (
    TENSOR_LAYER,
    is_activation_lookup,
    is_tensor_layer_call,
)
from exportlint.analysis.surface import ModuleInfo
from exportlint.analysis.walk import child_nodes, walk_nodes, walk_statements

_MODULE_CONTAINERS = ("ModuleList", "ModuleDict", "Sequential", "ParameterList", "ParameterDict")
# Builtins whose result on config values is a Python value; the type tests serve
# `p if isinstance(p, Iterable) else (p, p)`.
_STATIC_BUILTINS = frozenset(
    {"int", "float", "bool", "str", "len", "max", "min", "tuple", "list"}
    | {"isinstance", "issubclass", "hasattr", "callable"}
)
_PARAMETER_FACTORIES = ("Parameter", "UninitializedParameter", "Buffer")
# The nodes of `__init__` that `_read_init` reads, and the methods that register attributes.
_READ = frozenset({ast.Assign, ast.AnnAssign, ast.Call})
_REGISTERS = frozenset({"register_buffer", "register_parameter", "add_module"})


def class_attributes(info: ModuleInfo, owner: str) -> dict[str, Value]:
    attrs: dict[str, Value] = {}
    # Ancestors first so that a subclass's own assignments win.
    for cls in reversed(list(info.ancestors(owner))):
        for stmt in cls.node.body:
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        attrs[target.id] = _classify(stmt.value, info, set())
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                attrs[stmt.target.id] = (
                    _classify(stmt.value, info, set()) if stmt.value else UNKNOWN
                )
        init = cls.methods.get("__init__")
        if init is not None:
            _read_init(init, info, attrs)
    return attrs


def _read_init(
    init: ast.FunctionDef | ast.AsyncFunctionDef, info: ModuleInfo, attrs: dict[str, Value]
) -> None:
    params = {a.arg for a in [*init.args.posonlyargs, *init.args.args, *init.args.kwonlyargs]}
    if init.args.vararg:
        params.add(init.args.vararg.arg)
    if init.args.kwarg:
        params.add(init.args.kwarg.arg)
    local_values: dict[str, Value] = {}
    seen: dict[str, Value] = {}
    read = _READ
    # Most nodes are none of these: a comprehension's one set lookup each.
    for node in [n for n in walk_nodes(init) if n.__class__ in read]:
        if isinstance(node, ast.Assign):
            value = _classify(node.value, info, params, local_values)
            for target in node.targets:
                if isinstance(target, ast.Name):
                    local_values[target.id] = value
                elif (
                    isinstance(target, ast.Tuple)
                    and isinstance(node.value, ast.Tuple)
                    and len(target.elts) == len(node.value.elts)
                ):
                    # `image_size, patch_size = config.image_size, config.patch_size`
                    for element, part in zip(target.elts, node.value.elts):
                        if isinstance(element, ast.Name):
                            value_of = _classify(part, info, params, local_values)
                            local_values[element.id] = value_of
                for name in _self_targets(target):
                    seen[name] = join(seen[name], value) if name in seen else value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            for name in _self_targets(node.target):
                value = _classify(node.value, info, params, local_values)
                seen[name] = join(seen[name], value) if name in seen else value
        elif isinstance(node, ast.Call):
            if not (isinstance(node.func, ast.Attribute) and node.func.attr in _REGISTERS):
                continue  # `self.<register>(...)` only: no dotted name built for every call
            func = dotted(node.func) or ""
            if func in ("self.register_buffer", "self.register_parameter") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    seen[first.value] = STATIC_TENSOR
            elif func == "self.add_module" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    seen[first.value] = Value(Kind.STATIC, is_module=True)
    for name, value in seen.items():
        # An attribute that is None in one place and a module elsewhere stays usable.
        attrs[name] = value


def self_assignments(owner: ast.AST) -> dict[str, list[ast.expr | None]]:
    """`self.<name>` -> the values assigned to it directly in `owner` (`self.x = v`,
    `self.x: T = v`; None for an annotation without a value), in walk order. Kept on the
    node (callers must not change it): EXL304/EXL404 ask for every `self.<layer>(x)` call of
    the class, and a shared module's classes serve every linted file of the run."""
    cached: dict[str, list[ast.expr | None]] | None = getattr(
        owner, "_exportlint_self_assignments", None
    )
    if cached is not None:
        return cached
    values: dict[str, list[ast.expr | None]] = {}
    for node in walk_statements(owner):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "self"
                ):
                    values.setdefault(target.attr, []).append(node.value)
    owner._exportlint_self_assignments = values  # type: ignore[attr-defined]
    return values


def _self_targets(target: ast.expr) -> list[str]:
    if (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    ):
        return [target.attr]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for elt in target.elts for name in _self_targets(elt)]
    return []


def _classify(
    node: ast.expr,
    info: ModuleInfo,
    params: set[str],
    local_values: dict[str, Value] | None = None,
) -> Value:
    if isinstance(node, ast.Constant):
        return NONE if node.value is None else STATIC
    if isinstance(node, ast.Name):
        if local_values and node.id in local_values:
            return local_values[node.id]
        return STATIC if node.id in params or node.id in ("True", "False") else UNKNOWN
    if isinstance(node, ast.Attribute):
        root = dotted(node)
        if root is not None and root.split(".")[0] in params:
            return STATIC  # config.hidden_size
        if qualified_name(node, info.imports, frozenset()) is not None:
            return STATIC  # torch.float32
        return UNKNOWN
    if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp)):
        parts = [
            _classify(c, info, params, local_values)
            for c in child_nodes(node)
            if isinstance(c, ast.expr)
        ]
        if parts and all(p.kind is Kind.STATIC and not p.is_module for p in parts):
            return STATIC
        return UNKNOWN
    if isinstance(node, (ast.Tuple, ast.List)):
        parts = [_classify(e, info, params, local_values) for e in node.elts]
        if parts and all(p.is_module for p in parts):
            return sequence(Value(Kind.STATIC, is_module=True))
        if all(p.kind is Kind.STATIC for p in parts):
            return STATIC
        return UNKNOWN
    if isinstance(node, ast.Subscript):
        if is_activation_lookup(node):
            return Value(Kind.STATIC, is_module=True, source=TENSOR_LAYER)  # ACT2FN["gelu"]
        base = _classify(node.value, info, params, local_values)
        return STATIC if base.kind is Kind.STATIC and not base.is_module else UNKNOWN
    if isinstance(node, ast.Call):
        return _classify_call(node, info, params)
    return UNKNOWN


def _classify_call(node: ast.Call, info: ModuleInfo, params: set[str]) -> Value:
    qualname = qualified_name(node.func, info.imports, frozenset()) or ""
    name = dotted(node.func) or ""
    last = (qualname or name).rsplit(".", 1)[-1]
    if last in _PARAMETER_FACTORIES:
        return STATIC_TENSOR
    if last in _MODULE_CONTAINERS:
        if last != "Sequential":
            return sequence(Value(Kind.STATIC, is_module=True), source="modules")
        # A Sequential of layers that return one tensor returns one: its output's truth,
        # length and iteration are then reported like any tensor's (see module_outputs.py).
        one_tensor = TENSOR_LAYER if is_tensor_layer_call(node, info) else ""
        return Value(Kind.STATIC, is_module=True, source=one_tensor)
    if qualname.startswith("torch.nn.") and last[:1].isupper():
        # The layer's class name: some fix part of their output's shape (shapes.layer_output),
        # and those of TENSOR_LAYERS return one tensor (module_outputs.one_tensor_layer).
        return Value(Kind.STATIC, is_module=True, source=f"nn.{last}")
    if name in info.classes:
        if not info.classes[name].is_module:
            # A helper object of a plain class of the file (stable-baselines3's
            # `self.action_dist = DiagGaussianDistribution(n)`): its methods are followed
            # like `self`'s (see `Value.source` INSTANCE).
            return Value(Kind.STATIC, is_self=True, owner=name, home=info, source=INSTANCE)
        # The class is known: calling the submodule runs its forward with the caller's values.
        return Value(Kind.STATIC, is_module=True, owner=name, home=info)
    if qualname.startswith("torch.") and last[:1].islower():
        return STATIC_TENSOR  # a constant tensor built once at construction
    if qualname.startswith("builtins."):
        return STATIC if last in _STATIC_BUILTINS else UNKNOWN
    if qualname.startswith("math."):
        return STATIC
    return UNKNOWN
