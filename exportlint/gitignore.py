"""What git ignores: `.gitignore` files from the repository's root down to a directory, and
`.git/info/exclude`, with git's own rules (pathspec's GitIgnoreSpec: negation, anchoring,
`dir/` patterns, the last match wins, a deeper file overrides a shallower one).

As in Ruff (and git itself), ignore files apply only inside a git repository: a `.gitignore`
in a directory that is not under one means nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

# (directory the patterns are relative to, compiled patterns), shallowest first.
_Chain = tuple[tuple[str, "pathspec.GitIgnoreSpec"], ...]


class GitIgnore:
    """Caches, per directory, the ignore files that apply to its entries."""

    def __init__(self) -> None:
        self._chains: dict[str, _Chain | None] = {}

    def matcher(self, directory: str) -> Callable[[str, bool], bool] | None:
        """A test `(entry name, is a directory) -> ignored` for the entries of `directory`
        (absolute), or None when nothing is ignored there."""
        chain = self._chain(directory)
        if not chain:
            return None

        def ignored(name: str, is_dir: bool) -> bool:
            path = os.path.join(directory, name)
            # The deepest ignore file with a matching pattern decides (git's precedence).
            for base, spec in reversed(chain):
                relative = os.path.relpath(path, base).replace(os.sep, "/")
                result = spec.check_file(relative + "/" if is_dir else relative)
                if result.include is not None:
                    return bool(result.include)
            return False

        return ignored

    def _chain(self, directory: str) -> _Chain | None:
        if directory in self._chains:
            return self._chains[directory]
        chain: _Chain | None
        if os.path.exists(os.path.join(directory, ".git")):
            # The repository's root: info/exclude applies as if it were a root .gitignore.
            chain = tuple(
                (directory, spec)
                for spec in (
                    _spec(os.path.join(directory, ".git", "info", "exclude")),
                    _spec(os.path.join(directory, ".gitignore")),
                )
                if spec is not None
            )
        else:
            parent = os.path.dirname(directory)
            above = None if parent == directory else self._chain(parent)
            if above is None:
                chain = None  # not in a repository
            else:
                own = _spec(os.path.join(directory, ".gitignore"))
                chain = above if own is None else (*above, (directory, own))
        self._chains[directory] = chain
        return chain


def _spec(path: str) -> pathspec.GitIgnoreSpec | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    if not lines:
        return None
    import pathspec  # only when there is an ignore file: ~30 ms of start-up otherwise

    return pathspec.GitIgnoreSpec.from_lines(lines)
