"""The loop family's rewrites (issue 8 §3 loops): carried state → scan, loops over
`.tolist()`, `torch.split(x, sizes.tolist())` → simple_loop_for.

These tests check the rewritten text (no torch needed); the catalogue goldens
(`rules/EXL401-tensor-loop/fixed_*recurrence.py`, `fixed_tolist_spans.py`,
`fixed_split_tolist_chunks.py`) are proven with torch.export, torch.onnx and onnxruntime
against the original model by tests/test_fixes_export.py.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from exportlint.diagnostics import Applicability, Diagnostic
from exportlint.engine import lint_source
from exportlint.fixer import fix_text

HEADER = "import torch\nfrom torch import nn\n\n\nclass Model(nn.Module):\n"


def _model(forward: str) -> str:
    return HEADER + textwrap.indent(textwrap.dedent(forward).strip("\n") + "\n", "    ")


def _fixed(source: str) -> str:
    result = fix_text(source, "model.py", unsafe=True)
    assert not result.problems, result.problems
    ast.parse(result.text)
    return result.text


def _diagnostics(source: str, code: str) -> list[Diagnostic]:
    return [d for d in lint_source(source, "model.py") if d.code == code]


RECURRENCE = _model(
    """
    def forward(self, x):
        h = x.new_zeros(x.shape[0], 4)
        outs = []
        for t in range(x.shape[1]):  # steps
            # the state takes in one step
            h = torch.tanh(x[:, t] + h)
            outs.append(h)
        return torch.stack(outs, dim=1)
    """
)


def test_carried_state_becomes_scan_with_sliced_inputs() -> None:
    fixed = _fixed(RECURRENCE)
    assert "def _scan_body(h, x_t):" in fixed
    assert "h = torch.tanh(x_t + h)" in fixed
    # the piece is the carry itself: scan rejects an output aliasing the carry
    assert "return h, h.clone()" in fixed
    assert "_xs = x.movedim(1, 0)" in fixed
    assert "h, outs = torch._higher_order_ops.scan(_scan_body, _init, _xs)" in fixed
    assert "return outs.movedim(0, 1)" in fixed
    # while exporting only: eager code keeps its gradients
    assert "if torch.compiler.is_exporting():" in fixed
    # no comment is lost
    assert "# the state takes in one step" in fixed
    assert "# steps" in fixed
    assert not lint_source(fixed, "model.py")


def test_scan_fix_is_unsafe_and_names_the_carry() -> None:
    (loop,) = _diagnostics(RECURRENCE, "EXL401")
    assert loop.fix is not None
    assert loop.fix.applicability is Applicability.UNSAFE
    assert "carrying `h`" in loop.fix.description


def test_unit_slices_keep_their_axis_and_cat_on_a_negative_axis() -> None:
    source = _model(
        """
        def forward(self, query, memory):
            state = torch.zeros(query.shape[0], 4, 4)
            outs = []
            for i in range(query.shape[1]):
                state = 0.5 * state + memory[:, i : i + 1].transpose(-1, -2) @ memory[:, i : i + 1]
                outs.append(query[:, i : i + 1] @ state)
            return torch.cat(outs, dim=-2)
        """
    )
    fixed = _fixed(source)
    assert "memory_i, query_i = _step" in fixed
    assert "memory_i.unsqueeze(1).transpose(-1, -2) @ memory_i.unsqueeze(1)" in fixed
    # several inputs are copied while exporting (views of one tensor trip export)
    assert "tuple(t.detach().clone() for t in _xs)" in fixed
    # scan stacks on a new first axis; cat(dim=-2) of the pieces is this
    assert "return outs.movedim(0, -3).flatten(-3, -2)" in fixed


def test_several_carries_travel_as_a_tuple() -> None:
    source = _model(
        """
        def forward(self, x):
            h = x.new_zeros(x.shape[0], 4)
            c = x.new_zeros(x.shape[0], 4)
            outs = []
            for t in range(x.shape[1]):
                c = c + x[:, t]
                h = torch.tanh(c) * h + x[:, t]
                outs.append(h * 2)
            return torch.stack(outs, dim=1), c
        """
    )
    fixed = _fixed(source)
    assert "def _scan_body(_carry, x_t):" in fixed
    assert "c, h = _carry" in fixed
    assert "return (c, h), h * 2" in fixed
    assert "(c, h), outs = torch._higher_order_ops.scan(" in fixed


def test_scan_is_not_offered_when_a_step_temporary_is_read_after_the_loop() -> None:
    source = _model(
        """
        def forward(self, x):
            h = x.new_zeros(x.shape[0], 4)
            outs = []
            for t in range(x.shape[1]):
                step = x[:, t]
                h = h + step
                outs.append(h * 2)
            return torch.stack(outs, dim=1) + step
        """
    )
    (loop,) = _diagnostics(source, "EXL401")
    assert loop.fix is not None
    assert loop.fix.applicability is Applicability.DISPLAY_ONLY
    assert "`step` from the last step is read after the loop" in loop.fix.description


def test_scan_is_not_offered_when_the_index_is_used_as_a_number() -> None:
    source = _model(
        """
        def forward(self, x):
            h = x.new_zeros(x.shape[0], 4)
            outs = []
            for t in range(x.shape[1]):
                h = h + x[:, t] * t
                outs.append(h * 2)
            return torch.stack(outs, dim=1)
        """
    )
    (loop,) = _diagnostics(source, "EXL401")
    assert loop.fix is not None and "torch.arange(x.shape[1]" in str(loop.fix.edits)  # a 0-d index


def test_list_rebound_to_its_concatenation_is_one_use() -> None:
    source = _model(
        """
        def forward(self, x):
            h = x.new_zeros(x.shape[0], 4)
            outs = []
            for t in range(x.shape[1]):
                h = h + x[:, t]
                outs.append(h * 2)
            outs = torch.stack(outs, dim=1)
            return outs + 1
        """
    )
    fixed = _fixed(source)
    assert "outs = outs.movedim(0, 1)" in fixed
    assert "return outs + 1" in fixed


def test_loop_over_tolist_rows_is_reported_and_rewritten() -> None:
    source = _model(
        """
        def forward(self, x, spans):
            pieces = []
            for start, end in spans.tolist():
                pieces.append(x[start:end].sum(dim=0, keepdim=True))
            return torch.cat(pieces)
        """
    )
    (loop,) = _diagnostics(source, "EXL401")
    assert "read into Python" in loop.message
    assert loop.fix is not None and loop.fix.applicability is Applicability.UNSAFE
    fixed = _fixed(source)
    assert "start = _row[0].item()" in fixed
    assert "pieces = simple_loop_for(spans.shape[0], _loop_body, (spans, x))" in fixed
    assert "tolist" not in fixed


def test_loop_over_a_python_list_is_not_a_tolist_loop() -> None:
    source = _model(
        """
        def forward(self, x):
            pieces = []
            for start, end in [(0, 1), (1, 3)]:
                pieces.append(x[start:end])
            return torch.cat(pieces)
        """
    )
    assert not lint_source(source, "model.py")


SPLIT = _model(
    """
    def forward(self, x, lengths):
        sizes = lengths.tolist()
        # one chunk per sequence
        chunks = torch.split(x, sizes, dim=1)  # packed on axis 1
        return torch.cat([c.mean(dim=1, keepdim=True) * 2 for c in chunks], dim=1)
    """
)


def test_split_of_tolist_sizes_becomes_simple_loop_for() -> None:
    fixed = _fixed(SPLIT)
    assert "sizes = lengths\n" in fixed
    assert "_offsets = sizes.cumsum(0) - sizes" in fixed
    assert "torch._check(_size > 0)" in fixed
    assert "c = x.narrow(1, _start, _size)" in fixed
    assert "return c.mean(dim=1, keepdim=True) * 2" in fixed
    assert "simple_loop_for(sizes.shape[0], _loop_body, (sizes, _offsets, x), (1,))" in fixed
    assert "from exportlint.ops import simple_loop_for" in fixed
    # the removed split statement's comments are kept
    assert "# one chunk per sequence" in fixed
    assert "# packed on axis 1" in fixed
    assert not lint_source(fixed, "model.py")


def test_split_fix_rides_on_the_tolist_diagnostic() -> None:
    (host,) = _diagnostics(SPLIT, "EXL202")
    assert host.fix is not None and host.fix.applicability is Applicability.UNSAFE
    assert "every chunk must be non-empty" in host.fix.description
    # the second candidate makes no assumption on empty chunks: a clamped slice
    (exact,) = host.alternatives
    assert exact.applicability is Applicability.UNSAFE
    assert any("c = x[:, _start : _start + _size]" in e.content for e in exact.edits)


def test_split_sizes_used_twice_get_no_fix() -> None:
    source = _model(
        """
        def forward(self, x, lengths):
            sizes = lengths.tolist()
            chunks = torch.split(x, sizes)
            return torch.stack([c.sum(dim=0) for c in chunks]), sizes
        """
    )
    (host,) = _diagnostics(source, "EXL202")
    assert host.fix is None


def test_split_with_static_sizes_is_silent() -> None:
    source = _model(
        """
        def forward(self, x):
            chunks = torch.split(x, [2, 3], dim=1)
            return torch.cat([c * 2 for c in chunks], dim=1)
        """
    )
    assert not lint_source(source, "model.py")


EXPERT_HIT = '''import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Top-1 mixture of experts that visits only the experts some token was routed to."""

    def __init__(self):
        super().__init__()
        self.router = torch.nn.Linear(8, 4)
        self.experts = torch.nn.Parameter(torch.randn(4, 8, 8) * 0.3)

    def forward(self, x):
        scores = self.router(x).softmax(dim=-1)
        weight, choice = scores.max(dim=-1)
        routed = scores == weight.unsqueeze(-1)
        hit = routed.any(dim=0).nonzero()
        out = torch.zeros_like(x)
        for expert in hit:
            expert = expert[0]
            (rows,) = torch.where(choice == expert)
            update = (x[rows] @ self.experts[expert]) * weight[rows, None]
            out = out.index_add(0, rows, update)
        return out


torch.manual_seed(0)
example_inputs = [(torch.randn(6, 8),), (torch.randn(11, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
'''


def test_loop_over_nonzero_rows_visits_every_position() -> None:
    (loop,) = _diagnostics(EXPERT_HIT, "EXL401")
    assert loop.fix is not None and loop.fix.applicability is Applicability.UNSAFE
    assert "must do nothing for a position the mask leaves out" in loop.fix.description
    fixed = fix_text(EXPERT_HIT, "model.py", unsafe=True).text
    assert "hit = routed.any(dim=0)\n" in fixed
    assert "for expert in range(hit.shape[-1]):" in fixed
    assert "expert = expert[0]" not in fixed


def test_loop_over_nonzero_rows_read_elsewhere_is_not_rewritten() -> None:
    source = EXPERT_HIT.replace("        return out\n", "        return out, hit\n")
    (loop,) = _diagnostics(source, "EXL401")
    assert loop.fix is not None and loop.fix.applicability is Applicability.DISPLAY_ONLY


@pytest.mark.export
def test_loop_over_nonzero_rows_fix_exports_and_matches(tmp_path: Path) -> None:
    """Proven end to end: the hazard fails torch.export; the fixed model exports, converts
    to ONNX, and onnxruntime gives the original's eager outputs on unseen sizes. (Not a
    catalogue golden: the linter still reads the mask's length `hit.shape[-1]` as dynamic,
    since a comparison of a layer's output does not keep its fixed width.)"""
    pytest.importorskip("torch")
    pytest.importorskip("onnxruntime")
    from export_proof import run_case

    hazard = tmp_path / "hazard_expert_hit.py"
    hazard.write_text(EXPERT_HIT, encoding="utf-8")
    assert run_case(hazard).hazard_shown
    fixed = tmp_path / "fixed_expert_hit.py"
    fixed.write_text(fix_text(EXPERT_HIT, str(hazard), unsafe=True).text, encoding="utf-8")
    outcome = run_case(fixed, reference=hazard)
    assert not outcome.hazard_shown, outcome.summary


REGULATOR = _model(
    """
    def forward(self, emb, durations):
        out = emb.new_zeros(emb.size(0), 9, emb.size(2))
        for i, (e, d) in enumerate(zip(emb, durations)):  # per item
            # repeat each token
            r = e.repeat_interleave(d, dim=0)
            out[i, : len(r)] = r
        return out
    """
)


def test_length_regulator_becomes_one_gather() -> None:
    fixed = _fixed(REGULATOR)
    assert "_ends = durations.cumsum(dim=1)  # per item" in fixed
    assert "# repeat each token" in fixed
    assert "_taken = emb[_rows, _token.clamp(max=emb.size(1) - 1)]" in fixed
    assert "out = torch.where(_valid[..., None], _taken.to(out.dtype), out)" in fixed
    assert "for " not in fixed.split("def forward")[1]
    assert not lint_source(fixed, "model.py")


def test_length_regulator_with_another_write_is_not_rewritten() -> None:
    source = REGULATOR.replace("out[i, : len(r)] = r", "out[i, : len(r)] = r * 2")
    (loop,) = _diagnostics(source, "EXL401")
    # not the gather (the general per-row rewrite applies: tests/test_rowloops_fixes.py)
    assert loop.fix is not None and "gather" not in loop.fix.description
