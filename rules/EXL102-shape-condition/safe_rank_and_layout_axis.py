import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Multimodal rotary positions (Qwen-VL style): `position_ids` is (batch, seq) for text, or
    (rows, batch, seq) with a row per position kind; with 4 rows the first one holds the text
    positions. `position_ids.ndim == 3 and position_ids.shape[0] == 4` tells the layouts apart:
    the row axis exists only in the rank-3 layout and dynamic_shapes leaves it static, so the
    test is decided while tracing, with no guard."""

    def __init__(self, vocab=64, d=8):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, d)
        self.freq = torch.nn.Parameter(torch.randn(3, d))

    def forward(self, input_ids, position_ids):
        h = self.embed(input_ids)
        if position_ids.ndim == 2:
            position_ids = position_ids[None, ...].expand(4, position_ids.shape[0], -1)
        if position_ids.ndim == 3 and position_ids.shape[0] == 4:
            text_positions = position_ids[0]
            position_ids = position_ids[1:]
        else:
            text_positions = position_ids[0]
        angles = (position_ids.float()[..., None] * self.freq[:, None, None, :]).sum(0)
        return h * torch.cos(angles) + text_positions[..., None].float()


def _inputs(batch, seq):
    ids = torch.randint(0, 64, (batch, seq))
    positions = torch.arange(seq).expand(4, batch, seq) + torch.randint(0, 3, (4, batch, 1))
    return ids, positions


torch.manual_seed(0)
example_inputs = [_inputs(2, 7), _inputs(3, 12), _inputs(1, 4)]
dynamic_shapes = ({0: Dim("batch"), 1: Dim("seq")}, {1: Dim("batch"), 2: Dim("seq")})
