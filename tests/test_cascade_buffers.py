"""A buffer sized for a loop goes with the loop (`exportlint/loop_buffers.py`): the `len()`
of a preallocated buffer that a loop over the same tensor fills is merged into the loop's
report, whose fix also sizes the buffer with `.shape[0]`."""

from __future__ import annotations

from exportlint import lint_source

HEADER = "import torch\nfrom torch import nn\n\n\n"


def _found(body: str, *, fixes: bool = True) -> list[tuple[int, str]]:
    return sorted((d.line - 4, d.code) for d in lint_source(HEADER + body, "m.py", fixes=fixes))


HEATMAPS = (
    "class M(nn.Module):\n"  # 1
    "    def forward(self, maps: torch.Tensor, rois: torch.Tensor):\n"
    "        K = maps.shape[1]\n"
    "        out = torch.zeros((len(rois), 3, K), dtype=torch.float32)\n"  # 4
    "        for i in range(len(rois)):\n"  # 5
    "            roi_map = maps[i]\n"
    "            out[i, 0] = roi_map.amax(-1).amax(-1)\n"
    "            out[i, 1] = roi_map.mean()\n"
    "        return out\n"
)


def test_the_buffer_of_a_fill_loop_is_merged_into_the_loop() -> None:
    found = lint_source(HEADER + HEATMAPS, "m.py")
    assert [(d.line - 4, d.code) for d in found] == [(5, "EXL401")]
    assert "the buffer `out` it fills is sized with `len(rois)` on line 8" in found[0].message


def test_the_loop_fix_sizes_the_buffer_too() -> None:
    (loop,) = lint_source(HEADER + HEATMAPS, "m.py")
    assert loop.fix is not None and loop.fix.edits
    assert any(e.line == 8 and e.content == "rois.shape[0]" for e in loop.fix.edits)


def test_a_lint_that_builds_no_fixes_merges_the_same() -> None:
    lazy = lint_source(HEADER + HEATMAPS, "m.py", fixes=False)
    eager = lint_source(HEADER + HEATMAPS, "m.py")
    assert [(d.line, d.code, d.message) for d in lazy] == [
        (d.line, d.code, d.message) for d in eager
    ]


def test_other_spellings_of_the_fill_loop() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor):\n"
        "        out = x.new_zeros(len(x), 4)\n"
        "        for i in range(x.shape[0]):\n"
        "            out[i] = x[i, :4] * 2\n"
        "        return out\n"
        "\n"
        "\n"
        "class N(nn.Module):\n"
        "    def forward(self, x: torch.Tensor):\n"
        "        out = torch.empty([len(x), 2])\n"
        "        for row in range(x.size(0)):\n"
        "            out[row].copy_(x[row, :2])\n"
        "        return out\n"
    )
    assert _found(body) == [(4, "EXL401"), (12, "EXL401")]


def test_a_buffer_used_before_the_loop_keeps_its_report() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor):\n"
        "        out = torch.zeros(len(x), 4)\n"
        "        out = out + x[:, :4]\n"
        "        for i in range(len(x)):\n"
        "            out[i] = out[i] * 2\n"
        "        return out\n"
    )
    assert _found(body) == [(3, "EXL303"), (5, "EXL401")]


def test_a_loop_over_another_tensor_keeps_both() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor, y: torch.Tensor):\n"
        "        out = torch.zeros(len(x), 4)\n"
        "        for i in range(len(y)):\n"
        "            out[i] = y[i, :4]\n"
        "        return out\n"
    )
    assert _found(body) == [(3, "EXL303"), (4, "EXL401")]


def test_a_loop_that_does_not_fill_the_buffer_keeps_both() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor):\n"
        "        out = torch.zeros(len(x), 4)\n"
        "        acc = []\n"
        "        for i in range(len(x)):\n"
        "            acc.append(x[i, :4])\n"
        "        return out + torch.stack(acc)\n"
    )
    assert _found(body) == [(3, "EXL303"), (5, "EXL401")]


def test_another_len_of_the_same_tensor_stays_reported() -> None:
    body = (
        "class M(nn.Module):\n"
        "    def forward(self, x: torch.Tensor):\n"
        "        out = torch.zeros(len(x), 4)\n"
        "        for i in range(len(x)):\n"
        "            out[i] = x[i, :4] * 2\n"
        "        return out + torch.ones(len(x), 4)\n"
    )
    assert _found(body) == [(4, "EXL401"), (6, "EXL303")]
