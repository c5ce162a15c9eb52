"""`--fix --verify`, second stage: try the other candidate fixes of the hazards of a file
whose first candidates did not verify together.

The first stage (`exportlint.verify.fix_files_verified`) applies every hazard's first
candidate and verifies the result against the ORIGINAL model's eager outputs. For a file that
failed, the hazards are taken in source order: each one's other candidates are tried in turn
(then leaving it as it is), the rest of the file keeping the candidates chosen so far; the first
text whose models all verify is written. Every try is one verification in the warm worker,
bounded per file (`verify.max-verifications`); the report lists every candidate tried and why
it failed. A file is written only when the fixes kept verify together.

Importing this module does not import torch (the worker does).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from exportlint.config import Settings
from exportlint.diagnostics import Diagnostic, Fix
from exportlint.document import decode
from exportlint.engine import lint_source
from exportlint.fixer import FileFix, FixResult, fix_text, hazard_key, usable, write_atomically
from exportlint.verify import FileOutcome, Job, ModelResult, Report, VerifyOptions, find_models
from exportlint.verify.runner import warm_worker

HazardKey = tuple[str, str]


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
    if not failed:
        return fixes, report
    job_options, timeout = options.resolved(settings)
    roots = (os.path.realpath(settings.root),)
    outcomes = {o.path: o for o in report.files}
    models = list(report.models)
    out: list[FileFix] = []
    for item in fixes:
        if item.path not in failed:
            out.append(item)
            continue
        search = _Search(item, settings, job_options, roots, timeout, limit)
        found = search.run()
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
    files = tuple(outcomes[o.path] for o in report.files)
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

    def run(self) -> tuple[str, FixResult, list[ModelResult]] | None:
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
        first = self._text(choice)
        self.seen.add(first.text)
        for hazard in hazards:
            # Each other candidate, then the hazard left as it is.
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
                if not exists:
                    break  # it had no more candidates: left unfixed was the last try
            choice[hazard.key] = 0  # none verified: back to the first candidate
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

    def _verify(self, refs: Sequence[object], text: str) -> tuple[list[ModelResult], str]:
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
        lines = [f"first candidates: {first}" if first else "first candidates did not verify"]
        lines.extend(self.tried)
        return "\n    - ".join(lines)


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
