# Source: huggingface/transformers src/transformers/models/granitemoe/modeling_granitemoe.py
#   (transformers 4.4x, the same code as JetMoE's): GraniteMoeTopKGating.forward
#   `gates = zeros.scatter(1, top_k_indices, 1)`, `expert_size = gates.long().sum(0)`,
#   `expert_size = expert_size.tolist()`, and GraniteMoeParallelExperts.forward
#   `input_list = inputs.split(expert_size, dim=0)`; transformers 5's docstring notes that
#   `expert_size.tolist()` "broke fullgraph compile".
# Look-alike (measured on torch 2.13): `.tolist()` gives unbacked ints that `split` accepts as
#   sizes, so this exports, converts and matches eager on unseen routings.
import torch
from torch import nn
from torch.export import Dim


class ParallelExperts(nn.Module):
    def __init__(self, num_experts, input_size, output_size):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(num_experts, output_size, input_size) * 0.2)
        self.num_experts = num_experts

    def forward(self, inputs, expert_size):
        input_list = inputs.split(expert_size, dim=0)
        output_list = []
        for i in range(self.num_experts):
            output_list.append(nn.functional.linear(input_list[i], self.weight[i]))
        return torch.cat(output_list, dim=0)


class TopKGating(nn.Module):
    def __init__(self, input_size, num_experts, top_k):
        super().__init__()
        self.num_experts = num_experts
        self.top_k = top_k
        self.layer = nn.Linear(input_size, num_experts, bias=False)

    def forward(self, hidden_states):
        logits = self.layer(hidden_states).float()
        top_k_logits, top_k_indices = logits.topk(self.top_k, dim=1)
        top_k_gates = torch.softmax(top_k_logits, dim=1).type_as(hidden_states)
        zeros = torch.zeros([top_k_gates.size(0), self.num_experts], dtype=top_k_gates.dtype)
        gates = zeros.scatter(1, top_k_indices, 1)
        expert_size = gates.long().sum(0)
        expert_size = expert_size.tolist()
        top_k_gates = top_k_gates.flatten()
        top_k_experts = top_k_indices.flatten()
        _, index_sorted_experts = top_k_experts.sort(0)
        batch_index = index_sorted_experts.div(self.top_k, rounding_mode="trunc")
        batch_gates = top_k_gates[index_sorted_experts]
        return index_sorted_experts, batch_index, batch_gates, expert_size


class Model(nn.Module):
    def __init__(self, hidden=8, inner=6, num_experts=4, top_k=2):
        super().__init__()
        self.input_size = hidden
        self.router = TopKGating(hidden, num_experts, top_k)
        self.input_linear = ParallelExperts(num_experts, hidden, inner * 2)
        self.output_linear = ParallelExperts(num_experts, inner, hidden)

    def forward(self, layer_input):
        bsz, length, emb_size = layer_input.size()
        layer_input = layer_input.reshape(-1, emb_size)
        _, batch_index, batch_gates, expert_size = self.router(layer_input)
        expert_inputs = layer_input[batch_index]
        hidden_states = self.input_linear(expert_inputs, expert_size)
        chunked_hidden_states = hidden_states.chunk(2, dim=-1)
        hidden_states = nn.functional.silu(chunked_hidden_states[0]) * chunked_hidden_states[1]
        expert_outputs = self.output_linear(hidden_states, expert_size)
        expert_outputs = expert_outputs * batch_gates[:, None]
        zeros = torch.zeros((bsz * length, self.input_size), dtype=expert_outputs.dtype)
        layer_output = zeros.index_add(0, batch_index, expert_outputs)
        return layer_output.view(bsz, length, self.input_size)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),), (torch.randn(1, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
