"""Time exportlint against a bare `ast.parse` loop over transformers' modeling code.

The corpus is every ``transformers/models/**/modeling_*.py`` file of the transformers
installed in this interpreter (or ``--corpus DIR``), linted in place so that whole-project
analysis reaches the shared modules (masks, attention, rope) as it would for a user. Four runs,
each a fresh subprocess (start-up included), each reporting wall and CPU time (the CPU of all
its processes, workers included):

* ``ast.parse baseline``: a single-process loop of ``ast.parse`` over the files;
* ``exportlint cold``: ``python -m exportlint check`` (the default, human output: fixes are
  not built, see README "Fixing") with an empty cache;
* ``exportlint warm``: the same command again with the same cache;
* ``exportlint cold, JSON``: ``--output-format json`` with an empty cache, which builds every
  fix's edits (what ``--fix``/``--diff`` and the JSON report need);
* ``one file``: the corpus file closest to 3,000 lines, no cache.

Every subprocess runs as a pip-installed user's would: with bytecode. The environment's
``PYTHONDONTWRITEBYTECODE`` is dropped and ``PYTHONPYCACHEPREFIX`` points into the run's
temporary directory, so that the ``.pyc`` files of exportlint, the standard library and the
installed packages are written there (nothing is written next to the sources); one untimed
warm-up (a lint of the one file and a cold run over a few files with workers) compiles them
before anything is timed. Without this, every timed process compiled its modules from source
(0.1-0.3 s each: the warm run and the one file were mostly that).

Usage::

    python benchmarks/lint_speed.py                 # installed transformers
    python benchmarks/lint_speed.py --corpus DIR --jobs 2 --json
    python benchmarks/lint_speed.py --follow-imports none
    python benchmarks/lint_speed.py --skip-json-run    # cold, warm and one file only

Exit status 0 unless a run crashed (an exportlint exit status other than 0 or 1).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TIMES = "\u00d7"  # multiplication sign

BASELINE_CODE = """\
import ast, sys, warnings
warnings.simplefilter("ignore")
for name in sys.stdin.read().splitlines():
    with open(name, "rb") as handle:
        ast.parse(handle.read(), filename=name)
"""


@dataclass(frozen=True)
class Run:
    name: str
    wall_s: float
    cpu_s: float
    returncode: int
    stdout: str


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bytecode_env(pycache: Path) -> dict[str, str]:
    """The environment of every timed process: this checkout first on the path, and bytecode
    written to (and read from) `pycache`, as a pip-installed exportlint has it (see above)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def timed(
    name: str, cmd: list[str], env: dict[str, str], stdin: str = "", cwd: Path | None = None
) -> Run:
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, input=stdin, capture_output=True, text=True, env=env, cwd=cwd, check=False
    )
    wall = time.perf_counter() - start
    return Run(name, wall, _children_cpu() - cpu, proc.returncode, proc.stdout)


def default_corpus() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("transformers")  # a top-level package: nothing imported
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("transformers is not installed: pass --corpus DIR")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--follow-imports", default="project", choices=["project", "all", "none"])
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--skip-json-run", action="store_true", help="leave out the cold JSON run (the longest)"
    )
    options = parser.parse_args()
    corpus = options.corpus or default_corpus()
    files = sorted(str(p) for p in corpus.rglob("modeling_*.py") if p.is_file())
    if not files:
        raise SystemExit(f"no modeling_*.py files under {corpus}")
    texts = {name: Path(name).read_text(encoding="utf-8") for name in files}
    lines = sum(text.count("\n") for text in texts.values())
    one = min(files, key=lambda name: abs(texts[name].count("\n") - 3000))

    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        env = bytecode_env(root / "pycache")
        (root / "pyproject.toml").write_text(
            f'[tool.exportlint]\nfollow-imports = "{options.follow_imports}"\n', encoding="utf-8"
        )
        command = [sys.executable, "-m", "exportlint", "check", "--exit-zero", "--quiet"]
        if options.jobs:
            command += ["--jobs", str(options.jobs)]
        single = [sys.executable, "-m", "exportlint", "check", "--exit-zero", "--no-cache", one]
        # Untimed: compiles the bytecode of every module the timed runs import (the lint
        # path, the workers' multiprocessing, the JSON output's libcst fixes).
        warm_up = [*command, "--no-cache", "--output-format", "json", "--jobs", "2"]
        subprocess.run(single, env=env, cwd=root, capture_output=True, check=False)
        subprocess.run([*warm_up, *files[:20]], env=env, cwd=root, capture_output=True, check=False)
        load_before = os.getloadavg()[0]
        runs.append(
            timed(
                "ast.parse baseline",
                [sys.executable, "-c", BASELINE_CODE],
                env,
                stdin="\n".join(files),
            )
        )
        cached = [*command, "--cache-dir", str(root / "cache")]
        # The file list goes through a response-free argv: 550 paths fit easily.
        runs.append(timed("exportlint cold", [*cached, *files], env, cwd=root))
        runs.append(timed("exportlint warm", [*cached, *files], env, cwd=root))
        if not options.skip_json_run:
            as_json = [*command, "--output-format", "json", "--cache-dir", str(root / "cache-json")]
            runs.append(timed("exportlint cold, JSON", [*as_json, *files], env, cwd=root))
        runs.append(timed(f"one file ({texts[one].count(chr(10))} lines)", single, env, cwd=root))
    # The machine's load (1-minute average) around the runs: CPU times grow under load too
    # (shared caches, frequency), so compare ratios measured in one run.
    load = (round(load_before, 2), round(os.getloadavg()[0], 2))
    crashed = [run for run in runs if run.returncode not in (0, 1)]
    baseline = runs[0]
    as_json_run = next((run for run in runs if run.name == "exportlint cold, JSON"), None)
    count = (
        len(json.loads(as_json_run.stdout or "[]"))
        if as_json_run is not None and as_json_run.returncode in (0, 1)
        else None
    )
    report = {
        "corpus": str(corpus),
        "files": len(files),
        "lines": lines,
        "follow_imports": options.follow_imports,
        "load_average": load,
        "diagnostics": count,
        "runs": [
            {
                "name": run.name,
                "wall_s": round(run.wall_s, 3),
                "cpu_s": round(run.cpu_s, 3),
                "cpu_vs_baseline": round(run.cpu_s / baseline.cpu_s, 2) if baseline.cpu_s else None,
            }
            for run in runs
        ],
    }
    if options.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{len(files)} files, {lines:,} lines, follow-imports = {options.follow_imports}")
        print(f"load average {load[0]} before, {load[1]} after; {os.cpu_count()} cores")
        print("| run | wall s | CPU s | CPU vs ast.parse loop |")
        print("|---|---:|---:|---:|")
        for row in report["runs"]:  # type: ignore[union-attr]
            cells = [row["name"], f"{row['wall_s']:.2f}", f"{row['cpu_s']:.2f}"]
            cells.append(f"{row['cpu_vs_baseline']}{TIMES}")
            print("| " + " | ".join(cells) + " |")
    for run in crashed:
        print(f"{run.name} exited {run.returncode}", file=sys.stderr)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
