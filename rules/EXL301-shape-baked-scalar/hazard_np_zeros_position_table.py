import numpy as np
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Add a one-hot "is first token" column table built in numpy.

    np.zeros((n, 1)) of a dynamic length: numpy needs a Python int, so export fixes the
    length to the traced one (Constraints violated).
    """

    def forward(self, x):
        # x: (batch, seq, 1)
        table = np.zeros((x.shape[1], 1), dtype=np.float32)  # expect: EXL301
        table[0, 0] = 1.0
        return x + torch.from_numpy(table)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 1),),
    (torch.randn(3, 11, 1),),
    (torch.randn(2, 4, 1),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
