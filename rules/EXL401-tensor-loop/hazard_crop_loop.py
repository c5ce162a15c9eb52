import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Cut the columns between consecutive split points and keep at most `crop_size` of each.

    onnx-diagnostic's own example for `simple_loop_for` (the crop loop of its documentation):
    the pieces have different widths, the body tests the size of each piece, and the loop runs
    once per split point, a number known only at run time.
    """

    def __init__(self, crop_size=4):
        super().__init__()
        self.crop_size = crop_size

    def forward(self, W, splits):
        crop_size = self.crop_size
        starts = splits[:-1]
        ends = splits[1:]
        cropped = []
        for start, end in zip(starts, ends):  # expect: EXL401
            extract = W[:, start:end]
            if extract.shape[1] < crop_size:  # expect: EXL102
                cropped.append(extract)
            else:
                cropped.append(extract[:, :crop_size])
        return torch.cat(cropped, axis=1)


example_inputs = [
    (torch.rand((2, 22)), torch.tensor([0, 5, 15, 20, 22], dtype=torch.int64)),
    (torch.rand((3, 40)), torch.tensor([0, 3, 9, 10, 18, 30, 31, 40], dtype=torch.int64)),
    (torch.rand((5, 7)), torch.tensor([1, 7, 7], dtype=torch.int64)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
