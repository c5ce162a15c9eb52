import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim

# The look-alike: a pooling window from the configuration, then global pooling written with
# the adaptive pool (its output size is fixed, the input size stays symbolic), and patches of
# a configured size: no int attribute comes from the input's shape.


class Model(nn.Module):
    def __init__(self, window=2):
        super().__init__()
        self.window = window
        self.features = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8 + 8 * 9, 5)

    def forward(self, x):
        x = torch.relu(self.features(x))
        x = F.max_pool2d(x, kernel_size=self.window)
        pooled = F.adaptive_avg_pool2d(x, 1).flatten(1)
        patches = F.unfold(x, kernel_size=3, padding=1).mean(-1)
        return self.fc(torch.cat([pooled, patches], dim=1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 12, 12),),
    (torch.randn(3, 3, 10, 14),),
    (torch.randn(1, 3, 16, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
