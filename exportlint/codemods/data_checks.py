"""Checks that only raise, on tensor data (EXL101): `torch._check` keeps them in the program.

    if torch.isnan(h).any() or torch.isinf(h).any():
        raise ValueError("non-finite activations")
    ->
    torch._check(
        torch.logical_not(torch.isnan(h).any()).item(), lambda: "non-finite activations"
    )
    torch._check(
        torch.logical_not(torch.isinf(h).any()).item(), lambda: "non-finite activations"
    )

A block that raises when a test on tensor data holds is a run-time check, not a branch of the
computation. torch.export cannot decide the test at trace time, but it keeps
`torch._check(<bool read out of a tensor>)` as a run-time assertion of the exported program
(measured on torch 2.13: export, ONNX and onnxruntime on unseen sizes; `ep.module()` raises on
an input that fails the check). `torch._check(bool(t))` does not export (the `bool()` guards):
the value must be read with `.item()`.

The test is split into checks: `a or b` raises when either holds (one check each, in order);
`a and b` with a Python part (`mask is not None`, a flag) keeps that part as an `if` around the
check of the tensor part; `not t` checks `t` itself. A message computed by statements before
the `raise` moves into a local function that `torch._check` calls only on failure, so the
message is the same. The same shapes come from `assert <test>, msg` and from an `if` whose
`else:` raises (the check, then the block, unwrapped).

Candidates, best first: `torch._check(...)` (unsafe: it raises RuntimeError instead of the
original exception); `torch._assert_async(...)` for tensor tests (the same check as an op on the
tensor, when `.item()` cannot be traced where the check is); and for an `if` that only raises,
skipping the block while exporting (`if not torch.compiler.is_exporting() and ...`; unsafe: the
exported program no longer checks anything).
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst

from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Kind, Value
from exportlint.codemods import NotRewritable
from exportlint.codemods.core import (
    Codemod,
    codemod_for,
    fresh_name,
    indented,
    leading_lines,
    statements_of,
    with_comment,
    with_leading,
)
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

# What a test is made of: a Python value export decides itself ("static": `x is None`, a flag,
# a size), a tensor ("tensor": `(x < 0).any()`), a bool read out of a tensor ("data":
# `x.item() > 0`), or something this module cannot tell.
STATIC, TENSOR, DATA, UNKNOWN = "static", "tensor", "data", "unknown"

# Tensor methods that give Python values (sizes, dtypes) rather than tensors.
_STATIC_METHODS = frozenset(
    {"dim", "size", "numel", "nelement", "is_floating_point", "is_complex", "is_contiguous",
     "element_size", "ndimension", "get_device", "is_sparse"}
)  # fmt: skip
_STATIC_ATTRIBUTES = frozenset(
    {"shape", "dtype", "device", "ndim", "is_cuda", "requires_grad", "layout", "is_leaf"}
)
_STATIC_FUNCTIONS = frozenset({"isinstance", "hasattr", "callable", "len", "issubclass"})
# torch namespaces whose functions answer Python questions, not tensor ones.
_STATIC_TORCH = ("compiler.", "jit.", "onnx.", "_dynamo.", "is_tensor", "is_floating_point",
                 "is_grad_enabled", "are_deterministic", "cuda.", "backends.")  # fmt: skip
_FORBIDDEN_IN_MESSAGE = (
    ast.Return, ast.Yield, ast.YieldFrom, ast.Await, ast.Global, ast.Nonlocal, ast.AugAssign
)  # fmt: skip


@dataclass(frozen=True)
class _Shape:
    """A check found in a statement: fail when `test` is `fails_when`; the statements before
    the raise (`preamble`), the raise's message, and the block that runs when it passes."""

    test: ast.expr
    fails_when: bool
    preamble: list[ast.stmt]
    message: ast.expr | None
    exception: str
    rest: list[ast.stmt]
    raising: list[ast.stmt]  # the block that raises, as written (kept under a Python test)


def is_data_check(ctx: FixContext, stmt: ast.stmt) -> bool:
    """`assert ...`, or an `if` one of whose branches ends in `raise` (its only `raise`), not
    followed by an `elif`."""
    try:
        _shape_of(ctx, stmt)
    except NotRewritable:
        return False
    return True


def check_candidates(
    ctx: FixContext, stmt: ast.stmt, env: Mapping[str, Value], value: Value, node: ast.expr
) -> list[Fix]:
    """The candidate rewrites of a check on tensor data, best first (see the module doc)."""
    known = ctx.rewrites.get(id(stmt))
    if known is not None:
        return known  # one statement, several reported operands (`a.any() or b.any()`)
    shape = _shape_of(ctx, stmt)
    torch = ctx.torch()
    # The lint knows the reported part better than `classify` (`masked.numel() == 0` of a
    # data-dependent number of rows is data); the other parts are classified here.
    known_kinds = {id(node): TENSOR if value.kind is Kind.TENSOR else DATA}
    found = [_checked(ctx, stmt, shape, env, known_kinds, asynchronous=False)]
    # A lint that applies only the first candidate (--fix, --diff) builds no more.
    limit = ctx.candidate_limit
    if limit is not None and len(found) >= limit:
        ctx.rewrites[id(stmt)] = found
        return found
    # A part that is a Python bool read out of a tensor: only torch._check takes it.
    with contextlib.suppress(NotRewritable):
        found.append(_checked(ctx, stmt, shape, env, known_kinds, asynchronous=True))
    if isinstance(stmt, ast.If) and not shape.rest and shape.fails_when:
        from exportlint.codemods.warn_only import unless_exporting

        found.append(
            unless_exporting(
                ctx,
                stmt,
                f"Skip the check while exporting (`if not {torch}.compiler.is_exporting() and "
                "...`; unsafe: the exported program no longer checks its inputs, only eager "
                "code raises)",
            )
        )
    ctx.rewrites[id(stmt)] = found
    return found


def _shape_of(ctx: FixContext, stmt: ast.stmt) -> _Shape:
    if isinstance(stmt, ast.Assert):
        return _Shape(stmt.test, False, [], stmt.msg, "AssertionError", [], [])
    if not isinstance(stmt, ast.If):
        raise NotRewritable("not a check")
    body, orelse = stmt.body, stmt.orelse
    if body and isinstance(body[-1], ast.Raise) and not _raises_inside(body[:-1]):
        if orelse and not _plain_else(ctx, stmt):
            raise NotRewritable("the check is followed by an `elif`")
        return _shape(stmt.test, True, body, orelse)
    if (
        orelse
        and _plain_else(ctx, stmt)
        and isinstance(orelse[-1], ast.Raise)
        and not _raises_inside(orelse[:-1])
    ):
        return _shape(stmt.test, False, orelse, body)
    raise NotRewritable("no branch of the `if` only raises")


def _shape(
    test: ast.expr, fails_when: bool, raising: list[ast.stmt], rest: list[ast.stmt]
) -> _Shape:
    raise_stmt = raising[-1]
    assert isinstance(raise_stmt, ast.Raise)
    if raise_stmt.cause is not None:
        raise NotRewritable("the raise has a cause (`from ...`)")
    exc = raise_stmt.exc
    message: ast.expr | None = None
    name = "the exception"
    if isinstance(exc, ast.Call):
        name = dotted(exc.func) or name
        if len(exc.args) == 1 and not exc.keywords and not isinstance(exc.args[0], ast.Starred):
            message = exc.args[0]
        elif exc.args or exc.keywords:
            raise NotRewritable("the exception takes several arguments")
    elif isinstance(exc, ast.Name | ast.Attribute):
        name = dotted(exc) or name
    else:
        raise NotRewritable("a bare `raise` re-raises")
    preamble = raising[:-1]
    for statement in preamble:
        if any(isinstance(n, _FORBIDDEN_IN_MESSAGE) for n in ast.walk(statement)):
            raise NotRewritable("the block before the raise does more than build a message")
    if preamble and message is None:
        raise NotRewritable("the block before the raise does more than build a message")
    return _Shape(test, fails_when, preamble, message, name, rest, raising)


def _plain_else(ctx: FixContext, stmt: ast.If) -> bool:
    """`else:`, not `elif` (an `elif` is a lone `If` in `orelse` whose line starts `elif`)."""
    orelse = stmt.orelse
    return not (
        len(orelse) == 1
        and isinstance(orelse[0], ast.If)
        and ctx.lines[orelse[0].lineno - 1].lstrip().startswith("elif")
    )


def _raises_inside(statements: list[ast.stmt]) -> bool:
    return any(isinstance(n, ast.Raise) for s in statements for n in ast.walk(s))


# ----------------------------------------------------------------- what a test is made of


def classify(node: ast.expr, env: Mapping[str, Value], torch: str = "torch") -> str:
    """STATIC, TENSOR, DATA or UNKNOWN (see above) for a part of a test."""
    if isinstance(node, ast.Constant):
        return STATIC
    if isinstance(node, ast.Name):
        value = env.get(node.id)
        if value is None:
            return UNKNOWN
        if value.kind is Kind.TENSOR:
            # An optional tensor (`mask=None`) is a tensor where it is tested on data: the
            # `is not None` part of the test stays a Python `if` around the check.
            return UNKNOWN if value.is_container else TENSOR
        if value.kind is Kind.DATA:
            return DATA
        if value.kind in (Kind.STATIC, Kind.DIM):
            return STATIC
        return UNKNOWN
    if isinstance(node, ast.Attribute):
        if node.attr in _STATIC_ATTRIBUTES:
            return STATIC
        if (dotted(node) or "").startswith("self.") and node.attr != "data":
            return STATIC  # a flag or a config value (`self.training`, `self.strict`)
        return UNKNOWN
    if isinstance(node, ast.Subscript):
        inner = classify(node.value, env, torch)
        return inner if inner in (TENSOR, STATIC) else UNKNOWN
    if isinstance(node, ast.UnaryOp):
        inner = classify(node.operand, env, torch)
        if isinstance(node.op, ast.Not):
            return STATIC if inner == STATIC else UNKNOWN
        return inner
    if isinstance(node, ast.BinOp):
        return _combined([classify(node.left, env, torch), classify(node.right, env, torch)])
    if isinstance(node, ast.Compare):
        if all(isinstance(op, ast.Is | ast.IsNot) for op in node.ops):
            return STATIC
        if any(isinstance(op, ast.In | ast.NotIn) for op in node.ops):
            return UNKNOWN
        return _combined([classify(n, env, torch) for n in (node.left, *node.comparators)])
    if isinstance(node, ast.Call):
        return _call_kind(node, env, torch)
    return UNKNOWN


def _combined(kinds: list[str]) -> str:
    if UNKNOWN in kinds:
        return UNKNOWN
    if TENSOR in kinds:
        return TENSOR
    return DATA if DATA in kinds else STATIC


def _call_kind(node: ast.Call, env: Mapping[str, Value], torch: str) -> str:
    name = dotted(node.func) or ""
    if name in _STATIC_FUNCTIONS:
        return STATIC
    if name == "bool" and len(node.args) == 1:
        inner = classify(node.args[0], env, torch)
        return DATA if inner in (TENSOR, DATA) else inner
    if name.startswith(f"{torch}."):
        rest = name[len(torch) + 1 :]
        return STATIC if rest.startswith(_STATIC_TORCH) else TENSOR
    if isinstance(node.func, ast.Attribute):
        receiver = classify(node.func.value, env, torch)
        if receiver != TENSOR:
            return UNKNOWN
        method = node.func.attr
        if method == "item" and not node.args:
            return DATA
        if method in _STATIC_METHODS:
            return STATIC
        if method == "tolist":
            return UNKNOWN
        return TENSOR
    return UNKNOWN


# ----------------------------------------------------------------- the rewrite


class _Writer:
    """Turns a test into the statements that raise when it has the failing truth value."""

    def __init__(
        self,
        ctx: FixContext,
        cm: Codemod,
        stmt: ast.stmt,
        env: Mapping[str, Value],
        known: Mapping[int, str],
        message: str,
        raising: list[cst.BaseStatement],
        asynchronous: bool,
    ) -> None:
        self.ctx, self.cm, self.stmt, self.env, self.known = ctx, cm, stmt, env, known
        self.torch = ctx.torch()
        self.message = message
        self.raising = raising
        self.asynchronous = asynchronous
        self.raising_used = False  # the raising block is kept under a Python `if`

    def fail_when(self, test: ast.expr, truth: bool) -> list[cst.BaseStatement]:
        """Statements that raise when `bool(test) is truth`, and do nothing otherwise."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self.fail_when(test.operand, not truth)
        kind = self._kind(test)
        if kind == STATIC:
            return [self._python_if(test, truth, self.raising)]
        if isinstance(test, ast.BoolOp):
            # `a or b` fails when either does (fails_when truthy): one check per part, in
            # order; `a and b` fails when falsy the same way (not (a and b) = not a or not b).
            splits = isinstance(test.op, ast.Or) == truth
            if splits:
                out: list[cst.BaseStatement] = []
                for part in test.values:
                    out.extend(self.fail_when(part, truth))
                return out
            # Fails only when every part does: the Python parts stay an `if` around the
            # check of the data parts (export decides them itself).
            static = [v for v in test.values if self._kind(v) == STATIC]
            data = [v for v in test.values if v not in static]
            if len(data) != 1:
                raise NotRewritable("several tensor tests must all hold together")
            inner = self.fail_when(data[0], truth)
            if not static:
                return inner
            return [self._python_if_all(static, truth, inner)]
        if kind == TENSOR:
            return [self._check(test, truth, tensor=True)]
        if kind == DATA:
            if self.asynchronous:
                raise NotRewritable("a Python bool read out of a tensor is no tensor to assert")
            return [self._check(test, truth, tensor=False)]
        raise NotRewritable(f"cannot tell what `{self.ctx.segment(test)}` is")

    def _kind(self, test: ast.expr) -> str:
        if isinstance(test, ast.BoolOp):
            return _combined([self._kind(v) for v in test.values])
        return self.known.get(id(test)) or classify(test, self.env, self.torch)

    def _check(self, test: ast.expr, truth: bool, tensor: bool) -> cst.BaseStatement:
        torch = self.torch
        test = _unbool(test) if tensor or _is_bool_of_tensor(test, self.env, torch) else test
        tensor = tensor or classify(test, self.env, torch) == TENSOR
        code = self.ctx.segment(test)
        atom = self.ctx.atom(test)
        if tensor:
            # The check passes when the test is `not truth`.
            condition = f"{torch}.logical_not({code})" if truth else atom
            if self.asynchronous:
                args = [condition]
                if self.message.startswith(("'", '"')):
                    args.append(self.message)
                text = self.cm.layout_call(self.stmt, f"{torch}._assert_async", args)
                return self.cm.statement_from(text + "\n", self.stmt)
            condition = f"{condition}.item()"
        else:
            condition = f"{torch}.sym_not({code})" if truth else code
        args = [condition]
        if self.message:
            args.append(self.message if self.message.isidentifier() else f"lambda: {self.message}")
        text = self.cm.layout_call(self.stmt, f"{torch}._check", args)
        return self.cm.statement_from(text + "\n", self.stmt)

    def _python_if(
        self, test: ast.expr, truth: bool, body: Sequence[cst.BaseStatement]
    ) -> cst.BaseStatement:
        code = self.ctx.segment(test)
        if not truth:
            code = f"not {self.ctx.atom(test)}"
        self.raising_used = True
        return self._if(code, body)

    def _python_if_all(
        self, parts: list[ast.expr], truth: bool, body: Sequence[cst.BaseStatement]
    ) -> cst.BaseStatement:
        codes = [self.ctx.atom(p) if len(parts) > 1 else self.ctx.segment(p) for p in parts]
        code = (
            " and ".join(codes) if truth else " or ".join(f"not {self.ctx.atom(p)}" for p in parts)
        )
        return self._if(code, body)

    def _if(self, code: str, body: Sequence[cst.BaseStatement]) -> cst.BaseStatement:
        template = self.cm.statement_from(f"if {code}:\n    pass\n", self.stmt)
        assert isinstance(template, cst.If)
        return template.with_changes(body=indented(list(body)))


def _unbool(test: ast.expr) -> ast.expr:
    """`bool(t)` -> `t` (torch._check needs `.item()`, and `bool()` of a traced tensor guards)."""
    if (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and test.func.id == "bool"
        and len(test.args) == 1
    ):
        return test.args[0]
    return test


def _is_bool_of_tensor(test: ast.expr, env: Mapping[str, Value], torch: str) -> bool:
    inner = _unbool(test)
    return inner is not test and classify(inner, env, torch) == TENSOR


def _checked(
    ctx: FixContext,
    stmt: ast.stmt,
    shape: _Shape,
    env: Mapping[str, Value],
    known: Mapping[int, str],
    asynchronous: bool,
) -> Fix:
    torch = ctx.torch()
    cm = codemod_for(ctx, stmt)
    original = cm.statement(stmt)  # the `if`, or the line of the `assert`
    message = ""
    before: list[cst.BaseStatement] = []
    if shape.message is not None:
        message = ctx.segment(shape.message)
        if shape.preamble:
            if asynchronous:
                raise NotRewritable("the message is computed")
            # The statements that build the message run only on failure, in a local function.
            function = ctx._scope_of(stmt.lineno)
            taken = {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
            taken |= {
                n.name
                for n in ast.walk(function)
                if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
            }
            name = fresh_name("_failure_message", taken)
            moved = [cm.statement(s) for s in shape.preamble]
            returned = cm.statement_from(f"return {message}\n", stmt)
            template = cm.statement_from(f"def {name}():\n    pass\n", stmt)
            assert isinstance(template, cst.FunctionDef)
            defined: cst.BaseStatement = template.with_changes(body=indented([*moved, returned]))
            if _not_first(stmt, function):  # black's blank line before a nested def
                defined = with_leading(defined, [cst.EmptyLine(indent=False)])
            before.append(defined)
            message = name
    raising: list[cst.BaseStatement] = []
    if isinstance(original, cst.If):
        raising = statements_of(_branch(original, shape.fails_when))
    else:
        # An `assert` split into parts: a Python part raises as the assert did.
        text = "raise AssertionError"
        if message:
            text = f"raise AssertionError({message}())" if before else f"{text}({message})"
        raising = [cm.statement_from(text + "\n", stmt)]
    writer = _Writer(ctx, cm, stmt, env, known, message, raising, asynchronous)
    checks = writer.fail_when(shape.test, shape.fails_when)
    rest: list[cst.BaseStatement] = []
    if shape.rest:
        assert isinstance(original, cst.If)
        rest = statements_of(_branch(original, not shape.fails_when))
    if before:
        checks[0] = with_leading(checks[0], [cst.EmptyLine(indent=False)])
    new = [*before, *checks, *rest]
    # Comments: the ones before the statement and on its header line stay, on the first line.
    if isinstance(original, cst.If):
        header = Codemod.header_comment(original.body)
    elif isinstance(original, cst.SimpleStatementLine):
        comment = original.trailing_whitespace.comment
        header = comment.value if comment is not None else ""
    else:
        raise NotRewritable("the check shares its line with other statements")
    first = len(before)
    if not writer.raising_used:
        # The raise is gone: its comments (and those of an `else:` holding it) stay, above
        # the check.
        new[first] = with_leading(new[first], _raise_comments(original, raising, shape))
    new[0] = with_leading(new[0], Codemod.comment_lines(leading_lines(original)))
    if header:
        new[first] = with_comment(new[first], header)
    what = f"{torch}._assert_async(...)" if asynchronous else f"{torch}._check(...)"
    kept = "export keeps it as a run-time check of the exported program"
    description = (
        f"Check with `{what}`: {kept} (unsafe: it raises RuntimeError instead of "
        f"{shape.exception}"
        + (", and -O no longer removes it" if isinstance(stmt, ast.Assert) else "")
        + ")"
    )
    return fix(description, Applicability.UNSAFE, *cm.edits({stmt: new}))


def _not_first(stmt: ast.stmt, function: ast.AST) -> bool:
    """`stmt` is not the first statement of its block (black puts an empty line before a
    nested def that follows other statements)."""
    for node in ast.walk(function):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and any(s is stmt for s in block):
                return block[0] is not stmt
    return True


def _raise_comments(
    original: cst.BaseStatement, raising: list[cst.BaseStatement], shape: _Shape
) -> list[cst.EmptyLine]:
    """The comment lines of the `raise` statement (before it and at its end), and of the
    `else:` that holds it."""
    lines: list[cst.EmptyLine] = []
    if not isinstance(original, cst.If):
        return lines
    if not shape.fails_when and isinstance(original.orelse, cst.Else):
        lines.extend(Codemod.comment_lines(original.orelse.leading_lines))
        header = Codemod.header_comment(original.orelse.body)
        if header:
            lines.append(cst.EmptyLine(comment=cst.Comment(header)))
    if raising:
        last = raising[-1]
        lines.extend(Codemod.comment_lines(leading_lines(last)))
        if isinstance(last, cst.SimpleStatementLine) and last.trailing_whitespace.comment:
            lines.append(cst.EmptyLine(comment=last.trailing_whitespace.comment))
        block = _branch(original, shape.fails_when)
        if isinstance(block, cst.IndentedBlock):
            lines.extend(Codemod.comment_lines(block.footer))
    return lines


def _branch(node: cst.If, body: bool) -> cst.BaseSuite:
    """The `if` block (`body`) or the `else:` block of `node`."""
    if body:
        return node.body
    if not isinstance(node.orelse, cst.Else):
        raise NotRewritable("no `else:` block")
    return node.orelse.body
