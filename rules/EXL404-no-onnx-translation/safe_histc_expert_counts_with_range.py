import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Expert load of a top-k router, counted the way transformers' MoE load-balancing losses
    do (`torch.histc(selected.float(), bins=num_experts, min=0, max=num_experts)`): with the
    range given, histc converts to ONNX."""

    def __init__(self, dim=8, num_experts=4, top_k=2):
        super().__init__()
        self.num_experts = num_experts
        self.top_k = top_k
        self.gate = torch.nn.Linear(dim, num_experts, bias=False)

    def forward(self, hidden_states):
        weights = self.gate(hidden_states.flatten(0, 1)).softmax(-1)
        _, selected = torch.topk(weights, self.top_k, dim=-1)
        load = torch.histc(selected.flatten().float(), bins=self.num_experts, min=0, max=self.num_experts)
        return weights.sum(-1), load / selected.numel()


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 9, 8),), (torch.randn(1, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
