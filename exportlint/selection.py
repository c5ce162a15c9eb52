"""Which rule codes are on for a file: select / extend-select / ignore / per-file-ignores."""

from __future__ import annotations

import fnmatch
import os
from pathlib import PurePath

from exportlint.config import Settings


def _matches(code: str, selectors: tuple[str, ...]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selectors)


def enabled_codes(all_codes: list[str], settings: Settings, path: str) -> frozenset[str]:
    ignored = settings.ignore + _file_ignores(settings, path)
    return frozenset(
        code
        for code in all_codes
        if _matches(code, settings.select + settings.extend_select)
        and not _more_specific_ignore(code, ignored, settings.select + settings.extend_select)
    )


def _more_specific_ignore(code: str, ignored: tuple[str, ...], selected: tuple[str, ...]) -> bool:
    # Like Ruff: the most specific selector wins (`--select EXL101 --ignore EXL1` keeps EXL101).
    best_ignore = max((len(s) for s in ignored if s == "ALL" or code.startswith(s)), default=-1)
    best_select = max((len(s) for s in selected if s == "ALL" or code.startswith(s)), default=-1)
    return best_ignore >= 0 and best_ignore >= best_select


def _file_ignores(settings: Settings, path: str) -> tuple[str, ...]:
    if not settings.per_file_ignores:
        return ()
    pure = PurePath(path)
    try:
        # Patterns are relative to the root (the pyproject.toml's directory) but a relative
        # path is relative to the cwd, which may be below the root (`cd tests && exportlint .`
        # must still apply `"tests/*" = [...]`): compare absolute paths.
        root = os.path.abspath(settings.root)
        relative = PurePath(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        relative = pure.as_posix()
    out: list[str] = []
    for pattern, codes in settings.per_file_ignores:
        if (
            fnmatch.fnmatch(relative, pattern)
            or fnmatch.fnmatch(pure.name, pattern)
            or fnmatch.fnmatch(pure.as_posix(), pattern)
        ):
            out.extend(codes)
    return tuple(out)
