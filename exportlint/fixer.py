"""Applying fixes: rounds of lint → non-overlapping edits → re-lint, until nothing changes.

A round whose output does not parse is rolled back and reported with the rule and location;
a file whose fixes keep producing new fixes past `MAX_ROUNDS` is reported as not converged.
Files are written atomically (temporary file + rename), only when their bytes change, with
their encoding, BOM, newline style and trailing newline preserved, and never when they changed
on disk since they were read.
"""

from __future__ import annotations

import ast
import gc
import os
import re
import tempfile
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from exportlint.candidates import left_in_place
from exportlint.config import Settings
from exportlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from exportlint.document import DecodeError, Document, decode
from exportlint.engine import lint_source, lint_source_result

MAX_ROUNDS = 10
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class FixResult:
    text: str
    applied: tuple[Diagnostic, ...]  # diagnostics whose fix was applied, over all rounds
    remaining: tuple[Diagnostic, ...]  # diagnostics of the final text
    problems: tuple[str, ...] = ()  # rolled-back fixes, non-convergence

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def applicable(diagnostic: Diagnostic, unsafe: bool) -> bool:
    return usable(diagnostic.fix, unsafe)


def may_fix(diagnostic: Diagnostic, unsafe: bool) -> bool:
    """Whether fixing the file may apply this diagnostic's fix: an applicable one, or one
    not built yet (a lint that builds no fixes; the fixer builds it)."""
    fix = diagnostic.fix
    return applicable(diagnostic, unsafe) or (fix is not None and fix.pending)


def usable(fix: Fix | None, unsafe: bool) -> bool:
    if fix is None or not fix.edits:
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


# Which candidate of a diagnostic (found in the text given) to apply; None: leave it. The
# default is its first fix.
Chooser = Callable[[Diagnostic, str], Fix | None]


def fix_text(
    text: str,
    path: str = "<stdin>",
    settings: Settings | None = None,
    unsafe: bool = False,
    newline: str = "\n",
    choose: Chooser | None = None,
    candidates: int | None = None,
) -> FixResult:
    """Fix `text` as far as possible. Generated code uses `newline` for its line breaks.

    `choose` picks the candidate to apply for a diagnostic (`--fix --verify` tries them in
    turn); by default the first. `candidates`: how many candidates the lints build per
    hazard (default: 1 without `choose`, which applies the first; all with it). A fix is
    dropped when it does not parse, when it creates a worse hazard (an error the text did not
    have: a warning turned into an error), or when its hazard is still there after it; by
    default the hazard's next candidate is then built and tried.
    """
    limit = 1 if candidates is None and choose is None else candidates

    # The text of the latest lint -> its diagnostics with the consequences left out of them
    # (`LintResult.consequences`): what a fix is compared with, so that fixing a conversion
    # does not look like it made the reports that followed from it.
    seen: dict[str, list[Diagnostic]] = {}

    def lint(source: str, fixes: bool = True) -> list[Diagnostic]:
        found = lint_source_result(source, path, settings, fixes=fixes, candidates=limit)
        own = [d for d in found.diagnostics if d.path == path]
        seen.clear()
        seen[source] = [*own, *(d for d in found.consequences if d.path == path)]
        return own

    def before() -> list[Diagnostic]:
        return seen.get(current, diagnostics)

    applied: list[Diagnostic] = []
    problems: list[str] = []
    # Fixes that broke the file: not retried. Keyed without the position, which the other
    # fixes of the round shift (a position key made a rejected fix look new one round later:
    # retried, reported twice, and counted as "did not converge").
    rejected: set[tuple[str, str, tuple[str, ...]]] = set()

    def pick(diagnostic: Diagnostic) -> Fix | None:
        if choose is not None:
            fix = choose(diagnostic, current)
            return fix if usable(fix, unsafe) else None
        # The first candidate not rejected in an earlier round.
        for fix in diagnostic.fixes:
            if usable(fix, unsafe) and _key(replace(diagnostic, fix=fix), current) not in rejected:
                return fix
        return None

    def stuck(
        chosen: Sequence[Diagnostic], fixed: str, after: Sequence[Diagnostic]
    ) -> list[Diagnostic]:
        """The chosen fixes whose hazard is still in `fixed` (applied with the others)."""
        edits = [e for d in chosen for e in d.fix.edits]  # type: ignore[union-attr]
        return [
            d
            for d in chosen
            if left_in_place(d.code, d.line, d.column, edits, current, fixed, after, d.message)
        ]

    current = text
    diagnostics = lint(current)
    for _ in range(MAX_ROUNDS):
        chosen_fixes = {id(d): pick(d) for d in diagnostics}
        offered = [
            replace(d, fix=chosen_fixes[id(d)])
            for d in diagnostics
            if chosen_fixes[id(d)] is not None
            and _key(replace(d, fix=chosen_fixes[id(d)]), current) not in rejected
        ]
        if not offered:
            return FixResult(current, tuple(applied), tuple(diagnostics), tuple(problems))
        chosen = _non_overlapping(offered)
        baseline = before()
        updated = apply_edits(current, [e for d in chosen for e in d.fix.edits], newline)  # type: ignore[union-attr]
        if parses(updated, path):
            after = lint(updated)
            if not new_errors(baseline, after) and not stuck(chosen, updated, after):
                current, diagnostics = updated, after
                applied.extend(chosen)
                continue
        # Find every culprit of the round (each fix tried alone on this round's text) and
        # apply the good fixes together. Handling one fix per round, as before, let a single
        # bad fix among more than MAX_ROUNDS good ones stop the file short of converging.
        good: list[Diagnostic] = []
        built = limit
        for diagnostic in chosen:
            single = apply_edits(current, list(diagnostic.fix.edits), newline)  # type: ignore[union-attr]
            why = ""
            if not parses(single, path):
                why = "produced code that does not parse"
            elif new_errors(baseline, alone := lint(single, fixes=False)):
                why = "would create a worse hazard (a new error)"
            elif stuck([diagnostic], single, alone):
                # Not a broken fix, a useless one: the next candidate is tried, quietly.
                rejected.add(_key(diagnostic, current))
                if limit is not None and choose is None:
                    limit += 1
                continue
            if not why:
                good.append(diagnostic)
            else:
                rejected.add(_key(diagnostic, current))
                if limit is not None and choose is None:
                    limit += 1  # the hazard's next candidate is built and tried
                problems.append(
                    f"{path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} fix "
                    f"{why}; it was rolled back"
                )
        if good:
            together = apply_edits(current, [e for d in good for e in d.fix.edits], newline)  # type: ignore[union-attr]
            after = lint(together) if parses(together, path) else []
            if not parses(together, path) or new_errors(baseline, after):
                good = good[:1]  # fine alone, not together: one per round
                together = apply_edits(current, list(good[0].fix.edits), newline)  # type: ignore[union-attr]
                after = lint(together)
            current, diagnostics = together, after
            applied.extend(good)
        elif limit != built:
            diagnostics = lint(current)  # with the next candidates of the rejected ones
    if any(
        pick(d) is not None and _key(replace(d, fix=pick(d)), current) not in rejected
        for d in diagnostics
    ):
        problems.append(f"{path}: fixes did not converge after {MAX_ROUNDS} rounds")
    return FixResult(current, tuple(applied), tuple(diagnostics), tuple(problems))


def new_errors(before: Sequence[Diagnostic], after: Sequence[Diagnostic]) -> list[str]:
    """`after` has more errors of some rule than `before`: a fix turned a warning into an
    error (`len(kp)` -> `kp.shape[0]` tested in an `if`), or made a new one. Counted per rule,
    not per line: a fix that moves code (an `elif` that becomes an `if` inside torch.cond)
    changes lines without making anything worse."""

    def errors(found: Sequence[Diagnostic]) -> Counter[str]:
        return Counter(d.code for d in found if d.severity is Severity.ERROR)

    return sorted(errors(after) - errors(before))


def hazard_key(diagnostic: Diagnostic, text: str) -> tuple[str, str]:
    """A hazard's identity across fixer rounds: its rule and the text of its line."""
    lines = _LINE_BREAK.split(text)
    line = lines[diagnostic.line - 1].strip() if 0 < diagnostic.line <= len(lines) else ""
    return diagnostic.code, line


def _key(diagnostic: Diagnostic, text: str) -> tuple[str, str, tuple[str, ...]]:
    """A fix's identity across rounds: rule, the text of its line, what its edits write."""
    lines = _LINE_BREAK.split(text)
    line = lines[diagnostic.line - 1].strip() if 0 < diagnostic.line <= len(lines) else ""
    edits = diagnostic.fix.edits if diagnostic.fix else ()
    return diagnostic.code, line, tuple(e.content for e in edits)


def _non_overlapping(candidates: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Greedy in source order; identical edits (two fixes adding the same import) merge."""
    taken: list[Diagnostic] = []
    spans: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for diagnostic in sorted(candidates, key=lambda d: (d.line, d.column, d.code)):
        edits = diagnostic.fix.edits  # type: ignore[union-attr]
        ok = True
        for edit in edits:
            start, end = (edit.line, edit.column), (edit.end_line, edit.end_column)
            for other_start, other_end, content in spans:
                if (start, end, edit.content) == (other_start, other_end, content):
                    continue
                if start < other_end and other_start < end:
                    ok = False
                # An insertion at the edge of a replaced range (`torch.sym_` before an `int(`
                # that another fix rewrites as a whole) would glue the two: defer it.
                if start == end and other_start <= start <= other_end != other_start:
                    ok = False
                if other_start == other_end and start <= other_start <= end != start:
                    ok = False
                # Two different insertions at one point would interleave: defer one.
                if start == end == other_start == other_end:
                    ok = False
        if ok:
            taken.append(diagnostic)
            spans.extend(((e.line, e.column), (e.end_line, e.end_column), e.content) for e in edits)
    return taken


def apply_edits(text: str, edits: Sequence[Edit], newline: str = "\n") -> str:
    """Apply edits (positions in `text`'s own line numbering) from last to first."""
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def offset(line: int, column: int) -> int:
        if line - 1 >= len(starts):
            return len(text)
        return min(starts[line - 1] + column - 1, len(text))

    unique = sorted(set(edits), key=lambda e: (e.line, e.column, e.end_line, e.end_column))
    out = text
    for edit in reversed(unique):
        start, end = offset(edit.line, edit.column), offset(edit.end_line, edit.end_column)
        content = _LINE_BREAK.sub(newline, edit.content)
        out = out[:start] + content + out[end:]
    return out


def parses(text: str, path: str) -> bool:
    """Whether `text` is Python: nothing that does not parse is ever written."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text, filename=path)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


# --------------------------------------------------------------------- files


@dataclass(frozen=True)
class FileFix:
    path: str
    original: str
    result: FixResult | None
    written: bool = False
    error: str = ""  # why the file was not fixed (read-only, changed on disk, ...)
    remaining: tuple[Diagnostic, ...] = field(default=())


def fix_file(
    path: str, settings: Settings | None = None, unsafe: bool = False, write: bool = True
) -> FileFix:
    target = Path(os.path.realpath(path))  # a symlink's target is fixed, the link stays
    try:
        data = target.read_bytes()
    except OSError as error:
        from exportlint.engine import read_error

        return FileFix(path, "", None, error=f"cannot read: {error.strerror}",
                       remaining=tuple(read_error(path, error, settings)))  # fmt: skip
    try:
        document = decode(data, path)
    except DecodeError:
        from exportlint.engine import lint_bytes

        return FileFix(path, "", None, remaining=tuple(lint_bytes(data, path, settings)))
    result = fix_text(document.text, path, settings, unsafe, document.newline)
    # Fixes can be applied and still leave the text as it was: then nothing is written, and
    # the file must not be reported as written (and its fixes counted) either.
    if not result.changed or not write or result.text == document.text:
        return FileFix(path, document.text, result, remaining=result.remaining)
    problem = write_atomically(target, data, document, result.text)
    if problem:
        # Nothing was written: report the original file's diagnostics.
        remaining = lint_source(document.text, path, settings)
        return FileFix(path, document.text, result, error=problem, remaining=tuple(remaining))
    return FileFix(path, document.text, result, written=True, remaining=result.remaining)


def encode(document: Document, text: str) -> bytes:
    encoding = document.encoding
    data = text.encode("utf-8" if encoding == "utf-8-sig" else encoding)
    return (b"\xef\xbb\xbf" + data) if encoding == "utf-8-sig" else data


def write_atomically(target: Path, original: bytes, document: Document, text: str) -> str:
    """Write `text` over `target` (temporary file + rename) unless `target` changed since
    `original` was read; "" on success, else why nothing was written."""
    try:
        new = encode(document, text)
    except UnicodeEncodeError as error:
        return (
            f"not written: the fix needs characters {document.encoding} cannot encode "
            f"({error.reason})"
        )
    if new == original:
        return ""
    try:
        stat = target.stat()
        # The rename below replaces the file whatever its own permissions, and os.access says
        # "writable" to root: a file without any write bit is read-only for everyone.
        if not os.access(target, os.W_OK) or not stat.st_mode & 0o222:
            return "not written: the file is read-only"
        if target.read_bytes() != original:
            return "not written: the file changed on disk while it was being fixed"
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(new)
            os.chmod(tmp, stat.st_mode & 0o7777)
            if hasattr(os, "chown") and os.geteuid() == 0:
                # Run as root, the new file would otherwise belong to root, not the owner.
                os.chown(tmp, stat.st_uid, stat.st_gid)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except FileNotFoundError:
        return "not written: the file vanished while it was being fixed"
    except OSError as error:
        return f"not written: {error.strerror}"
    return ""


def fix_files(
    paths: Sequence[str | Path],
    settings: Settings | None = None,
    unsafe: bool = False,
    write: bool = True,
    jobs: int | None = None,
    known: Mapping[str, Sequence[Diagnostic]] | None = None,
    lint_first: bool = True,
) -> list[FileFix]:
    """Fix many files: lint them all first (in parallel), then run the fixer only on the
    files that have something to fix — in worker processes, each file fixed by one of them.
    A file with nothing to fix is never rewritten, not even read twice. `known`: the
    diagnostics of every path, already linted (with fixes built or pending): not linted again.
    `lint_first=False`: no first lint, every file goes to the fixer (whose first lint of a
    file with nothing to apply gives its diagnostics; with `unsafe` only, where the first lint
    builds no fixes)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from exportlint.runner import lint_paths

    settings = settings or Settings()
    found: dict[str, list[Diagnostic]] = {str(p): [] for p in paths}
    if known is not None:
        found.update((str(p), list(known.get(str(p), ()))) for p in paths)
    else:
        for diagnostic in lint_paths(paths, settings, jobs=jobs, fixes=False):
            found.setdefault(diagnostic.path, []).append(diagnostic)
    todo = [p for p, ds in found.items() if not lint_first or any(may_fix(d, unsafe) for d in ds)]
    results = {p: FileFix(p, "", None, remaining=tuple(ds)) for p, ds in found.items()}
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {p: pool.submit(_fix_file_collected, p, settings, unsafe, write)
                       for p in todo}  # fmt: skip
            for p, future in futures.items():
                results[p] = future.result()
    else:
        try:
            for p in todo:
                results[p] = _fix_file_collected(p, settings, unsafe, write)
        finally:
            from exportlint.runner import frozen_kept

            if not frozen_kept():
                gc.unfreeze()  # a long-lived caller's objects go back to the collector
    return [results[str(p)] for p in paths]


def _fix_file_collected(path: str, settings: Settings, unsafe: bool, write: bool) -> FileFix:
    """`fix_file` with the cyclic collector off while the file is fixed, then one collection.

    Each round's lint parses the whole file and allocates millions of objects, and the
    collector, triggered by the allocations, walked the heap again and again: on the
    transformers corpus a fifth of a `--fix` run's CPU showed up in `ast.parse` alone. The
    cyclic garbage a file's fixing makes (libcst trees) is collected once when it is done,
    and what survives (the other modules whole-project analysis parsed, kept for the next
    files) frozen so that no later collection walks it again (as `runner._lint_chunk` does
    for the lint)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return fix_file(path, settings, unsafe, write)
    finally:
        gc.collect()
        gc.freeze()
        if enabled:
            gc.enable()
