"""Host copies of a tensor used as Python numbers (EXL202): `.numpy()` -> `.tolist()`.

    counts = cnts.sum(dim=0).cpu().numpy()          counts = cnts.sum(dim=0).cpu().tolist()
    start = 0                                       start = 0
    for i, n in enumerate(counts):                  for i, n in enumerate(counts):
        end = start + n                      ->         end = start + n
        if n == 0:                                      out.append(self.experts[i](x[start:end]))
            continue                                    start = end
        out.append(self.experts[i](x[start:end]))
        start = end

torch.export cannot make a numpy array of a traced tensor, but it can make a list of Python
numbers of one of static length (`.tolist()` gives one unbacked symbolic int per element, and
slices and sizes built from them stay symbolic). A list is what an array of counts is used
as in a loop or an index; whole-array numpy arithmetic (`counts * 2`, `counts.cumsum()`)
is not, so only names used as loop iterables, indexed, or measured with `len()` are rewritten.

A loop over such numbers often skips the empty pieces (`if n == 0: continue`): a test on a
data-dependent number that export cannot decide. A piece of size zero usually contributes
nothing (an empty slice through a layer is an empty output, concatenated to nothing), so the
first candidate drops the skip as well; it is right when the body does nothing with an empty
piece, which --fix --verify checks. Measured on torch 2.13 (export, ONNX, onnxruntime on
unseen sizes) with DeepSeek's `moe_infer`.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.analysis.imports import qualified_name
from exportlint.analysis.walk import walk
from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.core import REMOVE, Replacement, codemod_for
from exportlint.codemods.names import assigned_method_result, function_of, in_loop
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix


def numpy_to_list(ctx: FixContext, call: ast.Call, stmt: ast.stmt, drop_skips: bool) -> Fix:
    """`name = t.numpy()` (`t.cpu().numpy()`, ...) -> `name = t.tolist()` when `name` is only
    iterated, indexed or measured; with `drop_skips`, `if n == 0: continue` in the loops over
    it is removed too (raises NotRewritable when there is none to remove)."""
    name = assigned_method_result(call, stmt, "numpy", "array")
    function = function_of(ctx, stmt)
    if in_loop(ctx, stmt, function):
        raise NotRewritable("the array is made in a loop")
    elements = _element_names(ctx, function, name, stmt)
    skips = _skips(ctx, function, elements) if drop_skips else []
    if drop_skips and not skips:
        raise NotRewritable("no skip of empty pieces to drop")
    cm = codemod_for(ctx, stmt, *skips)
    original = cm.find(call, cst.Call)
    assert isinstance(original, cst.Call)
    func = original.func
    if not isinstance(func, cst.Attribute):  # pragma: no cover - checked on the ast
        raise NotRewritable("the call could not be located in the syntax tree")
    replacements: dict[ast.AST, Replacement] = {
        call: original.with_changes(func=func.with_changes(attr=cst.Name("tolist")))
    }
    for skip in skips:
        replacements[skip] = REMOVE
    if skips:
        description = (
            "Read the numbers with `.tolist()` instead of `.numpy()` and drop the skip of "
            "empty pieces (`if ... == 0: continue`, a test export cannot decide): right when "
            "the loop body does nothing with an empty piece"
        )
    else:
        description = (
            "Read the numbers with `.tolist()` instead of `.numpy()` (symbolic ints under "
            "export; the array is only iterated, indexed or measured)"
        )
    return fix(description, Applicability.UNSAFE, *cm.edits(replacements))


def _element_names(
    ctx: FixContext, function: ast.AST, name: str, stmt: ast.stmt
) -> list[tuple[ast.For, str]]:
    """Every use of `name` after `stmt` (which must not be in a loop: a use above it would
    read the array of the previous turn) is a loop iterable (`for n in name`, `enumerate(name)`,
    `zip(..., name)`), an index (`name[i]`) or `len(name)`; returns the loops and the name
    each binds to an element."""
    loops: list[tuple[ast.For, str]] = []
    for node in walk(function):
        if not (isinstance(node, ast.Name) and node.id == name):
            continue
        if node.lineno <= (stmt.end_lineno or stmt.lineno):
            continue  # the tensor, before it is copied (straight-line code only, see below)
        if not isinstance(node.ctx, ast.Load):
            raise NotRewritable(f"`{name}` is assigned again")
        parent = ctx.parent(node)
        if isinstance(parent, ast.Subscript) and parent.value is node:
            if isinstance(parent.slice, ast.Slice | ast.Tuple):
                raise NotRewritable(f"`{name}` is sliced: a list slice is no array")
            continue
        if (
            isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Name)
            and parent.func.id in ("len", "enumerate", "zip", "list", "reversed")
            and node in parent.args
        ):
            if parent.func.id in ("enumerate", "zip"):
                loop = ctx.parent(parent)
                if isinstance(loop, ast.For) and loop.iter is parent:
                    element = _bound(loop.target, parent, node)
                    if element is not None:
                        loops.append((loop, element))
            continue
        if isinstance(parent, ast.For) and parent.iter is node:
            if isinstance(parent.target, ast.Name):
                loops.append((parent, parent.target.id))
            continue
        if isinstance(parent, ast.comprehension) and parent.iter is node:
            continue
        raise NotRewritable(f"`{name}` is used as an array (`{ast.unparse(parent or node)}`)")
    return loops


def _bound(target: ast.expr, made: ast.Call, node: ast.expr) -> str | None:
    """The name `for i, n in enumerate(a)` / `for x, n in zip(b, a)` binds to `a`'s element."""
    if not isinstance(target, ast.Tuple):
        return None
    func = made.func.id  # type: ignore[attr-defined]
    index = 1 if func == "enumerate" else made.args.index(node)
    if index >= len(target.elts) or not isinstance(target.elts[index], ast.Name):
        return None
    return str(target.elts[index].id)  # type: ignore[attr-defined]


def _skips(ctx: FixContext, function: ast.AST, loops: list[tuple[ast.For, str]]) -> list[ast.If]:
    """`if n == 0: continue` (`not n`, `n <= 0`, `n < 1`) directly in the loops' bodies, with
    no comment to lose."""
    found: list[ast.If] = []
    for loop, element in loops:
        for statement in loop.body:
            if (
                isinstance(statement, ast.If)
                and not statement.orelse
                and len(statement.body) == 1
                and isinstance(statement.body[0], ast.Continue)
                and _tests_empty(statement.test, element)
                and not _has_comment(ctx, statement)
            ):
                found.append(statement)
    return found


def _tests_empty(test: ast.expr, element: str) -> bool:
    def is_element(node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and node.id == element

    def is_number(node: ast.expr, value: int) -> bool:
        return isinstance(node, ast.Constant) and node.value == value and type(node.value) is int

    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return is_element(test.operand)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if is_element(right) and isinstance(op, ast.Eq):
        left, right = right, left
    if not is_element(left):
        return False
    return (isinstance(op, ast.Eq | ast.LtE) and is_number(right, 0)) or (
        isinstance(op, ast.Lt) and is_number(right, 1)
    )


def _has_comment(ctx: FixContext, statement: ast.stmt) -> bool:
    first = statement.lineno
    last = statement.end_lineno or first
    lines = ctx.lines[first - 2 : last] if first > 1 else ctx.lines[:last]
    return any("#" in line for line in lines)


def index_with_tensor(ctx: FixContext, call: ast.Call, stmt: ast.stmt) -> Fix:
    """`x[t.tolist()]` -> `x[t]` (also `name = t.tolist()` whose every later use is such an
    index): indexing a tensor with a list of ints (or bools) and with the tensor of them
    selects the same elements, and the tensor stays in the graph."""
    if not (isinstance(call.func, ast.Attribute) and not call.args and not call.keywords):
        raise NotRewritable("not a `.tolist()` call")
    receiver = call.func.value
    uses: list[ast.expr] = [call]
    if (
        isinstance(stmt, ast.Assign)
        and stmt.value is call
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
    ):
        name = stmt.targets[0].id
        function = function_of(ctx, stmt)
        if in_loop(ctx, stmt, function):
            raise NotRewritable("the list is made in a loop")
        uses = [
            n
            for n in walk(function)
            if isinstance(n, ast.Name) and n.id == name and n.lineno > (stmt.end_lineno or 0)
        ]
        if not uses or any(not isinstance(n.ctx, ast.Load) for n in uses):  # type: ignore[attr-defined]
            raise NotRewritable(f"`{name}` is assigned again or never used")
    for use in uses:
        if not _is_index(ctx, use):
            raise NotRewritable("the list is used other than as an index")
    # Only the `.tolist()` goes: a name holding it then holds the tensor.
    cm = codemod_for(ctx, stmt)
    edits = cm.edits({call: cm.find(receiver)})
    return fix(
        "Index with the tensor itself instead of its `.tolist()` (the same elements; exact "
        "when the indexed value is a tensor)",
        Applicability.UNSAFE,
        *edits,
    )


def _is_index(ctx: FixContext, node: ast.expr) -> bool:
    """`x[node]` or `x[..., node]` / `x[:, node]` (one list among slices)."""
    parent = ctx.parent(node)
    if isinstance(parent, ast.Subscript) and parent.slice is node:
        return isinstance(parent.ctx, ast.Load)
    if isinstance(parent, ast.Tuple):
        holder = ctx.parent(parent)
        others = [e for e in parent.elts if e is not node]
        return (
            isinstance(holder, ast.Subscript)
            and holder.slice is parent
            and isinstance(holder.ctx, ast.Load)
            and all(
                isinstance(e, ast.Slice) or (isinstance(e, ast.Constant) and e.value is Ellipsis)
                for e in others
            )
        )
    return False


# `torch.nonzero(v, as_tuple=True)[0]`, `torch.where(v)[0]`: the positions of `v`'s non-zero
# entries along its first axis (`v.nonzero(as_tuple=True)[0]` too).
_INDEX_FINDERS = frozenset({"nonzero", "where", "argwhere"})
# `torch.nonzero(v).squeeze(-1)`, `.flatten()`, `.view(-1)`, `[:, 0]`: the same for a 1-D `v`.
_FLATTENERS = frozenset({"squeeze", "flatten", "view", "reshape", "ravel"})


def loop_over_every_index(ctx: FixContext, call: ast.Call, stmt: ast.stmt) -> Fix:
    """`for e in torch.nonzero(hits, as_tuple=True)[0].tolist():` (also through a name only
    iterated) -> `for e in range(hits.shape[0]):`.

    The loop visits every position instead of the non-zero ones: the count is the static
    length of the axis (the number of experts of a mixture-of-experts layer), not data, so
    export unrolls it. Right when `hits` is 1-D and the body does nothing for a position
    with no entries (a boolean selection that is empty; measured on switch-transformers'
    expert loop: export, ONNX and onnxruntime match eager on unseen sizes)."""
    if not (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "tolist"
        and not call.args
        and not call.keywords
    ):
        raise NotRewritable("not a `.tolist()` call")
    function = function_of(ctx, stmt)
    receiver: ast.expr | None = call.func.value
    # Names the positions are computed from must keep their value down to the new `range`:
    # assigned after the `.tolist()` statement (it reads them before it stores), or, for
    # `hit = torch.nonzero(...)` then `hit.tolist()`, from `hit`'s assignment on.
    after = stmt.end_lineno or stmt.lineno
    if isinstance(receiver, ast.Name):
        assign = _single_assignment(ctx, function, receiver.id, stmt)
        receiver = assign.value if assign is not None else None
        after = assign.lineno - 1 if assign is not None else after
    values = _nonzero_source(ctx, receiver) if receiver is not None else None
    if values is None:
        raise NotRewritable("not the positions of the non-zero entries of a tensor")
    if _stored_after(function, values, after):
        raise NotRewritable("a name of the tensor is assigned again before the loop")
    if isinstance(stmt, ast.For) and stmt.iter is call:
        loops = [stmt]
    elif (
        isinstance(stmt, ast.Assign)
        and stmt.value is call
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
    ):
        if in_loop(ctx, stmt, function):
            raise NotRewritable("the list is made in a loop")
        loops = _only_iterated(ctx, function, stmt.targets[0].id, stmt)
    else:
        raise NotRewritable("the list is not iterated by a `for` loop")
    if not all(isinstance(loop.target, ast.Name) for loop in loops):
        raise NotRewritable("the loop unpacks its element")
    cm = codemod_for(ctx, stmt)
    length = ex.attribute(ex.atom(ex.node_of(ctx, values)), "shape")
    counted = ex.call("range", ex.index(length, 0))
    shown = ast.unparse(values)
    return fix(
        f"Loop over every position of `{shown}` (`range({shown}.shape[0])`, a static count) "
        "instead of the positions of its non-zero entries (data): right when it is 1-D and "
        "the loop body does nothing for a position without entries (an empty selection)",
        Applicability.UNSAFE,
        *cm.edits({call: counted}),
    )


def _nonzero_source(ctx: FixContext, node: ast.expr) -> ast.expr | None:
    """`v` for the positions of the non-zero entries of `v` along its first axis, written
    `torch.nonzero(v, as_tuple=True)[0]`, `torch.where(v)[0]`, `v.nonzero().squeeze(-1)`, ...;
    a comparison with a number (`counts > 0`) gives `counts`, which has the same shape."""
    found: ast.expr | None = None
    if isinstance(node, ast.Subscript):
        inner, position = node.value, node.slice
        if isinstance(position, ast.Constant) and position.value == 0:
            found = _finder_argument(ctx, inner, as_tuple=True)
        elif (
            isinstance(position, ast.Tuple)
            and len(position.elts) == 2
            and isinstance(position.elts[0], ast.Slice)
            and isinstance(position.elts[1], ast.Constant)
            and position.elts[1].value == 0
        ):
            found = _finder_argument(ctx, inner, as_tuple=False)  # `torch.nonzero(v)[:, 0]`
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _FLATTENERS
    ):
        found = _finder_argument(ctx, node.func.value, as_tuple=False)
    if found is None:
        return None
    if (
        isinstance(found, ast.Compare)
        and len(found.ops) == 1
        and isinstance(found.comparators[0], ast.Constant)
        and isinstance(found.comparators[0].value, int | float)
    ):
        return found.left  # elementwise against a number: the same shape
    return found


def _finder_argument(ctx: FixContext, node: ast.expr, as_tuple: bool) -> ast.expr | None:
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr not in _INDEX_FINDERS:
        return None
    keywords = {k.arg: k.value for k in node.keywords}
    tuple_kw = keywords.pop("as_tuple", None)
    if keywords:
        return None
    is_tuple = func.attr == "where" or (
        isinstance(tuple_kw, ast.Constant) and tuple_kw.value is True
    )
    if func.attr == "argwhere" and tuple_kw is not None:
        return None
    if is_tuple != as_tuple:
        return None
    if qualified_name(func, ctx.imports, ()) == f"torch.{func.attr}":
        return node.args[0] if len(node.args) == 1 else None
    if func.attr == "where" or node.args:
        return None  # `v.where(cond, other)` is a selection, not positions
    return func.value


def _only_iterated(ctx: FixContext, function: ast.AST, name: str, stmt: ast.stmt) -> list[ast.For]:
    """The `for` loops iterating `name` after `stmt`; raises when `name` is used otherwise."""
    loops: list[ast.For] = []
    end = stmt.end_lineno or stmt.lineno
    for node in walk(function):
        if not (isinstance(node, ast.Name) and node.id == name) or node.lineno <= end:
            continue
        parent = ctx.parent(node)
        if not (isinstance(node.ctx, ast.Load) and isinstance(parent, ast.For)):
            raise NotRewritable(f"`{name}` is used other than as a loop's iterable")
        if parent.iter is not node:
            raise NotRewritable(f"`{name}` is used other than as a loop's iterable")
        loops.append(parent)
    if not loops:
        raise NotRewritable(f"`{name}` is not iterated")
    return loops


def every_index_loop(ctx: FixContext, loop: ast.For) -> Fix:
    """`loop_over_every_index` for the `.tolist()` a `for` loop iterates, written in its
    header or assigned to the name it iterates (the same edit as EXL202's fix: the loop's
    diagnostic carries it too, and the fixer merges the two)."""
    iterable = loop.iter
    if isinstance(iterable, ast.Call):
        return loop_over_every_index(ctx, iterable, loop)
    if not isinstance(iterable, ast.Name):
        raise NotRewritable("the loop does not iterate a `.tolist()`")
    function = function_of(ctx, loop)
    assigned = [
        node
        for node in walk(function)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == iterable.id for t in node.targets)
    ]
    if len(assigned) != 1 or not isinstance(assigned[0].value, ast.Call):
        raise NotRewritable(f"`{iterable.id}` is not assigned once from a `.tolist()`")
    return loop_over_every_index(ctx, assigned[0].value, assigned[0])


def _single_assignment(
    ctx: FixContext, function: ast.AST, name: str, use: ast.stmt
) -> ast.Assign | None:
    """The only assignment `name = value` in `function`, above `use` and not in a loop
    (None otherwise)."""
    found = [
        node
        for node in walk(function)
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.For)
        and any(
            isinstance(t, ast.Name) and t.id == name
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            for t in walk(target)
        )
    ]
    if len(found) != 1 or not isinstance(found[0], ast.Assign) or len(found[0].targets) != 1:
        return None
    assign = found[0]
    if not isinstance(assign.targets[0], ast.Name) or assign.lineno >= use.lineno:
        return None
    if in_loop(ctx, assign, function):
        return None
    return assign


def _stored_after(function: ast.AST, values: ast.expr, line: int) -> bool:
    """A name `values` reads is assigned in `function` below `line`."""
    names = {n.id for n in walk(values) if isinstance(n, ast.Name)}
    return any(
        isinstance(n, ast.Name)
        and n.id in names
        and not isinstance(n.ctx, ast.Load)
        and n.lineno > line
        for n in walk(function)
    )
