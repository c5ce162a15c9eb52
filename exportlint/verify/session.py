"""A verification run, parent side: which models to verify, the jobs, and the results.

`verify_files` verifies the code as it is (`exportlint verify`); `fix_files_verified` is
`--fix --verify`: it fixes (unsafe fixes included) the files that have examples, verifies each
fixed text against the original in the worker, and writes a fix only when it passed. Files
without examples are fixed as by plain `--fix`.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from exportlint.config import Settings
from exportlint.diagnostics import Diagnostic
from exportlint.document import DecodeError, Document, decode
from exportlint.engine import lint_source
from exportlint.fixer import FileFix, FixResult, fix_files, fix_text, write_atomically
from exportlint.verify.discovery import factory_file, find_models
from exportlint.verify.results import (
    FileOutcome,
    Job,
    ModelRef,
    ModelResult,
    Options,
    Probe,
    Report,
)
from exportlint.verify.runner import Progress, WarmWorker, default_jobs, warm_workers

Rules = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class VerifyOptions:
    strict: bool = False
    timeout: float | None = None  # None: from the settings
    rtol: float | None = None
    atol: float | None = None
    progress: bool = True
    stream: TextIO | None = None  # where the progress bar goes (stderr)
    jobs: int | None = None  # worker processes verifying models in parallel (None: default_jobs())

    def resolved(self, settings: Settings) -> tuple[Options, float]:
        config = settings.verify
        options = Options(
            strict=self.strict,
            rtol=config.rtol if self.rtol is None else self.rtol,
            atol=config.atol if self.atol is None else self.atol,
        )
        return options, config.timeout if self.timeout is None else self.timeout


@dataclass(frozen=True)
class _Source:
    path: str
    real: str
    data: bytes
    document: Document
    models: list[ModelRef]


def _read(path: str) -> _Source | str:
    real = os.path.realpath(path)
    try:
        data = Path(real).read_bytes()
    except OSError as error:
        return f"cannot read: {error.strerror}"
    try:
        document = decode(data, path)
    except DecodeError as error:
        return f"cannot decode: {error}"
    return _Source(path, real, data, document, find_models(document.text, path))


def _roots(settings: Settings) -> tuple[str, ...]:
    return (os.path.realpath(settings.root),)


def _probe_factories(
    worker: WarmWorker, settings: Settings, timeout: float
) -> tuple[list[Probe], list[str]]:
    probes, problems = [], []
    for factory in settings.verify.factories:
        probe = worker.probe(factory, _roots(settings), timeout)
        if probe.error:
            problems.append(f"factory {factory}: {probe.error}")
        else:
            probes.append(probe)
    return probes, problems


STARTING = "starting the verifier: importing torch…"


def _start_workers(options: VerifyOptions, models: int, progress: Progress) -> list[WarmWorker]:
    """Start the workers for `models` models (they import torch & co. meanwhile) and say so
    on the terminal at once: the imports take seconds, a blank screen looks like a hang."""
    wanted = options.jobs if options.jobs is not None else default_jobs()
    workers = warm_workers(max(1, min(wanted, models)))
    if not all(w.ready for w in workers):
        progress.message(STARTING)
    return workers


def _run(
    workers: Sequence[WarmWorker],
    jobs: Sequence[Job],
    rules: Sequence[Rules],
    timeout: float,
    progress: Progress,
) -> list[ModelResult]:
    """Run the jobs in the warm workers, each taking the next job when it is done with one
    (same per-model timeout and isolation as with one); `rules[i]` goes with `jobs[i]`.
    Results come back in the order of `jobs`."""
    progress.total = len(jobs)
    results: list[ModelResult | None] = [None] * len(jobs)
    pending = deque(range(len(jobs)))
    lock = threading.Lock()
    errors: list[BaseException] = []

    def drive(worker: WarmWorker) -> None:
        try:
            while True:
                with lock:
                    if not pending or errors:
                        return
                    i = pending.popleft()
                progress.start(jobs[i].ref.label)
                result = worker.verify(jobs[i], timeout, progress.stage)
                results[i] = replace(result, rules=rules[i])
                progress.advance()
        except BaseException as error:  # WorkerUnavailable: re-raised by the caller
            with lock:
                errors.append(error)

    try:
        if len(workers) == 1 or len(jobs) == 1:
            drive(workers[0])
        else:
            threads = [
                threading.Thread(target=drive, args=(w,), daemon=True, name="exportlint-verify")
                for w in workers
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        progress.finish()
    if errors:
        raise errors[0]
    return [r for r in results if r is not None]


def _own(ref: ModelRef, diagnostics: Sequence[Diagnostic]) -> Rules:
    first, last = ref.lines
    return tuple(
        (d.code, d.line, d.column)
        for d in diagnostics
        if (first, last) == (0, 0) or first <= d.line <= last
    )


# ---------------------------------------------------------------------------- verify


def verify_files(
    files: Sequence[str | Path], settings: Settings, options: VerifyOptions = VerifyOptions()
) -> Report:
    """Verify the code of `files` as it is: every model they define with examples, and every
    configured factory whose model (or factory module) is one of them."""
    start = time.perf_counter()
    job_options, timeout = options.resolved(settings)
    sources: list[_Source] = []
    without: list[str] = []
    problems: list[str] = []
    for file in files:
        source = _read(str(file))
        if isinstance(source, str):
            problems.append(f"{file}: {source}")
        elif source.models:
            sources.append(source)
        else:
            without.append(source.path)
    factories = settings.verify.factories
    if not sources and not factories:
        return Report("verify", without_examples=tuple(without), problems=tuple(problems),
                      wall_time=time.perf_counter() - start)  # fmt: skip
    progress = Progress(0, options.stream, options.progress)
    models = sum(len(s.models) for s in sources) + len(factories)
    workers = _start_workers(options, models, progress)  # they import torch while we lint
    worker = workers[0]
    roots = _roots(settings)
    diagnostics = {s.path: lint_source(s.document.text, s.path, settings) for s in sources}
    jobs = [
        Job(ref, original=s.document.text, options=job_options, roots=roots)
        for s in sources
        for ref in s.models
    ]
    if factories:
        worker.wait_ready()
        in_scope = {os.path.realpath(str(f)) for f in files}
        probes, failed = _probe_factories(worker, settings, timeout)
        problems.extend(failed)
        for probe in probes:
            own = factory_file(probe.factory, roots)
            covered = set(probe.files) | ({own} if own else set())
            if covered & in_scope:
                ref = ModelRef(own or "", probe.factory, "factory")
                jobs.append(Job(ref, options=job_options, roots=roots))
    rules = [_own(job.ref, diagnostics.get(job.ref.path, [])) for job in jobs]
    results = _run(workers, jobs, rules, timeout, progress)
    return Report(
        "verify",
        models=tuple(results),
        without_examples=tuple(without),
        problems=tuple(problems),
        wall_time=time.perf_counter() - start,
        worker_start=worker.start_time,
        workers=min(len(workers), max(1, len(jobs))),
    )


# ---------------------------------------------------------------------------- --fix --verify


def fix_files_verified(
    files: Sequence[str | Path],
    settings: Settings,
    unsafe: bool,
    write: bool,
    options: VerifyOptions = VerifyOptions(),
    jobs: int | None = None,
) -> tuple[list[FileFix], Report]:
    """--fix --verify. Returns the fixer's `FileFix` per file (in order) and the report.

    A file with examples (or covered by a factory) gets every fix, unsafe ones included; the
    fixed text is verified against the original and written only if every model passed.
    Otherwise the file is left as it is and its fixes are reported as unverified. A file
    without examples is fixed as by plain --fix (`unsafe` as given).
    """
    start = time.perf_counter()
    job_options, timeout = options.resolved(settings)
    roots = _roots(settings)
    names = [str(f) for f in files]
    sources: dict[str, _Source] = {}
    plain: list[str] = []
    for name in names:
        source = _read(name)
        if isinstance(source, str):
            plain.append(name)  # the fixer reports it as it always does
        else:
            sources[name] = source

    progress = Progress(0, options.stream, options.progress)
    workers: list[WarmWorker] = []
    worker: WarmWorker | None = None
    probes: list[Probe] = []
    problems: list[str] = []
    if settings.verify.factories:
        workers = _start_workers(options, len(settings.verify.factories), progress)
        worker = workers[0]
        worker.wait_ready()
        probes, problems = _probe_factories(worker, settings, timeout)

    def factories_of(source: _Source) -> list[tuple[str, str]]:
        return [(p.factory, p.files[source.real]) for p in probes if source.real in p.files]

    fixes: dict[str, FileFix] = {}
    outcomes: dict[str, FileOutcome] = {}
    candidates: list[tuple[_Source, FixResult]] = []
    for name, source in sources.items():
        if not source.models and not factories_of(source):
            plain.append(name)
            continue
        text = source.document.text
        result = fix_text(text, name, settings, True, source.document.newline)
        if result.text == text:
            fixes[name] = FileFix(name, text, result, remaining=result.remaining)
        else:
            candidates.append((source, result))
            if worker is None:  # it imports torch while the fixer goes on
                workers = _start_workers(options, default_jobs(), progress)
                worker = workers[0]
    plain_set = set(plain)
    plain_files = [n for n in names if n in plain_set]
    for fixed in fix_files(plain_files, settings, unsafe, write, jobs) if plain_files else []:
        fixes[fixed.path] = fixed
        if fixed.result is not None and fixed.result.text != fixed.original:
            outcomes[fixed.path] = FileOutcome(
                fixed.path, "no examples", "fixed as by plain --fix (nothing to verify with)",
                _positions(fixed.result.applied),
            )  # fmt: skip

    job_list: list[Job] = []
    owner: list[str] = []
    for source, result in candidates:
        for ref in source.models:
            job_list.append(Job(ref, source.document.text, result.text, job_options, roots))
            owner.append(source.path)
        for factory, module in factories_of(source):
            own = factory_file(factory, roots)
            job_list.append(
                Job(
                    ModelRef(own or "", factory, "factory"),
                    options=job_options,
                    roots=roots,
                    original_modules={module: (source.real, source.document.text)},
                    fixed_modules={module: (source.real, result.text)},
                )
            )
            owner.append(source.path)
    applied = {source.path: _positions(result.applied) for source, result in candidates}
    results: list[ModelResult] = []
    if job_list:
        if len(workers) < min(len(job_list), options.jobs or default_jobs()):
            workers = _start_workers(options, len(job_list), progress)
        results = _run(workers, job_list, [applied[p] for p in owner], timeout, progress)
    by_file: dict[str, list[ModelResult]] = {}
    for path, model in zip(owner, results):
        by_file.setdefault(path, []).append(model)

    for source, result in candidates:
        name = source.path
        text = source.document.text
        models = by_file.get(name, [])
        failed = [m for m in models if m.status != "pass"]
        if models and not failed:
            if write:
                problem = write_atomically(
                    Path(source.real), source.data, source.document, result.text
                )
                if problem:
                    remaining = tuple(lint_source(text, name, settings))
                    fixes[name] = FileFix(name, text, result, error=problem, remaining=remaining)
                    outcomes[name] = FileOutcome(name, "not written", problem, applied[name])
                    continue
            fixes[name] = FileFix(name, text, result, written=write, remaining=result.remaining)
            outcomes[name] = FileOutcome(name, "verified", "", applied[name])
        else:
            reason = (
                f"{failed[0].ref.name}: {failed[0].reason}" if failed else "no model was verified"
            )
            remaining = tuple(lint_source(text, name, settings))
            kept = FixResult(text, (), remaining, result.problems)
            fixes[name] = FileFix(name, text, kept, remaining=remaining)
            outcomes[name] = FileOutcome(name, "unverified", reason, applied[name])

    report = Report(
        "fix",
        models=tuple(results),
        files=tuple(outcomes[n] for n in names if n in outcomes),
        problems=tuple(problems),
        wall_time=time.perf_counter() - start,
        worker_start=workers[0].start_time if workers else None,
        workers=min(len(workers), max(1, len(job_list))),
    )
    return [fixes[n] for n in names], report


def _positions(diagnostics: Sequence[Diagnostic]) -> Rules:
    return tuple((d.code, d.line, d.column) for d in diagnostics)
