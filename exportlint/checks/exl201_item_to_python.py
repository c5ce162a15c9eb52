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
        ("n = int(x.item())\nreturn y[:n]", "n = torch.sym_int(x.item())\nreturn y[:n]"),
        ("a = x.item()\nreturn y[: int(a)]", "a = x.item()\nreturn y[: torch.sym_int(a)]"),
        ("s = float(x.sum())\nreturn y * s", "s = torch.sym_float(x.sum().item())\nreturn y * s"),
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
        return self._candidates(event, name, value)[0]

    def _candidates(self, event: events.Call, name: str, value: Value) -> list[Fix]:
        """The rewrites of one conversion, best first."""
        node = event.node
        arg = node.args[0] if len(node.args) == 1 and not node.keywords else None
        if name == "builtins.range" and arg is not None:
            arange = self._arange(node, arg)
            if arange is not None:
                return [arange]
        if name not in ("builtins.int", "builtins.float") or arg is None:
            return [_KEEP_IN_GRAPH]
        torch = self.ctx.torch()
        # int(t) of a one-element tensor is int(t.item()): read the number explicitly, so that
        # export sees a symbolic number rather than a tensor to convert.
        inner = self.ctx.segment(arg) if value.kind is Kind.DATA else f"{self.ctx.atom(arg)}.item()"
        if name == "builtins.float":
            candidates = [
                fix(
                    f"Replace `float(...)` with `{torch}.sym_float(...)`: the same number in "
                    "eager, a symbolic float under export",
                    Applicability.SAFE,
                    self.ctx.replace(node, f"{torch}.sym_float({inner})"),
                )
            ]
            if value.kind is Kind.TENSOR:
                candidates.append(
                    fix(
                        "Keep it a 0-d tensor: `.float()` instead of `float(...)` (float32 "
                        "instead of a Python float; Python uses of it, such as `if` or "
                        "`math.*`, need the number)",
                        Applicability.UNSAFE,
                        self.ctx.replace(node, f"{self.ctx.atom(arg)}.float()"),
                    )
                )
            return candidates
        # torch.sym_int is int() in eager (it calls int() on anything not symbolic) and a
        # symbolic int (truncation of a float) under export: exact, and it exports.
        candidates = [
            fix(
                f"Replace `int(...)` with `{torch}.sym_int(...)`: the same number in eager, a "
                "symbolic int under export",
                Applicability.SAFE,
                self.ctx.replace(node, f"{torch}.sym_int({inner})"),
            )
        ]
        checked = self._with_checks(event, f"{torch}.sym_int({inner})")
        if checked is not None:
            candidates.append(checked)
        unrounded = _round_argument(arg)
        if unrounded is not None:
            # int(round(v, 7)): round() has no ONNX translation; truncating v directly differs
            # only when v lies within half a unit of the last kept digit below an integer.
            text = f"{torch}.sym_int({self.ctx.segment(unrounded)})"
            candidates.append(
                fix(
                    f"Replace with `{text}` (drops `round()`, which has no ONNX translation: "
                    "differs when the value is just below an integer)",
                    Applicability.UNSAFE,
                    self.ctx.replace(node, text),
                )
            )
        return candidates

    def _with_checks(self, event: events.Call, text: str) -> Fix | None:
        """`n = torch.sym_int(...)` followed by the range a size must have (`n >= 0`) and the
        bound its next use implies (`n <= y.shape[0]` before `y[:n]`): export can then reason
        about shapes built from `n`. The checks raise where int() passed a value through."""
        node, stmt = event.node, event.stmt
        own_line = self.ctx.lines[stmt.lineno - 1][: stmt.col_offset].strip() == ""
        if not (
            isinstance(stmt, ast.Assign)
            and own_line  # not `if c: n = int(t.item())`: the check would run unconditionally
            and stmt.value is node
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            return None
        target = stmt.targets[0].id
        indent = self.ctx.indent_of(stmt.lineno)
        # torch._check(n >= 0), not torch._check_is_size(n): deprecated on torch 2.13.
        torch = self.ctx.torch()
        checks = [f"{target} >= 0"]
        bound = self._upper_bound(stmt, target)
        if bound:
            checks.append(bound)
        lines = "".join(f"{indent}{torch}._check({c})\n" for c in checks)
        stated = ", ".join(f"`torch._check({c})`" for c in checks)
        return fix(
            f"Replace `int(...)` with `{torch}.sym_int(...)` and add {stated} (raises where "
            "int() let a negative or too large value through)",
            Applicability.UNSAFE,
            self.ctx.replace(node, text),
            self.ctx.insert_after_statement(stmt, lines),
        )


_KEEP_IN_GRAPH = display_only(
    "Keep the value in the graph: tensor ops instead of Python numbers "
    "(`torch.where`, `t.clamp`, `torch.arange(n)` with `n = t.item()`)"
)


def _round_argument(node: ast.expr) -> ast.expr | None:
    """`v` in `round(v, digits)` (a float rounded to some digits, not to an int)."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "round"
        and len(node.args) == 2
        and not node.keywords
    ):
        return node.args[0]
    return None
