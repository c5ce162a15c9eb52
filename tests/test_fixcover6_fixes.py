"""Fixes offered where EXL301/EXL302 had none, or a wrong one (fixcover6): the integer
logarithm of a size (`int(np.log2(n))`, `math.ceil(math.log(n, 2))`) -> a count of powers in
`torch.sym_min`/`sym_max` arithmetic, and `round(n * ratio)` -> `math.floor(n * ratio + 0.5)`
where the ratio is not known to be an int (the safe "Drop round()" made a float slice bound).
The catalogue goldens (`fixed_ceil_log2_tree_levels`, `fixed_floor_log2_pyramid_depth`,
`fixed_round_ratio_keep_tokens`, `fixed_np_log2_octave_bands`,
`fixed_np_ceil_log2_halving_stages`) are proven with the exporters by test_fixes_export.py."""

from __future__ import annotations

import ast
import math

import pytest

from exportlint.diagnostics import Applicability
from exportlint.engine import lint_source
from exportlint.fixer import fix_text

HEADER = (
    "import math\n\nimport numpy as np\nimport torch\n\n\n"
    "class M(torch.nn.Module):\n"
    "    def __init__(self, ratio=0.3):\n"
    "        super().__init__()\n"
    "        self.ratio = ratio\n\n"
    "    def forward(self, x):\n"
)


def fixed(body: str) -> str:
    result = fix_text(HEADER + body, unsafe=True)
    assert not result.problems, result.problems
    ast.parse(result.text)
    return result.text


def first_fixes(body: str, code: str) -> list[tuple[str, Applicability]]:
    diagnostics = [d for d in lint_source(HEADER + body, "m.py") if d.code == code]
    return [(d.fix.description, d.fix.applicability) for d in diagnostics if d.fix is not None]


def assigned(text: str, name: str) -> str:
    """The source of the expression assigned to `name` in the fixed text."""
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == name:
            return ast.unparse(node.value)
    raise AssertionError(f"no assignment to {name} in:\n{text}")


def evaluate(expression: str, n: int) -> int:
    torch = pytest.importorskip("torch")
    value = eval(expression, {"torch": torch, "sum": sum, "range": range, "n": n})
    assert type(value) is int
    return value


def test_round_of_a_size_times_an_unseen_ratio_is_not_dropped() -> None:
    # On the previous code: "Drop `round()`: the size is already an int", applied as safe:
    # `x[:, : n * self.ratio]` raised TypeError (slice indices must be integers).
    body = "        n = x.shape[1]\n        return x[:, : round(n * self.ratio)]\n"
    ((description, applicability),) = first_fixes(body, "EXL302")
    assert "Drop" not in description
    assert applicability is Applicability.UNSAFE
    assert "x[:, :math.floor(n * self.ratio + 0.5)]" in fixed(body).replace(": ", ":")


def test_round_of_an_int_size_is_still_dropped_safely() -> None:
    body = "        n = x.shape[1]\n        return x[:, : round(n)]\n"
    ((description, applicability),) = first_fixes(body, "EXL302")
    assert description.startswith("Drop `round()`")
    assert applicability is Applicability.SAFE


@pytest.mark.parametrize(
    ("spelling", "exact"),
    [
        ("math.ceil(math.log(n, 2))", lambda n: (n - 1).bit_length()),
        ("int(math.log2(n))", lambda n: n.bit_length() - 1),
        ("math.floor(math.log2(n))", lambda n: n.bit_length() - 1),
        ("int(np.ceil(np.log2(n)))", lambda n: (n - 1).bit_length()),
        ("int(np.floor(np.log2(n)))", lambda n: n.bit_length() - 1),
        ("int(np.log10(n))", lambda n: len(str(n)) - 1),
        ("math.ceil(math.log(n, 3))", lambda n: next(k for k in range(64) if 3**k >= n)),
    ],
)
def test_integer_log_of_a_size_is_a_count_of_powers(spelling: str, exact: object) -> None:
    # On the previous code these had no applicable fix (a 0-d tensor log is one off in
    # onnxruntime at exact powers; torch._sym_log2 is refused in the exported graph).
    body = f"        n = x.shape[1]\n        levels = {spelling}\n        return x[:, :levels]\n"
    text = fixed(body)
    expression = assigned(text, "levels")
    assert "sym_min" in expression and "log" not in expression
    assert callable(exact)
    for n in [*range(1, 300), 1023, 1024, 1025, 2**20, 2**29, 10**6, 2**40]:
        assert evaluate(expression, n) == exact(n), (spelling, n)


def test_integer_log_is_labelled_unsafe() -> None:
    body = "        n = x.shape[1]\n        return x[:, : math.ceil(math.log(n, 2))]\n"
    ((description, applicability),) = first_fixes(body, "EXL302")
    assert applicability is Applicability.UNSAFE
    assert "ceil(log2(n))" in description


def test_log_of_a_size_with_a_float_base_or_feeding_a_tensor_is_not_counted() -> None:
    # A natural log, a float base or a log used as a float: no integer count.
    for spelling in ("math.ceil(math.log(n))", "math.ceil(math.log(n, 1.5))", "math.log2(n)"):
        body = f"        n = x.shape[1]\n        return x * {spelling}\n"
        assert all("powers" not in d for d, _ in first_fixes(body, "EXL302"))


def test_the_count_does_not_capture_a_size_named_like_its_index() -> None:
    body = (
        "        _k = x.shape[1]\n"
        "        levels = int(math.log2(_k))\n"
        "        return x[:, :levels]\n"
    )
    assert all("powers" not in d for d, _ in first_fixes(body, "EXL302"))


def test_exact_references_agree_with_math() -> None:
    # The references above are the true integer logarithms (sanity of the test itself).
    for n in range(2, 5000):
        assert (n - 1).bit_length() == math.ceil(math.log2(n)) or n > 2**40


def test_log_with_a_base_used_as_a_float_is_computed_in_the_graph() -> None:
    # On the previous code `math.log(n, base)` (two arguments) had no fix at all.
    body = "        n = x.shape[1]\n        return x * math.log(n, self.ratio + 2)\n"
    ((_, applicability),) = first_fixes(body, "EXL302")
    assert applicability is Applicability.UNSAFE
    text = fixed(body)
    assert "torch.log(torch.tensor(n, dtype=torch.float64)) / math.log(self.ratio + 2)" in text


def test_a_comment_inside_the_replaced_call_is_never_lost() -> None:
    body = (
        "        n = x.shape[1]\n"
        "        levels = math.ceil(\n"
        "            math.log(n, 2)  # the tree depth\n"
        "        )\n"
        "        scale = math.log(\n"
        "            n,  # tokens\n"
        "            2.5,\n"
        "        )\n"
        "        return x[:, :levels] * scale\n"
    )
    text = fix_text(HEADER + body, unsafe=True).text
    assert "# the tree depth" in text and "# tokens" in text
    # A comment inside the moved size stays with it.
    body = (
        "        levels = math.ceil(math.log(x.shape[\n"
        "            1  # tokens\n"
        "        ], 2))\n"
        "        return x[:, :levels]\n"
    )
    text = fixed(body)
    assert "sym_min" in text and "# tokens" in text


def test_round_half_up_keeps_a_comment_or_is_not_offered() -> None:
    body = (
        "        n = x.shape[1]\n"
        "        keep = round(\n"
        "            n * self.ratio  # share kept\n"
        "            # rounded\n"
        "        )\n"
        "        return x[:, :keep]\n"
    )
    text = fix_text(HEADER + body, unsafe=True).text
    assert "# share kept" in text and "# rounded" in text
