"""Check that two checkouts of exportlint write the same `--fix --unsafe-fixes` output.

Copies the catalogue (`rules/`), `benchmarks/realworld` and `benchmarks/realworld_holdout`
(or the `--corpus` directories given) twice under a work directory, runs

    python -m exportlint check --isolated --no-cache --fix --unsafe-fixes --exit-zero

with each checkout's code (`PYTHONPATH`) on its own copy, and compares every file's bytes
and the report (stdout and stderr, the copy's path made neutral). A speed change to the fixer
must leave both identical.

Usage::

    python benchmarks/fix_identical.py --old /path/to/old/checkout [--work /tmp/dir]

Exit status: 0 when identical, 1 when not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPORA = ("rules", "benchmarks/realworld", "benchmarks/realworld_holdout")


def run(repo: Path, root: Path) -> tuple[str, str, float]:
    cmd = [sys.executable, "-m", "exportlint", "check", "--isolated", "--no-cache", "--fix",
           "--unsafe-fixes", "--exit-zero", "--show-fixes", "."]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(repo)}
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)
    return proc.stdout, proc.stderr, time.perf_counter() - start


def files(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--old", type=Path, required=True, help="the reference checkout")
    parser.add_argument("--new", type=Path, default=REPO_ROOT, help="default: this checkout")
    parser.add_argument(
        "--corpus", type=Path, action="append", help="default: " + ", ".join(CORPORA)
    )
    parser.add_argument("--work", type=Path, help="work directory (default: a temporary one)")
    args = parser.parse_args(argv)
    corpora = args.corpus or [REPO_ROOT / c for c in CORPORA]
    work = args.work or Path(tempfile.mkdtemp(prefix="exportlint-fix-identical-"))
    failures = 0
    for corpus in corpora:
        outputs = []
        for side, repo in (("old", args.old), ("new", args.new)):
            root = work / side / corpus.name
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(corpus, root, ignore=shutil.ignore_patterns("__pycache__"))
            stdout, stderr, wall = run(repo.resolve(), root)
            print(f"{corpus.name}: {side} {wall:.1f} s wall", file=sys.stderr)
            outputs.append((files(root), stdout, stderr))
        (old_files, old_out, old_err), (new_files, new_out, new_err) = outputs
        differ = sorted(p for p in set(old_files) | set(new_files)
                        if old_files.get(p) != new_files.get(p))  # fmt: skip
        for path in differ:
            print(f"{corpus.name}: {path}: written files differ")
        if old_out != new_out:
            print(f"{corpus.name}: the reports (stdout) differ")
        if old_err != new_err:
            print(f"{corpus.name}: the warnings (stderr) differ")
        changed = sum(1 for p, data in new_files.items() if (corpus / p).is_file()
                      and (corpus / p).read_bytes() != data)  # fmt: skip
        same = "same" if (old_out, old_err) == (new_out, new_err) else "DIFFER"
        print(f"{corpus.name}: {len(new_files)} files, {changed} fixed, {len(differ)} differ, "
              f"reports {same}")  # fmt: skip
        failures += len(differ) + (old_out != new_out) + (old_err != new_err)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
