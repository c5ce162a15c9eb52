"""Facts about the torch API that kind inference needs, kept as data in one place."""

from __future__ import annotations

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
