import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Cosine-similarity classifier with frozen, pre-normalised class prototypes.

    Old code reads the prototypes through .data to keep them out of autograd;
    .data escapes tracing and export fails.
    """

    def __init__(self):
        super().__init__()
        self.scale = 16.0
        self.prototypes = torch.nn.Parameter(F.normalize(torch.randn(6, 8), dim=1))

    def forward(self, emb):
        protos = self.prototypes.detach()  # expect: EXL202
        emb = F.normalize(emb, dim=1)
        return self.scale * emb @ protos.t()


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(9, 8),), (torch.randn(5, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
