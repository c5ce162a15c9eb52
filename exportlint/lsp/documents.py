"""The open documents: text and version, kept in sync from didOpen / didChange / didClose.

Kept here rather than in pygls's workspace, whose line model is `str.splitlines` (a form feed
or `\\u2028` would count as a line break there and shift every later incremental edit).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from lsprotocol import types

from exportlint.lsp.positions import LineIndex

PYTHON_LANGUAGES = frozenset({"python", "pyi"})


@dataclass(frozen=True)
class Snapshot:
    """One version of one document: what a lint runs on."""

    uri: str
    path: str  # the file's path, or the URI for documents that are not files
    is_file: bool
    version: int | None
    text: str


def uri_to_path(uri: str) -> str | None:
    """The filesystem path of a `file:` URI, None for anything else (untitled:, ...)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]  # file:///C:/x -> C:/x
    if parsed.netloc and parsed.netloc != "localhost":
        path = f"//{parsed.netloc}{path}"  # UNC
    return os.path.normpath(path) if path else None


def is_python(language_id: str, path: str) -> bool:
    return language_id in PYTHON_LANGUAGES or path.endswith((".py", ".pyi"))


class Documents:
    def __init__(self) -> None:
        self._open: dict[str, Snapshot] = {}
        self._language: dict[str, str] = {}

    def __contains__(self, uri: object) -> bool:
        return uri in self._open

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._open))

    def __len__(self) -> int:
        return len(self._open)

    def get(self, uri: str) -> Snapshot | None:
        return self._open.get(uri)

    def language(self, uri: str) -> str:
        return self._language.get(uri, "")

    def open(self, item: types.TextDocumentItem) -> Snapshot:
        path = uri_to_path(item.uri)
        snapshot = Snapshot(
            uri=item.uri,
            path=path if path is not None else item.uri,
            is_file=path is not None,
            version=item.version,
            text=item.text,
        )
        self._open[item.uri] = snapshot
        self._language[item.uri] = item.language_id
        return snapshot

    def change(
        self,
        document: types.VersionedTextDocumentIdentifier,
        changes: Sequence[types.TextDocumentContentChangeEvent],
        encoding: str,
    ) -> Snapshot | None:
        """Apply the changes in order; None for a document that is not open."""
        current = self._open.get(document.uri)
        if current is None:
            return None
        text = current.text
        for change in changes:
            text = apply_change(text, change, encoding)
        updated = Snapshot(current.uri, current.path, current.is_file, document.version, text)
        self._open[document.uri] = updated
        return updated

    def close(self, uri: str) -> bool:
        self._language.pop(uri, None)
        return self._open.pop(uri, None) is not None


def apply_change(text: str, change: types.TextDocumentContentChangeEvent, encoding: str) -> str:
    if isinstance(change, types.TextDocumentContentChangePartial):
        index = LineIndex(text, encoding)
        start = index.offset(change.range.start)
        end = index.offset(change.range.end)
        end = max(start, end)  # a reversed range (a client bug): an insertion, not a loss
        return text[:start] + change.text + text[end:]
    return change.text
