"""How much does `exportlint verify` cost over the exporters themselves?

Measures, on the rule catalogue (or the paths given):

1. **bare**: in one process (torch imported before the clock starts), for every model the
   verifier finds, the time of `torch.export.export(strict=False)` +
   `torch.onnx.export(dynamo=True)` (with exportlint's translation table) + onnxruntime
   (session + a run on every input set) — the same inputs and dynamic shapes the verifier
   uses. Loading the files and building the models is not timed.
2. **verify**: the wall time of `exportlint verify PATHS --output-format json` in a fresh
   process: start-up, discovery, linting, starting the warm workers (import torch & co.),
   eager references (twice on the traced set: nondeterminism), torch.export, ep.module() and
   onnxruntime checks (on sizes the verifier chooses too), torch.onnx from the same
   ExportedProgram (no second trace), onnx.checker; with its default number of workers (one
   per core, at most 2) verifying models in parallel, or `--jobs N`.

and checks what `exportlint verify rules/` must show: every `fixed_*.py` passes and every
`hazard_*.py` fails. The target: verify <= 0.7 x bare. The machine's load average is printed
with the numbers: on a shared machine, both sides slow down.

    python benchmarks/verify_speed.py              # rules/
    python benchmarks/verify_speed.py rules/EXL101-tensor-condition
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere, without installing
    sys.path.insert(0, str(ROOT))

TARGET = 0.7


def bare(paths: list[str]) -> dict[str, float]:
    """Runs in a child process: per model, the bare exporter + onnxruntime seconds."""
    import contextlib
    import logging
    import tempfile
    import warnings

    import onnxruntime as ort  # type: ignore[import-untyped]
    import torch

    import exportlint.ops
    from exportlint.config import Settings
    from exportlint.discovery import discover
    from exportlint.verify import loading, worker
    from exportlint.verify.common import leaves
    from exportlint.verify.discovery import find_models
    from exportlint.verify.results import Job

    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    ort.set_default_logger_severity(4)
    table = exportlint.ops.onnx_translation_table()
    sys.dont_write_bytecode = True
    times: dict[str, float] = {}
    for file in discover(paths, Settings(root=str(ROOT))).files:
        text = file.read_text(encoding="utf-8")
        for ref in find_models(text, str(file)):
            job = Job(ref, original=text, roots=(str(ROOT),))
            try:
                with loading.load_example(job, fixed=False) as example:
                    bound = [loading.bind(example.model, a, k) for a, k in example.sets]
                    shapes, _, _ = worker._dynamic_shapes(example, bound, [])
                    args, kwargs = example.sets[0]
                    total = 0.0
                    t = time.perf_counter()
                    with contextlib.suppress(Exception):
                        torch.export.export(
                            example.model, args, kwargs=kwargs, dynamic_shapes=shapes, strict=False
                        )
                    total += time.perf_counter() - t
                    t = time.perf_counter()
                    proto = None
                    with contextlib.suppress(Exception), tempfile.TemporaryDirectory() as tmp:
                        program = torch.onnx.export(
                            example.model,
                            args,
                            kwargs=kwargs,
                            dynamic_shapes=shapes,
                            dynamo=True,
                            custom_translation_table=table,
                            verbose=False,
                            artifacts_dir=tmp,
                        )
                        assert program is not None
                        proto = program.model_proto
                    total += time.perf_counter() - t
                    if proto is not None:
                        t = time.perf_counter()
                        with contextlib.suppress(Exception):
                            session = ort.InferenceSession(
                                proto.SerializeToString(), providers=["CPUExecutionProvider"]
                            )
                            names = [i.name for i in session.get_inputs()]
                            for input_set in example.sets:
                                tensors = [
                                    v for v in leaves(input_set) if isinstance(v, torch.Tensor)
                                ]
                                feed = {n: v.numpy() for n, v in zip(names, tensors, strict=True)}
                                session.run(None, feed)
                        total += time.perf_counter() - t
            except Exception:
                continue  # a model that cannot be loaded is not timed by either side
            times[ref.label] = total
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["rules"])
    parser.add_argument("--jobs", type=int, help="exportlint verify --jobs N (default: its own)")
    parser.add_argument("--bare-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.chdir(ROOT)
    if args.bare_only:
        print(json.dumps(bare(args.paths)))
        return 0

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    load_before = os.getloadavg()
    print(f"bare exporters on {' '.join(args.paths)} (one process) ...", file=sys.stderr)
    done = subprocess.run(
        [sys.executable, __file__, "--bare-only", *args.paths],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    bare_times: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    bare_sum = sum(bare_times.values())

    print("exportlint verify ...", file=sys.stderr)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "exportlint", "verify", "--no-progress", "--output-format",
         "json", *jobs, *args.paths],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    wall = time.perf_counter() - start
    if run.returncode not in (0, 1):
        print(run.stderr, file=sys.stderr)
        return 2
    report = json.loads(run.stdout)
    models = report["models"]

    def kind(model: dict[str, object]) -> str:
        return Path(str(model["path"])).name.split("_")[0]

    wrong = [
        f"{m['path']}::{m['name']}: {m['status']} ({m['reason']})"
        for m in models
        if (kind(m) == "fixed" and m["status"] != "pass")
        or (kind(m) == "hazard" and m["status"] != "fail")
    ]
    counts: dict[str, dict[str, int]] = {}
    for m in models:
        counts.setdefault(kind(m), {}).setdefault(str(m["status"]), 0)
        counts[kind(m)][str(m["status"])] += 1

    ratio = wall / bare_sum if bare_sum else float("inf")
    print()
    print(f"| run ({len(models)} models, {len(bare_times)} timed bare) | seconds | vs bare |")
    print("|---|---|---|")
    bare_row = "bare torch.export + torch.onnx.export + onnxruntime, summed"
    print(f"| {bare_row} | {bare_sum:.1f} | 1.00 |")
    start_time = report["summary"]["worker_start"] or 0.0
    workers = report["summary"].get("workers", 1)
    paths = " ".join(args.paths)
    verify_row = (
        f"`exportlint verify {paths}` wall ({workers} worker{'s' if workers != 1 else ''}, "
        f"worker start {start_time:.1f} s)"
    )
    print(f"| {verify_row} | {wall:.1f} | {ratio:.2f} |")
    load_after = os.getloadavg()
    print(
        f"\nload average (1, 5, 15 min) {os.cpu_count()} cores: before "
        f"{', '.join(f'{v:.2f}' for v in load_before)}; after "
        f"{', '.join(f'{v:.2f}' for v in load_after)}"
    )
    print()
    for name, by_status in sorted(counts.items()):
        shown = ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
        print(f"{name}_*: {shown}")
    for line in wrong:
        print(f"UNEXPECTED {line}")
    ok = ratio <= TARGET and not wrong
    print(f"\n{'OK' if ok else 'NOT OK'}: verify/bare = {ratio:.2f} (target <= {TARGET})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
