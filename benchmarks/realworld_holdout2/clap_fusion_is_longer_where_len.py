# Source: huggingface/transformers src/transformers/models/clap/modeling_clap.py
#   (ClapAudioPatchEmbed.forward with enable_fusion, paraphrased): `global_x = x[:, 0:1, :, :]`,
#   `global_x = self.proj(global_x)`, `output_width = global_x.size(-1)`, `if
#   len(is_longer_idx) > 0: local_x = x[is_longer_idx, 1:, :, :].contiguous(); ...; local_x =
#   self.mel_conv2d(local_x); ...; if local_width < output_width: local_x =
#   torch.nn.functional.pad(local_x, (0, output_width - local_width), "constant", 0) else:
#   local_x = local_x[:, :, :, :output_width]; global_x[is_longer_idx] =
#   self.fusion_model(global_x[is_longer_idx], local_x)`; the caller passes
#   `is_longer_list_idx = torch.where(is_longer_list)[0]`.
# What fails: which clips are fused depends on the data (`torch.where(is_longer)`), and
#   `len(...) > 0` asks Python whether any clip is long: a data-dependent branch.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=4):
        super().__init__()
        self.proj = nn.Conv2d(1, dim, 2, stride=2)
        self.mel_conv2d = nn.Conv2d(1, dim, 2, stride=2)
        self.fusion = nn.Conv2d(2 * dim, dim, 1)

    def forward(self, x, is_longer):
        is_longer_idx = torch.where(is_longer)[0]
        global_x = self.proj(x[:, 0:1, :, :])
        if len(is_longer_idx) > 0:  # expect: EXL303, EXL101
            local_x = self.mel_conv2d(x[is_longer_idx, 1:, :, :].contiguous())
            fused = self.fusion(torch.cat([global_x[is_longer_idx], local_x], dim=1))
            global_x = global_x.index_put((is_longer_idx,), fused)
        return global_x


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 2, 8, 12), torch.tensor([True, False, True])),
    (torch.randn(2, 2, 10, 8), torch.tensor([False, False])),
    (torch.randn(4, 2, 6, 16), torch.tensor([False, True, True, True])),
]
b = Dim("batch")
dynamic_shapes = ({0: b, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {0: b})
