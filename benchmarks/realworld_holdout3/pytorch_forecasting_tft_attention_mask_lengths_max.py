# Source: sktime/pytorch-forecasting pytorch_forecasting/models/temporal_fusion_transformer/__init__.py
#   (TemporalFusionTransformer.forward and get_attention_mask, with create_mask from
#   pytorch_forecasting/utils; the variable selection, LSTMs and gating are cut to one Linear):
#   `encoder_lengths = x["encoder_lengths"]`, `decoder_lengths = x["decoder_lengths"]`, `x_cont =
#   torch.cat([x["encoder_cont"], x["decoder_cont"]], dim=1)`, `timesteps = x_cont.size(1)`,
#   `max_encoder_length = int(encoder_lengths.max())`, ..., `attn_output, attn_output_weights =
#   self.multihead_attn(q=attn_input[:, max_encoder_length:], k=attn_input, v=attn_input,
#   mask=self.get_attention_mask(encoder_lengths=encoder_lengths, decoder_lengths=decoder_lengths))`;
#   `def get_attention_mask(self, encoder_lengths, decoder_lengths): decoder_length =
#   decoder_lengths.max(); if self.hparams.causal_attention: attend_step =
#   torch.arange(decoder_length, device=self.device); predict_step = torch.arange(0,
#   decoder_length, device=self.device)[:, None]; decoder_mask = (attend_step >=
#   predict_step).unsqueeze(0).expand(encoder_lengths.size(0), -1, -1)`, `encoder_mask =
#   create_mask(encoder_lengths.max(), encoder_lengths).unsqueeze(1).expand(-1, decoder_length,
#   -1)`, `mask = torch.cat((encoder_mask, decoder_mask), dim=2)`; `def create_mask(size, lengths,
#   inverse=False): if inverse: return torch.arange(size, device=lengths.device).unsqueeze(0) <
#   lengths.unsqueeze(-1) else: return torch.arange(size, device=lengths.device).unsqueeze(0) >=
#   lengths.unsqueeze(-1)`.
# What fails: the encoder/decoder split and the mask sizes are read out of the length tensors
#   (`int(encoder_lengths.max())`, `decoder_lengths.max()` and `encoder_lengths.max()` used as
#   sizes), while the attention runs over the padded, dynamic time axes.
# Measured (torch 2.13, verification worker): export: GuardOnDataDependentSymNode: Could not
#   extract specialized integer from data-dependent expression u0.
import torch
from torch import nn
from torch.export import Dim


def create_mask(size, lengths, inverse=False):
    if inverse:
        return torch.arange(size, device=lengths.device).unsqueeze(0) < lengths.unsqueeze(-1)
    return torch.arange(size, device=lengths.device).unsqueeze(0) >= lengths.unsqueeze(-1)


class Model(nn.Module):
    def __init__(self, n_cont=3, hidden_size=8, n_head=2, causal_attention=True):
        super().__init__()
        self.causal_attention = causal_attention
        self.input_proj = nn.Linear(n_cont, hidden_size)
        self.multihead_attn = nn.MultiheadAttention(hidden_size, n_head, batch_first=True)
        self.output_layer = nn.Linear(hidden_size, 1)
        self.device = "cpu"

    def get_attention_mask(self, encoder_lengths, decoder_lengths):
        decoder_length = decoder_lengths.max()  # expect: EXL201
        if self.causal_attention:
            attend_step = torch.arange(decoder_length, device=self.device)
            predict_step = torch.arange(0, decoder_length, device=self.device)[:, None]
            decoder_mask = (attend_step >= predict_step).unsqueeze(0).expand(encoder_lengths.size(0), -1, -1)
        else:
            decoder_mask = create_mask(decoder_length, decoder_lengths).unsqueeze(1).expand(-1, decoder_length, -1)
        encoder_mask = create_mask(encoder_lengths.max(), encoder_lengths).unsqueeze(1).expand(-1, decoder_length, -1)  # expect: EXL201
        return torch.cat((encoder_mask, decoder_mask), dim=2)

    def forward(self, encoder_cont, decoder_cont, encoder_lengths, decoder_lengths):
        x_cont = torch.cat([encoder_cont, decoder_cont], dim=1)
        max_encoder_length = int(encoder_lengths.max())  # expect: EXL201
        attn_input = torch.tanh(self.input_proj(x_cont))
        mask = self.get_attention_mask(encoder_lengths=encoder_lengths, decoder_lengths=decoder_lengths)
        attn_output, _ = self.multihead_attn(
            attn_input[:, max_encoder_length:], attn_input, attn_input, attn_mask=mask.repeat_interleave(2, dim=0)
        )
        return self.output_layer(attn_output)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 3), torch.randn(2, 3, 3), torch.tensor([6, 6]), torch.tensor([3, 3])),
    (torch.randn(3, 9, 3), torch.randn(3, 4, 3), torch.tensor([9, 9, 9]), torch.tensor([4, 4, 4])),
    (torch.randn(2, 5, 3), torch.randn(2, 2, 3), torch.tensor([5, 5]), torch.tensor([2, 2])),
]
b = Dim("b")
dynamic_shapes = ({0: b, 1: Dim("enc")}, {0: b, 1: Dim("dec")}, {0: b}, {0: b})
