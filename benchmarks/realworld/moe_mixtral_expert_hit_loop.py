# Source: huggingface/transformers src/transformers/models/mixtral/modeling_mixtral.py
#   (MixtralExperts.forward, transformers 5.x): the experts are visited by iterating over
#   `expert_hit = (...).nonzero()` and an `if expert_idx == self.num_experts: continue`.
# What fails: the loop runs once per row of a data-dependent tensor and the `if` reads a
#   tensor value: torch.export raises GuardOnDataDependentSymNode.
import torch
from torch import nn
from torch.export import Dim


class Experts(nn.Module):
    def __init__(self, num_experts=4, hidden=8, inter=16):
        super().__init__()
        self.num_experts = num_experts
        self.gate_up_proj = nn.Parameter(torch.randn(num_experts, 2 * inter, hidden) * 0.1)
        self.down_proj = nn.Parameter(torch.randn(num_experts, hidden, inter) * 0.1)

    def forward(self, hidden_states, top_k_index, top_k_weights):
        final = torch.zeros_like(hidden_states)
        with torch.no_grad():
            mask = nn.functional.one_hot(top_k_index, num_classes=self.num_experts + 1)
            mask = mask.permute(2, 1, 0)
            expert_hit = torch.greater(mask.sum(dim=(-1, -2)), 0).nonzero()
        for expert_idx in expert_hit:  # expect: EXL401
            expert_idx = expert_idx[0]
            if expert_idx == self.num_experts:  # expect: EXL101
                continue
            pos, token_idx = torch.where(mask[expert_idx])
            state = hidden_states[token_idx]
            gate, up = nn.functional.linear(state, self.gate_up_proj[expert_idx]).chunk(2, dim=-1)
            out = nn.functional.linear(nn.functional.silu(gate) * up, self.down_proj[expert_idx])
            out = out * top_k_weights[token_idx, pos, None]
            final.index_add_(0, token_idx, out)
        return final


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.router = nn.Linear(8, 4, bias=False)
        self.experts = Experts()

    def forward(self, x):
        logits = self.router(x)
        weights, index = torch.topk(logits.softmax(dim=-1), 2, dim=-1)
        return self.experts(x, index, weights)


torch.manual_seed(0)
example_inputs = [(torch.randn(6, 8),), (torch.randn(9, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
