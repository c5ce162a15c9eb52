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

from exportlint.analysis.attributes import self_assignments
from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.onnx_decompositions import argument_text, split_call
from exportlint.codemods.size_reads import axis_read
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
    tensor, args, keywords = split_call(
        node, torch_function=api.startswith(("torch.", "F.", "nn."))
    )
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
    elif name == "chunk":
        text = _chunk_slices(ctx, node, tensor, args, keywords)
        condition = (
            "the same wherever the unpacking ran: chunk gives fewer pieces than asked for "
            "some short lengths, the slices always give as many (the last ones empty)"
        )
    elif name in ("max_pool1d", "MaxPool1d"):
        text = _max_pool_2d(ctx, node, torch, layer=name == "MaxPool1d")
        condition = "the same values: a 2-D pool over a height of 1 keeps the length symbolic"
    else:
        raise NotRewritable(f"no closed form of {api} here")
    new = ex.parse(text)
    return fix(
        f"Write it in closed form: `{text}` ({condition})",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )


def rewrite_whole_pool(ctx: FixContext, node: ast.Call, api: str, form: str) -> Fix:
    """`F.max_pool1d(x, x.size(2))` / `kernel_size=x.shape[-1]` (TextCNN's max over time):
    a window as long as the input is a reduction over the last axis, `x.amax(-1,
    keepdim=True)` (form "amax") or `F.adaptive_max_pool1d(x, 1)` ("adaptive"). The 2-D
    pool of the closed form keeps the kernel `x.size(2)`, which export specialises to the
    traced length; a reduction has no kernel."""
    if api.rsplit(".", 1)[-1] != "max_pool1d" or not node.args:
        raise NotRewritable("not F.max_pool1d(x, ...)")
    source = node.args[0]
    given = dict(zip(_POOL_PARAMETERS, node.args[1:]))
    given.update({k.arg: k.value for k in node.keywords if k.arg is not None})
    if len(node.args) > 3 or any(k.arg is None for k in node.keywords):
        raise NotRewritable("more than a kernel and a stride")
    if set(given) - {"kernel_size", "stride"}:
        raise NotRewritable("padding, dilation, ceil_mode or indices")
    kernel = given.get("kernel_size")
    stride = given.get("stride")
    if kernel is None or not _last_size_of(kernel, source):
        raise NotRewritable("the window is not the input's whole length")
    if stride is not None and not (
        _last_size_of(stride, source) or (isinstance(stride, ast.Constant) and stride.value is None)
    ):
        raise NotRewritable("a stride other than the window")
    x = _atom(ctx, source)
    if form == "amax":
        text = f"{x}.amax(dim=-1, keepdim=True)"
    else:
        text = f"{ctx.torch()}.nn.functional.adaptive_max_pool1d({argument_text(ctx, source)}, 1)"
    return fix(
        f"Reduce over the whole length: `{text}` (the same values: the window is the input's "
        "length, so the pool has one output per channel; unsafe: the input must not be empty)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, ex.parse(text)),
    )


def _last_size_of(node: ast.expr, source: ast.expr) -> bool:
    """`x.size(2)`, `x.size(-1)`, `x.shape[2]`, `x.shape[-1]` (a 3-D `(N, C, L)` input's
    length) of the pool's input `x`, a name or an attribute."""
    if not isinstance(source, ast.Name | ast.Attribute):
        return False
    found = axis_read(node)
    if found is None:
        return False
    receiver, index = found
    if ast.dump(receiver) != ast.dump(source):
        return False
    value = (
        index.operand.value
        if (
            isinstance(index, ast.UnaryOp)
            and isinstance(index.op, ast.USub)
            and isinstance(index.operand, ast.Constant)
        )
        else None
    )
    if value == 1:
        return True  # x.size(-1)
    return isinstance(index, ast.Constant) and index.value == 2


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


# max_pool1d's parameters after the input, in order, and the 2-D value of each: the pool runs
# over a height of 1 (kernel 1, stride 1, padding 0, dilation 1 on it).
_POOL_PARAMETERS = ("kernel_size", "stride", "padding", "dilation")
_POOL_HEIGHT = {"kernel_size": "1", "stride": "1", "padding": "0", "dilation": "1"}


def _max_pool_2d(ctx: FixContext, node: ast.Call, torch: str, layer: bool) -> str:
    """`F.max_pool1d(x, k, s, ...)` or `self.pool(x)` (an `nn.MaxPool1d`) ->
    `F.max_pool2d(x.unsqueeze(-2), (1, k), (1, s), ...).squeeze(-2)`."""
    if layer:
        if len(node.args) != 1 or node.keywords:
            raise NotRewritable("not pool(x)")
        source, given = node.args[0], _layer_arguments(ctx, node)
        pool = argument_text(ctx, node.func)
        values = {name: f"{pool}.{name}" for name in _POOL_PARAMETERS if name in given}
        values["ceil_mode"] = f"{pool}.ceil_mode"
    else:
        if not node.args:
            raise NotRewritable("no input")
        source = node.args[0]
        given = {n: v for n, v in zip((*_POOL_PARAMETERS, "ceil_mode"), node.args[1:])}
        given.update({k.arg: k.value for k in node.keywords if k.arg is not None})
        values = {name: argument_text(ctx, v) for name, v in given.items()}
    if set(given) - {*_POOL_PARAMETERS, "ceil_mode"} or len(node.args) > 6:
        raise NotRewritable("max_pool1d returning indices")
    if any(isinstance(v, ast.Tuple | ast.List) for v in given.values()):
        raise NotRewritable("a pool parameter given as a sequence")
    if "kernel_size" not in values:
        raise NotRewritable("no kernel size")
    parts = [f"{_atom(ctx, source)}.unsqueeze(-2)"]
    parts += [
        f"{name}=({_POOL_HEIGHT[name]}, {values[name]})"
        for name in _POOL_PARAMETERS
        if name in values
    ]
    if "ceil_mode" in values:
        parts.append(f"ceil_mode={values['ceil_mode']}")
    return f"{torch}.nn.functional.max_pool2d({', '.join(parts)}).squeeze(-2)"


def _layer_arguments(ctx: FixContext, node: ast.Call) -> dict[str, ast.expr]:
    """The arguments of the one `nn.MaxPool1d(...)` assigned to the layer `self.<name>`."""
    func = node.func
    if not (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "self"
        and ctx.tree is not None
    ):
        raise NotRewritable("a layer that is not an attribute of self")
    assigned = self_assignments(ctx.tree).get(func.attr, [])
    if len(assigned) != 1 or not isinstance(assigned[0], ast.Call):
        raise NotRewritable("the layer is assigned more than once")
    ctor = assigned[0]
    if any(isinstance(a, ast.Starred) for a in ctor.args) or any(
        k.arg is None for k in ctor.keywords
    ):
        raise NotRewritable("a starred argument")
    given = dict(zip((*_POOL_PARAMETERS, "return_indices", "ceil_mode"), ctor.args))
    given.update({k.arg: k.value for k in ctor.keywords if k.arg is not None})
    return given


def _chunk_slices(
    ctx: FixContext,
    node: ast.Call,
    tensor: ast.expr,
    args: list[ast.expr],
    keywords: dict[str, ast.expr],
) -> str:
    """`a, b = x.chunk(2, dim=d)` -> `a, b = (x[:, :c], x[:, c:])` with c = (n + 1) // 2, the
    chunk size of a length n: slices of a symbolic size translate to ONNX."""
    from exportlint.codemods.onnx_decompositions import _int_literal

    parent = ctx.parent(node)
    if not (
        isinstance(parent, ast.Assign)
        and parent.value is node
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Tuple | ast.List)
    ):
        raise NotRewritable("the pieces are not unpacked")
    pieces = _int_literal(keywords.get("chunks", args[0] if args else None))
    dimension = _int_literal(keywords.get("dim", args[1] if len(args) > 1 else ast.Constant(0)))
    if pieces != 2 or dimension is None or len(parent.targets[0].elts) != 2:
        # Measured: three slices of `(n + 2) // 3` make export guard on the last one's size.
        raise NotRewritable("not two halves, unpacked, on a literal axis")
    if set(keywords) - {"chunks", "dim"} or len(args) > 2 or not _sizes_only(tensor):
        raise NotRewritable("the tensor is an expression read several times")
    x = _atom(ctx, tensor)
    size = f"({x}.shape[{dimension}] + {pieces - 1}) // {pieces}"
    bounds = [f":{size}", f"{size}:"]
    lead = ":, " * dimension if dimension >= 0 else "..., "
    tail = ", :" * (-dimension - 1) if dimension < 0 else ""
    return "(" + ", ".join(f"{x}[{lead}{b}{tail}]" for b in bounds) + ")"
