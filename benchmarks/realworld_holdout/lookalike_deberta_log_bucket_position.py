# Source: huggingface/transformers src/transformers/models/deberta_v2/modeling_deberta_v2.py
#   (make_log_bucket_position, build_relative_position and the c2p part of
#   DisentangledSelfAttention.disentangled_attention_bias): `abs_pos = torch.where((relative_pos <
#   mid) & (relative_pos > -mid), torch.tensor(mid - 1).type_as(relative_pos),
#   torch.abs(relative_pos))`, `log_pos = torch.ceil(torch.log(abs_pos / mid) /
#   torch.log(torch.tensor((max_position - 1) / mid)) * (mid - 1)) + mid`, `q_ids =
#   torch.arange(query_size)`, `c2p_pos = torch.clamp(relative_pos + att_span, 0, att_span * 2 - 1)`.
# Look-alike: sizes only in `arange` and tensor arithmetic; `math`-like work on config values:
#   exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def make_log_bucket_position(relative_pos, bucket_size, max_position):
    sign = torch.sign(relative_pos)
    mid = bucket_size // 2
    abs_pos = torch.where((relative_pos < mid) & (relative_pos > -mid), torch.tensor(mid - 1).type_as(relative_pos), torch.abs(relative_pos))
    log_pos = torch.ceil(torch.log(abs_pos / mid) / torch.log(torch.tensor((max_position - 1) / mid)) * (mid - 1)) + mid
    return torch.where(abs_pos <= mid, relative_pos.type_as(log_pos), log_pos * sign)


def build_relative_position(query_layer, key_layer, bucket_size=-1, max_position=-1):
    query_size = query_layer.size(-2)
    key_size = key_layer.size(-2)
    q_ids = torch.arange(query_size, dtype=torch.long)
    k_ids = torch.arange(key_size, dtype=torch.long)
    rel_pos_ids = q_ids[:, None] - k_ids[None, :]
    if bucket_size > 0 and max_position > 0:
        rel_pos_ids = make_log_bucket_position(rel_pos_ids, bucket_size, max_position)
    rel_pos_ids = rel_pos_ids.to(torch.long)
    return rel_pos_ids[:query_size, :].unsqueeze(0)


class Model(nn.Module):
    def __init__(self, dim=8, position_buckets=4, max_relative_positions=16):
        super().__init__()
        self.position_buckets = position_buckets
        self.max_relative_positions = max_relative_positions
        self.pos_ebd_size = position_buckets
        self.rel_embeddings = nn.Embedding(2 * position_buckets, dim)
        self.query = nn.Linear(dim, dim)
        self.pos_key = nn.Linear(dim, dim)

    def forward(self, hidden_states):
        query_layer = self.query(hidden_states)
        relative_pos = build_relative_position(query_layer, query_layer, self.position_buckets, self.max_relative_positions)
        att_span = self.pos_ebd_size
        rel_embeddings = self.rel_embeddings.weight[0 : att_span * 2, :].unsqueeze(0)
        pos_key_layer = self.pos_key(rel_embeddings)
        c2p_att = torch.matmul(query_layer, pos_key_layer.transpose(-1, -2))
        c2p_pos = torch.clamp(relative_pos + att_span, 0, att_span * 2 - 1)
        c2p_att = torch.gather(c2p_att, dim=-1, index=c2p_pos.expand([query_layer.size(0), query_layer.size(1), relative_pos.size(-1)]))
        return c2p_att.softmax(-1) @ hidden_states


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 8),), (torch.randn(1, 11, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
