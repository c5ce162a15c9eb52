"""The torch side of verification: runs in the worker process, never in the linter.

For one model (a `Job`): load the original source from its text, find the model and its
input sets (leaving out, with a note, those outside the named Dims' ranges), run it eagerly on
every set (the reference) and once more on the traced set (host nondeterminism), then put the
original and, when there is one, the fixed source through torch.export (strict=False;
strict=True too with `Options.strict`), ep.module(), torch.onnx.export(dynamo=True) of that
ExportedProgram with exportlint's translation table, onnx.checker (full_check) and onnxruntime
(CPU), comparing with the reference on every input set, and on sizes the verifier chooses
when no set has other sizes than the traced one. Nothing is written next to the user's files:
sources are executed from text, the bytecode cache is off, and torch.onnx's artifacts go to a
temporary directory.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import Any

import torch
from torch.utils import _pytree as pytree

from exportlint.verify import dynamic
from exportlint.verify.common import (
    InputSet,
    as_in_a_new_process,
    clone,
    describe,
    fresh,
    leaves,
    quiet,
    seeded,
)
from exportlint.verify.compare import EXACT, compare
from exportlint.verify.guards import guard_of
from exportlint.verify.loading import (
    MISSING,
    Example,
    ExampleError,
    bind,
    call_factory,
    load_example,
    model_files,
    project,
    purge,
    source_filename,
)
from exportlint.verify.results import (
    Job,
    Mismatch,
    ModelResult,
    Options,
    Probe,
    Run,
    decide,
)

Notify = Callable[[tuple[Any, ...]], None]


# ---------------------------------------------------------------------------- serving


def serve(conn: Connection, threads: int = 0) -> None:
    """Worker main loop: requests in, events and results out (see runner.py). `threads`:
    torch's intra-op threads (0: its default), so that parallel workers share the cores."""
    if not os.environ.get("EXPORTLINT_DEBUG"):
        # torch, onnxruntime (from C++) and the user's model print; none of it is a result.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    sys.dont_write_bytecode = True  # importing the user's packages must not write .pyc files
    started = time.perf_counter()
    if threads > 0:
        torch.set_num_threads(threads)
    try:
        state = Worker()
    except Exception as exc:  # torch, onnx, onnxruntime or onnxscript missing or broken
        conn.send(("failed", describe(exc)))
        return
    conn.send(("ready", time.perf_counter() - started))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        kind, request_id = request[0], request[1]

        def notify(event: tuple[Any, ...], request_id: int = request_id) -> None:
            conn.send((event[0], request_id, *event[1:]))

        try:
            if kind == "verify":
                notify(("result", state.verify(request[2], notify)))
            elif kind == "probe":
                notify(("probe", state.probe(request[2], request[3])))
            else:
                notify(("error", f"unknown request {kind!r}"))
        except Exception as exc:  # a bug in exportlint: reported, and the worker goes on
            notify(("error", f"{type(exc).__name__}: {exc}"))


class Worker:
    """Imports paid once; each job starts from a clean slate (user modules re-imported)."""

    def __init__(self) -> None:
        import onnx  # noqa: F401  (imported now, so that the first job does not pay for it)
        import onnxruntime as ort  # type: ignore[import-untyped]
        import torch.onnx  # noqa: F401

        # The torch side, in the worker process only: it needs our operators and their ONNX
        # translation (tests/test_ops.py allows this one module to import exportlint.ops).
        import exportlint.ops as ops

        ort.set_default_logger_severity(4)
        self.table = ops.onnx_translation_table()
        # Modules loaded so far are never purged (torch, exportlint, the stdlib).
        self.baseline = set(sys.modules)

    def verify(self, job: Job, notify: Notify) -> ModelResult:
        with quiet():
            return verify_job(job, self.table, notify, self.baseline)

    def probe(self, factory: str, roots: Sequence[str]) -> Probe:
        with quiet(), project(roots, self.baseline):
            try:
                with seeded():
                    model, _, _ = call_factory(factory)
            except ExampleError as exc:
                return Probe(factory, error=str(exc))
            return Probe(factory, files=model_files(model, roots))


# ---------------------------------------------------------------------------- a job


def verify_job(
    job: Job,
    table: Mapping[Any, Any],
    notify: Notify = lambda event: None,
    baseline: set[str] | None = None,
) -> ModelResult:
    """Verify one model (see the module docstring). Never raises for the user's code."""
    start = time.perf_counter()
    timings: dict[str, float] = {}
    notes: list[str] = []
    ref = job.ref
    base = baseline if baseline is not None else set(sys.modules)

    def failed(error: str) -> ModelResult:
        timings["total"] = time.perf_counter() - start
        return ModelResult(ref, "error", error=error, notes=tuple(notes), timings=timings)

    with contextlib.ExitStack() as stack:
        stack.enter_context(project(job.roots, base))
        notify(("stage", "before", "load"))
        t = time.perf_counter()
        try:
            example = stack.enter_context(load_example(job, fixed=False))
        except ExampleError as exc:
            return failed(str(exc))
        timings["load"] = time.perf_counter() - t

        notify(("stage", "before", "eager"))
        t = time.perf_counter()
        try:
            bound = [bind(example.model, args, kwargs) for args, kwargs in example.sets]
        except ExampleError as exc:
            return failed(str(exc))
        shapes, dims, guessed = _dynamic_shapes(example, bound, notes)
        outside = _outside(shapes, bound)
        if 0 in outside:
            return failed(
                "the traced input set (0) is outside the declared dynamic shapes: " + outside[0]
            )
        keep = [i for i in range(len(example.sets)) if i not in outside]
        notes.extend(
            f"input set {i} is outside the declared dynamic shapes ({why}): not checked"
            for i, why in outside.items()
        )
        sets = [example.sets[i] for i in keep]
        refs = []
        for i, input_set in zip(keep, sets):
            try:
                refs.append(_run_eager(example.model, input_set))
            except Exception as exc:
                return failed(f"eager: the model raises on input set {i}: {describe(exc)}")
        nondeterministic = _nondeterminism(example.model, sets[0], refs[0])
        timings["eager"] = time.perf_counter() - t

        plan = _Plan(
            sets=sets,
            index=keep,
            shapes=shapes,
            dims=dims,
            unseen=_unseen(sets),
            options=job.options,
            table=table,
            chosen=not any(_unseen(sets)),
        )
        grow = _Grower(example.model, plan, refs, len(example.sets), notes)
        source = source_filename(ref.path, fixed=False) if ref.style != "factory" else ""
        before = _run_source(
            example.model, plan, refs, refs, "before", notify, grow, filename=source
        )
        before = replace(before, nondeterministic=nondeterministic)
        notify(("run", "before", before))

        after = None
        if job.fixed is not None or job.fixed_modules is not None:
            after = _run_fixed(job, example, plan, refs, base, notify, grow)

    notes.extend(_static_notes(before, after))
    if dims and not any(plan.unseen):
        notes.append(
            "no size other than the traced one is checked (no input set has other sizes, and "
            "the verifier could not choose any): give a second input set"
        )
    timings["total"] = time.perf_counter() - start
    return ModelResult(
        ref,
        decide(before, after),
        before=before,
        after=after,
        notes=tuple(notes),
        input_sets=len(example.sets),
        dynamic=tuple(d.label for d in dims),
        guessed=guessed,
        timings=timings,
    )


def _static_notes(before: Run, after: Run | None) -> list[str]:
    run = after if after is not None else before
    return [
        f"{dim} was Dim.AUTO and came out static: allowed (Dim.DYNAMIC or a named Dim "
        "would make it an error)"
        for dim in run.static_auto
    ]


def _run_fixed(
    job: Job,
    original: Example,
    plan: _Plan,
    refs: list[_Reference],
    baseline: set[str],
    notify: Notify,
    grow: _Grower | None,
) -> Run:
    """The fixed source: loaded like the original, given the original's weights, run on the
    original's input sets and compared with the original's eager outputs."""
    purge(baseline)  # so that a factory imports the fixed modules
    notify(("stage", "after", "load"))
    with contextlib.ExitStack() as stack:
        try:
            example = stack.enter_context(load_example(job, fixed=True))
        except ExampleError as exc:
            return Run(eager_error=f"the fixed code cannot be loaded: {exc}")
        model = example.model
        with contextlib.suppress(Exception):  # same weights, whatever the construction did
            model.load_state_dict(original.model.state_dict())
        changed = _changed_examples(example, original, plan, refs)
        if changed is not None:
            plan, refs = changed
            grow = None
        notify(("stage", "after", "eager"))
        t = time.perf_counter()
        own: list[_Reference] = []
        eager_error = None
        eager_mismatch = None
        for i, input_set in enumerate(plan.sets):
            try:
                mine = _run_eager(model, input_set)
            except Exception as exc:
                eager_error = (
                    f"the fixed model raises on input set {plan.index[i]}: {describe(exc)}"
                )
                own.append(refs[i])
                continue
            own.append(mine)
            if eager_mismatch is None:
                problem, _ = compare("output", refs[i].outputs, mine.outputs, plan.options)
                if problem is not None:
                    eager_mismatch = Mismatch(plan.index[i], plan.unseen[i], problem)
        nondeterministic = None
        if eager_error is None:
            nondeterministic = _nondeterminism(model, plan.sets[0], own[0])
        eager_time = time.perf_counter() - t
        if grow is not None:
            grow.fixed = model
        source = source_filename(job.ref.path, fixed=True) if job.ref.style != "factory" else ""
        run = _run_source(
            model, plan, refs, own, "after", notify, grow, retry_oblivious=True, filename=source
        )
    return replace(
        run,
        eager_error=eager_error,
        eager_mismatch=eager_mismatch,
        nondeterministic=nondeterministic,
        timings={"eager": eager_time, **run.timings},
    )


def _changed_examples(
    fixed: Example, original: Example, plan: _Plan, refs: list[_Reference]
) -> tuple[_Plan, list[_Reference]] | None:
    """A fix of the example inputs (EXL601: a traced size of 1 on a dynamic dimension made 2,
    a `dynamic_shapes` key renamed): the fixed file traces its own first input set with its
    own dynamic_shapes, and is checked on it and on the original's other input sets that fit
    them, against the ORIGINAL model's eager outputs (on the new traced set too). The
    original's traced set is not checked when the fix replaced it: its sizes (0/1) are the
    ones export cannot keep dynamic. None when the fix left the examples as they were."""
    if not fixed.sets:
        return None
    first, old_first = fixed.sets[0], original.sets[0]
    if _shapes_of(first) == _shapes_of(old_first) and str(fixed.shapes) == str(original.shapes):
        return None
    try:
        bound = [bind(fixed.model, args, kwargs) for args, kwargs in fixed.sets]
    except ExampleError:
        return None
    shapes, dims, _ = _dynamic_shapes(fixed, bound, [])
    replaced = _shapes_of(first) != _shapes_of(old_first)
    given = [
        (index, input_set, ref)
        for index, input_set, ref in zip(plan.index, plan.sets, refs)
        if not (replaced and index == 0)
    ]
    try:
        if replaced:
            given.insert(0, (0, first, _run_eager(original.model, first)))
        outside = _outside(shapes, [bind(fixed.model, *c[1]) for c in given])
    except Exception:  # the original raising on the new example: the fix cannot be proven
        return None
    if 0 in outside:
        return None
    kept = [c for i, c in enumerate(given) if i not in outside]
    sets = [c[1] for c in kept]
    new = replace(
        plan,
        sets=sets,
        index=[c[0] for c in kept],
        shapes=shapes,
        dims=dims,
        unseen=_unseen(sets),
        chosen=False,
    )
    return new, [c[2] for c in kept]


def _shapes_of(input_set: InputSet) -> list[tuple[int, ...]]:
    return [tuple(v.shape) for v in leaves(input_set) if isinstance(v, torch.Tensor)]


def _nondeterminism(model: torch.nn.Module, input_set: InputSet, first: _Reference) -> str | None:
    """Eager again on the traced input set: outputs that differ between two runs come from
    the host (id(), time, random, global state), and torch.export bakes the value of the
    traced run into the program as a constant; no tolerance may hide that."""
    # A new object of a later run (the `x` of `x + id(x)`) must get an address far from the
    # first run's: ids near 1e14 differ in float32 only past its spacing there (2**23 bytes),
    # and a few freed slots apart they round to the same value. Small objects held alive
    # (about 12 MB, then 24 MB more: ~20 and ~40 ms) fill the freed slots and push the
    # allocator on. Measured on `x + id(x)`: 122 of 200 second runs equal the first with no
    # ballast, 1 of 40 with the first ballast; a second try with the two makes a miss rare.
    ballast: list[tuple[int, ...]] = []
    for size in (150_000, 300_000):
        ballast.extend((0, 0, 0, 0, i) for i in range(size))
        try:
            again = _run_eager(model, input_set)
        except Exception as exc:
            return f"the model raised on a second eager run of input set 0: {describe(exc)}"
        problem, _ = compare("output", first.outputs, again.outputs, EXACT)
        if problem is not None:
            return (
                f"two eager runs of input set 0 differ ({problem}): the model depends on the "
                "host (id(), time, random, global state), which the exported program bakes as a "
                "constant"
            )
    return None


def _dynamic_shapes(
    example: Example, bound: list[dict[str, Any]], notes: list[str]
) -> tuple[Any, list[dynamic.DynamicDim], bool]:
    """(dynamic_shapes to export with, the dims they make dynamic, guessed?)"""
    shapes = example.shapes
    guessed = False
    if shapes is MISSING or shapes is None:
        shapes = None
        if len(example.sets) >= 2:
            guess = dynamic.guess(bound, torch.export.Dim.DYNAMIC, _is_tensor)
            notes.extend(guess.notes)
            shapes, guessed = guess.spec, guess.spec is not None
            if guessed:
                notes.append(f"dynamic shapes guessed from the input sets: {', '.join(guess.dims)}")
            else:
                notes.append("no dimension differs between the input sets: exported static")
        else:
            notes.append("one input set and no dynamic_shapes: exported with static shapes")
    else:
        args, kwargs = example.sets[0]
        moved = dynamic.by_name(shapes, args, kwargs, list(bound[0]))
        if moved is not shapes:
            notes.append(
                "dynamic_shapes moved to the names of the arguments (positional and keyword "
                "arguments at once, as onnx-diagnostic's ModelInputs.move_to_kwargs does)"
            )
        shapes = moved
    try:
        dims = dynamic.requested(shapes, bound[0], _is_dynamic, _is_tensor)
    except ValueError as exc:
        notes.append(f"dynamic_shapes does not fit the inputs: {exc}")
        dims = []
    notes.extend(dynamic.size_warnings(dims))
    return shapes, dims, guessed


def _outside(shapes: Any, bound: list[dict[str, Any]]) -> dict[int, str]:
    """Input sets whose sizes do not fit the named Dims (and ranges) declared: set -> why."""
    out: dict[int, str] = {}
    if shapes is None:
        return out
    for i, arguments in enumerate(bound):
        try:
            dims = dynamic.requested(shapes, arguments, _is_dynamic, _is_tensor)
        except ValueError:
            continue  # told once for the traced set; torch.export says the rest
        problems = dynamic.range_problems(dims, _declared)
        if problems:
            out[i] = "; ".join(problems)
    return out


def _declared(hint: Any) -> dynamic.Declared | None:
    """The range (and relation to a root Dim) a dynamic_shapes entry declares, if any."""
    from torch.export.dynamic_shapes import _DerivedDim, _DimHint

    if isinstance(hint, _DimHint):
        low, high = getattr(hint, "min", None), getattr(hint, "max", None)
        if low is None and high is None:
            return None
        return dynamic.Declared(str(hint), "", low, high)
    if isinstance(hint, _DerivedDim):
        root = hint.root
        try:
            offset = int(hint.fn(0))
            scale = int(hint.fn(1)) - offset
        except Exception:  # not affine: not checked here (torch.export will say)
            return None
        return dynamic.Declared(
            hint.__name__, root.__name__, _bound(root.min, 0), _bound(root.max, None), scale, offset
        )
    if isinstance(hint, type) and hasattr(hint, "min") and hasattr(hint, "max"):  # a named Dim
        return dynamic.Declared(
            hint.__name__, hint.__name__, _bound(hint.min, 0), _bound(hint.max, None)
        )
    return None


def _bound(value: Any, unbounded: int | None) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if unbounded is not None and number <= unbounded:
        return None
    return None if number >= sys.maxsize - 1 else number


def _is_tensor(value: Any) -> bool:
    return isinstance(value, torch.Tensor)


def _is_dynamic(hint: Any) -> bool:
    # None / int / Dim.STATIC pin a dim; Dim.DYNAMIC, Dim.AUTO and named Dims free it.
    if hint is None or isinstance(hint, int):
        return False
    return bool(hint != torch.export.Dim.STATIC)


def _allowed_static(hint: Any) -> bool:
    """Dim.AUTO lets torch.export specialise a dim (a Linear(5, 3) fixes w.shape[1] to 5);
    Dim.DYNAMIC and named Dims ask for a dynamic dim, and a static one is an error."""
    return bool(hint == torch.export.Dim.AUTO)


def _unseen(sets: Sequence[InputSet]) -> list[bool]:
    """Per input set: do its tensor shapes differ from the traced (first) set's?"""

    def shapes(input_set: InputSet) -> list[tuple[int, ...]]:
        return [tuple(v.shape) for v in leaves(input_set) if isinstance(v, torch.Tensor)]

    first = shapes(sets[0])
    return [shapes(s) != first for s in sets]


# ---------------------------------------------------------------------------- running


@dataclass(frozen=True)
class _Plan:
    """What every run of a job checks. The lists grow by one input set when the verifier
    chooses unseen sizes (see `_Grower`)."""

    sets: list[InputSet]
    index: list[int]  # the number of each set as the user sees it
    shapes: Any
    dims: list[dynamic.DynamicDim]
    unseen: list[bool]
    options: Options
    table: Mapping[Any, Any]
    chosen: bool = False  # no given set has other sizes than the traced one: choose some


@dataclass(frozen=True)
class _Reference:
    outputs: list[Any]  # flattened leaves of the eager result
    inputs_after: list[Any]  # flattened leaves of the (cloned) inputs after the call


def _run_eager(model: torch.nn.Module, input_set: InputSet) -> _Reference:
    model_copy = fresh(model)
    args, kwargs = clone(input_set)
    with seeded(), torch.no_grad():
        out = model_copy(*args, **kwargs)
    return _Reference(outputs=leaves(clone(out)), inputs_after=leaves((args, kwargs)))


class _Grower:
    """Adds one input set of sizes the user did not give, when every given set has the
    traced sizes: new values of the exported program's free symbols, inside its range
    constraints (which hold the declared min/max of named Dims, and derived dims as
    expressions such as 2*s0), and the original model's eager outputs on it."""

    def __init__(
        self,
        model: torch.nn.Module,
        plan: _Plan,
        refs: list[_Reference],
        number: int,
        notes: list[str],
    ) -> None:
        self.model, self.plan, self.refs, self.number, self.notes = model, plan, refs, number, notes
        self.fixed: torch.nn.Module | None = None
        self.tried = not plan.chosen

    def __call__(self, ep: torch.export.ExportedProgram, own: list[_Reference]) -> None:
        if self.tried:
            return
        self.tried = True
        try:
            chosen = _choose_sizes(ep, self.plan)
        except Exception:  # an unusual graph: no chosen sizes
            chosen = None
        if chosen is None:
            return
        input_set, shown = chosen
        try:
            ref = _run_eager(self.model, input_set)
        except Exception as exc:
            self.notes.append(
                f"sizes chosen by the verifier ({shown}): the model raises on them eagerly "
                f"({describe(exc)}), not checked"
            )
            return
        mine = ref
        if self.fixed is not None:
            with contextlib.suppress(Exception):  # it raising shows in the comparison
                mine = _run_eager(self.fixed, input_set)
        self.plan.sets.append(input_set)
        self.plan.index.append(self.number)
        self.plan.unseen.append(True)
        self.refs.append(ref)
        if own is not self.refs:
            own.append(mine)
        self.notes.append(f"input set {self.number} has sizes chosen by the verifier: {shown}")


def _user_inputs(
    ep: torch.export.ExportedProgram, plan: _Plan
) -> list[tuple[int, Any, torch.Tensor]] | None:
    """(flat index, traced leaf, placeholder value) of the tensor user inputs."""
    from torch.export.graph_signature import InputKind, TensorArgument

    flat = pytree.tree_leaves(plan.sets[0])
    user = [s for s in ep.graph_signature.input_specs if s.kind == InputKind.USER_INPUT]
    if len(user) != len(flat):
        return None
    placeholders = {n.name: n for n in ep.graph.nodes if n.op == "placeholder"}
    out = []
    for i, (leaf, spec) in enumerate(zip(flat, user)):
        if not isinstance(spec.arg, TensorArgument) or not isinstance(leaf, torch.Tensor):
            continue
        node = placeholders.get(spec.arg.name)
        value = None if node is None else node.meta.get("val")
        if isinstance(value, torch.Tensor):
            out.append((i, leaf, value))
    return out


def _choose_sizes(ep: torch.export.ExportedProgram, plan: _Plan) -> tuple[InputSet, str] | None:
    import sympy  # type: ignore[import-untyped]

    inputs = _user_inputs(ep, plan)
    if not inputs:
        return None
    labels = {(id(d.leaf), d.dim): d.label for d in plan.dims}
    exprs: list[tuple[int, int, Any]] = []  # (flat index, dim, sympy expression)
    hints: dict[Any, int] = {}
    for i, leaf, value in inputs:
        for d, size in enumerate(value.shape):
            if isinstance(size, int):
                continue
            expr = size.node.expr
            exprs.append((i, d, expr))
            if isinstance(expr, sympy.Symbol):
                hints[expr] = int(leaf.shape[d])
    if not exprs:
        return None
    free: set[Any] = set().union(*(e.free_symbols for _, _, e in exprs))
    if not free or not free <= set(hints):
        return None
    ranges = ep.range_constraints

    def fits(expr: Any, number: int) -> bool:
        span = ranges.get(expr)
        if span is None:
            return number >= 2 if isinstance(expr, sympy.Symbol) else number >= 0
        low, high = span.lower, span.upper
        return bool((low.is_infinite or number >= low) and (high.is_infinite or number <= high))

    for delta in (1, 2, 3, -1, -2):
        values = {s: hints[s] + delta for s in free}
        if any(v < 2 or not fits(s, v) for s, v in values.items()):
            continue
        sizes = {(i, d): int(e.subs(values)) for i, d, e in exprs}
        if all(fits(e, sizes[(i, d)]) for i, d, e in exprs):
            break
    else:
        return None
    flat, spec = pytree.tree_flatten(plan.sets[0])
    generator = torch.Generator().manual_seed(1)
    new_flat = list(clone(flat))
    shown = []
    for i, leaf, _ in inputs:
        changed = {d: n for (j, d), n in sizes.items() if j == i and n != leaf.shape[d]}
        if not changed:
            continue
        shape = [changed.get(d, int(s)) for d, s in enumerate(leaf.shape)]
        new_flat[i] = _like(leaf, shape, generator)
        for d, n in changed.items():
            shown.append(f"{labels.get((id(leaf), d), f'input {i}.shape[{d}]')} = {n}")
    if not shown:
        return None
    args, kwargs = pytree.tree_unflatten(new_flat, spec)
    return (tuple(args), dict(kwargs)), ", ".join(shown)


def _like(leaf: torch.Tensor, shape: list[int], generator: torch.Generator) -> torch.Tensor:
    """A tensor of `shape` with values like `leaf`'s: integers within its min and max,
    booleans, or floats from a normal distribution."""
    if leaf.dtype == torch.bool:
        return torch.rand(shape, generator=generator) > 0.5
    if leaf.dtype.is_floating_point or leaf.dtype.is_complex:
        return torch.randn(shape, generator=generator, dtype=leaf.dtype)
    low, high = (int(leaf.min()), int(leaf.max())) if leaf.numel() else (0, 1)
    return torch.randint(low, high + 1, shape, generator=generator, dtype=leaf.dtype)


# A plain export that specialised a size: because it was 0 or 1 at trace time (the traced
# example, or a size derived from it: `x[1:]` of a 2-row input says "constant (2)"), or for
# another reason, which the retry does not remove (and the verdict of the first run stays).
_ZERO_ONE = re.compile(r"0/1 speciali[sz]|speciali[sz]ed it to be a constant|Constraints violated")
_NOT_ZERO_ONE_GUARD = re.compile(r"Guard failed: .*(?:!= [01]|>= 2|> 1)\s*$")


def _run_source(
    model: torch.nn.Module,
    plan: _Plan,
    refs: list[_Reference],
    own: list[_Reference],
    which: str,
    notify: Notify,
    grow: Callable[[torch.export.ExportedProgram, list[_Reference]], None] | None = None,
    retry_oblivious: bool = False,
    filename: str = "",
) -> Run:
    """One run (see `_run_once`); with `retry_oblivious`, a run whose export failed only on a
    size specialised because it was 0 or 1 is run again with
    `torch.fx.experimental._config.backed_size_oblivious=True`, which torch.onnx itself sets
    when it exports a module (measured on torch 2.13: `x[1:]` of a traced 2-row input fails
    "specialized it to be a constant (2)" and exports with it). The retry's verdict is kept
    only when it passes; the report says so."""
    run = _run_once(model, plan, refs, own, which, notify, grow, filename)
    error = run.export_error or ""
    # Or it exported, and ep.module() rejects an input set on the guard torch adds for a
    # size it took to be neither 0 nor 1 (`Guard failed: image_b.size()[1] // 2 != 1`: a
    # patch grid of one row), which backed_size_oblivious does not add.
    mismatch = run.module_mismatch
    if (
        not error
        and mismatch is not None
        and mismatch.raised
        and _NOT_ZERO_ONE_GUARD.search(mismatch.message)
    ):
        error = mismatch.message
    if not (
        retry_oblivious
        and not run.ok
        and error
        and (_ZERO_ONE.search(error) or _NOT_ZERO_ONE_GUARD.search(error))
    ):
        return run
    notify(("stage", which, "retry backed_size_oblivious"))
    import torch.fx.experimental._config as fx_config

    with fx_config.patch(backed_size_oblivious=True):  # type: ignore[attr-defined]
        retry = _run_once(model, plan, refs, own, which, notify, grow)
    if not retry.ok:
        return run
    first = error.splitlines()[0] if error else "a size specialised"
    return replace(retry, oblivious=first, timings={**retry.timings, "first_try": run.total_time})


def _run_once(
    model: torch.nn.Module,
    plan: _Plan,
    refs: list[_Reference],
    own: list[_Reference],
    which: str,
    notify: Notify,
    grow: Callable[[torch.export.ExportedProgram, list[_Reference]], None] | None = None,
    filename: str = "",
) -> Run:
    """torch.export, ep.module(), (strict), torch.onnx from that same program (no second
    trace; from the module only when torch.export failed, to see whether torch.onnx's
    fallbacks get there), onnx.checker, onnxruntime. An export that failed on a
    data-dependent guard raised in `filename` (the model's source) records it."""
    timings: dict[str, float] = {}
    ran: list[str] = []
    found: dict[str, Any] = {}

    @contextlib.contextmanager
    def stage(name: str) -> Iterator[None]:
        notify(("stage", which, name))
        t = time.perf_counter()
        try:
            yield
        finally:
            timings[name] = time.perf_counter() - t
            ran.append(name)

    args, kwargs = plan.sets[0]
    ep = None
    as_in_a_new_process()
    with stage("export"):
        try:
            ep = torch.export.export(
                fresh(model), clone(args), kwargs=clone(kwargs),
                dynamic_shapes=plan.shapes, strict=False,
            )  # fmt: skip
        except Exception as exc:
            found["export_error"] = describe(exc)
            with contextlib.suppress(Exception):  # the guard is a hint, never a verdict
                found["guard"] = guard_of(exc, filename, model, plan.sets)
    if ep is not None:
        with contextlib.suppress(Exception):  # an unusual graph: no verdict on this check
            static = _specialised(ep, plan)
            found["specialised"] = tuple(s for s, allowed in static if not allowed)
            found["static_auto"] = tuple(s for s, allowed in static if allowed)
        if grow is not None:
            grow(ep, own)
        with stage("module"):
            try:
                mismatch, diff = _check_module(ep, plan, refs, own)
            except Exception as exc:  # ep.module() itself fails
                mismatch, diff = Mismatch(0, False, describe(exc), raised=True), None
            found["module_mismatch"], found["module_max_abs_diff"] = mismatch, diff
    if plan.options.strict:
        with stage("strict"):
            try:
                torch.export.export(
                    fresh(model), clone(args), kwargs=clone(kwargs),
                    dynamic_shapes=plan.shapes, strict=True,
                )  # fmt: skip
            except Exception as exc:
                found["strict_error"] = describe(exc)

    proto = None
    with stage("onnx"), tempfile.TemporaryDirectory(prefix="exportlint-onnx-") as tmp:
        try:
            source: Any = ep if ep is not None else fresh(model)
            program = torch.onnx.export(
                source,
                clone(args),
                kwargs=clone(kwargs),
                dynamic_shapes=plan.shapes if ep is None else None,
                dynamo=True,
                custom_translation_table=dict(plan.table),
                verbose=False,
                report=False,
                artifacts_dir=tmp,
            )
            assert program is not None  # dynamo=True always returns one
            strategy = getattr(program, "_capture_strategy", None)
            found["onnx_strategy"] = strategy if ep is None else None
            proto = program.model_proto
        except Exception as exc:
            found["onnx_error"] = describe(exc)
    del ep
    if proto is not None:
        with stage("checker"):
            found["checker_error"] = _check_onnx(proto)
        with stage("ort"):
            try:
                mismatch, diff = _check_ort(proto.SerializeToString(), plan, refs, own)
            except Exception as exc:  # e.g. a model over protobuf's 2 GB limit
                mismatch, diff = Mismatch(0, False, describe(exc), raised=True), None
            found["ort_mismatch"], found["max_abs_diff"] = mismatch, diff
    return Run(ran=tuple(ran), timings=timings, **found)


def _specialised(ep: torch.export.ExportedProgram, plan: _Plan) -> list[tuple[str, bool]]:
    """The requested-dynamic dims whose placeholder has a constant size, each with whether
    its hint allowed it (Dim.AUTO)."""
    from torch.fx.experimental.symbolic_shapes import is_concrete_int

    inputs = _user_inputs(ep, plan)
    if inputs is None:
        return []
    values = {id(leaf): value for _, leaf, value in inputs}
    out = []
    for dim in plan.dims:
        value = values.get(id(dim.leaf))
        if value is not None and is_concrete_int(value.shape[dim.dim]):
            out.append((f"{dim.label} (= {int(value.shape[dim.dim])})", _allowed_static(dim.hint)))
    return out


def _check_module(
    ep: torch.export.ExportedProgram,
    plan: _Plan,
    refs: Sequence[_Reference],
    own: Sequence[_Reference],
) -> tuple[Mismatch | None, float | None]:
    module = ep.module()
    # ep.module() shares its buffers with the program: a forward that mutates a buffer
    # would carry state into the next input set, so reset them.
    initial = {n: b.detach().clone() for n, b in module.named_buffers()}

    def run(input_set: InputSet) -> tuple[list[Any], list[Any]]:
        with torch.no_grad():
            for n, b in module.named_buffers():
                b.copy_(initial[n])
            args, kwargs = clone(input_set)
            with seeded():
                out = module(*args, **kwargs)
        return leaves(out), leaves((args, kwargs))

    return _check_all(plan, refs, own, run)


def _check_onnx(proto: Any) -> str | None:
    import onnx

    try:
        if proto.ByteSize() > 2**31 - 1:  # the checker reads big models from a file only
            with tempfile.TemporaryDirectory(prefix="exportlint-onnx-") as tmp:
                path = os.path.join(tmp, "model.onnx")
                onnx.save_model(proto, path, save_as_external_data=True)
                onnx.checker.check_model(path, full_check=True)
        else:
            onnx.checker.check_model(proto, full_check=True)
    except Exception as exc:
        return describe(exc)
    return None


def _check_ort(
    model_bytes: bytes,
    plan: _Plan,
    refs: Sequence[_Reference],
    own: Sequence[_Reference],
) -> tuple[Mismatch | None, float | None]:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 4
    try:
        session = ort.InferenceSession(
            model_bytes, sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:
        problem = f"onnxruntime cannot load the model: {describe(exc)}"
        return Mismatch(0, False, problem, raised=True), None
    names = [i.name for i in session.get_inputs()]

    def run(input_set: InputSet) -> tuple[list[Any], list[Any]]:
        # torch.onnx keeps the tensor leaves of the flattened (args, kwargs) as graph inputs,
        # in order; other leaves (ints, None) are baked into the graph.
        tensors = [v for v in leaves(input_set) if isinstance(v, torch.Tensor)]
        if len(tensors) != len(names):
            raise ValueError(f"{len(tensors)} tensor input(s) but the ONNX model takes {names}")
        feed = {n: t.detach().cpu().numpy() for n, t in zip(names, tensors, strict=True)}
        outputs = session.run(None, feed)
        # onnxruntime cannot write into the caller's tensors: inputs after are unchanged.
        return list(outputs), leaves(input_set)

    return _check_all(plan, refs, own, run)


def _check_all(
    plan: _Plan,
    refs: Sequence[_Reference],
    own: Sequence[_Reference],
    run: Callable[[InputSet], tuple[list[Any], list[Any]]],
) -> tuple[Mismatch | None, float | None]:
    """Outputs vs the reference's, inputs after the call vs the source's own eager run, on
    every input set -> (first mismatch, max abs diff of the outputs over all sets)."""
    first: Mismatch | None = None
    worst: float | None = None
    for i, input_set in enumerate(plan.sets):
        try:
            outputs, inputs_after = run(input_set)
        except Exception as exc:  # e.g. "Guard failed: x.size()[0] >= 5"
            first = first or Mismatch(plan.index[i], plan.unseen[i], describe(exc), raised=True)
            continue
        problem, diff = compare("output", refs[i].outputs, outputs, plan.options)
        if diff is not None:
            worst = diff if worst is None else max(worst, diff)
        if problem is None:
            # In-place changes to forward inputs are part of the result: ONNX cannot write
            # them back, so this is where that loss shows.
            problem, _ = compare(
                "input", own[i].inputs_after, inputs_after, plan.options, " after the call"
            )
        if problem is not None and first is None:
            first = Mismatch(plan.index[i], plan.unseen[i], problem)
    return first, worst
