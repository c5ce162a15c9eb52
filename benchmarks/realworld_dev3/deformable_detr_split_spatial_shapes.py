# Source: huggingface/transformers src/transformers/models/deformable_detr/modeling_deformable_detr.py
#   (multi_scale_deformable_attention, transformers <= 4.44, before `value_spatial_shapes_list`):
#   `batch_size, _, num_heads, hidden_dim = value.shape`, `value_list = value.split([height * width
#   for height, width in value_spatial_shapes], dim=1)`, `for level_id, (height, width) in
#   enumerate(value_spatial_shapes): value_l_ = (value_list[level_id].flatten(2).transpose(1,
#   2).reshape(batch_size * num_heads, hidden_dim, height, width))`; the encoder builds
#   `spatial_shapes = torch.as_tensor(spatial_shapes, dtype=torch.long, device=...)`.
# What fails: the level sizes are read back from a tensor: the split sizes and the reshape are
#   data (unbacked) at trace time.
import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim


def multi_scale_deformable_attention(value, value_spatial_shapes, sampling_locations):
    batch_size, _, num_heads, hidden_dim = value.shape
    value_list = value.split([height * width for height, width in value_spatial_shapes], dim=1)  # expect: EXL401
    sampling_grids = 2 * sampling_locations - 1
    sampling_value_list = []
    for level_id, (height, width) in enumerate(value_spatial_shapes):  # expect: EXL401
        value_l_ = value_list[level_id].flatten(2).transpose(1, 2).reshape(batch_size * num_heads, hidden_dim, height, width)
        sampling_grid_l_ = sampling_grids[:, :, :, level_id].transpose(1, 2).flatten(0, 1)
        sampling_value_l_ = F.grid_sample(value_l_, sampling_grid_l_, mode="bilinear", padding_mode="zeros", align_corners=False)
        sampling_value_list.append(sampling_value_l_)
    return torch.stack(sampling_value_list, dim=-1).sum(-1)


class Model(nn.Module):
    def __init__(self, dim=4, num_heads=1):
        super().__init__()
        self.num_heads = num_heads
        self.input_proj = nn.ModuleList([nn.Conv2d(3, dim, 1), nn.Conv2d(3, dim, 1)])
        self.offsets = nn.Linear(dim, 2 * 2)

    def forward(self, pixel_values):
        sources = [self.input_proj[0](pixel_values), self.input_proj[1](F.avg_pool2d(pixel_values, 2))]
        spatial_shapes = []
        flat = []
        for source in sources:
            batch_size, _, height, width = source.shape
            spatial_shapes.append((height, width))
            flat.append(source.flatten(2).transpose(1, 2))
        spatial_shapes = torch.as_tensor(spatial_shapes, dtype=torch.long, device=flat[0].device)
        value = torch.cat(flat, 1)
        queries = value[:, :4]
        sampling_locations = self.offsets(queries).sigmoid().view(value.shape[0], 4, self.num_heads, 2, 1, 2)
        return multi_scale_deformable_attention(value.unsqueeze(2), spatial_shapes, sampling_locations)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 6, 10),), (torch.randn(3, 3, 4, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
