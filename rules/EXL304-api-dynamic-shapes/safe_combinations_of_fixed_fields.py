import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A factorisation machine's field interactions: the pairs of a fixed number of fields are
    enumerated once, in `__init__`, and kept as a buffer; forward only indexes with them."""

    def __init__(self, num_fields=4):
        super().__init__()
        self.embed = torch.nn.Linear(3, 4)
        self.register_buffer("pairs", torch.combinations(torch.arange(num_fields), r=2))

    def forward(self, fields):
        emb = self.embed(fields)
        inter = (emb[:, self.pairs[:, 0]] * emb[:, self.pairs[:, 1]]).sum(-1)
        return inter.sum(1, keepdim=True)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 3),),
    (torch.randn(5, 4, 3),),
    (torch.randn(3, 4, 3),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
