"""The branch family on the shapes real code has (issue 8, section 3): tensor tests whose
branches give different shapes, state updates and size fast paths skipped under export,
resizes that are no-ops when sizes agree, and what must stay display-only.

The lint-level tests need no torch; the last ones prove rewrites end to end with
torch.export, torch.onnx and onnxruntime against the ORIGINAL model's eager outputs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from exportlint.diagnostics import Applicability, Diagnostic, Fix
from exportlint.engine import lint_source
from exportlint.fixer import fix_text

HEADER = "import torch\nimport torch.nn.functional as F\n\n\nclass M(torch.nn.Module):\n"


def diagnostics(body: str, code: str) -> list[Diagnostic]:
    return [d for d in lint_source(HEADER + body) if d.code == code]


def descriptions(diagnostic: Diagnostic) -> list[str]:
    return [f.description for f in diagnostic.fixes]


def applied(fix: Fix, body: str) -> str:
    """The text after applying one candidate's edits (parsed, so it is Python)."""
    from exportlint.fixer import apply_edits

    text = apply_edits(HEADER + body, list(fix.edits), "\n")
    ast.parse(text)
    return text


# ------------------------------------------------- tensor tests, branches of different shapes

CONCAT = (
    "    def forward(self, tokens, prompts):\n"
    "        if prompts.sum().item() != 0:\n"
    "            tokens = torch.cat((tokens, prompts), dim=1)\n"
    "        pooled = tokens.mean(dim=1)\n"
    "        return pooled * 2\n"
)


def test_tensor_branch_of_another_shape_gets_cond_with_the_rest_first() -> None:
    [diagnostic] = diagnostics(CONCAT, "EXL101")
    first, second = diagnostic.fixes[:2]
    assert first.applicability is Applicability.UNSAFE
    assert "rest of the function in both branches" in first.description
    assert "different shapes" in second.description
    text = applied(first, CONCAT)
    # Both branches run the rest; the predicate stays a tensor (no `.item()`).
    assert text.count("pooled = tokens.mean(dim=1)") == 2
    assert "torch.cond(\n            prompts.sum() != 0," in text or "prompts.sum() != 0," in text
    assert ".item()" not in text


def test_plain_cond_of_another_shape_returns_a_copy_of_a_slice() -> None:
    body = (
        "    def forward(self, ids, cache_position):\n"
        "        if cache_position[-1] >= ids.shape[1]:\n"
        "            ids = ids[:, -cache_position.shape[0] :]\n"
        "        return ids * 2\n"
    )
    [diagnostic] = diagnostics(body, "EXL101")
    text = fix_text(HEADER + body, unsafe=True).text
    assert "torch.cond(" in text
    # A slice of the operand would alias it (or start at another storage offset).
    assert "return ids.clone() * 2" not in text
    assert "ids[:, -cache_position.shape[0] :]" in text
    assert "return (ids * 2)" not in text
    assert diagnostic.fix is not None and "rest of the function" in diagnostic.fix.description


def test_rank_changing_branch_stays_display_only() -> None:
    body = (
        "    def forward(self, x):\n"
        "        h = x * 2\n"
        "        if x.sum() > 0:\n"
        "            h = h.mean(dim=1)\n"
        "        return h\n"
    )
    [diagnostic] = diagnostics(body, "EXL101")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.DISPLAY_ONLY
    assert "rank" in diagnostic.fix.description


def test_size_test_with_a_shape_changing_branch_is_not_rewritten_as_cond() -> None:
    # Measured: the catalogue's pooling hazard fails to export under either cond form.
    body = (
        "    def forward(self, x):\n"
        "        h = x * 2\n"
        "        if h.shape[1] > 16:\n"
        "            h = F.avg_pool1d(h.transpose(1, 2), kernel_size=2).transpose(1, 2)\n"
        "        return h + 1\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    assert all("torch.cond" not in d or "by hand" in d for d in descriptions(diagnostic))


def test_divisibility_test_gets_no_cond() -> None:
    body = (
        "    def forward(self, x):\n"
        "        h = x * 2\n"
        "        odd = h.sum() % 2 == 1\n"
        "        if odd:\n"
        "            h = h[:, :-1]\n"
        "        return h.reshape(h.shape[0], -1, 2)\n"
    )
    found = diagnostics(body, "EXL101")
    for diagnostic in found:
        assert not [f for f in diagnostic.fixes if "torch.cond" in f.description and f.edits]


# ------------------------------------------------------------------ skipped under export


def test_state_update_branch_is_skipped_under_export() -> None:
    body = (
        "    def forward(self, x, length: torch.Tensor):\n"
        "        if length > self.cached:\n"
        "            self._build(length)\n"
        "        return x * self.table[: x.shape[1]]\n"
    )
    [diagnostic] = diagnostics(body, "EXL101")
    assert diagnostic.fix is not None
    assert diagnostic.fix.description.startswith("Skip the branch under export")
    text = applied(diagnostic.fix, body)
    assert "if not torch.compiler.is_exporting() and length > self.cached:" in text
    # What is not traced is not reported.
    assert not [d for d in lint_source(text) if d.code == "EXL101"]


def test_size_fast_path_is_skipped_first_and_an_or_test_is_parenthesised() -> None:
    body = (
        "    def forward(self, x):\n"
        "        h = x.shape[2]\n"
        "        if h == 4 or h == 8:\n"
        "            return self.pos\n"
        "        return F.interpolate(self.pos, size=(h, h))\n"
    )
    [diagnostic, *_] = diagnostics(body, "EXL102")
    assert diagnostic.fix is not None
    assert diagnostic.fix.description.startswith("Skip the branch under export")
    text = applied(diagnostic.fix, body)
    assert "if not torch.compiler.is_exporting() and (h == 4 or h == 8):" in text


def test_computed_branch_is_not_skipped_first() -> None:
    body = (
        "    def forward(self, x):\n"
        "        if x.shape[0] > 4:\n"
        "            return x * 2\n"
        "        return x * 3\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    found = descriptions(diagnostic)
    assert found[0].startswith("Rewrite as `torch.cond(...)`")
    assert found[-1].startswith("Skip the branch under export")


def test_branch_with_outputs_is_not_skipped() -> None:
    body = (
        "    def forward(self, x):\n"
        "        if x.sum() > 0:\n"
        "            x = x * 2\n"
        "        return x\n"
    )
    [diagnostic] = diagnostics(body, "EXL101")
    assert not [d for d in descriptions(diagnostic) if d.startswith("Skip the branch")]


# ------------------------------------------------------ no-op when sizes agree: run always


def test_resize_to_the_other_size_runs_always() -> None:
    body = (
        "    def forward(self, hidden, skip):\n"
        "        if hidden.shape != skip.shape:  # resize\n"
        "            skip = F.interpolate(skip, size=hidden.shape[2:])\n"
        "        return hidden + skip\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    assert diagnostic.fix is not None
    assert diagnostic.fix.description.startswith("Run the body always")
    text = applied(diagnostic.fix, body)
    assert "        skip = F.interpolate(skip, size=hidden.shape[2:])  # resize\n" in text
    assert "if hidden.shape" not in text


@pytest.mark.parametrize(
    "statement", ["hidden = hidden * 2", "skip = self.proj(skip) + hidden.mean()"]
)
def test_size_inequality_with_a_body_that_does_not_resize_is_not_run_always(
    statement: str,
) -> None:
    body = (
        "    def forward(self, hidden, skip):\n"
        "        if hidden.shape[-1] != skip.shape[-1]:\n"
        f"            {statement}\n"
        "        return hidden + skip\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    assert not [d for d in descriptions(diagnostic) if d.startswith("Run the body always")]


# --------------------------------------------------------------------- ternaries on sizes


def test_size_ternary_swapping_two_sizes_becomes_sym_min_and_sym_max() -> None:
    body = (
        "    def forward(self, x):\n"
        "        h, w = x.shape[2], x.shape[3]\n"
        "        short, long = (w, h) if w <= h else (h, w)\n"
        "        return x[:, :, :short, :long]\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    text = applied(diagnostic.fix, body)
    assert "short, long = torch.sym_min(w, h), torch.sym_max(w, h)\n" in text


def test_size_ternary_choosing_a_number_or_a_size_becomes_sym_ite() -> None:
    body = (
        "    def forward(self, x):\n"
        "        n = x.shape[1]\n"
        "        side = 4 if n > 8 else n\n"
        "        return x[:, :side]\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    assert diagnostic.fix is not None
    text = applied(diagnostic.fix, body)
    # torch.sym_ite wants both sides of one type: the number is made a size (8 + 0 * n).
    assert "side = torch.sym_ite(n > 8, 4 + 0 * n, n)\n" in text


def test_size_ternary_choosing_tensors_is_not_rewritten_with_sym_ite() -> None:
    body = (
        "    def forward(self, x):\n        y = x * 2 if x.shape[0] > 2 else x\n        return y\n"
    )
    [diagnostic] = diagnostics(body, "EXL102")
    assert not [f for f in diagnostic.fixes if f.edits and "sym_" in f.description]


# ------------------------------------------------------------------------------ elif chains


def test_every_elif_of_a_tensor_chain_gets_the_top_if_candidates() -> None:
    body = (
        "    def forward(self, ids, pos):\n"
        "        if pos[-1] >= ids.shape[1]:\n"
        "            ids = ids[:, -pos.shape[0] :]\n"
        "        elif ids.shape[1] != pos.shape[0]:\n"
        "            ids = ids[:, pos]\n"
        "        return ids\n"
    )
    top = diagnostics(body, "EXL101")[0]
    [elif_] = diagnostics(body, "EXL102")
    assert elif_.fix is not None and top.fix is not None
    assert elif_.fix.edits == top.fix.edits


# --------------------------------------------------------------- end to end, with exporters

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
pytest.importorskip("onnxscript")

from export_proof import run_case  # noqa: E402

MODEL_ITEM_CONCAT = """\
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = torch.nn.Parameter(torch.randn(3, 8))
        self.mix = torch.nn.Linear(8, 8)

    def forward(self, image, prompts):
        tokens = self.tokens.expand(image.shape[0], -1, -1)
        if prompts.sum().item() != 0:
            tokens = torch.cat((tokens, prompts), dim=1)
        else:
            tokens = tokens * 1.0
        return self.mix(tokens).mean(dim=1) + image


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8), torch.randn(2, 4, 8)),
    (torch.randn(3, 8), torch.zeros(3, 2, 8)),
    (torch.randn(4, 8), torch.randn(4, 5, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
"""

MODEL_SLICE_VIEW = """\
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(32, 8)

    def prepare(self, ids, cache_position):
        if cache_position[-1] >= ids.shape[1]:
            ids = ids[:, -cache_position.shape[0] :]
        return ids

    def forward(self, ids, cache_position):
        return self.embed(self.prepare(ids, cache_position)).sum(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 32, (2, 6)), torch.arange(3, 6)),
    (torch.randint(0, 32, (3, 9)), torch.arange(7, 10)),
    (torch.randint(0, 32, (2, 5)), torch.arange(1, 4)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
"""


@pytest.mark.export
def test_first_candidate_exports_and_matches_the_original(tmp_path: Path) -> None:
    source = MODEL_ITEM_CONCAT
    original = tmp_path / "original.py"
    original.write_text(source, encoding="utf-8")
    hazard = run_case(original)
    assert hazard.hazard_shown, hazard.summary  # the original really fails
    result = fix_text(source, str(original), unsafe=True)
    assert "torch.cond(" in result.text
    assert not [d for d in result.remaining if d.code == "EXL101"]
    fixed = tmp_path / "fixed.py"
    fixed.write_text(result.text, encoding="utf-8")
    outcome = run_case(fixed, reference=original)
    assert not outcome.hazard_shown, outcome.summary


@pytest.mark.export
def test_plain_cond_of_different_shapes_without_the_rest_exports(tmp_path: Path) -> None:
    """The second candidate (plain torch.cond, the output gets a data-dependent size) works
    too when what follows accepts any size."""
    original = tmp_path / "original.py"
    original.write_text(MODEL_ITEM_CONCAT, encoding="utf-8")
    [diagnostic] = [d for d in lint_source(MODEL_ITEM_CONCAT) if d.code == "EXL101"]
    second = diagnostic.fixes[1]
    assert "different shapes" in second.description
    from exportlint.fixer import apply_edits

    fixed = tmp_path / "fixed.py"
    fixed.write_text(apply_edits(MODEL_ITEM_CONCAT, list(second.edits), "\n"), encoding="utf-8")
    outcome = run_case(fixed, reference=original)
    assert not outcome.hazard_shown, outcome.summary


@pytest.mark.export
def test_fix_verify_writes_a_cond_returning_a_copy_of_a_slice(tmp_path: Path) -> None:
    """Verified as `--fix --verify` does (torch.onnx from the ExportedProgram). From the
    module, torch.onnx 2.13 exports with backed_size_oblivious and then rejects this cond
    ("output stride is not a simple accumulative multiplication of sizes")."""
    model = tmp_path / "model.py"
    model.write_text(MODEL_SLICE_VIEW, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "exportlint", "--fix", "--verify", "--no-cache", "--no-progress",
         str(model)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "]: verified" in done.stdout, done.stdout + done.stderr
    text = model.read_text(encoding="utf-8")
    assert "torch.cond(" in text and "ids.clone(memory_format=torch.contiguous_format)" in text
