# Source: huggingface/transformers src/transformers/models/moshi/modeling_moshi.py (transformers
#   5.24; MoshiDepthDecoder.forward without cache, and MoshiFlexibleLinear.forward; the decoder
#   layers are cut): `past_seen_tokens = 0 if cache is None else cache.get_seq_length()`,
#   `codebook_idx = torch.arange(input_ids.shape[1], device=input_ids.device) + past_seen_tokens`,
#   `if inputs_embeds is None: inputs_embeds = []; for position_idx in codebook_idx: position_idx =
#   position_idx.item(); if position_idx == 0: inputs_embeds.append(self.text_embed_tokens(input_ids[:,
#   [position_idx]])) else: inputs_embeds.append(self.embed_tokens[(position_idx - 1)](input_ids[:,
#   [position_idx - past_seen_tokens]]))`, `inputs_embeds = torch.cat(inputs_embeds, dim=1)`,
#   `inputs_embeds += self.input_projections(last_hidden_state, codebook_idx)`; the flexible linear:
#   `selected_weights = torch.index_select(self.weight, 0, layer_idx) if layer_idx is not None else
#   self.weight`, `selected_weights = selected_weights.transpose(1, 2)[None, :, :, :]`, `x =
#   torch.matmul(x[:, :, None, :], selected_weights)`, `return x.squeeze(2)`.
# What fails: the loop iterates a tensor (`codebook_idx`, an arange) and reads each position with
#   `.item()`, then tests it and indexes the ModuleList with it: data-dependent values under
#   export, although the number of codebooks is fixed here.
# Measured (torch 2.13, verification worker): export: GuardOnDataDependentSymNode: Could not guard
#   on data-dependent expression Eq(u0, 0). Hand-fixed scratch copy (`for position_idx in
#   range(input_ids.shape[1])`, `int(position_idx)`) verifies; with the tensor loop put back it
#   fails again (the `.item()` line cannot stay once the loop is fixed: an int has no `.item()`).
import torch
from torch import nn
from torch.export import Dim


class MoshiFlexibleLinear(nn.Module):
    def __init__(self, input_size, output_size, num_layers):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(num_layers, output_size, input_size) * 0.2)

    def forward(self, x, layer_idx=None):
        selected_weights = torch.index_select(self.weight, 0, layer_idx) if layer_idx is not None else self.weight
        selected_weights = selected_weights.transpose(1, 2)[None, :, :, :]
        x = torch.matmul(x[:, :, None, :], selected_weights)
        return x.squeeze(2)


class MoshiDepthDecoder(nn.Module):
    def __init__(self, vocab_size=10, audio_vocab_size=12, hidden_size=8, input_size=6, num_codebooks=3):
        super().__init__()
        self.text_embed_tokens = nn.Embedding(vocab_size + 1, hidden_size)
        self.embed_tokens = nn.ModuleList([nn.Embedding(audio_vocab_size, hidden_size) for _ in range(num_codebooks - 1)])
        self.input_projections = MoshiFlexibleLinear(input_size, hidden_size, num_codebooks)
        self.norm = nn.LayerNorm(hidden_size)

    def forward(self, input_ids, last_hidden_state):
        past_seen_tokens = 0
        codebook_idx = torch.arange(input_ids.shape[1], device=input_ids.device) + past_seen_tokens
        inputs_embeds = []
        for position_idx in codebook_idx:  # expect: EXL401
            position_idx = position_idx.item()  # expect: EXL201
            if position_idx == 0:
                inputs_embeds.append(self.text_embed_tokens(input_ids[:, [position_idx]]))
            else:
                inputs_embeds.append(self.embed_tokens[(position_idx - 1)](input_ids[:, [position_idx - past_seen_tokens]]))
        inputs_embeds = torch.cat(inputs_embeds, dim=1)
        inputs_embeds += self.input_projections(last_hidden_state, codebook_idx)
        return self.norm(inputs_embeds)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.depth_decoder = MoshiDepthDecoder()

    def forward(self, input_ids, last_hidden_state):
        return self.depth_decoder(input_ids, last_hidden_state)


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[3, 5, 7], [1, 0, 11]]), torch.randn(2, 3, 6)),
    (torch.tensor([[2, 4, 6], [9, 8, 1], [0, 2, 3]]), torch.randn(3, 3, 6)),
    (torch.tensor([[10, 11, 0], [4, 4, 4]]), torch.randn(2, 3, 6)),
]
b = Dim("b")
dynamic_shapes = ({0: b}, {0: b})
