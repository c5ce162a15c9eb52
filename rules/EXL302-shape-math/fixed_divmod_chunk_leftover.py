import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Chunked attention pooling: whole chunks of frames are pooled, the leftover frames
    (fewer than a chunk) are averaged on their own."""

    def __init__(self, dim=6, chunk=4):
        super().__init__()
        self.chunk = chunk
        self.score = torch.nn.Linear(dim, 1)

    def forward(self, frames):
        full, extra = (frames.size(1) // self.chunk, frames.size(1) % self.chunk)  # expect: EXL302
        body = frames[:, : full * self.chunk].unflatten(1, (full, self.chunk))
        weights = self.score(body).softmax(dim=2)
        pooled = (weights * body).sum(dim=2)
        tail = frames[:, full * self.chunk :].sum(dim=1, keepdim=True) / (extra + 1)
        return torch.cat([pooled, tail], dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 6),),
    (torch.randn(3, 15, 6),),
    (torch.randn(2, 11, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
