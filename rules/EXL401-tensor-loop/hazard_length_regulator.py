import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """FastSpeech's length regulator: every phoneme embedding is repeated for as many
    frames as its predicted duration, each item of the batch written into a zero-padded
    frame tensor."""

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Linear(8, 8)

    def forward(self, tokens, durations):
        embedded = self.encoder(tokens)
        frames = durations.sum(dim=1).max()
        out = embedded.new_zeros(embedded.size(0), frames, embedded.size(2))
        for i, (phonemes, duration) in enumerate(zip(embedded, durations)):  # expect: EXL401
            # each phoneme lasts its duration
            expanded = torch.repeat_interleave(phonemes, duration, dim=0)
            out[i, : expanded.size(0)] = expanded
        return out


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 8), torch.tensor([[1, 2, 0, 1], [2, 2, 1, 1]])),
    (torch.randn(3, 5, 8), torch.tensor([[1, 1, 1, 1, 1], [0, 3, 1, 0, 2], [2, 0, 0, 1, 1]])),
    (torch.randn(1, 3, 8), torch.tensor([[3, 1, 2]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
