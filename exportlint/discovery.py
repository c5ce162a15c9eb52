"""Which files a run lints: `*.py`/`*.pyi` under the given paths, minus excludes."""

from __future__ import annotations

import fnmatch
import os
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
    patterns = settings.exclude + settings.extend_exclude
    root = Path(settings.root).resolve()
    files: list[Path] = []
    missing: list[str] = []
    seen: dict[Path, int] = {}  # resolved path -> index in `files`
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found: Iterator[Path] = _walk(path, patterns, root)
        elif path.is_file() or (path.is_symlink() and path.exists()):
            # A file named on the command line is linted even if a pattern excludes it.
            found = iter([path])
        else:
            missing.append(raw)
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen[key] = len(files)
                files.append(file)
            elif files[seen[key]].is_symlink() and not file.is_symlink():
                # The same file was reached through a symlink first (`link.py` sorts before
                # `model.py`): report it under its real path, not the link's.
                files[seen[key]] = file
    return Discovery(files=files, missing=missing)


def _walk(directory: Path, patterns: tuple[str, ...], root: Path) -> Iterator[Path]:
    stack = [directory]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            path = Path(entry.path)
            if _excluded(path, patterns, root):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subdirs.append(path)
                elif entry.name.endswith(SOURCE_SUFFIXES) and entry.is_file():
                    yield path
            except OSError:
                continue
        stack.extend(reversed(subdirs))


def _excluded(path: Path, patterns: tuple[str, ...], root: Path) -> bool:
    name = path.name
    try:
        relative = path.resolve().relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    for pattern in patterns:
        if fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(relative, pattern.rstrip("/")):
            return True
    return False
