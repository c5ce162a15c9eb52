# Source: huggingface/transformers src/transformers/models/mamba/modeling_mamba.py
#   (MambaMixer.slow_forward, the path taken without the CUDA kernels): `deltaA =
#   torch.exp(discrete_time_step[:, :, :, None] * A[None, :, None, :])`, `deltaB_u = ...`,
#   `for i in range(seq_len): ssm_state = deltaA[:, :, i, :] * ssm_state + deltaB_u[:, :, i, :];
#   scan_output = torch.matmul(ssm_state.to(dtype), C[:, i, :].unsqueeze(-1));
#   scan_outputs.append(scan_output[:, :, 0])`, `scan_output = torch.stack(scan_outputs, dim=-1)`.
# What fails: the selective scan is a Python loop over the sequence length: export unrolls it
#   for the traced length.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, hidden=6, intermediate=8, state=4, dt_rank=2):
        super().__init__()
        self.intermediate_size = intermediate
        self.ssm_state_size = state
        self.time_step_rank = dt_rank
        self.in_proj = nn.Linear(hidden, intermediate * 2)
        self.x_proj = nn.Linear(intermediate, dt_rank + state * 2, bias=False)
        self.dt_proj = nn.Linear(dt_rank, intermediate)
        self.A_log = nn.Parameter(torch.log(torch.arange(1, state + 1, dtype=torch.float32)[None, :].expand(intermediate, -1).contiguous()))
        self.D = nn.Parameter(torch.ones(intermediate))
        self.out_proj = nn.Linear(intermediate, hidden)

    def forward(self, input_states):
        batch_size, seq_len, _ = input_states.shape
        dtype = input_states.dtype
        projected_states = self.in_proj(input_states).transpose(1, 2)
        hidden_states, gate = projected_states.chunk(2, dim=1)
        hidden_states = nn.functional.silu(hidden_states)
        ssm_state = torch.zeros((batch_size, self.intermediate_size, self.ssm_state_size), dtype=dtype)
        ssm_parameters = self.x_proj(hidden_states.transpose(1, 2))
        time_step, B, C = torch.split(ssm_parameters, [self.time_step_rank, self.ssm_state_size, self.ssm_state_size], dim=-1)
        discrete_time_step = nn.functional.softplus(self.dt_proj(time_step)).transpose(1, 2)
        A = -torch.exp(self.A_log.float())
        deltaA = torch.exp(discrete_time_step[:, :, :, None] * A[None, :, None, :])
        deltaB_u = discrete_time_step[:, :, :, None] * B[:, None, :, :].float()
        deltaB_u = deltaB_u * hidden_states[:, :, :, None].float()
        scan_outputs = []
        for i in range(seq_len):  # expect: EXL401
            ssm_state = deltaA[:, :, i, :] * ssm_state + deltaB_u[:, :, i, :]
            scan_output = torch.matmul(ssm_state.to(dtype), C[:, i, :].unsqueeze(-1))
            scan_outputs.append(scan_output[:, :, 0])
        scan_output = torch.stack(scan_outputs, dim=-1)
        scan_output = scan_output + (hidden_states * self.D[None, :, None])
        scan_output = scan_output * nn.functional.silu(gate)
        return self.out_proj(scan_output.transpose(1, 2))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 6),), (torch.randn(1, 9, 6),), (torch.randn(3, 3, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
