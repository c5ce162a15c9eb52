"""Measure exportlint on the real-world corpus in benchmarks/realworld/ (or, with `--corpus`, on
the held-out set in benchmarks/realworld_holdout/, same format).

Every corpus file is a small runnable model written from a public source (its header names
it). Hazard files mark their culprit lines with `# expect: CODE[, CODE]` (`NONE-<kind>` when
no exportlint rule covers the hazard today); `lookalike_*.py` files carry no marker: they export
and match eager on unseen sizes, and must stay silent.

For each model this reports:

- **lint**: is the model flagged (a diagnostic on one of its marked lines), which marked lines
  are flagged (line recall, and with the expected code), how many diagnostics are right (on a
  marked line: precision), and whether a look-alike is flagged;
- **fix offered**: a diagnostic of the file carries a safe or unsafe fix;
- **--fix --unsafe-fixes**: the file it writes still compiles and runs eagerly, and the fixed
  model exports, converts to ONNX and matches the ORIGINAL eager model in onnxruntime on unseen
  sizes (checked in exportlint's verification worker, one timeout per model);
- **--fix --verify**: what exportlint wrote, re-checked the same way; a *wrong write* is a
  written file that does not verify, or any change to a look-alike;
- time.

exportlint runs as a subprocess (`python -m exportlint`) on copies in a temporary directory,
so the corpus is never modified. Run from the repository root:

    python benchmarks/fix_realworld.py            # everything (several minutes on 2 cores)
    python benchmarks/fix_realworld.py --lint-only
    python benchmarks/fix_realworld.py --json     # the same data as JSON
    python benchmarks/fix_realworld.py --check-corpus   # also re-prove each original model
    python benchmarks/fix_realworld.py --corpus benchmarks/realworld_holdout --json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "benchmarks" / "realworld"
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>[A-Za-z0-9_\-]+(?:\s*,\s*[A-Za-z0-9_\-]+)*)")
SOURCE = re.compile(r"^#\s*Source:", re.MULTILINE)


# ---------------------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Marker:
    line: int
    codes: tuple[str, ...]

    @property
    def has_rule(self) -> bool:
        """False for `NONE-<kind>`: a hazard no exportlint rule covers today."""
        return any(c.startswith("EXL") for c in self.codes)


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    text: str
    markers: tuple[Marker, ...]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def lookalike(self) -> bool:
        return self.path.name.startswith("lookalike_")


def markers_of(text: str) -> tuple[Marker, ...]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            codes = tuple(c.strip() for c in match.group("codes").split(","))
            found.append(Marker(number, codes))
    return tuple(found)


def load_corpus(root: Path = CORPUS, only: str | None = None) -> list[CorpusFile]:
    files = []
    for path in sorted(root.glob("*.py")):
        if path.name.startswith("_") or (only and only not in path.name):
            continue
        text = path.read_text(encoding="utf-8")
        files.append(CorpusFile(path, text, markers_of(text)))
    return files


# ---------------------------------------------------------------------------- exportlint runs


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (
        os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else ""
    )
    env.setdefault("HF_HUB_OFFLINE", "1")
    return env


def run_exportlint(args: Sequence[str], cwd: Path, timeout: float) -> tuple[str, float]:
    """Run `python -m exportlint ARGS` in `cwd`; its stdout and wall time."""
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "exportlint", *args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode not in (0, 1):
        raise RuntimeError(
            f"exportlint {' '.join(args)} exited {completed.returncode}: {completed.stderr[-2000:]}"
        )
    return completed.stdout, time.perf_counter() - start


def copy_corpus(files: Sequence[CorpusFile], into: Path) -> None:
    into.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copyfile(file.path, into / file.name)


# ---------------------------------------------------------------------------- lint


@dataclass
class LintResult:
    diagnostics: list[tuple[int, int, str]] = field(default_factory=list)  # line, end, code
    marked: int = 0
    marked_with_rule: int = 0
    hit: int = 0  # marked lines with a diagnostic on them
    hit_code: int = 0  # ... with one of the expected codes
    right: int = 0  # diagnostics on a marked line
    fix_offered: bool = False
    fix_codes: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.right > 0


def lint(
    files: Sequence[CorpusFile], workdir: Path, timeout: float
) -> tuple[dict[str, LintResult], float]:
    copy_corpus(files, workdir)
    out, seconds = run_exportlint(
        ["--output-format", "json", "--isolated", "--no-cache", "--exit-zero", "."],
        workdir,
        timeout,
    )
    by_file: dict[str, list[dict[str, Any]]] = {}
    for diagnostic in json.loads(out or "[]"):
        by_file.setdefault(Path(diagnostic["path"]).name, []).append(diagnostic)
    results = {}
    for file in files:
        result = LintResult(marked=len(file.markers))
        result.marked_with_rule = sum(1 for m in file.markers if m.has_rule)
        diagnostics = by_file.get(file.name, [])
        for d in diagnostics:
            result.diagnostics.append((d["line"], d.get("end_line") or d["line"], d["code"]))
            fixes = [d.get("fix"), *(d.get("alternatives") or [])]
            if any(f and f.get("applicability") in ("safe", "unsafe") for f in fixes):
                result.fix_offered = True
                result.fix_codes.append(d["code"])
        for marker in file.markers:
            on = [c for line, end, c in result.diagnostics if line <= marker.line <= end]
            result.hit += bool(on)
            result.hit_code += any(c in marker.codes for c in on)
        marked_lines = {m.line for m in file.markers}
        result.right = sum(
            1 for line, end, _ in result.diagnostics if any(line <= m <= end for m in marked_lines)
        )
        results[file.name] = result
    return results, seconds


# ---------------------------------------------------------------------------- proofs


@dataclass
class Proof:
    """A fixed text checked against the original eager model (or the original checked alone)."""

    status: str  # "pass", "fail", "error", "no model"
    reason: str = ""
    seconds: float = 0.0


class Prover:
    """exportlint's warm verification worker: torch.export, ONNX and onnxruntime on every input
    set of the file, each run in a child process with a timeout."""

    def __init__(self, timeout: float) -> None:
        from exportlint.verify import warm_worker

        self.timeout = timeout
        self.worker = warm_worker()
        self.worker.wait_ready()

    def prove(self, path: Path, original: str, fixed: str | None) -> Proof:
        from exportlint.verify import Job, find_models

        refs = find_models(original, str(path))
        if not refs:
            return Proof("no model", "the file defines no model with examples")
        start = time.perf_counter()
        reasons = []
        status = "pass"
        for ref in refs:
            job = Job(ref, original=original, fixed=fixed, roots=(str(path.parent),))
            result = self.worker.verify(job, self.timeout)
            if result.status != "pass":
                status = "error" if result.status == "error" and status == "pass" else "fail"
                reasons.append(result.reason)
        return Proof(status, "; ".join(reasons), time.perf_counter() - start)

    def close(self) -> None:
        self.worker.close()


def _compiles(text: str, name: str) -> bool:
    try:
        compile(text, name, "exec")
    except (SyntaxError, ValueError):
        return False
    return True


@dataclass
class FixOutcome:
    changed: bool = False
    compiles: bool = True
    proof: Proof | None = None
    wrong_write: bool = False
    reported: str = ""  # --fix --verify: exportlint's own verdict for the file


def fix_unsafe(
    files: Sequence[CorpusFile], workdir: Path, prover: Prover | None, timeout: float
) -> tuple[dict[str, FixOutcome], float]:
    copy_corpus(files, workdir)
    _, seconds = run_exportlint(
        ["--fix", "--unsafe-fixes", "--isolated", "--no-cache", "--exit-zero", "--quiet", "."],
        workdir,
        timeout,
    )
    return _outcomes(files, workdir, prover, {}), seconds


def fix_verify(
    files: Sequence[CorpusFile], workdir: Path, prover: Prover | None, timeout: float
) -> tuple[dict[str, FixOutcome], float]:
    copy_corpus(files, workdir)
    out, seconds = run_exportlint(
        ["--fix", "--verify", "--output-format", "json", "--isolated", "--no-cache",
         "--exit-zero", "."],
        workdir,
        timeout,
    )  # fmt: skip
    reported: dict[str, str] = {}
    try:
        verification = json.loads(out).get("verification") or {}
        for outcome in verification.get("files", []):
            reported[Path(outcome["path"]).name] = outcome["status"]
    except (json.JSONDecodeError, AttributeError):
        pass
    return _outcomes(files, workdir, prover, reported), seconds


def _outcomes(
    files: Sequence[CorpusFile], workdir: Path, prover: Prover | None, reported: dict[str, str]
) -> dict[str, FixOutcome]:
    outcomes = {}
    for file in files:
        written = (workdir / file.name).read_text(encoding="utf-8")
        outcome = FixOutcome(reported=reported.get(file.name, ""))
        outcome.changed = written != file.text
        if outcome.changed:
            outcome.compiles = _compiles(written, file.name)
            if outcome.compiles and prover is not None:
                outcome.proof = prover.prove(workdir / file.name, file.text, written)
            elif not outcome.compiles:
                outcome.proof = Proof("fail", "the written file does not compile")
            outcome.wrong_write = file.lookalike or (
                outcome.proof is not None and outcome.proof.status != "pass"
            )
        outcomes[file.name] = outcome
    return outcomes


# ---------------------------------------------------------------------------- report


@dataclass
class Row:
    name: str
    lookalike: bool
    lint: LintResult
    unsafe: FixOutcome | None = None
    verify: FixOutcome | None = None
    original: Proof | None = None


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def summarise(rows: Sequence[Row]) -> dict[str, Any]:
    hazards = [r for r in rows if not r.lookalike]
    looks = [r for r in rows if r.lookalike]
    diagnostics = sum(len(r.lint.diagnostics) for r in rows)
    right = sum(r.lint.right for r in hazards)
    marked = sum(r.lint.marked for r in hazards)
    summary: dict[str, Any] = {
        "hazard_models": len(hazards),
        "lookalikes": len(looks),
        "models_flagged": sum(r.lint.flagged for r in hazards),
        "model_recall": _ratio(sum(r.lint.flagged for r in hazards), len(hazards)),
        "hazard_lines": marked,
        "hazard_lines_without_rule": marked - sum(r.lint.marked_with_rule for r in hazards),
        "lines_flagged": sum(r.lint.hit for r in hazards),
        "line_recall": _ratio(sum(r.lint.hit for r in hazards), marked),
        "line_recall_same_code": _ratio(sum(r.lint.hit_code for r in hazards), marked),
        "diagnostics": diagnostics,
        "diagnostics_right": right,
        "precision": _ratio(right, diagnostics),
        "lookalikes_flagged": sum(bool(r.lint.diagnostics) for r in looks),
        "fix_offered": sum(r.lint.fix_offered for r in hazards),
    }
    if any(r.unsafe for r in rows):
        summary["unsafe_fixed_and_verified"] = sum(
            1 for r in hazards if r.unsafe and r.unsafe.proof and r.unsafe.proof.status == "pass"
        )
        summary["unsafe_written"] = sum(1 for r in hazards if r.unsafe and r.unsafe.changed)
        summary["unsafe_not_compiling"] = sum(1 for r in rows if r.unsafe and not r.unsafe.compiles)
        summary["unsafe_not_running"] = sum(
            1
            for r in rows
            if r.unsafe and r.unsafe.proof and "eager" in r.unsafe.proof.reason.split(":")[0]
        )
        summary["unsafe_rate"] = _ratio(summary["unsafe_fixed_and_verified"], len(hazards))
        summary["unsafe_lookalikes_changed"] = sum(
            1 for r in looks if r.unsafe and r.unsafe.changed
        )
    if any(r.verify for r in rows):
        summary["verify_fixed_and_verified"] = sum(
            1 for r in hazards if r.verify and r.verify.proof and r.verify.proof.status == "pass"
        )
        summary["verify_rate"] = _ratio(summary["verify_fixed_and_verified"], len(hazards))
        summary["verify_wrong_writes"] = sum(1 for r in rows if r.verify and r.verify.wrong_write)
        summary["verify_lookalikes_changed"] = sum(
            1 for r in looks if r.verify and r.verify.changed
        )
    if any(r.original for r in rows):
        summary["hazards_proven_failing"] = sum(
            1 for r in hazards if r.original and r.original.status == "fail"
        )
        summary["lookalikes_proven_passing"] = sum(
            1 for r in looks if r.original and r.original.status == "pass"
        )
    return summary


def _fix_cell(outcome: FixOutcome | None) -> str:
    if outcome is None:
        return "-"
    if not outcome.changed:
        return "unchanged"
    if not outcome.compiles:
        return "BROKEN (does not compile)"
    if outcome.proof is None:
        return "written"
    if outcome.proof.status == "pass":
        return "verified"
    return f"{outcome.proof.status}: {outcome.proof.reason[:60]}"


def _seconds(row: Row) -> float:
    """Seconds spent proving this model (the original, and the texts the fixes wrote)."""
    proofs = [row.original, row.unsafe and row.unsafe.proof, row.verify and row.verify.proof]
    return sum(p.seconds for p in proofs if p)


def render_table(rows: Sequence[Row]) -> str:
    headers = ["model", "flagged", "lines", "diags ok", "fix", "--unsafe-fixes", "--verify", "s"]
    table = [headers]
    for r in rows:
        lines = "-" if r.lookalike else f"{r.lint.hit}/{r.lint.marked}"
        flagged = ("FLAGGED" if r.lint.diagnostics else "silent") if r.lookalike else (
            "yes" if r.lint.flagged else "no"
        )  # fmt: skip
        table.append(
            [
                r.name,
                flagged,
                lines,
                f"{r.lint.right}/{len(r.lint.diagnostics)}",
                ",".join(sorted(set(r.lint.fix_codes))) or "-",
                _fix_cell(r.unsafe) + (" WRONG" if r.unsafe and r.unsafe.wrong_write else ""),
                _fix_cell(r.verify) + (" WRONG" if r.verify and r.verify.wrong_write else ""),
                f"{_seconds(r):.1f}",
            ]
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    out = []
    for n, row in enumerate(table):
        out.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def measure(
    files: Sequence[CorpusFile], args: argparse.Namespace
) -> tuple[list[Row], dict[str, float], list[str]]:
    """Every phase the options ask for, in temporary copies. A phase that cannot run (an
    exportlint usage error, a worker that does not start) is reported; the others still run."""
    times: dict[str, float] = {}
    problems: list[str] = []
    run_timeout = 60.0 + args.timeout * len(files) * 2
    with tempfile.TemporaryDirectory(prefix="exportlint-realworld-") as tmp:
        base = Path(tmp)
        lint_results, times["lint"] = lint(files, base / "lint", run_timeout)
        rows = [Row(f.name, f.lookalike, lint_results[f.name]) for f in files]
        if args.lint_only:
            return rows, times, problems
        start = time.perf_counter()
        prover = Prover(args.timeout)
        times["worker_start"] = time.perf_counter() - start
        try:
            if args.check_corpus:
                start = time.perf_counter()
                for row, file in zip(rows, files):
                    row.original = prover.prove(file.path, file.text, None)
                times["check_corpus"] = time.perf_counter() - start
            phases = [
                ("unsafe", "unsafe_fix", fix_unsafe, not args.no_unsafe),
                ("verify", "fix_verify", fix_verify, not args.no_verify),
            ]
            for attribute, label, phase, wanted in phases:
                if not wanted:
                    continue
                start = time.perf_counter()
                try:
                    outcomes, times[label] = phase(files, base / attribute, prover, run_timeout)
                except (RuntimeError, subprocess.TimeoutExpired) as error:
                    problems.append(f"{label}: {error}")
                    continue
                times[f"{label}_and_proofs"] = time.perf_counter() - start
                for row in rows:
                    setattr(row, attribute, outcomes[row.name])
        finally:
            prover.close()
    return rows, times, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", help="only the files whose name contains this")
    parser.add_argument("--lint-only", action="store_true", help="no fixes, no proofs")
    parser.add_argument("--no-unsafe", action="store_true", help="skip --fix --unsafe-fixes")
    parser.add_argument("--no-verify", action="store_true", help="skip --fix --verify")
    parser.add_argument("--check-corpus", action="store_true", help="re-prove each original model")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per model proof")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    files = load_corpus(args.corpus, args.only)
    if not files:
        print("no corpus files", file=sys.stderr)
        return 2
    rows, times, problems = measure(files, args)
    summary = summarise(rows)
    summary["seconds"] = {k: round(v, 1) for k, v in times.items()}
    if problems:
        summary["problems"] = problems
    if args.json:
        print(json.dumps({"summary": summary, "models": [asdict(r) for r in rows]}, indent=2))
    else:
        print(render_table(rows))
        print()
        for key, value in summary.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
