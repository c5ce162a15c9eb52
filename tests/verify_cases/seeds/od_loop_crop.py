"""onnx-diagnostic, "Export with loops": the Python loop over data-dependent splits.

Slicing W with the values of `splits` depends on the data: torch.export cannot trace it.
"""

import torch


class Model(torch.nn.Module):
    def __init__(self, crop_size):
        super().__init__()
        self.crop_size = crop_size

    def forward(self, W, splits):
        crop_size = self.crop_size
        starts = splits[:-1]
        ends = splits[1:]
        cropped = []
        for start, end in zip(starts, ends):
            extract = W[:, start:end]
            if extract.shape[1] < crop_size:
                cropped.append(extract)
            else:
                cropped.append(extract[:, :crop_size])
        return torch.cat(cropped, axis=1)


model = Model(4)
example_inputs = [(torch.rand((2, 22)), torch.tensor([0, 5, 15, 20, 22], dtype=torch.int64))]
