"""The collect-and-concatenate loop → `exportlint.ops.simple_loop_for` (EXL401).

    pieces = []                             def _loop_body(i, tokens, starts, ends):
    for s, e in zip(starts, ends):              s = starts.index_select(0, i.reshape(1)).item()
        seg = tokens[s:e]             ->        e = ends.index_select(0, i.reshape(1)).item()
        pieces.append(f(seg))                   seg = tokens[s:e]
    out = torch.cat(pieces)                     return f(seg)

                                            out = simple_loop_for(
                                                starts.shape[0], _loop_body, (tokens, starts, ends)
                                            )

Recognised loops iterate a tensor (`for row in x`), `zip` of tensors, or `range(n)`; append
one piece per iteration to a list created empty before the loop; and that list is used once
afterwards, by `torch.cat` or `torch.stack`. Everything else is left to a display-only hint.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

import libcst as cst

from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Kind, Value
from exportlint.codemods import NotRewritable, loop_parts, simple_loop_body
from exportlint.codemods.branches import check_branch, loads_in, stored_in
from exportlint.codemods.core import (
    REMOVE,
    Codemod,
    codemod_for,
    leading_lines,
    with_comment,
    with_leading,
)
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_UNSAFE = (
    "every piece must have the same dtype and the same size except along the concatenation "
    "axis; zip() over tensors of different lengths stops at the shortest, the rewrite at the "
    "first"
)


def rewrite_collect_loop(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    function = loop_parts.plain_loop_in_function(loop, function)
    body, append = loop.body[:-1], loop.body[-1]
    collected = loop_parts.appended_list(append)
    chosen: str | None = None  # the piece, when an if/else picks what is appended
    if collected is None and isinstance(append, ast.If):
        collected, chosen = _chosen_piece(ctx, append, env)
    # `out = [empty] * n` ... `out[i] = piece` ... `torch.cat(out)`: the same as appending
    # when every iteration writes its own slot (a skipped one leaves an empty piece).
    written = _slot_written(append, loop) if collected is None else None
    if written is not None:
        collected = written
    if collected is None:
        raise NotRewritable("the loop does not end by appending one piece to a list")
    piece_node: ast.expr | None = None  # None when an if/else chose the piece
    if written is not None:
        piece_node = append.value  # type: ignore[attr-defined]
    elif chosen is None:
        piece_node = append.value.args[0]  # type: ignore[attr-defined]
    body, guards = _without_empty_guards(body)
    _check_body(body)
    if collected in stored_in(body) or any(collected in loads_in([s]) for s in body):
        raise NotRewritable(f"the loop body reads `{collected}`")
    block = loop_parts.block_of(ctx, loop, function)
    index = next(i for i, s in enumerate(block) if s is loop)
    created = loop_parts.empty_creation(block[:index], collected)
    if created is None and written is not None:
        created = _prefilled(block[:index], collected)
    if created is None:
        raise NotRewritable(f"`{collected}` is not created empty before the loop")
    use, dim, stacked = loop_parts.single_use(ctx, function, loop, collected)
    carried = simple_loop_body.state_carried(ctx, function, loop, body)
    if carried:
        raise NotRewritable(f"the loop carries `{carried}` from one iteration to the next")

    names = loop_parts.loop_targets(loop.target)
    param, bindings, n_iter, iterables = simple_loop_body.bind_iteration(ctx, loop, names, env)
    operands = simple_loop_body.tensor_operands(iterables, loads_in([*body, append]), names, env)
    guard_lines: list[cst.EmptyLine] = []  # comments of the skipped-when-empty guards
    body_name = loop_parts.unique_name(ctx, function, "_loop_body")
    cm = codemod_for(ctx, created, loop, use)
    loop_node = cm.find(loop, cst.For)
    assert isinstance(loop_node, cst.For)
    append_line = cm.statement(append)
    if chosen is not None:
        piece = chosen
    else:
        assert piece_node is not None
        piece = cm.bare(cm.find(piece_node))
    if stacked:
        atom = (
            piece
            if piece_node is None or isinstance(piece_node, loop_parts.ATOMS)
            else f"({piece})"
        )
        piece = f"{atom}.unsqueeze({dim})"
    statements: list[cst.BaseStatement] = [cm.statement_from(b + "\n", loop) for b in bindings]
    for guard in guards:
        node = cm.find(guard, cst.If)
        assert isinstance(node, cst.If)
        guard_lines.extend(Codemod.comment_lines(node.leading_lines))
        for text in (Codemod.header_comment(node.body), *_inner_comments(node)):
            if text:
                guard_lines.append(cst.EmptyLine(comment=cst.Comment(text)))
    moved = [cm.statement(s) for s in body]
    if guard_lines and moved:
        moved[0] = with_leading(moved[0], guard_lines)
    if isinstance(loop.iter, ast.Call):  # range(n), enumerate: the index is a 0-d tensor now
        moved = simple_loop_body.index_with_tensor(cm, body, param, moved)
    statements.extend(moved)
    # The appended piece is returned; comments around the append stay with it.
    returned = cm.statement_from(f"return {piece}\n", loop)
    returned = with_leading(returned, leading_lines(append_line))
    if isinstance(append_line, cst.SimpleStatementLine):
        comment = append_line.trailing_whitespace.comment
        returned = with_comment(returned, comment.value if comment is not None else "")
    statements.append(returned)
    if isinstance(append_line, cst.If):  # comments inside the if/else that chose the piece
        for suite in (append_line.body, getattr(append_line.orelse, "body", None)):
            if isinstance(suite, cst.IndentedBlock):
                for inner in suite.body:
                    statements[-1] = with_leading(
                        statements[-1], Codemod.comment_lines(leading_lines(inner))
                    )
                    if isinstance(inner, cst.SimpleStatementLine):
                        comment = inner.trailing_whitespace.comment
                        if comment is not None:
                            statements[-1] = with_comment(statements[-1], comment.value)
        if isinstance(append_line.orelse, cst.Else):
            lines = Codemod.comment_lines(append_line.orelse.leading_lines)
            statements[-1] = with_leading(statements[-1], lines)
    params = ", ".join([param, *operands])
    definition = loop_parts.body_function(cm, loop, loop_node, body_name, params, statements)
    # Black's layout: an empty line before a nested def that follows other statements.
    index = next(i for i, s in enumerate(block) if s is loop)
    others_before = any(s is not created for s in block[:index])
    leading = [*leading_lines(cm.statement(created)), *loop_node.leading_lines]
    if others_before and not (leading and leading[0].comment is None):
        previous = ctx.lines[created.lineno - 2].strip() if created.lineno > 1 else ""
        if previous:
            leading.insert(0, cst.EmptyLine(indent=False))
    definition = definition.with_changes(leading_lines=leading)
    args = [n_iter, body_name, simple_loop_body.operand_tuple(operands)]
    if dim:
        args.append(f"({dim},)")
    call = simple_loop_body.loop_for_call(cm, loop, loop_node, args, prefix=f"{collected} = ")
    # The comment after the list's creation (`pieces = []  # ...`) goes with the call too.
    creation_line = cm.statement(created)
    if isinstance(creation_line, cst.SimpleStatementLine):
        comment = creation_line.trailing_whitespace.comment
        call = with_comment(call, comment.value if comment is not None else "")
    edits = cm.edits(
        {
            # The list creation goes; the loop becomes the body function and the list is
            # the loop's result, which torch.cat/stack used to build.
            created: REMOVE,
            loop: [definition, call],
            use: cst.Name(collected),
        }
    )
    return fix(
        f"Rewrite the loop with `exportlint.ops.simple_loop_for` ({_UNSAFE})",
        Applicability.UNSAFE,
        *simple_loop_body.with_loop_for_import(ctx, edits),
    )


def _chosen_piece(
    ctx: FixContext, stmt: ast.If, env: Mapping[str, Value]
) -> tuple[str | None, str | None]:
    """`if c: pieces.append(a)` / `else: pieces.append(b)` at the end of the body: the list
    and one expression for the piece.

    The crop idiom (onnx-diagnostic's `simple_loop_for` example)::

        if extract.shape[1] < crop_size:        ->  extract[:, : torch.sym_min(
            cropped.append(extract)                     extract.shape[1], crop_size)]
        else:
            cropped.append(extract[:, :crop_size])

    (a slice is clamped to the size anyway: the test only avoids a no-op; sym_min says it
    in a form export accepts). A tensor test selects with torch.where.
    """
    if len(stmt.body) != 1 or len(stmt.orelse) != 1:
        return None, None
    first, second = loop_parts.appended_list(stmt.body[0]), loop_parts.appended_list(stmt.orelse[0])
    if first is None or first != second:
        return None, None
    a = stmt.body[0].value.args[0]  # type: ignore[attr-defined]
    b = stmt.orelse[0].value.args[0]  # type: ignore[attr-defined]
    torch = ctx.torch()
    cropped = _crop(ctx, stmt.test, a, b) or _crop(ctx, stmt.test, b, a)
    if cropped is not None:
        return first, cropped
    test_value = ctx.value_of(stmt.test)
    if test_value is not None and test_value.kind is Kind.TENSOR:
        text = f"{torch}.where({ctx.segment(stmt.test)}, {ctx.segment(a)}, {ctx.segment(b)})"
        return first, text
    raise NotRewritable("the loop appends one of two pieces on a test it cannot express")


def _crop(ctx: FixContext, test: ast.expr, whole: ast.expr, sliced: ast.expr) -> str | None:
    """`v.shape[d] <op> k` choosing between `v` and `v[:, ..., :k]` -> the slice with
    `torch.sym_min(v.shape[d], k)` as its bound."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    if not isinstance(test.ops[0], ast.Lt | ast.LtE | ast.Gt | ast.GtE):
        return None
    if not (isinstance(whole, ast.Name) and isinstance(sliced, ast.Subscript)):
        return None
    if not (isinstance(sliced.value, ast.Name) and sliced.value.id == whole.id):
        return None
    sides = [test.left, test.comparators[0]]
    for size, bound in (sides, sides[::-1]):
        if not (
            isinstance(size, ast.Subscript)
            and isinstance(size.value, ast.Attribute)
            and size.value.attr == "shape"
            and isinstance(size.value.value, ast.Name)
            and size.value.value.id == whole.id
            and isinstance(size.slice, ast.Constant)
            and type(size.slice.value) is int
        ):
            continue
        axis = size.slice.value
        parts = loop_parts.index_parts(sliced)
        if len(parts) != axis + 1 or axis < 0:
            return None
        full = all(
            isinstance(p, ast.Slice) and p.lower is None and p.upper is None and p.step is None
            for p in parts[:axis]
        )
        last = parts[axis]
        if not (
            full
            and isinstance(last, ast.Slice)
            and last.lower is None
            and last.step is None
            and last.upper is not None
            and ast.dump(last.upper) == ast.dump(bound)
        ):
            return None
        k = ctx.segment(bound)
        bounds = [":"] * axis + [f": {ctx.torch()}.sym_min({whole.id}.shape[{axis}], {k})"]
        return f"{whole.id}[{', '.join(bounds)}]"
    return None


def rewrite_repeat_comprehension(ctx: FixContext, iterable: ast.expr) -> Fix:
    """`torch.cat([x for _ in range(n)])` → `x.repeat(n, *[1] * (x.dim() - 1))` (and
    `torch.stack(...)` → `x.unsqueeze(0).repeat(n, *[1] * x.dim())`): the same tensor, `n`
    times, without a Python loop whose trip count is data."""
    found = loop_parts.comprehension_over(ctx, iterable)
    if found is None:
        raise NotRewritable("the comprehension is not handed straight to torch.cat/stack")
    generator, comprehension, call = found
    if not (isinstance(call, ast.Call) and call.args and call.args[0] is comprehension):
        raise NotRewritable("the comprehension is not handed straight to torch.cat/stack")
    if not (
        isinstance(iterable, ast.Call)
        and dotted(iterable.func) == "range"
        and len(iterable.args) == 1
        and not iterable.keywords
    ):
        raise NotRewritable("the comprehension does not iterate range(n)")
    element = comprehension.elt
    loop_names = set(loop_parts.loop_targets(generator.target))
    if not isinstance(element, ast.Name) or element.id in loop_names:
        raise NotRewritable("the pieces are not one and the same tensor")
    qualified = (dotted(call.func) or "").rsplit(".", 1)
    root = ctx.imports.get(qualified[0], "") if len(qualified) == 2 else ""
    if root != "torch" or qualified[-1] not in ("cat", "stack", "concat"):
        raise NotRewritable("the comprehension is not handed straight to torch.cat/stack")
    dims = [*call.args[1:], *(k.value for k in call.keywords if k.arg in ("dim", "axis"))]
    if len(call.args) + len(call.keywords) > 2 or any(
        not (isinstance(d, ast.Constant) and d.value == 0) for d in dims
    ):
        raise NotRewritable("only concatenation along dimension 0 is rewritten")
    cm = codemod_for(ctx)
    count_node = cm.find(iterable.args[0])
    count, x = cm.bare(count_node), element.id
    if qualified[-1] == "stack":
        text = f"{x}.unsqueeze(0).repeat({count}, *[1] * {x}.dim())"
    else:
        text = f"{x}.repeat({count}, *[1] * ({x}.dim() - 1))"
    return fix(
        f"Repeat the tensor instead: `{text}` (the comprehension evaluated `{x}` once per "
        "iteration; it is evaluated once now)",
        Applicability.UNSAFE,
        *cm.edits({call: cm.expr(text)}),
    )


def _slot_written(stmt: ast.stmt, loop: ast.For) -> str | None:
    """`out[i] = piece` with `i` the loop's index (`range`'s variable, `enumerate`'s first)."""
    target = loop.target
    index = target.id if isinstance(target, ast.Name) else None
    if isinstance(target, ast.Tuple) and target.elts and isinstance(target.elts[0], ast.Name):
        index = target.elts[0].id
    if (
        index is not None
        and isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Subscript)
        and isinstance(stmt.targets[0].value, ast.Name)
        and isinstance(stmt.targets[0].slice, ast.Name)
        and stmt.targets[0].slice.id == index
    ):
        return stmt.targets[0].value.id
    return None


def _prefilled(before: list[ast.stmt], name: str) -> ast.Assign | None:
    """`name = [piece] * n` (or `n * [piece]`) right before the loop: one slot per iteration."""
    return loop_parts.assigned_before(before, name, _one_slot_per_iteration)


def _one_slot_per_iteration(value: ast.expr) -> bool:
    if not (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult)):
        return False
    return any(
        isinstance(side, ast.List) and len(side.elts) == 1 for side in (value.left, value.right)
    )


def _without_empty_guards(body: list[ast.stmt]) -> tuple[list[ast.stmt], list[ast.If]]:
    """The body without its `if <x is empty>: continue` guards (`not x.shape[0]`,
    `x.numel() == 0`, `len(x) == 0`): unsafe, the rest of the body must then give an empty
    piece for an empty `x`, as row-wise code does."""
    kept: list[ast.stmt] = []
    guards: list[ast.If] = []
    for stmt in body:
        if (
            isinstance(stmt, ast.If)
            and not stmt.orelse
            and len(stmt.body) == 1
            and isinstance(stmt.body[0], ast.Continue)
            and _tests_empty(stmt.test)
        ):
            guards.append(stmt)
        else:
            kept.append(stmt)
    return kept, guards


def _tests_empty(test: ast.expr) -> bool:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _size_of_name(test.operand)
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq | ast.Lt | ast.LtE)
    ):
        left, right = test.left, test.comparators[0]
        bound = 1 if isinstance(test.ops[0], ast.Lt) else 0
        return (
            _size_of_name(left) and isinstance(right, ast.Constant) and right.value == bound
        ) or (
            isinstance(test.ops[0], ast.Eq)
            and _size_of_name(right)
            and isinstance(left, ast.Constant)
            and left.value == 0
        )
    return False


def _size_of_name(node: ast.expr) -> bool:
    """`x.shape[0]`, `x.size(0)`, `x.numel()`, `len(x)` of a name."""
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "shape"
        and isinstance(node.value.value, ast.Name)
        and isinstance(node.slice, ast.Constant)
        and node.slice.value == 0
    ):
        return True
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
    ):
        if node.func.attr == "numel" and not node.args:
            return True
        if node.func.attr == "size" and len(node.args) == 1:
            arg = node.args[0]
            return isinstance(arg, ast.Constant) and arg.value == 0
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "len"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Name)
    )


def _inner_comments(node: cst.If) -> list[str]:
    found: list[str] = []
    if isinstance(node.body, cst.IndentedBlock):
        for inner in node.body.body:
            found.extend(
                line.comment.value for line in leading_lines(inner) if line.comment is not None
            )
            if isinstance(inner, cst.SimpleStatementLine) and inner.trailing_whitespace.comment:
                found.append(inner.trailing_whitespace.comment.value)
    return found


def _check_body(body: list[ast.stmt]) -> None:
    """check_branch, except that a tensor the body itself made may be changed in place
    (`x = x[keep]` then `x[:, 5:] *= w`): each iteration has its own."""
    local = stored_in(body)
    kept: list[ast.stmt] = []
    for stmt in body:
        if _mutates_only(stmt, local):
            continue
        kept.append(stmt)
    check_branch(kept)


def _mutates_only(stmt: ast.stmt, local: set[str]) -> bool:
    """`name[...] = v` / `name[...] op= v` / `name.op_(...)` on a name the body assigned."""
    target: ast.expr | None = None
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
    elif isinstance(stmt, ast.AugAssign):
        target = stmt.target
    elif (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Attribute)
        and stmt.value.func.attr.endswith("_")
    ):
        target = ast.Subscript(value=stmt.value.func.value, slice=ast.Constant(0))
    if not isinstance(target, ast.Subscript):
        return False
    base: ast.expr = target
    while isinstance(base, ast.Subscript):
        base = base.value
    return isinstance(base, ast.Name) and base.id in local


_REDUCTIONS = {"any": "any()", "all": "all()", "sum": "sum(0)"}


def rewrite_builtin_reduction(ctx: FixContext, iterable: ast.expr) -> Fix:
    """`any(t)` / `all(t)` / `sum(t)` on a tensor -> `t.any()` / `t.all()` / `t.sum(0)`:
    the builtins iterate the rows in Python (and read each as a bool)."""
    call = ctx.parent(iterable)
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id in _REDUCTIONS
        and len(call.args) == 1
        and call.args[0] is iterable
        and not call.keywords
    ):
        raise NotRewritable("the tensor is not the one argument of any()/all()/sum()")
    cm = codemod_for(ctx)
    inner = cm.bare(cm.find(iterable))
    if not isinstance(iterable, loop_parts.ATOMS):
        inner = f"({inner})"
    text = f"{inner}.{_REDUCTIONS[call.func.id]}"
    kind = "a Python bool" if call.func.id != "sum" else "a Python number or a tensor"
    return fix(
        f"Reduce with `{text}` (`{call.func.id}()` gives {kind}, the method a tensor; the same "
        "test in an `if`; the tensor must be 1-d or have rows of one element for any/all)",
        Applicability.UNSAFE,
        *cm.edits({call: cm.expr(text)}),
    )
