# Source: huggingface/transformers src/transformers/models/qwen2_5_omni/modeling_qwen2_5_omni.py
#   (Qwen2_5OmniAudioEncoder.forward and padded_and_mask_function, transformers 4.5x):
#   `chunk_num = torch.ceil(feature_lens / (self.n_window * 2)).long()`, `chunk_lengths =
#   torch.tensor([self.n_window * 2] * chunk_num.sum(), dtype=torch.long)`, `chunk_lengths[
#   tail_chunk_index] = feature_lens % (self.n_window * 2)`, `chunk_list = input_features.split(
#   chunk_lengths.tolist(), dim=1)`, then `for i, length in enumerate(tensor_len):
#   padded_tensor[i, :, :length] = tensor_list[i]`.
# What fails: a Python list repeated by a tensor (`[...] * chunk_num.sum()`) needs the count as a
#   Python int: data-dependent.
import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, n_mels=4, dim=8, n_window=2):
        super().__init__()
        self.n_window = n_window
        self.conv = nn.Conv1d(n_mels, dim, 3, padding=1)

    def padded_and_mask_function(self, tensor_list, tensor_len, padding_value=0):
        max_len = tensor_len.max()
        dim = tensor_list[0].shape[0]
        padded_tensor = torch.full(size=(len(tensor_list), dim, max_len), fill_value=padding_value, dtype=torch.float32)
        batch_mask = torch.zeros((len(tensor_len), max_len), dtype=torch.long)
        for i, length in enumerate(tensor_len):  # expect: EXL401
            batch_mask[i, :length] = 1
            padded_tensor[i, :, :length] = tensor_list[i]
        return padded_tensor, batch_mask

    def forward(self, input_features, feature_lens):
        chunk_num = torch.ceil(feature_lens / (self.n_window * 2)).long()
        chunk_lengths = torch.tensor([self.n_window * 2] * chunk_num.sum(), dtype=torch.long)  # expect: NONE-list-times-tensor
        tail_chunk_index = F.pad(chunk_num, (1, 0), value=-1).cumsum(0)[1:]
        chunk_lengths[tail_chunk_index] = feature_lens % (self.n_window * 2)
        chunk_lengths = torch.where(chunk_lengths == 0, self.n_window * 2, chunk_lengths)
        chunk_list = input_features.split(chunk_lengths.tolist(), dim=1)  # expect: EXL202
        padded_feature, padded_mask = self.padded_and_mask_function(chunk_list, chunk_lengths)
        hidden = F.gelu(self.conv(padded_feature)) * padded_mask[:, None, :]
        return hidden.sum(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 10), torch.tensor([7, 3])),
    (torch.randn(4, 13), torch.tensor([4, 4, 5])),
    (torch.randn(4, 6), torch.tensor([6])),
]
dynamic_shapes = ({1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
