# Source: yanx27/Pointnet_Pointnet2_pytorch models/pointnet2_utils.py (square_distance,
#   index_points, query_ball_point, paraphrased; the centroids are taken with a fixed stride
#   instead of the random-start farthest point sampling): square_distance: `B, N, _ = src.shape`, `_,
#   M, _ = dst.shape`, `dist = -2 * torch.matmul(src, dst.permute(0, 2, 1))`, `dist +=
#   torch.sum(src ** 2, -1).view(B, N, 1)`, `dist += torch.sum(dst ** 2, -1).view(B, 1, M)`;
#   index_points: `B = points.shape[0]`, `view_shape = list(idx.shape)`, `view_shape[1:] = [1] *
#   (len(view_shape) - 1)`, `repeat_shape = list(idx.shape)`, `repeat_shape[0] = 1`, `batch_indices =
#   torch.arange(B, dtype=torch.long).to(device).view(view_shape).repeat(repeat_shape)`, `new_points =
#   points[batch_indices, idx, :]`; query_ball_point: `B, N, C = xyz.shape`, `_, S, _ =
#   new_xyz.shape`, `group_idx = torch.arange(N, dtype=torch.long).to(device).view(1, 1, N).repeat([B,
#   S, 1])`, `sqrdists = square_distance(new_xyz, xyz)`, `group_idx[sqrdists > radius ** 2] = N`,
#   `group_idx = group_idx.sort(dim=-1)[0][:, :, :nsample]`, `group_first = group_idx[:, :,
#   0].view(B, S, 1).repeat([1, 1, nsample])`, `mask = group_idx == N`, `group_idx[mask] =
#   group_first[mask]`.
# Look-alike: `list(idx.shape)` edited in Python, a boolean-mask write of the size `N` and
#   in-place `+=` look like frozen sizes and mutation, but the lists hold symbolic sizes, the
#   written tensors are created in forward, and `N` is written as a symbolic value: exports and
#   matches eager on unseen batch sizes and point counts.
import torch
from torch import nn
from torch.export import Dim


def square_distance(src, dst):
    B, N, _ = src.shape
    _, M, _ = dst.shape
    dist = -2 * torch.matmul(src, dst.permute(0, 2, 1))
    dist += torch.sum(src**2, -1).view(B, N, 1)
    dist += torch.sum(dst**2, -1).view(B, 1, M)
    return dist


def index_points(points, idx):
    device = points.device
    B = points.shape[0]
    view_shape = list(idx.shape)
    view_shape[1:] = [1] * (len(view_shape) - 1)
    repeat_shape = list(idx.shape)
    repeat_shape[0] = 1
    batch_indices = torch.arange(B, dtype=torch.long).to(device).view(view_shape).repeat(repeat_shape)
    return points[batch_indices, idx, :]


def query_ball_point(radius, nsample, xyz, new_xyz):
    device = xyz.device
    B, N, C = xyz.shape
    _, S, _ = new_xyz.shape
    group_idx = torch.arange(N, dtype=torch.long).to(device).view(1, 1, N).repeat([B, S, 1])
    sqrdists = square_distance(new_xyz, xyz)
    group_idx[sqrdists > radius**2] = N
    group_idx = group_idx.sort(dim=-1)[0][:, :, :nsample]
    group_first = group_idx[:, :, 0].view(B, S, 1).repeat([1, 1, nsample])
    mask = group_idx == N
    group_idx[mask] = group_first[mask]
    return group_idx


class Model(nn.Module):
    def __init__(self, radius=0.8, nsample=8):
        super().__init__()
        self.radius = radius
        self.nsample = nsample
        self.mlp = nn.Sequential(nn.Conv2d(3, 16, 1), nn.ReLU())

    def forward(self, xyz):
        new_xyz = xyz[:, ::4]
        idx = query_ball_point(self.radius, self.nsample, xyz, new_xyz)
        grouped_xyz = index_points(xyz, idx) - new_xyz.unsqueeze(2)
        return torch.max(self.mlp(grouped_xyz.permute(0, 3, 2, 1)), 2)[0]


torch.manual_seed(0)
example_inputs = [(torch.rand(2, 40, 3),), (torch.rand(3, 64, 3),), (torch.rand(2, 24, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim("n", min=8, max=1024) * 4},)
