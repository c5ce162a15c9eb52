"""The branch family: Python control flow on tensors and sizes (EXL101, EXL102).

`if` / `elif` / `else` on a tensor or a dynamic size becomes `torch.cond(pred, true_fn,
false_fn, operands)`: the branch bodies become local functions (their CST statements moved,
comments and all, re-indented by libcst), names assigned in the branches and used afterwards
become the outputs,
a branch that returns makes the cond the return value, free tensor variables become operands
and everything else (submodules, `self`, Python values) stays a closure. An `elif` becomes an
`if` inside the false branch, which the next fixer round turns into a nested cond.

Everything that cannot be rewritten faithfully gets a display-only fix that says why.
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass

import libcst as cst

from exportlint.analysis.imports import dotted as dotted_name
from exportlint.analysis.kinds import Kind, Value
from exportlint.analysis.walk import walk_local
from exportlint.codemods import NotRewritable
from exportlint.codemods.core import (
    Codemod,
    codemod_for,
    indented,
    leading_lines,
    statements_of,
    with_comment,
    with_leading,
)
from exportlint.codemods.size_reads import axis_read
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, display_only, fix

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
_UNSAFE_NOTE = "both branches must produce tensors of the same shape and dtype"


_SPLIT_BOOLOP = (
    "Split the test: keep the Python part (`x is not None`, flags) as an `if`, and check the "
    "tensor part with torch._check(<tensor condition>.item())"
)


# Ops whose result has the shape of their (first) tensor argument and never aliases it.
_SAME_SHAPE_METHODS = frozenset(
    {
        "masked_fill", "clamp", "clamp_min", "clamp_max", "clip", "abs", "neg", "exp", "log",
        "log1p", "expm1", "tanh", "sigmoid", "relu", "sin", "cos", "sqrt", "rsqrt", "pow",
        "softmax", "log_softmax", "nan_to_num", "floor", "ceil", "round", "sign", "reciprocal",
        "square", "erf", "clone", "cumsum", "cumprod", "flip", "roll", "add", "sub", "mul",
        "div", "lerp", "logical_not", "bitwise_not",
    }
)  # fmt: skip
# torch functions that build a tensor from Python values alone.
_CONSTRUCTORS = frozenset({"tensor", "as_tensor", "full", "zeros", "ones", "arange", "linspace"})
_RESHAPING_METHODS = frozenset(
    {
        "reshape", "view", "flatten", "squeeze", "unsqueeze", "mean", "sum", "amax", "amin",
        "permute", "transpose", "narrow", "select", "index_select", "repeat", "expand",
        "unfold", "max", "min", "prod", "std", "var", "norm", "argmax", "argmin", "t",
        "view_as", "reshape_as", "expand_as", "diagonal", "tril_indices", "nonzero",
    }
)  # fmt: skip
_SAME_SHAPE_FUNCTIONS = frozenset(
    {
        "tanh", "sigmoid", "relu", "exp", "log", "abs", "clamp", "clip", "sqrt", "rsqrt",
        "sin", "cos", "softmax", "log_softmax", "gelu", "silu", "elu", "leaky_relu",
        "normalize", "dropout", "nan_to_num", "neg", "erf", "softplus", "hardtanh", "relu6",
        "mish", "logsigmoid", "layer_norm", "sign", "square",
    }
)  # fmt: skip


def rewrite_if(
    ctx: FixContext,
    stmt: ast.If,
    env: Mapping[str, Value],
    function: FunctionNode | None,
    test_value: Value | None = None,
) -> list[Fix]:
    """The candidate rewrites of an `if` (best first): `torch.where` per output when both
    branches are plain assignments or returns of tensors that look alike, then `torch.cond`.
    What static analysis cannot prove (the shapes of the branches' results) does not withhold
    a candidate: it is labelled unsafe with the condition, and `--fix --verify` decides."""
    top = _top_of_chain(ctx, stmt)
    if top is not stmt:
        test_value = None  # an elif: the value of the top test is not known here
        # Every `elif` of a chain rewrites the same top `if`: compute that once, else a chain
        # of n hazardous branches costs n rewrites of n branches (tests/test_lint_scaling.py).
        known = ctx.rewrites.get(id(top))
        if known is not None:
            return known
    found: list[Fix] = []
    why: NotRewritable | None = None
    rewrite = _CondRewrite(ctx, top, env, function, test_value)
    try:
        found = rewrite.candidates()
    except NotRewritable as error:
        why = error
    if top is stmt and not top.orelse:
        # `if not t.any(): t[0] = True`: torch.cond cannot change a tensor in place.
        from exportlint.codemods.masked_writes import rewrite_masked_writes

        taken = set(function_names(ctx, function).taken) if function is not None else set()
        with contextlib.suppress(NotRewritable):
            found = [rewrite_masked_writes(ctx, top, taken), *found]
    from exportlint.codemods.size_branches import filters_by_mask, run_always

    # Work that is a no-op when the test is false (a crop by 0, a resize to the size it has,
    # a filter by a mask that keeps everything) runs always, first: exact in those cases,
    # where torch.cond must trace both branches on the same sizes.
    # ...unless the branches only choose integers: `torch.sym_ite` is exact, running the
    # work always is not (`extra = 0; if n % 8: extra = 8 - n % 8`).
    size_test = test_value is not None and test_value.kind is Kind.DIM and not rewrite.int_outputs
    # After torch.cond for a data test: `if t.sum() > 0: x = cat(x, t)` is no no-op.
    first = size_test or filters_by_mask(top) or _selection_not_empty(top)
    # A lint that builds only the first candidates (--fix, --diff) stops here when it has
    # them, unless the run-always or the skip candidate comes first (exportlint.candidates).
    limit = ctx.candidate_limit
    enough = not first and limit is not None and sum(1 for f in found if f.edits) >= limit
    fast = _fast_path(top, test_value)
    unguarded = [] if enough else run_always(ctx, top)
    skip = _skip_when_exporting(ctx, top, function) if fast or not enough else None
    found = [*unguarded, *found] if first else [*found, *unguarded]
    if not enough:
        found = [*found, *filter(None, [_no_skip_when_empty(ctx, top)])]
    if skip is not None:
        if fast:
            found.insert(0, skip)
        else:
            found.append(skip)  # last: it changes what the exported program computes
    if not found:
        found = [
            display_only(
                f"Rewrite with torch.cond(pred, true_fn, false_fn, operands) by hand: {why}"
            )
        ]
    # The candidates of a chain are the top `if`'s (its diagnostic comes first, with the
    # value of its test): every `elif` diagnostic of the chain reuses them.
    ctx.rewrites[id(top)] = found
    return found


def _skip_when_exporting(
    ctx: FixContext, stmt: ast.If, function: FunctionNode | None
) -> Fix | None:
    """`if seq_len > self.max_seq_len_cached: self._set_cache(seq_len)` or `if n <= k:
    return x` -> `if not torch.compiler.is_exporting() and ...`: the exported program always
    takes the other path. What transformers does for its cache updates and fast paths; right
    only when the inputs the exported model sees never take the branch (a cache already large
    enough), or when both paths agree (an early return of what the rest computes anyway, like
    an interpolation to the same size). Offered for branches with no output but state or an
    early return; only a run can tell, so it is unsafe and comes last."""
    if function is None or isinstance(function, ast.Lambda) or stmt.orelse:
        return None
    body = stmt.body
    if _always_returns(body):
        rest = _rest_after(function, stmt)
        if not rest or not _always_returns(rest):
            return None
    elif _exits_procedure(body, function):
        pass  # `if cache_is_long_enough: return` in a method that rebuilds the cache after
    elif _contains_return(body) or not _effects_only(body):
        return None  # only calls for their effect (a cache update, a warning) qualify
    torch = ctx.torch()
    cm = codemod_for(ctx, stmt)
    node = cm.find(stmt, cst.If)
    assert isinstance(node, cst.If)
    test = cm.bare(node.test)
    needs_parens = isinstance(
        stmt.test, ast.BoolOp | ast.IfExp | ast.Lambda | ast.NamedExpr
    ) and not (isinstance(stmt.test, ast.BoolOp) and isinstance(stmt.test.op, ast.And))
    if needs_parens:
        test = f"({test})"
    text = f"not {torch}.compiler.is_exporting() and {test}"
    return fix(
        f"Skip the branch under export: `if not {torch}.compiler.is_exporting() and ...` "
        "(unsafe: the exported program always takes the other path; right only when the "
        "inputs it sees never take this branch, or both paths give the same result; "
        "--fix --verify checks it)",
        Applicability.UNSAFE,
        *cm.edits({stmt.test: cm.expr(text)}),
    )


def _effects_only(body: list[ast.stmt]) -> bool:
    """The block only calls for an effect: `self._build_cache(n)`, `warnings.warn(...)`,
    `logger.info(...)`, also under nested `if`s (mmseg's resize warns only when sizes are
    not aligned). Nothing it computes is kept, so skipping it under export changes no
    output unless a call changes state."""
    for statement in body:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            continue
        if (
            isinstance(statement, ast.If)
            and _effects_only(statement.body)
            and (not statement.orelse or _effects_only(statement.orelse))
        ):
            continue
        return False
    return bool(body)


def _exits_procedure(body: list[ast.stmt], function: FunctionNode) -> bool:
    """`if self.pe.size(1) >= n: ...; return` in a function that returns no value (a cache
    refresh): the block ends in a bare `return` and returns nowhere else, and the function
    returns nothing anywhere. Skipped under export, the rest (the rebuild) always runs."""
    if not body or not isinstance(body[-1], ast.Return) or body[-1].value is not None:
        return False
    if _contains_return(body[:-1]):
        return False
    return not any(
        isinstance(n, ast.Return) and n.value is not None
        for n in walk_local(getattr(function, "body", []))
    )


def _fast_path(stmt: ast.If, test_value: Value | None) -> bool:
    """`if height == self.grid: return self.pos`: a size test whose branch returns a value
    as it is, a shortcut for the sizes the general path after it handles too. torch.cond
    cannot join the two (they differ in shape for other sizes); tracing the general path
    is what exports."""
    if test_value is None or test_value.kind is not Kind.DIM:
        return False
    body = stmt.body
    return (
        len(body) == 1
        and isinstance(body[0], ast.Return)
        and isinstance(body[0].value, ast.Name | ast.Attribute)
    )


def _rest_after(function: FunctionNode, stmt: ast.stmt) -> list[ast.stmt]:
    body = getattr(function, "body", [])
    for index, statement in enumerate(body):
        if statement is stmt:
            return list(body[index + 1 :])
    return []


# Calls whose index argument selects rows: with no rows selected they change nothing.
_INDEXING_CALLS = frozenset(
    {
        "index_put", "index_put_", "index_add", "index_add_", "index_copy", "index_copy_",
        "index_fill", "index_fill_", "index_select", "scatter", "scatter_", "scatter_add",
        "scatter_add_", "scatter_reduce", "scatter_reduce_",
    }
)  # fmt: skip


# Reductions that raise on an empty tensor (and reads of one value out of it).
_EMPTY_RAISES = frozenset(
    {"max", "min", "argmax", "argmin", "amax", "amin", "median", "mode", "kthvalue", "topk",
     "item", "tolist"}
)  # fmt: skip


def _selection_not_empty(stmt: ast.If) -> bool:
    """`if len(idx) > 0:` (`idx.numel() > 0`, `idx.shape[0]`, `len(idx)`), no `else`, over
    a body that indexes with `idx` (`x[idx]`, `x.index_put((idx,), v)`): with no rows
    selected the body plausibly changes nothing (an index_put of nothing is the identity),
    so running it always is the candidate to try first; torch.cond of a data-dependent
    selection often fails to translate (measured: torch.onnx "Expected Proxy")."""
    if stmt.orelse:
        return False
    test = stmt.test
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        bound, op = test.comparators[0], test.ops[0]
        if not isinstance(bound, ast.Constant) or type(bound.value) is not int:
            return False
        if not (
            (isinstance(op, ast.Gt | ast.NotEq) and bound.value == 0)
            or (isinstance(op, ast.GtE) and bound.value == 1)
        ):
            return False
        test = test.left
    name = _counted(test)
    if name is None:
        return False
    if any(
        (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr in _EMPTY_RAISES
        )
        or (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name)
            and n.func.id in ("max", "min", "int", "float", "bool")
        )
        for n in _walk_branch(stmt.body)
    ):
        return False  # `scores[idx].max()` raises on no rows: torch.cond stays first
    for node in _walk_branch(stmt.body):
        if isinstance(node, ast.Subscript) and any(
            isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.slice)
        ):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _INDEXING_CALLS
            and any(
                isinstance(n, ast.Name) and n.id == name
                for a in [*node.args, *(k.value for k in node.keywords)]
                for n in ast.walk(a)
            )
        ):
            return True
    return False


def _counted(node: ast.expr) -> str | None:
    """`idx` of `len(idx)`, `idx.numel()`, `idx.shape[0]`, `idx.size(0)`."""
    target: ast.expr | None
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "len" and len(node.args) == 1:
            target = node.args[0]
        elif isinstance(func, ast.Attribute) and func.attr in ("numel", "size"):
            ok = not node.args if func.attr == "numel" else _is_zero(node.args)
            target = func.value if ok else None
        else:
            target = None
    elif (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "shape"
        and isinstance(node.slice, ast.Constant)
        and node.slice.value == 0
    ):
        target = node.value.value
    else:
        target = None
    return target.id if isinstance(target, ast.Name) else None


def _is_zero(args: list[ast.expr]) -> bool:
    return len(args) == 1 and isinstance(args[0], ast.Constant) and args[0].value == 0


def _no_skip_when_empty(ctx: FixContext, stmt: ast.If) -> Fix | None:
    """`if top_x.shape[0] == 0: continue` (or `numel() == 0`) in a loop -> nothing: the rest
    of the iteration does nothing with no rows (an `index_add_` of nothing), which only a run
    can confirm. Mixture-of-experts loops skip the experts no token chose this way."""
    if stmt.orelse or len(stmt.body) != 1 or not isinstance(stmt.body[0], ast.Continue):
        return None
    test = stmt.test
    if not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == 0
    ):
        return None
    size = test.left
    emptiness = (
        isinstance(size, ast.Subscript)
        and isinstance(size.value, ast.Attribute)
        and size.value.attr == "shape"
        and isinstance(size.slice, ast.Constant)
        and size.slice.value == 0
    ) or (
        isinstance(size, ast.Call)
        and isinstance(size.func, ast.Attribute)
        and size.func.attr == "numel"
        and not size.args
    )
    if not emptiness:
        return None
    cm = codemod_for(ctx, stmt)
    node = cm.find(stmt, cst.If)
    assert isinstance(node, cst.If)
    comments = [*Codemod.comment_lines(node.leading_lines)]
    header = Codemod.header_comment(node.body)
    if header:
        comments.append(cst.EmptyLine(comment=cst.Comment(header)))
    if comments:
        # Keep the comments: on a `pass` where the test was.
        replacement: object = [with_leading(cm.statement_from("pass\n", stmt), comments)]
    else:
        from exportlint.codemods.core import REMOVE

        replacement = REMOVE
    test_text = cm.bare(node.test)
    return fix(
        f"Drop the skip on `{test_text}` (unsafe: the rest of the iteration must do nothing "
        "with no rows, like an index_add_ of nothing; --fix --verify checks it)",
        Applicability.UNSAFE,
        *cm.edits({stmt: replacement}),  # type: ignore[dict-item]
    )


def rewrite_ternary(ctx: FixContext, node: ast.IfExp, value: Value) -> Fix:
    if value.kind is not Kind.TENSOR:
        return display_only("Compute both values as tensors and select with torch.where")
    needs = _python_number_context(ctx, node)
    if needs:
        # `range(1 if t > 1 else 0, n)`: torch.where gives a tensor where Python needs a
        # number, and the value is data: nothing export accepts can be offered here.
        return display_only(
            f"The value is used as a Python number ({needs}); compute it without a "
            "data-dependent choice, or restructure the code around tensor ops"
        )
    cm = codemod_for(ctx)
    ternary = cm.find(node, cst.IfExp)
    assert isinstance(ternary, cst.IfExp)
    args = [cm.bare(ternary.test), cm.bare(ternary.body), cm.bare(ternary.orelse)]
    text = cm.layout_call(node, f"{ctx.torch()}.where", args)
    return fix(
        "Select with torch.where (both values are computed; they must broadcast together)",
        Applicability.UNSAFE,
        *cm.edits({node: cm.expr(text)}),
    )


def rewrite_size_ternary(
    ctx: FixContext, node: ast.IfExp, env: Mapping[str, Value], data: bool = False
) -> Fix:
    """`short, long = (w, h) if w <= h else (h, w)` -> `torch.sym_min(w, h), torch.sym_max(w,
    h)`; other choices between sizes -> `torch.sym_ite(test, a, b)`: export keeps the choice
    as a symbolic expression (and torch.onnx translates it) instead of a guard on the traced
    sizes. Tuples are chosen element by element."""
    test = node.test
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        raise NotRewritable("the test is not a single comparison")
    pairs: list[tuple[ast.expr, ast.expr]]
    if isinstance(node.body, ast.Tuple) or isinstance(node.orelse, ast.Tuple):
        if not (
            isinstance(node.body, ast.Tuple)
            and isinstance(node.orelse, ast.Tuple)
            and len(node.body.elts) == len(node.orelse.elts)
        ):
            raise NotRewritable("the two sides are not tuples of the same length")
        pairs = list(zip(node.body.elts, node.orelse.elts))
    else:
        pairs = [(node.body, node.orelse)]
    kinds = [(_size_kind(a, env), _size_kind(b, env)) for a, b in pairs]
    if any("other" in pair for pair in kinds):
        raise NotRewritable("a side is not a size or a number")
    torch = ctx.torch()
    cm = codemod_for(ctx)
    ternary = cm.find(node, cst.IfExp)
    assert isinstance(ternary, cst.IfExp)

    def code(expression: ast.expr) -> str:
        found = cm.find(expression)
        if data:
            # `len(indices)` of a tensor whose size is data (a `nonzero` result) needs an int
            # at trace time; `indices.shape[0]` stays a symbol (measured on diffusers'
            # `index_for_timestep`: `torch.sym_ite(indices.shape[0] > 1, 1, 0)` exports).
            visited = found.visit(_LenAsShape())
            assert isinstance(visited, cst.CSTNode)
            found = visited
        return cm.bare(found)

    left, right, op = code(test.left), code(test.comparators[0]), test.ops[0]
    smaller_first = isinstance(op, ast.Lt | ast.LtE)
    larger_first = isinstance(op, ast.Gt | ast.GtE)
    parts: list[str] = []
    for (a, b), (kind_a, kind_b) in zip(pairs, kinds):
        a_text, b_text = code(a), code(b)
        if a_text == b_text:
            parts.append(a_text)
        elif (a_text, b_text) == (left, right) and (smaller_first or larger_first):
            parts.append(f"{torch}.sym_{'min' if smaller_first else 'max'}({left}, {right})")
        elif (a_text, b_text) == (right, left) and (smaller_first or larger_first):
            parts.append(f"{torch}.sym_{'max' if smaller_first else 'min'}({left}, {right})")
        else:
            # torch.sym_ite wants both sides of one type: a number facing a size becomes a
            # size under export by adding nothing to it (`8 + 0 * n` is 8 in eager).
            if kind_a == "static" and kind_b == "dim":
                a_text = f"{_operand(a_text, a)} + 0 * {_operand(b_text, b)}"
            elif kind_b == "static" and kind_a == "dim":
                b_text = f"{_operand(b_text, b)} + 0 * {_operand(a_text, a)}"
            parts.append(f"{torch}.sym_ite({code(node.test)}, {a_text}, {b_text})")
    text = ", ".join(parts)
    parent = ctx.parent(node)
    if len(parts) > 1 and not (isinstance(parent, ast.Assign) and parent.value is node):
        text = f"({text})"
    return fix(
        "Choose symbolically: `torch.sym_min`/`torch.sym_max`/`torch.sym_ite` keep the choice "
        "in the exported program instead of a guard on the traced sizes (unsafe: the values "
        "must be sizes or integers; --fix --verify checks it)",
        Applicability.UNSAFE,
        *cm.edits({node: cm.expr(text)}),
    )


class _LenAsShape(cst.CSTTransformer):
    """`len(t)` -> `t.shape[0]` (for a name or an attribute)."""

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func, args = updated_node.func, updated_node.args
        if (
            isinstance(func, cst.Name)
            and func.value == "len"
            and len(args) == 1
            and args[0].keyword is None
            and not args[0].star
            and isinstance(args[0].value, cst.Name | cst.Attribute)
        ):
            shape = cst.Attribute(value=args[0].value, attr=cst.Name("shape"))
            index = cst.SubscriptElement(slice=cst.Index(value=cst.Integer("0")))
            return cst.Subscript(value=shape, slice=[index])
        return updated_node


def _size_kind(node: ast.expr, env: Mapping[str, Value]) -> str:
    """ "static" (a number, a config value), "dim" (computed from a dynamic size) or
    "other" (a tensor, a string, something unknown)."""
    if isinstance(node, ast.Constant):
        return "static" if type(node.value) is int else "other"
    if isinstance(node, ast.Attribute):
        return "static" if (dotted_name(node) or "").startswith("self.") else "other"
    names = [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]
    if not names or not all(n in env for n in names):
        return "other"
    found = {env[n].kind for n in names}
    if not found <= {Kind.STATIC, Kind.DIM, Kind.DATA}:
        return "other"
    return "dim" if found & {Kind.DIM, Kind.DATA} else "static"


def _operand(text: str, node: ast.expr) -> str:
    return text if isinstance(node, (*_ATOM_NODES, ast.Constant)) else f"({text})"


def rewrite_bool(ctx: FixContext, call: ast.Call, value: Value) -> Fix:
    """`bool(t.any().item())` -> `t.any()`: keep the flag a tensor; the `if` that tests it
    later is then a tensor `if`, which torch.where / torch.cond express."""
    argument = call.args[0]
    _only_tested_later(ctx, call)
    cm = codemod_for(ctx, call)
    inner = argument
    if (
        isinstance(argument, ast.Call)
        and isinstance(argument.func, ast.Attribute)
        and argument.func.attr == "item"
        and not argument.args
        and not argument.keywords
    ):
        inner = argument.func.value
    elif value.kind is not Kind.TENSOR:
        raise NotRewritable("the value is not a tensor")
    text = cm.bare(cm.find(inner))
    if ctx.parent(call) is not None and not isinstance(inner, _ATOM_NODES):
        text = f"({text})"
    return fix(
        f"Keep it a tensor: `{text}` (unsafe: every later use must accept a tensor; an `if` "
        "on it then gets the torch.where / torch.cond fix)",
        Applicability.UNSAFE,
        *cm.edits({call: cm.expr(text)}),
    )


def _only_tested_later(ctx: FixContext, call: ast.Call) -> None:
    """`flag = bool(...)` whose every later read is the test of an `if` (or `not flag`
    there): the only uses a tensor serves as well as a bool."""
    assign = ctx.parent(call)
    if not (
        isinstance(assign, ast.Assign)
        and assign.value is call
        and len(assign.targets) == 1
        and isinstance(assign.targets[0], ast.Name)
    ):
        raise NotRewritable("the bool is not assigned to a name")
    name = assign.targets[0].id
    scope = ctx._scope_of(assign.lineno)
    reads = [
        n
        for n in ast.walk(scope)
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
    ]
    if not reads:
        raise NotRewritable(f"`{name}` is not tested later")
    for read in reads:
        holder = ctx.parent(read)
        if isinstance(holder, ast.UnaryOp) and isinstance(holder.op, ast.Not):
            read, holder = holder, ctx.parent(holder)  # type: ignore[assignment]
        if not (isinstance(holder, ast.If) and holder.test is read):
            raise NotRewritable(f"`{name}` is used as a Python bool, not only tested by `if`")


def rewrite_assert(ctx: FixContext, stmt: ast.Assert, value: Value) -> Fix:
    if isinstance(stmt.test, ast.BoolOp):
        # `labels is not None and labels.max() > n`: the static part must stay Python.
        return display_only(_SPLIT_BOOLOP)
    torch = ctx.torch()
    cm = codemod_for(ctx)
    node = cm.find(stmt, cst.Assert)
    assert isinstance(node, cst.Assert)
    test = cm.bare(node.test)
    if value.kind is Kind.TENSOR:
        test = f"({test}).item()" if not isinstance(stmt.test, _ATOM_NODES) else f"{test}.item()"
    args = [test]
    if node.msg is not None:
        args.append(f"lambda: {cm.bare(node.msg)}")
    text = cm.layout_call(stmt, f"{torch}._check", args)
    new = cst.Expr(value=cm.expr(text))
    return fix(
        f"Replace with `{torch}._check(...)`, which export keeps as a run-time check "
        "(it raises RuntimeError instead of AssertionError, and is not removed by -O)",
        Applicability.UNSAFE,
        *cm.edits({stmt: new}),
    )


def rewrite_raise_guard(ctx: FixContext, stmt: ast.If, value: Value) -> Fix | None:
    """`if <tensor test>: raise E(msg)` -> `torch._check(<not test>, lambda: msg)`."""
    if stmt.orelse or len(stmt.body) != 1 or not isinstance(stmt.body[0], ast.Raise):
        return None
    if isinstance(stmt.test, ast.BoolOp):
        return display_only(_SPLIT_BOOLOP)
    torch = ctx.torch()
    cm = codemod_for(ctx)
    node = cm.find(stmt, cst.If)
    assert isinstance(node, cst.If)
    raised = stmt.body[0].exc
    test = cm.bare(node.test)
    if value.kind is Kind.TENSOR:
        args = [f"{torch}.logical_not({test}).item()"]
    else:
        args = [f"{torch}.sym_not({test})"]
    if isinstance(raised, ast.Call) and raised.args and len(raised.args) == 1:
        raise_node = cm.find(raised, cst.Call)
        assert isinstance(raise_node, cst.Call)
        args.append(f"lambda: {cm.bare(raise_node.args[0].value)}")
    text = cm.layout_call(stmt, f"{torch}._check", args)
    new = cm.statement_from(text + "\n", stmt)
    # Comments on the `if` line, inside the block and on the `raise` line stay.
    comments = [Codemod.header_comment(node.body)]
    inner = statements_of(node.body)
    lines = list(node.leading_lines)
    for statement in inner:
        lines.extend(Codemod.comment_lines(leading_lines(statement)))
        if isinstance(statement, cst.SimpleStatementLine):
            comments.append(_trailing(statement))
    if isinstance(node.body, cst.IndentedBlock):
        lines.extend(Codemod.comment_lines(node.body.footer))
    new = with_comment(with_leading(new, lines), "  ".join(c for c in comments if c))
    return fix(
        f"Replace with `{torch}._check(...)` (raises RuntimeError instead of "
        f"{_exception_name(raised)})",
        Applicability.UNSAFE,
        *cm.edits({stmt: [new]}),
    )


_NUMBER_CALLS = frozenset({"range", "int", "float", "bool", "round", "len", "slice"})


def _python_number_context(ctx: FixContext, node: ast.expr) -> str:
    """Where a value must be a Python number: an argument of range()/int()/..., a slice
    bound, an index. "" elsewhere."""
    parent = ctx.parent(node)
    if isinstance(parent, ast.Call) and node in parent.args:
        name = dotted_name(parent.func) or ""
        if name in _NUMBER_CALLS:
            return f"an argument of {name}()"
    if isinstance(parent, ast.Slice):
        return "a slice bound"
    if isinstance(parent, ast.Subscript) and parent.slice is node:
        return "an index"
    return ""


_ATOM_NODES = (ast.Name, ast.Attribute, ast.Subscript, ast.Call)


def _trailing(statement: cst.SimpleStatementLine) -> str:
    comment = statement.trailing_whitespace.comment
    return comment.value if comment is not None else ""


# --------------------------------------------------------------------- torch.cond


@dataclass
class _Part:
    """A branch as CST: its statements, its header comment, the comment lines after it."""

    statements: list[cst.BaseStatement]
    comment: str
    footer: list[cst.EmptyLine]


class _CondRewrite:
    def __init__(
        self,
        ctx: FixContext,
        stmt: ast.If,
        env: Mapping[str, Value],
        function: FunctionNode | None,
        test_value: Value | None,
    ) -> None:
        self.ctx = ctx
        self.stmt = stmt
        self.env = env
        self.function = function
        self.test_value = test_value
        self.torch = ctx.torch()
        self.cm = codemod_for(ctx)
        # Static analysis showed both branches give the same shape (else the candidates are
        # labelled with the condition, and ranked torch.cond first).
        self.proven = True
        # A branch visibly changes a shape (a slice, a concatenation, a resize): torch.cond
        # (torch 2.13) then gives its output a data-dependent size, and torch.where, which
        # broadcasts, is no candidate.
        self.reshaped = False
        # The branches only assign values proven to be Python ints (see _sym_ite).
        self.int_outputs = False
        self._inner_proven = True

    def candidates(self) -> list[Fix]:
        choice = self._sym_ite()
        if choice is not None and self.int_outputs:
            # Every output is a Python int: torch.cond cannot return one ("unsupported
            # branch return type"), so the symbolic choice is the only candidate.
            return [choice]
        try:
            cond = self.fix()
        except NotRewritable:
            if choice is None:
                raise
            return [choice]
        if choice is not None:
            # Values of unknown kind (a helper's parameters): most likely integers.
            return [choice, *self._tensor_candidates(cond)]
        return self._tensor_candidates(cond)

    def _tensor_candidates(self, cond: Fix) -> list[Fix]:
        if self.reshaped:
            data_test = self.test_value is not None and self.test_value.kind in (
                Kind.TENSOR,
                Kind.DATA,
            )
            if not data_test:
                # A size test: both branches are traced on the example's sizes, and what
                # follows a cond of different shapes gets a data-dependent size (measured:
                # the catalogue's pooling and parity hazards fail to export either way).
                raise NotRewritable(
                    "a branch changes a shape (torch.cond on a size test could not export it)"
                )
            if self._tests_divisibility():
                raise NotRewritable(
                    "the test checks divisibility (`%`) and a branch changes a shape: "
                    "torch.cond traces both branches on the same sizes, and the branch for "
                    "the other case cannot be traced on them"
                )
            try:
                whole = self._with_rest()
            except NotRewritable:
                whole = None
            return [cond] if whole is None else [whole, cond]
        try:
            where = self._where()
        except NotRewritable:
            where = None
        if where is None:
            return [cond]
        return [where, cond] if self.proven else [cond, where]

    def _tests_divisibility(self) -> bool:
        """The test reads `n % k` (directly, or through a name assigned from it)."""
        test = self.stmt.test
        names = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
        sources: list[ast.AST] = [test]
        if self.function is not None:
            for node in walk_local(getattr(self.function, "body", [])):
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id in names for t in node.targets
                ):
                    sources.append(node.value)
        return any(
            isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod)
            for source in sources
            for n in ast.walk(source)
        )

    def _with_rest(self) -> Fix | None:
        """`if c: h = pool(h)` + the rest of the function -> `return torch.cond(c, f, g, ...)`
        where both branches run the rest: when the branches give different shapes, the rest
        then works on sizes derived from the inputs in each branch (what a plain torch.cond
        would turn into a data-dependent size, which later code often cannot accept)."""
        stmt = self.stmt
        rest = self._rest_of_function()
        if rest is None or not _always_returns(rest):
            return None
        if _contains_return(stmt.body) or _contains_return(stmt.orelse):
            return None
        check_branch(rest)
        self.cm = codemod_for(self.ctx, stmt, *rest)
        everything = [*stmt.body, *stmt.orelse, *rest]
        returned = [r.value for r in _walk_branch(rest) if isinstance(r, ast.Return) and r.value]
        _check_return_types(returned)
        empty = self._none_slots(returned, everything)
        plain = self._plain_returns(everything, empty)
        self._check_closures(everything)
        operands = self._operands(everything, ())
        names = self._branch_names()
        true_part, false_part = self._parts(stmt)
        tail = [self.cm.statement(s) for s in rest]
        for part in (true_part, false_part):
            part.statements = [
                _clone_returned_names(s, self.torch, plain, self.ctx.imports, empty)
                for s in [*part.statements, *tail]
            ]
        call, after = self._returned_call(names, operands, returned, empty)
        description = (
            f"Rewrite as `{self.torch}.cond(...)` with the rest of the function in both "
            "branches (the branches give different shapes; unsafe: not proven statically, "
            "--fix --verify checks it)"
        )
        return self._emit(
            names, operands, true_part, false_part, call, rest[-1], description, after
        )

    def fix(self) -> Fix:
        stmt = self.stmt
        if self.function is None or isinstance(self.function, ast.Lambda):
            raise NotRewritable("the statement is not inside a function")
        true_body, false_body, rest = stmt.body, stmt.orelse, self._rest_of_function()
        for branch in (true_body, false_body):
            check_branch(branch)
        returns_true = _always_returns(true_body)
        returns_false = _always_returns(false_body)
        self.cm = codemod_for(self.ctx, stmt)
        if returns_true and not false_body and rest is not None and _always_returns(rest):
            check_branch(rest)
            self.cm = codemod_for(self.ctx, stmt, *rest)  # the rest is the false branch
            return self._returning(true_body, rest, replaced_until=rest[-1])
        if returns_true and returns_false:
            return self._returning(true_body, false_body, replaced_until=stmt)
        if _contains_return(true_body) or _contains_return(false_body):
            raise NotRewritable("only one branch returns")
        return self._assigning(true_body, false_body)

    # ---- the two forms

    def _returning(
        self, true_body: list[ast.stmt], false_body: list[ast.stmt], replaced_until: ast.stmt
    ) -> Fix:
        both = true_body + false_body
        self._check_closures(both)
        returned = [r.value for r in _walk_branch(both) if isinstance(r, ast.Return) and r.value]
        _check_return_types(returned)
        empty = self._none_slots(returned, both)
        kept = [
            ast.Tuple(elts=[e for i, e in enumerate(r.elts) if i not in empty], ctx=ast.Load())
            if empty and isinstance(r, ast.Tuple)
            else r
            for r in returned
        ]
        self._check_same_shape(kept, "the returned values")
        operands = self._operands(true_body + false_body, ())
        names = self._branch_names()
        true_part, false_part = self._parts(replaced_until)
        # torch.cond forbids a branch returning its operand (an alias): return a copy.
        plain = self._plain_returns(both, empty)
        for part in (true_part, false_part):
            part.statements = [
                _clone_returned_names(s, self.torch, plain, self.ctx.imports, empty)
                for s in part.statements
            ]
        call, after = self._returned_call(names, operands, returned, empty)
        return self._emit(names, operands, true_part, false_part, call, replaced_until, after=after)

    def _returned_call(
        self,
        names: tuple[str, str],
        operands: list[str],
        returned: list[ast.expr],
        empty: frozenset[int],
    ) -> tuple[cst.BaseStatement, list[cst.BaseStatement]]:
        """`return torch.cond(...)`, or, when the returned tuples hold None in the `empty`
        places (`return out, None`: torch.cond's branches return tensors only, "unsupported
        branch return type"), `_outputs = torch.cond(...)` and a return that puts the None
        back."""
        if not empty:
            return self._call(names, operands, "return "), []
        first = returned[0]
        assert isinstance(first, ast.Tuple)
        size = len(first.elts)
        left = size - len(empty)
        result = "_outputs"
        call = self._call(names, operands, f"{result} = ")
        parts, k = [], 0
        for i in range(size):
            if i in empty:
                # as the original wrote it (`None`, or the name set to None)
                parts.append(ast.unparse(first.elts[i]))
            else:
                parts.append(f"{result}[{k}]" if left > 1 else result)
                k += 1
        back = self.cm.statement_from(f"return {', '.join(parts)}\n", self.stmt)
        return call, [back]

    def _none_slots(self, returned: list[ast.expr], body: list[ast.stmt]) -> frozenset[int]:
        """The places of the returned tuples that hold None in every branch (`return h,
        None`, or a name set to None before the `if`). None elsewhere cannot be a torch.cond
        output: refused with the reason."""
        tuples = [r for r in returned if isinstance(r, ast.Tuple)]
        if not tuples:
            return frozenset()
        changed = stored_in(body)  # a name set in the branches is not None there
        if len(tuples) != len(returned) or len({len(t.elts) for t in tuples}) != 1:
            if any(self._is_none(e, changed) for t in tuples for e in t.elts):
                raise NotRewritable(
                    "a branch returns None in a tuple the other branch does not have "
                    "(torch.cond's branches return tensors)"
                )
            return frozenset()
        size = len(tuples[0].elts)
        empty = set()
        for i in range(size):
            nones = [self._is_none(t.elts[i], changed) for t in tuples]
            if all(nones):
                empty.add(i)
            elif any(nones):
                raise NotRewritable(
                    f"place {i + 1} of the returned tuple is None in one branch only "
                    "(torch.cond's branches return tensors of the same kind)"
                )
        if len(empty) == size:
            raise NotRewritable("the branches return only None")
        return frozenset(empty)

    def _is_none(self, node: ast.expr, changed: Container[str] = ()) -> bool:
        if isinstance(node, ast.Constant) and node.value is None:
            return True
        if isinstance(node, ast.Name) and node.id not in changed:
            value = self.env.get(node.id)
            return value is not None and value.is_none
        return False

    def _plain_returns(
        self, body: list[ast.stmt], empty: frozenset[int] = frozenset()
    ) -> frozenset[str]:
        """The returned names that hold Python values (made 0-d tensors); a branch returning
        `None` (except in the `empty` places of a tuple, kept out of torch.cond) or a string
        cannot be a torch.cond branch at all."""
        plain = set()
        for node in _walk_branch(body):
            if not isinstance(node, ast.Return) or node.value is None:
                continue
            values = _returned_parts(node.value)
            for index, value in enumerate(values):
                if index in empty and isinstance(node.value, ast.Tuple):
                    continue
                if isinstance(value, ast.Constant) and (
                    value.value is None or isinstance(value.value, str | bytes)
                ):
                    raise NotRewritable(
                        "a branch returns a value that is not a tensor or a number "
                        "(torch.cond's branches return tensors)"
                    )
                if isinstance(value, ast.Name) and value.id not in stored_in(body):
                    known = self.env.get(value.id)
                    if known is not None and known.kind in (Kind.STATIC, Kind.DIM, Kind.DATA):
                        plain.add(value.id)
        return frozenset(plain)

    def _assigning(self, true_body: list[ast.stmt], false_body: list[ast.stmt]) -> Fix:
        assigned_true, assigned_false = stored_in(true_body), stored_in(false_body)
        both = true_body + false_body
        outputs = [
            n for n in _in_order(both, assigned_true | assigned_false) if self._live_after(n)
        ]
        if not outputs:
            raise NotRewritable("the branches assign nothing that is used afterwards")
        for name in outputs:
            defined = name in self.env and self.env[name].kind is not Kind.UNKNOWN
            if (name not in assigned_true or name not in assigned_false) and not defined:
                raise NotRewritable(f"`{name}` is assigned on one side only")
            if name in self.env and self.env[name].kind not in (Kind.TENSOR, Kind.UNKNOWN):
                raise NotRewritable(f"`{name}` is not a tensor")
            for value in _assigned_values(true_body + false_body, name):
                if isinstance(value, (ast.Constant, ast.List, ast.Dict, ast.JoinedStr)):
                    raise NotRewritable(f"`{name}` is not a tensor")
        self._check_closures(true_body + false_body)
        aliased: set[str] = set()
        for name in outputs:
            values: list[ast.expr] = list(_assigned_values(true_body + false_body, name))
            if any(
                isinstance(v, ast.Name)
                or _is_view(v)
                or _strided(v, self.ctx.imports)
                or _strided_through(v, both, self.ctx.imports)
                for v in values
            ):
                # `z = y`, `z = y[:, :n]`: the branch would return (a view of) its operand,
                # which torch.cond rejects (aliasing, or another storage offset): a copy,
                # dense, since a view's strides differ from the other branch's output.
                aliased.add(name)
            if name not in assigned_true or name not in assigned_false:
                values.append(ast.Name(id=name, ctx=ast.Load()))  # passed through
            self._check_same_shape(values, f"`{name}`")
        passthrough = [n for n in outputs if n not in assigned_true or n not in assigned_false]
        operands = self._operands(true_body + false_body, passthrough)
        names = self._branch_names()

        def returned(assigned: set[str]) -> cst.BaseStatement:
            parts = [
                n if n in assigned and n not in aliased else _dense_copy(n, self.torch)
                for n in outputs
            ]
            return self.cm.statement_from(f"return {', '.join(parts)}\n", self.stmt)

        true_part, false_part = self._parts(self.stmt)
        true_part = _Part(
            [*true_part.statements, returned(assigned_true)], true_part.comment, true_part.footer
        )
        false_part = _Part(
            [*false_part.statements, returned(assigned_false)],
            false_part.comment,
            false_part.footer,
        )
        call = self._call(names, operands, f"{', '.join(outputs)} = ")
        return self._emit(names, operands, true_part, false_part, call, self.stmt)

    # ---- pieces

    def _check_closures(self, body: list[ast.stmt]) -> None:
        """torch.cond cannot close over a Python number read out of a tensor (a SymFloat)."""
        stored = stored_in(body)
        for name in loads_in(body):
            value = self.env.get(name)
            if value is not None and value.kind is Kind.DATA and name not in stored:
                raise NotRewritable(
                    f"a branch reads `{name}`, a value read out of a tensor, which torch.cond "
                    "cannot capture (keep it a tensor and pass it as an operand)"
                )

    def _check_same_shape(self, values: list[ast.expr], what: str) -> None:
        """Proven when every value is an elementwise function of one and the same tensor.
        Branches of different shapes are still a candidate: torch.cond on torch 2.13 gives
        the output a fresh data-dependent size (exports and converts to ONNX, measured in
        tests/test_branch_fixes.py), but what follows must accept any size."""
        anchors: dict[int, set[str]] = {}
        for value in values:
            parts = value.elts if isinstance(value, ast.Tuple) else [value]
            for index, part in enumerate(parts):
                if isinstance(part, ast.Call) and self._constant(part):
                    continue  # the same for every input: torch.where selects it as it is
                if self._reshapes(part):
                    if _changes_rank(part):
                        raise NotRewritable(
                            f"{what} change rank in one branch (torch.cond needs the same "
                            "number of dimensions on both sides)"
                        )
                    self.reshaped = True
                    self.proven = False
                    return
                anchor = self._anchor(part)
                if not anchor:
                    self.proven = False  # a run decides (--fix --verify)
                    return
                anchors.setdefault(index, set()).add(anchor)
        if any(len(found) > 1 for found in anchors.values()):
            self.proven = False

    def _reshapes(self, node: ast.expr) -> bool:
        """`node` visibly changes the shape of a tensor (a slice, `squeeze`, a reduction):
        then the branches differ in shape for sure, no run needed to know it. Only the
        value's own spine counts (receivers, operands), not the arguments of its calls."""
        if isinstance(node, ast.Subscript):
            return self._from_tensor(node.value)
        if isinstance(node, ast.UnaryOp):
            return self._reshapes(node.operand)
        if isinstance(node, ast.BinOp):
            return self._reshapes(node.left) or self._reshapes(node.right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if isinstance(receiver, ast.Name | ast.Attribute) and (
                (dotted_name(receiver) or "").split(".")[0] in self.ctx.imports
            ):
                # `F.avg_pool1d(h, 2)`: a library function of a tensor that is not known to
                # keep its shape.
                keeps = self._same_shape_function(node) is not None
                if not node.args or keeps:
                    return False
                first = node.args[0]
                if isinstance(first, ast.Tuple | ast.List):  # torch.cat((a, b), dim=2)
                    return any(self._from_tensor(e) for e in first.elts)
                return self._from_tensor(first)
            if node.func.attr in _RESHAPING_METHODS and self._from_tensor(receiver):
                return True
            return self._reshapes(receiver)
        return False

    def _from_tensor(self, node: ast.expr) -> bool:
        """`node` is computed from a known tensor (through receivers and first arguments)."""
        while True:
            if isinstance(node, ast.Name):
                value = self.env.get(node.id)
                return value is not None and value.kind is Kind.TENSOR
            if isinstance(node, ast.Call):
                if (
                    isinstance(node.func, ast.Attribute)
                    and (dotted_name(node.func.value) or "").split(".")[0] not in self.ctx.imports
                ):
                    node = node.func.value
                elif node.args:
                    node = node.args[0]
                else:
                    return False
            elif isinstance(node, ast.Subscript | ast.Attribute):
                node = node.value
            elif isinstance(node, ast.UnaryOp):
                node = node.operand
            elif isinstance(node, ast.BinOp):
                return self._from_tensor(node.left) or self._from_tensor(node.right)
            else:
                return False

    def _anchor(self, node: ast.expr) -> str | None:
        """The one tensor `node` is an elementwise function of; "" for a scalar; None if
        `node` may have another shape (or aliases its input, which torch.cond rejects)."""
        if isinstance(node, ast.Constant):
            return ""
        if isinstance(node, ast.Name):
            value = self.env.get(node.id)
            if value is None:
                return None
            if value.kind is Kind.TENSOR and not value.is_container:
                return node.id
            return "" if value.kind in (Kind.STATIC, Kind.DIM, Kind.DATA) else None
        if isinstance(node, ast.Attribute):
            return "" if (dotted_name(node) or "").startswith("self.") else None
        if isinstance(node, ast.UnaryOp):
            return self._anchor(node.operand)
        if isinstance(node, ast.BinOp) and not isinstance(node.op, ast.MatMult):
            left, right = self._anchor(node.left), self._anchor(node.right)
            if left is None or right is None:
                return None
            if left and right and left != right:
                return None
            return left or right
        if isinstance(node, ast.Call):
            func = node.func
            receiver = func.value if isinstance(func, ast.Attribute) else None
            is_module = isinstance(receiver, ast.Name) and receiver.id in self.ctx.imports
            if isinstance(func, ast.Attribute) and receiver is not None and not is_module:
                if func.attr in _SAME_SHAPE_METHODS:
                    return self._anchor(receiver) or None
                return None
            return self._same_shape_function(node)
        return None

    def _constant(self, node: ast.Call) -> bool:
        """`torch.tensor(self.long_factor, dtype=torch.float32)`: a tensor built from Python
        values, the same for every input (phi3's rope factors). Chosen between with
        torch.where, it needs no torch.cond, whose branches cannot create constants that
        torch.onnx translates ("Attempting to use FunctionalTensor", measured on torch 2.13)."""
        name = dotted_name(node.func) or ""
        root, _, rest = name.partition(".")
        if self.ctx.imports.get(root) != "torch" or rest not in _CONSTRUCTORS:
            return False
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            for part in ast.walk(argument):
                if isinstance(part, ast.Name) and part.id not in self.ctx.imports:
                    value = self.env.get(part.id)
                    if part.id != "self" and (value is None or value.kind is not Kind.STATIC):
                        return False
        return True

    def _same_shape_function(self, node: ast.Call) -> str | None:
        name = dotted_name(node.func) or ""
        root, _, rest = name.partition(".")
        module = self.ctx.imports.get(root, "")
        qualified = f"{module}.{rest}" if rest else module
        prefix, _, last = qualified.rpartition(".")
        if prefix in ("torch", "torch.nn.functional") and last in _SAME_SHAPE_FUNCTIONS:
            return (self._anchor(node.args[0]) or None) if node.args else None
        return None

    def _parts(self, replaced_until: ast.stmt) -> tuple[_Part, _Part]:
        """The CST statements of the two branches, with the comments of their headers and
        of the lines before `else:` (which move into the true branch's function)."""
        node = self.cm.find(self.stmt, cst.If)
        assert isinstance(node, cst.If)
        footer = list(getattr(node.body, "footer", ()))
        true_part = _Part(statements_of(node.body), "", footer)
        if replaced_until is not self.stmt:
            # `if c: return a` followed by the rest of the function: the false branch.
            rest = self._rest_of_function() or []
            return true_part, _Part([self.cm.statement(s) for s in rest], "", [])
        orelse = node.orelse
        if orelse is None:
            return true_part, _Part([], "", [])
        true_part.footer.extend(orelse.leading_lines)
        if isinstance(orelse, cst.If):  # `elif c:` continues as `if c:` in the false branch
            return true_part, _Part([orelse.with_changes(leading_lines=[])], "", [])
        false_footer = list(getattr(orelse.body, "footer", ()))
        return true_part, _Part(
            statements_of(orelse.body), Codemod.header_comment(orelse.body), false_footer
        )

    def _emit(
        self,
        names: tuple[str, str],
        operands: list[str],
        true_part: _Part,
        false_part: _Part,
        call: cst.BaseStatement,
        replaced_until: ast.stmt,
        description: str = "",
        after: list[cst.BaseStatement] | None = None,
    ) -> Fix:
        node = self.cm.find(self.stmt, cst.If)
        assert isinstance(node, cst.If)
        params = ", ".join(operands)
        defs = []
        for name, part in ((names[0], true_part), (names[1], false_part)):
            template = self.cm.statement_from(f"def {name}({params}):\n    pass\n", self.stmt)
            body = indented(
                part.statements or [self.cm.statement_from("pass\n", self.stmt)],
                part.comment,
                [line for line in part.footer if line.comment is not None],
            )
            defs.append(template.with_changes(body=body))
        # Comments before the `if` stay before what replaces it; the `if` line's comment
        # goes on the line that calls torch.cond.
        leading = list(node.leading_lines)
        if self._opening_blank() and not (leading and leading[0].comment is None):
            leading.insert(0, cst.EmptyLine(indent=False))
        defs[0] = defs[0].with_changes(leading_lines=leading)
        defs[1] = defs[1].with_changes(leading_lines=[cst.EmptyLine(indent=False)])
        call = with_comment(
            call.with_changes(leading_lines=[cst.EmptyLine(indent=False)]), self._if_comment(node)
        )
        statements = [*defs, call, *(after or [])]
        if replaced_until is self.stmt:
            edits = self.cm.edits({self.stmt: statements})
        else:
            edits = self.cm.replace_run(self.stmt, replaced_until, statements)
        description = description or f"Rewrite as `{self.torch}.cond(...)` ({self._note()})"
        return fix(description, Applicability.UNSAFE, *edits)

    def _note(self) -> str:
        if self.reshaped:
            return (
                "the branches give different shapes: the result gets a data-dependent size, "
                "which the code after it must accept; not proven statically: --fix --verify "
                "checks it"
            )
        if self.proven:
            return _UNSAFE_NOTE
        return f"{_UNSAFE_NOTE}; not proven statically: --fix --verify checks it"

    # ---- torch.where

    def _where(self) -> Fix | None:
        """`torch.where(pred, a, b)` per output, when the test is a tensor and each branch
        only assigns names (or only returns): both sides are computed, which a plain
        expression allows."""
        if self.test_value is None or self.test_value.kind is not Kind.TENSOR:
            return None
        stmt = self.stmt
        if isinstance(stmt.test, ast.BoolOp):
            return None
        true_body, false_body = stmt.body, stmt.orelse
        rest = self._rest_of_function()
        self.cm = codemod_for(self.ctx, stmt, *(rest[:1] if rest and not false_body else []))
        node = self.cm.find(stmt, cst.If)
        assert isinstance(node, cst.If)
        if node.orelse is not None and not isinstance(node.orelse, cst.Else):
            return None  # an elif chain: torch.cond nests it
        pred = self._predicate()
        comments = [*node.leading_lines]
        headers: list[str] = [Codemod.header_comment(node.body)]
        if node.orelse is not None:
            comments.extend(Codemod.comment_lines(node.orelse.leading_lines))
            headers.append(Codemod.header_comment(node.orelse.body))
        first = true_body[0]
        if len(true_body) == 1 and isinstance(first, ast.Return) and first.value is not None:
            if false_body:
                other = false_body
                until: ast.stmt = stmt
            elif rest is not None and len(rest) == 1:
                other, until = rest, rest[0]
            else:
                return None
            last = other[0]
            if not (len(other) == 1 and isinstance(last, ast.Return) and last.value):
                return None
            a, b = first.value, last.value
            text = "return " + self._selected(pred, a, b, stmt)
            lines = self._comments_in([*true_body, *false_body], node)
            new = with_leading(self.cm.statement_from(text + "\n", stmt), [*comments, *lines])
            new = with_comment(new, "  ".join(h for h in headers if h))
            if until is stmt:
                edits = self.cm.edits({stmt: [new]})
            else:
                edits = self.cm.replace_run(stmt, until, [new])
            return fix(self._where_description(), Applicability.UNSAFE, *edits)
        values_true = _plain_assignments(true_body)
        values_false = _plain_assignments(false_body)
        if values_true is None or values_false is None:
            return None
        assigned = set(values_true) | set(values_false)
        for value in [*values_true.values(), *values_false.values()]:
            if any(isinstance(n, ast.Name) and n.id in assigned for n in ast.walk(value)):
                return None  # one assignment reads another: keep torch.cond
        outputs = [n for n in _in_order(true_body + false_body, assigned) if self._live_after(n)]
        if not outputs:
            return None
        statements: list[cst.BaseStatement] = []
        for name in outputs:
            if name not in values_true or name not in values_false:
                known = self.env.get(name)
                if known is None or known.kind is not Kind.TENSOR:
                    return None
            a_node = values_true.get(name) or ast.Name(id=name, ctx=ast.Load())
            b_node = values_false.get(name) or ast.Name(id=name, ctx=ast.Load())
            text = f"{name} = " + self._selected(pred, a_node, b_node, stmt)
            statements.append(self.cm.statement_from(text + "\n", stmt))
        lines = self._comments_in(true_body + false_body, node)
        statements[0] = with_leading(statements[0], [*comments, *lines])
        statements[-1] = with_comment(statements[-1], "  ".join(h for h in headers if h))
        return fix(
            self._where_description(), Applicability.UNSAFE, *self.cm.edits({stmt: statements})
        )

    def _sym_ite(self) -> Fix | None:
        """`if h % s == 0: pad = max(k - s, 0) else: pad = max(k - h % s, 0)` (TF "SAME"
        padding) -> `pad = torch.sym_ite(h % s == 0, max(k - s, 0) + 0 * h, max(k - h % s,
        0))`: a size test whose branches only assign integers computed from sizes and
        constants. torch.cond cannot return a Python int; `torch.sym_ite` keeps the choice
        in the exported program, but wants both sides to be SymInts under export ("type
        mismatch: int vs SymInt" when one side is a plain int), so a side computed from
        constants alone gets `+ 0 * <a size of the test>`: the identity in eager mode, a
        SymInt under export (measured on torch 2.13: exports, and ORT matches eager at
        unseen sizes). `elif` chains nest."""
        if self.test_value is None or self.test_value.kind not in (Kind.DIM, Kind.DATA):
            return None
        if self.function is None or isinstance(self.function, ast.Lambda):
            return None
        stmt = self.stmt
        self.cm = codemod_for(self.ctx, stmt)
        node = self.cm.find(stmt, cst.If)
        assert isinstance(node, cst.If)
        try:
            chosen = self._int_choice(stmt, node)
        except NotRewritable:
            return None
        if chosen is None:
            return None
        names, texts = chosen
        outputs = [n for n in names if self._live_after(n)]
        if not outputs:
            return None
        comments = [*node.leading_lines, *self._chain_comments(node)]
        statements = [self.cm.statement_from(f"{name} = {texts[name]}\n", stmt) for name in outputs]
        statements[0] = with_leading(statements[0], comments)
        statements[-1] = with_comment(statements[-1], Codemod.header_comment(node.body))
        return fix(
            f"Choose symbolically with `{self.torch}.sym_ite(...)` (the branches assign "
            "integers: torch.cond cannot return them; unsafe: the values must be sizes or "
            "integers; --fix --verify checks it)",
            Applicability.UNSAFE,
            *self.cm.edits({stmt: statements}),
        )

    def _chain_comments(self, node: cst.If) -> list[cst.EmptyLine]:
        """Every comment inside the chain's blocks, which go before the assignments."""
        found: list[cst.EmptyLine] = []
        current: cst.If | cst.Else | None = node
        while current is not None:
            for statement in statements_of(current.body):
                found.extend(Codemod.comment_lines(leading_lines(statement)))
            found.extend(Codemod.comment_lines(getattr(current.body, "footer", ())))
            if isinstance(current, cst.If):
                if current is not node:
                    found.extend(Codemod.comment_lines(current.leading_lines))
                    header = Codemod.header_comment(current.body)
                    if header:
                        found.append(cst.EmptyLine(comment=cst.Comment(header)))
                current = current.orelse
            else:
                found.extend(Codemod.comment_lines(current.leading_lines))
                header = Codemod.header_comment(current.body)
                if header:
                    found.append(cst.EmptyLine(comment=cst.Comment(header)))
                current = None
        return found

    def _int_choice(self, stmt: ast.If, node: cst.If) -> tuple[list[str], dict[str, str]] | None:
        """The names the chain assigns, in order, and for each the `torch.sym_ite(...)` text
        that chooses its value; None when a branch does anything but assign integers."""
        size = _a_size(stmt.test, self.env)
        if size is None:
            return None
        values_true = _plain_assignments(stmt.body)
        if len(stmt.orelse) == 1 and isinstance(stmt.orelse[0], ast.If):
            inner_node = node.orelse
            if not isinstance(inner_node, cst.If):
                return None
            inner = self._int_choice(stmt.orelse[0], inner_node)
            if inner is None:
                return None
            inner_names, values_false_text = inner
            values_false: dict[str, ast.expr] | None = {
                n: ast.Name(id=n, ctx=ast.Load()) for n in inner_names
            }
        else:
            values_false = _plain_assignments(stmt.orelse)
            values_false_text = {}
        if not values_true or values_false is None:
            return None
        assigned = set(values_true) | set(values_false)
        written = [v for v in values_false.values() if hasattr(v, "lineno")]  # not the chain's
        for value in [*values_true.values(), *written]:
            if any(isinstance(n, ast.Name) and n.id in assigned for n in ast.walk(value)):
                return None  # one assignment reads another
        if isinstance(node.test, cst.Comparison):
            pred = self.cm.bare(_without_item(node.test))
        else:
            pred = self.cm.bare(node.test)
        names = _in_order(stmt.body + stmt.orelse, assigned)
        for name in assigned:
            if name not in names:
                names.append(name)
        texts: dict[str, str] = {}
        proven = True
        for name in names:
            sides: list[str] = []
            made_sides: tuple[dict[str, str], dict[str, str]] = ({}, values_false_text)
            for values, made in zip((values_true, values_false), made_sides):
                if name in made:
                    sides.append(made[name])
                    continue
                side = values.get(name)
                if side is None:
                    # Not assigned on this side: the name keeps its earlier value, which
                    # must exist (else the original only ran on one side of the test).
                    known = self.env.get(name)
                    if (
                        known is None
                        or known.is_float
                        or known.kind not in (Kind.STATIC, Kind.DIM, Kind.DATA)
                    ):
                        return None
                    kind = "dim" if known.kind is not Kind.STATIC else "static"
                    text, atom = name, True
                else:
                    kind = _int_kind(side, self.env)
                    if kind == "other":
                        return None
                    proven = proven and kind != "maybe"
                    text = self.cm.bare(self.cm.find(side))
                    atom = isinstance(side, (*_ATOM_NODES, ast.Constant))
                if kind != "dim":
                    # Lifted to a SymInt under export (see _sym_ite).
                    text = f"{text if atom else f'({text})'} + 0 * {size}"
                sides.append(text)
            texts[name] = self.cm.layout_call(stmt, f"{self.torch}.sym_ite", [pred, *sides])
        if stmt is self.stmt:
            self.int_outputs = proven and self._inner_proven
        else:
            self._inner_proven = self._inner_proven and proven
        return names, texts

    def _selected(self, pred: str, a: ast.expr, b: ast.expr, near: ast.stmt) -> str:
        def code(value: ast.expr) -> str:
            if isinstance(value, ast.Name) and not hasattr(value, "lineno"):
                return value.id
            return self.cm.bare(self.cm.find(value))

        if isinstance(a, ast.Tuple) or isinstance(b, ast.Tuple):
            if not (
                isinstance(a, ast.Tuple) and isinstance(b, ast.Tuple) and len(a.elts) == len(b.elts)
            ):
                raise NotRewritable("the branches return tuples of different lengths")
            parts = [
                # `return h, None` on both sides: the None stays (torch.where takes tensors)
                code(x)
                if ast.dump(x) == ast.dump(y)
                and (self._is_none(x, stored_in(self.stmt.body)) or _python_constant(x))
                else self.cm.layout_call(near, f"{self.torch}.where", [pred, code(x), code(y)])
                for x, y in zip(a.elts, b.elts)
            ]
            return ", ".join(parts)
        return self.cm.layout_call(near, f"{self.torch}.where", [pred, code(a), code(b)])

    def _comments_in(self, body: list[ast.stmt], node: cst.If) -> list[cst.EmptyLine]:
        """The comment lines of the branches, which go before the torch.where lines."""
        found: list[cst.EmptyLine] = []
        blocks: list[cst.BaseSuite] = [node.body]
        if isinstance(node.orelse, cst.Else):
            blocks.append(node.orelse.body)
        for block in blocks:
            for statement in statements_of(block):
                found.extend(Codemod.comment_lines(leading_lines(statement)))
            found.extend(Codemod.comment_lines(getattr(block, "footer", ())))
        return found

    def _where_description(self) -> str:
        shape = (
            "both sides have the same shape"
            if self.proven
            else "both sides must broadcast to the shape the branch taken gives (not proven "
            "statically: --fix --verify checks it)"
        )
        return (
            f"Select with `{self.torch}.where(...)` (both branches are computed; {shape}; "
            "they must not fail on the inputs of the branch not taken)"
        )

    def _if_comment(self, node: cst.If) -> str:
        return Codemod.header_comment(node.body)

    def _call(self, names: tuple[str, str], operands: list[str], prefix: str) -> cst.BaseStatement:
        if not operands:
            packed = "()"
        elif len(operands) == 1:
            packed = f"({operands[0]},)"
        else:
            packed = f"({', '.join(operands)})"
        args = [self._predicate(), names[0], names[1], packed]
        text = self.cm.layout_call(self.stmt, f"{self.torch}.cond", args, prefix=prefix)
        return self.cm.statement_from(text + "\n", self.stmt)

    def _opening_blank(self) -> str:
        """Black puts an empty line before a nested def that follows other statements."""
        parent = self.ctx.parent(self.stmt)
        body = getattr(parent, "body", None)
        first_in_block = isinstance(body, list) and bool(body) and body[0] is self.stmt
        previous = self.stmt.lineno - 1
        already_blank = previous >= 1 and not self.ctx.lines[previous - 1].strip()
        return "" if first_in_block or already_blank else "\n"

    def _predicate(self) -> str:
        node = self.cm.find(self.stmt, cst.If)
        assert isinstance(node, cst.If)
        test = node.test
        if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            operand = self.cm.bare(test.expression)
            kind = self.test_value.kind if self.test_value is not None else Kind.UNKNOWN
            if kind is Kind.TENSOR:
                return f"{self.torch}.logical_not({operand})"
            if kind in (Kind.DIM, Kind.DATA):
                return f"{self.torch}.sym_not({operand})"
            raise NotRewritable("the kind of the negated test is not known")
        if isinstance(self.stmt.test, ast.BoolOp) and isinstance(test, cst.BooleanOperation):
            return self._combined(self.stmt.test, test)
        if isinstance(test, cst.Comparison):
            test = _without_item(test)
        return self.cm.bare(test)

    def _combined(self, test: ast.BoolOp, node: cst.BooleanOperation) -> str:
        """`a > 1 or b > 1` -> `(a > 1) | (b > 1)`: both sides are evaluated, so only plain
        comparisons (no `is None` guard that the other side relies on)."""
        for value in test.values:
            if not isinstance(value, ast.Compare) or any(
                isinstance(op, ast.Is | ast.IsNot | ast.In | ast.NotIn) for op in value.ops
            ):
                raise NotRewritable("the test combines values with `and`/`or`")
        operator = " | " if isinstance(test.op, ast.Or) else " & "
        parts: list[str] = []

        def flatten(expression: cst.BaseExpression) -> None:
            if isinstance(expression, cst.BooleanOperation) and not expression.lpar:
                flatten(expression.left)
                flatten(expression.right)
            else:
                parts.append(f"({self.cm.bare(expression)})")

        flatten(node)
        if len(parts) != len(test.values):
            raise NotRewritable("the test mixes `and` and `or`")
        return operator.join(parts)

    def _branch_names(self) -> tuple[str, str]:
        assert self.function is not None
        taken = function_names(self.ctx, self.function).taken
        suffix, number = "", 1
        while f"_branch_true{suffix}" in taken or f"_branch_false{suffix}" in taken:
            number += 1
            suffix = f"_{number}"
        return f"_branch_true{suffix}", f"_branch_false{suffix}"

    def _operands(self, body: list[ast.stmt], extra: list[str] | tuple[str, ...]) -> list[str]:
        """Free tensor variables of the branches, in order of first use.

        A name a branch assigns is local to the branch function, so if the branch also reads
        its outer value it must come in as an operand, which only a tensor can.
        """
        stored = stored_in(body)
        out: list[str] = []
        for name in [*loads_in(body), *extra]:
            value = self.env.get(name)
            if name in out or value is None or name == "self":
                continue
            is_tensor = value.kind is Kind.TENSOR and not value.is_container
            needed = name in stored or name in extra
            # A `mask=None` argument may be None: it stays a closure unless the branch needs it.
            maybe_none = value.optional and value.input_alias
            if is_tensor and (needed or not maybe_none):
                out.append(name)
            elif needed and value.kind is not Kind.TENSOR:
                raise NotRewritable(f"`{name}` is changed in a branch but is not a tensor")
        return out

    def _is_elif(self, node: ast.stmt) -> bool:
        return isinstance(node, ast.If) and self.ctx.lines[node.lineno - 1].lstrip().startswith(
            "elif"
        )

    def _rest_of_function(self) -> list[ast.stmt] | None:
        function = self.function
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        for index, stmt in enumerate(function.body):
            if stmt is self.stmt:
                return function.body[index + 1 :] or None
        return None

    def _live_after(self, name: str) -> bool:
        end = self.stmt.end_lineno or self.stmt.lineno
        assert self.function is not None
        if function_names(self.ctx, self.function).last_read.get(name, 0) > end:
            return True
        # Inside a loop, the next iteration reads what this one wrote.
        loop = self._enclosing_loop()
        if loop is not None:
            return any(
                isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id == name
                for n in ast.walk(loop)
            )
        return False

    def _enclosing_loop(self) -> ast.AST | None:
        node: ast.AST | None = self.ctx.parent(self.stmt)
        while node is not None and node is not self.function:
            if isinstance(node, (ast.For, ast.While, ast.AsyncFor)):
                return node
            node = self.ctx.parent(node)
        return None


# --------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class FunctionNames:
    """The names of a function, collected once per function and document (a rule may
    rewrite many statements of one 4,000-line function)."""

    taken: frozenset[str]  # every name used or defined (for fresh names)
    last_read: dict[str, int]  # name -> the last line that reads it


def function_names(ctx: FixContext, function: ast.AST) -> FunctionNames:
    cache: dict[int, FunctionNames] | None = getattr(ctx, "_function_names", None)
    if cache is None:
        cache = {}
        ctx._function_names = cache  # type: ignore[attr-defined]
    found = cache.get(id(function))
    if found is None:
        taken: set[str] = set()
        last_read: dict[str, int] = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Name):
                taken.add(node.id)
                if isinstance(node.ctx, ast.Load) and node.lineno > last_read.get(node.id, 0):
                    last_read[node.id] = node.lineno
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                taken.add(node.name)
        found = cache[id(function)] = FunctionNames(frozenset(taken), last_read)
    return found


# Builtins that keep an integer an integer (and a SymInt a SymInt under export).
_INT_FUNCTIONS = frozenset({"max", "min", "abs", "int"})
_INT_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod)


def _int_kind(node: ast.expr, env: Mapping[str, Value]) -> str:
    """ "static" (an integer from constants and config), "dim" (an integer computed from a
    size), "maybe" (built with integer operations from names of unknown kind: a helper's
    parameters) or "other" (a tensor, a float, a call)."""
    if isinstance(node, ast.Constant):
        return "static" if type(node.value) is int else "other"
    if isinstance(node, ast.Attribute):
        return "static" if (dotted_name(node) or "").startswith("self.") else "other"
    if _is_size_read(node, env):
        return "dim"
    parts: list[ast.expr]
    if isinstance(node, ast.Name):
        known = env.get(node.id)
        if known is None or known.kind is Kind.UNKNOWN:
            # A parameter of a helper: an integer as far as the branch shows.
            return "maybe" if known is None or not known.is_float else "other"
        if known.is_float or known.kind is Kind.TENSOR:
            return "other"
        if known.kind is Kind.STATIC:
            return "static" if known.integral or known.exact_int else "maybe"
        return "dim"
    if isinstance(node, ast.BinOp) and isinstance(node.op, _INT_OPERATORS):
        parts = [node.left, node.right]
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        parts = [node.operand]
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _INT_FUNCTIONS
        and node.func.id not in env
        and node.args
        and not node.keywords
        and not any(isinstance(a, ast.Starred) for a in node.args)
    ):
        parts = list(node.args)
    else:
        return "other"
    kinds = {_int_kind(part, env) for part in parts}
    for kind in ("other", "maybe", "dim"):
        if kind in kinds:
            return kind
    return "static"


def _is_size_read(node: ast.expr, env: Mapping[str, Value]) -> bool:
    """`x.shape[i]`, `x.size(i)` of a tensor."""
    found = axis_read(node)
    receiver = found[0] if found is not None else None
    if not isinstance(receiver, ast.Name):
        return False
    known = env.get(receiver.id)
    return known is not None and known.kind is Kind.TENSOR


def _a_size(test: ast.expr, env: Mapping[str, Value]) -> str | None:
    """A name or size read in the test that is a dynamic size: what lifts a constant side
    of a `torch.sym_ite` to a SymInt."""
    for node in ast.walk(test):
        if isinstance(node, ast.expr) and _is_size_read(node, env):
            return ast.unparse(node)
        if isinstance(node, ast.Name):
            known = env.get(node.id)
            if known is not None and known.kind is Kind.DIM and not known.is_float:
                return node.id
    return None


def _plain_assignments(body: list[ast.stmt]) -> dict[str, ast.expr] | None:
    """`{name: value}` when the block only assigns expressions to names, once each."""
    out: dict[str, ast.expr] = {}
    for stmt in body:
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and stmt.targets[0].id not in out
        ):
            return None
        out[stmt.targets[0].id] = stmt.value
    return out


_RANK_METHODS = frozenset({"squeeze", "unsqueeze", "flatten", "select", "unflatten"})
_REDUCTIONS = frozenset(
    {"mean", "sum", "amax", "amin", "prod", "std", "var", "norm", "argmax", "argmin", "all", "any"}
)


def _changes_rank(node: ast.expr) -> bool:
    """`node` visibly has another number of dimensions than its receiver: `squeeze`,
    `unsqueeze`, a reduction without `keepdim=True`, an integer or `None` index."""
    if isinstance(node, ast.Subscript):
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return any(
            isinstance(p, ast.Constant) and (p.value is None or type(p.value) is int) for p in parts
        ) or _changes_rank(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        attr = node.func.attr
        keepdim = any(
            k.arg == "keepdim" and isinstance(k.value, ast.Constant) and k.value.value is True
            for k in node.keywords
        )
        if attr in _RANK_METHODS or (attr in _REDUCTIONS and not keepdim):
            return True
        return _changes_rank(node.func.value)
    return False


# Methods whose result may share the storage of their receiver (a view).
_VIEW_METHODS = frozenset(
    {
        "view", "reshape", "transpose", "permute", "expand", "expand_as", "narrow", "select",
        "squeeze", "unsqueeze", "flatten", "unflatten", "t", "view_as", "reshape_as",
        "as_strided", "detach", "unfold", "diagonal", "movedim", "swapaxes", "swapdims",
        "contiguous", "real", "imag",
    }
)  # fmt: skip


def _is_view(value: ast.expr) -> bool:
    """`value` may be a view of another tensor: a subscript or a view method's result."""
    if isinstance(value, ast.Subscript):
        return True
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in _VIEW_METHODS
    )


def _is_cst_view(value: cst.BaseExpression) -> bool:
    """A subscript, a view method's result, or a module attribute (`self.pos`, a parameter
    or buffer returned as it is: an alias too)."""
    if isinstance(value, cst.Subscript | cst.Attribute):
        return True
    return (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Attribute)
        and value.func.attr.value in _VIEW_METHODS
    )


class _CloneNames(cst.CSTTransformer):
    """`return x` -> `return x.clone()` (also `return x, y`, and a returned subscript or
    view, which may alias the operand or start at another storage offset: torch.cond
    rejects both), not in nested functions. A returned Python value becomes a 0-d tensor
    (`True` -> `torch.full((), True)`, also a name known to hold a number): torch.cond's
    branches return tensors only ("unsupported branch return type"), and `True.clone()`
    would not even run. `torch.full`, not `torch.tensor`: a constant made inside a branch
    becomes a lifted constant that torch.onnx cannot convert ("Attempting to use
    FunctionalTensor on its own", measured on torch 2.13)."""

    def __init__(
        self,
        torch: str = "torch",
        plain: frozenset[str] = frozenset(),
        modules: Container[str] = ("torch",),
        empty: frozenset[int] = frozenset(),
    ) -> None:
        super().__init__()
        self.torch = torch
        self.plain = plain  # names holding Python values (numbers, sizes), not tensors
        self.modules = modules  # the imported names (`torch`, `F`), not tensors
        self.empty = empty  # places of a returned tuple that hold None: left out

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def leave_Return(self, original_node: cst.Return, updated_node: cst.Return) -> cst.Return:
        value = updated_node.value
        if value is None:
            return updated_node
        if isinstance(value, cst.Tuple):
            elements = [
                e.with_changes(value=self._output(e.value)) if isinstance(e, cst.Element) else e
                for i, e in enumerate(value.elements)
                if i not in self.empty
            ]
            if len(elements) == 1 and self.empty:
                # `return h, None` -> `return h`: torch.cond then returns the tensor.
                return updated_node.with_changes(value=elements[0].value)
            if elements and self.empty:
                last = elements[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                elements = [*elements[:-1], last]
            return updated_node.with_changes(value=value.with_changes(elements=elements))
        if isinstance(value, cst.List):  # torch.cond returns lists (and dicts) of tensors
            elements = [
                e.with_changes(value=self._output(e.value)) if isinstance(e, cst.Element) else e
                for e in value.elements
            ]
            return updated_node.with_changes(value=value.with_changes(elements=elements))
        if isinstance(value, cst.Dict):
            pairs = [
                e.with_changes(value=self._output(e.value)) if isinstance(e, cst.DictElement) else e
                for e in value.elements
            ]
            return updated_node.with_changes(value=value.with_changes(elements=pairs))
        return updated_node.with_changes(value=self._output(value))

    def _output(self, value: cst.BaseExpression) -> cst.BaseExpression:
        if _python_literal(value):
            return cst.parse_expression(f"{self.torch}.full((), {_code(value)})")
        if isinstance(value, cst.Name) and value.value in self.plain:
            return cst.parse_expression(f"{self.torch}.full((), {value.value})")
        if isinstance(value, cst.Name) or _is_cst_view(value) or _cst_strided(value, self.modules):
            return _cloned(value, self.torch)
        return value


def _python_literal(value: cst.BaseExpression) -> bool:
    """`True`, `False`, `3`, `-0.5`: a Python number or bool written out."""
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus):
        value = value.expression
    if isinstance(value, cst.Integer | cst.Float):
        return True
    return isinstance(value, cst.Name) and value.value in ("True", "False")


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _without_item(test: cst.Comparison) -> cst.Comparison:
    """`t.sum().item() != 0` -> `t.sum() != 0`: a predicate of torch.cond may be a one-element
    tensor, and a float read out of one becomes an unbacked float symbol that torch.onnx's
    second trace loses (PendingUnbackedSymbolNotFound, measured on torch 2.13)."""

    def bare(expression: cst.BaseExpression) -> cst.BaseExpression:
        if (
            isinstance(expression, cst.Call)
            and not expression.args
            and isinstance(expression.func, cst.Attribute)
            and expression.func.attr.value == "item"
            and not expression.lpar
        ):
            return expression.func.value
        return expression

    targets = [c.with_changes(comparator=bare(c.comparator)) for c in test.comparisons]
    return test.with_changes(left=bare(test.left), comparisons=targets)


def _returned_parts(value: ast.expr) -> list[ast.expr]:
    """The values a `return` gives torch.cond: the elements of a tuple or list, the values
    of a dict, else the value itself."""
    if isinstance(value, ast.Tuple | ast.List):
        return list(value.elts)
    if isinstance(value, ast.Dict):
        return list(value.values)
    return [value]


def _python_constant(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and not isinstance(node.value, bytes | str)


def _check_return_types(returned: list[ast.expr]) -> None:
    """Refuse what torch.cond cannot return (measured on torch 2.13: tensors, ints, and
    lists, tuples and dicts of them pass; None, strings and objects fail with "unsupported
    branch return type"): an object built by a call to a class (a dataclass, a
    transformers `ModelOutput`), a set, a string."""
    for value in returned:
        for part in _returned_parts(value):
            if isinstance(part, ast.Call):
                name = (dotted_name(part.func) or "").rpartition(".")[2]
                if name[:1].isupper():
                    raise NotRewritable(
                        f"a branch returns an object (`{name}(...)`), which torch.cond "
                        "cannot return: return its tensors from the branches and build the "
                        "object after the cond"
                    )
            if isinstance(part, ast.Set | ast.SetComp | ast.JoinedStr):
                raise NotRewritable(
                    "a branch returns a value that is not a tensor or a number "
                    "(torch.cond's branches return tensors)"
                )


def _dense_copy(code: str, torch: str = "torch") -> str:
    """`x.clone(memory_format=torch.contiguous_format)`: a branch output torch.cond accepts.
    A plain `clone()` keeps the layout of a dense view (`x.transpose(1, 2)`, a one-row slice
    `x[:, :, :2]` of a (1, 1, 8) tensor: stride (8, 8, 1)), and torch.cond raises, in eager
    mode too, when the two branches' strides differ ("The sorted order of strides of the two
    branches' outputs", measured on torch 2.13); the while_loop rewrite does the same for its
    carries. A copy that is already dense costs nothing in the ONNX graph (no node)."""
    return f"{code}.clone(memory_format={torch}.contiguous_format)"


def _cloned(value: cst.BaseExpression, torch: str = "torch") -> cst.BaseExpression:
    receiver = value
    if not isinstance(value, cst.Name | cst.Attribute | cst.Subscript | cst.Call):
        receiver = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    expression = cst.parse_expression(_dense_copy("_value", torch))
    assert isinstance(expression, cst.Call) and isinstance(expression.func, cst.Attribute)
    return expression.with_changes(func=expression.func.with_changes(value=receiver))


# Methods whose result keeps a non-standard layout through elementwise arithmetic
# (`x.transpose(1, 2) + 1` is strided like the transpose).
_STRIDED_METHODS = frozenset(
    {
        "transpose", "permute", "t", "movedim", "moveaxis", "swapaxes", "swapdims", "narrow",
        "select", "expand", "expand_as", "unfold", "diagonal", "as_strided", "mT", "T",
    }
)  # fmt: skip


def _strided(value: ast.expr, modules: Container[str] = ()) -> bool:
    """`value` is (elementwise arithmetic on) a subscript of or a layout-changing method on
    a tensor, so its strides may differ from a freshly computed tensor of the same shape.
    Only the value's spine counts (receivers, operands, a library function's first
    argument; `modules` are the imported names): `s.masked_fill(~m[:, None], 0)` is laid
    out like `s`, `self.conv(x.mT)` is a fresh tensor."""
    if isinstance(value, ast.Subscript):
        return not isinstance(value.value, ast.Attribute)  # `x.shape[0]`, `self.table[i]`
    if isinstance(value, ast.Attribute):
        return value.attr in _STRIDED_METHODS
    if isinstance(value, ast.UnaryOp):
        return _strided(value.operand, modules)
    if isinstance(value, ast.BinOp):
        return _strided(value.left, modules) or _strided(value.right, modules)
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
        return False
    method, receiver = value.func.attr, value.func.value
    if method in _STRIDED_METHODS:
        return True
    if method == "contiguous":
        return False
    if isinstance(receiver, ast.Name) and receiver.id in modules:
        return bool(value.args) and _strided(value.args[0], modules)
    return _strided(receiver, modules)


def _strided_through(
    value: ast.expr,
    body: list[ast.stmt],
    modules: Container[str],
    seen: frozenset[str] = frozenset(),
) -> bool:
    """`_strided` through the names the branch assigns: `v = x.permute(0, 2, 3, 1)` then
    `out = v.index_put((idx,), w)` (or `v * 2`) is laid out like the permuted view. torch.cond
    rejects such an output ("stride is not a simple accumulative multiplication of sizes",
    measured on torch 2.13); a dense copy of it exports."""
    for name in _spine_names(value, modules):
        if name in seen:
            continue
        for assigned in _assigned_values(body, name):
            if (
                _is_view(assigned)
                or _strided(assigned, modules)
                or _strided_through(assigned, body, modules, seen | {name})
            ):
                return True
    return False


def _spine_names(value: ast.expr, modules: Container[str]) -> list[str]:
    """The names on `value`'s spine (as `_strided` walks it): `v` of `v.index_put(...)`,
    `v * 2`, `-v`; not a library's first argument's."""
    if isinstance(value, ast.Name):
        return [] if value.id in modules else [value.id]
    if isinstance(value, ast.UnaryOp):
        return _spine_names(value.operand, modules)
    if isinstance(value, ast.BinOp):
        return [*_spine_names(value.left, modules), *_spine_names(value.right, modules)]
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        if value.func.attr == "contiguous":
            return []
        return _spine_names(value.func.value, modules)
    return []


def _cst_strided(value: cst.BaseExpression, modules: Container[str]) -> bool:
    """The CST form of `_strided`, for a returned expression."""
    try:
        tree = ast.parse(f"({_code(value)})", mode="eval")
    except SyntaxError:
        return True  # cannot tell: a dense copy is always right
    return _strided(tree.body, modules)


def _clone_returned_names(
    statement: cst.BaseStatement,
    torch: str = "torch",
    plain: frozenset[str] = frozenset(),
    modules: Container[str] = ("torch",),
    empty: frozenset[int] = frozenset(),
) -> cst.BaseStatement:
    new = statement.visit(_CloneNames(torch, plain, modules, empty))
    assert isinstance(new, cst.BaseStatement)
    return new


def _top_of_chain(ctx: FixContext, stmt: ast.If) -> ast.If:
    """The `if` an `elif` belongs to."""
    # Remembered for every `elif` walked through: each `elif` of a long chain asks, and a
    # walk from each to the top is quadratic in the chain (tests/test_lint_scaling.py).
    tops: dict[int, ast.If] = ctx.__dict__.setdefault("_chain_tops", {})
    walked: list[ast.If] = []
    node = stmt
    parent = ctx.parent(node)
    while isinstance(parent, ast.If) and len(parent.orelse) == 1 and parent.orelse[0] is node:
        if id(node) in tops:
            node = tops[id(node)]
            break
        if ctx.lines[node.lineno - 1].lstrip().startswith("elif"):
            walked.append(node)
            node, parent = parent, ctx.parent(parent)
        else:
            break
    for elif_ in walked:
        tops[id(elif_)] = node
    return node


def check_branch(body: list[ast.stmt]) -> None:
    for node in _walk_branch(body):
        if isinstance(node, (ast.Break, ast.Continue)) and not _inside_loop(node, body):
            raise NotRewritable("a branch uses `break`/`continue`")
        if isinstance(node, (ast.Yield, ast.YieldFrom, ast.Await, ast.Global, ast.Nonlocal)):
            raise NotRewritable("a branch yields, awaits or declares global/nonlocal names")
        if isinstance(node, ast.Raise):
            raise NotRewritable("a branch raises (use torch._check for run-time checks)")
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, (ast.Attribute, ast.Subscript)) and isinstance(
                        part.ctx, ast.Store
                    ):
                        raise NotRewritable("a branch mutates state (attribute or item assignment)")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr.endswith("_")
            and not node.func.attr.startswith("_")
        ):
            raise NotRewritable(f"a branch changes a tensor in place (`{node.func.attr}`)")


def _inside_loop(node: ast.AST, body: list[ast.stmt]) -> bool:
    for stmt in body:
        for loop in ast.walk(stmt):
            if isinstance(loop, (ast.For, ast.While, ast.AsyncFor)) and any(
                n is node for n in ast.walk(loop)
            ):
                return True
    return False


def _walk_branch(body: list[ast.stmt]) -> Iterator[ast.AST]:
    return walk_local(body)


def _always_returns(body: list[ast.stmt]) -> bool:
    """The block ends in `return value` on every path (an if/elif/else chain included), and
    returns nowhere else."""
    if not body or _contains_return(body[:-1]):
        return False
    last = body[-1]
    if isinstance(last, ast.Return):
        return last.value is not None
    if isinstance(last, ast.If):
        return _always_returns(last.body) and _always_returns(last.orelse)
    return False


def _contains_return(body: list[ast.stmt]) -> bool:
    return any(isinstance(n, ast.Return) for n in _walk_branch(body))


def stored_in(body: list[ast.stmt]) -> set[str]:
    return {
        n.id for n in _walk_branch(body) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }


def _in_order(body: list[ast.stmt], names: set[str]) -> list[str]:
    """`names` in the order the branches first assign them."""
    found: list[tuple[int, int, str]] = []
    for node in _walk_branch(body):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in names:
            found.append((node.lineno, node.col_offset, node.id))
    ordered: list[str] = []
    for _, _, name in sorted(found):
        if name not in ordered:
            ordered.append(name)
    return ordered


def loads_in(body: list[ast.stmt]) -> list[str]:
    names: list[tuple[int, int, str]] = []
    for node in _walk_branch(body):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            names.append((node.lineno, node.col_offset, node.id))
    return [name for _, _, name in sorted(names)]


def _assigned_values(body: list[ast.stmt], name: str) -> Iterator[ast.expr]:
    for node in _walk_branch(body):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            yield node.value


def _has_multiline_string(body: list[ast.stmt]) -> bool:
    return any(
        isinstance(n, (ast.Constant, ast.JoinedStr)) and (n.end_lineno or n.lineno) > n.lineno
        for n in _walk_branch(body)
    )


def _reindent(line: str, old: str, new: str) -> str:
    if not line.strip():
        return ""
    if line.startswith(old):
        return new + line[len(old) :]
    return new + line.lstrip()


def _as_check_argument(ctx: FixContext, test: ast.expr, value: Value) -> str:
    text = ctx.segment(test)
    if value.kind is Kind.TENSOR:
        return f"{ctx.atom(test)}.item()"
    return text


def _exception_name(raised: ast.expr | None) -> str:
    if isinstance(raised, ast.Call):
        raised = raised.func
    if isinstance(raised, ast.Name):
        return raised.id
    return "the exception"
