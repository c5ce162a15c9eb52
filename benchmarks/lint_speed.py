"""Benchmark exportlint against a bare libcst parse of transformers' modeling code.

The corpus is every ``transformers/models/**/modeling_*.py`` file of the
``transformers`` wheel, downloaded at run time with ``pip download`` and cached.
Three runs are timed, each in a fresh subprocess so that interpreter start-up
is included in the wall time:

* ``libcst baseline``: a single-process loop of ``libcst.parse_module`` over
  the files (read as UTF-8);
* ``exportlint cold``: ``python -m exportlint check`` with an empty cache dir;
* ``exportlint warm``: the same command again with the same cache dir.

Usage::

    python benchmarks/lint_speed.py                      # newest transformers
    python benchmarks/lint_speed.py --transformers-version 4.57.1 --jobs 4
    python benchmarks/lint_speed.py --corpus path/to/code --json
    python benchmarks/lint_speed.py --baseline-only

Exit status: 0 unless a run crashed: a non-zero exit of the baseline, or an
exportlint run that exits with a status other than 0 or 1 (2 is an internal
error) or whose output is not a JSON array. Setup errors (no wheel, empty
corpus) also exit non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE_DIR = Path("~/.cache/exportlint-bench")
TIMES = "\u00d7"  # multiplication sign

# Runs in a fresh interpreter, so that its wall time includes start-up and the
# `import libcst`, like an exportlint run does. Prints one JSON object.
BASELINE_CODE = """\
import json, sys, time
t_start = time.perf_counter()
from pathlib import Path
import libcst
from importlib.metadata import version
t_import = time.perf_counter()
files = sorted(p for p in Path(sys.argv[1]).rglob("*.py") if p.is_file())
lines = 0
failures = []
t_loop = time.perf_counter()
for path in files:
    try:
        text = path.read_text(encoding="utf-8")
        lines += text.count("\\n") + (1 if text and not text.endswith("\\n") else 0)
        libcst.parse_module(text)
    except Exception as exc:
        first = (str(exc).splitlines() or [""])[0]
        failures.append({"path": str(path), "error": f"{type(exc).__name__}: {first}"})
t_end = time.perf_counter()
print(json.dumps({
    "files": len(files),
    "lines": lines,
    "import_s": t_import - t_start,
    "loop_s": t_end - t_loop,
    "failures": failures,
    "libcst_version": version("libcst"),
}))
"""


@dataclass
class Run:
    """One timed subprocess."""

    name: str
    wall_s: float
    returncode: int
    stdout: str
    stderr: str
    crashed: bool = False
    error: str | None = None
    data: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def count_lines(text: str) -> int:
    return text.count("\n") + (1 if text and not text.endswith("\n") else 0)


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.py") if p.is_file())


def corpus_size(files: list[Path]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            total += count_lines(path.read_text(encoding="utf-8"))
    return total


# --------------------------------------------------------------------------- corpus


def wheel_version(wheel: Path) -> str:
    # transformers-<version>-<python tag>-<abi tag>-<platform tag>.whl
    return wheel.name.split("-")[1]


def download_wheel(cache_dir: Path, version: str | None) -> Path:
    """Return a transformers wheel in cache_dir, downloading it if needed."""
    if version is not None:
        cached = sorted(cache_dir.glob(f"transformers-{version}-*.whl"))
        if cached:
            log(f"reusing {cached[0]}")
            return cached[0]
    spec = "transformers" if version is None else f"transformers=={version}"
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--disable-pip-version-check",
        "--no-deps",
        "--only-binary=:all:",
        spec,
        "-d",
        str(cache_dir),
    ]
    before = set(cache_dir.glob("transformers-*.whl"))
    log("$ " + " ".join(cmd))
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    sys.stderr.write(proc.stdout + proc.stderr)
    if proc.returncode == 0:
        # pip says "Saved <path>" or "File was already downloaded <path>".
        found = re.findall(
            r"(?:Saved|File was already downloaded)\s+(\S*transformers-[^\s/]+\.whl)",
            proc.stdout,
        )
        if found:
            wheel = Path(found[-1])
            if not wheel.is_absolute():
                wheel = (Path.cwd() / wheel).resolve()
            if wheel.is_file():
                return wheel
        new = set(cache_dir.glob("transformers-*.whl")) - before
        if len(new) == 1:
            return new.pop()
        if version is not None:
            cached = sorted(cache_dir.glob(f"transformers-{version}-*.whl"))
            if cached:
                return cached[0]
    cached_any = sorted(cache_dir.glob("transformers-*.whl"), key=lambda p: p.stat().st_mtime)
    if version is None and cached_any:
        log(f"warning: pip download failed; using cached {cached_any[-1].name}")
        return cached_any[-1]
    raise SystemExit(f"error: could not obtain the transformers wheel ({spec})")


def is_modeling_member(name: str) -> bool:
    parts = name.split("/")
    return (
        name.startswith("transformers/models/")
        and name.endswith(".py")
        and posixpath.basename(name).startswith("modeling_")
        and ".." not in parts
        and "" not in parts
    )


def extract_corpus(wheel: Path, target: Path) -> None:
    """Extract transformers/models/**/modeling_*.py from wheel into target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        with zipfile.ZipFile(wheel) as zf:
            for info in zf.infolist():
                if info.is_dir() or not is_modeling_member(info.filename):
                    continue
                out = tmp.joinpath(*info.filename.split("/"))
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(zf.read(info))
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def prepare_corpus(cache_dir: Path, version: str | None) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    if version is not None and (cache_dir / f"corpus-{version}").is_dir():
        return cache_dir / f"corpus-{version}"
    wheel = download_wheel(cache_dir, version)
    target = cache_dir / f"corpus-{wheel_version(wheel)}"
    if target.is_dir():
        log(f"reusing {target}")
    else:
        log(f"extracting {wheel.name} -> {target}")
        extract_corpus(wheel, target)
    return target


# --------------------------------------------------------------------------- runs


def timed(name: str, cmd: list[str]) -> Run:
    shown = ["<libcst parse loop>" if arg == BASELINE_CODE else arg for arg in cmd]
    log(f"running {name}: " + " ".join(shown))
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    log(f"  {wall:.2f} s, exit {proc.returncode}")
    return Run(name, wall, proc.returncode, proc.stdout, proc.stderr)


def tail(text: str, n: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-n:])


def run_baseline(corpus: Path) -> Run:
    run = timed("libcst baseline", [sys.executable, "-c", BASELINE_CODE, str(corpus)])
    if run.returncode != 0:
        run.crashed = True
        run.error = f"exit {run.returncode}: {tail(run.stderr, 3)}"
        return run
    try:
        run.data = json.loads(run.stdout)
    except json.JSONDecodeError:
        run.crashed = True
        run.error = "output is not JSON"
    return run


def run_exportlint(name: str, corpus: Path, cache: Path, jobs: int | None) -> Run:
    cmd = [
        sys.executable,
        "-m",
        "exportlint",
        "check",
        "--exit-zero",
        "--output-format",
        "json",
        "--cache-dir",
        str(cache),
    ]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    cmd.append(str(corpus))
    run = timed(name, cmd)
    if run.returncode != 0:
        # Exit 1 (diagnostics found) is tolerated when the output is a valid JSON
        # array; anything else (2 = internal error, signals, ...) is a crash.
        run.crashed = run.returncode != 1
        run.error = f"exit {run.returncode}"
    try:
        data = json.loads(run.stdout)
    except json.JSONDecodeError:
        run.crashed = True
        run.error = (run.error + ", " if run.error else "") + "output is not JSON"
        return run
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        run.crashed = True
        run.error = (run.error + ", " if run.error else "") + "output is not an array"
        return run
    run.data = data
    return run


# --------------------------------------------------------------------------- report


def summarize_diagnostics(cold: Run, warm: Run) -> dict[str, Any]:
    diags: list[dict[str, Any]] = cold.data if cold.data is not None else []
    by_code = Counter(str(d.get("code", "?")) for d in diags)
    exl000 = [
        {"path": d.get("path"), "line": d.get("line"), "message": d.get("message")}
        for d in diags
        if d.get("code") == "EXL000"
    ]
    if cold.data is None or warm.data is None:
        same: str = "n/a"
    elif cold.data == warm.data:
        same = "yes"
    else:

        def key(d: dict[str, Any]) -> str:
            return json.dumps(d, sort_keys=True)

        reordered = sorted(cold.data, key=key) == sorted(warm.data, key=key)
        same = "no (same diagnostics, different order)" if reordered else "no"
    return {
        "total": len(diags),
        "by_code": dict(sorted(by_code.items())),
        "exl000_count": len(exl000),
        "exl000": exl000,
        "warm_equals_cold": same,
    }


def build_report(
    args: argparse.Namespace,
    corpus: Path,
    n_files: int,
    n_lines: int,
    runs: list[Run],
) -> dict[str, Any]:
    baseline = runs[0]
    rows = []
    for run in runs:
        rows.append(
            {
                "run": run.name,
                "wall_s": round(run.wall_s, 3),
                "lines_per_s": round(n_lines / run.wall_s) if run.wall_s else None,
                "ratio_to_baseline": round(run.wall_s / baseline.wall_s, 3),
                "returncode": run.returncode,
                "crashed": run.crashed,
                "error": run.error,
            }
        )
    report: dict[str, Any] = {
        "corpus": str(corpus),
        "files": n_files,
        "lines": n_lines,
        "python": sys.version.split()[0],
        "jobs": args.jobs,
        "runs": rows,
    }
    if baseline.data is not None:
        report["baseline"] = {
            "libcst_version": baseline.data["libcst_version"],
            "import_s": round(baseline.data["import_s"], 3),
            "parse_loop_s": round(baseline.data["loop_s"], 3),
            "parse_failures": baseline.data["failures"],
        }
    if len(runs) == 3:
        cold, warm = runs[1], runs[2]
        report["warm_speedup_vs_cold"] = round(cold.wall_s / warm.wall_s, 2)
        report["diagnostics"] = summarize_diagnostics(cold, warm)
    return report


def print_markdown(report: dict[str, Any]) -> None:
    out: list[str] = [
        f"corpus: {report['corpus']} ({report['files']:,} files, "
        f"{report['lines']:,} lines), Python {report['python']}"
        + (f", --jobs {report['jobs']}" if report["jobs"] is not None else ""),
        "",
        "| run | wall s | lines/s | ratio to libcst baseline |",
        "|---|---:|---:|---:|",
    ]
    for row in report["runs"]:
        name = row["run"] + (f" (CRASHED: {row['error']})" if row["crashed"] else "")
        out.append(
            f"| {name} | {row['wall_s']:.2f} | {row['lines_per_s']:,} "
            f"| {row['ratio_to_baseline']:.2f}{TIMES} |"
        )
    out.append("")
    if "baseline" in report:
        b = report["baseline"]
        out.append(
            f"libcst {b['libcst_version']} baseline: import {b['import_s']:.2f} s, "
            f"parse loop {b['parse_loop_s']:.2f} s, "
            f"{len(b['parse_failures'])} file(s) failed to parse"
        )
        out.extend(f"  - {f['path']}: {f['error']}" for f in b["parse_failures"])
    if "warm_speedup_vs_cold" in report:
        out.append(f"warm speed-up vs cold: {report['warm_speedup_vs_cold']:.1f}{TIMES}")
        d = report["diagnostics"]
        out.append("")
        cold_row = report["runs"][1]
        if cold_row["crashed"]:
            out.append("diagnostics (cold run): n/a, the cold run crashed")
        else:
            note = f", {cold_row['error']}" if cold_row["error"] else ""
            out.append(f"diagnostics (cold run{note}): {d['total']:,}")
            out.extend(f"  - {code}: {n:,}" for code, n in d["by_code"].items())
            out.append(f"EXL000: {d['exl000_count']}")
            out.extend(f"  - {e['path']}:{e['line']}: {e['message']}" for e in d["exl000"])
        out.append(f"warm == cold: {d['warm_equals_cold']}")
    print("\n".join(out))


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time exportlint against a bare libcst parse of "
        "transformers' modeling_*.py files."
    )
    parser.add_argument(
        "--transformers-version",
        metavar="VERSION",
        help="transformers version to download (default: the newest)",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=DEFAULT_CACHE_DIR,
        help="where the wheel and extracted corpus live (default: %(default)s)",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        metavar="DIR",
        help="use this directory of .py files instead of the transformers wheel",
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="passed to exportlint as --jobs N")
    parser.add_argument(
        "--baseline-only",
        action="store_true",
        help="only time the libcst baseline (no exportlint runs)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.corpus is not None:
        corpus = args.corpus.expanduser().resolve()
        if not corpus.is_dir():
            raise SystemExit(f"error: {corpus} is not a directory")
    else:
        corpus = prepare_corpus(args.cache_dir.expanduser().resolve(), args.transformers_version)
    files = corpus_files(corpus)
    if not files:
        raise SystemExit(f"error: no .py files under {corpus}")
    n_lines = corpus_size(files)
    (log if args.json else print)(f"corpus: {corpus}: {len(files):,} files, {n_lines:,} lines")

    runs = [run_baseline(corpus)]
    if not args.baseline_only:
        with tempfile.TemporaryDirectory(prefix="exportlint-bench-cache-") as cache:
            runs.append(run_exportlint("exportlint cold", corpus, Path(cache), args.jobs))
            runs.append(run_exportlint("exportlint warm", corpus, Path(cache), args.jobs))
    for run in runs:
        if run.crashed:
            log(f"--- {run.name} crashed ({run.error}); stderr tail:")
            log(tail(run.stderr) or "(empty)")

    report = build_report(args, corpus, len(files), n_lines, runs)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_markdown(report)
    return 1 if any(run.crashed for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
