# Source: yenchenlin/nerf-pytorch run_nerf_helpers.py (sample_pdf, paraphrased, det=True):
#   `weights = weights + 1e-5`, `pdf = weights / torch.sum(weights, -1, keepdim=True)`, `cdf =
#   torch.cumsum(pdf, -1)`, `cdf = torch.cat([torch.zeros_like(cdf[..., :1]), cdf], -1)`, `if det:
#   u = torch.linspace(0., 1., steps=N_samples); u = u.expand(list(cdf.shape[:-1]) + [N_samples])`,
#   `inds = torch.searchsorted(cdf, u, right=True)`, `below = torch.max(torch.zeros_like(inds-1),
#   inds-1)`, `above = torch.min((cdf.shape[-1]-1) * torch.ones_like(inds), inds)`, `inds_g =
#   torch.stack([below, above], -1)`, `cdf_g = torch.gather(cdf.unsqueeze(1).expand(matched_shape),
#   2, inds_g)`, ..., `samples = bins_g[...,0] + t * (bins_g[...,1]-bins_g[...,0])`.
# What fails: `torch.searchsorted` exports, but torch.onnx has no translation for it.
import torch
from torch import nn
from torch.export import Dim


def sample_pdf(bins, weights, n_samples):
    weights = weights + 1e-5
    pdf = weights / torch.sum(weights, -1, keepdim=True)
    cdf = torch.cumsum(pdf, -1)
    cdf = torch.cat([torch.zeros_like(cdf[..., :1]), cdf], -1)
    u = torch.linspace(0.0, 1.0, steps=n_samples)
    u = u.expand(list(cdf.shape[:-1]) + [n_samples]).contiguous()
    inds = torch.searchsorted(cdf, u, right=True)  # expect: EXL404
    below = torch.max(torch.zeros_like(inds - 1), inds - 1)
    above = torch.min((cdf.shape[-1] - 1) * torch.ones_like(inds), inds)
    inds_g = torch.stack([below, above], -1)
    matched_shape = [inds_g.shape[0], inds_g.shape[1], cdf.shape[-1]]
    cdf_g = torch.gather(cdf.unsqueeze(1).expand(matched_shape), 2, inds_g)
    bins_g = torch.gather(bins.unsqueeze(1).expand(matched_shape), 2, inds_g)
    denom = cdf_g[..., 1] - cdf_g[..., 0]
    denom = torch.where(denom < 1e-5, torch.ones_like(denom), denom)
    t = (u - cdf_g[..., 0]) / denom
    return bins_g[..., 0] + t * (bins_g[..., 1] - bins_g[..., 0])


class Model(nn.Module):
    def __init__(self, n_coarse=8, n_fine=6):
        super().__init__()
        self.n_fine = n_fine
        self.coarse = nn.Linear(3, n_coarse)

    def forward(self, rays_o, near_far):
        weights = torch.softmax(self.coarse(rays_o), dim=-1)
        t = torch.linspace(0.0, 1.0, weights.shape[-1] + 1)
        bins = near_far[:, :1] * (1 - t) + near_far[:, 1:] * t
        return sample_pdf(bins, weights, self.n_fine)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(5, 3), torch.tensor([[1.0, 4.0]] * 5)),
    (torch.randn(9, 3), torch.rand(9, 2).sort(dim=-1).values * 5),
    (torch.randn(2, 3), torch.tensor([[0.5, 2.0], [1.0, 6.0]])),
]
n = Dim("rays")
dynamic_shapes = ({0: n}, {0: n})
