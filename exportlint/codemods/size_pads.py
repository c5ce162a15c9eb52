"""A pad taken only when a tensor is shorter than a bound -> `torch.cond` (EXL102).

SEW/wav2vec-style upsampling pads its output to at least the input length, a conv front end
pads an input shorter than its kernel:

    n = ref.shape[1]
    if up.shape[1] < n:
        up = F.pad(up, (0, 0, 0, n - up.shape[1]))
    ->
    up = torch.cond(
        up.shape[1] < n,
        lambda up, ref: F.pad(up, (0, 0, 0, ref.shape[1] - up.shape[1])),
        lambda up, ref: up.clone(),
        (up, ref),
    )

torch.export keeps only the branch the example took. The unconditional pad by a clamped
amount (`torch.sym_max(n - L, 0)`, also as a `torch.cat` with a zeros block) exports but
leaves guards on the `max` that fail on unseen sizes (measured on torch 2.13: "Guard failed:
... max(0, ...) ... == ..."); `torch.cond` on the size test exports, and `ep.module()` and
onnxruntime match eager on both sides of the bound (measured on 2.13). Branch functions of
torch.cond take tensors only and cannot close over a symbolic size (measured: "RuntimeError
when making fake tensor call"), so a local size name (`n = ref.shape[1]`) is spelled out in
the branch and its tensor passed as an operand. Unsafe: verified, not proven (what follows
the cond gets a size that depends on the branch).
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.analysis.imports import qualified_name
from exportlint.codemods import NotRewritable
from exportlint.codemods.core import codemod_for
from exportlint.codemods.names import bindings
from exportlint.codemods.size_reads import axis_read
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, fix

_PADS = frozenset({"torch.nn.functional.pad", "torch.constant_pad_nd"})


def _size_of(node: ast.expr | None) -> ast.Name | None:
    """The tensor name of `t.shape[i]` / `t.size(i)`, else None."""
    found = axis_read(node)
    return found[0] if found is not None and isinstance(found[0], ast.Name) else None


def rewrite_pad_to_bound(ctx: FixContext, stmt: ast.If) -> Fix:
    """`if L < n: x = F.pad(x, pads)` -> `x = torch.cond(L < n, pad, keep, (x, ...))`."""
    test = stmt.test
    if stmt.orelse or len(stmt.body) != 1:
        raise NotRewritable("not a lone pad under the test")
    assign = stmt.body[0]
    if not (
        isinstance(assign, ast.Assign)
        and len(assign.targets) == 1
        and isinstance(assign.targets[0], ast.Name)
        and isinstance(assign.value, ast.Call)
        and assign.value.args
        and isinstance(assign.value.args[0], ast.Name)
        and assign.value.args[0].id == assign.targets[0].id
    ):
        raise NotRewritable("the branch is not `x = F.pad(x, ...)`")
    pad = assign.value
    if (qualified_name(pad.func, ctx.imports, ()) or "") not in _PADS:
        raise NotRewritable("the branch is not `x = F.pad(x, ...)`")
    if not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.Lt, ast.LtE, ast.Gt, ast.GtE))
    ) or any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mod) for n in ast.walk(test)):
        raise NotRewritable("the test is not a bound on a size")
    padded = assign.targets[0].id
    scope = ctx._scope_of(stmt.lineno)
    bound: dict[str, list[ast.expr | None]] = {}
    for name, value in bindings(scope):
        bound.setdefault(name, []).append(value)
    operands = [padded]
    spelled: dict[str, ast.expr] = {}
    for node in ast.walk(pad):
        if not isinstance(node, ast.Name) or node.id == padded or node.id not in bound:
            continue
        if node.id == "self":
            continue
        values = bound[node.id]
        owner = _size_of(values[0]) if len(values) == 1 else None
        if owner is None or owner.id not in bound:
            raise NotRewritable(
                f"`{node.id}` is not a size of a tensor (torch.cond branches take tensors)"
            )
        spelled[node.id] = values[0]  # type: ignore[assignment]
        if owner.id not in operands:
            operands.append(owner.id)
    cm = codemod_for(ctx, stmt)
    call = cm.find(pad, cst.Call)

    class _Spell(cst.CSTTransformer):
        def leave_Name(
            self, original_node: cst.Name, updated_node: cst.BaseExpression
        ) -> cst.BaseExpression:
            found = spelled.get(original_node.value)
            return cm.expr(ctx.segment(found)) if found is not None else updated_node

    branch = call.visit(_Spell())
    assert isinstance(branch, cst.BaseExpression)
    torch = ctx.torch()
    params = ", ".join(operands)
    head = cm.code(cst.Name(padded))
    text = cm.layout_call(
        stmt,
        f"{torch}.cond",
        [
            ctx.segment(test),
            f"lambda {params}: {cm.bare(branch)}",
            f"lambda {params}: {padded}.clone()",
            f"({params},)" if len(operands) == 1 else f"({params})",
        ],
        prefix=f"{head} = ",
    )
    header = cm.header_comment(cm.find(stmt, cst.If).body)  # type: ignore[attr-defined]
    if header:
        first, _, rest = text.partition("\n")
        text = f"{first}  {header}" + (f"\n{rest}" if rest else "")
    body_text = ctx.segment(assign)
    if "#" in body_text.replace(ctx.segment(pad), "", 1):
        raise NotRewritable("a comment in the branch would be lost")
    new = cm.statement_from(text + "\n", stmt)
    return fix(
        f"Pad in a `{torch}.cond` on the size test (unsafe: what follows gets a size that "
        "depends on the branch; --fix --verify proves it)",
        Applicability.UNSAFE,
        *cm.edits({stmt: [new]}),
    )
