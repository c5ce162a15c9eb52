"""Fixes offered where EXL301 had none (fixcover4): `x.new_tensor(sizes)` ->
`torch.tensor(sizes, dtype=x.dtype, device=x.device)`, and `torch.tensor(list(range(n)))`
-> `torch.arange(n)`. The catalogue goldens (`fixed_new_tensor_*`, `fixed_range_tensor_*`,
`fixed_tensor_of_range_positions`) are proven with the exporters by test_fixes_export.py."""

from __future__ import annotations

import ast

from exportlint.diagnostics import Applicability
from exportlint.engine import lint_source
from exportlint.fixer import fix_text

HEADER = "import torch\n\n\nclass M(torch.nn.Module):\n    def forward(self, x, m):\n"


def fixed(body: str) -> str:
    result = fix_text(HEADER + body, unsafe=True)
    assert not result.problems, result.problems
    ast.parse(result.text)
    return result.text


def fixes(body: str) -> list[tuple[str, Applicability]]:
    diagnostics = [d for d in lint_source(HEADER + body, "m.py") if d.code == "EXL301"]
    return [(d.fix.description, d.fix.applicability) for d in diagnostics if d.fix is not None]


def test_new_tensor_of_sizes_becomes_torch_tensor_with_the_receivers_dtype_and_device() -> None:
    text = fixed("        return m.new_tensor([x.shape[1], x.shape[0]])\n")
    assert "torch.tensor([x.shape[1], x.shape[0]], dtype=m.dtype, device=m.device)" in text
    (found,) = fixes("        return m.new_tensor([x.shape[1], x.shape[0]])\n")
    assert found[1] is Applicability.SAFE


def test_new_tensor_keeps_a_dtype_given_and_the_comment_of_an_exploded_call() -> None:
    text = fixed(
        "        return m.new_tensor(\n"
        "            [x.shape[0], x.shape[1]]  # width, height\n"
        "        )\n"
    )
    assert "[x.shape[0], x.shape[1]],  # width, height\n" in text
    assert "            dtype=m.dtype,\n            device=m.device\n        )" in text
    text = fixed("        return m.new_tensor((x.size(1),), dtype=torch.long)\n")
    assert "torch.tensor((x.size(1),), dtype=torch.long, device=m.device)" in text


def test_new_tensor_on_an_expression_is_not_rewritten() -> None:
    # `m.float()` would run twice (once for the data's dtype, once for the device).
    body = "        return m.float().new_tensor([x.shape[0]])\n"
    assert all(a is Applicability.DISPLAY_ONLY for _, a in fixes(body))


def test_tensor_of_a_range_becomes_arange_labelled_unsafe() -> None:
    body = (
        "        a = torch.tensor(list(range(x.shape[1])))\n"
        "        b = m.new_tensor(range(1, x.shape[0], 2))\n"
        "        return a, b\n"
    )
    text = fixed(body)
    assert "a = torch.arange(x.shape[1])\n" in text
    assert "b = torch.arange(1, x.shape[0], 2, dtype=m.dtype, device=m.device)\n" in text
    assert {a for _, a in fixes(body)} == {Applicability.UNSAFE}


def test_a_python_list_of_a_range_is_not_turned_into_a_tensor() -> None:
    # Used as a Python list: a tensor in its place would change what the code does.
    body = "        idx = list(range(x.shape[1]))\n        return x[:, idx]\n"
    assert all(a is Applicability.DISPLAY_ONLY for _, a in fixes(body))
    body = "        return torch.tensor(list(range(x.shape[1])), pin_memory=False)\n"
    assert all(a is Applicability.DISPLAY_ONLY for _, a in fixes(body))


def test_a_range_call_holding_a_comment_is_not_rebuilt() -> None:
    body = (
        "        return torch.tensor(\n"
        "            list(range(x.shape[1])),  # positions\n"
        "            dtype=torch.long,\n"
        "        )\n"
    )
    assert all(a is Applicability.DISPLAY_ONLY for _, a in fixes(body))


# ------------------------------------------------ EXL102: a cached table the length outgrows

TABLE = (
    "import torch\n\n\n"
    "class M(torch.nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.cached = 4\n"
    "        {init}\n"
    "\n"
    "    def _build(self, n):\n"
    "        self.cached = n\n"
    "        {build}\n"
    "\n"
    "    def forward(self, x):\n"
    "        n = x.shape[1]\n"
    "        # refresh\n"
    "        if n > self.cached:  # grows\n"
    "            {refresh}\n"
    "        return x + self.table[:n]\n"
)


def _table(init: str, build: str, refresh: str) -> str:
    return TABLE.format(init=init, build=build, refresh=refresh)


def _exl102(text: str) -> list[tuple[str, Applicability]]:
    found = [d for d in lint_source(text, "m.py") if d.code == "EXL102"]
    assert found, "the size test is reported"
    return [
        (f.description, f.applicability)
        for d in found
        for f in (d.fix, *d.alternatives)
        if f is not None
    ]


def test_a_plain_attribute_table_is_rebuilt_at_every_call_first() -> None:
    text = _table(
        "self.table = torch.arange(4.0)",
        "self.table = torch.arange(float(n))",
        "self._build(n)",
    )
    first = _exl102(text)[0]
    assert first[0].startswith("Rebuild the cached table") and first[1] is Applicability.UNSAFE
    result = fix_text(text, unsafe=True)
    assert not result.problems, result.problems
    assert "        # refresh\n        # grows\n        self._build(n)\n" in result.text
    assert "if n > self.cached" not in result.text


def test_a_table_kept_in_a_buffer_is_not_rebuilt_that_way() -> None:
    # A buffer rebuilt in forward is not what the exported program reads (measured).
    text = _table(
        'self.register_buffer("table", torch.arange(4.0), persistent=False)',
        'self.register_buffer("table", torch.arange(float(n)), persistent=False)',
        "self._build(n)",
    )
    assert not any(d.startswith("Rebuild the cached table") for d, _ in _exl102(text))
    text = _table(
        'self.register_buffer("table", torch.arange(4.0), persistent=False)',
        "pass",
        "self.table = torch.arange(float(n))",
    )
    assert not any(d.startswith("Rebuild the cached table") for d, _ in _exl102(text))


def test_a_size_test_that_changes_a_local_is_not_a_table_refresh() -> None:
    text = _table("self.table = torch.arange(4.0)", "pass", "x = x[:, : self.cached]")
    assert not any(d.startswith("Rebuild the cached table") for d, _ in _exl102(text))


# ------------------------------------------------------------- EXL302: math.isqrt of a size


def test_isqrt_of_a_size_becomes_sym_int_of_a_power_labelled_unsafe() -> None:
    text = (
        "import math\n\nimport torch\n\n\n"
        "class M(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        "        side = math.isqrt(x.shape[1] - 1)\n"
        "        return x[:, 1:].reshape(x.shape[0], side, side, -1)\n"
    )
    (diagnostic,) = [d for d in lint_source(text, "m.py") if d.code == "EXL302"]
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    result = fix_text(text, unsafe=True)
    assert "side = torch.sym_int((x.shape[1] - 1) ** 0.5)\n" in result.text


# ------------------------------------------------------ EXL301: int(np.round(v)) of a size


def test_int_of_np_round_of_a_size_becomes_floor_of_v_plus_half() -> None:
    text = (
        "import numpy as np\nimport torch\n\n\n"
        "class M(torch.nn.Module):\n"
        "    def forward(self, x):\n"
        "        a = int(np.round(x.shape[1] * 0.6))\n"
        "        b = int(np.rint(x.shape[1] if x.shape[0] else 2))\n"
        "        return x[:, :a], b\n"
    )
    found = [d for d in lint_source(text, "m.py") if d.code == "EXL301"]
    assert found and all(
        d.fix is not None and d.fix.applicability is Applicability.UNSAFE for d in found
    )
    result = fix_text(text, unsafe=True)
    assert "a = math.floor(x.shape[1] * 0.6 + 0.5)\n" in result.text
    assert "b = math.floor((x.shape[1] if x.shape[0] else 2) + 0.5)\n" in result.text
    assert "import math\n" in result.text


# ------------------------------------------- EXL401: a padding mask filled from the lengths

MASK = (
    "import torch\n\n\n"
    "class M(torch.nn.Module):\n"
    "    def forward(self, x, lengths):\n"
    "        mask = torch.zeros(x.shape[0], x.shape[1], dtype=torch.bool)\n"
    "        # one row per sequence\n"
    "        for i, n in enumerate(lengths.tolist()):  # rows\n"
    "            {write}\n"
    "        return x * mask\n"
)


def test_padding_mask_loop_over_lengths_becomes_one_comparison() -> None:
    text = MASK.format(write="mask[i, :n] = True  # valid frames")
    result = fix_text(text, unsafe=True)
    assert not result.problems, result.problems
    assert (
        "        # one row per sequence\n        # rows\n        # valid frames\n"
        "        mask[torch.arange(mask.shape[1], device=mask.device)[None, :] < "
        "lengths[:, None]] = True\n"
    ) in result.text
    assert "tolist" not in result.text
    tail = fix_text(MASK.format(write="mask[i, n:] = 1"), unsafe=True).text
    assert "[None, :] >= lengths[:, None]] = 1\n" in tail


def test_a_row_write_that_is_not_a_constant_mask_is_not_rewritten_so() -> None:
    for write in ("mask[i, :n] = x[i, :n] > 0", "mask[i, 1:n] = True", "mask[n, :i] = True"):
        text = MASK.format(write=write)
        found = [d for d in lint_source(text, "m.py") if d.code == "EXL401"]
        described = [f.description for d in found for f in (d.fix, *d.alternatives) if f]
        assert not any(d.startswith("Build the mask in one comparison") for d in described)


# ---------------------------------------------------- EXL301: a memo dict keyed by sizes

MEMO = (
    "import torch\n\n\n"
    "class M(torch.nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.cache = {{}}\n"
    "\n"
    "    def forward(self, x):\n"
    "        key = (x.shape[-2], x.shape[-1])\n"
    "        if key in self.cache:\n"
    "            return self.cache[key]\n"
    "        pos = torch.arange(x.shape[-1]) + x.shape[-2]\n"
    "        # remember it\n"
    "        {store}\n"
    "        return pos\n"
)


def _memo_fix(text: str) -> str:
    (diagnostic,) = [d for d in lint_source(text, "m.py") if d.code == "EXL301"]
    assert diagnostic.fix is not None
    return diagnostic.fix.description


def test_a_size_keyed_memo_is_skipped_while_exporting_lookup_and_store() -> None:
    text = MEMO.format(store="self.cache[key] = pos")
    assert _memo_fix(text).startswith("Skip the memo while exporting")
    result = fix_text(text, unsafe=True)
    assert "if not torch.compiler.is_exporting() and key in self.cache:\n" in result.text
    assert (
        "        # remember it\n        if not torch.compiler.is_exporting():\n"
        "            self.cache[key] = pos\n"
    ) in result.text


def test_a_memo_stored_under_another_key_or_used_otherwise_is_not_rewritten() -> None:
    for store in ("self.cache[key[0]] = pos", "self.cache.update({key: pos})"):
        assert not _memo_fix(MEMO.format(store=store)).startswith("Skip the memo")
