import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Position ids from the attention mask with cumsum (translated to ONNX CumSum)."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(32, 8)

    def forward(self, attention_mask):
        positions = torch.cumsum(attention_mask, dim=1) * attention_mask - 1
        return self.embed(positions.clamp(min=0))


example_inputs = [
    (torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]),),
    (torch.tensor([[1, 1, 0], [1, 0, 0], [1, 1, 1]]),),
    (torch.tensor([[1, 1, 1, 1, 1, 1, 0], [1, 1, 1, 0, 0, 0, 0]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
