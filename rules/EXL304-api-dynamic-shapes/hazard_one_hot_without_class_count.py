import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Token-type embeddings from one-hot codes; the class count is left to one_hot.

    Without num_classes, one_hot reads max() + 1 from the data: export fails.
    """

    def __init__(self):
        super().__init__()
        self.table = torch.nn.Linear(3, 8, bias=False)

    def forward(self, type_ids):
        codes = F.one_hot(type_ids).float()  # expect: EXL304
        return self.table(codes[..., :3])


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[0, 1, 2, 1], [2, 2, 0, 1]]),),
    (torch.tensor([[0, 1, 2, 1, 0, 2], [2, 2, 0, 1, 1, 1], [0, 0, 0, 1, 2, 2]]),),
    (torch.tensor([[1, 2, 0], [0, 1, 2]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
