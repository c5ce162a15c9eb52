"""Candidate fixes: built lazily, in order, and dropped when they do not remove their hazard.

A hazard can have several candidate rewrites, best first. Building one is a libcst rewrite,
the costly part of a fix, so a lint builds only as many as its output needs
(`FixContext.candidate_limit`): `--fix`, `--unsafe-fixes` and `--diff` apply the first, so
they build one; `--fix --verify` asks for the next only when the previous one failed; JSON
and the editor show them all. A rule lists its candidates as `Candidate(title, build)` and
calls `build_candidates`, which builds them in turn until enough are kept.

A candidate is kept only when the fixed text no longer has the hazard (same rule, same
place) and has no error of a rule the original text had fewer of (`CandidateCheck`, a lint
of the fixed text on the `ast` path: no fix of it is built). Otherwise the next candidate
becomes first, and `--fix --unsafe-fixes` applies something that helps.

With fixes deferred (a lint that shows no edits), the first candidate that starts a rewrite
stops there: the diagnostic gets a pending fix titled with that candidate's family.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from exportlint.candidate_scope import Scopes
from exportlint.codemods import DEFERRED, FixDeferred, NotRewritable, failed_rewrite
from exportlint.config import Settings
from exportlint.diagnostics import Applicability, Diagnostic, Edit, Fix
from exportlint.fixes import FixContext, display_only


@dataclass(frozen=True)
class Candidate:
    """One rewrite family's try at a hazard. `title` says what it does ("Rewrite with
    torch.cond(...)"): it is the pending fix of a lint that builds no fixes. `build` returns
    the fix (or several, best first) or raises `NotRewritable(why)`."""

    title: str
    build: Callable[[], Fix | Sequence[Fix]]


def applicable(fix: Fix) -> bool:
    return bool(fix.edits) and fix.applicability is not Applicability.DISPLAY_ONLY


def build_candidates(
    ctx: FixContext,
    candidates: Iterable[Candidate],
    code: str = "",
    node: ast.AST | None = None,
) -> tuple[list[Fix], list[str]]:
    """Build `candidates` in order until `ctx.candidate_limit` applicable fixes are kept.

    Returns the applicable fixes kept (best first) and why the others were not: each
    `NotRewritable` reason, and each fix `ctx.check_candidate` dropped (given the rule's
    `code` and the `node` it reports on). With fixes deferred, the first candidate that starts
    a rewrite gives a pending fix (description: its title) and nothing more is built."""
    kept: list[Fix] = []
    reasons: list[str] = []
    limit = ctx.candidate_limit
    for candidate in candidates:
        if limit is not None and len(kept) >= limit:
            break
        try:
            built = candidate.build()
        except FixDeferred:
            ctx.fix_deferred = True
            return [display_only(f"{candidate.title} ({DEFERRED})")], reasons
        except NotRewritable as error:
            reasons.append(str(error))
            continue
        except Exception as error:  # a codemod bug costs one candidate, not the lint
            reasons.append(failed_rewrite(error))
            continue
        for fix in [built] if isinstance(built, Fix) else built:
            if limit is not None and len(kept) >= limit:
                break
            if not applicable(fix):
                continue
            rejected = check(ctx, code, node, fix)
            if rejected:
                reasons.append(f"{fix.description}: {rejected}")
            else:
                kept.append(fix)
    return kept, reasons


def check(ctx: FixContext, code: str, node: ast.AST | None, fix: Fix) -> str:
    """Why `fix` must not be offered ("" to keep it); remembered, so that the engine does
    not check it again when the rule reports it."""
    checker = ctx.check_candidate
    if checker is None or not code or node is None:
        return ""
    line, column = ctx.start(node)
    why = checker(code, line, column, fix)
    ctx.checked[(id(fix), code, line, column)] = (fix, why)
    return why


# A check lints the code its fix can reach (`exportlint.candidate_scope`), twice: the text
# after the fix, and before it (shared by the checks of one scope). The cost of a lint is
# counted in lines: those kept, plus a share of the whole document's, which each lint copies
# and parses even where it is blank. The checks of a document may lint up to
# `_LINES_CHECKED_PER_LINE` times its length up to `_ORDINARY_LINES` lines, less past that
# (and a small file at least `_LINES_CHECKED_AT_LEAST`): every shown candidate of a
# 5,000-line transformers modeling file is checked (qwen3_omni_moe: about 25 times its
# length), and a longer file, or one with thousands of hazards, stays linear (a 20,000-line
# file of 5,000 candidates: about 20 checked); past the budget, candidates are shown
# unchecked.
_LINES_CHECKED_PER_LINE = 48
_ORDINARY_LINES = 5_000
_LINES_CHECKED_AT_LEAST = 48_000
_BLANK_LINES_PER_LINE = 64


class CandidateCheck:
    """Checks candidates against one document: the fixed text is linted without building
    fixes, and so is the original text, once per scope (what the fix can change: given the
    document's `tree`, `exportlint.candidate_scope`; without it, the whole document). Lints
    are remembered by text and scope (a few, process-wide)."""

    def __init__(
        self, text: str, path: str, settings: Settings, tree: ast.Module | None = None
    ) -> None:
        self.text = text
        self.path = path
        self.settings = settings
        self.tree = tree
        # What a fix can change (None: not built yet, or no tree: the whole document).
        self._scopes: Scopes | None = None
        self._texts: dict[frozenset[str], tuple[str, int]] = {}  # see `_reduced`
        self._key = ""
        self._spent = 0
        self._fixed: dict[int, tuple[Fix, frozenset[str] | None, str]] = {}  # see `__call__`
        self._lines = text.count("\n") + 1
        # Each lint of a long file copies and parses all of it: past `_ORDINARY_LINES`, the
        # budget shrinks as the file grows, so that its checks cost about the same.
        ordinary = _ORDINARY_LINES * min(1.0, _ORDINARY_LINES / self._lines)
        self._budget = max(_LINES_CHECKED_AT_LEAST, int(_LINES_CHECKED_PER_LINE * ordinary))

    def scope(self, edits: Sequence[Edit], line: int) -> frozenset[str] | None:
        """The classes and functions whose entry points a check of `edits` lints (None: all)."""
        if self.tree is None:
            return None
        if self._scopes is None:
            self._scopes = Scopes(self.tree)
        return self._scopes.names(edits, line)

    def _reduced(self, only: frozenset[str]) -> tuple[str, int]:
        """The text the checks of scope `only` lint, and how many of its lines are not blank."""
        found = self._texts.get(only)
        if found is None:
            assert self._scopes is not None  # `scope` gave `only`
            text, blanked = self._scopes.reduced(self.text, only)
            found = self._texts[only] = (text, self._lines - blanked)
        return found

    def _linted(self, text: str, only: frozenset[str] | None) -> bool:
        return bool(self._key) and (self._key, text, only) in _LINTS

    def _lint(self, text: str, only: frozenset[str] | None = None) -> list[Diagnostic]:
        from exportlint.engine import lint_source_result

        if not self._key:
            self._key = f"{self.path}\0{self.settings.fingerprint()}"
        key = (self._key, text, only)
        found = _LINTS.get(key)
        if found is None:
            kept = _RESULTS.get(key)
            if kept is not None and _stamps(kept[1]) == kept[2]:
                found = kept[0]
            else:
                result = lint_source_result(text, self.path, self.settings, fixes=False, only=only)
                # With the consequences left out of the report (`exportlint/cascades.py`): a
                # fix of a conversion must not look like it made what export meets next.
                found = [
                    d for d in (*result.diagnostics, *result.consequences) if d.path == self.path
                ]
                read = tuple(result.dependencies)
                _RESULTS[key] = (found, read, _stamps(read))
                while len(_RESULTS) > _KEPT_RESULTS:
                    del _RESULTS[next(iter(_RESULTS))]
            _LINTS[key] = found
            while len(_LINTS) > _KEPT_LINTS:
                del _LINTS[next(iter(_LINTS))]
        return found

    def __call__(self, code: str, line: int, column: int, fix: Fix) -> str:
        from exportlint.fixer import apply_edits, new_errors

        # Only the entry points that can reach the edits (or the hazard) are linted, before
        # and after, in a text keeping only the code they can read: the others give the same
        # diagnostics in both texts.
        # Past the document's budget, candidates are shown unchecked, so that a file with
        # many hazards stays linear (the fixer still checks what it applies, every round).
        # The first check refused ends the checks: each scope's text costs a copy of the
        # document, which thousands of hazards past the budget must not pay.
        if self._spent >= self._budget:
            return ""
        only = self.scope(fix.edits, line)
        text, kept = (self.text, self._lines) if only is None else self._reduced(only)
        cost = kept + self._lines // _BLANK_LINES_PER_LINE
        if not self._linted(text, only):
            cost *= 2
        if self._spent + cost > self._budget:
            self._spent = self._budget
            return ""
        self._spent += cost
        # The `elif`s of a chain share their top `if`'s fix: its text is made once.
        known = self._fixed.get(id(fix))
        if known is not None and known[0] is fix and known[1] == only:
            fixed = known[2]
        else:
            fixed = apply_edits(text, fix.edits)
            self._fixed[id(fix)] = (fix, only, fixed)
        after = self._lint(fixed, only)
        before = self._lint(text, only)
        # Code that does not parse is one EXL000 error (the lint never raises).
        worse = new_errors(before, after)
        if "EXL000" in worse:
            return "the fixed code does not parse"
        if worse:
            return f"it creates a new error ({', '.join(worse)})"
        said = next(
            (d.message for d in before if (d.code, d.line, d.column) == (code, line, column)), ""
        )
        if left_in_place(code, line, column, fix.edits, text, fixed, after, said):
            return "the hazard is still there after it"
        return ""


def _wording(message: str) -> str:
    """A diagnostic's message without its quoted code (`len(x)` and `x.shape[0]` read alike)."""
    return re.sub(r"`[^`]*`", "``", message)


def left_in_place(
    code: str,
    line: int,
    column: int,
    edits: Sequence[Edit],
    text: str,
    fixed: str,
    after: Sequence[Diagnostic],
    message: str = "",
) -> bool:
    """Whether the hazard of rule `code` at (line, column) of `text` is still in `fixed` (the
    text after `edits`, whose diagnostics are `after`): at the place the edits move it to, or,
    when they rewrote that place, on a rewritten line that reads as the hazard's line did.

    With the hazard's `message`, only a diagnostic said the same way (code snippets aside)
    is the same hazard: a candidate that turns it into another one of the same rule (a custom
    op given a fake kernel: export works, the ONNX translation is still missing) is progress,
    kept for verification to decide."""
    wording = _wording(message) if message else ""

    def same(d: Diagnostic) -> bool:
        # The message last: its wording is a regex, and a file may have many diagnostics.
        return d.code == code and (not message or _wording(d.message) == wording)

    where = moved(line, column, edits)
    if where is not None:
        return any((d.line, d.column) == where and same(d) for d in after)
    lines = text.splitlines()
    hazard_line = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    fixed_lines = fixed.splitlines()
    for edit in edits:
        if not (edit.line, edit.column) <= (line, column) <= (edit.end_line, edit.end_column):
            continue
        start = moved(edit.line, edit.column, [e for e in edits if e is not edit]) or (
            edit.line,
            edit.column,
        )
        last = start[0] + edit.content.count("\n")
        for d in after:
            if (
                start[0] <= d.line <= last
                and (
                    0 < d.line <= len(fixed_lines)
                    and fixed_lines[d.line - 1].strip() == hazard_line
                )
                and same(d)
            ):
                return True
    return False


# Lints by the candidate checks, by (path and settings, text, scope); the oldest go first.
# What is in `_LINTS` counts as linted for a document's budget (see `__call__`).
_LINTS: dict[tuple[str, str, frozenset[str] | None], list[Diagnostic]] = {}
_KEPT_LINTS = 8
# The same lints, more of them, only so as not to make one again: each file reaching a shared
# module's hazards (transformers' masking utilities) checks the same candidates of it, and
# with the last 8 only, a file with more scopes than that linted the same texts again (JSON
# output of 20 transformers modeling files: 84 lints, 56 of them different). `_LINTS` alone
# still decides the budgets, so that the candidates checked, and the output, stay the same.
# Each with the other modules the lint read and their stamps (an editor's server lives long:
# a module changed since is a miss).
_RESULTS: dict[
    tuple[str, str, frozenset[str] | None],
    tuple[list[Diagnostic], tuple[str, ...], tuple[tuple[int, int] | None, ...]],
] = {}
_KEPT_RESULTS = 64


def _stamps(paths: Sequence[str]) -> tuple[tuple[int, int] | None, ...]:
    stamps: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            stamps.append(None)
        else:
            stamps.append((stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


def moved(line: int, column: int, edits: Sequence[Edit]) -> tuple[int, int] | None:
    """Where (line, column) is after `edits` (positions in the original text, not
    overlapping); None when an edit replaces text holding it. An insertion at the position
    goes before it."""
    new_line, new_column = line, column
    settled = False  # an edit before it on its line wrote a line break: columns are final
    for edit in sorted(set(edits), reverse=True):
        start, end = (edit.line, edit.column), (edit.end_line, edit.end_column)
        if start < (line, column) < end or (start == (line, column) and start != end):
            return None
        if end > (line, column):
            continue  # after the position
        breaks = edit.content.count("\n")
        new_line += breaks - (edit.end_line - edit.line)
        if edit.end_line == line and not settled:
            # On the position's line: the columns after the edit shift with it.
            tail = edit.content.rsplit("\n", 1)[-1]
            base = len(tail) + (edit.column if breaks == 0 else 1)
            new_column = base + (new_column - edit.end_column)
            settled = breaks > 0 or edit.line != line
    return new_line, new_column


def drop_failing(
    ctx: FixContext, code: str, line: int, column: int, fixes: Sequence[Fix]
) -> list[Fix]:
    """The engine's check of the candidates a rule reports without `build_candidates`: the
    applicable ones that `ctx.check_candidate` rejects are dropped (display-only advice
    stays). Candidates `build_candidates` checked are not checked again."""
    checker = ctx.check_candidate
    if checker is None:
        return list(fixes)
    out: list[Fix] = []
    for fix in fixes:
        if not applicable(fix):
            out.append(fix)
            continue
        key = (id(fix), code, line, column)
        known = ctx.checked.get(key)
        if known is not None and known[0] is fix:
            why = known[1]
        else:
            why = checker(code, line, column, fix)
            ctx.checked[key] = (fix, why)
        if not why:
            out.append(fix)
    return out


def check_candidates(
    ctx: FixContext, text: str, path: str, settings: Settings, limit: int | None
) -> None:
    """Set up a document whose fixes are built: build `limit` candidates per hazard (None:
    all). Shown candidates (no limit: JSON, the editor's quick fixes) are each checked against
    a lint of the fixed text; the fixer (a limit) checks what it applies against the lint of
    its round instead, which it makes anyway (`exportlint.fixer.fix_text`)."""
    ctx.candidate_limit = limit
    ctx.check_candidate = CandidateCheck(text, path, settings, ctx.tree) if limit is None else None


def checked_candidates(
    ctx: FixContext,
    code: str,
    line: int,
    column: int,
    fix: Fix | None,
    alternatives: tuple[Fix, ...],
) -> tuple[Fix | None, tuple[Fix, ...]]:
    """A reported diagnostic's candidates without those the check rejects. When it rejects
    them all, the first one's description says so (display-only)."""
    if fix is None:
        return fix, alternatives
    given = [fix, *alternatives]
    kept = drop_failing(ctx, code, line, column, given)
    if kept:
        return kept[0], tuple(kept[1:])
    first = given[0]
    why = ctx.checked.get((id(first), code, line, column), (first, ""))[1]
    return display_only(f"{first.description} (not offered: {why or 'rejected'})"), ()
