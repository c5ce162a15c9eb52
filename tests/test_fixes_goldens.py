"""The fix goldens of the rule catalogue, checked without torch.

``rules/<CODE>-<name>/fixed_<slug>.py`` is the exact output of
``fix_text(<hazard_<slug>.py text>, str(hazard path), unsafe=True)`` (what
``exportlint check --fix --unsafe-fixes`` writes). Each golden must match the fixer,
parse, be a fixed point of the fixer and be clean; every hazard that the fixer can fix
completely has one. tests/test_fixes_export.py proves them with the exporters.
Regenerate with ``python tests/regen_fixed_goldens.py [rules/<folder> ...]``.
"""

from __future__ import annotations

import ast
import difflib
from pathlib import Path

import pytest
from regen_fixed_goldens import (
    FIXED,
    HAZARD,
    REJECTED_BY_VERIFY,
    RULES,
    fully_fixable,
    golden_for,
    hazard_for,
    read,
)

from exportlint.diagnostics import Applicability
from exportlint.engine import lint_source
from exportlint.fixer import fix_text

GOLDENS = sorted(RULES.glob(f"*/{FIXED}*.py"))
IDS = [f"{p.parent.name}/{p.name}" for p in GOLDENS]


def _regen(golden: Path) -> str:
    return f"regenerate with: python tests/regen_fixed_goldens.py rules/{golden.parent.name}"


def _hazard(golden: Path) -> Path:
    hazard = hazard_for(golden)
    if not hazard.is_file():
        pytest.fail(f"{golden.name} has no {hazard.name}; {_regen(golden)} (deletes it)")
    return hazard


@pytest.mark.parametrize("golden", GOLDENS, ids=IDS)
def test_golden_is_the_fixer_output(golden: Path) -> None:
    hazard = _hazard(golden)
    want = fix_text(read(hazard), str(hazard), unsafe=True).text
    have = read(golden)
    if have != want:
        diff = "".join(
            difflib.unified_diff(
                have.splitlines(keepends=True),
                want.splitlines(keepends=True),
                fromfile=f"{golden.name} (golden)",
                tofile=f"{golden.name} (fix_text of {hazard.name} now)",
            )
        )
        pytest.fail(f"{golden.name} is stale; {_regen(golden)}\n{diff}")


@pytest.mark.parametrize("golden", GOLDENS, ids=IDS)
def test_golden_is_clean(golden: Path) -> None:
    hazard = _hazard(golden)
    text = read(golden)
    ast.parse(text, filename=str(golden))

    before = lint_source(read(hazard), str(hazard))
    fixed = fix_text(read(hazard), str(hazard), unsafe=True)
    assert not fixed.problems, "\n".join(fixed.problems)

    again = fix_text(text, str(golden), unsafe=True)
    assert again.text == text, f"fix_text changes {golden.name} again: not idempotent"
    assert not again.problems, "\n".join(again.problems)

    remaining = lint_source(text, str(golden))
    shown = "\n".join(f"{d.line}:{d.column}: {d.code} {d.message}" for d in remaining)
    hazard_codes = {d.code for d in before}
    assert not [d for d in remaining if d.code in hazard_codes], (
        f"{golden.name} still has the hazard's diagnostics:\n{shown}"
    )
    # Something else may remain only where the hazard had a fix the user must apply.
    suggested = any(d.fix and d.fix.applicability is Applicability.DISPLAY_ONLY for d in before)
    assert suggested or not remaining, f"{golden.name} is not clean:\n{shown}"


def test_every_fully_fixable_hazard_has_a_golden() -> None:
    missing = []
    for hazard in sorted(RULES.glob(f"*/{HAZARD}*.py")):
        if f"{hazard.parent.name}/{hazard.name}" in REJECTED_BY_VERIFY:
            continue
        if fully_fixable(lint_source(read(hazard), str(hazard))):
            golden = golden_for(hazard)
            if not golden.is_file():
                missing.append(f"{golden.parent.name}/{golden.name}")
    assert not missing, (
        "hazards whose every diagnostic has a safe/unsafe fix need a golden; "
        "regenerate with: python tests/regen_fixed_goldens.py\nmissing: " + ", ".join(missing)
    )


def test_every_golden_has_a_hazard_it_fully_fixes() -> None:
    orphans = []
    for golden in GOLDENS:
        hazard = hazard_for(golden)
        if not hazard.is_file():
            orphans.append(f"{golden.parent.name}/{golden.name} (no {hazard.name})")
        elif not fully_fixable(lint_source(read(hazard), str(hazard))):
            orphans.append(f"{golden.parent.name}/{golden.name} (not every diagnostic is fixed)")
    assert not orphans, (
        "stale goldens; regenerate with: python tests/regen_fixed_goldens.py (deletes them)\n"
        + "\n".join(orphans)
    )
