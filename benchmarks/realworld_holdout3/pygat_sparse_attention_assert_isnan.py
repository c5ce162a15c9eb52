# Source: Diego999/pyGAT layers.py (SpGraphAttentionLayer.forward and SpecialSpmmFunction,
#   paraphrased): `N = input.size()[0]`, `edge = adj.nonzero().t()`, `h = torch.mm(input,
#   self.W)`, `assert not torch.isnan(h).any()`, `edge_h = torch.cat((h[edge[0, :], :], h[edge[1,
#   :], :]), dim=1).t()`, `edge_e = torch.exp(-self.leakyrelu(self.a.mm(edge_h).squeeze()))`,
#   `assert not torch.isnan(edge_e).any()`, `e_rowsum = self.special_spmm(edge, edge_e,
#   torch.Size([N, N]), torch.ones(size=(N,1), device=dv))`, `h_prime = self.special_spmm(edge,
#   edge_e, torch.Size([N, N]), h)`, `h_prime = h_prime.div(e_rowsum)`; and
#   `class SpecialSpmmFunction(torch.autograd.Function): @staticmethod def forward(ctx, indices,
#   values, shape, b): a = torch.sparse_coo_tensor(indices, values, shape); ctx.save_for_backward(a, b);
#   ctx.N = shape[0]; return torch.matmul(a, b)`.
# What fails: the two NaN sanity checks read tensor values in Python (`assert not ....any()`),
#   and the attention is aggregated with a sparse COO matrix product, which the exporters
#   do not handle on dense inputs of a dynamic node count.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class SpecialSpmmFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, indices, values, shape, b):
        a = torch.sparse_coo_tensor(indices, values, shape)  # expect: NONE-sparse-tensor
        ctx.save_for_backward(a, b)
        ctx.N = shape[0]
        return torch.matmul(a, b)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        return None, None, None, a.t().matmul(grad_output)


class SpecialSpmm(nn.Module):
    def forward(self, indices, values, shape, b):
        return SpecialSpmmFunction.apply(indices, values, shape, b)


class Model(nn.Module):
    def __init__(self, in_features=6, out_features=8, alpha=0.2):
        super().__init__()
        self.W = nn.Parameter(torch.empty(in_features, out_features))
        nn.init.xavier_normal_(self.W, gain=1.414)
        self.a = nn.Parameter(torch.empty(1, 2 * out_features))
        nn.init.xavier_normal_(self.a, gain=1.414)
        self.leakyrelu = nn.LeakyReLU(alpha)
        self.special_spmm = SpecialSpmm()

    def forward(self, input, adj):
        N = input.size()[0]
        edge = adj.nonzero().t()
        h = torch.mm(input, self.W)
        assert not torch.isnan(h).any()  # expect: EXL101
        edge_h = torch.cat((h[edge[0, :], :], h[edge[1, :], :]), dim=1).t()
        edge_e = torch.exp(-self.leakyrelu(self.a.mm(edge_h).squeeze()))
        assert not torch.isnan(edge_e).any()  # expect: EXL101
        e_rowsum = self.special_spmm(edge, edge_e, torch.Size([N, N]), torch.ones(size=(N, 1)))
        h_prime = self.special_spmm(edge, edge_e, torch.Size([N, N]), h)
        h_prime = h_prime.div(e_rowsum)
        return F.elu(h_prime)


def _graph(n):
    adj = (torch.rand(n, n) < 0.4).float()
    return torch.randn(n, 6), ((adj + adj.t() + torch.eye(n)) > 0).float()


torch.manual_seed(0)
example_inputs = [_graph(7), _graph(10), _graph(5)]
dynamic_shapes = ({0: Dim("n")}, {0: Dim("n"), 1: Dim("n")})
