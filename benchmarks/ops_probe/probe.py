"""Measure which torch.nn layers and size-taking tensor functions survive dynamic shapes.

For every case of cases.py: eager at a trace size and at an unseen size, then
`torch.export.export(dynamic_shapes=Dim.DYNAMIC on batch and the sequence/spatial axes)`,
`ep.module()` at the unseen size, `torch.onnx.export(ep, dynamo=True)` and onnxruntime at both
sizes, each compared with eager. Each case gets one status:

- works: every step runs and matches eager at the unseen size and at a larger one
- fails_export: torch.export raises (first line of the error kept)
- specialises: export reports a dynamic axis fixed to a constant (Constraints violated / a
  conflict with the user's ranges), or the exported input shape holds a constant there
- guarded: export works, `ep.module()` rejects the unseen size (a guard on a dynamic size)
- wrong_ep: `ep.module()` runs at the unseen size but differs from eager
- fails_onnx: torch.onnx.export raises
- onnx_fails_at_size: onnxruntime raises on the unseen size
- wrong_onnx: onnxruntime runs but differs from eager
- eager_fails: the case itself is wrong at the unseen size (a defect of the case)

Results are written after every case to results/<group>.json, with the versions; a case
already there is skipped, so a run can be resumed and split (`--group`, `--only`, `--limit`).
Heavy (torch.onnx takes seconds per case): run it in pieces under `nice`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
import torch
from torch.export import Dim
from torch.utils import _pytree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cases import LAYOUTS, Case, all_cases

RESULTS = Path(__file__).resolve().parent / "results"
ATOL, RTOL = 1e-4, 1e-3


def make_input(layout: str, unseen: bool, large: bool = False) -> torch.Tensor:
    trace, other, _, larger = LAYOUTS[layout]
    shape = larger if large else other if unseen else trace
    g = torch.Generator().manual_seed(2 if large else 1 if unseen else 0)
    if layout == "ids":
        return torch.randint(0, 10, shape, generator=g)
    return torch.randn(shape, generator=g)


def leaves(out: Any) -> list[np.ndarray]:
    flat, _ = _pytree.tree_flatten(out)
    return [t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t) for t in flat]


def differs(got: list[np.ndarray], want: list[np.ndarray]) -> str | None:
    if len(got) != len(want):
        return f"{len(got)} outputs vs {len(want)}"
    for i, (a, b) in enumerate(zip(got, want)):
        if a.shape != b.shape:
            return f"out{i} shape {a.shape} vs {b.shape}"
        if a.dtype == np.bool_ or b.dtype == np.bool_:
            if not np.array_equal(a, b):
                return f"out{i} differs"
        elif not np.allclose(a.astype(np.float64), b.astype(np.float64), atol=ATOL, rtol=RTOL):
            diff = np.nanmax(np.abs(a.astype(np.float64) - b.astype(np.float64)))
            return f"out{i} maxdiff {diff:.3g}"
    return None


def first_line(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    head = lines[0] if lines else type(exc).__name__
    # torch.onnx's ConversionError says which step failed first; the cause is further down.
    cause = next((ln.strip() for ln in lines[1:] if "No ONNX function found" in ln), None)
    cause = cause or next((ln.strip() for ln in lines[1:] if "Error:" in ln), None)
    return (head[:200] + (f" | {cause[:250]}" if cause else "")).replace("\x1b", "")


_SPECIALISED = (
    "Constraints violated",
    "conflicts between user-specified ranges",
    "specialized it to be a constant",
)


def probe(case: Case) -> dict[str, Any]:
    rec: dict[str, Any] = {"layout": case.layout, "group": case.group}
    torch.manual_seed(0)
    x, x_new = make_input(case.layout, False), make_input(case.layout, True)
    x_large = make_input(case.layout, True, large=True)
    try:
        model = case.build()
        if "train" not in case.name:
            model.eval()
        with torch.no_grad():
            want = leaves(model(x))
            torch.manual_seed(0)
            want_new = leaves(model(x_new))
            torch.manual_seed(0)
            want_large = leaves(model(x_large))
    except Exception as exc:  # the case is defective, not torch
        return {**rec, "status": "eager_fails", "detail": first_line(exc)}
    axes = LAYOUTS[case.layout][2]
    t0 = time.perf_counter()
    try:
        ep = torch.export.export(model, (x,), dynamic_shapes=({a: Dim.DYNAMIC for a in axes},))
    except Exception as exc:
        line = first_line(exc)
        kind = "specialises" if any(s in str(exc) for s in _SPECIALISED) else "fails_export"
        return {
            **rec,
            "status": kind,
            "detail": line,
            "t_export": round(time.perf_counter() - t0, 3),
        }
    rec["t_export"] = round(time.perf_counter() - t0, 3)
    rec["range_constraints"] = {str(k): str(v) for k, v in ep.range_constraints.items()}
    placeholder = next(
        n
        for n in ep.graph.nodes
        if n.op == "placeholder"
        and n.name not in ep.graph_signature.inputs_to_parameters
        and n.name not in ep.graph_signature.inputs_to_buffers
        and n.name not in ep.graph_signature.inputs_to_lifted_tensor_constants
    )
    shape = placeholder.meta["val"].shape
    fixed = [a for a in axes if isinstance(shape[a], int)]
    if fixed:
        return {
            **rec,
            "status": "specialises",
            "detail": f"axes {fixed} exported as constants {[shape[a] for a in fixed]}",
        }
    for label, inp, expected in (("unseen", x_new, want_new), ("large", x_large, want_large)):
        try:
            with torch.no_grad():
                torch.manual_seed(0)
                got = leaves(ep.module()(inp))
        except Exception as exc:
            return {**rec, "status": "guarded", "detail": f"{label}: {first_line(exc)}"}
        bad = differs(got, expected)
        if bad:
            return {**rec, "status": "wrong_ep", "detail": f"{label}: {bad}"}
    t0 = time.perf_counter()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            program = torch.onnx.export(ep, dynamo=True, verbose=False)
        session = ort.InferenceSession(
            program.model_proto.SerializeToString(), providers=["CPUExecutionProvider"]
        )
    except Exception as exc:
        return {
            **rec,
            "status": "fails_onnx",
            "detail": first_line(exc),
            "t_onnx": round(time.perf_counter() - t0, 3),
        }
    rec["t_onnx"] = round(time.perf_counter() - t0, 3)
    name = session.get_inputs()[0].name
    sizes = (("trace", x, want), ("unseen", x_new, want_new), ("large", x_large, want_large))
    for label, inp, expected in sizes:
        try:
            got = session.run(None, {name: inp.numpy()})
        except Exception as exc:
            return {**rec, "status": "onnx_fails_at_size", "detail": f"{label}: {first_line(exc)}"}
        bad = differs(list(got), expected)
        if bad:
            return {**rec, "status": "wrong_onnx", "detail": f"{label}: {bad}"}
    return {**rec, "status": "works"}


def run_isolated(group: str, name: str) -> None:
    import subprocess

    cmd = [sys.executable, __file__, "--group", group, "--only", name, "--redo"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    out = RESULTS / f"{group}.json"
    data = json.loads(out.read_text())
    if proc.returncode != 0:
        data[name] = {"status": "crash", "group": group, "detail": f"exit {proc.returncode}"}
        out.write_text(json.dumps(data, indent=1, sort_keys=True))
    rec = data.get(name, {})
    print(f"{name:55s} {rec.get('status', '?'):18s} {rec.get('detail', '')[:120]}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--group", choices=("modules", "functions", "idioms"), required=True)
    parser.add_argument("--only", nargs="*", help="case names (default: all of the group)")
    parser.add_argument("--limit", type=int, default=0, help="stop after this many new cases")
    parser.add_argument("--redo", action="store_true", help="measure cases already saved")
    parser.add_argument("--redo-status", help="measure again the saved cases of this status")
    parser.add_argument("--missing", action="store_true", help="list nn classes no case covers")
    parser.add_argument(
        "--isolate", action="store_true", help="run each case in its own process (crash-proof)"
    )
    args = parser.parse_args()
    cases = [c for c in all_cases() if c.group == args.group]
    if args.missing:
        import torch.nn.modules as mods

        covered = {c.name.split("(")[0].split(".")[0] for c in cases}
        print(sorted(set(mods.__all__) - covered))
        return
    if args.only:
        cases = [c for c in cases if c.name in args.only]
    out = RESULTS / f"{args.group}.json"
    RESULTS.mkdir(exist_ok=True)
    data = json.loads(out.read_text()) if out.exists() else {}
    import onnx
    import onnxscript

    data["_versions"] = {
        "torch": torch.__version__, "onnx": onnx.__version__,
        "onnxscript": onnxscript.__version__, "onnxruntime": ort.__version__,
        "dynamic": "Dim.DYNAMIC on batch and sequence/spatial axes; strict=False",
        "layouts": {k: [list(p) for p in v] for k, v in LAYOUTS.items()},
    }  # fmt: skip
    done = 0
    for case in cases:
        saved = data.get(case.name, {}).get("status")
        again = args.redo or saved == "crash" or (args.redo_status and saved == args.redo_status)
        if saved is not None and not again:
            continue
        if args.limit and done >= args.limit:
            break
        if args.isolate:
            # One process per case: a segfault in torch.onnx (nn.ConstantPad1d killed the
            # whole run) leaves only that case's "crash" record behind.
            run_isolated(args.group, case.name)
            data = json.loads(out.read_text())
            done += 1
            continue
        data[case.name] = {"status": "crash", "group": case.group}  # kept if the process dies
        out.write_text(json.dumps(data, indent=1, sort_keys=True))
        rec = probe(case)
        data[case.name] = rec
        out.write_text(json.dumps(data, indent=1, sort_keys=True))
        print(f"{case.name:55s} {rec['status']:18s} {rec.get('detail', '')[:120]}", flush=True)
        done += 1


if __name__ == "__main__":
    main()
