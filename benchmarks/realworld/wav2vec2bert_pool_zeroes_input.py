# Source: huggingface/transformers src/transformers/models/wav2vec2_bert/modeling_wav2vec2_bert.py
#   (Wav2Vec2BertForSequenceClassification.forward): `expand_padding_mask =
#   padding_mask.unsqueeze(-1).repeat(1, 1, hidden_states.shape[2])`,
#   `hidden_states[~expand_padding_mask] = 0.0`, then a masked mean. Here the pooling is its own
#   module (as in classification heads that receive the encoder output), so the in-place write
#   lands on the forward argument.
# What fails: the ONNX model drops the in-place change of an input; the caller's tensor is
#   changed in eager mode only.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, labels=3):
        super().__init__()
        self.classifier = nn.Linear(dim, labels)

    def forward(self, hidden_states, padding_mask):
        expand_padding_mask = padding_mask.unsqueeze(-1).repeat(1, 1, hidden_states.shape[2])
        hidden_states[~expand_padding_mask] = 0.0  # expect: EXL501
        pooled_output = hidden_states.sum(dim=1) / padding_mask.sum(dim=1).view(-1, 1)
        return self.classifier(pooled_output)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]]).bool()),
    (torch.randn(3, 7, 8), torch.ones(3, 7, dtype=torch.bool)),
    (torch.randn(2, 4, 8), torch.tensor([[1, 0, 0, 0], [1, 1, 1, 0]]).bool()),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
