"""One diagnostic per hazard: a line reports a code once for one hazard, however many nested
or repeated expressions reach the rule (the engine's `_Sink._same_hazard`)."""

from __future__ import annotations

from exportlint import lint_source

HEADER = "import math\nimport torch\nfrom torch import nn\n\n\nclass M(nn.Module):\n"


def _codes_on(body: str, line: int) -> list[str]:
    text = HEADER + body
    return sorted(d.code for d in lint_source(text, "m.py") if d.line == line)


def test_operands_of_one_tensor_test_are_one_report() -> None:
    body = (
        "    def forward(self, x, y):\n"
        "        if torch.isnan(x).any() or (y < 0).all():\n"
        "            return x\n"
        "        return y\n"
    )
    assert _codes_on(body, 8) == ["EXL101"]


def test_nested_conversions_are_one_report() -> None:
    body = (
        "    def forward(self, x):\n"
        "        n = int(math.ceil(float(x.shape[1]) / 8) * 8)\n"
        "        return x[:, :n]\n"
    )
    assert _codes_on(body, 8).count("EXL301") == 1


def test_a_while_test_and_its_bool_are_one_report() -> None:
    body = (
        "    def forward(self, y):\n"
        "        while not bool((y.abs() <= 1.0).all()):\n"
        "            y = y / 2\n"
        "        return y\n"
    )
    assert _codes_on(body, 8) == ["EXL101"]


def test_a_chained_in_place_mutation_is_one_report() -> None:
    body = "    def forward(self, x, g):\n        return x.mul_(g).add_(1.0)\n"
    assert _codes_on(body, 8) == ["EXL501"]


def test_two_sizes_tested_on_one_line_stay_two_reports() -> None:
    body = (
        "    def forward(self, x):\n"
        "        h, w = x.shape[2], x.shape[3]\n"
        "        if h % 2 == 1 or w % 2 == 1:\n"
        "            x = x[:, :, : h - 1, : w - 1]\n"
        "        return x\n"
    )
    assert _codes_on(body, 9) == ["EXL102", "EXL102"]
