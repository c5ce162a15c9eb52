# Source: DLR-RM/stable-baselines3 stable_baselines3/common/policies.py (BasePolicy.predict,
#   paraphrased; the model wraps it to export "what predict returns"): `observation,
#   vectorized_env = self.obs_to_tensor(observation)`, `with th.no_grad(): actions =
#   self._predict(observation, deterministic=deterministic)`, `actions =
#   actions.cpu().numpy().reshape((-1, *self.action_space.shape))`, `if isinstance(self.action_space,
#   spaces.Box): if self.squash_output: actions = self.unscale_action(actions) else: actions =
#   np.clip(actions, self.action_space.low, self.action_space.high)`; ActorCriticPolicy._predict:
#   `return self.get_distribution(observation).get_actions(deterministic=deterministic)` (the
#   mean of the diagonal Gaussian when deterministic).
# What fails: the actions leave the graph through `.cpu().numpy()` and are clipped with numpy:
#   a fake tensor has no data for numpy.
import numpy as np
import torch
from torch import nn
from torch.export import Dim


class Box:
    def __init__(self, low, high, shape):
        self.low = np.full(shape, low, dtype=np.float32)
        self.high = np.full(shape, high, dtype=np.float32)
        self.shape = shape


class Model(nn.Module):
    def __init__(self, obs_dim=5, act_dim=2):
        super().__init__()
        self.action_space = Box(-1.0, 1.0, (act_dim,))
        self.mlp_extractor = nn.Sequential(nn.Linear(obs_dim, 16), nn.Tanh())
        self.action_net = nn.Linear(16, act_dim)
        self.squash_output = False

    def _predict(self, observation, deterministic=True):
        return self.action_net(self.mlp_extractor(observation))

    def forward(self, observation):
        with torch.no_grad():
            actions = self._predict(observation, deterministic=True)
        actions = actions.cpu().numpy().reshape((-1, *self.action_space.shape))  # expect: EXL202
        actions = np.clip(actions, self.action_space.low, self.action_space.high)  # expect: EXL202
        return torch.as_tensor(actions)


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 5) * 3,), (torch.randn(7, 5) * 3,), (torch.randn(2, 5) * 3,)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
