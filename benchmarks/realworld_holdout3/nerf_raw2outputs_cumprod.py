# Source: yenchenlin/nerf-pytorch run_nerf.py (raw2outputs, paraphrased):
#   `raw2alpha = lambda raw, dists, act_fn=F.relu: 1.-torch.exp(-act_fn(raw)*dists)`,
#   `dists = z_vals[...,1:] - z_vals[...,:-1]`, `dists = torch.cat([dists,
#   torch.Tensor([1e10]).expand(dists[...,:1].shape)], -1)`, `dists = dists *
#   torch.norm(rays_d[...,None,:], dim=-1)`, `rgb = torch.sigmoid(raw[...,:3])`,
#   `alpha = raw2alpha(raw[...,3] + noise, dists)`, `weights = alpha * torch.cumprod(torch.cat([
#   torch.ones((alpha.shape[0], 1)), 1.-alpha + 1e-10], -1), -1)[:, :-1]`, `rgb_map =
#   torch.sum(weights[...,None] * rgb, -2)`, `depth_map = torch.sum(weights * z_vals, -1)`,
#   `disp_map = 1./torch.max(1e-10 * torch.ones_like(depth_map), depth_map / torch.sum(weights, -1))`,
#   `acc_map = torch.sum(weights, -1)`, `if white_bkgd: rgb_map = rgb_map + (1.-acc_map[...,None])`.
# What fails: the transmittance is an exclusive cumulative product along the samples:
#   torch.export keeps `aten.cumprod`, torch.onnx has no translation for it (conversion fails).
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def raw2alpha(raw, dists, act_fn=F.relu):
    return 1.0 - torch.exp(-act_fn(raw) * dists)


def raw2outputs(raw, z_vals, rays_d, white_bkgd=True):
    dists = z_vals[..., 1:] - z_vals[..., :-1]
    dists = torch.cat([dists, torch.Tensor([1e10]).expand(dists[..., :1].shape)], -1)
    dists = dists * torch.norm(rays_d[..., None, :], dim=-1)
    rgb = torch.sigmoid(raw[..., :3])
    alpha = raw2alpha(raw[..., 3], dists)
    weights = alpha * torch.cumprod(torch.cat([torch.ones((alpha.shape[0], 1)), 1.0 - alpha + 1e-10], -1), -1)[:, :-1]  # expect: EXL404
    rgb_map = torch.sum(weights[..., None] * rgb, -2)
    depth_map = torch.sum(weights * z_vals, -1)
    disp_map = 1.0 / torch.max(1e-10 * torch.ones_like(depth_map), depth_map / torch.sum(weights, -1))
    acc_map = torch.sum(weights, -1)
    if white_bkgd:
        rgb_map = rgb_map + (1.0 - acc_map[..., None])
    return rgb_map, disp_map, acc_map


class Model(nn.Module):
    def __init__(self, width=16):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(3, width), nn.ReLU(), nn.Linear(width, 4))

    def forward(self, pts, z_vals, rays_d):
        raw = self.mlp(pts)
        return raw2outputs(raw, z_vals, rays_d)


def _rays(n, s):
    z = torch.sort(torch.rand(n, s) * 4 + 2, dim=-1).values
    return torch.randn(n, s, 3), z, torch.randn(n, 3)


torch.manual_seed(0)
example_inputs = [_rays(32, 16), _rays(20, 24), _rays(48, 8)]
samples = Dim("samples", min=4)
dynamic_shapes = ({0: Dim("rays"), 1: samples}, {0: Dim("rays"), 1: samples}, {0: Dim("rays")})
