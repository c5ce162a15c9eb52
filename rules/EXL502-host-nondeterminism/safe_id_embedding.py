import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Recommender tower: user ids and item ids go through embedding tables."""

    def __init__(self):
        super().__init__()
        self.id_embedding = torch.nn.Embedding(100, 8)
        self.item_embedding = torch.nn.Embedding(40, 8)
        self.mlp = torch.nn.Sequential(
            torch.nn.Linear(16, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1)
        )

    def forward(self, user_ids, item_ids):
        user = self.id_embedding(user_ids)
        item = self.item_embedding(item_ids)
        features = torch.cat([user, item], dim=-1)
        return self.mlp(features).squeeze(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 100, (3,)), torch.randint(0, 40, (3,))),
    (torch.randint(0, 100, (7,)), torch.randint(0, 40, (7,))),
    (torch.randint(0, 100, (5,)), torch.randint(0, 40, (5,))),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
