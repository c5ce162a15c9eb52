"""Which files a run lints: `*.py`/`*.pyi` under the given paths, minus excludes and what
git ignores.

Each directory is walked with the settings that apply to it (see `resolver`): a sub-project's
`exclude` applies under it only. Paths are returned relative to the working directory when
they are under it, as every output format prints them.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exportlint.config import Settings
from exportlint.gitignore import GitIgnore
from exportlint.resolver import Resolver

SOURCE_SUFFIXES = (".py", ".pyi")


@dataclass(frozen=True)
class Discovery:
    files: list[Path]
    missing: list[str]  # paths given on the command line that do not exist
    # "PATH: why" for what was given or found but cannot be linted: an unreadable directory,
    # a FIFO, a symlink loop.
    errors: list[str] = field(default_factory=list)
    settings: dict[Path, Settings] = field(default_factory=dict)  # each file's settings

    def settings_for(self, path: Path, default: Settings) -> Settings:
        return self.settings.get(path, default)


def discover(paths: Sequence[str], settings: Settings | Resolver) -> Discovery:
    resolver = (
        settings if isinstance(settings, Resolver) else Resolver(settings, hierarchical=False)
    )
    excluders: dict[int, _Excluder] = {}

    def excluder(settings: Settings) -> _Excluder:
        if id(settings) not in excluders:
            excluders[id(settings)] = _Excluder(settings)
        return excluders[id(settings)]

    files: list[Path] = []
    file_settings: dict[Path, Settings] = {}
    missing: list[str] = []
    errors: list[str] = []
    seen: dict[str, int] = {}  # real path -> index in `files`
    gitignore = GitIgnore()
    cwd = os.getcwd()
    for raw in paths:
        path = Path(raw)
        problem, is_dir = _lintable(raw)
        if problem == "missing":
            missing.append(raw)
            continue
        if problem:
            errors.append(f"{raw}: {problem}")
            continue
        if is_dir:
            dir_config = resolver.for_directory(os.path.dirname(os.path.abspath(path)))
            if dir_config.force_exclude and excluder(dir_config).excludes_path(path):
                continue
            # A directory named on the command line is walked even if git ignores it, as a
            # file named there is linted; the ignore files then do not apply inside it.
            named_ignored = _git_ignored(path, gitignore)
            found: Iterator[tuple[Path, Settings]] = _walk(
                path, resolver, excluder, None if named_ignored else gitignore, errors
            )
        else:
            file_config = resolver.for_file(path)
            # A file named on the command line is linted even if a pattern excludes it,
            # unless `--force-exclude` (so that pre-commit, which names every file, honours
            # the same exclude list as a run over the tree).
            if file_config.force_exclude and excluder(file_config).excludes_path(path):
                continue
            found = iter([(path, file_config)])
        for file, config in found:
            absolute = os.path.abspath(file)
            file = _display(file, absolute, cwd)
            is_link = os.path.islink(file)
            # Only links need resolving; `abspath` is enough (and far cheaper) for the rest.
            key = os.path.realpath(file) if is_link else absolute
            if key not in seen:
                seen[key] = len(files)
                files.append(file)
                file_settings[file] = config
            elif files[seen[key]].is_symlink() and not is_link:
                # The same file was reached through a symlink first (`link.py` sorts before
                # `model.py`): report it under its real path, not the link's.
                del file_settings[files[seen[key]]]
                files[seen[key]] = file
                file_settings[file] = config
    return Discovery(files=files, missing=missing, errors=errors, settings=file_settings)


def force_excluded(path: Path, settings: Settings) -> bool:
    """Whether --force-exclude drops `path` (a name from the command line or stdin)."""
    return _Excluder(settings).excludes_path(path)


def _lintable(path: str) -> tuple[str, bool]:
    """("", whether it is a directory) when `path` can be linted (a file or a directory);
    otherwise ("missing", False) or (what it is, False). One `stat`: pre-commit names every
    file."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop", False
        if os.path.islink(path):
            return "a broken symbolic link (its target does not exist)", False
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return "missing", False
        return f"cannot read: {error.strerror}", False
    if stat.S_ISDIR(mode):
        return "", True
    if stat.S_ISREG(mode):
        return "", False
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a file: not read", False
    if stat.S_ISSOCK(mode):
        return "a socket, not a file: not read", False
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file: not read", False
    return "not a regular file: not read", False


def _display(path: Path, absolute: str, cwd: str) -> Path:
    """`path` (`absolute` is its `os.path.abspath`) relative to the working directory when it
    is under it (`./a/../b.py` is `b.py`), as given otherwise."""
    if absolute == cwd:
        return Path(os.curdir)
    prefix = cwd.rstrip(os.sep) + os.sep
    if absolute.startswith(prefix):
        # Both are normalised: the rest of `absolute` is what `os.path.relpath` computes.
        return Path(absolute[len(prefix) :])
    return path


class _Excluder:
    """All exclude patterns of one settings as one compiled regex, matched against a name and
    a path relative to the settings' root."""

    def __init__(self, settings: Settings) -> None:
        patterns = settings.exclude + settings.extend_exclude
        translated = [fnmatch.translate(p.rstrip("/")) for p in patterns if p.strip("/")]
        self._regex = re.compile("|".join(translated)) if translated else None
        self.root = os.path.abspath(settings.root)
        self.gitignore = settings.respect_gitignore

    def __call__(self, name: str, relative: str) -> bool:
        if self._regex is None:
            return False
        return bool(self._regex.match(name) or self._regex.match(relative))

    def relative(self, path: str) -> str:
        """`path` (absolute) relative to the settings root, as a POSIX string."""
        if path == self.root:
            return ""
        if path.startswith(self.root.rstrip(os.sep) + os.sep):
            return Path(os.path.relpath(path, self.root)).as_posix()
        return Path(path).as_posix()

    def excludes_path(self, path: Path) -> bool:
        """For --force-exclude: the path or any of its directories matches a pattern."""
        absolute = os.path.abspath(path)
        relative = self.relative(absolute)
        parts = relative.split("/")
        return any(self(parts[i], "/".join(parts[: i + 1])) for i in range(len(parts)))


def _git_ignored(directory: Path, gitignore: GitIgnore) -> bool:
    absolute = os.path.abspath(directory)
    parent = os.path.dirname(absolute)
    if parent == absolute:
        return False
    ignored = gitignore.matcher(parent)
    return ignored is not None and ignored(os.path.basename(absolute), True)


def _walk(
    directory: Path,
    resolver: Resolver,
    excluder: Callable[[Settings], _Excluder],
    gitignore: GitIgnore | None,
    errors: list[str],
) -> Iterator[tuple[Path, Settings]]:
    stack = [directory]
    while stack:
        current = stack.pop()
        absolute = os.path.abspath(current)
        settings = resolver.for_directory(absolute)
        excluded = excluder(settings)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as error:
            # Skipping it silently read as "All checks passed": say what was not linted.
            errors.append(f"{current}: cannot read directory: {error.strerror}")
            continue
        prefix = excluded.relative(absolute)
        prefix = f"{prefix}/" if prefix else ""
        ignored = gitignore.matcher(absolute) if excluded.gitignore and gitignore else None
        subdirs = []
        for entry in entries:
            if excluded(entry.name, prefix + entry.name):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                if is_dir or (entry.name.endswith(SOURCE_SUFFIXES) and entry.is_file()):
                    if ignored is not None and ignored(entry.name, is_dir):
                        continue
                    if is_dir:
                        subdirs.append(Path(entry.path))
                    else:
                        yield Path(entry.path), settings
            except OSError:
                continue
        stack.extend(reversed(subdirs))
