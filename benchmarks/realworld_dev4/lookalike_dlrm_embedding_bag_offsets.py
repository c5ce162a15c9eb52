# Source: facebookresearch/dlrm dlrm_s_pytorch.py (apply_emb): `E = emb_l[k]`, `V = E(sparse_index_group_batch,
#   sparse_offset_group_batch, per_sample_weights=per_sample_weights)` with `EE = nn.EmbeddingBag(n,
#   m, mode="sum", sparse=True)`.
# Look-alike (measured on torch 2.13: exports, converts and matches eager on unseen sizes; the
#   failure one would expect does not happen). The expected failure was: `nn.EmbeddingBag` with offsets (aten._embedding_bag) has no ONNX translation in the
#   torch.export-based exporter.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.EmbeddingBag(20, 4, mode="sum")
        self.top = nn.Linear(4, 1)

    def forward(self, indices, offsets):
        return self.top(self.emb(indices, offsets))


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([1, 2, 3, 4, 5, 6]), torch.tensor([0, 2])),
    (torch.tensor([7, 8, 9]), torch.tensor([0, 1, 2])),
    (torch.tensor([1, 3, 5, 7, 9, 11, 13]), torch.tensor([0, 3, 5, 6])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
