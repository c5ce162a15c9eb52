# Source: facebookresearch/pytorchvideo tutorial "Torch Hub Inference" / hubconf SlowFast
#   (PackPathway transform, paraphrased), put in front of the network as in deployment:
#   `def forward(self, frames: torch.Tensor): fast_pathway = frames; slow_pathway =
#   torch.index_select(frames, 1, torch.linspace(0, frames.shape[1] - 1, frames.shape[1] //
#   self.alpha).long()); frame_list = [slow_pathway, fast_pathway]; return frame_list`
#   (frames are C, T, H, W; batched here as B, C, T, H, W with the time axis at 2).
# What fails: the number of slow frames is `linspace`'s `steps`, `T // alpha` of the dynamic
#   clip length: torch.export keeps it as the traced value (`ep.module()` fails the guard
#   `frames.size()[2] // 4 == 4` on another clip length).
import torch
from torch import nn
from torch.export import Dim


class PackPathway(nn.Module):
    def __init__(self, alpha=4):
        super().__init__()
        self.alpha = alpha

    def forward(self, frames):
        fast_pathway = frames
        slow_pathway = torch.index_select(frames, 2, torch.linspace(0, frames.shape[2] - 1, frames.shape[2] // self.alpha).long())  # expect: EXL301
        return [slow_pathway, fast_pathway]


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.pack = PackPathway()
        self.slow = nn.Conv3d(3, 8, (1, 3, 3), padding=(0, 1, 1))
        self.fast = nn.Conv3d(3, 2, (3, 3, 3), padding=1)
        self.head = nn.Linear(10, 4)

    def forward(self, frames):
        slow, fast = self.pack(frames)
        s = self.slow(slow).mean(dim=(2, 3, 4))
        f = self.fast(fast).mean(dim=(2, 3, 4))
        return self.head(torch.cat([s, f], dim=1))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 8, 8),), (torch.randn(1, 3, 22, 10, 6),), (torch.randn(3, 3, 9, 8, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC, 4: Dim.DYNAMIC},)
