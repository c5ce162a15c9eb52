import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Keypoint head that forces the first heatmap cell of the caller's tensor to a constant
    through `.data` (seen in research code that "fixes" a border value without autograd)."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv1d(4, 4, kernel_size=3, padding=1)

    def forward(self, heatmap):
        # heatmap: (batch, 4, length)
        heatmap = heatmap.clone()
        heatmap[:, :, 0] = 0.5  # expect: EXL202, EXL501
        return self.conv(heatmap).softmax(dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 9),),
    (torch.randn(3, 4, 5),),
    (torch.randn(1, 4, 12),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
