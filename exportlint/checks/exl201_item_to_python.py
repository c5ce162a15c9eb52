from __future__ import annotations

import ast

from exportlint.analysis import events
from exportlint.analysis.imports import dotted
from exportlint.analysis.kinds import Kind, Value
from exportlint.checks.base import Rule, is_data_or_tensor, kind_phrase, source
from exportlint.diagnostics import Applicability, Fix, Severity
from exportlint.fixes import display_only, fix

_MATH_SAFE = frozenset({"math.pi", "math.e", "math.inf", "math.nan", "math.tau"})


class ItemToPython(Rule):
    code = "EXL201"
    name = "item-to-python"
    severity = Severity.ERROR
    summary = "int()/float()/range()/math.* on a tensor or on a value read out of one"

    VALID = (
        "a = x.item()\nreturn y[:a]",
        "a = x.item()\nreturn torch.zeros(a)",
        "n = int(self.num_heads)\nreturn x.view(n, -1)",
        "return x * math.sqrt(self.head_dim)",
    )
    INVALID = (
        "n = int(x.item())\nreturn y[:n]",
        "s = float(x.sum())\nreturn y * s",
        "return y * math.sqrt(x.max().item())",
        "idx = list(range(x.item()))\nreturn y[idx]",
        "return y[torch.tensor(list(range(x.item())))]",
    )
    FIXES = (
        (
            "n = int(x.item())\nreturn y[:n]",
            "n = x.item()\ntorch._check(n >= 0)\ntorch._check(n <= y.shape[0])\nreturn y[:n]",
        ),
        ("a = x.item()\nreturn y[: int(a)]", "a = x.item()\nreturn y[: a]"),
        ("return y[torch.tensor(list(range(x.item())))]", "return y[torch.arange(x.item())]"),
    )

    def call(self, event: events.Call) -> None:
        name = event.qualname or ""
        if name in ("builtins.int", "builtins.float"):
            subjects = event.args[:1]
        elif name == "builtins.range":
            if event.is_loop_iterable:
                return  # a loop: EXL401 reports it
            subjects = event.args
        elif name.startswith("math.") and name not in _MATH_SAFE:
            subjects = event.args
        else:
            return
        for value in subjects:
            if is_data_or_tensor(value) and not value.is_container:
                self.report(
                    event.node,
                    f"`{source(event.node)}` turns {kind_phrase(value)} into a Python number; "
                    "torch.export cannot trace through it",
                    event.stmt,
                    help="keep the value a tensor or a SymInt: drop the cast and state its "
                    "range with torch._check(...) / torch._check_is_size(...)",
                    fix=self._fix(event, name, value),
                )
                return

    def _arange(self, node: ast.Call, count: ast.expr) -> Fix | None:
        """`torch.tensor(list(range(n)))` is `torch.arange(n)`, with no Python list."""
        listed = self.ctx.parent(node)
        made = self.ctx.parent(listed) if listed is not None else None
        if not (
            isinstance(listed, ast.Call)
            and dotted(listed.func) == "list"
            and listed.args == [node]
            and isinstance(made, ast.Call)
            and made.args == [listed]
            and not made.keywords
        ):
            return None
        qualified = (dotted(made.func) or "").rsplit(".", 1)
        if len(qualified) != 2 or self.ctx.imports.get(qualified[0]) != "torch":
            return None
        if qualified[1] not in ("tensor", "as_tensor", "LongTensor"):
            return None
        text = f"{qualified[0]}.arange({self.ctx.segment(count)})"
        return fix(f"Replace with `{text}` (same values, int64)", Applicability.SAFE,
                   self.ctx.replace(made, text))  # fmt: skip

    def _upper_bound(self, stmt: ast.stmt, name: str) -> str:
        """`n <= y.shape[0]` when the function's next use of `n` slices `y[:n]` (or
        `n < y.shape[0]` when it indexes `y[n]`): export then knows the size fits."""
        function: ast.AST | None = stmt
        while function is not None and not isinstance(
            function, ast.FunctionDef | ast.AsyncFunctionDef
        ):
            function = self.ctx.parent(function)
        if function is None:
            return ""
        end = stmt.end_lineno or stmt.lineno
        uses = sorted(
            (n for n in ast.walk(function) if isinstance(n, ast.Subscript) and n.lineno > end),
            key=lambda n: (n.lineno, n.col_offset),
        )
        for node in uses:
            if not isinstance(node.value, ast.Name):
                continue
            index = node.slice
            if (
                isinstance(index, ast.Slice)
                and isinstance(index.upper, ast.Name)
                and index.upper.id == name
                and index.lower is None
                and index.step is None
            ):
                return f"{name} <= {node.value.id}.shape[0]"
            if isinstance(index, ast.Name) and index.id == name:
                return f"{name} < {node.value.id}.shape[0]"
        return ""

    def _fix(self, event: events.Call, name: str, value: Value) -> Fix:
        node, stmt = event.node, event.stmt
        arg = node.args[0] if len(node.args) == 1 and not node.keywords else None
        if name == "builtins.range" and arg is not None:
            arange = self._arange(node, arg)
            if arange is not None:
                return arange
        if name != "builtins.int" or arg is None or value.kind is not Kind.DATA:
            return display_only(
                "Keep the value in the graph: tensor ops instead of Python numbers "
                "(`torch.where`, `t.clamp`, `torch.arange(n)` with `n = t.item()`)"
            )
        # int(t.item()) -> t.item(), and state what the value is: a size. The check raises on
        # a negative value at run time, where int() would have sliced from the end.
        edits = [self.ctx.replace(node, self.ctx.segment(arg))]
        described = f"Drop `int()` around `{source(arg, 40)}`"
        own_line = self.ctx.lines[stmt.lineno - 1][: stmt.col_offset].strip() == ""
        if (
            isinstance(stmt, ast.Assign)
            and own_line  # not `if c: n = int(t.item())`: the check would run unconditionally
            and stmt.value is node
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            target = stmt.targets[0].id
            indent = self.ctx.indent_of(stmt.lineno)
            # torch._check(n >= 0), not torch._check_is_size(n): deprecated on torch 2.13.
            torch = self.ctx.torch()
            checks = [f"{target} >= 0"]
            bound = self._upper_bound(stmt, target)
            if bound:
                checks.append(bound)
            text = "".join(f"{indent}{torch}._check({c})\n" for c in checks)
            edits.append(self.ctx.insert_after_statement(stmt, text))
            described += " and add " + ", ".join(f"`torch._check({c})`" for c in checks)
        return fix(
            f"{described} (the tensor must hold a non-negative integer)",
            Applicability.UNSAFE,
            *edits,
        )
