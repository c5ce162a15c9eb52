import torch
from torch.export import Dim
from torch.nn.utils.rnn import pad_sequence


class Model(torch.nn.Module):
    """Packed (ragged) tokens -> padded batch -> mean embedding per sequence.

    lengths.tolist() builds a Python list whose length is the dynamic batch
    size, so export has to specialize it.
    """

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(4, 4)

    def forward(self, tokens, lengths):
        # tokens: (total_tokens, 4); lengths: (batch,) with lengths.sum() == total_tokens
        sizes = lengths.tolist()  # expect: EXL202
        padded = pad_sequence(torch.split(self.proj(tokens), sizes), batch_first=True)
        return padded.sum(dim=1) / lengths.unsqueeze(1).to(padded.dtype)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(9, 4), torch.tensor([4, 3, 2])),
    (torch.randn(12, 4), torch.tensor([5, 1, 2, 4])),
    (torch.randn(7, 4), torch.tensor([3, 4])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
