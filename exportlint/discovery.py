"""Which files a run lints: `*.py`/`*.pyi` under the given paths, minus excludes."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from exportlint.config import Settings

SOURCE_SUFFIXES = (".py", ".pyi")


@dataclass(frozen=True)
class Discovery:
    files: list[Path]
    missing: list[str]  # paths given on the command line that do not exist


def discover(paths: Sequence[str], settings: Settings) -> Discovery:
    excluded = _Excluder(settings.exclude + settings.extend_exclude)
    root = Path(settings.root).resolve()
    files: list[Path] = []
    missing: list[str] = []
    seen: dict[str, int] = {}  # real path -> index in `files`
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found: Iterator[Path] = _walk(path, excluded, _relative(path, root))
        elif path.is_file() or (path.is_symlink() and path.exists()):
            # A file named on the command line is linted even if a pattern excludes it.
            found = iter([path])
        else:
            missing.append(raw)
            continue
        for file in found:
            is_link = file.is_symlink()
            # Only links need resolving; `abspath` is enough (and far cheaper) for the rest.
            key = os.path.realpath(file) if is_link else os.path.abspath(file)
            if key not in seen:
                seen[key] = len(files)
                files.append(file)
            elif files[seen[key]].is_symlink() and not is_link:
                # The same file was reached through a symlink first (`link.py` sorts before
                # `model.py`): report it under its real path, not the link's.
                files[seen[key]] = file
    return Discovery(files=files, missing=missing)


class _Excluder:
    """All exclude patterns as one compiled regex, matched against a name and a path."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        translated = [fnmatch.translate(p.rstrip("/")) for p in patterns if p.strip("/")]
        self._regex = re.compile("|".join(translated)) if translated else None

    def __call__(self, name: str, relative: str) -> bool:
        if self._regex is None:
            return False
        return bool(self._regex.match(name) or self._regex.match(relative))


def _relative(path: Path, root: Path) -> str:
    """`path` relative to the settings root, as a POSIX string ("" for the root itself)."""
    try:
        relative = path.resolve().relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    return "" if relative == "." else relative


def _walk(directory: Path, excluded: _Excluder, relative: str) -> Iterator[Path]:
    stack = [(directory, relative)]
    while stack:
        current, current_relative = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        prefix = f"{current_relative}/" if current_relative else ""
        for entry in entries:
            entry_relative = prefix + entry.name
            if excluded(entry.name, entry_relative):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subdirs.append((Path(entry.path), entry_relative))
                elif entry.name.endswith(SOURCE_SUFFIXES) and entry.is_file():
                    yield Path(entry.path)
            except OSError:
                continue
        stack.extend(reversed(subdirs))
