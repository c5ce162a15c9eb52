# Source: huggingface/transformers src/transformers/models/qwen2_moe/modeling_qwen2_moe.py
#   (Qwen2MoeSparseMoeBlock.forward, transformers 4.4x) and the same block in mixtral/qwen3_moe:
#   `idx, top_x = torch.where(expert_mask[expert_idx])` then `if top_x.shape[0] == 0: continue`.
# What fails: `top_x.shape[0]` is a data-dependent size (from torch.where); testing it in an
#   `if` raises GuardOnDataDependentSymNode in torch.export.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, num_experts=4, hidden=8):
        super().__init__()
        self.num_experts = num_experts
        self.top_k = 2
        self.gate = nn.Linear(hidden, num_experts, bias=False)
        self.experts = nn.ModuleList(nn.Linear(hidden, hidden) for _ in range(num_experts))

    def forward(self, hidden_states):
        tokens, hidden = hidden_states.shape
        routing = self.gate(hidden_states).softmax(dim=-1)
        weights, selected = torch.topk(routing, self.top_k, dim=-1)
        final = torch.zeros_like(hidden_states)
        expert_mask = nn.functional.one_hot(selected, num_classes=self.num_experts).permute(2, 1, 0)
        for expert_idx in range(self.num_experts):
            expert = self.experts[expert_idx]
            idx, top_x = torch.where(expert_mask[expert_idx])
            if top_x.shape[0] == 0:  # expect: EXL101
                continue
            current = hidden_states[None, top_x].reshape(-1, hidden)
            current = expert(current) * weights[top_x, idx, None]
            final.index_add_(0, top_x, current)
        return final


torch.manual_seed(0)
example_inputs = [(torch.randn(7, 8),), (torch.randn(4, 8),), (torch.randn(11, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
