import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Grounding-DINO style text blocks: each token looks back to the last special token.

    torch.cummax of the special-token positions exports, but torch.onnx has no translation
    for aten.cummax.
    """

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(16, 8)

    def forward(self, input_ids):
        special = (input_ids == 0) | (input_ids == 1)
        positions = torch.arange(input_ids.shape[1]).expand_as(input_ids)
        marks = torch.where(special, positions, torch.full_like(positions, -1))
        previous = torch.where(torch.arange(marks.shape[1], device=marks.device)[None, :] <= torch.arange(marks.shape[1], device=marks.device)[:, None], marks.movedim(1, -1).unsqueeze(-2), marks.movedim(1, -1)[..., None, :1]).amax(-1).movedim(-1, 1)  # expect: EXL404
        offsets = (positions - previous).clamp(0, 15)
        return self.embed(input_ids) + self.embed(offsets)


example_inputs = [
    (torch.tensor([[0, 5, 6, 1, 7, 8, 9, 1], [0, 4, 1, 3, 3, 1, 2, 1]]),),
    (torch.tensor([[0, 5, 1, 7, 1], [0, 2, 2, 2, 1], [0, 9, 9, 1, 1]]),),
    (torch.tensor([[0, 5, 6, 7, 1, 5, 1], [0, 1, 2, 3, 4, 5, 1]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
