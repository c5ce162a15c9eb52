# Source: huggingface/transformers src/transformers/models/deformable_detr/modeling_deformable_detr.py
#   (DeformableDetrModel.forward): `lvl_pos_embed = pos_embed + self.level_embed[level].view(1, 1, -1)`
#   with `self.level_embed = nn.Parameter(torch.Tensor(config.num_feature_levels, config.d_model))`;
#   mask2former indexes its `level_embed` nn.Embedding with a level tensor the same way.
# Look-alike: a parameter indexed with a tensor is a gather, and a ModuleList indexed with a
#   Python int is static: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, levels=2, d_model=4):
        super().__init__()
        self.level_embed = nn.Parameter(torch.randn(levels, d_model))
        self.input_proj = nn.ModuleList([nn.Conv2d(3, d_model, 1), nn.Conv2d(3, d_model, 1)])

    def forward(self, x, level_ids):
        feats = []
        for level in range(2):
            source = self.input_proj[level](x).flatten(2).transpose(1, 2)
            feats.append(source + self.level_embed[level].view(1, 1, -1))
        tokens = torch.cat(feats, dim=1)
        return tokens + self.level_embed[level_ids].unsqueeze(1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 4, 4), torch.tensor([0, 1])),
    (torch.randn(1, 3, 6, 2), torch.tensor([1])),
    (torch.randn(3, 3, 3, 5), torch.tensor([1, 0, 1])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
