# Source: huggingface/transformers src/transformers/models/swin/modeling_swin.py
#   (SwinLayer.maybe_pad): `pad_right = (self.window_size - width % self.window_size) %
#   self.window_size` and the same for the bottom, then an unconditional `nn.functional.pad`.
# Look-alike of swin_patch_merging_pad.py: the padding is arithmetic, not an `if`; exports and
#   matches eager on every size.
import torch
from torch import nn
from torch.export import Dim


class WindowLayer(nn.Module):
    def __init__(self, dim=4, window_size=3):
        super().__init__()
        self.window_size = window_size
        self.norm = nn.LayerNorm(dim)

    def maybe_pad(self, hidden_states: torch.Tensor, height: int, width: int) -> torch.Tensor:
        pad_right = (self.window_size - width % self.window_size) % self.window_size
        pad_bottom = (self.window_size - height % self.window_size) % self.window_size
        return nn.functional.pad(hidden_states, (0, 0, 0, pad_right, 0, pad_bottom))

    def forward(self, hidden_states: torch.Tensor, input_dimensions: tuple[int, int]) -> torch.Tensor:
        height, width = input_dimensions
        batch_size, _, channels = hidden_states.shape
        hidden_states = self.norm(hidden_states).view(batch_size, height, width, channels)
        padded = self.maybe_pad(hidden_states, height, width)
        return padded.mean(dim=(1, 2))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = WindowLayer()

    def forward(self, pixel_embeddings):
        batch, channels, height, width = pixel_embeddings.shape
        tokens = pixel_embeddings.flatten(2).transpose(1, 2)
        return self.layer(tokens, (height, width))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 6, 7),),
    (torch.randn(3, 4, 5, 9),),
    (torch.randn(2, 4, 9, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
