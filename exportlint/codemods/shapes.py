"""Shape arithmetic (EXL301, EXL302): float and numpy math on sizes -> integer arithmetic.

Every form here was exported and run in onnxruntime on sizes not used for tracing (torch
2.13): `n // k` for `int(n / k)`, `(n + k - 1) // k` and `math.ceil(n / k)` for
`int(np.ceil(n / k))` (not `-(-n // k)`: torch.onnx lowers `//` on sizes to a truncating Div),
`(n + (n // 2) % 2) // 2` for `round(n / 2)` (round() rounds halves to even), `n ** 0.5` for
`math.sqrt(n)`, `torch.tensor(n)` for `torch.as_tensor(n)` and `torch.cat` of `torch.full`
pieces for `F.pad(..., value=n)`.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.diagnostics import Applicability, Edit, Fix
from exportlint.fixes import FixContext, fix, import_edit


def _arith(text: str, **parts: cst.BaseExpression) -> cst.BaseExpression:
    """Parse an arithmetic template (`(a + k - 1) // k`) and put the user's expressions in
    place of its placeholder names."""
    template = ex.parse(text)

    class _Fill(cst.CSTTransformer):
        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
            found = parts.get(original_node.value)
            return updated_node if found is None else ex.atom(found.deep_clone())

    filled = template.visit(_Fill())
    assert isinstance(filled, cst.BaseExpression)
    return filled


def _edits(ctx: FixContext, node: ast.expr, text: str, **parts: ast.expr) -> tuple[Edit, ...]:
    return ex.replace(ctx, node, _arith(text, **{k: ex.node_of(ctx, v) for k, v in parts.items()}))


def floor_division(ctx: FixContext, node: ast.Call, left: ast.expr, divisor: int) -> Fix:
    """`int(n / 4)`, `int(n * 0.25)` -> `n // 4` (a size is >= 0: truncation is floor)."""
    text = f"{ctx.atom(left)} // {divisor}"
    return fix(
        f"Replace with integer division `{text}`",
        Applicability.SAFE,
        *_edits(ctx, node, f"_a // {divisor}", _a=left),
    )


def integer_division(
    ctx: FixContext, cast: ast.Call, numerator: ast.expr, divisor: ast.expr, proven: bool
) -> Fix:
    """`int(a * w / h)` -> `a * w // h`: for non-negative ints below 2**53 the float quotient
    truncates to the floor (it never rounds up across an integer)."""
    left = ex.node_of(ctx, numerator)
    same_level = (ast.Mult, ast.Div, ast.FloorDiv, ast.Mod)
    if not (isinstance(numerator, ast.BinOp) and isinstance(numerator.op, same_level)):
        left = ex.atom(left)  # `a * w // h` needs none: the operators bind left to right
    new = cst.BinaryOperation(
        left=left, operator=cst.FloorDivide(), right=ex.atom(ex.node_of(ctx, divisor))
    )
    shown = cst.Module(body=[]).code_for_node(new)
    condition = "" if proven else " (exact when both sides are non-negative ints)"
    return fix(
        f"Replace with integer division `{shown}`{condition}",
        Applicability.SAFE if proven else Applicability.UNSAFE,
        *ex.replace(ctx, cast, new),
    )


def ceil_division(
    ctx: FixContext, cast: ast.Call, numerator: ast.expr, divisor: ast.expr, ceil: bool,
    literal: bool,
) -> Fix:  # fmt: skip
    """`int(np.ceil(n / k))` -> `(n + k - 1) // k`; `int(np.floor(n / k))` -> `n // k`."""
    template = "(_a + _k - 1) // _k" if ceil else "_a // _k"
    a, k = ctx.atom(numerator), ctx.segment(divisor)
    shown = f"({a} + {k} - 1) // {k}" if ceil else f"{a} // {k}"
    return fix(
        f"Replace with integer arithmetic `{shown}`"
        + ("" if literal else f" (exact when `{k}` is a positive int)"),
        Applicability.SAFE if literal else Applicability.UNSAFE,
        *_edits(ctx, cast, template, _a=numerator, _k=divisor),
    )


def math_instead_of_numpy(ctx: FixContext, cast: ast.Call, function: str, arg: ast.expr) -> Fix:
    """`int(np.ceil(v))` -> `math.ceil(v)`: the same int for every finite float."""
    alias = ctx.module_alias("math") or "math"
    edits = list(ex.replace(ctx, cast, ex.call(f"{alias}.{function}", ex.node_of(ctx, arg))))
    if ctx.module_alias("math") is None:
        added = import_edit(ctx, "math")
        if added is not None:
            edits.append(added)
    return fix(
        f"Replace with `{alias}.{function}({ctx.segment(arg)})` (exact)", Applicability.SAFE,
        *edits,
    )  # fmt: skip


def rounded_division(ctx: FixContext, node: ast.Call, numerator: ast.expr, divisor: int) -> Fix:
    """`round(n / k)` of an int n -> integer arithmetic (exact for odd k and for k == 2)."""
    a = ctx.atom(numerator)
    half = divisor // 2
    template, shown = f"(_a + {half}) // {divisor}", f"({a} + {half}) // {divisor}"
    label, why = Applicability.SAFE, "exact"  # an odd divisor never leaves an exact half
    if divisor == 2:
        # round() rounds halves to even: (n + (n // 2) % 2) // 2 does the same.
        template, shown = "(_a + (_a // 2) % 2) // 2", f"({a} + ({a} // 2) % 2) // 2"
    elif divisor % 2 == 0:
        label, why = Applicability.UNSAFE, "rounds halves up; round() rounds them to even"
    return fix(f"Replace with `{shown}` ({why})", label, *_edits(ctx, node, template, _a=numerator))


def square_root(ctx: FixContext, node: ast.Call, arg: ast.expr) -> Fix:
    """`math.sqrt(n)` -> `n ** 0.5`."""
    base = ex.node_of(ctx, arg)
    if not isinstance(arg, ast.Name | ast.Attribute | ast.Subscript | ast.Call | ast.Constant):
        base = ex.parenthesized(base)
    power = cst.BinaryOperation(left=base, operator=cst.Power(), right=cst.Float("0.5"))
    alone = _alone_for_power(ctx, node)
    text = cst.Module(body=[]).code_for_node(power)
    return fix(
        f"Replace with `{text if alone else f'({text})'}` (may differ from math.sqrt in the "
        "last bit)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, power, alone=alone),
    )


def tensor_math(ctx: FixContext, node: ast.Call, arg: ast.expr, function: str) -> Fix:
    """`math.log(n)` -> `torch.log(torch.tensor(n, dtype=torch.float64))`: computed in the
    graph from the symbolic size (torch.tensor of a size is fine; math.* specialises it)."""
    torch = ctx.torch()
    made = cst.Call(
        func=ex.parse(f"{torch}.tensor"),
        args=[
            cst.Arg(
                value=ex.node_of(ctx, arg),
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
            ),
            ex.keyword_arg("dtype", ex.parse(f"{torch}.float64")),
        ],
    )
    new = ex.call(f"{torch}.{function}", made)
    shown = cst.Module(body=[]).code_for_node(new)
    return fix(
        f"Compute it in the graph: `{shown}` (a 0-d tensor where math.{function} gave a "
        "Python float: an `int()`, an `if` or another math.* on it needs the number)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )


def _alone_for_power(ctx: FixContext, node: ast.expr) -> bool:
    """`a ** b` binds tighter than everything but unary minus, `**` itself and attribute
    access, calls and subscripts on it."""
    parent = ctx.parent(node)
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Pow):
        return False
    if isinstance(parent, ast.UnaryOp):
        return False
    if isinstance(parent, ast.Attribute | ast.Subscript | ast.Call):
        return getattr(parent, "func", getattr(parent, "value", None)) is not node
    return True


def drop(
    ctx: FixContext, node: ast.Call, arg: ast.expr, description: str,
    applicability: Applicability = Applicability.SAFE,
) -> Fix:  # fmt: skip
    """`int(n)` -> `n` (an int already), `float(n / k)` -> `n / k` (a float already)."""
    return fix(description, applicability, *ex.replace(ctx, node, ex.node_of(ctx, arg)))


def as_tensor_to_tensor(ctx: FixContext, node: ast.Call) -> Fix:
    torch = ctx.torch()
    return fix(
        f"Replace `torch.as_tensor` with `{torch}.tensor`",
        Applicability.SAFE,
        *ex.replace(ctx, node.func, ex.parse(f"{torch}.tensor")),
    )


def pad_with_cat(
    ctx: FixContext, node: ast.Call, x: str, sizes: tuple[int, int], value: ast.expr
) -> Fix:
    """`F.pad(x, (l, r), value=n)` -> `torch.cat` of `torch.full` pieces on the last axis."""
    n = ctx.segment(value)
    torch = ctx.torch()
    pieces = [
        f"{torch}.full((*{x}.shape[:-1], {size}), {n}, dtype={x}.dtype, device={x}.device)"
        if size
        else ""
        for size in sizes
    ]
    parts = [p for p in (pieces[0], x, pieces[1]) if p]
    indent = ctx.indent_of(node.lineno)
    before = ctx.lines[node.lineno - 1][len(indent) : ctx.start(node)[1] - 1]
    # Laid out as black would for its column, at indentation zero: libcst adds the block's.
    text = ex.codemod(ctx, node).layout_call(
        node, f"{torch}.cat", [f"[{', '.join(parts)}]", "dim=-1"], prefix=before
    )[len(before) :]
    return fix(
        f"Replace `F.pad(..., value={n})` with `torch.cat` of `torch.full` pieces",
        Applicability.SAFE,
        *ex.replace(ctx, node, ex.parse(text)),
    )


def torch_arange(ctx: FixContext, made: ast.Call, numpy_call: ast.Call, torch: str) -> Fix:
    """`torch.from_numpy(np.arange(n))` -> `torch.arange(n)` (the same int64 values)."""
    original = ex.node_of(ctx, numpy_call)
    if not isinstance(original, cst.Call):
        raise NotRewritable("the call could not be located in the syntax tree")
    new = original.with_changes(func=ex.parse(f"{torch}.arange"))
    return fix(
        f"Replace with `{torch}.arange(...)` (the same int64 values, built in the graph)",
        Applicability.SAFE,
        *ex.replace(ctx, made, new),
    )


# Float dtypes (by their torch name) a linspace made with arange can have: an integer dtype
# truncates linspace's values, which arange-times-step does not.
_FLOAT_DTYPES = frozenset({"float", "float16", "float32", "float64", "double", "half", "bfloat16"})


def linspace_by_arange(ctx: FixContext, node: ast.Call, log: bool) -> Fix:
    """`torch.linspace(start, end, steps, dtype=..., device=...)` with a dynamic `steps` ->
    `start + torch.arange(steps, ...) * ((end - start) / torch.sym_max(steps - 1, 1))`
    (`torch.logspace`: `base ** (...)` of it). arange takes a symbolic count where linspace
    bakes it; `sym_max` keeps `steps == 1` (linspace gives `[start]`) from dividing by zero.
    The values equal linspace's up to float rounding (linspace computes its second half from
    `end`), hence unsafe: --fix --verify compares them."""
    names = ["start", "end", "steps"]
    parts: dict[str, ast.expr] = {}
    for position, arg in enumerate(node.args):
        if isinstance(arg, ast.Starred) or position >= len(names):
            raise NotRewritable("linspace called with unpacked or extra arguments")
        parts[names[position]] = arg
    kept: list[ast.keyword] = []
    base: ast.expr | None = None
    for keyword in node.keywords:
        if keyword.arg in names and keyword.arg not in parts:
            parts[keyword.arg] = keyword.value
        elif keyword.arg == "base" and log:
            base = keyword.value
        elif keyword.arg in ("dtype", "device", "requires_grad"):
            if keyword.arg == "dtype" and _integer_dtype(keyword.value):
                raise NotRewritable("an integer dtype truncates linspace's values")
            kept.append(keyword)
        else:
            raise NotRewritable(f"`{keyword.arg}=` has no arange counterpart here")
    if len(parts) != 3:
        raise NotRewritable("linspace without start, end and steps")
    torch = ctx.torch()
    extra: list[cst.Arg] = []
    if not any(k.arg == "dtype" for k in kept):
        # linspace's default dtype; an int64 arange times a symbolic float does not convert
        # to ONNX (measured: "float() argument must be ... not 'SymbolicTensor'").
        extra.append(ex.keyword_arg("dtype", ex.parse(f"{torch}.get_default_dtype()")))
    arange = cst.Call(
        func=ex.parse(f"{torch}.arange"),
        args=_comma_separated(
            [
                cst.Arg(value=ex.node_of(ctx, parts["steps"]).deep_clone()),
                *(ex.keyword_arg(str(k.arg), ex.node_of(ctx, k.value).deep_clone()) for k in kept),
                *extra,
            ]
        ),
    )
    start, end = ex.node_of(ctx, parts["start"]), ex.node_of(ctx, parts["end"])
    count = _binary(ex.node_of(ctx, parts["steps"]), cst.Subtract(), cst.Integer("1"))
    step = _binary(
        ex.parenthesized(_binary(end, cst.Subtract(), start)),
        cst.Divide(),
        cst.Call(
            func=ex.parse(f"{torch}.sym_max"),
            args=_comma_separated([cst.Arg(count), cst.Arg(cst.Integer("1"))]),
        ),
    )
    ramp = _binary(start, cst.Add(), _binary(arange, cst.Multiply(), ex.parenthesized(step)))
    new = ramp
    if log:
        exponent = ex.parenthesized(ramp)
        new = _binary(
            ex.node_of(ctx, base) if base is not None else cst.Float("10.0"),
            cst.Power(),
            exponent,
        )
    function = "logspace" if log else "linspace"
    return fix(
        f"Build the ramp with `{torch}.arange(steps)`: `{function}` bakes a dynamic number of "
        f"steps, arange keeps it symbolic (equal to {function} up to float rounding, for a "
        "float dtype)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
    )


def _integer_dtype(node: ast.expr) -> bool:
    """A dtype written as a torch attribute that is not a float one (`torch.int64`); a dtype
    read from a tensor (`x.dtype`) is taken for a float: the fix is unsafe anyway."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.attr != "dtype"
        and node.attr not in _FLOAT_DTYPES
    )


# How tightly the binary operators bind (Python's grammar): an operand binding less tightly
# than its operator needs parentheses (on the right, also one binding as tightly).
_BINDING: dict[type[cst.BaseBinaryOp], int] = {
    cst.BitOr: 1, cst.BitXor: 2, cst.BitAnd: 3, cst.LeftShift: 4, cst.RightShift: 4,
    cst.Add: 5, cst.Subtract: 5, cst.Multiply: 6, cst.Divide: 6, cst.FloorDivide: 6,
    cst.Modulo: 6, cst.MatrixMultiply: 6, cst.Power: 8,
}  # fmt: skip


def _binding(node: cst.BaseExpression) -> int:
    if node.lpar:
        return 10
    if isinstance(node, cst.BinaryOperation):
        return _BINDING[type(node.operator)]
    if isinstance(node, cst.UnaryOperation):
        return 0 if isinstance(node.operator, cst.Not) else 7
    if isinstance(node, cst.BooleanOperation | cst.Comparison | cst.IfExp | cst.Lambda):
        return 0
    if isinstance(node, cst.NamedExpr | cst.Await) or (
        isinstance(node, cst.Tuple) and not node.lpar
    ):
        return 0
    return 10


def _binary(
    left: cst.BaseExpression, operator: cst.BaseBinaryOp, right: cst.BaseExpression
) -> cst.BinaryOperation:
    """`left op right` with the user's expressions, parenthesised only where Python needs
    it (`height - 0.5 - 0.5`, not `(height - 0.5) - 0.5`)."""
    strength = _BINDING[type(operator)]
    left, right = left.deep_clone(), right.deep_clone()
    if _binding(left) < strength or (strength == 8 and _binding(left) == 8):
        left = ex.parenthesized(left)
    if _binding(right) <= strength and not (strength == 8 and _binding(right) >= 7):
        right = ex.parenthesized(right)
    return cst.BinaryOperation(
        left=left,
        operator=operator.with_changes(
            whitespace_before=cst.SimpleWhitespace(" "), whitespace_after=cst.SimpleWhitespace(" ")
        ),
        right=right,
    )


def _comma_separated(args: list[cst.Arg]) -> list[cst.Arg]:
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return [a if i == len(args) - 1 else a.with_changes(comma=comma) for i, a in enumerate(args)]


# Expressions whose value is read, not computed: written twice, they are evaluated twice to
# the same value (`x.shape[1]`, `self.hop`, `n`, `x.size(-1)`).
def _pure(node: ast.expr) -> bool:
    if isinstance(node, ast.Name | ast.Constant):
        return True
    if isinstance(node, ast.Attribute):
        return _pure(node.value)
    if isinstance(node, ast.Subscript):
        return _pure(node.value) and _pure(node.slice)
    if isinstance(node, ast.UnaryOp):
        return _pure(node.operand)
    if isinstance(node, ast.BinOp):
        return _pure(node.left) and _pure(node.right)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("size", "dim")
        and not node.keywords
        and all(isinstance(a, ast.Constant | ast.UnaryOp) for a in node.args)
        and _pure(node.func.value)
    )


def divmod_pair(ctx: FixContext, node: ast.Call) -> Fix:
    """`divmod(n, k)` -> `(n // k, n % k)`: the same pair for ints and floats (Python's
    floor division is divmod's quotient), and symbolic sizes support both operators."""
    if len(node.args) != 2 or node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        raise NotRewritable("not `divmod(a, b)`")
    left, right = node.args
    if not (_pure(left) and _pure(right)):
        raise NotRewritable("an operand is computed (it would be computed twice)")
    return fix(
        f"Compute the pair as `({ctx.atom(left)} // {ctx.atom(right)}, "
        f"{ctx.atom(left)} % {ctx.atom(right)})`",
        Applicability.SAFE,
        *_edits(ctx, node, "(_a // _b, _a % _b)", _a=left, _b=right),
    )


def negated_floor_division(ctx: FixContext, node: ast.BinOp, negated: bool) -> Fix:
    """`-(-n // k)` (`negated`: the whole expression) -> `(n + k - 1) // k`, and `-n // k`
    -> `-((n + k - 1) // k)`: floor(-n / k) is -ceil(n / k) for a positive int k, and the
    size is never divided negative (torch.onnx truncates that toward zero)."""
    if not (isinstance(node.left, ast.UnaryOp) and isinstance(node.left.op, ast.USub)):
        raise NotRewritable("not `-n // k`")
    size, divisor = node.left.operand, node.right
    if not _pure(divisor):
        raise NotRewritable("the divisor is computed (it would be computed twice)")
    literal = isinstance(divisor, ast.Constant) and type(divisor.value) is int and divisor.value > 0
    a, k = ctx.atom(size), ctx.atom(divisor)
    ceil = f"({a} + {k} - 1) // {k}"
    shown, template = (ceil, "(_a + _k - 1) // _k") if negated else (
        f"-({ceil})", "-((_a + _k - 1) // _k)"
    )  # fmt: skip
    target: ast.expr = ctx.parent(node) if negated else node  # type: ignore[assignment]
    return fix(
        f"Replace with `{shown}`, which divides the size before negating"
        + ("" if literal else f" (exact when `{k}` is a positive int)"),
        Applicability.SAFE if literal else Applicability.UNSAFE,
        *_edits(ctx, target, template, _a=size, _k=divisor),
    )
