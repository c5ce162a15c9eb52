# Source: huggingface/transformers src/transformers/models/llama4/modeling_llama4.py
#   (Llama4Router, Llama4TextMoe and Llama4TextExperts, transformers 4.5x): `router_top_value,
#   router_indices = torch.topk(router_logits, self.top_k, dim=1)`, `router_scores =
#   torch.full_like(router_logits, float("-inf")).scatter_(1, router_indices,
#   router_top_value).transpose(0, 1)`, `routed_in = hidden_states.repeat(router_scores.shape[0],
#   1)`, `routed_in = routed_in * router_scores.reshape(-1, 1)`, experts by `torch.bmm`, then
#   `out.add_(routed_out.reshape(router_scores.shape[0], -1, routed_out.shape[-1]).sum(dim=0))`.
# Look-alike: routing done densely with scatter/repeat/bmm (no loop, no data-dependent sizes):
#   exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, hidden=8, inter=6, num_experts=4, top_k=1):
        super().__init__()
        self.hidden_dim = hidden
        self.num_experts = num_experts
        self.top_k = top_k
        self.router = nn.Linear(hidden, num_experts, bias=False)
        self.gate_up_proj = nn.Parameter(torch.randn(num_experts, hidden, 2 * inter) * 0.2)
        self.down_proj = nn.Parameter(torch.randn(num_experts, inter, hidden) * 0.2)
        self.shared_expert = nn.Linear(hidden, hidden)

    def experts(self, hidden_states):
        hidden_states = hidden_states.view(self.num_experts, -1, self.hidden_dim)
        gate_up = torch.bmm(hidden_states, self.gate_up_proj)
        gate, up = gate_up.chunk(2, dim=-1)
        next_states = torch.bmm(up * nn.functional.silu(gate), self.down_proj)
        return next_states.view(-1, self.hidden_dim)

    def forward(self, hidden_states):
        batch, seq_len, _ = hidden_states.shape
        hidden_states = hidden_states.reshape(-1, self.hidden_dim)
        router_logits = self.router(hidden_states)
        router_top_value, router_indices = torch.topk(router_logits, self.top_k, dim=1)
        router_scores = torch.full_like(router_logits, float("-inf")).scatter_(1, router_indices, router_top_value).transpose(0, 1)
        router_scores = torch.sigmoid(router_scores.float()).to(hidden_states.dtype)
        routed_in = hidden_states.repeat(router_scores.shape[0], 1)
        routed_in = routed_in * router_scores.reshape(-1, 1)
        routed_out = self.experts(routed_in)
        out = self.shared_expert(hidden_states)
        out.add_(routed_out.reshape(router_scores.shape[0], -1, routed_out.shape[-1]).sum(dim=0))
        return out.view(batch, seq_len, -1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
