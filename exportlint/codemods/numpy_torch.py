"""numpy code that computes from a dynamic size, rewritten with torch ops (EXL301, EXL202).

A sin/cos position table, a window grid, a frequency ramp: numpy runs once at trace time and
torch.export bakes the array of the traced size into the graph as a constant. The same code
written with torch ops stays in the graph and follows the size:

    def get_1d_sincos(dim, pos):                 def get_1d_sincos(dim, pos):
        omega = np.arange(dim // 2,                  omega = torch.arange(dim // 2,
                          dtype=np.float64)                               dtype=torch.float64)
        out = np.einsum("m,d->md", pos, omega)       out = torch.outer(pos, omega)
        return np.concatenate(                       return torch.concatenate(
            [np.sin(out), np.cos(out)], axis=1)          [torch.sin(out), torch.cos(out)], dim=1)

The rewrite takes the whole *numpy cluster* of the flagged call: the function holding it, the
same-file functions it calls that use numpy, and the functions using numpy that call those
(an `__init__` building the same table for the default size), so that no numpy call receives
a tensor. Every `torch.from_numpy(v)` of the file becomes `torch.as_tensor(v)`: the same for
an array (same memory, same dtype), and it takes the tensor a rewritten function now returns,
wherever that went first.

What differs from numpy, and how the translation keeps the values: numpy's default float is
float64 where torch's is float32 (`np.zeros(n)` -> `torch.zeros(n, dtype=torch.float64)`);
`np.meshgrid` indexes "xy" where torch's default is "ij" (`indexing="xy"` is written out);
`axis=`/`keepdims=` are torch's `dim=`/`keepdim=`; numpy functions of a Python number stay
Python (`np.log(10000.0)` -> `math.log(10000.0)`); einsum and the arithmetic operators
promote mixed float32/float64 operands to float64 in both. A numpy function outside the
table below makes the cluster not rewritable. The fix is `unsafe`: a translation the
analysis cannot run (an argument that is a list where torch wants a tensor, a dtype numpy
would infer otherwise) is left to `--fix --verify` to prove.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import libcst as cst

from exportlint.analysis.imports import qualified_name
from exportlint.analysis.kinds import Kind
from exportlint.analysis.walk import walk, walk_statements
from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.core import codemod_for
from exportlint.diagnostics import Applicability, Edit, Fix
from exportlint.fixes import FixContext, fix, import_edit

# numpy functions whose torch namesake computes the same thing on tensors (torch also spells
# these numpy names: torch.concatenate, torch.arctan, torch.clip, ...).
_SAME = frozenset(
    {
        "arange", "zeros", "ones", "empty", "full", "zeros_like", "ones_like", "full_like",
        "sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "arctan2",
        "arcsinh", "arccosh", "arctanh", "exp", "exp2", "expm1", "log", "log2", "log10",
        "log1p", "sqrt", "square", "abs", "floor", "ceil", "trunc", "sign", "hypot",
        "maximum", "minimum", "where", "outer", "matmul", "einsum", "concatenate", "stack",
        "hstack", "vstack", "clip", "cumsum", "cumprod", "sum", "mean", "prod", "reshape",
        "flip", "tile", "meshgrid", "linspace", "logspace", "eye", "sort", "argsort",
        "argmax", "argmin", "isnan", "isinf", "isfinite", "deg2rad", "rad2deg",
    }
)  # fmt: skip
_RENAMED = {
    "expand_dims": "unsqueeze",
    "power": "pow",
    "max": "amax",
    "min": "amin",
    "amax": "amax",
    "amin": "amin",
    "round": "round",
    "around": "round",
    "absolute": "abs",
    "multiply": "mul",
    "add": "add",
    "subtract": "sub",
    "divide": "div",
    "true_divide": "div",
    "concat": "concatenate",
    # An array made of a tensor is the tensor (of a list, a tensor of its numbers).
    "asarray": "as_tensor",
    "array": "as_tensor",
    "ascontiguousarray": "as_tensor",
}
# numpy makes float64 arrays by default where torch makes float32 tensors.
_FLOAT64_BY_DEFAULT = frozenset({"zeros", "ones", "empty", "linspace", "logspace", "eye"})
# Of a Python number, these are Python math (a tensor op wants a tensor).
_MATH = frozenset(
    {"sin", "cos", "tan", "exp", "log", "log2", "log10", "sqrt", "floor", "ceil", "trunc",
     "log1p", "expm1", "sinh", "cosh", "tanh"}
)  # fmt: skip
# Elementwise functions: of a value that may be a number or an array, torch's wants a tensor.
_ELEMENTWISE = _MATH | {
    "sqrt", "square", "abs", "absolute", "sign", "arcsin", "arccos", "arctan", "exp2",
    "round", "around", "floor", "ceil", "trunc", "isnan", "isinf", "isfinite",
}  # fmt: skip
# Of Python numbers, these numpy functions are builtins.
_BUILTIN_OF_NUMBERS = {"maximum": "max", "minimum": "min", "abs": "abs", "absolute": "abs"}
# These take sizes (a number is what they expect): torch's namesakes do too.
_CONSTRUCTORS = frozenset(
    {"arange", "zeros", "ones", "empty", "full", "linspace", "logspace", "eye", "reshape", "tile"}
)
_DTYPES = {
    "float16": "float16", "half": "float16", "float32": "float32", "single": "float32",
    "float64": "float64", "double": "float64", "float_": "float64", "float": "float64",
    "int8": "int8", "int16": "int16", "int32": "int32", "int64": "int64", "int_": "int64",
    "int": "int64", "longlong": "int64", "uint8": "uint8", "bool_": "bool", "bool": "bool",
    "complex64": "complex64", "complex128": "complex128",
}  # fmt: skip
# numpy constants that work as they are in torch code (np.pi is a Python float).
_KEPT = frozenset({"pi", "e", "inf", "nan", "newaxis", "euler_gamma"})
_KEYWORDS = {"axis": "dim", "keepdims": "keepdim"}
# Arrays made of Python numbers or sizes: torch.tensor of them.
_ARRAY_OF = frozenset({"array", "asarray", "ascontiguousarray"})
_METHODS = {"astype": "to", "copy": "clone"}


@dataclass(frozen=True)
class _Names:
    numpy: frozenset[str]  # local names of the numpy module (`np`)
    torch: str  # the local name of torch
    math: str  # the local name of math


def translate(ctx: FixContext, flagged: ast.AST) -> Fix:
    """The numpy cluster holding `flagged`, computed with torch ops (see the module doc).
    Every numpy call of a cluster gets the same fix: it is built once per document."""
    if ctx.tree is None:
        raise NotRewritable("no syntax tree")
    cache: dict[str, object] = ctx.__dict__.setdefault("_numpy_torch", {})
    functions = cache.get("functions")
    if not isinstance(functions, list):
        functions = cache["functions"] = _functions(ctx.tree)
    home = _function_holding(functions, flagged)
    if home is None:
        raise NotRewritable("the numpy call is not inside a function")
    key = f"home:{id(home)}"
    if key not in cache:
        try:
            cache[key] = _translate(ctx, functions, home)
        except NotRewritable as reason:
            cache[key] = reason
    built = cache[key]
    if isinstance(built, NotRewritable):
        raise NotRewritable(str(built))
    assert isinstance(built, Fix)
    return built


def _translate(
    ctx: FixContext,
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef],
    home: ast.FunctionDef | ast.AsyncFunctionDef,
) -> Fix:
    assert ctx.tree is not None
    cluster = _cluster(ctx, functions, home)
    names = _Names(
        numpy=frozenset(k for k, v in ctx.imports.items() if v == "numpy"),
        torch=ctx.torch(),
        math=ctx.module_alias("math") or "math",
    )
    edits: list[Edit] = []
    used_math = False
    for function in sorted(cluster, key=lambda f: f.lineno):
        _check_translatable(ctx, function)
        cm = codemod_for(ctx, function)
        original = cm.find(function, cst.FunctionDef)
        segment = cm.segment_of(function)
        offset = segment.first_line - 1 - segment.wrapped
        positions = segment.positions

        def position(
            node: cst.CSTNode,
            offset: int = offset,
            positions: Mapping[cst.CSTNode, object] = positions,
        ) -> tuple[int, int] | None:
            where = positions.get(node)
            if where is None:
                return None
            start = where.start  # type: ignore[attr-defined]
            return int(start.line) + offset, int(start.column) + 1

        translator = _Translator(
            names, _scalar_calls(ctx, function), position, _numpy_names(ctx, function)
        )
        new = original.visit(translator)
        if not isinstance(new, cst.FunctionDef):  # pragma: no cover - calls only change
            raise NotRewritable("the function could not be rewritten")
        used_math = used_math or translator.used_math
        edits.extend(cm.edits({function: new}))
    for call in _consumers(ctx, functions, cluster):
        edits.extend(ex.replace(ctx, call.func, ex.parse(f"{names.torch}.as_tensor")))
    for module, needed in (("math", used_math), ("torch", True)):
        if needed and ctx.module_alias(module) is None:
            added = import_edit(ctx, module)
            if added is not None:
                edits.append(added)
    shown = ", ".join(f"`{f.name}`" for f in sorted(cluster, key=lambda f: f.lineno))
    return fix(
        f"Compute {shown} with torch ops instead of numpy, so that the table follows the "
        "size (the same values; not proven statically: --fix --verify checks it)",
        Applicability.UNSAFE,
        *sorted(edits),
    )


# ---------------------------------------------------------------------------- the cluster


def _functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    # Definitions are statements: the statement walk keeps `ast.walk` order, skipping the
    # expressions (this runs on the lint path, for every `.numpy()` reported).
    return [
        n for n in walk_statements(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def _function_holding(
    functions: Iterable[ast.FunctionDef | ast.AsyncFunctionDef], node: ast.AST
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The innermost function whose lines hold `node`."""
    line = getattr(node, "lineno", 0)
    best = None
    for function in functions:
        inside = function.lineno <= line <= (function.end_lineno or function.lineno)
        if inside and (best is None or function.lineno >= best.lineno):
            best = function
    return best


def _is_module_level(tree: ast.Module, function: ast.AST) -> bool:
    return any(stmt is function for stmt in tree.body)


def _numpy_calls(ctx: FixContext, function: ast.AST) -> list[ast.Call]:
    found = []
    for node in walk(function):
        if isinstance(node, ast.Call):
            name = qualified_name(node.func, ctx.imports, ()) or ""
            if name.startswith("numpy.") and not name.startswith("numpy.random."):
                found.append(node)
    return found


def _called_names(function: ast.AST) -> set[str]:
    calls = (n for n in walk(function) if isinstance(n, ast.Call))
    return {c.func.id for c in calls if isinstance(c.func, ast.Name)}


def _cluster(
    ctx: FixContext,
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef],
    home: ast.FunctionDef | ast.AsyncFunctionDef,
) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """`home`, the module-level functions using numpy it calls (transitively), and the
    functions using numpy that call a member: everything whose numpy calls may see a tensor
    once the members return tensors."""
    assert ctx.tree is not None
    top = {f.name: f for f in functions if _is_module_level(ctx.tree, f)}
    uses_numpy = {id(f): bool(_numpy_calls(ctx, f)) for f in functions}
    members: dict[int, ast.FunctionDef | ast.AsyncFunctionDef] = {id(home): home}
    changed = True
    while changed:
        changed = False
        member_names = {f.name for f in members.values() if top.get(f.name) is f}
        for function in functions:
            if id(function) in members or not uses_numpy[id(function)]:
                continue
            called = _called_names(function)
            calls_member = bool(called & member_names)
            called_by_member = top.get(function.name) is function and any(
                function.name in _called_names(m) for m in members.values()
            )
            if calls_member or called_by_member:
                members[id(function)] = function
                changed = True
    # A nested function is translated with the function holding it.
    kept = list(members.values())
    return [f for f in kept if not any(o is not f and _contains(o, f) for o in kept)]


def _contains(outer: ast.AST, inner: ast.AST) -> bool:
    return any(n is inner for n in walk(outer))


def _check_translatable(ctx: FixContext, function: ast.AST) -> None:
    for call in _numpy_calls(ctx, function):
        name = (qualified_name(call.func, ctx.imports, ()) or "")[len("numpy.") :]
        if name not in _SAME and name not in _RENAMED:
            raise NotRewritable(f"`numpy.{name}` has no torch translation here")
        func = call.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            raise NotRewritable(f"`numpy.{name}` is not called as `np.{name}`")


def _consumers(
    ctx: FixContext,
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef],
    cluster: list[ast.FunctionDef | ast.AsyncFunctionDef],
) -> list[ast.Call]:
    """Every `torch.from_numpy(v)` outside the cluster (in functions and at module level):
    `torch.as_tensor` is the same for an array (the same memory and dtype) and takes the
    tensor a member now returns, wherever it went first (an attribute, a name in another
    method). Inside the cluster the translator turns every from_numpy into as_tensor."""
    assert ctx.tree is not None
    found: list[ast.Call] = []
    scopes: list[ast.AST] = [ctx.tree, *functions]
    for scope in scopes:
        if any(member is scope or _contains(member, scope) for member in cluster):
            continue
        for node in _own_nodes(scope):
            if not (isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords):
                continue
            if qualified_name(node.func, ctx.imports, ()) == "torch.from_numpy":
                found.append(node)
    return found


def _own_nodes(scope: ast.AST) -> Iterable[ast.AST]:
    """The nodes of a module or function, not those of the functions defined in it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            stack.extend(ast.iter_child_nodes(node))


def _numpy_names(ctx: FixContext, function: ast.AST) -> frozenset[str]:
    """Names assigned from a numpy call or a `.numpy()` in `function` (numpy arrays)."""
    found: set[str] = set()
    for node in walk(function):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        call = node.value
        name = qualified_name(call.func, ctx.imports, ()) or ""
        method = call.func.attr if isinstance(call.func, ast.Attribute) else ""
        if (name.startswith("numpy.") and not name.startswith("numpy.random.")) or (
            method == "numpy"
        ):
            found.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return frozenset(found)


SCALAR, SEQUENCE, ARRAY = "scalar", "sequence", "array"
SIZE = "size"  # a SCALAR that is a dynamic size or a data value: Python math on it fails


def _scalar_calls(ctx: FixContext, function: ast.AST) -> dict[tuple[int, int], str | None]:
    """How the first argument of each numpy call of `function` reads, by the call's position:
    SCALAR (a Python number or a size), SEQUENCE (a shape), ARRAY, or None (a parameter of
    unknown type). The interpreter gives numpy results the kind of their arguments, so this
    is decided on the syntax: what each name is assigned in the function."""
    classify = _Classifier(ctx, function)
    found: dict[tuple[int, int], str | None] = {}
    for call in _numpy_calls(ctx, function):
        if call.args and not isinstance(call.args[0], ast.Starred):
            reads = classify(call.args[0])
            value = ctx.value_of(call.args[0])
            if reads == SCALAR and value is not None and value.kind in (Kind.DIM, Kind.DATA):
                reads = SIZE  # a parameter passed a size
            found[ctx.start(call)] = reads
    return found


class _Classifier:
    def __init__(self, ctx: FixContext, function: ast.AST, depth: int = 0) -> None:
        self.ctx = ctx
        self.function = function
        self.depth = depth
        self.assigned: dict[str, list[ast.expr]] = {}
        for node in walk(function):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, ast.AugAssign | ast.AnnAssign) and node.value is not None:
                self._bind(node.target, node.value)
            elif isinstance(node, ast.For):
                self._bind(node.target, node.iter)
        arguments = getattr(function, "args", None)
        self.parameters: dict[str, ast.expr | None] = {}
        if isinstance(arguments, ast.arguments):
            for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                self.parameters[a.arg] = a.annotation
        self._busy: set[str] = set()

    def _bind(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                # `h, w = x.shape[-2:]`: an element of the value.
                self._bind(element, ast.Subscript(value=value, slice=ast.Constant(0)))

    def __call__(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant):
            return SCALAR if isinstance(node.value, int | float) else None
        if isinstance(node, ast.Attribute):
            if node.attr == "shape":
                return SEQUENCE
            if node.attr in _DTYPES:
                return None
            value = self.ctx.value_of(node)
            if value is not None and not value.is_container and (value.exact_int or value.is_float):
                return SCALAR
            return None
        if isinstance(node, ast.Subscript):
            base = self(node.value)
            if base == SEQUENCE:
                return SEQUENCE if isinstance(node.slice, ast.Slice) else SIZE
            return ARRAY if base == ARRAY else None
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.BinOp):
            sides = {self(node.left), self(node.right)}
            if ARRAY in sides:
                return ARRAY
            if sides <= {SCALAR, SIZE}:
                return SIZE if SIZE in sides else SCALAR
            return None
        if isinstance(node, ast.UnaryOp):
            return self(node.operand)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.List | ast.Tuple):
            kinds = {self(e) for e in node.elts}
            if kinds and kinds <= {SCALAR, SIZE}:
                return SEQUENCE
            return ARRAY if ARRAY in kinds else None
        return None

    def _passed(self, parameter: str) -> str | None:
        """What the file's calls of this (module-level) function pass for `parameter`."""
        tree, function = self.ctx.tree, self.function
        if self.depth > 3 or tree is None or not any(s is function for s in tree.body):
            return None
        assert isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        names = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
        index = names.index(parameter) if parameter in names else -1
        kinds: set[str | None] = set()
        for caller in _functions(tree):
            classify: _Classifier | None = None
            for call in _own_nodes(caller):
                if not (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id == function.name
                ):
                    continue
                passed = next((k.value for k in call.keywords if k.arg == parameter), None)
                if passed is None and 0 <= index < len(call.args):
                    passed = call.args[index]
                if passed is None or isinstance(passed, ast.Starred):
                    return None
                classify = classify or _Classifier(self.ctx, caller, self.depth + 1)
                kinds.add(classify(passed))
        if ARRAY in kinds:
            return ARRAY
        return kinds.pop() if len(kinds) == 1 else None

    def _call(self, node: ast.Call) -> str | None:
        name = qualified_name(node.func, self.ctx.imports, ()) or ""
        if name.startswith("numpy."):
            first = self(node.args[0]) if node.args else None
            short = name[len("numpy.") :]
            if short not in _CONSTRUCTORS and first in (SCALAR, SEQUENCE, SIZE):
                return SCALAR
            return ARRAY
        if name.startswith("torch."):
            return ARRAY
        if isinstance(node.func, ast.Name) and node.func.id in ("int", "float", "round", "len"):
            return SIZE if node.func.id == "len" else self(node.args[0]) if node.args else None
        if name.startswith("math."):
            return SCALAR
        if isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in ("size",):
                return SIZE if node.args else SEQUENCE
            if method in ("numel", "item"):
                return SIZE
            if method in ("dim", "bit_length"):
                return SCALAR
            if self(node.func.value) == ARRAY:
                return ARRAY
        return None

    def _name(self, name: str) -> str | None:
        if name in self._busy:
            return None
        values = self.assigned.get(name, [])
        if name in self.parameters and not values:
            annotation = self.parameters[name]
            if isinstance(annotation, ast.Name) and annotation.id in ("int", "float"):
                return SCALAR
            return self._passed(name)
        self._busy.add(name)
        try:
            kinds = {self(v) for v in values}
        finally:
            self._busy.discard(name)
        if ARRAY in kinds:
            return ARRAY
        if len(kinds) == 1:
            return kinds.pop()
        return SIZE if kinds == {SCALAR, SIZE} else None


# ---------------------------------------------------------------------------- the translation


def _dotted(node: cst.BaseExpression) -> str | None:
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def _is_number(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.UnaryOperation):
        return _is_number(node.expression)
    return isinstance(node, cst.Integer | cst.Float)


class _Translator(cst.CSTTransformer):
    """numpy calls, dtypes and array methods of one function, as torch."""

    def __init__(
        self,
        names: _Names,
        scalar_calls: Mapping[tuple[int, int], str | None],
        position: Callable[[cst.CSTNode], tuple[int, int] | None],
        numpy_names: frozenset[str] = frozenset(),
    ) -> None:
        self.names = names
        self.used_math = False
        # How the first argument of each numpy call reads, by the call's position.
        self.scalar_calls = scalar_calls
        # Names holding numpy arrays (assigned from numpy calls or `.numpy()`).
        self.numpy_names = numpy_names
        self.position = position

    def _numpy_attribute(self, node: cst.BaseExpression) -> str | None:
        """`arange` for `np.arange`."""
        dotted = _dotted(node)
        if dotted is None or "." not in dotted:
            return None
        root, _, rest = dotted.partition(".")
        return rest if root in self.names.numpy and "." not in rest else None

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        name = self._numpy_attribute(original_node)
        if name in _DTYPES:
            return ex.parse(f"{self.names.torch}.{_DTYPES[name]}")
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        torch = self.names.torch
        func = original_node.func
        name = self._numpy_attribute(func)
        if name is None:
            if _dotted(func) == f"{torch}.from_numpy":
                return updated_node.with_changes(func=ex.parse(f"{torch}.as_tensor"))
            if not isinstance(func, cst.Attribute) or not isinstance(
                updated_node.func, cst.Attribute
            ):
                return updated_node
            method = func.attr.value
            if method == "numpy" and not updated_node.args:
                # `t.detach().cpu().numpy()` -> `t.detach().cpu()`: the tensor, kept in the graph.
                return updated_node.func.value
            if method in _METHODS:
                # `a.astype(np.float32)` -> `a.to(torch.float32)`; `a.copy()` -> `a.clone()`.
                if _METHODS[method] == "clone" and updated_node.args:
                    return updated_node
                args = [self._dtype_string(a) for a in updated_node.args]
                return updated_node.with_changes(
                    func=updated_node.func.with_changes(attr=cst.Name(_METHODS[method])),
                    args=args,
                )
            receiver = _dotted(func.value)
            if method in ("std", "var") and receiver in self.numpy_names:
                # numpy's std/var divide by n (ddof=0); torch's by n - 1 unless told.
                args = [
                    a.with_changes(keyword=cst.Name("correction"))
                    if a.keyword is not None and a.keyword.value == "ddof"
                    else self._keyword(a)
                    for a in updated_node.args
                ]
                if not any(a.keyword is not None and a.keyword.value == "correction" for a in args):
                    args = _commas([*args, ex.keyword_arg("correction", cst.Integer("0"))])
                return updated_node.with_changes(args=args)
            return updated_node
        target = _RENAMED.get(name, name)
        args = [self._keyword(a) for a in updated_node.args]
        positional = [a for a in args if a.keyword is None and not a.star]
        where = self.position(original_node)
        reads = self.scalar_calls.get(where, ARRAY) if where is not None else ARRAY
        if name not in _CONSTRUCTORS and reads in (SCALAR, SEQUENCE, SIZE):
            # Of a Python number or a size, numpy's math is Python's: a torch op wants a
            # tensor (`np.sqrt(d_k)` -> `d_k ** 0.5`, `np.prod(x.shape[1:])` -> math.prod).
            return self._scalar(updated_node, name, args, positional, reads)
        if name in _ELEMENTWISE and reads is None and positional:
            # A parameter that may be a number or an array: as a tensor, it is both.
            first = positional[0]
            wrapped = first.with_changes(value=ex.call(f"{torch}.as_tensor", first.value))
            args = [wrapped if a is first else a for a in args]
            positional = [wrapped, *positional[1:]]
        keywords = {a.keyword.value for a in args if a.keyword is not None}
        if name == "einsum" and _outer_product(args):
            # torch.onnx gives Einsum no type promotion (float32 by float64 does not load in
            # onnxruntime); torch.outer promotes like numpy, and exports as a Mul.
            return updated_node.with_changes(
                func=ex.parse(f"{torch}.outer"), args=_commas(positional[1:])
            )
        if name in ("round", "around") and len(positional) == 2:
            args = [args[0], positional[1].with_changes(keyword=cst.Name("decimals"),
                                                        equal=ex.KEYWORD_EQUAL)]  # fmt: skip
        if name == "meshgrid" and "indexing" not in keywords:
            args = [*args, ex.keyword_arg("indexing", cst.SimpleString('"xy"'))]
        if name in _FLOAT64_BY_DEFAULT and "dtype" not in keywords:
            args = [*args, ex.keyword_arg("dtype", ex.parse(f"{torch}.float64"))]
        args = _commas(args)
        return updated_node.with_changes(func=ex.parse(f"{torch}.{target}"), args=args)

    def _scalar(
        self,
        node: cst.Call,
        name: str,
        args: list[cst.Arg],
        positional: list[cst.Arg],
        reads: str,
    ) -> cst.BaseExpression:
        if name in _ARRAY_OF and reads in (SEQUENCE, SCALAR, SIZE):
            return self._tensor_of_numbers(node, args, positional)
        if len(positional) != len(args):
            raise NotRewritable(f"`np.{name}` of a number with keywords")
        if reads == SEQUENCE:
            if name in ("prod", "sum") and len(args) == 1:
                self.used_math = name == "prod"
                callee = f"{self.names.math}.prod" if name == "prod" else "sum"
                return node.with_changes(func=ex.parse(callee), args=args)
            raise NotRewritable(f"`np.{name}` of a sequence of numbers")
        if name == "sqrt" and len(args) == 1:
            base = args[0].value
            return cst.BinaryOperation(
                left=ex.atom(base)
                if not isinstance(base, cst.BinaryOperation)
                else ex.parenthesized(base),
                operator=cst.Power(),
                right=cst.Float("0.5"),
            )
        if reads == SIZE and name in _MATH and name not in ("floor", "ceil", "trunc"):
            # math.log of a size fails export (EXL302): a 0-d float64 tensor keeps numpy's
            # precision and stays in the graph.
            torch = self.names.torch
            made = cst.Call(
                func=ex.parse(f"{torch}.tensor"),
                args=_commas([args[0], ex.keyword_arg("dtype", ex.parse(f"{torch}.float64"))]),
            )
            return node.with_changes(func=ex.parse(f"{torch}.{name}"), args=[cst.Arg(made)])
        if name in _MATH and len(args) == 1:
            self.used_math = True
            return node.with_changes(func=ex.parse(f"{self.names.math}.{name}"), args=args)
        if name in _BUILTIN_OF_NUMBERS:
            return node.with_changes(func=ex.parse(_BUILTIN_OF_NUMBERS[name]), args=args)
        raise NotRewritable(f"`np.{name}` of a number")

    def _tensor_of_numbers(
        self, node: cst.Call, args: list[cst.Arg], positional: list[cst.Arg]
    ) -> cst.BaseExpression:
        """`np.array([n, n], np.float32)` of Python numbers or sizes -> `torch.tensor([n, n],
        dtype=torch.float32)`: torch.tensor keeps symbolic sizes in the graph. numpy makes
        float64 of Python floats where torch makes float32: a float literal without a dtype
        gets `dtype=torch.float64`."""
        torch = self.names.torch
        if len(positional) > 2 or not positional:
            raise NotRewritable("`np.array` with more than a dtype")
        if len(positional) == 2:
            dtype = positional[1].with_changes(keyword=cst.Name("dtype"), equal=ex.KEYWORD_EQUAL)
            args = [dtype if a is positional[1] else a for a in args]
        keywords = {a.keyword.value for a in args if a.keyword is not None}
        if keywords - {"dtype"}:
            raise NotRewritable("`np.array` with keywords torch.tensor does not take")
        if "dtype" not in keywords and _holds_float(positional[0].value):
            args = [*args, ex.keyword_arg("dtype", ex.parse(f"{torch}.float64"))]
        return node.with_changes(func=ex.parse(f"{torch}.tensor"), args=_commas(args))

    def _dtype_string(self, arg: cst.Arg) -> cst.Arg:
        """`"float32"` (a numpy dtype by name) -> `torch.float32`."""
        value = arg.value
        if isinstance(value, cst.SimpleString):
            text = value.evaluated_value
            if isinstance(text, str) and text in _DTYPES:
                return arg.with_changes(value=ex.parse(f"{self.names.torch}.{_DTYPES[text]}"))
        return arg

    def _keyword(self, arg: cst.Arg) -> cst.Arg:
        if arg.keyword is not None and arg.keyword.value == "dtype":
            arg = self._dtype_string(arg)
        if arg.keyword is not None and arg.keyword.value in _KEYWORDS:
            return arg.with_changes(keyword=cst.Name(_KEYWORDS[arg.keyword.value]))
        return arg


def _holds_float(node: cst.BaseExpression) -> bool:
    """A float literal anywhere in the expression (`[0.5, n]`, `(n / 2, 1)`)."""
    found = False

    class _Find(cst.CSTVisitor):
        def visit_Float(self, node: cst.Float) -> None:
            nonlocal found
            found = True

        def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
            nonlocal found
            found = found or isinstance(node.operator, cst.Divide)

    node.visit(_Find())
    return found


def _outer_product(args: list[cst.Arg]) -> bool:
    """`np.einsum("m,d->md", a, b)`: the outer product of two vectors."""
    if len(args) != 3 or any(a.keyword is not None or a.star for a in args):
        return False
    spec = args[0].value
    if not isinstance(spec, cst.SimpleString):
        return False
    text = spec.evaluated_value
    if not isinstance(text, str):
        return False
    inputs, _, output = text.replace(" ", "").partition("->")
    first, _, second = inputs.partition(",")
    return (
        len(first) == 1
        and len(second) == 1
        and first != second
        and first.isalpha()
        and second.isalpha()
        and output == first + second
    )


def _commas(args: list[cst.Arg]) -> list[cst.Arg]:
    """Every argument but the last followed by `, ` (the last keeps a trailing comma only
    when it had one and is still last)."""
    out = []
    for index, arg in enumerate(args):
        last = index == len(args) - 1
        if not last and arg.comma is cst.MaybeSentinel.DEFAULT:
            arg = arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        out.append(arg)
    return out
