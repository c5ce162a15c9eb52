# The example of onnx-diagnostic's documentation "Export with loops"
# (_doc/technical/plot_simple_for_loop.py, sphinx-gallery page auto_technical/
# plot_simple_for_loop), code blocks copied unchanged except: the `doc` import and the
# plotting/printing lines are left out.  tests/test_ops.py replaces ONLY the import line of
# simple_loop_for with `from exportlint.ops import simple_loop_for` and runs the rest as is.
# This file is data: it is not imported (onnx_diagnostic is not a dependency).
# ruff: noqa
# fmt: off

import torch
from onnx_diagnostic.export.cf_simple_loop_for import simple_loop_for


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
args = (torch.rand((2, 22)), torch.tensor([0, 5, 15, 20, 22], dtype=torch.int64))

expected = model(*args)


class ModelWithLoop(Model):
    def forward(self, W, splits):
        crop_size = self.crop_size
        starts = splits[:-1]
        ends = splits[1:]

        def body_loop(i, splits, W):
            split = splits[i.item() : (i + 1).item()][0]  # [i.item()] fails
            extract = W[:, split[0].item() : split[1].item()]
            cropped = extract[:, : torch.sym_min(extract.shape[1], crop_size)]
            return (cropped,)

        starts_ends = torch.cat([starts.unsqueeze(1), ends.unsqueeze(1)], axis=1)
        n_iterations = torch.tensor(starts_ends.shape[0], dtype=torch.int64)
        return simple_loop_for(
            n_iterations, body_loop, (starts_ends, W), concatenation_dims=[1]
        )


rewritten_model_with_loop = ModelWithLoop(4)
results = rewritten_model_with_loop(*args)

dynamic_shapes = (
    {0: torch.export.Dim.DYNAMIC, 1: torch.export.Dim.DYNAMIC},
    {0: torch.export.Dim.DYNAMIC},
)
