"""The export surface: which functions torch.export traces.

It is `forward` of every nn.Module subclass (bases resolved through this file's imports and
classes, plus configured base names), every method and same-file function those call (followed
by the interpreter), and configured extra entry points. Everything else in a file — training
loops, data loading, `__init__` — is never analysed, so it is never reported.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from exportlint.analysis.imports import dotted, import_table, qualified_name
from exportlint.analysis.kinds import Value

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class ClassInfo:
    node: ast.ClassDef
    bases: list[str]  # local class names among the bases, in order
    is_module: bool = False
    methods: dict[str, FunctionNode] = field(default_factory=dict)
    # Bases defined in other modules, as dotted names (relative ones start with dots).
    external: list[str] = field(default_factory=list)


@dataclass
class ModuleInfo:
    """What the interpreter needs to know about one file."""

    tree: ast.Module
    imports: dict[str, str]
    classes: dict[str, ClassInfo]
    functions: dict[str, FunctionNode]
    # Module-level `example_args` / `example_inputs`: the first input tuple, as written, used
    # to tell a tuple argument from a tensor one.
    example_args: dict[str, list[ast.expr]] = field(default_factory=dict)
    # Where it is: absolute path, dotted module name (whole-project analysis resolves
    # relative imports from it), and whether it is a package's __init__.py.
    path: str = ""
    name: str = ""
    is_package: bool = False
    # What `self.<name>` is, by class (computed on demand by the interpreter).
    attributes: dict[str, dict[str, Value]] = field(default_factory=dict)
    # Module-level names bound only to number literals (`MAX_LEN = 512`): static sizes, like
    # the literal itself (export bakes a global's value).
    constants: frozenset[str] = frozenset()

    def find_method(self, class_name: str, method: str) -> tuple[str, FunctionNode] | None:
        """Method lookup through the local bases (MRO approximated depth-first)."""
        seen: set[str] = set()
        stack = [class_name]
        while stack:
            name = stack.pop(0)
            if name in seen or name not in self.classes:
                continue
            seen.add(name)
            info = self.classes[name]
            if method in info.methods:
                return name, info.methods[method]
            stack.extend(info.bases)
        return None

    def ancestors(self, class_name: str) -> Iterator[ClassInfo]:
        seen: set[str] = set()
        stack = [class_name]
        while stack:
            name = stack.pop(0)
            if name in seen or name not in self.classes:
                continue
            seen.add(name)
            yield self.classes[name]
            stack.extend(self.classes[name].bases)


@dataclass(frozen=True)
class EntryPoint:
    function: FunctionNode
    owner: str  # class name, or "" for a plain function


def build_module_info(tree: ast.Module, module_bases: Sequence[str]) -> ModuleInfo:
    imports = import_table(tree)
    classes: dict[str, ClassInfo] = {}
    functions: dict[str, FunctionNode] = {}
    for stmt in _top_level(tree.body):
        if isinstance(stmt, ast.ClassDef):
            info = ClassInfo(node=stmt, bases=[])
            for item in stmt.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    info.methods[item.name] = item
            classes[stmt.name] = info
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions[stmt.name] = stmt
    external_bases = set(module_bases)
    for info in classes.values():
        for base in info.node.bases:
            name = dotted(base)
            if name in classes:
                info.bases.append(name)
            elif _is_module_base(base, imports, external_bases):
                info.is_module = True
            else:
                node = base.value if isinstance(base, ast.Subscript) else base
                qualname = qualified_name(node, imports, frozenset())
                if qualname is not None and not qualname.startswith("builtins."):
                    info.external.append(qualname)
    _propagate_modules(classes)
    module_info = ModuleInfo(
        tree=tree,
        imports=imports,
        classes=classes,
        functions=functions,
        constants=_number_constants(tree.body),
    )
    module_info.example_args = _example_args(tree, module_info)
    return module_info


def _propagate_modules(classes: Mapping[str, ClassInfo]) -> None:
    """A class is a module when any local ancestor is one."""
    changed = True
    while changed:
        changed = False
        for info in classes.values():
            if not info.is_module and any(classes[b].is_module for b in info.bases):
                info.is_module = True
                changed = True


def mark_external_modules(info: ModuleInfo, is_module: Callable[[str], bool]) -> None:
    """Classes whose base, defined in another module, is an nn.Module are modules too."""
    changed = False
    for cls in info.classes.values():
        if not cls.is_module and any(is_module(base) for base in cls.external):
            cls.is_module = True
            changed = True
    if changed:
        _propagate_modules(info.classes)


def _number_constants(body: list[ast.stmt]) -> frozenset[str]:
    """Names whose every module-level binding is `NAME = <number>` (or `NAME: int = ...`)."""
    numbers: set[str] = set()
    others: set[str] = set()
    for stmt in _top_level(body):
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        elif isinstance(stmt, ast.AugAssign | ast.For | ast.With | ast.AnnAssign):
            others.update(_bound_names(stmt))
            continue
        else:
            continue
        number = _is_number(value)
        for target in targets:
            if isinstance(target, ast.Name) and number:
                numbers.add(target.id)
            else:
                others.update(_bound_names(target))
    return frozenset(numbers - others)


def _is_number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _bound_names(node: ast.AST) -> Iterator[str]:
    target: ast.AST = node
    if isinstance(node, ast.AugAssign | ast.For | ast.AnnAssign):
        target = node.target
    elif isinstance(node, ast.With):
        for item in node.items:
            if item.optional_vars is not None:
                yield from _bound_names(item.optional_vars)
        return
    for each in ast.walk(target):
        if isinstance(each, ast.Name):
            yield each.id


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    for stmt in body:
        yield stmt
        # Definitions under `if TYPE_CHECKING` / `if is_torch_available():` / `try:` count.
        if isinstance(stmt, ast.If):
            yield from _top_level(stmt.body)
            yield from _top_level(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            yield from _top_level(stmt.body)


def _is_module_base(base: ast.expr, imports: Mapping[str, str], extra: set[str]) -> bool:
    if isinstance(base, ast.Subscript):  # Generic[...]-style bases
        base = base.value
    name = qualified_name(base, imports, frozenset()) or dotted(base)
    if name is None:
        return False
    last = name.rsplit(".", 1)[-1]
    if name in extra or last in extra:
        return True
    # torch.nn.Linear, torch.nn.Sequential, ...: every public class in torch.nn is a Module.
    return name.startswith("torch.nn.") and last[:1].isupper() and "." not in name[9:]


def entry_points(info: ModuleInfo, extra: Sequence[str]) -> list[EntryPoint]:
    points: list[EntryPoint] = []
    wanted = set(extra)
    for class_name, cls in info.classes.items():
        if cls.is_module and "forward" in cls.methods:
            points.append(EntryPoint(cls.methods["forward"], class_name))
        for method_name, method in cls.methods.items():
            if (method_name != "forward" and f"{class_name}.{method_name}" in wanted) or (
                method_name == "forward"
                and not cls.is_module
                and (f"{class_name}.forward" in wanted or class_name in wanted)
            ):
                points.append(EntryPoint(method, class_name))
    for name, function in info.functions.items():
        if name in wanted:
            points.append(EntryPoint(function, ""))
    return points


def _example_args(tree: ast.Module, info: ModuleInfo | None = None) -> dict[str, list[ast.expr]]:
    """The first example input tuple of ExportDB (`example_args`) or catalogue style files,
    and their `dynamic_shapes` by position (a dict keyed by argument names is put in the
    order of the exported model's forward). A script with neither that exports its model
    at module level or under `if __name__ == "__main__":` gives the inputs and the
    `dynamic_shapes` of that call."""
    found: dict[str, list[ast.expr]] = {}
    # Module-level names, so that `x = torch.randn(2, 3)` then `example_args = (x,)` reads
    # as a tensor argument.
    names: dict[str, ast.expr] = {}
    shapes: ast.expr | None = None
    export: tuple[str, list[ast.expr], ast.expr | None] | None = None  # class, inputs, spec
    for stmt in _script_statements(tree.body):
        if export is None and info is not None:
            export = _export_call(stmt, info, names)
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
            continue
        target = stmt.targets[0]
        if isinstance(target, (ast.Tuple, ast.List)):
            _bind_unpacked(target, stmt.value, names)
            continue
        if not isinstance(target, ast.Name):
            continue
        value = _resolved(stmt.value, names)
        names[target.id] = value
        if target.id == "dynamic_shapes":
            shapes = value
            continue
        if target.id == "example_inputs" and isinstance(value, ast.List) and value.elts:
            # The later input sets too (`args1`, `args2`, ...): the sizes a size-dependent
            # check compares with the traced one (`traced_sizes.py`).
            for number, later in enumerate(value.elts[1:], 1):
                inputs = _positional(_resolved(later, names), names)
                elts = inputs.elts if isinstance(inputs, (ast.Tuple, ast.List)) else []
                found[f"args{number}"] = [_resolved(elt, names) for elt in elts]
            value = _positional(_resolved(value.elts[0], names), names)
        elif target.id != "example_args":
            continue
        if isinstance(value, (ast.Tuple, ast.List)):
            found["args"] = [_resolved(elt, names) for elt in value.elts]
    exported = _exported_class(names)
    if "args" not in found and export is not None and info is not None:
        exported, found["args"], shapes = export
    if isinstance(shapes, (ast.Tuple, ast.List)):
        found["dynamic_shapes"] = [_resolved(elt, names) for elt in shapes.elts]
    elif isinstance(shapes, ast.Dict) and info is not None and "args" in found:
        found_forward = info.find_method(exported, "forward")
        forward = found_forward[1] if found_forward is not None else None
        by_name = _by_position(shapes, forward, len(found["args"]))
        if by_name is not None:
            found["dynamic_shapes"] = [_resolved(elt, names) for elt in by_name]
    return found


def _positional(inputs: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
    """The positional part of an `(args, kwargs)` pair of `example_inputs`."""
    if isinstance(inputs, ast.Tuple) and len(inputs.elts) == 2:
        first, second = (_resolved(e, names) for e in inputs.elts)
        if isinstance(first, (ast.Tuple, ast.List)) and isinstance(second, ast.Dict):
            return first
    return inputs


def _script_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, with those of `if __name__ == "__main__":` in their place."""
    for stmt in body:
        yield stmt
        if (
            isinstance(stmt, ast.If)
            and isinstance(stmt.test, ast.Compare)
            and isinstance(stmt.test.left, ast.Name)
            and stmt.test.left.id == "__name__"
        ):
            yield from stmt.body


# The exporters whose call a script's inputs and dynamic_shapes are read from.
_EXPORT_CALLS = frozenset({"torch.export.export", "torch.onnx.export"})


def _export_call(
    stmt: ast.stmt, info: ModuleInfo, names: Mapping[str, ast.expr]
) -> tuple[str, list[ast.expr], ast.expr | None] | None:
    """`ep = torch.export.export(Model(), (x, mask), dynamic_shapes=...)` at this level:
    (exported class, inputs, spec), resolved through the names bound so far. Only when the
    class is the one the interpreter gives the file's dynamic_shapes to: `Model`, or the
    file's only module with a forward."""
    call = stmt.value if isinstance(stmt, (ast.Assign, ast.Expr)) else None
    if not isinstance(call, ast.Call) or len(call.args) < 2:
        return None
    if qualified_name(call.func, info.imports, frozenset()) not in _EXPORT_CALLS:
        return None
    class_name = _instance_class(_resolved(call.args[0], names))
    if class_name is None:
        return None
    modules = [c for c in info.classes.values() if c.is_module and "forward" in c.methods]
    if class_name != "Model" and [c.node.name for c in modules] != [class_name]:
        return None
    inputs = _resolved(call.args[1], names)
    if not isinstance(inputs, (ast.Tuple, ast.List)):
        return None
    spec = next((k.value for k in call.keywords if k.arg == "dynamic_shapes"), None)
    resolved = [_resolved(elt, names) for elt in inputs.elts]
    return class_name, resolved, _resolved(spec, names) if spec is not None else None


def _bind_unpacked(
    target: ast.Tuple | ast.List, value: ast.expr, names: dict[str, ast.expr]
) -> None:
    """`x, mask = torch.randn(2, 8), torch.ones(2)`: each name gets its own value (and a
    name unpacked from anything else is no longer known)."""
    elements: list[ast.expr] = []
    if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
        elements = value.elts
    for index, name in enumerate(target.elts):
        if not isinstance(name, ast.Name):
            continue
        element = elements[index] if elements else None
        if element is None or isinstance(element, ast.Starred):
            names.pop(name.id, None)
        else:
            names[name.id] = _resolved(element, names)


def _exported_class(names: Mapping[str, ast.expr]) -> str:
    """The class `exportlint verify` would export: `model = X()`'s, else `Model`."""
    model = names.get("model")
    return (_instance_class(model) if model is not None else None) or "Model"


# Methods that return the module they are called on.
_SAME_MODULE = frozenset({"eval", "train", "to", "cpu", "cuda", "float", "half", "double"})


def _instance_class(node: ast.expr) -> str | None:
    """`Model()`, `Model(cfg).eval()` -> "Model"."""
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _SAME_MODULE
    ):
        node = node.func.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _by_position(
    shapes: ast.Dict, forward: FunctionNode | None, count: int
) -> list[ast.expr] | None:
    """A `dynamic_shapes` dict in the order of the forward's first `count` arguments; None
    when an argument has no key (export would refuse it: EXL601 says so)."""
    if forward is None:
        return None
    params = [a.arg for a in (*forward.args.posonlyargs, *forward.args.args)][1 : count + 1]
    by_key = {
        key.value: value
        for key, value in zip(shapes.keys, shapes.values, strict=True)
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }
    if len(params) < count or any(param not in by_key for param in params):
        return None
    return [by_key[param] for param in params]


def _resolved(node: ast.expr, names: Mapping[str, ast.expr]) -> ast.expr:
    return names.get(node.id, node) if isinstance(node, ast.Name) else node
