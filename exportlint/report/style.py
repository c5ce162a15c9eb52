"""Colour for the human formats, on a terminal only: `NO_COLOR` (any value) turns it off,
`FORCE_COLOR` (any value) turns it on even when the output is not a terminal
(https://no-color.org, https://force-color.org)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

_RESET = "\x1b[0m"


def use_color(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


@dataclass(frozen=True)
class Style:
    color: bool = False

    def _paint(self, text: str, sgr: str) -> str:
        return f"\x1b[{sgr}m{text}{_RESET}" if self.color and text else text

    def path(self, text: str) -> str:
        return self._paint(text, "1")  # bold

    def dim(self, text: str) -> str:
        return self._paint(text, "36")  # cyan, as Ruff's separators

    def code(self, text: str) -> str:
        return self._paint(text, "1;31")  # bold red

    def fixable(self, text: str) -> str:
        return self._paint(text, "36")

    def severity(self, text: str) -> str:
        return self._paint(text, "31" if text == "error" else "33")  # red / yellow

    def gutter(self, text: str) -> str:
        return self._paint(text, "1;34")  # bold blue

    def caret(self, text: str) -> str:
        return self._paint(text, "1;31")

    def label(self, text: str) -> str:
        return self._paint(text, "1")
