"""Which settings apply to a file: the closest settings file above it, as Ruff resolves them.

`exportlint proj/` run from proj's parent honours `proj/pyproject.toml`, and a sub-project's
own `exportlint.toml` applies to its files only. `--config FILE` and `--isolated` give every
file the same settings; command-line options (`--select`, `--exclude`, ...) apply on top of
whichever settings a file gets.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from exportlint.config import Settings, config_in, load_settings


class Resolver:
    def __init__(
        self,
        fallback: Settings,
        overrides: Callable[[Settings], Settings] = lambda settings: settings,
        hierarchical: bool = True,
    ) -> None:
        """`fallback`: the settings of files with no settings file above them (the working
        directory's, or the defaults), overrides already applied. `hierarchical=False`: every
        file gets `fallback` (`--config`, `--isolated`)."""
        self.fallback = fallback
        self._overrides = overrides
        self._hierarchical = hierarchical
        self._by_directory: dict[str, Settings] = {}
        self._by_config: dict[str, Settings] = {}

    def for_file(self, path: str | Path) -> Settings:
        if not self._hierarchical:
            return self.fallback
        directory = os.path.dirname(os.path.abspath(path))
        # Most files share their directory with an earlier one: no second `abspath`.
        found = self._by_directory.get(directory)
        return found if found is not None else self.for_directory(directory)

    def for_directory(self, directory: str | Path) -> Settings:
        if not self._hierarchical:
            return self.fallback
        key = os.path.abspath(directory)
        found = self._by_directory.get(key)
        if found is not None:
            return found
        config = config_in(key)
        if config is not None:
            found = self._load(config)
        else:
            parent = os.path.dirname(key)
            found = self.fallback if parent == key else self.for_directory(parent)
        self._by_directory[key] = found
        return found

    def _load(self, config: Path) -> Settings:
        key = str(config)
        if key == self.fallback.config_path:
            return self.fallback
        if key not in self._by_config:
            self._by_config[key] = self._overrides(load_settings(config))
        return self._by_config[key]
