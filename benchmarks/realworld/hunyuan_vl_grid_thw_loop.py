# Source: huggingface/transformers src/transformers/models/hunyuan_vl/modeling_hunyuan_vl.py
#   (HunYuanVLVisionEmbeddings.forward): `for t, h, w in grid_thw:` appending
#   `self.interpolate_pos_encoding(embeddings, h, w).squeeze(0).repeat(t, 1)`, then
#   `torch.concat(position_embeddings_list, dim=0)`.
# What fails: the loop iterates the rows of the `grid_thw` tensor and uses tensor values as
#   sizes (interpolate size, repeat count): data-dependent, export cannot trace it.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, side=4):
        super().__init__()
        self.side = side
        self.patch = nn.Linear(12, dim)
        self.position_embedding = nn.Parameter(torch.randn(1, dim, side, side))

    def interpolate_pos_encoding(self, h, w):
        pos = nn.functional.interpolate(self.position_embedding, size=(h, w), mode="bilinear", align_corners=False)
        return pos.flatten(2).transpose(1, 2)

    def forward(self, patches, grid_thw):
        embeddings = self.patch(patches)
        position_embeddings_list = []
        for t, h, w in grid_thw:  # expect: EXL401
            position_embeddings_list.append(self.interpolate_pos_encoding(h, w).squeeze(0).repeat(t, 1))
        position_embeddings = torch.concat(position_embeddings_list, dim=0)
        return embeddings + position_embeddings


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2 * 2 * 3 + 4 * 2, 12), torch.tensor([[2, 2, 3], [1, 4, 2]])),
    (torch.randn(3 * 3 + 2 * 2 + 2 * 4, 12), torch.tensor([[1, 3, 3], [1, 2, 2], [2, 2, 2]])),
    (torch.randn(4 * 5, 12), torch.tensor([[1, 4, 5]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
