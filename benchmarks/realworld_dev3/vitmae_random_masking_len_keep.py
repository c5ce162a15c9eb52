# Source: huggingface/transformers src/transformers/models/vit_mae/modeling_vit_mae.py
#   (ViTMAEEmbeddings.random_masking, run in eval too: the model always masks `mask_ratio` of the
#   patches): `batch_size, seq_length, dim = sequence.shape`, `len_keep = int(seq_length * (1 -
#   self.config.mask_ratio))`, `if noise is None: noise = torch.rand(batch_size, seq_length,
#   device=sequence.device)`, `ids_shuffle = torch.argsort(noise, dim=1)`, `ids_restore =
#   torch.argsort(ids_shuffle, dim=1)`, `ids_keep = ids_shuffle[:, :len_keep]`, `sequence_unmasked =
#   torch.gather(sequence, dim=1, index=ids_keep.unsqueeze(-1).repeat(1, 1, dim))`.
# What fails: `int()` of the dynamic number of patches times the ratio bakes it.
import torch
from torch import nn
from torch.export import Dim


class ViTMAEEmbeddings(nn.Module):
    def __init__(self, dim=8, mask_ratio=0.75):
        super().__init__()
        self.mask_ratio = mask_ratio
        self.patch_embeddings = nn.Linear(12, dim)

    def random_masking(self, sequence, noise=None):
        batch_size, seq_length, dim = sequence.shape
        len_keep = int(seq_length * (1 - self.mask_ratio))  # expect: EXL301
        if noise is None:
            noise = torch.rand(batch_size, seq_length, device=sequence.device)
        ids_shuffle = torch.argsort(noise, dim=1)
        ids_restore = torch.argsort(ids_shuffle, dim=1)
        ids_keep = ids_shuffle[:, :len_keep]
        sequence_unmasked = torch.gather(sequence, dim=1, index=ids_keep.unsqueeze(-1).repeat(1, 1, dim))
        mask = torch.ones([batch_size, seq_length], device=sequence.device)
        mask[:, :len_keep] = 0
        mask = torch.gather(mask, dim=1, index=ids_restore)
        return sequence_unmasked, mask, ids_restore

    def forward(self, patches, noise):
        embeddings = self.patch_embeddings(patches)
        embeddings, mask, ids_restore = self.random_masking(embeddings, noise)
        return embeddings, mask


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = ViTMAEEmbeddings()

    def forward(self, patches, noise):
        return self.embeddings(patches, noise)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8, 12), torch.rand(2, 8)),
    (torch.randn(1, 12, 12), torch.rand(1, 12)),
    (torch.randn(3, 16, 12), torch.rand(3, 16)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
