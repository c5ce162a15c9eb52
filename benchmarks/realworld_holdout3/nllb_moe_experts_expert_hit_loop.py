# Source: huggingface/transformers src/transformers/models/nllb_moe/modeling_nllb_moe.py
#   (transformers 5.24; NllbMoeExperts.forward with the top-2 router of NllbMoeTop2Router, cut):
#   `final_hidden_states = torch.zeros_like(hidden_states)`, `expert_mask =
#   torch.nn.functional.one_hot(router_mask, num_classes=self.num_experts).permute(2, 1, 0)`,
#   `expert_hit = torch.greater(expert_mask.sum(dim=(-1, -2)), 0).nonzero()`, `for expert_idx in
#   expert_hit: idx, top_x = torch.where(expert_mask[expert_idx].squeeze(0)); current_state =
#   hidden_states[None, top_x].reshape(-1, hidden_states.shape[-1]); current_hidden_states =
#   self[f"expert_{expert_idx[0]}"](current_state) * router_probs[top_x, idx, None]; ...;
#   final_hidden_states.index_add_(0, top_x, current_hidden_states.to(hidden_states.dtype))`.
#   (NllbMoeExperts is an nn.ModuleDict of NllbMoeDenseActDense.)
# What fails: the loop runs over the experts that received tokens, a data-dependent list
#   (`nonzero()`), and picks each expert by formatting a tensor element into the module key.
# Measured (torch 2.13, verification worker): export: GuardOnDataDependentSymNode: Could not guard
#   on data-dependent expression Eq(u0, 0).
import torch
from torch import nn
from torch.export import Dim


class DenseActDense(nn.Module):
    def __init__(self, d_model, ffn_dim):
        super().__init__()
        self.fc1 = nn.Linear(d_model, ffn_dim)
        self.fc2 = nn.Linear(ffn_dim, d_model)

    def forward(self, hidden_states):
        return self.fc2(torch.relu(self.fc1(hidden_states)))


class NllbMoeExperts(nn.ModuleDict):
    def __init__(self, num_experts=4, d_model=8, ffn_dim=16):
        super().__init__()
        self.num_experts = num_experts
        for idx in range(self.num_experts):
            self[f"expert_{idx}"] = DenseActDense(d_model, ffn_dim)

    def forward(self, hidden_states, router_mask, router_probs):
        final_hidden_states = torch.zeros_like(hidden_states)
        expert_mask = torch.nn.functional.one_hot(router_mask, num_classes=self.num_experts).permute(2, 1, 0)
        expert_hit = torch.greater(expert_mask.sum(dim=(-1, -2)), 0).nonzero()
        for expert_idx in expert_hit:  # expect: EXL401
            idx, top_x = torch.where(expert_mask[expert_idx].squeeze(0))
            current_state = hidden_states[None, top_x].reshape(-1, hidden_states.shape[-1])
            current_hidden_states = self[f"expert_{expert_idx[0]}"](current_state) * router_probs[top_x, idx, None]  # expect: EXL201
            final_hidden_states.index_add_(0, top_x, current_hidden_states.to(hidden_states.dtype))
        return final_hidden_states


class Model(nn.Module):
    def __init__(self, num_experts=4, d_model=8):
        super().__init__()
        self.classifier = nn.Linear(d_model, num_experts, bias=False)
        self.experts = NllbMoeExperts(num_experts, d_model)

    def forward(self, hidden_states):
        batch_size, seq_len, d = hidden_states.shape
        flat = hidden_states.reshape(-1, d)
        router_probs = torch.softmax(self.classifier(flat), dim=-1)
        top_probs, router_mask = torch.topk(router_probs, 2, dim=-1)
        out = self.experts(flat, router_mask, top_probs)
        return out.reshape(batch_size, seq_len, d)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 9, 8),), (torch.randn(1, 7, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
