import torch
from torch._higher_order_ops import map as hop_map
from torch.export import Dim


class Model(torch.nn.Module):
    """Per-frame 2-layer MLP applied to each frame of a clip via an aliased map import."""

    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(10, 32)
        self.fc2 = torch.nn.Linear(32, 10)

    def frame_mlp(self, frame):
        return self.fc2(torch.relu(self.fc1(frame))) + frame

    def forward(self, clip):
        frames = torch.vmap(self.frame_mlp)(clip)  # expect: EXL402
        return frames.mean(dim=0)


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 3, 10),), (torch.randn(7, 3, 10),), (torch.randn(2, 3, 10),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
