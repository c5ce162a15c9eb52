"""`torch.distributions` objects built in traced code that validate their arguments.

With validation on (the default, `__debug__`), the constructor and `log_prob` check their
arguments with `if not constraint.check(value).all(): raise ValueError(...)`: a Python `if`
on tensor data, which torch.export cannot decide (GuardOnDataDependentSymNode, measured on
torch 2.13 for Normal, Categorical and the look-alike of stable-baselines3's policy). Built
from Python numbers (`Normal(0, 1).icdf(p)`, `Gumbel(0, 1).rsample(shape)`) it exports.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence

from exportlint.analysis import events
from exportlint.analysis.imports import qualified_name
from exportlint.analysis.kinds import Kind, is_constant_tensor

_PACKAGE = "torch.distributions."
# Submodules that hold no distributions (constraints, transforms, helpers).
_NOT_DISTRIBUTIONS = (".constraints.", ".constraint_registry.", ".transforms.", ".utils.", ".kl.")


# Methods that check their value argument (`self._validate_sample(value)`): `icdf`, `sample`
# and `entropy` do not (torch 2.13 source).
_SAMPLE_CHECKS = frozenset({"log_prob", "cdf"})


def _distribution_class(name: str) -> str | None:
    if not name.startswith(_PACKAGE) or any(part in name for part in _NOT_DISTRIBUTIONS):
        return None
    short = name.rsplit(".", 1)[-1]
    if not short[:1].isupper() or short in ("Distribution", "ExponentialFamily", "Transform"):
        return None
    return short


def validating_sample(
    event: events.Call,
    lines: Sequence[str],
    imports: Mapping[str, str],
    tree: ast.Module | None = None,
) -> str | None:
    """`Normal(0.0, 1.0).cdf(h)` / `log_prob(h)` of a tensor, the distribution built from
    Python numbers with validation on (and so not reported where it is built): the method
    checks the value's support with a Python `if` on its data (measured on 2.13:
    GuardOnDataDependentSymNode). The distribution class, or None."""
    if event.method not in _SAMPLE_CHECKS or not event.args:
        return None
    value = event.args[0]
    if value.kind not in (Kind.TENSOR, Kind.DATA) or value.is_none or value.optional:
        return None
    built = distribution_receiver(event, imports, tree)
    if built is None:
        return None
    found = built_class(built, imports, tree, event.method)
    if found is None or not all(_python_number(a) for a in built.args):
        return None
    short = found[0]
    if not all(_python_number(k.value) for k in built.keywords if k.arg != "validate_args"):
        return None
    if not _validates(built) or any("set_default_validate_args" in line for line in lines):
        return None
    return short


def distribution_receiver(
    event: events.Call, imports: Mapping[str, str], tree: ast.Module | None = None
) -> ast.Call | None:
    """The `torch.distributions` constructor call a method call is made on
    (`Normal(0, 1).icdf(p)`, or `d = Normal(...)` once in the function, then `d.cdf(x)`),
    also of a class of the file deriving from one that does not define that method."""
    func = event.node.func
    built = func.value if isinstance(func, ast.Attribute) else None
    if isinstance(built, ast.Name) and event.function is not None:
        built = _assigned_once(event.function, built.id)
    if not isinstance(built, ast.Call):
        return None
    if built_class(built, imports, tree, event.method) is None:
        return None
    return built


def built_class(
    built: ast.Call, imports: Mapping[str, str], tree: ast.Module | None, method: str | None
) -> tuple[str, str] | None:
    """The class a constructor call builds, as (its name, the torch.distributions class it
    is or derives from): `Normal(...)` -> ("Normal", "Normal"), `FixedNormal(...)` of a
    file's subclass -> ("FixedNormal", "Normal"). None: not a distribution, or a subclass
    that defines `method` itself (its own code runs, followed by the analysis)."""
    func = built.func
    if tree is not None and isinstance(func, ast.Name) and func.id in _top_level_classes(tree):
        found = project_subclass(func, tree, imports)
        if found is None:
            return None
        cls, base = found
        if method and any(
            isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == method
            for item in cls.body
        ):
            return None
        return cls.name, base
    short = _distribution_class(qualified_name(func, imports, ()) or "")
    return (short, short) if short is not None else None


# Distributions whose `icdf` calls `torch.erfinv`, which torch.onnx cannot convert (measured
# on 2.13: "No ONNX function found for prims.erf_inv").
ERFINV_ICDF = frozenset({"Normal", "HalfNormal", "LogNormal"})


def erfinv_icdf(
    event: events.Call, imports: Mapping[str, str], tree: ast.Module | None = None
) -> str | None:
    """`Normal(...).icdf(p)`: the distribution class when its icdf uses erfinv, or None."""
    if event.method != "icdf" or not event.args:
        return None
    value = event.args[0]
    if value.kind is not Kind.TENSOR or value.optional or is_constant_tensor(value):
        return None  # (of a constant, `icdf(torch.tensor(0.95))`: not measured, not reported)
    built = distribution_receiver(event, imports, tree)
    if built is None:
        return None
    found = built_class(built, imports, tree, event.method)
    return found[0] if found is not None and found[1] in ERFINV_ICDF else None


def _assigned_once(
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, name: str
) -> ast.expr | None:
    """The value of the function's only assignment to `name`, or None."""
    found: list[ast.expr] = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            found.append(node.value)
    return found[0] if len(found) == 1 else None


def _python_number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float))


def _validates(call: ast.Call) -> bool:
    for keyword in call.keywords:
        if keyword.arg == "validate_args":
            value = keyword.value
            return isinstance(value, ast.Constant) and value.value in (True, None)
    return True


def validating_distribution(
    event: events.Call,
    lines: Sequence[str],
    tree: ast.Module | None = None,
    imports: Mapping[str, str] | None = None,
) -> str | None:
    """The distribution class `event` builds with validation on, or None. A class of the
    file deriving from one (`class FixedCategorical(torch.distributions.Categorical)`)
    validates exactly like its base: its name is returned."""
    short = _distribution_class(event.qualname or "")
    func = event.node.func
    if (
        tree is not None
        and imports is not None
        and isinstance(func, ast.Name)
        and (short is not None or event.qualname is None)
        and func.id in _top_level_classes(tree)
    ):
        # A class of the file (which shadows an import of the same name).
        subclass = project_subclass(func, tree, imports)
        short = subclass[0].name if subclass is not None else None
    if short is None:
        return None
    for keyword in event.node.keywords:
        if keyword.arg == "validate_args":
            value = keyword.value
            # A variable may well be False: only a literal True (or None: the default) counts.
            if not (isinstance(value, ast.Constant) and value.value in (True, None)):
                return None
    # Built from Python numbers (`Normal(0, 1)`), the checks run on constants and pass at
    # trace time (measured); only tensor parameters make them data-dependent.
    parameters = [*event.args, *(v for k, v in event.kwargs.items() if k != "validate_args")]
    # A parameter the analysis cannot see (`mu, log_std = self.net(x).chunk(2, -1)` with a
    # network built by a helper) is a tensor in practice: Python numbers are STATIC.
    if not any(
        v.kind in (Kind.TENSOR, Kind.DATA, Kind.UNKNOWN) and not v.is_none and not v.is_container
        for v in parameters
    ):
        return None
    if any("set_default_validate_args" in line for line in lines):
        return None  # the file turns validation off (Distribution.set_default_validate_args)
    return short


def project_subclass(
    func: ast.expr, tree: ast.Module, imports: Mapping[str, str]
) -> tuple[ast.ClassDef, str] | None:
    """`FixedCategorical` naming a class of the file that derives (directly or through other
    classes of the file) from a `torch.distributions` class: that class and the base's short
    name (`Categorical`), or None. A local class shadows an import of the same name (a2c's
    `Categorical` nn.Module wraps the distribution; it is not one)."""
    if not isinstance(func, ast.Name):
        return None
    classes = _top_level_classes(tree)
    seen: set[str] = set()
    name = func.id
    start = classes.get(name)
    if start is None:
        return None
    pending = [start]
    while pending:
        cls = pending.pop()
        if cls.name in seen:
            continue
        seen.add(cls.name)
        for base in cls.bases:
            if isinstance(base, ast.Name) and base.id in classes:
                pending.append(classes[base.id])
                continue
            short = _distribution_class(qualified_name(base, imports, ()) or "")
            if short is not None:
                return start, short
    return None


def _top_level_classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    # Kept on the tree: asked for each call of a plain name. (Under a name of its own:
    # `api_facts` keeps every class of the module on the tree, and whichever was asked first
    # decided what both read.)
    known: dict[str, ast.ClassDef] | None = getattr(tree, "_exportlint_top_classes", None)
    if known is None:
        known = {stmt.name: stmt for stmt in tree.body if isinstance(stmt, ast.ClassDef)}
        tree._exportlint_top_classes = known  # type: ignore[attr-defined]
    return known


def takes_validate_args(cls: ast.ClassDef) -> bool:
    """The class's own `__init__` (if any) accepts `validate_args=` (by name or `**kwargs`):
    adding the keyword to its construction does not raise a TypeError."""
    for item in cls.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == "__init__":
            named = [a.arg for a in (*item.args.args, *item.args.kwonlyargs)]
            return "validate_args" in named or item.args.kwarg is not None
    return True
