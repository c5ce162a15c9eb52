"""Facts about the torch API that kind inference needs, kept as data in one place."""

from __future__ import annotations

from dataclasses import dataclass

# Tensor attributes whose value Python knows at trace time.
STATIC_TENSOR_ATTRIBUTES = frozenset(
    {
        "dtype", "device", "ndim", "layout", "requires_grad", "is_leaf", "is_cuda", "is_cpu",
        "is_meta", "is_sparse", "is_quantized", "is_mkldnn", "is_nested", "is_mps", "is_xpu",
        "names", "grad_fn", "itemsize", "nbytes", "__class__",
    }
)  # fmt: skip

# Tensor attributes that are tensors.
TENSOR_ATTRIBUTES = frozenset({"T", "mT", "H", "mH", "real", "imag", "grad", "data"})

# Tensor methods returning Python values known at trace time.
STATIC_TENSOR_METHODS = frozenset(
    {
        "dim", "ndimension", "element_size", "is_contiguous", "is_floating_point", "is_complex",
        "is_signed", "get_device", "has_names", "is_pinned", "is_shared", "is_set_to",
        "is_inference", "storage_offset", "__len__",
    }
)  # fmt: skip

# Tensor methods returning a Python sequence of tensors.
TENSOR_SEQUENCE_METHODS = frozenset(
    {"split", "chunk", "unbind", "tensor_split", "split_with_sizes"}
)

TENSOR_SEQUENCE_FUNCTIONS = frozenset(
    {
        "torch.split", "torch.chunk", "torch.unbind", "torch.tensor_split", "torch.meshgrid",
        "torch.broadcast_tensors", "torch.functional.split", "torch.atleast_1d",
    }
)  # fmt: skip

# Methods that return a view of (alias) their receiver: an in-place op on the result mutates
# the receiver.
VIEW_METHODS = frozenset(
    {
        "view", "view_as", "reshape", "reshape_as", "transpose", "permute", "squeeze",
        "unsqueeze", "narrow", "select", "expand", "expand_as", "t", "flatten", "unflatten",
        "diagonal", "as_strided", "unfold", "detach", "movedim", "moveaxis", "swapaxes",
        "swapdims", "__getitem__", "contiguous", "to", "type_as", "float", "long", "int",
    }
)  # fmt: skip

# torch functions returning Python values known at trace time.
STATIC_TORCH_FUNCTIONS = frozenset(
    {
        "torch.is_tensor", "torch.is_floating_point", "torch.is_complex",
        "torch.jit.is_tracing", "torch.jit.is_scripting", "torch.compiler.is_compiling",
        "torch.compiler.is_dynamo_compiling", "torch.compiler.is_exporting",
        "torch._dynamo.is_compiling", "torch.onnx.is_in_onnx_export", "torch.is_grad_enabled",
        "torch.get_default_dtype", "torch.finfo", "torch.iinfo", "torch.device", "torch.Size",
        "torch.no_grad", "torch.enable_grad", "torch.inference_mode", "torch.autocast",
        "torch.set_grad_enabled", "torch.manual_seed", "torch.promote_types",
        "torch.result_type", "torch.can_cast", "torch.get_autocast_gpu_dtype",
        "torch.is_autocast_enabled", "torch.jit.annotate", "torch.typename",
        "torch.cuda.is_available", "torch.backends.mps.is_available", "torch.seed",
        "torch.initial_seed",
    }
)  # fmt: skip

# Calls that only log: a branch made of them does not change the computation.
LOGGING_CALLS = frozenset(
    {
        "warn", "warning", "warning_once", "warn_once", "info", "info_once", "debug", "error",
        "exception", "critical", "log", "print",
    }
)  # fmt: skip

# Ops whose output shape depends on tensor data: their sizes are data-dependent (unbacked).
DATA_SHAPED_METHODS = frozenset(
    {"nonzero", "masked_select", "unique", "unique_consecutive", "argwhere"}
)


# --- torch API facts under dynamic shapes (measured by benchmarks/ops_probe on torch 2.13;
# results/*.json hold the table, with versions). A layer or function is listed only when the
# probe showed it failing: export fails, a dynamic size is fixed to the traced one, or the ONNX
# model fails or differs from eager at a size not used for tracing. `when` names the condition
# under which it fails (checks/exl304_api_dynamic_shapes.py evaluates it):
#   "dynamic_input"   the (first) tensor argument has a dynamic size
#   "dynamic_time_axis"  a recurrent layer's time axis (per `batch_first`) may be dynamic
#   "dynamic_last_axis"  the last axis of the input may be dynamic (dims unknown or dynamic)
#   "no_num_classes"  `F.one_hot` without `num_classes` (or -1): the class count is data
#   "no_length"       `torch.istft` without `length=` on an input with a dynamic size
#   "dynamic_axis"    the axis the call works along is known to be dynamic (from the file's
#                     dynamic_shapes); an axis not known is not reported (`qkv.chunk(3, -1)`
#                     on a static channel axis is everywhere)
#   "dynamic_axis_count"  "dynamic_axis", and the pieces are given by a count or a piece
#                     size, not a list (`x.split([n, m], 1)` has a fixed count: silent)
#   "tensor_input"    the (first) argument is a tensor: the failure does not depend on sizes
#   "size_argument"   some argument is a dynamic size (or a tuple/list holding one)
#   "no_dim"          a reduction called without `dim` (`x.amax()`): over every axis
#   "area_mode"       `F.interpolate(..., mode="area")` to a size that is not all 1s, or by a
#                     scale factor (area resampling is an adaptive average pool)
#   "three_dims"      the first argument is known to have exactly 3 dimensions
#   "label_smoothing" `label_smoothing=` given (to the loss's constructor or the call) and not
#                     the constant 0
#   "pool_not_one"    an adaptive pool's output size is not 1 (nor None) on some axis, and
#                     the input has a dynamic size: the bins then depend on the input size
#                     (a constant, or a dynamic size; a config value is not decided)
#   "no_range"        `torch.histc` without both `min` and `max` (or both 0): the range is
#                     read from the data (with a range given it converts, measured)
#   "spatial_size_argument"  `F.affine_grid(theta, size)` with a dynamic size after the
#                     batch and channel entries (a dynamic batch alone exports, measured);
#                     a size whose entries are not known counts as "size_argument"
#   "size_kernel"     a pooling call whose `kernel_size` or `stride` is (or holds) a dynamic
#                     size
#   "reduce_mean"     `scatter_reduce` with the constant `reduce="mean"`
#   "antialias_downscale"  `F.interpolate(..., antialias=True, scale_factor=f)` with a constant
#                     f < 1 (or a tuple holding one) on an input with a dynamic size
#   "output_size"     a transposed convolution called with `output_size=` on an input with a
#                     dynamic size (static sizes convert, measured)


@dataclass(frozen=True)
class ApiFact:
    happens: str  # what torch does, for the message ("fixes the sequence length ...")
    instead: str  # what to use
    onnx_only: bool = False  # exports right; only the ONNX model fails or is wrong (EXL404)
    when: str = "dynamic_input"
    # For when="dynamic_axis": where the method form takes its `dim` (the function form
    # `torch.<name>(t, ...)` one later), and its default.
    axis_position: int = 1
    axis_default: int = 0
    # For when="dynamic_axis": also report when the input's dimensions are not known and it
    # is a `torch.fft.*` result (an `fftshift` of the FFT of a dynamic signal); the
    # split/unbind facts stay silent then.
    unknown_axis: bool = False


_RECURRENT = ApiFact(
    "unrolls its loop over the time axis at trace time: export fixes the sequence length to "
    "the traced one (Constraints violated on the sequence dimension)",
    "export with a static sequence length (pad or chunk to a fixed length), or write the "
    "recurrence with `torch._higher_order_ops.scan` over the time axis",
    when="dynamic_time_axis",
)

_ADAPTIVE_POOL = ApiFact(
    "exports, but torch.onnx translates it with the pooling window of the traced size: the "
    "ONNX model is wrong at other sizes (measured: also at a multiple of the bins)",
    "pool to 1 (global pooling is exact), or compute the bins with integer size arithmetic "
    "(start `i * n // k`, end `((i + 1) * n + k - 1) // k`) over a `cumsum`, which keeps "
    "the size symbolic",
    onnx_only=True,
    when="pool_not_one",
)

_MAX_POOL_1D = ApiFact(
    "fixes the length of its input to the traced one (Constraints violated on the last "
    "dimension; `max_pool2d` and `avg_pool1d` keep it symbolic)",
    "pool as 2-D over a height of 1: `F.max_pool2d(x.unsqueeze(-2), (1, k), (1, s)).squeeze(-2)`",
    when="dynamic_last_axis",
)

_ADAPTIVE_MAX_POOL = ApiFact(
    "exports, but torch.onnx fails on it (1-D, 2-D: ConversionError on "
    "`aten.adaptive_max_pool*d`) or is wrong at other sizes (3-D)",
    "pool to 1 (global max pooling converts and is exact), or compute each bin's max over "
    "slices bounded by integer size arithmetic",
    onnx_only=True,
    when="pool_not_one",
)

# Losses (measured with targets computed from the input, so they share its dynamic sizes).
_CTC = ApiFact(
    "fails export: `aten._ctc_loss` has a data-dependent output shape "
    "(DynamicOutputShapeException), at every reduction",
    "compute the CTC loss outside the exported model (export the model up to the "
    "log-probabilities), or export with static sizes",
    when="tensor_input",
)
_GAUSSIAN_NLL = ApiFact(
    "fails export: it checks `torch.any(var < 0)` in Python, a data-dependent guard "
    "(GuardOnDataDependentSymNode)",
    "write it out: `v = var.clamp(min=eps)`, `0.5 * (torch.log(v) + (input - target) ** 2 / v)` "
    "then the mean",
    when="tensor_input",
)
_MULTILABEL_MARGIN = ApiFact(
    "exports, but the ONNX model differs from eager (measured on 2.13, at the traced size)",
    "compute it with tensor ops: gather the target scores, `clamp(1 - (t - x), min=0)` "
    "masked to the non-target classes, summed and divided by the class count",
    onnx_only=True,
    when="tensor_input",
)
_LABEL_SMOOTHING = ApiFact(
    "with `label_smoothing` exports, but the ONNX model differs from eager (measured on 2.13: "
    "2e-2 at the traced size)",
    "smooth the targets yourself: `(1 - eps) * F.nll_loss(logp, y) - eps * logp.mean(-1).mean()` "
    "with `logp = logits.log_softmax(-1)` (class-index targets, mean reduction)",
    onnx_only=True,
    when="label_smoothing",
)

# `up(h, output_size=skip.size())` (the ConvTranspose2d docs' example) computes the output
# padding from the sizes in Python; torch.onnx then meets it as a list attribute.
_CONV_TRANSPOSE_OUTPUT_SIZE = ApiFact(
    "with `output_size=` on a dynamic size exports, but torch.onnx fails to convert it (the "
    "output padding is computed from the sizes: ConversionError, measured on 2.13)",
    "call it without `output_size` and pad or crop to the target size: "
    "`y = up(h)`, `y = F.pad(y, (0, W - y.shape[-1], 0, H - y.shape[-2]))`",
    onnx_only=True,
    when="output_size",
)

# torch.nn layer classes (the last part of the qualified name), called on a tensor.
LAYER_FACTS: dict[str, ApiFact | tuple[ApiFact, ...]] = {
    "CTCLoss": _CTC,
    "GaussianNLLLoss": _GAUSSIAN_NLL,
    "MultiLabelMarginLoss": _MULTILABEL_MARGIN,
    "CrossEntropyLoss": _LABEL_SMOOTHING,
    "FractionalMaxPool3d": ApiFact(
        "fixes the batch and spatial sizes of its input (Constraints violated)",
        "`nn.MaxPool3d` or `nn.AdaptiveMaxPool3d(1)`; fractional pooling's random windows are "
        "drawn for the traced size",
    ),
    "LSTM": _RECURRENT,
    "GRU": _RECURRENT,
    "RNN": _RECURRENT,
    "AdaptiveAvgPool1d": _ADAPTIVE_POOL,
    "AdaptiveAvgPool2d": _ADAPTIVE_POOL,
    "AdaptiveAvgPool3d": _ADAPTIVE_POOL,
    "AdaptiveMaxPool1d": _ADAPTIVE_MAX_POOL,
    "AdaptiveMaxPool2d": _ADAPTIVE_MAX_POOL,
    "AdaptiveMaxPool3d": _ADAPTIVE_MAX_POOL,
    "MaxPool1d": _MAX_POOL_1D,
    "ConvTranspose1d": _CONV_TRANSPOSE_OUTPUT_SIZE,
    "ConvTranspose2d": _CONV_TRANSPOSE_OUTPUT_SIZE,
    "ConvTranspose3d": _CONV_TRANSPOSE_OUTPUT_SIZE,
    "CrossMapLRN2d": ApiFact(
        "fixes the batch and spatial sizes of its input (Constraints violated)",
        "use `nn.LocalResponseNorm` (same normalisation across channels; it keeps sizes symbolic)",
    ),
    "RReLU": ApiFact(
        "exports, but torch.onnx has no translation for `aten.rrelu_with_noise` (even in eval)",
        "in eval RReLU is a leaky ReLU with slope `(lower + upper) / 2`: use "
        "`nn.LeakyReLU((lower + upper) / 2)` in the exported model",
        onnx_only=True,
    ),
}

# torch functions by qualified name, tensor methods as "Tensor.<name>".
# `F.avg_pool2d(x, x.size()[2:])`, CBAM's `F.max_pool2d(x, (x.size(2), x.size(3)),
# stride=...)`: the kernel is an int list in the aten signature (measured on 2.13: Constraints
# violated on the pooled axes). Pooling with a constant kernel over a dynamic map is fine.
_POOL_KERNEL_FROM_SIZE = ApiFact(
    "with a kernel (or stride) taken from the input's dynamic size: the kernel is a list of "
    "Python ints, so export fixes those sizes to the traced ones (Constraints violated)",
    "pool over the whole map with `x.mean((2, 3), keepdim=True)` / `x.amax((2, 3), "
    "keepdim=True)` or `F.adaptive_avg_pool2d(x, 1)` (global pooling is exact at every size)",
    when="size_kernel",
)

# PyG's `scatter(..., reduce="mean")` is `out.scatter_reduce_(dim, index, src, "mean",
# include_self=False)`: torch.onnx writes a ScatterElements whose means onnxruntime gets wrong
# (measured on 2.13, include_self True or False, at the traced size too); "sum", "prod",
# "amax", "amin" convert and match.
_SCATTER_MEAN = ApiFact(
    'with `reduce="mean"` exports, but onnxruntime computes other means from the ONNX model '
    "torch.onnx writes for it (measured on 2.13, also at the traced size)",
    'scatter the sum and the count and divide: `total = out.scatter_reduce(d, idx, src, "sum", '
    "include_self=False)`, `count = torch.zeros_like(out).scatter_reduce(d, idx, "
    'torch.ones_like(src), "sum", include_self=False)`, `total / count.clamp(min=1)`',
    onnx_only=True,
    when="reduce_mean",
)

_PYTHON_INT_SIZES = (
    "takes its sizes as Python ints: export fixes the dynamic size passed to it to the traced "
    "value (Constraints violated)"
)
_PIECES = ApiFact(
    "along a dynamic axis makes a Python list whose length is fixed at trace time: export "
    "guards on the number of pieces (`ep.module()` rejects sizes giving another count)",
    "slice the pieces you need (`x[:, :k]`, `x[:, k:]`, `x.narrow(1, 0, n // 2)`), or "
    "reshape to a new axis of a fixed count (`x.unflatten(1, (-1, k))`) when the size divides, "
    "or split by a list of sizes (`x.split([n // 2, n - n // 2], 1)`: a fixed count)",
    when="dynamic_axis_count",
)
_CHUNK_ONNX = ApiFact(
    "along a dynamic axis exports, but torch.onnx fails on it (PassError while optimising the "
    "graph)",
    "slice the halves with the size: `n = x.shape[1] // 2`, `x[:, :n]`, `x[:, n:]` (or `narrow`)",
    onnx_only=True,
    when="dynamic_axis",
)
_WINDOW = ApiFact(
    "takes the window length as a Python int: export fixes the dynamic size passed to it "
    "(Constraints violated)",
    "build the window once in `__init__` at a fixed length (`register_buffer`), or compute "
    "it with tensor ops: `0.5 - 0.5 * torch.cos(2 * math.pi * torch.arange(n) / n)` (hann)",
    when="size_argument",
)
_NO_ONNX = "exports, but torch.onnx fails to convert it (ConversionError, measured on 2.13)"


def _onnx(instead: str) -> ApiFact:
    return ApiFact(_NO_ONNX, instead, onnx_only=True, when="tensor_input")


_LINALG = _onnx(
    "keep the decomposition outside the exported model (precompute it, or pass its result "
    "as an input), or write a closed form for a small fixed size"
)
_COVARIANCE = ApiFact(
    "fails export on a data-dependent check (DataDependentOutputException: aten.equal)",
    "compute it with mean and matmul: `xc = x - x.mean(1, keepdim=True)`, "
    "`xc @ xc.T / (x.shape[1] - 1)` (divide by the outer product of the standard deviations "
    "for corrcoef)",
    when="tensor_input",
)
_KRON = ApiFact(
    "fixes the sizes of its operands (Constraints violated)",
    "use broadcasting: `(a[:, None, :, None] * b[None, :, None, :]).reshape(...)`",
)
_TAKE_ALONG = ApiFact(
    "broadcasts its indices with Python sizes: export fixes the dynamic sizes of its input "
    "(Constraints violated)",
    "`torch.gather(x, dim, idx)` with `idx` expanded to the output shape "
    "(`idx.expand(*x.shape[:dim], -1, *x.shape[dim + 1:])`)",
)
_FUNCTION_ONNX = {
    "cdist": _onnx(
        "`torch.sqrt(((a[..., :, None, :] - b[..., None, :, :]) ** 2).sum(-1))`, or the "
        "matmul form `a2 + b2.mT - 2 * a @ b.mT` clamped at 0"
    ),
    # Only without a range: `torch.histc(x, bins, min=0, max=n)` converts (measured on 2.13;
    # transformers' MoE load-balancing losses count experts that way).
    "histc": ApiFact(
        "without `min` and `max` reads its range from the data: it exports, but torch.onnx "
        "fails to convert it (ConversionError, measured on 2.13; with a range given it converts)",
        "give the range: `torch.histc(x, bins, min=lo, max=hi)` (e.g. `min=0, max=num_experts` "
        "for expert counts)",
        onnx_only=True,
        when="no_range",
    ),
    "masked_select": _onnx("`x[mask]` (boolean indexing converts)"),
    "nonzero_static": _onnx("`nonzero()` (converts; its size is data-dependent)"),
    "erfinv": _onnx("an approximation with elementary ops (e.g. Giles' polynomial)"),
    "lgamma": _onnx("an approximation with elementary ops (Stirling / Lanczos series)"),
    "digamma": _onnx("an approximation with elementary ops (asymptotic series)"),
    "hypot": _onnx("`torch.sqrt(a * a + b * b)`"),
    # Measured in the probe's second function sweep (torch 2.13, ConversionError).
    "copysign": _onnx("`a.abs() * torch.where(torch.signbit(b), -1.0, 1.0)`"),
    "frexp": _onnx("`e = torch.floor(torch.log2(x.abs())) + 1`, `m = x / 2 ** e` (x != 0)"),
    "nextafter": _onnx("add a small epsilon (`x + torch.finfo(x.dtype).eps * x.abs()`)"),
    # `unique_consecutive` fails to convert too, but real code calls it in checks
    # (`torch._check(torch.unique_consecutive(...).numel() == 1)`, dropped from the graph:
    # the ONNX model is fine) or before `.tolist()` (EXL202's): not taught.
    "slogdet": _LINALG,
    "matrix_exp": _LINALG,
    "inverse": _LINALG,
    "cholesky": _LINALG,
    "triangular_solve": _LINALG,
}
_FULL_REDUCTION = ApiFact(
    "without `dim` exports, but torch.onnx fails to convert the reduction over every axis "
    "(ConversionError, measured on 2.13; with `dim=` it converts)",
    "`x.max()` / `x.min()` (they convert), or name the axes: `x.amax(dim=(1, 2))`, "
    "`x.flatten().amax(0)`",
    onnx_only=True,
    when="no_dim",
)
_FFT_SHIFT = ApiFact(
    "over a dynamic axis exports, but torch.onnx fails to convert it (ConversionError, measured "
    "on 2.13; over a static length it converts)",
    "swap the halves with slicing: `h = (n + 1) // 2` then `torch.cat([x[..., h:], x[..., :h]], "
    "-1)` for fftshift (`h = n // 2` for ifftshift); `torch.roll` by a dynamic shift fails too",
    onnx_only=True,
    when="dynamic_axis",
    axis_position=0,  # torch.fft.fftshift(x, dim); without dim (all axes) the last is checked
    axis_default=-1,
    unknown_axis=True,
)
FUNCTION_FACTS: dict[str, ApiFact | tuple[ApiFact, ...]] = {
    "torch.nn.functional.ctc_loss": _CTC,
    "torch.nn.functional.gaussian_nll_loss": _GAUSSIAN_NLL,
    "torch.nn.functional.multilabel_margin_loss": _MULTILABEL_MARGIN,
    "torch.nn.functional.cross_entropy": _LABEL_SMOOTHING,
    "torch.amax": _FULL_REDUCTION,
    "torch.amin": _FULL_REDUCTION,
    "Tensor.amax": _FULL_REDUCTION,
    "Tensor.amin": _FULL_REDUCTION,
    "torch.fft.fftshift": _FFT_SHIFT,
    "torch.fft.ifftshift": _FFT_SHIFT,
    "torch.special.erfcx": ApiFact(
        "exports, but the ONNX model differs from eager (2e-3 at the traced size, measured on "
        "2.13)",
        "`torch.exp(x * x) * torch.special.erfc(x)` for moderate x (it overflows for large x)",
        onnx_only=True,
        when="tensor_input",
    ),
    "torch.linalg.pinv": _LINALG,
    "torch.nn.functional.interpolate": (
        ApiFact(
            "with mode='area' is an adaptive average pool: it exports, but torch.onnx "
            "translates it with the pooling window of the traced size, so the ONNX model is "
            "wrong at other sizes",
            "`F.avg_pool2d(x, k)` when the factor is a whole number (area downsampling by k is "
            "average pooling with kernel and stride k), or `mode='bilinear', antialias=True` "
            "with `size=`",
            onnx_only=True,
            when="area_mode",
        ),
        # Measured on 2.13: bilinear and bicubic with antialias=True and scale_factor=0.5 on a
        # dynamic input: onnxruntime differs at a size not traced; with `size=` (dynamic or
        # not) or an upscaling factor it matches.
        ApiFact(
            "with `antialias=True` and a downscaling `scale_factor` exports, but the ONNX model "
            "filters with the traced size's kernel: onnxruntime differs from eager at other "
            "sizes",
            "give the output size instead of the factor (`size=(h // 2, w // 2)` for 0.5): "
            "antialiased resizing to a size converts and matches",
            onnx_only=True,
            when="antialias_downscale",
        ),
    ),
    "torch.nn.functional.scaled_dot_product_attention": ApiFact(
        "on 3-D inputs (batch, sequence, features) exports, but torch.onnx fails to convert it "
        "(ConversionError, measured on 2.13; 4-D (batch, heads, sequence, head_dim) converts)",
        "add a head axis: `F.scaled_dot_product_attention(q[:, None], k[:, None], "
        "v[:, None]).squeeze(1)`",
        onnx_only=True,
        when="three_dims",
    ),
    **{f"torch.{name}": fact for name, fact in _FUNCTION_ONNX.items()},
    **{f"Tensor.{name}": fact for name, fact in _FUNCTION_ONNX.items()},
    "torch.special.i0": _onnx("an approximation with elementary ops"),
    "torch.special.i1": _onnx("an approximation with elementary ops"),
    "torch.special.i0e": _onnx("an approximation with elementary ops"),
    "torch.special.bessel_j0": _onnx("an approximation with elementary ops"),
    "torch.special.ndtri": _onnx(
        "`math.sqrt(2) * torch.erfinv(2 * p - 1)` (erfinv needs an "
        "approximation too), or a rational approximation (Acklam)"
    ),
    "torch.isin": _onnx("compare against each value: `(x[..., None] == values).any(-1)`"),
    "torch.nn.functional.pdist": _onnx(
        "`torch.cdist`-free form: `d = ((x[:, None] - x[None]) ** 2).sum(-1).sqrt()` and the "
        "upper triangle through a boolean mask"
    ),
    "torch.linalg.eigh": _LINALG,
    "torch.linalg.slogdet": _LINALG,
    "torch.i0": _onnx("an approximation with elementary ops"),
    "torch.special.erfinv": _FUNCTION_ONNX["erfinv"],
    "torch.special.digamma": _FUNCTION_ONNX["digamma"],
    "torch.special.gammaln": _FUNCTION_ONNX["lgamma"],
    **{
        f"torch.linalg.{name}": _LINALG
        for name in (
            "inv",
            "solve",
            "cholesky",
            "qr",
            "svdvals",
            "eigvalsh",
            "solve_triangular",
            "matrix_exp",
        )
    },
    "torch.cov": _COVARIANCE,
    "torch.corrcoef": _COVARIANCE,
    "Tensor.cov": _COVARIANCE,
    "Tensor.corrcoef": _COVARIANCE,
    "torch.take_along_dim": _TAKE_ALONG,
    "Tensor.take_along_dim": _TAKE_ALONG,
    "torch.kron": _KRON,
    "Tensor.kron": _KRON,
    "Tensor.split": _PIECES,
    "Tensor.tensor_split": _PIECES,
    "torch.split": _PIECES,
    "torch.tensor_split": _PIECES,
    "Tensor.unbind": ApiFact(
        "along a dynamic axis makes one tensor per index: export fixes that size "
        "(Constraints violated)",
        "keep the axis and work on it with tensor ops (`x.sum(1)`, `x.transpose`, "
        "`torch.stack` of what the loop would compute, vectorised)",
        when="dynamic_axis",
        axis_position=0,
    ),
    "torch.unbind": ApiFact(
        "along a dynamic axis makes one tensor per index: export fixes that size "
        "(Constraints violated)",
        "keep the axis and work on it with tensor ops (`x.sum(1)`, `x.transpose`, "
        "`torch.stack` of what the loop would compute, vectorised)",
        when="dynamic_axis",
        axis_position=0,
    ),
    "Tensor.chunk": _CHUNK_ONNX,
    "torch.chunk": _CHUNK_ONNX,
    "torch.hann_window": _WINDOW,
    "torch.hamming_window": _WINDOW,
    "torch.blackman_window": _WINDOW,
    "torch.bartlett_window": _WINDOW,
    "torch.kaiser_window": _WINDOW,
    "torch.roll": ApiFact(
        "by a dynamic number of positions exports, but torch.onnx fails on it",
        "index with a rotated arange: `idx = (torch.arange(n) - s) % n` then "
        "`x.index_select(dim, idx)`",
        onnx_only=True,
        when="size_argument",
    ),
    "torch.nn.functional.adaptive_avg_pool1d": _ADAPTIVE_POOL,
    "torch.nn.functional.adaptive_avg_pool2d": _ADAPTIVE_POOL,
    "torch.nn.functional.adaptive_avg_pool3d": _ADAPTIVE_POOL,
    "torch.nn.functional.adaptive_max_pool1d": _ADAPTIVE_MAX_POOL,
    "torch.nn.functional.adaptive_max_pool2d": _ADAPTIVE_MAX_POOL,
    "torch.nn.functional.adaptive_max_pool3d": _ADAPTIVE_MAX_POOL,
    "torch.nn.functional.max_pool1d": _MAX_POOL_1D,
    "torch.nn.functional.affine_grid": ApiFact(
        "takes the output size as Python ints: export fixes the dynamic sizes passed to it "
        "(Constraints violated)",
        "build the base grid with tensor ops on `torch.arange` of the sizes "
        "(`(2 * torch.arange(w) + 1) / w - 1` per axis for align_corners=False) and apply "
        "theta with `torch.matmul`",
        when="spatial_size_argument",
    ),
    "torch.scatter_reduce": _SCATTER_MEAN,
    "Tensor.scatter_reduce": _SCATTER_MEAN,
    "Tensor.scatter_reduce_": _SCATTER_MEAN,
    "torch.nn.functional.avg_pool1d": _POOL_KERNEL_FROM_SIZE,
    "torch.nn.functional.avg_pool2d": _POOL_KERNEL_FROM_SIZE,
    "torch.nn.functional.avg_pool3d": _POOL_KERNEL_FROM_SIZE,
    "torch.nn.functional.max_pool2d": _POOL_KERNEL_FROM_SIZE,
    "torch.nn.functional.max_pool3d": _POOL_KERNEL_FROM_SIZE,
    "torch.istft": (
        ApiFact(
            "takes `length` as a Python int: export fixes the dynamic size passed to it "
            "(Constraints violated)",
            "leave `length` out and crop the output with slicing (`out[..., :n]`)",
            when="size_argument",
        ),
        ApiFact(
            "exports, but the ONNX model torch.onnx writes for it is invalid (onnxruntime: "
            "`Type 'tensor(int32)' of input parameter ... of operator (ScatterND) ... is "
            "invalid`)",
            "keep the inverse STFT outside the exported model, or write the overlap-add with "
            "`torch.fft.irfft` and `F.fold`",
            onnx_only=True,
            when="no_length",
        ),
    ),
    # The packed sequence's batch sizes are computed from the lengths on the host: export
    # fails at every size (measured on 2.13: TypeError in `aten.zeros` on a FakeTensor size).
    "torch.nn.utils.rnn.pack_padded_sequence": ApiFact(
        "fails export: it computes the packed batch sizes from the lengths' values on the host "
        "(measured on 2.13, also with static shapes)",
        "run the recurrent layer on the padded batch and mask the padded steps "
        "(`out * (torch.arange(T) < lengths[:, None])[..., None]`); for a bidirectional layer "
        "reverse each sequence within its length with a gather before the backward pass",
        when="tensor_input",
    ),
    "torch.nn.functional.one_hot": ApiFact(
        "without `num_classes` counts the classes from the data (`max() + 1`): export fails "
        "(GuardOnDataDependentSymNode)",
        "pass `num_classes` (the vocabulary or label count) explicitly",
        when="no_num_classes",
    ),
    # Measured on 2.13: `torch.combinations(torch.arange(n), r=2)` fails export
    # (PendingUnbackedSymbolNotFound: its rows are selected by a data-dependent mask), with a
    # dynamic n and with a constant one alike; built once in `__init__` it is a constant.
    "torch.combinations": ApiFact(
        "fails export at every size (PendingUnbackedSymbolNotFound: the pairs are selected by "
        "a data-dependent mask; measured on 2.13)",
        "index the pairs with a mask from index comparisons: `i = torch.arange(n)`, "
        "`i, j = torch.where(i[:, None] < i[None, :])`, or keep a pair mask "
        "(`torch.ones(n, n, dtype=torch.bool).triu(1)`) and reduce with it; for a fixed "
        "count, build the pairs once in `__init__` as a buffer",
        when="tensor_input",
    ),
    "torch.tril_indices": ApiFact(
        _PYTHON_INT_SIZES,
        "build the mask from index comparisons: `i = torch.arange(n)`, "
        "`mask = i[None, :] <= i[:, None]`, and use `mask.nonzero().T` or `torch.where(mask)`",
        when="size_argument",
    ),
    "torch.triu_indices": ApiFact(
        _PYTHON_INT_SIZES,
        "build the mask from index comparisons: `i = torch.arange(n)`, "
        "`mask = i[None, :] >= i[:, None]`, and use `mask.nonzero().T` or `torch.where(mask)`",
        when="size_argument",
    ),
}
