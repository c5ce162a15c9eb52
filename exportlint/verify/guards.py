"""Reading a data-dependent guard out of a failed torch.export (worker side: imports torch).

When export meets a condition on a value read out of a tensor (`k = t.item()` then
`if w.shape[0] == 1:`), it raises `GuardOnDataDependentSymNode` with the symbolic condition
(`Eq(u0, 1)`). Static analysis cannot know which `torch._check` the tracer needs; the failed
run can. This module turns the exception into a `Guard`: the line of the model's file that
asked, the condition written with the names that line sees (`w.shape[0] == 1`: from the
locals of the user's frame when export raised), and the condition's value on the example
inputs, read by running the model eagerly with a trace hook on that line. The parent
(`exportlint.candidate_search`) offers `torch._check(<what held>)` before that line as a
follow-up candidate, which verification then decides like any other.
"""

from __future__ import annotations

import ast
import contextlib
import linecache
import re
import sys
import types
from collections.abc import Iterator, Sequence
from typing import Any

import sympy  # type: ignore[import-untyped]
import torch

from exportlint.verify.common import InputSet, clone, fresh, seeded
from exportlint.verify.results import Guard

# The relations torch writes its guards with, and their negations in Python.
_OPERATORS: dict[type[Any], tuple[str, str]] = {
    sympy.Eq: ("==", "!="),
    sympy.Ne: ("!=", "=="),
    sympy.Lt: ("<", ">="),
    sympy.Le: ("<=", ">"),
    sympy.Gt: (">", "<="),
    sympy.Ge: (">=", "<"),
}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _user_frame(exc: BaseException, filename: str) -> types.FrameType | None:
    """The innermost frame of `filename` the exception went through."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            found = tb.tb_frame
        tb = tb.tb_next
    return found


def _names(frame: types.FrameType) -> dict[str, str]:
    """A Python expression for each plain symbol the frame's locals hold: a symbolic number
    bound to a name (`k`), a tensor's size (`w.shape[0]`), a list's item (`sizes[1]`)."""
    out: dict[str, str] = {}
    later: dict[str, str] = {}
    for name, value in frame.f_locals.items():
        if name == "self" or not name.isidentifier():
            continue
        if isinstance(value, (torch.SymInt, torch.SymFloat)):
            expr = value.node.expr
            if isinstance(expr, sympy.Symbol):
                out.setdefault(str(expr), name)
        elif isinstance(value, torch.Tensor):
            for i, size in enumerate(value.shape):
                expr = size.node.expr if isinstance(size, torch.SymInt) else None
                if isinstance(expr, sympy.Symbol):
                    later.setdefault(str(expr), f"{name}.shape[{i}]")
        elif isinstance(value, (list, tuple)) and len(value) <= 64:
            for i, item in enumerate(value):
                if isinstance(item, torch.SymInt) and isinstance(item.node.expr, sympy.Symbol):
                    later.setdefault(str(item.node.expr), f"{name}[{i}]")
    for symbol, text in later.items():
        out.setdefault(symbol, text)
    return out


def _python(expr: sympy.Basic, names: dict[str, str]) -> str:
    """`expr` in Python with the frame's names, or "" when it is not plain arithmetic."""
    symbols = expr.free_symbols
    if not symbols or any(str(s) not in names for s in symbols):
        return ""
    text = str(expr.xreplace({s: sympy.Symbol(names[str(s)]) for s in symbols}))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return ""
    # torch's own functions (FloorDiv, TruncToInt, Mod, ...) are no Python.
    if any(isinstance(node, ast.Call) for node in ast.walk(tree)):
        return ""
    return text


def _relation(cond: sympy.Basic, names: dict[str, str]) -> tuple[str, str]:
    """The condition and its negation in Python ("", "" when it cannot be written)."""
    for kind, (yes, no) in _OPERATORS.items():
        if isinstance(cond, kind):
            lhs, rhs = _python(cond.lhs, names), _python(cond.rhs, names)
            if not lhs and cond.lhs.is_number:
                lhs = str(cond.lhs)
            if not rhs and cond.rhs.is_number:
                rhs = str(cond.rhs)
            if lhs and rhs and not (cond.lhs.is_number and cond.rhs.is_number):
                return f"{lhs} {yes} {rhs}", f"{lhs} {no} {rhs}"
    return "", ""


def _evaluate(
    model: torch.nn.Module, sets: Sequence[InputSet], filename: str, line: int, expression: str
) -> list[Any]:
    """The value of `expression` each time line `line` of `filename` runs, eagerly, on every
    input set (None when it cannot be computed there)."""
    code = compile(expression, "<guard>", "eval")
    values: list[Any] = []

    def tracer(frame: types.FrameType, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename != filename:
            return None  # no line events outside the model's file
        if event == "line" and frame.f_lineno == line:
            try:
                values.append(eval(code, frame.f_globals, dict(frame.f_locals)))
            except Exception:
                values.append(None)
        return tracer

    previous = sys.gettrace()
    try:
        for input_set in sets:
            args, kwargs = clone(input_set)
            copy = fresh(model)
            sys.settrace(tracer)
            try:
                with seeded(), torch.no_grad(), _branches_in_python(model):
                    copy(*args, **kwargs)
            finally:
                sys.settrace(previous)
    except Exception:
        values.append(None)
    return values


def _python_cond(pred: Any, true_fn: Any, false_fn: Any, operands: Any = ()) -> Any:
    """`torch.cond` as plain Python: the branch taken runs as a Python frame."""
    return true_fn(*operands) if bool(pred) else false_fn(*operands)


@contextlib.contextmanager
def _branches_in_python(model: torch.nn.Module) -> Iterator[None]:
    """Eager `torch.cond` traces its branch with dynamo, so no line of a branch runs as a
    Python frame and a trace hook never sees it: while the examples are read, `torch.cond`
    (and the model module's own name for it) takes the branch in plain Python, which
    computes the same thing."""
    original = torch.cond
    module = sys.modules.get(type(model).__module__)
    names = [k for k, v in vars(module).items() if v is original] if module else []
    torch.cond = _python_cond
    for name in names:
        setattr(module, name, _python_cond)
    try:
        yield
    finally:
        torch.cond = original
        for name in names:
            setattr(module, name, original)


# What the argument of an `int(...)` is, read eagerly: a tensor needs `.item()` (a float one
# then `torch.sym_int`), a number `torch.sym_int` (the same truncation, kept symbolic).
_KIND = (
    '("float" if ({0}).is_floating_point() else "int") '
    'if hasattr(({0}), "is_floating_point") and hasattr(({0}), "item") '
    'else ("number" if isinstance(({0}), (int, float)) or hasattr(({0}), "node") else "")'
)


def _source(filename: str) -> str:
    """The text the code of `filename` runs from: a fixed text is loaded from memory under
    a name of its own (`exportlint.verify.loading` puts its lines in linecache)."""
    return "".join(linecache.getlines(filename))


def _int_calls(filename: str, line: int) -> list[str]:
    """The source of the argument of each `int(<arg>)` call on line `line` of the file."""
    text = _source(filename)
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    found: list[str] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "int"
            and len(node.args) == 1
            and not node.keywords
            and not isinstance(node.args[0], ast.Starred)
            and node.lineno <= line <= (node.end_lineno or node.lineno)
        ):
            segment = ast.get_source_segment(text, node.args[0])
            if segment and segment not in found:
                found.append(segment)
    return found


def _casts(
    model: torch.nn.Module, sets: Sequence[InputSet], filename: str, line: int
) -> tuple[tuple[str, str], ...]:
    """Each `int(<arg>)` of the line that asked for a specialized integer, with what <arg>
    was on every example (the same kind each time, else it is left out)."""
    out: list[tuple[str, str]] = []
    for argument in _int_calls(filename, line):
        if "\n" in argument:
            continue  # its text is no one-line expression to evaluate
        kinds = set(_evaluate(model, sets, filename, line, _KIND.format(argument)))
        if len(kinds) == 1 and (kind := kinds.pop()) in ("int", "float", "number"):
            out.append((argument, kind))
    return tuple(out)


_UNHINTED = re.compile(r"\(unhinted: (.*?)\)\.  \(Size-like symbols")
_SYMBOL = re.compile(r"\b[a-z]+[0-9]+\b")


def _unhinted(error: Any) -> sympy.Basic:
    """The guard's condition on the symbols themselves. `error.cond` has the traced sizes
    put in (`6 >= u0`): a check written from it would pin the size; torch's message has the
    condition before that (`s27 >= u0`)."""
    cond: sympy.Basic = error.cond
    found = _UNHINTED.search(str(error))
    if found is None:
        return cond
    text = found.group(1)
    names = {name: sympy.Symbol(name, integer=True) for name in _SYMBOL.findall(text)}
    try:
        parsed = sympy.parse_expr(text, local_dict=names, evaluate=False)
    except Exception:  # torch's own functions, or anything sympy does not read
        return cond
    return parsed  # its symbols are matched with the frame's by name (`_python`)


_FILE_LINE = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>[0-9]+), in (?P<name>\S+)')


def _message_line(exc: BaseException, filename: str) -> int | None:
    """The last line of `filename` the messages of the chain name ("from user code:" of a
    branch dynamo traced), or None; never a lambda's or a comprehension's."""
    line = None
    for error in _chain(exc):
        for found in _FILE_LINE.finditer(str(error)):
            if found["file"] == filename:
                line = None if found["name"].startswith("<") else int(found["line"])
    return line


# A comparison and its negation, for the test of a line (`n > 2` / `n <= 2`).
_COMPARISONS: dict[type[ast.cmpop], tuple[str, str]] = {
    ast.Eq: ("==", "!="), ast.NotEq: ("!=", "=="), ast.Lt: ("<", ">="),
    ast.LtE: ("<=", ">"), ast.Gt: (">", "<="), ast.GtE: (">=", "<"),
}  # fmt: skip


def _test_of(filename: str, line: int) -> tuple[str, str]:
    """The test of the `if`/`elif`/`while` whose header is line `line`, when it is one
    comparison, and its negation ("", "" otherwise: `torch._check(a and b)` would ask the
    same guard again)."""
    text = _source(filename)
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return "", ""
    for node in ast.walk(tree):
        if (
            isinstance(node, (ast.If, ast.While))
            and node.test.lineno == line
            and isinstance(node.test, ast.Compare)
            and len(node.test.ops) == 1
            and type(node.test.ops[0]) in _COMPARISONS
        ):
            left = ast.get_source_segment(text, node.test.left) or ""
            right = ast.get_source_segment(text, node.test.comparators[0]) or ""
            if left and right and "\n" not in left + right:
                yes, no = _COMPARISONS[type(node.test.ops[0])]
                return f"{left} {yes} {right}", f"{left} {no} {right}"
    return "", ""


def guard_of(
    exc: BaseException, filename: str, model: torch.nn.Module, sets: Sequence[InputSet]
) -> Guard | None:
    """The data-dependent guard that made export fail (None: another failure, or one raised
    outside the model's file `filename`)."""
    from torch.fx.experimental.symbolic_shapes import GuardOnDataDependentSymNode

    if not filename:
        return None
    error = next((e for e in _chain(exc) if isinstance(e, GuardOnDataDependentSymNode)), None)
    if error is None:
        return None
    frame = _user_frame(error, filename)
    cond = _unhinted(error)
    specialize = not isinstance(cond, sympy.core.relational.Relational)
    if frame is not None:
        if frame.f_code.co_name.startswith("<"):
            # A lambda or comprehension: its names do not exist where a statement can go.
            return None
        line = frame.f_lineno
        condition, negation = _relation(cond, _names(frame)) if not specialize else ("", "")
        if not condition and not specialize:
            # torch's own functions in the condition (`Eq(Mod(u0, 2), 0)`), or a size no name
            # of the frame holds: the test of the line is the condition it asked about.
            condition, negation = _test_of(filename, line)
    else:
        # Traced by dynamo (a `torch.cond` branch): no frame of the file, only the line the
        # message names; the condition is that line's own test.
        found = _message_line(exc, filename)
        if found is None:
            return None
        line = found
        condition, negation = ("", "") if specialize else _test_of(filename, line)
    check = ""
    if condition:
        # Python bools only: a tensor test (`if t.sum() > 0:`) is no condition on a size,
        # and `torch._check` of a tensor would ask the same guard again.
        values = _evaluate(model, sets, filename, line, condition)
        if values and all(v is True for v in values):
            check = condition
        elif values and all(v is False for v in values):
            check = negation
    # "Could not extract specialized integer": Python asked for a plain int (`int(n)` of an
    # unbacked size, `int(t)` of a tensor, `int(w * scale)` of a float read out of one);
    # the same value kept symbolic (`torch.sym_int`, `.item()`) is what the tracer can use.
    casts = _casts(model, sets, filename, line) if specialize else ()
    return Guard(str(cond), line, condition, check, specialize, casts)
