"""Branch candidates for the shapes of the held-out real-world set (issue 8): crops guarded by a
size test (run always, written as an index_select gather), mask filters applied only when
something is filtered, logging-only branches and cache refreshes skipped under export, a
data-dependent ternary between numbers, torch.where for constants built from Python values,
and torch.distributions built with validate_args=False. Lint-level, no torch needed; the
catalogue cases (`hazard_pooled_path_crop.py`, `hazard_filter_when_not_finite.py`,
`hazard_distribution_*.py`) prove the rewrites end to end."""

from __future__ import annotations

import ast

from exportlint.diagnostics import Applicability, Diagnostic, Fix
from exportlint.engine import lint_source
from exportlint.fixer import apply_edits

HEADER = "import torch\nimport torch.nn.functional as F\n\n\nclass M(torch.nn.Module):\n"


def diagnostics(body: str, code: str, header: str = HEADER) -> list[Diagnostic]:
    return [d for d in lint_source(header + body) if d.code == code]


def applied(fix: Fix, body: str, header: str = HEADER) -> str:
    text = apply_edits(header + body, list(fix.edits), "\n")
    ast.parse(text)
    return text


def first(diagnostic: Diagnostic) -> Fix:
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE, diagnostic.fix.description
    return diagnostic.fix


# ------------------------------------------------------------- crops: run always, gathered


def test_bare_size_test_guarding_a_crop_is_gathered_first() -> None:
    body = (
        "    def forward(self, x, ref):\n"
        "        delta = x.size(-1) - ref.size(-1)\n"
        "        if delta:  # odd\n"
        "            x = x[..., delta // 2 : -(delta - delta // 2)]\n"
        "        return x + ref\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    text = applied(first(diagnostic), body)
    assert (
        "x = x.index_select(-1, torch.arange(delta // 2, x.size(-1) - (delta - delta // 2), "
        "device=x.device))  # odd\n"
    ) in text
    assert "if delta" not in text
    # The plain body is the second candidate.
    second = diagnostic.fixes[1]
    assert "x = x[..., delta // 2 : -(delta - delta // 2)]" in applied(second, body)


def test_crop_to_a_computed_length_runs_always() -> None:
    body = (
        "    def forward(self, x):\n"
        "        n = x.shape[1]\n"
        "        pad = (4 - n % 4) % 4\n"
        "        y = F.pad(x, (0, 0, 0, pad)).reshape(x.shape[0], -1, 4, x.shape[2]).cumsum(2)\n"
        "        y = y.reshape(x.shape[0], -1, x.shape[2])\n"
        "        if pad > 0:\n"
        "            y = y[:, :n]\n"
        "        return y\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    text = applied(first(diagnostic), body)
    assert "y = y.index_select(1, torch.arange(0, n, device=y.device))\n" in text


def test_crop_by_a_constant_is_not_run_always() -> None:
    # `x[:, :-1]` drops a frame whatever the size: no no-op when the test is false.
    body = (
        "    def forward(self, x):\n"
        "        h = x * 2\n"
        "        if h.shape[1] % 2 == 1:\n"
        "            h = h[:, :-1]\n"
        "        return h.reshape(h.shape[0], -1, 2)\n"
    )
    for diagnostic in diagnostics(body, "EXL102"):
        assert not [f for f in diagnostic.fixes if f.description.startswith("Run the body")]


def test_a_slice_of_a_shape_is_not_gathered() -> None:
    body = (
        "    def forward(self, hidden, skip):\n"
        "        if hidden.shape != skip.shape:\n"
        "            skip = F.interpolate(skip, size=hidden.shape[2:])\n"
        "        return hidden + skip\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    assert all("index_select" not in applied(f, body) for f in diagnostic.fixes if f.edits)


def test_resize_with_an_else_that_keeps_the_name_runs_always_and_keeps_comments() -> None:
    body = (
        "    def forward(self, x, table):\n"
        "        n = 2 * x.shape[1] - 1\n"
        "        if table.shape[0] != n:\n"
        "            resized = F.interpolate(table.t()[None], size=n, mode='linear')[0].t()\n"
        "        else:\n"
        "            # already the right length\n"
        "            resized = table\n"
        "        return x + resized.sum()\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    text = applied(first(diagnostic), body)
    assert "if table.shape" not in text and "else:" not in text
    assert "# already the right length\n" in text
    assert "resized = table\n" not in text


# ------------------------------------------------------------------------ mask filters


def test_mask_filter_applied_only_when_something_is_filtered_runs_always_first() -> None:
    body = (
        "    def forward(self, boxes, scores):\n"
        "        valid = torch.isfinite(boxes).all(dim=1)\n"
        "        if not valid.all():\n"
        "            boxes = boxes[valid]\n"
        "            scores = scores[valid]\n"
        "        return boxes * scores[:, None]\n"
    )
    [diagnostic] = diagnostics(body, "EXL101")
    fix = first(diagnostic)
    assert fix.description.startswith("Run the body always")
    text = applied(fix, body)
    assert "        boxes = boxes[valid]\n        scores = scores[valid]\n" in text


def test_mask_count_test_with_a_tuple_filter_runs_always() -> None:
    body = (
        "    def forward(self, boxes, scores):\n"
        "        keep = boxes[:, 2] > boxes[:, 0]\n"
        "        if keep.sum().item() != boxes.shape[0]:\n"
        "            boxes, scores = boxes[keep], scores[keep]\n"
        "        return boxes * scores[:, None]\n"
    )
    [diagnostic] = diagnostics(body, "EXL101")
    text = applied(first(diagnostic), body)
    assert "        boxes, scores = boxes[keep], scores[keep]\n" in text
    assert "if keep" not in text


def test_a_filter_by_another_mask_than_the_test_reads_is_not_run_first() -> None:
    body = (
        "    def forward(self, boxes, scores):\n"
        "        keep = boxes[:, 2] > boxes[:, 0]\n"
        "        other = scores > 0\n"
        "        if not keep.all():\n"
        "            boxes = boxes[other]\n"
        "        return boxes.sum()\n"
    )
    [diagnostic] = diagnostics(body, "EXL101")
    assert diagnostic.fix is None or not diagnostic.fix.description.startswith("Run the body")


# ------------------------------------------------------------------ skipped under export


def test_logging_only_branch_is_skipped_under_export() -> None:
    header = "import warnings\n\n" + HEADER
    body = (
        "    def forward(self, x, y):\n"
        "        h, w = x.shape[2], y.shape[2]\n"
        "        if h > w:\n"
        "            if h % w:\n"
        "                warnings.warn('not aligned')\n"
        "        return x.mean() + y.mean()\n"
    )
    [diagnostic, *_] = diagnostics(body, "EXL102", header)
    text = applied(first(diagnostic), body, header)
    assert "if not torch.compiler.is_exporting() and h > w:\n" in text


def test_cache_refresh_with_an_early_bare_return_is_skipped_under_export() -> None:
    body = (
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.table = torch.zeros(1, 4, 8)\n"
        "\n"
        "    def refresh(self, x):\n"
        "        if self.table.size(1) >= x.size(1):\n"
        "            return\n"
        "        self.table = torch.zeros(1, x.size(1), 8)\n"
        "\n"
        "    def forward(self, x):\n"
        "        self.refresh(x)\n"
        "        return x + self.table[:, : x.size(1)]\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    text = applied(first(diagnostic), body)
    assert "if not torch.compiler.is_exporting() and self.table.size(1) >= x.size(1):\n" in text


def test_early_return_of_a_value_is_not_a_cache_refresh() -> None:
    body = (
        "    def forward(self, x):\n"
        "        if x.shape[0] > 4:\n"
        "            x = x * 2\n"
        "            return\n"
        "        return x\n"
    )
    for diagnostic in diagnostics(body, "EXL102"):
        assert not [f for f in diagnostic.fixes if f.description.startswith("Skip the branch")]


# ------------------------------------------------------------------------ ternaries


def test_data_dependent_ternary_between_numbers_becomes_sym_ite() -> None:
    body = (
        "    def forward(self, t, steps):\n"
        "        indices = (steps == t).nonzero()\n"
        "        pos = 1 if len(indices) > 1 else 0\n"
        "        return steps[indices[pos].item()]\n"
    )
    [diagnostic] = diagnostics(body, "EXL101")
    text = applied(first(diagnostic), body)
    assert "pos = torch.sym_ite(indices.shape[0] > 1, 1, 0)\n" in text


# -------------------------------------------------------------- torch.where for constants


def test_branches_selecting_constant_tables_get_torch_where_first() -> None:
    body = (
        "    def forward(self, x, position_ids):\n"
        "        longest = torch.max(position_ids) + 1\n"
        "        if longest > self.original:\n"
        "            factors = torch.tensor(self.long_factor, dtype=torch.float32)\n"
        "        else:\n"
        "            factors = torch.tensor(self.short_factor, dtype=torch.float32)\n"
        "        return x * factors\n"
    )
    [diagnostic] = diagnostics(body, "EXL101")
    fix = first(diagnostic)
    assert fix.description.startswith("Select with `torch.where")
    assert "factors = torch.where(" in applied(fix, body)


def test_branches_computing_from_inputs_keep_their_ranking() -> None:
    body = (
        "    def forward(self, x, position_ids):\n"
        "        longest = torch.max(position_ids) + 1\n"
        "        if longest > self.original:\n"
        "            factors = torch.tensor(self.long_factor) * x.mean()\n"
        "        else:\n"
        "            factors = self.proj(x)\n"
        "        return x * factors\n"
    )
    [diagnostic] = diagnostics(body, "EXL101")
    assert first(diagnostic).description.startswith("Rewrite as `torch.cond")


# ------------------------------------------------------------------ distributions


def test_distribution_gets_validate_args_false_in_every_layout() -> None:
    header = (
        "import torch\nfrom torch.distributions.normal import Normal\n\n\n"
        "class M(torch.nn.Module):\n"
    )
    body = (
        "    def forward(self, x, a):\n"
        "        p = Normal(x, x.exp())  # keep\n"
        "        q = Normal(\n"
        "            x,\n"
        "            x.exp(),\n"
        "        )\n"
        "        r = torch.distributions.Categorical(logits=x, validate_args=True)\n"
        "        return p.log_prob(a) + q.log_prob(a) + r.log_prob(a)\n"
    )
    found = diagnostics(body, "EXL101", header)
    assert len(found) == 3
    texts = [applied(first(d), body, header) for d in found]
    assert "p = Normal(x, x.exp(), validate_args=False)  # keep\n" in texts[0]
    assert "            x.exp(),\n            validate_args=False,\n        )\n" in texts[1]
    assert "Categorical(logits=x, validate_args=False)\n" in texts[2]
