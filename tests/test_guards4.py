"""guards4: fixes written by the codemods that failed their proof on real model code.

A scaled logarithm of a dynamic size made an int (`int(self.factor * math.log(length))`,
Autoformer's count of delays) was fixed to a 0-d tensor log made an int, which export then
reads as a float out of a tensor (`Could not guard on data-dependent expression zuf0` at
`torch.topk`). It is now a count of thresholds in integer arithmetic
(codemods/scaled_logs.py).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from exportlint.diagnostics import Diagnostic, Fix
from exportlint.engine import lint_source
from exportlint.fixer import fix_text
from tests.test_guard_followups import CASES, _fix_verify


def _fixed(body: str) -> str:
    """`body` (a forward's lines, with `x` of dynamic length) fixed with --unsafe-fixes."""
    text = (
        "import math\n\nimport torch\nfrom torch.export import Dim\n\n\n"
        "class Model(torch.nn.Module):\n    def __init__(self, factor=1):\n"
        "        super().__init__()\n        self.factor = factor\n\n"
        "    def forward(self, x):\n        n = x.shape[1]\n" + body + "\n\n"
        "dynamic_shapes = ({1: Dim.DYNAMIC},)\n"
    )

    def count(diagnostic: Diagnostic, _current: str) -> Fix | None:
        # The count of thresholds (codemods/scaled_logs.py), which comes after the float64
        # count of codemods/size_counts.py: the candidate under test here.
        return next(
            (f for f in diagnostic.fixes if "sym_sum" in "".join(e.content for e in f.edits)),
            diagnostic.fix,
        )

    return fix_text(text, "m.py", unsafe=True, choose=count).text


def _count(fixed: str) -> str:
    """The expression assigned to `k` in `fixed`."""
    line = next(line for line in fixed.splitlines() if line.strip().startswith("k = "))
    return line.split("k = ", 1)[1].split("  #")[0]


@pytest.mark.parametrize(
    ("spelling", "reference"),
    [
        ("int(self.factor * math.log(n))", lambda n, c: int(c * math.log(n))),
        ("int(math.log(n) * self.factor)", lambda n, c: int(c * math.log(n))),
        ("math.ceil(self.factor * math.log(n, 3))", lambda n, c: math.ceil(c * math.log(n, 3))),
        ("int(0.5 * math.log10(n))", lambda n, c: int(0.5 * math.log10(n))),
    ],
)
def test_a_scaled_log_becomes_a_count_with_the_same_values(spelling, reference) -> None:  # type: ignore[no-untyped-def]
    # (`math.floor(math.log2(n) * c)` is EXL302's, which offers fixcover7's float64 0-d
    # tensor count, codemods/size_counts.py: tests/test_fixcover7.py.)
    fixed = _fixed(f"        k = {spelling}\n        return x[:, :k]")
    count = _count(fixed)
    assert count.startswith("torch.sym_sum([torch.sym_min(") and "math.log" not in count, fixed
    # In eager torch.sym_min/sym_max are min/max of ints: the count equals the float original
    # wherever c * log(n) is not within rounding of an integer.
    scope = {"math": math, "torch": type("T", (), {"sym_min": min, "sym_max": max, "sym_sum": sum})}
    for factor in (1, 3, 0.7):
        for n in [*range(1, 3000), 2**20 + 7, 10**9 + 9, 2**31]:
            exact = reference(n, factor if "self.factor" in spelling else 0.5)
            names = {**scope, "n": n, "self": type("S", (), {"factor": factor})}
            assert eval(count, names) == exact, (spelling, factor, n)


@pytest.mark.parametrize(
    "spelling",
    [
        "int(self.scale() * math.log(n))",  # a call: repeated per term, not offered
        "int(-2 * math.log(n))",  # a scale that is not positive
        "int(self.factor * math.log(n) + 1)",  # not a product made an int
        "self.factor * math.log(n)",  # a float: not made an int
    ],
)
def test_no_count_where_it_would_not_be_the_same_number(spelling: str) -> None:
    fixed = _fixed(f"        k = {spelling}\n        return x * k")
    assert "sym_min(" not in fixed, fixed


def test_a_scaled_log_of_a_config_number_is_left_alone() -> None:
    root = Path(__file__).resolve().parent.parent
    safe = root / "rules" / "EXL302-shape-math" / "safe_scaled_log_config_top_k.py"
    text = safe.read_text(encoding="utf-8")
    assert fix_text(text, str(safe), unsafe=True).text == text


@pytest.mark.export
def test_fix_verify_writes_the_count_of_delays_and_it_exports(tmp_path: Path) -> None:
    """Fails on main: the 0-d tensor log made an int guards on zuf0 at torch.topk."""
    name = "delay_top_k.py"
    out = _fix_verify(tmp_path, name)
    assert f"{name} [EXL301]: verified" in out or f"{name}: verified" in out, out
    fixed = (tmp_path / name).read_text(encoding="utf-8")
    assert "top_k = int(self.factor * math.log(length))" not in fixed, fixed
    # The float64 count first (codemods/size_counts.py), or the count of thresholds.
    assert "top_k = torch.sym_sum([torch.sym_min(" in fixed or "dtype=torch.float64" in fixed
    assert "# find top k" in fixed
    assert fixed != (CASES / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------ a list only measured


_PLAIN_MASK = """import torch


def mask_of(lengths):
    lens = lengths.tolist()
    batch = len(lens)
    longest = max(lens)  # the longest sequence
    ranges = torch.arange(longest).expand(batch, longest)
    return ranges >= ranges.new(lens)[:, None]


class Model(torch.nn.Module):
    def forward(self, x, lengths):
        return x.masked_fill(mask_of(lengths)[..., None], 0.0)
"""


def test_a_list_only_measured_is_kept_a_tensor() -> None:
    fixed = fix_text(_PLAIN_MASK, "m.py", unsafe=True).text
    assert fixed == (
        _PLAIN_MASK.replace("lens = lengths.tolist()", "lens = lengths")
        .replace("batch = len(lens)", "batch = lens.shape[0]")
        .replace("longest = max(lens)", "longest = lens.max().item()")
        .replace("ranges.new(lens)", "lens.to(ranges)")
    ), fixed
    # The same numbers in eager, of the same Python types.
    import torch

    before, after = {}, {}
    exec(compile(_PLAIN_MASK, "before", "exec"), before)
    exec(compile(fixed, "after", "exec"), after)
    lengths = torch.tensor([3, 5, 1])
    assert torch.equal(before["mask_of"](lengths), after["mask_of"](lengths))


def test_the_list_check_of_the_idiom_makes_a_tensor_of_a_list_passed_in() -> None:
    text = (CASES / "pad_mask_lengths_list.py").read_text(encoding="utf-8")
    fixed = fix_text(text, "pad_mask_lengths_list.py", unsafe=True).text
    assert "    lengths = torch.as_tensor(lengths).long()\n" in fixed, fixed
    assert "isinstance(lengths, list)" not in fixed
    assert "    bs = lengths.shape[0]  # noqa: RUF046\n" in fixed
    assert "maxlen = lengths.max().item()" in fixed
    assert "seq_length_expand = lengths.to(seq_range_expand).unsqueeze(-1)" in fixed
    import torch

    before, after = {}, {}
    exec(compile(text, "before", "exec"), before)
    exec(compile(fixed, "after", "exec"), after)
    for lengths in ([4, 2, 3], torch.tensor([4, 2, 3])):
        assert torch.equal(before["make_pad_mask"](lengths), after["make_pad_mask"](lengths))


@pytest.mark.parametrize(
    "use",
    [
        "    total = 0\n    for n in lens:\n        total += n\n    return total",  # iterated
        "    return lens",  # handed back as a list
        "    return torch.tensor(lens) * 2",  # another conversion
        "    lens.append(0)\n    return len(lens)",  # a list method
    ],
)
def test_a_list_used_as_a_list_is_left_alone(use: str) -> None:
    text = (
        f"import torch\n\n\ndef f(lengths):\n    lens = lengths.tolist()\n{use}\n\n\n"
        "class Model(torch.nn.Module):\n    def forward(self, x, lengths):\n"
        "        return x * f(lengths)\n"
    )
    assert any(d.code == "EXL202" for d in lint_source(text, "m.py")), text  # reported
    fixed = fix_text(text, "m.py", unsafe=True).text
    assert "lens = lengths\n" not in fixed and "lens.shape[0]" not in fixed, fixed


@pytest.mark.export
def test_fix_verify_keeps_the_lengths_a_tensor_and_it_exports(tmp_path: Path) -> None:
    """Fails on main: `int(max(lengths))` -> `torch.sym_int(...)` left `.new(lengths)` of
    unbacked numbers (Could not extract specialized integer from u0) and the batch fixed."""
    name = "pad_mask_lengths_list.py"
    out = _fix_verify(tmp_path, name)
    assert f"{name} [EXL101, EXL202]: verified" in out, out
    fixed = (tmp_path / name).read_text(encoding="utf-8")
    assert ".tolist()" not in fixed.split('"""', 2)[2] and "lengths.to(" in fixed, fixed


def test_an_insertion_at_the_edge_of_another_fix_waits_for_the_next_round() -> None:
    """Fails with the previous overlap check: EXL201's `int(` -> `torch.sym_int(` (an
    insertion) and the list fix's `int(max(lengths))` -> `lengths.max().item()` were applied
    together: `torch.sym_lengths.max().item()`."""
    text = (CASES / "pad_mask_lengths_list.py").read_text(encoding="utf-8")
    fixed = fix_text(text, "pad_mask_lengths_list.py", unsafe=True).text
    assert "sym_lengths" not in fixed and "maxlen = lengths.max().item()" in fixed, fixed


# ------------------------------------------------------------------ MaskConv's row loop

_MASK_CONV = """import torch


class Model(torch.nn.Module):
    def forward(self, x, lengths):
        mask = torch.zeros_like(x, dtype=torch.bool)
        for i, length in enumerate(lengths):
{body}
        return x.masked_fill(mask, 0.0)
"""


@pytest.mark.parametrize(
    "body",
    [
        # DeepSpeech's own
        "            length = length.item()\n"
        "            if (mask[i].size(2) - length) > 0:\n"
        "                mask[i].narrow(2, length, mask[i].size(2) - length).fill_(1)",
        # no read, no test (a narrow of 0 fills nothing)
        "            mask[i].narrow(2, length, mask[i].shape[2] - length).fill_(1)",
        # int() and the other comparisons
        "            length = int(length)\n"
        "            if length < mask[i].shape[2]:\n"
        "                mask[i].narrow(2, length, mask[i].shape[2] - length).fill_(1)",
    ],
)
def test_the_mask_conv_loop_becomes_one_comparison_with_the_same_mask(body: str) -> None:
    import torch

    text = _MASK_CONV.format(body=body)
    fixed = fix_text(text, "m.py", unsafe=True).text
    assert "for i, length" not in fixed and ".expand_as(mask)] = 1" in fixed, fixed
    before, after = {}, {}
    exec(compile(text, "before", "exec"), before)
    exec(compile(fixed, "after", "exec"), after)
    x, lengths = torch.randn(3, 2, 4, 9), torch.tensor([9, 3, 0])
    assert torch.equal(before["Model"]()(x, lengths), after["Model"]()(x, lengths))


@pytest.mark.parametrize(
    "body",
    [
        # a test that skips rows the narrow would fill
        "            length = length.item()\n"
        "            if length > 3:\n"
        "                mask[i].narrow(2, length, mask[i].size(2) - length).fill_(1)",
        # another row than the loop's
        "            mask[0].narrow(2, length, mask[0].size(2) - length).fill_(1)",
        # a narrow that does not run to the end of the axis
        "            mask[i].narrow(2, length, 2).fill_(1)",
        # a value computed per row
        "            mask[i].narrow(2, length, mask[i].size(2) - length).fill_(length)",
    ],
)
def test_a_row_loop_that_fills_something_else_is_not_made_a_comparison(body: str) -> None:
    fixed = fix_text(_MASK_CONV.format(body=body), "m.py", unsafe=True).text
    assert ".expand_as(mask)]" not in fixed, fixed


@pytest.mark.export
def test_fix_verify_builds_the_mask_conv_mask_in_one_comparison(tmp_path: Path) -> None:
    """Fails on main: the loop over the batch was left (Could not guard on 9 - u0 > 0, the
    batch fixed)."""
    name = "mask_conv_rows.py"
    out = _fix_verify(tmp_path, name)
    assert f"{name} [EXL401]: verified" in out, out
    fixed = (tmp_path / name).read_text(encoding="utf-8")
    assert "for i, length in enumerate(lengths):" not in fixed, fixed


def test_a_list_made_in_a_loop_is_left_alone() -> None:
    text = (
        "import torch\n\n\ndef f(lengths):\n    total = 0\n    for _ in range(2):\n"
        "        lens = lengths.tolist()\n        total += len(lens)\n    return total\n\n\n"
        "class Model(torch.nn.Module):\n    def forward(self, x, lengths):\n"
        "        return x * f(lengths)\n"
    )
    assert [d.code for d in lint_source(text, "m.py")] == ["EXL202"]
    fixed = fix_text(text, "m.py", unsafe=True).text
    assert "lens.shape[0]" not in fixed, fixed
