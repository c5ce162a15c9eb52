"""Tensors made from sizes (EXL301): build them in the graph instead of copying Python values.

Measured on torch 2.13 (torch.export + torch.onnx + onnxruntime at sizes not traced):

* `x.new_tensor([w, h])` copies the sizes as constants (Constraints violated), while
  `torch.tensor([w, h], dtype=x.dtype, device=x.device)` keeps them symbolic and is right in
  onnxruntime. `Tensor.new_tensor` is documented as exactly that call (the receiver's dtype
  and device unless given), so the rewrite is safe when the receiver is a plain name or
  attribute (evaluated twice: no side effect can repeat).
* `torch.tensor(list(range(n)))` / `torch.tensor(range(a, b))` make n Python ints, while
  `torch.arange(...)` builds the same int64 values in the graph. They differ only on an
  empty or decreasing range (`torch.tensor([])` is float32, `torch.arange` of a decreasing
  range raises): unsafe, with that condition.
"""

from __future__ import annotations

import ast

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.diagnostics import Applicability, Edit, Fix
from exportlint.fixes import FixContext, fix, import_edit


def _plain(node: ast.expr) -> bool:
    """A name or an attribute chain of names (`points`, `self.anchors`): reading it twice is
    the same as reading it once."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _torch(ctx: FixContext) -> tuple[str, tuple[Edit, ...]]:
    """The name torch goes by in the file, and the import edit when it is not imported."""
    alias = ctx.module_alias("torch")
    if alias is not None:
        return alias, ()
    edit = import_edit(ctx, "torch")
    return "torch", (edit,) if edit is not None else ()


def _append(call: cst.Call, args: list[cst.Arg], added: list[cst.Arg]) -> list[cst.Arg]:
    """`args` followed by `added`, laid out as the call is: one per line after a trailing
    comma that ends a line (black's exploded call: the comment after it stays where it is),
    else on the same line."""
    if not added or not args:
        return [*args, *added]
    last = args[-1]
    comma = last.comma
    after = comma.whitespace_after if isinstance(comma, cst.Comma) else None
    before = call.whitespace_before_args
    if isinstance(after, cst.ParenthesizedWhitespace) and isinstance(
        before, cst.ParenthesizedWhitespace
    ):
        # Exploded: each argument on its own line at the first argument's indentation.
        def line_break(indent: cst.SimpleWhitespace) -> cst.Comma:
            return cst.Comma(
                whitespace_after=cst.ParenthesizedWhitespace(
                    first_line=cst.TrailingWhitespace(), indent=after.indent, last_line=indent
                )
            )

        assert isinstance(comma, cst.Comma)
        args[-1] = last.with_changes(
            comma=comma.with_changes(
                whitespace_after=after.with_changes(last_line=before.last_line)
            )
        )
        spaced = [a.with_changes(comma=line_break(before.last_line)) for a in added[:-1]]
        return [*args, *spaced, added[-1].with_changes(comma=line_break(after.last_line))]
    closing = last.whitespace_after_arg
    if isinstance(closing, cst.ParenthesizedWhitespace) and isinstance(
        before, cst.ParenthesizedWhitespace
    ):
        # Exploded without a trailing comma: the line break before `)` moves to the end.
        # The comment ending the last argument's line stays on that line.
        def broken(indent: cst.SimpleWhitespace, line: cst.TrailingWhitespace) -> cst.Comma:
            return cst.Comma(
                whitespace_after=cst.ParenthesizedWhitespace(
                    first_line=line, indent=closing.indent, last_line=indent
                )
            )

        args[-1] = last.with_changes(
            comma=broken(before.last_line, closing.first_line),
            whitespace_after_arg=cst.SimpleWhitespace(""),
        )
        bare = cst.TrailingWhitespace()
        spaced = [a.with_changes(comma=broken(before.last_line, bare)) for a in added[:-1]]
        end = closing.with_changes(first_line=bare, empty_lines=[])
        return [*args, *spaced, added[-1].with_changes(whitespace_after_arg=end)]
    separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if comma == cst.MaybeSentinel.DEFAULT:
        args[-1] = last.with_changes(comma=separator)
        return [*args, *[a.with_changes(comma=separator) for a in added[:-1]], added[-1]]
    # A trailing comma on one line (`f(a, )`): kept after the last argument added.
    args[-1] = last.with_changes(comma=separator)
    spaced = [a.with_changes(comma=separator) for a in added[:-1]]
    return [*args, *spaced, added[-1].with_changes(comma=comma)]


def new_tensor_to_tensor(ctx: FixContext, node: ast.Call) -> Fix:
    """`x.new_tensor(data, ...)` -> `torch.tensor(data, ..., dtype=x.dtype, device=x.device)`."""
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr != "new_tensor":
        raise NotRewritable("not a `.new_tensor(...)` call")
    if not _plain(func.value):
        raise NotRewritable("the tensor is an expression that would be evaluated twice")
    if any(k.arg is None for k in node.keywords) or any(
        isinstance(a, ast.Starred) for a in node.args
    ):
        raise NotRewritable("the call unpacks `*args` or `**kwargs`")
    original = ex.node_of(ctx, node)
    if not isinstance(original, cst.Call):
        raise NotRewritable("the call could not be located in the syntax tree")
    torch, imports = _torch(ctx)
    given = {k.arg for k in node.keywords}
    receiver = ex.node_of(ctx, func.value)
    args = list(original.args)
    added = [
        ex.keyword_arg(name, ex.attribute(receiver.deep_clone(), name))
        for name in ("dtype", "device")
        if name not in given and not (name == "dtype" and len(node.args) > 1)
    ]
    new = original.with_changes(
        func=ex.parse(f"{torch}.tensor"), args=_append(original, args, added)
    )
    return fix(
        f"Replace `.new_tensor(...)` with `{torch}.tensor(..., dtype=, device=)` (the sizes "
        "stay symbolic; the same dtype and device)",
        Applicability.SAFE,
        *ex.replace(ctx, node, new),
        *imports,
    )


_MAKERS = frozenset({"tensor", "as_tensor", "LongTensor"})
# Keyword arguments of torch.tensor / new_tensor that torch.arange takes with the same meaning.
_ARANGE_KEYWORDS = frozenset({"dtype", "device", "requires_grad"})


def _maker(ctx: FixContext, made: ast.expr) -> ast.Call:
    """The `torch.tensor(...)` / `torch.as_tensor(...)` / `torch.LongTensor(...)` /
    `x.new_tensor(...)` call whose only positional argument is `made`."""
    node = ctx.parent(made)
    if not (isinstance(node, ast.Call) and node.args and node.args[0] is made):
        raise NotRewritable("the range is not copied into a tensor")
    func = node.func
    if not isinstance(func, ast.Attribute):
        raise NotRewritable("the range is not copied into a tensor")
    if func.attr == "new_tensor":
        if not _plain(func.value):
            raise NotRewritable("the tensor is an expression that would be evaluated twice")
        return node
    torch = isinstance(func.value, ast.Name) and ctx.imports.get(func.value.id) == "torch"
    if func.attr not in _MAKERS or not torch:
        raise NotRewritable("the range is not copied into a tensor")
    return node


def range_to_arange(ctx: FixContext, made: ast.expr) -> Fix:
    """`torch.tensor(list(range(a, b)))` -> `torch.arange(a, b)` (`made` is the `range(...)`
    or `list(range(...))` argument); other keyword arguments (dtype, device) stay."""
    node = _maker(ctx, made)
    rng = made
    if (
        isinstance(rng, ast.Call)
        and isinstance(rng.func, ast.Name)
        and rng.func.id in ("list", "tuple")
    ):
        if len(rng.args) != 1 or rng.keywords or not isinstance(rng.args[0], ast.Call):
            raise NotRewritable("`list(...)` of something other than a range")
        rng = rng.args[0]
    if not (
        isinstance(rng, ast.Call)
        and isinstance(rng.func, ast.Name)
        and rng.func.id == "range"
        and not rng.keywords
        and 1 <= len(rng.args) <= 3
        and not any(isinstance(a, ast.Starred) for a in rng.args)
    ):
        raise NotRewritable("not a `range(...)`")
    if len(node.args) != 1 or any(k.arg not in _ARANGE_KEYWORDS for k in node.keywords):
        raise NotRewritable("the call has arguments `torch.arange` does not take")
    if "#" in ctx.segment(node):
        # The call is rebuilt around the range's bounds: a comment between them would be lost.
        raise NotRewritable("a comment inside the call would be lost")
    original = ex.node_of(ctx, node)
    found = ex.node_of(ctx, rng)
    if not isinstance(original, cst.Call) or not isinstance(found, cst.Call):
        raise NotRewritable("the call could not be located in the syntax tree")
    torch, imports = _torch(ctx)
    keywords = list(original.args[1:])
    func = node.func
    assert isinstance(func, ast.Attribute)  # checked by _maker
    if func.attr == "new_tensor":
        # new_tensor keeps the receiver's dtype and device unless given.
        receiver = ex.node_of(ctx, func.value)
        given = {k.arg for k in node.keywords}
        keywords += [
            ex.keyword_arg(name, ex.attribute(receiver.deep_clone(), name))
            for name in ("dtype", "device")
            if name not in given
        ]
    range_args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in found.args]
    args = [*range_args, *keywords]
    separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    args = [a.with_changes(comma=separator) for a in args[:-1]] + [
        args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    ]
    new = cst.Call(func=ex.parse(f"{torch}.arange"), args=args)
    return fix(
        f"Replace with `{torch}.arange(...)`: the same positions, built in the graph "
        "(unsafe: differs on an empty or decreasing range, where `torch.tensor([])` is "
        "float32 and `torch.arange` raises)",
        Applicability.UNSAFE,
        *ex.replace(ctx, node, new),
        *imports,
    )
