"""The fast paths find what the plain path finds: serial and parallel runs, cold and warm runs
(the cache), on a small project whose models call into a shared module (whole-project
analysis), give identical diagnostics."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from exportlint.cli import main
from exportlint.config import Settings
from exportlint.diagnostics import Diagnostic
from exportlint.runner import _POOL_THRESHOLD, lint_paths

HELPERS = """\
import torch


def make_mask(x, n):
    if x.shape[1] > 4:            # a shape branch, reached from every model
        return x[:, :n]
    return x


def total(x):
    if x.sum() > 0:               # a data-dependent branch
        return x
    return -x
"""

MODEL = """\
import torch
from torch import nn

from .helpers import make_mask, total


class Model{i}(nn.Module):
    def forward(self, x):
        y = make_mask(x, x.shape[0])
        for row in x:             # a loop over a tensor
            y = y + row
        k = len(x) * {i}
        return total(y) * k
"""

LOOKALIKE = """\
import torch
from torch import nn


class Quiet{i}(nn.Module):
    def forward(self, x):
        for layer in range({i} + 1):
            x = x * 2
        return x
"""


def _project(root: Path, count: int) -> list[Path]:
    package = root / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "helpers.py").write_text(HELPERS, encoding="utf-8")
    files = []
    for i in range(count):
        path = package / f"model_{i:02d}.py"
        path.write_text((MODEL if i % 3 else LOOKALIKE).format(i=i), encoding="utf-8")
        files.append(path)
    return files


def _seen(found: list[Diagnostic]) -> list[dict[str, object]]:
    return [{**d.to_json(), "noqa_line": d.noqa_line} for d in found]


def test_serial_parallel_cold_and_warm_runs_agree(tmp_path: Path) -> None:
    files = _project(tmp_path, _POOL_THRESHOLD + 4)  # enough files for the worker pool
    settings = Settings(root=str(tmp_path))
    for fixes in (False, True):
        serial = lint_paths(files, settings, jobs=1, fixes=fixes)
        # Whole-project analysis ran: the shared module's hazards are reported where they are.
        assert any(d.path.endswith("helpers.py") for d in serial)
        assert {d.code for d in serial} >= {"EXL101", "EXL102", "EXL401"}
        parallel = lint_paths(files, settings, jobs=2, fixes=fixes)
        assert _seen(parallel) == _seen(serial)
        cache = tmp_path / f"cache-{fixes}"
        cold = lint_paths(files, settings, cache_dir=cache, jobs=2, fixes=fixes)
        warm = lint_paths(files, settings, cache_dir=cache, jobs=2, fixes=fixes)
        assert _seen(cold) == _seen(serial)
        assert _seen(warm) == _seen(serial)


def test_a_warm_run_sees_a_change_in_the_shared_module(tmp_path: Path) -> None:
    files = _project(tmp_path, _POOL_THRESHOLD + 1)
    settings = Settings(root=str(tmp_path))
    cache = tmp_path / "cache"
    before = lint_paths(files, settings, cache_dir=cache, fixes=False)
    assert any(d.path.endswith("helpers.py") and d.code == "EXL101" for d in before)
    # The models are unchanged; the module they call loses its hazard.
    helpers = tmp_path / "pkg" / "helpers.py"
    helpers.write_text(HELPERS.replace("if x.sum() > 0:", "if True:"), encoding="utf-8")
    warm = lint_paths(files, settings, cache_dir=cache, fixes=False)
    cold = lint_paths(files, settings, fixes=False)
    assert _seen(warm) == _seen(cold)
    assert not any(d.path.endswith("helpers.py") and d.code == "EXL101" for d in warm)


# A program's run (argv from sys.argv): what the lint froze for the cyclic collector stays
# frozen until the process ends (runner.keep_frozen).
PROGRAM = """\
import gc, sys
from exportlint.cli import main
sys.argv = ["exportlint", "check", "--no-cache", "--exit-zero", "--output-format", "json",
            "--jobs", sys.argv[1], *sys.argv[2:]]
code = main()
print(gc.get_freeze_count() > 0, file=sys.stderr)
sys.exit(code)
"""


def test_a_program_run_keeps_its_objects_frozen_and_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(f) for f in _project(tmp_path, _POOL_THRESHOLD + 2)]
    monkeypatch.chdir(tmp_path)
    # The same command called from Python (argv given): nothing stays frozen.
    command = ["check", "--no-cache", "--exit-zero", "--output-format", "json", "--jobs"]
    main([*command, "1", *files])
    expected = json.loads(capsys.readouterr().out)
    assert expected and gc.get_freeze_count() == 0
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH")])
    )
    for jobs in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", PROGRAM, jobs, *files],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=True,
        )
        assert done.stderr.strip() == "True"
        assert json.loads(done.stdout) == expected
