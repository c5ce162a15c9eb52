# Source: huggingface/transformers src/transformers/models/clip/modeling_clip.py
#   (CLIPTextTransformer.forward): `if self.eos_token_id == 2: pooled_output =
#   last_hidden_state[torch.arange(last_hidden_state.shape[0], device=last_hidden_state.device),
#   input_ids.to(dtype=torch.int, device=last_hidden_state.device).argmax(dim=-1)]` `else:
#   pooled_output = last_hidden_state[torch.arange(...), (input_ids.to(dtype=torch.int, device=...)
#   == self.eos_token_id).int().argmax(dim=-1)]`.
# Look-alike: the EOS position is found with argmax and used as a tensor index (a gather): no
#   Python value is read from the ids: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=16, dim=8, eos_token_id=7):
        super().__init__()
        self.eos_token_id = eos_token_id
        self.embed = nn.Embedding(vocab, dim)
        self.final_layer_norm = nn.LayerNorm(dim)

    def forward(self, input_ids):
        last_hidden_state = self.final_layer_norm(self.embed(input_ids).cumsum(1))
        if self.eos_token_id == 2:
            pooled_output = last_hidden_state[
                torch.arange(last_hidden_state.shape[0], device=last_hidden_state.device),
                input_ids.to(dtype=torch.int, device=last_hidden_state.device).argmax(dim=-1),
            ]
        else:
            pooled_output = last_hidden_state[
                torch.arange(last_hidden_state.shape[0], device=last_hidden_state.device),
                (input_ids.to(dtype=torch.int, device=last_hidden_state.device) == self.eos_token_id).int().argmax(dim=-1),
            ]
        return pooled_output


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[1, 2, 7, 0], [3, 4, 5, 7]]),),
    (torch.tensor([[1, 2, 3, 4, 7, 0, 0]]),),
    (torch.tensor([[7, 1, 1], [2, 7, 1], [3, 3, 7]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
