# Source: pytorch/audio src/torchaudio/models/conv_tasnet.py (ConvTasNet._align_num_frames_with_strides
#   and ConvTasNet.forward, cut to the padding; the mask generator is one conv here):
#   `batch_size, num_channels, num_frames = input.shape`, `is_odd = self.enc_kernel_size % 2`,
#   `num_strides = (num_frames - is_odd) // self.enc_stride`, `num_remainings = num_frames -
#   (is_odd + num_strides * self.enc_stride)`, `if num_remainings == 0: return input, 0`,
#   `num_paddings = self.enc_stride - num_remainings`, `pad = torch.zeros(batch_size,
#   num_channels, num_paddings, dtype=input.dtype, device=input.device)`, `return
#   torch.cat([input, pad], 2), num_paddings`; forward: `padded, num_pads =
#   self._align_num_frames_with_strides(input)`, `batch_size, num_padded_frames =
#   padded.shape[0], padded.shape[2]`, `feats = self.encoder(padded)`, `masked =
#   self.mask_generator(feats) * feats.unsqueeze(1)`, `masked = masked.view(batch_size *
#   self.num_sources, self.enc_num_feats, -1)`, `decoded = self.decoder(masked)`, `output =
#   decoded.view(batch_size, self.num_sources, num_padded_frames)`, `if num_pads > 0: output =
#   output[..., :-num_pads]`.
# What fails: whether the waveform needs padding (`num_remainings == 0`) and whether the output is
#   cut (`num_pads > 0`) are decided on the traced length; another length modulo the stride takes
#   the other branch.
# Measured (torch 2.13, verification worker): export succeeds; ep.module() fails on an unseen
#   length (AssertionError: Guard failed: waveform.size()[2] + -4 * (waveform.size()[2] // 4) !=
#   0).
import torch
from torch import nn
from torch.export import Dim


class ConvTasNet(nn.Module):
    def __init__(self, num_sources=2, enc_kernel_size=8, enc_num_feats=6):
        super().__init__()
        self.num_sources = num_sources
        self.enc_num_feats = enc_num_feats
        self.enc_kernel_size = enc_kernel_size
        self.enc_stride = enc_kernel_size // 2
        self.encoder = nn.Conv1d(1, enc_num_feats, enc_kernel_size, stride=self.enc_stride, padding=self.enc_stride, bias=False)
        self.mask_generator = nn.Conv1d(enc_num_feats, num_sources * enc_num_feats, 1)
        self.decoder = nn.ConvTranspose1d(enc_num_feats, 1, enc_kernel_size, stride=self.enc_stride, padding=self.enc_stride, bias=False)

    def _align_num_frames_with_strides(self, input):
        batch_size, num_channels, num_frames = input.shape
        is_odd = self.enc_kernel_size % 2
        num_strides = (num_frames - is_odd) // self.enc_stride
        num_remainings = num_frames - (is_odd + num_strides * self.enc_stride)
        if num_remainings == 0:  # expect: EXL102
            return input, 0
        num_paddings = self.enc_stride - num_remainings
        pad = torch.zeros(batch_size, num_channels, num_paddings, dtype=input.dtype, device=input.device)
        return torch.cat([input, pad], 2), num_paddings

    def forward(self, input):
        padded, num_pads = self._align_num_frames_with_strides(input)
        batch_size, num_padded_frames = padded.shape[0], padded.shape[2]
        feats = self.encoder(padded)
        mask = torch.sigmoid(self.mask_generator(feats)).view(batch_size, self.num_sources, self.enc_num_feats, -1)
        masked = mask * feats.unsqueeze(1)
        masked = masked.view(batch_size * self.num_sources, self.enc_num_feats, -1)
        decoded = self.decoder(masked)
        output = decoded.view(batch_size, self.num_sources, num_padded_frames)
        if num_pads > 0:  # expect: EXL102
            output = output[..., :-num_pads]
        return output


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = ConvTasNet()

    def forward(self, waveform):
        return self.net(waveform)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 1, 42),), (torch.randn(3, 1, 64),), (torch.randn(2, 1, 37),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
