"""Where a file exports a model, and with what: call sites, example inputs, dynamic_shapes.

Read from the text with `ast`, never run: `torch.export.export(Model(), args,
dynamic_shapes=...)`, `torch.onnx.export(model, args, dynamic_shapes=...)` (anywhere in the
file: module level, `main()`, `if __name__ == "__main__":`), and the module-level conventions
the verifier also reads (`Model`/`model` with `example_args` or `example_inputs` and
`dynamic_shapes`; onnx-diagnostic's `_inputs` class attribute). Names are resolved to the
one expression bound to them in the function or module (a name bound twice, or by a loop, an
import or a `with`, stays unresolved: a rule never guesses which binding is meant).
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from exportlint.analysis.imports import dotted, qualified_name

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
# Finds a local class's `forward` (through its local bases).
ForwardOf = Callable[[str], FunctionNode | None]

# Exporters that take (model, args, kwargs, *, dynamic_shapes=...) as torch.export does.
_EXPORTERS = {
    "torch.export.export": "torch.export",
    "torch.export.export_for_training": "torch.export",
    "torch.onnx.export": "torch.onnx",
}
# Methods that keep a tensor's shape (`torch.randn(2, 8).to(device)`) or a module
# (`Model().eval()`).
_KEEPING = frozenset(
    {"to", "float", "half", "double", "long", "int", "bool", "bfloat16", "cuda", "cpu",
     "contiguous", "clone", "detach", "requires_grad_", "eval", "train"}
)  # fmt: skip
# Constructors whose sizes are their positional arguments (or one tuple / `size=`).
_SIZED = frozenset(
    {"randn", "rand", "zeros", "ones", "empty", "full", "randint", "randperm", "arange"}
)
# A cheap pre-filter on the text: what the rules check needs a `dynamic_shapes` or several
# input sets (`example_inputs`, onnx-diagnostic's class-level `_inputs = [...]`). Substring
# tests only: a regex for the class attribute cost 5x more over transformers' modeling code.
_WORDS = ("dynamic_shapes", "example_inputs", " _inputs =")
# How far names are followed (`a = b`, `b = c`, ...): a cycle must not loop.
_MAX_DEPTH = 8


def may_have_export_sites(text: str) -> bool:
    return any(word in text for word in _WORDS)


class Hint(enum.Enum):
    """What `dynamic_shapes` says of one dimension."""

    STATIC = "static"  # None, an int, Dim.STATIC
    AUTO = "Dim.AUTO"  # dynamic if the trace allows, specialised silently otherwise
    DYNAMIC = "Dim.DYNAMIC"
    NAMED = "named Dim"  # Dim("b", min=..., max=...), torch.export.dims(...)
    UNKNOWN = "unknown"


class Scope:
    """Names of one function (or of the module) and what they are bound to."""

    def __init__(
        self,
        imports: Mapping[str, str],
        bindings: dict[str, list[ast.expr | None]],
        parent: Scope | None = None,
    ) -> None:
        self.imports = imports
        self.bindings = bindings
        self.parent = parent

    def lookup(self, name: str) -> ast.expr | None:
        scope: Scope | None = self
        while scope is not None:
            bound = scope.bindings.get(name)
            if bound is not None:
                return bound[0] if len(bound) == 1 else None
            scope = scope.parent
        return None

    def value(self, node: ast.expr) -> ast.expr:
        """The expression a name stands for (followed through names), else the node."""
        for _ in range(_MAX_DEPTH):
            if not isinstance(node, ast.Name):
                return node
            bound = self.lookup(node.id)
            if bound is None:
                return node
            node = bound
        return node

    def integer(self, node: ast.expr) -> int | None:
        node = self.value(node)
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = self.integer(node.operand)
            return None if inner is None else -inner
        return None

    def qualname(self, node: ast.expr) -> str | None:
        return qualified_name(node, self.imports, frozenset())


@dataclass(frozen=True)
class ExportSite:
    """One export of a model the file spells out: what is exported, with which inputs."""

    node: ast.AST  # the export call, or the `example_inputs` / `example_args` assignment
    stmt: ast.stmt
    exporter: str  # "torch.export", "torch.onnx", or "examples" (the module conventions)
    scope: Scope = field(compare=False)
    model: str | None = None  # the local class exported, when known
    forward: FunctionNode | None = None
    # The traced positional inputs and keyword inputs (as written); None when not readable.
    args: tuple[ast.expr, ...] | None = None
    kwargs: tuple[tuple[str, ast.expr], ...] = ()
    dynamic_shapes: ast.expr | None = None  # resolved through names
    # Every input set (the traced one first), when the file gives several.
    input_sets: tuple[tuple[ast.expr, ...], ...] = ()

    def signature(self) -> tuple[list[str], list[str]] | None:
        """The forward's (positional, keyword-only) argument names after `self`; None when
        it is unknown or takes *args/**kwargs (then any name may be right)."""
        if self.forward is None:
            return None
        arguments = self.forward.args
        if arguments.vararg is not None or arguments.kwarg is not None:
            return None
        names = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
        return names[1:], [a.arg for a in arguments.kwonlyargs]


def export_sites(
    tree: ast.Module, imports: Mapping[str, str], forward_of: ForwardOf
) -> list[ExportSite]:
    """Every export call and example-input convention in the file, in source order."""
    module_scope = Scope(imports, _bindings(tree.body))
    sites: list[ExportSite] = []
    # Calls of an exported program's module: `ep.module()(y, 3)`, `m = ep.module(); m(y)`.
    runs: list[tuple[ast.Call, Scope]] = []
    for stmt, scope in _statements(tree.body, module_scope):
        for node in _calls(stmt):
            exporter = _EXPORTERS.get(scope.qualname(node.func) or "")
            if exporter is not None:
                site = _call_site(node, stmt, exporter, scope, forward_of)
                if site is not None:
                    sites.append(site)
            elif not node.keywords and isinstance(node.func, (ast.Call, ast.Name)):
                runs.append((node, scope))
    if runs:
        sites = [_with_runs(site, runs) for site in sites]
    convention = _convention_site(tree, module_scope, forward_of)
    if convention is not None:
        sites.append(convention)
    sites.extend(_class_inputs(tree, module_scope, forward_of))
    return sites


def _with_runs(site: ExportSite, runs: Sequence[tuple[ast.Call, Scope]]) -> ExportSite:
    """A torch.export site with the inputs its program is later called with, as more input
    sets (the traced one first)."""
    if site.exporter != "torch.export" or site.args is None or site.kwargs:
        return site
    sets = [site.args]
    for call, scope in runs:
        program = _program_of(call.func, scope)
        if program is None or scope.value(program) is not site.node:
            continue
        arguments = _run_arguments(call, scope)
        if arguments is not None and len(arguments) == len(site.args):
            sets.append(arguments)
    return replace(site, input_sets=tuple(sets)) if len(sets) > 1 else site


def _program_of(func: ast.expr, scope: Scope) -> ast.expr | None:
    """`ep` in `ep.module()` (the callee, or what a name calling it is bound to)."""
    func = scope.value(func)
    if (
        isinstance(func, ast.Call)
        and not func.args
        and isinstance(func.func, ast.Attribute)
        and func.func.attr == "module"
        and isinstance(func.func.value, ast.Name)
    ):
        return func.func.value
    return None


def _run_arguments(call: ast.Call, scope: Scope) -> tuple[ast.expr, ...] | None:
    if len(call.args) == 1 and isinstance(call.args[0], ast.Starred):
        return _sequence(scope.value(call.args[0].value))  # ep.module()(*inputs)
    return _sequence(ast.Tuple(elts=call.args))


def _statements(body: Sequence[ast.stmt], scope: Scope) -> Iterator[tuple[ast.stmt, Scope]]:
    """Simple statements with the scope their names resolve in (functions get their own)."""
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = Scope(scope.imports, _bindings(stmt.body, stmt.args), scope)
            yield from _statements(stmt.body, inner)
        elif isinstance(stmt, ast.ClassDef):
            yield from _statements(stmt.body, scope)
        elif isinstance(stmt, ast.With) and _expects_failure(stmt):
            continue  # `with pytest.raises(...)`: a test that wants the export to fail
        elif isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.Try)):
            yield from _statements(_blocks(stmt), scope)
        else:
            yield stmt, scope


def _expects_failure(stmt: ast.With) -> bool:
    for item in stmt.items:
        call = item.context_expr
        if isinstance(call, ast.Call):
            name = dotted(call.func) or ""
            if name.rsplit(".", 1)[-1] in ("raises", "assertRaises", "assertRaisesRegex"):
                return True
    return False


def _blocks(stmt: ast.stmt) -> list[ast.stmt]:
    out: list[ast.stmt] = [*getattr(stmt, "body", []), *getattr(stmt, "orelse", [])]
    if isinstance(stmt, ast.Try):
        for handler in stmt.handlers:
            out.extend(handler.body)
        out.extend(stmt.finalbody)
    return out


def _calls(stmt: ast.stmt) -> Iterator[ast.Call]:
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call):
            yield node


def _bindings(
    body: Sequence[ast.stmt], arguments: ast.arguments | None = None
) -> dict[str, list[ast.expr | None]]:
    """name -> every expression bound to it in this scope (None: bound some other way)."""
    found: dict[str, list[ast.expr | None]] = {}
    if arguments is not None:
        for arg in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
            found.setdefault(arg.arg, []).append(None)

    def bind(target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            found.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = _unpacked(value, len(target.elts))
            for index, element in enumerate(target.elts):
                bind(element, values[index] if values is not None else None)
        elif isinstance(target, ast.Starred):
            bind(target.value, None)

    def visit(statements: Sequence[ast.stmt]) -> None:
        for stmt in statements:
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    bind(target, stmt.value)
            elif isinstance(stmt, ast.AnnAssign):
                bind(stmt.target, stmt.value)
            elif isinstance(stmt, (ast.AugAssign, ast.For, ast.AsyncFor)):
                bind(stmt.target, None)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                for item in stmt.items:
                    if item.optional_vars is not None:
                        bind(item.optional_vars, None)
            elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
                for alias in stmt.names:
                    found.setdefault((alias.asname or alias.name).split(".")[0], []).append(None)
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found.setdefault(stmt.name, []).append(None)
                continue  # their bodies are other scopes
            if isinstance(stmt, ast.Try):
                for handler in stmt.handlers:
                    if handler.name:
                        found.setdefault(handler.name, []).append(None)
            for node in ast.walk(stmt):
                if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                    found.setdefault(node.target.id, []).append(None)
            visit(_blocks(stmt))

    visit(body)
    return found


def _unpacked(value: ast.expr | None, count: int) -> list[ast.expr | None] | None:
    """`a, b = 1, 2` -> [1, 2]; `dx, dy = torch.export.dims("dx", "dy")` -> the call, each."""
    if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == count:
        if any(isinstance(e, ast.Starred) for e in value.elts):
            return None
        return list(value.elts)
    if isinstance(value, ast.Call) and (dotted(value.func) or "").endswith("dims"):
        return [value] * count
    return None


def _call_site(
    call: ast.Call, stmt: ast.stmt, exporter: str, scope: Scope, forward_of: ForwardOf
) -> ExportSite | None:
    if exporter == "torch.onnx" and _keyword_is(call, "dynamo", False):
        return None  # the TorchScript exporter: dynamic_axes, not dynamic_shapes
    model = _argument(call, 0, "mod" if exporter == "torch.export" else "model")
    if model is None:
        return None
    args_node = _argument(call, 1, "args")
    if exporter == "torch.export":
        kwargs_node = _argument(call, 2, "kwargs")
    else:
        kwargs_node = _argument(call, -1, "kwargs")
    shapes = _argument(call, -1, "dynamic_shapes")
    args = _sequence(scope.value(args_node)) if args_node is not None else ()
    kwargs: tuple[tuple[str, ast.expr], ...] = ()
    if kwargs_node is not None:
        read = _keywords(scope.value(kwargs_node))
        if read is None:
            args = None  # inputs we cannot read: nothing is checked against them
        else:
            kwargs = read
    class_name = _model_class(model, scope)
    return ExportSite(
        node=call,
        stmt=stmt,
        exporter=exporter,
        scope=scope,
        model=class_name,
        forward=forward_of(class_name) if class_name is not None else None,
        args=args,
        kwargs=kwargs,
        dynamic_shapes=scope.value(shapes) if shapes is not None else None,
    )


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    if index < 0 or any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return None
    return call.args[index] if index < len(call.args) else None


def _keyword_is(call: ast.Call, keyword: str, value: object) -> bool:
    return any(
        item.arg == keyword and isinstance(item.value, ast.Constant) and item.value.value is value
        for item in call.keywords
    )


def _sequence(node: ast.expr) -> tuple[ast.expr, ...] | None:
    """The elements of a tuple/list of inputs, as written."""
    if isinstance(node, (ast.Tuple, ast.List)):
        if any(isinstance(e, ast.Starred) for e in node.elts):
            return None
        return tuple(node.elts)
    return None


def _keywords(node: ast.expr) -> tuple[tuple[str, ast.expr], ...] | None:
    if isinstance(node, ast.Dict):
        pairs: list[tuple[str, ast.expr]] = []
        for key, value in zip(node.keys, node.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return None
            pairs.append((key.value, value))
        return tuple(pairs)
    if (
        isinstance(node, ast.Call)
        and dotted(node.func) == "dict"
        and not node.args
        and all(k.arg is not None for k in node.keywords)
    ):
        return tuple((k.arg, k.value) for k in node.keywords if k.arg is not None)
    return None


def _model_class(node: ast.expr, scope: Scope) -> str | None:
    """`Model()`, `Model(cfg).eval()`, `m` bound to one of them -> "Model"."""
    for _ in range(_MAX_DEPTH):
        node = scope.value(node)
        if not isinstance(node, ast.Call):
            return None
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _KEEPING:
            node = func.value
            continue
        return func.id if isinstance(func, ast.Name) else None
    return None


def _convention_site(tree: ast.Module, scope: Scope, forward_of: ForwardOf) -> ExportSite | None:
    """Module-level `example_inputs` (a list of input tuples) or `example_args` (one tuple),
    with `dynamic_shapes` and `Model` / `model = X()`: how the catalogue, ExportDB and
    `exportlint verify` spell an export."""
    assignment = _module_assignment(tree, "example_inputs") or _module_assignment(
        tree, "example_args"
    )
    if assignment is None:
        return None
    target, value = assignment
    value = scope.value(value)
    kwargs: tuple[tuple[str, ast.expr], ...] = ()
    if target == "example_inputs":
        if not isinstance(value, ast.List) or not value.elts:
            return None
        sets: list[tuple[ast.expr, ...]] = []
        for number, element in enumerate(value.elts):
            read = _input_set(scope.value(element), scope)
            if read is None:
                return None
            sets.append(read[0])
            if number == 0:
                kwargs = read[1]
        args: tuple[ast.expr, ...] | None = sets[0]
    else:
        args = _sequence(value)
        sets = [args] if args is not None else []
    example_kwargs = _module_assignment(tree, "example_kwargs")
    if example_kwargs is not None:
        keywords = _keywords(scope.value(example_kwargs[1]))
        if keywords is None:
            args = None  # keyword inputs we cannot read: nothing is checked against them
        else:
            kwargs = keywords
    shapes = scope.lookup("dynamic_shapes")
    # As `exportlint verify` reads it: an instance `model` first, else a class `Model`.
    model = scope.lookup("model")
    if model is not None:
        class_name = _model_class(model, scope)
    else:
        class_name = "Model" if _defines_class(tree, "Model") else None
    stmt = next(s for s in tree.body if _assigns(s, target))
    return ExportSite(
        node=stmt,
        stmt=stmt,
        exporter="examples",
        scope=scope,
        model=class_name,
        forward=forward_of(class_name) if class_name is not None else None,
        args=args,
        kwargs=kwargs,
        dynamic_shapes=scope.value(shapes) if shapes is not None else None,
        input_sets=tuple(sets),
    )


def _input_set(
    node: ast.expr, scope: Scope
) -> tuple[tuple[ast.expr, ...], tuple[tuple[str, ast.expr], ...]] | None:
    """One set of `example_inputs`, as `exportlint verify` reads it: a tuple of arguments, an
    `(args, kwargs)` pair, or a dict of keyword arguments."""
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        first, second = (scope.value(e) for e in node.elts)
        if isinstance(first, (ast.Tuple, ast.List)) and isinstance(second, ast.Dict):
            args, keywords = _sequence(first), _keywords(second)
            return None if args is None or keywords is None else (args, keywords)
    if isinstance(node, ast.Dict):
        keywords = _keywords(node)
        return None if keywords is None else ((), keywords)
    args = _sequence(node)
    return None if args is None else (args, ())


def _class_inputs(tree: ast.Module, scope: Scope, forward_of: ForwardOf) -> Iterator[ExportSite]:
    """onnx-diagnostic's convention: a module class with `_inputs = [(...), (...)]` (and
    optional `_dynamic`)."""
    for stmt in tree.body:
        if not isinstance(stmt, ast.ClassDef):
            continue
        bound = {
            s.targets[0].id: s
            for s in stmt.body
            if isinstance(s, ast.Assign)
            and len(s.targets) == 1
            and isinstance(s.targets[0], ast.Name)
        }
        inputs = bound.get("_inputs")
        if inputs is None or not isinstance(inputs.value, ast.List) or len(inputs.value.elts) < 2:
            continue
        sets = [_sequence(scope.value(e)) for e in inputs.value.elts]
        if any(s is None for s in sets):
            continue
        dynamic = bound.get("_dynamic")
        yield ExportSite(
            node=inputs,
            stmt=inputs,
            exporter="examples",
            scope=scope,
            model=stmt.name,
            forward=forward_of(stmt.name),
            args=sets[0],
            dynamic_shapes=scope.value(dynamic.value) if dynamic is not None else None,
            input_sets=tuple(s for s in sets if s is not None),
        )


def _module_assignment(tree: ast.Module, name: str) -> tuple[str, ast.expr] | None:
    for stmt in tree.body:
        if _assigns(stmt, name):
            assert isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None
            return name, stmt.value
    return None


def _assigns(stmt: ast.stmt, name: str) -> bool:
    if isinstance(stmt, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets)
    return (
        isinstance(stmt, ast.AnnAssign)
        and stmt.value is not None
        and isinstance(stmt.target, ast.Name)
        and stmt.target.id == name
    )


def _defines_class(tree: ast.Module, name: str) -> bool:
    return any(isinstance(s, ast.ClassDef) and s.name == name for s in tree.body)


# ------------------------------------------------------------------ example tensors


@dataclass(frozen=True)
class ExampleTensor:
    """A tensor built in the text: its sizes, each with the node that spells it."""

    sizes: tuple[tuple[int, ast.expr], ...]


def example_tensor(node: ast.expr, scope: Scope) -> ExampleTensor | None:
    """`torch.randn(1, 8)`, `torch.zeros((0, 3))`, `torch.randint(0, 9, (1, 4))`,
    `torch.ones(b, 4).to(device)` with `b = 1`: the sizes as written."""
    for _ in range(_MAX_DEPTH):
        node = scope.value(node)
        if not isinstance(node, ast.Call):
            return None
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _KEEPING:
            node = func.value
            continue
        break
    if not isinstance(node, ast.Call):
        return None
    name = scope.qualname(node.func) or ""
    prefix, _, short = name.rpartition(".")
    if prefix != "torch" or short not in _SIZED:
        return None
    size_nodes = _size_nodes(node, short, scope)
    if size_nodes is None:
        return None
    sizes: list[tuple[int, ast.expr]] = []
    for size_node in size_nodes:
        value = scope.integer(size_node)
        if value is None:
            return None
        sizes.append((value, size_node))
    return ExampleTensor(tuple(sizes))


def _size_nodes(call: ast.Call, short: str, scope: Scope) -> list[ast.expr] | None:
    for item in call.keywords:
        if item.arg == "size":
            return _elements(scope.value(item.value))
    positional = call.args
    if any(isinstance(a, ast.Starred) for a in positional):
        return None
    if short == "randint":
        # randint(high, size) / randint(low, high, size)
        return _elements(scope.value(positional[-1])) if len(positional) >= 2 else None
    if short in ("arange", "randperm"):
        return [positional[0]] if len(positional) == 1 else None
    if short == "full":
        return _elements(scope.value(positional[0])) if positional else None
    if len(positional) == 1:
        single = scope.value(positional[0])
        if isinstance(single, (ast.Tuple, ast.List)):
            return _elements(single)
    return list(positional) if positional else None


def _elements(node: ast.expr) -> list[ast.expr] | None:
    if isinstance(node, (ast.Tuple, ast.List)) and not any(
        isinstance(e, ast.Starred) for e in node.elts
    ):
        return list(node.elts)
    return None


# ------------------------------------------------------------------ dynamic_shapes


class Unreadable:
    """A `dynamic_shapes` entry this module cannot read (a rule then stays silent)."""


UNREADABLE = Unreadable()


def spec_for(site: ExportSite, index: int, name: str | None) -> ast.expr | Unreadable | None:
    """The `dynamic_shapes` entry of one input (by position, or by name in a dict spec):
    None when the input has no dynamic dimension, UNREADABLE when we cannot tell."""
    spec = site.dynamic_shapes
    if spec is None:
        return None
    if isinstance(spec, ast.Constant) and spec.value is None:
        return None
    if isinstance(spec, (ast.Tuple, ast.List)):
        if index < 0 or index >= len(spec.elts):
            return UNREADABLE
        return site.scope.value(spec.elts[index])
    if isinstance(spec, ast.Dict) and name is not None:
        for key, value in zip(spec.keys, spec.values, strict=True):
            if isinstance(key, ast.Constant) and key.value == name:
                return site.scope.value(value)
    elif isinstance(spec, ast.Dict) and _single_input(site) and len(spec.keys) == 1:
        # One input, one key: whatever the forward calls it (`torch.nn.Linear`'s `input`),
        # that entry is its spec (or export refuses the key, which another check says).
        return site.scope.value(spec.values[0])
    return UNREADABLE


def _single_input(site: ExportSite) -> bool:
    return site.args is not None and len(site.args) + len(site.kwargs) == 1


@dataclass(frozen=True)
class AxisHint:
    """What a per-tensor spec says of one axis."""

    axis: int  # as written: a dict key may be negative or past the example's rank
    hint: Hint
    value: ast.expr
    key: ast.expr | None  # the dict key; None in a tuple spec


def axis_hints(spec: ast.expr | None, scope: Scope) -> list[AxisHint]:
    """The axes of a per-tensor spec: `{0: Dim.DYNAMIC}`, `(batch, None)`; [] for None and
    for what cannot be read."""
    out: list[AxisHint] = []
    if isinstance(spec, ast.Dict):
        for key, value in zip(spec.keys, spec.values, strict=True):
            axis = scope.integer(key) if key is not None else None
            if key is None or axis is None:
                return []
            out.append(AxisHint(axis, dim_hint(value, scope), value, key))
    elif isinstance(spec, (ast.Tuple, ast.List)):
        for axis, value in enumerate(spec.elts):
            out.append(AxisHint(axis, dim_hint(value, scope), value, None))
    return out


def dim_hint(node: ast.expr, scope: Scope) -> Hint:
    node = scope.value(node)
    if isinstance(node, ast.Constant) and (node.value is None or type(node.value) is int):
        return Hint.STATIC
    target = node.func if isinstance(node, ast.Call) else node
    name = scope.qualname(target) or ""
    if not name.startswith("torch."):
        return Hint.UNKNOWN
    last = name.rsplit(".", 1)[-1]
    parent = name.rsplit(".", 2)[-2] if name.count(".") >= 2 else ""
    if parent == "Dim" and last in ("STATIC", "AUTO", "DYNAMIC"):
        return {"STATIC": Hint.STATIC, "AUTO": Hint.AUTO, "DYNAMIC": Hint.DYNAMIC}[last]
    if isinstance(node, ast.Call) and last in ("Dim", "dims"):
        return Hint.NAMED
    return Hint.UNKNOWN


@dataclass(frozen=True)
class NamedDim:
    """A named dimension (`b = Dim("b", min=2, max=64)`, `dx, dy = dims("dx", "dy")`): one
    symbol wherever it is used, with the bounds it was given."""

    name: str
    minimum: int | None
    maximum: int | None


def named_dim(node: ast.expr, scope: Scope) -> NamedDim | None:
    """The named Dim a spec entry is (by its variable, or an inline `Dim("b")`); None for
    hints, derived dims (`2 * dx`) and anything else."""
    bound = scope.value(node)
    if dim_hint(bound, scope) is not Hint.NAMED or not isinstance(bound, ast.Call):
        return None
    bounds = {k.arg: scope.integer(k.value) for k in bound.keywords if k.arg in ("min", "max")}
    if isinstance(node, ast.Name):
        name = node.id  # `dx, dy = dims("dx", "dy")` binds one call to both: the variable tells
    elif bound.args and isinstance(bound.args[0], ast.Constant):
        name = str(bound.args[0].value)
    else:
        return None
    return NamedDim(name, bounds.get("min"), bounds.get("max"))
