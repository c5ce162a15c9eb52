"""Lint time grows linearly with the number of hazards (issue 10).

Measured as ratios of CPU time between a size and four times that size, never as wall-clock
limits: linear work gives a ratio near 4, quadratic work near 16.
"""

from __future__ import annotations

import time

from exportlint.engine import lint_source

_GROWTH = 4
_LIMIT = 9.0  # between linear (4) and quadratic (16), with room for a noisy machine


def _elif_chain(branches: int) -> str:
    lines = [
        "import torch",
        "class M(torch.nn.Module):",
        "    def forward(self, x):",
        "        if x.sum() > 0:",
        "            y = x",
    ]
    for k in range(1, branches):
        lines += [f"        elif x.sum() > {k}:", f"            y = x + {k}"]
    lines += ["        else:", "            y = x", "        return y", ""]
    return "\n".join(lines)


def _many_classes(count: int) -> str:
    parts = ["import torch"]
    for i in range(count):
        parts.append(
            f"class M{i}(torch.nn.Module):\n    def forward(self, x):\n"
            "        if x.sum() > 0:\n            return x\n        return x + 1\n"
        )
    return "\n".join(parts)


def _cpu(text: str, fixes: bool = True) -> tuple[float, int]:
    best = float("inf")
    found = 0
    for _ in range(2):
        start = time.process_time()
        found = len(lint_source(text, "m.py", fixes=fixes))
        best = min(best, time.process_time() - start)
    return best, found


def _ratio(make: object, size: int, fixes: bool = True) -> float:
    assert callable(make)
    small, small_found = _cpu(make(size), fixes)
    large, large_found = _cpu(make(size * _GROWTH), fixes)
    # The inputs really are hazardous: every branch / class is reported.
    assert small_found >= size and large_found >= size * _GROWTH
    return large / max(small, 1e-3)


def test_elif_chain_of_hazards_is_linear() -> None:
    assert _ratio(_elif_chain, 50) < _LIMIT


def test_many_hazardous_classes_is_linear() -> None:
    assert _ratio(_many_classes, 400) < _LIMIT


def _many_layers(count: int) -> str:
    """One module holding `count` layers, each called under a tensor condition: the layer
    behind every `self.<name>(x)` call is looked up (EXL304/EXL404 facts), which once walked
    the whole class for each call."""
    lines = ["import torch", "class M(torch.nn.Module):", "    def __init__(self):"]
    lines += ["        super().__init__()"]
    lines += [f"        self.l{i} = torch.nn.Linear(4, 4)" for i in range(count)]
    lines += ["    def forward(self, x):"]
    for i in range(count):
        lines += ["        if x.sum() > 0:", f"            x = self.l{i}(x)"]
    lines += ["        return x", ""]
    return "\n".join(lines)


def test_many_called_layers_is_linear() -> None:
    # Without the fixes (the default output's lint): each EXL101 rewrite re-reads the file.
    assert _ratio(_many_layers, 100, fixes=False) < _LIMIT


def _many_submodules(count: int) -> str:
    """One model building `count` submodules whose `forward`s are entry points with an
    unannotated parameter: what each one's call sites pass is looked up in the classes that
    build it (a list display makes the argument a Python list), which once walked the
    builder class again for each submodule (and each nested statement again per enclosing
    statement)."""
    parts = ["import torch"]
    for i in range(count):
        parts.append(
            f"class B{i}(torch.nn.Module):\n    def forward(self, x):\n"
            "        if x.sum() > 0:\n            return x\n        return x + 1\n"
        )
    lines = ["class M(torch.nn.Module):", "    def __init__(self):", "        super().__init__()"]
    lines += [f"        self.b{i} = B{i}()" for i in range(count)]
    lines += ["    def forward(self, x):", "        for _ in range(2):", "            if True:"]
    lines += [f"                x = self.b{i}(x)" for i in range(count)]
    lines += ["        return x", ""]
    return "\n".join(parts + lines)


def test_many_built_submodules_is_linear() -> None:
    assert _ratio(_many_submodules, 100, fixes=False) < _LIMIT
