# Source: huggingface/transformers src/transformers/models/convnext/modeling_convnext.py
#   (ConvNextLayerNorm.forward and ConvNextLayer.forward, paraphrased): `if self.data_format ==
#   "channels_last": x = torch.nn.functional.layer_norm(x, self.normalized_shape, self.weight,
#   self.bias, self.eps) elif self.data_format == "channels_first": input_dtype = x.dtype; x =
#   x.float(); u = x.mean(1, keepdim=True); s = (x - u).pow(2).mean(1, keepdim=True); x = (x - u) /
#   torch.sqrt(s + self.eps); x = x.to(dtype=input_dtype); x = self.weight[:, None, None] * x +
#   self.bias[:, None, None]`; layer: `x = self.dwconv(hidden_states); x = x.permute(0, 2, 3, 1);
#   x = self.layernorm(x); ...; if self.layer_scale_parameter is not None: x =
#   self.layer_scale_parameter * x; x = x.permute(0, 3, 1, 2); x = input + self.drop_path(x)`.
# Look-alike: `if`/`elif` chains and `is not None` tests, all on constructor settings (data
#   format, layer scale), never on the input: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class ConvNextLayerNorm(nn.Module):
    def __init__(self, normalized_shape, eps=1e-6, data_format="channels_last"):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(normalized_shape))
        self.bias = nn.Parameter(torch.zeros(normalized_shape))
        self.eps, self.data_format = eps, data_format
        self.normalized_shape = (normalized_shape,)

    def forward(self, x):
        if self.data_format == "channels_last":
            x = torch.nn.functional.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        elif self.data_format == "channels_first":
            input_dtype = x.dtype
            x = x.float()
            u = x.mean(1, keepdim=True)
            s = (x - u).pow(2).mean(1, keepdim=True)
            x = (x - u) / torch.sqrt(s + self.eps)
            x = x.to(dtype=input_dtype)
            x = self.weight[:, None, None] * x + self.bias[:, None, None]
        return x


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.stem_norm = ConvNextLayerNorm(dim, data_format="channels_first")
        self.stem = nn.Conv2d(3, dim, 2, stride=2)
        self.dwconv = nn.Conv2d(dim, dim, 7, padding=3, groups=dim)
        self.layernorm = ConvNextLayerNorm(dim)
        self.pwconv = nn.Linear(dim, dim)
        self.layer_scale_parameter = nn.Parameter(1e-1 * torch.ones(dim))

    def forward(self, pixel_values):
        hidden = self.stem_norm(self.stem(pixel_values))
        x = self.dwconv(hidden).permute(0, 2, 3, 1)
        x = self.pwconv(self.layernorm(x))
        if self.layer_scale_parameter is not None:
            x = self.layer_scale_parameter * x
        return hidden + x.permute(0, 3, 1, 2)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 12),), (torch.randn(1, 3, 10, 22),), (torch.randn(3, 3, 14, 14),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
