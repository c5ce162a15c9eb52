"""Run `exportlint check --fix --unsafe-fixes` over transformers' modeling code and check it.

The corpus (every ``transformers/models/**/modeling_*.py`` of the transformers installed in
this interpreter, as benchmarks/lint_speed.py reads it; or every file of ``--corpus DIR``) is
copied to a temporary directory, linted once (fixes not built: a pending fix may apply) to
learn which files have a fixable diagnostic,
then fixed with::

    python -m exportlint check --fix --unsafe-fixes --no-cache --exit-zero -q <copy>

(plus ``--isolated`` so that no configuration file around the copy counts, and
``--show-fixes --output-format concise`` to count the fixes), which is timed. Then:

* every file that compiled before still parses and compiles (``compile()``);
* a second ``--fix --unsafe-fixes`` run changes nothing (bytes compared);
* no file without a fixable diagnostic was touched (bytes and mtime), no temporary file
  was left behind, and files whose bytes did not change were not rewritten;
* the fixes applied are counted per code, and the fixer's warnings (rolled-back fixes,
  non-convergence) are listed.

Usage::

    python benchmarks/fix_corpus.py                       # the installed transformers
    python benchmarks/fix_corpus.py --corpus path/to/code --keep

Exit status: 0 when every check passes, 1 when one fails, 2 on a setup error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent

# `--show-fixes` listing: "- path:" then "    3 x EXL303 (len-of-tensor)".
_LISTED_FILE = re.compile(r"^- (?P<path>.+):$")
_LISTED_COUNT = re.compile(r"^    (?P<count>\d+) x (?P<code>EXL\d+) \(")


@dataclass
class Proc:
    wall_s: float
    cpu_s: float  # user + system time of the process and its workers
    returncode: int
    stdout: str
    stderr: str


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# The checkout whose exportlint runs (`--repo`: another one, e.g. an older commit's worktree,
# to measure a baseline on the same machine at the same time).
REPO = [REPO_ROOT]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def exportlint(*args: str, cwd: Path) -> Proc:
    cmd = [sys.executable, "-m", "exportlint", "check", "--isolated", "--no-cache", *args]
    env = {**os.environ, "PYTHONPATH": str(REPO[0])}
    env.pop("EXPORTLINT_DEBUG", None)
    log("$ " + " ".join(cmd[1:]))
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    log(f"  {wall:.2f} s wall, {cpu:.2f} s CPU, exit {proc.returncode}")
    return Proc(wall, cpu, proc.returncode, proc.stdout, proc.stderr)


def resolve_corpus(args: argparse.Namespace) -> tuple[Path, list[Path]]:
    """The corpus directory and the files of it to copy (relative paths)."""
    if args.corpus is not None:
        corpus: Path = args.corpus.expanduser().resolve()
        if not corpus.is_dir():
            raise SystemExit(f"error: {corpus} is not a directory")
        return corpus, [p.relative_to(corpus) for p in sorted(corpus.rglob("*")) if p.is_file()]
    # The installed transformers' modeling files, as benchmarks/lint_speed.py reads them.
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from lint_speed import default_corpus

    models: Path = default_corpus()
    files = sorted(p.relative_to(models) for p in models.rglob("modeling_*.py") if p.is_file())
    if not files:
        raise SystemExit(f"error: no modeling_*.py files under {models}")
    return models, files


def snapshot(root: Path) -> dict[Path, tuple[bytes, int]]:
    """Every file under root (not only .py: a stray temporary file must show)."""
    return {
        path.relative_to(root): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def compiles(data: bytes, name: str) -> str:
    """'' if `data` compiles, else why not."""
    try:
        compile(data, name, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return f"{type(error).__name__}: {error}"
    return ""


def fixable(diagnostic: dict[str, Any]) -> bool:
    fix = diagnostic.get("fix")
    if isinstance(fix, dict) and fix.get("pending"):
        return True
    return (
        isinstance(fix, dict)
        and fix.get("applicability") in ("safe", "unsafe")
        and bool(fix.get("edits"))
    )


def kind(diagnostic: dict[str, Any]) -> str:
    fix = diagnostic["fix"]
    return "pending" if fix.get("pending") else str(fix["applicability"])


def relative(root: Path, path: str) -> Path:
    return (root / path).resolve().relative_to(root.resolve())


def lint_json(root: Path) -> list[dict[str, Any]]:
    """Every diagnostic, as JSON; a fix not built (`pending`: it may apply; the fixer builds
    the first candidate of each hazard) counts as fixable. The library's lint with fixes
    deferred, in a subprocess of the checkout measured: `--output-format json` builds and
    checks every candidate, several times the cost of the fix run itself."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from exportlint.config import Settings\n"
        "from exportlint.runner import lint_paths\n"
        "files = sorted(str(p) for p in Path('.').rglob('*.py') if p.is_file())\n"
        "found = lint_paths(files, Settings(), fixes=False)\n"
        "json.dump([d.to_json() for d in found], sys.stdout)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO[0])}
    log("$ lint (fixes not built) of " + str(root))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", script], cwd=root, env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    log(f"  {time.perf_counter() - start:.2f} s, exit {proc.returncode}")
    if proc.returncode != 0:
        raise SystemExit(f"error: the lint exited {proc.returncode}:\n{proc.stderr}")
    data: list[dict[str, Any]] = json.loads(proc.stdout)
    return data


def fix_run(root: Path) -> Proc:
    return exportlint(
        "--fix",
        "--unsafe-fixes",
        "--exit-zero",
        "-q",
        "--show-fixes",
        "--output-format",
        "concise",
        ".",
        cwd=root,
    )


def listed_fixes(stdout: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    in_listing = False
    for line in stdout.splitlines():
        if line.startswith("Fixed ") and line.endswith(":"):
            in_listing = True
        elif in_listing and _LISTED_FILE.match(line):
            continue
        elif in_listing and (match := _LISTED_COUNT.match(line)):
            counts[match["code"]] += int(match["count"])
        else:
            in_listing = False
    return counts


def table(counts: Counter[str] | dict[str, int], title: str) -> list[str]:
    rows = [f"  {code:<14} {count:>6}" for code, count in sorted(counts.items())]
    return [title, *rows] if rows else [title, "  (none)"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--corpus", type=Path, help="a directory of .py files to fix a copy of")
    parser.add_argument("--keep", action="store_true", help="keep the fixed copy and say where")
    parser.add_argument("--repo", type=Path, help="run this checkout's exportlint instead")
    parser.add_argument(
        "--time-only", action="store_true", help="only the timed --fix run, no checks"
    )
    args = parser.parse_args(argv)
    if args.repo is not None:
        REPO[0] = args.repo.expanduser().resolve()

    corpus, members = resolve_corpus(args)
    work = Path(tempfile.mkdtemp(prefix="exportlint-fix-corpus-"))
    root = work / "corpus"
    try:
        for member in members:
            (root / member).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(corpus / member, root / member, follow_symlinks=False)
        if args.time_only:
            fixed = fix_run(root)
            print(f"fix run: {fixed.wall_s:.2f} s wall, {fixed.cpu_s:.2f} s CPU "
                  f"(exit {fixed.returncode}); {sum(listed_fixes(fixed.stdout).values())} "
                  f"fixes")  # fmt: skip
            return 0 if fixed.returncode == 0 else 1
        return check(corpus, root)
    finally:
        if args.keep:
            log(f"kept the fixed copy: {root}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def check(corpus: Path, root: Path) -> int:
    failures: list[str] = []
    files = sorted(p for p in root.rglob("*.py") if p.is_file())
    if not files:
        log(f"error: no .py files under {corpus}")
        return 2
    lines = sum(p.read_bytes().count(b"\n") for p in files)

    before_diagnostics = lint_json(root)
    with_fix = {relative(root, d["path"]) for d in before_diagnostics if fixable(d)}
    fixable_by: Counter[str] = Counter(
        f"{d['code']} {kind(d)}" for d in before_diagnostics if fixable(d)
    )
    before = snapshot(root)
    broken_before = {
        p for p, (data, _) in before.items() if p.suffix == ".py" and compiles(data, str(p))
    }

    fixed = fix_run(root)
    if fixed.returncode != 0:
        failures.append(f"the --fix run exited {fixed.returncode}")
    applied = listed_fixes(fixed.stdout)
    warnings = [line for line in fixed.stderr.splitlines() if line.startswith("exportlint: ")]
    after = snapshot(root)

    # 1. Everything that compiled still compiles.
    for path, (data, _) in after.items():
        if path.suffix == ".py" and path not in broken_before:
            why = compiles(data, str(path))
            if why:
                failures.append(f"{path}: does not compile after --fix: {why}")

    # 2. Only files with a fixable diagnostic were touched; nothing else appeared.
    changed = {p for p in after if p in before and after[p][0] != before[p][0]}
    for path in sorted(set(after) ^ set(before)):
        failures.append(f"{path}: {'appeared' if path in after else 'disappeared'} during --fix")
    for path in sorted(changed - with_fix):
        failures.append(f"{path}: changed, but had no fixable diagnostic")
    for path in sorted(p for p in after if p in before and p not in changed):
        if after[path][1] != before[path][1]:
            failures.append(f"{path}: rewritten with the same bytes (mtime changed)")

    # 3. A second run changes nothing.
    again = fix_run(root)
    second = snapshot(root)
    if again.returncode != 0:
        failures.append(f"the second --fix run exited {again.returncode}")
    for path in sorted(set(second) | set(after)):
        if second.get(path, (b"", 0))[0] != after.get(path, (b"", 0))[0]:
            failures.append(f"{path}: changed again by a second --fix (not idempotent)")
    if listed_fixes(again.stdout):
        failures.append(f"the second --fix run applied fixes: {dict(listed_fixes(again.stdout))}")

    after_diagnostics = lint_json(root)
    remaining_fixable = Counter(f"{d['code']} {kind(d)}" for d in after_diagnostics if fixable(d))

    report = [
        f"corpus: {corpus}",
        f"files: {len(files):,} ({lines:,} lines), {len(broken_before)} not compiling before",
        f"fix run: {fixed.wall_s:.2f} s wall, {fixed.cpu_s:.2f} s CPU (exit "
        f"{fixed.returncode}); second run {again.wall_s:.2f} s wall, {again.cpu_s:.2f} s CPU",
        f"diagnostics: {len(before_diagnostics):,} before, {len(after_diagnostics):,} after",
        f"files with a fixable diagnostic: {len(with_fix)}; files changed: {len(changed)}",
        *table(fixable_by, "fixable before (code, applicability):"),
        *table(applied, f"fixes applied ({sum(applied.values())}):"),
        *table(
            remaining_fixable,
            "still with a candidate after (pending: not built; none of its candidates may apply):",
        ),
        f"fixer warnings/errors: {len(warnings)}",
        *(f"  {line}" for line in warnings[:20]),
        *(["  ..."] if len(warnings) > 20 else []),
        f"checks: {'all passed' if not failures else f'{len(failures)} FAILED'}",
        *(f"  FAIL {line}" for line in failures[:50]),
    ]
    print("\n".join(report))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
