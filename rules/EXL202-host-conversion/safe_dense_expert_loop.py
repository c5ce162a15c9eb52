import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Top-2 mixture of experts that visits every expert: an expert no token was routed to
    gets an empty selection, so the loop count is the static number of experts."""

    def __init__(self, hidden=8, num_experts=4, top_k=2):
        super().__init__()
        self.top_k = top_k
        self.num_experts = num_experts
        self.gate = torch.nn.Linear(hidden, num_experts, bias=False)
        self.experts = torch.nn.ModuleList(
            torch.nn.Linear(hidden, hidden) for _ in range(num_experts)
        )

    def forward(self, hidden_states):
        batch, seq, hidden = hidden_states.shape
        tokens = hidden_states.reshape(-1, hidden)
        weights, selected = torch.topk(self.gate(tokens).softmax(-1), self.top_k, dim=-1)
        expert_mask = F.one_hot(selected, num_classes=self.num_experts).permute(2, 1, 0)
        out = torch.zeros_like(tokens)
        for e in range(self.num_experts):
            slot, token = torch.where(expert_mask[e])
            out.index_add_(0, token, self.experts[e](tokens[token]) * weights[token, slot, None])
        return out.reshape(batch, seq, hidden)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 2, 8),), (torch.randn(1, 7, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
