import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Token encoder whose positions are clipped to the size of its position table.

    len(self.pos_table) is the first dimension of a parameter, which is static;
    the positions come from tokens.shape[0].
    """

    def __init__(self):
        super().__init__()
        self.tok = torch.nn.Embedding(30, 8)
        self.pos_table = torch.nn.Parameter(torch.randn(16, 8) * 0.02)

    def forward(self, tokens):
        # tokens: (seq,) token ids
        positions = torch.arange(tokens.shape[0]).clamp(max=len(self.pos_table) - 1)
        return self.tok(tokens) + self.pos_table[positions]


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 30, (7,)),),
    (torch.randint(0, 30, (20,)),),
    (torch.randint(0, 30, (3,)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
