"""What every EXL401 loop rewrite reads off a `for` loop, and the body function it writes.

The loop families (`loops` → simple_loop_for, `row_loops`, `scatter_loops`, `scan_loops`,
`carry_loops`, `fill_loops`) each recognise their own kind of loop, but they ask the same
questions of it: is it in a function, which block holds it, what does it iterate into, which
list does it append to and where was that list created, where does the list go afterwards,
which names does a step carry to the next. They also write the same things: a nested
`def _loop_body(...)` holding the moved statements, and a call of `simple_loop_for` carrying
the `for` header's comments. One answer to each question lives here, so a fix to one (a
comment kept, a case refused) reaches every family.

Only `ast` decisions and libcst building blocks: nothing here knows which family calls it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence

import libcst as cst

from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Kind, Value
from exportlint.codemods import NotRewritable
from exportlint.codemods.branches import function_names, loads_in, stored_in
from exportlint.codemods.core import Codemod, fresh_name, indented
from exportlint.fixes import FixContext

# ----------------------------------------------------------------------------- the loop


def plain_loop_in_function(
    loop: ast.For, function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None
) -> ast.FunctionDef | ast.AsyncFunctionDef:
    """The function a loop rewrite adds its body function to; refuses a loop outside one and
    a loop with an `else` (no rewrite keeps what it runs)."""
    if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        raise NotRewritable("the loop is not inside a function")
    if loop.orelse:
        raise NotRewritable("the loop has an `else`")
    return function


def block_of(
    ctx: FixContext, loop: ast.For, function: ast.FunctionDef | ast.AsyncFunctionDef
) -> list[ast.stmt]:
    """The statement list holding the loop (statements before it may be removed with it)."""
    parent = ctx.parent(loop)
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and any(s is loop for s in block):
            return block
    raise NotRewritable("the loop is in an unusual place")


def comprehension_over(
    ctx: FixContext, iterable: ast.expr
) -> tuple[ast.comprehension, ast.ListComp | ast.GeneratorExp, ast.AST | None] | None:
    """The comprehension that iterates `iterable` in its only `for`, with no `if`: its
    generator, the comprehension and what holds it (the call it is handed to, say); None
    for any other place of `iterable`."""
    generator = ctx.parent(iterable)
    comprehension = ctx.parent(generator) if generator is not None else None
    if not (
        isinstance(generator, ast.comprehension)
        and generator.iter is iterable
        and not generator.ifs
        and isinstance(comprehension, ast.ListComp | ast.GeneratorExp)
        and len(comprehension.generators) == 1
    ):
        return None
    return generator, comprehension, ctx.parent(comprehension)


def loop_targets(target: ast.expr, what: str = "the loop target") -> list[str]:
    """The names a `for` target (of a loop or a comprehension, `what` in the refusal) binds:
    one name or a flat tuple of names."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
        return [e.id for e in target.elts]  # type: ignore[attr-defined]
    raise NotRewritable(f"{what} is not a name or a tuple of names")


def is_tensor(env: Mapping[str, Value], name: str) -> bool:
    """Known to be one tensor (not a list of them)."""
    value = env.get(name)
    return value is not None and value.kind is Kind.TENSOR and not value.is_container


def taken_names(ctx: FixContext, function: ast.AST) -> set[str]:
    """A fresh copy of the names the function uses: new names must avoid them, and a rewrite
    adds the names it picks to its own copy."""
    return set(function_names(ctx, function).taken)


def unique_name(ctx: FixContext, function: ast.AST, base: str) -> str:
    """`base` (or `base_2`, ...) unused in the function."""
    return fresh_name(base, taken_names(ctx, function))


def carried_names(body: list[ast.stmt], targets: list[str]) -> list[str]:
    """Names the body reads before it assigns them, and assigns: the state carried from one
    step to the next (`h = f(h, x[t])`, `total += x[t]`), in the order first read."""
    stored = stored_in(body)
    seen: set[str] = set()
    found: list[str] = []
    for stmt in body:
        reads = list(loads_in([stmt]))
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            reads.append(stmt.target.id)
        for name in reads:
            # The loop variables are bound afresh by every step: not a carry.
            if name in stored and name not in seen and name not in found and name not in targets:
                found.append(name)
        seen |= stored_in([stmt])
    return found


# ----------------------------------------------------------------------------- collected lists


def appended_list(stmt: ast.stmt) -> str | None:
    """`pieces.append(v)`: `pieces`."""
    if (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Attribute)
        and stmt.value.func.attr == "append"
        and isinstance(stmt.value.func.value, ast.Name)
        and len(stmt.value.args) == 1
        and not stmt.value.keywords
    ):
        return stmt.value.func.value.id
    return None


def assigned_before(
    before: list[ast.stmt], name: str, accepts: Callable[[ast.expr], bool]
) -> ast.Assign | None:
    """The last `name = value` among the statements before the loop, when `accepts(value)`
    and nothing after it reads or rebinds `name` otherwise (the value the loop starts from)."""
    for stmt in reversed(before):
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == name
        ):
            return stmt if accepts(stmt.value) else None
        if name in loads_in([stmt]) or name in stored_in([stmt]):
            return None
    return None


def empty_creation(before: list[ast.stmt], name: str) -> ast.Assign | None:
    """`name = []` / `name = list()` right before the loop (nothing in between uses it)."""
    return assigned_before(before, name, _is_empty_list)


def names_after(
    function: ast.FunctionDef | ast.AsyncFunctionDef, loop: ast.For, name: str
) -> list[ast.Name]:
    """The mentions of `name` in the lines after the loop, in source order."""
    end = loop.end_lineno or loop.lineno
    return sorted(
        (
            n
            for n in ast.walk(function)
            if isinstance(n, ast.Name) and n.id == name and n.lineno > end
        ),
        key=lambda n: (n.lineno, n.col_offset),
    )


def _is_empty_list(value: ast.expr) -> bool:
    return (isinstance(value, ast.List) and not value.elts) or (
        isinstance(value, ast.Call) and dotted(value.func) == "list" and not value.args
    )


def collected_list(
    ctx: FixContext,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    loop: ast.For,
    before: list[ast.stmt],
    name: str,
    negative: bool = False,
) -> tuple[ast.Assign, ast.Call, int, bool]:
    """The list a loop appends to: created empty among the statements `before` the loop and
    handed once to torch.cat / torch.stack after it (see `single_use`)."""
    created = empty_creation(before, name)
    if created is None:
        raise NotRewritable(f"`{name}` is not created empty before the loop")
    return (created, *single_use(ctx, function, loop, name, negative=negative))


def single_use(
    ctx: FixContext,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    loop: ast.For,
    name: str,
    negative: bool = False,
) -> tuple[ast.Call, int, bool]:
    """The one `torch.cat(name, dim)` / `torch.stack(name, dim)` after the loop: the call,
    its literal axis (negative only when allowed), and whether it stacks."""
    uses = names_after(function, loop, name)
    loads = [u for u in uses if isinstance(u.ctx, ast.Load)]
    if len(uses) > 1 and loads and _rebinds(ctx, loads[0], name):
        # `pieces = torch.cat(pieces)`: what follows reads the concatenation.
        uses = loads[:1]
    if len(uses) != 1:
        raise NotRewritable(f"`{name}` is used more than once after the loop")
    call = ctx.parent(uses[0])
    if not (isinstance(call, ast.Call) and call.args and call.args[0] is uses[0]):
        raise NotRewritable(f"`{name}` is not passed straight to torch.cat / torch.stack")
    qualified = (dotted(call.func) or "").rsplit(".", 1)
    root = ctx.imports.get(qualified[0], "") if len(qualified) == 2 else ""
    if root != "torch" or qualified[-1] not in ("cat", "stack", "concat", "concatenate"):
        raise NotRewritable(f"`{name}` is not passed straight to torch.cat / torch.stack")
    dim_node = call.args[1] if len(call.args) > 1 else None
    for keyword in call.keywords:
        if keyword.arg in ("dim", "axis"):
            dim_node = keyword.value
        else:
            raise NotRewritable(f"torch.{qualified[-1]} has arguments the rewrite does not keep")
    dim = 0
    if dim_node is not None:
        if isinstance(dim_node, ast.UnaryOp) and isinstance(dim_node.op, ast.USub):
            inner = dim_node.operand
            if isinstance(inner, ast.Constant) and type(inner.value) is int:
                dim = -inner.value
            else:
                raise NotRewritable("the concatenation axis is not a literal")
        elif isinstance(dim_node, ast.Constant) and type(dim_node.value) is int:
            dim = dim_node.value
        else:
            raise NotRewritable("the concatenation axis is not a literal")
    if dim < 0 and not negative:
        raise NotRewritable("the concatenation axis is negative")
    return call, dim, qualified[-1] == "stack"


def statement_of(ctx: FixContext, node: ast.AST) -> ast.stmt | None:
    """The statement holding `node` (None outside any statement)."""
    parent = ctx.parent(node)
    while parent is not None and not isinstance(parent, ast.stmt):
        parent = ctx.parent(parent)
    return parent


def _rebinds(ctx: FixContext, use: ast.Name, name: str) -> bool:
    """`name = torch.cat(name, ...)`: the first use after the loop rebinds the name to the
    concatenation, in a statement outside any loop of its own."""
    statement = statement_of(ctx, use)
    if not (
        isinstance(statement, ast.Assign)
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], ast.Name)
        and statement.targets[0].id == name
        and isinstance(statement.value, ast.Call)
        and statement.value.args
        and statement.value.args[0] is use
    ):
        return False
    parent = ctx.parent(statement)
    while parent is not None and not isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
        if isinstance(parent, ast.For | ast.While | ast.AsyncFor):
            return False
        parent = ctx.parent(parent)
    return True


# ----------------------------------------------------------------------------- indexing


def in_inner_loop(node: ast.AST, body: list[ast.stmt]) -> bool:
    """Whether `node` (a `break`/`continue`) sits in a loop nested in `body`: it then ends
    that inner loop, not the one being rewritten."""
    for stmt in body:
        for loop in ast.walk(stmt):
            if isinstance(loop, ast.For | ast.While) and any(n is node for n in ast.walk(loop)):
                return True
    return False


def name_loads(statements: list[ast.stmt], name: str) -> list[ast.Name]:
    """The reads of `name` in the statements, in `ast.walk` order."""
    return [
        n
        for s in statements
        for n in ast.walk(s)
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
    ]


def is_full_slice(node: ast.expr) -> bool:
    """`:` in a subscript."""
    return (
        isinstance(node, ast.Slice)
        and node.lower is None
        and node.upper is None
        and node.step is None
    )


def upper_of_offset(ctx: FixContext, node: ast.Name, index: str) -> bool:
    """The `i` of the upper bound in `i : i + k`: the lower bound decides how the slice
    indexes, this read of `i` says nothing more."""
    parent = ctx.parent(node)
    grandparent = ctx.parent(parent) if parent is not None else None
    return (
        isinstance(parent, ast.BinOp)
        and isinstance(grandparent, ast.Slice)
        and grandparent.upper is parent
        and isinstance(grandparent.lower, ast.Name)
        and grandparent.lower.id == index
    )


def index_parts(subscript: ast.Subscript) -> list[ast.expr]:
    """The parts of a subscript's index: `x[a, b]` → [a, b], `x[a]` → [a]."""
    index = subscript.slice
    return list(index.elts) if isinstance(index, ast.Tuple) else [index]


def is_ellipsis(node: ast.expr) -> bool:
    """`...` in a subscript."""
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def axis_of_part(parts: Sequence[ast.expr], at: int) -> int | None:
    """The axis the index part `parts[at]` selects when every other part is a full slice
    (`t[:, i]`, `t[..., i]`: counted from the end after an `...`, so negative); None when
    another part selects too, or with more than one `...`."""
    ellipsis = [k for k, p in enumerate(parts) if is_ellipsis(p)]
    for k, part in enumerate(parts):
        if k != at and k not in ellipsis and not is_full_slice(part):
            return None
    if len(ellipsis) > 1:
        return None
    return at - len(parts) if ellipsis and ellipsis[0] < at else at


def window_width(window: ast.Slice, node: ast.Name) -> ast.expr | None:
    """`i : i + k` with `node` the lower `i`: the width `k` (None for any other slice)."""
    upper = window.upper
    if (
        window.lower is node
        and window.step is None
        and isinstance(upper, ast.BinOp)
        and isinstance(upper.op, ast.Add)
        and isinstance(upper.left, ast.Name)
        and upper.left.id == node.id
    ):
        return upper.right
    return None


def subscript_around(
    ctx: FixContext, element: ast.expr
) -> tuple[ast.Subscript, list[ast.expr]] | None:
    """The subscript whose index is `element` (`x[e]`) or holds it as one part of a tuple
    (`x[:, e]`), and the index's parts in order."""
    parent = ctx.parent(element)
    if isinstance(parent, ast.Tuple):
        subscript = ctx.parent(parent)
        if not (isinstance(subscript, ast.Subscript) and subscript.slice is parent):
            return None
        return subscript, list(parent.elts)
    if isinstance(parent, ast.Subscript) and parent.slice is element:
        return parent, [element]
    return None


# ----------------------------------------------------------------------------- writing


# Expressions a method call can follow without parentheses.
ATOMS = (ast.Name, ast.Attribute, ast.Subscript, ast.Call)


class NodeSwap(cst.CSTTransformer):
    """Replaces CST nodes by identity (`id(original node)` → its replacement): the rewrites
    locate what to replace on the ast, find the CST node, and swap it while moving a
    statement into the body function."""

    def __init__(self, targets: Mapping[int, cst.BaseExpression]) -> None:
        self.targets = targets

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode:
        return self.targets.get(id(original_node), updated_node)


def header_comments(cm: Codemod, loop: cst.For) -> list[str]:
    """Comments written in the `for` header: in the whitespace of a backslash-continued
    header, and after the colon. The header goes; its comments go on what replaces it."""
    found: list[str] = []

    class _Comments(cst.CSTVisitor):
        def visit_Comment(self, node: cst.Comment) -> None:
            found.append(node.value)

    header = loop.with_changes(body=cst.IndentedBlock(body=[]), leading_lines=[])
    header.visit(_Comments())
    own = Codemod.header_comment(loop.body)
    return [*found, own] if own else found


def body_function(
    cm: Codemod,
    near: ast.AST,
    loop_node: cst.For,
    name: str,
    params: str,
    statements: Sequence[cst.BaseStatement],
) -> cst.BaseStatement:
    """`def name(params):` holding the statements, with the comments at the end of the
    loop's body (its footer) kept at the end of the new body."""
    footer = list(getattr(loop_node.body, "footer", ()))
    template = cm.statement_from(f"def {name}({params}):\n    pass\n", near)
    return template.with_changes(body=indented(list(statements), "", footer))
