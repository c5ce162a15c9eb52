"""Prove catalogue cases with the real exporters.

A *case* is one ``rules/<CODE>-<name>/{hazard,safe}_*.py`` file (format in the rule
catalogue spec): it defines ``Model``, ``example_inputs`` (a list of argument tuples,
the first one used for tracing) and ``dynamic_shapes``.

``run_case`` exports the model the way a user would (``torch.export.export`` with
``strict=False``, then ``torch.onnx.export(dynamo=True)``) and compares
``ep.module()`` and onnxruntime with the eager model on *every* input set, so that
hazards that only show on sizes not seen while tracing are caught. A hazard file is
proven when any of the four checks reports something; a safe file when none does.

``run_case(fixed, reference=hazard)`` proves a *fix* (``rules/*/fixed_*.py``, the
fixer's output for ``hazard_*.py``): the expected outputs are then the ORIGINAL
model's eager outputs, so the fixed model must export and match what the user's
code computed, on every input set; the fixed model's own eager outputs must match
them too (``Outcome.eager_mismatch``).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import inspect
import io
import logging
import math
import multiprocessing
import signal
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import torch
from torch.utils import _pytree as pytree

# The verifier's own helpers: eager references, pristine copies, seeding and error lines
# are computed the same way in the proofs and in `exportlint verify`.
from exportlint.verify.common import as_in_a_new_process
from exportlint.verify.common import clone as _clone
from exportlint.verify.common import describe as _describe
from exportlint.verify.common import fresh as _fresh
from exportlint.verify.common import leaves as _leaves
from exportlint.verify.common import seeded as _seeded

__all__ = [
    "ATOL",
    "DEFAULT_TIMEOUT",
    "RTOL",
    "Case",
    "CaseError",
    "Outcome",
    "case_problems",
    "load_case",
    "run_case",
]

ATOL = 1e-4
RTOL = 1e-4
# Every case runs from the same torch seed (`seeded`), so that torch.rand* in forward gives
# the same values in eager and in ep.module(); Python's `random` is deliberately NOT seeded:
# host nondeterminism baked at trace time is one of the hazards we must show.
# Seconds one case may take in the helper process (they take 0.5-5 s).
DEFAULT_TIMEOUT = 300.0


class CaseError(Exception):
    """The case file itself is broken (not a proof either way)."""


@dataclass(frozen=True)
class Case:
    """A loaded catalogue file."""

    path: Path
    model: torch.nn.Module
    example_inputs: list[tuple[Any, ...]]
    dynamic_shapes: Any


@dataclass(frozen=True)
class Outcome:
    """What the exporters did with one case; each field is None when all went well."""

    path: Path
    export_error: str | None
    module_mismatch: str | None
    onnx_error: str | None
    ort_mismatch: str | None
    # With a reference model: where the case's own eager outputs differ from the
    # reference's (or the case fails eagerly, or defines other example_inputs).
    eager_mismatch: str | None = None
    reference: Path | None = None
    # Wall-clock seconds per stage that ran ("eager", "export", "module", "onnx",
    # "ort", plus "total"); not part of equality (timings vary run to run).
    timings: Mapping[str, float] = field(default_factory=dict, compare=False)
    # What was printed meanwhile (torch prints the partial graph of a failed export to
    # stderr; models may print): kept for debugging instead of cluttering test output.
    output: str = field(default="", compare=False, repr=False)

    @property
    def hazard_shown(self) -> bool:
        return any(
            v is not None
            for v in (
                self.eager_mismatch,
                self.export_error,
                self.module_mismatch,
                self.onnx_error,
                self.ort_mismatch,
            )
        )

    @property
    def summary(self) -> str:
        """Multi-line, for assertion messages; says which checks did not run."""

        def line(label: str, stage: str, problem: str | None, good: str) -> str:
            if problem is None and stage not in self.timings:
                # e.g. no ep.module() check when torch.export failed
                return f"{label}: not run"
            return f"{label}: {problem or good}"

        eager = "eager" if self.reference is None else f"{self.reference.name} eager"
        parts = [
            line("export", "export", self.export_error, "ok"),
            line("ep.module()", "module", self.module_mismatch, f"matches {eager}"),
            line("onnx", "onnx", self.onnx_error, "ok"),
            line("ort", "ort", self.ort_mismatch, f"matches {eager}"),
        ]
        if self.reference is not None:
            parts.insert(0, line("eager", "eager", self.eager_mismatch, f"matches {eager}"))
        head = "HAZARD SHOWN" if self.hazard_shown else "NO HAZARD"
        against = "" if self.reference is None else f" (against {self.reference.name})"
        return f"{self.path.name}{against}: {head}\n  " + "\n  ".join(parts)


# ---------------------------------------------------------------------------
# loading


def load_case(path: str | Path) -> Case:
    """Import a case file by path and build its model (Model() with no arguments).

    The module gets a unique name (two rules may both have ``hazard_loop.py``) and is
    removed from ``sys.modules`` on return, so loading many cases in one worker
    neither leaks modules nor lets one case see another's globals.
    """
    with _imported_case(path) as case:
        return case


@contextlib.contextmanager
def _imported_case(path: str | Path) -> Iterator[Case]:
    """Like load_case, but the module stays in ``sys.modules`` until exit.

    It has to while the model runs: eager torch.cond / map go through dynamo, which
    resolves the globals of traced functions via ``sys.modules[f.__module__]``
    ("No module named '_exportlint_case_...'" otherwise). So do dataclasses,
    typing.get_type_hints and pickling while the file executes.
    """
    path = Path(path).resolve()
    name = f"_exportlint_case_{path.stem}_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CaseError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        # Seeded (the case files seed themselves too) so that Model() initialises its
        # parameters the same way whatever ran before: a fixed model is compared with
        # its hazard model, built from a second file.
        with _seeded():
            spec.loader.exec_module(module)
            case = _build_case(path, module)
        yield case
    finally:
        sys.modules.pop(name, None)


def _build_case(path: Path, module: Any) -> Case:
    missing = [
        attr for attr in ("Model", "example_inputs", "dynamic_shapes") if not hasattr(module, attr)
    ]
    if missing:
        raise CaseError(f"{path}: missing {', '.join(missing)}")
    model_cls = module.Model
    if not (isinstance(model_cls, type) and issubclass(model_cls, torch.nn.Module)):
        raise CaseError(f"{path}: Model is not a torch.nn.Module subclass")
    inputs = module.example_inputs
    if not isinstance(inputs, list) or not all(isinstance(t, tuple) for t in inputs):
        raise CaseError(f"{path}: example_inputs must be a list of tuples")
    if not inputs:
        raise CaseError(f"{path}: example_inputs is empty")
    return Case(
        path=path,
        model=model_cls(),
        example_inputs=inputs,
        dynamic_shapes=module.dynamic_shapes,
    )


def _is_dynamic(hint: Any) -> bool:
    # None / int / Dim.STATIC pin a dim; Dim.DYNAMIC, Dim.AUTO and named Dims free it.
    if hint is None or isinstance(hint, int):
        return False
    return bool(hint != torch.export.Dim.STATIC)


def _dynamic_sizes(case: Case, args: tuple[Any, ...]) -> dict[str, int]:
    """Map "x.shape[0]"-style labels to sizes, for the dims marked dynamic."""
    spec = case.dynamic_shapes
    if spec is None:
        return {}
    params = list(inspect.signature(case.model.forward).parameters)
    labels = [params[i] if i < len(params) else f"arg{i}" for i in range(len(args))]
    if isinstance(spec, Mapping):
        # dynamic_shapes keyed by forward parameter names.
        pairs = [(spec.get(label), arg, label) for label, arg in zip(labels, args, strict=True)]
    elif isinstance(spec, (list, tuple)):
        if len(spec) != len(args):
            raise CaseError(f"dynamic_shapes has {len(spec)} entries for {len(args)} arguments")
        pairs = list(zip(spec, args, labels, strict=True))
    else:
        raise CaseError(f"dynamic_shapes must be a tuple, list or dict, not {spec!r}")
    sizes: dict[str, int] = {}
    for sub_spec, arg, label in pairs:
        _walk_dynamic(sub_spec, arg, label, sizes)
    return sizes


def _walk_dynamic(spec: Any, arg: Any, label: str, out: dict[str, int]) -> None:
    if spec is None:
        return
    if isinstance(arg, torch.Tensor):
        if isinstance(spec, Mapping):
            items: Iterator[tuple[Any, Any]] = iter(spec.items())
        elif isinstance(spec, (list, tuple)):
            items = enumerate(spec)
        else:
            raise CaseError(f"{label}: bad dynamic_shapes entry {spec!r}")
        for dim, hint in items:
            if _is_dynamic(hint):
                out[f"{label}.shape[{dim}]"] = int(arg.shape[dim])
    elif isinstance(arg, int) and not isinstance(arg, bool):
        # a dynamic Python int argument (torch.export accepts Dim hints for those)
        if _is_dynamic(spec):
            out[label] = arg
    elif isinstance(arg, (list, tuple)) and isinstance(spec, (list, tuple)):
        if len(spec) != len(arg):
            raise CaseError(f"{label}: {len(spec)} dynamic_shapes entries for {len(arg)} items")
        for i, (s, a) in enumerate(zip(spec, arg, strict=True)):
            _walk_dynamic(s, a, f"{label}[{i}]", out)
    elif isinstance(arg, Mapping) and isinstance(spec, Mapping):
        for key, a in arg.items():
            _walk_dynamic(spec.get(key), a, f"{label}[{key!r}]", out)
    else:
        raise CaseError(f"{label}: dynamic_shapes entry {spec!r} does not fit {arg!r}")


def case_problems(case: Case) -> list[str]:
    """Check the catalogue conventions that make a proof meaningful.

    - at least two input sets (one to trace, at least one unseen);
    - the trace set has no dynamic dim of size 0 or 1 (export would specialise it);
    - every dynamic dim takes at least two sizes across the sets (else nothing checks
      that it really is dynamic);
    - every later set differs from the trace set on at least one dynamic dim (a set
      with the trace shapes adds no unseen size).
    """
    problems: list[str] = []
    inputs = case.example_inputs
    if len(inputs) < 2:
        problems.append(f"example_inputs has {len(inputs)} set(s), need >= 2")
    try:
        per_set = [_dynamic_sizes(case, args) for args in inputs]
    except CaseError as exc:
        return [*problems, str(exc)]
    if not per_set or not per_set[0]:
        problems.append("dynamic_shapes marks no dimension as dynamic")
        return problems
    first = per_set[0]
    for label, size in first.items():
        if size in (0, 1):
            problems.append(f"trace set: dynamic {label} has size {size}")
        if len(inputs) >= 2 and all(s.get(label) == size for s in per_set):
            problems.append(f"dynamic {label} has size {size} in every input set")
    for i, sizes in enumerate(per_set[1:], start=1):
        if sizes == first:
            problems.append(f"input set {i}: same dynamic sizes as the trace set")
    return problems


# ---------------------------------------------------------------------------
# running


@contextlib.contextmanager
def _quiet() -> Iterator[io.StringIO]:
    """Silence warnings, WARNING-level logging and stray prints.

    torch.onnx logs one "torchvision is not installed" line per op, the symbolic
    shape machinery logs failed sympy evaluations, both warn about training mode and
    deprecated pytree APIs, and a failing torch.export prints the partial FX graph
    to stderr. None of that is the proof: exceptions are, and the caller records
    them. ERROR logs stay visible (logging handlers keep their own stream), and what
    was printed (also by the model) is kept in the yielded buffer (Outcome.output).
    """
    previous = logging.root.manager.disable
    logging.disable(max(previous, logging.WARNING))
    buffer = io.StringIO()
    try:
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stderr(buffer),
            contextlib.redirect_stdout(buffer),
        ):
            warnings.simplefilter("ignore")
            yield buffer
    finally:
        logging.disable(previous)


@dataclass(frozen=True)
class _Reference:
    outputs: list[Any]  # flattened leaves of the eager result
    inputs_after: list[Any]  # flattened leaves of the (cloned) args after the call


def _run_eager(case: Case, args: tuple[Any, ...]) -> _Reference:
    model = _fresh(case.model)
    call_args = _clone(args)
    with _seeded(), torch.no_grad():
        out = model(*call_args)
    return _Reference(outputs=_leaves(_clone(out)), inputs_after=_leaves(call_args))


def _eager_reference(case: Case) -> list[_Reference]:
    refs = []
    for i, args in enumerate(case.example_inputs):
        try:
            refs.append(_run_eager(case, args))
        except Exception as exc:
            raise CaseError(
                f"{case.path.name}: eager model fails on input set {i}: {_describe(exc)}"
            ) from exc
    return refs


def _eager_against(case: Case, reference: Case) -> tuple[list[_Reference], str | None]:
    """Expected results when `case` is a fix of `reference` -> (refs, eager mismatch).

    Outputs come from the reference model, run on clones of the case's own inputs;
    the inputs after the call come from the case's own eager run: a fix may stop
    mutating an input on purpose (documented, not a failure), and neither exporter
    can write into inputs anyway. The case's own eager outputs are checked against
    the reference's; the first difference is the returned mismatch.
    """
    mismatch = _inputs_differ(reference.example_inputs, case.example_inputs)
    refs = []
    for i, args in enumerate(case.example_inputs):
        try:
            expected = _run_eager(reference, args)
        except Exception as exc:
            raise CaseError(
                f"{reference.path.name}: reference model fails on input set {i}: {_describe(exc)}"
            ) from exc
        try:
            own = _run_eager(case, args)
        except Exception as exc:
            # The fix broke the model: report it, and compare the exporters with the
            # reference's inputs-after (the best expectation left).
            mismatch = mismatch or f"input set {i}: fails eagerly: {_describe(exc)}"
            refs.append(expected)
            continue
        if mismatch is None:
            problem = _compare_leaves("output", expected.outputs, own.outputs)
            if problem is not None:
                mismatch = f"input set {i}: {problem}"
        refs.append(_Reference(outputs=expected.outputs, inputs_after=own.inputs_after))
    return refs, mismatch


def _inputs_differ(
    reference: Sequence[tuple[Any, ...]], inputs: Sequence[tuple[Any, ...]]
) -> str | None:
    """Both files should define the same example_inputs (the fix must not touch them)."""
    if len(reference) != len(inputs):
        return f"{len(inputs)} input set(s), the reference has {len(reference)}"
    for i, (ref_args, args) in enumerate(zip(reference, inputs, strict=True)):
        ref_leaves, ref_spec = pytree.tree_flatten(ref_args)
        leaves, spec = pytree.tree_flatten(args)
        if ref_spec != spec:
            return f"input set {i}: structure differs from the reference's"
        for k, (exp, act) in enumerate(zip(ref_leaves, leaves, strict=True)):
            if not _same_value(exp, act):
                return f"input set {i}: leaf {k} differs from the reference's"
    return None


def _same_value(expected: Any, actual: Any) -> bool:
    if type(expected) is not type(actual):
        return False
    exp_t, act_t = _to_tensor(expected), _to_tensor(actual)
    if exp_t is not None and act_t is not None:
        if exp_t.dtype != act_t.dtype or exp_t.shape != act_t.shape:
            return False
        # NaN == NaN here: both files ran the same code to make their inputs.
        both_nan = exp_t.isnan() & act_t.isnan() if exp_t.is_floating_point() else False
        return bool(((exp_t == act_t) | both_nan).all())
    try:
        return bool(expected == actual)
    except Exception:  # e.g. an object without a meaningful truth value
        return expected is actual


def _to_tensor(value: Any) -> torch.Tensor | None:
    if isinstance(value, torch.Tensor):
        return value.detach().cpu()
    if isinstance(value, (bool, int, float)):
        return torch.tensor(value)
    if type(value).__module__ == "numpy":  # ndarray or numpy scalar (from ORT)
        return torch.as_tensor(value)
    return None


def _diff(expected: Any, actual: Any) -> str | None:
    """None if equal within tolerance, else a short description."""
    exp_t, act_t = _to_tensor(expected), _to_tensor(actual)
    if exp_t is None or act_t is None:
        return None if expected == actual else f"{actual!r} vs {expected!r}"
    if not isinstance(expected, torch.Tensor) and act_t.numel() == 1:
        # eager returned a Python number (e.g. a size); ONNX returns it as a tensor.
        act_t = act_t.reshape(())
    if tuple(act_t.shape) != tuple(exp_t.shape):
        return f"shape {tuple(act_t.shape)} vs {tuple(exp_t.shape)}"
    if exp_t.numel() == 0:
        return None
    if exp_t.is_complex() or act_t.is_complex():
        exp_d, act_d = exp_t.to(torch.complex128), act_t.to(torch.complex128)
    else:
        exp_d, act_d = exp_t.to(torch.float64), act_t.to(torch.float64)
    if torch.allclose(act_d, exp_d, rtol=RTOL, atol=ATOL, equal_nan=True):
        return None
    err = (act_d - exp_d).abs()
    err = torch.where(torch.isnan(err), torch.full_like(err, math.inf), err)
    return f"max abs diff {err.max().item():.4g}"


def _compare_leaves(
    what: str, expected: Sequence[Any], actual: Sequence[Any], when: str = ""
) -> str | None:
    if len(expected) != len(actual):
        return f"{len(actual)} {what} value(s){when}, eager has {len(expected)}"
    for k, (exp, act) in enumerate(zip(expected, actual, strict=True)):
        problem = _diff(exp, act)
        if problem is not None:
            return f"{what} {k}{when}: {problem}"
    return None


def _check_all(
    refs: Sequence[_Reference],
    inputs: Sequence[tuple[Any, ...]],
    run: Callable[[tuple[Any, ...]], tuple[list[Any], list[Any]]],
) -> str | None:
    """Run every input set through `run` -> (output leaves, input leaves after)."""
    for i, (ref, args) in enumerate(zip(refs, inputs, strict=True)):
        try:
            outputs, inputs_after = run(args)
        except Exception as exc:  # e.g. "Guard failed: x.size()[0] >= 5"
            return f"input set {i}: {_describe(exc)}"
        problem = _compare_leaves("output", ref.outputs, outputs)
        if problem is None:
            # In-place changes to forward inputs are part of the result: ONNX has no
            # way to write them back, so this is where that loss shows up.
            problem = _compare_leaves(
                "input", ref.inputs_after, inputs_after, when=" after the call"
            )
        if problem is not None:
            return f"input set {i}: {problem}"
    return None


def _check_module(
    ep: torch.export.ExportedProgram, refs: Sequence[_Reference], case: Case
) -> str | None:
    module = ep.module()
    # ep.module() shares its buffers with the ExportedProgram, so a forward that
    # mutates a buffer would carry state into the next input set: reset them.
    initial = {n: b.detach().clone() for n, b in module.named_buffers()}

    def run(args: tuple[Any, ...]) -> tuple[list[Any], list[Any]]:
        with torch.no_grad():
            for n, b in module.named_buffers():
                b.copy_(initial[n])
            call_args = _clone(args)
            with _seeded():
                out = module(*call_args)
        return _leaves(out), _leaves(call_args)

    return _check_all(refs, case.example_inputs, run)


def _check_ort(model_bytes: bytes, refs: Sequence[_Reference], case: Case) -> str | None:
    import onnxruntime as ort  # type: ignore[import-untyped]

    # Fatal only: ORT logs warnings (unused initializers) and, from C++ straight to
    # stderr, every failed kernel ("Non-zero status code ... Reshape"), which we
    # already record from the exception that session.run raises.
    ort.set_default_logger_severity(4)
    options = ort.SessionOptions()
    options.log_severity_level = 4
    try:
        session = ort.InferenceSession(
            model_bytes, sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:
        return f"onnxruntime cannot load the model: {_describe(exc)}"
    names = [i.name for i in session.get_inputs()]

    def run(args: tuple[Any, ...]) -> tuple[list[Any], list[Any]]:
        # torch.onnx keeps the tensor leaves of the flattened args as graph inputs, in
        # order; non-tensor args (ints, None, ...) are baked into the graph.
        tensors = [v for v in _leaves(args) if isinstance(v, torch.Tensor)]
        if len(tensors) != len(names):
            raise ValueError(f"{len(tensors)} tensor input(s) but the ONNX model takes {names}")
        feed = {n: t.detach().cpu().clone().numpy() for n, t in zip(names, tensors, strict=True)}
        outputs = session.run(None, feed)
        # ORT cannot write back into the caller's tensors: the inputs "after the
        # call" are exactly what went in.
        return list(outputs), _leaves(_clone(args))

    return _check_all(refs, case.example_inputs, run)


# Stages in order, and the Outcome field each one fills ("eager" only with a reference).
# A stage that crashes the process (torch.onnx.export segfaults on some models) is
# reported in its field; a crash while loading or running eagerly is a CaseError.
_STAGES = {
    "eager": "eager_mismatch",
    "export": "export_error",
    "module": "module_mismatch",
    "onnx": "onnx_error",
    "ort": "ort_mismatch",
}
_Notify = Callable[[tuple[Any, ...]], None]


def run_case(
    path: str | Path,
    *,
    reference: str | Path | None = None,
    isolated: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> Outcome:
    """Export one case with torch.export and torch.onnx and compare with eager.

    With a ``reference`` (the original model file a ``fixed_*.py`` was made from),
    the expected outputs are the reference model's eager outputs on the same inputs
    (the case's example_inputs), while the expected inputs after the call come from
    the case's own eager run; the case's eager outputs must match the reference's
    too (``Outcome.eager_mismatch``).

    With ``isolated`` (the default) the work runs in a helper process, started once
    per calling process and reused (it keeps only its imports warm: every case is
    loaded, built and exported from scratch). That turns exporter crashes (seen:
    a segfault in torch.onnx.export's decompositions for a model reading
    ``param.data``) and hangs longer than ``timeout`` seconds into a recorded
    result instead of killing the test run. ``isolated=False`` runs in-process.
    (The helper is spawned, so a script calling this needs the usual
    ``if __name__ == "__main__":`` guard; pytest and python -c are fine.)
    """
    ref = None if reference is None else Path(reference).resolve()
    if not isolated:
        return _run_here(Path(path).resolve(), ref, lambda event: None)
    global _WORKER
    # An operator defined with torch.library stays registered for the process: a file that
    # defines one (under `if not hasattr(torch.ops.ns, ...)`, as real code does) would run
    # with what an earlier case registered. Such cases get a process of their own.
    alone = any(_defines_operators(p) for p in (path, ref) if p is not None)
    if alone and _WORKER is not None:
        _WORKER.close()
        _WORKER = None
    if _WORKER is None or not _WORKER.alive():
        _WORKER = _Worker()
    worker = _WORKER
    outcome = worker.run(Path(path).resolve(), ref, timeout)
    if alone:
        worker.close()
    if alone or not worker.alive():
        _WORKER = None
    return outcome


def _defines_operators(path: str | Path) -> bool:
    text = Path(path).read_text(encoding="utf-8")
    return "torch.library.define(" in text or "Library(" in text


def _run_here(path: Path, reference: Path | None, notify: _Notify) -> Outcome:
    """Run all stages in this process.

    `notify` hears ("stage", name) before each stage and ("done", name, result,
    seconds) after it, so that a parent can tell how far a crashed child got.
    """
    timings: dict[str, float] = {}
    results: dict[str, str | None] = dict.fromkeys(_STAGES.values())

    @contextlib.contextmanager
    def stage(name: str) -> Iterator[None]:
        notify(("stage", name))
        t = time.perf_counter()
        yield
        timings[name] = time.perf_counter() - t
        notify(("done", name, results[_STAGES[name]], timings[name]))

    start = time.perf_counter()
    # The case module stays importable until the end: dynamo needs it (see above).
    with _quiet() as output, _imported_case(path) as case:
        with stage("eager"):
            if reference is None:
                refs = _eager_reference(case)
            else:
                with _imported_case(reference) as reference_case:
                    # Same weights, whatever the construction did (as the verifier does): a
                    # fix of the example inputs draws other random numbers before the model
                    # is built.
                    with contextlib.suppress(Exception):
                        case.model.load_state_dict(reference_case.model.state_dict())
                    refs, results["eager_mismatch"] = _eager_against(case, reference_case)
        trace_args = case.example_inputs[0]

        ep = None
        as_in_a_new_process()
        with stage("export"):
            try:
                ep = torch.export.export(
                    _fresh(case.model),
                    _clone(trace_args),
                    dynamic_shapes=case.dynamic_shapes,
                    strict=False,
                )
            except Exception as exc:
                results["export_error"] = _describe(exc)
        if ep is not None:
            with stage("module"):
                results["module_mismatch"] = _check_module(ep, refs, case)

        model_bytes = None
        # torch.onnx writes reports/dumps only when asked, but point artifacts_dir at
        # a throwaway directory so that nothing can ever land in the repository.
        with stage("onnx"), tempfile.TemporaryDirectory(prefix="exportlint-onnx-") as tmp:
            try:
                # Our operators (exportlint.ops.simple_loop_for, which the loop fix writes)
                # need their ONNX translations; the table is harmless for everything else.
                import exportlint.ops

                program = torch.onnx.export(
                    _fresh(case.model),
                    _clone(trace_args),
                    dynamic_shapes=case.dynamic_shapes,
                    dynamo=True,
                    verbose=False,
                    report=False,
                    artifacts_dir=tmp,
                    custom_translation_table=exportlint.ops.onnx_translation_table(),
                )
                assert program is not None  # dynamo=True always returns one
                model_bytes = program.model_proto.SerializeToString()
            except Exception as exc:
                results["onnx_error"] = _describe(exc)
        if model_bytes is not None:
            with stage("ort"):
                results["ort_mismatch"] = _check_ort(model_bytes, refs, case)
    timings["total"] = time.perf_counter() - start
    return Outcome(
        path=path,
        export_error=results["export_error"],
        module_mismatch=results["module_mismatch"],
        onnx_error=results["onnx_error"],
        ort_mismatch=results["ort_mismatch"],
        eager_mismatch=results["eager_mismatch"],
        reference=reference,
        timings=timings,
        output=output.getvalue(),
    )


# ---------------------------------------------------------------------------
# isolation

_WORKER: _Worker | None = None


def _serve(conn: Connection) -> None:
    """Helper-process main loop: (id, path, reference) in, events and the Outcome out."""
    while True:
        try:
            request = conn.recv()
        except EOFError:  # parent went away
            return
        if request is None:
            return
        request_id, path, reference = request

        def notify(event: tuple[Any, ...], request_id: int = request_id) -> None:
            conn.send((request_id, *event))

        try:
            outcome = _run_here(Path(path), None if reference is None else Path(reference), notify)
        except Exception as exc:
            notify(("error", type(exc).__name__, str(exc)))
        else:
            notify(("outcome", outcome))


class _Worker:
    """One helper process, started with "spawn".

    Not "fork": once torch has run a parallel (OpenMP) op, a forked child hangs in
    its next one (measured here), and the pytest-xdist worker has other threads.
    Spawning costs one torch import per calling process, paid once.
    """

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child_conn = ctx.Pipe()
        self._proc = ctx.Process(
            target=_serve, args=(child_conn,), name="export-proof", daemon=True
        )
        self._proc.start()
        child_conn.close()  # so that recv() sees EOF when the child dies
        self._requests = 0
        atexit.register(self.close)

    def alive(self) -> bool:
        return self._proc.is_alive()

    def close(self) -> None:
        if self._proc.is_alive():
            with contextlib.suppress(OSError):
                self._conn.send(None)
            self._proc.join(5)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join(5)
        self._conn.close()

    def run(self, path: Path, reference: Path | None, timeout: float) -> Outcome:
        # Events carry the request id: if an earlier run() was interrupted (Ctrl-C, a
        # pytest timeout), its late events must not be taken for this case's.
        self._requests += 1
        request_id = self._requests
        self._conn.send((request_id, str(path), None if reference is None else str(reference)))
        deadline = time.monotonic() + timeout
        results: dict[str, str | None] = {}
        timings: dict[str, float] = {}
        current = "eager"
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._conn.poll(remaining):
                self._proc.kill()
                self._proc.join(5)
                why = f"timed out after {timeout:g}s"
                return self._failed(path, reference, current, results, timings, why)
            try:
                event = self._conn.recv()
            except EOFError:  # the helper process died (segfault, abort, OOM kill)
                self._proc.join(5)
                code = self._proc.exitcode
                if code is not None and code < 0:
                    why = f"crashed with {signal.Signals(-code).name}"
                else:
                    why = f"exited with code {code}"
                return self._failed(path, reference, current, results, timings, why)
            if event[0] != request_id:
                continue
            kind = event[1]
            if kind == "stage":
                current = event[2]
            elif kind == "done":
                results[_STAGES[event[2]]] = event[3]
                timings[event[2]] = event[4]
            elif kind == "outcome":
                outcome: Outcome = event[2]
                return outcome
            else:  # "error": the case itself is broken, e.g. eager fails
                raise CaseError(f"{event[2]}: {event[3]}")

    @staticmethod
    def _failed(
        path: Path,
        reference: Path | None,
        stage: str,
        results: dict[str, str | None],
        timings: dict[str, float],
        why: str,
    ) -> Outcome:
        if stage == "eager":
            raise CaseError(f"{path.name}: loading or running eagerly {why}")
        results[_STAGES[stage]] = f"{why} during {stage}"
        timings[stage] = math.nan  # it ran, but did not finish
        return Outcome(
            path=path,
            export_error=results.get("export_error"),
            module_mismatch=results.get("module_mismatch"),
            onnx_error=results.get("onnx_error"),
            ort_mismatch=results.get("ort_mismatch"),
            eager_mismatch=results.get("eager_mismatch"),
            reference=reference,
            timings=timings,
        )
