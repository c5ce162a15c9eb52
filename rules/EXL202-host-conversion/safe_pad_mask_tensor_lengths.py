import torch
from torch.export import Dim


def make_non_pad_mask(lengths, max_len):
    """The same mask built from the lengths tensor and the padded length: no list."""
    seq_range = torch.arange(0, max_len, dtype=torch.int64, device=lengths.device)
    return seq_range[None, :] < lengths[:, None]


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Linear(6, 6)

    def forward(self, feats, feats_lengths):
        mask = make_non_pad_mask(feats_lengths, feats.shape[1])
        hidden = self.encoder(feats) * mask[:, :, None]
        return hidden.sum(1) / feats_lengths[:, None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8, 6), torch.tensor([8, 5])),
    (torch.randn(3, 11, 6), torch.tensor([4, 11, 7])),
]
batch = Dim("batch")
dynamic_shapes = ({0: batch, 1: Dim.DYNAMIC}, {0: batch})
