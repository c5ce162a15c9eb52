"""Positions: exportlint's 1-based character columns <-> LSP's 0-based positions.

LSP lines end at `\\n`, `\\r\\n` or `\\r` (the same breaks Python counts: a form feed or a
`\\u2028` is not a line end, unlike `str.splitlines`), and LSP characters count code units of
the negotiated position encoding: UTF-16 by default, UTF-8 or UTF-32 if the client offers them.
"""

from __future__ import annotations

import bisect
import re

from lsprotocol import types

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def units(text: str, encoding: str) -> int:
    """How many code units of `encoding` `text` takes."""
    if text.isascii() or encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8"))
    return len(text.encode("utf-16-le")) // 2


def characters(line: str, count: int, encoding: str) -> int:
    """How many characters of `line` the first `count` code units cover (clamped)."""
    if count <= 0:
        return 0
    if line.isascii() or encoding == UTF32:
        return min(count, len(line))
    used = 0
    for index, char in enumerate(line):
        used += units(char, encoding)
        if used > count:  # `count` falls inside this character: before it
            return index
        if used == count:
            return index + 1
    return len(line)


class LineIndex:
    """Line starts of one text, to convert offsets and positions both ways."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self.starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]

    def line_text(self, line: int) -> str:
        """Line `line` (0-based) without its line break; "" past the end."""
        if not 0 <= line < len(self.starts):
            return ""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        text = self.text[start:end]
        if text.endswith("\r\n"):
            return text[:-2]
        if text.endswith(("\n", "\r")):
            return text[:-1]
        return text

    # ----------------------------------------------------------- LSP positions

    def offset(self, position: types.Position) -> int:
        """The offset of an LSP position; out-of-range positions are clamped (a character
        past the end of its line means the end of the line, as the protocol says)."""
        if position.line >= len(self.starts):
            return len(self.text)
        line = self.line_text(position.line)
        return self.starts[position.line] + characters(line, position.character, self.encoding)

    def position(self, offset: int) -> types.Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        before = self.text[self.starts[line] : offset]
        return types.Position(line=line, character=units(before, self.encoding))

    # ------------------------------------------------- exportlint's coordinates

    def edit_offset(self, line: int, column: int) -> int:
        """A 1-based line and character column as `exportlint.fixer.apply_edits` reads them,
        so that an edit lands where `exportlint --fix` would put it."""
        if line - 1 >= len(self.starts):
            return len(self.text)
        return min(self.starts[max(line, 1) - 1] + max(column, 1) - 1, len(self.text))

    def diagnostic_position(self, line: int, column: int) -> types.Position:
        """A diagnostic's 1-based line and column, kept on its own line."""
        if line - 1 >= len(self.starts):
            return self.position(len(self.text))
        text = self.line_text(max(line, 1) - 1)
        column = min(max(column, 1) - 1, len(text))
        return types.Position(line=max(line, 1) - 1, character=units(text[:column], self.encoding))

    def edit_range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        return types.Range(
            start=self.position(self.edit_offset(line, column)),
            end=self.position(self.edit_offset(end_line, end_column)),
        )
