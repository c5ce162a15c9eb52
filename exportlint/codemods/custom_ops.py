"""Custom operators defined in the file (EXL403): the two rewrites that can make them export.

    @torch.library.custom_op("lib::clip", mutates_args=())      def clip(x: torch.Tensor) -> ...:
    def clip(x: torch.Tensor) -> torch.Tensor:              ->      return x / x.norm(...)
        return x / x.norm(...)

Tracing the Python body instead of the opaque operator (`trace_body`): torch.export then sees
ATen operators, which torch.onnx translates; it works when the body is torch code export can
trace (not numpy, not `.numpy()`), and nothing else refers to the registered operator.

    @clip.register_fake                                     (added after the definition)
    def _clip_fake(x: torch.Tensor) -> torch.Tensor:
        return torch.empty_like(x)

A fake (meta) kernel (`add_fake`): torch.export can then trace the call; the fake says the
output has the shape and dtype of the first tensor argument (one per output for a tuple of
tensors), which is the common elementwise case and is for a run to confirm. torch.onnx still
needs a translation of the operator (custom_translation_table).
"""

from __future__ import annotations

import ast
import re
import textwrap

import libcst as cst

from exportlint.analysis.imports import qualified_name
from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.core import codemod_for
from exportlint.diagnostics import Applicability, Edit, Fix
from exportlint.fixes import FixContext, fix

_DEFINERS = frozenset({"torch.library.custom_op", "torch.library.triton_op"})
# Host code in a body: export cannot trace it, so dropping the decorator cannot work.
_HOST_CODE = re.compile(r"\.numpy\(|\.tolist\(|\bnp\.|\bnumpy\.")


def body_uses_host(ctx: FixContext, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    text = "\n".join(ctx.lines[function.lineno - 1 : function.end_lineno or function.lineno])
    return _HOST_CODE.search(text) is not None  # `inp.sum()` is not numpy


def trace_body(ctx: FixContext, function: ast.FunctionDef | ast.AsyncFunctionDef, op: str) -> Fix:
    """Remove the `@torch.library.custom_op(...)` decorator: export traces the body."""
    namespace, _, name = op.partition("::")
    registrations = _registrations(ctx, function, op)
    removed = {line for stmt in registrations for line in _lines(stmt)}
    for decorator in function.decorator_list:  # the definition names the operator itself
        removed.update(range(decorator.lineno, (decorator.end_lineno or decorator.lineno) + 1))
    by_ops = _torch_ops_uses(ctx, op) if _is_module_level(ctx, function) else []
    removed.update(node.lineno for node in by_ops if node.lineno == node.end_lineno)
    rest = "\n".join(t for i, t in enumerate(ctx.lines, 1) if i not in removed)
    if f"{function.name}." in rest:
        raise NotRewritable(f"`{function.name}` is used as an operator elsewhere")
    if name and (f".{namespace}.{name}" in rest or f'"{op}"' in rest or f"'{op}'" in rest):
        raise NotRewritable(f"`{op}` is also used through torch.ops or torch.library")
    edits: list[Edit] = []
    for use in by_ops:
        # `torch.ops.ns.op(...)` -> `op(...)`: the Python function, defined at module level.
        edits.extend(ex.replace(ctx, use, ex.parse(function.name)))
    for stmt in registrations:
        # A kernel registered on the operator (`@op.register_fake def _(x): ...`) has
        # nothing to register on once the body is plain Python.
        lines = _lines(stmt)
        start = lines.start
        while start > 1 and not ctx.lines[start - 2].strip() and lines.start - start < 2:
            start -= 1  # the blank lines that separated it from the statement before
        edits.append(ctx.replace_lines(start, lines.stop - 1, ""))
    cm = codemod_for(ctx, function)
    original = cm.find(function, cst.FunctionDef)
    assert isinstance(original, cst.FunctionDef)
    kept = [d for d in original.decorators if not _is_definer(ctx, d)]
    if len(kept) == len(original.decorators):
        raise NotRewritable("the custom_op decorator could not be located")
    new = original.with_changes(decorators=kept)
    if not kept:
        # The comment and blank lines above the first decorator stay above the `def`.
        first = original.decorators[0]
        new = new.with_changes(leading_lines=[*original.leading_lines, *first.leading_lines])
    return fix(
        f"Trace the Python body of `{function.name}` instead of the opaque operator `{op}`: "
        "drop `@torch.library.custom_op(...)` (torch.onnx then translates its ATen "
        "operators; works when the body is torch code export can trace)",
        Applicability.UNSAFE,
        *sorted([*cm.edits({function: new}), *edits]),
    )


def _is_module_level(ctx: FixContext, function: ast.AST) -> bool:
    return ctx.tree is not None and any(stmt is function for stmt in ctx.tree.body)


def _torch_ops_uses(ctx: FixContext, op: str) -> list[ast.expr]:
    """`torch.ops.ns.op` and `torch.ops.ns.op.default` in the file."""
    namespace, _, name = op.partition("::")
    wanted = (f"torch.ops.{namespace}.{name}", f"torch.ops.{namespace}.{name}.default")
    found: list[ast.expr] = []
    for node in ast.walk(ctx.tree) if ctx.tree is not None else ():
        if isinstance(node, ast.Attribute) and qualified_name(node, ctx.imports, ()) in wanted:
            found.append(node)
    # The longest spelling only (`.default` holds the shorter one).
    return [n for n in found if not any(n is getattr(o, "value", None) for o in found)]


def _registrations(
    ctx: FixContext, function: ast.FunctionDef | ast.AsyncFunctionDef, op: str
) -> list[ast.stmt]:
    """The statements registering kernels on the operator: functions decorated with
    `@name.register_fake` (or any `@name.<method>`) or `@torch.library.register_fake("op")`,
    and expression statements `name.register_autograd(...)`."""
    name = function.name
    found: list[ast.stmt] = []
    for node in ast.walk(ctx.tree) if ctx.tree is not None else ():
        if node is function:
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                on_op = isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                if on_op and target.value.id == name:  # type: ignore[attr-defined]
                    found.append(node)
                    break
                library = qualified_name(target, ctx.imports, ()) or ""
                if (
                    _names_op(decorator, op)
                    and library.startswith("torch.library.")
                    and library not in _DEFINERS
                ):
                    found.append(node)
                    break
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == name
            ):
                found.append(node)
    return found


def _names_op(decorator: ast.expr, op: str) -> bool:
    return (
        isinstance(decorator, ast.Call)
        and bool(decorator.args)
        and isinstance(decorator.args[0], ast.Constant)
        and decorator.args[0].value == op
    )


def _lines(stmt: ast.stmt) -> range:
    first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", []))])
    return range(first, (stmt.end_lineno or stmt.lineno) + 1)


def add_fake(ctx: FixContext, function: ast.FunctionDef | ast.AsyncFunctionDef) -> Fix:
    """Register a fake kernel right after the operator's definition."""
    tensors = _tensor_parameters(function)
    if not tensors:
        raise NotRewritable("the operator takes no tensor argument to take the shape from")
    outputs = _outputs(function)
    torch = ctx.torch()
    if outputs is None:
        result = f"{torch}.empty_like({tensors[0]})"
    else:
        sources = tensors if len(tensors) == outputs else [tensors[0]] * outputs
        result = "(" + ", ".join(f"{torch}.empty_like({t})" for t in sources) + ",)"
        if outputs > 1:
            result = result[:-2] + ")"
    signature = ast.unparse(function.args)
    returns = f" -> {ast.unparse(function.returns)}" if function.returns is not None else ""
    indent = ctx.indent_of(function.lineno)
    unit = _unit(ctx, function, indent)
    name = f"_{function.name}_fake"
    blank = "\n" if indent else "\n\n"
    code = (
        f"{blank}{indent}@{function.name}.register_fake\n"
        f"{indent}def {name}({signature}){returns}:\n"
        f"{indent}{unit}return {result}\n"
    )
    try:
        ast.parse(textwrap.dedent(code))
    except SyntaxError as error:  # pragma: no cover - built from parsed parts
        raise NotRewritable("the fake kernel does not parse") from error
    shown = ", ".join(dict.fromkeys(tensors if outputs is not None else tensors[:1]))
    return fix(
        f"Register a fake kernel for `{function.name}` (`@{function.name}.register_fake`, "
        f"output like `{shown}`: shape and dtype not proven statically, --fix --verify checks "
        "them; torch.onnx still needs a translation of the operator)",
        Applicability.UNSAFE,
        ctx.insert_after_statement(function, code),
    )


def _is_definer(ctx: FixContext, decorator: cst.Decorator) -> bool:
    expression = decorator.decorator
    if isinstance(expression, cst.Call):
        expression = expression.func
    code = cst.Module(body=[]).code_for_node(expression)
    try:
        node = ast.parse(code, mode="eval").body
    except SyntaxError:  # pragma: no cover - printed by libcst
        return False
    return qualified_name(node, ctx.imports, ()) in _DEFINERS


def _is_tensor_annotation(node: ast.expr | None) -> bool:
    return node is not None and ast.unparse(node).split(".")[-1].endswith("Tensor")


def _tensor_parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    parameters = [*function.args.posonlyargs, *function.args.args]
    annotated = [a.arg for a in parameters if _is_tensor_annotation(a.annotation)]
    if annotated:
        return annotated
    return [parameters[0].arg] if parameters and parameters[0].annotation is None else []


def _outputs(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int | None:
    """None for one tensor (or an unknown return), k for `tuple[Tensor, ...k]`."""
    returns = function.returns
    if isinstance(returns, ast.Subscript) and ast.unparse(returns.value).split(".")[-1] in (
        "tuple",
        "Tuple",
    ):
        elements = returns.slice.elts if isinstance(returns.slice, ast.Tuple) else [returns.slice]
        if elements and all(_is_tensor_annotation(e) for e in elements):
            return len(elements)
    return None


def _unit(ctx: FixContext, function: ast.AST, indent: str) -> str:
    body = getattr(function, "body", [])
    if body:
        inner = ctx.indent_of(body[0].lineno)
        if inner.startswith(indent) and len(inner) > len(indent):
            return inner[len(indent) :]
    return "    "


# Names of functions registered as an operator's fake (meta) kernel: they compute shapes, not
# values, so calling one in place of the operator is never right.
_FAKE_NAME = re.compile(r"fake|meta|abstract", re.IGNORECASE)


def registered_implementations(
    ctx: FixContext, op: str
) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The module-level Python functions the file registers as the kernel of `op`
    (`"ns::name"`), best first: a function passed to a call that also names the operator
    (`lib.impl("name", fn)`, `direct_register_custom_op("name", fn, fake_impl=...)`), a
    function decorated with such a call (`@torch.library.impl("ns::name", "cpu")`), then a
    module-level function named like the operator. Fake kernels are left out."""
    if ctx.tree is None:
        return []
    namespace, _, name = op.partition("::")
    spellings = {name, op, f"{namespace}.{name}"}
    top = {
        stmt.name: stmt
        for stmt in ctx.tree.body
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    found: list[ast.FunctionDef | ast.AsyncFunctionDef] = []

    def names_op(call: ast.Call) -> bool:
        values = [*call.args, *(k.value for k in call.keywords)]
        return any(
            isinstance(v, ast.Constant)
            and isinstance(v.value, str)
            and (v.value in spellings or v.value.split("(")[0] in spellings)
            for v in values
        )

    def add(function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> None:
        if function is not None and function not in found and not _FAKE_NAME.search(function.name):
            found.append(function)

    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.Call) and names_op(node):
            fakes = {
                k.value.id
                for k in node.keywords
                if isinstance(k.value, ast.Name) and k.arg and _FAKE_NAME.search(k.arg)
            }
            passed = [*node.args, *(k.value for k in node.keywords)]
            for value in passed:
                if isinstance(value, ast.Name) and value.id not in fakes:
                    add(top.get(value.id))
        elif (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and top.get(node.name) is node
        ):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and names_op(decorator):
                    word = dotted_tail(decorator.func)
                    if _binds_none(decorator):
                        continue
                    if not _FAKE_NAME.search(word) and word not in _DEFINER_TAILS:
                        add(node)
    by_name = top.get(name)
    if by_name is not None and not by_name.decorator_list:
        add(by_name)
    # The function named like the operator first: the others are guesses from a call.
    found.sort(key=lambda f: f.name != name)
    return found


_DEFINER_TAILS = frozenset({"custom_op", "triton_op", "define"})


def _binds_none(decorator: ast.Call) -> bool:
    """`@torch.library.impl("ns::op", "cpu")`: torch.library.impl's decorator returns None
    (torch 2.13), so the decorated name is None and calling it raises in eager mode."""
    func = decorator.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "impl"
        and (
            (isinstance(func.value, ast.Name) and func.value.id == "library")
            or (isinstance(func.value, ast.Attribute) and func.value.attr == "library")
        )
    )


def dotted_tail(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def imported_implementation(ctx: FixContext, op: str) -> str | None:
    """A function imported by the operator's own name (`from .kernels import silu_and_mul`
    for `torch.ops.vllm.silu_and_mul`): the project's Python kernel or wrapper of the
    operator, most likely (a wrapper that calls the operator again is for a run to reject)."""
    name = op.partition("::")[2]
    qualified = ctx.imports.get(name)
    if qualified is None or qualified.split(".")[-1] != name or qualified.startswith("torch."):
        return None
    return name


def call_imported(ctx: FixContext, call: ast.Call, name: str, op: str) -> Fix:
    return fix(
        f"Call the imported Python function `{name}` instead of the opaque operator `{op}` "
        "(right when it computes the operator with torch code: torch.export traces it and "
        "torch.onnx translates it; a wrapper that calls the operator again does not help)",
        Applicability.UNSAFE,
        *ex.replace(ctx, call.func, ex.parse(name)),
    )


def call_implementation(
    ctx: FixContext, call: ast.Call, function: ast.FunctionDef | ast.AsyncFunctionDef, op: str
) -> Fix:
    """`torch.ops.ns.op(args)` -> `impl(args)`: export traces the Python kernel registered
    for the operator (its ATen operators translate to ONNX). Right when that function is the
    operator's kernel for the device exported on, and its body is torch code."""
    if body_uses_host(ctx, function):
        raise NotRewritable(f"`{function.name}` uses numpy or host conversions")
    return fix(
        f"Call the Python implementation `{function.name}` registered for `{op}` instead of the "
        "opaque operator (torch.export traces its torch code and torch.onnx translates it; "
        "right when it is the operator's kernel)",
        Applicability.UNSAFE,
        *ex.replace(ctx, call.func, ex.parse(function.name)),
    )


# The dispatch key under which a Python kernel is torch's own decomposition: tracing (and
# eager mode on every device) runs its body, so torch.export records its ATen operators.
COMPOSITE = "CompositeImplicitAutograd"


def composite_kernels(
    ctx: FixContext, op: str
) -> list[tuple[ast.Constant, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """The device types of the Python kernels the file registers for `op` (`"ns::name"`),
    with each kernel: `@torch.library.impl("ns::name", "cpu")` on a function (anywhere in the
    module: under `if not hasattr(torch.ops.ns, ...)` too), `torch.library.impl("ns::name",
    "cpu", fn)` and `lib.impl("name", fn, "CPU")` with `fn` a function of the file. Fake
    kernels and numpy bodies are left out."""
    if ctx.tree is None:
        return []
    namespace, _, name = op.partition("::")
    text = "\n".join(ctx.lines)
    # `lib.impl("name", ...)` names no namespace: the file must make a Library of it.
    has_library = f'"{namespace}"' in text or f"'{namespace}'" in text
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    decorated: dict[int, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for node in ast.walk(ctx.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            functions.setdefault(node.name, node)
            for decorator in node.decorator_list:
                decorated[id(decorator)] = node
    found: list[tuple[ast.Constant, ast.FunctionDef | ast.AsyncFunctionDef]] = []
    for node in ast.walk(ctx.tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "impl"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            continue
        on_library = qualified_name(node.func, ctx.imports, ()) == "torch.library.impl"
        if node.args[0].value != (op if on_library else name) or not (on_library or has_library):
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        if on_library:  # impl(qualname, types, func=None)
            key = node.args[1] if len(node.args) > 1 else keywords.get("types")
            kernel = node.args[2] if len(node.args) > 2 else keywords.get("func")
        else:  # Library.impl(op_name, fn, dispatch_key="")
            key = node.args[2] if len(node.args) > 2 else keywords.get("dispatch_key")
            kernel = node.args[1] if len(node.args) > 1 else keywords.get("fn")
        function = (
            decorated.get(id(node))
            if kernel is None
            else functions.get(kernel.id)
            if isinstance(kernel, ast.Name)
            else None
        )
        if not (
            isinstance(key, ast.Constant)
            and isinstance(key.value, str)
            and key.value != COMPOSITE
            and function is not None
            and not _FAKE_NAME.search(function.name)
            and not body_uses_host(ctx, function)
        ):
            continue
        found.append((key, function))
    return found


def composite_kernel(ctx: FixContext, key: ast.Constant, function_name: str, op: str) -> Fix:
    """`impl("ns::name", "cpu")` -> `impl("ns::name", "CompositeImplicitAutograd")`."""
    quote = "'" if ctx.segment(key).startswith("'") else '"'
    device = key.value if isinstance(key.value, str) else "device"
    return fix(
        f"Register `{function_name}` as the `{COMPOSITE}` kernel of `{op}` instead of a "
        f"`{device}` one: torch.export then traces its torch code (torch.onnx translates "
        "it) and eager mode runs it on every device; right when the kernel is torch code "
        "that works on every device",
        Applicability.UNSAFE,
        *ex.replace(ctx, key, ex.parse(f"{quote}{COMPOSITE}{quote}")),
    )
