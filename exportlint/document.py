"""Reading a file the way Python would: PEP 263 encoding cookie, BOM, newline style."""

from __future__ import annotations

import re
import tokenize
from collections.abc import Callable
from dataclasses import dataclass

# The line breaks Python itself counts (ast line numbers): not str.splitlines, which also
# splits on form feeds, \x1c-\x1e, \x85 and \u2028/\u2029.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_lines(text: str, upto: int | None = None) -> list[str]:
    """The lines of `text` numbered as ast numbers them (a form feed between two definitions,
    common in older code, must not shift every later line).

    `upto`: only lines 1 to `upto` are needed (a report showing the lines of diagnostics):
    the list holds them, exactly, and then the rest of the text as one item."""
    # Without a carriage return, `\n` is the only break: str.split is several times faster
    # than the regex (a few percent of a whole lint).
    limit = -1 if upto is None else upto
    lines = text.split("\n", limit) if "\r" not in text else _LINE_BREAK.split(text, max(limit, 0))
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class DecodeError(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Document:
    path: str
    text: str
    encoding: str  # as declared or detected; "utf-8-sig" when there was a BOM
    newline: str  # "\n", "\r\n" or "\r": the first line ending in the file


def decode(data: bytes, path: str) -> Document:
    try:
        encoding, _ = tokenize.detect_encoding(_physical_lines(data))
    except SyntaxError as error:
        # detect_encoding decodes the first two lines as UTF-8 while looking for a cookie, so
        # a stray non-UTF-8 byte there surfaces as "invalid or missing encoding declaration";
        # name the byte and its position instead, as for a bad byte further down.
        if error.msg.startswith("invalid or missing encoding declaration"):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as bad:
                raise _byte_error(data, bad, "utf-8") from None
        raise DecodeError(f"bad encoding declaration: {error.msg}") from None
    try:
        text = data.decode(encoding)
    except LookupError:
        raise DecodeError(f"unknown encoding `{encoding}`") from None
    except UnicodeDecodeError as error:
        raise _byte_error(data, error, encoding) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return Document(path=path, text=text, encoding=encoding, newline=newline_of(text))


_BYTE_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _physical_lines(data: bytes) -> Callable[[], bytes]:
    """A `readline` over `data` that ends lines at \r, \r\n and \n, as Python's parser does.

    `BytesIO.readline` ends lines at \n only: in a file with CR-only newlines the whole file
    is its "first line", and `encoding: bool` anywhere in it was taken for a coding cookie.
    """
    lines = (match.group() for match in _BYTE_LINE.finditer(data))  # lazy: two lines

    def readline() -> bytes:
        return next(lines, b"")

    return readline


def _byte_error(data: bytes, error: UnicodeDecodeError, encoding: str) -> DecodeError:
    line = data.count(b"\n", 0, error.start) + 1
    column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    return DecodeError(
        f"not valid {encoding}: byte 0x{data[error.start]:02x} at line {line}, "
        f"column {column} (declare the encoding with a `# -*- coding: ... -*-` line)",
        line,
        column,
    )


def newline_of(text: str) -> str:
    """The first line ending of `text` (\\n when it has none)."""
    index = text.find("\n")
    if index > 0 and text[index - 1] == "\r":
        return "\r\n"
    if index < 0 and "\r" in text:
        return "\r"
    return "\n"
