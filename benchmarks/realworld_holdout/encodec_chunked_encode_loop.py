# Source: huggingface/transformers src/transformers/models/encodec/modeling_encodec.py
#   (EncodecModel.encode with `chunk_length_s` set, as in encodec_48khz): `step = chunk_length -
#   stride`, `if (input_length % stride) - step != 0: raise ValueError("The input length is not
#   properly padded for batched chunked decoding. ...")`, `for offset in range(0, input_length -
#   step, stride): mask = padding_mask[..., offset : offset + chunk_length].bool(); frame =
#   input_values[:, :, offset : offset + chunk_length]; encoded_frame, scale =
#   self._encode_frame(frame, mask, bandwidth)`, then `torch.stack(encoded_frames)`.
# What fails: the chunks are cut by a Python loop over a range of the dynamic input length:
#   export unrolls it for the traced length.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, chunk_length=4, chunk_stride=4, dim=4):
        super().__init__()
        self.chunk_length = chunk_length
        self.chunk_stride = chunk_stride
        self.encoder = nn.Conv1d(1, dim, 2, stride=2)

    def _encode_frame(self, input_values, padding_mask):
        mono = torch.sum(input_values, 1, keepdim=True) / input_values.shape[1]
        scale = mono.pow(2).mean(dim=-1, keepdim=True).sqrt() + 1e-8
        input_values = input_values / scale
        return self.encoder(input_values * padding_mask), scale

    def forward(self, input_values, padding_mask):
        _, channels, input_length = input_values.shape
        chunk_length = self.chunk_length
        stride = self.chunk_stride
        step = chunk_length - stride
        if (input_length % stride) - step != 0:
            raise ValueError("The input length is not properly padded for batched chunked decoding.")
        encoded_frames = []
        scales = []
        for offset in range(0, input_length - step, stride):  # expect: EXL401
            mask = padding_mask[..., offset : offset + chunk_length].bool()
            frame = input_values[:, :, offset : offset + chunk_length]
            encoded_frame, scale = self._encode_frame(frame, mask[:, None, :])
            encoded_frames.append(encoded_frame)
            scales.append(scale)
        return torch.stack(encoded_frames), torch.stack(scales)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 1, 12), torch.ones(2, 12, dtype=torch.long)),
    (torch.randn(1, 1, 20), torch.ones(1, 20, dtype=torch.long)),
    (torch.randn(3, 1, 8), torch.ones(3, 8, dtype=torch.long)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
