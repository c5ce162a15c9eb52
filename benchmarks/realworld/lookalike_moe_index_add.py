# Source: huggingface/transformers src/transformers/models/qwen2_moe/modeling_qwen2_moe.py
#   (the experts loop over `range(self.num_experts)` with `torch.where(expert_mask[expert_idx])`
#   and `index_add_`), without the `if top_x.shape[0] == 0: continue` skip: an expert with no
#   token adds nothing.
# Look-alike of moe_qwen2_top_x_empty.py: the loop is over a fixed number of experts.
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
        routing = self.gate(hidden_states).softmax(dim=-1)
        weights, selected = torch.topk(routing, self.top_k, dim=-1)
        final = torch.zeros_like(hidden_states)
        expert_mask = nn.functional.one_hot(selected, num_classes=self.num_experts).permute(2, 1, 0)
        for expert_idx in range(self.num_experts):
            idx, top_x = torch.where(expert_mask[expert_idx])
            current = self.experts[expert_idx](hidden_states[top_x]) * weights[top_x, idx, None]
            final = final.index_add(0, top_x, current)
        return final


torch.manual_seed(0)
example_inputs = [(torch.randn(7, 8),), (torch.randn(4, 8),), (torch.randn(11, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
