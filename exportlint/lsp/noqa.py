"""'Disable EXL101 for this line': the edit that adds or extends a `# noqa:` comment.

The comment goes on the line the engine reads for the diagnostic (`noqa_line`, the first line
of its statement, else the diagnostic's own line), and only where a comment can go: not after a
backslash continuation and not inside a multi-line string (tokenize tells which line ends are
real). An existing `# noqa: E501` becomes `# noqa: E501, EXL101`; any other comment keeps its
text and gets `  # noqa: EXL101` after it.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

from exportlint.diagnostics import Diagnostic, Edit

# The very pattern the engine reads, so that the comment written is the comment read.
from exportlint.suppressions import _NOQA as NOQA
from exportlint.suppressions import noqa_codes, suppressed

CODE = re.compile(r"[A-Za-z]+[0-9]*")

__all__ = ["CODE", "NOQA", "Comments", "noqa_edit", "scan"]


@dataclass(frozen=True)
class Comments:
    """Where comments are, and which physical lines end outside a string or continuation."""

    comments: dict[int, tuple[int, str]]  # line -> (0-based column, comment text)
    line_ends: frozenset[int]  # lines whose end is a real line end


def scan(text: str) -> Comments | None:
    """None when the text does not tokenize (no comment can be placed safely)."""
    comments: dict[int, tuple[int, str]] = {}
    ends: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            if token.type == tokenize.COMMENT:
                comments[token.start[0]] = (token.start[1], token.string)
            elif token.type in (tokenize.NEWLINE, tokenize.NL):
                ends.add(token.start[0])
    except (tokenize.TokenError, SyntaxError):
        return None
    return Comments(comments, frozenset(ends))


def noqa_edit(diagnostic: Diagnostic, lines: list[str], comments: Comments) -> Edit | None:
    """The edit that suppresses `diagnostic`, or None when no line can take the comment."""
    code = diagnostic.code
    candidates = [n for n in (diagnostic.noqa_line, diagnostic.line) if 0 < n <= len(lines)]
    for number in dict.fromkeys(candidates):
        line = lines[number - 1]
        end = len(line) + 1
        found = comments.comments.get(number)
        if found is not None:
            column, comment = found
            match = NOQA.search(comment)
            if match is not None:
                codes = noqa_codes(comment)
                if suppressed(code, codes) or match.group("codes") is None:
                    return None  # already suppressed: the diagnostic is stale
                at = column + match.end("codes") + 1
                return Edit(number, at, number, at, f", {code}")
            kept = len(line.rstrip())
            return Edit(number, kept + 1, number, end, f"  # noqa: {code}")
        if number in comments.line_ends:
            kept = len(line.rstrip())
            separator = "  " if kept else ""
            return Edit(number, kept + 1, number, end, f"{separator}# noqa: {code}")
    return None
