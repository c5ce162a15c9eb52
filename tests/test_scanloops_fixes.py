"""Carried-state loops in the shapes real code writes → scan (codemods/carry_loops.py).

These tests check the rewritten text and the look-alikes that get no scan (no torch needed);
the catalogue goldens (`rules/EXL401-tensor-loop/fixed_hmm_forward_masked.py`,
`fixed_gated_state_readout.py`, `fixed_iir_output_buffer.py`, `fixed_hop_window_frames.py`,
`fixed_running_peak_columns.py`, `fixed_range_len.py`) are proven with torch.export,
torch.onnx and onnxruntime against the original model by tests/test_fixes_export.py.
"""

from __future__ import annotations

import ast
import textwrap

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


def _loop(source: str) -> Diagnostic:
    (loop,) = [d for d in lint_source(source, "model.py") if d.code == "EXL401"]
    return loop


def _scan_offered(source: str) -> bool:
    loop = _loop(source)
    fixes = [f for f in (loop.fix, *loop.alternatives) if f is not None]
    return any(
        "_higher_order_ops.scan" in f.description
        and f.applicability is not Applicability.DISPLAY_ONLY
        for f in fixes
    )


def test_range_from_one_with_a_masked_carry_and_no_pieces() -> None:
    source = _model(
        """
        def forward(self, emissions, mask):
            score = emissions[0]
            for i in range(1, emissions.size(0)):  # recursion
                nxt = torch.logsumexp(score.unsqueeze(2) + emissions[i].unsqueeze(1), dim=1)
                score = torch.where(mask[i].unsqueeze(1), nxt, score)
            score += 1.0
            return score
        """
    )
    loop = _loop(source)
    assert loop.fix is not None and loop.fix.applicability is Applicability.UNSAFE
    assert "carrying `score`" in loop.fix.description
    fixed = _fixed(source)
    assert "def _scan_body(score, _step):" in fixed
    assert "emissions_i, mask_i = _step" in fixed
    assert "_xs = (emissions[1:emissions.size(0)], mask[1:emissions.size(0)])" in fixed
    assert "return score, ()" in fixed
    assert "score, _ = torch._higher_order_ops.scan(_scan_body, _init, _xs)  # recursion" in fixed
    assert "score += 1.0" in fixed
    assert not [d for d in lint_source(fixed, "model.py") if d.code == "EXL401"]


def test_a_step_temporary_assigned_afresh_after_the_loop_is_not_live() -> None:
    source = _model(
        """
        def forward(self, a, b, c):
            state = torch.zeros(a.shape[0], a.shape[1], a.shape[3])
            outs = []
            for i in range(a.shape[2]):
                state = a[:, :, i, :] * state + b[:, :, i, :]
                y = torch.matmul(state, c[:, i, :].unsqueeze(-1))
                outs.append(y[:, :, 0])
            y = torch.stack(outs, dim=-1)
            return y * 2
        """
    )
    fixed = _fixed(source)
    assert "y = torch.matmul(state, c_i.unsqueeze(-1))" in fixed
    assert "return state, y[:, :, 0].clone()" in fixed
    assert "_xs = (a.movedim(2, 0), b.movedim(2, 0), c.movedim(1, 0))" in fixed
    assert "y = outs.movedim(0, -1)" in fixed


def test_a_step_temporary_read_after_the_loop_gets_no_scan() -> None:
    source = _model(
        """
        def forward(self, a):
            state = torch.zeros(a.shape[0], a.shape[1])
            for i in range(a.shape[2]):
                y = a[:, :, i] * 2
                state = state + y
            return state + y
        """
    )
    loop = _loop(source)
    assert loop.fix is not None and loop.fix.applicability is Applicability.DISPLAY_ONLY
    assert "`y` from the last step is read after the loop" in loop.fix.description


def test_enumerate_over_a_tensor_expression_with_a_carried_buffer() -> None:
    source = _model(
        """
        def forward(self, x, a):
            order = a.shape[0]
            out = torch.zeros(x.shape[0], x.shape[1] + order)
            for n, sample in enumerate(x.transpose(0, 1)):
                past = out[:, n : n + order]
                sample -= past @ a
                out[:, n + order] = sample
            return out
        """
    )
    fixed = _fixed(source)
    assert "def _scan_body(out, _step):" in fixed
    assert "n, sample = _step" in fixed
    assert "past = out.index_select(1, n + torch.arange(order, device=n.device))" in fixed
    # the body must not change its inputs in place
    assert "sample = sample - (past @ a)" in fixed
    assert "out = out.index_copy(1, (n + order).reshape(1), sample.unsqueeze(1))" in fixed
    assert "x.transpose(0, 1).shape[0]" in fixed
    # the caller may hold the buffer: the loop's writes reach it
    assert "out.copy_(_out)" in fixed


def test_chunks_at_a_hop_become_unfold_and_two_lists_two_outputs() -> None:
    source = _model(
        """
        def forward(self, wave):
            feats = []
            peaks = []
            for s in range(0, wave.shape[-1] - 4 + 1, 2):
                frame = wave[..., s : s + 4]
                feats.append(frame * 2)
                peaks.append(frame.amax(-1))
            return torch.stack(feats, dim=1), torch.stack(peaks, dim=-1)
        """
    )
    fixed = _fixed(source)
    assert "_xs = wave.unfold(-1, 4, 2).movedim(-2, 0)" in fixed
    assert "_init = torch.zeros(())" in fixed
    assert "_init = wave" not in fixed
    assert "return _nothing.clone(), (frame * 2, frame.amax(-1))" in fixed
    assert "_, (feats, peaks) = torch._higher_order_ops.scan(" in fixed
    assert "return feats.movedim(0, 1), peaks.movedim(0, -1)" in fixed


def test_a_preallocated_output_written_at_the_index_is_a_piece() -> None:
    source = _model(
        """
        def forward(self, spec):
            out = torch.empty_like(spec)
            level = spec[:, 0]
            for col in range(spec.size(1)):
                level = torch.maximum(spec[:, col], 0.5 * level)
                out[:, col] = level  # written in place
            return out
        """
    )
    fixed = _fixed(source)
    assert "return level, level.clone()  # written in place" in fixed
    # the carry starts as a view: scan wants it laid out as the body returns it
    assert "_init = level.clone(memory_format=torch.contiguous_format)" in fixed
    assert "level, _out_steps = torch._higher_order_ops.scan(" in fixed
    assert "out[:, :spec.size(1)] = _out_steps.movedim(0, 1)" in fixed
    assert "torch.arange" not in fixed


def test_none_and_ellipsis_around_the_index_are_kept_on_the_step() -> None:
    source = _model(
        """
        def forward(self, x, gate):
            h = torch.zeros_like(x[..., 0])
            for t in range(x.shape[-1]):
                h = gate[:, t, None] * h + x[..., t]
            return h
        """
    )
    fixed = _fixed(source)
    assert "h = gate_t[:, None] * h + x_t" in fixed
    assert "_xs = (gate.movedim(1, 0), x.movedim(-1, 0))" in fixed


def test_data_dependent_sizes_in_the_body_get_no_scan() -> None:
    source = _model(
        """
        def forward(self, x, labels):
            total = torch.zeros(x.shape[1])
            for i in range(labels.shape[0]):
                rows = (labels == i).nonzero()
                total = total + x[rows[:, 0]].sum(0)
            return total
        """
    )
    assert not _scan_offered(source)


def test_a_python_number_carried_gets_no_scan() -> None:
    source = _model(
        """
        def forward(self, x):
            h = torch.zeros_like(x[:, 0])
            count = 0
            for t in range(x.shape[1]):
                h = h + x[:, t]
                count = count + 1
            return h / count
        """
    )
    assert not _scan_offered(source)


def test_a_loop_that_breaks_gets_no_scan() -> None:
    source = _model(
        """
        def forward(self, x):
            h = torch.zeros_like(x[:, 0])
            for t in range(x.shape[1]):
                h = h + x[:, t]
                if t > 3:
                    break
            return h
        """
    )
    assert not _scan_offered(source)
