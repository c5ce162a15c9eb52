"""Expression rewrites shared by the idiom families (casts, host, shapes, length, mutation).

A rewrite here replaces one ast expression by a new CST expression built around the user's
own sub-expressions (moved, not re-typed: a comment inside a multi-line argument stays), and
adds parentheses only where an operator would otherwise bind to the new expression.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst

from exportlint.codemods import NotRewritable
from exportlint.codemods.core import Codemod, codemod_for, parse_expression
from exportlint.diagnostics import Edit
from exportlint.fixes import FixContext

# CST expressions that an attribute access, a call or an operator would split.
_LOOSE = (
    cst.BinaryOperation,
    cst.BooleanOperation,
    cst.Comparison,
    cst.UnaryOperation,
    cst.IfExp,
    cst.Lambda,
    cst.NamedExpr,
    cst.Await,
)


def codemod(ctx: FixContext, node: ast.AST) -> Codemod:
    """The codemod view for rewrites of `node`: the core parses only the function-body
    statement holding it (cached per document)."""
    return codemod_for(ctx, node)


def node_of(ctx: FixContext, node: ast.expr) -> cst.BaseExpression:
    """The user's CST expression for an ast expression."""
    found = codemod(ctx, node).find(node)
    if not isinstance(found, cst.BaseExpression):
        raise NotRewritable("the expression could not be located in the syntax tree")
    return found


# Generated code (a dotted name, a literal): parsed, never spliced; one parser for all codemods.
parse = parse_expression


# The `=` of a keyword argument, without spaces (PEP 8).
KEYWORD_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


def keyword_arg(name: str, value: cst.BaseExpression) -> cst.Arg:
    """`name=value`, as an argument of a call."""
    return cst.Arg(value=value, keyword=cst.Name(name), equal=KEYWORD_EQUAL)


def parenthesized(expr: cst.BaseExpression) -> cst.BaseExpression:
    if expr.lpar:
        return expr
    return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def atom(expr: cst.BaseExpression) -> cst.BaseExpression:
    """`expr`, parenthesised when `.attr` or `[...]` after it would bind to a part of it."""
    if isinstance(expr, _LOOSE) or (isinstance(expr, cst.Tuple) and not expr.lpar):
        return parenthesized(expr)
    return expr


def call(func: str | cst.BaseExpression, *args: cst.BaseExpression) -> cst.Call:
    """`func(args...)` with a generated callee (`torch.sym_int`) and the user's arguments."""
    callee = parse(func) if isinstance(func, str) else func
    return cst.Call(func=callee, args=[cst.Arg(value=a) for a in args])


def method(receiver: cst.BaseExpression, name: str, *args: cst.BaseExpression) -> cst.Call:
    """`receiver.name(args...)`."""
    return cst.Call(
        func=cst.Attribute(value=atom(receiver), attr=cst.Name(name)),
        args=[cst.Arg(value=a) for a in args],
    )


def attribute(receiver: cst.BaseExpression, name: str) -> cst.Attribute:
    return cst.Attribute(value=atom(receiver), attr=cst.Name(name))


def index(receiver: cst.BaseExpression, position: int) -> cst.Subscript:
    """`receiver[position]`."""
    return cst.Subscript(
        value=atom(receiver),
        slice=[cst.SubscriptElement(slice=cst.Index(value=cst.Integer(str(position))))],
    )


def replace(
    ctx: FixContext, node: ast.expr, new: cst.BaseExpression, alone: bool | None = None
) -> tuple[Edit, ...]:
    """The edits replacing `node` by `new`. Parentheses the user wrote around `node` stay;
    an operator expression gets its own where the context would split it (`x * (n / 2)`)."""
    old = node_of(ctx, node)
    if old.lpar:
        new = new.with_changes(lpar=old.lpar, rpar=old.rpar)
    elif isinstance(new, _LOOSE) and not (
        stands_alone(ctx.parent(node), node) if alone is None else alone
    ):
        new = parenthesized(new)
    return codemod(ctx, node).edits({node: new})


def replace_statement(
    ctx: FixContext, stmt: ast.stmt, statements: Sequence[cst.BaseStatement]
) -> tuple[Edit, ...]:
    return codemod(ctx, stmt).edits({stmt: list(statements)})


def statement(ctx: FixContext, stmt: ast.stmt) -> cst.BaseStatement:
    return codemod(ctx, stmt).statement(stmt)


def line(ctx: FixContext, text: str, near: ast.AST) -> cst.BaseStatement:
    """A generated one-line statement (`torch._check(n >= 0)`), in the document's style."""
    return codemod(ctx, near).statement_from(text + "\n", near)


def stands_alone(parent: ast.AST | None, node: ast.AST) -> bool:
    """`node` is a whole statement value, argument, element or index: no operator binds to
    it, so an operator expression in its place needs no parentheses."""
    if isinstance(parent, ast.Call):
        return node in parent.args
    if isinstance(parent, ast.Subscript):
        return parent.slice is node
    if isinstance(parent, ast.Slice):
        return True
    return isinstance(
        parent,
        ast.Assign | ast.AnnAssign | ast.Return | ast.keyword | ast.Tuple | ast.List | ast.Expr,
    )


def with_keyword(
    node: cst.Call, name: str, value: cst.BaseExpression, position: int | None = None
) -> cst.Call:
    """`node` with argument `name` set to `value`: a `name=` keyword (or the positional argument
    at `position`, when the call passes it there) gets the new value; otherwise `name=value` is
    added last in the call's own layout (a black-style one-argument-a-line call keeps its
    trailing comma)."""
    args = list(node.args)
    for index, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == name:
            args[index] = arg.with_changes(value=value)
            return node.with_changes(args=args)
    leading = 0  # the arguments passed by position before any keyword or `*args`
    while leading < len(args) and args[leading].keyword is None and not args[leading].star:
        leading += 1
    if position is not None and position < leading:
        args[position] = args[position].with_changes(value=value)
        return node.with_changes(args=args)
    new = keyword_arg(name, value)
    if args:
        last = args[-1]
        if isinstance(last.comma, cst.Comma):
            # `f(\n    a,\n    b,\n)`: the new argument takes the last one's place in the
            # layout (the line break before it, the trailing comma after it).
            before = (
                args[-2].comma.whitespace_after
                if len(args) > 1 and isinstance(args[-2].comma, cst.Comma)
                else node.whitespace_before_args
            )
            after = last.comma.whitespace_after
            if isinstance(before, cst.ParenthesizedWhitespace) and isinstance(
                after, cst.ParenthesizedWhitespace
            ):
                # Comments stay on their lines: the last argument keeps its own (`b,  # c`)
                # and takes the indentation of the line before; the new one gets the line
                # break before `)` without the comment.
                before = before.with_changes(first_line=after.first_line, empty_lines=[])
                after = after.with_changes(first_line=cst.TrailingWhitespace())
            new = new.with_changes(comma=last.comma.with_changes(whitespace_after=after))
            args[-1] = last.with_changes(comma=last.comma.with_changes(whitespace_after=before))
        else:
            args[-1] = last.with_changes(
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
    args.append(new)
    return node.with_changes(args=args)
