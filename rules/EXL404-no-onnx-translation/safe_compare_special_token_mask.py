import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Embed tokens and zero the embeddings of special tokens (pad, bos, eos).

    Comparing against each special id and reducing with any() converts.
    """

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(10, 4)
        self.register_buffer("special", torch.tensor([0, 1, 2]))

    def forward(self, input_ids):
        # input_ids: (batch, seq)
        is_special = (input_ids[..., None] == self.special).any(-1)
        return self.embed(input_ids) * (~is_special)[..., None]


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 10, (2, 6)),),
    (torch.randint(0, 10, (3, 11)),),
    (torch.randint(0, 10, (2, 4)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
