"""Human formats: `full` (source line, caret, help) and `concise` (one line each)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.report.style import Style

_PLAIN = Style()


def _head(d: Diagnostic, unsafe: bool = False, style: Style = _PLAIN) -> str:
    # `[*]` marks what `--fix` (with --unsafe-fixes: `--fix --unsafe-fixes`) would fix.
    return f"{style.path(d.path)}{style.dim(':')}{d.line}{style.dim(':')}{d.column}: " + _tail(
        d, unsafe, style
    )


def _tail(d: Diagnostic, unsafe: bool, style: Style) -> str:
    mark = f" {style.fixable('[*]')}" if fixable(d, unsafe) else ""
    severity = style.severity(d.severity.value)
    return f"{style.code(d.code)}{mark} [{severity}] {d.message}"


def fixable(d: Diagnostic, unsafe: bool) -> bool:
    if d.fix is None or not d.fix.edits:
        return False
    return d.fix.applicability is Applicability.SAFE or (
        unsafe and d.fix.applicability is Applicability.UNSAFE
    )


def render_concise(diagnostics: Sequence[Diagnostic], style: Style = _PLAIN) -> str:
    return "".join(_head(d, False, style) + "\n" for d in diagnostics)


def render_grouped(diagnostics: Sequence[Diagnostic], style: Style = _PLAIN) -> str:
    """Ruff's `grouped`: the path once, then `line:column` and the rest of each diagnostic."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    out: list[str] = []
    for path, found in by_path.items():
        line_width = max(len(str(d.line)) for d in found)
        column_width = max(len(str(d.column)) for d in found)
        out.append(f"{style.path(path)}{style.dim(':')}")
        for d in found:
            where = f"{d.line:>{line_width}}{style.dim(':')}{d.column:<{column_width}}"
            out.append(f"  {where} {_tail(d, False, style)}")
        out.append("")
    return "".join(line + "\n" for line in out)


_FIX_LABEL = {
    Applicability.SAFE: "fix",
    Applicability.UNSAFE: "unsafe fix",
    Applicability.DISPLAY_ONLY: "suggestion",
}


def render_full(
    diagnostics: Sequence[Diagnostic],
    lines: Callable[[str], Sequence[str]],
    unsafe: bool = False,
    style: Style = _PLAIN,
) -> str:
    # The decorations that do not depend on the diagnostic are painted once: a warm run
    # renders thousands of diagnostics, and the rendering was a third of it.
    bar = style.gutter("|")
    equals = style.gutter("=")
    help_label = style.label("help")
    labels = {applicability: style.label(text) for applicability, text in _FIX_LABEL.items()}
    pending_label = style.label("fix")
    out: list[str] = []
    append = out.append
    for d in diagnostics:
        append(_head(d, unsafe, style))
        source = lines(d.path)
        if 0 < d.line <= len(source):
            text = source[d.line - 1].expandtabs(1)
            number = str(d.line)
            pad = " " * len(number)
            start = d.column - 1
            end = d.end_column - 1 if d.end_line == d.line else len(text)
            width = max(1, min(end, len(text)) - start)
            append(f"{pad} {bar}")
            append(f"{style.gutter(number)} {bar} {text}")
            append(f"{pad} {bar} {' ' * start}{style.caret('^' * width + ' ' + d.code)}")
            append(f"{pad} {bar}")
            if d.help:
                append(f"{pad} {equals} {help_label}: {d.help}")
            fix = d.fix
            if fix is not None and fix.pending:
                append(f"{pad} {equals} {pending_label}: {_pending(fix.description)}")
            elif fix is not None:
                append(f"{pad} {equals} {labels[fix.applicability]}: {fix.description}")
        append("")
    return "\n".join(out) + ("\n" if out else "")


_PENDING_NOTE = "not built yet: `exportlint --diff --unsafe-fixes` builds and shows it"


def _pending(advice: str) -> str:
    # A fix the lint did not build (no edits were needed for this output): whether it applies,
    # and how safely, is known only once built, so no `[*]` and no applicability is claimed.
    return f"{advice} ({_PENDING_NOTE})" if advice else _PENDING_NOTE


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
    pending = sum(1 for d in diagnostics if d.fix is not None and d.fix.pending)
    if pending:
        text += (
            f"\n{pending} with a candidate fix not built yet "
            "(`exportlint --diff --unsafe-fixes` shows what applies)."
        )
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
