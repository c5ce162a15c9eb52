"""The kind lattice: what a value is, as far as torch.export is concerned.

A hazard is almost never a syntax pattern; it is a pattern applied to a value of the wrong kind
(`if n > 4` is fine for a Python int and a silent ONNX bug for a dynamic size). Rules read kinds;
only the interpreter (`infer.py` and its parts) derives them.
"""

from __future__ import annotations

import ast
import enum
from dataclasses import MISSING, dataclass, field, fields


class Kind(enum.IntEnum):
    UNKNOWN = 0  # the analysis cannot see it: never reported
    STATIC = 1  # decided by Python at trace time (literals, config, x.dim(), x.dtype, ...)
    DIM = 2  # a dynamic size (x.shape[0]): export guards or specialises on it
    DATA = 3  # a value read out of tensor data (t.item()): export cannot decide on it
    TENSOR = 4  # a tensor


@dataclass(frozen=True)
class TracedSize:
    """The size of one axis in the traced example input, and the example that gives it
    (`torch.randn(2, 8, 3)`, the first set of `example_inputs`): for messages."""

    size: int
    example: ast.expr
    # The same axis in the file's later input sets (None where one cannot be read): the
    # sizes the exported program will be run on that the file knows of.
    others: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class Value:
    kind: Kind
    # TENSOR: its shape may depend on the inputs (False for parameters, buffers, constants).
    # DIM: always True; a size of a static-shaped tensor is STATIC instead.
    dynamic: bool = False
    # Aliases (is, or is a view of) an argument of the traced entry point.
    input_alias: bool = False
    # May be None at run time (`mask=None`): testing its truth is a None check, not a hazard.
    optional: bool = False
    is_none: bool = False
    # A float-valued size (`n / 2`, `n * 0.5`): `int()` of it bakes the size.
    is_float: bool = False
    # DIM: read from the last axis (`x.size(-1)`), in practice a static feature size.
    last_axis: bool = False
    # A forward argument taken for a tensor with nothing (annotation, default, example input)
    # saying so: it may be a list after all, so fixes that need a tensor are unsafe.
    assumed: bool = False
    # Certainly a Python int (a size, an int literal, or + - * // % of those): `int()` of it
    # is the identity. A size times `self.factor` may be a float.
    exact_int: bool = False
    # An exact int that cannot be negative (a size, sums and products of sizes).
    nonneg: bool = False
    # TENSOR: its shape depends on its data (nonzero, masked_select, x[mask], unique).
    data_shape: bool = False
    # Containers (tuples, lists, torch.Size, range, zip ...): known elements or one element value.
    elts: tuple[Value, ...] | None = None
    elem: Value | None = None
    # For containers: what built it ("range", "zip", "enumerate", "reversed", "shape", ...) and
    # the values it was built from; EXL401 reads these. On a DIM: "numpy" for an array numpy
    # computed from a size (reported where it was computed); UNIT_RATIO for a size divided by
    # itself (`k / q` of one symbol), 1.0 whatever the size.
    source: str = ""
    parts: tuple[Value, ...] = ()
    # Something callable the interpreter can follow (a function or method node + its owner).
    func: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None = field(
        default=None, compare=False
    )
    owner: str = ""  # the class a method or `self` belongs to
    # The module (a surface.ModuleInfo) that `func` / `owner` are defined in; None: the one
    # being interpreted.
    home: object = field(default=None, compare=False)
    is_module: bool = False  # an nn.Module instance: calling it yields a tensor
    is_self: bool = False
    # TENSOR: the kind of each dimension, when a reshape spelled them out
    # (`x.view(b, s, self.num_heads, self.head_dim)`): the static ones stay static.
    dims: tuple[Value, ...] | None = field(default=None, compare=False)
    # TENSOR: its last axis is fixed by a layer (a `Linear`'s out_features, an `Embedding`'s
    # dimension) even when its rank is not known. On a shape: its last element is static.
    static_last: bool = False
    # TENSOR: which tensor this is, within one function's run (0: not known). Two sizes read
    # from the same axis of the same tensor are one symbol: they compare statically.
    ident: int = field(default=0, compare=False)
    # DIM: the symbol of the size (`<ident>[<axis>]`), "" when not known. On a shape: the
    # ident of the tensor it was read from.
    sym: str = field(default="", compare=False)
    # TENSOR: holds integers (argmax/topk indices, `.long()`, arange): `%` of it by a dynamic
    # size has no ONNX translation (measured on 2.13), `%` of a float tensor does.
    integral: bool = field(default=False, compare=False)
    # DIM: a size as read from a shape (`x.shape[1]`, not `x.shape[1] - 1`): torch.export
    # assumes it is at least 2, so `n > 1` is decided (measured on 2.13).
    raw_size: bool = field(default=False, compare=False)
    # TENSOR: its first axis is static (dynamic_shapes leaves axis 0 out, the rank unknown).
    static_first: bool = field(default=False, compare=False)
    # DIM: an axis the file's `dynamic_shapes` declares dynamic (not merely not known static).
    declared: bool = field(default=False, compare=False)
    # DIM: the size this axis has in the example the file traces (its first input set), when
    # the file spells it out; size-dependent checks decide with it (see `traced_sizes.py`).
    traced: TracedSize | None = field(default=None, compare=False)
    # Bounds established by torch._check on a DATA or DIM value.
    bounds: tuple[float | None, float | None] = (None, None)
    # DATA: the conversions it was read out by (`.tolist()`, `.numpy()`, `.item()`, `int(t)`
    # call nodes), when every data-dependent part of it is known to come from them; empty:
    # not known. A hazard on a value whose conversions are all reported already is their
    # consequence, not a second hazard (`exportlint/cascades.py`). Part of the identity: a
    # helper called with the rows of a reported `.tolist()` and with other data reports on
    # both calls (the memo must not share them).
    roots: frozenset[ast.AST] = frozenset()
    # Where the value came from, for messages ("from `x.item()`"); not part of its identity.
    # Kept as the node and rendered only when a message needs it (unparse is not cheap).
    origin: str | ast.AST = field(default="", compare=False)

    @property
    def is_container(self) -> bool:
        return self.elts is not None or self.elem is not None

    def describe(self) -> str:
        return KIND_WORDS[self.kind]

    def with_origin(self, origin: str | ast.AST) -> Value:
        return copy_with(self, origin=origin)

    def with_ident(self, ident: int) -> Value:
        """A copy naming the tensor. Every tensor assignment does it: a plain copy of the
        fields, not `dataclasses.replace` (which re-runs `__init__`), keeps it cheap; `ident`
        takes no part in equality or hashing."""
        copy = object.__new__(Value)
        copy.__dict__.update(self.__dict__)
        object.__setattr__(copy, "ident", ident)
        return copy

    @property
    def origin_text(self) -> str:
        if isinstance(self.origin, ast.AST):
            try:
                return " ".join(ast.unparse(self.origin).split())
            except Exception:  # pragma: no cover - unparse of odd trees
                return ""
        return self.origin


def copy_with(value: Value, **changes: object) -> Value:
    """`dataclasses.replace(value, **changes)` without its per-call introspection and
    `__init__` (Value has no `__post_init__`): values are copied on the interpreter's hot
    paths (every assignment records where a value came from)."""
    new = object.__new__(Value)
    new.__dict__.update(value.__dict__)
    new.__dict__.update(changes)
    return new


def _fast_init(cls: type) -> None:
    """Give a frozen dataclass an `__init__` that fills the instance's `__dict__` directly.

    The generated one calls `object.__setattr__` once per field (26 here), for every value
    the interpreter makes: this one, written from the same fields and defaults, costs about a
    third. Equality, hashing and `repr` stay the dataclass's."""
    params: list[str] = []
    body: list[str] = []
    namespace: dict[str, object] = {}
    for each in fields(cls):
        if each.default_factory is not MISSING or not each.init:
            return  # not expressible as a plain default: keep the dataclass's own
        if each.default is MISSING:
            params.append(each.name)
        else:
            namespace[f"_default_{each.name}"] = each.default
            params.append(f"{each.name}=_default_{each.name}")
        body.append(f"    values[{each.name!r}] = {each.name}\n")
    source = f"def __init__(self, {', '.join(params)}):\n    values = self.__dict__\n"
    exec(source + "".join(body), namespace)  # our own field names, nothing from user code
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[misc]


_fast_init(Value)


UNIT_RATIO = "unit_ratio"  # `Value.source` of a size divided by itself

KIND_WORDS = {
    Kind.UNKNOWN: "unknown",
    Kind.STATIC: "static",
    Kind.DIM: "a dynamic size",
    Kind.DATA: "data-dependent",
    Kind.TENSOR: "a tensor",
}

UNKNOWN = Value(Kind.UNKNOWN)
STATIC = Value(Kind.STATIC)
NONE = Value(Kind.STATIC, is_none=True)
DIM = Value(Kind.DIM, dynamic=True)
DATA = Value(Kind.DATA)
TENSOR = Value(Kind.TENSOR, dynamic=True)
STATIC_TENSOR = Value(Kind.TENSOR, dynamic=False)


# `Value.source` of a tensor made from Python values (`torch.tensor(True)`): export knows its
# value, so bool() of it, or of its comparison with a Python value, is decided at trace time.
CONSTANT_TENSOR = "constant"


def constant_tensor(origin: str | ast.AST = "") -> Value:
    return Value(Kind.TENSOR, dynamic=False, source=CONSTANT_TENSOR, origin=origin)


def is_constant_tensor(value: Value) -> bool:
    return value.kind is Kind.TENSOR and value.source == CONSTANT_TENSOR


def python_constant(value: Value) -> bool:
    """A Python value decided at trace time: no tensor, size or data in it."""
    if value.elts is not None:
        return all(python_constant(e) for e in value.elts)
    if value.elem is not None:
        return python_constant(value.elem)
    return value.kind is Kind.STATIC and not value.is_module and value.func is None


# `Value.source` of an instance of a plain (non-Module) class of the project built in traced
# code (`boxes = Boxes(t)`), a `self` for its methods: "instance:<a>,<b>" names the
# attributes its `__init__` assigned, `parts` holds their values (what `boxes.tensor` is).
INSTANCE = "instance"


def instance_attribute(value: Value, attr: str) -> Value | None:
    """The value `__init__` gave `attr` on the instance `value`, or None."""
    head, _, names = value.source.partition(":")
    if head != INSTANCE or not names:
        return None
    listed = names.split(",")
    return value.parts[listed.index(attr)] if attr in listed else None


def tensor(dynamic: bool, origin: str | ast.AST = "") -> Value:
    return Value(Kind.TENSOR, dynamic=dynamic, origin=origin)


def sequence(elem: Value, source: str = "", parts: tuple[Value, ...] = ()) -> Value:
    return Value(Kind.STATIC, elem=elem, source=source, parts=parts)


def fixed(elts: tuple[Value, ...], source: str = "") -> Value:
    return Value(Kind.STATIC, elts=elts, source=source)


def element_of(container: Value) -> Value:
    """The value one gets by iterating or indexing a container with an unknown index."""
    if container.elem is not None:
        return container.elem
    if container.elts:
        out = container.elts[0]
        for other in container.elts[1:]:
            out = join(out, other)
        return out
    if container.kind is Kind.TENSOR:
        row = tensor(container.dynamic, container.origin)
        # A row of an argument only taken for a tensor (`shapes_list`) may be a tuple of ints.
        return copy_with(row, assumed=True) if container.assumed else row
    return UNKNOWN


def combine(values: list[Value] | tuple[Value, ...]) -> Value:
    """The kind of an arithmetic result over `values`: a tensor wins, then data, then sizes."""
    if not values:
        return STATIC
    kinds = {v.kind for v in values}
    if Kind.TENSOR in kinds:
        tensors = [v for v in values if v.kind is Kind.TENSOR]
        return Value(
            Kind.TENSOR,
            dynamic=any(v.dynamic for v in tensors),
            data_shape=any(v.data_shape for v in tensors),
        )
    if Kind.UNKNOWN in kinds:
        return UNKNOWN
    if any(v.is_container for v in values):
        return UNKNOWN
    result = DATA if Kind.DATA in kinds else DIM if Kind.DIM in kinds else STATIC
    # Messages name where a size or data value came from: keep the first operand's origin.
    origin = next((v.origin for v in values if v.kind is result.kind and v.origin), "")
    if result.kind is Kind.DATA and Kind.DIM not in kinds:
        roots = joined_roots([v for v in values if v.kind is Kind.DATA])
        if roots:
            return copy_with(result, origin=origin, roots=roots)
    return result.with_origin(origin) if origin else result


def joined_roots(values: list[Value]) -> frozenset[ast.AST]:
    """The conversions data computed from `values` comes from: all of theirs, or none (not
    known) when one of them has data of another origin."""
    roots: frozenset[ast.AST] = frozenset()
    for value in values:
        if not value.roots:
            return frozenset()
        roots |= value.roots
    return roots


def converted(value: Value, node: ast.AST) -> Value:
    """`value` (data) as read out of a tensor by the conversion `node`: its only root."""
    return copy_with(value, roots=frozenset((node,)))


def join(a: Value, b: Value) -> Value:
    """The value of a name that holds `a` on one path and `b` on another."""
    if a is b:
        return a
    if a.roots != b.roots and a.kind is Kind.DATA and b.kind is Kind.DATA:
        roots = joined_roots([a, b])
        return join(copy_with(a, roots=roots), copy_with(b, roots=roots))
    if a == b:
        # Two sizes (tensors) equal in kind but of different symbols (idents) are no longer
        # one symbol (one tensor).
        if a.raw_size != b.raw_size:
            a = copy_with(a, raw_size=False)
        return a if a.sym == b.sym and a.ident == b.ident else copy_with(a, sym="", ident=0)
    if a.is_none and not b.is_none:
        return copy_with(b, optional=True)
    # `if not isinstance(lengths, list): lengths = lengths.tolist()` (espnet's make_pad_mask):
    # a tensor on one path, its values read into a list on the other: a list of data after.
    if a.source == "tolist" and b.kind is Kind.TENSOR and not b.is_container:
        return a
    if b.source == "tolist" and a.kind is Kind.TENSOR and not a.is_container:
        return b
    if b.is_none and not a.is_none:
        return copy_with(a, optional=True)
    if a.kind is b.kind:
        if a.kind is Kind.STATIC and (a.is_container or b.is_container):
            if a.elts is not None and b.elts is not None and len(a.elts) == len(b.elts):
                return fixed(tuple(join(x, y) for x, y in zip(a.elts, b.elts)))
            if a.is_container and b.is_container:
                return sequence(join(element_of(a), element_of(b)))
            return STATIC
        return Value(
            a.kind,
            dynamic=a.dynamic or b.dynamic,
            input_alias=a.input_alias and b.input_alias,
            optional=a.optional or b.optional,
            is_float=a.is_float or b.is_float,
            is_module=a.is_module and b.is_module,
            origin=a.origin or b.origin,
            roots=joined_roots([a, b]) if a.kind is Kind.DATA else frozenset(),
        )
    order = {Kind.STATIC: 0, Kind.DIM: 1, Kind.DATA: 2}
    if a.kind in order and b.kind in order and not (a.is_container or b.is_container):
        high = a if order[a.kind] > order[b.kind] else b
        # A size on one path and a constant on another (`mems[0].shape[0] if mems else 0`)
        # is no longer a size read from a shape: it may be 0 or 1.
        return copy_with(
            high, optional=a.optional or b.optional, bounds=(None, None), raw_size=False
        )
    return UNKNOWN


def without_symbols(value: Value) -> Value:
    """`value` as seen by a caller: the tensor idents and size symbols of one function's run
    mean nothing outside it (and a memoised result is shared by calls with other tensors)."""
    if not (value.ident or value.sym or value.elts or value.dims or value.elem):
        return value
    elts = tuple(without_symbols(e) for e in value.elts) if value.elts is not None else None
    dims = tuple(without_symbols(d) for d in value.dims) if value.dims is not None else None
    elem = without_symbols(value.elem) if value.elem is not None else None
    return copy_with(value, ident=0, sym="", elts=elts, dims=dims, elem=elem)


# The symbols of a call's arguments, as the memo and the caller see them. Idents are unique
# within one run of the interpreter, so a size symbol of the caller's tensor that reaches a
# callee through its arguments means the same thing when the callee returns it (the query
# and key lengths of `split_heads(self.q(x))` and `split_heads(self.k(x))` are both `x`'s
# axis 1). Symbols the callee made itself are dropped: a memoised result is shared by
# every call with the same pattern.
SymbolPattern = tuple[object, ...]


def symbol_pattern(values: list[Value | None]) -> tuple[tuple[int, ...], SymbolPattern]:
    """The idents the arguments' symbols are made of, in order of first appearance, and the
    pattern of which arguments (and which of their dimensions) share them: calls with the
    same pattern see the same comparisons decided inside the callee."""
    order: dict[int, int] = {}
    pattern = tuple(_pattern_of(v, order) if v is not None else None for v in values)
    if not order:
        return (), ()
    return tuple(order), pattern


def _pattern_of(value: Value, order: dict[int, int]) -> object:
    if not (value.ident or value.sym or value.elts or value.dims or value.elem):
        return None
    ident = _index_of(value.ident, order) if value.ident else -1
    sym: object = None
    if value.sym:
        head, _, rest = value.sym.partition("[")
        sym = (_index_of(int(head), order), rest) if head.isdigit() else value.sym
    elts = tuple(_pattern_of(e, order) for e in value.elts) if value.elts is not None else None
    dims = tuple(_pattern_of(d, order) for d in value.dims) if value.dims is not None else None
    elem = _pattern_of(value.elem, order) if value.elem is not None else None
    if ident < 0 and sym is None and not any((elts and any(elts), dims and any(dims), elem)):
        return None
    return (ident, sym, elts, dims, elem)


def _index_of(ident: int, order: dict[int, int]) -> int:
    found = order.get(ident)
    if found is None:
        found = order[ident] = len(order)
    return found


def rename_symbols(value: Value, renames: dict[int, int]) -> Value:
    """`value` with the idents (and the size symbols made from them) renamed by `renames`;
    the others dropped (`without_symbols` when `renames` is empty)."""
    if not renames:
        return without_symbols(value)
    if not (value.ident or value.sym or value.elts or value.dims or value.elem):
        return value
    elts = tuple(rename_symbols(e, renames) for e in value.elts) if value.elts is not None else None
    dims = tuple(rename_symbols(d, renames) for d in value.dims) if value.dims is not None else None
    elem = rename_symbols(value.elem, renames) if value.elem is not None else None
    ident = renames.get(value.ident, 0) if value.ident else 0
    sym = ""
    if value.sym:
        head, sep, rest = value.sym.partition("[")
        renamed = renames.get(int(head)) if head.lstrip("-").isdigit() else None
        sym = f"{renamed}{sep}{rest}" if renamed is not None else ""
    return copy_with(value, ident=ident, sym=sym, elts=elts, dims=dims, elem=elem)
