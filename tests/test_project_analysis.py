"""Whole-project analysis: calls, bases and torch.cond branches followed into other modules."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from exportlint.config import ConfigError, Settings, settings_from_table
from exportlint.engine import lint_result
from exportlint.runner import lint_paths

MODEL = """\
import torch
from torch import nn

from .helpers import positions, clean
from . import helpers
from .base import Base


class Model(nn.Module):
    def forward(self, x):
        y = positions(x)
        z = helpers.clean(x)
        return y, clean(z)


class Child(Base):
    def forward(self, x):
        return self.shared(x)


class Branchy(nn.Module):
    def forward(self, x):
        return torch.cond(x.sum() > 0, helpers.branch, helpers.clean, (x,))
"""

HELPERS = """\
import torch


def positions(x):
    n = int(x.sum())
    return torch.arange(n)


def clean(x):
    return x * 2


def branch(x):
    if x.max() > 1:
        return x
    return x + 1
"""

BASE = """\
from torch import nn


class Base(nn.Module):
    def shared(self, x):
        if x.shape[0] > 2:
            return x[:2]
        return x
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/model.py": MODEL,
            "pkg/helpers.py": HELPERS,
            "pkg/base.py": BASE,
        },
    )
    return tmp_path


def _lint(path: Path, **settings: object) -> list[tuple[str, int, str, str]]:
    result = lint_result(path.read_bytes(), str(path), Settings(**settings))  # type: ignore[arg-type]
    return [(Path(d.path).name, d.line, d.code, d.message) for d in result.diagnostics]


def test_hazards_in_other_project_modules_are_reported_where_they_are(project: Path) -> None:
    found = _lint(project / "pkg" / "model.py")
    where = {(name, line, code) for name, line, code, _ in found}
    # A helper function, a method of a base class in another file, a torch.cond branch.
    assert ("helpers.py", 5, "EXL201") in where
    assert ("base.py", 6, "EXL102") in where
    assert ("helpers.py", 14, "EXL101") in where
    # The helper that is fine stays silent, and nothing lands in the linted file.
    assert not [f for f in found if f[0] == "model.py"]
    message = next(m for name, line, _, m in found if name == "helpers.py" and line == 5)
    assert "reached from `Model.forward` → `positions`" in message


def test_follow_imports_none_reads_only_the_file(project: Path) -> None:
    assert _lint(project / "pkg" / "model.py", follow_imports="none") == []


def test_installed_packages_are_reported_on_the_call_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "venv" / "lib" / "site-packages"
    _write(site, {"extlib/__init__.py": "from .ops import positions\n", "extlib/ops.py": HELPERS})
    _write(
        tmp_path / "app",
        {
            "model.py": """\
            from torch import nn
            from extlib import positions


            class Model(nn.Module):
                def forward(self, x):
                    return positions(x)
            """
        },
    )
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    path = tmp_path / "app" / "model.py"
    # Installed packages are not the project: followed only with follow-imports = "all".
    assert _lint(path, root=str(tmp_path / "app")) == []
    found = _lint(path, follow_imports="all", root=str(tmp_path / "app"))
    assert [(name, line, code) for name, line, code, _ in found] == [("model.py", 7, "EXL201")]
    message = found[0][3]
    assert "ops.py:5" in message and "reached from `Model.forward` → `positions`" in message


def test_cli_results_and_cache_follow_the_other_modules(project: Path) -> None:
    cache = project / "cache"
    model = project / "pkg" / "model.py"
    first = lint_paths([model], cache_dir=cache)
    assert {(Path(d.path).name, d.line) for d in first} >= {("helpers.py", 5), ("base.py", 6)}
    # Linting the helper too reports each hazard once.
    both = lint_paths([model, project / "pkg" / "helpers.py"], cache_dir=cache)
    assert len([d for d in both if d.path.endswith("helpers.py") and d.line == 5]) == 1
    # Changing the other module invalidates the cached result of the linted file.
    helpers = project / "pkg" / "helpers.py"
    helpers.write_text(HELPERS.replace("int(x.sum())", "x.shape[0]"), encoding="utf-8")
    again = lint_paths([model], cache_dir=cache)
    assert not [d for d in again if d.path.endswith("helpers.py") and d.line == 5]


def test_follow_imports_setting_is_checked() -> None:
    assert settings_from_table({"follow-imports": "all"}, "p", ".").follow_imports == "all"
    with pytest.raises(ConfigError, match="follow-imports"):
        settings_from_table({"follow-imports": "some"}, "p", ".")
