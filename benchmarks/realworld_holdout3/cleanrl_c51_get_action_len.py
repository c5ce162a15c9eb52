# Source: vwxyzjn/cleanrl cleanrl/c51.py (QNetwork.get_action, paraphrased):
#   `def get_action(self, x, action=None): logits = self.network(x); pmfs =
#   torch.softmax(logits.view(len(x), self.n, self.n_atoms), dim=2); q_values = (pmfs *
#   self.atoms).sum(2); if action is None: action = torch.argmax(q_values, 1); return action,
#   pmfs[torch.arange(len(x)), action]`; `self.register_buffer("atoms", torch.linspace(v_min,
#   v_max, steps=n_atoms))`.
# What fails: `len(x)` of the observation batch is a Python int: the dynamic batch size is
#   specialised at the traced value.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, obs_dim=6, n=3, n_atoms=11, v_min=-10, v_max=10):
        super().__init__()
        self.n_atoms = n_atoms
        self.n = n
        self.register_buffer("atoms", torch.linspace(v_min, v_max, steps=n_atoms))
        self.network = nn.Sequential(nn.Linear(obs_dim, 32), nn.ReLU(), nn.Linear(32, n * n_atoms))

    def forward(self, x):
        logits = self.network(x)
        pmfs = torch.softmax(logits.view(len(x), self.n, self.n_atoms), dim=2)  # expect: EXL303
        q_values = (pmfs * self.atoms).sum(2)
        action = torch.argmax(q_values, 1)
        return action, pmfs[torch.arange(len(x)), action]  # expect: EXL303


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 6),), (torch.randn(7, 6),), (torch.randn(2, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
