"""Precision of the size analysis (issue 9 §3): sizes that are static by construction stay
silent, and the real hazards next to them stay flagged.

The `REAL_HAZARDS` are excerpts of EXL102 warnings on transformers' `models/` folder
classified by hand as real hazards (a random sample of 40 of the 551 warnings of transformers
5.23, 31 judged real, 9 static in practice): one excerpt per kind of real hazard in the
sample, each of which must stay flagged whatever precision work is done.
"""

from __future__ import annotations

import textwrap

import pytest

from exportlint import lint_source


def codes(source: str) -> list[tuple[int, str]]:
    text = textwrap.dedent(source)
    return [(d.line, d.code) for d in lint_source(text, "model.py")]


def exl102_lines(source: str) -> list[int]:
    return [line for line, code in codes(source) if code == "EXL102"]


HEADER = """\
import torch
import torch.nn.functional as F
from torch import nn


class Model(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.num_positions = config.num_positions
        self.position_embeddings = nn.Parameter(torch.zeros(1, 8, 4))
        self.patch_size = config.patch_size
        self.chunk_size = config.chunk_size
        self.proj = nn.Linear(4, 4)

"""

# (name, the body of `forward`, indented by 4; the line with `# hazard` must be flagged)
REAL_HAZARDS = [
    (
        "decode step (deepseek_v4, falcon_mamba, granitemoehybrid, inkling)",
        """
    def forward(self, hidden_states, recurrent_state=None):
        seq_len = hidden_states.shape[1]
        if recurrent_state is not None and seq_len == 1:  # hazard
            return hidden_states[:, -1:]
        return hidden_states
""",
    ),
    (
        "prefill test on position ids (recurrent_gemma)",
        """
    def forward(self, x, position_ids):
        if position_ids.shape[1] != 1:  # hazard
            x = x * 2
        return x
""",
    ),
    (
        "position interpolation behind torch.jit.is_tracing (vit, clipseg, owlv2, x_clip)",
        """
    def forward(self, pixel_values):
        embeddings = self.proj(pixel_values.flatten(2).transpose(1, 2))
        num_patches = embeddings.shape[1]
        height, width = pixel_values.shape[-2:]
        if not torch.jit.is_tracing() and num_patches == self.num_positions:  # hazard
            return embeddings + self.position_embeddings
        return embeddings
""",
    ),
    (
        "square image test (groupvit, internvl, vit_mae)",
        """
    def forward(self, pixel_values):
        height = pixel_values.shape[2] // self.patch_size
        width = pixel_values.shape[3] // self.patch_size
        if not torch.jit.is_tracing() and height == width:  # hazard
            return pixel_values
        return pixel_values.transpose(2, 3)
""",
    ),
    (
        "padding to a multiple of the chunk (granitemoehybrid, longformer)",
        """
    def forward(self, x):
        seq_len = x.shape[1]
        pad_size = (self.chunk_size - seq_len % self.chunk_size) % self.chunk_size
        if pad_size > 0:  # hazard
            x = F.pad(x, (0, 0, 0, pad_size))
        return x
""",
    ),
    (
        "key length differs from query length (sam2_video, sam3_tracker_video)",
        """
    def forward(self, q, k_rot):
        if k_rot.shape[-2] != q.shape[-2]:  # hazard
            k_rot = k_rot.repeat(1, 1, 2, 1)
        return q, k_rot
""",
    ),
    (
        "position table length (timesformer)",
        """
    def forward(self, embeddings):
        if embeddings.size(1) != self.position_embeddings.size(1):  # hazard
            return embeddings
        return embeddings + self.position_embeddings
""",
    ),
    (
        "batch of one (univnet)",
        """
    def forward(self, spectrogram, noise_sequence):
        noise_sequence_batch_size = noise_sequence.shape[0]
        if noise_sequence_batch_size == 1:  # hazard
            noise_sequence = noise_sequence.repeat(spectrogram.shape[0], 1, 1)
        return spectrogram + noise_sequence
""",
    ),
    (
        "positional table long enough (wav2vec2_bert)",
        """
    def forward(self, x, pe):
        if pe.size(1) >= x.size(1) * 2 - 1:  # hazard
            return pe
        return x
""",
    ),
    (
        "memory length (xlnet)",
        """
    def forward(self, x, mems):
        mlen = mems[0].shape[0] if mems is not None else 0
        if mlen > 0:  # hazard
            x = x + 1
        return x
""",
    ),
    (
        "while loop over chunks of the sequence (xlstm)",
        """
    def forward(self, hidden_states):
        offset = 0
        while offset < hidden_states.shape[1]:  # hazard
            offset += self.chunk_size
        return hidden_states
""",
    ),
    (
        "number of boxes given (sam3)",
        """
    def forward(self, x, input_boxes):
        has_boxes = input_boxes.numel() > 0
        if has_boxes:  # hazard
            x = x + 1
        return x
""",
    ),
    (
        "pooled and full lengths (funnel)",
        """
    def forward(self, q_head, k_head):
        context_len = k_head.shape[1]
        shift = 2 if q_head.shape[1] != context_len else 1  # hazard
        return q_head * shift
""",
    ),
    (
        "audio length against the number of indices (gemma3n)",
        """
    def forward(self, audio_encodings, indices):
        t_sub = audio_encodings.shape[1]
        if indices.shape[0] != 1 and t_sub == indices.shape[0]:  # hazard
            audio_encodings = audio_encodings[:, indices]
        return audio_encodings
""",
    ),
    (
        "images counted against the grid rows (glm_image)",
        """
    def forward(self, x, image_grid_thw, images_per_sample=(1, 1)):
        if sum(images_per_sample) == len(image_grid_thw):  # hazard
            x = x + 1
        return x
""",
    ),
    (
        "while loop over the tokens of a tensor (qwen2_5_omni)",
        """
    def forward(self, token_indices):
        i = 0
        while i < len(token_indices):  # hazard
            i += 1
        return token_indices
""",
    ),
    (
        "while loop bounded by the last axis of position ids (qwen3_omni_moe)",
        """
    def forward(self, video_llm_pos_ids, audio_llm_pos_ids):
        video_data_index, audio_data_index = 0, 0
        while (
            video_data_index < video_llm_pos_ids.shape[-1]
            and audio_data_index < audio_llm_pos_ids.shape[-1]  # hazard
        ):
            video_data_index += 1
            audio_data_index += 1
        return video_llm_pos_ids
""",
    ),
    (
        "image size against the pretraining size (sam3)",
        """
    def forward(self, pixel_values):
        width = pixel_values.shape[-1] // self.patch_size
        if not torch.jit.is_tracing() and self.num_positions == width:  # hazard
            return pixel_values
        return pixel_values * 2
""",
    ),
]


@pytest.mark.parametrize("body", [b for _, b in REAL_HAZARDS], ids=[n for n, _ in REAL_HAZARDS])
def test_real_hazards_of_the_transformers_sample_stay_flagged(body: str) -> None:
    source = HEADER + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n"
    expected = [
        i for i, line in enumerate(source.splitlines(), start=1) if line.endswith("# hazard")
    ]
    flagged = [line for line, code in codes(source) if code == "EXL102"]
    assert set(expected) <= set(flagged), (expected, codes(source))


# ---------------------------------------------------------------- sizes fixed by a layer


def test_linear_output_width_is_static() -> None:
    assert not exl102_lines(
        """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self, d):
                super().__init__()
                self.proj = nn.Linear(d, 8)

            def forward(self, x):
                y = self.proj(x)
                if y.shape[-1] == 8:
                    return y
                b, s, d = self.proj(x).shape
                if d > 4 and y.size(-1) > 4:
                    return y
                return -y
        """
    )


def test_other_axes_of_a_linear_output_stay_dynamic() -> None:
    assert exl102_lines(
        """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self, d):
                super().__init__()
                self.proj = nn.Linear(d, 8)

            def forward(self, x):
                y = self.proj(x)
                if y.shape[-2] > 8:
                    return y
                if y.shape[1] > 2:
                    return y
                return -y
        """
    ) == [12, 14]


def test_layers_that_keep_the_shape_keep_the_fixed_width() -> None:
    assert not exl102_lines(
        """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self, d):
                super().__init__()
                self.proj = nn.Linear(d, 8)
                self.norm = nn.LayerNorm(8)

            def forward(self, x):
                h = torch.relu(self.norm(self.proj(x)).float())
                if h.shape[-1] != 8:
                    return h
                return -h
        """
    )


def test_a_reshape_after_a_linear_keeps_the_fixed_width_only_when_spelled_out() -> None:
    assert exl102_lines(
        """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self, d):
                super().__init__()
                self.proj = nn.Linear(d, 8)

            def forward(self, x):
                h = self.proj(x)[:, 0]
                if h.shape[-1] > 4:
                    return h
                g = self.proj(x).transpose(1, 2)
                if g.shape[-1] > 4:
                    return g
                return -h
        """
    ) == [12, 15]


def test_convolution_channels_are_static_after_flatten_and_transpose() -> None:
    assert not exl102_lines(
        """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.proj = nn.Conv2d(4, 16, 2, stride=2)
                self.register_buffer("pos", torch.zeros(1, 1, 8))

            def forward(self, latent):
                x = self.proj(latent).flatten(2).transpose(1, 2)
                if x.shape[-1] != self.pos.shape[-1]:
                    return x
                return x + self.pos
        """
    )


def test_convolution_spatial_sizes_stay_dynamic() -> None:
    assert exl102_lines(
        """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.proj = nn.Conv2d(4, 16, 2, stride=2)

            def forward(self, latent):
                x = self.proj(latent).flatten(2).transpose(1, 2)
                if x.shape[1] > 16:
                    return x[:, :16]
                return x
        """
    ) == [12]


def test_heads_reshaped_to_attributes_are_static() -> None:
    assert not exl102_lines(
        """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self, config):
                super().__init__()
                self.num_heads = config.num_heads
                self.head_dim = config.hidden_size // config.num_heads

            def forward(self, x):
                b, s, _ = x.shape
                h = x.view(b, s, self.num_heads, self.head_dim).transpose(1, 2)
                if h.shape[1] > 1 and self.num_heads > 1:
                    return h
                return -h
        """
    )


# ---------------------------------------------------------------- one symbol, compared


def test_the_same_axis_of_the_same_tensor_compares_statically() -> None:
    assert not exl102_lines(
        """
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                if x.shape[1] == x.size(1):
                    return x
                n = x.shape[1]
                if n != x.shape[1]:
                    return -x
                return x
        """
    )


def test_self_attention_query_and_key_lengths_compare_statically() -> None:
    assert not exl102_lines(
        """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self, d, h):
                super().__init__()
                self.q = nn.Linear(d, d)
                self.k = nn.Linear(d, d)
                self.h = h
                self.hd = d // h

            def forward(self, x):
                b, s, _ = x.shape
                q = self.q(x).view(b, s, self.h, self.hd).transpose(1, 2)
                k = self.k(x).view(b, s, self.h, self.hd).transpose(1, 2)
                if q.shape[-2] != k.shape[-2]:
                    k = k[:, :, : q.shape[-2]]
                return q @ k.transpose(-1, -2)
        """
    )


def test_sizes_of_different_tensors_or_of_a_reassigned_name_stay_dynamic() -> None:
    assert exl102_lines(
        """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self, d, h):
                super().__init__()
                self.k = nn.Linear(d, d)
                self.h = h
                self.hd = d // h

            def forward(self, x, memory):
                b, s, _ = x.shape
                n = x.shape[1]
                x = x[:, ::2]
                if n != x.shape[1]:
                    x = x * 2
                k = self.k(memory).view(b, memory.shape[1], self.h, self.hd).transpose(1, 2)
                if k.shape[-2] != s:
                    return k
                m = x.shape[0] if n > 3 else memory.shape[0]
                if m == x.shape[0]:
                    return x
                return x
        """
    ) == [16, 19, 21, 22]


def test_a_helper_called_with_two_tensors_does_not_mix_their_symbols() -> None:
    # The helper's result is memoised for both calls: it must not carry the symbol of the
    # first call's tensor into the second.
    assert exl102_lines(
        """
        import torch

        def length(t):
            return t.shape[1]

        class Model(torch.nn.Module):
            def forward(self, a, b):
                if length(a) == length(b):
                    return a
                return b
        """
    ) == [9]


# ---------------------------------------------------------------- sizes listed, then raise


def test_a_chain_of_size_equalities_ending_in_raise_is_a_format_dispatch() -> None:
    assert not exl102_lines(
        """
        import torch

        class Model(torch.nn.Module):
            def forward(self, delta, reference_points):
                num_coordinates = reference_points.shape[-1]
                if num_coordinates == 2:
                    out = delta[..., :2] + reference_points
                elif reference_points.shape[-1] == 4:
                    out = delta + reference_points
                else:
                    raise ValueError(f"got {num_coordinates}")
                return out
        """
    )


def test_size_chains_that_compute_on_every_path_stay_flagged() -> None:
    assert exl102_lines(
        """
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                if x.shape[1] == 1:
                    x = x * 2
                elif x.shape[1] == 2:
                    x = x * 3
                if x.shape[1] > 4:
                    x = x[:, :4]
                elif x.shape[1] == 2:
                    x = x + 1
                else:
                    raise ValueError("too short")
                return x
        """
    ) == [6, 8, 10, 12]


# ---------------------------------------------------------------- code export does not trace


@pytest.mark.parametrize(
    "guard",
    [
        "not torch.compiler.is_exporting()",
        "not torch.compiler.is_compiling()",
        "not torch._dynamo.is_compiling()",
        "not (torch.compiler.is_compiling() or torch._dynamo.is_compiling())",
    ],
)
def test_code_only_run_when_not_exporting_is_not_reported(guard: str) -> None:
    assert not codes(
        f"""
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                if {guard} and x.shape[0] > 4:
                    x = x[:4]
                if {guard}:
                    if x.sum() > 0:
                        x = -x
                return x
        """
    )


def test_torch_jit_is_tracing_is_not_an_export_guard() -> None:
    assert exl102_lines(
        """
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                if not torch.jit.is_tracing() and x.shape[0] > 4:
                    x = x[:4]
                if not torch.jit.is_tracing():
                    if x.shape[1] > 4:
                        x = x[:, :4]
                return x
        """
    ) == [6, 9]


# ---------------------------------------------------------------- torch._check facts


def test_check_facts_hold_through_arithmetic() -> None:
    assert not exl102_lines(
        """
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                n = x.shape[1]
                torch._check(n >= 10)
                if n // 2 >= 5:
                    x = x * 2
                if n * 2 + 1 > 20:
                    x = x + 1
                return x
        """
    )


def test_check_facts_do_not_decide_what_they_do_not_imply() -> None:
    assert exl102_lines(
        """
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                n = x.shape[1]
                torch._check(n >= 10)
                if n // 2 >= 6:
                    x = x * 2
                if n - 20 > 0:
                    x = x + 1
                return x
        """
    ) == [8, 10]


# ---------------------------------------------------------------- numpy, reported once


def test_numpy_arrays_computed_from_a_size_are_reported_where_computed() -> None:
    found = codes(
        """
        import numpy as np
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                n = x.shape[1]
                grid = np.arange(n, dtype=np.float32) / (n / 4)
                table = np.stack(np.meshgrid(grid, grid), axis=0)
                return x + torch.from_numpy(table).sum()
        """
    )
    assert [line for line, code in found if code == "EXL301"] == [8]


# ---------------------------------------------------------------- values only returned


def test_item_and_static_tolist_values_that_are_only_returned_are_not_reported() -> None:
    assert not codes(
        """
        import torch
        from torch.export import Dim

        class Model(torch.nn.Module):
            def forward(self, x):
                totals = x.sum(0).tolist()
                peak = x.max().item()
                out = {"y": x + 1, "stats": [totals, peak]}
                return out

        example_inputs = [(torch.randn(3, 4),)]
        dynamic_shapes = ({0: Dim.DYNAMIC},)
        """
    )


def test_tolist_of_a_dynamic_length_or_used_in_computation_stays_flagged() -> None:
    assert codes(
        """
        import torch
        from torch.export import Dim

        class Model(torch.nn.Module):
            def forward(self, x):
                rows = x.sum(1).tolist()
                cols = x.sum(0).tolist()
                return x + cols[0], rows

        example_inputs = [(torch.randn(3, 4),)]
        dynamic_shapes = ({0: Dim.DYNAMIC},)
        """
    ) == [(7, "EXL202"), (8, "EXL202")]


def test_slices_of_a_shape_are_not_the_tensor_axes() -> None:
    assert exl102_lines(
        """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self, d):
                super().__init__()
                self.proj = nn.Linear(d, 8)

            def forward(self, x):
                y = self.proj(x)
                if y.shape[:-1][-1] > 8:
                    return y
                if x.shape[1:][0] == x.shape[0]:
                    return y
                return -y
        """
    ) == [12, 14]


def test_a_name_that_holds_another_tensor_after_a_branch_is_not_one_symbol() -> None:
    assert exl102_lines(
        """
        import torch
        from torch import nn

        class Model(nn.Module):
            def __init__(self, d):
                super().__init__()
                self.proj = nn.Linear(d, d)

            def forward(self, x, flag: bool):
                h = self.proj(x)
                n = h.shape[1]
                if flag:
                    h = self.proj(x[:, ::2])
                if n == h.shape[1]:
                    return h
                return -h
        """
    ) == [15]


def test_check_facts_on_a_size_hold_whichever_way_it_is_spelled() -> None:
    assert not exl102_lines(
        """
        import torch

        class Model(torch.nn.Module):
            def forward(self, x):
                torch._check(x.size(1) >= 8)
                if x.shape[1] // 2 >= 4:
                    x = x * 2
                torch._check(x.shape[0] >= 2)
                if x.size(0) > 1:
                    x = x + 1
                return x
        """
    )


EMPTY_TESTS = """\
import torch
from torch import nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Conv2d(4, 1, 3, padding=1)

    def forward(self, x):
        m = self.head(x)[:, 0]
        {extra}
        n = m.shape[0]
        if n == 0:
            return m
        if x.shape[0] != 0:
            m = m * 2
        return m
"""


def test_empty_batch_tests_of_a_convolution_output_are_decided() -> None:
    # The batch axis of a convolution's output is the input's: at least 2 under export.
    # Measured on 2.13 (rules/EXL102-shape-condition/README.md): no guard, right on every size.
    assert exl102_lines(EMPTY_TESTS.format(extra="pass")) == []


@pytest.mark.parametrize(
    "extra",
    [
        "if m.shape[1] == 0:\n            m = m + 1",  # a convolution's spatial axis: derived
        "if m.numel() == 0:\n            m = m + 1",  # numel: see the sam3 case above
        "if m.shape[0] == 1:\n            m = m + 1",  # batch 1 is a real input
    ],
)
def test_tests_on_derived_sizes_or_on_one_stay_reported(extra: str) -> None:
    assert exl102_lines(EMPTY_TESTS.format(extra=extra)) == [12]


KEYED = """\
import torch
from torch import nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.keys = ["a", "b"]

    def forward(self, values, lengths):
        stride = {stride}
        rows = lengths.view(-1, stride)
        totals = torch.sum(rows, dim=1).tolist()
        out = []
        for piece, counts in zip(values.split(totals), rows.unbind(0)):
            out.append(piece.sum() + counts.sum())
        return torch.stack(out)
"""


def test_a_view_by_the_element_count_over_a_constant_has_that_many_rows() -> None:
    # `view(-1, numel // k)` has k rows: `unbind(0)` is a fixed count, and the `.tolist()` of
    # `torch.sum(rows, dim=1)` (static length) used only as split sizes exports (proved by
    # rules/EXL202-host-conversion/safe_tolist_split_sizes.py).
    assert codes(KEYED.format(stride="lengths.numel() // len(self.keys)")) == []


@pytest.mark.parametrize(
    "stride",
    [
        "lengths.numel() // values.numel()",  # not a constant divisor
        "values.numel() // len(self.keys)",  # the count of another tensor
        "lengths.shape[0] // len(self.keys)",  # not the element count (the rank is not known)
    ],
)
def test_other_views_keep_a_dynamic_row_count(stride: str) -> None:
    found = {code for _, code in codes(KEYED.format(stride=stride))}
    assert {"EXL202", "EXL304"} <= found
