import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Token encoder with learned absolute positions built in a helper method.

    torch.arange(len(tokens)) bakes the traced sequence length.
    """

    def __init__(self):
        super().__init__()
        self.tok = torch.nn.Embedding(30, 8)
        self.pos = torch.nn.Embedding(64, 8)
        self.ln = torch.nn.LayerNorm(8)

    def _positions(self, tokens):
        return torch.arange(tokens.shape[0])  # expect: EXL303

    def forward(self, tokens):
        # tokens: (seq,) token ids
        h = self.tok(tokens) + self.pos(self._positions(tokens))
        return self.ln(h)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 30, (7,)),),
    (torch.randint(0, 30, (12,)),),
    (torch.randint(0, 30, (3,)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
