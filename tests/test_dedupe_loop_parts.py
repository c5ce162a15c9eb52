"""The shared pieces of the EXL401 loop rewrites (codemods/loop_parts.py): each answers one
question every family asks of a loop; the families' own tests and goldens cover the rewrites.
No torch needed."""

from __future__ import annotations

import ast
import textwrap

import pytest

from exportlint.codemods import NotRewritable, loop_parts
from exportlint.fixes import FixContext


def _context(source: str) -> tuple[FixContext, ast.Module]:
    text = textwrap.dedent(source)
    tree = ast.parse(text)
    return FixContext(text.splitlines(), {"torch": "torch"}, tree), tree


def _loop(tree: ast.Module) -> tuple[ast.FunctionDef, ast.For]:
    function = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))
    loop = next(n for n in ast.walk(function) if isinstance(n, ast.For))
    return function, loop


def test_collected_list_finds_the_creation_and_the_one_concatenation() -> None:
    ctx, tree = _context(
        """
        def f(x):
            pieces = []
            for row in x:
                pieces.append(row * 2)
            return torch.stack(pieces, dim=-1)
        """
    )
    function, loop = _loop(tree)
    name = loop_parts.appended_list(loop.body[-1])
    assert name == "pieces"
    before = function.body[:1]
    created, use, dim, stacked = loop_parts.collected_list(
        ctx, function, loop, before, name, negative=True
    )
    assert created is function.body[0]
    assert isinstance(use, ast.Call) and (dim, stacked) == (-1, True)
    # a negative axis is refused unless the rewrite says it handles one
    with pytest.raises(NotRewritable, match="negative"):
        loop_parts.collected_list(ctx, function, loop, before, name)


@pytest.mark.parametrize(
    "creation",
    ["pieces = [x]", "pieces = []\n    print(pieces)", "pieces = list(x)"],
)
def test_a_list_not_created_empty_right_before_the_loop_is_refused(creation: str) -> None:
    ctx, tree = _context(
        f"""
def f(x):
    {creation}
    for row in x:
        pieces.append(row)
    return torch.cat(pieces)
"""
    )
    function, loop = _loop(tree)
    position = function.body.index(loop)
    with pytest.raises(NotRewritable, match="not created empty"):
        loop_parts.collected_list(ctx, function, loop, function.body[:position], "pieces")


def test_carried_names_are_read_before_they_are_assigned() -> None:
    _, tree = _context(
        """
        def f(x, h, total):
            for t in range(x.shape[0]):
                y = x[t] + 1
                h = torch.tanh(h + y)
                total += y
                t = t + 1
        """
    )
    _, loop = _loop(tree)
    # `y` is assigned before it is read; the loop variable is bound afresh every step
    assert loop_parts.carried_names(loop.body, ["t"]) == ["h", "total"]


def test_subscript_around_and_window_width_read_the_indexed_axis() -> None:
    ctx, tree = _context(
        """
        def f(x, i, k):
            return x[:, i : i + k], x[i], x[:, i : j + 1], (i, 0)
        """
    )
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Slice) and isinstance(node.lower, ast.Name):
            width = loop_parts.window_width(node, node.lower)
            found[ast.unparse(node)] = None if width is None else ast.unparse(width)
    assert found == {"i:i + k": "k", "i:j + 1": None}
    window = next(n for n in ast.walk(tree) if isinstance(n, ast.Slice))
    around = loop_parts.subscript_around(ctx, window)
    assert around is not None
    subscript, parts = around
    assert ast.unparse(subscript) == "x[:, i:i + k]" and len(parts) == 2
    assert loop_parts.index_parts(subscript) == parts
    # `i` in a tuple that indexes nothing
    pair = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Tuple) and any(isinstance(e, ast.Constant) for e in n.elts)
    )
    assert loop_parts.subscript_around(ctx, pair.elts[0]) is None
    single = next(
        n for n in ast.walk(tree) if isinstance(n, ast.Subscript) and ast.unparse(n) == "x[i]"
    )
    assert loop_parts.subscript_around(ctx, single.slice) == (single, [single.slice])
    assert loop_parts.is_ellipsis(ast.parse("...", mode="eval").body)
    assert not loop_parts.is_ellipsis(ast.parse("None", mode="eval").body)
