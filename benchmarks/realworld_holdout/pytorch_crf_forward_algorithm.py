# Source: kmkurn/pytorch-crf torchcrf/__init__.py (CRF._compute_normalizer, the forward
#   algorithm used by every BiLSTM-CRF tagger built on it): `seq_length = emissions.size(0)`,
#   `score = self.start_transitions + emissions[0]`, `for i in range(1, seq_length): ...
#   next_score = torch.logsumexp(broadcast_score + self.transitions + broadcast_emissions,
#   dim=1); score = torch.where(mask[i].unsqueeze(1), next_score, score)`.
# What fails: the recursion is a Python loop over the (dynamic) sequence length.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, num_tags=5, dim=6):
        super().__init__()
        self.emit = nn.Linear(dim, num_tags)
        self.start_transitions = nn.Parameter(torch.randn(num_tags) * 0.1)
        self.end_transitions = nn.Parameter(torch.randn(num_tags) * 0.1)
        self.transitions = nn.Parameter(torch.randn(num_tags, num_tags) * 0.1)

    def _compute_normalizer(self, emissions, mask):
        seq_length = emissions.size(0)
        score = self.start_transitions + emissions[0]
        for i in range(1, seq_length):  # expect: EXL401
            broadcast_score = score.unsqueeze(2)
            broadcast_emissions = emissions[i].unsqueeze(1)
            next_score = broadcast_score + self.transitions + broadcast_emissions
            next_score = torch.logsumexp(next_score, dim=1)
            score = torch.where(mask[i].unsqueeze(1), next_score, score)
        score += self.end_transitions
        return torch.logsumexp(score, dim=1)

    def forward(self, features, mask):
        emissions = self.emit(features).transpose(0, 1)
        return self._compute_normalizer(emissions, mask.transpose(0, 1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 6), torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]).bool()),
    (torch.randn(3, 8, 6), torch.ones(3, 8, dtype=torch.bool)),
    (torch.randn(2, 3, 6), torch.tensor([[1, 1, 0], [1, 1, 1]]).bool()),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
