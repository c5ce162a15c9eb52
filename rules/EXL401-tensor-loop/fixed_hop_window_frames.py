import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Frames of a waveform cut with a hop, each normalised by its own energy and embedded,
    then stacked (short-time processing written as a Python loop over frame offsets)."""

    def __init__(self, window=4, hop=2, dim=3):
        super().__init__()
        self.window, self.hop = window, hop
        self.embed = torch.nn.Linear(window, dim)

    def forward(self, wave):

        def _scan_body(_nothing, wave_start):
            frame = wave_start
            gain = frame.pow(2).mean(-1, keepdim=True).add(1e-5).rsqrt()
            return _nothing.clone(), (self.embed(frame * gain), gain.clone())

        _init = torch.zeros(())
        _xs = wave.unfold(-1, self.window, self.hop).movedim(-2, 0)
        if torch.compiler.is_exporting():
            # torch.onnx converts scan only if its inputs need no gradients
            _init, _xs = _init.detach(), _xs.detach()
        _, (embedded, gains) = torch._higher_order_ops.scan(_scan_body, _init, _xs)  # expect: EXL401
        return embedded.movedim(0, 1), gains.movedim(0, -2).flatten(-2, -1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 10),), (torch.randn(3, 15),), (torch.randn(1, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
