# Source: huggingface/transformers src/transformers/models/whisper/modeling_whisper.py
#   (WhisperEncoder.forward, unchanged in 5.24): `expected_seq_length =
#   self.config.max_source_positions * self.conv1.stride[0] * self.conv2.stride[0]`, `if
#   input_features.shape[-1] != expected_seq_length: raise ValueError(...)`, then `hidden_states =
#   inputs_embeds + embed_pos` with the full position table.
# What fails: users export the encoder with a dynamic number of frames; the check (and the
#   addition of the fixed-size position table) pin it to 3000 frames (16 in this tiny config):
#   "Constraints violated ... specialized it to be a constant".
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, num_mel_bins=4, d_model=8, max_source_positions=8):
        super().__init__()
        self.max_source_positions = max_source_positions
        self.conv1 = nn.Conv1d(num_mel_bins, d_model, kernel_size=3, padding=1)
        self.conv2 = nn.Conv1d(d_model, d_model, kernel_size=3, stride=2, padding=1)
        self.embed_positions = nn.Embedding(max_source_positions, d_model)

    def forward(self, input_features):
        expected_seq_length = self.max_source_positions * self.conv1.stride[0] * self.conv2.stride[0]
        if input_features.shape[-1] != expected_seq_length:  # expect: NONE-size-check-raise
            raise ValueError(f"Whisper expects the mel input features to be of length {expected_seq_length}")
        inputs_embeds = nn.functional.gelu(self.conv1(input_features))
        inputs_embeds = nn.functional.gelu(self.conv2(inputs_embeds))
        inputs_embeds = inputs_embeds.permute(0, 2, 1)
        embed_pos = self.embed_positions.weight
        return inputs_embeds + embed_pos  # expect: NONE-fixed-size-broadcast


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 16),), (torch.randn(3, 4, 16),), (torch.randn(1, 4, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
