"""The cheap walks of `analysis/walk.py` give what `ast.walk` gives, in its order (the rules
that use them keep the first or last match, so the order is part of the answer)."""

from __future__ import annotations

import ast
from pathlib import Path

from exportlint.analysis.attributes import self_assignments
from exportlint.analysis.walk import local_nodes, walk, walk_nodes, walk_statements

_ROOT = Path(__file__).resolve().parent.parent

_NESTED = """
import torch
class A(torch.nn.Module):
    def __init__(self, n):
        super().__init__()
        try:
            self.a = torch.nn.LSTM(n, n)
        except ValueError as error:
            self.a = torch.nn.GRU(n, n)
        finally:
            self.b: torch.nn.Module = torch.nn.Identity()
        match n:
            case 1:
                self.c = torch.nn.ReLU()
            case _:
                class A:
                    self_c = 1
        with torch.no_grad():
            for i in range(n):
                if i:
                    self.c = [lambda: (yield)]
        while n:
            self.d: int
            n -= 1
        else:
            self.d = 2
class A(A):
    pass
"""


def _statements(node: ast.AST) -> list[ast.AST]:
    return [n for n in ast.walk(node) if isinstance(n, ast.stmt)]


def test_statement_walks_keep_ast_walk_order() -> None:
    files = sorted(_ROOT.glob("rules/*/*.py"))[:200] + sorted(_ROOT.glob("exportlint/*.py"))
    texts = [_NESTED] + [f.read_text(encoding="utf-8") for f in files]
    for text in texts:
        tree = ast.parse(text)
        assert list(walk_statements(tree)) == _statements(tree)
        for node in ast.walk(tree):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.Try, ast.Match)):
                assert list(walk_statements(node)) == _statements(node)


def test_self_assignments_are_kept_and_in_walk_order() -> None:
    tree = ast.parse(_NESTED)
    owner = tree.body[1]
    found = self_assignments(owner)
    assert [ast.unparse(v) if v else None for v in found["a"]] == [
        "torch.nn.LSTM(n, n)",
        "torch.nn.GRU(n, n)",
    ]
    assert found["d"][0] is None and isinstance(found["d"][1], ast.Constant)
    # Breadth first, as ast.walk: the `try`, `finally` and `while` bodies before the
    # handler's and the match case's.
    assert list(found) == ["a", "b", "d", "c"]
    assert self_assignments(owner) is found  # kept on the node: asked once per layer call


def _local(function: ast.AST) -> list[ast.AST]:
    """What `local_nodes` gives, from `ast` itself: depth first, last child first (a stack),
    nested scopes yielded but not entered."""
    out: list[ast.AST] = []
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        out.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))
    return out


def test_list_walks_are_the_generator_walks() -> None:
    """`walk_nodes` and `local_nodes` build lists without a generator: the same nodes in the
    same order as `ast.walk` and the scope walk."""
    files = sorted(_ROOT.glob("rules/*/*.py"))[:200] + sorted(_ROOT.glob("exportlint/*.py"))
    texts = [_NESTED] + [f.read_text(encoding="utf-8") for f in files]
    for text in texts:
        tree = ast.parse(text)
        assert walk_nodes(tree) == list(ast.walk(tree)) == list(walk(tree))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                assert local_nodes(node) == _local(node)
