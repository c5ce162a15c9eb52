"""Check that two checkouts of exportlint report the same diagnostics (a speed change must not
change what the lint says).

Runs ``python -m exportlint check --isolated --no-cache --exit-zero`` with each checkout's
code (``PYTHONPATH``) over the same files, in place (nothing is written), and compares stdout
and stderr byte for byte:

* the transformers modeling corpus (every ``transformers/models/**/modeling_*.py`` of the
  installed transformers, as ``benchmarks/lint_speed.py`` lints it: in place, so that
  whole-project analysis reaches the shared modules);
* the catalogue (``rules/``) and the real-world corpora ``benchmarks/realworld``,
  ``benchmarks/realworld_holdout``, ``benchmarks/realworld_dev3``, ``benchmarks/realworld_dev4``
  (never the fresh held-out set).

Each corpus is linted in every output format of ``--format`` (default: ``json``, which builds
the fixes, and ``full``, the default output, which builds none and replays the summaries of
calls into shared modules) and, for the transformers corpus, with every ``--jobs`` value
(default ``1`` and ``2``: one process, and workers forked after the first file).

Usage::

    python benchmarks/lint_identical.py --old /path/to/old/checkout
    python benchmarks/lint_identical.py --old OLD --format full --jobs 2 --skip-small

An old checkout without a worktree: ``git archive <commit> | tar -x -C /tmp/old``.
Exit status: 0 when identical, 1 when not.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SMALL = (
    "rules",
    "benchmarks/realworld",
    "benchmarks/realworld_holdout",
    "benchmarks/realworld_dev3",
    "benchmarks/realworld_dev4",
)


def transformers_files() -> list[str]:
    import importlib.util

    spec = importlib.util.find_spec("transformers")  # a top-level package: nothing imported
    if spec is None or not spec.submodule_search_locations:
        return []
    models = Path(next(iter(spec.submodule_search_locations))) / "models"
    return sorted(str(p) for p in models.rglob("modeling_*.py") if p.is_file())


def run(repo: Path, paths: list[str], fmt: str, jobs: int | None) -> tuple[str, str, float]:
    cmd = [sys.executable, "-m", "exportlint", "check", "--isolated", "--no-cache",
           "--exit-zero", "--output-format", fmt]  # fmt: skip
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    with tempfile.TemporaryDirectory(prefix="exportlint-lint-identical-") as cwd:
        start = time.perf_counter()
        proc = subprocess.run(
            [*cmd, *paths], cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        print(proc.stderr[-2000:], file=sys.stderr)
    return proc.stdout, proc.stderr, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--old", type=Path, required=True, help="the reference checkout")
    parser.add_argument("--new", type=Path, default=REPO_ROOT, help="default: this checkout")
    parser.add_argument("--format", action="append", help="output formats (json, full)")
    parser.add_argument("--jobs", type=int, action="append", help="transformers --jobs (1, 2)")
    parser.add_argument("--skip-small", action="store_true", help="transformers only")
    parser.add_argument("--skip-transformers", action="store_true", help="small corpora only")
    args = parser.parse_args(argv)
    formats = args.format or ["json", "full"]
    jobs_list: list[int | None] = list(args.jobs or [1, 2])
    cases: list[tuple[str, list[str], list[int | None]]] = []
    if not args.skip_small:
        small = [str(REPO_ROOT / c) for c in SMALL if (REPO_ROOT / c).is_dir()]
        cases.append(("catalogue + realworld", small, [None]))
    if not args.skip_transformers:
        found = transformers_files()
        if found:
            cases.append((f"transformers ({len(found)} files)", found, jobs_list))
    failures = 0
    for name, paths, jobs_values in cases:
        for fmt in formats:
            for jobs in jobs_values:
                label = f"{name}, {fmt}" + (f", --jobs {jobs}" if jobs is not None else "")
                old = run(args.old.resolve(), paths, fmt, jobs)
                new = run(args.new.resolve(), paths, fmt, jobs)
                same = old[:2] == new[:2]
                lines = new[0].count("\n")
                print(f"{label}: {'same' if same else 'DIFFER'} ({lines} lines of output; "
                      f"wall old {old[2]:.1f} s, new {new[2]:.1f} s)", flush=True)  # fmt: skip
                if not same:
                    failures += 1
                    for side, out in (("old", old), ("new", new)):
                        dump = Path(tempfile.mkstemp(prefix=f"lint-identical-{side}-")[1])
                        dump.write_text(out[0] + "\n--- stderr ---\n" + out[1], encoding="utf-8")
                        print(f"  {side} output: {dump}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
