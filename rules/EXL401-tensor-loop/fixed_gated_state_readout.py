import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A gated linear recurrence read out at every step (the recurrent form of a selective
    state-space layer): the state decays by a per-step gate, takes in the step's input, and
    a per-step readout is stacked on the last axis; the readout's name is reused after."""

    def __init__(self, width=5, state=3):
        super().__init__()
        self.gate = torch.nn.Linear(width, width)
        self.inject = torch.nn.Linear(width, state)
        self.read = torch.nn.Linear(width, state)
        self.state_size = state

    def forward(self, x):
        batch, length, width = x.shape
        decay = torch.sigmoid(self.gate(x)).transpose(1, 2)[..., None]
        drive = (x.transpose(1, 2)[..., None] * self.inject(x)[:, None]).contiguous()
        query = self.read(x)
        carry = x.new_zeros(batch, width, self.state_size)

        def _scan_body(carry, _step):
            decay_k, drive_k, query_k = _step
            carry = decay_k * carry + drive_k
            readout = carry @ query_k[:, :, None]
            return carry, readout[..., 0].clone()

        _init = carry.clone(memory_format=torch.contiguous_format)
        _xs = (decay.movedim(2, 0), drive.movedim(2, 0), query.movedim(1, 0))
        if torch.compiler.is_exporting():
            # torch.onnx converts scan only if its inputs need no gradients
            _init, _xs = _init.detach(), tuple(t.detach().clone() for t in _xs)
        carry, readouts = torch._higher_order_ops.scan(_scan_body, _init, _xs)  # expect: EXL401
        readout = readouts.movedim(0, -1)
        return readout.transpose(1, 2) * x


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 5),), (torch.randn(3, 9, 5),), (torch.randn(1, 4, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
