"""The fast paths find what the plain path finds: serial and parallel runs, cold and warm runs
(the cache), on a small project whose models call into a shared module (whole-project
analysis), give identical diagnostics."""

from __future__ import annotations

from pathlib import Path

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
