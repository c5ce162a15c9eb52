import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """The same embeddings with the class count given: one_hot's output size is static."""

    def __init__(self, type_vocab=3):
        super().__init__()
        self.type_vocab = type_vocab
        self.table = torch.nn.Linear(3, 8, bias=False)

    def forward(self, type_ids):
        codes = F.one_hot(type_ids, num_classes=self.type_vocab).float()
        return self.table(codes)


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[0, 1, 2, 1], [2, 2, 0, 1]]),),
    (torch.tensor([[0, 1, 2, 1, 0, 2], [2, 2, 0, 1, 1, 1], [0, 0, 0, 1, 2, 2]]),),
    (torch.tensor([[1, 2, 0], [0, 1, 2]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
