"""`--fix --verify`, second stage: try the other candidate fixes of the hazards of a file
whose first candidates did not verify together.

The first stage (`exportlint.verify.fix_files_verified`) applies every hazard's first
candidate and verifies the result against the ORIGINAL model's eager outputs. For a file that
failed, the hazards are taken in source order: each one's other candidates are tried in turn
(then leaving it as it is), the rest of the file keeping the candidates chosen so far; the first
text whose models all verify is written. Every try is one verification in the warm worker,
bounded per file (`verify.max-verifications`); the report lists every candidate tried and why
it failed. A file is written only when the fixes kept verify together.

A try whose export failed on a data-dependent guard (the worker reads it: the line that asked
and what held there on the example inputs, `exportlint.verify.guards`) is followed, before the
next candidate, by up to `MAX_FOLLOW_UPS` follow-ups on top of its text: `torch._check(<what
held>)` before that line, or, where torch asked for a specialized integer, the line's
`int(...)` kept symbolic (`exportlint.codemods.guard_checks`), each verified like a candidate
and counted in the same bound; a follow-up that fails on another guard gets the next one.

Importing this module does not import torch (the worker does).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from exportlint.codemods.guard_checks import FollowUp, insert_check, keep_symbolic
from exportlint.config import Settings
from exportlint.diagnostics import Diagnostic, Fix
from exportlint.document import decode
from exportlint.engine import lint_source
from exportlint.fixer import FileFix, FixResult, fix_text, hazard_key, usable, write_atomically
from exportlint.verify import FileOutcome, Job, ModelResult, Report, VerifyOptions, find_models
from exportlint.verify.results import Guard, Run
from exportlint.verify.runner import warm_worker

HazardKey = tuple[str, str]

# Follow-ups tried on top of one failed text (a chain: each on top of the one before, when it
# failed on another guard).
MAX_FOLLOW_UPS = 3


@dataclass(frozen=True)
class _Hazard:
    key: HazardKey
    line: int
    column: int
    candidates: tuple[Fix, ...]  # the applicable ones, best first


def try_candidates(
    fixes: list[FileFix],
    report: Report,
    settings: Settings,
    options: VerifyOptions,
    write: bool,
    limit: int,
) -> tuple[list[FileFix], Report]:
    """Search the candidates of every file `report` marks unverified; return the fixer
    results and the report, updated for the files where a combination verified."""
    # A model that could not be verified at all (its original raises in eager, ...) gives
    # no candidate a chance: nothing to search there.
    broken = {m.ref.path for m in report.models if m.error}
    failed = {
        o.path
        for o in report.files
        if o.status == "unverified"
        and os.path.realpath(o.path) not in broken
        and o.path not in broken
    }
    outcomes = {o.path: o for o in report.files}
    # Flagged files with examples that got no fix at all: their original code is verified,
    # and a data-dependent guard it fails on gets the follow-ups.
    unfixed = {
        item.path
        for item in fixes
        if item.path not in outcomes
        and item.result is not None
        and not item.error
        and item.result.text == item.original
        and item.remaining
        and find_models(item.original, item.path)
    }
    if not failed and not unfixed:
        return fixes, report
    job_options, timeout = options.resolved(settings)
    roots = (os.path.realpath(settings.root),)
    models = list(report.models)
    added: list[str] = []
    out: list[FileFix] = []
    for item in fixes:
        if item.path not in failed and item.path not in unfixed:
            out.append(item)
            continue
        search = _Search(item, settings, job_options, roots, timeout, limit)
        if item.path in unfixed:
            search.used = 0  # the first stage verified nothing here
            found = search.run_original()
            if not search.tried:
                out.append(item)  # it verifies as it is, or nothing to try
                continue
            outcomes[item.path] = FileOutcome(item.path, "unverified", "")
            added.append(item.path)
        else:
            found = search.run([m for m in report.models if m.ref.path == item.path])
        reason = search.summary(outcomes[item.path].reason)
        if found is None:
            outcomes[item.path] = replace(outcomes[item.path], reason=reason)
            out.append(item)
            continue
        text, result, passed = found
        models = [m for m in models if m.ref.path != item.path] + passed
        outcome = FileOutcome(item.path, "verified", reason, _positions(result.applied))
        if write:
            real = Path(os.path.realpath(item.path))
            data = real.read_bytes()
            problem = write_atomically(real, data, decode(data, item.path), text)
            if problem:
                outcomes[item.path] = FileOutcome(item.path, "not written", problem)
                out.append(item)
                continue
        outcomes[item.path] = outcome
        out.append(FileFix(item.path, item.original, result, written=write,
                           remaining=result.remaining))  # fmt: skip
    files = tuple(outcomes[o.path] for o in report.files) + tuple(outcomes[p] for p in added)
    return out, replace(report, files=files, models=tuple(models))


class _Search:
    def __init__(
        self,
        item: FileFix,
        settings: Settings,
        job_options: object,
        roots: tuple[str, ...],
        timeout: float,
        limit: int,
    ) -> None:
        self.item = item
        self.settings = settings
        self.job_options = job_options
        self.roots = roots
        self.timeout = timeout
        self.limit = limit
        self.used = 1  # the first stage verified the first candidates
        self.tried: list[str] = []
        self.seen: set[str] = set()
        self.follow_ups = MAX_FOLLOW_UPS  # left for the hazard being searched

    def run(
        self, first: Sequence[ModelResult] = ()
    ) -> tuple[str, FixResult, list[ModelResult]] | None:
        """`first`: the first stage's results for this file (every first candidate)."""
        original = self.item.original
        refs = find_models(original, self.item.path)
        if not refs:
            return None
        # The hazards with a first candidate; the others are built one at a time, each only
        # when the one before it failed (a lint builds as many candidates per hazard as the
        # highest index chosen needs).
        found = lint_source(original, self.item.path, self.settings, candidates=1)
        hazards = _hazards(found, original)
        choice: dict[HazardKey, int] = {}
        start = self._text(choice)
        self.seen.add(start.text)
        # As `_verify` gives them: up to the first model that failed.
        cut = next((i for i, m in enumerate(first) if m.status != "pass"), len(first))
        failed = list(first[: cut + 1])
        self.follow_ups = MAX_FOLLOW_UPS
        guard = _guard(failed[-1]) if failed else None
        if guard is not None:
            kept = self._follow_up(refs, start, "the first candidates", guard)
            if kept is not None:
                return kept
        first_progress = _progress(failed) if failed else 0
        # The original code's own guard (the first stage's "before" run): the follow-ups of a
        # try that leaves every hazard as it was (the original text, not verified again).
        original_guard = next(
            (g for m in first if (g := _guard_of_run(m.before)) is not None), None
        )
        for hazard in hazards:
            # Each other candidate, then the hazard left as it is. Where none verifies, the
            # hazard keeps the one whose run got furthest (export passed where the first
            # candidate's failed, ...): the next hazards' candidates are tried on top of it.
            best, best_index = first_progress, 0
            self.follow_ups = MAX_FOLLOW_UPS
            index = 1
            while True:
                if self.used >= self.limit:
                    self.tried.append(f"stopped: {self.limit} verifications per file")
                    return None
                choice[hazard.key] = index
                picked: dict[HazardKey, str] = {}
                result = self._text(choice, picked)
                exists = hazard.key in picked
                what = f"{hazard.key[0]}@{hazard.line}: " + (
                    picked[hazard.key] if exists else "left unfixed"
                )
                index += 1
                if result.text not in self.seen and result.text != original:
                    self.seen.add(result.text)
                    passed, why = self._verify(refs, result.text)
                    if not why:
                        self.tried.append(f"kept {what}")
                        return result.text, result, passed
                    self.tried.append(f"{what}: {why}")
                    if passed and _progress(passed) > best:
                        best, best_index = _progress(passed), index - 1
                    guard = _guard(passed[-1]) if passed else None
                    if guard is not None:
                        kept = self._follow_up(refs, result, f"`{what}`", guard)
                        if kept is not None:
                            return kept
                elif result.text == original and original_guard is not None:
                    kept = self._follow_up(refs, result, f"`{what}`", original_guard)
                    original_guard = None  # once
                    if kept is not None:
                        return kept
                if not exists:
                    break  # it had no more candidates: left unfixed was the last try
            choice[hazard.key] = best_index
            first_progress = best
        return None

    def run_original(self) -> tuple[str, FixResult, list[ModelResult]] | None:
        """A file that got no fix: its original code is verified; when export fails there
        on a data-dependent guard, the follow-ups are tried on top of it."""
        original = self.item.original
        refs = find_models(original, self.item.path)
        if not refs:
            return None
        passed, why = self._verify(refs, None)
        guard = _guard(passed[-1]) if why and passed else None
        if guard is None:
            return None
        # The diagnostics of the guard's line are what the follow-up answers.
        remaining = self.item.remaining
        answered = tuple(d for d in remaining if d.line == guard.line)
        start = FixResult(original, answered, remaining)
        self.tried.append(f"the original code: {why}")
        return self._follow_up(refs, start, "the original code", guard)

    def _follow_up(
        self, refs: Sequence[object], result: FixResult, what: str, guard: Guard
    ) -> tuple[str, FixResult, list[ModelResult]] | None:
        """Follow-ups on top of `result`'s text, which failed on `guard`: the first that
        verifies, or None (each failure that is another guard gets the next follow-up)."""
        text = result.text
        while self.follow_ups > 0:
            follow = _follow_up_of(text, guard)
            if follow is None or follow.text in self.seen:
                return None
            if self.used >= self.limit:
                return None  # the candidate loop reports the bound
            self.seen.add(follow.text)
            self.follow_ups -= 1
            passed, why = self._verify(refs, follow.text)
            tried = (
                f"after {what} failed with {guard.expression} at line {guard.line}: tried "
                f"{follow.description}"
            )
            if not why:
                self.tried.append(f"kept: {tried}")
                after = lint_source(follow.text, self.item.path, self.settings)
                return (
                    follow.text,
                    replace(result, text=follow.text, remaining=tuple(after)),
                    passed,
                )
            self.tried.append(f"{tried}: {why}")
            next_guard = _guard(passed[-1]) if passed else None
            if next_guard is None:
                return None
            text, guard, what = follow.text, next_guard, "that follow-up"
        return None

    def _text(
        self, choice: dict[HazardKey, int], picked: dict[HazardKey, str] | None = None
    ) -> FixResult:
        """The fixer's result with candidate `choice[hazard]` of each hazard (0: the first;
        past the last: left unfixed); `picked` gets the description of each one applied."""

        def choose(diagnostic: Diagnostic, text: str) -> Fix | None:
            usable_fixes = [f for f in diagnostic.fixes if usable(f, True)]
            key = hazard_key(diagnostic, text)
            index = choice.get(key, 0)
            if index >= len(usable_fixes):
                return None
            if picked is not None:
                picked.setdefault(key, usable_fixes[index].description)
            return usable_fixes[index]

        limit = max(choice.values(), default=0) + 1
        return fix_text(
            self.item.original, self.item.path, self.settings, True, choose=choose,
            candidates=limit,
        )  # fmt: skip

    def _verify(self, refs: Sequence[object], text: str | None) -> tuple[list[ModelResult], str]:
        """Verify `text` (None: the original code as it is) against the original."""
        worker = warm_worker()
        self.used += 1
        results = []
        for ref in refs:
            job = Job(ref, self.item.original, text, self.job_options, self.roots)  # type: ignore[arg-type]
            result = worker.verify(job, self.timeout)
            results.append(result)
            if result.status != "pass":
                return results, f"{result.ref.name}: {result.reason}"
        return results, ""

    def summary(self, first: str) -> str:
        if self.used and not first and self.tried[:1] and self.tried[0].startswith("the original"):
            return "no fix offered; follow-ups:\n    - " + "\n    - ".join(self.tried)
        lines = [f"first candidates: {first}" if first else "first candidates did not verify"]
        lines.extend(self.tried)
        return "\n    - ".join(lines)


def _guard(model: ModelResult) -> Guard | None:
    """The data-dependent guard a failed model's fixed code stopped export on, when the
    worker found what held there on the example inputs (a check to try)."""
    return None if model.status == "pass" else _guard_of_run(model.verified)


def _guard_of_run(run: Run | None) -> Guard | None:
    if run is None or run.ok or run.guard is None:
        return None
    if not run.guard.check and not run.guard.casts:
        return None
    return run.guard


# How far a failed verification got (`Run` fields, in the order of the checks): a candidate
# that exports where another did not is the better base for the next hazards' candidates.
def _progress(results: Sequence[ModelResult]) -> int:
    """How far the verification of one text got: the models that passed before the one
    that failed, then that one's furthest stage."""
    failed = results[-1]
    run = failed.after
    stage = 0
    if failed.status == "pass":
        stage = 5
    elif run is None or run.interrupted or run.eager_error or run.eager_mismatch:
        stage = 0
    elif run.export_error:
        stage = 1
    elif run.specialised or run.module_mismatch:
        stage = 2
    elif run.onnx_error or run.checker_error:
        stage = 3
    else:
        stage = 4
    return 10 * (len(results) - 1) + stage


def _follow_up_of(text: str, guard: Guard) -> FollowUp | None:
    if guard.casts:  # a specialized integer asked for: keep the value symbolic
        return keep_symbolic(text, guard.line, guard.casts)
    return insert_check(text, guard.line, guard.check)


def _hazards(diagnostics: Sequence[Diagnostic], text: str) -> list[_Hazard]:
    """The hazards with a choice to make (a usable fix), in source order."""
    found: dict[HazardKey, _Hazard] = {}
    for diagnostic in sorted(diagnostics, key=lambda d: (d.line, d.column)):
        candidates = tuple(f for f in diagnostic.fixes if usable(f, True))
        key = hazard_key(diagnostic, text)
        if candidates and key not in found:
            found[key] = _Hazard(key, diagnostic.line, diagnostic.column, candidates)
    return list(found.values())


def _positions(diagnostics: Sequence[Diagnostic]) -> tuple[tuple[str, int, int], ...]:
    return tuple((d.code, d.line, d.column) for d in diagnostics)
