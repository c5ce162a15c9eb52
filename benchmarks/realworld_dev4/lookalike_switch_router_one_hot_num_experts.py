# Source: huggingface/transformers src/transformers/models/switch_transformers/modeling_switch_transformers.py
#   (SwitchTransformersTop1Router.forward): `expert_index = torch.argmax(router_probs, dim=-1)`,
#   `expert_index = torch.nn.functional.one_hot(expert_index, num_classes=self.num_experts)`,
#   `token_priority = torch.cumsum(expert_index, dim=-2)`, `expert_capacity_mask = token_priority
#   <= self.expert_capacity`, `expert_index = expert_index * expert_capacity_mask`.
# Look-alike: `one_hot` with a fixed `num_classes`: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Top1Router(nn.Module):
    def __init__(self, dim=8, num_experts=4, expert_capacity=3):
        super().__init__()
        self.num_experts = num_experts
        self.expert_capacity = expert_capacity
        self.classifier = nn.Linear(dim, num_experts, bias=False)

    def forward(self, hidden_states):
        router_logits = self.classifier(hidden_states)
        router_probs = nn.functional.softmax(router_logits, dim=-1)
        expert_index = torch.argmax(router_probs, dim=-1)
        expert_index = torch.nn.functional.one_hot(expert_index, num_classes=self.num_experts)
        token_priority = torch.cumsum(expert_index, dim=-2)
        expert_capacity_mask = token_priority <= self.expert_capacity
        expert_index = expert_index * expert_capacity_mask
        router_probs = torch.max(router_probs, dim=-1).values.unsqueeze(-1)
        return expert_index, router_probs


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.router = Top1Router()

    def forward(self, x):
        index, probs = self.router(x)
        return index.float() * probs


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 7, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
