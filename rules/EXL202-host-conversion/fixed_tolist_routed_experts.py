import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Top-2 mixture of experts that runs only the experts some token was routed to.

    The positions of the experts hit are read into a Python list: which experts run is
    data, so export keeps the routing of the example input.
    """

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
        expert_mask = F.one_hot(selected, num_classes=self.num_experts)  # (tokens, top_k, experts)
        tokens_per_expert = expert_mask.flatten(0, 1).sum(0)
        hit = torch.where(tokens_per_expert > 0)[0]
        out = torch.zeros_like(tokens)
        for e in range(tokens_per_expert.shape[0]):  # expect: EXL202, EXL401
            token, slot = torch.where(expert_mask[..., e])
            expert = self.experts[e]  # expect: EXL201
            out.index_add_(0, token, expert(tokens[token]) * weights[token, slot, None])
        return out.reshape(batch, seq, hidden)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 2, 8),), (torch.randn(1, 7, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
