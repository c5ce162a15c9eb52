"""Rewrites of Python control flow into export-friendly operators (EXL101, EXL102).

`if` / `elif` / `else` on a tensor or a dynamic size becomes `torch.cond(pred, true_fn,
false_fn, operands)`: the branch bodies become local functions (their lines copied verbatim,
comments included), names assigned in the branches and used afterwards become the outputs,
a branch that returns makes the cond the return value, free tensor variables become operands
and everything else (submodules, `self`, Python values) stays a closure. An `elif` becomes an
`if` inside the false branch, which the next fixer round turns into a nested cond.

Everything that cannot be rewritten faithfully gets a display-only fix that says why.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from exportlint.analysis.imports import dotted as dotted_name
from exportlint.analysis.kinds import Kind, Value
from exportlint.analysis.walk import walk_local
from exportlint.diagnostics import Applicability, Fix
from exportlint.fixes import FixContext, display_only, fix, layout_call

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
_SAME_SHAPE_FUNCTIONS = frozenset(
    {
        "tanh", "sigmoid", "relu", "exp", "log", "abs", "clamp", "clip", "sqrt", "rsqrt",
        "sin", "cos", "softmax", "log_softmax", "gelu", "silu", "elu", "leaky_relu",
        "normalize", "dropout", "nan_to_num", "neg", "erf", "softplus", "hardtanh", "relu6",
        "mish", "logsigmoid", "layer_norm", "sign", "square",
    }
)  # fmt: skip


class NotRewritable(Exception):
    """Why a statement cannot be rewritten; shown as a display-only suggestion."""


def rewrite_if(
    ctx: FixContext,
    stmt: ast.If,
    env: Mapping[str, Value],
    function: FunctionNode | None,
    test_value: Value | None = None,
) -> Fix:
    top = _top_of_chain(ctx, stmt)
    if top is not stmt:
        test_value = None  # an elif: the value of the top test is not known here
        # Every `elif` of a chain rewrites the same top `if`: compute that once, else a chain
        # of n hazardous branches costs n rewrites of n branches.
        known = ctx.rewrites.get(id(top))
        if known is not None:
            return known
    try:
        result = _CondRewrite(ctx, top, env, function, test_value).fix()
    except NotRewritable as why:
        result = display_only(
            f"Rewrite with torch.cond(pred, true_fn, false_fn, operands) by hand: {why}"
        )
    if top is not stmt:
        ctx.rewrites[id(top)] = result
    return result


def rewrite_ternary(ctx: FixContext, node: ast.IfExp, value: Value) -> Fix:
    if value.kind is not Kind.TENSOR:
        return display_only("Compute both values as tensors and select with torch.where")
    torch = ctx.torch()
    args = [ctx.segment(node.test), ctx.segment(node.body), ctx.segment(node.orelse)]
    text = layout_call(ctx.indent_of(node.lineno), f"{torch}.where", args)
    return fix(
        "Select with torch.where (both values are computed; they must broadcast together)",
        Applicability.UNSAFE,
        ctx.replace(node, text),
    )


def rewrite_assert(ctx: FixContext, stmt: ast.Assert, value: Value) -> Fix:
    if isinstance(stmt.test, ast.BoolOp):
        # `labels is not None and labels.max() > n`: the static part must stay Python.
        return display_only(_SPLIT_BOOLOP)
    torch = ctx.torch()
    args = [_as_check_argument(ctx, stmt.test, value)]
    if stmt.msg is not None:
        args.append(f"lambda: {ctx.segment(stmt.msg)}")
    text = layout_call(ctx.indent_of(stmt.lineno), f"{torch}._check", args)
    return fix(
        f"Replace with `{torch}._check(...)`, which export keeps as a run-time check "
        "(it raises RuntimeError instead of AssertionError, and is not removed by -O)",
        Applicability.UNSAFE,
        ctx.replace(stmt, text),
    )


def rewrite_raise_guard(ctx: FixContext, stmt: ast.If, value: Value) -> Fix | None:
    """`if <tensor test>: raise E(msg)` -> `torch._check(<not test>, lambda: msg)`."""
    if stmt.orelse or len(stmt.body) != 1 or not isinstance(stmt.body[0], ast.Raise):
        return None
    if isinstance(stmt.test, ast.BoolOp):
        return display_only(_SPLIT_BOOLOP)
    torch = ctx.torch()
    raised = stmt.body[0].exc
    test = ctx.segment(stmt.test)
    if value.kind is Kind.TENSOR:
        args = [f"{torch}.logical_not({test}).item()"]
    else:
        args = [f"{torch}.sym_not({test})"]
    if isinstance(raised, ast.Call) and raised.args and len(raised.args) == 1:
        args.append(f"lambda: {ctx.segment(raised.args[0])}")
    text = layout_call(ctx.indent_of(stmt.lineno), f"{torch}._check", args)
    return fix(
        f"Replace with `{torch}._check(...)` (raises RuntimeError instead of "
        f"{_exception_name(raised)})",
        Applicability.UNSAFE,
        ctx.replace(stmt, text),
    )


# --------------------------------------------------------------------- torch.cond


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

    def fix(self) -> Fix:
        stmt = self.stmt
        if self.function is None or isinstance(self.function, ast.Lambda):
            raise NotRewritable("the statement is not inside a function")
        true_body, false_body, rest = stmt.body, stmt.orelse, self._rest_of_function()
        for branch in (true_body, false_body):
            check_branch(branch)
        returns_true = _always_returns(true_body)
        returns_false = _always_returns(false_body)
        if returns_true and not false_body and rest is not None and _always_returns(rest):
            check_branch(rest)
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
        if any(isinstance(v, ast.Name) for v in returned):
            raise NotRewritable(
                "a branch returns a variable unchanged (torch.cond forbids aliases)"
            )
        self._check_same_shape(returned, "the returned values")
        operands = self._operands(true_body + false_body, ())
        names = self._branch_names()
        indent = self.ctx.indent_of(self.stmt.lineno)
        text = (
            self._opening_blank()
            + self._define(names[0], operands, self._branch_lines(true_body, indent), indent)
            + "\n"
            + self._define(names[1], operands, self._branch_lines(false_body, indent), indent)
            + "\n"
            + f"{indent}return {self._call(names, operands, indent + 'return ')}"
        )
        return self._edit(text, replaced_until)

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
        for name in outputs:
            values: list[ast.expr] = list(_assigned_values(true_body + false_body, name))
            if any(isinstance(v, ast.Name) for v in values):
                # `z = y`: the branch would return (an alias of) its operand.
                raise NotRewritable(f"`{name}` is set to another variable in a branch")
            if name not in assigned_true or name not in assigned_false:
                values.append(ast.Name(id=name, ctx=ast.Load()))  # passed through
            self._check_same_shape(values, f"`{name}`")
        passthrough = [n for n in outputs if n not in assigned_true or n not in assigned_false]
        operands = self._operands(true_body + false_body, passthrough)
        names = self._branch_names()
        indent = self.ctx.indent_of(self.stmt.lineno)
        inner = indent + "    "

        def returned(assigned: set[str]) -> str:
            parts = [n if n in assigned else f"{n}.clone()" for n in outputs]
            return f"{inner}return {', '.join(parts)}\n"

        true_lines = self._branch_lines(true_body, indent) + returned(assigned_true)
        false_lines = (self._branch_lines(false_body, indent) if false_body else "") + returned(
            assigned_false
        )
        targets = f"{', '.join(outputs)} = "
        text = (
            self._opening_blank()
            + self._define(names[0], operands, true_lines, indent)
            + "\n"
            + self._define(names[1], operands, false_lines, indent)
            + "\n"
            + f"{indent}{targets}{self._call(names, operands, indent + targets)}"
        )
        return self._edit(text, self.stmt)

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
        """torch.cond needs every branch to produce the same shape: accept only values that
        are elementwise functions of one and the same tensor (else the fix would not export)."""
        anchors: dict[int, set[str]] = {}
        for value in values:
            parts = value.elts if isinstance(value, ast.Tuple) else [value]
            for index, part in enumerate(parts):
                anchor = self._anchor(part)
                if not anchor:
                    raise NotRewritable(
                        f"{what} may differ in shape between the branches (torch.cond needs "
                        "the same shape and dtype on both sides)"
                    )
                anchors.setdefault(index, set()).add(anchor)
        if any(len(found) > 1 for found in anchors.values()):
            raise NotRewritable(
                f"{what} come from different tensors in the two branches (torch.cond needs the "
                "same shape and dtype on both sides)"
            )

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

    def _same_shape_function(self, node: ast.Call) -> str | None:
        name = dotted_name(node.func) or ""
        root, _, rest = name.partition(".")
        module = self.ctx.imports.get(root, "")
        qualified = f"{module}.{rest}" if rest else module
        prefix, _, last = qualified.rpartition(".")
        if prefix in ("torch", "torch.nn.functional") and last in _SAME_SHAPE_FUNCTIONS:
            return (self._anchor(node.args[0]) or None) if node.args else None
        return None

    def _edit(self, text: str, replaced_until: ast.stmt) -> Fix:
        from exportlint.diagnostics import Edit

        # From the start of the `if` line (its indentation included) to the end of the last
        # statement replaced: the text carries its own indentation.
        start_line, start_column = self.stmt.lineno, 1
        end_line, end_column = self.ctx.end(replaced_until)
        # Comments on the `if` / `else:` lines would go with them: keep them on the line
        # that replaces the statement.
        comments = [c for c in map(self.ctx.line_comment, self._header_lines()) if c]
        if comments:
            text += "  " + "  ".join(comments)
        return fix(
            f"Rewrite as `{self.torch}.cond(...)` ({_UNSAFE_NOTE})",
            Applicability.UNSAFE,
            Edit(start_line, start_column, end_line, end_column, text),
        )

    def _call(self, names: tuple[str, str], operands: list[str], prefix: str) -> str:
        if not operands:
            packed = "()"
        elif len(operands) == 1:
            packed = f"({operands[0]},)"
        else:
            packed = f"({', '.join(operands)})"
        args = [self._predicate(), names[0], names[1], packed]
        # `prefix` is what precedes the call on its line (indentation, `y = `, `return `).
        indent = self.ctx.indent_of(self.stmt.lineno)
        return layout_call(indent, f"{self.torch}.cond", args, before=len(prefix))

    def _opening_blank(self) -> str:
        """Black puts an empty line before a nested def that follows other statements."""
        parent = self.ctx.parent(self.stmt)
        body = getattr(parent, "body", None)
        first_in_block = isinstance(body, list) and bool(body) and body[0] is self.stmt
        previous = self.stmt.lineno - 1
        already_blank = previous >= 1 and not self.ctx.lines[previous - 1].strip()
        return "" if first_in_block or already_blank else "\n"

    def _predicate(self) -> str:
        test = self.stmt.test
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            operand = self.ctx.segment(test.operand)
            kind = self.test_value.kind if self.test_value is not None else Kind.UNKNOWN
            if kind is Kind.TENSOR:
                return f"{self.torch}.logical_not({operand})"
            if kind in (Kind.DIM, Kind.DATA):
                return f"{self.torch}.sym_not({operand})"
            raise NotRewritable("the kind of the negated test is not known")
        if isinstance(test, ast.BoolOp):
            raise NotRewritable("the test combines values with `and`/`or`")
        return self.ctx.segment(test)

    def _define(self, name: str, operands: list[str], body: str, indent: str) -> str:
        return f"{indent}def {name}({', '.join(operands)}):\n{body}"

    def _branch_names(self) -> tuple[str, str]:
        taken = {n.id for n in ast.walk(self.function) if isinstance(n, ast.Name)}  # type: ignore[arg-type]
        taken |= {
            n.name
            for n in ast.walk(self.function)  # type: ignore[arg-type]
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
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

    def _branch_lines(self, body: list[ast.stmt], indent: str) -> str:
        """The branch's source lines, re-indented to sit one level under `indent`."""
        first, last = body[0], body[-1]
        if body is self.stmt.orelse and self._is_elif(first):
            # `elif c: ...` continues as `if c: ...` inside the false branch.
            end = first.end_lineno or first.lineno
            lines = self.ctx.lines[first.lineno - 1 : end]
            if _has_multiline_string(body):
                raise NotRewritable("re-indenting the branch would change a multi-line string")
            head = lines[0]
            keyword_at = len(head) - len(head.lstrip())
            lines = [head[:keyword_at] + head[keyword_at + 2 :], *lines[1:]]
            return "".join(_reindent(line, indent, indent + "    ") + "\n" for line in lines)
        start = self._body_start(body)
        end = last.end_lineno or last.lineno
        if first.lineno == self._header_line(body):
            # `if c: return x` on one line: rebuild the statements from their source.
            return "".join(f"{indent}    {self.ctx.segment(s)}\n" for s in body)
        lines = self.ctx.lines[start - 1 : end]
        body_indent = self.ctx.indent_of(first.lineno)
        wanted = indent + "    "
        if body_indent != wanted:
            if _has_multiline_string(body):
                raise NotRewritable("re-indenting the branch would change a multi-line string")
            lines = [_reindent(line, body_indent, wanted) for line in lines]
        return "".join(line + "\n" for line in lines)

    def _header_line(self, body: list[ast.stmt]) -> int:
        if body is self.stmt.body:
            return self.stmt.test.end_lineno or self.stmt.lineno
        return self._else_line(body)

    def _body_start(self, body: list[ast.stmt]) -> int:
        # Comment lines between the header and the first statement belong to the branch.
        return self._header_line(body) + 1

    def _header_lines(self) -> list[int]:
        test_end = self.stmt.test.end_lineno or self.stmt.lineno
        lines = list(range(self.stmt.lineno, test_end + 1))
        if self.stmt.orelse and not self._is_elif(self.stmt.orelse[0]):
            lines.append(self._else_line(self.stmt.orelse))
        return lines

    def _is_elif(self, node: ast.stmt) -> bool:
        return isinstance(node, ast.If) and self.ctx.lines[node.lineno - 1].lstrip().startswith(
            "elif"
        )

    def _else_line(self, body: list[ast.stmt]) -> int:
        """The line of `else:` before `body` (or the line before the rest of the function)."""
        if body is not self.stmt.orelse:
            return self.stmt.end_lineno or self.stmt.lineno
        first = body[0].lineno
        for line in range(first - 1, (self.stmt.body[-1].end_lineno or 0), -1):
            text = self.ctx.lines[line - 1].strip()
            if text.startswith(("else", "elif")):
                return line
        return first - 1

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
        for node in ast.walk(self.function):
            is_read = isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
            if is_read and node.id == name and node.lineno > end:  # type: ignore[attr-defined]
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


def _top_of_chain(ctx: FixContext, stmt: ast.If) -> ast.If:
    """The `if` an `elif` belongs to."""
    node = stmt
    parent = ctx.parent(node)
    while isinstance(parent, ast.If) and len(parent.orelse) == 1 and parent.orelse[0] is node:
        if ctx.lines[node.lineno - 1].lstrip().startswith("elif"):
            node, parent = parent, ctx.parent(parent)
        else:
            break
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
