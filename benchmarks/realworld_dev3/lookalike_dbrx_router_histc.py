# Source: huggingface/transformers src/transformers/models/dbrx/modeling_dbrx.py
#   (load_balancing_loss_func, also jamba and qwen3_omni_moe): `# Use histc to avoid bincount's
#   device-to-host sync.`, `routing_weights = torch.nn.functional.softmax(layer_gate, dim=-1)`, `_,
#   selected_experts = torch.topk(routing_weights, top_k, dim=-1)`, `tokens_per_expert_sum =
#   tokens_per_expert_sum + torch.histc(selected_experts.reshape(-1).to(histc_dtype),
#   bins=num_experts, min=0, max=num_experts)`; transformers' ONNX exporter patches torch.histc
#   (exporters/utils.py `_patch_histc`), here a router that returns its expert load.
# Look-alike: torch.histc on float counts translates to ONNX (only integer input is rejected):
#   exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Router(nn.Module):
    def __init__(self, dim=8, num_experts=4, top_k=2):
        super().__init__()
        self.num_experts = num_experts
        self.top_k = top_k
        self.layer = nn.Linear(dim, num_experts, bias=False)

    def forward(self, hidden_states):
        router_logits = self.layer(hidden_states.view(-1, hidden_states.shape[-1]))
        routing_weights = torch.nn.functional.softmax(router_logits, dim=-1)
        _, selected_experts = torch.topk(routing_weights, self.top_k, dim=-1)
        tokens_per_expert = torch.histc(selected_experts.reshape(-1).to(torch.float32), bins=self.num_experts, min=0, max=self.num_experts)
        return routing_weights, tokens_per_expert / selected_experts.numel()


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.router = Router()

    def forward(self, hidden_states):
        weights, load = self.router(hidden_states)
        return weights.sum(-1), load


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
