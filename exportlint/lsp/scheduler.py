"""Debounced linting, latest text wins.

Every request for a document bumps its generation and (re)starts its debounce timer. When the
timer fires, the then-current text is handed to the worker; a job whose generation is no longer
current when the worker reaches it is skipped, and a result whose generation is no longer
current when it comes back is dropped. So a slow lint of an old version can never overwrite the
diagnostics of a newer one, and a burst of edits costs one lint, not one per keystroke.

One worker thread: lints are CPU-bound Python, so more threads would only share the GIL, and
the event loop stays free to answer requests while a lint runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Generic, TypeVar

T = TypeVar("T")
J = TypeVar("J")  # a job: what the worker needs (text, settings), taken when the timer fires

logger = logging.getLogger(__name__)
_SKIPPED = object()


class Scheduler(Generic[J, T]):
    def __init__(
        self,
        executor: Executor,
        prepare: Callable[[str], J | None],
        work: Callable[[J], T],
        deliver: Callable[[str, T], None],
    ) -> None:
        """`prepare(uri)` runs on the event loop when the timer fires (None: nothing to do),
        `work(job)` on the worker, `deliver(uri, result)` on the event loop, current only."""
        self._executor = executor
        self._prepare = prepare
        self._work = work
        self._deliver = deliver
        self._generation: dict[str, int] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self.dropped = 0  # results thrown away because a newer version had arrived
        self.skipped = 0  # queued jobs never run for the same reason

    def schedule(self, uri: str, delay: float) -> None:
        loop = asyncio.get_running_loop()
        generation = self._generation.get(uri, 0) + 1
        self._generation[uri] = generation
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self._timers[uri] = loop.call_later(max(delay, 0.0), self._start, uri, generation)

    def forget(self, uri: str) -> None:
        """The document closed: nothing pending for it may be delivered."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self._generation.pop(uri, None)

    def pending(self) -> int:
        return len(self._timers)

    def current(self, uri: str, generation: int) -> bool:
        return self._generation.get(uri) == generation

    def _start(self, uri: str, generation: int) -> None:
        self._timers.pop(uri, None)
        if not self.current(uri, generation):
            return
        try:
            job = self._prepare(uri)
        except Exception:
            logger.exception("preparing the lint of %s failed", uri)
            return
        if job is None:
            return
        future = asyncio.get_running_loop().run_in_executor(
            self._executor, self._run, uri, generation, job
        )
        future.add_done_callback(lambda done: self._finish(uri, generation, done))

    def _run(self, uri: str, generation: int, job: J) -> object:
        if not self.current(uri, generation):  # a newer version is already on its way
            return _SKIPPED
        return self._work(job)

    def _finish(self, uri: str, generation: int, future: asyncio.Future[object]) -> None:
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            logger.error("linting %s failed", uri, exc_info=error)
            return
        result = future.result()
        if result is _SKIPPED:
            self.skipped += 1
            return
        if not self.current(uri, generation):
            self.dropped += 1
            return
        self._deliver(uri, result)  # type: ignore[arg-type]  # not _SKIPPED: a T
