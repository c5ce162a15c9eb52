"""Does exportlint flag what really breaks tiny `transformers` models?

For each architecture a tiny configuration is built (random weights, from the config class:
nothing is downloaded; HF_HUB_OFFLINE=1), then, in a child process with a timeout:

1. `torch.export.export(..., strict=False)` with dynamic batch and sequence (images: dynamic
   batch, height and width); on failure the culprit is the innermost traceback frame inside the
   installed `transformers` package (file:line);
2. when export works: `torch.onnx.export(..., dynamo=True)` (a custom operator with no ONNX
   translation fails here), then onnxruntime on an input set of other sizes against eager.

Then exportlint lints the culprit's file (the installed transformers source, as a subprocess:
`python -m exportlint`) and the row says whether a diagnostic covers the culprit line. For a
custom operator with no ONNX translation, the culprit is where the model's traced code reaches
it: the row says whether an EXL403 diagnostic in the model's modeling file names the operator.

    python benchmarks/transformers_real.py                 # every architecture
    python benchmarks/transformers_real.py --limit 4 --timeout 240
    python benchmarks/transformers_real.py --only llama,mixtral --json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------- architectures
# Each builder returns (model, kwargs for tracing, kwargs of other sizes, dynamic_shapes).
# Everything torch/transformers is imported in the child only.

TEXT = dict(
    vocab_size=128,
    hidden_size=32,
    intermediate_size=64,
    num_hidden_layers=2,
    num_attention_heads=4,
    num_key_value_heads=2,
    max_position_embeddings=128,
)


def _text_inputs(batch: int, seq: int) -> dict[str, Any]:
    import torch

    generator = torch.Generator().manual_seed(batch * 100 + seq)
    ids = torch.randint(3, 128, (batch, seq), generator=generator)
    mask = torch.ones(batch, seq, dtype=torch.long)
    return {"input_ids": ids, "attention_mask": mask}


def _text_dynamic() -> dict[str, Any]:
    from torch.export import Dim

    return {
        "input_ids": {0: Dim.DYNAMIC, 1: Dim.DYNAMIC},
        "attention_mask": {0: Dim.DYNAMIC, 1: Dim.DYNAMIC},
    }


def _causal(config_name: str, **extra: Any) -> Callable[[], tuple[Any, ...]]:
    def build() -> tuple[Any, ...]:
        import transformers

        config = getattr(transformers, config_name)(**{**TEXT, **extra})
        model = transformers.AutoModelForCausalLM.from_config(config)
        return model, _text_inputs(2, 7), _text_inputs(3, 11), _text_dynamic()

    return build


def _gpt2() -> tuple[Any, ...]:
    import transformers

    config = transformers.GPT2Config(
        vocab_size=128, n_embd=32, n_layer=2, n_head=4, n_positions=128
    )
    model = transformers.GPT2LMHeadModel(config)
    return model, _text_inputs(2, 7), _text_inputs(3, 11), _text_dynamic()


def _bert() -> tuple[Any, ...]:
    import transformers

    config = transformers.BertConfig(
        vocab_size=128, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=64, max_position_embeddings=128,
    )  # fmt: skip
    model = transformers.BertModel(config)
    return model, _text_inputs(2, 7), _text_inputs(3, 11), _text_dynamic()


def _t5() -> tuple[Any, ...]:
    import torch
    import transformers
    from torch.export import Dim

    config = transformers.T5Config(
        vocab_size=128, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_heads=4,
        decoder_start_token_id=0,
    )  # fmt: skip
    model = transformers.T5ForConditionalGeneration(config)

    def inputs(batch: int, seq: int, target: int) -> dict[str, Any]:
        out = _text_inputs(batch, seq)
        out["decoder_input_ids"] = torch.randint(3, 128, (batch, target))
        return out

    dynamic = {**_text_dynamic(), "decoder_input_ids": {0: Dim.DYNAMIC, 1: Dim.DYNAMIC}}
    return model, inputs(2, 7, 5), inputs(3, 11, 4), dynamic


def _image_dynamic(name: str = "pixel_values", spatial: bool = True) -> dict[str, Any]:
    from torch.export import Dim

    dims = {0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC} if spatial else {0: Dim.DYNAMIC}
    return {name: dims}


def _vit() -> tuple[Any, ...]:
    import torch
    import transformers

    config = transformers.ViTConfig(
        image_size=32, patch_size=8, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=64,
    )  # fmt: skip
    model = transformers.ViTModel(config, add_pooling_layer=False)
    first = {"pixel_values": torch.randn(2, 3, 32, 32), "interpolate_pos_encoding": True}
    second = {"pixel_values": torch.randn(3, 3, 48, 40), "interpolate_pos_encoding": True}
    dynamic = {**_image_dynamic(), "interpolate_pos_encoding": None}
    return model, first, second, dynamic


def _swin() -> tuple[Any, ...]:
    import torch
    import transformers

    config = transformers.SwinConfig(
        image_size=32, patch_size=4, embed_dim=16, depths=[1, 1], num_heads=[2, 2], window_size=2,
    )  # fmt: skip
    model = transformers.SwinModel(config)
    first = {"pixel_values": torch.randn(2, 3, 32, 32)}
    second = {"pixel_values": torch.randn(3, 3, 28, 36)}
    return model, first, second, _image_dynamic()


def _qwen2_vl_vision() -> tuple[Any, ...]:
    import torch
    from torch.export import Dim
    from transformers.models.qwen2_vl.configuration_qwen2_vl import Qwen2VLVisionConfig
    from transformers.models.qwen2_vl.modeling_qwen2_vl import (
        Qwen2VisionTransformerPretrainedModel,
    )

    config = Qwen2VLVisionConfig(
        depth=2, embed_dim=32, hidden_size=32, num_heads=4, patch_size=2, spatial_merge_size=2,
        temporal_patch_size=2, in_channels=3, mlp_ratio=2,
    )  # fmt: skip
    config._attn_implementation = "sdpa"
    model = Qwen2VisionTransformerPretrainedModel(config)
    features = 3 * 2 * 2 * 2

    def inputs(grids: list[list[int]]) -> dict[str, Any]:
        patches = sum(t * h * w for t, h, w in grids)
        return {"hidden_states": torch.randn(patches, features), "grid_thw": torch.tensor(grids)}

    dynamic = {"hidden_states": {0: Dim.DYNAMIC}, "grid_thw": {0: Dim.DYNAMIC}}
    return model, inputs([[1, 4, 4], [1, 2, 4]]), inputs([[1, 4, 6], [1, 2, 2], [1, 4, 4]]), dynamic


def _llava() -> tuple[Any, ...]:
    import torch
    import transformers
    from torch.export import Dim

    vision = transformers.CLIPVisionConfig(
        image_size=16, patch_size=8, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, projection_dim=32,
    )  # fmt: skip
    text = transformers.LlamaConfig(**TEXT)
    config = transformers.LlavaConfig(
        vision_config=vision, text_config=text, image_token_id=127,
        vision_feature_layer=-1, vision_feature_select_strategy="default",
    )  # fmt: skip
    model = transformers.LlavaForConditionalGeneration(config)
    tokens = (16 // 8) ** 2  # patches per image (the CLS token is dropped)

    def inputs(batch: int, text_len: int) -> dict[str, Any]:
        out = _text_inputs(batch, text_len + tokens)
        out["input_ids"][:, 1 : 1 + tokens] = 127
        out["attention_mask"][:] = 1
        out["pixel_values"] = torch.randn(batch, 3, 16, 16)
        return out

    dynamic = {**_text_dynamic(), "pixel_values": {0: Dim.DYNAMIC}}
    return model, inputs(2, 5), inputs(3, 8), dynamic


ARCHITECTURES: dict[str, Callable[[], tuple[Any, ...]]] = {
    "llama": _causal("LlamaConfig"),
    "mistral": _causal("MistralConfig"),
    "qwen2": _causal("Qwen2Config"),
    "phi3": _causal("Phi3Config", pad_token_id=0),
    "gemma": _causal("GemmaConfig", head_dim=8),
    "mixtral": _causal("MixtralConfig", num_local_experts=4, num_experts_per_tok=2),
    "qwen2_moe": _causal(
        "Qwen2MoeConfig",
        num_experts=4,
        num_experts_per_tok=2,
        moe_intermediate_size=32,
        shared_expert_intermediate_size=32,
    ),
    "gpt2": _gpt2,
    "bert": _bert,
    "t5": _t5,
    "vit": _vit,
    "swin": _swin,
    "qwen2_vl_vision": _qwen2_vl_vision,
    "llava": _llava,
}


# ---------------------------------------------------------------------------- the child


@dataclass
class Outcome:
    name: str
    build_error: str | None = None
    export_error: str | None = None
    export_culprit: str | None = None  # "path:line" inside transformers
    onnx_error: str | None = None
    onnx_culprit: str | None = None
    # A custom operator with no ONNX translation ("transformers::grouped_mm_fallback") and
    # the modeling file of the model: the user's code reaches the operator from there.
    custom_op: str | None = None
    model_file: str | None = None
    ort: str | None = None  # "match", "wrong on unseen size (max diff ...)", "fails on ..."
    seconds: dict[str, float] = field(default_factory=dict)
    timed_out: bool = False
    lint: dict[str, Any] = field(default_factory=dict)
    # The lines of `transformers` that Python ran while torch.export traced the model
    # ({file: [line, ...]}): the code export really traces, for the diagnostics-per-traced-line
    # measure on models that export and are right.
    traced_lines: dict[str, list[int]] = field(default_factory=dict)


def _first_line(error: BaseException) -> str:
    """The line that says what went wrong: torch.onnx wraps the cause in a long message whose
    first line is generic; its "Exception summary" (or the chained cause) names it."""
    text = f"{type(error).__name__}: {error}".strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for n, line in enumerate(lines):
        if "Exception summary" in line and n + 1 < len(lines):
            # "<class '...errors.DispatchError'>: ..." -> "DispatchError: ..."
            return re.sub(r"^<class '(?:[\w.]+\.)?(\w+)'>", r"\1", lines[n + 1])[:300]
    cause = error.__cause__
    if cause is not None and type(error).__name__ in ("ConversionError", "TorchExportError"):
        return _first_line(cause)
    return lines[0][:300] if lines else type(error).__name__


def _custom_op(message: str) -> str | None:
    """The operator `ns::name` of "No ONNX function found for <OpOverload(op='ns.name', ...)>"
    when it is outside torch's own namespaces."""
    match = re.search(r"op='([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)'", message)
    if not match or match.group(1) in ("aten", "prims", "higher_order"):
        return None
    return f"{match.group(1)}::{match.group(2)}"


def _custom_op_culprit(message: str, package_dir: str) -> str | None:
    """For "No ONNX function found for <OpOverload(op='ns.name', ...)>" with a namespace other
    than aten/prims: where the package defines that operator (file:line), if it does."""
    match = re.search(r"op='([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)'", message)
    if not match or match.group(1) in ("aten", "prims", "higher_order"):
        return None
    qualified = f"{match.group(1)}::{match.group(2)}"
    for root, _, files in os.walk(package_dir):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as handle:
                for number, line in enumerate(handle, start=1):
                    if qualified in line:
                        return f"{path}:{number}"
    return None


def _culprit(error: BaseException, package_dir: str) -> str | None:
    """The innermost frame inside `package_dir`, across chained exceptions."""
    found = None
    seen: set[int] = set()
    current: BaseException | None = error
    chain = []
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    for exc in reversed(chain):  # the original error first, the re-raises after
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename.startswith(package_dir) and "/utils/" not in frame.filename:
                found = f"{frame.filename}:{frame.lineno}"
        if found:
            return found
    return found


def _leaves(value: Any) -> list[Any]:
    import torch
    from torch.utils import _pytree as pytree

    if hasattr(value, "to_tuple"):
        value = value.to_tuple()
    return [x for x in pytree.tree_leaves(value) if isinstance(x, torch.Tensor)]


def _wrapper(model: Any, names: list[str], others: dict[str, Any]) -> Any:
    """A module whose forward takes the tensor inputs by name, positionally (so that
    `dynamic_shapes` can name them), fixes the other keyword arguments and returns a tuple of
    tensors."""
    import torch

    params = ", ".join(names)
    call = ", ".join(f"{n}={n}" for n in names)
    namespace: dict[str, Any] = {}
    exec(f"def forward(self, {params}):\n    return self.call(dict({call}))", namespace)

    class Wrapper(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def call(self, kwargs: dict[str, Any]) -> Any:
            try:
                out = self.model(**kwargs, **others, use_cache=False)
            except TypeError:  # a model without use_cache
                out = self.model(**kwargs, **others)
            return tuple(_leaves(out))

    Wrapper.forward = namespace["forward"]  # type: ignore[attr-defined]
    return Wrapper()


def _specialisation_site(export: Callable[[], Any], package_dir: str) -> str | None:
    """Re-run a failing export twice: once to read which guards pinned a dynamic size to a
    constant (`Eq(s0, 2)`), once with torch's extended guard debugging on that guard, whose
    log carries the Python stack; the innermost frame inside `package_dir` is the culprit."""
    import logging

    import torch
    import torch.fx.experimental._config as shape_config

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage() + "\n" + (record.stack_info or ""))

    logger = logging.getLogger("torch.fx.experimental.symbolic_shapes")
    handler = Collect()
    logger.addHandler(handler)
    torch._logging.set_logs(dynamic=logging.INFO)
    try:
        with contextlib.suppress(Exception):
            export()
        guards = [
            match.group(1)
            for m in messages
            if "[guard added]" in m and (match := re.match(r"eval (Eq\(s\d+, \d+\))", m))
        ]
        if not guards:
            return None
        messages.clear()
        shape_config.extended_debug_guard_added = guards[0]
        with contextlib.suppress(Exception):
            export()
    finally:
        shape_config.extended_debug_guard_added = None
        torch._logging.set_logs()
        logger.removeHandler(handler)
    frames = re.findall(r'File "([^"]+)", line (\d+)', "\n".join(messages))
    inside = [f"{path}:{line}" for path, line in frames if path.startswith(package_dir)]
    inside = [f for f in inside if "/utils/" not in f]
    return inside[-1] if inside else None


@contextlib.contextmanager
def _lines_run_in(package_dir: str, into: dict[str, set[int]]) -> Any:
    """Record the lines Python runs in files under `package_dir` (a `sys.settrace` tracer
    that returns a line tracer only for those files, so torch's own frames cost one call)."""
    prefix = package_dir.rstrip(os.sep) + os.sep

    def local(frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            into.setdefault(frame.f_code.co_filename, set()).add(frame.f_lineno)
        return local

    def calls(frame: Any, event: str, arg: Any) -> Any:
        if event == "call" and frame.f_code.co_filename.startswith(prefix):
            into.setdefault(frame.f_code.co_filename, set()).add(frame.f_lineno)
            return local
        return None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        yield
    finally:
        sys.settrace(previous)


def run_one(name: str) -> Outcome:
    import torch
    import transformers

    outcome = Outcome(name)
    package_dir = os.path.dirname(transformers.__file__)
    torch.manual_seed(0)
    start = time.perf_counter()
    try:
        model, first, second, dynamic = ARCHITECTURES[name]()
        model.eval()
    except Exception as error:
        outcome.build_error = _first_line(error)
        return outcome
    outcome.seconds["build"] = time.perf_counter() - start
    tensors = {k: v for k, v in first.items() if isinstance(v, torch.Tensor)}
    others = {k: v for k, v in first.items() if not isinstance(v, torch.Tensor)}
    shapes = {k: dynamic.get(k) for k in tensors}

    names = list(tensors)
    wrapper = _wrapper(model, names, others).eval()
    with torch.no_grad():
        expected = wrapper(*(second[k] for k in names))
    start = time.perf_counter()
    traced: dict[str, set[int]] = {}
    try:
        with _lines_run_in(package_dir, traced):
            torch.export.export(
                wrapper, tuple(tensors.values()), dynamic_shapes=shapes, strict=False
            )
        outcome.traced_lines = {path: sorted(lines) for path, lines in traced.items()}
    except Exception as error:
        outcome.export_error = _first_line(error)
        outcome.export_culprit = _culprit(error, package_dir)
        if outcome.export_culprit is None:
            # "Constraints violated" is raised after tracing: no frame of the model is in the
            # traceback. Ask torch where the specialising guard was added.
            export = lambda: torch.export.export(  # noqa: E731
                wrapper, tuple(tensors.values()), dynamic_shapes=shapes, strict=False
            )
            outcome.export_culprit = _specialisation_site(export, package_dir)
        return outcome
    finally:
        outcome.seconds["export"] = time.perf_counter() - start
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            program = torch.onnx.export(
                wrapper, tuple(tensors.values()), dynamic_shapes=shapes, dynamo=True,
                artifacts_dir=tmp, verbose=False,
            )  # fmt: skip
            assert program is not None
            path = os.path.join(tmp, "model.onnx")
            program.save(path)
            outcome.seconds["onnx"] = time.perf_counter() - start
            outcome.ort = _ort_check(path, second, tensors, expected)
    except Exception as error:
        outcome.onnx_error = _first_line(error)
        outcome.onnx_culprit = _custom_op_culprit(outcome.onnx_error, package_dir) or _culprit(
            error, package_dir
        )
        outcome.custom_op = _custom_op(outcome.onnx_error)
        if outcome.custom_op is not None:
            outcome.model_file = getattr(sys.modules.get(type(model).__module__), "__file__", None)
        outcome.seconds["onnx"] = time.perf_counter() - start
    return outcome


def _ort_check(path: str, second: dict[str, Any], traced: dict[str, Any], expected: Any) -> str:
    import numpy as np
    import onnxruntime

    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    feeds = {n: second[n].numpy() for n in names if n in second}
    if len(feeds) != len(names):
        feeds = {n: v.numpy() for n, v in zip(names, (second[k] for k in traced))}
    try:
        got = session.run(None, feeds)
    except Exception as error:
        return f"fails on unseen size: {_first_line(error)}"
    diffs = [
        float(np.abs(np.asarray(g, dtype=np.float64) - e.detach().numpy()).max())
        if np.shape(g) == tuple(e.shape)
        else float("inf")
        for g, e in zip(got, expected)
    ]
    worst = max(diffs, default=0.0)
    return "match" if worst <= 1e-3 else f"wrong on unseen size (max diff {worst:.3g})"


# ---------------------------------------------------------------------------- the parent


def _child(name: str, timeout: float) -> Outcome:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONWARNINGS="ignore")
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", name],
            env=env, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return Outcome(name, timed_out=True, seconds={"total": timeout})
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            data = json.loads(line)
            outcome = Outcome(**data)
            outcome.seconds["total"] = time.perf_counter() - start
            return outcome
    tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
    return Outcome(name, build_error=f"child exited {done.returncode}: {tail[0][:200]}")


def _lint_file(path: str, timeout: float) -> list[dict[str, Any]] | str:
    """exportlint's diagnostics for one file (a subprocess), or the error it printed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-m", "exportlint", "--output-format", "json", "--isolated",
         "--no-cache", "--exit-zero", path],
        env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    try:
        diagnostics: list[dict[str, Any]] = json.loads(done.stdout or "[]")
    except json.JSONDecodeError:
        return (done.stderr or "no output").strip()[-200:]
    return diagnostics


def lint_culprit(culprit: str, timeout: float = 300.0) -> dict[str, Any]:
    """Lint the culprit's file with exportlint (a subprocess) and look at its line."""
    path, _, line_text = culprit.rpartition(":")
    line = int(line_text)
    diagnostics = _lint_file(path, timeout)
    if isinstance(diagnostics, str):
        return {"error": diagnostics}
    on_line = [
        f"{d['code']} {d['line']}:{d['column']}"
        for d in diagnostics
        if d["line"] <= line <= (d.get("end_line") or d["line"])
    ]
    return {"flagged": bool(on_line), "diagnostics_on_line": on_line, "in_file": len(diagnostics)}


def lint_custom_op(model_file: str, op: str, timeout: float = 300.0) -> dict[str, Any]:
    """A custom operator's culprit is where the model's traced code reaches it: an EXL403
    diagnostic in the modeling file that names the operator (the operator's definition, in a
    library module, is not traced code)."""
    diagnostics = _lint_file(model_file, timeout)
    if isinstance(diagnostics, str):
        return {"error": diagnostics}
    naming = [
        f"{d['code']} {d['line']}:{d['column']}"
        for d in diagnostics
        if d["code"] == "EXL403" and f"`{op}`" in d["message"]
    ]
    return {
        "flagged": bool(naming),
        "diagnostics_on_line": naming,
        "in_file": len(diagnostics),
        "linted": model_file,
    }


def _lint_files(paths: Sequence[str], timeout: float) -> list[dict[str, Any]] | str:
    """exportlint's diagnostics for several files in one subprocess, or the error it printed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-m", "exportlint", "--output-format", "json", "--isolated",
         "--no-cache", "--exit-zero", *paths],
        env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    try:
        diagnostics: list[dict[str, Any]] = json.loads(done.stdout or "[]")
    except json.JSONDecodeError:
        return (done.stderr or "no output").strip()[-200:]
    return diagnostics


def traced_line_precision(outcomes: Sequence[Outcome], timeout: float = 600.0) -> dict[str, Any]:
    """Diagnostics on the lines export traced, over the models that export and match in
    onnxruntime on other sizes (each such diagnostic is a false alarm: the code is fine).
    Lines are counted once across models (shared modules: masks, rope, attention)."""
    right = [o for o in outcomes if o.ort == "match" and o.traced_lines]
    lines: dict[str, set[int]] = {}
    for outcome in right:
        for path, numbers in outcome.traced_lines.items():
            lines.setdefault(path, set()).update(numbers)
    total = sum(len(numbers) for numbers in lines.values())
    if not lines:
        return {"models": 0, "traced_lines": 0}
    diagnostics = _lint_files(sorted(lines), timeout)
    if isinstance(diagnostics, str):
        return {"error": diagnostics}
    on_traced = [
        f"{_short(d['path'])}:{d['line']} {d['code']}"
        for d in diagnostics
        if d["line"] in lines.get(os.path.realpath(d["path"]), lines.get(d["path"], ()))
    ]
    return {
        "models": len(right),
        "files": len(lines),
        "traced_lines": total,
        "diagnostics_on_traced_lines": len(on_traced),
        "per_1000_traced_lines": round(1000 * len(on_traced) / total, 2) if total else 0.0,
        "diagnostics": on_traced,
    }


def _short(culprit: str | None) -> str:
    if not culprit:
        return "-"
    return culprit.split("/transformers/", 1)[-1]


def render(outcomes: Sequence[Outcome]) -> str:
    rows = [["model", "torch.export", "culprit", "exportlint", "onnx", "ORT unseen", "s"]]
    for o in outcomes:
        if o.timed_out:
            export = "TIMEOUT"
        elif o.build_error:
            export = f"build: {o.build_error[:40]}"
        else:
            export = "ok" if not o.export_error else o.export_error[:48]
        culprit = o.export_culprit or o.onnx_culprit
        lint = "-" if not o.lint else ("FLAGGED" if o.lint.get("flagged") else "missed")
        onnx = "-" if o.export_error or o.build_error or o.timed_out else (
            "ok" if not o.onnx_error else o.onnx_error[:48]
        )  # fmt: skip
        rows.append([o.name, export, _short(culprit), lint, onnx, o.ort or "-",
                     f"{o.seconds.get('total', 0):.0f}"])  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summarise(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    export_fail = [o for o in outcomes if o.export_error]
    onnx_fail = [o for o in outcomes if o.onnx_error]
    culprits = [o for o in outcomes if o.lint]
    return {
        "models": len(outcomes),
        "export_failures": len(export_fail),
        "export_failures_with_culprit_in_transformers": sum(
            1 for o in export_fail if o.export_culprit
        ),
        "onnx_failures": len(onnx_fail),
        "ort_wrong_on_unseen_size": sum(1 for o in outcomes if o.ort and o.ort != "match"),
        "culprits_linted": len(culprits),
        "culprits_flagged": sum(1 for o in culprits if o.lint.get("flagged")),
        "timeouts": sum(1 for o in outcomes if o.timed_out),
        "build_errors": sum(1 for o in outcomes if o.build_error),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated architecture names")
    parser.add_argument("--limit", type=int, help="at most this many architectures")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per model")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(asdict(run_one(args.child))), flush=True)
        return 0
    names = list(ARCHITECTURES)
    if args.only:
        names = [n for n in args.only.split(",") if n in ARCHITECTURES]
    if args.limit:
        names = names[: args.limit]
    outcomes = []
    for name in names:
        outcome = _child(name, args.timeout)
        culprit = outcome.export_culprit or outcome.onnx_culprit
        if outcome.custom_op and outcome.model_file:
            outcome.lint = lint_custom_op(outcome.model_file, outcome.custom_op)
        elif culprit:
            outcome.lint = lint_culprit(culprit)
        outcomes.append(outcome)
        print(f"{name}: done in {outcome.seconds.get('total', 0):.0f} s", file=sys.stderr)
    summary = summarise(outcomes)
    precision = traced_line_precision(outcomes)
    summary["traced_code"] = {k: v for k, v in precision.items() if k != "diagnostics"}
    if args.json:
        print(json.dumps({"summary": summary, "models": [asdict(o) for o in outcomes]}, indent=2))
    else:
        print(render(outcomes))
        print()
        for key, value in summary.items():
            print(f"{key}: {value}")
        for diagnostic in precision.get("diagnostics", []):
            print(f"  on traced code of a model that is right: {diagnostic}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
