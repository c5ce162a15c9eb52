"""A crop taken only when a tensor is longer than a bound (`x if x.size(1) <= n else
x[:, -n:]`) becomes a gather over `torch.sym_min(size, n)` positions, and module-level number
constants are static sizes like the literals they name. The export proofs of the rewrite are
the catalogue goldens `rules/EXL102-shape-condition/fixed_context_window_crop.py` and
`fixed_truncate_to_max_length.py` (tests/test_fixes_export.py)."""

from __future__ import annotations

import textwrap

import pytest

from exportlint.diagnostics import Applicability
from exportlint.engine import lint_source

HEADER = """\
import torch

LIMIT = 6
SCALE: float = 0.5
GROWN = 4
GROWN += 1


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.n = 6

    def forward(self, x):
"""


def _exl102(body: str) -> list[tuple[str, Applicability | None]]:
    source = HEADER + textwrap.indent(textwrap.dedent(body), " " * 8)
    found = []
    for d in lint_source(source, "m.py"):
        if d.code == "EXL102":
            found.append(
                (d.fix.description if d.fix else "", d.fix.applicability if d.fix else None)
            )
    return found


@pytest.mark.parametrize(
    ("line", "which", "safe"),
    [
        ("y = x if x.size(1) <= self.n else x[:, -self.n :]", "last", False),
        ("y = x[:, -self.n :] if x.size(1) > self.n else x", "last", False),
        ("y = x if x.shape[1] < 6 else x[:, :6]", "first", True),
        ("y = x[:, :LIMIT] if LIMIT < x.shape[1] else x", "first", False),
    ],
)
def test_a_crop_to_a_bound_becomes_a_clamped_gather(line: str, which: str, safe: bool) -> None:
    ((description, applicability),) = _exl102(line + "\nreturn y\n")
    assert f"Keep the {which}" in description
    assert "sym_min" in description
    assert applicability is (Applicability.SAFE if safe else Applicability.UNSAFE)


@pytest.mark.parametrize(
    "line",
    [
        "y = x if x.size(1) <= self.n else x[:, -4:]",  # a crop to another length
        "y = x if x.size(1) <= self.n else x[:, self.n :]",  # drops the first n: not a crop to n
        "y = x if x.size(1) <= self.n else x[:, -self.n :: 2]",  # a stride
        "y = x if x.size(1) <= self.n else x[-self.n :]",  # another axis than the one tested
        "y = x if x.size(1) <= self.n else x.flip(1)[:, -self.n :]",  # not the tensor itself
        "y = x if x.size(1) == self.n else x[:, -self.n :]",  # not a bound
    ],
)
def test_look_alikes_get_no_clamped_gather(line: str) -> None:
    for description, _ in _exl102(line + "\nreturn y\n"):
        assert "sym_min" not in description


@pytest.mark.parametrize(
    ("test", "reported"),
    [
        ("x.shape[1] > LIMIT", True),
        ("x.shape[1] * SCALE > 2", True),
        ("x.shape[1] > GROWN", False),  # rebound at module level: unknown, as before
        ("x.shape[1] > UNDEFINED", False),
    ],
)
def test_module_number_constants_are_static_sizes(test: str, reported: bool) -> None:
    assert bool(_exl102(f"if {test}:\n    x = x * 2\nreturn x\n")) is reported
