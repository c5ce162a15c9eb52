"""Candidates built lazily and in order, and dropped when they do not remove their hazard
(exportlint.candidates, the fixer's check of what it applies, the --fix --verify search)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exportlint import fixer
from exportlint.candidates import Candidate, build_candidates, left_in_place, moved
from exportlint.codemods import NotRewritable
from exportlint.config import Settings
from exportlint.diagnostics import Applicability, Edit, Fix
from exportlint.engine import lint_source
from exportlint.fixes import FixContext

ROOT = Path(__file__).resolve().parent.parent
HAZARD = ROOT / "rules" / "EXL401-tensor-loop" / "hazard_range_shape0.py"
GOLDEN = ROOT / "rules" / "EXL401-tensor-loop" / "fixed_range_shape0.py"
SETTINGS = Settings(follow_imports="none")


def _comment_above_loop(ctx: FixContext, loop, env, function) -> Fix:  # type: ignore[no-untyped-def]
    """A useless candidate: a comment line above the loop, which stays as it was."""
    indent = ctx.indent_of(loop.lineno)
    edit = Edit(loop.lineno, 1, loop.lineno, 1, f"{indent}# looked at\n")
    return Fix("Look at the loop", Applicability.UNSAFE, (edit,))


def _tensor_if_above_loop(ctx: FixContext, loop, env, function) -> Fix:  # type: ignore[no-untyped-def]
    """A harmful candidate: it adds an `if` on a tensor (a new EXL101 error)."""
    indent = ctx.indent_of(loop.lineno)
    text = f"{indent}if hidden.sum() > 0:\n{indent}    hidden = hidden * 2\n"
    edit = Edit(loop.lineno, 1, loop.lineno, 1, text)
    return Fix("Double the input", Applicability.UNSAFE, (edit,))


def _bad_first(monkeypatch: pytest.MonkeyPatch, bad) -> None:  # type: ignore[no-untyped-def]
    """Make `bad` EXL401's first loop candidate and the real simple_loop_for rewrite its
    second (the rule imports the families when it builds a fix)."""
    from exportlint.codemods import loops, scan_loops

    real = loops.rewrite_collect_loop
    monkeypatch.setattr(loops, "rewrite_collect_loop", bad)
    monkeypatch.setattr(scan_loops, "rewrite_scan_loop", real)


def _exl401(diagnostics):  # type: ignore[no-untyped-def]
    return next(d for d in diagnostics if d.code == "EXL401")


@pytest.mark.parametrize("bad", [_comment_above_loop, _tensor_if_above_loop])
def test_a_shown_candidate_that_keeps_its_hazard_or_makes_an_error_is_dropped(
    monkeypatch: pytest.MonkeyPatch,
    bad,  # type: ignore[no-untyped-def]
) -> None:
    _bad_first(monkeypatch, bad)
    text = HAZARD.read_text(encoding="utf-8")
    found = _exl401(lint_source(text, str(HAZARD), SETTINGS))  # every candidate: shown
    assert found.fix is not None
    assert "simple_loop_for" in found.fix.description  # the next candidate became first
    assert all("Look at" not in f.description and "Double" not in f.description
               for f in found.fixes)  # fmt: skip


def test_the_check_is_what_drops_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the check (a limit: what the fixer lints), the useless candidate is first.
    _bad_first(monkeypatch, _comment_above_loop)
    text = HAZARD.read_text(encoding="utf-8")
    found = _exl401(lint_source(text, str(HAZARD), SETTINGS, candidates=1))
    assert found.fix is not None and found.fix.description == "Look at the loop"
    assert found.alternatives == ()  # one built, as asked


@pytest.mark.parametrize("bad", [_comment_above_loop, _tensor_if_above_loop])
def test_the_fixer_drops_them_and_applies_the_next_candidate(
    monkeypatch: pytest.MonkeyPatch,
    bad,  # type: ignore[no-untyped-def]
) -> None:
    _bad_first(monkeypatch, bad)
    text = HAZARD.read_text(encoding="utf-8")
    result = fixer.fix_text(text, str(HAZARD), SETTINGS, unsafe=True)
    assert result.text == GOLDEN.read_text(encoding="utf-8")


def test_a_lint_that_applies_the_first_candidate_builds_only_that(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from exportlint.codemods import scan_loops

    calls: list[int] = []

    def counted(*args: object) -> Fix:
        calls.append(1)
        raise NotRewritable("not this one")

    monkeypatch.setattr(scan_loops, "rewrite_scan_loop", counted)
    text = HAZARD.read_text(encoding="utf-8")
    first = _exl401(lint_source(text, str(HAZARD), SETTINGS, candidates=1))
    assert first.fix is not None and "simple_loop_for" in first.fix.description
    assert calls == []  # the second candidate was never built
    lint_source(text, str(HAZARD), SETTINGS)  # JSON and the editor: every candidate
    # Built (the carried-state rewrite asks it again, to step aside where it fits).
    assert calls


def test_a_pending_fix_is_titled_with_the_first_rewrite_that_applies() -> None:
    from exportlint.codemods import FixDeferred

    def refuses() -> Fix:
        raise NotRewritable("not a collect loop")

    def starts() -> Fix:
        raise FixDeferred  # what codemod_for raises when a rewrite begins with fixes deferred

    def never() -> Fix:
        raise AssertionError("built after a deferred candidate")

    ctx = FixContext(["x = 1"], {})
    found, reasons = build_candidates(
        ctx,
        [Candidate("Collect", refuses), Candidate("Scan", starts), Candidate("Other", never)],
    )
    assert [f.description for f in found] == ["Scan (built on demand)"]  # pending: engine
    assert reasons == ["not a collect loop"] and ctx.fix_deferred


def test_the_default_output_shows_the_loop_fix_as_pending(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # EXL401 tries no loop rewrite when fixes are deferred (a third of its time on
    # transformers): the pending fix carries the rule's advice.
    from exportlint.cli import main

    main(["check", "--isolated", "--no-cache", "--exit-zero", str(HAZARD)])
    out = capsys.readouterr().out
    assert "= fix: Vectorise the loop" in out and "(not built yet" in out


def test_build_candidates_in_order_up_to_the_limit() -> None:
    ctx = FixContext(["x = 1"], {})
    made: list[str] = []

    def make(name: str, applicable: bool = True) -> Candidate:
        def build() -> Fix:
            made.append(name)
            if not applicable:
                raise NotRewritable(f"{name} does not fit")
            return Fix(name, Applicability.UNSAFE, (Edit(1, 1, 1, 2, "y"),))

        return Candidate(f"title {name}", build)

    ctx.candidate_limit = 1
    kept, why = build_candidates(ctx, [make("a", False), make("b"), make("c")])
    assert [f.description for f in kept] == ["b"] and made == ["a", "b"]
    assert why == ["a does not fit"]
    ctx.candidate_limit = None
    made.clear()
    kept, _ = build_candidates(ctx, [make("a"), make("b"), make("c")])
    assert [f.description for f in kept] == ["a", "b", "c"] and made == ["a", "b", "c"]


def test_moved_positions() -> None:
    edits = [Edit(2, 1, 2, 1, "    # new\n"), Edit(3, 5, 3, 8, "abcdef")]
    assert moved(1, 4, edits) == (1, 4)  # before every edit
    assert moved(2, 5, edits) == (3, 5)  # a line inserted above
    assert moved(3, 10, edits) == (4, 13)  # after a longer replacement on its line
    assert moved(3, 6, edits) is None  # inside a replaced range
    assert moved(3, 5, edits) is None  # where a replacement starts


def test_left_in_place_reads_a_rewritten_line() -> None:
    text = "a = 1\nif x.sum() > 0:\n    y = 1\n"
    keep = Edit(2, 1, 3, 10, "if x.sum() > 0:\n    y = 2")
    fixed = fixer.apply_edits(text, [keep])
    after = lint_source(fixed)  # nothing traced: nothing reported
    assert not left_in_place("EXL101", 2, 4, [keep], text, fixed, after)
    from dataclasses import replace

    from exportlint.diagnostics import Diagnostic, Severity

    hazard = Diagnostic("<stdin>", 2, 4, 2, 14, "EXL101", "tensor-condition",
                        Severity.ERROR, "")  # fmt: skip
    assert left_in_place("EXL101", 2, 4, [keep], text, fixed, [hazard])
    elsewhere = replace(hazard, line=1)
    assert not left_in_place("EXL101", 2, 4, [keep], text, fixed, [elsewhere])


def test_json_offers_only_checked_candidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from exportlint.cli import main

    _bad_first(monkeypatch, _comment_above_loop)
    path = tmp_path / "model.py"
    path.write_text(HAZARD.read_text(encoding="utf-8"), encoding="utf-8")
    main(["check", "--isolated", "--no-cache", "--exit-zero", "--jobs", "1",
          "--output-format", "json", str(path)])  # fmt: skip
    found = [d for d in json.loads(capsys.readouterr().out) if d["code"] == "EXL401"]
    assert found and "simple_loop_for" in found[0]["fix"]["description"]
    texts = [found[0]["fix"]["description"], *(a["description"] for a in found[0]["alternatives"])]
    assert "Look at the loop" not in texts


def test_fix_diff_applies_the_next_candidate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from exportlint.cli import main

    _bad_first(monkeypatch, _comment_above_loop)
    path = tmp_path / "model.py"
    path.write_text(HAZARD.read_text(encoding="utf-8"), encoding="utf-8")
    main(["check", "--isolated", "--no-cache", "--jobs", "1", "--fix", "--unsafe-fixes",
          str(path)])  # fmt: skip
    assert path.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    assert "rolled back" not in capsys.readouterr().err  # a useless fix is no broken one


@pytest.mark.export
def test_fix_verify_stops_at_the_per_file_bound_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One verification per file: the first candidates' (torch.cond, which fails on the
    Identity branch) uses it; the search for the next candidate stops, says why, and the file
    is left as it was."""
    pytest.importorskip("torch")
    pytest.importorskip("onnxruntime")
    from exportlint.cli import main
    from tests.test_codemods import ALIASING_MODEL

    path = tmp_path / "alias_model.py"
    path.write_text(ALIASING_MODEL, encoding="utf-8")
    main(["check", "--isolated", "--no-cache", "--fix", "--verify", "--max-verifications", "1",
          str(path)])  # fmt: skip
    out = capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == ALIASING_MODEL
    assert "first candidates: Model: export: UncapturedHigherOrderOpError" in out
    assert "stopped: 1 verifications per file" in out
    assert "kept" not in out
