# Source: huggingface/transformers src/transformers/models/vilt/modeling_vilt.py
#   (ViltEmbeddings.visual_embed, paraphrased; the random patch sampling of the original is
#   replaced by taking the first valid patches so the model is deterministic): `valid_idx =
#   x_mask.nonzero()`, `non_valid_idx = (1 - x_mask).nonzero()`, `unique_rows =
#   valid_idx[:, 0].unique()`, `valid_row_idx = [valid_idx[valid_idx[:, 0] == u] for u in
#   unique_rows]`, `non_valid_row_idx = [non_valid_idx[non_valid_idx[:, 0] == u] for u in
#   unique_rows]`, `valid_nums = [v.size(0) for v in valid_row_idx]`, ..., `select =
#   torch.cat(select, dim=0)`, `x = x[select[:, 0], select[:, 1]].view(batch_size, -1,
#   num_channels)`.
# What fails: Python loops over the image indices that `unique()` of a `nonzero()` returns
#   (data-dependent), with per-image counts read as Python ints.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, channels=4, max_image_length=6):
        super().__init__()
        self.max_image_length = max_image_length
        self.patch = nn.Conv2d(3, channels, 2, stride=2)

    def forward(self, pixel_values, pixel_mask):
        x = self.patch(pixel_values)
        x_mask = pixel_mask[:, None, :, :].float()
        x_mask = nn.functional.interpolate(x_mask, size=x.shape[2:]).long()[:, 0]
        batch_size, num_channels = x.shape[:2]
        x = x.flatten(2).transpose(1, 2)
        x_mask = x_mask.flatten(1)
        valid_idx = x_mask.nonzero()
        unique_rows = valid_idx[:, 0].unique()
        valid_row_idx = [valid_idx[valid_idx[:, 0] == u] for u in unique_rows]  # expect: EXL401
        select = [v[: self.max_image_length] for v in valid_row_idx]
        select = torch.cat(select, dim=0)
        return x[select[:, 0], select[:, 1]].view(batch_size, -1, num_channels)


torch.manual_seed(0)
mask0 = torch.ones(2, 8, 8, dtype=torch.long)
mask1 = torch.ones(3, 10, 8, dtype=torch.long)
mask1[1, :, 6:] = 0
mask2 = torch.ones(1, 12, 12, dtype=torch.long)
example_inputs = [(torch.randn(2, 3, 8, 8), mask0), (torch.randn(3, 3, 10, 8), mask1), (torch.randn(1, 3, 12, 12), mask2)]
b, h, w = Dim("b"), Dim("h"), Dim("w")
dynamic_shapes = ({0: b, 2: h, 3: w}, {0: b, 1: h, 2: w})
