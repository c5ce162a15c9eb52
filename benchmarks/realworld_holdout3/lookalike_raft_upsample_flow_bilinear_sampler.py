# Source: princeton-vl/RAFT core/raft.py (RAFT.upsample_flow, initialize_flow) and core/utils/utils.py
#   (bilinear_sampler, coords_grid, upflow8), paraphrased: upsample_flow: `N, _, H, W = flow.shape`,
#   `mask = mask.view(N, 1, 9, 8, 8, H, W)`, `mask = torch.softmax(mask, dim=2)`, `up_flow = F.unfold(8
#   * flow, [3,3], padding=1)`, `up_flow = up_flow.view(N, 2, 9, 1, 1, H, W)`, `up_flow =
#   torch.sum(mask * up_flow, dim=2)`, `up_flow = up_flow.permute(0, 1, 4, 2, 5, 3)`, `return
#   up_flow.reshape(N, 2, 8*H, 8*W)`; coords_grid: `coords = torch.meshgrid(torch.arange(ht,
#   device=device), torch.arange(wd, device=device))`, `coords = torch.stack(coords[::-1],
#   dim=0).float()`, `return coords[None].repeat(batch, 1, 1, 1)`; bilinear_sampler: `H, W =
#   img.shape[-2:]`, `xgrid, ygrid = coords.split([1,1], dim=-1)`, `xgrid = 2*xgrid/(W-1) - 1`, `ygrid
#   = 2*ygrid/(H-1) - 1`, `grid = torch.cat([xgrid, ygrid], dim=-1)`, `img = F.grid_sample(img, grid,
#   align_corners=True)`.
# Look-alike: `.view(N, 1, 9, 8, 8, H, W)`, a 6-D permute, `F.unfold` and a grid normalised by
#   `W - 1` look like frozen sizes, but every size stays symbolic: exports and matches eager on
#   unseen sizes.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def coords_grid(batch, ht, wd, device):
    coords = torch.meshgrid(torch.arange(ht, device=device), torch.arange(wd, device=device), indexing="ij")
    coords = torch.stack(coords[::-1], dim=0).float()
    return coords[None].repeat(batch, 1, 1, 1)


def bilinear_sampler(img, coords):
    H, W = img.shape[-2:]
    xgrid, ygrid = coords.split([1, 1], dim=-1)
    xgrid = 2 * xgrid / (W - 1) - 1
    ygrid = 2 * ygrid / (H - 1) - 1
    grid = torch.cat([xgrid, ygrid], dim=-1)
    return F.grid_sample(img, grid, align_corners=True)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fnet = nn.Conv2d(3, 8, 8, stride=8)
        self.flow_head = nn.Conv2d(8, 2, 3, padding=1)
        self.mask_head = nn.Conv2d(8, 64 * 9, 1)

    def upsample_flow(self, flow, mask):
        N, _, H, W = flow.shape
        mask = mask.view(N, 1, 9, 8, 8, H, W)
        mask = torch.softmax(mask, dim=2)
        up_flow = F.unfold(8 * flow, [3, 3], padding=1)
        up_flow = up_flow.view(N, 2, 9, 1, 1, H, W)
        up_flow = torch.sum(mask * up_flow, dim=2)
        up_flow = up_flow.permute(0, 1, 4, 2, 5, 3)
        return up_flow.reshape(N, 2, 8 * H, 8 * W)

    def forward(self, image1, image2):
        f1 = self.fnet(2 * (image1 / 255.0) - 1.0)
        f2 = self.fnet(2 * (image2 / 255.0) - 1.0)
        N, _, H, W = f1.shape
        coords0 = coords_grid(N, H, W, device=image1.device)
        flow = self.flow_head(f1 - f2)
        coords1 = (coords0 + flow).permute(0, 2, 3, 1)
        warped = bilinear_sampler(f2, coords1)
        flow = flow + self.flow_head(f1 - warped)
        return self.upsample_flow(flow, 0.25 * self.mask_head(f1))


torch.manual_seed(0)
example_inputs = [
    (torch.rand(2, 3, 32, 40) * 255, torch.rand(2, 3, 32, 40) * 255),
    (torch.rand(1, 3, 48, 24) * 255, torch.rand(1, 3, 48, 24) * 255),
    (torch.rand(3, 3, 24, 56) * 255, torch.rand(3, 3, 24, 56) * 255),
]
h = Dim("h", min=2, max=64) * 8
w = Dim("w", min=2, max=64) * 8
dynamic_shapes = ({0: Dim("b"), 2: h, 3: w}, {0: Dim("b"), 2: h, 3: w})
