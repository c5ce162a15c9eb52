# Source: huggingface/transformers src/transformers/models/opt/modeling_opt.py (transformers
#   5.24; OPTLearnedPositionalEmbedding.forward, called by OPTDecoder.forward with cache_length=0):
#   `self.offset = 2`, `super().__init__(num_embeddings + self.offset, embedding_dim)`; `if
#   position_ids is None: position_ids = torch.cumsum(attention_mask, dim=1); position_ids =
#   (position_ids * attention_mask - 1).long(); # cut positions if `cache_length` is > 0;
#   position_ids = position_ids[:, cache_length:]`, `return super().forward(position_ids +
#   self.offset)`; in the decoder: `pos_embeds = self.embed_positions(attention_mask,
#   cache_length, position_ids=position_ids)`, `hidden_states = inputs_embeds + pos_embeds`.
# Look-alike: positions are counted from the data (a cumulative sum of the padding mask), but
#   they only index an embedding table inside the graph; nothing leaves torch: exports, converts
#   and matches eager on unseen batch sizes, lengths and padding.
import torch
from torch import nn
from torch.export import Dim


class OPTLearnedPositionalEmbedding(nn.Embedding):
    def __init__(self, num_embeddings, embedding_dim):
        self.offset = 2
        super().__init__(num_embeddings + self.offset, embedding_dim)

    def forward(self, attention_mask, cache_length=0, position_ids=None):
        if position_ids is None:
            position_ids = torch.cumsum(attention_mask, dim=1)
            position_ids = (position_ids * attention_mask - 1).long()
            position_ids = position_ids[:, cache_length:]
        return super().forward(position_ids + self.offset)


class Model(nn.Module):
    def __init__(self, vocab=20, dim=8, max_positions=64):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, dim)
        self.embed_positions = OPTLearnedPositionalEmbedding(max_positions, dim)
        self.final_layer_norm = nn.LayerNorm(dim)

    def forward(self, input_ids, attention_mask):
        inputs_embeds = self.embed_tokens(input_ids)
        pos_embeds = self.embed_positions(attention_mask, 0)
        hidden_states = inputs_embeds + pos_embeds
        return self.final_layer_norm(hidden_states)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 20, (2, 6)), torch.tensor([[0, 0, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]])),
    (torch.randint(0, 20, (3, 9)), torch.tensor([[1] * 9, [0] * 4 + [1] * 5, [0, 1, 1, 1, 1, 1, 1, 1, 1]])),
    (torch.randint(0, 20, (2, 4)), torch.tensor([[0, 1, 1, 1], [1, 1, 1, 1]])),
]
b, s = Dim("b"), Dim("s")
dynamic_shapes = ({0: b, 1: s}, {0: b, 1: s})
