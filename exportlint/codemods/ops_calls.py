"""Calls of torch layers that pin a dynamic size → the `exportlint.ops` operator that keeps it
symbolic (EXL304, EXL404).

    out, h = self.gru(x, h0)        ->  out, h = exportlint.ops.rnn(self.gru, x, h0)
    y = self.pool(x)                ->  y = exportlint.ops.adaptive_avg_pool2d(
                                                x, self.pool.output_size)
    y = F.adaptive_avg_pool1d(x, 4) ->  y = exportlint.ops.adaptive_avg_pool1d(x, 4)

`nn.GRU`/`nn.LSTM`/`nn.RNN` unroll their time loop at trace time (export fixes the sequence
length); `exportlint.ops.rnn` is the same recurrence as a `scan`. torch.onnx translates an
adaptive average pool with the traced window; `exportlint.ops.adaptive_avg_pool*` computes
the bins from the symbolic size. Both measured on torch 2.13 (export with the axis dynamic,
torch.onnx, onnxruntime at unseen sizes: tests/test_ops_rnn.py, tests/test_ops_pool.py).

The user's callee and arguments are moved into the new call (comments inside them stay);
`import exportlint.ops` is added once. In eager mode the operators call torch's own layer or
kernel (the eager model is unchanged); the fixes are unsafe because the exported values are
the same up to floating-point rounding (another order of the sums), and while tracing the
operator refuses what it does not compute (a `PackedSequence` input, dropout between layers
in training).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst

from exportlint.analysis.attributes import self_assignments
from exportlint.analysis.imports import dotted
from exportlint.codemods import NotRewritable
from exportlint.codemods import expressions as ex
from exportlint.codemods.core import codemod_for
from exportlint.diagnostics import Applicability, Edit, Fix
from exportlint.fixes import FixContext, fix, import_edit

_RECURRENT = ("nn.GRU", "nn.LSTM", "nn.RNN")
_POOLS = {
    "nn.AdaptiveAvgPool1d": "adaptive_avg_pool1d",
    "nn.AdaptiveAvgPool2d": "adaptive_avg_pool2d",
    "F.adaptive_avg_pool1d": "adaptive_avg_pool1d",
    "F.adaptive_avg_pool2d": "adaptive_avg_pool2d",
}


def ops_module(ctx: FixContext) -> tuple[str, Edit | None]:
    """How the file names `exportlint.ops`, and the edit importing it when it lacks it."""
    alias = ctx.module_alias("exportlint.ops")
    if alias is not None:
        return alias, None
    if ctx.tree is not None and any(
        isinstance(stmt, ast.Import)
        and any(a.name == "exportlint.ops" and a.asname is None for a in stmt.names)
        for stmt in ctx.tree.body
    ):
        return "exportlint.ops", None
    return "exportlint.ops", import_edit(ctx, "exportlint.ops")


def _with_import(ctx: FixContext, edits: tuple[Edit, ...], imported: Edit | None) -> list[Edit]:
    return [*edits, imported] if imported is not None else list(edits)


def rewrite_recurrent_call(ctx: FixContext, node: ast.Call, api: str) -> Fix:
    """`self.gru(x[, hx])` (an `nn.GRU`/`nn.LSTM`/`nn.RNN`) -> `exportlint.ops.rnn(self.gru,
    x[, hx])`."""
    if api not in _RECURRENT:
        raise NotRewritable(f"{api} is not a recurrent layer")
    if isinstance(node.func, ast.Call):
        # `nn.LSTM(...)(x)`: a layer built in the call has fresh weights each time anyway;
        # moving its constructor into an argument keeps that, but read as a bug it is not ours.
        raise NotRewritable("the layer is built where it is called")
    if not 1 <= len(node.args) <= 2 or any(isinstance(a, ast.Starred) for a in node.args):
        raise NotRewritable("not layer(input[, hx])")
    if any(k.arg != "hx" for k in node.keywords) or (node.keywords and len(node.args) == 2):
        raise NotRewritable("an argument other than the input and hx")
    call = ex.node_of(ctx, node)
    assert isinstance(call, cst.Call)
    module, imported = ops_module(ctx)
    layer = cst.Arg(value=call.func, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    args = [layer, *call.args]
    new = cst.Call(
        func=ex.parse(f"{module}.rnn"),
        args=args,
        whitespace_before_args=call.whitespace_before_args,
    )
    edits = ex.replace(ctx, node, new)
    return fix(
        f"Run the recurrence as a scan over time: `{module}.rnn(layer, input, hx)` (the same "
        "outputs up to rounding; unsafe: while exporting it refuses a PackedSequence input and "
        "dropout between layers in training mode)",
        Applicability.UNSAFE,
        *_with_import(ctx, edits, imported),
    )


def rewrite_adaptive_pool(ctx: FixContext, node: ast.Call, api: str) -> Fix:
    """`self.pool(x)` (an `nn.AdaptiveAvgPool1d/2d`) / `F.adaptive_avg_pool1d/2d(x, size)` ->
    `exportlint.ops.adaptive_avg_pool1d/2d(x, size)`."""
    name = _POOLS.get(api)
    if name is None:
        raise NotRewritable(f"no exportlint.ops operator for {api}")
    call = ex.node_of(ctx, node)
    assert isinstance(call, cst.Call)
    layer = api.startswith("nn.")
    if isinstance(node.func, ast.Call):
        raise NotRewritable("the layer is built where it is called")
    if any(isinstance(a, ast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        raise NotRewritable("a starred argument")
    if layer:
        if len(node.args) != 1 or node.keywords:
            raise NotRewritable("not pool(input)")
        size = ex.attribute(call.func, "output_size")
        args = [
            call.args[0].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            cst.Arg(value=size),
        ]
    else:
        keywords = {k.arg for k in node.keywords}
        if len(node.args) + len(keywords) != 2 or keywords - {"input", "output_size"}:
            raise NotRewritable("not F.adaptive_avg_pool(input, output_size)")
        args = list(call.args)
    module, imported = ops_module(ctx)
    new = cst.Call(func=ex.parse(f"{module}.{name}"), args=args)
    edits = ex.replace(ctx, node, new)
    return fix(
        f"Pool with bins computed from the symbolic size: `{module}.{name}(...)` (the same "
        "values up to rounding; torch.onnx keeps the traced window of the built-in pool)",
        Applicability.UNSAFE,
        *_with_import(ctx, edits, imported),
    )


_PACK = ("input", "lengths", "batch_first", "enforce_sorted")
_PAD = ("sequence", "batch_first", "padding_value", "total_length")


def _arguments(call: ast.Call, names: tuple[str, ...]) -> dict[str, ast.expr]:
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        raise NotRewritable("a starred argument")
    given = dict(zip(names, call.args))
    given.update({k.arg: k.value for k in call.keywords if k.arg is not None})
    if set(given) - set(names):
        raise NotRewritable("an unknown argument")
    return given


def _same_flag(*values: ast.expr | None) -> bool:
    """The `batch_first` flags are the same literal (absent: False)."""
    literals = [
        False if v is None else (v.value if isinstance(v, ast.Constant) else None) for v in values
    ]
    return None not in literals and len(set(literals)) == 1


def _only_name_use(stmt: ast.stmt, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(stmt))


@dataclass(frozen=True)
class _Packed:
    """`packed = pack_padded_sequence(x, lengths, ...)`, `out, h = layer(packed[, hx])` and
    `pad_packed_sequence(out, ...)` in one block."""

    pack: ast.Call
    layer_call: ast.Call
    pad: ast.Call
    output: str
    lengths: ast.expr


def _packed_run(ctx: FixContext, node: ast.Call) -> _Packed:
    parent = ctx.parent(node)
    if not (
        isinstance(parent, ast.Assign)
        and parent.value is node
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
    ):
        raise NotRewritable("the packed sequence is not assigned to a name")
    packed = parent.targets[0].id
    block = getattr(ctx.parent(parent), "body", None)
    if not isinstance(block, list) or parent not in block:
        raise NotRewritable("the packing is in an unusual place")
    given = _arguments(node, _PACK)
    if "input" not in given or "lengths" not in given:
        raise NotRewritable("no input or lengths")
    after = block[block.index(parent) + 1 :]
    uses = [s for s in after if _only_name_use(s, packed)]
    run = uses[0] if len(uses) == 1 else None
    if not (
        isinstance(run, ast.Assign)
        and isinstance(run.value, ast.Call)
        and run.value.args[:1]
        and isinstance(run.value.args[0], ast.Name)
        and run.value.args[0].id == packed
        and len(run.targets) == 1
    ):
        raise NotRewritable("the packed sequence is not given once to a recurrent layer")
    target = run.targets[0]
    first = target.elts[0] if isinstance(target, ast.Tuple) and target.elts else target
    if not isinstance(first, ast.Name):
        raise NotRewritable("the layer's output is not assigned to a name")
    pads = [
        call
        for s in after[after.index(run) + 1 :]
        for call in ast.walk(s)
        if isinstance(call, ast.Call)
        and (dotted(call.func) or "").endswith("pad_packed_sequence")
        and call.args[:1]
        and isinstance(call.args[0], ast.Name)
        and call.args[0].id == first.id
    ]
    if len(pads) != 1:
        raise NotRewritable("the output is not unpacked once with pad_packed_sequence")
    unpacked = _arguments(pads[0], _PAD)
    layer = _layer_constructor(ctx, run.value)
    # nn.GRU/LSTM/RNN(input_size, hidden_size, num_layers, bias, batch_first, ...)
    layer_flag = next(
        (k.value for k in layer.keywords if k.arg == "batch_first"),
        layer.args[4] if len(layer.args) > 4 else None,
    )
    if any(k.arg is None for k in layer.keywords) or any(
        isinstance(a, ast.Starred) for a in layer.args
    ):
        raise NotRewritable("the layer's arguments are unpacked")
    if not _same_flag(given.get("batch_first"), unpacked.get("batch_first"), layer_flag):
        raise NotRewritable("batch_first differs between packing, layer and unpacking")
    if "padding_value" in unpacked:
        raise NotRewritable("a padding value")
    return _Packed(node, run.value, pads[0], first.id, given["lengths"])


def _layer_constructor(ctx: FixContext, call: ast.Call) -> ast.Call:
    """The one `nn.GRU/LSTM/RNN(...)` assigned to `self.<name>`, called as `self.<name>(...)`."""
    func = call.func
    if not (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "self"
        and ctx.tree is not None
    ):
        raise NotRewritable("the layer is not an attribute of self")
    assigned = self_assignments(ctx.tree).get(func.attr, [])
    if len(assigned) != 1 or not isinstance(assigned[0], ast.Call):
        raise NotRewritable("the layer is assigned more than once")
    ctor = assigned[0]
    name = (dotted(ctor.func) or "").rsplit(".", 1)[-1]
    if name not in ("GRU", "LSTM", "RNN"):
        raise NotRewritable("the layer is not nn.GRU/LSTM/RNN")
    return ctor


def rewrite_packed_run(ctx: FixContext, node: ast.Call, api: str, masked: bool) -> Fix:
    """`packed = pack_padded_sequence(x, lengths, ...)`; `out, h = self.lstm(packed)`;
    `pad_packed_sequence(out, ...)` -> `packed = x`; `out, h = exportlint.ops.rnn(self.lstm,
    packed, lengths=lengths)` (`masked`: each sequence's own steps) or `self.lstm(packed)`
    (every sequence full length); `(out, lengths)` for the unpacking."""
    if not api.endswith("pack_padded_sequence"):
        raise NotRewritable("not pack_padded_sequence")
    run = _packed_run(ctx, node)
    cm = codemod_for(
        ctx,
        _statement_of(ctx, node),
        _statement_of(ctx, run.layer_call),
        _statement_of(ctx, run.pad),
    )
    pack = cm.find(node, cst.Call)
    assert isinstance(pack, cst.Call)
    args = {a.keyword.value if a.keyword else _PACK[i]: a for i, a in enumerate(pack.args)}
    x, lengths = args["input"].value, args["lengths"].value
    layer_call = cm.find(run.layer_call, cst.Call)
    assert isinstance(layer_call, cst.Call)
    imported: Edit | None = None
    replacements: dict[ast.AST, cst.CSTNode] = {node: x}
    if masked:
        module, imported = ops_module(ctx)
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        call_args = [a.with_changes(comma=comma) for a in layer_call.args]
        replacements[run.layer_call] = cst.Call(
            func=ex.parse(f"{module}.rnn"),
            args=[
                cst.Arg(value=layer_call.func, comma=comma),
                *call_args,
                ex.keyword_arg("lengths", lengths.deep_clone()),
            ],
        )
        condition = (
            "the same outputs, zeros after each sequence's end and the state at its last step; "
            "the output keeps the padded length, which pad_packed_sequence cuts to the longest "
            "sequence unless given total_length"
        )
        title = f"Run the layer over the padded batch with `{module}.rnn(..., lengths=...)`"
    else:
        condition = "the same only when every sequence fills the padded length"
        title = "Run the layer over the padded batch without packing"
    replacements[run.pad] = cst.Tuple(
        elements=[
            cst.Element(
                value=cst.Name(run.output),
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
            ),
            cst.Element(value=lengths.deep_clone()),
        ]
    )
    edits = cm.edits(replacements)
    return fix(
        f"{title} ({condition})",
        Applicability.UNSAFE,
        *_with_import(ctx, edits, imported),
    )


def _statement_of(ctx: FixContext, node: ast.AST) -> ast.AST:
    current: ast.AST | None = node
    while current is not None and not isinstance(current, ast.stmt):
        current = ctx.parent(current)
    if current is None:
        raise NotRewritable("no statement")
    return current
