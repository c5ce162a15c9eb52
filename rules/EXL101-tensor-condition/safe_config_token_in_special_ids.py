import torch
from torch.export import Dim


class Config:
    pad_token_id = 0
    special_ids = (0, 1, 2)


class Model(torch.nn.Module):
    """Membership in a Python tuple of the config (not in a tensor), and the padding test done
    with tensor ops: nothing asks a tensor for a Python bool."""

    def __init__(self):
        super().__init__()
        self.config = Config()
        self.embed = torch.nn.Embedding(16, 4)

    def forward(self, input_ids):
        out = self.embed(input_ids)
        if self.config.pad_token_id in self.config.special_ids:
            keep = (input_ids != self.config.pad_token_id).unsqueeze(-1)
            out = out * keep
        return out.mean(1)


example_inputs = [
    (torch.tensor([[1, 2, 3, 0], [4, 5, 6, 7]]),),
    (torch.tensor([[3, 4, 5, 6, 7, 8]]),),
    (torch.tensor([[0, 1, 2], [2, 3, 4], [5, 6, 0]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
