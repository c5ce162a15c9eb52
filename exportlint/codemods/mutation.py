"""In-place changes of forward arguments, computed out of place (EXL501, and EXL202 for writes
through `.data`).

    x.add_(y)           ->  x = x.add(y)
    x += 1              ->  x = x + 1
    x[:, 0] = 0         ->  x = x.clone()
                            x[:, 0] = 0
    x.data[0, 0] = 3    ->  (the same: `.data` is the tensor itself, written without autograd)

The program computes the same outputs; what changes is that the caller's tensor is no longer
modified (which the ONNX model never did), and an out-of-place op may promote a dtype or
broadcast where the in-place one could not: hence `unsafe`. Measured on torch 2.13: export,
ONNX and onnxruntime match the original eager outputs (rules/EXL501-input-mutation/fixed_*).
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

UNSAFE = (
    "the caller's tensor is no longer changed, and out-of-place ops may promote the dtype or "
    "broadcast where the in-place one kept them"
)


def _small(ctx: FixContext, stmt: ast.stmt) -> tuple[cst.SimpleStatementLine, cst.CSTNode]:
    line = ex.statement(ctx, stmt)
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
        raise NotRewritable("the statement shares its line with others")
    return line, line.body[0]


def method(ctx: FixContext, stmt: ast.Expr, name: str, out_of_place: str) -> Fix:
    """`x.add_(y)` (or `x.data.add_(y)`) -> `x = x.add(y)`."""
    line, small = _small(ctx, stmt)
    if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)):
        raise NotRewritable("not a call statement")
    call = small.value
    if not isinstance(call.func, cst.Attribute):
        raise NotRewritable("not a method call")
    new_call = call.with_changes(
        func=call.func.with_changes(value=cst.Name(name), attr=cst.Name(out_of_place))
    )
    assign = cst.Assign(targets=[cst.AssignTarget(target=cst.Name(name))], value=new_call)
    return fix(
        f"Compute out of place: `{name} = {name}.{out_of_place}(...)` ({UNSAFE})",
        Applicability.UNSAFE,
        *ex.replace_statement(ctx, stmt, [line.with_changes(body=[assign])]),
    )


def augmented(ctx: FixContext, stmt: ast.AugAssign, name: str) -> Fix:
    """`x += v` (or `x.data += v`) -> `x = x + v`."""
    line, small = _small(ctx, stmt)
    if not isinstance(small, cst.AugAssign):
        raise NotRewritable("not an augmented assignment")
    operator_name = type(small.operator).__name__.removesuffix("Assign")
    operator = getattr(cst, operator_name, None)
    if operator is None:
        raise NotRewritable(f"no binary operator for {operator_name}")
    value = small.value
    if isinstance(value, cst.BinaryOperation | cst.BooleanOperation | cst.Comparison | cst.IfExp):
        value = ex.parenthesized(value)
    binary = cst.BinaryOperation(left=cst.Name(name), operator=operator(), right=value)
    assign = cst.Assign(targets=[cst.AssignTarget(target=cst.Name(name))], value=binary)
    shown = cst.Module(body=[]).code_for_node(assign)
    return fix(
        f"Compute out of place: `{shown}` ({UNSAFE})",
        Applicability.UNSAFE,
        *ex.replace_statement(ctx, stmt, [line.with_changes(body=[assign])]),
    )


def into_copy(ctx: FixContext, stmt: ast.stmt, name: str) -> Fix:
    """`x[i] = v` (or `x.data[i] = v`, `x[i] += v`) -> `x = x.clone()` then the assignment
    (to `x`): the copy is a local tensor, which export may change in place."""
    line, small = _small(ctx, stmt)
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        if not isinstance(target, cst.Subscript):
            raise NotRewritable("not an item assignment")
        small = small.with_changes(
            targets=[
                small.targets[0].with_changes(target=target.with_changes(value=cst.Name(name)))
            ]
        )
    elif isinstance(small, cst.AugAssign) and isinstance(small.target, cst.Subscript):
        small = small.with_changes(target=small.target.with_changes(value=cst.Name(name)))
    else:
        raise NotRewritable("not an item assignment")
    copy = ex.line(ctx, f"{name} = {name}.clone()", stmt)
    # Comments above the statement stay above the new first line.
    copy = copy.with_changes(leading_lines=line.leading_lines)
    changed = line.with_changes(body=[small], leading_lines=[])
    return fix(
        f"Write into a copy: `{name} = {name}.clone()` before the item assignment ({UNSAFE})",
        Applicability.UNSAFE,
        *ex.replace_statement(ctx, stmt, [copy, changed]),
    )


def copy_first(ctx: FixContext, stmt: ast.stmt, name: str) -> Fix:
    """`x.fill_(0)` -> `x = x.clone()` then `x.fill_(0)`: the in-place method changes a local
    copy, which export may change in place (any method, with or without an out-of-place
    twin)."""
    line, _ = _small(ctx, stmt)
    copy = ex.line(ctx, f"{name} = {name}.clone()", stmt)
    copy = copy.with_changes(leading_lines=line.leading_lines)
    return fix(
        f"Change a copy: `{name} = {name}.clone()` before the in-place call ({UNSAFE})",
        Applicability.UNSAFE,
        *ex.replace_statement(ctx, stmt, [copy, line.with_changes(leading_lines=[])]),
    )


def drop_inplace(ctx: FixContext, constructor: ast.Call, attribute: str) -> Fix:
    """`self.act = nn.ReLU(inplace=True)` -> `nn.ReLU()`: the module computes the same values
    out of place (it only stops reusing its input's memory)."""
    original = ex.node_of(ctx, constructor)
    if not isinstance(original, cst.Call):
        raise NotRewritable("the constructor could not be located in the syntax tree")
    new = _without_inplace(original)
    return fix(
        f"Build `self.{attribute}` without `inplace=True` ({UNSAFE}; other calls of "
        f"`self.{attribute}` stop changing their argument too)",
        Applicability.UNSAFE,
        *ex.codemod(ctx, constructor).edits({constructor: new}),
    )


def drop_inplace_keyword(ctx: FixContext, call: ast.Call) -> Fix:
    """`F.relu(x, inplace=True)` -> `F.relu(x)`."""
    original = ex.node_of(ctx, call)
    if not isinstance(original, cst.Call):
        raise NotRewritable("the call could not be located in the syntax tree")
    return fix(
        f"Drop `inplace=True` ({UNSAFE})",
        Applicability.UNSAFE,
        *ex.replace(ctx, call, _without_inplace(original)),
    )


def _without_inplace(call: cst.Call) -> cst.Call:
    """The call without its `inplace=` keyword (no comma left dangling after the last
    argument): a module or function that computes the same values out of place."""
    kept = [a for a in call.args if not (a.keyword is not None and a.keyword.value == "inplace")]
    if kept:
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return call.with_changes(args=kept)


def clone_argument(ctx: FixContext, argument: ast.expr) -> Fix:
    """`self.act(x)` -> `self.act(x.clone())`: the in-place module changes a copy."""
    new = ex.method(ex.node_of(ctx, argument), "clone")
    return fix(
        f"Pass a copy: `{ctx.atom(argument)}.clone()` ({UNSAFE})",
        Applicability.UNSAFE,
        *ex.replace(ctx, argument, new),
    )


def chain(
    ctx: FixContext, outer: ast.Call, calls: list[ast.Call], stmt: ast.stmt, name: str, kept: bool
) -> Fix:
    """A chain of in-place methods on the argument `name` (`x.sub_(m).div_(s)`, `calls`
    innermost first, `outer` the last), each with an out-of-place twin, computed out of place:
    `x = x.sub(m).div(s)` for a statement of its own whose `x` is read afterwards (`kept`),
    the chain's value otherwise (`return x.sub(m).div(s)`: the same values, a new tensor)."""
    cm = ex.codemod(ctx, stmt)
    renamed: dict[ast.AST, cst.CSTNode] = {}
    for call in calls:
        found = cm.find(call, cst.Call)
        if not (isinstance(found, cst.Call) and isinstance(found.func, cst.Attribute)):
            raise NotRewritable("the call could not be located in the syntax tree")
        renamed[call] = found
    new: cst.BaseExpression | None = None
    for call in calls:  # innermost first: each wraps the one before
        found = renamed[call]
        assert isinstance(found, cst.Call) and isinstance(found.func, cst.Attribute)
        receiver = found.func.value if new is None else new
        if new is None and isinstance(receiver, cst.Attribute) and receiver.attr.value == "data":
            receiver = receiver.value  # `x.data.add_(y)` changes `x`
        attr = found.func.attr.value.removesuffix("_")
        new = found.with_changes(func=found.func.with_changes(value=receiver, attr=cst.Name(attr)))
    assert new is not None
    shown = ".".join(f"{c.func.attr.removesuffix('_')}(...)" for c in calls)  # type: ignore[attr-defined]
    if kept:
        line, small = _small(ctx, stmt)
        if not (isinstance(small, cst.Expr) and isinstance(stmt, ast.Expr) and stmt.value is outer):
            raise NotRewritable("the chain is not a statement of its own")
        assign = cst.Assign(targets=[cst.AssignTarget(target=cst.Name(name))], value=new)
        return fix(
            f"Compute out of place: `{name} = {name}.{shown}` ({UNSAFE})",
            Applicability.UNSAFE,
            *ex.replace_statement(ctx, stmt, [line.with_changes(body=[assign])]),
        )
    return fix(
        f"Compute out of place: `{name}.{shown}` gives the same values as a new tensor ({UNSAFE})",
        Applicability.UNSAFE,
        *cm.edits({outer: new}),
    )
