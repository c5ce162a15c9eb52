"""What crosses the process boundary: jobs in, results out. Plain, picklable, no torch.

A *model* is one thing to export: a file's module-level `model`/`Model` (ExportDB style or
ours), one `nn.Module` class with `_inputs` (onnx-diagnostic style), or one configured
factory. A *run* is everything the verifier did with one source of that model (the original
code or the fixed code): torch.export, ep.module(), torch.onnx, onnx.checker, onnxruntime.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from exportlint.config import DEFAULT_VERIFY_ATOL, DEFAULT_VERIFY_RTOL, DEFAULT_VERIFY_TIMEOUT

Style = Literal["exportdb", "onnx-diagnostic", "exportlint", "factory"]
Status = Literal["pass", "fail", "error"]

DEFAULT_TIMEOUT = DEFAULT_VERIFY_TIMEOUT
DEFAULT_RTOL = DEFAULT_VERIFY_RTOL
DEFAULT_ATOL = DEFAULT_VERIFY_ATOL

# Stages of a run, in order, and what the report calls them.
STAGES = ("load", "eager", "export", "module", "strict", "onnx", "checker", "ort")


@dataclass(frozen=True)
class ModelRef:
    """Where a model comes from: a file (and the attribute naming it) or a factory."""

    path: str  # the file (for a factory: the file of its module, or "" if unknown)
    name: str  # "model", "Model", a class name, or "pkg.module:make"
    style: Style
    # For a class (onnx-diagnostic style): its first and last line, to tell which static
    # diagnostics of the file are its own. (0, 0): the whole file.
    lines: tuple[int, int] = (0, 0)

    @property
    def label(self) -> str:
        if self.style == "factory":
            return self.name
        return f"{self.path}::{self.name}"


@dataclass(frozen=True)
class Options:
    strict: bool = False
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL


@dataclass(frozen=True)
class Job:
    """One model to verify.

    `original` is the source text of `ref.path` that gives the reference (eager outputs) and
    the "before" run; `fixed` is the text to verify instead ("after"), or None to verify the
    original code itself. For a factory, `module_texts` pins modules (dotted name -> (file,
    text)) to the texts to import, for the original and the fixed run respectively.
    """

    ref: ModelRef
    original: str = ""
    fixed: str | None = None
    options: Options = Options()
    roots: tuple[str, ...] = ()  # the project: its modules are re-imported for every job
    original_modules: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    fixed_modules: Mapping[str, tuple[str, str]] | None = None


@dataclass(frozen=True)
class Mismatch:
    """The first input set on which an output (or an input after the call) differs."""

    input_set: int
    unseen: bool  # the set's shapes differ from the traced set's
    message: str
    raised: bool = False  # running the set raised (message: the error's first line)

    def describe(self, what: str) -> str:
        verb = "fails" if self.raised else "wrong"
        if self.unseen:
            where = f"{verb} on unseen size"
        elif self.input_set == 0:
            where = f"{verb} on the traced input"
        else:
            where = verb
        return f"{what} {where} (input set {self.input_set}: {self.message})"


@dataclass(frozen=True)
class Guard:
    """A data-dependent guard that made torch.export fail (`GuardOnDataDependentSymNode`),
    read in the worker (`exportlint.verify.guards`) for the follow-up candidates."""

    expression: str  # torch's condition: "Eq(u0, 1)", "u0 < 0", "TruncToInt(2.0*zuf0)"
    line: int  # the line of the model's file (the verified text) whose code asked for it
    condition: str = ""  # the condition in Python with that line's names ("" if not plain)
    check: str = ""  # what held on every example input: the condition or its negation
    specialize: bool = False  # "could not extract specialized integer" (not a relation)
    # For a specialization: each `int(<arg>)` on that line, with what <arg> was on every
    # example ("int"/"float": a tensor of that kind, "number": a Python or symbolic number).
    casts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Run:
    """One source of one model through the exporters. A field is None when all went well
    (or, see `ran`, when the stage did not run)."""

    export_error: str | None = None
    specialised: tuple[str, ...] = ()  # Dim.DYNAMIC / named dims that came out static
    static_auto: tuple[str, ...] = ()  # Dim.AUTO dims that came out static (allowed: a note)
    nondeterministic: str | None = None  # two eager runs on the traced set differ
    module_mismatch: Mismatch | None = None
    strict_error: str | None = None  # only with --strict
    onnx_error: str | None = None
    onnx_strategy: str | None = None  # torch.onnx's capture strategy that worked
    checker_error: str | None = None
    ort_mismatch: Mismatch | None = None
    eager_mismatch: Mismatch | None = None  # a fixed model's own eager outputs vs reference
    eager_error: str | None = None  # a fixed model that raises eagerly
    max_abs_diff: float | None = None  # onnxruntime vs reference, over every input set
    module_max_abs_diff: float | None = None
    interrupted: str | None = None  # "timed out after 5s during onnx", "crashed with SIGSEGV..."
    # Exported again with torch.fx.experimental._config.backed_size_oblivious=True (what
    # torch.onnx uses) after the first export specialised a size that was 0 or 1: why.
    oblivious: str | None = None
    ran: tuple[str, ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict)
    guard: Guard | None = None  # the data-dependent guard export failed on, if it did

    @property
    def fell_back(self) -> bool:
        return self.onnx_strategy not in (None, "TorchExportNonStrictStrategy")

    @property
    def problems(self) -> list[str]:
        """Every failed check, most telling first (empty: the run passed)."""
        out: list[str] = []
        if self.interrupted:
            out.append(self.interrupted)
        if self.eager_error:
            out.append(f"eager: {self.eager_error}")
        if self.eager_mismatch:
            out.append(self.eager_mismatch.describe("eager"))
        if self.nondeterministic:
            out.append(f"nondeterministic: {self.nondeterministic}")
        if self.export_error:
            out.append(f"export: {self.export_error}")
        if self.specialised:
            out.append(f"dynamic dims came out static: {', '.join(self.specialised)}")
        if self.module_mismatch:
            out.append(self.module_mismatch.describe("ep.module()"))
        if self.strict_error:
            out.append(f"export strict=True: {self.strict_error}")
        if self.onnx_error:
            out.append(f"onnx: {self.onnx_error}")
        if self.checker_error:
            out.append(f"onnx.checker: {self.checker_error}")
        if self.ort_mismatch:
            out.append(self.ort_mismatch.describe("onnxruntime"))
        return out

    @property
    def ok(self) -> bool:
        return not self.problems and "ort" in self.ran

    @property
    def summary(self) -> str:
        """One line: the most telling problem, or "ok"."""
        problems = self.problems
        if problems:
            return problems[0]
        if "ort" not in self.ran:
            return "not run"
        if self.fell_back:
            return f"ok (torch.onnx fell back to {self.onnx_strategy})"
        if self.oblivious:
            return (
                "ok with backed_size_oblivious=True (torch.onnx's setting; a plain "
                f"torch.export failed: {self.oblivious})"
            )
        return "ok"

    @property
    def total_time(self) -> float:
        return sum(t for t in self.timings.values() if not math.isnan(t))


@dataclass(frozen=True)
class ModelResult:
    ref: ModelRef
    status: Status
    error: str | None = None  # why it could not be verified (no examples, eager raises, ...)
    before: Run | None = None  # the original code
    after: Run | None = None  # the fixed code (None when verifying the code as it is)
    notes: tuple[str, ...] = ()  # guessed dynamic shapes, size-0/1 warnings, ...
    input_sets: int = 0
    dynamic: tuple[str, ...] = ()  # dims exported as dynamic ("x.shape[0]")
    guessed: bool = False  # `dynamic` was guessed from the input sets
    timings: Mapping[str, float] = field(default_factory=dict)  # "load", "eager", "total"
    # Filled by the parent: the static diagnostics this model's file has (code, line, column).
    rules: tuple[tuple[str, int, int], ...] = ()

    @property
    def verified(self) -> Run | None:
        """The run that decides the status: the fixed code's, or the code as it is."""
        return self.after if self.after is not None else self.before

    @property
    def reason(self) -> str:
        """Why it did not pass (empty when it passed)."""
        if self.status == "pass":
            return ""
        if self.error:
            return self.error
        run = self.verified
        return run.summary if run is not None else "not run"


def decide(before: Run | None, after: Run | None) -> Status:
    run = after if after is not None else before
    if run is None:
        return "error"
    return "pass" if run.ok else "fail"


@dataclass(frozen=True)
class Probe:
    """What a factory gave: the files its model's classes come from, and any error."""

    factory: str
    files: Mapping[str, str] = field(default_factory=dict)  # real path -> module name
    error: str | None = None


FileStatus = Literal["verified", "unverified", "no examples", "not written", "unreadable"]


@dataclass(frozen=True)
class FileOutcome:
    """--fix --verify: what happened to one file's fix (or why a file was not verified)."""

    path: str
    status: FileStatus
    reason: str = ""
    fixes: tuple[tuple[str, int, int], ...] = ()  # the fixes concerned: (code, line, column)


@dataclass(frozen=True)
class Report:
    mode: Literal["verify", "fix"]
    models: tuple[ModelResult, ...] = ()
    files: tuple[FileOutcome, ...] = ()
    without_examples: tuple[str, ...] = ()  # files with nothing to verify
    problems: tuple[str, ...] = ()  # factories that could not be called, ...
    wall_time: float = 0.0
    worker_start: float | None = None  # seconds the worker took to import torch & co.
    workers: int = 1  # worker processes that verified models in parallel

    @property
    def passed(self) -> bool:
        """Every verified model passed (and nothing went wrong around them)."""
        return all(m.status == "pass" for m in self.models) and not self.problems

    def __add__(self, other: Report) -> Report:
        """The report of two runs one after the other (files verified with different
        settings: each sub-project with its own configuration)."""
        starts = [t for t in (self.worker_start, other.worker_start) if t is not None]
        return Report(
            mode=self.mode,
            models=self.models + other.models,
            files=self.files + other.files,
            without_examples=self.without_examples + other.without_examples,
            problems=self.problems + other.problems,
            wall_time=self.wall_time + other.wall_time,
            worker_start=sum(starts) if starts else None,
            workers=max(self.workers, other.workers),
        )
