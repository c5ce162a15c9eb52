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
from exportlint.codemods import NotRewritable
from exportlint.codemods.branches import function_names
from exportlint.codemods.core import (
    REMOVE,
    Codemod,
    Replacement,
    codemod_for,
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


def rewrite_split_tolist(ctx: FixContext, tolist: ast.Call, stmt: ast.stmt) -> Fix:
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

    # The chunks: a name used once, or the split written in the comprehension.
    split_stmt: ast.Assign | None = None
    iterable: ast.expr = split
    if _is_assign_of(_statement_of(ctx, split), split):
        split_stmt = _statement_of(ctx, split)  # type: ignore[assignment]
        chunks = split_stmt.targets[0].id  # type: ignore[union-attr]
        uses = _uses_after(function, chunks, split_stmt)  # type: ignore[arg-type]
        if len(uses) != 1:
            raise NotRewritable(f"`{chunks}` is used more than once")
        iterable = uses[0]
    generator = ctx.parent(iterable)
    comprehension = ctx.parent(generator) if generator is not None else None
    consumer = ctx.parent(comprehension) if comprehension is not None else None
    if not (
        isinstance(generator, ast.comprehension)
        and generator.iter is iterable
        and not generator.ifs
        and not generator.is_async
        and isinstance(generator.target, ast.Name)
        and isinstance(comprehension, ast.ListComp | ast.GeneratorExp)
        and len(comprehension.generators) == 1
    ):
        raise NotRewritable("the chunks are not iterated by a one-loop comprehension")
    out_dim, stacked = _concatenation(ctx, consumer, comprehension)
    assert isinstance(consumer, ast.Call)
    consumer_stmt = _statement_of(ctx, consumer)
    if consumer_stmt is None or _function_of(ctx, consumer_stmt) is not function:
        raise NotRewritable("the comprehension is not in the same function")
    chunk = generator.target.id

    taken = set(function_names(ctx, function).taken)
    offsets = _fresh("_offsets", taken)
    start, size = _fresh("_start", taken), _fresh("_size", taken)
    body_name = _fresh("_loop_body", taken)
    statements = [s for s in (sizes_stmt, split_stmt) if s is not None]
    cm = codemod_for(ctx, *statements, consumer_stmt)
    replacements: dict[ast.AST, Replacement] = {}

    receiver = tolist.func.value  # type: ignore[attr-defined]
    receiver_text = cm.code(_bare(cm.find(receiver)))
    setup: list[str] = []
    if sizes_stmt is not None:
        replacements[tolist] = cm.find(receiver)  # `sizes = t.tolist()` -> `sizes = t`
        sizes = sizes_name
    else:
        sizes = _fresh("_sizes", taken)
        setup.append(f"{sizes} = {receiver_text}")
    setup.append(f"{offsets} = {sizes}.cumsum(0) - {sizes}")

    # Operands: the sizes, the offsets, the split tensor, and the tensors the piece reads.
    source_text = cm.code(_bare(cm.find(source)))
    source_param = source.id if isinstance(source, ast.Name) else _fresh("_source", taken)
    operands = [(sizes, sizes), (offsets, offsets), (source_param, source_text)]
    for name in _free_names(comprehension.elt, {chunk}):
        if name in (p for p, _ in operands) or name == "self":
            continue
        if _is_tensor_before(ctx, function, name, consumer_stmt):
            operands.append((name, name))
    bounds = [":"] * dim + [f"{start} : {start} + {size}"]
    piece = cm.code(_bare(cm.find(comprehension.elt)))
    if stacked:
        atomic = isinstance(comprehension.elt, ast.Name | ast.Attribute | ast.Subscript | ast.Call)
        piece = f"{piece if atomic else f'({piece})'}.unsqueeze({out_dim})"
    body = [
        f"{start} = {offsets}.index_select(0, i.reshape(1)).item()",
        f"{size} = {sizes}.index_select(0, i.reshape(1)).item()",
        f"{chunk} = {source_param}[{', '.join(bounds)}]",
        f"return {piece}",
    ]
    params = ", ".join(["i", *(p for p, _ in operands)])
    definition = f"def {body_name}({params}):\n" + "".join(f"    {b}\n" for b in body)
    args = [f"{sizes}.shape[0]", body_name, _tuple([text for _, text in operands])]
    if out_dim:
        args.append(f"({out_dim},)")
    call = cm.expr(cm.layout_call(consumer, "simple_loop_for", args))
    new_statements: list[cst.BaseStatement] = [
        cm.statement_from(line + "\n", consumer_stmt) for line in setup
    ]
    new_statements.append(
        cm.statement_from(definition, consumer_stmt).with_changes(
            leading_lines=[cst.EmptyLine(indent=False)]
        )
    )
    if split_stmt is not None:
        # The split's own comments go with the statements that replace it.
        removed = cm.statement(split_stmt)
        kept = Codemod.comment_lines(leading_lines(removed))
        new_statements[0] = with_leading(new_statements[0], kept)
        trailing = getattr(getattr(removed, "trailing_whitespace", None), "comment", None)
        if trailing is not None:
            new_statements[0] = with_comment(new_statements[0], trailing.value)
    spaced = with_leading(cm.statement(consumer_stmt), [cst.EmptyLine(indent=False)])
    if split_stmt is not None:
        replacements[split_stmt] = REMOVE
    swapped = spaced.visit(_Swap(cm, consumer, call))
    assert isinstance(swapped, cst.BaseStatement)
    replacements[consumer_stmt] = [*new_statements, swapped]
    edits: list[Edit] = list(cm.edits(replacements))
    imported = import_edit(ctx, "exportlint.ops", "simple_loop_for")
    if imported is not None:
        edits.append(imported)
    return fix(
        "Keep the split sizes a tensor and loop over the chunks with "
        f"`exportlint.ops.simple_loop_for` ({_UNSAFE}); {torch}.split is no longer called",
        Applicability.UNSAFE,
        *edits,
    )


class _Swap(cst.CSTTransformer):
    """Replace the consumer call inside its (moved) statement."""

    def __init__(self, cm: Codemod, node: ast.AST, new: cst.BaseExpression) -> None:
        self.target = cm.find(node, cst.Call)
        self.new = new

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode:
        if original_node is self.target:
            return self.new.with_changes(
                lpar=getattr(original_node, "lpar", ()), rpar=getattr(original_node, "rpar", ())
            )
        return updated_node


def _bare(node: cst.CSTNode) -> cst.CSTNode:
    if getattr(node, "lpar", None):
        return node.with_changes(lpar=[], rpar=[])
    return node


def _function_of(ctx: FixContext, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef:
    parent = ctx.parent(node)
    while parent is not None and not isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
        if isinstance(parent, ast.Lambda | ast.ClassDef):
            break
        parent = ctx.parent(parent)
    if not isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
        raise NotRewritable("the split is not inside a function")
    return parent


def _statement_of(ctx: FixContext, node: ast.AST) -> ast.stmt | None:
    parent = ctx.parent(node)
    while parent is not None and not isinstance(parent, ast.stmt):
        parent = ctx.parent(parent)
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
        n for n in ast.walk(function) if isinstance(n, ast.Name) and n.id == name and n.lineno > end
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
    dim = 0
    if dim_node is not None:
        if not (isinstance(dim_node, ast.Constant) and type(dim_node.value) is int):
            raise NotRewritable("the split axis is not a non-negative literal")
        dim = dim_node.value
    if dim < 0:
        raise NotRewritable("the split axis is not a non-negative literal")
    return source, dim


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
    dim = 0
    if dim_node is not None:
        if not (isinstance(dim_node, ast.Constant) and type(dim_node.value) is int):
            raise NotRewritable("the concatenation axis is not a non-negative literal")
        dim = dim_node.value
    if dim < 0:
        raise NotRewritable("the concatenation axis is not a non-negative literal")
    return dim, qualified[-1] == "stack"


def _free_names(node: ast.expr, bound: set[str]) -> list[str]:
    out: list[str] = []
    for child in ast.walk(node):
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
    for node in ast.walk(function):
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


def _fresh(base: str, taken: set[str]) -> str:
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}_{number}"
    taken.add(name)
    return name


def _tuple(items: list[str]) -> str:
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
