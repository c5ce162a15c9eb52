"""Rewrites of torch functions whose facts (analysis/tables.py) have a closed form in
operators that export with dynamic sizes and translate to ONNX (EXL304, EXL404).

Measured on torch 2.13 (torch.export with dynamic sizes, torch.onnx, onnxruntime against
eager at an unseen size): each closed form below passes. All are unsafe: each names the
condition under which it computes what the original did. The generated code is parsed text
around the user's arguments; an argument holding a comment is not rewritten (it would be
lost).
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.onnx_decompositions import argument_text, split_call
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

# torch.<name>_window(n): w[k] = a - (1 - a) * cos(2 pi k / N), N = n (periodic) or n - 1.
_COSINE_WINDOWS = {"hann_window": "0.5", "hamming_window": "0.54"}


def _sizes_only(node: ast.expr) -> bool:
    """An expression of names, attributes, subscripts, `.size()` and arithmetic: read twice,
    it gives the same value."""
    for part in ast.walk(node):
        if isinstance(part, ast.Call):
            if not (isinstance(part.func, ast.Attribute) and part.func.attr in ("size", "dim")):
                return False
        elif not isinstance(
            part,
            ast.Name
            | ast.Attribute
            | ast.Subscript
            | ast.Constant
            | ast.BinOp
            | ast.UnaryOp
            | ast.Load
            | ast.operator
            | ast.unaryop
            | ast.Slice,
        ):
            return False
    return True


def rewrite_api(ctx: FixContext, node: ast.Call, api: str) -> Fix:
    """The closed form of `node`, a call of `api` (`torch.hann_window`, `Tensor.hypot`)."""
    torch = ctx.torch()
    name = api.rsplit(".", 1)[-1]
    tensor, args, keywords = split_call(node, torch_function=api.startswith("torch."))
    if name in _COSINE_WINDOWS:
        length = tensor
        if set(keywords) - {"periodic", "dtype", "device"} or len(args) > 1:
            raise NotRewritable("a window with a layout or requires_grad")
        periodic = keywords.get("periodic", args[0] if args else None)
        if periodic is not None and not (
            isinstance(periodic, ast.Constant) and isinstance(periodic.value, bool)
        ):
            raise NotRewritable("periodic is not a literal")
        n = argument_text(ctx, length)
        if periodic is None or periodic.value:
            span = n
        elif _sizes_only(length):
            span = f"({n} - 1)"
        else:
            raise NotRewritable("the length is an expression read twice")
        dtype = keywords.get("dtype")
        options = f"dtype={argument_text(ctx, dtype) if dtype else f'{torch}.get_default_dtype()'}"
        if "device" in keywords:
            options += f", device={argument_text(ctx, keywords['device'])}"
        a = _COSINE_WINDOWS[name]
        b = f"{1 - float(a):.2f}".rstrip("0")
        text = f"{a} - {b} * {torch}.cos(2 * {torch}.pi * {torch}.arange({n}, {options}) / {span})"
        condition = f"the same for lengths above 1 ({name}(1) is [1.0])"
    elif name == "hypot" and len(args) == 1 and not keywords:
        first, second = argument_text(ctx, tensor), argument_text(ctx, args[0])
        text = f"{torch}.sqrt({torch}.square({first}) + {torch}.square({second}))"
        condition = "the same up to rounding; it overflows where the squares do"
    elif name == "cdist" and len(args) == 1 and not keywords:
        rows, columns = _atom(ctx, tensor), _atom(ctx, args[0])
        text = f"{torch}.sqrt((({rows}.unsqueeze(-2) - {columns}.unsqueeze(-3)) ** 2).sum(-1))"
        condition = "the same up to rounding for p=2; it holds every pairwise difference in memory"
    elif name == "masked_select" and len(args) == 1 and not keywords:
        text = f"{_atom(ctx, tensor)}[{argument_text(ctx, args[0])}]"
        condition = "the same when the mask has the tensor's shape (no broadcasting)"
    else:
        raise NotRewritable(f"no closed form of {api} here")
    new = ex.parse(text)
    return fix(
        f"Write it in closed form: `{text}` ({condition})",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )


def _atom(ctx: FixContext, node: ast.expr) -> str:
    """The user's code for `node`, parenthesised when `.attr` after it would bind to a part."""
    return cst.Module(body=[]).code_for_node(ex.atom(ex.parse(argument_text(ctx, node))))


def rewrite_map_as_vmap(ctx: FixContext, node: ast.Call) -> Fix:
    """`map(f, xs, *args)` (torch's higher-order map over xs's first dimension, args passed
    whole) -> `torch.vmap(f, in_dims=(0, None, ...))(xs, *args)`: vmap is traced into batched
    operators, which torch.onnx translates."""
    if node.keywords or len(node.args) < 2:
        raise NotRewritable("not map(f, xs, *args)")
    if any(isinstance(a, ast.Starred) for a in node.args):
        raise NotRewritable("a starred argument")
    if _calls_unbatchable(ctx, node.args[0]):
        raise NotRewritable(
            "the mapped function computes a loss, whose vmap batching fixes the mapped size"
        )
    torch = ctx.torch()
    function, *operands = (argument_text(ctx, a) for a in node.args)
    in_dims = "" if len(operands) == 1 else f", in_dims=(0{', None' * (len(operands) - 1)})"
    text = f"{torch}.vmap({function}{in_dims})({', '.join(operands)})"
    return fix(
        f"Map with torch.vmap: `{text}` (the same when the function is a pure tensor "
        "function: no `.item()`, no Python branch on data, no in-place write to its inputs)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, ex.parse(text)),
    )


# Measured on torch 2.13: under vmap these fix the size of the mapped dimension (export:
# Constraints violated), so a map whose function calls them is not rewritten.
_UNBATCHABLE = frozenset({"cross_entropy", "nll_loss", "CrossEntropyLoss", "NLLLoss"})


def _calls_unbatchable(ctx: FixContext, function: ast.expr) -> bool:
    """`function` (a lambda, or the name of a function defined in the file) calls one of
    `_UNBATCHABLE`."""
    bodies: list[ast.AST] = []
    if isinstance(function, ast.Lambda):
        bodies.append(function)
    elif isinstance(function, ast.Name) and ctx.tree is not None:
        bodies.extend(
            d
            for d in ast.walk(ctx.tree)
            if isinstance(d, ast.FunctionDef | ast.AsyncFunctionDef) and d.name == function.id
        )
    for body in bodies:
        for part in ast.walk(body):
            if isinstance(part, ast.Call):
                callee = part.func
                name = (
                    callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
                )
                if name in _UNBATCHABLE:
                    return True
    return False
