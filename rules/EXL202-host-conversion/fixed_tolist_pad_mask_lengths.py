import torch
from torch.export import Dim


def make_non_pad_mask(lengths):
    """The frames of each utterance (True) and the padding after it (False)."""
    lengths = lengths  # expect: EXL202
    batch = lengths.shape[0]
    max_len = lengths.max().item()
    seq_range = torch.arange(0, max_len, dtype=torch.int64).expand(batch, max_len)
    return seq_range < lengths.to(seq_range).unsqueeze(-1)


class Model(torch.nn.Module):
    """Mean of an encoder's frames over each utterance's own length (ASR front ends)."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Linear(6, 6)

    def forward(self, feats, feats_lengths):
        mask = make_non_pad_mask(feats_lengths)
        hidden = self.encoder(feats) * mask[:, :, None]
        return hidden.sum(1) / feats_lengths[:, None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8, 6), torch.tensor([8, 5])),
    (torch.randn(3, 11, 6), torch.tensor([4, 11, 7])),
]
batch = Dim("batch")
dynamic_shapes = ({0: batch, 1: Dim.DYNAMIC}, {0: batch})
