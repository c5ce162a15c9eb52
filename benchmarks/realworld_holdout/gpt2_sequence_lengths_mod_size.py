# Source: huggingface/transformers src/transformers/models/gpt2/modeling_gpt2.py
#   (GPT2ForSequenceClassification.forward, transformers 4.4x): `if self.config.pad_token_id is
#   None and batch_size != 1: raise ValueError(...)`, `sequence_lengths = torch.eq(input_ids,
#   self.config.pad_token_id).int().argmax(-1) - 1`, `sequence_lengths = sequence_lengths %
#   input_ids.shape[-1]`, `pooled_logits = logits[torch.arange(batch_size), sequence_lengths]`.
# What fails: `sequence_lengths % input_ids.shape[-1]` (added "for ONNX compatibility"), a tensor
#   remainder by a dynamic size: torch.export works, torch.onnx fails on torch 2.13 ("int()
#   argument must be ... not 'SymbolicTensor'").
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=20, dim=8, labels=3, pad_token_id=0):
        super().__init__()
        self.pad_token_id = pad_token_id
        self.wte = nn.Embedding(vocab, dim)
        self.score = nn.Linear(dim, labels, bias=False)

    def forward(self, input_ids):
        batch_size, sequence_length = input_ids.shape[:2]
        logits = self.score(torch.tanh(self.wte(input_ids).cumsum(1)))
        if self.pad_token_id is None and batch_size != 1:
            raise ValueError("Cannot handle batch sizes > 1 if no padding token is defined.")
        if self.pad_token_id is None:
            sequence_lengths = -1
        else:
            sequence_lengths = torch.eq(input_ids, self.pad_token_id).int().argmax(-1) - 1
            sequence_lengths = sequence_lengths % input_ids.shape[-1]  # expect: NONE-tensor-mod-size
        return logits[torch.arange(batch_size), sequence_lengths]


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([[5, 6, 7, 0, 0], [3, 4, 5, 6, 7]]),),
    (torch.tensor([[5, 0, 0], [3, 4, 0], [1, 2, 3]]),),
    (torch.tensor([[9, 8, 7, 6, 5, 4, 0]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
