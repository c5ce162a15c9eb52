"""Lint many files: the content-keyed cache and a process pool over the misses."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from exportlint.cache import Cache, content_hash
from exportlint.config import Settings
from exportlint.diagnostics import Diagnostic

# Below this many files to lint, starting worker processes costs more than it saves.
_POOL_THRESHOLD = 16
# Files linted between two collections of reference cycles.
_COLLECT_EVERY = 50
# Set by the command line when the process ends after the command: what a lint froze stays
# frozen (see `keep_frozen`).
_KEEP_FROZEN = [False]


def keep_frozen() -> None:
    """The process ends after this command: the objects a lint froze for the cyclic
    collector (the parsed shared modules, the run's memo) stay frozen. Unfrozen, they were
    walked again by the next automatic collection and by Python's own at exit (a tenth of a
    serial run's CPU on transformers); nothing is lost, the process is about to end."""
    _KEEP_FROZEN[0] = True


def frozen_kept() -> bool:
    """Whether `keep_frozen` was called (see there)."""
    return _KEEP_FROZEN[0]


def lint_paths(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    settings_for: Callable[[str], Settings] | None = None,
    fixes: bool = True,
    sources: dict[str, bytes] | None = None,
) -> list[Diagnostic]:
    """Lint files (not directories: see `discovery.discover`). Results are sorted by path.

    `sources`: filled with each file's content as read (by its name as given), for a report
    that shows source lines without reading every file a second time.

    `fixes=False`: fixes are not built (pending, see `engine.lint_result`); for output that
    shows no edits. A cached result with pending fixes does not serve `fixes=True`.

    `settings_for(path)` gives a file its own settings (the closest settings file, see
    `resolver`); without it every file gets `settings`. Files are linted in groups of the
    same settings, each group with its own cache file."""
    settings = settings or Settings()
    if settings_for is None:
        return _lint_group(paths, settings, cache_dir, jobs, fixes, sources)
    groups: dict[int, tuple[Settings, list[str | Path]]] = {}
    for raw in paths:
        own = settings_for(str(raw))
        groups.setdefault(id(own), (own, []))[1].append(raw)
    found = [
        d
        for own, group in groups.values()
        for d in _lint_group(group, own, cache_dir, jobs, fixes, sources)
    ]
    return sorted(found, key=lambda d: d.path) if len(groups) > 1 else found


def _lint_group(
    paths: Sequence[str | Path],
    settings: Settings,
    cache_dir: Path | None,
    jobs: int | None,
    fixes: bool = True,
    sources: dict[str, bytes] | None = None,
) -> list[Diagnostic]:
    cache = Cache(cache_dir, settings.fingerprint()) if cache_dir is not None else None
    results: dict[str, list[Diagnostic]] = {}
    todo: list[tuple[str, bytes, str]] = []
    for raw in paths:
        name = str(raw)
        try:
            with open(raw, "rb") as handle:
                data = handle.read()
        except OSError as error:
            from exportlint.engine import read_error

            results[name] = read_error(name, error, settings)
            continue
        if sources is not None:
            sources[name] = data
        digest = content_hash(data)
        cached = cache.get(_cache_key(name), digest, complete=fixes) if cache is not None else None
        if cached is not None:
            results[name] = cached
        else:
            todo.append((name, data, digest))
    for name, digest, diagnostics, dependencies in _lint_all(todo, settings, jobs, fixes):
        results[name] = diagnostics
        if cache is not None:
            cache.put(_cache_key(name), digest, diagnostics, dependencies)
    if cache is not None:
        cache.save()
    return _merge(results)


def _merge(results: dict[str, list[Diagnostic]]) -> list[Diagnostic]:
    """Whole-project analysis puts diagnostics in files other than the one linted: one per
    place, a file's own analysis first (its message has no "reached from" chain)."""
    kept: dict[tuple[str, int, int, int, int, str], Diagnostic] = {}
    own = [d for name in sorted(results) for d in results[name] if d.path == name]
    reached = [d for name in sorted(results) for d in results[name] if d.path != name]
    for d in [*own, *reached]:
        kept.setdefault((d.path, d.line, d.column, d.end_line, d.end_column, d.code), d)
    return sorted(kept.values(), key=lambda d: (d.path, d.line, d.column, d.code))


def _cache_key(name: str) -> str:
    # The same relative name from two working directories (`a.py` in the root and in tests/)
    # is two files, and per-file-ignores may treat them differently: key by absolute path.
    return os.path.abspath(name)


Linted = tuple[str, str, list[Diagnostic], dict[str, str]]


def _lint_all(
    todo: list[tuple[str, bytes, str]], settings: Settings, jobs: int | None, fixes: bool = True
) -> list[Linted]:
    if not todo:
        return []  # all cached: the analysis modules are never even imported
    workers = jobs or os.cpu_count() or 1
    if workers <= 1 or len(todo) < _POOL_THRESHOLD:
        # No pool: multiprocessing (a few hundredths of a second to import) is not needed.
        return _lint_chunk(todo, settings, fixes)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import exportlint.engine  # noqa: F401  (imported before forking, so workers share it)

    if "fork" not in multiprocessing.get_all_start_methods():
        return _lint_chunk(todo, settings, fixes)
    # Biggest files first so that no worker is left with a long file at the end.
    todo = sorted(todo, key=lambda item: len(item[1]), reverse=True)
    # The first file is linted here, before forking: the modules whole-project analysis reads
    # for it (in transformers, the shared masking, attention and modeling utilities that
    # every model imports) are then parsed once and inherited by every worker, instead of
    # parsed again in each. Frozen, so that no worker's collection walks (or copies) them.
    first = _lint_chunk(todo[:1], settings, fixes)
    todo = todo[1:]
    gc.freeze()
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [
                pool.submit(_lint_chunk, todo[i::workers], settings, fixes) for i in range(workers)
            ]
            return first + [result for future in futures for result in future.result()]
    finally:
        if not _KEEP_FROZEN[0]:
            gc.unfreeze()


def _lint_chunk(
    chunk: list[tuple[str, bytes, str]], settings: Settings, fixes: bool = True
) -> list[Linted]:
    # Parsing allocates millions of objects, and the trees of the modules whole-project
    # analysis reads stay alive for the whole run: the cyclic collector, triggered by the
    # allocations, walked them again and again (half of the CPU time on transformers). The
    # analysis makes few reference cycles: collect them every few files, and freeze what
    # survives (the shared modules) so that no later collection walks it.
    # The modules whole-project analysis parses are frozen as soon as a file has read them:
    # the next collection would otherwise walk their millions of nodes once (a third of the
    # collections' cost on transformers).
    from exportlint.analysis.project import parsed_count

    enabled = gc.isenabled()
    gc.disable()
    out: list[Linted] = []
    try:
        for index, item in enumerate(chunk, start=1):
            parsed = parsed_count()
            out.append(_lint_one(item, settings, fixes))
            if index % _COLLECT_EVERY == 0:
                gc.collect()
                gc.freeze()
            elif parsed_count() != parsed:
                gc.freeze()
    finally:
        if _KEEP_FROZEN[0]:
            gc.freeze()
        else:
            gc.unfreeze()
        if enabled:
            gc.enable()
    return out


def _lint_one(item: tuple[str, bytes, str], settings: Settings, fixes: bool = True) -> Linted:
    from exportlint.engine import lint_result

    name, data, digest = item
    result = lint_result(data, name, settings, fixes=fixes)
    return name, digest, result.diagnostics, result.dependencies
