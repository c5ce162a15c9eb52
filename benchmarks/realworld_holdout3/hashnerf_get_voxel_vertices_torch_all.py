# Source: yashbhalgat/HashNeRF-pytorch utils.py (hash, get_voxel_vertices) and hash_encoding.py
#   (HashEmbedder.forward, trilinear_interp), paraphrased: `box_min, box_max = bounding_box`,
#   `keep_mask = xyz==torch.max(torch.min(xyz, box_max), box_min)`, `if not torch.all(xyz <=
#   box_max) or not torch.all(xyz >= box_min): xyz = torch.clamp(xyz, min=box_min, max=box_max)`,
#   `grid_size = (box_max-box_min)/resolution`, `bottom_left_idx = torch.floor((xyz-box_min)/grid_size).int()`,
#   `voxel_min_vertex = bottom_left_idx*grid_size + box_min`, `voxel_max_vertex = voxel_min_vertex +
#   torch.tensor([1.0,1.0,1.0])*grid_size`, `voxel_indices = bottom_left_idx.unsqueeze(1) +
#   BOX_OFFSETS`, `hashed_voxel_indices = hash(voxel_indices, log2_hashmap_size)`; hash: `primes =
#   [1, 2654435761, 805459861, 3674653429, 2097192037, 1434869437, 2165219737]`, `xor_result =
#   torch.zeros_like(coords)[..., 0]`, `for i in range(coords.shape[-1]): xor_result ^= coords[...,
#   i]*primes[i]`, `return torch.tensor((1<<log2_hashmap_size)-1).to(xor_result.device) &
#   xor_result`; HashEmbedder.forward: `for i in range(self.n_levels): resolution =
#   torch.floor(self.base_resolution * self.b**i); voxel_min_vertex, voxel_max_vertex,
#   hashed_voxel_indices, keep_mask = get_voxel_vertices(x, self.bounding_box, resolution,
#   self.log2_hashmap_size); voxel_embedds = self.embeddings[i](hashed_voxel_indices); x_embedded =
#   self.trilinear_interp(x, voxel_min_vertex, voxel_max_vertex, voxel_embedds);
#   x_embedded_all.append(x_embedded)`, `keep_mask = keep_mask.sum(dim=-1)==keep_mask.shape[-1]`.
# What fails: the points are clipped to the bounding box only when some fall outside, a
#   Python `if` on `torch.all(...)` of the sample positions.
import torch
from torch import nn
from torch.export import Dim

BOX_OFFSETS = torch.tensor([[[i, j, k] for i in [0, 1] for j in [0, 1] for k in [0, 1]]])


def hash(coords, log2_hashmap_size):
    primes = [1, 2654435761, 805459861, 3674653429, 2097192037, 1434869437, 2165219737]
    xor_result = torch.zeros_like(coords)[..., 0]
    for i in range(coords.shape[-1]):
        xor_result ^= coords[..., i] * primes[i]
    return torch.tensor((1 << log2_hashmap_size) - 1).to(xor_result.device) & xor_result


def get_voxel_vertices(xyz, bounding_box, resolution, log2_hashmap_size):
    box_min, box_max = bounding_box
    keep_mask = xyz == torch.max(torch.min(xyz, box_max), box_min)
    if not torch.all(xyz <= box_max) or not torch.all(xyz >= box_min):  # expect: EXL101
        xyz = torch.clamp(xyz, min=box_min, max=box_max)
    grid_size = (box_max - box_min) / resolution
    bottom_left_idx = torch.floor((xyz - box_min) / grid_size).int()
    voxel_min_vertex = bottom_left_idx * grid_size + box_min
    voxel_max_vertex = voxel_min_vertex + torch.tensor([1.0, 1.0, 1.0]) * grid_size
    voxel_indices = bottom_left_idx.unsqueeze(1) + BOX_OFFSETS
    hashed_voxel_indices = hash(voxel_indices, log2_hashmap_size)
    return voxel_min_vertex, voxel_max_vertex, hashed_voxel_indices, keep_mask


class Model(nn.Module):
    def __init__(self, n_levels=3, n_features_per_level=2, log2_hashmap_size=10, base_resolution=4, finest_resolution=16):
        super().__init__()
        self.bounding_box = (torch.tensor([-1.0, -1.0, -1.0]), torch.tensor([1.0, 1.0, 1.0]))
        self.n_levels = n_levels
        self.log2_hashmap_size = log2_hashmap_size
        self.base_resolution = torch.tensor(base_resolution)
        self.finest_resolution = torch.tensor(finest_resolution)
        self.b = torch.exp((torch.log(self.finest_resolution.float()) - torch.log(self.base_resolution.float())) / (n_levels - 1))
        self.embeddings = nn.ModuleList([nn.Embedding(2**log2_hashmap_size, n_features_per_level) for _ in range(n_levels)])
        for i in range(n_levels):
            nn.init.uniform_(self.embeddings[i].weight, a=-0.5, b=0.5)

    def trilinear_interp(self, x, voxel_min_vertex, voxel_max_vertex, voxel_embedds):
        weights = (x - voxel_min_vertex) / (voxel_max_vertex - voxel_min_vertex)
        c00 = voxel_embedds[:, 0] * (1 - weights[:, 0][:, None]) + voxel_embedds[:, 4] * weights[:, 0][:, None]
        c01 = voxel_embedds[:, 1] * (1 - weights[:, 0][:, None]) + voxel_embedds[:, 5] * weights[:, 0][:, None]
        c10 = voxel_embedds[:, 2] * (1 - weights[:, 0][:, None]) + voxel_embedds[:, 6] * weights[:, 0][:, None]
        c11 = voxel_embedds[:, 3] * (1 - weights[:, 0][:, None]) + voxel_embedds[:, 7] * weights[:, 0][:, None]
        c0 = c00 * (1 - weights[:, 1][:, None]) + c10 * weights[:, 1][:, None]
        c1 = c01 * (1 - weights[:, 1][:, None]) + c11 * weights[:, 1][:, None]
        return c0 * (1 - weights[:, 2][:, None]) + c1 * weights[:, 2][:, None]

    def forward(self, x):
        x_embedded_all = []
        for i in range(self.n_levels):
            resolution = torch.floor(self.base_resolution * self.b**i)
            voxel_min_vertex, voxel_max_vertex, hashed_voxel_indices, keep_mask = get_voxel_vertices(
                x, self.bounding_box, resolution, self.log2_hashmap_size
            )
            voxel_embedds = self.embeddings[i](hashed_voxel_indices)
            x_embedded = self.trilinear_interp(x, voxel_min_vertex, voxel_max_vertex, voxel_embedds)
            x_embedded_all.append(x_embedded)
        keep_mask = keep_mask.sum(dim=-1) == keep_mask.shape[-1]
        return torch.cat(x_embedded_all, dim=-1), keep_mask


torch.manual_seed(0)
example_inputs = [(torch.rand(20, 3) * 2.2 - 1.1,), (torch.rand(33, 3) * 1.8 - 0.9,), (torch.rand(12, 3) * 2.4 - 1.2,)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
