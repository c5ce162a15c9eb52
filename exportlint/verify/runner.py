"""The parent side: warm worker processes, per-model timeouts, crashes, progress.

A worker is started with "spawn" (not "fork": once torch has run a parallel op, a forked
child hangs in its next one) and imports torch, onnx, onnxruntime and onnxscript once; it
then serves every model of the run, and of later runs in the same process. A model that
runs past its timeout, or kills the worker (a segfault in an exporter), is recorded with
the stage it was in; the worker is restarted for the next model. A run may use several
workers (`--jobs`), each serving one model at a time with its own timeout (session.py hands
them the models); torch's intra-op threads are split between them.

Nothing here imports torch: `exportlint.verify.worker` is imported in the child only.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TextIO

from exportlint.verify.results import Job, ModelResult, Probe, Run

# Seconds the worker may take to start (import torch & co.), apart from any model's timeout.
START_TIMEOUT = 600.0

OnStage = Callable[[str, str], None]  # (which: "before" | "after", stage)


class WorkerUnavailable(Exception):
    """The worker cannot start (torch, onnx, onnxruntime or onnxscript missing)."""


def _child(conn: Connection, threads: int) -> None:
    # Imported here, in the child: the parent never imports torch.
    try:
        from exportlint.verify.worker import serve
    except ImportError as error:  # torch (or onnx, ...) is not installed
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    serve(conn, threads)


def default_jobs() -> int:
    """Workers for a run when --jobs is not given: one per core, at most two (each worker
    holds torch, onnx and onnxruntime in memory: about 1 GB)."""
    return max(1, min(2, os.cpu_count() or 1))


def torch_threads(workers: int) -> int:
    """Intra-op threads per worker, so that parallel workers do not oversubscribe the
    cores (two workers of 2 threads each on 2 cores run slower than one)."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


class WarmWorker:
    def __init__(self, threads: int = 0) -> None:
        self.threads = threads  # torch intra-op threads in the worker (0: torch's default)
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self._ready = False
        self._requests = 0
        self.start_time: float | None = None  # seconds the last start took (imports)
        self._started_at = 0.0
        atexit.register(self.close)

    # -- life cycle

    def start(self) -> None:
        """Start the process if it is not running; returns at once (it imports meanwhile)."""
        if self._proc is not None and self._proc.is_alive():
            return
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(
            target=_child, args=(child, self.threads), name="exportlint-verify", daemon=True
        )
        proc.start()
        child.close()  # so that recv() sees EOF when the child dies
        self._proc, self._conn, self._ready = proc, parent, False
        self._started_at = time.perf_counter()

    @property
    def ready(self) -> bool:
        """Started and done importing (a model sent now starts at once)."""
        return self._ready and self.alive()

    def alive(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    def wait_ready(self) -> None:
        self.start()
        if self._ready:
            return
        assert self._conn is not None
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._conn.poll(remaining):
                self.kill()
                raise WorkerUnavailable(f"the worker did not start within {START_TIMEOUT:g}s")
            try:
                event = self._conn.recv()
            except (EOFError, OSError):
                why = self._death()
                self.kill()
                raise WorkerUnavailable(f"the worker {why} while starting") from None
            if event[0] == "ready":
                self._ready = True
                self.start_time = time.perf_counter() - self._started_at
                return
            if event[0] == "failed":
                self.kill()
                raise WorkerUnavailable(
                    f"verification needs torch, onnx, onnxruntime and onnxscript "
                    f'(pip install "exportlint[verify]"): {event[1]}'
                )

    def kill(self) -> None:
        if self._proc is not None:
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc, self._conn, self._ready = None, None, False

    def close(self) -> None:
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            with contextlib.suppress(OSError, ValueError):
                self._conn.send(None)
            self._proc.join(5)
        self.kill()

    def _death(self) -> str:
        assert self._proc is not None
        self._proc.join(5)
        code = self._proc.exitcode
        if code is not None and code < 0:
            try:
                return f"crashed with {signal.Signals(-code).name}"
            except ValueError:
                return f"was killed by signal {-code}"
        return f"exited with code {code}"

    # -- requests

    def verify(self, job: Job, timeout: float, on_stage: OnStage | None = None) -> ModelResult:
        """Verify one model; a timeout or a crash becomes part of the result."""
        self.wait_ready()
        assert self._conn is not None
        request_id = self._send(("verify", job))
        start = time.perf_counter()
        deadline = time.monotonic() + timeout
        which, stage = "before", "load"
        before: Run | None = None
        while True:
            remaining = deadline - time.monotonic()
            event: Any = None
            why = ""
            if remaining <= 0 or not self._conn.poll(remaining):
                self.kill()
                why = f"timed out after {timeout:g}s"
            else:
                try:
                    event = self._conn.recv()
                except (EOFError, OSError):  # the worker died: segfault, abort, OOM kill
                    why = self._death()
                    self.kill()
            if why:
                return _interrupted(job, which, stage, before, why, time.perf_counter() - start)
            if event[1] != request_id:  # late events of an earlier, interrupted request
                continue
            kind = event[0]
            if kind == "stage":
                which, stage = event[2], event[3]
                if on_stage is not None:
                    on_stage(which, stage)
            elif kind == "run":
                before = event[3] if event[2] == "before" else before
            elif kind == "result":
                result: ModelResult = event[2]
                return result
            elif kind == "error":  # a bug in exportlint's worker code
                return ModelResult(job.ref, "error", error=f"internal error: {event[2]}")

    def probe(self, factory: str, roots: Sequence[str], timeout: float) -> Probe:
        self.wait_ready()
        assert self._conn is not None
        request_id = self._send(("probe", factory, tuple(roots)))
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._conn.poll(remaining):
                self.kill()
                return Probe(factory, error=f"timed out after {timeout:g}s")
            try:
                event = self._conn.recv()
            except (EOFError, OSError):
                why = self._death()
                self.kill()
                return Probe(factory, error=f"the worker {why}")
            if event[1] != request_id:
                continue
            if event[0] == "probe":
                probe: Probe = event[2]
                return probe
            if event[0] == "error":
                return Probe(factory, error=f"internal error: {event[2]}")

    def _send(self, request: tuple[Any, ...]) -> int:
        assert self._conn is not None
        self._requests += 1
        self._conn.send((request[0], self._requests, *request[1:]))
        return self._requests


def _interrupted(
    job: Job, which: str, stage: str, before: Run | None, why: str, seconds: float
) -> ModelResult:
    what = f"{why} during {stage}" + (" (fixed code)" if which == "after" else "")
    timings = {"total": seconds}
    if stage in ("load", "eager") and which == "before":
        return ModelResult(job.ref, "error", error=what, timings=timings)
    run = Run(interrupted=what, timings={stage: math.nan})
    if which == "before":
        return ModelResult(job.ref, "fail", before=run, timings=timings)
    return ModelResult(job.ref, "fail", before=before, after=run, timings=timings)


_WARM: list[WarmWorker] = []


def warm_worker() -> WarmWorker:
    """The process's (first) worker, started on first use and reused by later runs."""
    return warm_workers(1)[0]


def warm_workers(count: int) -> list[WarmWorker]:
    """`count` workers of this process, started (they import meanwhile) and reused by later
    runs; the first ones are those earlier runs warmed."""
    while len(_WARM) < count:
        _WARM.append(WarmWorker(torch_threads(count)))
    workers = _WARM[:count]
    for worker in workers:
        worker.start()
    return workers


# ---------------------------------------------------------------------------- progress


class Progress:
    """One line on a terminal, redrawn in place: `[=====>    ] 12/90 path::Model  onnx`."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and _isatty(self.stream)
        self.total = total
        self.done = 0
        self.label = ""
        self._shown = False
        # Parallel workers report from their own threads: one line, drawn by one at a time.
        self._lock = threading.RLock()

    def message(self, text: str) -> None:
        """A line in place of the bar, until the bar is drawn (e.g. while the worker starts:
        importing torch takes 8 to 60 seconds, and a blank screen looks like a hang)."""
        if not self.enabled:
            return
        with self._lock:
            self._write(text)

    def start(self, label: str) -> None:
        self.label = label
        self._draw("")

    def stage(self, which: str, stage: str) -> None:
        self._draw(stage + (" (fixed)" if which == "after" else ""))

    def advance(self) -> None:
        with self._lock:
            self.done += 1
            self._draw("")

    def finish(self) -> None:
        if self.enabled and self._shown:
            with self._lock:
                self.stream.write("\r\x1b[2K")
                self.stream.flush()
                self._shown = False

    def _draw(self, stage: str) -> None:
        if not self.enabled or self.total <= 0:
            return
        bar_width = 20
        filled = bar_width * self.done // max(self.total, 1)
        bar = "=" * filled + (">" if filled < bar_width else "") + " " * (bar_width - filled - 1)
        text = f"[{bar[:bar_width]}] {self.done}/{self.total} {self.label}"
        if stage:
            text += f"  {stage}"
        with self._lock:
            self._write(text)

    def _write(self, text: str) -> None:
        width = shutil.get_terminal_size((80, 20)).columns
        if len(text) > width - 1:
            text = text[: width - 2] + "…"
        self.stream.write("\r\x1b[2K" + text)
        self.stream.flush()
        self._shown = True


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False
