"""Per-row, per-region and per-group loops (EXL401): the rewrites of
exportlint/codemods/row_loops.py, fill_loops.py and scatter_loops.py.

These tests check the rewritten text and the look-alikes each rewrite must refuse (no torch
needed); the catalogue goldens (`rules/EXL401-tensor-loop/fixed_row_pack_valid_tokens.py`,
`fixed_fill_span_mask.py`, `fixed_scatter_group_best.py`) are proven with torch.export,
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


def _loop(source: str) -> Diagnostic:
    found = [d for d in lint_source(source, "model.py") if d.code == "EXL401"]
    assert len(found) == 1, found
    return found[0]


def _candidates(source: str) -> list[str]:
    diagnostic = _loop(source)
    fixes = [f for f in (diagnostic.fix, *diagnostic.alternatives) if f is not None]
    return [f.description for f in fixes if f.applicability is not Applicability.DISPLAY_ONLY]


def _fixed(source: str) -> str:
    result = fix_text(source, "model.py", unsafe=True)
    assert not result.problems, result.problems
    ast.parse(result.text)
    return result.text


ROW_WRITE = _model(
    """
    def forward(self, x, sizes):
        out = torch.zeros_like(x)
        for i in range(x.shape[0]):  # one image at a time
            h, w = sizes[i]
            # the top-left corner of the image
            out[i, :h, :w] = x[i, :h, :w] * 2
        return out
    """
)


def test_row_write_loop_returns_each_row_from_simple_loop_for() -> None:
    fixed = _fixed(ROW_WRITE)
    assert "from exportlint.ops import simple_loop_for" in fixed
    assert "def _loop_body(i, out, sizes, x):" in fixed
    assert "out_row = out.index_select(0, i.reshape(1)).squeeze(0).clone()" in fixed
    # a row unpacked into sizes: numbers read with .item()
    assert "h = _sizes_row[0].item()" in fixed
    assert "w = _sizes_row[1].item()" in fixed
    # the other tensors indexed first by the loop index give their row
    assert "out_row[:h, :w] = x.index_select(0, i.reshape(1)).squeeze(0)[:h, :w] * 2" in fixed
    assert "return out_row.unsqueeze(0)" in fixed
    assert "out = simple_loop_for(x.shape[0], _loop_body, (out, sizes, x))" in fixed
    # comments stay
    assert "# one image at a time" in fixed
    assert "# the top-left corner of the image" in fixed


def test_row_write_loop_over_enumerate_with_a_masked_write() -> None:
    source = _model(
        """
        def forward(self, ids, masks):
            out = torch.full(ids.shape, -1)
            for b, keep in enumerate(masks):
                out[b][keep] = ids[b][keep].cumsum(0)
            return out
        """
    )
    fixed = _fixed(source)
    assert "keep = masks.index_select(0, b.reshape(1)).squeeze(0)" in fixed
    assert "out_row[keep] = ids.index_select(0, b.reshape(1)).squeeze(0)[keep].cumsum(0)" in fixed
    assert "out = simple_loop_for(masks.shape[0], _loop_body, (out, masks, ids))" in fixed


def test_row_write_loop_turns_a_raise_check_into_torch_check() -> None:
    source = _model(
        """
        def forward(self, out, pos, src):
            out = out.clone()
            for b in range(out.shape[0]):
                dst = torch.nonzero(pos[b] >= 0, as_tuple=True)[0]
                if dst.shape[0] > src[b].shape[0]:  # too many
                    raise ValueError("not enough rows")
                out[b, dst] = src[b][pos[b][dst]]
            return out
        """
    )
    fixed = _fixed(source)
    assert "torch._check(" in fixed
    assert (
        "torch.sym_not(dst.shape[0] > src.index_select(0, b.reshape(1)).squeeze(0).shape[0])"
        in (fixed)
    )
    assert 'lambda: "not enough rows"' in fixed
    assert "# too many" in fixed
    assert "raise" not in fixed


def test_row_write_refuses_a_loop_reading_another_row() -> None:
    source = _model(
        """
        def forward(self, x):
            out = torch.zeros_like(x)
            for i in range(1, x.shape[0]):
                out[i] = out[i - 1] + x[i]
            return out
        """
    )
    assert not any("row" in d for d in _candidates(source))


def test_row_write_refuses_a_loop_writing_a_list() -> None:
    source = _model(
        """
        def forward(self, x):
            out = [None] * x.shape[0]
            for i in range(x.shape[0]):
                out[i] = x[i] * 2
            return torch.stack(out)
        """
    )
    assert not any("row" in d for d in _candidates(source))


def test_row_write_refuses_a_carried_name() -> None:
    source = _model(
        """
        def forward(self, x):
            out = torch.zeros_like(x)
            total = x[0]
            for i in range(x.shape[0]):
                total = total + x[i]
                out[i] = total
            return out
        """
    )
    assert not any("row" in d for d in _candidates(source))


BLOCKS = _model(
    """
    def forward(self, x, starts, ends):
        mask = torch.full((x.shape[1], x.shape[1]), float("-inf"))
        for s, e in zip(starts, ends):  # blocks
            mask[s:e, s:e] = 0  # attend within the block
        return x + mask
    """
)


def test_block_fill_loop_becomes_one_mask() -> None:
    fixed = _fixed(BLOCKS)
    assert "for " not in fixed.split("def forward")[1]
    assert "s, e = starts, ends  # blocks" in fixed
    assert "_pos0 = torch.arange(mask.shape[0], device=mask.device)" in fixed
    assert "_in0 = (_pos0 >= s[:, None]) & (_pos0 < e[:, None])" in fixed
    assert "_hit = _in0[:, :, None] & _in1[:, None, :]" in fixed
    assert (
        "mask.masked_fill_(_hit.any(0).reshape(*_hit.shape[1:], *[1] * (mask.dim() - 2)), 0)"
        "  # attend within the block"
    ) in fixed


def test_fill_from_the_end_with_ellipsis_broadcasts_without_reshape() -> None:
    source = _model(
        """
        def forward(self, x, lengths):
            y = x.clone()
            for i in range(lengths.shape[0]):
                y[..., lengths[i]:] = 0
            return y
        """
    )
    fixed = _fixed(source)
    assert "i = torch.arange(lengths.shape[0])" in fixed
    assert "_pos_1 = torch.arange(y.shape[-1], device=y.device)" in fixed
    assert "_hit = (_pos_1 >= lengths[i][:, None])" in fixed
    assert "y.masked_fill_(_hit.any(0), 0)" in fixed


def test_fill_refuses_a_value_that_depends_on_the_loop() -> None:
    source = _model(
        """
        def forward(self, x, starts, ends):
            mask = torch.zeros(x.shape[1], x.shape[1])
            for k, (s, e) in enumerate(zip(starts, ends)):
                mask[s:e, s:e] = k
            return x + mask
        """
    )
    assert not any("arange" in d for d in _candidates(source))


def test_fill_refuses_a_loop_variable_read_after_the_loop() -> None:
    source = _model(
        """
        def forward(self, x, starts, ends):
            mask = torch.zeros(x.shape[1], x.shape[1])
            for s, e in zip(starts, ends):
                mask[s:e, s:e] = 1
            return x + mask + e
        """
    )
    assert not any("arange" in d for d in _candidates(source))


GROUPS = _model(
    """
    def forward(self, scores, labels):
        keep = torch.zeros_like(scores, dtype=torch.bool)
        for c in torch.unique(labels):
            where = torch.where(labels == c)[0]
            # the best of the class
            keep[where[scores[where].argmax()]] = True
        return scores * keep
    """
)


def test_group_loop_collects_positions_and_writes_once() -> None:
    fixed = _fixed(GROUPS)
    assert "_values = torch.unique(labels)" in fixed
    assert "def _loop_body(i, _values, labels, scores):" in fixed
    assert "c = _values.index_select(0, i.reshape(1)).squeeze(0)" in fixed
    assert "return where[scores[where].argmax()].reshape(-1)" in fixed
    assert "_positions = simple_loop_for(\n" in fixed
    assert "_values.shape[0], _loop_body, (_values, labels, scores)\n" in fixed
    assert "keep[_positions] = True" in fixed
    assert "# the best of the class" in fixed


def test_group_loop_offers_a_mask_candidate_second() -> None:
    descriptions = _candidates(GROUPS)
    assert "(indices)" in descriptions[0]
    assert "(a mask per iteration)" in descriptions[1]


def test_group_loop_refuses_a_value_from_the_body() -> None:
    source = _model(
        """
        def forward(self, scores, labels):
            out = torch.zeros_like(scores)
            for c in torch.unique(labels):
                where = torch.where(labels == c)[0]
                out[where] = scores[where].mean()
            return out
        """
    )
    assert not any("positions" in d for d in _candidates(source))


def test_boolean_fill_uses_logical_operators_first_and_masked_fill_second() -> None:
    source = _model(
        """
        def forward(self, x, starts, ends):
            keep = torch.ones(x.shape[0], x.shape[1], dtype=torch.bool)
            for i, (s, e) in enumerate(zip(starts, ends)):
                keep[i, s:e] = False
            return x * keep
        """
    )
    fixed = _fixed(source)
    assert "i, s, e = torch.arange(starts.shape[0], device=starts.device), starts, ends" in fixed
    assert "_in0 = _pos0 == i[:, None]" in fixed
    assert "keep &= ~_hit.any(0).reshape(*_hit.shape[1:], *[1] * (keep.dim() - 2))" in fixed
    descriptions = _candidates(source)
    assert "`|=` / `&= ~`" in descriptions[0]
    assert "`masked_fill_`" in descriptions[1]


PER_IMAGE = _model(
    """
    def forward(self, preds):
        hits = preds[..., 0] > 0.5
        results = [torch.zeros((0, 3))] * preds.shape[0]  # one slot per image
        for k, p in enumerate(preds):
            p = p[hits[k]]
            if p.shape[0] == 0:  # nothing found
                continue
            p[:, 1:] *= p[:, :1]
            results[k] = p[:, :3]
        return torch.cat(results)
    """
)


def test_per_image_slots_become_collected_pieces() -> None:
    fixed = _fixed(PER_IMAGE)
    assert "def _loop_body(k, preds, hits):" in fixed
    assert "p = preds.index_select(0, k.reshape(1)).squeeze(0)" in fixed
    # `x[y[k]]`: the inner index is rewritten, the outer subscript kept
    assert "p = p[hits.index_select(0, k.reshape(1)).squeeze(0)]" in fixed
    # the guard that skipped an empty piece goes (its comment stays)
    assert "continue" not in fixed
    assert "# nothing found" in fixed
    # a tensor the body made may change in place
    assert "p[:, 1:] *= p[:, :1]" in fixed
    assert "return p[:, :3]" in fixed
    assert "results = simple_loop_for(preds.shape[0], _loop_body, (preds, hits))" in fixed
    assert "# one slot per image" in fixed


def test_per_image_slots_keep_a_guard_that_is_not_an_emptiness_test() -> None:
    source = PER_IMAGE.replace("if p.shape[0] == 0:", "if p.shape[0] > 5:")
    assert not any("simple_loop_for" in d for d in _candidates(source))


def test_builtin_any_of_a_tensor_becomes_the_method() -> None:
    source = _model(
        """
        def forward(self, x):
            real = x.sum(dim=(-1, -2)) != 0
            if not any(real):  # no image at all
                real[0] = True
            return x[real].sum(0)
        """
    )
    (description,) = _candidates(source)
    assert "`real.any()`" in description
    fixed = fix_text(source, "model.py", unsafe=True).text
    assert "real[0] = real[0] | ~real.any()  # no image at all" in fixed  # then loopfix


def test_builtin_sum_of_a_tensor_sums_the_rows() -> None:
    source = _model(
        """
        def forward(self, x):
            return sum(x * 2) + 1
        """
    )
    (description,) = _candidates(source)
    assert "`(x * 2).sum(0)`" in description


def test_row_write_refuses_a_tensor_changed_for_the_caller() -> None:
    source = _model(
        """
        def forward(self, x, out):
            for i in range(x.shape[0]):
                out[i] = x[i] * 2
            return x
        """
    )
    assert not any("rows" in d for d in _candidates(source))
