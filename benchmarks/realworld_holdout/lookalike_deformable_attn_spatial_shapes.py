# Source: fundamentalvision/Deformable-DETR models/ops/functions/ms_deform_attn_func.py
#   (ms_deform_attn_core_pytorch, copied into transformers' deformable_detr/rt_detr/grounding_dino
#   as multi_scale_deformable_attention): `value_list = value.split([H_ * W_ for H_, W_ in
#   value_spatial_shapes], dim=1)`, `for lid_, (H_, W_) in enumerate(value_spatial_shapes):
#   value_l_ = value_list[lid_].flatten(2).transpose(1, 2).reshape(N_*M_, D_, H_, W_)`.
# Look-alike (measured on torch 2.13): the rows of a tensor of static shape are iterated a
#   fixed number of times, and `H_ * W_` become unbacked sizes that `split`, `reshape` and
#   `grid_sample` accept: this exports, converts and matches eager on unseen feature-map sizes.
import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim


def ms_deform_attn_core_pytorch(value, value_spatial_shapes, sampling_locations, attention_weights):
    N_, S_, M_, D_ = value.shape
    _, Lq_, M_, L_, P_, _ = sampling_locations.shape
    value_list = value.split([H_ * W_ for H_, W_ in value_spatial_shapes], dim=1)
    sampling_grids = 2 * sampling_locations - 1
    sampling_value_list = []
    for lid_, (H_, W_) in enumerate(value_spatial_shapes):
        value_l_ = value_list[lid_].flatten(2).transpose(1, 2).reshape(N_ * M_, D_, H_, W_)
        sampling_grid_l_ = sampling_grids[:, :, :, lid_].transpose(1, 2).flatten(0, 1)
        sampling_value_l_ = F.grid_sample(
            value_l_, sampling_grid_l_, mode="bilinear", padding_mode="zeros", align_corners=False
        )
        sampling_value_list.append(sampling_value_l_)
    attention_weights = attention_weights.transpose(1, 2).reshape(N_ * M_, 1, Lq_, L_ * P_)
    output = (torch.stack(sampling_value_list, dim=-2).flatten(-2) * attention_weights).sum(-1)
    return output.view(N_, M_ * D_, Lq_).transpose(1, 2).contiguous()


class Model(nn.Module):
    def __init__(self, heads=2, head_dim=4, levels=2, points=2):
        super().__init__()
        self.heads, self.head_dim, self.levels, self.points = heads, head_dim, levels, points
        self.value_proj = nn.Linear(heads * head_dim, heads * head_dim)
        self.sampling_offsets = nn.Linear(heads * head_dim, heads * levels * points * 2)
        self.attention_weights = nn.Linear(heads * head_dim, heads * levels * points)

    def forward(self, query, value, value_spatial_shapes, reference_points):
        n, lq, _ = query.shape
        v = self.value_proj(value).view(n, value.shape[1], self.heads, self.head_dim)
        offsets = self.sampling_offsets(query).view(n, lq, self.heads, self.levels, self.points, 2)
        weights = self.attention_weights(query).view(n, lq, self.heads, self.levels * self.points).softmax(-1)
        weights = weights.view(n, lq, self.heads, self.levels, self.points)
        locations = reference_points[:, :, None, :, None, :] + offsets.tanh() * 0.1
        return ms_deform_attn_core_pytorch(v, value_spatial_shapes, locations, weights)


def _inputs(n, lq, shapes):
    s = sum(h * w for h, w in shapes)
    return (torch.randn(n, lq, 8), torch.randn(n, s, 8), torch.tensor(shapes), torch.rand(n, lq, 2, 2))


torch.manual_seed(0)
example_inputs = [_inputs(2, 5, [[4, 4], [2, 3]]), _inputs(1, 7, [[6, 5], [3, 3]]), _inputs(3, 4, [[2, 8], [1, 4]])]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, None, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
