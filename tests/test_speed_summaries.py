"""Summaries of calls into shared modules (analysis/summaries.py): a file whose calls are
replayed from another file's recording gets exactly what interpreting them gives, in any
order of the files, and its chains ("reached from ...") name its own functions."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from exportlint import engine
from exportlint.analysis import summaries
from exportlint.analysis.calls import CallsMixin
from exportlint.config import Settings
from exportlint.engine import LintResult, lint_result

SHARED = """\
import torch


def inner(x):
    if x.shape[1] > 4:            # a shape branch
        return x[:, :2]
    return x


def outer(x, n):
    y = inner(x)
    if n > 3:                     # a branch on the caller's size: dynamic or not
        return y
    return y * 2


def apply(fn, x):
    return fn(x)                  # runs the caller's function


def total(x):
    if x.sum() > 0:               # a data-dependent branch
        return x
    return -x
"""

MODELS = {
    # A dynamic size passed in: `n > 3` is reported, reached from this model.
    "dyn_a": """\
import torch
from torch import nn

from .shared import outer, total


class DynA(nn.Module):
    def forward(self, x):
        return total(outer(x, x.shape[0]))
""",
    # The same call from another model (another class, another layout): replayed, with its
    # own chain. (Values keep where they came from, for messages: the same names here.)
    "dyn_b": """\
import torch
from torch import nn

from .shared import outer, total


class DynB(nn.Module):
    def forward(self, x):
        out = outer(x, x.shape[0])
        return total(out)
""",
    # A static size: another call, `n > 3` is silent.
    "static": """\
import torch
from torch import nn

from .shared import outer


class Static(nn.Module):
    def forward(self, x):
        return outer(x, 3)
""",
    # `inner` memoised before `outer` runs: a recording of `outer` that interpreted `inner`
    # must not be replayed here.
    "inner_first": """\
import torch
from torch import nn

from .shared import inner, outer


class InnerFirst(nn.Module):
    def forward(self, x):
        y = inner(x)
        return outer(x, x.shape[0]) + y
""",
    # A callback of the linted file run by the shared module: reported in this file.
    "callback": """\
import torch
from torch import nn

from .shared import apply


def local(x):
    return x.tolist()


class Callback(nn.Module):
    def forward(self, x):
        return apply(local, x)
""",
}


def _project(root: Path) -> list[str]:
    package = root / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "shared.py").write_text(SHARED, encoding="utf-8")
    paths = []
    for name, text in MODELS.items():
        path = package / f"{name}.py"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def _seen(result: LintResult) -> list[dict[str, object]]:
    return [{**d.to_json(), "noqa_line": d.noqa_line} for d in result.diagnostics]


def _lint(path: str, settings: Settings) -> LintResult:
    return lint_result(Path(path).read_bytes(), path, settings, fixes=False)


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the replays (so that a test proves they happened)."""
    summaries.clear()
    count = [0]
    real = CallsMixin._replay

    def counted(self: CallsMixin, recording: summaries.Recording) -> None:
        count[0] += 1
        real(self, recording)

    monkeypatch.setattr(CallsMixin, "_replay", counted)
    yield count
    summaries.clear()


def test_replayed_calls_give_what_interpreting_gives(
    tmp_path: Path, replays: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _project(tmp_path)
    settings = Settings(root=str(tmp_path))
    with monkeypatch.context() as plain:
        plain.setattr(engine, "_summaries", lambda *args: None)
        expected = {path: _seen(_lint(path, settings)) for path in paths}
    assert replays[0] == 0
    # The expected results hold the hazards the models reach in the shared module.
    dyn_a = expected[paths[0]]
    assert any("shared.py" in str(d["path"]) and "`DynA.forward`" in str(d["message"])
               for d in dyn_a)  # fmt: skip
    assert any(d["code"] == "EXL202" for d in expected[paths[4]])  # the callback's hazard
    for order in itertools.islice(itertools.permutations(paths), 0, None, 17):
        summaries.clear()
        for path in order:
            assert _seen(_lint(path, settings)) == expected[path], path
    assert replays[0] > 0  # some calls were replayed, and gave the same results


def test_a_replayed_chain_names_the_replaying_file(tmp_path: Path, replays: list[int]) -> None:
    paths = _project(tmp_path)
    settings = Settings(root=str(tmp_path))
    first = _lint(paths[0], settings)
    second = _lint(paths[1], settings)
    assert replays[0] > 0
    shared_second = [d for d in second.diagnostics if d.path.endswith("shared.py")]
    assert shared_second
    assert all("`DynB.forward`" in d.message for d in shared_second)
    assert not any("DynA" in d.message for d in shared_second)
    # The file replaying depends on the shared module, as the file that recorded does.
    assert set(second.dependencies) >= {p for p in first.dependencies if p.endswith("shared.py")}


def test_a_lint_that_builds_fixes_records_nothing(tmp_path: Path, replays: list[int]) -> None:
    paths = _project(tmp_path)
    settings = Settings(root=str(tmp_path))
    for path in paths:
        lint_result(Path(path).read_bytes(), path, settings, fixes=True)
    assert not summaries._STORE
    assert replays[0] == 0


HEADS = """\
import torch


def heads(t):
    b, s, _ = t.shape
    return t.view(b, s, 2, -1).transpose(1, 2)
"""

# Sizes that the shared helper returns keep the caller's symbols (the summary holds them as
# placeholders): the same length through two calls compares statically, two inputs' lengths
# do not, whichever file recorded the call.
HEAD_MODELS = {
    "same_length": """\
import torch
from torch import nn

from .heads import heads


class SameLength(nn.Module):
    def __init__(self):
        super().__init__()
        self.q = nn.Linear(8, 8)
        self.k = nn.Linear(8, 8)

    def forward(self, x):
        b, s, _ = x.shape  # the rank of x, known
        q = heads(self.q(x))
        k = heads(self.k(x))
        if q.shape[2] != k.shape[2]:
            k = k[:, :, : q.shape[2]]
        return q @ k.transpose(-1, -2)
""",
    "two_lengths": """\
import torch
from torch import nn

from .heads import heads


class TwoLengths(nn.Module):
    def __init__(self):
        super().__init__()
        self.q = nn.Linear(8, 8)
        self.k = nn.Linear(8, 8)

    def forward(self, x, y):
        b, s, _ = x.shape
        b, t, _ = y.shape
        q = heads(self.q(x))
        k = heads(self.k(y))
        if q.shape[2] != k.shape[2]:
            k = k[:, :, : q.shape[2]]
        return q @ k.transpose(-1, -2)
""",
}


def test_replayed_helpers_keep_the_callers_size_symbols(
    tmp_path: Path, replays: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "heads.py").write_text(HEADS, encoding="utf-8")
    paths = []
    for name, text in HEAD_MODELS.items():
        (package / f"{name}.py").write_text(text, encoding="utf-8")
        paths.append(str(package / f"{name}.py"))
    settings = Settings(root=str(tmp_path))
    with monkeypatch.context() as plain:
        plain.setattr(engine, "_summaries", lambda *args: None)
        expected = {path: _seen(_lint(path, settings)) for path in paths}
    same, two = paths
    assert not [d for d in expected[same] if d["code"] == "EXL102"]
    assert [d for d in expected[two] if d["code"] == "EXL102"]
    for order in (paths, paths[::-1]):
        summaries.clear()
        for path in order:
            assert _seen(_lint(path, settings)) == expected[path], path
    assert replays[0] > 0
