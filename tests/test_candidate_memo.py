"""Candidate checks remember their lints beyond the last few (`candidates._RESULTS`): files
reaching the same shared module's hazards check the same candidates of it, and linted them
again and again. A module changed since a lint is a miss."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exportlint import candidates, engine
from exportlint.config import Settings
from exportlint.engine import lint_result

HELPER = """\
import torch

from .consts import scale


def clip(x):
    if x.sum() > 0:
        x = scale(x)
    return x
"""

CONSTS = """\
def scale(x):
    return x * 2
"""

MODEL = """\
import torch
from torch import nn

from .helpers import clip


class Model{n}(nn.Module):
    def forward(self, x):
        return clip(x) + {n}
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "helpers.py").write_text(HELPER, encoding="utf-8")
    (package / "consts.py").write_text(CONSTS, encoding="utf-8")
    for n in range(12):
        (package / f"model{n}.py").write_text(MODEL.format(n=n), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.exportlint]\n", encoding="utf-8")
    return tmp_path


def _lints(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    real = engine.lint_source_result

    def counting(text: str, path: str = "<stdin>", *args: object, **kwargs: object) -> object:
        if kwargs.get("fixes") is False:
            made.append(path)
        return real(text, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "lint_source_result", counting)
    monkeypatch.setattr(candidates, "_LINTS", {})
    monkeypatch.setattr(candidates, "_RESULTS", {})
    return made


def _lint_all(project: Path) -> list[tuple[str, str, object]]:
    settings = Settings(root=str(project))
    out = []
    for n in range(12):
        path = str(project / "pkg" / f"model{n}.py")
        result = lint_result(Path(path).read_bytes(), path, settings, fixes=True)
        out.extend((d.path, d.code, d.fix) for d in result.diagnostics)
    return out


def test_shared_module_candidates_are_linted_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _lints(monkeypatch)
    found = _lint_all(project)
    helper = str(project / "pkg" / "helpers.py")
    # The helper's EXL101 is found from each model, its candidates built and checked each time.
    assert [code for path, code, _ in found if path == helper].count("EXL101") == 12
    shared = [p for p in made if p == helper]
    assert shared, made
    # Without the memo: two lints (before, after) per candidate per model file.
    assert len(shared) <= 4, shared
    # Past `_KEPT_LINTS` other lints in between, still remembered.
    monkeypatch.setattr(candidates, "_LINTS", {})
    again = len(made)
    assert _lint_all(project) == found
    assert len([p for p in made[again:] if p == helper]) == 0


OWN = """\
import torch
from torch import nn

from .consts import scale


class Own(nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            x = scale(x)
        return x
"""


def test_a_changed_module_is_linted_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _lints(monkeypatch)
    path = project / "pkg" / "own.py"
    path.write_text(OWN, encoding="utf-8")
    settings = Settings(root=str(project))

    def lint() -> list[object]:
        monkeypatch.setattr(candidates, "_LINTS", {})
        result = lint_result(path.read_bytes(), str(path), settings, fixes=True)
        return [(d.code, d.fix) for d in result.diagnostics]

    found = lint()
    first = len(made)
    assert first and [code for code, _ in found] == ["EXL101"]
    assert lint() == found
    assert len(made) == first  # remembered
    # A module the lints read changed (only its stamp: the texts linted are the same).
    consts = project / "pkg" / "consts.py"
    stat = consts.stat()
    os.utime(consts, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert lint() == found
    assert len(made) > first
