"""Results cache keyed by file content, settings and exportlint version.

One JSON file per (version + source fingerprint, settings): {path: [content hash, diagnostics]}.
Written atomically, so an interrupted run never leaves a corrupt cache; an unreadable cache is
treated as empty.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from exportlint.diagnostics import Diagnostic

CACHE_DIR_NAME = ".exportlint_cache"


def content_hash(data: bytes) -> str:
    """The key of a linted file's content. SHA-256 (hardware-accelerated on current CPUs) is
    about twice as fast as BLAKE2b here, and a warm run hashes every file."""
    return hashlib.sha256(data).hexdigest()[:32]


def _module_hash(data: bytes) -> str:
    """The digest whole-project analysis records for each other module it read
    (`analysis.project`): what a cached result's dependencies are compared with."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _code_fingerprint() -> str:
    """Changes whenever exportlint's own source changes (a development install, an upgrade)."""
    from exportlint import __version__

    package = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    # os.walk with string paths: pathlib's rglob cost more than the 160 `stat` calls.
    found: list[str] = []
    for directory, subdirectories, names in os.walk(package):
        subdirectories[:] = [name for name in subdirectories if name != "__pycache__"]
        found.extend(os.path.join(directory, name) for name in names if name.endswith(".py"))
    for path in sorted(found):
        stat = os.stat(path)
        digest.update(f"{os.path.basename(path)}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


def _pending(data: dict[str, object]) -> bool:
    fix = data.get("fix")
    return isinstance(fix, dict) and fix.get("pending") is True


class Cache:
    def __init__(self, directory: Path, settings_key: str) -> None:
        self.directory = directory
        self.file = directory / f"{_code_fingerprint()}-{settings_key}.json"
        # path -> (content hash, diagnostics, {other file read by the analysis: its hash}).
        self.entries: dict[str, tuple[str, list[dict[str, object]], dict[str, str]]] = {}
        self.dirty = False
        self._digests: dict[str, str | None] = {}
        try:
            with self.file.open(encoding="utf-8") as handle:
                loaded = json.load(handle)
            if isinstance(loaded, dict):
                # Only well-formed entries are kept; a malformed one is a cache miss.
                self.entries = {
                    k: (v[0], v[1], v[2])
                    for k, v in loaded.items()
                    if isinstance(v, list)
                    and len(v) == 3
                    and isinstance(v[0], str)
                    and isinstance(v[1], list)
                    and isinstance(v[2], dict)
                    and all(isinstance(h, str) for h in v[2].values())
                }
        except (OSError, ValueError, TypeError, IndexError, KeyError):
            self.entries = {}

    def get(self, path: str, digest: str, complete: bool = False) -> list[Diagnostic] | None:
        """The cached diagnostics of a file; `complete`: only if its fixes were built (a lint
        with fixes deferred stored pending ones)."""
        entry = self.entries.get(path)
        if entry is None or entry[0] != digest:
            return None
        if complete and any(_pending(d) for d in entry[1]):
            return None
        # Whole-project analysis read other modules: the result holds while they are unchanged.
        for other, other_digest in entry[2].items():
            if self._digest_of(other) != other_digest:
                return None
        try:
            return [Diagnostic.from_json(d) for d in entry[1]]
        except Exception:
            # Right digest, malformed diagnostics (a hand-edited or foreign file): a miss,
            # relinted and overwritten, never an error.
            del self.entries[path]
            self.dirty = True
            return None

    def _digest_of(self, path: str) -> str | None:
        if path not in self._digests:
            try:
                with open(path, "rb") as handle:
                    self._digests[path] = _module_hash(handle.read())
            except OSError:
                self._digests[path] = None
        return self._digests[path]

    def put(
        self,
        path: str,
        digest: str,
        diagnostics: list[Diagnostic],
        dependencies: dict[str, str] | None = None,
    ) -> None:
        payload = []
        for d in diagnostics:
            data = d.to_json()
            del data["url"]  # derived from the code and name; a smaller file loads faster
            data["noqa_line"] = d.noqa_line
            payload.append(data)
        self.entries[path] = (digest, payload, dict(dependencies or {}))
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            gitignore = self.directory / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# Created by exportlint\n*\n", encoding="utf-8")
            import tempfile  # only a run that linted something writes

            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        except OSError:
            return  # a read-only tree: run without a cache rather than fail
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.entries, handle, separators=(",", ":"))
            os.replace(tmp, self.file)
        except BaseException as error:
            # A full disk, the cache file turned into a directory, ^C: no stray temporary
            # file is left behind (one per run, before).
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if not isinstance(error, OSError):
                raise
