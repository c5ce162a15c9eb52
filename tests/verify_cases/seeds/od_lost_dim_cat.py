"""onnx-diagnostic, "A dynamic dimension lost by torch.export.export": the fix with torch.cat.

y.shape[0] stays a symbol: the program gives eager's result on both input sets.
"""

import torch


def dummy_function_cat(idx, x_len):
    # [1, 2, 3] becomes [1, 2, 3, x_len]
    return torch.cat([idx, torch.tensor([x_len], dtype=torch.int64)], dim=0)


class ModelCat(torch.nn.Module):
    def forward(self, x, y):
        padded = dummy_function_cat(x, y.shape[0])
        return padded.reshape((-1, 1)) + torch.arange(padded.max()).reshape((1, -1))


AUTO = torch.export.Dim.AUTO
model = ModelCat()
example_inputs = [
    ((torch.arange(3) + 1).to(torch.int64), torch.tensor([0, 5], dtype=torch.int64)),
    ((torch.arange(3) + 1).to(torch.int64), torch.tensor([0, 5, 6], dtype=torch.int64)),
]
dynamic_shapes = {"x": {0: AUTO}, "y": {0: AUTO}}
