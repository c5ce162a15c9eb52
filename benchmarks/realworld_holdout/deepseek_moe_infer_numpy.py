# Source: deepseek-ai/DeepSeek-V2 and DeepSeek-V3 modeling_deepseek.py (remote code on the Hub;
#   DeepseekV2MoE.moe_infer): `tokens_per_expert = cnts.sum(dim=0)`, `idxs =
#   topk_ids.view(-1).argsort()`, `tokens_per_expert = tokens_per_expert.cpu().numpy()`, then
#   `for i, num_tokens in enumerate(tokens_per_expert): end_idx = start_idx + num_tokens;
#   if num_tokens == 0: continue; ... expert(sorted_tokens[start_idx:end_idx])`.
# What fails: `.numpy()` of a traced tensor: torch.export cannot turn it into host data.
import torch
from torch import nn
from torch.export import Dim


class Expert(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.up = nn.Linear(hidden, hidden)
        self.down = nn.Linear(hidden, hidden)

    def forward(self, x):
        return self.down(nn.functional.silu(self.up(x)))


class Model(nn.Module):
    def __init__(self, num_experts=4, hidden=8, top_k=2):
        super().__init__()
        self.top_k = top_k
        self.gate = nn.Linear(hidden, num_experts, bias=False)
        self.experts = nn.ModuleList(Expert(hidden) for _ in range(num_experts))

    def moe_infer(self, x, topk_ids, topk_weight):
        cnts = topk_ids.new_zeros((topk_ids.shape[0], len(self.experts)))
        cnts.scatter_(1, topk_ids, 1)
        tokens_per_expert = cnts.sum(dim=0)
        idxs = topk_ids.view(-1).argsort()
        sorted_tokens = x[idxs // topk_ids.shape[1]]
        tokens_per_expert = tokens_per_expert.cpu().numpy()  # expect: EXL202
        outputs = []
        start_idx = 0
        for i, num_tokens in enumerate(tokens_per_expert):
            end_idx = start_idx + num_tokens
            if num_tokens == 0:
                continue
            expert = self.experts[i]
            tokens_for_this_expert = sorted_tokens[start_idx:end_idx]
            outputs.append(expert(tokens_for_this_expert))
            start_idx = end_idx
        outs = torch.cat(outputs, dim=0) if len(outputs) else sorted_tokens.new_empty(0)
        new_x = torch.empty_like(outs)
        new_x[idxs] = outs
        return new_x.view(*topk_ids.shape, -1).mul_(topk_weight.unsqueeze(dim=-1)).sum(dim=1)

    def forward(self, hidden_states):
        scores = self.gate(hidden_states).softmax(dim=-1)
        topk_weight, topk_idx = torch.topk(scores, k=self.top_k, dim=-1, sorted=False)
        return self.moe_infer(hidden_states, topk_idx, topk_weight)


torch.manual_seed(0)
example_inputs = [(torch.randn(6, 8),), (torch.randn(9, 8),), (torch.randn(4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
