from __future__ import annotations

import ast
import bisect
import contextlib
from typing import Any

from exportlint.analysis import events
from exportlint.analysis.attributes import self_assignments
from exportlint.analysis.kinds import Kind
from exportlint.analysis.tensor_api import TENSOR_MEMBERS
from exportlint.checks.base import Rule, candidates, source
from exportlint.checks.interests import Calls
from exportlint.codemods import NotRewritable
from exportlint.diagnostics import Fix, Severity
from exportlint.fixes import FixContext, display_only

# In-place methods whose name without `_` is not an out-of-place twin with the same meaning.
_NO_OUT_OF_PLACE = frozenset(
    {
        "requires_grad", "share_memory", "set", "resize", "resize_as", "uniform", "normal",
        "random", "exponential", "geometric", "cauchy", "log_normal", "zero", "fill",
        "copy", "detach", "retain_grad", "record_stream", "apply", "map", "map2",
    }
)  # fmt: skip

_OPERATORS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
    ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>",
}  # fmt: skip


class InputMutation(Rule):
    code = "EXL501"
    name = "input-mutation"
    severity = Severity.WARNING
    summary = "in-place change of a forward argument: the ONNX model loses it"

    VALID = (
        "x = x + 1\nx += 1\nreturn x",
        "y = x.clone()\ny.add_(1)\nreturn y",
        "self.running.add_(x.mean())\nreturn x",
        "out = torch.zeros_like(x)\nout[:, 0] = 1\nreturn out",
        "h = F.relu(x.clone(), inplace=True)\nreturn h",
        "h = F.relu(x, inplace=False)\nreturn h",
    )
    INVALID = (
        "x.add_(y)\nreturn x",
        "x[:, 0] = 0\nreturn x",
        "x += 1\nreturn x",
        "x.view(-1).mul_(2)\nreturn x",
        "h = F.relu(x, inplace=True)\nreturn h",
        "x.data[:, 0] = 0\nreturn x",
    )
    FIXES = (
        ("x.add_(y)\nreturn x", "x = x.add(y)\nreturn x"),
        ("x += 1\nreturn x", "x = x + 1\nreturn x"),
        ("x.clamp_(min=0, max=1)  # keep\nreturn x", "x = x.clamp(min=0, max=1)  # keep\nreturn x"),
        ("h = F.relu(x, inplace=True)\nreturn h", "h = F.relu(x)\nreturn h"),
        ("x[:, 0] = 0\nreturn x * 2", "x = x.clone()\nx[:, 0] = 0\nreturn x * 2"),
    )

    def mutation(self, event: events.Mutation) -> None:
        self.report(
            event.node,
            f"`{source(event.node)}` mutates the forward argument "
            f"`{source(event.target_node, 30)}` in place; the ONNX model drops the mutation",
            event.stmt,
            help="compute out of place (`x = x.add(y)`, `x = x + y`) and return the result",
            **self._candidates(event),
        )

    def _candidates(self, event: events.Mutation) -> dict[str, Any]:
        first = self._fix(event)
        found = [first]
        target = event.target_node
        while isinstance(target, ast.Subscript):
            target = target.value  # `x[:, 0].fill_(v)` changes `x`
        name = root_name(target)
        stmt = event.stmt
        if (
            event.how == "method"
            and name is not None
            and isinstance(stmt, ast.Expr)
            and stmt.value is event.node
            and _on_own_lines(self.ctx, stmt)
            and _used_after(self.ctx, stmt, name.id)
        ):
            # `x.fill_(0)`, `x.uniform_()`, `x.copy_(y)`: any in-place method works on a copy
            # (after the out-of-place twin, when there is one).
            from exportlint.codemods import mutation  # libcst: only when a fix is built

            with contextlib.suppress(NotRewritable):
                found.append(mutation.copy_first(self.ctx, stmt, name.id))
        chosen, alternatives = candidates(found)
        return {"fix": chosen, "alternatives": alternatives}

    # `self.register_buffer(...)`, `self.act(x)` with `self.act = nn.ReLU(inplace=True)`,
    # `F.relu(x, inplace=True)`.
    calls = Calls(
        prefixes=("torch.nn.functional.",),
        methods=frozenset({"register_buffer", "register_parameter"}),
        self_methods=True,
    )

    def call(self, event: events.Call) -> None:
        """A forward argument passed to a module built with `inplace=True` (`nn.ReLU(inplace=
        True)`) or to `F.relu(..., inplace=True)`: changed in place like `x.relu_()`."""
        node = event.node
        if (
            event.method in ("register_buffer", "register_parameter")
            and event.receiver is not None
            and event.receiver.is_self
            and _registered_while_tracing(self.ctx, node, event.function)
        ):
            self.report(
                node,
                f"`self.{event.method}(...)` during forward changes the module's state while "
                "export traces: the exported program keeps the buffers it was given, not this "
                "one (ep.module() and ONNX compute with the old state)",
                event.stmt,
                help="register the buffer in __init__ (at its largest size) and slice it in "
                "forward",
                fix=display_only(
                    "Register the buffer once in __init__ and only read (slice) it in forward"
                ),
            )
            return
        if not event.args or not node.args or isinstance(node.args[0], ast.Starred):
            return
        value = event.args[0]
        if not (value.kind is Kind.TENSOR and value.input_alias and not value.optional):
            return
        func = node.func
        constructor = None
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "self"
        ):
            constructor = _inplace_constructor(self.ctx, node, func.attr)
            if constructor is None or _defined_here(self.ctx, constructor):
                # A class of this file is followed into its forward: an in-place change there
                # is reported where it happens, not guessed from the keyword.
                return
            what = f"`self.{func.attr}` is built with `inplace=True`: it"
        elif (event.qualname or "").startswith("torch.nn.functional.") and _inplace_keyword(node):
            what = "`inplace=True`"
        else:
            return
        argument = node.args[0]
        self.report(
            node,
            f"{what} changes the forward argument `{source(argument, 30)}` in place; the ONNX "
            "model drops the change",
            event.stmt,
            help="build the module without `inplace=True` (the values are the same)",
            **self._inplace_candidates(event, argument, constructor),
        )

    def _inplace_candidates(
        self, event: events.Call, argument: ast.expr, constructor: ast.Call | None
    ) -> dict[str, Any]:
        stmt = event.stmt
        name = root_name(argument)
        assigned_back = (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and name is not None
            and stmt.targets[0].id == name.id
        )
        if name is None or (
            not assigned_back
            and any(_used_after(self.ctx, stmt, n) for n in _aliases(self.ctx, stmt, name.id))
        ):
            # Later reads of the argument see the changed values: an out-of-place call
            # would change what they compute.
            return {
                "fix": display_only(
                    "The argument is read after the call and sees the changed values: assign "
                    "the result back (`x = self.act(x)`) before dropping `inplace=True`"
                )
            }
        from exportlint.codemods import mutation  # libcst: only when a fix is built

        found: list[Fix] = []
        try:
            if constructor is not None:
                assert isinstance(event.node.func, ast.Attribute)
                found.append(mutation.drop_inplace(self.ctx, constructor, event.node.func.attr))
            else:
                found.append(mutation.drop_inplace_keyword(self.ctx, event.node))
            found.append(mutation.clone_argument(self.ctx, argument))
        except NotRewritable as reason:
            found.append(display_only(f"Drop `inplace=True` ({reason})"))
        first, alternatives = candidates(found)
        return {"fix": first, "alternatives": alternatives}

    def _fix(self, event: events.Mutation) -> Fix:
        if event.how == "method" and isinstance(event.node, ast.Call):
            found = _method_chain(self.ctx, event.node)
            if found is not None:
                outer, calls, name = found
                from exportlint.codemods import mutation  # libcst: only when a fix is built

                kept = _used_after(self.ctx, event.stmt, name.id)
                alone = isinstance(event.stmt, ast.Expr) and event.stmt.value is outer
                if (kept and alone and len(calls) > 1) or (not kept and not alone):
                    # `x.sub_(m).div_(s)` then `x` read; `return x.sub_(m).div_(s)`.
                    with contextlib.suppress(NotRewritable):
                        return mutation.chain(self.ctx, outer, calls, event.stmt, name.id, kept)
        return out_of_place(self.ctx, event.node, event.stmt, event.target_node, event.how)


def _in_place_twin(node: ast.AST) -> bool:
    """`x.sub_(m)`: an in-place tensor method whose name without `_` computes the same values
    out of place."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr.endswith("_")
        and not node.func.attr.startswith("_")
        and node.func.attr[:-1] in TENSOR_MEMBERS
        and node.func.attr[:-1] not in _NO_OUT_OF_PLACE
        and not any(isinstance(a, ast.Starred) for a in node.args)
    )


def _method_chain(
    ctx: FixContext, node: ast.Call
) -> tuple[ast.Call, list[ast.Call], ast.Name] | None:
    """The chain of in-place methods `node` belongs to, on an argument's name
    (`x.sub_(m).div_(s)`, `x.data.mul_(2)`): (the outermost call, the calls innermost first,
    the name); None when a link is not an in-place method with an out-of-place twin."""
    outer = node
    while True:
        attribute = ctx.parent(outer)
        call = ctx.parent(attribute) if attribute is not None else None
        if not (
            isinstance(attribute, ast.Attribute)
            and attribute.value is outer
            and isinstance(call, ast.Call)
            and call.func is attribute
            and _in_place_twin(call)
        ):
            break
        outer = call
    calls: list[ast.Call] = []
    current: ast.expr = outer
    while isinstance(current, ast.Call) and _in_place_twin(current):
        calls.append(current)
        current = current.func.value  # type: ignore[attr-defined]
    calls.reverse()
    name = root_name(current)
    if name is None or not calls or node not in calls:
        return None
    return outer, calls, name


def _used_after(ctx: FixContext, stmt: ast.stmt, name: str) -> bool:
    """Is `name` read after `stmt` in its function (or anywhere in an enclosing loop)?"""
    node: ast.AST | None = stmt
    loop: ast.AST | None = None
    while node is not None and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        if loop is None and isinstance(node, ast.For | ast.While | ast.AsyncFor):
            loop = node
        node = ctx.parent(node)
    if node is None:
        return True
    end = stmt.end_lineno or stmt.lineno
    for other in ast.walk(loop or node):
        is_read = isinstance(other, ast.Name) and isinstance(other.ctx, ast.Load)
        if is_read and other.id == name and (loop is not None or other.lineno > end):  # type: ignore[attr-defined]
            return True
    return False


def root_name(target: ast.expr) -> ast.Name | None:
    """`x` for `x` and `x.data` (what an in-place change through `.data` changes)."""
    if isinstance(target, ast.Attribute) and target.attr == "data":
        target = target.value
    return target if isinstance(target, ast.Name) else None


def out_of_place(ctx: FixContext, node: ast.AST, stmt: ast.stmt, target: ast.expr, how: str) -> Fix:
    """The in-place change `node` of the forward argument `target`, computed out of place
    (exportlint.codemods.mutation), or advice saying why not."""
    if how == "augassign" and isinstance(target, ast.Subscript):
        how, target = "setitem", target.value  # `x[i] += v`: an item assignment
    name = root_name(target)
    if name is not None and not _used_after(ctx, stmt, name.id):
        return display_only(
            f"`{name.id}` is not used afterwards: the change only reaches the caller. "
            "Return the new tensor instead of changing the argument"
        )
    if name is not None:
        try:
            rewritten = _rewrite(ctx, node, stmt, name.id, how)
        except NotRewritable:
            rewritten = None
        if rewritten is not None:
            return rewritten
    shown = source(name if name is not None else target, 30)
    if name is None:
        return display_only(
            f"Work on a copy of `{shown}` (`y = {shown}.clone()`) and use the copy afterwards"
        )
    return display_only(
        f"Work on a copy: `{shown} = {shown}.clone()` before the in-place change, and return "
        "the result"
    )


def _rewrite(ctx: FixContext, node: ast.AST, stmt: ast.stmt, name: str, how: str) -> Fix | None:
    from exportlint.codemods import mutation  # libcst: only when a fix is built

    if (
        how == "method"
        and isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(stmt, ast.Expr)
        and stmt.value is node
        and node.func.attr[:-1] in TENSOR_MEMBERS
        and node.func.attr[:-1] not in _NO_OUT_OF_PLACE
    ):
        return mutation.method(ctx, stmt, name, node.func.attr[:-1])
    if how == "augassign" and isinstance(node, ast.AugAssign) and type(node.op) in _OPERATORS:
        return mutation.augmented(ctx, node, name)
    if how == "setitem" and _on_own_lines(ctx, stmt):
        return mutation.into_copy(ctx, stmt, name)
    return None


def _on_own_lines(ctx: FixContext, stmt: ast.stmt) -> bool:
    """Nothing else on the statement's lines (no `if c: x[0] = 1`, no `a; x[0] = 1`)."""
    line = ctx.lines[stmt.lineno - 1]
    if line[: stmt.col_offset].strip():
        return False
    end_line = stmt.end_lineno or stmt.lineno
    rest = ctx.lines[end_line - 1][stmt.end_col_offset or 0 :].strip()
    return not rest or rest.startswith("#")


def _registered_while_tracing(ctx: FixContext, node: ast.AST, function: ast.AST | None) -> bool:
    """The registration runs in every trace: under Python flags (`if self.first_run:`), or
    unconditionally in `forward` itself. Under a size or tensor test, the test is the
    diagnostic (EXL101/EXL102); in a helper, the call site's branch decides."""
    current = ctx.parent(node)
    while current is not None and current is not function:
        if isinstance(current, ast.If):
            test = ctx.value_of(current.test)
            return test is not None and test.kind is Kind.STATIC
        current = ctx.parent(current)
    return isinstance(function, ast.FunctionDef) and function.name == "forward"


def _defined_here(ctx: FixContext, constructor: ast.Call) -> bool:
    name = constructor.func.id if isinstance(constructor.func, ast.Name) else None
    tree = ctx.tree
    return (
        name is not None
        and tree is not None
        and any(isinstance(s, ast.ClassDef) and s.name == name for s in tree.body)
    )


def _inplace_keyword(call: ast.Call) -> bool:
    return any(
        k.arg == "inplace" and isinstance(k.value, ast.Constant) and k.value.value is True
        for k in call.keywords
    )


def _inplace_constructor(ctx: FixContext, node: ast.AST, attribute: str) -> ast.Call | None:
    """The `nn.X(..., inplace=True)` call assigned to `self.<attribute>` in the class that
    holds `node` (None when the attribute is built otherwise, or more than once)."""
    owner = _class_holding(ctx, node)
    if owner is None:
        return None
    # One look per class, cached on the document: forwards call `self.<layer>(x)` often, and
    # most classes never write `inplace` (a text search is cheaper than a walk).
    cache: dict[int, dict[str, ast.Call | None]] = ctx.__dict__.setdefault("_inplace_built", {})
    built = cache.get(id(owner))
    if built is None:
        text = "\n".join(ctx.lines[owner.lineno - 1 : owner.end_lineno or owner.lineno])
        built = _inplace_attributes(owner) if "inplace" in text else {}
        cache[id(owner)] = built
    return built.get(attribute)


def _inplace_attributes(owner: ast.AST) -> dict[str, ast.Call | None]:
    """`self.<name>` -> its `nn.X(..., inplace=True)` constructor (None when assigned more
    than once or otherwise), for the attributes built with `inplace=True`."""
    values = {
        name: [v for v in assigned if v is not None]
        for name, assigned in self_assignments(owner).items()
    }
    found: dict[str, ast.Call | None] = {}
    for name, assigned in values.items():
        if any(isinstance(v, ast.Call) and _inplace_keyword(v) for v in assigned):
            only = assigned[0] if len(assigned) == 1 else None
            found[name] = only if isinstance(only, ast.Call) else None
    return found


def _class_holding(ctx: FixContext, node: ast.AST) -> ast.ClassDef | None:
    """The top-level class whose lines hold `node` (the parent map stops at methods)."""
    # The classes in line order, cached on the document: forwards call `self.<layer>(x)`
    # often, and a scan of the module per call is quadratic on a file of many classes.
    classes: list[ast.ClassDef] | None = ctx.__dict__.get("_classes")
    if classes is None:
        body = ctx.tree.body if ctx.tree is not None else []
        classes = ctx.__dict__["_classes"] = [s for s in body if isinstance(s, ast.ClassDef)]
        ctx.__dict__["_class_starts"] = [c.lineno for c in classes]
    line = getattr(node, "lineno", 0)
    at = bisect.bisect_right(ctx.__dict__["_class_starts"], line) - 1
    if at >= 0 and line <= (classes[at].end_lineno or 0):
        return classes[at]
    return None


def _aliases(ctx: FixContext, stmt: ast.stmt, name: str) -> set[str]:
    """`name` and the names bound to it (`identity = x`) in the function holding `stmt`: an
    in-place change of `x` shows through all of them."""
    function: ast.AST | None = stmt
    while function is not None and not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        function = ctx.parent(function)
    names = {name}
    if function is None:
        return names
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Name)
            and node.value.id == name
        ):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names
