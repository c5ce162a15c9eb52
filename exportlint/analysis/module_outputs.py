"""Which submodules certainly return one tensor.

A submodule call is taken for "a tensor, maybe": it may return a tuple or a ModelOutput, so
its truth, length and iteration are never reported. That hides real hazards on the layers
whose output is plainly one tensor (llava's `list(self.multi_modal_projector(features))`
runs a Python loop over the batch). This module decides, from source only, that a
submodule returns one tensor: torch.nn layers that do (Linear, convolutions, norms,
activations, Sequential of those), transformers' activation registry `ACT2FN[...]`, and
classes of the project whose `forward` returns only expressions built from such layers,
tensor methods, torch functions and arithmetic on them.
"""

from __future__ import annotations

import ast

from exportlint.analysis.imports import dotted, qualified_name
from exportlint.analysis.kinds import Value
from exportlint.analysis.surface import ModuleInfo
from exportlint.analysis.walk import local_nodes

# The source tag attributes.py puts on such a module value.
TENSOR_LAYER = "tensor-layer"

# torch.nn classes whose forward returns exactly one tensor (MaxPool with return_indices,
# RNNs, MultiheadAttention and Transformer layers return tuples or take several inputs).
TENSOR_LAYERS = frozenset(
    {
        "Linear", "Bilinear", "LazyLinear", "Identity", "Flatten", "Unflatten",
        "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
        "LayerNorm", "GroupNorm", "RMSNorm", "LocalResponseNorm",
        "BatchNorm1d", "BatchNorm2d", "BatchNorm3d",
        "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d",
        "Embedding", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
        "ReLU", "ReLU6", "GELU", "SiLU", "Mish", "Tanh", "Sigmoid", "Softplus", "ELU", "SELU",
        "CELU", "LeakyReLU", "PReLU", "Hardswish", "Hardsigmoid", "Hardtanh", "Softmax",
        "LogSoftmax", "Softsign", "Tanhshrink", "GLU",
        "AvgPool1d", "AvgPool2d", "AvgPool3d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d",
        "AdaptiveAvgPool3d", "Upsample", "PixelShuffle", "PixelUnshuffle",
        "ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ReflectionPad1d", "ReflectionPad2d",
        "ReplicationPad1d", "ReplicationPad2d",
    }
)  # fmt: skip

# Registries of activation modules (transformers.activations): each entry returns a tensor.
ACTIVATION_REGISTRIES = frozenset({"ACT2FN", "ACT2CLS"})

# Tensor methods and torch functions that return several tensors (or a named tuple).
_SEVERAL = frozenset(
    {
        "split", "chunk", "unbind", "tensor_split", "split_with_sizes", "max", "min", "sort",
        "topk", "kthvalue", "median", "nanmedian", "mode", "cummax", "cummin", "aminmax",
        "std_mean", "var_mean", "unique", "unique_consecutive", "frexp", "qr", "svd", "slogdet",
        "lu", "eig", "eigh", "meshgrid", "broadcast_tensors", "nonzero", "where", "tolist",
        "item", "size", "numel", "dim", "stride", "lstsq", "histogram",
    }
)  # fmt: skip

_MAX_DEPTH = 3

# The statements (and `:=`) `_decide` reads: what binds a name, and `return`.
_BINDS = frozenset(
    {
        ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.NamedExpr,
        ast.With, ast.AsyncWith, ast.Return,
    }
)  # fmt: skip


def one_tensor_layer(module: Value) -> bool:
    """A module value (from attributes.py) known to return one tensor: tagged TENSOR_LAYER
    (Sequential of such layers, ACT2FN[...]) or a torch.nn class (`nn.<Name>`) among them."""
    source = module.source
    return source == TENSOR_LAYER or (source.startswith("nn.") and source[3:] in TENSOR_LAYERS)


def is_tensor_layer_call(node: ast.Call, info: ModuleInfo) -> bool:
    """`nn.Linear(...)`, `nn.Sequential(nn.Linear(...), nn.GELU())`: one tensor out."""
    qualname = qualified_name(node.func, info.imports, frozenset()) or ""
    if not qualname.startswith("torch.nn."):
        return False
    last = qualname.rsplit(".", 1)[-1]
    if last == "Sequential":
        return bool(node.args) and all(
            isinstance(arg, ast.Call) and is_tensor_layer_call(arg, info) for arg in node.args
        )
    return last in TENSOR_LAYERS


def is_activation_lookup(node: ast.expr) -> bool:
    """`ACT2FN[config.hidden_act]`."""
    return isinstance(node, ast.Subscript) and dotted(node.value) in ACTIVATION_REGISTRIES


def returns_one_tensor(home: ModuleInfo, owner: str, depth: int = 0) -> bool:
    """The `forward` of class `owner` (in `home`) returns one tensor on every path."""
    found = home.find_method(owner, "forward")
    if found is None or isinstance(found[1], ast.Lambda) or depth > _MAX_DEPTH:
        return False
    fn = found[1]
    # Kept on the node (as `_exportlint_assigned`): shared modules are parsed once per process.
    decided: dict[str, bool] | None = getattr(fn, "_exportlint_one_tensor", None)
    if decided is None:
        decided = {}
        fn._exportlint_one_tensor = decided  # type: ignore[union-attr]
    if owner not in decided:
        decided[owner] = False  # a recursion through the same class decides False
        decided[owner] = _decide(home, owner, fn, depth)
    return decided[owner]


def _decide(
    home: ModuleInfo, owner: str, fn: ast.FunctionDef | ast.AsyncFunctionDef, depth: int
) -> bool:
    params = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
    # The first argument after self: what the layer is applied to (taken for a tensor).
    inputs = set(params[1:2])
    assigned: dict[str, list[ast.expr]] = {}
    unknown = ast.Tuple(elts=[])  # a value not known to be one tensor
    returns: list[ast.expr | None] = []
    binds = _BINDS
    # Most nodes bind nothing: a comprehension's one set lookup each, not six isinstance tests.
    for node in [n for n in local_nodes(fn) if n.__class__ in binds]:
        targets: list[tuple[ast.expr, ast.expr]] = []
        if isinstance(node, ast.Assign):
            targets = [(target, node.value) for target in node.targets]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [(node.target, node.value)]
        elif isinstance(node, ast.AugAssign):
            targets = [(node.target, ast.BinOp(left=node.target, op=node.op, right=node.value))]
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.NamedExpr)):
            targets = [(node.target, unknown)]
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            targets = [(i.optional_vars, unknown) for i in node.items if i.optional_vars]
        elif isinstance(node, ast.Return):
            returns.append(node.value)
        for target, value in targets:
            if isinstance(target, ast.Name):
                assigned.setdefault(target.id, []).append(value)
                continue
            for name in ast.walk(target):  # unpacked or stored into: not known
                if isinstance(name, ast.Name):
                    assigned.setdefault(name.id, []).append(unknown)
    if not returns:
        return False
    judge = _Judge(home, owner, depth, inputs, assigned)
    return all(value is not None and judge.tensor(value) for value in returns)


class _Judge:
    def __init__(
        self,
        home: ModuleInfo,
        owner: str,
        depth: int,
        inputs: set[str],
        assigned: dict[str, list[ast.expr]],
    ) -> None:
        self.home, self.owner, self.depth = home, owner, depth
        self.inputs, self.assigned = inputs, assigned
        self.visiting: set[str] = set()

    def tensor(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.BinOp):
            return self.tensor(node.left) or self.tensor(node.right)
        if isinstance(node, ast.UnaryOp):
            return self.tensor(node.operand)
        if isinstance(node, ast.Subscript):
            return not _is_str(node.slice) and self.tensor(node.value)
        if isinstance(node, ast.Call):
            return self._call(node)
        return False

    def _name(self, name: str) -> bool:
        if name in self.visiting:
            return True  # `h = h + ...`: decided by the other assignments
        values = self.assigned.get(name)
        if not values:
            return name in self.inputs
        self.visiting.add(name)
        try:
            return all(self.tensor(value) for value in values)
        finally:
            self.visiting.discard(name)

    def _call(self, node: ast.Call) -> bool:
        func = node.func
        name = qualified_name(func, self.home.imports, frozenset(self.assigned)) or ""
        if name:
            last = name.rsplit(".", 1)[-1]
            is_torch = name.startswith(("torch.", "functorch."))
            return is_torch and last[:1].islower() and last not in _SEVERAL
        if not isinstance(func, ast.Attribute):
            return False
        if dotted(func.value) == "self":
            return self._layer(func.attr)
        # A tensor method on a tensor: `h.view(...)`, `x.to(dtype)`.
        return func.attr not in _SEVERAL and self.tensor(func.value)

    def _layer(self, attr: str) -> bool:
        from exportlint.analysis.attributes import class_attributes

        attrs = self.home.attributes.get(self.owner)
        if attrs is None:
            attrs = self.home.attributes[self.owner] = class_attributes(self.home, self.owner)
        value = attrs.get(attr)
        if value is None or not value.is_module:
            return False
        if one_tensor_layer(value):
            return True
        if value.owner and isinstance(value.home, ModuleInfo):
            return returns_one_tensor(value.home, value.owner, self.depth + 1)
        return False


def _is_str(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def returned_object(home: ModuleInfo, owner: str) -> tuple[str, bool] | None:
    """The class the `forward` of class `owner` constructs and returns on every path
    (`return FixedCategorical(logits=x)`), or None. The bool: a class of `home` that is not a
    module (its methods can be followed), rather than a library class (`torch.distributions.
    Normal(...)`, a capitalised torch name: an object, not a tensor)."""
    found = home.find_method(owner, "forward")
    if found is None or isinstance(found[1], ast.Lambda):
        return None
    fn = found[1]
    # Kept on the node, like `returns_one_tensor`'s answer: asked at every call of the layer.
    decided: dict[str, tuple[str, bool] | None] | None = getattr(fn, "_exportlint_object", None)
    if decided is None:
        decided = {}
        fn._exportlint_object = decided  # type: ignore[union-attr]
    if owner not in decided:
        decided[owner] = _constructed(home, fn)
    return decided[owner]


def _constructed(
    home: ModuleInfo, fn: ast.FunctionDef | ast.AsyncFunctionDef
) -> tuple[str, bool] | None:
    made: set[tuple[str, bool]] = set()
    for node in local_nodes(fn):
        if not isinstance(node, ast.Return):
            continue
        value = node.value
        if not isinstance(value, ast.Call):
            return None
        name = dotted(value.func) or ""
        info = home.classes.get(name)
        if info is not None:
            if info.is_module:
                return None
            made.add((name, True))
            continue
        qualname = qualified_name(value.func, home.imports, frozenset()) or ""
        last = qualname.rsplit(".", 1)[-1]
        if not qualname.startswith("torch.distributions.") or not last[:1].isupper():
            return None
        made.add((qualname, False))
    return made.pop() if len(made) == 1 else None
