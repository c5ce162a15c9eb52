# Source: huggingface/transformers src/transformers/models/xlm/modeling_xlm.py (transformers
#   5.24; get_masks and XLMModel.forward, cut to the mask path): `if lengths is None: if input_ids
#   is not None: lengths = (input_ids != self.pad_index).sum(dim=1).long()`, `assert
#   lengths.size(0) == bs`, `assert lengths.max().item() <= slen`, `mask, attn_mask =
#   get_masks(slen, lengths, self.causal, padding_mask=attention_mask)`; and `def get_masks(slen,
#   lengths, causal, padding_mask=None): alen = torch.arange(slen, dtype=torch.long,
#   device=lengths.device); if padding_mask is not None: mask = padding_mask else: assert
#   lengths.max().item() <= slen; mask = alen < lengths[:, None]`, then `tensor *=
#   mask.unsqueeze(-1).to(tensor.dtype)`.
# Look-alike (written as a hazard, reclassified by measurement): the sanity check asserts on
#   `lengths.max().item()`, a number read from the token ids, in the forward and again in the
#   helper; torch.export (non-strict) keeps the assert as a runtime check on the data-dependent
#   value instead of failing, and the mask is built from the tensors (`alen < lengths[:, None]`):
#   exports, converts and matches eager on unseen batch and sequence sizes.
import torch
from torch import nn
from torch.export import Dim


def get_masks(slen, lengths, causal, padding_mask=None):
    alen = torch.arange(slen, dtype=torch.long, device=lengths.device)
    if padding_mask is not None:
        mask = padding_mask
    else:
        assert lengths.max().item() <= slen
        mask = alen < lengths[:, None]
    bs = lengths.size(0)
    if causal:
        attn_mask = alen[None, None, :].repeat(bs, slen, 1) <= alen[None, :, None]
    else:
        attn_mask = mask
    return mask, attn_mask


class Model(nn.Module):
    def __init__(self, vocab=20, dim=8, pad_index=2, max_positions=64):
        super().__init__()
        self.pad_index = pad_index
        self.causal = False
        self.embeddings = nn.Embedding(vocab, dim, padding_idx=pad_index)
        self.position_embeddings = nn.Embedding(max_positions, dim)
        self.register_buffer("position_ids", torch.arange(max_positions).expand((1, -1)), persistent=False)
        self.layer_norm_emb = nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, 2, batch_first=True)

    def forward(self, input_ids):
        bs, slen = input_ids.size()
        lengths = (input_ids != self.pad_index).sum(dim=1).long()
        assert lengths.size(0) == bs
        assert lengths.max().item() <= slen
        mask, attn_mask = get_masks(slen, lengths, self.causal)
        position_ids = self.position_ids[:, :slen]
        tensor = self.embeddings(input_ids) + self.position_embeddings(position_ids).expand(bs, slen, -1)
        tensor = self.layer_norm_emb(tensor)
        tensor = tensor * mask.unsqueeze(-1).to(tensor.dtype)
        out, _ = self.attn(tensor, tensor, tensor, key_padding_mask=~attn_mask)
        return out * mask.unsqueeze(-1).to(tensor.dtype)


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[5, 6, 7, 8, 9, 2], [4, 5, 6, 2, 2, 2]]),),
    (torch.tensor([[5, 6, 7, 8, 9, 10, 11, 3, 2], [4, 5, 6, 7, 2, 2, 2, 2, 2], [3, 4, 5, 6, 7, 8, 2, 2, 2]]),),
    (torch.tensor([[9, 8, 7, 6, 2], [3, 3, 3, 3, 3]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
