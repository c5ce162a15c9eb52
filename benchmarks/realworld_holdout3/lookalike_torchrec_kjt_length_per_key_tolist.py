# Source: pytorch/torchrec torchrec/sparse/jagged_tensor.py (KeyedJaggedTensor.split /
#   _maybe_compute_length_per_key, paraphrased) and
#   torchrec/modules/embedding_modules.py (EmbeddingBagCollection.forward): `length_per_key =
#   torch.sum(lengths.view(-1, stride), dim=1).tolist()`, `split_values =
#   values.split(length_per_key)`; EmbeddingBagCollection: `for i, embedding_bag in
#   enumerate(self.embedding_bags.values()): for feature_name in self._feature_names[i]: f =
#   feature_dict[feature_name]; res = embedding_bag(input=f.values(), offsets=f.offsets(),
#   per_sample_weights=f.weights() if self._is_weighted else None).float()`; offsets from
#   `_to_offsets(lengths)`: `torch.ops.fbgemm.asynchronous_complete_cumsum(lengths)` (written with
#   `torch.cumsum` here).
# Look-alike (written as a hazard, measured as fine): the jagged values are split per feature
#   with sizes read out of the lengths tensor by `.tolist()`; torch.export makes the sizes
#   unbacked symbols (their sum is checked against the values' length at run time), the ONNX
#   model splits by the computed sizes, and onnxruntime matches eager on unseen batch sizes and
#   value counts (torch 2.13, measured 2026-12-03).
import torch
from torch import nn
from torch.export import Dim


def _to_offsets(lengths):
    return torch.cat([lengths.new_zeros(1), torch.cumsum(lengths, dim=0)])


class Model(nn.Module):
    def __init__(self, num_embeddings=(20, 30), dim=4):
        super().__init__()
        self.keys = ["f1", "f2"]
        self.embedding_bags = nn.ModuleDict(
            {k: nn.EmbeddingBag(n, dim, mode="sum") for k, n in zip(self.keys, num_embeddings)}
        )

    def forward(self, values, lengths):
        stride = lengths.numel() // len(self.keys)
        length_per_key = torch.sum(lengths.view(-1, stride), dim=1).tolist()
        split_values = values.split(length_per_key)
        split_lengths = lengths.view(-1, stride).unbind(0)
        outs = []
        for key, v, ln in zip(self.keys, split_values, split_lengths):
            offsets = _to_offsets(ln)[:-1]
            outs.append(self.embedding_bags[key](input=v, offsets=offsets).float())
        return torch.cat(outs, dim=1)


def _kjt(batch, seed):
    g = torch.Generator().manual_seed(seed)
    lengths = torch.randint(1, 4, (2 * batch,), generator=g)
    n1 = int(lengths[:batch].sum())
    n2 = int(lengths[batch:].sum())
    values = torch.cat([torch.randint(0, 20, (n1,), generator=g), torch.randint(0, 30, (n2,), generator=g)])
    return values, lengths


example_inputs = [_kjt(3, 0), _kjt(5, 1), _kjt(2, 2)]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
