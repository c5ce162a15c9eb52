"""Loops whose trip count is data, not a tensor dimension → `torch._higher_order_ops.while_loop`
(EXL401 for `for _ in range(int(n.item()))`, EXL101 for `while <tensor test>:`).

    h = x                                   def _while_cond(_step, h):
    for _ in range(int(n.item())):              return (_step < n).reshape(())
        h = torch.tanh(self.lin(h))  ->     def _while_body(_step, h):
                                                h = torch.tanh(self.lin(h))
                                                return _step + 1, h.clone(...)
                                            _step, h = torch._higher_order_ops.while_loop(
                                                _while_cond, _while_body,
                                                (torch.tensor(0), h.clone(...)))

    while x.abs().max() > 1:                def _while_cond(x):
        x = x / 2                               return x.abs().max() > 1
                                   ->       def _while_body(x):
                                                x = x / 2
                                                return (x.clone(...),)
                                            (x,) = torch._higher_order_ops.while_loop(...)

The carry: every name the body assigns that exists before the loop (the test's names among
them). A tensor the body writes in place (`buf[i] = v`, `buf.add_(v)`) is carried too, and
copied at the top of the body (while_loop's body must not change its inputs); after the loop
the name holds the result instead of the same object changed in place.

Measured on torch 2.13 (export strict=False, torch.onnx, onnxruntime on unseen sizes and
counts): the counter is a 0-d int64 tensor (a Python int counter makes `x[i]` work inside the
body, but fails as soon as a parameter needing gradients is closed over: "all carried_inputs
must be tensors"); indexing with the tensor counter (`x[i]`) fails ("Could not extract
specialized integer"), so such loops are left to verification; the test must give a
one-element bool (`(i < n).reshape(())` when `n` is a 1-element tensor); a stop read into
Python (`k = n.item()`, then `i < k`) or a carry that is an `.item()` value fails ("captured
completely"), so the test keeps the tensor; closures over submodules and parameters work; a
carry returned unchanged aliases its input (cloned); a carry whose strides differ between the
initial value and the body's result (a view on either side) fails in eager mode too ("Expected
body_fn_output and carried_inputs to have same metadata ... stride"), so both the initial carries
and the returned ones are dense copies, `c.clone(memory_format=torch.contiguous_format)`
(written `c.clone(...)` above).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

import libcst as cst

from exportlint.analysis.kinds import Kind, Value
from exportlint.codemods import NotRewritable, loop_parts
from exportlint.codemods.branches import function_names, loads_in, stored_in
from exportlint.codemods.core import (
    Codemod,
    codemod_for,
    fresh_name,
    indented,
    with_comment,
)
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_UNSAFE = (
    "every step must give the carried values the same shape and dtype; a tensor the body "
    "changed in place is rebound to the loop's result instead"
)

_INPLACE_SKIP = frozenset({"requires_grad_", "retain_grad"})
_DATA_SHAPED = frozenset(
    {"nonzero", "masked_select", "unique", "unique_consecutive", "item", "tolist"}
)
_LIST_METHODS = frozenset({"append", "extend", "insert", "pop", "update", "setdefault", "add"})


@dataclass(frozen=True)
class _Count:
    """A counted loop: `for target in range(start, stop)`."""

    target: str | None  # None for `_` or a name the body never reads
    start: str
    test: str  # the test on the counter, `{counter}` standing for its name


def rewrite_while_loop(
    ctx: FixContext,
    loop: ast.For | ast.While,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        raise NotRewritable("the loop is not inside a function")
    if loop.orelse:
        raise NotRewritable("the loop has an `else`")
    _check_body(loop.body)
    count = _count(ctx, loop) if isinstance(loop, ast.For) else None
    carries = _carries(ctx, loop, env, function, count)
    return _emit(ctx, loop, function, carries, count)


# ----------------------------------------------------------------------------- analysis


def _walk(body: list[ast.stmt]) -> list[ast.AST]:
    """The nodes of a body, not those of functions or classes it defines."""
    found: list[ast.AST] = []
    todo: list[ast.AST] = list(body)
    while todo:
        node = todo.pop()
        found.append(node)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        todo.extend(ast.iter_child_nodes(node))
    return found


def _check_body(body: list[ast.stmt]) -> None:
    for node in _walk(body):
        if isinstance(node, ast.Return | ast.Yield | ast.YieldFrom | ast.Await):
            raise NotRewritable("the loop body returns, yields or awaits")
        if isinstance(node, ast.Global | ast.Nonlocal):
            raise NotRewritable("the loop body declares global/nonlocal names")
        if isinstance(node, ast.Break | ast.Continue) and not loop_parts.in_inner_loop(node, body):
            raise NotRewritable("the loop body breaks or continues")
        if isinstance(node, ast.Raise):
            raise NotRewritable("the loop body raises")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            # while_loop traces its body once for every step: sizes must not depend on data.
            name = node.func.attr
            single_where = name == "where" and len(node.args) == 1 and not node.keywords
            if name in _DATA_SHAPED or single_where:
                raise NotRewritable(f"the loop body computes sizes from data (`{name}`)")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _LIST_METHODS
        ):
            raise NotRewritable(f"the loop body calls `.{node.func.attr}` (a Python container)")
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute):
                    raise NotRewritable("the loop body sets an attribute")


def _count(ctx: FixContext, loop: ast.For) -> _Count:
    it = loop.iter
    if not (
        isinstance(it, ast.Call)
        and isinstance(it.func, ast.Name)
        and it.func.id == "range"
        and 1 <= len(it.args) <= 2
        and not it.keywords
    ):
        raise NotRewritable("the loop is not over `range(stop)` or `range(start, stop)`")
    if not isinstance(loop.target, ast.Name):
        raise NotRewritable("the loop variable is not a plain name")
    start = _text(ctx, it.args[0]) if len(it.args) == 2 else "0"
    stop = it.args[-1]
    tensor = _tensor_of(stop)
    if tensor is not None:
        # A count read out of a tensor: the test keeps the tensor (a Python value read from
        # it cannot be closed over); reshape(()) gives while_loop the one-element bool it needs.
        test = f"({{counter}} < {_atom(_text(ctx, tensor), tensor)}).reshape(())"
    else:
        test = f"{{counter}} < {_atom(_text(ctx, stop), stop)}"
    name = loop.target.id
    used = name != "_" and name in loads_in(loop.body)
    return _Count(target=name if used else None, start=start, test=test)


def _tensor_of(node: ast.expr) -> ast.expr | None:
    """`int(t.item())`, `t.item()`, `int(t)` → `t` (the tensor a count was read from)."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "int"
        and len(node.args) == 1
        and not node.keywords
    ):
        inner = node.args[0]
        return _item_of(inner) or inner
    return _item_of(node)


def _item_of(node: ast.expr) -> ast.expr | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "item"
        and not node.args
        and not node.keywords
    ):
        return node.func.value
    return None


def _text(ctx: FixContext, node: ast.expr) -> str:
    text = ctx.segment(node)
    return text if "\n" not in text else f"({text})"


def _atom(text: str, node: ast.expr) -> str:
    plain = isinstance(node, ast.Name | ast.Attribute | ast.Call | ast.Subscript | ast.Constant)
    return text if plain else f"({text})"


def _written_in_place(body: list[ast.stmt]) -> list[str]:
    """Names the body changes in place: `buf[i] = v`, `buf[i] += v`, `buf.add_(v)`."""
    found: list[str] = []
    for node in _walk(body):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Subscript):
                    base = part.value
                    while isinstance(base, ast.Subscript):
                        base = base.value
                    if isinstance(base, ast.Name):
                        found.append(base.id)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr.endswith("_")
            and not node.func.attr.startswith("_")
            and node.func.attr not in _INPLACE_SKIP
            and isinstance(node.func.value, ast.Name)
        ):
            found.append(node.func.value.id)
    return list(dict.fromkeys(found))


def _carries(
    ctx: FixContext,
    loop: ast.For | ast.While,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    count: _Count | None,
) -> list[str]:
    """The names the loop carries, in the order the body first assigns them."""
    before = _bound_before(function, loop)
    stored = stored_in(loop.body)
    in_place = _written_in_place(loop.body)
    target = (
        loop.target.id if isinstance(loop, ast.For) and isinstance(loop.target, ast.Name) else None
    )
    ordered: list[str] = []
    for node in sorted(
        (n for n in _walk(loop.body) if isinstance(n, ast.Name)),
        key=lambda n: (n.lineno, n.col_offset),
    ):
        name = node.id
        if name == target or name in ordered:
            continue
        if (name in stored and name in before) or name in in_place:
            ordered.append(name)
    for name in in_place:
        if name not in before:
            raise NotRewritable(f"`{name}` is changed in place but not defined before the loop")
    for name in ordered:
        value = env.get(name)
        if value is not None and value.kind is Kind.DATA:
            raise NotRewritable(f"the carried `{name}` is a value read out of a tensor")
        if value is not None and value.is_container:
            raise NotRewritable(f"the carried `{name}` is a container")
    if isinstance(loop, ast.While) and not set(loads_in([ast.Expr(loop.test)])) & set(ordered):
        raise NotRewritable("the body changes none of the names the `while` test reads")
    temporaries = stored - set(ordered)
    if target is not None:
        temporaries.add(target)
    end = loop.end_lineno or loop.lineno
    for later in ast.walk(function):
        if (
            isinstance(later, ast.Name)
            and later.id in temporaries
            and isinstance(later.ctx, ast.Load)
            and later.lineno > end
        ):
            raise NotRewritable(f"`{later.id}` from the last step is read after the loop")
    if not ordered:
        raise NotRewritable("the loop carries no tensor state")
    return ordered


def _bound_before(function: ast.FunctionDef | ast.AsyncFunctionDef, loop: ast.stmt) -> set[str]:
    args = function.args
    names = {
        a.arg
        for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        if a
    }
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Store)
            and (node.lineno, node.col_offset) < (loop.lineno, loop.col_offset)
        ):
            names.add(node.id)
    return names


# ----------------------------------------------------------------------------- emission


class TensorTest(cst.CSTTransformer):
    """A Python test made a tensor one: `not a` → `~(a)`, `a and b` → `(a) & (b)`,
    `t.item()` → `t`, `bool(t)` → `t`."""

    def leave_UnaryOperation(
        self, original: cst.UnaryOperation, updated: cst.UnaryOperation
    ) -> cst.BaseExpression:
        if isinstance(updated.operator, cst.Not):
            return cst.UnaryOperation(
                operator=cst.BitInvert(), expression=_paren(updated.expression)
            )
        return updated

    def leave_BooleanOperation(
        self, original: cst.BooleanOperation, updated: cst.BooleanOperation
    ) -> cst.BaseExpression:
        op: cst.BaseBinaryOp = (
            cst.BitAnd() if isinstance(updated.operator, cst.And) else cst.BitOr()
        )
        return cst.BinaryOperation(
            left=_paren(updated.left), operator=op, right=_paren(updated.right)
        )

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        if isinstance(func, cst.Attribute) and func.attr.value == "item" and not updated.args:
            return func.value
        if isinstance(func, cst.Name) and func.value == "bool" and len(updated.args) == 1:
            return _paren(updated.args[0].value)
        return updated


_AUG: dict[type[cst.BaseAugOp], type[cst.BaseBinaryOp]] = {
    cst.AddAssign: cst.Add, cst.SubtractAssign: cst.Subtract, cst.MultiplyAssign: cst.Multiply,
    cst.DivideAssign: cst.Divide, cst.FloorDivideAssign: cst.FloorDivide,
    cst.ModuloAssign: cst.Modulo, cst.PowerAssign: cst.Power,
    cst.MatrixMultiplyAssign: cst.MatrixMultiply, cst.BitAndAssign: cst.BitAnd,
    cst.BitOrAssign: cst.BitOr, cst.BitXorAssign: cst.BitXor,
    cst.LeftShiftAssign: cst.LeftShift, cst.RightShiftAssign: cst.RightShift,
}  # fmt: skip


class _OutOfPlace(cst.CSTTransformer):
    """`steps += 1` → `steps = steps + 1` for a carried name: `+=` on a tensor changes the
    body's input in place, which while_loop refuses."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def leave_AugAssign(
        self, original: cst.AugAssign, updated: cst.AugAssign
    ) -> cst.BaseSmallStatement:
        target = updated.target
        if not (isinstance(target, cst.Name) and target.value in self.names):
            return updated
        value = cst.BinaryOperation(
            left=target, operator=_AUG[type(updated.operator)](), right=_paren(updated.value)
        )
        return cst.Assign(targets=[cst.AssignTarget(target=target)], value=value)


def _paren(expr: cst.BaseExpression) -> cst.BaseExpression:
    compound = (
        cst.BinaryOperation, cst.BooleanOperation, cst.Comparison, cst.UnaryOperation,
        cst.IfExp, cst.Lambda, cst.NamedExpr,
    )  # fmt: skip
    if not isinstance(expr, compound) or expr.lpar:
        return expr
    return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _header_comments(node: cst.For | cst.While) -> list[str]:
    found: list[str] = []

    class _Comments(cst.CSTVisitor):
        def visit_Comment(self, comment: cst.Comment) -> None:
            found.append(comment.value)

    node.with_changes(body=cst.IndentedBlock(body=[]), leading_lines=[]).visit(_Comments())
    own = Codemod.header_comment(node.body)
    return [*found, own] if own else found


def _emit(
    ctx: FixContext,
    loop: ast.For | ast.While,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    carries: list[str],
    count: _Count | None,
) -> Fix:
    taken = set(function_names(ctx, function).taken)
    cm = codemod_for(ctx, loop)
    node = cm.find(loop, cst.For if isinstance(loop, ast.For) else cst.While)
    assert isinstance(node, cst.For | cst.While)
    torch = ctx.torch()
    cond_name = fresh_name("_while_cond", taken)
    body_name = fresh_name("_while_body", taken)
    counter = fresh_name("_step", taken) if count is not None else None
    params = ([counter] if counter else []) + carries
    signature = ", ".join(params)

    if count is not None:
        test_text = count.test.format(counter=counter)
    else:
        assert isinstance(loop, ast.While)
        test_node = cm.find(loop.test)
        assert isinstance(test_node, cst.BaseExpression)
        changed = test_node.visit(TensorTest())
        assert isinstance(changed, cst.BaseExpression)
        test_text = cm.bare(changed)
    cond_def = cm.statement_from(f"def {cond_name}({signature}):\n    return {test_text}\n", loop)

    lines: list[cst.BaseStatement] = []
    if count is not None and count.target is not None:
        lines.append(cm.statement_from(f"{count.target} = {counter}\n", loop))
    for name in _written_in_place(loop.body):
        # while_loop's body must not change its inputs: change a copy.
        lines.append(cm.statement_from(f"{name} = {name}.clone()\n", loop))
    spelled = _OutOfPlace(set(carries))
    for stmt in loop.body:
        moved = cm.statement(stmt).visit(spelled)
        assert isinstance(moved, cst.BaseStatement)
        lines.append(moved)
    returned = [f"{counter} + 1"] if counter else []
    # Dense copies: `h.clone()` keeps the strides of a view the body computes (`proj(x)[:1, 8:]`
    # gives stride (16, 1)), which differ from the dense initial carry's (8, 1), and
    # while_loop raises in eager mode (measured on torch 2.13).
    returned += [f"{c}.clone(memory_format={torch}.contiguous_format)" for c in carries]
    tuple_text = ", ".join(returned) if len(returned) > 1 else f"({returned[0]},)"
    lines.append(cm.statement_from(f"return {tuple_text}\n", loop))
    footer = list(getattr(node.body, "footer", ()))
    template = cm.statement_from(f"def {body_name}({signature}):\n    pass\n", loop)
    body_def = template.with_changes(body=indented(lines, "", footer))

    # A 0-d int64 counter: a Python int one fails once a parameter needing gradients is
    # closed over ("all carried_inputs must be tensors").
    # The body returns copies (`c.clone()`), which are dense: a carry that starts as a view
    # with other strides (`h = proj(x)[:, :8]`) would differ from them in metadata and
    # while_loop raises, in eager mode too. Start from a dense copy of the view: a copy, not
    # `.contiguous()`, which returns a (1, 8) slice of a (3, 20) tensor as it is (a size-1
    # dimension counts as contiguous whatever its stride), stride (20, 1) against the body's
    # (8, 1), measured on torch 2.13.
    initial = ([f"{torch}.tensor({count.start})"] if count is not None else []) + [
        f"{c}.clone(memory_format={torch}.contiguous_format)" for c in carries
    ]
    initial_text = ", ".join(initial) + ("," if len(initial) == 1 else "")
    bound = ([counter or "_"] if count is not None else []) + carries
    bound_text = ", ".join(bound) if len(bound) > 1 else f"({bound[0]},)"
    text = cm.layout_call(
        loop,
        f"{torch}._higher_order_ops.while_loop",
        [cond_name, body_name, f"({initial_text})"],
        prefix=f"{bound_text} = ",
    )
    call = with_comment(cm.statement_from(text + "\n", loop), " ".join(_header_comments(node)))
    leading = list(node.leading_lines)
    previous = ctx.lines[loop.lineno - 2].strip() if loop.lineno > 1 else ""
    if previous and not leading:
        leading.insert(0, cst.EmptyLine(indent=False))  # the new functions stand apart
    cond_def = cond_def.with_changes(leading_lines=leading)
    edits = cm.edits({loop: [cond_def, body_def, call]})
    carried = ", ".join(f"`{c}`" for c in carries) or "only its counter"
    return fix(
        f"Rewrite the loop with `{torch}._higher_order_ops.while_loop`, carrying {carried} "
        f"({_UNSAFE})",
        Applicability.UNSAFE,
        *edits,
    )
