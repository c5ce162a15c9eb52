"""`# noqa`, `# noqa: EXL101, EXL2` and `# exportlint: skip-file`."""

from __future__ import annotations

import functools
import io
import re
import tokenize

from exportlint.checks import UNUSED_NOQA
from exportlint.diagnostics import Applicability, Diagnostic, Edit, Fix

# Codes are letters followed by digits (EXL101, E501) or a bare `EXL` prefix, so that prose
# after the codes (`
_CODE = r"(?:EXL[0-9]*|[A-Z]+[0-9]+)"
_NOQA = re.compile(rf"#\s*noqa(?::\s*(?P<codes>{_CODE}(?:\s*,\s*{_CODE}|\s+{_CODE}\b)*))?", re.I)
_EXL_NOQA = re.compile(r"noqa\s*:[^\r\n]*EXL", re.I)
_SKIP_FILE = re.compile(r"^\s*#\s*exportlint\s*:\s*skip-file\s*$", re.M)


@functools.lru_cache(maxsize=256)
def _names_exl_in_noqa(text: str) -> bool:
    # Asked for every module a lint reaches, and a shared module's text is the same object
    # for every file (its hash is kept on it): searched once per process, not once a file.
    return "noqa" in text.lower() and _EXL_NOQA.search(text) is not None


def skip_file(text: str) -> bool:
    return "skip-file" in text and _SKIP_FILE.search(text) is not None


def noqa_codes(line: str) -> frozenset[str] | None:
    """None when the line has no noqa; an empty set for a bare `# noqa` (everything)."""
    if "noqa" not in line.lower():
        return None
    match = _NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    if not codes:
        return frozenset()
    return frozenset(c.upper() for c in re.split(r"[\s,]+", codes) if c)


def suppressed(code: str, codes: frozenset[str] | None) -> bool:
    if codes is None:
        return False
    if not codes:
        return True
    return any(code.startswith(prefix) for prefix in codes)


def apply_noqa(
    found: list[Diagnostic], lines: list[str], text: str, path: str, enabled: frozenset[str]
) -> list[Diagnostic]:
    """`found` minus what `# noqa` comments suppress, plus EXL001 for each comment whose
    exportlint codes suppress nothing (when EXL001 is enabled).

    Only EXL codes of enabled rules are judged: `# noqa: E501` belongs to another tool, a bare
    `# noqa` may too, and a code of a rule this run did not check is not known to be unused.
    """
    # Tokenizing costs more than linting a small file: only when a noqa names an EXL code.
    report_unused = UNUSED_NOQA.code in enabled and _names_exl_in_noqa(text)
    if not found and not report_unused:
        return found
    kept = []
    comments: dict[int, tuple[int, str]] | None = None
    used: dict[int, set[str]] = {}  # line -> the codes of its comment that suppressed something
    if report_unused:
        comments = _comments(text, lines)
    for diagnostic in found:
        for line in (diagnostic.noqa_line, diagnostic.line):
            if 0 < line <= len(lines) and "noqa" in lines[line - 1].lower():
                if comments is None:  # tokenized only when some reported line says noqa
                    comments = _comments(text, lines)
                codes = noqa_codes(comments.get(line, (0, ""))[1])
                if suppressed(diagnostic.code, codes):
                    assert codes is not None
                    used.setdefault(line, set()).update(
                        c for c in codes if diagnostic.code.startswith(c)
                    )
                    break
        else:
            kept.append(diagnostic)
    if report_unused and comments:
        for line, (column, comment) in comments.items():
            unused = _unused_codes(comment, used.get(line, set()), enabled)
            if unused is not None:
                text_line = lines[line - 1] if 0 < line <= len(lines) else ""
                kept.append(_unused_noqa(path, line, text_line, column, comment, *unused))
        kept.sort(key=lambda d: (d.line, d.column, d.code))
    return kept


def _comments(text: str, lines: list[str]) -> dict[int, tuple[int, str]]:
    """line number -> (0-based column, the comment on it). Only a real comment suppresses:
    `"# noqa"` inside a string literal on a reported line must not hide the diagnostic."""
    found: dict[int, tuple[int, str]] = {}
    try:
        # newline=None: "\r" and "\r\n" count as line ends, as for ast and `source_lines`.
        for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            if token.type == tokenize.COMMENT:
                found[token.start[0]] = (token.start[1], token.string)
    except (tokenize.TokenError, SyntaxError):
        # The pure-Python tokenizer rejects a few things the parser accepts: whole lines
        # suppress, and (columns unknown) nothing is reported as unused.
        return {n: (-1, line) for n, line in enumerate(lines, start=1)}
    return found


def _unused_codes(
    comment: str, used: set[str], enabled: frozenset[str]
) -> tuple[list[str], list[str], re.Match[str]] | None:
    """(unused codes, codes kept, the directive) for a comment with unused EXL codes."""
    match = _NOQA.search(comment)
    if match is None or match.group("codes") is None:
        return None
    codes = _split(match.group("codes"))
    if any(UNUSED_NOQA.code.startswith(c.upper()) for c in codes):
        return None  # a noqa naming EXL001 (or `EXL0`, `EXL`) silences this rule on its line
    unused = [
        c
        for c in codes
        if c.upper().startswith("EXL")
        and c.upper() not in used
        and any(code.startswith(c.upper()) for code in enabled if code != UNUSED_NOQA.code)
    ]
    if not unused:
        return None
    kept = [c for c in codes if c not in unused]
    return unused, kept, match


def _split(codes: str) -> list[str]:
    return [c for c in re.split(r"[\s,]+", codes) if c]


def _unused_noqa(
    path: str,
    line: int,
    text_line: str,
    column: int,
    comment: str,
    unused: list[str],
    kept: list[str],
    match: re.Match[str],
) -> Diagnostic:
    if column < 0:  # untokenizable file: `comment` is the whole line
        column = match.start()
        comment = comment[column:]
        again = _NOQA.search(comment)
        assert again is not None  # it matched the line
        match = again
    listed = ", ".join(f"`{c}`" for c in unused)
    start = column + match.start() + 1  # 1-based character columns
    end = column + match.end() + 1
    if kept:
        edit = Edit(
            line,
            column + match.start("codes") + 1,
            line,
            column + match.end("codes") + 1,
            ", ".join(kept),
        )
        description = f"remove the unused code{'s' if len(unused) > 1 else ''} {listed}"
    else:
        # The whole directive goes, with the blanks before it; text around it (another
        # comment, a reason after the codes) stays.
        before = comment[: match.start()]
        after = comment[match.end() :]
        if not before.strip("# \t") and not after.strip():
            # The comment is only the directive: remove it and the blanks before it.
            code_end = len(text_line[:column].rstrip())
            edit = Edit(line, code_end + 1, line, column + len(comment) + 1, "")
        elif before.strip("# \t"):
            # `# keep me` followed by a noqa directive: the directive and the blanks before it go.
            kept_end = column + len(before.rstrip()) + 1
            edit = Edit(line, kept_end, line, end, "")
        else:
            # A directive with a reason after it: the reason stays a comment, `# -- reason`.
            blanks = len(after) - len(after.lstrip())
            edit = Edit(line, column + 1, line, end + blanks, "# ")
        description = "remove the unused `# noqa` directive"
    return Diagnostic(
        path=path,
        line=line,
        column=start,
        end_line=line,
        end_column=end,
        code=UNUSED_NOQA.code,
        name=UNUSED_NOQA.name,
        severity=UNUSED_NOQA.severity,
        message=f"unused `noqa` directive (unused: {listed})",
        noqa_line=line,
        help="remove the codes that suppress nothing (the diagnostic they were for is gone)",
        fix=Fix(description, Applicability.SAFE, (edit,)),
    )
