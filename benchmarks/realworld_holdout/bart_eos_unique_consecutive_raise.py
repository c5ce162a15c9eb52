# Source: huggingface/transformers src/transformers/models/bart/modeling_bart.py
#   (BartForSequenceClassification.forward, transformers 4.x): `eos_mask =
#   input_ids.eq(self.config.eos_token_id)`, `if len(torch.unique_consecutive(eos_mask.sum(1))) > 1:
#   raise ValueError("All examples must have the same number of <eos> tokens.")`, then
#   `hidden_states[eos_mask, :].view(hidden_states.size(0), -1, hidden_states.size(-1))[:, -1, :]`.
# What fails: the length of `unique_consecutive` is data-dependent; the `if` that raises on it
#   cannot be decided at trace time (GuardOnDataDependentSymNode).
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=20, dim=8, labels=3, eos_token_id=2):
        super().__init__()
        self.eos_token_id = eos_token_id
        self.embed = nn.Embedding(vocab, dim)
        self.dense = nn.Linear(dim, dim)
        self.out_proj = nn.Linear(dim, labels)

    def forward(self, input_ids):
        hidden_states = self.embed(input_ids)
        eos_mask = input_ids.eq(self.eos_token_id)
        if len(torch.unique_consecutive(eos_mask.sum(1))) > 1:  # expect: EXL303
            raise ValueError("All examples must have the same number of <eos> tokens.")
        sentence_representation = hidden_states[eos_mask, :].view(hidden_states.size(0), -1, hidden_states.size(-1))[:, -1, :]
        return self.out_proj(torch.tanh(self.dense(sentence_representation)))


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[5, 6, 7, 2], [8, 9, 2, 3]]),),
    (torch.tensor([[5, 2, 7, 8, 2, 4], [3, 2, 9, 9, 2, 3], [2, 4, 4, 4, 4, 2]]),),
    (torch.tensor([[4, 4, 2], [7, 2, 7]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
