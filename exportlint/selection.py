"""Which rule codes are on for a file: select / extend-select / ignore / per-file-ignores."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import replace
from pathlib import PurePath

from exportlint.config import Settings
from exportlint.diagnostics import Applicability, Diagnostic, Fix


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


def is_fixable(code: str, settings: Settings) -> bool:
    """`fixable` / `extend-fixable` / `unfixable`, the most specific selector winning."""
    allowed = settings.fixable + settings.extend_fixable
    return _matches(code, allowed) and not _more_specific_ignore(code, settings.unfixable, allowed)


def fixability(found: list[Diagnostic], settings: Settings) -> list[Diagnostic]:
    """A rule that is not fixable keeps its fixes as display-only suggestions: still shown,
    never applied by --fix (nor offered as a fix-all by an editor)."""
    if settings.fixable == ("ALL",) and not settings.unfixable:
        return found
    out = []
    for d in found:
        if d.fix is not None and not is_fixable(d.code, settings):
            d = replace(
                d,
                fix=_display_only(d.fix),
                alternatives=tuple(_display_only(f) for f in d.alternatives),
            )
        out.append(d)
    return out


def _display_only(fix: Fix) -> Fix:
    return replace(
        fix,
        applicability=Applicability.DISPLAY_ONLY,
        description=f"{fix.description} (not applied: the rule is not fixable here)",
    )
