# Source: huggingface/transformers src/transformers/models/mamba2/modeling_mamba2.py
#   (pad_tensor_by_size, reshape_into_chunks and Mamba2Mixer.torch_forward): `pad_size =
#   (self.chunk_size - seq_len % self.chunk_size) % self.chunk_size`, `pad_shape = (0, 0, 0, 0, 0,
#   pad_size, 0, 0) if len(input_tensor.shape) == 4 else (0, 0, 0, pad_size, 0, 0)`, `if
#   len(input_tensor.shape) == 3: return input_tensor.reshape(input_tensor.shape[0], -1,
#   chunk_size, input_tensor.shape[2])`, and at the end `# Cutting off padded chunks`, `if
#   pad_size > 0: output = output[:, :sequence_length]`.
# What fails: `if pad_size > 0:` tests the dynamic length modulo the chunk size: export keeps
#   the branch of the traced length. Measured: without the `if`, the slice `[:, :seq_len]` alone
#   still makes ep.module() reject lengths that need no padding (torch 2.13 guards on the slice
#   end being smaller than the size).
import torch
from torch import nn
from torch.export import Dim


def pad_tensor_by_size(input_tensor, pad_size):
    pad_shape = (0, 0, 0, 0, 0, pad_size, 0, 0) if len(input_tensor.shape) == 4 else (0, 0, 0, pad_size, 0, 0)
    return torch.nn.functional.pad(input_tensor, pad_shape, mode="constant", value=0)


def reshape_into_chunks(input_tensor, pad_size, chunk_size):
    input_tensor = pad_tensor_by_size(input_tensor, pad_size)
    if len(input_tensor.shape) == 3:
        return input_tensor.reshape(input_tensor.shape[0], -1, chunk_size, input_tensor.shape[2])
    return input_tensor.reshape(input_tensor.shape[0], -1, chunk_size, input_tensor.shape[2], input_tensor.shape[3])


class Model(nn.Module):
    def __init__(self, dim=6, chunk_size=4):
        super().__init__()
        self.chunk_size = chunk_size
        self.in_proj = nn.Linear(dim, dim)

    def forward(self, hidden_states):
        batch_size, seq_len, dim = hidden_states.shape
        pad_size = (self.chunk_size - seq_len % self.chunk_size) % self.chunk_size
        chunks = reshape_into_chunks(self.in_proj(hidden_states), pad_size, self.chunk_size)
        within = chunks.cumsum(dim=2)
        across = chunks.sum(dim=2).cumsum(dim=1) - chunks.sum(dim=2)
        out = within + across[:, :, None, :]
        out = out.reshape(batch_size, -1, dim)
        if pad_size > 0:  # expect: EXL102
            out = out[:, :seq_len]  # expect: NONE-slice-to-own-size
        return out


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 6),), (torch.randn(1, 11, 6),), (torch.randn(3, 8, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
