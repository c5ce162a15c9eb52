import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """new_tensor of configuration values and torch.tensor of a range over a config count:
    neither depends on a dynamic size, so nothing is specialised."""

    def __init__(self, heads=4):
        super().__init__()
        self.heads = heads
        self.std = (0.1, 0.1, 0.2, 0.2)

    def forward(self, boxes):
        std = boxes.new_tensor(self.std)
        head_ids = torch.tensor(list(range(self.heads)))
        return boxes * std + head_ids.sum()


torch.manual_seed(0)
example_inputs = [(torch.rand(2, 5, 4),), (torch.rand(3, 7, 4),), (torch.rand(1, 9, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
