# Source: huggingface/transformers src/transformers/models/xlnet/modeling_xlnet.py (transformers
#   5.24; XLNetRelativeAttention.rel_shift_bnij and rel_attn_core, XLNetModel.
#   relative_positional_encoding / positional_embedding, attn_type="bi", no memory, no
#   segments): `x_size = x.shape`, `x = x.reshape(x_size[0], x_size[1], x_size[3], x_size[2])`, `x =
#   x[:, :, 1:, :]`, `x = x.reshape(x_size[0], x_size[1], x_size[2], x_size[3] - 1)`, `# Note: the
#   tensor-slice form was faster in my testing than torch.index_select / However, tracing doesn't
#   like the nature of the slice, and if klen changes during the run then it'll fail, whereas
#   index_select will be fine.`, `x = torch.index_select(x, 3, torch.arange(klen, device=x.device,
#   dtype=torch.long))`; `ac = torch.einsum("ibnd,jbnd->bnij", q_head + self.r_w_bias, k_head_h)`,
#   `bd = torch.einsum("ibnd,jbnd->bnij", q_head + self.r_r_bias, k_head_r)`, `bd =
#   self.rel_shift_bnij(bd, klen=ac.shape[3])`, `attn_score = (ac + bd) * self.scale`; `freq_seq =
#   torch.arange(0, self.d_model, 2.0, dtype=torch.int64).float()`, `inv_freq = 1 /
#   torch.pow(10000, (freq_seq / self.d_model))`, `beg, end = klen, -qlen`, `fwd_pos_seq =
#   torch.arange(beg, end, -1.0, dtype=torch.int64).float()`, `sinusoid_inp =
#   torch.einsum("i,d->id", pos_seq, inv_freq)`, `pos_emb = torch.cat([torch.sin(sinusoid_inp),
#   torch.cos(sinusoid_inp)], dim=-1)`.
# Look-alike: the relative shift reshapes with sizes of the dynamic sequence axis and keeps
#   `klen` columns with `index_select` of an `arange(klen)` (written for tracing, as its comment
#   says); the position table is an `arange` from `klen` down to `-qlen`: exports, converts and
#   matches eager on unseen sequence lengths.
import torch
from torch import nn
from torch.export import Dim


class XLNetRelativeAttention(nn.Module):
    def __init__(self, d_model=8, n_head=2):
        super().__init__()
        self.d_head = d_model // n_head
        self.scale = 1 / (self.d_head**0.5)
        self.q = nn.Parameter(torch.randn(d_model, n_head, self.d_head) * 0.2)
        self.k = nn.Parameter(torch.randn(d_model, n_head, self.d_head) * 0.2)
        self.v = nn.Parameter(torch.randn(d_model, n_head, self.d_head) * 0.2)
        self.o = nn.Parameter(torch.randn(d_model, n_head, self.d_head) * 0.2)
        self.r = nn.Parameter(torch.randn(d_model, n_head, self.d_head) * 0.2)
        self.r_r_bias = nn.Parameter(torch.randn(n_head, self.d_head) * 0.1)
        self.r_w_bias = nn.Parameter(torch.randn(n_head, self.d_head) * 0.1)

    @staticmethod
    def rel_shift_bnij(x, klen=-1):
        x_size = x.shape
        x = x.reshape(x_size[0], x_size[1], x_size[3], x_size[2])
        x = x[:, :, 1:, :]
        x = x.reshape(x_size[0], x_size[1], x_size[2], x_size[3] - 1)
        x = torch.index_select(x, 3, torch.arange(klen, device=x.device, dtype=torch.long))
        return x

    def rel_attn_core(self, q_head, k_head_h, v_head_h, k_head_r):
        ac = torch.einsum("ibnd,jbnd->bnij", q_head + self.r_w_bias, k_head_h)
        bd = torch.einsum("ibnd,jbnd->bnij", q_head + self.r_r_bias, k_head_r)
        bd = self.rel_shift_bnij(bd, klen=ac.shape[3])
        attn_score = (ac + bd) * self.scale
        attn_prob = nn.functional.softmax(attn_score, dim=3)
        return torch.einsum("bnij,jbnd->ibnd", attn_prob, v_head_h)

    def forward(self, h, r):
        q_head_h = torch.einsum("ibh,hnd->ibnd", h, self.q)
        k_head_h = torch.einsum("ibh,hnd->ibnd", h, self.k)
        v_head_h = torch.einsum("ibh,hnd->ibnd", h, self.v)
        k_head_r = torch.einsum("ibh,hnd->ibnd", r.type(self.r.dtype), self.r)
        attn_vec = self.rel_attn_core(q_head_h, k_head_h, v_head_h, k_head_r)
        return torch.einsum("ibnd,hnd->ibh", attn_vec, self.o) + h


class Model(nn.Module):
    def __init__(self, vocab=20, d_model=8):
        super().__init__()
        self.d_model = d_model
        self.word_embedding = nn.Embedding(vocab, d_model)
        self.layer = XLNetRelativeAttention(d_model)

    @staticmethod
    def positional_embedding(pos_seq, inv_freq, bsz=None):
        sinusoid_inp = torch.einsum("i,d->id", pos_seq, inv_freq)
        pos_emb = torch.cat([torch.sin(sinusoid_inp), torch.cos(sinusoid_inp)], dim=-1)
        pos_emb = pos_emb[:, None, :]
        if bsz is not None:
            pos_emb = pos_emb.expand(-1, bsz, -1)
        return pos_emb

    def relative_positional_encoding(self, qlen, klen, bsz=None):
        freq_seq = torch.arange(0, self.d_model, 2.0, dtype=torch.int64).float()
        inv_freq = 1 / torch.pow(10000, (freq_seq / self.d_model))
        beg, end = klen, -qlen
        fwd_pos_seq = torch.arange(beg, end, -1.0, dtype=torch.int64).float()
        return self.positional_embedding(fwd_pos_seq, inv_freq, bsz)

    def forward(self, input_ids):
        input_ids = input_ids.transpose(0, 1).contiguous()
        qlen, bsz = input_ids.shape[0], input_ids.shape[1]
        word_emb_k = self.word_embedding(input_ids)
        pos_emb = self.relative_positional_encoding(qlen, qlen, bsz=bsz)
        out = self.layer(word_emb_k, pos_emb)
        return out.permute(1, 0, 2).contiguous()


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 20, (2, 6)),),
    (torch.randint(0, 20, (3, 11)),),
    (torch.randint(0, 20, (2, 4)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
