"""EXL304/EXL404 fixes that call exportlint.ops (codemods/ops_calls.py): the rewritten text,
comments kept, the import added once, and what is left alone (no torch needed).

The catalogue goldens (`rules/EXL304-api-dynamic-shapes/fixed_gru_time_major.py`,
`fixed_lstm_sentence_encoder.py`, `fixed_pack_padded_sequence.py`,
`rules/EXL404-no-onnx-translation/fixed_adaptive_pool_grid_head.py`,
`fixed_adaptive_pool_length_buckets.py`) are proven with torch.export, torch.onnx and
onnxruntime against the original model by tests/test_fixes_export.py.
"""

from __future__ import annotations

import ast
import textwrap

from exportlint.diagnostics import Applicability
from exportlint.engine import lint_source
from exportlint.fixer import fix_text

HEADER = "import torch\nfrom torch import nn\nimport torch.nn.functional as F\n\n\n"


def _source(body: str) -> str:
    return HEADER + textwrap.dedent(body).strip("\n") + "\n"


def _fixed(source: str) -> str:
    result = fix_text(source, "model.py", unsafe=True)
    assert not result.problems, result.problems
    ast.parse(result.text)
    return result.text


_GRU = """
class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 8, batch_first=True)
        self.lstm = nn.LSTM(8, 8, batch_first=True, bidirectional=True)

    def forward(self, x, h0):
        out, h = self.gru(  # the encoder
            x, h0  # given state
        )
        states, _ = self.lstm(out)  # keep
        return states, h
"""


def test_recurrent_calls_run_through_ops_rnn_with_one_import() -> None:
    fixed = _fixed(_source(_GRU))
    assert fixed.count("import exportlint.ops\n") == 1
    assert "out, h = exportlint.ops.rnn(  # the encoder" in fixed
    assert "self.gru, x, h0  # given state" in fixed
    assert "states, _ = exportlint.ops.rnn(self.lstm, out)  # keep" in fixed
    (report,) = [d for d in lint_source(_source(_GRU), "model.py") if d.line == 13]
    assert report.fix is not None and report.fix.applicability is Applicability.UNSAFE
    assert _fixed(fixed) == fixed  # a second run changes nothing


def test_an_existing_import_is_reused() -> None:
    source = _source(_GRU).replace("import torch\n", "import torch\nimport exportlint.ops as xo\n")
    fixed = _fixed(source)
    assert "xo.rnn(self.lstm, out)" in fixed
    assert fixed.count("import exportlint.ops") == 1


def test_adaptive_pools_use_ops_and_global_pools_stay() -> None:
    source = _source(
        """
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.grid = nn.AdaptiveAvgPool2d((3, 4))
                self.glob = nn.AdaptiveAvgPool2d(1)

            def forward(self, x, y):
                a = self.grid(x).flatten(1)
                b = F.adaptive_avg_pool1d(y, output_size=5)
                return a, b, self.glob(x), F.adaptive_avg_pool2d(x, (1, 1))
        """
    )
    fixed = _fixed(source)
    assert "a = exportlint.ops.adaptive_avg_pool2d(x, self.grid.output_size).flatten(1)" in fixed
    assert "b = exportlint.ops.adaptive_avg_pool1d(y, output_size=5)" in fixed
    assert "self.glob(x), F.adaptive_avg_pool2d(x, (1, 1))" in fixed


_PACKED = """
class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(4, 8, bidirectional=True)

    def forward(self, x, lengths):
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), enforce_sorted=False)
        out, h = self.rnn(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out)
        return out, h
"""


def test_packed_run_becomes_a_masked_scan_then_an_unpacked_run() -> None:
    source = _source(_PACKED)
    fixed = _fixed(source)
    assert "packed = x\n" in fixed
    assert "out, h = exportlint.ops.rnn(self.rnn, packed, lengths=lengths.cpu())" in fixed
    assert "out, _ = (out, lengths.cpu())" in fixed
    (report,) = [d for d in lint_source(source, "model.py") if d.code == "EXL304"]
    titles = [f.description for f in (report.fix, *report.alternatives) if f is not None]
    assert "lengths=" in titles[0]
    assert "every sequence fills the padded length" in titles[1]


def test_packing_with_mismatched_batch_first_is_not_rewritten() -> None:
    source = _source(
        _PACKED.replace("enforce_sorted=False)", "batch_first=True, enforce_sorted=False)")
    )
    (report,) = [d for d in lint_source(source, "model.py") if d.code == "EXL304"]
    fixes = [f for f in (report.fix, *report.alternatives) if f is not None]
    assert all(f.applicability is Applicability.DISPLAY_ONLY for f in fixes)


def test_positional_batch_first_of_the_layer_is_read() -> None:
    source = _source(
        _PACKED.replace("nn.GRU(4, 8, bidirectional=True)", "nn.GRU(4, 8, 1, True, True)")
    )
    (report,) = [d for d in lint_source(source, "model.py") if d.code == "EXL304"]
    fixes = [f for f in (report.fix, *report.alternatives) if f is not None]
    assert all(f.applicability is Applicability.DISPLAY_ONLY for f in fixes)
    same = source.replace("enforce_sorted=False)", "batch_first=True, enforce_sorted=False)")
    same = same.replace("pad_packed_sequence(out)", "pad_packed_sequence(out, batch_first=True)")
    assert "lengths=lengths.cpu()" in _fixed(same)
