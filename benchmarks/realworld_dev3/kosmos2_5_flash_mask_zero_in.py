# Source: huggingface/transformers src/transformers/models/kosmos2_5/modeling_kosmos2_5.py
#   (Kosmos2_5VisionEncoder._prepare_attention_mask): `if is_flash_attention_requested(self.config):
#   if attention_mask is not None and 0.0 in attention_mask: return attention_mask; return None`
#   (the same test was in Llama/Mistral `_update_causal_mask` for flash attention, transformers 4.3x).
# What fails: `0.0 in attention_mask` asks the tensor for a Python bool (data-dependent).
import torch
from torch import nn
from torch.export import Dim


class Config:
    _attn_implementation = "flash_attention_2"


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.config = Config()
        self.qkv = nn.Linear(dim, 3 * dim)

    def _prepare_attention_mask(self, attention_mask):
        if self.config._attn_implementation == "flash_attention_2":
            if attention_mask is not None and 0.0 in attention_mask:  # expect: EXL101
                return attention_mask
            return None
        return attention_mask

    def forward(self, hidden_states, attention_mask):
        attention_mask = self._prepare_attention_mask(attention_mask)
        q, k, v = self.qkv(hidden_states).chunk(3, dim=-1)
        if attention_mask is not None:
            mask = attention_mask[:, None, :].bool()
            return nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return nn.functional.scaled_dot_product_attention(q, k, v)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.tensor([[1.0, 1, 1, 0, 0], [1, 1, 1, 1, 1]])),
    (torch.randn(1, 7, 8), torch.ones(1, 7)),
    (torch.randn(3, 4, 8), torch.tensor([[1.0, 1, 1, 1], [1, 1, 0, 0], [1, 0, 0, 0]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
