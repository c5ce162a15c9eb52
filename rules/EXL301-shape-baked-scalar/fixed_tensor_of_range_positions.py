import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Learned position embeddings indexed by the token positions.

    torch.tensor(list(range(n))) makes n Python ints: export fixes n to the traced
    length (Constraints violated).
    """

    def __init__(self):
        super().__init__()
        self.pos = torch.nn.Embedding(32, 8)

    def forward(self, x):
        # x: (batch, seq, 8)
        positions = torch.arange(x.shape[1])  # expect: EXL301
        return x + self.pos(positions)[None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(3, 11, 8),),
    (torch.randn(2, 4, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
