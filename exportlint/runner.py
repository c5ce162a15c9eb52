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
    `resolver`); without it every file gets `settings`. Files are linted in groups of the
    same settings, each group with its own cache file."""
    settings = settings or Settings()
    if settings_for is None:
        return _lint_group(paths, settings, cache_dir, jobs)
    groups: dict[int, tuple[Settings, list[str | Path]]] = {}
    for raw in paths:
        own = settings_for(str(raw))
        groups.setdefault(id(own), (own, []))[1].append(raw)
    found = [d for own, group in groups.values() for d in _lint_group(group, own, cache_dir, jobs)]
    return sorted(found, key=lambda d: d.path) if len(groups) > 1 else found


def _lint_group(
    paths: Sequence[str | Path],
    settings: Settings,
    cache_dir: Path | None,
    jobs: int | None,
) -> list[Diagnostic]:
    cache = Cache(cache_dir, settings.fingerprint()) if cache_dir is not None else None
    results: dict[str, list[Diagnostic]] = {}
    todo: list[tuple[str, bytes, str]] = []
    for raw in paths:
        name = str(raw)
        try:
            data = Path(raw).read_bytes()
        except OSError as error:
            from exportlint.engine import read_error

            results[name] = read_error(name, error, settings)
            continue
        digest = content_hash(data)
        cached = cache.get(_cache_key(name), digest) if cache is not None else None
        if cached is not None:
            results[name] = cached
        else:
            todo.append((name, data, digest))
    for name, digest, diagnostics in _lint_all(todo, settings, jobs):
        results[name] = diagnostics
        if cache is not None:
            cache.put(_cache_key(name), digest, diagnostics)
    if cache is not None:
        cache.save()
    return [d for name in sorted(results) for d in results[name]]


def _cache_key(name: str) -> str:
    # The same relative name from two working directories (`a.py` in the root and in tests/)
    # is two files, and per-file-ignores may treat them differently: key by absolute path.
    return os.path.abspath(name)


def _lint_all(
    todo: list[tuple[str, bytes, str]], settings: Settings, jobs: int | None
) -> list[tuple[str, str, list[Diagnostic]]]:
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
        return [_lint_one(item, settings) for item in todo]
    # Biggest files first so that no worker is left with a long file at the end.
    todo = sorted(todo, key=lambda item: len(item[1]), reverse=True)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_lint_chunk, todo[i::workers], settings) for i in range(workers)]
        return [result for future in futures for result in future.result()]


def _lint_chunk(
    chunk: list[tuple[str, bytes, str]], settings: Settings
) -> list[tuple[str, str, list[Diagnostic]]]:
    return [_lint_one(item, settings) for item in chunk]


def _lint_one(
    item: tuple[str, bytes, str], settings: Settings
) -> tuple[str, str, list[Diagnostic]]:
    from exportlint.engine import lint_bytes

    name, data, digest = item
    return name, digest, lint_bytes(data, name, settings)
