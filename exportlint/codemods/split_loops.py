"""`torch.split(x, sizes.tolist())` and a loop over its chunks → `exportlint.ops.simple_loop_for`
(EXL202 on the `.tolist()`).

    sizes = lengths.tolist()
    chunks = torch.split(x, sizes)
    return torch.stack([c.mean(dim=0) for c in chunks])

becomes

    sizes = lengths
    _offsets = sizes.cumsum(0) - sizes

    def _loop_body(i, sizes, _offsets, x):
        _start = _offsets.index_select(0, i.reshape(1)).item()
        _size = sizes.index_select(0, i.reshape(1)).item()
        c = x[_start : _start + _size]
        return c.mean(dim=0).unsqueeze(0)

    return simple_loop_for(sizes.shape[0], _loop_body, (sizes, _offsets, x))

The sizes stay a tensor; each step slices its chunk with two numbers read out of it
(`.item()` inside the loop body is what simple_loop_for is for), and the pieces are
concatenated as the comprehension's torch.cat / torch.stack did. Recognised: the sizes named
by an assignment `s = <tensor>.tolist()` used once, or written in the split call; the split
assigned to a name used once, as the iterable of a one-generator comprehension handed to
torch.cat / torch.stack (or written in that comprehension).
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Kind
from exportlint.analysis.walk import walk
from exportlint.codemods import NotRewritable, loop_parts
from exportlint.codemods.branches import function_names
from exportlint.codemods.core import (
    REMOVE,
    Codemod,
    Replacement,
    codemod_for,
    fresh_name,
    leading_lines,
    with_comment,
    with_leading,
)
from exportlint.diagnostics import Applicability, Edit, Fix
from exportlint.fixes import FixContext, fix, import_edit

_UNSAFE = (
    "the sizes must be a 1-d integer tensor adding up to the split axis; every piece must "
    "have one dtype and the same size except along the concatenation axis"
)


def rewrite_split_tolist(
    ctx: FixContext, tolist: ast.Call, stmt: ast.stmt, checked: bool = False
) -> Fix:
    """The rewrite; `checked`: each chunk is taken with `narrow` after
    `torch._check(size > 0)`, so that its size is exactly the size read (not a clamped
    slice's): what operators that test for an empty input (scaled_dot_product_attention)
    need to export."""
    function = _function_of(ctx, stmt)
    torch = ctx.torch()
    sizes_stmt: ast.Assign | None = None
    if _is_assign_of(stmt, tolist):
        # `sizes = t.tolist()`: the one later use must be a split's sizes.
        assert isinstance(stmt, ast.Assign)
        sizes_stmt = stmt
        sizes_name = stmt.targets[0].id  # type: ignore[attr-defined]
        uses = _uses_after(function, sizes_name, stmt)
        if len(uses) != 1:
            raise NotRewritable(f"`{sizes_name}` is used more than once")
        sizes_use: ast.expr = uses[0]
    else:
        sizes_use, sizes_name = tolist, ""
    split = ctx.parent(sizes_use)
    source, dim = _split_call(ctx, split, sizes_use)
    assert isinstance(split, ast.Call)

    # The chunks: a name used once, or the split written in the comprehension; or several
    # tensors split alike and zipped (`zip(*[torch.split(t, s, 2) for t in (q, k, v)])`).
    split_stmt, iterable, sources = _chunks(ctx, function, split, source)
    found = loop_parts.comprehension_over(ctx, iterable)
    if found is None or found[0].is_async:
        raise NotRewritable("the chunks are not iterated by a one-loop comprehension")
    generator, comprehension, consumer = found
    chunk_names = loop_parts.loop_targets(generator.target, "the comprehension's target")
    if len(chunk_names) != len(sources):
        raise NotRewritable("the comprehension does not name one chunk per split tensor")
    pieces_stmt: ast.Assign | None = None
    handed: ast.expr = comprehension
    holder = loop_parts.statement_of(ctx, comprehension)
    if isinstance(comprehension, ast.ListComp) and _is_assign_of(holder, comprehension):
        # `outputs = [f(c) for c in chunks]` ... `torch.cat(outputs, dim=2)`
        assert isinstance(holder, ast.Assign)
        pieces_stmt = holder
        uses = _uses_after(function, holder.targets[0].id, holder)  # type: ignore[attr-defined]
        if len(uses) != 1:
            raise NotRewritable("the list of pieces is used more than once")
        handed, consumer = uses[0], ctx.parent(uses[0])
    out_dim, stacked = _concatenation(ctx, consumer, handed)
    assert isinstance(consumer, ast.Call)
    consumer_stmt = loop_parts.statement_of(ctx, consumer)
    if consumer_stmt is None or _function_of(ctx, consumer_stmt) is not function:
        raise NotRewritable("the comprehension is not in the same function")

    taken = set(function_names(ctx, function).taken)
    offsets = fresh_name("_offsets", taken)
    start, size = fresh_name("_start", taken), fresh_name("_size", taken)
    body_name = fresh_name("_loop_body", taken)
    statements = [s for s in (sizes_stmt, split_stmt, pieces_stmt) if s is not None]
    cm = codemod_for(ctx, *statements, consumer_stmt)
    replacements: dict[ast.AST, Replacement] = {}

    receiver = tolist.func.value  # type: ignore[attr-defined]
    receiver_text = cm.bare(cm.find(receiver))
    setup: list[str] = []
    if sizes_stmt is not None:
        replacements[tolist] = cm.find(receiver)  # `sizes = t.tolist()` -> `sizes = t`
        sizes = sizes_name
    else:
        sizes = fresh_name("_sizes", taken)
        setup.append(f"{sizes} = {receiver_text}")
    setup.append(f"{offsets} = {sizes}.cumsum(0) - {sizes}")

    # Operands: the sizes, the offsets, the split tensors, and the tensors the piece reads.
    operands = [(sizes, sizes), (offsets, offsets)]
    chunk_lines: list[str] = []
    for chunk, one in zip(chunk_names, sources):
        text = cm.bare(cm.find(one))
        param = one.id if isinstance(one, ast.Name) else fresh_name("_source", taken)
        if param not in (p for p, _ in operands):
            operands.append((param, text))
        if checked:
            chunk_lines.append(f"{chunk} = {param}.narrow({dim}, {{start}}, {{size}})")
        else:
            chunk_lines.append(f"{chunk} = {param}[{{bounds}}]")
    for name in _free_names(comprehension.elt, set(chunk_names)):
        if name in (p for p, _ in operands) or name == "self":
            continue
        if _is_tensor_before(ctx, function, name, consumer_stmt):
            operands.append((name, name))
    bounds = [":"] * dim + [f"{start} : {start} + {size}"]
    piece = cm.bare(cm.find(comprehension.elt))
    if stacked:
        atomic = isinstance(comprehension.elt, ast.Name | ast.Attribute | ast.Subscript | ast.Call)
        piece = f"{piece if atomic else f'({piece})'}.unsqueeze({out_dim})"
    body = [
        f"{start} = {offsets}.index_select(0, i.reshape(1)).item()",
        f"{size} = {sizes}.index_select(0, i.reshape(1)).item()",
        *([f"{torch}._check({size} > 0)"] if checked else []),
        *(
            line.replace("{bounds}", ", ".join(bounds))
            .replace("{start}", start)
            .replace("{size}", size)
            for line in chunk_lines
        ),
        f"return {piece}",
    ]
    params = ", ".join(["i", *(p for p, _ in operands)])
    definition = f"def {body_name}({params}):\n" + "".join(f"    {b}\n" for b in body)
    args = [f"{sizes}.shape[0]", body_name, _tuple([text for _, text in operands])]
    if out_dim:
        args.append(f"({out_dim},)")
    top = getattr(consumer_stmt, "value", None) is consumer
    pieces = (
        pieces_stmt.targets[0].id  # type: ignore[attr-defined]
        if pieces_stmt is not None
        else fresh_name("_pieces", taken)
    )
    if not top:
        # Inside a longer expression the loop gets a statement of its own.
        text = cm.layout_call(consumer, "simple_loop_for", args, prefix=f"{pieces} = ")
        setup_after = [
            cm.statement_from(text + "\n", consumer_stmt).with_changes(
                leading_lines=[cst.EmptyLine(indent=False)]
            )
        ]
        call: cst.BaseExpression = cst.Name(pieces)
    else:
        setup_after = []
        call = cm.expr(cm.layout_call(consumer, "simple_loop_for", args))
    new_statements: list[cst.BaseStatement] = [
        cm.statement_from(line + "\n", consumer_stmt) for line in setup
    ]
    new_statements.append(
        cm.statement_from(definition, consumer_stmt).with_changes(
            leading_lines=[cst.EmptyLine(indent=False)]
        )
    )
    new_statements.extend(setup_after)
    for gone in (split_stmt, pieces_stmt):
        if gone is None:
            continue
        # The removed statements' own comments go with the statements that replace them.
        removed = cm.statement(gone)
        kept = Codemod.comment_lines(leading_lines(removed))
        new_statements[0] = with_leading(new_statements[0], kept)
        trailing = getattr(getattr(removed, "trailing_whitespace", None), "comment", None)
        if trailing is not None:
            new_statements[0] = with_comment(new_statements[0], trailing.value)
        replacements[gone] = REMOVE
    spaced = cm.statement(consumer_stmt)
    if not setup_after:
        spaced = with_leading(spaced, [cst.EmptyLine(indent=False)])
    # The consumer call becomes the new call, keeping its own parentheses.
    old_call = cm.find(consumer, cst.Call)
    assert isinstance(old_call, cst.Call)
    new_call = call.with_changes(lpar=old_call.lpar, rpar=old_call.rpar)
    swapped = spaced.visit(loop_parts.NodeSwap({id(old_call): new_call}))
    assert isinstance(swapped, cst.BaseStatement)
    replacements[consumer_stmt] = [*new_statements, swapped]
    edits: list[Edit] = list(cm.edits(replacements))
    imported = import_edit(ctx, "exportlint.ops", "simple_loop_for")
    if imported is not None:
        edits.append(imported)
    condition = "; every chunk must be non-empty (checked at run time)" if checked else ""
    return fix(
        "Keep the split sizes a tensor and loop over the chunks with "
        f"`exportlint.ops.simple_loop_for` ({_UNSAFE}{condition}); {torch}.split is no longer "
        "called",
        Applicability.UNSAFE,
        *edits,
    )


def _chunks(
    ctx: FixContext,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    split: ast.Call,
    source: ast.expr,
) -> tuple[ast.Assign | None, ast.expr, list[ast.expr]]:
    """The statement to remove (the split's, if it is named), the expression the
    comprehension iterates, and the tensors split."""
    holder = ctx.parent(split)
    if isinstance(holder, ast.ListComp) and holder.elt is split:
        # `splits = [torch.split(t, sizes, 2) for t in (q, k, v)]` ... `zip(*splits)`
        (generator,) = holder.generators
        target, tensors = generator.target, generator.iter
        if not (
            isinstance(target, ast.Name)
            and isinstance(source, ast.Name)
            and source.id == target.id
            and isinstance(tensors, ast.Tuple | ast.List)
            and all(isinstance(e, ast.Name) for e in tensors.elts)
            and not generator.ifs
        ):
            raise NotRewritable("the split tensors are not a tuple of names")
        assigned = loop_parts.statement_of(ctx, holder)
        if not _is_assign_of(assigned, holder):
            raise NotRewritable("the splits are not assigned to a name")
        assert isinstance(assigned, ast.Assign)
        uses = _uses_after(function, assigned.targets[0].id, assigned)  # type: ignore[attr-defined]
        starred = ctx.parent(uses[0]) if len(uses) == 1 else None
        zipped = ctx.parent(starred) if starred is not None else None
        if not (
            isinstance(starred, ast.Starred)
            and isinstance(zipped, ast.Call)
            and dotted(zipped.func) == "zip"
            and zipped.args == [starred]
            and not zipped.keywords
        ):
            raise NotRewritable("the splits are not used once, as `zip(*splits)`")
        return assigned, zipped, list(tensors.elts)
    statement = loop_parts.statement_of(ctx, split)
    if _is_assign_of(statement, split):
        assert isinstance(statement, ast.Assign)
        chunks = statement.targets[0].id  # type: ignore[attr-defined]
        uses = _uses_after(function, chunks, statement)
        if len(uses) != 1:
            raise NotRewritable(f"`{chunks}` is used more than once")
        return statement, uses[0], [source]
    return None, split, [source]


def _function_of(ctx: FixContext, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef:
    parent = ctx.parent(node)
    while parent is not None and not isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
        if isinstance(parent, ast.Lambda | ast.ClassDef):
            break
        parent = ctx.parent(parent)
    if not isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
        raise NotRewritable("the split is not inside a function")
    return parent


def _is_assign_of(stmt: ast.AST | None, value: ast.AST) -> bool:
    return (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and stmt.value is value
    )


def _uses_after(
    function: ast.FunctionDef | ast.AsyncFunctionDef, name: str, stmt: ast.stmt
) -> list[ast.Name]:
    end = stmt.end_lineno or stmt.lineno
    return [
        n for n in walk(function) if isinstance(n, ast.Name) and n.id == name and n.lineno > end
    ]


def _split_call(ctx: FixContext, split: ast.AST | None, sizes: ast.expr) -> tuple[ast.expr, int]:
    """`torch.split(x, sizes[, dim])` / `x.split(sizes[, dim])`: the tensor and the axis."""
    if not isinstance(split, ast.Call):
        raise NotRewritable("the sizes are not handed to torch.split")
    qualified = (dotted(split.func) or "").rsplit(".", 1)
    root = ctx.imports.get(qualified[0], "") if len(qualified) == 2 else ""
    dim_node: ast.expr | None = None
    if root == "torch" and qualified[-1] == "split":
        if len(split.args) < 2 or split.args[1] is not sizes:
            raise NotRewritable("the sizes are not torch.split's second argument")
        source = split.args[0]
        rest = split.args[2:]
    elif isinstance(split.func, ast.Attribute) and split.func.attr == "split" and split.args:
        if split.args[0] is not sizes:
            raise NotRewritable("the sizes are not the split's first argument")
        source, rest = split.func.value, split.args[1:]
        value = ctx.value_of(source)
        if value is None or value.kind is not Kind.TENSOR:
            raise NotRewritable("the split is not known to be a tensor's")
    else:
        raise NotRewritable("the sizes are not handed to torch.split")
    if len(rest) > 1:
        raise NotRewritable("the split has arguments the rewrite does not keep")
    dim_node = rest[0] if rest else None
    for keyword in split.keywords:
        if keyword.arg == "dim":
            dim_node = keyword.value
        else:
            raise NotRewritable("the split has arguments the rewrite does not keep")
    dim = _literal_axis(dim_node, "the split axis")
    return source, dim


def _literal_axis(node: ast.expr | None, what: str) -> int:
    """The axis an argument names (0 when it is not given); the rewrite only slices along an
    axis it can count from the front."""
    if node is None:
        return 0
    if not (isinstance(node, ast.Constant) and type(node.value) is int) or node.value < 0:
        raise NotRewritable(f"{what} is not a non-negative literal")
    return node.value


def _concatenation(
    ctx: FixContext, consumer: ast.AST | None, comprehension: ast.AST
) -> tuple[int, bool]:
    if not (isinstance(consumer, ast.Call) and consumer.args and consumer.args[0] is comprehension):
        raise NotRewritable("the comprehension is not handed straight to torch.cat / torch.stack")
    qualified = (dotted(consumer.func) or "").rsplit(".", 1)
    root = ctx.imports.get(qualified[0], "") if len(qualified) == 2 else ""
    if root != "torch" or qualified[-1] not in ("cat", "stack", "concat", "concatenate"):
        raise NotRewritable("the comprehension is not handed straight to torch.cat / torch.stack")
    dim_node = consumer.args[1] if len(consumer.args) > 1 else None
    if len(consumer.args) > 2:
        raise NotRewritable("torch.cat / torch.stack has arguments the rewrite does not keep")
    for keyword in consumer.keywords:
        if keyword.arg in ("dim", "axis"):
            dim_node = keyword.value
        else:
            raise NotRewritable("torch.cat / torch.stack has arguments the rewrite does not keep")
    dim = _literal_axis(dim_node, "the concatenation axis")
    return dim, qualified[-1] == "stack"


def _free_names(node: ast.expr, bound: set[str]) -> list[str]:
    out: list[str] = []
    for child in walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
            if child.id not in bound and child.id not in out:
                out.append(child.id)
        elif isinstance(child, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp):
            raise NotRewritable("the piece holds a nested function or comprehension")
        elif isinstance(child, ast.GeneratorExp | ast.NamedExpr):
            raise NotRewritable("the piece holds a nested generator or walrus")
    return out


def _is_tensor_before(
    ctx: FixContext,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    name: str,
    before: ast.stmt,
) -> bool:
    """Whether `name` holds a tensor where the comprehension runs: its last evaluated read
    before that statement, or the value last assigned to it, is a tensor."""
    found: Kind | None = None
    where = (0, 0)
    for node in walk(function):
        if not isinstance(node, ast.Name) or node.id != name:
            continue
        position = (node.lineno, node.col_offset)
        if position >= (before.lineno, before.col_offset) or position < where:
            continue
        value = ctx.value_of(node) if isinstance(node.ctx, ast.Load) else None
        if value is None and isinstance(node.ctx, ast.Store):
            parent = ctx.parent(node)
            if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
                value = ctx.value_of(parent.value)
        if value is not None:
            found, where = value.kind, position
            if value.is_container:
                found = None
    return found is Kind.TENSOR


def _tuple(items: list[str]) -> str:
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
