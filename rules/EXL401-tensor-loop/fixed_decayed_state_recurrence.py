import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Linear attention with a decaying state, computed token by token (the recurrent form
    of retention / lightning attention): the state carried from one token to the next is
    updated with the token's key and value, and each token reads it with its query."""

    def __init__(self):
        super().__init__()
        self.heads, self.head_dim = 2, 4
        self.qkv = torch.nn.Linear(8, 24)
        self.register_buffer("decay", torch.tensor([0.9, 0.6]).view(1, 2, 1, 1))

    def forward(self, x):
        b, s, _ = x.shape
        qkv = self.qkv(x).view(b, s, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        state = x.new_zeros(b, self.heads, self.head_dim, self.head_dim)

        def _scan_body(state, _step):
            _k_t, v_t, q_t = _step
            k_t = _k_t.unsqueeze(2)
            # the state decays, then takes in this token
            state = self.decay * state + k_t.transpose(-1, -2) @ v_t.unsqueeze(2)
            return state, q_t.unsqueeze(2) @ state

        _init = state
        _xs = (k.movedim(2, 0), v.movedim(2, 0), q.movedim(2, 0))
        if torch.compiler.is_exporting():
            # torch.onnx converts scan only if its inputs need no gradients
            _init, _xs = _init.detach(), tuple(t.detach().clone() for t in _xs)
        state, outputs = torch._higher_order_ops.scan(_scan_body, _init, _xs)  # expect: EXL401
        out = outputs.movedim(0, -3).flatten(-3, -2)
        return out.transpose(1, 2).reshape(b, s, -1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 9, 8),), (torch.randn(1, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
