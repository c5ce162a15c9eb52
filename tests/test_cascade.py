"""One report per hazard, not per consequence (`exportlint/cascades.py`): a test or an
arithmetic on a Python value read out of a tensor by a conversion reported as an error
(`.tolist()`, `.numpy()`, `int(t.item())`, `float(t)`) is not reported again; the conversion
is, and so is any later line with a hazard of its own."""

from __future__ import annotations

from pathlib import Path

from exportlint import lint_source
from exportlint.engine import lint_source_result

HEADER = "import math\nimport torch\nfrom torch import nn\n\n\n"


def _found(body: str, *, fixes: bool = True) -> list[tuple[int, str]]:
    text = HEADER + body
    return sorted((d.line - 5, d.code) for d in lint_source(text, "m.py", fixes=fixes))


# A greedy CTC decoder: the rows of a reported `.tolist()` handed to a helper that tests them.
CTC = (
    "def _collapse(hyp, blank):\n"  # 1
    "    out = []\n"
    "    cur = 0\n"
    "    prev = 0\n"
    "    while cur < len(hyp):\n"  # 5
    "        if hyp[cur] != blank:\n"  # 6
    "            out.append(hyp[cur])\n"
    "        prev = cur\n"
    "        cur += 1\n"
    "        while cur < len(hyp) and hyp[cur] == hyp[prev]:\n"  # 10
    "            cur += 1\n"
    "    return out\n"
    "\n"
    "\n"
    "class Decoder(nn.Module):\n"  # 15
    "    def forward(self, logits: torch.Tensor):\n"
    "        best = logits.argmax(-1)\n"
    "        hyps = [h.tolist() for h in best]\n"  # 18
    "        return [_collapse(hyp, 0) for hyp in hyps]\n"
)


def test_tests_in_a_helper_on_the_rows_of_a_reported_tolist_are_not_reported() -> None:
    found = _found(CTC)
    assert (18, "EXL202") in found
    assert not [line for line, code in found if line < 13], found


def test_a_deferred_fix_lint_leaves_out_the_same_reports() -> None:
    # The LSP and a lint that shows no edits build no fixes: the same reports are kept.
    assert _found(CTC, fixes=False) == _found(CTC)


def test_the_root_keeps_its_fix() -> None:
    text = HEADER + (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor):\n"
        "        arr = x.cpu().numpy()\n"
        "        if arr.sum() > 0:\n"
        "            return x\n"
        "        return -x\n"
    )
    for fixes in (True, False):
        found = lint_source(text, "m.py", fixes=fixes)
        assert [(d.line - 5, d.code) for d in found] == [(3, "EXL202")]
        assert found[0].fix is not None


def test_a_test_on_a_reported_numpy_array_is_not_reported() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor):\n"
        "        arr = x.detach().cpu().numpy()\n"
        "        if arr[0] > 0:\n"
        "            return x\n"
        "        return -x\n"
    )
    assert _found(body) == [(3, "EXL202")]


def test_a_test_on_a_reported_int_of_item_is_not_reported() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor, widths: torch.Tensor):\n"
        "        w = int(widths[0].item())\n"
        "        if w > 3:\n"
        "            return x[:, :w]\n"
        "        return x\n"
    )
    assert _found(body) == [(3, "EXL201")]


def test_a_loop_test_on_a_reported_float_is_not_reported() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor):\n"
        "        scale = float(x.abs().max())\n"
        "        while scale > 1.0:\n"
        "            scale = scale / 2\n"
        "        return x / scale\n"
    )
    assert _found(body) == [(3, "EXL201")]


def test_unpacked_rows_of_a_reported_tolist_are_not_reported() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor, box: torch.Tensor):\n"
        "        x0, y0, x1, y1 = box.tolist()\n"
        "        if x1 - x0 > y1 - y0:\n"
        "            return x.transpose(-1, -2)\n"
        "        return x\n"
    )
    assert _found(body) == [(3, "EXL202")]


def test_a_container_of_reported_conversions_is_not_reported() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor, t: torch.Tensor):\n"
        "        pair = [int(t[0]), int(t[1])]\n"
        "        if pair[0] > pair[1]:\n"
        "            return x\n"
        "        return -x\n"
    )
    assert _found(body) == [(3, "EXL201"), (3, "EXL201")]


def test_a_test_on_item_alone_stays_reported() -> None:
    # `.item()` exports: the `if` on it is the hazard.
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor):\n"
        "        n = x.sum().item()\n"
        "        if n > 0:\n"
        "            return x\n"
        "        return -x\n"
    )
    assert _found(body) == [(4, "EXL101")]


def test_a_test_on_item_converted_on_another_line_stays_reported() -> None:
    # `int(n)` is reported, `n` itself is not what it converted: `if n > 0` is a hazard of
    # its own (torch.sym_int for the int() leaves it).
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor):\n"
        "        n = x.sum().item()\n"
        "        k = int(n)\n"
        "        if n > 0:\n"
        "            return x[:k]\n"
        "        return -x\n"
    )
    assert _found(body) == [(4, "EXL201"), (5, "EXL101")]


def test_a_second_data_origin_stays_reported() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor, t: torch.Tensor):\n"
        "        h = t.tolist()\n"
        "        n = x.sum().item()\n"
        "        if h[0] > n:\n"
        "            return x\n"
        "        return -x\n"
    )
    assert _found(body) == [(3, "EXL202"), (5, "EXL101")]


def test_a_tensor_in_the_test_stays_reported() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor, t: torch.Tensor):\n"
        "        h = t.tolist()\n"
        "        if x.sum() > h[0]:\n"
        "            return x\n"
        "        return -x\n"
    )
    assert _found(body) == [(3, "EXL202"), (4, "EXL101")]


def test_a_helper_also_called_with_other_data_stays_reported() -> None:
    body = (
        "def _positive(v):\n"  # 1
        "    if v > 0:\n"  # 2
        "        return 1\n"
        "    return 0\n"
        "\n"
        "\n"
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor, t: torch.Tensor):\n"
        "        a = _positive(t.tolist()[0])\n"  # 9
        "        b = _positive(x.sum().item())\n"  # 10
        "        return x * (a + b)\n"
    )
    assert _found(body) == [(2, "EXL101"), (9, "EXL202")]


def test_a_chain_of_conversions_keeps_each_link() -> None:
    # `math.log10(rms)` needs its own rewrite once `rms` stays a tensor.
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, wav: torch.Tensor):\n"
        "        rms = math.sqrt(wav.pow(2).mean().item())\n"
        "        gain = 20.0 * math.log10(rms + 1e-8)\n"
        "        if gain > 0:\n"
        "            return wav\n"
        "        return wav * 10.0 ** (gain / 20.0)\n"
    )
    assert _found(body) == [(3, "EXL201"), (4, "EXL201")]


def test_nested_conversions_keep_the_enclosing_report() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor):\n"
        "        n = int(float(x.sum()))\n"
        "        return x[:n]\n"
    )
    assert _found(body) == [(3, "EXL201")]


def test_a_helper_in_another_module_of_the_project(tmp_path: Path) -> None:
    (tmp_path / "decode.py").write_text(HEADER + CTC.split("\n\n\nclass")[0] + "\n")
    main = tmp_path / "model.py"
    main.write_text(
        HEADER + "from decode import _collapse\n\n\n"
        "class Decoder(nn.Module):\n"
        "    def forward(self, logits: torch.Tensor):\n"
        "        hyps = [h.tolist() for h in logits.argmax(-1)]\n"
        "        return [_collapse(hyp, 0) for hyp in hyps]\n"
    )
    for fixes in (True, False):
        result = lint_source_result(main.read_text(), str(main), fixes=fixes)
        found = sorted((Path(d.path).name, d.line, d.code) for d in result.diagnostics)
        assert found == [("model.py", 11, "EXL202"), ("model.py", 11, "EXL401")], found
