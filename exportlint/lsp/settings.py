"""Settings for a document: its nearest `pyproject.toml`, reloaded when that file changes.

The lookup is the CLI's (`config.find_config` from the document's directory upwards, then
`config.load_settings`); client options replace `select` / `ignore` the way `--select` /
`--ignore` do. Each directory's answer is cached with the stat of every `pyproject.toml` it
looked at (and of those that were absent), so that an edit, a new file or a deleted file is
noticed by re-statting a handful of paths, whether or not the client reports file changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from exportlint.config import ConfigError, Settings, find_config, load_settings
from exportlint.lsp.options import ClientOptions

# (mtime_ns, size, inode) of a file, or None when it does not exist.
_Stamp = tuple[int, int, int] | None


@dataclass(frozen=True)
class _Entry:
    settings: Settings
    stamps: tuple[tuple[str, _Stamp], ...]
    error: str


def _stamp(path: str) -> _Stamp:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


class SettingsResolver:
    def __init__(
        self, options: ClientOptions, report_error: Callable[[str], None] | None = None
    ) -> None:
        self.options = options
        self._report_error = report_error
        self._cache: dict[str, _Entry] = {}
        self._reported: set[str] = set()

    def set_options(self, options: ClientOptions) -> None:
        self.options = options

    def settings_for(self, path: str | None, fallback_root: str) -> Settings:
        """Settings for a file (None: a document that is not a file, e.g. untitled:)."""
        directory = os.path.dirname(os.path.abspath(path)) if path else fallback_root
        entry = self._cache.get(directory)
        if entry is None or self._stale(entry):
            entry = self._load(directory)
            self._cache[directory] = entry
        if entry.error and entry.error not in self._reported and self._report_error:
            self._reported.add(entry.error)
            self._report_error(entry.error)
        return self._with_options(entry.settings)

    def invalidate(self) -> None:
        self._cache.clear()
        self._reported.clear()

    def stale(self) -> bool:
        """Whether any cached answer is out of date (and drop those): for polling."""
        stale = [directory for directory, entry in self._cache.items() if self._stale(entry)]
        for directory in stale:
            del self._cache[directory]
        return bool(stale)

    def _with_options(self, settings: Settings) -> Settings:
        updates: dict[str, tuple[str, ...]] = {}
        if self.options.select is not None:
            updates["select"] = self.options.select
        if self.options.ignore is not None:
            updates["ignore"] = self.options.ignore
        return replace(settings, **updates) if updates else settings  # type: ignore[arg-type]

    @staticmethod
    def _stale(entry: _Entry) -> bool:
        return any(_stamp(path) != stamp for path, stamp in entry.stamps)

    def _load(self, directory: str) -> _Entry:
        error = ""
        # Every pyproject.toml from the directory up to the one used (or to the root): any of
        # them appearing, changing or vanishing can change the answer.
        base = Path(directory).resolve()  # as find_config resolves it
        candidates = [str(parent / "pyproject.toml") for parent in [base, *base.parents]]
        # Stamps are taken before reading, so that a write during the read is seen as a change.
        stamps = [(candidate, _stamp(candidate)) for candidate in candidates]
        try:
            found = find_config(Path(directory))
            settings = load_settings(found) if found else Settings(root=directory)
        except ConfigError as error_:
            error = f"{error_} (exportlint is using the default settings until it is fixed)"
            settings = Settings(root=directory)
            found = None
        if found is not None:
            used = str(found)
            if used in candidates:
                stamps = stamps[: candidates.index(used) + 1]
        return _Entry(settings, tuple(stamps), error)
