# Source: wenet-e2e/wenet wenet/transformer/search.py (ctc_greedy_search) and
#   wenet/utils/common.py (remove_duplicates_and_blank), paraphrased: `ctc_probs =
#   self.ctc.log_softmax(encoder_out)`, `topk_prob, topk_index = ctc_probs.topk(1, dim=2)`,
#   `topk_index = topk_index.view(batch_size, maxlen)`, `mask = make_pad_mask(encoder_out_lens,
#   maxlen)`, `topk_index = topk_index.masked_fill_(mask, self.eos)`, `hyps = [hyp.tolist() for
#   hyp in topk_index]`, `hyps = [remove_duplicates_and_blank(hyp) for hyp in hyps]`; and
#   `def remove_duplicates_and_blank(hyp): new_hyp = []; cur = 0; while cur < len(hyp): if hyp[cur]
#   != 0: new_hyp.append(hyp[cur]); prev = cur; while cur < len(hyp) and hyp[cur] == hyp[prev]:
#   cur += 1; return new_hyp`. (Here the hypotheses are padded back into a tensor.)
# What fails: the best path leaves the graph (`.tolist()` per utterance, over a loop on the
#   dynamic batch) and is collapsed in Python.
import torch
from torch import nn
from torch.export import Dim


def remove_duplicates_and_blank(hyp, blank=0):
    new_hyp = []
    cur = 0
    while cur < len(hyp):
        if hyp[cur] != blank:
            new_hyp.append(hyp[cur])
        prev = cur
        while cur < len(hyp) and hyp[cur] == hyp[prev]:
            cur += 1
    return new_hyp


class Model(nn.Module):
    def __init__(self, idim=8, vocab=5, eos=4):
        super().__init__()
        self.encoder = nn.Linear(idim, idim)
        self.ctc = nn.Linear(idim, vocab)
        self.eos = eos

    def forward(self, speech):
        batch_size, maxlen = speech.shape[:2]
        ctc_probs = self.ctc(torch.tanh(self.encoder(speech))).log_softmax(dim=-1)
        topk_prob, topk_index = ctc_probs.topk(1, dim=2)
        topk_index = topk_index.view(batch_size, maxlen)
        hyps = [hyp.tolist() for hyp in topk_index]  # expect: EXL401, EXL202
        hyps = [remove_duplicates_and_blank(hyp) for hyp in hyps]
        out = torch.full((batch_size, maxlen), -1, dtype=torch.long)
        for i, hyp in enumerate(hyps):
            out[i, : len(hyp)] = torch.tensor(hyp, dtype=torch.long)
        return out, topk_prob.sum(dim=(1, 2))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 9, 8),), (torch.randn(3, 14, 8),), (torch.randn(1, 6, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
