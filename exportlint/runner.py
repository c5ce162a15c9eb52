"""Lint many files: the content-keyed cache and a process pool over the misses."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from exportlint.cache import Cache, content_hash
from exportlint.config import Settings
from exportlint.diagnostics import Diagnostic

# Below this many files to lint, starting worker processes costs more than it saves.
_POOL_THRESHOLD = 16


def lint_paths(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    settings_for: Callable[[str], Settings] | None = None,
) -> list[Diagnostic]:
    """Lint files (not directories: see `discovery.discover`). Results are sorted by path.

    `settings_for(path)` gives a file its own settings (the closest settings file, see
    `resolver`); without it every file gets `settings`."""
    settings = settings or Settings()
    caches: dict[str, Cache] = {}  # one cache file per settings fingerprint

    def cache_for(file_settings: Settings) -> Cache | None:
        if cache_dir is None:
            return None
        key = file_settings.fingerprint()
        if key not in caches:
            caches[key] = Cache(cache_dir, key)
        return caches[key]

    results: dict[str, list[Diagnostic]] = {}
    todo: list[tuple[str, bytes, str, Settings]] = []
    for raw in paths:
        name = str(raw)
        file_settings = settings_for(name) if settings_for is not None else settings
        try:
            data = Path(raw).read_bytes()
        except OSError as error:
            from exportlint.engine import read_error

            results[name] = read_error(name, error, file_settings)
            continue
        digest = content_hash(data)
        cache = cache_for(file_settings)
        cached = cache.get(_cache_key(name), digest) if cache is not None else None
        if cached is not None:
            results[name] = cached
        else:
            todo.append((name, data, digest, file_settings))
    for name, digest, file_settings, diagnostics in _lint_all(todo, jobs):
        results[name] = diagnostics
        cache = cache_for(file_settings)
        if cache is not None:
            cache.put(_cache_key(name), digest, diagnostics)
    for cache in caches.values():
        cache.save()
    return [d for name in sorted(results) for d in results[name]]


def _cache_key(name: str) -> str:
    # The same relative name from two working directories (`a.py` in the root and in tests/)
    # is two files, and per-file-ignores may treat them differently: key by absolute path.
    return os.path.abspath(name)


_Todo = tuple[str, bytes, str, Settings]  # path, content, content hash, settings
_Done = tuple[str, str, Settings, list[Diagnostic]]  # path, content hash, settings, results


def _lint_all(todo: list[_Todo], jobs: int | None) -> list[_Done]:
    if not todo:
        return []  # all cached: the analysis modules are never even imported
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import exportlint.engine  # noqa: F401  (imported before forking, so workers share it)

    workers = jobs or os.cpu_count() or 1
    if (
        workers <= 1
        or len(todo) < _POOL_THRESHOLD
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [_lint_one(item) for item in todo]
    # Biggest files first so that no worker is left with a long file at the end.
    todo = sorted(todo, key=lambda item: len(item[1]), reverse=True)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_lint_chunk, todo[i::workers]) for i in range(workers)]
        return [result for future in futures for result in future.result()]


def _lint_chunk(chunk: list[_Todo]) -> list[_Done]:
    return [_lint_one(item) for item in chunk]


def _lint_one(item: _Todo) -> _Done:
    from exportlint.engine import lint_bytes

    name, data, digest, settings = item
    return name, digest, settings, lint_bytes(data, name, settings)
