"""Fixes for hazard kinds that had none (issue 8): a Transformer stack told whether its mask
is causal (EXL101), ... Each test fails on the code before these fixes."""

from __future__ import annotations

import ast

from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import fix_text

STACK = (
    "import torch\n"
    "from torch import nn\n\n\n"
    "class M(nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)\n"
    "        self.encoder = nn.TransformerEncoder(layer, 1)\n\n"
    "    def forward(self, x):\n"
)


def _reports(text: str, code: str) -> list[Diagnostic]:
    return [d for d in lint_source(text) if d.code == code]


def _fixed(text: str, unsafe: bool = False) -> str:
    result = fix_text(text, unsafe=unsafe)
    assert not result.problems, result.problems
    ast.parse(result.text)
    return result.text


# ------------------------------------------------------------ causal hints (EXL101, kind 3)


def test_stack_with_a_mask_gets_a_safe_is_causal_false() -> None:
    text = STACK + (
        "        band = torch.ones(x.shape[1], x.shape[1], dtype=torch.bool).triu(3)\n"
        "        return self.encoder(x, band)\n"
    )
    (report,) = _reports(text, "EXL101")
    assert report.fix is not None and report.fix.applicability is Applicability.SAFE
    assert not report.alternatives  # the mask is not built causal here: no `is_causal=True`
    out = _fixed(text)  # `--fix` alone applies it
    assert "self.encoder(x, band, is_causal=False)" in out
    assert not _reports(out, "EXL101")


def test_library_causal_mask_also_gets_is_causal_true_second() -> None:
    text = STACK + (
        "        mask = nn.Transformer.generate_square_subsequent_mask(x.size(1))\n"
        "        return self.encoder(x, mask=mask)\n"
    )
    (report,) = _reports(text, "EXL101")
    assert report.fix is not None and "is_causal=False" in report.fix.description
    (second,) = report.alternatives
    assert second.applicability is Applicability.UNSAFE
    assert [e.content for e in second.edits] == [", is_causal=True"]


def test_a_literal_none_hint_gets_the_value_in_place() -> None:
    text = STACK + (
        "        mask = torch.zeros(x.shape[1], x.shape[1])\n"
        "        return self.encoder(x, mask, None, None)\n"
    )
    assert "self.encoder(x, mask, None, False)" in _fixed(text)


def test_multi_line_call_keeps_its_comments_on_their_lines() -> None:
    text = STACK + (
        "        mask = torch.zeros(x.shape[1], x.shape[1])\n"
        "        return self.encoder(\n"
        "            x,  # tokens\n"
        "            mask=mask,  # additive\n"
        "        )\n"
    )
    out = _fixed(text)
    assert (
        "            x,  # tokens\n"
        "            mask=mask,  # additive\n"
        "            is_causal=False,\n"
        "        )\n"
    ) in out


def test_distribution_validate_args_keeps_a_comment_on_its_line() -> None:
    # The keyword helper is shared with `validate_args=False` (EXL101): a comment after the
    # argument before the last stays there instead of being copied.
    text = (
        "import torch\n\n\n"
        "class M(torch.nn.Module):\n"
        "    def forward(self, x, y):\n"
        "        d = torch.distributions.Normal(\n"
        "            x,  # mean\n"
        "            1.0,\n"
        "        )\n"
        "        return d.log_prob(y)\n"
    )
    out = _fixed(text, unsafe=True)
    assert out.count("# mean") == 1
    assert "validate_args=False," in out


# ---------------------------------------- counts from float functions of sizes (kind 2)

COUNTS = (
    "import math\n\n"
    "import numpy as np\n"
    "import torch\n\n\n"
    "class M(torch.nn.Module):\n"
    "    def forward(self, x):\n"
    "        L = x.shape[1]\n"
)


def _first_fix_text(body: str, code: str) -> list[str]:
    """The edits' contents of the first fix of each `code` report."""
    return [
        "".join(e.content for e in d.fix.edits)
        for d in _reports(COUNTS + body, code)
        if d.fix is not None and d.fix.edits
    ]


def test_int_of_a_scaled_log_is_computed_on_a_float64_tensor() -> None:
    body = "        k = int(2 * math.log(L))\n        return x.topk(k, dim=1).values\n"
    out = _fixed(COUNTS + body, unsafe=True)
    assert "k = (2 * torch.log(torch.tensor(L, dtype=torch.float64))).long().item()" in out
    assert "int(" not in out.split("def forward")[1]  # int() of the item would guard


def test_numpy_ceil_log1p_astype_item_keeps_its_rounding() -> None:
    body = (
        "        u = np.ceil(np.log1p(L)).astype('int').item()\n"
        "        return x.topk(u, dim=1).values\n"
    )
    out = _fixed(COUNTS + body, unsafe=True)
    assert "u = torch.log1p(torch.tensor(L, dtype=torch.float64)).ceil().long().item()" in out


def test_math_ceil_and_floor_of_a_log_become_ceil_and_floor() -> None:
    body = "        a = math.ceil(math.log1p(L))\n        b = math.floor(3 * math.exp(L / 100))\n"
    out = _fixed(COUNTS + body + "        return x[:, :a] * b\n", unsafe=True)
    assert "a = torch.log1p(torch.tensor(L, dtype=torch.float64)).ceil().long().item()" in out
    assert (
        "b = (3 * torch.exp(torch.tensor(L / 100, dtype=torch.float64))).floor().long().item()"
        in out
    )


def test_square_root_count_keeps_the_symbolic_form_first_and_the_tensor_second() -> None:
    text = COUNTS + "        u = int(np.sqrt(L))\n        return x[:, :u]\n"
    (report,) = _reports(text, "EXL301")
    assert report.fix is not None and "**" in "".join(e.content for e in report.fix.edits)
    tensor = [
        a
        for a in report.alternatives
        if "torch.sqrt(torch.tensor(L" in "".join(e.content for e in a.edits)
    ]
    assert len(tensor) == 1


def test_log_used_as_a_float_and_integer_logs_are_not_counts() -> None:
    # A float scale (no int made of it): the 0-d tensor fix of EXL302 stays; a base-2 log
    # made an int keeps the exact integer count (size_logs).
    scale = _first_fix_text("        return x * math.log(L)\n", "EXL302")
    assert scale and ".item()" not in scale[0]
    levels = _first_fix_text("        n = int(math.log2(L))\n        return x[:, :n]\n", "EXL302")
    assert levels and "sym_min" in levels[0]


# ------------------------------------------------ pad up to a minimum length (EXL102, kind 1)

PADS = (
    "import torch\n"
    "import torch.nn.functional as F\n\n\n"
    "class M(torch.nn.Module):\n"
    "    def forward(self, x, ref):\n"
)


def test_pad_to_a_local_size_becomes_a_cond_with_the_sizes_tensor_as_operand() -> None:
    body = (
        "        n = ref.shape[1]\n"
        "        if x.shape[1] < n:  # short\n"
        "            x = F.pad(x, (0, 0, 0, n - x.shape[1]))\n"
        "        return x[:, :n] + ref\n"
    )
    out = _fixed(PADS + body, unsafe=True)
    assert "x = torch.cond(  # short\n" in out
    assert "lambda x, ref: F.pad(x, (0, 0, 0, ref.shape[1] - x.shape[1]))," in out
    assert "lambda x, ref: x.clone()," in out
    assert "(x, ref),\n" in out


def test_pad_to_a_kernel_size_attribute_keeps_self_in_the_branch() -> None:
    body = (
        "        if x.size(-1) < self.k:\n"
        "            x = F.pad(x, (0, self.k - x.size(-1)))\n"
        "        return x\n"
    )
    init = "    def __init__(self):\n        super().__init__()\n        self.k = 5\n\n"
    out = _fixed(PADS.replace("    def forward", init + "    def forward") + body, unsafe=True)
    assert "lambda x: F.pad(x, (0, self.k - x.size(-1)))," in out
    assert "(x,),\n" in out


def test_pad_look_alikes_get_no_cond_pad() -> None:
    # A divisibility test (torch.cond cannot trace the other case on the same sizes), a pad
    # with an else branch, a pad amount from an int argument (no tensor to pass it in).
    for body in (
        "        if x.shape[1] % 4 != 0:\n"
        "            x = F.pad(x, (0, 0, 0, 4 - x.shape[1] % 4))\n"
        "        return x\n",
        "        if x.shape[1] < ref.shape[1]:\n"
        "            x = F.pad(x, (0, 0, 0, ref.shape[1] - x.shape[1]))\n"
        "        else:\n"
        "            x = x[:, : ref.shape[1]]\n"
        "        return x\n",
    ):
        for report in _reports(PADS + body, "EXL102"):
            for candidate in (report.fix, *report.alternatives):
                assert candidate is None or "Pad in a" not in candidate.description
    text = PADS.replace("def forward(self, x, ref)", "def forward(self, x, ref, n: int)") + (
        "        if x.shape[1] < n:\n"
        "            x = F.pad(x, (0, 0, 0, n - x.shape[1]))\n"
        "        return x\n"
    )
    for report in _reports(text, "EXL102"):
        assert report.fix is None or "Pad in a" not in report.fix.description


# ------------------------------------------------ a flag set by a size test (EXL102, kind 4)

FLAG = (
    "import torch\n"
    "import torch.nn.functional as F\n\n\n"
    "class M(torch.nn.Module):\n"
    "    def forward(self, x):\n"
    "        forward_size = False\n"
    "        for dim in x.shape[-2:]:\n"
    "            if dim % 2 != 0:\n"
    "                # keep me\n"
    "                forward_size = True\n"
    "                break\n"
)
FLAG_USE = (
    "        h = x[..., ::2, ::2]\n"
    "        size = x.shape[2:] if forward_size else None\n"
    "        if size is None:\n"
    "            return F.interpolate(h, scale_factor=2.0)\n"
    "        return F.interpolate(h, size=size)\n"
)


def test_flag_loop_over_a_shape_becomes_the_flag_set_always() -> None:
    out = _fixed(FLAG + FLAG_USE, unsafe=True)
    assert "        # keep me\n        forward_size = True\n        h = " in out
    assert "for dim in" not in out


def test_flag_set_elsewhere_or_loop_doing_more_gets_no_such_fix() -> None:
    for text in (
        FLAG + "        forward_size = x.shape[0] > 3\n" + FLAG_USE,
        FLAG.replace("                break\n", "                x = x * 2\n") + FLAG_USE,
    ):
        for report in _reports(text, "EXL102"):
            for candidate in (report.fix, *report.alternatives):
                assert candidate is None or "always instead of testing" not in candidate.description


# ---------------------------------------------- crop to at most a bound (EXL102, kind 1 mirror)

CROP = (
    "import torch\n\n\n"
    "class M(torch.nn.Module):\n"
    "    def __init__(self):\n"
    "        super().__init__()\n"
    "        self.n = 8\n\n"
    "    def forward(self, x):\n"
)


def test_crop_statement_becomes_a_gather_clamped_by_sym_min() -> None:
    body = (
        "        if x.shape[1] > self.n:  # long\n"
        "            x = x[:, : self.n]\n"
        "        return x\n"
    )
    out = _fixed(CROP + body, unsafe=True)
    assert "x = x.index_select(  # long\n" in out
    assert "torch.arange(torch.sym_min(x.size(1), self.n), device=x.device)" in out
    assert "if x.shape" not in out


def test_crop_in_the_else_branch_keeping_the_last_positions() -> None:
    body = (
        "        if x.size(1) <= 4:\n"
        "            pass\n"
        "        else:\n"
        "            x = x[:, -4:]\n"
        "        return x\n"
    )
    # `pass` is a statement: not a lone crop; the plain mirror is:
    assert "index_select" not in _fixed(CROP + body, unsafe=True)
    body = "        if 4 < x.size(1):\n            x = x[:, -4:]\n        return x\n"
    out = _fixed(CROP + body)  # a positive literal bound: safe
    assert "x.size(1) - torch.sym_min(x.size(1), 4), x.size(1), device=x.device" in out
