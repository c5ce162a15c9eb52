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
from exportlint.codemods import NotRewritable
from exportlint.codemods.branches import check_branch, function_names, loads_in, stored_in
from exportlint.codemods.core import (
    REMOVE,
    Codemod,
    codemod_for,
    fresh_name,
    indented,
    leading_lines,
    with_comment,
    with_leading,
)
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix, import_edit

_UNSAFE = (
    "every piece must have the same dtype and the same size except along the concatenation "
    "axis; zip() over tensors of different lengths stops at the shortest, the rewrite at the "
    "first"
)


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


def rewrite_collect_loop(
    ctx: FixContext,
    loop: ast.For,
    env: Mapping[str, Value],
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None,
) -> Fix:
    function = plain_loop_in_function(loop, function)
    body, append = loop.body[:-1], loop.body[-1]
    collected = _appended_list(append)
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
    block = _block_of(ctx, loop, function)
    index = next(i for i, s in enumerate(block) if s is loop)
    created = _creation(block[:index], collected)
    if created is None and written is not None:
        created = _prefilled(block[:index], collected)
    if created is None:
        raise NotRewritable(f"`{collected}` is not created empty before the loop")
    use, dim, stacked = _single_use(ctx, function, loop, collected)
    carried = _carried(ctx, function, loop, body)
    if carried:
        raise NotRewritable(f"the loop carries `{carried}` from one iteration to the next")

    names = _targets(loop.target)
    param, bindings, n_iter, iterables = _bind(ctx, loop, names, env)
    operands = _operands([*body, append], iterables, names, env)
    guard_lines: list[cst.EmptyLine] = []  # comments of the skipped-when-empty guards
    body_name = _unique(ctx, function, "_loop_body")
    cm = codemod_for(ctx, created, loop, use)
    loop_node = cm.find(loop, cst.For)
    assert isinstance(loop_node, cst.For)
    append_line = cm.statement(append)
    if chosen is not None:
        piece = chosen
    else:
        assert piece_node is not None
        piece = _bare(cm, cm.find(piece_node))
    if stacked:
        atom = piece if piece_node is None or isinstance(piece_node, _ATOMS) else f"({piece})"
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
        moved = _index_with_tensor(cm, body, param, moved)
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
    footer = list(getattr(loop_node.body, "footer", ()))
    template = cm.statement_from(
        f"def {body_name}({', '.join([param, *operands])}):\n    pass\n", loop
    )
    definition = template.with_changes(body=indented(statements, "", footer))
    # Black's layout: an empty line before a nested def that follows other statements.
    index = next(i for i, s in enumerate(block) if s is loop)
    others_before = any(s is not created for s in block[:index])
    leading = [*leading_lines(cm.statement(created)), *loop_node.leading_lines]
    if others_before and not (leading and leading[0].comment is None):
        previous = ctx.lines[created.lineno - 2].strip() if created.lineno > 1 else ""
        if previous:
            leading.insert(0, cst.EmptyLine(indent=False))
    definition = definition.with_changes(leading_lines=leading)
    args = [n_iter, body_name, _tuple(operands)]
    if dim:
        args.append(f"({dim},)")
    text = cm.layout_call(loop, "simple_loop_for", args, prefix=f"{collected} = ")
    call = cm.statement_from(text + "\n", loop).with_changes(
        leading_lines=[cst.EmptyLine(indent=False)]
    )
    # Comments on the `for` header lines (a backslash-continued header included).
    call = with_comment(call, " ".join(_header_comments(cm, loop_node)))
    # The comment after the list's creation (`pieces = []  # ...`) goes with the call too.
    creation_line = cm.statement(created)
    if isinstance(creation_line, cst.SimpleStatementLine):
        comment = creation_line.trailing_whitespace.comment
        call = with_comment(call, comment.value if comment is not None else "")
    edits = list(
        cm.edits(
            {
                # The list creation goes; the loop becomes the body function and the list is
                # the loop's result, which torch.cat/stack used to build.
                created: REMOVE,
                loop: [definition, call],
                use: cst.Name(collected),
            }
        )
    )
    imported = import_edit(ctx, "exportlint.ops", "simple_loop_for")
    if imported is not None:
        edits.append(imported)
    return fix(
        f"Rewrite the loop with `exportlint.ops.simple_loop_for` ({_UNSAFE})",
        Applicability.UNSAFE,
        *edits,
    )


_ATOMS = (ast.Name, ast.Attribute, ast.Subscript, ast.Call)


def _bare(cm: Codemod, node: cst.CSTNode) -> str:
    if getattr(node, "lpar", None):
        node = node.with_changes(lpar=[], rpar=[])
    return cm.code(node)


def _header_comments(cm: Codemod, loop: cst.For) -> list[str]:
    """Comments written in the `for` header: in the whitespace of a backslash-continued
    header, and after the colon."""
    found: list[str] = []

    class _Comments(cst.CSTVisitor):
        def visit_Comment(self, node: cst.Comment) -> None:
            found.append(node.value)

    header = loop.with_changes(body=cst.IndentedBlock(body=[]), leading_lines=[])
    header.visit(_Comments())
    own = Codemod.header_comment(loop.body)
    return [*found, own] if own else found


def _index_with_tensor(
    cm: Codemod, body: list[ast.stmt], index: str, moved: list[cst.BaseStatement]
) -> list[cst.BaseStatement]:
    """`x[i]` with a 0-d tensor `i` does not export: select the row with index_select."""
    subscripts = [
        n
        for n in ast.walk(ast.Module(body=body, type_ignores=[]))
        if isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Name) and n.slice.id == index
    ]
    covered = {id(n.slice) for n in subscripts}
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        compound = isinstance(node, ast.Subscript) and id(node.slice) not in covered
        # `x[y[i]]`: the inner `y[i]` is rewritten; only a bare use of `i` counts.
        if compound and any(
            isinstance(n, ast.Name) and n.id == index and id(n) not in covered
            for n in ast.walk(node.slice)  # type: ignore[attr-defined]
        ):
            raise NotRewritable(f"`{index}` is used inside a compound index")
    targets: dict[int, cst.BaseExpression] = {}
    for node in subscripts:
        found = cm.find(node, cst.Subscript)
        assert isinstance(found, cst.Subscript)
        value = _bare(cm, found.value)
        if not isinstance(node.value, _ATOMS):
            value = f"({value})"
        new = cm.expr(f"{value}.index_select(0, {index}.reshape(1)).squeeze(0)")
        targets[id(found)] = new.with_changes(lpar=found.lpar, rpar=found.rpar)

    class _Swap(cst.CSTTransformer):
        def on_leave(  # type: ignore[override]
            self, original_node: cst.CSTNode, updated_node: cst.CSTNode
        ) -> cst.CSTNode:
            return targets.get(id(original_node), updated_node)

    out: list[cst.BaseStatement] = []
    for statement in moved:
        swapped = statement.visit(_Swap())
        assert isinstance(swapped, cst.BaseStatement)
        out.append(swapped)
    return out


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
    first, second = _appended_list(stmt.body[0]), _appended_list(stmt.orelse[0])
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
        parts = sliced.slice.elts if isinstance(sliced.slice, ast.Tuple) else [sliced.slice]
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


def _appended_list(stmt: ast.stmt) -> str | None:
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


def _block_of(
    ctx: FixContext, loop: ast.For, function: ast.FunctionDef | ast.AsyncFunctionDef
) -> list[ast.stmt]:
    parent = ctx.parent(loop)
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and any(s is loop for s in block):
            return block
    raise NotRewritable("the loop is in an unusual place")


def _creation(before: list[ast.stmt], name: str) -> ast.stmt | None:
    for stmt in reversed(before):
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == name
        ):
            value = stmt.value
            empty = (isinstance(value, ast.List) and not value.elts) or (
                isinstance(value, ast.Call) and dotted(value.func) == "list" and not value.args
            )
            return stmt if empty else None
        if name in loads_in([stmt]) or name in stored_in([stmt]):
            return None
    return None


def _single_use(
    ctx: FixContext,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    loop: ast.For,
    name: str,
    negative: bool = False,
) -> tuple[ast.Call, int, bool]:
    end = loop.end_lineno or loop.lineno
    uses = sorted(
        (
            n
            for n in ast.walk(function)
            if isinstance(n, ast.Name) and n.id == name and n.lineno > end
        ),
        key=lambda n: (n.lineno, n.col_offset),
    )
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


def _statement_of(ctx: FixContext, node: ast.AST) -> ast.AST | None:
    parent = ctx.parent(node)
    while parent is not None and not isinstance(parent, ast.stmt):
        parent = ctx.parent(parent)
    return parent


def _rebinds(ctx: FixContext, use: ast.Name, name: str) -> bool:
    """`name = torch.cat(name, ...)`: the first use after the loop rebinds the name to the
    concatenation, in a statement outside any loop of its own."""
    statement = _statement_of(ctx, use)
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


def _carried(
    ctx: FixContext,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    loop: ast.For,
    body: list[ast.stmt],
) -> str | None:
    """A name the body assigns and that is read after the loop or before it is assigned in
    the body (a value carried across iterations): simple_loop_for has no carry."""
    # The loop variables are bound afresh by every iteration: reassigning them carries nothing.
    targets = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    stored = stored_in(body) - targets
    end = loop.end_lineno or loop.lineno
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and node.id in stored
            and node.lineno > end
        ):
            return node.id
    # Read before this iteration assigned it: `total = total + x[i]`, `total += x[i]`.
    seen: set[str] = set()
    for stmt in body:
        reads = set(loads_in([stmt]))
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            reads.add(stmt.target.id)
        for name in sorted(reads):
            if name in stored and name not in seen:
                return name
        seen |= stored_in([stmt])
    return None


def _targets(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
        return [e.id for e in target.elts]  # type: ignore[attr-defined]
    raise NotRewritable("the loop target is not a name or a tuple of names")


def _bind(
    ctx: FixContext, loop: ast.For, names: list[str], env: Mapping[str, Value]
) -> tuple[str, list[str], str, list[str]]:
    """The body's index parameter, the lines binding the loop variables, n_iter, iterables."""
    iterable = loop.iter
    uses = _slice_only_uses(loop, names)
    if (
        isinstance(iterable, ast.Call)
        and dotted(iterable.func) == "enumerate"
        and len(iterable.args) == 1
        and not iterable.keywords
        and isinstance(iterable.args[0], ast.Name)
        and _is_tensor(env, iterable.args[0].id)
        and len(names) == 2
        and isinstance(loop.target, ast.Tuple)
        and all(isinstance(e, ast.Name) for e in loop.target.elts)
    ):
        # `for i, row in enumerate(x)`: the index is the body's parameter, the row selected.
        source = iterable.args[0].id
        row = f"{names[1]} = {source}.index_select(0, {names[0]}.reshape(1)).squeeze(0)"
        return names[0], [row], f"{source}.shape[0]", [source]
    if isinstance(iterable, ast.Call) and dotted(iterable.func) == "range":
        if len(iterable.args) != 1 or len(names) != 1:
            raise NotRewritable("only range(n) is rewritten")
        # The loop variable becomes the body's index: a 0-d int64 tensor.
        return names[0], [], ctx.segment(iterable.args[0]), []
    listed = (
        isinstance(iterable, ast.Call)
        and isinstance(iterable.func, ast.Attribute)
        and iterable.func.attr == "tolist"
        and not iterable.args
        and isinstance(iterable.func.value, ast.Name)
        and _is_tensor(env, iterable.func.value.id)
    )
    unpacked = isinstance(iterable, ast.Name) and _is_tensor(env, iterable.id) and len(names) > 1
    if listed or unpacked:
        # `for n in sizes.tolist()`, `for t, h, w in grid_thw`: numbers read out of one row.
        source = iterable.func.value.id if listed else iterable.id  # type: ignore[attr-defined]
        index = "i" if "i" not in names else "_i"
        row = f"{source}.index_select(0, {index}.reshape(1)).squeeze(0)"
        if len(names) == 1:
            return index, [f"{names[0]} = {row}.item()"], f"{source}.shape[0]", [source]
        bindings = [f"_row = {row}", *(f"{n} = _row[{k}].item()" for k, n in enumerate(names))]
        return index, bindings, f"{source}.shape[0]", [source]
    if isinstance(iterable, ast.Name) and _is_tensor(env, iterable.id) and len(names) == 1:
        sources = [iterable.id]
    elif (
        isinstance(iterable, ast.Call)
        and dotted(iterable.func) == "zip"
        and not iterable.keywords
        and all(isinstance(a, ast.Name) and _is_tensor(env, a.id) for a in iterable.args)
        and len(iterable.args) == len(names)
    ):
        sources = [a.id for a in iterable.args]  # type: ignore[attr-defined]
    else:
        raise NotRewritable("the loop does not iterate a tensor, zip() of tensors or range(n)")
    index = "i" if "i" not in names else "_i"
    bindings = []
    for name, source in zip(names, sources):
        row = f"{source}.index_select(0, {index}.reshape(1))"
        # Slice bounds must be ints (`.item()`); everything else keeps the row a tensor.
        bindings.append(f"{name} = {row}.item()" if name in uses else f"{name} = {row}.squeeze(0)")
    return index, bindings, f"{sources[0]}.shape[0]", sources


def _slice_only_uses(loop: ast.For, names: list[str]) -> set[str]:
    slice_bounds: set[int] = set()
    for node in ast.walk(loop):
        if isinstance(node, ast.Slice):
            for bound in (node.lower, node.upper, node.step):
                if isinstance(bound, ast.Name):
                    slice_bounds.add(id(bound))
    out = set()
    for name in names:
        reads = [
            n
            for n in ast.walk(loop)
            if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
        ]
        if reads and all(id(n) in slice_bounds for n in reads):
            out.add(name)
    return out


def _is_tensor(env: Mapping[str, Value], name: str) -> bool:
    value = env.get(name)
    return value is not None and value.kind is Kind.TENSOR and not value.is_container


def _operands(
    body: list[ast.stmt], iterables: list[str], targets: list[str], env: Mapping[str, Value]
) -> list[str]:
    out = list(iterables)
    for name in loads_in(body):
        if name in out or name in targets or name == "self":
            continue
        value = env.get(name)
        if value is not None and value.kind is Kind.TENSOR and not value.is_container:
            if value.optional and value.input_alias:
                raise NotRewritable(f"the body reads `{name}`, which may be None")
            out.append(name)
        elif value is not None and value.kind is Kind.DATA:
            raise NotRewritable(f"the body reads `{name}`, a value read out of a tensor")
    return out


def _unique(ctx: FixContext, function: ast.AST, base: str) -> str:
    return fresh_name(base, set(function_names(ctx, function).taken))


def _tuple(names: list[str]) -> str:
    if not names:
        return "()"
    if len(names) == 1:
        return f"({names[0]},)"
    return f"({', '.join(names)})"


def rewrite_repeat_comprehension(ctx: FixContext, iterable: ast.expr) -> Fix:
    """`torch.cat([x for _ in range(n)])` → `x.repeat(n, *[1] * (x.dim() - 1))` (and
    `torch.stack(...)` → `x.unsqueeze(0).repeat(n, *[1] * x.dim())`): the same tensor, `n`
    times, without a Python loop whose trip count is data."""
    generator = ctx.parent(iterable)
    comprehension = ctx.parent(generator) if generator is not None else None
    call = ctx.parent(comprehension) if comprehension is not None else None
    if not (
        isinstance(generator, ast.comprehension)
        and generator.iter is iterable
        and not generator.ifs
        and isinstance(comprehension, ast.ListComp | ast.GeneratorExp)
        and len(comprehension.generators) == 1
        and isinstance(call, ast.Call)
        and call.args
        and call.args[0] is comprehension
    ):
        raise NotRewritable("the comprehension is not handed straight to torch.cat/stack")
    if not (
        isinstance(iterable, ast.Call)
        and dotted(iterable.func) == "range"
        and len(iterable.args) == 1
        and not iterable.keywords
    ):
        raise NotRewritable("the comprehension does not iterate range(n)")
    element = comprehension.elt
    loop_names = set(_targets(generator.target))
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
    count, x = _bare(cm, count_node), element.id
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


def _prefilled(before: list[ast.stmt], name: str) -> ast.stmt | None:
    """`name = [piece] * n` (or `n * [piece]`) right before the loop: one slot per iteration."""
    for stmt in reversed(before):
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id == name
        ):
            value = stmt.value
            if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult):
                sides = (value.left, value.right)
                if any(isinstance(side, ast.List) and len(side.elts) == 1 for side in sides):
                    return stmt
            return None
        if name in loads_in([stmt]) or name in stored_in([stmt]):
            return None
    return None


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
    inner = _bare(cm, cm.find(iterable))
    if not isinstance(iterable, _ATOMS):
        inner = f"({inner})"
    text = f"{inner}.{_REDUCTIONS[call.func.id]}"
    kind = "a Python bool" if call.func.id != "sum" else "a Python number or a tensor"
    return fix(
        f"Reduce with `{text}` (`{call.func.id}()` gives {kind}, the method a tensor; the same "
        "test in an `if`; the tensor must be 1-d or have rows of one element for any/all)",
        Applicability.UNSAFE,
        *cm.edits({call: cm.expr(text)}),
    )
