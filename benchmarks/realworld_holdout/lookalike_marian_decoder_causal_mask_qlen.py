# Source: huggingface/transformers src/transformers/models/marian/modeling_marian.py
#   (MarianDecoder._prepare_decoder_attention_mask, transformers 4.2x-4.3x; the same in bart,
#   mbart, pegasus and llama 4.30): `combined_attention_mask = None`, `if input_shape[-1] > 1:
#   combined_attention_mask = _make_causal_mask(input_shape, inputs_embeds.dtype, ...)`, then
#   `_expand_mask(attention_mask, ...)` added to it.
# Look-alike (measured on torch 2.13): the `if` on the query length is a size test, but for a
#   single token the causal mask is all zeros, so the branch export keeps computes the same
#   thing on every length: exports, converts and matches eager, also on one-token inputs.
import torch
from torch import nn
from torch.export import Dim


def _make_causal_mask(input_ids_shape, dtype, past_key_values_length=0):
    bsz, tgt_len = input_ids_shape
    mask = torch.full((tgt_len, tgt_len), torch.finfo(dtype).min)
    mask_cond = torch.arange(mask.size(-1))
    mask.masked_fill_(mask_cond < (mask_cond + 1).view(mask.size(-1), 1), 0)
    mask = mask.to(dtype)
    if past_key_values_length > 0:
        mask = torch.cat([torch.zeros(tgt_len, past_key_values_length, dtype=dtype), mask], dim=-1)
    return mask[None, None, :, :].expand(bsz, 1, tgt_len, tgt_len + past_key_values_length)


def _expand_mask(mask, dtype, tgt_len=None):
    bsz, src_len = mask.size()
    tgt_len = tgt_len if tgt_len is not None else src_len
    expanded_mask = mask[:, None, None, :].expand(bsz, 1, tgt_len, src_len).to(dtype)
    inverted_mask = 1.0 - expanded_mask
    return inverted_mask.masked_fill(inverted_mask.to(torch.bool), torch.finfo(dtype).min)


class Model(nn.Module):
    def __init__(self, vocab=20, dim=8):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, dim)
        self.qkv = nn.Linear(dim, 3 * dim)

    def _prepare_decoder_attention_mask(self, attention_mask, input_shape, inputs_embeds, past_key_values_length):
        combined_attention_mask = None
        if input_shape[-1] > 1:
            combined_attention_mask = _make_causal_mask(input_shape, inputs_embeds.dtype, past_key_values_length=past_key_values_length)
        if attention_mask is not None:
            expanded_attn_mask = _expand_mask(attention_mask, inputs_embeds.dtype, tgt_len=input_shape[-1])
            combined_attention_mask = expanded_attn_mask if combined_attention_mask is None else expanded_attn_mask + combined_attention_mask
        return combined_attention_mask

    def forward(self, input_ids, attention_mask):
        input_shape = input_ids.size()
        inputs_embeds = self.embed_tokens(input_ids)
        mask = self._prepare_decoder_attention_mask(attention_mask, input_shape, inputs_embeds, 0)
        q, k, v = self.qkv(inputs_embeds).chunk(3, dim=-1)
        return nn.functional.scaled_dot_product_attention(q[:, None], k[:, None], v[:, None], attn_mask=mask)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 20, (2, 5)), torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]])),
    (torch.randint(0, 20, (3, 1)), torch.ones(3, 1, dtype=torch.long)),
    (torch.randint(0, 20, (1, 7)), torch.ones(1, 7, dtype=torch.long)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
