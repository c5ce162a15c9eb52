"""(Re)write the fix goldens of the rule catalogue: ``rules/*/fixed_<slug>.py``.

A golden is the exact output of ``fix_text(hazard_text, str(hazard_path), unsafe=True)``
for ``hazard_<slug>.py``. It exists exactly for the hazards whose diagnostics ALL carry a
fix that ``--fix --unsafe-fixes`` applies (applicability safe or unsafe): for the others
the fixer would leave a hazard behind, so there is nothing to prove. Goldens of other
hazards, and goldens without a hazard, are stale and get deleted.

    python tests/regen_fixed_goldens.py                   # the whole catalogue
    python tests/regen_fixed_goldens.py rules/EXL303-len-of-tensor [rules/...]
    python tests/regen_fixed_goldens.py --check           # change nothing; exit 1 if stale

tests/test_fixes_goldens.py checks the goldens (no torch needed) and
tests/test_fixes_export.py proves them with the exporters against the hazard model.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
if str(ROOT) not in sys.path:  # run as a script from anywhere, without installing
    sys.path.insert(0, str(ROOT))

from exportlint.diagnostics import Applicability, Diagnostic  # noqa: E402
from exportlint.engine import lint_source  # noqa: E402
from exportlint.fixer import fix_text  # noqa: E402

HAZARD = "hazard_"
FIXED = "fixed_"
APPLIED = (Applicability.SAFE, Applicability.UNSAFE)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def golden_for(hazard: Path) -> Path:
    return hazard.with_name(FIXED + hazard.name.removeprefix(HAZARD))


def hazard_for(golden: Path) -> Path:
    return golden.with_name(HAZARD + golden.name.removeprefix(FIXED))


# Hazards whose only candidate is an unsafe rewrite that is wrong for them on purpose: the
# catalogue keeps them to show that `--fix --verify` rejects it (tests/test_verify.py proves
# it is never written). Path relative to rules/ -> why the candidate is wrong there.
REJECTED_BY_VERIFY = {
    "EXL102-shape-condition/hazard_not_tracing_position_resize.py": (
        "skipping the fast path under export is right only when both paths agree; here the "
        "general path doubles the resized table"
    ),
    "EXL102-shape-condition/hazard_channel_test_declared_dynamic.py": (
        "torch.cond traces both branches for every channel count, and the image path's Linear "
        "takes exactly num_channels: the channel axis cannot be dynamic there"
    ),
}


def fully_fixable(diagnostics: Sequence[Diagnostic]) -> bool:
    """Every diagnostic carries edits that --fix --unsafe-fixes applies, or lies inside the
    text another one's fix rewrites (a test inside a loop that the loop fix replaces); and
    there is one."""

    def applied(d: Diagnostic) -> bool:
        return d.fix is not None and bool(d.fix.edits) and d.fix.applicability in APPLIED

    def covered(d: Diagnostic) -> bool:
        return any(
            (e.line, e.column) <= (d.line, d.column)
            and (d.end_line, d.end_column) <= (e.end_line, e.end_column)
            for other in diagnostics
            if other is not d and applied(other)
            for e in other.fix.edits  # type: ignore[union-attr]
        )

    return bool(diagnostics) and all(applied(d) or covered(d) for d in diagnostics)


def fixed_text(hazard: Path) -> str:
    return fix_text(read(hazard), str(hazard), unsafe=True).text


def _folders(targets: Sequence[str]) -> list[Path]:
    if not targets:
        return sorted(p for p in RULES.iterdir() if p.is_dir())
    folders = []
    for target in targets:
        path = Path(target).resolve()
        if path.is_file():  # a hazard or golden file: its folder
            path = path.parent
        if not path.is_dir():
            raise SystemExit(f"not a folder or file: {target}")
        folders.append(path)
    return sorted(set(folders))


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _rejected(hazard: Path) -> bool:
    return f"{hazard.parent.name}/{hazard.name}" in REJECTED_BY_VERIFY


def regenerate(folders: Iterable[Path], check: bool = False) -> int:
    """Returns how many files were (or, with `check`, would be) written or deleted."""
    changes = 0
    verb = "would " if check else ""
    for folder in folders:
        for hazard in sorted(folder.glob(f"{HAZARD}*.py")):
            golden = golden_for(hazard)
            diagnostics = lint_source(read(hazard), str(hazard))
            if _rejected(hazard) or not fully_fixable(diagnostics):
                if golden.exists():
                    changes += 1
                    print(f"{verb}delete {_show(golden)} (not every diagnostic has a fix)")
                    if not check:
                        golden.unlink()
                continue
            result = fix_text(read(hazard), str(hazard), unsafe=True)
            for problem in result.problems:
                print(f"warning: {problem}")
            old = read(golden) if golden.exists() else None
            if old == result.text:
                print(f"unchanged {_show(golden)}")
                continue
            changes += 1
            fixes = ", ".join(f"{d.code}@{d.line}" for d in result.applied)
            action = "write" if old is None else "update"
            print(f"{verb}{action} {_show(golden)} ({fixes})")
            if not check:
                golden.write_text(result.text, encoding="utf-8", newline="")
        for golden in sorted(folder.glob(f"{FIXED}*.py")):
            if not hazard_for(golden).exists():
                changes += 1
                print(f"{verb}delete {_show(golden)} (no {hazard_for(golden).name})")
                if not check:
                    golden.unlink()
    return changes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("targets", nargs="*", help="rule folders (default: all of rules/)")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a golden is stale"
    )
    options = parser.parse_args(argv)
    changes = regenerate(_folders(options.targets), check=options.check)
    return 1 if options.check and changes else 0


if __name__ == "__main__":
    sys.exit(main())
