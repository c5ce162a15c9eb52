# Source: huggingface/transformers src/transformers/models/bert/modeling_bert.py
#   (BertEmbeddings.forward): `batch_size, seq_length = input_shape`, `if position_ids is None:
#   position_ids = self.position_ids[:, past_key_values_length : seq_length +
#   past_key_values_length]`, `if token_type_ids is None: if hasattr(self, "token_type_ids"):
#   buffered_token_type_ids = self.token_type_ids.expand(position_ids.shape[0], -1);
#   buffered_token_type_ids = torch.gather(buffered_token_type_ids, dim=1, index=position_ids)`.
# Look-alike: the buffers are sliced to the dynamic length and expanded to the batch: exports
#   and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=16, dim=8, max_positions=32):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, dim)
        self.position_embeddings = nn.Embedding(max_positions, dim)
        self.token_type_embeddings = nn.Embedding(2, dim)
        self.LayerNorm = nn.LayerNorm(dim)
        self.register_buffer("position_ids", torch.arange(max_positions).expand((1, -1)), persistent=False)
        self.register_buffer("token_type_ids", torch.zeros(self.position_ids.size(), dtype=torch.long), persistent=False)

    def forward(self, input_ids, token_type_ids=None, position_ids=None, past_key_values_length=0):
        input_shape = input_ids.size()
        batch_size, seq_length = input_shape
        if position_ids is None:
            position_ids = self.position_ids[:, past_key_values_length : seq_length + past_key_values_length]
        if token_type_ids is None:
            if hasattr(self, "token_type_ids"):
                buffered_token_type_ids = self.token_type_ids.expand(position_ids.shape[0], -1)
                buffered_token_type_ids = torch.gather(buffered_token_type_ids, dim=1, index=position_ids)
                token_type_ids = buffered_token_type_ids.expand(batch_size, seq_length)
            else:
                token_type_ids = torch.zeros(input_shape, dtype=torch.long, device=self.position_ids.device)
        embeddings = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
        embeddings = embeddings + self.position_embeddings(position_ids)
        return self.LayerNorm(embeddings)


torch.manual_seed(0)
example_inputs = [(torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8]]),), (torch.randint(0, 16, (1, 9)),), (torch.randint(0, 16, (3, 6)),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
