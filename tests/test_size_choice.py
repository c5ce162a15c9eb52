"""A size test whose branches only assign integers (TF "SAME" padding, a stride picked by
the length, a pad to a multiple kept at 0 otherwise) becomes `torch.sym_ite`, never
`torch.cond` (which cannot return an int: "unsupported branch return type"); a side built
from constants alone is lifted to a size with `+ 0 * <size>` (sym_ite wants two SymInts).
Look-alikes (tensors, floats, data tests) keep their other candidates. The cases of
tests/guard_cases/ prove the rewrites with a real export (tests/test_guard_followups.py)."""

from __future__ import annotations

import ast
from pathlib import Path

from exportlint.fixer import fix_text

CASES = Path(__file__).resolve().parent / "guard_cases"
HEADER = "import torch\nimport torch.nn.functional as F\n\n\nclass M(torch.nn.Module):\n"


def fixed(text: str) -> str:
    out = fix_text(text, unsafe=True).text
    ast.parse(out)
    return out


def test_same_padding_in_a_method_and_in_a_helper() -> None:
    text = fixed((CASES / "same_padding.py").read_text(encoding="utf-8"))
    assert "torch.cond(" not in text
    assert (
        "        pad_h = torch.sym_ite(\n"
        "            in_h % self.stride == 0,\n"
        "            max(self.k - self.stride, 0) + 0 * in_h,\n"
        "            max(self.k - in_h % self.stride, 0),\n"
        "        )  # even height\n"
    ) in text
    # The helper's parameters are of unknown kind: both sides are lifted.
    assert (
        "    # the total padding TensorFlow adds\n"
        "    pad = torch.sym_ite(\n"
        "        size % stride == 0,\n"
        "        max(kernel - stride, 0) + 0 * size,\n"
        "        max(kernel - (size % stride), 0) + 0 * size,\n"
        "    )  # noqa: SIM108\n"
    ) in text


def test_an_elif_chain_nests_and_a_name_set_in_one_branch_keeps_its_value() -> None:
    text = fixed((CASES / "stride_by_size.py").read_text(encoding="utf-8"))
    assert "torch.cond(" not in text
    assert (
        "        # medium\n"
        "        step = torch.sym_ite(n >= 32, 4 + 0 * n, "
        "torch.sym_ite(n >= 16, 2 + 0 * n, 1 + 0 * n))\n"
    ) in text
    # Not "run the body always" (8 - n % 8 is 8, not 0, for a multiple of 8).
    assert (
        "        extra = 0\n"
        "        # up to the next multiple of 8\n"
        "        extra = torch.sym_ite(n % 8 != 0, 8 - n % 8, extra + 0 * n)\n"
    ) in text


def test_look_alikes_get_no_sym_ite() -> None:
    bodies = [
        # tensors in the branches
        "    def forward(self, x):\n        if x.shape[0] % 2 == 0:\n            y = x * 2\n"
        "        else:\n            y = x - 1\n        return y\n",
        # floats
        "    def forward(self, x):\n        if x.shape[-1] > 10:\n            s = 0.5\n"
        "        else:\n            s = 1.0\n        return x * s\n",
        # a data test
        "    def forward(self, x):\n        if x.sum() > 0:\n            k = 1\n"
        "        else:\n            k = 2\n        return x * k\n",
        # a branch that calls a submodule
        "    def forward(self, x):\n        n = x.shape[-1]\n        if n > 4:\n"
        "            k = self.size_of(x)\n        else:\n            k = 2\n"
        "        return x[:, :k]\n",
    ]
    for body in bodies:
        assert "sym_ite" not in fixed(HEADER + body), body


# ------------------------------------------------------------------ non-empty selections


def test_a_body_that_works_on_the_selected_rows_runs_always() -> None:
    text = fixed((CASES / "fuse_selected_rows.py").read_text(encoding="utf-8"))
    assert "torch.cond(" not in text and "torch.where(" not in text
    assert "        if " not in text
    assert (
        "        # fuse a refined map into the selected images\n        y = F.interpolate(" in text
    )
    assert "        out[keep] = self.proj(feats[keep])\n" in text
    assert (
        "        out = out.index_add(0, rows, torch.ones_like(out[rows]))"
        "  # add a bias to the selected rows\n"
    ) in text


def test_a_non_empty_test_whose_body_does_not_index_by_it_keeps_torch_cond_first() -> None:
    body = (
        "    def forward(self, x, mask):\n        idx = torch.nonzero(mask).squeeze(1)\n"
        "        if len(idx) > 0:\n            x = x * 2\n        return x\n"
    )
    assert "torch.cond(" in fixed(HEADER + body)


def test_a_body_that_reduces_the_selection_keeps_torch_cond_first() -> None:
    """`scores[idx].max()` raises on no rows: running it always is no first candidate."""
    body = (
        "    def forward(self, x, scores, mask):\n        idx = torch.nonzero(mask).squeeze(1)\n"
        "        if len(idx) > 0:\n            x = x + scores[idx].max()\n        return x\n"
    )
    assert "torch.cond(" in fixed(HEADER + body)
