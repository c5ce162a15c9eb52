# Source: open-mmlab/OpenPCDet pcdet/models/backbones_3d/vfe/dynamic_pillar_vfe.py
#   (DynamicPillarVFE.forward): `points_coords = torch.floor((points[:, [1, 2]] -
#   self.point_cloud_range[[0, 1]]) / self.voxel_size[[0, 1]]).int()`, `merge_coords = points[:, 0].int()
#   * self.scale_xy + points_coords[:, 0] * self.scale_y + points_coords[:, 1]`, `unq_coords, unq_inv,
#   unq_cnt = torch.unique(merge_coords, return_inverse=True, return_counts=True, dim=0)`,
#   `points_mean = torch_scatter.scatter_mean(points_xyz, unq_inv, dim=0)` (written with
#   index_add here).
# What fails: the number of occupied pillars (torch.unique) is data, and the scatter target is
#   sized by it.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, voxel_size=0.5, grid=4):
        super().__init__()
        self.register_buffer("voxel_size", torch.tensor([voxel_size, voxel_size]))
        self.register_buffer("point_cloud_range", torch.tensor([0.0, 0.0]))
        self.scale_xy = grid * grid
        self.scale_y = grid
        self.pfn = nn.Linear(3, 4)

    def forward(self, points):
        points_coords = torch.floor((points[:, [1, 2]] - self.point_cloud_range[[0, 1]]) / self.voxel_size[[0, 1]]).int()
        merge_coords = points[:, 0].int() * self.scale_xy + points_coords[:, 0] * self.scale_y + points_coords[:, 1]
        unq_coords, unq_inv, unq_cnt = torch.unique(merge_coords, return_inverse=True, return_counts=True, dim=0)  # expect: NONE-unique-size
        features = self.pfn(points[:, 1:4])
        pillar_sum = features.new_zeros(unq_coords.shape[0], features.shape[1]).index_add_(0, unq_inv, features)
        return pillar_sum / unq_cnt[:, None]


torch.manual_seed(0)
example_inputs = [
    (torch.cat([torch.zeros(6, 1), torch.rand(6, 3) * 2], 1),),
    (torch.cat([torch.zeros(9, 1), torch.rand(9, 3) * 2], 1),),
    (torch.cat([torch.zeros(4, 1), torch.rand(4, 3) * 2], 1),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
