import torch
from torch.export import Dim


def masks_to_boxes(masks):
    """Box corners of each (score-weighted) mask, with the usual early return for an empty
    batch: `masks.shape[0] == 0` is decided without a guard under export."""
    if masks.shape[0] == 0:
        return masks.new_zeros(*masks.shape[:-2], 4)
    rows = masks.amax(-1)
    cols = masks.amax(-2)
    first = torch.stack((cols.argmax(-1), rows.argmax(-1)), -1).float()
    return torch.cat((first, cols.amax(-1, keepdim=True), rows.amax(-1, keepdim=True)), -1)


def make_inputs(n, h, w):
    """Features of `n` instances (the rank is not visible to a reader of `example_inputs`)."""
    return (torch.randn(n, 4, h, w),)


class Model(torch.nn.Module):
    """An instance head: per-instance mask logits from a convolution, then boxes. The count of
    instances is the batch axis of the convolution's output, read through a name (`n =
    logits.shape[0]`); `n == 0` is decided like `x.shape[0] == 0` (measured on 2.13: no guard,
    right on every size >= 2)."""

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Conv2d(4, 1, 3, padding=1)

    def forward(self, feats):
        logits = self.head(feats)[:, 0]
        n = logits.shape[0]
        if n == 0:
            return logits.new_zeros(0, 4)
        scores = feats.sigmoid().mean(1)
        return masks_to_boxes(scores) * logits.mean((1, 2)).unsqueeze(-1)


torch.manual_seed(0)
example_inputs = [make_inputs(3, 12, 10), make_inputs(5, 9, 15), make_inputs(2, 16, 8)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
