"""What a forward argument is before any code runs: its annotation, default and name."""

from __future__ import annotations

import ast
import re

from exportlint.analysis.facts import source_text
from exportlint.analysis.kinds import STATIC, Kind, Value, sequence

INT_NAMES = frozenset(
    {"height", "width", "dim", "idx", "index", "step", "size", "length", "n", "k"}
)


INT_PREFIXES = ("num_", "n_", "max_", "min_")


INT_SUFFIXES = (
    "_size",
    "_len",
    "_length",
    "_height",
    "_width",
    "_dim",
    "_idx",
    "_index",
    "_id",
    "_count",
)


OBJECT_NAMES = frozenset(
    {"past_key_values", "past_key_value", "layer_past", "config", "kwargs", "encoder_outputs",
     "outputs", "generation_config", "inference_session", "training", "train", "inference",
     "deterministic", "verbose", "debug", "causal", "mode", "name", "key", "prefix"}
)  # fmt: skip


def looks_like_object(name: str) -> bool:
    """Argument names that, unannotated, are almost never tensors in model code."""
    return (
        name in OBJECT_NAMES
        or name.startswith(("output_", "use_", "return_", "is_", "do_"))
        or ("cache" in name and name != "cache_position")
        or name.endswith(("_config", "_dict", "_kwargs", "_fn", "_func"))
    )


def looks_like_int(name: str) -> bool:
    return name in INT_NAMES or name.startswith(INT_PREFIXES) or name.endswith(INT_SUFFIXES)


# Methods and attributes a Python int (or a tuple of ints) does not have: a parameter the
# function reads them on is a tensor, whatever its name says (`top_k_index.max()`,
# `edge_index.numel()`).
_TENSOR_ATTRIBUTES = frozenset(
    {"shape", "size", "numel", "dim", "device", "dtype", "max", "min", "amax", "amin", "t",
     "long", "float", "view", "reshape", "unsqueeze", "squeeze", "flatten", "transpose", "to",
     "sum", "new_zeros", "new_ones", "new_full", "index_select", "masked_fill", "unbind",
     "tolist", "item", "expand", "nonzero", "unique", "gather", "flip", "sort", "argsort",
     "cumsum", "clamp", "contiguous", "permute", "split", "chunk", "eq", "ne"}
)  # fmt: skip
# Index names (`edge_index`, PyG's convention for the (2, E) tensor of edges) that the
# function subscripts with a constant: no int is subscripted, and a `*_size` tuple is not
# an index. The rows of an index tensor are what `edge_index[0]` reads.
_INDEX_SUFFIXES = ("_index", "_indices")


def used_as_tensor(function: ast.AST, name: str) -> bool:
    """The int-looking parameter `name` is read as a tensor in `function`'s own body."""
    index_name = name.endswith(_INDEX_SUFFIXES)
    for node in ast.walk(function):
        if isinstance(node, ast.Attribute):
            target, attribute = node.value, node.attr
            if attribute not in _TENSOR_ATTRIBUTES:
                continue
        elif index_name and isinstance(node, ast.Subscript):
            target = node.value
            if not (isinstance(node.slice, ast.Constant) and type(node.slice.value) is int):
                continue
        else:
            continue
        if isinstance(target, ast.Name) and target.id == name:
            return True
    return False


TENSOR_TYPE = re.compile(r"(torch\.)?([A-Z][A-Za-z0-9]*)?Tensor")


def annotation_value(annotation: ast.expr) -> Value | None:
    """Kinds that annotations settle: `int`, `bool`, `Optional[Tensor]`, `list[Tensor]` ..."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            parsed = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None
        return annotation_value(parsed)
    # Every entry point's arguments are read this way: `ast.unparse` only for the rare
    # spellings `_plain_text` does not render.
    text = _plain_text(annotation)
    if text is None:
        text = source_text(annotation).replace(" ", "")
    if text not in _BY_TEXT:
        _BY_TEXT[text] = _text_value(text)
    return _BY_TEXT[text]


# Annotation text -> its value (the values are immutable): a project spells few annotations.
_BY_TEXT: dict[str, Value | None] = {}


def _plain_text(node: ast.expr) -> str | None:
    """`ast.unparse(node)` without spaces, for names, attributes, subscripts, `None` and
    `a | b`; None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _plain_text(node.value)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, ast.Constant):
        return "None" if node.value is None else None
    if isinstance(node, ast.Subscript):
        base = _plain_text(node.value)
        inner = node.slice
        items = inner.elts if isinstance(inner, ast.Tuple) and inner.elts else [inner]
        parts = [_plain_text(item) for item in items]
        if base is None or any(part is None for part in parts):
            return None
        return f"{base}[{','.join(parts)}]"  # type: ignore[arg-type]
    if (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.BitOr)
        and not isinstance(node.right, ast.BinOp)
    ):
        left, right = _plain_text(node.left), _plain_text(node.right)
        return None if left is None or right is None else f"{left}|{right}"
    return None


def _text_value(text: str) -> Value | None:
    if text.startswith(("Union[", "typing.Union[")) or (text.count("|") > 1):
        return None
    optional = (
        text.startswith(("Optional[", "typing.Optional[")) or "|None" in text or "None|" in text
    )
    inner = text
    if optional:
        inner = text.replace("typing.", "")
        inner = inner[len("Optional[") : -1] if inner.startswith("Optional[") else inner
        inner = inner.replace("|None", "").replace("None|", "")
    if inner in ("int", "float", "bool", "str", "bytes", "torch.dtype", "torch.device", "dtype"):
        return Value(Kind.STATIC, optional=optional)
    if TENSOR_TYPE.fullmatch(inner):  # Tensor, torch.IntTensor, BFloat16Tensor, ...
        return Value(Kind.TENSOR, dynamic=True, optional=optional)
    for prefix in (
        "list[",
        "List[",
        "tuple[",
        "Tuple[",
        "Sequence[",
        "typing.List[",
        "typing.Tuple[",
        "Iterable[",
        "dict[",
        "Dict[",
    ):
        if inner.startswith(prefix):
            is_tensor = "Tensor" in inner
            element = Value(Kind.TENSOR, dynamic=True, input_alias=True) if is_tensor else STATIC
            return sequence(element, source="input")
    return None


def defaults_by_param(args: ast.arguments) -> dict[str, ast.expr]:
    positional = [*args.posonlyargs, *args.args]
    out: dict[str, ast.expr] = {}
    for param, default in zip(positional[len(positional) - len(args.defaults) :], args.defaults):
        out[param.arg] = default
    for param, kw_default in zip(args.kwonlyargs, args.kw_defaults):
        if kw_default is not None:
            out[param.arg] = kw_default
    return out
