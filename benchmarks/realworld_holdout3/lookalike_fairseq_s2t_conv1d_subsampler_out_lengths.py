# Source: facebookresearch/fairseq fairseq/models/speech_to_text/s2t_transformer.py
#   (Conv1dSubsampler, as called by S2TTransformerEncoder._forward: `x, input_lengths =
#   self.subsample(src_tokens, src_lengths)`): `self.n_layers = len(kernel_sizes)`,
#   `self.conv_layers = nn.ModuleList(nn.Conv1d(in_channels if i == 0 else mid_channels // 2,
#   mid_channels if i < self.n_layers - 1 else out_channels * 2, k, stride=2, padding=k // 2) for i,
#   k in enumerate(kernel_sizes))`; `def get_out_seq_lens_tensor(self, in_seq_lens_tensor): out =
#   in_seq_lens_tensor.clone(); for _ in range(self.n_layers): out = ((out.float() - 1) / 2 +
#   1).floor().long(); return out`; `def forward(self, src_tokens, src_lengths): bsz, in_seq_len, _
#   = src_tokens.size()  # B x T x (C x D); x = src_tokens.transpose(1, 2).contiguous(); for conv
#   in self.conv_layers: x = conv(x); x = nn.functional.glu(x, dim=1); _, _, out_seq_len =
#   x.size(); x = x.transpose(1, 2).transpose(0, 1).contiguous()  # -> T x B x (C x D); return x,
#   self.get_out_seq_lens_tensor(src_lengths)`.
# Look-alike: the output lengths are computed in a Python loop, but over the configured number of
#   conv layers, and the arithmetic stays in tensors (`.floor().long()`): exports, converts and
#   matches eager on unseen batch sizes and lengths.
import torch
from torch import nn
from torch.export import Dim


class Conv1dSubsampler(nn.Module):
    def __init__(self, in_channels, mid_channels, out_channels, kernel_sizes=(3, 3)):
        super().__init__()
        self.n_layers = len(kernel_sizes)
        self.conv_layers = nn.ModuleList(
            nn.Conv1d(
                in_channels if i == 0 else mid_channels // 2,
                mid_channels if i < self.n_layers - 1 else out_channels * 2,
                k,
                stride=2,
                padding=k // 2,
            )
            for i, k in enumerate(kernel_sizes)
        )

    def get_out_seq_lens_tensor(self, in_seq_lens_tensor):
        out = in_seq_lens_tensor.clone()
        for _ in range(self.n_layers):
            out = ((out.float() - 1) / 2 + 1).floor().long()
        return out

    def forward(self, src_tokens, src_lengths):
        bsz, in_seq_len, _ = src_tokens.size()
        x = src_tokens.transpose(1, 2).contiguous()
        for conv in self.conv_layers:
            x = conv(x)
            x = nn.functional.glu(x, dim=1)
        _, _, out_seq_len = x.size()
        x = x.transpose(1, 2).transpose(0, 1).contiguous()
        return x, self.get_out_seq_lens_tensor(src_lengths)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.subsample = Conv1dSubsampler(4, 8, 6)

    def forward(self, src_tokens, src_lengths):
        return self.subsample(src_tokens, src_lengths)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 13, 4), torch.tensor([13, 9])),
    (torch.randn(3, 20, 4), torch.tensor([20, 20, 7])),
    (torch.randn(2, 8, 4), torch.tensor([8, 5])),
]
b = Dim("b")
dynamic_shapes = ({0: b, 1: Dim.DYNAMIC}, {0: b})
