# Source: huggingface/transformers src/transformers/models/sew/modeling_sew.py (SEWModel.forward
#   and SEWUpsampling.forward, paraphrased): `n_input_timesteps = hidden_states.shape[1]`,
#   `hidden_states = hidden_states.transpose(1, 2)`, `pooled_hidden_states =
#   self.pool(hidden_states)`, ..., `hidden_states = self.upsample(encoder_outputs.last_hidden_state)`,
#   `if hidden_states.shape[1] < n_input_timesteps: hidden_states = nn.functional.pad(hidden_states,
#   (0, 0, 0, n_input_timesteps - hidden_states.shape[1]))`; SEWUpsampling: `if self.squeeze_factor >
#   1: bsz, src_len, src_embed_dim = hidden_states.size(); tgt_len = src_len * self.squeeze_factor;
#   tgt_embed_dim = src_embed_dim // self.squeeze_factor; hidden_states =
#   hidden_states.reshape(bsz, src_len, self.squeeze_factor, tgt_embed_dim); hidden_states =
#   hidden_states.reshape(bsz, tgt_len, tgt_embed_dim)`.
# What fails: whether the upsampled sequence is padded back to the input length depends on the
#   length modulo the squeeze factor; the `if` on the dynamic sizes is decided once at trace time.
import torch
from torch import nn
from torch.export import Dim


class SEWUpsampling(nn.Module):
    def __init__(self, dim=8, squeeze_factor=2):
        super().__init__()
        self.squeeze_factor = squeeze_factor
        self.projection = nn.Linear(dim, dim * squeeze_factor)

    def forward(self, hidden_states):
        hidden_states = self.projection(hidden_states)
        if self.squeeze_factor > 1:
            bsz, src_len, src_embed_dim = hidden_states.size()
            tgt_len = src_len * self.squeeze_factor
            tgt_embed_dim = src_embed_dim // self.squeeze_factor
            hidden_states = hidden_states.reshape(bsz, src_len, self.squeeze_factor, tgt_embed_dim)
            hidden_states = hidden_states.reshape(bsz, tgt_len, tgt_embed_dim)
        return hidden_states


class Model(nn.Module):
    def __init__(self, dim=8, squeeze_factor=2):
        super().__init__()
        self.pool = nn.AvgPool1d(squeeze_factor, squeeze_factor)
        self.encoder = nn.Linear(dim, dim)
        self.upsample = SEWUpsampling(dim, squeeze_factor)

    def forward(self, hidden_states):
        n_input_timesteps = hidden_states.shape[1]
        pooled = self.pool(hidden_states.transpose(1, 2)).transpose(1, 2)
        encoded = torch.tanh(self.encoder(pooled))
        upsampled = self.upsample(encoded)
        if upsampled.shape[1] < n_input_timesteps:  # expect: EXL102
            upsampled = nn.functional.pad(upsampled, (0, 0, 0, n_input_timesteps - upsampled.shape[1]))
        return upsampled + hidden_states


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 10, 8),), (torch.randn(3, 13, 8),), (torch.randn(1, 7, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
