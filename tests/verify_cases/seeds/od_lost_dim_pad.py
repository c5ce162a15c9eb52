"""onnx-diagnostic, "A dynamic dimension lost by torch.export.export": pad with value=y.shape[0].

torch.export bakes the pad value (y.shape[0] == 2) into the graph and y.shape[0] (Dim.AUTO)
comes out static: the program refuses the second input set (y of 3), which eager accepts.
"""

import torch


def dummy_function(idx, x_len):
    # [1, 2, 3] becomes [1, 2, 3, x_len]
    return torch.nn.functional.pad(idx, (0, 1), value=x_len)


class Model(torch.nn.Module):
    def forward(self, x, y):
        padded = dummy_function(x, y.shape[0])
        return padded.reshape((-1, 1)) + torch.arange(padded.max()).reshape((1, -1))


AUTO = torch.export.Dim.AUTO
model = Model()
example_inputs = [
    ((torch.arange(3) + 1).to(torch.int64), torch.tensor([0, 5], dtype=torch.int64)),
    ((torch.arange(3) + 1).to(torch.int64), torch.tensor([0, 5, 6], dtype=torch.int64)),
]
dynamic_shapes = {"x": {0: AUTO}, "y": {0: AUTO}}
