# Source: huggingface/transformers src/transformers/models/switch_transformers/
#   modeling_switch_transformers.py (SwitchTransformersSparseMLP.forward, transformers 4.4x):
#   `idx_mask = router_mask.reshape(batch_size * seq_len, num_experts).sum(dim=0)`,
#   `idx_mask = torch.nonzero(idx_mask, as_tuple=True)[0].tolist()`, `for idx in idx_mask:
#   next_states[router_mask[:, :, idx]] = getattr(self.experts, f"expert_{idx}")(...)`.
# What fails: `.tolist()` of the experts that received tokens is host data; the loop over it
#   is unrolled for the traced routing.
import torch
from torch import nn
from torch.export import Dim


class Router(nn.Module):
    def __init__(self, hidden, num_experts, expert_capacity):
        super().__init__()
        self.num_experts = num_experts
        self.expert_capacity = expert_capacity
        self.classifier = nn.Linear(hidden, num_experts, bias=False)

    def forward(self, hidden_states):
        router_logits = self.classifier(hidden_states)
        router_probs = nn.functional.softmax(router_logits, dim=-1)
        expert_index = torch.argmax(router_probs, dim=-1)
        expert_index = nn.functional.one_hot(expert_index, num_classes=self.num_experts)
        token_priority = torch.cumsum(expert_index, dim=-2)
        expert_capacity_mask = token_priority <= self.expert_capacity
        expert_index = expert_index * expert_capacity_mask
        router_probs = torch.max(router_probs, dim=-1).values.unsqueeze(-1)
        return expert_index, router_probs, router_logits


class Model(nn.Module):
    def __init__(self, hidden=8, num_experts=4, expert_capacity=64):
        super().__init__()
        self.router = Router(hidden, num_experts, expert_capacity)
        self.experts = nn.ModuleDict({f"expert_{i}": nn.Linear(hidden, hidden) for i in range(num_experts)})

    def forward(self, hidden_states):
        router_mask, router_probs, router_logits = self.router(hidden_states)
        next_states = hidden_states.clone()
        router_mask = router_mask.bool()
        batch_size, seq_len, num_experts = router_mask.shape
        idx_mask = router_mask.reshape(batch_size * seq_len, num_experts).sum(dim=0)
        idx_mask = torch.nonzero(idx_mask, as_tuple=True)[0].tolist()  # expect: EXL202
        for idx in idx_mask:  # expect: EXL401
            next_states[router_mask[:, :, idx]] = getattr(self.experts, f"expert_{idx}")(
                hidden_states[router_mask[:, :, idx]]
            )
        return router_probs * next_states


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),), (torch.randn(2, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
