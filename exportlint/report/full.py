"""Human formats: `full` (source line, caret, help) and `concise` (one line each)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from exportlint.diagnostics import Applicability, Diagnostic


def _head(d: Diagnostic, unsafe: bool = False) -> str:
    # `[*]` marks what `--fix` (with --unsafe-fixes: `--fix --unsafe-fixes`) would fix.
    mark = " [*]" if fixable(d, unsafe) else ""
    return f"{d.path}:{d.line}:{d.column}: {d.code}{mark} [{d.severity.value}] {d.message}"


def fixable(d: Diagnostic, unsafe: bool) -> bool:
    if d.fix is None or not d.fix.edits:
        return False
    return d.fix.applicability is Applicability.SAFE or (
        unsafe and d.fix.applicability is Applicability.UNSAFE
    )


def render_concise(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(_head(d) + "\n" for d in diagnostics)


_FIX_LABEL = {
    Applicability.SAFE: "fix",
    Applicability.UNSAFE: "unsafe fix",
    Applicability.DISPLAY_ONLY: "suggestion",
}


def render_full(
    diagnostics: Sequence[Diagnostic],
    lines: Callable[[str], Sequence[str]],
    unsafe: bool = False,
) -> str:
    out: list[str] = []
    for d in diagnostics:
        out.append(_head(d, unsafe))
        source = lines(d.path)
        if 0 < d.line <= len(source):
            text = source[d.line - 1].expandtabs(1)
            number = str(d.line)
            pad = " " * len(number)
            start = d.column - 1
            end = d.end_column - 1 if d.end_line == d.line else len(text)
            width = max(1, min(end, len(text)) - start)
            out.append(f"{pad} |")
            out.append(f"{number} | {text}")
            out.append(f"{pad} | {' ' * start}{'^' * width} {d.code}")
            out.append(f"{pad} |")
            if d.help:
                out.append(f"{pad} = help: {d.help}")
            if d.fix is not None:
                out.append(f"{pad} = {_FIX_LABEL[d.fix.applicability]}: {d.fix.description}")
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def summary(
    diagnostics: Sequence[Diagnostic], files: int, fixed: int = 0, unsafe: bool = False
) -> str:
    fixed_note = f" ({fixed} fixed)" if fixed else ""
    if not diagnostics:
        return f"All checks passed ({files} file{'s' if files != 1 else ''} checked){fixed_note}."
    errors = sum(1 for d in diagnostics if d.severity.value == "error")
    warnings = len(diagnostics) - errors
    text = (
        f"Found {len(diagnostics)} diagnostic{'s' if len(diagnostics) != 1 else ''} "
        f"({errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}) in {files} "
        f"file{'s' if files != 1 else ''} checked{fixed_note}."
    )
    safe = sum(1 for d in diagnostics if fixable(d, False))
    risky = sum(1 for d in diagnostics if fixable(d, True)) - safe
    if safe:
        text += f"\n[*] {safe} fixable with `exportlint --fix`."
    if risky and not unsafe:
        text += f"\n{risky} more fixable with `exportlint --fix --unsafe-fixes`."
    return text


def statistics(diagnostics: Sequence[Diagnostic]) -> str:
    counts: dict[str, tuple[int, Diagnostic]] = {}
    for d in diagnostics:
        count, first = counts.get(d.code, (0, d))
        counts[d.code] = (count + 1, first)
    rows = sorted(counts.items(), key=lambda item: (-item[1][0], item[0]))
    width = max((len(str(c)) for c, _ in counts.values()), default=1)
    return "".join(
        f"{count:>{width}}\t{code}\t[{first.severity.value}]\t{first.name}\n"
        for code, (count, first) in rows
    )
