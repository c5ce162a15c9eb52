"""Dynamic shapes: guessed from several input sets, and read back from a given spec.

Pure Python (no torch): a tensor is anything `is_tensor` accepts, with a `.shape`; the marker
for a dynamic dimension (`torch.export.Dim.DYNAMIC`) and the test for "this hint is dynamic"
are passed in by the worker.

Inputs are given per input set as the forward arguments bound to their parameter names
(`{"x": tensor, "mask": tensor}`), so that a guessed spec is a dict keyed by parameter name,
which torch.export accepts whether the example passed them positionally or by keyword.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Predicate = Callable[[Any], bool]


def default_is_tensor(value: Any) -> bool:
    shape = getattr(value, "shape", None)
    return shape is not None and not isinstance(value, (int, float, str, bytes))


@dataclass
class Guess:
    spec: dict[str, Any] | None  # None: nothing differs (or nothing could be guessed)
    dims: list[str] = field(default_factory=list)  # "x.shape[0]", in argument order
    notes: list[str] = field(default_factory=list)


def guess(
    input_sets: Sequence[Mapping[str, Any]],
    dynamic: Any,
    is_tensor: Predicate = default_is_tensor,
) -> Guess:
    """A dimension is dynamic when its size differs between input sets.

    Nested lists, tuples and dicts are followed; a difference in structure (another number
    of arguments, another rank) stops the guess for that argument, with a note.
    """
    result = Guess(spec=None)
    if len(input_sets) < 2:
        return result
    first = input_sets[0]
    if any(list(s) != list(first) for s in input_sets[1:]):
        result.notes.append(
            "the input sets pass different arguments "
            f"({', '.join(sorted({k for s in input_sets for k in s}))}): "
            "dynamic shapes cannot be guessed"
        )
        return result
    spec: dict[str, Any] = {}
    for name in first:
        spec[name] = _walk([s[name] for s in input_sets], name, dynamic, is_tensor, result)
    if result.dims:
        result.spec = spec
    return result


def _walk(values: list[Any], label: str, dynamic: Any, is_tensor: Predicate, out: Guess) -> Any:
    head = values[0]
    if all(is_tensor(v) for v in values):
        shapes = [tuple(int(d) for d in v.shape) for v in values]
        if any(len(s) != len(shapes[0]) for s in shapes):
            out.notes.append(f"{label} has a different rank in some input sets: not guessed")
            return None
        dims = {d: dynamic for d in range(len(shapes[0])) if len({s[d] for s in shapes}) > 1}
        out.dims.extend(f"{label}.shape[{d}]" for d in dims)
        return dims or None
    if isinstance(head, (list, tuple)) and all(type(v) is type(head) for v in values):
        if any(len(v) != len(head) for v in values):
            out.notes.append(f"{label} has a different length in some input sets: not guessed")
            return None
        items = [
            _walk([v[i] for v in values], f"{label}[{i}]", dynamic, is_tensor, out)
            for i in range(len(head))
        ]
        if all(i is None for i in items):
            return None
        return list(items) if isinstance(head, list) else tuple(items)
    if isinstance(head, Mapping) and all(isinstance(v, Mapping) for v in values):
        if any(list(v) != list(head) for v in values):
            out.notes.append(f"{label} has other keys in some input sets: not guessed")
            return None
        entries = {
            k: _walk([v[k] for v in values], f"{label}[{k!r}]", dynamic, is_tensor, out)
            for k in head
        }
        if all(e is None for e in entries.values()):
            return None
        return entries
    if any(is_tensor(v) for v in values) or any(type(v) is not type(head) for v in values):
        out.notes.append(f"{label} is not of the same kind in every input set: not guessed")
        return None
    if isinstance(head, (bool, int, float)) and any(v != head for v in values):
        shown = ", ".join(repr(v) for v in values)
        out.notes.append(
            f"{label} differs between input sets ({shown}): a Python number is a constant "
            "of the exported program (pass a tensor to make it an input)"
        )
    return None


@dataclass(frozen=True)
class DynamicDim:
    label: str  # "x.shape[0]"
    leaf: Any  # the tensor of the traced input set
    dim: int
    size: int
    hint: Any = None  # what dynamic_shapes gave: Dim.AUTO, Dim.DYNAMIC, a named Dim, 2 * dx...


def requested(
    spec: Any,
    bound: Mapping[str, Any],
    is_dynamic: Predicate,
    is_tensor: Predicate = default_is_tensor,
) -> list[DynamicDim]:
    """The dims `spec` (torch.export's `dynamic_shapes`) asks to be dynamic, with their size
    in the input set `bound` (arguments by parameter name, in signature order).

    ValueError when the spec does not fit the arguments.
    """
    if spec is None:
        return []
    out: list[DynamicDim] = []
    if isinstance(spec, Mapping):
        unknown = [k for k in spec if k not in bound]
        if unknown:
            raise ValueError(f"dynamic_shapes names {', '.join(map(str, unknown))}: no such input")
        for name, sub in spec.items():
            _requested(sub, bound[name], str(name), is_dynamic, is_tensor, out)
    elif isinstance(spec, (list, tuple)):
        if len(spec) != len(bound):
            raise ValueError(f"dynamic_shapes has {len(spec)} entries for {len(bound)} inputs")
        for sub, (name, value) in zip(spec, bound.items()):
            _requested(sub, value, name, is_dynamic, is_tensor, out)
    else:
        raise ValueError(f"dynamic_shapes must be a dict, tuple or list, not {type(spec).__name__}")
    return out


def _requested(
    spec: Any,
    value: Any,
    label: str,
    is_dynamic: Predicate,
    is_tensor: Predicate,
    out: list[DynamicDim],
) -> None:
    if spec is None:
        return
    if is_tensor(value):
        if isinstance(spec, Mapping):
            items = list(spec.items())
        elif isinstance(spec, (list, tuple)):
            items = list(enumerate(spec))
        else:
            raise ValueError(f"{label}: dynamic_shapes entry {spec!r} is not a dict or a list")
        shape = tuple(int(d) for d in value.shape)
        for dim, hint in items:
            if not isinstance(dim, int) or not -len(shape) <= dim < len(shape):
                raise ValueError(f"{label}: no dimension {dim!r} in a tensor of rank {len(shape)}")
            if hint is not None and is_dynamic(hint):
                d = dim % len(shape)
                out.append(DynamicDim(f"{label}.shape[{d}]", value, d, shape[d], hint))
    elif isinstance(value, (list, tuple)) and isinstance(spec, (list, tuple)):
        if len(spec) != len(value):
            raise ValueError(f"{label}: {len(spec)} dynamic_shapes entries for {len(value)} items")
        for i, (s, v) in enumerate(zip(spec, value)):
            _requested(s, v, f"{label}[{i}]", is_dynamic, is_tensor, out)
    elif isinstance(value, Mapping) and isinstance(spec, Mapping):
        for key, v in value.items():
            _requested(spec.get(key), v, f"{label}[{key!r}]", is_dynamic, is_tensor, out)
    # anything else (a dynamic Python int, a custom container) is not checked here


def size_warnings(dims: Sequence[DynamicDim]) -> list[str]:
    """Dims meant to be dynamic that the traced example gives size 0 or 1."""
    return [
        f"the traced input set has {d.label} == {d.size}, a dimension meant to be dynamic: "
        "torch.export specialises sizes 0 and 1 (trace with a size of at least 2)"
        for d in dims
        if d.size in (0, 1)
    ]


@dataclass(frozen=True)
class Declared:
    """What a dynamic_shapes entry declares about a size: `size = scale * root + offset`,
    with the root in [low, high] (None: unbounded). A named `Dim("dx", min=4, max=256)` is
    its own root (scale 1, offset 0); `2 * dx + 1` is derived from dx."""

    name: str  # "dx", "2*dx", "Dim.DYNAMIC"
    root: str  # the root Dim's name: sizes of one root must agree ("" for a hint of its own)
    low: int | None = None
    high: int | None = None
    scale: int = 1
    offset: int = 0


Declare = Callable[[Any], "Declared | None"]


def range_problems(dims: Sequence[DynamicDim], declare: Declare) -> list[str]:
    """Why the sizes of one input set do not fit the declared Dims: outside a root's
    [min, max], not a value of a derived dim, or two uses of one Dim with other values."""
    problems: list[str] = []
    seen: dict[str, tuple[int, str]] = {}  # root name -> (value, the dim that gave it)
    for d in dims:
        declared = declare(d.hint)
        if declared is None:
            continue
        root = declared.root or declared.name
        shown = f"{d.label} = {d.size}"
        if declared.scale == 0 or (d.size - declared.offset) % declared.scale:
            problems.append(f"{shown} is not a value of {declared.name}")
            continue
        value = (d.size - declared.offset) // declared.scale
        via = "" if declared.scale == 1 and declared.offset == 0 else f" gives {root} = {value}"
        if declared.low is not None and value < declared.low:
            problems.append(f"{shown}{via}, below {root}'s min {declared.low}")
        elif declared.high is not None and value > declared.high:
            problems.append(f"{shown}{via}, above {root}'s max {declared.high}")
        if declared.root:
            before = seen.setdefault(declared.root, (value, d.label))
            if before[0] != value:
                problems.append(
                    f"{shown}{via}, but {before[1]} gives {declared.root} = {before[0]}"
                )
    return problems


def by_name(spec: Any, args: Sequence[Any], kwargs: Mapping[str, Any], names: Sequence[str]) -> Any:
    """`dynamic_shapes` for an input set of positional and keyword arguments, keyed by
    parameter name (what torch.export accepts for both at once), as onnx-diagnostic's
    `ModelInputs.move_to_kwargs` does. `names`: the parameter names the set binds to, in
    order (positional first). Given as `(args_spec, kwargs_spec)` (what
    `ModelInputs.guess_dynamic_shapes()` returns) or as one tuple over all the inputs, the
    spec is moved to names; anything else is returned as it is."""
    if not args or not kwargs or not isinstance(spec, (tuple, list)):
        return spec
    positional = list(names[: len(args)])
    if (
        len(spec) == 2
        and isinstance(spec[0], (tuple, list))
        and isinstance(spec[1], Mapping)
        and len(spec[0]) == len(args)
        and set(spec[1]) <= set(kwargs)
        and not isinstance(args[0], (tuple, list))
    ):
        return {**dict(zip(positional, spec[0])), **dict(spec[1])}
    if len(spec) == len(names):
        return dict(zip(names, spec))
    return spec
