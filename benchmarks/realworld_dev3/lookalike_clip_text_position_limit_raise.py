# Source: huggingface/transformers src/transformers/models/clip/modeling_clip.py
#   (CLIPTextEmbeddings.forward): `seq_length = input_ids.shape[-1] if input_ids is not None else
#   inputs_embeds.shape[-2]`, `max_position_embedding = self.position_embedding.weight.shape[0]`,
#   `if seq_length > max_position_embedding: raise ValueError(f"Sequence length must be less than
#   max_position_embeddings (got `sequence length`: {seq_length} and max_position_embeddings:
#   {max_position_embedding}")`, `position_ids = self.position_ids[:, :seq_length]`.
# Look-alike: the length test only raises: torch.export turns it into a range on the dynamic
#   length (at most the table size) and the model matches eager on every length within it.
import torch
from torch import nn
from torch.export import Dim


class CLIPTextEmbeddings(nn.Module):
    def __init__(self, vocab=16, dim=8, max_positions=12):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab, dim)
        self.position_embedding = nn.Embedding(max_positions, dim)
        self.register_buffer("position_ids", torch.arange(max_positions).expand((1, -1)), persistent=False)

    def forward(self, input_ids):
        seq_length = input_ids.shape[-1]
        max_position_embedding = self.position_embedding.weight.shape[0]
        if seq_length > max_position_embedding:
            raise ValueError(
                f"Sequence length must be less than max_position_embeddings (got `sequence length`: "
                f"{seq_length} and max_position_embeddings: {max_position_embedding}"
            )
        position_ids = self.position_ids[:, :seq_length]
        return self.token_embedding(input_ids) + self.position_embedding(position_ids)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = CLIPTextEmbeddings()

    def forward(self, input_ids):
        return self.embeddings(input_ids)


torch.manual_seed(0)
example_inputs = [(torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8]]),), (torch.randint(0, 16, (1, 9)),), (torch.randint(0, 16, (3, 6)),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
