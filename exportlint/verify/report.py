"""Verification reports: `full` (a table per model), `json`, and a Markdown file.

The table has a row per rule of the model's file (for --fix --verify: per fix applied), with
`before` (the original code: its error's first line, or "wrong on unseen size"), `after` (the
fixed code; only with --fix --verify), the max abs diff of onnxruntime against the original
eager outputs, and the time the exporters took. Below it: the full problems, the times per
stage and the notes (guessed dynamic shapes, size-1 traced dims, ...).
"""

from __future__ import annotations

import json
import math
from typing import Any

from exportlint.verify.results import (
    STAGES,
    FileOutcome,
    Guard,
    Mismatch,
    ModelResult,
    Report,
    Run,
)

_CELL = 60  # widest before/after cell in the terminal table (the full text follows)


# ---------------------------------------------------------------------------- cells


def _diff_text(value: float | None) -> str:
    if value is None:
        return "-"
    if math.isinf(value):
        return "inf"
    return f"{value:.2g}"


def _time_text(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _run_cell(run: Run | None, result: ModelResult, before: bool) -> str:
    if run is None:
        if before and result.error:
            return f"not verified: {result.error}"
        return "-"
    return run.summary


def _status(result: ModelResult) -> str:
    return {"pass": "PASS", "fail": "FAIL", "error": "ERROR"}[result.status]


def _stage_times(result: ModelResult) -> str:
    parts = []
    for key in ("load", "eager"):
        if key in result.timings:
            parts.append(f"{key} {_time_text(result.timings[key])}")
    for label, run in (("before", result.before), ("after", result.after)):
        if run is None:
            continue
        stages = [
            f"{s} {'(interrupted)' if math.isnan(run.timings[s]) else _time_text(run.timings[s])}"
            for s in STAGES
            if s in run.timings
        ]
        if stages:
            prefix = f"{label}: " if result.after is not None else ""
            parts.append(prefix + ", ".join(stages))
    return " · ".join(parts)


def _rows(result: ModelResult, fix_mode: bool) -> list[list[str]]:
    run_time = sum(r.total_time for r in (result.before, result.after) if r is not None)
    first = [
        _run_cell(result.before, result, True),
        *([_run_cell(result.after, result, False)] if fix_mode else []),
        _diff_text(result.verified.max_abs_diff if result.verified else None),
        _time_text(result.timings.get("total", run_time)),
    ]
    rules = result.rules or (("-", 0, 0),)
    rows = []
    for i, (code, line, column) in enumerate(rules):
        location = f"{line}:{column}" if line else "-"
        rows.append([code, location, *(first if i == 0 else [""] * len(first))])
    return rows


def _headers(fix_mode: bool) -> list[str]:
    if fix_mode:
        return ["rule", "location", "before", "after", "max diff", "time"]
    return ["rule", "location", "result", "max diff", "time"]


def _title(result: ModelResult) -> str:
    extra = []
    if result.input_sets:
        extra.append(f"{result.input_sets} input set{'s' if result.input_sets != 1 else ''}")
    if result.dynamic:
        guessed = "guessed " if result.guessed else ""
        extra.append(f"{guessed}dynamic: {', '.join(result.dynamic)}")
    tail = f" ({'; '.join(extra)})" if extra else ""
    return f"{_status(result)} {result.ref.label}{tail}"


# ---------------------------------------------------------------------------- full


def render_full(report: Report) -> str:
    fix_mode = report.mode == "fix"
    out: list[str] = []
    for result in report.models:
        out.append(_title(result))
        headers = _headers(fix_mode)
        rows = [[_clip(c) for c in row] for row in _rows(result, fix_mode)]
        widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
        for row in [headers, *rows]:
            out.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        for label, run in (("before", result.before), ("after", result.after)):
            if run is not None and (len(run.problems) > 1 or len(run.summary) > _CELL):
                shown = label if fix_mode else "problems"
                out.append(f"  {shown}: " + f"\n  {' ' * len(shown)}  ".join(run.problems))
        if result.error and len(result.error) > _CELL:
            out.append(f"  error: {result.error}")
        times = _stage_times(result)
        if times:
            out.append(f"  times: {times}")
        out.extend(f"  note: {note}" for note in result.notes)
        out.append("")
    for outcome in report.files:
        out.append(_file_line(outcome))
    if report.files:
        out.append("")
    for problem in report.problems:
        out.append(f"problem: {problem}")
    out.append(summary(report))
    return "\n".join(out) + "\n"


def _clip(text: str) -> str:
    return text if len(text) <= _CELL else text[: _CELL - 1] + "…"


def _file_line(outcome: FileOutcome) -> str:
    fixes = ", ".join(sorted({code for code, _, _ in outcome.fixes}))
    what = f" [{fixes}]" if fixes else ""
    reason = f": {outcome.reason}" if outcome.reason else ""
    return f"{outcome.path}{what}: {outcome.status}{reason}"


def summary(report: Report) -> str:
    counts = {"pass": 0, "fail": 0, "error": 0}
    for result in report.models:
        counts[result.status] += 1
    total = len(report.models)
    parts = [f"{counts['pass']} passed", f"{counts['fail']} failed"]
    if counts["error"]:
        parts.append(f"{counts['error']} not verifiable")
    text = f"Verified {total} model{'s' if total != 1 else ''}: {', '.join(parts)}"
    if report.mode == "fix":
        statuses = [f.status for f in report.files]
        written = statuses.count("verified")
        text += (
            f"; fixes verified in {written} file{'s' if written != 1 else ''}, "
            f"unverified in {statuses.count('unverified')}"
        )
        if statuses.count("no examples"):
            text += f", {statuses.count('no examples')} fixed without examples"
    elif report.without_examples:
        n = len(report.without_examples)
        text += f"; {n} file{'s' if n != 1 else ''} without examples"
    timing = f"{report.wall_time:.1f} s"
    if report.worker_start is not None:
        timing += f", worker start {report.worker_start:.1f} s"
    if report.workers > 1:
        timing += f", {report.workers} workers"
    return f"{text} ({timing})."


# ---------------------------------------------------------------------------- json


def _number(value: float | None) -> float | str | None:
    if value is None or math.isnan(value):
        return None
    if math.isinf(value):
        return "inf"
    return value


def _mismatch(m: Mismatch | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "input_set": m.input_set,
        "unseen": m.unseen,
        "raised": m.raised,
        "message": m.message,
    }


def _guard(guard: Guard | None) -> dict[str, Any] | None:
    if guard is None:
        return None
    return {
        "expression": guard.expression,
        "line": guard.line,
        "condition": guard.condition,
        "check": guard.check,
        "specialize": guard.specialize,
        "casts": [list(cast) for cast in guard.casts],
    }


def _run_json(run: Run | None) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "ok": run.ok,
        "summary": run.summary,
        "problems": run.problems,
        "export_error": run.export_error,
        "specialised": list(run.specialised),
        "static_auto": list(run.static_auto),
        "nondeterministic": run.nondeterministic,
        "module_mismatch": _mismatch(run.module_mismatch),
        "strict_error": run.strict_error,
        "onnx_error": run.onnx_error,
        "onnx_strategy": run.onnx_strategy,
        "fell_back": run.fell_back,
        "checker_error": run.checker_error,
        "ort_mismatch": _mismatch(run.ort_mismatch),
        "eager_error": run.eager_error,
        "eager_mismatch": _mismatch(run.eager_mismatch),
        "max_abs_diff": _number(run.max_abs_diff),
        "module_max_abs_diff": _number(run.module_max_abs_diff),
        "interrupted": run.interrupted,
        "oblivious": run.oblivious,
        "guard": _guard(run.guard),
        "stages": list(run.ran),
        "timings": {k: _number(v) for k, v in run.timings.items()},
    }


def model_json(result: ModelResult) -> dict[str, Any]:
    return {
        "path": result.ref.path,
        "name": result.ref.name,
        "style": result.ref.style,
        "status": result.status,
        "reason": result.reason,
        "error": result.error,
        "rules": [{"code": c, "line": ln, "column": col} for c, ln, col in result.rules],
        "input_sets": result.input_sets,
        "dynamic": list(result.dynamic),
        "dynamic_guessed": result.guessed,
        "notes": list(result.notes),
        "before": _run_json(result.before),
        "after": _run_json(result.after),
        "max_abs_diff": _number(result.verified.max_abs_diff if result.verified else None),
        "timings": {k: _number(v) for k, v in result.timings.items()},
    }


def report_json(report: Report) -> dict[str, Any]:
    counts = {s: sum(1 for m in report.models if m.status == s) for s in ("pass", "fail", "error")}
    return {
        "mode": report.mode,
        "passed": report.passed,
        "models": [model_json(m) for m in report.models],
        "files": [
            {
                "path": f.path,
                "status": f.status,
                "reason": f.reason,
                "fixes": [{"code": c, "line": ln, "column": col} for c, ln, col in f.fixes],
            }
            for f in report.files
        ],
        "without_examples": list(report.without_examples),
        "problems": list(report.problems),
        "summary": {
            "models": len(report.models),
            "passed": counts["pass"],
            "failed": counts["fail"],
            "errors": counts["error"],
            "wall_time": report.wall_time,
            "worker_start": report.worker_start,
            "workers": report.workers,
        },
    }


def render_json(report: Report) -> str:
    return json.dumps(report_json(report), indent=2) + "\n"


# ---------------------------------------------------------------------------- markdown


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    fix_mode = report.mode == "fix"
    title = "--fix --verify" if fix_mode else "verify"
    out = [f"# exportlint {title}", "", summary(report), ""]
    if report.files:
        out += ["| file | fixes | status | reason |", "|---|---|---|---|"]
        for f in report.files:
            fixes = ", ".join(f"{c} {ln}:{col}" for c, ln, col in f.fixes) or "-"
            out.append(f"| `{f.path}` | {fixes} | {f.status} | {_md(f.reason) or '-'} |")
        out.append("")
    for result in report.models:
        out += [f"## {_md(_title(result))}", ""]
        headers = _headers(fix_mode)
        out.append("| " + " | ".join(headers) + " |")
        out.append("|" + "---|" * len(headers))
        for row in _rows(result, fix_mode):
            out.append("| " + " | ".join(_md(c) for c in row) + " |")
        out.append("")
        for label, run in (("before", result.before), ("after", result.after)):
            if run is not None and len(run.problems) > 1:
                shown = label if fix_mode else "problems"
                out.append(f"- {shown}: " + "; ".join(_md(p) for p in run.problems))
        times = _stage_times(result)
        if times:
            out.append(f"- times: {times}")
        out.extend(f"- note: {_md(n)}" for n in result.notes)
        out.append("")
    if report.without_examples:
        out += ["## Files without examples", ""]
        out.extend(f"- `{p}`" for p in report.without_examples)
        out.append("")
    if report.problems:
        out += ["## Problems", ""]
        out.extend(f"- {_md(p)}" for p in report.problems)
        out.append("")
    return "\n".join(out)
