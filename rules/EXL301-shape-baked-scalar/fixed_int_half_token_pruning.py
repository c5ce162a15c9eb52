import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Token pruning (DynamicViT style): keep the best-scoring half of the tokens.

    int(n * 0.5) on a dynamic size exports, but the guard it installs pins the
    traced value: any other number of tokens is rejected (or wrong in ONNX).
    """

    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(8, 1)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.ReLU())

    def _num_kept(self, x):
        n = x.shape[1]
        return n // 2  # expect: EXL301

    def forward(self, x):
        scores = self.score(x).squeeze(-1)  # (batch, tokens)
        keep = self._num_kept(x)
        idx = scores.topk(keep, dim=1).indices
        kept = torch.gather(x, 1, idx.unsqueeze(-1).expand(-1, -1, x.shape[-1]))
        return self.mlp(kept).mean(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 8),),
    (torch.randn(2, 16, 8),),
    (torch.randn(2, 7, 8),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
